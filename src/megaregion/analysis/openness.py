"""Openness of a group and its members: world city network, FDI, links that leave the group.

For one group this workflow puts side by side, per member and for the group:

* **GaWC connectivity**: GNC 2000 computed from GaWC Data Set 11 (Taylor's interlocking network
  model, :mod:`megaregion.metrics.interlocking`), GaWC's published GNC and rank of 2020 (Data
  Set 31), and the rank change among the cities in both sets. Members are matched to GaWC cities
  by the reviewed table ``model/reference/gawc_members.csv``; a member without a GaWC city is
  "not in the GaWC set", never GNC 0.
* **FDI actually used relative to GDP** (Chinese cities, 2000 to ``year``) from the secondary
  city panel, converted with the NBS annual average exchange rate
  (``model/reference/cny_per_usd_annual_average.csv``); per city the first and last year and the
  change, and the group's ratio on the cities observed in both years.
* **Links that leave the group** (:func:`megaregion.metrics.openness.outside_share`): US
  technology transfer between metros (out and in), ACS commuting and IRS migration between
  counties (out and in); Chinese high-tech firm links (undirected) and Baidu out-migration
  shares (out).
* **What is missing**, per member (table ``gaps``) and in the notes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError
from megaregion.metrics.interlocking import interlocking_table
from megaregion.metrics.openness import fdi_gdp_pct, outside_share

DATA = Path(__file__).parents[1] / "model" / "reference"
#: DS11 ids whose DS31 (2020) city has another id (DS11 spellings); the member table adds its own.
DS11_TO_2020 = {"world:shenzen": "world:shenzhen"}
#: Baidu window: before Wuhan's lockdown (23 January 2020), still the Spring Festival rush.
BAIDU_WINDOW = ("2020-01-01", "2020-01-22")
TECH_PERIOD = "2000-2023"
#: A member is named most or least open only with at least this link weight (counts, persons).
MIN_LINKS = 30
#: Old metro codes in the technology-transfer file and the 2023 metro they are (links/README.md).
TT_ALIASES = {"us-cbsa:17410": "us-cbsa:17460"}

KIND_TEXT_ZH = {"tech_transfer": "技术转移", "commuting": "通勤", "migration": "人口迁移",
                "firm_link": "高技术企业联系", "baidu": "百度迁徙"}
KIND_TEXT = {  # kind, direction -> (English, Chinese) of what is counted
    ("tech_transfer", "out"): ("technology transfers sent to other metros", "向其他都市区转出的技术转移"),
    ("tech_transfer", "in"): ("technology transfers received from other metros", "从其他都市区转入的技术转移"),
    ("commuting", "out"): ("residents commuting to work in another metro or county", "到其他都市区或县就业的通勤者"),
    ("commuting", "in"): ("workers commuting in from another metro or county", "从其他都市区或县来此就业的通勤者"),
    ("migration", "out"): ("people moving out to another metro or county", "迁往其他都市区或县的人口"),
    ("migration", "in"): ("people moving in from another metro or county", "从其他都市区或县迁入的人口"),
    ("firm_link", "both"): ("high-tech firm links with other cities", "与其他城市的高技术企业联系"),
    ("baidu", "out"): ("Baidu out-migration to other cities", "百度迁徙迁出人口"),
}


def _rates() -> pd.Series:
    r = pd.read_csv(DATA / "cny_per_usd_annual_average.csv")
    return r.set_index("year")["cny_per_100_usd"]


def gawc_members() -> pd.DataFrame:
    """The reviewed member → GaWC city table (see ``model/reference/README.md``)."""
    return pd.read_csv(DATA / "gawc_members.csv", dtype=str).fillna("")


def openness(store, group: str, year: int | None = None) -> Results:
    """Openness of a group: GaWC connectivity, FDI/GDP (China), and links leaving the group.

    Parameters
    ----------
    store : an open :class:`~megaregion.store.Store`.
    group : group id.
    year : last year of the FDI trend (China); default the latest year in which at least half
        of the members with any FDI value have one.

    Returns
    -------
    Results with tables ``summary`` (group row first, then one row per member), ``gawc``,
    ``fdi`` (city-years), ``fdi_trend``, ``outside_links`` (per kind, direction and member, plus
    the group), ``gaps`` (what is missing per member) and ``data_quality``.
    """
    mr = store.group(group)
    cities = mr.cities()
    if cities.empty:
        raise MegaregionError(f"{mr.group_id}: the group has no member cities")
    ids = cities["region_id"].tolist()
    names = cities.set_index("region_id")["name"].to_dict()
    names_zh = {r: (z if isinstance(z, str) and z else names[r])
                for r, z in cities.set_index("region_id")["name_zh"].items()}
    country = mr.country
    notes: list = list(mr.notes)
    findings: list[Finding] = []
    gid = mr.group_id
    gname, gname_zh = mr.label("en"), mr.label("zh")

    gawc, gawc_notes = _gawc(store, cities)
    notes += gawc_notes
    fdi = fdi_trend = pd.DataFrame()
    quality = []
    if country == "cn":
        fdi, fdi_trend, year, fdi_notes, quality = _fdi(store, mr, cities, year, names, names_zh)
        notes += fdi_notes
    elif year is not None:
        raise MegaregionError(f"--year sets the last year of the FDI trend of Chinese cities; {gid} is a US "
                              "group and there is no FDI by US metro")
    links, link_notes = _links(store, mr, cities)
    notes += link_notes

    # -- summary ------------------------------------------------------------------------------
    rows = []
    for rid in [gid] + ids:
        is_group = rid == gid
        row = {"region_id": rid, "name": gname if is_group else names[rid],
               "name_zh": gname_zh if is_group else names_zh[rid],
               "role": "group" if is_group else cities.set_index("region_id")["role"].get(rid)}
        if is_group:
            g = gawc
            row["gawc_status"] = f"{int((g['gawc_status'] != 'not_in_gawc').sum())}/{len(g)}"
            row["rank_2020_of_707"] = g["rank_2020_of_707"].min() if g["rank_2020_of_707"].notna().any() else np.nan
        else:
            g = gawc.set_index("region_id").loc[rid]
            row["gawc_status"] = g["gawc_status"]
            row["rank_2020_of_707"] = g["rank_2020_of_707"]
        row["rank_change_common"] = np.nan if is_group else gawc.set_index("region_id").loc[rid, "rank_change_common"]
        if country == "cn":
            t = fdi_trend.set_index("region_id")
            row["fdi_gdp_pct_last"] = t["fdi_gdp_pct_last"].get(rid, np.nan)
            row["fdi_gdp_change_pp"] = t["fdi_gdp_change_pp"].get(rid, np.nan)
        for (kind, direction), part in links.groupby(["kind", "direction"], sort=False):
            if direction == "in":
                continue
            s = part.set_index("region_id")["outside_share"]
            row[f"{kind}_outside_pct"] = 100 * s.get(rid, np.nan)
        rows.append(row)
    summary = pd.DataFrame(rows)

    # -- gaps ---------------------------------------------------------------------------------
    gaps = []
    for rid in ids:
        st = gawc.set_index("region_id").loc[rid, "gawc_status"]
        if st in ("not_in_gawc", "ambiguous_gawc_name"):
            gaps.append({"region_id": rid, "item": "gawc", "status": st})
        elif st == "gawc_2020_only":
            gaps.append({"region_id": rid, "item": "gawc_2000", "status": "not_in_gawc_2000"})
        if country == "us":
            gaps.append({"region_id": rid, "item": "fdi", "status": "no_fdi_by_us_metro"})
        elif rid not in set(fdi_trend.loc[fdi_trend["fdi_gdp_pct_last"].notna(), "region_id"]):
            gaps.append({"region_id": rid, "item": "fdi", "status": "no_fdi_in_panel"})
        for (kind, direction), part in links.groupby(["kind", "direction"], sort=False):
            if rid not in set(part.loc[part["total"] > 0, "region_id"]):
                gaps.append({"region_id": rid, "item": kind, "status": "no_links_observed"})
    gaps = pd.DataFrame(gaps, columns=["region_id", "item", "status"]).drop_duplicates()
    gaps.insert(1, "name", gaps["region_id"].map(names))
    gaps.insert(2, "name_zh", gaps["region_id"].map(names_zh))
    n_gaps = gaps.groupby("region_id").size()
    summary["n_gaps"] = summary["region_id"].map(n_gaps).fillna(0).astype(int)
    summary.loc[summary["region_id"] == gid, "n_gaps"] = len(gaps)

    # -- findings -----------------------------------------------------------------------------
    findings += _gawc_findings(gawc, gname, gname_zh)
    if country == "cn":
        findings += _fdi_findings(fdi_trend, gid, gname, gname_zh)
    findings += _link_findings(links, gid, gname, gname_zh)

    if country == "us":
        notes.append(Note(
            "No FDI by US metro: the data hold no foreign direct investment by metro area (BEA publishes "
            "FDI by state and by country, not by metro), so the US openness is read from GaWC and from "
            "links leaving the group only.",
            "美国都市区没有外商直接投资数据（BEA只按州和国别公布，不按都市区），因此美国城市群的开放度只看"
            "GaWC和流出城市群的联系。"))
    if country == "cn":
        notes.append(Note(
            "GaWC covers few Chinese prefecture cities (in 2000 only Shanghai and Nanjing of the YREB); a member "
            "not listed is 'not in the GaWC set', which is not GNC 0.",
            "GaWC覆盖的中国地级市很少（2000年长江经济带只有上海和南京）；未列入的成员记为"
            "“不在GaWC城市集合中”，并非全球网络连接度为0。"))
    gaps_zh = _gaps_note(gaps, country)
    notes.append(gaps_zh)
    tables = {"summary": summary, "gawc": gawc, "outside_links": links, "gaps": gaps}
    if country == "cn":
        tables.update({"fdi": fdi, "fdi_trend": fdi_trend})
    if quality:
        tables["data_quality"] = pd.DataFrame(quality)
    return Results(f"Openness: {gname}", f"开放度：{gname_zh}", tables, "summary", findings, notes,
                   command="openness")


# --------------------------------------------------------------------------------------------
# GaWC
# --------------------------------------------------------------------------------------------

def _gawc(store, cities: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    act = store.activity_rows("links/gawc_ds11", "service_value", 2000)
    if act.empty:
        raise MegaregionError("GaWC Data Set 11 is not in the store: `megaregion data import --dataset links/gawc_ds11`")
    V = act.pivot(index="region_id", columns="industry", values="value").fillna(0.0)
    t00 = interlocking_table(V).rename(columns={"city": "region_id"}).set_index("region_id")
    ind = store.con.execute(
        "SELECT region_id, indicator, value FROM indicators WHERE source = 'links/gawc_gnc_2020' "
        "AND region_id LIKE 'world:%'").df()
    if ind.empty:
        raise MegaregionError("GaWC's 2020 GNC is not in the store: `megaregion data import --dataset links/gawc_gnc_2020`")
    p20 = ind.pivot_table(index="region_id", columns="indicator", values="value", aggfunc="first")
    m = gawc_members().set_index("region_id")

    # cities in both sets: DS11 id -> DS31 id, then the ranks of each year among them
    pairs = {d: d for d in t00.index if d in p20.index}
    pairs.update({d: w for d, w in DS11_TO_2020.items() if d in t00.index and w in p20.index})
    for d, w in zip(m["gawc_2000_id"], m["gawc_2020_id"]):
        if d and w and d in t00.index and w in p20.index:
            pairs[d] = w
    common = pd.DataFrame({"d": list(pairs), "w": list(pairs.values())})
    common = common.drop_duplicates("w")
    common["gnc00"] = common["d"].map(t00["gnc"])
    common["gnc20"] = common["w"].map(p20["gnc"])
    common["r00"] = common["gnc00"].rank(ascending=False, method="min")
    common["r20"] = common["gnc20"].rank(ascending=False, method="min")
    r00, r20 = common.set_index("d")["r00"], common.set_index("w")["r20"]
    n_common = len(common)

    rows = []
    for rid, role in zip(cities["region_id"], cities["role"]):
        row = {"region_id": rid, "name": cities.set_index("region_id").loc[rid, "name"],
               "name_zh": cities.set_index("region_id").loc[rid, "name_zh"], "role": role}
        d = w = ""
        also, city, city_zh = "", "", ""
        if rid in m.index:
            d, w, also = m.loc[rid, "gawc_2000_id"], m.loc[rid, "gawc_2020_id"], m.loc[rid, "also_in_member"]
            city, city_zh = m.loc[rid, "gawc_city"], m.loc[rid, "gawc_city_zh"]
        ambiguous = rid in m.index and "ambiguous" in m.loc[rid, "note"]
        row.update({"gawc_city": city or None, "gawc_city_zh": city_zh or None,
                    "gawc_2000_id": d or None, "gawc_2020_id": w or None,
                    "other_gawc_cities_inside": also or None})
        row["gnc_2000"] = t00["gnc"].get(d, np.nan) if d else np.nan
        row["gnc_2000_relative"] = t00["gnc_relative"].get(d, np.nan) if d else np.nan
        row["rank_2000_of_315"] = t00["rank"].get(d, np.nan) if d else np.nan
        row["gnc_2020_relative_pct"] = p20["gnc_relative_pct"].get(w, np.nan) if w else np.nan
        row["rank_2020_of_707"] = p20["gnc_rank"].get(w, np.nan) if w else np.nan
        row["rank_common_2000"] = r00.get(d, np.nan) if d else np.nan
        row["rank_common_2020"] = r20.get(w, np.nan) if w else np.nan
        row["n_common"] = n_common
        row["rank_change_common"] = row["rank_common_2000"] - row["rank_common_2020"]
        if ambiguous:
            st = "ambiguous_gawc_name"
        elif d and w:
            st = "gawc_2000_and_2020"
        elif w:
            st = "gawc_2020_only"
        elif d:
            st = "gawc_2000_only"
        else:
            st = "not_in_gawc"
        row["gawc_status"] = st
        rows.append(row)
    out = pd.DataFrame(rows)
    notes = [Note(
        f"GaWC: GNC 2000 is computed here from Data Set 11 (Taylor & Catalano; 315 cities); 2020 is GaWC's "
        f"published ranking (Data Set 31, Derudder & Taylor; 707 cities). The rank change compares ranks "
        f"among the {n_common} cities in both sets (positive: moved up). Members are matched to GaWC cities "
        "by a reviewed table (model/reference/gawc_members.csv); other GaWC cities inside a member are listed, "
        "their GNC not added.",
        f"GaWC：2000年全球网络连接度由本系统根据第11数据集（Taylor & Catalano；315个城市）计算；2020年为GaWC公布的排名"
        f"（第31数据集，Derudder & Taylor；707个城市）。排名变化比较两次都列入的{n_common}个城市中的名次（正值表示上升）。"
        "成员与GaWC城市的对应见经核对的对照表（model/reference/gawc_members.csv）；成员内其他GaWC城市只列出，不加总其连接度。")]
    return out, notes


def _gawc_findings(g: pd.DataFrame, gname: str, gname_zh: str) -> list[Finding]:
    out = []
    listed = g[g["rank_2020_of_707"].notna()]
    n = len(g)
    if listed.empty:
        out.append(Finding(
            f"{gname}: none of the {n} members is in GaWC's 2020 set of 707 cities.",
            f"{gname_zh}：{n}个成员均不在GaWC 2020年的707个城市中。", "gawc",
            None, column="rank_2020_of_707", where={"region_id": g["region_id"].iloc[0]}))
        return out
    best = listed.sort_values("rank_2020_of_707").iloc[0]
    nm, nz = best["name"], best["name_zh"] if isinstance(best["name_zh"], str) and best["name_zh"] else best["name"]
    out.append(Finding(
        f"{gname}: {len(listed)} of {n} members are in GaWC's 2020 set; the best connected, {nm}, ranks "
        f"{int(best['rank_2020_of_707'])} of 707.",
        f"{gname_zh}：{n}个成员中有{len(listed)}个列入GaWC 2020年城市集合；连接度最高的{nz}居707个城市中第"
        f"{int(best['rank_2020_of_707'])}位。",
        "gawc", float(best["rank_2020_of_707"]), column="rank_2020_of_707", where={"region_id": best["region_id"]}))
    both = g[g["rank_change_common"].notna()]
    for _, r in both.sort_values("rank_common_2020").head(3).iterrows():
        nz = r["name_zh"] if isinstance(r["name_zh"], str) and r["name_zh"] else r["name"]
        a, b, k = int(r["rank_common_2000"]), int(r["rank_common_2020"]), int(r["n_common"])
        if a == b:
            en, zh = f"kept rank {a}", f"保持第{a}位"
        else:
            en = f"moved from rank {a} (2000) to {b} (2020)"
            zh = f"由2000年的第{a}位{'上升' if b < a else '下降'}到2020年的第{b}位"
        out.append(Finding(
            f"{r['name']}: among the {k} cities in both GaWC sets, {en}.",
            f"{nz}：在两次GaWC都列入的{k}个城市中，{zh}。",
            "gawc", float(r["rank_common_2020"]), column="rank_common_2020", where={"region_id": r["region_id"]}))
    return out


# --------------------------------------------------------------------------------------------
# FDI
# --------------------------------------------------------------------------------------------

def _fdi(store, mr, cities, year, names, names_zh):
    ind = mr.indicators
    ind = ind[(ind["source"] == "cn/city_panel") & ind["indicator"].isin(["fdi_actual_use", "gdp"])
              & ind["region_id"].isin(cities["region_id"])]
    if ind.empty:
        raise MegaregionError(f"{mr.group_id}: no FDI or GDP in the store (import cn/city_panel)")
    units = ind.groupby("indicator")["unit"].agg(lambda u: set(u))
    if units.get("fdi_actual_use", {"usd_million"}) != {"usd_million"} or units.get("gdp", {"cny_100m"}) != {"cny_100m"}:
        raise MegaregionError(f"unexpected units of FDI or GDP in the store: {dict(units)}")
    wide = ind.pivot_table(index=["region_id", "year"], columns="indicator", values="value", aggfunc="first").reset_index()
    flags = ind.pivot_table(index=["region_id", "year"], columns="indicator", values="flag", aggfunc="first")
    rates = _rates()
    wide = wide[(wide["year"] >= 2000) & wide["year"].isin(rates.index)]
    if "fdi_actual_use" not in wide:
        wide["fdi_actual_use"] = np.nan
    have = wide[wide["fdi_actual_use"].notna() & wide["gdp"].notna()]
    with_any = have["region_id"].nunique()
    if year is None:
        per_year = have.groupby("year")["region_id"].nunique()
        ok = per_year[per_year >= max(1, with_any / 2)]
        year = int(ok.index.max()) if len(ok) else int(have["year"].max()) if len(have) else 2019
    else:
        year = int(year)
        if year not in set(have["year"]):
            yrs = sorted(have["year"].unique())
            raise MegaregionError(f"{mr.group_id}: no FDI with GDP in {year}; years with data: "
                                  f"{yrs[0]}-{yrs[-1]}" if yrs else f"{mr.group_id}: no FDI data")
    wide = wide[wide["year"] <= year]
    wide["cny_per_100_usd"] = wide["year"].map(rates)
    wide["fdi_cny_100m"] = wide["fdi_actual_use"] * wide["cny_per_100_usd"] / 100 / 100
    wide["fdi_gdp_pct"] = fdi_gdp_pct(wide["fdi_actual_use"], wide["gdp"], wide["cny_per_100_usd"])
    wide = wide.rename(columns={"fdi_actual_use": "fdi_usd_million", "gdp": "gdp_cny_100m"})
    wide.insert(1, "name", wide["region_id"].map(names))
    wide.insert(2, "name_zh", wide["region_id"].map(names_zh))
    fdi = wide[["region_id", "name", "name_zh", "year", "fdi_usd_million", "gdp_cny_100m", "cny_per_100_usd",
                "fdi_cny_100m", "fdi_gdp_pct"]].sort_values(["region_id", "year"]).reset_index(drop=True)

    trend = []
    obs = fdi[fdi["fdi_gdp_pct"].notna()]
    for rid in cities["region_id"]:
        o = obs[obs["region_id"] == rid]
        if o.empty:
            trend.append({"region_id": rid})
            continue
        a, b = o.iloc[0], o.iloc[-1]
        trend.append({"region_id": rid, "first_year": int(a["year"]), "fdi_gdp_pct_first": a["fdi_gdp_pct"],
                      "last_year": int(b["year"]), "fdi_gdp_pct_last": b["fdi_gdp_pct"],
                      "fdi_gdp_change_pp": b["fdi_gdp_pct"] - a["fdi_gdp_pct"], "n_years": len(o)})
    trend = pd.DataFrame(trend)
    for c in ("first_year", "fdi_gdp_pct_first", "last_year", "fdi_gdp_pct_last", "fdi_gdp_change_pp", "n_years"):
        if c not in trend:
            trend[c] = np.nan
    # group: the cities observed in both the first year and the last
    y0 = 2000
    in0 = set(obs.loc[obs["year"] == y0, "region_id"])
    in1 = set(obs.loc[obs["year"] == year, "region_id"])
    both = sorted(in0 & in1)
    grow = {"region_id": mr.group_id, "first_year": y0, "last_year": year, "n_years": np.nan,
            "n_cities": len(both)}
    for col, y in (("fdi_gdp_pct_first", y0), ("fdi_gdp_pct_last", year)):
        o = obs[(obs["year"] == y) & obs["region_id"].isin(both)]
        grow[col] = 100 * o["fdi_cny_100m"].sum() / o["gdp_cny_100m"].sum() if len(o) else np.nan
    grow["fdi_gdp_change_pp"] = grow["fdi_gdp_pct_last"] - grow["fdi_gdp_pct_first"]
    trend["n_cities"] = 1
    trend = pd.concat([pd.DataFrame([grow]), trend], ignore_index=True)
    trend.insert(1, "name", trend["region_id"].map({**names, mr.group_id: mr.label("en")}))
    trend.insert(2, "name_zh", trend["region_id"].map({**names_zh, mr.group_id: mr.label("zh")}))
    for c in ("first_year", "last_year"):
        trend[c] = trend[c].astype("Int64")

    observed = set(obs["region_id"])  # built once: a set per test made this step quadratic
    missing = [r for r in cities["region_id"] if r not in observed]
    notes = [Note(
        f"FDI actually used (million US dollars) and GDP (100 million yuan, current prices) are from the "
        f"secondary city panel (compiled by data vendors from city yearbooks; quality flag secondary). FDI is "
        f"converted to yuan with the NBS annual average rate (model/reference/cny_per_usd_annual_average.csv). "
        f"Definitions (实际使用外资 or 外商直接投资) may differ across cities and years. The group's ratio is "
        f"total FDI over total GDP of the {len(both)} cities observed in both {y0} and {year}.",
        f"实际利用外资（百万美元）与GDP（亿元，当年价）来自二手城市面板（数据商据城市统计年鉴整理；质量标记：二手汇编数据）。"
        f"外资按国家统计局公布的人民币对美元年平均汇价折算为人民币（model/reference/cny_per_usd_annual_average.csv）。"
        f"各城市、各年份的口径（实际使用外资或外商直接投资）可能不同。城市群比值为{y0}年和{year}年均有数据的"
        f"{len(both)}个城市的外资总额与GDP总额之比。")]
    if missing:
        notes.append(Note(
            f"No FDI with GDP in the panel for {len(missing)} members: "
            + ", ".join(names[r] for r in missing) + " (not zero: unknown).",
            f"{len(missing)}个成员在面板中没有外资与GDP数据：" + "、".join(names_zh[r] for r in missing)
            + "（未知，不是零）。"))
    left = sorted(set(obs["region_id"]) - set(both))
    if left:
        notes.append(Note(
            f"Not in the group's FDI/GDP (no value in {y0} or {year}): " + ", ".join(names[r] for r in left) + ".",
            f"未计入城市群外资/GDP比值（{y0}年或{year}年无数据）：" + "、".join(names_zh[r] for r in left) + "。"))
    quality = []
    for (rid, y), row in flags.iterrows():
        if rid in observed and y0 <= y <= year:
            for var, fl in row.items():
                if isinstance(fl, str) and fl != "observed":
                    quality.append({"region_id": rid, "year": int(y), "variable": var, "source": "cn/city_panel",
                                    "flag": fl, "detail": ""})
    return fdi, trend, year, notes, quality


def _fdi_findings(trend: pd.DataFrame, gid: str, gname: str, gname_zh: str) -> list[Finding]:
    out = []
    g = trend.iloc[0]
    if pd.notna(g["fdi_gdp_pct_first"]) and pd.notna(g["fdi_gdp_pct_last"]):
        a, b = g["fdi_gdp_pct_first"], g["fdi_gdp_pct_last"]
        y0, y1, n = int(g["first_year"]), int(g["last_year"]), int(g["n_cities"])
        out.append(Finding(
            f"{gname}: FDI actually used was {a:.2f}% of GDP in {y0} and {b:.2f}% in {y1} "
            f"({n} cities observed in both years).",
            f"{gname_zh}：实际利用外资占GDP的比重{y0}年为{a:.2f}%，{y1}年为{b:.2f}%（两年均有数据的城市{n}个）。",
            "fdi_trend", float(b), column="fdi_gdp_pct_last", where={"region_id": gid}, quality=("secondary",)))
    cities = trend.iloc[1:]
    cities = cities[cities["fdi_gdp_pct_last"].notna() & (cities["last_year"] == trend.iloc[0]["last_year"])]
    if len(cities) >= 2:
        top = cities.sort_values("fdi_gdp_pct_last", ascending=False).iloc[0]
        y1 = int(top["last_year"])
        out.append(Finding(
            f"Highest FDI/GDP in {y1}: {top['name']}, {top['fdi_gdp_pct_last']:.2f}% "
            f"({int(top['first_year'])}: {top['fdi_gdp_pct_first']:.2f}%).",
            f"{y1}年外资/GDP最高的是{top['name_zh']}，为{top['fdi_gdp_pct_last']:.2f}%"
            f"（{int(top['first_year'])}年：{top['fdi_gdp_pct_first']:.2f}%）。",
            "fdi_trend", float(top["fdi_gdp_pct_last"]), column="fdi_gdp_pct_last",
            where={"region_id": top["region_id"]}, quality=("secondary",)))
    return out


# --------------------------------------------------------------------------------------------
# Links leaving the group
# --------------------------------------------------------------------------------------------

def _links(store, mr, cities) -> tuple[pd.DataFrame, list]:
    ids = list(cities["region_id"])
    members = mr.members
    notes, parts = [], []
    con = store.con
    if mr.country == "us":
        # metros: every vintage of the group's metros is inside; older ones stand in for their city
        metros = members.loc[members["level"] == "metro", "region_id"].unique().tolist()
        stand = mr.stand_ins() if mr.level == "metro" else {}
        member_of = {r: stand.get(r, r) for r in metros if stand.get(r, r) in ids}
        if mr.level == "metro":
            tt = con.execute(
                "SELECT origin, destination, weight FROM flows WHERE kind = 'tech_transfer' AND category = "
                "'intercity' AND period = ?", [TECH_PERIOD]).df()
            if len(tt):
                tt["origin"] = tt["origin"].replace(TT_ALIASES)
                tt["destination"] = tt["destination"].replace(TT_ALIASES)
                for side, direction in (("origin", "out"), ("destination", "in")):
                    parts.append(_part(outside_share(tt, member_of, set(metros), side=side), "tech_transfer",
                                       direction, TECH_PERIOD, "count"))
        # county flows: a county belongs to the member metro holding it (or is the member itself)
        counties = members.loc[members["level"] == "county", "region_id"].unique().tolist()
        regions = con.execute("SELECT region_id, metro_2018, metro_2023 FROM regions WHERE level = 'county'").df()
        if mr.level == "metro":
            vintage = cities["vintage"].mode().iloc[0] if "vintage" in cities and cities["vintage"].notna().any() else "2023"
            col = f"metro_{vintage}" if f"metro_{vintage}" in regions else "metro_2023"
            # counties without a metro of the main vintage (Connecticut's old counties, which the
            # ACS and IRS files use, against its 2022 planning regions) fall back on their 2018 metro
            reg = regions.set_index("region_id")
            cmap = reg[col].where(reg[col].notna(), reg["metro_2018"]).map(lambda m: stand.get(m, m))
            c_member = {c: m for c, m in cmap.items() if isinstance(m, str) and m in ids}
            in_metro = reg.index[reg["metro_2018"].isin(metros) | reg["metro_2023"].isin(metros)]
            inside = set(counties) | set(c_member) | set(in_metro)
            outside_metro = [c for c in counties if c not in c_member]
            if outside_metro:
                notes.append(Note(
                    f"{len(outside_metro)} counties of the group lie in no member metro: their commuting and "
                    "migration count as inside the group when they are the partner, and are not a member's own.",
                    f"本城市群有{len(outside_metro)}个县不属于任何成员都市区：作为联系对象时计为群内，但不计入任何成员自身。"))
        else:
            c_member = {c: c for c in ids}
            inside = set(ids)
            notes.append(Note(
                "Technology transfer is recorded between metros; this group's members are counties, so its "
                "share leaving the group is not measured here.",
                "技术转移按都市区记录，而本城市群的成员是县，因此这里不衡量技术转移流出城市群的比重。"))
        for kind, category, period in (("commuting", "workers", "2009-2013"), ("migration", "exemptions", "2018-2019")):
            f = con.execute("SELECT origin, destination, weight FROM flows WHERE kind = ? AND category = ? "
                            "AND (origin IN (SELECT unnest(?)) OR destination IN (SELECT unnest(?)))",
                            [kind, category, list(c_member), list(c_member)]).df()
            if f.empty:
                continue
            unit = "persons"
            for side, direction in (("origin", "out"), ("destination", "in")):
                parts.append(_part(outside_share(f, c_member, inside, side=side), kind, direction, period, unit))
        notes.append(Note(
            "Links leaving the group, US: technology transfers between metros (Li, Du & Yu 2025; 2000-2023; "
            "out = the member is the source as the paper records it, in = the target); ACS commuting "
            "2009-2013 (out = residents of the member working elsewhere, in = workers living elsewhere); IRS "
            "migration 2018-2019, persons (out = moved from the member, in = moved to it; IRS lists a county pair "
            "only with 20 or more returns, so the share is of the listed moves). Shares are of the "
            "member's links to other places (links within the member left out). The commuting file has no "
            "workplaces abroad and the migration file no moves abroad: openness abroad is not measured by them.",
            "流出城市群的联系（美国）：都市区间技术转移（Li, Du & Yu 2025；2000-2023年；转出为论文所记的来源方，"
            "转入为目标方）；ACS 2009-2013年通勤（转出为本成员居民在外地就业，转入为外地居民来此就业）；IRS "
            "2018-2019年迁移人数（转出为迁出本成员，转入为迁入；IRS只列出20份以上纳税申报的县对，比重按所列迁移计算）。比重的分母为本成员与其他地方的联系（不含成员内部）。"
            "通勤与迁移数据不含境外，不能据此衡量对境外的开放。"))
    else:
        inside = set(ids)
        member_of = {r: r for r in ids}
        fl = con.execute("SELECT origin, destination, weight FROM flows WHERE kind = 'firm_link' AND "
                         "(origin IN (SELECT unnest(?)) OR destination IN (SELECT unnest(?)))", [ids, ids]).df()
        if len(fl):
            parts.append(_part(outside_share(fl, member_of, inside, side="both"), "firm_link", "both",
                               "1998-2008", "count"))
        start, end = BAIDU_WINDOW
        b = con.execute(
            "SELECT origin, destination, sum(weight) AS total FROM flows WHERE kind = 'migration_share' AND "
            "category = 'origin_outflow' AND period BETWEEN ? AND ? AND origin IN (SELECT unnest(?)) "
            "GROUP BY origin, destination", [start, end, ids]).df()
        ndays = con.execute("SELECT count(DISTINCT period) FROM flows WHERE kind = 'migration_share' AND "
                            "category = 'origin_outflow' AND period BETWEEN ? AND ?", [start, end]).fetchone()[0]
        if len(b) and ndays:
            b["share"] = b["total"] / ndays / 100.0  # mean daily share of all out-migration (fraction)
            b = b[b["origin"] != b["destination"]]
            rows = []
            for rid in ids:
                o = b[b["origin"] == rid]
                if o.empty:
                    continue
                ins = o.loc[o["destination"].isin(inside), "share"].sum()
                named_out = o.loc[~o["destination"].isin(inside), "share"].sum()
                rows.append({"member": rid, "inside": ins, "outside": 1.0 - ins, "total": 1.0,
                             "outside_share": 1.0 - ins, "unknown": 0.0, "outside_named": named_out})
            if rows:
                p = _part(pd.DataFrame(rows), "baidu", "out", f"{start}/{end}", "share_of_outflow")
                parts.append(p)
        notes.append(Note(
            "Links leaving the group, China: high-tech firm links 1998-2008 (the source gives no direction: "
            "both orientations are counted; partners whose city has no code, e.g. the ambiguous Suzhou, Yichun "
            "and Yulin, are not in the store and not counted); Baidu out-migration (mean daily share of all "
            f"out-migration, {start} to {end}, before Wuhan's lockdown but in the Spring Festival rush). The "
            "Baidu file keeps only destinations among the 130 YREB units: the share to places outside the group "
            "is 1 minus the share to members, and only its YREB part is observed by destination "
            "(column `outside_named`); destinations beyond a city's top 100 are not listed, which slightly "
            "overstates the outside share. The group's Baidu share is the mean over members (shares, not volumes).",
            "流出城市群的联系（中国）：1998-2008年高技术企业联系（数据未给出方向，两个方向都计入；没有城市代码的对象，"
            "如有歧义的苏州、宜春、榆林，不在库中、未计入）；百度迁徙迁出（各城市全部迁出人口流向的日均比例，"
            f"{start}至{end}，武汉封城前、春运期间）。百度数据只保留长江经济带130个单元之间的流向：流出城市群的比重为1减去"
            "流向成员的比重，其中只有长江经济带内的部分能按目的地观测（`outside_named`列）；每个城市只列前100个目的地，"
            "因此流出比重略有高估。城市群的百度比重为成员的平均值（比例而非规模）。"))
    nm = cities.set_index("region_id")["name"].to_dict()
    nz = {r: (z if isinstance(z, str) and z else nm[r]) for r, z in cities.set_index("region_id")["name_zh"].items()}
    seen = {}
    for p in parts:
        seen.setdefault(p["kind"].iloc[0], set()).update(p.loc[p["total"] > 0, "region_id"])
    for kind, have in seen.items():
        miss = [r for r in ids if r not in have]
        if miss:
            notes.append(Note(
                f"{kind}: no links observed for {len(miss)} members (not zero openness: unknown): "
                + ", ".join(nm[r] for r in miss) + ".",
                f"{KIND_TEXT_ZH[kind]}：{len(miss)}个成员未观测到联系（开放度未知，不是零）："
                + "、".join(nz[r] for r in miss) + "。"))
    cols = ["kind", "direction", "period", "unit", "region_id", "inside", "outside", "total", "outside_share",
            "unknown", "outside_named"]
    links = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
    if "outside_named" not in links:
        links["outside_named"] = np.nan
    # group rows: sums over members (Baidu: the mean of the members' shares)
    grows = []
    for (kind, direction), part in links.groupby(["kind", "direction"], sort=False):
        part = part[part["total"] > 0]
        row = {"kind": kind, "direction": direction, "period": part["period"].iloc[0], "unit": part["unit"].iloc[0],
               "region_id": mr.group_id}
        if kind == "baidu":
            row.update({"inside": part["inside"].mean(), "outside": part["outside"].mean(), "total": 1.0,
                        "outside_share": part["outside_share"].mean(), "unknown": 0.0,
                        "outside_named": part["outside_named"].mean()})
        else:
            s = part[["inside", "outside", "unknown"]].sum()
            row.update({"inside": s["inside"], "outside": s["outside"], "total": s["inside"] + s["outside"],
                        "outside_share": s["outside"] / (s["inside"] + s["outside"]) if s["inside"] + s["outside"] > 0 else np.nan,
                        "unknown": s["unknown"], "outside_named": np.nan})
        row["n_members"] = len(part)
        grows.append(row)
    links["n_members"] = 1
    links = pd.concat([pd.DataFrame(grows), links], ignore_index=True)[cols + ["n_members"]]
    names = {**cities.set_index("region_id")["name"].to_dict(), mr.group_id: mr.label("en")}
    names_zh = {**cities.set_index("region_id")["name_zh"].to_dict(), mr.group_id: mr.label("zh")}
    links.insert(5, "name", links["region_id"].map(names))
    links.insert(6, "name_zh", links["region_id"].map(names_zh))
    return links, notes


def _part(df: pd.DataFrame, kind: str, direction: str, period: str, unit: str) -> pd.DataFrame:
    df = df.rename(columns={"member": "region_id"})
    df.insert(0, "kind", kind)
    df.insert(1, "direction", direction)
    df.insert(2, "period", period)
    df.insert(3, "unit", unit)
    return df


def _link_findings(links: pd.DataFrame, gid: str, gname: str, gname_zh: str) -> list[Finding]:
    out = []
    g = links[links["region_id"] == gid]
    for _, r in g.iterrows():
        if pd.isna(r["outside_share"]):
            continue
        en, zh = KIND_TEXT[(r["kind"], r["direction"])]
        part = links[(links["kind"] == r["kind"]) & (links["direction"] == r["direction"])
                     & (links["region_id"] != gid) & links["outside_share"].notna()]
        if r["kind"] != "baidu":  # most/least open only among members with enough links to say so
            part = part[part["total"] >= MIN_LINKS]
        mean = "the mean over members" if r["kind"] == "baidu" else "all members together"
        mean_zh = "成员平均" if r["kind"] == "baidu" else "全部成员合计"
        out.append(Finding(
            f"{gname}, {r['period']}: {100 * r['outside_share']:.1f}% of the {en} go to places outside the group "
            f"({mean}, {int(r['n_members'])} members).",
            f"{gname_zh}，{r['period']}：{zh}中有{100 * r['outside_share']:.1f}%流向城市群以外（{mean_zh}，"
            f"{int(r['n_members'])}个成员）。" if r["direction"] != "in" else
            f"{gname_zh}，{r['period']}：{zh}中有{100 * r['outside_share']:.1f}%来自城市群以外（{mean_zh}，"
            f"{int(r['n_members'])}个成员）。",
            "outside_links", float(r["outside_share"]), column="outside_share",
            where={"kind": r["kind"], "direction": r["direction"], "region_id": gid}))
        if r["direction"] == "in":
            out[-1].en = out[-1].en.replace("go to places outside the group", "come from places outside the group")
        if len(part) >= 3 and r["direction"] != "in":
            lo = part.sort_values("outside_share").iloc[0]
            hi = part.sort_values("outside_share").iloc[-1]
            lz = lo["name_zh"] if isinstance(lo["name_zh"], str) and lo["name_zh"] else lo["name"]
            hz = hi["name_zh"] if isinstance(hi["name_zh"], str) and hi["name_zh"] else hi["name"]
            out.append(Finding(
                f"{KIND_TEXT[(r['kind'], r['direction'])][0].capitalize()}: most open {hi['name']} "
                f"({100 * hi['outside_share']:.1f}% outside the group), least open {lo['name']} "
                f"({100 * lo['outside_share']:.1f}%).",
                f"{zh}：最开放的是{hz}（{100 * hi['outside_share']:.1f}%流向城市群以外），最封闭的是{lz}"
                f"（{100 * lo['outside_share']:.1f}%）。",
                "outside_links", float(hi["outside_share"]), column="outside_share",
                where={"kind": r["kind"], "direction": r["direction"], "region_id": hi["region_id"]}))
    return out


def _gaps_note(gaps: pd.DataFrame, country: str) -> Note:
    counts = gaps.groupby(["item", "status"]).size()
    from megaregion.i18n.values import VALUES_ZH

    en = "; ".join(f"{item} {status}: {n}" for (item, status), n in counts.items())
    zh = "；".join(f"{VALUES_ZH.get(item, item)}（{VALUES_ZH.get(status, status)}）：{n}个" for (item, status), n in counts.items())
    return Note(f"What is missing, members per item (table gaps): {en or 'nothing'}.",
                f"缺失的数据（各项缺失的成员数，见`gaps`表）：{zh or '无'}。")
