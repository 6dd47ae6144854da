"""Groups side by side: size, population, employment and sector mix of each megaregion.

This is the first workflow and what ``megaregion demo`` prints. It answers no question of the
brief by itself; it shows what the data say about each group before the analyses do, with the
basis of every number (which dataset, which measure, how many members have data).

Shares are computed on the sum of sectors that have a value, not on a published total, because
County Business Patterns omit cells with fewer than three establishments and withhold others;
the sector sum and the total therefore differ slightly, and a share must add up to 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from megaregion.analysis.results import Finding, Note, Results
from megaregion.i18n.notes import note_text
from megaregion.model.megaregion import Megaregion
from megaregion.model.quality import QUALITY_FLAGS, flag_label, quality_table
from megaregion.model.sectors import ADVANCED_PRODUCER_SERVICES, FAMILIES, broad_sector_of, naics_family

#: Where each country's numbers come from: (dataset, classification, measure) of sector data,
#: and the population indicators in order of preference.
SECTOR_BASIS = {
    "us": ("us/cbp_metro", "naics2017", "employees"),
    "cn": ("cn/city_panel", "cn-three-sector", "value_added"),
}
POPULATION_INDICATORS = {
    "us": ["population_estimate", "population"],
    "cn": ["population_census", "population_resident"],
}
DEFAULT_YEARS = {"us": [2018, 2019], "cn": [2010, 2019]}
#: Sector sources whose every value is flagged (the data README calls them secondary
#: compilations): their flags travel to the findings and the ``data_quality`` table.
FLAGGED_SECTOR_SOURCES = ("cn/city_panel",)


def _is_sector_code(code: str, classification: str) -> bool:
    if classification.startswith("naics"):
        return (len(code) == 2 and code != "00") or "-" in code
    return True


def _population(mr: Megaregion, year: int) -> tuple[float, int | None, int, str]:
    """Sum of member population for ``year`` (or the nearest year within one year)."""
    level = "county" if mr.country == "us" else "city"
    ids = set(mr.members.loc[mr.members["level"] == level, "region_id"])
    ind = mr.indicators[mr.indicators["region_id"].isin(ids)]
    for name in POPULATION_INDICATORS.get(mr.country, []):
        rows = ind[ind["indicator"] == name]
        for y in (year, year + 1, year - 1):
            hit = rows[rows["year"] == y]
            if len(hit):
                return float(hit["value"].sum()), y, int(hit["region_id"].nunique()), name
    return float("nan"), None, 0, ""


def _sector_rows(mr: Megaregion, year: int) -> tuple[pd.DataFrame, dict]:
    """Sector values of the group's members for one year, with family and broad sector."""
    basis = SECTOR_BASIS.get(mr.country)
    info = {"basis": "", "members_with_data": 0, "suppressed_cells": 0}
    if basis is None:
        return pd.DataFrame(), info
    source, classification, measure = basis
    units = set(mr.units()["region_id"])
    if mr.country == "us":  # metro data carry 2018 codes: use the 2018-vintage members too
        units |= set(mr.members.loc[(mr.members["level"] == "metro"), "region_id"])
    a = mr.activity
    a = a[(a["source"] == source) & (a["measure"] == measure) & (a["year"] == year)
          & (a["classification"] == classification) & a["region_id"].isin(units)]
    a = a[[_is_sector_code(c, classification) for c in a["industry"]]]
    info.update(basis=f"{source}: {measure}", members_with_data=int(a["region_id"].nunique()),
                suppressed_cells=int((a["flag"] == "suppressed").sum()))
    a = a[a["value"].notna()].copy()
    a["family"] = [naics_family(c) if classification.startswith("naics") else None for c in a["industry"]]
    a["broad"] = [broad_sector_of(classification, c) for c in a["industry"]]
    return a, info


