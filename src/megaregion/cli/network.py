"""``megaregion network GROUP --kind KIND``: hierarchy or network, node tiers, core-periphery."""

from __future__ import annotations

import time
from pathlib import Path
from typing import List, Optional

import typer

from megaregion.cli.plot import PLOT_HELP_GROUPS
from megaregion.cli.render import console
from megaregion.cli.render import print_results, progress
from megaregion.i18n import t


def network(ctx: typer.Context,
            groups: List[str] = typer.Argument(..., help="Group id(s), e.g. us-boswash; several ids are compared side by side."),
            kind: str = typer.Option("tech_transfer", "--kind", help="tech_transfer, commuting, migration (US); firm_link, baidu (China); gravity (both)."),
            periods: Optional[List[str]] = typer.Option(None, "--period", help="Period to compare (repeat): e.g. --period 1976-1999 --period 2000-2023; Baidu: 2020-01-01/2020-01-22; gravity: a year."),
            years: Optional[List[int]] = typer.Option(None, "--years", help="For gravity: years, e.g. --years 2010 2019."),
            n_perm: int = typer.Option(99, "--permutations", min=1, help="Permutations of the core-periphery and QAP tests."),
            cp_stop_after: Optional[int] = typer.Option(None, "--cp-stop-after", min=1, help="Stop the core-periphery test once this many random networks reach the observed fit (Besag & Clifford); default: all permutations."),
            seed: int = typer.Option(0, "--seed", help="Random seed."),
            out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv."),
            graph: Optional[Path] = typer.Option(None, "--graph", help="Write the last period's network: .gexf (Gephi), .graphml, .net (Pajek), .dl (UCINET), .geojson (GIS)."),
            plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP_GROUPS)):
    """Is the group a one-way hierarchy or a many-directional network? Which cities are main, central, basic nodes?"""
    from megaregion.analysis.hierarchy_network import compare_groups, hierarchy_to_network, write_network
    from megaregion.cli.paths import check_graph, check_out
    from megaregion.errors import MegaregionError

    check_out(out)
    check_graph(graph)
    from megaregion.cli import plot as plotting

    plotting.check("network", plot)
    if len(groups) > 1 and graph is not None:
        raise MegaregionError("--graph writes one network: give a single group")
    chosen = list(periods or []) + [str(y) for y in (years or [])]
    lang = ctx.obj.lang
    with ctx.obj.open_store() as store:
        regions = store.df("regions")
        each = {}
        for g in groups:
            progress(t("progress.network", lang, group=g, kind=kind))
            each[g] = hierarchy_to_network(store.group(g), kind, chosen or None, regions=regions,
                                           n_perm=n_perm, seed=seed, cp_stop_after=cp_stop_after)
        fctx = {g: plotting.context(ctx.obj, store, g) for g in groups} if plot else {}
    results = each[groups[0]] if len(groups) == 1 else compare_groups(each)
    print_results(console, results, lang, out)
    for g, res in each.items():
        print_tiers(res, lang, g if len(groups) > 1 else None)
    for g, res in each.items():  # one set of figures per group
        plotting.write("network", res, plot if len(groups) == 1 or plot is None else plotting.group_path(plot, g),
                       lang, fctx.get(g))
    if graph is not None:
        started = time.time()
        written = write_network(results, graph)
        console.print(f"→ {written}", highlight=False, markup=False)
        for companion in companions(written, since=started):
            console.print(t("graph.companion", lang, path=companion), highlight=False, markup=False)


def companions(path: Path, since: float = 0.0) -> list[Path]:
    """Files written beside a network file (at or after ``since``): UCINET's attribute matrix
    (``<stem>_attributes.dl``) and text labels (``<stem>_labels.csv``)."""
    from megaregion.io.graph_formats import _companions

    if Path(path).suffix.lower() != ".dl":
        return []
    return [p for p in _companions(Path(path)) if p.exists() and p.stat().st_mtime >= since - 1]


#: How many names of one tier are printed (the rest are counted).
TIER_NAMES = 12


def print_tiers(results, lang: str, group: str | None = None) -> None:
    """The node tiers of the last period on screen: which cities are main, central and basic
    nodes (the full table, with every node's statistics, is in ``--out``)."""
    nodes = results.tables.get("nodes")
    if nodes is None or nodes.empty:
        return
    period = results.tables["networks"]["period"].iloc[-1]
    last = nodes[nodes["period"] == period].sort_values("strength", ascending=False)
    name = last["name"].fillna(last["region_id"])
    if lang == "zh":
        name = last["name_zh"].where(last["name_zh"].notna() & (last["name_zh"] != ""), name)
    sep = "、" if lang == "zh" else "; "  # English metro names hold commas
    heading = t("tiers.title", lang, period=period)
    console.print(f"{group}: {heading}" if group else heading, style="bold", highlight=False, markup=False)
    for tier in ("main", "central", "basic"):
        names = name[last["tier"] == tier].tolist()
        shown = sep.join(names[:TIER_NAMES])
        if len(names) > TIER_NAMES:
            shown += t("tiers.more", lang, n=len(names) - TIER_NAMES)
        console.print(t("tiers.line", lang, tier=t(f"tier.{tier}", lang), n=len(names), names=shown or "—"),
                      highlight=False, markup=False)
