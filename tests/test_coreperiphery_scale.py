"""Borgatti-Everett core-periphery at scale: incremental block sums, sparse input, worker
processes, sequential stopping of the permutation test.

The previous implementation (full recomputation of the block sums at every flip, dense
matrices, one process) was run once on the committed reference networks and on seeded random
graphs; its partitions, fits and null fits are in tests/reference/be_previous_implementation.json.
The new one must give the same numbers there (bit for bit: binary ties make every sum an exact
integer, and the weighted cases happen to round alike)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from megaregion.metrics import coreperiphery as cp
from test_metrics_network import load

REF = Path(__file__).parent / "reference"
PREVIOUS = json.loads((REF / "be_previous_implementation.json").read_text(encoding="utf-8"))


def _fixture_matrix(label: str, binary_directed: bool = False) -> np.ndarray:
    name, form = label.split("|")[:2]
    A = load(name)
    np.fill_diagonal(A, 0)
    if form == "sym":
        return ((A + A.T) > 0) * 1.0
    return (A > 0) * 1.0 if binary_directed else A


def _random_graph(gseed: int):
    """The seeded random graphs of the previous implementation's record (same draws)."""
    rng = np.random.default_rng(100 + gseed)
    n = [20, 40, 80, 150][gseed % 4]
    p = [0.1, 0.25][gseed % 2]
    U = np.triu(rng.random((n, n)) < p, 1)
    W = np.triu(rng.integers(1, 6, (n, n)), 1) * U
    return (U + U.T) * 1.0, (W + W.T) * 1.0


@pytest.mark.parametrize("rec", PREVIOUS["be"], ids=lambda r: f"{r['label']}-{r['kw'].get('cp_ties', 'one')}")
def test_same_partition_and_fit_as_previous_implementation_on_fixtures(rec):
    part = cp.core_periphery_be(_fixture_matrix(rec["label"]), **rec["kw"])
    assert np.flatnonzero(part.core).tolist() == rec["core"]
    assert part.fit == rec["fit"]


def test_same_partition_and_fit_as_previous_implementation_on_random_graphs():
    for rec in PREVIOUS["random"]:
        B, W = _random_graph(rec["gseed"])
        M, kw = (B, {}) if rec["kind"] == "bin" else (W, {"weighted": True})
        part = cp.core_periphery_be(M, cp_ties=rec["cp_ties"], seed=rec["gseed"], n_random_starts=6, **kw)
        assert part.fit >= rec["fit"]  # never worse ...
        assert part.fit == rec["fit"]  # ... and here the same
        assert np.flatnonzero(part.core).tolist() == rec["core"]


@pytest.mark.parametrize("rec", PREVIOUS["test"], ids=lambda r: r["label"])
def test_permutation_test_same_null_fits_as_previous_implementation(rec):
    M = _fixture_matrix(rec["label"], binary_directed=True)
    t = cp.core_periphery_test(M, n_permutations=rec["n_permutations"], seed=rec["seed"], directed=rec["directed"])
    assert t.null_fits.tolist() == rec["null_fits"]
    assert t.p_value == rec["p_value"] and t.fit == rec["fit"]
    assert t.n_permutations == rec["n_permutations"] and not t.stopped_early


# --------------------------------------------------------------------------------------------
# incremental block sums
# --------------------------------------------------------------------------------------------


def _full_sums(X: np.ndarray, x: np.ndarray):
    y = 1.0 - x
    X2 = X * X
    return x.sum(), x @ X @ x, y @ X @ y, x @ X2 @ x, y @ X2 @ y


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(3, 14),
    density=st.floats(0.1, 0.9),
    directed=st.booleans(),
    weighted=st.booleans(),
    seed=st.integers(0, 2**31 - 1),
    moves=st.lists(st.integers(0, 13), min_size=1, max_size=40),
)
def test_incremental_sums_equal_full_recomputation(n, density, directed, weighted, seed, moves):
    rng = np.random.default_rng(seed)
    A = (rng.random((n, n)) < density) * (rng.random((n, n)) * 5 if weighted else 1.0)
    np.fill_diagonal(A, 0)
    if not directed:
        A = np.triu(A, 1)
        A = A + A.T
    if not A.any():
        A[0, 1] = A[1, 0] = 1.0
    X = cp._prepare_sparse(A, directed, weighted)
    g = cp._Graph(X, binary=not weighted)
    Xd = X.toarray()
    x = rng.random(n) < 0.5
    state = cp._BlockState(g, x, need_q=True)
    for k in moves:
        k %= n
        state.move(k)
        x[k] = ~x[k]
        nc, S_cc, S_pp, Q_cc, Q_pp = _full_sums(Xd, x.astype(float))
        np.testing.assert_allclose([state.nc, state.S_cc, state.S_pp, state.Q_cc, state.Q_pp],
                                   [nc, S_cc, S_pp, Q_cc, Q_pp], rtol=1e-12, atol=1e-9)
        if not weighted:  # integer sums: exact
            assert (state.S_cc, state.S_pp) == (S_cc, S_pp)
        np.testing.assert_allclose(state.tc, (Xd + Xd.T) @ x, atol=1e-9)
        for ties in ("one", "zero", "ignore"):
            assert state.fit(ties) == pytest.approx(cp._fit_of(Xd, x, ties), abs=1e-12, nan_ok=True)
            cand = state.candidates(ties)
            for j in range(n):
                flipped = x.copy()
                flipped[j] = ~flipped[j]
                f = cp._fit_of(Xd, flipped, ties)
                assert cand[j] == pytest.approx(-np.inf if np.isnan(f) else f, abs=1e-12)


