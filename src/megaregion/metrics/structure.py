"""Pure numeric kernels of industrial structure: specialization, concentration, similarity,
diversity and shift-share.

Conventions shared by every function here
-----------------------------------------
Input
    A region × industry matrix: a :class:`pandas.DataFrame` (index = region ids, columns =
    industry codes) or a 2-D :class:`numpy.ndarray`. Vector functions take a
    :class:`pandas.Series` or a 1-D array. Values are non-negative magnitudes (employment,
    establishments, output). Integer input is converted to ``float64``.
Output
    The same kind as the input: labelled pandas objects when pandas came in (a per-region result
    is a Series indexed by region, a per-industry result a Series indexed by industry, a
    per-cell result a DataFrame with the input's labels), plain numpy otherwise.
Negative values
    Always a :class:`ValueError` naming the first offending cell. None of these indices is
    defined for negative magnitudes.
NaN (suppressed / unknown cells)
    A NaN cell is *excluded*: it contributes nothing to any total, and a per-cell result at that
    cell is NaN. Shares are therefore shares *of the observed cells*; impute suppressed cells
    first if that is not what you want. Pass ``nan_policy="raise"`` to get a ValueError instead.
Undefined results
    Where a share or ratio is undefined (an all-zero or all-NaN region row, an industry with no
    employment anywhere, a zero reference) the result is NaN for that region/industry, never a
    silent 0, and no exception is raised: one empty county must not stop a run over 3,000
    counties. The docstring of each function says which entries can be NaN.

These kernels do no I/O and print nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = [
    "location_quotient",
    "binary_rca",
    "krugman_index",
    "krugman_dissimilarity",
    "hoover_index",
    "herfindahl",
    "gini",
    "locational_gini",
    "theil_index",
    "TheilResult",
    "structural_similarity",
    "similarity_matrix",
    "related_unrelated_variety",
    "shift_share",
    "ShiftShareResult",
]

NanPolicy = Literal["omit", "raise"]


# --------------------------------------------------------------------------------------------
# input helpers
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Mat:
    values: np.ndarray  # float64, 2-D, NaN where suppressed
    index: pd.Index | None
    columns: pd.Index | None

    @property
    def labelled(self) -> bool:
        return self.index is not None


def _check_values(arr: np.ndarray, name: str, nan_policy: NanPolicy) -> None:
    if nan_policy not in ("omit", "raise"):
        raise ValueError(f"nan_policy must be 'omit' or 'raise', not {nan_policy!r}")
    nan = np.isnan(arr)
    if nan_policy == "raise" and nan.any():
        pos = tuple(int(i) for i in np.argwhere(nan)[0])
        raise ValueError(f"{name} has NaN (suppressed/unknown) cells, first at position {pos}; "
                         "pass nan_policy='omit' to exclude them")
    neg = arr < 0  # NaN compares False
    if neg.any():
        pos = tuple(int(i) for i in np.argwhere(neg)[0])
        raise ValueError(f"{name} has negative values, first {arr[pos]!r} at position {pos}; "
                         "these indices need non-negative magnitudes (employment, output, ...)")
    if np.isinf(arr).any():
        raise ValueError(f"{name} has infinite values")


def _to_float(values: Any, name: str) -> np.ndarray:
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric: {exc}") from None


def _matrix(X: Any, name: str = "X", nan_policy: NanPolicy = "omit") -> _Mat:
    """Region × industry matrix → float64 array (+ labels when a DataFrame came in)."""
    if isinstance(X, pd.DataFrame):
        arr = _to_float(X.to_numpy(dtype=np.float64, na_value=np.nan), name)
        index, columns = X.index, X.columns
    elif isinstance(X, (pd.Series,)):
        raise ValueError(f"{name} must be a region × industry DataFrame or 2-D array, "
                         "not a Series")
    else:
        arr = _to_float(X, name)
        index = columns = None
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D (regions × industries); got {arr.ndim}-D")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    _check_values(arr, name, nan_policy)
    return _Mat(arr, index, columns)


def _vector(x: Any, name: str = "x", nan_policy: NanPolicy = "omit") -> tuple[np.ndarray, pd.Index | None]:
    if isinstance(x, pd.DataFrame):
        raise ValueError(f"{name} must be a vector (Series or 1-D array), not a DataFrame")
    if isinstance(x, pd.Series):
        arr = _to_float(x.to_numpy(dtype=np.float64, na_value=np.nan), name)
        index = x.index
    else:
        arr = _to_float(x, name)
        index = None
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D; got {arr.ndim}-D")
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    _check_values(arr, name, nan_policy)
    return arr, index


def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den with NaN (not inf, no warning) wherever den == 0 or either side is NaN."""
    num, den = np.broadcast_arrays(np.asarray(num, dtype=np.float64),
                                   np.asarray(den, dtype=np.float64))
    out = np.full(num.shape, np.nan)
    ok = (den != 0) & ~np.isnan(den) & ~np.isnan(num)
    np.divide(num, den, out=out, where=ok)
    return out


def _xlogx_ratio(p: np.ndarray, q: np.ndarray, log: Callable = np.log) -> np.ndarray:
    """p * log(p / q) with the convention 0 · log 0 = 0 (p == 0 gives 0, not NaN)."""
    out = np.zeros(np.broadcast(p, q).shape)
    p, q = np.broadcast_arrays(p, q)
    pos = p > 0
    out[pos] = p[pos] * log(p[pos] / q[pos])
    out[np.isnan(p) | np.isnan(q)] = np.nan
    return out


def _group_sum(a: np.ndarray, codes: np.ndarray, n_groups: int, axis: int) -> np.ndarray:
    """Sum the rows (axis=0) or columns (axis=1) of ``a`` within groups ``codes`` (0..G-1, each
    group non-empty). Sorting + ``np.add.reduceat``: linear, and much faster than a one-hot
    matrix product on small machines."""
    order = np.argsort(codes, kind="stable")
    c = codes[order]
    starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]])
    if len(starts) != n_groups:
        raise AssertionError("every group must be non-empty")
    taken = np.take(a, order, axis=axis)
    return np.add.reduceat(taken, starts, axis=axis)


