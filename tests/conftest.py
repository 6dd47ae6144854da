"""Shared fixtures.

Tests that need the real data read it from the folder named by ``MEGAREGION_DATA`` (CI points
it at the project's shared data). Without it they are skipped with a clear reason; CI sets it,
and ``.ci/run`` fails if it is missing, so in CI they always run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (a fixed seed): the CI gate must not turn
# red by chance. Set HYPOTHESIS_PROFILE=explore to search with fresh random examples instead.
settings.register_profile("fixed", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))


def _data_dir() -> Path | None:
    value = os.environ.get("MEGAREGION_DATA")
    if not value:
        return None
    path = Path(value)
    return path if (path / "us").is_dir() else None


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real data folder (skips the test when MEGAREGION_DATA is not set)."""
    path = _data_dir()
    if path is None:
        pytest.skip("MEGAREGION_DATA does not point at a data folder")
    return path


@pytest.fixture(scope="session")
def real_store(data_dir, tmp_path_factory):
    """A store with every real dataset imported once for the whole test session."""
    from megaregion.importer import import_folder
    from megaregion.store import Store

    store = Store(tmp_path_factory.mktemp("store") / "megaregion.duckdb")
    import_folder(store, data_dir)
    yield store
    store.close()
