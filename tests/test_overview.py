"""The side-by-side group profile on the real data, checked against the raw files."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from megaregion.analysis.overview import group_profile


@pytest.fixture(scope="module")
def profile(real_store):
    groups = [real_store.group(g) for g in ("us-boswash", "us-chipitts", "us-sansan", "cn-yrd", "cn-chengyu")]
    return group_profile(groups)


def test_shares_add_up(profile):
    p = profile.tables["profile"]
    total = p[["share_primary", "share_secondary", "share_tertiary"]].sum(axis=1)
    assert ((total - 1).abs() < 1e-12).all()
    fam = profile.tables["family_shares"].groupby(["group_id", "year"])["share"].sum()
    assert ((fam - 1).abs() < 1e-12).all()


def test_us_facts(profile):
    p = profile.tables["profile"].set_index(["group_id", "year"])
    # The Great Lakes megaregion is the manufacturing one; BosWash the service one.
    assert p.loc[("us-chipitts", 2019), "share_manufacturing"] > 2 * p.loc[("us-boswash", 2019), "share_manufacturing"]
    assert p.loc[("us-boswash", 2019), "share_advanced_services"] > p.loc[("us-chipitts", 2019), "share_advanced_services"]
    assert p.loc[("us-boswash", 2019), "members"] == 39


def test_us_employment_equals_raw_metro_file(profile, data_dir):
    """BosWash 2019 employment = sum over its metros' 2-digit sectors in the raw metro CBP file."""
    raw = pd.read_csv(data_dir / "us" / "cbp_cbsa_naics2to4_2018_2019.csv.gz", dtype={"cbsa_code": str, "naics": str})
    counties = pd.read_csv(data_dir / "us" / "megaregions_counties_2023.csv", dtype=str)
    mega = pd.read_csv(data_dir / "us" / "megaregions_cbsa_2023.csv", dtype=str)
    codes = set(mega.loc[mega.group_id == "us-boswash", "cbsa_code"]) | set(
        counties.loc[counties.group_id == "us-boswash", "cbsa_code_2018"].dropna())
    r = raw[(raw.year == 2019) & raw.cbsa_code.isin(codes) & (raw.level == 2) & (raw.naics != "00")]
    # cells with employees == 0 but establishments > 0 are withheld, not zeros: excluded either way
    expected = r.loc[~((r.employees == 0) & (r.establishments > 0)), "employees"].sum()
    got = profile.tables["profile"].set_index(["group_id", "year"]).loc[("us-boswash", 2019), "employment"]
    assert got == expected


def test_cn_tertiary_share_equals_raw_panel(profile, data_dir):
    raw = pd.read_csv(data_dir / "cn" / "city_stats_panel_2000_2023.csv", dtype={"city_code": str})
    clusters = pd.read_csv(data_dir / "cn" / "clusters.csv", dtype={"city_code": str})
    yrd = set(clusters.loc[clusters.cluster_id == "yrd_2016", "city_code"])
    r = raw[(raw.year == 2019) & raw.city_code.isin(yrd)]
    va = r[["va_primary_100m_yuan", "va_secondary_100m_yuan", "va_tertiary_100m_yuan"]].sum()
    expected = va["va_tertiary_100m_yuan"] / va.sum()
    got = profile.tables["profile"].set_index(["group_id", "year"]).loc[("cn-yrd-2016", 2019), "share_tertiary"]
    assert got == pytest.approx(expected, rel=1e-12)
    assert got > 0.5


def test_findings_in_both_languages_and_exports(profile, tmp_path):
    en, zh = profile.findings("en"), profile.findings("zh")
    assert len(en) == len(zh) > 0
    assert any("BosWash" in s for s in en) and any("长江三角洲" in s for s in zh)
    d = profile.to_dict()
    json.dumps(d)  # JSON-ready: no NaN, no numpy scalars
    assert d["tables"]["profile"][0]["group_id"] == "us-boswash"
    xlsx = profile.to_excel(tmp_path / "p.xlsx")
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert {"profile", "family_shares", "findings", "notes"} <= set(sheets)
    assert len(sheets["profile"]) == len(profile.tables["profile"])
