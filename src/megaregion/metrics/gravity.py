"""Gravity-type city interaction: distances, modified gravity matrices and PPML estimation.

Three families of tools live here.

* :func:`great_circle_km` - the haversine distance matrix between city centroids.
* :func:`gravity_matrix` and :func:`composite_mass` - *computed* (theoretical) gravity links,
  the standard way Chinese regional studies build a city-cluster network when no observed flow
  exists (修正引力模型, "modified gravity model").
* :func:`fit_ppml_gravity` - *estimated* gravity: a Poisson pseudo-maximum-likelihood (PPML)
  regression of observed flows on log distance with origin and destination fixed effects
  (Santos Silva & Tenreyro 2006), via :func:`pyfixest.fepois`.

All functions are pure: arrays or DataFrames in, arrays or DataFrames out.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = [
    "EARTH_RADIUS_KM",
    "PPMLGravityResult",
    "composite_mass",
    "distance_floor",
    "internal_distance_km",
    "top_pair_share",
    "fit_ppml_gravity",
    "gravity_matrix",
    "great_circle_km",
    "share_factor_matrix",
]

#: Mean Earth radius in km (IUGG mean radius R1 = 6371.0088 km; Moritz 2000, *Geodetic
#: Reference System 1980*, J. Geodesy 74:128-133).
EARTH_RADIUS_KM = 6371.0088


def _labels(values, ids) -> list | None:
    """Return the node labels: explicit ``ids``, else a pandas index, else ``None``."""
    if ids is not None:
        return list(ids)
    if isinstance(values, (pd.Series, pd.DataFrame)):
        return list(values.index)
    return None


def _name(labels: list | None, i: int) -> str:
    return f"index {i} ({labels[i]!r})" if labels is not None else f"index {i}"


def composite_mass(population, gdp) -> np.ndarray | pd.Series:
    r"""Composite city mass :math:`M_i = \sqrt{P_i G_i}` of population and GDP.

    This is the mass used by the "modified gravity model" (修正引力模型) common in Chinese
    city-cluster studies, where :math:`P_i` is the (registered or resident) population and
    :math:`G_i` the GDP of city *i* (see :func:`gravity_matrix` for the full model).

    Parameters
    ----------
    population : array_like of shape (n,)
        Population :math:`P_i` (any unit, must be >= 0).
    gdp : array_like of shape (n,)
        Gross domestic product :math:`G_i` (any unit, must be >= 0).

    Returns
    -------
    numpy.ndarray or pandas.Series
        :math:`\sqrt{P_i G_i}`; a Series (with the population's index) when ``population`` is
        a Series.

    Raises
    ------
    ValueError
        If the lengths differ or a value is negative or missing (the message names the index).

    References
    ----------
    邹晨, 欧向军, 孙丹 (2018). 长江三角洲城市群经济联系的空间结构演化分析.
    《资源开发与市场》 2018(1). (Modified gravity model with masses :math:`\sqrt{P G}`.)
    """
    p = np.asarray(population, dtype=float)
    g = np.asarray(gdp, dtype=float)
    if p.shape != g.shape or p.ndim != 1:
        raise ValueError(f"population and gdp must be 1-D of equal length, got {p.shape} and {g.shape}")
    labels = _labels(population, None)
    for arr, what in ((p, "population"), (g, "gdp")):
        bad = np.flatnonzero(~np.isfinite(arr) | (arr < 0))
        if bad.size:
            raise ValueError(f"{what} is missing or negative at {_name(labels, int(bad[0]))}")
    out = np.sqrt(p * g)
    if isinstance(population, pd.Series):
        return pd.Series(out, index=population.index, name="composite_mass")
    return out


def internal_distance_km(area_km2) -> np.ndarray:
    r"""Internal distance of a city treated as a disc of its land area.

    .. math::

        d_{ii} = \frac{2}{3} \sqrt{\frac{A_i}{\pi}},

    the mean distance from the centre of a disc of radius :math:`r = \sqrt{A/\pi}` to a point
    spread uniformly over it (Head & Mayer 2000; Redding & Venables 2004). It is also the
    *smallest* mean distance from any point of the disc to the disc's population (the centre
    minimises it), which is what makes it a lower bound in :func:`distance_floor`.

    Parameters
    ----------
    area_km2 : array_like of shape (n,)
        Land areas in km² (>= 0; NaN where unknown, which gives NaN).

    Returns
    -------
    numpy.ndarray of shape (n,)

    References
    ----------
    Head, K. & Mayer, T. (2000). Non-Europe: the magnitude and causes of market fragmentation
    in the EU. *Weltwirtschaftliches Archiv* 136(2):284-314.

    Redding, S. & Venables, A.J. (2004). Economic geography and international inequality.
    *Journal of International Economics* 62(1):53-82.
    """
    a = np.asarray(area_km2, dtype=float)
    if np.any(a[np.isfinite(a)] < 0):
        raise ValueError("land area must be >= 0")
    return (2.0 / 3.0) * np.sqrt(a / np.pi)


def distance_floor(distance, area_km2) -> tuple[np.ndarray, np.ndarray]:
    r"""Distances raised to a floor set by the two cities' internal distances.

    .. math::

        d^*_{ij} = \max\left(d_{ij},\; d_{ii},\; d_{jj}\right),
        \qquad d_{ii} = \tfrac{2}{3}\sqrt{A_i/\pi}\ (:func:`internal_distance_km`).

    Why: great-circle distances run between city *centres* (seats), which for two adjacent
    prefecture cities can be a few km apart (黄冈 and 鄂州, 7.3 km) although each city spans
    tens of km; in :math:`M_i M_j / d_{ij}^2` such a pair then outweighs every other pair of
    the region. Treating each city as a disc of its land area with its people spread
    uniformly, the mean distance from *any* point to the population of city *j* is at least
    :math:`d_{jj}` (the value at *j*'s centre), so the mean distance between the people of *i*
    and of *j* is at least :math:`\max(d_{ii}, d_{jj})`; the floor never exceeds that bound.
    Where an area is unknown (NaN) that city contributes no floor.

    Parameters
    ----------
    distance : array_like of shape (n, n)
    area_km2 : array_like of shape (n,)

    Returns
    -------
    (d_star, raised) : the floored distance matrix (diagonal kept) and a boolean matrix
        marking the off-diagonal pairs that were raised.
    """
    d = np.asarray(distance, dtype=float)
    r = internal_distance_km(area_km2)
    if d.ndim != 2 or d.shape != (r.size, r.size):
        raise ValueError(f"distance must be {r.size} x {r.size}; got shape {d.shape}")
    r = np.where(np.isfinite(r), r, 0.0)
    floor = np.maximum(r[:, None], r[None, :])
    off = ~np.eye(r.size, dtype=bool)
    raised = off & (d < floor)
    out = np.where(raised, floor, d)
    return out, raised


def top_pair_share(G) -> tuple[int, int, float]:
    """The city pair with the largest link weight (both directions summed) and its share of
    the total weight, ``(i, j, share)`` with ``i < j``. Used to warn when one pair dominates a
    computed gravity network. ``(-1, -1, nan)`` when the total is 0."""
    M = np.asarray(G, dtype=float).copy()
    np.fill_diagonal(M, 0.0)
    S = np.triu(M + M.T, 1)
    tot = S.sum()
    if tot <= 0:
        return -1, -1, float("nan")
    i, j = np.unravel_index(int(np.argmax(S)), S.shape)
    return int(i), int(j), float(S[i, j] / tot)


def share_factor_matrix(share) -> np.ndarray:
    r"""Directional share factor :math:`K_{ij} = G_i / (G_i + G_j)`.

    In the modified gravity model, :math:`K_{ij}` is city *i*'s share of the pair's combined
    GDP; it makes the link matrix asymmetric (:math:`K_{ij} + K_{ji} = 1`) so that the larger
    economy of a pair is credited with the larger part of the interaction.

    Parameters
    ----------
    share : array_like of shape (n,)
        The share variable :math:`G_i` (usually GDP), >= 0.

    Returns
    -------
    numpy.ndarray of shape (n, n)
        :math:`K_{ij}`; pairs where :math:`G_i + G_j = 0` get 0.5 (an even split).

    References
    ----------
    邹晨, 欧向军, 孙丹 (2018). 长江三角洲城市群经济联系的空间结构演化分析.
    《资源开发与市场》 2018(1).
    """
    g = np.asarray(share, dtype=float)
    if g.ndim != 1:
        raise ValueError("share must be 1-D")
    bad = np.flatnonzero(~np.isfinite(g) | (g < 0))
    if bad.size:
        raise ValueError(f"share variable is missing or negative at {_name(_labels(share, None), int(bad[0]))}")
    total = g[:, None] + g[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        k = np.where(total > 0, g[:, None] / np.where(total > 0, total, 1.0), 0.5)
    return k


def gravity_matrix(
    mass_i,
    mass_j=None,
    *,
    distance,
    beta: float | tuple[float, float] = 1.0,
    gamma: float = 2.0,
    k: float = 1.0,
    share_factor=False,
    ids: Sequence | None = None,
) -> np.ndarray | pd.DataFrame:
    r"""Computed gravity interaction matrix between cities.

    The generic modified gravity link is

    .. math::

        G_{ij} = k \, K_{ij} \, \frac{M_i^{a} \, M_j^{b}}{d_{ij}^{\gamma}},
        \qquad G_{ii} = 0,

    with origin exponent :math:`a` and destination exponent :math:`b` (``beta``), distance
    decay :math:`\gamma` (``gamma``) and an optional directional share factor
    :math:`K_{ij} = G_i / (G_i + G_j)` (``share_factor``; :math:`K_{ij} = 1` when off).

    The variant used throughout the Chinese city-cluster literature (修正引力模型) is

    .. math::

        R_{ij} = K_{ij} \, \frac{\sqrt{P_i G_i} \, \sqrt{P_j G_j}}{D_{ij}^2},
        \qquad K_{ij} = \frac{G_i}{G_i + G_j},

    obtained with ``mass_i=composite_mass(P, G)``, ``beta=1``, ``gamma=2`` and
    ``share_factor=G``. Without the share factor the matrix is symmetric whenever
    ``mass_j`` is ``mass_i`` and :math:`a = b`.

    Parameters
    ----------
    mass_i : array_like of shape (n,)
        Origin masses :math:`M_i` (>= 0). A pandas Series labels the result.
    mass_j : array_like of shape (m,), optional
        Destination masses; defaults to ``mass_i`` (the usual one-mode city network).
    distance : array_like of shape (n, m)
        Distances :math:`d_{ij}` (> 0 off the diagonal), e.g. from :func:`great_circle_km`,
        road or rail travel time.
    beta : float or (float, float), default 1.0
        Mass exponents; a single number is used for both origin (:math:`a`) and destination
        (:math:`b`).
    gamma : float, default 2.0
        Distance-decay exponent :math:`\gamma`.
    k : float, default 1.0
        Gravitational constant (a pure scale factor).
    share_factor : bool or array_like of shape (n,), default False
        ``False``: no share factor. An array: the share variable :math:`G_i` (usually GDP) in
        :math:`K_{ij} = G_i/(G_i+G_j)`. ``True``: use ``mass_i`` itself as :math:`G_i`.
        Needs a square problem (``mass_j`` omitted or of the same length).
    ids : sequence, optional
        Node labels used in error messages and to label the output (default: the index of
        ``mass_i`` when it is a Series).

    Returns
    -------
    numpy.ndarray or pandas.DataFrame of shape (n, m)
        The link matrix; a DataFrame (rows = origins, columns = destinations) when labels are
        known. For a square problem the diagonal is 0.

    Raises
    ------
    ValueError
        On shape mismatch, missing/negative masses, or a zero, negative or missing distance off
        the diagonal (the message names the pair).

    References
    ----------
    Zipf, G.K. (1946). The P1 P2/D hypothesis: on the intercity movement of persons.
    *American Sociological Review* 11(6):677-686.

    邹晨, 欧向军, 孙丹 (2018). 长江三角洲城市群经济联系的空间结构演化分析.
    《资源开发与市场》 2018(1) (modified gravity model on the 26 cities of the Yangtze River
    Delta city cluster).

    Examples
    --------
    >>> import numpy as np
    >>> d = np.array([[0.0, 2.0], [2.0, 0.0]])
    >>> gravity_matrix(np.array([2.0, 8.0]), distance=d, gamma=2.0)
    array([[0., 4.],
           [4., 0.]])
    """
    mi = np.asarray(mass_i, dtype=float)
    square = mass_j is None
    mj = mi if square else np.asarray(mass_j, dtype=float)
    if mi.ndim != 1 or mj.ndim != 1:
        raise ValueError("masses must be 1-D arrays")
    square = square or mi.shape == mj.shape
    labels = _labels(mass_i, ids)
    col_labels = labels if (mass_j is None or not isinstance(mass_j, pd.Series)) else list(mass_j.index)
    d = np.asarray(distance, dtype=float)
    if d.shape != (mi.size, mj.size):
        raise ValueError(f"distance has shape {d.shape}, expected {(mi.size, mj.size)}")
    for arr, what, lab in ((mi, "mass_i", labels), (mj, "mass_j", col_labels)):
        bad = np.flatnonzero(~np.isfinite(arr) | (arr < 0))
        if bad.size:
            raise ValueError(f"{what} is missing or negative at {_name(lab, int(bad[0]))}")
    a, b = (beta, beta) if np.isscalar(beta) else tuple(beta)
    offdiag = np.ones(d.shape, dtype=bool)
    if square:
        np.fill_diagonal(offdiag, False)
    bad = offdiag & ~(np.isfinite(d) & (d > 0))
    if bad.any():
        i, j = (int(x) for x in np.argwhere(bad)[0])
        li = labels[i] if labels is not None else None
        lj = col_labels[j] if col_labels is not None else None
        pair = f"({i}, {j})" + (f" = ({li!r}, {lj!r})" if li is not None else "")
        raise ValueError(
            f"distance must be positive and finite off the diagonal; pair {pair} has {d[i, j]!r}"
            f" ({int(bad.sum())} bad pair(s) in all)"
        )
    safe_d = np.where(offdiag, d, 1.0)
    out = k * np.power(mi, a)[:, None] * np.power(mj, b)[None, :] / np.power(safe_d, gamma)
    if share_factor is not False and share_factor is not None:
        if not square:
            raise ValueError("share_factor needs a square (one-mode) problem")
        share = mi if share_factor is True else share_factor
        out = out * share_factor_matrix(share)
    out[~offdiag] = 0.0
    if labels is not None:
        return pd.DataFrame(out, index=labels, columns=col_labels if col_labels is not None else labels)
    return out


def great_circle_km(lat, lon, ids: Sequence | None = None, radius_km: float = EARTH_RADIUS_KM) -> np.ndarray:
    r"""Great-circle distance matrix (km) by the haversine formula.

    .. math::

        d_{ij} = 2R \arcsin \sqrt{\sin^2\frac{\varphi_j-\varphi_i}{2}
                 + \cos\varphi_i \cos\varphi_j \sin^2\frac{\lambda_j-\lambda_i}{2}}

    with latitudes :math:`\varphi`, longitudes :math:`\lambda` (radians) and mean Earth radius
    :math:`R = 6371.0088` km. Spherical error is below 0.5 % against the WGS-84 ellipsoid.

    Parameters
    ----------
    lat, lon : array_like of shape (n,)
        Latitudes and longitudes in decimal degrees (WGS-84).
    ids : sequence, optional
        Node labels for error messages (default: the index when ``lat`` is a Series).
    radius_km : float, default 6371.0088
        Sphere radius.

    Returns
    -------
    numpy.ndarray of shape (n, n)
        Symmetric distances with a zero diagonal.

    Raises
    ------
    ValueError
        If a coordinate is missing or out of range; the message names the indices and ids.

    References
    ----------
    Sinnott, R.W. (1984). Virtues of the haversine. *Sky and Telescope* 68(2):159.
    """
    la = np.asarray(lat, dtype=float)
    lo = np.asarray(lon, dtype=float)
    if la.shape != lo.shape or la.ndim != 1:
        raise ValueError(f"lat and lon must be 1-D of equal length, got {la.shape} and {lo.shape}")
    labels = _labels(lat, ids)
    missing = np.flatnonzero(~np.isfinite(la) | ~np.isfinite(lo))
    if missing.size:
        names = ", ".join(_name(labels, int(i)) for i in missing[:10])
        more = f" and {missing.size - 10} more" if missing.size > 10 else ""
        raise ValueError(f"missing coordinates at {names}{more}")
    out_of_range = np.flatnonzero((np.abs(la) > 90) | (np.abs(lo) > 180))
    if out_of_range.size:
        names = ", ".join(_name(labels, int(i)) for i in out_of_range[:10])
        raise ValueError(f"coordinates out of range (|lat| <= 90, |lon| <= 180) at {names}")
    phi = np.radians(la)
    lam = np.radians(lo)
    dphi = phi[None, :] - phi[:, None]
    dlam = lam[None, :] - lam[:, None]
    h = np.sin(dphi / 2.0) ** 2 + np.cos(phi)[:, None] * np.cos(phi)[None, :] * np.sin(dlam / 2.0) ** 2
    d = 2.0 * radius_km * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    np.fill_diagonal(d, 0.0)
    return d


@dataclass
class PPMLGravityResult:
    """Result of :func:`fit_ppml_gravity`.

    Attributes
    ----------
    coef : pandas.Series
        Coefficients (``log_dist`` is the distance elasticity; extras follow).
    se : pandas.Series
        Standard errors of the requested ``vcov`` type.
    predicted : pandas.Series
        Fitted flows :math:`\\hat\\mu_{ij}` aligned to the input rows; NaN for rows pyfixest
        dropped (e.g. an origin or destination whose flows are all zero).
    n_obs : int
        Observations used.
    vcov : str
        The variance estimator used.
    dropped_rows : list
        Index labels of the input rows left out of the estimation.
    """

    coef: pd.Series
    se: pd.Series
    predicted: pd.Series
    n_obs: int
    vcov: str
    dropped_rows: list = field(default_factory=list)

    def summary(self) -> pd.DataFrame:
        """Coefficient table with estimate, standard error and z value."""
        return pd.DataFrame({"coef": self.coef, "se": self.se, "z": self.coef / self.se})


def fit_ppml_gravity(
    flows_df: pd.DataFrame,
    origin: str,
    destination: str,
    flow: str,
    distance: str,
    extra: Sequence[str] | None = None,
    vcov: str | dict = "hetero",
) -> PPMLGravityResult:
    r"""PPML structural gravity with origin and destination fixed effects.

    Fits by Poisson pseudo-maximum likelihood

    .. math::

        E[F_{ij}] = \exp\left(\beta \ln d_{ij} + \textstyle\sum_k \theta_k x_{ij,k}
                    + \alpha_i + \delta_j\right),

    where :math:`\alpha_i` and :math:`\delta_j` are origin and destination fixed effects (the
    multilateral-resistance / mass terms) and :math:`\beta` is the distance elasticity. PPML is
    consistent under heteroskedasticity and keeps zero flows (Santos Silva & Tenreyro 2006).
    Estimation calls ``pyfixest.fepois("flow ~ log_dist [+ extra] | origin + destination")``.

    Parameters
    ----------
    flows_df : pandas.DataFrame
        One row per origin-destination pair.
    origin, destination : str
        Columns with origin and destination ids.
    flow : str
        Column with the observed flow (>= 0; zeros allowed).
    distance : str
        Column with the distance (> 0); it enters as its natural log, ``log_dist``.
    extra : sequence of str, optional
        Further pair-level regressors (e.g. contiguity, same-province dummy) entered as is.
    vcov : str or dict, default "hetero"
        Any pyfixest ``vcov``: ``"hetero"`` (Eicker-Huber-White sandwich times the
        small-sample factor :math:`N/(N-k)`, *k* counting the fixed effects), ``"iid"`` or
        ``{"CRV1": "pair"}``-style clustering on a column of ``flows_df``.

    Returns
    -------
    PPMLGravityResult

    Raises
    ------
    ValueError
        On missing columns, negative/missing flows or non-positive distances (the message names
        the first offending row).

    References
    ----------
    Santos Silva, J.M.C. & Tenreyro, S. (2006). The log of gravity. *Review of Economics and
    Statistics* 88(4):641-658.

    Yotov, Y.V., Piermartini, R., Monteiro, J.-A. & Larch, M. (2016). *An Advanced Guide to
    Trade Policy Analysis: The Structural Gravity Model*. WTO/UNCTAD.
    """
    import pyfixest as pf

    extra = list(extra or [])
    needed = [origin, destination, flow, distance, *extra]
    if isinstance(vcov, dict):
        needed += [c for c in vcov.values() if isinstance(c, str)]
    missing = [c for c in dict.fromkeys(needed) if c not in flows_df.columns]
    if missing:
        raise ValueError(f"flows_df lacks column(s) {missing}; it has {list(flows_df.columns)}")
    y = pd.to_numeric(flows_df[flow], errors="coerce")
    bad = ~np.isfinite(y.to_numpy(dtype=float)) | (y.to_numpy(dtype=float) < 0)
    if bad.any():
        row = flows_df.index[np.flatnonzero(bad)[0]]
        raise ValueError(f"flow column {flow!r} must be finite and >= 0; row {row!r} has {flows_df.loc[row, flow]!r}")
    dist = pd.to_numeric(flows_df[distance], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(dist) | (dist <= 0)
    if bad.any():
        row = flows_df.index[np.flatnonzero(bad)[0]]
        raise ValueError(
            f"distance column {distance!r} must be > 0 (log distance); row {row!r} has {flows_df.loc[row, distance]!r}"
        )
    work = pd.DataFrame(
        {
            "flow_": y.to_numpy(dtype=float),
            "log_dist": np.log(dist),
            "origin_": flows_df[origin].astype(str).to_numpy(),
            "destination_": flows_df[destination].astype(str).to_numpy(),
        }
    )
    extra_names = []
    for i, col in enumerate(extra):
        name = f"x{i}_"
        work[name] = pd.to_numeric(flows_df[col], errors="coerce").to_numpy(dtype=float)
        extra_names.append(name)
    vcov_arg = vcov
    if isinstance(vcov, dict):
        vcov_arg = {}
        for key, col in vcov.items():
            work[f"cl_{col}_"] = flows_df[col].astype(str).to_numpy()
            vcov_arg[key] = f"cl_{col}_"
    rhs = " + ".join(["log_dist", *extra_names])
    with warnings.catch_warnings():
        # pyfixest 0.60 on pandas 3 emits "inplace keyword is deprecated" warnings internally
        warnings.filterwarnings("ignore", message=r"The inplace keyword", module=r"pyfixest.*")
        fit = pf.fepois(f"flow_ ~ {rhs} | origin_ + destination_", data=work, vcov=vcov_arg)
    rename = {"log_dist": "log_dist", **{n: c for n, c in zip(extra_names, extra)}}
    coef = fit.coef().rename(index=rename)
    se = fit.se().rename(index=rename)
    coef.name, se.name = "coef", "se"
    pred = np.asarray(fit.predict(newdata=work, type="response"), dtype=float)
    na_index = fit._na_index
    if na_index is None:
        dropped_set: set[int] = set()
    elif isinstance(na_index, (set, frozenset)):
        dropped_set = {int(i) for i in na_index}
    else:
        dropped_set = {int(i) for i in np.asarray(na_index).ravel()}
    dropped_set |= {int(i) for i in np.flatnonzero(~np.isfinite(pred))}
    dropped_pos = sorted(dropped_set)
    pred[dropped_pos] = np.nan
    predicted = pd.Series(pred, index=flows_df.index, name="predicted_flow")
    return PPMLGravityResult(
        coef=coef,
        se=se,
        predicted=predicted,
        n_obs=int(fit._N),
        vcov=str(vcov),
        dropped_rows=[flows_df.index[i] for i in dropped_pos],
    )
