"""Maps: what they draw, counted against the tables they read.

Unit tests use hand-made ``Results`` and a tiny data folder (square cities in WKT, square
counties and states in TopoJSON) written into ``tmp_path``; one real-data test draws the
network maps of cn-yrd-2016 (baidu) and us-boswash (tech_transfer) in both languages.
"""

from __future__ import annotations

import gzip
import json
import math

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from megaregion.analysis.results import Results
from megaregion.errors import DataError, MegaregionError
from megaregion.figures import geo, maps
from megaregion.figures.base import LISA_COLOURS, TIER_COLOURS, FigureContext
from megaregion.figures.registry import figures_for

from figure_checks import assert_offline, latin_words, plotly_texts, static_texts

NOTICE = "公开出版的地图须使用国家标准地图"


# -- a tiny data folder -------------------------------------------------------------------------
def _square(x, y, d=1.0):
    return [(x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y)]


CN = {"310000": (121.0, 31.0), "320100": (118.0, 32.0), "320500": (120.0, 31.0),
      "330100": (119.0, 30.0), "340100": (117.0, 31.0)}  # 340100: a member without coordinates


def _write_cn(folder):
    (folder / "cn").mkdir(parents=True, exist_ok=True)
    with gzip.open(folder / "cn" / "city_boundaries_wkt.csv.gz", "wt", encoding="utf-8") as fh:
        fh.write("city_code,census_city_code,city_name_zh,geometry_wkt\n")
        for code, (x, y) in list(CN.items()) + [("320200", (119.0, 31.0))]:  # 320200: a neighbour
            ring = ", ".join(f"{a} {b}" for a, b in _square(x, y))
            fh.write(f'{code},{code},c,"POLYGON (({ring}))"\n')


def _topology(obj: str, features: dict, extra: dict | None = None) -> dict:
    """An unquantized TopoJSON: one closed arc per square feature."""
    arcs, geoms = [], []
    for fid, (x, y) in features.items():
        arcs.append([list(p) for p in _square(x, y)])
        geoms.append({"type": "Polygon", "id": fid, "arcs": [[len(arcs) - 1]], "properties": {"name": f"n{fid}"}})
    objects = {obj: {"type": "GeometryCollection", "geometries": geoms}}
    for name, feats in (extra or {}).items():
        g2 = []
        for fid, (x, y) in feats.items():
            arcs.append([list(p) for p in _square(x, y, 4.0)])
            g2.append({"type": "Polygon", "id": fid, "arcs": [[len(arcs) - 1]], "properties": {"name": f"s{fid}"}})
        objects[name] = {"type": "GeometryCollection", "geometries": g2}
    return {"type": "Topology", "objects": objects, "arcs": arcs}


COUNTIES = {"36061": (-74.0, 40.0), "36047": (-73.0, 40.0), "25025": (-71.0, 42.0)}
STATES = {"36": (-76.0, 39.0), "25": (-72.0, 41.0), "42": (-80.0, 39.0)}


def _write_us(folder):
    (folder / "us" / "boundaries").mkdir(parents=True, exist_ok=True)
    (folder / "us" / "boundaries" / "counties-10m.json").write_text(json.dumps(_topology("counties", COUNTIES)))
    (folder / "us" / "boundaries" / "states-10m.json").write_text(
        json.dumps(_topology("states", {k: v for k, v in STATES.items()})))


@pytest.fixture
def folder(tmp_path):
    _write_cn(tmp_path)
    _write_us(tmp_path)
    return tmp_path


