"""Alliance recommendations and their backtest on the real data."""

from __future__ import annotations

import re

import numpy as np
import pytest

from megaregion.errors import MegaregionError

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def boswash(real_store):
    from megaregion.analysis.alliances import alliances

    return alliances(real_store, "us-boswash")


@pytest.fixture(scope="module")
def yrd(real_store):
    from megaregion.analysis.alliances import alliances

    return alliances(real_store, "cn-yrd-2016")


def test_explanations_print_the_table_values(boswash, yrd):
    for res in (boswash, yrd):
        rec = res.tables["recommendations"]
        assert len(rec) == 10
        for r in rec.itertuples():
            for text in (r.explanation, r.explanation_zh):
                assert f"{r.lq_supplier:.2f}" in text and f"{r.lq_buyer:.2f}" in text
                assert f"{r.io_coefficient:.3f}" in text and f"{r.distance_km:.0f}" in text
            # the supplier city is the stronger direction of the pair's complementarity
            forward = r.supplier_city == r.city_a
            assert (r.complementarity_ab >= r.complementarity_ba) == forward


def test_recommended_chains_are_between_different_traded_industries(boswash, yrd):
    from megaregion.analysis.alliances import CHAIN_INDUSTRIES

    for res, country in ((boswash, "us"), (yrd, "cn")):
        rec = res.tables["recommendations"]
        assert (rec["supplier_industry"] != rec["buyer_industry"]).all()
        assert rec["supplier_industry"].isin(CHAIN_INDUSTRIES[country]).all()
        assert rec["buyer_industry"].isin(CHAIN_INDUSTRIES[country]).all()
        # both partners are specialised in their end of the chain
        assert (rec["lq_supplier"] > 1).all() and (rec["lq_buyer"] > 1).all()


def test_big_cities_are_ranked_and_lead(boswash, yrd):
    cities = boswash.tables["cities"]["region_id"]
    for metro in ("us-cbsa:35620", "us-cbsa:14460", "us-cbsa:37980", "us-cbsa:47900"):  # NY, Boston, Phila, DC
        assert metro in set(cities)
    top = yrd.tables["recommendations"]
    assert (top["city_a"].eq("cn:310000") | top["city_b"].eq("cn:310000")).sum() >= 3  # Shanghai
    assert "cn:320500" in set(yrd.tables["cities"]["region_id"])  # Suzhou


def test_link_gap_actions_match_observed_and_expected(boswash):
    p = boswash.tables["pairs"]
    ok = p["observed_link"].notna() & p["expected_link"].notna()
    assert ok.sum() > 100
    ratio = p["observed_link"] / p["expected_link"]
    assert (p.loc[ok & (ratio < 1 / 1.25), "action"] == "build").all()
    assert (p.loc[ok & (ratio >= 1.25), "action"] == "consolidate").all()
    assert (p.loc[ok & (ratio >= 1 / 1.25) & (ratio < 1.25), "action"] == "as_expected").all()
    assert (p.loc[p["observed_link"].isna(), "action"] == "no_link_data").all()


def test_chinese_text_names_chinese_cities_in_chinese(yrd):
    for line in yrd.findings("zh") + list(yrd.tables["recommendations"]["explanation_zh"]):
        assert not re.search(r"[A-Za-z]{3,}", line.replace("GB/T", "")), line


def test_city_and_industry_filters(real_store):
    from megaregion.analysis.alliances import alliances

    res = alliances(real_store, "cn-yrd-2016", city="Hangzhou", industry="M", top=5)
    p = res.tables["pairs"]
    assert ((p["city_a"] == "cn:330100") | (p["city_b"] == "cn:330100")).all()
    rec = res.tables["recommendations"]
    assert ((rec["supplier_industry"] == "M") | (rec["buyer_industry"] == "M")).all()


@pytest.mark.parametrize("kwargs, expected", [
    ({"group": "us-nowhere"}, "unknown group"),
    ({"group": "us-boswash", "year": 2010}, "--year 2010"),
    ({"group": "us-boswash", "flows": "baidu"}, "--flows 'baidu'"),
    ({"group": "cn-yrd-2016", "industry": "Z"}, "--industry 'Z' is not an industry code"),
    ({"group": "cn-yrd-2016", "city": "Paris"}, "--city 'Paris'"),
    ({"group": "cn-yrd-2016", "top": 0}, "--top 0"),
])
def test_bad_input_is_one_clear_error(real_store, kwargs, expected):
    from megaregion.analysis.alliances import alliances

    with pytest.raises(MegaregionError, match=re.escape(expected)):
        alliances(real_store, **kwargs)


def test_backtest_reports_lift_auc_and_precision(real_store):
    from megaregion.analysis.alliance_backtest import alliance_backtest

    res = alliance_backtest(real_store, ks=(100,))
    bt, auc = res.tables["backtest"], res.tables["auc"]
    assert set(bt["split"]) == {"1976-1999 -> 2000-2023", "1950-1975 -> 1976-1999"}
    assert ((bt["precision_at_k"] >= 0) & (bt["precision_at_k"] <= 1)).all()
    assert np.allclose(bt["lift_matched"], bt["precision_at_k"] / bt["matched_random"])
    assert ((auc["auc"] > 0) & (auc["auc"] < 1)).all()
    design = res.tables["design"]
    assert (design["new_links"] > 1000).all() and (design["candidate_pairs"] > 10_000).all()


def test_triads_are_means_of_ranked_pairs(yrd):
    pairs = yrd.tables["pairs"]
    score = {frozenset((a, b)): s for a, b, s in zip(pairs["city_a"], pairs["city_b"], pairs["score"])}
    triads = yrd.tables["triads"]
    assert len(triads) == 5
    for t in triads.itertuples():
        ss = [score[frozenset(p)] for p in ((t.city_1, t.city_2), (t.city_1, t.city_3), (t.city_2, t.city_3))]
        assert t.score == pytest.approx(np.mean(ss)) and t.weakest_pair_score == pytest.approx(min(ss))
        assert t.explanation.count("->") == 3 and t.explanation_zh.count("→") == 3
