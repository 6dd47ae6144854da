"""Openness: the outside-share kernel on hand-made cases, FDI/GDP units, the GaWC member table,
and the workflow on the real data."""

from __future__ import annotations

import csv
import math

import numpy as np
import pandas as pd
import pytest

from megaregion.analysis.openness import DATA, gawc_members, openness
from megaregion.metrics.openness import fdi_gdp_pct, outside_share


def _flows(rows):
    return pd.DataFrame(rows, columns=["origin", "destination", "weight"])


# -- outside share, known by construction -----------------------------------------------------

def test_outside_share_by_hand():
    # group {A, B}; C outside. A sends 6 to B, 4 to C, 5 to itself (left out); B sends 1 to C.
    f = _flows([("A", "B", 6), ("A", "C", 4), ("A", "A", 5), ("B", "C", 1), ("C", "A", 3)])
    out = outside_share(f, {"A": "A", "B": "B"}, {"A", "B"}).set_index("member")
    assert out.loc["A", "inside"] == 6 and out.loc["A", "outside"] == 4
    assert out.loc["A", "outside_share"] == pytest.approx(0.4)
    assert out.loc["B", "outside_share"] == pytest.approx(1.0)
    inc = outside_share(f, {"A": "A", "B": "B"}, {"A", "B"}, side="destination").set_index("member")
    # A receives 3 from C (outside); B receives 6 from A (inside)
    assert inc.loc["A", "outside_share"] == pytest.approx(1.0)
    assert inc.loc["B", "outside_share"] == pytest.approx(0.0)


def test_outside_share_units_of_a_member_and_unknown_partners():
    # member M has counties m1, m2; N has n1; x is outside; a partner without id is unknown
    f = _flows([("m1", "m2", 100), ("m1", "n1", 30), ("m2", "x", 10), ("m1", None, 7), ("n1", "m1", 2)])
    member_of = {"m1": "M", "m2": "M", "n1": "N"}
    out = outside_share(f, member_of, {"m1", "m2", "n1"}).set_index("member")
    assert out.loc["M", "inside"] == 30          # m1 -> m2 is within the member: left out
    assert out.loc["M", "outside"] == 10
    assert out.loc["M", "unknown"] == 7          # unknown is not outside
    assert out.loc["M", "outside_share"] == pytest.approx(10 / 40)
    assert out.loc["N", "outside_share"] == pytest.approx(0.0)


def test_outside_share_undirected_counts_both_orientations():
    f = _flows([("A", "C", 2), ("C", "A", 3), ("A", "B", 5)])
    out = outside_share(f, {"A": "A", "B": "B"}, {"A", "B"}, side="both").set_index("member")
    assert out.loc["A", "outside"] == 5 and out.loc["A", "inside"] == 5
    assert out.loc["B", "inside"] == 5 and out.loc["B", "outside"] == 0


def test_outside_share_is_invariant_to_relabelling():
    rng = np.random.default_rng(3)
    units = list("abcdefg")
    f = _flows([(u, v, float(rng.integers(1, 9))) for u in units for v in units if u != v])
    member_of = {u: u.upper() for u in "abcd"}
    a = outside_share(f, member_of, set("abcd")).set_index("member")["outside_share"]
    perm = dict(zip(units, ["q", "r", "s", "t", "u", "v", "w"]))
    g = f.assign(origin=f["origin"].map(perm), destination=f["destination"].map(perm))
    b = outside_share(g, {perm[u]: m for u, m in member_of.items()}, {perm[u] for u in "abcd"}).set_index("member")["outside_share"]
    pd.testing.assert_series_equal(a.sort_index(), b.sort_index())


def test_outside_share_rejects_a_bad_side():
    with pytest.raises(ValueError):
        outside_share(_flows([]), {}, set(), side="sideways")


# -- FDI / GDP ---------------------------------------------------------------------------------

def test_fdi_gdp_pct_by_hand():
    # 1,000 million USD at 700 yuan per 100 USD = 7,000 million yuan = 70 (100 million yuan); GDP 7,000
    assert fdi_gdp_pct([1000.0], [7000.0], [700.0])[0] == pytest.approx(1.0)
    assert math.isnan(fdi_gdp_pct([np.nan], [100.0], [700.0])[0])
    assert math.isnan(fdi_gdp_pct([10.0], [0.0], [700.0])[0])


def test_exchange_rates_cover_the_panel_and_are_plausible():
    r = pd.read_csv(DATA / "cny_per_usd_annual_average.csv")
    assert list(r["year"]) == list(range(2000, 2024))
    assert r["cny_per_100_usd"].between(600, 850).all()  # the renminbi stayed within 6-8.5 per dollar


# -- GaWC member table -----------------------------------------------------------------------

