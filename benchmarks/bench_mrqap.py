"""Benchmark: megaregion MRQAP (Y-permutation and DSP) against R sna::netlm.

Problem: 300 nodes (89,700 directed dyads), 3 predictors + intercept, 2,000 permutations.

Run from the repository root::

    .venv/bin/python benchmarks/bench_mrqap.py [--n 300] [--perm 2000] [--r-reps 40]

If ``Rscript`` with package ``sna`` is on PATH, the same matrices are written to a temporary
folder and ``sna::netlm`` is timed (``system.time`` around netlm only, not the CSV reading)
with ``--r-reps`` permutations for ``nullhyp="qapy"`` and ``"qapspp"``; netlm's cost is linear
in the number of permutations, so its time is scaled to ``--perm`` and the output says so.
Coefficients of both implementations are compared. Without R only Python timings are printed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from megaregion.metrics.inference import mrqap

R_SCRIPT = r"""
suppressMessages(library(sna)); suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; reps <- as.integer(args[2])
rd <- function(nm) unname(as.matrix(read.csv(file.path(dir, paste0(nm, ".csv")), header = FALSE)))
y <- rd("y"); x <- list(rd("x1"), rd("x2"), rd("x3"))
set.seed(1)
t_qapy <- system.time(f1 <- netlm(y, x, nullhyp = "qapy", reps = reps))[["elapsed"]]
set.seed(2)
t_spp <- system.time(f2 <- netlm(y, x, nullhyp = "qapspp", reps = reps))[["elapsed"]]
cat(toJSON(list(qapy = t_qapy, qapspp = t_spp, coef = unname(f1$coefficients),
                r = R.version.string, sna = as.character(packageVersion("sna"))),
           auto_unbox = TRUE, digits = NA))
"""


def make_problem(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    lat, lon = rng.uniform(22, 40, n), rng.uniform(105, 122, n)
    dist = np.hypot(lat[:, None] - lat[None, :], lon[:, None] - lon[None, :])
    gdp = rng.lognormal(0, 1, n)
    x1 = np.log1p(dist)
    x2 = np.log(np.outer(gdp, gdp))
    grp = rng.integers(0, 10, n)
    x3 = (grp[:, None] == grp[None, :]).astype(float)
    node = rng.normal(size=n)
    y = 2 - 0.8 * x1 + 0.3 * x2 + 0.2 * x3 + node[:, None] + node[None, :] + rng.normal(size=(n, n))
    for m in (y, x1, x2, x3):
        np.fill_diagonal(m, 0.0)
    return y, [x1, x2, x3]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--perm", type=int, default=2000)
    ap.add_argument("--r-reps", type=int, default=40)
    args = ap.parse_args()
    y, xs = make_problem(args.n)
    print(f"MRQAP benchmark: {args.n} nodes, {args.n * (args.n - 1):,} dyads, 3 predictors, {args.perm:,} permutations")
    py = {}
    for method in ("y-permutation", "dsp"):
        mrqap(y, xs, n_perm=20, method=method)  # warm-up
        t0 = time.perf_counter()
        res = mrqap(y, xs, n_perm=args.perm, method=method, seed=0)
        py[method] = time.perf_counter() - t0
        print(f"  megaregion mrqap {method:14s}: {py[method]:7.2f} s   (p two-sided: {np.round(res.p_two_sided, 4)})")
    coef_py = res.coef
    rscript = shutil.which("Rscript")
    ok = rscript and subprocess.run([rscript, "-e", "library(sna)"], capture_output=True).returncode == 0
    if not ok:
        print("  R / sna not available: only Python timings are shown")
        return
    with tempfile.TemporaryDirectory() as tmp:
        for name, m in zip(("y", "x1", "x2", "x3"), (y, *xs)):
            np.savetxt(Path(tmp) / f"{name}.csv", m, delimiter=",", fmt="%.17g")
        script = Path(tmp) / "bench.R"
        script.write_text(R_SCRIPT)
        out = subprocess.run([rscript, str(script), tmp, str(args.r_reps)], capture_output=True, text=True, check=True)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    scale = args.perm / args.r_reps
    print(f"  {r['r']}, sna {r['sna']}: netlm timed with {args.r_reps} permutations and scaled x{scale:g} "
          f"to {args.perm:,} (netlm time is linear in reps; includes one base fit)")
    for method, key in (("y-permutation", "qapy"), ("dsp", "qapspp")):
        r_time = r[key] * scale
        print(f"  sna::netlm nullhyp={key:7s}: {r[key]:7.2f} s measured -> ~{r_time:8.1f} s for {args.perm:,}; "
              f"megaregion is {r_time / py[method]:6.1f}x faster (target >= 20x)")
    diff = np.max(np.abs(np.asarray(r["coef"]) - coef_py))
    print(f"  coefficients: max |megaregion - netlm| = {diff:.2e} ({'agree' if diff < 1e-8 else 'DISAGREE'})")


if __name__ == "__main__":
    main()
