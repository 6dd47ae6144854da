"""The dense network kernels that the sparse ones replaced, kept verbatim (as they were before
the sparse rewrite) as the baseline of ``bench_network_scale.py``: a dense reachability matrix
by all-pairs search and a Python loop over node pairs for LUB. Eigenvector centrality and
MINRES coreness keep their dense form in the package (``method='dense'``)."""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, shortest_path

from megaregion.metrics.network import _check_matrix, reciprocity


def _offdiag(M):
    M = M.copy()
    np.fill_diagonal(M, 0.0)
    return M


def _binary(M):
    return _offdiag((M > 0).astype(float))


def reachability(A):
    M = _check_matrix(A)
    D = shortest_path(csr_matrix(_binary(M)), method="D", directed=True, unweighted=True)
    return np.isfinite(D).astype(float)


def _weak_components(M):
    _, labels = connected_components(csr_matrix(_binary(M)), directed=True, connection="weak")
    return labels


def connectedness(A):
    M = _check_matrix(A)
    n = M.shape[0]
    if n == 1:
        return 1.0
    s = np.bincount(_weak_components(M)).astype(float)
    return float(np.sum(s * (s - 1)) / (n * (n - 1)))


def hierarchy_krackhardt(A):
    R = reachability(A)
    return 1.0 - reciprocity(R, measure="dyadic_nonnull")


def efficiency_krackhardt(A):
    M = _check_matrix(A)
    s = np.bincount(_weak_components(M)).astype(float)
    L = _binary(M).sum()
    maxv = float(np.sum((s - 1) ** 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(1.0 - np.float64(L - np.sum(s - 1)) / maxv)


def lub_krackhardt(A):
    M = _check_matrix(A)
    R = reachability(M).astype(bool)
    comp = _weak_components(M)
    viol = 0
    maxv = 0.0
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
