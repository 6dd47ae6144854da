"""Sparse iterative solvers behind the network kernels for large graphs.

Pure functions on ``scipy.sparse`` CSR matrices (symmetric, non-negative, zero diagonal, as
:func:`megaregion.metrics.network._graph` returns them); no dense ``n x n`` is ever formed.
The public kernels (:func:`megaregion.metrics.network.eigenvector_centrality`,
:func:`megaregion.metrics.coreperiphery.coreness_minres`) choose these solvers above
:data:`megaregion.metrics.network.SPARSE_THRESHOLD` nodes or when asked (``method='sparse'``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

__all__ = ["SparseMinres", "minres_sparse"]


@dataclass(frozen=True)
class SparseMinres:
    """MINRES coreness from :func:`minres_sparse`: the vector, its residual, the number of
    steps, the max norm of the gradient ``A c - (||c||^2 - c^2) c`` and convergence."""

    coreness: np.ndarray
    residual: float
    iterations: int
    gradient_norm: float
    converged: bool


def _loss(K: float, c: np.ndarray, Ac: np.ndarray) -> float:
    """``sum_{i != j} (a_ij - c_i c_j)^2 = K - 2 c'Ac + (c'c)^2 - sum c^4`` with
    ``K = sum_{i != j} a_ij^2`` and a zero diagonal."""
    ss = float(c @ c)
    return float(K - 2.0 * (c @ Ac) + ss * ss - np.sum(c**4))


def _line_min(c, d, Ac, Ad, tmax: float) -> float:
    """Exact minimiser over ``t in [0, tmax]`` of the MINRES loss along ``c + t d``.

    Along a line the loss is a quartic ``f(t) = f(0) + a1 t + a2 t^2 + a3 t^3 + a4 t^4``
    (from ``-2 q(t) + p(t)^2 - r(t)`` with ``q = (c + td)' A (c + td)``, ``p = ||c + td||^2``
    and ``r = sum (c_i + t d_i)^4``); its minimum on the interval is at an end or at a real
    root of the cubic derivative. The slope ``a1`` is taken from the gradient,
    ``a1 = -4 sum (||c||^2 - c_i^2) d_i^2``, not from the difference of the large terms that
    would cancel near the solution."""
    ss = c @ c
    p1, p2 = c @ d, d @ d
    a1 = -4.0 * np.sum((ss - c * c) * d * d)
    a2 = -2.0 * (d @ Ad) + 4.0 * p1 * p1 + 2.0 * ss * p2 - 6.0 * np.sum(c * c * d * d)
    a3 = 4.0 * p1 * p2 - 4.0 * np.sum(c * d**3)
    a4 = p2 * p2 - np.sum(d**4)
    poly = np.polynomial.Polynomial([0.0, a1, a2, a3, a4])
    cand = [0.0, tmax]
    for t in poly.deriv().roots():
        if abs(t.imag) <= 1e-9 * max(1.0, abs(t.real)) and 0.0 < t.real < tmax:
            cand.append(float(t.real))
    vals = [poly(t) for t in cand]
    return cand[int(np.argmin(vals))]


def minres_sparse(S: csr_matrix, c0: np.ndarray, tol: float = 1e-13, max_iter: int = 10_000) -> SparseMinres:
    """Minimise the MINRES loss ``f(c) = sum_{i != j} (a_ij - c_i c_j)^2`` (Boyd, Fitzgerald,
    Mahutga & Smith 2010, *Social Networks* 32: 125-137) on a sparse symmetric ``S``.

    Each step computes, for every node at once, the coordinate minimiser of ``f`` (the update
    of the dense Gauss-Seidel sweep), ``c_J = A c / (||c||^2 - c^2)``, and moves along
    ``d = c_J - c`` to the exact minimum of ``f`` on that line (a quartic, :func:`_line_min`),
    never past a zero coordinate and at most twice the full step. ``d`` is a descent direction:
    the gradient is ``-4 (||c||^2 - c^2) * d``, so ``f`` decreases at every step; a fixed point
    satisfies ``A c = (||c||^2 - c^2) c``, the stationarity condition of the dense solver, whose
    minimum it therefore shares. One step costs one sparse product, ``O(n + L)``. Stops when no
    coordinate moves by more than ``tol``; ``max_iter`` steps without that give
    ``converged=False`` (as on a star, where the infimum is not attained).
    """
    c = np.maximum(np.asarray(c0, dtype=float), 0.0)
    K = float(np.sum(S.data**2))
    Ac = S @ c
    it = 0
    converged = False
    for it in range(1, max_iter + 1):
        ss = float(c @ c)
        denom = ss - c * c
        cj = np.where(denom > 0, Ac / np.where(denom > 0, denom, 1.0), 0.0)
        d = cj - c
        if np.max(np.abs(d)) == 0.0:
            converged = True
            break
        neg = d < 0
        tmax = 2.0
        if neg.any():
            tmax = min(tmax, float(np.min(c[neg] / -d[neg])))
        Ad = S @ d
        t = _line_min(c, d, Ac, Ad, tmax)
        step = t * d
        c = np.maximum(c + step, 0.0)
        Ac = Ac + t * Ad
        if np.max(np.abs(step)) <= tol:
            converged = True
            break
    Ac = S @ c  # fresh product: no drift from the running updates
    ss = float(c @ c)
    grad = Ac - (ss - c * c) * c
    return SparseMinres(c, _loss(K, c, Ac), it, float(np.max(np.abs(grad))), converged)
