"""Tests for megaregion.metrics.triplehelix.

Published values: exact printed count tables with their T values (e.g. Leydesdorff
2003; Park, Hong & Leydesdorff 2005; Leydesdorff & Sun 2009) could not be retrieved
here, so no test asserts a number printed in one of Leydesdorff's tables. Instead:

* a peer implementation: Leydesdorff's T is, term for term, the co-information of
  the actor variables (McGill 1954), which the Python package ``dit`` (James,
  Ellison & Crutchfield 2018, JOSS 3: 738) computes as
  ``dit.multivariate.coinformation``. Every entropy, bilateral, trilateral and
  four-dimensional value of seven cases (exclusive and inclusive actor counts,
  quadruple helix, multi-category tables of the regional-synergy form) must agree
  with dit's to 1e-12 (``tests/reference/make_triplehelix_reference.py`` →
  ``triplehelix_dit_reference.json``);
* hand-derived examples with known information-theoretic values
  (independence → T = 0; U = I = G → T = +1 bit; G = U xor I → T = −1 bit, the
  textbook case of negative co-information, i.e. synergy in Leydesdorff's sign
  convention; perfect bilateral dependence → T_xy = 1 bit);
* an independent naive implementation (explicit loops over cells, natural log
  converted to bits) of every entropy and of T_UIG and T_UIGR written out term
  by term as in Leydesdorff (2003, eq. for T_uig) and Leydesdorff & Sun (2009).
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from megaregion.metrics.triplehelix import (
    combinations_to_table,
    entropy_bits,
    helix_from_combinations,
    independence_test,
    mutual_information,
    regional_synergy,
)


def naive_H(table, axes):
    """Entropy in bits of the marginal over ``axes``, by explicit loops."""
    t = np.asarray(table, float)
    n = t.sum()
    marg = {}
    for idx in itertools.product(*[range(s) for s in t.shape]):
        key = tuple(idx[a] for a in axes)
        marg[key] = marg.get(key, 0.0) + t[idx]
    h = 0.0
    for v in marg.values():
        if v > 0:
            p = v / n
            h -= p * math.log(p) / math.log(2)
    return h


def naive_T3(t):
    H = lambda *a: naive_H(t, a)  # noqa: E731
    return H(0) + H(1) + H(2) - H(0, 1) - H(0, 2) - H(1, 2) + H(0, 1, 2)


def naive_T4(t):
    H = lambda *a: naive_H(t, a)  # noqa: E731
    singles = sum(H(i) for i in range(4))
    pairs = sum(H(i, j) for i, j in itertools.combinations(range(4), 2))
    triples = sum(H(*c) for c in itertools.combinations(range(4), 3))
    return singles - pairs + triples - H(0, 1, 2, 3)


# ------------------------------------------------------------------ peer implementation: dit

DIT_REFERENCE = json.loads(
    (Path(__file__).parent / "reference" / "triplehelix_dit_reference.json").read_text()
)


def _project_result(case, inclusive=False):
    if case["kind"] == "combinations":
        actors = tuple(case["actors"])
        if inclusive:
            return helix_from_combinations(case["inclusive_counts"], actors=actors, counts_are="inclusive")
        return helix_from_combinations(case["counts"], actors=actors)
    table = np.asarray(case["table"], dtype=float)
    return mutual_information(table, dims=tuple(str(i) for i in range(table.ndim)))


def _check_against_dit(res, case):
    dims = res.dims
    key = lambda names: ",".join(str(dims.index(n)) for n in names)  # noqa: E731
    assert len(res.entropies) == len(case["entropy_bits"])
    for names, h in res.entropies.items():
        assert h == pytest.approx(case["entropy_bits"][key(names)], abs=1e-12), names
    assert len(res.mutual_information) == len(case["coinformation_bits"])
    for names, t in res.mutual_information.items():
        assert t == pytest.approx(case["coinformation_bits"][key(names)], abs=1e-12), names
    assert res.T == pytest.approx(case["T_bits"], abs=1e-12)


@pytest.mark.parametrize("name", sorted(DIT_REFERENCE["cases"]))
def test_agrees_with_dit_coinformation(name):
    case = DIT_REFERENCE["cases"][name]
    _check_against_dit(_project_result(case), case)


@pytest.mark.parametrize(
    "name", sorted(n for n, c in DIT_REFERENCE["cases"].items() if "inclusive_counts" in c)
)
def test_inclusive_counts_agree_with_dit(name):
    case = DIT_REFERENCE["cases"][name]
    _check_against_dit(_project_result(case, inclusive=True), case)


def test_dit_reference_covers_the_forms_the_issue_names():
    cases = DIT_REFERENCE["cases"].values()
    assert any(c["kind"] == "combinations" and len(c["actors"]) == 3 for c in cases)
    assert any(c["kind"] == "combinations" and len(c["actors"]) == 4 for c in cases)
    assert any("inclusive_counts" in c for c in cases)
    assert any(c["kind"] == "table" and np.asarray(c["table"]).ndim == 3 for c in cases)
    # the reference includes both signs, so a sign flip cannot pass
    assert min(c["T_bits"] for c in cases) < -0.01 and max(c["T_bits"] for c in cases) > 0.01


# ------------------------------------------------------------------ hand-derived values


def test_independence_gives_zero():
    pu, pi, pg = np.array([0.3, 0.7]), np.array([0.9, 0.1]), np.array([0.5, 0.25, 0.25])
    t = np.einsum("i,j,k->ijk", pu, pi, pg) * 1000
    res = mutual_information(t, dims=("U", "I", "G"))
    assert res.T == pytest.approx(0.0, abs=1e-12)
    for v in res.mutual_information.values():
        assert v == pytest.approx(0.0, abs=1e-12)


def test_redundancy_and_synergy_signs():
    # U = I = G, fair bit: H_x = 1, H_xy = 1, H_xyz = 1 → T = 3 − 3 + 1 = +1
    same = np.zeros((2, 2, 2))
    same[0, 0, 0] = same[1, 1, 1] = 50
    assert mutual_information(same).T == pytest.approx(1.0, abs=1e-15)
    # G = U xor I: H_x = 1, H_xy = 2, H_xyz = 2 → T = 3 − 6 + 2 = −1 (synergy, negative)
    xor = np.zeros((2, 2, 2))
    for u, i in itertools.product((0, 1), repeat=2):
        xor[u, i, u ^ i] = 25
    res = mutual_information(xor, dims=("U", "I", "G"))
    assert res.T == pytest.approx(-1.0, abs=1e-15)
    assert res.T_mbits == pytest.approx(-1000.0, abs=1e-12)
    assert res.mutual_information[("U", "I")] == pytest.approx(0.0, abs=1e-15)


def test_bilateral_perfect_dependence_is_one_bit():
    res = mutual_information(np.array([[7, 0], [0, 7]]))
    assert res.T == pytest.approx(1.0, abs=1e-15)
    assert entropy_bits([1, 1, 1, 1]) == pytest.approx(2.0)


def test_combination_counts_layout_and_inclusive_conversion():
    exclusive = {"U": 50, "I": 20, "G": 10, "UI": 5, "UG": 4, "IG": 3, "UIG": 2}
    t = combinations_to_table(exclusive)
    assert t[1, 0, 0] == 50 and t[1, 1, 0] == 5 and t[1, 1, 1] == 2 and t[0, 0, 0] == 0
    # inclusive ("at least") counts for the same documents
    inclusive = {"U": 50 + 5 + 4 + 2, "I": 20 + 5 + 3 + 2, "G": 10 + 4 + 3 + 2,
                 "UI": 5 + 2, "UG": 4 + 2, "IG": 3 + 2, "UIG": 2}
    t2 = combinations_to_table(inclusive, counts_are="inclusive")
    np.testing.assert_array_equal(t, t2)
    assert combinations_to_table({"IU": 5, "U": 1})[1, 1, 0] == 5  # order-free keys
    a = helix_from_combinations(exclusive)
    b = helix_from_combinations(inclusive, counts_are="inclusive")
    assert a.T == pytest.approx(b.T, abs=1e-15)


# ------------------------------------------------------------------ naive implementation


@pytest.mark.parametrize("seed", range(6))
def test_T_uig_matches_naive(seed):
    rng = np.random.default_rng(seed)
    counts = {k: int(rng.integers(0, 500)) for k in ["U", "I", "G", "UI", "UG", "IG", "UIG"]}
    res = helix_from_combinations(counts)
    t = combinations_to_table(counts)
    assert res.T == pytest.approx(naive_T3(t), abs=1e-12)
    for (a, b), v in ((k, v) for k, v in res.mutual_information.items() if len(k) == 2):
        ia, ib = "UIG".index(a), "UIG".index(b)
        assert v == pytest.approx(naive_H(t, (ia,)) + naive_H(t, (ib,)) - naive_H(t, (ia, ib)), abs=1e-12)
    assert res.entropies[("U", "I", "G")] == pytest.approx(naive_H(t, (0, 1, 2)), abs=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_T_uigr_four_dimensions_matches_naive(seed):
    rng = np.random.default_rng(seed)
    keys = ["".join(c) for r in range(1, 5) for c in itertools.combinations("UIGR", r)]
    counts = {k: int(rng.integers(1, 300)) for k in keys}
    res = helix_from_combinations(counts, actors=("U", "I", "G", "R"))
    t = combinations_to_table(counts, actors=("U", "I", "G", "R"))
    assert res.T == pytest.approx(naive_T4(t), abs=1e-12)
    assert res.mutual_information[("U", "I", "G")] == pytest.approx(naive_T3(t.sum(axis=3)), abs=1e-12)


def test_four_independent_dimensions_zero():
    p = [np.array([0.2, 0.8]), np.array([0.5, 0.5]), np.array([0.6, 0.4]), np.array([0.1, 0.9])]
    t = np.einsum("i,j,k,l->ijkl", *p)
    assert mutual_information(t).T == pytest.approx(0.0, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(arrays(float, st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4)),
              elements=st.integers(0, 100).map(float)))
def test_regional_synergy_matches_naive(t):
    if t.sum() <= 0:
        with pytest.raises(ValueError):
            regional_synergy(t)
        return
    res = regional_synergy(t)
    assert res.T == pytest.approx(naive_T3(t), abs=1e-9)
    assert res.dims == ("geography", "technology", "organization")
    # bilateral mutual informations are never negative
    for k, v in res.mutual_information.items():
        if len(k) == 2:
            assert v >= -1e-12


# ------------------------------------------------------------------ bad input


def test_bad_inputs():
    with pytest.raises(ValueError, match="unknown actor"):
        combinations_to_table({"UX": 3})
    with pytest.raises(ValueError, match="non-negative"):
        combinations_to_table({"U": -1})
    with pytest.raises(ValueError, match="non-negative"):
        mutual_information(np.array([[1.0, np.nan], [1.0, 1.0]]))
    with pytest.raises(ValueError, match="empty"):
        mutual_information(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="at least two"):
        mutual_information(np.ones(3))
    with pytest.raises(ValueError, match="inconsistent"):
        combinations_to_table({"U": 1, "I": 1, "UI": 5}, actors=("U", "I"), counts_are="inclusive")
    with pytest.raises(ValueError, match="3-way"):
        regional_synergy(np.ones((2, 2)))


# ------------------------------------------------------------------ test against independence


def test_independence_test_observed_T_and_a_clear_synergy():
    xor = np.zeros((2, 2, 2))
    for u, i in itertools.product((0, 1), repeat=2):
        xor[u, i, u ^ i] = 25
    res = independence_test(xor, n_perm=999, seed=0)
    assert res.T == pytest.approx(mutual_information(xor).T, abs=1e-12) == pytest.approx(-1.0)
    assert res.p_lower == pytest.approx(1 / 1000)  # no permuted table is as synergistic
    assert abs(res.null_mean) < 0.05


def test_independence_test_is_calibrated_under_independent_actor_types():
    # the reason for the test: with 40 documents T is biased below 0 although U, I, G are
    # independent; the permutation p-value must still reject about 5% of the time, no more
    rng = np.random.default_rng(11)
    pvals, negative = [], 0
    for _ in range(200):
        docs = rng.random((40, 3)) < [0.5, 0.35, 0.25]
        t = np.zeros((2, 2, 2))
        np.add.at(t, tuple(docs.astype(int).T), 1)
        res = independence_test(t, n_perm=199, seed=1)
        pvals.append(res.p_lower)
        negative += res.T < 0
    assert negative / 200 > 0.6                      # the bias: T < 0 most of the time
    assert 0.01 <= np.mean(np.array(pvals) < 0.05) <= 0.10


def test_independence_test_four_dimensions_and_errors():
    counts = {"U": 512, "I": 61, "G": 48, "R": 173, "UI": 40, "UG": 35, "UR": 96, "IG": 4, "IR": 18,
              "GR": 13, "UIG": 2, "UIR": 9, "UGR": 7, "IGR": 1, "UIGR": 1}
    t4 = combinations_to_table(counts, actors=("U", "I", "G", "R"))
    res = independence_test(t4, n_perm=99, seed=0)
    assert res.T == pytest.approx(mutual_information(t4).T, abs=1e-12)
    assert res.p_upper + res.p_lower >= 1.0
    with pytest.raises(ValueError, match="whole"):
        independence_test(np.full((2, 2, 2), 1.5))
    with pytest.raises(ValueError, match="2×2"):
        independence_test(np.ones((3, 2, 2)))


def test_independence_null_equals_shuffling_each_column():
    # the test draws permuted tables actor by actor (multivariate hypergeometric); check that
    # this is the distribution of shuffling each column of the documents x actors matrix
    rng = np.random.default_rng(3)
    docs = (rng.random((50, 3)) < [0.6, 0.4, 0.25]).astype(int)
    t = np.zeros((2, 2, 2))
    np.add.at(t, tuple(docs.T), 1)
    fast = independence_test(t, n_perm=3000, seed=0)
    brute = []
    for _ in range(3000):
        shuffled = np.stack([rng.permutation(docs[:, j]) for j in range(3)], axis=1)
        tt = np.zeros((2, 2, 2))
        np.add.at(tt, tuple(shuffled.T), 1)
        brute.append(mutual_information(tt).T)
    brute = np.array(brute)
    se = brute.std() / np.sqrt(3000) * np.sqrt(2)
    assert abs(fast.null_mean - brute.mean()) < 4 * se
    assert fast.null_sd == pytest.approx(brute.std(), rel=0.08)
    assert fast.p_lower == pytest.approx(np.mean(brute <= fast.T + 1e-12), abs=0.04)
