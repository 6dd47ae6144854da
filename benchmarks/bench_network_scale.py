"""Benchmark: network kernels at national scale, sparse implementation beside the dense one.

Steps: Krackhardt's connectedness, hierarchy, efficiency and LUB (on the binary directed tie
graph), eigenvector centrality (on ``A + A.T``) and MINRES coreness (on the binary symmetrised
graph), as the ``network`` workflow calls them. "new" is the package's kernel given a
``scipy.sparse`` matrix; "dense" is the implementation it replaced, given a dense array
(``benchmarks/_dense_network.py`` for the Krackhardt measures, ``method='dense'`` for the two
solvers).

Networks: seeded synthetic directed networks of 1,000 / 3,000 / 10,000 nodes with about 20
out-links per node, destinations drawn with probability proportional to a lognormal node size
(heavy-tailed in-degrees, as in flow networks) and lognormal weights; plus the real US county
commuting network (ACS 2009-2013, 3,221 counties, from the store's ``flows`` table,
``kind='commuting'``, county to county as imported, before any aggregation to metros).

Every run happens in a forked child process, so that its peak memory is its own: the peak
resident set (``VmHWM`` after resetting it, minus the resident set at the start) in MB. A
dense run is skipped, printed as "skipped (> budget)", when it would hold dense ``n x n``
matrices over ``--mem-budget`` (four float64 copies), when the same step was skipped or took
longer than the budget at a smaller size once scaled by ``(n2 / n1)^2``, or when it is still
running after ``--budget`` seconds (then it is stopped). "same" compares the two values where
both ran (exactly for the Krackhardt measures, to 1e-8 for the vectors). The growth exponent
is the least-squares slope of log(time) on log(n) over the synthetic sizes that ran. A step
that takes under a second is repeated (up to five times within one second) and its best time
kept; times are wall-clock on whatever else the machine is running, so compare the two
columns of one run, not runs on different days.

Run from the repository root (MEGAREGION_DATA set for the real network; ``--no-real`` skips it)::

    .venv/bin/python benchmarks/bench_network_scale.py [--sizes 1000 3000 10000] [--budget 60]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _dense_network as dense_net  # noqa: E402

from megaregion.metrics import coreperiphery as cp  # noqa: E402
from megaregion.metrics import network as nw  # noqa: E402

STEPS = ["connectedness", "hierarchy", "efficiency", "lub", "eigenvector", "minres"]


def synthetic(n: int, links_per_node: int = 20, seed: int = 0) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    size = rng.lognormal(0.0, 1.0, n)
    m = n * links_per_node
    o = rng.integers(0, n, m)
    d = rng.choice(n, size=m, p=size / size.sum())
    keep = o != d
    A = sp.csr_matrix((rng.lognormal(0.0, 1.0, int(keep.sum())), (o[keep], d[keep])), shape=(n, n))
    A.sum_duplicates()
    return A


def commuting() -> tuple[sp.csr_matrix, int]:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from _store import ready_store

    t = ready_store().table("flows")
    f = t.filter(t.kind == "commuting").select("origin", "destination", "weight").execute()
    ids = sorted(set(f["origin"]) | set(f["destination"]))
    ix = {v: k for k, v in enumerate(ids)}
    o = f["origin"].map(ix).to_numpy()
    d = f["destination"].map(ix).to_numpy()
    A = sp.csr_matrix((f["weight"].to_numpy(float), (o, d)), shape=(len(ids), len(ids)))
    A.sum_duplicates()
    A.setdiag(0)
    A.eliminate_zeros()
    return A, len(f)


def inputs(A: sp.csr_matrix):
    B = (A > 0).astype(float).tocsr()
    S = (A + A.T).tocsr()
    Bs = ((B + B.T) > 0).astype(float).tocsr()
    return B, S, Bs


def run_step(step: str, impl: str, A: sp.csr_matrix):
    B, S, Bs = inputs(A)
    if impl == "dense":
        B, S, Bs = B.toarray(), S.toarray(), Bs.toarray()
        k = {"connectedness": dense_net.connectedness, "hierarchy": dense_net.hierarchy_krackhardt,
             "efficiency": dense_net.efficiency_krackhardt, "lub": dense_net.lub_krackhardt}
        method = "dense"
    else:
        k = {"connectedness": nw.connectedness, "hierarchy": nw.hierarchy_krackhardt,
             "efficiency": nw.efficiency_krackhardt, "lub": nw.lub_krackhardt}
        method = "sparse"
    best = np.inf
    spent = 0.0
    for _ in range(5):  # a fast step is repeated (up to 5 times within 1 s) and the best kept
        t0 = time.perf_counter()
        if step in k:
            out = k[step](B)
        elif step == "eigenvector":
            out = nw.eigenvector_centrality(S, scale="max", method=method)
        else:
            out = cp.coreness_minres(Bs, method=method).coreness
        secs = time.perf_counter() - t0
        best, spent = min(best, secs), spent + secs
        if spent > 1.0:
            break
    return best, out


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _child(conn, step, impl, A):
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # reset the peak resident set (VmHWM) to the current one
    except OSError:
        pass
    start = _status_kb("VmRSS")
    secs, out = run_step(step, impl, A)
    peak = (_status_kb("VmHWM") - start) / 1024
    conn.send((secs, max(peak, 0.0), out))
    conn.close()


def measure(step, impl, A, budget):
    """(seconds, peak MB, value) in a forked child, or None after ``budget`` seconds
    (``None``: no limit)."""
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(send, step, impl, A))
    p.start()
    send.close()
    if recv.poll(budget):
        res = recv.recv()
        p.join()
        return res
    p.terminate()
    p.join()
    return None


def agree(a, b) -> str:
    if a is None or b is None:
        return ""
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.ndim == 0:
        ok = (np.isnan(a) and np.isnan(b)) or a == b
    else:
        ok = np.allclose(a, b, atol=1e-8, rtol=0)
    return "yes" if ok else "NO"


def slope(ns, ts) -> str:
    pts = [(n, t) for n, t in zip(ns, ts) if t is not None and t > 0]
    if len(pts) < 2:
        return "-"
    x, y = np.log([p[0] for p in pts]), np.log([p[1] for p in pts])
    return f"{np.polyfit(x, y, 1)[0]:.2f}"


def fmt(r):
    return "skipped (> budget)" if r is None else f"{r[0]:8.3f} s {r[1]:7.0f} MB"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    ap.add_argument("--budget", type=float, default=60.0, help="seconds a dense run may take")
    ap.add_argument("--mem-budget", type=float, default=2.0, help="GB of dense matrices a dense run may hold")
    ap.add_argument("--no-real", action="store_true", help="skip the county commuting network")
    args = ap.parse_args()

    nets = []
    for n in args.sizes:
        A = synthetic(n)
        nets.append((f"synthetic {n:,}", n, A, A.nnz))
    if not args.no_real:
        A, rows = commuting()
        nets.append((f"US counties commuting ({rows:,} flows)", A.shape[0], A, A.nnz))

    results = {}  # (net label, step, impl) -> (secs, MB, value) | None
    print(f"{'network':40s} {'nodes':>6s} {'links':>8s} {'step':14s} {'new (sparse)':>22s} "
          f"{'dense (before)':>22s} {'speed-up':>9s} same")
    for label, n, A, links in nets:
        for step in STEPS:
            new = measure(step, "new", A, budget=None)
            skip = 4 * 8 * n * n / 1e9 > args.mem_budget
            for (lab2, n2, _, _) in nets:
                if lab2 == label or n2 >= n or not lab2.startswith("synthetic"):
                    continue
                prev = results.get((lab2, step, "dense"), "absent")
                if prev is None or (prev != "absent" and prev[0] * (n / n2) ** 2 > args.budget):
                    skip = True
            old = None if skip else measure(step, "dense", A, args.budget)
            results[(label, step, "new")] = new
            results[(label, step, "dense")] = old
            ratio = f"{old[0] / new[0]:8.0f}x" if old and new and new[0] > 0 else ""
            print(f"{label:40s} {n:6,d} {links:8,d} {step:14s} {fmt(new):>22s} {fmt(old):>22s} {ratio:>9s} "
                  f"{agree(new[2] if new else None, old[2] if old else None)}", flush=True)

    syn = [(label, n) for label, n, _, _ in nets if label.startswith("synthetic")]
    print("\ngrowth exponent (slope of log time on log n, synthetic sizes that ran)")
    print(f"{'step':14s} {'new':>6s} {'dense':>6s}")
    for step in STEPS:
        ns = [n for _, n in syn]
        tn = [(results[(lab, step, "new")] or (None,))[0] for lab, _ in syn]
        td = [(results[(lab, step, "dense")] or (None,))[0] for lab, _ in syn]
        print(f"{step:14s} {slope(ns, tn):>6s} {slope(ns, td):>6s}")


if __name__ == "__main__":
    main()
