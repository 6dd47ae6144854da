"""Tests for megaregion.metrics.composite.

Published worked example used
-----------------------------
TOPSIS: Hwang, C.-L. & Yoon, K. (1981), *Multiple Attribute Decision Making*,
Springer, fighter-aircraft example (4 aircraft × 6 attributes, weights
0.2/0.1/0.1/0.1/0.2/0.3, attribute 4 "acquisition cost" a cost criterion, vector
normalisation). Printed separations (4 decimals) S*: 0.0545, 0.1197, 0.0580, 0.1009;
S-: 0.0983, 0.0439, 0.0920, 0.0458; relative closeness C*: 0.643, 0.268, 0.613, 0.312.
The values were taken as reproduced in public test code of TOPSIS implementations
(the book's own normalised matrix is known to carry rounding slips, e.g. 0.5063 vs
0.5069). The book computes C* from the 4-decimal separations, so A3 prints 0.613
where full precision gives 0.6135; the test allows the printed precision plus this
intermediate rounding (1e-3 on C*, 1.5e-4 on separations) and checks that the
printed separations reproduce the printed C* exactly.

Coupling coordination, standard model: "Urban-Rural Logistics Coupling Coordinated
Development and Urban-Rural Integrated Development: Measurement, Influencing Factors,
and Countermeasures", *Mathematical Problems in Engineering* 2022, article 2969206
(Hindawi), Table 4: urban and rural logistics scores Uu, Ur (3 decimals) with the
printed C, T (= 0.5 Uu + 0.5 Ur) and D for 2011–2020. The authors computed from
unrounded scores, so recomputing from the printed 3-decimal scores differs from the
printed values by up to 7.6e-4 (C), 5e-4 (T), 5.4e-4 (D); the test allows 1e-3. (Its
grade names follow another scheme than the ten-level one, so only the numbers are used.)

Coupling coordination, modified model: Wang, Kong, Ren, Zhi & Dai (2021), 自然资源学报
36(3):793-810, Table 8 prints, for 13 Beijing-Tianjin-Hebei cities (2008), C from the
original and from the modified model (two subsystems) but not the subsystem scores
U1, U2. For n = 2 the original C fixes the ratio r = U_min/U_max, so the test solves
for (U1, U2) from each printed pair; what this checks is that the modified formula
then admits valid scores 0 <= U_min <= U_max <= 1 for every city (the same form
without its outer square root gives U_max outside [0, 1] for all 13) and reproduces
the printed modified C. It is a consistency check, weaker than a printed example.

Entropy weights: four published examples (Xu 2004, EJOR; Zavadskas & Podvezko 2016,
IJITDM; Ersoy 2021, LogForum; Lee & Chang 2018, RSER) at their printed precision (see
``test_entropy_weights_published_examples*``), plus a hand-derived example (binary entropy)
and an independent naive loop implementation.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from megaregion.metrics.composite import (
    composite_index,
    coupling_coordination,
    coupling_level,
    critic_weights,
    entropy_weights,
    normalize,
    topsis,
)

FIGHTER = pd.DataFrame(
    [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ],
    index=["A1", "A2", "A3", "A4"],
    columns=["max_speed", "ferry_range", "max_payload", "acq_cost", "reliability", "maneuverability"],
)
FIGHTER_W = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]
FIGHTER_DIR = [1, 1, 1, -1, 1, 1]


# --------------------------------------------------------------------- naive references


def naive_entropy(X):
    X = np.asarray(X, float)
    n, m = X.shape
    w = []
    d_all = []
    for j in range(m):
        s = sum(X[i, j] for i in range(n))
        e = 0.0
        for i in range(n):
            p = X[i, j] / s
            if p > 0:
                e -= p * math.log(p)
        e /= math.log(n)
        d_all.append(1 - e)
    tot = sum(d_all)
    for j in range(m):
        w.append(d_all[j] / tot)
    return np.array(w)


def naive_critic(X):
    X = np.asarray(X, float)
    n, m = X.shape
    mean = [sum(X[i, j] for i in range(n)) / n for j in range(m)]
    sd = [math.sqrt(sum((X[i, j] - mean[j]) ** 2 for i in range(n)) / (n - 1)) for j in range(m)]
    C = []
    for j in range(m):
        tot = 0.0
        for k in range(m):
            cov = sum((X[i, j] - mean[j]) * (X[i, k] - mean[k]) for i in range(n)) / (n - 1)
            tot += 1 - cov / (sd[j] * sd[k])
        C.append(sd[j] * tot)
    return np.array(C) / sum(C)


def naive_topsis(X, w, dirs):
    X = np.asarray(X, float)
    n, m = X.shape
    V = [[0.0] * m for _ in range(n)]
    for j in range(m):
        norm = math.sqrt(sum(X[i, j] ** 2 for i in range(n)))
        for i in range(n):
            V[i][j] = w[j] / sum(w) * X[i, j] / norm
    best = [max(V[i][j] for i in range(n)) if dirs[j] > 0 else min(V[i][j] for i in range(n)) for j in range(m)]
    worst = [min(V[i][j] for i in range(n)) if dirs[j] > 0 else max(V[i][j] for i in range(n)) for j in range(m)]
    out = []
    for i in range(n):
        dp = math.sqrt(sum((V[i][j] - best[j]) ** 2 for j in range(m)))
        dm = math.sqrt(sum((V[i][j] - worst[j]) ** 2 for j in range(m)))
        out.append(dm / (dp + dm))
    return np.array(out)


def naive_coupling(U, formula):
    out = []
    for row in U:
        n = len(row)
        if formula == "standard":
            prod = 1.0
            for u in row:
                prod *= u
            C = n * (prod / sum(row) ** n) ** (1 / n)
        else:
            s = 0.0
            for i in range(n):
                for j in range(i):
                    s += math.sqrt((row[i] - row[j]) ** 2)
            denom = sum(range(1, n))
            prod = 1.0
            for u in row:
                prod *= u / max(row)
            C = math.sqrt((1 - s / denom) * prod ** (1 / (n - 1)))
        T = sum(row) / n
        out.append((C, T, math.sqrt(C * T)))
    return np.array(out)


# --------------------------------------------------------------------- published examples


def test_topsis_hwang_yoon_1981_fighter_aircraft():
    res = topsis(FIGHTER, FIGHTER_W, directions=FIGHTER_DIR, normalization="vector")
    printed_splus = [0.0545, 0.1197, 0.0580, 0.1009]
    printed_sminus = [0.0983, 0.0439, 0.0920, 0.0458]
    printed_c = [0.643, 0.268, 0.613, 0.312]
    np.testing.assert_allclose(res.d_plus, printed_splus, atol=1.5e-4)
    np.testing.assert_allclose(res.d_minus, printed_sminus, atol=1.5e-4)
    np.testing.assert_allclose(res.closeness, printed_c, atol=1e-3)
    # the book's C* follow from its rounded separations
    c_from_printed = np.array(printed_sminus) / (np.array(printed_splus) + np.array(printed_sminus))
    np.testing.assert_allclose(np.round(c_from_printed, 3), printed_c, atol=1e-12)
    # ranking A1 > A3 > A4 > A2 as printed
    assert list(res.closeness.sort_values(ascending=False).index) == ["A1", "A3", "A4", "A2"]
    # printed ideal / anti-ideal (4 decimals)
    np.testing.assert_allclose(res.ideal, [0.1168, 0.0659, 0.0531, 0.0414, 0.1347, 0.2012], atol=1.5e-4)
    np.testing.assert_allclose(res.anti_ideal, [0.0841, 0.0366, 0.0455, 0.0598, 0.0577, 0.1118], atol=1.5e-4)


MPE2022_TABLE4 = {  # year: (Uu, Ur, C, T, D) as printed
    2011: (0.101, 0.280, 0.882, 0.190, 0.410), 2012: (0.165, 0.406, 0.906, 0.286, 0.509),
    2013: (0.187, 0.427, 0.920, 0.307, 0.532), 2014: (0.238, 0.511, 0.931, 0.374, 0.590),
    2015: (0.424, 0.421, 1.000, 0.422, 0.650), 2016: (0.538, 0.407, 0.990, 0.473, 0.684),
    2017: (0.591, 0.466, 0.993, 0.528, 0.724), 2018: (0.694, 0.581, 0.996, 0.638, 0.797),
    2019: (0.892, 0.662, 0.989, 0.777, 0.877), 2020: (0.879, 0.637, 0.987, 0.758, 0.865),
}


def test_coupling_standard_published_example_mpe2022():
    years = sorted(MPE2022_TABLE4)
    uu, ur, c, t, d = (np.array([MPE2022_TABLE4[y][k] for y in years]) for k in range(5))
    res = coupling_coordination([uu, ur], weights=[0.5, 0.5], formula="standard")
    np.testing.assert_allclose(res.C, c, atol=1e-3)
    np.testing.assert_allclose(res.T, t, atol=1e-3)
    np.testing.assert_allclose(res.D, d, atol=1e-3)
    # Wang et al.'s modified C is a different quantity: it does not reproduce this table
    mod = coupling_coordination([uu, ur], weights=[0.5, 0.5], formula="wang2021")
    assert np.abs(mod.C - c).max() > 0.1


WANG2021_TABLE8_2008 = {  # city: (C original model, C modified model)
    "北京": (0.9989, 0.9404), "天津": (0.9935, 0.8660), "石家庄": (0.8868, 0.5440),
    "唐山": (0.9073, 0.5769), "秦皇岛": (0.6821, 0.3006), "邯郸": (0.8328, 0.4780),
    "邢台": (0.6816, 0.3344), "保定": (0.7789, 0.4171), "张家口": (0.6871, 0.3278),
    "承德": (0.6101, 0.2700), "沧州": (0.8017, 0.4374), "廊坊": (0.7867, 0.4196),
    "衡水": (0.7191, 0.3738),
}


@pytest.mark.parametrize("city", list(WANG2021_TABLE8_2008))
def test_coupling_wang2021_table8_consistency(city):
    c_std, c_mod = WANG2021_TABLE8_2008[city]
    # n = 2: standard C = 2√r/(1+r), r = Umin/Umax  →  r = ((1 − √(1 − C²))/C)²
    r = ((1 - math.sqrt(1 - c_std**2)) / c_std) ** 2
    # modified: C'² = (1 − |U1 − U2|)·r  →  |U1 − U2| = 1 − C'²/r = Umax(1 − r)
    diff = 1 - c_mod**2 / r
    umax = diff / (1 - r)
    umin = r * umax
    assert 0 <= umin <= umax <= 1, (city, umin, umax)
    res_std = coupling_coordination([[umax], [umin]], formula="standard")
    res_mod = coupling_coordination([[umax], [umin]], formula="wang2021")
    assert round(float(res_std.C[0]), 4) == pytest.approx(c_std, abs=1e-4)
    assert round(float(res_mod.C[0]), 4) == pytest.approx(c_mod, abs=1e-4)


# --------------------------------------------------------------------- hand-derived examples


def test_entropy_hand_example():
    # column a: p = (1/4, 3/4) → e = H2(1/4) in bits = 0.8112781244591328 (ln n = ln 2)
    # column b: p = (1, 0)     → e = 0
    X = pd.DataFrame({"a": [1.0, 3.0], "b": [1.0, 0.0]})
    res = entropy_weights(X)
    h = -(0.25 * math.log2(0.25) + 0.75 * math.log2(0.75))
    assert res.entropy["a"] == pytest.approx(h, abs=1e-15)
    assert res.entropy["b"] == pytest.approx(0.0, abs=1e-15)
    d = np.array([1 - h, 1.0])
    np.testing.assert_allclose(res.weights.to_numpy(), d / d.sum(), atol=1e-15)


def test_coupling_hand_example():
    res = coupling_coordination([[0.2], [0.8]])
    assert res.C[0] == pytest.approx(0.8, abs=1e-15)  # 2·√0.16 / 1.0
    assert res.T[0] == pytest.approx(0.5)
    assert res.D[0] == pytest.approx(math.sqrt(0.4), abs=1e-15)
    assert res.level_zh[0] == "初级协调" and res.level_en[0] == "primary coordination"
    assert res.lagging[0] == "U1"
    mod = coupling_coordination([[0.2], [0.8]], formula="wang2021")
    assert mod.C[0] == pytest.approx(math.sqrt((1 - 0.6) * 0.25), abs=1e-15)


def test_coupling_levels_boundaries():
    zh, en = coupling_level([0.0, 0.05, 0.1, 0.1000001, 0.45, 0.95, 1.0])
    assert list(zh) == ["极度失调", "极度失调", "极度失调", "严重失调", "濒临失调", "优质协调", "优质协调"]
    assert en[-1] == "high-quality coordination" and en[0] == "extreme imbalance"


def test_normalize_minmax_directions_and_shift():
    X = pd.DataFrame({"gdp": [1.0, 2.0, 3.0], "pollution": [10.0, 20.0, 30.0]})
    out = normalize(X, {"gdp": "+", "pollution": "-"})
    np.testing.assert_allclose(out["gdp"], [0, 0.5, 1])
    np.testing.assert_allclose(out["pollution"], [1, 0.5, 0])
    shifted = normalize(X, [1, -1], shift=0.0001)
    np.testing.assert_allclose(shifted.to_numpy(), out.to_numpy() + 0.0001)
    z = normalize(X, [1, -1], method="zscore")
    np.testing.assert_allclose(z["gdp"], [-1, 0, 1])
    np.testing.assert_allclose(z["pollution"], [1, 0, -1])


# --------------------------------------------------------------------- naive implementations


def _random_matrix(seed, n=12, m=5):
    return np.random.default_rng(seed).random((n, m)) * 10


@pytest.mark.parametrize("seed", range(5))
def test_entropy_matches_naive(seed):
    X = _random_matrix(seed)
    np.testing.assert_allclose(entropy_weights(X).weights.to_numpy(), naive_entropy(X), atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_critic_matches_naive(seed):
    X = _random_matrix(seed)
    np.testing.assert_allclose(critic_weights(X).to_numpy(), naive_critic(X), atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_topsis_matches_naive(seed):
    X = _random_matrix(seed) + 0.1
    w = np.random.default_rng(seed + 100).random(5)
    dirs = [1, -1, 1, 1, -1]
    res = topsis(X, w, directions=dirs, normalization="vector")
    np.testing.assert_allclose(res.closeness.to_numpy(), naive_topsis(X, w, dirs), atol=1e-12)


@pytest.mark.parametrize("formula", ["standard", "wang2021"])
@pytest.mark.parametrize("n_sub", [2, 3, 4])
def test_coupling_matches_naive(formula, n_sub):
    U = np.random.default_rng(n_sub).random((20, n_sub)) * 0.98 + 0.01
    res = coupling_coordination(U, formula=formula)
    ref = naive_coupling(U, formula)
    np.testing.assert_allclose(res.C, ref[:, 0], atol=1e-12)
    np.testing.assert_allclose(res.T, ref[:, 1], atol=1e-12)
    np.testing.assert_allclose(res.D, ref[:, 2], atol=1e-12)


def test_composite_index_pipeline():
    res = composite_index(FIGHTER, FIGHTER_DIR, weighting="entropy")
    assert res.weights.sum() == pytest.approx(1.0)
    manual = normalize(FIGHTER, FIGHTER_DIR).to_numpy() @ res.weights.to_numpy()
    np.testing.assert_allclose(res.scores.to_numpy(), manual, atol=1e-15)
    assert res.ranks.min() == 1 and sorted(res.ranks) == [1, 2, 3, 4]
    assert any("entropy" in n for n in res.notes)
    top = composite_index(FIGHTER, FIGHTER_DIR, weighting="critic", aggregation="topsis")
    assert ((top.scores >= 0) & (top.scores <= 1)).all()
    user = composite_index(FIGHTER, FIGHTER_DIR, weighting=dict(zip(FIGHTER.columns, FIGHTER_W)))
    np.testing.assert_allclose(user.weights.to_numpy(), FIGHTER_W)


# --------------------------------------------------------------------- properties

finite = st.floats(0, 1000, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(arrays(float, st.tuples(st.integers(2, 15), st.integers(1, 6)), elements=finite))
def test_entropy_weights_property(X):
    if (X.sum(axis=0) == 0).all() or all(np.ptp(X[:, j]) == 0 for j in range(X.shape[1])):
        with pytest.raises(ValueError):
            entropy_weights(X)
        return
    w = entropy_weights(X).weights.to_numpy()
    assert (w >= 0).all()
    assert w.sum() == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    arrays(float, st.tuples(st.integers(2, 15), st.just(4)), elements=finite),
    arrays(float, 4, elements=st.floats(0.01, 1)),
)
def test_topsis_closeness_in_unit_interval(X, w):
    c = topsis(X, w).closeness.to_numpy()
    assert ((c >= 0) & (c <= 1)).all()


@settings(max_examples=100, deadline=None)
@given(
    arrays(float, st.tuples(st.integers(1, 10), st.integers(2, 5)), elements=st.floats(0, 1)),
    st.sampled_from(["standard", "wang2021"]),
)
def test_coupling_D_in_unit_interval(U, formula):
    res = coupling_coordination(U, formula=formula)
    assert ((res.D >= 0) & (res.D <= 1)).all()
    assert ((res.C >= 0) & (res.C <= 1)).all()


@settings(max_examples=60, deadline=None)
@given(st.floats(0.001, 1), st.integers(2, 6))
def test_coupling_C_is_one_when_all_equal(u, n):
    for formula in ("standard", "wang2021"):
        res = coupling_coordination(np.full((1, n), u), formula=formula)
        assert res.C[0] == pytest.approx(1.0, abs=1e-12)
        assert res.lagging[0] == ""


# --------------------------------------------------------------------- bad input


def test_entropy_negative_values_named():
    X = pd.DataFrame({"ok": [1.0, 2.0], "growth": [-0.5, 1.0]})
    with pytest.raises(ValueError, match="growth"):
        entropy_weights(X)


def test_entropy_constant_and_all_zero_columns_get_zero_weight():
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0], "flat": [5.0, 5.0, 5.0], "zero": [0.0, 0.0, 0.0]})
    res = entropy_weights(X)
    assert res.weights["flat"] == 0 and res.weights["zero"] == 0
    assert res.weights["a"] == pytest.approx(1.0)
    assert res.zero_weight_columns == ["flat", "zero"]
    with pytest.raises(ValueError, match="constant or all zero"):
        entropy_weights(X[["flat", "zero"]])


def test_all_zero_rows_are_fine_for_entropy():
    X = np.array([[0.0, 0.0], [1.0, 2.0], [3.0, 1.0]])
    w = entropy_weights(X).weights.to_numpy()
    np.testing.assert_allclose(w, naive_entropy(X), atol=1e-12)


def test_nan_rejected_everywhere():
    X = pd.DataFrame({"a": [1.0, np.nan, 3.0], "b": [1.0, 2.0, 3.0]})
    for fn in (entropy_weights, critic_weights, lambda x: normalize(x, [1, 1]), lambda x: topsis(x, [1, 1])):
        with pytest.raises(ValueError, match="'a'|\\['a'\\]"):
            fn(X)
    with pytest.raises(ValueError, match="NaN"):
        coupling_coordination([[0.1, np.nan], [0.2, 0.3]])


def test_constant_indicator_rejected_by_normalize_and_critic():
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0], "flat": [5.0, 5.0, 5.0]})
    with pytest.raises(ValueError, match="flat"):
        normalize(X, [1, 1])
    with pytest.raises(ValueError, match="flat"):
        critic_weights(X)


def test_coupling_needs_two_subsystems_and_unit_scores():
    with pytest.raises(ValueError, match="at least two"):
        coupling_coordination([[0.5, 0.6]])
    with pytest.raises(ValueError, match="at least two"):
        coupling_coordination(np.ones((3, 1)) * 0.5)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        coupling_coordination([[1.5], [0.5]])


def test_direction_errors():
    with pytest.raises(ValueError, match="direction"):
        normalize(FIGHTER, [1, 1, 1, 0, 1, 1])
    with pytest.raises(ValueError, match="directions given"):
        normalize(FIGHTER, [1, 1])


# ------------------------------------------------------- published entropy-weight examples
#
# Sources (values as printed in the papers, to 4 decimals; the matrices and printed
# weights were taken as reproduced, with the paper cited, in the public test suite of
# the pyrepo-mcda package, energyinpython/pyrepo-mcda, tests/test_weighting_methods.py,
# class Test_Entropy; the same pairs appear in that author's objective-weights-mcda and
# distance-metrics-mcda test files):
#
# * Xu, X. (2004). A note on the subjective and objective integrated approach to
#   determine attribute weights. European Journal of Operational Research 156(2):
#   530-532. doi:10.1016/S0377-2217(03)00146-2. 4 alternatives x 4 attributes
#   (all benefit); entropy weights 0.4630, 0.3992, 0.1378, 0.0000.
# * Zavadskas, E. K. & Podvezko, V. (2016). Integrated determination of objective
#   criteria weights in MCDM. International Journal of Information Technology &
#   Decision Making 15(2): 267-283. doi:10.1142/S0219622016500036. 4 alternatives x 4
#   criteria; entropy weights 0.1146, 0.1981, 0.4185, 0.2689.
#
# Convention matching: both papers apply the entropy method to the RAW decision
# matrix, p_ij = x_ij / sum_i x_ij, e_j = -(1/ln n) sum_i p_ij ln p_ij (natural log,
# n = number of alternatives), d_j = 1 - e_j, w_j = d_j / sum d. That is exactly
# entropy_weights applied to the raw matrix (no min-max step, no shift). In the
# Zavadskas & Podvezko example criteria 1 and 3 are cost criteria, but the printed
# entropy weights are those of the raw matrix (criterion direction does not enter the
# entropy step there); turning the cost columns round first (1/x or min/x) gives
# 0.1277/0.2174/0.3599/0.2950 instead, which does NOT match the print. Comparison is
# at the printed precision: round(w, 4) == printed value.

XU2004 = np.array(
    [
        [30, 30, 38, 29],
        [19, 54, 86, 29],
        [19, 15, 85, 28.9],
        [68, 70, 60, 29],
    ],
    dtype=float,
)
XU2004_W = [0.4630, 0.3992, 0.1378, 0.0000]

ZP2016 = np.array(
    [
        [3.0, 100, 10, 7],
        [2.5, 80, 8, 5],
        [1.8, 50, 20, 11],
        [2.2, 70, 12, 9],
    ],
    dtype=float,
)
ZP2016_W = [0.1146, 0.1981, 0.4185, 0.2689]


@pytest.mark.parametrize(
    ("X", "printed"),
    [(XU2004, XU2004_W), (ZP2016, ZP2016_W)],
    ids=["xu2004_ejor", "zavadskas_podvezko2016_ijitdm"],
)
def test_entropy_weights_published_examples(X, printed):
    res = entropy_weights(X)
    assert [round(float(w), 4) for w in res.weights] == printed
    # internal consistency of the intermediate quantities
    np.testing.assert_allclose(res.divergence.to_numpy(), 1.0 - res.entropy.to_numpy(), atol=1e-15)
    assert float(res.weights.sum()) == pytest.approx(1.0, abs=1e-12)


def test_entropy_xu2004_near_constant_attribute_is_not_dropped():
    # Xu (2004), attribute 4 (29, 29, 28.9, 29) is almost constant: its printed weight is
    # 0.0000 at 4 decimals, but it is NOT degenerate, so the kernel must keep a tiny
    # positive weight rather than listing it in zero_weight_columns.
    res = entropy_weights(XU2004)
    assert res.zero_weight_columns == []
    assert 0.0 < float(res.weights.iloc[3]) < 5e-5


# Two further printed entropy-weight examples (3 decimals), same provenance (reproduced
# with the paper cited in energyinpython/pyrepo-mcda tests/test_weighting_methods.py,
# Test_Entropy.test_Entropy3 / test_Entropy4), same convention (raw matrix,
# p_ij = x_ij / sum_i x_ij, natural log, criterion directions not used in the entropy step):
#
# * Ersoy, Y. (2021). Equipment selection for an e-commerce company using entropy-based
#   TOPSIS, EDAS and CODAS methods during the COVID-19. LogForum 17(3).
#   doi:10.17270/J.LOG.2021.603. 6 alternatives x 6 criteria.
# * Lee, H. C. & Chang, C. T. (2018). Comparative analysis of MCDM methods for ranking
#   renewable energy sources in Taiwan. Renewable and Sustainable Energy Reviews 92:
#   883-896. doi:10.1016/j.rser.2018.05.007. 5 alternatives x 10 criteria.
ERSOY2021 = np.array(
    [
        [256, 8, 41, 1.6, 1.77, 7347.16],
        [256, 8, 32, 1.0, 1.8, 6919.99],
        [256, 8, 53, 1.6, 1.9, 8400],
        [256, 8, 41, 1.0, 1.75, 6808.9],
        [512, 8, 35, 1.6, 1.7, 8479.99],
        [256, 4, 35, 1.6, 1.7, 7499.99],
    ],
    dtype=float,
)
ERSOY2021_W = [0.405, 0.221, 0.134, 0.199, 0.007, 0.034]

LEE_CHANG2018 = np.array(
    [
        [4550, 30, 6.74, 20, 15, 5, 85, 150, 0.87, 4.76],
        [3005, 60.86, 2.4, 35, 27, 4, 26, 200, 0.17, 4.51],
        [2040, 14.85, 1.7, 90, 25, 5, 26, 500, 0.27, 4.19],
        [3370, 99.4, 3.25, 25.3, 54, 3, 45, 222, 0.21, 3.78],
        [3920, 112.6, 4.93, 11.4, 71.7, 2, 50, 100, 0.25, 4.11],
    ],
    dtype=float,
)
LEE_CHANG2018_W = [0.026, 0.154, 0.089, 0.199, 0.115, 0.040, 0.080, 0.123, 0.172, 0.002]


@pytest.mark.parametrize(
    ("X", "printed"),
    [(ERSOY2021, ERSOY2021_W), (LEE_CHANG2018, LEE_CHANG2018_W)],
    ids=["ersoy2021_logforum", "lee_chang2018_rser"],
)
def test_entropy_weights_published_examples_3dp(X, printed):
    res = entropy_weights(X)
    assert [round(float(w), 3) for w in res.weights] == pytest.approx(printed, abs=1e-12)


def test_coupling_accepts_scores_one_rounding_error_above_one():
    """A weighted sum of min-max values can print 1 and hold 1 + 2e-16 (BosWash's New York did):
    that is a score of 1, not an error; a real out-of-range score still is."""
    from megaregion.metrics.composite import coupling_coordination

    ok = coupling_coordination(np.array([[1.0 + 2.220446049250313e-16, 0.84], [0.2, 0.3]]))
    assert np.all(np.isfinite(np.asarray(ok.D)))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        coupling_coordination(np.array([[1.2, 0.84], [0.2, 0.3]]))


def test_composite_scores_stay_in_unit_interval_despite_rounding():
    """Weights that sum to 1 over min-max values give at most 1; floating point may give
    1 + 2e-16 (BosWash's New York did), which must not leave [0, 1]."""
    from megaregion.metrics.composite import composite_index

    rng = np.random.default_rng(3)
    X = pd.DataFrame(rng.random((40, 5)), columns=list("abcde"))
    X.iloc[0] = X.max() + 1.0  # one unit best on every indicator: score exactly 1 in exact arithmetic
    res = composite_index(X, {c: 1 for c in X.columns}, weighting="entropy")
    assert res.scores.between(0, 1).all() and res.scores.max() == 1.0
