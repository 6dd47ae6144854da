"""Tests of megaregion.metrics.interlocking (Taylor's interlocking network model and builders)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from megaregion.metrics.interlocking import (
    bipartite_projection,
    elemental_interlocks,
    global_network_connectivity,
    interlocking_connectivity,
    interlocking_table,
    ownership_links,
    service_value_matrix,
)

# Hand-computed example: 3 cities x 2 firms, service values
#               firm1  firm2
#   London          5      2
#   Paris           2      3
#   Madrid          0      1
# elemental interlocks r_abj = v_aj * v_bj:
#   London-Paris : firm1 5*2 = 10, firm2 2*3 = 6  -> r = 16
#   London-Madrid: firm1 5*0 = 0,  firm2 2*1 = 2  -> r = 2
#   Paris-Madrid : firm1 2*0 = 0,  firm2 3*1 = 3  -> r = 3
# GNC: London 16 + 2 = 18, Paris 16 + 3 = 19, Madrid 2 + 3 = 5
# relative to the highest (Paris, 19): 18/19, 1, 5/19
V_SMALL = pd.DataFrame([[5, 2], [2, 3], [0, 1]], index=["London", "Paris", "Madrid"], columns=["firm1", "firm2"])


def test_hand_computed_example():
    R = interlocking_connectivity(V_SMALL)
    expected = np.array([[0, 16, 2], [16, 0, 3], [2, 3, 0]], dtype=float)
    assert np.array_equal(R.to_numpy(), expected)
    assert list(R.index) == ["London", "Paris", "Madrid"]
    e = elemental_interlocks(V_SMALL, "London", "Paris")
    assert e.tolist() == [10.0, 6.0]
    gnc = global_network_connectivity(V_SMALL, relative=False)
    assert gnc.tolist() == [18.0, 19.0, 5.0]
    rel = global_network_connectivity(V_SMALL, relative=True)
    assert rel.tolist() == pytest.approx([18 / 19, 1.0, 5 / 19])
    assert global_network_connectivity(V_SMALL, scale=100)["Paris"] == pytest.approx(100.0)
    # GNC equals the row sums of the connectivity matrix
    assert np.allclose(gnc.to_numpy(), R.to_numpy().sum(axis=1))
    # arrays in, arrays out
    assert isinstance(interlocking_connectivity(V_SMALL.to_numpy()), np.ndarray)
    assert elemental_interlocks(V_SMALL.to_numpy(), 0, 2).tolist() == [0.0, 2.0]


def test_interlocking_table_small():
    t = interlocking_table(V_SMALL, scale=100)
    assert t["city"].tolist() == ["Paris", "London", "Madrid"]
    assert t["rank"].tolist() == [1, 2, 3]
    assert t["gnc"].tolist() == [19.0, 18.0, 5.0]
    assert t["service_total"].tolist() == [5.0, 7.0, 1.0]
    assert t["n_firms_present"].tolist() == [2, 2, 1]


def test_service_value_matrix_and_errors():
    long = V_SMALL.stack().rename("v").reset_index()
    long.columns = ["city", "firm", "v"]
    V = service_value_matrix(long.iloc[1:], value="v")  # a dropped pair becomes 0
    assert V.loc["Madrid", "firm1"] == 0 and V.loc["London", "firm2"] == 2
    with pytest.raises(ValueError, match="more than once"):
        service_value_matrix(pd.concat([long, long.iloc[:1]]), value="v")
    with pytest.raises(ValueError, match="missing"):
        interlocking_connectivity(np.array([[1.0, np.nan], [0, 1]]))


@pytest.mark.realdata
def test_gawc_ds11_2000(data_dir):
    """GaWC Data Set 11 (Taylor & Catalano, 2000 data; 315 cities x 100 firms).

    Published comparisons:
    * London first and New York second, the two standing out (Taylor, Catalano & Walker 2002,
      Urban Studies 39(13), GaWC RB 43; Taylor 2004, *World City Network*, ch. 4).
    * Taylor (2004, ch. 3, Table 3.4): the ten cities with the largest service-value sums are
      exactly the ten alpha world cities of Beaverstock et al. (1999); the total service sum
      is 16,901 for 316 cities (this public matrix has 315 cities and sums to 16,892).
    """
    df = pd.read_csv(data_dir / "links" / "gawc_ds11_service_values_2000.csv")
    V = service_value_matrix(df, "city", "firm", "service_value")
    assert V.shape == (315, 100)
    assert V.to_numpy().sum() == 16892
    table = interlocking_table(V, scale=100)
    top = table["city"].tolist()
    assert top[:2] == ["London", "New York"]
    assert table["gnc_relative"].iloc[0] == 100.0
    assert table["gnc_relative"].iloc[1] == pytest.approx(97.64, abs=0.01)
    # the leading group in the published ordering
    assert top[:8] == ["London", "New York", "Hong Kong", "Paris", "Tokyo", "Singapore", "Chicago", "Milan"]
    assert set(top[8:11]) == {"Los Angeles", "Toronto", "Madrid"}
    alpha = {"London", "Paris", "New York", "Tokyo", "Chicago", "Frankfurt", "Hong Kong", "Los Angeles",
             "Milan", "Singapore"}
    by_service = V.sum(axis=1).sort_values(ascending=False)
    assert set(by_service.index[:10]) == alpha
    # matrix route and O(nm) route agree
    R = interlocking_connectivity(V)
    gnc = global_network_connectivity(V, relative=False)
    assert np.allclose(R.to_numpy().sum(axis=1), gnc.to_numpy())
    # Lucknow and Pyongyang have no firm
    assert gnc["Lucknow"] == 0 and gnc["Pyongyang"] == 0


def test_bipartite_projection():
    # cities x patents incidence
    B = pd.DataFrame([[1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]], index=list("ABCD"), columns=["p1", "p2", "p3"])
    C = bipartite_projection(B)
    # A-B share p1; A-D share p1, p2; D-B share p1, p3
    assert C.loc["A", "B"] == 1 and C.loc["A", "D"] == 2 and C.loc["B", "D"] == 2
    assert np.all(np.diag(C.to_numpy()) == 0)
    Cd = bipartite_projection(B, diagonal=True)
    assert Cd.loc["D", "D"] == 3
    # Newman weighting: every patent here has 3 cities -> each pair gets 1/2 per shared patent
    N = bipartite_projection(B, weighting="newman")
    assert N.loc["A", "D"] == pytest.approx(1.0) and N.loc["A", "B"] == pytest.approx(0.5)
    P = bipartite_projection(B, project="columns")
    assert P.loc["p1", "p2"] == 2
    S = bipartite_projection(sp.csr_matrix(B.to_numpy()))
    assert np.array_equal(S, C.to_numpy())
    with pytest.raises(ValueError, match="non-negative"):
        bipartite_projection(np.array([[1, -1]]))


def test_ownership_links():
    hq = ["上海", "上海", "北京", "上海", "杭州"]
    br = ["杭州", "杭州", "上海", "上海", "南京"]
    W = ownership_links(hq, br)
    assert W.loc["上海", "杭州"] == 2 and W.loc["北京", "上海"] == 1 and W.loc["上海", "上海"] == 0
    assert W.loc["杭州", "上海"] == 0  # directed
    Wk = ownership_links(hq, br, weights=[1.5, 2.0, 1, 4, 1], keep_self=True, cities=["上海", "北京", "杭州", "南京", "合肥"])
    assert Wk.loc["上海", "杭州"] == 3.5 and Wk.loc["上海", "上海"] == 4 and Wk.shape == (5, 5)
    with pytest.raises(ValueError, match="record 1"):
        ownership_links(["a", None], ["b", "c"])
    with pytest.raises(ValueError, match="not in the given node list"):
        ownership_links(hq, br, cities=["上海"])
