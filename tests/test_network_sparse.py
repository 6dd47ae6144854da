"""Sparse kernels against the dense ones they replace.

The Krackhardt measures are computed from strongly connected components and packed bitsets;
here they are checked against the previous pair-loop implementations (kept below verbatim as
the reference), on random graphs of every shape (hypothesis) and on constructed ones. The
sparse eigenvector and MINRES solvers are checked against the dense ones on the committed
reference networks and on random graphs, and every kernel is checked to give the same value
for a dense array and for the same matrix as ``scipy.sparse``.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, shortest_path

from megaregion.metrics import coreperiphery as cp
from megaregion.metrics import network as nw
from test_metrics_network import NETWORKS, load, sym

# ------------------------------------------------------------- the previous dense kernels


def _binary(M):
    B = (M > 0).astype(float)
    np.fill_diagonal(B, 0.0)
    return B


def old_reachability(M):
    D = shortest_path(csr_matrix(_binary(M)), method="D", directed=True, unweighted=True)
    return np.isfinite(D).astype(float)


def old_weak(M):
    return connected_components(csr_matrix(_binary(M)), directed=True, connection="weak")[1]


def old_hierarchy(M):
    B = _binary(old_reachability(M)).astype(bool)
    iu = np.triu_indices(B.shape[0], 1)
    a, b = B[iu], B.T[iu]
    mutual, asym = int(np.sum(a & b)), int(np.sum(a ^ b))
    with np.errstate(invalid="ignore", divide="ignore"):
        return 1.0 - float(np.float64(mutual) / (mutual + asym))


def old_lub(M):
    R = old_reachability(M).astype(bool)
    comp = old_weak(M)
    viol, maxv = 0, 0.0
    for c in np.unique(comp):
        v = np.flatnonzero(comp == c)
        s = len(v)
        if s <= 2:
            continue
        Rc = R[np.ix_(v, v)]
        for i in range(s):
            for j in range(i + 1, s):
                ub = np.flatnonzero(Rc[:, i] & Rc[:, j])
                if ub.size == 0 or not np.any(np.all(Rc[np.ix_(ub, ub)], axis=1)):
                    viol += 1
        maxv += (s - 1) * (s - 2) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(1.0 - np.float64(viol) / maxv)


def old_efficiency(M):
    s = np.bincount(old_weak(M)).astype(float)
    L = _binary(M).sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(1.0 - np.float64(L - np.sum(s - 1)) / float(np.sum((s - 1) ** 2)))


def old_connectedness(M):
    n = M.shape[0]
    if n == 1:
        return 1.0
    s = np.bincount(old_weak(M)).astype(float)
    return float(np.sum(s * (s - 1)) / (n * (n - 1)))


def same(a, b):
    return (np.isnan(a) and np.isnan(b)) or a == pytest.approx(b, abs=1e-12)


# ------------------------------------------------------------------------- random graphs


@st.composite
def digraphs(draw, max_n=12):
    """Random directed graphs: any density, with or without a planted acyclic order (DAGs
    and near-DAGs are where reachability is least trivial)."""
    n = draw(st.integers(1, max_n))
    seed = draw(st.integers(0, 2**32 - 1))
    p = draw(st.sampled_from([0.05, 0.15, 0.3, 0.6]))
    shape = draw(st.sampled_from(["any", "dag", "near_dag"]))
    rng = np.random.default_rng(seed)
    A = (rng.random((n, n)) < p) * rng.lognormal(size=(n, n))
    if shape != "any":
        A = np.triu(A, 1)
        if shape == "near_dag" and n > 1:
            k = rng.integers(0, n, size=2)
            A[max(k), min(k)] = 1.0
    return A


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(digraphs())
def test_krackhardt_equal_to_the_pair_loops(A):
    assert same(nw.lub_krackhardt(A), old_lub(A))
    assert same(nw.hierarchy_krackhardt(A), old_hierarchy(A))
    assert same(nw.efficiency_krackhardt(A), old_efficiency(A))
    assert same(nw.connectedness(A), old_connectedness(A))
    np.testing.assert_array_equal(nw.reachability(A), old_reachability(A))


@SETTINGS
@given(digraphs())
def test_sparse_input_gives_the_dense_values(A):
    S = sp.csr_matrix(A)
    for f in (nw.lub_krackhardt, nw.hierarchy_krackhardt, nw.efficiency_krackhardt, nw.connectedness):
        assert same(f(S), f(A))
    U = sym(A)
    assert same(nw.efficiency_krackhardt(sp.coo_matrix(U), directed=False), nw.efficiency_krackhardt(U, directed=False))


@settings(max_examples=40, deadline=None)
@given(digraphs(max_n=40))
def test_eigenvector_sparse_solver_equals_dense(A):
    U = sym(A)
    if not np.any(U > 0):
        return
    # a disconnected graph whose largest eigenvalue is shared by two components has no
    # unique principal eigenvector: compare only where the top eigenvalue is simple
    vals = np.linalg.eigvalsh(U)
    if vals.size > 1 and vals[-1] - vals[-2] < 1e-6 * max(vals[-1], 1.0):
        return
    for scale in ("unit", "max"):
        np.testing.assert_allclose(
            nw.eigenvector_centrality(sp.csr_matrix(U), scale=scale, method="sparse"),
            nw.eigenvector_centrality(U, scale=scale, method="dense"),
            atol=1e-8,
        )


# ---------------------------------------------------------------------- constructed cases


def test_lub_constructed():
    # out-tree: the root is the least upper bound of every pair
    T = np.zeros((7, 7))
    for child in range(1, 7):
        T[(child - 1) // 2, child] = 1
    assert nw.lub_krackhardt(sp.csr_matrix(T)) == 1.0
    # two roots over shared leaves: pairs of leaves have two unrelated upper bounds
    W = np.zeros((5, 5))
    W[0, 2:] = W[1, 2:] = 1
    assert nw.lub_krackhardt(W) == pytest.approx(old_lub(W))
    assert nw.lub_krackhardt(W) < 1.0
    # a strongly connected graph: one source for every pair
    C = np.roll(np.eye(6), 1, axis=1)
    assert nw.lub_krackhardt(C) == 1.0
    assert nw.hierarchy_krackhardt(C) == 0.0


def test_hierarchy_counts_scc_blocks():
    # two 3-cycles, the first feeding the second: 6 mutual dyads, 9 one-way reachable dyads
    A = np.zeros((6, 6))
    for base in (0, 3):
        for k in range(3):
            A[base + k, base + (k + 1) % 3] = 1
    A[0, 3] = 1
    assert nw.hierarchy_krackhardt(sp.csr_matrix(A)) == pytest.approx(1 - 6 / 15)


def test_large_sparse_dag_without_dense_matrices():
    # a 3,000-node random DAG given as sparse: values equal the dense pair loops' formulae
    rng = np.random.default_rng(1)
    n, m = 3000, 30_000
    i, j = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = i < j
    S = sp.csr_matrix((np.ones(keep.sum()), (i[keep], j[keep])), shape=(n, n))
    assert nw.hierarchy_krackhardt(S) == 1.0  # acyclic
    s = np.bincount(connected_components(S, directed=False)[1]).astype(float)
    L = S.copy()
    L.sum_duplicates()
    assert nw.efficiency_krackhardt(S) == pytest.approx(1 - (L.nnz - np.sum(s - 1)) / np.sum((s - 1) ** 2))
    assert 0.0 <= nw.lub_krackhardt(S) <= 1.0


def test_sparse_input_checked_like_dense():
    with pytest.raises(ValueError, match="negative"):
        nw.connectedness(sp.csr_matrix(np.array([[0, -1.0], [0, 0]])))
    with pytest.raises(ValueError, match="non-finite"):
        nw.lub_krackhardt(sp.csr_matrix(np.array([[0, np.nan], [0, 0]])))
    with pytest.raises(ValueError, match="square"):
        nw.hierarchy_krackhardt(sp.csr_matrix(np.ones((2, 3))))
    with pytest.raises(ValueError, match="symmetric"):
        nw.eigenvector_centrality(sp.csr_matrix(np.triu(np.ones((600, 600)), 1)))
    with pytest.raises(ValueError, match="no ties"):
        nw.eigenvector_centrality(sp.csr_matrix((600, 600)))
    with pytest.raises(ValueError, match="method"):
        nw.eigenvector_centrality(np.ones((3, 3)), method="arpack")


# ------------------------------------------------- sparse solvers on the reference networks


@pytest.mark.parametrize("name", NETWORKS)
@pytest.mark.parametrize("binary", [True, False])
def test_eigenvector_sparse_equals_dense_on_references(name, binary):
    U = sym(load(name))
    if binary:
        U = (U > 0) * 1.0
    if not np.any(U > 0):
        pytest.skip("no tie")
    for scale in ("unit", "max"):
        np.testing.assert_allclose(
            nw.eigenvector_centrality(sp.csr_matrix(U), scale=scale, method="sparse"),
            nw.eigenvector_centrality(U, scale=scale, method="dense"),
            atol=1e-8,
        )


@pytest.mark.parametrize("name", NETWORKS)
def test_minres_sparse_equals_dense_on_references(name):
    B = (sym(load(name)) > 0) * 1.0
    d = cp.coreness_minres(B, method="dense")
    if not d.converged:  # stars and trees: no minimum is attained (see test_coreperiphery)
        s = cp.coreness_minres(sp.csr_matrix(B), method="sparse", max_iter=300)
        assert not s.converged
        assert np.argmax(s.coreness) == np.argmax(d.coreness)
        return
    s = cp.coreness_minres(sp.csr_matrix(B), method="sparse")
    assert s.converged
    assert s.gradient_norm < 1e-9
    np.testing.assert_allclose(s.coreness, d.coreness, atol=1e-8)
    assert s.residual == pytest.approx(d.residual, rel=1e-10, abs=1e-9)


def test_minres_sparse_weighted_and_auto_threshold():
    rng = np.random.default_rng(3)
    n = nw.SPARSE_THRESHOLD + 100
    i, j = rng.integers(0, n, 8 * n), rng.integers(0, n, 8 * n)
    W = sp.csr_matrix((rng.uniform(1, 2, size=i.size), (i, j)), shape=(n, n))
    W = W + W.T
    auto = cp.coreness_minres(W, weighted=True)  # above the threshold: the sparse solver
    dense = cp.coreness_minres(W.toarray(), weighted=True, method="dense")
    assert auto.converged and dense.converged
    np.testing.assert_allclose(auto.coreness, dense.coreness, atol=1e-8)
    np.testing.assert_allclose(
        nw.eigenvector_centrality(W), nw.eigenvector_centrality(W.toarray(), method="dense"), atol=1e-8
    )
