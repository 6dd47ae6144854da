"""``structure`` on the real data: the section-level (employment) answer for Shanghai with its
quality flags, and the fixes of issue 9 item 7 (year list in errors, notes that apply, rows named
for what they hold, one share convention, no scientific notation)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from megaregion.analysis.composite_centre import composite_structure
from megaregion.errors import MegaregionError

CBP_NOTE = "fewer than three establishments"


@pytest.fixture(scope="module")
def yrd_sections(real_store):
    return composite_structure(real_store.group("cn-yrd-2016"), (2010, 2019), level="section")


@pytest.fixture(scope="module")
def yrd_value_added(real_store):
    return composite_structure(real_store.group("cn-yrd-2016"), (2010, 2019))


def _raw_sections(data_dir):
    raw = pd.read_csv(data_dir / "cn" / "city_employment_by_industry_2000_2022.csv.gz",
                      dtype={"行政区划代码": str})
    return raw[raw["行政区划代码"] == "310000"].set_index("年份")


def test_shanghai_section_answer_matches_the_raw_file(yrd_sections, data_dir):
    """Manufacturing (C) and APS (information, finance, leasing & business, research) shares of
    Shanghai's unit employment, recomputed from the raw file with plain pandas."""
    raw = _raw_sections(data_dir)
    sec = [c for c in raw.columns if c.endswith("从业人员数(万人)") and c != "年末单位从业人员数(万人)"][-19:]
    aps = ["信息传输、计算机服务和软件业从业人员数(万人)", "金融业从业人员数(万人)",
           "租赁和商业服务业从业人员数(万人)", "科研、技术服务和地质勘查业从业人员数(万人)"]
    s = yrd_sections.summary().set_index("year")
    for y in (2010, 2019):
        total = raw.loc[y, sec].sum()
        assert s.loc[y, "core_share_manufacturing"] == pytest.approx(raw.loc[y, "制造业从业人员数(万人)"] / total, rel=1e-9)
        assert s.loc[y, "core_share_advanced_services"] == pytest.approx(raw.loc[y, aps].sum() / total, rel=1e-9)
    # the economist's check: manufacturing falls, advanced services rise (36.0% -> 20.0%, 18.4% -> 26.8%)
    assert s.loc[2019, "core_share_manufacturing"] < s.loc[2010, "core_share_manufacturing"]
    assert s.loc[2019, "core_share_advanced_services"] > s.loc[2010, "core_share_advanced_services"]
    assert s.loc[2019, "core_balance_class"] == "composite"


def test_section_answer_says_secondary_and_lists_flags(yrd_sections):
    r = yrd_sections
    notes_en, notes_zh = " ".join(r.notes_in("en")), " ".join(r.notes_in("zh"))
    assert "secondary compilation" in notes_en and "二手汇编" in notes_zh
    assert "2012-2013" in notes_en and "2012—2013" in notes_zh
    dq = r.data_quality
    assert len(dq) and set(dq["flag"]) <= {"secondary", "carried_forward", "level_shift", "inconsistent"}
    # section employment, and the panel's value added of the answer beside it (also secondary)
    assert set(dq["source"]) == {"cn/city_employment", "cn/city_panel"}
    assert set(dq.loc[dq.source == "cn/city_panel", "flag"]) <= {"secondary", "inconsistent"}
    # Shanghai's two suspect values of 2019 (agriculture, residential services) are listed
    sus = dq[(dq.region_id == "cn:310000") & (dq.flag == "level_shift") & (dq.year == 2019)]
    assert set(sus["variable"]) == {"employees:A", "employees:O"}
    # every finding says it rests on a secondary compilation: section employment, or the
    # panel's value added (also a vendors' compilation) for the answer beside it
    for f in r.finding_list:
        assert "secondary" in f.quality, f.en
    reading = [f for f in r.finding_list if f.table == "core_quality" and f.column == "core_aps_or_manufacturing_flagged"]
    assert len(reading) == 1 and reading[0].value == 0 and "no flagged value of these two years" in reading[0].en
    # ... but Shanghai's own series break between the two years (information, G, in 2013)
    cq = r.tables["core_quality"].iloc[0]
    assert cq["core_aps_or_manufacturing_breaks"] >= 1 and "cn:310000 G 2013" in cq["core_breaks"]
    assert any("wider coverage" in f.en and "统计范围扩大" in f.zh for f in r.finding_list)


def test_value_added_answer_is_beside_it(yrd_sections, yrd_value_added):
    va = yrd_sections.tables["value_added"].set_index("year")
    own = yrd_value_added.summary().set_index("year")
    assert va.loc[2019, "core_share_tertiary"] == own.loc[2019, "core_share_tertiary"]
    assert any("By value added" in f and "same direction" in f for f in yrd_sections.findings())
    assert any("按增加值" in f for f in yrd_sections.findings("zh"))


