"""Side by side (``analysis.compare``): a hand-made pair of groups whose comparison is known.

Two small nations of four regions each, with round employment numbers, so that every share,
location quotient and balance index below can be worked out by hand:

US (County Business Patterns, employees, 2018 and 2019 alike), NAICS 2-digit:
    metro      31-33  52   44-45 | 3341 (advanced manufacturing, 4-digit)
    00001 core  100   300  100   |  50
    00002       300    50  150   | 100
    00003       200    50  250   |  -
    00004       200   100  200   |  50
    nation: manufacturing 800/2000 = 0.40, finance (APS) 500/2000 = 0.25, adv. mfg 200/2000 = 0.10
    group us-t (00001 core, 00002): manufacturing 400/1000 = 0.40 (LQ 1.0), APS 350/1000 = 0.35 (LQ 1.4)
    core: manufacturing 0.2 (LQ 0.5), APS 0.6 (LQ 2.4), adv. mfg 0.1 (LQ 1.0);
    balance 1 - |0.6 - 0.2| / 0.8 = 0.5

China (urban-unit employment by GB/T 4754-2002 section):
    city       C     J    H
    c1 core   300   100  100
    c2        250    50  200
    c3        100   100  300
    c4        150    50  300
    nation: manufacturing 0.40, finance 0.15
    group cn-t (c1 core, c2): manufacturing 0.55 (LQ 1.375), finance 0.15 (LQ 1.0)
    core: manufacturing 0.6 (LQ 1.5), finance 0.2 (LQ 4/3); balance 1 - 0.4 / 0.8 = 0.5
"""

from __future__ import annotations

import pandas as pd
import pytest

from megaregion.analysis.compare import (compare, family_shares, location_quotients,
                                         patents_per_capita)
from megaregion.errors import MegaregionError, UnknownNameError
from megaregion.io.base import ImportBatch
from megaregion.store import Store

US = {"us-cbsa:00001": (100, 300, 100, 50), "us-cbsa:00002": (300, 50, 150, 100),
      "us-cbsa:00003": (200, 50, 250, None), "us-cbsa:00004": (200, 100, 200, 50)}
CN = {"cn:100001": (300, 100, 100), "cn:100002": (250, 50, 200),
      "cn:100003": (100, 100, 300), "cn:100004": (150, 50, 300)}


def _store(path) -> Store:
    store = Store(path)
    regions = [{"region_id": r, "name": f"Metro {r[-1]}", "name_zh": f"都市区{r[-1]}", "country": "us",
                "level": "metro", "parent": "us:01", "lat": 40.0 + i, "lon": -75.0 + i}
               for i, r in enumerate(US)]
    regions += [{"region_id": r, "name": f"City {r[-1]}", "name_zh": f"城市{r[-1]}", "country": "cn",
                 "level": "city", "parent": "cn:100000", "lat": 30.0 + i, "lon": 120.0 + i}
                for i, r in enumerate(CN)]
    b = ImportBatch("test/regions")
    b.add("regions", pd.DataFrame(regions))
    groups = [("us-t", "Test megaregion", "测试都市连绵区", "us-cbsa:00001", "core"),
              ("us-t", "Test megaregion", "测试都市连绵区", "us-cbsa:00002", "member"),
              ("us-u", "Other megaregion", "另一都市连绵区", "us-cbsa:00003", "core"),
              ("us-u", "Other megaregion", "另一都市连绵区", "us-cbsa:00004", "member"),
              ("cn-t", "Test cluster", "测试城市群", "cn:100001", "core"),
              ("cn-t", "Test cluster", "测试城市群", "cn:100002", "member")]
    b.add("groups", pd.DataFrame([{"group_id": g, "group_name": n, "group_name_zh": z, "region_id": r,
                                   "role": role, "membership": "full",
                                   "vintage": "2018" if g.startswith("us") else None}
                                  for g, n, z, r, role in groups]))
    store.import_batch(b)
    rows = []
    for y in (2018, 2019):
        for r, (m, f, t, adv) in US.items():
            for code, v in (("31-33", m), ("52", f), ("44-45", t), ("3341", adv), ("00", m + f + t)):
                if v is not None:
                    rows.append({"region_id": r, "year": y, "classification": "naics2017", "industry": code,
                                 "measure": "employees", "value": float(v), "unit": "persons", "flag": "observed"})
    us = ImportBatch("us/cbp_metro")
    us.add("activity", pd.DataFrame(rows))
    store.import_batch(us)
    rows = []
    for y in (2018, 2019):
        for r, (c, j, h) in CN.items():
            for code, v in (("C", c), ("J", j), ("H", h), ("TOTAL", c + j + h)):
                rows.append({"region_id": r, "year": y, "classification": "gbt4754-2002", "industry": code,
                             "measure": "employees", "value": float(v), "unit": "persons", "flag": "secondary"})
    cn = ImportBatch("cn/city_employment")
    cn.add("activity", pd.DataFrame(rows))
    store.import_batch(cn)
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = _store(tmp_path_factory.mktemp("cmp") / "s.duckdb")
    yield s
    s.close()


@pytest.fixture(scope="module")
def res(store):
    return compare(store, "us-t", "cn-t", network=False)


def _row(res, indicator):
    c = res.tables["comparison"].set_index("indicator")
    return c.loc[indicator]


