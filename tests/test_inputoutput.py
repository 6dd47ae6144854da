"""Input–output kernels against Miller & Blair (2009) and constructed cases; complementarity
properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from megaregion.metrics.complementarity import complementarity_terms, supply_chain_complementarity
from megaregion.metrics.inputoutput import (allocation_coefficients, ghosh_inverse,
                                            industry_by_industry, industry_flows, leontief_inverse,
                                            linkages, output_multipliers, technical_coefficients)

# Miller, R. E. and Blair, P. D. (2009) Input-Output Analysis, 2nd ed., section 2.3 (the
# two-sector numerical illustration): Z = [[150, 500], [200, 100]], x = [1000, 2000], printed
# A = [[.15, .25], [.2, .05]] and L = (I - A)^-1 = [[1.2541, .3300], [.2640, 1.1221]]
# (four decimals as printed).
MB_Z = [[150.0, 500.0], [200.0, 100.0]]
MB_X = [1000.0, 2000.0]
MB_A = [[0.15, 0.25], [0.20, 0.05]]
MB_L = [[1.2541, 0.3300], [0.2640, 1.1221]]


def test_technical_coefficients_miller_blair_2_3():
    A = technical_coefficients(MB_Z, MB_X)
    np.testing.assert_allclose(A.to_numpy(), MB_A, atol=1e-12)


def test_leontief_inverse_miller_blair_2_3():
    L = leontief_inverse(MB_A)
    np.testing.assert_allclose(L.to_numpy(), MB_L, atol=5e-5)
    # x = L f with the example's final demand f = x - Z i = (350, 1700)
    f = np.array(MB_X) - np.array(MB_Z).sum(axis=1)
    np.testing.assert_allclose(L.to_numpy() @ f, MB_X, rtol=1e-12)


def test_zero_output_gives_zero_column_and_nan_output_nan_column():
    Z = [[1.0, 0.0, 2.0], [3.0, 0.0, 4.0], [0.0, 0.0, 1.0]]
    A = technical_coefficients(Z, [10.0, 0.0, np.nan])
    assert (A.iloc[:, 1] == 0).all()
    assert A.iloc[:, 2].isna().all()
    np.testing.assert_allclose(A.iloc[:, 0], [0.1, 0.3, 0.0])


def test_leontief_refuses_unproductive_and_nan():
    with pytest.raises(ValueError, match="spectral radius"):
        leontief_inverse([[0.5, 0.6], [0.6, 0.5]])
    with pytest.raises(ValueError, match="NaN"):
        leontief_inverse([[0.1, np.nan], [0.1, 0.1]])
    with pytest.raises(ValueError, match="square"):
        leontief_inverse(np.zeros((2, 3)))


def test_linkages_from_printed_leontief():
    # Hand arithmetic on the printed L: column sums 1.5181, 1.4521; row sums 1.5841, 1.3861;
    # mean element 2.9702 / 4 = 0.74255.
    out = linkages(pd.DataFrame(MB_L, index=["1", "2"], columns=["1", "2"]))
    np.testing.assert_allclose(out["output_multiplier"], [1.5181, 1.4521], atol=1e-12)
    np.testing.assert_allclose(out["backward"], [1.5181 / 2 / 0.74255, 1.4521 / 2 / 0.74255], rtol=1e-12)
    np.testing.assert_allclose(out["forward"], [1.5841 / 2 / 0.74255, 1.3861 / 2 / 0.74255], rtol=1e-12)
    assert out["backward"].mean() == pytest.approx(1.0)
    assert out["forward"].mean() == pytest.approx(1.0)
    assert list(out["key_sector"]) == [True, False]
    assert list(out["linkage_class"]) == ["key sector", "weakly linked"]
    np.testing.assert_allclose(output_multipliers(MB_L), [1.5181, 1.4521], atol=1e-12)


def test_ghosh_forward_linkage():
    # Allocation coefficients of the M&B example: row i divided by x_i.
    B = allocation_coefficients(MB_Z, MB_X)
    np.testing.assert_allclose(B.to_numpy(), [[0.15, 0.5], [0.1, 0.05]])
    # 2 x 2 inverse by hand: I - B = [[.85, -.5], [-.1, .95]], det = .8075 - .05 = .7575
    G = ghosh_inverse(B).to_numpy()
    np.testing.assert_allclose(G, np.array([[0.95, 0.5], [0.1, 0.85]]) / 0.7575, rtol=1e-12)
    out = linkages(leontief_inverse(MB_A), Z=MB_Z, x=MB_X)
    rows = G.sum(axis=1)
    np.testing.assert_allclose(out["forward_ghosh"], rows / 2 / (G.sum() / 4), rtol=1e-12)
    # Ghosh and Leontief identities: x' = x' (I-Â)^-1 ... : v' G = x' with v' = x' - i'Z
    v = np.array(MB_X) - np.array(MB_Z).sum(axis=0)
    np.testing.assert_allclose(v @ G, MB_X, rtol=1e-12)


def test_industry_by_industry_constructed():
    # Commodity-by-industry accounts, hand-computed (industry technology, M&B 2009 ch. 5):
    # U = [[10, 20], [30, 5]] (commodities x industries), V = [[90, 10], [0, 100]]
    # (industries x commodities); g = V i = (100, 100), q = V'i = (90, 110);
    # D = V diag(q)^-1 = [[1, 1/11], [0, 10/11]], B = U diag(g)^-1 = [[.1, .2], [.3, .05]],
    # A = D B = [[.1 + .3/11, .2 + .05/11], [3/11, .5/11]].
    U = pd.DataFrame([[10.0, 20.0], [30.0, 5.0]], index=["c1", "c2"], columns=["i1", "i2"])
    V = pd.DataFrame([[90.0, 10.0], [0.0, 100.0]], index=["i1", "i2"], columns=["c1", "c2"])
    A = industry_by_industry(U, V)
    np.testing.assert_allclose(A.to_numpy(), [[0.1 + 0.3 / 11, 0.2 + 0.05 / 11], [3 / 11, 0.5 / 11]],
                               rtol=1e-12)
    assert list(A.index) == ["i1", "i2"] and list(A.columns) == ["i1", "i2"]
    # Z = D U, and A = Z diag(g)^-1
    np.testing.assert_allclose(industry_flows(U, V).to_numpy() / 100.0, A.to_numpy(), rtol=1e-12)


def test_industry_by_industry_one_product_industries_is_use_coefficients():
    # When each industry makes only its own commodity (V diagonal), D = I and A = B.
    rng = np.random.default_rng(1)
    U = pd.DataFrame(rng.uniform(0, 10, (3, 3)), index=list("abc"), columns=list("abc"))
    V = pd.DataFrame(np.diag([50.0, 60.0, 70.0]), index=list("abc"), columns=list("abc"))
    A = industry_by_industry(U, V)
    np.testing.assert_allclose(A.to_numpy(), U.to_numpy() / np.array([50.0, 60.0, 70.0]), rtol=1e-12)


def test_commodity_nobody_makes_drops_out():
    U = pd.DataFrame([[10.0], [5.0]], index=["c1", "Used"], columns=["i1"])
    V = pd.DataFrame([[100.0]], index=["i1"], columns=["c1"])
    np.testing.assert_allclose(industry_by_industry(U, V).to_numpy(), [[0.1]])


# ----- complementarity ---------------------------------------------------------------------

def _A():
    return pd.DataFrame([[0.1, 0.3, 0.0], [0.05, 0.2, 0.4], [0.0, 0.1, 0.15]],
                        index=list("xyz"), columns=list("xyz"))


def test_single_industry_cities_give_the_coefficient():
    A = _A()
    spec = pd.DataFrame([[2.0, 0, 0], [0, 3.0, 0], [0, 0, 0]], index=["a", "b", "c"], columns=list("xyz"))
    C = supply_chain_complementarity(spec, A)
    assert C.loc["a", "b"] == pytest.approx(A.loc["x", "y"] * 2.0 * 3.0)
    assert C.loc["b", "a"] == pytest.approx(A.loc["y", "x"] * 3.0 * 2.0)
    assert C.loc["c", "a"] == 0 and C.loc["a", "c"] == 0
    assert np.isnan(np.diag(C.to_numpy())).all()
    terms = complementarity_terms(spec, A, "a", "b", top=3)
    assert len(terms) == 1
    assert terms.iloc[0][["supplier_industry", "buyer_industry"]].tolist() == ["x", "y"]
    assert terms.iloc[0]["term"] == pytest.approx(0.3 * 6.0)
    assert terms.iloc[0]["share"] == pytest.approx(1.0)


def test_nan_industries_dropped_and_counted():
    A = _A()
    A["w"] = np.nan
    A.loc["w"] = np.nan
    spec = pd.DataFrame([[1.0, 0, 0, 5.0], [0, 1.0, 0, 5.0]], index=["a", "b"], columns=list("xyzw"))
    C = supply_chain_complementarity(spec, A)
    assert C.attrs["dropped"] == ["w"] and C.attrs["n_industries"] == 3
    assert C.loc["a", "b"] == pytest.approx(0.3)


def test_unknown_specialisation_is_not_zero():
    spec = pd.DataFrame([[1.0, np.nan, 0], [0, 1.0, 0]], index=["a", "b"], columns=list("xyz"))
    C = supply_chain_complementarity(spec, _A())
    assert np.isnan(C.loc["a", "b"]) and np.isnan(C.loc["b", "a"])


spec_strategy = st.lists(st.lists(st.floats(0, 5, allow_nan=False), min_size=3, max_size=3),
                         min_size=3, max_size=6)


@settings(deadline=None, max_examples=40)
@given(spec_strategy, st.randoms(use_true_random=False))
def test_relabelling_cities_permutes_c(rows, rnd):
    names = [f"c{k}" for k in range(len(rows))]
    spec = pd.DataFrame(rows, index=names, columns=list("xyz"))
    C = supply_chain_complementarity(spec, _A())
    perm = names[:]
    rnd.shuffle(perm)
    relabel = dict(zip(names, perm))
    C2 = supply_chain_complementarity(spec.rename(index=relabel), _A())
    for a in names:
        for b in names:
            if a != b:
                assert C2.loc[relabel[a], relabel[b]] == pytest.approx(C.loc[a, b])


@settings(deadline=None, max_examples=40)
@given(spec_strategy, st.integers(0, 5))
def test_zero_specialisation_gives_zero_row_and_column(rows, k):
    spec = pd.DataFrame(rows, index=[f"c{j}" for j in range(len(rows))], columns=list("xyz"))
    k = k % len(rows)
    spec.iloc[k] = 0.0
    C = supply_chain_complementarity(spec, _A()).to_numpy()
    off = [j for j in range(len(rows)) if j != k]
    assert (C[k, off] == 0).all() and (C[off, k] == 0).all()


@settings(deadline=None, max_examples=40)
@given(spec_strategy)
def test_complementarity_equals_sum_of_terms(rows):
    spec = pd.DataFrame(rows, index=[f"c{j}" for j in range(len(rows))], columns=list("xyz"))
    C = supply_chain_complementarity(spec, _A())
    t = complementarity_terms(spec, _A(), "c0", "c1", top=9)
    assert t["term"].sum() == pytest.approx(C.loc["c0", "c1"], abs=1e-12)


# ----- crosswalks --------------------------------------------------------------------------

def test_naics_bea_crosswalk():
    from megaregion.model.io_crosswalk import BEA_SUMMARY_NAICS, CBP_NAICS2_BEA, bea_for_naics
    assert len(BEA_SUMMARY_NAICS) == 71
    assert bea_for_naics("11") == ("113FF",)           # CBP sector 11 has no farms
    assert bea_for_naics("3362") == ("3361MV",)
    assert bea_for_naics("336") == ("3361MV", "3364OT")
    assert bea_for_naics("5417") == ("5412OP",)
    assert bea_for_naics("531") == ("ORE",)
    assert bea_for_naics("99") == () and bea_for_naics("92") == ()
    # the 2-digit table and the prefix rule agree wherever CBP has no special case
    for code, beas in CBP_NAICS2_BEA.items():
        if code in ("11", "53", "99"):
            continue
        parts = code.split("-")
        members = [str(k) for k in range(int(parts[0]), int(parts[-1]) + 1)]
        by_prefix = {b for m in members for b, ps in BEA_SUMMARY_NAICS.items()
                     if any(p.startswith(m) for p in ps)}
        assert set(beas) == by_prefix, code
    # every BEA industry used at 2 digits exactly once
    used = [b for v in CBP_NAICS2_BEA.values() for b in v]
    assert len(used) == len(set(used))
    assert set(BEA_SUMMARY_NAICS) - set(used) == {"111CA", "HS", "GFGD", "GFGN", "GFE", "GSLG", "GSLE"}


def test_cn42_sections_cover_all():
    from megaregion.i18n.io_labels import BEA_SUMMARY_ZH, CN42_ZH
    from megaregion.model.io_crosswalk import BEA_SUMMARY_NAICS, CN42_SECTION
    from megaregion.model.sectors import GBT4754_2002_SECTIONS
    assert sorted(CN42_SECTION) == [f"{k:02d}" for k in range(1, 43)]
    assert set(CN42_SECTION.values()) == set(GBT4754_2002_SECTIONS)
    assert set(CN42_ZH) == set(CN42_SECTION)
    assert set(BEA_SUMMARY_ZH) == set(BEA_SUMMARY_NAICS)
