"""US readers: totals against the raw files, suppression, exclusions, and bad-input errors.

Tests that use the real data (fixture ``data_dir``) recompute every expected number
independently from the raw file with plain pandas. Bad-input tests write small files into a
fake data folder laid out like ``shared/data`` (``tmp_path / 'us' / ...``).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc
import pytest

from megaregion.errors import DataError
from megaregion.io.us_vintages import load_counties, store_territories
from megaregion.io import registry, us_cbp, us_economy, us_flows, us_innovation
from megaregion.model.schema import TABLES, duplicate_keys

US_MODULES = {"us_cbp", "us_economy", "us_innovation", "us_flows"}
US_DATASETS = [d for d in registry.DATASETS.values() if d.reader.split(":")[0] in US_MODULES]


def raw(data_dir: Path, name: str, na_values=("",)) -> pd.DataFrame:
    """A raw file read with plain pandas, every column as text (codes keep their zeros)."""
    return pd.read_csv(data_dir / "us" / name, dtype=str, keep_default_na=False,
                       na_values=list(na_values))


def num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s)


@pytest.fixture(scope="module")
def batches(data_dir):
    """Every US batch of this module, read once."""
    return {d.id: d.read(data_dir) for d in US_DATASETS}


_FRAMES: dict = {}


def frame(batch, table: str) -> pd.DataFrame:
    """The batch's table as pandas (converted once per test module run)."""
    key = (batch.dataset, table, id(batch.tables[table]))
    if key not in _FRAMES:
        _FRAMES[key] = batch.tables[table].to_pandas()
    return _FRAMES[key]


# --- all readers ------------------------------------------------------------------------------

def test_registry_names_the_readers_of_this_module():
    ids = {d.id for d in US_DATASETS}
    assert ids == {"us/cbp_county", "us/cbp_metro", "us/brookings_shiftshare", "us/qcew_ny",
                   "us/brookings_older_industrial", "us/patents_county", "us/patents_metro",
                   "us/herd", "us/brdis", "us/regpat", "us/commuting", "us/migration",
                   "us/inmigration_education"}


@pytest.mark.parametrize("ds", US_DATASETS, ids=lambda d: d.id)
def test_batch_is_canonical(batches, data_dir, ds):
    batch = batches[ds.id]
    assert batch.dataset == ds.id
    assert {Path(f) for f in batch.files} == set(ds.files(data_dir))
    assert batch.tables and batch.notes
    for name, table in batch.tables.items():
        assert table.schema == TABLES[name].schema
        assert table.num_rows > 0
        assert duplicate_keys(name, table).num_rows == 0, name
        assert pc.unique(table.column("source")).to_pylist() == [ds.id]
        for col in ("region_id", "origin", "destination"):
            if col in table.column_names:
                ok = pc.match_substring_regex(table.column(col), r"^(us:|us-cbsa:)\d{5}$")
                assert pc.all(ok).as_py(), col
        if name == "activity":
            flags = set(pc.unique(table.column("flag")).to_pylist())
            assert flags <= {"observed", "suppressed", "estimated"}
            # Only suppressed cells are null, and every suppressed cell is null.
            same = pc.equal(pc.is_null(table.column("value")),
                            pc.equal(table.column("flag"), "suppressed"))
            assert pc.all(same).as_py()


# --- CBP -------------------------------------------------------------------------------------

CBP_FILES = [f"cbp_county_naics{d}_2017_2021.csv.gz" for d in (2, 3, 4)]


@pytest.fixture(scope="module")
def cbp_raw(data_dir):
    return pd.concat([pd.read_csv(data_dir / "us" / f, dtype={"fips": str, "naics": str})
                      for f in CBP_FILES], ignore_index=True)


def test_cbp_county_employment_by_state_and_sector_2019(batches, data_dir):
    r = raw(data_dir, CBP_FILES[0])
    r = r[r["year"] == "2019"]
    expected = (r.assign(state=r["fips"].str[:2], v=num(r["employees"]))
                .groupby(["state", "naics"])["v"].sum())
    a = frame(batches["us/cbp_county"], "activity")
    a = a[(a["year"] == 2019) & (a["measure"] == "employees") & a["industry"].isin(r["naics"])]
    got = (a.assign(state=a["region_id"].str[3:5], v=a["value"].fillna(0))
           .groupby(["state", "industry"])["v"].sum())
    got.index.names = expected.index.names
    assert len(expected) > 500
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index().astype(float),
                                   check_names=False)


