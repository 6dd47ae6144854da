"""Figures of innovation, complexity, synergy, co-funding, openness and the lessons: what they
draw (one mark per table row, colours by class, labels), in both languages, on small hand-made
results; and on the real data for us-boswash and cn-yrd-2016."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from megaregion.analysis.results import Results
from megaregion.figures import innovation as fi
from megaregion.figures import lessons as fl
from megaregion.figures import openness as fo
from megaregion.figures.base import CORE_COLOURS, SERIES
from megaregion.figures.panels import NO_DATA
from megaregion.figures.registry import FIGURES, _load, figures_for

from figure_checks import assert_offline, latin_words, plotly_texts, static_texts


CITED = {"Taylor", "Rasmussen-Hirschman"}
MINE = {"megaregion.figures.innovation", "megaregion.figures.openness", "megaregion.figures.lessons"}


def _points(ax, label=None):
    """Points drawn by scatter collections of ``ax`` (those labelled ``label``, or all)."""
    from matplotlib.collections import PathCollection

    return sum(len(c.get_offsets()) for c in ax.collections
               if isinstance(c, PathCollection) and (label is None or c.get_label() == label))


def _bars(ax):
    from matplotlib.patches import Rectangle

    return [p for p in ax.patches if isinstance(p, Rectangle)]


def _no_english(fig, symbols=()):
    """The Chinese figure's texts have no English (``symbols``: formula symbols it uses, such as
    T(GTO) or R(UIG), written as in Chinese papers)."""
    mpl = fig.static()
    allowed = set(symbols)
    assert [w for w in latin_words(static_texts(mpl)) if w not in allowed] == []
    assert [w for w in latin_words(plotly_texts(fig.interactive())) if w not in allowed] == []
    # captions may cite authors by name, as Chinese papers do
    assert [w for w in latin_words([fig.title, fig.caption]) if w not in CITED | allowed] == []
    return mpl


# -- innovation -------------------------------------------------------------------------------
def _innovation() -> Results:
    cities = pd.DataFrame({
        "region_id": ["a", "b", "c", "d", "e"], "name": ["Alpha", "Beta", "Gamma", "Delta", "Eps"],
        "name_zh": ["甲市", "乙市", "丙市", "丁市", "戊市"], "core": [True, False, False, False, False],
        "innovation_index": [1.0, 0.6, 0.2, 0.05, np.nan], "industry_index": [0.9, 0.3, 0.25, 0.1, 0.2],
        "D": [0.95, 0.65, 0.45, 0.15, np.nan],
        "level_en": ["high-quality coordination", "primary coordination", "on the verge of imbalance",
                     "serious imbalance", None],
        "level_zh": ["优质协调", "初级协调", "濒临失调", "严重失调", None],
        "innovation_heart": [False, True, False, False, False]})
    summary = pd.DataFrame({"innovation_year": [2017], "mean_coordination_D": [0.55]})
    return Results("Innovation as the driver: Test", "创新驱动：测试", {"summary": summary, "cities": cities}, "summary")


def test_innovation_coupling_draws_each_scored_city_in_its_class_colour():
    res = _innovation()
    fig = fi.innovation_coupling(res, "zh")
    mpl = _no_english(fig)
    ax = mpl.axes[0]
    scored = res.tables["cities"].dropna(subset=["innovation_index"])
    levels = {zh: fi.level_colour(en) for en, zh in zip(scored["level_en"], scored["level_zh"])}
    assert sum(_points(ax, zh) for zh in levels) == len(scored) == 4
    for zh, colour in levels.items():
        (coll,) = [c for c in ax.collections if c.get_label() == zh]
        assert to_hex(coll.get_facecolor()[0]) == colour
    # labels: the core city and the innovation heart; the heart ringed (one more, unfilled mark)
    assert sorted(t.get_text() for t in ax.texts) == ["乙市", "甲市"]
    assert _points(ax) == 5
    assert "戊市" in fig.caption  # not scored: named, not drawn
    traces = fig.interactive().data
    assert sum(len(t.x) for t in traces if t.name in levels) == 4


def test_innovation_coupling_english_and_empty():
    fig = fi.innovation_coupling(_innovation(), "en")
    assert "Eps" in fig.caption and fig.title.startswith("Innovation and industry")
    empty = Results("t", "题", {"cities": pd.DataFrame()}, "cities")
    assert fi.innovation_coupling(empty) is None and fi.coordination_levels(empty) is None


def test_coordination_levels_sorted_bars_coloured_by_level():
    res = _innovation()
    fig = fi.coordination_levels(res, "zh")
    mpl = _no_english(fig)
    bars = _bars(mpl.axes[0])[:4]
    widths = [b.get_width() for b in bars]
    assert widths == sorted(widths, reverse=True) == [0.95, 0.65, 0.45, 0.15]
    expected = [fi.level_colour(v) for v in ["high-quality coordination", "primary coordination",
                                             "on the verge of imbalance", "serious imbalance"]]
    assert [to_hex(b.get_facecolor()) for b in bars] == expected
    assert "一年" in fig.caption and "戊市" in fig.caption  # one year only; city without D named
    assert sum(len(t.x) for t in fig.interactive().data) == 4


# -- complexity -------------------------------------------------------------------------------
def _complexity() -> Results:
    opp = pd.DataFrame({"region_id": ["a", "a", "b"], "name": ["Alpha", "Alpha", "Beta"],
                        "name_zh": ["甲市", "甲市", "乙市"], "industry": ["3345", "5417", "5112"],
                        "label": ["Navigational instruments", "Scientific R&D", "Software publishers"],
                        "cog": [1.2, 1.1, 0.9], "density": [0.3, 0.25, 0.4], "pci": [2.0, 5.0, -1.0],
                        "rca": [0.5, 0.7, 0.2], "published": [True, True, True]})
    members = pd.DataFrame({"region_id": ["a", "b", "c"], "name": ["Alpha", "Beta", "Gamma"],
                            "name_zh": ["甲市", "乙市", "丙市"], "core": [True, True, False],
                            "eci": [2.0, -0.5, np.nan], "eci_national_rank": [3, 40, np.nan]})
    summary = pd.DataFrame({"year": [2019], "regions_in_nation": [933]})
    return Results("Economic complexity: Test", "经济复杂度：测试",
                   {"summary": summary, "members": members, "opportunities": opp}, "summary")


def test_strength_opportunity_one_bubble_per_row_coloured_by_city():
    fig = fi.strength_opportunity(_complexity(), "zh")
    mpl = _no_english(fig)
    ax = mpl.axes[0]
    assert _points(ax) == 3
    assert _points(ax, "甲市") == 2 and _points(ax, "乙市") == 1
    (a,) = [c for c in ax.collections if c.get_label() == "甲市"]
    assert to_hex(a.get_facecolor()[0]) == SERIES[0].lower()
    sizes = a.get_sizes()
    assert sizes[1] > sizes[0]  # larger PCI, larger bubble
    texts = sorted(t.get_text() for t in ax.texts)
    assert [t.split("（")[0] for t in texts] == ["NAICS 3345", "NAICS 5112", "NAICS 5417"]
    assert texts[0].endswith("制造业）")
    assert any(abs(line.get_ydata()[0] - 1.0) < 1e-12 for line in ax.lines)  # RCA = 1
    en = fi.strength_opportunity(_complexity(), "en")
    assert "Scientific R&D" in [t.get_text() for t in en.static().axes[0].texts]


def test_eci_ranking_core_highlighted_missing_listed():
    fig = fi.eci_ranking(_complexity(), "zh")
    mpl = _no_english(fig)
    bars = _bars(mpl.axes[0])[:2]
    assert [b.get_width() for b in bars] == [2.0, -0.5]
    assert {to_hex(b.get_facecolor()) for b in bars} == {CORE_COLOURS["core"]}
    assert "丙市" in fig.caption
    assert "第3位" in [t.get_text() for t in mpl.axes[0].texts]


# -- triple helix and co-funding ----------------------------------------------------------------
def _collaboration() -> Results:
    syn = pd.DataFrame({"region_id": ["a", "a", "b", "g"], "name": ["Alpha", "Alpha", "Beta", "Group"],
                        "name_zh": ["甲市", "甲市", "乙市", "测试群"], "year": [2010, 2020, 2020, 2020],
                        "kind": ["co_patent"] * 4, "documents": [300, 400, 20, 720],
                        "R_UIG_mbits": [-12.0, -20.0, -3.0, np.nan], "R_UIG_null_mbits": [-2.0, -1.5, -8.0, np.nan],
                        "p_synergy": [0.01, 0.002, 0.6, np.nan], "synergy": [True, True, False, None],
                        "reliable": [True, True, False, True]})
    return Results("Triple-helix synergy (UIG): Test", "三螺旋协同（UIG）：测试",
                   {"summary": pd.DataFrame({"year": [2020]}), "synergy": syn}, "summary")


def test_triple_helix_one_mark_per_region_year_filled_when_significant():
    fig = fi.triple_helix(_collaboration(), "zh")
    mpl = _no_english(fig, {"UIG"})
    ax = mpl.axes[0]
    assert _points(ax) == 3  # the row without R is named in the caption, not drawn
    assert "测试群" in fig.caption
    faces = [to_hex(c.get_facecolor()[0]) for c in ax.collections]
    assert faces.count("#ffffff") == 1  # Beta 2020: not significant, hollow (and grey: few documents)
    assert to_hex(ax.collections[2].get_edgecolor()[0]) == NO_DATA
    assert sum(len(t.x) for t in fig.interactive().data) == 3


def test_triple_helix_knowledge_base_bars_by_group():
    summary = pd.DataFrame({"group_id": ["x", "y"], "name": ["X (one)", "Y (two)"], "name_zh": ["甲群", "乙群"],
                            "year": [2019, 2019], "T_GT_mbits": [10.0, 12.0], "T_GO_mbits": [5.0, 6.0],
                            "T_TO_mbits": [20.0, 22.0], "T_GTO_mbits": [-30.0, -25.0]})
    res = Results("Knowledge-base synergy", "知识基础协同", {"summary": summary, "metros": pd.DataFrame()}, "summary")
    fig = fi.triple_helix(res, "zh")
    mpl = _no_english(fig, {"GT", "GO", "TO", "GTO"})
    heights = [b.get_height() for b in _bars(mpl.axes[0])]
    assert heights[:8] == [10.0, 5.0, 20.0, -30.0, 12.0, 6.0, 22.0, -25.0]
    assert fi.triple_helix(Results("t", "题", {"x": pd.DataFrame()}, "x")) is None


def test_cofunding_bars_for_known_shares_no_data_marked():
    summary = pd.DataFrame({"group_id": ["us", "g1"], "name": ["United States (all)", "G1 (test)"],
                            "name_zh": ["美国（全部）", "测试群"],
                            "university_rd_business_pct": [5.9, 5.1], "business_rd_other_funded_pct": [15.8, np.nan]})
    members = pd.DataFrame({"group_id": ["g1", "g1"], "link": ["university_rd_business_pct"] * 2,
                            "region_id": ["m1", "m2"], "name": ["M1", "M2"], "pct": [2.0, 9.0],
                            "denominator": [10.0, 20.0]})
    res = Results("R&D co-funding", "研发共同资助", {"summary": summary, "members": members}, "summary")
    fig = fi.cofunding(res, "zh")
    mpl = _no_english(fig)
    ax = mpl.axes[0]
    heights = sorted(b.get_height() for b in _bars(ax))
    assert heights == [5.1, 5.9, 15.8]  # three known shares; the unknown one is no bar of 0
    assert "无数据" in [t.get_text() for t in ax.texts]
    assert _points(ax) == 2  # the members' own shares
    assert to_hex(_bars(ax)[0].get_facecolor()) == "#8c8c8c"  # the nation in grey


# -- world cities and openness ------------------------------------------------------------------
def _world() -> Results:
    summary = pd.DataFrame({"region_id": ["world:new-york", "world:shanghai", "world:hangzhou"],
                            "city": ["New York", "Shanghai", "Hangzhou"], "city_zh": ["纽约", "上海", "杭州"],
                            "rank_2000_of_315": [2.0, 31.0, np.nan], "rank_2020_of_707": [2.0, 5.0, 91.0]})
    ranking = pd.DataFrame({"region_id": ["world:london", "world:new-york"], "city": ["London", "New York"]})
    top = pd.DataFrame({"city_a": ["London", "London"], "city_b": ["New York", "Shanghai"],
                        "connectivity": [1292.0, 700.0]})
    return Results("World city network", "世界城市网络", {"summary": summary, "ranking": ranking,
                                                         "top_pairs": top}, "summary")


def test_world_city_rank_marks_each_known_rank():
    fig = fo.world_city_rank(_world(), "zh")
    mpl = _no_english(fig)
    ax = mpl.axes[0]
    hollow = sum(len(c.get_offsets()) for c in ax.collections
                 if len(c.get_facecolor()) and to_hex(c.get_facecolor()[0]) == "#ffffff")
    assert hollow == 2 and _points(ax) == 5  # 2 ranks in 2000 (hollow), 3 in 2020
    assert "杭州" in fig.caption  # not in the 2000 list
    assert [t.get_text() for t in ax.get_yticklabels()] == ["纽约", "上海", "杭州"]


def test_world_city_links_bars_with_chinese_names():
    fig = fo.world_city_links(_world(), "zh")
    mpl = _no_english(fig)
    assert [b.get_width() for b in _bars(mpl.axes[0])] == [1292.0, 700.0]
    assert [t.get_text() for t in mpl.axes[0].get_yticklabels()] == ["伦敦—纽约", "伦敦—上海"]


def _openness(fdi: bool = True) -> Results:
    summary = pd.DataFrame({"region_id": ["g", "a", "b"], "name": ["Group (x)", "Alpha", "Beta"],
                            "name_zh": ["测试群", "甲市", "乙市"], "role": ["group", "core", "member"]})
    gawc = pd.DataFrame({"region_id": ["a", "b"], "name": ["Alpha", "Beta"], "name_zh": ["甲市", "乙市"],
                         "rank_2000_of_315": [30.0, np.nan], "rank_2020_of_707": [5.0, np.nan]})
    links = pd.DataFrame({"kind": ["baidu"] * 3, "direction": ["out"] * 3, "period": ["2020"] * 3,
                          "region_id": ["g", "a", "b"], "outside_share": [0.4, 0.5, np.nan]})
    tables = {"summary": summary, "gawc": gawc, "outside_links": links}
    if fdi:
        tables["fdi"] = pd.DataFrame({"region_id": ["a", "a", "b", "b"], "name": ["Alpha", "Alpha", "Beta", "Beta"],
                                      "name_zh": ["甲市", "甲市", "乙市", "乙市"], "year": [2000, 2001, 2000, 2001],
                                      "fdi_gdp_pct": [5.0, 4.0, 2.0, np.nan]})
    return Results("Openness: Test", "开放度：测试", tables, "summary")


def test_openness_profile_panels_and_missing_values():
    fig = fo.openness_profile(_openness(), "zh")
    mpl = _no_english(fig)
    ax_rank, ax_fdi, ax_links = mpl.axes
    assert "无GaWC排名" in [t.get_text() for t in ax_rank.texts]  # Beta has no rank: said, not 0
    assert len(ax_fdi.lines) == 2  # one line per city with FDI
    assert [b.get_width() for b in _bars(ax_links)] == [40.0]
    assert _points(ax_links) == 1  # Beta's unknown share is no dot
    fig = fo.openness_profile(_openness(fdi=False), "zh")
    assert "数据中没有按城市的外商直接投资" in [t.get_text() for t in fig.static().axes[1].texts]


# -- lessons ------------------------------------------------------------------------------------
def test_key_sectors_coloured_by_class_key_sectors_labelled():
    sectors = pd.DataFrame({"sector": ["1", "2", "3", "4"], "name": ["One", "Two", "Three", "Four"],
                            "name_zh": ["一业", "二业", "三业", "四业"], "backward_linkage": [1.2, 1.1, 0.8, 0.9],
                            "forward_linkage": [1.3, 0.7, 1.4, 0.6],
                            "linkage_class": ["key sector", "backward-oriented", "forward-oriented", "weakly linked"]})
    res = Results("IO", "投入产出", {"sectors": sectors, "table": pd.DataFrame({"economy": ["cn"], "year": [2020]})},
                  "sectors")
    fig = fl.key_sectors(res, "zh")
    mpl = _no_english(fig)
    ax = mpl.axes[0]
    assert _points(ax) == 4
    for cls, (_en, zh, colour) in fl.LINKAGE_CLASSES.items():
        (coll,) = [c for c in ax.collections if c.get_label() == zh]
        assert to_hex(coll.get_facecolor()[0]) == colour
    assert [t.get_text() for t in ax.texts] == ["一业"]


def test_division_coefficients_bars_without_intercept_coloured_by_p():
    coef = pd.DataFrame({"term": ["intercept", "complementarity", "relatedness", "log_distance"],
                         "coefficient": [-1.0, 0.5, 0.1, -0.3], "std_beta": [np.nan, 0.2, 0.05, -0.3],
                         "t": [1, 2, 3, 4], "p_value": [0.01, 0.01, 0.5, 0.02]})
    model = pd.DataFrame({"kind": ["firm_link"], "n_perm": [99], "r2": [0.3]})
    res = Results("Division", "分工检验", {"coefficients": coef, "model": model}, "coefficients")
    fig = fl.division_coefficients(res, "zh")
    mpl = _no_english(fig)
    bars = _bars(mpl.axes[0])
    assert [b.get_width() for b in bars] == [0.2, 0.05, -0.3]
    assert [to_hex(b.get_facecolor()) for b in bars] == [SERIES[0].lower(), NO_DATA, SERIES[3].lower()]
    assert "p = 0.500" in [t.get_text() for t in mpl.axes[0].texts]
    assert "99次置换" in fig.caption


def _alliance_pairs(weights=None) -> pd.DataFrame:
    from megaregion.analysis.alliances import rank_pairs

    rng = np.random.default_rng(3)
    n = 6
    ids = [f"c{i}" for i in range(n)]
    C = rng.random((n, n))
    R = rng.random((n, n))
    D = rng.random((n, n)) * 300 + 20
    D = (D + D.T) / 2
    v = rng.random(n)
    v[2] = np.nan  # unknown innovation: those pairs are scored on the other components
    pairs = rank_pairs(ids, C, R, D, v, scale=rng.random(n) * 1e5, weights=weights)
    pairs["name_a"], pairs["name_b"] = pairs["city_a"], pairs["city_b"]
    pairs["name_a_zh"] = [f"{c[1]}号市" for c in pairs["city_a"]]
    pairs["name_b_zh"] = [f"{c[1]}号市" for c in pairs["city_b"]]
    return pairs


def test_alliance_scores_components_add_up_to_the_score():
    pairs = _alliance_pairs()
    parts = fl.score_parts(pairs)
    assert np.allclose(parts.fillna(0).sum(axis=1), pairs["score"])
    res = Results("Alliances", "联盟建议", {"pairs": pairs}, "pairs")
    fig = fl.alliance_scores(res, "zh", top=5)
    mpl = _no_english(fig)
    bars = _bars(mpl.axes[0])
    assert len(bars) == 5 * 5  # five pairs, five components each
    ends = {}
    for b in bars:
        y = round(b.get_y(), 6)
        ends[y] = max(ends.get(y, 0.0), b.get_x() + b.get_width())
    assert np.allclose(sorted(ends.values(), reverse=True), pairs["score"].head(5))
    unknown = [r for r in pairs.head(5).itertuples() if "c2" in (r.city_a, r.city_b)]
    assert ("未知" in fig.caption) == bool(unknown)


def test_alliance_scores_other_weights_draw_the_score_only():
    pairs = _alliance_pairs(weights={"complementarity": 1.0, "proximity": 1.0})
    assert fl.score_parts(pairs) is None
    fig = fl.alliance_scores(Results("A", "联盟", {"pairs": pairs}, "pairs"), "en", top=4)
    assert len(_bars(fig.static().axes[0])) == 4
    assert "not shown" in fig.caption


def test_compare_side_by_side_marks_non_comparable_rows():
    comp = pd.DataFrame({"label": ["LQ of manufacturing", "patents per 10,000", "GaWC rank"],
                         "label_zh": ["制造业区位商", "每万人专利数", "GaWC排名"],
                         "value_a": [0.6, 5.3, 2.0], "value_b": [1.3, np.nan, 5.0],
                         "comparable": ["partly_comparable", "not_comparable", "comparable"]})
    res = Results("Side by side: Alpha (a) and Beta (b)", "并列比较：甲群（第一个）与乙群（第二个）",
                  {"comparison": comp}, "comparison")
    fig = fl.compare_side_by_side(res, "zh")
    mpl = _no_english(fig)
    ax = mpl.axes[0]
    assert _points(ax) == 5  # six values, one missing
    assert "无数据" in [t.get_text() for t in ax.texts]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == ["≈ 制造业区位商", "≠ 每万人专利数", "GaWC排名"]
    assert fig.title == "甲群与乙群并列比较"
    faces = [to_hex(f) for c in ax.collections if len(c.get_offsets()) for f in c.get_facecolors()]
    assert faces.count("#8c8c8c") == 1  # the non-comparable row's one known value
    assert len(fig.interactive().layout.shapes) == 1


def test_registry_lists_the_figures_by_command(tmp_path):
    for command in ("innovation", "complexity", "collaboration", "synergy", "cofunding", "world-cities",
                    "openness", "io", "division", "alliances", "compare"):
        assert command in FIGURES
    figs = figures_for("innovation", _innovation(), "en")
    assert [f.name for f in figs][:2] == ["innovation_coupling", "coordination_levels"]  # the main ones first
    for f in figs[:2]:
        assert f.save(tmp_path / f"{f.name}.png").stat().st_size > 1000
    f.save(tmp_path / "x.html")
    assert_offline((tmp_path / "x.html").read_text(encoding="utf-8"))
    assert [f.name for f in figures_for("world-cities", _world(), "zh")][:2] == ["world_city_rank", "world_city_links"]


# -- real data ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real_runs(real_store):
    """The workflows behind this part's figures, run once on us-boswash and cn-yrd-2016."""
    from megaregion.analysis.complexity_map import complexity_map
    from megaregion.analysis.division_of_labour import division_of_labour
    from megaregion.analysis.innovation_driver import innovation_driver
    from megaregion.analysis.io_report import io_report
    from megaregion.analysis.openness import openness
    from megaregion.analysis.world_cities import world_city_network

    runs = {}
    for gid in ("us-boswash", "cn-yrd-2016"):
        runs[f"innovation {gid}"] = ("innovation", innovation_driver(real_store.group(gid)))
        runs[f"openness {gid}"] = ("openness", openness(real_store, gid))
        runs[f"division {gid}"] = ("division", division_of_labour(real_store, gid, n_perm=9))
    runs["complexity"] = ("complexity", complexity_map(real_store, "us-boswash"))
    runs["world"] = ("world-cities", world_city_network(real_store))
    runs["io"] = ("io", io_report(real_store, "cn"))
    return runs


