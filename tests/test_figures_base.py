"""The figures' shared layer: fonts found by family, files written by suffix, text in the
language asked for."""

import pandas as pd
import pytest

from megaregion.analysis.results import Results
from megaregion.errors import MegaregionError
from megaregion.figures import fonts
from megaregion.figures.registry import figures_for

from figure_checks import assert_offline, latin_words, static_texts


def _network_results() -> Results:
    nodes = pd.DataFrame({"period": ["p"] * 4, "region_id": ["a", "b", "c", "d"],
                          "name": ["A", "B", "C", "D"], "name_zh": ["甲市", "乙市", "丙市", "丁市"],
                          "strength": [9.0, 5.0, 3.0, 1.0],
                          "tier": ["main", "central", "basic", "basic"]})
    return Results("t", "题", {"networks": pd.DataFrame({"period": ["p"]}), "nodes": nodes}, "networks")


def test_chinese_figure_uses_a_cjk_font():
    family = fonts.cjk_family()
    assert family in fonts.CJK_FAMILIES
    assert fonts.font_families("zh")[0] == family
    assert fonts.font_families("en") == ["DejaVu Sans"]


def test_missing_cjk_font_is_one_clear_error(monkeypatch):
    fonts.cjk_family.cache_clear()
    monkeypatch.setattr(fonts, "_installed_families", lambda: {"DejaVu Sans"})
    monkeypatch.setattr("matplotlib.font_manager.findSystemFonts", lambda *a, **k: [])
    with pytest.raises(MegaregionError, match="fonts-noto-cjk"):
        fonts.cjk_family()
    fonts.cjk_family.cache_clear()


def test_strength_ranking_draws_every_node_in_its_tier_colour(tmp_path):
    from megaregion.figures.base import TIER_COLOURS

    (fig,) = figures_for("network", _network_results(), "zh")
    mpl = fig.static()
    bars = mpl.axes[0].patches
    assert len(bars) == 4
    # bars are drawn top-down in strength order, each in its tier's colour
    from matplotlib.colors import to_hex
    assert [to_hex(b.get_facecolor()) for b in bars] == [TIER_COLOURS[t] for t in
                                                          ["main", "central", "basic", "basic"]]
    labels = [t.get_text() for t in mpl.axes[0].get_yticklabels()]
    assert set(labels) == {"甲市", "乙市", "丙市", "丁市"}
    assert latin_words(static_texts(mpl)) == []
    traces = fig.interactive().data
    assert sum(len(t.x) for t in traces) == 4
    for suffix in (".png", ".svg", ".html"):
        out = fig.save(tmp_path / f"f{suffix}")
        assert out.stat().st_size > 1000
    html = (tmp_path / "f.html").read_text(encoding="utf-8")
    assert fig.interactive().layout.title.text.startswith("节点强度")
    assert "\\u8282\\u70b9\\u5f3a\\u5ea6" in html  # 节点强度, as plotly escapes it in JSON
    assert_offline(html)


def test_bad_suffix_and_unknown_command_are_clear_errors(tmp_path):
    (fig,) = figures_for("network", _network_results(), "en")
    with pytest.raises(MegaregionError, match=r"\.png, \.svg"):
        fig.save(tmp_path / "f.gif")
    with pytest.raises(MegaregionError, match="draws no figure"):
        figures_for("nonsense", _network_results())