def _cn_network(with_coords=True) -> Results:
    ids = list(CN)
    lat = [CN[i][1] + 0.5 for i in ids]
    lon = [CN[i][0] + 0.5 for i in ids]
    lat[-1] = lon[-1] = np.nan  # 340100 has no coordinates
    nodes = pd.DataFrame({"period": "2020", "region_id": [f"cn:{i}" for i in ids],
                          "name": ["Shanghai", "Nanjing", "Suzhou", "Hangzhou", "Hefei"],
                          "name_zh": ["上海市", "南京市", "苏州市", "杭州市", "合肥市"],
                          "strength": [10.0, 6.0, 5.0, 2.0, 1.0],
                          "tier": ["main", "central", "central", "basic", "basic"],
                          "cp_position": ["core", "core", "semi-core", "periphery", "periphery"]})
    if with_coords:
        nodes["lat"], nodes["lon"] = lat, lon
    old = nodes.assign(period="2019")
    o = ["cn:310000", "cn:310000", "cn:320500", "cn:320100", "cn:330100", "cn:310000", "cn:320500"]
    d = ["cn:320500", "cn:320100", "cn:310000", "cn:330100", "cn:310000", "cn:340100", "cn:330100"]
    w = [9.0, 5.0, 4.0, 3.0, 2.0, 8.0, 0.0]  # the link to 340100 cannot be drawn; weight 0 is no link
    links = pd.DataFrame({"period": "2020", "origin": o, "destination": d, "weight": w})
    links = pd.concat([links.assign(period="2019"), links], ignore_index=True)
    networks = pd.DataFrame({"period": ["2019", "2020"], "directed": True})
    return Results("Hierarchy or network: test", "等级结构还是网络结构：测试",
                   {"networks": networks, "nodes": pd.concat([old, nodes], ignore_index=True), "links": links},
                   "networks")


def _gid(fig, gid):
    found = [c for c in fig.axes[0].get_children() if getattr(c, "get_gid", lambda: None)() == gid]
    assert len(found) <= 1, gid
    return found[0] if found else None


def _segments(traces) -> int:
    return sum(sum(1 for v in t.x if v is None) for t in traces)


def _meta(fig, meta):
    return [t for t in fig.data if t.meta == meta]


# -- network map --------------------------------------------------------------------------------
def test_network_map_draws_each_placed_node_in_its_tier_colour_and_the_strongest_links(folder):
    ctx = FigureContext(data_dir=folder)
    fig = maps.network_map(_cn_network(), "en", ctx, top=3)
    mpl = fig.static()
    nodes = _gid(mpl, "nodes")
    offsets = nodes.get_offsets()
    assert len(offsets) == 4  # 5 nodes, one without coordinates
    colour_at = {(round(x, 3), round(y, 3)): to_hex(c) for (x, y), c in zip(offsets, nodes.get_facecolors())}
    expect = {"310000": "main", "320100": "central", "320500": "central", "330100": "basic"}
    for code, tier in expect.items():
        x, y = CN[code]
        assert colour_at[(x + 0.5, y + 0.5)] == TIER_COLOURS[tier]
    # core nodes carry the black ring, periphery none
    edge_at = {(round(x, 3), round(y, 3)): w for (x, y), w in zip(offsets, nodes.get_linewidths())}
    assert edge_at[(121.5, 31.5)] == maps.CP_EDGE["core"][1]
    assert edge_at[(119.5, 30.5)] < maps.CP_EDGE["semi-core"][1]
    links = _gid(mpl, "links")
    segs = links.get_segments()
    assert len(segs) == 3  # the strongest 3 drawable links of the last period
    widths = list(links.get_linewidths())
    assert widths == sorted(widths, reverse=True)  # drawn strongest first: width grows with weight
    assert [tuple(map(tuple, s)) for s in segs][0] == ((121.5, 31.5), (120.5, 31.5))  # Shanghai -> Suzhou, 9
    members = _gid(mpl, "members")
    assert len(members.get_paths()) == 5  # every member's polygon, placed or not
    assert "strongest 3 of 6 links" in fig.caption
    assert "Hefei" in fig.caption and "1 links touch a city without coordinates" in fig.caption
    assert "leiii/census" in fig.caption
    # the interactive map draws the same points and lines, as plain x/y traces
    p = fig.interactive()
    assert {t.type for t in p.data} == {"scatter"}
    assert sum(len(t.x) for t in _meta(p, "nodes")) == 4
    assert _segments(_meta(p, "links")) == 3
    assert {t.marker.color for t in _meta(p, "nodes")} == {TIER_COLOURS["main"], TIER_COLOURS["central"],
                                                            TIER_COLOURS["basic"]}
    assert p.layout.yaxis.scaleanchor == "x"
    assert p.layout.yaxis.scaleratio == pytest.approx(1 / math.cos(math.radians(31.0)), rel=0.05)


