"""Link readers: totals against the raw files (plain pandas), the README's checked counts,
and precise errors on bad input."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from megaregion.errors import DataError
from megaregion.io import links, registry
from megaregion.model.schema import duplicate_keys

LINK_DATASETS = ("links/gawc_ds11", "links/gawc_ds6", "links/gawc_gnc_2020",
                 "links/us_tech_transfer", "links/us_tech_transfer_county",
                 "links/us_tech_transfer_national", "links/us_msa_connectivity",
                 "links/cn_hightech_links", "links/bea_io", "links/cn_io")


def _raw(data_dir: Path, name: str, **kw) -> pd.DataFrame:
    return pd.read_csv(data_dir / "links" / name, **kw)


@pytest.fixture(scope="module")
def batches(data_dir):
    return {ds: registry.get(ds).read(data_dir) for ds in LINK_DATASETS}


def test_batches_are_canonical(batches):
    for ds, batch in batches.items():
        assert batch.dataset == ds and batch.tables
        for name, table in batch.tables.items():
            assert duplicate_keys(name, table).num_rows == 0, (ds, name)
            assert set(table.column("source").to_pylist()) == {ds}


def test_slug():
    assert links.slug("Washington,DC") == "washington-dc"
    assert links.slug("New York (New York)") == "new-york-new-york"
    assert links.slug("Xi'An") == "xi-an"
    assert links.slug("  Banda Seri Begawan ") == "banda-seri-begawan"


# --------------------------------------------------------------------------- GaWC

def test_gawc_ds11(batches, data_dir):
    raw = _raw(data_dir, "gawc_ds11_service_values_2000.csv")
    b = batches["links/gawc_ds11"]
    act = b.tables["activity"].to_pandas()
    assert len(act) == 31_500 == len(raw)  # zeros kept
    assert (act.value > 0).sum() == 7_518
    assert act.value.value_counts().sort_index().to_dict() == {
        0: 23_982, 1: 275, 2: 5_610, 3: 1_244, 4: 280, 5: 109}
    assert set(act.year) == {2000} and set(act.unit) == {"score_0_5"}
    assert set(act.classification) == {"gawc-ds11-firm"} and set(act.measure) == {"service_value"}
    assert act.groupby("industry").value.sum().to_dict() == raw.groupby("firm").service_value.sum().to_dict()
    lon = act[(act.region_id == "world:london") & (act.industry == "PWC")].value.iloc[0]
    assert lon == raw[(raw.city == "London") & (raw.firm == "PWC")].service_value.iloc[0]
    assert act[act.region_id == "world:lucknow"].value.sum() == 0
    reg = b.tables["regions"].to_pandas()
    assert len(reg) == 315 and set(reg.level) == {"world_city"} and set(reg.country) == {"world"}
    assert "world:banda-seri-begawan" in set(reg.region_id)
    ind = b.tables["industries"].to_pandas()
    assert len(ind) == 100
    assert dict(zip(ind.code, ind.label))["PWC"] == "PWC (accountancy)"
    assert ind.family.isna().all()


def test_gawc_ds6(batches, data_dir):
    raw = _raw(data_dir, "gawc_ds6_service_values_55cities.csv")
    b = batches["links/gawc_ds6"]
    act = b.tables["activity"].to_pandas()
    assert len(act) == 2_530 and set(act.year) == {1999} and set(act.unit) == {"score_0_3"}
    assert act.value.sum() == raw.service_value.sum()
    assert (act.value == 0).sum() == (raw.service_value == 0).sum()
    assert "world:washington-dc" in set(b.tables["regions"].column("region_id").to_pylist())
    assert any("1999" in n for n in b.notes)


def test_gawc_gnc(batches, data_dir):
    raw = _raw(data_dir, "gawc_gnc_2020.csv", dtype={"city_code_cn": str})
    b = batches["links/gawc_gnc_2020"]
    ind = b.tables["indicators"].to_pandas()
    world = ind[ind.region_id.str.startswith("world:")]
    assert (world.indicator == "gnc").sum() == 707
    assert world[world.indicator == "gnc"].value.sum() == raw.gnc_abs.sum()
    by = ind.set_index(["region_id", "indicator"]).value
    assert by[("world:london", "gnc")] == 113_344
    assert by[("world:london", "gnc_relative_pct")] == 100.0
    assert by[("world:new-york", "gnc")] == 97_551  # 'New York (New York)' matched DS11
    assert by[("world:shanghai", "gnc")] == by[("cn:310000", "gnc")] == 73_359
    cn = ind[ind.region_id.str.startswith("cn:") & (ind.indicator == "gnc")]
    assert len(cn) == raw.city_code_cn.notna().sum() == 93
    # new regions only for cities not matched to DS11
    ds11 = set(batches["links/gawc_ds11"].tables["regions"].column("region_id").to_pylist())
    new = set(b.tables["regions"].column("region_id").to_pylist())
    assert not (new & ds11)
    assert set(world.region_id) <= new | ds11
    assert "world:birmingham-uk" in new and "world:birmingham-alabama" in new  # ambiguous


# --------------------------------------------------------------------------- US tech transfer

def test_us_tech_transfer(batches, data_dir):
    raw = _raw(data_dir, "us_cbsa_tech_transfer_pairs_1858_2023.csv", dtype={"source_cbsa": str,
                                                                              "target_cbsa": str})
    intra = _raw(data_dir, "us_cbsa_tech_transfer_intracity_1858_2023.csv", dtype={"cbsa_code": str})
    f = batches["links/us_tech_transfer"].tables["flows"].to_pandas()
    inter = f[f.category == "intercity"]
    assert inter.groupby("period").size().to_dict() == {
        "1858-1899": 454, "1900-1949": 6_979, "1950-1975": 9_570, "1976-1999": 14_351,
        "2000-2023": 21_766}
    assert inter.weight.sum() == raw.transfers.sum() == 1_738_434
    within = f[f.category == "intracity"]
    assert (within.origin == within.destination).all() and len(within) == len(intra)
    assert within.weight.sum() == 2_976_184
    assert (inter.origin != inter.destination).all()
    assert dict(zip(f.period, f.year))["1858-1899"] == 1899
    assert set(f.kind) == {"tech_transfer"} and set(f.unit) == {"count"} and f.directed.all()
    first = raw.iloc[0]
    row = inter[(inter.origin == "us-cbsa:" + first.source_cbsa)
                & (inter.destination == "us-cbsa:" + first.target_cbsa) & (inter.period == first.period)]
    assert row.weight.iloc[0] == first.transfers


def test_tech_transfer_cleveland_keeps_its_links(batches, data_dir, real_store):
    """The files' older code 17410 (Cleveland-Elyria) is read as 17460, the code ChiPitts lists:
    before, Cleveland, the region's second metro, had no link in any ChiPitts network."""
    raw = _raw(data_dir, "us_cbsa_tech_transfer_pairs_1858_2023.csv", dtype={"source_cbsa": str,
                                                                              "target_cbsa": str})
    f = batches["links/us_tech_transfer"].tables["flows"].to_pandas()
    assert not f.origin.eq("us-cbsa:17410").any() and not f.destination.eq("us-cbsa:17410").any()
    inter = f[f.category == "intercity"]
    out_raw = raw.loc[raw.source_cbsa == "17410", "transfers"].sum()
    assert out_raw > 10_000 and inter.loc[inter.origin == "us-cbsa:17460", "weight"].sum() == out_raw
    assert any("17410" in str(n) and "17460" in str(n) for n in batches["links/us_tech_transfer"].notes)

    from megaregion.analysis.hierarchy_network import hierarchy_to_network

    res = hierarchy_to_network(real_store.group("us-chipitts"), "tech_transfer", ["2000-2023"],
                               regions=real_store.df("regions"), n_perm=9)
    nodes = res.tables["nodes"]
    cleveland = nodes[nodes.region_id == "us-cbsa:17460"]
    assert len(cleveland) == 1 and cleveland.strength.iloc[0] > 1_000


