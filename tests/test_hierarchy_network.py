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


# --- issue 9: findings a planner can trust ------------------------------------------------


def _check_cells(res):
    """Every finding points at its table cell, and the cell holds the finding's value."""
    for f in res.finding_list:
        assert f.column is not None and f.where, f.en
        cell = res.cell(f)
        assert float(cell) == pytest.approx(f.value, nan_ok=False), f.en


@pytest.fixture(scope="module")
def myr_gravity(real_store, regions):
    return hierarchy_to_network(real_store.group("cn-myr-2015"), "gravity", regions=regions, n_perm=19)


@pytest.fixture(scope="module")
def yrd_firm_links(real_store, regions):
    return hierarchy_to_network(real_store.group("cn-yrd-2016"), "firm_link", regions=regions, n_perm=19)


def test_gravity_distance_floor_keeps_wuhan_a_main_node(myr_gravity):
    """Issue 9 (a): 黄冈 and 鄂州, seats 7.3 km apart, were the main nodes of the middle reaches;
    with the internal-distance floor Wuhan is, and the raised pair is named in a note."""
    nodes = myr_gravity.tables["nodes"]
    for p in ("2010", "2019"):
        n = nodes[nodes.period == p].set_index("region_id")
        assert n.loc["cn:420100", "tier"] == "main"  # Wuhan
        assert n["strength"].idxmax() == "cn:420100"
        assert n.loc["cn:420700", "tier"] != "main"  # Ezhou
    notes = " ".join(myr_gravity.notes)
    assert "internal distance" in notes and "7.3 →" in notes
    zh = " ".join(myr_gravity.notes_in("zh"))
    assert "内部距离" in zh and "鄂州" in zh
    assert "仙桃" in zh and "Xiantao" not in zh  # members without mass named in Chinese
    net_t = myr_gravity.tables["networks"]
    assert (net_t["top_pair_share"] <= 1).all() and net_t["top_pair"].notna().all()


def test_dominant_pair_warning(real_store, regions):
    """Issue 9 (a): a network whose top pair carries > 10% of the weight says so."""
    from megaregion.analysis.hierarchy_network import DOMINANT_PAIR_SHARE

    for res in (hierarchy_to_network(real_store.group("us-boswash"), "gravity", regions=regions, n_perm=9),
                hierarchy_to_network(real_store.group("cn-yrd-2016"), "gravity", regions=regions, n_perm=9)):
        if res.tables["nodes"]["region_id"].str.startswith("us-").all():
            assert any("no land areas" in n and "closest pair" in n for n in res.notes)  # no floor, said so
        warning = " ".join(n for n in res.notes if n.startswith("Warning: one city pair"))
        for _, row in res.tables["networks"].iterrows():
            warned = f"{row['period']} (" in warning and f"{100 * row['top_pair_share']:.1f}%" in warning
            assert warned == (row["top_pair_share"] > DOMINANT_PAIR_SHARE)


def test_undirected_sources_report_no_direction_statistics(yrd_firm_links, myr_gravity):
    """Issue 9 (b): firm links have no direction in the source: no Krackhardt hierarchy,
    reciprocity, tie symmetry or in/out centralization, in tables or findings."""
    from megaregion.analysis.hierarchy_network import DIRECTED_ONLY

    for res in (yrd_firm_links, myr_gravity):
        t = res.tables["networks"]
        assert not t["directed"].any()
        for col in DIRECTED_ONLY:
            assert t[col].isna().all(), col
        assert res.tables["nodes"]["strength_in"].isna().all()
        text = " ".join(res.findings() + res.findings("zh"))
        for word in ("Krackhardt", "tie symmetry", "reciproc", "in-degree", "out-degree", "联系对称性", "入度中心势", "出度中心势"):
            assert word not in text
        assert "links without direction" in text and "联系无方向" in text
        assert "hierarchy" not in set(res.tables["comparison"]["statistic"])
        assert "tie_symmetry" not in set(res.tables["comparison"]["statistic"])


