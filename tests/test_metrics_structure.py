"""Reference tests of megaregion.metrics.structure.

Three kinds of reference:

* published worked examples (source cited at each test);
* independent naive implementations written here from the formulas with plain Python loops
  (they never call the kernels), compared to 1e-12;
* properties (hypothesis) and edge cases (documented NaN / ValueError behaviour).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from megaregion.metrics import structure as S

TOL = 1e-12

# EconGeo (R) documentation example matrix of locational_gini / locational_gini_curve
# (https://search.r-project.org/CRAN/refmans/EconGeo/html/locational_gini.html).
ECONGEO_MAT = np.array([
    [100, 0, 0, 0, 0],
    [0, 15, 5, 70, 10],
    [0, 20, 10, 20, 50],
    [0, 25, 30, 5, 40],
    [0, 40, 55, 5, 0],
], dtype=float)
# EconGeo documentation example of hoover_index / hoover_gini / gini.
ECONGEO_IND = np.array([0, 10, 10, 30, 50], dtype=float)
ECONGEO_POP = np.array([10, 15, 20, 25, 30], dtype=float)
ECONGEO_HOOVER_MAT = np.array([
    [0, 10, 0, 0],
    [0, 15, 0, 0],
    [0, 20, 0, 0],
    [0, 25, 0, 1],
    [0, 30, 1, 1],
], dtype=float)


def frame(arr, rows="R", cols="I"):
    arr = np.asarray(arr, dtype=float)
    return pd.DataFrame(arr, index=[f"{rows}{i + 1}" for i in range(arr.shape[0])],
                        columns=[f"{cols}{j + 1}" for j in range(arr.shape[1])])


# ------------------------------------------------------------------------------------------
# naive reference implementations (loops, straight from the formulas)
# ------------------------------------------------------------------------------------------
def naive_lq(x):
    n, m = len(x), len(x[0])
    tot = sum(sum(r) for r in x)
    col = [sum(x[r][i] for r in range(n)) for i in range(m)]
    out = []
    for r in range(n):
        rt = sum(x[r])
        out.append([(x[r][i] / rt) / (col[i] / tot) for i in range(m)])
    return out


def naive_krugman(x, versus):
    n, m = len(x), len(x[0])
    out = []
    for r in range(n):
        rt = sum(x[r])
        if versus == "rest":
            rest_tot = sum(sum(x[s]) for s in range(n) if s != r)
            ref = [sum(x[s][i] for s in range(n) if s != r) / rest_tot for i in range(m)]
        else:
            tot = sum(sum(row) for row in x)
            ref = [sum(x[s][i] for s in range(n)) / tot for i in range(m)]
        out.append(sum(abs(x[r][i] / rt - ref[i]) for i in range(m)))
    return out


def naive_gini(v):
    n = len(v)
    mu = sum(v) / n
    return sum(abs(a - b) for a in v for b in v) / (2 * n * n * mu)


def naive_locational_gini(x, col):
    """Concentration curve of industry `col` against total employment, regions sorted by
    LQ; G = 2 × area between the diagonal and the curve (trapezoids); LG = G / 2."""
    n = len(x)
    tot = sum(sum(r) for r in x)
    pop = [sum(r) / tot for r in x]
    ind = [x[r][col] for r in range(n)]
    order = sorted(range(n), key=lambda r: ind[r] / pop[r])
    ti = sum(ind)
    area_under = 0.0
    ci_prev = cp_prev = 0.0
    for r in order:
        ci = ci_prev + ind[r] / ti
        cp = cp_prev + pop[r]
        area_under += (cp - cp_prev) * (ci + ci_prev) / 2
        ci_prev, cp_prev = ci, cp
    return (1 - 2 * area_under) / 2


def naive_theil(v, groups=None):
    n = len(v)
    mu = sum(v) / n

    def t(vals, m):
        return sum((a / m) * math.log(a / m) for a in vals if a > 0) / len(vals)

    total = t(v, mu)
    if groups is None:
        return total, 0.0, total
    between = within = 0.0
    for g in sorted(set(groups)):
        vals = [a for a, h in zip(v, groups) if h == g]
        mg = sum(vals) / len(vals)
        w = (len(vals) / n) * (mg / mu)
        between += w * math.log(mg / mu)
        within += w * t(vals, mg)
    return total, between, within


def naive_cosine(a, b):
    num = sum(p * q for p, q in zip(a, b))
    return num / math.sqrt(sum(p * p for p in a) * sum(q * q for q in b))


def naive_variety(row, parents):
    tot = sum(row)
    p = [v / tot for v in row]
    groups = {}
    for pi, g in zip(p, parents):
        groups.setdefault(g, []).append(pi)
    uv = sum(sum(ps) * math.log2(1 / sum(ps)) for ps in groups.values() if sum(ps) > 0)
    rv = 0.0
    for ps in groups.values():
        P = sum(ps)
        if P > 0:
            rv += P * sum((q / P) * math.log2(P / q) for q in ps if q > 0)
    ent = sum(q * math.log2(1 / q) for q in p if q > 0)
    return uv, rv, ent


def naive_shift_share(x0, x1, r0, r1):
    """Classic + Esteban-Marquillas, by loops; r0/r1 are industry totals of the reference."""
    n, m = len(x0), len(x0[0])
    G = sum(r1) / sum(r0) - 1
    out = {}
    for r in range(n):
        size = sum(x0[r])
        for i in range(m):
            Gi = r1[i] / r0[i] - 1
            g = x1[r][i] / x0[r][i] - 1
            hom = size * r0[i] / sum(r0)
            out[(r, i)] = dict(national=x0[r][i] * G, industry_mix=x0[r][i] * (Gi - G),
                               competitive=x0[r][i] * (g - Gi), homothetic=hom,
                               net_competitive=hom * (g - Gi),
                               allocation=(x0[r][i] - hom) * (g - Gi))
    return out


# ------------------------------------------------------------------------------------------
# published worked examples
# ------------------------------------------------------------------------------------------
# Krumme, G., "Shift & Share Table with Excel Explanations", Geography 350, University of
# Washington, http://faculty.washington.edu/krumme/350/ssexcel.html ("Holukuluku" vs nation,
# 1985-1995). Regional employment 1985 = 500/100/200/200, 1995 = 1000/100/250/280; national
# 1985 shares 10/20/40/30 % and national growth 10/20/30/40 % (total 29 %). The page's table
# lists LQ 5/0.5/0.5/0.667, national growth effect 290, composition (industry-mix) effect
# 95/9/2/22 and differential (competitive) effect 450/20/10/0 with total 420, total shift 340.
# The HTML copy drops minus signs; they are fixed by the page's own identities: total shift
# 340 = 355 − 29 − 8 + 22 = differential 420 + composition (−95 − 9 + 2 + 22 = −80).
KRUMME_X0 = pd.DataFrame([[500, 100, 200, 200]], index=["Holukuluku"],
                         columns=["I", "II", "III", "IV"], dtype=float)
KRUMME_X1 = pd.DataFrame([[1000, 100, 250, 280]], index=["Holukuluku"],
                         columns=["I", "II", "III", "IV"], dtype=float)
KRUMME_NAT0 = pd.Series([10.0, 20.0, 40.0, 30.0], index=["I", "II", "III", "IV"])
KRUMME_NAT1 = KRUMME_NAT0 * pd.Series([1.10, 1.20, 1.30, 1.40], index=KRUMME_NAT0.index)


def test_lq_krumme_published():
    lq = S.location_quotient(KRUMME_X0, reference=KRUMME_NAT0)
    np.testing.assert_allclose(lq.loc["Holukuluku"].to_numpy(), [5, 0.5, 0.5, 2 / 3], rtol=TOL)


def test_shift_share_krumme_published():
    res = S.shift_share(KRUMME_X0, KRUMME_X1, KRUMME_NAT0, KRUMME_NAT1)
    assert res.reference_growth == pytest.approx(0.29, abs=TOL)
    c = res.cells.set_index("industry")
    np.testing.assert_allclose(c["industry_mix"].to_numpy(), [-95, -9, 2, 22], atol=1e-9)
    np.testing.assert_allclose(c["competitive"].to_numpy(), [450, -20, -10, 0], atol=1e-9)
    tot = res.regions.loc["Holukuluku"]
    assert tot["national"] == pytest.approx(290, abs=1e-9)
    assert tot["industry_mix"] == pytest.approx(-80, abs=1e-9)
    assert tot["competitive"] == pytest.approx(420, abs=1e-9)
    assert tot["change"] == pytest.approx(630, abs=1e-9)
    # "total shift" of the page = industry mix + competitive
    assert tot["industry_mix"] + tot["competitive"] == pytest.approx(340, abs=1e-9)


def test_gini_econgeo_documented_extremes():
    # EconGeo gini docs: "perfect unequality: max Gini = (5-1)/5" for c(0,0,0,0,1) and
    # "perfect equality" for c(1,1,1,1,1).
    assert S.gini(np.array([0, 0, 0, 0, 1.0])) == pytest.approx(0.8, abs=TOL)
    assert S.gini(np.array([1, 1, 1, 1, 1.0])) == pytest.approx(0.0, abs=TOL)


def test_gini_econgeo_example_vector():
    # ind = c(0,10,10,30,50) from the EconGeo docs; by hand: Σ|xi−xj| = 480, n=5, μ=20
    # → 480 / (2·25·20) = 0.48. Also checked against the naive double sum.
    assert S.gini(ECONGEO_IND) == pytest.approx(0.48, abs=TOL)
    assert S.gini(ECONGEO_IND) == pytest.approx(naive_gini(list(ECONGEO_IND)), abs=TOL)


def test_hoover_econgeo_examples():
    # EconGeo hoover_index docs: ind c(0,10,10,30,50), pop c(10,15,20,25,30) ("30% of the
    # population produces 50% of the output"). By hand: ½(.10+.05+.10+.05+.20) = 0.25
    # (EconGeo prints 25, i.e. ×100).
    assert S.hoover_index(ECONGEO_IND, ECONGEO_POP) == pytest.approx(0.25, abs=TOL)
    h = S.hoover_index(frame(ECONGEO_HOOVER_MAT), pd.Series(ECONGEO_POP, index=[
        "R1", "R2", "R3", "R4", "R5"]))
    # industry #2 "perfectly proportional to population" → 0; #1 all zero → undefined (NaN);
    # #3 all in R5 (30% of pop) → ½(0.7 + 0.7) = 0.7; #4 in R4, R5 (55%) → ½(0.45 + 0.45).
    assert math.isnan(h["I1"])
    assert h["I2"] == pytest.approx(0.0, abs=TOL)
    assert h["I3"] == pytest.approx(0.7, abs=TOL)
    assert h["I4"] == pytest.approx(0.45, abs=TOL)


def test_locational_gini_econgeo_example_matrix():
    lg = S.locational_gini(frame(ECONGEO_MAT))
    expected = [naive_locational_gini(ECONGEO_MAT.tolist(), j) for j in range(5)]
    np.testing.assert_allclose(lg.to_numpy(), expected, atol=TOL)
    assert list(lg.index) == ["I1", "I2", "I3", "I4", "I5"]
    assert (lg.to_numpy() >= 0).all() and (lg.to_numpy() < 0.5).all()
    # I1 sits entirely in R1, which has 20% of total employment: G = 0.8, LG = 0.4.
    assert lg["I1"] == pytest.approx(0.4, abs=TOL)


# ------------------------------------------------------------------------------------------
# naive cross-checks
# ------------------------------------------------------------------------------------------
RNG = np.random.default_rng(20240607)
MAT = RNG.integers(1, 500, size=(7, 6)).astype(float)


def test_lq_matches_naive_and_labels():
    X = frame(MAT)
    lq = S.location_quotient(X)
    np.testing.assert_allclose(lq.to_numpy(), naive_lq(MAT.tolist()), rtol=TOL)
    assert lq.index.equals(X.index) and lq.columns.equals(X.columns)
    assert isinstance(S.location_quotient(MAT), np.ndarray)


def test_lq_national_reference_wider_than_x():
    X = frame(MAT[:, :3])
    nat = pd.Series([100.0, 200.0, 300.0, 400.0], index=["I3", "I1", "I2", "Z9"])
    lq = S.location_quotient(X, reference=nat)
    # national shares use the national total over all 4 industries (1000)
    share = {"I1": 0.2, "I2": 0.3, "I3": 0.1}
    for r in X.index:
        rt = X.loc[r].sum()
        for c in X.columns:
            assert lq.loc[r, c] == pytest.approx((X.loc[r, c] / rt) / share[c], rel=TOL)


def test_binary_rca():
    b = S.binary_rca(MAT)
    lq = np.array(naive_lq(MAT.tolist()))
    np.testing.assert_array_equal(b, (lq >= 1).astype(float))


@pytest.mark.parametrize("versus", ["rest", "group"])
def test_krugman_matches_naive(versus):
    k = S.krugman_index(frame(MAT), versus=versus)
    np.testing.assert_allclose(k.to_numpy(), naive_krugman(MAT.tolist(), versus), atol=TOL)


def test_krugman_reference_and_dissimilarity():
    nat = MAT.sum(axis=0) * 3.0
    k = S.krugman_index(MAT, reference=nat)
    np.testing.assert_allclose(k, naive_krugman(MAT.tolist(), "group"), atol=TOL)
    a, b = MAT[0], MAT[1]
    d = sum(abs(p / a.sum() - q / b.sum()) for p, q in zip(a, b))
    assert S.krugman_dissimilarity(a, b) == pytest.approx(d, abs=TOL)
    assert S.krugman_dissimilarity(pd.Series([1.0, 1.0], index=["a", "b"]),
                                   pd.Series([2.0], index=["c"])) == pytest.approx(2.0)


def test_herfindahl_matches_naive():
    h = S.herfindahl(frame(MAT))
    for r, row in enumerate(MAT.tolist()):
        t = sum(row)
        assert h.iloc[r] == pytest.approx(sum((v / t) ** 2 for v in row), abs=TOL)
    assert S.herfindahl(np.array([0.5, 0.5])) == pytest.approx(0.5, abs=TOL)


def test_gini_per_column_matches_naive():
    g = S.gini(frame(MAT))
    for j in range(MAT.shape[1]):
        assert g.iloc[j] == pytest.approx(naive_gini(MAT[:, j].tolist()), abs=TOL)


def test_locational_gini_matches_naive_random():
    lg = S.locational_gini(MAT)
    for j in range(MAT.shape[1]):
        assert lg[j] == pytest.approx(naive_locational_gini(MAT.tolist(), j), abs=TOL)


def test_theil_matches_naive():
    v = MAT[:, 0]
    groups = ["a", "a", "b", "b", "b", "c", "c"]
    res = S.theil_index(v, groups=groups)
    tot, bet, wit = naive_theil(v.tolist(), groups)
    assert res.total == pytest.approx(tot, abs=TOL)
    assert res.between == pytest.approx(bet, abs=TOL)
    assert res.within == pytest.approx(wit, abs=TOL)
    assert res.by_group.loc["b", "n"] == 3
    # matrix input: one decomposition per column
    resm = S.theil_index(frame(MAT), groups=pd.Series(groups, index=frame(MAT).index))
    for j, c in enumerate(frame(MAT).columns):
        t, b, w = naive_theil(MAT[:, j].tolist(), groups)
        assert resm.total[c] == pytest.approx(t, abs=TOL)
        assert resm.between[c] == pytest.approx(b, abs=TOL)
        assert resm.within[c] == pytest.approx(w, abs=TOL)


def test_theil_zero_handling():
    # 0·ln0 = 0: T of (0, 0, 0, 4) = (1/4)·4·ln4 = ln 4 = ln n (the maximum)
    assert S.theil_index(np.array([0, 0, 0, 4.0])).total == pytest.approx(math.log(4), abs=TOL)


def test_similarity_matches_naive():
    X = frame(MAT)
    sm = S.similarity_matrix(X)
    for a in range(MAT.shape[0]):
        for b in range(MAT.shape[0]):
            assert sm.iloc[a, b] == pytest.approx(naive_cosine(MAT[a], MAT[b]), abs=TOL)
    assert S.structural_similarity(MAT[0], MAT[3]) == pytest.approx(
        naive_cosine(MAT[0], MAT[3]), abs=TOL)


def test_similarity_matrix_nan_pairwise_matches_pairwise_function():
    Xn = MAT.copy()
    Xn[0, 1] = np.nan
    Xn[2, 4] = np.nan
    sm = S.similarity_matrix(Xn)
    for a in range(Xn.shape[0]):
        for b in range(Xn.shape[0]):
            if a == b:
                continue
            assert sm[a, b] == pytest.approx(S.structural_similarity(Xn[a], Xn[b]), abs=TOL)


def test_variety_matches_naive():
    cols = ["3111", "3112", "3121", "3122", "3123", "5413"]
    X = pd.DataFrame(MAT, columns=cols)
    res = S.related_unrelated_variety(X, lambda c: c[:3])
    parents = [c[:3] for c in cols]
    for r in range(MAT.shape[0]):
        uv, rv, ent = naive_variety(MAT[r].tolist(), parents)
        assert res.iloc[r]["unrelated_variety"] == pytest.approx(uv, abs=TOL)
        assert res.iloc[r]["related_variety"] == pytest.approx(rv, abs=TOL)
        assert res.iloc[r]["entropy"] == pytest.approx(ent, abs=TOL)
    # the mapping and the sequence forms agree with the callable form
    pd.testing.assert_frame_equal(res, S.related_unrelated_variety(X, {c: c[:3] for c in cols}))
    np.testing.assert_allclose(S.related_unrelated_variety(MAT, parents), res.to_numpy(),
                               atol=TOL)


def test_shift_share_matches_naive_group_reference():
    x0 = MAT
    x1 = MAT * RNG.uniform(0.5, 1.8, size=MAT.shape)
    res = S.shift_share(frame(x0), frame(x1), method="esteban-marquillas")
    ref = naive_shift_share(x0.tolist(), x1.tolist(), x0.sum(axis=0).tolist(),
                            x1.sum(axis=0).tolist())
    cells = res.cells
    for k, (r, i) in enumerate((r, i) for r in range(x0.shape[0]) for i in range(x0.shape[1])):
        for comp, val in ref[(r, i)].items():
            assert cells.iloc[k][comp] == pytest.approx(val, rel=1e-12, abs=1e-9)
    assert cells.iloc[0]["region"] == "R1" and cells.iloc[0]["industry"] == "I1"


def test_shift_share_group_reference_has_zero_net_effects():
    # with the group as its own reference, industry-mix and competitive effects cancel
    # across regions in every industry (Σ_r x0_ri (g_ri − G_i) = 0).
    x1 = MAT * RNG.uniform(0.5, 1.8, size=MAT.shape)
    res = S.shift_share(MAT, x1)
    by_ind = res.cells.groupby("industry")["competitive"].sum()
    np.testing.assert_allclose(by_ind.to_numpy(), 0.0, atol=1e-8)


# ------------------------------------------------------------------------------------------
# properties
# ------------------------------------------------------------------------------------------
# realistic magnitudes: exact zeros or values ≥ 1e-6 (no subnormal floats, which no employment
# or output statistic produces)
POSITIVE = st.one_of(st.just(0.0), st.floats(1e-6, 1e6, allow_nan=False, allow_infinity=False))


def matrices(min_rows=1, min_cols=1):
    shape = st.tuples(st.integers(min_rows, 7), st.integers(min_cols, 7))
    return shape.flatmap(lambda s: arrays(np.float64, s, elements=st.one_of(
        st.just(0.0), st.floats(1e-3, 1e6, allow_nan=False, allow_infinity=False))))


def same_nan(a, b):
    np.testing.assert_array_equal(np.isnan(a), np.isnan(b))


@settings(max_examples=80, deadline=None)
@given(matrices(), st.floats(1e-3, 1e3))
def test_prop_lq_scale_invariant(x, c):
    a = S.location_quotient(x)
    b = S.location_quotient(x * c)
    same_nan(a, b)
    ok = ~np.isnan(a)
    np.testing.assert_allclose(a[ok], b[ok], rtol=1e-12, atol=1e-300)


@settings(max_examples=80, deadline=None)
@given(matrices(), st.data(), st.sampled_from(["classic", "esteban-marquillas"]),
       st.booleans())
def test_prop_shift_share_sums_exactly(x0, data, method, national):
    x1 = data.draw(arrays(np.float64, x0.shape, elements=st.one_of(
        st.just(0.0), st.floats(1e-3, 1e6, allow_nan=False))))
    ref0 = ref1 = None
    if national:
        ref0 = x0.sum(axis=0) + data.draw(st.floats(1.0, 1e6))
        ref1 = x1.sum(axis=0) + data.draw(st.floats(1.0, 1e6))
    if x0.sum() == 0 and ref0 is None:
        with pytest.raises(ValueError, match="reference total"):
            S.shift_share(x0, x1, method=method)
        return
    res = S.shift_share(x0, x1, ref0, ref1, method=method)
    c = res.cells
    scale = np.maximum(1.0, np.abs(c["x1"]) + np.abs(c["x0"]))
    err = (c["national"] + c["industry_mix"] + c["competitive"] - (c["x1"] - c["x0"])).abs()
    assert (err <= 1e-9 * scale).all()
    r = res.regions
    rscale = np.maximum(1.0, r["x0"] + r["x1"])
    assert ((r["national"] + r["industry_mix"] + r["competitive"] - r["change"]).abs()
            <= 1e-9 * rscale).all()
    assert ((r["x1"] - r["x0"] - r["change"]).abs() <= 1e-9 * rscale).all()
    if method == "esteban-marquillas":
        split = ~c["new_cell"]
        e = (c["net_competitive"] + c["allocation"] - c["competitive"])[split].abs()
        # Floating point bounds the error by the parts' own size: when x0 is tiny the net and
        # allocation effects are huge and cancel, so the tolerance scales with them too.
        parts = (c["net_competitive"].abs() + c["allocation"].abs())[split]
        assert (e <= 1e-9 * np.maximum(scale[split], parts)).all()
        rparts = r["net_competitive"].abs() + r["allocation"].abs() + r["competitive_unsplit"].abs()
        assert ((r["net_competitive"] + r["allocation"] + r["competitive_unsplit"]
                 - r["competitive"]).abs() <= 1e-9 * np.maximum(rscale, rparts)).all()


@settings(max_examples=80, deadline=None)
@given(arrays(np.float64, st.integers(1, 30), elements=POSITIVE),
       st.data())
def test_prop_theil_decomposition(v, data):
    groups = data.draw(st.lists(st.sampled_from("abcd"), min_size=len(v), max_size=len(v)))
    res = S.theil_index(v, groups=groups)
    if v.sum() == 0:
        assert math.isnan(res.total)
        return
    assert res.total == pytest.approx(res.between + res.within, abs=1e-12)
    assert res.between >= -1e-12 and res.within >= -1e-12
    assert res.total <= math.log(len(v)) + 1e-12


@settings(max_examples=80, deadline=None)
@given(matrices(min_cols=2))
def test_prop_variety_identity(x):
    cols = [f"{i % 3}{i}" for i in range(x.shape[1])]
    res = S.related_unrelated_variety(pd.DataFrame(x, columns=cols), lambda c: c[0])
    ok = x.sum(axis=1) > 0
    assert res[~ok].isna().all().all()
    r = res[ok]
    np.testing.assert_allclose(r["unrelated_variety"] + r["related_variety"], r["entropy"],
                               atol=1e-12)
    assert (r.to_numpy() >= -1e-12).all()


@settings(max_examples=80, deadline=None)
@given(matrices())
def test_prop_similarity_symmetric_unit_diagonal(x):
    s = S.similarity_matrix(x)
    np.testing.assert_array_equal(np.isnan(s), np.isnan(s.T))
    ok = ~np.isnan(s)
    np.testing.assert_allclose(s[ok], s.T[ok], atol=1e-15)
    nonzero = x.sum(axis=1) > 0
    np.testing.assert_array_equal(np.diag(s)[nonzero], 1.0)
    assert np.isnan(np.diag(s)[~nonzero]).all()
    assert ((s[ok] >= 0) & (s[ok] <= 1)).all()


@settings(max_examples=80, deadline=None)
@given(arrays(np.float64, st.integers(1, 40), elements=POSITIVE))
def test_prop_gini_range(v):
    g = S.gini(v)
    if v.sum() == 0:
        assert math.isnan(g)
    else:
        assert -1e-12 <= g < 1
        assert g <= (len(v) - 1) / len(v) + 1e-12


@settings(max_examples=60, deadline=None)
@given(matrices(min_rows=2))
def test_prop_krugman_and_locgini_ranges(x):
    k = S.krugman_index(x, versus="group")
    ok = ~np.isnan(k)
    assert ((k[ok] >= -1e-12) & (k[ok] <= 2 + 1e-12)).all()
    lg = S.locational_gini(x)
    ok = ~np.isnan(lg)
    assert ((lg[ok] >= -1e-12) & (lg[ok] < 0.5)).all()


# ------------------------------------------------------------------------------------------
# edge cases
# ------------------------------------------------------------------------------------------
def test_all_zero_region_gives_nan_row_not_error():
    x = MAT.copy()
    x[2] = 0.0
    X = frame(x)
    assert S.location_quotient(X).loc["R3"].isna().all()
    assert not S.location_quotient(X).drop("R3").isna().any().any()
    assert math.isnan(S.krugman_index(X)["R3"])
    assert math.isnan(S.herfindahl(X)["R3"])
    assert S.related_unrelated_variety(X, lambda c: c[:2]).loc["R3"].isna().all()
    sm = S.similarity_matrix(X)
    assert sm.loc["R3"].isna().all() and sm["R3"].isna().all()
    # other indices are unaffected by an all-zero region
    np.testing.assert_allclose(S.gini(X).to_numpy(), [naive_gini(x[:, j].tolist())
                                                      for j in range(x.shape[1])], atol=TOL)
    lg_with = S.locational_gini(X)
    lg_without = S.locational_gini(X.drop("R3"))
    np.testing.assert_allclose(lg_with.to_numpy(), lg_without.to_numpy(), atol=TOL)


def test_nan_cells_are_excluded_and_documented():
    x = MAT.copy()
    x[1, 2] = np.nan
    X = frame(x)
    lq = S.location_quotient(X)
    assert math.isnan(lq.iloc[1, 2])
    # row/column totals exclude the NaN cell: same as the LQ of the other cells computed with
    # that cell set to 0, for every cell but the suppressed one
    lq0 = S.location_quotient(np.nan_to_num(x))
    mask = ~np.isnan(lq.to_numpy())
    np.testing.assert_allclose(lq.to_numpy()[mask], lq0[mask], rtol=TOL)
    # hoover: complete cases (EconGeo) → region R2 dropped for industry I3 only
    h = S.hoover_index(X, weights="total")
    keep = [0, 2, 3, 4, 5, 6]
    col = x[keep, 2]
    w = np.nansum(x, axis=1)[keep]
    assert h["I3"] == pytest.approx(0.5 * np.abs(col / col.sum() - w / w.sum()).sum(), abs=TOL)
    with pytest.raises(ValueError, match="NaN"):
        S.location_quotient(X, nan_policy="raise")
    # gini of a vector with NaN: NaN excluded, n counts observed entries
    assert S.gini(np.array([np.nan, 0, 0, 0, 0, 1.0])) == pytest.approx(0.8, abs=TOL)
    # shift-share: a cell NaN in either year is excluded everywhere
    x1 = np.nan_to_num(x) * 1.2
    res = S.shift_share(X, frame(x1))
    assert res.cells[["national", "industry_mix", "competitive"]].isna().sum().tolist() == [1, 1, 1]
    assert res.regions.loc["R2", "x0"] == pytest.approx(np.nansum(x[1]), rel=TOL)


def test_single_region():
    X = frame(MAT[:1])
    np.testing.assert_allclose(S.location_quotient(X).to_numpy(), 1.0, rtol=TOL)
    assert math.isnan(S.krugman_index(X, versus="rest").iloc[0])  # no rest to compare with
    assert S.krugman_index(X, versus="group").iloc[0] == pytest.approx(0.0, abs=TOL)
    np.testing.assert_allclose(S.locational_gini(X).to_numpy(), 0.0, atol=TOL)
    assert S.gini(X).eq(0.0).all()
    assert S.similarity_matrix(X).iloc[0, 0] == 1.0
    res = S.shift_share(X, X * 1.1)
    np.testing.assert_allclose(res.regions[["industry_mix", "competitive"]].to_numpy(), 0.0,
                               atol=1e-9)


@pytest.mark.parametrize("fn", [
    S.location_quotient, S.krugman_index, S.herfindahl, S.gini, S.locational_gini,
    S.similarity_matrix, lambda x: S.related_unrelated_variety(x, [0] * x.shape[1]),
    lambda x: S.theil_index(x), lambda x: S.hoover_index(x),
    lambda x: S.shift_share(x, np.abs(x)), lambda x: S.shift_share(np.abs(x), x),
])
def test_negative_values_raise(fn):
    x = MAT.copy()
    x[3, 1] = -5.0
    with pytest.raises(ValueError, match="negative"):
        fn(x)


def test_vector_negative_and_bad_inputs_raise():
    with pytest.raises(ValueError, match="negative"):
        S.structural_similarity([1.0, -1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="2-D"):
        S.location_quotient(np.ones(3))
    with pytest.raises(ValueError, match="versus"):
        S.krugman_index(MAT, versus="nation")
    with pytest.raises(ValueError, match="method"):
        S.shift_share(MAT, MAT, method="dunn")
    with pytest.raises(ValueError, match="parent"):
        S.related_unrelated_variety(frame(MAT), {"I1": "a"})
    with pytest.raises(ValueError, match="missing labels"):
        S.theil_index(MAT[:, 0], groups=["a", None, "a", "b", "b", "b", "c"])
    with pytest.raises(ValueError, match="same regions"):
        S.shift_share(frame(MAT), frame(MAT, rows="Q"))


def test_shift_share_birth_cells_and_reference_errors():
    x0 = np.array([[0.0, 10.0], [5.0, 5.0]])
    x1 = np.array([[4.0, 12.0], [5.0, 7.0]])
    res = S.shift_share(x0, x1, method="esteban-marquillas")
    birth = res.cells.iloc[0]
    assert bool(birth["new_cell"])
    assert birth["national"] == 0.0 and birth["industry_mix"] == 0.0
    assert birth["competitive"] == pytest.approx(4.0, abs=TOL)  # RS = x1 − x0 − x0·G_i
    assert math.isnan(birth["net_competitive"]) and math.isnan(birth["allocation"])
    assert res.regions.iloc[0]["competitive_unsplit"] == pytest.approx(birth["competitive"])
    # national reference lacking an industry the region has → clear ValueError
    with pytest.raises(ValueError, match="reference has none"):
        S.shift_share(x0, x1, np.array([0.0, 100.0]), np.array([1.0, 110.0]))
    with pytest.raises(ValueError, match="both"):
        S.shift_share(x0, x1, np.array([1.0, 100.0]))


def test_numpy_in_numpy_out_and_pandas_in_pandas_out():
    assert isinstance(S.krugman_index(MAT), np.ndarray)
    assert isinstance(S.krugman_index(frame(MAT)), pd.Series)
    assert isinstance(S.gini(MAT), np.ndarray)
    assert isinstance(S.gini(frame(MAT)), pd.Series)
    assert isinstance(S.similarity_matrix(frame(MAT)), pd.DataFrame)
    assert isinstance(S.gini(MAT[:, 0]), float)
