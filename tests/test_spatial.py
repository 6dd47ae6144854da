"""Spatial weights, Moran's I, Geary's C and LISA (metrics.spatial) and the boundary readers
(io.geometry), on constructed cases: hand-made topologies and grids whose answer is known.

The statistics are PySAL's; these tests check that the wrappers hand esda the right weights and
values (results equal esda called directly with the same weights and seed), that constructed
patterns come out with the right sign, and that islands and ties are handled as documented.
"""

from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import MultiPolygon, Polygon, box

from megaregion.errors import DataError
from megaregion.io.geometry import _cn, decode_topojson
from megaregion.metrics.spatial import (_finish, global_geary, global_moran, knn_weights, local_moran,
                                        parse_weights, pseudo_p, queen_weights)


# -- TopoJSON decoding -----------------------------------------------------------------------------
def _tiny_topology():
    """Two unit squares side by side sharing the arc x = 1 (quantized, delta-encoded), the
    right one with a square hole, and a third feature whose only ring collapsed to 3 points.

    Quantized grid: scale 0.5, translate (10, 20), so quantized (q, r) -> (10 + q/2, 20 + r/2).
    Left square: x 10..11, y 20..21 -> q 0..2, r 0..2.
    """
    # absolute quantized positions of each arc, then delta-encoded as TopoJSON stores them
    absolute = [
        [(2, 0), (2, 2)],                      # 0: shared edge x = 11, bottom to top
        [(2, 2), (0, 2), (0, 0), (2, 0)],      # 1: rest of the left square
        [(2, 0), (4, 0), (4, 2), (2, 2)],      # 2: rest of the right square
        [(3, 1), (3, 1), (3, 1), (3, 1)],      # 3: a hole collapsed to a point (4 equal positions)
        [(6, 0), (7, 0), (6, 0)],              # 4: a degenerate ring (3 positions)
    ]
    arcs = []
    for a in absolute:
        delta = [list(a[0])] + [[a[i][0] - a[i - 1][0], a[i][1] - a[i - 1][1]] for i in range(1, len(a))]
        arcs.append(delta)
    return {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [10.0, 20.0]},
        "arcs": arcs,
        "objects": {"units": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "id": "L", "arcs": [[0, 1]]},
            {"type": "Polygon", "id": "R", "arcs": [[2, ~0]]},
            {"type": "MultiPolygon", "id": "D", "arcs": [[[4]]]},
            {"type": None, "id": "N"},
        ]}},
    }


def test_topojson_decoder_on_a_hand_made_topology():
    geoms = decode_topojson(_tiny_topology(), "units")
    assert set(geoms) == {"L", "R"}  # D collapsed to 3 positions (no area), N has no geometry
    left, right = geoms["L"], geoms["R"]
    assert left.bounds == (10.0, 20.0, 11.0, 21.0)
    assert right.bounds == (11.0, 20.0, 12.0, 21.0)
    assert left.area == pytest.approx(1.0) and right.area == pytest.approx(1.0)
    assert left.is_valid and right.is_valid
    # the reversed shared arc (~0) closes the right square along x = 11: the two share an edge
    assert left.intersection(right).length == pytest.approx(1.0)
    sw = queen_weights(geoms)
    assert sw.w.neighbors == {"L": ["R"], "R": ["L"]}


def test_topojson_without_transform_reads_absolute_positions():
    topo = {"type": "Topology", "arcs": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
            "objects": {"a": {"type": "GeometryCollection",
                              "geometries": [{"type": "Polygon", "id": 7, "arcs": [[0]]}]}}}
    g = decode_topojson(topo, "a")["7"]
    assert g.area == pytest.approx(1.0)


def test_topojson_rejects_other_geometry_types():
    topo = _tiny_topology()
    topo["objects"]["units"]["geometries"].append({"type": "LineString", "id": "X", "arcs": [0]})
    with pytest.raises(ValueError, match="LineString"):
        decode_topojson(topo, "units")


# -- reading the Chinese WKT file -------------------------------------------------------------------
def _write_wkt(path, rows):
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("city_code,census_city_code,city_name_zh,geometry_wkt\n")
        for r in rows:
            fh.write(r + "\n")


