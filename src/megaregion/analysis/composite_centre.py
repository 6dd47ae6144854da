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
from megaregion.model.quality import flag_label, quality_table
from megaregion.model.sectors import (ADVANCED_PRODUCER_SERVICES, GBT4754_2002_SECTIONS, family_of,
                                      naics_family)

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
    Source("cn/city_employment", "gbt4754-2002", "employees", (2010, 2019), "cn",
           "urban-unit employment (legal-entity units, year end) by the yearbook's 19 industry "
           "sections, persons (secondary compilation of the China City Statistical Yearbook by a "
           "data reseller, not checked against the yearbook; every value flagged 'secondary' or "
           "lower)"),
]}

SOURCE_ZH = {
    "us/cbp_metro": "美国County Business Patterns都市区数据（3月中旬雇员数）",
    "us/brookings_shiftshare": "布鲁金斯学会Metro Monitor（EMSI）就业；2006年水平由公布的增长分解反推（标记为估计值）；仅100个最大都市区",
    "us/qcew_ny": "QCEW年均就业（私营部门），纽约州各县",
    "us/cbp_county": "美国County Business Patterns县级数据（38个州；不含纽约、加州、伊利诺伊）",
    "cn/city_panel": "三次产业增加值（亿元，当年价；《中国城市统计年鉴》的二次整理数据）",
    "cn/city_employment": "按年鉴19个行业门类的城镇单位从业人员（法人单位，年末，人；《中国城市统计年鉴》的数据商二次汇编，"
                          "未与年鉴核对；所有数值标记为“二手汇编数据”或更低等级）",
}

#: What a cell with no row at all means, by source: ``zero`` (the source omits tiny
#: industries) or ``nan`` (not published: unknown). The note says so only where it applies.
ABSENT = {
    "us/cbp_metro": "zero", "us/cbp_county": "zero", "us/qcew_ny": "zero",
    "us/brookings_shiftshare": "zero", "cn/city_panel": "nan", "cn/city_employment": "nan",
}
ABSENT_NOTE = {
    "us/cbp_metro": ("Industries with no published row (fewer than three establishments) count as 0.",
                     "未公布的行业（企业数少于3家）按0计。"),
    "us/qcew_ny": ("Industries with no row in this QCEW extract (not disclosed, or no establishments) "
                   "count as 0.", "本QCEW摘录中没有记录的行业（未披露或无企业）按0计。"),
    "us/brookings_shiftshare": ("Industries with no row in the Brookings file count as 0.",
                                "布鲁金斯数据中没有记录的行业按0计。"),
    "cn/city_panel": ("Empty cells (not published) are unknown, not 0: a member without one of "
                      "the sectors has no shares.", "空单元格（未公布）视为未知而非0：缺少某一产业的成员无占比。"),
    "cn/city_employment": ("Empty cells (not published) are unknown, not 0: a section left empty "
                           "makes its family unknown.", "空单元格（未公布）视为未知而非0：某门类为空时，其所属行业大类未知。"),
}
ABSENT_NOTE["us/cbp_county"] = ABSENT_NOTE["us/cbp_metro"]

#: Sources whose publisher withholds cells for confidentiality (rows flagged ``suppressed``).
WITHHOLDS = frozenset({"us/cbp_metro", "us/cbp_county"})

#: ``--level`` for Chinese groups: the three sectors (value added) or the 19 sections (employment).
CN_LEVEL_SOURCE = {"sector": "cn/city_panel", "section": "cn/city_employment"}

#: Default source by the group's analysis level.
DEFAULT_SOURCE = {("us", "metro"): "us/cbp_metro", ("us", "county"): "us/qcew_ny", ("cn", "city"): "cn/city_panel"}


def _sector_codes(columns, classification: str, digits: int) -> list[str]:
    if classification == "cn-three-sector":
        return [c for c in columns if c in ("primary", "secondary", "tertiary")]
    if classification == "gbt4754-2002":
        return [c for c in columns if c in GBT4754_2002_SECTIONS]
    if digits == 2:
        return [c for c in columns if (len(c) == 2 and c.isdigit() and c not in ("00", "01", "95"))
                or ("-" in c)]
    return [c for c in columns if len(c) == digits and c.isdigit()]


def _families(X2: pd.DataFrame, classification: str) -> pd.DataFrame:
    """Sum 2-digit sector columns into families (US) or keep three sectors (China).

    A family with a withheld (NaN) sector is NaN: a partial sum would pass for the whole."""
    if classification == "cn-three-sector":
        return X2.copy()
    fam = pd.Series({c: family_of(classification, c) if classification == "gbt4754-2002"
                     else naics_family(c) for c in X2.columns})
    return pd.DataFrame({f: X2[list(cols.index)].sum(axis=1, skipna=False)
                         for f, cols in fam.groupby(fam)})


def _year_list(years) -> str:
    """``[2000, 2001, 2002, 2005]`` -> ``'2000-2002, 2005'``."""
    years = sorted(int(y) for y in years)
    runs, start = [], None
    for i, y in enumerate(years):
        if start is None:
            start = y
        if i + 1 == len(years) or years[i + 1] != y + 1:
            runs.append(str(start) if start == y else f"{start}-{y}")
            start = None
    return ", ".join(runs)