def test_cbp_county_all_measures_match_raw_totals(batches, cbp_raw):
    a = frame(batches["us/cbp_county"], "activity")
    assert len(a) == 3 * len(cbp_raw)
    assert set(a["classification"]) == {"naics2017"}
    units = a.groupby("measure")["unit"].unique().map(list).to_dict()
    assert units == {"employees": ["persons"], "establishments": ["count"], "payroll": ["usd_1000"]}
    sums = a.groupby(["year", "measure"])["value"].sum()
    for year, g in cbp_raw.groupby("year"):
        assert sums[(year, "establishments")] == g["establishments"].sum()
        assert sums[(year, "employees")] == g["employees"].sum()
        assert sums[(year, "payroll")] == g["payroll_k"].sum()
    # A known cell, exactly as in the file: Autauga County, AL, 2017, all sectors.
    one = a[(a["region_id"] == "us:01001") & (a["year"] == 2017) & (a["industry"] == "00")]
    assert one.set_index("measure")["value"].to_dict() == {
        "employees": 11036.0, "establishments": 869.0, "payroll": 360936.0}


def test_cbp_county_suppressed_cells(batches, cbp_raw):
    withheld = cbp_raw[(cbp_raw["employees"] == 0) & (cbp_raw["payroll_k"] == 0)
                       & (cbp_raw["establishments"] > 0)]
    a = frame(batches["us/cbp_county"], "activity")
    supp = a[a["flag"] == "suppressed"]
    assert len(withheld) > 1000
    assert (supp["measure"] == "employees").sum() == len(withheld)
    assert (supp["measure"] == "payroll").sum() == len(withheld)
    assert supp["value"].isna().all()
    # The same cells, by key.
    keys = set(zip("us:" + withheld["fips"], withheld["year"], withheld["naics"]))
    emp = supp[supp["measure"] == "employees"]
    assert set(zip(emp["region_id"], emp["year"], emp["industry"])) == keys
    # Establishments of those rows stay observed.
    est = a[(a["measure"] == "establishments") & (a["flag"] != "observed")]
    assert est.empty
    assert any(f"{len(withheld):,} rows" in n for n in batches["us/cbp_county"].notes)


def test_cbp_county_industries(batches, data_dir):
    ind = frame(batches["us/cbp_county"], "industries").set_index("code")
    labels = raw(data_dir, "naics2017_labels.csv")
    assert len(ind) == len(labels)
    assert ind.loc["31-33", "family"] == "manufacturing"
    assert ind.loc["5417", "family"] == "research_technical"
    assert ind.loc["5415", "family"] == "information_software"
    assert pd.isna(ind.loc["00", "family"])
    assert ind.loc["336", "level"] == 3


def test_cbp_county_reads_every_row(data_dir):
    """The county files give over 3 million canonical rows (their speed is measured by
    benchmarks/bench_import.py against plain pandas, not timed here: a busy machine is no bug)."""
    from megaregion.io.us_cbp import read_cbp_county

    batch = read_cbp_county(data_dir)
    assert batch.tables["activity"].num_rows > 3_000_000


def test_cbp_metro_totals_and_suppression(batches, data_dir):
    r = raw(data_dir, "cbp_cbsa_naics2to4_2018_2019.csv.gz")
    for c in ("establishments", "employees"):
        r[c] = num(r[c])
    a = frame(batches["us/cbp_metro"], "activity")
    assert len(a) == 2 * len(r)
    sums = a.groupby(["year", "measure"])["value"].sum()
    for year, g in r.groupby("year"):
        assert sums[(int(year), "employees")] == g["employees"].sum()
        assert sums[(int(year), "establishments")] == g["establishments"].sum()
    ny = a[(a["region_id"] == "us-cbsa:35620") & (a["year"] == 2019) & (a["industry"] == "00")
           & (a["measure"] == "employees")]["value"].item()
    raw_ny = r[(r["cbsa_code"] == "35620") & (r["year"] == "2019") & (r["naics"] == "00")]
    assert ny == raw_ny["employees"].item()
    withheld = ((r["employees"] == 0) & (r["establishments"] > 0)).sum()
    assert (a["flag"] == "suppressed").sum() == withheld > 0
    assert set(a.loc[a["flag"] == "suppressed", "measure"]) == {"employees"}


# --- Brookings, QCEW -------------------------------------------------------------------------

