"""Tests for megaregion.metrics.complexity.

Reference: ecomplexity 0.5.3 (Harvard Growth Lab) run on the real US County
Business Patterns data (county × NAICS 4-digit, 2019, employees) by
tests/reference/make_ecomplexity_reference.py in a separate venv; see
tests/reference/README_complexity.md. The test recomputes everything from the same
raw file with megaregion and asserts agreement to 1e-8 (sign convention: ECI
positively correlated with diversity, as ecomplexity).

Small-matrix tests compare each kernel with a naive loop implementation of the
formula to 1e-12.
"""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from megaregion.metrics.complexity import (
    complexity_outlook_gain,
    complexity_outlook_index,
    diversity_ubiquity,
    eci_pci,
    eci_pci_reflections,
    economic_complexity,
    matrix_from_long,
    presence_matrix,
    proximity,
    rca,
    rca_upper_bound,
    relatedness_density,
)

REF = Path(__file__).parent / "reference" / "ecomplexity_cbp_county_naics4_2019.json.gz"
TOL = 1e-8


# ------------------------------------------------------------------ real data vs ecomplexity


@pytest.fixture(scope="module")
def cbp_2019(data_dir):
    df = pd.read_csv(data_dir / "us" / "cbp_county_naics4_2017_2021.csv.gz", dtype={"fips": str, "naics": str})
    df = df[(df["year"] == 2019) & df["naics"].str.fullmatch(r"\d{4}")]
    return matrix_from_long(df, "fips", "naics", "employees")


