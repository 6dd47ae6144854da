"""Composite indices: normalisation, objective weights, TOPSIS, coupling coordination.

Every function here is a pure numeric kernel: arrays or DataFrames in, arrays or
DataFrames out, no I/O and no printing. Each docstring states the formula and the
source it follows, so that a printed number can be traced back by hand.

Conventions
-----------
* Rows are units of observation (cities, regions, years); columns are indicators.
* ``directions`` gives, per indicator, ``+1`` (benefit: larger is better) or ``-1``
  (cost: smaller is better). Strings ``"+"``/``"-"``/``"benefit"``/``"cost"`` are
  accepted too.
* Missing values (NaN) are never silently filled: every kernel raises
  ``ValueError`` naming the offending column. Impute before calling.

References
----------
Hwang, C.-L. & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and
Applications*. Springer (Lecture Notes in Economics and Mathematical Systems 186).
Diakoulaki, D., Mavrotas, G. & Papayannakis, L. (1995). Determining objective
weights in multiple criteria problems: the CRITIC method. *Computers & Operations
Research* 22(7): 763-770.
Wang Shujia, Kong Wei, Ren Liang, Zhi Dandan, Dai Binting (2021). 国内耦合协调度模型的
误区及修正 (Research on misuses and modification of coupling coordination degree
model in China). 自然资源学报 *Journal of Natural Resources* 36(3): 793-810.
doi:10.31497/zrzyxb.20210319
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = [
    "COUPLING_LEVELS",
    "CompositeIndex",
    "CouplingCoordination",
    "EntropyWeights",
    "composite_index",
    "coupling_coordination",
    "coupling_level",
    "critic_weights",
    "entropy_weights",
    "normalize",
    "topsis",
    "TopsisResult",
]

#: Default shift added after min-max normalisation for the entropy method. Many
#: Chinese applications add 0.0001 (or 0.001/0.01) so that ln(p) is defined; the
#: entropy kernel itself handles 0·ln 0 = 0, so the default here is 0 (no shift).
DEFAULT_SHIFT = 0.0

#: Ten-level coupling-coordination classification in common use in Chinese regional
#: studies (e.g. 田深圳 et al. 2021, 地理学报 76(4), Table 1): (lower, upper, zh, en).
#: Intervals are (lower, upper], except the first which includes 0.
COUPLING_LEVELS: tuple[tuple[float, float, str, str], ...] = (
    (0.0, 0.1, "极度失调", "extreme imbalance"),
    (0.1, 0.2, "严重失调", "serious imbalance"),
    (0.2, 0.3, "中度失调", "moderate imbalance"),
    (0.3, 0.4, "轻度失调", "mild imbalance"),
    (0.4, 0.5, "濒临失调", "on the verge of imbalance"),
    (0.5, 0.6, "勉强协调", "barely coordinated"),
    (0.6, 0.7, "初级协调", "primary coordination"),
    (0.7, 0.8, "中级协调", "intermediate coordination"),
    (0.8, 0.9, "良好协调", "good coordination"),
    (0.9, 1.0, "优质协调", "high-quality coordination"),
)


# ---------------------------------------------------------------------------
# helpers


def _as_frame(X) -> pd.DataFrame:
    if isinstance(X, pd.DataFrame):
        df = X
    else:
        arr = np.asarray(X, dtype=float)
        if arr.ndim != 2:
            raise ValueError(f"expected a 2-D matrix (units × indicators), got shape {arr.shape}")
        df = pd.DataFrame(arr, columns=[f"x{j}" for j in range(arr.shape[1])])
    if df.shape[0] < 2 or df.shape[1] < 1:
        raise ValueError(f"need at least 2 rows and 1 indicator column, got shape {df.shape}")
    return df


def _values(df: pd.DataFrame) -> np.ndarray:
    try:
        arr = df.to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"indicator columns must be numeric: {exc}") from None
    nan_cols = [str(c) for c, bad in zip(df.columns, np.isnan(arr).any(axis=0)) if bad]
    if nan_cols:
        raise ValueError(
            f"missing values (NaN) in indicator column(s) {nan_cols}; impute or drop them first"
        )
    inf_cols = [str(c) for c, bad in zip(df.columns, np.isinf(arr).any(axis=0)) if bad]
    if inf_cols:
        raise ValueError(f"infinite values in indicator column(s) {inf_cols}")
    return arr


def _parse_directions(directions, columns) -> np.ndarray:
    """Return an array of +1/-1 aligned with ``columns``."""
    cols = list(columns)
    if isinstance(directions, Mapping):
        missing = [str(c) for c in cols if c not in directions]
        if missing:
            raise ValueError(f"no direction (+1 benefit / -1 cost) given for column(s) {missing}")
        raw = [directions[c] for c in cols]
    else:
        raw = list(directions) if not np.isscalar(directions) else [directions] * len(cols)
        if len(raw) != len(cols):
            raise ValueError(f"{len(raw)} directions given for {len(cols)} indicator columns")
    out = np.empty(len(cols))
    for j, d in enumerate(raw):
        if isinstance(d, str):
            key = d.strip().lower()
            if key in ("+", "+1", "benefit", "positive", "正", "正向"):
                out[j] = 1.0
            elif key in ("-", "-1", "cost", "negative", "负", "负向", "逆向"):
                out[j] = -1.0
            else:
                raise ValueError(f"direction {d!r} for column {cols[j]!r} is not benefit/cost")
        elif d in (1, -1):
            out[j] = float(d)
        else:
            raise ValueError(f"direction {d!r} for column {cols[j]!r} must be +1 or -1")
    return out


def _like(template: pd.DataFrame, values: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(values, index=template.index, columns=template.columns)


# ---------------------------------------------------------------------------
# normalisation


def normalize(X, directions, method: str = "minmax", shift: float = DEFAULT_SHIFT) -> pd.DataFrame:
    r"""Make indicators dimensionless, turning cost indicators round.

    Parameters
    ----------
    X : DataFrame or 2-D array, shape (n_units, n_indicators)
        Raw indicator values.
    directions : sequence or mapping
        Per indicator ``+1`` (benefit) or ``-1`` (cost).
    method : {"minmax", "zscore"}
        ``"minmax"`` (极差标准化):

        .. math:: x'_{ij} = \frac{x_{ij}-\min_i x_{ij}}{\max_i x_{ij}-\min_i x_{ij}}
                  \ \text{(benefit)},\qquad
                  x'_{ij} = \frac{\max_i x_{ij}-x_{ij}}{\max_i x_{ij}-\min_i x_{ij}}
                  \ \text{(cost)}

        ``"zscore"``: :math:`x'_{ij} = d_j (x_{ij}-\bar x_j)/s_j` with the sample
        standard deviation :math:`s_j` (ddof=1) and :math:`d_j=\pm1` the direction.
    shift : float, default 0.0
        Added to every normalised value (``x' + shift``). The convention
        ``shift=0.0001`` is common before the entropy method so that no
        :math:`p_{ij}` is exactly 0; :func:`entropy_weights` does not need it
        (it uses :math:`0\ln 0 = 0`), so the default is no shift.

    Returns
    -------
    DataFrame
        Same shape, index and columns as ``X``.

    Raises
    ------
    ValueError
        NaN/inf values, unknown direction, or a constant column (max = min, or
        zero standard deviation), which cannot be normalised; the message names
        the column.
    """
    df = _as_frame(X)
    arr = _values(df)
    d = _parse_directions(directions, df.columns)
    if method == "minmax":
        lo, hi = arr.min(axis=0), arr.max(axis=0)
        rng = hi - lo
        const = [str(c) for c, r in zip(df.columns, rng) if r == 0]
        if const:
            raise ValueError(
                f"constant indicator column(s) {const}: max = min, min-max normalisation undefined; "
                "drop them (they carry no information for ranking)"
            )
        out = np.where(d > 0, (arr - lo) / rng, (hi - arr) / rng)
    elif method == "zscore":
        sd = arr.std(axis=0, ddof=1)
        const = [str(c) for c, s in zip(df.columns, sd) if s == 0]
        if const:
            raise ValueError(f"constant indicator column(s) {const}: zero standard deviation")
        out = d * (arr - arr.mean(axis=0)) / sd
    else:
        raise ValueError(f"unknown normalisation method {method!r} (use 'minmax' or 'zscore')")
    return _like(df, out + shift)


# ---------------------------------------------------------------------------
# weights


@dataclass(frozen=True)
class EntropyWeights:
    """Entropy-method weights with the intermediate quantities.

    Attributes
    ----------
    weights : Series
        :math:`w_j`, sum to 1.
    entropy : Series
        :math:`e_j \\in [0, 1]`.
    divergence : Series
        :math:`d_j = 1 - e_j`.
    zero_weight_columns : list of str
        Columns given weight 0 because they carry no information (constant or
        all-zero columns); empty when none.
    """

    weights: pd.Series
    entropy: pd.Series
    divergence: pd.Series
    zero_weight_columns: list[str] = field(default_factory=list)


def entropy_weights(X_norm) -> EntropyWeights:
    r"""Entropy-method (熵值法) objective weights.

    .. math::
        p_{ij} = \frac{x_{ij}}{\sum_i x_{ij}},\quad
        e_j = -\frac{1}{\ln n}\sum_{i=1}^n p_{ij}\ln p_{ij}\ (0\ln 0 = 0),\quad
        d_j = 1-e_j,\quad
        w_j = \frac{d_j}{\sum_k d_k}

    (Hwang & Yoon 1981, §II.1.3 "entropy method"; n = number of units.)

    Parameters
    ----------
    X_norm : DataFrame or 2-D array
        Non-negative normalised indicators (e.g. from :func:`normalize`).

    Returns
    -------
    EntropyWeights

    Notes
    -----
    Degenerate columns (documented choice): a column that is constant (all
    :math:`p_{ij}=1/n`, so :math:`e_j=1`) or all zero (no :math:`p_{ij}` defined)
    carries no information and gets weight **0**; its name is listed in
    ``zero_weight_columns``. If *every* column is degenerate, a ``ValueError`` is
    raised because no weights can be formed.

    Raises
    ------
    ValueError
        Negative values (the message names the columns; use min-max normalisation
        first), NaN/inf, fewer than 2 rows, or all columns degenerate.
    """
    df = _as_frame(X_norm)
    arr = _values(df)
    neg = [str(c) for c, bad in zip(df.columns, (arr < 0).any(axis=0)) if bad]
    if neg:
        raise ValueError(
            f"entropy weights need non-negative values; negative values in column(s) {neg} "
            "(min-max normalise first, e.g. normalize(X, directions, 'minmax'))"
        )
    n = arr.shape[0]
    colsum = arr.sum(axis=0)
    zero_col = colsum == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(zero_col, 0.0, arr / np.where(zero_col, 1.0, colsum))
        plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    e = -plogp.sum(axis=0) / np.log(n)
    e = np.where(zero_col, 1.0, e)
    # constant columns give e_j = 1 up to rounding: treat |d_j| < 1e-12 as exactly 0
    d = 1.0 - e
    d = np.where(np.abs(d) < 1e-12, 0.0, d)
    degenerate = [str(c) for c, dj in zip(df.columns, d) if dj == 0.0]
    if d.sum() <= 0:
        raise ValueError(
            f"every indicator column is constant or all zero ({degenerate}); entropy weights undefined"
        )
    w = d / d.sum()
    idx = df.columns
    return EntropyWeights(
        weights=pd.Series(w, index=idx, name="weight"),
        entropy=pd.Series(e, index=idx, name="entropy"),
        divergence=pd.Series(d, index=idx, name="divergence"),
        zero_weight_columns=degenerate,
    )


def critic_weights(X_norm) -> pd.Series:
    r"""CRITIC objective weights (Diakoulaki, Mavrotas & Papayannakis 1995).

    .. math::
        C_j = \sigma_j \sum_{k=1}^m (1 - r_{jk}),\qquad w_j = \frac{C_j}{\sum_k C_k}

    :math:`\sigma_j` is the standard deviation of normalised indicator *j*
    (sample, ddof=1; the ddof cancels in :math:`w`) and :math:`r_{jk}` the
    Pearson correlation between indicators *j* and *k*.

    Parameters
    ----------
    X_norm : DataFrame or 2-D array
        Normalised indicators (the 1995 paper uses min-max scaling to [0, 1]).

    Returns
    -------
    Series
        Weights, sum to 1.

    Raises
    ------
    ValueError
        NaN/inf, a constant column (correlation undefined; the column is named),
        or fewer than two indicators.
    """
    df = _as_frame(X_norm)
    arr = _values(df)
    if arr.shape[1] < 2:
        raise ValueError("CRITIC needs at least two indicators (it uses their correlations)")
    sd = arr.std(axis=0, ddof=1)
    const = [str(c) for c, s in zip(df.columns, sd) if s == 0]
    if const:
        raise ValueError(f"constant indicator column(s) {const}: correlation undefined, drop them")
    r = np.corrcoef(arr, rowvar=False)
    c = sd * (1.0 - r).sum(axis=1)
    return pd.Series(c / c.sum(), index=df.columns, name="weight")


# ---------------------------------------------------------------------------
# TOPSIS


@dataclass(frozen=True)
class TopsisResult:
    """TOPSIS output. ``closeness`` is :math:`C_i = D_i^-/(D_i^+ + D_i^-)`."""

    closeness: pd.Series
    d_plus: pd.Series
    d_minus: pd.Series
    ideal: pd.Series
    anti_ideal: pd.Series
    weighted_matrix: pd.DataFrame


def topsis(X, weights, directions=None, normalization: str = "none") -> TopsisResult:
    r"""TOPSIS closeness to the ideal solution (Hwang & Yoon 1981, §III.1.4).

    .. math::
        r_{ij} = \frac{x_{ij}}{\sqrt{\sum_i x_{ij}^2}}\ \text{(vector normalisation, optional)},\quad
        v_{ij} = w_j r_{ij}

        A^+_j = \max_i v_{ij}\ \text{(benefit)} / \min_i v_{ij}\ \text{(cost)},\quad
        A^-_j = \min_i v_{ij}\ \text{(benefit)} / \max_i v_{ij}\ \text{(cost)}

        D^+_i = \lVert v_i - A^+\rVert_2,\quad D^-_i = \lVert v_i - A^-\rVert_2,\quad
        C_i = \frac{D^-_i}{D^+_i + D^-_i}

    Parameters
    ----------
    X : DataFrame or 2-D array
        Decision matrix. With ``normalization="none"`` it must already be
        normalised *and* oriented (all benefit), e.g. from :func:`normalize`.
    weights : sequence or Series
        Indicator weights (rescaled to sum to 1).
    directions : sequence or mapping, optional
        ``+1``/``-1`` per indicator. Default: all benefit. With min-max
        normalised input (already oriented) leave it at the default.
    normalization : {"none", "vector"}
        ``"vector"`` applies Hwang & Yoon's vector normalisation to raw data.

    Returns
    -------
    TopsisResult

    Notes
    -----
    If :math:`D^+_i + D^-_i = 0` (every unit identical) the closeness is set to
    0.5 (the unit is equally far from both, both distances being 0).
    """
    df = _as_frame(X)
    arr = _values(df)
    d = np.ones(arr.shape[1]) if directions is None else _parse_directions(directions, df.columns)
    w = _weights_array(weights, df.columns)
    if normalization == "vector":
        norm = np.sqrt((arr**2).sum(axis=0))
        zero = [str(c) for c, v in zip(df.columns, norm) if v == 0]
        if zero:
            raise ValueError(f"all-zero indicator column(s) {zero}: vector normalisation undefined")
        arr = arr / norm
    elif normalization != "none":
        raise ValueError(f"unknown normalization {normalization!r} (use 'none' or 'vector')")
    v = arr * w
    vmax, vmin = v.max(axis=0), v.min(axis=0)
    ideal = np.where(d > 0, vmax, vmin)
    anti = np.where(d > 0, vmin, vmax)
    dp = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    dm = np.sqrt(((v - anti) ** 2).sum(axis=1))
    tot = dp + dm
    with np.errstate(invalid="ignore", divide="ignore"):
        c = np.where(tot > 0, dm / np.where(tot > 0, tot, 1.0), 0.5)
    return TopsisResult(
        closeness=pd.Series(c, index=df.index, name="closeness"),
        d_plus=pd.Series(dp, index=df.index, name="d_plus"),
        d_minus=pd.Series(dm, index=df.index, name="d_minus"),
        ideal=pd.Series(ideal, index=df.columns, name="ideal"),
        anti_ideal=pd.Series(anti, index=df.columns, name="anti_ideal"),
        weighted_matrix=_like(df, v),
    )


def _weights_array(weights, columns) -> np.ndarray:
    if isinstance(weights, Mapping) or isinstance(weights, pd.Series):
        missing = [str(c) for c in columns if c not in weights]
        if missing:
            raise ValueError(f"no weight given for column(s) {missing}")
        w = np.array([float(weights[c]) for c in columns])
    else:
        w = np.asarray(weights, dtype=float).ravel()
        if w.size != len(columns):
            raise ValueError(f"{w.size} weights given for {len(columns)} indicator columns")
    if np.isnan(w).any() or (w < 0).any() or w.sum() <= 0:
        raise ValueError("weights must be non-negative, not NaN, and not all zero")
    return w / w.sum()


# ---------------------------------------------------------------------------
# composite index


@dataclass(frozen=True)
class CompositeIndex:
    """A composite index with everything needed to trace it.

    Attributes
    ----------
    weights : Series
        Indicator weights (sum to 1).
    normalized : DataFrame
        Min-max normalised, direction-oriented matrix (after ``shift``).
    scores : Series
        Weighted sum :math:`S_i=\\sum_j w_j x'_{ij}` or TOPSIS closeness.
    ranks : Series
        1 = best; ties share the lowest rank (``method="min"``).
    notes : list of str
        Plain-language record of each method choice.
    entropy : EntropyWeights or None
        Intermediate entropy quantities when ``weighting="entropy"``.
    topsis : TopsisResult or None
        Distances when ``aggregation="topsis"``.
    """

    weights: pd.Series
    normalized: pd.DataFrame
    scores: pd.Series
    ranks: pd.Series
    notes: list[str]
    entropy: EntropyWeights | None = None
    topsis: TopsisResult | None = None


def composite_index(
    df,
    directions,
    weighting: str | Mapping | Sequence = "entropy",
    aggregation: str = "weighted_sum",
    shift: float = DEFAULT_SHIFT,
) -> CompositeIndex:
    r"""Build a composite index: min-max normalise, weight, aggregate.

    Steps: :func:`normalize` (min-max, with ``shift``) → weights from
    :func:`entropy_weights`, :func:`critic_weights` or a user mapping →
    aggregation :math:`S_i = \sum_j w_j x'_{ij}` (``"weighted_sum"``) or TOPSIS
    closeness on the normalised matrix (``"topsis"``, all indicators already
    benefit-oriented).

    Parameters
    ----------
    df : DataFrame
        Raw indicators (rows = units).
    directions : sequence or mapping
        ``+1`` benefit / ``-1`` cost, per column.
    weighting : {"entropy", "critic"} or mapping/sequence of weights
    aggregation : {"weighted_sum", "topsis"}
    shift : float
        See :func:`normalize`.

    Returns
    -------
    CompositeIndex
    """
    frame = _as_frame(df)
    xn = normalize(frame, directions, method="minmax", shift=shift)
    notes = [f"min-max normalisation with explicit directions; shift = {shift:g}"]
    ent = None
    if isinstance(weighting, str):
        if weighting == "entropy":
            ent = entropy_weights(xn)
            w = ent.weights
            notes.append("entropy-method weights (Hwang & Yoon 1981)")
            if ent.zero_weight_columns:
                notes.append(f"zero weight (no information): {ent.zero_weight_columns}")
        elif weighting == "critic":
            w = critic_weights(xn)
            notes.append("CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995)")
        else:
            raise ValueError(f"unknown weighting {weighting!r} (use 'entropy', 'critic' or a mapping)")
    else:
        w = pd.Series(_weights_array(weighting, frame.columns), index=frame.columns, name="weight")
        notes.append("user-supplied weights, rescaled to sum to 1")
    top = None
    if aggregation == "weighted_sum":
        scores = pd.Series(xn.to_numpy() @ w.to_numpy(), index=frame.index, name="score")
        if shift == 0:  # weights sum to 1: a score of 1 + 2e-16 is rounding, not data
            scores = scores.clip(0.0, 1.0)
        notes.append("aggregation: weighted sum S_i = Σ_j w_j x'_ij")
    elif aggregation == "topsis":
        top = topsis(xn, w)
        scores = top.closeness.rename("score")
        notes.append("aggregation: TOPSIS closeness on the min-max normalised matrix (Hwang & Yoon 1981)")
    else:
        raise ValueError(f"unknown aggregation {aggregation!r} (use 'weighted_sum' or 'topsis')")
    ranks = scores.rank(ascending=False, method="min").astype(int).rename("rank")
    return CompositeIndex(w, xn, scores, ranks, notes, ent, top)


# ---------------------------------------------------------------------------
# coupling coordination


@dataclass(frozen=True)
class CouplingCoordination:
    """Coupling (C), comprehensive development (T) and coordination degree (D).

    ``level_zh``/``level_en`` are the ten-level labels of :data:`COUPLING_LEVELS`;
    ``lagging`` names, per unit, the subsystem(s) with the lowest score when the
    scores differ (``""`` when all equal).
    """

    C: np.ndarray
    T: np.ndarray
    D: np.ndarray
    level_zh: np.ndarray
    level_en: np.ndarray
    lagging: np.ndarray
    formula: str

    def to_frame(self, index=None) -> pd.DataFrame:
        """One row per unit: C, T, D, level_zh, level_en, lagging."""
        return pd.DataFrame(
            {
                "C": self.C,
                "T": self.T,
                "D": self.D,
                "level_zh": self.level_zh,
                "level_en": self.level_en,
                "lagging": self.lagging,
            },
            index=index,
        )


def coupling_level(D) -> tuple[np.ndarray, np.ndarray]:
    """Ten-level class of coordination degree D (0–0.1 极度失调 … 0.9–1.0 优质协调).

    Intervals are (lower, upper]; D = 0 falls in the first class.
    Returns (Chinese labels, English labels).
    """
    D = np.atleast_1d(np.asarray(D, dtype=float))
    if np.isnan(D).any() or (D < 0).any() or (D > 1 + 1e-12).any():
        raise ValueError("coordination degree D must lie in [0, 1]")
    uppers = np.array([lv[1] for lv in COUPLING_LEVELS])
    k = np.searchsorted(uppers, D - 1e-12, side="left")
    k = np.clip(k, 0, len(COUPLING_LEVELS) - 1)
    zh = np.array([lv[2] for lv in COUPLING_LEVELS], dtype=object)[k]
    en = np.array([lv[3] for lv in COUPLING_LEVELS], dtype=object)[k]
    return zh, en


def coupling_coordination(U, weights=None, formula: str = "standard", names=None) -> CouplingCoordination:
    r"""Coupling coordination degree model (耦合协调度模型) for n ≥ 2 subsystems.

    Parameters
    ----------
    U : sequence of arrays, DataFrame, or 2-D array (units × subsystems)
        Subsystem development scores :math:`U_i \in [0, 1]`. A list/tuple is
        read as one array per subsystem; a DataFrame as columns = subsystems.
    weights : sequence, optional
        :math:`\alpha_i` for :math:`T = \sum_i \alpha_i U_i` (rescaled to sum to
        1). Default: equal weights :math:`1/n`.
    formula : {"standard", "wang2021"}
        ``"standard"`` (Wang et al. 2021, eq. 1, normative traditional form):

        .. math:: C = n\left[\frac{\prod_{i=1}^n U_i}{\left(\sum_{i=1}^n U_i\right)^n}\right]^{1/n}
                  \quad\left(n=2:\ C = \frac{2\sqrt{U_1U_2}}{U_1+U_2}\right)

        ``"wang2021"`` (modified coupling degree of Wang, Kong, Ren, Zhi & Dai 2021):

        .. math:: C = \sqrt{\left[1-\frac{\sum_{i>j}\sqrt{(U_i-U_j)^2}}{\sum_{m=1}^{n-1} m}\right]
                  \times\left(\prod_{i=1}^n \frac{U_i}{\max_i U_i}\right)^{1/(n-1)}}

        then in both cases :math:`T=\sum_i\alpha_iU_i` and :math:`D=\sqrt{C\,T}`.
    names : sequence of str, optional
        Subsystem names used in ``lagging`` (default ``U1``, ``U2``, ...).

    Returns
    -------
    CouplingCoordination

    Notes
    -----
    * When all :math:`U_i = 0` for a unit, C is undefined in both formulas; it
      is reported as 0 (and so D = 0), the convention of most applications.
    * The ``wang2021`` formula was transcribed from the paper as cited above and
      cross-checked with the R package *mathmodels* (``coupling_degree(type=
      "adjusted")``), which cites the same paper; the denominator
      :math:`\sum_{m=1}^{n-1} m = n(n-1)/2` is the number of pairs, so the first
      factor is one minus the mean absolute pairwise difference.

    Raises
    ------
    ValueError
        Fewer than two subsystems, NaN, or scores outside [0, 1].
    """
    if isinstance(U, pd.DataFrame):
        names = list(map(str, U.columns)) if names is None else list(names)
        arr = U.to_numpy(dtype=float)
    elif isinstance(U, (list, tuple)):
        if len(U) < 2:
            raise ValueError(f"coupling coordination needs at least two subsystems, got {len(U)}")
        cols = [np.atleast_1d(np.asarray(u, dtype=float)) for u in U]
        if len({c.shape for c in cols}) != 1:
            raise ValueError("all subsystem score arrays must have the same length")
        arr = np.column_stack(cols)
    else:
        arr = np.asarray(U, dtype=float)
        if arr.ndim == 1:
            arr = arr[np.newaxis, :]
    if arr.ndim != 2 or arr.shape[1] < 2:
        raise ValueError(f"coupling coordination needs at least two subsystems, got shape {arr.shape}")
    n = arr.shape[1]
    names = [f"U{i + 1}" for i in range(n)] if names is None else list(names)
    if len(names) != n:
        raise ValueError(f"{len(names)} names for {n} subsystems")
    if np.isnan(arr).any():
        raise ValueError("subsystem scores contain NaN")
    # A weighted sum of min-max values may leave [0, 1] by a rounding error (1 + 2e-16).
    tol = 1e-9
    if (arr < -tol).any() or (arr > 1 + tol).any():
        raise ValueError("subsystem scores must lie in [0, 1] (normalise them first)")
    arr = np.clip(arr, 0.0, 1.0)
    alpha = np.full(n, 1.0 / n) if weights is None else _weights_array(weights, names)

    total = arr.sum(axis=1)
    allzero = total == 0
    if formula == "standard":
        with np.errstate(divide="ignore", invalid="ignore"):
            # geometric mean / arithmetic mean == n·[Π U / (Σ U)^n]^(1/n)
            gm = np.exp(np.log(np.where(arr > 0, arr, 1.0)).mean(axis=1))
            anyzero = (arr == 0).any(axis=1)
            C = np.where(anyzero, 0.0, n * gm / np.where(allzero, 1.0, total))
        C = np.nan_to_num(C, nan=0.0)
    elif formula == "wang2021":
        iu, ju = np.triu_indices(n, k=1)
        mean_absdiff = np.abs(arr[:, iu] - arr[:, ju]).sum(axis=1) / (n * (n - 1) / 2)
        umax = arr.max(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = arr / np.where(umax > 0, umax, 1.0)[:, None]
        prod = np.prod(ratio, axis=1) ** (1.0 / (n - 1))
        C = np.where(allzero, 0.0, np.sqrt(np.clip((1.0 - mean_absdiff) * prod, 0.0, None)))
    else:
        raise ValueError(f"unknown formula {formula!r} (use 'standard' or 'wang2021')")
    C = np.clip(C, 0.0, 1.0)
    T = arr @ alpha
    D = np.sqrt(C * T)
    zh, en = coupling_level(D)
    umin = arr.min(axis=1, keepdims=True)
    is_low = (arr == umin) & (arr.max(axis=1, keepdims=True) > umin)
    names_arr = np.array(names, dtype=object)
    lagging = np.array([", ".join(names_arr[row]) for row in is_low], dtype=object)
    return CouplingCoordination(C, T, D, zh, en, lagging, formula)
