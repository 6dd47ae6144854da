"""Block-model kernels: CONCOR, structural equivalence, densities, images, positions.

Reference values: tests/reference/blockmodel_reference.json, made by
tests/reference/make_blockmodel_reference.R with the R package concorR (CONCOR) and R sna
(sedist, blockmodel) on the Krackhardt (1987) high-tech managers networks, a valued 12-node
matrix and two real networks of tests/reference/networks/.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from megaregion.metrics import blockmodel as bm

REF = json.loads((Path(__file__).parent / "reference" / "blockmodel_reference.json").read_text())
NETS = REF["networks"]


def same_partition(a, b) -> bool:
    """Two labellings describe the same partition (block numbers may differ)."""
    a, b = np.asarray(a), np.asarray(b)
    pairs = set(zip(a.tolist(), b.tolist()))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


# -- CONCOR against concorR ----------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(NETS))
@pytest.mark.parametrize("n_splits", [1, 2, 3])
def test_concor_matches_concorR(name, n_splits):
    A = np.array(NETS[name]["matrix"], dtype=float)
    directed = name != "cn_ele_2008"  # the firm links are symmetric (no direction)
    res = bm.concor(A, n_splits=n_splits, directed=directed)
    expected = NETS[name]["concor"][str(n_splits)]
    assert same_partition(res.partition, expected), (res.partition.tolist(), expected)
    assert all(s.converged for s in res.splits)


def test_concor_of_two_relations_matches_concorR():
    A = np.array(NETS["krack_advice"]["matrix"], dtype=float)
    F = np.array(NETS["krack_friend"]["matrix"], dtype=float)
    res = bm.concor(np.stack([A, F]), n_splits=2)
    assert same_partition(res.partition, REF["concor_multi"])


def test_concor_split_tree_is_nested():
    A = np.array(NETS["krack_advice"]["matrix"], dtype=float)
    res = bm.concor(A, n_splits=2)
    first = [s for s in res.splits if s.depth == 1]
    assert len(first) == 1 and sorted(first[0].nodes) == list(range(21))
    halves = {first[0].left, first[0].right}
    for s in res.splits:
        if s.depth == 2:
            assert s.nodes in halves and set(s.left) | set(s.right) == set(s.nodes)
            assert min(s.nodes) in s.left  # the half holding the block's first node is on the left
    assert res.n_blocks == 4


def test_concor_two_cliques_split_exactly():
    """Two disjoint cliques joined by nothing: the first split separates them."""
    A = np.zeros((8, 8))
    A[:4, :4] = 1
    A[4:, 4:] = 1
    np.fill_diagonal(A, 0)
    res = bm.concor(A, n_splits=1)
    assert res.partition.tolist() == [0, 0, 0, 0, 1, 1, 1, 1]


def test_concor_puts_isolates_in_their_own_last_block():
    A = np.zeros((6, 6))
    A[0, 1] = A[1, 2] = A[2, 0] = A[3, 0] = 1
    res = bm.concor(A, n_splits=1)
    assert res.isolates == (4, 5)
    assert res.partition[4] == res.partition[5] == res.n_blocks - 1
    assert set(res.partition[:4]) .isdisjoint({res.partition[4]})


def test_concor_does_not_split_identical_profiles():
    """A star's leaves are structurally equivalent: they stay together at every depth."""
    A = np.zeros((5, 5))
    A[0, 1:] = A[1:, 0] = 1
    res = bm.concor(A, n_splits=3)
    assert len(set(res.partition[1:])) == 1 and res.partition[0] != res.partition[1]


def test_concor_rejects_bad_input():
    with pytest.raises(ValueError):
        bm.concor(np.ones((3, 4)))
    with pytest.raises(ValueError):
        bm.concor(-np.ones((3, 3)))
    with pytest.raises(ValueError):
        bm.concor(np.eye(3), n_splits=0)
    with pytest.raises(ValueError):
        bm.concor(np.triu(np.ones((3, 3))), directed=False)


