"""A US megaregion beside a Chinese city cluster, on the same definitions where the data allow.

The brief's four features, side by side for two groups (typically one US megaregion and one
Chinese cluster: ``us-boswash`` and ``cn-yrd-2016``):

1. **Industrial structure.** Employment by the 17 sector families of the NAICS <-> GB/T 4754
   crosswalk (:mod:`megaregion.model.sectors`): County Business Patterns employees of US
   metros, urban-unit employment by the yearbook's 19 sections for Chinese cities. Each side's
   shares are set against its own nation (location quotients of the group and of its core:
   ``LQ = share in the group (core) / share in the nation``), so that the two countries' very
   different national structures do not pass for regional ones. The core's composite balance is
   the ``structure`` workflow's own (:func:`~megaregion.analysis.composite_centre.composite_structure`).
2. **Network.** The ``network`` workflow (:func:`~megaregion.analysis.hierarchy_network.hierarchy_to_network`)
   on a gravity network of each side and on each side's observed flows, paired by what they
   stand for (people: US commuting vs Chinese Baidu migration; firms and knowledge: US
   technology transfer vs Chinese high-tech firm links). Observed pairs are different link types
   and are labelled so.
3. **Innovation.** The ``innovation`` workflow's index on each side (computed within each group:
   its ranks compare, its levels do not), and patents per resident relative to each nation
   (Liang et al. 2024's metro and city files).
4. **Openness.** GaWC ranks of the cores (one method for both countries).

Every row of the ``comparison`` table says whether the two sides are comparable
(``comparable``, ``partly_comparable``, ``not_comparable``) and why; the notes say which years
each side uses. This module only selects data and calls the existing workflows and kernels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError
from megaregion.model.megaregion import Megaregion, activity_matrix
from megaregion.model.sectors import ADVANCED_PRODUCER_SERVICES, FAMILIES

#: Employment source, its classification and default year, by country.
STRUCTURE_SOURCES = {
    "us": ("us/cbp_metro", "naics2017", 2019),
    "cn": ("cn/city_employment", "gbt4754-2002", 2019),
}
#: What the employment of each source counts.
EMPLOYMENT_BASIS = {
    "us": ("employees of establishments (County Business Patterns, mid-March; no self-employed, "
           "government or farm workers)",
           "企业（机构）雇员数（County Business Patterns，3月中旬；不含自雇、政府和农业从业者）"),
    "cn": ("urban-unit employment (legal-entity units at year end; no private and self-employed "
           "workers; a secondary compilation of the yearbook)",
           "城镇单位从业人员（法人单位，年末；不含私营和个体从业人员；年鉴的二手汇编数据）"),
}
#: The national reference: every region of the source in the year.
NATION = {
    "us": ("all US metropolitan and micropolitan areas in County Business Patterns (counties outside "
           "any metro area are not in the source)",
           "County Business Patterns中的全部美国大都市区和小都市区（不属于任何都市区的县不在该数据中）"),
    "cn": ("all prefecture-level cities of the yearbook compilation (autonomous prefectures are absent)",
           "年鉴汇编中的全部地级及以上城市（不含自治州）"),
}

#: Network link classes: (label, label_zh) and, per country, (kind, period or None for the year).
LINK_CLASSES = {
    "gravity_population": (("gravity model on population (one definition for both)", "人口引力模型（两侧定义相同）"),
                           {"us": ("gravity_population", None), "cn": ("gravity_population", None)}),
    "gravity": (("gravity model", "引力模型"), {"us": ("gravity", None), "cn": ("gravity", None)}),
    "people": (("observed flows of people", "实际人口流动"),
               {"us": ("commuting", "2009-2013"), "cn": ("baidu", "2020-01-01/2020-01-22")}),
    "firms": (("observed firm and knowledge links", "实际企业与知识联系"),
              {"us": ("tech_transfer", "2000-2023"), "cn": ("firm_link", "1998-2008")}),
}
#: Gravity years with masses on each side (US county population; Chinese city panel).
GRAVITY_YEARS = {"us": (2010, 2019), "cn": tuple(range(2000, 2024))}

#: Patents per resident: (patents source, year, population source, indicator, year) by country,
#: both from Liang et al. (2024)'s node files (and, for China, the source's registered population).
PATENT_SOURCES = {
    "us": ("links/us_msa_connectivity", 2019, "links/us_msa_connectivity", "population_resident", 2019),
    "cn": ("cn/patents_connectivity", 2017, "cn/patents_connectivity", "population_registered", 2016),
}
PATENT_BASIS = {
    "us": ("USPTO granted patents by inventor location (PatentsView), 2019, per resident 2019",
           "USPTO授权专利（按发明人所在地），2019年，按2019年常住人口计"),
    "cn": ("CNIPA patents of all three types, 2017, per registered resident 2016",
           "国家知识产权局三种专利合计，2017年，按2016年户籍人口计"),
}

COMPARABLE, PARTLY, NOT = "comparable", "partly_comparable", "not_comparable"

#: Members named in a note before the rest are counted (the full list is in a table).
LIST_MAX = 12

_FEATURE_ZH = {"industrial_structure": "产业结构", "network_structure": "网络结构",
               "innovation_capacity": "创新能力", "openness": "开放度"}


def _names(mr: Megaregion) -> tuple[dict, dict]:
    units = mr.cities()
    names = units.set_index("region_id")["name"].to_dict()
    names_zh = {r: (z if isinstance(z, str) and z else names.get(r, r))
                for r, z in units.set_index("region_id")["name_zh"].items()}
    return names, names_zh


def _listed(mr: Megaregion, ids: list, what: str, left_out: list) -> tuple[str, str]:
    """The members ``ids`` named (the first :data:`LIST_MAX`, the rest counted), in English and
    Chinese; each is added to ``left_out`` (table ``left_out``: every member left out, and of what)."""
    names, names_zh = _names(mr)
    for r in ids:
        left_out.append({"group_id": mr.group_id, "region_id": r, "name": names.get(r, r),
                         "name_zh": names_zh.get(r, r), "left_out_of": what})
    shown, more = ids[:LIST_MAX], len(ids) - LIST_MAX
    en = ", ".join(f"{names.get(r, r)} ({r})" for r in shown)
    zh = "、".join(f"{names_zh.get(r, r)}（{r}）" for r in shown)
    if more > 0:
        en += f" and {more} more (table left_out)"
        zh += f"等（其余{more}个见`left_out`表）"
    return en, zh


def _zh(exc) -> str:
    """The Chinese text of a user error (as the command line prints it)."""
    from megaregion.i18n.error_texts import zh

    return zh(exc)


def _short(name: str) -> str:
    """A metro's first place name ('New York-Newark-Jersey City, NY-NJ-PA' -> 'New York')."""
    return str(name).split(",")[0].split("-")[0].strip()


# -- 1. industrial structure ---------------------------------------------------------------------

def family_matrix(rows: pd.DataFrame, classification: str, absent: str = "nan") -> pd.DataFrame:
    """Region x sector-family employment from activity rows (``region_id``, ``industry``,
    ``value``) of 2-digit NAICS sectors or GB/T 4754-2002 sections.

    A cell with no row is 0 with ``absent="zero"`` (County Business Patterns leave out tiny
    industries) and unknown otherwise; a row without a value (withheld) is always unknown. A
    family with an unknown sector is unknown (NaN): a partial sum would pass for the whole.
    Columns: the families present, in :data:`FAMILIES` order."""
    X = rows.pivot(index="region_id", columns="industry", values="value")
    if absent == "zero":
        present = rows.assign(p=True).pivot(index="region_id", columns="industry", values="p")
        X = X.where(present.notna(), 0.0)
    X.columns.name = None
    return families_of(X, classification)


