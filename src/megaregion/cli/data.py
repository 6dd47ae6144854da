"""``megaregion data import|list|fetch``: getting data into the store."""

from __future__ import annotations

import re
from pathlib import Path
from typing import List, Optional

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from megaregion.cli.render import console
from megaregion.cli.render import progress as say
from megaregion.cli.render import table
from megaregion.errors import MegaregionError
from megaregion.i18n import t
from megaregion.i18n.labels import row_counts
from megaregion.i18n.notes import note_text

app = typer.Typer(help="Import, list and fetch data.", no_args_is_help=True)

_CBP_FILE = re.compile(r"^cbp\d{2}(co|msa)", re.IGNORECASE)


def run_folder_import(store, data_dir: Path, lang: str, datasets=None, force: bool = False) -> None:
    """Import a data folder with a progress bar and one line per dataset."""
    from megaregion.importer import import_folder
    from megaregion.io import registry

    todo = registry.ordered(datasets)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task(t("data.importing", lang, n=len(todo)), total=len(todo))

        done = [0]

        def step(dataset: str, status: str) -> None:
            if status == "start":
                progress.update(task, description=dataset)
                if not console.is_terminal:  # the bar is not drawn: say what is happening on stderr
                    say(t("progress.import", lang, dataset=dataset, i=done[0] + 1, n=len(todo)))
                return
            done[0] += 1
            progress.advance(task)

        report = import_folder(store, data_dir, datasets, force=force, on_step=step)
    for ds, rows in report.imported.items():
        console.print(t("data.imported", lang, dataset=ds,
                        rows=row_counts(rows, lang)), highlight=False)
        for note in report.notes.get(ds, []):
            console.print(f"  · {note_text(note, lang)}", style="dim", highlight=False, markup=False)
    if report.current:
        console.print(t("data.current_n", lang, n=len(report.current)), style="dim", highlight=False)
    for ds in report.missing:
        console.print(t("data.missing", lang, dataset=ds), style="yellow", highlight=False)


def _open(ctx: typer.Context, create: bool = False):
    return ctx.obj.open_store(create=create)


@app.command("import")
def import_(ctx: typer.Context,
            path: Optional[Path] = typer.Argument(None, help="A data folder (default: MEGAREGION_DATA), "
                                                  "an official Census CBP file, or your own table with --mapping."),
            mapping: Optional[Path] = typer.Option(None, "--mapping", "-m", help="TOML column mapping for your own CSV/Excel/Parquet file."),
            dataset: Optional[List[str]] = typer.Option(None, "--dataset", "-d", help="Only these dataset ids (see `data list`)."),
            force: bool = typer.Option(False, "--force", help="Re-import even if the files are unchanged.")):
    """Import data into the store (each dataset in one transaction; unchanged files are skipped)."""
    from megaregion.config import data_dir as resolve

    lang = ctx.obj.lang
    with _open(ctx, create=True) as store:
        if path is None or path.is_dir():
            run_folder_import(store, resolve(path or ctx.obj.data_dir, lang=lang), lang, dataset or None, force)
            return
        if not path.exists():
            raise MegaregionError(f"{path}: no such file or folder")
        if mapping is not None:
            from megaregion.io.user_tables import read_user_table

            known = {r[0] for r in store.con.execute("SELECT region_id FROM regions").fetchall()}
            say(t("progress.read", lang, file=path.name))
            batch = read_user_table(path, mapping, known_regions=known or None,
                                    regions=store.df("regions") if known else None)
            batch.files.append(mapping)  # a changed mapping changes the rows: import again
        elif _CBP_FILE.match(path.name):
            from megaregion.io.census_cbp import read_cbp_file

            batch = read_cbp_file(path)
        else:
            raise MegaregionError(
                f"{path.name}: a single file needs --mapping MAPPING.toml naming its columns "
                "(see docs/user-tables.md), unless it is an official Census CBP file (cbpYYco / cbpYYmsa)")
        if not force and store.is_current(batch.dataset, batch.files):
            console.print(t("data.current", lang, dataset=batch.dataset), highlight=False)
            return
        rows = store.import_batch(batch)
        console.print(t("data.imported", lang, dataset=batch.dataset,
                        rows=row_counts(rows, lang)), highlight=False)
        for note in batch.notes:
            console.print(f"  · {note_text(note, lang)}", style="dim", highlight=False, markup=False)


@app.command("remove")
def remove(ctx: typer.Context,
           dataset: str = typer.Argument(..., help="The dataset id to delete, e.g. user/patents2019 (see `data list`).")):
    """Delete every row a dataset wrote (e.g. a wrongly imported file of your own)."""
    with _open(ctx) as store:
        known = store.datasets()
        if dataset not in known:
            raise MegaregionError(f"no dataset {dataset!r} in the store; datasets: {', '.join(known) or 'none'}")
        rows = store.remove(dataset)
    console.print(t("data.removed", ctx.obj.lang, dataset=dataset, rows=f"{rows:,}"), highlight=False)


@app.command("list")
def list_(ctx: typer.Context):
    """Known datasets: files, whether they are in the data folder, and whether they are imported."""
    import os

    import pandas as pd

    from megaregion.io import registry

    lang = ctx.obj.lang
    folder = ctx.obj.data_dir or os.environ.get("MEGAREGION_DATA")
    with _open(ctx) as store:
        imported = set(store.datasets())
        extra = sorted(imported - set(registry.DATASETS))
    rows = []
    for ds in registry.DATASETS.values():
        rows.append({"dataset": ds.id, "description": ds.description_zh if lang == "zh" else ds.description,
                     "available": t("yes" if folder and ds.available(Path(folder)) else "no", lang),
                     "imported": t("yes" if ds.id in imported else "no", lang)})
    for ds in extra:
        rows.append({"dataset": ds, "description": "", "available": "", "imported": t("yes", lang)})
    console.print(table(pd.DataFrame(rows), [
        ("dataset", t("col.dataset", lang), "text"), ("available", t("col.available", lang), "text"),
        ("imported", t("col.imported", lang), "text"), ("description", t("col.description", lang), "text")]))


@app.command("fetch")
def fetch(ctx: typer.Context,
          what: str = typer.Argument(..., help="What to download: cbp (Census County Business Patterns)."),
          years: List[int] = typer.Option(..., "--years", help="Years, e.g. --years 2019 2021."),
          level: str = typer.Option("county", "--level", help="county or metro."),
          cache: Optional[Path] = typer.Option(None, "--cache", help="Download folder (default: <data-dir>/downloads or the user cache).")):
    """Download official files (with a progress bar), record their hashes, and import them."""
    from megaregion.io.census_cbp import read_cbp_file
    from megaregion.io.fetch import fetch_cbp

    lang = ctx.obj.lang
    if what != "cbp":
        raise MegaregionError(f"cannot fetch {what!r}: only 'cbp' can be downloaded; see docs/data.md for the others")
    if level not in ("county", "metro"):
        raise MegaregionError(f"--level {level!r}: use county or metro")
    if cache is None:
        from platformdirs import user_cache_dir

        cache = Path(user_cache_dir("megaregion")) / "census"
    paths = fetch_cbp(years, level=level, cache_dir=cache)
    with _open(ctx, create=True) as store:
        for p in paths:
            batch = read_cbp_file(p)
            if store.is_current(batch.dataset, batch.files):
                console.print(t("data.current", lang, dataset=batch.dataset), highlight=False)
                continue
            rows = store.import_batch(batch)
            console.print(t("data.imported", lang, dataset=batch.dataset,
                            rows=row_counts(rows, lang)), highlight=False)
    console.print(t("fetch.done", lang, n=len(paths)))
