"""Chinese readers: totals against the raw files (read independently with plain pandas),
the data README's checked examples, cluster sizes, and precise errors on bad input."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from megaregion.model.flows import window_mean
from megaregion.errors import DataError
from megaregion.io import cn_cities, cn_flows, cn_innovation, registry
from megaregion.model.schema import duplicate_keys


def _raw(data_dir: Path, name: str, **kw) -> pd.DataFrame:
    return pd.read_csv(data_dir / "cn" / name, dtype={"city_code": str, "origin_code": str,
                                                     "dest_code": str, "province_code": str}, **kw)


def _ind(batch, region, year, indicator):
    df = batch.tables["indicators"].to_pandas()
    row = df[(df.region_id == region) & (df.year == year) & (df.indicator == indicator)]
    assert len(row) == 1, (region, year, indicator, len(row))
    return row.iloc[0]


def _no_duplicate_keys(batch):
    for name, table in batch.tables.items():
        assert duplicate_keys(name, table).num_rows == 0, name


@pytest.fixture(scope="module")
def yreb_codes(data_dir):
    c = _raw(data_dir, "cities.csv")
    return set(c.loc[c.in_yreb, "city_code"])


# --------------------------------------------------------------------------- cities, clusters

def test_registry_points_at_these_readers(data_dir):
    for ds in ("cn/cities", "cn/clusters", "cn/city_panel", "cn/census", "cn/yearbook_firms_2015",
               "cn/universities", "cn/patents_connectivity"):
        batch = registry.get(ds).read(data_dir)
        assert batch.dataset == ds
        _no_duplicate_keys(batch)
        for t in batch.tables.values():
            assert set(t.column("source").to_pylist()) == {ds}


def test_cities(data_dir):
    raw = _raw(data_dir, "cities.csv")
    b = cn_cities.read_cities(data_dir)
    r = b.tables["regions"].to_pandas()
    cities = r[r.level == "city"]
    assert len(cities) == len(raw) == 364
    assert len(r[r.level == "province"]) == raw.province_code.nunique() == 31
    assert r.loc[r.level == "nation", "region_id"].tolist() == ["cn"]
    assert cities.name.is_unique and cities.name.notna().all()
    names = dict(zip(cities.region_id, cities.name))
    assert names["cn:320500"] == "Suzhou (Jiangsu)" and names["cn:341300"] == "Suzhou (Anhui)"
    assert names["cn:331000"] == "Taizhou (Zhejiang)"
    assert names["cn:341400"] == "Chaohu"  # historical 巢湖 kept, no coordinates
    chaohu = cities[cities.region_id == "cn:341400"].iloc[0]
    assert chaohu.name_zh == "巢湖市" and pd.isna(chaohu.lat) and chaohu.parent == "cn-prov:340000"
    sh = cities[cities.region_id == "cn:310000"].iloc[0]
    raw_sh = raw[raw.city_code == "310000"].iloc[0]
    assert (sh.lat, sh.lon) == (raw_sh.latitude, raw_sh.longitude)
    assert set(cities.parent) <= set(r.loc[r.level == "province", "region_id"])
    assert "cn:429004" in names  # 仙桃, county-level unit under the province


def test_cluster_sizes_cores_membership(data_dir):
    raw = _raw(data_dir, "clusters.csv")
    g = cn_cities.read_clusters(data_dir).tables["groups"].to_pandas()
    sizes = g.groupby("group_id").size().to_dict()
    expected = {"cn-yrd-2016": 26, "cn-yrd-2019-central": 27, "cn-yrd-2019-full": 41,
                "cn-myr-2015": 31, "cn-wuhan-circle": 9, "cn-cztan-core": 3, "cn-huan-cztan": 8,
                "cn-poyang-lake": 10, "cn-chengyu-2016": 16, "cn-yreb": 131}
    assert sizes == expected
    raw_sizes = raw.groupby("cluster_id").size()
    for cid, n in raw_sizes.items():
        assert sizes["cn-" + cid.replace("_", "-")] == n
    cores = g[g.role == "core"].groupby("group_id").region_id.apply(set).to_dict()
    assert cores["cn-yrd-2016"] == {"cn:310000"} and cores["cn-yreb"] == {"cn:310000"}
    assert cores["cn-myr-2015"] == {"cn:420100", "cn:430100", "cn:360100"}
    assert cores["cn-chengyu-2016"] == {"cn:500000", "cn:510100"}
    assert cores["cn-poyang-lake"] == {"cn:360100"} and cores["cn-huan-cztan"] == {"cn:430100"}
    assert (g.membership == "partial").sum() == (raw.membership == "partial").sum() == 8
    cq = g[(g.group_id == "cn-chengyu-2016") & (g.region_id == "cn:500000")].iloc[0]
    assert cq.membership == "partial" and cq.vintage == "2016" and "成渝" in cq.source_note
    yrd = g[g.group_id == "cn-yrd-2016"].iloc[0]
    assert yrd.group_name_zh == "长江三角洲城市群" and "26 cities" in yrd.group_name
    assert "cn:341400" in set(g.loc[g.group_id == "cn-yreb", "region_id"])  # 巢湖 in the belt


# --------------------------------------------------------------------------- panel, census

def test_city_panel_checked_examples_and_totals(data_dir, yreb_codes):
    raw = _raw(data_dir, "city_stats_panel_2000_2023.csv")
    b = cn_cities.read_city_panel(data_dir)
    _no_duplicate_keys(b)
    assert _ind(b, "cn:310000", 2019, "gdp").value == 38155.32
    assert _ind(b, "cn:310000", 2019, "gdp").unit == "cny_100m"
    # README: 武汉 16,223.21 and 成都 17,012.7 (rounded); the file holds 16223.2106 and 17012.65
    raw_gdp = raw.set_index(["city_code", "year"]).gdp_100m_yuan
    for code, readme in (("420100", 16223.21), ("510100", 17012.7)):
        got = _ind(b, f"cn:{code}", 2019, "gdp").value
        assert got == raw_gdp[(code, 2019)] and abs(got - readme) <= 0.051
    assert _ind(b, "cn:310000", 2019, "fdi_actual_use").value == 19048
    pop = _ind(b, "cn:310000", 2019, "population_resident")
    assert pop.unit == "persons" and pop.value == 2481 * 10_000

    act = b.tables["activity"].to_pandas()
    assert set(act.industry) == {"primary", "secondary", "tertiary"}
    assert set(act.unit) == {"cny_100m"} and set(act.flag) == {"secondary", "inconsistent"}
    sec = act[(act.year == 2019) & (act.industry == "secondary")
              & act.region_id.str[3:].isin(yreb_codes)].value.sum()
    raw19 = raw[(raw.year == 2019) & raw.city_code.isin(yreb_codes)]
    assert sec == pytest.approx(raw19.va_secondary_100m_yuan.sum(), rel=1e-12)
    # not rounded: the single-precision artefact survives
    prim = act[(act.region_id == "cn:310000") & (act.year == 2019) & (act.industry == "primary")]
    assert prim.value.iloc[0] == 103.879997253418
    # every non-empty value-added cell is imported, nothing else
    assert len(act) == raw[["va_primary_100m_yuan", "va_secondary_100m_yuan",
                            "va_tertiary_100m_yuan"]].notna().sum().sum()
    ind = b.tables["indicators"].to_pandas()
    assert not ind.indicator.str.startswith("share").any()
    assert (ind.indicator == "gdp").sum() == raw.gdp_100m_yuan.notna().sum()
    interp = ind[ind.indicator == "population_resident_vendor_interpolated"]
    assert len(interp) == raw.resident_pop_10k_vendor_interpolated.notna().sum()
    assert interp.value.sum() == pytest.approx(raw.resident_pop_10k_vendor_interpolated.sum() * 1e4)
    assert any("654100" in n for n in b.notes)  # unlisted historical unit kept and named
    assert any("single precision" in n for n in b.notes)


def test_census(data_dir):
    raw = _raw(data_dir, "census_population_2010_2020.csv")
    b = cn_cities.read_census(data_dir)
    _no_duplicate_keys(b)
    sh = _ind(b, "cn:310000", 2020, "population_census")
    assert sh.value == 24_870_895 and sh.unit == "persons"
    assert _ind(b, "cn:310000", 2010, "population_census").value == 23_019_196
    assert _ind(b, "cn:310000", 2020, "population_census_urban").value == 22_209_395
    assert _ind(b, "cn:110000", 2020, "household_size").unit == "persons_per_household"
    assert _ind(b, "cn:110000", 2020, "sex_ratio").value == 104.7
    assert _ind(b, "cn:110000", 2020, "population_share_age_65plus").unit == "percent"
    ind = b.tables["indicators"].to_pandas()
    for y in (2010, 2020):
        got = ind[(ind.indicator == "population_census") & (ind.year == y)].value.sum()
        assert got == raw[f"pop_{y}"].sum()
    # Hong Kong is kept with a minimal region row
    assert "cn:810000" in set(b.tables["regions"].column("region_id").to_pylist())


def test_yearbook_firms(data_dir):
    raw = _raw(data_dir, "city_yearbook_firms_2015.csv")
    b = cn_cities.read_yearbook_firms(data_dir)
    gdp = _ind(b, "cn:310000", 2015, "gdp")
    assert gdp.value == 251_234_500 and gdp.unit == "cny_10k"  # 25,123.45 亿元
    assert _ind(b, "cn:110000", 2015, "new_firms_total").value == 195_476
    ind = b.tables["indicators"].to_pandas()
    for col in ("new_firms_primary", "new_firms_secondary", "new_firms_tertiary"):
        assert ind[ind.indicator == col].value.sum() == raw[col].sum()
    assert (ind.indicator == "employment").sum() == raw.employment_persons.notna().sum() == 278


# --------------------------------------------------------------------------- innovation

def test_universities(data_dir):
    raw19 = _raw(data_dir, "universities_count_by_city_2019.csv")
    rawp = _raw(data_dir, "universities_count_by_city_1985_2012.csv")
    b = cn_innovation.read_universities(data_dir)
    _no_duplicate_keys(b)
    for code, n in {"420100": 83, "500000": 65, "310000": 64, "430100": 57}.items():
        row = _ind(b, f"cn:{code}", 2019, "universities")
        assert row.value == n and row.unit == "count"
    ind = b.tables["indicators"].to_pandas()
    u19 = ind[(ind.indicator == "universities") & (ind.year == 2019)]
    assert len(u19) == 363 and "cn:341400" not in set(u19.region_id)  # 巢湖 blank in 2019
    assert u19.value.sum() == raw19.n_institutions.sum() == 2688
    nat = ind[(ind.indicator == "universities") & (ind.year < 2019)].groupby("year").value.sum()
    assert nat[1985] == 1046 and nat[2010] == 2352 and nat[2012] == 2457
    assert nat.sum() == rawp.n_colleges.sum()
    voc = ind[(ind.indicator == "universities_vocational") & (ind.year == 2005)].value.sum()
    assert voc == rawp[rawp.year == 2005].n_junior_college.sum()
    assert any("mid-period" in n for n in b.notes)


def test_patents_connectivity(data_dir):
    raw = _raw(data_dir, "city_patents_connectivity_liang2024.csv")
    b = cn_innovation.read_patents_connectivity(data_dir)
    gdp = _ind(b, "cn:310000", 2016, "gdp")
    assert gdp.value == 2.817865e12 and gdp.unit == "cny"
    assert _ind(b, "cn:110000", 2017, "patents").value == 106_499
    assert _ind(b, "cn:310000", 2017, "patents").value == 72_327
    ind = b.tables["indicators"].to_pandas()
    assert ind[ind.indicator == "patents"].value.sum() == raw.patents_2017.sum()
    assert (ind.indicator == "patents").sum() == 275
    assert "cn:510100" not in set(ind.region_id)  # 成都 missing in the source
    assert set(ind.loc[ind.indicator == "weibo_degree", "year"]) == {2015}


# --------------------------------------------------------------------------- Baidu

@pytest.fixture(scope="module")
def baidu(data_dir):
    return cn_flows.read_baidu_migration(data_dir)


def test_baidu_reader(baidu, data_dir):
    f = baidu.tables["flows"]  # speed is a benchmark's business, not a test's
    assert f.num_rows == 1_345_777
    df = f.to_pandas()
    assert set(df.kind) == {"migration_share"} and set(df.unit) == {"percent"}
    assert set(df.year) == {2020} and df.directed.all()
    assert df.period.nunique() == 91 and df.period.min() == "2020-01-01"
    wuhan = df[(df.period == "2020-01-20") & (df.category == "origin_outflow")
               & (df.origin == "cn:420100")].nlargest(2, "weight")
    assert wuhan.destination.tolist() == ["cn:420900", "cn:421100"]  # 孝感, 黄冈
    assert wuhan.weight.tolist() == [14.24, 12.45]
    raw = _raw(data_dir, "flows_baidu_migration_yreb_2020q1.csv.gz")
    for share_of in ("origin_outflow", "destination_inflow"):
        assert df[df.category == share_of].weight.sum() == pytest.approx(
            raw[raw.share_of == share_of].share_pct.sum(), rel=1e-12)


def test_window_mean_hand_made():
    rows = [  # 3 days; A->B missing on day 2 (Baidu drops zeros) -> counts as 0
        ("2020-01-01", "cn:A", "cn:B", 10.0), ("2020-01-03", "cn:A", "cn:B", 20.0),
        ("2020-01-01", "cn:A", "cn:C", 3.0), ("2020-01-02", "cn:A", "cn:C", 3.0),
        ("2020-01-03", "cn:A", "cn:C", 6.0), ("2020-01-02", "cn:B", "cn:A", 9.0),
        ("2020-01-04", "cn:A", "cn:B", 99.0),  # outside the window
    ]
    flows = pd.DataFrame(rows, columns=["period", "origin", "destination", "weight"])
    flows["category"] = "origin_outflow"
    flows["kind"] = "migration_share"
    flows["unit"] = "percent"
    other = flows.assign(category="destination_inflow", weight=50.0)  # must not be mixed in
    out = window_mean(pd.concat([flows, other]), "2020-01-01", "2020-01-03")
    got = {(o, d): w for o, d, w in zip(out.origin, out.destination, out.weight)}
    assert got == {("cn:A", "cn:B"): pytest.approx(10.0), ("cn:A", "cn:C"): pytest.approx(4.0),
                   ("cn:B", "cn:A"): pytest.approx(3.0)}
    assert set(out.period) == {"2020-01-01/2020-01-03"} and set(out.year) == {2020}
    assert out.attrs["n_days"] == 3 and set(out.category) == {"origin_outflow"}
    inflow = window_mean(pd.concat([flows, other]), "2020-01-01", "2020-01-03",
                                  share_of="destination_inflow")
    assert sorted(inflow.weight) == pytest.approx([50.0 / 3, 50.0 * 2 / 3, 50.0])


def test_window_mean_real_pair(baidu, data_dir):
    df = baidu.tables["flows"].to_pandas()
    out = window_mean(df, "2020-01-10", "2020-01-22")
    assert out.attrs["n_days"] == 13
    raw = _raw(data_dir, "flows_baidu_migration_yreb_2020q1.csv.gz")
    sel = raw[(raw.share_of == "origin_outflow") & (raw.date >= "2020-01-10")
              & (raw.date <= "2020-01-22") & (raw.origin_code == "420100")
              & (raw.dest_code == "421100")]
    got = out[(out.origin == "cn:420100") & (out.destination == "cn:421100")].weight.iloc[0]
    assert got == pytest.approx(sel.share_pct.sum() / 13)


def test_window_mean_rejects_empty_window(baidu):
    from megaregion.errors import MegaregionError

    df = baidu.tables["flows"].to_pandas().head(1000)
    with pytest.raises(MegaregionError, match="no origin_outflow"):
        window_mean(df, "2021-01-01", "2021-01-31")
    with pytest.raises(MegaregionError, match="before its start"):
        window_mean(df, "2020-01-31", "2020-01-01")


# --------------------------------------------------------------------------- bad input

CITIES_HEADER = ("city_code,city_name_zh,city_name_en,province_code,province_name_zh,"
                 "province_name_en,unit_type,longitude,latitude,in_yreb,yreb_section,status\n")
CITY_ROW = "310000,上海市,Shanghai,310000,上海市,Shanghai,municipality,121.47,31.23,True,lower,x\n"


def _write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if rel.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_missing_column_is_named(tmp_path):
    _write(tmp_path, "cn/cities.csv", CITIES_HEADER.replace("latitude,", "lattitude,")
           + CITY_ROW)
    with pytest.raises(DataError) as err:
        cn_cities.read_cities(tmp_path)
    msg = str(err.value)
    assert "cities.csv" in msg and "row 1" in msg and "'latitude'" in msg and "missing" in msg
    assert "lattitude" in msg  # the close match is suggested


def test_non_numeric_value_is_located(tmp_path):
    header = ("city_code,city_name_zh,province_code,year,gdp_100m_yuan,va_primary_100m_yuan,"
              "va_secondary_100m_yuan,va_tertiary_100m_yuan,gdp_index_prev_year_eq_100,"
              "resident_pop_10k,resident_pop_10k_vendor_interpolated,land_area_km2,"
              "fdi_actual_use_million_usd,loans_10k_yuan,deposits_10k_yuan\n")
    good = "310000,上海市,310000,2019,38155.32,103.88,10299.16,27752.28,106,2481,2481,6341,19048,1,2\n"
    bad = "420100,武汉市,420000,2019,16223.21,1,2,3,107,1121,1121,8569,12x,1,2\n"
    _write(tmp_path, "cn/city_stats_panel_2000_2023.csv", header + good + bad)
    with pytest.raises(DataError) as err:
        cn_cities.read_city_panel(tmp_path)
    msg = str(err.value)
    assert "city_stats_panel_2000_2023.csv" in msg and "row 3" in msg
    assert "'fdi_actual_use_million_usd'" in msg and "'12x'" in msg


PANEL_HEADER = ("city_code,city_name_zh,province_code,year,gdp_100m_yuan,va_primary_100m_yuan,"
                "va_secondary_100m_yuan,va_tertiary_100m_yuan,gdp_index_prev_year_eq_100,"
                "resident_pop_10k,resident_pop_10k_vendor_interpolated,land_area_km2,"
                "fdi_actual_use_million_usd,loans_10k_yuan,deposits_10k_yuan\n")


def test_city_panel_flags_secondary_and_inconsistent_rows(tmp_path):
    """Every value is 'secondary' (the README calls the panel a secondary compilation); the
    value-added rows of a city-year whose sectors miss GDP by more than 1 % are 'inconsistent'.
    Rows copied from the real panel: 上海 2019 sums to GDP, 杭州 2017 does not (12,556.16 against
    13,160.72 亿元, 4.6 %); plus made-up edge cases at the tolerance."""
    rows = [
        "310000,上海市,310000,2019,38155.32,103.879997253418,10299.16015625,27752.279296875,106,2481,2481,6341,19048,1,2",
        "330100,杭州市,330000,2017,13160.72,311.67,4387.19,7857.3,108.2,1092.1,1092.1,16596,6610.009765625,1,2",
        # 0.9 % off: within the tolerance
        "420100,武汉市,420000,2019,100,10,40,49.1,107,1121,1121,8569,1,1,2",
        # 1.1 % off, sectors above GDP
        "430100,长沙市,430000,2019,100,10,40,51.1,107,800,800,11819,1,1,2",
        # one sector empty: the partial sum already exceeds GDP by more than 1 %
        "510100,成都市,510000,2019,100,,60,42,107,1600,1600,14335,1,1,2",
        # one sector empty and below GDP: unknown, not inconsistent
        "500000,重庆市,500000,2019,100,,20,30,107,3100,3100,82400,1,1,2",
        # no GDP: nothing to check
        "320100,南京市,320000,2019,,1,2,3,107,850,850,6587,1,1,2",
    ]
    _write(tmp_path, "cn/city_stats_panel_2000_2023.csv", PANEL_HEADER + "\n".join(rows) + "\n")
    b = cn_cities.read_city_panel(tmp_path)
    act = b.tables["activity"].to_pandas()
    flags = act.groupby("region_id")["flag"].agg(set).to_dict()
    assert flags == {"cn:310000": {"secondary"}, "cn:330100": {"inconsistent"},
                     "cn:420100": {"secondary"}, "cn:430100": {"inconsistent"},
                     "cn:510100": {"inconsistent"}, "cn:500000": {"secondary"},
                     "cn:320100": {"secondary"}}
    assert (act.region_id == "cn:330100").sum() == 3 and (act.region_id == "cn:510100").sum() == 2
    ind = b.tables["indicators"].to_pandas()
    assert len(ind) and set(ind.flag) == {"secondary"}  # GDP too: the check does not say which is wrong
    gdp = _ind(b, "cn:330100", 2017, "gdp")
    assert gdp.value == 13160.72 and gdp.flag == "secondary"
    # the import note counts each flag, in both languages
    note = next(n for n in b.notes if "Quality" in n)
    assert "secondary compilation" in note and "19 values, 11 'secondary' and 8 'inconsistent'" in note
    assert "3 of 6 city-years" in note and "within 1 % of GDP" in note
    assert "杭州市 2017" in note and "长沙市 2019" in note
    assert ("二手汇编数据" in note.zh and "“二手汇编数据”11个" in note.zh
            and "“分项之和与合计不符”8个" in note.zh and "6个“城市—年份”中有3个" in note.zh
            and "杭州市2017年" in note.zh)
    assert f"共{len(ind)}个数值，全部为“二手汇编数据”" in note.zh and f"Indicators: {len(ind)} values, all 'secondary'" in note


def test_flag_value_added_rule():
    """The rule itself: |sum - GDP| > 1 % of GDP; a partial sum counts only above GDP."""
    import numpy as np

    f = pd.DataFrame({
        "gdp_100m_yuan": [100, 100, 100, 100, np.nan, 100, 0],
        "va_primary_100m_yuan": [10, 10, np.nan, np.nan, 1, np.nan, 0],
        "va_secondary_100m_yuan": [40, 40, 50, 50, 2, np.nan, 0],
        "va_tertiary_100m_yuan": [51, 48.9, 51.1, 40, 3, np.nan, 0],
    })
    assert cn_cities.flag_value_added(f).tolist() == [False, True, True, False, False, False, False]
    assert cn_cities.VA_SUM_TOLERANCE == 0.01


def test_panel_real_flags_match_the_readme(data_dir):
    """README: value added does not sum to GDP within 1 % in 92 of 7,971 city-years; five in
    the YREB (杭州 2017, 丽水 2010, 阿坝/甘孜/凉山 2022)."""
    b = cn_cities.read_city_panel(data_dir)
    act = b.tables["activity"].to_pandas()
    bad = act[act.flag == "inconsistent"]
    assert bad.groupby(["region_id", "year"]).ngroups == 92 and len(bad) == 276
    yreb = {(r, y) for r, y in zip(bad.region_id, bad.year) if r[3:5] in cn_cities.YREB_PROVINCES}
    assert yreb == {("cn:330100", 2017), ("cn:331100", 2010), ("cn:513200", 2022),
                    ("cn:513300", 2022), ("cn:513400", 2022)}
    note = next(n for n in b.notes if "Quality" in n)
    assert "92 of 7,971 city-years" in note and "7,971个“城市—年份”中有92个" in note.zh


def test_other_chinese_readers_are_not_flagged_secondary(data_dir):
    """Only the panel is called a secondary compilation by the README (and the section
    employment, read elsewhere); census, universities, Liang et al. and the yearbook file are not."""
    for read in (cn_cities.read_census, cn_cities.read_yearbook_firms, cn_innovation.read_universities,
                 cn_innovation.read_patents_connectivity):
        ind = read(data_dir).tables["indicators"].to_pandas()
        assert "secondary" not in set(ind.flag.dropna()), read.__name__


def test_duplicate_key_is_located(tmp_path):
    _write(tmp_path, "cn/cities.csv", CITIES_HEADER + CITY_ROW + CITY_ROW.replace("121.47", "1"))
    with pytest.raises(DataError) as err:
        cn_cities.read_cities(tmp_path)
    msg = str(err.value)
    assert "cities.csv" in msg and "duplicate key" in msg and "city_code='310000'" in msg
    assert "rows 2 and 3" in msg and "row 3" in msg and "column 'city_code'" in msg


def test_empty_file(tmp_path):
    _write(tmp_path, "cn/census_population_2010_2020.csv", "")
    with pytest.raises(DataError) as err:
        cn_cities.read_census(tmp_path)
    msg = str(err.value)
    assert "census_population_2010_2020.csv" in msg and "row 1" in msg and "empty" in msg


def test_header_only_file(tmp_path):
    _write(tmp_path, "cn/cities.csv", CITIES_HEADER)
    with pytest.raises(DataError, match=r"cities\.csv, row 2: the file has a header but no data"):
        cn_cities.read_cities(tmp_path)


def test_bad_city_code_is_located(tmp_path):
    _write(tmp_path, "cn/cities.csv", CITIES_HEADER + CITY_ROW + CITY_ROW.replace("310000,上海", "3101,上海", 1))
    with pytest.raises(DataError) as err:
        cn_cities.read_cities(tmp_path)
    msg = str(err.value)
    assert "row 3" in msg and "'city_code'" in msg and "'3101'" in msg


def test_cluster_bad_membership_and_unknown_city(tmp_path):
    _write(tmp_path, "cn/cities.csv", CITIES_HEADER + CITY_ROW)
    header = ("cluster_id,cluster_name_zh,cluster_name_en,defining_document,doc_year,city_code,"
              "city_name_zh,membership,note\n")
    _write(tmp_path, "cn/clusters.csv", header
           + "yrd_2016,长三角,YRD,doc,2016,310000,上海市,full,\n"
           + "yrd_2016,长三角,YRD,doc,2016,310000,上海市,mostly,\n")
    with pytest.raises(DataError, match="duplicate key"):
        cn_cities.read_clusters(tmp_path)
    _write(tmp_path, "cn/clusters.csv", header + "yrd_2016,长三角,YRD,doc,2016,310000,上海市,mostly,\n")
    with pytest.raises(DataError) as err:
        cn_cities.read_clusters(tmp_path)
    assert "row 2" in str(err.value) and "'membership'" in str(err.value) and "mostly" in str(err.value)
    _write(tmp_path, "cn/clusters.csv", header + "yrd_2016,长三角,YRD,doc,2016,320100,南京市,full,\n")
    with pytest.raises(DataError, match=r"row 2, column 'city_code': city code is not in cn/cities"):
        cn_cities.read_clusters(tmp_path)


def test_baidu_bad_values(tmp_path):
    header = "date,share_of,origin_code,dest_code,share_pct\n"
    rel = "cn/flows_baidu_migration_yreb_2020q1.csv.gz"
    _write(tmp_path, rel, header + "2020-01-01,origin_outflow,420100,420900,1.5\n"
           + "2020-01-01,outflow,420100,421100,2\n")
    with pytest.raises(DataError) as err:
        cn_flows.read_baidu_migration(tmp_path)
    assert "row 3" in str(err.value) and "'share_of'" in str(err.value)
    _write(tmp_path, rel, header + "2020-01-01,origin_outflow,420100,420900,abc\n")
    with pytest.raises(DataError, match=r"row 2, column 'share_pct'.*abc"):
        cn_flows.read_baidu_migration(tmp_path)
    _write(tmp_path, rel, header + "2020-01-01,origin_outflow,420100,420900,1\n"
           + "2020-01-01,origin_outflow,420100,420900,2\n")
    with pytest.raises(DataError, match="duplicate key.*rows 2 and 3"):
        cn_flows.read_baidu_migration(tmp_path)
    _write(tmp_path, rel, header + "2020-01-01,origin_outflow,420100,420900,101\n")
    with pytest.raises(DataError, match=r"row 2, column 'share_pct': share above 100"):
        cn_flows.read_baidu_migration(tmp_path)


def test_unlisted_codes_get_regions_without_cities_file(tmp_path):
    # no cities.csv: the reader still works and says the codes were not checked
    _write(tmp_path, "cn/city_yearbook_firms_2015.csv",
           "city_code,city_name_zh,year,gdp_10k_yuan,fiscal_revenue_10k_yuan,employment_persons,"
           "new_firms_primary,new_firms_secondary,new_firms_tertiary,new_firms_total,nightlight_sum\n"
           "310000,上海市,2015,251234500,55194964,,663,14676,195929,211268,564923.3747\n")
    b = cn_cities.read_yearbook_firms(tmp_path)
    assert b.tables["indicators"].num_rows == 7  # employment empty -> skipped, and said so
    assert any("employment_persons 1" in n for n in b.notes)
    assert any("not checked" in n for n in b.notes)
