"""``megaregion spatial GROUP --indicator X``: spatial clustering of one indicator (Moran, Geary, LISA)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from megaregion.cli.plot import PLOT_HELP
from megaregion.cli.render import console, print_results, progress
from megaregion.i18n import t


def spatial(ctx: typer.Context,
            group: str = typer.Argument(..., help="Group id, e.g. cn-yrd, us-boswash (see `megaregion groups`)."),
            indicator: str = typer.Option(..., "--indicator", "-i", help="gdp_per_capita, tertiary_share, patents_per_capita, lq:CODE (e.g. lq:C, lq:31-33) or an indicator of the store."),
            year: Optional[int] = typer.Option(None, "--year", help="Year of the indicator (default: the latest with values for most members)."),
            weights: Optional[str] = typer.Option(None, "--weights", help="queen (shared borders) or knn:K (K nearest by great-circle distance); default queen, knn:5 for US metros."),
            permutations: int = typer.Option(999, "--permutations", help="Random permutations for the pseudo p-values."),
            seed: int = typer.Option(0, "--seed", help="Seed of the permutations (same seed, same p-values)."),
            alpha: float = typer.Option(0.05, "--alpha", help="Significance level of the local clusters."),
            out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv."),
            plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP)):
    """Is an indicator spatially clustered? Global Moran's I, Geary's C and local clusters (LISA)."""
    from megaregion.analysis.spatial_patterns import spatial_patterns
    from megaregion.cli.paths import check_out
    from megaregion.config import data_dir
    from megaregion.cli import plot as plotting

    check_out(out)
    plotting.check("spatial", plot)
    # the boundary files are read from the data folder (queen weights only)
    folder = data_dir(ctx.obj.data_dir, lang=ctx.obj.lang) if ctx.obj.data_dir else None
    with ctx.obj.open_store() as store:
        progress(t("progress.workflow", ctx.obj.lang, group=group, what=t("what.spatial", ctx.obj.lang)))
        results = spatial_patterns(store, group, indicator, year, weights=weights, n_perm=permutations,
                                   seed=seed, alpha=alpha, data_dir=folder)
        fctx = plotting.context(ctx.obj, store, group) if plot else None
    print_results(console, results, ctx.obj.lang, out)
    plotting.write("spatial", results, plot, ctx.obj.lang, fctx)
