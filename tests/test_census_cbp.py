"""Official County Business Patterns files (megaregion.io.census_cbp)."""

from __future__ import annotations

import csv
import math
import zipfile

import pandas as pd
import pytest

from megaregion.errors import DataError
from megaregion.io.census_cbp import (cbp_code, naics_vintage, read_cbp_file, write_sample_cbp,
                                      year_from_name)
from megaregion.model.schema import TABLES

# Hand-written lines in the official 2019 county layout (lower-case header, quoted text).
COUNTY_2019 = """\
"fipstate","fipscty","naics","emp_nf","emp","qp1_nf","qp1","ap_nf","ap","est","n<5","n5_9","n10_19","n20_49","n50_99","n100_249","n250_499","n500_999","n1000","n1000_1","n1000_2","n1000_3","n1000_4","censtate","cencty"
"36","061","------","G",2511640,"G",69000000,"G",280000000,104000,60000,17000,12000,9000,3000,2000,500,300,200,100,50,30,20,"21","061"
"36","061","31----","H",25000,"H",400000,"H",1700000,2500,1500,400,300,200,60,30,5,3,2,1,1,0,0,"21","061"
"36","061","311///","J",4100,"J",40000,"J",180000,600,400,100,60,30,8,2,0,0,0,0,0,0,0,"21","061"
"36","061","3118//","G",2000,"G",19000,"G",80000,300,200,50,30,15,4,1,0,0,0,0,0,0,0,"21","061"
"36","061","44----","G",90000,"G",800000,"G",3500000,9000,6000,1500,900,400,150,40,8,2,0,0,0,0,0,"21","061"
"36","061","48----","G",12000,"G",200000,"G",900000,800,500,120,80,60,25,10,3,2,0,0,0,0,0,"21","061"
"36","061","5415//","N",0,"N",0,"N",0,12,10,2,0,0,0,0,0,0,0,0,0,0,0,"21","061"
"36","999","------","G",5000,"G",90000,"G",400000,700,650,30,10,5,3,2,0,0,0,0,0,0,0,"21","999"
"01","001","------","G",11036,"G",90234,"G",360936,869,435,217,108,109,0,0,0,0,0,0,0,0,0,"63","001"
"""

# The 2012 county layout: upper-case header, EMPFLAG size class, N1_4, a withheld "D" cell.
COUNTY_2012 = """\
"FIPSTATE","FIPSCTY","NAICS","EMPFLAG","EMP_NF","EMP","QP1_NF","QP1","AP_NF","AP","EST","N1_4","N5_9","N10_19","N20_49","N50_99","N100_249","N250_499","N500_999","N1000","N1000_1","N1000_2","N1000_3","N1000_4","CENSTATE","CENCTY"
"01","001","------","","G",10000,"G",80000,"G",330000,850,400,200,100,100,30,15,5,0,0,0,0,0,0,"63","001"
"01","001","21----","A","D",0,"D",0,"D",0,2,1,1,0,0,0,0,0,0,0,0,0,0,0,"63","001"
"01","001","23----","","S",0,"S",0,"S",0,40,30,5,3,2,0,0,0,0,0,0,0,0,0,"63","001"
"""

METRO_2019 = """\
"msa","naics","emp_nf","emp","qp1_nf","qp1","ap_nf","ap","est","n<5","n5_9","n10_19","n20_49","n50_99","n100_249","n250_499","n500_999","n1000","n1000_1","n1000_2","n1000_3","n1000_4"
"35620","------","G",8500000,"G",190000000,"G",780000000,560000,330000,90000,65000,45000,15000,9000,2500,1200,800,400,200,100,100
"35620","54----","G",730000,"G",22000000,"G",91000000,80000,60000,9000,6000,3500,1000,500,100,60,40,20,10,5,5
"12060","44----","H",330000,"H",2600000,"H",11000000,21000,12000,4000,2500,1500,600,300,60,20,5,3,1,1,0
"""


def activity(batch) -> pd.DataFrame:
    return batch.tables["activity"].to_pandas()


def cell(df, region, industry, measure):
    sel = df[(df.region_id == region) & (df.industry == industry) & (df.measure == measure)]
    assert len(sel) == 1, (region, industry, measure, len(sel))
    return sel.iloc[0]


def test_code_conversion_and_vintages():
    assert [cbp_code(c) for c in ["------", "31----", "44----", "48----", "54----", "311///",
                                  "3111//", "31111/", "311111", "31-33"]] == \
        ["00", "31-33", "44-45", "48-49", "54", "311", "3111", "31111", "311111", "31-33"]
    assert naics_vintage(2016) == "naics2012" and naics_vintage(2017) == "naics2017"
    assert naics_vintage(2021) == "naics2017" and naics_vintage(2022) == "naics2022"
    assert naics_vintage(2008) == "naics2007" and naics_vintage(1998) == "naics1997"
    assert year_from_name("CBP07MSA.TXT") == (2007, "msa")
    assert year_from_name("cbp98co.zip") == (1998, "co")
    assert year_from_name("county.csv") is None