def test_degree_starts_are_the_best_prefixes():
    B = _fixture_matrix("cn_ele_2008|sym")
    g = cp._Graph(cp._prepare_sparse(B, False, False), binary=True)
    order = np.argsort(-(B + B.T).sum(axis=1), kind="stable")
    fits = []
    for k in range(1, B.shape[0]):
        x = np.zeros(B.shape[0], dtype=bool)
        x[order[:k]] = True
        f = cp._fit_of(B, x, "one")
        fits.append((-np.inf if np.isnan(f) else f, k))
    fits.sort(key=lambda t: (-t[0], t[1]))
    starts = cp._degree_starts(g, "one")
    assert [int(s.sum()) for s in starts] == [k for _, k in fits[:5]]


# --------------------------------------------------------------------------------------------
# sparse input
# --------------------------------------------------------------------------------------------


def test_sparse_input_gives_the_dense_result():
    B = _fixture_matrix("us_boswash_commuting_2009_2013|sym")
    D = load("us_boswash_tt_2000_2023")
    np.fill_diagonal(D, 0)
    for fmt in (sp.csr_array, sp.coo_matrix, sp.csc_array):
        assert cp.core_periphery_be(fmt(B)).fit == cp.core_periphery_be(B).fit
        np.testing.assert_array_equal(cp.core_periphery_be(fmt(B)).core, cp.core_periphery_be(B).core)
        part = cp.core_periphery_be(fmt(D), directed=True, weighted=True, cp_ties="ignore")
        assert part.fit == pytest.approx(cp.core_periphery_be(D, directed=True, weighted=True, cp_ties="ignore").fit,
                                         abs=1e-12)
        core = cp.core_periphery_be(B).core
        assert cp.be_fit(fmt(B), core) == pytest.approx(cp.be_fit(B, core), abs=1e-15)
    t1 = cp.core_periphery_test(B, n_permutations=3, seed=1)
    t2 = cp.core_periphery_test(sp.csr_array(B), n_permutations=3, seed=1)
    np.testing.assert_array_equal(t1.null_fits, t2.null_fits)
    R = cp._rewire(sp.csr_array(B), False, 500, np.random.default_rng(0))
    assert sp.issparse(R)
    np.testing.assert_array_equal(R.sum(axis=0), B.sum(axis=0))
    np.testing.assert_array_equal(R.toarray(), cp._rewire(B, False, 500, np.random.default_rng(0)))


def test_dense_above_threshold_is_handled_as_sparse(monkeypatch):
    B = _fixture_matrix("cn_ele_2008|sym")
    expect = cp.core_periphery_be(B)
    monkeypatch.setattr(cp, "DENSE_MAX_NODES", 10)
    got = cp.core_periphery_be(B)
    assert got.fit == expect.fit and np.array_equal(got.core, expect.core)
    with pytest.raises(ValueError, match="symmetric"):
        cp.core_periphery_be(np.triu(np.ones((12, 12)), 1))
    with pytest.raises(ValueError, match="negative"):
        cp.be_fit(-np.ones((12, 12)), [0])


def test_sparse_bad_input():
    with pytest.raises(ValueError, match="symmetric"):
        cp.core_periphery_be(sp.csr_array(np.triu(np.ones((4, 4)), 1)))
    with pytest.raises(ValueError, match="negative"):
        cp.be_fit(sp.csr_array(-np.ones((3, 3))), [0])
    bad = np.ones((3, 3))
    bad[0, 1] = np.nan
    with pytest.raises(ValueError, match="non-finite"):
        cp.be_fit(sp.csr_array(bad), [0], directed=True)
    with pytest.raises(ValueError, match="square"):
        cp.core_periphery_be(sp.csr_array(np.ones((3, 4))))
    with pytest.raises(ValueError, match="none"):
        cp.core_periphery_be(sp.csr_array((5, 5)))
    with pytest.raises(ValueError, match="workers"):
        cp.core_periphery_be(_fixture_matrix("toy_cycle5|sym"), workers=0)


