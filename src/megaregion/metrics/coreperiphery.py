"""Core-periphery structure of a megaregion's city network (Borgatti & Everett 2000).

Pure kernels: an ``n x n`` adjacency matrix in (rows = origin, columns = destination; the
diagonal is ignored), numbers and arrays out. Checks on the input (square, finite,
non-negative, symmetric where required) are those of :mod:`megaregion.metrics.network`.
The discrete model (fit, search, test) also takes any ``scipy.sparse`` matrix and makes no
``n x n`` array from it, nor from a dense input above :data:`DENSE_MAX_NODES` nodes; its
search updates the block sums one moved node at a time and runs its starts (and the test its
null graphs) in worker processes, with results that do not depend on their number.

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
  null (seeded double-edge swaps), optionally stopped early by Besag & Clifford's (1991)
  sequential rule.
* :func:`core_semicore_periphery` — the three-tier "core - semi-core - periphery" split.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

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


#: Above this many nodes a dense input is turned into a sparse matrix before any work, and no
#: ``n x n`` array is made by the discrete model (fit, search, permutation test); at or below it a
#: dense input is checked as a dense matrix (:func:`megaregion.metrics.network._check_matrix`).
DENSE_MAX_NODES = 2000
#: Networks with fewer nodes than this run their permutation test in one process when
#: ``workers`` is left at ``None``: starting worker processes costs more than it saves there.
PARALLEL_MIN_NODES = 300
#: The same for the starts of one search (cheaper tasks than a null graph each; measured in
#: ``benchmarks/bench_coreperiphery.py``: 2 processes pay off from a few thousand nodes).
PARALLEL_MIN_NODES_SEARCH = 5000


def _prepare(A: Any, directed: bool, weighted: bool) -> np.ndarray:
    M = _offdiag(_check_matrix(A, symmetric=not directed))
    return M if weighted else (M > 0).astype(float)


def _check_sparse(A: Any, directed: bool, name: str = "A") -> sp.csr_array:
    """The checks of :func:`megaregion.metrics.network._check_matrix` on a sparse matrix."""
    M = sp.csr_array(A, dtype=float)
    M.sum_duplicates()
    if M.ndim != 2 or M.shape[0] != M.shape[1]:
        raise ValueError(f"{name} must be a square n x n matrix; got shape {M.shape}")
    if M.shape[0] == 0:
        raise ValueError(f"{name} is an empty graph (0 nodes)")
    rows = np.repeat(np.arange(M.shape[0]), np.diff(M.indptr))
    bad = ~np.isfinite(M.data)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{name} has a non-finite weight (NaN or inf) at row {rows[k]}, column {M.indices[k]}")
    if np.any(M.data < 0):
        k = int(np.flatnonzero(M.data < 0)[0])
        raise ValueError(f"{name} has a negative weight {M.data[k]} at row {rows[k]}, column {M.indices[k]}; "
                         "weights must be >= 0")
    if not directed:
        D = abs(M - M.T).tocsr()
        D.eliminate_zeros()
        if D.nnz:
            scale = abs(M).maximum(abs(M.T)).tocsr()
            over = (D - scale * 1e-12).tocsr()
            over.data[over.data <= 0] = 0
            over.eliminate_zeros()
            if over.nnz:
                i, j = int(over.nonzero()[0][0]), int(over.nonzero()[1][0])
                raise ValueError(
                    f"{name} must be symmetric for an undirected graph (directed=False), but "
                    f"A[{i}, {j}] = {M[i, j]} != A[{j}, {i}] = {M[j, i]}; symmetrise it first "
                    "(e.g. A + A.T or A.maximum(A.T))"
                )
    return M


def _prepare_sparse(A: Any, directed: bool, weighted: bool) -> sp.csr_array:
    """``A`` checked, without its diagonal, binary (``A > 0``) unless ``weighted``, as CSR.

    A dense input of at most :data:`DENSE_MAX_NODES` nodes is checked as a dense matrix; a
    sparse one (any ``scipy.sparse`` matrix or array), or a dense one above the threshold, is
    checked entry by entry on its stored values only."""
    if not sp.issparse(A):
        M = np.asarray(A, dtype=float)
        if M.ndim == 2 and M.shape[0] == M.shape[1] and M.shape[0] <= DENSE_MAX_NODES:
            X = sp.csr_array(_prepare(M, directed, weighted))
            X.sort_indices()
            return X
        A = sp.csr_array(M) if M.ndim == 2 else M
    X = _check_sparse(A, directed)
    X.setdiag(0.0)
    X.eliminate_zeros()
    if not weighted:
        X.data = (X.data > 0).astype(float)
    X.sort_indices()
    return X


def _corr(N, Sa, Qa, Sd, Sad):
    """Pearson correlation from sums over N pairs; the ideal pattern d is 0/1 (sum d^2 = Sd)."""
    num = N * Sad - Sa * Sd
    den = (N * Qa - Sa**2) * (N * Sd - Sd**2)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(den > 0, num / np.sqrt(np.where(den > 0, den, 1.0)), np.nan)
    return r


def _corr_scalar(N, Sa, Qa, Sd, Sad) -> float:
    """:func:`_corr` of one partition in Python floats (the same operations, so the same
    rounding as numpy's float64 scalars; much less overhead)."""
    N, Sa, Qa, Sd, Sad = float(N), float(Sa), float(Qa), float(Sd), float(Sad)
    num = N * Sad - Sa * Sd
    den = (N * Qa - Sa**2) * (N * Sd - Sd**2)
    return num / math.sqrt(den) if den > 0 else float("nan")


def _corr_or_minus_inf(N, Sa, Qa, Sd, Sad) -> np.ndarray:
    """:func:`_corr` over vectors of candidate sums, ``-inf`` where it is undefined."""
    num = N * Sad - Sa * Sd
    den = (N * Qa - Sa**2) * (N * Sd - Sd**2)
    ok = den > 0
    return np.where(ok, num / np.sqrt(np.where(ok, den, 1.0)), -np.inf)


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


class _Graph:
    """What the discrete model needs of a network ``X`` (CSR, diagonal removed): ``T = X + X'``
    and ``T2 = X∘X + (X∘X)'`` (one row per node: its ties in both directions), the totals
    ``S_all = sum x_ij`` and ``Q_all = sum x_ij^2``, and ``X`` itself."""

    def __init__(self, X: sp.csr_array, binary: bool):
        self.X = X
        self.n = X.shape[0]
        T = (X + X.T).tocsr()
        T.sort_indices()
        self.T = T
        self.binary = binary
        if binary:
            self.T2 = T
            self.X2 = X
        else:
            X2 = X.multiply(X).tocsr()
            T2 = (X2 + X2.T).tocsr()
            T2.sort_indices()
            self.T2, self.X2 = T2, X2
        self.S_all = X.sum()
        self.Q_all = self.X2.sum()

    def payload(self):
        return (self.X, self.binary)


def _fit_of(X: Any, core: np.ndarray, cp_ties: str) -> float:
    """Borgatti-Everett fit of partition ``core`` on ``X`` (dense or CSR, diagonal zero)."""
    x = core.astype(float)
    y = 1.0 - x
    n = X.shape[0]
    if sp.issparse(X):
        X2 = X.multiply(X)
        sums = (x.sum(), n, x @ (X @ x), y @ (X @ y), x @ (X2 @ x), y @ (X2 @ y), cp_ties, X.sum(), X2.sum())
        return float(_corr(*_block_sums(*sums)))
    X2 = X * X
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
    A : dense array or any ``scipy.sparse`` matrix (no ``n x n`` array is made from a sparse
        one, nor from a dense one above :data:`DENSE_MAX_NODES` nodes).
    core : boolean mask of length ``n`` (True = core), or an iterable of core indices.
    directed : ``False`` requires a symmetric ``A``.
    """
    if cp_ties not in _CP_TIES:
        raise ValueError(f"cp_ties must be one of {_CP_TIES}; got {cp_ties!r}")
    X = _prepare_sparse(A, directed, weighted)
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


class _BlockState:
    """Block sums of a partition, updated one moved node at a time.

    ``tc[i] = sum_j t_ij x_j`` and ``tp[i] = sum_j t_ij (1 - x_j)`` (``t = x + x'``: node
    ``i``'s ties to the core and to the periphery, both directions), ``qc``, ``qp`` the same
    for squared weights, and ``S_cc = x'Xx``, ``S_pp = y'Xy``, ``Q_cc``, ``Q_pp`` (``y = 1 - x``).
    Moving node ``k`` periphery -> core adds ``tc[k]`` to ``S_cc`` and takes ``tp[k]`` from
    ``S_pp`` (``t_kk = 0``), then adds row ``k`` of ``T`` to ``tc`` and takes it from ``tp``:
    ``O(degree of k)`` with the sparse rows, instead of recomputing ``x'Xx`` (``O(m)``, or
    ``O(n^2)`` dense). Core -> periphery is the same with the signs reversed. With integer
    weights (binary ties) every sum is an exact integer, so the updated sums equal the
    recomputed ones exactly."""

    def __init__(self, g: _Graph, x0: np.ndarray, need_q: bool):
        self.g = g
        x = x0.astype(float)
        y = 1.0 - x
        self.x = x
        self.sgn = 1.0 - 2.0 * x  # +1: a move to the core, -1: to the periphery
        self.nc = float(x.sum())
        self.tc, self.tp = g.T @ x, g.T @ y
        self.S_cc, self.S_pp = float(x @ (g.X @ x)), float(y @ (g.X @ y))
        self.need_q = need_q
        if need_q:
            self.qc, self.qp = g.T2 @ x, g.T2 @ y
            self.Q_cc, self.Q_pp = float(x @ (g.X2 @ x)), float(y @ (g.X2 @ y))
        else:
            self.Q_cc = self.Q_pp = 0.0

    def move(self, k: int) -> None:
        g = self.g
        s = self.sgn[k]
        lo, hi = g.T.indptr[k], g.T.indptr[k + 1]
        idx, w = g.T.indices[lo:hi], g.T.data[lo:hi]
        if s > 0:
            self.S_cc += self.tc[k]
            self.S_pp -= self.tp[k]
            self.tc[idx] += w
            self.tp[idx] -= w
        else:
            self.S_cc -= self.tc[k]
            self.S_pp += self.tp[k]
            self.tc[idx] -= w
            self.tp[idx] += w
        if self.need_q:
            lo2, hi2 = g.T2.indptr[k], g.T2.indptr[k + 1]
            idx2, w2 = g.T2.indices[lo2:hi2], g.T2.data[lo2:hi2]
            if s > 0:
                self.Q_cc += self.qc[k]
                self.Q_pp -= self.qp[k]
                self.qc[idx2] += w2
                self.qp[idx2] -= w2
            else:
                self.Q_cc -= self.qc[k]
                self.Q_pp += self.qp[k]
                self.qc[idx2] -= w2
                self.qp[idx2] += w2
        self.nc += s
        self.x[k] = 1.0 - self.x[k]
        self.sgn[k] = -s

    def sums(self):
        return self.nc, self.S_cc, self.S_pp, self.Q_cc, self.Q_pp

    def fit(self, cp_ties: str) -> float:
        g = self.g
        return _corr_scalar(*_block_sums(self.nc, g.n, self.S_cc, self.S_pp, self.Q_cc, self.Q_pp,
                                         cp_ties, g.S_all, g.Q_all))

    def candidates(self, cp_ties: str, idx=None) -> np.ndarray:
        """The fit after moving each node (or the nodes ``idx``), ``-inf`` where undefined:
        the block sums ``S_cc + sgn * tc`` etc. of each move, one vector."""
        g = self.g
        sl = slice(None) if idx is None else idx
        sgn = self.sgn[sl]
        nnc = self.nc + sgn
        nS_cc = self.S_cc + sgn * self.tc[sl] if cp_ties != "one" else None
        nS_pp = self.S_pp - sgn * self.tp[sl] if cp_ties != "zero" else None
        if cp_ties == "ignore":
            nQ_cc, nQ_pp = self.Q_cc + sgn * self.qc[sl], self.Q_pp - sgn * self.qp[sl]
        else:
            nQ_cc = nQ_pp = None
        return _corr_or_minus_inf(*_block_sums(nnc, g.n, nS_cc, nS_pp, nQ_cc, nQ_pp, cp_ties, g.S_all, g.Q_all))


def _local_search(g: _Graph, x0: np.ndarray, cp_ties: str):
    """Best-improvement single-node flips until no flip raises the fit by more than 1e-12.

    Each step evaluates every flip from the block sums (:meth:`_BlockState.candidates`,
    ``O(n)``) and moves the best one with an ``O(degree)`` update (:class:`_BlockState`); ties
    go to the lowest index."""
    st = _BlockState(g, x0, need_q=cp_ties == "ignore")
    while True:
        cur = st.fit(cp_ties)
        cand = st.candidates(cp_ties)
        k = int(np.argmax(cand))
        best = float(cand[k])
        base = -np.inf if np.isnan(cur) else cur
        if best <= base + 1e-12:
            return st.x.astype(bool), float(cur)
        st.move(k)


def _degree_starts(g: _Graph, cp_ties: str, n_best: int = 5) -> list[np.ndarray]:
    """The ``n_best`` best "top-``k`` by degree" partitions, ``k = 1..n-1`` (ties: smaller ``k``).

    All ``n - 1`` fits from running sums in one pass over the ties (``O(m + n log n)``): adding
    node ``v`` (the ``k``-th by degree) to the core adds its ties to the ``k - 1`` nodes before
    it to ``S_cc`` and takes its ties to the nodes after it from ``S_pp``."""
    n = g.n
    deg = np.asarray(g.T.sum(axis=1)).ravel()
    order = np.argsort(-deg, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)

    def running(T):
        rows = np.repeat(np.arange(n), np.diff(T.indptr))
        earlier = rank[T.indices] < rank[rows]
        inc_c = np.bincount(rows[earlier], T.data[earlier], minlength=n)[order]
        inc_p = np.bincount(rows[~earlier], T.data[~earlier], minlength=n)[order]
        return np.cumsum(inc_c)[: n - 1], np.cumsum(inc_p)[: n - 1]

    cc, pp = running(g.T)
    S_cc, S_pp = cc, g.S_all - pp
    if g.binary:
        Q_cc, Q_pp = S_cc, S_pp
    else:
        qc, qp = running(g.T2)
        Q_cc, Q_pp = qc, g.Q_all - qp
    k = np.arange(1, n, dtype=float)
    fits = _corr(*_block_sums(k, n, S_cc, S_pp, Q_cc, Q_pp, cp_ties, g.S_all, g.Q_all))
    fits = np.where(np.isnan(fits), -np.inf, fits)
    best = np.lexsort((k, -fits))[:n_best]
    starts = []
    for b in best:
        x = np.zeros(n, dtype=bool)
        x[order[: int(k[b])]] = True
        starts.append(x)
    return starts


# worker processes: the graph (or the permutation test's base network) is sent once per worker
_WORKER: dict = {}


def _init_worker(payload) -> None:
    _WORKER.clear()
    _WORKER.update(payload)


def _search_task(args):
    x0, cp_ties = args
    g = _WORKER.get("graph")
    if g is None:
        g = _WORKER["graph"] = _Graph(*_WORKER["graph_payload"])
    return _local_search(g, x0, cp_ties)


def _n_workers(workers: int | None, n: int, tasks: int, min_nodes: int) -> int:
    if workers is None:
        if n < min_nodes:
            return 1
        workers = os.cpu_count() or 1
    workers = int(workers)
    if workers < 1:
        raise ValueError(f"workers must be a whole number >= 1 (or None); got {workers!r}")
    return max(1, min(workers, tasks))


def _pool(workers: int, payload: dict) -> ProcessPoolExecutor:
    """Worker processes (forked where the platform can, so nothing is imported again)."""
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                               initargs=(payload,))


def _be_search(g: _Graph, cp_ties: str, seed: int, n_random_starts: int, workers: int | None):
    starts = _degree_starts(g, cp_ties)
    rng = np.random.default_rng(seed)
    for _ in range(n_random_starts):
        starts.append(rng.random(g.n) < 0.5)
    nw = _n_workers(workers, g.n, len(starts), PARALLEL_MIN_NODES_SEARCH)
    if nw == 1:
        results = [_local_search(g, x0, cp_ties) for x0 in starts]
    else:
        with _pool(nw, {"graph_payload": g.payload()}) as ex:
            results = list(ex.map(_search_task, [(x0, cp_ties) for x0 in starts]))
    best_x, best_f = None, -np.inf
    for x, f in results:  # in the order of the starts, whatever the number of workers
        f_cmp = -np.inf if np.isnan(f) else f
        if best_x is None or f_cmp > best_f + 1e-12:
            best_x, best_f = x, f_cmp
    return CorePeripheryPartition(best_x, float(best_f))


def _checked_graph(A: Any, cp_ties: str, directed: bool, weighted: bool) -> _Graph:
    if cp_ties not in _CP_TIES:
        raise ValueError(f"cp_ties must be one of {_CP_TIES}; got {cp_ties!r}")
    X = _prepare_sparse(A, directed, weighted)
    if X.shape[0] < 3:
        raise ValueError("core-periphery detection needs at least 3 nodes")
    if X.nnz == 0:
        raise ValueError("core-periphery detection needs at least one tie; the graph has none")
    return _Graph(X, binary=not weighted)


def core_periphery_be(
    A: Any,
    cp_ties: str = "one",
    directed: bool = False,
    weighted: bool = False,
    n_random_starts: int = 20,
    seed: int = 0,
    workers: int | None = None,
) -> CorePeripheryPartition:
    """Best Borgatti-Everett discrete core/periphery partition (heuristic search).

    Maximises :func:`be_fit` by best-improvement single-node flips (a steepest-ascent local
    search) from several starts: the ``n - 1`` "top-``k`` by degree" partitions
    (``k = 1..n-1``; the 5 best of them are refined) and ``n_random_starts`` random
    partitions drawn with ``numpy.random.default_rng(seed)``. Like ``cpnet.BE`` (a
    Kernighan-Lin heuristic) it is not guaranteed to find the global optimum; on the reference
    networks its fit is >= cpnet's (the tests check it within 1e-9) and the partition equals
    cpnet's where the optimum is unique.

    Each flip updates the block sums by the moved node's ties (``O(degree)``; see
    :class:`_BlockState`) and evaluates all ``n`` possible next flips from them (``O(n)``), so a
    search of ``s`` steps costs ``O(m + s n)`` rather than ``O(s n^2)``. The starts are
    searched in ``workers`` processes (``None``: every core for networks of at least
    :data:`PARALLEL_MIN_NODES_SEARCH` nodes, one process below); the best fit is taken over
    the starts in their fixed order (ties: the earlier start), so the result depends on
    ``seed`` only, not on the number of workers. With binary ties all sums are exact integers and the
    result equals the full recomputation's bit for bit.

    ``A`` may be dense or any ``scipy.sparse`` matrix; no ``n x n`` array is made from a
    sparse input or from a dense one above :data:`DENSE_MAX_NODES` nodes.

    Returns a :class:`CorePeripheryPartition`. Raises ValueError for fewer than 3 nodes or a
    graph without ties.
    """
    g = _checked_graph(A, cp_ties, directed, weighted)
    return _be_search(g, cp_ties, seed, n_random_starts, workers)


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
    """Observed fit, permutation p-value and the null fits.

    ``null_fits`` holds the fits of the null graphs drawn (``n_permutations`` of them);
    ``stopped_early`` is True when the sequential rule (``stop_after``) ended the test before
    the requested number of permutations."""

    fit: float
    p_value: float
    null_fits: np.ndarray
    partition: CorePeripheryPartition
    n_permutations: int = 0
    stopped_early: bool = False


def _edge_list(X: sp.csr_array, directed: bool) -> tuple[np.ndarray, np.ndarray]:
    """Arcs (directed) or edges ``i < j`` (undirected) of a binary CSR matrix, row by row,
    columns ascending: the order of ``np.nonzero`` on the dense matrix (its upper triangle)."""
    X = X.tocsr()
    X.sort_indices()
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    cols = X.indices.astype(np.int64)
    keep = X.data != 0
    if not directed:
        keep &= cols > rows
    return rows[keep].astype(np.int64), cols[keep]


def _rewire_edges(src: np.ndarray, dst: np.ndarray, n: int, directed: bool, n_swaps: int,
                  rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Degree-preserving double-edge swaps on an edge list (the work of :func:`_rewire`).

    Draws exactly what :func:`_rewire` always drew (``n_swaps`` index pairs, then ``n_swaps``
    uniforms; nothing when there are fewer than 2 edges) and accepts the same swaps: the ties
    are kept as a set of ``i * n + j`` keys (``i < j`` when undirected), no ``n x n`` matrix."""
    m = src.size
    if m < 2:
        return src.copy(), dst.copy()
    pairs = rng.integers(0, m, size=(n_swaps, 2))
    flips = rng.random(n_swaps) < 0.5
    S, D = src.tolist(), dst.tolist()
    if directed:
        E = {a * n + b for a, b in zip(S, D)}
    else:
        E = {(a * n + b) if a < b else (b * n + a) for a, b in zip(S, D)}
    for e1, e2, flip in zip(pairs[:, 0].tolist(), pairs[:, 1].tolist(), flips.tolist()):
        if e1 == e2:
            continue
        a, b, c, d = S[e1], D[e1], S[e2], D[e2]
        if directed:
            if a == d or c == b:
                continue
            kad, kcb = a * n + d, c * n + b
            if kad in E or kcb in E:
                continue
            E.discard(a * n + b)
            E.discard(c * n + d)
        else:
            if flip:
                c, d = d, c
            if a == d or c == b:
                continue
            kad = (a * n + d) if a < d else (d * n + a)
            kcb = (c * n + b) if c < b else (b * n + c)
            if kad in E or kcb in E:
                continue
            E.discard((a * n + b) if a < b else (b * n + a))
            E.discard((c * n + d) if c < d else (d * n + c))
        E.add(kad)
        E.add(kcb)
        S[e1], D[e1], S[e2], D[e2] = a, d, c, b
    return np.asarray(S, dtype=np.int64), np.asarray(D, dtype=np.int64)