def test_network_map_in_chinese_has_no_english_and_names_the_standard_map(folder, tmp_path):
    fig = maps.network_map(_cn_network(), "zh", FigureContext(data_dir=folder))
    mpl = fig.static()
    texts = static_texts(mpl)
    assert "上海市" in texts and "南京市" in texts
    assert latin_words(texts) == []
    assert latin_words(plotly_texts(fig.interactive())) == []
    assert NOTICE in fig.caption
    assert "合肥市" in fig.caption  # the node without coordinates, named
    assert latin_words([fig.caption]) == []
    out = fig.save(tmp_path / "m.html")
    assert_offline(out.read_text(encoding="utf-8"))


def test_network_map_without_coordinates_is_none_and_registry_order(folder):
    assert maps.network_map(_cn_network(with_coords=False), "en", FigureContext(data_dir=folder)) is None
    drawn = figures_for("network", _cn_network(), "en", FigureContext(data_dir=folder))
    assert [f.name for f in drawn] == ["network_map", "strength_ranking", "core_periphery_map", "adjacency_heatmap"]


class _Group:
    """Stands in for the store's group: its cities (one outside the network) and members."""

    members = pd.DataFrame({"region_id": ["cn:320200"], "name": ["Wuxi"], "name_zh": ["无锡市"], "level": "city"})

    def cities(self):
        return pd.DataFrame({"region_id": [f"cn:{c}" for c in CN] + ["cn:320200"]})


def test_core_periphery_map_colours_each_city_by_its_position(folder):
    from megaregion.figures.base import CORE_COLOURS

    fig = maps.core_periphery_map(_cn_network(), "zh", FigureContext(data_dir=folder, group=_Group()), top=3)
    mpl = fig.static()
    positions = _gid(mpl, "positions")
    expect = ["core", "core", "semi-core", "periphery", "periphery"]  # in the order of the nodes
    assert [to_hex(c) for c in positions.get_facecolors()] == [CORE_COLOURS[p] for p in expect]
    nodata = _gid(mpl, "no_data")  # Wuxi: a city of the group outside the network
    assert len(nodata.get_paths()) == 1 and to_hex(nodata.get_facecolors()[0]) == maps.NO_DATA
    assert len(_gid(mpl, "links").get_segments()) == 3
    texts = static_texts(mpl)
    assert "网络核心 (2)" in texts and latin_words(texts) == []
    p = fig.interactive()
    assert [t.fillcolor for t in _meta(p, "core")] == [CORE_COLOURS["core"]]
    assert _segments(_meta(p, "links")) == 3


def test_missing_boundaries_are_one_clear_error_naming_the_file(tmp_path, monkeypatch):
    with pytest.raises(DataError, match="city_boundaries_wkt.csv.gz"):
        maps.network_map(_cn_network(), "en", FigureContext(data_dir=tmp_path))
    monkeypatch.delenv("MEGAREGION_DATA", raising=False)
    with pytest.raises(MegaregionError, match="MEGAREGION_DATA|data folder"):
        maps.network_map(_cn_network(), "en", None)
    (tmp_path / "us" / "boundaries").mkdir(parents=True)
    with pytest.raises(DataError, match="states-10m.json"):
        geo.us_states(tmp_path)