def test_us_tech_transfer_county_and_national(batches, data_dir):
    raw = _raw(data_dir, "us_county_tech_transfer_selected_cbsa_1858_2023.csv", dtype=str)
    f = batches["links/us_tech_transfer_county"].tables["flows"].to_pandas()
    assert len(f) == len(raw) == 2_109
    assert set(f.category) == set(raw.cbsa_code)
    assert (f.origin == f.destination).sum() == (raw.link_type == "intra_county").sum() == 122
    assert f.origin.str.fullmatch(r"us:\d{5}").all()
    nat = batches["links/us_tech_transfer_national"].tables["indicators"].to_pandas()
    assert set(nat.region_id) == {"us"}
    tot = nat.groupby("indicator").value.sum()
    assert tot["tech_transfers_intracity"] == 2_976_184
    assert tot["tech_transfers_intercity"] == 2_091_405


def test_us_msa_connectivity(batches, data_dir):
    raw = _raw(data_dir, "us_msa_connectivity_degrees_liang2024.csv", dtype={"cbsa_code": str})
    ind = batches["links/us_msa_connectivity"].tables["indicators"].to_pandas()
    by = ind.set_index(["region_id", "indicator"])
    assert by.loc[("us-cbsa:12060", "gdp"), "value"] == 422_189_461
    assert by.loc[("us-cbsa:12060", "gdp"), "unit"] == "usd_1000_assumed"
    assert ind[ind.indicator == "patents"].value.sum() == raw.patents_2019.sum()
    assert ind.region_id.nunique() == 366
    assert set(ind.loc[ind.indicator == "facebook_sci_degree", "year"]) == {2020}


