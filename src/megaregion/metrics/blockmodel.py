"""Block models of a city network: CONCOR, structural equivalence, densities, images, positions.

Pure kernels: an ``n x n`` tie matrix in (rows = sender, columns = receiver; the diagonal,
flows within a city, is never a tie), arrays and small records out.

Contents
--------
* :func:`concor` — CONvergence of iterated CORrelations (Breiger, Boorman & Arabie 1975;
  White, Boorman & Breiger 1976; Wasserman & Faust 1994, ch. 9): the columns of the stacked
  profile matrix ``[A; A^T]`` are correlated, the correlation matrix is correlated again until
  every entry is +1 or -1, the nodes are split by sign, and each half is split again.
* :func:`profile_distance` and :func:`structural_equivalence` — structural-equivalence
  dissimilarity of the nodes' tie profiles (Euclidean distance, Burt 1976, or 1 - Pearson
  correlation; Wasserman & Faust 1994, ch. 9) and hierarchical clustering of it
  (``scipy.cluster.hierarchy``) cut to ``k`` blocks.
* :func:`block_densities` and :func:`image_matrix` — the density table of a partition and its
  image by the alpha-density criterion (Wasserman & Faust 1994, ch. 10; Arabie, Boorman & Levitt
  1978), the cut-off being the whole network's density by default.
* :func:`positions` — the four position classes core, semi-core, semi-periphery and periphery
  from the density table (the rule is documented there and in docs/blocks.md), and Burt's
  (1976) roles isolate, primary, sycophant and broker (Wasserman & Faust 1994, ch. 10).

Peers: CONCOR is checked against the R package ``concorR`` (Suda, Traxler & Wolf), profile
distances and block densities against R ``sna`` (``sedist``, ``blockmodel``), on the Krackhardt
(1987) high-tech managers networks (tests/reference/make_blockmodel_reference.R).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

__all__ = [
    "ConcorSplit",
    "ConcorResult",
    "StructuralEquivalence",
    "Positions",
    "POSITION_CLASSES",
    "BURT_ROLES",
    "concor",
    "profile_distance",
    "structural_equivalence",
    "block_densities",
    "network_density",
    "image_matrix",
    "positions",
]

#: The four position classes, from the best-connected block to the least.
POSITION_CLASSES = ("core", "semi-core", "semi-periphery", "periphery")
#: Burt's (1976) position roles (Wasserman & Faust 1994, ch. 10).
BURT_ROLES = ("isolate", "primary", "sycophant", "broker")


def _stack(A: Any) -> np.ndarray:
    """One relation (``n x n``) or several (``r x n x n``) as a float array ``r x n x n``."""
    M = np.asarray(A, dtype=float)
    if M.ndim == 2:
        M = M[None]
    if M.ndim != 3 or M.shape[1] != M.shape[2]:
        raise ValueError(f"expected an n x n matrix or r x n x n relations, got shape {np.shape(A)}")
    if not np.isfinite(M).all():
        raise ValueError("tie values must be finite (write unknown ties as 0 only where they are absent)")
    if (M < 0).any():
        raise ValueError("tie values must be non-negative")
    return M


def _profiles(R: np.ndarray, directed: bool, self_ties: bool) -> np.ndarray:
    """Stacked profile matrix: for each relation the rows of ``A`` (ties received, one row per
    sender) and, when ``directed``, of ``A^T`` (ties sent); column ``i`` is node ``i``'s
    profile. The diagonal cells are NaN unless ``self_ties``."""
    parts = []
    for M in R:
        M = M.copy()
        if not self_ties:
            np.fill_diagonal(M, np.nan)
        parts.append(M)
        if directed:
            parts.append(M.T.copy())
    return np.vstack(parts)


def _corr_pair(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation over the rows where both are known (pairwise deletion, as R
    ``cor(use="pairwise.complete.obs")``). Identical vectors correlate 1; otherwise a constant
    vector (no variance) gives NaN, as in R."""
    ok = np.isfinite(x) & np.isfinite(y)
    a, b = x[ok], y[ok]
    if a.size == 0 or np.array_equal(a, b):
        return 1.0
    da, db = a - a.mean(), b - b.mean()
    sa, sb = np.sqrt((da * da).sum()), np.sqrt((db * db).sum())
    if sa == 0 or sb == 0:
        return float("nan")
    return float(np.clip((da * db).sum() / (sa * sb), -1.0, 1.0))


