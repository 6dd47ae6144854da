"""Benchmark: Borgatti-Everett core-periphery (fit and permutation test), new vs previous.

Networks: seeded synthetic undirected networks of 1,000 / 3,000 / 10,000 nodes with about 20
links per node (node activity Pareto-distributed, so there is a core), and the US county
commuting network (ACS 2009-2013, every county pair with workers, both directions merged into
one binary undirected tie, self-flows left out).

For each network: the BE fit (``core_periphery_be``, 20 random starts + 5 degree starts) and
the permutation test (``core_periphery_test``, ``--perms`` null graphs, 5 random starts each),
with the new implementation in one process and with all cores, and with the previous
implementation (dense matrices, block sums recomputed at every flip; a private copy is kept
below as the baseline). Every measurement runs in a fresh process, which reports its time and
its peak resident memory (VmHWM, the interpreter included); the previous implementation is
stopped after ``--old-limit`` seconds (60) and reported as "> 60 s". The ratio old / new is
printed where both finished, and the growth exponent ``b`` of ``time ~ n^b`` between
consecutive sizes. Results agree: the script checks that new and old give the same fit.

Run from the repository root::

    .venv/bin/python benchmarks/bench_coreperiphery.py [--sizes 1000 3000 10000] [--perms 99]
        [--test-sizes 1000] [--county] [--county-perms 99] [--old-limit 60]

``--county`` needs ``MEGAREGION_DATA`` (the store is brought up to date first, not timed).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent


# --------------------------------------------------------------------------------------------
# the previous implementation (baseline): dense, block sums recomputed at every flip
# --------------------------------------------------------------------------------------------


def _old_prepare(A, directed, weighted):
    M = np.asarray(A, dtype=float).copy()
    np.fill_diagonal(M, 0.0)
    return M if weighted else (M > 0).astype(float)


def _old_corr(N, Sa, Qa, Sd, Sad):
    num = N * Sad - Sa * Sd
    den = (N * Qa - Sa**2) * (N * Sd - Sd**2)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(den > 0, num / np.sqrt(np.where(den > 0, den, 1.0)), np.nan)
    return r


def _old_block_sums(nc, n, S_cc, S_pp, Q_cc, Q_pp, cp_ties, S_all, Q_all):
    npp = n - nc
    N_cc = nc * (nc - 1.0)
    N_pp = npp * (npp - 1.0)
    N_all = n * (n - 1.0)
    if cp_ties == "one":
        return N_all, S_all, Q_all, N_all - N_pp, S_all - S_pp
    if cp_ties == "zero":
        return N_all, S_all, Q_all, N_cc, S_cc
    return N_cc + N_pp, S_cc + S_pp, Q_cc + Q_pp, N_cc, S_cc


def _old_fit_of(X, core, cp_ties):
    x = core.astype(float)
    y = 1.0 - x
    X2 = X * X
    n = X.shape[0]
    sums = _old_block_sums(x.sum(), n, x @ X @ x, y @ X @ y, x @ X2 @ x, y @ X2 @ y, cp_ties, X.sum(), X2.sum())
    return float(_old_corr(*sums))


def _old_local_search(X, T, T2, x, cp_ties, S_all, Q_all):
    n = X.shape[0]
    X2 = X * X
    x = x.astype(float).copy()
    while True:
        y = 1.0 - x
        nc = x.sum()
        S_cc, S_pp = x @ X @ x, y @ X @ y
        Q_cc, Q_pp = x @ X2 @ x, y @ X2 @ y
        cur = _old_corr(*_old_block_sums(nc, n, S_cc, S_pp, Q_cc, Q_pp, cp_ties, S_all, Q_all))
        tc, tp = T @ x, T @ y
        qc, qp = T2 @ x, T2 @ y
        to_core = x == 0
        sgn = np.where(to_core, 1.0, -1.0)
        nS_cc = S_cc + sgn * tc
        nS_pp = S_pp - sgn * tp
        nQ_cc = Q_cc + sgn * qc
        nQ_pp = Q_pp - sgn * qp
        nnc = nc + sgn
        cand = _old_corr(*_old_block_sums(nnc, n, nS_cc, nS_pp, nQ_cc, nQ_pp, cp_ties, S_all, Q_all))
        cand = np.where(np.isnan(cand), -np.inf, cand)
        k = int(np.argmax(cand))
        base = -np.inf if np.isnan(cur) else cur
        if cand[k] <= base + 1e-12:
            return x.astype(bool), float(cur)
        x[k] = 1.0 - x[k]


def old_core_periphery_be(A, cp_ties="one", directed=False, weighted=False, n_random_starts=20, seed=0):
    X = _old_prepare(A, directed, weighted)
    n = X.shape[0]
    T = X + X.T
    T2 = X * X + (X * X).T
    S_all, Q_all = X.sum(), (X * X).sum()
    order = np.argsort(-T.sum(axis=1), kind="stable")
    prefix = []
    for k in range(1, n):
        x = np.zeros(n, dtype=bool)
        x[order[:k]] = True
        f = _old_fit_of(X, x, cp_ties)
        prefix.append((-np.inf if np.isnan(f) else f, k, x))
    prefix.sort(key=lambda t: (-t[0], t[1]))
    starts = [p[2] for p in prefix[:5]]
    rng = np.random.default_rng(seed)
    for _ in range(n_random_starts):
        starts.append(rng.random(n) < 0.5)
    best_x, best_f = None, -np.inf
    for x0 in starts:
        x, f = _old_local_search(X, T, T2, x0, cp_ties, S_all, Q_all)
        f_cmp = -np.inf if np.isnan(f) else f
        if best_x is None or f_cmp > best_f + 1e-12:
            best_x, best_f = x, f_cmp
    return best_x, float(best_f)


def _old_rewire(B, directed, n_swaps, rng):
    B = B.astype(bool).copy()
    src, dst = np.nonzero(B) if directed else np.nonzero(np.triu(B, 1))
    m = src.size
    if m < 2:
        return B.astype(float)
    pairs = rng.integers(0, m, size=(n_swaps, 2))
    flips = rng.random(n_swaps) < 0.5
    for (e1, e2), flip in zip(pairs, flips):
        if e1 == e2:
            continue
        a, b, c, d = src[e1], dst[e1], src[e2], dst[e2]
        if not directed and flip:
            c, d = d, c
        if a == d or c == b or B[a, d] or B[c, b]:
            continue
        B[a, b] = B[c, d] = False
        B[a, d] = B[c, b] = True
        if not directed:
            B[b, a] = B[d, c] = False
            B[d, a] = B[b, c] = True
        src[e1], dst[e1], src[e2], dst[e2] = a, d, c, b
    return B.astype(float)


def old_core_periphery_test(A, n_permutations=99, cp_ties="one", directed=False, seed=0, swaps_per_edge=10,
                            n_random_starts=5):
    X = _old_prepare(A, directed, weighted=False)
    _, fit = old_core_periphery_be(X, cp_ties=cp_ties, directed=directed, seed=seed, n_random_starts=n_random_starts)
    rng = np.random.default_rng(seed)
    m = int(X.sum() if directed else X.sum() / 2)
    null = np.empty(n_permutations)
    for r in range(n_permutations):
        Br = _old_rewire(X, directed, swaps_per_edge * m, rng)
        null[r] = old_core_periphery_be(Br, cp_ties=cp_ties, directed=directed, seed=seed + r + 1,
                                        n_random_starts=n_random_starts)[1]
    p = (np.sum(null >= fit - 1e-12) + 1) / (n_permutations + 1)
    return fit, float(p), null


# --------------------------------------------------------------------------------------------
# networks
# --------------------------------------------------------------------------------------------


def synthetic(n: int, links_per_node: int = 20, seed: int = 0):
    """Undirected binary network, ``n * links_per_node / 2`` links drawn between nodes chosen
    with probability proportional to a Pareto(2) activity (a few hubs, a long periphery)."""
    import scipy.sparse as sp

    rng = np.random.default_rng(seed)
    m = n * links_per_node // 2
    act = rng.pareto(2.0, n) + 1.0
    p = act / act.sum()
    i, j = rng.choice(n, 3 * m, p=p), rng.choice(n, 3 * m, p=p)
    keep = i != j
    lo, hi = np.minimum(i[keep], j[keep]), np.maximum(i[keep], j[keep])
    key = np.unique(lo.astype(np.int64) * n + hi)
    key = key[rng.permutation(key.size)[:m]]
    lo, hi = key // n, key % n
    X = sp.coo_array((np.ones(2 * lo.size), (np.r_[lo, hi], np.r_[hi, lo])), shape=(n, n)).tocsr()
    return X


def county_commuting():
    """Binary undirected county network of ACS 2009-2013 commuting (every county with a flow)."""
    import scipy.sparse as sp

    sys.path.insert(0, str(HERE))
    from _store import ready_store

    store = ready_store()
    f = store.con.execute(
        "SELECT origin, destination, sum(weight) AS w FROM flows WHERE kind = 'commuting' "
        "AND origin <> destination GROUP BY origin, destination HAVING sum(weight) > 0").df()
    ids = sorted(set(f["origin"]) | set(f["destination"]))
    pos = {r: k for k, r in enumerate(ids)}
    o, d = f["origin"].map(pos).to_numpy(), f["destination"].map(pos).to_numpy()
    n = len(ids)
    X = sp.coo_array((np.ones(2 * o.size), (np.r_[o, d], np.r_[d, o])), shape=(n, n)).tocsr()
    X.data[:] = 1.0
    return X, len(f)


# --------------------------------------------------------------------------------------------
# one measurement in a fresh process
# --------------------------------------------------------------------------------------------


def _peak_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(spec: dict) -> dict:
    import scipy.sparse as sp

    from megaregion.metrics import coreperiphery as cp

    if spec["net"] == "county":
        X, _ = county_commuting()
    else:
        X = synthetic(int(spec["net"]))
    out: dict[str, Any] = {"nodes": X.shape[0], "links": int(X.nnz // 2)}
    t0 = time.perf_counter()
    if spec["impl"] == "old":
        D = X.toarray()
        if spec["what"] == "fit":
            _, out["fit"] = old_core_periphery_be(D)
        else:
            out["fit"], out["p"], _ = old_core_periphery_test(D, n_permutations=spec["perms"])
    else:
        w = spec["workers"]
        if spec["what"] == "fit":
            out["fit"] = cp.core_periphery_be(X, workers=w).fit
        else:
            t = cp.core_periphery_test(sp.csr_array(X), n_permutations=spec["perms"], workers=w,
                                       stop_after=spec.get("stop_after"))
            out["fit"], out["p"], out["n_run"] = t.fit, t.p_value, t.n_permutations
    out["seconds"] = time.perf_counter() - t0
    out["peak_mb"] = _peak_mb()
    return out


def measure(spec: dict, limit: float | None) -> dict:
    cmd = [sys.executable, __file__, "--child", json.dumps(spec)]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"seconds": math.inf, "timeout": limit}
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-2000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


def exponent(sizes, times):
    out = []
    for (n0, t0), (n1, t1) in zip(zip(sizes, times), zip(sizes[1:], times[1:])):
        ok = math.isfinite(t0) and math.isfinite(t1) and t0 > 0
        out.append(f"{math.log(t1 / t0) / math.log(n1 / n0):.2f}" if ok else "-")
    return out


def fmt_t(r):
    return f"> {r['timeout']:.0f} s" if "timeout" in r else f"{r['seconds']:.2f} s"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    ap.add_argument("--test-sizes", type=int, nargs="*", default=[1000], help="sizes for the permutation test")
    ap.add_argument("--perms", type=int, default=99)
    ap.add_argument("--county", action="store_true")
    ap.add_argument("--county-perms", type=int, default=99)
    ap.add_argument("--old-limit", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(json.loads(a.child))))
        return
    print(f"machine: {os.cpu_count()} cores; workers for the parallel runs: {a.workers}")
    rows = []
    for what, sizes, perms in (("fit", a.sizes, None), ("test", a.test_sizes, a.perms)):
        if not sizes:
            continue
        res = {"new 1 process": [], f"new {a.workers} processes": [], "previous": []}
        for n in sizes:
            base = {"net": str(n), "what": what, "perms": perms}
            r1 = measure({**base, "impl": "new", "workers": 1}, None)
            r2 = measure({**base, "impl": "new", "workers": a.workers}, None)
            r0 = measure({**base, "impl": "old"}, a.old_limit)
            for k, r in zip(res, (r1, r2, r0)):
                res[k].append(r)
            same = "" if "timeout" in r0 else ("same fit" if r0["fit"] == r1["fit"] == r2["fit"] else "FIT DIFFERS")
            ratio = "" if "timeout" in r0 else f"{r0['seconds'] / r1['seconds']:.1f}x / {r0['seconds'] / r2['seconds']:.1f}x"
            line = (f"{what:4s} n={n:6d} links={r1['links']:7d}: new {fmt_t(r1)} ({r1['peak_mb']:.0f} MB), "
                    f"new x{a.workers} {fmt_t(r2)} ({r2['peak_mb']:.0f} MB), previous {fmt_t(r0)}"
                    + (f" ({r0['peak_mb']:.0f} MB)" if "peak_mb" in r0 else "")
                    + (f"; speed-up {ratio}" if ratio else "") + (f"; {same}" if same else "")
                    + (f"; p = {r1['p']:.3g} ({r1['n_run']} null graphs)" if what == "test" else "")
                    + f"; fit {r1['fit']:.4f}")
            print(line, flush=True)
            rows.append(line)
        if len(sizes) > 1:
            for k, rs in res.items():
                print(f"{what} growth exponent ({k}), between consecutive sizes: "
                      + ", ".join(exponent(sizes, [r["seconds"] for r in rs])))
    if a.county:
        for what in ("fit", "test"):
            base = {"net": "county", "what": what, "perms": a.county_perms}
            r1 = measure({**base, "impl": "new", "workers": 1}, None)
            r2 = measure({**base, "impl": "new", "workers": a.workers}, None)
            r0 = measure({**base, "impl": "old"}, a.old_limit)
            print(f"county commuting {what} (n={r1['nodes']}, links={r1['links']}"
                  + (f", {a.county_perms} null graphs" if what == "test" else "")
                  + f"): new {fmt_t(r1)} ({r1['peak_mb']:.0f} MB), new x{a.workers} {fmt_t(r2)} "
                  f"({r2['peak_mb']:.0f} MB), previous {fmt_t(r0)}; fit {r1['fit']:.4f}"
                  + (f", p = {r1['p']:.3g}" if what == "test" else ""), flush=True)


if __name__ == "__main__":
    main()
