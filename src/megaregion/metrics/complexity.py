"""Economic complexity: RCA, presence, ECI/PCI, proximity, density, COI, COG.

Pure numeric kernels on a location × activity matrix (rows = locations c, e.g.
counties or cities; columns = activities p, e.g. 4-digit NAICS industries or
patent classes). Definitions follow the Python package ``ecomplexity`` 0.5.3
(Harvard Growth Lab, https://github.com/cid-harvard/py-ecomplexity) exactly, and
are checked against it on real US County Business Patterns data in
``tests/test_complexity.py`` (reference file made by
``tests/reference/make_ecomplexity_reference.py``).

Formulas (X = values, e.g. employees)
-------------------------------------
* RCA (Balassa 1965): RCA_cp = (X_cp / Σ_p X_cp) / (Σ_c X_cp / Σ_cp X_cp)
* Presence: M_cp = 1 if RCA_cp ≥ threshold (default 1) else 0
* Diversity k_c,0 = Σ_p M_cp; ubiquity k_p,0 = Σ_c M_cp
* ECI/PCI, eigenvector method (Hausmann et al. 2014, *Atlas of Economic
  Complexity*): M̃^P_pp' = Σ_c M_cp M_cp' / (k_p,0 k_c,0); PCI ∝ eigenvector of
  the second-largest eigenvalue of M̃^P; ECI ∝ K_c = (1/k_c,0) Σ_p M_cp PCI_p
  (equivalently the second eigenvector of M̃^C = D⁻¹ M U⁻¹ Mᵀ).
* Sign: chosen so that corr(ECI, diversity) > 0; PCI gets the same sign.
* Standardisation (as Stata/Python ecomplexity): ECI = (K_c − mean K_c)/sd K_c,
  PCI = (K_p − mean K_c)/sd K_c (ECI's mean and sd, population sd, ddof = 0),
  which keeps ECI_c = mean of PCI_p over the activities with M_cp = 1.
* Method of reflections (Hidalgo & Hausmann 2009): k_c,N = (1/k_c,0) Σ_p M_cp
  k_p,N−1, k_p,N = (1/k_p,0) Σ_c M_cp k_c,N−1; standardised each step it
  converges to the eigenvector solution.
* Proximity (Hidalgo et al. 2007): φ_pp' = min(P(p|p'), P(p'|p)) =
  Σ_c M_cp M_cp' / max(k_p,0, k_p',0).
* Density: d_cp = Σ_p' M_cp' φ_pp' / Σ_p' φ_pp'.
* Complexity outlook index (ecomplexity convention): COI_c = Σ_p d_cp (1 − M_cp)
  PCI*_p, then standardised over locations. The Atlas writes
  Σ_p (1 − d_cp)(1 − M_cp) PCI_p with d_cp the *distance* (= 1 − density), i.e.
  the same density-weighted sum.
* Complexity outlook gain (ecomplexity convention): COG_cp = (1 − M_cp)
  Σ_p' (1 − M_cp') φ_pp' / (Σ_p'' φ_p'p'') PCI*_p'. The Atlas formula also
  subtracts the term (1 − distance_cp) PCI_p = d_cp PCI_p; choose it with
  ``outlook="atlas"``.
* PCI* (ecomplexity detail): COI and COG are computed from the PCI *before* its
  shift by mean K_c, i.e. PCI*_p = K_p / sd(K_c) = PCI_p + mean(K_c)/sd(K_c);
  COG is then in those units and COI is standardised. ``outlook="atlas"`` uses
  the standardised PCI and leaves COI unstandardised.

Unknown (suppressed or withheld) cells
--------------------------------------
A cell whose value was not published is *unknown*, not zero. Every kernel takes an optional
``known`` mask (True = observed; default: all observed, which gives exactly the formulas above
and ecomplexity's numbers). An unknown cell is neither present nor absent:

* RCA: the shares use the sums of the observed cells only; RCA of an unknown cell is NaN and
  M_cp = 0 there (it is not *known* to be present), so diversity and ubiquity count known
  presences. ECI/PCI only ever average over presences (ECI_c = mean PCI over M_cp = 1), so
  they need no further change.
* Proximity: both conditional probabilities of Hidalgo et al. (2007) are taken over the
  locations where the conditioned activity is observed:
  P(p|p') = Σ_c M_cp M_cp' / Σ_c K_cp M_cp' with K the known mask, and φ_pp' = min(P(p|p'),
  P(p'|p)) = Σ_c M_cp M_cp' / max(Σ_c K_cp M_cp', Σ_c K_cp' M_cp). A location where p is
  unknown neither confirms nor contradicts that p goes with p'.
* Density (Hidalgo et al. 2007; Hausmann et al. 2014, "distance" = 1 − density): unknown
  activities p' of location c leave both the numerator and the denominator,
  d_cp = Σ_p' K_cp' M_cp' φ_pp' / Σ_p' K_cp' φ_pp'.
* COI and COG (Hausmann et al. 2014): only *known absent* activities (K = 1, M = 0) count as
  opportunities, in the outer factor (1 − M_cp) and in the sum over p'; the COG of an unknown
  cell is NaN, so it can never be ranked or recommended.

With every cell known all of these reduce to the formulas above.

Zero rows and columns
---------------------
ecomplexity drops locations whose total value is 0 and activities whose total is
0 before anything else; :func:`economic_complexity` does the same and reports
what it dropped. With threshold 1 every remaining location has diversity ≥ 1 and
every activity ubiquity ≥ 1 (RCA averages to 1 with positive weights). With a
threshold > 1 some may have zero diversity/ubiquity: their ECI/PCI is NaN and the
standardisation uses the others (ecomplexity 0.5.3 returns all-NaN ECI in that
case because its mean includes the NaN; this is the one deliberate difference).

References
----------
Balassa, B. (1965). Trade liberalisation and "revealed" comparative advantage.
*The Manchester School* 33(2): 99–123.
Hidalgo, C. A., Klinger, B., Barabási, A.-L. & Hausmann, R. (2007). The product
space conditions the development of nations. *Science* 317: 482–487.
Hidalgo, C. A. & Hausmann, R. (2009). The building blocks of economic complexity.
*PNAS* 106(26): 10570–10575.
Hausmann, R., Hidalgo, C. A., Bustos, S., Coscia, M., Simoes, A. & Yildirim, M. A.
(2014). *The Atlas of Economic Complexity*. MIT Press.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.linalg

__all__ = [
    "ComplexityResult",
    "complexity_outlook_gain",
    "complexity_outlook_index",
    "diversity_ubiquity",
    "eci_pci",
    "eci_pci_reflections",
    "economic_complexity",
    "matrix_from_long",
    "presence_matrix",
    "proximity",
    "rca",
    "rca_upper_bound",
    "relatedness_density",
]


def _matrix(X, name: str = "X", known=None) -> np.ndarray:
    arr = np.asarray(X, dtype=float)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D location × activity matrix, got shape {arr.shape}")
    nan = np.isnan(arr)
    if known is not None:
        nan &= _known(known, arr.shape)
    if nan.any():
        raise ValueError(
            f"{name} contains NaN; mark suppressed/missing cells as unknown with `known` "
            "(or fill them explicitly) before calling"
        )
    if np.isinf(arr).any():
        raise ValueError(f"{name} contains infinite values")
    return arr


def _known(known, shape) -> np.ndarray:
    """The known mask as a boolean array of ``shape`` (all True for ``None``)."""
    if known is None:
        return np.ones(shape, dtype=bool)
    k = np.asarray(known, dtype=bool)
    if k.shape != tuple(shape):
        raise ValueError(f"known mask has shape {k.shape}, expected {tuple(shape)}")
    return k


def matrix_from_long(df: pd.DataFrame, location: str, activity: str, value: str) -> pd.DataFrame:
    """Dense location × activity matrix from a long table, summing duplicate pairs.

    Absent (location, activity) pairs become 0, which is how suppressed CBP cells
    (no row published) are treated. NaN in ``value`` raises ``ValueError``; labels
    are sorted. Equivalent to ``df.pivot_table(index=location, columns=activity,
    values=value, aggfunc="sum", fill_value=0)`` but vectorised with ``bincount``.
    """
    vals = df[value].to_numpy(dtype=float)
    if np.isnan(vals).any():
        raise ValueError(f"column {value!r} has NaN; decide how to fill suppressed cells first")
    li, locs = pd.factorize(df[location], sort=True)
    ai, acts = pd.factorize(df[activity], sort=True)
    if (li < 0).any() or (ai < 0).any():
        raise ValueError(f"missing labels in {location!r} or {activity!r}")
    flat = np.bincount(li * len(acts) + ai, weights=vals, minlength=len(locs) * len(acts))
    return pd.DataFrame(
        flat.reshape(len(locs), len(acts)),
        index=pd.Index(locs, name=location),
        columns=pd.Index(acts, name=activity),
    )


def rca(X, known=None) -> np.ndarray:
    r"""Balassa revealed comparative advantage (location quotient).

    .. math:: RCA_{cp} = \frac{X_{cp}/\sum_{p'} X_{cp'}}{\sum_{c'} X_{c'p}/\sum_{c'p'} X_{c'p'}}

    Parameters
    ----------
    X : 2-D array (locations × activities), non-negative; NaN only where ``known`` is False
    known : 2-D boolean array, optional
        False for unknown (suppressed/withheld) cells: they are left out of every sum and get
        RCA NaN (see the module docstring). Default: all known.

    Returns
    -------
    ndarray
        Same shape. Rows or columns with zero total give NaN (0/0); drop them
        first (as :func:`economic_complexity` does).
    """
    x = _matrix(X, known=known)
    k = _known(known, x.shape)
    x = np.where(k, x, 0.0)
    if (x < 0).any():
        raise ValueError("values must be non-negative for RCA")
    row = x.sum(axis=1, keepdims=True)
    col = x.sum(axis=0, keepdims=True)
    tot = x.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (x / row) / (col / tot)
    return np.where(k, out, np.nan)


def rca_upper_bound(X, known, upper) -> np.ndarray:
    r"""The largest RCA an unknown cell could have, given an upper bound on its value.

    For an unknown cell with value at most :math:`U_{cp}`, and the sums of the *known* cells
    :math:`R_c = \sum_{p'} X_{cp'}`, :math:`C_p = \sum_{c'} X_{c'p}`, :math:`T = \sum X`,

    .. math:: \overline{RCA}_{cp} = \frac{U_{cp}/(R_c + U_{cp})}{(C_p + U_{cp})/(T + U_{cp})},

    which rises with :math:`U_{cp}` (Balassa 1965 RCA with the cell set to its bound). If it is
    below the presence threshold the cell is absent whatever its true value. Known cells get NaN.

    Parameters
    ----------
    X : 2-D array, values of the known cells (anything where ``known`` is False)
    known : 2-D boolean array, False for unknown cells
    upper : 2-D array, the upper bound of each unknown cell (≥ 0; ``inf`` = no bound)
    """
    x = _matrix(X, known=known)
    k = _known(known, x.shape)
    x = np.where(k, x, 0.0)
    u = np.asarray(upper, dtype=float)
    if u.shape != x.shape:
        raise ValueError(f"upper has shape {u.shape}, expected {x.shape}")
    row = x.sum(axis=1, keepdims=True)
    col = x.sum(axis=0, keepdims=True)
    tot = x.sum()
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        b = (u / (row + u)) * ((tot + u) / (col + u))
    b = np.where(np.isinf(u), np.inf, b)  # U → ∞: the bound is (T+U)/(C+U) · 1 → unbounded share
    b = np.where(u <= 0, 0.0, b)
    return np.where(k, np.nan, b)


def presence_matrix(rca_values, threshold: float = 1.0) -> np.ndarray:
    """Binary presence M_cp = 1 if RCA_cp ≥ ``threshold`` else 0 (NaN → 0), as float."""
    r = np.asarray(rca_values, dtype=float)
    return np.where(np.nan_to_num(r, nan=0.0) >= threshold, 1.0, 0.0)


def diversity_ubiquity(M) -> tuple[np.ndarray, np.ndarray]:
    """Diversity k_c,0 = Σ_p M_cp (row sums) and ubiquity k_p,0 = Σ_c M_cp (column sums)."""
    m = _matrix(M, "M")
    return m.sum(axis=1), m.sum(axis=0)


def _standardise(kc: np.ndarray, kp: np.ndarray, diversity: np.ndarray):
    """Sign by corr(K_c, diversity); ECI, PCI standardised with K_c's mean and sd (ddof 0)."""
    ok = ~np.isnan(kc)
    s = np.sign(np.corrcoef(diversity[ok], kc[ok])[0, 1])
    if s == 0 or np.isnan(s):
        s = 1.0
    kc, kp = s * kc, s * kp
    mu, sd = np.nanmean(kc), np.nanstd(kc)
    return (kc - mu) / sd, (kp - mu) / sd, kp / sd


