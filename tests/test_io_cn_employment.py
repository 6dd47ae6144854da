"""Chinese city employment by section: the reader's quality flags on a small hand-made copy of
the offending rows (sum mismatch, a jump of over 50 %, repeated values), and its errors."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from megaregion.errors import DataError
from megaregion.io import cn_employment as ce
from megaregion.i18n.notes import note_text

HEADER = ["年份", "行政区划代码", "地区", ce.TOTAL_COLUMN, "城镇私营和个体从业人员数(人)"] \
    + list(ce.SECTION_COLUMNS.values())


def _write(folder: Path, rows: list[dict]) -> Path:
    path = folder.joinpath(*ce.FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame(rows).reindex(columns=HEADER)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        frame.to_csv(fh, index=False)
    return path


def _row(year, code, total, sections, name="测试"):
    r = {"年份": year, "行政区划代码": code, "地区": name, ce.TOTAL_COLUMN: total}
    r.update({ce.SECTION_COLUMNS[s]: v for s, v in sections.items()})
    return r


def _sections(base: float, **over) -> dict[str, float]:
    """19 sections: C = 10 x base, the others base (万人), with overrides."""
    out = {s: base for s in ce.SECTION_COLUMNS}
    out["C"] = 10 * base
    out.update(over)
    return out


def _total(sec: dict) -> float:
    return round(sum(sec.values()), 3)


def _flags(batch) -> pd.Series:
    act = batch.tables["activity"].to_pandas()
    return act.set_index(["region_id", "year", "industry"])["flag"].sort_index()


def test_flags_sum_gap_jump_and_repeat(tmp_path):
    rows = []
    # city 1: consistent 2010-2012; 2011 adds a small isolated repeat (B stays 0.05: chance)
    s10 = _sections(2.0, B=0.05)
    s11 = _sections(2.1, B=0.05)
    s12 = _sections(2.2, B=0.05)
    for y, s in ((2010, s10), (2011, s11), (2012, s12)):
        rows.append(_row(y, "110000", _total(s), s))
    # city 2: 2011 sections sum to 10 % more than the total (inconsistent); 2012 manufacturing
    # jumps from 31 to 60 万人 (level shift); 2013 repeats 2012 in every series (carried forward)
    a10 = _sections(3.0)
    rows.append(_row(2010, "320100", _total(a10), a10))
    a11 = _sections(3.1)
    rows.append(_row(2011, "320100", round(_total(a11) / 1.1, 3), a11))
    a12 = _sections(3.2, C=60.0)
    rows.append(_row(2012, "320100", _total(a12), a12))
    rows.append(_row(2013, "320100", _total(a12), a12))
    _write(tmp_path, rows)
    batch = ce.read_city_employment(tmp_path)
    f = _flags(batch)
    assert set(f.loc["cn:110000"]) == {"secondary"}          # small repeat of B is not flagged
    assert set(f.loc[("cn:320100", 2011)]) == {"inconsistent"}  # every section and the total
    assert f.loc[("cn:320100", 2012, "C")] == "level_shift"
    # the total goes from 78.9 to 117.6 万人 (+49.0 %): under the threshold
    assert f.loc[("cn:320100", 2012, "TOTAL")] == "secondary"
    assert f.loc[("cn:320100", 2012, "A")] == "secondary"
    assert set(f.loc[("cn:320100", 2013)]) == {"carried_forward"}
    act = batch.tables["activity"].to_pandas()
    assert (act["unit"] == "persons").all() and (act["measure"] == "employees").all()
    assert act.loc[(act["region_id"] == "cn:320100") & (act["year"] == 2012) & (act["industry"] == "C"),
                   "value"].item() == 600_000
    notes_en = " ".join(str(n) for n in batch.notes)
    notes_zh = " ".join(note_text(n, "zh") for n in batch.notes)
    assert "secondary" in notes_en and "二手汇编" in notes_zh
    assert "inconsistent 20" in notes_en and "分项之和与合计不符20行" in notes_zh
    assert "carried_forward 20" in notes_en and "与上年相同20行" in notes_zh
    assert "1 isolated repeats" not in notes_en  # two small repeats (2011 and 2012 of city 1)
    assert "2 isolated repeats" in notes_en


def test_worst_flag_wins(tmp_path):
    """A value that jumps in a city-year whose sum is off keeps the worse flag (inconsistent)."""
    a10 = _sections(3.0)
    a11 = _sections(3.0, C=90.0)
    rows = [_row(2010, "320100", _total(a10), a10), _row(2011, "320100", _total(a11) * 1.2, a11)]
    _write(tmp_path, rows)
    f = _flags(ce.read_city_employment(tmp_path))
    assert f.loc[("cn:320100", 2011, "C")] == "inconsistent"


def test_rounding_is_not_a_sum_gap(tmp_path):
    """19 sections rounded to 0.01 万人 may miss the total by up to 0.095 万人: not flagged."""
    s = _sections(0.5)
    _write(tmp_path, [_row(2010, "320100", round(_total(s) + 0.09, 3), s)])
    assert set(_flags(ce.read_city_employment(tmp_path))) == {"secondary"}


def test_bad_value_names_row_and_column(tmp_path):
    s = _sections(1.0)
    rows = [_row(2010, "320100", _total(s), s)]
    rows[0][ce.SECTION_COLUMNS["J"]] = "n.a."
    _write(tmp_path, rows)
    with pytest.raises(DataError) as err:
        ce.read_city_employment(tmp_path)
    assert "金融业" in str(err.value) and "row 2" in str(err.value)


def test_number_format_never_scientific():
    from megaregion.cli.render import number

    assert number(1234567.8) == "1,234,568"
    assert number(0.05445) == "0.05445"
    assert "e" not in number(1.2e-7) and "e" not in number(3.5e12)


def test_printed_summary_has_no_scientific_notation():
    """A summary with a large float printed '1.235e+06' beside '1,234' before."""
    from rich.console import Console

    from megaregion.analysis.results import Results
    from megaregion.cli.render import print_results

    res = Results("t", "t", {"summary": pd.DataFrame({"year": [2010, 2019], "total": [1234567.0, 1234.5],
                                                      "share": [0.05445, 0.5]})}, "summary")
    console = Console(width=200, record=True)
    print_results(console, res)
    text = console.export_text()
    assert "1,234,567" in text and "e+" not in text


def test_real_file(data_dir):
    """The real file: values equal the raw cells x 10,000, keys unique, the README's examples
    of bad rows flagged (Chongqing 2010 = 2009 in every section; its 2012 total jump)."""
    from megaregion.io import registry
    from megaregion.model.schema import duplicate_keys

    batch = registry.get("cn/city_employment").read(data_dir)
    t = batch.tables["activity"]
    assert duplicate_keys("activity", t).num_rows == 0
    a = t.to_pandas().set_index(["region_id", "year", "industry"])
    raw = pd.read_csv(data_dir.joinpath(*ce.FILE), dtype={"行政区划代码": str}).set_index(["行政区划代码", "年份"])
    assert a.loc[("cn:310000", 2019, "C"), "value"] == pytest.approx(raw.loc[("310000", 2019), "制造业从业人员数(万人)"] * 1e4)
    assert a.loc[("cn:310000", 2022, "TOTAL"), "value"] == pytest.approx(raw.loc[("310000", 2022), ce.TOTAL_COLUMN] * 1e4)
    assert (a.loc["cn:500000"].xs(2010, level="year")["flag"] == "carried_forward").all()
    assert a.loc[("cn:500000", 2012, "TOTAL"), "flag"] == "level_shift"
    assert a.loc[("cn:500000", 2016, "TOTAL"), "flag"] == "level_shift"
    assert set(a["flag"]) == {"secondary", "carried_forward", "level_shift", "inconsistent"}
    assert not (a.index.get_level_values("year") < 2003)[a.index.get_level_values("industry") != "TOTAL"].any()
    # the README: 19 rows (2003-2019) whose sections miss the total by more than 5 %
    full = raw.loc[raw.index.get_level_values("年份").isin(range(2003, 2020)), list(ce.SECTION_COLUMNS.values())].dropna()
    gap = (full.sum(axis=1) / raw.loc[full.index, ce.TOTAL_COLUMN] - 1).abs()
    for code, year in gap[gap > 0.05].index:
        assert a.loc[(f"cn:{code}", year, "TOTAL"), "flag"] == "inconsistent"