def families_of(X: pd.DataFrame, classification: str) -> pd.DataFrame:
    """Region x family matrix of a region x industry matrix (its 2-digit sectors or sections
    only; the structure workflow's aggregation: a family with an unknown sector is unknown)."""
    from megaregion.analysis.composite_centre import _families, _sector_codes

    F = _families(X[_sector_codes(X.columns, classification, 2)], classification)
    return F[[f for f in FAMILIES if f in F.columns]]


def family_shares(F: pd.DataFrame, groups: dict | None = None) -> tuple[pd.Series, int]:
    """Pooled employment shares of families (or of sets of families) over the rows of ``F``.

    ``s_f = sum_{r: f known} x_rf / sum_{r: f known} T_r`` with ``T_r`` the total of the known
    families of row r: a row whose family f is unknown (withheld, unpublished) is left out of
    f's share only, as the ``structure`` workflow does (its total then misses that family, a
    small error for a family as small as mining, which is what goes unpublished). ``groups``
    maps a name to a list of families summed into one (known only where all are known).
    Returns the shares and the number of rows with at least one unknown family."""
    T = F.sum(axis=1, min_count=1)
    sets = groups or {f: [f] for f in F.columns}
    out = {}
    for name, fams in sets.items():
        cols = [f for f in fams if f in F.columns]
        if not cols:
            out[name] = np.nan
            continue
        x = F[cols].sum(axis=1, skipna=False)
        known = x.notna() & T.notna()
        den = T[known].sum()
        out[name] = float(x[known].sum() / den) if den > 0 else np.nan
    return pd.Series(out, dtype=float), int(F.isna().any(axis=1).sum())


AGGREGATES = {"advanced_services": sorted(ADVANCED_PRODUCER_SERVICES), "manufacturing": ["manufacturing"]}


def location_quotients(part: pd.Series, nation: pd.Series) -> pd.Series:
    """Location quotient of a group's (or a city's) family shares against the nation's.

    ``LQ_f = s_f / S_f`` with ``s`` and ``S`` the pooled employment shares of family f in the
    part and in the nation (Balassa 1965; Isard 1960), each computed by
    :func:`megaregion.metrics.structure.location_quotient` on the two columns (f, the rest).
    A family absent from the nation has no LQ (NaN), never 0 or infinity."""
    from megaregion.metrics.structure import location_quotient

    out = {}
    for f in part.index:
        s, n = part.get(f, np.nan), nation.get(f, np.nan)
        if pd.isna(s) or pd.isna(n):
            out[f] = np.nan
            continue
        lq = location_quotient(np.array([[s, 1.0 - s]]), np.array([n, 1.0 - n]))
        out[f] = float(lq[0, 0])
    return pd.Series(out, dtype=float)


def _structure_side(store, mr: Megaregion, year: int, notes: list, left_out: list) -> dict:
    """Family shares and LQs of one group, its core and its nation; the core's balance from the
    ``structure`` workflow."""
    from megaregion.analysis.composite_centre import ADVANCED_MANUFACTURING, composite_structure

    src, classification, _ = STRUCTURE_SOURCES[mr.country]
    measure = "employees"
    # years with sector detail (Chinese 2020-2022 rows hold the total only)
    have = [int(r[0]) for r in store.con.execute(
        "SELECT DISTINCT year FROM activity WHERE source = ? AND measure = ? AND industry <> 'TOTAL' "
        "AND industry <> '00' AND value IS NOT NULL ORDER BY 1", [src, measure]).fetchall()]
    # the structure workflow compares two years: the year before (or after) is its partner
    partner = year - 1 if year - 1 in have else year + 1
    if year not in have or partner not in have:
        from megaregion.analysis.composite_centre import _year_list

        listing = f"its years are {_year_list(have)}" if have else \
            "the store has none (import it with `megaregion data import`)"
        missing = year if year not in have else partner
        raise MegaregionError(f"{mr.group_id}: no {measure} in {src} for {missing}; {listing}")
    nat_rows = store.activity_rows(src, measure, year)
    absent = "zero" if mr.country == "us" else "nan"
    nat_F = family_matrix(nat_rows, classification, absent)
    nat_share, nat_left = family_shares(nat_F)

    ids = mr.cities()["region_id"].tolist()
    X, _ = activity_matrix(mr.activity, ids, source=src, measure=measure, year=year, absent=absent)
    F = families_of(X, classification)
    grp_share, grp_left = family_shares(F)
    core = [c for c in mr.core_ids if c in F.index]
    core_F = F.loc[core] if core else F.iloc[0:0]
    core_share, core_unknown = family_shares(core_F)
    # the composite balance of the core, as the structure workflow computes it
    st = composite_structure(mr, tuple(sorted((year, partner))), source=src, measure=measure)
    s = st.summary().set_index("year").loc[year]
    regions = st.tables["regions"]
    regions = regions[(regions["year"] == year) & regions["core"]]
    adv = {}
    if mr.country == "us":
        # advanced manufacturing (Brookings' advanced industries, manufacturing part): 4-digit
        # cells, many withheld; published cells only, so the shares are lower bounds
        four = nat_rows[nat_rows["industry"].isin(ADVANCED_MANUFACTURING)]
        nat_total = nat_F.dropna().to_numpy().sum()
        nat_adv = four[four["region_id"].isin(nat_F.dropna().index)]["value"].sum()
        core_adv = regions.set_index("region_id")["share_advanced_manufacturing"]
        core_tot = regions.set_index("region_id")["total"]
        core_adv_share = float((core_adv * core_tot).sum() / core_tot.sum()) if len(core_tot) else np.nan
        if nat_adv > 0:
            adv = {"nation": nat_adv / nat_total, "core": core_adv_share}
    agg = {}
    parts = {w: family_shares(m, AGGREGATES)[0] for w, m in (("nation", nat_F), ("group", F), ("core", core_F))}
    lqs = {w: location_quotients(parts[w], parts["nation"]) if parts[w].notna().any()
           else parts[w] * np.nan for w in ("group", "core")}
    for label in ("advanced_services", "manufacturing"):
        agg[label] = {w: float(parts[w].get(label, np.nan)) for w in parts}
        agg[label].update({f"lq_{w}": float(lqs[w].get(label, np.nan)) for w in lqs})
    if adv:
        agg["advanced_manufacturing"] = {"nation": adv["nation"], "group": np.nan, "core": adv["core"],
                                         "lq_group": np.nan, "lq_core": adv["core"] / adv["nation"]}
    names, names_zh = _names(mr)
    if grp_left:
        inc = [r for r in F.index if F.loc[r].isna().any()]
        gaps = {r: [f for f in F.columns if pd.isna(F.loc[r, f])] for r in inc}
        notes.append(Note(
            f"{mr.group_id} {year}: {grp_left} of {len(F)} members with data have a withheld or unpublished "
            "sector, left out of that sector family's share only (never read as 0): "
            + "; ".join(f"{names.get(r, r)} ({', '.join(gaps[r])})" for r in inc) + ".",
            f"{mr.group_id} {year}年：{len(F)}个有数据的成员中有{grp_left}个存在保密或未公布的行业，"
            "仅在该行业大类的占比中剔除（不按0处理）：" + "；".join(
                f"{names_zh.get(r, r)}（{'、'.join(FAMILIES[f][1] for f in gaps[r])}）" for r in inc) + "。"))
    missing = [r for r in ids if r not in F.index]
    if missing:
        en, zh = _listed(mr, missing, "employment", left_out)
        notes.append(Note(f"{mr.group_id} {year}: {len(missing)} members have no {src} employment: {en}.",
                          f"{mr.group_id} {year}年：{len(missing)}个成员没有{src}就业数据：{zh}。"))
    return {"source": src, "year": year, "nation_share": nat_share, "group_share": grp_share,
            "core_share": core_share, "core": core, "core_unknown": core_unknown,
            "nation_regions": len(nat_F), "nation_left": nat_left,
            "members": len(F) - grp_left, "agg": agg, "summary": s, "structure": st}