def _valid(M):
    m = _matrix(M, "M")
    kc, kp = m.sum(axis=1), m.sum(axis=0)
    rows, cols = kc > 0, kp > 0
    return m, kc, kp, rows, cols


def eci_pci(M, return_unshifted: bool = False):
    r"""ECI and PCI by the eigenvector method (Hausmann et al. 2014).

    :math:`\tilde M^P_{pp'} = \sum_c M_{cp}M_{cp'}/(k_{p,0}k_{c,0})`; K_p is the
    eigenvector of its second-largest eigenvalue, :math:`K_c = (1/k_{c,0})\sum_p
    M_{cp}K_p`. Sign: corr(ECI, diversity) > 0. ECI = (K_c − mean K_c)/sd K_c,
    PCI = (K_p − mean K_c)/sd K_c (population sd), as ``ecomplexity`` 0.5.3.

    Computed through the symmetric matrix :math:`S = U^{-1/2} M^T D^{-1} M
    U^{-1/2}` (same eigenvalues; :math:`K_p = U^{-1/2} v`), solved with
    ``scipy.linalg.eigh`` for the two largest eigenpairs only, which is faster
    and numerically stabler than the general (non-symmetric) eigensolver.

    Parameters
    ----------
    M : 2-D binary array (locations × activities)
    return_unshifted : bool
        Also return PCI* = K_p / sd(K_c) (the scale used by ecomplexity for COI/COG).

    Returns
    -------
    eci, pci (, pci_unshifted) : ndarrays
        NaN for locations with zero diversity / activities with zero ubiquity.
    """
    m, kc0, kp0, rows, cols = _valid(M)
    mv = m[np.ix_(rows, cols)]
    d, u = kc0[rows], kp0[cols]
    if mv.shape[0] < 2 or mv.shape[1] < 2:
        raise ValueError("need at least two locations and two activities with presence")
    isq = 1.0 / np.sqrt(u)
    A = mv * isq[None, :]
    S = A.T @ (A / d[:, None])
    k = S.shape[0]
    # only the two largest eigenpairs are needed (LAPACK ?syevr with an index range)
    _, vecs = scipy.linalg.eigh(S, subset_by_index=[k - 2, k - 1], driver="evr")
    kp = isq * vecs[:, 0]
    kc = (mv @ kp) / d
    eci = np.full(m.shape[0], np.nan)
    pci = np.full(m.shape[1], np.nan)
    pstar = np.full(m.shape[1], np.nan)
    eci[rows], pci[cols], pstar[cols] = _standardise(kc, kp, d)
    return (eci, pci, pstar) if return_unshifted else (eci, pci)


