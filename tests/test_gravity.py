"""Tests of megaregion.metrics.gravity: distances, modified gravity, PPML."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from megaregion.metrics.gravity import (
    EARTH_RADIUS_KM,
    composite_mass,
    fit_ppml_gravity,
    gravity_matrix,
    great_circle_km,
    share_factor_matrix,
)


# ----------------------------------------------------------------- great circle


def test_great_circle_known_distances():
    # Shanghai (31.2304, 121.4737) - Beijing (39.9042, 116.4074): ~1067 km on the sphere
    lat = np.array([31.2304, 39.9042, 0.0, 0.0])
    lon = np.array([121.4737, 116.4074, 0.0, 90.0])
    d = great_circle_km(lat, lon)
    assert d.shape == (4, 4)
    assert np.allclose(d, d.T) and np.all(np.diag(d) == 0)
    assert d[0, 1] == pytest.approx(1067.3, abs=1.0)
    # a quarter of the equator
    assert d[2, 3] == pytest.approx(np.pi / 2 * EARTH_RADIUS_KM, rel=1e-12)


def test_great_circle_missing_coordinates_named():
    lat = pd.Series([31.2, np.nan, 30.3], index=["310000", "320100", "330100"])
    lon = pd.Series([121.5, 118.8, 120.2], index=lat.index)
    with pytest.raises(ValueError, match=r"index 1 \('320100'\)"):
        great_circle_km(lat, lon)
    with pytest.raises(ValueError, match="out of range"):
        great_circle_km([91.0, 0.0], [0.0, 0.0])


# ----------------------------------------------------------------- gravity matrix


def test_gravity_matrix_basic_formula():
    m = np.array([2.0, 8.0, 3.0])
    d = np.array([[0, 2.0, 4.0], [2.0, 0, 1.0], [4.0, 1.0, 0]])
    g = gravity_matrix(m, distance=d, gamma=2.0, k=1.5)
    # G_01 = 1.5 * 2*8 / 2^2 = 6 ; G_12 = 1.5 * 8*3 / 1 = 36 ; G_02 = 1.5 * 2*3/16 = 0.5625
    assert g[0, 1] == pytest.approx(6.0) and g[1, 2] == pytest.approx(36.0) and g[0, 2] == pytest.approx(0.5625)
    assert np.allclose(g, g.T) and np.all(np.diag(g) == 0)


def test_gravity_matrix_separate_exponents():
    m = np.array([4.0, 9.0])
    d = np.array([[0, 3.0], [3.0, 0]])
    g = gravity_matrix(m, distance=d, beta=(0.5, 1.0), gamma=1.0)
    # G_01 = 4^0.5 * 9 / 3 = 6 ; G_10 = 9^0.5 * 4 / 3 = 4
    assert g[0, 1] == pytest.approx(6.0) and g[1, 0] == pytest.approx(4.0)


def test_modified_gravity_chinese_variant_by_hand():
    # R_ij = K_ij * sqrt(P_i G_i) sqrt(P_j G_j) / D_ij^2, K_ij = G_i / (G_i + G_j)
    P = np.array([4.0, 1.0, 9.0])
    G = np.array([1.0, 4.0, 4.0])
    D = np.array([[0, 2.0, 1.0], [2.0, 0, 4.0], [1.0, 4.0, 0]])
    mass = composite_mass(P, G)  # sqrt(4)=2, sqrt(4)=2, sqrt(36)=6
    assert np.allclose(mass, [2.0, 2.0, 6.0])
    R = gravity_matrix(mass, distance=D, share_factor=G)
    # R_01 = 1/5 * 2*2/4 = 0.2 ; R_10 = 4/5 * 1 = 0.8 ; R_02 = 1/5 * 12/1 = 2.4 ; R_12 = 0.5 * 12/16
    assert R[0, 1] == pytest.approx(0.2) and R[1, 0] == pytest.approx(0.8)
    assert R[0, 2] == pytest.approx(2.4) and R[2, 0] == pytest.approx(9.6)
    assert R[1, 2] == pytest.approx(0.375) and R[2, 1] == pytest.approx(0.375)
    K = share_factor_matrix(G)
    assert np.allclose(K + K.T, 1.0)
    assert not np.allclose(R, R.T)  # the share factor makes it asymmetric
    # share_factor=True uses the masses themselves
    R2 = gravity_matrix(mass, distance=D, share_factor=True)
    assert np.allclose(R2, gravity_matrix(mass, distance=D) * share_factor_matrix(mass) * (1 - np.eye(3)))


def test_gravity_matrix_labels_and_zero_distance_error():
    m = pd.Series([1.0, 2.0, 3.0], index=["上海", "南京", "杭州"])
    d = np.array([[0, 1.0, 2.0], [1.0, 0, 0.0], [2.0, 0.0, 0]])
    with pytest.raises(ValueError, match=r"pair \(1, 2\) = \('南京', '杭州'\)"):
        gravity_matrix(m, distance=d)
    d[1, 2] = d[2, 1] = 3.0
    out = gravity_matrix(m, distance=d)
    assert isinstance(out, pd.DataFrame) and list(out.index) == ["上海", "南京", "杭州"]
    with pytest.raises(ValueError, match="shape"):
        gravity_matrix(m, distance=np.ones((2, 2)))
    with pytest.raises(ValueError, match="negative"):
        gravity_matrix(np.array([1.0, -1.0]), distance=np.array([[0, 1.0], [1.0, 0]]))


# ----------------------------------------------------------------- PPML


def _synthetic_flows(n=25, beta=-1.2, seed=7):
    rng = np.random.default_rng(seed)
    lat = rng.uniform(28, 34, n)
    lon = rng.uniform(115, 122, n)
    dist = great_circle_km(lat, lon)
    alpha = rng.normal(9.0, 0.5, n)  # flows of tens to hundreds
    delta = rng.normal(0.0, 0.5, n)
    contig = (rng.uniform(size=(n, n)) < 0.2).astype(float)
    o, d = np.nonzero(~np.eye(n, dtype=bool))
    mu = np.exp(alpha[o] + delta[d] + beta * np.log(dist[o, d]) + 0.3 * contig[o, d])
    return pd.DataFrame(
        {
            "orig": [f"c{i:02d}" for i in o],
            "dest": [f"c{j:02d}" for j in d],
            "dist_km": dist[o, d],
            "contig": contig[o, d],
            "flow": rng.poisson(mu),
        }
    )


def _ppml_irls(y, X, tol=1e-13, max_iter=200):
    """Independent Poisson GLM by IRLS with dense dummies (numpy only)."""
    mu = y + 0.5  # standard GLM start (glm.fit's mustart for Poisson is y + 0.1)
    eta = np.log(mu)
    beta = np.zeros(X.shape[1])
    for _ in range(max_iter):
        z = eta + (y - mu) / mu
        W = mu
        XtW = X.T * W
        new = np.linalg.solve(XtW @ X, XtW @ z)
        done = np.max(np.abs(new - beta)) < tol
        beta = new
        eta = X @ beta
        mu = np.exp(eta)
        if done:
            break
    mu = np.exp(X @ beta)
    bread = np.linalg.inv((X.T * mu) @ X)
    meat = (X.T * (y - mu) ** 2) @ X
    return beta, bread @ meat @ bread, mu


def test_ppml_recovers_known_beta():
    df = _synthetic_flows(n=30, beta=-1.2, seed=11)
    res = fit_ppml_gravity(df, "orig", "dest", "flow", "dist_km", extra=["contig"])
    assert res.coef["log_dist"] == pytest.approx(-1.2, abs=0.08)
    assert res.coef["contig"] == pytest.approx(0.3, abs=0.08)
    assert res.n_obs == len(df)
    assert res.predicted.notna().all()
    # PPML with origin and destination effects reproduces the margins exactly
    sums = df.assign(p=res.predicted).groupby("orig")[["flow", "p"]].sum()
    assert np.allclose(sums["flow"], sums["p"], rtol=1e-5)
    table = res.summary()
    assert list(table.columns) == ["coef", "se", "z"]


def test_ppml_matches_independent_irls():
    df = _synthetic_flows(n=10, beta=-0.9, seed=3)
    res = fit_ppml_gravity(df, "orig", "dest", "flow", "dist_km")
    o = pd.get_dummies(df["orig"], drop_first=False, dtype=float).to_numpy()
    d = pd.get_dummies(df["dest"], drop_first=True, dtype=float).to_numpy()
    X = np.column_stack([np.log(df["dist_km"]), o, d])
    # no separate intercept: the full set of origin dummies spans it
    beta, vcov, mu = _ppml_irls(df["flow"].to_numpy(float), X)
    assert res.coef["log_dist"] == pytest.approx(beta[0], abs=1e-6)
    assert np.allclose(res.predicted.to_numpy(), mu, rtol=1e-5)
    # pyfixest "hetero" for fepois = sandwich * small-sample factor N/(N-k), k counting the FE
    n_obs, k = X.shape
    se_indep = np.sqrt(vcov[0, 0] * n_obs / (n_obs - k))
    assert res.se["log_dist"] == pytest.approx(se_indep, rel=1e-6)


def test_ppml_zero_flows_and_bad_input():
    df = _synthetic_flows(n=12, seed=5)
    df.loc[df["orig"] == "c03", "flow"] = 0  # an origin with no outflow: separated
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = fit_ppml_gravity(df, "orig", "dest", "flow", "dist_km")
    assert res.predicted[df["orig"] == "c03"].isna().all()
    assert len(res.dropped_rows) == 11
    bad = df.copy()
    bad.loc[5, "dist_km"] = 0.0
    with pytest.raises(ValueError, match="row 5"):
        fit_ppml_gravity(bad, "orig", "dest", "flow", "dist_km")
    with pytest.raises(ValueError, match="lacks column"):
        fit_ppml_gravity(df, "orig", "dest", "nope", "dist_km")


def test_distance_floor_is_the_larger_internal_distance():
    """Issue 9 (a): 黄冈 and 鄂州 (seats 7.3 km apart; 17,457 and 1,594 km²) get the larger
    internal distance (2/3) sqrt(17457 / pi) = 49.7 km; a pair farther apart is unchanged."""
    from megaregion.metrics.gravity import distance_floor, internal_distance_km, top_pair_share

    assert internal_distance_km([np.pi * 9.0])[0] == pytest.approx(2.0)  # r = 3 km -> 2 km
    d = np.array([[0, 7.3, 60.8], [7.3, 0, 56.5], [60.8, 56.5, 0]])
    area = np.array([1594.0, 17457.0, 8569.0])  # 鄂州, 黄冈, 武汉 (2015)
    ds, raised = distance_floor(d, area)
    assert ds[0, 1] == ds[1, 0] == pytest.approx(2 / 3 * np.sqrt(17457 / np.pi))
    assert ds[0, 1] == pytest.approx(49.7, abs=0.05)
    assert ds[0, 2] == 60.8 and ds[1, 2] == 56.5
    assert raised.sum() == 2 and raised[0, 1] and raised[1, 0]
    # unknown area: no floor from that city
    ds2, raised2 = distance_floor(d, [np.nan, np.nan, 8569.0])
    assert ds2[0, 1] == 7.3 and not raised2.any()
    i, j, share = top_pair_share(np.array([[0, 8, 1], [8, 0, 1], [1, 1, 0.0]]))
    assert (i, j) == (0, 1) and share == pytest.approx(16 / 20)
