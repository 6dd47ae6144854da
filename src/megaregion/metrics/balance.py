"""Pure kernels of the service-manufacturing balance and of centre-periphery relocation.

* :data:`ADVANCED_INDUSTRIES`: the 50 NAICS 4-digit "advanced industries" of Muro et al.
  (2015, Brookings) and :func:`advanced_industry_share`.
* :func:`service_manufacturing_balance` and :func:`classify_balance`: how evenly a region
  combines advanced producer services (APS) and manufacturing.
* :func:`functional_specialization`: Duranton & Puga (2005)-style ratio of APS-to-manufacturing
  intensity in the core against the periphery.
* :func:`relocation_shares`: each region's share of a sector's group total in two years.

Input conventions (pandas in → labelled pandas out, numpy in → numpy out; negative values raise
ValueError; undefined ratios are NaN, never 0) follow :mod:`megaregion.metrics.structure`.
These kernels do no I/O and print nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "ADVANCED_INDUSTRIES",
    "ADVANCED_INDUSTRIES_CORROBORATED",
    "ADVANCED_INDUSTRIES_NAICS2017",
    "advanced_industry_share",
    "service_manufacturing_balance",
    "classify_balance",
    "functional_specialization",
    "relocation_shares",
    "RelocationResult",
]

#: The 50 "advanced industries" (NAICS 2012, 4-digit) of Muro, M., Rothwell, J., Andes, S.,
#: Fikri, K. & Kulkarni, S. (2015) *America's Advanced Industries: What They Are, Where They
#: Are, and Why They Matter*. Brookings Institution, Metropolitan Policy Program. Criteria:
#: industry R&D spending ≥ $450 per worker (top 20%) and a STEM-worker share above the national
#: average (≥ 21%). 35 manufacturing, 3 energy, 12 services.
#:
#: code -> (NAICS title, group). Source of the list: the report's appendix as reprinted, all 50
#: codes with Brookings' short titles, by the Delaware Valley Regional Planning Commission
#: (DVRPC 2021, ``AdvancedIndustries_Index.csv`` of its public ``advanced_industries``
#: analysis, which cites Muro et al. 2015). The report's own appendix could not be retrieved.
#: Independent second sources: Brookings Metro's ``metro.data`` package README (its 50-row
#: ``naics4_ai`` table, first ten codes shown: 2111 to 3271) and press accounts of the report
#: (SSTI, CityLab, IndustryWeek, AP 2015); see :data:`ADVANCED_INDUSTRIES_CORROBORATED`.
ADVANCED_INDUSTRIES: dict[str, tuple[str, str]] = {
    # manufacturing (35)
    "3241": ("Petroleum and coal products manufacturing", "manufacturing"),
    "3251": ("Basic chemical manufacturing", "manufacturing"),
    "3252": ("Resin, synthetic rubber, and artificial synthetic fibers and filaments "
             "manufacturing", "manufacturing"),
    "3253": ("Pesticide, fertilizer, and other agricultural chemical manufacturing",
             "manufacturing"),
    "3254": ("Pharmaceutical and medicine manufacturing", "manufacturing"),
    "3259": ("Other chemical product and preparation manufacturing", "manufacturing"),
    "3271": ("Clay product and refractory manufacturing", "manufacturing"),
    "3279": ("Other nonmetallic mineral product manufacturing", "manufacturing"),
    "3311": ("Iron and steel mills and ferroalloy manufacturing", "manufacturing"),
    "3313": ("Alumina and aluminum production and processing", "manufacturing"),
    "3315": ("Foundries", "manufacturing"),
    "3331": ("Agriculture, construction, and mining machinery manufacturing", "manufacturing"),
    "3332": ("Industrial machinery manufacturing", "manufacturing"),
    "3333": ("Commercial and service industry machinery manufacturing", "manufacturing"),
    "3336": ("Engine, turbine, and power transmission equipment manufacturing",
             "manufacturing"),
    "3339": ("Other general purpose machinery manufacturing", "manufacturing"),
    "3341": ("Computer and peripheral equipment manufacturing", "manufacturing"),
    "3342": ("Communications equipment manufacturing", "manufacturing"),
    "3343": ("Audio and video equipment manufacturing", "manufacturing"),
    "3344": ("Semiconductor and other electronic component manufacturing", "manufacturing"),
    "3345": ("Navigational, measuring, electromedical, and control instruments manufacturing",
             "manufacturing"),
    "3346": ("Manufacturing and reproducing magnetic and optical media", "manufacturing"),
    "3351": ("Electric lighting equipment manufacturing", "manufacturing"),
    "3352": ("Household appliance manufacturing", "manufacturing"),
    "3353": ("Electrical equipment manufacturing", "manufacturing"),
    "3359": ("Other electrical equipment and component manufacturing", "manufacturing"),
    "3361": ("Motor vehicle manufacturing", "manufacturing"),
    "3362": ("Motor vehicle body and trailer manufacturing", "manufacturing"),
    "3363": ("Motor vehicle parts manufacturing", "manufacturing"),
    "3364": ("Aerospace product and parts manufacturing", "manufacturing"),
    "3365": ("Railroad rolling stock manufacturing", "manufacturing"),
    "3366": ("Ship and boat building", "manufacturing"),
    "3369": ("Other transportation equipment manufacturing", "manufacturing"),
    "3391": ("Medical equipment and supplies manufacturing", "manufacturing"),
    "3399": ("Other miscellaneous manufacturing", "manufacturing"),
    # energy (3)
    "2111": ("Oil and gas extraction", "energy"),
    "2122": ("Metal ore mining", "energy"),
    "2211": ("Electric power generation, transmission and distribution", "energy"),
    # services (12)
    "5112": ("Software publishers", "services"),
    "5152": ("Cable and other subscription programming", "services"),
    "5172": ("Wireless telecommunications carriers (except satellite)", "services"),
    "5174": ("Satellite telecommunications", "services"),
    "5179": ("Other telecommunications", "services"),
    "5182": ("Data processing, hosting, and related services", "services"),
    "5191": ("Other information services", "services"),
    "5413": ("Architectural, engineering, and related services", "services"),
    "5415": ("Computer systems design and related services", "services"),
    "5416": ("Management, scientific, and technical consulting services", "services"),
    "5417": ("Scientific research and development services", "services"),
    "6215": ("Medical and diagnostic laboratories", "services"),
}

#: Codes confirmed by a source besides the DVRPC reprint: Brookings Metro's ``metro.data``
#: README (the sorted ``naics4_ai`` table's first ten rows, 2111 ... 3271, so no other code
#: below 3271 is in the list) and the industries named in press accounts of Muro et al.
#: (2015): aerospace, motor vehicles, pharmaceuticals, semiconductors, communications
#: equipment; software, satellite telecommunications, computer systems design, management and
#: scientific consulting, architecture and engineering (CityLab, 10 Feb 2015; Crain's
#: Cleveland, 11 Feb 2015; AP, 3 Feb 2015). The other 27 rest on the DVRPC reprint alone.
ADVANCED_INDUSTRIES_CORROBORATED: frozenset[str] = frozenset({
    "2111", "2122", "2211", "3241", "3251", "3252", "3253", "3254", "3259", "3271",
    "3364", "3361", "3344", "3342",
    "5112", "5174", "5415", "5416", "5413",
})

#: The same set in NAICS 2017 codes, as used by County Business Patterns 2017+: NAICS 2017
#: merged 5171 (wired) and 5172 (wireless carriers) into 5173 "Wired and wireless
#: telecommunications carriers", so 5172 becomes 5173, which now also holds the wired carriers
#: the 2012 list leaves out (an overstatement of the services share by their employment). All
#: other codes are unchanged between NAICS 2012 and 2017 at 4 digits.
ADVANCED_INDUSTRIES_NAICS2017: frozenset[str] = frozenset(
    (set(ADVANCED_INDUSTRIES) - {"5172"}) | {"5173"}
)


def _arr(x: Any, name: str) -> tuple[np.ndarray, pd.Index | None]:
    if isinstance(x, pd.DataFrame):
        raise ValueError(f"{name} must be a scalar, a Series or a 1-D array, not a DataFrame")
    idx = x.index if isinstance(x, pd.Series) else None
    try:
        a = np.asarray(x.to_numpy(dtype=np.float64, na_value=np.nan)
                       if isinstance(x, pd.Series) else x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric: {exc}") from None
    if (a < 0).any():
        raise ValueError(f"{name} has negative values; shares and employment must be ≥ 0")
    return a, idx


def _out(a: np.ndarray, idx: pd.Index | None, name: str):
    if idx is not None:
        return pd.Series(a, index=idx, name=name)
    return float(a) if a.ndim == 0 else a


def advanced_industry_share(X: Any, codes: Iterable[str] = ADVANCED_INDUSTRIES_NAICS2017):
    r"""Share of each region's employment in advanced industries.

    ``A_r = Σ_{i ∈ codes} x_ri / Σ_i x_ri`` over the columns of a region × NAICS-4 DataFrame
    (columns are matched as strings). Pass the NAICS 2012 set :data:`ADVANCED_INDUSTRIES` for
    pre-2017 data. NaN cells are excluded from both sums; NaN for an all-zero region.

    References
    ----------
    Muro, M. et al. (2015) *America's Advanced Industries*. Brookings.
    """
    if not isinstance(X, pd.DataFrame):
        raise ValueError("advanced_industry_share needs a DataFrame whose columns are NAICS codes")
    vals = X.to_numpy(dtype=np.float64, na_value=np.nan)
    if (vals < 0).any():
        raise ValueError("X has negative values")
    codes = {str(c) for c in codes}
    sel = np.array([str(c) in codes for c in X.columns])
    x = np.nan_to_num(vals, nan=0.0)
    tot = x.sum(axis=1)
    adv = x[:, sel].sum(axis=1)
    out = np.full(tot.shape, np.nan)
    np.divide(adv, tot, out=out, where=tot > 0)
    return pd.Series(out, index=X.index, name="advanced_industry_share")


def service_manufacturing_balance(aps_share: Any, mfg_share: Any):
    r"""Balance between advanced producer services (APS) and manufacturing, in [0, 1].

    Formula::

        B = 1 − |a − m| / (a + m)  =  2 · min(a, m) / (a + m)

    with ``a`` = APS share (or level) and ``m`` = manufacturing share (or level).
    1 = perfectly balanced (a = m); 0 = one side absent. Why this form:

    * symmetric in a and m, so "service-led" and "manufacturing-led" imbalances of the same
      ratio score the same;
    * scale-free (homogeneous of degree 0): shares, employment counts or output give the same
      B, and so do a 10%/10% and a 30%/30% region; it depends only on the ratio
      r = max/min, as B = 2 / (1 + r) (B = 2/3 ⇔ one side twice the other);
    * bounded, and exactly 0 when one side is absent.

    It measures *composition*, not size: combine it with the level of a + m when "strong in
    both" matters.

    Parameters
    ----------
    aps_share, mfg_share : scalars, Series (aligned by index) or arrays of values ≥ 0.

    Returns
    -------
    float / Series / ndarray. NaN where a + m = 0 or either is NaN.

    References
    ----------
    Formula of this project (a normalised absolute difference; the same algebraic form as the
    Bray-Curtis similarity of two quantities). Context: the producer-services / manufacturing
    "two-wheel drive" (两业融合) literature on Chinese city clusters.
    """
    if isinstance(aps_share, pd.Series) and isinstance(mfg_share, pd.Series):
        aps_share, mfg_share = aps_share.align(mfg_share)
    a, ia = _arr(aps_share, "aps_share")
    m, im = _arr(mfg_share, "mfg_share")
    a, m = np.broadcast_arrays(a, m)
    s = a + m
    out = np.full(s.shape, np.nan)
    np.divide(2.0 * np.minimum(a, m), s, out=out, where=(s > 0) & ~np.isnan(s))
    return _out(out, ia if ia is not None else im, "balance")


def classify_balance(aps_share: Any, mfg_share: Any, composite_min: float = 2.0 / 3.0):
    """Label each region 'composite', 'service-led' or 'manufacturing-led'.

    Rule, with B from :func:`service_manufacturing_balance`:

    * ``'composite'`` if B ≥ ``composite_min`` (default 2/3: neither side more than twice the
      other, since B = 2/(1 + max/min));
    * otherwise ``'service-led'`` if a > m, ``'manufacturing-led'`` if m > a;
    * ``'undefined'`` where B is NaN (a + m = 0 or missing input).

    Parameters
    ----------
    composite_min : threshold in [0, 1]. 1 requires a = m exactly; 0 calls everything
        composite.

    Returns
    -------
    str (scalar input), Series of str (Series input) or ndarray of str.
    """
    if not 0.0 <= composite_min <= 1.0:
        raise ValueError(f"composite_min must be in [0, 1], got {composite_min}")
    if isinstance(aps_share, pd.Series) and isinstance(mfg_share, pd.Series):
        aps_share, mfg_share = aps_share.align(mfg_share)
    b = service_manufacturing_balance(aps_share, mfg_share)
    a, ia = _arr(aps_share, "aps_share")
    m, im = _arr(mfg_share, "mfg_share")
    a, m = np.broadcast_arrays(a, m)
    bv = np.asarray(b, dtype=np.float64)
    lab = np.where(a > m, "service-led", "manufacturing-led").astype(object)
    lab = np.where(bv >= composite_min, "composite", lab)
    lab = np.where(np.isnan(bv), "undefined", lab)
    idx = ia if ia is not None else im
    if idx is not None:
        return pd.Series(lab, index=idx, name="balance_class")
    return str(lab) if lab.ndim == 0 else lab


def _pair(x: Any, name: str) -> tuple[Any, Any]:
    if isinstance(x, pd.DataFrame):
        if not {"aps", "mfg"} <= set(x.columns):
            raise ValueError(f"{name} DataFrame needs columns 'aps' and 'mfg'")
        return x["aps"], x["mfg"]
    if isinstance(x, Mapping):
        try:
            return x["aps"], x["mfg"]
        except KeyError:
            raise ValueError(f"{name} mapping needs keys 'aps' and 'mfg'") from None
    if isinstance(x, (tuple, list)) and len(x) == 2:
        return x[0], x[1]
    raise ValueError(f"{name} must be (aps, mfg), a mapping with 'aps'/'mfg', or a DataFrame "
                     "with those columns")


def functional_specialization(core: Any, periphery: Any):
    r"""Functional specialization of the core relative to the periphery.

    Formula::

        FS = (APS_core / MFG_core) / (APS_periphery / MFG_periphery)

    FS > 1: the core is more specialised in advanced producer services (management, business
    services) relative to production than the periphery — the functional division of labour
    of Duranton & Puga (2005), who measure it with headquarter/management vs production
    occupations; here sector employment (APS vs manufacturing) is the proxy, as is common with
    establishment data.

    Parameters
    ----------
    core, periphery : each ``(aps, mfg)`` (a pair), a mapping with keys ``'aps'``/``'mfg'``, or
        a DataFrame with those columns. Values are levels (employment) or shares ≥ 0; scalars,
        Series (e.g. by year or by group) or arrays.

    Returns
    -------
    float / Series / ndarray. NaN where any of the four terms makes the ratio undefined
    (MFG_core = 0, MFG_periphery = 0 or APS_periphery = 0).

    References
    ----------
    Duranton, G. & Puga, D. (2005) From sectoral to functional urban specialisation. *Journal of
    Urban Economics* 57(2): 343-370.
    """
    ac, mc = _pair(core, "core")
    ap, mp = _pair(periphery, "periphery")
    vals, idx = [], None
    for v, n in ((ac, "core aps"), (mc, "core mfg"), (ap, "periphery aps"),
                 (mp, "periphery mfg")):
        a, i = _arr(v, n)
        vals.append(a)
        idx = idx if idx is not None else i
    ac, mc, ap, mp = np.broadcast_arrays(*vals)
    num = np.full(ac.shape, np.nan)
    np.divide(ac, mc, out=num, where=mc > 0)
    den = np.full(ac.shape, np.nan)
    np.divide(ap, mp, out=den, where=mp > 0)
    out = np.full(ac.shape, np.nan)
    np.divide(num, den, out=out, where=(den > 0) & ~np.isnan(den) & ~np.isnan(num))
    return _out(out, idx, "functional_specialization")


@dataclass(frozen=True)
class RelocationResult:
    """Result of :func:`relocation_shares`.

    regions : by region: ``x0``, ``x1``, ``share0``, ``share1`` (of the group total, %),
        ``change_pp`` (percentage points), ``core`` (bool).
    summary : rows 'core', 'periphery', 'total' with the same columns (summed).
    top_gainers : the periphery regions with the largest ``change_pp`` (descending).
    """

    regions: pd.DataFrame
    summary: pd.DataFrame
    top_gainers: pd.DataFrame


def relocation_shares(x0: Any, x1: Any, core_ids: Iterable, top: int = 5) -> RelocationResult:
    r"""Centre-periphery relocation of a sector: regional shares of the group total in two years.

    Formulas (x = employment of the sector, e.g. manufacturing, in region r)::

        share_rt   = 100 · x_rt / Σ_s x_st            (%)
        change_pp  = share_r1 − share_r0               (percentage points)

    and the same for the core (Σ over ``core_ids``) and the periphery (the rest). Because the
    shares of each year sum to 100, the core's change equals minus the periphery's change: a
    negative core change is relocation towards the periphery.

    Parameters
    ----------
    x0, x1 : Series indexed by region (or DataFrames region × industry, summed across the
        columns: the sector is the sum of the given columns). Aligned by region; a region
        missing or NaN in either year is excluded from both totals (its shares are NaN).
    core_ids : region ids of the core. Every id must be in the index (ValueError otherwise).
    top : number of periphery gainers to list.

    Returns
    -------
    :class:`RelocationResult`.

    References
    ----------
    Plain share-change (shift-in-shares) accounting; no external formula beyond the
    definitions above.
    """
    def as_series(x: Any, name: str) -> pd.Series:
        if isinstance(x, pd.DataFrame):
            vals = x.to_numpy(dtype=np.float64, na_value=np.nan)
            if (vals < 0).any():
                raise ValueError(f"{name} has negative values")
            return pd.Series(np.where(np.isnan(vals).all(axis=1), np.nan,
                                      np.nansum(vals, axis=1)), index=x.index)
        if not isinstance(x, pd.Series):
            raise ValueError(f"{name} must be a Series (or DataFrame) indexed by region")
        s = pd.Series(x.to_numpy(dtype=np.float64, na_value=np.nan), index=x.index)
        if (s < 0).any():
            raise ValueError(f"{name} has negative values")
        return s

    s0, s1 = as_series(x0, "x0"), as_series(x1, "x1")
    if s0.index.has_duplicates or s1.index.has_duplicates:
        raise ValueError("x0 and x1 must have unique region ids")
    s0, s1 = s0.align(s1)
    core = pd.Index(list(core_ids))
    missing = core.difference(s0.index)
    if len(missing):
        raise ValueError(f"core_ids not found among the regions: {list(missing[:10])}")
    ok = s0.notna() & s1.notna()
    t0, t1 = float(s0[ok].sum()), float(s1[ok].sum())
    if t0 <= 0 or t1 <= 0:
        raise ValueError("the group total of the sector is 0 in one of the years; shares are "
                         "undefined")
    is_core = s0.index.isin(core)
    sh0 = (100.0 * s0 / t0).where(ok)
    sh1 = (100.0 * s1 / t1).where(ok)
    regions = pd.DataFrame({"x0": s0, "x1": s1, "share0": sh0, "share1": sh1,
                            "change_pp": sh1 - sh0, "core": is_core})
    regions.index.name = "region"
    rows = {}
    for label, mask in (("core", is_core & ok.to_numpy()), ("periphery", ~is_core & ok.to_numpy()),
                        ("total", ok.to_numpy())):
        a0, a1 = float(s0[mask].sum()), float(s1[mask].sum())
        rows[label] = {"x0": a0, "x1": a1, "share0": 100.0 * a0 / t0,
                       "share1": 100.0 * a1 / t1,
                       "change_pp": 100.0 * a1 / t1 - 100.0 * a0 / t0}
    summary = pd.DataFrame.from_dict(rows, orient="index")
    per = regions[~regions["core"] & regions["change_pp"].notna()]
    top_gainers = per.sort_values("change_pp", ascending=False, kind="stable").head(top)
    return RelocationResult(regions, summary, top_gainers)
