"""Inter-city links and national input-output tables (the ``links/`` folder of the data).

* GaWC world-city data (DS11 2000, DS6 late 1990s, GNC 2020): firm × city service values go to
  ``activity`` on ``world:<slug>`` regions (``slug`` = the city name lowercased, every run of
  non-alphanumeric characters replaced by ``-``), the firms to ``industries``.
* US technology transfer between and within metros (Li, Du & Yu 2025) → ``flows``.
* Liang et al. (2024) US metro connectivity → ``indicators``.
* Chinese high-tech firm city links 1998–2008 → ``flows``.
* BEA summary make/use tables and China's national IO tables → ``io_tables``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from megaregion.errors import DataError
from megaregion.i18n.notes import Note
from megaregion.io.base import ImportBatch, check_unique, read_csv

S, I, F = "str", "int", "float"

GAWC_ACK = ("GaWC protocol: cite 'The data were produced by {authors} and constitute Data Set "
            "{n} of the Globalization and World Cities (GaWC) Research Network "
            "(http://www.lboro.ac.uk/gawc/) publication of inter-city data.'")
_GAWC_CITE = ("The data were produced by {authors} and constitute Data Set {n} of the Globalization and World "
              "Cities (GaWC) Research Network (http://www.lboro.ac.uk/gawc/) publication of inter-city data.")


def _gawc_ack(authors: str, n: int) -> Note:
    """GaWC's required acknowledgement; the Chinese note quotes it verbatim (it must be cited so)."""
    return Note(GAWC_ACK.format(authors=authors, n=n),
                f"按GaWC的规定，使用时须原文注明：`{_GAWC_CITE.format(authors=authors, n=n)}`")


def slug(name: str) -> str:
    """``world:`` slug of a city name: lowercase, non-alphanumeric runs → ``-``.

    ``slug('Washington,DC') == 'washington-dc'``; ``slug('New York (New York)') ==
    'new-york-new-york'``. Non-ASCII letters are kept (``'münchen'``).
    """
    return re.sub(r"[\W_]+", "-", name.strip().lower()).strip("-")


def _slugs(names: pd.Series) -> pd.Series:
    return names.astype("string").map(slug)


def _row_error(path: Path, mask: np.ndarray, frame: pd.DataFrame, column: str, problem: str,
               expected: str) -> None:
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        i = int(np.argmax(mask))
        raise DataError(path, problem, row=i + 2, column=column, expected=expected,
                        found=str(frame[column].iloc[i]))


def _no_empty(path: Path, frame: pd.DataFrame, columns) -> None:
    for col in columns:
        _row_error(path, frame[col].isna().to_numpy(), frame, col, "empty cell", "a value")


# --------------------------------------------------------------------------------------------
# GaWC
# --------------------------------------------------------------------------------------------

def _read_gawc(path: Path, dataset: str, classification: str, year: int, max_value: int,
               extra_cols: dict[str, str]) -> tuple[ImportBatch, pd.DataFrame]:
    cols = {"city_id": I, "city": S, "firm_id": I, **extra_cols, "firm": S, "sector": S,
            "service_value": I}
    t = read_csv(path, cols, non_negative=["service_value"])
    check_unique(path, t, ["city_id", "firm_id"])
    d = t.to_pandas()
    _no_empty(path, d, ["city_id", "city", "firm_id", "firm", "sector", "service_value"])
    _row_error(path, (d["service_value"] > max_value).to_numpy(), d, "service_value",
               "service value out of range", f"an integer 0-{max_value}")
    # One name per city id, one name and one sector per firm id, unique names and slugs.
    for key, col in (("city_id", "city"), ("firm_id", "firm"), ("firm_id", "sector"),
                     ("city", "city_id"), ("firm", "firm_id")):
        n = d.groupby(key)[col].transform("nunique").to_numpy()
        _row_error(path, n > 1, d, col, f"more than one {col} for the same {key}",
                   f"one {col} per {key}")
    d["slug"] = _slugs(d["city"])
    n = d.groupby("slug")["city"].transform("nunique").to_numpy()
    _row_error(path, n > 1, d, "city", "two city names give the same region id",
               "city names that differ in more than punctuation or case")
    batch = ImportBatch(dataset, files=[path])
    cities = d.drop_duplicates("slug")
    batch.add("regions", pd.DataFrame({
        "region_id": "world:" + cities["slug"], "name": cities["city"], "country": "world",
        "level": "world_city",
    }))
    firms = d.drop_duplicates("firm_id")
    batch.add("industries", pd.DataFrame({
        "classification": classification, "code": firms["firm"],
        "label": firms["firm"] + " (" + firms["sector"] + ")",
    }))
    batch.add("activity", pd.DataFrame({
        "region_id": "world:" + d["slug"], "year": np.int32(year), "classification": classification,
        "industry": d["firm"], "measure": "service_value",
        "value": d["service_value"].astype("float64"), "unit": f"score_0_{max_value}",
        "flag": "observed",
    }))
    nz = int((d["service_value"] > 0).sum())
    batch.notes.append(Note(
        f"{d['city'].nunique()} cities x {d['firm'].nunique()} firms = {len(d):,} cells, "
        f"{nz:,} non-zero. Zeros are real (no office) and are kept; {max_value} = headquarters "
        "or the highest level.",
        f"{d['city'].nunique()}个城市 × {d['firm'].nunique()}家企业 = {len(d):,}个单元格，其中{nz:,}个非零。"
        f"0是真实值（没有分支机构），予以保留；{max_value}为总部或最高等级。"))
    return batch, d


