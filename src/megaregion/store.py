"""The embedded store: one DuckDB file holding the canonical tables.

Imports are transactions. Importing a dataset deletes the rows that the same dataset wrote
before (every canonical table has a ``source`` column) and inserts the new ones, all in one
``BEGIN … COMMIT``; any error rolls back, so a failed or interrupted import leaves the store
exactly as it was. Re-importing unchanged files is a no-op: the manifest keeps each file's
SHA-256, and a dataset whose files all match is skipped.

Reads go through Ibis expressions (:meth:`Store.table`) so the same query code can later run on
Spark; :meth:`Store.group` returns a :class:`~megaregion.model.megaregion.Megaregion` with
pandas DataFrames for the analysis modules.
"""

from __future__ import annotations

from contextlib import contextmanager

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

import duckdb
import pandas as pd
import pyarrow as pa

from megaregion.errors import StoreError, UnknownNameError
from megaregion.io.base import ImportBatch, file_digest
from megaregion.model.schema import TABLES

SCHEMA_VERSION = 2  # 2: indicators.flag (quality tier)

_DUCK_TYPES = {
    pa.string(): "VARCHAR", pa.float64(): "DOUBLE", pa.int32(): "INTEGER",
    pa.int64(): "BIGINT", pa.bool_(): "BOOLEAN",
}


def _ddl(name: str) -> str:
    cols = ", ".join(f'"{f.name}" {_DUCK_TYPES[f.type]}' for f in TABLES[name].schema)
    return f'CREATE TABLE IF NOT EXISTS "{name}" ({cols})'


