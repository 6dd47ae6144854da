"""Triple-helix (and quadruple-helix) mutual information after Leydesdorff.

The indicator measures *synergy* among actor types (university U, industry I,
government G, and here a fourth: research institute R) from how often they
appear together, e.g. in co-authored papers or co-applied patents. It is the
mutual information in three (or four) dimensions, in bits (log base 2).

Sign convention (exactly Leydesdorff's)
---------------------------------------
Leydesdorff (2003) defines

    T_UIG = H_U + H_I + H_G − H_UI − H_UG − H_IG + H_UIG

and reads **negative T_UIG as synergy** (reduction of uncertainty at the system
level). This module returns T_UIG with that sign: it is *not* flipped. The
bilateral mutual information T_xy = H_x + H_y − H_xy is always ≥ 0. For k
dimensions the general form is the alternating sum over all non-empty subsets S
of the k dimensions

    T_{1…k} = Σ_S (−1)^{|S|+1} H_S,

so T_1234 = Σ H_i − Σ H_ij + Σ H_ijk − H_1234 (Leydesdorff & Sun 2009; Ivanova
& Leydesdorff 2014). Note that the sign of an odd-dimensional and an
even-dimensional T have opposite interpretations in these papers: for four
dimensions the same alternating sum is used, and authors compare values across
units rather than read the sign alone.

Two input forms
---------------
1. Counts by combination of actor types (:func:`helix_from_combinations`): a
   mapping like ``{"U": 950, "I": 40, "G": 120, "UI": 30, "UG": 60, "IG": 5,
   "UIG": 4}``. Each document is a point in the binary space {present,
   absent}^k of the actor types; H_U is the entropy of the binary variable "has a
   university address", H_UI that of the joint (U, I) pair, and so on. Counts can
   be *exclusive* (exactly those actor types; default) or *inclusive* (at least
   those, as returned by Boolean AND searches in Web of Science); inclusive counts
   are converted by inclusion–exclusion. Documents with none of the actor types
   are outside the universe unless given under the key ``""``.
2. A k-way contingency array (:func:`mutual_information`): any categorical
   dimensions, e.g. geography × technology × organisation size of firms for the
   regional synergy of Leydesdorff, Dolfsma & Van der Panne (2006).

Validation
----------
Leydesdorff's T is, term for term, the co-information of the dimensions (McGill 1954), which
the Python package ``dit`` computes as ``dit.multivariate.coinformation``; every entropy and T
of this module agrees with dit 2.3 to 1e-12 on the cases in
``tests/reference/make_triplehelix_reference.py`` (3 and 4 actor types, exclusive and inclusive
counts, multi-category tables). The analysis built on it is
:mod:`megaregion.analysis.collaboration` (``megaregion collaboration``).

References
----------
McGill, W. J. (1954). Multivariate information transmission. *Psychometrika* 19(2): 97–116.
James, R. G., Ellison, C. J. & Crutchfield, J. P. (2018). dit: a Python package for discrete
information theory. *Journal of Open Source Software* 3(25): 738.
Leydesdorff, L. (2003). The mutual information of university-industry-government
relations: An indicator of the Triple Helix dynamics. *Scientometrics* 58(2): 445–467.
Leydesdorff, L., Dolfsma, W. & Van der Panne, G. (2006). Measuring the knowledge
base of an economy in terms of triple-helix relations among 'technology,
organization, and territory'. *Research Policy* 35(2): 181–199.
Leydesdorff, L. & Sun, Y. (2009). National and international dimensions of the
Triple Helix in Japan: University-industry-government versus international
coauthorship relations. *JASIST* 60(4): 778–788.
Leydesdorff, L. & Ivanova, I. A. (2014). Mutual redundancies in interhuman
communication systems. *JASIST* 65(2): 386–399.
Ivanova, I. A. & Leydesdorff, L. (2014). A simulation model of the Triple Helix of
university-industry-government relations. *Scientometrics* 99: 927–948.
Leydesdorff, L., Park, H. W. & Lengyel, B. (2014). A routine for measuring synergy
in university-industry-government relations. *Scientometrics* 99: 27–35.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

__all__ = [
    "HelixResult",
    "combinations_to_table",
    "entropy_bits",
    "exact_from_inclusive",
    "IndependenceTest",
    "helix_from_combinations",
    "independence_test",
    "mutual_information",
    "regional_synergy",
    "synergy_by_group",
]


def entropy_bits(counts) -> float:
    r"""Shannon entropy in bits: :math:`H = -\sum_k p_k \log_2 p_k`, :math:`0\log 0 = 0`.

    ``counts`` is any non-negative array (flattened); it is normalised to
    probabilities. Raises ``ValueError`` for negative/NaN values or a zero total.
    """
    c = np.asarray(counts, dtype=float).ravel()
    if np.isnan(c).any() or (c < 0).any():
        raise ValueError("counts must be non-negative and not NaN")
    tot = c.sum()
    if tot <= 0:
        raise ValueError("counts sum to zero: entropy undefined")
    p = c / tot
    p = p[p > 0]  # 0·log 0 = 0 (also drops cells that underflow to 0)
    return float(-(p * np.log2(p)).sum())


@dataclass(frozen=True)
class HelixResult:
    """Entropies and mutual informations, in bits.

    ``entropies`` maps a tuple of dimension names (e.g. ``("U", "I")``) to
    :math:`H`; ``mutual_information`` maps tuples of length ≥ 2 to the
    alternating-sum :math:`T` over those dimensions (bilateral, trilateral, …).
    ``T`` is the value over all dimensions. ``n`` is the total count. Multiply by
    1000 for millibits (mbits), the unit of most of Leydesdorff's tables.
    """

    dims: tuple[str, ...]
    entropies: dict[tuple[str, ...], float]
    mutual_information: dict[tuple[str, ...], float]
    T: float
    n: float

    @property
    def T_mbits(self) -> float:
        """``T`` in millibits (1000 × bits), the unit of Leydesdorff's tables."""
        return 1000.0 * self.T


