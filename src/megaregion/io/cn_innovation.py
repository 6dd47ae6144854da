"""Chinese innovation indicators: universities by city and Liang et al. (2024) patents/degrees.

All rows go to ``indicators`` on ``cn:CCCCCC`` regions (see :mod:`megaregion.io.cn_cities`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from megaregion.i18n.notes import Note
from megaregion.io.base import ImportBatch, check_unique, read_csv
from megaregion.io.cn_cities import (add_unlisted_regions, check_codes, city_ids,
                                     wide_to_indicators)

S, I, F = "str", "int", "float"

# 2019 counts from the MOE list (universities_count_by_city_2019.csv).
_UNI_2019 = [
    ("n_institutions", "universities"),
    ("n_undergraduate", "universities_undergraduate"),
    ("n_vocational", "universities_vocational"),
    ("n_private_minban", "universities_private"),
    ("n_sino_foreign_or_hk_macao_tw_coop", "universities_sino_foreign_coop"),
    ("n_moe_affiliated", "universities_moe_affiliated"),
]
# 1985-2012 panel (universities_count_by_city_1985_2012.csv). 专科 = junior college = vocational.
_UNI_PANEL = [
    ("n_colleges", "universities"),
    ("n_undergraduate", "universities_undergraduate"),
    ("n_junior_college", "universities_vocational"),
    ("n_private", "universities_private"),
    ("n_project985", "universities_project985"),
    ("n_technical", "universities_technical"),
    ("n_humanities_business_law", "universities_humanities_business_law"),
    ("n_pedagogy_medicine_sports", "universities_pedagogy_medicine_sports"),
    ("n_comprehensive", "universities_comprehensive"),
    ("n_central_ministry", "universities_central_ministry"),
    ("n_county_units_with_colleges", "county_units_with_universities"),
]


def read_universities(data_dir: Path) -> ImportBatch:
    """Regular higher-education institutions per city: 2019 and the 1985–2012 panel.

    Reads ``cn/universities_count_by_city_2019.csv`` (counts made from the MOE list of
    15 June 2019) and ``cn/universities_count_by_city_1985_2012.csv`` (a county panel of
    undocumented origin summed to prefectures). Writes ``indicators``, unit ``count``:

    * both files: ``universities`` (all regular HEIs / colleges), ``universities_undergraduate``
      (本科), ``universities_vocational`` (专科; the panel calls it junior college),
      ``universities_private`` (民办 / private);
    * 2019 only: ``universities_sino_foreign_coop`` (中外合作 or 内地与港澳台合作办学) and
      ``universities_moe_affiliated`` (主管部门 = 教育部 only);
    * 1985–2012 only: ``universities_project985``, ``universities_technical``,
      ``universities_humanities_business_law``, ``universities_pedagogy_medicine_sports``,
      ``universities_comprehensive``, ``universities_central_ministry`` (any national ministry)
      and ``county_units_with_universities`` (source units with at least one college).

    Caveats (see the data README): the 1985–2012 national totals are well above the MOE's
    official counts in the mid-period (c. 1995–2008): the panel looks back-cast from a later
    list by founding year, so use 2010–2012 with confidence and earlier years with care; its
    geography is c. 2012 boundaries in every year. 巢湖 (abolished 2011) is blank in 2019 and is
    not imported for that year. Prefectures that never had a college are absent from the panel
    (not zero).
    """
    p19 = Path(data_dir) / "cn" / "universities_count_by_city_2019.csv"
    ppa = Path(data_dir) / "cn" / "universities_count_by_city_1985_2012.csv"
    cols19 = {"city_code": S, "city_name_zh": S, "year": I}
    cols19.update({c: F for c, _ in _UNI_2019})
    t19 = read_csv(p19, cols19, non_negative=[c for c, _ in _UNI_2019])
    check_unique(p19, t19, ["city_code"])
    colsp = {"city_code": S, "city_name_zh": S, "year": I}
    colsp.update({c: F for c, _ in _UNI_PANEL})
    tpa = read_csv(ppa, colsp, non_negative=[c for c, _ in _UNI_PANEL])
    check_unique(ppa, tpa, ["city_code", "year"])
    u19, upa = t19.to_pandas(), tpa.to_pandas()
    check_codes(p19, u19["city_code"])
    check_codes(ppa, upa["city_code"])
    batch = ImportBatch("cn/universities", files=[p19, ppa])
    batch.add("indicators", wide_to_indicators(
        u19, city_ids(u19["city_code"]), [(c, ind, "count", None, 1) for c, ind in _UNI_2019],
        batch, "Universities 2019", year=u19["year"]))
    batch.add("indicators", wide_to_indicators(
        upa, city_ids(upa["city_code"]), [(c, ind, "count", None, 1) for c, ind in _UNI_PANEL],
        batch, "Universities 1985-2012", year=upa["year"]))
    both = pd.concat([u19[["city_code", "city_name_zh"]], upa[["city_code", "city_name_zh"]]])
    add_unlisted_regions(batch, data_dir, both["city_code"], both["city_name_zh"], "Universities")
    batch.notes.append(Note(
        "Universities 1985-2012: mid-period years (c. 1995-2008) are well above the MOE's official "
        "national counts (e.g. 2,132 vs 1,792 in 2005); the panel appears back-cast by founding "
        "year. Use 2010-2012 with confidence, earlier years with care. Boundaries are c. 2012 in "
        "every year; prefectures that never had a college are absent.",
        "1985—2012年高校：中段年份（约1995—2008年）明显高于教育部公布的全国数（如2005年2,132所对1,792所），"
        "该面板似按建校年份回推。2010—2012年可放心使用，更早年份须谨慎。各年辖区均约为2012年口径；"
        "从未有过高校的地级单位不在其中。"))
    batch.notes.append(Note(
        "Universities 2019 count each institution once at its 所在地 (no branch campuses); "
        "universities_moe_affiliated counts only 教育部, universities_central_ministry (1985-2012) "
        "any national ministry: the two are not the same series.",
        "2019年高校数按所在地每校计一次（不含分校区）；`universities_moe_affiliated`只计教育部直属，"
        "`universities_central_ministry`（1985—2012年）计所有中央部委所属：两者不是同一序列。"))
    return batch


_LIANG = [
    ("registered_pop_2016_persons", "population_registered", "persons", 2016),
    ("urban_resident_pop_2016_persons", "population_urban_resident", "persons", 2016),
    ("gdp_2016_yuan", "gdp", "cny", 2016),
    ("employ_share_info_fin_research_2016_pct", "employment_share_info_fin_research", "percent", 2016),
    ("patents_2017", "patents", "count", 2017),
    ("weibo_social_media_degree_2015", "weibo_degree", "count", 2015),
    ("tencent_mobility_degree_2016", "tencent_mobility_degree", "count", 2016),
    ("wos_copublication_degree_2017", "copublication_degree", "count", 2017),
]


def read_patents_connectivity(data_dir: Path) -> ImportBatch:
    """Patents and network degrees of 275 cities (Liang et al. 2024), as ``indicators``.

    Reads ``cn/city_patents_connectivity_liang2024.csv``. Each column goes to its own year:
    ``population_registered`` (户籍, 2016, ``persons``), ``population_urban_resident`` (urban
    districts incl. temporary residents, 2016, ``persons``), ``gdp`` (2016, **``cny`` = yuan**,
    not 亿元: 上海 2.817865e12), ``employment_share_info_fin_research`` (2016, ``percent``),
    ``patents`` (2017, ``count``; type not stated, magnitudes match grants of all three types),
    ``weibo_degree`` (2015), ``tencent_mobility_degree`` (2016) and ``copublication_degree``
    (Web of Science weighted degree, 2017), all ``count``.

    These are node attributes; the pairwise networks are not public. 28 YREB units are
    missing, including 成都. Some GDP values have only 7 significant digits in the source; they
    are kept as read. The source's own ids, names and centroids are not imported. Cite Liang,
    Hidalgo, Balland, Zheng & Wang (2024), CEUS 109, 102092.
    """
    path = Path(data_dir) / "cn" / "city_patents_connectivity_liang2024.csv"
    cols = {"city_code": S, "city_name_zh": S}
    cols.update({c: F for c, *_ in _LIANG})
    t = read_csv(path, cols, non_negative=[c for c, *_ in _LIANG])
    check_unique(path, t, ["city_code"])
    d = t.to_pandas()
    check_codes(path, d["city_code"])
    batch = ImportBatch("cn/patents_connectivity", files=[path])
    spec = [(c, ind, unit, y, 1) for c, ind, unit, y in _LIANG]
    batch.add("indicators", wide_to_indicators(d, city_ids(d["city_code"]), spec, batch, "Liang 2024"))
    add_unlisted_regions(batch, data_dir, d["city_code"], d["city_name_zh"], "Liang 2024")
    batch.notes.append(Note(
        "Liang et al. (2024) kept only cities with every attribute: 28 YREB units are missing, "
        "incl. 成都. gdp is in yuan (unit cny), unlike the panel's 亿元 (cny_100m). Pairwise "
        "networks are not public; degrees only.",
        "Liang等（2024）只保留各项属性齐全的城市：长江经济带缺28个单位，包括成都。其GDP以元为单位"
        "（`cny`），与面板数据的亿元（`cny_100m`）不同。城市对之间的网络未公开，只有度数。"))
    return batch