def test_brookings_shiftshare_levels(batches, data_dir):
    r = raw(data_dir, "brookings_metro_shiftshare_naics2_2016.csv")
    a = frame(batches["us/brookings_shiftshare"], "activity")
    row = r[(r["cbsa_code"] == "10420") & (r["naics2_code"] == "31")
            & (r["indicator"] == "Employment")].iloc[0]
    v = float(row["value"])
    cell = a[(a["region_id"] == "us-cbsa:10420") & (a["industry"] == "31")
             & (a["measure"] == "employees")].set_index("year")
    assert cell.loc[2016, "value"] == v and cell.loc[2016, "flag"] == "observed"
    for y in (2006, 2011, 2015):
        growth = sum(float(row[f"{c}{y}"]) for c in ("lsshare", "imshare", "nsshare"))
        assert cell.loc[y, "value"] == pytest.approx(v / (1 + growth), rel=1e-12)
        assert cell.loc[y, "flag"] == "estimated"
        comp = a[(a["region_id"] == "us-cbsa:10420") & (a["industry"] == "31")
                 & (a["year"] == y) & (a["measure"] == "employees_shift_local")]
        assert comp["value"].item() == float(row[f"lsshare{y}"])
        assert comp["unit"].item() == "fraction"
    # 2016 levels: every row once, with the right unit per indicator.
    obs = a[(a["year"] == 2016)]
    assert len(obs) == len(r)
    assert obs.groupby("measure")["value"].sum().to_dict() == pytest.approx(
        {m: num(r.loc[r["indicator"] == i, "value"]).sum()
         for i, (m, _) in us_economy.SHIFTSHARE_MEASURES.items()})
    assert dict(zip(obs["measure"], obs["unit"])) == {"employees": "persons", "gdp": "usd",
                                                      "wages": "usd"}


def test_qcew_ny_totals(batches, data_dir):
    r = raw(data_dir, "qcew_ny_county_naics2to3_2000_2017.csv.gz")
    a = frame(batches["us/qcew_ny"], "activity")
    assert set(a["classification"]) == {"naics-qcew"}
    assert len(a) == 3 * len(r)
    sums = a.groupby("measure")["value"].sum()
    assert sums["employees"] == num(r["avg_employment"]).sum()
    assert sums["establishments"] == num(r["establishments"]).sum()
    assert sums["wages"] == pytest.approx(num(r["total_wages_usd"]).sum(), rel=1e-12)
    assert dict(zip(a["measure"], a["unit"])) == {"employees": "persons",
                                                  "establishments": "count", "wages": "usd"}
    ind = frame(batches["us/qcew_ny"], "industries").set_index("code")
    assert ind.loc["31-33", "label"] == "Manufacturing"
    assert ind.loc["31-33", "family"] == "manufacturing"


def test_brookings_older_industrial(batches, data_dir):
    r = raw(data_dir, "brookings_older_industrial_counties.csv", na_values=["", "NA"])
    batch = batches["us/brookings_older_industrial"]
    i = frame(batch, "indicators")
    assert not i["region_id"].isin(["us:00001", "us:00002", "us:00003"]).any()
    assert i["region_id"].nunique() == len(r) - 3
    assert any("3 aggregate rows" in n for n in batch.notes)
    row = r[r["stco_code"] == "39035"].iloc[0]  # Cuyahoga County, OH
    got = i[i["region_id"] == "us:39035"].set_index(["indicator", "year"])["value"]
    assert got[("manufacturing_share", 1970)] == float(row["mf_share_1970"])
    assert got[("manufacturing_share", 2016)] == float(row["mf_share_2016"])
    assert got[("population", 1990)] == float(row["pop1990"])
    assert got[("population", 2016)] == float(row["pop2016"])


# --- innovation ------------------------------------------------------------------------------

def test_patents_county_total_and_exclusions(batches, data_dir):
    r = raw(data_dir, "uspto_patents_county_2000_2015.csv")
    bucket = r["fips"].str.endswith("000")
    batch = batches["us/patents_county"]
    i = frame(batch, "indicators")
    assert set(i["indicator"]) == {"patents_utility"} and set(i["unit"]) == {"count"}
    assert len(i) == (~bucket).sum()
    assert i["value"].sum() == num(r.loc[~bucket, "utility_patents"]).sum()
    n_excl, p_excl = int(bucket.sum()), int(num(r.loc[bucket, "utility_patents"]).sum())
    assert any(f"{n_excl} rows" in n and f"{p_excl:,} patents" in n for n in batch.notes)
    per_year = i.groupby("year")["value"].sum()
    raw_year = r[~bucket].assign(v=num(r["utility_patents"])).groupby("year")["v"].sum()
    assert per_year[2010] == raw_year["2010"]


