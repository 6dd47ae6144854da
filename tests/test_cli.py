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