# -- 2. network ----------------------------------------------------------------------------------

def _network_side(store, mr: Megaregion, link: str, year: int, n_perm: int, seed: int, regions) -> dict:
    from megaregion.analysis.hierarchy_network import hierarchy_to_network

    kind, period = LINK_CLASSES[link][1][mr.country]
    if period is None:
        years = GRAVITY_YEARS[mr.country]
        period = str(year if year in years else min(years, key=lambda y: (abs(y - year), -y)))
    res = hierarchy_to_network(mr, kind, [period], regions=regions, n_perm=n_perm, seed=seed)
    row = res.tables["networks"].iloc[-1]
    nodes = res.tables["nodes"]
    nodes = nodes[nodes["period"] == period].sort_values("strength", ascending=False)
    main = nodes[nodes["tier"] == "main"]
    return {"kind": kind, "period": period, "row": row, "main": main, "nodes": nodes, "results": res}


def population_gravity(mr: Megaregion, year: int) -> tuple[np.ndarray, list[str], dict]:
    """Gravity network of one group on a definition both countries share: resident population
    as mass, great-circle distance, ``G_ij = P_i P_j / d_ij^2`` (:func:`megaregion.metrics.gravity.gravity_matrix`
    with ``beta = 1``, ``gamma = 2``, no share factor and no distance floor), symmetric.

    US metros: the Census population estimates of their counties (2010, 2019), summed; Chinese
    cities: resident population of the city panel (a secondary compilation). Returns the matrix,
    the member ids in its order and the population used (members without one are left out)."""
    from megaregion.metrics.gravity import gravity_matrix, great_circle_km

    units = mr.cities().set_index("region_id")
    ind = mr.indicators
    if mr.country == "us":
        counties = mr.members[mr.members["level"] == "county"].set_index("region_id")
        pop = ind[(ind["indicator"] == "population_estimate") & (ind["year"] == year)
                  & ind["region_id"].isin(counties.index)]
        metro = counties["metro_2023"].fillna(counties["metro_2018"])
        mass = pop.assign(metro=pop["region_id"].map(metro)).groupby("metro")["value"].sum(min_count=1)
    else:
        pop = ind[(ind["indicator"] == "population_resident") & (ind["year"] == year)
                  & (ind["source"] == "cn/city_panel")]
        mass = pop.groupby("region_id")["value"].sum(min_count=1)
    ids = [r for r in units.index if r in mass.index and mass[r] > 0
           and pd.notna(units.loc[r, "lat"]) and pd.notna(units.loc[r, "lon"])]
    if len(ids) < 3:
        raise MegaregionError(f"{mr.group_id}: only {len(ids)} members have a population for {year}; "
                              "a gravity network needs 3 or more")
    d = great_circle_km(units.loc[ids, "lat"].to_numpy(float), units.loc[ids, "lon"].to_numpy(float))
    G = np.asarray(gravity_matrix(mass.reindex(ids).to_numpy(float), distance=np.asarray(d, float)), float)
    return G, ids, mass.reindex(ids).to_dict()


def _population_gravity_side(mr: Megaregion, year: int) -> dict:
    """Polycentricity, strongest pair's share and main nodes of :func:`population_gravity`."""
    from megaregion.metrics import network as net
    from megaregion.metrics.gravity import top_pair_share

    years = (2010, 2019) if mr.country == "us" else tuple(range(2000, 2024))
    y = year if year in years else min(years, key=lambda v: (abs(v - year), -v))
    A, ids, _ = population_gravity(mr, y)
    strength = net.strength(A, directed=False)
    tiers = net.node_tiers(strength, method="jenks").labels if np.unique(strength).size >= 3 \
        else np.array(["basic"] * len(ids))
    _, _, share = top_pair_share(A)
    names, names_zh = _names(mr)
    nodes = pd.DataFrame({"region_id": ids, "name": [names.get(r, r) for r in ids],
                          "name_zh": [names_zh.get(r, r) for r in ids], "strength": strength,
                          "tier": tiers}).sort_values("strength", ascending=False)
    row = pd.Series({"directed": False, "nodes": len(ids), "links": int(len(ids) * (len(ids) - 1) / 2),
                     "density": 1.0, "polycentricity": net.polycentricity_green(A, directed=False),
                     "top_pair_share": share, "main_nodes": int((nodes["tier"] == "main").sum()),
                     "central_nodes": int((nodes["tier"] == "central").sum()),
                     "basic_nodes": int((nodes["tier"] == "basic").sum())})
    return {"kind": "gravity_population", "period": str(y), "row": row, "nodes": nodes,
            "main": nodes[nodes["tier"] == "main"], "results": None}


# -- 3. innovation -------------------------------------------------------------------------------

def patents_per_capita(patents: pd.Series, population: pd.Series) -> float:
    """Patents per 10,000 residents pooled over the regions with both values:
    ``1e4 * sum_r patents_r / sum_r population_r`` (NaN when no region has both)."""
    both = patents.notna() & population.reindex(patents.index).notna()
    pop = population.reindex(patents.index)[both].sum()
    return float(1e4 * patents[both].sum() / pop) if pop > 0 else float("nan")


def _patent_side(store, mr: Megaregion) -> dict:
    psrc, py, qsrc, qind, qy = PATENT_SOURCES[mr.country]
    ind = store.con.execute(
        "SELECT region_id, indicator, year, value FROM indicators WHERE source IN (?, ?) AND "
        "((indicator = 'patents' AND year = ?) OR (indicator = ? AND year = ?))",
        [psrc, qsrc, py, qind, qy]).df()
    pat = ind[ind["indicator"] == "patents"].groupby("region_id")["value"].sum(min_count=1)
    pop = ind[ind["indicator"] == qind].groupby("region_id")["value"].sum(min_count=1)
    if pat.empty or pop.empty:
        return {}
    nation = patents_per_capita(pat, pop)
    # the group's cities, with stand-ins of an older metro code (Megaregion carries them)
    gi = mr.indicators
    gi = gi[gi["source"].isin([psrc, qsrc]) & gi["region_id"].isin(mr.cities()["region_id"])]
    gpat = gi[(gi["indicator"] == "patents") & (gi["year"] == py)].groupby("region_id")["value"].sum(min_count=1)
    gpop = gi[(gi["indicator"] == qind) & (gi["year"] == qy)].groupby("region_id")["value"].sum(min_count=1)
    ids = mr.cities()["region_id"].tolist()
    have = [r for r in ids if r in gpat.index and r in gpop.index]
    group = patents_per_capita(gpat.reindex(have), gpop.reindex(have)) if have else float("nan")
    return {"nation": nation, "group": group, "relative": group / nation if nation else np.nan,
            "nation_regions": int((pat.notna() & pop.reindex(pat.index).notna()).sum()),
            "members": len(have), "missing": [r for r in ids if r not in have]}


# -- 4. openness ---------------------------------------------------------------------------------

