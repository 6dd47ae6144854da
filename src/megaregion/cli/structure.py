"""``megaregion structure GROUP``: composite centre and manufacturing relocation."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from megaregion.cli.render import console
from megaregion.cli.render import print_results


def structure(ctx: typer.Context,
              group: str = typer.Argument(..., help="Group id, e.g. us-boswash, cn-yrd (see `megaregion groups`)."),
              years: Optional[List[int]] = typer.Option(None, "--years", help="Two years, e.g. --years 2018 2019 (default: the source's)."),
              measure: Optional[str] = typer.Option(None, "--measure", help="employees (US default), establishments, payroll; value_added (China)."),
              source: Optional[str] = typer.Option(None, "--source", help="us/cbp_metro, us/brookings_shiftshare, us/qcew_ny, us/cbp_county, cn/city_panel, cn/city_employment."),
              level: Optional[str] = typer.Option(None, "--level", help="Chinese groups: sector (three sectors, value added; default) or section (employment by 19 industry sections, a secondary compilation, beside the value-added answer)."),
              digits: int = typer.Option(2, "--digits", help="NAICS digits for shift-share detail: 2, 3 or 4."),
              out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: FILE.xlsx (one sheet each), FILE.json, or FILE.csv (a folder of CSVs).")):
    """Is the centre a balanced composite of advanced services and manufacturing; did manufacturing move out?"""
    from megaregion import open_store
    from megaregion.analysis.composite_centre import composite_structure
    from megaregion.errors import MegaregionError

    if years is not None and len(years) != 2:
        raise MegaregionError("--years takes exactly two years, e.g. --years 2018 2019")
    with open_store(ctx.obj.store) as store:
        results = composite_structure(store.group(group), years, source=source, measure=measure, digits=digits,
                                      level=level)
    print_results(console, results, ctx.obj.lang, out)
    if "value_added" in results.tables:  # --level section: the value-added answer beside it
        _print_value_added(results.tables["value_added"], ctx.obj.lang)


def _print_value_added(va, lang: str) -> None:
    """The core's three-sector value-added shares, printed under the section-level answer."""
    from rich.table import Table

    from megaregion.cli.render import number
    from megaregion.i18n.labels import column_label

    title = ("Value-added answer (three sectors, cn/city_panel)" if lang != "zh"
             else "按增加值的结论（三次产业，cn/city_panel）")
    tab = Table(title=title, header_style="bold")
    tab.add_column("")
    for y in va["year"]:
        tab.add_column(str(y), justify="right")
    # shares as fractions, formatted as in the summary above (one convention on screen)
    for col in ("core_share_tertiary", "core_share_secondary", "core_balance_index",
                "core_share_of_group_secondary"):
        tab.add_row(column_label(col, lang), *[number(float(v)) for v in va[col]])
    console.print(tab)
