"""Supply-chain complementarity between cities from specialisations and IO coefficients.

Pure kernels (no I/O). For cities a and b with specialisation weights s_a,i (e.g.
max(LQ − 1, 0) or the indicator LQ > 1) and technical coefficients A (a_ij = input from
industry i per unit of output of industry j, Miller & Blair 2009 eq. 2.4),

    C[a, b] = Σ_i Σ_j s_a,i · a_ij · s_b,j = (S A Sᵀ)[a, b],

the strength with which a's specialisations supply b's: a is the supplier, b the buyer, so C is
directed (C ≠ Cᵀ in general). The industry-pair weight is the input–output link between
industries used in co-agglomeration studies (Ellison, Glaeser & Kerr 2010, *American Economic
Review* 100(3), 1195–1213), here summed over the industries the two cities are specialised
in. The diagonal (a city with itself) is NaN: the measure is
about pairs.

Industries whose coefficients are NaN (no IO counterpart) are dropped from both sides, and so
are industries that are not in both ``spec`` and ``A``; the list and count are in ``attrs``. A
NaN specialisation (unknown employment) makes that city's whole row and column NaN (unknown,
never 0): fill or drop such cells deliberately before calling.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["align", "supply_chain_complementarity", "complementarity_terms"]


def align(spec: pd.DataFrame, A: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Align ``spec`` (city × industry) and ``A`` (industry × industry) on common industries.

    Returns the aligned spec, the aligned A, and the list of dropped industries: those with a
    NaN row or column in A (no IO counterpart) and those present in only one of the two.
    """
    A = A.astype(float)
    nan_ind = [c for c in A.index if A.loc[c].isna().all() or A[c].isna().all()] \
        if A.index.equals(A.columns) else []
    common = [c for c in spec.columns if c in A.index and c in A.columns and c not in nan_ind]
    dropped = [c for c in spec.columns if c not in common] + \
              [c for c in A.index if c not in common and c not in spec.columns]
    return spec.loc[:, common].astype(float), A.loc[common, common], dropped


def supply_chain_complementarity(spec: pd.DataFrame, A: pd.DataFrame) -> pd.DataFrame:
    """C[a, b] = Σ_i Σ_j spec[a, i] · A[i, j] · spec[b, j]: a's specialisations supplying b's.

    Parameters
    ----------
    spec : DataFrame, cities × industries
        Specialisation weights (non-negative), e.g. max(LQ − 1, 0) or 1[LQ > 1].
    A : DataFrame, industries × industries
        Technical coefficients, supplier rows × buyer columns (e.g. from
        :func:`megaregion.analysis.io_linkages.chain_coefficients`).

    Returns
    -------
    DataFrame, cities × cities (supplier rows a, buyer columns b)
        C = S A Sᵀ with the diagonal NaN. ``attrs``: ``dropped`` (industries left out, NaN in A
        or not in both), ``n_dropped`` and ``n_industries`` (used).

    Notes
    -----
    Bilinear form of input–output relatedness (Ellison, Glaeser & Kerr 2010; the IO
    coefficient of Miller & Blair 2009 eq. 2.4). Relabelling cities permutes C; a city with
    zero specialisation has a zero row and column (off the diagonal).
    """
    S, Aa, dropped = align(spec, A)
    sv = S.to_numpy(dtype=float)
    av = Aa.to_numpy(dtype=float)
    C = sv @ av @ sv.T
    np.fill_diagonal(C, np.nan)
    out = pd.DataFrame(C, index=S.index, columns=S.index)
    out.index.name, out.columns.name = "supplier", "buyer"
    out.attrs.update({"dropped": dropped, "n_dropped": len(dropped), "n_industries": S.shape[1]})
    return out


def complementarity_terms(spec: pd.DataFrame, A: pd.DataFrame, a, b, top: int = 3) -> pd.DataFrame:
    """The largest (i, j) contributions s_a,i · a_ij · s_b,j to C[a, b], for explanations.

    Returns a DataFrame with ``supplier_industry``, ``buyer_industry``, ``spec_a_i``,
    ``spec_b_j``, ``a_ij``, ``term`` and ``share`` (term / C[a, b]), the ``top`` largest
    positive terms first (fewer when fewer are positive).
    """
    S, Aa, _ = align(spec, A)
    sa = S.loc[a].to_numpy(dtype=float)
    sb = S.loc[b].to_numpy(dtype=float)
    av = Aa.to_numpy(dtype=float)
    T = sa[:, None] * av * sb[None, :]
    total = np.nansum(T)
    flat = np.where(np.isnan(T), -np.inf, T).ravel()
    order = np.argsort(-flat, kind="stable")
    rows = []
    inds = list(S.columns)
    n = len(inds)
    for k in order[:max(int(top), 0)]:
        if not flat[k] > 0:
            break
        i, j = divmod(int(k), n)
        rows.append({"supplier_industry": inds[i], "buyer_industry": inds[j],
                     "spec_a_i": sa[i], "spec_b_j": sb[j], "a_ij": av[i, j], "term": T[i, j],
                     "share": T[i, j] / total if total > 0 else np.nan})
    return pd.DataFrame(rows, columns=["supplier_industry", "buyer_industry", "spec_a_i",
                                       "spec_b_j", "a_ij", "term", "share"])
