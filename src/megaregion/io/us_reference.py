"""US places: counties, states and metros, and the brief's three megaregions.

Region ids: ``us:FFFFF`` (county, 5-digit FIPS), ``us-state:SS`` (state FIPS), ``us-cbsa:NNNNN``
(metro or micro area, CBSA code of any vintage; one id per code). A county's metro is kept under
both the OMB 2018 (``metro_2018``) and July 2023 (``metro_2023``) delineations, because the
industry and patent files use 2018 codes while the megaregions are defined on 2023 metros.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from megaregion.i18n.notes import Note
from megaregion.io.base import ImportBatch, check_unique, read_csv

SOURCE_NOTE_MEGAREGIONS = (
    "Working definition from unions of 2023 Combined Statistical Areas (see the data folder's "
    "us/README.md); not an official America 2050 list")


#: Chinese names of the largest metros of the three megaregions (the usual Chinese renderings of
#: the principal city), so that Chinese findings name them as readers know them.
METRO_NAMES_ZH = {
    "35620": "纽约", "14460": "波士顿", "47900": "华盛顿", "37980": "费城", "12580": "巴尔的摩",
    "39300": "普罗维登斯", "25540": "哈特福德", "35300": "纽黑文", "14860": "布里奇波特—斯坦福德",
    "49340": "伍斯特", "44140": "斯普林菲尔德", "10900": "阿伦敦—伯利恒", "45940": "特伦顿—普林斯顿",
    "16980": "芝加哥", "19820": "底特律", "17460": "克利夫兰", "38300": "匹兹堡", "18140": "哥伦布",
    "17140": "辛辛那提", "26900": "印第安纳波利斯", "33340": "密尔沃基", "24340": "大急流城",
    "45780": "托莱多", "19430": "代顿", "19380": "代顿", "10420": "阿克伦",
    "31080": "洛杉矶", "41860": "旧金山", "41940": "圣何塞", "41740": "圣迭戈", "40140": "河滨",
    "40900": "萨克拉门托", "23420": "弗雷斯诺", "12540": "贝克斯菲尔德", "37100": "奥克斯纳德",
}


def _ids(prefix: str, codes: pd.Series) -> pd.Series:
    return codes.where(codes.isna(), prefix + codes.astype("string"))


def read_reference(data_dir: Path) -> ImportBatch:
    """Counties (with population 2010 and 2019), states and metros of both vintages.

    Reads ``us/county_reference.csv`` and ``us/cbsa_delineation_2023.csv``. Connecticut's
    nine planning regions (2022) exist only in the 2023 delineation; they are added as
    county-level regions. Population goes to ``indicators`` (``population``: Census 2010
    count, and Census population estimates for 2010 and 2019 as ``population_estimate``).
    """
    ref_path = data_dir / "us" / "county_reference.csv"
    del_path = data_dir / "us" / "cbsa_delineation_2023.csv"
    s = "str"
    ref = read_csv(ref_path, {
        "fips": s, "state_fips": s, "state_abbr": s, "state_name": s, "county_name": s,
        "lat": "float", "lon": "float", "pop_census2010": "float", "pop_est2010": "float",
        "pop_est2019": "float", "cbsa_code": s, "cbsa_title": s, "cbsa_type": s,
        "cbsa_code_2018": s, "cbsa_title_2018": s, "cbsa_type_2018": s,
    }, non_negative=["pop_census2010", "pop_est2010", "pop_est2019"])
    check_unique(ref_path, ref, ["fips"])
    dl = read_csv(del_path, {
        "fips": s, "county_name": s, "state_name": s, "cbsa_code": s, "cbsa_title": s,
        "cbsa_type": s, "csa_code": s, "csa_title": s, "central_outlying": s,
    })
    check_unique(del_path, dl, ["fips"])
    ref = ref.to_pandas()
    dl = dl.to_pandas()
    batch = ImportBatch("us/reference", files=[ref_path, del_path])

    counties = pd.DataFrame({
        "region_id": "us:" + ref["fips"], "name": ref["county_name"] + ", " + ref["state_abbr"],
        "country": "us", "level": "county", "parent": "us-state:" + ref["state_fips"],
        "metro_2018": _ids("us-cbsa:", ref["cbsa_code_2018"]),
        "metro_2023": _ids("us-cbsa:", ref["cbsa_code"]), "lat": ref["lat"], "lon": ref["lon"],
    })
    # Connecticut planning regions (and any other 2023-only county equivalents).
    state_fips = dict(zip(ref["state_name"], ref["state_fips"]))
    extra = dl[~dl["fips"].isin(ref["fips"])]
    extra_rows = pd.DataFrame({
        "region_id": "us:" + extra["fips"], "name": extra["county_name"] + ", " + extra["state_name"],
        "country": "us", "level": "county",
        "parent": "us-state:" + extra["fips"].str[:2],
        "metro_2023": _ids("us-cbsa:", extra["cbsa_code"]),
    })
    del state_fips
    states = (ref.dropna(subset=["state_name"]).groupby("state_fips", as_index=False)
              .agg(name=("state_name", "first")))
    states = pd.DataFrame({"region_id": "us-state:" + states["state_fips"], "name": states["name"],
                           "country": "us", "level": "state", "parent": "us"})
    # Metros: 2023 titles first, then 2018 codes that no longer exist, with their 2018 titles.
    # Coordinates: population-weighted (2019) mean of member counties' internal points.
    m23 = dl.groupby("cbsa_code", as_index=False).agg(name=("cbsa_title", "first"))
    m18 = (ref.dropna(subset=["cbsa_code_2018"]).groupby("cbsa_code_2018", as_index=False)
           .agg(name=("cbsa_title_2018", "first")).rename(columns={"cbsa_code_2018": "cbsa_code"}))
    metros = pd.concat([m23, m18[~m18["cbsa_code"].isin(m23["cbsa_code"])]], ignore_index=True)
    w = ref.assign(w=ref["pop_est2019"].fillna(0) + 1e-9)
    cent = {}
    for col in ("cbsa_code", "cbsa_code_2018"):
        g = w.dropna(subset=[col]).assign(wlat=lambda d: d.lat * d.w, wlon=lambda d: d.lon * d.w)
        agg = g.groupby(col)[["wlat", "wlon", "w"]].sum()
        for code, row in agg.iterrows():
            cent.setdefault(code, (row.wlat / row.w, row.wlon / row.w))
    metros = pd.DataFrame({
        "region_id": "us-cbsa:" + metros["cbsa_code"], "name": metros["name"],
        "name_zh": metros["cbsa_code"].map(METRO_NAMES_ZH), "country": "us",
        "level": "metro", "parent": "us",
        "lat": [cent.get(c, (None, None))[0] for c in metros["cbsa_code"]],
        "lon": [cent.get(c, (None, None))[1] for c in metros["cbsa_code"]],
    })
    nation = pd.DataFrame({"region_id": ["us"], "name": ["United States"], "name_zh": ["美国"],
                           "country": ["us"], "level": ["nation"]})
    batch.add("regions", pd.concat([nation, states, metros, counties, extra_rows], ignore_index=True))
    batch.notes.append(Note(f"{len(extra_rows)} county equivalents exist only in the 2023 delineation "
                            "(Connecticut planning regions); they have no 2018 metro and no population.",
                            f"{len(extra_rows)}个县级单位只存在于2023年版划分中（康涅狄格州规划区）；"
                            "它们没有2018年版都市区归属，也没有人口数据。"))

    pop = ref.melt(id_vars="fips", value_vars=["pop_census2010", "pop_est2010", "pop_est2019"],
                   var_name="series", value_name="value").dropna(subset=["value"])
    pop = pd.DataFrame({
        "region_id": "us:" + pop["fips"],
        "year": pop["series"].map({"pop_census2010": 2010, "pop_est2010": 2010, "pop_est2019": 2019}),
        "indicator": pop["series"].map({"pop_census2010": "population",
                                        "pop_est2010": "population_estimate",
                                        "pop_est2019": "population_estimate"}),
        "value": pop["value"], "unit": "persons",
    })
    batch.add("indicators", pop)
    return batch


def read_megaregions(data_dir: Path) -> ImportBatch:
    """The brief's three megaregions: 2023 metros (the unit of analysis) and their counties.

    Members are listed at three levels, each tagged with its ``vintage``:

    * 2023 metros from ``megaregions_cbsa_2023.csv`` (role ``core`` for the core metros);
    * counties from ``megaregions_counties_2023.csv`` (Connecticut both as 2023 planning
      regions and as its 8 former counties, since data of either vintage may arrive);
    * 2018 metros that contain those counties, for data that carry 2018 codes (metro CBP,
      patents, Brookings). ``membership`` is ``partial`` when only some of the 2018 metro's
      counties belong to the megaregion (its data then over-cover the megaregion).
    """
    mpath = data_dir / "us" / "megaregions_cbsa_2023.csv"
    cpath = data_dir / "us" / "megaregions_counties_2023.csv"
    refpath = data_dir / "us" / "county_reference.csv"
    s = "str"
    m = read_csv(mpath, {"group_id": s, "group_name": s, "group_name_zh": s, "cbsa_code": s,
                         "cbsa_title": s, "is_core": "int"}).to_pandas()
    check_unique(mpath, pa.Table.from_pandas(m[["group_id", "cbsa_code"]]), ["group_id", "cbsa_code"])
    c = read_csv(cpath, {"group_id": s, "fips": s, "cbsa_code_2023": s, "cbsa_code_2018": s,
                         "is_core": "int"}).to_pandas()
    check_unique(cpath, pa.Table.from_pandas(c[["group_id", "fips"]]), ["group_id", "fips"])
    ref = read_csv(refpath, {"fips": s, "cbsa_code_2018": s}).to_pandas()
    names = m.groupby("group_id")[["group_name", "group_name_zh"]].first()

    def frame(gid, region_ids, roles, membership, vintage):
        return pd.DataFrame({
            "group_id": gid, "group_name": names.loc[gid, "group_name"],
            "group_name_zh": names.loc[gid, "group_name_zh"], "region_id": list(region_ids),
            "role": list(roles), "membership": membership, "vintage": vintage,
            "source_note": SOURCE_NOTE_MEGAREGIONS,
        })

    parts = []
    for gid, g in m.groupby("group_id", sort=True):
        parts.append(frame(gid, "us-cbsa:" + g["cbsa_code"],
                           g["is_core"].map({1: "core", 0: "member"}), "full", "2023"))
        cg = c[c["group_id"] == gid]
        parts.append(frame(gid, "us:" + cg["fips"], cg["is_core"].map({1: "core", 0: "member"}),
                           "full", "county"))
        # 2018 metros not already listed as 2023 metros (same code = same id).
        codes18 = cg.dropna(subset=["cbsa_code_2018"])
        core18 = set(codes18.loc[codes18["is_core"] == 1, "cbsa_code_2018"])
        have = set(g["cbsa_code"])
        rows = []
        for code in sorted(set(codes18["cbsa_code_2018"]) - have):
            all_counties = set(ref.loc[ref["cbsa_code_2018"] == code, "fips"])
            inside = set(codes18.loc[codes18["cbsa_code_2018"] == code, "fips"])
            rows.append((f"us-cbsa:{code}", "core" if code in core18 else "member",
                         "full" if all_counties <= inside else "partial"))
        if rows:
            parts.append(pd.DataFrame({
                "group_id": gid, "group_name": names.loc[gid, "group_name"],
                "group_name_zh": names.loc[gid, "group_name_zh"],
                "region_id": [r[0] for r in rows], "role": [r[1] for r in rows],
                "membership": [r[2] for r in rows], "vintage": "2018",
                "source_note": SOURCE_NOTE_MEGAREGIONS,
            }))
    # New York State's counties with Manhattan as the core: the one US county series that spans a
    # decade (QCEW 2000-2017), for the brief's claim that New York's manufacturing moved out and
    # upgraded in place.
    ny = ref[ref["fips"].str.startswith("36") & (ref["fips"] != "36000")]
    parts.append(pd.DataFrame({
        "group_id": "us-nys", "group_name": "New York State (counties)", "group_name_zh": "纽约州（县）",
        "region_id": "us:" + ny["fips"], "role": (ny["fips"] == "36061").map({True: "core", False: "member"}),
        "membership": "full", "vintage": "county",
        "source_note": "All counties of New York State; core: New York County (Manhattan)",
    }))
    batch = ImportBatch("us/megaregions", files=[mpath, cpath, refpath])
    groups = pd.concat(parts, ignore_index=True).drop_duplicates(["group_id", "region_id"])
    batch.add("groups", groups)
    return batch