def _gawc_side(wc: Results, mr: Megaregion) -> dict:
    """GaWC ranks (2000 of 315, computed; 2020 of 707, published) of the group's best-ranked core."""
    from megaregion.i18n.values import WORLD_CITIES_ZH

    names, names_zh = _names(mr)
    ranking = wc.tables["ranking"].set_index("region_id")
    summary = wc.tables["summary"].set_index("region_id")
    best = None
    for c in mr.core_ids:
        slug = "world:" + _short(names.get(c, c)).lower().replace(" ", "-")
        r00 = ranking["rank"].get(slug, np.nan)
        r20 = summary["rank_2020_of_707"].get(slug, np.nan) if slug in summary.index else np.nan
        if pd.isna(r00) and pd.isna(r20):
            continue
        cand = {"core": c, "gawc_id": slug, "name": names.get(c, c), "name_zh": names_zh.get(c, c),
                "gawc_name_zh": WORLD_CITIES_ZH.get(slug, names_zh.get(c, c)),
                "rank_2000": float(r00) if pd.notna(r00) else np.nan,
                "rank_2020": float(r20) if pd.notna(r20) else np.nan}
        key = cand["rank_2020"] if pd.notna(cand["rank_2020"]) else 1e9
        if best is None or key < (best["rank_2020"] if pd.notna(best["rank_2020"]) else 1e9):
            best = cand
    return best or {}


# -- the workflow --------------------------------------------------------------------------------

