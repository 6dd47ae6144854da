"""The US metro-code vintage crosswalk (io.us_vintages) on small hand-made counties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from megaregion.io.us_vintages import (aggregate_counties, crosswalk, map_metro_values,
                                       store_territories)


def counties() -> pd.DataFrame:
    """Old metro A (counties 1, 2) split in 2023 into X (1) and Y (2); metro B unchanged;
    county 5 joins metro B in 2023; CT-like metro C: 2023 planning region 9 (no data, no
    population) replaces former county 8 (2018 only)."""
    return pd.DataFrame({
        "fips": ["1", "2", "3", "4", "5", "8", "9"],
        "pop": [100.0, 300.0, 50.0, 50.0, 20.0, 70.0, np.nan],
        "cbsa_2018": ["A", "A", "B", "B", None, "C", None],
        "cbsa_2023": ["X", "Y", "B", "B", "B", None, "C"],
    })


def test_split_metro_gets_population_shares_summing_to_one():
    xw = crosswalk(counties(), "2018", "2023")
    a = xw[xw["source_code"] == "A"].set_index("target_code")["share"]
    assert a.to_dict() == {"X": 0.25, "Y": 0.75}
    assert xw.groupby("source_code")["share"].sum().tolist() == pytest.approx([1, 1, 1])
    b = xw[xw["source_code"] == "B"].iloc[0]
    # same code, but county 5 joined in 2023: not identical, so a value would be flagged
    assert b["target_code"] == "B" and b["share"] == 1.0 and not b["identical"]


def test_crosswalk_sends_counties_outside_every_target_metro_to_nan():
    c = counties()
    c.loc[c["fips"] == "2", "cbsa_2023"] = None
    xw = crosswalk(c, "2018", "2023")
    a = xw[xw["source_code"] == "A"]
    assert a["target_code"].isna().sum() == 1
    assert a.loc[a["target_code"].isna(), "share"].item() == 0.75


def test_store_territories_keep_2023_and_2018_only_codes_and_approximate_ct():
    t = store_territories(counties())
    by = t.groupby("code")["fips"].agg(set).to_dict()
    assert by == {"X": {"1"}, "Y": {"2"}, "B": {"3", "4", "5"}, "C": {"8"}, "A": {"1", "2"}}
    assert t.loc[t["code"] == "C", "approx"].all()
    assert not t.loc[t["code"] == "B", "approx"].any()
    assert set(t.loc[t["code"] == "A", "vintage"]) == {"2018"}


def test_aggregate_counties_reads_absent_counties_as_told():
    v = pd.DataFrame({"fips": ["1", "2", "3", "4", "8"], "year": 2015,
                      "value": [1.0, 2.0, 3.0, 4.0, 7.0]})
    zero = aggregate_counties(v, counties(), absent="zero").set_index("code")
    assert zero.loc["B", "value"] == 7.0 and zero.loc["B", "counties_absent"] == 1
    assert zero.loc["A", "value"] == 3.0 and zero.loc["X", "value"] == 1.0
    assert zero.loc["C", "value"] == 7.0 and zero.loc["C", "flag"] == "vintage_mapped"
    assert pd.isna(zero.loc["X", "flag"])
    missing = aggregate_counties(v, counties(), absent="missing").set_index("code")
    assert np.isnan(missing.loc["B", "value"])  # county 5 has no row: unknown, not 0


def test_map_metro_values_observed_mapped_and_unmapped():
    df = pd.DataFrame({"code": ["A", "B", "Q"], "value": [400.0, 10.0, 5.0]})
    out = map_metro_values(df, counties(), code_col="code", value_cols=["value"],
                           vintage_of={"A": "2018", "B": "2023"}, names={"Q": "Old metro"})
    v = out.values.set_index("code")
    # A (2018) is a 2018-only code: a store territory of its own, kept as published
    assert v.loc["A", "value"] == 400.0 and pd.isna(v.loc["A", "flag"])
    assert v.loc["B", "value"] == 10.0 and pd.isna(v.loc["B", "flag"])
    assert out.unmapped == {"Q": "Old metro"}
    assert "Q Old metro" in out.note("test") and "not 0" in out.note("test")


def test_map_metro_values_splits_a_changed_metro_by_population():
    # B as published in 2018 (counties 3, 4) differs from store B (3, 4, 5): mapped, flagged.
    df = pd.DataFrame({"code": ["B"], "value": [10.0]})
    out = map_metro_values(df, counties(), code_col="code", value_cols=["value"],
                           vintage_of={"B": "2018"})
    v = out.values.set_index("code")
    assert v.loc["B", "value"] == 10.0 and v.loc["B", "flag"] == "vintage_mapped"
    assert "B" in out.mapped


def test_map_metro_values_flags_the_connecticut_stand_in():
    # C (2018: former county 8) stands in for 2023 C (planning region 9, no data): flagged.
    df = pd.DataFrame({"code": ["C"], "value": [3.0]})
    out = map_metro_values(df, counties(), code_col="code", value_cols=["value"],
                           vintage_of={"C": "2018"})
    v = out.values.set_index("code")
    assert v.loc["C", "value"] == 3.0 and v.loc["C", "flag"] == "vintage_mapped"
