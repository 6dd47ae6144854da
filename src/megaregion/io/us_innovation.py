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
from megaregion.io.base import (SUPPRESSION_MARKERS, ImportBatch, check_unique, constant,
                                prefixed, read_csv)
from megaregion.io.base import require_codes, require_values


def _indicator_table(region: pa.Array, year, indicator: str, value: pa.Array, unit: str) -> pa.Table:
    n = len(region)
    year_arr = year.cast(pa.int32()) if hasattr(year, "cast") else constant(year, n, pa.int32())
    return pa.table({"region_id": region, "year": year_arr, "indicator": constant(indicator, n),
                     "value": value.cast(pa.float64()), "unit": constant(unit, n)})


# --- USPTO patents ---------------------------------------------------------------------------

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
    t = read_csv(path, {"fips": "str", "year": "int", "utility_patents": "int"},
                 non_negative=["utility_patents"])
    require_values(path, t, ["fips", "year", "utility_patents"])
    require_codes(path, t, "fips", 5, "a 5-digit county FIPS code such as '06085'")
    check_unique(path, t, ["fips", "year"])
    undetermined = pc.ends_with(t.column("fips"), "000")
    excluded = t.filter(undetermined)
    kept = t.filter(pc.invert(undetermined))
    batch.add("indicators", _indicator_table(prefixed(kept.column("fips"), "us:"),
                                             kept.column("year"), "patents_utility",
                                             kept.column("utility_patents"), "count"))
    batch.notes.append(
        f"{excluded.num_rows} rows of 'Undetermined County' buckets (FIPS XX000 and 00000, "
        f"{len(pc.unique(excluded.column('fips')))} codes) holding "
        f"{pc.sum(excluded.column('utility_patents')).as_py() or 0:,} patents are not regions "
        f"and were excluded; {kept.num_rows:,} county-years imported.")
    batch.notes.append("Patents are counted by grant year at the first-named inventor's residence "
                       "(USPTO PTMT method).")
    return batch


def read_patents_metro(data_dir: Path) -> ImportBatch:
    """USPTO utility patent grants by metro (CBSA) and grant year, 2000-2015.

    Reads ``us/uspto_patents_cbsa_2000_2015.csv`` (``cbsa_code, cbsa_name, year,
    utility_patents``).

    Writes
    ------
    indicators : region ``us-cbsa:NNNNN``, indicator ``patents_utility``, unit ``count``.
        The codes are the older CBSA codes USPTO published (e.g. 35620 "New
        York-Northern New Jersey-Long Island"). The "Undetermined Statistical Areas" buckets
        (code ``00`` for the US and 2-digit state FIPS codes such as ``06`` for California)
        are not regions and are excluded, with their row and patent counts in the notes.

    Parameters
    ----------
    data_dir : the data folder (holding ``us/``).

    Raises
    ------
    DataError : missing file or column, non-numeric or negative count, empty cell, malformed
        CBSA code, or two rows for the same (cbsa_code, year).
    """
    path = Path(data_dir) / "us" / "uspto_patents_cbsa_2000_2015.csv"
    batch = ImportBatch("us/patents_metro", files=[path])
    t = read_csv(path, {"cbsa_code": "str", "year": "int", "utility_patents": "int"},
                 non_negative=["utility_patents"])
    require_values(path, t, ["cbsa_code", "year", "utility_patents"])
    check_unique(path, t, ["cbsa_code", "year"])
    # "Undetermined Statistical Areas": '00' for the US and the 2-digit state FIPS per state.
    undetermined = pc.and_(pc.equal(pc.utf8_length(t.column("cbsa_code")), 2),
                           pc.utf8_is_digit(t.column("cbsa_code")))
    excluded = t.filter(undetermined)
    kept = t.filter(pc.invert(undetermined))
    code = t.column("cbsa_code")
    well_formed = pc.or_(undetermined, pc.and_(pc.equal(pc.utf8_length(code), 5),
                                               pc.utf8_is_digit(code)))
    if not pc.all(well_formed).as_py():
        i = pc.index(well_formed, False).as_py()
        raise DataError(path, "malformed code", row=i + 2, column="cbsa_code",
                        expected="a 5-digit CBSA code such as '35620', or a 2-digit "
                        "'Undetermined Statistical Areas' code",
                        found=code[i].as_py())
    batch.add("indicators", _indicator_table(prefixed(kept.column("cbsa_code"), "us-cbsa:"),
                                             kept.column("year"), "patents_utility",
                                             kept.column("utility_patents"), "count"))
    batch.notes.append(
        f"{excluded.num_rows} rows of 'Undetermined Statistical Areas' (code '00' for the US "
        f"and 2-digit state codes, {len(pc.unique(excluded.column('cbsa_code')))} codes) holding "
        f"{pc.sum(excluded.column('utility_patents')).as_py() or 0:,} patents are not regions "
        f"and were excluded; {kept.num_rows:,} metro-years imported.")
    batch.notes.append("CBSA codes and titles are the older ones USPTO published; some differ "
                       "from the 2018 and 2023 delineations.")
    return batch