def compare(store, group_a: str, group_b: str, year_a: int | None = None, year_b: int | None = None,
            *, n_perm: int = 99, seed: int = 0, network: bool = True) -> Results:
    """The brief's four features for two groups side by side, on the same definitions where the
    data allow, each row labelled comparable or not.

    Parameters
    ----------
    store : an open :class:`~megaregion.store.Store`.
    group_a, group_b : group ids (``megaregion groups``); typically a US megaregion and a Chinese
        cluster. Two groups of one country are allowed (then every row compares like with like,
        and a note says so); the same group twice is an error.
    year_a, year_b : year of the employment data of each side (default 2019: the last year of
        the Chinese section data and of the US metro data); also the year of the gravity network
        (the nearest year with masses).
    n_perm, seed : permutations and seed of the network workflow's tests.
    network : False leaves the network feature out (faster).

    Returns
    -------
    Results with tables ``comparison`` (one row per indicator: ``value_a``, ``value_b``, the
    years of each side, ``comparable`` and why), ``structure`` (per side and family: shares of
    the nation, the group and the core, LQs), ``networks`` (per side and link class: the
    ``network`` workflow's statistics), ``innovation`` (per side: leading members, patents per
    resident), ``openness`` (GaWC ranks of each side's core) and ``data_quality``.

    Notes
    -----
    ``LQ_f = s_f^{group} / s_f^{nation}`` with pooled employment shares of the sector families
    (:func:`location_quotients`); the advanced-producer-services (APS) family set is
    :data:`megaregion.model.sectors.ADVANCED_PRODUCER_SERVICES`. Patents per 10,000 residents:
    ``1e4 * sum patents / sum population`` over members with both (:func:`patents_per_capita`),
    relative to the same ratio over every region of the source.
    """
    if group_a == group_b:
        raise MegaregionError(f"give two different groups to compare (got {group_a} twice)")
    mrs = {"a": store.group(group_a), "b": store.group(group_b)}
    if mrs["a"].group_id == mrs["b"].group_id:
        raise MegaregionError(f"{group_a} and {group_b} are the same group; give two different groups")
    for side, mr in mrs.items():
        if mr.country not in STRUCTURE_SOURCES:
            raise MegaregionError(f"{mr.group_id} is neither a US nor a Chinese group")
        if mr.country == "us" and mr.level != "metro":
            raise MegaregionError(
                f"{mr.group_id} has {mr.level} members only; the comparison measures US groups by metro "
                "employment against all US metros (us/cbp_metro), so compare a megaregion of metros: "
                "us-boswash, us-chipitts or us-sansan")
    years = {"a": year_a or STRUCTURE_SOURCES[mrs["a"].country][2],
             "b": year_b or STRUCTURE_SOURCES[mrs["b"].country][2]}
    same_country = mrs["a"].country == mrs["b"].country
    notes: list = []
    # short names in sentences ("BosWash", "长江三角洲城市群"), full ones where the short ones coincide
    label = {s: str(mr.name).split(" (")[0] for s, mr in mrs.items()}
    label_zh = {s: str(mr.name_zh or mr.name).split("（")[0] for s, mr in mrs.items()}
    if label["a"] == label["b"] or label_zh["a"] == label_zh["b"]:
        label = {s: f"{mr.name} [{mr.group_id}]" for s, mr in mrs.items()}
        label_zh = {s: f"{mr.name_zh or mr.name}（{mr.group_id}）" for s, mr in mrs.items()}
    if same_country:
        notes.append(Note(
            f"Both groups are in the same country ({mrs['a'].country.upper()}): every indicator uses the "
            "same source and national reference on both sides, so the rows compare like with like.",
            f"两个城市群位于同一国家（{ {'us': '美国', 'cn': '中国'}[mrs['a'].country]}）：两侧各指标使用相同的数据来源和全国参照，可直接比较。"))
    comp: list[dict] = []

    def add(feature, indicator, en, zh, va, vb, yr_a, yr_b, comparable, why, why_zh):
        comp.append({"feature": feature, "indicator": indicator, "label": en, "label_zh": zh,
                     "value_a": float(va) if va is not None and pd.notna(va) else np.nan,
                     "value_b": float(vb) if vb is not None and pd.notna(vb) else np.nan,
                     "year_a": str(yr_a), "year_b": str(yr_b), "comparable": comparable,
                     "why": why, "why_zh": why_zh})

    # 1. structure -------------------------------------------------------------------------------
    left_out: list[dict] = []
    S = {s: _structure_side(store, mrs[s], years[s], notes, left_out) for s in ("a", "b")}
    if same_country:
        why = ("same source, classification and national reference on both sides",
               "两侧数据来源、行业分类和全国参照相同")
        st_comp = COMPARABLE
    else:
        why = ("same sector families (NAICS <-> GB/T 4754 crosswalk), each against its own nation; but "
               "establishments' employees (US) vs urban-unit employment (China)",
               "行业大类口径相同（NAICS与GB/T 4754对照），各以本国为参照；但美国为企业（机构）雇员数，中国为城镇单位从业人员")
        st_comp = PARTLY
    for key, en, zh in (("advanced_services", "advanced producer services", "高端生产性服务业"),
                        ("manufacturing", "manufacturing", "制造业")):
        for where, wen, wzh in (("group", "group", "城市群"), ("core", "core", "核心城市")):
            va, vb = S["a"]["agg"][key][f"lq_{where}"], S["b"]["agg"][key][f"lq_{where}"]
            add("industrial_structure", f"lq_{key}_{where}", f"LQ of {en}, {wen} vs nation",
                f"{zh}区位商（{wzh}相对全国）", va, vb, years["a"], years["b"], st_comp, *why)
        add("industrial_structure", f"share_{key}_group", f"share of {en} in group employment",
            f"{zh}占城市群就业比重", S["a"]["agg"][key]["group"], S["b"]["agg"][key]["group"],
            years["a"], years["b"], st_comp, *why)
    for col, en, zh in (("core_balance_index", "core's service-manufacturing balance index (1 = balanced)",
                         "核心城市服务—制造均衡指数（1为完全均衡）"),
                        ("functional_specialization", "functional specialisation of the core (APS/manufacturing, core over periphery)",
                         "核心城市功能专业化指数（高端服务/制造，核心相对外围）")):
        add("industrial_structure", col, en, zh, S["a"]["summary"][col], S["b"]["summary"][col],
            years["a"], years["b"], st_comp, *why)
    adv_a = S["a"]["agg"].get("advanced_manufacturing")
    adv_b = S["b"]["agg"].get("advanced_manufacturing")
    if adv_a or adv_b:
        va = adv_a["lq_core"] if adv_a else np.nan
        vb = adv_b["lq_core"] if adv_b else np.nan
        add("industrial_structure", "lq_advanced_manufacturing_core",
            "LQ of advanced manufacturing, core vs nation (published 4-digit cells: lower bounds)",
            "先进制造业区位商（核心城市相对全国；仅含已公布的四位数单元，为下限之比）", va, vb,
            years["a"], years["b"], COMPARABLE if (adv_a and adv_b) else NOT,
            *(("same 4-digit NAICS source on both sides", "两侧均为四位数NAICS数据") if (adv_a and adv_b) else
              ("Chinese sections do not separate advanced from traditional manufacturing",
               "中国行业门类数据无法区分先进制造业与传统制造业")))

    # 2. network ---------------------------------------------------------------------------------
    net_rows, node_rows, N = [], [], {}
    regions = store.df("regions") if network else None
    if network:
        for link, ((len_, lzh), per) in LINK_CLASSES.items():
            got = {}
            for s, mr in mrs.items():
                try:
                    got[s] = (_population_gravity_side(mr, years[s]) if link == "gravity_population"
                              else _network_side(store, mr, link, years[s], n_perm, seed, regions))
                except MegaregionError as exc:
                    kind = per[mr.country][0]
                    notes.append(Note(f"{mr.group_id}: no {kind} network ({exc}).",
                                      f"{mr.group_id}：无法构建{_KIND_ZH.get(kind, kind)}网络（{_zh(exc)}）。"))
            N[link] = got
            for s, g in got.items():
                r = g["row"]
                net_rows.append({"side": s, "group_id": mrs[s].group_id, "link_class": link, "kind": g["kind"],
                                 "period": g["period"], **{c: r.get(c) for c in (
                                     "directed", "nodes", "links", "density", "degree_centralization",
                                     "polycentricity", "share_weight_outside_core", "top_pair_share",
                                     "main_nodes", "central_nodes", "basic_nodes")}})
                nodes = g["nodes"].head(10)
                for i, nr in enumerate(nodes.itertuples(), 1):
                    node_rows.append({"side": s, "group_id": mrs[s].group_id, "link_class": link,
                                      "kind": g["kind"], "period": g["period"], "rank": i,
                                      "region_id": nr.region_id, "name": nr.name, "name_zh": nr.name_zh,
                                      "strength": nr.strength, "tier": nr.tier})
            if len(got) < 2:
                continue
            a, b = got["a"], got["b"]
            if link == "gravity_population":
                cmp_, w = (COMPARABLE, ("the same definition and units on both sides", "两侧定义和空间单元相同")) \
                    if same_country else (PARTLY, (
                    "one formula on both sides (resident population as mass, great-circle distance squared, no "
                    "share factor, no distance floor), but the nodes differ: US metro areas (functional) vs Chinese "
                    "prefecture-level cities (administrative, with their rural counties)",
                    "两侧公式相同（以常住人口为质量，大圆距离平方为分母，无份额系数，无距离下限），但节点不同："
                    "美国为都市区（功能地域），中国为地级市（行政地域，含所辖农村县）"))
                stats = (("polycentricity", "polycentricity (0 = star, 1 = complete and even)",
                          "多中心性（0为星形，1为完全且均衡）"),
                         ("top_pair_share", "share of the strongest city pair in all link weight",
                          "最强城市对占联系总强度的比重"))
            elif link == "gravity":
                if same_country:
                    cmp_, w = COMPARABLE, ("same gravity definition on both sides", "两侧引力模型定义相同")
                else:
                    cmp_, w = PARTLY, (
                        "both gravity models on great-circle distance squared, but the masses differ "
                        "(US: population; China: population x GDP with a GDP share factor) and only Chinese "
                        "distances have a floor",
                        "两侧引力模型均以大圆距离平方为分母，但质量不同（美国：人口；中国：人口×GDP并含GDP份额系数），"
                        "且仅中国距离设有下限")
                stats = (("polycentricity", "polycentricity (0 = star, 1 = complete and even)",
                          "多中心性（0为星形，1为完全且均衡）"),
                         ("top_pair_share", "share of the strongest city pair in all link weight",
                          "最强城市对占联系总强度的比重"))
            else:
                if a["kind"] == b["kind"]:
                    cmp_, w = COMPARABLE, ("the same link type on both sides", "两侧联系类型相同")
                else:
                    cmp_, w = NOT, (f"different link types: {a['kind']} ({a['period']}) vs {b['kind']} ({b['period']})",
                                    f"联系类型不同：{_KIND_ZH.get(a['kind'], a['kind'])}（{a['period']}）与"
                                    f"{_KIND_ZH.get(b['kind'], b['kind'])}（{b['period']}）")
                stats = (("density", "density (share of city pairs linked)", "网络密度（有联系的城市对比重）"),
                         ("degree_centralization", "degree centralization", "度数中心势"),
                         ("polycentricity", "polycentricity (0 = star, 1 = complete and even)",
                          "多中心性（0为星形，1为完全且均衡）"))
            for col, en, zh in stats:
                add("network_structure", f"{link}:{col}", f"{len_}: {en}", f"{lzh}：{zh}",
                    a["row"].get(col), b["row"].get(col), a["period"], b["period"], cmp_, *w)
            add("network_structure", f"{link}:main_nodes", f"{len_}: main nodes (tier)", f"{lzh}：主要节点数",
                len(a["main"]), len(b["main"]), a["period"], b["period"], cmp_, *w)
        if not same_country:
            notes.append(Note(
                "Networks: the population-gravity rows use one formula on both sides; the other gravity rows rest on "
                "models of the same form with different masses; the observed "
                "rows set different link types side by side (US commuting vs Chinese Baidu migration shares; US "
                "technology transfer vs Chinese high-tech firm links), from different periods: read each side's "
                "statistic within its own country, not one against the other.",
                "网络：人口引力模型各行两侧公式相同；其余引力模型各行形式相同但质量不同；实际联系各行把不同类型的联系并列（美国通勤与中国百度迁徙比例；"
                "美国技术转移与中国高技术企业联系），且时期不同：各侧的指标应在本国内解读，不宜相互直接比较。"))
        notes.append(Note(
            "A gravity network links every pair of cities (density 1 by construction): only its weighted "
            "statistics (polycentricity, the strongest pair's share) say something.",
            "引力网络中每对城市都有联系（密度恒为1）：只有加权指标（多中心性、最强城市对比重）有意义。"))

    # 3. innovation ------------------------------------------------------------------------------
    from megaregion.analysis.innovation_driver import innovation_driver

    inn_rows, I, P = [], {}, {}
    for s, mr in mrs.items():
        try:
            I[s] = innovation_driver(mr)
        except MegaregionError as exc:
            notes.append(Note(f"{mr.group_id}: innovation index not available ({exc}).",
                              f"{mr.group_id}：无法计算创新指数（{_zh(exc)}）。"))
        P[s] = _patent_side(store, mr)
    for s, mr in mrs.items():
        row = {"side": s, "group_id": mr.group_id}
        if s in I:
            cities = I[s].tables["cities"].reset_index()
            cities = cities.sort_values("innovation_index", ascending=False)
            top = cities.head(3)
            core_rank = [int(i) for i, c in enumerate(cities["core"], 1) if c]
            names, names_zh = _names(mr)
            unscored = [r for r in mr.cities()["region_id"] if r not in set(cities["region_id"])]
            if unscored:
                en, zh = _listed(mr, unscored, "innovation_index", left_out)
                notes.append(Note(
                    f"{mr.group_id}: {len(unscored)} members are not scored by the innovation index (an indicator "
                    f"or the economic weight missing): {en}.",
                    f"{mr.group_id}：{len(unscored)}个成员缺少某项创新指标或经济权重，未参与创新指数评价：{zh}。"))
            row["unscored_cores"] = "; ".join(_short(names.get(r, r)) for r in unscored if r in mr.core_ids)
            row["unscored_cores_zh"] = "、".join(names_zh.get(r, r) for r in unscored if r in mr.core_ids)
            row.update({"members_scored": len(cities),
                        "innovation_year": int(I[s].summary()["innovation_year"].iloc[0]),
                        "leading_members": "; ".join(_short(n) for n in top["name"]),
                        "leading_members_zh": "、".join(top["name_zh"]),
                        "leader_index": float(top["innovation_index"].iloc[0]) if len(top) else np.nan,
                        "core_innovation_rank": float(min(core_rank)) if core_rank else np.nan})
        p = P[s]
        if p:
            names, names_zh = _names(mr)
            row.update({"patents_per_10k": p["group"], "patents_per_10k_nation": p["nation"],
                        "patents_relative_to_nation": p["relative"], "patent_members": p["members"],
                        "patent_missing_cores": "; ".join(_short(names.get(r, r)) for r in p["missing"] if r in mr.core_ids),
                        "patent_missing_cores_zh": "、".join(names_zh.get(r, r) for r in p["missing"] if r in mr.core_ids)})
            if p["missing"]:
                names, names_zh = _names(mr)
                miss = p["missing"]
                en, zh = _listed(mr, miss, "patents", left_out)
                notes.append(Note(
                    f"{mr.group_id}: {len(miss)} members have no patents or population in Liang et al. (2024) and "
                    f"are left out of patents per resident: {en}.",
                    f"{mr.group_id}：{len(miss)}个成员在Liang et al.（2024）中无专利或人口数据，未计入人均专利：{zh}。"))
        inn_rows.append(row)
    innovation = pd.DataFrame(inn_rows)
    pat_w = (("same source on both sides", "两侧数据来源相同") if same_country else
             ("each side relative to its own nation; but USPTO granted patents (2019) vs CNIPA patents of all "
              "three types (2017)", "各以本国为参照；但美国为USPTO授权专利（2019年），中国为国家知识产权局三种专利合计（2017年）"))
    if "patents_relative_to_nation" in innovation:
        pv = innovation.set_index("side")["patents_relative_to_nation"]
        add("innovation_capacity", "patents_relative_to_nation", "patents per resident, group over nation",
            "人均专利（城市群相对全国）", pv.get("a"), pv.get("b"),
            PATENT_SOURCES[mrs["a"].country][1], PATENT_SOURCES[mrs["b"].country][1],
            COMPARABLE if same_country else PARTLY, *pat_w)
        pv = innovation.set_index("side")["patents_per_10k"]
        add("innovation_capacity", "patents_per_10k", "patents per 10,000 residents", "每万人专利数",
            pv.get("a"), pv.get("b"), PATENT_SOURCES[mrs["a"].country][1], PATENT_SOURCES[mrs["b"].country][1],
            COMPARABLE if same_country else NOT,
            *(pat_w if same_country else ("different patent offices and types (USPTO grants vs CNIPA patents "
                                          "of all three types)", "专利局和专利类型不同（USPTO授权专利与国家知识产权局三种专利）")))
    if "core_innovation_rank" in innovation:
        iv = innovation.set_index("side")
        add("innovation_capacity", "core_innovation_rank", "core's rank in the group's innovation index",
            "核心城市在城市群创新指数中的排名", iv["core_innovation_rank"].get("a"), iv["core_innovation_rank"].get("b"),
            iv["innovation_year"].get("a", ""), iv["innovation_year"].get("b", ""), PARTLY,
            "the index is computed within each group from its own country's indicators: ranks compare, levels do not",
            "创新指数在各城市群内部、以本国指标计算：名次可比，数值不可比")

    # 4. openness --------------------------------------------------------------------------------
    from megaregion.analysis.world_cities import world_city_network

    open_rows = []
    try:
        wc = world_city_network(store)
    except MegaregionError as exc:
        wc = None
        notes.append(Note(f"GaWC ranks not available ({exc}).", f"无法给出GaWC排名（{_zh(exc)}）。"))
    G = {}
    if wc is not None:
        for s, mr in mrs.items():
            G[s] = _gawc_side(wc, mr)
            g = G[s]
            open_rows.append({"side": s, "group_id": mr.group_id, "core": g.get("core"), "gawc_id": g.get("gawc_id"),
                              "name": g.get("name"), "name_zh": g.get("name_zh"),
                              "rank_2000_of_315": g.get("rank_2000", np.nan),
                              "rank_2020_of_707": g.get("rank_2020", np.nan)})
        for col, en, zh, yr in (("rank_2000", "GaWC rank of the core, 2000 (of 315, computed)",
                                 "核心城市GaWC排名，2000年（315个城市中，本系统计算）", 2000),
                                ("rank_2020", "GaWC rank of the core, 2020 (of 707, published)",
                                 "核心城市GaWC排名，2020年（707个城市中，GaWC公布）", 2020)):
            add("openness", f"gawc_{col}", en, zh, G["a"].get(col), G["b"].get(col), yr, yr, COMPARABLE,
                "one method (GaWC interlocking network of advanced producer service firms) for both countries",
                "两国采用同一方法（GaWC高端生产性服务业企业连锁网络）")
    notes.append(Note(
        "Openness: only the GaWC ranks of the cores compare across the two countries; FDI by city exists for "
        "China only and there is no US FDI by metro, so it is not compared here (see `megaregion openness`).",
        "开放度：两国之间只有核心城市的GaWC排名可比；城市FDI仅中国有数据，美国无分都市区FDI，因此此处不作比较。"))

    comparison = pd.DataFrame(comp)
    structure = _structure_table(S, mrs)
    # on screen: what each row measures, the two values, their years and whether they compare
    summary = comparison[["label", "label_zh", "value_a", "value_b", "year_a", "year_b", "comparable"]]
    tables = {"summary": summary, "comparison": comparison, "structure": structure}
    if net_rows:
        tables["networks"] = pd.DataFrame(net_rows)
        tables["network_nodes"] = pd.DataFrame(node_rows)
    tables["innovation"] = innovation
    tables["left_out"] = pd.DataFrame(left_out, columns=["group_id", "region_id", "name", "name_zh", "left_out_of"])
    if open_rows:
        tables["openness"] = pd.DataFrame(open_rows)
    from megaregion.model.quality import quality_table

    dq = [S[s]["structure"].data_quality for s in S] + [I[s].data_quality for s in I]
    dq += [g["results"].data_quality for got in N.values() for g in got.values() if g["results"] is not None]
    tables["data_quality"] = quality_table(pd.concat([d for d in dq if len(d)], ignore_index=True)
                                           if any(len(d) for d in dq) else None)

    # notes on what each side uses
    for s, mr in mrs.items():
        c = mr.country
        notes.append(Note(
            f"{mr.group_id}: employment {years[s]} from {S[s]['source']}, {EMPLOYMENT_BASIS[c][0]}; national "
            f"reference: {NATION[c][0]} ({S[s]['nation_regions']} regions"
            + (f"; {S[s]['nation_left']} of them have a withheld or unpublished sector, left out of that "
               "sector family's share only" if S[s]["nation_left"] else "")
            + f"); patents: {PATENT_BASIS[c][0]}.",
            f"{mr.group_id}：就业为{years[s]}年{S[s]['source']}的{EMPLOYMENT_BASIS[c][1]}；全国参照：{NATION[c][1]}"
            f"（{S[s]['nation_regions']}个地区"
            + (f"；其中{S[s]['nation_left']}个存在保密或未公布的行业，仅在该行业大类的占比中剔除" if S[s]["nation_left"] else "")
            + f"）；专利：{PATENT_BASIS[c][1]}。"))
    if years["a"] != years["b"]:
        notes.append(Note(f"The two sides use different years of employment: {years['a']} ({mrs['a'].group_id}) "
                          f"and {years['b']} ({mrs['b'].group_id}).",
                          f"两侧就业数据年份不同：{years['a']}年（{mrs['a'].group_id}）与{years['b']}年（{mrs['b'].group_id}）。"))
    if not same_country:
        notes.append(Note(
            "Value added vs employment: Chinese cities publish value added by three sectors only, US metros no "
            "value added by sector here, so both sides are compared on employment; the Chinese value-added answer "
            "is in `megaregion structure` (three sectors). Chinese unit employment leaves out private and "
            "self-employed workers, which understates services in cities with many small firms.",
            "增加值与就业：中国城市只公布三次产业增加值，此处美国都市区无分行业增加值，因此两侧均按就业比较；"
            "中国按增加值的结论见`megaregion structure`（三次产业）。中国单位从业人员不含私营和个体从业人员，"
            "在小企业多的城市低估服务业。"))
    if not same_country:
        notes.append(Note(
            "Spatial units differ: US metro areas are functional regions (counties tied by commuting), Chinese "
            "prefecture-level cities are administrative units that include their rural counties; a Chinese "
            "city's shares and its distances to others describe a wider, more rural territory.",
            "空间单元不同：美国都市区是功能地域（由通勤联系的县组成），中国地级市是行政地域，包含所辖农村县；"
            "中国城市的占比及城市间距离对应的是范围更大、农村比重更高的地域。"))
    if "advanced_manufacturing" in S["a"]["agg"] or "advanced_manufacturing" in S["b"]["agg"]:
        notes.append(Note(
            "Advanced manufacturing (the manufacturing part of Brookings' advanced industries) needs 4-digit "
            "NAICS data: US only, and from published cells only (many are withheld), so its shares and LQ are "
            "indicative.",
            "先进制造业（布鲁金斯先进产业中的制造业部分）需要四位数NAICS数据：仅美国有，且只含已公布单元（许多被保密），"
            "其占比和区位商仅供参考。"))
    for s, mr in mrs.items():
        if s in I:
            notes.append(Note(
                f"{mr.group_id}: innovation index of the `innovation` workflow (entropy weights over the group's "
                "members and its country's indicators): a rank within the group, not a level to set against the "
                "other side's.",
                f"{mr.group_id}：创新指数来自`innovation`工作流（在城市群成员内以本国指标按熵值法赋权）："
                "为城市群内部名次，数值不宜与另一侧比较。"))
    for s, mr in mrs.items():
        notes.extend(mr.notes)

    findings = _findings(mrs, S, N, innovation, G, comparison, label, label_zh, same_country)
    title = f"Side by side: {label['a']} (a) and {label['b']} (b)"
    title_zh = f"并列比较：{label_zh['a']}（第一个）与{label_zh['b']}（第二个）"
    return Results(title, title_zh, tables, "summary", findings, notes, command="compare")


