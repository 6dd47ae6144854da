"""The store a benchmark runs on: ``MEGAREGION_STORE`` (else the user's default store), brought
up to date from ``MEGAREGION_DATA`` first, so that a benchmark is one command on a fresh machine.

Importing is idempotent: datasets whose files are unchanged are skipped, so a store built by
``megaregion data import`` costs nothing here. The import is not part of any timing.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def ready_store():
    from megaregion import open_store
    from megaregion.config import store_path
    from megaregion.importer import import_folder

    data = os.environ.get("MEGAREGION_DATA")
    if not data or not (Path(data) / "us").is_dir():
        sys.exit("set MEGAREGION_DATA to the shared data folder (the one with us/, cn/, links/)")
    path = store_path(None)
    path.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(path)
    t0 = time.perf_counter()
    report = import_folder(store, Path(data))
    if report.imported:
        print(f"imported {len(report.imported)} datasets into {path} in {time.perf_counter() - t0:.0f} s "
              "(not timed below)")
    return store