# --------------------------------------------------------------------------- China links

def test_cn_hightech_links(batches, data_dir):
    raw = _raw(data_dir, "cn_hightech_firm_links_1998_2008.csv", dtype=str)
    raw["links"] = raw["links"].astype(int)
    b = batches["links/cn_hightech_links"]
    f = b.tables["flows"].to_pandas()
    placed = raw.row_city_code.notna() & raw.col_city_code.notna()
    assert len(f) == placed.sum() == 515
    assert f.weight.sum() == raw[placed].links.sum()
    excluded = raw[~placed]
    assert len(excluded) == 46 and excluded.links.sum() == 1_567
    assert any("Excluded 46 of 561 rows (1,567 of 12,084 links)" in n for n in b.notes)
    assert set(f.period) == {"1998-2008"} and set(f.year) == {2008}
    assert set(f.category) == {"bio", "cmp", "ele"} and set(f.kind) == {"firm_link"}
    bj = f[(f.origin == "cn:110000") & (f.destination == "cn:110000") & (f.category == "bio")]
    assert bj.weight.iloc[0] == 163


# --------------------------------------------------------------------------- IO tables

def test_bea_io(batches, data_dir):
    use = _raw(data_dir, "bea_summary_use_2012_2023.csv.gz")
    make = _raw(data_dir, "bea_summary_make_2012_2023.csv.gz")
    io = batches["links/bea_io"].tables["io_tables"].to_pandas()
    assert len(io) == len(use) + len(make) == 178_224 + 127_872
    u17 = io[(io.table_id == "use") & (io.year == 2017) & (io.variant == "after")]
    raw17 = use[(use.year == 2017) & (use.redefinitions == "after")]
    assert u17.value.sum() == raw17.value_musd.sum()
    assert len(u17) == 79 * 94
    cell = u17[(u17.row_code == "111CA") & (u17.col_code == "111CA")].iloc[0]
    assert cell.row_label == "Farms" and cell.unit == "usd_million" and cell.year == 2017
    m = io[io.table_id == "make"]
    assert m.value.sum() == make.value_musd.sum()
    assert set(m.row_type) == {"industry", "total"} and set(m.col_type) == {"commodity", "total"}
    assert io.row_label.notna().all() and set(io.economy) == {"us"}


def test_cn_io(batches, data_dir):
    raw = _raw(data_dir, "cn_national_io_tables_2017_2020.csv.gz", dtype={"row_code": str, "col_code": str, "row_origin": str})
    b = batches["links/cn_io"]
    io = b.tables["io_tables"].to_pandas()
    assert len(io) == raw.value_10k_cny.notna().sum() == 91_769 - 324
    assert any(n.startswith("324 empty") for n in b.notes)
    for table, g in raw.groupby("table"):
        assert io[io.table_id == table].value.sum() == pytest.approx(g.value_10k_cny.sum(), rel=1e-12)
    assert set(io.variant) == {"", "Domestic", "Imports", "TOT"}
    assert set(io.unit) == {"cny_10k"} and set(io.economy) == {"cn"}
    t = io[io.table_id == "2017_149"]
    # TII + TVA = TI for every sector column (README check)
    rows = t[t.row_code.isin(["TII", "TVA", "TI"])].pivot_table(index="col_code", columns="row_code",
                                                                values="value")
    rows = rows[rows.index.str.fullmatch(r"\d+")]
    assert len(rows) == 149
    assert ((rows.TII + rows.TVA - rows.TI).abs() < 1e-3).all()
    assert set(t.loc[t.row_code.str.startswith("VA"), "row_type"]) == {"value_added"}
    assert set(t.loc[t.col_code == "FU101", "col_type"]) == {"final_demand"}


# --------------------------------------------------------------------------- bad input

def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if rel.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text, encoding="utf-8")


DS11 = "links/gawc_ds11_service_values_2000.csv"
DS11_HEADER = "city_id,city,firm_id,firm,sector,service_value\n"


