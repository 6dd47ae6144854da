"""Quality tiers and the finding -> table cell link that the findings audit relies on."""

import pandas as pd
import pytest

from megaregion.analysis.results import Finding, Results
from megaregion.model.quality import QUALITY_FLAGS, flag_label, is_known, quality_table, worst
from megaregion.model.schema import FLAGS


def test_schema_flags_are_the_quality_vocabulary():
    assert set(FLAGS) == set(QUALITY_FLAGS)


def test_worst_tier_and_unknown():
    assert worst(["observed", "secondary", "vintage_mapped"]) == "secondary"
    assert worst([]) == "observed"
    assert worst([None, "suppressed", "estimated"]) == "suppressed"
    assert not is_known("suppressed")
    assert is_known(None) and is_known("secondary")


def test_labels_in_both_languages():
    assert flag_label("suppressed") .startswith("suppressed")
    assert "未知" in flag_label("suppressed", "zh")
    for flag in QUALITY_FLAGS:
        assert flag_label(flag, "zh") != flag_label(flag, "en")


def test_quality_table_refuses_unknown_flags():
    ok = quality_table([{"region_id": "us:1", "year": 2019, "variable": "x", "flag": "secondary"}])
    assert list(ok.columns) == ["region_id", "year", "variable", "source", "flag", "detail"]
    with pytest.raises(ValueError, match="unknown quality flags"):
        quality_table([{"flag": "guessed"}])


def _results():
    t = pd.DataFrame({"city": ["a", "b"], "x": [1.5, 2.5]})
    f = Finding("b has 2.5", "b 为 2.5", "t", 2.5, column="x", where={"city": "b"})
    return Results("t", "t", {"t": t}, "t", [f]), f


def test_cell_points_at_the_number():
    res, f = _results()
    assert res.cell(f) == 2.5
    assert res.cell(Finding("no cell", "无", "t", 1.0)) is None
    with pytest.raises(LookupError, match="0 rows"):
        res.cell(Finding("x", "x", "t", 1.0, column="x", where={"city": "zz"}))


def test_data_quality_is_empty_without_flags_and_exported():
    res, _ = _results()
    assert res.data_quality.empty
    d = res.to_dict()
    assert d["findings"][0]["where"] == {"city": "b"} and d["findings"][0]["column"] == "x"