def read_gawc_ds11(data_dir: Path) -> ImportBatch:
    """GaWC Data Set 11: service values of the "GaWC 100" firms in 315 cities, 2000.

    Reads ``links/gawc_ds11_service_values_2000.csv`` and writes

    * ``regions``: one ``world:<slug>`` per city, level ``world_city``, country ``world``,
      ``name`` as in the source (its spellings kept: ``Abijan``, ``Yaonde``);
    * ``industries``: classification ``gawc-ds11-firm``, ``code`` = firm name as in the source,
      ``label`` = ``'PWC (accountancy)'`` (firm and GaWC sector), no family;
    * ``activity``: every cell of the 315 × 100 matrix, year 2000, classification
      ``gawc-ds11-firm``, industry = firm, measure ``service_value``, unit ``score_0_5``
      (0 no office … 5 headquarters), flag ``observed``. Zeros are kept: they are real.

    Lucknow and Pyongyang have no firm (all zeros). Public uses must carry the GaWC
    acknowledgement (Taylor & Catalano, Data Set 11).
    """
    path = Path(data_dir) / "links" / "gawc_ds11_service_values_2000.csv"
    batch, _ = _read_gawc(path, "links/gawc_ds11", "gawc-ds11-firm", 2000, 5, {})
    batch.notes.append(_gawc_ack("P.J. Taylor and G. Catalano", 11))
    return batch


def read_gawc_ds6(data_dir: Path) -> ImportBatch:
    """GaWC Data Set 6: service values 0–3 of 46 firms in 55 world cities (late 1990s).

    Reads ``links/gawc_ds6_service_values_55cities.csv``; writes ``regions`` (``world:<slug>``),
    ``industries`` (classification ``gawc-ds6-firm``, code = full firm name, label
    ``'KPMG (accountancy)'``) and ``activity`` (measure ``service_value``, unit ``score_0_3``,
    zeros kept). The files do not state the collection year; the DS4 project it derives from
    is from the late 1990s, so the rows carry **year 1999** by convention (say "late 1990s"
    when reporting). GaWC calls the set experimental. The source's two-letter firm codes are
    not imported. City names follow DS6 (``Washington,DC`` → ``world:washington-dc``, not
    DS11's ``world:washington``).
    """
    path = Path(data_dir) / "links" / "gawc_ds6_service_values_55cities.csv"
    batch, _ = _read_gawc(path, "links/gawc_ds6", "gawc-ds6-firm", 1999, 3, {"firm_code": S})
    batch.notes.append(Note("Year 1999 is a convention: DS6 states no year; its source project "
                            "(DS4, ESRC R000222050) is from the late 1990s.",
                            "1999年只是约定：第6数据集未注明年份；其来源项目（第4数据集，英国经济与社会研究理事会项目`R000222050`）"
                            "属20世纪90年代末。"))
    batch.notes.append(_gawc_ack("P.J. Taylor and D.R.F. Walker", 6))
    return batch


def _gnc_variants(name: str) -> list[str]:
    """Alternative slugs of a GNC 2020 city name: 'Mumbai/Bombay' → mumbai, bombay;
    'Chicago (Illinois)' → chicago."""
    base = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    parts = [p.strip() for p in base.split("/") if p.strip()]
    return [slug(p) for p in parts]


