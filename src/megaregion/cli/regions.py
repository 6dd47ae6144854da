"""``megaregion regions list`` and ``megaregion groups``."""

from __future__ import annotations

from typing import Optional

import typer

from megaregion.cli.render import console
from megaregion.cli.render import table
from megaregion.i18n import t

app = typer.Typer(help="Regions in the store.", no_args_is_help=True)


def _store(ctx: typer.Context):

    return ctx.obj.open_store()


@app.command("list")
def list_regions(ctx: typer.Context,
                 group: Optional[str] = typer.Option(None, "--group", "-g", help="Only members of this group."),
                 level: Optional[str] = typer.Option(None, "--level", help="county, metro, city, state, province, world_city."),
                 limit: int = typer.Option(0, "--limit", help="Show at most this many rows (0: all).")):
    """List regions (optionally the members of one group)."""
    lang = ctx.obj.lang
    with _store(ctx) as store:
        if group:
            df = store.group(group).members
        else:
            df = store.df("regions")
            df["role"] = ""
        if level:
            df = df[df["level"] == level]
        df = df.sort_values(["level", "region_id"])
        if lang == "zh":
            df = df.assign(name=df["name_zh"].fillna(df["name"]),
                           role=df["role"].map(lambda r: t(f"role.{r}", "zh") if r else ""))
        if limit:
            df = df.head(limit)
        console.print(table(df, [("region_id", t("col.region", lang), "text"), ("name", t("col.name", lang), "text"),
                                 ("level", t("col.level", lang), "text"), ("role", t("col.role", lang), "text")], lang=lang))


def groups(ctx: typer.Context):
    """List the megaregions and city clusters in the store."""
    lang = ctx.obj.lang
    with _store(ctx) as store:
        df = store.group_ids()
    if lang == "zh":
        df = df.assign(group_name=df["group_name_zh"].fillna(df["group_name"]))
    console.print(table(df, [("group_id", t("col.id", lang), "text"), ("group_name", t("col.group", lang), "text"),
                             ("members", t("col.members", lang), "int"),
                             ("counties", t("col.counties", lang), "int"), ("core", t("col.core", lang), "text")]))
