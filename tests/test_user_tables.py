"""Users' own tables read through a TOML column mapping (megaregion.io.user_tables)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from megaregion.errors import DataError
from megaregion.io.user_tables import load_mapping, read_user_table
from megaregion.model.schema import TABLES

WIDE_TOML = """\
table = "indicators"
region_prefix = "cn:"
{extra}
[columns]
region_id = "城市代码"
year = "年份"

[indicators]
"专利授权数" = {{ indicator = "patents_granted", unit = "count" }}
"GDP(亿元)" = {{ indicator = "gdp", unit = "cny_100m" }}
"""

# A yearbook export: two title rows (the first "merged" across the columns), then the header.
YEARBOOK_CSV = (
    "2019年城市统计,,,,\n"
    "单位：亿元、件,,,,\n"
    "城市代码,城市名称,年份,专利授权数,GDP(亿元)\n"
    "110000,北京市,2019,131716,35371.3\n"
    "310000,上海市,2019年,100587,\"38,155.3\"\n"
    "320100,南京市,2019,—,14030.2\n"
    "注：数据来源于《中国城市统计年鉴2020》,,,,\n"
)


def write_mapping(tmp_path: Path, text: str, name: str = "mapping.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def frame(batch, table: str) -> pd.DataFrame:
    return batch.tables[table].to_pandas()


def value(df: pd.DataFrame, **where) -> float:
    sel = df
    for k, v in where.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, f"expected one row for {where}, got {len(sel)}"
    return sel["value"].iloc[0]


# -- success paths ------------------------------------------------------------------------

def test_gbk_csv_with_two_title_rows_wide_layout(tmp_path):
    data = tmp_path / "城市统计2019.csv"
    data.write_bytes(YEARBOOK_CSV.encode("gbk"))
    mapping = write_mapping(tmp_path, WIDE_TOML.format(extra='suppressed = "skip"'))

    batch = read_user_table(data, mapping)

    assert batch.dataset == "user/城市统计2019"
    df = frame(batch, "indicators")
    assert batch.tables["indicators"].schema == TABLES["indicators"].schema
    assert value(df, region_id="cn:110000", indicator="gdp") == pytest.approx(35371.3)
    assert value(df, region_id="cn:310000", indicator="gdp") == pytest.approx(38155.3)
    assert value(df, region_id="cn:310000", indicator="patents_granted") == 100587
    assert set(df["year"]) == {2019}
    # Nanjing's patents are suppressed ("—") and left out; its GDP is kept.
    assert not ((df.region_id == "cn:320100") & (df.indicator == "patents_granted")).any()
    assert value(df, region_id="cn:320100", indicator="gdp") == pytest.approx(14030.2)
    assert len(df) == 5
    assert set(df.loc[df.indicator == "gdp", "unit"]) == {"cny_100m"}
    notes = " ".join(batch.notes)
    assert "gb18030" in notes
    assert "header on row 3" in notes and "2 title rows" in notes
    assert "1 value left out" in notes and "专利授权数" in notes
    assert "1 row without any value" in notes  # the footnote


def test_gbk_suppression_marker_is_an_error_by_default(tmp_path):
    data = tmp_path / "城市统计2019.csv"
    data.write_bytes(YEARBOOK_CSV.encode("gbk"))
    mapping = write_mapping(tmp_path, WIDE_TOML.format(extra=""))
    with pytest.raises(DataError) as err:
        read_user_table(data, mapping)
    msg = str(err.value)
    assert "城市统计2019.csv" in msg and "row 6" in msg and "'专利授权数'" in msg
    assert "suppression marker" in msg and "'—'" in msg
    assert 'suppressed = "skip"' in msg


def test_xlsx_with_merged_title_row_and_merged_city_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2019年"
    ws.append(["2019年长三角城市主要指标"])
    ws.merge_cells("A1:D1")
    ws.append(["城市代码", "年份", "专利授权数", "GDP\n(亿元)"])  # header cell broken over 2 lines
    ws.append([320100, 2018, 39000, 12820.4])
    ws.append([None, 2019, 45000, 14030.2])  # city code merged down from the row above
    ws.merge_cells("A3:A4")
    ws.append(["320500", 2019.0, 54000, 19235.8])
    wb.create_sheet("说明")
    data = tmp_path / "长三角.xlsx"
    wb.save(data)
    mapping = write_mapping(tmp_path, WIDE_TOML.format(extra='sheet = "2019年"'))

    batch = read_user_table(data, mapping)

    df = frame(batch, "indicators")
    assert len(df) == 6
    assert value(df, region_id="cn:320100", year=2018, indicator="gdp") == pytest.approx(12820.4)
    assert value(df, region_id="cn:320100", year=2019, indicator="gdp") == pytest.approx(14030.2)
    assert value(df, region_id="cn:320500", year=2019, indicator="patents_granted") == 54000
    notes = " ".join(batch.notes)
    assert "header on row 2" in notes and "1 title row above" in notes
    assert "2 merged cell ranges" in notes


def test_long_layout_with_header_row_and_unit_column(tmp_path):
    data = tmp_path / "long.csv"
    data.write_text("title line\nregion,yr,name,val,u\nA,2010,pop,5,persons\nA,2011,pop,6,persons\n"
                    "B,2010,rd,1.5,usd\n", encoding="utf-8")
    mapping = {"table": "indicators", "header_row": 2, "region_prefix": "x:",
               "columns": {"region_id": "region", "year": "yr", "indicator": "name",
                           "value": "val", "unit": "u"}}
    batch = read_user_table(data, mapping, known_regions={"x:A", "x:B"})
    df = frame(batch, "indicators")
    assert len(df) == 3
    assert value(df, region_id="x:A", year=2011) == 6
    assert value(df, region_id="x:B", indicator="rd") == 1.5
    assert df.loc[df.region_id == "x:B", "unit"].item() == "usd"
    assert any("from the mapping" in n and "utf-8" in n for n in batch.notes)


def test_activity_suppression_markers_become_suppressed_rows(tmp_path):
    data = tmp_path / "employment.csv"
    data.write_text(
        "city,year,sector,employees\n"
        "cn:3201,2019,C,120.5\n"
        "cn:3201,2019,I,(D)\n"
        "cn:3202,2019,C,…\n"
        "cn:3202,2019,I,8\n", encoding="utf-8")
    mapping = write_mapping(tmp_path, """
