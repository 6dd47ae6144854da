"""Network, block-model and structure charts on the real data: BosWash (technology transfer,
CBP employees) and the Yangtze River Delta (Baidu migration, value added), in both languages.
What is drawn is checked against the workflow's own tables."""

import numpy as np
import pytest
from matplotlib.colors import to_hex

from megaregion.figures import blocks as fblocks
from megaregion.figures import network as fnet
from megaregion.figures import structure as fstruct
from megaregion.figures.base import CORE_COLOURS
from megaregion.figures.registry import figures_for

from figure_checks import latin_words, plotly_texts, static_texts

CASES = [("us-boswash", "tech_transfer"), ("cn-yrd-2016", "baidu")]


@pytest.fixture(scope="module")
def runs(real_store):
    from megaregion.analysis.blocks import block_model
    from megaregion.analysis.composite_centre import composite_structure
    from megaregion.analysis.hierarchy_network import hierarchy_to_network

    regions = real_store.df("regions")
    out = {}
    for group, kind in CASES:
        out[group] = {
            "network": hierarchy_to_network(real_store.group(group), kind, regions=regions, n_perm=9),
            "blocks": block_model(real_store, group, kind),
            "structure": composite_structure(real_store.group(group)),
        }
    return out


@pytest.mark.parametrize("group", [g for g, _k in CASES])
def test_adjacency_draws_every_link_of_the_last_period(runs, group):
    res = runs[group]["network"]
    period = res.tables["networks"]["period"].iloc[-1]
    nodes = res.tables["nodes"][res.tables["nodes"]["period"] == period]
    links = res.tables["links"][res.tables["links"]["period"] == period]
    links = links[links["origin"] != links["destination"]]
    M = fnet.adjacency_matrix_drawn(res)
    assert M.shape == (len(nodes), len(nodes))
    assert set(M.index) == set(nodes["region_id"])
    assert int(np.isfinite(M.to_numpy()).sum()) == len(links)  # directed kinds: one cell per link
    positions = nodes.set_index("region_id").loc[M.index, "cp_position"].tolist()
    order = [fnet.POSITION_ORDER.index(p) for p in positions]
    assert order == sorted(order)  # core first, periphery last
    # blocks: the same cities' ties, by block
    b = runs[group]["blocks"]
    Mb = fnet.adjacency_matrix_drawn(b)
    assert Mb.index.tolist() == b.tables["membership"].sort_values(
        ["block", "strength"], ascending=[True, False], kind="mergesort")["region_id"].tolist()
    k = len(b.tables["blocks"])
    (im,) = fblocks.block_image(b, "en").static().axes[0].get_images()
    assert im.get_array().shape == (k, k)


@pytest.mark.parametrize("group", [g for g, _k in CASES])
def test_relocation_bars_and_core_on_real_data(runs, group):
    res = runs[group]["structure"]
    fig = fstruct.relocation(res, "en")
    sector = fstruct._families(res)[1]
    part = res.tables["relocation"]
    part = part[(part["sector"] == sector) & part["change_pp"].notna()]
    ax = fig.static().axes[0]
    bars = ax.patches[:len(part)]
    assert len([p for p in ax.patches if p.get_height() == pytest.approx(0.75)]) == len(part)
    assert sorted(b.get_width() for b in bars) == pytest.approx(sorted(part["change_pp"]))
    reds = [b for b in bars if to_hex(b.get_facecolor()) == CORE_COLOURS["core"]]
    assert len(reds) == int(part["core"].sum()) >= 1


@pytest.mark.parametrize("group", [g for g, _k in CASES])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_draws_in_both_languages(runs, group, lang, real_store, data_dir):
    from megaregion.figures.base import FigureContext

    ctx = FigureContext(data_dir=data_dir, regions=real_store.df("regions"), group=real_store.group(group))
    for command in ("network", "blocks", "structure"):
        # the charts of this part; the maps of the same commands are checked by test_figures_maps
        # and the figure audit (tests/test_figures_all.py)
        figs = [f for f in figures_for(command, runs[group][command], lang, ctx) if f.name not in MAPS]
        names = [f.name for f in figs]
        assert {"adjacency_heatmap"} <= set(names) if command != "structure" else len(names) == 4
        for fig in figs:
            mpl = fig.static()
            assert mpl.findobj()  # something drawn
            html = fig.html()
            assert "plotly" in html.lower()
            if lang == "zh":
                untranslated = _no_chinese_name(runs[group][command])
                for texts in (static_texts(mpl), plotly_texts(fig.interactive()), [fig.title, fig.caption]):
                    assert [w for w in latin_words(texts) if w not in untranslated] == [], (command, fig.name)


MAPS = {"network_map", "core_periphery_map"}


def _no_chinese_name(res) -> set[str]:
    """Words of the names of cities without a Chinese name (US metros mostly; some tables fill
    ``name_zh`` with the English name): a Chinese figure shows them as they are."""
    words = set()
    for table in res.tables.values():
        if {"name", "name_zh"} <= set(table.columns):
            zh = table["name_zh"]
            bare = table[zh.isna() | (zh.astype(str) == "") | (zh.astype(str) == table["name"].astype(str))]
            words |= set(latin_words(bare["name"].dropna().astype(str)))
            words |= {part for w in list(words) for part in w.split("-")}  # a tile shows the first city
    return words
