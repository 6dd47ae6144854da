"""megaregion: industrial and innovation coordination among the cities of a megaregion.

Python API (mirrors the command line)::

    import megaregion
    store = megaregion.open_store()                    # the default store file
    megaregion.import_folder(store, "/path/to/data")   # like `megaregion data import`
    boswash = store.group("us-boswash", years=[2018, 2019])
    boswash.members, boswash.activity, boswash.indicators, boswash.flows
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"


def open_store(path: str | Path | None = None, *, read_only: bool = False):
    """Open (or create) the store: ``path``, else ``MEGAREGION_STORE``, else the user data dir."""
    from megaregion.config import store_path
    from megaregion.store import Store

    return Store(store_path(path), read_only=read_only)


def import_folder(store, data_dir: str | Path | None = None, datasets=None, *, force: bool = False):
    """Import the datasets found in ``data_dir`` (default ``MEGAREGION_DATA``) into ``store``."""
    from megaregion import importer
    from megaregion.config import data_dir as resolve

    return importer.import_folder(store, resolve(data_dir), datasets, force=force)


__all__ = ["__version__", "open_store", "import_folder"]