def _reference_shares(ref: Any, columns: pd.Index | None, n_cols: int, name: str) -> np.ndarray:
    """Industry shares of a reference (nation): a vector of industry totals or a matrix.

    The denominator is the total over *all* industries of the reference, so a reference that
    covers more industries than X gives national shares, not shares renormalised to X's
    industries.
    """
    if isinstance(ref, pd.DataFrame) or (not isinstance(ref, pd.Series) and np.ndim(ref) == 2):
        m = _matrix(ref, name)
        tot = np.nansum(m.values, axis=0)
        ref = pd.Series(tot, index=m.columns) if m.labelled else tot
    vec, idx = _vector(ref, name)
    total = np.nansum(vec)
    if idx is not None and columns is not None:
        s = pd.Series(vec, index=idx)
        missing = columns.difference(s.index)
        if len(missing):
            raise ValueError(f"{name} lacks industries present in X: {list(missing[:10])}")
        vec = s.reindex(columns).to_numpy(dtype=np.float64)
    elif vec.size != n_cols:
        raise ValueError(f"{name} has {vec.size} industries but X has {n_cols}; pass labelled "
                         "pandas objects to align a larger reference by industry code")
    return _safe_div(vec, np.full_like(vec, total))


def _wrap_rows(values: np.ndarray, m: _Mat, name: str) -> np.ndarray | pd.Series:
    return pd.Series(values, index=m.index, name=name) if m.labelled else values


def _wrap_cols(values: np.ndarray, m: _Mat, name: str) -> np.ndarray | pd.Series:
    return pd.Series(values, index=m.columns, name=name) if m.labelled else values


def _wrap_cells(values: np.ndarray, m: _Mat) -> np.ndarray | pd.DataFrame:
    return pd.DataFrame(values, index=m.index, columns=m.columns) if m.labelled else values


# --------------------------------------------------------------------------------------------
# specialization
# --------------------------------------------------------------------------------------------
def location_quotient(X: Any, reference: Any = None, *, nan_policy: NanPolicy = "omit"):
    r"""Location quotient (Balassa's revealed comparative advantage) of every region-industry cell.

    Formula::

        LQ_ri = (x_ri / Σ_k x_rk) / (R_i / Σ_k R_k)

    with ``R`` = the column sums of ``X`` (the group itself is the reference) or a given
    reference of industry totals (e.g. national employment by industry).

    Parameters
    ----------
    X : DataFrame or 2-D array, region × industry, values ≥ 0.
    reference : None, Series / 1-D array of industry totals, or a region × industry matrix whose
        column sums are used. When labelled, it is aligned by industry code and may cover more
        industries than ``X``; its share denominator is then its total over *all* its
        industries (national shares). Region totals Σ_k x_rk are always taken over ``X``'s
        columns, so pass every industry in ``X``.
    nan_policy : 'omit' (default) or 'raise'. With 'omit' NaN cells are left out of every total
        and their LQ is NaN.

    Returns
    -------
    DataFrame or ndarray of the same shape. NaN where the cell is NaN, where the region total is
    0 (all-zero row) or where the reference share of the industry is 0.

    References
    ----------
    Balassa, B. (1965) Trade liberalisation and "revealed" comparative advantage. *The
    Manchester School* 33(2): 99-123. Peer implementation: EconGeo (R), ``location_quotient``
    (P.-A. Balland), same formula with the group as reference.
    """
    m = _matrix(X, "X", nan_policy)
    x = m.values
    row = np.nansum(x, axis=1, keepdims=True)
    if reference is None:
        ref_share = _safe_div(np.nansum(x, axis=0), np.full(x.shape[1], np.nansum(x)))
    else:
        ref_share = _reference_shares(reference, m.columns, x.shape[1], "reference")
    lq = _safe_div(_safe_div(x, row), ref_share[None, :])
    return _wrap_cells(lq, m)


def binary_rca(X: Any, threshold: float = 1.0, reference: Any = None, *,
               nan_policy: NanPolicy = "omit"):
    """Binary revealed comparative advantage: ``M_ri = 1 if LQ_ri ≥ threshold else 0``.

    Parameters
    ----------
    X, reference, nan_policy : as in :func:`location_quotient`.
    threshold : LQ cut-off, default 1 (Hidalgo & Hausmann 2009; EconGeo ``rca(binary=TRUE)``).

    Returns
    -------
    Float DataFrame/ndarray of 0.0 / 1.0, NaN where the LQ is NaN (undefined cells stay
    undefined rather than becoming "no advantage").

    References
    ----------
    Hidalgo, C. A. & Hausmann, R. (2009) The building blocks of economic complexity. *PNAS*
    106(26): 10570-10575.
    """
    lq = location_quotient(X, reference, nan_policy=nan_policy)
    arr = lq.to_numpy() if isinstance(lq, pd.DataFrame) else lq
    out = np.where(np.isnan(arr), np.nan, (arr >= threshold).astype(np.float64))
    if isinstance(lq, pd.DataFrame):
        return pd.DataFrame(out, index=lq.index, columns=lq.columns)
    return out