# -- US metros as their counties ----------------------------------------------------------------
REGIONS = pd.DataFrame({
    "region_id": ["us:36061", "us:36047", "us:25025", "us:09110"],
    "level": "county",
    "metro_2023": ["us-cbsa:35620", "us-cbsa:35620", "us-cbsa:14460", "us-cbsa:25540"],
    "metro_2018": ["us-cbsa:35620", "us-cbsa:35620", "us-cbsa:14460", None],
    "lat": np.nan, "lon": np.nan})


def test_us_metro_is_drawn_as_its_counties_over_the_states(folder):
    layer = geo.region_layer(["us-cbsa:35620", "us-cbsa:14460", "us-cbsa:25540"], folder, regions=REGIONS)
    assert [rid for rid, _ in layer.shapes] == ["us-cbsa:35620", "us-cbsa:35620", "us-cbsa:14460"]
    assert layer.missing == ["us-cbsa:25540"]  # a planning region the 2017 boundaries lack
    assert layer.sources == ("us",)
    assert len(layer.outlines()) == 2  # New York's two counties merged into one outline
    with pytest.raises(MegaregionError, match="regions table"):
        geo.region_layer(["us-cbsa:35620"], folder)
    values = pd.DataFrame({"region_id": ["us-cbsa:35620", "us-cbsa:14460"], "name": ["New York", "Boston"],
                           "name_zh": ["纽约", "波士顿"], "v": [2.0, 1.0]})
    fig = maps.choropleth(values, "en", FigureContext(data_dir=folder, regions=REGIONS), "v", "t",
                          universe=["us-cbsa:25540"])
    mpl = fig.static()
    assert len(_gid(mpl, "values").get_paths()) == 3
    assert _gid(mpl, "states") is not None
    assert "US Census Bureau cartographic boundaries 2017" in fig.caption and "us-atlas 3.0.1" in fig.caption
    assert "1 regions without a value have no boundary polygon" in fig.caption


# -- choropleth ---------------------------------------------------------------------------------
def test_choropleth_greys_regions_without_a_value_never_as_zero(folder):
    values = pd.DataFrame({"region_id": ["cn:310000", "cn:320100", "cn:320500", "cn:330100"],
                           "name": ["Shanghai", "Nanjing", "Suzhou", "Hangzhou"],
                           "name_zh": ["上海市", "南京市", "苏州市", "杭州市"],
                           "x": [3.0, 1.0, 2.0, np.nan]})
    fig = maps.choropleth(values, "zh", FigureContext(data_dir=folder), "x", "测试指标",
                          universe=["cn:340100"], unit="元")
    mpl = fig.static()
    nodata = _gid(mpl, "no_data")
    assert len(nodata.get_paths()) == 2  # 330100 (NaN) and 340100 (no row)
    assert {to_hex(c) for c in nodata.get_facecolors()} == {maps.NO_DATA}
    vals = _gid(mpl, "values")
    ramp = maps._ramp(3)  # three distinct values: one class each, lowest lightest
    assert [to_hex(c) for c in vals.get_facecolors()] == [ramp[2], ramp[0], ramp[1]]
    assert maps.NO_DATA not in ramp
    assert latin_words(static_texts(mpl)) == []
    p = fig.interactive()
    (grey,) = _meta(p, "no_data")
    assert grey.fillcolor == maps.NO_DATA and grey.name.startswith("无数据")
    assert sum(1 for t in _meta(p, "values")) == 3
    assert NOTICE in fig.caption


def test_choropleth_quantile_classes():
    breaks, cls, exact = maps._classes(np.arange(10.0), 5)
    assert not exact and len(breaks) == 6
    assert np.bincount(cls).tolist() == [2, 2, 2, 2, 2]
    assert cls[0] == 0 and cls[-1] == 4