def test_gawc_missing_column(tmp_path):
    _write(tmp_path, DS11, "city_id,city,firm_id,firm,sector,value\n1,Aberdeen,1,PWC,accountancy,2\n")
    with pytest.raises(DataError) as err:
        links.read_gawc_ds11(tmp_path)
    msg = str(err.value)
    assert "gawc_ds11_service_values_2000.csv" in msg and "row 1" in msg
    assert "'service_value'" in msg and "missing" in msg


def test_gawc_non_numeric_and_out_of_range(tmp_path):
    _write(tmp_path, DS11, DS11_HEADER + "1,Aberdeen,1,PWC,accountancy,2\n2,Abijan,1,PWC,accountancy,x\n")
    with pytest.raises(DataError) as err:
        links.read_gawc_ds11(tmp_path)
    msg = str(err.value)
    assert "row 3" in msg and "'service_value'" in msg and "'x'" in msg
    _write(tmp_path, DS11, DS11_HEADER + "1,Aberdeen,1,PWC,accountancy,2\n2,Abijan,1,PWC,accountancy,7\n")
    with pytest.raises(DataError, match=r"row 3, column 'service_value': service value out of range"):
        links.read_gawc_ds11(tmp_path)


def test_gawc_duplicate_key_and_inconsistent_sector(tmp_path):
    _write(tmp_path, DS11, DS11_HEADER + "1,Aberdeen,1,PWC,accountancy,2\n1,Aberdeen,1,PWC,accountancy,3\n")
    with pytest.raises(DataError) as err:
        links.read_gawc_ds11(tmp_path)
    msg = str(err.value)
    assert "duplicate key" in msg and "rows 2 and 3" in msg and "city_id, firm_id" in msg
    _write(tmp_path, DS11, DS11_HEADER + "1,Aberdeen,1,PWC,accountancy,2\n2,Abijan,1,PWC,law,3\n")
    with pytest.raises(DataError, match=r"column 'sector': more than one sector for the same firm_id"):
        links.read_gawc_ds11(tmp_path)


def test_empty_file_links(tmp_path):
    _write(tmp_path, "links/us_tech_transfer_national_annual_1858_2023.csv", "")
    with pytest.raises(DataError, match=r"us_tech_transfer_national_annual_1858_2023\.csv, row 1: "
                                        r"the file is empty"):
        links.read_us_tech_transfer_national(tmp_path)


def test_tech_transfer_bad_period_and_code(tmp_path):
    header = "period,source_cbsa,source_cbsa_title_2023,target_cbsa,target_cbsa_title_2023,transfers\n"
    _write(tmp_path, "links/us_cbsa_tech_transfer_intracity_1858_2023.csv",
           "period,cbsa_code,cbsa_title_2023,intracity_transfers\n1858-1899,10420,Akron,20\n")
    _write(tmp_path, "links/us_cbsa_tech_transfer_pairs_1858_2023.csv",
           header + "1858-1899,14460,B,38860,P,84\n1850-1899,14460,B,35620,N,5\n")
    with pytest.raises(DataError, match=r"row 3, column 'period': unknown period.*1850-1899"):
        links.read_us_tech_transfer(tmp_path)
    _write(tmp_path, "links/us_cbsa_tech_transfer_pairs_1858_2023.csv",
           header + "1858-1899,14460,B,3886,P,84\n")
    with pytest.raises(DataError, match=r"row 2, column 'target_cbsa'.*'3886'"):
        links.read_us_tech_transfer(tmp_path)
    _write(tmp_path, "links/us_cbsa_tech_transfer_pairs_1858_2023.csv",
           header + "1858-1899,14460,B,38860,P,-4\n")
    with pytest.raises(DataError, match=r"row 2, column 'transfers': negative value"):
        links.read_us_tech_transfer(tmp_path)


def test_bea_unknown_code(tmp_path):
    _write(tmp_path, "links/bea_summary_io_codes_2017schema.csv",
           "code,name,code_type\n111CA,Farms,industry\n")
    _write(tmp_path, "links/bea_summary_use_2012_2023.csv.gz",
           "year,redefinitions,row_code,row_type,col_code,col_type,value_musd\n"
           "2012,after,111CA,commodity,111CA,industry,5\n2012,after,999XX,commodity,111CA,industry,5\n")
    _write(tmp_path, "links/bea_summary_make_2012_2023.csv.gz",
           "year,redefinitions,industry_code,commodity_code,value_musd\n2012,after,111CA,111CA,1\n")
    with pytest.raises(DataError) as err:
        links.read_bea_io(tmp_path)
    msg = str(err.value)
    assert "bea_summary_use_2012_2023.csv.gz" in msg and "row 3" in msg and "'row_code'" in msg
    assert "999XX" in msg
