"""Reference core-periphery results from cpnet (Kojaku & Masuda) on tests/reference/networks.

cpnet is NOT a project dependency. Run it in a separate venv, from the repository root::

    python3 -m venv /tmp/cpnetvenv
    /tmp/cpnetvenv/bin/pip install cpnet networkx
    /tmp/cpnetvenv/bin/python tests/reference/make_cpnet_reference.py

Writes tests/reference/cpnet_reference.json. For each network (node order of NAME_nodes.csv)
the input is the binary symmetrised graph ``B = ((W + W^T) > 0)`` without self-loops, passed
to cpnet as a scipy CSR matrix:

* ``cpnet.BE(num_runs=100)``: ``be_core`` (1 = core), ``be_quality`` (``Q_``, the Pearson
  correlation with the core-periphery ideal pattern, core-periphery ties = 1).
* ``cpnet.MINRES(num_runs=10)``: ``minres_coreness`` (``x_``) and ``minres_score`` (``Q_``).

* ``minres_coreness_converged``: cpnet's own MINRES iteration (the gradient
  ``A w - (||w||^2 - w^2) w`` with ``cpnet.adam.ADAM``, random start ``np.random.rand`` after
  ``np.random.seed(0)``) run until the relative step is below 1e-12 instead of cpnet's 1e-2
  (at most 10^6 steps); ``minres_converged_steps`` / ``minres_converged_last_step`` record
  when it stopped. cpnet's default 1e-2 stop leaves ``x_`` far from the optimum.

Both are randomised heuristics; the numba RNG (BE) and NumPy's global RNG (MINRES) are
seeded with 0.
"""

from __future__ import annotations

import csv
import json
import platform
from importlib.metadata import version
from pathlib import Path

import numba
import numpy as np
from scipy import sparse

import cpnet
from cpnet.adam import ADAM

HERE = Path(__file__).resolve().parent
NETS = HERE / "networks"


@numba.njit
def _seed_numba(s):
    np.random.seed(s)


def load(name: str) -> np.ndarray:
    with open(NETS / f"{name}_nodes.csv", newline="", encoding="utf-8") as fh:
        nodes = [r["node_id"] for r in csv.DictReader(fh)]
    idx = {v: k for k, v in enumerate(nodes)}
    W = np.zeros((len(nodes), len(nodes)))
    with open(NETS / f"{name}_edges.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            W[idx[r["origin"]], idx[r["destination"]]] += float(r["weight"])
    return W


def main() -> None:
    out = {
        "meta": {
            "cpnet_version": version("cpnet"),
            "numpy_version": np.__version__,
            "numba_version": numba.__version__,
            "python_version": platform.python_version(),
            "generated_by": "tests/reference/make_cpnet_reference.py",
            "input": "binary symmetrised graph ((W + W^T) > 0), diagonal removed",
        },
        "networks": {},
    }
    for f in sorted(NETS.glob("*_nodes.csv")):
        name = f.name[: -len("_nodes.csv")]
        W = load(name)
        np.fill_diagonal(W, 0)
        B = ((W + W.T) > 0).astype(float)
        if B.shape[0] < 3 or B.sum() == 0:
            continue
        G = sparse.csr_matrix(B)
        _seed_numba(0)
        np.random.seed(0)
        be = cpnet.BE(num_runs=100)
        be.detect(G)
        np.random.seed(0)
        mr = cpnet.MINRES(num_runs=10)
        mr.detect(G)
        np.random.seed(0)
        w = np.random.rand(B.shape[0])
        adam = ADAM()
        step = np.inf
        for it in range(1, 1_000_001):
            wnorm = np.linalg.norm(w)
            grad = B @ w - (wnorm**2 - w**2) * w
            wnew = adam.update(w, grad, 0, False)
            step = np.linalg.norm(wnew - w) / wnorm
            w = wnew
            if step < 1e-12:
                break
        out["networks"][name] = {
            "n": int(B.shape[0]),
            "be_core": [int(v) for v in be.x_],
            "be_quality": float(be.Q_),
            "minres_coreness": [float(v) for v in mr.x_],
            "minres_score": float(mr.Q_),
            "minres_coreness_converged": [float(v) for v in w],
            "minres_converged_steps": it,
            "minres_converged_last_step": float(step),
        }
        print(name, round(float(be.Q_), 6), int(be.x_.sum()))
    with open(HERE / "cpnet_reference.json", "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