def test_cn_reader_names_file_and_row_of_a_bad_geometry(tmp_path):
    path = tmp_path / "city_boundaries_wkt.csv.gz"
    _write_wkt(path, ['110000,110100,北京市,"POLYGON((0 0,1 0,1 1,0 1,0 0))"',
                      '120000,120100,天津市,"POLYGON((0 0,1 0,1"'])
    with pytest.raises(DataError) as exc:
        _cn(path)
    assert exc.value.row == 3 and exc.value.column == "geometry_wkt"
    assert "city_boundaries_wkt.csv.gz" in exc.value.message


def test_cn_reader_rejects_a_point_and_a_duplicate(tmp_path):
    path = tmp_path / "points.csv.gz"
    _write_wkt(path, ['110000,110100,北京市,"POINT(1 1)"'])
    with pytest.raises(DataError, match="not a polygon"):
        _cn(path)
    path = tmp_path / "dup.csv.gz"
    _write_wkt(path, ['110000,110100,北京市,"POLYGON((0 0,1 0,1 1,0 1,0 0))"'] * 2)
    with pytest.raises(DataError, match="twice") as exc:
        _cn(path)
    assert exc.value.row == 3


def test_cn_reader_missing_file(tmp_path):
    with pytest.raises(DataError, match="missing"):
        _cn(tmp_path / "nothing.csv.gz")


def test_cn_reader_keys_by_region_id(tmp_path):
    path = tmp_path / "ok.csv.gz"
    _write_wkt(path, ['310000,310100,上海市,"POLYGON((0 0,1 0,1 1,0 1,0 0))"',
                      '320500,320500,苏州市,"MULTIPOLYGON(((1 0,2 0,2 1,1 1,1 0)))"'])
    b = _cn(path)
    assert set(b.geometries) == {"cn:310000", "cn:320500"}
    assert queen_weights(b.geometries).w.neighbors["cn:310000"] == ["cn:320500"]


# -- weights ----------------------------------------------------------------------------------------
def _grid(nrow: int, ncol: int) -> dict:
    """Unit squares of a grid, id (row, col) -> box; neighbours share edges and corners."""
    return {(r, c): box(c, r, c + 1, r + 1) for r in range(nrow) for c in range(ncol)}


def test_queen_on_a_grid_counts_corners():
    sw = queen_weights(_grid(3, 3))
    assert len(sw.w.neighbors[(1, 1)]) == 8  # centre: 4 edges + 4 corners
    assert len(sw.w.neighbors[(0, 0)]) == 3
    assert sw.w.transform == "R"
    for i, row in sw.w.weights.items():
        assert sum(row) == pytest.approx(1.0)


def test_queen_equals_libpysal_on_the_same_polygons():
    from libpysal.weights import Queen

    geoms = _grid(4, 5)
    geoms[(9, 9)] = MultiPolygon([box(20, 20, 21, 21), box(4, 4, 5, 5)])  # touches (3, 4) at a corner
    ours = queen_weights(geoms)
    ref = Queen.from_iterable(list(geoms.values()), ids=list(geoms))
    assert {k: sorted(v) for k, v in ours.w.neighbors.items()} == {k: sorted(v) for k, v in ref.neighbors.items()}


def test_islands_are_reported_and_left_out():
    geoms = {"a": box(0, 0, 1, 1), "b": box(1, 0, 2, 1), "c": box(1, 1, 2, 2), "far": box(10, 10, 11, 11)}
    sw = queen_weights(geoms)
    assert sw.islands == ["far"]
    assert sw.ids == ["a", "b", "c"]
    assert sw.w.n == 3


def test_knn_uses_great_circle_distance_not_degrees():
    # at 60°N a degree of longitude is half a degree of latitude: B is nearer A than C on the
    # sphere (about 105 km against 111 km) though farther in raw degrees (1.9 against 1.0)
    pts = pd.DataFrame({"lon": [0.0, 1.9, 0.0, 30.0], "lat": [60.0, 60.0, 61.0, 60.0]}, index=list("ABCD"))
    sw = knn_weights(pts, k=1)
    assert sw.w.neighbors["A"] == ["B"]
    assert sw.kind == "knn:1" and sw.islands == []


def test_knn_nearest_city_to_shanghai_is_suzhou():
    # seats of Shanghai, Suzhou, Nanjing, Beijing (cn/cities.csv)
    pts = pd.DataFrame({"lon": [121.473667, 120.585294, 118.796877, 116.407394],
                        "lat": [31.230525, 31.299758, 32.060255, 39.904211]},
                       index=["上海", "苏州", "南京", "北京"])
    sw = knn_weights(pts, k=1)
    assert sw.w.neighbors["上海"] == ["苏州"]
    assert sw.w.neighbors["北京"] == ["南京"]