def test_patents_metro_summed_from_counties_onto_store_metros(batches, data_dir):
    r = raw(data_dir, "uspto_patents_cbsa_2000_2015.csv")
    batch = batches["us/patents_metro"]
    i = frame(batch, "indicators")
    # state remainders ('00', '06', '00906' non-metro CA) are not regions
    assert not i["region_id"].str.startswith("us-cbsa:00").any()
    assert i["region_id"].str.fullmatch(r"us-cbsa:\d{5}").all()
    assert any("Undetermined County" in n for n in batch.notes)

    def file_value(code):
        return float(r[(r["cbsa_code"] == code) & (r["year"] == "2015")]["utility_patents"].item())

    def ours(code):
        return i[(i["region_id"] == f"us-cbsa:{code}") & (i["year"] == 2015)]["value"].item()

    assert ours("41940") == file_value("41940")
    assert ours("31080") == file_value("31100")  # Los Angeles under USPTO's older code
    assert "us-cbsa:31100" not in set(i["region_id"])


def test_herd_deduplicated_sums(batches, data_dir):
    r = raw(data_dir, "nsf_herd_institutions_2012_2016.csv")
    inst = r.drop_duplicates(["year", "rdinst"])
    assert len(inst) == 3207  # as the README says
    i = frame(batches["us/herd"], "indicators")
    county = i[i["region_id"].str.startswith("us:")]
    metro = i[i["region_id"].str.startswith("us-cbsa:")]
    for y, g in inst.groupby("year"):
        yy = int(y)
        c = county[county["year"] == yy].groupby("indicator")["value"].sum()
        assert c["university_rd"] == num(g["total_rd_k"]).sum()
        assert c["universities_rd_performing"] == len(g)
    # Metro values are the sums of their counties' values (store territories: io.us_vintages).
    terr = store_territories(load_counties(data_dir))
    for ind in ("university_rd", "universities_rd_performing"):
        cv = county[(county["indicator"] == ind) & (county["year"] == 2015)].assign(
            fips=lambda x: x["region_id"].str[3:]).set_index("fips")["value"]
        expect = terr.assign(v=terr["fips"].map(cv).fillna(0.0)).groupby("code")["v"].sum()
        m15 = metro[(metro["indicator"] == ind) & (metro["year"] == 2015)]
        got = m15.set_index(m15["region_id"].str[8:])["value"]
        assert got.sort_index().to_dict() == pytest.approx(expect.sort_index().to_dict())
    # The repeated rows would have inflated the total.
    assert county["value"][county["indicator"] == "university_rd"].sum() < num(r["total_rd_k"]).sum()
    assert set(i.loc[i["indicator"] == "university_rd", "unit"]) == {"usd_1000"}
    # Business-financed: a county with an institution flagged 'u' (unavailable) has no value
    # (unknown); the others sum their institutions.
    unknown = (inst["business_financed_rd_flag"].fillna("") == "u") | inst["business_financed_rd_k"].isna()
    bad_counties = set(zip(inst.loc[unknown, "county_fips"], inst.loc[unknown, "year"].astype(int)))
    ok = inst[[(c, int(y)) not in bad_counties for c, y in zip(inst["county_fips"], inst["year"])]]
    bf_rows = county[county["indicator"] == "university_rd_business_financed"]
    assert bf_rows["value"].sum() == num(ok["business_financed_rd_k"]).sum()
    got = set(zip(bf_rows["region_id"].str[3:], bf_rows["year"].astype(int)))
    assert got.isdisjoint(bad_counties) and len(bad_counties) > 0