_KIND_ZH = {"gravity_population": "人口引力模型", "tech_transfer": "技术转移", "commuting": "通勤", "migration": "迁移", "firm_link": "高技术企业联系",
            "baidu": "百度迁徙", "gravity": "引力模型"}


def _structure_table(S: dict, mrs: dict) -> pd.DataFrame:
    rows = []
    for s, d in S.items():
        lq_g = location_quotients(d["group_share"], d["nation_share"]) if d["group_share"].notna().any() else {}
        lq_c = location_quotients(d["core_share"], d["nation_share"]) if d["core_share"].notna().any() else {}
        for fam in FAMILIES:
            nat = d["nation_share"].get(fam, np.nan)
            grp = d["group_share"].get(fam, np.nan)
            core = d["core_share"].get(fam, np.nan)
            rows.append({"side": s, "group_id": mrs[s].group_id, "year": d["year"], "source": d["source"],
                         "family": fam, "family_label": FAMILIES[fam][0], "family_label_zh": FAMILIES[fam][1],
                         "nation_share": nat, "group_share": grp, "core_share": core,
                         "lq_group": float(lq_g.get(fam, np.nan)) if len(lq_g) else np.nan,
                         "lq_core": float(lq_c.get(fam, np.nan)) if len(lq_c) else np.nan})
    return pd.DataFrame(rows)


