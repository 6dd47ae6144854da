"""Is the centre a balanced "composite", and did traditional manufacturing move out?

The brief's second feature: central cities of US megaregions became service economies yet keep
a balance of advanced producer services and advanced manufacturing, while traditional
manufacturing moved to the surrounding cities. This workflow measures that for one group
between two years, from one activity source:

* structure of every member (sector-family shares, balance index, Krugman specialisation,
  Herfindahl concentration, location quotients, similarity to the core);
* relocation of manufacturing (and advanced / traditional manufacturing where 4-digit data
  exist) between the core and the periphery;
* shift-share decomposition of each member's change (group as reference; classic and
  Esteban-Marquillas);
* concentration of each family across members (Hoover, locational Gini, Theil between and within
  states/provinces) and related / unrelated variety;
* functional specialisation of the core relative to the periphery.

All numbers come from :mod:`megaregion.metrics.structure` and :mod:`megaregion.metrics.balance`;
this module only selects data, composes kernels and words findings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError
from megaregion.i18n.values import LEVELS_ZH, value_label
from megaregion.metrics import balance as bal
from megaregion.metrics import structure as st
from megaregion.model.megaregion import Megaregion, activity_matrix
from megaregion.model.sectors import ADVANCED_PRODUCER_SERVICES, naics_family

ADVANCED_MANUFACTURING = frozenset(c for c in bal.ADVANCED_INDUSTRIES_NAICS2017 if c[:2] in ("31", "32", "33"))


@dataclass(frozen=True)
class Source:
    """An activity source the workflow can use, with its default years and sector codes."""

    dataset: str
    classification: str
    measure: str
    years: tuple[int, int]
    country: str
    note: str


SOURCES: dict[str, Source] = {s.dataset: s for s in [
    Source("us/cbp_metro", "naics2017", "employees", (2018, 2019), "us",
           "County Business Patterns by metro (employees, mid-March)"),  # zh in SOURCE_ZH
    Source("us/brookings_shiftshare", "naics-emsi", "employees", (2006, 2016), "us",
           "Brookings Metro Monitor (EMSI) jobs; 2006 levels implied by the published growth "
           "components (flag 'estimated'); 100 largest metros only"),
    Source("us/qcew_ny", "naics-qcew", "employees", (2000, 2017), "us",
           "QCEW annual average employment, private ownership, New York State counties"),
    Source("us/cbp_county", "naics2017", "employees", (2017, 2021), "us",
           "County Business Patterns by county (38 states; NY, CA, IL not covered)"),
    Source("cn/city_panel", "cn-three-sector", "value_added", (2010, 2019), "cn",
           "value added by three sectors, 100m yuan, current prices (secondary compilation of "
           "the China City Statistical Yearbook)"),
]}

SOURCE_ZH = {
    "us/cbp_metro": "美国County Business Patterns都市区数据（3月中旬雇员数）",
    "us/brookings_shiftshare": "布鲁金斯学会Metro Monitor（EMSI）就业；2006年水平由公布的增长分解反推（标记为估计值）；仅100个最大都市区",
    "us/qcew_ny": "QCEW年均就业（私营部门），纽约州各县",
    "us/cbp_county": "美国County Business Patterns县级数据（38个州；不含纽约、加州、伊利诺伊）",
    "cn/city_panel": "三次产业增加值（亿元，当年价；《中国城市统计年鉴》的二次整理数据）",
}

#: Default source by the group's analysis level.
DEFAULT_SOURCE = {("us", "metro"): "us/cbp_metro", ("us", "county"): "us/qcew_ny", ("cn", "city"): "cn/city_panel"}


def _sector_codes(columns, classification: str, digits: int) -> list[str]:
    if classification == "cn-three-sector":
        return [c for c in columns if c in ("primary", "secondary", "tertiary")]
    if digits == 2:
        return [c for c in columns if (len(c) == 2 and c.isdigit() and c not in ("00", "01", "95"))
                or ("-" in c)]
    return [c for c in columns if len(c) == digits and c.isdigit()]


def _families(X2: pd.DataFrame, classification: str) -> pd.DataFrame:
    """Sum 2-digit sector columns into families (US) or keep three sectors (China).

    A family with a withheld (NaN) sector is NaN: a partial sum would pass for the whole."""
    if classification == "cn-three-sector":
        return X2.rename(columns={"secondary": "manufacturing_proxy_secondary",
                                  "tertiary": "services_proxy_tertiary"})
    fam = pd.Series({c: naics_family(c) for c in X2.columns})
    return pd.DataFrame({f: X2[list(cols.index)].sum(axis=1, skipna=False)
                         for f, cols in fam.groupby(fam)})


def composite_structure(mr: Megaregion, years: tuple[int, int] | list[int] | None = None, *,
                        source: str | None = None, measure: str | None = None,
                        digits: int = 2) -> Results:
    """Composite-centre and relocation analysis of one group between two years.

    Parameters
    ----------
    mr : the group (``store.group(...)``; load it without a year filter or with both years).
    years : (first, last); default: the source's default years.
    source : activity dataset (see :data:`SOURCES`); default by country and level.
    measure : default the source's (employees; value added for China).
    digits : NAICS digits of the industry detail for shift-share and concentration (2, 3 or 4;
        sector families and shares always come from the 2-digit sectors).

    Returns
    -------
    Results with tables ``summary`` (per year: core and group shares, balance, functional
    specialisation, core share of manufacturing), ``regions`` (per member and year),
    ``relocation``, ``shift_share``, ``concentration``, ``variety`` (4-digit data only),
    and findings in English and Chinese.

    Notes
    -----
    Balance index of a region (:func:`megaregion.metrics.balance.service_manufacturing_balance`):
    ``B = 1 - |a - m| / (a + m)`` with a the advanced-producer-services share and m the
    manufacturing share; B = 1 is perfectly balanced, 0 one-sided. For Chinese cities, which
    have three sectors only, a = tertiary and m = secondary value-added shares (a proxy, said in
    the notes). Functional specialisation (Duranton & Puga 2005):
    ``FS = (APS_core / MFG_core) / (APS_periphery / MFG_periphery)``.
    """
    src_id = source or DEFAULT_SOURCE.get((mr.country, mr.level))
    if src_id not in SOURCES:
        raise MegaregionError(f"unknown activity source {source!r}; use one of {', '.join(SOURCES)}")
    src = SOURCES[src_id]
    if src.country != mr.country:
        raise MegaregionError(f"{src_id} has {src.country.upper()} data; {mr.group_id} is in {mr.country.upper()}")
    y0, y1 = (tuple(years) if years else src.years)
    if y0 >= y1:
        raise MegaregionError(f"years must be two increasing years, got {y0} and {y1}")
    measure = measure or src.measure
    if digits not in (2, 3, 4):
        raise MegaregionError("--digits must be 2, 3 or 4")

    units = mr.members[mr.members["level"] == mr.level]
    ids = units["region_id"].tolist()
    names = units.set_index("region_id")["name"].to_dict()
    names_zh = {r: (z if isinstance(z, str) and z else names.get(r, r))
                for r, z in units.set_index("region_id")["name_zh"].items()}
    core = [r for r in units.loc[units["role"] == "core", "region_id"]]
    notes = [Note(f"Source: {src.note} ({src_id}, measure {measure}).",
                  f"数据来源：{SOURCE_ZH.get(src_id, src.note)}（{src_id}，指标：{value_label(measure, 'zh')}）。")]
    is_cn = mr.country == "cn"
    if is_cn:
        notes.append(Note(
            "Chinese cities have value added by three sectors only: 'advanced services' is "
            "approximated by the tertiary sector and 'manufacturing' by the secondary "
            "sector (which includes mining, utilities and construction).",
            "中国城市只有三次产业增加值：以第三产业近似“高端服务业”，以第二产业（含采矿、电力燃气水和建筑业）"
            "近似“制造业”。"))

    mats, fams, suppressed = {}, {}, {}
    for y in (y0, y1):
        X, n_sup = activity_matrix(mr.activity, ids, source=src_id, measure=measure, year=y, absent="zero")
        if X.empty:
            raise MegaregionError(f"{mr.group_id}: no {measure} in {src_id} for {y}; "
                                  f"its years are {src.years} (import it with `megaregion data import`)")
        mats[y] = X
        suppressed[y] = n_sup
        fams[y] = _families(X[_sector_codes(X.columns, src.classification, 2)], src.classification)
    # Members with data in both years: a member missing in one year would fake a relocation.
    both = sorted(set(fams[y0].index) & set(fams[y1].index))
    dropped = sorted(set(fams[y0].index) ^ set(fams[y1].index))
    if dropped:
        notes.append(Note(f"{len(dropped)} members have data in one year only and are left out: {dropped[:8]}",
                          f"{len(dropped)}个成员只有一个年份的数据，未纳入分析：{dropped[:8]}"))
    core_in = [c for c in core if c in both]
    if not core_in:
        raise MegaregionError(f"{mr.group_id}: the core ({', '.join(core) or 'none'}) has no data in {src_id}")
    notes.append(Note(
        f"{len(both)} of {len(ids)} members at {mr.level} level have data in both years; "
        f"withheld cells (unknown, never zero): {suppressed[y0]} in {y0}, {suppressed[y1]} in {y1}. "
        "Industries with no published row (fewer than three establishments) count as 0.",
        f"{len(ids)}个{LEVELS_ZH.get(mr.level, mr.level)}级成员中有{len(both)}个两年均有数据；因保密隐去的单元（视为未知，绝不作0）："
        f"{y0}年{suppressed[y0]}个，{y1}年{suppressed[y1]}个。未公布的行业（企业数少于3家）按0计。"))

    aps_cols = ["services_proxy_tertiary"] if is_cn else sorted(ADVANCED_PRODUCER_SERVICES)
    mfg_cols = ["manufacturing_proxy_secondary"] if is_cn else ["manufacturing"]

    region_rows, summary_rows = [], []
    adv = {}
    for y in (y0, y1):
        F = fams[y].loc[both]
        # Shares are of the families with a published value; a share whose own cells are withheld
        # is unknown (NaN), not zero.
        total = F.sum(axis=1, min_count=1)
        aps = F.reindex(columns=aps_cols, fill_value=0.0).sum(axis=1, skipna=False) / total
        mfg = F.reindex(columns=mfg_cols, fill_value=0.0).sum(axis=1, skipna=False) / total
        n_unknown = int((aps.isna() | mfg.isna()).sum())
        if n_unknown:
            notes.append(Note(
                f"{y}: {n_unknown} members have a withheld advanced-services or manufacturing "
                "cell; their shares are unknown (NaN) and they are left out of the relocation.",
                f"{y}年：{n_unknown}个成员的高端服务业或制造业单元被隐去，其占比未知，不参与转移分析。"))
        four = [c for c in mats[y].columns if len(c) == 4 and c.isdigit()]
        if four and not is_cn:
            # Advanced manufacturing: the manufacturing part of Brookings' advanced industries.
            adv_codes = [c for c in four if c in ADVANCED_MANUFACTURING]
            adv[y] = mats[y].loc[both, adv_codes].sum(axis=1, skipna=False)
            adv_share = adv[y] / total
            missing = int(mats[y].loc[both, [c for c in four if c[:2] in ("31", "32", "33")]].isna().sum().sum())
            notes.append(Note(
                f"{y}: {missing} member x 4-digit manufacturing cells are not published "
                "(omitted or withheld); advanced-manufacturing shares are lower bounds.",
                f"{y}年：{missing}个“成员×四位数制造业”单元未公布（缺失或隐去）；先进制造业占比为下限。"))
        else:
            adv_share = pd.Series(np.nan, index=both)
        balance_index = bal.service_manufacturing_balance(aps, mfg)
        klass = bal.classify_balance(aps, mfg)
        # Location quotients of the two aggregates against the group (LQ_r = s_r / s_group).
        group_aps = (aps * total).sum() / total.sum()
        group_mfg = (mfg * total).sum() / total.sum()
        krug = st.krugman_index(F)
        hhi = st.herfindahl(F)
        core_profile = F.loc[core_in].sum()
        sim_core = pd.Series({r: st.structural_similarity(F.loc[r], core_profile) for r in both})
        for r in both:
            region_rows.append({
                "year": y, "region_id": r, "name": names.get(r, r), "name_zh": names_zh.get(r, r), "core": r in core_in,
                "total": total[r], "share_advanced_services": aps[r], "share_manufacturing": mfg[r],
                "share_advanced_manufacturing": adv_share.get(r, np.nan),
                "balance_index": balance_index[r], "balance_class": klass[r],
                "krugman_vs_rest": krug[r], "herfindahl_families": hhi[r],
                "lq_manufacturing": mfg[r] / group_mfg if group_mfg else np.nan,
                "lq_advanced_services": aps[r] / group_aps if group_aps else np.nan,
                "similarity_to_core": sim_core[r],
            })
        # Group and periphery totals over members whose two shares are known, as in the relocation;
        # the core's own withheld cells make its numbers unknown rather than smaller.
        known = [r for r in both if pd.notna(aps[r]) and pd.notna(mfg[r])]
        core_tot = F.loc[core_in].sum(skipna=False)
        per = [r for r in known if r not in core_in]
        per_tot = F.loc[per].sum() if per else pd.Series(dtype=float)
        core_aps = core_tot.reindex(aps_cols, fill_value=0.0).sum(skipna=False) / core_tot.sum()
        core_mfg = core_tot.reindex(mfg_cols, fill_value=0.0).sum(skipna=False) / core_tot.sum()
        fs = np.nan
        if per:
            fs = float(bal.functional_specialization(
                (core_tot.reindex(aps_cols, fill_value=0.0).sum(skipna=False),
                 core_tot.reindex(mfg_cols, fill_value=0.0).sum(skipna=False)),
                (per_tot.reindex(aps_cols, fill_value=0.0).sum(), per_tot.reindex(mfg_cols, fill_value=0.0).sum())))
        grp = F.loc[sorted(set(known) | set(core_in))].sum()
        summary_rows.append({
            "group_id": mr.group_id, "year": y, "source": src_id, "measure": measure,
            "core": " ".join(core_in), "core_names": "; ".join(names.get(c, c) for c in core_in),
            "core_names_zh": "、".join(names_zh.get(c, c) for c in core_in),
            "members_with_data": len(both),
            "core_share_advanced_services": core_aps, "core_share_manufacturing": core_mfg,
            "core_balance_index": float(bal.service_manufacturing_balance(core_aps, core_mfg)),
            "core_balance_class": str(bal.classify_balance(core_aps, core_mfg)),
            "group_share_advanced_services": grp.reindex(aps_cols, fill_value=0.0).sum() / grp.sum(),
            "group_share_manufacturing": grp.reindex(mfg_cols, fill_value=0.0).sum() / grp.sum(),
            "functional_specialization": fs,
            "core_share_of_group_manufacturing": core_tot.reindex(mfg_cols, fill_value=0.0).sum(skipna=False)
            / grp.reindex(mfg_cols, fill_value=0.0).sum(),
            "core_share_of_group_total": core_tot.sum() / grp.sum(),
        })
    regions = pd.DataFrame(region_rows)
    summary = pd.DataFrame(summary_rows)

    # Relocation between the years: manufacturing, and advanced / traditional where available.
    reloc_parts = []
    sectors = {"manufacturing": lambda y: fams[y].loc[both, mfg_cols].sum(axis=1, min_count=1)}
    sectors["advanced_services"] = lambda y: fams[y].loc[both].reindex(columns=aps_cols).sum(axis=1, min_count=1)
    if y0 in adv and y1 in adv:
        sectors["advanced_manufacturing"] = lambda y: adv[y]
        sectors["traditional_manufacturing"] = lambda y: fams[y].loc[both, mfg_cols].sum(axis=1, min_count=1) - adv[y]
    top_gainers = {}
    for name, fn in sectors.items():
        res = bal.relocation_shares(fn(y0), fn(y1), core_in, top=3)
        part = res.regions.reset_index().rename(columns={"index": "region_id"})
        part.insert(0, "sector", name)
        reloc_parts.append(part)
        top_gainers[name] = res.top_gainers
    relocation = pd.concat(reloc_parts, ignore_index=True)
    if "region_id" not in relocation.columns:
        relocation = relocation.rename(columns={relocation.columns[1]: "region_id"})
    relocation["name"] = relocation["region_id"].map(names)
    relocation["name_zh"] = relocation["region_id"].map(names_zh)

    # Shift-share at the requested detail, group as reference.
    codes = sorted(set(_sector_codes(mats[y0].columns, src.classification, digits))
                   & set(_sector_codes(mats[y1].columns, src.classification, digits)))
    ss_parts = []
    for method in ("classic", "esteban-marquillas"):
        res = st.shift_share(mats[y0].loc[both, codes], mats[y1].loc[both, codes], method=method)
        part = res.regions.reset_index().rename(columns={"index": "region_id", "region": "region_id"})
        part.insert(0, "method", method)
        ss_parts.append(part)
    shift = pd.concat(ss_parts, ignore_index=True)
    if "region_id" in shift.columns:
        shift["name"] = shift["region_id"].map(names)

    # Concentration of each family across members, per year.
    parents = units.set_index("region_id")["parent"].reindex(both).fillna("unknown")
    conc_rows = []
    for y in (y0, y1):
        F = fams[y].loc[both]
        hoov = st.hoover_index(F, weights="total")
        lg = st.locational_gini(F)
        th = st.theil_index(F, groups=parents.values)  # withheld (NaN) cells are left out
        for fam in F.columns:
            conc_rows.append({"year": y, "family": fam, "hoover": hoov.get(fam, np.nan),
                              "locational_gini": lg.get(fam, np.nan),
                              "theil_total": th.total.get(fam, np.nan) if hasattr(th.total, "get") else np.nan,
                              "theil_between_states": th.between.get(fam, np.nan) if hasattr(th.between, "get") else np.nan,
                              "theil_within_states": th.within.get(fam, np.nan) if hasattr(th.within, "get") else np.nan})
    concentration = pd.DataFrame(conc_rows)

    tables = {"summary": summary, "regions": regions, "relocation": relocation,
              "shift_share": shift, "concentration": concentration}
    four = [c for c in mats[y1].columns if len(c) == 4 and c.isdigit()]
    if four:
        var = st.related_unrelated_variety(mats[y1].loc[both, four], lambda c: c[:2])
        var = var.reset_index().rename(columns={"index": "region_id"})
        var.insert(0, "year", y1)
        tables["variety"] = var

    findings = _findings(mr, summary, relocation, top_gainers, names, y0, y1, is_cn, names_zh)
    return Results(f"Composite centre and relocation: {mr.name}, {y0}-{y1}",
                   f"中心城市复合化与产业转移：{mr.name_zh or mr.name}，{y0}—{y1}年",
                   tables, "summary", findings, notes)


_CLASS_ZH = {"composite": "复合型（服务与制造均衡）", "service-led": "服务主导型",
             "manufacturing-led": "制造主导型", "undefined": "无法判定"}


def _pct(x) -> str:
    return "n/a" if pd.isna(x) else f"{100 * x:.1f}%"


def _findings(mr, summary, relocation, top_gainers, names, y0, y1, is_cn, names_zh=None) -> list[Finding]:
    names_zh = names_zh or names
    out = []
    s0, s1 = summary.iloc[0], summary.iloc[1]
    aps_en, aps_zh = ("tertiary", "第三产业") if is_cn else ("advanced producer services", "高端生产性服务业")
    mfg_en, mfg_zh = ("secondary", "第二产业") if is_cn else ("manufacturing", "制造业")
    cls = s1["core_balance_class"]
    out.append(Finding(
        f"{s1['core_names']} (core) is {cls} in {y1}: {aps_en} {_pct(s1['core_share_advanced_services'])}, "
        f"{mfg_en} {_pct(s1['core_share_manufacturing'])}, balance index {s1['core_balance_index']:.2f} "
        f"(1 = balanced).",
        f"{y1}年，核心城市{s1['core_names_zh']}为{_CLASS_ZH.get(cls, cls)}：{aps_zh}占比{_pct(s1['core_share_advanced_services'])}，"
        f"{mfg_zh}占比{_pct(s1['core_share_manufacturing'])}，均衡指数{s1['core_balance_index']:.2f}（1为完全均衡）。",
        "summary", float(s1["core_balance_index"])))
    d = s1["core_share_of_group_manufacturing"] - s0["core_share_of_group_manufacturing"]
    # Under half a point is within the noise of these sources: called stable, not a movement.
    if abs(d) < 0.005:
        moved_en, moved_zh = "its location was stable", "空间格局基本稳定"
    elif d < 0:
        moved_en, moved_zh = "it moved from the core to the periphery", "由核心向外围转移"
    else:
        moved_en, moved_zh = "it concentrated further in the core", "进一步向核心集中"
    out.append(Finding(
        f"The core's share of the group's {mfg_en} went from {_pct(s0['core_share_of_group_manufacturing'])} "
        f"({y0}) to {_pct(s1['core_share_of_group_manufacturing'])} ({y1}), {100 * d:+.2f} points: "
        f"{moved_en}.",
        f"核心城市占城市群{mfg_zh}的比重由{y0}年的{_pct(s0['core_share_of_group_manufacturing'])}变为"
        f"{y1}年的{_pct(s1['core_share_of_group_manufacturing'])}（{100 * d:+.2f}个百分点），{moved_zh}。",
        "summary", float(d)))
    gain = top_gainers.get("manufacturing")
    if gain is not None and len(gain):
        g = gain.head(3)
        idx = g.index.tolist()
        listing = ", ".join(f"{names.get(r, r)} ({g.loc[r, 'change_pp']:+.2f} pp)" for r in idx)
        listing_zh = "、".join(f"{names_zh.get(r, r)}（{g.loc[r, 'change_pp']:+.2f}个百分点）" for r in idx)
        out.append(Finding(
            f"Periphery members that gained most {mfg_en} share: {listing}.",
            f"{mfg_zh}份额上升最多的外围城市：{listing_zh}。", "relocation",
            float(g["change_pp"].iloc[0])))
    if "advanced_manufacturing" in top_gainers:
        rel = relocation[(relocation["sector"] == "advanced_manufacturing")]
        trad = relocation[(relocation["sector"] == "traditional_manufacturing")]
        core_adv = rel[rel["core"]]["change_pp"].sum()
        core_trad = trad[trad["core"]]["change_pp"].sum()
        out.append(Finding(
            f"Core share change {y0}-{y1}: advanced manufacturing {core_adv:+.2f} pp, traditional "
            f"manufacturing {core_trad:+.2f} pp.",
            f"{y0}—{y1}年核心城市份额变化：先进制造业{core_adv:+.2f}个百分点，传统制造业{core_trad:+.2f}个百分点。",
            "relocation", float(core_adv - core_trad)))
    fs = s1["functional_specialization"]
    if pd.notna(fs):
        out.append(Finding(
            f"Functional specialisation of the core ({aps_en} relative to {mfg_en} activity, core "
            f"over periphery) is {fs:.2f} in {y1} ({s0['functional_specialization']:.2f} in {y0}).",
            f"核心城市的功能专业化指数（{aps_zh}与{mfg_zh}之比相对外围）{y1}年为{fs:.2f}（{y0}年为{s0['functional_specialization']:.2f}）。",
            "summary", float(fs)))
    return out