def read_gawc_gnc_2020(data_dir: Path) -> ImportBatch:
    """GaWC Data Set 31: global network connectivity (GNC) of 707 cities, 2020.

    Reads ``links/gawc_gnc_2020.csv`` and writes ``indicators`` for year 2020: ``gnc`` (unit
    ``gnc_abs``, the source's absolute units), ``gnc_relative_pct`` (unit
    ``percent_of_london``: 100 × gnc / London's 113,344) and ``gnc_rank`` (unit ``rank``).

    Regions: each city is matched to a DS11 region (``read_gawc_ds11``'s ``world:<slug>``) when

    1. its own slug equals a DS11 slug (``London``), or else
    2. exactly one of its name variants does (``Chicago (Illinois)`` → ``chicago``,
       ``Mumbai/Bombay`` → ``mumbai``), and no other GNC city shares that variant (so
       ``Birmingham (UK)`` / ``Birmingham (Alabama)`` stay unmatched).

    Unmatched cities get their own ``world:<slug>`` region (level ``world_city``). DS11's
    misspellings (``Shenzen``, ``Cincinnatti``) are not corrected, so those cities get two ids.

    Chinese cities: for the 93 rows with ``city_code_cn`` the same three indicators are **also**
    written on ``cn:<code>``, so that YREB analyses find GNC on their own city ids. Do not sum
    GNC over regions of mixed levels (the values would count twice). Hong Kong, Macao, Taiwanese
    cities, county-level units and the ambiguous Suzhou/Fuzhou/Taizhou have no code and stay on
    ``world:`` only.
    """
    path = Path(data_dir) / "links" / "gawc_gnc_2020.csv"
    t = read_csv(path, {"rank": I, "city": S, "country": S, "city_code_cn": S, "gnc_abs": F,
                        "gnc_rel_pct": F}, non_negative=["rank", "gnc_abs", "gnc_rel_pct"])
    check_unique(path, t, ["city"])
    g = t.to_pandas()
    _no_empty(path, g, ["rank", "city", "gnc_abs", "gnc_rel_pct"])
    code = g["city_code_cn"].astype("string")
    bad = code.notna() & ~code.str.fullmatch(r"\d{6}").fillna(False)
    _row_error(path, bad.to_numpy(), g, "city_code_cn", "city code is not a 6-digit "
               "administrative code", "six digits, e.g. 310000, or empty")
    own = _slugs(g["city"])
    check_unique(path, pa.table({"slug": pa.array(own.tolist())}), ["slug"])

    ds11_path = Path(data_dir) / "links" / "gawc_ds11_service_values_2000.csv"
    ds11: set[str] = set()
    if ds11_path.is_file():
        ds11 = set(_slugs(read_csv(ds11_path, {"city": S}).to_pandas()["city"].drop_duplicates()))
    variants = g["city"].map(_gnc_variants)
    counts = pd.Series([v for vs in variants for v in set(vs)]).value_counts()
    own_set = set(own)
    region, how = [], []
    for s_own, vs in zip(own, variants):
        if s_own in ds11:
            region.append(s_own), how.append("exact")
            continue
        hits = [v for v in dict.fromkeys(vs) if v in ds11 and counts.get(v, 0) == 1 and v not in own_set]
        if len(hits) == 1:
            region.append(hits[0]), how.append("variant")
        else:
            region.append(s_own), how.append("new")
    g["region_id"] = ["world:" + r for r in region]
    g["how"] = how
    batch = ImportBatch("links/gawc_gnc_2020", files=[path])
    new = g[g["how"] == "new"]
    batch.add("regions", pd.DataFrame({
        "region_id": new["region_id"], "name": new["city"], "country": "world",
        "level": "world_city",
    }))

    def ind(ids):
        return pd.concat([
            pd.DataFrame({"region_id": ids, "year": 2020, "indicator": "gnc",
                          "value": g["gnc_abs"], "unit": "gnc_abs"}),
            pd.DataFrame({"region_id": ids, "year": 2020, "indicator": "gnc_relative_pct",
                          "value": g["gnc_rel_pct"], "unit": "percent_of_london"}),
            pd.DataFrame({"region_id": ids, "year": 2020, "indicator": "gnc_rank",
                          "value": g["rank"].astype("float64"), "unit": "rank"}),
        ], ignore_index=True).dropna(subset=["region_id"])

    batch.add("indicators", ind(g["region_id"]))
    cn = g["city_code_cn"].astype("string")
    cn_rows = ind("cn:" + cn)
    check_unique(path, pa.table({"c": pa.array(cn.dropna().tolist(), pa.string())}), ["c"])
    batch.add("indicators", cn_rows)
    n_exact, n_var = (g["how"] == "exact").sum(), (g["how"] == "variant").sum()
    batch.notes.append(Note(
        f"{len(g)} cities: {n_exact} matched a DS11 region by name, {n_var} by a name variant "
        f"(state/country in parentheses or an alternative name after '/'), {len(new)} got a new "
        f"world_city region. {int(cn.notna().sum())} mainland cities with city_code_cn also carry "
        "the indicators on cn:<code> (same values; do not sum across levels).",
        f"共{len(g)}个城市：{n_exact}个按名称与第11数据集的地区匹配，{n_var}个按名称变体匹配（括号中的州或国家，"
        f"或“/”后的别名），{len(new)}个新建为世界城市地区。{int(cn.notna().sum())}个有`city_code_cn`的中国大陆城市"
        "同时以`cn:<代码>`记录这些指标（数值相同；不要跨层级相加）。"))
    var = g[g["how"] == "variant"]
    batch.notes.append(Note("Name-variant matches (heuristic; check before relying on them): "
                            + ", ".join(f"{c} → {r}" for c, r in zip(var["city"], var["region_id"])) + ".",
                            "按名称变体匹配（启发式，使用前请核对）："
                            + "，".join(f"`{c}` → {r}" for c, r in zip(var["city"], var["region_id"])) + "。"))
    n0 = int((g['gnc_abs'] == 0).sum())
    ack = _gawc_ack("B. Derudder and P.J. Taylor", 31)
    batch.notes.append(Note(f"{n0} cities have GNC = 0 (kept). " + ack, f"{n0}个城市的GNC为0（保留）。" + ack.zh))
    return batch


# --------------------------------------------------------------------------------------------
# US technology transfer and connectivity
# --------------------------------------------------------------------------------------------

PERIODS = ("1858-1899", "1900-1949", "1950-1975", "1976-1999", "2000-2023")


def _check_period(path: Path, frame: pd.DataFrame) -> pd.Series:
    _row_error(path, ~frame["period"].isin(PERIODS).to_numpy(), frame, "period",
               "unknown period", ", ".join(PERIODS))
    return frame["period"].str[-4:].astype("int32")


def _check_fips(path: Path, frame: pd.DataFrame, cols, width: int) -> None:
    for col in cols:
        ok = frame[col].astype("string").str.fullmatch(rf"\d{{{width}}}").fillna(False)
        _row_error(path, ~ok.to_numpy(), frame, col, f"code is not {width} digits",
                   f"a {width}-digit code")


