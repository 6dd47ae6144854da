"""Synergy in a megaregion's knowledge base: geography × technology × organisation (brief, feature 4).

The regional version of the triple helix (Leydesdorff, Dolfsma & Van der Panne 2006): firms
(establishments) are counted by place (county), technology (NAICS sector) and organisation size
(employment size class), and the mutual information among the three, T(GTO), measures how much
the three distributions reduce each other's uncertainty. More negative = more synergy, i.e. the
places, sectors and firm sizes fit together into a system rather than varying independently. The
contribution of each metro follows Leydesdorff & Fritsch (2006): T = T_0 + Σ (n_i/N) T_i.

Data: establishments by size class come from the Census Bureau's official CBP county files
(``megaregion data fetch cbp --years 2019``), which the shared data folder does not hold (its
CBP extract has no size classes). Chinese cities have no firm-size distribution in the data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError
from megaregion.metrics.triplehelix import synergy_by_group
from megaregion.model.megaregion import Megaregion
from megaregion.model.schema import SIZE_MEASURES


_FETCH = "megaregion data fetch cbp --years {year} --level county"


def _source(store, year: int | None) -> tuple[str, int]:
    """The CBP county dataset holding size classes for ``year`` (default: the latest)."""
    found = store.con.execute(
        "SELECT DISTINCT source, year FROM activity WHERE measure = ? AND source LIKE 'census/cbp%co' "
        "ORDER BY year", [SIZE_MEASURES[0]]).fetchall()
    if year is not None:
        found = [f for f in found if f[1] == year]
    if not found:
        which = f" for {year}" if year is not None else ""
        raise MegaregionError(
            f"no establishments by size class{which} in the store: they come from the Census "
            f"Bureau's official county files; run `{_FETCH.format(year=year or 2019)}` (the shared "
            "data folder's CBP extract has no size classes)")
    return found[-1]


def _group_table(store, mr: Megaregion, source: str, year: int):
    """County × sector × size-class counts for a group's counties, and the counties' metros."""
    counties = mr.members[mr.members["level"] == "county"]
    if counties.empty:
        raise MegaregionError(f"{mr.group_id} has no county members; the synergy needs counties "
                              "(US megaregions)")
    ids = counties["region_id"].tolist()
    rows = store.con.execute(
        "SELECT region_id, industry, measure, value, flag FROM activity WHERE source = ? AND year = ? "
        "AND measure IN (SELECT unnest(?)) AND region_id IN (SELECT unnest(?)) AND industry <> '00'",
        [source, year, list(SIZE_MEASURES), ids]).df()
    # a county with an unknown size-class count has an unknown distribution: left out, said
    unknown = sorted(rows.loc[rows["flag"] == "suppressed", "region_id"].unique())
    rows = rows[~rows["region_id"].isin(unknown)]
    if rows.empty:
        raise MegaregionError(f"{source} has no size-class counts for the counties of {mr.group_id}")
    cube = rows.pivot_table(index=["region_id", "industry"], columns="measure", values="value",
                            aggfunc="sum", fill_value=0.0)
    cube = cube.reindex(columns=list(SIZE_MEASURES), fill_value=0.0)
    geo = sorted(rows["region_id"].unique())
    sectors = sorted(rows["industry"].unique())
    full = cube.reindex(pd.MultiIndex.from_product([geo, sectors]), fill_value=0.0)
    table = full.to_numpy().reshape(len(geo), len(sectors), len(SIZE_MEASURES))
    # the newest delineation a county has (Connecticut's planning regions exist only in 2023)
    c = counties.set_index("region_id")
    metro = c["metro_2023"].where(c["metro_2023"].notna(), c["metro_2018"])
    missing = sorted(set(ids) - set(geo) - set(unknown))
    return table, geo, sectors, metro, missing, unknown


def knowledge_base_synergy(store, groups: list[str], *, year: int | None = None,
                           top: int = 5) -> Results:
    """T(GTO) of each group's establishments and each metro's contribution.

    Parameters
    ----------
    store : the store, with an official CBP county file imported (size classes).
    groups : US group ids (their county members are the geographical units).
    year : CBP year (default: the latest with size classes).
    top : how many metros to name per group in the findings.

    Returns
    -------
    Results with tables ``summary`` (per group: counties, establishments, sectors, the
    bilateral T_GT, T_GO, T_TO and T_GTO in millibits, the between-metro term T_0) and
    ``metros`` (per group and metro: counties, establishments, share, T_i, contribution
    (n_i/N)·T_i in millibits, rank by contribution, most synergy first).

    Notes
    -----
    :math:`T_{GTO}=H_G+H_T+H_O-H_{GT}-H_{GO}-H_{TO}+H_{GTO}` (Leydesdorff, Dolfsma & Van der
    Panne 2006, Research Policy 35: 181–199) over establishments by county (G), NAICS sector (T)
    and nine employment size classes (O); metro decomposition after Leydesdorff & Fritsch (2006,
    Research Policy 35: 1538–1553), counties grouped by their metro (the 2023 delineation where
    the county has one, else 2018; non-metro counties as one group per state). Counties with a
    size-class count not available (``N``) are left out and named in the notes.
    """
    groups = list(dict.fromkeys(groups))
    if not groups:
        raise MegaregionError("name at least one group, e.g. us-boswash")
    source, year = _source(store, year)
    summary_rows, metro_parts, findings, notes = [], [], [], []
    reg = store.con.execute("SELECT region_id, name, name_zh FROM regions").df().set_index("region_id")
    names, names_zh = reg["name"], reg["name_zh"]

    def label(metro: str, lang: str) -> str:
        """A metro's name; 'non-metro SS' groups named by their state."""
        if metro.startswith("non-metro "):
            state = f"us-state:{metro[-2:]}"
            st = names.get(state, metro[-2:])
            zh = names_zh.get(state)
            return f"non-metro counties of {st}" if lang == "en" else \
                f"{zh if isinstance(zh, str) and zh else st}非都市区各县"
        found = (names_zh if lang == "zh" else names).get(metro)
        return found if isinstance(found, str) and found else names.get(metro, metro)

    for gid in groups:
        mr = store.group(gid)
        table, geo, sectors, metro_of, missing, unknown = _group_table(store, mr, source, year)
        labels = [metro_of.get(c) if isinstance(metro_of.get(c), str) and metro_of.get(c)
                  else f"non-metro {c[3:5]}" for c in geo]
        whole, parts = synergy_by_group(table, labels)
        mi = whole.mutual_information
        between = float(parts.loc[parts["group"] == "between", "contribution_bits"].iloc[0])
        summary_rows.append({
            "group_id": mr.group_id, "name": mr.name, "name_zh": mr.name_zh, "year": year,
            "counties": len(geo), "counties_without_data": len(missing),
            "establishments": int(whole.n), "sectors": len(sectors),
            "T_GT_mbits": 1000 * mi[("geography", "technology")],
            "T_GO_mbits": 1000 * mi[("geography", "organization")],
            "T_TO_mbits": 1000 * mi[("technology", "organization")],
            "T_GTO_mbits": 1000 * whole.T, "between_metros_mbits": 1000 * between,
        })
        m = parts[parts["group"] != "between"].copy()
        m.insert(0, "group_id", mr.group_id)
        m["metro_name"] = [label(g, "en") for g in m["group"]]
        m["metro_name_zh"] = [label(g, "zh") for g in m["group"]]
        m["T_mbits"] = 1000 * m.pop("T_bits")
        m["contribution_mbits"] = 1000 * m.pop("contribution_bits")
        m = m.rename(columns={"group": "metro", "units": "counties", "n": "establishments"})
        m = m.sort_values("contribution_mbits").reset_index(drop=True)
        m["rank"] = np.arange(1, len(m) + 1)
        metro_parts.append(m[["group_id", "rank", "metro", "metro_name", "metro_name_zh", "counties",
                              "establishments", "share", "T_mbits", "contribution_mbits"]])
        if missing:
            notes.append(Note(
                f"{mr.group_id}: {len(missing)} member counties have no {source} rows "
                f"(e.g. {', '.join(missing[:3])}); county codes change between vintages "
                "(Connecticut's 8 counties became 9 planning regions in 2022; the group lists both).",
                f"{mr.group_id}：{len(missing)}个成员县在{source}中没有记录（如{'、'.join(missing[:3])}）；"
                "县代码随版本变化（康涅狄格州的8个县于2022年改为9个规划区，城市群成员两者都列）。"))
        if unknown:
            notes.append(Note(
                f"{mr.group_id}: {len(unknown)} counties with a size-class count not available "
                f"(N) are left out: {', '.join(unknown)}.",
                f"{mr.group_id}：{len(unknown)}个县有规模等级计数不可得（N），未纳入：{'、'.join(unknown)}。"))
        lead = m[m["contribution_mbits"] < 0].head(top)
        if not lead.empty:
            listed = ", ".join(f"{r.metro_name} ({r.contribution_mbits:.1f})" for r in lead.itertuples())
            listed_zh = "、".join(f"{r.metro_name_zh}（{r.contribution_mbits:.1f}）" for r in lead.itertuples())
            findings.append(Finding(
                f"{mr.name}: T(GTO) = {1000 * whole.T:.1f} mbit over {len(geo)} counties, "
                f"{int(whole.n):,} establishments; the metros adding most synergy: {listed}.",
                f"{mr.name_zh or mr.name}：T(GTO) = {1000 * whole.T:.1f}毫比特（{len(geo)}个县，"
                f"{int(whole.n):,}家企业）；贡献协同最多的都市区：{listed_zh}。",
                "metros", float(lead["contribution_mbits"].iloc[0]), column="contribution_mbits",
                where={"group_id": mr.group_id, "metro": lead["metro"].iloc[0]}))
    summary = pd.DataFrame(summary_rows)
    if len(summary) >= 2:
        best = summary.loc[summary["T_GTO_mbits"].idxmin()]
        findings.insert(0, Finding(
            f"Most negative T(GTO), i.e. most synergy in the knowledge base (see the note on comparing "
            f"groups): {best['name']} (T(GTO) = {best['T_GTO_mbits']:.1f} mbit; "
            + ", ".join(f"{r.name} {r.T_GTO_mbits:.1f}" for r in summary.itertuples()) + ").",
            f"T(GTO)最负、即知识基础协同最强的是{best['name_zh'] or best['name']}（T(GTO) = {best['T_GTO_mbits']:.1f}毫比特；"
            + "，".join(f"{r.name_zh or r.name} {r.T_GTO_mbits:.1f}" for r in summary.itertuples()) + "）。",
            "summary", float(best["T_GTO_mbits"]), column="T_GTO_mbits",
            where={"group_id": best["group_id"]}))
    notes[:0] = [
        Note(f"Establishments by county, NAICS sector ({source}, {year}) and nine employment size "
             "classes. T in millibits; more negative T(GTO) = more synergy among place, technology "
             "and firm size (Leydesdorff, Dolfsma & Van der Panne 2006).",
             f"按县、NAICS部门（{source}，{year}年）和9个就业规模等级统计的企业数。T以毫比特计；"
             "T(GTO)越负，地域、技术与企业规模之间的协同越强（Leydesdorff, Dolfsma & Van der Panne 2006）。"),
        Note("Metro contributions (n_i/N)·T_i after Leydesdorff & Fritsch (2006); counties outside "
             "a metro form one group per state; 'between' is what the metros' differences add. "
             "T values grow in size with the number of units and categories: compare groups with care.",
             "都市区贡献(n_i/N)·T_i按Leydesdorff & Fritsch (2006)计算；不属于都市区的县按州合为一组；"
             "between为都市区之间差异的贡献。T的大小随单元和类别数增加：比较不同城市群时需谨慎。"),
    ]
    return Results(
        title=f"Knowledge-base synergy (geography × technology × size), {year}",
        title_zh=f"知识基础协同（地域×技术×规模），{year}年",
        tables={"summary": summary, "metros": pd.concat(metro_parts, ignore_index=True)},
        summary_table="summary", finding_list=findings, notes=notes, command="synergy")
