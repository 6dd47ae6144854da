"""``megaregion compare A B``: a US megaregion beside a Chinese cluster, on the same definitions."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from megaregion.cli.plot import PLOT_HELP
from megaregion.cli.render import console
from megaregion.cli.render import print_results, progress


def compare(ctx: typer.Context,
            group_a: str = typer.Argument(..., help="First group id, e.g. us-boswash."),
            group_b: str = typer.Argument(..., help="Second group id, e.g. cn-yrd-2016."),
            year_a: Optional[int] = typer.Option(None, "--year-a", help="Employment year of the first group (default 2019)."),
            year_b: Optional[int] = typer.Option(None, "--year-b", help="Employment year of the second group (default 2019)."),
            n_perm: int = typer.Option(99, "--permutations", min=1, help="Permutations of the network tests."),
            seed: int = typer.Option(0, "--seed", help="Random seed."),
            out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv."),
            plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP)):
    """Two groups side by side: structure, network, innovation and openness, each row marked comparable or not."""
    from megaregion.analysis.compare import compare as run_compare
    from megaregion.cli.paths import check_out
    from megaregion.cli import plot as plotting

    check_out(out)
    plotting.check("compare", plot)
    lang = ctx.obj.lang
    with ctx.obj.open_store() as store:
        progress(f"{group_a} | {group_b}: " + ("并列比较……" if lang == "zh" else "comparing side by side..."))
        results = run_compare(store, group_a, group_b, year_a, year_b, n_perm=n_perm, seed=seed)
        fctx = plotting.context(ctx.obj, store, None) if plot else None
    print_results(console, results, lang, out)
    plotting.write("compare", results, plot, lang, fctx)