def mutual_information(table, dims: Sequence[str] | None = None) -> HelixResult:
    r"""Multivariate mutual information of a k-way contingency table (k ≥ 2).

    For every non-empty subset S of the k axes, :math:`H_S` is the entropy (bits)
    of the marginal table over S. Then for each subset with |S| ≥ 2

    .. math:: T_S = \sum_{\emptyset \ne R\subseteq S} (-1)^{|R|+1} H_R

    e.g. :math:`T_{xy}=H_x+H_y-H_{xy}` and
    :math:`T_{xyz}=H_x+H_y+H_z-H_{xy}-H_{xz}-H_{yz}+H_{xyz}` (Leydesdorff 2003,
    eq. 5; negative = synergy), :math:`T_{1234}=\sum H_i-\sum H_{ij}+\sum
    H_{ijk}-H_{1234}` (Leydesdorff & Sun 2009).

    Parameters
    ----------
    table : array-like, k-dimensional, non-negative counts
    dims : names of the k axes (default ``"d0", "d1", ...``)

    Returns
    -------
    HelixResult
    """
    arr = np.asarray(table, dtype=float)
    k = arr.ndim
    if k < 2:
        raise ValueError("mutual information needs a table with at least two dimensions")
    if k > 8:
        raise ValueError("more than 8 dimensions is not supported")
    if np.isnan(arr).any() or (arr < 0).any():
        raise ValueError("contingency table must hold non-negative counts without NaN")
    n = float(arr.sum())
    if n <= 0:
        raise ValueError("contingency table is empty (total count 0)")
    dims = tuple(f"d{i}" for i in range(k)) if dims is None else tuple(map(str, dims))
    if len(dims) != k:
        raise ValueError(f"{len(dims)} dimension names for a {k}-dimensional table")
    axes = tuple(range(k))
    H: dict[tuple[int, ...], float] = {}
    for size in range(1, k + 1):
        for S in combinations(axes, size):
            other = tuple(a for a in axes if a not in S)
            H[S] = entropy_bits(arr.sum(axis=other) if other else arr)
    T: dict[tuple[int, ...], float] = {}
    for size in range(2, k + 1):
        for S in combinations(axes, size):
            T[S] = sum(
                (-1) ** (len(R) + 1) * H[R] for r in range(1, size + 1) for R in combinations(S, r)
            )
    name = lambda S: tuple(dims[a] for a in S)  # noqa: E731
    return HelixResult(
        dims=dims,
        entropies={name(S): v for S, v in H.items()},
        mutual_information={name(S): v for S, v in T.items()},
        T=T[axes],
        n=n,
    )


