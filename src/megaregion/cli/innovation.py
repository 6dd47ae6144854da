"""``megaregion innovation GROUP``, ``complexity GROUP``, ``collaboration [GROUP]`` and ``world-cities``."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from megaregion.cli.plot import PLOT_HELP
from megaregion.cli.render import console
from megaregion.cli.render import print_results, progress
from megaregion.i18n import t


def innovation(ctx: typer.Context,
               group: str = typer.Argument(..., help="Group id, e.g. us-boswash, cn-yrd."),
               years: Optional[List[int]] = typer.Option(None, "--years", help="Upgrading window, two years (default: US 2018 2019, China 2010 2019)."),
               innovation_year: Optional[int] = typer.Option(None, "--innovation-year", help="Year of the innovation indicators (default: US 2015, China 2017)."),
               weighting: str = typer.Option("entropy", "--weighting", help="entropy or critic."),
               formula: str = typer.Option("standard", "--formula", help="Coupling formula: standard or wang2021."),
               out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv."),
               plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP)):
    """Innovation capacity, its coupling with industry, innovation hearts, and the link to upgrading."""
    from megaregion.cli.paths import check_out
    from megaregion.analysis.innovation_driver import innovation_driver
    from megaregion.errors import MegaregionError
    from megaregion.cli import plot as plotting

    check_out(out)
    plotting.check("innovation", plot)

    if years is not None and len(years) != 2:
        raise MegaregionError("--years takes exactly two years, e.g. --years 2010 2019")
    if weighting not in ("entropy", "critic"):
        raise MegaregionError("--weighting must be entropy or critic")
    if formula not in ("standard", "wang2021"):
        raise MegaregionError("--formula must be standard or wang2021")
    with ctx.obj.open_store() as store:
        progress(t("progress.workflow", ctx.obj.lang, group=group, what=t("what.innovation", ctx.obj.lang)))
        results = innovation_driver(store.group(group), innovation_year=innovation_year,
                                    upgrade_years=tuple(years) if years else None,
                                    weighting=weighting, formula=formula)
        fctx = plotting.context(ctx.obj, store, group) if plot else None
    print_results(console, results, ctx.obj.lang, out)
    plotting.write("innovation", results, plot, ctx.obj.lang, fctx)


def complexity(ctx: typer.Context,
               group: str = typer.Argument(..., help="Group id, e.g. us-chipitts."),
               year: int = typer.Option(2019, "--year", help="Year of the industry data."),
               level: str = typer.Option("naics4", "--level", help="Industry detail: naics2, naics3 or naics4."),
               source: str = typer.Option("us/cbp_metro", "--source", help="us/cbp_metro (all US metros) or us/cbp_county (38 states)."),
               out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv."),
               plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP)):
    """Economic complexity (ECI/PCI), relatedness density and outlook of a group's members."""
    from megaregion.cli.paths import check_out
    from megaregion.analysis.complexity_map import complexity_map
    from megaregion.cli import plot as plotting

    check_out(out)
    plotting.check("complexity", plot)

    with ctx.obj.open_store() as store:
        progress(t("progress.workflow", ctx.obj.lang, group=group, what=t("what.complexity", ctx.obj.lang)))
        results = complexity_map(store, group, year=year, level=level, source=source)
        fctx = plotting.context(ctx.obj, store, group) if plot else None
    print_results(console, results, ctx.obj.lang, out)
    plotting.write("complexity", results, plot, ctx.obj.lang, fctx)