def eci_pci_reflections(M, max_iter: int = 1000, tol: float = 1e-12):
    r"""ECI and PCI by the method of reflections (Hidalgo & Hausmann 2009).

    .. math::
        k_{c,N} = \frac{1}{k_{c,0}}\sum_p M_{cp}k_{p,N-1},\qquad
        k_{p,N} = \frac{1}{k_{p,0}}\sum_c M_{cp}k_{c,N-1}

    starting from :math:`k_{c,0}` (diversity). The raw iteration converges to a
    constant (eigenvalue 1); here the location vector is centred and scaled to
    unit sd after every full reflection (c → p → c), which is power iteration on
    the complement of the constant vector and so converges to the same second
    eigenvector as :func:`eci_pci` (rate λ₃/λ₂). Iteration stops when the
    largest change of the standardised location vector is below ``tol``. The
    result is standardised and signed exactly as :func:`eci_pci`.

    Returns
    -------
    eci, pci, n_iter
    """
    m, kc0, kp0, rows, cols = _valid(M)
    mv = m[np.ix_(rows, cols)]
    d, u = kc0[rows], kp0[cols]
    kc = (d - d.mean()) / d.std()
    n_iter = 0
    for n_iter in range(1, max_iter + 1):
        kp = (mv.T @ kc) / u
        new = (mv @ kp) / d
        new = (new - new.mean()) / new.std()
        if np.corrcoef(new, kc)[0, 1] < 0:  # guard against sign oscillation (λ₂ > 0 always here)
            new = -new
        delta = np.max(np.abs(new - kc))
        kc = new
        if delta < tol:
            break
    kp = (mv.T @ kc) / u
    kc = (mv @ kp) / d
    eci = np.full(m.shape[0], np.nan)
    pci = np.full(m.shape[1], np.nan)
    eci[rows], pci[cols], _ = _standardise(kc, kp, d)
    return eci, pci, n_iter