table = "activity"
classification = "gbt4754-2017"
measure = "employees"
unit = "persons_10k"
[columns]
region_id = "city"
year = "year"
industry = "sector"
value = "employees"
""")
    batch = read_user_table(data, mapping)
    df = frame(batch, "activity")
    assert len(df) == 4
    sup = df[df.flag == "suppressed"]
    assert sorted(zip(sup.region_id, sup.industry)) == [("cn:3201", "I"), ("cn:3202", "C")]
    assert sup["value"].isna().all()
    assert value(df, region_id="cn:3201", industry="C") == pytest.approx(120.5)
    assert set(df.classification) == {"gbt4754-2017"} and set(df.measure) == {"employees"}
    assert any("2 suppression markers" in n for n in batch.notes)


def test_flows_and_parquet(tmp_path):
    data = tmp_path / "links.parquet"
    pq.write_table(pa.table({"from": ["a", "a", "b"], "to": ["b", "c", "c"],
                             "yr": [2020, 2020, 2020], "n": [3.0, 4.0, 0.0]}), data)
    mapping = {"table": "flows", "kind": "firm_links", "unit": "links", "directed": False,
               "region_prefix": "cn:",
               "columns": {"origin": "from", "destination": "to", "year": "yr", "weight": "n"}}
    batch = read_user_table(data, mapping)
    df = frame(batch, "flows")
    assert len(df) == 3
    row = df[(df.origin == "cn:a") & (df.destination == "cn:c")]
    assert row["weight"].item() == 4.0
    assert set(df.kind) == {"firm_links"} and set(df.period) == {"2020"}
    assert not df.directed.any() and set(df.category) == {"all"}


def test_utf16_tab_separated_export(tmp_path):
    data = tmp_path / "unicode.txt"
    data.write_bytes("城市\t年份\t人口\ncn:1\t2020\t12.5\n".encode("utf-16"))
    mapping = {"table": "indicators", "columns": {"region_id": "城市", "year": "年份"},
               "indicators": {"人口": {"indicator": "population", "unit": "persons_10k"}}}
    batch = read_user_table(data, mapping)
    assert frame(batch, "indicators")["value"].item() == 12.5
    assert any("utf-16" in n for n in batch.notes)


def test_constant_year_from_mapping(tmp_path):
    data = tmp_path / "one_year.csv"
    data.write_text("code,gdp\n1,10\n2,20\n", encoding="utf-8")
    batch = read_user_table(data, {"table": "indicators", "year": 2015,
                                   "columns": {"region_id": "code"},
                                   "indicators": {"gdp": "gdp"}})
    df = frame(batch, "indicators")
    assert list(df.year) == [2015, 2015] and list(df.value) == [10, 20]


# -- errors -------------------------------------------------------------------------------

LONG = {"table": "indicators",
        "columns": {"region_id": "city", "year": "year", "indicator": "ind", "value": "value"}}


def err_of(path, mapping, **kw) -> str:
    with pytest.raises(DataError) as err:
        read_user_table(path, mapping, **kw)
    return str(err.value)


def test_missing_file(tmp_path):
    msg = err_of(tmp_path / "nope.csv", LONG)
    assert "nope.csv" in msg and "does not exist" in msg


def test_empty_file(tmp_path):
    data = tmp_path / "empty.csv"
    data.write_bytes(b"")
    msg = err_of(data, LONG)
    assert "empty.csv, row 1" in msg and "empty" in msg


def test_header_only(tmp_path):
    data = tmp_path / "head.csv"
    data.write_text("title\ncity,year,ind,value\n", encoding="utf-8")
    msg = err_of(data, LONG)
    assert "head.csv, row 3" in msg and "no data rows" in msg


def test_unknown_file_type(tmp_path):
    data = tmp_path / "table.dbf"
    data.write_bytes(b"xx")
    msg = err_of(data, LONG)
    assert "table.dbf" in msg and "unknown file type '.dbf'" in msg and ".xlsx" in msg
    old = tmp_path / "old.xls"
    old.write_bytes(b"xx")
    assert ".xlsx" in err_of(old, LONG)


def test_mapped_column_not_found_suggests_closest(tmp_path):
    data = tmp_path / "t.csv"
    data.write_text("2019年\ncity,years,ind,value\nA,2019,x,1\n", encoding="utf-8")
    msg = err_of(data, LONG)
    assert "t.csv, row 2, column 'year'" in msg
    assert "did you mean 'years'?" in msg
    assert "city, years, ind, value" in msg


def test_non_numeric_value(tmp_path):
    data = tmp_path / "t.csv"
    data.write_text("title,,,\ncity,year,ind,value\nA,2019,x,1\nB,2019,x,abc\n", encoding="utf-8")
    msg = err_of(data, LONG)
    assert "t.csv, row 4, column 'value'" in msg and "not a number" in msg and "'abc'" in msg


def test_bad_year(tmp_path):
    data = tmp_path / "t.csv"
    data.write_text("city,year,ind,value\nA,19,x,1\n", encoding="utf-8")
    msg = err_of(data, LONG)
    assert "t.csv, row 2, column 'year'" in msg and "not a year" in msg


def test_negative_count_in_activity(tmp_path):
    data = tmp_path / "act.csv"
    data.write_text("city,year,ind,emp\nA,2019,C,5\nA,2019,I,-3\n", encoding="utf-8")
    mapping = {"table": "activity", "classification": "gbt4754-2017", "measure": "employees",
               "columns": {"region_id": "city", "year": "year", "industry": "ind",
                           "value": "emp"}}
    msg = err_of(data, mapping)
    assert "act.csv, row 3, column 'emp'" in msg and "negative" in msg and "'-3'" in msg
    # indicators allow negative values by default (growth rates), and can be told not to
    data2 = tmp_path / "ind.csv"
    data2.write_text("city,year,ind,value\nA,2019,growth,-3\n", encoding="utf-8")
    assert frame(read_user_table(data2, LONG), "indicators")["value"].item() == -3
    msg = err_of(data2, {**LONG, "non_negative": True})
    assert "ind.csv, row 2, column 'value'" in msg and "negative" in msg


def test_duplicate_key_names_both_rows(tmp_path):
    data = tmp_path / "dup.csv"
    data.write_text("t\nt2\ncity,year,ind,value\nA,2019,gdp,1\nB,2019,gdp,2\nA,2019,gdp,3\n",
                    encoding="utf-8")
    msg = err_of(data, LONG)
    assert "dup.csv, row 6" in msg and "rows 4 and 6" in msg and "duplicate key" in msg
    assert "column 'city, year, ind'" in msg


def test_duplicate_key_in_wide_layout(tmp_path):
    data = tmp_path / "dupw.csv"
    data.write_text("code,year,gdp\n1,2019,5\n1,2019,6\n", encoding="utf-8")
    msg = err_of(data, {"table": "indicators", "columns": {"region_id": "code", "year": "year"},
                        "indicators": {"gdp": "gdp"}})
    assert "rows 2 and 3" in msg


def test_unknown_region(tmp_path):
    data = tmp_path / "reg.csv"
    data.write_text("city,year,ind,value\n110000,2019,x,1\n999999,2019,x,1\n", encoding="utf-8")
    msg = err_of(data, {**LONG, "region_prefix": "cn:"},
                 known_regions={"cn:110000", "cn:310000"})
    assert "reg.csv, row 3, column 'city'" in msg and "unknown region id 'cn:999999'" in msg


def test_wrong_encoding(tmp_path):
    data = tmp_path / "bad.csv"
    data.write_bytes(b"city,year,ind,value\nA,2019,x,1\n\xff\xfeB\x80,2019,x,1\n")
    msg = err_of(data, LONG)
    assert "bad.csv, row 3" in msg and "neither UTF-8 nor GB18030" in msg


def test_wrong_declared_encoding(tmp_path):
    data = tmp_path / "utf8.csv"
    data.write_text("城市,year,ind,value\n北京,2019,x,1\n", encoding="utf-8")
    msg = err_of(data, {**LONG, "encoding": "ascii",
                        "columns": {**LONG["columns"], "region_id": "城市"}})
    assert "utf8.csv, row 1" in msg and "cannot be decoded as ascii" in msg


def test_missing_sheet(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(["city", "year", "ind", "value"])
    data = tmp_path / "book.xlsx"
    wb.save(data)
    msg = err_of(data, {**LONG, "sheet": "sheet1 "})
    assert "book.xlsx" in msg and "no sheet named 'sheet1 '" in msg
    assert "did you mean 'Sheet1'?" in msg


def test_not_an_xlsx(tmp_path):
    data = tmp_path / "fake.xlsx"
    data.write_text("city,year\n", encoding="utf-8")
    assert "fake.xlsx: the file is not a readable .xlsx workbook" in err_of(data, LONG)


# -- mapping errors -----------------------------------------------------------------------

def test_mapping_without_columns(tmp_path):
    path = write_mapping(tmp_path, 'table = "indicators"\n', "m1.toml")
    with pytest.raises(DataError) as err:
        load_mapping(path)
    assert "m1.toml" in str(err.value) and "no [columns] section" in str(err.value)


def test_mapping_unknown_table(tmp_path):
    path = write_mapping(tmp_path, 'table = "indicator"\n[columns]\nregion_id = "a"\n', "m2.toml")
    with pytest.raises(DataError) as err:
        load_mapping(path)
    assert "m2.toml" in str(err.value) and "unknown table 'indicator'" in str(err.value)


def test_mapping_bad_toml_names_line(tmp_path):
    path = write_mapping(tmp_path, 'table = "indicators"\n[columns]\nregion_id = 城市代码\n',
                         "m3.toml")
    with pytest.raises(DataError) as err:
        read_user_table(tmp_path / "whatever.csv", path)
    msg = str(err.value)
    assert "m3.toml, row 3" in msg and "not valid TOML" in msg


def test_mapping_typo_in_key_and_column(tmp_path):
    with pytest.raises(DataError) as err:
        load_mapping({"table": "indicators", "header_rwo": 2, "columns": {"region_id": "a"}})
    assert "did you mean 'header_row'?" in str(err.value)
    with pytest.raises(DataError) as err:
        load_mapping({"table": "indicators", "columns": {"regionid": "a"}})
    assert "did you mean 'region_id'?" in str(err.value)
    with pytest.raises(DataError) as err:
        load_mapping({"table": "activity", "columns": {"region_id": "a", "year": "y",
                                                       "industry": "i", "value": "v",
                                                       "measure": "m"}})
    assert "'classification'" in str(err.value)
    with pytest.raises(DataError) as err:
        load_mapping({"table": "indicators", "columns": {"region_id": "a", "year": "y"},
                      "indicators": {"gdp": {"name": "gdp"}}})
    assert "[indicators] entry for 'gdp' is malformed" in str(err.value)


def test_missing_mapping_file(tmp_path):
    with pytest.raises(DataError) as err:
        read_user_table(tmp_path / "x.csv", tmp_path / "missing.toml")
    assert "missing.toml" in str(err.value) and "does not exist" in str(err.value)


def test_example_in_module_docstring_is_valid():
    import megaregion.io.user_tables as ut

    doc = ut.__doc__
    start = doc.index('    table = "indicators"')
    end = doc.index("Layouts and keys")
    text = "\n".join(line[4:] for line in doc[start:end].splitlines())
    m = load_mapping(__import__("tomllib").loads(text))
    assert m.table == "indicators" and m.wide["GDP(亿元)"] == ("gdp", "cny_100m")


def test_cli_import_with_mapping(tmp_path, capsys):
    """`megaregion data import FILE --mapping M.toml` puts a GBK yearbook export into the store."""
    from megaregion.cli.app import main
    from megaregion.store import Store

    csv = tmp_path / "yearbook.csv"
    csv.write_bytes("2019年城市统计\n\n城市代码,年份,专利授权数\n310000,2019,100587\n420100,2019,40000\n".encode("gbk"))
    mapping = tmp_path / "m.toml"
    mapping.write_text('table = "indicators"\nregion_prefix = "cn:"\n[columns]\nregion_id = "城市代码"\n'
                       'year = "年份"\n[indicators]\n"专利授权数" = { indicator = "patents_granted", unit = "count" }\n',
                       encoding="utf-8")
    store = tmp_path / "s.duckdb"
    try:
        main(["--store", str(store), "data", "import", str(csv), "--mapping", str(mapping)])
    except SystemExit as exc:
        assert exc.code in (0, None)
    with Store(store) as s:
        rows = s.con.execute("SELECT region_id, value FROM indicators ORDER BY 1").fetchall()
    assert rows == [("cn:310000", 100587.0), ("cn:420100", 40000.0)]
    assert "user/yearbook" in capsys.readouterr().out


def test_import_notes_have_chinese_text(tmp_path):
    from megaregion.i18n.notes import note_text

    data = tmp_path / "统计.csv"
    data.write_bytes("2019年城市统计\n城市代码,年份,专利授权数\n310000,2019,100587\n320100,2019,\n"
                     .encode("gb18030"))
    mapping = {"table": "indicators", "region_prefix": "cn:",
               "columns": {"region_id": "城市代码", "year": "年份"},
               "indicators": {"专利授权数": {"indicator": "patents_granted", "unit": "count"}}}
    batch = read_user_table(data, mapping)
    zh = [note_text(n, "zh") for n in batch.notes]
    assert zh[0] == "已将统计.csv读入指标（`indicators`）表：编码GB18030（自动识别），表头在第2行（自动识别；上方有1行标题）；共1行。"
    assert "1行没有任何数值（注释、脚注），已跳过。" in zh
    assert str(batch.notes[0]).startswith("Read 统计.csv as indicators: encoding gb18030 (detected)")


# -- Chinese city names as region identifiers ------------------------------------------------
REGIONS = pd.DataFrame({
    "region_id": ["cn:310000", "cn:310000p", "cn:320100", "cn:420600", "cn:341400", "cn:130100",
                  "cn:220200", "cn:220000", "cn:x1", "cn:x2"],
    "name": ["Shanghai", "Shanghai (province)", "Nanjing", "Xiangyang", "Chaohu", "Shijiazhuang",
             "Jilin", "Jilin Province", "Twin A", "Twin B"],
    "name_zh": ["上海市", "上海市", "南京市", "襄阳市", "巢湖市", "石家庄市", "吉林市", "吉林省", "双城市", "双城市"],
    "level": ["city", "province", "city", "city", "city", "city", "city", "province", "city", "city"],
})
NAMES_CSV = "城市,年份,专利授权数\n{rows}"


def _names_table(tmp_path, rows: str, regions=REGIONS):
    data = tmp_path / "names.csv"
    data.write_text(NAMES_CSV.format(rows=rows), encoding="utf-8")
    mapping = {"table": "indicators", "region_prefix": "cn:",
               "columns": {"region_id": "城市", "year": "年份"},
               "indicators": {"专利授权数": {"indicator": "patents_granted", "unit": "count"}}}
    return data, mapping


def test_chinese_city_names_with_or_without_shi_and_former_names(tmp_path):
    from megaregion.i18n.notes import note_text

    data, mapping = _names_table(tmp_path, "上海,2019,1\n南京市,2019,2\n襄樊,2009,3\n巢湖市,2010,4\n"
                                           "３１００００,2018,5\n 吉林 ,2019,6\n")
    batch = read_user_table(data, mapping, known_regions=set(REGIONS["region_id"]), regions=REGIONS)
    df = batch.tables["indicators"].to_pandas()
    assert df["region_id"].tolist() == ["cn:310000", "cn:320100", "cn:420600", "cn:341400", "cn:310000",
                                        "cn:220200"]
    notes = [note_text(n, "zh") for n in batch.notes]
    assert any("旧城市名称襄樊按襄阳市读取（2010年变更）" in n for n in notes)
    assert any(str(n).startswith("5 Chinese city names read as region ids") for n in batch.notes)


def test_ambiguous_chinese_city_name_lists_the_candidates(tmp_path):
    from megaregion.i18n.error_texts import zh

    data, mapping = _names_table(tmp_path, "南京,2019,1\n双城,2019,2\n")
    with pytest.raises(DataError) as exc:
        read_user_table(data, mapping, known_regions=set(REGIONS["region_id"]), regions=REGIONS)
    msg = exc.value.message
    assert "names.csv, row 3, column '城市'" in msg
    assert "the city name '双城' is ambiguous: it may be cn:x1 双城市 (city), cn:x2 双城市 (city)" in msg
    assert "城市名称'双城'有歧义，可能是：cn:x1 双城市（地级市）；cn:x2 双城市（地级市）" in zh(exc.value)


def test_unknown_chinese_city_name_suggests_the_closest(tmp_path):
    from megaregion.i18n.error_texts import zh

    data, mapping = _names_table(tmp_path, "石家庄,2019,1\n石家注,2019,2\n")
    with pytest.raises(DataError) as exc:
        read_user_table(data, mapping, known_regions=set(REGIONS["region_id"]), regions=REGIONS)
    assert "row 3" in exc.value.message and "unknown city name '石家注'; did you mean '石家庄'?" in exc.value.message
    assert "未知的城市名称'石家注'；是否应为'石家庄'？" in zh(exc.value)
    # a city abolished and split (巢湖, 2011) where the regions no longer hold it: said so
    regions = REGIONS[REGIONS["region_id"] != "cn:341400"]
    data, mapping = _names_table(tmp_path, "巢湖,2009,1\n")
    with pytest.raises(DataError) as exc:
        read_user_table(data, mapping, known_regions=set(regions["region_id"]), regions=regions)
    assert "abolished in 2011" in exc.value.message and "2011年撤销" in zh(exc.value)