def _x(v) -> str:
    return "n/a" if v is None or pd.isna(v) else f"{v:.2f}"


def _findings(mrs, S, N, innovation, G, comparison, label, label_zh, same_country) -> list[Finding]:
    from megaregion.analysis.composite_centre import _CLASS_ZH

    out = []
    comp = comparison.set_index("indicator")
    nation = {"us": ("all US metro areas", "全美国都市区"), "cn": ("all Chinese cities", "全国城市")}

    def val(ind, s):
        return comp.loc[ind, f"value_{s}"] if ind in comp.index else np.nan

    # the core's composite balance, with its APS and manufacturing LQs, one finding per side
    for s, mr in mrs.items():
        sm = S[s]["summary"]
        core_en = sm["core_names"]
        core_zh = sm["core_names_zh"]
        cls = sm["core_balance_class"]
        ne, nz = nation[mr.country]
        aps, mfg = val("lq_advanced_services_core", s), val("lq_manufacturing_core", s)
        adv = val("lq_advanced_manufacturing_core", s)
        adv_en = f", advanced manufacturing {_x(adv)}x (published cells only)" if pd.notna(adv) else ""
        adv_zh = f"，先进制造业为{_x(adv)}倍（仅含已公布单元）" if pd.notna(adv) else ""
        out.append(Finding(
            f"{label[s]}: the core ({core_en}) is {cls} in {S[s]['year']}, balance index "
            f"{sm['core_balance_index']:.2f}; its employment shares are {_x(aps)}x those of {ne} in advanced "
            f"producer services and {_x(mfg)}x in manufacturing{adv_en}.",
            f"{label_zh[s]}：{S[s]['year']}年核心城市（{core_zh}）为{_CLASS_ZH.get(cls, cls)}，均衡指数"
            f"{sm['core_balance_index']:.2f}；其高端生产性服务业和制造业的就业占比分别为{nz}的{_x(aps)}倍和{_x(mfg)}倍{adv_zh}。",
            "comparison", float(sm["core_balance_index"]), column=f"value_{s}", where={"indicator": "core_balance_index"},
            quality=_q(S[s]["structure"])))
    # the group as a whole against its nation
    la, lb = val("lq_advanced_services_group", "a"), val("lq_advanced_services_group", "b")
    if pd.notna(la) and pd.notna(lb):
        more = "a" if la > lb else "b"
        out.append(Finding(
            f"Location quotient of advanced producer services, each group against its own nation: {label['a']} "
            f"{_x(la)}, {label['b']} {_x(lb)}; relative to its nation, {label[more]} leans more to them"
            + ("" if same_country else " (employment of establishments vs urban units: a partial comparison)") + ".",
            f"各以本国为参照，高端生产性服务业区位商：{label_zh['a']}为{_x(la)}，{label_zh['b']}为{_x(lb)}；"
            f"相对本国而言，{label_zh[more]}更偏重高端生产性服务业"
            + ("" if same_country else "（企业雇员与城镇单位从业人员口径不同：仅部分可比）") + "。",
            "comparison", float(la), column="value_a", where={"indicator": "lq_advanced_services_group"},
            quality=_q(S["a"]["structure"])))
    # networks: polycentricity of each class
    for link, got in N.items():
        if len(got) < 2:
            continue
        ind = f"{link}:polycentricity"
        pa, pb = val(ind, "a"), val(ind, "b")
        if pd.isna(pa) or pd.isna(pb):
            continue
        (len_, lzh), _ = LINK_CLASSES[link]
        ka, kb = got["a"]["kind"], got["b"]["kind"]
        main_a = _main_names(got["a"], False)
        main_b = _main_names(got["b"], False)
        main_a_zh = _main_names(got["a"], True)
        main_b_zh = _main_names(got["b"], True)
        c = comp.loc[ind, "comparable"]
        tail_en = {COMPARABLE: "", PARTLY: " (same model form, different masses)",
                   NOT: " (different link types: read each within its own country)"}[c]
        tail_zh = {COMPARABLE: "", PARTLY: "（模型形式相同，质量不同）", NOT: "（联系类型不同：应在各自国内解读）"}[c]
        if link == "gravity_population" and c == PARTLY:
            tail_en, tail_zh = " (one formula; metro areas vs prefecture-level cities)", "（公式相同；都市区与地级市）"
        out.append(Finding(
            f"{len_.capitalize()}: polycentricity {pa:.2f} in {label['a']} ({ka}, {got['a']['period']}; main nodes: "
            f"{main_a}) and {pb:.2f} in {label['b']} ({kb}, {got['b']['period']}; main nodes: {main_b}){tail_en}.",
            f"{lzh}：{label_zh['a']}多中心性为{pa:.2f}（{_KIND_ZH.get(ka, ka)}，{got['a']['period']}；主要节点：{main_a_zh}），"
            f"{label_zh['b']}为{pb:.2f}（{_KIND_ZH.get(kb, kb)}，{got['b']['period']}；主要节点：{main_b_zh}）{tail_zh}。",
            "comparison", float(pa), column="value_a", where={"indicator": ind},
            quality=_net_quality(got["a"], mrs["a"])))
    # innovation: leaders and patents per resident
    iv = innovation.set_index("side")
    if "leading_members" in iv:
        parts_en, parts_zh = [], []
        for s in ("a", "b"):
            if pd.notna(iv["leading_members"].get(s)):
                miss = iv["unscored_cores"].get(s) if "unscored_cores" in iv else None
                miss_zh = iv["unscored_cores_zh"].get(s) if "unscored_cores_zh" in iv else None
                parts_en.append(f"{label[s]}: {iv['leading_members'][s]}"
                                + (f" (the core {miss} is not scored: data missing)" if miss else ""))
                parts_zh.append(f"{label_zh[s]}：{iv['leading_members_zh'][s]}"
                                + (f"（核心城市{miss_zh}因缺少数据未参与评价）" if miss_zh else ""))
        if parts_en and "core_innovation_rank" in comp.index and pd.notna(val("core_innovation_rank", "a")):
            rb = val("core_innovation_rank", "b")
            rank_en = f"the core ranks {int(val('core_innovation_rank', 'a'))} in {label['a']}"
            rank_zh = f"{label_zh['a']}核心城市排第{int(val('core_innovation_rank', 'a'))}位"
            if pd.notna(rb):
                rank_en += f" and {int(rb)} in {label['b']}"
                rank_zh += f"，{label_zh['b']}核心城市排第{int(rb)}位"
            out.append(Finding(
                "Leading members by the innovation index, each within its own group: " + "; ".join(parts_en)
                + f" ({rank_en}).",
                "按创新指数（各城市群内部计算）居前的成员——" + "；".join(parts_zh) + f"（{rank_zh}）。",
                "comparison", float(val("core_innovation_rank", "a")), column="value_a",
                where={"indicator": "core_innovation_rank"}))
    if "patents_relative_to_nation" in comp.index:
        ra, rb = val("patents_relative_to_nation", "a"), val("patents_relative_to_nation", "b")
        if pd.notna(ra) and pd.notna(rb):
            def without(s, zh=False):
                col = "patent_missing_cores_zh" if zh else "patent_missing_cores"
                m = iv[col].get(s) if col in iv else None
                if not m:
                    return ""
                return f"（不含缺少数据的核心城市{m}）" if zh else f" (without its core {m}: no data)"
            out.append(Finding(
                f"Patents per resident relative to the nation: {label['a']} {ra:.2f}x{without('a')}, "
                f"{label['b']} {rb:.2f}x{without('b')}"
                + ("" if same_country else "; different patent offices and types, so only the ratios to each nation are set side by side") + ".",
                f"人均专利相对全国：{label_zh['a']}为{ra:.2f}倍{without('a', True)}，{label_zh['b']}为{rb:.2f}倍{without('b', True)}"
                + ("" if same_country else "；两国专利局和专利类型不同，仅并列各自相对本国的比值") + "。",
                "comparison", float(ra), column="value_a", where={"indicator": "patents_relative_to_nation"}))
    # openness
    if G and "gawc_rank_2020" in comp.index:
        ga, gb = G.get("a", {}), G.get("b", {})
        if ga and gb and pd.notna(ga.get("rank_2020")) and pd.notna(gb.get("rank_2020")):
            def r00(g, zh=False):
                if pd.isna(g.get("rank_2000")):
                    return "未列入" if zh else "not ranked"
                return f"第{int(g['rank_2000'])}位" if zh else f"rank {int(g['rank_2000'])}"
            out.append(Finding(
                f"GaWC world city network: {_short(ga['name'])} ranks {int(ga['rank_2020'])} of 707 in 2020 "
                f"({r00(ga)} of 315 in 2000), {_short(gb['name'])} {int(gb['rank_2020'])} ({r00(gb)} in 2000).",
                f"GaWC世界城市网络：2020年{ga['gawc_name_zh']}在707个城市中排第{int(ga['rank_2020'])}位"
                f"（2000年315个城市中{r00(ga, True)}），{gb['gawc_name_zh']}排第{int(gb['rank_2020'])}位（2000年{r00(gb, True)}）。",
                "comparison", float(ga["rank_2020"]), column="value_a", where={"indicator": "gawc_rank_2020"}))
    return out


def _main_names(g: dict, zh: bool, limit: int = 4) -> str:
    main = g["main"] if len(g["main"]) else g["nodes"].head(1)
    col = main["name_zh"].where(main["name_zh"].notna() & (main["name_zh"] != ""), main["name"]) if zh else main["name"]
    names = [_short(n) if not zh else str(n) for n in col.fillna(main["region_id"]).head(limit)]
    more = len(main) - limit
    sep = "、" if zh else ", "
    text = sep.join(names)
    if more > 0:
        text += f"等{len(main)}个" if zh else f" ({len(main)} in all)"
    return text


def _net_quality(g: dict, mr: Megaregion) -> tuple[str, ...]:
    """Quality flags behind one side's network statistic (suppressed cells give no numbers)."""
    if g["results"] is not None:
        return tuple(sorted(set(g["results"].data_quality.get("flag", pd.Series(dtype=str))) - {"suppressed"}))
    return ("secondary",) if mr.country == "cn" else ()


def _q(res: Results) -> tuple[str, ...]:
    from megaregion.analysis.composite_centre import QUALITY_ORDER

    flags = set(res.data_quality["flag"]) if len(res.data_quality) else set()
    return tuple(f for f in QUALITY_ORDER if f in flags - {"suppressed"})