@pytest.fixture(scope="module")
def reference():
    with gzip.open(REF, "rt", encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def result(cbp_2019):
    return economic_complexity(cbp_2019)


@pytest.mark.realdata
def test_shapes_match_reference(result, reference):
    assert reference["ecomplexity_version"] == "0.5.3"
    assert len(result.eci) == reference["n_locations"] == 1857
    assert len(result.pci) == reference["n_products"] == 286
    assert result.dropped_locations == [] and result.dropped_activities == []


@pytest.mark.realdata
@pytest.mark.parametrize("key", ["eci", "coi", "diversity"])
def test_location_vectors_match_ecomplexity(result, reference, key):
    ref = pd.Series(reference[key])
    ours = getattr(result, key).reindex(ref.index)
    assert not ours.isna().any()
    np.testing.assert_allclose(ours.to_numpy(), ref.to_numpy(), rtol=0, atol=TOL)


@pytest.mark.realdata
@pytest.mark.parametrize("key", ["pci", "ubiquity"])
def test_activity_vectors_match_ecomplexity(result, reference, key):
    ref = pd.Series(reference[key])
    ours = getattr(result, key).reindex(ref.index)
    np.testing.assert_allclose(ours.to_numpy(), ref.to_numpy(), rtol=0, atol=TOL)


@pytest.mark.realdata
def test_density_and_cog_match_ecomplexity(result, reference):
    dsum = pd.Series(reference["density_rowsum"])
    np.testing.assert_allclose(result.density.sum(axis=1).reindex(dsum.index), dsum, rtol=0, atol=TOL)
    csum = pd.Series(reference["cog_rowsum"])
    np.testing.assert_allclose(result.cog.sum(axis=1).reindex(csum.index), csum, rtol=0, atol=TOL)
    s = reference["sample"]
    r = result.rca.index.get_indexer(s["fips"])
    c = result.rca.columns.get_indexer(s["naics"])
    assert (r >= 0).all() and (c >= 0).all()
    for key in ("rca", "density", "cog"):
        ours = getattr(result, key).to_numpy()[r, c]
        np.testing.assert_allclose(ours, s[key], rtol=0, atol=TOL, err_msg=key)


@pytest.mark.realdata
def test_sign_convention_and_reflections_on_real_data(result):
    assert np.corrcoef(result.eci, result.diversity)[0, 1] > 0
    eci, pci, n_iter = eci_pci_reflections(result.M.to_numpy(), max_iter=5000, tol=1e-13)
    np.testing.assert_allclose(eci, result.eci.to_numpy(), atol=1e-9)
    np.testing.assert_allclose(pci, result.pci.to_numpy(), atol=1e-9)
    # ECI = mean PCI over the industries a county has (normalisation property)
    M = result.M.to_numpy()
    np.testing.assert_allclose((M @ result.pci.to_numpy()) / M.sum(axis=1), result.eci.to_numpy(), atol=1e-10)


# ------------------------------------------------------------------ naive implementations


def toy(seed=0, n=14, m=9):
    rng = np.random.default_rng(seed)
    X = rng.gamma(0.6, 100, size=(n, m)) * (rng.random((n, m)) > 0.3)
    X[:, 0] += 1  # no zero rows
    X[0, :] += 1  # no zero columns
    return X


def naive_rca(X):
    n, m = X.shape
    tot = sum(X[i, j] for i in range(n) for j in range(m))
    out = np.zeros((n, m))
    for c in range(n):
        rc = sum(X[c, :])
        for p in range(m):
            cp = sum(X[:, p])
            out[c, p] = (X[c, p] / rc) / (cp / tot)
    return out


def naive_proximity(M):
    n, m = M.shape
    phi = np.zeros((m, m))
    for p in range(m):
        for q in range(m):
            both = sum(M[c, p] * M[c, q] for c in range(n))
            kp, kq = sum(M[:, p]), sum(M[:, q])
            phi[p, q] = min(both / kq, both / kp)  # min(P(p|q), P(q|p))
    return phi


def naive_density(M, phi):
    n, m = M.shape
    d = np.zeros((n, m))
    for c in range(n):
        for p in range(m):
            d[c, p] = sum(M[c, q] * phi[p, q] for q in range(m)) / sum(phi[p, q] for q in range(m))
    return d


def naive_coi(M, d, pci):
    return np.array([sum(d[c, p] * (1 - M[c, p]) * pci[p] for p in range(M.shape[1])) for c in range(M.shape[0])])


def naive_cog(M, phi, pci):
    n, m = M.shape
    g = np.zeros((n, m))
    for c in range(n):
        for p in range(m):
            s = 0.0
            for q in range(m):
                s += (1 - M[c, q]) * phi[p, q] / sum(phi[q, r] for r in range(m)) * pci[q]
            g[c, p] = (1 - M[c, p]) * s
    return g


def naive_eci(M):
    """Second eigenvector of the non-symmetric M̃^C = D⁻¹ M U⁻¹ Mᵀ by numpy.linalg.eig."""
    kc, kp = M.sum(axis=1), M.sum(axis=0)
    Mc = (M / kc[:, None]) @ (M / kp[None, :]).T
    vals, vecs = np.linalg.eig(Mc)
    v = np.real(vecs[:, np.argsort(np.real(vals))[-2]])
    if np.corrcoef(v, kc)[0, 1] < 0:
        v = -v
    return (v - v.mean()) / v.std()


@pytest.mark.parametrize("seed", range(4))
def test_kernels_match_naive(seed):
    X = toy(seed)
    R = rca(X)
    np.testing.assert_allclose(R, naive_rca(X), rtol=0, atol=1e-12)
    M = presence_matrix(R)
    kc, kp = diversity_ubiquity(M)
    np.testing.assert_array_equal(kc, [sum(row) for row in M])
    phi = proximity(M)
    np.testing.assert_allclose(phi, naive_proximity(M), atol=1e-12)
    d = relatedness_density(M, phi)
    np.testing.assert_allclose(d, naive_density(M, phi), atol=1e-12)
    pci = np.random.default_rng(seed).normal(size=M.shape[1])
    np.testing.assert_allclose(complexity_outlook_index(M, d, pci), naive_coi(M, d, pci), atol=1e-12)
    np.testing.assert_allclose(complexity_outlook_gain(M, phi, pci), naive_cog(M, phi, pci), atol=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_eci_eigen_reflections_and_naive_agree(seed):
    M = presence_matrix(rca(toy(seed, n=25, m=12)))
    eci, pci = eci_pci(M)
    np.testing.assert_allclose(eci, naive_eci(M), atol=1e-10)
    e2, p2, _ = eci_pci_reflections(M, max_iter=100000, tol=1e-14)
    np.testing.assert_allclose(e2, eci, atol=1e-8)
    np.testing.assert_allclose(p2, pci, atol=1e-8)
    assert np.corrcoef(eci, M.sum(axis=1))[0, 1] > 0
    assert eci.mean() == pytest.approx(0, abs=1e-12) and eci.std() == pytest.approx(1)


def test_atlas_outlook_convention():
    X = pd.DataFrame(toy(1))
    ecx = economic_complexity(X)
    atl = economic_complexity(X, outlook="atlas")
    M, d, pci = atl.M.to_numpy(), atl.density.to_numpy(), atl.pci.to_numpy()
    np.testing.assert_allclose(atl.coi, naive_coi(M, d, pci), atol=1e-12)
    expected = naive_cog(M, atl.proximity.to_numpy(), pci) - (1 - M) * d * pci[None, :]
    np.testing.assert_allclose(atl.cog, expected, atol=1e-12)
    # ecomplexity convention uses PCI* = PCI + offset
    pstar = ecx.pci.to_numpy() + ecx.pci_offset
    np.testing.assert_allclose(ecx.cog, naive_cog(M, ecx.proximity.to_numpy(), pstar), atol=1e-12)


def test_matrix_from_long_equals_pivot_table():
    df = pd.DataFrame({"loc": ["a", "a", "b", "c", "a"], "act": ["x", "y", "x", "z", "x"], "v": [1, 2, 3, 4, 5]})
    ours = matrix_from_long(df, "loc", "act", "v")
    pv = df.pivot_table(index="loc", columns="act", values="v", aggfunc="sum", fill_value=0).astype(float)
    np.testing.assert_array_equal(ours.to_numpy(), pv.to_numpy())
    assert list(ours.index) == ["a", "b", "c"] and list(ours.columns) == ["x", "y", "z"]


# ------------------------------------------------------------------ bad input / edge cases


def test_nan_rejected():
    X = toy()
    X[2, 3] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        economic_complexity(X)
    with pytest.raises(ValueError, match="NaN"):
        rca(X)
    df = pd.DataFrame({"l": ["a"], "p": ["x"], "v": [np.nan]})
    with pytest.raises(ValueError, match="NaN"):
        matrix_from_long(df, "l", "p", "v")


def test_negative_rejected():
    X = toy()
    X[1, 1] = -3
    with pytest.raises(ValueError, match="non-negative"):
        economic_complexity(X)


def test_all_zero_rows_and_columns_dropped_like_ecomplexity():
    X = pd.DataFrame(toy(2), index=[f"c{i}" for i in range(14)], columns=[f"p{j}" for j in range(9)])
    X2 = X.copy()
    X2.loc["empty"] = 0.0
    X2["unused"] = 0.0
    a, b = economic_complexity(X), economic_complexity(X2)
    assert b.dropped_locations == ["empty"] and b.dropped_activities == ["unused"]
    np.testing.assert_allclose(b.eci.to_numpy(), a.eci.to_numpy(), atol=1e-12)
    np.testing.assert_allclose(b.cog.to_numpy(), a.cog.to_numpy(), atol=1e-12)
    assert any("dropped" in n for n in b.notes)


def test_zero_diversity_after_threshold_gives_nan_not_all_nan():
    X = toy(3, n=30, m=10)
    # a location whose mix equals the aggregate has RCA = 1 everywhere, and an
    # activity spread like total size has RCA = 1 in every location: with a
    # threshold of 1.6 they get zero diversity / zero ubiquity
    X = np.vstack([X, 0.05 * X.sum(axis=0)])
    X = np.column_stack([X, 0.05 * X.sum(axis=1)])
    res = economic_complexity(X, threshold=1.6)
    assert res.diversity.iloc[-1] == 0 and res.ubiquity.iloc[-1] == 0
    zero_div = res.diversity.to_numpy() == 0
    zero_ubi = res.ubiquity.to_numpy() == 0
    assert np.isnan(res.eci.to_numpy()[zero_div]).all()
    assert np.isnan(res.pci.to_numpy()[zero_ubi]).all()
    assert not np.isnan(res.eci.to_numpy()[~zero_div]).any()
    assert math.isclose(np.nanmean(res.eci), 0.0, abs_tol=1e-12)
    assert np.isfinite(res.coi.to_numpy()).all()
    assert np.isfinite(res.cog.to_numpy()).all()


# ------------------------------------------------------------------ unknown (suppressed) cells


def naive_masked(X, K, threshold=1.0):
    """Loop versions of the masked formulas (metrics.complexity, "Unknown cells")."""
    n, m = X.shape
    Xk = np.where(K, X, 0.0)
    tot = Xk.sum()
    R = np.full((n, m), np.nan)
    for c in range(n):
        for p in range(m):
            if K[c, p]:
                R[c, p] = (Xk[c, p] / Xk[c].sum()) / (Xk[:, p].sum() / tot)
    M = np.where(K & (np.nan_to_num(R) >= threshold), 1.0, 0.0)
    phi = np.zeros((m, m))
    for p in range(m):
        for q in range(m):
            both = sum(M[c, p] * M[c, q] for c in range(n))
            p_given_q = both / sum(M[c, q] for c in range(n) if K[c, p])  # over c where p is known
            q_given_p = both / sum(M[c, p] for c in range(n) if K[c, q])
            phi[p, q] = min(p_given_q, q_given_p)
    d = np.zeros((n, m))
    for c in range(n):
        for p in range(m):
            d[c, p] = (sum(M[c, q] * phi[p, q] for q in range(m) if K[c, q])
                       / sum(phi[p, q] for q in range(m) if K[c, q]))
    return R, M, phi, d


def test_masked_kernels_match_naive_loops():
    X = toy(5)
    K = np.ones(X.shape, dtype=bool)
    K[[0, 3, 7, 9], [2, 5, 1, 8]] = False
    X[~K] = np.nan
    R, M, phi, d = naive_masked(X, K)
    np.testing.assert_allclose(rca(X, known=K), R, atol=1e-12)
    Mk = presence_matrix(rca(X, known=K))
    np.testing.assert_array_equal(Mk, M)
    np.testing.assert_allclose(proximity(Mk, known=K), phi, atol=1e-12)
    np.testing.assert_allclose(relatedness_density(Mk, phi, known=K), d, atol=1e-12)
    pci = np.random.default_rng(5).normal(size=X.shape[1])
    coi = complexity_outlook_index(Mk, d, pci, known=K)
    expected = [sum(d[c, p] * (1 - M[c, p]) * pci[p] for p in range(X.shape[1]) if K[c, p]) for c in range(X.shape[0])]
    np.testing.assert_allclose(coi, expected, atol=1e-12)
    cog = complexity_outlook_gain(Mk, phi, pci, known=K)
    assert np.isnan(cog[~K]).all() and np.isfinite(cog[K]).all()
    c, p = 1, 4
    assert K[c, p]
    s = sum((1 - M[c, q]) * phi[p, q] / phi[q].sum() * pci[q] for q in range(X.shape[1]) if K[c, q])
    assert cog[c, p] == pytest.approx((1 - M[c, p]) * s, abs=1e-12)


def test_all_known_mask_gives_the_unmasked_results():
    X = pd.DataFrame(toy(2))
    a = economic_complexity(X)
    b = economic_complexity(X, known=np.ones(X.shape, dtype=bool))
    for key in ("rca", "eci", "pci", "proximity", "density", "coi", "cog"):
        np.testing.assert_allclose(getattr(b, key).to_numpy(), getattr(a, key).to_numpy(), atol=1e-12, err_msg=key)


def test_suppressed_cell_is_unknown_not_zero_and_never_recommended():
    """A suppressed cell read as 0 becomes location 0's top 'opportunity'; masked as unknown it
    has no COG (cannot be recommended), and the other results change too."""
    X = pd.DataFrame(toy(7, n=20, m=10), index=[f"c{i}" for i in range(20)],
                     columns=[f"p{j}" for j in range(10)])
    zero = economic_complexity(X)
    absent = zero.rca.loc["c0"] < 1
    top = zero.cog.loc["c0", absent].idxmax()  # what reading the cell as 0 would recommend first
    Xs = X.copy()
    Xs.loc["c0", top] = np.nan  # the published file has no value: suppressed
    with pytest.raises(ValueError, match="NaN"):
        economic_complexity(Xs)  # unknown is never silently zero
    known = Xs.notna()
    masked = economic_complexity(Xs, known=known)
    read_as_zero = economic_complexity(Xs.fillna(0.0))
    assert np.isnan(masked.rca.loc["c0", top]) and np.isnan(masked.cog.loc["c0", top])
    assert not masked.known.loc["c0", top] and masked.M.loc["c0", top] == 0
    ranked = masked.cog.loc["c0"].dropna().sort_values(ascending=False)
    assert top not in ranked.index and ranked.index[0] != top
    assert read_as_zero.cog.loc["c0", read_as_zero.rca.loc["c0"] < 1].idxmax() == top  # the 0 reading recommends it
    assert not np.allclose(masked.density.to_numpy(), read_as_zero.density.to_numpy())
    assert not np.allclose(masked.coi.to_numpy(), read_as_zero.coi.to_numpy())
    assert any("unknown cells masked" in n for n in masked.notes)


def test_rca_upper_bound():
    X = np.array([[10.0, 0.0, 5.0], [20.0, 30.0, 0.0], [5.0, 5.0, 40.0]])
    K = np.ones_like(X, dtype=bool)
    K[0, 1] = K[1, 2] = False
    U = np.zeros_like(X)
    U[0, 1], U[1, 2] = 3.0, np.inf
    b = rca_upper_bound(X, K, U)
    Xk = np.where(K, X, 0.0)
    R, C, T = Xk[0].sum(), Xk[:, 1].sum(), Xk.sum()
    assert b[0, 1] == pytest.approx((3 / (R + 3)) / ((C + 3) / (T + 3)))
    assert b[1, 2] == np.inf and np.isnan(b[K]).all()
    # the bound is the RCA the cell would have at that value
    X2 = Xk.copy()
    X2[0, 1] = 3.0
    K2 = K.copy()
    K2[0, 1] = True
    assert rca(X2, known=K2)[0, 1] == pytest.approx(b[0, 1])


def test_workflow_rejects_an_unknown_treatment_of_unpublished_cells():
    from megaregion.analysis.complexity_map import complexity_map
    from megaregion.errors import MegaregionError

    with pytest.raises(MegaregionError, match="mask or zero"):
        complexity_map(None, "us-sansan", unpublished="ignore")