def krugman_index(X: Any, versus: Literal["rest", "group"] = "rest", reference: Any = None, *,
                  nan_policy: NanPolicy = "omit"):
    r"""Krugman specialization index of every region.

    Formula (``versus="rest"``, the default)::

        K_r = Σ_i | x_ri / x_r. − (x_.i − x_ri) / (x_.. − x_r.) |

    each region against the *rest* of the regions, as in Midelfart-Knarvik, Overman, Redding &
    Venables (2000) and Krugman (1991, ch. 3). ``versus="group"`` compares with the whole
    group including the region itself, ``Σ_i |x_ri/x_r. − x_.i/x_..|``, which is exactly
    EconGeo's ``krugman_index`` / ``Krugman.index`` (it uses ``colSums(mat)/sum(mat)``; note
    that EconGeo does *not* exclude the region). With ``reference`` given (national industry
    totals or a matrix), ``versus`` is ignored and every region is compared with the reference
    shares.

    Range [0, 2]: 0 = identical structure, 2 = no industry in common.

    Returns
    -------
    Series (by region) or 1-D array. NaN for a region whose total is 0, and with
    ``versus="rest"`` for a region when the rest of the group is empty (a single-region input).

    References
    ----------
    Krugman, P. (1991) *Geography and Trade*. MIT Press. Midelfart-Knarvik, K. H., Overman,
    H. G., Redding, S. J. & Venables, A. J. (2000) *The Location of European Industry*.
    European Commission, Economic Papers 142. EconGeo (R) ``krugman_index``.
    """
    m = _matrix(X, "X", nan_policy)
    x = np.nan_to_num(m.values, nan=0.0)
    obs = ~np.isnan(m.values)
    row = x.sum(axis=1, keepdims=True)
    s = _safe_div(x, row)
    if reference is not None:
        ref = _reference_shares(reference, m.columns, x.shape[1], "reference")[None, :]
    elif versus == "group":
        ref = _safe_div(x.sum(axis=0), np.full(x.shape[1], x.sum()))[None, :]
    elif versus == "rest":
        rest = x.sum(axis=0, keepdims=True) - x
        ref = _safe_div(rest, x.sum() - row)
    else:
        raise ValueError(f"versus must be 'rest' or 'group', not {versus!r}")
    diff = np.abs(s - ref)
    diff = np.where(obs, diff, 0.0)  # suppressed cells excluded from the sum
    k = diff.sum(axis=1)
    undefined = (row[:, 0] == 0) | np.isnan(ref).all(axis=1) | np.isnan(s).all(axis=1)
    if reference is None and versus == "rest":
        undefined |= (x.sum() - row[:, 0]) == 0
    k = np.where(undefined, np.nan, k)
    # a NaN reference share (industry absent from reference) with a region share > 0 is undefined
    bad = np.isnan(ref) & (s > 0)
    k = np.where(bad.any(axis=1), np.nan, k)
    return _wrap_rows(k, m, "krugman_index")


def krugman_dissimilarity(a: Any, b: Any, *, nan_policy: NanPolicy = "omit") -> float:
    r"""Krugman dissimilarity of two industry structures: ``D_ab = Σ_i |s_ai − s_bi|``.

    ``s_a = a / Σa`` and ``s_b = b / Σb`` are industry shares; ``b`` may be a reference structure
    (the nation). Range [0, 2]. With labelled Series the two are aligned by industry code (an
    industry absent from one side counts as 0 there). NaN cells: an industry that is NaN on
    either side is dropped from both before the shares are formed (pairwise complete).

    Returns NaN when either side sums to 0.

    References
    ----------
    Krugman, P. (1991) *Geography and Trade*. MIT Press, ch. 3 (index of regional divergence).
    """
    va, ia = _vector(a, "a", nan_policy)
    vb, ib = _vector(b, "b", nan_policy)
    if ia is not None and ib is not None:
        sa, sb = pd.Series(va, index=ia), pd.Series(vb, index=ib)
        idx = sa.index.union(sb.index)
        both = np.column_stack([sa.reindex(idx, fill_value=0.0).to_numpy(),
                                sb.reindex(idx, fill_value=0.0).to_numpy()])
        va, vb = both[:, 0], both[:, 1]
    elif va.size != vb.size:
        raise ValueError(f"a and b differ in length ({va.size} vs {vb.size})")
    keep = ~(np.isnan(va) | np.isnan(vb))
    va, vb = va[keep], vb[keep]
    ta, tb = va.sum(), vb.sum()
    if ta == 0 or tb == 0:
        return float("nan")
    return float(np.abs(va / ta - vb / tb).sum())


# --------------------------------------------------------------------------------------------
# concentration and inequality
# --------------------------------------------------------------------------------------------
def hoover_index(X: Any, weights: Any = None, *, nan_policy: NanPolicy = "omit"):
    r"""Hoover (1936) coefficient of localization of each industry across regions.

    Formula::

        H_i = ½ Σ_r | x_ri / Σ_s x_si − w_r / Σ_s w_s |

    where ``w`` is the base distribution: ``None`` → equal weights (EconGeo's default when
    ``pop`` is missing), ``"total"`` → region totals of ``X`` (total employment, the usual
    base), or a vector of region weights (population). 0 = distributed like the base,
    → 1 = all in regions with a negligible base share.

    Matches EconGeo's ``hoover_index`` / ``Hoover.index`` except for scale: EconGeo returns
    ``round(100 · H, 2)``; this returns the unrounded ``H`` in [0, 1]. As in EconGeo, regions
    where the industry or the weight is NaN are dropped before both distributions are
    normalised ("complete cases").

    Parameters
    ----------
    X : region × industry matrix, or a single vector of regional counts (→ a float).
    weights : None, "total", or region weights (Series aligned by region, or array).

    Returns
    -------
    Series by industry (matrix input), 1-D array (2-D ndarray input) or float (vector input).
    NaN for an industry with zero total (or a zero base total).

    References
    ----------
    Hoover, E. M. (1936) The measurement of industrial localization. *Review of Economics and
    Statistics* 18(4): 162-171. EconGeo (R) ``hoover_index`` (Balland).
    """
    vector_in = isinstance(X, pd.Series) or (not isinstance(X, pd.DataFrame) and np.ndim(X) == 1)
    if vector_in:
        v, idx = _vector(X, "X", nan_policy)
        m = _Mat(v[:, None], idx, pd.Index(["x"]) if idx is not None else None)
    else:
        m = _matrix(X, "X", nan_policy)
    x = m.values
    n = x.shape[0]
    if weights is None:
        w = np.ones(n)
    elif isinstance(weights, str):
        if weights != "total":
            raise ValueError(f"weights must be None, 'total' or a vector, not {weights!r}")
        w = np.nansum(x, axis=1)
    else:
        w, widx = _vector(weights, "weights", nan_policy)
        if widx is not None and m.index is not None:
            missing = m.index.difference(widx)
            if len(missing):
                raise ValueError(f"weights lack regions present in X: {list(missing[:10])}")
            w = pd.Series(w, index=widx).reindex(m.index).to_numpy(dtype=np.float64)
        elif w.size != n:
            raise ValueError(f"weights has {w.size} regions but X has {n}")
    ok = ~np.isnan(x) & ~np.isnan(w)[:, None]
    x0 = np.where(ok, x, 0.0)
    w0 = np.where(ok, w[:, None], 0.0)
    sx = _safe_div(x0, x0.sum(axis=0, keepdims=True))
    sw = _safe_div(w0, w0.sum(axis=0, keepdims=True))
    h = 0.5 * np.abs(sx - sw).sum(axis=0)
    h = np.where(np.isnan(sx).any(axis=0) | np.isnan(sw).any(axis=0), np.nan, h)
    if vector_in:
        return float(h[0])
    return _wrap_cols(h, m, "hoover_index")