def _corr_columns(X: np.ndarray) -> np.ndarray:
    """Correlation matrix of the columns of ``X`` (pairwise complete where ``X`` has NaN)."""
    m = X.shape[1]
    if not np.isnan(X).any():
        D = X - X.mean(axis=0)
        s = np.sqrt((D * D).sum(axis=0))
        if (s > 0).all():
            C = np.clip((D.T @ D) / np.outer(s, s), -1.0, 1.0)
            np.fill_diagonal(C, 1.0)
            return C
    C = np.eye(m)
    for i in range(m):
        for j in range(i + 1, m):
            C[i, j] = C[j, i] = _corr_pair(X[:, i], X[:, j])
    return C


def _converged(C: np.ndarray, tol: float) -> bool:
    """Every defined correlation within ``tol`` of +1 or -1 (undefined ones are skipped, as
    ``concorR`` does)."""
    return bool((np.abs(C[np.isfinite(C)]) >= 1 - tol).all())


@dataclass(frozen=True)
class ConcorSplit:
    """One CONCOR split: the nodes of a block and the two halves they were split into."""

    depth: int
    nodes: tuple[int, ...]
    left: tuple[int, ...]   # the half holding the block's lowest-numbered node
    right: tuple[int, ...]  # empty where the block did not split (identical profiles)
    iterations: int
    converged: bool


@dataclass(frozen=True)
class ConcorResult:
    """A CONCOR partition.

    ``partition[i]`` is node ``i``'s block, ``0..n_blocks-1``, blocks numbered in the order of
    the leaves of the split tree (each block's lowest-numbered node on the left), isolates (no
    tie in any relation) last; ``splits`` lists every split, breadth first."""

    partition: np.ndarray
    splits: list[ConcorSplit] = field(default_factory=list)
    isolates: tuple[int, ...] = ()

    @property
    def n_blocks(self) -> int:
        return int(self.partition.max()) + 1 if self.partition.size else 0


def _concor_split(X: np.ndarray, nodes: list[int], max_iter: int, tol: float):
    """Split ``nodes`` (columns of the stacked profile matrix ``X``) into two by CONCOR."""
    C = _corr_columns(X[:, nodes])
    if (C >= 1 - tol).all():  # identical profiles: nothing to split
        return list(nodes), [], 0, True
    it, converged = 0, _converged(C, tol)
    while not converged and it < max_iter:
        C = _corr_columns(C)
        it += 1
        converged = _converged(C, tol)
    with np.errstate(invalid="ignore"):
        first = C[:, 0] > 0
    left = [v for v, f in zip(nodes, first) if f]
    right = [v for v, f in zip(nodes, first) if not f]
    return left, right, it, converged