def test_directed_sources_report_in_and_out_centralization(boswash_tt):
    """Issue 9 (j): in-degree and out-degree centralization for directed flows."""
    t = boswash_tt.tables["networks"]
    assert t["directed"].all()
    for col in ("degree_centralization_in", "degree_centralization_out"):
        assert t[col].between(0, 1).all()
    assert any("in-degree centralization" in f for f in boswash_tt.findings())
    assert any("入度中心势" in f for f in boswash_tt.findings("zh"))


def test_no_change_claimed_inside_rounding(myr_gravity, yrd_firm_links, boswash_tt):
    """Issue 9 (c): a signal whose printed values are equal, or that moved less than 0.01,
    is 'unchanged', never a vote."""
    from megaregion.analysis.hierarchy_network import CHANGE_TOLERANCE, _moved

    assert not _moved(0.0041, 0.0044)  # "0.004 → 0.004"
    assert not _moved(0.400, 0.409)
    assert _moved(0.40, 0.42)
    for res in (myr_gravity, boswash_tt):
        c = res.tables["comparison"]
        for _, r in c[c["direction"].isin(["network", "hierarchy"])].iterrows():
            assert f"{r['first']:.3f}" != f"{r['last']:.3f}"
            assert abs(r["change"]) >= CHANGE_TOLERANCE
        for f in res.findings():
            assert "0.004 → 0.004" not in f


def test_tallies_say_what_they_count(boswash_tt, myr_gravity):
    """Issue 9 (d, e): the verdict counts signals towards a network, towards a hierarchy and
    unchanged; each signal is listed under the direction it points to."""
    for res in (boswash_tt, myr_gravity):
        c = res.tables["comparison"]
        s = c[c["statistic"] == "signals"].iloc[0]
        sig = c[c["direction"].isin(["network", "hierarchy", "unchanged"])]
        assert s["n_network"] == (sig["direction"] == "network").sum()
        assert s["n_hierarchy"] == (sig["direction"] == "hierarchy").sum()
        f = [x for x in res.finding_list if x.table == "comparison"][0]
        n_all = int(s["n_network"] + s["n_hierarchy"] + s["n_unchanged"])
        if s["n_network"] + s["n_hierarchy"]:
            assert f"of {n_all} signals, {s['n_network']} point towards a network, {s['n_hierarchy']} towards a hierarchy" in f.en
            assert f"{n_all}项指标中{s['n_network']}项趋向网络化，{s['n_hierarchy']}项趋向等级化" in f.zh
        # every signal is listed under its own heading
        for _, r in sig.iterrows():
            head = {"network": "Towards a network:", "hierarchy": "Towards a hierarchy:",
                    "unchanged": "No change of"}[r["direction"]]
            seg = f.en.split(head)[1] if head in f.en else f.en
            assert f"{r['label']} {r['first']:.3f} → {r['last']:.3f}" in seg.split(". ")[0]
        verdict = "more networked" if s["n_network"] > s["n_hierarchy"] else (
            "more hierarchical" if s["n_hierarchy"] > s["n_network"] else None)
        if verdict:
            assert verdict in f.en


def test_polycentricity_spans_its_scale_on_real_networks(boswash_tt, yrd_firm_links, myr_gravity):
    """Issue 9 (f): Green's valued density kept polycentricity at 0.003-0.009 on every
    network; the reported scale follows density and evenness."""
    vals = pd.concat([r.tables["networks"][["density", "polycentricity"]]
                      for r in (boswash_tt, yrd_firm_links, myr_gravity)])
    assert vals["polycentricity"].between(0, 1).all()
    assert (vals["polycentricity"] <= vals["density"] + 1e-12).all()
    assert vals["polycentricity"].max() > 0.1


def test_coreness_and_core_positions_agree(boswash_tt, yrd_firm_links, myr_gravity):
    """Issue 9 (g, h): coreness in [0, 1]; cp_position is core exactly where be_core is True."""
    for res in (boswash_tt, yrd_firm_links, myr_gravity):
        n = res.tables["nodes"]
        assert n["coreness"].between(0, 1).all() and (n.groupby("period")["coreness"].max() == 1).all()
        known = n[n["be_core"].notna()]
        assert ((known["cp_position"] == "core") == known["be_core"].astype(bool)).all()
        # no fit (complete graph): be_core is blank, not False
        undefined = res.tables["networks"]["cp_fit"].isna()
        for p in res.tables["networks"].loc[undefined, "period"]:
            assert n.loc[n.period == p, "be_core"].isna().all()


