"""Who should ally with whom, in what, and why: alliance recommendations along industrial chains.

For the cities of one group this workflow ranks city pairs for cluster and alliance building by
four components, each computed from real data and shown in the tables:

* **supply-chain complementarity** ``C[a,b] = Σ_i Σ_j s[a,i] A[i,j] s[b,j]``
  (:func:`megaregion.metrics.complementarity.supply_chain_complementarity`): city *a* is
  specialised in industries *i* that supply the industries *j* city *b* is specialised in,
  weighted by the technical coefficients ``A`` of the national input–output table
  (:func:`megaregion.analysis.io_linkages.chain_coefficients`). The specialisation is the
  excess location quotient ``s = max(LQ − 1, 0)`` of city employment by industry against the
  whole nation (US: County Business Patterns NAICS sectors of all metros; China: unit
  employment by the 19 yearbook sections of all cities), so a city not specialised in any
  industry of a chain adds nothing to it. A pair's complementarity is ``C[a,b] + C[b,a]``;
  the larger direction names the supplier;
* **capability relatedness**: relatedness density (Hidalgo et al. 2007,
  :func:`megaregion.metrics.complexity.relatedness_density`) from co-location over all
  cities of the country, averaged over the industries the partner is specialised in
  (LQ ≥ 1), then over both directions;
* **distance**: great-circle km between the cities' centres (closer ranks higher);
* **innovation capacity**: patents per 10,000 residents of both partners (geometric mean), the
  per-capita patent counts the innovation workflow uses (US: USPTO utility patents by metro;
  China: Liang et al. 2024 patents).

Score (one documented formula): each component is rank-normalised over the candidate pairs to
``(rank − 1)/(n − 1)`` (average ranks for ties, higher is better), and the score is the
weighted mean with :data:`WEIGHTS` (complementarity 0.3, relatedness 0.15, proximity 0.15,
innovation 0.2, scale 0.2) over the components known for the pair (weights renormalised; a pair
without complementarity is not ranked). **Scale** is the geometric mean of the two cities'
employment in the chain industries: location quotients are size-free, so without it two small
places with extreme LQs would outrank the pairs that carry most of a chain's activity.

Existing links: the observed flows of one kind (``flows``) are compared with what a PPML
gravity model with origin and destination fixed effects expects from distance
(:func:`megaregion.metrics.gravity.fit_ppml_gravity`); a pair whose observed link is below its
expectation by more than the factor :data:`LINK_TOLERANCE` (1.25) is to **build**, one above it
by that factor to **consolidate**, one in between **as_expected**; without observed flows the
pair is **no_link_data** (no gap is claimed). The link gap labels the action; it does not enter
the score.

Also: which cities most connect the observed network (the loss of global efficiency,
Latora & Marchiori 2001, when the city's links are removed, and its betweenness), and one
industrial chain (supplier industry → buyer industry) with the cities upstream (specialised in
the supplier industry only), downstream (the buyer industry only) or both.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError
from megaregion.metrics.complexity import proximity, relatedness_density
from megaregion.metrics.gravity import fit_ppml_gravity, great_circle_km
from megaregion.metrics.structure import location_quotient

#: Weights of the score's rank-normalised components.
WEIGHTS = {"complementarity": 0.3, "relatedness": 0.15, "proximity": 0.15, "innovation": 0.2, "scale": 0.2}

#: Employment source per country and the years it has industry detail.
EMPLOYMENT = {"us": ("us/cbp_metro", (2018, 2019)), "cn": ("cn/city_employment", tuple(range(2003, 2020))),
              "us-county": ("us/cbp_county", (2017, 2018, 2019, 2020, 2021)),
              "us-county-ny": ("us/qcew_ny", tuple(range(2000, 2018)))}
DEFAULT_YEAR = {"us": 2019, "cn": 2019, "us-county-ny": 2017}
#: Default industrial chain shown (supplier, buyer): manufacturing -> professional, scientific
#: and technical services (US); 制造业 -> 科研、技术服务 (China).
DEFAULT_CHAIN = {"us": ("31-33", "54"), "cn": ("C", "M")}
#: Kinds of observed link per country; the first is the default.
FLOW_KINDS = {"us": ("tech_transfer", "commuting", "migration"), "cn": ("firm_link", "baidu")}
FLOW_PERIOD = {"tech_transfer": "2000-2023", "commuting": "2009-2013", "migration": "2018-2019",
               "firm_link": "1998-2008", "baidu": "2020-01-01/2020-01-22"}
FLOW_ZH = {"tech_transfer": "技术转移", "commuting": "通勤", "migration": "迁移", "firm_link": "高技术企业联系",
           "baidu": "百度迁徙"}
#: Industries whose chains count ("traded" industries, Porter 2003, *Regional Studies* 37:549-578):
#: manufacturing and the producer services and logistics that serve other places. Left out:
#: natural resources (agriculture, mining: they follow the land), local-serving industries
#: (utilities, construction, retail, real estate, hotels and food, personal services, public
#: facilities) and, in the US, education and health, which CBP covers only where private (its
#: LQ says more about ownership than about capabilities, as in ``complexity_map``). They stay in
#: the location quotients and in relatedness; ``--industry`` adds one back.
CHAIN_INDUSTRIES = {"us": ("31-33", "42", "48-49", "51", "52", "54", "55", "56"),
                    "cn": ("C", "F", "G", "H", "J", "L", "M")}
#: Industries left out of the employment matrix: totals and "not classified".
NOT_INDUSTRIES = {"00", "99", "TOTAL"}


# -- kernels of the score (pure) ------------------------------------------------------------------
def excess_specialisation(lq) -> np.ndarray | pd.DataFrame:
    r"""Excess location quotient :math:`s_{ci} = \max(LQ_{ci} - 1, 0)`; NaN stays NaN.

    A city contributes to a chain only through industries it is specialised in (LQ > 1), in
    proportion to how far above the national share it is (Isard 1960 for the LQ; the
    "excess" form follows the minimum-requirements / export-base reading of LQ > 1).
    """
    if isinstance(lq, pd.DataFrame):
        return (lq - 1.0).clip(lower=0.0)
    a = np.asarray(lq, dtype=float)
    return np.where(np.isnan(a), np.nan, np.maximum(a - 1.0, 0.0))


def chain_matrix(A: pd.DataFrame, industries, through: str | None = None) -> pd.DataFrame:
    """Technical coefficients kept for the alliance chains: rows and columns of ``industries``
    only, the diagonal (an industry supplying itself) set to 0, and with ``through`` only the
    row and column of that industry (chains where it supplies or buys).

    The diagonal is left out because at sector level it mixes the division of labour inside a
    sector with plain similarity of two cities' structures, which the relatedness component
    already measures; complementarity is then between different industries."""
    keep = pd.DataFrame(0.0, index=A.index, columns=A.columns)
    ind = [c for c in industries if c in A.index]
    keep.loc[ind, ind] = 1.0
    if through is not None:
        mask = pd.DataFrame(0.0, index=A.index, columns=A.columns)
        mask.loc[through, :] = 1.0
        mask.loc[:, through] = 1.0
        keep = keep * mask
    out = A.fillna(0.0) * keep
    for c in out.index:
        if c in out.columns:
            out.loc[c, c] = 0.0
    return out


def partner_relatedness(density, presence) -> np.ndarray:
    r"""Relatedness of city *a* to the industries its partner *b* is specialised in.

    .. math:: R_{ab} = \frac{\sum_j M_{bj} d_{aj}}{\sum_j M_{bj}},

    the mean relatedness density :math:`d_{aj}` (Hidalgo et al. 2007) of *a* over the
    industries *j* present in *b* (:math:`M_{bj} = 1`: LQ ≥ 1); NaN where *b* has none or a
    density is unknown. Diagonal NaN.

    Parameters
    ----------
    density : (n, p) relatedness densities of the n cities.
    presence : (n, p) 0/1 presence matrix of the same cities (NaN = unknown, left out).
    """
    d = np.asarray(density, dtype=float)
    m = np.asarray(presence, dtype=float)
    mk = np.nan_to_num(m)
    dk = np.nan_to_num(d)
    num = dk @ mk.T  # num[a, b] = sum_j d[a, j] M[b, j]
    den = np.isfinite(d).astype(float) @ mk.T
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / den
    np.fill_diagonal(out, np.nan)
    return out


def rank_normalise(x) -> np.ndarray:
    r"""Ranks scaled to [0, 1]: :math:`(r_k - 1)/(n - 1)` with average ranks for ties over the
    n finite values (0.5 when n = 1); NaN stays NaN. Invariant to relabelling and to any
    increasing transformation of ``x``."""
    s = pd.Series(np.asarray(x, dtype=float))
    n = int(s.notna().sum())
    if n == 0:
        return s.to_numpy()
    if n == 1:
        return np.where(s.notna(), 0.5, np.nan)
    return ((s.rank(method="average") - 1.0) / (n - 1.0)).to_numpy()


def alliance_score_parts(components: pd.DataFrame, weights: dict[str, float] | None = None) -> pd.DataFrame:
    r"""Each component's contribution to the alliance score, :math:`w_k q_{pk} / \sum_k w_k
    [q_{pk}\ \text{known}]` (NaN where the component is unknown for the pair); the parts of a
    pair add up to its :func:`alliance_score`. Same notation and reference as there."""
    w = {k: wk for k, wk in (WEIGHTS if weights is None else weights).items() if k in components}
    q = {k: rank_normalise(components[k].to_numpy(dtype=float)) for k in w}
    den = np.zeros(len(components))
    for k, wk in w.items():
        den += np.where(np.isfinite(q[k]), wk, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame({k: np.where(np.isfinite(q[k]), wk * q[k], np.nan) / den for k, wk in w.items()},
                            index=components.index)


def alliance_score(components: pd.DataFrame, weights: dict[str, float] | None = None) -> np.ndarray:
    r"""Weighted mean of rank-normalised components, higher is better.

    .. math:: S_p = \frac{\sum_k w_k\, q_{pk}}{\sum_k w_k [q_{pk}\ \text{known}]},\qquad
              q_{pk} = \frac{\operatorname{rank}_k(x_{pk}) - 1}{n - 1},

    with average ranks over the candidate pairs p (:func:`rank_normalise`); components are
    columns of ``components`` oriented so that larger is better (pass −distance). A pair with
    an unknown component is scored on the others (weights renormalised); a pair whose
    ``complementarity`` is unknown gets NaN. Raising one component of one pair, the others
    fixed, never lowers its score; the score does not depend on the order of the rows.
    :func:`alliance_score_parts` gives each component's share of it.
    """
    parts = alliance_score_parts(components, weights)
    known = parts.notna().any(axis=1).to_numpy()
    out = np.where(known, parts.sum(axis=1, min_count=1).to_numpy(dtype=float), np.nan)
    if "complementarity" in components:
        out = np.where(np.isfinite(components["complementarity"].to_numpy(dtype=float)), out, np.nan)
    return out


def global_efficiency(adjacency) -> float:
    r"""Global efficiency :math:`E = \frac{1}{n(n-1)} \sum_{i \ne j} 1/d_{ij}` of an undirected
    binary graph (Latora & Marchiori 2001, *Phys. Rev. Lett.* 87:198701); unreachable pairs
    add 0. Agrees with ``networkx.global_efficiency``."""
    import igraph as ig

    A = (np.asarray(adjacency, dtype=float) > 0).astype(int)
    A = np.maximum(A, A.T)
    np.fill_diagonal(A, 0)
    n = len(A)
    if n < 2:
        return 0.0
    g = ig.Graph.Adjacency(A.tolist(), mode="undirected")
    d = np.asarray(g.distances(), dtype=float)
    off = ~np.eye(n, dtype=bool)
    with np.errstate(divide="ignore"):
        inv = np.where(np.isfinite(d) & off, 1.0 / np.where(d > 0, d, np.inf), 0.0)
    return float(inv[off].sum() / (n * (n - 1)))


def efficiency_loss(adjacency) -> np.ndarray:
    r"""Per node v: :math:`E(G) - E(G - \text{links of } v)`, the drop in global efficiency when
    v's links are removed (v kept as an isolate, so n is unchanged): a node's "vitality" for
    the network's integration (Latora & Marchiori 2007, *New J. Phys.* 9:188)."""
    A = (np.asarray(adjacency, dtype=float) > 0).astype(float)
    A = np.maximum(A, A.T)
    base = global_efficiency(A)
    out = np.empty(len(A))
    for v in range(len(A)):
        B = A.copy()
        B[v, :] = 0.0
        B[:, v] = 0.0
        out[v] = base - global_efficiency(B)
    return out


#: A pair whose observed link is within this factor of its gravity expectation (ratio between
#: 1/LINK_TOLERANCE and LINK_TOLERANCE) is "as expected": no build or consolidate claim rests on
#: a small gap of a noisy count.
LINK_TOLERANCE = 1.25


def link_action(observed, expected, tolerance: float = LINK_TOLERANCE) -> np.ndarray:
    """``build`` where the observed link is below ``expected / tolerance`` (under-linked),
    ``consolidate`` where it is at least ``expected · tolerance`` (strongly linked),
    ``as_expected`` in between, ``no_estimate`` where flows are observed but the model gives no
    expectation, ``no_link_data`` where no flow of the kind is observed for either city."""
    o = np.asarray(observed, dtype=float)
    e = np.asarray(expected, dtype=float)
    out = np.full(o.shape, "no_link_data", dtype=object)
    out[np.isfinite(o) & ~np.isfinite(e)] = "no_estimate"
    ok = np.isfinite(o) & np.isfinite(e)
    out[ok] = "as_expected"
    out[ok & (o < e / tolerance)] = "build"
    out[ok & (o >= e * tolerance)] = "consolidate"
    return out


def chain_position(lq_supplier, lq_buyer) -> np.ndarray:
    """Where a city sits on a chain supplier → buyer: ``upstream`` (LQ ≥ 1 in the supplier
    industry only), ``downstream`` (buyer only), ``up_and_down``, ``neither``, or ``unknown``."""
    s = np.asarray(lq_supplier, dtype=float)
    b = np.asarray(lq_buyer, dtype=float)
    out = np.full(s.shape, "neither", dtype=object)
    out[(s >= 1) & (b < 1)] = "upstream"
    out[(s < 1) & (b >= 1)] = "downstream"
    out[(s >= 1) & (b >= 1)] = "up_and_down"
    out[np.isnan(s) | np.isnan(b)] = "unknown"
    return out


# -- data ------------------------------------------------------------------------------------------
def national_employment(store, country: str, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """City × industry employment of every city of the country with industry detail in ``year``
    (NaN = unknown), and the rows' quality flags (region_id, flag). ``country`` ``us-county``:
    every US county of County Business Patterns (for groups of counties, e.g. us-nys)."""
    source, years = EMPLOYMENT[country]
    if year not in years:
        raise MegaregionError(f"--year {year}: employment by industry ({source}) exists for "
                              f"{years[0]}-{years[-1]}; choose a year in that range")
    if country.startswith("us"):
        from megaregion.analysis.complexity_map import national_matrix

        nm = national_matrix(store, source, year, 2)
        X = nm.values
        X = X[[c for c in X.columns if c in NAICS2_ZH and c not in NOT_INDUSTRIES]]
        flags = pd.DataFrame({"region_id": pd.Series(dtype=str), "flag": pd.Series(dtype=str)})
        return X.astype(float), flags
    df = store.activity_rows(source, "employees", year)
    df = df[~df["industry"].isin(NOT_INDUSTRIES)]
    if df.empty:
        raise MegaregionError(f"no employment by section in {source} for {year} "
                              "(import it with `megaregion data import`)")
    X = df.pivot(index="region_id", columns="industry", values="value").astype(float)
    X.columns.name = None
    X = X.dropna(how="all")
    flags = df[["region_id", "flag"]].drop_duplicates()
    return X, flags


def _innovation(mr, ids: list[str]) -> tuple[pd.Series, dict, list]:
    """Patents per 10,000 residents, as the innovation workflow reads patents."""
    from megaregion.analysis.innovation_driver import PLANS, _indicator

    plan = PLANS[mr.country]
    name, source, absent = plan.indicators[0]
    if mr.country == "us" and mr.level == "county":
        source = "us/patents_county"
    pat = _indicator(mr, ids, name, source, plan.innovation_year, absent)
    ind = mr.indicators
    quality = []
    if mr.country == "us" and mr.level == "county":
        pop = ind[(ind["indicator"] == "population_estimate") & ind["region_id"].isin(ids)]
        pyear = int(pop["year"].max()) if len(pop) else None
        popm = pop[pop["year"] == pyear].groupby("region_id")["value"].sum().reindex(ids)
    elif mr.country == "us":
        counties = mr.members[mr.members["level"] == "county"].drop_duplicates("region_id").set_index("region_id")
        metro = counties["metro_2023"].fillna(counties["metro_2018"])
        pop = ind[(ind["indicator"] == "population_estimate") & ind["region_id"].isin(counties.index)]
        pyear = int(pop["year"].max()) if len(pop) else None
        pop = pop[pop["year"] == pyear]
        popm = pop.assign(metro=pop["region_id"].map(metro)).groupby("metro")["value"].sum().reindex(ids)
    else:
        pop = ind[(ind["indicator"] == "population_resident") & (ind["source"] == "cn/city_panel")
                  & ind["region_id"].isin(ids)]
        pyear = pat.attrs.get("year", plan.innovation_year)
        pop = pop[pop["year"] == pyear]
        popm = pop.groupby("region_id")["value"].sum().reindex(ids)
        quality = [{"region_id": r.region_id, "year": int(r.year), "variable": "population_resident",
                    "source": r.source, "flag": r.flag, "detail": "population of patents per 10,000 residents"}
                   for r in pop.itertuples() if isinstance(r.flag, str) and r.flag != "observed"]
    per = pat / popm.where(popm > 0) * 1e4
    info = {"indicator": name, "source": source, "year": pat.attrs.get("year"), "pop_year": pyear}
    return per, info, quality


def _links(mr, kind: str, regions, cities: list[str], dist: np.ndarray):
    """Observed flows between the cities (pair sums, both directions) and the PPML expectation.
    Returns (observed matrix, expected matrix, info) with NaN where there is no estimate."""
    from megaregion.analysis.hierarchy_network import KINDS, _observed

    n = len(cities)
    obs = np.full((n, n), np.nan)
    exp = np.full((n, n), np.nan)
    info = {"kind": kind, "period": FLOW_PERIOD[kind], "n_flows": 0, "elasticity": np.nan}
    if mr.level == "county":  # a county group: the county flows as they are, no aggregation to metros
        k = KINDS[kind]
        f = mr.flows[(mr.flows["kind"] == k.flow_kind) & (mr.flows["period"] == FLOW_PERIOD[kind])]
        if k.category is not None and kind != "tech_transfer":
            f = f[f["category"] == k.category]
    else:
        f = _observed(mr, KINDS[kind], FLOW_PERIOD[kind], regions)
    if f is None or len(f) == 0:
        return obs, exp, info
    pos = {c: i for i, c in enumerate(cities)}
    f = f[f["origin"].isin(pos) & f["destination"].isin(pos) & (f["origin"] != f["destination"])]
    if f.empty:
        return obs, exp, info
    W = np.zeros((n, n))
    for o, d, w in zip(f["origin"], f["destination"], f["weight"]):
        W[pos[o], pos[d]] += float(w)
    info["n_flows"] = int((W > 0).sum())
    active = np.flatnonzero((W.sum(axis=1) + W.sum(axis=0)) > 0)
    obs_dir = W
    rows = [(i, j) for i in active for j in active if i != j and dist[i, j] > 0]
    exp_dir = np.full((n, n), np.nan)
    if len(active) >= 3 and rows:
        df = pd.DataFrame({"o": [cities[i] for i, _ in rows], "d": [cities[j] for _, j in rows],
                           "flow": [W[i, j] for i, j in rows], "dist": [dist[i, j] for i, j in rows]})
        try:
            with warnings.catch_warnings():  # separation is handled below (expected 0)
                warnings.simplefilter("ignore")
                fit = fit_ppml_gravity(df, "o", "d", "flow", "dist")
            for (i, j), p in zip(rows, fit.predicted.to_numpy()):
                exp_dir[i, j] = p
            info["elasticity"] = float(fit.coef["log_dist"])
        except Exception:  # a degenerate network (too few links) has no gravity fit
            pass
    act = np.zeros(n, dtype=bool)
    act[active] = True
    both = act[:, None] & act[None, :]
    obs = np.where(both, obs_dir + obs_dir.T, np.nan)
    # a direction PPML separated (all-zero fixed-effect cells) has an expected flow of 0
    exp = np.where(np.isnan(exp_dir) & np.isnan(exp_dir.T), np.nan,
                   np.nan_to_num(exp_dir) + np.nan_to_num(exp_dir.T))
    np.fill_diagonal(obs, np.nan)
    info["observed_all"] = obs_dir + obs_dir.T
    return obs, exp, info


def _labels(store, country: str) -> tuple[dict, dict]:
    """Industry code -> (English label, Chinese label)."""
    if country == "us":
        ind = store.con.execute("SELECT code, label FROM industries WHERE classification = 'naics2017' "
                                "AND level = 2").df()
        en = dict(zip(ind["code"], ind["label"]))
        return en, {c: NAICS2_ZH.get(c, c) for c in en}
    from megaregion.model.sectors import GBT4754_2002_SECTIONS

    zh = {s: v[2] for s, v in GBT4754_2002_SECTIONS.items()}
    return dict(SECTION_EN), zh


#: Chinese names of the NAICS 2017 sectors (the terms of the Chinese NAICS translation usage).
NAICS2_ZH = {
    "11": "农业、林业、渔业和狩猎业", "21": "采矿、采石和油气开采业", "22": "公用事业", "23": "建筑业",
    "31-33": "制造业", "42": "批发贸易", "44-45": "零售贸易", "48-49": "运输和仓储业", "51": "信息业",
    "52": "金融和保险业", "53": "房地产和租赁业", "54": "专业、科学和技术服务业", "55": "企业管理业",
    "56": "行政支持、废物管理和修复服务业", "61": "教育服务业", "62": "医疗保健和社会救助业",
    "71": "艺术、娱乐和休闲业", "72": "住宿和餐饮服务业", "81": "其他服务业（公共管理除外）",
    "99": "未分类行业",
}

#: English names of the 19 GB/T 4754-2002 sections as the yearbook prints them.
SECTION_EN = {
    "A": "agriculture", "B": "mining", "C": "manufacturing", "D": "utilities",
    "E": "construction", "F": "transport, storage and post", "G": "information and software",
    "H": "wholesale and retail", "I": "hotels and catering", "J": "finance", "K": "real estate",
    "L": "leasing and business services", "M": "research and technical services",
    "N": "water, environment and public facilities", "O": "household and other services",
    "P": "education", "Q": "health and social security", "R": "culture, sport and entertainment",
    "S": "public administration",
}


# -- the workflow ----------------------------------------------------------------------------------
def alliances(store, group: str, year: int | None = None, industry: str | None = None,
              city: str | None = None, flows: str | None = None, top: int = 10,
              chain: tuple[str, str] | None = None, *, regions: pd.DataFrame | None = None) -> Results:
    """Rank the group's city pairs for alliances along industrial chains (module docstring).

    Parameters
    ----------
    store : an open store.
    group : group id.
    year : year of the employment by industry (US 2018-2019, China 2003-2019; default 2019).
    industry : restrict complementarity to chains through this industry (as supplier or buyer):
        a NAICS sector code (``31-33``, ``54``) or a GB/T 4754-2002 section letter (``C``).
    city : only pairs with this city (region id, e.g. ``cn:310000``, or its name).
    flows : kind of observed link for the gap (US: tech_transfer, commuting, migration; China:
        firm_link, baidu); default the country's first.
    top : number of recommendations in the summary (at least 1).
    chain : (supplier, buyer) industry codes of the chain view; default :data:`DEFAULT_CHAIN`.
    regions : the regions table (for county-level flows); read from the store when omitted.

    Returns
    -------
    Results with tables ``recommendations`` (the top pairs, with explanations in English and
    Chinese), ``pairs`` (every candidate pair and its components), ``cities`` (members, LQs
    and innovation capacity), ``integration`` (efficiency loss and betweenness per city),
    ``chain`` (cities on the chain), ``summary_measures`` and ``data_quality``.
    """
    from megaregion.analysis.io_linkages import chain_coefficients
    from megaregion.metrics.complementarity import complementarity_terms, supply_chain_complementarity

    if top < 1:
        raise MegaregionError(f"--top {top}: give a number of recommendations of at least 1")
    mr = store.group(group)
    country = mr.country
    if country not in EMPLOYMENT:
        raise MegaregionError(f"{mr.group_id}: alliances need US or Chinese cities, not {country!r}")
    kinds = FLOW_KINDS[country]
    # a county group: commuting (county to county) is its densest observed link
    flows = flows or ("commuting" if country == "us" and mr.level == "county" else kinds[0])
    if flows not in kinds:
        raise MegaregionError(f"--flows {flows!r}: for {'US' if country == 'us' else 'Chinese'} groups use "
                              f"{', '.join(kinds)}")
    economy = country
    if country == "us" and mr.level == "county":
        # New York State's counties are not in the CBP county file: QCEW (LQs against the state)
        ny = mr.cities()["region_id"].str.startswith("us:36").all()
        economy = "us-county-ny" if ny else "us-county"
    year = DEFAULT_YEAR.get(economy, DEFAULT_YEAR[country]) if year is None else int(year)
    X, flags = national_employment(store, economy, year)

    A = chain_coefficients(store, country, year=None)
    codes = [c for c in A.index if c in X.columns]
    if industry is not None and industry not in codes:
        raise MegaregionError(f"--industry {industry!r} is not an industry code here; the codes are {', '.join(codes)}")
    chain = tuple(chain or DEFAULT_CHAIN[country])
    for c in chain:
        if c not in codes:
            raise MegaregionError(f"chain industry {c!r}: use one of the industry codes {', '.join(codes)}")

    # LQ against the nation (all cities of the source), presence for relatedness
    LQ = location_quotient(X)
    LQ = pd.DataFrame(np.asarray(LQ, dtype=float), index=X.index, columns=X.columns)
    known = X.notna()
    M = (LQ >= 1.0).astype(float).where(known, 0.0)
    phi = proximity(M.to_numpy(), known=known.to_numpy())
    dens = pd.DataFrame(relatedness_density(M.to_numpy(), phi, known=known.to_numpy()),
                        index=X.index, columns=X.columns)

    members = mr.cities().drop_duplicates("region_id")
    names = members.set_index("region_id")["name"].to_dict()
    names_zh = {r: (z if isinstance(z, str) and z else names.get(r, r))
                for r, z in members.set_index("region_id")["name_zh"].items()}
    all_ids = members["region_id"].tolist()
    has_coords = members.set_index("region_id")[["lat", "lon"]].notna().all(axis=1)
    # a city of the main metro delineation without a row of its own takes the row of the older
    # metro code standing in for it (Megaregion.stand_ins), flagged vintage_mapped
    row = {r: r for r in all_ids}
    mapped = {}
    for old, new in mr.stand_ins().items():
        if new in row and new not in X.index and old in X.index:
            row[new] = old
            mapped[new] = old
    ids = [r for r in all_ids if row[r] in X.index and has_coords.get(r, False)
           and X.loc[row[r], codes].notna().any()]
    left = [r for r in all_ids if r not in ids]
    if len(ids) < 2:
        raise MegaregionError(f"{mr.group_id}: fewer than two of its cities have employment by industry "
                              f"in {EMPLOYMENT[economy][0]} for {year}; no pair to rank")
    if city is not None:
        by_name = {str(v).lower(): k for k, v in names.items()} | {str(v): k for k, v in names_zh.items()}
        cid = city if city in all_ids else by_name.get(str(city).lower(), by_name.get(str(city)))
        if cid is None:
            raise MegaregionError(f"--city {city!r} is not a city of {mr.group_id}; use a region id such as "
                                  f"{all_ids[0]} or a city name")
        if cid not in ids:
            raise MegaregionError(f"--city {city!r}: {names.get(cid, cid)} has no employment by industry in "
                                  f"{year}, so it cannot be ranked")
        city = cid

    def take(df: pd.DataFrame) -> pd.DataFrame:
        out = df.loc[[row[r] for r in ids]]
        out.index = pd.Index(ids, name=df.index.name)
        return out

    lq = take(LQ)[codes]
    spec = excess_specialisation(lq)
    chain_codes = [c for c in codes if c in CHAIN_INDUSTRIES[country] or c == industry]
    A_use = chain_matrix(A.loc[codes, codes].astype(float), chain_codes, industry)
    # only the chain industries enter: an unknown cell elsewhere does not make a pair unknown
    C = supply_chain_complementarity(spec[chain_codes], A_use.loc[chain_codes, chain_codes])
    C = np.asarray(C, dtype=float)
    unknown_chain = [r for r in ids if spec.loc[r, chain_codes].isna().any()]
    rel = partner_relatedness(take(dens)[codes].to_numpy(), take(M)[codes].where(take(known)[codes]).to_numpy())
    scale = take(X)[chain_codes].sum(axis=1, min_count=1)

    coords = members.set_index("region_id").loc[ids]
    dist = great_circle_km(coords["lat"].to_numpy(dtype=float), coords["lon"].to_numpy(dtype=float))
    innov, innov_info, innov_quality = _innovation(mr, ids)
    regions = regions if regions is not None else store.df("regions")
    obs, exp, link_info = _links(mr, flows, regions, ids, dist)

    pairs = rank_pairs(ids, C, rel, dist, innov.to_numpy(dtype=float), obs, exp, city=city,
                       scale=scale.to_numpy(dtype=float))
    pairs.insert(3, "name_a", pairs["city_a"].map(lambda r: names.get(r, r)))
    pairs.insert(4, "name_b", pairs["city_b"].map(lambda r: names.get(r, r)))
    pairs.insert(5, "name_a_zh", pairs["city_a"].map(lambda r: names_zh.get(r, r)))
    pairs.insert(6, "name_b_zh", pairs["city_b"].map(lambda r: names_zh.get(r, r)))

    en_lab, zh_lab = _labels(store, country)
    rec = pairs[pairs["score"].notna()].head(top).copy()
    expl, expl_zh, extra = [], [], []
    for r in rec.itertuples():
        a, b = (r.city_a, r.city_b) if r.complementarity_ab >= r.complementarity_ba else (r.city_b, r.city_a)
        terms = complementarity_terms(spec[chain_codes], A_use.loc[chain_codes, chain_codes], a, b, top=1)
        t = terms.iloc[0] if len(terms) else None
        sup, buy = (str(t.iloc[0]), str(t.iloc[1])) if t is not None else (None, None)
        lq_s = float(lq.loc[a, sup]) if sup else np.nan
        lq_b = float(lq.loc[b, buy]) if buy else np.nan
        aij = float(A_use.loc[sup, buy]) if sup else np.nan
        extra.append({"supplier_city": a, "buyer_city": b, "supplier_industry": sup, "buyer_industry": buy,
                      "lq_supplier": lq_s, "lq_buyer": lq_b, "io_coefficient": aij})
        e, z = _explain(r, a, b, sup, buy, lq_s, lq_b, aij, names, names_zh, en_lab, zh_lab, link_info)
        expl.append(e)
        expl_zh.append(z)
    rec = rec.reset_index(drop=True)
    rec = pd.concat([rec, pd.DataFrame(extra, columns=["supplier_city", "buyer_city", "supplier_industry",
                                                       "buyer_industry", "lq_supplier", "lq_buyer",
                                                       "io_coefficient"])], axis=1)
    rec["explanation"] = expl
    rec["explanation_zh"] = expl_zh
    rec["pair"] = rec["name_a"] + " – " + rec["name_b"]
    rec["pair_zh"] = rec["name_a_zh"] + "与" + rec["name_b_zh"]

    # small city sets: triads whose three pairs all rank well
    def chain_of(a, b):
        c_ab = C[ids.index(a), ids.index(b)]
        c_ba = C[ids.index(b), ids.index(a)]
        s_city, b_city = (a, b) if c_ab >= c_ba else (b, a)
        terms = complementarity_terms(spec[chain_codes], A_use.loc[chain_codes, chain_codes], s_city, b_city, top=1)
        if not len(terms):
            return None
        i, j = str(terms.iloc[0, 0]), str(terms.iloc[0, 1])
        return (f"{names.get(s_city, s_city)} {en_lab.get(i, i)} ({i}) -> {names.get(b_city, b_city)} "
                f"{en_lab.get(j, j)} ({j})",
                f"{names_zh.get(s_city, s_city)}{zh_lab.get(i, i)}→{names_zh.get(b_city, b_city)}{zh_lab.get(j, j)}")

    triads = city_triads(pairs, pool=TRIAD_POOL, top=TRIAD_TOP)
    t_en, t_zh = [], []
    for t in triads.itertuples():
        links = [chain_of(x, y) for x, y in ((t.city_1, t.city_2), (t.city_1, t.city_3), (t.city_2, t.city_3))]
        links = [c for c in links if c is not None]
        t_en.append("; ".join(c[0] for c in links) + ".")
        t_zh.append("；".join(c[1] for c in links) + "。")
    triads["names"] = [" – ".join(names.get(c, c) for c in (t.city_1, t.city_2, t.city_3)) for t in triads.itertuples()]
    triads["names_zh"] = ["、".join(names_zh.get(c, c) for c in (t.city_1, t.city_2, t.city_3))
                          for t in triads.itertuples()]
    triads["explanation"] = t_en
    triads["explanation_zh"] = t_zh

    # cities table
    cities = pd.DataFrame({"region_id": ids, "name": [names.get(r, r) for r in ids],
                           "name_zh": [names_zh.get(r, r) for r in ids],
                           "employment": take(X)[codes].sum(axis=1, min_count=1).to_numpy(),
                           "industries_specialised": (lq >= 1).sum(axis=1).to_numpy(),
                           "top_industry": lq.idxmax(axis=1).to_numpy(),
                           "top_lq": lq.max(axis=1).to_numpy(),
                           "patents_per_10k": innov.to_numpy()})

    # integration: who holds the observed network together
    integ = _integration(ids, names, names_zh, link_info)

    # chain view
    s_code, b_code = chain
    chain_df = pd.DataFrame({"region_id": ids, "name": [names.get(r, r) for r in ids],
                             "name_zh": [names_zh.get(r, r) for r in ids],
                             "lq_supplier": lq[s_code].to_numpy(), "lq_buyer": lq[b_code].to_numpy()})
    chain_df["position"] = chain_position(chain_df["lq_supplier"], chain_df["lq_buyer"])
    chain_df.insert(0, "chain", f"{s_code} -> {b_code}")

    # quality
    dq_rows = list(innov_quality)
    flagged = flags[flags["region_id"].isin(ids)]
    for r in flagged.itertuples():
        if isinstance(r.flag, str) and r.flag != "observed":
            dq_rows.append({"region_id": r.region_id, "year": year, "variable": "employment by section",
                            "source": EMPLOYMENT[economy][0], "flag": r.flag,
                            "detail": "employment of the location quotients"})
    for c, old in mapped.items():
        if c in ids:
            dq_rows.append({"region_id": c, "year": year, "variable": "employment by industry",
                            "source": EMPLOYMENT[economy][0], "flag": "vintage_mapped",
                            "detail": f"published under the older metro code {old}"})
    data_quality = pd.DataFrame(dq_rows, columns=["region_id", "year", "variable", "source", "flag", "detail"])
    qual = tuple(sorted(set(data_quality["flag"]) - {"observed"}))

    summary_measures = _summary_measures(pairs, rec, integ, chain_df, link_info, len(ids))
    findings = _findings(mr, rec, integ, chain_df, summary_measures, s_code, b_code, en_lab, zh_lab, qual,
                         link_info)
    notes = _notes(mr, year, A, left, names, link_info, innov_info, industry, en_lab, zh_lab, economy,
                   names_zh)
    if unknown_chain:
        listed = ", ".join(f"{names.get(r, r)} ({r})" for r in unknown_chain)
        notes.append(Note(
            f"Pairs with these cities are not ranked: their employment in a chain industry is not published "
            f"in {year} (unknown, not zero): {listed}.",
            f"以下城市{year}年某产业链行业的就业未公布（未知，不计为0），含这些城市的城市对不参与排序：{listed}。"))
    rec_cols = ["rank", "pair", "pair_zh", "score", "complementarity", "relatedness", "distance_km",
                "innovation", "scale", "observed_link", "expected_link", "action", "city_a", "city_b", "name_a",
                "name_a_zh", "name_b", "name_b_zh", "complementarity_ab", "complementarity_ba",
                "link_ratio", "supplier_city", "buyer_city", "supplier_industry", "buyer_industry",
                "lq_supplier", "lq_buyer", "io_coefficient", "explanation", "explanation_zh"]
    rec = rec[rec_cols]
    top_table = rec[["rank", "pair", "pair_zh", "score", "complementarity", "relatedness", "distance_km",
                     "scale", "action"]].copy()
    tables = {"top": top_table, "recommendations": rec, "triads": triads, "pairs": pairs, "cities": cities, "integration": integ,
              "chain": chain_df, "summary_measures": summary_measures, "data_quality": data_quality}
    res = Results(f"Alliance recommendations: {mr.label('en')} ({year})",
                  f"联盟建议：{mr.label('zh')}（{year}年）", tables, "top", findings, notes,
                  command="alliances")
    return res


def rank_pairs(ids, complementarity, relatedness, distance, innovation, observed=None, expected=None,
               *, city=None, scale=None, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """Every unordered pair of ``ids`` with its components, link action and score, best first.

    Parameters
    ----------
    ids : n city ids.
    complementarity : (n, n) directed C[a, b] (a supplies b); the pair's is C[a,b] + C[b,a].
    relatedness : (n, n) R[a, b] (:func:`partner_relatedness`); the pair's is the mean of both
        directions.
    distance : (n, n) km.
    innovation : (n,) capacity per city; the pair's is the geometric mean.
    scale : (n,) employment of each city in the chain industries; the pair's is the geometric
        mean (unknown when omitted: the score then rests on the other components).
    observed, expected : (n, n) symmetric pair links and their gravity expectation (NaN: none).
    city : keep only the pairs with this id.
    weights : score weights (default :data:`WEIGHTS`).

    Returns
    -------
    DataFrame with ``rank`` (1 = best; missing where complementarity is unknown), ``city_a``,
    ``city_b``, the components, ``link_ratio``, ``action`` (:func:`link_action`) and ``score``
    (:func:`alliance_score`), sorted by score.
    """
    C = np.asarray(complementarity, dtype=float)
    R = np.asarray(relatedness, dtype=float)
    D = np.asarray(distance, dtype=float)
    v = np.asarray(innovation, dtype=float)
    n = len(ids)
    O = np.full((n, n), np.nan) if observed is None else np.asarray(observed, dtype=float)
    E = np.full((n, n), np.nan) if expected is None else np.asarray(expected, dtype=float)
    iu, ju = np.triu_indices(n, 1)
    rel = np.vstack([R[iu, ju], R[ju, iu]])
    cnt = np.isfinite(rel).sum(axis=0)
    rel_pair = np.where(cnt > 0, np.nansum(rel, axis=0) / np.maximum(cnt, 1), np.nan)
    sc = np.full(n, np.nan) if scale is None else np.asarray(scale, dtype=float)
    with np.errstate(invalid="ignore"):
        innov = np.sqrt(v[iu] * v[ju])
        scale_pair = np.sqrt(sc[iu] * sc[ju])
    ids = list(ids)
    pairs = pd.DataFrame({
        "city_a": [ids[i] for i in iu], "city_b": [ids[j] for j in ju],
        "complementarity_ab": C[iu, ju], "complementarity_ba": C[ju, iu],
        "relatedness": rel_pair, "distance_km": D[iu, ju], "innovation": innov, "scale": scale_pair,
        "observed_link": O[iu, ju], "expected_link": E[iu, ju],
    })
    pairs["complementarity"] = pairs["complementarity_ab"] + pairs["complementarity_ba"]
    with np.errstate(divide="ignore", invalid="ignore"):
        pairs["link_ratio"] = pairs["observed_link"] / pairs["expected_link"]
    pairs["action"] = link_action(pairs["observed_link"], pairs["expected_link"])
    if city is not None:
        pairs = pairs[(pairs["city_a"] == city) | (pairs["city_b"] == city)].reset_index(drop=True)
    comp = pd.DataFrame({"complementarity": pairs["complementarity"], "relatedness": pairs["relatedness"],
                         "proximity": -pairs["distance_km"], "innovation": pairs["innovation"],
                         "scale": pairs["scale"]})
    pairs["score"] = alliance_score(comp, weights)
    # each component's share of the score, so that a chart of it reads the table, never recomputes
    parts = alliance_score_parts(comp, weights)
    for k in parts:
        pairs[f"score_{k}"] = np.where(pairs["score"].notna(), parts[k], np.nan)
    pairs = pairs.sort_values(["score", "complementarity"], ascending=False, na_position="last",
                              kind="mergesort").reset_index(drop=True)
    rank = pd.array(np.arange(1, len(pairs) + 1), dtype="Int64")
    rank[pairs["score"].isna().to_numpy()] = pd.NA
    pairs.insert(0, "rank", rank)
    return pairs


#: Triads are formed from the cities of the best ``TRIAD_POOL`` pairs; ``TRIAD_TOP`` are kept.
TRIAD_POOL = 15
TRIAD_TOP = 5


def city_triads(pairs: pd.DataFrame, pool: int = TRIAD_POOL, top: int = TRIAD_TOP) -> pd.DataFrame:
    """The best sets of three cities: among the cities of the ``pool`` best-ranked pairs, every
    triad whose three pairs are all ranked, scored by the mean of its three pair scores (ties by
    the lowest of them), best ``top`` first. A triad is a small alliance in which every member
    has a chain to each other member; its weakest pair is shown beside the mean."""
    from itertools import combinations

    ranked = pairs[pairs["score"].notna()]
    score = {frozenset((a, b)): s for a, b, s in zip(ranked["city_a"], ranked["city_b"], ranked["score"])}
    cities = list(dict.fromkeys(list(ranked.head(pool)["city_a"]) + list(ranked.head(pool)["city_b"])))
    rows = []
    for trio in combinations(cities, 3):
        ss = [score.get(frozenset(p)) for p in combinations(trio, 2)]
        if any(v is None for v in ss):
            continue
        rows.append({"city_1": trio[0], "city_2": trio[1], "city_3": trio[2], "score": float(np.mean(ss)),
                     "weakest_pair_score": float(min(ss))})
    out = pd.DataFrame(rows, columns=["city_1", "city_2", "city_3", "score", "weakest_pair_score"])
    out = out.sort_values(["score", "weakest_pair_score"], ascending=False, kind="mergesort").head(top)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out.reset_index(drop=True)


def _fmt(x: float, nd: int = 2) -> str:
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.{nd}f}"


def _code_zh(code: str, paren: bool = False) -> str:
    """A NAICS code for Chinese text (digits read in any language); GB/T section letters are
    left out there (the Chinese section name says it)."""
    if code is None or str(code).replace("-", "").isalpha():
        return ""
    return f"（{code}）" if paren else f"{code}，"


def _num(x: float) -> str:
    """A flow for a sentence: whole numbers from 100 up, three significant digits below."""
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def _explain(r, a, b, sup, buy, lq_s, lq_b, aij, names, names_zh, en_lab, zh_lab, link_info):
    """One recommendation's reason in English and Chinese."""
    kind = link_info["kind"]
    if sup is None:
        e = f"{names.get(a, a)} and {names.get(b, b)}: no industry of either city is specialised along a chain"
        z = f"{names_zh.get(a, a)}与{names_zh.get(b, b)}：两市均无沿产业链的专业化行业"
    else:
        e = (f"{names.get(a, a)} is specialised in {en_lab.get(sup, sup)} ({sup}, LQ {lq_s:.2f}), which "
             f"supplies {en_lab.get(buy, buy)} ({buy}), in which {names.get(b, b)} is specialised "
             f"(LQ {lq_b:.2f}); input-output coefficient {aij:.3f}")
        z = (f"{names_zh.get(a, a)}专业化于{zh_lab.get(sup, sup)}（{_code_zh(sup)}区位商{lq_s:.2f}），"
             f"该行业为{names_zh.get(b, b)}专业化的{zh_lab.get(buy, buy)}（{_code_zh(buy)}区位商{lq_b:.2f}）供给投入；"
             f"投入产出直接消耗系数{aij:.3f}")
    e += f"; relatedness {_fmt(r.relatedness)}; {r.distance_km:.0f} km apart"
    z += f"；相关度{_fmt(r.relatedness)}；相距{r.distance_km:.0f}公里"
    if not np.isfinite(r.expected_link) and np.isfinite(r.observed_link):
        e += (f"; {kind.replace('_', ' ')} {FLOW_PERIOD[kind]}: observed {_num(r.observed_link)}, no gravity "
              "expectation (no gap claimed)")
        z += f"；{FLOW_ZH[kind]}（{FLOW_PERIOD[kind]}）：实际{_num(r.observed_link)}，无引力模型预期（不判断联系缺口）"
    elif np.isfinite(r.expected_link):
        verdict = {"build": "under-linked: build", "consolidate": "strongly linked: consolidate"}.get(
            r.action, "about as expected")
        vz = {"build": "联系不足：宜新建", "consolidate": "联系紧密：宜巩固"}.get(r.action, "与预期相当")
        e += (f"; {kind.replace('_', ' ')} {FLOW_PERIOD[kind]}: observed {_num(r.observed_link)} vs expected "
              f"{_num(r.expected_link)} ({verdict})")
        z += f"；{FLOW_ZH[kind]}（{FLOW_PERIOD[kind]}）：实际{_num(r.observed_link)}，预期{_num(r.expected_link)}（{vz}）"
    else:
        e += f"; no observed {kind.replace('_', ' ')} estimate for this pair (no gap claimed)"
        z += f"；该城市对无{FLOW_ZH[kind]}观测或估计（不判断联系缺口）"
    return e + ".", z + "。"


def _integration(ids, names, names_zh, link_info) -> pd.DataFrame:
    W = link_info.get("observed_all")
    cols = ["region_id", "name", "name_zh", "degree", "betweenness", "efficiency_loss"]
    if W is None or not np.any(W > 0):
        return pd.DataFrame(columns=cols)
    from megaregion.metrics.network import betweenness

    B = (np.asarray(W) > 0).astype(float)
    out = pd.DataFrame({"region_id": ids, "name": [names.get(r, r) for r in ids],
                        "name_zh": [names_zh.get(r, r) for r in ids],
                        "degree": B.sum(axis=1), "betweenness": betweenness(B, directed=False),
                        "efficiency_loss": efficiency_loss(B)})
    return out.sort_values(["efficiency_loss", "betweenness"], ascending=False).reset_index(drop=True)


def _summary_measures(pairs, rec, integ, chain_df, link_info, n_cities) -> pd.DataFrame:
    rows = [("cities_ranked", float(n_cities)), ("pairs_ranked", float(pairs["score"].notna().sum())),
            ("top_build", float((rec["action"] == "build").sum())),
            ("top_consolidate", float((rec["action"] == "consolidate").sum())),
            ("top_as_expected", float((rec["action"] == "as_expected").sum())),
            ("top_no_link_data", float((rec["action"] == "no_link_data").sum())),
            ("top_no_estimate", float((rec["action"] == "no_estimate").sum())),
            ("chain_upstream", float((chain_df["position"] == "upstream").sum())),
            ("chain_downstream", float((chain_df["position"] == "downstream").sum())),
            ("chain_both", float((chain_df["position"] == "up_and_down").sum())),
            ("distance_elasticity", float(link_info.get("elasticity", np.nan)))]
    return pd.DataFrame(rows, columns=["measure", "value"])


def _findings(mr, rec, integ, chain_df, sm, s_code, b_code, en_lab, zh_lab, qual, link_info) -> list[Finding]:
    out = []
    if len(rec):
        r = rec.iloc[0]
        out.append(Finding(
            f"Top alliance: {r['name_a']} – {r['name_b']} (score {r['score']:.2f} of 1). {r['explanation']}",
            f"首选联盟：{r['name_a_zh']}与{r['name_b_zh']}（得分{r['score']:.2f}，满分1）。{r['explanation_zh']}",
            "recommendations", float(r["score"]), column="score", where={"rank": int(r["rank"])}, quality=qual))
        nb = sm.set_index("measure")["value"]
        if link_info["n_flows"]:
            k = link_info["kind"]
            out.append(Finding(
                f"Top {len(rec)} pairs against a gravity model of {k.replace('_', ' ')} ({FLOW_PERIOD[k]}): "
                f"under-linked (build) {int(nb['top_build'])}, strongly linked (consolidate) "
                f"{int(nb['top_consolidate'])}, within a factor {LINK_TOLERANCE} of it {int(nb['top_as_expected'])}, "
                f"without an expectation {len(rec) - int(nb['top_build']) - int(nb['top_consolidate']) - int(nb['top_as_expected'])}.",
                f"前{len(rec)}个城市对与{FLOW_ZH[k]}（{FLOW_PERIOD[k]}）引力模型预期相比：联系不足（宜新建）{int(nb['top_build'])}个，"
                f"联系紧密（宜巩固）{int(nb['top_consolidate'])}个，与预期相差不到{LINK_TOLERANCE}倍{int(nb['top_as_expected'])}个，"
                f"无预期值{len(rec) - int(nb['top_build']) - int(nb['top_consolidate']) - int(nb['top_as_expected'])}个。",
                "summary_measures", float(nb["top_build"]), column="value", where={"measure": "top_build"},
                quality=qual))
    if len(integ) and integ["efficiency_loss"].iloc[0] > 0:
        g = integ.iloc[0]
        k = link_info["kind"]
        tied = integ[np.isclose(integ["efficiency_loss"], g["efficiency_loss"], rtol=0, atol=1e-12)]
        who = "; ".join(tied["name"])
        who_zh = "、".join(tied["name_zh"])
        out.append(Finding(
            f"{who} hold{'s' if len(tied) == 1 else ''} the {k.replace('_', ' ')} network together most: removing "
            f"{'its links' if len(tied) == 1 else 'the links of any one of them'} lowers global efficiency by "
            f"{g['efficiency_loss']:.3f}.",
            f"{who_zh}对{FLOW_ZH[k]}网络的整合作用最大：去掉{'其' if len(tied) == 1 else '其中任一城市的'}联系后"
            f"全局效率下降{g['efficiency_loss']:.3f}。",
            "integration", float(g["efficiency_loss"]), column="efficiency_loss",
            where={"region_id": g["region_id"]}))
    up = chain_df[chain_df["position"].isin(["upstream", "up_and_down"])].sort_values("lq_supplier", ascending=False)
    if len(up):
        u = up.iloc[0]
        out.append(Finding(
            f"On the chain {en_lab.get(s_code, s_code)} ({s_code}) -> {en_lab.get(b_code, b_code)} ({b_code}), "
            f"cities upstream only: {int((chain_df['position'] == 'upstream').sum())}, downstream only: "
            f"{int((chain_df['position'] == 'downstream').sum())}, on both ends: "
            f"{int((chain_df['position'] == 'up_and_down').sum())}; the most specialised supplier is "
            f"{u['name']} (LQ {u['lq_supplier']:.2f}).",
            f"在{zh_lab.get(s_code, s_code)}{_code_zh(s_code, paren=True)}→{zh_lab.get(b_code, b_code)}"
            f"{_code_zh(b_code, paren=True)}产业链上，"
            f"{int((chain_df['position'] == 'upstream').sum())}个城市仅位于上游，"
            f"{int((chain_df['position'] == 'downstream').sum())}个仅位于下游，"
            f"{int((chain_df['position'] == 'up_and_down').sum())}个两端兼有；专业化程度最高的供给城市是"
            f"{u['name_zh']}（区位商{u['lq_supplier']:.2f}）。",
            "chain", float(u["lq_supplier"]), column="lq_supplier", where={"region_id": u["region_id"]},
            quality=qual))
    return out


def _notes(mr, year, A, left, names, link_info, innov_info, industry, en_lab, zh_lab, country,
           names_zh=None) -> list:
    notes = []
    src = EMPLOYMENT[country][0]
    country = country.split("-")[0]
    table = A.attrs.get("table", "")
    notes.append(Note(
        f"Score = 0.3 complementarity + 0.15 relatedness + 0.15 proximity + 0.2 innovation capacity + 0.2 scale "
        f"(employment in the chain industries), each rank-normalised over the candidate pairs (0 worst, 1 best). Location quotients of {year} against every "
        f"region of {src}; input-output coefficients: {table} ({A.attrs.get('year', '')}).",
        f"得分 = 0.3×产业链互补 + 0.15×能力相关度 + 0.15×邻近度 + 0.2×创新能力 + 0.2×规模（产业链行业就业），各分量在候选城市对中按秩归一化"
        f"（0最差，1最好）。区位商为{year}年相对于该数据源的全部地区计算；投入产出系数见投入产出表（{A.attrs.get('year', '')}年）。"))
    if A.attrs.get("note_en"):
        notes.append(Note(A.attrs["note_en"], A.attrs.get("note_zh") or A.attrs["note_en"]))
    if left:
        listed = ", ".join(f"{names.get(r, r)} ({r})" for r in left)
        listed_zh = "、".join(f"{(names_zh or {}).get(r) or names.get(r, r)}（{r}）" for r in left)
        notes.append(Note(f"Not ranked (no employment by industry in {year} or no coordinates): {listed}.",
                          f"未参与排序（{year}年无分行业就业数据或无坐标）：{listed_zh}。"))
    k = link_info["kind"]
    if link_info["n_flows"] == 0:
        notes.append(Note(
            f"No observed {k.replace('_', ' ')} flows ({FLOW_PERIOD[k]}) between the ranked cities: every pair is "
            "'no_link_data' and no link gap is claimed.",
            f"参与排序的城市之间没有观测到的{FLOW_ZH[k]}（{FLOW_PERIOD[k]}）：所有城市对均为“无联系数据”，不判断联系缺口。"))
    else:
        notes.append(Note(
            f"Expected links: PPML gravity of {k.replace('_', ' ')} ({FLOW_PERIOD[k]}) on log distance with origin "
            f"and destination fixed effects, fitted on the group's cities with any such link (distance "
            f"elasticity {_fmt(link_info['elasticity'])}); cities without any link have no expectation.",
            f"预期联系：以对数距离及起讫城市固定效应对{FLOW_ZH[k]}（{FLOW_PERIOD[k]}）做PPML引力模型估计，"
            f"样本为本城市群中有此类联系的城市（距离弹性{_fmt(link_info['elasticity'])}）；无任何联系的城市没有预期值。"
            f"实际低于预期的1/{LINK_TOLERANCE}为宜新建，不低于预期的{LINK_TOLERANCE}倍为宜巩固，其间为与预期相当。"))
    notes.append(Note(
        f"Innovation capacity: {innov_info['indicator']} ({innov_info['source']}, {innov_info['year']}) per "
        f"10,000 residents ({innov_info['pop_year']}); a city without a value is unknown and scored on the other "
        "components.",
        f"创新能力：每万常住人口专利数（专利{innov_info['year']}年，人口{innov_info['pop_year']}年）；"
        "无数值的城市为未知，仅按其他分量评分。"))
    if industry is not None:
        notes.append(Note(f"Only chains through {en_lab.get(industry, industry)} ({industry}) as supplier or buyer.",
                          f"仅计入以{zh_lab.get(industry, industry)}为供给方或需求方的产业链。"))
    if country == "cn":
        notes.append(Note(
            "Chinese employment by section is unit employment (legal-entity units, no private and self-employed "
            "workers) from a secondary compilation of the China City Statistical Yearbook; it undercounts services "
            "where small firms are many, and rows failing plausibility checks are listed in data_quality.",
            "中国分行业就业为城市统计年鉴单位从业人员（仅法人单位，不含私营和个体从业人员）的二手汇编数据；"
            "在小企业多的城市会低估服务业；未通过合理性检查的数据列于数据质量表。"))
    elif src == "us/qcew_ny":
        notes.append(Note(
            "US employment: QCEW county employment of New York State (NAICS sectors; the CBP county file has no "
            "New York counties): location quotients and relatedness are against the state's 62 counties, not the "
            "nation.",
            "美国就业：纽约州县级QCEW就业（北美行业分类部门；CBP县级文件不含纽约州各县）：区位商与能力相关度相对于"
            "该州62个县计算，而非全国。"))
    else:
        notes.append(Note(
            f"US employment: County Business Patterns by {'county' if src.endswith('county') else 'metro'} (NAICS sectors; private establishments only, no "
            "government employment); a withheld cell is unknown, not zero.",
            f"美国就业：县域商业模式（CBP）{'县级' if src.endswith('county') else '都市区'}数据（北美行业分类部门；仅私营机构，不含政府就业）；保密单元为未知，不计为0。"))
    return notes