def test_indicator_map_takes_the_year_with_most_cities(folder):
    rows = pd.DataFrame({"region_id": ["cn:310000", "cn:320100", "cn:310000", "cn:320100", "cn:320500"],
                         "name": ["Shanghai", "Nanjing"] * 2 + ["Suzhou"], "name_zh": ["上海市", "南京市"] * 2 + ["苏州市"],
                         "year": [2018, 2018, 2019, 2019, 2019], "indicator": "gdp",
                         "value": [1.0, 2.0, 3.0, 4.0, np.nan], "unit": "cny_100m", "flag": None,
                         "source": "cn/city_panel", "role": "member"})
    res = Results("gdp: t", "gdp：测试", {"values": rows}, "values")
    fig = maps.indicator_map(res, "en", FigureContext(data_dir=folder))
    assert fig.title == "gdp, 2019"
    mpl = fig.static()
    assert len(_gid(mpl, "values").get_paths()) == 2
    assert len(_gid(mpl, "no_data").get_paths()) == 1  # Suzhou's NaN
    assert maps.indicator_map(Results("a", "a", {"available": rows}, "available"), "en", None) is None


def test_indicator_map_in_chinese_names_indicator_unit_and_dataset(folder):
    rows = pd.DataFrame({"region_id": ["cn:310000", "cn:320100"], "name": ["Shanghai", "Nanjing"],
                         "name_zh": ["上海市", "南京市"], "year": 2019, "indicator": "patents", "value": [1.0, 2.0],
                         "unit": "count", "flag": None, "source": "cn/city_panel", "role": "member"})
    fig = maps.indicator_map(Results("patents: t", "patents：测试", {"values": rows}, "values"), "zh",
                             FigureContext(data_dir=folder))
    assert fig.title == "专利数（2019年）" and "中国城市面板数据" in fig.caption
    texts = static_texts(fig.static())
    assert "个数" in " ".join(texts)
    assert latin_words(texts + [fig.title, fig.caption]) == []
    assert latin_words(plotly_texts(fig.interactive())) == []


def test_innovation_map_reads_the_index(folder):
    cities = pd.DataFrame({"region_id": ["cn:310000", "cn:320100"], "name": ["Shanghai", "Nanjing"],
                           "name_zh": ["上海市", "南京市"], "innovation_index": [1.0, np.nan]})
    res = Results("Innovation", "创新", {"cities": cities, "summary": pd.DataFrame({"innovation_year": [2017]})},
                  "summary")
    fig = maps.innovation_map(res, "zh", FigureContext(data_dir=folder))
    assert fig.title == "创新指数（2017）"
    mpl = fig.static()
    assert len(_gid(mpl, "values").get_paths()) == 1 and len(_gid(mpl, "no_data").get_paths()) == 1


# -- LISA ---------------------------------------------------------------------------------------
def _spatial() -> Results:
    local = pd.DataFrame({"region_id": ["cn:310000", "cn:320500", "cn:320100", "cn:330100"],
                          "name": ["Shanghai", "Suzhou", "Nanjing", "Hangzhou"],
                          "name_zh": ["上海市", "苏州市", "南京市", "杭州市"],
                          "value": [5.0, 4.0, 1.0, 2.0], "cluster": ["HH", "HH", "LL", "ns"]})
    left = pd.DataFrame({"region_id": ["cn:340100"], "name": ["Hefei"], "name_zh": ["合肥市"],
                         "reason": ["no value"], "reason_zh": ["无数值"]})
    glob = pd.DataFrame({"indicator": ["gdp_per_capita"], "indicator_label": ["GDP per capita"],
                         "indicator_label_zh": ["人均GDP"], "unit_label": ["yuan per person"],
                         "unit_label_zh": ["元/人"], "year": [2019], "weights": ["queen"],
                         "weights_zh": ["皇后邻接"], "n": [4], "moran_i": [0.41], "moran_p_sim": [0.02],
                         "n_perm": [99], "alpha": [0.05]})
    return Results("Spatial patterns: t", "空间格局：测试", {"global": glob, "local": local, "left_out": left}, "global")


