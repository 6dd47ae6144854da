"""``megaregion structure GROUP``: composite centre and manufacturing relocation."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from megaregion.cli.plot import PLOT_HELP
from megaregion.cli.render import console
from megaregion.cli.render import print_results, progress, table
from megaregion.i18n import t


def structure(ctx: typer.Context,
              group: str = typer.Argument(..., help="Group id, e.g. us-boswash, cn-yrd (see `megaregion groups`)."),
              years: Optional[List[int]] = typer.Option(None, "--years", help="Two years, e.g. --years 2018 2019 (default: the source's)."),
              measure: Optional[str] = typer.Option(None, "--measure", help="employees (US default), establishments, payroll; value_added (China)."),
              source: Optional[str] = typer.Option(None, "--source", help="us/cbp_metro, us/brookings_shiftshare, us/qcew_ny, us/cbp_county, cn/city_panel, cn/city_employment."),
              level: Optional[str] = typer.Option(None, "--level", help="Chinese groups: sector (three sectors, value added; default) or section (employment by 19 industry sections, a secondary compilation, beside the value-added answer)."),
              digits: int = typer.Option(2, "--digits", help="NAICS digits for shift-share detail: 2, 3 or 4."),
              out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: FILE.xlsx (one sheet each), FILE.json, or FILE.csv (a folder of CSVs)."),
              plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP)):
    """Is the centre a balanced composite of advanced services and manufacturing; did manufacturing move out?"""
    from megaregion.cli.paths import check_out
    from megaregion.analysis.composite_centre import composite_structure
    from megaregion.errors import MegaregionError
    from megaregion.cli import plot as plotting

    check_out(out)
    plotting.check("structure", plot)

    if years is not None and len(years) != 2:
        raise MegaregionError("--years takes exactly two years, e.g. --years 2018 2019")
    with ctx.obj.open_store() as store:
        progress(t("progress.workflow", ctx.obj.lang, group=group, what=t("what.structure", ctx.obj.lang)))
        results = composite_structure(store.group(group), years, source=source, measure=measure, digits=digits,
                                      level=level)
        fctx = plotting.context(ctx.obj, store, group) if plot else None
    print_results(console, results, ctx.obj.lang, out)
    plotting.write("structure", results, plot, ctx.obj.lang, fctx)
    if "value_added" in results.tables:  # --level section: the value-added answer beside it
        _print_value_added(results.tables["value_added"], ctx.obj.lang)
    print_shift_share(results, ctx.obj.lang)


#: Rows of the shift-share table printed at each end (largest and smallest competitive effect).
SHIFT_ROWS = 5


def print_shift_share(results, lang: str) -> None:
    """The shift-share decomposition on screen (classic method, the group as reference): the
    core cities and those with the largest and smallest competitive effect; every row and the
    Esteban-Marquillas split are in ``--out``."""
    ss = results.tables.get("shift_share")
    if ss is None or ss.empty or "competitive" not in ss:
        return
    ss = ss[ss["method"] == "classic"].copy()
    if ss.empty:
        return
    names_zh = {}
    for name in ("relocation", "regions"):
        df = results.tables.get(name)
        if df is not None and {"region_id", "name_zh"} <= set(df.columns):
            names_zh.update(df.dropna(subset=["name_zh"]).drop_duplicates("region_id").set_index("region_id")["name_zh"])
    ss["label"] = ss["name"].fillna(ss["region_id"]) if "name" in ss else ss["region_id"]
    if lang == "zh":
        ss["label"] = ss["region_id"].map(names_zh).fillna(ss["label"])
    core = set()
    regions = results.tables.get("regions")
    if regions is not None and {"region_id", "role"} <= set(regions.columns):
        core = set(regions.loc[regions["role"] == "core", "region_id"])
    ss = ss.sort_values("competitive", ascending=False)
    if len(ss) > 2 * SHIFT_ROWS + len(core):
        keep = ss["region_id"].isin(core) | ss.index.isin(ss.index[:SHIFT_ROWS]) | ss.index.isin(ss.index[-SHIFT_ROWS:])
        shown, title = ss[keep], t("shift.title_part", lang, n=SHIFT_ROWS, total=len(ss))
    else:
        shown, title = ss, t("shift.title", lang)
    console.print(table(shown, [
        ("label", t("col.city", lang), "text"), ("x0", t("shift.x0", lang), "value"),
        ("x1", t("shift.x1", lang), "value"), ("change", t("shift.change", lang), "value"),
        ("national", t("shift.group", lang), "value"), ("industry_mix", t("shift.mix", lang), "value"),
        ("competitive", t("shift.competitive", lang), "value")], title=title))


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
