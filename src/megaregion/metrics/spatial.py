"""Spatial weights and spatial autocorrelation: thin wrappers around PySAL.

The statistics are PySAL's own (``libpysal`` weights, ``esda`` statistics), called, not
re-implemented. What the wrappers add: weights built from the project's inputs (shapely
polygons keyed by region id, lon/lat points), islands found and reported rather than silently
kept with a zero lag, row standardisation, and seeded permutation inference that gives the
same numbers on every run.

Formulas (n units, row-standardised weights w_ij, z_i = y_i - ȳ, S0 = Σ_ij w_ij):

* Global Moran's I (Moran 1950): ``I = (n / S0) Σ_ij w_ij z_i z_j / Σ_i z_i²``, with
  ``E[I] = -1 / (n - 1)``; I > E[I] means similar values cluster in space.
* Geary's C (Geary 1954): ``C = (n - 1) Σ_ij w_ij (y_i - y_j)² / (2 S0 Σ_i z_i²)``; C < 1 means
  positive autocorrelation, C > 1 negative, E[C] = 1.
* Local Moran (LISA, Anselin 1995): ``I_i = (z_i / m2) Σ_j w_ij z_j`` with ``m2 = Σ_i z_i² / n``;
  the quadrant of (z_i, lag z_i) classes a unit as HH (high among high), LH, LL, HL.

Inference is by permutation (Anselin 1995): the values are randomly reassigned to the units
(global), or the other values to a unit's neighbours with the unit held fixed ("conditional
randomisation", local), ``n_perm`` times; the pseudo p-value is ``(M + 1) / (n_perm + 1)``
where M counts the permutations at least as extreme as the observed statistic (in its
direction), so it is never below ``1 / (n_perm + 1)``.

These functions do no I/O and print nothing.

References
----------
Moran, P. A. P. (1950) Notes on continuous stochastic phenomena. *Biometrika* 37(1/2): 17-23.
Geary, R. C. (1954) The contiguity ratio and statistical mapping. *The Incorporated
Statistician* 5(3): 115-145.
Anselin, L. (1995) Local indicators of spatial association - LISA. *Geographical Analysis*
27(2): 93-115.
Rey, S. J. and Anselin, L. (2007) PySAL: a Python library of spatial analytical methods.
*Review of Regional Studies* 37(1): 5-27 (``libpysal``, ``esda``).
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["SpatialWeights", "queen_weights", "knn_weights", "parse_weights", "global_moran",
           "global_geary", "local_moran", "pseudo_p", "QUADRANTS", "EARTH_RADIUS_KM"]

#: Mean Earth radius (km) used for arc distances between lon/lat points (libpysal's value).
EARTH_RADIUS_KM = 6371.0088
#: esda's quadrant codes -> labels (Anselin 1995): 1 HH, 2 LH, 3 LL, 4 HL.
QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}


@dataclass
class SpatialWeights:
    """Row-standardised spatial weights over ``ids`` (islands removed) and what was removed.

    Attributes
    ----------
    w : ``libpysal.weights.W`` over the kept ids, ``transform = "r"`` (row-standardised).
    ids : the kept ids, in order (the order values must be given in).
    islands : ids without any neighbour; they are left out of ``w`` (a unit without neighbours
        has no spatial lag, and esda would count it with lag 0).
    kind : ``"queen"`` or ``"knn:K"``.
    """

    w: object
    ids: list
    islands: list
    kind: str

    @property
    def n(self) -> int:
        return len(self.ids)


def _finish(w, kind: str) -> SpatialWeights:
    from libpysal.weights import w_subset

    islands = list(w.islands)
    if islands:
        keep = [i for i in w.id_order if i not in set(islands)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            w = w_subset(w, keep)
    else:
        keep = list(w.id_order)
    w.transform = "r"
    return SpatialWeights(w, keep, islands, kind)


def queen_weights(geometries: dict) -> SpatialWeights:
    """Queen contiguity weights from polygons: two units are neighbours when their boundaries
    share at least one vertex (``libpysal.weights.Queen.from_iterable``), row-standardised.

    Parameters
    ----------
    geometries : id -> shapely Polygon / MultiPolygon, in the order the ids should take.

    Returns
    -------
    :class:`SpatialWeights`; ids without any neighbour are returned as ``islands`` and left out.

    Notes
    -----
    libpysal's contiguity test is exact: neighbours share a vertex coordinate. Both boundary
    files used here are topologically built (shared borders share vertices); a source whose
    neighbours do not would give islands, which are reported, not hidden.
    """
    from libpysal.weights import Queen

    ids = list(geometries)
    if len(ids) < 2:
        raise ValueError(f"queen weights need at least 2 polygons, got {len(ids)}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # libpysal warns about islands; they are reported instead
        w = Queen.from_iterable(list(geometries.values()), ids=ids)
    return _finish(w, "queen")


def knn_weights(lonlat: pd.DataFrame | np.ndarray, k: int, ids=None) -> SpatialWeights:
    """k-nearest-neighbour weights from lon/lat points by great-circle (arc) distance,
    row-standardised (``libpysal.weights.KNN`` with ``distance_metric="arc"``).

    Parameters
    ----------
    lonlat : n × 2, longitude then latitude in decimal degrees (a DataFrame's index gives the
        ids unless ``ids`` is given).
    k : neighbours per unit, 1 <= k < n.
    ids : optional ids in row order.

    Notes
    -----
    Distances are arc lengths on a sphere of radius :data:`EARTH_RADIUS_KM` (no projection).
    kNN weights are asymmetric (j may be among i's k nearest but not i among j's); every unit
    has exactly k neighbours, so there are no islands.
    """
    from libpysal.weights import KNN

    if isinstance(lonlat, pd.DataFrame):
        ids = list(lonlat.index) if ids is None else list(ids)
        pts = lonlat.to_numpy(dtype=float)
    else:
        pts = np.asarray(lonlat, dtype=float)
        ids = list(range(len(pts))) if ids is None else list(ids)
    n = len(pts)
    if pts.ndim != 2 or pts.shape[1] != 2 or not np.isfinite(pts).all():
        raise ValueError("lonlat must be n x 2 finite longitude, latitude pairs")
    if not 1 <= k < n:
        raise ValueError(f"k must be between 1 and n - 1 = {n - 1}, got {k}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = KNN.from_array(pts, k=k, ids=ids, distance_metric="arc", radius=EARTH_RADIUS_KM)
    return _finish(w, f"knn:{k}")


def parse_weights(spec: str) -> tuple[str, int | None]:
    """``"queen"`` -> ("queen", None); ``"knn:5"`` -> ("knn", 5). ValueError otherwise."""
    spec = (spec or "").strip().lower()
    if spec == "queen":
        return "queen", None
    if spec.startswith("knn:"):
        try:
            k = int(spec[4:])
        except ValueError:
            k = 0
        if k >= 1:
            return "knn", k
    raise ValueError(f"weights {spec!r}: use queen or knn:K with K a positive whole number (e.g. knn:5)")


@contextmanager
def _seeded(seed: int | None):
    """Seed NumPy's global generator for an esda call that draws from it, then restore it."""
    state = np.random.get_state()
    if seed is not None:
        np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def pseudo_p(sim, observed) -> np.ndarray | float:
    """Folded pseudo p-value of permutation draws, with ties counted on both sides.

    ``p = (min(#{sim >= obs}, #{sim <= obs}) + 1) / (n_perm + 1)``, per column of ``sim``
    (draws × statistics) against ``observed``; ties are values within ``1e-9`` relative (the
    same arrangement recomputed).

    Notes
    -----
    esda folds ``#{sim >= obs}`` onto ``n_perm - #{sim >= obs}``, which counts ties on one side
    only: where every draw equals the observed value (a unit whose neighbours are all the other
    units, three units on a triangle) esda reports the smallest p-value, ``1/(n_perm + 1)``,
    for a statistic that cannot vary. Counted on both sides such a p-value is 1. Without ties
    the two agree exactly (checked in the tests).
    """
    sim = np.asarray(sim, dtype=float)
    obs = np.asarray(observed, dtype=float)
    tie = np.isclose(sim, obs, rtol=1e-9, atol=1e-12)
    ge = ((sim > obs) | tie).sum(axis=0)
    le = ((sim < obs) | tie).sum(axis=0)
    p = (np.minimum(ge, le) + 1.0) / (sim.shape[0] + 1.0)
    return float(p.ravel()[0]) if np.ndim(obs) == 0 else p