# -- properties -----------------------------------------------------------------------------------

@st.composite
def networks(draw, valued=False):
    n = draw(st.integers(5, 10))
    vals = draw(st.lists(st.integers(0, 3 if valued else 1), min_size=n * n, max_size=n * n))
    A = np.array(vals, dtype=float).reshape(n, n)
    np.fill_diagonal(A, 0)
    perm = draw(st.permutations(list(range(n))))
    return A, np.array(perm)


@settings(deadline=None, max_examples=40)
@given(networks(valued=True))
def test_relabelling_nodes_permutes_the_concor_partition(case):
    A, perm = case
    a = bm.concor(A, n_splits=2).partition
    b = bm.concor(A[np.ix_(perm, perm)], n_splits=2).partition
    assert same_partition(a[perm], b)


@settings(deadline=None, max_examples=40)
@given(networks(valued=True))
def test_relabelling_nodes_permutes_the_se_distances(case):
    A, perm = case
    # distances tie on small integer matrices; the permuted distance matrix is what must match
    D = bm.profile_distance(A)
    Dp = bm.profile_distance(A[np.ix_(perm, perm)])
    assert np.allclose(D[np.ix_(perm, perm)], Dp)


@settings(deadline=None, max_examples=40)
@given(networks(valued=True), st.data())
def test_structurally_equivalent_nodes_share_a_block(case, data):
    """Make node 1 a copy of node 0 (same ties to and from every other node, a reciprocated
    tie between them): CONCOR and SE clustering always put the two in one block."""
    A, _ = case
    A[1, :], A[:, 1] = A[0, :], A[:, 0]
    w = data.draw(st.integers(0, 3))
    A[0, 1] = A[1, 0] = w
    A[0, 0] = A[1, 1] = 0
    for n_splits in (1, 2, 3):
        p = bm.concor(A, n_splits=n_splits).partition
        assert p[0] == p[1]
    D = bm.profile_distance(A)
    assert D[0, 1] == 0
    for k in (2, 3, 4):
        se = bm.structural_equivalence(A, k=k, method="complete")
        assert se.partition[0] == se.partition[1]


# -- structural equivalence against sna ------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(NETS))
def test_profile_distances_match_sna_sedist(name):
    A = np.array(NETS[name]["matrix"], dtype=float)
    D = bm.profile_distance(A, metric="euclidean")
    assert np.allclose(D, np.array(NETS[name]["sedist_euclidean"], dtype=float), atol=1e-9)
    R = np.array([[np.nan if v is None else v for v in row] for row in NETS[name]["sedist_correlation"]])
    C = 1 - bm.profile_distance(A, metric="correlation")
    off = ~np.eye(len(A), dtype=bool) & np.isfinite(R)  # sna gives NA for a constant profile
    assert np.allclose(C[off], R[off], atol=1e-9)


@pytest.mark.parametrize("method", ["average", "complete"])
@pytest.mark.parametrize("k", [2, 3, 4, 5])
def test_se_clustering_matches_r_hclust_cutree(method, k):
    A = np.array(NETS["valued12"]["matrix"], dtype=float)
    se = bm.structural_equivalence(A, k=k, method=method)
    assert same_partition(se.partition, REF["hclust"][method][str(k)])


def test_se_rejects_bad_options():
    A = np.array(NETS["valued12"]["matrix"], dtype=float)
    with pytest.raises(ValueError):
        bm.structural_equivalence(A, k=0)
    with pytest.raises(ValueError):
        bm.structural_equivalence(A, method="centroid")
    with pytest.raises(ValueError):
        bm.profile_distance(A, metric="cosine")


# -- densities and images --------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(NETS))
def test_block_densities_match_sna_blockmodel(name):
    A = np.array(NETS[name]["matrix"], dtype=float)
    p = np.array(NETS[name]["partition"]) - 1
    for valued, key in ((False, "densities_binary"), (True, "densities_valued")):
        D = bm.block_densities(A, p, valued=valued)
        ref = np.array([[np.nan if v is None else v for v in row] for row in NETS[name][key]], dtype=float)
        assert np.allclose(D, ref, equal_nan=True, atol=1e-12), (valued, D, ref)
    assert bm.network_density(A) == pytest.approx(NETS[name]["gden_binary"], abs=1e-12)


