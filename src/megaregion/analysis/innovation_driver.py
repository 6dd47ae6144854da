"""How strongly does innovation drive the transformation? (the brief's third feature)

For one group this workflow builds

* an **innovation capacity index** per member (entropy-weighted composite of the innovation
  indicators the data have; :func:`megaregion.metrics.composite.composite_index`);
* an **industrial development index** per member (composite of the advanced-services share,
  the advanced-industries share where 4-digit data exist, and size);
* the **coupling coordination degree** of the two (耦合协调度; which subsystem lags);
* **innovation hearts**: members whose share of the group's innovation far exceeds their share
  of its economy (the brief's Cambridge, MA, "Heart of Innovation" inside the Boston metro);
* the **association** between innovation capacity and later structural upgrading (gain in the
  advanced-services share, or the tertiary share in China): Spearman and Pearson correlations.

It says what it cannot do: the shared data have no actor-typed co-patents, so triple-helix
synergy is not computed here; :mod:`megaregion.analysis.collaboration` computes it from your own records.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError
from megaregion.i18n.values import value_label
from megaregion.metrics import composite as comp
from megaregion.model.megaregion import Megaregion, activity_matrix
from megaregion.model.quality import QUALITY_FLAGS, flag_label, quality_table
from megaregion.model.sectors import ADVANCED_PRODUCER_SERVICES, naics_family


@dataclass(frozen=True)
class Plan:
    """Which data a country's analysis uses by default (every choice is printed in the notes)."""

    innovation_year: int
    indicators: tuple[tuple[str, str, str], ...]  # (indicator, source, how absent values are read)
    weight: tuple[str, str]  # economic weight: (indicator or 'employment', source)
    upgrade_source: str
    upgrade_years: tuple[int, int]


PLANS = {
    "us": Plan(
        2015,
        (("patents_utility", "us/patents_metro", "missing"),
         ("university_rd", "us/herd", "missing"),
         ("universities_rd_performing", "us/herd", "missing")),
        ("employment", "us/cbp_metro"), "us/cbp_metro", (2018, 2019)),
    "cn": Plan(
        2017,
        (("patents", "cn/patents_connectivity", "missing"),
         ("universities", "cn/universities", "zero"),
         ("copublication_degree", "cn/patents_connectivity", "missing")),
        ("gdp", "cn/city_panel"), "cn/city_panel", (2010, 2019)),
}

#: Sources the data README calls secondary compilations: every value flagged 'secondary'.
SECONDARY_SOURCES = ("cn/city_panel",)

ABSENCE_NOTES_ZH = {
    "us/patents_metro": "都市区专利数由USPTO县级数据按2023年都市区划分（2023年已不存在的代码用2018年划分）的县加总，"
                        "不采用USPTO都市区文件中的旧代码（如洛杉矶31100）；县级文件只缺少若干小县，视为2000—2015年"
                        "没有专利（计为0）；没有数值的都市区为未知，列名剔除，不计为0",
    "us/herd": "各高校计入其主校区所在县（邮编跨县时不取所列第一个县），再按县加总到都市区；HERD调查研发支出超过门槛的"
               "所有高校，没有此类高校的都市区写为0；没有数值的都市区为未知，列名剔除，不计为0",
    "cn/universities": "教育部名单是完整的，没有高校的城市为0",
    "cn/patents_connectivity": "Liang等（2024）只保留各项指标齐全的城市；缺失城市（如成都）为未知而非0，不纳入分析",
}

#: Why absent values are zero or missing, per source (printed in the notes).
ABSENCE_NOTES = {
    "us/patents_metro": "metro counts are sums of the USPTO county file over each metro's counties "
                        "(2023 delineation; 2018 for codes that no longer exist), not the older "
                        "codes of the USPTO metro file (e.g. Los Angeles 31100); the county file "
                        "omits only small counties, read as having no patent in 2000-2015 (0); "
                        "a metro without a value is unknown and left out by name, not read as 0",
    "us/herd": "each institution counts in its main campus's county (not the first county of "
               "its ZIP), summed to metros by county; HERD surveys every institution with R&D "
               "above its threshold, so a metro without one is written as 0 by the reader; a "
               "metro without a value is unknown and left out by name, not read as 0",
    "cn/universities": "the Ministry of Education list is complete, so a city without an entry has 0",
    "cn/patents_connectivity": "Liang et al. (2024) kept only cities with every attribute; absent "
                               "cities (e.g. Chengdu) are unknown, not zero, and are left out",
}