def _tt_flows(origin, destination, frame, weight_col, category, period_year) -> pd.DataFrame:
    return pd.DataFrame({
        "origin": origin, "destination": destination, "year": period_year,
        "period": frame["period"], "kind": "tech_transfer", "category": category,
        "weight": frame[weight_col].astype("float64"), "unit": "count", "directed": True,
    })


#: Older metro codes of the technology-transfer files -> the code of the same metro in the 2018
#: and 2023 delineations (the data's README names 17410 as Cleveland-Elyria, OH).
TT_OLD_CODES = {"17410": "17460"}
TT_TITLES = {"17460": "Cleveland-Elyria, OH"}


def read_us_tech_transfer(data_dir: Path) -> ImportBatch:
    """US inter- and intra-metro technology transfer, five periods 1858–2023 (Li, Du & Yu 2025).

    Reads ``links/us_cbsa_tech_transfer_pairs_1858_2023.csv`` and
    ``links/us_cbsa_tech_transfer_intracity_1858_2023.csv``; writes ``flows`` with kind
    ``tech_transfer``, unit ``count`` (transfers summed over the period), ``period`` as in the
    file (``'1858-1899'`` …), ``year`` = the period's last year, ``directed`` True:

    * pairs: ``us-cbsa:<source_cbsa>`` → ``us-cbsa:<target_cbsa>``, category ``intercity``;
    * within a metro: origin = destination = ``us-cbsa:<cbsa_code>``, category ``intracity``
      (metro-periods without intra-city transfers are absent, not zero).

    Which side is the "source" (e.g. assignor vs assignee) is defined in the paper, not in
    the files. CBSA codes are of a pre-2023 vintage: 17410 (Cleveland-Elyria; 17460 in 2023)
    has no 2023 title. The national inter-city totals exceed the sum of pairs (transfers with
    places outside metros).
    """
    ppath = Path(data_dir) / "links" / "us_cbsa_tech_transfer_pairs_1858_2023.csv"
    ipath = Path(data_dir) / "links" / "us_cbsa_tech_transfer_intracity_1858_2023.csv"
    pt = read_csv(ppath, {"period": S, "source_cbsa": S, "source_cbsa_title_2023": S,
                          "target_cbsa": S, "target_cbsa_title_2023": S, "transfers": F},
                  non_negative=["transfers"])
    check_unique(ppath, pt, ["period", "source_cbsa", "target_cbsa"])
    it = read_csv(ipath, {"period": S, "cbsa_code": S, "cbsa_title_2023": S,
                          "intracity_transfers": F}, non_negative=["intracity_transfers"])
    check_unique(ipath, it, ["period", "cbsa_code"])
    p, i = pt.to_pandas(), it.to_pandas()
    _no_empty(ppath, p, ["transfers"])
    _no_empty(ipath, i, ["intracity_transfers"])
    _check_fips(ppath, p, ["source_cbsa", "target_cbsa"], 5)
    _check_fips(ipath, i, ["cbsa_code"], 5)
    loops = (p["source_cbsa"] == p["target_cbsa"]).to_numpy()
    _row_error(ppath, loops, p, "target_cbsa", "self-loop in the inter-metro file",
               "source_cbsa different from target_cbsa (intra-metro counts are in the "
               "intracity file)")
    # The files' older code of Cleveland-Elyria, OH (the data's README: "17410 is Cleveland-
    # Elyria, OH, and the 2023 file lists Cleveland as 17460"): read as the current code, or
    # Cleveland would drop out of every network of the groups that list it (ChiPitts).
    recoded = {old: new for old, new in TT_OLD_CODES.items()
               if (p[["source_cbsa", "target_cbsa"]] == old).any().any() or (i["cbsa_code"] == old).any()}
    if recoded:
        for col in ("source_cbsa", "target_cbsa"):
            p[col] = p[col].replace(recoded)
        i["cbsa_code"] = i["cbsa_code"].replace(recoded)
        for old, new in recoded.items():
            p.loc[p["source_cbsa"] == new, "source_cbsa_title_2023"] = TT_TITLES[new]
            p.loc[p["target_cbsa"] == new, "target_cbsa_title_2023"] = TT_TITLES[new]
            i.loc[i["cbsa_code"] == new, "cbsa_title_2023"] = TT_TITLES[new]
        # both codes in one pair or period would now be one key: sum, never drop
        p = p.groupby(["period", "source_cbsa", "target_cbsa"], as_index=False).agg(
            {"source_cbsa_title_2023": "first", "target_cbsa_title_2023": "first", "transfers": "sum"})
        i = i.groupby(["period", "cbsa_code"], as_index=False).agg(
            {"cbsa_title_2023": "first", "intracity_transfers": "sum"})
    batch = ImportBatch("links/us_tech_transfer", files=[ppath, ipath])
    batch.add("flows", _tt_flows("us-cbsa:" + p["source_cbsa"], "us-cbsa:" + p["target_cbsa"], p,
                                 "transfers", "intercity", _check_period(ppath, p)))
    batch.add("flows", _tt_flows("us-cbsa:" + i["cbsa_code"], "us-cbsa:" + i["cbsa_code"], i,
                                 "intracity_transfers", "intracity", _check_period(ipath, i)))
    untitled = sorted(set(p.loc[p["source_cbsa_title_2023"].isna(), "source_cbsa"])
                      | set(p.loc[p["target_cbsa_title_2023"].isna(), "target_cbsa"])
                      | set(i.loc[i["cbsa_title_2023"].isna(), "cbsa_code"]))
    per = p.groupby("period").size()
    batch.notes.append(Note(
        "Inter-metro pairs per period: " + ", ".join(f"{k} {v:,}" for k, v in per.items())
        + f"; {len(i):,} intra-metro rows (category intracity, origin = destination).",
        "各时期都市区间技术转移的都市区对数：" + "，".join(f"{k}年 {v:,}" for k, v in per.items())
        + f"；都市区内部记录{len(i):,}行（类别为`intracity`，起点 = 终点）。"))
    if untitled:
        batch.notes.append(Note(
            f"CBSA codes not in the 2023 delineation (pre-2023 vintage; flows kept, and the id "
            f"may have no region row in us/reference): {', '.join(untitled)} (17410 = "
            "Cleveland-Elyria, 17460 in 2023).",
            f"不属于2023年版划分的CBSA代码（2023年以前的版本；技术转移流保留，但该代码在us/reference中可能没有"
            f"对应的地区记录）：{'、'.join(untitled)}（17410 = 克利夫兰—伊利里亚，2023年版为17460）。"))
    for old, new in recoded.items():
        batch.notes.append(Note(
            f"CBSA {old} ({TT_TITLES[new]} in the source's older delineation) is read as {new}, its code "
            "in the 2018 and 2023 delineations of us/reference, so that the metro keeps its links.",
            f"CBSA代码{old}（数据源所用旧版划分中的克利夫兰—伊利里亚）按其在2018年和2023年划分中的代码{new}读入，"
            "以免该都市区的联系缺失。"))
    batch.notes.append(Note("Direction (source → target) follows Li, Du & Yu (2025), Nature Cities 2, "
                            "316-326; read the paper before treating it as assignor → assignee.",
                            "方向（来源 → 目标）沿用Li、Du和Yu（2025，Nature Cities第2卷，316—326页）的定义；"
                            "在把它理解为“转让人 → 受让人”之前，请先阅读原文。"))
    return batch