def collaboration(ctx: typer.Context,
                  group: Optional[str] = typer.Argument(None, help="Group id (default: every region with records)."),
                  years: Optional[List[int]] = typer.Option(None, "--years", help="Only these years."),
                  kind: Optional[str] = typer.Option(None, "--kind", help="Only this kind of document, e.g. co_patent."),
                  actors: str = typer.Option("UIG", "--actors", help="UIG (triple helix) or UIGR (with research institutes)."),
                  min_documents: int = typer.Option(30, "--min-documents", help="Rows with fewer documents are marked unreliable."),
                  source: Optional[str] = typer.Option(None, "--source", help="Only this dataset, e.g. user/patents2019 (see `data list`)."),
                  out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv."),
                  plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP)):
    """Do universities, industry, government (and institutes) innovate together? Triple-helix synergy of your records."""
    from megaregion.cli.paths import check_out
    from megaregion.analysis.collaboration import collaboration_synergy
    from megaregion.cli import plot as plotting

    check_out(out)
    plotting.check("collaboration", plot)

    with ctx.obj.open_store() as store:
        progress(t("progress.workflow", ctx.obj.lang, group=group or "*", what=t("what.collaboration", ctx.obj.lang)))
        results = collaboration_synergy(store, group, years=years, kind=kind, actors=actors,
                                        min_documents=min_documents, source=source)
        fctx = plotting.context(ctx.obj, store, group) if plot else None
    print_results(console, results, ctx.obj.lang, out)
    plotting.write("collaboration", results, plot, ctx.obj.lang, fctx)


def synergy(ctx: typer.Context,
            groups: List[str] = typer.Argument(..., help="US group ids, e.g. us-boswash us-chipitts us-sansan."),
            year: Optional[int] = typer.Option(None, "--year", help="CBP year (default: the latest imported with size classes)."),
            out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv."),
            plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP)):
    """Synergy among place, technology and firm size (needs the official CBP county file: data fetch cbp)."""
    from megaregion.cli.paths import check_out
    from megaregion.analysis.knowledge_base import knowledge_base_synergy
    from megaregion.cli import plot as plotting

    check_out(out)
    plotting.check("synergy", plot)

    with ctx.obj.open_store() as store:
        progress(t("progress.workflow", ctx.obj.lang, group=" ".join(groups), what=t("what.synergy", ctx.obj.lang)))
        results = knowledge_base_synergy(store, groups, year=year)
        fctx = plotting.context(ctx.obj, store, None) if plot else None
    print_results(console, results, ctx.obj.lang, out)
    plotting.write("synergy", results, plot, ctx.obj.lang, fctx)


def cofunding(ctx: typer.Context,
              groups: List[str] = typer.Argument(..., help="US group ids, e.g. us-boswash us-chipitts us-sansan."),
              herd_year: Optional[int] = typer.Option(None, "--herd-year", help="NSF HERD year, 2012-2016 (default: the latest)."),
              out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv."),
              plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP)):
    """Who pays for whose research: university R&D paid by business, company R&D paid by others (US)."""
    from megaregion.cli.paths import check_out
    from megaregion.analysis.cofunding import cofunding as run_cofunding
    from megaregion.cli import plot as plotting

    check_out(out)
    plotting.check("cofunding", plot)

    with ctx.obj.open_store() as store:
        progress(t("progress.workflow", ctx.obj.lang, group=" ".join(groups), what=t("what.cofunding", ctx.obj.lang)))
        results = run_cofunding(store, groups, herd_year=herd_year)
        fctx = plotting.context(ctx.obj, store, None) if plot else None
    print_results(console, results, ctx.obj.lang, out)
    plotting.write("cofunding", results, plot, ctx.obj.lang, fctx)


def world_cities(ctx: typer.Context,
                 top: int = typer.Option(20, "--top", help="How many strongest city pairs to list."),
                 out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv."),
                 plot: Optional[Path] = typer.Option(None, "--plot", help=PLOT_HELP)):
    """Openness: the brief's cities in the world city network (GaWC 2000 computed, 2020 published)."""
    from megaregion.cli.paths import check_out
    from megaregion.analysis.world_cities import world_city_network
    from megaregion.cli import plot as plotting

    check_out(out)
    plotting.check("world-cities", plot)

    with ctx.obj.open_store() as store:
        results = world_city_network(store, top=top)
        fctx = plotting.context(ctx.obj, store, None) if plot else None
    print_results(console, results, ctx.obj.lang, out)
    plotting.write("world-cities", results, plot, ctx.obj.lang, fctx)