def _codes_of(classification: str, codes, families) -> list[str]:
    """The sector codes (2-digit NAICS, GB/T sections) whose family is in ``families``."""
    if classification == "cn-three-sector":
        return [c for c in codes if c in families]
    if classification == "gbt4754-2002":
        return [c for c in codes if family_of(classification, c) in families]
    return [c for c in codes if naics_family(c) in families]


def composite_structure(mr: Megaregion, years: tuple[int, int] | list[int] | None = None, *,
                        source: str | None = None, measure: str | None = None,
                        digits: int = 2, level: str | None = None) -> Results:
    """Composite-centre and relocation analysis of one group between two years.

    Parameters
    ----------
    mr : the group (``store.group(...)``; load it without a year filter or with both years).
    years : (first, last); default: the source's default years.
    source : activity dataset (see :data:`SOURCES`); default by country and level.
    measure : default the source's (employees; value added for China).
    digits : NAICS digits of the industry detail for shift-share and concentration (2, 3 or 4;
        sector families and shares always come from the 2-digit sectors).
    level : Chinese groups only: ``sector`` (three sectors, value added, ``cn/city_panel``; the
        default) or ``section`` (employment by the yearbook's 19 industry sections,
        ``cn/city_employment``, a secondary compilation; the value-added answer is added beside
        it as table ``value_added``).

    Returns
    -------
    Results with tables ``summary`` (per year: core and group shares, balance, functional
    specialisation, core share of manufacturing), ``regions`` (per member and year),
    ``relocation`` (per sector and member) and ``relocation_summary`` (core, periphery, total),
    ``shift_share``, ``concentration``, ``variety`` (4-digit data only), ``data_quality``
    (values used that are not plainly observed) and findings in English and Chinese. Shares are
    fractions (0-1) in every table; changes of shares are in percentage points (``change_pp``).
    For three-sector data the columns are named for what they hold (``share_tertiary``,
    ``share_secondary``, ``core_share_of_group_secondary``, ...), not for the families they
    stand in for.

    Notes
    -----
    Balance index of a region (:func:`megaregion.metrics.balance.service_manufacturing_balance`):
    ``B = 1 - |a - m| / (a + m)`` with a the advanced-producer-services share and m the
    manufacturing share; B = 1 is perfectly balanced, 0 one-sided. For Chinese three-sector data
    a = tertiary and m = secondary value-added shares (a proxy, said in the notes); with
    ``level="section"`` a and m are the real families (APS: sections G, J, L, M of GB/T
    4754-2002; manufacturing: C) of unit employment. Functional specialisation (Duranton & Puga
    2005): ``FS = (APS_core / MFG_core) / (APS_periphery / MFG_periphery)``.
    """
    if level is not None:
        if level not in CN_LEVEL_SOURCE:
            raise MegaregionError(f"--level must be one of {', '.join(CN_LEVEL_SOURCE)}, got {level!r}")
        if mr.country != "cn":
            raise MegaregionError(f"--level applies to Chinese groups; {mr.group_id} is analysed by "
                                  "NAICS sectors (choose the detail with --digits, the data with --source)")
        if source is not None and source != CN_LEVEL_SOURCE[level]:
            raise MegaregionError(f"--level {level} reads {CN_LEVEL_SOURCE[level]}; it cannot be "
                                  f"combined with --source {source}")
        source = CN_LEVEL_SOURCE[level]
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
    proxy = src.classification == "cn-three-sector"
    # The two aggregates, named for what they hold: three-sector data are not APS/manufacturing.
    A, M = ("tertiary", "secondary") if proxy else ("advanced_services", "manufacturing")

    units = mr.cities()  # the group's cities, as `megaregion groups` counts them
    ids = units["region_id"].tolist()
    names = units.set_index("region_id")["name"].to_dict()
    names_zh = {r: (z if isinstance(z, str) and z else names.get(r, r))
                for r, z in units.set_index("region_id")["name_zh"].items()}
    core = [r for r in units.loc[units["role"] == "core", "region_id"]]

    act = mr.activity[(mr.activity["source"] == src_id) & (mr.activity["measure"] == measure)
                      & mr.activity["region_id"].isin(ids)]
    codes2 = _sector_codes(sorted(act["industry"].dropna().unique()), src.classification, 2)
    act2 = act[act["industry"].isin(codes2) & act["value"].notna()]
    have = sorted(int(y) for y in act2["year"].unique())
    for y in (y0, y1):
        if y not in have:
            listing = (f"its years are {_year_list(have)}" if have else
                       "the store has none (import it with `megaregion data import`)")
            raise MegaregionError(f"{mr.group_id}: no {measure} in {src_id} for {y}; {listing}")

    notes = [Note(f"Source: {src.note} ({src_id}, measure {measure}).",
                  f"数据来源：{SOURCE_ZH.get(src_id, src.note)}（{src_id}，指标：{value_label(measure, 'zh')}）。")]
    if proxy:
        notes.append(Note(
            "Chinese cities have value added by three sectors only: the tables show the tertiary "
            "and secondary sectors under their own names; they are a proxy for advanced producer "
            "services and manufacturing (the secondary sector includes mining, utilities and "
            "construction; the tertiary all services). Employment by industry section: --level section.",
            "中国城市只有三次产业增加值：表中按其本名列出第三产业和第二产业，作为高端生产性服务业和制造业的近似"
            "（第二产业含采矿、电力燃气水和建筑业，第三产业含全部服务业）。按行业门类的就业：--level section。"))

    absent = ABSENT.get(src_id, "zero")
    mats, fams, suppressed = {}, {}, {}
    for y in (y0, y1):
        X, n_sup = activity_matrix(mr.activity, ids, source=src_id, measure=measure, year=y, absent=absent)
        mats[y] = X
        suppressed[y] = n_sup
        fams[y] = _families(X[_sector_codes(X.columns, src.classification, 2)], src.classification)
    # Members with data in both years: a member missing in one year would fake a relocation.
    both = sorted(set(fams[y0].index) & set(fams[y1].index))
    dropped = sorted(set(fams[y0].index) ^ set(fams[y1].index))
    if dropped:
        notes.append(Note(f"{len(dropped)} members have data in one year only and are left out: "
                          + ", ".join(f"{names.get(r, r)} ({r})" for r in dropped),
                          f"{len(dropped)}个成员只有一个年份的数据，未纳入分析："
                          + "、".join(f"{names_zh.get(r, r)}（{r}）" for r in dropped)))
    without = [r for r in ids if r not in fams[y0].index and r not in fams[y1].index]
    if without:
        notes.append(Note(f"{len(without)} members have no data in {src_id} in either year and are left out: "
                          + ", ".join(names.get(r, r) for r in without),
                          f"{len(without)}个成员在{src_id}中两个年份均无数据，未纳入分析："
                          + "、".join(names_zh.get(r, r) for r in without)))
    core_in = [c for c in core if c in both]
    if not core_in:
        raise MegaregionError(f"{mr.group_id}: the core ({', '.join(core) or 'none'}) has no data in {src_id}")
    level_zh = {"city": "城市", "metro": "都市区", "county": "县"}.get(mr.level, mr.level)
    absent_en, absent_zh = ABSENT_NOTE.get(src_id, ("", ""))
    # Withheld cells exist only where the publisher suppresses (CBP); elsewhere the clause would
    # describe something the source does not do.
    withheld_en = withheld_zh = ""
    if src_id in WITHHOLDS or suppressed[y0] or suppressed[y1]:
        withheld_en = (f" withheld cells (unknown, never zero): {suppressed[y0]} in {y0}, "
                       f"{suppressed[y1]} in {y1}.")
        withheld_zh = (f"因保密隐去的单元（视为未知，绝不作0）：{y0}年{suppressed[y0]}个，"
                       f"{y1}年{suppressed[y1]}个。")
    notes.append(Note(
        f"{len(both)} of {len(ids)} members at {mr.level} level have data in both years"
        + (";" + withheld_en if withheld_en else ".") + (" " + absent_en if absent_en else ""),
        f"{len(ids)}个{level_zh}级成员中有{len(both)}个两年均有数据"
        + ("；" + withheld_zh if withheld_zh else "。") + absent_zh))

    if proxy:
        aps_cols, mfg_cols = ["tertiary"], ["secondary"]
    else:
        aps_cols, mfg_cols = sorted(ADVANCED_PRODUCER_SERVICES), ["manufacturing"]
    aps_codes = _codes_of(src.classification, codes2, set(aps_cols))
    mfg_codes = _codes_of(src.classification, codes2, set(mfg_cols))

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
                f"{y}: {n_unknown} members have a withheld or unpublished {A.replace('_', ' ')} or "
                f"{M} cell; their shares are unknown (NaN) and they are left out of the relocation.",
                f"{y}年：{n_unknown}个成员的{_AGG_ZH[A]}或{_AGG_ZH[M]}单元被隐去或未公布，其占比未知，不参与转移分析。"))
        four = [c for c in mats[y].columns if len(c) == 4 and c.isdigit()]
        if four and mr.country != "cn":
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
            row = {"year": y, "region_id": r, "name": names.get(r, r), "name_zh": names_zh.get(r, r),
                   "core": r in core_in, "total": total[r], f"share_{A}": aps[r], f"share_{M}": mfg[r]}
            if not proxy:
                row["share_advanced_manufacturing"] = adv_share.get(r, np.nan)
            row.update({
                "balance_index": balance_index[r], "balance_class": klass[r],
                "krugman_vs_rest": krug[r], "herfindahl_families": hhi[r],
                f"lq_{M}": mfg[r] / group_mfg if group_mfg else np.nan,
                f"lq_{A}": aps[r] / group_aps if group_aps else np.nan,
                "similarity_to_core": sim_core[r],
            })
            region_rows.append(row)
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
            f"core_share_{A}": core_aps, f"core_share_{M}": core_mfg,
            "core_balance_index": float(bal.service_manufacturing_balance(core_aps, core_mfg)),
            "core_balance_class": str(bal.classify_balance(core_aps, core_mfg)),
            f"group_share_{A}": grp.reindex(aps_cols, fill_value=0.0).sum() / grp.sum(),
            f"group_share_{M}": grp.reindex(mfg_cols, fill_value=0.0).sum() / grp.sum(),
            "functional_specialization": fs,
            f"core_share_of_group_{M}": core_tot.reindex(mfg_cols, fill_value=0.0).sum(skipna=False)
            / grp.reindex(mfg_cols, fill_value=0.0).sum(),
            "core_share_of_group_total": core_tot.sum() / grp.sum(),
        })
    regions = pd.DataFrame(region_rows)
    summary = pd.DataFrame(summary_rows)

    # Relocation between the years: manufacturing, and advanced / traditional where available.
    # Shares of the group total are fractions (0-1) as in every other table; changes in points.
    reloc_parts, reloc_sum = [], []
    sectors = {M: lambda y: fams[y].loc[both, mfg_cols].sum(axis=1, min_count=1)}
    sectors[A] = lambda y: fams[y].loc[both].reindex(columns=aps_cols).sum(axis=1, min_count=1)
    if y0 in adv and y1 in adv:
        sectors["advanced_manufacturing"] = lambda y: adv[y]
        sectors["traditional_manufacturing"] = lambda y: fams[y].loc[both, mfg_cols].sum(axis=1, min_count=1) - adv[y]
    top_gainers = {}
    for name, fn in sectors.items():
        res = bal.relocation_shares(fn(y0), fn(y1), core_in, top=3)
        part = res.regions.reset_index().rename(columns={"index": "region_id", "region": "region_id"})
        part.insert(0, "sector", name)
        reloc_parts.append(part)
        summ = res.summary.reset_index().rename(columns={"index": "part"})
        summ.insert(0, "sector", name)
        reloc_sum.append(summ)
        top_gainers[name] = res.top_gainers
    relocation = pd.concat(reloc_parts, ignore_index=True)
    relocation_summary = pd.concat(reloc_sum, ignore_index=True)
    for t in (relocation, relocation_summary):
        t["share0"] = t["share0"] / 100.0
        t["share1"] = t["share1"] / 100.0
        t.insert(1, "year0", y0)
        t.insert(2, "year1", y1)
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

    # Values behind the results that are not plainly observed (model.quality).
    used = act2[act2["year"].isin([y0, y1]) & act2["region_id"].isin(both)]
    flagged = used[used["flag"].notna() & (used["flag"] != "observed")]
    data_quality = quality_table(pd.DataFrame({
        "region_id": flagged["region_id"], "year": flagged["year"].astype(int),
        "variable": measure + ":" + flagged["industry"], "source": src_id, "flag": flagged["flag"],
        "detail": [flag_label(f) for f in flagged["flag"]]}))

    def quality(regions_=None, years_=(y0, y1), codes_=None) -> tuple[str, ...]:
        """Flags (other than observed; suppressed cells give NaN, not numbers) of the values a
        finding rests on, best tier first."""
        q = flagged[flagged["year"].isin(list(years_))]
        if regions_ is not None:
            q = q[q["region_id"].isin(list(regions_))]
        if codes_ is not None:
            q = q[q["industry"].isin(list(codes_))]
        found = set(q["flag"]) - {"suppressed"}
        return tuple(f for f in QUALITY_ORDER if f in found)

    tables = {"summary": summary, "regions": regions, "relocation": relocation,
              "relocation_summary": relocation_summary, "shift_share": shift,
              "concentration": concentration}
    four = [c for c in mats[y1].columns if len(c) == 4 and c.isdigit()]
    if four:
        var = st.related_unrelated_variety(mats[y1].loc[both, four], lambda c: c[:2])
        var = var.reset_index().rename(columns={"index": "region_id"})
        var.insert(0, "year", y1)
        tables["variety"] = var
    tables["data_quality"] = data_quality
    if src_id == "cn/city_panel":
        notes.append(_panel_quality_note(flagged, names, names_zh))

    findings = _findings(mr, summary, relocation, relocation_summary, top_gainers, names, y0, y1,
                         proxy, names_zh, A=A, M=M, quality=quality, core_in=core_in, both=both,
                         aps_codes=aps_codes, mfg_codes=mfg_codes, codes2=codes2)
    if src_id == "cn/city_employment":
        findings += _section_reading(mr, tables, notes, summary, flagged, core_in, names, names_zh,
                                     y0, y1, aps_codes, mfg_codes, quality, both)
        breaks = tables["data_quality"]
        breaks = breaks[breaks["detail"].astype(str).str.startswith("break in the series")]
        if len(breaks):  # the relocation findings rest on broken series
            for f in findings:
                if f.table in ("relocation", "relocation_summary"):
                    f.quality = tuple(q for q in QUALITY_ORDER if q in set(f.quality) | {"level_shift"})
    notes.extend(mr.notes)  # members not counted as cities, older metro codes used
    return Results(f"Composite centre and relocation: {mr.name}, {y0}-{y1}",
                   f"中心城市复合化与产业转移：{mr.name_zh or mr.name}，{y0}—{y1}年",
                   tables, "summary", findings, notes, command="structure")