def test_knn_rejects_bad_k_and_points():
    pts = pd.DataFrame({"lon": [0.0, 1.0, 2.0], "lat": [0.0, 0.0, 0.0]})
    with pytest.raises(ValueError, match="k must be"):
        knn_weights(pts, k=3)
    with pytest.raises(ValueError, match="finite"):
        knn_weights(pd.DataFrame({"lon": [0.0, np.nan], "lat": [0.0, 1.0]}), k=1)


@pytest.mark.parametrize("spec, expected", [("queen", ("queen", None)), ("knn:5", ("knn", 5)),
                                            ("KNN:12", ("knn", 12)), (" queen ", ("queen", None))])
def test_parse_weights(spec, expected):
    assert parse_weights(spec) == expected


@pytest.mark.parametrize("spec", ["rook", "knn", "knn:0", "knn:-1", "knn:x", ""])
def test_parse_weights_rejects(spec):
    with pytest.raises(ValueError, match="queen or knn:K"):
        parse_weights(spec)


# -- statistics agree with esda called directly ----------------------------------------------------
def _random_case(n_side=6, seed=3):
    rng = np.random.default_rng(seed)
    geoms = _grid(n_side, n_side)
    y = pd.Series(rng.normal(size=len(geoms)), index=list(geoms))
    return geoms, y


def test_moran_geary_lisa_equal_esda_on_the_same_weights_and_seed():
    import libpysal
    from esda.geary import Geary
    from esda.moran import Moran, Moran_Local

    geoms, y = _random_case()
    sw = queen_weights(geoms)
    w = libpysal.weights.Queen.from_iterable(list(geoms.values()), ids=list(geoms))
    w.transform = "r"
    arr = y.loc[sw.ids].to_numpy()

    mi = global_moran(y, sw, n_perm=199, seed=11)
    np.random.seed(11)
    ref = Moran(arr, w, permutations=199)
    assert mi.I == pytest.approx(ref.I, abs=1e-12)
    assert mi.EI == pytest.approx(ref.EI)
    assert mi.z_norm == pytest.approx(ref.z_norm)
    assert mi.p_sim_esda == pytest.approx(ref.p_sim)
    assert mi.p_sim == pytest.approx(ref.p_sim)  # no ties in continuous data: the same p-value
    assert mi.z_sim == pytest.approx(ref.z_sim)

    gc = global_geary(y, sw, n_perm=199, seed=11)
    np.random.seed(11)
    gref = Geary(arr, w, permutations=199)
    assert gc.C == pytest.approx(gref.C, abs=1e-12)
    assert gc.p_sim == pytest.approx(gref.p_sim)

    lisa = local_moran(y, sw, n_perm=199, seed=11)
    lref = Moran_Local(arr, w, permutations=199, seed=11)
    np.testing.assert_allclose(lisa["Ii"].to_numpy(), lref.Is, atol=1e-12)
    np.testing.assert_allclose(lisa["p_sim"].to_numpy(), lref.p_sim, atol=1e-12)
    quads = pd.Series(lref.q).map({1: "HH", 2: "LH", 3: "LL", 4: "HL"}).to_numpy()
    assert (lisa["quadrant"].to_numpy() == quads).all()
    np.testing.assert_allclose(lisa["lag"].to_numpy(), libpysal.weights.lag_spatial(w, arr))


def test_the_same_seed_gives_the_same_p_values_and_leaves_numpy_alone():
    geoms, y = _random_case(seed=5)
    sw = queen_weights(geoms)
    np.random.seed(123)
    before = np.random.random()
    np.random.seed(123)
    a = global_moran(y, sw, n_perm=99, seed=1)
    after = np.random.random()
    b = global_moran(y, sw, n_perm=99, seed=1)
    assert a.p_sim == b.p_sim and (a.sim == b.sim).all()
    assert before == after  # the global generator is restored after the seeded call
    la, lb = local_moran(y, sw, n_perm=99, seed=4), local_moran(y, sw, n_perm=99, seed=4)
    pd.testing.assert_frame_equal(la, lb)