def read_us_tech_transfer_county(data_dir: Path) -> ImportBatch:
    """County-to-county technology transfer inside 16 selected metros (Li, Du & Yu 2025).

    Reads ``links/us_county_tech_transfer_selected_cbsa_1858_2023.csv``; writes ``flows``
    ``us:<source_county_fips>`` → ``us:<target_county_fips>``, kind ``tech_transfer``,
    ``category`` = the metro's CBSA code (the metro the authors mapped), period as in the
    file, year = its last year, unit ``count``, directed True. ``intra_county`` rows are
    self-loops (origin = destination). Only 3–15 metros per period are covered.
    """
    path = Path(data_dir) / "links" / "us_county_tech_transfer_selected_cbsa_1858_2023.csv"
    t = read_csv(path, {"period": S, "cbsa_code": S, "cbsa_title_2023": S, "link_type": S,
                        "source_county_fips": S, "target_county_fips": S, "transfers": F},
                 non_negative=["transfers"])
    check_unique(path, t, ["period", "cbsa_code", "source_county_fips", "target_county_fips"])
    d = t.to_pandas()
    _no_empty(path, d, ["transfers"])
    _check_fips(path, d, ["cbsa_code"], 5)
    _check_fips(path, d, ["source_county_fips", "target_county_fips"], 5)
    same = (d["source_county_fips"] == d["target_county_fips"]).to_numpy()
    intra = (d["link_type"] == "intra_county").to_numpy()
    _row_error(path, same != intra, d, "link_type",
               "link_type does not agree with the county codes",
               "intra_county exactly when source = target county")
    batch = ImportBatch("links/us_tech_transfer_county", files=[path])
    batch.add("flows", _tt_flows("us:" + d["source_county_fips"], "us:" + d["target_county_fips"],
                                 d, "transfers", d["cbsa_code"], _check_period(path, d)))
    batch.notes.append(Note(
        f"{d['cbsa_code'].nunique()} metros, {len(d):,} county pairs ({int(intra.sum())} "
        "intra-county self-loops); category = CBSA code of the mapped metro.",
        f"{d['cbsa_code'].nunique()}个都市区，{len(d):,}个县对（其中县内自环{int(intra.sum())}个）；"
        "类别（`category`）为所属都市区的CBSA代码。"))
    return batch


def read_us_tech_transfer_national(data_dir: Path) -> ImportBatch:
    """US national yearly technology-transfer totals 1858–2023 (Li, Du & Yu 2025, Fig. 2a).

    Reads ``links/us_tech_transfer_national_annual_1858_2023.csv``; writes ``indicators`` on
    region ``us`` for each year: ``tech_transfers_intracity`` and ``tech_transfers_intercity``
    (unit ``count``). The inter-city series includes transfers with places outside any metro,
    so it exceeds the sum of the metro pairs.
    """
    path = Path(data_dir) / "links" / "us_tech_transfer_national_annual_1858_2023.csv"
    t = read_csv(path, {"year": I, "intracity_transfers": F, "intercity_transfers": F},
                 non_negative=["intracity_transfers", "intercity_transfers"])
    check_unique(path, t, ["year"])
    d = t.to_pandas()
    _no_empty(path, d, ["year", "intracity_transfers", "intercity_transfers"])
    batch = ImportBatch("links/us_tech_transfer_national", files=[path])
    batch.add("indicators", pd.concat([
        pd.DataFrame({"region_id": "us", "year": d["year"], "indicator": ind,
                      "value": d[col], "unit": "count"})
        for col, ind in (("intracity_transfers", "tech_transfers_intracity"),
                         ("intercity_transfers", "tech_transfers_intercity"))
    ], ignore_index=True))
    return batch