def test_lisa_map_colours_each_unit_by_its_cluster_with_counts(folder):
    fig = maps.lisa_map(_spatial(), "zh", FigureContext(data_dir=folder))
    mpl = fig.static()
    clusters = _gid(mpl, "clusters")
    assert [to_hex(c) for c in clusters.get_facecolors()] == [LISA_COLOURS[c] for c in ["HH", "HH", "LL", "ns"]]
    nodata = _gid(mpl, "no_data")
    assert len(nodata.get_paths()) == 1 and to_hex(nodata.get_facecolors()[0]) == maps.NO_DATA
    texts = static_texts(mpl)
    assert any(t.startswith("热点 HH") and t.endswith("(2)") for t in texts)
    assert any(t.startswith("冷点 LL") and t.endswith("(1)") for t in texts)
    assert latin_words(texts) == [] and latin_words(plotly_texts(fig.interactive())) == []
    assert "0.41" in fig.caption and NOTICE in fig.caption
    p = fig.interactive()
    for code in ("HH", "LL", "ns"):
        (t,) = _meta(p, code)
        assert t.fillcolor == LISA_COLOURS[code]
    vmap = maps.spatial_values_map(_spatial(), "en", FigureContext(data_dir=folder))
    vm = vmap.static()
    assert len(_gid(vm, "values").get_paths()) == 4 and len(_gid(vm, "no_data").get_paths()) == 1
    assert vmap.title == "GDP per capita, 2019"
    assert [f.name for f in figures_for("spatial", _spatial(), "en", FigureContext(data_dir=folder))] == \
        ["lisa_map", "spatial_values_map"]


# -- alliances ----------------------------------------------------------------------------------
def _alliances(observed=True) -> Results:
    ids = ["cn:310000", "cn:320100", "cn:320500", "cn:330100"]
    cities = pd.DataFrame({"region_id": ids, "name": ["Shanghai", "Nanjing", "Suzhou", "Hangzhou"],
                           "name_zh": ["上海市", "南京市", "苏州市", "杭州市"]})
    rec = pd.DataFrame({"rank": [1, 2], "city_a": ["cn:310000", "cn:320100"], "city_b": ["cn:320500", "cn:330100"],
                        "score": [0.9, 0.8], "action": ["build", "consolidate"]})
    pairs = pd.DataFrame({"city_a": ["cn:310000", "cn:310000", "cn:320100", "cn:320500"],
                          "city_b": ["cn:320500", "cn:320100", "cn:330100", "cn:330100"],
                          "observed_link": [5.0, 2.0, 0.0, 1.0] if observed else [np.nan] * 4})
    return Results("Alliance recommendations: t", "联盟建议：测试",
                   {"recommendations": rec, "cities": cities, "pairs": pairs}, "recommendations")


def test_alliance_map_draws_recommended_pairs_beside_observed_links(folder):
    regions = pd.DataFrame({"region_id": [f"cn:{c}" for c in CN], "lat": [y + 0.5 for _, y in CN.values()],
                            "lon": [x + 0.5 for x, _ in CN.values()], "level": "city"})
    ctx = FigureContext(data_dir=folder, regions=regions)
    fig = maps.alliance_map(_alliances(), "zh", ctx)
    mpl = fig.static()
    rec = _gid(mpl, "recommended")
    assert len(rec.get_segments()) == 2
    assert [to_hex(c) for c in rec.get_colors()] == [to_hex(maps.ACTION_COLOURS[a]) for a in ("build", "consolidate")]
    assert len(_gid(mpl, "observed_links").get_segments()) == 3  # observed_link > 0
    assert len(_gid(mpl, "city_points").get_offsets()) == 4
    assert latin_words(static_texts(mpl)) == [] and latin_words(plotly_texts(fig.interactive())) == []
    p = fig.interactive()
    assert _segments(_meta(p, "recommended")) == 2 and _segments(_meta(p, "observed_links")) == 3
    none = maps.alliance_map(_alliances(observed=False), "en", ctx)
    assert "no observed links" in none.caption
    assert _gid(none.static(), "observed_links") is None
    with pytest.raises(MegaregionError, match="coordinates"):
        maps.alliance_map(_alliances(), "en", FigureContext(data_dir=folder))