def _from_edges(src: np.ndarray, dst: np.ndarray, n: int, directed: bool) -> sp.csr_array:
    if not directed:
        src, dst = np.concatenate([src, dst]), np.concatenate([dst, src])
    X = sp.csr_array((np.ones(src.size), (src, dst)), shape=(n, n))
    X.sum_duplicates()
    X.sort_indices()
    return X


def _rewire(B: Any, directed: bool, n_swaps: int, rng: np.random.Generator):
    """Degree-preserving double-edge swaps (Maslov & Sneppen 2002) on a binary graph.

    Directed: arcs (a->b, c->d) become (a->d, c->b), keeping every in- and out-degree.
    Undirected: edges {a,b}, {c,d} become {a,d}, {c,b} (or, on a fair coin, {a,c}, {d,b}).
    Swaps that would create a self-loop or a multi-edge are rejected (the attempt still
    counts). Returns a dense float matrix for a dense ``B``, a CSR matrix for a sparse one."""
    X = sp.csr_array(B, dtype=float)
    X.data = (X.data != 0).astype(float)
    X.eliminate_zeros()
    n = X.shape[0]
    src, dst = _edge_list(X, directed)
    s2, d2 = _rewire_edges(src, dst, n, directed, n_swaps, rng)
    R = _from_edges(s2, d2, n, directed)
    return R if sp.issparse(B) else R.toarray()