# --------------------------------------------------------------------------------------------
# workers and sequential stopping
# --------------------------------------------------------------------------------------------


def test_same_result_for_any_number_of_workers():
    B = _fixture_matrix("cn_ele_2008|sym")
    one = cp.core_periphery_be(B, workers=1, seed=4)
    two = cp.core_periphery_be(B, workers=2, seed=4)
    assert one.fit == two.fit and np.array_equal(one.core, two.core)
    t1 = cp.core_periphery_test(B, n_permutations=6, seed=3, workers=1)
    t2 = cp.core_periphery_test(B, n_permutations=6, seed=3, workers=2)
    np.testing.assert_array_equal(t1.null_fits, t2.null_fits)
    assert t1.p_value == t2.p_value
    s1 = cp.core_periphery_test(B, n_permutations=6, seed=3, workers=1, stop_after=1)
    s2 = cp.core_periphery_test(B, n_permutations=6, seed=3, workers=2, stop_after=1)
    np.testing.assert_array_equal(s1.null_fits, s2.null_fits)
    assert (s1.p_value, s1.n_permutations, s1.stopped_early) == (s2.p_value, s2.n_permutations, s2.stopped_early)


def _threshold_graph():
    """5 nodes tied to everyone plus a few random ties: the degrees force the core, every
    degree-preserving null graph fits as well as the observed one (p = 1)."""
    n = 20
    A = np.zeros((n, n))
    A[:5, :] = 1
    A[:, :5] = 1
    np.fill_diagonal(A, 0)
    rng = np.random.default_rng(1)
    extra = np.triu(rng.random((n, n)) < 0.05, 1)
    return np.maximum(A, extra + extra.T)


def _planted_core():
    """A 6-node clique, each other node tied to 2 clique members and 2 other nodes: its fit
    (0.31) is below most degree-preserving null graphs' (p = 1 with 19 of them)."""
    rng = np.random.default_rng(11)
    n = 40
    A = np.zeros((n, n))
    A[:6, :6] = 1
    for i in range(6, n):
        A[i, rng.choice(6, 2, replace=False)] = 1
        A[i, rng.choice(np.arange(6, n), 2, replace=False)] = 1
    A = np.maximum(A, A.T)
    np.fill_diagonal(A, 0)
    return A


def test_early_stop_same_decision_as_full_test_when_degrees_imply_the_core():
    A = _threshold_graph()
    full = cp.core_periphery_test(A, n_permutations=99, seed=0, workers=1)
    early = cp.core_periphery_test(A, n_permutations=99, seed=0, stop_after=5, workers=1)
    assert full.p_value == 1.0 and not full.stopped_early and full.n_permutations == 99
    assert early.stopped_early and early.n_permutations == 5 and early.p_value == 1.0
    np.testing.assert_array_equal(early.null_fits, full.null_fits[:5])
    assert (early.p_value <= 0.05) == (full.p_value <= 0.05)


def test_early_stop_is_the_full_sequence_cut_at_the_h_th_exceedance():
    for A, seed in ((_planted_core(), 2), (_fixture_matrix("cn_ele_2008|sym"), 5)):
        R = 19
        full = cp.core_periphery_test(A, n_permutations=R, seed=seed, workers=1)
        hits = np.flatnonzero(full.null_fits >= full.fit - 1e-12)
        assert len(hits) >= 3  # both graphs: the degrees explain most of the core
        for h in (1, 2, 3, R + 1):
            early = cp.core_periphery_test(A, n_permutations=R, seed=seed, stop_after=h, workers=1)
            if len(hits) >= h and hits[h - 1] + 1 < R:
                l_ = hits[h - 1] + 1
                assert early.stopped_early and early.n_permutations == l_
                assert early.p_value == pytest.approx(h / l_)
                np.testing.assert_array_equal(early.null_fits, full.null_fits[:l_])
                # the full test's p-value is at least (h + 1) / (R + 1)
                assert full.p_value >= (h + 1) / (R + 1) - 1e-12
                assert early.p_value >= h / R
            else:  # not decided early: the full test
                assert not early.stopped_early and early.p_value == full.p_value
                np.testing.assert_array_equal(early.null_fits, full.null_fits)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_stop_after_must_be_a_positive_count(bad):
    with pytest.raises(ValueError, match="stop_after"):
        cp.core_periphery_test(_threshold_graph(), n_permutations=5, stop_after=bad)