def _indicator(mr: Megaregion, ids, name: str, source: str, year: int, absent: str) -> pd.Series:
    ind = mr.indicators
    rows = ind[(ind["indicator"] == name) & (ind["source"] == source) & ind["region_id"].isin(ids)]
    years = sorted(rows["year"].unique())
    if not years:
        return pd.Series(np.nan, index=ids, name=name)
    # the requested year, or the nearest available one (said in the notes by the caller)
    use = min(years, key=lambda y: (abs(y - year), -y))
    chosen = rows[rows["year"] == use]
    s = chosen.groupby("region_id")["value"].sum().reindex(ids)
    if absent == "zero":
        s = s.fillna(0.0)
    s.name = name
    s.attrs["year"] = int(use)
    flags = chosen.dropna(subset=["flag"]) if "flag" in chosen else chosen.iloc[0:0]
    s.attrs["flags"] = dict(zip(flags["region_id"], flags["flag"]))
    return s


def _weight_on_2023_metros(mr: Megaregion, ids, weight: pd.Series, source: str,
                           year: int) -> tuple[pd.Series, dict[str, str]]:
    """Metro employment published on 2018 metros, carried onto the members' 2023 territories.

    For a 2023 metro X whose counties C23(X) differ from the counties C18(X) of the 2018 metro
    with the same code, ``w(X) = Σ_m E(m) · pop(C18(m) ∩ C23(X)) / pop(C18(m))`` over the 2018
    metros m holding counties of X (population-weighted county crosswalk, as
    :func:`megaregion.io.us_vintages.crosswalk`; the 2018 metros' counties are those of the
    group). When a county of X lay outside every 2018 metro, or a 2018 metro has no value, the
    same-code 2018 value is kept as it was, flagged. Connecticut's 2023 metros (planning
    regions without data) keep their same-code 2018 value, like the innovation indicators.
    Returns the weights and, per changed member, a detail for the data_quality table.
    """
    m = mr.members
    c = m[m["level"] == "county"].drop_duplicates("region_id").set_index("region_id")
    pop = mr.indicators[(mr.indicators["indicator"] == "population")
                        & (mr.indicators["source"] == "us/reference")].groupby("region_id")["value"].sum()
    c = c.assign(pop=pop.reindex(c.index))
    codes18 = sorted(set(c["metro_2018"].dropna()))
    E, _ = activity_matrix(mr.activity, codes18, source=source, measure="employees", year=year,
                           industries=["00"])
    e18 = E["00"] if "00" in E else pd.Series(dtype=float)
    weight = weight.copy()
    moved = {}
    for x in ids:
        c23 = c[c["metro_2023"] == x]
        c18 = c[c["metro_2018"] == x]
        if c23.empty or c23["pop"].isna().any() or set(c23.index) == set(c18.index):
            continue
        total, parts, complete = 0.0, [], True
        for m18, grp in c23.groupby(c23["metro_2018"].fillna("")):
            if not m18 or pd.isna(e18.get(m18)):
                complete = False
                break
            share = grp["pop"].sum() / c.loc[c["metro_2018"] == m18, "pop"].sum()
            total += e18[m18] * share
            parts.append(f"{m18.split(':')[-1]} x {share:.2f}")
        if complete:
            weight[x] = total
            moved[x] = "2018 metros split by county population: " + ", ".join(parts)
        elif pd.notna(weight.get(x)):
            # A county of X was outside every 2018 metro (or its 2018 metro has no value): keep
            # the same-code 2018 metro's employment, flagged as covering another territory.
            moved[x] = ("same-code 2018 metro's employment used as is (a county of the 2023 "
                        "metro lay outside every 2018 metro with data)")
    return weight, moved