def concor(A: Any, n_splits: int = 2, *, directed: bool = True, self_ties: bool = False,
           max_iter: int = 50, tol: float = 1e-7) -> ConcorResult:
    """CONCOR block model: iterated correlations of the nodes' tie profiles, split by sign.

    Parameters
    ----------
    A : array (n, n) or (r, n, n)
        Tie values (binary or valued, non-negative); several relations are stacked, as in
        Breiger, Boorman & Arabie (1975).
    n_splits : int
        Rounds of splitting (the depth of the split tree): up to ``2**n_splits`` blocks. A block
        of one node, or whose nodes have identical profiles, is not split further.
    directed : bool
        True: a node's profile is its column of ``A`` (ties received) stacked on its row (ties
        sent), as UCINET and ``concorR`` do; False: the column of the symmetric ``A`` alone
        (stacking ``A^T`` would repeat it and leave every correlation unchanged).
    self_ties : bool
        False (default): the diagonal is missing, so the first correlation of nodes ``i`` and
        ``j`` is over the cells of the other nodes (pairwise deletion, as ``concorR``).
    max_iter, tol : int, float
        Iterate until every correlation is within ``tol`` of +1 or -1 (``concorR``: cut-off
        0.9999999, 50 iterations), or ``max_iter`` iterations (the split records whether it
        converged; the signs are then those of the last iteration).

    Returns
    -------
    ConcorResult
        The partition, the split tree and the isolates.

    Notes
    -----
    Step 1 correlates every pair of columns of the stacked matrix ``X = [A_1; A_1^T; ...]``:
    ``C^(1)_ij = corr(X_.i, X_.j)`` over the rows where both are known. Step ``t + 1`` correlates
    the columns of ``C^(t)``. The iteration converges to a matrix of +1 and -1 (Breiger et al.
    1975; Schwartz 1977 discusses why), which splits the nodes in two: those correlating +1 with
    the block's first node and the rest. Each half is split again from step 1 on the columns of
    ``X`` of its own nodes (every row kept: ties to all nodes define the profile).

    Where a correlation is undefined: identical profiles correlate 1 (so structurally
    equivalent nodes always share a block); a constant profile and a different one give a
    missing correlation, left out pairwise in the next iteration (R ``cor(use=
    "pairwise.complete.obs")``, as ``concorR``); a node still missing against the block's first
    node at the end joins the second half. Isolates (no tie sent or received in any relation) have no profile; they are
    removed before the first split (their rows too) and returned as one last block, as
    ``concorR`` does.

    The partition is deterministic; relabelling the nodes permutes it (block numbers follow the
    lowest-numbered node of each block).

    References
    ----------
    Breiger, R. L., Boorman, S. A. & Arabie, P. (1975). An algorithm for clustering relational
    data with applications to social network analysis and comparison with multidimensional
    scaling. *Journal of Mathematical Psychology* 12: 328-383.
    White, H. C., Boorman, S. A. & Breiger, R. L. (1976). Social structure from multiple
    networks. I. Blockmodels of roles and positions. *American Journal of Sociology* 81: 730-780.
    Wasserman, S. & Faust, K. (1994). *Social Network Analysis*, ch. 9. Cambridge UP.
    Suda, T., Traxler, A. & Wolf, S. ``concorR``: CONCOR and supplemental functions (R package).
    """
    if n_splits < 1:
        raise ValueError("n_splits must be at least 1")
    R = _stack(A)
    n = R.shape[1]
    if directed is False and not all(np.allclose(M, M.T) for M in R):
        raise ValueError("directed=False needs a symmetric matrix")
    off = R.copy()
    for M in off:
        np.fill_diagonal(M, 0.0)
    has_tie = (off.sum(axis=(0, 1)) + off.sum(axis=(0, 2))) > 0
    active = np.flatnonzero(has_tie)
    isolates = tuple(int(i) for i in np.flatnonzero(~has_tie))
    partition = np.full(n, -1, dtype=int)
    splits: list[ConcorSplit] = []
    blocks: list[list[int]] = [list(range(active.size))] if active.size else []
    if active.size:
        X = _profiles(R[:, active][:, :, active], directed, self_ties)
        for depth in range(1, n_splits + 1):
            nxt = []
            for b in blocks:
                if len(b) < 2:
                    nxt.append(b)
                    continue
                left, right, it, conv = _concor_split(X, b, max_iter, tol)
                splits.append(ConcorSplit(depth, tuple(int(active[v]) for v in b),
                                          tuple(int(active[v]) for v in left),
                                          tuple(int(active[v]) for v in right), it, conv))
                nxt.extend([left, right] if right else [left])
            blocks = nxt
    for k, b in enumerate(blocks):
        partition[active[b]] = k
    if isolates:
        partition[list(isolates)] = len(blocks)
    return ConcorResult(partition, splits, isolates)


