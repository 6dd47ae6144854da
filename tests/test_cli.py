"""The command line: one-line errors, the demo in English and Chinese, data and region listings."""

from __future__ import annotations

import pytest

from megaregion.cli.app import _expand_multi, main


def run(capsys, *args) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def test_years_option_takes_several_values():
    assert _expand_multi(["data", "fetch", "cbp", "--years", "2019", "2021", "--level", "metro"]) == [
        "data", "fetch", "cbp", "--years", "2019", "--years", "2021", "--level", "metro"]


def test_demo_without_data_says_what_to_do(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("MEGAREGION_DATA", raising=False)
    code, out, err = run(capsys, "--store", str(tmp_path / "empty.duckdb"), "demo")
    assert code == 2
    assert "MEGAREGION_DATA" in err and "docs/data.md" in err
    assert "Traceback" not in err + out


def test_single_file_without_mapping_is_refused(capsys, tmp_path):
    f = tmp_path / "table.csv"
    f.write_text("a,b\n1,2\n")
    code, _, err = run(capsys, "--store", str(tmp_path / "s.duckdb"), "data", "import", str(f))
    assert code == 2 and "--mapping" in err


def test_unknown_dataset_is_named(capsys, tmp_path, data_dir):
    code, _, err = run(capsys, "--store", str(tmp_path / "s.duckdb"), "--data-dir", str(data_dir),
                       "data", "import", "--dataset", "us/nonsense")
    assert code == 2 and "us/nonsense" in err and "us/cbp_county" in err


@pytest.fixture(scope="module")
def demo_store(data_dir, tmp_path_factory):
    return tmp_path_factory.mktemp("cli") / "demo.duckdb"


def test_demo_english(capsys, demo_store, data_dir):
    code, out, err = run(capsys, "--store", str(demo_store), "--data-dir", str(data_dir), "demo")
    assert code == 0, err
    for text in ("BosWash", "ChiPitts", "SanSan", "Yangtze River Delta", "Chengdu", "Manufacturing",
                 "Adv. services", "Findings"):
        assert text in out, text


def test_demo_chinese_reuses_the_store(capsys, demo_store, data_dir):
    run(capsys, "--store", str(demo_store), "--data-dir", str(data_dir), "data", "import")  # no-op if current
    code, out, err = run(capsys, "--lang", "zh", "--store", str(demo_store), "--data-dir", str(data_dir), "demo")
    assert code == 0, err
    for text in ("波士华", "长江三角洲", "成渝", "制造业", "高端生产性服务业", "主要发现", "已是最新"):
        assert text in out, text


def test_listings(capsys, demo_store, data_dir):
    run(capsys, "--store", str(demo_store), "--data-dir", str(data_dir), "data", "import")  # no-op if current
    code, out, _ = run(capsys, "--store", str(demo_store), "--data-dir", str(data_dir), "data", "list")
    assert code == 0 and "us/cbp_county" in out and "yes" in out
    code, out, _ = run(capsys, "--store", str(demo_store), "groups")
    assert code == 0 and "us-boswash" in out and "cn-yrd-2016" in out
    code, out, _ = run(capsys, "--store", str(demo_store), "regions", "list", "--group", "us-boswash",
                       "--level", "metro")
    assert code == 0 and "New York-Newark" in out and "core" in out


@pytest.mark.parametrize("args", [
    ["--lang", "fr", "groups"], ["structure"], ["world-cities", "--year", "1999"],
    ["innovation", "cn-yrd", "--years", "abc"], ["regions", "show", "x"],
])
def test_usage_errors_are_one_line(capsys, tmp_path, args):
    code, out, err = run(capsys, "--store", str(tmp_path / "s.duckdb"), *args)
    assert code == 2
    assert "Traceback" not in out + err and "╭" not in out + err
    assert err.strip().startswith("error:") and len(err.strip().splitlines()) == 1


def test_chinese_notes_and_headers(capsys, demo_store, data_dir):
    """Under --lang zh, workflow notes and summary headers are Chinese, not only the findings."""
    run(capsys, "--store", str(demo_store), "--data-dir", str(data_dir), "data", "import")  # no-op if current
    code, out, err = run(capsys, "--lang", "zh", "--store", str(demo_store), "structure", "cn-yrd")
    assert code == 0, err
    assert "数据来源" in out and "核心城市占城市群第二产业比重" in out
    assert "核心城市占城市群制造业比重" not in out  # three-sector rows are not called manufacturing
    assert "Source:" not in out


# -- output paths, option ranges and the store folder: checked before any work ------------------
OUT_COMMANDS = [
    ["network", "us-sansan"], ["structure", "us-boswash"], ["innovation", "us-boswash"],
    ["complexity", "us-chipitts"], ["collaboration"], ["synergy", "us-boswash"],
    ["cofunding", "us-boswash"], ["world-cities"], ["demo"], ["indicators", "cn-yrd"],
]


@pytest.mark.parametrize("command", OUT_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("suffix", [".json", ".xlsx", ".csv"])
def test_out_into_a_missing_folder_is_one_error_before_any_work(capsys, tmp_path, command, suffix):
    # the store is empty: an error about the group or the data would mean work had started
    code, out, err = run(capsys, "--store", str(tmp_path / "s.duckdb"), *command,
                         "--out", str(tmp_path / "no-such-folder" / f"x{suffix}"))
    assert code == 2 and "Traceback" not in out + err
    assert err.strip().startswith("error:") and len(err.strip().splitlines()) == 1
    assert "no-such-folder does not exist (it is not created" in err
    assert not (tmp_path / "no-such-folder").exists()


@pytest.mark.parametrize("suffix", [".gexf", ".graphml", ".net", ".dl", ".geojson"])
def test_graph_into_a_missing_folder_is_one_error_in_both_languages(capsys, tmp_path, suffix):
    target = str(tmp_path / "no-such-folder" / f"x{suffix}")
    code, out, err = run(capsys, "--store", str(tmp_path / "s.duckdb"), "network", "us-sansan", "--graph", target)
    assert code == 2 and "Traceback" not in out + err and "--graph" in err and "does not exist" in err
    code, out, err = run(capsys, "--lang", "zh", "--store", str(tmp_path / "s.duckdb"), "network", "us-sansan",
                         "--graph", target)
    assert code == 2 and err.startswith("错误：") and "不存在（不会自动创建" in err


@pytest.mark.parametrize("args, text", [
    (["--out", "x.txt"], "--out x.txt: unknown suffix '.txt'; use .xlsx, .json, .csv"),
    (["--graph", "x.png"], "--graph x.png: unknown suffix '.png'; use .gexf, .graphml, .net, .dl, .geojson"),
    (["--out", "x"], "unknown suffix '(none)'"),
])
def test_unknown_output_suffix_is_refused(capsys, tmp_path, args, text):
    code, _, err = run(capsys, "--store", str(tmp_path / "s.duckdb"), "network", "us-sansan", *args)
    assert code == 2 and text in err


@pytest.mark.parametrize("value", ["0", "-5"])
def test_permutations_below_one_are_a_usage_error(capsys, tmp_path, value):
    for cmd in (["network", "us-sansan"], ["network", "us-sansan", "cn-yrd"]):
        code, out, err = run(capsys, "--store", str(tmp_path / "s.duckdb"), *cmd, "--permutations", value)
        assert code == 2 and "Traceback" not in out + err
        assert "'--permutations'" in err and "greater than or equal to 1" in err
        code, _, err = run(capsys, "--lang", "zh", "--store", str(tmp_path / "s.duckdb"), *cmd,
                           "--permutations", value)
        assert code == 2 and "错误：--permutations的值无效：应大于或等于1" in err


def test_store_in_a_missing_folder_is_refused_except_by_data_import(capsys, tmp_path):
    store = tmp_path / "no-such-folder" / "s.duckdb"
    for args in (["groups"], ["regions", "list"], ["data", "list"], ["structure", "cn-yrd"]):
        code, _, err = run(capsys, "--store", str(store), *args)
        assert code == 2 and "the folder" in err and "does not exist" in err and "data import" in err, args
    code, _, err = run(capsys, "--lang", "zh", "--store", str(store), "groups")
    assert code == 2 and "只有 megaregion data import 会新建库" in err
    assert not store.parent.exists()
    # data import makes the folder and the store
    csv = tmp_path / "table.csv"
    csv.write_text("code,year,value\n1,2019,5\n", encoding="utf-8")
    mapping = tmp_path / "m.toml"
    mapping.write_text('table = "indicators"\n[columns]\nregion_id = "code"\nyear = "year"\n'
                       '[indicators]\nvalue = "x"\n', encoding="utf-8")
    code, out, err = run(capsys, "--store", str(store), "data", "import", str(csv), "--mapping", str(mapping))
    assert code == 0, err
    assert store.exists() and "Imported user/table" in out


def test_reimporting_an_unchanged_file_says_up_to_date(capsys, tmp_path):
    csv = tmp_path / "table.csv"
    csv.write_text("code,year,value\n1,2019,5\n", encoding="utf-8")
    mapping = tmp_path / "m.toml"
    mapping.write_text('table = "indicators"\n[columns]\nregion_id = "code"\nyear = "year"\n'
                       '[indicators]\nvalue = "x"\n', encoding="utf-8")
    base = ["--store", str(tmp_path / "s.duckdb")]
    imp = ["data", "import", str(csv), "--mapping", str(mapping)]
    code, out, _ = run(capsys, *base, *imp)
    assert code == 0 and "Imported user/table" in out
    code, out, _ = run(capsys, *base, *imp)
    assert code == 0 and "user/table is up to date" in out and "Imported" not in out
    code, out, _ = run(capsys, "--lang", "zh", *base, *imp)
    assert code == 0 and "user/table 已是最新" in out
    code, out, _ = run(capsys, *base, *imp, "--force")
    assert code == 0 and "Imported user/table" in out
    mapping.write_text(mapping.read_text().replace('value = "x"', 'value = "y"'), encoding="utf-8")
    code, out, _ = run(capsys, *base, *imp)  # the mapping changed: the rows change
    assert code == 0 and "Imported user/table" in out
    csv.write_text("code,year,value\n1,2019,6\n", encoding="utf-8")
    code, out, _ = run(capsys, *base, *imp)
    assert code == 0 and "Imported user/table" in out


# -- on the real data ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real_cli_store(data_dir, demo_store):
    """The demo's store file with the data folder imported (once), for the commands below."""
    path = demo_store
    try:
        main(["--store", str(path), "--data-dir", str(data_dir), "data", "import"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    return path


def test_import_prints_progress_on_stderr_when_output_is_not_a_terminal(capsys, tmp_path, data_dir):
    code, _, err = run(capsys, "--store", str(tmp_path / "s.duckdb"), "--data-dir", str(data_dir),
                       "data", "import", "--dataset", "cn/cities", "--dataset", "cn/clusters")
    assert code == 0
    assert "importing cn/cities (1/2)" in err and "importing cn/clusters (2/2)" in err


def test_network_tiers_on_screen_companions_and_progress(capsys, real_cli_store, tmp_path):
    graph = tmp_path / "ss.dl"
    code, out, err = run(capsys, "--store", str(real_cli_store), "network", "us-sansan", "--permutations", "19",
                         "--graph", str(graph))
    assert code == 0, err
    assert "Node tiers" in out and "main nodes (" in out and "central nodes (" in out and "basic nodes (" in out
    assert ", CA" in out.split("main nodes (")[1].splitlines()[0]  # metro names, not ids
    assert f"→ {graph}" in out
    assert f"and {tmp_path / 'ss_attributes.dl'}" in out and f"and {tmp_path / 'ss_labels.csv'}" in out
    assert "us-sansan: building the tech_transfer network" in err
    code, out, _ = run(capsys, "--lang", "zh", "--store", str(real_cli_store), "network", "cn-yrd", "--kind",
                       "gravity", "--years", "2019", "--permutations", "19")
    assert code == 0 and "节点等级" in out and "主要节点（" in out and "上海市" in out


def test_structure_shift_share_on_screen_and_csv_folder(capsys, real_cli_store, tmp_path):
    code, out, err = run(capsys, "--store", str(real_cli_store), "structure", "cn-yrd", "--out", str(tmp_path / "yrd.csv"))
    assert code == 0, err
    assert "Shift-share of the change" in out and "Competitive" in out and "Shanghai" in out.split("Shift-share")[-1]
    assert f"→ {tmp_path / 'yrd'}/ (" in out and "CSV files" in out
    assert (tmp_path / "yrd" / "shift_share.csv").exists()
    code, out, _ = run(capsys, "--lang", "zh", "--store", str(real_cli_store), "structure", "cn-yrd")
    assert code == 0 and "偏离—份额分解" in out and "竞争分量" in out


def test_demo_takes_out(capsys, real_cli_store, tmp_path, data_dir):
    code, out, err = run(capsys, "--store", str(real_cli_store), "--data-dir", str(data_dir), "demo",
                         "--out", str(tmp_path / "demo.xlsx"))
    assert code == 0, err
    assert (tmp_path / "demo.xlsx").exists() and f"→ {tmp_path / 'demo.xlsx'}" in out


def test_indicators_command(capsys, real_cli_store, tmp_path):
    base = ["--store", str(real_cli_store)]
    code, out, err = run(capsys, *base, "indicators", "cn-yrd")
    assert code == 0, err
    assert "gdp" in out and "cn/city_panel" in out and "26 cities of cn-yrd-2016" in out
    code, out, err = run(capsys, *base, "indicators", "cn-yrd", "--indicator", "gdp", "--source", "cn/city_panel",
                         "--years", "2010", "2019", "--out", str(tmp_path / "gdp.json"))
    assert code == 0, err
    assert "38,155.3" in out and "Shanghai" in out and "2010" in out and "2019" in out
    import json

    values = json.loads((tmp_path / "gdp.json").read_text(encoding="utf-8"))["tables"]["values"]
    assert {r["year"] for r in values} == {2010, 2019} and len(values) == 52
    code, out, _ = run(capsys, "--lang", "zh", *base, "indicators", "cn-yrd", "-i", "gdp", "--source", "cn/city_panel",
                       "--years", "2019")
    assert code == 0 and "上海市" in out and "城市" in out
    code, out, err = run(capsys, *base, "indicators", "cn-yrd", "--indicator", "gdpp")
    assert code == 2 and "unknown indicator 'gdpp'" in err and "; did you mean 'gdp'?" in err
    assert "population_census" in err and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "--lang", "zh", *base, "indicators", "cn-yrd", "--indicator", "gdpp")
    assert code == 2 and "未知的指标'gdpp'" in err and "是否应为'gdp'" in err
    code, out, err = run(capsys, *base, "indicators", "cn-yrd", "--indicator", "gdp", "--years", "1066")
    assert code == 2 and "has no values in 1066; its years are 2000" in err


def test_member_counts_agree(capsys, real_cli_store):
    """groups, structure and innovation count a group's cities alike (the main metro delineation)
    and name every member they leave out."""
    import re

    from megaregion.store import Store

    with Store(real_cli_store, read_only=True) as s:
        counted = s.group_ids().set_index("group_id")["members"].to_dict()
    assert counted["us-boswash"] == 39
    base = ["--store", str(real_cli_store)]
    code, out, err = run(capsys, *base, "structure", "us-boswash")
    assert code == 0, err
    m = re.search(r"(\d+) of (\d+) members at metro level have data in both years", out)
    assert m and int(m[2]) == counted["us-boswash"]
    left = re.search(r"(\d+) members have no data in us/cbp_metro in either year", out)
    assert left and int(m[1]) + int(left[1]) == int(m[2])
    assert "Not counted as cities" in out and "Ocean City, NJ (us-cbsa:36140)" in out
    code, out, err = run(capsys, *base, "innovation", "us-boswash")
    assert code == 0, err
    scored = int(re.search(r"members_scored\s*│\s*(\d+)", out)[1])
    left = int(re.search(r"(\d+) members lack an indicator or the economic weight", out)[1])
    no_industry = re.search(r"(\d+) members have the innovation indicators but no industry data", out)
    assert scored + left + (int(no_industry[1]) if no_industry else 0) == counted["us-boswash"]


def test_import_with_chinese_city_names(capsys, real_cli_store, tmp_path):
    """A yearbook table with city names only (with 市 or without, a former name) imports into
    the cities' ids; an unknown name is one error line with the closest name."""
    csv = tmp_path / "names.csv"
    csv.write_text("城市,年份,专利\n南京,2019,1\n上海市,2019,2\n襄樊,2009,3\n北京,2019,5\n", encoding="utf-8")
    mapping = tmp_path / "names.toml"
    mapping.write_text('table = "indicators"\n[columns]\nregion_id = "城市"\nyear = "年份"\n'
                       '[indicators]\n"专利" = "patents_names_test"\n', encoding="utf-8")
    base = ["--store", str(real_cli_store)]
    try:
        code, out, err = run(capsys, *base, "data", "import", str(csv), "--mapping", str(mapping))
        assert code == 0, err
        assert "4 Chinese city names read as region ids" in out and "Former city name 襄樊 read as 襄阳市" in out
        from megaregion.store import Store

        with Store(real_cli_store, read_only=True) as s:
            rows = s.con.execute("SELECT region_id, value FROM indicators WHERE source = 'user/names' "
                                 "ORDER BY value").fetchall()
        assert rows == [("cn:320100", 1.0), ("cn:310000", 2.0), ("cn:420600", 3.0), ("cn:110000", 5.0)]
        csv.write_text("城市,年份,专利\n南京,2019,1\n石家注,2019,2\n", encoding="utf-8")
        code, out, err = run(capsys, *base, "--lang", "zh", "data", "import", str(csv), "--mapping", str(mapping))
        assert code == 2 and "第3行" in err and "未知的城市名称'石家注'；是否应为'石家庄'？" in err
    finally:
        run(capsys, *base, "data", "remove", "user/names")


def test_checked_suffixes_are_the_writers():
    from megaregion.analysis.hierarchy_network import GRAPH_SUFFIXES
    from megaregion.cli import paths

    assert paths.GRAPH_SUFFIXES == GRAPH_SUFFIXES
    assert set(paths.OUT_SUFFIXES) == {".xlsx", ".json", ".csv"}  # Results.save's suffixes