_MSA = [
    ("resident_pop_2019", "population_resident", "persons", 2019),
    ("gdp_2019_src_units", "gdp", "usd_1000_assumed", 2019),
    ("bachelor_pct_2019", "bachelor_share", "percent", 2019),
    ("patents_2019", "patents", "count", 2019),
    ("facebook_sci_degree_scaled_2020", "facebook_sci_degree", "index_scaled", 2020),
    ("mobility_degree_2019", "mobility_degree", "count", 2019),
    ("copublication_degree_2019", "copublication_degree", "count", 2019),
]


def read_us_msa_connectivity(data_dir: Path) -> ImportBatch:
    """US metro connectivity degrees and patents (Liang et al. 2024), as ``indicators``.

    Reads ``links/us_msa_connectivity_degrees_liang2024.csv``; writes on ``us-cbsa:<code>``:
    ``population_resident`` (BEA, 2019, ``persons``), ``gdp`` (BEA, 2019; the unit is not
    stated, the values look like thousands of US dollars → unit ``usd_1000_assumed``),
    ``bachelor_share`` (2019, ``percent``), ``patents`` (PatentsView, inventor location, 2019,
    ``count``), ``facebook_sci_degree`` (Social Connectedness Index degree, scaled, 2020,
    ``index_scaled``: relative only), ``mobility_degree`` (SafeGraph, 2019) and
    ``copublication_degree`` (Web of Science; the source says 2019 in one place and 2017 in
    another; stored as 2019), ``count``. Node attributes only; 366 metros with every attribute.
    Codes 15680, 31460, 36140, 45540 are not in the 2023 delineation (kept).
    """
    path = Path(data_dir) / "links" / "us_msa_connectivity_degrees_liang2024.csv"
    cols = {"cbsa_code": S, "cbsa_title_2023": S}
    cols.update({c: F for c, *_ in _MSA})
    t = read_csv(path, cols, non_negative=[c for c, *_ in _MSA])
    check_unique(path, t, ["cbsa_code"])
    d = t.to_pandas()
    _check_fips(path, d, ["cbsa_code"], 5)
    _no_empty(path, d, [c for c, *_ in _MSA])
    batch = ImportBatch("links/us_msa_connectivity", files=[path])
    ids = "us-cbsa:" + d["cbsa_code"]
    batch.add("indicators", pd.concat([
        pd.DataFrame({"region_id": ids, "year": y, "indicator": ind, "value": d[col], "unit": unit})
        for col, ind, unit, y in _MSA], ignore_index=True))
    untitled = d.loc[d["cbsa_title_2023"].isna(), "cbsa_code"].tolist()
    if untitled:
        batch.notes.append(Note(f"{len(untitled)} CBSA codes are not in the 2023 delineation "
                                f"({', '.join(untitled)}); kept as region ids.",
                                f"{len(untitled)}个CBSA代码不属于2023年版划分（{'、'.join(untitled)}）；"
                                "仍作为地区代码保留。"))
    batch.notes.append(Note("gdp unit is not stated by the source; values look like thousands of "
                            "USD (Atlanta 422,189,461), hence unit usd_1000_assumed. Cite Liang et al. "
                            "(2024), CEUS 109, 102092.",
                            "来源未说明`gdp`的单位；数值看来是千美元（亚特兰大为422,189,461），因此单位记为"
                            "`usd_1000_assumed`（推定为千美元）。引用时请注明Liang et al.（2024），"
                            "CEUS第109卷，102092。"))
    return batch


# --------------------------------------------------------------------------------------------
# Chinese high-tech firm links
# --------------------------------------------------------------------------------------------

