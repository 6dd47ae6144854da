"""Round-trip tests of megaregion.io.graph_formats (GEXF, GraphML, Pajek, UCINET DL, GeoJSON)."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from megaregion.errors import DataError
from megaregion.io.graph_formats import (
    read_geojson,
    read_gexf,
    read_graphml,
    read_pajek,
    read_ucinet_dl,
    write_geojson,
    write_gexf,
    write_graphml,
    write_pajek,
    write_ucinet_dl,
)

NODES = pd.DataFrame(
    {
        "id": ["310000", "320100", "330100", "340100", "320500"],
        "name": ["Shanghai", "Nanjing", "Hangzhou", "Hefei", "Suzhou"],
        "name_zh": ["上海", "南京", "杭州", "合肥", "苏州"],
        "tier": [1, 2, 2, 3, 2],
        "coreness": [0.9, 0.55, 0.6, 0.25, 0.7],
        "community": [0, 0, 1, 1, 0],
        "lat": [31.2304, 32.0603, 30.2741, 31.8206, 31.2990],
        "lon": [121.4737, 118.7969, 120.1551, 117.2272, 120.5853],
    }
)
EDGES = pd.DataFrame(
    {
        "source": ["310000", "310000", "320100", "330100", "310000"],
        "target": ["320100", "330100", "340100", "340100", "320500"],
        "weight": [5.5, 4.0, 2.0, 1.5, 7.25],
    }
)
ATTRS = ["id", "name", "name_zh", "tier", "coreness", "community", "lat", "lon"]

WRITERS = {
    "gexf": (write_gexf, read_gexf),
    "graphml": (write_graphml, read_graphml),
    "net": (write_pajek, read_pajek),
    "dl": (write_ucinet_dl, read_ucinet_dl),
}


def _canon_nodes(df):
    return df[ATTRS].sort_values("id").reset_index(drop=True)


def _canon_edges(df, directed):
    e = df[["source", "target", "weight"]].copy()
    if not directed:
        swap = e["source"] > e["target"]
        e.loc[swap, ["source", "target"]] = e.loc[swap, ["target", "source"]].to_numpy()
    e["weight"] = e["weight"].astype(float)
    return e.sort_values(["source", "target"]).reset_index(drop=True)


@pytest.mark.parametrize("ext", list(WRITERS))
@pytest.mark.parametrize("directed", [False, True])
def test_round_trip(tmp_path, ext, directed):
    write, read = WRITERS[ext]
    path = write(tmp_path / f"g.{ext}", NODES, EDGES, directed=directed)
    nodes, edges = read(path)
    pd.testing.assert_frame_equal(_canon_nodes(nodes), _canon_nodes(NODES), check_dtype=False)
    assert nodes["name_zh"].tolist() == NODES["name_zh"].tolist()  # UTF-8 Chinese names survive
    assert pd.api.types.is_integer_dtype(nodes["tier"]) and pd.api.types.is_integer_dtype(nodes["community"])
    pd.testing.assert_frame_equal(_canon_edges(edges, directed), _canon_edges(EDGES, directed))
    assert edges.attrs["directed"] is directed


def test_ucinet_fullmatrix_and_isolate(tmp_path):
    nodes = pd.concat([NODES, pd.DataFrame({"id": ["999999"], "name": ["Isolate"], "name_zh": ["孤岛"], "tier": [4],
                                            "coreness": [0.0], "community": [2], "lat": [30.0], "lon": [119.0]})])
    for fmt in ("edgelist1", "fullmatrix"):
        path = write_ucinet_dl(tmp_path / f"{fmt}.dl", nodes, EDGES, format=fmt)
        back, edges = read_ucinet_dl(path)
        assert back["id"].tolist() == nodes["id"].tolist()
        assert back.loc[back["id"] == "999999", "name_zh"].item() == "孤岛"
        pd.testing.assert_frame_equal(_canon_edges(edges, False), _canon_edges(EDGES, False))
    text = (tmp_path / "fullmatrix.dl").read_text(encoding="utf-8")
    assert text.startswith("dl n=6 format=fullmatrix")
    # without companions: labels and weights only
    (tmp_path / "fullmatrix_attributes.dl").unlink()
    (tmp_path / "fullmatrix_labels.csv").unlink()
    back, _ = read_ucinet_dl(tmp_path / "fullmatrix.dl")
    assert list(back.columns) == ["id"]


def test_read_plain_ucinet_and_pajek(tmp_path):
    dl = tmp_path / "plain.dl"
    dl.write_text("DL N=3\nFORMAT = FULLMATRIX\nDATA:\n0 1 0\n1 0 2\n0 2 0\n", encoding="utf-8")
    nodes, edges = read_ucinet_dl(dl)
    assert nodes["id"].tolist() == ["1", "2", "3"] and edges["weight"].tolist() == [1.0, 2.0]
    assert edges.attrs["directed"] is False
    el = tmp_path / "el.dl"
    el.write_text("dl n=3 format=edgelist1\ndata:\n1 2 3\n3 1\n", encoding="utf-8")
    nodes, edges = read_ucinet_dl(el)
    assert edges.attrs["directed"] is True and len(edges) == 2
    net = tmp_path / "plain.net"
    net.write_text('*Network demo\n*Vertices 3\n1 "A city" 0.1 0.2 0.5\n2 B\n3 "C"\n*Arcs\n1 2 2.5\n*Edges\n2 3\n', encoding="utf-8")
    nodes, edges = read_pajek(net)
    assert nodes["name"].tolist() == ["A city", "B", "C"]
    assert edges.attrs["directed"] is True and len(edges) == 3  # *Edges listed both ways
    lst = tmp_path / "list.net"
    lst.write_text("*Vertices 3\n*Arcslist\n1 2 3\n", encoding="utf-8")
    _, edges = read_pajek(lst)
    assert edges["target"].tolist() == ["2", "3"]


def test_gexf_parses_with_networkx(tmp_path):
    path = write_gexf(tmp_path / "g.gexf", NODES, EDGES)
    G = nx.read_gexf(path)
    assert G.number_of_nodes() == 5 and G.number_of_edges() == 5
    assert G.nodes["310000"]["label"] == "Shanghai"  # Gephi shows the name
    assert G.nodes["310000"]["name_zh"] == "上海"
    assert G.edges["310000", "320500"]["weight"] == 7.25
    H = nx.read_graphml(write_graphml(tmp_path / "g.graphml", NODES, EDGES))
    assert H.nodes["330100"]["tier"] == 2


def test_geojson(tmp_path):
    path = write_geojson(tmp_path / "net.geojson", NODES, EDGES)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert "上海" in path.read_text(encoding="utf-8")  # not \u-escaped
    assert doc["type"] == "FeatureCollection"
    points = [f for f in doc["features"] if f["geometry"]["type"] == "Point"]
    lines = [f for f in doc["features"] if f["geometry"]["type"] == "LineString"]
    assert len(points) == 5 and len(lines) == 5
    sh = next(f for f in points if f["properties"]["id"] == "310000")
    assert sh["geometry"]["coordinates"] == [121.4737, 31.2304]  # [lon, lat]
    assert sh["properties"]["name_zh"] == "上海" and sh["properties"]["tier"] == 1
    link = next(f for f in lines if f["properties"]["target"] == "320500")
    assert link["geometry"]["coordinates"] == [[121.4737, 31.2304], [120.5853, 31.2990]]
    assert link["properties"]["weight"] == 7.25
    assert link["properties"]["source_name_zh"] == "上海" and link["properties"]["target_tier"] == 2
    for f in doc["features"]:
        coords = np.asarray(f["geometry"]["coordinates"], dtype=float).reshape(-1, 2)
        assert np.all(np.abs(coords[:, 0]) <= 180) and np.all(np.abs(coords[:, 1]) <= 90)
    nodes, edges = read_geojson(path)
    pd.testing.assert_frame_equal(_canon_nodes(nodes), _canon_nodes(NODES), check_dtype=False)
    pd.testing.assert_frame_equal(_canon_edges(edges, True), _canon_edges(EDGES, True))
    bad = NODES.copy()
    bad.loc[2, "lat"] = np.nan
    with pytest.raises(ValueError, match="330100"):
        write_geojson(tmp_path / "bad.geojson", bad, EDGES)


@pytest.mark.parametrize(
    "reader,name,content,line",
    [
        (read_pajek, "bad.net", "*Vertices 2\n1 \"a\"\n2 \"b\"\n*Edges\n1 x\n", 5),
        (read_pajek, "bad2.net", "*Vertices 2\n*Matrix\n", 2),
        (read_pajek, "bad3.net", "*Vertices two\n", 1),
        (read_ucinet_dl, "bad.dl", "dl n=2 format=fullmatrix\ndata:\n0 1\n1 oops\n", 4),
        (read_ucinet_dl, "bad2.dl", "hello\n", 1),
        (read_ucinet_dl, "bad3.dl", "dl n=2 format=edgelist1\ndata:\n1 7\n", 3),
        (read_gexf, "bad.gexf", "<?xml version='1.0'?>\n<gexf>\n<graph>\n</gexf>\n", 4),
        (read_graphml, "bad.graphml", "<?xml version='1.0'?>\n<graphml>\n<graph\n", 3),
        (read_geojson, "bad.geojson", '{"type": "FeatureCollection",\n "features": [,]}', 2),
    ],
)
def test_unparseable_files_raise_data_error(tmp_path, reader, name, content, line):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as info:
        reader(path)
    assert info.value.file == path
    assert name in info.value.message
    assert info.value.row == line


def test_writer_validation(tmp_path):
    with pytest.raises(ValueError, match="not in the node table"):
        write_gexf(tmp_path / "x.gexf", NODES, pd.DataFrame({"source": ["310000"], "target": ["nope"]}))
    with pytest.raises(ValueError, match="'id'"):
        write_pajek(tmp_path / "x.net", NODES.drop(columns="id"), EDGES)
    with pytest.raises(ValueError, match="format"):
        write_ucinet_dl(tmp_path / "x.dl", NODES, EDGES, format="nodelist1")