def test_block_densities_by_hand():
    """Two blocks {0, 1} and {2}: a one-node block has no internal pair (nan)."""
    A = np.array([[0, 1, 0], [0, 0, 2], [4, 0, 0]], dtype=float)
    D = bm.block_densities(A, [0, 0, 1])
    assert D[0, 0] == 0.5 and D[0, 1] == 0.5 and D[1, 0] == 0.5 and np.isnan(D[1, 1])
    V = bm.block_densities(A, [0, 0, 1], valued=True)
    assert V[0, 0] == 0.5 and V[0, 1] == 1.0 and V[1, 0] == 2.0
    assert bm.network_density(A) == pytest.approx(3 / 6)
    assert bm.network_density(A, valued=True) == pytest.approx(7 / 6)


def test_image_matrix_alpha_density():
    D = np.array([[0.8, 0.2], [0.5, np.nan]])
    assert bm.image_matrix(D, 0.5).tolist() == [[1, 0], [1, 0]]
    with pytest.raises(ValueError):
        bm.image_matrix(D, float("nan"))


# -- positions --------------------------------------------------------------------------------------

def test_positions_of_an_ideal_core_periphery_network():
    """Block 0 complete inside and tied both ways to everyone; block 1 complete inside and
    tied to block 2; block 2 empty inside, tied to block 1; block 3 tied to block 0 only.
    Incident densities 26/26, 18/26, 16/26, 8/26: core, semi-core, semi-periphery, periphery."""
    n = 8
    p = np.array([0, 0, 1, 1, 2, 2, 3, 3])
    A = np.zeros((n, n))
    A[np.ix_(p == 0, np.arange(n))] = 1
    A[np.ix_(np.arange(n), p == 0)] = 1
    A[np.ix_(p == 1, p == 1)] = 1
    A[np.ix_(p == 1, p == 2)] = 1
    A[np.ix_(p == 2, p == 1)] = 1
    np.fill_diagonal(A, 0)
    pos = bm.positions(A, p)
    assert pos.position.tolist() == ["core", "semi-core", "semi-periphery", "periphery"]
    assert pos.rank.tolist() == [0, 1, 2, 3]
    assert pos.internal_density[0] == 1 and pos.internal_density[3] == 0


def test_positions_class_mapping_for_other_block_counts():
    assert [bm.POSITION_CLASSES[c] for c in bm._classes(2)] == ["core", "periphery"]
    assert [bm.POSITION_CLASSES[c] for c in bm._classes(8)] == [
        "core", "core", "semi-core", "semi-core", "semi-periphery", "semi-periphery", "periphery", "periphery"]


def test_burt_roles_by_construction():
    """Block 0 keeps its ties inside and receives from block 1 (primary); block 1 only sends
    out (sycophant); block 2 sends most ties out and receives (broker); block 3 keeps its
    ties inside and receives none (isolate)."""
    p = np.array([0, 0, 0, 1, 1, 2, 2, 3, 3])
    A = np.zeros((9, 9))
    A[np.ix_([0, 1, 2], [0, 1, 2])] = 1
    A[3, 0] = A[4, 1] = 1              # block 1 sends to block 0 only
    A[5, 0] = A[5, 1] = A[6, 2] = 1    # block 2 sends out ...
    A[0, 5] = 1                        # ... and receives from block 0
    A[7, 8] = A[8, 7] = 1              # block 3: inside only
    np.fill_diagonal(A, 0)
    pos = bm.positions(A, p)
    assert pos.burt_role.tolist() == ["primary", "sycophant", "broker", "isolate"]
    assert pos.expected_within[0] == pytest.approx(2 / 8)
