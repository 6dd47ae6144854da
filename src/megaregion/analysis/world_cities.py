"""How open is the system internationally? The megaregions' cities in the world city network.

Taylor's interlocking network model (:mod:`megaregion.metrics.interlocking`) turns GaWC's
firm × city service values (Data Set 11: 100 advanced producer service firms in 315 cities,
2000) into city-pair connectivities and each city's global network connectivity (GNC). This
workflow computes them from the store, ranks the cities, and sets the brief's cities (the US
megaregion cores, Shanghai and the Yangtze River Economic Belt's centres) against GaWC's
published GNC ranking of 2020 (Data Set 31), so a planner sees how far each is plugged into the
global service network and how that changed.
"""

from __future__ import annotations

import pandas as pd

from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError
from megaregion.metrics.interlocking import interlocking_connectivity, interlocking_table

#: Cities the brief names or that anchor its groups, by GaWC id (world:slug).
BRIEF_CITIES = {
    "world:new-york": ("New York", "纽约"), "world:boston": ("Boston", "波士顿"),
    "world:washington": ("Washington", "华盛顿"), "world:philadelphia": ("Philadelphia", "费城"),
    "world:chicago": ("Chicago", "芝加哥"), "world:detroit": ("Detroit", "底特律"),
    "world:los-angeles": ("Los Angeles", "洛杉矶"), "world:san-francisco": ("San Francisco", "旧金山"),
    "world:shanghai": ("Shanghai", "上海"), "world:beijing": ("Beijing", "北京"),
    "world:nanjing": ("Nanjing", "南京"), "world:hangzhou": ("Hangzhou", "杭州"),
    "world:wuhan": ("Wuhan", "武汉"), "world:changsha": ("Changsha", "长沙"),
    "world:chengdu": ("Chengdu", "成都"), "world:chongqing": ("Chongqing", "重庆"),
}