def group_profile(groups: list[Megaregion], years: dict[str, list[int]] | None = None) -> Results:
    """Side-by-side profile of several groups for their available years.

    Parameters
    ----------
    groups : the megaregions / clusters to compare.
    years : country -> years to profile (default: US 2018 and 2019, China 2010 and 2019).

    Returns
    -------
    Results with tables ``profile`` (one row per group and year: members, population,
    employment, GDP, broad-sector shares, manufacturing and advanced-producer-services shares,
    and the basis of each), ``family_shares`` (one row per group, year and sector family),
    ``data_quality`` (the Chinese value added used, a secondary compilation: one row per value
    with its flag) and findings in English and Chinese; the Chinese tertiary-share finding
    carries the flags of the values it rests on (``Finding.quality``).

    Notes
    -----
    Share of a sector family f in group g: ``s_f = sum_{r in g} x_{r,f} / sum_{r in g} sum_k x_{r,k}``
    with x the employment (US) or value added (China) of member r in sector k, summed over the
    sectors with a published value. Advanced producer services are the families in
    :data:`megaregion.model.sectors.ADVANCED_PRODUCER_SERVICES`.
    """
    years = years or DEFAULT_YEARS
    profile_rows, family_rows, notes = [], [], []
    dq_parts, flags_by = [], {}
    for mr in groups:
        for year in years.get(mr.country, []):
            pop, pop_year, pop_n, pop_ind = _population(mr, year)
            sectors, info = _sector_rows(mr, year)
            basis = SECTOR_BASIS.get(mr.country, ("",))[0]
            if basis in FLAGGED_SECTOR_SOURCES and len(sectors):
                hit = sectors[sectors["flag"].notna() & ~sectors["flag"].isin(["observed", "suppressed"])]
                flags_by[(mr.group_id, year)] = set(hit["flag"])
                dq_parts.append(pd.DataFrame({
                    "region_id": hit["region_id"], "year": hit["year"].astype(int),
                    "variable": hit["measure"] + ":" + hit["industry"], "source": basis,
                    "flag": hit["flag"], "detail": [flag_label(f) for f in hit["flag"]]}))
            total = sectors["value"].sum() if len(sectors) else np.nan
            broad = sectors.groupby("broad")["value"].sum() / total if len(sectors) else pd.Series(dtype=float)
            row = {
                "group_id": mr.group_id, "group": mr.name, "group_zh": mr.name_zh,
                "country": mr.country, "year": year, "members": len(mr.units("2023") if mr.country == "us" else mr.units()),
                "population": pop, "population_year": pop_year, "population_members": pop_n,
                "population_indicator": pop_ind,
                "sector_basis": info["basis"], "sector_members": info["members_with_data"],
                "suppressed_cells": info["suppressed_cells"],
                "employment": np.nan, "gdp_cny_100m": np.nan, "gdp_members": 0,
                "share_primary": broad.get("primary", np.nan) if len(broad) else np.nan,
                "share_secondary": broad.get("secondary", np.nan) if len(broad) else np.nan,
                "share_tertiary": broad.get("tertiary", np.nan) if len(broad) else np.nan,
                "share_manufacturing": np.nan, "share_advanced_services": np.nan,
            }
            if mr.country == "us" and len(sectors):
                row["employment"] = float(total)
                fam = sectors.groupby("family")["value"].sum() / total
                row["share_manufacturing"] = float(fam.get("manufacturing", 0.0))
                row["share_advanced_services"] = float(fam[fam.index.isin(ADVANCED_PRODUCER_SERVICES)].sum())
                for f, share in fam.items():
                    family_rows.append({"group_id": mr.group_id, "year": year, "family": f,
                                        "family_label": FAMILIES[f][0], "family_label_zh": FAMILIES[f][1],
                                        "employees": float(sectors.loc[sectors["family"] == f, "value"].sum()),
                                        "share": float(share)})
            if mr.country == "cn":
                ind = mr.indicators
                gdp = ind[(ind["indicator"] == "gdp") & (ind["unit"] == "cny_100m") & (ind["year"] == year)
                          & ind["region_id"].isin(mr.units()["region_id"])]
                row["gdp_cny_100m"] = float(gdp["value"].sum()) if len(gdp) else np.nan
                row["gdp_members"] = int(gdp["region_id"].nunique())
            profile_rows.append(row)
            # Members that carry population in some year (Connecticut's planning regions never do:
            # its population is under the former counties, also members).
            ind = mr.indicators
            with_pop = ind.loc[ind["indicator"] == pop_ind, "region_id"] if pop_ind else pd.Series(dtype=str)
            n_level = len(set(with_pop) & set(mr.members["region_id"]))
            if pop_year is not None and pop_n < n_level:
                notes.append(Note(
                    f"{mr.group_id} {year}: population ({pop_ind}, {pop_year}) covers {pop_n} of "
                    f"{n_level} member {'counties' if mr.country == 'us' else 'cities'}.",
                    f"{mr.group_id} {year}年：人口（{pop_ind}，{pop_year}年）仅覆盖{n_level}个成员"
                    f"{'县' if mr.country == 'us' else '城市'}中的{pop_n}个。"))
        notes.extend(Note(f"{mr.group_id}: {n}", f"{mr.group_id}：{note_text(n, 'zh')}") for n in mr.notes)
    cn_groups = [g.group_id for g in groups if g.country == "cn"]
    if cn_groups:
        notes.append(Note(
            f"{', '.join(cn_groups)}: this overview uses the Chinese cities' value added by three "
            "sectors, so broad-sector shares are shares of value added and manufacturing and "
            "advanced-services shares are not shown; employment by industry section (a secondary "
            "compilation) is used by `megaregion structure GROUP --level section`.",
            f"{', '.join(cn_groups)}：本概况使用中国城市的三次产业增加值，三次产业占比为增加值占比，"
            "不显示制造业和高端生产性服务业占比；分行业门类的从业人员（二手汇编数据）见"
            "`megaregion structure GROUP --level section`。"))
    profile = pd.DataFrame(profile_rows)
    families = pd.DataFrame(family_rows, columns=["group_id", "year", "family", "family_label",
                                                  "family_label_zh", "employees", "share"])
    dq = quality_table(pd.concat(dq_parts, ignore_index=True) if dq_parts else None)
    dq = dq.drop_duplicates(["region_id", "year", "variable", "source"], ignore_index=True)
    if len(dq):
        names, names_zh = {}, {}
        for mr in groups:
            m = mr.members.drop_duplicates("region_id").set_index("region_id")
            names.update(m["name"].dropna().to_dict())
            names_zh.update(m["name_zh"].dropna().to_dict())
        from megaregion.model.quality import secondary_clauses

        n_sec, inc_en, inc_zh = secondary_clauses(dq, names, names_zh)
        srcs = ", ".join(sorted(set(dq["source"])))
        notes.append(Note(
            f"Quality: Chinese value added and GDP ({srcs}) are a secondary compilation (yearbooks "
            "and city bulletins compiled by data vendors, not an official release, not checked "
            f"against the yearbooks): {n_sec} of the value-added values used are flagged "
            f"'secondary'{inc_en} (table data_quality).",
            f"数据质量：中国城市的增加值和GDP（{srcs}）为二手汇编数据（由数据商整理自年鉴和城市统计公报，"
            f"并非官方发布，未与年鉴核对）：所用增加值数值中{n_sec}个标记为“二手汇编数据”{inc_zh}"
            "（见`data_quality`表）。"))
    findings = _findings(profile, flags_by)
    if any(g.country == "us" for g in groups):
        notes.append(Note(
            "US shares are of employment summed over 2-digit NAICS sectors with a published "
            "value (County Business Patterns by metro); cells withheld or omitted for "
            "confidentiality are not in the sum.",
            "美国各占比以已公布的NAICS两位数行业就业之和为分母（County Business Patterns都市区数据）；"
            "因保密而隐去或未公布的单元不计入。"))
        notes.append(Note(
            "At 2 digits NAICS 54 (professional, scientific and technical services) counts whole "
            "under 'Business and professional services'; R&D, engineering and testing, China's "
            "section M, are separated only at 4 digits (docs/sector-crosswalk.md).",
            "在两位数层级，NAICS 54（专业、科学和技术服务）整体计入“租赁和商务服务业”；与中国M门类"
            "（科学研究和技术服务业）对应的研发、工程和检测服务只在四位数层级分开（见docs/sector-crosswalk.md）。"))
    return Results("Groups side by side", "城市群概况对比",
                   {"profile": profile, "family_shares": families, "data_quality": dq},
                   "profile", findings, notes)


