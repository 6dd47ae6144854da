"""Chinese places, city clusters and city statistics (the ``cn/`` folder of the data).

Region ids: ``cn:CCCCCC`` (prefecture-level unit, 6-digit administrative code; the four
municipalities use their province-level code, e.g. ``cn:310000`` 上海), ``cn-prov:PP0000``
(province), ``cn`` (the nation). Group ids: ``cn-`` + the cluster id of ``clusters.csv`` with
``_`` replaced by ``-`` (``cn-yrd-2016``), plus ``cn-yreb`` for the whole Yangtze River Economic
Belt.

Every value is imported as published (no rounding, no imputation). Empty cells mean the source
had no value; they are not imported, and each reader says in ``batch.notes`` how many were
skipped per column. Codes that appear in a data file but not in ``cities.csv`` (Hong Kong,
Macao, XPCC cities, the historical 伊犁地区) are kept and get a minimal region row (Chinese
name only), named in the notes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from megaregion.errors import DataError
from megaregion.i18n.notes import Note
from megaregion.io.base import ImportBatch, check_unique, read_csv

S, I, F, B = "str", "int", "float", "bool"

# Core cities of each cluster (codes as in cities.csv). The brief names Shanghai as the core
# node of the Yangtze River Delta and of the whole belt; the plan documents name the centres
# of the other clusters: the 2015 middle-reaches plan (长江中游城市群发展规划) is built around
# 武汉, 长沙 and 南昌 (the centres of its three sub-clusters: the Wuhan circle, 环长株潭 and
# 环鄱阳湖), and the 2016 成渝 plan (成渝城市群发展规划) around the two "dual cores" 重庆 and
# 成都. Every other member has role 'member'.
CLUSTER_CORES: dict[str, tuple[str, ...]] = {
    "yrd_2016": ("310000",),             # 上海
    "yrd_2019_central": ("310000",),     # 上海
    "yrd_2019_full": ("310000",),        # 上海
    "yreb": ("310000",),                 # 上海 (the brief's core node of the belt)
    "myr_2015": ("420100", "430100", "360100"),  # 武汉, 长沙, 南昌
    "wuhan_circle": ("420100",),         # 武汉 ("1+8": 武汉 plus eight)
    "cztan_core": ("430100",),           # 长沙
    "huan_cztan": ("430100",),           # 长沙
    "poyang_lake": ("360100",),          # 南昌
    "chengyu_2016": ("500000", "510100"),  # 重庆, 成都
}

YREB_GROUP = {
    "group_id": "cn-yreb",
    "group_name": "Yangtze River Economic Belt (11 provinces)",
    "group_name_zh": "长江经济带",
    "vintage": "2016",
    "source_note": ("长江经济带发展规划纲要 (2016): all prefecture-level units of the 11 provinces "
                    "上海 江苏 浙江 安徽 江西 湖北 湖南 重庆 四川 贵州 云南 (cities.csv in_yreb = True; "
                    "includes the historical 巢湖 341400 and the 4 Hubei county-level units)"),
}

# English names that cities.csv leaves blank (both units no longer exist).
_MISSING_EN = {"341400": "Chaohu", "371200": "Laiwu"}

CITIES_FILE = ("cn", "cities.csv")


# --------------------------------------------------------------------------------------------
# shared helpers (also used by cn_innovation and cn_flows)
# --------------------------------------------------------------------------------------------

def city_ids(codes: pd.Series) -> pd.Series:
    """``cn:`` + 6-digit city code."""
    return "cn:" + codes.astype("string")


def check_codes(path: Path, codes: pd.Series, column: str = "city_code") -> None:
    """Raise a DataError naming the first code that is not six digits."""
    ok = codes.astype("string").str.fullmatch(r"\d{6}").fillna(False).to_numpy(dtype=bool)
    if not ok.all():
        i = int(np.argmin(ok))
        raise DataError(path, "city code is not a 6-digit administrative code", row=i + 2,
                        column=column, expected="six digits, e.g. 420100",
                        found=str(codes.iloc[i]))


def known_city_codes(data_dir: Path) -> set[str] | None:
    """Codes listed in ``cn/cities.csv`` (None when that file is absent)."""
    path = Path(data_dir).joinpath(*CITIES_FILE)
    if not path.is_file():
        return None
    t = read_csv(path, {"city_code": S})
    return set(t.column("city_code").to_pylist())


def add_unlisted_regions(batch: ImportBatch, data_dir: Path, codes: pd.Series,
                         names_zh: pd.Series | None, what: str) -> None:
    """Give codes that ``cities.csv`` does not list a minimal region row, and say so.

    The data rows for such codes are kept (nothing is dropped); the region gets its Chinese
    name from the data file, level ``city`` and parent ``cn-prov:PP0000`` (``cn`` when the code
    is itself province-level, e.g. Hong Kong 810000).
    """
    known = known_city_codes(data_dir)
    frame = pd.DataFrame({"code": codes.astype("string").to_numpy(),
                          "name_zh": (names_zh.astype("string").to_numpy() if names_zh is not None
                                      else pd.array([None] * len(codes), dtype="string"))})
    frame = frame.drop_duplicates("code")
    if known is None:
        batch.notes.append(Note(f"{what}: cn/cities.csv not found, so the city codes were not checked "
                                "against the reference list.",
                                f"{_what_zh(what)}：未找到cn/cities.csv，城市代码未与参考名单核对。"))
        return
    extra = frame[~frame["code"].isin(known)]
    if extra.empty:
        return
    prov = extra["code"].str[:2] + "0000"
    parent = np.where(prov == extra["code"], "cn", "cn-prov:" + prov)
    batch.add("regions", pd.DataFrame({
        "region_id": "cn:" + extra["code"], "name_zh": extra["name_zh"], "country": "cn",
        "level": "city", "parent": parent,
    }))
    listing = ", ".join(f"{c} {n}" for c, n in zip(extra["code"], extra["name_zh"].fillna("")))
    batch.notes.append(Note(f"{what}: {len(extra)} codes are not in cn/cities.csv ({listing}); their "
                            "rows are kept and each got a minimal region row (Chinese name only).",
                            f"{_what_zh(what)}：{len(extra)}个代码不在cn/cities.csv中（{listing}）；"
                            "其数据行保留，并各补建一条只有中文名的地区记录。"))


def wide_to_indicators(frame: pd.DataFrame, region_ids: pd.Series, spec, batch: ImportBatch,
                       what: str, *, year=None) -> pd.DataFrame:
    """Reshape wide columns into indicator rows, skipping (and counting) empty cells.

    ``spec`` is a list of ``(column, indicator, unit, year, scale)``; ``year`` ``None`` takes
    the year from the ``year`` argument (a Series or a number). ``scale`` multiplies the value
    (unit conversion); the product is rounded to 6 decimals only to remove the binary noise the
    multiplication itself adds.
    """
    parts, skipped = [], []
    for col, indicator, unit, col_year, scale in spec:
        values = pd.to_numeric(frame[col], errors="raise").astype("float64")
        keep = values.notna().to_numpy()
        if (~keep).sum():
            skipped.append(f"{col} {(~keep).sum()}")
        y = col_year if col_year is not None else year
        if y is None:
            raise ValueError(f"no year for column {col!r}")
        y = np.asarray(y)[keep] if isinstance(y, pd.Series) else y
        v = values[keep]
        if scale != 1:
            v = (v * scale).round(6)
        parts.append(pd.DataFrame({
            "region_id": region_ids[keep].to_numpy(), "year": y,
            "indicator": indicator, "value": v.to_numpy(), "unit": unit,
        }))
    if skipped:
        batch.notes.append(Note(f"{what}: empty cells (no value in the source) were not imported: "
                                + ", ".join(skipped) + ".",
                                f"{_what_zh(what)}：源文件中的空单元格（无数值）未导入：" + _cols_zh(skipped) + "。"))
    out = pd.concat(parts, ignore_index=True)
    out["year"] = out["year"].astype("int32")
    return out


# --------------------------------------------------------------------------------------------
# readers
# --------------------------------------------------------------------------------------------

def read_cities(data_dir: Path) -> ImportBatch:
    """Chinese prefecture-level units, provinces and the nation, from ``cn/cities.csv``.

    Writes ``regions``:

    * cities ``cn:CCCCCC`` (level ``city``; also the four municipalities, autonomous
      prefectures, leagues and the county-level units administered by a province), with
      ``name`` = English pinyin name, ``name_zh``, ``parent`` = ``cn-prov:PP0000`` and the
      ``lat``/``lon`` of the city seat as shipped by ``cpca`` (datum not stated; possibly
      GCJ-02);
    * provinces ``cn-prov:PP0000`` (level ``province``, parent ``cn``);
    * the nation ``cn``.

    Names: the file already disambiguates the five duplicated pinyin names with the province
    (``Suzhou(Jiangsu)`` / ``Suzhou(Anhui)``); they are written ``Suzhou (Jiangsu)``. Any other
    name that is still duplicated gets the province appended the same way, so names are unique.
    巢湖 (341400, abolished 2011, no coordinates) and 莱芜 (371200, abolished 2019) have no
    English name in the file; they are named ``Chaohu`` and ``Laiwu`` here. Both are kept as
    regions because data exist for them (e.g. the 2010 panel).
    """
    path = Path(data_dir).joinpath(*CITIES_FILE)
    t = read_csv(path, {
        "city_code": S, "city_name_zh": S, "city_name_en": S, "province_code": S,
        "province_name_zh": S, "province_name_en": S, "unit_type": S, "longitude": F,
        "latitude": F, "in_yreb": B, "status": S,
    })
    check_unique(path, t, ["city_code"])
    c = t.to_pandas()
    check_codes(path, c["city_code"])
    check_codes(path, c["province_code"], "province_code")
    batch = ImportBatch("cn/cities", files=[path])

    name = c["city_name_en"].astype("string")
    filled = name.isna() & c["city_code"].isin(_MISSING_EN)
    name = name.where(~filled, c["city_code"].map(_MISSING_EN))
    name = name.str.replace(r"^(.*\S)\s*\((.+)\)$", r"\1 (\2)", regex=True)
    dup = name.duplicated(keep=False) & name.notna()
    name = name.where(~dup, name + " (" + c["province_name_en"].astype("string") + ")")
    if name.duplicated().any():  # pragma: no cover - only with a malformed reference file
        first = name[name.duplicated()].iloc[0]
        raise DataError(path, f"English city name {first!r} is not unique even with the province",
                        column="city_name_en", expected="unique names within a province")
    cities = pd.DataFrame({
        "region_id": city_ids(c["city_code"]), "name": name, "name_zh": c["city_name_zh"],
        "country": "cn", "level": "city", "parent": "cn-prov:" + c["province_code"],
        "lat": c["latitude"], "lon": c["longitude"],
    })
    prov = c.groupby("province_code", as_index=False, sort=True).agg(
        name=("province_name_en", "first"), name_zh=("province_name_zh", "first"))
    provinces = pd.DataFrame({
        "region_id": "cn-prov:" + prov["province_code"], "name": prov["name"],
        "name_zh": prov["name_zh"], "country": "cn", "level": "province", "parent": "cn",
    })
    nation = pd.DataFrame({"region_id": ["cn"], "name": ["China"], "name_zh": ["中国"],
                           "country": ["cn"], "level": ["nation"]})
    batch.add("regions", pd.concat([nation, provinces, cities], ignore_index=True))
    if filled.any():
        batch.notes.append(Note(
            f"{int(filled.sum())} units have no English name in the file and were named here: "
            + ", ".join(f"{k} {v}" for k, v in _MISSING_EN.items()) + ".",
            f"{int(filled.sum())}个单位在文件中没有英文名，已在此补上：" + "，".join(_MISSING_EN) + "。"))
    no_xy = c.loc[c["latitude"].isna() | c["longitude"].isna(), "city_name_zh"].tolist()
    if no_xy:
        batch.notes.append(Note(f"{len(no_xy)} units have no coordinates: {', '.join(no_xy)}.",
                                f"{len(no_xy)}个单位没有坐标：{'、'.join(no_xy)}。"))
    batch.notes.append(Note(
        "Historical units are kept as regions: 巢湖 341400 (abolished Aug 2011, split among "
        "合肥, 芜湖, 马鞍山) and 莱芜 371200 (merged into 济南 2019). Data for 合肥/芜湖/马鞍山 "
        "before and after 2011 do not cover the same territory.",
        "历史行政单位作为地区保留：巢湖（341400，2011年8月撤销，分入合肥、芜湖、马鞍山）和莱芜"
        "（371200，2019年并入济南）。合肥、芜湖、马鞍山2011年前后的数据对应的辖区不同。"))
    batch.notes.append(Note("Coordinates are cpca's city-seat points; the datum is not stated "
                            "(Chinese web-map data are often GCJ-02, a few hundred metres off WGS-84).",
                            "坐标为cpca数据包的市政府驻地点；未说明坐标系（国内网络地图数据多为GCJ-02，"
                            "与WGS-84相差数百米）。"))
    return batch


def read_clusters(data_dir: Path) -> ImportBatch:
    """The nine YREB city clusters of ``cn/clusters.csv`` and the whole belt, as ``groups``.

    Group ids are ``cn-`` + ``cluster_id`` with ``_`` → ``-`` (``cn-yrd-2016``,
    ``cn-myr-2015``, ...). ``membership`` (``full``/``partial``: only some counties of the
    city belong to the cluster) comes from the file, ``vintage`` is the document year,
    ``source_note`` the defining document. Roles are ``core`` for the cities in
    :data:`CLUSTER_CORES` and ``member`` otherwise.

    ``cn-yreb`` lists every unit of ``cn/cities.csv`` with ``in_yreb`` True (131 units, incl. the
    historical 巢湖 and the 4 Hubei county-level units), all ``full``, core 上海.

    Raises DataError for an unknown cluster city code, a membership value other than
    ``full``/``partial``, or a core city missing from its cluster.
    """
    path = Path(data_dir) / "cn" / "clusters.csv"
    cpath = Path(data_dir).joinpath(*CITIES_FILE)
    t = read_csv(path, {
        "cluster_id": S, "cluster_name_zh": S, "cluster_name_en": S, "defining_document": S,
        "doc_year": I, "city_code": S, "city_name_zh": S, "membership": S,
    })
    check_unique(path, t, ["cluster_id", "city_code"])
    cl = t.to_pandas()
    check_codes(path, cl["city_code"])
    bad = ~cl["membership"].isin(["full", "partial"]).to_numpy()
    if bad.any():
        i = int(np.argmax(bad))
        raise DataError(path, "unknown membership", row=i + 2, column="membership",
                        expected="full or partial", found=str(cl["membership"].iloc[i]))
    cities = read_csv(cpath, {"city_code": S, "in_yreb": B}).to_pandas()
    unknown = ~cl["city_code"].isin(cities["city_code"]).to_numpy()
    if unknown.any():
        i = int(np.argmax(unknown))
        raise DataError(path, "city code is not in cn/cities.csv", row=i + 2, column="city_code",
                        expected="a code listed in cn/cities.csv", found=str(cl["city_code"].iloc[i]))
    for cid, cores in CLUSTER_CORES.items():
        if cid == "yreb" or cid not in set(cl["cluster_id"]):
            continue
        members = set(cl.loc[cl["cluster_id"] == cid, "city_code"])
        for code in cores:
            if code not in members:
                raise DataError(path, f"core city {code} of cluster {cid!r} is not listed as a "
                                "member", column="city_code",
                                expected=f"a row ({cid}, {code})")
    core = pd.Series([c in CLUSTER_CORES.get(g, ()) for g, c in zip(cl["cluster_id"], cl["city_code"])],
                     dtype=bool)
    groups = pd.DataFrame({
        "group_id": "cn-" + cl["cluster_id"].str.replace("_", "-", regex=False),
        "group_name": cl["cluster_name_en"], "group_name_zh": cl["cluster_name_zh"],
        "region_id": city_ids(cl["city_code"]), "role": np.where(core, "core", "member"),
        "membership": cl["membership"], "vintage": cl["doc_year"].astype("string"),
        "source_note": cl["defining_document"],
    })
    yreb = cities[cities["in_yreb"].fillna(False).astype(bool)]
    yreb_rows = pd.DataFrame({
        "group_id": YREB_GROUP["group_id"], "group_name": YREB_GROUP["group_name"],
        "group_name_zh": YREB_GROUP["group_name_zh"], "region_id": city_ids(yreb["city_code"]),
        "role": np.where(yreb["city_code"].isin(CLUSTER_CORES["yreb"]), "core", "member"),
        "membership": "full", "vintage": YREB_GROUP["vintage"],
        "source_note": YREB_GROUP["source_note"],
    })
    batch = ImportBatch("cn/clusters", files=[path, cpath])
    batch.add("groups", pd.concat([groups, yreb_rows], ignore_index=True))
    partial = cl[cl["membership"] == "partial"]
    listing = ", ".join(f"{g}:{n}" for g, n in zip(partial["cluster_id"], partial["city_name_zh"]))
    batch.notes.append(Note(
        f"{len(partial)} memberships are partial (only some counties of the city belong): "
        + listing + ". City-level data over-cover these clusters.",
        f"{len(partial)}个成员关系是部分的（只有该市的部分县区属于城市群）："
        + "，".join(f"`{g}`:{n}" for g, n in zip(partial["cluster_id"], partial["city_name_zh"])) + "。"
        "市级数据对这些城市群覆盖偏多。"))
    batch.notes.append(Note(
        "Core cities are set by the reader (megaregion.io.cn_cities.CLUSTER_CORES), not by the "
        "file: 上海 for the YRD lists and the belt; 武汉, 长沙, 南昌 for the middle reaches; "
        "重庆 and 成都 for 成渝. The lists were typed from the plan texts; the 长株潭 core "
        "definition is the common one (no document retrieved).",
        "核心城市由读取程序设定（`megaregion.io.cn_cities.CLUSTER_CORES`），而非来自文件：长三角各名单和长江经济带"
        "为上海；长江中游为武汉、长沙、南昌；成渝为重庆和成都。名单依规划文本录入；长株潭的核心按通行定义"
        "（未找到正式文件）。"))
    return batch


# (column, indicator, unit, scale) of the panel's indicator columns.
_PANEL_INDICATORS = [
    ("gdp_100m_yuan", "gdp", "cny_100m", 1),
    ("gdp_index_prev_year_eq_100", "gdp_index", "index_prev_year_eq_100", 1),
    ("resident_pop_10k", "population_resident", "persons", 10_000),
    ("resident_pop_10k_vendor_interpolated", "population_resident_vendor_interpolated", "persons", 10_000),
    ("land_area_km2", "land_area", "km2", 1),
    ("fdi_actual_use_million_usd", "fdi_actual_use", "usd_million", 1),
    ("loans_10k_yuan", "loans", "cny_10k", 1),
    ("deposits_10k_yuan", "deposits", "cny_10k", 1),
]
_PANEL_VA = [("va_primary_100m_yuan", "primary"), ("va_secondary_100m_yuan", "secondary"),
             ("va_tertiary_100m_yuan", "tertiary")]


#: Flag of every value of the panel: the data README calls it a secondary compilation.
PANEL_FLAG = "secondary"
#: Tolerance of the value-added check, relative to GDP: a city-year whose three sectors differ
#: from its GDP by more than 1 % of GDP is flagged ``inconsistent`` (the data README's rule).
VA_SUM_TOLERANCE = 0.01
#: Provinces of the Yangtze River Economic Belt (first two digits of the city code; data README).
YREB_PROVINCES = ("31", "32", "33", "34", "36", "42", "43", "50", "51", "52", "53")


def flag_value_added(panel: pd.DataFrame) -> pd.Series:
    """Whether each city-year's value added by sector disagrees with its GDP.

    Parameters
    ----------
    panel : one row per city-year with ``gdp_100m_yuan`` and ``va_primary_100m_yuan``,
        ``va_secondary_100m_yuan``, ``va_tertiary_100m_yuan`` (亿元; empty = NaN).

    Returns
    -------
    Boolean Series aligned with ``panel``: True where ``|VA_1 + VA_2 + VA_3 - GDP| >
    VA_SUM_TOLERANCE * GDP`` (1 % of GDP). With one or two sectors empty the sum is a lower
    bound, so only a partial sum above GDP by that margin is flagged; without GDP, or without
    any sector, nothing can be checked (False).

    Notes
    -----
    The three sectors add up to GDP by definition (GDP by the production approach is the sum of
    primary, secondary and tertiary value added; National Bureau of Statistics, China
    Statistical Yearbook, explanatory notes on national accounts). The data README reports the
    panel failing this check at 1 % in 92 of 7,971 complete city-years. The tolerance is far
    above what rounding can explain: values printed to 0.01 亿元 put the sum at most 0.015 亿元
    off, under 1 % of the smallest GDP in the panel (3.24 亿元), and the vendor's
    single-precision storage adds about 1e-7 of the value. Of the complete city-years, 92
    differ by more than 1 %, 17 more by 0.5-1 %, the others by under 0.5 %.
    """
    cols = [c for c, _ in _PANEL_VA]
    va = panel[cols].apply(pd.to_numeric)
    gdp = pd.to_numeric(panel["gdp_100m_yuan"])
    total = va.sum(axis=1, min_count=1)
    n = va.notna().sum(axis=1)
    gap = total - gdp
    allowed = VA_SUM_TOLERANCE * gdp
    complete = n == len(cols)
    bad = (complete & (gap.abs() > allowed)) | (~complete & (n > 0) & (gap > allowed))
    return bad.fillna(False).astype(bool)


def read_city_panel(data_dir: Path) -> ImportBatch:
    """City panel 2000–2023 (``cn/city_stats_panel_2000_2023.csv``), a vendor compilation.

    Writes

    * ``activity``: value added by the three sectors, classification ``cn-three-sector``,
      industry ``primary``/``secondary``/``tertiary``, measure ``value_added``, unit
      ``cny_100m`` (亿元, current prices), flag ``secondary``, or ``inconsistent`` on the three
      rows of a city-year whose sectors do not sum to its GDP (:func:`flag_value_added`);
    * ``indicators``: ``gdp`` (``cny_100m``, current prices), ``gdp_index`` (real GDP index,
      previous year = 100), ``population_resident`` (常住人口; the file's 万人 × 10,000 →
      ``persons``), ``population_resident_vendor_interpolated`` (the vendor's gap-filled
      series, also converted to persons; kept apart because it is not observed), ``land_area``
      (``km2``; the vendor filled gaps with 2019 areas), ``fdi_actual_use`` (``usd_million``),
      ``loans`` and ``deposits`` (year-end, ``cny_10k`` = 万元); every row flagged ``secondary``.

    Quality: the data README calls the panel a secondary compilation (China City Statistical
    Yearbook, provincial yearbooks and city bulletins, compiled by online data vendors), not an
    official release, so every value is flagged ``secondary`` (``model.quality``). The GDP row
    of a city-year whose sectors do not sum to it stays ``secondary``: which of the four numbers
    is wrong is not known, and GDP is the reference the check is made against. The import notes
    count each flag and name the inconsistent city-years of the Yangtze River Economic Belt.

    Not imported: the vendor's ``share_*`` columns (derived: value added / GDP; recompute them
    from the imported values) and ``fdi_source_agency`` (text). Values are kept exactly as read:
    several columns were stored in single precision by the vendor (上海 2019 primary value
    added reads 103.879997253418, not 103.88); round them if needed. Empty cells are skipped and
    counted in the notes.
    """
    path = Path(data_dir) / "cn" / "city_stats_panel_2000_2023.csv"
    cols = {"city_code": S, "city_name_zh": S, "province_code": S, "year": I}
    cols.update({c: F for c, _ in _PANEL_VA})
    cols.update({c: F for c, *_ in _PANEL_INDICATORS})
    t = read_csv(path, cols, non_negative=[c for c, _ in _PANEL_VA] + [
        "gdp_100m_yuan", "resident_pop_10k", "resident_pop_10k_vendor_interpolated",
        "land_area_km2", "fdi_actual_use_million_usd", "loans_10k_yuan", "deposits_10k_yuan"])
    check_unique(path, t, ["city_code", "year"])
    p = t.to_pandas()
    check_codes(path, p["city_code"])
    batch = ImportBatch("cn/city_panel", files=[path])
    ids = city_ids(p["city_code"])

    inconsistent = flag_value_added(p).to_numpy()
    row_flag = np.where(inconsistent, "inconsistent", PANEL_FLAG)
    parts, skipped = [], []
    for col, industry in _PANEL_VA:
        keep = p[col].notna().to_numpy()
        if (~keep).sum():
            skipped.append(f"{col} {(~keep).sum()}")
        parts.append(pd.DataFrame({
            "region_id": ids[keep].to_numpy(), "year": p.loc[keep, "year"].to_numpy(),
            "classification": "cn-three-sector", "industry": industry, "measure": "value_added",
            "value": p.loc[keep, col].to_numpy(), "unit": "cny_100m", "flag": row_flag[keep],
        }))
    activity = pd.concat(parts, ignore_index=True)
    batch.add("activity", activity)
    if skipped:
        batch.notes.append(Note("Value added: empty cells were not imported: " + ", ".join(skipped) + ".",
                                "增加值：空单元格未导入：" + _cols_zh(skipped) + "。"))
    spec = [(c, ind, unit, None, scale) for c, ind, unit, scale in _PANEL_INDICATORS]
    indicators = wide_to_indicators(p, ids, spec, batch, "Indicators", year=p["year"])
    indicators["flag"] = PANEL_FLAG
    batch.add("indicators", indicators)
    batch.notes.append(_panel_quality_note(p, inconsistent, activity, indicators))
    add_unlisted_regions(batch, data_dir, p["city_code"], p["city_name_zh"], "City panel")
    batch.notes.append(Note(
        "Resident population (常住人口) was converted from 万人 to persons (× 10,000). "
        "population_resident_vendor_interpolated is the vendor's gap-filled series (differs from "
        "the observed one in 718 rows where that is blank and in 9 where it is not); prefer "
        "population_resident or the census.",
        "常住人口已由万人换算为人（×10,000）。`population_resident_vendor_interpolated`是数据商插补的序列"
        "（在观测值为空的718行及不为空的9行与观测值不同）；应优先使用`population_resident`或普查数据。"))
    batch.notes.append(Note(
        "Not imported: share_primary/share_secondary/share_tertiary (the vendor's value added / "
        "GDP; derived) and fdi_source_agency (text).",
        "未导入：`share_primary`/`share_secondary`/`share_tertiary`（数据商计算的增加值/GDP，派生值）"
        "和`fdi_source_agency`（文本）。"))
    batch.notes.append(Note(
        "Values are as read, not rounded: several vendor columns were stored in single "
        "precision (上海 2019 primary value added = 103.879997253418). Pre- and "
        "post-2018-census vintages may be mixed; boundaries follow each year (巢湖 split in 2011).",
        "数值按原样读取，未作舍入：数据商的若干列以单精度存储（上海2019年第一产业增加值 = 103.879997253418）。"
        "可能混有2018年经济普查前后两种口径；辖区随年份变化（巢湖2011年拆分）。"))
    return batch


def _panel_quality_note(p: pd.DataFrame, inconsistent: np.ndarray, activity: pd.DataFrame,
                        indicators: pd.DataFrame) -> Note:
    """The import note counting each quality flag of the panel (both languages)."""
    va_flags = activity["flag"].value_counts()
    n_sec, n_inc = int(va_flags.get(PANEL_FLAG, 0)), int(va_flags.get("inconsistent", 0))
    n_years = int(inconsistent.sum())
    cols = [c for c, _ in _PANEL_VA]
    checkable = int((p["gdp_100m_yuan"].notna() & p[cols].notna().any(axis=1)).sum())
    bad = p.loc[inconsistent & p["city_code"].str[:2].isin(YREB_PROVINCES).to_numpy()]
    bad = bad.sort_values(["year", "city_code"])
    yreb_en = ", ".join(f"{n} {y}" for n, y in zip(bad["city_name_zh"], bad["year"]))
    yreb_zh = "、".join(f"{n}{y}年" for n, y in zip(bad["city_name_zh"], bad["year"]))
    pct = f"{100 * VA_SUM_TOLERANCE:g}"
    return Note(
        "Quality: the panel is a secondary compilation (yearbooks and city bulletins compiled by "
        "data vendors, not an official release; data README), so every value is flagged "
        f"'secondary'. Value added: {len(activity):,} values, {n_sec:,} 'secondary' and "
        f"{n_inc:,} 'inconsistent': the rows of {n_years} of {checkable:,} city-years whose three "
        f"sectors do not sum to GDP within {pct} % of GDP (tolerance; rounding explains at most "
        "0.015 亿元)"
        + (f"; in the Yangtze River Economic Belt: {yreb_en}" if len(bad) else "")
        + f". Indicators: {len(indicators):,} values, all 'secondary' (GDP included).",
        "数据质量：该面板为二手汇编数据（由数据商整理自年鉴和城市统计公报，并非官方发布；见数据说明），"
        f"所有数值均标记为“二手汇编数据”。增加值：共{len(activity):,}个数值，其中“二手汇编数据”{n_sec:,}个，"
        f"“分项之和与合计不符”{n_inc:,}个，即{checkable:,}个“城市—年份”中有{n_years}个的三次产业增加值之和"
        f"与GDP相差超过GDP的{pct}%（容差；舍入误差至多0.015亿元）"
        + (f"；长江经济带中为：{yreb_zh}" if len(bad) else "")
        + f"。指标：共{len(indicators):,}个数值，全部为“二手汇编数据”（含GDP）。")


_CENSUS = [
    ("pop_{y}", "population_census", "persons"),
    ("pop_urban_{y}", "population_census_urban", "persons"),
    ("pop_rural_{y}", "population_census_rural", "persons"),
    ("household_size_{y}", "household_size", "persons_per_household"),
    ("sex_ratio_m_per_100f_{y}", "sex_ratio", "males_per_100_females"),
    ("pct_age_0_14_{y}", "population_share_age_0_14", "percent"),
    ("pct_age_15_59_{y}", "population_share_age_15_59", "percent"),
    ("pct_age_60plus_{y}", "population_share_age_60plus", "percent"),
    ("pct_age_65plus_{y}", "population_share_age_65plus", "percent"),
]


def read_census(data_dir: Path) -> ImportBatch:
    """Census population 2010 and 2020 (``cn/census_population_2010_2020.csv``), 2020 boundaries.

    Writes ``indicators`` for years 2010 and 2020: ``population_census``,
    ``population_census_urban``, ``population_census_rural`` (``persons``), ``household_size``
    (``persons_per_household``), ``sex_ratio`` (``males_per_100_females``) and
    ``population_share_age_0_14`` / ``_15_59`` / ``_60plus`` / ``_65plus`` (``percent`` of the
    population). The source adjusted the 2010 figures to 2020 boundaries, so 2010 and 2020 are
    comparable, but 2010 census values differ from 2010 panel values for cities whose territory
    changed (e.g. 合肥 after 巢湖). Hong Kong, Macao and the XPCC cities are kept (minimal region
    rows). Empty cells (10–36 per column) are skipped and counted in the notes.
    """
    path = Path(data_dir) / "cn" / "census_population_2010_2020.csv"
    cols = {"city_code": S, "city_name_zh": S, "province_code": S}
    counts = []
    for y in (2020, 2010):
        for pattern, *_ in _CENSUS:
            cols[pattern.format(y=y)] = F
            if pattern.startswith("pop_"):
                counts.append(pattern.format(y=y))
    t = read_csv(path, cols, non_negative=list(cols)[3:])
    check_unique(path, t, ["city_code"])
    c = t.to_pandas()
    check_codes(path, c["city_code"])
    batch = ImportBatch("cn/census", files=[path])
    spec = [(pattern.format(y=y), ind, unit, y, 1) for y in (2010, 2020) for pattern, ind, unit in _CENSUS]
    batch.add("indicators", wide_to_indicators(c, city_ids(c["city_code"]), spec, batch, "Census"))
    add_unlisted_regions(batch, data_dir, c["city_code"], c["city_name_zh"], "Census")
    batch.notes.append(Note("2010 census figures are on 2020 boundaries (adjusted by the source, "
                            "Dong, Du & Liu 2022); census_city_code (xx0100 for municipalities) is "
                            "not imported.",
                            "2010年普查数据已按2020年行政区划调整（由数据来源调整，Dong, Du & Liu 2022）；"
                            "`census_city_code`（直辖市为`xx0100`）未导入。"))
    return batch


_FIRMS = [
    ("gdp_10k_yuan", "gdp", "cny_10k"),
    ("fiscal_revenue_10k_yuan", "fiscal_revenue", "cny_10k"),
    ("employment_persons", "employment", "persons"),
    ("new_firms_primary", "new_firms_primary", "count"),
    ("new_firms_secondary", "new_firms_secondary", "count"),
    ("new_firms_tertiary", "new_firms_tertiary", "count"),
    ("new_firms_total", "new_firms_total", "count"),
    ("nightlight_sum", "nightlight_sum", "unstated_dn_sum"),
]


def read_yearbook_firms(data_dir: Path) -> ImportBatch:
    """City yearbook figures and new firms, 2015 (``cn/city_yearbook_firms_2015.csv``).

    Writes ``indicators`` for the file's ``year`` (2015; the year is inferred by the data
    folder, see its README): ``gdp`` and ``fiscal_revenue`` (``cny_10k`` = 万元; fiscal
    revenue probably 地方一般公共预算收入), ``employment`` (``persons``; probably 年末单位从业人员),
    ``new_firms_primary`` / ``_secondary`` / ``_tertiary`` / ``_total`` (``count`` of firms
    registered in 2015, GFRD; implausibly low for some big cities) and ``nightlight_sum``
    (sum of night-time light; product and unit not stated → unit ``unstated_dn_sum``).
    """
    path = Path(data_dir) / "cn" / "city_yearbook_firms_2015.csv"
    cols = {"city_code": S, "city_name_zh": S, "year": I}
    cols.update({c: F for c, *_ in _FIRMS})
    t = read_csv(path, cols, non_negative=[c for c, *_ in _FIRMS])
    check_unique(path, t, ["city_code"])
    f = t.to_pandas()
    check_codes(path, f["city_code"])
    batch = ImportBatch("cn/yearbook_firms_2015", files=[path])
    spec = [(c, ind, unit, None, 1) for c, ind, unit in _FIRMS]
    batch.add("indicators", wide_to_indicators(f, city_ids(f["city_code"]), spec, batch,
                                               "Yearbook 2015", year=f["year"]))
    add_unlisted_regions(batch, data_dir, f["city_code"], f["city_name_zh"], "Yearbook 2015")
    batch.notes.append(Note(
        "The file does not state its year; 2015 is inferred (yearbook columns match official 2015 "
        "figures). New-firm counts (GFRD registrations) are implausibly low for some big cities "
        "(西安 3,411 vs 北京 195,476): use with care.",
        "文件未注明年份；据年鉴各列与2015年官方数据一致推定为2015年。新增企业数（GFRD登记数）对某些大城市"
        "低得不合理（西安3,411家，北京195,476家），请谨慎使用。"))
    return batch


#: Chinese names of the parts of the Chinese files that reader notes name.
_WHAT_ZH = {"Census": "人口普查", "City panel": "城市面板", "Indicators": "指标", "Value added": "增加值",
            "Universities 2019": "2019年高校", "Universities 1985-2012": "1985—2012年高校",
            "Yearbook 2015": "2015年年鉴", "Universities": "高校", "Liang 2024": "Liang等（2024）"}


def _what_zh(what: str) -> str:
    return _WHAT_ZH.get(what, what)


def _cols_zh(skipped: list[str]) -> str:
    """``["col 75", ...]`` as Chinese text with the source's column names as code."""
    return "，".join(f"`{x.rsplit(' ', 1)[0]}` {x.rsplit(' ', 1)[-1]}" for x in skipped)