def herfindahl(X: Any, *, nan_policy: NanPolicy = "omit"):
    r"""Herfindahl-Hirschman index of each region's industry shares: ``HHI_r = Σ_i s_ri²``.

    ``s_ri = x_ri / Σ_k x_rk``. Input may be counts or shares (shares are renormalised, so both
    give the same result). Range [1/n, 1]; 1 = one industry only. Multiply by 10,000 for the
    antitrust scale.

    Returns
    -------
    Series by region / 1-D array (matrix input) or float (vector input). NaN for an all-zero
    (or all-NaN) region. NaN cells are left out of the shares.

    References
    ----------
    Hirschman, A. O. (1964) The paternity of an index. *American Economic Review* 54(5): 761.
    EconGeo (R) ``herfindahl``.
    """
    vector_in = isinstance(X, pd.Series) or (not isinstance(X, pd.DataFrame) and np.ndim(X) == 1)
    if vector_in:
        v, _ = _vector(X, "X", nan_policy)
        t = np.nansum(v)
        return float("nan") if t == 0 else float(np.nansum((v / t) ** 2))
    m = _matrix(X, "X", nan_policy)
    x = np.nan_to_num(m.values, nan=0.0)
    s = _safe_div(x, x.sum(axis=1, keepdims=True))
    return _wrap_rows((s * s).sum(axis=1), m, "herfindahl")


def _gini_columns(x: np.ndarray) -> np.ndarray:
    """Gini of each column of x (NaN entries excluded); vectorised over columns."""
    srt = np.sort(x, axis=0)  # NaN sorted last
    n = (~np.isnan(x)).sum(axis=0)
    srt = np.nan_to_num(srt, nan=0.0)
    i = np.arange(1, x.shape[0] + 1, dtype=np.float64)[:, None]
    tot = srt.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = 2.0 * (i * srt).sum(axis=0) / (n * tot) - (n + 1.0) / n
    return np.where((tot > 0) & (n > 0), g, np.nan)


def gini(x: Any, *, nan_policy: NanPolicy = "omit"):
    r"""Gini coefficient (unweighted, population form).

    Formula::

        G = Σ_i Σ_j |x_i − x_j| / (2 n² μ)

    computed as ``G = 2 Σ_k k·x_(k) / (n Σ x) − (n + 1)/n`` over the ascending order statistics
    ``x_(k)``. Range [0, (n−1)/n], so always < 1. This is the formula of EconGeo's ``gini`` /
    ``Gini`` (Lorenz curve with equal weights; "maximum ... (n−1)/n").

    Parameters
    ----------
    x : vector (→ float) or region × industry matrix (→ one Gini per column, i.e. per industry,
        across regions, as EconGeo does for a matrix).

    Returns
    -------
    float, or Series by industry / 1-D array. NaN when the total is 0. NaN entries are
    excluded (n counts observed entries only).

    References
    ----------
    Gini, C. (1921) Measurement of inequality of incomes. *Economic Journal* 31: 124-126.
    EconGeo (R) ``gini``.
    """
    vector_in = isinstance(x, pd.Series) or (not isinstance(x, pd.DataFrame) and np.ndim(x) == 1)
    if vector_in:
        v, _ = _vector(x, "x", nan_policy)
        return float(_gini_columns(v[:, None])[0])
    m = _matrix(x, "x", nan_policy)
    return _wrap_cols(_gini_columns(m.values), m, "gini")


