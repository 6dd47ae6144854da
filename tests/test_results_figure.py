"""The notebook view shows the main figure of a result's command inline (a PNG data URI, no
link out); where there is none, the view is the same as before, without a figure."""

from __future__ import annotations

import base64
import io

import pandas as pd
from bs4 import BeautifulSoup

from megaregion.analysis.results import Finding, Results

from figure_checks import assert_offline


def _network_results(command: str | None = "network") -> Results:
    nodes = pd.DataFrame({"period": ["p"] * 3, "region_id": ["a", "b", "c"],
                          "name": ["A", "B", "C"], "name_zh": ["甲市", "乙市", "丙市"],
                          "strength": [9.0, 5.0, 1.0], "tier": ["main", "central", "basic"]})
    networks = pd.DataFrame({"period": ["p"], "nodes": [3]})
    return Results("Hierarchy or network: test", "等级结构还是网络结构：测试",
                   {"networks": networks, "nodes": nodes}, "networks",
                   [Finding("A leads.", "甲市领先。", "nodes")], command=command)


def _images(html: str) -> list:
    return BeautifulSoup(html, "html.parser").find_all("img")


def test_notebook_view_shows_the_main_figure_as_an_inlined_png():
    from megaregion.figures.registry import figures_for

    res = _network_results()
    html = res._repr_html_()
    (img,) = _images(html)
    assert img["src"].startswith("data:image/png;base64,")
    png = base64.b64decode(img["src"].split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    main = figures_for("network", res, "en")[0]
    soup = BeautifulSoup(html, "html.parser")
    assert img["alt"] == main.title and soup.find("figcaption").text == main.caption
    # summary, figure, findings: all there, nothing loaded from elsewhere
    assert soup.find("table") is not None and "A leads." in soup.text
    assert_offline(html)

    import matplotlib.image as mpimg

    assert mpimg.imread(io.BytesIO(png)).std() > 0.01  # a drawn picture, not a blank one


def test_chinese_view_has_the_chinese_figure():
    from megaregion.figures.registry import figures_for

    html = _network_results().to_html("zh")
    soup = BeautifulSoup(html, "html.parser")
    zh, en = (figures_for("network", _network_results(), lang)[0] for lang in ("zh", "en"))
    assert zh.title != en.title
    assert soup.find("img")["alt"] == zh.title and soup.find("figcaption").text == zh.caption


def test_no_figure_without_a_command_a_registry_entry_or_when_asked_not_to():
    assert _images(_network_results(command=None).to_html()) == []
    assert _images(_network_results(command="no-such-command").to_html()) == []
    assert _images(_network_results().to_html(figure=False)) == []


def test_nothing_to_draw_leaves_the_figure_out():
    res = _network_results()
    res.tables["nodes"] = res.tables["nodes"].iloc[0:0]
    html = res.to_html()
    assert _images(html) == [] and "A leads." in html


def _needs_data(results, lang="en", ctx=None):
    from megaregion.errors import MegaregionError

    raise MegaregionError("the map needs the data folder")


def test_figure_error_leaves_the_figure_out(monkeypatch):
    """A figure that cannot be drawn here (e.g. a map without its data folder: a clear
    MegaregionError) leaves the view without a figure, not without its tables."""
    from megaregion.figures import registry

    monkeypatch.setitem(registry.FIGURES, "network", ("test_results_figure:_needs_data",))
    html = _network_results().to_html()
    assert _images(html) == [] and "<table" in html


def test_every_workflow_sets_its_command():
    """Each workflow's Results names the command whose figures draw it (source check: the
    keyword is in every Results(...) construction of the analysis workflows). Side-by-side
    tables of several networks (``compare_groups``) have no figure of their own: the command
    draws each group's result."""
    import ast
    from pathlib import Path

    import megaregion.analysis as analysis

    expected = {"alliances.py": "alliances", "blocks.py": "blocks", "cofunding.py": "cofunding",
                "collaboration.py": "collaboration", "compare.py": "compare", "complexity_map.py": "complexity",
                "composite_centre.py": "structure", "division_of_labour.py": "division",
                "hierarchy_network.py": "network", "innovation_driver.py": "innovation", "io_report.py": "io",
                "knowledge_base.py": "synergy", "openness.py": "openness", "spatial_patterns.py": "spatial",
                "world_cities.py": "world-cities"}
    without = {("hierarchy_network.py", "compare_groups")}
    folder = Path(analysis.__file__).parent
    for name, command in expected.items():
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        seen = 0
        for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            for call in ast.walk(func):
                if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) == "Results"):
                    continue
                seen += 1
                given = {k.arg: k.value.value for k in call.keywords if isinstance(k.value, ast.Constant)}
                wanted = None if (name, func.name) in without else command
                assert given.get("command") == wanted, (name, func.name, call.lineno)
        assert seen, name
