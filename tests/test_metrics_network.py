"""Network kernels against R sna 2.7-1 (tests/reference/sna_reference.json) and hand-made graphs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from megaregion.metrics import network as nw

REF = Path(__file__).parent / "reference"
SNA = json.loads((REF / "sna_reference.json").read_text(encoding="utf-8"))
NETWORKS = sorted(SNA["networks"])
TOL = dict(rtol=1e-9, atol=1e-9, equal_nan=True)

# sna 2.7-1 valued betweenness (ignore.eval=FALSE) counts tied weighted geodesics differently
# from igraph and networkx (which agree with each other exactly) on these networks; we follow
# igraph/networkx (Brandes 2001). Distances agree (valued closeness matches sna).
SNA_VALUED_BETWEENNESS_DIFFERS = {"us_boswash_tt_2000_2023", "us_boswash_tt_2000_2023_ge100"}


def load(name: str) -> np.ndarray:
    with open(REF / "networks" / f"{name}_nodes.csv", newline="", encoding="utf-8") as fh:
        nodes = [r["node_id"] for r in csv.DictReader(fh)]
    with open(REF / "networks" / f"{name}_edges.csv", newline="", encoding="utf-8") as fh:
        e = list(csv.DictReader(fh))
    A, order = nw.adjacency_from_edges(
        [r["origin"] for r in e], [r["destination"] for r in e], [float(r["weight"]) for r in e],
        nodes=nodes, self_loops="keep",
    )
    assert order == nodes
    return A


def num(x):
    if isinstance(x, list):
        return np.array([num(v) for v in x], dtype=float)
    return float(x)  # "NaN" / "Inf" strings from jsonlite become floats


def sym(A):
    M = A.copy()
    np.fill_diagonal(M, 0)
    return M + M.T


STATS = {
    "gden_binary": lambda A: nw.density(A),
    "gden_valued": lambda A: nw.density(A, weighted=True),
    "gden_graph_binary": lambda A: nw.density((sym(A) > 0) * 1.0, directed=False),
    "grecip_dyadic": lambda A: nw.reciprocity(A, "dyadic"),
    "grecip_dyadic_nonnull": lambda A: nw.reciprocity(A, "dyadic_nonnull"),
    "grecip_edgewise": lambda A: nw.reciprocity(A, "edgewise"),
    "indegree_binary": lambda A: nw.degree(A, "in"),
    "outdegree_binary": lambda A: nw.degree(A, "out"),
    "degree_binary": lambda A: nw.degree(A, "total"),
    "indegree_valued": lambda A: nw.strength(A, "in"),
    "outdegree_valued": lambda A: nw.strength(A, "out"),
    "degree_valued": lambda A: nw.strength(A, "total"),
    "degree_graph_binary": lambda A: nw.degree((sym(A) > 0) * 1.0, directed=False),
    "betweenness_binary": lambda A: nw.betweenness(A),
    "betweenness_graph_binary": lambda A: nw.betweenness((sym(A) > 0) * 1.0, directed=False),
    "closeness_binary": lambda A: nw.closeness(A),
    "closeness_valued": lambda A: nw.closeness(A, weighted=True),
    "closeness_graph_binary": lambda A: nw.closeness((sym(A) > 0) * 1.0, directed=False),
    "evcent_graph_binary": lambda A: nw.eigenvector_centrality((sym(A) > 0) * 1.0),
    "evcent_graph_valued": lambda A: nw.eigenvector_centrality(sym(A)),
    "centralization_degree_binary": lambda A: nw.centralization(A, "degree"),
    "centralization_betweenness_binary": lambda A: nw.centralization(A, "betweenness"),
    "centralization_closeness_binary": lambda A: nw.centralization(A, "closeness"),
    "centralization_indegree_binary": lambda A: nw.centralization(A, "degree", mode="in"),
    "centralization_outdegree_binary": lambda A: nw.centralization(A, "degree", mode="out"),
    "centralization_degree_graph_binary": lambda A: nw.centralization((sym(A) > 0) * 1.0, "degree", directed=False),
    "centralization_betweenness_graph_binary": lambda A: nw.centralization(
        (sym(A) > 0) * 1.0, "betweenness", directed=False
    ),
    "centralization_closeness_graph_binary": lambda A: nw.centralization(
        (sym(A) > 0) * 1.0, "closeness", directed=False
    ),
    "connectedness": nw.connectedness,
    "hierarchy_krackhardt": nw.hierarchy_krackhardt,
    "efficiency": nw.efficiency_krackhardt,
    "lubness": nw.lub_krackhardt,
}


def test_reference_metadata():
    assert SNA["meta"]["sna_version"] == "2.7.1"
    assert len(NETWORKS) >= 10


@pytest.mark.parametrize("name", NETWORKS)
@pytest.mark.parametrize("stat", sorted(STATS))
def test_matches_sna(name, stat):
    A = load(name)
    np.testing.assert_allclose(np.asarray(STATS[stat](A), dtype=float), num(SNA["networks"][name][stat]), **TOL)


@pytest.mark.parametrize("name", NETWORKS)
def test_valued_betweenness_matches_networkx_and_sna_where_sna_is_consistent(name):
    A = load(name)
    ours = nw.betweenness(A, weighted=True)
    M = A.copy()
    np.fill_diagonal(M, 0)
    b = nx.betweenness_centrality(nx.from_numpy_array(M, create_using=nx.DiGraph), weight="weight", normalized=False)
    np.testing.assert_allclose(ours, [b[i] for i in range(len(b))], rtol=1e-9, atol=1e-9)
    sna = num(SNA["networks"][name]["betweenness_valued"])
    if name in SNA_VALUED_BETWEENNESS_DIFFERS:
        assert not np.allclose(ours, sna)
    else:
        np.testing.assert_allclose(ours, sna, **TOL)


@pytest.mark.parametrize("name", NETWORKS)
def test_pagerank_matches_networkx(name):
    A = load(name)
    M = A.copy()
    np.fill_diagonal(M, 0)
    pr = nx.pagerank(nx.from_numpy_array(M, create_using=nx.DiGraph), alpha=0.85, weight="weight", tol=1e-13, max_iter=10_000)
    np.testing.assert_allclose(nw.pagerank(A), [pr[i] for i in range(len(pr))], atol=1e-9)
    assert nw.pagerank(A).sum() == pytest.approx(1.0)


# ---------------------------------------------------------------------------------- hand-made


def out_star(n=5):
    A = np.zeros((n, n))
    A[0, 1:] = 1
    return A


def cycle(n=5):
    A = np.zeros((n, n))
    A[np.arange(n), (np.arange(n) + 1) % n] = 1
    return A


def complete(n=4, w=1.0):
    return w * (np.ones((n, n)) - np.eye(n))


def test_star():
    A = out_star()
    S = A + A.T
    assert nw.centralization(S, "degree", directed=False) == pytest.approx(1.0)
    assert nw.centralization(S, "betweenness", directed=False) == pytest.approx(1.0)
    assert nw.centralization(S, "closeness", directed=False) == pytest.approx(1.0)
    # sna's directed degree maximum is twice the star's deviation: an out-star scores 1/2,
    # a mutual star 1
    assert nw.centralization(A, "degree") == pytest.approx(0.5)
    assert nw.centralization(S, "degree") == pytest.approx(1.0)
    assert nw.hierarchy_krackhardt(A) == 1.0
    assert nw.efficiency_krackhardt(A) == 1.0
    assert nw.lub_krackhardt(A) == 1.0
    assert nw.lub_krackhardt(A.T) == 0.0  # in-star: leaves share no upper bound
    assert nw.reciprocity(A, "edgewise") == 0.0
    assert nw.tie_symmetry(A) == 0.0
    assert nw.share_outside_core(A, [0]).link_share == 0.0
    # Green's (2007) original benchmark gives a star 0.16; the reported (centralization) scale 0
    assert nw.polycentricity_green(S, directed=False, weighted=False, variant="green2007") == pytest.approx(
        (1 - 1.2 / 2) * 0.4)
    assert nw.polycentricity_green(S, directed=False, weighted=False) == 0.0
    assert nw.polycentricity_green(S, directed=False) == 0.0
    assert nw.betweenness(S, directed=False).tolist() == [6.0, 0, 0, 0, 0]
    np.testing.assert_allclose(nw.closeness(A), [1.0, 0, 0, 0, 0])


def test_directed_cycle():
    A = cycle(5)
    assert nw.density(A) == pytest.approx(0.25)
    assert nw.reciprocity(A, "edgewise") == 0.0
    assert nw.reciprocity(A, "dyadic") == pytest.approx(0.5)
    assert nw.hierarchy_krackhardt(A) == 0.0
    assert nw.connectedness(A) == 1.0
    assert nw.lub_krackhardt(A) == 1.0
    assert nw.centralization(A, "degree") == 0.0
    assert nw.centralization(A, "betweenness") == 0.0
    np.testing.assert_allclose(nw.closeness(A), 4 / 10)
    np.testing.assert_allclose(nw.betweenness(A), 6.0)  # 1+2+3 paths through each node


def test_complete_graph():
    A = complete(4, 3.0)
    assert nw.density(A) == 1.0
    assert nw.density(A, weighted=True) == 3.0
    assert nw.reciprocity(A, "edgewise") == 1.0
    assert nw.reciprocity(A, "dyadic") == 1.0
    assert nw.tie_symmetry(A) == 1.0
    assert nw.polycentricity_green(A) == pytest.approx(1.0)
    assert nw.polycentricity_green(A, weighted=False) == pytest.approx(1.0)
    assert nw.hierarchy_krackhardt(A) == 0.0
    assert nw.efficiency_krackhardt(A) == 0.0
    assert nw.connectedness(A) == 1.0
    for m in ("degree", "betweenness", "closeness"):
        assert nw.centralization(A, m) == 0.0
    np.testing.assert_allclose(nw.eigenvector_centrality(A), 0.5)
    np.testing.assert_allclose(nw.eigenvector_centrality(A, scale="max"), 1.0)


def test_tie_symmetry_and_outside_core():
    A = np.array([[0, 4, 0], [2, 0, 1], [0, 0, 0.0]])
    assert nw.tie_symmetry(A) == pytest.approx(2 * 2 / 7)
    s = nw.share_outside_core(A, [0])
    assert s.link_share == pytest.approx(1 / 3)
    assert s.weight_share == pytest.approx(1 / 7)
    with pytest.raises(ValueError, match="core index 3"):
        nw.share_outside_core(A, [3])
    assert np.isnan(nw.tie_symmetry(np.zeros((3, 3))))


def test_rank_size_slope():
    v = 100.0 * np.arange(1, 11, dtype=float) ** -1.5
    fit = nw.rank_size_slope(v[::-1])
    assert fit.slope == pytest.approx(-1.5)
    assert fit.intercept == pytest.approx(np.log(100))
    assert fit.r_squared == pytest.approx(1.0)
    assert nw.rank_size_slope([5, 5, 5, 0]).slope == pytest.approx(0.0)
    assert nw.rank_size_slope([5, 5, 5, 0]).n_used == 3
    with pytest.raises(ValueError, match="at least 2 positive"):
        nw.rank_size_slope([3, 0, 0])
    with pytest.raises(ValueError):
        nw.rank_size_slope([3, np.nan])


def test_adjacency_from_edges():
    A, nodes = nw.adjacency_from_edges(["b", "a", "a", "c"], ["a", "b", "b", "c"], [1, 2, 3, 9])
    assert nodes == ["a", "b", "c"]
    np.testing.assert_array_equal(A, [[0, 5, 0], [1, 0, 0], [0, 0, 0]])
    A, _ = nw.adjacency_from_edges(["a", "c"], ["b", "c"], [2, 9], directed=False, self_loops="keep")
    np.testing.assert_array_equal(A, [[0, 2, 0], [2, 0, 0], [0, 0, 9]])
    A, nodes = nw.adjacency_from_edges(["x"], ["y"], nodes=["y", "z", "x"])
    assert nodes == ["y", "z", "x"]
    assert A[2, 0] == 1 and A.sum() == 1
    with pytest.raises(ValueError, match="'q'"):
        nw.adjacency_from_edges(["x", "q"], ["y", "x"], nodes=["x", "y"])
    with pytest.raises(ValueError, match="negative"):
        nw.adjacency_from_edges(["x"], ["y"], [-1])
    with pytest.raises(ValueError, match="not finite"):
        nw.adjacency_from_edges(["x"], ["y"], [np.nan])
    with pytest.raises(ValueError, match="empty graph"):
        nw.adjacency_from_edges([], [])
    with pytest.raises(ValueError, match="self_loops"):
        nw.adjacency_from_edges(["x"], ["y"], self_loops="maybe")


# ---------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "bad, msg",
    [
        (np.zeros((2, 3)), "square"),
        (np.zeros((0, 0)), "empty graph"),
        (np.array([[0, -1.0], [0, 0]]), "negative"),
        (np.array([[0, np.nan], [0, 0]]), "non-finite"),
        (np.array([[0, np.inf], [0, 0]]), "non-finite"),
    ],
)
@pytest.mark.parametrize(
    "fn",
    [nw.density, nw.reciprocity, nw.degree, nw.betweenness, nw.closeness, nw.centralization, nw.connectedness,
     nw.hierarchy_krackhardt, nw.efficiency_krackhardt, nw.lub_krackhardt, nw.tie_symmetry, nw.pagerank,
     nw.polycentricity_green, nw.communities_leiden],
)
def test_bad_matrices(fn, bad, msg):
    with pytest.raises(ValueError, match=msg):
        fn(bad)


def test_asymmetric_input_refused_where_symmetric_required():
    A = out_star()
    for call in (
        lambda: nw.density(A, directed=False),
        lambda: nw.degree(A, directed=False),
        lambda: nw.betweenness(A, directed=False),
        lambda: nw.closeness(A, directed=False),
        lambda: nw.centralization(A, directed=False),
        lambda: nw.eigenvector_centrality(A),
    ):
        with pytest.raises(ValueError, match="symmetric"):
            call()


def test_self_loops_are_ignored():
    A = cycle(4)
    B = A + np.diag([5.0, 0, 2, 0])
    for f in (nw.density, nw.reciprocity, nw.connectedness, nw.hierarchy_krackhardt, nw.efficiency_krackhardt,
              nw.tie_symmetry, nw.polycentricity_green):
        assert f(A) == f(B)
    np.testing.assert_array_equal(nw.degree(A, weighted=True), nw.degree(B, weighted=True))
    np.testing.assert_array_equal(nw.betweenness(A), nw.betweenness(B))


def test_isolates_disconnected_and_empty_graphs():
    A = np.zeros((4, 4))
    A[0, 1] = A[2, 3] = 1  # two components of 2
    assert nw.connectedness(A) == pytest.approx(4 / 12)
    assert np.isnan(nw.lub_krackhardt(A))  # no component with more than 2 nodes (sna: NaN)
    assert nw.efficiency_krackhardt(A) == 1.0
    np.testing.assert_array_equal(nw.closeness(A), 0.0)  # sna: unreachable nodes -> 0
    E = np.zeros((3, 3))  # no tie at all
    assert nw.density(E) == 0.0
    assert np.isnan(nw.reciprocity(E, "edgewise"))
    assert nw.reciprocity(E, "dyadic") == 1.0
    assert np.isnan(nw.hierarchy_krackhardt(E))
    assert np.isnan(nw.efficiency_krackhardt(E))
    assert nw.connectedness(E) == 0.0
    assert np.isnan(nw.polycentricity_green(E))
    with pytest.raises(ValueError, match="no tie"):
        nw.eigenvector_centrality(E)
    with pytest.raises(ValueError, match="none"):
        nw.communities_leiden(E)
    one = np.zeros((1, 1))
    assert np.isnan(nw.density(one))
    assert nw.connectedness(one) == 1.0


# ---------------------------------------------------------------------------------- communities, tiers


def test_leiden_two_cliques_reproducible():
    A = np.zeros((8, 8))
    A[:4, :4] = 1
    A[4:, 4:] = 1
    np.fill_diagonal(A, 0)
    A[3, 4] = 1  # one directed bridge
    r1 = nw.communities_leiden(A, seed=1)
    r2 = nw.communities_leiden(A, seed=1)
    np.testing.assert_array_equal(r1.membership, r2.membership)
    assert len(set(r1.membership[:4])) == 1 and len(set(r1.membership[4:])) == 1
    assert r1.membership[0] != r1.membership[7]
    import igraph as ig

    W = A + A.T
    i, j = np.nonzero(np.triu(W, 1))
    g = ig.Graph(n=8, edges=list(zip(i.tolist(), j.tolist())))
    assert r1.modularity == pytest.approx(g.modularity(r1.membership.tolist(), weights=W[i, j].tolist()))


def test_leiden_real_network_seeded():
    A = load("us_boswash_commuting_2009_2013")
    r = nw.communities_leiden(A, seed=0)
    assert r.membership.shape == (30,)
    assert 0 < r.modularity < 1
    np.testing.assert_array_equal(r.membership, nw.communities_leiden(A, seed=0).membership)


def test_node_tiers():
    v = np.array([1, 2, 3, 10, 11, 12, 50, 55, 60.0])
    t = nw.node_tiers(v)
    assert t.labels.tolist() == ["basic"] * 3 + ["central"] * 3 + ["main"] * 3
    np.testing.assert_array_equal(t.breaks, [3, 12, 60])
    q = nw.node_tiers(v, method="quantiles", labels=("c", "b", "a"))
    assert q.classes.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    with pytest.raises(ValueError, match="labels"):
        nw.node_tiers(v, k=4)
    with pytest.raises(ValueError, match="distinct"):
        nw.node_tiers([1, 1, 2])
    with pytest.raises(ValueError, match="NaN"):
        nw.node_tiers([1, np.nan, 2, 3])
    with pytest.raises(ValueError, match="method"):
        nw.node_tiers(v, method="equal")


def test_polycentricity_scale_star_zero_complete_one_half_density():
    """Issue 9 (f): polycentricity ranges from a star (0) to a complete equal network (1); an
    evenly linked network at density 0.5 scores 0.5, not ~0.005 as Green's valued density gave."""
    S = out_star(6)
    S = S + S.T
    # a weighted star (unequal spokes) is still monocentric
    W = S * np.array([1, 5, 2, 9, 3, 4.0])[None, :] * np.array([1, 5, 2, 9, 3, 4.0])[:, None]
    for X in (S, W):
        assert nw.polycentricity_green(X, directed=False) == 0.0
        assert nw.polycentricity_green(X, directed=False, variant="centralization") == 0.0
        assert nw.strength_centralization(X, directed=False) == pytest.approx(1.0)
    assert nw.polycentricity_green(complete(5, 2.0), directed=False) == pytest.approx(1.0)
    C8 = np.zeros((8, 8))  # circulant: each node tied to its 2 neighbours on each side, equal strength
    for i in range(8):
        for k in (1, 2):
            C8[i, (i + k) % 8] = C8[(i + k) % 8, i] = 1.0
    heavy = C8.copy()  # same ties, one pair made 1000x stronger: still half the pairs linked
    heavy[0, 1] = heavy[1, 0] = 1000.0
    assert nw.density(C8, directed=False) == pytest.approx(4 / 7)
    assert nw.polycentricity_green(C8, directed=False) == pytest.approx(4 / 7)
    assert nw.polycentricity_green(C8, directed=False, variant="green2007") == pytest.approx(4 / 7)
    # Green's valued density collapses when one pair dominates; on the reported scale a network
    # more concentrated than a star counts as a star
    assert nw.polycentricity_green(heavy, directed=False, variant="green2007") < 0.01
    assert nw.polycentricity_green(heavy, directed=False) == 0.0
    assert 0.0 < nw.polycentricity_green(heavy, directed=False, variant="centralization") < 4 / 7
    # two equal hubs over a weak periphery: above a star on the reported scale, while the
    # centralization variant (measured against the strongest node) leaves them near 0
    two = np.zeros((8, 8))
    for h in (0, 1):
        two[h, 2:] = two[2:, h] = 1.0
    two[0, 1] = two[1, 0] = 1.0
    p_two = nw.polycentricity_green(two, directed=False)
    assert 0 < p_two < nw.density(two, directed=False)
    # hand computation: strengths (7, 7, 2 x 6) of 26, star shares (1/2, 1/14 x 7)
    d = np.array([7, 7, 2, 2, 2, 2, 2, 2.0])
    star = np.r_[0.5, np.full(7, 0.5 / 7)]
    assert p_two == pytest.approx((1 - (d / d.sum()).std() / star.std()) * 13 / 28)
    for variant in ("star", "centralization", "green2007"):
        assert nw.polycentricity_green(complete(5, 2.0), directed=False, variant=variant) == pytest.approx(1.0)
    # directed: an in-star is fully centralized in in-strength
    assert nw.strength_centralization(out_star(5).T, mode="in") == pytest.approx(1.0)
    assert nw.polycentricity_green(out_star(5).T, mode="in") == 0.0
    with pytest.raises(ValueError):
        nw.polycentricity_green(S, directed=False, variant="nope")