def test_brdis(batches, data_dir):
    r = raw(data_dir, "nsf_brdis_business_rd_cbsa_2015.csv")
    metros = r[r["cbsa_code"].str.strip().str.fullmatch(r"\d{5}")]
    batch = batches["us/brdis"]
    i = frame(batch, "indicators")
    assert set(i["year"]) == {2015} and set(i["unit"]) == {"usd_million"}
    total = i[i["indicator"] == "business_rd"]
    assert len(metros) == 100
    # On the store's metros (io.us_vintages): 19380 Dayton is in neither delineation and is
    # named, not read as 0; metros whose counties moved are split by population.
    dayton = num(metros.loc[metros["cbsa_code"] == "19380", "business_rd_total_musd"]).sum()
    assert total["value"].sum() == pytest.approx(
        num(metros["business_rd_total_musd"]).sum() - dayton, rel=0.01)
    assert any("19380 Dayton, OH" in n and "not 0" in n for n in batch.notes)
    sj = total[total["region_id"] == "us-cbsa:41940"]
    assert sj["value"].item() == num(metros.loc[metros["cbsa_code"] == "41940",
                                                "business_rd_total_musd"]).item()
    assert set(total["flag"].dropna()) <= {"vintage_mapped"}
    company = i[i["indicator"] == "business_rd_company_funded"]
    assert "us-cbsa:41180" not in set(company["region_id"])  # St. Louis: D
    assert any("3 rows without a CBSA code" in n for n in batch.notes)


def test_regpat(batches, data_dir):
    r = raw(data_dir, "oecd_regpat_cbsa_2008_2012.csv", na_values=["", "NA"])
    metros = r[r["cbsa_code"].str.fullmatch(r"\d{5}") & ~r["cbsa_code"].str.startswith("900")]
    batch = batches["us/regpat"]
    i = frame(batch, "indicators")
    assert set(i["year"]) == {2012}
    inv = i[i["indicator"] == "patents_regpat_inventor"]
    # Codes in neither delineation are named in the notes and left out (not read as 0).
    assert inv["value"].sum() == pytest.approx(num(metros["cbsa_patents_invented"]).sum(), rel=0.01)
    assert inv["value"].sum() < num(metros["cbsa_patents_invented"]).sum()
    assert any("19380 Dayton, OH" in n for n in batch.notes)
    assert not i["region_id"].str.startswith("us-cbsa:900").any()
    assert any("2008-2012" in n and "2012" in n for n in batch.notes)


# --- flows -----------------------------------------------------------------------------------

def test_commuting_workers_total(batches, data_dir):
    r = raw(data_dir, "acs_commuting_county_flows_2009_2013.csv.gz")
    foreign = r["work_fips"].isna()
    batch = batches["us/commuting"]
    f = frame(batch, "flows")
    assert f["weight"].sum() == num(r["workers"]).sum() - num(r.loc[foreign, "workers"]).sum()
    assert len(f) == (~foreign).sum()
    assert any(f"{int(foreign.sum()):,} rows" in n for n in batch.notes)
    assert set(f["kind"]) == {"commuting"} and set(f["period"]) == {"2009-2013"}
    assert set(f["year"]) == {2013} and set(f["unit"]) == {"persons"} and f["directed"].all()
    same = f[f["origin"] == f["destination"]]
    assert len(same) == (r["res_fips"] == r["work_fips"]).sum() > 3000
    autauga = same[same["origin"] == "us:01001"]["weight"].item()
    assert autauga == 8635


def test_migration(batches, data_dir):
    r = raw(data_dir, "irs_migration_county_flows_2018_2019.csv.gz")
    f = frame(batches["us/migration"], "flows")
    assert set(f["period"]) == {"2018-2019"} and set(f["year"]) == {2019}
    by = f.groupby("category")
    assert by["weight"].sum().to_dict() == {
        "exemptions": num(r["exemptions"]).sum(), "returns": num(r["returns"]).sum(),
        "agi": num(r["agi_k"]).sum()}
    assert by["unit"].first().to_dict() == {"exemptions": "persons", "returns": "returns",
                                            "agi": "usd_1000"}
    assert (by.size() == len(r)).all()


def test_inmigration_education(batches, data_dir):
    r = raw(data_dir, "acs_county_inmigration_by_education_2009_2017.csv.gz")
    i = frame(batches["us/inmigration_education"], "indicators")
    assert not i["region_id"].str.startswith("us:72").any()  # Puerto Rico has no values
    tot = i[i["indicator"] == "inmovers_outside_state"].groupby("year")["value"].sum()
    raw_tot = r.assign(v=num(r["movein_total"])).groupby("year")["v"].sum()
    assert tot[2015] == raw_tot["2015"]
    row = r[(r["year"] == "2017") & (r["stco_code"] == "25017")].iloc[0]
    got = i[(i["region_id"] == "us:25017") & (i["year"] == 2017)].set_index("indicator")
    assert got.loc["inmovers_other_state_ba_plus", "value"] == float(row["fromdiffstate_edu_baplus"])
    assert got.loc["newcomer_share", "unit"] == "fraction"