def profile_distance(A: Any, *, directed: bool = True, metric: str = "euclidean") -> np.ndarray:
    """Structural-equivalence dissimilarity of every pair of nodes.

    Parameters
    ----------
    A : array (n, n) or (r, n, n)
        Tie values; several relations are compared jointly.
    directed : bool
        True: profiles are rows (ties sent) and columns (ties received); False: rows only
        (``A`` symmetric).
    metric : ``"euclidean"`` or ``"correlation"``

    Returns
    -------
    ndarray (n, n)
        Symmetric, zero diagonal.

    Notes
    -----
    Euclidean distance (Burt 1976; Wasserman & Faust 1994, ch. 9):

    ``d_ij = sqrt( sum_{k != i, j} [ (x_ik - x_jk)^2 + (x_ki - x_kj)^2 ] )``

    summed over the relations; the pair's own cells (``x_ij``, ``x_ji``) and the diagonal are
    left out, as R ``sna::sedist(method="euclidean", diag=FALSE)`` and UCINET do. Structurally
    equivalent nodes have ``d_ij = 0``.
    ``"correlation"``: ``1 - r_ij`` with ``r_ij`` the Pearson correlation of the two profiles
    over the same cells (Wasserman & Faust 1994, ch. 9); in ``[0, 2]``. Identical profiles
    have 0, a constant profile has 1 with any other (no correlation: R ``sna`` gives NA).

    References
    ----------
    Burt, R. S. (1976). Positions in networks. *Social Forces* 55: 93-122.
    Wasserman, S. & Faust, K. (1994). *Social Network Analysis*, ch. 9. Cambridge UP.
    """
    if metric not in ("euclidean", "correlation"):
        raise ValueError(f"metric must be euclidean or correlation, got {metric!r}")
    R = _stack(A)
    n = R.shape[1]
    if directed is False and not all(np.allclose(M, M.T) for M in R):
        raise ValueError("directed=False needs a symmetric matrix")
    D = np.zeros((n, n))
    keep = np.ones(n, dtype=bool)
    for i in range(n):
        for j in range(i + 1, n):
            keep[:] = True
            keep[[i, j]] = False
            xi = np.concatenate([np.concatenate([M[i, keep], M[keep, i]] if directed else [M[i, keep]])
                                 for M in R])
            xj = np.concatenate([np.concatenate([M[j, keep], M[keep, j]] if directed else [M[j, keep]])
                                 for M in R])
            if metric == "euclidean":
                d = float(np.sqrt(((xi - xj) ** 2).sum()))
            else:
                r = _corr_pair(xi, xj)
                d = 1.0 - (0.0 if np.isnan(r) else r)
            D[i, j] = D[j, i] = d
    return D


@dataclass(frozen=True)
class StructuralEquivalence:
    """Hierarchical clustering of profile dissimilarities, cut to ``k`` blocks."""

    partition: np.ndarray
    distance: np.ndarray
    linkage: np.ndarray
    method: str
    metric: str


def structural_equivalence(A: Any, k: int = 4, *, directed: bool = True, metric: str = "euclidean",
                           method: str = "average") -> StructuralEquivalence:
    """Structural-equivalence block model: hierarchical clustering of profile dissimilarity.

    Parameters
    ----------
    A : array (n, n) or (r, n, n)
    k : int
        Blocks wanted; the tree is cut where it has ``k`` clusters (``scipy.cluster.hierarchy.
        fcluster(criterion="maxclust")``, as R ``cutree(k=)``); fewer where merge heights tie.
    directed, metric : see :func:`profile_distance`.
    method : ``"average"`` (UPGMA), ``"complete"``, ``"single"`` or ``"ward"`` (Ward on the
        Euclidean distances, R ``hclust(method="ward.D2")``).

    Returns
    -------
    StructuralEquivalence
        ``partition[i]`` in ``0..k-1``, numbered by the lowest-numbered node of each block.

    References
    ----------
    Wasserman, S. & Faust, K. (1994). *Social Network Analysis*, ch. 9 (hierarchical clustering
    of structural-equivalence measures). Cambridge UP.
    Burt, R. S. (1976). Positions in networks. *Social Forces* 55: 93-122.
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if method not in ("average", "complete", "single", "ward"):
        raise ValueError(f"method must be average, complete, single or ward, got {method!r}")
    D = profile_distance(A, directed=directed, metric=metric)
    n = D.shape[0]
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and the number of nodes ({n}), got {k}")
    if n == 1:
        return StructuralEquivalence(np.zeros(1, dtype=int), D, np.zeros((0, 4)), method, metric)
    Z = linkage(squareform(D, checks=False), method=method)
    raw = fcluster(Z, t=k, criterion="maxclust")
    return StructuralEquivalence(_renumber(raw), D, Z, method, metric)


def _renumber(labels: Sequence) -> np.ndarray:
    """Block numbers 0, 1, ... in the order of each block's lowest-numbered node."""
    seen: dict = {}
    return np.array([seen.setdefault(x, len(seen)) for x in labels], dtype=int)


def _check_partition(partition: Any, n: int) -> tuple[np.ndarray, int]:
    p = np.asarray(partition)
    if p.shape != (n,):
        raise ValueError(f"partition must have one block per node ({n}), got shape {p.shape}")
    if p.size and (p.min() < 0 or not np.issubdtype(p.dtype, np.integer)):
        raise ValueError("partition must hold block numbers 0, 1, ...")
    return p.astype(int), int(p.max()) + 1 if p.size else 0


