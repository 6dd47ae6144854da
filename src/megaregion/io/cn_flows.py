"""Baidu Qianxi migration shares among YREB cities, daily 2020 Q1, and a window average.

The file has 1.35 million rows, so the reader is vectorised end to end with pyarrow (no
per-row Python). Flows keep the published daily shares; :func:`window_mean` turns them into one
directed flow per pair over a date window.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from megaregion.errors import DataError, MegaregionError
from megaregion.io.base import ImportBatch, check_unique, constant, prefixed, read_csv
from megaregion.io.cn_cities import add_unlisted_regions

SHARE_OF = ("origin_outflow", "destination_inflow")
KIND = "migration_share"


def _first_bad(path: Path, mask: pa.ChunkedArray, column: str, values: pa.ChunkedArray,
               problem: str, expected: str) -> None:
    if pc.any(mask).as_py():
        i = pc.index(mask, True).as_py()
        raise DataError(path, problem, row=i + 2, column=column, expected=expected,
                        found=str(values[i].as_py()))


def read_baidu_migration(data_dir: Path) -> ImportBatch:
    """Daily Baidu migration shares, 1 Jan – 31 Mar 2020, among the 130 YREB units.

    Reads ``cn/flows_baidu_migration_yreb_2020q1.csv.gz`` and writes ``flows``: ``origin``
    ``cn:`` + ``origin_code``, ``destination`` ``cn:`` + ``dest_code``, ``kind``
    ``migration_share``, ``category`` = ``share_of`` (``origin_outflow``: % of all
    out-migration from the origin that day that went to the destination; ``destination_inflow``:
    % of all in-migration to the destination that came from the origin), ``period`` = the date
    ``YYYY-MM-DD``, ``year`` 2020, ``weight`` = ``share_pct``, ``unit`` ``percent``,
    ``directed`` True.

    Caveats: these are shares, not volumes (Baidu lists each city's top-100 partners only; the
    migration-scale index is not in the source), so shares of different cities are not
    comparable volumes. Pairs with share 0 were dropped by the source: an absent pair-day means
    0 (or below Baidu's listing threshold). The quarter spans the Spring Festival rush and the
    COVID-19 lockdowns (Wuhan from 23 Jan 2020): not a typical period. The 6 rows whose origin
    equals the destination (published by Baidu) are kept.

    Raises DataError for a bad date, an unknown ``share_of``, a code that is not 6 digits, a
    share outside 0–100 or a duplicated (date, share_of, origin, destination).
    """
    path = Path(data_dir) / "cn" / "flows_baidu_migration_yreb_2020q1.csv.gz"
    t = read_csv(path, {"date": "str", "share_of": "str", "origin_code": "str",
                        "dest_code": "str", "share_pct": "float"}, non_negative=["share_pct"])
    for col in ("date", "share_of", "origin_code", "dest_code", "share_pct"):
        _first_bad(path, pc.is_null(t[col]), col, t[col], "empty cell", "a value")
    _first_bad(path, pc.invert(pc.match_substring_regex(t["date"], r"^2020-\d\d-\d\d$")),
               "date", t["date"], "not a 2020 date", "YYYY-MM-DD in 2020")
    _first_bad(path, pc.invert(pc.is_in(t["share_of"], value_set=pa.array(SHARE_OF))),
               "share_of", t["share_of"], "unknown share_of", " or ".join(SHARE_OF))
    for col in ("origin_code", "dest_code"):
        _first_bad(path, pc.invert(pc.match_substring_regex(t[col], r"^\d{6}$")), col, t[col],
                   "city code is not a 6-digit administrative code", "six digits, e.g. 420100")
    _first_bad(path, pc.greater(t["share_pct"], 100), "share_pct", t["share_pct"],
               "share above 100 %", "a percentage 0-100")
    check_unique(path, t, ["date", "share_of", "origin_code", "dest_code"])

    n = t.num_rows
    flows = pa.table({
        "origin": prefixed(t["origin_code"], "cn:"),
        "destination": prefixed(t["dest_code"], "cn:"),
        "year": constant(2020, n, pa.int32()),
        "period": t["date"],
        "kind": constant(KIND, n),
        "category": t["share_of"],
        "weight": t["share_pct"],
        "unit": constant("percent", n),
        "directed": constant(True, n, pa.bool_()),
    })
    batch = ImportBatch("cn/baidu_migration", files=[path])
    batch.add("flows", flows)
    codes = pc.unique(pa.chunked_array([pc.unique(t["origin_code"]), pc.unique(t["dest_code"])]))
    add_unlisted_regions(batch, data_dir, pd.Series(codes.to_pylist(), dtype="string"), None,
                         "Baidu migration")
    self_loops = pc.sum(pc.equal(t["origin_code"], t["dest_code"])).as_py() or 0
    days = len(pc.unique(t["date"]))
    batch.notes.append(
        f"{n:,} daily shares over {days} days; {self_loops} rows with origin = destination are "
        "kept as published. Shares, not volumes (top-100 partners per city); absent pair-days "
        "were zero or unlisted shares dropped by the source. Spring Festival and COVID-19 "
        "lockdowns fall in this quarter: not a typical period.")
    return batch


def window_mean(flows: pd.DataFrame, start: str, end: str,
                share_of: str = "origin_outflow") -> pd.DataFrame:
    """Mean daily migration share of each directed pair over ``start``–``end`` (inclusive).

    Parameters
    ----------
    flows : Baidu flows in the canonical ``flows`` shape (``origin``, ``destination``,
        ``period`` = ``YYYY-MM-DD``, ``category`` = share_of, ``weight`` in percent), e.g.
        ``read_baidu_migration(...).tables['flows'].to_pandas()`` or the store's rows.
    start, end : first and last day, ``YYYY-MM-DD``; both included.
    share_of : ``origin_outflow`` or ``destination_inflow``; the two are never mixed.

    Returns
    -------
    pandas.DataFrame in the canonical ``flows`` shape: one row per (origin, destination) pair
    seen in the window, ``weight`` = mean daily share (percent), ``period`` ``'START/END'``,
    ``year`` = the year of ``end``, ``kind`` and ``unit`` as in the input, ``directed`` True.
    ``df.attrs['n_days']`` is the number of days averaged over and ``df.attrs['days']`` lists
    them.

    Notes
    -----
    Baidu drops zero shares, so a pair absent on a day counts as **0** that day: the mean is the
    sum of the pair's shares divided by the number of days in the window that have any data
    for ``share_of`` (not by the days on which the pair appears, which would overstate
    occasional links). Days inside the window with no rows at all (a missing source file) are
    treated as unobserved and left out of the denominator; in the 2020 Q1 file all 91 days are
    present, so the denominator is the number of calendar days in the window.
    """
    if share_of not in SHARE_OF:
        raise MegaregionError(f"share_of must be one of {', '.join(SHARE_OF)}, not {share_of!r}")
    try:
        d0, d1 = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        raise MegaregionError(f"window dates must be YYYY-MM-DD, got {start!r} and {end!r}") from None
    if d1 < d0:
        raise MegaregionError(f"window end {end} is before its start {start}")
    start, end = d0.isoformat(), d1.isoformat()
    period = flows["period"].astype("string")
    sel = flows[(flows["category"] == share_of) & (period >= start) & (period <= end)
                & period.str.fullmatch(r"\d{4}-\d\d-\d\d").fillna(False)]
    days = sorted(sel["period"].astype("string").unique().tolist())
    if not days:
        raise MegaregionError(f"no {share_of} migration shares between {start} and {end}")
    g = sel.groupby(["origin", "destination"], as_index=False, sort=True).agg(
        total=("weight", "sum"))
    kind = sel["kind"].iloc[0] if "kind" in sel else KIND
    unit = sel["unit"].iloc[0] if "unit" in sel else "percent"
    out = pd.DataFrame({
        "origin": g["origin"], "destination": g["destination"],
        "year": np.int32(d1.year), "period": f"{start}/{end}", "kind": kind,
        "category": share_of, "weight": g["total"] / len(days), "unit": unit, "directed": True,
    })
    out.attrs["n_days"] = len(days)
    out.attrs["days"] = days
    return out
