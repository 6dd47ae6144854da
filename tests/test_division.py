"""The division-of-labour regression on constructed networks (answers known by construction)."""

from __future__ import annotations

import numpy as np
import pytest

from megaregion.analysis.division_of_labour import fit_division


def _setup(n=12, seed=3):
    rng = np.random.default_rng(seed)
    C = rng.uniform(0, 1, (n, n))
    R = rng.uniform(-1, 1, (n, n))
    R = (R + R.T) / 2
    D = rng.uniform(10, 500, (n, n))
    D = (D + D.T) / 2
    m = rng.uniform(8, 12, n)
    return rng, C, R, np.log(D), m


def test_coefficients_recovered_when_links_follow_the_model():
    rng, C, R, logD, m = _setup()
    n = len(m)
    X = {"complementarity": C, "relatedness": R, "log_distance": logD,
         "log_mass_origin": np.repeat(m[:, None], n, 1), "log_mass_destination": np.repeat(m[None, :], n, 0)}
    eps = rng.normal(0, 0.01, (n, n))
    logy = 0.5 + 3.0 * C + 0.2 * R - 0.4 * logD + 0.1 * X["log_mass_origin"] + 0.1 * X["log_mass_destination"] + eps
    Y = np.expm1(logy - logy.min() + 0.1)  # shift so that log(1 + Y) is the model plus a constant
    res, coef, mask = fit_division(Y, X, directed=True, n_perm=99, seed=0)
    c = coef.set_index("term")
    assert c.loc["complementarity", "coefficient"] == pytest.approx(3.0, abs=0.02)
    assert c.loc["log_distance", "coefficient"] == pytest.approx(-0.4, abs=0.02)
    assert c.loc["complementarity", "p_value"] == pytest.approx(1 / 100)  # the floor: never beaten
    assert res.r2 > 0.99 and mask.sum() == n * (n - 1)
    # standardised beta = b * sd(x) / sd(y) over the dyads
    y = np.log1p(Y)[mask]
    assert c.loc["complementarity", "std_beta"] == pytest.approx(
        c.loc["complementarity", "coefficient"] * C[mask].std(ddof=1) / y.std(ddof=1))
    assert np.isnan(c.loc["intercept", "std_beta"])


def test_complementarity_unrelated_to_links_is_not_significant():
    rng, C, R, logD, m = _setup(n=15, seed=7)
    n = len(m)
    X = {"complementarity": C + C.T, "relatedness": R, "log_distance": logD,
         "log_mass_product": m[:, None] + m[None, :]}
    logy = 2.0 - 0.8 * logD + 0.3 * X["log_mass_product"] + rng.normal(0, 0.3, (n, n))
    logy = (logy + logy.T) / 2
    Y = np.expm1(logy - logy.min())
    _, coef, mask = fit_division(Y, X, directed=False, n_perm=199, seed=1)
    c = coef.set_index("term")
    assert c.loc["complementarity", "p_value"] > 0.05
    assert c.loc["log_distance", "p_value"] < 0.01
    assert mask.sum() == n * (n - 1) // 2