def proximity(M, known=None) -> np.ndarray:
    r"""Product proximity :math:`\phi_{pp'} = \min\{P(p\mid p'), P(p'\mid p)\}`.

    :math:`P(p\mid p') = \sum_c M_{cp}M_{cp'}/k_{p',0}`, so
    :math:`\phi_{pp'} = \sum_c M_{cp}M_{cp'}/\max(k_{p,0},k_{p',0})` (Hidalgo et
    al. 2007). Symmetric, diagonal 1 for activities present anywhere; an activity
    with zero ubiquity gets a NaN row/column (0/0), as in ecomplexity.

    With a ``known`` mask (False = unknown cell) each conditional probability is taken over
    the locations where the conditioned activity is known:
    :math:`P(p\mid p') = \sum_c M_{cp}M_{cp'} / \sum_c K_{cp}M_{cp'}`, so
    :math:`\phi_{pp'} = \sum_c M_{cp}M_{cp'}/\max(\sum_c K_{cp}M_{cp'}, \sum_c K_{cp'}M_{cp})`;
    ``M`` must be 0 on unknown cells. All known gives the formula above.
    """
    m = _matrix(M, "M")
    co = m.T @ m
    if known is None:
        k = np.diag(co).copy()
        with np.errstate(divide="ignore", invalid="ignore"):
            return co / np.maximum(k[:, None], k[None, :])
    kn = _known(known, m.shape).astype(float)
    if (m * (1.0 - kn)).any():
        raise ValueError("M must be 0 on unknown cells")
    a = kn.T @ m  # a[p, p'] = number of locations with p' present where p is known
    with np.errstate(divide="ignore", invalid="ignore"):
        return co / np.maximum(a, a.T)