def test_location_quotients_are_the_hand_computed_ones(res):
    expected = {"lq_advanced_services_group": (1.4, 1.0), "lq_advanced_services_core": (2.4, 4 / 3),
                "lq_manufacturing_group": (1.0, 1.375), "lq_manufacturing_core": (0.5, 1.5),
                "share_advanced_services_group": (0.35, 0.15), "share_manufacturing_group": (0.4, 0.55),
                "core_balance_index": (0.5, 0.5), "lq_advanced_manufacturing_core": (1.0, float("nan"))}
    for ind, (a, b) in expected.items():
        row = _row(res, ind)
        assert row["value_a"] == pytest.approx(a, rel=1e-12), ind
        if b == b:
            assert row["value_b"] == pytest.approx(b, rel=1e-12), ind
        else:
            assert pd.isna(row["value_b"]), ind


def test_structure_table_has_family_lqs(res):
    st = res.tables["structure"].set_index(["side", "family"])
    assert st.loc[("a", "finance"), "nation_share"] == pytest.approx(0.25)
    assert st.loc[("a", "finance"), "lq_core"] == pytest.approx(2.4)
    assert st.loc[("b", "trade"), "lq_group"] == pytest.approx(0.3 / 0.45)
    assert pd.isna(st.loc[("b", "education"), "lq_group"])  # a family absent from the nation: no LQ


def test_every_row_says_whether_it_compares(res):
    c = res.tables["comparison"]
    assert set(c["comparable"]) <= {"comparable", "partly_comparable", "not_comparable"}
    assert c["why"].str.len().gt(0).all() and c["why_zh"].str.len().gt(0).all()
    # employment bases differ across the two countries; advanced manufacturing exists on one side
    assert _row(res, "lq_advanced_services_group")["comparable"] == "partly_comparable"
    assert _row(res, "lq_advanced_manufacturing_core")["comparable"] == "not_comparable"
    notes = " ".join(str(n) for n in res.notes)
    assert "urban-unit employment" in notes and "establishments" in notes
    assert "Value added vs employment" in notes


def test_findings_point_at_their_cells(res):
    assert len(res.finding_list) >= 3
    for f in res.finding_list:
        assert f.column is not None
        assert res.cell(f) == pytest.approx(f.value)
    first = res.finding_list[0]
    assert "2.40x" in first.en and "0.50x" in first.en and "composite" not in first.en  # 0.6 vs 0.2: service-led
    assert "2.40倍" in first.zh
    assert "secondary" in res.finding_list[1].quality  # the Chinese side rests on secondary values


def test_same_country_is_allowed_and_said(store):
    r = compare(store, "us-t", "us-u", network=False)
    assert set(r.tables["comparison"]["comparable"]) == {"comparable"}
    assert any("same country" in str(n) for n in r.notes)
    # us-u: core 00003 (manufacturing 0.4, APS 0.1 against 0.40 and 0.25)
    assert _row(r, "lq_manufacturing_core")["value_b"] == pytest.approx(1.0)
    assert _row(r, "lq_advanced_services_core")["value_b"] == pytest.approx(0.4)


def test_bad_input_is_one_clear_error(store):
    with pytest.raises(UnknownNameError, match="unknown group 'us-nowhere'"):
        compare(store, "us-nowhere", "cn-t", network=False)
    with pytest.raises(MegaregionError, match="two different groups"):
        compare(store, "cn-t", "cn-t", network=False)
    with pytest.raises(MegaregionError, match="no employees in cn/city_employment for 2030"):
        compare(store, "us-t", "cn-t", year_b=2030, network=False)


def test_kernels():
    F = pd.DataFrame({"x": [1.0, 3.0, float("nan")], "y": [1.0, 1.0, 5.0]}, index=["p", "q", "r"])
    shares, left = family_shares(F)
    # the row with an unknown x is left out of x's share only (its total counts its known families)
    assert left == 1 and shares["x"] == pytest.approx(4 / 6) and shares["y"] == pytest.approx(7 / 11)
    both, _ = family_shares(F, {"xy": ["x", "y"]})
    assert both["xy"] == pytest.approx(1.0)
    lq = location_quotients(pd.Series({"x": 0.5, "y": 0.5}), pd.Series({"x": 0.25, "y": 0.0, "z": 0.75}))
    assert lq["x"] == pytest.approx(2.0) and pd.isna(lq["y"])
    pat = pd.Series({"a": 10.0, "b": float("nan"), "c": 30.0})
    pop = pd.Series({"a": 1e4, "b": 5e4, "c": 3e4})
    assert patents_per_capita(pat, pop) == pytest.approx(1e4 * 40 / 4e4)


def test_command_line_errors_in_both_languages(store, capsys):
    from megaregion.cli.app import main

    for lang, expected in (("en", "give two different groups"), ("zh", "请给出两个不同的城市群")):
        with pytest.raises(SystemExit) as exc:
            main(["--lang", lang, "--store", str(store.path), "compare", "cn-t", "cn-t"])
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert expected in err and "Traceback" not in err


def test_other_years_and_their_note(store):
    r = compare(store, "us-t", "cn-t", year_a=2018, network=False)  # 2018 pairs with 2019 in the workflow
    assert _row(r, "lq_advanced_services_core")["value_a"] == pytest.approx(2.4)
    assert r.tables["comparison"]["year_a"].eq("2018").all()
    assert any("different years of employment: 2018 (us-t) and 2019 (cn-t)" in str(n) for n in r.notes)
