"""Tests of megaregion.metrics.inference (QAP, MRQAP) against R sna 2.7 reference values.

The reference file tests/reference/netlm/netlm_reference.json and the matrices next to it are
made by tests/reference/make_netlm_reference.R (sna::netlm with nullhyp "qapy"/"qapspp" and
sna::qaptest(gcor), 2000 permutations each). Coefficients, t statistics and R^2 are exact
(1e-9); p-values are Monte Carlo estimates on both sides, so they must agree within
4 * sqrt(p(1-p)/2000) + 0.01 (Python runs 20,000 permutations, so its own error is small).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from megaregion.metrics.inference import (
    check_n_permutations,
    dyad_cells,
    mrqap,
    permutation_indices,
    permutation_p_value,
    qap_correlation,
)

REF_DIR = Path(__file__).parent / "reference" / "netlm"
R_REPS = 2000
PY_REPS = 20000


def _load(name: str) -> np.ndarray:
    return np.loadtxt(REF_DIR / f"{name}.csv", delimiter=",")


@pytest.fixture(scope="module")
def ref():
    return json.loads((REF_DIR / "netlm_reference.json").read_text())


@pytest.fixture(scope="module")
def mats():
    return {name: _load(name) for name in ("y", "x1", "x2", "x3", "y_sym", "x2_sym")}


def _mc_ok(p_py, p_r, n=R_REPS):
    p_py, p_r = np.asarray(p_py, float), np.asarray(p_r, float)
    tol = 4 * np.sqrt(p_r * (1 - p_r) / n) + 0.01
    return np.abs(p_py - p_r) <= tol


CASES = {
    "digraph_qapy": ("y", ["x1", "x2", "x3"], True, "y-permutation"),
    "digraph_qapspp": ("y", ["x1", "x2", "x3"], True, "dsp"),
    "graph_qapy": ("y_sym", ["x1", "x2_sym", "x3"], False, "y-permutation"),
    "graph_qapspp": ("y_sym", ["x1", "x2_sym", "x3"], False, "dsp"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_mrqap_matches_sna_netlm(case, ref, mats):
    yname, xnames, directed, method = CASES[case]
    R = ref[case]
    res = mrqap(mats[yname], [mats[x] for x in xnames], n_perm=PY_REPS, method=method, directed=directed, seed=1)
    assert res.names == R["names"]
    assert res.n_obs == R["n_obs"]
    np.testing.assert_allclose(res.coef, R["coefficients"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(res.statistic, R["tstat"], rtol=0, atol=1e-9)
    assert res.r2 == pytest.approx(R["r2"], abs=1e-9)
    assert res.adj_r2 == pytest.approx(R["adj_r2"], abs=1e-9)
    for ours, theirs in (("p_less", "p_less"), ("p_greater", "p_greater"), ("p_two_sided", "p_two_sided")):
        ok = _mc_ok(getattr(res, ours), R[theirs])
        assert ok.all(), f"{case} {ours}: py {getattr(res, ours)} vs R {R[theirs]}"


@pytest.mark.parametrize("key,x", [("qaptest_gcor_x1_y", "x1"), ("qaptest_gcor_x2_y", "x2"), ("qaptest_gcor_x3_y", "x3")])
def test_qap_correlation_matches_sna_qaptest(key, x, ref, mats):
    R = ref[key]
    res = qap_correlation(mats[x], mats["y"], n_perm=PY_REPS, seed=3)
    assert res.correlation == pytest.approx(R["correlation"], abs=1e-12)
    assert _mc_ok(res.p_greater, R["p_greater"]) and _mc_ok(res.p_less, R["p_less"])
    assert res.n_obs == 25 * 24


def _t_values(y, X):
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ coef
    s2 = resid @ resid / (len(y) - X.shape[1])
    se = np.sqrt(np.diag(np.linalg.inv(X.T @ X)) * s2)
    return coef / se, coef


@pytest.mark.parametrize("directed", [True, False])
def test_vectorised_null_equals_direct_refits(directed, mats):
    """Each permuted statistic equals an explicit OLS refit (the netlm recipe), to 1e-9."""
    y = mats["y"] if directed else mats["y_sym"]
    xs = [mats["x1"], mats["x2"] if directed else mats["x2_sym"], mats["x3"]]
    n = y.shape[0]
    rows, cols = dyad_cells(n, directed)
    X = np.column_stack([np.ones(rows.size)] + [m[rows, cols] for m in xs])
    n_perm = 7
    for method in ("y-permutation", "dsp"):
        res = mrqap(y, xs, n_perm=n_perm, method=method, seed=42, directed=directed)
        perms = permutation_indices(n, n_perm, np.random.default_rng(42))
        for b in range(n_perm):
            p = perms[b]
            if method == "y-permutation":
                t, _ = _t_values(y[np.ix_(p, p)][rows, cols], X)
                np.testing.assert_allclose(res.null_distribution[b], t, rtol=1e-9, atol=1e-9)
            else:
                yv = y[rows, cols]
                for k in range(X.shape[1]):
                    others = [j for j in range(X.shape[1]) if j != k]
                    coef, *_ = np.linalg.lstsq(X[:, others], X[:, k], rcond=None)
                    E = np.zeros((n, n))
                    E[rows, cols] = X[:, k] - X[:, others] @ coef
                    if not directed:
                        E[cols, rows] = E[rows, cols]
                    z = E[np.ix_(p, p)][rows, cols]
                    t, _ = _t_values(yv, np.column_stack([X[:, others], z]))
                    assert res.null_distribution[b, k] == pytest.approx(t[-1], rel=1e-9, abs=1e-9)


def test_beta_statistic_and_summary(mats):
    res = mrqap(mats["y"], {"attr_dist": mats["x1"], "sender": mats["x2"]}, n_perm=200, test_statistic="beta")
    assert res.names == ["(intercept)", "attr_dist", "sender"]
    np.testing.assert_allclose(res.statistic, res.coef)
    table = res.summary()
    assert list(table.index) == res.names
    assert {"coef", "se_ols", "statistic", "p_two_sided", "p_greater", "p_less"} <= set(table.columns)
    assert table.attrs["n_perm"] == 200 and table.attrs["method"] == "y-permutation"
    # netlm names are accepted as aliases
    assert mrqap(mats["y"], [mats["x1"]], n_perm=50, method="qapspp").method == "dsp"


def test_seeded_and_reproducible(mats):
    a = mrqap(mats["y"], [mats["x1"], mats["x3"]], n_perm=300, method="dsp", seed=9)
    b = mrqap(mats["y"], [mats["x1"], mats["x3"]], n_perm=300, method="dsp", seed=9)
    np.testing.assert_array_equal(a.null_distribution, b.null_distribution)
    c = qap_correlation(mats["x1"], mats["y"], n_perm=300, seed=9)
    d = qap_correlation(mats["x1"], mats["y"], n_perm=300, seed=np.random.default_rng(9))
    np.testing.assert_array_equal(c.null_distribution, d.null_distribution)


def test_strata_restrict_permutations(mats):
    strata = np.repeat(np.arange(5), 5)
    perms = permutation_indices(25, 500, np.random.default_rng(0), strata)
    assert np.all(strata[perms] == strata[None, :])  # nodes only move within their stratum
    assert not np.all(perms == np.arange(25))
    # x3 = same-group dummy is invariant under within-group permutation of Y's labels...
    res = mrqap(mats["y"], [mats["x1"], mats["x3"]], n_perm=400, strata=strata, method="y-permutation")
    assert res.stratified
    # ...and a singleton stratum never moves
    lone = np.arange(25)
    assert np.all(permutation_indices(25, 10, np.random.default_rng(0), lone) == np.arange(25))
    with pytest.raises(ValueError, match="one label per node"):
        permutation_indices(25, 10, np.random.default_rng(0), strata[:-1])


def test_input_validation(mats):
    y = mats["y"].copy()
    with pytest.raises(ValueError, match="shape"):
        mrqap(y, [np.ones((4, 4))])
    y[2, 3] = np.nan
    with pytest.raises(ValueError, match=r"cell \(2, 3\)"):
        mrqap(y, [mats["x1"]])
    with pytest.raises(ValueError, match="not symmetric"):
        mrqap(mats["y"], [mats["x1"]], directed=False)
    with pytest.raises(ValueError, match="rank deficient"):
        mrqap(mats["y"], [mats["x1"], 2 * mats["x1"]])
    with pytest.raises(ValueError, match="method"):
        mrqap(mats["y"], [mats["x1"]], method="qapx")
    labelled = pd.DataFrame(mats["y"], index=list(range(25)), columns=list(range(1, 26)))
    with pytest.raises(ValueError, match="labels differ"):
        qap_correlation(labelled, mats["x1"])


def test_permutation_p_value_never_below_one_over_n_plus_one(mats):
    """Issue 9 (4): a permutation p-value is (k + 1) / (n + 1), so with 99 permutations it is
    never below 0.01, even when no permuted statistic reaches the observed one."""
    x = mats["x1"]
    res = qap_correlation(x, x, n_perm=99, seed=0)  # identical matrices: nothing beats r = 1
    assert res.correlation == pytest.approx(1.0)
    assert res.p_greater == pytest.approx(1 / 100)
    k = int(np.sum(res.null_distribution >= res.correlation))
    assert res.p_greater == pytest.approx((k + 1) / 100)
    assert res.p_less == pytest.approx((np.sum(res.null_distribution <= res.correlation) + 1) / 100)
    fit = mrqap(mats["y"], [mats["x1"]], n_perm=49, seed=0)
    assert np.all(fit.p_two_sided >= 1 / 50) and np.all(fit.p_greater >= 1 / 50) and np.all(fit.p_less >= 1 / 50)
    assert permutation_p_value(0, 99) == pytest.approx(0.01)


@pytest.mark.parametrize("bad", [0, -5, 2.5])
def test_zero_or_negative_permutations_rejected(bad, mats):
    with pytest.raises(ValueError, match="permutations >= 1"):
        qap_correlation(mats["x1"], mats["y"], n_perm=bad)
    with pytest.raises(ValueError, match="permutations >= 1"):
        mrqap(mats["y"], [mats["x1"]], n_perm=bad)
    with pytest.raises(ValueError, match="permutations >= 1"):
        check_n_permutations(bad)


def test_permuted_statistics_free_of_cancellation_with_a_large_mean(mats):
    """The permuted residual sum of squares is ||y||^2 - ||Q'y||^2 of the centred y: shifting y
    by 1e6 leaves every slope's null t-value unchanged (uncentred, the difference of two
    numbers near 1e12 * n would lose about 1e-4 of it)."""
    y, xs = mats["y"], [mats["x1"], mats["x2"], mats["x3"]]
    for method in ("y-permutation", "dsp"):
        a = mrqap(y, xs, n_perm=50, method=method, seed=3).null_distribution[:, 1:]
        b = mrqap(y + 1e6, xs, n_perm=50, method=method, seed=3).null_distribution[:, 1:]
        np.testing.assert_allclose(b, a, rtol=1e-7, atol=1e-9)


def test_cell_index_equals_two_gathers():
    from megaregion.metrics.inference import _cell_index

    rng = np.random.default_rng(0)
    perms = permutation_indices(9, 5, rng)
    for directed in (True, False):
        rows, cols = dyad_cells(9, directed)
        np.testing.assert_array_equal(_cell_index(perms, 9, rows, cols), perms[:, rows] * 9 + perms[:, cols])