def test_real_figures_on_boswash_and_yrd(real_runs, tmp_path):
    from megaregion.figures.panels import short_name

    for lang in ("en", "zh"):
        for key, (command, res) in real_runs.items():
            specs = [s for s in FIGURES[command] if s.split(":")[0] in MINE]  # maps are tested with theirs
            figs = [_load(s)(res, lang) for s in specs]
            assert all(f is not None for f in figs) and figs, key
            for fig in figs:
                mpl = fig.static()
                if lang == "zh":
                    # proper names without a Chinese name in the data (small US metros) stay as they are
                    own = set()
                    for table in res.tables.values():
                        for col in ("name", "city"):
                            if col in table:
                                own |= set(latin_words(table[col].dropna().astype(str).map(short_name)))
                    left = [w for w in latin_words(static_texts(mpl)) if w not in own]
                    assert left == [], (key, fig.name, left[:10])
                fig.save(tmp_path / f"{key}_{fig.name}_{lang}.png", dpi=60)
        # numbers drawn are the tables' numbers
        res = real_runs["innovation cn-yrd-2016"][1]
        inn = res.tables["cities"]
        coupling, levels = fi.innovation_coupling(res, lang), fi.coordination_levels(res, lang)
        bars = _bars(levels.static().axes[0])[:len(inn)]
        assert np.allclose([b.get_width() for b in bars], inn["D"].sort_values(ascending=False))
        classes = set(inn["level_zh" if lang == "zh" else "level_en"])
        assert sum(_points(coupling.static().axes[0], c) for c in classes) == inn["innovation_index"].notna().sum()
        world = real_runs["world"][1].tables["summary"]
        rank = fo.world_city_rank(real_runs["world"][1], lang)
        assert _points(rank.static().axes[0]) == (world["rank_2000_of_315"].notna().sum()
                                                  + world["rank_2020_of_707"].notna().sum())
        opp = real_runs["complexity"][1].tables["opportunities"]
        so = fi.strength_opportunity(real_runs["complexity"][1], lang)
        assert _points(so.static().axes[0]) == len(opp)