class InconsistentCounts(ValueError):
    """Inclusive counts that no set of documents can have. ``combination`` names the culprit:
    its actor letters in the order given, or ``"total"``."""

    def __init__(self, message: str, combination: str) -> None:
        super().__init__(message)
        self.combination = combination


def exact_from_inclusive(inclusive: Mapping[frozenset, float], actors: Sequence[str],
                         total: float | None = None) -> dict[frozenset, float]:
    r"""Exact-combination counts from "at least these actors" counts (Möbius inversion).

    .. math:: n^{ex}_S = \sum_{T \supseteq S} (-1)^{|T|-|S|}\, n^{in}_T

    over the non-empty subsets of ``actors``; absent sets count 0. With ``total`` (the number
    of documents) the empty set gets ``total`` minus the documents with any actor type.

    Raises
    ------
    InconsistentCounts
        An exact count would be negative (the message names it), or the total is smaller than
        the documents with an actor type.
    """
    actors = tuple(actors)
    name = lambda S: "".join(a for a in actors if a in S)  # noqa: E731
    lattice = [frozenset(c) for r in range(1, len(actors) + 1) for c in combinations(actors, r)]
    exact: dict[frozenset, float] = {}
    for S in lattice:
        v = sum((-1) ** (len(T) - len(S)) * float(inclusive.get(T, 0.0)) for T in lattice if S <= T)
        if v < -1e-9:
            raise InconsistentCounts(f"inclusive counts are inconsistent: the exact count of "
                                     f"{name(S)} would be {v:g}", name(S))
        exact[S] = max(v, 0.0)
    if total is not None:
        any_actor = sum(exact.values())
        if float(total) - any_actor < -1e-9:
            raise InconsistentCounts(f"the total {float(total):g} is smaller than the "
                                     f"{any_actor:g} documents with an actor type", "total")
        exact[frozenset()] = max(float(total) - any_actor, 0.0)
    return exact


