"""Reference tests of megaregion.metrics.balance (hand-computed values and naive loops)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from megaregion.metrics import balance as B

TOL = 1e-12


# ------------------------------------------------------------------------------------------
# advanced industries list
# ------------------------------------------------------------------------------------------
def test_advanced_industries_composition():
    # Muro et al. (2015): 50 industries = 35 manufacturing + 3 energy + 12 services, 4-digit
    groups = pd.Series({c: g for c, (_, g) in B.ADVANCED_INDUSTRIES.items()})
    assert len(B.ADVANCED_INDUSTRIES) == 50
    assert groups.value_counts().to_dict() == {"manufacturing": 35, "services": 12, "energy": 3}
    assert all(len(c) == 4 and c.isdigit() for c in B.ADVANCED_INDUSTRIES)
    assert all(c.startswith(("31", "32", "33")) for c in groups[groups == "manufacturing"].index)
    assert set(groups[groups == "energy"].index) == {"2111", "2122", "2211"}
    assert B.ADVANCED_INDUSTRIES_CORROBORATED <= set(B.ADVANCED_INDUSTRIES)
    # NAICS 2017 merged 5171 + 5172 into 5173 (5171 is not an advanced industry)
    assert "5173" in B.ADVANCED_INDUSTRIES_NAICS2017
    assert not {"5171", "5172"} & B.ADVANCED_INDUSTRIES_NAICS2017
    assert len(B.ADVANCED_INDUSTRIES_NAICS2017) == 50


# The appendix of Muro et al. (2015) as reprinted by the Delaware Valley Regional Planning
# Commission (2021), GitHub dvrpc/advanced_industries, AdvancedIndustries_Index.csv (NAICS
# 2012 codes in the file's order).
DVRPC_2021 = """3241 3251 3252 3253 3254 3259 3271 3279 3311 3313 3315 3331 3332 3333 3336 3339 3341
3342 3343 3344 3345 3346 3351 3352 3353 3359 3361 3362 3363 3364 3365 3366 3369 3391 3399
2111 2122 2211 5112 5152 5172 5179 5174 5182 5191 5413 5415 5416 5417 6215""".split()


def test_advanced_industries_equal_the_reprinted_appendix():
    assert len(DVRPC_2021) == 50
    assert set(B.ADVANCED_INDUSTRIES) == set(DVRPC_2021)
    # Brookings' own metro.data README shows the first ten of its sorted 50-row table
    assert sorted(B.ADVANCED_INDUSTRIES)[:10] == ["2111", "2122", "2211", "3241", "3251", "3252",
                                                 "3253", "3254", "3259", "3271"]


def test_advanced_industries_titles_match_naics_labels(data_dir):
    labels = pd.read_csv(data_dir / "us" / "naics2017_labels.csv", dtype=str)
    title = dict(zip(labels["naics"], labels["naics_label"]))
    for code, (name, _) in B.ADVANCED_INDUSTRIES.items():
        if code in ("5171", "5172"):  # NAICS 2012 codes, absent from NAICS 2017
            continue
        assert title[code] == name, code


def test_advanced_industry_share():
    X = pd.DataFrame({"3364": [10.0, 0.0], "4451": [30.0, 0.0], "5173": [10.0, 0.0]},
                     index=["a", "b"])
    s = B.advanced_industry_share(X)
    assert s["a"] == pytest.approx(20 / 50, abs=TOL)
    assert math.isnan(s["b"])
    # NAICS 2012 set: 5173 is not in it
    assert B.advanced_industry_share(X, B.ADVANCED_INDUSTRIES)["a"] == pytest.approx(0.2)


# ------------------------------------------------------------------------------------------
# balance
# ------------------------------------------------------------------------------------------
def test_balance_values():
    assert B.service_manufacturing_balance(0.2, 0.2) == 1.0
    assert B.service_manufacturing_balance(0.3, 0.0) == 0.0
    assert B.service_manufacturing_balance(0.2, 0.1) == pytest.approx(2 / 3, abs=TOL)
    assert math.isnan(B.service_manufacturing_balance(0.0, 0.0))
    a = pd.Series([0.1, 0.4, 0.0], index=["x", "y", "z"])
    m = pd.Series([0.3, 0.1, 0.0], index=["x", "y", "z"])
    b = B.service_manufacturing_balance(a, m)
    for r in a.index:
        s = a[r] + m[r]
        exp = (1 - abs(a[r] - m[r]) / s) if s > 0 else float("nan")
        if math.isnan(exp):
            assert math.isnan(b[r])
        else:
            assert b[r] == pytest.approx(exp, abs=TOL)
    assert isinstance(B.service_manufacturing_balance(a.to_numpy(), m.to_numpy()), np.ndarray)


@settings(max_examples=100, deadline=None)
@given(st.floats(0, 1e6), st.floats(0, 1e6), st.floats(1e-3, 1e3))
def test_prop_balance_symmetric_scale_free_bounded(a, m, c):
    b = B.service_manufacturing_balance(a, m)
    if a + m == 0:
        assert math.isnan(b)
        return
    assert 0.0 <= b <= 1.0
    assert b == B.service_manufacturing_balance(m, a)
    if a * c + m * c > 0 and min(a, m) * c > 1e-300:
        assert B.service_manufacturing_balance(a * c, m * c) == pytest.approx(b, rel=1e-12)


def test_classify_balance():
    a = pd.Series([0.2, 0.5, 0.05, 0.0, 0.3])
    m = pd.Series([0.15, 0.1, 0.3, 0.0, 0.15])
    lab = B.classify_balance(a, m)
    # ratios 1.33 → composite; 5 → service-led; 6 → manufacturing-led; undefined; 2 → B = 2/3
    assert lab.tolist() == ["composite", "service-led", "manufacturing-led", "undefined",
                            "composite"]
    assert B.classify_balance(0.3, 0.15, composite_min=0.7) == "service-led"
    with pytest.raises(ValueError, match="composite_min"):
        B.classify_balance(0.1, 0.1, composite_min=1.5)


def test_balance_negative_raises():
    with pytest.raises(ValueError, match="negative"):
        B.service_manufacturing_balance(-0.1, 0.2)


# ------------------------------------------------------------------------------------------
# functional specialization
# ------------------------------------------------------------------------------------------
def test_functional_specialization():
    # core: 300 APS, 100 MFG (ratio 3); periphery: 50 APS, 200 MFG (ratio 0.25) → FS = 12
    assert B.functional_specialization((300, 100), (50, 200)) == pytest.approx(12.0, abs=TOL)
    assert B.functional_specialization({"aps": 300, "mfg": 100},
                                       {"aps": 50, "mfg": 200}) == pytest.approx(12.0)
    core = pd.DataFrame({"aps": [300.0, 10.0], "mfg": [100.0, 0.0]}, index=[2017, 2021])
    per = pd.DataFrame({"aps": [50.0, 5.0], "mfg": [200.0, 5.0]}, index=[2017, 2021])
    fs = B.functional_specialization(core, per)
    assert fs[2017] == pytest.approx(12.0)
    assert math.isnan(fs[2021])  # MFG_core = 0: undefined, not inf
    assert math.isnan(B.functional_specialization((1, 1), (0, 5)))  # APS_periphery = 0
    with pytest.raises(ValueError, match="aps"):
        B.functional_specialization({"services": 1}, (1, 1))
    with pytest.raises(ValueError, match="negative"):
        B.functional_specialization((-1, 1), (1, 1))


# ------------------------------------------------------------------------------------------
# relocation
# ------------------------------------------------------------------------------------------
def test_relocation_shares_by_hand():
    x0 = pd.Series({"core1": 500.0, "core2": 300.0, "p1": 100.0, "p2": 100.0})
    x1 = pd.Series({"core1": 400.0, "core2": 300.0, "p1": 200.0, "p2": 100.0})
    res = B.relocation_shares(x0, x1, ["core1", "core2"], top=1)
    r = res.regions
    assert r.loc["core1", "share0"] == pytest.approx(50.0)
    assert r.loc["core1", "share1"] == pytest.approx(40.0)
    assert r.loc["core1", "change_pp"] == pytest.approx(-10.0)
    assert r.loc["p1", "change_pp"] == pytest.approx(10.0)
    assert res.summary.loc["core", "change_pp"] == pytest.approx(-10.0)
    assert res.summary.loc["periphery", "change_pp"] == pytest.approx(10.0)
    assert res.summary.loc["total", "share1"] == pytest.approx(100.0)
    assert res.top_gainers.index.tolist() == ["p1"]
    assert r["change_pp"].sum() == pytest.approx(0.0, abs=1e-12)


def test_relocation_shares_edge_cases():
    x0 = pd.Series({"a": 1.0, "b": np.nan, "c": 3.0})
    x1 = pd.Series({"a": 2.0, "b": 5.0, "c": 2.0})
    res = B.relocation_shares(x0, x1, ["a"])
    assert math.isnan(res.regions.loc["b", "share0"])  # missing in one year → excluded
    assert res.regions.loc["a", "share1"] == pytest.approx(50.0)
    with pytest.raises(ValueError, match="core_ids"):
        B.relocation_shares(x0, x1, ["zz"])
    with pytest.raises(ValueError, match="negative"):
        B.relocation_shares(x0, -x1, ["a"])
    with pytest.raises(ValueError, match="total"):
        B.relocation_shares(x0 * 0, x1, ["a"])
    # a DataFrame is summed across its columns (the sector = sum of given industries)
    df0 = pd.DataFrame({"3361": [1.0, 3.0], "3363": [1.0, 1.0]}, index=["a", "c"])
    df1 = pd.DataFrame({"3361": [2.0, 2.0], "3363": [2.0, 0.0]}, index=["a", "c"])
    res2 = B.relocation_shares(df0, df1, ["a"])
    assert res2.regions.loc["a", "share0"] == pytest.approx(100 * 2 / 6)
    assert res2.regions.loc["a", "share1"] == pytest.approx(100 * 4 / 6)
