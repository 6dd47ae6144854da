"""Input–output kernels: technical coefficients, Leontief inverse, make/use, linkages.

Pure numeric kernels (no I/O). Notation and formulas follow Miller, R. E. and Blair, P. D.
(2009), *Input-Output Analysis: Foundations and Extensions*, 2nd ed., Cambridge University
Press (cited as M&B):

* Technical coefficients (M&B eq. 2.4, section 2.2): a_ij = z_ij / x_j, i.e.
  A = Z diag(x)^-1, with z_ij the sales of sector i to sector j and x_j the total output of j.
* Leontief inverse (M&B eq. 2.11, section 2.3): L = (I − A)^-1; x = L f.
* Commodity-by-industry accounts, industry-technology assumption (M&B section 5.3):
  B = U diag(g)^-1 (commodity × industry input coefficients), D = V diag(q)^-1 (industry ×
  commodity market shares, V the make matrix), industry × industry direct requirements
  A = D B (M&B eq. 5.24 in the industry-based technology case).
* Backward and forward linkages (Rasmussen 1956; Hirschman 1958; M&B section 12.1):
  with L the Leontief inverse and n sectors, the power of dispersion (backward) of j is
  BL_j = (Σ_i l_ij / n) / (Σ_ij l_ij / n²) and the sensitivity of dispersion (forward) of i
  is FL_i = (Σ_j l_ij / n) / (Σ_ij l_ij / n²); both average 1. A sector with both above 1
  is a *key sector*. The forward index from the Ghosh inverse G = (I − Â)^-1, Â the
  allocation (output) coefficients â_ij = z_ij / x_i (M&B section 12.2.2, Ghosh 1958), is
  the better-founded supply-side measure; it is given when Z and x are supplied.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["technical_coefficients", "allocation_coefficients", "leontief_inverse",
           "ghosh_inverse", "industry_by_industry", "industry_flows", "linkages",
           "output_multipliers"]


def _as_frame(M, index=None, columns=None) -> pd.DataFrame:
    if isinstance(M, pd.DataFrame):
        return M.astype(float)
    arr = np.asarray(M, dtype=float)
    return pd.DataFrame(arr, index=index, columns=columns)


def _as_series(x, index) -> pd.Series:
    if isinstance(x, pd.Series):
        return x.astype(float).reindex(index)
    return pd.Series(np.asarray(x, dtype=float), index=index)


def technical_coefficients(Z, x) -> pd.DataFrame:
    """Direct requirements (technical coefficients) A = Z diag(x)^-1.

    Parameters
    ----------
    Z : (n, n) array or DataFrame
        Inter-industry transactions, z_ij = sales of sector i (row, supplier) to sector j
        (column, buyer).
    x : (n,) array or Series
        Total output of each sector (aligned on Z's columns when a Series).

    Returns
    -------
    DataFrame
        a_ij = z_ij / x_j (M&B 2009 eq. 2.4). A sector with zero total output has a zero
        column: it buys nothing because it produces nothing (an empty sector, not a missing
        one). Use NaN in ``x`` for an unknown output; its column is then NaN.

    References
    ----------
    Miller, R. E. and Blair, P. D. (2009) *Input-Output Analysis*, 2nd ed., section 2.2.
    """
    Zf = _as_frame(Z)
    xs = _as_series(x, Zf.columns)
    xv = xs.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        A = Zf.to_numpy() / xv[None, :]
    A[:, xv == 0] = 0.0
    return pd.DataFrame(A, index=Zf.index, columns=Zf.columns)


def allocation_coefficients(Z, x) -> pd.DataFrame:
    """Allocation (output, Ghosh) coefficients â_ij = z_ij / x_i, i.e. Â = diag(x)^-1 Z.

    Zero output rows give zero rows. Reference: M&B 2009 section 12.1.2, eq. 12.2
    (Ghosh 1958).
    """
    Zf = _as_frame(Z)
    xv = _as_series(x, Zf.index).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        B = Zf.to_numpy() / xv[:, None]
    B[xv == 0, :] = 0.0
    return pd.DataFrame(B, index=Zf.index, columns=Zf.columns)


def _inverse(M: pd.DataFrame, what: str) -> pd.DataFrame:
    a = M.to_numpy(dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ValueError(f"{what} must be square, got shape {a.shape}")
    if not np.isfinite(a).all():
        raise ValueError(f"{what} has missing (NaN) or infinite coefficients; drop those sectors first")
    rho = float(np.max(np.abs(np.linalg.eigvals(a)))) if a.size else 0.0
    if rho >= 1.0 - 1e-12:
        raise ValueError(f"the spectral radius of {what} is {rho:.6g} >= 1: I - {what} has no "
                         "non-negative inverse (the system is not productive)")
    eye = np.eye(a.shape[0])
    try:
        inv = np.linalg.inv(eye - a)
    except np.linalg.LinAlgError as exc:  # pragma: no cover - excluded by rho < 1
        raise ValueError(f"I - {what} is singular") from exc
    return pd.DataFrame(inv, index=M.index, columns=M.columns)


def leontief_inverse(A) -> pd.DataFrame:
    """Leontief inverse L = (I − A)^-1 (M&B 2009 eq. 2.11).

    Parameters
    ----------
    A : (n, n) array or DataFrame of technical coefficients (non-negative, finite).

    Returns
    -------
    DataFrame
        l_ij = output of i needed, directly and indirectly, per unit of final demand for j.

    Raises
    ------
    ValueError
        If A is not square, has NaN, or its spectral radius is >= 1 (then I − A is singular
        or its inverse is not non-negative: Hawkins–Simon conditions fail, M&B appendix 2.1).
    """
    return _inverse(_as_frame(A), "A")


def ghosh_inverse(B) -> pd.DataFrame:
    """Ghosh inverse G = (I − Â)^-1 of the allocation coefficients (M&B 2009 eq. 12.3)."""
    return _inverse(_as_frame(B), "the allocation matrix")


def industry_flows(use, make) -> pd.DataFrame:
    """Industry × industry transactions Z = D U, industry-technology assumption.

    Parameters
    ----------
    use : DataFrame, commodities × industries
        Intermediate use U (u_ci = commodity c bought by industry i).
    make : DataFrame, industries × commodities
        Make matrix V (v_ic = commodity c produced by industry i).

    Returns
    -------
    DataFrame, industries × industries
        Z = D U with D = V diag(q)^-1 and q_c = Σ_i v_ic the commodity output of the make
        table (M&B 2009 section 5.3). Row i: what industry i supplies, through the
        commodities it makes, to each buying industry. Commodities in U that no industry
        makes (q_c = 0 or absent from V, e.g. BEA's ``Used`` and ``Other``) have no
        producing industry and drop out; their use is not attributed to anyone.
    """
    U = _as_frame(use)
    V = _as_frame(make)
    commodities = [c for c in U.index if c in V.columns]
    Vc = V.reindex(columns=commodities).fillna(0.0)
    q = Vc.sum(axis=0).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        D = Vc.to_numpy() / q[None, :]
    D[:, q == 0] = 0.0
    Z = D @ U.loc[commodities].fillna(0.0).to_numpy()
    return pd.DataFrame(Z, index=V.index, columns=U.columns)


def industry_by_industry(use, make, g=None) -> pd.DataFrame:
    """Industry × industry direct requirements A = D B (industry-technology assumption).

    Parameters
    ----------
    use : DataFrame, commodities × industries — intermediate use U.
    make : DataFrame, industries × commodities — make matrix V.
    g : Series, optional
        Industry output. Default: the row sums of V (M&B: g = V i). BEA tables also carry
        ``Total Industry Output``; pass it to use the published totals.

    Returns
    -------
    DataFrame, industries (supplier rows) × industries (buyer columns)
        A = D B with B = U diag(g)^-1 and D = V diag(q)^-1, q = V' i (M&B 2009 section 5.3,
        industry-based technology). Equal to :func:`industry_flows` divided by g.
        Industries with g = 0 get a zero column.

    References
    ----------
    Miller, R. E. and Blair, P. D. (2009) *Input-Output Analysis*, 2nd ed., ch. 5.
    """
    V = _as_frame(make)
    Z = industry_flows(use, V)
    if g is None:
        g = V.sum(axis=1)
    g = _as_series(g, Z.columns)
    return technical_coefficients(Z, g)


def output_multipliers(L) -> pd.Series:
    """Simple output multipliers m_j = Σ_i l_ij (M&B 2009 section 6.2.1): total output of all
    sectors per unit of final demand for j."""
    Lf = _as_frame(L)
    return Lf.sum(axis=0).rename("output_multiplier")


def linkages(L, Z=None, x=None) -> pd.DataFrame:
    """Rasmussen–Hirschman backward and forward linkage indices and key sectors.

    Parameters
    ----------
    L : (n, n) Leontief inverse (DataFrame or array).
    Z, x : optional transactions and total outputs; when given, the Ghosh-based forward
        index is added (``forward_ghosh``).

    Returns
    -------
    DataFrame indexed by sector with columns

    * ``output_multiplier`` = Σ_i l_ij (column sum of L);
    * ``backward`` = (Σ_i l_ij / n) / (Σ_ij l_ij / n²), Rasmussen's power of dispersion,
      normalised to mean 1 (M&B 2009 eq. 12.8);
    * ``forward`` = (Σ_j l_ij / n) / (Σ_ij l_ij / n²), Rasmussen's sensitivity of dispersion
      from the rows of L (M&B eq. 12.9; the traditional index);
    * ``forward_ghosh`` (when Z, x given): the same normalisation of the row sums of the Ghosh
      inverse G = (I − Â)^-1 (M&B section 12.2.2, recommended there for forward linkage);
    * ``key_sector``: backward > 1 and forward > 1 (Hirschman 1958; M&B section 12.1.3);
    * ``linkage_class``: ``key sector`` (both > 1), ``backward-oriented`` (only backward > 1),
      ``forward-oriented`` (only forward > 1), ``weakly linked`` (neither).

    References
    ----------
    Rasmussen, P. N. (1956) *Studies in Inter-Sectoral Relations*. Hirschman, A. O. (1958)
    *The Strategy of Economic Development*. Miller and Blair (2009) ch. 12.
    """
    Lf = _as_frame(L)
    a = Lf.to_numpy(dtype=float)
    n = a.shape[0]
    total = a.sum() / n ** 2
    col = a.sum(axis=0)
    row = a.sum(axis=1)
    out = pd.DataFrame({
        "output_multiplier": col,
        "backward": (col / n) / total,
        "forward": (row / n) / total,
    }, index=Lf.index)
    if Z is not None and x is not None:
        G = ghosh_inverse(allocation_coefficients(Z, x)).to_numpy()
        gr = G.sum(axis=1)
        out["forward_ghosh"] = (gr / n) / (G.sum() / n ** 2)
    bw, fw = out["backward"] > 1, out["forward"] > 1
    out["key_sector"] = bw & fw
    out["linkage_class"] = np.select([bw & fw, bw, fw],
                                     ["key sector", "backward-oriented", "forward-oriented"],
                                     "weakly linked")
    return out
