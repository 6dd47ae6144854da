"""Reference values for the triple-helix kernels from the Python package ``dit``.

``dit`` (James, Ellison & Crutchfield 2018, *Journal of Open Source Software* 3(25): 738)
is a general library for information theory on discrete distributions. Leydesdorff's
T (Leydesdorff 2003; Leydesdorff & Sun 2009) is, term for term, the *co-information*
of the actor variables (McGill 1954; Bell 2003), which ``dit`` computes as
``dit.multivariate.coinformation``. dit is NOT a project dependency; run this in a
separate venv, from the repository root::

    python3 -m venv /tmp/ditvenv
    /tmp/ditvenv/bin/pip install dit
    /tmp/ditvenv/bin/python tests/reference/make_triplehelix_reference.py

Writes ``tests/reference/triplehelix_dit_reference.json``. For every case the JSON holds
the input (exclusive actor-combination counts, or a k-way count table as nested lists),
and dit's values in bits: the entropy of every non-empty subset of dimensions
(``dit.shannon.entropy``), the co-information of every subset of size ≥ 2
(``coinformation(d, [[i], [j], ...])``; for two variables this is the ordinary mutual
information) and of all dimensions. For the inclusive-count cases the generator also
writes the inclusive counts ("at least these actors"), computed here by plain summation
over supersets, so the test can check the project's inclusion–exclusion step.

The distributions are built here from the counts without the project's code: each
actor combination (or table cell) with a positive count is one outcome, its
probability count / total.
"""

from __future__ import annotations

import json
import platform
from importlib.metadata import version
from itertools import combinations, product
from pathlib import Path

import dit
import numpy as np
from dit.multivariate import coinformation
from dit.shannon import entropy

OUT = Path(__file__).with_name("triplehelix_dit_reference.json")

# Actor-combination counts (exclusive: documents with exactly those actor types).
# Shapes follow the kind of data the indicator is used on (co-authored papers by
# sector of the addresses, Leydesdorff 2003; Leydesdorff & Sun 2009); the numbers are
# made up for the test, they are not anyone's published data.
COMBINATION_CASES = {
    "uig_university_dominated": {
        "actors": "UIG",
        "counts": {"U": 9512, "I": 843, "G": 1420, "UI": 611, "UG": 1187, "IG": 96, "UIG": 58},
    },
    "uig_balanced": {
        "actors": "UIG",
        "counts": {"U": 300, "I": 280, "G": 260, "UI": 120, "UG": 110, "IG": 100, "UIG": 90},
    },
    "uig_with_none_and_empty_cells": {
        "actors": "UIG",
        "counts": {"": 2000, "U": 640, "I": 0, "G": 75, "UI": 33, "UG": 0, "IG": 12, "UIG": 4},
    },
    "uigr_quadruple": {
        "actors": "UIGR",
        "counts": {
            "U": 5120, "I": 610, "G": 480, "R": 1730,
            "UI": 402, "UG": 355, "UR": 966, "IG": 41, "IR": 188, "GR": 139,
            "UIG": 22, "UIR": 97, "UGR": 73, "IGR": 9, "UIGR": 6,
        },
    },
}

# Cases also given to the project as inclusive counts (Boolean AND searches).
INCLUSIVE_CASES = ("uig_university_dominated", "uigr_quadruple")


def _combination_outcomes(actors: str, counts: dict[str, float]):
    """Outcomes as 0/1 strings over ``actors`` (e.g. '101' = U and G) with their counts."""
    outcomes, weights = [], []
    for key, n in counts.items():
        if n <= 0:
            continue
        outcomes.append("".join("1" if a in key else "0" for a in actors))
        weights.append(float(n))
    return outcomes, weights


def _table_outcomes(table: np.ndarray):
    outcomes, weights = [], []
    for idx in product(*[range(s) for s in table.shape]):
        if table[idx] > 0:
            outcomes.append(tuple(int(i) for i in idx))
            weights.append(float(table[idx]))
    return outcomes, weights


def _dit_values(outcomes, weights, k: int) -> dict:
    total = sum(weights)
    d = dit.Distribution(outcomes, [w / total for w in weights])
    axes = range(k)
    H = {}
    T = {}
    for size in range(1, k + 1):
        for S in combinations(axes, size):
            H[",".join(map(str, S))] = float(entropy(d, list(S)))
            if size >= 2:
                T[",".join(map(str, S))] = float(coinformation(d, [[i] for i in S]))
    return {"entropy_bits": H, "coinformation_bits": T, "T_bits": T[",".join(map(str, axes))]}


def _inclusive(actors: str, counts: dict[str, float]) -> dict[str, float]:
    """n_in(S) = number of documents whose actor set contains S; "" = all documents."""
    out = {}
    for r in range(len(actors) + 1):
        for S in combinations(actors, r):
            key = "".join(S)
            out[key] = float(sum(n for c, n in counts.items() if set(S) <= set(c)))
    return out


def main() -> None:
    cases = {}
    for name, case in COMBINATION_CASES.items():
        actors, counts = case["actors"], case["counts"]
        outcomes, weights = _combination_outcomes(actors, counts)
        entry = {"kind": "combinations", "actors": actors, "counts": counts}
        if name in INCLUSIVE_CASES:
            entry["inclusive_counts"] = _inclusive(actors, counts)
        entry.update(_dit_values(outcomes, weights, len(actors)))
        cases[name] = entry

    # Multi-category k-way tables (the regional-synergy form: geography x technology x
    # size class of firms, Leydesdorff, Dolfsma & Van der Panne 2006), seeded.
    rng = np.random.default_rng(20261126)
    shapes = {"table_5x4x3": (5, 4, 3), "table_12x9x6_sparse": (12, 9, 6), "table_3x3x2x4": (3, 3, 2, 4)}
    for name, shape in shapes.items():
        table = rng.poisson(lam=rng.gamma(1.0, 20.0, size=shape)).astype(float)
        if "sparse" in name:
            table[rng.random(shape) < 0.4] = 0.0
        outcomes, weights = _table_outcomes(table)
        entry = {"kind": "table", "table": table.astype(int).tolist()}
        entry.update(_dit_values(outcomes, weights, table.ndim))
        cases[name] = entry

    meta = {
        "generator": "tests/reference/make_triplehelix_reference.py",
        "dit": version("dit"),
        "numpy": np.__version__,
        "python": platform.python_version(),
        "note": "dit.multivariate.coinformation equals Leydesdorff's T (negative = synergy).",
    }
    OUT.write_text(json.dumps({"meta": meta, "cases": cases}, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT} ({len(cases)} cases)")


if __name__ == "__main__":
    main()