# --- bad input -------------------------------------------------------------------------------

def write(folder: Path, name: str, text: str) -> Path:
    path = folder / "us" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8", newline="") as fh:
            fh.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


CBP_HEADER = "fips,year,naics,establishments,employees,payroll_k\n"


@pytest.fixture
def fake_cbp(tmp_path):
    """A fake data folder with small, valid county CBP files and labels."""
    write(tmp_path, CBP_FILES[0], CBP_HEADER + "01001,2019,00,10,100,5000\n"
          "01001,2019,31-33,3,0,0\n01003,2019,00,5,50,2000\n")
    write(tmp_path, CBP_FILES[1], CBP_HEADER + "01001,2019,336,3,40,2000\n"
          "01003,2019,541,2,9,300\n")
    write(tmp_path, CBP_FILES[2], CBP_HEADER + "01001,2019,3361,3,40,2000\n")
    write(tmp_path, "naics2017_labels.csv", "naics,level,naics_label\n00,0,Total\n"
          "31-33,2,Manufacturing\n336,3,Transportation equipment\n541,3,Professional\n"
          "3361,4,Motor vehicles\n")
    return tmp_path


def test_fake_cbp_is_read(fake_cbp):
    batch = us_cbp.read_cbp_county(fake_cbp)
    a = batch.tables["activity"].to_pandas()
    assert len(a) == 18
    supp = a[a["flag"] == "suppressed"]
    assert set(zip(supp["industry"], supp["measure"])) == {("31-33", "employees"),
                                                           ("31-33", "payroll")}
    assert supp["value"].isna().all()


@pytest.mark.parametrize("file_index, text, expected", [
    (0, "fips,year,naics,establishments,employees\n01001,2019,00,10,100\n",
     ["cbp_county_naics2_2017_2021.csv.gz", "row 1", "'payroll_k'", "missing"]),
    (1, CBP_HEADER + "01001,2019,336,3,40,2000\n01003,2019,541,2,(D),300\n",
     ["cbp_county_naics3_2017_2021.csv.gz", "row 3", "'employees'", "(D)", "suppression marker"]),
    (1, CBP_HEADER + "01001,2019,336,3,40,2000\n01003,2019,541,2,x9,300\n",
     ["cbp_county_naics3_2017_2021.csv.gz", "row 3", "'employees'", "x9"]),
    (2, CBP_HEADER + "01001,2019,3361,3,40,2000\n01003,2019,3361,3,-4,20\n",
     ["cbp_county_naics4_2017_2021.csv.gz", "row 3", "'employees'", "negative"]),
    (0, CBP_HEADER + "01001,2019,00,10,100,5000\n01003,2019,00,5,50,2000\n"
        "01001,2019,00,10,100,5000\n",
     ["cbp_county_naics2_2017_2021.csv.gz", "duplicate key", "rows 2 and 4", "row 4"]),
    (0, CBP_HEADER + "1001,2019,00,10,100,5000\n",
     ["cbp_county_naics2_2017_2021.csv.gz", "row 2", "'fips'", "'1001'", "5-digit"]),
    (0, CBP_HEADER + "01001,2019,00,10,,5000\n",
     ["cbp_county_naics2_2017_2021.csv.gz", "row 2", "'employees'", "empty cell"]),
    (2, CBP_HEADER, ["cbp_county_naics4_2017_2021.csv.gz", "no data rows"]),
    (2, "", ["cbp_county_naics4_2017_2021.csv.gz", "empty"]),
])
def test_cbp_county_bad_input(fake_cbp, file_index, text, expected):
    write(fake_cbp, CBP_FILES[file_index], text)
    with pytest.raises(DataError) as err:
        us_cbp.read_cbp_county(fake_cbp)
    for part in expected:
        assert part in err.value.message, (part, err.value.message)


def test_cbp_county_missing_file(fake_cbp):
    (fake_cbp / "us" / CBP_FILES[1]).unlink()
    with pytest.raises(DataError, match="cbp_county_naics3_2017_2021.csv.gz.*does not exist"):
        us_cbp.read_cbp_county(fake_cbp)