def test_relocation_breaks_are_named(yrd_sections):
    """Suzhou's manufacturing doubles in 2013 (statistical reform): the relocation is flagged."""
    cq = yrd_sections.tables["core_quality"].iloc[0]
    assert cq["members_with_manufacturing_break"] >= 1 and "cn:320500 2013" in cq["manufacturing_breaks"]
    for f in yrd_sections.finding_list:
        if f.table in ("relocation", "relocation_summary"):
            assert "level_shift" in f.quality


@pytest.mark.parametrize("group, kwargs", [
    ("cn-yrd-2016", {"level": "section"}), ("cn-yrd-2016", {}), ("cn-myr-2015", {"level": "section"}),
    ("us-boswash", {}), ("us-nys", {}), ("us-chipitts", {"digits": 4}),
])
def test_every_finding_points_at_its_cell(real_store, group, kwargs):
    res = composite_structure(real_store.group(group), **kwargs)
    number = re.compile(r"(?<![0-9.])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
    for f in res.finding_list:
        assert f.column is not None and f.where, f.en
        assert res.cell(f) == pytest.approx(f.value, rel=1e-12, abs=1e-12), f.en
        # English and Chinese sentences carry the same numbers
        assert sorted(number.findall(f.en)) == sorted(number.findall(f.zh)), (f.en, f.zh)


# ---- issue 9 item 7 ------------------------------------------------------------------------

def test_wrong_years_error_lists_the_years_the_data_have(real_store):
    g = real_store.group("cn-yrd-2016")
    with pytest.raises(MegaregionError) as err:
        composite_structure(g, (2030, 2031))
    assert "2000-2023" in str(err.value) and "(2010, 2019)" not in str(err.value)
    with pytest.raises(MegaregionError) as err:
        composite_structure(g, (2030, 2031), level="section")
    assert "2003-2019" in str(err.value)


def test_cbp_note_only_on_cbp_runs(real_store, yrd_value_added, yrd_sections):
    assert not any(CBP_NOTE in n for n in yrd_value_added.notes)
    assert not any(CBP_NOTE in n for n in yrd_sections.notes)
    nys = composite_structure(real_store.group("us-nys"))
    assert not any(CBP_NOTE in n for n in nys.notes)
    assert any("QCEW" in n and "count as 0" in n for n in nys.notes)
    assert any(CBP_NOTE in n for n in composite_structure(real_store.group("us-boswash")).notes)


def test_three_sector_rows_are_named_for_what_they_hold(yrd_value_added):
    s = yrd_value_added.summary()
    assert {"core_share_tertiary", "core_share_secondary", "core_share_of_group_secondary"} <= set(s.columns)
    for t in yrd_value_added.tables.values():
        assert not [c for c in t.columns if "advanced_services" in c or "manufacturing" in c]
    assert set(yrd_value_added.tables["relocation"]["sector"]) == {"secondary", "tertiary"}


@pytest.mark.parametrize("group", ["cn-yrd-2016", "us-boswash"])
def test_shares_are_fractions_in_every_table(real_store, group):
    res = composite_structure(real_store.group(group))
    for name, t in res.tables.items():
        for c in t.columns:
            if "share" in c and t[c].dtype.kind == "f":
                assert t[c].dropna().between(0, 1).all(), (name, c)
    rs = res.tables["relocation_summary"]
    tot = rs[rs["part"] == "total"]
    assert np.allclose(tot["share0"], 1) and np.allclose(tot["share1"], 1)
    core = rs[rs["part"] == "core"]
    assert np.allclose(core["change_pp"], 100 * (core["share1"] - core["share0"]))


def test_printed_numbers_have_no_scientific_notation(real_store, capsys):
    from megaregion.cli.app import main

    for args in (["structure", "us-boswash"], ["structure", "cn-yrd-2016", "--years", "2010", "2019", "--level", "section"]):
        try:
            main(["--store", real_store.path, *args])
        except SystemExit as exc:
            assert exc.code in (0, None)
        out = capsys.readouterr().out
        assert "Findings" in out
        assert not re.search(r"\d\.?\d*e[+-]\d\d", out), out
        if "--level" in args:  # the value-added answer is printed beside the section answer
            assert "Value-added answer" in out and "core_share_tertiary" in out
            assert "secondary compilation" in out


def test_level_is_for_chinese_groups(real_store):
    with pytest.raises(MegaregionError, match="Chinese groups"):
        composite_structure(real_store.group("us-boswash"), level="section")
    with pytest.raises(MegaregionError, match="sector, section"):
        composite_structure(real_store.group("cn-yrd-2016"), level="district")


def test_withheld_clause_only_where_the_source_withholds(real_store, yrd_value_added, yrd_sections):
    """Chinese sources publish no withheld cells: the note does not count them there."""
    for r in (yrd_value_added, yrd_sections):
        assert not any("withheld cells" in n for n in r.notes)
        assert not any("因保密隐去" in n for n in r.notes_in("zh"))
    assert any("withheld cells" in n for n in composite_structure(real_store.group("us-boswash")).notes)
