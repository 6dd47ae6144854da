"""``megaregion alliances GROUP``: who should ally with whom, in which industrial chain, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from megaregion.cli.plot import PLOT_HELP
from megaregion.cli.render import console, print_results


def alliances(ctx: typer.Context,
              group: Optional[str] = typer.Argument(None, help="Group id, e.g. us-boswash or cn-yrd-2016 (none with --backtest)."),
              year: Optional[int] = typer.Option(None, "--year", help="Year of employment by industry (US 2018-2019, China 2003-2019; default 2019)."),
              industry: Optional[str] = typer.Option(None, "--industry", help="Only chains through this industry: NAICS sector (31-33, 54) or GB/T 4754-2002 section (C, M)."),
              city: Optional[str] = typer.Option(None, "--city", help="Only pairs with this city (region id or name)."),
              flows: Optional[str] = typer.Option(None, "--flows", help="Observed links for the gap: tech_transfer, commuting, migration (US); firm_link, baidu (China)."),
              top: int = typer.Option(10, "--top", help="Number of recommendations shown."),
              chain: Optional[str] = typer.Option(None, "--chain", help="Chain view SUPPLIER:BUYER, e.g. 31-33:54 or C:M."),
              backtest: bool = typer.Option(False, "--backtest", help="Instead: backtest the ranking on US inter-metro technology transfer (recommend from 1976-1999, score on new links of 2000-2023)."),
              out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv."),
              plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP)):
    """Rank city pairs for alliances along real industrial chains, with the reasons in both languages."""
    from megaregion.cli.paths import check_out
    from megaregion.errors import MegaregionError
    from megaregion.cli import plot as plotting

    check_out(out)
    if backtest and plot is not None:
        raise MegaregionError("--plot draws the recommendations: not with --backtest")
    plotting.check("alliances", plot)
    pair = None
    if chain is not None:
        supplier, sep, buyer = chain.partition(":")
        if not sep or not supplier or not buyer:
            raise MegaregionError(f"--chain {chain!r}: write SUPPLIER:BUYER, e.g. 31-33:54 or C:M")
        pair = (supplier, buyer)
    lang = ctx.obj.lang
    with ctx.obj.open_store() as store:
        if backtest:
            if group is not None:
                raise MegaregionError("--backtest runs on all US metro pairs: give no group")
            from megaregion.analysis.alliance_backtest import alliance_backtest

            results = alliance_backtest(store, top=top)
        else:
            if group is None:
                raise MegaregionError("give a group id, e.g. megaregion alliances us-boswash (see megaregion groups)")
            from megaregion.analysis.alliances import alliances as run

            results = run(store, group, year=year, industry=industry, city=city, flows=flows, top=top,
                          chain=pair)
        fctx = plotting.context(ctx.obj, store, group) if plot else None
    print_results(console, results, lang, out)
    plotting.write("alliances", results, plot, lang, fctx)
