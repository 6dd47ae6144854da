"""``megaregion indicators GROUP [--indicator X] [--years ...]``: an imported indicator on screen.

Without ``--indicator`` it lists the indicators the store holds for the group's members (name,
source, unit, years, how many members have values). With one, it shows the values of the
group's cities (the analysis level, as ``groups`` counts them) by year; ``--out`` writes the
long table (with each value's quality flag) and the listing.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import List, Optional

import pandas as pd
import typer

from megaregion.cli.plot import PLOT_HELP
from megaregion.cli.render import console, print_written, table
from megaregion.i18n import t


def indicators(ctx: typer.Context,
               group: str = typer.Argument(..., help="Group id, e.g. cn-yrd, us-boswash (see `megaregion groups`)."),
               indicator: Optional[str] = typer.Option(None, "--indicator", "-i", help="The indicator to show (without it: the list of indicators)."),
               years: Optional[List[int]] = typer.Option(None, "--years", help="Only these years, e.g. --years 2010 2019."),
               source: Optional[str] = typer.Option(None, "--source", help="Only this dataset, e.g. cn/city_panel or user/mytable."),
               out: Optional[Path] = typer.Option(None, "--out", help="Write the tables: .xlsx, .json or .csv."),
               plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP)):
    """Show an imported indicator (yours or the shared data's) for a group's cities, by year."""
    from megaregion.cli import plot as plotting
    from megaregion.cli.paths import check_out

    check_out(out)
    plotting.check("indicators", plot)
    lang = ctx.obj.lang
    with ctx.obj.open_store() as store:
        mr = store.group(group)
        results = indicator_view(mr, indicator, years=years, source=source)
        fctx = plotting.context(ctx.obj, store, group) if plot else None
    render(results, lang, indicator is not None)
    if out is not None:
        print_written(console, results.save(out, lang), out, lang)
    plotting.write("indicators", results, plot, lang, fctx)


def _available(ind: pd.DataFrame) -> pd.DataFrame:
    if ind.empty:
        return pd.DataFrame(columns=["indicator", "source", "unit", "first_year", "last_year", "members", "rows"])
    g = ind.groupby(["indicator", "source"], dropna=False)
    return pd.DataFrame({
        "unit": g["unit"].agg(lambda u: ", ".join(sorted({str(x) for x in u.dropna()}))),
        "first_year": g["year"].min(), "last_year": g["year"].max(),
        "members": g["region_id"].nunique(), "rows": g.size(),
    }).reset_index().sort_values(["indicator", "source"], ignore_index=True)


def indicator_view(mr, indicator: str | None = None, years=None, source: str | None = None):
    """The indicators of a group's cities as :class:`~megaregion.analysis.results.Results`:
    table ``available`` (every indicator: source, unit, years, members with values) and, with
    ``indicator``, table ``values`` (one row per city, year and source, with its quality flag)."""
    from megaregion.analysis.results import Results
    from megaregion.errors import MegaregionError, UnknownNameError
    from megaregion.i18n.notes import Note

    cities = mr.cities()
    ind = mr.indicators[mr.indicators["region_id"].isin(cities["region_id"])]
    if source is not None:
        ind = ind[ind["source"] == source]
    available = _available(ind)
    if available.empty:
        raise MegaregionError(f"{mr.group_id}: no indicators in the store for its members"
                              + ("" if source else " (import them first: megaregion data import)")
                              + (f" from {source}" if source else ""))
    title, title_zh = (f"Indicators of {mr.name}", f"{mr.name_zh or mr.name}的指标")
    tables = {"available": available}
    notes = [Note(f"{len(cities)} cities of {mr.group_id} ({mr.level} level, as `megaregion groups` counts them).",
                  f"{mr.group_id}共{len(cities)}个城市（{t('level.' + mr.level, 'zh')}级，与 megaregion groups 的计数一致）。")]
    if indicator is None:
        return Results(title, title_zh, tables, "available", [], notes, command="indicators")
    names = sorted(available["indicator"].unique())
    if indicator not in names:
        close = difflib.get_close_matches(indicator, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UnknownNameError(f"{mr.group_id}: unknown indicator {indicator!r}; indicators of its members: "
                               f"{', '.join(names)}{hint}")
    rows = ind[ind["indicator"] == indicator]
    have = sorted(rows["year"].unique())
    if years:
        rows = rows[rows["year"].isin([int(y) for y in years])]
        if rows.empty:
            raise MegaregionError(f"{mr.group_id}: indicator {indicator!r} has no values in "
                                  f"{', '.join(map(str, years))}; its years are {', '.join(map(str, have))}")
    info = cities.drop_duplicates("region_id").set_index("region_id")
    values = rows[["region_id", "year", "indicator", "value", "unit", "flag", "source"]].copy()
    values.insert(1, "name", values["region_id"].map(info["name"]))
    values.insert(2, "name_zh", values["region_id"].map(info["name_zh"]))
    values["role"] = values["region_id"].map(info["role"])
    values = values.sort_values(["source", "role", "region_id", "year"], ignore_index=True)
    tables["values"] = values
    title, title_zh = f"{indicator}: {mr.name}", f"{indicator}：{mr.name_zh or mr.name}"
    missing = sorted(set(cities["region_id"]) - set(values["region_id"]))
    if missing:
        listed = ", ".join(info.loc[m, "name"] if isinstance(info.loc[m, "name"], str) else m for m in missing[:10])
        listed_zh = "、".join(info.loc[m, "name_zh"] if isinstance(info.loc[m, "name_zh"], str) and info.loc[m, "name_zh"]
                             else (info.loc[m, "name"] if isinstance(info.loc[m, "name"], str) else m) for m in missing[:10])
        more = " ..." if len(missing) > 10 else ""
        notes.append(Note(f"{len(missing)} cities have no value of {indicator} in the store (shown as —; "
                          f"what a missing row means depends on the source, see docs/data.md): {listed}{more}",
                          f"{len(missing)}个城市在库中没有{indicator}的数值（显示为—；缺行的含义因数据来源而异，"
                          f"见docs/data.md）：{listed_zh}{more}"))
    flagged = int(values["flag"].notna().sum())
    if flagged:
        from megaregion.model.quality import flag_label

        kinds = sorted(values["flag"].dropna().unique())
        notes.append(Note(f"{flagged} values are not plainly observed ({'; '.join(flag_label(k) for k in kinds)}); "
                          "see the flag column in --out.",
                          f"{flagged}个数值并非直接观测（{'；'.join(flag_label(k, 'zh') for k in kinds)}）；"
                          "见 --out 中的flag列。"))
    return Results(title, title_zh, tables, "values", [], notes, command="indicators")


def render(results, lang: str, one: bool) -> None:
    """The listing, or one indicator's values with cities down the side and years across."""
    title = results.title_zh if lang == "zh" else results.title
    if not one:
        console.print(table(results.tables["available"], [
            ("indicator", t("col.indicator", lang), "text"), ("source", t("col.dataset", lang), "text"),
            ("unit", t("col.unit", lang), "text"), ("first_year", t("col.first_year", lang), "text"),
            ("last_year", t("col.last_year", lang), "text"), ("members", t("col.members_with_values", lang), "int"),
        ], title=title))
    else:
        v = results.tables["values"]
        name = v["name"].fillna(v["region_id"])
        if lang == "zh":
            name = v["name_zh"].where(v["name_zh"].notna() & (v["name_zh"] != ""), name)
        flagged = set(v.loc[v["flag"].notna(), "region_id"])
        v = v.assign(label=name + v["region_id"].map(lambda r: " *" if r in flagged else ""))
        several = v["source"].nunique() > 1
        index = ["source", "role", "region_id", "label"] if several else ["role", "region_id", "label"]
        wide = v.pivot_table(index=index, columns="year", values="value", aggfunc="first").reset_index()
        unit = ", ".join(sorted({str(u) for u in v["unit"].dropna()}))
        cols = [("label", t("col.city", lang), "text")]
        if several:
            cols.insert(0, ("source", t("col.dataset", lang), "text"))
        cols += [(y, str(y), "value") for y in wide.columns if str(y).isdigit()]
        heading = f"{title} ({unit})" if unit else title
        console.print(table(wide, cols, title=heading))
        if flagged:
            console.print(t("indicators.flagged", lang), style="dim", highlight=False, markup=False)
    for note in results.notes_in(lang):
        console.print(f"· {note}", style="dim", highlight=False, markup=False)