QUALITY_ORDER = ("vintage_mapped", "estimated", "secondary", "carried_forward", "level_shift",
                 "inconsistent", "suppressed")

_AGG_ZH = {"advanced_services": "高端生产性服务业", "manufacturing": "制造业",
           "tertiary": "第三产业", "secondary": "第二产业"}

_CLASS_ZH = {"composite": "复合型（服务与制造均衡）", "service-led": "服务主导型",
             "manufacturing-led": "制造主导型", "undefined": "无法判定"}


def _pct(x) -> str:
    return "n/a" if pd.isna(x) else f"{100 * x:.1f}%"


def _findings(mr, summary, relocation, relocation_summary, top_gainers, names, y0, y1, proxy,
              names_zh=None, *, A, M, quality, core_in, both, aps_codes, mfg_codes, codes2) -> list[Finding]:
    names_zh = names_zh or names
    out = []
    s0, s1 = summary.iloc[0], summary.iloc[1]
    aps_en, aps_zh = ("tertiary", "第三产业") if proxy else ("advanced producer services", "高端生产性服务业")
    mfg_en, mfg_zh = ("secondary", "第二产业") if proxy else ("manufacturing", "制造业")
    cls = s1["core_balance_class"]
    out.append(Finding(
        f"{s1['core_names']} (core) is {cls} in {y1}: {aps_en} {_pct(s1[f'core_share_{A}'])}, "
        f"{mfg_en} {_pct(s1[f'core_share_{M}'])}, balance index {s1['core_balance_index']:.2f} "
        f"(1 = balanced).",
        f"{y1}年，核心城市{s1['core_names_zh']}为{_CLASS_ZH.get(cls, cls)}：{aps_zh}占比{_pct(s1[f'core_share_{A}'])}，"
        f"{mfg_zh}占比{_pct(s1[f'core_share_{M}'])}，均衡指数{s1['core_balance_index']:.2f}（1为完全均衡）。",
        "summary", float(s1["core_balance_index"]), column="core_balance_index", where={"year": y1},
        quality=quality(core_in, (y1,), codes2)))
    rs = relocation_summary.set_index(["sector", "part"])
    c = rs.loc[(M, "core")]
    d = c["change_pp"] / 100.0
    # Under half a point is within the noise of these sources: called stable, not a movement.
    if abs(d) < 0.005:
        moved_en, moved_zh = "its location was stable", "空间格局基本稳定"
    elif d < 0:
        moved_en, moved_zh = "it moved from the core to the periphery", "由核心向外围转移"
    else:
        moved_en, moved_zh = "it concentrated further in the core", "进一步向核心集中"
    out.append(Finding(
        f"The core's share of the group's {mfg_en} went from {_pct(c['share0'])} "
        f"({y0}) to {_pct(c['share1'])} ({y1}), {c['change_pp']:+.2f} points: {moved_en}.",
        f"核心城市占城市群{mfg_zh}的比重由{y0}年的{_pct(c['share0'])}变为"
        f"{y1}年的{_pct(c['share1'])}（{c['change_pp']:+.2f}个百分点），{moved_zh}。",
        "relocation_summary", float(c["change_pp"]), column="change_pp",
        where={"sector": M, "part": "core"}, quality=quality(both, (y0, y1), mfg_codes)))
    gain = top_gainers.get(M)
    if gain is not None and len(gain):
        g = gain.head(3)
        idx = g.index.tolist()
        listing = ", ".join(f"{names.get(r, r)} ({g.loc[r, 'change_pp']:+.2f} pp)" for r in idx)
        listing_zh = "、".join(f"{names_zh.get(r, r)}（{g.loc[r, 'change_pp']:+.2f}个百分点）" for r in idx)
        out.append(Finding(
            f"Periphery members that gained most {mfg_en} share: {listing}.",
            f"{mfg_zh}份额上升最多的外围城市：{listing_zh}。", "relocation",
            float(g["change_pp"].iloc[0]), column="change_pp",
            where={"sector": M, "region_id": idx[0]}, quality=quality(both, (y0, y1), mfg_codes)))
    if "advanced_manufacturing" in top_gainers:
        core_adv = rs.loc[("advanced_manufacturing", "core"), "change_pp"]
        core_trad = rs.loc[("traditional_manufacturing", "core"), "change_pp"]
        out.append(Finding(
            f"Core share change {y0}–{y1}: advanced manufacturing {core_adv:+.2f} pp, traditional "
            f"manufacturing {core_trad:+.2f} pp.",
            f"{y0}—{y1}年核心城市份额变化：先进制造业{core_adv:+.2f}个百分点，传统制造业{core_trad:+.2f}个百分点。",
            "relocation_summary", float(core_adv), column="change_pp",
            where={"sector": "advanced_manufacturing", "part": "core"},
            quality=quality(both, (y0, y1), mfg_codes)))
    fs = s1["functional_specialization"]
    if pd.notna(fs):
        out.append(Finding(
            f"Functional specialisation of the core ({aps_en} relative to {mfg_en} activity, core "
            f"over periphery) is {fs:.2f} in {y1} ({s0['functional_specialization']:.2f} in {y0}).",
            f"核心城市的功能专业化指数（{aps_zh}与{mfg_zh}之比相对外围）{y1}年为{fs:.2f}（{y0}年为{s0['functional_specialization']:.2f}）。",
            "summary", float(fs), column="functional_specialization", where={"year": y1},
            quality=quality(both, (y0, y1), list(aps_codes) + list(mfg_codes))))
    return out