def test_duplicate_key_across_unsorted_runs(fake_cbp):
    # Sorted runs that overlap must still be caught (fast uniqueness path falls back).
    write(fake_cbp, CBP_FILES[0], CBP_HEADER + "01001,2019,00,10,100,5000\n"
          "01003,2019,00,5,50,2000\n01001,2018,00,1,1,1\n01001,2019,00,10,100,5000\n")
    with pytest.raises(DataError, match=r"duplicate key .* on rows 2 and 5"):
        us_cbp.read_cbp_county(fake_cbp)


# (reader, file, text, substrings the message must contain)
BAD_INPUTS = [
    (us_cbp.read_cbp_metro, "cbp_cbsa_naics2to4_2018_2019.csv.gz",
     "cbsa_code,year,naics,level,establishments,employees\n10100,2018,00,2,5,7\n"
     "10100,2018,11,2,5,7\n10100,2018,00,2,5,7\n", ["duplicate key", "row 4"]),
    (us_cbp.read_cbp_metro, "cbp_cbsa_naics2to4_2018_2019.csv.gz",
     "cbsa_code,year,naics,level,establishments\n10100,2018,00,2,5\n", ["row 1", "'employees'"]),
    (us_economy.read_qcew_ny, "qcew_ny_county_naics2to3_2000_2017.csv.gz",
     "fips,year,naics,title,establishments,avg_employment,total_wages_usd\n"
     "36001,2000,00,NAICS 00: Total,5,(D),100\n", ["row 2", "'avg_employment'", "(D)"]),
    (us_economy.read_brookings_shiftshare, "brookings_metro_shiftshare_naics2_2016.csv",
     "cbsa_code,naics2_code,naics2_name,year,indicator," + ",".join(
         f"{c}{y}" for y in (2006, 2011, 2015) for c in ("lsshare", "imshare", "nsshare"))
     + ",value\n10420,31,Manufacturing,2016,Jobs,0,0,0,0,0,0,0,0,0,5\n",
     ["row 2", "'indicator'", "Jobs"]),
    (us_economy.read_brookings_shiftshare, "brookings_metro_shiftshare_naics2_2016.csv",
     "cbsa_code,naics2_code,naics2_name,year,indicator," + ",".join(
         f"{c}{y}" for y in (2006, 2011, 2015) for c in ("lsshare", "imshare", "nsshare"))
     + ",value\n10420,31,Manufacturing,2016,GDP,-1,-0.5,0,0,0,0,0,0,0,5\n",
     ["row 2", "'lsshare2006'", "non-positive 2006 level"]),
    (us_economy.read_brookings_older_industrial, "brookings_older_industrial_counties.csv",
     "stco_code,pop1990\n39035,100\n", ["row 1", "'pop2000'", "missing"]),
    (us_innovation.read_patents_county, "uspto_patents_county_2000_2015.csv",
     "fips,state_abbr,county_name,year,utility_patents\n06085,CA,Santa Clara,2000,10\n"
     "06001,CA,Alameda,2000,-5\n", ["row 3", "'utility_patents'", "negative"]),
    (us_innovation.read_patents_county, "uspto_patents_county_2000_2015.csv",
     "fips,state_abbr,county_name,year,utility_patents\n06085,CA,Santa Clara,2000,10\n"
     "06085,CA,Santa Clara,2000,11\n", ["duplicate key", "rows 2 and 3"]),
    (us_innovation.read_patents_county, "uspto_patents_county_2000_2015.csv",
     "fips,state_abbr,county_name,year,utility_patents\n06085,CA,Santa Clara,2000,NA\n",
     ["row 2", "'utility_patents'", "'NA'"]),
    (us_innovation.read_patents_metro, "uspto_patents_cbsa_2000_2015.csv",
     "cbsa_code,cbsa_name,year,utility_patents\n41940,San Jose,2000,(D)\n",
     ["row 2", "'utility_patents'", "(D)"]),
    (us_innovation.read_herd, "nsf_herd_institutions_2012_2016.csv",
     "year,institution,rdinst,total_rd_k,business_financed_rd_k,business_financed_rd_flag,"
     "county_fips,cbsa_code\n2012,U,1,100,5,,01001,33860\n2012,U,1,120,5,,01003,19300\n",
     ["row 3", "'total_rd_k'", "disagrees"]),
    (us_innovation.read_brdis, "nsf_brdis_business_rd_cbsa_2015.csv",
     "cbsa_name,cbsa_code,business_rd_total_musd,business_rd_paid_by_company_musd,"
     "business_rd_paid_by_others_musd\nX,41940,10,abc,D\n",
     ["row 2", "'business_rd_paid_by_company_musd'", "abc"]),
    (us_innovation.read_regpat, "oecd_regpat_cbsa_2008_2012.csv",
     "cbsa_code,year_range,cbsa_patents_invented,cbsa_patent_applications\n"
     "10100,2009-2013,1,1\n", ["row 2", "'year_range'", "2009-2013"]),
    (us_flows.read_commuting, "acs_commuting_county_flows_2009_2013.csv.gz",
     "res_fips,work_fips,workers\n01001,01001,10\n01001,,5\n01001,,6\n01001,01001,3\n",
     ["duplicate key", "rows 2 and 5"]),
    (us_flows.read_commuting, "acs_commuting_county_flows_2009_2013.csv.gz",
     "res_fips,work_fips,workers\n01001,1001,10\n", ["row 2", "'work_fips'", "'1001'"]),
    (us_flows.read_migration, "irs_migration_county_flows_2018_2019.csv.gz",
     "origin_fips,dest_fips,year_from,year_to,returns,exemptions,agi_k\n"
     "01001,01003,2018,2020,30,60,100\n", ["row 2", "'year_to'", "2020"]),
    (us_flows.read_migration, "irs_migration_county_flows_2018_2019.csv.gz",
     "origin_fips,dest_fips,year_from,year_to,returns,exemptions,agi_k\n"
     "01001,01003,2018,2019,30,-60,100\n", ["row 2", "'exemptions'", "negative"]),
    (us_flows.read_inmigration_education, "acs_county_inmigration_by_education_2009_2017.csv.gz",
     "year,stco_code\n2009,01001\n", ["row 1", "missing"]),
]