class Store:
    """A DuckDB database file with the canonical tables and an import manifest.

    Parameters
    ----------
    path : the database file; created if absent. ``":memory:"`` for a throw-away store.
    read_only : open without write access (several readers may share a file).
    """

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from exc
        if not read_only:
            self._create()
        self._ibis = None

    # -- schema ------------------------------------------------------------------------------
    def _create(self) -> None:
        for name in TABLES:
            self.con.execute(_ddl(name))
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS imports (dataset VARCHAR, file VARCHAR, sha256 VARCHAR, "
            "bytes BIGINT, rows VARCHAR, notes VARCHAR, imported_at TIMESTAMP)")
        self.con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR)")
        found = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if found is None:
            self.con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        elif int(found[0]) != SCHEMA_VERSION:
            raise StoreError(f"the store {self.path} has schema version {found[0]}, this megaregion "
                             f"expects {SCHEMA_VERSION}; delete it and import again")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- imports -----------------------------------------------------------------------------
    def manifest(self) -> pd.DataFrame:
        """One row per imported file: dataset, file, sha256, bytes, rows (JSON), notes, time."""
        return self.con.execute("SELECT * FROM imports ORDER BY dataset, file").df()

    def is_current(self, dataset: str, files: Iterable[Path]) -> bool:
        """True when ``dataset`` was imported from exactly these files (same bytes)."""
        recorded = dict(self.con.execute(
            "SELECT file, sha256 FROM imports WHERE dataset = ?", [dataset]).fetchall())
        files = list(files)
        if not recorded or len(recorded) != len(files):
            return False
        return all(recorded.get(Path(f).name) == file_digest(Path(f)) for f in files)

    def import_batch(self, batch: ImportBatch, *, _fail_after_delete: bool = False) -> dict[str, int]:
        if getattr(self, "_group_cache", None):
            self._group_cache.clear()  # the store changes: groups read before are stale
        """Replace the rows of ``batch.dataset`` by the batch's rows, atomically.

        Regions are shared between datasets: a region id already defined by another dataset
        keeps that definition (the first import wins), and the batch's duplicate is not added.

        Returns the number of rows written per table.
        """
        written: dict[str, int] = {}
        self.con.execute("BEGIN TRANSACTION")
        try:
            for name in TABLES:
                self.con.execute(f'DELETE FROM "{name}" WHERE source = ?', [batch.dataset])
            self.con.execute("DELETE FROM imports WHERE dataset = ?", [batch.dataset])
            if _fail_after_delete:  # test hook: simulate a crash in the middle of an import
                raise RuntimeError("simulated failure during import")
            for name, table in batch.tables.items():
                self.con.register("__batch", table)
                if name == "regions":
                    self.con.execute(
                        'INSERT INTO regions SELECT * FROM __batch b WHERE NOT EXISTS '
                        '(SELECT 1 FROM regions r WHERE r.region_id = b.region_id)')
                else:
                    self.con.execute(f'INSERT INTO "{name}" SELECT * FROM __batch')
                self.con.unregister("__batch")
                written[name] = table.num_rows
            now = datetime.now(timezone.utc).replace(tzinfo=None)
            for f in batch.files:
                f = Path(f)
                self.con.execute(
                    "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [batch.dataset, f.name, file_digest(f), f.stat().st_size,
                     json.dumps(batch.rows()), "\n".join(batch.notes), now])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self._ibis = None
        return written

    def remove(self, dataset: str) -> int:
        """Delete every row that ``dataset`` wrote (in one transaction); the number deleted."""
        if getattr(self, "_group_cache", None):
            self._group_cache.clear()
        self.con.execute("BEGIN TRANSACTION")
        try:
            deleted = 0
            for name in TABLES:
                deleted += self.con.execute(f'SELECT count(*) FROM "{name}" WHERE source = ?',
                                            [dataset]).fetchone()[0]
                self.con.execute(f'DELETE FROM "{name}" WHERE source = ?', [dataset])
            self.con.execute("DELETE FROM imports WHERE dataset = ?", [dataset])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return deleted

    # -- reads -------------------------------------------------------------------------------
    @property
    def ibis(self):
        """An Ibis DuckDB backend over this store's connection."""
        if self._ibis is None:
            import ibis

            # A cursor of its own: DuckDB refuses new work on a connection with an unfinished result.
            self._ibis = ibis.duckdb.from_connection(self.con.cursor())
        return self._ibis

    def table(self, name: str):
        """Ibis table expression for a canonical table (``store.table('activity')``)."""
        if name not in TABLES and name != "imports":
            raise UnknownNameError(f"unknown table {name!r}; tables: {', '.join(TABLES)}")
        return self.ibis.table(name)

    def df(self, name: str) -> pd.DataFrame:
        """A whole canonical table as a pandas DataFrame."""
        return self.table(name).to_pandas()

    def counts(self) -> pd.DataFrame:
        """Rows per dataset and table: what the store holds."""
        parts = [f"SELECT source AS dataset, '{n}' AS table_name, count(*) AS rows FROM \"{n}\" "
                 f"GROUP BY source" for n in TABLES]
        return self.con.execute(" UNION ALL ".join(parts) + " ORDER BY dataset, table_name").df()

    def activity_rows(self, source: str, measure: str, year: int, digits: int | None = None) -> pd.DataFrame:
        """Activity rows of one source, measure and year across all regions (``region_id``,
        ``industry``, ``value``, ``flag``); with ``digits``, only NAICS codes of that length
        (2 includes the hyphenated sectors, never the total ``00``)."""
        cond = ""
        if digits == 2:
            cond = " AND ((length(industry) = 2 AND industry <> '00') OR industry LIKE '%-%')"
        elif digits:
            cond = f" AND length(industry) = {int(digits)} AND industry NOT LIKE '%-%'"
        return self.con.execute(
            "SELECT region_id, industry, value, flag FROM activity WHERE source = ? AND measure = ? "
            f"AND year = ?{cond}", [source, measure, int(year)]).df()

    def datasets(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT DISTINCT dataset FROM imports ORDER BY 1").fetchall()]

    def group_ids(self) -> pd.DataFrame:
        """Groups with member counts and core members: ``members`` counts the cities (Chinese
        cities, or US metros of the group's main delineation, as the comparisons use them),
        ``counties`` the county members (US), ``rows`` every membership row."""
        df = self.con.execute(
            "SELECT g.group_id, g.group_name, g.group_name_zh, g.region_id, g.role, g.vintage, r.level "
            "FROM groups g LEFT JOIN regions r USING (region_id)").df()
        from megaregion.model.megaregion import main_units

        out = []
        for gid, g in df.groupby("group_id", sort=True):
            level = "metro" if (g["level"] == "metro").any() else "city"
            cities = main_units(g, level)
            counted = cities if not cities.empty else g
            out.append({"group_id": gid, "group_name": g["group_name"].iloc[0],
                        "group_name_zh": g["group_name_zh"].iloc[0],
                        "members": len(counted), "counties": int((g["level"] == "county").sum()),
                        "rows": len(g),
                        "core": " ".join(counted.loc[counted["role"] == "core", "region_id"])
                        or " ".join(g.loc[g["role"] == "core", "region_id"])})
        return pd.DataFrame(out, columns=["group_id", "group_name", "group_name_zh", "members",
                                          "counties", "rows", "core"])

    def group(self, group_id: str, years: Iterable[int] | None = None):
        """The regions and tables of one group (see :class:`Megaregion`); inside
        :meth:`cached_groups` each group is read once and handed out as copies."""
        from megaregion.model.megaregion import Megaregion

        cache = getattr(self, "_group_cache", None)
        if cache is None:
            return Megaregion.from_store(self, group_id, years=years)
        key = (group_id, tuple(sorted({int(y) for y in years})) if years is not None else None)
        if key not in cache:
            cache[key] = Megaregion.from_store(self, group_id, years=years)
        return cache[key].copy()

    @contextmanager
    def cached_groups(self):
        """Read each group once within the block (a report runs a dozen workflows on the same
        group; reading a large group's rows is seconds each time). Each caller gets its own copy,
        so a workflow that changes its tables cannot change another's; an import inside the block
        empties the cache."""
        previous = getattr(self, "_group_cache", None)
        self._group_cache = {} if previous is None else previous
        try:
            yield self
        finally:
            self._group_cache = previous