def test_gawc_table_maps_the_brief_cities():
    m = gawc_members().set_index("region_id")
    expect = {"cn:310000": "world:shanghai", "us-cbsa:35620": "world:new-york",
              "us-cbsa:16980": "world:chicago", "us-cbsa:31080": "world:los-angeles",
              "cn:420100": "world:wuhan", "cn:510100": "world:chengdu"}
    for rid, city in expect.items():
        assert m.loc[rid, "gawc_2020_id"] == city, rid
    assert m.loc["cn:310000", "gawc_2000_id"] == "world:shanghai"
    assert m.loc["us-cbsa:16980", "gawc_2000_id"] == "world:chicago"
    assert m.loc["cn:420100", "gawc_2000_id"] == ""  # Wuhan is not among the 315 cities of 2000
    # homonyms are not matches; the ambiguous Taizhou is matched to neither city
    for rid in ("us-cbsa:18020", "us-cbsa:48940", "us-cbsa:41400", "us:36085"):
        assert rid not in m.index or m.loc[rid, "gawc_2020_id"] == ""
    assert m.loc["cn:331000", "gawc_2020_id"] == "" and m.loc["cn:321200", "gawc_2020_id"] == ""
    assert m.index.is_unique


# -- real data -----------------------------------------------------------------------------------

@pytest.mark.realdata
def test_fdi_gdp_matches_a_hand_computation_from_the_raw_file(real_store, data_dir):
    """上海 2019 from cn/city_stats_panel_2000_2023.csv: FDI 19,048 million USD, GDP 38,155.32 亿元,
    NBS rate 689.85 yuan per 100 USD: 19,048 x 6.8985 / 100 / 38,155.32 = 3.444 %."""
    with open(data_dir / "cn" / "city_stats_panel_2000_2023.csv", encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["city_code"] == "310000" and r["year"] == "2019")
    fdi, gdp = float(row["fdi_actual_use_million_usd"]), float(row["gdp_100m_yuan"])
    hand = 100 * (fdi * 6.8985 / 100) / gdp
    assert hand == pytest.approx(3.444, abs=0.001)
    res = openness(real_store, "cn-yrd-2016", year=2019)
    t = res.tables["fdi"].set_index(["region_id", "year"])
    assert t.loc[("cn:310000", 2019), "fdi_gdp_pct"] == pytest.approx(hand, rel=1e-6)
    assert t.loc[("cn:310000", 2019), "fdi_usd_million"] == pytest.approx(fdi)


@pytest.mark.realdata
def test_openness_on_real_groups(real_store):
    us = openness(real_store, "us-boswash")
    s = us.tables["gawc"].set_index("region_id")
    assert s.loc["us-cbsa:35620", "rank_2020_of_707"] == 2          # New York
    assert s.loc["us-cbsa:35620", "rank_2000_of_315"] == 2
    assert (s["gawc_status"] == "not_in_gawc").sum() > 0            # listed as not in the set ...
    assert s.loc[s["gawc_status"] == "not_in_gawc", "gnc_2000"].isna().all()  # ... never as GNC 0
    links = us.tables["outside_links"]
    g = links[links["region_id"] == "us-boswash"].set_index(["kind", "direction"])
    assert 0 < g.loc[("tech_transfer", "out"), "outside_share"] < 1
    assert 0 < g.loc[("commuting", "out"), "outside_share"] < 0.5    # most commuting stays in BosWash
    assert (us.tables["gaps"]["status"] == "no_fdi_by_us_metro").sum() == len(s)
    cn = openness(real_store, "cn-wuhan-circle")
    trend = cn.tables["fdi_trend"].set_index("region_id")
    assert 0 < trend.loc["cn-wuhan-circle", "fdi_gdp_pct_last"] < 10
    b = cn.tables["outside_links"]
    b = b[(b["kind"] == "baidu") & (b["region_id"] != "cn-wuhan-circle")]
    assert ((b["outside_named"] <= b["outside_share"] + 1e-12) & (b["outside_share"] <= 1)).all()
    assert all(f.quality == ("secondary",) for f in cn.finding_list if f.table == "fdi_trend")


@pytest.mark.realdata
def test_openness_refuses_bad_input(real_store):
    from megaregion.errors import MegaregionError

    with pytest.raises(MegaregionError):
        openness(real_store, "no-such-group")
    with pytest.raises(MegaregionError, match="years with data"):
        openness(real_store, "cn-yrd-2016", year=1990)
    with pytest.raises(MegaregionError, match="US group"):
        openness(real_store, "us-sansan", year=2019)


@pytest.mark.realdata
def test_rank_change_joins_ds11_spellings(real_store):
    """DS11 spells Pittsburg and Cincinnatti; the member table joins them to DS31's cities, so
    their rank change among the cities in both sets is known, and homonyms stay out."""
    g = openness(real_store, "us-chipitts").tables["gawc"].set_index("region_id")
    for rid in ("us-cbsa:38300", "us-cbsa:17140"):
        assert g.loc[rid, "gawc_status"] == "gawc_2000_and_2020"
        assert not math.isnan(g.loc[rid, "rank_change_common"])
    assert g.loc["us-cbsa:18020", "gawc_status"] == "not_in_gawc"   # Columbus, IN
    assert g.loc["us-cbsa:48940", "gawc_status"] == "not_in_gawc"   # Wilmington, OH
    assert g.loc["us-cbsa:16980", "rank_common_2000"] < g.loc["us-cbsa:16980", "rank_common_2020"]