def locational_gini(X: Any, *, nan_policy: NanPolicy = "omit"):
    r"""Krugman's locational Gini of each industry, exactly as EconGeo's ``locational_gini``.

    For industry i, regions are ordered by ``x_ri / p_r`` (ascending), where
    ``p_r = x_r. / x_..`` is the region's share of total employment. With cumulative shares
    ``C_k`` of the industry and ``P_k`` of total employment along that order (k = 1..n)::

        LG_i = ½ Σ_{k=1}^{n-1} (C_{k+1} P_k − C_k P_{k+1})

    i.e. half the area-based Gini of the industry's concentration curve against total
    employment. Range [0, 0.5): 0 = the industry is spread exactly like total employment
    (all LQs equal); → 0.5 = concentrated in regions with negligible employment.

    NaN cells: for each industry, a region whose cell is NaN is dropped from that industry's
    curve (both ``C`` and ``P`` are renormalised over the remaining regions). All-zero regions
    add nothing to either curve. (EconGeo has no NaN handling; with complete data the two
    agree exactly.)

    Returns
    -------
    Series by industry / 1-D array. NaN for an industry with zero total.

    References
    ----------
    Krugman, P. (1991) *Geography and Trade*. MIT Press, ch. 2, p. 56. EconGeo (R)
    ``locational_gini`` (Balland).
    """
    m = _matrix(X, "X", nan_policy)
    x = m.values
    obs = ~np.isnan(x)
    x0 = np.where(obs, x, 0.0)
    pop = x0.sum(axis=1) / x0.sum() if x0.sum() > 0 else np.zeros(x.shape[0])
    popm = np.where(obs, pop[:, None], 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = x0 / popm
    # regions with popm == 0 contribute nothing; put them last (any position gives the same area)
    ratio = np.where(popm > 0, ratio, np.inf)
    order = np.argsort(ratio, axis=0, kind="stable")
    ind = np.take_along_axis(x0, order, axis=0)
    pp = np.take_along_axis(popm, order, axis=0)
    cind = np.cumsum(ind, axis=0)
    cpop = np.cumsum(pp, axis=0)
    tind, tpop = cind[-1:], cpop[-1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        cind = cind / tind
        cpop = cpop / tpop
    lg = 0.5 * ((cind[1:] * cpop[:-1]).sum(axis=0) - (cind[:-1] * cpop[1:]).sum(axis=0))
    lg = np.where((tind[0] > 0) & (tpop[0] > 0), lg, np.nan)
    return _wrap_cols(lg, m, "locational_gini")


@dataclass(frozen=True)
class TheilResult:
    """Theil T index and its exact between/within-group decomposition.

    ``total == between + within`` (up to floating rounding). For a matrix input every field is
    a Series (by industry/column) or array; for a vector input a float. ``by_group`` has one row
    per group (per group × column for matrix input) with ``n``, ``mean``, ``share`` (of the
    total) and the group's own ``theil``.
    """

    total: Any
    between: Any
    within: Any
    by_group: pd.DataFrame | None


def theil_index(x: Any, groups: Any = None, *, nan_policy: NanPolicy = "omit") -> TheilResult:
    r"""Theil T index with optional between/within-group decomposition.

    Formulas (μ = overall mean, n = number of observations, group g has n_g, μ_g)::

        T         = (1/n) Σ_i (x_i/μ) ln(x_i/μ)
        T_between = Σ_g (n_g/n)(μ_g/μ) ln(μ_g/μ)
        T_within  = Σ_g (n_g/n)(μ_g/μ) T_g,   T_g = (1/n_g) Σ_{i∈g} (x_i/μ_g) ln(x_i/μ_g)
        T = T_between + T_within   (exact)

    Zeros: 0 · ln 0 = 0, so zero observations are allowed (they count in n). Range
    [0, ln n]. Natural logarithm.

    Parameters
    ----------
    x : vector (regions) or region × industry matrix (→ one decomposition per column).
    groups : None, or one group label per region (Series aligned by region, or array; e.g.
        state of each county). Missing group labels raise ValueError.

    Returns
    -------
    :class:`TheilResult`. NaN where the mean is 0. NaN entries of x are excluded (from n too).

    References
    ----------
    Theil, H. (1967) *Economics and Information Theory*. North-Holland. Shorrocks, A. F. (1980)
    The class of additively decomposable inequality measures. *Econometrica* 48(3): 613-625.
    """
    vector_in = isinstance(x, pd.Series) or (not isinstance(x, pd.DataFrame) and np.ndim(x) == 1)
    if vector_in:
        v, idx = _vector(x, "x", nan_policy)
        m = _Mat(v[:, None], idx, pd.Index(["x"]) if idx is not None else None)
    else:
        m = _matrix(x, "x", nan_policy)
    a = m.values
    nrow, ncol = a.shape
    obs = ~np.isnan(a)
    a0 = np.where(obs, a, 0.0)
    n = obs.sum(axis=0).astype(np.float64)
    mu = _safe_div(a0.sum(axis=0), n)
    t_total = _safe_div(_xlogx_ratio(a0, np.broadcast_to(mu, a0.shape)) * obs, mu[None, :])
    t_total = np.where(mu > 0, t_total.sum(axis=0) / n, np.nan)

    if groups is None:
        total = t_total
        between = np.zeros(ncol)
        within = t_total.copy()
        between = np.where(np.isnan(total), np.nan, between)
        by_group = None
    else:
        if isinstance(groups, pd.Series) and m.index is not None:
            missing = m.index.difference(groups.index)
            if len(missing):
                raise ValueError(f"groups lack regions present in x: {list(missing[:10])}")
            glab = groups.reindex(m.index)
        else:
            glab = pd.Series(np.asarray(groups, dtype=object))
            if len(glab) != nrow:
                raise ValueError(f"groups has {len(glab)} labels but x has {nrow} regions")
        if glab.isna().any():
            raise ValueError("groups has missing labels; every region needs a group")
        codes, uniques = pd.factorize(glab, sort=True)
        G = len(uniques)
        n_g = _group_sum(obs.astype(np.float64), codes, G, axis=0)  # G × ncol
        s_g = _group_sum(a0, codes, G, axis=0)
        mu_g = _safe_div(s_g, n_g)
        mu_of_row = mu_g[codes]  # nrow × ncol
        # within: (1/n) Σ_i (x_i/μ) ln(x_i/μ_g)
        w_terms = _safe_div(_xlogx_ratio(a0, mu_of_row) * obs, np.broadcast_to(mu, a0.shape))
        within = np.where(mu > 0, np.nansum(w_terms, axis=0) / n, np.nan)
        b_terms = _safe_div(_xlogx_ratio(s_g, n_g * mu[None, :]), n[None, :] * mu[None, :])
        between = np.where(mu > 0, np.nansum(b_terms, axis=0), np.nan)
        total = t_total
        # per-group table
        with np.errstate(divide="ignore", invalid="ignore"):
            t_g_terms = _xlogx_ratio(a0, mu_of_row) * obs / mu_of_row
        t_g = _safe_div(_group_sum(np.nan_to_num(t_g_terms, nan=0.0), codes, G, axis=0), n_g)
        share = _safe_div(s_g, np.broadcast_to(a0.sum(axis=0), s_g.shape))
        cols = m.columns if m.columns is not None else pd.RangeIndex(ncol)
        by_group = pd.DataFrame({
            "group": np.repeat(np.asarray(uniques, dtype=object), ncol),
            "column": np.tile(np.asarray(cols, dtype=object), G),
            "n": n_g.ravel().astype(np.int64),
            "mean": mu_g.ravel(),
            "share": share.ravel(),
            "theil": t_g.ravel(),
        })
        if vector_in:
            by_group = by_group.drop(columns="column").set_index("group")
        else:
            by_group = by_group.set_index(["group", "column"])
    if vector_in:
        return TheilResult(float(total[0]), float(between[0]), float(within[0]), by_group)
    return TheilResult(_wrap_cols(total, m, "theil"), _wrap_cols(between, m, "between"),
                       _wrap_cols(within, m, "within"), by_group)


# --------------------------------------------------------------------------------------------
# similarity
# --------------------------------------------------------------------------------------------
def structural_similarity(a: Any, b: Any, *, nan_policy: NanPolicy = "omit") -> float:
    r"""Industrial structure similarity coefficient (产业结构相似系数) of two regions.

    Formula (cosine of the two industry vectors)::

        S_ab = Σ_i x_ai x_bi / sqrt(Σ_i x_ai² · Σ_i x_bi²)

    Range [0, 1] for non-negative input; 1 = identical structure (proportional vectors),
    0 = no industry in common. Scale-free: counts and shares give the same value. With labelled
    Series the two are aligned by industry code (absent → 0). An industry that is NaN on
    either side is dropped from all three sums (pairwise complete). NaN when either vector is
    all zero.

    References
    ----------
    The similarity coefficient of industrial structure proposed by UNIDO (United Nations
    Industrial Development Organization) in 1979 and widely used in Chinese studies of
    industrial isomorphism (产业同构) between regions. It is the cosine similarity of the two
    vectors. (A specific Chinese-language source has not been verified for this module; the
    formula above is the one the literature uses under this name.)
    """
    va, ia = _vector(a, "a", nan_policy)
    vb, ib = _vector(b, "b", nan_policy)
    if ia is not None and ib is not None:
        sa, sb = pd.Series(va, index=ia), pd.Series(vb, index=ib)
        idx = sa.index.union(sb.index)
        va = sa.reindex(idx, fill_value=0.0).to_numpy(dtype=np.float64)
        vb = sb.reindex(idx, fill_value=0.0).to_numpy(dtype=np.float64)
    elif va.size != vb.size:
        raise ValueError(f"a and b differ in length ({va.size} vs {vb.size})")
    keep = ~(np.isnan(va) | np.isnan(vb))
    va, vb = va[keep], vb[keep]
    den = np.sqrt((va * va).sum() * (vb * vb).sum())
    if den == 0:
        return float("nan")
    return float(min(1.0, (va * vb).sum() / den))


def similarity_matrix(X: Any, *, nan_policy: NanPolicy = "omit"):
    r"""Structural similarity coefficient :func:`structural_similarity` for every region pair.

    ``S[a, b] = Σ_i x_ai x_bi / sqrt(Σ_i x_ai² Σ_i x_bi²)``, computed for all pairs at once as
    matrix products. NaN cells are handled pairwise exactly as in
    :func:`structural_similarity` (an industry NaN in either region is dropped for that pair).
    Symmetric; diagonal 1 (NaN for an all-zero region, whose row and column are NaN).

    Returns
    -------
    region × region DataFrame (labelled input) or 2-D array.

    References
    ----------
    UNIDO (1979) similarity coefficient; see :func:`structural_similarity`.
    """
    m = _matrix(X, "X", nan_policy)
    obs = (~np.isnan(m.values)).astype(np.float64)
    x0 = np.where(obs > 0, m.values, 0.0)
    s = x0 @ x0.T
    if obs.all():
        # S = D⁻¹ (X Xᵀ) D⁻¹ with D = diag(‖x_a‖); in place, NaN for zero rows
        nrm = np.sqrt((x0 * x0).sum(axis=1))
        inv = np.full(nrm.shape, np.nan)
        np.divide(1.0, nrm, out=inv, where=nrm > 0)
        s *= inv[:, None]
        s *= inv[None, :]
    else:
        sq_pair = (x0 * x0) @ obs.T  # [a, b] = Σ_{i obs in b} x_ai²
        s = _safe_div(s, np.sqrt(sq_pair * sq_pair.T))
    np.minimum(s, 1.0, out=s)  # NaN stays NaN
    d = np.arange(s.shape[0])
    s[d, d] = np.where(np.isnan(s[d, d]), np.nan, 1.0)
    if m.labelled:
        return pd.DataFrame(s, index=m.index, columns=m.index)
    return s


# --------------------------------------------------------------------------------------------
# diversity
# --------------------------------------------------------------------------------------------
def related_unrelated_variety(X: Any, parent_of: Mapping | Callable | Sequence | pd.Series, *,
                              nan_policy: NanPolicy = "omit"):
    r"""Related and unrelated variety of each region (entropy decomposition, base-2 logs).

    With ``p_i`` the share of fine industry i in the region and ``P_g = Σ_{i∈g} p_i`` the share
    of coarse group g (the parent of i)::

        UV = Σ_g P_g log2(1 / P_g)
        RV = Σ_g P_g H_g,      H_g = Σ_{i∈g} (p_i / P_g) log2(P_g / p_i)
        E  = Σ_i p_i log2(1 / p_i) = UV + RV    (entropy decomposition theorem)

    0 · log 0 = 0.

    Parameters
    ----------
    X : region × fine-industry matrix.
    parent_of : coarse group of each fine industry: a mapping / Series from column label to
        parent (e.g. NAICS 4-digit → 3-digit), a callable applied to each column label
        (``lambda c: c[:3]``), or a sequence of parents aligned with the columns (required for
        unlabelled arrays). A column with no parent raises ValueError.

    Returns
    -------
    DataFrame (labelled) with columns ``unrelated_variety``, ``related_variety``, ``entropy``
    by region, or an (n, 3) array in that column order. NaN for an all-zero region. NaN cells
    are left out of the shares.

    References
    ----------
    Frenken, K., Van Oort, F. & Verburg, T. (2007) Related variety, unrelated variety and
    regional economic growth. *Regional Studies* 41(5): 685-697. Theil, H. (1972) *Statistical
    Decomposition Analysis*. North-Holland.
    """
    m = _matrix(X, "X", nan_policy)
    ncol = m.values.shape[1]
    cols = list(m.columns) if m.columns is not None else list(range(ncol))
    if callable(parent_of) and not isinstance(parent_of, (Mapping, pd.Series)):
        parents = [parent_of(c) for c in cols]
    elif isinstance(parent_of, (Mapping, pd.Series)):
        missing = [c for c in cols if c not in parent_of]
        if missing:
            raise ValueError(f"parent_of has no parent for industries {missing[:10]}")
        parents = [parent_of[c] for c in cols]
    else:
        parents = list(parent_of)
        if len(parents) != ncol:
            raise ValueError(f"parent_of has {len(parents)} entries but X has {ncol} columns")
    if any(p is None or (isinstance(p, float) and np.isnan(p)) for p in parents):
        raise ValueError("parent_of gives a missing parent for some industry")
    codes, _ = pd.factorize(pd.Series(parents, dtype=object))
    G = codes.max() + 1

    x = np.nan_to_num(m.values, nan=0.0)
    p = _safe_div(x, x.sum(axis=1, keepdims=True))  # NaN rows for all-zero regions
    P = _group_sum(p, codes, G, axis=1)  # region × group
    ones = np.ones_like(p)
    entropy = -_xlogx_ratio(p, ones, np.log2).sum(axis=1)
    uv = -_xlogx_ratio(P, np.ones_like(P), np.log2).sum(axis=1)
    Pi = P[:, codes]  # group share of each industry's parent
    q = _safe_div(p, Pi)
    q = np.where(p == 0, 0.0, q)
    Hg = -_group_sum(_xlogx_ratio(q, ones, np.log2), codes, G, axis=1)  # within-group entropy
    rv = (P * Hg).sum(axis=1)
    out = np.column_stack([uv, rv, entropy]) + 0.0  # + 0.0 turns -0.0 into 0.0
    out[np.isnan(p).all(axis=1)] = np.nan
    if m.labelled:
        return pd.DataFrame(out, index=m.index,
                            columns=["unrelated_variety", "related_variety", "entropy"])
    return out


# --------------------------------------------------------------------------------------------
# shift-share
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ShiftShareResult:
    """Shift-share decomposition.

    cells : tidy DataFrame, one row per region × industry with ``region``, ``industry``,
        ``x0``, ``x1``, ``change`` and the components ``national``, ``industry_mix``,
        ``competitive``; for ``method='esteban-marquillas'`` also ``homothetic``,
        ``net_competitive``, ``allocation`` and ``new_cell`` (x0 = 0 < x1, where the regional
        growth rate and hence the split of the competitive effect is undefined: both are NaN).
    regions : region totals of every component over the complete cells (NaN cells excluded),
        with ``change == national + industry_mix + competitive``; for Esteban-Marquillas also
        ``competitive_unsplit`` = competitive effect of new cells, so that
        ``net_competitive + allocation + competitive_unsplit == competitive``.
    reference_growth : G, the reference's total growth rate.
    industry_growth : G_i by industry (Series).
    method : 'classic' or 'esteban-marquillas'.
    """

    cells: pd.DataFrame
    regions: pd.DataFrame
    reference_growth: float
    industry_growth: pd.Series
    method: str


def _ref_totals(ref: Any, columns: pd.Index, name: str) -> tuple[np.ndarray, float]:
    """Industry totals (aligned with columns) and grand total of a reference."""
    if isinstance(ref, pd.DataFrame) or (not isinstance(ref, pd.Series) and np.ndim(ref) == 2):
        m = _matrix(ref, name)
        tot = np.nansum(m.values, axis=0)
        ref = pd.Series(tot, index=m.columns) if m.labelled else tot
    vec, idx = _vector(ref, name)
    grand = float(np.nansum(vec))
    if idx is not None:
        s = pd.Series(vec, index=idx)
        missing = columns.difference(s.index)
        if len(missing):
            raise ValueError(f"{name} lacks industries present in x0: {list(missing[:10])}")
        vec = s.reindex(columns).to_numpy(dtype=np.float64)
    elif vec.size != len(columns):
        raise ValueError(f"{name} has {vec.size} industries but x0 has {len(columns)}")
    return np.nan_to_num(vec, nan=0.0), grand


def shift_share(x0: Any, x1: Any, reference0: Any = None, reference1: Any = None, *,
                method: Literal["classic", "esteban-marquillas"] = "classic",
                nan_policy: NanPolicy = "omit") -> ShiftShareResult:
    r"""Shift-share decomposition of regional change between two years.

    With G = R1_../R0_.. − 1 (reference total growth), G_i = R1_i/R0_i − 1 (reference growth of
    industry i) and g_ri = x1_ri/x0_ri − 1 (regional growth)::

        national (NS)      = x0_ri · G
        industry mix (IM)  = x0_ri · (G_i − G)
        competitive (RS)   = x0_ri · (g_ri − G_i)  = (x1_ri − x0_ri) − x0_ri · G_i
        NS + IM + RS = x1_ri − x0_ri   (exact, per cell and per region)

    RS is computed in the right-hand form, so a cell with x0 = 0 < x1 (a "birth") is handled
    without dividing by zero: NS = IM = 0 and RS = x1.

    Esteban-Marquillas (1972) splits the competitive effect with the homothetic level
    x̂_ri = x0_r. · R0_i / R0_.. (the region's size distributed like the reference)::

        net competitive = x̂_ri (g_ri − G_i)
        allocation      = (x0_ri − x̂_ri)(g_ri − G_i)
        net competitive + allocation = RS

    For birth cells g_ri is undefined: both parts are NaN and their RS is reported in the
    region totals as ``competitive_unsplit``.

    Parameters
    ----------
    x0, x1 : region × industry matrices for the two years with the same regions and industries
        (DataFrames are aligned by labels; x1 is reordered to x0).
    reference0, reference1 : None (the group itself is the reference: R = column sums of x0/x1
        over complete cells), or national industry totals (Series/vector, or a matrix whose
        column sums are used) for each year. Both or neither must be given. Their grand totals
        (over all industries they hold) give G and R0_.. .
    method : 'classic' or 'esteban-marquillas'.
    nan_policy : 'omit' (default): a cell NaN in either year is left out everywhere (its
        components are NaN; the group reference and the region totals use complete cells only).

    Returns
    -------
    :class:`ShiftShareResult`.

    Raises
    ------
    ValueError if a region has x0_ri > 0 in an industry whose reference level R0_i is 0 (its
    reference growth is undefined), on mismatched labels or shapes, or negative values.

    References
    ----------
    Dunn, E. S. (1960) A statistical and analytical technique for regional analysis. *Papers of
    the Regional Science Association* 6: 97-112. Esteban-Marquillas, J. M. (1972) A
    reinterpretation of shift-share analysis. *Regional and Urban Economics* 2(3): 249-255.
    """
    if method not in ("classic", "esteban-marquillas"):
        raise ValueError(f"method must be 'classic' or 'esteban-marquillas', not {method!r}")
    if (reference0 is None) != (reference1 is None):
        raise ValueError("give both reference0 and reference1, or neither")
    if isinstance(x0, pd.DataFrame) and isinstance(x1, pd.DataFrame):
        if not (x0.index.sort_values().equals(x1.index.sort_values())
                and x0.columns.sort_values().equals(x1.columns.sort_values())):
            raise ValueError("x0 and x1 must have the same regions (index) and industries "
                             "(columns); reindex them to a common frame first")
        x1 = x1.reindex(index=x0.index, columns=x0.columns)
    m0 = _matrix(x0, "x0", nan_policy)
    m1 = _matrix(x1, "x1", nan_policy)
    if m0.values.shape != m1.values.shape:
        raise ValueError(f"x0 and x1 differ in shape: {m0.values.shape} vs {m1.values.shape}")
    nr, nc = m0.values.shape
    index = m0.index if m0.index is not None else pd.RangeIndex(nr)
    columns = m0.columns if m0.columns is not None else pd.RangeIndex(nc)
    ok = ~(np.isnan(m0.values) | np.isnan(m1.values))
    a0 = np.where(ok, m0.values, 0.0)
    a1 = np.where(ok, m1.values, 0.0)

    if reference0 is None:
        R0, R1 = a0.sum(axis=0), a1.sum(axis=0)
        T0, T1 = float(R0.sum()), float(R1.sum())
    else:
        R0, T0 = _ref_totals(reference0, columns, "reference0")
        R1, T1 = _ref_totals(reference1, columns, "reference1")
    if T0 <= 0:
        raise ValueError("the reference total in the first year is 0; growth is undefined")
    G = T1 / T0 - 1.0
    Gi = _safe_div(R1 - R0, R0)  # NaN where R0_i == 0
    bad = (a0 > 0) & np.isnan(Gi)[None, :]
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise ValueError(f"region {index[r]!r} has employment in industry {columns[c]!r} in the "
                         "first year but the reference has none, so the industry's reference "
                         "growth is undefined")
    Gi0 = np.nan_to_num(Gi, nan=0.0)[None, :]
    change = a1 - a0
    ns = a0 * G
    im = a0 * Gi0 - ns  # x0 (G_i − G)
    rs = change - a0 * Gi0  # x0 (g − G_i)

    def cellwise(v: np.ndarray) -> np.ndarray:
        return np.where(ok, v, np.nan).ravel()

    cells = {
        "region": index.repeat(nc),
        "industry": columns.take(np.tile(np.arange(nc), nr)),
        "x0": cellwise(a0), "x1": cellwise(a1), "change": cellwise(change),
        "national": cellwise(ns), "industry_mix": cellwise(im), "competitive": cellwise(rs),
    }
    totals = {
        "x0": a0.sum(axis=1), "x1": a1.sum(axis=1), "change": change.sum(axis=1),
        "national": ns.sum(axis=1), "industry_mix": im.sum(axis=1),
        "competitive": rs.sum(axis=1),
    }
    if method == "esteban-marquillas":
        hom = a0.sum(axis=1, keepdims=True) * (R0 / T0)[None, :]
        new = ok & (a0 == 0) & (a1 > 0)
        d = _safe_div(change, a0) - Gi0  # g − G_i, NaN where x0 == 0
        d = np.where(ok & (a0 == 0) & (a1 == 0), 0.0, d)  # 0 → 0 cells: no change, no effect
        net = hom * d
        # allocation = (x0 − x̂)(g − G_i) algebraically; computed as RS − net so that the two
        # parts add up to the competitive effect exactly (the product form loses digits when
        # x0 is tiny and x1 large).
        alloc = np.where(ok & ~new, rs - net, (a0 - hom) * d)
        cells["homothetic"] = cellwise(hom)
        cells["net_competitive"] = cellwise(net)
        cells["allocation"] = cellwise(alloc)
        cells["new_cell"] = np.where(ok, new, False).ravel()
        split = ok & ~new
        totals["net_competitive"] = np.where(split, net, 0.0).sum(axis=1)
        totals["allocation"] = np.where(split, alloc, 0.0).sum(axis=1)
        totals["competitive_unsplit"] = np.where(new, rs, 0.0).sum(axis=1)
    cells_df = pd.DataFrame(cells)
    regions_df = pd.DataFrame(totals, index=pd.Index(index, name="region"))
    return ShiftShareResult(cells_df, regions_df, G, pd.Series(Gi, index=columns,
                                                              name="industry_growth"), method)
