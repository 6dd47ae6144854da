"""``megaregion demo``: import the real data if needed and print the groups side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from megaregion.cli.render import console, print_written
from megaregion.cli.render import table
from megaregion.i18n import t

DEMO_GROUPS = ["us-boswash", "us-chipitts", "us-sansan",
               "cn-yrd-2016", "cn-myr-2015", "cn-chengyu-2016", "cn-yreb"]


def demo(ctx: typer.Context,
         out: Optional[Path] = typer.Option(None, "--out", help="Write all tables: .xlsx, .json or .csv.")):
    """Import the data folder (first run only) and compare the megaregions and city clusters."""
    from megaregion.cli.paths import check_out
    from megaregion.analysis.overview import group_profile
    from megaregion.cli.data import run_folder_import
    from megaregion.config import data_dir as resolve
    from megaregion.errors import DataNotFoundError

    check_out(out)
    lang = ctx.obj.lang
    with ctx.obj.open_store() as store:
        try:
            folder = resolve(ctx.obj.data_dir, lang=lang)
        except DataNotFoundError:
            if not store.datasets():
                raise
            folder = None
        if folder is not None:
            run_folder_import(store, folder, lang)
        known = set(store.group_ids()["group_id"])
        groups = [store.group(g) for g in DEMO_GROUPS if g in known]
        if not groups:
            raise DataNotFoundError(t("data.no_dir", lang))
        results = group_profile(groups)
    render_profile(results, lang)
    if out is not None:
        print_written(console, results.save(out, lang), out, lang)


def render_profile(results, lang: str) -> None:
    """Print the profile table, the US family shares, findings and notes."""
    prof = results.tables["profile"].copy()
    prof["label"] = prof["group_zh"] if lang == "zh" else prof["group"]
    prof["basis"] = prof["country"].map(lambda c: t(f"basis.{c}", lang))
    prof["population_m"] = prof["population"]
    console.print(table(prof, [
        ("label", t("col.group", lang), "text"), ("year", t("col.year", lang), "text"),
        ("members", t("col.members", lang), "int"), ("population_m", t("col.population", lang), "millions"),
        ("population_year", t("col.pop_year", lang), "text"),
        ("employment", t("col.employment", lang), "millions"), ("gdp_cny_100m", t("col.gdp", lang), "num"),
        ("basis", t("col.basis", lang), "text"), ("share_secondary", t("col.secondary", lang), "pct"),
        ("share_tertiary", t("col.tertiary", lang), "pct"), ("share_manufacturing", t("col.manufacturing", lang), "pct"),
        ("share_advanced_services", t("col.aps", lang), "pct"),
    ], title=t("profile.title", lang)))
    fam = results.tables["family_shares"]
    if len(fam):
        wide = fam.pivot_table(index=["family", "family_label", "family_label_zh"],
                               columns=["group_id", "year"], values="share").reset_index()
        wide.columns = ["family", "family_label", "family_label_zh"] + [f"{g} {y}" for g, y in wide.columns[3:]]
        label = "family_label_zh" if lang == "zh" else "family_label"
        cols = [(label, t("col.family", lang), "text")] + [(c, c, "pct") for c in wide.columns[3:]]
        console.print(table(wide, cols, title=t("families.title", lang)))
    console.print(f"[bold]{t('findings', lang)}[/]")
    for line in results.findings(lang):
        console.print(f"• {line}", highlight=False, markup=False)
    console.print(f"[bold]{t('notes', lang)}[/]")
    for note in results.notes_in(lang):
        console.print(f"· {note}", style="dim", highlight=False, markup=False)
