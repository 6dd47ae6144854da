"""``--plot FILE.png|.svg|.html``: the command's figures are written, in the language asked for;
a bad path is one clear error before any work."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from megaregion.cli.app import main

from figure_checks import assert_offline

GROUP, KIND, N_PERM = "cn-wuhan-circle", "baidu", "9"


def run(capsys, *args) -> tuple[int, str, str]:
    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def expected(real_store):
    """The figures the network command draws for the group, in both languages (the same
    workflow call the command makes)."""
    from megaregion.analysis.hierarchy_network import hierarchy_to_network
    from megaregion.figures.registry import figures_for

    res = hierarchy_to_network(real_store.group(GROUP), KIND, regions=real_store.df("regions"),
                               n_perm=int(N_PERM), seed=0)
    return {lang: figures_for("network", res, lang) for lang in ("en", "zh")}


def _written(out: str) -> list[str]:
    return [line[2:].strip() for line in out.splitlines() if line.startswith("→ ")]


def _plotly_escaped(text: str) -> str:
    """``text`` as plotly writes it into the page's JSON (non-ASCII and ``/`` as \\uXXXX)."""
    from plotly.io.json import to_json_plotly

    return to_json_plotly(text)[1:-1]


def _network(capsys, real_store, plot, *extra):
    return run(capsys, *extra, "--store", real_store.path, "network", GROUP, "--kind", KIND,
               "--permutations", N_PERM, "--plot", plot)


def test_png_is_written_beside_the_results_with_one_file_per_figure(capsys, real_store, expected, tmp_path):
    import matplotlib.image as mpimg

    code, out, err = _network(capsys, real_store, tmp_path / "net.png")
    assert code == 0, err
    figures = expected["en"]
    wanted = [tmp_path / "net.png"] + [tmp_path / f"net_{f.name}.png" for f in figures[1:]]
    assert _written(out) == [str(p) for p in wanted]
    for path in wanted:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        pixels = mpimg.imread(path)
        assert pixels.std() > 0.01  # something is drawn, not a blank canvas


def test_svg_is_an_svg_document(capsys, real_store, tmp_path):
    code, out, err = _network(capsys, real_store, tmp_path / "net.svg")
    assert code == 0, err
    root = ET.parse(tmp_path / "net.svg").getroot()
    assert root.tag.endswith("svg")
    assert len(list(root.iter())) > 50  # bars, ticks, texts drawn as paths


def test_html_is_interactive_offline_and_in_english(capsys, real_store, expected, tmp_path):
    code, out, err = _network(capsys, real_store, tmp_path / "net.html")
    assert code == 0, err
    html = (tmp_path / "net.html").read_text(encoding="utf-8")
    assert_offline(html)
    assert "Plotly.newPlot" in html
    assert _plotly_escaped(expected["en"][0].title) in html
    assert _plotly_escaped(expected["zh"][0].title) not in html


def test_chinese_run_writes_the_chinese_figure(capsys, real_store, expected, tmp_path):
    code, out, err = _network(capsys, real_store, tmp_path / "网络.html", "--lang", "zh")
    assert code == 0, err
    html = (tmp_path / "网络.html").read_text(encoding="utf-8")
    zh = expected["zh"][0]
    assert _plotly_escaped(zh.title) in html and zh.title != expected["en"][0].title
    assert _plotly_escaped(expected["en"][0].title) not in html
    assert_offline(html)


def test_several_groups_get_one_file_each(capsys, real_store, tmp_path):
    code, out, err = run(capsys, "--store", real_store.path, "network", GROUP, "cn-cztan-core", "--kind", KIND,
                         "--permutations", N_PERM, "--plot", tmp_path / "net.png")
    assert code == 0, err
    written = _written(out)
    for group in (GROUP, "cn-cztan-core"):
        assert str(tmp_path / f"net_{group}.png") in written
        assert (tmp_path / f"net_{group}.png").stat().st_size > 1000
    assert not (tmp_path / "net.png").exists()


# -- bad paths: one clear line, before any work ----------------------------------------------
# The store named here does not exist: an error about --plot (not about the store) shows the
# path was checked before the store was opened, so before any work.
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bad_suffix_is_one_clear_error_before_work(capsys, tmp_path, lang):
    code, out, err = run(capsys, "--lang", lang, "--store", tmp_path / "nowhere" / "s.duckdb", "network", GROUP,
                         "--plot", tmp_path / "net.pdf")
    assert code == 2
    assert "--plot" in err and ".pdf" in err and ".png, .svg, .html" in err
    assert ("未知的文件后缀" in err) == (lang == "zh")
    assert "Traceback" not in err + out and "store" not in err.lower()
    assert len(err.strip().splitlines()) == 1


def test_missing_folder_is_one_clear_error_before_work(capsys, tmp_path):
    code, out, err = run(capsys, "--store", tmp_path / "nowhere" / "s.duckdb", "structure", "us-sansan",
                         "--plot", tmp_path / "no_such_folder" / "s.png")
    assert code == 2
    assert "--plot" in err and "no_such_folder" in err and "does not exist" in err
    assert "Traceback" not in err + out


def test_command_without_figures_is_the_registry_error_before_work(capsys, tmp_path, monkeypatch):
    from megaregion.figures import registry

    monkeypatch.delitem(registry.FIGURES, "network")
    code, out, err = run(capsys, "--store", tmp_path / "nowhere" / "s.duckdb", "network", GROUP,
                         "--plot", tmp_path / "net.png")
    assert code == 2
    assert "`network` draws no figure yet" in err and "Traceback" not in err + out


def test_backtest_has_no_figure(capsys, tmp_path):
    code, _, err = run(capsys, "--store", tmp_path / "nowhere" / "s.duckdb", "alliances", "--backtest",
                       "--plot", tmp_path / "a.png")
    assert code == 2 and "--backtest" in err


def test_every_analysis_command_has_the_option():
    """--plot is on every analysis command, with the same help."""
    import typer

    from megaregion.cli.app import app
    from megaregion.cli.plot import PLOT_HELP

    commands = {"structure", "network", "blocks", "innovation", "complexity", "collaboration", "synergy",
                "cofunding", "world-cities", "io", "division", "alliances", "openness", "spatial", "compare",
                "indicators"}
    group = typer.main.get_command(app)
    for name in commands:
        command = group.commands[name]
        options = {opt: p for p in command.params for opt in getattr(p, "opts", [])}
        assert "--plot" in options, name
        assert options["--plot"].help.startswith(PLOT_HELP), name