# -- world countries ----------------------------------------------------------------------------
def test_world_countries_keep_features_without_a_code(tmp_path):
    topo = _topology("countries", {"156": (100.0, 30.0), "840": (-100.0, 40.0)})
    topo["objects"]["countries"]["geometries"].append(
        {"type": "Polygon", "arcs": [[0]], "properties": {"name": "Somaliland"}})
    (tmp_path / "world").mkdir()
    (tmp_path / "world" / "countries-110m.json").write_text(json.dumps(topo))
    countries = geo.world_countries(tmp_path)
    assert set(countries) == {"world-country:156", "world-country:840", "world-country:name:Somaliland"}
    assert geo.SOURCES["world"].en.startswith("Boundaries: Natural Earth")


# -- real data ----------------------------------------------------------------------------------
@pytest.mark.parametrize("group, kind", [("cn-yrd-2016", "baidu"), ("us-boswash", "tech_transfer")])
def test_real_network_maps(real_store, data_dir, group, kind):
    from megaregion.analysis.hierarchy_network import hierarchy_to_network

    regions = real_store.df("regions")
    mr = real_store.group(group)
    res = hierarchy_to_network(mr, kind, regions=regions, n_perm=9)
    ctx = FigureContext(data_dir=data_dir, regions=regions, group=mr)
    nodes = res.tables["nodes"]
    last = nodes[nodes["period"] == res.tables["networks"]["period"].iloc[-1]]
    placed = last.dropna(subset=["lat", "lon"])
    for lang in ("en", "zh"):
        fig = maps.network_map(res, lang, ctx)
        mpl = fig.static()
        ax = mpl.axes[0]
        assert len(_gid(mpl, "nodes").get_offsets()) == len(placed)
        n_links = int((res.tables["links"]["period"] == last["period"].iloc[0]).sum())
        assert len(_gid(mpl, "links").get_segments()) == min(maps.TOP_LINKS, n_links)
        cities = mr.cities()["region_id"].tolist()
        layer = geo.region_layer(list(dict.fromkeys(last["region_id"].tolist() + cities)), data_dir,
                                 group=mr, regions=regions)
        assert len(_gid(mpl, "members").get_paths()) == len(layer.shapes)
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        if group == "cn-yrd-2016":
            assert len(layer.shapes) == len(last) == 26 and layer.missing == []
            assert x0 < 121.47 < x1 and y0 < 31.23 < y1  # Shanghai inside the frame
            assert 114 < x0 and x1 < 125 and 26 < y0 and y1 < 36
            if lang == "zh":
                assert "上海市" in static_texts(mpl) and NOTICE in fig.caption
                assert latin_words(static_texts(mpl)) == []
        else:
            # Connecticut's 2023 metros are drawn from their 2018 counties, except the two whose
            # codes are new in 2023 (no county of the 2017 boundaries carries them): named
            assert set(last["region_id"]) <= {rid for rid, _ in layer.shapes}  # every node's metro
            assert set(layer.missing) <= {"us-cbsa:39480", "us-cbsa:47930"}
            if layer.missing and lang == "en":
                assert "No boundary polygon for: Putnam" in fig.caption or "No boundary polygon for: Waterbury" in fig.caption
            assert x0 < -74.0 < x1 and y0 < 40.7 < y1  # New York inside the frame
            assert -80 < x0 and x1 < -66 and 36 < y0 and y1 < 47
            assert "us-atlas 3.0.1" in fig.caption
        assert fig.interactive() is not None
