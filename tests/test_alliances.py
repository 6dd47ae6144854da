"""Alliance recommendations: constructed cases with a known answer, and properties of the score."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from megaregion.analysis.alliances import (
    alliance_score,
    chain_matrix,
    chain_position,
    efficiency_loss,
    excess_specialisation,
    global_efficiency,
    link_action,
    partner_relatedness,
    rank_normalise,
    rank_pairs,
)
from megaregion.metrics.complementarity import supply_chain_complementarity

INDUSTRIES = ["mfg", "svc", "fin"]


def _A() -> pd.DataFrame:
    """Manufacturing buys services (0.3 per unit of output), nothing else links."""
    A = pd.DataFrame(0.0, index=INDUSTRIES, columns=INDUSTRIES)
    A.loc["svc", "mfg"] = 0.3
    return A


def _case(lq_rows: dict[str, list[float]]):
    lq = pd.DataFrame(lq_rows, index=INDUSTRIES).T
    spec = excess_specialisation(lq)
    C = supply_chain_complementarity(spec, _A())
    ids = list(lq.index)
    n = len(ids)
    same = np.ones((n, n))
    np.fill_diagonal(same, np.nan)
    dist = np.full((n, n), 100.0)
    np.fill_diagonal(dist, 0.0)
    return ids, C.to_numpy().copy(), same * 0.5, dist


def test_the_supplier_and_its_buyer_rank_first():
    # S is specialised in services (which manufacturing buys), M in manufacturing; the others are
    # national averages or specialised in finance, which no chain industry buys. Everything else
    # equal, S-M must be the top pair, and S supplies M.
    ids, C, rel, dist = _case({"S": [0.5, 2.0, 1.0], "M": [2.5, 0.8, 1.0], "F": [1.0, 1.0, 3.0],
                               "N": [1.0, 1.0, 1.0]})
    pairs = rank_pairs(ids, C, rel, dist, np.ones(len(ids)))
    top = pairs.iloc[0]
    assert {top["city_a"], top["city_b"]} == {"S", "M"}
    assert top["rank"] == 1
    # complementarity by construction: (2.0-1) * 0.3 * (2.5-1) = 0.45, in the S -> M direction
    s_to_m = C[ids.index("S"), ids.index("M")]
    assert s_to_m == pytest.approx(0.45)
    assert C[ids.index("M"), ids.index("S")] == pytest.approx(0.0)
    assert top["complementarity"] == pytest.approx(0.45)
    # pairs without any chain have zero complementarity and rank below
    assert (pairs.loc[pairs["rank"] > 1, "complementarity"] == 0).all()


def test_distance_breaks_a_tie_in_complementarity():
    # Two manufacturing cities buy from one service city; the nearer one must rank first.
    ids, C, rel, dist = _case({"S": [0.5, 2.0, 1.0], "M1": [2.5, 0.8, 1.0], "M2": [2.5, 0.8, 1.0]})
    dist[0, 1] = dist[1, 0] = 50.0
    dist[0, 2] = dist[2, 0] = 400.0
    pairs = rank_pairs(ids, C, rel, dist, np.ones(3))
    assert (pairs.iloc[0]["city_a"], pairs.iloc[0]["city_b"]) == ("S", "M1")


def test_city_filter_keeps_only_its_pairs():
    ids, C, rel, dist = _case({"S": [0.5, 2.0, 1.0], "M": [2.5, 0.8, 1.0], "F": [1.0, 1.0, 3.0]})
    pairs = rank_pairs(ids, C, rel, dist, np.ones(3), city="F")
    assert len(pairs) == 2 and ((pairs["city_a"] == "F") | (pairs["city_b"] == "F")).all()


def test_unknown_complementarity_is_not_ranked():
    ids, C, rel, dist = _case({"S": [0.5, 2.0, 1.0], "M": [2.5, 0.8, 1.0], "F": [1.0, 1.0, 3.0]})
    C[2, :] = np.nan
    C[:, 2] = np.nan
    pairs = rank_pairs(ids, C, rel, dist, np.ones(3))
    unk = pairs[(pairs["city_a"] == "F") | (pairs["city_b"] == "F")]
    assert unk["score"].isna().all() and unk["rank"].isna().all()
    assert pairs.iloc[0]["rank"] == 1


def test_link_actions():
    got = link_action([5.0, 10.0, 12.5, 3.0, np.nan], [8.0, 10.0, 10.0, np.nan, np.nan])
    assert list(got) == ["build", "as_expected", "consolidate", "no_estimate", "no_link_data"]


def test_chain_matrix_keeps_chain_industries_and_drops_the_diagonal():
    A = pd.DataFrame([[0.2, 0.3, 0.1], [0.05, 0.4, 0.2], [0.1, 0.1, 0.1]], index=INDUSTRIES, columns=INDUSTRIES)
    out = chain_matrix(A, ["mfg", "svc"])
    assert np.allclose(np.diag(out), 0)
    assert out.loc["svc", "mfg"] == 0.05 and out.loc["fin", "mfg"] == 0 and out.loc["mfg", "fin"] == 0
    through = chain_matrix(A, INDUSTRIES, through="fin")
    assert through.loc["mfg", "svc"] == 0 and through.loc["mfg", "fin"] == 0.1 and through.loc["fin", "svc"] == 0.1


def test_partner_relatedness_is_the_mean_density_over_the_partners_industries():
    density = np.array([[0.2, 0.6, 0.4], [0.1, 0.3, 0.9]])
    presence = np.array([[1, 0, 0], [0, 1, 1]], dtype=float)
    R = partner_relatedness(density, presence)
    assert R[0, 1] == pytest.approx((0.6 + 0.4) / 2)  # city 0 over city 1's industries
    assert R[1, 0] == pytest.approx(0.1)
    assert np.isnan(R[0, 0])


def test_chain_positions():
    got = chain_position([2.0, 0.5, 1.5, 0.2, np.nan], [0.5, 1.2, 1.1, 0.3, 1.0])
    assert list(got) == ["upstream", "downstream", "up_and_down", "neither", "unknown"]


def test_global_efficiency_of_a_path_and_star():
    # path 0-1-2: distances 1, 1, 2 -> E = (1 + 1 + 0.5) * 2 / 6 = 5/6 (Latora & Marchiori 2001)
    path = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]])
    assert global_efficiency(path) == pytest.approx(5 / 6)
    loss = efficiency_loss(path)
    assert np.argmax(loss) == 1  # the middle city holds the path together
    assert loss[1] == pytest.approx(5 / 6)  # without its links nothing is reachable
    assert loss[0] == pytest.approx(5 / 6 - 1 / 3)


def test_global_efficiency_agrees_with_networkx():
    nx = pytest.importorskip("networkx")
    rng = np.random.default_rng(3)
    A = (rng.random((9, 9)) < 0.3).astype(int)
    A = np.triu(A, 1)
    A = A + A.T
    assert global_efficiency(A) == pytest.approx(nx.global_efficiency(nx.from_numpy_array(A)))


def test_rank_normalise():
    assert list(rank_normalise([3.0, 1.0, 2.0])) == [1.0, 0.0, 0.5]
    assert list(rank_normalise([1.0, 1.0, 5.0])) == [0.25, 0.25, 1.0]
    assert np.isnan(rank_normalise([np.nan, 1.0, 2.0])[0])


# -- properties (hypothesis) -----------------------------------------------------------------------
components = st.lists(
    st.tuples(st.floats(0, 10), st.floats(0, 1), st.floats(1, 3000), st.floats(0, 100)),
    min_size=2, max_size=12)


@settings(max_examples=60, deadline=None)
@given(components, st.floats(0.001, 10), st.integers(0, 11))
def test_zero_complementarity_never_outranks_an_identical_positive_pair(rows, c_pos, k):
    df = pd.DataFrame(rows, columns=["complementarity", "relatedness", "distance", "innovation"])
    base = df.iloc[k % len(df)]
    twins = pd.DataFrame([dict(base, complementarity=0.0), dict(base, complementarity=c_pos)])
    full = pd.concat([df, twins], ignore_index=True)
    comp = pd.DataFrame({"complementarity": full["complementarity"], "relatedness": full["relatedness"],
                         "proximity": -full["distance"], "innovation": full["innovation"]})
    score = alliance_score(comp)
    assert score[-1] > score[-2]


@settings(max_examples=40, deadline=None)
@given(st.integers(3, 8), st.integers(0, 10_000))
def test_scores_are_invariant_to_relabelling_cities(n, seed):
    rng = np.random.default_rng(seed)
    ids = [f"c{i}" for i in range(n)]
    C = rng.random((n, n)) * (rng.random((n, n)) < 0.7)
    np.fill_diagonal(C, np.nan)
    R = rng.random((n, n))
    np.fill_diagonal(R, np.nan)
    xy = rng.random((n, 2)) * 500
    D = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    v = rng.random(n) * 50
    a = rank_pairs(ids, C, R, D, v)
    perm = rng.permutation(n)
    P = np.ix_(perm, perm)
    b = rank_pairs([ids[i] for i in perm], C[P], R[P], D[P], v[perm])

    def keyed(p):
        return {frozenset((r.city_a, r.city_b)): r.score for r in p.itertuples()}

    ka, kb = keyed(a), keyed(b)
    assert ka.keys() == kb.keys()
    for key, val in ka.items():
        assert kb[key] == pytest.approx(val)


# -- backtest measures -------------------------------------------------------------------------------
def test_auc_agrees_with_mann_whitney():
    from scipy.stats import mannwhitneyu

    from megaregion.analysis.alliance_backtest import auc

    rng = np.random.default_rng(1)
    s = np.round(rng.normal(size=300), 1)  # with ties
    y = rng.random(300) < 0.3 + 0.2 * (s > 0)
    u = mannwhitneyu(s[y], s[~y]).statistic
    assert auc(s, y) == pytest.approx(u / (y.sum() * (~y).sum()))
    assert auc([1, 2, 3, 4], [0, 0, 1, 1]) == 1.0 and auc([1, 2, 3, 4], [1, 1, 0, 0]) == 0.0


def test_stratified_auc_ignores_differences_between_strata():
    from megaregion.analysis.alliance_backtest import auc, stratified_auc

    # stratum 1 has all the links and the high scores: overall AUC 10/12, but within strata the score
    # says nothing (constant within each stratum) -> 0.5
    s = np.array([0, 0, 0, 0, 1, 1, 1, 1], dtype=float)
    y = np.array([0, 0, 0, 0, 1, 1, 0, 0], dtype=bool)
    g = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    assert auc(s, y) == pytest.approx(10 / 12)  # 8 wins and 4 ties of 12 positive-negative pairs
    assert stratified_auc(s, y, g) == pytest.approx(0.5)


def test_matched_rate_is_the_mean_rate_of_the_chosen_pairs_cells():
    from megaregion.analysis.alliance_backtest import matched_rate, precision_at_k

    cells = np.array([0, 0, 0, 0, 1, 1])
    y = np.array([1, 0, 0, 0, 1, 1], dtype=bool)  # cell rates 0.25 and 1.0
    p, chosen = precision_at_k(np.array([6, 5, 1, 1, 1, 4.0]), y, 2)
    assert p == 0.5 and set(chosen) == {0, 1}
    assert matched_rate(cells, y, chosen) == pytest.approx(0.25)
    assert matched_rate(cells, y, np.array([0, 5])) == pytest.approx((0.25 + 1.0) / 2)


def test_triads_need_all_three_pairs_and_rank_by_mean_score():
    from megaregion.analysis.alliances import city_triads

    pairs = pd.DataFrame({"city_a": ["a", "a", "b", "a", "b", "c"], "city_b": ["b", "c", "c", "d", "d", "d"],
                          "score": [0.9, 0.8, 0.7, 0.6, np.nan, 0.5]})
    t = city_triads(pairs, pool=6, top=5)
    # abc (0.8 mean) and acd (0.633); abd and bcd have the unranked pair b-d
    assert [tuple(r) for r in t[["city_1", "city_2", "city_3"]].to_numpy()] == [("a", "b", "c"), ("a", "c", "d")]
    assert t["score"].iloc[0] == pytest.approx(0.8) and t["weakest_pair_score"].iloc[0] == pytest.approx(0.7)