def combinations_to_table(
    counts: Mapping[str, float],
    actors: Sequence[str] = ("U", "I", "G"),
    counts_are: str = "exclusive",
) -> np.ndarray:
    """Turn counts by actor combination into a 2×2×…×2 table (index 1 = present).

    Parameters
    ----------
    counts : mapping
        Keys are combinations written with the one-letter actor codes, in any
        order (``"UI"`` == ``"IU"``); ``""`` (or ``"none"``) is the count of
        documents with none of the actors (default 0, i.e. outside the universe).
        Missing combinations count 0.
    actors : sequence of single characters
        The actor codes, e.g. ``("U", "I", "G")`` or ``("U", "I", "G", "R")``.
    counts_are : {"exclusive", "inclusive"}
        ``"exclusive"``: documents with *exactly* those actors. ``"inclusive"``:
        documents with *at least* those actors (Boolean AND search); converted by
        inclusion–exclusion :math:`n^{ex}_S=\\sum_{T\\supseteq S}(-1)^{|T|-|S|}n^{in}_T`.
        In inclusive mode the key ``""`` is the total number of documents.

    Raises
    ------
    ValueError
        Unknown actor letter, repeated letters, negative counts, or inclusive
        counts that are inconsistent (give a negative exclusive cell).
    """
    actors = tuple(actors)
    if len(set(actors)) != len(actors) or any(len(a) != 1 for a in actors):
        raise ValueError(f"actor codes must be distinct single characters, got {actors}")
    k = len(actors)
    if k < 2:
        raise ValueError("need at least two actor types")
    given: dict[frozenset, float] = {}
    for key, val in counts.items():
        key_s = "" if key in ("", "none", "None") else str(key)
        letters = list(key_s)
        bad = [c for c in letters if c not in actors]
        if bad:
            raise ValueError(f"combination {key!r} uses unknown actor code(s) {bad}; actors are {actors}")
        if len(set(letters)) != len(letters):
            raise ValueError(f"combination {key!r} repeats an actor code")
        fs = frozenset(letters)
        if fs in given:
            raise ValueError(f"combination {key!r} given twice")
        v = float(val)
        if np.isnan(v) or v < 0:
            raise ValueError(f"count for {key!r} must be a non-negative number, got {val!r}")
        given[fs] = v
    if counts_are == "exclusive":
        exact = given
    elif counts_are == "inclusive":
        # in inclusive mode the key "" is the total number of documents N
        total = given.pop(frozenset(), None)
        exact = exact_from_inclusive(given, actors, total=total)
        exact.setdefault(frozenset(), 0.0)
    else:
        raise ValueError(f"counts_are must be 'exclusive' or 'inclusive', got {counts_are!r}")
    table = np.zeros((2,) * k)
    for S, v in exact.items():
        idx = tuple(1 if a in S else 0 for a in actors)
        table[idx] = v
    return table


def helix_from_combinations(
    counts: Mapping[str, float],
    actors: Sequence[str] = ("U", "I", "G"),
    counts_are: str = "exclusive",
) -> HelixResult:
    r"""Triple- (or quadruple-) helix mutual information from actor-combination counts.

    The counts are arranged in a binary table by :func:`combinations_to_table`
    and passed to :func:`mutual_information`; dimension names are the actor
    codes. With ``actors=("U","I","G")`` the result's ``T`` is

    .. math:: T_{UIG} = H_U + H_I + H_G - H_{UI} - H_{UG} - H_{IG} + H_{UIG}

    in bits (Leydesdorff 2003; negative = synergy), and
    ``mutual_information[("U","I")]`` is :math:`T_{UI}=H_U+H_I-H_{UI}`.
    With four actors ``("U","I","G","R")`` (R = research institute) ``T`` is
    :math:`T_{UIGR}` (alternating sum, Leydesdorff & Sun 2009) and all bilateral
    and trilateral values are included.
    """
    table = combinations_to_table(counts, actors, counts_are)
    return mutual_information(table, dims=tuple(actors))


def regional_synergy(table, dims: Sequence[str] = ("geography", "technology", "organization")) -> HelixResult:
    r"""Regional synergy of Leydesdorff, Dolfsma & Van der Panne (2006).

    ``table[g, t, o]`` is the number of firms in geographical unit g, technology
    class t (e.g. NACE/NAICS sector) and size class o. The indicator is the
    three-dimensional mutual information

    .. math:: T_{GTO} = H_G + H_T + H_O - H_{GT} - H_{GO} - H_{TO} + H_{GTO}

    in bits; more negative = more synergy among territory, technology and
    organisation. This is :func:`mutual_information` on a 3-way table (any
    category counts per axis).
    """
    arr = np.asarray(table, dtype=float)
    if arr.ndim != 3:
        raise ValueError(f"regional synergy needs a 3-way table (geography × technology × size), got {arr.ndim}-D")
    return mutual_information(arr, dims=dims)


