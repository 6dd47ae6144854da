"""``megaregion openness GROUP``: world city network, FDI and links that leave the group."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from megaregion.cli.plot import PLOT_HELP
from megaregion.cli.render import console, print_results, progress
from megaregion.i18n import t


def openness(ctx: typer.Context,
             group: str = typer.Argument(..., help="Group id, e.g. us-boswash, cn-yrd-2016."),
             year: Optional[int] = typer.Option(None, "--year", help="Last year of the FDI trend of Chinese cities (default: the latest year most members report)."),
             out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv."),
             plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP)):
    """How open is the group? GaWC connectivity (2000, 2020), FDI/GDP (China) and the share of links leaving the group."""
    from megaregion.analysis.openness import openness as run
    from megaregion.cli.paths import check_out
    from megaregion.cli import plot as plotting

    check_out(out)
    plotting.check("openness", plot)
    with ctx.obj.open_store() as store:
        progress(t("progress.workflow", ctx.obj.lang, group=group, what=t("what.openness", ctx.obj.lang)))
        results = run(store, group, year=year)
        fctx = plotting.context(ctx.obj, store, group) if plot else None
    print_results(console, results, ctx.obj.lang, out)
    plotting.write("openness", results, plot, ctx.obj.lang, fctx)