def _shares(mr: Megaregion, ids, source: str, year: int) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Advanced-services (or tertiary) share, advanced-industries share (US 4-digit) and size."""
    measure = "value_added" if source.startswith("cn/") else "employees"
    X, _ = activity_matrix(mr.activity, ids, source=source, measure=measure, year=year)
    if X.empty:
        raise MegaregionError(f"{mr.group_id}: no {measure} in {source} for {year}")
    if source.startswith("cn/"):
        total = X[["primary", "secondary", "tertiary"]].sum(axis=1, min_count=1)
        return X["tertiary"] / total, pd.Series(np.nan, index=X.index), total
    two = [c for c in X.columns if (len(c) == 2 and c.isdigit() and c != "00") or "-" in c]
    total = X[two].sum(axis=1, min_count=1)
    aps_cols = [c for c in two if naics_family(c) in ADVANCED_PRODUCER_SERVICES]
    aps = X[aps_cols].sum(axis=1, min_count=1) / total
    from megaregion.metrics.balance import ADVANCED_INDUSTRIES_NAICS2017

    adv_cols = [c for c in X.columns if c in ADVANCED_INDUSTRIES_NAICS2017]
    adv = X[adv_cols].sum(axis=1, min_count=1) / total if adv_cols else pd.Series(np.nan, index=X.index)
    return aps, adv, total


def innovation_driver(mr: Megaregion, *, innovation_year: int | None = None,
                      upgrade_years: tuple[int, int] | None = None, weighting: str = "entropy",
                      formula: str = "standard", heart_ratio: float = 1.5) -> Results:
    """Innovation capacity, its coordination with industry, and its link to upgrading.

    Parameters
    ----------
    mr : the group (load without a year filter).
    innovation_year : year of the innovation indicators (default: US 2015, China 2017; the
        nearest available year is used per indicator and reported).
    upgrade_years : (first, last) of the structural change (default: US 2018-2019 metro CBP,
        China 2010-2019 value added).
    weighting : ``entropy`` or ``critic`` (indicator weights of both composite indices).
    formula : coupling formula, ``standard`` or ``wang2021``.
    heart_ratio : a member is an "innovation heart" when its share of the group's innovation
        (mean over indicators of its share of the group total) is at least this many times its
        share of the group's economy, and at least the average member's share (1/n).

    Returns
    -------
    Results with tables ``summary``, ``cities`` (indicators, both indices, coupling C/T/D, level
    and lagging subsystem, innovation/economy ratio, upgrading), ``weights``, ``association`` and
    ``data_quality`` (values of scored members that are not plainly observed: US values carried
    over from another metro delineation; for China the GDP weight and the value added of both
    upgrade years, from the city panel, a secondary compilation), and findings in English and
    Chinese, each with the ``quality`` flags of its members' values.

    Notes
    -----
    Innovation share ratio of member i: ``R_i = mean_k(x_ik / Σ_j x_jk) / (w_i / Σ_j w_j)`` with
    x_k the innovation indicators and w the economic weight (employment in the US, GDP in
    China). Coupling coordination: ``C = 2√(U1·U2)/(U1+U2)``, ``T = (U1+U2)/2``, ``D = √(C·T)``
    (standard form; see :func:`megaregion.metrics.composite.coupling_coordination`).
    Association: Spearman's ρ and Pearson's r between the innovation index and the change of
    the advanced-services (China: tertiary) share, with two-sided p-values (scipy.stats).
    """
    plan = PLANS.get(mr.country)
    if plan is None:
        raise MegaregionError(f"no innovation indicators are defined for {mr.country!r} groups")
    iy = innovation_year or plan.innovation_year
    y0, y1 = upgrade_years or plan.upgrade_years
    if y0 >= y1:
        raise MegaregionError(f"upgrade years must increase, got {y0} and {y1}")
    units = mr.cities()  # the group's cities, as `megaregion groups` counts them
    ids = units["region_id"].tolist()
    names = units.set_index("region_id")["name"].to_dict()
    names_zh = {r: (z if isinstance(z, str) and z else names.get(r, r))
                for r, z in units.set_index("region_id")["name_zh"].items()}
    core = set(units.loc[units["role"] == "core", "region_id"])
    notes = []
    have = sorted(mr.activity.loc[mr.activity["source"] == plan.upgrade_source, "year"].unique())
    for y in (y0, y1):
        if y not in have:
            if not have:  # the members have no row at all: another level (counties), or not imported
                raise MegaregionError(
                    f"{mr.group_id}: its {mr.level} members have no {plan.upgrade_source} rows, needed for "
                    "the upgrading window (the source covers another level, or it is not imported: "
                    "megaregion data import)")
            raise MegaregionError(f"{mr.group_id}: no {plan.upgrade_source} data for {y}, needed for the "
                                  f"upgrading window; its years are {', '.join(map(str, have))}")

    cols = {}
    quality_rows = []
    for name, source, absent in plan.indicators:
        s = _indicator(mr, ids, name, source, iy, absent)
        if s.notna().any():
            cols[name] = s
            quality_rows += [{"region_id": r, "year": s.attrs.get("year"), "variable": name,
                              "source": source, "flag": f,
                              "detail": "carried over from another metro delineation by shared "
                                        "counties (see the source's import notes)"}
                             for r, f in s.attrs.get("flags", {}).items() if f and f != "observed"]
            notes.append(Note(
                f"{name} ({source}, {s.attrs.get('year')}): absent values read as "
                f"{'0' if absent == 'zero' else 'missing'}; {ABSENCE_NOTES.get(source, '')}.",
                f"{value_label(name, 'zh')}（{source}，{s.attrs.get('year')}年）：缺失值按{'0' if absent == 'zero' else '未知'}处理；"
                f"{ABSENCE_NOTES_ZH.get(source, '')}。"))
    if not cols:
        raise MegaregionError(f"{mr.group_id}: none of the innovation indicators "
                              f"{[i[0] for i in plan.indicators]} is in the store (import the data first)")
    X = pd.DataFrame(cols)
    # Economic weight.
    wname, wsource = plan.weight
    if wname == "employment":
        E, _ = activity_matrix(mr.activity, ids, source=wsource, measure="employees", year=y0,
                               industries=["00"])
        weight = E["00"] if "00" in E else pd.Series(dtype=float)
        wyear = y0
        if mr.country == "us":
            weight, moved = _weight_on_2023_metros(mr, ids, weight, wsource, y0)
            quality_rows += [{"region_id": r, "year": y0, "variable": "economic_weight",
                              "source": wsource, "flag": "vintage_mapped", "detail": d}
                             for r, d in moved.items()]
            if moved:
                notes.append(Note(
                    f"The economic weight ({wsource}) uses 2018 metro codes; {len(moved)} members "
                    "whose 2023 counties differ from their 2018 metro get the 2018 metros' "
                    "employment split by county population (Census 2010) onto their 2023 counties, "
                    "so that innovation and economy cover the same territory (or, where a county "
                    "was outside every 2018 metro, the same-code 2018 value; table data_quality): "
                    + ", ".join(names.get(r, r) for r in moved) + ".",
                    f"经济权重（{wsource}）使用2018年都市区代码；{len(moved)}个成员的2023年县域与2018年不同，"
                    "其就业按县人口（2010年普查）由2018年都市区分摊到2023年的县，使创新与经济口径一致"
                    "（若有县在2018年不属于任何都市区，则沿用同代码2018年都市区的数值，见`data_quality`表）："
                    + "、".join(names_zh.get(r, r) for r in moved) + "。"))
    else:
        weight = _indicator(mr, ids, wname, wsource, iy, "missing")
        wyear = weight.attrs.get("year", iy)
        quality_rows += [{"region_id": r, "year": wyear, "variable": f"economic_weight:{wname}",
                          "source": wsource, "flag": f, "detail": flag_label(f)}
                         for r, f in weight.attrs.get("flags", {}).items() if f and f != "observed"]
    if plan.upgrade_source.startswith("cn/"):
        # The industrial index and the upgrading rest on the value added of both years.
        a = mr.activity
        va = a[(a["source"] == plan.upgrade_source) & (a["measure"] == "value_added")
               & a["year"].isin([y0, y1]) & a["region_id"].isin(ids) & a["value"].notna()
               & a["flag"].notna() & ~a["flag"].isin(["observed", "suppressed"])]
        quality_rows += [{"region_id": r, "year": int(y), "variable": f"value_added:{i}",
                          "source": plan.upgrade_source, "flag": f, "detail": flag_label(f)}
                         for r, y, i, f in va[["region_id", "year", "industry", "flag"]].itertuples(index=False)]
    X = X.join(weight.rename("economic_weight"), how="left")
    complete = X.dropna()
    left_out = sorted(set(ids) - set(complete.index))
    if left_out:
        # every one named: a planner must see who is missing, not the first ten
        listed = ", ".join(names.get(r, r) for r in left_out)
        listed_zh = "、".join(names_zh.get(r, r) for r in left_out)
        notes.append(Note(f"{len(left_out)} members lack an indicator or the economic weight and are left "
                          f"out: {listed}",
                          f"{len(left_out)}个成员缺少某项指标或经济权重，未纳入：{listed_zh}"))
    if len(complete) < 3:
        raise MegaregionError(f"{mr.group_id}: only {len(complete)} members have all innovation "
                              "indicators; at least 3 are needed")
    innov_cols = list(cols)
    usable = [c for c in innov_cols if complete[c].nunique() > 1]
    if len(usable) < len(innov_cols):
        const = sorted(set(innov_cols) - set(usable))
        notes.append(Note(f"constant indicators left out of the index: {const}", f"取值恒定、未纳入指数的指标：{const}"))
    innov = comp.composite_index(complete[usable], {c: 1 for c in usable}, weighting=weighting)

    # Industrial development index: advanced-services share (+ advanced industries) and size.
    aps0, adv0, size0 = _shares(mr, complete.index.tolist(), plan.upgrade_source, y0)
    aps1, _, _ = _shares(mr, complete.index.tolist(), plan.upgrade_source, y1)
    ind = pd.DataFrame({"services_share": aps0, "advanced_industries_share": adv0, "size": size0}).reindex(complete.index)
    ind = ind.dropna(axis=1, how="all")
    ok = ind.dropna().index
    ind = ind.loc[ok]
    ind = ind[[c for c in ind.columns if ind[c].nunique() > 1]]
    industry = comp.composite_index(ind, {c: 1 for c in ind.columns}, weighting=weighting)
    U = pd.DataFrame({"innovation": innov.scores.reindex(ok), "industry": industry.scores.reindex(ok)}).dropna()
    no_industry = [r for r in complete.index if r not in U.index]
    if no_industry:  # named, never dropped in silence
        notes.append(Note(
            f"{len(no_industry)} members have the innovation indicators but no industry data for "
            f"{y0} ({plan.upgrade_source}) and are left out: " + ", ".join(names.get(r, r) for r in no_industry),
            f"{len(no_industry)}个成员有创新指标但缺少{y0}年产业数据（{plan.upgrade_source}），未纳入："
            + "、".join(names_zh.get(r, r) for r in no_industry)))
    # Composite scores are weighted sums of min-max values: inside [0, 1] by construction.
    cc = comp.coupling_coordination(U, formula=formula, names=["innovation", "industry"]).to_frame(index=U.index)

    econ_share = complete["economic_weight"] / complete["economic_weight"].sum()
    innov_share = complete[usable].div(complete[usable].sum()).mean(axis=1)
    ratio = innov_share / econ_share
    upgrade = (aps1 - aps0).reindex(U.index)

    cities = pd.DataFrame({"region_id": U.index, "name": [names.get(r, r) for r in U.index],
                           "name_zh": [names_zh.get(r, r) for r in U.index],
                           "core": [r in core for r in U.index]}).set_index("region_id")
    cities = cities.join(complete).join(U.rename(columns={"innovation": "innovation_index",
                                                          "industry": "industry_index"}))
    cities = cities.join(cc)
    cities["innovation_share"] = innov_share
    cities["economy_share"] = econ_share
    cities["innovation_economy_ratio"] = ratio
    # A heart must also carry weight: at least an average member's share of the group's innovation
    # (otherwise a small college town with a few patents tops the list).
    cities["innovation_heart"] = (ratio >= heart_ratio) & (innov_share >= 1.0 / len(complete))
    cities[f"services_share_{y0}"] = aps0
    cities[f"services_share_{y1}"] = aps1
    cities["services_share_change"] = upgrade
    cities["innovation_rank"] = cities["innovation_index"].rank(ascending=False, method="min").astype(int)
    cities = cities.sort_values("innovation_index", ascending=False).reset_index()

    valid = cities[["innovation_index", "services_share_change"]].dropna()
    rho, p_rho = stats.spearmanr(valid["innovation_index"], valid["services_share_change"]) if len(valid) >= 3 else (np.nan, np.nan)
    r, p_r = stats.pearsonr(valid["innovation_index"], valid["services_share_change"]) if len(valid) >= 3 else (np.nan, np.nan)
    association = pd.DataFrame([
        {"statistic": "spearman_rho", "value": float(rho), "p_value": float(p_rho), "n": len(valid)},
        {"statistic": "pearson_r", "value": float(r), "p_value": float(p_r), "n": len(valid)},
    ])
    weights = pd.concat([
        pd.DataFrame({"index": "innovation", "indicator": innov.weights.index, "weight": innov.weights.values}),
        pd.DataFrame({"index": "industry", "indicator": industry.weights.index, "weight": industry.weights.values}),
    ], ignore_index=True)
    services = "tertiary" if mr.country == "cn" else "advanced producer services"
    summary = pd.DataFrame([{
        "group_id": mr.group_id, "innovation_year": iy, "upgrade_years": f"{y0}-{y1}",
        "members_scored": len(cities), "weighting": weighting, "coupling_formula": formula,
        "mean_coordination_D": float(cities["D"].mean()),
        "innovation_hearts": "; ".join(cities.loc[cities["innovation_heart"], "name"]),
        "innovation_hearts_zh": "；".join(cities.loc[cities["innovation_heart"], "name_zh"]),
        "spearman_innovation_vs_upgrading": float(rho), "spearman_p_value": float(p_rho),
        "upgrading_measure": f"change of the {services} share, {y0}-{y1}",
        "upgrading_measure_zh": f"{y0}—{y1}年{'第三产业' if mr.country == 'cn' else '高端生产性服务业'}占比变化",
        "economic_weight": f"{wname} ({wsource}, {wyear})",
        "economic_weight_zh": f"{value_label(wname, 'zh')}（{wsource}，{wyear}年）",
    }])
    notes.append(Note(f"Economic weight for the innovation/economy ratio: {wname} from {wsource} ({wyear}).",
                      f"创新/经济份额比所用经济权重：{value_label(wname, 'zh')}（{wsource}，{wyear}年）。"))
    size_en, size_zh = ("value added", "增加值") if mr.country == "cn" else ("employment", "就业")
    notes.append(Note(f"Industrial development index ({y0}): entropy-weighted composite of "
                      f"{', '.join(ind.columns)} (size = total {size_en}).",
                      f"产业发展指数（{y0}年）：{'、'.join(value_label(c, 'zh') for c in ind.columns)}的熵权综合"
                      f"（规模为{size_zh}总量）。"))
    notes.append(Note("Triple-helix synergy (government-university-industry) is not computed: the shared "
                      "data hold no actor-typed co-patent or co-publication records. Import your own "
                      "(table \"collaborations\", docs/user-tables.md) and run `megaregion collaboration`.",
                      "未计算三螺旋协同（政府—高校—企业）：共享数据中没有按主体类型区分的合作专利或合作论文记录；"
                      "可导入自有记录（合作记录表`collaborations`，见docs/user-tables.md）后运行`megaregion collaboration`。"))
    if mr.country == "cn" and iy > y0:
        notes.append(Note(f"The Chinese innovation indicators ({iy}) post-date the start of the upgrading "
                          f"window ({y0}); the association is descriptive, not a lead-lag test.",
                          f"中国创新指标（{iy}年）晚于产业升级时段的起点（{y0}年），相关分析仅为描述，不是先后因果检验。"))
    notes.extend(innov.notes)
    notes.extend(mr.notes)  # members not counted as cities, older metro codes used
    dq = quality_table([q for q in quality_rows if q["region_id"] in set(cities["region_id"])])
    # A flag every value of a source carries (the Chinese city panel is a secondary compilation)
    # is said once, in a note; the findings name only the members with other flags.
    general = set()
    panel = dq[dq["source"].isin(SECONDARY_SOURCES)]
    if len(panel):
        general = {"secondary"}
        from megaregion.model.quality import secondary_clauses

        n_sec, inc_en, inc_zh = secondary_clauses(panel, names, names_zh)
        srcs = ", ".join(sorted(set(panel["source"])))
        notes.append(Note(
            f"Quality: GDP (the economic weight) and value added (the industrial index and the "
            f"upgrading) come from {srcs}, a secondary compilation (yearbooks and city bulletins "
            "compiled by data vendors, not an official release, not checked against the yearbooks): "
            f"{n_sec} of the values used are flagged 'secondary'{inc_en} (table data_quality). "
            "Every finding rests on them.",
            f"数据质量：GDP（经济权重）和增加值（产业发展指数与产业升级）来自{srcs}，为二手汇编数据"
            "（由数据商整理自年鉴和城市统计公报，并非官方发布，未与年鉴核对）：所用数值中"
            f"{n_sec}个标记为“二手汇编数据”{inc_zh}（见`data_quality`表）。所有结论均以此为依据。"))
    other = dq[~dq["source"].isin(SECONDARY_SOURCES)]  # the panel's flags are in the note above
    if len(other):
        listed = ", ".join(f"{names.get(r, r)}" for r in dict.fromkeys(other["region_id"]))
        listed_zh = "、".join(f"{names_zh.get(r, r)}" for r in dict.fromkeys(other["region_id"]))
        flags = sorted(set(other["flag"]))
        notes.append(Note(
            f"{len(other)} indicator values of {other['region_id'].nunique()} scored members are "
            f"{'; '.join(flag_label(f) for f in flags)} (table data_quality): {listed}.",
            f"{other['region_id'].nunique()}个参评成员的{len(other)}个指标值"
            f"{'；'.join(flag_label(f, 'zh') for f in flags)}（见`data_quality`表）：{listed_zh}。"))
    findings = _findings(mr, cities, association, iy, y0, y1, services, heart_ratio, dq, general)
    return Results(f"Innovation as the driver: {mr.name}", f"创新驱动：{mr.name_zh or mr.name}",
                   {"summary": summary, "cities": cities, "weights": weights, "association": association,
                    "data_quality": dq},
                   "summary", findings, notes, command="innovation")


def _findings(mr, cities, association, iy, y0, y1, services, heart_ratio, dq=None,
              general=frozenset()) -> list[Finding]:
    """The findings; ``general`` are flags said once in a note (a whole source's tier), carried
    in every finding's ``quality`` but not named member by member."""
    out = []
    flagged = {} if dq is None or not len(dq) else dq.groupby("region_id")["flag"].agg(lambda f: tuple(sorted(set(f))))
    specific = {r: tuple(f for f in fl if f not in general) for r, fl in flagged.items()}
    specific = {r: fl for r, fl in specific.items() if fl}

    def quality(ids) -> tuple[str, ...]:
        found = {f for r in ids for f in flagged.get(r, ())}
        return tuple(f for f in QUALITY_FLAGS if f in found)  # best tier first

    def caveat(rows) -> tuple[str, str]:
        """Clause naming the listed members whose values are not plainly observed (other than
        the flags said once for a whole source)."""
        hit = rows[rows["region_id"].isin(list(specific))]
        if hit.empty:
            return "", ""
        labels = sorted({f for r in hit["region_id"] for f in specific[r]})
        return ("; values of " + ", ".join(hit["name"]) + " are "
                + " and ".join(flag_label(f) for f in labels),
                "；其中" + "、".join(hit["name_zh"]) + "的数值："
                + "、".join(flag_label(f, "zh") for f in labels))

    top = cities.head(3)
    ce, cz = caveat(top)
    out.append(Finding(
        f"Highest innovation capacity ({iy}): " + ", ".join(
            f"{n} ({v:.2f})" for n, v in zip(top["name"], top["innovation_index"])) + ce + ".",
        f"{iy}年创新能力最强：" + "、".join(
            f"{n}（{v:.2f}）" for n, v in zip(top["name_zh"], top["innovation_index"])) + cz + "。",
        "cities", float(top["innovation_index"].iloc[0]), column="innovation_index",
        where={"region_id": top["region_id"].iloc[0]}, quality=quality(top["region_id"])))
    hearts = cities[cities["innovation_heart"]].sort_values("innovation_economy_ratio", ascending=False)
    if len(hearts):
        h = hearts.head(3)
        ce, cz = caveat(h)
        out.append(Finding(
            "Innovation hearts (share of the group's innovation at least "
            f"{heart_ratio:g}x their share of its economy, and above the average member's): " + ", ".join(
                f"{n} ({v:.1f}x)" for n, v in zip(h["name"], h["innovation_economy_ratio"])) + ce + ".",
            f"创新极核（创新份额至少为经济份额的{heart_ratio:g}倍且高于平均水平）：" + "、".join(
                f"{n}（{v:.1f}倍）" for n, v in zip(h["name_zh"], h["innovation_economy_ratio"])) + cz + "。",
            "cities", float(h["innovation_economy_ratio"].iloc[0]), column="innovation_economy_ratio",
            where={"region_id": h["region_id"].iloc[0]}, quality=quality(h["region_id"])))
    else:
        best = cities.sort_values("innovation_economy_ratio", ascending=False).iloc[0]
        out.append(Finding(
            f"No member's innovation share reaches {heart_ratio:g}x its economic share and the average "
            f"member's (highest: {best['name']}, {best['innovation_economy_ratio']:.1f}x).",
            f"没有城市的创新份额既达到其经济份额的{heart_ratio:g}倍又高于平均水平"
            f"（最高为{best['name_zh']}，{best['innovation_economy_ratio']:.1f}倍）。",
            "cities", float(best["innovation_economy_ratio"]), column="innovation_economy_ratio",
            where={"region_id": best["region_id"]}, quality=quality([best["region_id"]])))
    lag = cities["lagging"].value_counts()
    n = len(cities)
    out.append(Finding(
        f"Mean coupling coordination of innovation and industry: D = {cities['D'].mean():.3f}; innovation "
        f"lags industry in {int(lag.get('innovation', 0))} of {n} members.",
        f"创新与产业的平均耦合协调度D = {cities['D'].mean():.3f}；{n}个城市中有{int(lag.get('innovation', 0))}个创新滞后于产业。",
        "summary", float(cities["D"].mean()), column="mean_coordination_D",
        where={"group_id": mr.group_id}, quality=quality(cities["region_id"])))
    row = association.set_index("statistic").loc["spearman_rho"]
    rho, p = row["value"], row["p_value"]
    if np.isnan(rho):
        return out
    if p < 0.05:
        dir_en = "gained more" if rho > 0 else "gained less"
        dir_zh = "提升更多" if rho > 0 else "提升更少"
        en = (f"Members with more innovation capacity in {iy} {dir_en} {services} share over {y0}-{y1} "
              f"(Spearman ρ = {rho:.2f}, p = {p:.3f}, n = {int(row['n'])}).")
        zh = (f"{iy}年创新能力越强的城市，{y0}—{y1}年{'第三产业' if mr.country == 'cn' else '高端生产性服务业'}"
              f"占比{dir_zh}（Spearman ρ = {rho:.2f}，p = {p:.3f}，n = {int(row['n'])}）。")
    else:
        en = (f"No clear association between innovation capacity ({iy}) and the change of the {services} "
              f"share over {y0}-{y1} (Spearman ρ = {rho:.2f}, p = {p:.3f}, n = {int(row['n'])}).")
        zh = (f"{iy}年创新能力与{y0}—{y1}年{'第三产业' if mr.country == 'cn' else '高端生产性服务业'}占比变化"
              f"无明显关联（Spearman ρ = {rho:.2f}，p = {p:.3f}，n = {int(row['n'])}）。")
    if int(y1) - int(y0) <= 2:  # a one- or two-year change of a share is mostly noise
        en += (" The upgrading window is short (one or two years): sector shares move mostly by "
               "year-to-year noise over such a span, so read this as suggestive, not as a lasting shift.")
        zh += "升级时间窗口很短（一两年），其间行业占比的变化多为年度波动，此结果仅供参考，不代表持久的结构变化。"
    out.append(Finding(en, zh, "association", float(rho), column="value",
                       where={"statistic": "spearman_rho"}, quality=quality(cities["region_id"])))
    return out