#: Flags below 'secondary': the secondary values that also fail a plausibility check.
_SUSPECT = ("carried_forward", "level_shift", "inconsistent")
_FLAG_ZH = {"carried_forward": "与上年相同", "level_shift": "较上年变化超过50%", "inconsistent": "分项之和与合计不符"}
_FLAG_EN = {"carried_forward": "same as the year before", "level_shift": "over 50% change from the year before",
            "inconsistent": "sections do not sum to the total"}


def _section_reading(mr, tables, notes, summary, flagged, core_in, names, names_zh, y0, y1,
                     aps_codes, mfg_codes, quality, both) -> list[Finding]:
    """Findings and notes of the section-level (employment) answer: the secondary-source flag,
    which flagged values reach the core's answer, and the value-added answer beside it."""
    out = []
    counts = flagged["flag"].value_counts()
    n_sec = int(counts.get("secondary", 0))
    low = ", ".join(f"{f} {int(counts.get(f, 0))}" for f in _SUSPECT)
    low_zh = "，".join(f"{_FLAG_ZH[f]}{int(counts.get(f, 0))}个" for f in _SUSPECT)
    notes.append(Note(
        f"Quality: every value comes from a secondary compilation (flag 'secondary': {n_sec} of the "
        f"values used); values that also fail a plausibility check: {low} (table data_quality). "
        "Unit employment counts legal-entity units only (no private and self-employed workers), "
        "so it understates services in cities with many small firms.",
        f"数据质量：全部数值来自二手汇编（标记“二手汇编数据”：所用数值中{n_sec}个）；另有未通过合理性检查的数值："
        f"{low_zh}（见`data_quality`表）。单位从业人员仅含法人单位（不含私营和个体从业人员），"
        "在小企业多的城市低估服务业。"))
    if y0 < 2013 <= y1:
        tot = mr.activity[(mr.activity["source"] == "cn/city_employment")
                          & (mr.activity["measure"] == "employees") & (mr.activity["industry"] == "TOTAL")
                          & mr.activity["region_id"].isin(core_in) & mr.activity["year"].isin([y0, y1])]
        t = tot.groupby("year")["value"].sum(min_count=1)
        level_en = level_zh = ""
        if y0 in t.index and y1 in t.index:
            core_en = "; ".join(names.get(c, c) for c in core_in)
            core_zh = "、".join(names_zh.get(c, c) for c in core_in)
            level_en = (f" ({core_en}: total unit employment {t[y0] / 1e6:,.2f} million in {y0}, "
                        f"{t[y1] / 1e6:,.2f} million in {y1})")
            level_zh = f"（{core_zh}单位从业人员合计{y0}年{t[y0] / 1e4:,.0f}万人，{y1}年{t[y1] / 1e4:,.0f}万人）"
        notes.append(Note(
            "The statistical reform of 2012-2013 widened unit employment nationally: levels before "
            f"and after it are not comparable{level_en}; shares are less affected but not immune.",
            f"2012—2013年统计口径调整扩大了单位从业人员的统计范围：调整前后的绝对水平不可比{level_zh}；"
            "占比受影响较小，但并非不受影响。"))

    # Which suspect values reach the core's answer (its manufacturing and APS sections)?
    key = set(aps_codes) | set(mfg_codes)
    sus = flagged[flagged["flag"].isin(_SUSPECT)]
    core_sus = sus[sus["region_id"].isin(core_in)]
    core_key = core_sus[core_sus["industry"].isin(key)]
    group_key = sus[sus["industry"].isin(key)]
    parts_en, parts_zh = [], []
    for (r, y, f), grp in core_sus.sort_values(["year", "region_id", "industry"]).groupby(
            ["region_id", "year", "flag"], sort=False):
        secs = list(grp["industry"])
        what = " ".join(secs) if len(secs) <= 3 else f"{len(secs)} sections"
        what_zh = "、".join(secs) + "门类" if len(secs) <= 3 else f"{len(secs)}个门类"
        parts_en.append(f"{names.get(r, r)} {y} {what}: {_FLAG_EN[f]}")
        parts_zh.append(f"{names_zh.get(r, r)}{y}年{what_zh}{_FLAG_ZH[f]}")
    listing, listing_zh = "; ".join(parts_en), "；".join(parts_zh)
    tables["core_quality"] = pd.DataFrame([{
        "group_id": mr.group_id, "core": " ".join(core_in), "years": f"{y0} {y1}",
        "core_values_flagged": len(core_sus), "core_aps_or_manufacturing_flagged": len(core_key),
        "group_aps_or_manufacturing_flagged": len(group_key), "core_flagged_list": listing}])
    core_en = "; ".join(names.get(c, c) for c in core_in)
    core_zh = "、".join(names_zh.get(c, c) for c in core_in)
    if len(core_key) == 0:
        verdict_en = ("none of them is in manufacturing (C) or the advanced producer services (G, J, L, "
                      "M), so no flagged value of these two years drives the core's answer")
        verdict_zh = "其中没有制造业（C）或高端生产性服务业（G、J、L、M）的数值，因此这两年被标记的数值并未左右核心城市的结论"
    else:
        verdict_en = (f"{len(core_key)} of them in manufacturing or the advanced producer services: "
                      "read the core's answer with care")
        verdict_zh = f"其中{len(core_key)}个属于制造业或高端生产性服务业：解读核心城市的结论需谨慎"
    out.append(Finding(
        f"Section employment of {core_en} in {y0} and {y1}: {len(core_sus)} value(s) fail a plausibility "
        f"check ({listing or 'none'}); {verdict_en}. Across the group {len(group_key)} manufacturing "
        "or advanced-service values do.",
        f"{core_zh}{y0}年和{y1}年的门类就业中有{len(core_sus)}个数值未通过合理性检查（{listing_zh or '无'}）；"
        f"{verdict_zh}。全城市群共有{len(group_key)}个制造业或高端服务业数值未通过检查。",
        "core_quality", float(len(core_key)), column="core_aps_or_manufacturing_flagged",
        where={"group_id": mr.group_id}, quality=quality(core_in, (y0, y1), key)))

    # Breaks in a manufacturing series between the two years (a level shift in an intermediate
    # year) change what the comparison of the two years measures, though no value used is flagged.
    src_rows = mr.activity[(mr.activity["source"] == "cn/city_employment")
                           & (mr.activity["measure"] == "employees")]
    prev = src_rows.set_index(["region_id", "industry", "year"])["value"]

    def breaks(regions_, codes_):
        """Level shifts in (y0, y1] of the given series: rows and (region, section, year, % change)
        sorted by size."""
        b = src_rows[(src_rows["flag"] == "level_shift") & (src_rows["year"] > y0) & (src_rows["year"] <= y1)
                     & src_rows["region_id"].isin(list(regions_)) & src_rows["industry"].isin(list(codes_))]
        found = []
        for r, i, y, v in b[["region_id", "industry", "year", "value"]].itertuples(index=False):
            p0 = prev.get((r, i, y - 1), np.nan)
            found.append((r, i, int(y), 100 * (v / p0 - 1) if p0 and pd.notna(p0) else np.nan))
        found.sort(key=lambda j: -abs(j[3]) if pd.notna(j[3]) else 0)
        return b, found

    core_b, core_jumps = breaks(core_in, key)
    tables["core_quality"]["core_aps_or_manufacturing_breaks"] = len(core_jumps)
    tables["core_quality"]["core_breaks"] = "; ".join(f"{r} {i} {y} {j:+.0f}%" for r, i, y, j in core_jumps)
    if core_jumps:
        n_ref = sum(1 for _, _, y, _ in core_jumps if y in (2012, 2013))
        top = ", ".join(f"{names.get(r, r)} {i} {y} ({j:+.0f}%)" for r, i, y, j in core_jumps[:4])
        top_zh = "、".join(f"{names_zh.get(r, r)} {i}门类{y}年（{j:+.0f}%）" for r, i, y, j in core_jumps[:4])
        out.append(Finding(
            f"Between {y0} and {y1} the core's manufacturing and advanced-service series break "
            f"{len(core_jumps)} times (a change of over 50 % in one year; {n_ref} of them in 2012–2013, "
            f"the statistical reform): {top}. Part of the change from {y0} to {y1} is wider coverage, "
            "not structural change; compare the value-added answer.",
            f"{y0}—{y1}年间，核心城市制造业和高端服务业的序列共有{len(core_jumps)}处断点（某一年变化超过50%；"
            f"其中{n_ref}处在2012—2013年统计口径调整时）：{top_zh}。{y0}年至{y1}年的变化部分来自统计范围扩大，"
            "而非结构变化；请对照按增加值的结论。",
            "core_quality", float(len(core_jumps)), column="core_aps_or_manufacturing_breaks",
            where={"group_id": mr.group_id}, quality=("secondary", "level_shift")))

    # Breaks in a manufacturing series between the two years (a level shift in an intermediate
    # year) change what the comparison of the two years measures, though no value used is flagged.
    brk, jumps4 = breaks(both, mfg_codes)
    jumps = [(r, y, j) for r, _, y, j in jumps4]
    broken = sorted({r for r, _, _ in jumps})
    tables["core_quality"]["members_with_manufacturing_break"] = len(broken)
    tables["core_quality"]["manufacturing_breaks"] = "; ".join(f"{r} {y} {j:+.0f}%" for r, y, j in jumps)
    if broken:
        flagged_breaks = brk.assign(flag="level_shift")
        tables["data_quality"] = quality_table(pd.concat([tables["data_quality"], pd.DataFrame({
            "region_id": flagged_breaks["region_id"], "year": flagged_breaks["year"].astype(int),
            "variable": "employees:" + flagged_breaks["industry"], "source": "cn/city_employment",
            "flag": "level_shift",
            "detail": f"break in the series between the years compared ({y0}-{y1})"})], ignore_index=True))
        n_reform = len({r for r, y, _ in jumps if y in (2012, 2013)})
        gainer_en = gainer_zh = ""
        tg = tables["relocation"]
        tg = tg[(tg["sector"] == "manufacturing") & ~tg["core"]].sort_values("change_pp", ascending=False)
        if len(tg) and tg["region_id"].iloc[0] in broken:
            g = tg["region_id"].iloc[0]
            gy, gj = next((y, j) for r, y, j in jumps if r == g)
            gainer_en = f"; the largest gainer of manufacturing share, {names.get(g, g)}, is one of them ({gy} {gj:+.0f}%)"
            gainer_zh = f"；制造业份额上升最多的{names_zh.get(g, g)}也在其中（{gy}年{gj:+.0f}%）"
        top = ", ".join(f"{names.get(r, r)} {y} ({j:+.0f}%)" for r, y, j in jumps[:3])
        top_zh = "、".join(f"{names_zh.get(r, r)}{y}年（{j:+.0f}%）" for r, y, j in jumps[:3])
        out.append(Finding(
            f"Between {y0} and {y1} the manufacturing employment of {len(broken)} of {len(both)} members "
            f"jumps by more than 50 % in a single year ({n_reform} of them in 2012–2013, the years of "
            f"the statistical reform; largest: {top}){gainer_en}: the relocation figures above partly "
            "measure changes of coverage, not firms moving.",
            f"{y0}—{y1}年间，{len(both)}个成员中有{len(broken)}个的制造业就业在某一年内变化超过50%"
            f"（其中{n_reform}个在2012—2013年统计口径调整时；最大：{top_zh}）{gainer_zh}：上述转移数字部分反映统计范围的变化，而非企业迁移。",
            "core_quality", float(len(broken)), column="members_with_manufacturing_break",
            where={"group_id": mr.group_id}, quality=("secondary", "level_shift")))

    s0, s1 = summary.iloc[0], summary.iloc[1]
    d_m = s1["core_share_manufacturing"] - s0["core_share_manufacturing"]
    d_a = s1["core_share_advanced_services"] - s0["core_share_advanced_services"]
    out.append(Finding(
        f"By unit employment (secondary compilation), the manufacturing share of {core_en} went from "
        f"{_pct(s0['core_share_manufacturing'])} ({y0}) to {_pct(s1['core_share_manufacturing'])} "
        f"({y1}) and the advanced producer services' (information, finance, leasing and business "
        f"services, research and technical services) from {_pct(s0['core_share_advanced_services'])} "
        f"to {_pct(s1['core_share_advanced_services'])}.",
        f"按单位从业人员（二手汇编数据），{core_zh}的制造业占比由{y0}年的{_pct(s0['core_share_manufacturing'])}"
        f"变为{y1}年的{_pct(s1['core_share_manufacturing'])}，高端生产性服务业（信息传输、计算机服务和软件业，金融业，"
        f"租赁和商业服务业，科研、技术服务和地质勘查业）占比由{_pct(s0['core_share_advanced_services'])}"
        f"变为{_pct(s1['core_share_advanced_services'])}。",
        "summary", float(s1["core_share_manufacturing"]), column="core_share_manufacturing",
        where={"year": y1}, quality=quality(core_in, (y0, y1), None)))

    try:
        va = composite_structure(mr, (y0, y1), source="cn/city_panel")
    except MegaregionError as exc:
        notes.append(Note(f"The value-added answer (cn/city_panel) is not available: {exc}",
                          f"无法给出按增加值（cn/city_panel）的结论：{exc}"))
        return _ordered(out)
    v = va.summary()
    tables["value_added"] = v
    # The value-added answer rests on the panel's values: their flags travel with it.
    vq = va.data_quality
    tables["data_quality"] = quality_table(pd.concat([tables["data_quality"], vq], ignore_index=True))
    notes.append(_panel_quality_note(vq, names, names_zh))
    core_flags = set(vq.loc[vq["region_id"].isin(core_in) & vq["year"].isin([y0, y1]), "flag"])
    v0, v1 = v.iloc[0], v.iloc[1]
    dv_s = v1["core_share_secondary"] - v0["core_share_secondary"]
    dv_t = v1["core_share_tertiary"] - v0["core_share_tertiary"]
    agree = np.sign(dv_s) == np.sign(d_m) and np.sign(dv_t) == np.sign(d_a)
    how_en = ("the same direction as section employment" if agree else
              "not the direction section employment shows: the two sources disagree")
    how_zh = "与门类就业所示方向一致" if agree else "与门类就业所示方向不同：两个来源的结论不一致"
    out.append(Finding(
        f"By value added (three sectors, cn/city_panel), the secondary share of {core_en} went from "
        f"{_pct(v0['core_share_secondary'])} ({y0}) to {_pct(v1['core_share_secondary'])} ({y1}) and "
        f"the tertiary from {_pct(v0['core_share_tertiary'])} to {_pct(v1['core_share_tertiary'])}: "
        f"{how_en}.",
        f"按增加值（三次产业，cn/city_panel），{core_zh}的第二产业占比由{y0}年的{_pct(v0['core_share_secondary'])}"
        f"变为{y1}年的{_pct(v1['core_share_secondary'])}，第三产业占比由{_pct(v0['core_share_tertiary'])}"
        f"变为{_pct(v1['core_share_tertiary'])}：{how_zh}。",
        "value_added", float(v1["core_share_tertiary"]), column="core_share_tertiary",
        where={"year": y1}, quality=tuple(f for f in QUALITY_ORDER if f in core_flags - {"suppressed"})))
    return _ordered(out)