def test_gravity_fit_reports_rank_and_log_correlation(boswash_tt):
    """Issue 9 (i): Pearson r on raw flows is set beside Spearman and the log-scale r."""
    g = boswash_tt.tables["gravity_fit"].iloc[0]
    for col in ("spearman_observed_predicted", "corr_log_observed_predicted"):
        assert -1 <= g[col] <= 1
    f = [x for x in boswash_tt.finding_list if x.table == "gravity_fit"][0]
    assert f"Spearman ρ = {g['spearman_observed_predicted']:.2f}" in f.en
    assert f"ρ = {g['spearman_observed_predicted']:.2f}" in f.zh


def test_pearson_fit_driven_by_few_pairs_is_flagged(yrd_firm_links):
    """Issue 9 (i): firm links: Pearson r 0.93 but Spearman 0.44 over all pairs."""
    g = yrd_firm_links.tables["gravity_fit"].iloc[0]
    assert g["corr_observed_predicted"] - g["spearman_observed_predicted"] >= 0.2
    f = [x for x in yrd_firm_links.finding_list if x.table == "gravity_fit"][0]
    assert "rests on a few large pairs" in f.en and "少数几对大流量" in f.zh


def test_findings_point_at_their_cells_and_p_values_floor(boswash_tt, yrd_firm_links, myr_gravity, real_store,
                                                          regions):
    from megaregion.analysis.hierarchy_network import compare_groups

    import re

    for res in (boswash_tt, yrd_firm_links, myr_gravity):
        _check_cells(res)
        for text in res.findings() + res.findings("zh") + res.notes_in("en") + res.notes_in("zh"):
            assert not re.search(r"\bnan\b", text), text  # a metro without a Chinese name printed "nan"
        t = res.tables["networks"]
        ok = t["cp_p_value"].notna()
        assert (t.loc[ok, "cp_p_value"] >= 1 / (t.loc[ok, "cp_n_perm"] + 1) - 1e-12).all()
        q = res.tables["comparison"].query("statistic == 'qap_correlation'")
        if len(q):
            assert (q["p_value"] >= 1 / (q["n_perm"] + 1) - 1e-12).all()
    _check_cells(compare_groups({"a": yrd_firm_links, "b": myr_gravity}))


@pytest.mark.parametrize("bad", [0, -5])
def test_workflow_rejects_no_permutations(real_store, regions, bad):
    with pytest.raises(ValueError, match="permutations >= 1"):
        hierarchy_to_network(real_store.group("cn-yrd-2016"), "firm_link", regions=regions, n_perm=bad)


def test_p_value_printing_never_shows_zero():
    from megaregion.analysis.hierarchy_network import _fmt_p

    assert _fmt_p(1 / 1000) == "0.001" and _fmt_p(0.01) == "0.01" and _fmt_p(0.4321) == "0.43"


def test_gravity_findings_carry_the_quality_of_their_masses(real_store):
    """Chinese masses come from the secondary city panel, US masses of 2006/2016 from Brookings
    levels estimated from growth: every gravity finding says so; 2019 county population is
    observed and adds no flag."""
    regions = real_store.df("regions")
    cn = hierarchy_to_network(real_store.group("cn-myr-2015"), "gravity", regions=regions, n_perm=9)
    assert cn.finding_list and all("secondary" in f.quality for f in cn.finding_list)
    dq = cn.data_quality
    assert len(dq) and set(dq["flag"]) <= {"secondary", "inconsistent"}
    assert dq["variable"].str.startswith("gravity mass").all()
    assert any("Gravity masses" in str(n) and "数据" not in str(n) for n in cn.notes)
    us = hierarchy_to_network(real_store.group("us-boswash"), "gravity", ["2006", "2016"],
                              regions=regions, n_perm=9)
    assert all("estimated" in f.quality for f in us.finding_list)
    observed = hierarchy_to_network(real_store.group("us-sansan"), "gravity", ["2010", "2019"],
                                    regions=regions, n_perm=9)
    assert all(f.quality == () for f in observed.finding_list) and observed.data_quality.empty