def test_in_out_degree_centralization_hand_computed():
    """Issue 9 (j): sna centralization(g, degree, cmode="indegree"/"outdegree"), C_max = (n-1)^2.

    Hand computation (Freeman 1979 with sna's maximum) on a 4-node digraph with arcs
    0->1, 0->2, 0->3, 1->2, 3->2: in-degrees (0, 1, 3, 1), so sum(3 - d) = 3 + 2 + 0 + 2 = 7 and
    C_in = 7 / 9; out-degrees (3, 1, 0, 1): sum = 0 + 2 + 3 + 2 = 7, C_out = 7 / 9; total
    degrees (3, 2, 3, 2): sum = 2, C = 2 / (3 * 4) = 1/6."""
    A = np.zeros((4, 4))
    for i, j in [(0, 1), (0, 2), (0, 3), (1, 2), (3, 2)]:
        A[i, j] = 1
    assert nw.centralization(A, "degree", mode="in") == pytest.approx(7 / 9)
    assert nw.centralization(A, "degree", mode="out") == pytest.approx(7 / 9)
    assert nw.centralization(A, "degree") == pytest.approx(1 / 6)
    star = out_star(5)
    assert nw.centralization(star, "degree", mode="out") == pytest.approx(1.0)
    assert nw.centralization(star, "degree", mode="in") == pytest.approx(1 / 16)  # in-degrees (0,1,1,1,1)
    assert nw.centralization(star.T, "degree", mode="in") == pytest.approx(1.0)
    with pytest.raises(ValueError):
        nw.centralization(star + star.T, "degree", directed=False, mode="in")
    with pytest.raises(ValueError):
        nw.centralization(star, "betweenness", mode="out")


def test_undirected_efficiency_tree_one_complete_zero():
    S = out_star(6)
    S = S + S.T
    assert nw.efficiency_krackhardt(S, directed=False) == 1.0
    assert nw.efficiency_krackhardt(complete(6), directed=False) == 0.0
    assert nw.efficiency_krackhardt(complete(6)) == 0.0