def relatedness_density(M, phi, known=None) -> np.ndarray:
    r"""Relatedness density :math:`d_{cp} = \sum_{p'} M_{cp'}\phi_{pp'} / \sum_{p'}\phi_{pp'}`.

    (Hidalgo et al. 2007; ``ecomplexity`` ``calc_density`` with ``knn=None``.) With a
    ``known`` mask, the activities p' unknown in location c leave numerator and denominator:
    :math:`d_{cp} = \sum_{p'} K_{cp'}M_{cp'}\phi_{pp'} / \sum_{p'} K_{cp'}\phi_{pp'}`.
    """
    m = _matrix(M, "M")
    ph = np.asarray(phi, dtype=float)
    if known is None:
        den = np.nansum(ph, axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return m @ (ph.T / den[None, :])
    kn = _known(known, m.shape).astype(float)
    ph0 = np.nan_to_num(ph)
    num = (kn * m) @ ph0.T
    den = kn @ ph0.T
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / den
    # an activity with zero ubiquity keeps ecomplexity's NaN column
    return np.where(np.isnan(ph).all(axis=1)[None, :], np.nan, out)


def complexity_outlook_index(M, density, pci, known=None) -> np.ndarray:
    r"""Unstandardised COI: :math:`\sum_p d_{cp}(1-M_{cp})\,PCI_p`.

    ``density`` is relatedness density (Atlas: 1 − distance). Pass the PCI scale
    you want; :func:`economic_complexity` passes PCI* and then standardises, as
    ecomplexity does. With a ``known`` mask only known absent activities count:
    :math:`\sum_p d_{cp}K_{cp}(1-M_{cp})PCI_p`.
    """
    m = _matrix(M, "M")
    absent = (1.0 - m) * _known(known, m.shape)
    return (np.nan_to_num(np.asarray(density, dtype=float)) * absent) @ np.asarray(pci, dtype=float)


def complexity_outlook_gain(M, phi, pci, density=None, known=None) -> np.ndarray:
    r"""COG: :math:`(1-M_{cp})\sum_{p'}(1-M_{cp'})\frac{\phi_{pp'}}{\sum_{p''}\phi_{p'p''}}PCI_{p'}`.

    This is ecomplexity 0.5.3's form. If ``density`` is given, the Atlas term
    :math:`-d_{cp}\,PCI_p` (= −(1 − distance) PCI_p) is added *before* the
    (1 − M_cp) factor, giving the Atlas formula
    :math:`\sum_{p'}\frac{\phi_{pp'}}{\sum_{p''}\phi_{p''p'}}(1-M_{cp'})PCI_{p'} - d_{cp}PCI_p`
    for activities not yet present.

    With a ``known`` mask only known absent activities count as opportunities, in the sum
    (:math:`K_{cp'}(1-M_{cp'})`) and outside it; the COG of an unknown cell is NaN (its
    presence is unknown, so it is no opportunity to rank).
    """
    m = _matrix(M, "M")
    kn = _known(known, m.shape)
    ph = np.asarray(phi, dtype=float)
    q = np.asarray(pci, dtype=float)
    rowsum = ph.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(rowsum > 0, q / np.where(rowsum > 0, rowsum, 1.0), 0.0)
    w = ph * scale[:, None]
    inner = ((1.0 - m) * kn) @ w
    if density is not None:
        inner = inner - np.nan_to_num(np.asarray(density, dtype=float)) * q[None, :]
    out = (1.0 - m) * inner
    return out if known is None else np.where(kn, out, np.nan)


@dataclass(frozen=True)
class ComplexityResult:
    """All complexity outputs, labelled.

    Matrices are DataFrames (locations × activities); vectors are Series.
    ``dropped_locations``/``dropped_activities`` list labels removed because
    their total value was 0. ``pci_offset`` is mean(K_c)/sd(K_c) (PCI* = PCI +
    pci_offset). ``notes`` records the conventions used. ``known`` is the mask of
    observed cells (all True when none was given); RCA and COG are NaN where it is False.
    """

    rca: pd.DataFrame
    M: pd.DataFrame
    diversity: pd.Series
    ubiquity: pd.Series
    eci: pd.Series
    pci: pd.Series
    proximity: pd.DataFrame
    density: pd.DataFrame
    coi: pd.Series
    cog: pd.DataFrame
    pci_offset: float
    known: pd.DataFrame | None = None
    dropped_locations: list = field(default_factory=list)
    dropped_activities: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def economic_complexity(
    X,
    threshold: float = 1.0,
    method: str = "eigen",
    outlook: str = "ecomplexity",
    known=None,
) -> ComplexityResult:
    """Full pipeline: RCA → M → diversity/ubiquity → ECI/PCI → φ → density → COI/COG.

    Parameters
    ----------
    X : DataFrame (index = locations, columns = activities) or 2-D array
        Non-negative values (e.g. employees). Unknown (suppressed or withheld) cells are
        marked with ``known``; elsewhere NaN raises ``ValueError`` (0 = no activity).
    threshold : float
        RCA threshold for presence (default 1).
    method : {"eigen", "reflections"}
    outlook : {"ecomplexity", "atlas"}
        Convention for COI/COG; see the module docstring.
    known : DataFrame or 2-D boolean array, optional
        False for cells whose value is unknown (their value in ``X`` is ignored and may be
        NaN): they are neither present nor absent in RCA, proximity, density, COI and COG
        (module docstring, "Unknown cells"). Default: every cell known, which gives
        ecomplexity's results exactly.

    Returns
    -------
    ComplexityResult
    """
    if isinstance(X, pd.DataFrame):
        df = X
    else:
        arr = np.asarray(X, dtype=float)
        if arr.ndim != 2:
            raise ValueError(f"X must be 2-D, got shape {arr.shape}")
        df = pd.DataFrame(arr)
    masked = known is not None
    if isinstance(known, pd.DataFrame):
        known = known.reindex(index=df.index, columns=df.columns).fillna(False).to_numpy(dtype=bool)
    kn = _known(known, df.shape)
    x = _matrix(df.to_numpy(dtype=float), known=kn)
    x = np.where(kn, x, 0.0)
    if (x < 0).any():
        raise ValueError("values must be non-negative")
    keep_r, keep_c = x.sum(axis=1) != 0, x.sum(axis=0) != 0
    dropped_r = list(df.index[~keep_r])
    dropped_c = list(df.columns[~keep_c])
    x = x[np.ix_(keep_r, keep_c)]
    kn = kn[np.ix_(keep_r, keep_c)]
    locs, acts = df.index[keep_r], df.columns[keep_c]
    K = kn if masked else None
    R = rca(x, known=K)
    M = presence_matrix(R, threshold)
    div, ubi = M.sum(axis=1), M.sum(axis=0)
    if method == "eigen":
        eci, pci, pstar = eci_pci(M, return_unshifted=True)
    elif method == "reflections":
        eci, pci, _ = eci_pci_reflections(M)
        pstar = None
    else:
        raise ValueError(f"unknown method {method!r} (use 'eigen' or 'reflections')")
    if pstar is None:
        # PCI* = PCI + mean(K_c)/sd(K_c); the offset is a property of the eigenvector
        # itself (the reflections iterate is centred), so take it from the eigen solution.
        _, pci_e, pstar_e = eci_pci(M, return_unshifted=True)
        pstar = pci + float(np.nanmean(pstar_e - pci_e))
    offset = float(np.nanmean(pstar - pci))
    phi = proximity(M, known=K)
    dens = relatedness_density(M, phi, known=K)
    # activities with zero ubiquity (only possible with threshold > 1) have NaN
    # proximity/density (0/0); they contribute nothing to COI/COG of the others
    phi_o, dens_o = np.nan_to_num(phi), np.nan_to_num(dens)
    notes = [
        f"RCA threshold {threshold:g}; ECI/PCI by {method}; sign: corr(ECI, diversity) > 0",
        "ECI, PCI standardised with ECI's mean and population sd (ecomplexity 0.5.3)",
    ]
    if outlook == "ecomplexity":
        coi_raw = complexity_outlook_index(M, dens_o, np.nan_to_num(pstar), known=K)
        coi = (coi_raw - coi_raw.mean()) / coi_raw.std()
        cog = complexity_outlook_gain(M, phi_o, np.nan_to_num(pstar), known=K)
        notes.append("COI/COG as ecomplexity 0.5.3: from PCI* = PCI + offset; COI standardised; COG without the −d·PCI term")
    elif outlook == "atlas":
        q = np.nan_to_num(pci)
        coi = complexity_outlook_index(M, dens_o, q, known=K)
        cog = complexity_outlook_gain(M, phi_o, q, density=dens_o, known=K)
        notes.append("COI/COG as the Atlas (Hausmann et al. 2014) text: standardised PCI, COG includes −d_cp·PCI_p")
    else:
        raise ValueError(f"unknown outlook convention {outlook!r} (use 'ecomplexity' or 'atlas')")
    if masked:
        notes.append(f"{int((~kn).sum())} unknown cells masked: neither present nor absent in RCA, "
                     "proximity, density, COI and COG (no COG for them)")
    if dropped_r or dropped_c:
        notes.append(f"dropped {len(dropped_r)} location(s) and {len(dropped_c)} activity(ies) with zero total")
    L = lambda a: pd.DataFrame(a, index=locs, columns=acts)  # noqa: E731
    return ComplexityResult(
        rca=L(R),
        M=L(M),
        diversity=pd.Series(div, index=locs, name="diversity"),
        ubiquity=pd.Series(ubi, index=acts, name="ubiquity"),
        eci=pd.Series(eci, index=locs, name="eci"),
        pci=pd.Series(pci, index=acts, name="pci"),
        proximity=pd.DataFrame(phi, index=acts, columns=acts),
        density=L(dens),
        coi=pd.Series(coi, index=locs, name="coi"),
        cog=L(cog),
        pci_offset=offset,
        known=L(kn),
        dropped_locations=dropped_r,
        dropped_activities=dropped_c,
        notes=notes,
    )
