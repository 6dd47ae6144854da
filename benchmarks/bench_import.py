"""Import benchmark: the full US county CBP files into the store, against plain pandas.

Measures, in the same run and on the same files:

* baseline: ``pandas.read_csv`` of the three county files (NAICS 2, 3, 4 digits) + ``concat``
  (parsing only: no checks, no reshaping, no database);
* megaregion: the ``us/cbp_county`` reader (typed, checked parsing; reshaping into canonical long
  activity rows; suppression flags) plus the transactional import into a DuckDB store file.

Reports input rows per second for both and the ratio (megaregion / baseline; above 1 means
megaregion is faster). Target: ratio >= 1. Usage::

    MEGAREGION_DATA=../shared/data python benchmarks/bench_import.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

FILES = ["cbp_county_naics2_2017_2021.csv.gz", "cbp_county_naics3_2017_2021.csv.gz",
         "cbp_county_naics4_2017_2021.csv.gz"]


def baseline(us: Path) -> int:
    frames = [pd.read_csv(us / f, dtype={"fips": str, "naics": str}) for f in FILES]
    return len(pd.concat(frames, ignore_index=True))


def megaregion_import(data_dir: Path) -> int:
    from megaregion.io import registry
    from megaregion.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.duckdb")
        batch = registry.get("us/cbp_county").read(data_dir)
        store.import_batch(batch)
        n = store.con.execute("SELECT count(*) FROM activity").fetchone()[0]
        store.close()
    return n


def timed(fn, *args, repeat: int) -> tuple[list[float], int]:
    times, out = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(*args)
        times.append(time.perf_counter() - t0)
    return times, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = os.environ.get("MEGAREGION_DATA")
    if not data or not (Path(data) / "us").is_dir():
        print("set MEGAREGION_DATA to the data folder", file=sys.stderr)
        return 2
    data_dir = Path(data)
    megaregion_import(data_dir)  # warm-up: imports, OS file cache
    base_t, rows = timed(baseline, data_dir / "us", repeat=args.repeat)
    ours_t, activity_rows = timed(megaregion_import, data_dir, repeat=args.repeat)
    b, o = statistics.median(base_t), statistics.median(ours_t)
    print(f"input rows: {rows:,} (3 files); canonical activity rows written: {activity_rows:,}")
    print(f"baseline pandas.read_csv+concat: median {b:.3f} s (min {min(base_t):.3f}) = {rows / b:,.0f} rows/s")
    print(f"megaregion read+check+reshape+import: median {o:.3f} s (min {min(ours_t):.3f}) = {rows / o:,.0f} rows/s")
    print(f"ratio (megaregion speed / baseline speed): {b / o:.2f}x  (target >= 1.00x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
