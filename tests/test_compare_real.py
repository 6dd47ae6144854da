"""Side by side on the real data: national shares and location quotients recomputed from the raw
files with pandas (no reader, store or kernel), and what the findings say about missing cores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from megaregion.analysis.compare import compare

pytestmark = pytest.mark.realdata

# Sector families written out here from docs/sector-crosswalk.md, independently of the code.
NAICS2_FAMILY = {"11": "agriculture", "21": "mining", "22": "utilities", "23": "construction",
                 "31-33": "manufacturing", "42": "trade", "44-45": "trade", "48-49": "transport_logistics",
                 "51": "information_software", "52": "finance", "53": "real_estate",
                 "54": "business_professional", "55": "business_professional", "56": "business_professional",
                 "61": "education", "62": "health", "71": "culture_leisure", "72": "culture_leisure",
                 "81": "other", "99": "other"}
# the 19 section columns of cn/city_employment_by_industry, in file order (GB/T 4754-2002 A-S)
CN_SECTION_FAMILY = ["agriculture", "mining", "manufacturing", "utilities", "construction",
                     "transport_logistics", "information_software", "trade", "culture_leisure", "finance",
                     "real_estate", "business_professional", "research_technical", "other", "other",
                     "education", "health", "culture_leisure", "public_administration"]
APS = ["information_software", "finance", "business_professional", "research_technical"]


@pytest.fixture(scope="module")
def res(real_store):
    return compare(real_store, "us-boswash", "cn-yrd-2016", network=False)


def _pooled(F: pd.DataFrame, fams: list[str], rows=None) -> float:
    """Share of ``fams`` pooled over rows whose families ``fams`` are all known; a row's total is
    the sum of its known families."""
    F = F if rows is None else F.loc[rows]
    T = F.sum(axis=1, min_count=1)
    x = F[fams].sum(axis=1, skipna=False)
    ok = x.notna() & T.notna()
    return x[ok].sum() / T[ok].sum()


def _us_families(data_dir) -> pd.DataFrame:
    raw = pd.read_csv(data_dir / "us" / "cbp_cbsa_naics2to4_2018_2019.csv.gz",
                      dtype={"cbsa_code": str, "naics": str})
    r = raw[(raw.year == 2019) & (raw.level == 2) & (raw.naics != "00")].copy()
    r.loc[(r.employees == 0) & (r.establishments > 0), "employees"] = np.nan  # withheld
    X = r.pivot(index="cbsa_code", columns="naics", values="employees")
    present = r.assign(p=1).pivot(index="cbsa_code", columns="naics", values="p").notna()
    X = X.where(present, 0.0)  # no row: fewer than three establishments
    fam = pd.Series(NAICS2_FAMILY)
    return pd.DataFrame({f: X[list(cols.index)].sum(axis=1, skipna=False) for f, cols in fam.groupby(fam)})


def _cn_families(data_dir) -> pd.DataFrame:
    raw = pd.read_csv(data_dir / "cn" / "city_employment_by_industry_2000_2022.csv.gz",
                      dtype={"行政区划代码": str})
    sections = list(raw.columns[12:31])  # 农林牧渔业 ... 公共管理和社会组织
    assert sections[0].startswith("农林牧渔") and sections[-1].startswith("公共管理")
    sec = raw[raw["年份"] == 2019].set_index("行政区划代码")[sections]
    sec = sec[sec.notna().any(axis=1)]
    sec.columns = range(19)
    fam = pd.Series(CN_SECTION_FAMILY)
    return pd.DataFrame({f: sec[list(cols.index)].sum(axis=1, skipna=False) for f, cols in fam.groupby(fam)})


def test_us_national_shares_match_the_raw_metro_file(res, data_dir):
    F = _us_families(data_dir)
    st = res.tables["structure"].set_index(["side", "family"])
    for fam in ("manufacturing", "finance", "trade", "business_professional"):
        assert st.loc[("a", fam), "nation_share"] == pytest.approx(_pooled(F, [fam]), rel=1e-12), fam


def test_shanghai_lqs_match_the_raw_yearbook_compilation(res, data_dir):
    F = _cn_families(data_dir)
    row = res.tables["comparison"].set_index("indicator")
    for ind, fams in (("lq_manufacturing_core", ["manufacturing"]), ("lq_advanced_services_core", APS)):
        expected = _pooled(F, fams, ["310000"]) / _pooled(F, fams)
        assert row.loc[ind, "value_b"] == pytest.approx(expected, rel=1e-12), ind
    # New York and Boston against all metros, pooled (the BosWash core)
    U = _us_families(data_dir)
    lq_aps = _pooled(U, APS[:3], ["35620", "14460"]) / _pooled(U, APS[:3])
    assert row.loc["lq_advanced_services_core", "value_a"] == pytest.approx(lq_aps, rel=1e-12)


def test_the_core_balance_is_the_structure_workflows(res, real_store):
    from megaregion.analysis.composite_centre import composite_structure

    s = composite_structure(real_store.group("cn-yrd-2016"), (2018, 2019), source="cn/city_employment")
    row = res.tables["comparison"].set_index("indicator")
    assert row.loc["core_balance_index", "value_b"] == s.summary().set_index("year").loc[2019, "core_balance_index"]


def test_a_core_without_data_is_named_in_the_findings(real_store):
    r = compare(real_store, "us-sansan", "cn-chengyu-2016", network=False)
    patents = [f for f in r.finding_list if f.column and f.where == {"indicator": "patents_relative_to_nation"}]
    assert patents and "without its core Chengdu" in patents[0].en and "成都市" in patents[0].zh
    assert "cn:510100" in set(r.tables["left_out"]["region_id"])


def test_population_gravity_is_the_us_gravity_network(real_store):
    """US gravity in the network workflow is population / d^2 without a floor: the shared
    definition must give the same polycentricity there (and its own on the Chinese side)."""
    from megaregion.analysis.compare import _population_gravity_side, population_gravity
    from megaregion.analysis.hierarchy_network import hierarchy_to_network

    mr = real_store.group("us-sansan")
    mine = _population_gravity_side(mr, 2019)["row"]
    theirs = hierarchy_to_network(mr, "gravity", ["2019"], n_perm=1).tables["networks"].iloc[0]
    assert mine["polycentricity"] == pytest.approx(theirs["polycentricity"], rel=1e-9)
    assert mine["top_pair_share"] == pytest.approx(theirs["top_pair_share"], rel=1e-9)
    G, ids, pop = population_gravity(real_store.group("cn-yrd-2016"), 2019)
    i, j = ids.index("cn:310000"), ids.index("cn:320500")  # Shanghai - Suzhou, by hand
    units = real_store.group("cn-yrd-2016").cities().set_index("region_id")
    lat1, lon1 = np.radians(units.loc["cn:310000", ["lat", "lon"]].astype(float))
    lat2, lon2 = np.radians(units.loc["cn:320500", ["lat", "lon"]].astype(float))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    d = 2 * 6371.0088 * np.arcsin(np.sqrt(h))
    assert G[i, j] == pytest.approx(pop["cn:310000"] * pop["cn:320500"] / d ** 2, rel=1e-6)


def test_two_groups_of_one_country_compare_like_with_like(real_store):
    r = compare(real_store, "us-boswash", "us-sansan", n_perm=1)
    c = r.tables["comparison"].set_index("indicator")
    # every row but the innovation rank (an index computed within each group) compares directly
    assert set(c.drop(index="core_innovation_rank")["comparable"]) == {"comparable"}
    assert c.loc["core_innovation_rank", "comparable"] == "partly_comparable"
    assert c.loc["gravity_population:polycentricity", "value_a"] == pytest.approx(
        c.loc["gravity:polycentricity", "value_a"])  # the US gravity is the population gravity
    assert any("same country" in str(n) for n in r.notes)
