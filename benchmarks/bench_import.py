"""Import benchmark: the full US county CBP files into the store, against plain pandas.

Measures, in the same run and on the same files:

* baseline (the same work done with plain pandas): ``pandas.read_csv`` of the three county
  files (NAICS 2, 3, 4 digits) + ``concat``, reshaped to the canonical long activity rows with
  ``melt`` and inserted into a DuckDB store file;
* parse-only reference: ``pandas.read_csv`` + ``concat`` alone (no reshaping, no database), to
  show what the parsing floor is;
* megaregion: the ``us/cbp_county`` reader (typed, checked parsing; reshaping into canonical long
  activity rows; suppression flags) plus the transactional import into a DuckDB store file.

Reports input rows per second for each and the ratios (above 1 means megaregion is faster).
Target: at least as fast as the baseline. Usage::

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


def parse_only(us: Path) -> int:
    frames = [pd.read_csv(us / f, dtype={"fips": str, "naics": str}) for f in FILES]
    return len(pd.concat(frames, ignore_index=True))


def baseline(us: Path) -> int:
    """Plain pandas: read, concat, melt to long rows, insert into a DuckDB file."""
    import duckdb

    from megaregion.store import _ddl

    raw = pd.concat([pd.read_csv(us / f, dtype={"fips": str, "naics": str}) for f in FILES],
                    ignore_index=True)
    raw = raw.rename(columns={"payroll_k": "payroll"})
    long = raw.melt(id_vars=["fips", "year", "naics"], value_vars=["employees", "establishments", "payroll"],
                    var_name="measure", value_name="value")
    df = pd.DataFrame({
        "region_id": "us:" + long["fips"], "year": long["year"].astype("int32"),
        "classification": "naics2017", "industry": long["naics"], "measure": long["measure"],
        "value": long["value"].astype("float64"),
        "unit": long["measure"].map({"employees": "persons", "establishments": "count", "payroll": "usd_1000"}),
        "flag": "observed", "source": "baseline",
    })
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "base.duckdb"))
        con.execute(_ddl("activity"))
        con.register("df", df)
        con.execute("INSERT INTO activity SELECT * FROM df")
        n = con.execute("SELECT count(*) FROM activity").fetchone()[0]
        con.close()
    return n


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
    parse_t, rows = timed(parse_only, data_dir / "us", repeat=args.repeat)
    base_t, base_rows = timed(baseline, data_dir / "us", repeat=args.repeat)
    ours_t, activity_rows = timed(megaregion_import, data_dir, repeat=args.repeat)
    p, b, o = (statistics.median(x) for x in (parse_t, base_t, ours_t))
    print(f"input rows: {rows:,} (3 files); canonical activity rows written: {activity_rows:,} (baseline {base_rows:,})")
    print(f"parse only, pandas.read_csv+concat:     median {p:.3f} s (min {min(parse_t):.3f}) = {rows / p:,.0f} rows/s")
    print(f"baseline, pandas read+concat+melt+insert: median {b:.3f} s (min {min(base_t):.3f}) = {rows / b:,.0f} rows/s")
    print(f"megaregion read+check+reshape+import:   median {o:.3f} s (min {min(ours_t):.3f}) = {rows / o:,.0f} rows/s")
    print(f"ratio vs baseline (same work):  {b / o:.2f}x  (target >= 1.00x)")
    print(f"ratio vs parse-only reference:  {p / o:.2f}x  (parsing alone, no reshaping or store)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
