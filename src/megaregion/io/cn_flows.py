"""Baidu Qianxi migration shares among YREB cities, daily 2020 Q1, and a window average.

The file has 1.35 million rows, so the reader is vectorised end to end with pyarrow (no
per-row Python). Flows keep the published daily shares; averaging them over a date window is
analysis, done by :func:`megaregion.model.flows.window_mean`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from megaregion.errors import DataError
from megaregion.i18n.notes import Note
from megaregion.io.base import ImportBatch, check_unique, constant, prefixed, read_csv
from megaregion.io.cn_cities import add_unlisted_regions
from megaregion.model.flows import KIND, SHARE_OF


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
    batch.notes.append(Note(
        f"{n:,} daily shares over {days} days; {self_loops} rows with origin = destination are "
        "kept as published. Shares, not volumes (top-100 partners per city); absent pair-days "
        "were zero or unlisted shares dropped by the source. Spring Festival and COVID-19 "
        "lockdowns fall in this quarter: not a typical period.",
        f"{days}天共{n:,}条逐日比例；{self_loops}行起点与终点相同，按发布原样保留。数据是比例而非人数"
        "（每个城市只列前100个对象城市）；缺失的“城市对—日”为0或被来源略去的未列出比例。该季度含春节和"
        "新冠疫情封控，不是典型时期。"))
    return batch