def synergy_by_group(table, groups: Sequence, dims: Sequence[str] = ("geography", "technology", "organization")
                     ) -> tuple[HelixResult, pd.DataFrame]:
    r"""Decompose the synergy of a 3-way table by groups of its geographical units.

    Leydesdorff & Fritsch (2006) decompose, as Theil (1972) did for entropy, the
    three-dimensional mutual information of a nation into the contributions of its regions:

    .. math:: T = T_0 + \sum_i \frac{n_i}{N} T_i

    where :math:`T_i` is :math:`T_{GTO}` computed within region i (on its own geographical
    units, e.g. the counties of a metro), :math:`n_i` its number of firms, and :math:`T_0`
    what the regions' differences add (here the remainder :math:`T-\sum_i (n_i/N)T_i`).
    A more negative contribution :math:`(n_i/N)T_i` = more synergy generated in region i. A
    region with a single geographical unit has :math:`T_i = 0` (no geographical variation
    inside it).

    Parameters
    ----------
    table : 3-way array, ``table[g, t, o]`` counts (first axis = geographical units)
    groups : one label per geographical unit (length = ``table.shape[0]``)
    dims : names of the three axes

    Returns
    -------
    (HelixResult, DataFrame)
        The whole table's result, and per group: ``units``, ``n``, ``share`` (:math:`n_i/N`),
        ``T_bits`` (:math:`T_i`), ``contribution_bits`` (:math:`(n_i/N)T_i`), plus a last row
        ``group = "between"`` holding :math:`T_0` in ``contribution_bits``.

    References
    ----------
    Leydesdorff, L. & Fritsch, M. (2006). Measuring the knowledge base of regional innovation
    systems in Germany in terms of a Triple Helix dynamics. *Research Policy* 35(10):
    1538–1553. Theil, H. (1972). *Statistical Decomposition Analysis*. North-Holland.
    """
    arr = np.asarray(table, dtype=float)
    if arr.ndim != 3:
        raise ValueError(f"synergy_by_group needs a 3-way table, got {arr.ndim}-D")
    labels = np.asarray(list(groups), dtype=object)
    if pd.isna(labels).any():
        raise ValueError("a geographical unit without a group label (None or NaN)")
    if len(labels) != arr.shape[0]:
        raise ValueError(f"{len(labels)} group labels for {arr.shape[0]} geographical units")
    whole = mutual_information(arr, dims=dims)
    rows = []
    for label in pd.unique(labels):
        sub = arr[labels == label]
        n = float(sub.sum())
        # one unit (or no firms): no geographical variation inside, T_i = 0 exactly
        t = mutual_information(sub, dims=dims).T if n > 0 and sub.shape[0] > 1 else 0.0
        share = n / whole.n
        rows.append({"group": label, "units": int(sub.shape[0]), "n": n, "share": share,
                     "T_bits": t, "contribution_bits": share * t})
    out = pd.DataFrame(rows)
    between = whole.T - float(out["contribution_bits"].sum())
    out = pd.concat([out, pd.DataFrame([{"group": "between", "units": 0, "n": whole.n, "share": 1.0,
                                         "T_bits": float("nan"), "contribution_bits": between}])],
                    ignore_index=True)
    return whole, out


@dataclass(frozen=True)
class IndependenceTest:
    """T of a binary actor table against actor types that occur independently.

    ``T`` is the observed value, ``null_mean`` and ``null_sd`` those of T over ``n_perm``
    tables in which each actor type is spread over the documents at random (its count kept),
    ``p_lower`` = P(T_null <= T) and ``p_upper`` = P(T_null >= T), each with the +1 correction
    of Davison & Hinkley (1997): (1 + #{T_null as or more extreme}) / (1 + n_perm). All in bits.
    """

    T: float
    null_mean: float
    null_sd: float
    p_lower: float
    p_upper: float
    n_perm: int


def _T_of_code_counts(C: np.ndarray, k: int) -> np.ndarray:
    """T (bits) of each row of ``C`` (rows: count vectors over the 2**k codes
    ``sum_j bit_j << j``): the alternating sum of the entropies of every non-empty subset."""
    C = np.asarray(C, dtype=float)
    n = C.sum(axis=1, keepdims=True)
    codes = np.arange(2 ** k)
    T = np.zeros(C.shape[0])
    for mask in range(1, 2 ** k):
        onehot = np.zeros((2 ** k, 2 ** k))
        onehot[codes, codes & mask] = 1.0          # code -> its projection on the subset
        P = (C @ onehot) / n
        with np.errstate(divide="ignore", invalid="ignore"):
            H = -np.where(P > 0, P * np.log2(P), 0.0).sum(axis=1)
        T += (-1) ** (bin(mask).count("1") + 1) * H
    return T


