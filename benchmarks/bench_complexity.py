"""Economic-complexity benchmark: megaregion against ecomplexity 0.5.3, same data, same run.

Data: every county in the US CBP county file × 4-digit NAICS, 2019, value = employees
(the rule of tests/reference/make_ecomplexity_reference.py).

Timed, from the same long table (fips, naics, employees) already in memory:

* megaregion: pivot to a county × industry matrix + ``economic_complexity`` (RCA, M,
  diversity/ubiquity, ECI/PCI, proximity, density, COI, COG);
* ecomplexity: ``ecomplexity.ecomplexity(..., check_logsupermodularity=False)`` (the
  same outputs; its optional log-supermodularity diagnostic is switched off), run in
  a subprocess with the interpreter of a separate venv (default /tmp/ecxvenv) and
  timed inside that subprocess, so process start-up and imports are not counted.

Each side runs once to warm up, then ``--repeat`` times; the median is reported.
Results are compared (max |difference| of ECI, PCI, COI). Target: ratio >= 5.
On a small shared machine multithreaded BLAS makes both timings noisy; pin it to
one thread for both sides (the subprocess inherits the environment)::

    OPENBLAS_NUM_THREADS=1 MEGAREGION_DATA=../shared/data \
        python benchmarks/bench_complexity.py [--repeat 9]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

FILE = "cbp_county_naics4_2017_2021.csv.gz"
YEAR = 2019

ECX_SCRIPT = r"""
import json, statistics, sys, time
import pandas as pd
from ecomplexity import ecomplexity
df = pd.read_csv(sys.argv[1], dtype={"fips": str, "naics": str})
cols = {"time": "year", "loc": "fips", "prod": "naics", "val": "employees"}
repeat = int(sys.argv[2])
ecomplexity(df, cols, check_logsupermodularity=False, verbose=False)  # warm-up
times = []
for _ in range(repeat):
    t0 = time.perf_counter()
    out = ecomplexity(df, cols, check_logsupermodularity=False, verbose=False)
    times.append(time.perf_counter() - t0)
out = out.dropna(subset=["eci"])
res = {
    "times": times,
    "eci": out.groupby("fips")["eci"].first().to_dict(),
    "coi": out.groupby("fips")["coi"].first().to_dict(),
    "pci": out.groupby("naics")["pci"].first().to_dict(),
}
json.dump(res, open(sys.argv[3], "w"))
"""


def load(data_dir: Path) -> pd.DataFrame:
    df = pd.read_csv(data_dir / "us" / FILE, dtype={"fips": str, "naics": str})
    df = df[(df["year"] == YEAR) & df["naics"].str.fullmatch(r"\d{4}")]
    return df[["year", "fips", "naics", "employees"]].reset_index(drop=True)


def run_megaregion(df: pd.DataFrame):
    from megaregion.metrics.complexity import economic_complexity, matrix_from_long

    return economic_complexity(matrix_from_long(df, "fips", "naics", "employees"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--ecx-python", default="/tmp/ecxvenv/bin/python")
    args = ap.parse_args()
    data = os.environ.get("MEGAREGION_DATA")
    if not data:
        print("set MEGAREGION_DATA to the shared data folder", file=sys.stderr)
        return 2
    df = load(Path(data))
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}, "
          f"CPUs={os.cpu_count()}")
    print(f"data: {FILE}, {YEAR}: {df['fips'].nunique()} counties × {df['naics'].nunique()} industries, "
          f"{len(df):,} non-empty cells")

    run_megaregion(df)  # warm-up
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        res = run_megaregion(df)
        times.append(time.perf_counter() - t0)
    t_mr = statistics.median(times)
    print(f"megaregion  (pivot + RCA/M/ECI/PCI/φ/density/COI/COG): median {t_mr * 1000:8.1f} ms "
          f"over {args.repeat} runs (min {min(times) * 1000:.1f} ms)")

    if not Path(args.ecx_python).exists():
        print(f"ecomplexity venv not found at {args.ecx_python}; create it with\n"
              "  python3 -m venv /tmp/ecxvenv && /tmp/ecxvenv/bin/pip install ecomplexity==0.5.3 pandas")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "df.csv", Path(tmp) / "out.json"
        df.to_csv(src, index=False)
        subprocess.run([args.ecx_python, "-c", ECX_SCRIPT, str(src), str(args.repeat), str(dst)], check=True)
        ecx = json.loads(dst.read_text())
    t_ecx = statistics.median(ecx["times"])
    print(f"ecomplexity 0.5.3 (same outputs, log-supermodularity check off): median {t_ecx * 1000:8.1f} ms "
          f"over {args.repeat} runs (min {min(ecx['times']) * 1000:.1f} ms)")
    print(f"ratio ecomplexity / megaregion = {t_ecx / t_mr:.1f}× on medians, "
          f"{min(ecx['times']) / min(times):.1f}× on best runs (target ≥ 5×)")
    diffs = {}
    for key, ser in (("eci", res.eci), ("coi", res.coi), ("pci", res.pci)):
        ref = pd.Series(ecx[key])
        diffs[key] = float(np.max(np.abs(ser.reindex(ref.index).to_numpy() - ref.to_numpy())))
    print("max |megaregion − ecomplexity|: " + ", ".join(f"{k} {v:.2e}" for k, v in diffs.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
