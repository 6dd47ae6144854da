"""``megaregion io --country us|cn`` and ``megaregion division GROUP``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from megaregion.cli.plot import PLOT_HELP
from megaregion.cli.render import console, print_results, progress


def io(ctx: typer.Context,
       country: str = typer.Option(..., "--country", help="us (BEA summary table) or cn (NBS 42-sector table)."),
       year: Optional[int] = typer.Option(None, "--year", help="Table year (default: the latest; US 2012-2023, China 2017, 2018, 2020)."),
       top: int = typer.Option(10, "--top", help="How many sectors to list, by output multiplier."),
       out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv."),
       plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP)):
    """Input-output linkages: Leontief multipliers, backward/forward linkages and key sectors."""
    from megaregion.cli.paths import check_out
    from megaregion.analysis.io_report import io_report
    from megaregion.cli import plot as plotting

    check_out(out)
    plotting.check("io", plot)
    with ctx.obj.open_store() as store:
        results = io_report(store, country, year=year, top=top)
        fctx = plotting.context(ctx.obj, store, None) if plot else None
    print_results(console, results, ctx.obj.lang, out)
    plotting.write("io", results, plot, ctx.obj.lang, fctx)


def division(ctx: typer.Context,
             group: str = typer.Argument(..., help="Group id, e.g. us-boswash or cn-yrd-2016."),
             kind: Optional[str] = typer.Option(None, "--kind", help="US: tech_transfer (default), commuting, migration; China: firm_link (default), baidu."),
             year: Optional[int] = typer.Option(None, "--year", help="Employment year (US 2018-2019, China 2003-2019)."),
             permutations: int = typer.Option(499, "--permutations", help="MRQAP permutations (double semi-partialling)."),
             seed: int = typer.Option(0, "--seed", help="Random seed of the permutations."),
             out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv."),
             plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP)):
    """Division of labour: do supply-chain complementarities explain the links between cities (MRQAP)?"""
    from megaregion.cli.paths import check_out
    from megaregion.analysis.division_of_labour import division_of_labour
    from megaregion.cli import plot as plotting

    check_out(out)
    plotting.check("division", plot)
    with ctx.obj.open_store() as store:
        progress(f"{group}: " + ("正在计算分工检验（MRQAP）" if ctx.obj.lang == "zh" else "computing the division-of-labour test (MRQAP)"))
        results = division_of_labour(store, group, kind=kind, year=year, n_perm=permutations, seed=seed)
        fctx = plotting.context(ctx.obj, store, group) if plot else None
    print_results(console, results, ctx.obj.lang, out)
    plotting.write("division", results, plot, ctx.obj.lang, fctx)
