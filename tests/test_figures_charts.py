"""Network, block-model and structure charts: what each draws, checked against small hand-made
results whose answer is known (cells, bars, lines and their order and colours), and Chinese
figures without English."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from megaregion.analysis.results import Results
from megaregion.figures import blocks as fblocks
from megaregion.figures import network as fnet
from megaregion.figures import structure as fstruct
from megaregion.figures.base import CORE_COLOURS, NEUTRAL
from megaregion.figures.registry import figures_for

from figure_checks import assert_offline, latin_words, plotly_texts, static_texts

ZH = {"a": "甲市", "b": "乙市", "c": "丙市", "d": "丁市"}


def _network(directed=True) -> Results:
    ids = ["a", "b", "c", "d"]
    nodes = pd.DataFrame({
        "period": ["p2"] * 4, "region_id": ids, "name": ["A", "B", "C", "D"], "name_zh": [ZH[r] for r in ids],
        "strength": [1.0, 5.0, 9.0, 3.0], "tier": ["basic", "central", "main", "basic"],
        "cp_position": ["periphery", "core", "core", "periphery"], "community": [2, 1, 1, 1]})
    links = pd.DataFrame({"period": ["p1", "p2", "p2", "p2", "p2"],
                          "origin": ["a", "c", "b", "d", "a"], "destination": ["b", "b", "c", "c", "d"],
                          "weight": [7.0, 100.0, 10.0, 1.0, 2.0]})
    networks = pd.DataFrame({"period": ["p1", "p2"], "directed": [directed, directed]})
    comparison = pd.DataFrame({
        "statistic": ["hierarchy", "tie_symmetry", "share_weight_outside_core", "polycentricity", "signals",
                      "qap_correlation"],
        "label": ["Krackhardt hierarchy", "tie symmetry", "share of link weight not touching the core",
                  "polycentricity", "signals", "QAP correlation of the two networks"],
        "label_zh": ["Krackhardt等级度", "联系对称性", "不经过核心城市的联系占比", "多中心性", "指标", "两期网络的QAP相关系数"],
        "first_period": "p1", "last_period": "p2",
        "first": [0.8, 0.5, 0.30, 0.2, np.nan, np.nan], "last": [0.6, 0.4, 0.30, 0.35, np.nan, np.nan],
        "change": [-0.2, -0.1, 0.0, 0.15, np.nan, 0.42],
        "direction": ["network", "hierarchy", "unchanged", "network", None, None],
        "p_value": [np.nan] * 5 + [0.03], "n_perm": [np.nan] * 5 + [99]})
    return Results("Hierarchy or network: test", "等级还是网络：测试",
                   {"networks": networks, "nodes": nodes, "links": links, "comparison": comparison}, "networks")


def test_adjacency_is_n_by_n_in_the_documented_order():
    res = _network()
    M = fnet.adjacency_matrix_drawn(res)
    # core first (by strength: c, b), then periphery by community (d in 1, a in 2)
    assert M.index.tolist() == M.columns.tolist() == ["c", "b", "d", "a"]
    assert M.loc["c", "b"] == 100.0 and M.loc["b", "c"] == 10.0 and M.loc["a", "d"] == 2.0
    assert np.isnan(M.loc["a", "b"])  # a period-1 link is not drawn in period 2
    assert int(np.isfinite(M.to_numpy()).sum()) == 4  # the four links of p2, nothing else
    fig = fnet.adjacency_heatmap(res, "en")
    assert "core-periphery position, then community, then strength" in fig.caption
    mpl = fig.static()
    arrays = [im.get_array() for im in mpl.axes[0].get_images()]
    assert all(a.shape == (4, 4) for a in arrays)
    shown = arrays[-1]  # the weights; no-link cells masked (white), never 0
    assert int(np.ma.count(shown)) == 4
    assert [t.get_text() for t in mpl.axes[0].get_yticklabels()] == ["C", "B", "D", "A"]
    z = np.array(fig.interactive().data[0].z, dtype=float)
    assert z.shape == (4, 4) and np.isclose(z[0, 1], 2.0)  # log10(100)


def test_undirected_links_show_in_both_orientations():
    res = _network(directed=False)
    M = fnet.adjacency_matrix_drawn(res)
    assert M.loc["d", "a"] == M.loc["a", "d"] == 2.0
    assert M.loc["c", "b"] == 100.0 and M.loc["b", "c"] == 10.0  # both recorded: each kept as it is


def test_period_comparison_one_arrow_per_moved_statistic():
    fig = fnet.period_comparison(_network(), "en")
    mpl = fig.static()
    ax = mpl.axes[0]
    first, last = ax.collections[:2]
    assert len(first.get_offsets()) == len(last.get_offsets()) == 4  # the four statistics, not signals/QAP
    colours = [to_hex(c) for c in last.get_facecolors()]
    assert colours == [to_hex(fnet.DIRECTION_COLOURS[d]) for d in ["network", "hierarchy", "unchanged", "network"]]
    arrows = [t for t in ax.texts if t.arrow_patch is not None]
    assert len(arrows) == 3  # the unchanged statistic has no arrow
    assert "0.42" in fig.caption and "p = 0.03" in fig.caption
    traces = fig.interactive().data
    assert len(traces[0].x) == 4 and sum(len(t.x) for t in traces[1:]) == 4


def _blocks() -> Results:
    ids = ["a", "b", "c", "d"]
    membership = pd.DataFrame({"region_id": ["b", "c", "a", "d"], "name": ["B", "C", "A", "D"],
                               "name_zh": [ZH[r] for r in "bcad"], "block": [1, 1, 2, 3],
                               "position": ["core", "core", "semi-periphery", "periphery"],
                               "strength": [3.0, 8.0, 2.0, 1.0]})
    blocks = pd.DataFrame({"block": [1, 2, 3], "position": ["core", "semi-periphery", "periphery"], "size": [2, 1, 1]})
    D = np.array([[0.9, 0.4, 0.1], [0.3, 0.0, 0.2], [0.1, 0.0, 0.0]])
    densities = pd.DataFrame([{"from_block": i + 1, "to_block": j + 1, "density": D[i, j],
                               "image": int(D[i, j] >= 0.25)} for i in range(3) for j in range(3)])
    network = pd.DataFrame([{"period": "2020", "directed": True, "ties": "valued", "method": "concor",
                             "nodes": 4, "density": 0.25}])
    links = pd.DataFrame({"origin": ["b", "c", "a"], "destination": ["c", "b", "d"], "weight": [1.0, 2.0, 3.0]})
    assert ids
    return Results("Block model: test", "块模型：测试", {"network": network, "blocks": blocks, "membership": membership,
                                                     "densities": densities, "links": links}, "network")


def test_block_image_cells_and_outlined_image():
    fig = fblocks.block_image(_blocks(), "zh")
    mpl = fig.static()
    ax = mpl.axes[0]
    (im,) = ax.get_images()
    assert im.get_array().shape == (3, 3) and np.isclose(im.get_array()[0, 1], 0.4)
    outlined = [p for p in ax.patches if not p.get_fill()]
    assert len(outlined) == 3  # image cells: (1,1), (1,2), (2,1)
    assert {(p.get_x() + 0.5, p.get_y() + 0.5) for p in outlined} == {(0, 0), (1, 0), (0, 1)}
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("1 核心") and labels[2].startswith("3 边缘")
    assert latin_words(static_texts(mpl)) == []
    assert latin_words(plotly_texts(fig.interactive())) == []


def test_block_image_undefined_density_is_no_data_not_nan():
    res = _blocks()
    dens = res.tables["densities"]
    dens.loc[(dens["from_block"] == 2) & (dens["to_block"] == 2), "density"] = np.nan  # one-city block
    res.tables["densities"] = dens[~((dens["from_block"] == 3) & (dens["to_block"] == 3))]  # pair left out
    for lang, nodata in (("zh", "无数据"), ("en", "no data")):
        fig = fblocks.block_image(res, lang)
        mpl = fig.static()
        ax = mpl.axes[0]
        cells = [t.get_text() for t in ax.texts]
        assert len(cells) == 9 and cells.count(nodata) == 2 and not any("nan" in c for c in cells)
        (im,) = ax.get_images()
        assert im.get_array().mask.sum() == 2  # drawn in the "bad" grey, never as 0
        text = fig.interactive().data[0].text
        assert sum(c == nodata for row in text for c in row) == 2
    assert latin_words(static_texts(fblocks.block_image(res, "zh").static())) == []


def test_blocks_adjacency_ordered_by_block_then_strength():
    M = fnet.adjacency_matrix_drawn(_blocks())
    assert M.index.tolist() == ["c", "b", "a", "d"]
    assert M.loc["b", "c"] == 1.0 and M.loc["c", "b"] == 2.0 and M.loc["a", "d"] == 3.0
    figs = figures_for("blocks", _blocks(), "en")
    assert [f.name for f in figs] == ["block_image", "adjacency_heatmap"]


def _structure() -> Results:
    rows = []
    shares = {"a": (0.5, 0.1), "b": (0.2, 0.4), "c": (0.1, 0.5), "d": (np.nan, 0.3)}
    for y, shift in ((2010, 0.0), (2019, 0.05)):
        for r, (s_a, s_m) in shares.items():
            rows.append({"year": y, "region_id": r, "name": r.upper(), "name_zh": ZH[r], "core": r == "a",
                         "total": {"a": 400.0, "b": 200.0, "c": 100.0, "d": 50.0}[r],
                         "share_tertiary": s_a + shift, "share_secondary": s_m - shift})
    regions = pd.DataFrame(rows)
    summary = pd.DataFrame({"year": [2010, 2019], "measure": "value_added", "core_names": "A", "core_names_zh": "甲市",
                            "core_share_tertiary": [0.5, 0.55], "core_share_secondary": [0.1, 0.05],
                            "group_share_tertiary": [0.3, 0.33], "group_share_secondary": [0.3, 0.26]})
    relocation = pd.DataFrame({"sector": ["secondary"] * 4 + ["tertiary"] * 4, "year0": 2010, "year1": 2019,
                               "region_id": list("abcd") * 2, "change_pp": [-3.0, 1.0, 2.5, np.nan] * 2,
                               "core": [True, False, False, False] * 2, "name": list("ABCD") * 2,
                               "name_zh": [ZH[r] for r in "abcd"] * 2})
    relocation_summary = pd.DataFrame({"sector": ["secondary"], "year0": [2010], "year1": [2019], "part": ["core"],
                                       "share0": [0.3], "share1": [0.27], "change_pp": [-3.0]})
    shift_share = pd.DataFrame({"method": "classic", "region_id": list("abcd"), "change": [30.0, -10.0, 5.0, np.nan],
                                "national": [20.0, 8.0, 4.0, np.nan], "industry_mix": [5.0, -3.0, 2.0, np.nan],
                                "competitive": [5.0, -15.0, -1.0, np.nan], "name": list("ABCD")})
    return Results("Composite centre and relocation: test", "中心城市复合化与产业转移：测试",
                   {"summary": summary, "regions": regions, "relocation": relocation,
                    "relocation_summary": relocation_summary, "shift_share": shift_share}, "summary")


def test_family_shares_one_line_per_member_plus_core_and_group():
    fig = fstruct.family_shares(_structure(), "en")
    mpl = fig.static()
    tert, sec = mpl.axes[:2]
    assert len(tert.get_lines()) == 3 + 2  # d's tertiary share unknown: not drawn
    assert len(sec.get_lines()) == 4 + 2
    core_line = tert.get_lines()[-1]
    assert to_hex(core_line.get_color()) == CORE_COLOURS["core"]
    assert list(core_line.get_ydata()) == [0.5, 0.55]
    assert "1 member line not drawn" in fig.caption


def test_relocation_bars_are_rows_with_the_core_highlighted():
    fig = fstruct.relocation(_structure(), "en")
    ax = fig.static().axes[0]
    bars = ax.patches[:3]
    assert [b.get_width() for b in bars] == [2.5, 1.0, -3.0]  # largest gain first; d unknown, not 0
    assert [to_hex(b.get_facecolor()) for b in bars] == [NEUTRAL, NEUTRAL, CORE_COLOURS["core"]]
    assert "No data: D" in fig.caption and "30.0% in 2010 and 27.0% in 2019" in fig.caption
    assert sum(len(t.x) for t in fig.interactive().data) == 3


def test_shift_share_stacks_the_three_components():
    fig = fstruct.shift_share(_structure(), "en")
    ax = fig.static().axes[0]
    assert len(ax.patches) == 3 * 3  # three cities with data x three components
    # A (largest change) on top: national 20 from 0, mix 5 from 20, competitive 5 from 25
    nat, mix, comp = ax.patches[0], ax.patches[3], ax.patches[6]
    assert (nat.get_x(), nat.get_width()) == (0.0, 20.0)
    assert (mix.get_x(), mix.get_width()) == (20.0, 5.0)
    assert (comp.get_x(), comp.get_width()) == (25.0, 5.0)
    # B: national +8 from 0, mix -3 from -3, competitive -15 from -18
    assert (ax.patches[4].get_x(), ax.patches[7].get_x()) == (-3.0, -18.0)
    assert [t.get_color() for t in ax.get_yticklabels()][0] == CORE_COLOURS["core"]
    assert "No data: D" in fig.caption


def test_squarify_tiles_the_box_in_proportion():
    values = [6.0, 6.0, 4.0, 3.0, 2.0, 2.0, 1.0]
    rects = fstruct.squarify(values, 0, 0, 6, 4)
    areas = [w * h for _x, _y, w, h in rects]
    assert np.allclose(areas, [v * 24 / sum(values) for v in values])
    for x, y, w, h in rects:
        assert -1e-9 <= x and x + w <= 6 + 1e-9 and -1e-9 <= y and y + h <= 4 + 1e-9
    # Bruls et al.'s worked example (6, 6, 4, 3, 2, 2, 1 in a 6 x 4 box): the first two tiles are a 3 x 4 column
    assert np.allclose(rects[0], (0, 0, 3, 2)) and np.allclose(rects[1], (0, 2, 3, 2))


def test_treemap_one_tile_per_member_sized_by_total():
    fig = fstruct.composition_treemap(_structure(), "en")
    ax = fig.static().axes[0]
    tiles = [p for p in ax.patches if p.get_fill()]
    assert len(tiles) == 4
    areas = sorted(p.get_width() * p.get_height() for p in tiles)
    assert np.allclose(np.array(areas) / sum(areas), np.array([50, 100, 200, 400]) / 750)
    tm = fig.interactive().data[0]
    assert sum(1 for i in tm.ids if "/" in i) == 4
    assert "not a per-industry composition" in fig.caption


@pytest.mark.parametrize("build,command", [(_network, "network"), (_blocks, "blocks"), (_structure, "structure")])
def test_chinese_figures_have_no_english(build, command, tmp_path):
    figs = figures_for(command, build(), "zh")
    assert figs
    for fig in figs:
        assert latin_words([fig.title, fig.caption]) == [], fig.name
        assert latin_words(static_texts(fig.static())) == [], fig.name
        assert latin_words(plotly_texts(fig.interactive())) == [], fig.name
    html = figs[-1].save(tmp_path / "f.html").read_text(encoding="utf-8")
    assert_offline(html)


def test_long_relocation_shows_both_ends_and_the_core():
    res = _structure()
    import pandas as pd

    many = res.tables["relocation"].copy()
    many.loc[(many["sector"] == "secondary") & (many["region_id"] == "a"), "change_pp"] = 0.05  # mid-table
    rows = pd.DataFrame({"sector": "secondary", "year0": 2010, "year1": 2019,
                         "region_id": [f"r{i}" for i in range(30)], "change_pp": np.linspace(-1, 1, 30),
                         "core": False, "name": [f"R{i}" for i in range(30)], "name_zh": "某市"})
    res.tables["relocation"] = pd.concat([many, rows], ignore_index=True)
    fig = fstruct.relocation(res, "en", ends=5)
    widths = [b.get_width() for b in fig.static().axes[0].patches if b.get_height() == 0.75]
    # 5 largest gains, the core (a, in the middle of the table), 5 largest losses
    assert len(widths) == 5 + 1 + 5
    assert widths[0] == 2.5 and 0.05 in widths and widths[-1] == -1.0
    assert "22 more members are in the table" in fig.caption
