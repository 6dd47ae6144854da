"""The bilingual report: one self-contained HTML file (interactive figures) or a PDF (static
figures, fonts embedded) that collects the findings, figures, tables and methods of every
workflow for one group. Presentation only: every number is a workflow's result.

``build_report`` runs the workflows (:mod:`.builder`), ``render_html`` renders them
(:mod:`.html`), ``write_pdf`` prints the static rendering (:mod:`.pdf`), ``write_report``
writes by suffix.
"""

from __future__ import annotations

from pathlib import Path

from megaregion.errors import MegaregionError

SUFFIXES = (".html", ".pdf")


def check_report_path(path: str | Path) -> Path:
    """``path`` when a report can be written there: a .html or .pdf name in an existing,
    writable folder; a MegaregionError saying why not."""
    import os

    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise MegaregionError(f"--out {path}: a report is written as .html or .pdf "
                              f"(found {path.suffix or 'no suffix'!r})")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise MegaregionError(f"--out {path}: the folder {folder} does not exist "
                              "(it is not created; make it first or choose another)")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise MegaregionError(f"--out {path}: the folder {folder} is not writable")
    if path.is_dir():
        raise MegaregionError(f"--out {path}: a folder has that name")
    return path


def write_report(report, path: str | Path, lang: str | None = None) -> Path:
    """Write ``report`` by suffix: ``.html`` (interactive, self-contained) or ``.pdf``."""
    path = check_report_path(path)
    if path.suffix.lower() == ".pdf":
        from megaregion.report.pdf import write_pdf

        return write_pdf(report, path, lang)
    from megaregion.report.html import render_html

    html = render_html(report, lang)
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise MegaregionError(f"cannot write {path}: {exc}") from exc
    return path


def make_report(store, group: str, out: str | Path, *, compare: str | None = None, years=None,
                lang: str = "en", data_dir=None, n_perm: int | None = None):
    """Build the report of ``group`` and write it to ``out`` (checked first)."""
    from megaregion.report.builder import N_PERM, build_report

    check_report_path(out)
    report = build_report(store, group, compare=compare, years=years, lang=lang, data_dir=data_dir,
                          n_perm=n_perm or N_PERM)
    return report, write_report(report, out, lang)
