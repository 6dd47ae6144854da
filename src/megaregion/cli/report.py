"""``megaregion report GROUP --out report.html|report.pdf``: one document with every answer."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from megaregion.cli.render import console, progress


def report(ctx: typer.Context,
           group: str = typer.Argument(..., help="Group id, e.g. us-sansan, cn-wuhan-circle (see `megaregion groups`)."),
           out: Path = typer.Option(..., "--out", help="report.html (interactive, opens offline) or report.pdf (static figures, fonts embedded)."),
           compare: Optional[str] = typer.Option(None, "--compare", help="Another group to set side by side, e.g. cn-yrd-2016."),
           years: Optional[List[int]] = typer.Option(None, "--years", help="Two years of the structural change (structure, innovation), e.g. --years 2010 2019."),
           lang: Optional[str] = typer.Option(None, "--lang", help="Language of the report: en or zh (default: the global --lang)."),
           n_perm: int = typer.Option(99, "--permutations", min=1, help="Permutations of the network and spatial tests.")):
    """Everything about one group in one document: key findings, figures, tables, methods cards, data sources."""
    from megaregion.config import data_dir
    from megaregion.errors import MegaregionError
    from megaregion.report import check_report_path, make_report

    lang = lang or ctx.obj.lang
    if lang not in ("en", "zh"):
        raise MegaregionError(f"--lang {lang}: use en or zh")
    if years is not None and len(years) != 2:
        raise MegaregionError("--years takes exactly two years, e.g. --years 2010 2019")
    check_report_path(out)
    try:
        folder = data_dir(ctx.obj.data_dir, lang=lang)
    except MegaregionError:
        folder = None  # maps and queen weights need it; the sections say what is missing
    with ctx.obj.open_store() as store:
        progress(f"{group}: " + ("正在生成报告……" if lang == "zh" else "building the report..."))
        rep, path = make_report(store, group, out, compare=compare, years=tuple(years) if years else None,
                                lang=lang, data_dir=folder, n_perm=n_perm)
    failed = [r.command for r in rep.runs() if not r.ok]
    if failed:
        console.print(("未能运行（报告中已说明原因）：" if lang == "zh" else "could not run (the report says why): ")
                      + ", ".join(failed), highlight=False, markup=False)
    console.print(f"→ {path}", highlight=False, markup=False)
