"""R&D co-funding between universities, industry and others, checked against the raw NSF files."""

from __future__ import annotations

import pandas as pd
import pytest

from megaregion.analysis.cofunding import cofunding
from megaregion.errors import MegaregionError
from test_cli import run  # the one CLI runner of the test suite


def _group_members(store, gid, level):
    ids = store.con.execute(
        "SELECT g.region_id FROM groups g JOIN regions r USING (region_id) "
        "WHERE g.group_id = ? AND r.level = ?", [gid, level]).df()["region_id"]
    return set(ids.str.split(":").str[1])


def test_shares_equal_a_direct_computation_from_the_raw_files(real_store, data_dir):
    res = cofunding(real_store, ["us-boswash", "us-sansan"], herd_year=2016)
    summary = res.summary().set_index("group_id")
    # HERD: one row per institution-year (the file repeats institutions across ZIP counties);
    # a metro with any unknown business-financed amount is unknown as a whole
    herd = pd.read_csv(data_dir / "us" / "nsf_herd_institutions_2012_2016.csv",
                       dtype={"county_fips": str, "business_financed_rd_flag": str})
    herd = herd[herd["year"] == 2016].drop_duplicates(["year", "rdinst"]).dropna(subset=["county_fips"])
    # each institution in its main campus's county (the reader's checked table, io.us_innovation)
    from megaregion.io.us_innovation import HERD_MAIN_COUNTY

    main = herd["rdinst"].astype(str).map(lambda r: HERD_MAIN_COUNTY.get(r, (None,))[0])
    herd = herd.assign(county_fips=main.fillna(herd["county_fips"]))
    unknown = herd["business_financed_rd_flag"].fillna("").str.strip().str.lower().eq("u") | \
        herd["business_financed_rd_k"].isna()
    bad_counties = set(herd.loc[unknown, "county_fips"])
    ok = herd[~herd["county_fips"].isin(bad_counties)]
    # BRDIS withholds cells as D (and * for small values): unknown, so the metro is left out
    brdis = pd.read_csv(data_dir / "us" / "nsf_brdis_business_rd_cbsa_2015.csv", dtype={"cbsa_code": str},
                        na_values=["D", "*"])
    brdis = brdis.dropna(subset=["business_rd_paid_by_company_musd", "business_rd_paid_by_others_musd"])
    for gid in ("us-boswash", "us-sansan"):
        h = ok[ok["county_fips"].isin(_group_members(real_store, gid, "county"))]
        expected = h["business_financed_rd_k"].sum() / h["total_rd_k"].sum()
        assert summary.loc[gid, "university_rd_business_pct"] == pytest.approx(100 * expected, rel=1e-12)
        assert summary.loc[gid, "university_rd_business_pct_regions"] == h["county_fips"].nunique()
        b = brdis[brdis["cbsa_code"].isin(_group_members(real_store, gid, "metro"))]
        expected_b = b["business_rd_paid_by_others_musd"].sum() / (
            b["business_rd_paid_by_company_musd"].sum() + b["business_rd_paid_by_others_musd"].sum())
        # BRDIS metros whose counties moved between delineations are split over the store's
        # metros by population (io.us_vintages), so the pooled share moves slightly.
        assert summary.loc[gid, "business_rd_other_funded_pct"] == pytest.approx(100 * expected_b, rel=0.01)
    nation = ok["business_financed_rd_k"].sum() / ok["total_rd_k"].sum()
    assert summary.loc["us", "university_rd_business_pct"] == pytest.approx(100 * nation, rel=1e-12)
    assert summary.loc["us-boswash", "university_rd_business_pct_gap_pp"] == pytest.approx(
        summary.loc["us-boswash", "university_rd_business_pct"] - 100 * nation)
    assert len(res.findings()) == 4 and "全国" in res.findings("zh")[0]


def test_chinese_groups_and_bad_years_are_refused(real_store):
    with pytest.raises(MegaregionError, match="only for US metros"):
        cofunding(real_store, ["cn-yrd"])
    with pytest.raises(MegaregionError, match="no data for 2010"):
        cofunding(real_store, ["us-boswash"], herd_year=2010)


def test_cli_cofunding(capsys, real_store, tmp_path):
    real_store.con.execute("CHECKPOINT")
    code, out, err = run(capsys, "--lang", "zh", "--store", real_store.path, "cofunding", "us-boswash",
                         "us-chipitts", "--out", str(tmp_path / "cf.xlsx"))
    assert code == 0, err
    assert "高校研发中企业资助比重（%）" in out and "us-chipitts" in out and (tmp_path / "cf.xlsx").exists()
