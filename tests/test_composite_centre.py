"""Composite-centre workflow on the real data: facts checked against the raw files."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from megaregion.analysis.composite_centre import composite_structure
from megaregion.errors import MegaregionError


@pytest.fixture(scope="module")
def us_results(real_store):
    return {g: composite_structure(real_store.group(g)) for g in ("us-boswash", "us-chipitts", "us-sansan")}


@pytest.mark.parametrize("group", ["us-boswash", "us-chipitts", "us-sansan"])
def test_core_has_more_advanced_services_than_its_megaregion(us_results, group):
    s = us_results[group].summary()
    assert (s["core_share_advanced_services"] > s["group_share_advanced_services"]).all()
    assert (s["functional_specialization"] > 1).all()


@pytest.mark.parametrize("group", ["us-boswash", "us-chipitts", "us-sansan"])
def test_shift_share_components_sum_to_observed_change(us_results, group):
    ss = us_results[group].tables["shift_share"]
    resid = ss["national"] + ss["industry_mix"] + ss["competitive"] - ss["change"]
    assert np.allclose(resid, 0, atol=1e-6 * ss["change"].abs().max())
    em = ss[ss["method"] == "esteban-marquillas"]
    parts = em["net_competitive"] + em["allocation"] + em["competitive_unsplit"]
    assert np.allclose(parts, em["competitive"], atol=1e-6 * em["competitive"].abs().max())


def test_shift_share_change_equals_raw_metro_file(us_results, data_dir):
    """New York metro's 2018->2019 change over 2-digit sectors published in both years."""
    raw = pd.read_csv(data_dir / "us" / "cbp_cbsa_naics2to4_2018_2019.csv.gz", dtype={"cbsa_code": str, "naics": str})
    r = raw[(raw.cbsa_code == "35620") & (raw.level == 2) & (raw.naics != "00")]
    r = r[~((r.employees == 0) & (r.establishments > 0))]  # withheld cells
    wide = r.pivot(index="naics", columns="year", values="employees").dropna()
    ss = us_results["us-boswash"].tables["shift_share"]
    got = ss[(ss.method == "classic") & (ss.region_id == "us-cbsa:35620")]["change"].iloc[0]
    assert got == pytest.approx((wide[2019] - wide[2018]).sum(), abs=1e-6)


def test_new_york_state_manufacturing_left_manhattan(real_store, data_dir):
    res = composite_structure(real_store.group("us-nys"))
    s = res.summary().set_index("year")
    raw = pd.read_csv(data_dir / "us" / "qcew_ny_county_naics2to3_2000_2017.csv.gz", dtype={"fips": str, "naics": str})
    mfg = raw[raw.naics == "31-33"].pivot(index="fips", columns="year", values="avg_employment")
    expected = {y: mfg.loc["36061", y] / mfg[y].sum() for y in (2000, 2017)}
    for y in (2000, 2017):
        assert s.loc[y, "core_share_of_group_manufacturing"] == pytest.approx(expected[y], rel=1e-12)
    assert s.loc[2017, "core_share_of_group_manufacturing"] < s.loc[2000, "core_share_of_group_manufacturing"]
    assert s.loc[2017, "core_share_manufacturing"] < s.loc[2000, "core_share_manufacturing"]
    assert any("moved from the core to the periphery" in f for f in res.findings())
    assert any("由核心向外围转移" in f for f in res.findings("zh"))


def test_shanghai_share_of_delta_secondary_fell(real_store, data_dir):
    res = composite_structure(real_store.group("cn-yrd"))
    s = res.summary().set_index("year")
    raw = pd.read_csv(data_dir / "cn" / "city_stats_panel_2000_2023.csv", dtype={"city_code": str})
    cl = pd.read_csv(data_dir / "cn" / "clusters.csv", dtype={"city_code": str})
    yrd = raw[raw.city_code.isin(cl.loc[cl.cluster_id == "yrd_2016", "city_code"])]
    for y in (2010, 2019):
        r = yrd[yrd.year == y]
        expected = r.loc[r.city_code == "310000", "va_secondary_100m_yuan"].sum() / r["va_secondary_100m_yuan"].sum()
        assert s.loc[y, "core_share_of_group_secondary"] == pytest.approx(expected, rel=1e-12)
    assert s.loc[2019, "core_share_of_group_secondary"] < s.loc[2010, "core_share_of_group_secondary"]
    assert any("tertiary" in n and "proxy" in n or "approximated" in n for n in res.notes)