def test_county_2019_zip(tmp_path):
    path = tmp_path / "cbp19co.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("cbp19co.txt", COUNTY_2019)
    batch = read_cbp_file(path)
    assert batch.dataset == "census/cbp19co"
    assert batch.tables["activity"].schema == TABLES["activity"].schema
    df = activity(batch)
    sizes = df[df.measure.str.startswith("establishments_size_")]
    df = df[~df.measure.str.startswith("establishments_size_")]
    # 8 county rows (the statewide 999 row is left out) x 3 measures
    assert len(df) == 24
    # size classes: the total and 2-digit sectors only, zero classes not written
    assert set(sizes.industry) == {"00", "31-33", "44-45", "48-49"}
    assert cell(sizes, "us:36061", "31-33", "establishments_size_1_4").value == 1500
    assert cell(sizes, "us:36061", "31-33", "establishments_size_500_999").value == 3
    assert cell(sizes, "us:36061", "31-33", "establishments_size_1000_plus").value == 2
    assert not ((sizes.industry == "48-49") & (sizes.measure == "establishments_size_1000_plus")).any()
    assert set(sizes.flag) == {"observed"} and set(sizes.unit) == {"count"}
    assert "size class" in " ".join(batch.notes)
    assert not df.region_id.str.endswith("999").any()
    assert set(df.year) == {2019} and set(df.classification) == {"naics2017"}
    assert set(df.industry) == {"00", "31-33", "311", "3118", "44-45", "48-49", "5415"}
    total = cell(df, "us:36061", "00", "employees")
    assert total.value == 2511640 and total.unit == "persons" and total.flag == "observed"
    pay = cell(df, "us:36061", "31-33", "payroll")
    assert pay.value == 1700000 and pay.unit == "usd_1000"
    est = cell(df, "us:36061", "3118", "establishments")
    assert est.value == 300 and est.unit == "count"
    # "N" (not available) with 0: suppressed and null, never a zero; establishments still known
    sup = cell(df, "us:36061", "5415", "employees")
    assert sup.flag == "suppressed" and math.isnan(sup.value)
    assert cell(df, "us:36061", "5415", "payroll").flag == "suppressed"
    assert cell(df, "us:36061", "5415", "establishments").value == 12
    assert cell(df, "us:01001", "00", "establishments").value == 869
    notes = " ".join(batch.notes)
    assert "county code 999" in notes and "1 employment and 1 payroll" in notes
    assert "1 employment values carry high noise" in notes


def test_county_2012_uppercase_with_withheld_flags(tmp_path):
    path = tmp_path / "cbp12co.txt"
    path.write_text(COUNTY_2012, encoding="ascii")
    df = activity(read_cbp_file(path))
    assert set(df.classification) == {"naics2012"}
    mining = cell(df, "us:01001", "21", "employees")
    assert mining.flag == "suppressed" and math.isnan(mining.value)
    constr = cell(df, "us:01001", "23", "payroll")  # "S": did not meet publication standards
    assert constr.flag == "suppressed" and math.isnan(constr.value)
    assert cell(df, "us:01001", "00", "employees").value == 10000
    assert cell(df, "us:01001", "23", "establishments").flag == "observed"
    assert cell(df, "us:01001", "00", "establishments_size_1_4").value == 400  # N1_4 before 2017
    assert cell(df, "us:01001", "00", "establishments_size_250_499").value == 5


def test_metro_file_and_explicit_year(tmp_path):
    path = tmp_path / "metro_download.csv"
    path.write_text(METRO_2019, encoding="ascii")
    with pytest.raises(DataError) as err:
        read_cbp_file(path)
    assert "metro_download.csv" in str(err.value) and "year" in str(err.value)
    batch = read_cbp_file(path, year=2019)
    assert batch.dataset == "census/cbp19msa"
    df = activity(batch)
    assert set(df.region_id) == {"us-cbsa:35620", "us-cbsa:12060"}
    assert cell(df, "us-cbsa:35620", "54", "employees").value == 730000
    assert cell(df, "us-cbsa:12060", "44-45", "establishments").value == 21000