def world_city_network(store, top: int = 20) -> Results:
    """GNC of the 315 GaWC cities in 2000 (computed) and the brief's cities in 2000 and 2020.

    Returns
    -------
    Results with tables ``summary`` (the brief's cities: GNC 2000 computed here, rank of 315;
    GNC 2020 as published by GaWC, rank of 707), ``ranking`` (all cities, 2000), ``top_pairs``
    (strongest city-pair connectivities), and findings.

    Notes
    -----
    ``r_ab = Σ_j v_aj v_bj`` (city-pair connectivity), ``GNC_a = Σ_{b≠a} r_ab``, relative GNC =
    GNC / max GNC (Taylor 2001, *Geographical Analysis* 33(2):181-194). 2020 values are GaWC's own
    (Derudder & Taylor, Data Set 31); the 2020 service values are not public, so 2020 cannot be
    recomputed here. The 2000 and 2020 rankings cover different city sets (315 vs 707).
    """
    act = store.activity_rows("links/gawc_ds11", "service_value", 2000)
    if act.empty:
        raise MegaregionError("GaWC Data Set 11 is not in the store: `megaregion data import --dataset links/gawc_ds11`")
    V = act.pivot(index="region_id", columns="industry", values="value").fillna(0.0)
    regions = store.table("regions")
    wc = regions.filter(regions.level == "world_city").select("region_id", "name").to_pandas()
    names = dict(zip(wc["region_id"], wc["name"]))
    table = interlocking_table(V).rename(columns={"city": "region_id"})
    table.insert(1, "city", table["region_id"].map(names))
    gnc_col, rel_col, rank_col = "gnc", "gnc_relative", "rank"
    table = table.sort_values(rank_col).reset_index(drop=True)
    R = interlocking_connectivity(V)
    R = pd.DataFrame(R, index=V.index, columns=V.index) if not isinstance(R, pd.DataFrame) else R
    pairs = R.where(pd.DataFrame(
        [[i < j for j in range(len(R))] for i in range(len(R))], index=R.index, columns=R.columns)).stack()
    top_pairs = pairs.sort_values(ascending=False).head(top).reset_index()
    top_pairs.columns = ["city_a", "city_b", "connectivity"]
    top_pairs["city_a"] = top_pairs["city_a"].map(names)
    top_pairs["city_b"] = top_pairs["city_b"].map(names)

    ind = store.table("indicators")
    pub = ind.filter((ind.source == "links/gawc_gnc_2020") & ind.region_id.startswith("world:")).select(
        "region_id", "indicator", "value").to_pandas()
    pub = pub.pivot_table(index="region_id", columns="indicator", values="value", aggfunc="first")
    by_id = table.set_index("region_id")
    rows = []
    for rid, (en, zh) in BRIEF_CITIES.items():
        rows.append({
            "region_id": rid, "city": en, "city_zh": zh,
            "gnc_2000": by_id[gnc_col].get(rid), "gnc_2000_relative": by_id[rel_col].get(rid),
            "rank_2000_of_315": by_id[rank_col].get(rid),
            "gnc_2020_relative_pct": pub["gnc_relative_pct"].get(rid) if "gnc_relative_pct" in pub else None,
            "rank_2020_of_707": pub["gnc_rank"].get(rid) if "gnc_rank" in pub else None,
        })
    summary = pd.DataFrame(rows)
    findings = []
    lead = table.head(2)
    findings.append(Finding(
        f"World city network 2000 (GaWC Data Set 11, computed): {lead['city'].iloc[0]} ranks 1, "
        f"{lead['city'].iloc[1]} 2 of {len(table)} cities.",
        f"2000年世界城市网络（GaWC第11数据集，本系统计算）：{_zh(lead, 0)}居第1位，{_zh(lead, 1)}居第2位"
        f"（共{len(table)}个城市）。",
        "ranking", float(lead[rank_col].iloc[0]),
        column=rank_col, where={"region_id": lead["region_id"].iloc[0]}))
    s = summary.set_index("region_id")
    for rid in ("world:new-york", "world:chicago", "world:los-angeles", "world:shanghai", "world:wuhan", "world:chengdu"):
        r = s.loc[rid]
        r00 = "not among the 315 cities" if pd.isna(r["rank_2000_of_315"]) else f"rank {int(r['rank_2000_of_315'])} of 315"
        r00zh = "未列入315个城市" if pd.isna(r["rank_2000_of_315"]) else f"315个城市中第{int(r['rank_2000_of_315'])}位"
        r20 = "not ranked" if pd.isna(r["rank_2020_of_707"]) else f"rank {int(r['rank_2020_of_707'])} of 707"
        r20zh = "未列入" if pd.isna(r["rank_2020_of_707"]) else f"707个城市中第{int(r['rank_2020_of_707'])}位"
        findings.append(Finding(f"{r['city']}: 2000 {r00}; 2020 {r20} (GaWC).",
                                f"{r['city_zh']}：2000年{r00zh}；2020年{r20zh}（GaWC）。", "summary",
                                None if pd.isna(r["rank_2020_of_707"]) else float(r["rank_2020_of_707"]),
                                column="rank_2020_of_707", where={"region_id": rid}))
    notes = [Note("GNC 2000 is computed here from GaWC Data Set 11 (Taylor & Catalano); GNC 2020 is GaWC's "
                  "published ranking (Data Set 31, Derudder & Taylor). Cite GaWC as its protocol asks.",
                  "2000年全球网络连接度由本系统根据GaWC第11数据集（Taylor & Catalano）计算；2020年为GaWC公布的排名"
                  "（第31数据集，Derudder & Taylor）。请按GaWC要求注明出处。"),
             Note("The two rankings cover different cities (315 in 2000, 707 in 2020): compare ranks with care.",
                  "两次排名覆盖的城市不同（2000年315个，2020年707个），比较名次时需谨慎。")]
    return Results("World city network: openness of the megaregions' cities", "世界城市网络：城市的国际开放度",
                   {"summary": summary, "ranking": table, "top_pairs": top_pairs}, "summary", findings, notes,
                   command="world-cities")


def _zh(lead: pd.DataFrame, i: int) -> str:
    """The Chinese name of row ``i``'s city (the English one where none is known)."""
    from megaregion.i18n.values import WORLD_CITIES_ZH

    return WORLD_CITIES_ZH.get(lead["region_id"].iloc[i], lead["city"].iloc[i])
