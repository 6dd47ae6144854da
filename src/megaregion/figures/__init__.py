"""Figures: the presentation layer's pictures of a :class:`~megaregion.analysis.results.Results`.

A figure function takes a workflow's ``Results`` (and, for maps, a :class:`FigureContext` with
the data folder), reads its tables and draws them; it never computes an index itself. It returns
a :class:`Figure` that builds two renderings of the same picture on demand:

* ``static()``: a matplotlib figure (PNG/SVG, for print and the PDF report);
* ``interactive()``: a plotly figure (HTML, for the report and the dashboard).

Both languages: every text comes from the ``lang`` argument; Chinese text uses a CJK font found
by family (:mod:`megaregion.figures.fonts`), with a clear error when none is installed.
:mod:`megaregion.figures.registry` lists each command's main figures (``--plot``, the report).
"""

from megaregion.figures.base import Figure, FigureContext, save_figures

__all__ = ["Figure", "FigureContext", "save_figures"]