def independence_test(table, n_perm: int = 999, seed: int = 0) -> IndependenceTest:
    r"""Permutation test of T for binary actor variables (documents × actor types).

    With few documents, the plug-in entropies make T negative even when the actor types occur
    independently of each other (finite-sample bias), so a negative T alone is no evidence of
    synergy. The null model keeps the number of documents carrying each actor type and places
    each type on the documents at random, independently of the others: every column of the
    documents × actors 0/1 matrix is permuted on its own (Good 2005, permutation tests for
    independence). T is recomputed on each permuted table.

    Parameters
    ----------
    table : 2×2×…×2 array of whole document counts, index 1 = actor present (as made by
        :func:`combinations_to_table`), 2 to 8 dimensions.
    n_perm : number of permuted tables.
    seed : seed of the random generator (results are reproducible).

    Returns
    -------
    IndependenceTest

    Raises
    ------
    ValueError
        Not a binary table, fractional counts (documents must be whole), or no documents.

    References
    ----------
    Good, P. (2005). *Permutation, Parametric and Bootstrap Tests of Hypotheses*, 3rd ed.
    Springer. Davison, A. C. & Hinkley, D. V. (1997). *Bootstrap Methods and their
    Application*. Cambridge University Press (the +1 correction of p-values).
    """
    arr = np.asarray(table, dtype=float)
    k = arr.ndim
    if k < 2 or k > 8 or any(d != 2 for d in arr.shape):
        raise ValueError(f"independence_test needs a 2×2×…×2 table, got shape {arr.shape}")
    if (arr < 0).any() or not np.allclose(arr, np.round(arr)):
        raise ValueError("independence_test needs whole, non-negative document counts")
    if arr.sum() <= 0:
        raise ValueError("independence_test: the table holds no documents")
    if n_perm < 1:
        raise ValueError("n_perm must be at least 1")
    # cells indexed by the code sum_j bit_j << j (axis j = bit j)
    idx = np.array(list(np.ndindex(*arr.shape)))
    codes = (idx * (1 << np.arange(k))).sum(axis=1)
    observed = np.zeros(2 ** k)
    observed[codes] = arr.reshape(-1)
    t_obs = float(_T_of_code_counts(observed[None, :], k)[0])
    N = int(round(arr.sum()))
    ones = [int(round(arr.take(1, axis=j).sum())) for j in range(k)]  # documents with actor j
    # Permuting each column of the documents × actors matrix on its own is the same, in
    # distribution, as placing each actor's documents at random among the cells built so far:
    # a multivariate hypergeometric draw per actor, O(2**k) instead of O(N) per table.
    rng = np.random.default_rng(seed)
    C = np.zeros((n_perm, 2 ** k), dtype=np.int64)
    for r in range(n_perm):
        cells = np.array([N - ones[0], ones[0]], dtype=np.int64)
        for j in range(1, k):
            with_j = rng.multivariate_hypergeometric(cells, ones[j])
            cells = np.concatenate([cells - with_j, with_j])  # bit j = 0, then bit j = 1
        C[r] = cells
    null = _T_of_code_counts(C, k)
    tol = 1e-12  # ties: values equal up to rounding count as "as extreme"
    return IndependenceTest(
        T=t_obs, null_mean=float(null.mean()), null_sd=float(null.std(ddof=1)) if n_perm > 1 else 0.0,
        p_lower=float((1 + np.sum(null <= t_obs + tol)) / (1 + n_perm)),
        p_upper=float((1 + np.sum(null >= t_obs - tol)) / (1 + n_perm)),
        n_perm=n_perm)
