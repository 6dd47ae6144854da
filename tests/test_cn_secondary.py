"""The Chinese city panel is a secondary compilation (data README): its flags reach the
workflows that use its value added and GDP (structure, innovation, overview), compactly: one
note, the ``data_quality`` table, and each finding's ``quality``, on the real data."""

from __future__ import annotations

import pytest

from megaregion.analysis.composite_centre import composite_structure
from megaregion.analysis.innovation_driver import innovation_driver
from megaregion.analysis.overview import group_profile

SECONDARY_EN = "is a secondary compilation"
SECONDARY_ZH = "二手汇编数据"


def _quality_note(res, lang="en"):
    found = [n for n in res.notes_in(lang) if n.startswith("Quality" if lang == "en" else "数据质量")]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def yrd(real_store):
    return composite_structure(real_store.group("cn-yrd-2016"), (2010, 2019))


def test_shanghai_structure_finding_carries_secondary(yrd):
    sh = [f for f in yrd.finding_list if f.table == "summary" and f.column == "core_balance_index"]
    assert len(sh) == 1 and sh[0].en.startswith("Shanghai (core)")
    assert sh[0].quality == ("secondary",)
    # the finding still points at its cell
    assert sh[0].where == {"year": 2019} and yrd.cell(sh[0]) == pytest.approx(sh[0].value, abs=1e-12)
    for f in yrd.finding_list:
        assert f.quality and f.quality[0] == "secondary", f.en
        assert f.column and f.where and yrd.cell(f) == pytest.approx(f.value, abs=1e-12), f.en
    en, zh = _quality_note(yrd), _quality_note(yrd, "zh")
    assert "cn/city_panel" in en and SECONDARY_EN in en and "156 of the values used" in en
    assert "cn/city_panel" in zh and SECONDARY_ZH in zh and "所用数值中156个" in zh
    dq = yrd.data_quality
    # 26 cities x 3 sectors x 2 years, one row per value used
    assert len(dq) == 156 and set(dq["flag"]) == {"secondary"} and set(dq["source"]) == {"cn/city_panel"}
    assert set(dq["variable"]) == {"value_added:primary", "value_added:secondary", "value_added:tertiary"}


def test_inconsistent_city_year_reaches_the_findings_that_use_it(real_store):
    """丽水 2010: its sectors miss GDP by 1.9 %; the relocation across the full YRD uses it, the
    Shanghai-only finding does not."""
    res = composite_structure(real_store.group("cn-yrd-2019-full"), (2010, 2019))
    dq = res.data_quality
    bad = dq[dq.flag == "inconsistent"]
    assert set(zip(bad.region_id, bad.year)) == {("cn:331100", 2010)} and len(bad) == 3
    by_col = {(f.table, f.column): f for f in res.finding_list}
    assert by_col[("summary", "core_balance_index")].quality == ("secondary",)
    assert by_col[("relocation_summary", "change_pp")].quality == ("secondary", "inconsistent")
    assert "Lishui 2010" in _quality_note(res) and "丽水市2010年" in _quality_note(res, "zh")


def test_innovation_gdp_weight_and_value_added_are_flagged(real_store):
    res = innovation_driver(real_store.group("cn-yrd-2016"))
    dq = res.data_quality
    assert set(dq["source"]) == {"cn/city_panel"} and set(dq["flag"]) == {"secondary"}
    scored = set(res.tables["cities"]["region_id"])
    weight = dq[dq.variable == "economic_weight:gdp"]
    assert set(weight.region_id) == scored and set(weight.year) == {2017}
    va = dq[dq.variable.str.startswith("value_added:")]
    assert len(va) == 3 * 2 * len(scored) and set(va.year) == {2010, 2019}
    for f in res.finding_list:
        assert f.quality == ("secondary",), f.en
        # compact: the flag is said once in a note, not member by member in the sentences
        assert "secondary" not in f.en and "二手" not in f.zh
        assert f.column and res.cell(f) == pytest.approx(f.value, abs=1e-12), f.en
    en, zh = _quality_note(res), _quality_note(res, "zh")
    assert "GDP (the economic weight)" in en and "secondary compilation" in en
    assert f"{len(dq)} of the values used" in en and f"所用数值中{len(dq)}个" in zh and SECONDARY_ZH in zh


def test_innovation_us_runs_are_unchanged(real_store):
    res = innovation_driver(real_store.group("us-sansan"))
    assert "secondary" not in set(res.data_quality["flag"])
    assert not any(n.startswith("Quality") for n in res.notes)


def test_overview_tertiary_share_finding_carries_the_flags(real_store):
    res = group_profile([real_store.group(g) for g in ("us-boswash", "cn-yrd-2016", "cn-yrd-2019-full")])
    by_group = {}
    for f in res.finding_list:
        by_group.setdefault(f.where["group_id"], []).append(f)
        assert res.cell(f) == pytest.approx(f.value, abs=1e-12), f.en
    assert all(f.quality == () for f in by_group["us-boswash"])
    (yrd,) = by_group["cn-yrd-2016"]
    assert yrd.column == "share_tertiary" and yrd.quality == ("secondary",)
    (full,) = by_group["cn-yrd-2019-full"]
    assert full.quality == ("secondary", "inconsistent")  # 丽水 2010
    dq = res.data_quality
    assert set(dq["source"]) == {"cn/city_panel"} and not dq.duplicated(["region_id", "year", "variable"]).any()
    en, zh = _quality_note(res), _quality_note(res, "zh")
    assert "secondary compilation" in en and SECONDARY_ZH in zh and "丽水市2010年" in zh
