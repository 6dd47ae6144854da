"""Hierarchy-or-network workflow on the real data, checked against the raw files."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from megaregion.analysis.hierarchy_network import hierarchy_to_network, write_network
from megaregion.errors import MegaregionError
from megaregion.io import graph_formats as gf
from megaregion.metrics import network as net


@pytest.fixture(scope="module")
def regions(real_store):
    return real_store.df("regions")


@pytest.fixture(scope="module")
def boswash_tt(real_store, regions):
    return hierarchy_to_network(real_store.group("us-boswash"), "tech_transfer",
                                ["1950-1975", "2000-2023"], regions=regions)


def test_tech_transfer_became_more_networked(boswash_tt):
    c = boswash_tt.tables["comparison"].set_index("statistic")
    assert c.loc["tie_symmetry", "last"] > c.loc["tie_symmetry", "first"]
    assert c.loc["share_weight_outside_core", "last"] > c.loc["share_weight_outside_core", "first"]
    assert any("more networked" in f for f in boswash_tt.findings())
    assert any("更趋网络化" in f for f in boswash_tt.findings("zh"))
    nodes = boswash_tt.tables["nodes"]
    last = nodes[nodes.period == "2000-2023"]
    assert set(last["tier"]) == {"main", "central", "basic"}
    assert last.sort_values("strength").iloc[-1]["region_id"] == "us-cbsa:35620"  # New York leads


def test_observed_links_set_against_gravity(boswash_tt):
    g = boswash_tt.tables["gravity_fit"].iloc[0]
    assert g["distance_elasticity"] < 0  # transfers fall off with distance
    assert 0 < g["corr_observed_predicted"] <= 1


def test_groups_side_by_side(real_store, regions):
    from megaregion.analysis.hierarchy_network import compare_groups

    each = {g: hierarchy_to_network(real_store.group(g), "gravity", regions=regions, n_perm=9)
            for g in ("us-sansan", "cn-chengyu")}
    both = compare_groups(each)
    assert set(both.summary()["group_id"]) == {"us-sansan", "cn-chengyu"}
    assert len(both.findings()) == sum(len(r.findings()) for r in each.values())


def test_tech_transfer_weights_equal_raw_file(boswash_tt, data_dir):
    raw = pd.read_csv(data_dir / "links" / "us_cbsa_tech_transfer_pairs_1858_2023.csv",
                      dtype={"source_cbsa": str, "target_cbsa": str})
    ids = {r.split(":")[1] for r in boswash_tt.tables["nodes"]["region_id"]}
    r = raw[(raw.period == "2000-2023") & raw.source_cbsa.isin(ids) & raw.target_cbsa.isin(ids)]
    row = boswash_tt.tables["networks"].set_index("period").loc["2000-2023"]
    assert row["total_weight"] == r["transfers"].sum()
    assert row["links"] == len(r)


def test_network_statistics_equal_kernels_on_links(boswash_tt):
    """The table's numbers are the kernels applied to the table's own links (traceability)."""
    links = boswash_tt.tables["links"]
    nodes = boswash_tt.tables["nodes"]
    ids = sorted(nodes.loc[nodes.period == "2000-2023", "region_id"])
    t = links[links.period == "2000-2023"]
    A, _ = net.adjacency_from_edges(t.origin, t.destination, t.weight, nodes=ids)
    B = (np.asarray(A) > 0).astype(float)
    row = boswash_tt.tables["networks"].set_index("period").loc["2000-2023"]
    assert row["density"] == pytest.approx(net.density(B), abs=1e-12)
    assert row["hierarchy"] == pytest.approx(net.hierarchy_krackhardt(B), abs=1e-12)
    assert row["tie_symmetry"] == pytest.approx(net.tie_symmetry(np.asarray(A)), abs=1e-12)


def test_commuting_aggregates_counties_to_metros(real_store, regions, data_dir):
    res = hierarchy_to_network(real_store.group("us-chipitts"), "commuting", regions=regions)
    ids = set(res.tables["nodes"]["region_id"])
    raw = pd.read_csv(data_dir / "us" / "acs_commuting_county_flows_2009_2013.csv.gz",
                      dtype={"res_fips": str, "work_fips": str})
    ref = pd.read_csv(data_dir / "us" / "county_reference.csv", dtype={"fips": str, "cbsa_code_2018": str})
    metro = ("us-cbsa:" + ref.set_index("fips")["cbsa_code_2018"]).to_dict()
    members = set(real_store.group("us-chipitts").members["region_id"])
    raw = raw[raw.res_fips.map(lambda f: "us:" + f in members) & raw.work_fips.map(lambda f: isinstance(f, str) and "us:" + f in members)]
    o, d = raw.res_fips.map(metro), raw.work_fips.map(metro)
    keep = o.isin(ids) & d.isin(ids) & (o != d)
    assert res.tables["networks"]["total_weight"].iloc[0] == raw.loc[keep, "workers"].sum()


def test_gravity_link_equals_formula(real_store, regions, data_dir):
    res = hierarchy_to_network(real_store.group("cn-yrd"), "gravity", regions=regions)
    links = res.tables["links"]
    got = links[(links.period == "2019") & (links.origin == "cn:310000") & (links.destination == "cn:320500")]["weight"].iloc[0]
    panel = pd.read_csv(data_dir / "cn" / "city_stats_panel_2000_2023.csv", dtype={"city_code": str})
    p19 = panel[panel.year == 2019].set_index("city_code")
    cities = pd.read_csv(data_dir / "cn" / "cities.csv", dtype={"city_code": str}).set_index("city_code")
    P = {c: p19.loc[c, "resident_pop_10k"] * 10_000 for c in ("310000", "320500")}
    G = {c: p19.loc[c, "gdp_100m_yuan"] for c in ("310000", "320500")}
    lat1, lon1, lat2, lon2 = map(math.radians, (cities.loc["310000", "latitude"], cities.loc["310000", "longitude"],
                                                cities.loc["320500", "latitude"], cities.loc["320500", "longitude"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    d = 2 * 6371.0088 * math.asin(math.sqrt(h))
    K = G["310000"] / (G["310000"] + G["320500"])
    expected = K * math.sqrt(P["310000"] * G["310000"]) * math.sqrt(P["320500"] * G["320500"]) / d ** 2
    assert got == pytest.approx(expected, rel=1e-9)
    assert res.tables["networks"]["cp_fit"].isna().all()  # complete graph: core-periphery undefined


def test_baidu_windows_and_firm_links(real_store, regions):
    res = hierarchy_to_network(real_store.group("cn-wuhan"), "baidu", regions=regions)
    first = res.tables["nodes"][res.tables["nodes"].period == "2020-01-01/2020-01-22"]
    assert first.sort_values("strength").iloc[-1]["region_id"] == "cn:420100"  # Wuhan
    assert any("Spring Festival" in n for n in res.notes)
    links = hierarchy_to_network(real_store.group("cn-yreb"), "firm_link", regions=regions)
    assert links.tables["networks"]["links"].iloc[0] > 0


def test_graph_exports_open_in_other_tools(boswash_tt, tmp_path):
    n = boswash_tt.tables["nodes"]
    n_last = len(n[n.period == "2000-2023"])
    for suffix, reader in ((".gexf", gf.read_gexf), (".graphml", gf.read_graphml), (".net", gf.read_pajek),
                           (".dl", gf.read_ucinet_dl), (".geojson", gf.read_geojson)):
        path = write_network(boswash_tt, tmp_path / f"bw{suffix}")
        nodes, edges = reader(path)
        assert len(nodes) == n_last, suffix
        assert len(edges) > 0, suffix
    geo = json.loads((tmp_path / "bw.geojson").read_text(encoding="utf-8"))
    assert {f["geometry"]["type"] for f in geo["features"]} == {"Point", "LineString"}


def test_bad_requests(real_store, regions):
    with pytest.raises(MegaregionError, match="unknown kind"):
        hierarchy_to_network(real_store.group("us-boswash"), "telepathy")
    with pytest.raises(MegaregionError, match="US data"):
        hierarchy_to_network(real_store.group("cn-yrd"), "tech_transfer")
    with pytest.raises(MegaregionError, match="no tech_transfer links for 1999"):
        hierarchy_to_network(real_store.group("us-boswash"), "tech_transfer", ["1999"])
    with pytest.raises(MegaregionError, match="regions table"):
        hierarchy_to_network(real_store.group("us-boswash"), "commuting")


def test_cli_network(real_store, tmp_path, capsys):
    from megaregion.cli.app import main

    try:
        main(["--store", real_store.path, "network", "cn-yrd", "--kind", "gravity", "--years", "2010", "2019",
              "--graph", str(tmp_path / "yrd.gexf")])
    except SystemExit as exc:
        assert exc.code in (0, None)
    out = capsys.readouterr().out
    assert "main nodes" in out and (tmp_path / "yrd.gexf").exists()


def test_migration_aggregates_counties_to_metros(real_store, regions, data_dir):
    res = hierarchy_to_network(real_store.group("us-sansan"), "migration", regions=regions, n_perm=9)
    ids = set(res.tables["nodes"]["region_id"])
    assert {"us-cbsa:31080", "us-cbsa:41860"} <= ids
    raw = pd.read_csv(data_dir / "us" / "irs_migration_county_flows_2018_2019.csv.gz",
                      dtype={"origin_fips": str, "dest_fips": str})
    ref = pd.read_csv(data_dir / "us" / "county_reference.csv", dtype={"fips": str, "cbsa_code_2018": str})
    metro = ("us-cbsa:" + ref.set_index("fips")["cbsa_code_2018"]).to_dict()
    members = set(real_store.group("us-sansan").members["region_id"])
    raw = raw[raw.origin_fips.map(lambda f: "us:" + f in members) & raw.dest_fips.map(lambda f: "us:" + f in members)]
    o, d = raw.origin_fips.map(metro), raw.dest_fips.map(metro)
    keep = o.isin(ids) & d.isin(ids) & (o != d)
    assert res.tables["networks"]["total_weight"].iloc[0] == raw.loc[keep, "exemptions"].sum()


def test_us_gravity_2006_2016_from_brookings_jobs(real_store, regions, data_dir):
    res = hierarchy_to_network(real_store.group("us-chipitts"), "gravity", ["2006", "2016"], regions=regions, n_perm=9)
    raw = pd.read_csv(data_dir / "us" / "brookings_metro_shiftshare_naics2_2016.csv", dtype={"cbsa_code": str})
    covered = {"us-cbsa:" + c for c in raw["cbsa_code"]}
    nodes = set(res.tables["nodes"]["region_id"])
    assert nodes <= covered and "us-cbsa:16980" in nodes
    assert list(res.tables["networks"]["period"]) == ["2006", "2016"]


def test_us_gravity_covers_every_2023_member_or_says_so(real_store, regions):
    g = real_store.group("us-boswash")
    res = hierarchy_to_network(g, "gravity", regions=regions, n_perm=9)
    nodes = set(res.tables["nodes"]["region_id"])
    named = " ".join(res.notes)
    for _, m in g.units("2023").iterrows():
        assert m["region_id"] in nodes or m["name"] in named, m["name"]
    assert "us-cbsa:25540" in nodes  # Hartford: Connecticut's population is under its former counties