def _panel_quality_note(flagged: pd.DataFrame, names: dict, names_zh: dict) -> Note:
    """One note on the quality of the value added used (``cn/city_panel``): a secondary
    compilation, with the count of each flag and the city-years whose sectors do not sum to GDP.

    ``flagged`` has one row per value used that is not plainly observed (columns ``region_id``,
    ``year``, ``flag``), as the ``data_quality`` table."""
    from megaregion.model.quality import secondary_clauses

    n_sec, inc_en, inc_zh = secondary_clauses(flagged.sort_values(["year", "region_id"]), names, names_zh)
    return Note(
        "Quality: value added (cn/city_panel) is a secondary compilation (yearbooks and city "
        "bulletins compiled by data vendors, not an official release, not checked against the "
        f"yearbooks): {n_sec} of the values used are flagged 'secondary'{inc_en} (table "
        "data_quality). Every finding on value added rests on them.",
        "数据质量：增加值（cn/city_panel）为二手汇编数据（由数据商整理自年鉴和城市统计公报，并非官方发布，"
        f"未与年鉴核对）：所用数值中{n_sec}个标记为“二手汇编数据”{inc_zh}（见`data_quality`表）。"
        "所有按增加值得出的结论均以此为依据。")


def _ordered(findings: list[Finding]) -> list[Finding]:
    """The section-level answer first, the value-added answer beside it, then the quality reading."""
    rank = {"summary": 0, "value_added": 1}
    return sorted(findings, key=lambda f: rank.get(f.table, 2))
