"""The :class:`Figure` every figure function returns, and what all figures share: colours,
labels in two languages, and writing files by suffix."""

from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from megaregion.errors import MegaregionError

#: Suffixes a figure is written to: static (matplotlib) or interactive (plotly, self-contained).
STATIC_SUFFIXES = (".png", ".svg", ".pdf")
INTERACTIVE_SUFFIXES = (".html",)
SUFFIXES = STATIC_SUFFIXES + INTERACTIVE_SUFFIXES

# Colours. One palette for the whole project so a tier or a cluster has the same colour in
# every figure, in the report and on the dashboard.
TIER_COLOURS = {"main": "#b2182b", "central": "#ef8a62", "basic": "#67a9cf"}
CORE_COLOURS = {"core": "#b2182b", "semi-core": "#ef8a62", "semi-periphery": "#d1e5f0",
                "periphery": "#67a9cf"}
#: LISA clusters, the colours of GeoDa and PySAL's ``splot`` (HH red, LL blue, LH light blue,
#: HL pink, not significant grey).
LISA_COLOURS = {"HH": "#d7191c", "LL": "#2c7bb6", "LH": "#abd9e9", "HL": "#fdae61", "ns": "#d3d3d3"}
NEUTRAL = "#8c8c8c"
#: Categorical series (Okabe-Ito, readable by colour-blind readers).
SERIES = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")


@dataclass
class FigureContext:
    """What some figures need beyond the ``Results``: the data folder (map geometry is read
    from it, never from the internet) and the store's ``regions`` table (names, coordinates)."""

    data_dir: Path | None = None
    regions: pd.DataFrame | None = None
    group: object | None = None  # the store's Group of the results, where one group is drawn


@dataclass
class Figure:
    """One picture in one language, built on demand in two renderings.

    Attributes
    ----------
    name : identifier, e.g. ``"network_map"`` (file stems, anchors in the report).
    lang : ``"en"`` or ``"zh"``; every text of the picture is in it.
    title, caption : in ``lang``; the caption names the source (and, for maps, the boundaries).
    static : builds the matplotlib figure (PNG, SVG, the PDF report).
    interactive : builds the plotly figure (HTML report, dashboard).
    table : the ``Results`` table the picture draws.
    """

    name: str
    lang: str
    title: str
    caption: str
    static: Callable[[], "object"]
    interactive: Callable[[], "object"]
    table: str | None = None
    notes: list[str] = field(default_factory=list)

    # -- files ----------------------------------------------------------------------------
    def save(self, path: str | Path, dpi: int = 150) -> Path:
        """Write by suffix: ``.png``/``.svg``/``.pdf`` (static) or ``.html`` (interactive,
        self-contained: plotly.js inlined from the installed package, no link out)."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise MegaregionError(f"cannot draw {path.name}: use a .png, .svg, .pdf or .html path")
        try:
            if suffix in STATIC_SUFFIXES:
                with figure_style(self.lang):
                    self.static().savefig(path, dpi=dpi, bbox_inches="tight")
            else:
                path.write_text(self.html(full=True), encoding="utf-8")
        except OSError as exc:
            raise MegaregionError(f"cannot write {path}: {exc}") from exc
        return path

    def png(self, dpi: int = 110) -> bytes:
        """The static picture as PNG bytes (inlined into reports)."""
        buf = io.BytesIO()
        with figure_style(self.lang):
            self.static().savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
        return buf.getvalue()

    def svg(self) -> str:
        buf = io.StringIO()
        with figure_style(self.lang):
            self.static().savefig(buf, format="svg", bbox_inches="tight")
        return buf.getvalue()

    def html(self, full: bool = False) -> str:
        """The interactive picture as HTML: a ``<div>`` (``full=False``; the page must load
        plotly.js itself, see :func:`plotly_js`) or a whole self-contained page."""
        fig = self.interactive()
        config = {"displaylogo": False, "responsive": True,
                  "toImageButtonOptions": {"filename": self.name}}
        if full:
            return fig.to_html(include_plotlyjs=True, full_html=True, config=config)
        return fig.to_html(include_plotlyjs=False, full_html=False, config=config)


def plotly_js() -> str:
    """plotly.js from the installed ``plotly`` package (no CDN), to inline once per page."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def save_figures(figures: Iterable[Figure], path: str | Path, dpi: int = 150) -> list[Path]:
    """Write several figures for one ``--plot PATH``: the first to ``PATH``, the others beside
    it as ``<stem>_<name><suffix>``."""
    path = Path(path)
    written = []
    for i, fig in enumerate(figures):
        target = path if i == 0 else path.with_name(f"{path.stem}_{fig.name}{path.suffix}")
        written.append(fig.save(target, dpi=dpi))
    return written


# -- shared drawing helpers -------------------------------------------------------------------
@contextmanager
def figure_style(lang: str):
    """matplotlib settings for one figure in ``lang``: the CJK font for Chinese (an error
    naming the package to install when there is none), no pyplot state, readable sizes."""
    import matplotlib

    from megaregion.figures.fonts import font_families

    families = font_families(lang)
    with matplotlib.rc_context({"font.family": families, "font.size": 9,
                                "axes.unicode_minus": False, "svg.fonttype": "path",
                                "axes.spines.top": False, "axes.spines.right": False}):
        yield


def new_figure(lang: str, width: float = 7.0, height: float = 4.5):
    """A fresh matplotlib ``Figure`` (object API, not pyplot: nothing global, safe in a web
    server) and one axes, styled for ``lang``. Build the whole picture inside
    ``with figure_style(lang):``."""
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def pick(lang: str, en: str, zh: str) -> str:
    """The text in ``lang``."""
    return zh if lang == "zh" else en


def names(df: pd.DataFrame, lang: str, name: str = "name", name_zh: str = "name_zh",
          fallback: str = "region_id") -> pd.Series:
    """Display names in ``lang``: the Chinese name where there is one (Chinese cities, and US
    metros with a Chinese name), else the English name, else the id."""
    base = df[name] if name in df else df[fallback]
    base = base.where(base.notna(), df[fallback] if fallback in df else base)
    if lang == "zh" and name_zh in df:
        zh = df[name_zh]
        return zh.where(zh.notna() & (zh.astype(str) != ""), base).astype(str)
    return base.astype(str)


def plotly_layout(lang: str, title: str, **extra) -> dict:
    """Common plotly layout: the font stack (CJK first for Chinese), title, white theme."""
    from megaregion.figures.fonts import WEB_FONT_STACK

    layout = {"title": {"text": title}, "template": "plotly_white",
              "font": {"family": WEB_FONT_STACK if lang == "zh" else "Arial, sans-serif", "size": 12},
              "margin": {"l": 60, "r": 20, "t": 60, "b": 50}}
    layout.update(extra)
    return layout
