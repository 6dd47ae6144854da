"""The PDF report: the static rendering of the HTML report, laid out by WeasyPrint.

WeasyPrint (a project dependency) turns HTML and CSS into PDF without a browser: it embeds
subsetted fonts (Noto Sans CJK SC for Chinese), and CSS paged media gives page numbers and
running headers (``@page``). It needs the Pango library from the system
(``scripts/system-deps.sh`` installs it); without it, one clear error says so.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from megaregion.errors import MegaregionError

MISSING_PANGO = ("the PDF report needs WeasyPrint and the Pango library, which could not be loaded "
                 "({why}); install the system packages with scripts/system-deps.sh "
                 "(Debian/Ubuntu: libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk), or write "
                 "the report as .html")


def _weasyprint():
    """WeasyPrint, imported only when a PDF is asked for (it loads Pango through ctypes)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise MegaregionError(MISSING_PANGO.format(why=f"{type(exc).__name__}: {exc}")) from exc
    return weasyprint


def write_pdf(report, path: str | Path, lang: str | None = None) -> Path:
    """Write ``report`` as a PDF (figures as PNG, fonts embedded) to ``path``."""
    from megaregion.report.html import render_html

    path = Path(path)
    html = render_html(report, lang, mode="static")
    t0 = time.perf_counter()
    # WeasyPrint and fontTools log every page and glyph subset (and that HarfBuzz-Subset is not
    # installed, which changes nothing in the file): not the user's business
    quiet = {name: logging.getLogger(name).level for name in ("weasyprint", "weasyprint.progress", "fontTools")}
    for name in quiet:
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        weasyprint = _weasyprint()  # after quieting: it parses its own style sheets on import
        weasyprint.HTML(string=html, base_url=None).write_pdf(path)
    except OSError as exc:
        raise MegaregionError(f"cannot write {path}: {exc}") from exc
    finally:
        for name, level in quiet.items():
            logging.getLogger(name).setLevel(level)
    report.timings["pdf"] = time.perf_counter() - t0
    return path