def _y(y, sw: SpatialWeights) -> np.ndarray:
    arr = np.asarray(y.loc[sw.ids] if isinstance(y, pd.Series) else y, dtype=float)
    if arr.shape != (sw.n,):
        raise ValueError(f"y must have one value per unit of the weights ({sw.n}), got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError("y has missing or infinite values: leave those units out before building weights")
    if np.allclose(arr, arr[0]):
        raise ValueError("y is constant: spatial autocorrelation is undefined")
    return arr


def global_moran(y, sw: SpatialWeights, n_perm: int = 999, seed: int | None = 0):
    """Global Moran's I (Moran 1950) with permutation inference: ``esda.Moran``.

    Parameters
    ----------
    y : values in the order of ``sw.ids`` (array) or a Series indexed by id.
    sw : row-standardised weights (:func:`queen_weights`, :func:`knn_weights`).
    n_perm : random permutations (0: analytical inference only).
    seed : seed of the permutations (the same seed gives the same ``p_sim``).

    Returns
    -------
    ``esda.Moran``: ``I``, ``EI`` (-1/(n-1)), ``z_norm``/``p_norm`` (normality), ``z_sim``,
    ``p_sim`` (one-sided pseudo p-value in the direction of the observed I, ties counted on
    both sides: :func:`pseudo_p`; esda's own value is kept in ``p_sim_esda``).

    Examples
    --------
    >>> import numpy as np, libpysal
    >>> sw = _finish(libpysal.weights.lat2W(4, 4), "rook")
    >>> y = np.array([1., 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1])  # a checkerboard
    >>> round(global_moran(y, sw, n_perm=99).I, 4)
    -1.0
    """
    from esda.moran import Moran

    arr = _y(y, sw)
    with _seeded(seed), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mi = Moran(arr, sw.w, transformation="r", permutations=n_perm)
    if n_perm:
        mi.p_sim_esda = mi.p_sim
        mi.p_sim = pseudo_p(mi.sim[:, None], mi.I)
    return mi


def global_geary(y, sw: SpatialWeights, n_perm: int = 999, seed: int | None = 0):
    """Geary's C (Geary 1954) with permutation inference: ``esda.Geary``.

    Returns ``esda.Geary``: ``C`` (< 1 positive autocorrelation), ``EC`` (= 1), ``z_norm``,
    ``p_norm``, ``p_sim`` (pseudo p-value in the direction of the observed C).
    """
    from esda.geary import Geary

    arr = _y(y, sw)
    with _seeded(seed), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gc = Geary(arr, sw.w, transformation="r", permutations=n_perm)
    if n_perm:
        gc.p_sim_esda = gc.p_sim
        gc.p_sim = pseudo_p(np.asarray(gc.sim)[:, None], gc.C)
    return gc


def local_moran(y, sw: SpatialWeights, n_perm: int = 999, seed: int | None = 0,
                alpha: float = 0.05) -> pd.DataFrame:
    """Local Moran's I (LISA, Anselin 1995) with conditional permutations: ``esda.Moran_Local``.

    Parameters
    ----------
    y, sw, n_perm, seed : as :func:`global_moran`; the seed goes to esda's own generator.
    alpha : significance level of the pseudo p-values for the cluster label.

    Returns
    -------
    DataFrame indexed by id: ``value``, ``lag`` (row-standardised spatial lag of the value),
    ``Ii`` (local Moran), ``quadrant`` (HH, LH, LL, HL by the signs of z_i and its lag),
    ``p_sim`` (pseudo p-value, folded: the tail the observed I_i lies in, ties counted on both
    sides, :func:`pseudo_p`) and ``cluster``:
    the quadrant where ``p_sim <= alpha``, else ``"ns"`` (not significant).
    """
    from esda.moran import Moran_Local

    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie between 0 and 1, got {alpha}")
    arr = _y(y, sw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lm = Moran_Local(arr, sw.w, transformation="r", permutations=n_perm, seed=seed,
                         keep_simulations=True)
    quad = pd.Series(lm.q).map(QUADRANTS).to_numpy()
    p = pseudo_p(np.asarray(lm.sim), np.asarray(lm.Is)) if n_perm else np.full(len(arr), np.nan)
    out = pd.DataFrame({"value": arr, "lag": np.asarray(sw.w.sparse @ arr).ravel(),
                        "Ii": np.asarray(lm.Is, dtype=float), "quadrant": quad, "p_sim": p},
                       index=pd.Index(sw.ids, name="id", tupleize_cols=False))
    out["cluster"] = np.where(p <= alpha, quad, "ns") if n_perm else "ns"
    return out
