"""``megaregion network GROUP --kind KIND``: hierarchy or network, node tiers, core-periphery."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from megaregion.cli.render import console
from megaregion.cli.render import print_results


def network(ctx: typer.Context,
            groups: List[str] = typer.Argument(..., help="Group id(s), e.g. us-boswash; several ids are compared side by side."),
            kind: str = typer.Option("tech_transfer", "--kind", help="tech_transfer, commuting, migration (US); firm_link, baidu (China); gravity (both)."),
            periods: Optional[List[str]] = typer.Option(None, "--period", help="Period to compare (repeat): e.g. --period 1976-1999 --period 2000-2023; Baidu: 2020-01-01/2020-01-22; gravity: a year."),
            years: Optional[List[int]] = typer.Option(None, "--years", help="For gravity: years, e.g. --years 2010 2019."),
            n_perm: int = typer.Option(99, "--permutations", help="Permutations of the core-periphery and QAP tests."),
            seed: int = typer.Option(0, "--seed", help="Random seed."),
            out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv."),
            graph: Optional[Path] = typer.Option(None, "--graph", help="Write the last period's network: .gexf (Gephi), .graphml, .net (Pajek), .dl (UCINET), .geojson (GIS).")):
    """Is the group a one-way hierarchy or a many-directional network? Which cities are main, central, basic nodes?"""
    from megaregion import open_store
    from megaregion.analysis.hierarchy_network import compare_groups, hierarchy_to_network, write_network

    chosen = list(periods or []) + [str(y) for y in (years or [])]
    with open_store(ctx.obj.store) as store:
        regions = store.df("regions")
        each = {g: hierarchy_to_network(store.group(g), kind, chosen or None, regions=regions,
                                        n_perm=n_perm, seed=seed) for g in groups}
    results = each[groups[0]] if len(groups) == 1 else compare_groups(each)
    if len(groups) > 1 and graph is not None:
        from megaregion.errors import MegaregionError

        raise MegaregionError("--graph writes one network: give a single group")
    print_results(console, results, ctx.obj.lang, out)
    if graph is not None:
        written = write_network(results, graph)
        console.print(f"→ {written}", highlight=False)