def read_cn_hightech_links(data_dir: Path) -> ImportBatch:
    """City × city link counts among Chinese high-tech firms, 1998–2008, three subsectors.

    Reads ``links/cn_hightech_firm_links_1998_2008.csv``; writes ``flows`` ``cn:<row_city_code>``
    → ``cn:<col_city_code>``, kind ``firm_link``, ``category`` = ``subsector_code`` (``bio``
    pharmaceuticals and biotech, ``cmp`` office and computing machinery, ``ele`` technology
    hardware), period ``1998-2008``, year 2008, weight = ``links``, unit ``count``, directed True.

    Caveats: the source defines neither a "link" nor whether rows or columns are origins; the
    row → column orientation is a convention of this reader and the matrices are not
    symmetric. Diagonal cells (same city) are kept as self-loops. Rows whose city has no code
    (``ambiguous_not_coded``: Suzhou, Yichun, Yulin; ``county_level_not_coded``: Ding'an,
    Zhangjiagang) cannot be placed and are excluded; their count and link total are in the
    notes.
    """
    path = Path(data_dir) / "links" / "cn_hightech_firm_links_1998_2008.csv"
    t = read_csv(path, {"subsector_code": S, "subsector": S, "row_city": S, "row_city_code": S,
                        "row_code_match": S, "col_city": S, "col_city_code": S,
                        "col_code_match": S, "links": F}, non_negative=["links"])
    check_unique(path, t, ["subsector_code", "row_city", "col_city"])
    d = t.to_pandas()
    _no_empty(path, d, ["subsector_code", "links"])
    for col in ("row_city_code", "col_city_code"):
        c = d[col].astype("string")
        bad = c.notna() & ~c.str.fullmatch(r"\d{6}").fillna(False)
        _row_error(path, bad.to_numpy(), d, col, "city code is not a 6-digit administrative code",
                   "six digits or empty")
    placed = (d["row_city_code"].notna() & d["col_city_code"].notna()).to_numpy()
    keep = d[placed]
    check_unique(path, pa.Table.from_pandas(keep[["subsector_code", "row_city_code", "col_city_code"]],
                                            preserve_index=False),
                 ["subsector_code", "row_city_code", "col_city_code"])
    batch = ImportBatch("links/cn_hightech_links", files=[path])
    batch.add("flows", pd.DataFrame({
        "origin": "cn:" + keep["row_city_code"], "destination": "cn:" + keep["col_city_code"],
        "year": np.int32(2008), "period": "1998-2008", "kind": "firm_link",
        "category": keep["subsector_code"], "weight": keep["links"], "unit": "count",
        "directed": True,
    }))
    drop = d[~placed]
    reasons = pd.concat([drop.loc[drop["row_city_code"].isna(), "row_code_match"],
                         drop.loc[drop["col_city_code"].isna(), "col_code_match"]]).value_counts()
    names = sorted(set(drop.loc[drop["row_city_code"].isna(), "row_city"])
                   | set(drop.loc[drop["col_city_code"].isna(), "col_city"]))
    batch.notes.append(Note(
        f"Excluded {len(drop)} of {len(d)} rows ({int(drop['links'].sum()):,} of "
        f"{int(d['links'].sum()):,} links) whose row or column city has no code and cannot be "
        f"placed: {', '.join(names)} ("
        + ", ".join(f"{k} {v}" for k, v in reasons.items()) + " city sides).",
        f"{len(d)}行中剔除{len(drop)}行（{int(d['links'].sum()):,}条联系中的{int(drop['links'].sum()):,}条）："
        "其行城市或列城市没有代码、无法定位（源文件中的名称："
        + "，".join(f"`{n}`" for n in names) + "；原因："
        + "，".join(f"`{k}` {v}" for k, v in reasons.items()) + "个城市端）。"))
    n_self = int((keep['row_city_code'] == keep['col_city_code']).sum())
    batch.notes.append(Note(
        "Orientation row city → column city is a convention: the source does not say which side "
        f"is the origin, nor what a link is. {n_self} "
        "diagonal (same-city) rows are kept as self-loops.",
        f"“行城市→列城市”的方向只是约定：数据来源既未说明哪一端是起点，也未说明联系的含义。"
        f"{n_self}个对角线（同城）行作为自环保留。"))
    return batch


# --------------------------------------------------------------------------------------------
# Input-output tables
# --------------------------------------------------------------------------------------------

def read_bea_io(data_dir: Path) -> ImportBatch:
    """BEA summary Use and Make tables 2012–2023, 2017 schema, before/after redefinitions.

    Reads ``links/bea_summary_use_2012_2023.csv.gz``, ``links/bea_summary_make_2012_2023.csv.gz``
    and ``links/bea_summary_io_codes_2017schema.csv``; writes ``io_tables`` with economy ``us``,
    ``year``, ``table_id`` = ``use`` or ``make``, ``variant`` = redefinitions
    (``before``/``after``), unit ``usd_million`` (current dollars, producers' prices),
    ``row_label`` from the codes file.

    * Use: rows are commodities, value-added rows (V001–V003) and totals; columns industries,
      final-demand columns and totals (types as in the file).
    * Make: rows are industries (``row_type`` ``industry``; the ``Total Commodity Output`` row
      ``total``), columns commodities (``Total Industry Output`` ``total``).

    The intermediary (USEPA useeior)
    wrote BEA's not-applicable cells as 0; BEA rounding leaves a few $M between cells and
    totals. Negative cells (e.g. inventory change, subsidies) are real.
    """
    upath = Path(data_dir) / "links" / "bea_summary_use_2012_2023.csv.gz"
    mpath = Path(data_dir) / "links" / "bea_summary_make_2012_2023.csv.gz"
    cpath = Path(data_dir) / "links" / "bea_summary_io_codes_2017schema.csv"
    codes = read_csv(cpath, {"code": S, "name": S, "code_type": S}).to_pandas()
    _no_empty(cpath, codes, ["code", "name", "code_type"])
    names = codes.drop_duplicates("code").set_index("code")["name"]
    n_names = codes.groupby("code")["name"].transform("nunique").to_numpy()
    _row_error(cpath, n_names > 1, codes, "name", "one code has two names", "one name per code")
    totals = set(codes.loc[codes["code_type"] == "total", "code"])

    ut = read_csv(upath, {"year": I, "redefinitions": S, "row_code": S, "row_type": S,
                          "col_code": S, "col_type": S, "value_musd": F})
    check_unique(upath, ut, ["year", "redefinitions", "row_code", "col_code"])
    mt = read_csv(mpath, {"year": I, "redefinitions": S, "industry_code": S,
                          "commodity_code": S, "value_musd": F})
    check_unique(mpath, mt, ["year", "redefinitions", "industry_code", "commodity_code"])
    u, m = ut.to_pandas(), mt.to_pandas()
    for path, frame, cols in ((upath, u, ["row_code", "col_code"]),
                              (mpath, m, ["industry_code", "commodity_code"])):
        _no_empty(path, frame, ["year", "redefinitions", *cols, "value_musd"])
        _row_error(path, ~frame["redefinitions"].isin(["before", "after"]).to_numpy(), frame,
                   "redefinitions", "unknown redefinitions value", "before or after")
        for col in cols:
            _row_error(path, ~frame[col].isin(names.index).to_numpy(), frame, col,
                       "code is not in bea_summary_io_codes_2017schema.csv", "a code of the 2017 schema")
    batch = ImportBatch("links/bea_io", files=[upath, mpath, cpath])
    batch.add("io_tables", pd.DataFrame({
        "economy": "us", "year": u["year"], "table_id": "use",
        "variant": u["redefinitions"], "row_code": u["row_code"], "row_type": u["row_type"],
        "row_label": u["row_code"].map(names), "col_code": u["col_code"], "col_type": u["col_type"],
        "value": u["value_musd"], "unit": "usd_million",
    }))
    batch.add("io_tables", pd.DataFrame({
        "economy": "us", "year": m["year"], "table_id": "make",
        "variant": m["redefinitions"], "row_code": m["industry_code"],
        "row_type": np.where(m["industry_code"].isin(totals), "total", "industry"),
        "row_label": m["industry_code"].map(names), "col_code": m["commodity_code"],
        "col_type": np.where(m["commodity_code"].isin(totals), "total", "commodity"),
        "value": m["value_musd"], "unit": "usd_million",
    }))
    batch.notes.append(Note(
        "BEA's not-applicable cells were written as 0 by the intermediary (useeior).",
        "BEA表中“不适用”的单元格被中间整理者（useeior）写成了0。"))
    return batch