def test_sample_writer_round_trip(tmp_path):
    for level, name in (("county", "cbp21co.zip"), ("metro", "cbp15msa.zip")):
        path = write_sample_cbp(tmp_path / name, level=level, year=2000 + int(name[3:5]))
        with zipfile.ZipFile(path) as zf:
            assert zf.namelist() == [name.replace(".zip", ".txt")]
        df = activity(read_cbp_file(path))
        assert (df.flag == "suppressed").sum() == 2  # the withheld 5415 cell: emp and payroll
        assert set(df.industry) >= {"00", "31-33", "311", "3118", "44-45"}


@pytest.mark.parametrize("text, row, column, words", [
    (COUNTY_2019.replace('"3118//","G",2000', '"3118//","G",2k'), 5, "emp", "not a number"),
    (COUNTY_2019.replace(',"G",80000,300', ',"G",80000,-300'), 5, "est", "negative"),
    (COUNTY_2019.replace('"311///"', '"311"/"'), 4, "naics", "not a CBP NAICS code"),
    (COUNTY_2019 + COUNTY_2019.splitlines()[2] + "\n", 11, "naics", "duplicate key"),
])
def test_errors_name_row_and_column(tmp_path, text, row, column, words):
    path = tmp_path / "cbp19co.txt"
    path.write_text(text, encoding="ascii")
    with pytest.raises(DataError) as err:
        read_cbp_file(path)
    msg = str(err.value)
    assert f"cbp19co.txt, row {row}, column '{column}'" in msg and words in msg


def test_file_level_errors(tmp_path):
    with pytest.raises(DataError, match="cbp19co.zip: the file does not exist"):
        read_cbp_file(tmp_path / "cbp19co.zip")
    empty = tmp_path / "cbp19co.txt"
    empty.write_text("")
    with pytest.raises(DataError, match="cbp19co.txt, row 1: the file is empty"):
        read_cbp_file(empty)
    other = tmp_path / "cbp19co.csv"
    other.write_text("state,county,jobs\n01,001,5\n")
    with pytest.raises(DataError, match="neither the CBP county layout nor the metro"):
        read_cbp_file(other)
    sic = tmp_path / "cbp95co.txt"
    sic.write_text('"fipstate","fipscty","sic","emp"\n"01","001","----",5\n')
    with pytest.raises(DataError, match="SIC"):
        read_cbp_file(sic)
    two = tmp_path / "cbp19co.zip"
    with zipfile.ZipFile(two, "w") as zf:
        zf.writestr("a.txt", COUNTY_2019)
        zf.writestr("b.txt", COUNTY_2019)
    with pytest.raises(DataError, match="holds 2 .txt/.csv files"):
        read_cbp_file(two)
    xls = tmp_path / "cbp19co.xlsx"
    xls.write_bytes(b"x")
    with pytest.raises(DataError, match="unknown file type"):
        read_cbp_file(xls)


def _with_sizes(text: str, edit) -> str:
    lines = text.splitlines()
    header = next(csv.reader([lines[0]]))
    rows = [next(csv.reader([ln])) for ln in lines[1:]]
    header, rows = edit(header, rows)
    return "\n".join(",".join(f'"{c}"' for c in r) for r in [header] + rows) + "\n"


def test_size_class_not_available_is_suppressed_not_zero(tmp_path):
    def edit(header, rows):
        rows[0][header.index("n5_9")] = "N"   # the New York County total
        return header, rows
    path = tmp_path / "cbp19co.txt"
    path.write_text(_with_sizes(COUNTY_2019, edit))
    batch = read_cbp_file(path)
    df = activity(batch)
    sup = cell(df, "us:36061", "00", "establishments_size_5_9")
    assert sup.flag == "suppressed" and math.isnan(sup.value)
    assert cell(df, "us:36061", "00", "establishments_size_1_4").flag == "observed"
    assert any("1 size-class counts are not available" in n for n in batch.notes)


def test_size_class_1000_plus_from_its_parts_or_a_note_when_a_class_is_missing(tmp_path):
    def drop(col):
        def edit(header, rows):
            j = header.index(col)
            return header[:j] + header[j + 1:], [r[:j] + r[j + 1:] for r in rows]
        return edit
    path = tmp_path / "cbp19co.txt"
    path.write_text(_with_sizes(COUNTY_2019, drop("n1000")))
    batch = read_cbp_file(path)
    df = activity(batch)
    # 31-33 of New York County: n1000_1..4 = 1, 1, 0, 0 in the fixture
    assert cell(df, "us:36061", "31-33", "establishments_size_1000_plus").value == 2
    assert any("sum of n1000_1" in n for n in batch.notes)
    path.write_text(_with_sizes(COUNTY_2019, drop("n500_999")))
    batch = read_cbp_file(path)
    assert not activity(batch).measure.str.startswith("establishments_size_").any()
    assert any("lacks the column(s) n500_999" in n for n in batch.notes)