def _pct(x: float) -> str:
    return "n/a" if pd.isna(x) else f"{100 * x:.1f}%"


def _findings(profile: pd.DataFrame, flags_by: dict | None = None) -> list[Finding]:
    """Findings per group; ``flags_by`` maps (group, year) to the quality flags of the sector
    values of that year (Chinese value added), carried by the share findings that rest on them."""
    flags_by = flags_by or {}
    out: list[Finding] = []
    for gid, g in profile.groupby("group_id", sort=False):
        g = g.sort_values("year")
        last = g.iloc[-1]
        if last["country"] == "us" and pd.notna(last["share_advanced_services"]):
            out.append(Finding(
                f"{last['group']}: advanced producer services hold {_pct(last['share_advanced_services'])} "
                f"and manufacturing {_pct(last['share_manufacturing'])} of employment in {last['year']}.",
                f"{last['group_zh']}：{last['year']}年高端生产性服务业就业占比{_pct(last['share_advanced_services'])}，"
                f"制造业占比{_pct(last['share_manufacturing'])}。",
                "profile", float(last["share_advanced_services"]),
                column="share_advanced_services", where={"group_id": gid, "year": last["year"]}))
        if len(g) > 1 and pd.notna(g.iloc[0]["share_tertiary"]) and pd.notna(last["share_tertiary"]):
            first = g.iloc[0]
            change = last["share_tertiary"] - first["share_tertiary"]
            basis_en = "employment" if last["country"] == "us" else "value added"
            basis_zh = "就业" if last["country"] == "us" else "增加值"
            # Changes under half a percentage point are reported as stable, not as a trend.
            direction_en = "was stable" if abs(change) < 0.005 else ("rose" if change > 0 else "fell")
            direction_zh = "基本稳定" if abs(change) < 0.005 else ("上升" if change > 0 else "下降")
            found = flags_by.get((gid, first["year"]), set()) | flags_by.get((gid, last["year"]), set())
            out.append(Finding(
                f"{last['group']}: the tertiary share of {basis_en} {direction_en}: "
                f"{_pct(first['share_tertiary'])} in {first['year']}, {_pct(last['share_tertiary'])} in {last['year']}.",
                f"{last['group_zh']}：第三产业{basis_zh}占比{direction_zh}，{first['year']}年为{_pct(first['share_tertiary'])}，"
                f"{last['year']}年为{_pct(last['share_tertiary'])}。",
                "profile", float(last["share_tertiary"]),
                column="share_tertiary", where={"group_id": gid, "year": last["year"]},
                quality=tuple(f for f in QUALITY_FLAGS if f in found - {"suppressed"})))
    return out