_CN_COL_FINAL = {"FU101", "FU102", "FU103", "FU201", "FU202", "EX", "IM"}
_CN_ROW_VA = {"VA001", "VA002", "VA003", "VA004"}


def read_cn_io(data_dir: Path) -> ImportBatch:
    """China's national input-output tables 2017 (149 and 42 sectors), 2018 and 2020 (153, 42).

    Reads ``links/cn_national_io_tables_2017_2020.csv.gz``; writes ``io_tables`` with economy
    ``cn``, ``year``, ``table_id`` = the file's ``table`` (``2017_149``, ``2020_42``, ...),
    ``variant`` = ``row_origin`` (``Domestic``/``Imports``/``TOT`` in the 42-sector tables with
    non-competitive imports; ``''`` in the 149/153-sector tables), ``row_label`` = the English
    row name (the NBS Chinese name is not imported), unit ``cny_10k`` (万元, producers'
    prices).

    ``row_type``: ``sector`` (numeric codes), ``value_added`` (VA001–VA004), ``total`` (TII,
    TVA, TI). ``col_type``: ``sector``, ``final_demand`` (FU101/102/103, FU201/202, EX, IM)
    or ``total`` (TIU, THC, TC, GCF, TFU, GO). Empty cells (not applicable, 324 in the file)
    are not imported; their count is in the notes.
    """
    path = Path(data_dir) / "links" / "cn_national_io_tables_2017_2020.csv.gz"
    t = read_csv(path, {"table": S, "year": I, "row_code": S, "row_origin": S, "row_name_en": S,
                        "col_code": S, "value_10k_cny": F})
    d = t.to_pandas()
    _no_empty(path, d, ["table", "year", "row_code", "col_code"])
    d["variant"] = d["row_origin"].fillna("")
    check_unique(path, pa.Table.from_pandas(d[["table", "variant", "row_code", "col_code"]],
                                            preserve_index=False),
                 ["table", "variant", "row_code", "col_code"])
    empty = d["value_10k_cny"].isna().to_numpy()
    k = d[~empty]
    row_num = k["row_code"].str.fullmatch(r"\d+").fillna(False).to_numpy()
    col_num = k["col_code"].str.fullmatch(r"\d+").fillna(False).to_numpy()
    batch = ImportBatch("links/cn_io", files=[path])
    batch.add("io_tables", pd.DataFrame({
        "economy": "cn", "year": k["year"], "table_id": k["table"], "variant": k["variant"],
        "row_code": k["row_code"],
        "row_type": np.where(row_num, "sector",
                             np.where(k["row_code"].isin(_CN_ROW_VA), "value_added", "total")),
        "row_label": k["row_name_en"], "col_code": k["col_code"],
        "col_type": np.where(col_num, "sector",
                             np.where(k["col_code"].isin(_CN_COL_FINAL), "final_demand", "total")),
        "value": k["value_10k_cny"], "unit": "cny_10k",
    }))
    per = d[empty].groupby("table").size()
    batch.notes.append(Note(
        f"{int(empty.sum())} empty (not applicable) cells were not imported ("
        + ", ".join(f"{k_} {v}" for k_, v in per.items()) + ").",
        f"{int(empty.sum())}个空（不适用）单元格未导入（按表：" + "，".join(f"{k_} {v}" for k_, v in per.items()) + "）。"))
    return batch
