"""Where the data folder and the store live.

Data folder: ``--data-dir``, else the environment variable ``MEGAREGION_DATA``. Store: ``--store``,
else ``MEGAREGION_STORE``, else ``megaregion.duckdb`` in the user's data directory (from
platformdirs: ``~/.local/share/megaregion`` on Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

from megaregion.errors import DataNotFoundError
from megaregion.i18n import t


def data_dir(explicit: str | Path | None = None, *, lang: str = "en") -> Path:
    """The data folder, or a DataNotFoundError that says how to provide one."""
    value = explicit or os.environ.get("MEGAREGION_DATA")
    if not value:
        raise DataNotFoundError(t("data.no_dir", lang))
    path = Path(value).expanduser()
    if not path.is_dir():
        raise DataNotFoundError(f"{path} is not a folder. " + t("data.no_dir", lang))
    return path


def store_path(explicit: str | Path | None = None) -> Path:
    value = explicit or os.environ.get("MEGAREGION_STORE")
    if value:
        return Path(value).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("megaregion")) / "megaregion.duckdb"
