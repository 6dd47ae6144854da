"""Core-periphery structure of a megaregion's city network (Borgatti & Everett 2000).

Pure kernels: an ``n x n`` adjacency matrix in (rows = origin, columns = destination; the
diagonal is ignored), numbers and arrays out. Checks on the input (square, finite,
non-negative, symmetric where required) are those of :mod:`megaregion.metrics.network`.

Contents
--------
* :func:`be_fit` / :func:`core_periphery_be` — the **discrete** model of Borgatti & Everett
  (2000, *Social Networks* 21: 375-395): a core/periphery partition whose ideal pattern
  ``Delta`` (core-core = 1, periphery-periphery = 0, core-periphery = 1, 0 or ignored) has the
  largest Pearson correlation with the observed ties. With ``cp_ties='one'`` on a binary
  symmetric graph the fit is exactly the quality ``Q`` that ``cpnet.BE`` reports.
* :func:`coreness_minres` — **continuous** coreness by MINRES (Boyd, Fitzgerald, Mahutga &
  Smith 2010, *Social Networks* 32: 125-137): minimise ``sum_{i != j} (a_ij - c_i c_j)^2``, the
  objective of ``cpnet.MINRES``; :func:`continuous_fit` gives Borgatti & Everett's continuous
  fit, ``corr(a_ij, c_i c_j)``, of any coreness vector.
* :func:`core_periphery_test` — significance of the discrete fit against a degree-preserving
  null (seeded double-edge swaps).
* :func:`core_semicore_periphery` — the three-tier "core - semi-core - periphery" split.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from megaregion.metrics.inference import check_n_permutations, permutation_p_value
from megaregion.metrics.network import _check_matrix, _offdiag, node_tiers

__all__ = [
    "CorePeripheryPartition",
    "MinresCoreness",
    "CorePeripheryTest",
    "be_fit",
    "core_periphery_be",
    "minres_residual",
    "coreness_minres",
    "continuous_fit",
    "core_periphery_test",
    "core_semicore_periphery",
]

_CP_TIES = ("one", "zero", "ignore")


def _prepare(A: Any, directed: bool, weighted: bool) -> np.ndarray:
    M = _offdiag(_check_matrix(A, symmetric=not directed))
    return M if weighted else (M > 0).astype(float)


def _corr(N, Sa, Qa, Sd, Sad):
    """Pearson correlation from sums over N pairs; the ideal pattern d is 0/1 (sum d^2 = Sd)."""
    num = N * Sad - Sa * Sd
    den = (N * Qa - Sa**2) * (N * Sd - Sd**2)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(den > 0, num / np.sqrt(np.where(den > 0, den, 1.0)), np.nan)
    return r


def _block_sums(nc, n, S_cc, S_pp, Q_cc, Q_pp, cp_ties, S_all, Q_all):
    """Correlation sums (N, sum a, sum a^2, sum d, sum ad) over ordered pairs i != j."""
    npp = n - nc
    N_cc = nc * (nc - 1.0)
    N_pp = npp * (npp - 1.0)
    N_all = n * (n - 1.0)
    if cp_ties == "one":
        return N_all, S_all, Q_all, N_all - N_pp, S_all - S_pp
    if cp_ties == "zero":
        return N_all, S_all, Q_all, N_cc, S_cc
    return N_cc + N_pp, S_cc + S_pp, Q_cc + Q_pp, N_cc, S_cc


def _fit_of(X: np.ndarray, core: np.ndarray, cp_ties: str) -> float:
    x = core.astype(float)
    y = 1.0 - x
    X2 = X * X
    n = X.shape[0]
    sums = _block_sums(
        x.sum(), n, x @ X @ x, y @ X @ y, x @ X2 @ x, y @ X2 @ y, cp_ties, X.sum(), X2.sum()
    )
    return float(_corr(*sums))


def be_fit(A: Any, core: Any, cp_ties: str = "one", directed: bool = False, weighted: bool = False) -> float:
    """Borgatti-Everett discrete core-periphery fit of a given partition.

    The Pearson correlation, over all ordered pairs ``i != j``, between the observed ties
    ``a_ij`` (``A > 0``, or the weights if ``weighted``) and the ideal pattern
    ``delta_ij = 1`` if both ``i, j`` are core, ``0`` if both are periphery, and for the mixed
    pairs ``1`` (``cp_ties='one'``, the "core-periphery ties present" model; cpnet's), ``0``
    (``'zero'``) or excluded from the correlation (``'ignore'``, Borgatti & Everett's model
    with the off-diagonal blocks treated as missing). For a symmetric ``A`` this equals the
    correlation over the ``n (n - 1) / 2`` unordered pairs.

    With ``cp_ties='one'``, binary, symmetric ``A`` it equals ``cpnet.BE``'s quality ``Q``
    (checked to 1e-12 on the reference networks). ``nan`` if either vector is constant
    (e.g. all nodes core, or a complete graph).

    Parameters
    ----------
    core : boolean mask of length ``n`` (True = core), or an iterable of core indices.
    directed : ``False`` requires a symmetric ``A``.
    """
    X = _prepare(A, directed, weighted)
    if cp_ties not in _CP_TIES:
        raise ValueError(f"cp_ties must be one of {_CP_TIES}; got {cp_ties!r}")
    return _fit_of(X, _core_mask(core, X.shape[0]), cp_ties)


def _core_mask(core: Any, n: int) -> np.ndarray:
    c = np.asarray(core)
    if c.dtype == bool:
        if c.shape != (n,):
            raise ValueError(f"core mask must have length {n}; got shape {c.shape}")
        return c
    idx = c.astype(int).ravel()
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        raise ValueError(f"core index outside 0..{n - 1}")
    m = np.zeros(n, dtype=bool)
    m[idx] = True
    return m


@dataclass(frozen=True)
class CorePeripheryPartition:
    """Discrete core/periphery partition: ``core[i]`` True for core nodes; ``fit`` is the
    Borgatti-Everett correlation (:func:`be_fit`)."""

    core: np.ndarray
    fit: float

    @property
    def labels(self) -> np.ndarray:
        """``'core'`` / ``'periphery'`` per node."""
        return np.where(self.core, "core", "periphery").astype(object)


def _local_search(X, T, T2, x, cp_ties, S_all, Q_all):
    """Best-improvement single-node flips until no flip raises the fit by more than 1e-12."""
    n = X.shape[0]
    X2 = X * X
    x = x.astype(float).copy()
    while True:
        y = 1.0 - x
        nc = x.sum()
        S_cc, S_pp = x @ X @ x, y @ X @ y
        Q_cc, Q_pp = x @ X2 @ x, y @ X2 @ y
        cur = _corr(*_block_sums(nc, n, S_cc, S_pp, Q_cc, Q_pp, cp_ties, S_all, Q_all))
        tc, tp = T @ x, T @ y
        qc, qp = T2 @ x, T2 @ y
        to_core = x == 0  # flipping periphery -> core
        sgn = np.where(to_core, 1.0, -1.0)
        nS_cc = S_cc + sgn * tc
        nS_pp = S_pp - sgn * tp
        nQ_cc = Q_cc + sgn * qc
        nQ_pp = Q_pp - sgn * qp
        nnc = nc + sgn
        cand = _corr(*_block_sums(nnc, n, nS_cc, nS_pp, nQ_cc, nQ_pp, cp_ties, S_all, Q_all))
        cand = np.where(np.isnan(cand), -np.inf, cand)
        k = int(np.argmax(cand))
        base = -np.inf if np.isnan(cur) else cur
        if cand[k] <= base + 1e-12:
            return x.astype(bool), float(cur)
        x[k] = 1.0 - x[k]


def core_periphery_be(
    A: Any,
    cp_ties: str = "one",
    directed: bool = False,
    weighted: bool = False,
    n_random_starts: int = 20,
    seed: int = 0,
) -> CorePeripheryPartition:
    """Best Borgatti-Everett discrete core/periphery partition (heuristic search).

    Maximises :func:`be_fit` by best-improvement single-node flips (a steepest-ascent local
    search) from several starts: the ``n - 1`` "top-``k`` by degree" partitions
    (``k = 1..n-1``; the 5 best of them are refined) and ``n_random_starts`` random
    partitions drawn with ``numpy.random.default_rng(seed)``. The result is deterministic for
    a given seed. Like ``cpnet.BE`` (a Kernighan-Lin heuristic) it is not guaranteed to find
    the global optimum; on the reference networks its fit is >= cpnet's (the tests check it
    within 1e-9) and the partition equals cpnet's where the optimum is unique.

    Returns a :class:`CorePeripheryPartition`. Raises ValueError for fewer than 3 nodes or a
    graph without ties.
    """
    X = _prepare(A, directed, weighted)
    if cp_ties not in _CP_TIES:
        raise ValueError(f"cp_ties must be one of {_CP_TIES}; got {cp_ties!r}")
    n = X.shape[0]
    if n < 3:
        raise ValueError("core-periphery detection needs at least 3 nodes")
    if not np.any(X > 0):
        raise ValueError("core-periphery detection needs at least one tie; the graph has none")
    T = X + X.T
    T2 = X * X + (X * X).T
    S_all, Q_all = X.sum(), (X * X).sum()
    order = np.argsort(-T.sum(axis=1), kind="stable")
    prefix = []
    for k in range(1, n):
        x = np.zeros(n, dtype=bool)
        x[order[:k]] = True
        f = _fit_of(X, x, cp_ties)
        prefix.append((-np.inf if np.isnan(f) else f, k, x))
    prefix.sort(key=lambda t: (-t[0], t[1]))
    starts = [p[2] for p in prefix[:5]]
    rng = np.random.default_rng(seed)
    for _ in range(n_random_starts):
        starts.append(rng.random(n) < 0.5)
    best_x, best_f = None, -np.inf
    for x0 in starts:
        x, f = _local_search(X, T, T2, x0, cp_ties, S_all, Q_all)
        f_cmp = -np.inf if np.isnan(f) else f
        if best_x is None or f_cmp > best_f + 1e-12:
            best_x, best_f = x, f_cmp
    return CorePeripheryPartition(best_x, float(best_f))


# --------------------------------------------------------------------------------------------
# continuous coreness
# --------------------------------------------------------------------------------------------


def minres_residual(A: Any, coreness: Any) -> float:
    """MINRES loss ``sum_{i != j} (a_ij - c_i c_j)^2`` (Boyd et al. 2010), diagonal excluded.

    (``cpnet.MINRES._score`` reports ``sum a^2 - 2 c'Ac + ||c||^2 (||c||^2 - 1)``, which is not
    this sum unless ``sum c_i^4 = ||c||^2``; compare coreness vectors, not those scores.)
    """
    M = _offdiag(_check_matrix(A))
    c = np.asarray(coreness, dtype=float).ravel()
    R = M - np.outer(c, c)
    np.fill_diagonal(R, 0.0)
    return float(np.sum(R * R))


@dataclass(frozen=True)
class MinresCoreness:
    """Continuous coreness ``c`` (>= 0), its MINRES residual, the number of sweeps, the max
    norm of the gradient ``A c - (||c||^2 - c^2) c`` at ``c`` (about 0 at convergence) and
    whether the sweeps converged within ``max_iter``."""

    coreness: np.ndarray
    residual: float
    iterations: int
    gradient_norm: float
    converged: bool


def coreness_minres(
    A: Any, weighted: bool = False, tol: float = 1e-13, max_iter: int = 10_000, method: str = "auto"
) -> MinresCoreness:
    """Continuous coreness by MINRES (Boyd, Fitzgerald, Mahutga & Smith 2010).

    Minimises ``f(c) = sum_{i != j} (a_ij - c_i c_j)^2`` over a symmetric ``A`` (binary ties
    ``A > 0`` unless ``weighted``). Solved by exact coordinate descent (Gauss-Seidel):
    ``f`` is quadratic in each ``c_i``, minimised at
    ``c_i = sum_{j != i} a_ij c_j / sum_{j != i} c_j^2``, so each update lowers ``f``; the
    start is the principal eigenvector of ``A`` scaled by ``sqrt(lambda_max)``. Sweeps stop
    when no coordinate moves by more than ``tol``. At the solution
    ``A c = (||c||^2 - c^2) * c`` holds (the stationarity condition whose residual is the
    gradient ``cpnet.MINRES`` follows with ADAM); ``cpnet.MINRES`` stops at a relative step of
    1e-2, so its coreness agrees with this one only to about 1e-2 (see the tests).

    Degenerate graphs where the infimum is not attained (a star: the hub's coreness grows
    without bound while the leaves' shrink to 0) stop at ``max_iter`` with
    ``converged=False``.

    Directed input is refused (symmetrise first, e.g. ``A + A.T``). Raises ValueError for a
    graph with no tie.

    ``A`` may be dense or a ``scipy.sparse`` matrix. ``method``: ``'dense'`` (the sweeps
    above on a dense matrix), ``'sparse'`` (start from ARPACK's principal eigenvector, then
    vectorised coordinate-minimiser steps with an exact line search,
    :func:`megaregion.metrics.sparse_network.minres_sparse`, ``O(n + L)`` per step, no dense
    ``n x n``; the same coreness to 1e-8 on the reference networks) or ``'auto'`` (default):
    dense up to :data:`megaregion.metrics.network.SPARSE_THRESHOLD` nodes, sparse above.
    ``iterations`` counts sweeps (dense) or steps (sparse).
    """
    from scipy.sparse import issparse

    from megaregion.metrics.network import _graph, _principal_sparse, _use_sparse

    if not issparse(A):
        A = np.asarray(A, dtype=float)
    if _use_sparse(A.shape[0] if A.ndim >= 1 else 0, method):
        from megaregion.metrics.sparse_network import minres_sparse

        S = _graph(A, symmetric=True, weighted=weighted)
        if S.nnz == 0:
            raise ValueError("coreness needs at least one tie; the graph has none")
        lam, v = _principal_sparse(S)
        r = minres_sparse(S, v * np.sqrt(max(lam, 0.0)), tol=tol, max_iter=max_iter)
        return MinresCoreness(r.coreness, r.residual, r.iterations, r.gradient_norm, r.converged)
    X = _prepare(A.toarray() if issparse(A) else A, directed=False, weighted=weighted)
    n = X.shape[0]
    if not np.any(X > 0):
        raise ValueError("coreness needs at least one tie; the graph has none")
    vals, vecs = np.linalg.eigh(X)
    c = np.abs(vecs[:, -1]) * np.sqrt(max(vals[-1], 0.0))
    ss = float(c @ c)
    it = 0
    converged = False
    for it in range(1, max_iter + 1):
        delta = 0.0
        for i in range(n):
            old = c[i]
            denom = ss - old * old
            new = float(X[i] @ c) / denom if denom > 0 else 0.0
            # X[i, i] == 0, so X[i] @ c excludes c_i itself
            new = max(new, 0.0)
            c[i] = new
            ss += new * new - old * old
            delta = max(delta, abs(new - old))
        ss = float(c @ c)
        if delta <= tol:
            converged = True
            break
    grad = X @ c - (ss - c * c) * c
    return MinresCoreness(c, minres_residual(X, c), it, float(np.max(np.abs(grad))), converged)


def continuous_fit(A: Any, coreness: Any, directed: bool = False, weighted: bool = True) -> float:
    """Borgatti & Everett's (2000) continuous core-periphery fit.

    The Pearson correlation over ordered pairs ``i != j`` between ``a_ij`` (weights, or ties
    ``A > 0`` if ``weighted=False``) and ``c_i c_j``. Scale-free in ``c``; ``nan`` if either
    side is constant.
    """
    X = _prepare(A, directed, weighted)
    c = np.asarray(coreness, dtype=float).ravel()
    if c.shape != (X.shape[0],):
        raise ValueError(f"coreness must have length {X.shape[0]}")
    P = np.outer(c, c)
    off = ~np.eye(X.shape[0], dtype=bool)
    a, p = X[off], P[off]
    if a.std() == 0 or p.std() == 0:
        return float("nan")
    return float(np.corrcoef(a, p)[0, 1])


# --------------------------------------------------------------------------------------------
# significance
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorePeripheryTest:
    """Observed fit, permutation p-value and the null fits."""

    fit: float
    p_value: float
    null_fits: np.ndarray
    partition: CorePeripheryPartition


def _rewire(B: np.ndarray, directed: bool, n_swaps: int, rng: np.random.Generator) -> np.ndarray:
    """Degree-preserving double-edge swaps (Maslov & Sneppen 2002) on a binary graph.

    Directed: arcs (a->b, c->d) become (a->d, c->b), keeping every in- and out-degree.
    Undirected: edges {a,b}, {c,d} become {a,d}, {c,b}. Swaps that would create a self-loop or
    a multi-edge are rejected (the attempt still counts)."""
    B = B.astype(bool).copy()
    if directed:
        src, dst = np.nonzero(B)
    else:
        src, dst = np.nonzero(np.triu(B, 1))
    m = src.size
    if m < 2:
        return B.astype(float)
    pairs = rng.integers(0, m, size=(n_swaps, 2))
    flips = rng.random(n_swaps) < 0.5
    for (e1, e2), flip in zip(pairs, flips):
        if e1 == e2:
            continue
        a, b, c, d = src[e1], dst[e1], src[e2], dst[e2]
        if not directed and flip:
            c, d = d, c
        if a == d or c == b or B[a, d] or B[c, b]:
            continue
        B[a, b] = B[c, d] = False
        B[a, d] = B[c, b] = True
        if not directed:
            B[b, a] = B[d, c] = False
            B[d, a] = B[b, c] = True
        src[e1], dst[e1], src[e2], dst[e2] = a, d, c, b
    return B.astype(float)


def core_periphery_test(
    A: Any,
    n_permutations: int = 1000,
    cp_ties: str = "one",
    directed: bool = False,
    seed: int = 0,
    swaps_per_edge: int = 10,
    n_random_starts: int = 5,
) -> CorePeripheryTest:
    """Permutation test of the discrete Borgatti-Everett core-periphery fit.

    Null model: random graphs with the **same degree sequence** (in- and out-degrees when
    ``directed``), each made from the observed binary graph by ``swaps_per_edge * m``
    attempted double-edge swaps (Maslov & Sneppen 2002; rejected swaps count), with
    ``numpy.random.default_rng(seed)``. For each null graph the best fit is searched exactly as
    for the observed one (:func:`core_periphery_be`, ``n_random_starts`` random starts plus
    degree starts). ``p_value = (b + 1) / (R + 1)`` with ``b`` the null graphs (of
    ``R = n_permutations``) whose best fit is >= the observed fit (minus 1e-12): the
    observed graph counts as one draw of the null (Phipson & Smyth 2010), so the p-value is
    never below ``1 / (R + 1)``. ``n_permutations`` must be at least 1 (ValueError
    otherwise). Binary ties only.

    The question this null answers is whether the core-periphery pattern goes *beyond* what
    the degree sequence implies (Kojaku & Masuda 2018, *New J. Phys.* 20: 043012). A core
    that is simply "the best-connected cities tied to everyone" is implied by the degrees and
    is not significant here (p near 1), however high its fit.
    """
    n_permutations = check_n_permutations(n_permutations, "n_permutations")
    X = _prepare(A, directed, weighted=False)
    obs = core_periphery_be(X, cp_ties=cp_ties, directed=directed, seed=seed, n_random_starts=n_random_starts)
    rng = np.random.default_rng(seed)
    m = int(X.sum() if directed else X.sum() / 2)
    null = np.empty(n_permutations)
    for r in range(n_permutations):
        Br = _rewire(X, directed, swaps_per_edge * m, rng)
        null[r] = core_periphery_be(
            Br, cp_ties=cp_ties, directed=directed, seed=seed + r + 1, n_random_starts=n_random_starts
        ).fit
    p = float(permutation_p_value(np.sum(null >= obs.fit - 1e-12), n_permutations))
    return CorePeripheryTest(obs.fit, p, null, obs)


# --------------------------------------------------------------------------------------------
# three tiers
# --------------------------------------------------------------------------------------------


def core_semicore_periphery(
    coreness: Any,
    method: str = "jenks",
    thresholds: tuple[float, float] = (1 / 3, 2 / 3),
) -> np.ndarray:
    """Split nodes into ``'periphery'``, ``'semi-core'`` and ``'core'`` by their coreness.

    * ``method='jenks'`` (default): Jenks natural breaks with k = 3 on the coreness
      (:func:`megaregion.metrics.network.node_tiers`, Fisher's exact algorithm,
      deterministic): the top class is the core, the middle one the semi-core.
    * ``method='thresholds'``: with ``c* = c / max(c)`` (coreness scaled to max 1), a node is
      core if ``c* >= thresholds[1]``, semi-core if ``thresholds[0] <= c* < thresholds[1]``,
      periphery otherwise. Defaults: thirds of the maximum.

    Returns an object array of labels.
    """
    c = np.asarray(coreness, dtype=float).ravel()
    if c.size == 0 or not np.all(np.isfinite(c)):
        raise ValueError("coreness must be a non-empty vector of finite numbers")
    if method == "jenks":
        return node_tiers(c, method="jenks", k=3, labels=("periphery", "semi-core", "core")).labels
    if method == "thresholds":
        lo, hi = thresholds
        if not 0 <= lo <= hi <= 1:
            raise ValueError(f"thresholds must satisfy 0 <= low <= high <= 1; got {thresholds}")
        if c.max() <= 0:
            raise ValueError("coreness has no positive value")
        s = c / c.max()
        return np.where(s >= hi, "core", np.where(s >= lo, "semi-core", "periphery")).astype(object)
    raise ValueError(f"method must be 'jenks' or 'thresholds'; got {method!r}")
