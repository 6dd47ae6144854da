"""Core-periphery kernels against cpnet 0.0.21 (tests/reference/cpnet_reference.json)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize

from megaregion.metrics import coreperiphery as cp
from test_metrics_network import load

REF = Path(__file__).parent / "reference"
CPNET = json.loads((REF / "cpnet_reference.json").read_text(encoding="utf-8"))
NETWORKS = sorted(CPNET["networks"])
# networks whose MINRES infimum is not attained (coreness of the hub diverges)
DEGENERATE = {"toy_in_star", "toy_out_star", "toy_out_tree"}


def binary_sym(name: str) -> np.ndarray:
    A = load(name)
    np.fill_diagonal(A, 0)
    return ((A + A.T) > 0).astype(float)


def test_reference_metadata():
    assert CPNET["meta"]["cpnet_version"] == "0.0.21"


@pytest.mark.parametrize("name", NETWORKS)
def test_be_fit_equals_cpnet_quality(name):
    """Our objective, evaluated on cpnet's partition, is cpnet's Q."""
    ref = CPNET["networks"][name]
    core = np.array(ref["be_core"], dtype=bool)
    f = cp.be_fit(binary_sym(name), core)
    if name == "toy_complete4":  # complete graph: correlation undefined; cpnet reports 0
        assert np.isnan(f) and ref["be_quality"] == 0.0
    else:
        assert f == pytest.approx(ref["be_quality"], abs=1e-12)


@pytest.mark.parametrize("name", [n for n in NETWORKS if n != "toy_complete4"])
def test_be_search_at_least_as_good_as_cpnet(name):
    ref = CPNET["networks"][name]
    part = cp.core_periphery_be(binary_sym(name))
    assert part.fit >= ref["be_quality"] - 1e-9
    assert part.fit == pytest.approx(cp.be_fit(binary_sym(name), part.core), abs=1e-12)
    # where cpnet reached the same optimum, the partition is the same (optimum unique there)
    if part.fit == pytest.approx(ref["be_quality"], abs=1e-12):
        np.testing.assert_array_equal(part.core, np.array(ref["be_core"], dtype=bool))


def test_be_star_and_known_values():
    S = np.zeros((5, 5))
    S[0, 1:] = S[1:, 0] = 1
    part = cp.core_periphery_be(S)
    assert part.core.tolist() == [True, False, False, False, False]
    assert part.fit == pytest.approx(1.0)  # cpnet 0.0.21's heuristic stops at 0.5345 here
    assert part.labels.tolist() == ["core"] + ["periphery"] * 4
    # two-clique core + pendant periphery, 'ignore' model: perfect fit
    A = np.zeros((6, 6))
    A[:3, :3] = 1
    A[3, 0] = A[4, 1] = A[5, 2] = 1
    A = np.maximum(A, A.T)
    np.fill_diagonal(A, 0)
    assert cp.be_fit(A, [0, 1, 2], cp_ties="ignore") == pytest.approx(1.0)
    assert cp.core_periphery_be(A, cp_ties="ignore").core.tolist() == [True] * 3 + [False] * 3


def test_be_fit_definition_by_brute_force():
    rng = np.random.default_rng(3)
    A = (rng.random((9, 9)) < 0.35).astype(float) * rng.integers(1, 5, (9, 9))
    np.fill_diagonal(A, 0)
    core = rng.random(9) < 0.4
    off = ~np.eye(9, dtype=bool)
    ideal_one = (core[:, None] | core[None, :]).astype(float)
    ideal_zero = (core[:, None] & core[None, :]).astype(float)
    for weighted in (False, True):
        a = A if weighted else (A > 0) * 1.0
        for cp_ties, ideal, mask in (
            ("one", ideal_one, off),
            ("zero", ideal_zero, off),
            ("ignore", ideal_zero, off & (core[:, None] == core[None, :])),
        ):
            expect = np.corrcoef(a[mask], ideal[mask])[0, 1]
            got = cp.be_fit(A, core, cp_ties=cp_ties, directed=True, weighted=weighted)
            assert got == pytest.approx(expect, abs=1e-12)


def test_be_search_is_optimal_on_small_graph_by_enumeration():
    rng = np.random.default_rng(7)
    for _ in range(5):
        A = (rng.random((8, 8)) < 0.4).astype(float)
        A = np.triu(A, 1)
        A = A + A.T
        best = -np.inf
        for mask in range(1, 2**8 - 1):
            core = np.array([(mask >> k) & 1 for k in range(8)], dtype=bool)
            f = cp.be_fit(A, core)
            if not np.isnan(f):
                best = max(best, f)
        assert cp.core_periphery_be(A).fit == pytest.approx(best, abs=1e-12)


@pytest.mark.parametrize("name", [n for n in NETWORKS if n not in DEGENERATE])
def test_minres_matches_converged_cpnet(name):
    ref = CPNET["networks"][name]
    B = binary_sym(name)
    m = cp.coreness_minres(B)
    assert m.converged
    assert m.gradient_norm < 1e-9
    np.testing.assert_allclose(m.coreness, np.abs(ref["minres_coreness_converged"]), atol=1e-8)
    # cpnet's default output (stop at a 1e-2 relative step) is never better than ours
    assert m.residual <= cp.minres_residual(B, ref["minres_coreness"]) + 1e-9


@pytest.mark.parametrize("name", ["cn_ele_2008", "us_boswash_tt_2000_2023_ge100"])
def test_minres_is_global_minimum_against_scipy(name):
    B = binary_sym(name)
    m = cp.coreness_minres(B)
    n = B.shape[0]

    def f(c):
        R = B - np.outer(c, c)
        np.fill_diagonal(R, 0)
        g = -4 * (B @ c) + 4 * c * (c @ c - c * c)
        return np.sum(R * R), g

    rng = np.random.default_rng(0)
    for _ in range(3):
        res = minimize(f, rng.random(n), jac=True, method="L-BFGS-B", options={"ftol": 1e-15, "gtol": 1e-11, "maxiter": 10_000})
        assert m.residual <= res.fun + 1e-6
        np.testing.assert_allclose(np.abs(res.x), m.coreness, atol=1e-4)


def test_minres_degenerate_star_flags_non_convergence():
    S = np.zeros((5, 5))
    S[0, 1:] = S[1:, 0] = 1
    m = cp.coreness_minres(S, max_iter=200)
    assert not m.converged
    assert np.argmax(m.coreness) == 0


def test_continuous_fit():
    c = np.array([3.0, 2.0, 1.0, 0.5])
    A = np.outer(c, c)
    np.fill_diagonal(A, 0)
    assert cp.continuous_fit(A, c) == pytest.approx(1.0)
    assert cp.continuous_fit(A, 7 * c) == pytest.approx(1.0)
    B = binary_sym("cn_ele_2008")
    assert 0 < cp.continuous_fit(B, cp.coreness_minres(B).coreness, weighted=False) < 1


def test_permutation_test_seeded_and_sensible():
    B = binary_sym("cn_ele_2008")
    t1 = cp.core_periphery_test(B, n_permutations=20, seed=5)
    t2 = cp.core_periphery_test(B, n_permutations=20, seed=5)
    np.testing.assert_array_equal(t1.null_fits, t2.null_fits)
    assert t1.p_value == t2.p_value
    # (b + 1) / (R + 1): never below 1 / 21 with 20 null graphs (Phipson & Smyth 2010)
    b = int(np.sum(t1.null_fits >= t1.fit - 1e-12))
    assert t1.p_value == pytest.approx((b + 1) / 21)
    assert 1 / 21 <= t1.p_value <= 1
    assert t1.fit == pytest.approx(cp.core_periphery_be(B, n_random_starts=5).fit)
    # the null keeps the degree sequence
    rng = np.random.default_rng(0)
    R = cp._rewire(B, False, 2000, rng)
    np.testing.assert_array_equal(R.sum(axis=0), B.sum(axis=0))
    assert np.all(np.diag(R) == 0) and np.array_equal(R, R.T)
    D = load("us_boswash_tt_2000_2023_ge100")
    np.fill_diagonal(D, 0)
    D = (D > 0) * 1.0
    RD = cp._rewire(D, True, 2000, rng)
    np.testing.assert_array_equal(RD.sum(axis=0), D.sum(axis=0))
    np.testing.assert_array_equal(RD.sum(axis=1), D.sum(axis=1))
    assert not np.array_equal(RD, D)


def test_core_implied_by_degrees_is_not_significant_under_degree_null():
    """A perfect core (5 nodes tied to everyone) is a threshold graph: its degree sequence
    forces the structure, so every degree-preserving null graph has the same fit (p = 1)."""
    n = 20
    A = np.zeros((n, n))
    A[:5, :] = 1
    A[:, :5] = 1
    np.fill_diagonal(A, 0)
    rng = np.random.default_rng(1)
    extra = np.triu(rng.random((n, n)) < 0.05, 1)
    A = np.maximum(A, extra + extra.T)
    t = cp.core_periphery_test(A, n_permutations=30, seed=0)
    assert t.partition.core[:5].all()
    assert t.p_value == 1.0
    assert np.all(t.null_fits <= t.fit + 1e-9)


@pytest.mark.parametrize("bad", [0, -5])
def test_core_periphery_test_rejects_no_permutations(bad):
    """Issue 9 (4): n_permutations < 1 gave a blank (nan) p-value; now a ValueError."""
    with pytest.raises(ValueError, match="permutations >= 1"):
        cp.core_periphery_test(binary_sym("cn_ele_2008"), n_permutations=bad)


def test_three_tiers():
    c = np.array([0.05, 0.1, 0.12, 0.5, 0.55, 0.9, 1.0])
    assert cp.core_semicore_periphery(c).tolist() == ["periphery"] * 3 + ["semi-core"] * 2 + ["core"] * 2
    t = cp.core_semicore_periphery(c, method="thresholds")
    assert t.tolist() == ["periphery"] * 3 + ["semi-core"] * 2 + ["core"] * 2
    with pytest.raises(ValueError):
        cp.core_semicore_periphery(c, method="thresholds", thresholds=(0.8, 0.2))
    with pytest.raises(ValueError):
        cp.core_semicore_periphery([np.nan, 1, 2])


def test_bad_input():
    with pytest.raises(ValueError, match="symmetric"):
        cp.core_periphery_be(np.triu(np.ones((4, 4)), 1))
    with pytest.raises(ValueError, match="symmetric"):
        cp.coreness_minres(np.triu(np.ones((4, 4)), 1))
    with pytest.raises(ValueError, match="no tie|none"):
        cp.core_periphery_be(np.zeros((4, 4)))
    with pytest.raises(ValueError, match="no tie|none"):
        cp.coreness_minres(np.zeros((4, 4)))
    with pytest.raises(ValueError, match="at least 3"):
        cp.core_periphery_be(np.array([[0, 1], [1, 0.0]]))
    with pytest.raises(ValueError, match="negative"):
        cp.be_fit(-np.ones((3, 3)), [0])
    with pytest.raises(ValueError, match="cp_ties"):
        cp.be_fit(np.ones((3, 3)), [0], cp_ties="half")
