"""``megaregion blocks GROUP [--kind K] [--period P | --year Y] [--method concor|se] [--blocks N]``:
block models (CONCOR or structural equivalence), density table, image matrix, positions."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from megaregion.cli.plot import PLOT_HELP
from megaregion.cli.render import console, print_results, progress


def blocks(ctx: typer.Context,
           group: str = typer.Argument(..., help="Group id, e.g. cn-yrd-2016."),
           kind: str = typer.Option("tech_transfer", "--kind", help="tech_transfer, commuting, migration (US); firm_link, baidu (China); gravity (both)."),
           period: Optional[str] = typer.Option(None, "--period", help="Period of the links, e.g. 2000-2023; Baidu: 2020-01-23/2020-03-31 (default: the latest)."),
           year: Optional[int] = typer.Option(None, "--year", help="For gravity: the year of the masses (default: the latest)."),
           method: str = typer.Option("concor", "--method", help="concor (iterated correlations) or se (structural equivalence, hierarchical clustering)."),
           n_blocks: int = typer.Option(4, "--blocks", help="Blocks wanted: 2, 4, 8 or 16 for CONCOR; 2 or more for se."),
           ties: Optional[str] = typer.Option(None, "--ties", help="valued (link values), binary (a link or none) or row_mean (a link at least the sender's mean link); default row_mean for gravity, valued otherwise."),
           distance: str = typer.Option("correlation", "--distance", help="For se: correlation (1 - r, default) or euclidean."),
           linkage: str = typer.Option("average", "--linkage", help="For se: average, complete, single or ward."),
           out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv."),
           plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP)):
    """Block model of a group's city network: which cities hold the same position, the density table and image matrix, and each block's position (core, semi-core, semi-periphery, periphery)."""
    from megaregion.analysis.blocks import block_model
    from megaregion.cli.paths import check_out
    from megaregion.errors import MegaregionError
    from megaregion.i18n import t
    from megaregion.cli import plot as plotting

    check_out(out)
    plotting.check("blocks", plot)
    if period is not None and year is not None:
        raise MegaregionError("give --period or --year, not both")
    if year is not None and kind != "gravity":
        raise MegaregionError("--year is for --kind gravity; use --period for observed links")
    lang = ctx.obj.lang
    with ctx.obj.open_store() as store:
        progress(t("progress.workflow", lang, group=group, what=t("blocks.what", lang)))
        results = block_model(store, group, kind, year if year is not None else period, method=method,
                              n_blocks=n_blocks, ties=ties, distance=distance, linkage=linkage)
        fctx = plotting.context(ctx.obj, store, group) if plot else None
    print_results(console, results, lang, out)
    plotting.write("blocks", results, plot, lang, fctx)
    print_blocks(results, lang)


def print_blocks(results, lang: str) -> None:
    """One line per block: its number, position, Burt role, size and members."""
    from megaregion.i18n import t
    from megaregion.i18n.values import value_label

    b = results.tables["blocks"]
    console.print(t("blocks.title", lang), style="bold", highlight=False, markup=False)
    for r in b.itertuples():
        members = r.members_zh if lang == "zh" else r.members
        console.print(t("blocks.line", lang, block=r.block, position=value_label(r.position, lang),
                        role=value_label(r.burt_role, lang), n=r.size, members=members),
                      highlight=False, markup=False)
