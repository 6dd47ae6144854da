"""Import datasets from a data folder into a store, in dependency order, skipping unchanged ones.

This is the glue between readers (:mod:`megaregion.io`) and the store: the command line's
``data import`` and ``demo`` and the Python API call it. Each dataset is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from megaregion.io import registry
from megaregion.store import Store


@dataclass
class ImportReport:
    """What an import run did: datasets imported (with rows), skipped as current, or missing."""

    imported: dict[str, dict[str, int]] = field(default_factory=dict)
    current: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)


def import_folder(store: Store, data_dir: Path, datasets: Iterable[str] | None = None, *,
                  force: bool = False,
                  on_step: Callable[[str, str], None] | None = None) -> ImportReport:
    """Import every known dataset found in ``data_dir`` (or only ``datasets``).

    A dataset whose files are unchanged since its last import is skipped unless ``force``.
    ``on_step(dataset, status)`` is called with status ``start``, ``imported``, ``current`` or
    ``missing`` (the command line uses it for its progress bar).
    """
    report = ImportReport()
    step = on_step or (lambda *_: None)
    for ds in registry.ordered(datasets):
        step(ds.id, "start")
        if not ds.available(data_dir):
            report.missing.append(ds.id)
            step(ds.id, "missing")
            continue
        if not force and store.is_current(ds.id, ds.files(data_dir)):
            report.current.append(ds.id)
            step(ds.id, "current")
            continue
        batch = ds.read(data_dir)
        # The manifest must hold every file the registry names, or the dataset never looks current.
        known = {Path(f).resolve() for f in batch.files}
        batch.files += [f for f in ds.files(data_dir) if f.resolve() not in known]
        report.imported[ds.id] = store.import_batch(batch)
        report.notes[ds.id] = list(batch.notes)
        step(ds.id, "imported")
    return report
