"""Spatial patterns on the real data: boundaries, weights against PySAL's own path, the workflow's
numbers against esda called directly, and the findings a planner would quote.

Peers: GDAL's TopoJSON driver (through geopandas/pyogrio, both required by esda) decodes the
county file independently of :func:`megaregion.io.geometry.decode_topojson`; libpysal's
``Queen.from_dataframe`` builds weights from a GeoDataFrame read independently of our reader.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from megaregion.errors import MegaregionError, UnknownNameError

pytestmark = pytest.mark.realdata

N_PERM = 99


@pytest.fixture(scope="module")
def cn_bounds(data_dir):
    from megaregion.io.geometry import cn_city_boundaries

    return cn_city_boundaries(data_dir)


@pytest.fixture(scope="module")
def us_bounds(data_dir):
    from megaregion.io.geometry import us_county_boundaries

    return us_county_boundaries(data_dir)


# -- boundaries -------------------------------------------------------------------------------------
def test_cn_polygons_cover_the_cities(cn_bounds):
    assert len(cn_bounds.geometries) == 369  # cn/README.md: 369 units
    sh = cn_bounds.geometries["cn:310000"]
    minx, miny, maxx, maxy = sh.bounds
    # Shanghai lies at about 120.9-122.2 E, 30.7-31.9 N (Chongming island reaches 31.87 N)
    assert 120.5 < minx < 121.2 and 121.8 < maxx < 122.3 and 30.5 < miny < 31.0 and 31.6 < maxy < 32.0


def test_county_decoder_agrees_with_gdal(us_bounds, data_dir):
    import geopandas as gpd
    import shapely

    ref = gpd.read_file(data_dir / "us" / "boundaries" / "counties-10m.json", layer="counties")
    ref = ref.set_index("us:" + ref["id"].astype(str))
    ours = us_bounds.geometries
    # Falls Church city (51610) collapses to a line at this scale: no area, so no polygon here
    assert set(ref.index) - set(ours) == {"us:51610"}
    assert ref.loc["us:51610", "geometry"].area == pytest.approx(0.0, abs=1e-9)
    common = sorted(ours)
    a = np.array([ours[r].area for r in common])
    b = ref.loc[common, "geometry"].area.to_numpy()
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    bounds_ours = np.array([ours[r].bounds for r in common])
    np.testing.assert_allclose(bounds_ours, np.array(ref.loc[common, "geometry"].bounds), atol=1e-9)
    same = shapely.equals_exact(shapely.normalize(np.array([ours[r] for r in common])),
                                shapely.normalize(ref.loc[common, "geometry"].to_numpy()), tolerance=1e-9)
    assert same.all(), [r for r, ok in zip(common, same) if not ok][:10]


def test_new_york_county_bbox_and_area(us_bounds):
    from pyproj import Geod

    g = us_bounds.geometries["us:36061"]
    minx, miny, maxx, maxy = g.bounds
    # Manhattan: about 74.05-73.91 W, 40.68-40.88 N
    assert -74.06 < minx < -74.03 and -73.92 < maxx < -73.89 and 40.67 < miny < 40.70 and 40.87 < maxy < 40.89
    km2 = abs(Geod(ellps="WGS84").geometry_area_perimeter(g)[0]) / 1e6
    # Census Gazetteer, New York County: total area 87.5 km2 (33.8 sq mi, land and water), land
    # 58.7 km2. The simplified 1:10,000,000 outline encloses about the total area (92 km2 here),
    # not the land area
    assert 80 < km2 < 100


def test_known_neighbours(cn_bounds, us_bounds):
    from megaregion.metrics.spatial import queen_weights

    ids = ["cn:310000", "cn:320500", "cn:320100", "cn:330400"]  # 上海, 苏州, 南京, 嘉兴
    nb = queen_weights({i: cn_bounds.geometries[i] for i in ids}).w.neighbors
    assert "cn:320500" in nb["cn:310000"] and "cn:330400" in nb["cn:310000"]  # 上海–苏州, 上海–嘉兴 share a border
    assert "cn:320100" not in nb.get("cn:310000", [])                         # 上海–南京 do not
    ids = ["us:36061", "us:36005", "us:36029", "us:36047"]  # New York, Bronx, Erie, Kings
    sw = queen_weights({i: us_bounds.geometries[i] for i in ids})
    assert "us:36005" in sw.w.neighbors["us:36061"]  # Manhattan–Bronx share a border
    assert "us:36029" in sw.islands                  # Buffalo's Erie County touches none of them


@pytest.mark.parametrize("group", ["cn-yrd-2019-full", "us-boswash"])
def test_queen_weights_equal_libpysal_from_dataframe(real_store, data_dir, cn_bounds, group):
    """Our weights over a group's members equal libpysal's, built by its own GeoDataFrame path
    from the same file read independently (pandas + shapely WKT for China, GDAL for the US)."""
    import geopandas as gpd
    from libpysal.weights import Queen

    from megaregion.metrics.spatial import queen_weights

    mr = real_store.group(group)
    if group.startswith("cn"):
        ids = mr.cities()["region_id"].tolist()
        raw = pd.read_csv(data_dir / "cn" / "city_boundaries_wkt.csv.gz", dtype={"city_code": str})
        raw["region_id"] = "cn:" + raw["city_code"]
        gdf = gpd.GeoDataFrame(raw, geometry=gpd.GeoSeries.from_wkt(raw["geometry_wkt"]))
    else:
        ids = mr.members.loc[mr.members["level"] == "county", "region_id"].drop_duplicates().tolist()
        gdf = gpd.read_file(data_dir / "us" / "boundaries" / "counties-10m.json", layer="counties")
        gdf["region_id"] = "us:" + gdf["id"].astype(str)
    gdf = gdf[gdf["region_id"].isin(ids)].set_index("region_id")
    from megaregion.io.geometry import cn_city_boundaries, us_county_boundaries

    bounds = (cn_city_boundaries if group.startswith("cn") else us_county_boundaries)(data_dir)
    gdf = gdf[gdf.index.isin(list(bounds.geometries))]  # not Falls Church (no area at this scale)
    geoms = {i: bounds.geometries[i] for i in gdf.index}
    ours = queen_weights(geoms)
    ref = Queen.from_dataframe(gdf, use_index=True)
    ref_nb = {k: sorted(v) for k, v in ref.neighbors.items() if v}
    assert {k: sorted(v) for k, v in ours.w.neighbors.items()} == ref_nb
    assert sorted(ours.islands) == sorted(ref.islands)
    assert ours.n > 30


# -- the workflow -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def yrd(real_store, data_dir):
    from megaregion.analysis.spatial_patterns import spatial_patterns

    return spatial_patterns(real_store, "cn-yrd-2019-full", "gdp_per_capita", 2019, n_perm=N_PERM, seed=0,
                            data_dir=data_dir)


def test_workflow_equals_esda_called_directly(yrd, real_store, data_dir):
    import geopandas as gpd
    from esda.geary import Geary
    from esda.moran import Moran, Moran_Local
    from libpysal.weights import Queen

    # the units in the order the workflow builds its weights (the group's cities), which the
    # seeded permutations depend on; the local table itself is sorted by cluster and value
    shown = set(yrd.tables["local"]["region_id"])
    ids = [r for r in real_store.group("cn-yrd-2019-full").cities()["region_id"] if r in shown]
    local = yrd.tables["local"].set_index("region_id").loc[ids].reset_index()
    raw = pd.read_csv(data_dir / "cn" / "city_boundaries_wkt.csv.gz", dtype={"city_code": str})
    raw["region_id"] = "cn:" + raw["city_code"]
    gdf = gpd.GeoDataFrame(raw, geometry=gpd.GeoSeries.from_wkt(raw["geometry_wkt"]))
    gdf = gdf.set_index("region_id").loc[ids]
    w = Queen.from_dataframe(gdf, use_index=True)
    w.transform = "r"
    # the values, recomputed from the store: GDP (亿元) x 1e8 / resident population
    ind = real_store.con.execute(
        "SELECT region_id, indicator, value FROM indicators WHERE source = 'cn/city_panel' AND year = 2019 "
        "AND indicator IN ('gdp', 'population_resident') AND region_id IN (SELECT unnest(?))", [ids]).df()
    wide = ind.pivot(index="region_id", columns="indicator", values="value").loc[ids]
    y = (wide["gdp"] * 1e8 / wide["population_resident"]).to_numpy()
    np.testing.assert_allclose(local["value"].to_numpy(), y, rtol=1e-12)

    g = yrd.tables["global"].iloc[0]
    np.random.seed(0)
    ref = Moran(y, w, permutations=N_PERM)
    assert g["moran_i"] == pytest.approx(ref.I, abs=1e-12)
    assert g["moran_p_sim"] == pytest.approx(ref.p_sim)
    np.random.seed(0)
    assert g["geary_c"] == pytest.approx(Geary(y, w, permutations=N_PERM).C, abs=1e-12)
    lref = Moran_Local(y, w, permutations=N_PERM, seed=0)
    np.testing.assert_allclose(local["Ii"].to_numpy(), lref.Is, atol=1e-12)
    # pseudo p-values: esda's, except where a draw ties the observed I_i (a city with one
    # neighbour meets its own neighbour's value again in 1 draw of n - 1): the tie counts in
    # both tails, so the p-value is larger by the ties, never smaller
    ties = np.isclose(np.asarray(lref.sim), lref.Is, rtol=1e-9, atol=1e-12).sum(axis=0)
    ours = local["p_sim"].to_numpy()
    np.testing.assert_allclose(ours[ties == 0], lref.p_sim[ties == 0], atol=1e-12)
    assert (ours[ties > 0] >= lref.p_sim[ties > 0] - 1e-12).all()
    assert (ours[ties > 0] <= lref.p_sim[ties > 0] + ties[ties > 0] / (N_PERM + 1) + 1e-12).all()


def test_yrd_gdp_per_capita_is_clustered_with_shanghai_hot(yrd):
    g = yrd.tables["global"].iloc[0]
    assert g["n"] == 41 and g["islands"] == 0
    assert g["moran_i"] > 0.3 and g["moran_p_sim"] <= 0.05 and g["geary_c"] < 1
    local = yrd.tables["local"].set_index("region_id")
    assert local.loc["cn:310000", "quadrant"] == "HH"  # 上海: high, among high neighbours
    assert local.loc["cn:320500", "quadrant"] == "HH"  # 苏州
    hot = set(local.index[local["cluster"] == "HH"])
    assert {"cn:310000", "cn:320500"} <= hot             # 上海, 苏州 are significant hot spots
    cold = local.index[local["cluster"] == "LL"]
    assert len(cold) and not cold.str.startswith(("cn:31", "cn:33")).any()  # none in Shanghai or Zhejiang
    en, zh = yrd.findings("en"), yrd.findings("zh")
    assert "spatially clustered" in en[0] and "空间集聚" in zh[0]
    assert any("上海市" in z for z in zh) and any("苏州市" in z for z in zh)


def test_us_counties_left_out_are_named(real_store, data_dir):
    from megaregion.analysis.spatial_patterns import spatial_patterns

    res = spatial_patterns(real_store, "us-boswash", "patents_per_capita", None, n_perm=N_PERM,
                           data_dir=data_dir)
    g = res.tables["global"].iloc[0]
    assert g["unit_level"] == "county" and g["weights"] == "queen"
    counties = real_store.group("us-boswash").members.query("level == 'county'")["region_id"].unique()
    left = res.tables["left_out"]
    assert g["n"] + len(left) == len(counties)
    notes = " ".join(res.notes)
    for row in left.itertuples():
        assert row.name in notes
    # Connecticut's planning regions (2022) have no patents by the old counties: left out, named
    assert left["name"].str.contains("Planning Region").any()
    assert not set(left["region_id"]) & set(res.tables["local"]["region_id"])


def test_unknown_values_are_never_zero(real_store, data_dir):
    """Metros without a value (micropolitan areas outside the BEA file) are left out, not 0."""
    from megaregion.analysis.spatial_patterns import spatial_patterns

    res = spatial_patterns(real_store, "us-boswash", "gdp_per_capita", None, n_perm=N_PERM, data_dir=data_dir)
    g = res.tables["global"].iloc[0]
    assert g["unit_level"] == "metro" and g["weights"] == "knn:5"
    assert (res.tables["local"]["value"] > 0).all()
    assert len(res.tables["left_out"]) > 0
    assert any("Left out" in n for n in res.notes)


def test_lq_of_manufacturing_uses_the_whole_country(real_store, data_dir):
    from megaregion.analysis.spatial_patterns import spatial_patterns

    res = spatial_patterns(real_store, "cn-yrd-2016", "lq:C", 2019, n_perm=N_PERM, data_dir=data_dir)
    local = res.tables["local"].set_index("region_id")
    rows = real_store.con.execute(
        "SELECT region_id, industry, value FROM activity WHERE source = 'cn/city_employment' AND year = 2019 "
        "AND industry IN ('C', 'TOTAL')").df().pivot(index="region_id", columns="industry", values="value").dropna()
    lq = (rows["C"] / rows["TOTAL"]) / (rows["C"].sum() / rows["TOTAL"].sum())
    np.testing.assert_allclose(local["value"].to_numpy(), lq.loc[local.index].to_numpy(), rtol=1e-9)


@pytest.mark.parametrize("kwargs, match", [
    ({"indicator": "no_such_thing"}, "available: gdp_per_capita, tertiary_share, patents_per_capita, lq:CODE and the"),
    ({"indicator": "gdp_per_capita", "year": 1990}, "years with values"),
    ({"indicator": "lq:ZZ"}, "no industry 'ZZ'"),
    ({"indicator": "gdp_per_capita", "weights": "rook"}, "use queen or knn:K"),
    ({"indicator": "gdp_per_capita", "n_perm": 5}, "at least 19"),
])
def test_clear_errors(real_store, data_dir, kwargs, match):
    from megaregion.analysis.spatial_patterns import spatial_patterns

    with pytest.raises(MegaregionError, match=match):
        spatial_patterns(real_store, "cn-yrd-2016", data_dir=data_dir, **kwargs)


def test_queen_on_metros_is_refused(real_store, data_dir):
    from megaregion.analysis.spatial_patterns import spatial_patterns

    with pytest.raises(MegaregionError, match="use --weights knn:K"):
        spatial_patterns(real_store, "us-sansan", "gdp_per_capita", weights="queen", data_dir=data_dir)
    with pytest.raises(UnknownNameError):
        spatial_patterns(real_store, "no-such-group", "gdp_per_capita", data_dir=data_dir)


def test_command_line(real_store, data_dir, capsys, monkeypatch, tmp_path):
    from megaregion.cli.app import main

    monkeypatch.setenv("MEGAREGION_DATA", str(data_dir))
    out = tmp_path / "s.xlsx"
    main(["--store", real_store.path, "spatial", "cn-yrd-2016", "--indicator", "gdp_per_capita", "--year",
          "2019", "--permutations", "99", "--weights", "knn:4", "--out", str(out)])
    text = capsys.readouterr().out
    assert "Moran's I" in text and "knn:4" in text
    assert set(pd.read_excel(out, sheet_name=None)) >= {"global", "local", "left_out", "findings", "notes"}
    with pytest.raises(SystemExit) as exc:
        main(["--store", real_store.path, "spatial", "cn-yrd-2016", "--indicator", "gdp_per_capita",
              "--weights", "knn:x"])
    assert exc.value.code == 2
    assert "use queen or knn:K" in capsys.readouterr().err