@pytest.mark.parametrize("group", ["cn-myr", "cn-chengyu"])
def test_runs_for_chinese_clusters(real_store, group):
    res = composite_structure(real_store.group(group))
    assert len(res.tables["regions"]) == 2 * res.summary()["members_with_data"].iloc[0]
    assert len(res.findings("zh")) >= 3


@pytest.mark.parametrize("group", ["us-boswash", "us-chipitts", "us-sansan"])
def test_decade_view_from_brookings(real_store, group):
    res = composite_structure(real_store.group(group), source="us/brookings_shiftshare")
    s = res.summary()
    assert list(s["year"]) == [2006, 2016]
    # manufacturing lost share of jobs in every megaregion over 2006-2016
    assert s["group_share_manufacturing"].iloc[1] < s["group_share_manufacturing"].iloc[0]


def test_four_digit_detail_gives_advanced_manufacturing(real_store):
    res = composite_structure(real_store.group("us-chipitts"), digits=4)
    sectors = set(res.tables["relocation"]["sector"])
    assert {"advanced_manufacturing", "traditional_manufacturing"} <= sectors
    reg = res.tables["regions"]
    assert (reg["share_advanced_manufacturing"] <= reg["share_manufacturing"] + 1e-12).all()
    v = res.tables["variety"]
    assert np.allclose(v["related_variety"] + v["unrelated_variety"], v["entropy"])


def test_bad_requests_are_clear(real_store):
    g = real_store.group("us-boswash")
    with pytest.raises(MegaregionError, match="increasing"):
        composite_structure(g, (2019, 2018))
    with pytest.raises(MegaregionError, match="unknown activity source"):
        composite_structure(g, source="us/nothing")
    with pytest.raises(MegaregionError, match="CN data"):
        composite_structure(g, source="cn/city_panel")
    with pytest.raises(MegaregionError, match="no employees"):
        composite_structure(g, (2010, 2019))


def test_cli_structure_writes_json(real_store, tmp_path, capsys):
    from megaregion.cli.app import main

    out = tmp_path / "yrd.json"
    try:
        main(["--store", real_store.path, "structure", "cn-yrd", "--years", "2010", "2019", "--out", str(out)])
    except SystemExit as exc:
        assert exc.code in (0, None)
    printed = capsys.readouterr().out
    assert "Shanghai" in printed and "Findings" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"summary", "regions", "relocation", "shift_share", "concentration"} <= set(data["tables"])


def test_withheld_cell_gives_unknown_share_not_zero():
    """A member whose manufacturing cell is withheld gets NaN shares and leaves the relocation."""
    from megaregion.model.megaregion import Megaregion

    members = pd.DataFrame({
        "region_id": ["m:core", "m:a", "m:b"], "role": ["core", "member", "member"], "level": "metro",
        "name": ["Core", "A", "B"], "name_zh": None, "country": "us", "parent": "s", "vintage": "2023",
        "membership": "full", "lat": 0.0, "lon": 0.0, "metro_2018": None, "metro_2023": None})
    rows = []
    for y in (2018, 2019):
        for r, mfg, fin in (("m:core", 10.0, 50.0), ("m:a", 30.0, 5.0), ("m:b", 20.0, 5.0)):
            flag = "suppressed" if (r == "m:b" and y == 2019) else "observed"
            rows.append((r, y, "31-33", None if flag == "suppressed" else mfg + (y - 2018), flag))
            rows.append((r, y, "52", fin, "observed"))
            rows.append((r, y, "42", 40.0, "observed"))
    act = pd.DataFrame(rows, columns=["region_id", "year", "industry", "value", "flag"]).assign(
        classification="naics2017", measure="employees", unit="persons", source="us/cbp_metro")
    mr = Megaregion("g", "G", "G", "us", members, act, pd.DataFrame(columns=["region_id"]),
                    pd.DataFrame(columns=["origin"]))
    res = composite_structure(mr, (2018, 2019))
    reg = res.tables["regions"].set_index(["year", "region_id"])
    assert np.isnan(reg.loc[(2019, "m:b"), "share_manufacturing"])
    assert reg.loc[(2018, "m:b"), "share_manufacturing"] == pytest.approx(20 / 65)
    reloc = res.tables["relocation"]
    assert reloc[(reloc.sector == "manufacturing") & (reloc.region_id == "m:b")]["share1"].isna().all()
    s = res.summary().set_index("year")
    # group manufacturing in 2019 is taken over members with known shares: core 11 + A 31
    assert s.loc[2019, "core_share_of_group_manufacturing"] == pytest.approx(11 / 42)
    assert any("withheld" in n and "unknown" in n for n in res.notes)