@pytest.mark.parametrize("reader, name, text, expected", BAD_INPUTS,
                         ids=[f"{r.__name__}-{i}" for i, (r, *_) in enumerate(BAD_INPUTS)])
def test_bad_input(tmp_path, reader, name, text, expected):
    write(tmp_path, name, text)
    with pytest.raises(DataError) as err:
        reader(tmp_path)
    message = err.value.message
    assert name in message
    for part in expected:
        assert part in message, (part, message)


@pytest.mark.parametrize("reader, name", [(r, n) for r, n, *_ in BAD_INPUTS[::2]],
                         ids=lambda x: getattr(x, "__name__", x))
def test_empty_file(tmp_path, reader, name):
    write(tmp_path, name, "")
    with pytest.raises(DataError, match=rf"{name.replace('.', r'[.]')}.*empty"):
        reader(tmp_path)


def write_vintage_files(tmp_path):
    """A minimal county-metro crosswalk (io.us_vintages) for one metro, San Jose."""
    write(tmp_path, "county_reference.csv",
          "fips,county_name,state_abbr,cbsa_code,cbsa_code_2018,cbsa_title_2018,pop_census2010,"
          "pop_est2010,pop_est2019\n06085,Santa Clara County,CA,41940,41940,San Jose,1781642,"
          "1786040,1927852\n")
    write(tmp_path, "cbsa_delineation_2023.csv",
          "fips,county_name,state_name,cbsa_code,cbsa_title\n"
          "06085,Santa Clara County,California,41940,San Jose\n")
    write(tmp_path, "uspto_patents_cbsa_2000_2015.csv",
          "cbsa_code,cbsa_name,year,utility_patents\n41940,San Jose,2015,10\n")
    write(tmp_path, "uspto_patents_county_2000_2015.csv",
          "fips,state_abbr,county_name,year,utility_patents\n06085,CA,Santa Clara,2015,10\n")


def test_brdis_accepts_withheld_marker(tmp_path):
    write_vintage_files(tmp_path)
    write(tmp_path, "nsf_brdis_business_rd_cbsa_2015.csv",
          "cbsa_name,cbsa_code,business_rd_total_musd,business_rd_paid_by_company_musd,"
          "business_rd_paid_by_others_musd\nX,41940,10,D,D\nAll other CBSAs,- ,5,D,D\n")
    batch = us_innovation.read_brdis(tmp_path)
    i = batch.tables["indicators"].to_pandas()
    assert i[["region_id", "indicator", "value"]].values.tolist() == [
        ["us-cbsa:41940", "business_rd", 10.0]]
    assert any("2 metro cells withheld" in n for n in batch.notes)
    assert np.isfinite(i["value"]).all()
