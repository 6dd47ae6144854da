r"""Network builders from firm, patent and ownership data.

* Taylor's **interlocking network model** (the GaWC world-city-network method):
  :func:`interlocking_connectivity`, :func:`elemental_interlocks`,
  :func:`global_network_connectivity`, :func:`interlocking_table`,
  :func:`service_value_matrix`.
* **Two-mode projection** (cities x events, e.g. co-patents, co-publications):
  :func:`bipartite_projection`.
* **Ownership links** (headquarters -> branch/subsidiary city): :func:`ownership_links`.

The interlocking network model in one page
------------------------------------------
Firms of advanced producer services (accountancy, advertising, banking, insurance, law,
management consultancy) interlock cities through their office networks (Taylor 2001). The input
is the *service value matrix* :math:`V = (v_{aj})`, city *a* x firm *j*, where
:math:`v_{aj}` scores the importance of firm *j*'s presence in city *a* (GaWC codes 0 = no office
... 3 = typical office ... 5 = headquarters). Then

* elemental interlock of cities *a* and *b* through firm *j*: :math:`r_{abj} = v_{aj} v_{bj}`;
* city-pair connectivity: :math:`r_{ab} = \sum_j r_{abj}` (i.e. :math:`R = V V^\top` with the
  diagonal set to 0);
* global network connectivity (GNC) of city *a*: :math:`N_a = \sum_{b \ne a} r_{ab}`
  :math:`= \sum_j v_{aj} \left(T_j - v_{aj}\right)` where :math:`T_j = \sum_b v_{bj}`;
* proportional (relative) connectivity: :math:`P_a = N_a / \max_b N_b`, so the top city
  (London in GaWC 2000) is 1.0 (or 100 with ``scale=100``).

Worked example (3 cities x 2 firms)::

              firm1  firm2
    London        5      2
    Paris         2      3
    Madrid        0      1

    r(London, Paris)  = 5*2 + 2*3 = 16
    r(London, Madrid) = 5*0 + 2*1 = 2
    r(Paris,  Madrid) = 2*0 + 3*1 = 3
    GNC: London 16+2 = 18, Paris 16+3 = 19, Madrid 2+3 = 5
    relative: London 18/19 = 0.947, Paris 1.0, Madrid 5/19 = 0.263

No packaged implementation of the model exists (GaWC publishes results, not software); this one
reproduces the published 2000 ordering of GaWC Data Set 11 (London first, New York second).

References
----------
Taylor, P.J. (2001). Specification of the world city network. *Geographical Analysis*
33(2):181-194. doi:10.1111/j.1538-4632.2001.tb00443.x

Taylor, P.J., Catalano, G. & Walker, D.R.F. (2002). Measurement of the world city network.
*Urban Studies* 39(13):2367-2376 (GaWC Research Bulletin 43). doi:10.1080/00420980220080011

Taylor, P.J. (2004). *World City Network: A Global Urban Analysis*. London: Routledge.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = [
    "bipartite_projection",
    "elemental_interlocks",
    "global_network_connectivity",
    "interlocking_connectivity",
    "interlocking_table",
    "ownership_links",
    "service_value_matrix",
]


def _as_matrix(V, what: str = "V") -> tuple[np.ndarray, list | None, list | None]:
    """Return (values, row labels, column labels) of a 2-D array or DataFrame, validated."""
    if isinstance(V, pd.DataFrame):
        rows, cols = list(V.index), list(V.columns)
        arr = V.to_numpy(dtype=float)
    else:
        arr = np.asarray(V, dtype=float)
        rows = cols = None
    if arr.ndim != 2:
        raise ValueError(f"{what} must be 2-D, got shape {arr.shape}")
    bad = ~np.isfinite(arr)
    if bad.any():
        i, j = (int(x) for x in np.argwhere(bad)[0])
        who = f"({rows[i]!r}, {cols[j]!r})" if rows is not None else f"({i}, {j})"
        raise ValueError(f"{what} has a missing or infinite value at {who}")
    return arr, rows, cols


def service_value_matrix(
    df: pd.DataFrame, city: str = "city", firm: str = "firm", value: str = "service_value"
) -> pd.DataFrame:
    r"""Pivot a long city-firm table into the service value matrix :math:`V` (city x firm).

    Parameters
    ----------
    df : pandas.DataFrame
        One row per (city, firm) with a numeric ``value``; absent pairs become 0.
    city, firm, value : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        :math:`v_{aj}`, rows = cities (sorted), columns = firms (sorted).

    Raises
    ------
    ValueError
        If a (city, firm) pair appears twice with different values or a value is missing.

    References
    ----------
    Taylor, P.J. (2001). Specification of the world city network. *Geographical Analysis*
    33(2):181-194.
    """
    missing = [c for c in (city, firm, value) if c not in df.columns]
    if missing:
        raise ValueError(f"table lacks column(s) {missing}; it has {list(df.columns)}")
    vals = pd.to_numeric(df[value], errors="coerce")
    if vals.isna().any():
        row = df.index[np.flatnonzero(vals.isna().to_numpy())[0]]
        raise ValueError(f"column {value!r} is missing or not numeric at row {row!r}")
    dup = df.duplicated([city, firm], keep=False)
    if dup.any():
        d = df.loc[dup, [city, firm]].iloc[0]
        raise ValueError(f"pair ({d[city]!r}, {d[firm]!r}) appears more than once")
    work = pd.DataFrame({"city": df[city].to_numpy(), "firm": df[firm].to_numpy(), "v": vals.to_numpy(float)})
    mat = work.pivot(index="city", columns="firm", values="v").fillna(0.0).sort_index().sort_index(axis=1)
    mat.index.name, mat.columns.name = city, firm
    return mat


def interlocking_connectivity(V) -> np.ndarray | pd.DataFrame:
    r"""City-pair connectivity matrix of Taylor's interlocking network model.

    .. math::

        r_{ab} = \sum_j v_{aj} v_{bj} \quad (a \ne b), \qquad r_{aa} = 0,

    i.e. :math:`R = V V^\top` with a zero diagonal, where :math:`v_{aj}` is the service value of
    firm *j* in city *a*.

    Parameters
    ----------
    V : array_like or pandas.DataFrame of shape (n_cities, n_firms)
        Service values (non-negative).

    Returns
    -------
    numpy.ndarray or pandas.DataFrame of shape (n_cities, n_cities)
        Symmetric connectivities; a DataFrame labelled by city when ``V`` is one.

    Examples
    --------
    >>> import numpy as np
    >>> V = np.array([[5, 2], [2, 3], [0, 1]])
    >>> interlocking_connectivity(V)
    array([[ 0., 16.,  2.],
           [16.,  0.,  3.],
           [ 2.,  3.,  0.]])

    References
    ----------
    Taylor, P.J. (2001). Specification of the world city network. *Geographical Analysis*
    33(2):181-194 (equations for :math:`r_{abj}` and :math:`r_{ab}`).
    """
    arr, rows, _ = _as_matrix(V)
    R = arr @ arr.T
    np.fill_diagonal(R, 0.0)
    if rows is not None:
        return pd.DataFrame(R, index=rows, columns=rows)
    return R


def elemental_interlocks(V, city_a, city_b) -> np.ndarray | pd.Series:
    r"""Elemental interlocks :math:`r_{abj} = v_{aj} v_{bj}` of two cities, one per firm.

    Parameters
    ----------
    V : array_like or pandas.DataFrame of shape (n_cities, n_firms)
        Service values.
    city_a, city_b : int or label
        Row positions (array input) or row labels (DataFrame input).

    Returns
    -------
    numpy.ndarray or pandas.Series of shape (n_firms,)
        The per-firm products; their sum is :math:`r_{ab}`.

    References
    ----------
    Taylor, P.J. (2001). Specification of the world city network. *Geographical Analysis*
    33(2):181-194.
    """
    if isinstance(V, pd.DataFrame):
        for c in (city_a, city_b):
            if c not in V.index:
                raise ValueError(f"city {c!r} is not a row of V")
        out = V.loc[city_a].astype(float) * V.loc[city_b].astype(float)
        out.name = f"{city_a}-{city_b}"
        return out
    arr, _, _ = _as_matrix(V)
    return arr[city_a] * arr[city_b]


def global_network_connectivity(V, relative: bool = True, scale: float = 1.0) -> np.ndarray | pd.Series:
    r"""Global network connectivity (GNC) of each city in the interlocking network model.

    .. math::

        N_a = \sum_{b \ne a} r_{ab} = \sum_j v_{aj}\,(T_j - v_{aj}),
        \qquad T_j = \sum_b v_{bj},

    and, when ``relative``, the proportional connectivity :math:`P_a = s \cdot N_a / \max_b N_b`
    with ``scale`` :math:`s` (1.0 as in Taylor, Catalano & Walker 2002; 100 as in GaWC tables).

    Computed in :math:`O(n \cdot m)` without forming the city x city matrix.

    Parameters
    ----------
    V : array_like or pandas.DataFrame of shape (n_cities, n_firms)
        Service values.
    relative : bool, default True
        Divide by the highest connectivity.
    scale : float, default 1.0
        Multiplier of the relative value (use 100 for GaWC-style percentages).

    Returns
    -------
    numpy.ndarray or pandas.Series of shape (n_cities,)
        GNC per city; a Series named ``"gnc"`` (or ``"gnc_relative"``) when ``V`` is a DataFrame.

    Examples
    --------
    >>> import numpy as np
    >>> global_network_connectivity(np.array([[5, 2], [2, 3], [0, 1]]), relative=False)
    array([18., 19.,  5.])

    References
    ----------
    Taylor, P.J. (2001). Specification of the world city network. *Geographical Analysis*
    33(2):181-194.

    Taylor, P.J., Catalano, G. & Walker, D.R.F. (2002). Measurement of the world city network.
    *Urban Studies* 39(13):2367-2376.
    """
    arr, rows, _ = _as_matrix(V)
    total_by_firm = arr.sum(axis=0)
    gnc = (arr * (total_by_firm[None, :] - arr)).sum(axis=1)
    name = "gnc"
    if relative:
        top = gnc.max() if gnc.size else 0.0
        gnc = scale * gnc / top if top > 0 else np.zeros_like(gnc)
        name = "gnc_relative"
    if rows is not None:
        return pd.Series(gnc, index=rows, name=name)
    return gnc


def interlocking_table(V, scale: float = 1.0) -> pd.DataFrame:
    r"""Results table of the interlocking network model, one row per city, ranked by GNC.

    Columns: ``city``, ``service_total`` (:math:`\sum_j v_{aj}`), ``n_firms_present``
    (firms with :math:`v_{aj} > 0`), ``gnc`` (:math:`N_a`), ``gnc_relative``
    (:math:`s \cdot N_a / \max N`), ``rank`` (1 = most connected; ties share the lowest rank).

    Parameters
    ----------
    V : array_like or pandas.DataFrame of shape (n_cities, n_firms)
        Service values; row labels become ``city`` (positions for arrays).
    scale : float, default 1.0
        Multiplier of ``gnc_relative`` (100 for GaWC percentages).

    Returns
    -------
    pandas.DataFrame
        Sorted by ``gnc`` descending (ties by city).

    References
    ----------
    Taylor, P.J. (2004). *World City Network: A Global Urban Analysis*. Routledge, ch. 4.
    """
    arr, rows, _ = _as_matrix(V)
    labels = rows if rows is not None else list(range(arr.shape[0]))
    gnc = global_network_connectivity(arr, relative=False)
    top = gnc.max() if gnc.size else 0.0
    table = pd.DataFrame(
        {
            "city": labels,
            "service_total": arr.sum(axis=1),
            "n_firms_present": (arr > 0).sum(axis=1),
            "gnc": gnc,
            "gnc_relative": scale * gnc / top if top > 0 else np.zeros_like(gnc),
        }
    )
    table["rank"] = table["gnc"].rank(method="min", ascending=False).astype(int)
    return table.sort_values(["gnc", "city"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def bipartite_projection(
    B,
    *,
    project: str = "rows",
    diagonal: bool = False,
    weighting: str = "count",
) -> np.ndarray | pd.DataFrame:
    r"""One-mode projection of a two-mode (node x event) incidence matrix.

    With :math:`B_{ik}` the involvement of node *i* (e.g. a city) in event *k* (e.g. a
    co-invented patent, a co-authored paper, a firm),

    * ``weighting="count"``: :math:`C_{ij} = \sum_k B_{ik} B_{jk}` (:math:`C = B B^\top`);
      for 0/1 data the number of shared events;
    * ``weighting="newman"``: :math:`C_{ij} = \sum_k B_{ik} B_{jk} / (n_k - 1)` with
      :math:`n_k = \sum_i B_{ik}`, Newman's (2001) fractional weighting, so that each event of
      :math:`n_k` participants contributes a total tie weight of :math:`n_k` spread over its
      pairs (events with :math:`n_k \le 1` contribute nothing off the diagonal).

    The interlocking connectivity of :func:`interlocking_connectivity` is the ``count``
    projection of the service value matrix.

    Parameters
    ----------
    B : array_like, scipy.sparse matrix or pandas.DataFrame of shape (n_nodes, n_events)
        Incidence (0/1) or intensity (counts) matrix, non-negative.
    project : {"rows", "columns"}, default "rows"
        Which mode to project onto: ``"rows"`` gives :math:`B B^\top` (n_nodes x n_nodes),
        ``"columns"`` gives :math:`B^\top B`.
    diagonal : bool, default False
        Keep :math:`C_{ii} = \sum_k B_{ik}^2` (``count``) on the diagonal; otherwise 0.
    weighting : {"count", "newman"}, default "count"

    Returns
    -------
    numpy.ndarray or pandas.DataFrame
        Symmetric projection, labelled when ``B`` is a DataFrame.

    References
    ----------
    Breiger, R.L. (1974). The duality of persons and groups. *Social Forces* 53(2):181-190.

    Newman, M.E.J. (2001). Scientific collaboration networks. II. Shortest paths, weighted
    networks, and centrality. *Physical Review E* 64:016132.
    """
    import scipy.sparse as sp

    if project not in ("rows", "columns"):
        raise ValueError(f"project must be 'rows' or 'columns', got {project!r}")
    if weighting not in ("count", "newman"):
        raise ValueError(f"weighting must be 'count' or 'newman', got {weighting!r}")
    labels = None
    if sp.issparse(B):
        M = sp.csr_matrix(B, dtype=float)
        if M.nnz and (not np.all(np.isfinite(M.data)) or (M.data < 0).any()):
            raise ValueError("B must be finite and non-negative")
    else:
        arr, rows, cols = _as_matrix(B, "B")
        if (arr < 0).any():
            i, j = (int(x) for x in np.argwhere(arr < 0)[0])
            raise ValueError(f"B must be non-negative; entry ({i}, {j}) is {arr[i, j]!r}")
        M = arr
        labels = rows if project == "rows" else cols
    if project == "columns":
        M = M.T
    if weighting == "newman":
        size = np.asarray(M.sum(axis=0)).ravel()
        w = np.where(size > 1, 1.0 / np.where(size > 1, size - 1.0, 1.0), 0.0)
        Mw = M.multiply(w[None, :]) if sp.issparse(M) else M * w[None, :]
        C = Mw @ M.T
    else:
        C = M @ M.T
    C = C.toarray() if sp.issparse(C) else np.asarray(C, dtype=float)
    if not diagonal:
        np.fill_diagonal(C, 0.0)
    if labels is not None:
        return pd.DataFrame(C, index=labels, columns=labels)
    return C


def ownership_links(
    hq_city: Sequence,
    branch_city: Sequence,
    weights: Sequence | None = None,
    *,
    cities: Sequence | None = None,
    keep_self: bool = False,
) -> pd.DataFrame:
    r"""Directed headquarters -> branch city matrix from firm-establishment records.

    .. math::

        W_{ab} = \sum_{f} w_f \, [\,\mathrm{hq}(f) = a,\ \mathrm{branch}(f) = b\,],

    summed over records *f* (one per subsidiary/branch), with :math:`w_f = 1` (counts) unless
    ``weights`` (e.g. registered capital, employees, ownership share) are given. Row sums are
    a city's out-degree of control ("command"), column sums its in-degree ("dependence").

    Parameters
    ----------
    hq_city, branch_city : sequence of length n
        City id of the parent (headquarters) and of the branch/subsidiary of each record.
    weights : sequence of length n, optional
        Record weights (finite); default 1.
    cities : sequence, optional
        Node order of the output (must contain every city seen); default: sorted union.
    keep_self : bool, default False
        Keep same-city records on the diagonal; by default the diagonal is 0.

    Returns
    -------
    pandas.DataFrame
        Square matrix, rows = HQ city, columns = branch city.

    Raises
    ------
    ValueError
        On length mismatch, a missing city id or weight (naming the record), or a city not in
        ``cities``.

    References
    ----------
    Alderson, A.S. & Beckfield, J. (2004). Power and position in the world city system.
    *American Journal of Sociology* 109(4):811-851.

    Wall, R.S. & van der Knaap, G.A. (2011). Sectoral differentiation and network structure
    within contemporary worldwide corporate networks. *Economic Geography* 87(3):267-308.
    """
    hq = pd.Series(list(hq_city), dtype=object)
    br = pd.Series(list(branch_city), dtype=object)
    if len(hq) != len(br):
        raise ValueError(f"hq_city has {len(hq)} records but branch_city has {len(br)}")
    w = pd.Series(np.ones(len(hq)) if weights is None else pd.to_numeric(pd.Series(list(weights)), errors="coerce"))
    if len(w) != len(hq):
        raise ValueError(f"weights has {len(w)} records, expected {len(hq)}")
    for s, what in ((hq, "hq_city"), (br, "branch_city")):
        miss = s.isna().to_numpy()
        if miss.any():
            raise ValueError(f"{what} is missing at record {int(np.flatnonzero(miss)[0])}")
    bad = ~np.isfinite(w.to_numpy(dtype=float))
    if bad.any():
        raise ValueError(f"weight is missing or not finite at record {int(np.flatnonzero(bad)[0])}")
    seen = set(hq) | set(br)
    if cities is None:
        order = sorted(seen, key=lambda c: (str(type(c)), c))
    else:
        order = list(cities)
        unknown = seen - set(order)
        if unknown:
            raise ValueError(f"cities not in the given node list: {sorted(map(str, unknown))[:10]}")
    pos = {c: i for i, c in enumerate(order)}
    n = len(order)
    W = np.zeros((n, n))
    np.add.at(W, (hq.map(pos).to_numpy(int), br.map(pos).to_numpy(int)), w.to_numpy(float))
    if not keep_self:
        np.fill_diagonal(W, 0.0)
    return pd.DataFrame(W, index=pd.Index(order, name="hq_city"), columns=pd.Index(order, name="branch_city"))
