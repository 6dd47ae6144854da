"""Reproduce the backtest of the alliance ranking reported in docs/alliances.md.

Recommend from the data before a period, score on the new links of that period, for US
inter-metro technology transfer (``megaregion.analysis.alliance_backtest``): precision@k, the
precision of random pairs matched on distance and size (the baseline measured in the same run),
lift, and AUC overall and within distance x size cells for the score, its components and plain
distance, size and gravity rankings. Usage::

    MEGAREGION_DATA=../shared/data MEGAREGION_STORE=/tmp/x/megaregion.duckdb \\
        .venv/bin/python benchmarks/bench_alliances_backtest.py

The same tables: ``megaregion alliances --backtest --out backtest.xlsx``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _store import ready_store  # noqa: E402  (the benchmarks folder is not a package)

import time

import pandas as pd


def main() -> None:
    from megaregion.analysis.alliance_backtest import alliance_backtest

    store = ready_store()
    t0 = time.perf_counter()
    res = alliance_backtest(store)
    took = time.perf_counter() - t0
    with pd.option_context("display.width", 200, "display.precision", 3):
        print(res.tables["design"].to_string(index=False))
        print()
        print(res.tables["backtest"].to_string(index=False))
        print()
        print(res.tables["auc"].to_string(index=False))
    print()
    for line in res.findings("en"):
        print("*", line)
    print(f"\nbacktest ran in {took:.1f} s")


if __name__ == "__main__":
    main()