def _null_task(args):
    """One null graph: rewire the base network from the given generator state, best fit."""
    r, state = args
    w = _WORKER
    rng = np.random.default_rng()
    rng.bit_generator.state = state
    s2, d2 = _rewire_edges(w["src"], w["dst"], w["n"], w["directed"], w["n_swaps"], rng)
    X = _from_edges(s2, d2, w["n"], w["directed"])
    g = _Graph(X, binary=True)
    return _be_search(g, w["cp_ties"], w["seed"] + r + 1, w["n_random_starts"], workers=1).fit


def core_periphery_test(
    A: Any,
    n_permutations: int = 1000,
    cp_ties: str = "one",
    directed: bool = False,
    seed: int = 0,
    swaps_per_edge: int = 10,
    n_random_starts: int = 5,
    stop_after: int | None = None,
    workers: int | None = None,
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
    otherwise). Binary ties only; ``A`` dense or ``scipy.sparse``.

    The question this null answers is whether the core-periphery pattern goes *beyond* what
    the degree sequence implies (Kojaku & Masuda 2018, *New J. Phys.* 20: 043012). A core
    that is simply "the best-connected cities tied to everyone" is implied by the degrees and
    is not significant here (p near 1), however high its fit.

    Sequential stopping (``stop_after=h``; Besag & Clifford 1991, "Sequential Monte Carlo
    p-values", *Biometrika* 78(2): 301-304): the null graphs are drawn in order and the test
    stops at the ``l``-th when ``h`` of them have reached the observed fit, with
    ``p = h / l``; if fewer than ``h`` of the ``R`` graphs reach it (or the ``h``-th is the
    last one) the full test's ``(b + 1) / (R + 1)`` is reported. A stopped test has
    ``p >= h / R``, and the full test would have given ``p >= (h + 1) / (R + 1)``: with
    ``h >= alpha (R + 1)`` both say "not significant at ``alpha``" (``h = 5`` for
    ``alpha = 0.05``, ``R = 99``). ``n_permutations`` of the result is the number drawn,
    ``stopped_early`` says whether the rule ended the test. ``None`` (default): all ``R``.

    Parallel: the null graphs are drawn in ``workers`` processes (``None``: every core for
    networks of at least :data:`PARALLEL_MIN_NODES` nodes). Each null graph ``r`` starts
    from the generator state the single-process test would have reached (the parent advances
    one generator by the draws of each graph, which do not depend on the swaps accepted) and
    is searched with seed ``seed + r + 1``; the stopping rule reads the graphs in their order.
    So the result is the same for any number of workers.
    """
    n_permutations = check_n_permutations(n_permutations, "n_permutations")
    if stop_after is not None:
        if isinstance(stop_after, bool) or int(stop_after) != stop_after or stop_after < 1:
            raise ValueError(f"stop_after must be a whole number of exceedances >= 1 (or None); got {stop_after!r}")
        stop_after = int(stop_after)
    g = _checked_graph(A, cp_ties, directed, weighted=False)
    obs = _be_search(g, cp_ties, seed, n_random_starts, workers)
    n = g.n
    src, dst = _edge_list(g.X, directed)
    m = int(src.size)
    n_swaps = swaps_per_edge * m
    rng = np.random.default_rng(seed)

    def states(r0, r1):
        out = []
        for r in range(r0, r1):
            out.append((r, rng.bit_generator.state))
            if m >= 2:  # advance by the draws of one null graph (see _rewire_edges)
                rng.integers(0, m, size=(n_swaps, 2))
                rng.random(n_swaps)
        return out

    payload = {"src": src, "dst": dst, "n": n, "directed": directed, "n_swaps": n_swaps,
               "cp_ties": cp_ties, "seed": seed, "n_random_starts": n_random_starts}
    nw = _n_workers(workers, n, n_permutations, PARALLEL_MIN_NODES)
    null: list[float] = []
    exceed = 0
    stopped_at = None
    ex = _pool(nw, payload) if nw > 1 else None
    try:
        if ex is None:
            _init_worker(payload)
        batch = nw if stop_after is not None else n_permutations
        r0 = 0
        while r0 < n_permutations and stopped_at is None:
            r1 = min(n_permutations, r0 + batch)
            tasks = states(r0, r1)
            fits = list(ex.map(_null_task, tasks)) if ex is not None else [_null_task(t) for t in tasks]
            for f in fits:
                null.append(f)
                if f >= obs.fit - 1e-12:
                    exceed += 1
                    if stop_after is not None and exceed >= stop_after:
                        stopped_at = len(null)
                        break
            r0 = r1
    finally:
        if ex is not None:
            ex.shutdown()
        else:
            _WORKER.clear()
    null_arr = np.asarray(null, dtype=float)
    if stopped_at is not None and stopped_at < n_permutations:
        p = stop_after / stopped_at
        return CorePeripheryTest(obs.fit, float(p), null_arr, obs, stopped_at, True)
    p = float(permutation_p_value(np.sum(null_arr >= obs.fit - 1e-12), n_permutations))
    return CorePeripheryTest(obs.fit, p, null_arr, obs, n_permutations, False)


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
