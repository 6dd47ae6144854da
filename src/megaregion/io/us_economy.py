"""US economy beyond CBP: Brookings metro shift-share, New York QCEW, Brookings older industrial counties.

* ``us/brookings_shiftshare``: Brookings Metro Monitor 2018 (EMSI data), 100 largest metros,
  26 sector codes, 2016 levels of employment, GDP and aggregate wages with the shift-share
  components of their growth since 2006, 2011 and 2015.
* ``us/qcew_ny``: BLS QCEW as released by New York State, 62 NY counties, NAICS 2-3 digits,
  2000-2017 (the only county-by-industry series here that spans a decade).
* ``us/brookings_older_industrial``: Brookings "Older Industrial Cities" county file (Berube &
  Murray 2018), 362 urban and industrial counties.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from megaregion.errors import DataError
from megaregion.i18n.notes import Note
from megaregion.io.base import ImportBatch, check_unique, constant, prefixed, read_csv
from megaregion.io.base import require_codes, require_values
from megaregion.model.sectors import naics_family

# --- Brookings shift-share -------------------------------------------------------------------

SHIFTSHARE_CLASSIFICATION = "naics-emsi"
#: Brookings/EMSI indicator -> (activity measure, unit).
SHIFTSHARE_MEASURES = {"Employment": ("employees", "persons"), "GDP": ("gdp", "usd"),
                       "Aggregate Wage": ("wages", "usd")}
SHIFTSHARE_BASE_YEARS = (2006, 2011, 2015)
#: component column prefix -> measure suffix.
SHIFTSHARE_COMPONENTS = {"lsshare": "shift_local", "imshare": "shift_industry_mix",
                         "nsshare": "shift_national"}
# EMSI codes that are not NAICS sectors -> sector family.
_EMSI_FAMILIES = {"FH": "agriculture", "FR": "agriculture", "GVF": "public_administration",
                  "GVL": "public_administration", "GVS": "public_administration", "PH": "other"}
_EMSI_TOTALS = {"PNFTOT", "TOTAL"}


def read_brookings_shiftshare(data_dir: Path) -> ImportBatch:
    """Brookings Metro Monitor shift-share by metro and 2-digit sector: levels and components.

    Reads ``us/brookings_metro_shiftshare_naics2_2016.csv`` (100 metros x 26 EMSI sector codes
    x 3 indicators; ``value`` is the 2016 level, ``lsshareYYYY``/``imshareYYYY``/
    ``nsshareYYYY`` are the local-shift, industry-mix and national-share components of the
    cumulative growth from YYYY to 2016, as fractions of the YYYY level).

    Writes
    ------
    activity : region ``us-cbsa:NNNNN``, classification ``naics-emsi`` (EMSI's 2-digit codes:
        ``31`` is all manufacturing, ``44`` all retail, ``48`` transport; plus ``FH``, ``FR``,
        ``GVF``, ``GVL``, ``GVS``, ``PH``, ``PNFTOT``, ``TOTAL``). Measures:

        * ``employees`` (persons), ``gdp`` (usd), ``wages`` (usd, aggregate wages): the 2016
          level, flag ``observed``; and the implied levels for 2006, 2011 and 2015,
          ``value / (1 + ls + im + ns)``, flag ``estimated``.
        * ``<measure>_shift_local``, ``<measure>_shift_industry_mix``,
          ``<measure>_shift_national`` (unit ``fraction``) with ``year`` = the base year
          YYYY: the components of the growth from YYYY to 2016, as published.
    industries : the 26 EMSI codes with labels and sector family (none for the totals).

    Parameters
    ----------
    data_dir : the data folder (holding ``us/``).

    Raises
    ------
    DataError : missing file or column, non-numeric value, negative level, unknown indicator,
        malformed CBSA code, duplicate (cbsa_code, naics2_code, indicator), or a growth factor
        ``1 + ls + im + ns`` of zero or less (no earlier level can be implied).
    """
    path = Path(data_dir) / "us" / "brookings_metro_shiftshare_naics2_2016.csv"
    batch = ImportBatch("us/brookings_shiftshare", files=[path])
    comp_cols = [f"{c}{y}" for y in SHIFTSHARE_BASE_YEARS for c in SHIFTSHARE_COMPONENTS]
    columns = {"cbsa_code": "str", "naics2_code": "str", "naics2_name": "str", "year": "int",
               "indicator": "str", **{c: "float" for c in comp_cols}, "value": "float"}
    t = read_csv(path, columns, non_negative=["value"])
    require_values(path, t, [c for c in columns if c != "naics2_name"], expected="a value")
    require_codes(path, t, "cbsa_code", 5, "a 5-digit CBSA code such as '35620'")
    check_unique(path, t, ["cbsa_code", "naics2_code", "indicator"])
    d = t.to_pandas()
    _require_in(path, d, "indicator", SHIFTSHARE_MEASURES)
    region = "us-cbsa:" + d["cbsa_code"]
    measure = d["indicator"].map(lambda i: SHIFTSHARE_MEASURES[i][0])
    unit = d["indicator"].map(lambda i: SHIFTSHARE_MEASURES[i][1])
    base = dict(region_id=region, classification=SHIFTSHARE_CLASSIFICATION,
                industry=d["naics2_code"])
    frames = [pd.DataFrame({**base, "year": d["year"], "measure": measure, "value": d["value"],
                            "unit": unit, "flag": "observed"})]
    for y in SHIFTSHARE_BASE_YEARS:
        growth = sum(d[f"{c}{y}"] for c in SHIFTSHARE_COMPONENTS)
        factor = 1 + growth
        if (factor <= 0).any():
            i = int((factor <= 0).to_numpy().nonzero()[0][0])
            raise DataError(path, f"growth components imply a non-positive {y} level",
                            row=i + 2, column=f"lsshare{y}",
                            expected="lsshare + imshare + nsshare greater than -1",
                            found=str(growth.iloc[i]))
        frames.append(pd.DataFrame({**base, "year": y, "measure": measure,
                                    "value": d["value"] / factor, "unit": unit,
                                    "flag": "estimated"}))
        for c, suffix in SHIFTSHARE_COMPONENTS.items():
            frames.append(pd.DataFrame({**base, "year": y, "measure": measure + "_" + suffix,
                                        "value": d[f"{c}{y}"], "unit": "fraction",
                                        "flag": "observed"}))
    batch.add("activity", pd.concat(frames, ignore_index=True))

    inds = d.drop_duplicates("naics2_code")[["naics2_code", "naics2_name"]]
    batch.add("industries", pd.DataFrame({
        "classification": SHIFTSHARE_CLASSIFICATION, "code": inds["naics2_code"],
        "level": [0 if c in _EMSI_TOTALS else 2 for c in inds["naics2_code"]],
        "label": inds["naics2_name"],
        "family": [None if c in _EMSI_TOTALS else _EMSI_FAMILIES.get(c, naics_family(c))
                   for c in inds["naics2_code"]],
    }))
    batch.notes.append(Note(
        f"{len(d):,} rows ({d['cbsa_code'].nunique()} metros, {len(inds)} sector codes): 2016 "
        "levels observed; 2006, 2011 and 2015 levels implied as value / (1 + ls + im + ns) and "
        "flagged 'estimated'; the components are kept as '<measure>_shift_local', "
        "'_shift_industry_mix' and '_shift_national' (fractions, year = base year).",
        f"共{len(d):,}行（{d['cbsa_code'].nunique()}个都市区，{len(inds)}个部门代码）：2016年水平为观测值；"
        "2006、2011和2015年水平按`value / (1 + ls + im + ns)`倒推"
        "（`ls`、`im`、`ns`分别为本地竞争、产业结构和全国增长分量），标记为“估算”（`estimated`）；"
        "各分量保存为`<measure>_shift_local`、`<measure>_shift_industry_mix`和`<measure>_shift_national`"
        "（比例值，年份为基期年）。"))
    batch.notes.append(Note(
        "Classification 'naics-emsi': EMSI's 2-digit codes (31 = all manufacturing, 44 = all "
        "retail, 48 = transport) with farms, government and household sectors; PNFTOT and "
        "TOTAL are totals. CBSA codes are those Brookings used for 2016.",
        "分类体系`naics-emsi`：EMSI的两位数代码（31 = 全部制造业，44 = 全部零售业，48 = 运输业），"
        "另含农场、政府和住户部门；`PNFTOT`和`TOTAL`为合计。CBSA代码为布鲁金斯学会2016年所用的代码。"))
    return batch


def _require_in(path: Path, d: pd.DataFrame, column: str, allowed) -> None:
    bad = ~d[column].isin(list(allowed))
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(path, "unknown value", row=i + 2, column=column,
                        expected="one of " + ", ".join(map(repr, allowed)),
                        found=str(d[column].iloc[i]))


# --- QCEW New York ---------------------------------------------------------------------------

QCEW_CLASSIFICATION = "naics-qcew"
#: QCEW column -> (activity measure, unit).
QCEW_MEASURES = {"avg_employment": ("employees", "persons"),
                 "establishments": ("establishments", "count"),
                 "total_wages_usd": ("wages", "usd")}
_QCEW_TOTALS = {"00", "01", "95"}


def read_qcew_ny(data_dir: Path) -> ImportBatch:
    """QCEW annual averages for New York State counties by NAICS 2-3 digits, 2000-2017.

    Reads ``us/qcew_ny_county_naics2to3_2000_2017.csv.gz`` (columns ``fips, county_name,
    year, naics, naics_code_raw, title, establishments, avg_employment, total_wages_usd,
    annual_avg_salary_usd``).

    Writes
    ------
    activity : region ``us:FFFFF``, classification ``naics-qcew``, industry = the cleaned
        code (``00`` all ownerships, ``01`` total private, ``95`` all government, ``99``
        unclassified, sectors such as ``31-33``, 3-digit subsectors; industry rows are private
        ownership). Measures ``employees`` (annual average employment, persons),
        ``establishments`` (count), ``wages`` (total annual wages, US dollars, unit ``usd``).
        All flagged ``observed``; the average salary is not kept (it is wages / employees).
    industries : the codes with the title as published (without the ``NAICS xx:`` prefix);
        level 0 for the totals 00/01/95, 2 for sectors, 3 for subsectors.

    Parameters
    ----------
    data_dir : the data folder (holding ``us/``).

    Raises
    ------
    DataError : missing file or column, non-numeric or negative count, empty cell, malformed
        FIPS code, or two rows for the same (fips, year, naics).
    """
    path = Path(data_dir) / "us" / "qcew_ny_county_naics2to3_2000_2017.csv.gz"
    batch = ImportBatch("us/qcew_ny", files=[path])
    columns = {"fips": "str", "year": "int", "naics": "str", "title": "str",
               "establishments": "int", "avg_employment": "int", "total_wages_usd": "float"}
    t = read_csv(path, columns, non_negative=list(QCEW_MEASURES))
    require_values(path, t, [c for c in columns if c != "title"], expected="a value")
    require_codes(path, t, "fips", 5, "a 5-digit county FIPS code such as '36061'")
    check_unique(path, t, ["fips", "year", "naics"])
    region = prefixed(t.column("fips"), "us:")
    year = t.column("year").cast(pa.int32())
    n = t.num_rows
    parts = [pa.table({
        "region_id": region, "year": year, "classification": constant(QCEW_CLASSIFICATION, n),
        "industry": t.column("naics"), "measure": constant(measure, n),
        "value": t.column(col).cast(pa.float64()), "unit": constant(unit, n),
        "flag": constant("observed", n),
    }) for col, (measure, unit) in QCEW_MEASURES.items()]
    batch.add("activity", pa.concat_tables(parts))

    codes = (t.select(["naics", "title"]).to_pandas().drop_duplicates("naics")
             .sort_values("naics"))
    label = codes["title"].str.replace(r"^NAICS\s+[\d-]+:\s*", "", regex=True)
    batch.add("industries", pd.DataFrame({
        "classification": QCEW_CLASSIFICATION, "code": codes["naics"],
        "level": [0 if c in _QCEW_TOTALS else (2 if "-" in c else len(c)) for c in codes["naics"]],
        "label": label,
        "family": [None if c in _QCEW_TOTALS else naics_family(c) for c in codes["naics"]],
    }))
    n_fips = len(pc.unique(t.column('fips')))
    batch.notes.append(Note(
        f"{n:,} county-industry-year rows for {n_fips} New York "
        "counties; each gives three activity rows (employees, establishments, wages).",
        f"纽约州{n_fips}个县的县×行业×年份数据共{n:,}行；每行生成三条产业活动记录（就业人数、企业机构数、工资）。"))
    batch.notes.append(Note(
        "Industry rows are private ownership; government is the single code 95 "
        "(00 = 01 + 95). Cells suppressed for confidentiality are absent, not zero. QCEW "
        "counts annual-average jobs covered by unemployment insurance: do not mix its levels "
        "with CBP's mid-March employment.",
        "各行业行均为私营部门；政府部门只有一个代码95（00 = 01 + 95）。因保密而隐去的单元格缺失，而非为0。"
        "QCEW统计的是失业保险覆盖岗位的年平均数：不要把它的水平值与县域商业模式（CBP）的3月中旬就业人数混用。"))
    return batch


# --- Brookings older industrial counties -----------------------------------------------------

#: indicator -> (unit, {column: year}).
OLDER_INDUSTRIAL_INDICATORS: dict[str, tuple[str, dict[str, int]]] = {
    "population": ("persons", {"pop1990": 1990, "pop2000": 2000, "pop2010": 2010,
                               "pop2016": 2016}),
    "manufacturing_share": ("fraction", {"mf_share_1970": 1970, "mf_share_2016": 2016}),
    "output_per_job": ("usd_real", {"prod_1980": 1980, "prod_1990": 1990, "prod_2000": 2000,
                                    "prod_2010": 2010, "prod_2016": 2016}),
    "income_per_capita": ("usd_real", {"incpercap_00": 2000, "incpercap_10": 2010,
                                       "incpercap_16": 2016}),
    "employment_population_ratio_25_64": ("fraction", {"epop_00": 2000, "epop_10": 2010,
                                                       "epop_16": 2016}),
    "median_household_income": ("usd_2016", {"medinc00": 2000, "medinc10": 2010,
                                             "medinc16": 2016}),
    "nih_nsf_higher_ed_grants": ("usd", {"nih_nsf_ed_16": 2016}),
    "older_industrial_county": ("flag", {"oic": 2016}),
}
_AGGREGATE_ROWS = {"00001", "00002", "00003"}


def read_brookings_older_industrial(data_dir: Path) -> ImportBatch:
    """Brookings "Older Industrial Cities" county indicators (Berube & Murray 2018).

    Reads ``us/brookings_older_industrial_counties.csv`` (362 counties plus 3 aggregate rows;
    ``NA`` marks a missing value).

    Writes
    ------
    indicators : region ``us:FFFFF``; ``population`` (persons; 1990, 2000, 2010 censuses,
        2016 estimate), ``manufacturing_share`` (fraction of employment; 1970, 2016),
        ``output_per_job`` (real output per job, ``usd_real``; 1980-2016),
        ``income_per_capita`` (real, ``usd_real``; 2000, 2010, 2016),
        ``employment_population_ratio_25_64`` (fraction; 2000, 2010, 2016),
        ``median_household_income`` (2016 dollars, ``usd_2016``; 2000, 2010, 2016),
        ``nih_nsf_higher_ed_grants`` (usd, 2016; net obligations, so a few are negative) and ``older_industrial_county`` (1 for the
        70 older industrial cities' counties, else 0; unit ``flag``, year 2016). Missing
        values (``NA``) are not written. Changes, significance flags, scores and the young-firm
        job counts (whose years and units differ between file and codebook) are not imported.

    Parameters
    ----------
    data_dir : the data folder (holding ``us/``).

    Raises
    ------
    DataError : missing file or column, non-numeric value, malformed FIPS code, duplicate
        county.
    """
    path = Path(data_dir) / "us" / "brookings_older_industrial_counties.csv"
    batch = ImportBatch("us/brookings_older_industrial", files=[path])
    value_cols = {c: "float" for _, cols in OLDER_INDUSTRIAL_INDICATORS.values() for c in cols}
    t = read_csv(path, {"stco_code": "str", **value_cols},
                 non_negative=list(OLDER_INDUSTRIAL_INDICATORS["population"][1]),
                 missing=("", "NA"))
    require_values(path, t, ["stco_code"], expected="a 5-digit county FIPS code")
    require_codes(path, t, "stco_code", 5, "a 5-digit county FIPS code such as '39035'")
    check_unique(path, t, ["stco_code"])
    d = t.to_pandas()
    agg = d["stco_code"].isin(_AGGREGATE_ROWS)
    d = d[~agg]
    frames, n_missing = [], 0
    for indicator, (unit, cols) in OLDER_INDUSTRIAL_INDICATORS.items():
        for col, year in cols.items():
            ok = d[col].notna()
            n_missing += int((~ok).sum())
            frames.append(pd.DataFrame({
                "region_id": "us:" + d.loc[ok, "stco_code"], "year": year,
                "indicator": indicator, "value": d.loc[ok, col], "unit": unit}))
    batch.add("indicators", pd.concat(frames, ignore_index=True))
    batch.notes.append(Note(
        f"{int(agg.sum())} aggregate rows (00001 urban counties, 00002 urban industrial "
        "counties, 00003 older industrial cities) are not regions and were skipped; "
        f"{len(d)} counties imported.",
        f"{int(agg.sum())}个汇总行（00001 城市县、00002 城市工业县、00003 老工业城市）不是地区，已跳过；"
        f"导入{len(d)}个县。"))
    batch.notes.append(Note(f"{n_missing} missing (NA) values were not written.",
                            f"{n_missing}个缺失值（`NA`）未写入。"))
    return batch