# -- constructed patterns ---------------------------------------------------------------------------
def test_checkerboard_is_negative_autocorrelation():
    import libpysal

    # rook contiguity on a 4 x 4 lattice: every neighbour has the other colour, I = -1 exactly
    sw = _finish(libpysal.weights.lat2W(4, 4), "rook")
    y = np.array([(r + c) % 2 for r in range(4) for c in range(4)], dtype=float)
    mi = global_moran(y, sw, n_perm=999, seed=0)
    assert mi.I == pytest.approx(-1.0)
    assert mi.p_sim <= 0.01
    assert global_geary(y, sw, n_perm=999, seed=0).C > 1


def test_alternating_strip_under_queen_is_negative():
    # a strip of squares: queen neighbours are left and right only; values alternate
    geoms = {i: box(i, 0, i + 1, 1) for i in range(12)}
    y = pd.Series([i % 2 for i in range(12)], index=list(geoms), dtype=float)
    sw = queen_weights(geoms)
    mi = global_moran(y, sw, n_perm=999, seed=0)
    assert mi.I == pytest.approx(-1.0)
    assert mi.p_sim <= 0.01
    gc = global_geary(y, sw, n_perm=999, seed=0)
    assert gc.C > 1 and gc.p_sim <= 0.01


def test_two_blocks_are_positive_autocorrelation_with_hot_and_cold_spots():
    geoms = _grid(6, 6)
    y = pd.Series([10.0 if c < 3 else 1.0 for (r, c) in geoms], index=list(geoms))
    y += pd.Series(np.random.default_rng(0).normal(scale=0.1, size=len(y)), index=y.index)
    sw = queen_weights(geoms)
    mi = global_moran(y, sw, n_perm=999, seed=0)
    assert mi.I > 0.5 and mi.p_sim == pytest.approx(1 / 1000)
    gc = global_geary(y, sw, n_perm=999, seed=0)
    assert gc.C < 0.5 and gc.p_sim == pytest.approx(1 / 1000)
    lisa = local_moran(y, sw, n_perm=999, seed=0)
    # cells deep inside each block (not on the boundary column) are significant HH / LL
    assert set(lisa.loc[[(r, 0) for r in range(1, 5)], "cluster"]) == {"HH"}
    assert set(lisa.loc[[(r, 5) for r in range(1, 5)], "cluster"]) == {"LL"}
    assert (lisa.loc[lisa["quadrant"] == "HH", "value"] > 5).all()


def test_constant_values_are_refused():
    sw = queen_weights(_grid(3, 3))
    with pytest.raises(ValueError, match="constant"):
        global_moran(np.ones(9), sw)
    with pytest.raises(ValueError, match="one value per unit"):
        global_moran(np.arange(4.0), sw)
    with pytest.raises(ValueError, match="missing"):
        global_moran(np.r_[np.arange(8.0), np.nan], sw)


# -- pseudo p-values with ties ----------------------------------------------------------------------
def test_pseudo_p_counts_ties_on_both_sides():
    # every draw equals the observed value: the statistic cannot vary, p = 1 (esda folds to 1/(n+1))
    assert pseudo_p(np.full((99, 1), 0.5), 0.5) == pytest.approx(1.0)
    # no ties: the folded count of the smaller tail
    sim = np.arange(1.0, 100.0)[:, None]  # 1..99
    assert pseudo_p(sim, 95.5) == pytest.approx((4 + 1) / 100)
    assert pseudo_p(sim, 0.0) == pytest.approx(1 / 100)
    # one draw ties: it counts in both tails (esda: 50/100, one side only), never smaller
    assert pseudo_p(sim, 50.0) == pytest.approx(51 / 100)


def test_a_unit_neighbouring_all_others_gets_p_one():
    # a star: the centre's neighbours are all the other units, so its conditional permutations
    # never change its lag; the old one-sided fold reported p = 1/(n+1)
    geoms = {"centre": box(1, 1, 2, 2)}
    geoms.update({f"o{i}": g for i, g in enumerate([box(0, 0, 1, 1), box(2, 0, 3, 1), box(0, 2, 1, 3),
                                                    box(2, 2, 3, 3), box(1, 0, 2, 1)])})
    y = pd.Series([9.0, 1.0, 2.0, 3.0, 2.5, 1.5], index=list(geoms))
    lisa = local_moran(y, queen_weights(geoms), n_perm=199, seed=0)
    assert lisa.loc["centre", "p_sim"] == pytest.approx(1.0)
    assert lisa.loc["centre", "cluster"] == "ns"