def _block_sums(A: Any, partition: Any, valued: bool) -> tuple[np.ndarray, np.ndarray]:
    """Tie sums between blocks (B × B, self-ties excluded; ties as 0/1 unless ``valued``) and
    block sizes."""
    M = _stack(A)[0].copy()
    n = M.shape[0]
    p, B = _check_partition(partition, n)
    T = M if valued else (M > 0).astype(float)
    np.fill_diagonal(T, 0.0)
    onehot = np.zeros((n, B))
    onehot[np.arange(n), p] = 1.0
    return onehot.T @ T @ onehot, onehot.sum(axis=0)


def block_densities(A: Any, partition: Any, *, valued: bool = False) -> np.ndarray:
    """Density table of a partition: the tie density from each block to each block.

    Parameters
    ----------
    A : array (n, n)
        Ties (rows send, columns receive); the diagonal is ignored.
    partition : array (n,) of block numbers ``0..B-1``.
    valued : bool
        False: binary density, the share of the ordered pairs ``(i, j)``, ``i`` in block ``r``,
        ``j`` in block ``s``, ``i != j``, with ``a_ij > 0``. True: the mean tie value over the
        same pairs.

    Returns
    -------
    ndarray (B, B)
        ``D[r, s] = sum_{i in r, j in s, i != j} t_ij / (n_r n_s - [r = s] n_r)`` with
        ``t_ij = 1[a_ij > 0]`` (binary) or ``a_ij`` (valued); a diagonal block of one node has
        no pair and density ``nan``.

    Notes
    -----
    Wasserman & Faust (1994, ch. 10): the density table of a blockmodel; the diagonal blocks
    exclude self-ties. Matches R ``sna::blockmodel(rule="density", diag=FALSE)``.

    References
    ----------
    Wasserman, S. & Faust, K. (1994). *Social Network Analysis*, ch. 10. Cambridge UP.
    """
    sums, sizes = _block_sums(A, partition, valued)
    cells = np.outer(sizes, sizes) - np.diag(sizes)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(cells > 0, sums / np.where(cells > 0, cells, 1.0), np.nan)


def network_density(A: Any, *, valued: bool = False) -> float:
    """Density of the whole network over the ordered pairs ``i != j``: the share of pairs
    with a tie (binary) or the mean tie value (valued); the default alpha of
    :func:`image_matrix` (Wasserman & Faust 1994, ch. 10)."""
    M = _stack(A)[0]
    n = M.shape[0]
    if n < 2:
        return float("nan")
    T = M if valued else (M > 0).astype(float)
    return float((T.sum() - np.trace(T)) / (n * (n - 1)))


def image_matrix(densities: Any, cutoff: float) -> np.ndarray:
    """Image matrix by the alpha-density criterion: ``b_rs = 1`` where ``D[r, s] >= alpha``.

    Parameters
    ----------
    densities : array (B, B) from :func:`block_densities`.
    cutoff : alpha; conventionally the whole network's density (:func:`network_density`), as
        in the Chinese urban-network block models and ``concorR::make_reduced``.

    Returns
    -------
    ndarray (B, B) of 0/1 ints; a block without pairs (``nan``: a one-node diagonal block)
    has image 0 (no tie is possible inside it).

    References
    ----------
    Wasserman, S. & Faust, K. (1994). *Social Network Analysis*, ch. 10 (alpha-density
    criterion). Arabie, P., Boorman, S. A. & Levitt, P. R. (1978). Constructing blockmodels:
    how and why. *Journal of Mathematical Psychology* 17: 21-63.
    """
    D = np.asarray(densities, dtype=float)
    if not np.isfinite(cutoff):
        raise ValueError("the cut-off must be a finite number")
    with np.errstate(invalid="ignore"):
        return (np.nan_to_num(D, nan=-np.inf) >= cutoff).astype(int)


@dataclass(frozen=True)
class Positions:
    """Per block: its position class, Burt role and the densities they rest on."""

    position: np.ndarray          # POSITION_CLASSES, per block
    rank: np.ndarray              # 0 = best-connected block
    incident_density: np.ndarray  # density of all ties touching the block
    internal_density: np.ndarray
    out_density: np.ndarray       # ties sent to the other blocks
    in_density: np.ndarray        # ties received from the other blocks
    burt_role: np.ndarray         # BURT_ROLES, per block
    within_share: np.ndarray      # share of the block's sent ties that stay inside it
    expected_within: np.ndarray   # (n_k - 1) / (n - 1)
    received_outside: np.ndarray  # ties received from the other blocks (count or value)


