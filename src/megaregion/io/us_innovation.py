"""US innovation: USPTO patents, university R&D (NSF HERD), business R&D (NSF BRDIS), OECD REGPAT.

All write ``indicators`` rows (region, year, indicator, value, unit):

* ``us/patents_county`` / ``us/patents_metro``: ``patents_utility`` (count of utility patent
  grants by grant year, first-named inventor's residence, USPTO PTMT method).
* ``us/herd``: ``university_rd``, ``university_rd_business_financed`` (thousands of current
  US dollars) and ``universities_rd_performing`` (count), by county and by metro.
* ``us/brdis``: ``business_rd``, ``business_rd_company_funded``, ``business_rd_other_funded``
  (millions of US dollars), about 100 metros, 2015.
* ``us/regpat``: ``patents_regpat_inventor`` and ``patents_regpat_applicant`` (fractional
  counts, 2008-2012 pooled, stored as year 2012).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from megaregion.errors import DataError
from megaregion.i18n.notes import Note
from megaregion.io.base import (SUPPRESSION_MARKERS, ImportBatch, check_unique, constant,
                                prefixed, read_csv)
from megaregion.io.base import require_codes, require_values


def _indicator_table(region: pa.Array, year, indicator: str, value: pa.Array, unit: str) -> pa.Table:
    n = len(region)
    year_arr = year.cast(pa.int32()) if hasattr(year, "cast") else constant(year, n, pa.int32())
    return pa.table({"region_id": region, "year": year_arr, "indicator": constant(indicator, n),
                     "value": value.cast(pa.float64()), "unit": constant(unit, n)})


# --- USPTO patents ---------------------------------------------------------------------------

def _patent_counties(path: Path) -> tuple[pa.Table, pa.Table]:
    """The checked county patent file, split into counties and 'Undetermined County' buckets."""
    t = read_csv(path, {"fips": "str", "year": "int", "utility_patents": "int"},
                 non_negative=["utility_patents"])
    require_values(path, t, ["fips", "year", "utility_patents"])
    require_codes(path, t, "fips", 5, "a 5-digit county FIPS code such as '06085'")
    check_unique(path, t, ["fips", "year"])
    undetermined = pc.ends_with(t.column("fips"), "000")
    return t.filter(pc.invert(undetermined)), t.filter(undetermined)


def read_patents_county(data_dir: Path) -> ImportBatch:
    """USPTO utility patent grants by county and grant year, 2000-2015.

    Reads ``us/uspto_patents_county_2000_2015.csv`` (``fips, state_abbr, county_name, year,
    utility_patents``).

    Writes
    ------
    indicators : region ``us:FFFFF``, indicator ``patents_utility``, unit ``count``: utility
        patents granted in the year whose first-named inventor lived in the county.

    The "Undetermined County" buckets (FIPS ``XX000`` within a state, ``00000`` for the US)
    are not regions: they are excluded and the batch notes give their row and patent counts.

    Parameters
    ----------
    data_dir : the data folder (holding ``us/``).

    Raises
    ------
    DataError : missing file or column, non-numeric or negative count, empty cell, malformed
        FIPS code, or two rows for the same (fips, year).
    """
    path = Path(data_dir) / "us" / "uspto_patents_county_2000_2015.csv"
    batch = ImportBatch("us/patents_county", files=[path])
    kept, excluded = _patent_counties(path)
    batch.add("indicators", _indicator_table(prefixed(kept.column("fips"), "us:"),
                                             kept.column("year"), "patents_utility",
                                             kept.column("utility_patents"), "count"))
    n_codes = len(pc.unique(excluded.column('fips')))
    n_pat = pc.sum(excluded.column('utility_patents')).as_py() or 0
    batch.notes.append(Note(
        f"{excluded.num_rows} rows of 'Undetermined County' buckets (FIPS XX000 and 00000, "
        f"{n_codes} codes) holding "
        f"{n_pat:,} patents are not regions "
        f"and were excluded; {kept.num_rows:,} county-years imported.",
        f"{excluded.num_rows}行属于“县份未定”（`Undetermined County`）归集项（FIPS代码`XX000`和00000，共{n_codes}个代码），"
        f"含专利{n_pat:,}件，不是地区，已排除；导入县-年数据{kept.num_rows:,}条。"))
    batch.notes.append(Note("Patents are counted by grant year at the first-named inventor's residence "
                            "(USPTO PTMT method).",
                            "专利按授权年份、以第一发明人居住地计数（USPTO专利技术监测组`PTMT`的方法）。"))
    return batch


def read_patents_metro(data_dir: Path) -> ImportBatch:
    """USPTO utility patent grants by metro (CBSA) and grant year, 2000-2015, on the store's
    metro delineation, summed from the county file.

    The USPTO metro file (``us/uspto_patents_cbsa_2000_2015.csv``) uses the older (2003/2009)
    CBSA codes: Los Angeles is 31100, not 31080; Santa Barbara 42060, not 42200. Its codes are
    therefore not trusted: the metro values are the sums of the county file
    (``us/uspto_patents_county_2000_2015.csv``, same USPTO PTMT method) over the counties of
    each store metro (:func:`megaregion.io.us_vintages.aggregate_counties`; 2023 metros, and
    2018 metros whose code no longer exists). The metro file is still read and checked, and its
    totals are compared with the county sums in the notes.

    Writes
    ------
    indicators : region ``us-cbsa:NNNNN``, indicator ``patents_utility``, unit ``count``. Flag
        ``vintage_mapped`` for the Connecticut metros (2023 planning regions have no county
        data: the same-code 2018 metro's former counties are summed), observed otherwise.

    The county file lists each of its counties in all 16 years (zeros included) and omits only
    small counties (none above 28,300 people), so it is read as listing every county with a
    patent in 2000-2015: a county it does not list counts 0 (the notes give how many counties
    and people that concerns; upstream does not document this).

    Parameters
    ----------
    data_dir : the data folder (holding ``us/``).

    Raises
    ------
    DataError : missing file or column, non-numeric or negative count, empty cell, malformed
        code, or two rows for the same (code, year), in either file.
    """
    from megaregion.io.us_vintages import aggregate_counties, load_counties

    us = Path(data_dir) / "us"
    path = us / "uspto_patents_cbsa_2000_2015.csv"
    cpath = us / "uspto_patents_county_2000_2015.csv"
    batch = ImportBatch("us/patents_metro", files=[path, cpath, us / "county_reference.csv",
                                                   us / "cbsa_delineation_2023.csv"])
    t = read_csv(path, {"cbsa_code": "str", "cbsa_name": "str", "year": "int",
                        "utility_patents": "int"}, non_negative=["utility_patents"])
    require_values(path, t, ["cbsa_code", "year", "utility_patents"])
    check_unique(path, t, ["cbsa_code", "year"])
    code = t.column("cbsa_code")
    # "Undetermined Statistical Areas": '00' for the US and the 2-digit state FIPS per state.
    undetermined = pc.and_(pc.equal(pc.utf8_length(code), 2), pc.utf8_is_digit(code))
    well_formed = pc.or_(undetermined, pc.and_(pc.equal(pc.utf8_length(code), 5),
                                               pc.utf8_is_digit(code)))
    if not pc.all(well_formed).as_py():
        i = pc.index(well_formed, False).as_py()
        raise DataError(path, "malformed code", row=i + 2, column="cbsa_code",
                        expected="a 5-digit CBSA code such as '35620', or a 2-digit "
                        "'Undetermined Statistical Areas' code",
                        found=code[i].as_py())
    kept, buckets = _patent_counties(cpath)
    counties = load_counties(data_dir)
    values = kept.select(["fips", "year", "utility_patents"]).to_pandas()
    values["utility_patents"] = values["utility_patents"].astype(float)
    agg = aggregate_counties(values, counties, value_cols=("utility_patents",), absent="zero")
    batch.add("indicators", pd.DataFrame({
        "region_id": "us-cbsa:" + agg["code"], "year": agg["year"], "indicator": "patents_utility",
        "value": agg["utility_patents"], "unit": "count", "flag": agg["flag"]}))

    m = t.to_pandas()
    m5 = m[m["cbsa_code"].str.len() == 5]
    state_rest = m5["cbsa_code"].str.startswith("00")
    listed = set(values["fips"])
    absent = counties[~counties["fips"].isin(listed) & counties["pop"].notna()
                      & (counties["cbsa_2023"].notna() | counties["cbsa_2018"].notna())]
    la = agg[(agg["code"] == "31080") & (agg["year"] == 2015)]["utility_patents"]
    la_old = m5[(m5["cbsa_code"] == "31100") & (m5["year"] == 2015)]["utility_patents"]
    known = set(counties["cbsa_2018"].dropna()) | set(counties["cbsa_2023"].dropna())
    old = m5[~state_rest & ~m5["cbsa_code"].isin(known)].drop_duplicates("cbsa_code")
    n_metros, n_years = agg['code'].nunique(), agg['year'].nunique()
    examples = list(zip(old["cbsa_code"][:4], old["cbsa_name"][:4]))
    la_check = len(la) and len(la_old)
    batch.notes.append(Note(
        f"Metro values are sums of the county file over the counties of each store metro (2023 "
        f"metros, and 2018 metros whose code no longer exists): {n_metros} metros x "
        f"{n_years} years. The USPTO metro file uses older CBSA codes "
        f"({len(old)} of its codes are in neither the 2018 nor the 2023 delineation, e.g. "
        + ", ".join(f"{c} {n}" for c, n in examples)
        + ") and is used only as a check"
        + (f": Los Angeles 2015 = {la.iloc[0]:,.0f} from its counties (31080), "
           f"{la_old.iloc[0]:,} under the old code 31100 in the metro file." if la_check
           else "."),
        f"都市区数值由县级文件按数据库中各都市区（2023年版都市区，以及代码已不再使用的2018年版都市区）"
        f"所含县加总而得：{n_metros}个都市区 × {n_years}年。USPTO都市区文件使用较旧的CBSA代码"
        f"（其中{len(old)}个代码既不属于2018年版也不属于2023年版划分，例如"
        + "、".join(f"{c} `{n}`" for c, n in examples)
        + "），仅用作核对"
        + (f"：洛杉矶2015年由所含县加总为{la.iloc[0]:,.0f}件（31080），都市区文件中旧代码31100下为"
           f"{la_old.iloc[0]:,}件。" if la_check else "。")))
    batch.notes.append(Note(
        f"{len(absent)} metro counties (population {absent['pop'].sum():,.0f} in 2010, largest "
        f"{absent['pop'].max():,.0f}) are not in the county file. The file lists each of its "
        "counties in all 16 years, zeros included, and the counties it omits are all small, so "
        "it is read as listing every county with a patent in 2000-2015 (upstream does not say "
        "so): the omitted counties count 0.",
        f"有{len(absent)}个都市区内的县（2010年人口合计{absent['pop'].sum():,.0f}，最大的一个为"
        f"{absent['pop'].max():,.0f}）不在县级文件中。该文件列出的每个县在全部16年都有记录（含0值），"
        "且缺列的县都很小，因此视为列出了2000—2015年间所有有过专利的县（上游未作此说明）：缺列的县计为0。"))
    n_ct = agg.loc[agg["flag"] == "vintage_mapped", "code"].nunique()
    if n_ct:
        batch.notes.append(Note(
            f"{n_ct} Connecticut metros (2023 planning regions, which have no county data) are "
            "summed over the former counties of the same-code 2018 metro (flag vintage_mapped).",
            f"康涅狄格州有{n_ct}个都市区（2023年版以规划区代替县，规划区没有县级数据）按同代码2018年版都市区"
            "的原有县加总（标记为“版本映射”（`vintage_mapped`））。"))
    n_bucket_pat = pc.sum(buckets.column('utility_patents')).as_py() or 0
    n_rest = int(state_rest.sum() + (m['cbsa_code'].str.len() == 2).sum())
    batch.notes.append(Note(
        f"{buckets.num_rows} rows of 'Undetermined County' buckets holding "
        f"{n_bucket_pat:,} patents belong to no metro; "
        f"the metro file's {n_rest} "
        "state remainder rows (non-metro areas, undetermined) are not regions.",
        f"{buckets.num_rows}行“县份未定”（`Undetermined County`）归集项含专利{n_bucket_pat:,}件，不属于任何都市区；"
        f"都市区文件中的{n_rest}行州内剩余项（非都市区地域及地点未定者）不是地区。"))
    return batch


# --- NSF HERD --------------------------------------------------------------------------------

#: Main-campus county of the HERD institutions whose ZIP code the upstream geocode matched to
#: several counties (or to a wrong place), by NSF institution id (``rdinst``). Written from each
#: campus's location, not from the ZIP; ``docs/readers/us.md`` explains the rule and
#: ``tests/test_us_vintages_real.py`` checks the 50 largest institutions by hand.
HERD_MAIN_COUNTY: dict[str, tuple[str, str]] = {
    "3657": ("48201", "MD Anderson Cancer Center, Houston (ZIP 78712 in the file is UT Austin's)"),
    "1828": ("18003", "IPFW, Fort Wayne (file: no ZIP, 'W Lafayette')"),
    "19039": ("24019", "UMCES, Cambridge MD (file: no ZIP)"),
    "1313": ("06113", "UC Davis, Davis, Yolo County"),
    "2520": ("29510", "Washington University, St. Louis (medical campus in St. Louis city)"),
    "6968": ("51540", "University of Virginia, Charlottesville city"),
    "2130": ("25025", "Boston University, Boston, Suffolk County"),
    "29001": ("20045", "University of Kansas, Lawrence, Douglas County"),
    "2589": ("33017", "University of New Hampshire, Durham, Strafford County"),
    "1009": ("01081", "Auburn University, Lee County"),
    "3749": ("51059", "George Mason University, Fairfax County (outside Fairfax city)"),
    "34563": ("36059", "Cold Spring Harbor Laboratory, Laurel Hollow, Nassau County"),
    "2105": ("24005", "UMBC, Catonsville, Baltimore County"),
    "2083": ("24510", "Morgan State University, Baltimore city"),
    "1758": ("17077", "SIU Carbondale, Jackson County"),
    "8828": ("51830", "College of William and Mary, Williamsburg city"),
    "9167": ("39057", "Wright State University, Fairborn, Greene County"),
    "3615": ("48209", "Texas State University, San Marcos, Hays County"),
    "2517": ("29161", "Missouri S&T, Rolla, Phelps County"),
    "8799": ("39133", "Kent State University, Portage County"),
    "3289": ("42095", "Lehigh University, Bethlehem, Northampton County"),
    "3009": ("39057", "Air Force Institute of Technology, Wright-Patterson AFB, Greene County"),
    "8067": ("22017", "LSU Health Sciences Center, Shreveport, Caddo Parish"),
    "8800": ("39017", "Miami University, Oxford, Butler County"),
    "3639": ("48273", "Texas A&M-Kingsville, Kleberg County"),
    "3522": ("47037", "Tennessee State University, Nashville, Davidson County"),
    "3470": ("46103", "SD School of Mines, Rapid City, Pennington County"),
    "3388": ("42045", "Villanova University, Radnor Township, Delaware County"),
    "2950": ("37063", "North Carolina Central University, Durham County"),
    "2531": ("30093", "Montana Tech, Butte-Silver Bow"),
    "3237": ("42091", "Bryn Mawr College, Lower Merion, Montgomery County"),
    "2396": ("28021", "Alcorn State University, Lorman, Claiborne County"),
    "2002": ("21227", "Western Kentucky University, Bowling Green, Warren County"),
    "3764": ("51149", "Virginia State University, Ettrick, Chesterfield County"),
    "1086": ("05069", "UA Pine Bluff, Jefferson County"),
    "903798": ("53033", "UW Bothell, King County"),
    "3152": ("40109", "University of Central Oklahoma, Edmond, Oklahoma County"),
    "29229": ("72021", "Universidad Central del Caribe, Bayamon"),
    "3831": ("54069", "Wheeling Jesuit University, Ohio County"),
    "1968": ("21073", "Kentucky State University, Frankfort, Franklin County"),
    "29133": ("06037", "Western University of Health Sciences, Pomona, Los Angeles County"),
    "2340": ("27131", "Carleton College, Northfield, Rice County"),
    "2617": ("34013", "Montclair State University, Essex County"),
    "2115": ("25015", "Amherst College, Hampshire County"),
    "3463": ("46079", "Dakota State University, Madison, Lake County"),
    "1566": ("13225", "Fort Valley State University, Peach County"),
    "2038": ("23005", "Bowdoin College, Brunswick, Cumberland County"),
    "3197": ("41051", "Lewis & Clark College, Portland, Multnomah County"),
    "2926": ("37139", "Elizabeth City State University, Pasquotank County"),
    "1868": ("19157", "Grinnell College, Poweshiek County"),
    "2360": ("27013", "Minnesota State Mankato, Blue Earth County"),
    "2273": ("26139", "Hope College, Holland, Ottawa County"),
    "3775": ("53063", "Eastern Washington University, Cheney, Spokane County"),
    "1977": ("21035", "Murray State University, Calloway County"),
    "3217": ("41051", "Reed College, Portland, Multnomah County"),
    "2858": ("36103", "Farmingdale State College, Suffolk County"),
    "1264": ("06037", "Pepperdine University, Malibu, Los Angeles County"),
    "3459": ("46081", "Black Hills State University, Spearfish, Lawrence County"),
    "1842": ("18127", "Valparaiso University, Porter County"),
    "3274": ("42091", "Haverford College, Lower Merion, Montgomery County"),
    "1976": ("21205", "Morehead State University, Rowan County"),
    "2927": ("37001", "Elon University, Alamance County"),
    "2279": ("26125", "Lawrence Technological University, Southfield, Oakland County"),
    "1926": ("20037", "Pittsburg State University, Crawford County"),
    "2918": ("37119", "Davidson College, Mecklenburg County"),
    "2731": ("36069", "Hobart and William Smith Colleges, Geneva, Ontario County"),
    "1544": ("13095", "Albany State University, Dougherty County"),
    "3209": ("41053", "Western Oregon University, Monmouth, Polk County"),
    "11282": ("40143", "OSU Center for Health Sciences, Tulsa County"),
    "2622": ("34039", "Kean University, Union County"),
    "3692": ("50023", "Norwich University, Northfield, Washington County VT"),
    "3284": ("42095", "Lafayette College, Easton, Northampton County"),
    "7206": ("72035", "University of Puerto Rico at Cayey"),
    "1157": ("06099", "CSU Stanislaus, Turlock, Stanislaus County"),
    "1844": ("18107", "Wabash College, Crawfordsville, Montgomery County"),
    "330002": ("12115", "USF Sarasota-Manatee, Sarasota County"),
    "2981": ("37099", "Western Carolina University, Cullowhee, Jackson County"),
    "2382": ("27131", "St. Olaf College, Northfield, Rice County"),
    "1826": ("18091", "Purdue North Central, Westville, LaPorte County"),
    "2841": ("36055", "SUNY Brockport, Monroe County"),
    "1425": ("09015", "Eastern Connecticut State University, Willimantic, Windham County"),
    "1322": ("06071", "University of Redlands, San Bernardino County"),
    "3917": ("55035", "UW-Eau Claire, Eau Claire County"),
    "3037": ("39169", "College of Wooster, Wayne County"),
    "3534": ("47051", "Sewanee, Franklin County"),
    "2013": ("22017", "LSU Shreveport, Caddo Parish"),
    "1830": ("18167", "Rose-Hulman, Terre Haute, Vigo County"),
    "2544": ("31151", "Doane College, Crete, Saline County"),
    "3154": ("40123", "East Central University, Ada, Pontotoc County"),
    "3921": ("55043", "UW-Platteville, Grant County"),
    "1531": ("12127", "Stetson University, DeLand, Volusia County"),
    "3541": ("48451", "Angelo State University, San Angelo, Tom Green County"),
    "1507": ("12115", "New College of Florida, Sarasota County"),
    "9145": ("17197", "Governors State University, University Park, Will County"),
    "2856": ("36095", "SUNY Cobleskill, Schoharie County"),
    "3746": ("51630", "University of Mary Washington, Fredericksburg city"),
    "2843": ("36023", "SUNY Cortland, Cortland County"),
    "1674": ("17029", "Eastern Illinois University, Charleston, Coles County"),
    "2848": ("36075", "SUNY Oswego, Oswego County"),
    "3315": ("42037", "Bloomsburg University, Columbia County"),
    "1817": ("18043", "IU Southeast, New Albany, Floyd County"),
    "3326": ("42041", "Shippensburg University, Cumberland County"),
    "4661": ("25015", "Hampshire College, Amherst, Hampshire County"),
    "2651": ("35041", "Eastern New Mexico University, Portales, Roosevelt County"),
    "1363": ("08031", "Regis University, Denver"),
    "3768": ("51678", "Washington and Lee University, Lexington city"),
    "3317": ("42045", "Cheyney University, Thornbury Township, Delaware County"),
}


def place_institutions(path: Path, d: pd.DataFrame, county_names: dict[str, str],
                        county_pop: dict[str, float]) -> tuple[pd.DataFrame, dict]:
    """One county per institution-year: the main campus's county.

    Rule, in order: (1) the county of :data:`HERD_MAIN_COUNTY` (campus location checked by
    hand; also corrects ZIPs the upstream geocode placed wrongly); (2) the only county listed;
    (3) the listed county whose name is the institution's city (an independent city first);
    (4) otherwise the most populous listed county, and the institution is named in the notes.
    """
    import re

    def base(name: str) -> str:
        n = re.sub(r"\s+(County|Parish|city|Municipio|Borough)(,.*)?$", "", name or "")
        return n.lower().replace("saint ", "st ").replace("st. ", "st ")

    key = ["year", "rdinst"]
    rows = []
    counts = {"table": 0, "single": 0, "city_name": 0, "largest": 0}
    undecided = set()
    for (year, inst), g in d.groupby(key, sort=False):
        listed = list(dict.fromkeys(g["county_fips"]))
        if inst in HERD_MAIN_COUNTY:
            fips, how = HERD_MAIN_COUNTY[inst][0], "table"
        elif len(listed) == 1:
            fips, how = listed[0], "single"
        else:
            city = str(g["city"].iloc[0] if "city" in g else "").lower().replace("saint ", "st ").replace("st. ", "st ")
            hit = [f for f in listed if base(county_names.get(f, "")) == city]
            if len(hit) > 1:
                hit = [f for f in hit if county_names.get(f, "").split(",")[0].endswith(" city")] or hit
            if len(hit) == 1:
                fips, how = hit[0], "city_name"
            else:
                fips = max(listed, key=lambda f: county_pop.get(f) or 0.0)
                how = "largest"
                undecided.add(f"{g['institution'].iloc[0]} ({inst})")
        counts[how] += 1
        rows.append(g.iloc[0].to_dict() | {"county_fips": fips})
    return pd.DataFrame(rows), {"counts": counts, "undecided": sorted(undecided)}


def read_herd(data_dir: Path) -> ImportBatch:
    """University R&D expenditures (NSF HERD) summed to counties and metros, 2012-2016.

    Reads ``us/nsf_herd_institutions_2012_2016.csv`` (one row per institution-year and
    county; columns used: ``year, rdinst, institution, total_rd_k, business_financed_rd_k,
    business_financed_rd_flag, county_fips, cbsa_code``).

    The upstream ZIP-to-county match repeats an institution-year once per county its ZIP
    touches (UC Davis, ZIP 95616: Solano and Yolo). Each institution-year is counted once, in
    its main campus's county (:func:`place_institutions`: a checked table for the repeated or
    misplaced ZIPs, then the only county listed, then the county named like the city). Metro
    values are the sums over the counties of each store metro
    (:func:`megaregion.io.us_vintages.aggregate_counties`), not the file's ``cbsa_code``.

    Writes
    ------
    indicators : for regions ``us:FFFFF`` (county, only counties with an institution) and
        ``us-cbsa:NNNNN`` (every store metro; 0 where no institution reported R&D: HERD is a
        census of institutions above its threshold):

        * ``university_rd``: total R&D expenditure, thousands of current US dollars
          (``usd_1000``);
        * ``university_rd_business_financed``: the part financed by business (``usd_1000``);
          values flagged ``u`` upstream (zero, apparently unavailable) or blank are left out
          of the sums, and counted in the notes;
        * ``universities_rd_performing``: number of HERD institutions (``count``).

    Parameters
    ----------
    data_dir : the data folder (holding ``us/``).

    Raises
    ------
    DataError : missing file or column, non-numeric or negative amount, malformed FIPS/CBSA
        code, or repeated rows of one institution-year that disagree on the amounts.
    """
    path = Path(data_dir) / "us" / "nsf_herd_institutions_2012_2016.csv"
    batch = ImportBatch("us/herd", files=[path, Path(data_dir) / "us" / "county_reference.csv",
                                          Path(data_dir) / "us" / "cbsa_delineation_2023.csv"])
    t = read_csv(path, {"year": "int", "rdinst": "str", "institution": "str",
                        "total_rd_k": "float", "business_financed_rd_k": "float",
                        "business_financed_rd_flag": "str", "county_fips": "str",
                        "cbsa_code": "str"},
                 non_negative=["total_rd_k", "business_financed_rd_k"])
    require_values(path, t, ["year", "rdinst", "total_rd_k", "county_fips"])
    require_codes(path, t, "county_fips", 5, "a 5-digit county FIPS code such as '25017'")
    d = t.to_pandas()
    cbsa = d["cbsa_code"].dropna()
    if not cbsa.str.fullmatch(r"\d{5}").all():
        i = int((~d["cbsa_code"].fillna("00000").str.fullmatch(r"\d{5}")).to_numpy().nonzero()[0][0])
        raise DataError(path, "malformed code", row=i + 2, column="cbsa_code",
                        expected="a 5-digit CBSA code or blank outside metros",
                        found=d["cbsa_code"].iloc[i])
    # Repeats of one institution-year must agree on the amounts they repeat.
    key = ["year", "rdinst"]
    for col in ("total_rd_k", "business_financed_rd_k"):
        first = d.groupby(key)[col].transform("first")
        differs = ~((d[col] == first) | (d[col].isna() & first.isna()))
        if differs.any():
            i = int(differs.to_numpy().nonzero()[0][0])
            raise DataError(path, "a repeated institution-year disagrees with its first row",
                            row=i + 2, column=col, expected=f"the same value ({first.iloc[i]})",
                            found=str(d[col].iloc[i]))
    repeated = int(d.duplicated(key, keep=False).sum())
    from megaregion.io.us_vintages import aggregate_counties, load_counties

    counties = load_counties(data_dir)
    inst, placed = place_institutions(path, d, dict(zip(counties["fips"], counties["name"])),
                                       dict(zip(counties["fips"], counties["pop"])))
    unknown = (inst["business_financed_rd_flag"].fillna("").str.strip().str.lower() == "u") | \
        inst["business_financed_rd_k"].isna()
    inst.loc[unknown, "business_financed_rd_k"] = float("nan")

    g = inst.groupby(["county_fips", "year"])
    by_county = pd.DataFrame({
        "university_rd": g["total_rd_k"].sum(),
        # Unknown as soon as one institution's amount is unavailable: a partial sum would
        # pass for the whole.
        "university_rd_business_financed": g["business_financed_rd_k"].agg(
            lambda v: v.sum() if v.notna().all() else float("nan")),
        "universities_rd_performing": g.size().astype(float),
    }).reset_index()
    cols = ("university_rd", "university_rd_business_financed", "universities_rd_performing")
    units = {"university_rd": "usd_1000", "university_rd_business_financed": "usd_1000",
             "universities_rd_performing": "count"}
    metro = aggregate_counties(by_county.rename(columns={"county_fips": "fips"}), counties,
                               value_cols=cols, absent="zero")
    frames = []
    for frame, col, prefix in ((by_county, "county_fips", "us:"), (metro, "code", "us-cbsa:")):
        long = frame.melt(id_vars=[col, "year"] + (["flag"] if "flag" in frame else []),
                          value_vars=list(cols), var_name="indicator", value_name="value")
        long = long.dropna(subset=["value"])
        frames.append(pd.DataFrame({
            "region_id": prefix + long[col], "year": long["year"], "indicator": long["indicator"],
            "value": long["value"], "unit": long["indicator"].map(units),
            "flag": long["flag"] if "flag" in long else None,
        }))
    batch.add("indicators", pd.concat(frames, ignore_index=True))
    counts = placed['counts']
    batch.notes.append(Note(
        f"{len(d):,} rows, {len(inst):,} distinct institution-years: {repeated:,} rows repeat an "
        "institution-year across the counties of its ZIP code; each institution-year is "
        "counted once, in its main campus's county: "
        f"{counts['table']} from the checked table of repeated or misplaced ZIPs "
        "(e.g. UC Davis in Yolo, not Solano; MD Anderson in Harris, not Travis), "
        f"{counts['single']} with a single county, {counts['city_name']} "
        "by the county named like the city"
        + (f", {counts['largest']} undecided, placed in the most populous county "
           f"listed: {'; '.join(placed['undecided'])}" if counts['largest'] else "")
        + ". Metro values are sums over each metro's counties (2023 metros; 2018 metros whose "
        "code no longer exists), not the file's cbsa_code.",
        f"共{len(d):,}行，{len(inst):,}个不同的“机构-年”：其中{repeated:,}行是同一机构同一年份按其邮政编码"
        "所跨各县重复列出；每个“机构-年”只计一次，计入主校区所在县："
        f"{counts['table']}个依据经人工核对的重复或错置邮编对照表（如加州大学戴维斯分校计入约洛县而非索拉诺县，"
        f"得克萨斯大学安德森癌症中心计入哈里斯县而非特拉维斯县），{counts['single']}个邮编只对应一个县，"
        f"{counts['city_name']}个按与所在城市同名的县确定"
        + (f"，{counts['largest']}个无法确定，计入所列各县中人口最多的县："
           + "；".join(f"`{u}`" for u in placed['undecided']) if counts['largest'] else "")
        + "。都市区数值为各都市区所含县之和（2023年版都市区；以及代码已不再使用的2018年版都市区），"
        "而非文件中的`cbsa_code`。"))
    batch.notes.append(Note(
        f"{int(unknown.sum())} institution-years have business-financed R&D flagged 'u' or "
        "blank (unavailable); they are left out of university_rd_business_financed.",
        f"{int(unknown.sum())}个“机构-年”的企业资助研发经费标记为`u`或为空（无法获得），"
        "未计入`university_rd_business_financed`（企业资助的高校研发经费）。"))
    batch.notes.append(Note("Amounts are thousands of current (not deflated) US dollars.",
                            "金额单位为千美元（当年价，未经平减）。"))
    return batch


def _onto_store_metros(batch: ImportBatch, df: pd.DataFrame, data_dir: Path,
                       names: dict[str, str]) -> pd.DataFrame:
    """Indicator rows of a metro-only source (``region_id`` ``us-cbsa:NNNNN``) moved onto the
    store's metro ids through the vintage crosswalk (:mod:`megaregion.io.us_vintages`).

    The source's codes are read as the 2018 delineation where they exist in it (the closest
    the data hold to the 2013-2015 delineations these sources used), else as 2023; older codes
    go to the store metro the patent files show to be the same territory
    (:func:`~megaregion.io.us_vintages.resolve_old_codes`), and the rest are left out and named
    in the notes (unknown, not 0). Mapped values carry the flag ``vintage_mapped``.
    """
    from megaregion.io.us_vintages import load_counties, map_metro_values, resolve_old_codes

    counties = load_counties(data_dir)
    k18 = set(counties["cbsa_2018"].dropna())
    k23 = set(counties["cbsa_2023"].dropna())
    d = df.assign(code=df["region_id"].str[len("us-cbsa:"):])
    vintage_of = {c: "2018" if c in k18 else "2023" for c in set(d["code"]) if c in k18 | k23}
    mv = map_metro_values(d, counties, code_col="code", value_cols=["value"],
                          key_cols=["year", "indicator", "unit"], vintage_of=vintage_of,
                          names=names, resolved=resolve_old_codes(data_dir, counties))
    note = mv.note(batch.dataset)
    if note:
        batch.notes.append(note)
    v = mv.values
    return pd.DataFrame({"region_id": "us-cbsa:" + v["code"], "year": v["year"],
                         "indicator": v["indicator"], "value": v["value"], "unit": v["unit"],
                         "flag": v["flag"]})


#: Files the metro crosswalk reads (io.us_vintages): delineations and the patent files whose
#: county evidence resolves older metro codes.
VINTAGE_FILES = ("county_reference.csv", "cbsa_delineation_2023.csv",
                 "uspto_patents_cbsa_2000_2015.csv", "uspto_patents_county_2000_2015.csv")


# --- NSF BRDIS -------------------------------------------------------------------------------

#: Chinese names of the national remainder rows of the BRDIS file (rows without a CBSA code).
_BRDIS_REMAINDERS_ZH = {"All other CBSAs": "其余所有CBSA", "Locations outside a CBSA": "CBSA以外地区",
                        "Undistributed": "未分配"}

_BRDIS_COLUMNS = {"business_rd_total_musd": "business_rd",
                  "business_rd_paid_by_company_musd": "business_rd_company_funded",
                  "business_rd_paid_by_others_musd": "business_rd_other_funded"}


def read_brdis(data_dir: Path) -> ImportBatch:
    """Domestic R&D performed by companies (NSF BRDIS), top metros, 2015.

    Reads ``us/nsf_brdis_business_rd_cbsa_2015.csv`` (``cbsa_name, cbsa_code,
    business_rd_total_musd, business_rd_paid_by_company_musd,
    business_rd_paid_by_others_musd``).

    Writes
    ------
    indicators : region ``us-cbsa:NNNNN``, year 2015, unit ``usd_million``:
        ``business_rd`` (total), ``business_rd_company_funded`` and
        ``business_rd_other_funded``. Cells withheld upstream (``D``) are not written; the
        notes count them.

    The rows without a CBSA code (``-``: "All other CBSAs", "Locations outside a CBSA",
    "Undistributed") are national remainders, not regions; they are excluded and listed in
    the notes with their totals.

    Parameters
    ----------
    data_dir : the data folder (holding ``us/``).

    Raises
    ------
    DataError : missing file or column, a value that is neither a number nor a suppression
        marker, a negative amount, a malformed CBSA code, or a metro listed twice.
    """
    path = Path(data_dir) / "us" / "nsf_brdis_business_rd_cbsa_2015.csv"
    batch = ImportBatch("us/brdis", files=[path, *(Path(data_dir) / "us" / f for f in VINTAGE_FILES)])
    t = read_csv(path, {"cbsa_name": "str", "cbsa_code": "str",
                        **{c: "str" for c in _BRDIS_COLUMNS}})
    d = t.to_pandas()
    d["cbsa_code"] = d["cbsa_code"].fillna("").str.strip()
    values: dict[str, pd.Series] = {}
    n_withheld = 0
    for col in _BRDIS_COLUMNS:
        raw = d[col].fillna("").str.strip()
        num = pd.to_numeric(raw, errors="coerce")
        marker = raw.isin(SUPPRESSION_MARKERS)
        bad = num.isna() & ~marker
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise DataError(path, "value is not a number", row=i + 2, column=col,
                            expected="an amount in millions of US dollars, or D if withheld",
                            found=d[col].iloc[i] if d[col].iloc[i] is not None else "")
        if (num < 0).any():
            i = int((num < 0).to_numpy().nonzero()[0][0])
            raise DataError(path, "negative value in a count or amount column", row=i + 2,
                            column=col, expected="a value of 0 or more", found=raw.iloc[i])
        values[col] = num
    remainder = d["cbsa_code"].isin(["-", ""])
    metros = ~remainder
    codes = d.loc[metros, "cbsa_code"]
    if not codes.str.fullmatch(r"\d{5}").all():
        i = int((metros & ~d["cbsa_code"].str.fullmatch(r"\d{5}")).to_numpy().nonzero()[0][0])
        raise DataError(path, "malformed code", row=i + 2, column="cbsa_code",
                        expected="a 5-digit CBSA code, or '-' for a national remainder",
                        found=d["cbsa_code"].iloc[i])
    _unique_codes(path, d, metros)
    frames = []
    for col, indicator in _BRDIS_COLUMNS.items():
        ok = metros & values[col].notna()
        n_withheld += int((metros & values[col].isna()).sum())
        frames.append(pd.DataFrame({"region_id": "us-cbsa:" + d.loc[ok, "cbsa_code"],
                                    "year": 2015, "indicator": indicator,
                                    "value": values[col][ok], "unit": "usd_million"}))
    names = dict(zip(d.loc[metros, "cbsa_code"], d.loc[metros, "cbsa_name"]))
    batch.add("indicators", _onto_store_metros(batch, pd.concat(frames, ignore_index=True),
                                               data_dir, names))
    rem_rows = list(zip(d.loc[remainder, "cbsa_name"], values["business_rd_total_musd"][remainder]))
    rem = "; ".join(f"{name} ({v:,.0f})" for name, v in rem_rows)
    rem_zh = "；".join(f"{_BRDIS_REMAINDERS_ZH.get(name, f'`{name}`')}（{v:,.0f}）" for name, v in rem_rows)
    batch.notes.append(Note(
        f"{int(remainder.sum())} rows without a CBSA code are national remainders, not regions, "
        f"and were excluded (total business R&D, USD million): {rem}.",
        f"{int(remainder.sum())}行没有CBSA代码，是全国剩余项而非地区，已排除（企业研发经费总额，百万美元）：{rem_zh}。"))
    batch.notes.append(Note(f"{n_withheld} metro cells withheld upstream (D) were not written.",
                            f"{n_withheld}个都市区单元格在上游因保密隐去（标记`D`），未写入。"))
    return batch


def _unique_codes(path: Path, d: pd.DataFrame, mask: pd.Series) -> None:
    dup = d["cbsa_code"].where(mask).duplicated(keep="first") & mask
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        first = int((d["cbsa_code"] == d["cbsa_code"].iloc[i]).to_numpy().nonzero()[0][0])
        raise DataError(path, f"duplicate key (cbsa_code={d['cbsa_code'].iloc[i]!r}) on rows "
                        f"{first + 2} and {i + 2}", row=i + 2, column="cbsa_code",
                        expected="each metro at most once")


# --- OECD REGPAT -----------------------------------------------------------------------------

_REGPAT_COLUMNS = {"cbsa_patents_invented": "patents_regpat_inventor",
                   "cbsa_patent_applications": "patents_regpat_applicant"}


def read_regpat(data_dir: Path) -> ImportBatch:
    """OECD REGPAT patent counts by US metro, 2008-2012 pooled.

    Reads ``us/oecd_regpat_cbsa_2008_2012.csv`` (``cbsa_code, year_range, cbsa_name,
    st_name, cbsa_patents_invented, cbsa_inventors_per_patent, cbsa_patent_applications,
    cbsa_applicants_per_patent``).

    Writes
    ------
    indicators : region ``us-cbsa:NNNNN``, year 2012 (the last year of the pooled 2008-2012
        window), unit ``count`` (fractional counts): ``patents_regpat_inventor`` (patents
        by inventor location, ``cbsa_patents_invented``) and ``patents_regpat_applicant``
        (by applicant location, ``cbsa_patent_applications``). Empty (``NA``) cells are not
        written. The ``Rest of <state>`` rows (codes ``900SS``) and ``USZZZ`` (not
        classified) are not metros; they are excluded and counted in the notes. The ``*_per_patent`` columns
        are not imported: their values look like counts, not ratios, and upstream does not
        define them.

    Parameters
    ----------
    data_dir : the data folder (holding ``us/``).

    Raises
    ------
    DataError : missing file or column, non-numeric or negative count, malformed CBSA code,
        a year range other than 2008-2012, or a metro listed twice.
    """
    path = Path(data_dir) / "us" / "oecd_regpat_cbsa_2008_2012.csv"
    batch = ImportBatch("us/regpat", files=[path, *(Path(data_dir) / "us" / f for f in VINTAGE_FILES)])
    t = read_csv(path, {"cbsa_code": "str", "year_range": "str",
                        **{c: "float" for c in _REGPAT_COLUMNS}},
                 non_negative=list(_REGPAT_COLUMNS), missing=("", "NA"))
    require_values(path, t, ["cbsa_code", "year_range"])
    check_unique(path, t, ["cbsa_code"])
    ok = pc.equal(t.column("year_range"), "2008-2012")
    if not pc.all(ok).as_py():
        i = pc.index(ok, False).as_py()
        raise DataError(path, "unexpected year range", row=i + 2, column="year_range",
                        expected="2008-2012", found=t.column("year_range")[i].as_py())
    code = t.column("cbsa_code")
    # Not metros: 'USZZZ' (not classified) and '900SS' (rest of state SS, outside metros).
    not_classified = pc.equal(code, "USZZZ")
    rest_of_state = pc.starts_with(code, "900")
    excluded_mask = pc.or_(not_classified, rest_of_state)
    well_formed = pc.or_(excluded_mask, pc.and_(pc.equal(pc.utf8_length(code), 5),
                                                pc.utf8_is_digit(code)))
    if not pc.all(well_formed).as_py():
        i = pc.index(well_formed, False).as_py()
        raise DataError(path, "malformed code", row=i + 2, column="cbsa_code",
                        expected="a 5-digit CBSA code such as '35620', '900SS' for the rest of "
                        "a state, or 'USZZZ'", found=code[i].as_py())
    excluded = t.filter(excluded_mask)
    t = t.filter(pc.invert(excluded_mask))
    region = prefixed(t.column("cbsa_code"), "us-cbsa:")
    parts, n_missing = [], 0
    for col, indicator in _REGPAT_COLUMNS.items():
        present = pc.is_valid(t.column(col))
        n_missing += t.num_rows - (pc.sum(present).as_py() or 0)
        parts.append(_indicator_table(region.filter(present), 2012, indicator,
                                      t.column(col).filter(present), "count"))
    titles = pd.read_csv(path, dtype=str, usecols=lambda c: c in ("cbsa_code", "cbsa_name"))
    names = dict(zip(titles["cbsa_code"], titles["cbsa_name"])) if "cbsa_name" in titles else {}
    batch.add("indicators", _onto_store_metros(batch, pa.concat_tables(parts).to_pandas(),
                                               data_dir, names))
    n_rest = pc.sum(rest_of_state).as_py() or 0
    n_pat = pc.sum(excluded.column('cbsa_patents_invented')).as_py() or 0
    batch.notes.append(Note(
        f"{excluded.num_rows} rows are not metros and were excluded: {n_rest} 'Rest of <state>' "
        f"remainders (codes 900SS) and {excluded.num_rows - n_rest} 'NOT CLASSIFIED' (USZZZ); "
        "together they hold "
        f"{n_pat:,.1f} patents by "
        "inventor location.",
        f"{excluded.num_rows}行不是都市区，已排除：{n_rest}行“州内其余地区”（`Rest of <state>`，代码`900SS`）"
        f"剩余项和{excluded.num_rows - n_rest}行“未分类”（`NOT CLASSIFIED`，代码`USZZZ`）；"
        f"按发明人所在地计，合计专利{n_pat:,.1f}件。"))
    batch.notes.append(Note(
        f"{t.num_rows} metros imported. Counts are pooled over 2008-2012 (fractional counts) and stored "
        "as year 2012, the last year of the window; they are not annual values.",
        f"导入{t.num_rows}个都市区。计数为2008—2012年合并值（分数计数法），记为窗口末年2012年；不是年度值。"))
    if n_missing:
        batch.notes.append(Note(f"{n_missing} empty cells were not written.",
                                f"{n_missing}个空单元格未写入。"))
    batch.notes.append(Note("The *_per_patent columns are not imported (undocumented upstream; "
                            "their values look like counts, not ratios).",
                            "`*_per_patent`各列未导入（上游无说明；其数值看来是计数而非比率）。"))
    return batch