# --- NSF HERD --------------------------------------------------------------------------------

def read_herd(data_dir: Path) -> ImportBatch:
    """University R&D expenditures (NSF HERD) summed to counties and metros, 2012-2016.

    Reads ``us/nsf_herd_institutions_2012_2016.csv`` (one row per institution-year and
    county; columns used: ``year, rdinst, institution, total_rd_k, business_financed_rd_k,
    business_financed_rd_flag, county_fips, cbsa_code``).

    The upstream ZIP-to-county match repeats an institution-year once per county its ZIP
    touches. Institution-years are de-duplicated on (``year``, ``rdinst``), keeping the first
    row (the upstream geocode's first county and its metro), so each institution is counted
    once, in one county.

    Writes
    ------
    indicators : for regions ``us:FFFFF`` (county) and ``us-cbsa:NNNNN`` (metro; institutions
        outside metros count only for their county):

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
    batch = ImportBatch("us/herd", files=[path])
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
    inst = d.drop_duplicates(key, keep="first").copy()
    unknown = (inst["business_financed_rd_flag"].fillna("").str.strip().str.lower() == "u") | \
        inst["business_financed_rd_k"].isna()
    inst.loc[unknown, "business_financed_rd_k"] = float("nan")

    frames = []
    for level, col, prefix in (("county", "county_fips", "us:"), ("metro", "cbsa_code", "us-cbsa:")):
        g = inst.dropna(subset=[col]).groupby([col, "year"])
        agg = pd.DataFrame({
            "university_rd": g["total_rd_k"].sum(),
            # Unknown as soon as one institution's amount is unavailable: a partial sum would
            # pass for the whole.
            "university_rd_business_financed": g["business_financed_rd_k"].agg(
                lambda v: v.sum() if v.notna().all() else float("nan")),
            "universities_rd_performing": g.size().astype(float),
        }).reset_index()
        long = agg.melt(id_vars=[col, "year"], var_name="indicator", value_name="value")
        long = long.dropna(subset=["value"])
        frames.append(pd.DataFrame({
            "region_id": prefix + long[col], "year": long["year"], "indicator": long["indicator"],
            "value": long["value"],
            "unit": long["indicator"].map({"university_rd": "usd_1000",
                                           "university_rd_business_financed": "usd_1000",
                                           "universities_rd_performing": "count"}),
        }))
    batch.add("indicators", pd.concat(frames, ignore_index=True))
    batch.notes.append(
        f"{len(d):,} rows, {len(inst):,} distinct institution-years: {repeated:,} rows repeat an "
        "institution-year across the counties of its ZIP code; each institution-year was "
        "counted once, in the first county listed (and that county's metro).")
    batch.notes.append(
        f"{int(inst['cbsa_code'].isna().sum())} institution-years lie outside any metro; they "
        "count for their county only.")
    batch.notes.append(
        f"{int(unknown.sum())} institution-years have business-financed R&D flagged 'u' or "
        "blank (unavailable); they are left out of university_rd_business_financed.")
    batch.notes.append("Amounts are thousands of current (not deflated) US dollars.")
    return batch


# --- NSF BRDIS -------------------------------------------------------------------------------

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
    batch = ImportBatch("us/brdis", files=[path])
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
    batch.add("indicators", pd.concat(frames, ignore_index=True))
    rem = "; ".join(f"{name} ({v:,.0f})" for name, v in
                    zip(d.loc[remainder, "cbsa_name"], values["business_rd_total_musd"][remainder]))
    batch.notes.append(
        f"{int(remainder.sum())} rows without a CBSA code are national remainders, not regions, "
        f"and were excluded (total business R&D, USD million): {rem}.")
    batch.notes.append(f"{n_withheld} metro cells withheld upstream (D) were not written.")
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
    batch = ImportBatch("us/regpat", files=[path])
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
    batch.add("indicators", pa.concat_tables(parts))
    n_rest = pc.sum(rest_of_state).as_py() or 0
    batch.notes.append(
        f"{excluded.num_rows} rows are not metros and were excluded: {n_rest} 'Rest of <state>' "
        f"remainders (codes 900SS) and {excluded.num_rows - n_rest} 'NOT CLASSIFIED' (USZZZ); "
        "together they hold "
        f"{pc.sum(excluded.column('cbsa_patents_invented')).as_py() or 0:,.1f} patents by "
        "inventor location.")
    batch.notes.append(
        f"{t.num_rows} metros imported. Counts are pooled over 2008-2012 (fractional counts) and stored "
        "as year 2012, the last year of the window; they are not annual values.")
    if n_missing:
        batch.notes.append(f"{n_missing} empty cells were not written.")
    batch.notes.append("The *_per_patent columns are not imported (undocumented upstream; "
                       "their values look like counts, not ratios).")
    return batch