def _classes(k: int) -> np.ndarray:
    """Class of each rank 0..k-1 among the four: rank r -> round(3 r / (k - 1))."""
    if k == 1:
        return np.array([0])
    return np.floor(np.arange(k) * 3 / (k - 1) + 0.5).astype(int)


def positions(A: Any, partition: Any, *, valued: bool = False) -> Positions:
    """Four position classes (core, semi-core, semi-periphery, periphery) and Burt's roles.

    Parameters
    ----------
    A : array (n, n)
        Ties (rows send); for an undirected network pass the symmetric matrix.
    partition : array (n,) of block numbers.
    valued : bool
        Densities of tie values (True) or of ties ``a_ij > 0`` (False).

    Returns
    -------
    Positions

    Notes
    -----
    **Position classes.** A core block is densely tied inside and with the rest of the
    network, a periphery block sparsely (the ideal core-periphery image, Borgatti & Everett
    1999; Wasserman & Faust 1994, ch. 10). Each block ``k`` is scored by the density of every
    tie that touches it,

    ``rho_k = (T_kk + T_k. + T_.k) / (c_kk + c_k. + c_.k)``,

    ``T_kk`` the ties inside the block (over its ``c_kk = n_k (n_k - 1)`` ordered pairs),
    ``T_k.`` those it sends to the other blocks (``c_k. = n_k (n - n_k)`` pairs) and ``T_.k``
    those it receives (``c_.k = n_k (n - n_k)``); ties count 1 (binary) or their value
    (valued). This is defined for a one-city block, which has no internal pair. Blocks are
    ranked by ``rho_k`` (ties broken by internal density, then block number); rank ``r`` of
    ``B`` blocks gets class ``round(3 r / (B - 1))`` of (core, semi-core, semi-periphery,
    periphery): with four blocks one of each, with two a core and a periphery, with eight two
    blocks per class.

    **Burt's roles** (Burt 1976; Wasserman & Faust 1994, ch. 10): a block's share of its sent
    ties that stay inside, ``T_kk / (T_kk + T_k.)``, set against the share expected without
    structure, ``(n_k - 1) / (n - 1)``, and whether it receives ties from outside
    (``T_.k > 0``): share >= expected and receiving: *primary*; >= expected, not receiving:
    *isolate*; below expected, receiving: *broker*; below, not receiving: *sycophant*.

    References
    ----------
    Borgatti, S. P. & Everett, M. G. (1999). Models of core/periphery structures. *Social
    Networks* 21: 375-395.
    Burt, R. S. (1976). Positions in networks. *Social Forces* 55: 93-122.
    Wasserman, S. & Faust, K. (1994). *Social Network Analysis*, ch. 10. Cambridge UP.
    """
    S, size = _block_sums(A, partition, valued)
    n, B = int(size.sum()), len(size)
    inside = np.diag(S).copy()
    sent = S.sum(axis=1) - inside
    received = S.sum(axis=0) - inside
    c_in = size * (size - 1)
    c_out = size * (n - size)
    with np.errstate(invalid="ignore", divide="ignore"):
        incident = (inside + sent + received) / (c_in + 2 * c_out)
        internal = np.where(c_in > 0, inside / np.where(c_in > 0, c_in, 1), np.nan)
        out_d = np.where(c_out > 0, sent / np.where(c_out > 0, c_out, 1), np.nan)
        in_d = np.where(c_out > 0, received / np.where(c_out > 0, c_out, 1), np.nan)
        within = np.where(inside + sent > 0, inside / np.where(inside + sent > 0, inside + sent, 1), np.nan)
    expected = (size - 1) / (n - 1) if n > 1 else np.zeros(B)
    order = sorted(range(B), key=lambda b: (-np.nan_to_num(incident[b], nan=-1.0),
                                            -np.nan_to_num(internal[b], nan=-1.0), b))
    rank = np.empty(B, dtype=int)
    rank[order] = np.arange(B)
    cls = _classes(B)
    position = np.array([POSITION_CLASSES[cls[r]] for r in rank], dtype=object)
    role = []
    for b in range(B):
        high = bool(np.isfinite(within[b]) and within[b] >= expected[b])
        recv = bool(received[b] > 0)
        role.append(("primary" if recv else "isolate") if high else ("broker" if recv else "sycophant"))
    return Positions(position, rank, incident, internal, out_d, in_d, np.array(role, dtype=object),
                     within, np.asarray(expected, dtype=float), received)
