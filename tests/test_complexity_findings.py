"""Complexity workflow on the real data: unpublished County Business Patterns cells are unknown,
never zero, and no finding recommends or ranks on them (issue 9, item 6).

Before the fix, every unpublished cell was read as 0: Boston's and San Francisco's top
"opportunities" were 5232 (securities exchanges, published in 2 metros of the nation) and 5211
(the central bank: Boston and San Francisco each hold a Federal Reserve bank whose employment CBP
does not publish).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from megaregion.analysis.complexity_map import complexity_map, national_matrix, recommendable
from megaregion.model.quality import QUALITY_FLAGS

BOSTON, SF, LA, NY, CHICAGO = "us-cbsa:14460", "us-cbsa:41860", "us-cbsa:31080", "us-cbsa:35620", "us-cbsa:16980"
pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def runs(real_store):
    return {g: complexity_map(real_store, g, year=2019, level="naics4")
            for g in ("us-sansan", "us-boswash", "us-chipitts")}


@pytest.fixture(scope="module")
def metro(real_store):
    return national_matrix(real_store, "us/cbp_metro", 2019, 4)


def test_central_bank_and_exchanges_are_not_top_opportunities(runs):
    opp = pd.concat([r.tables["opportunities"] for r in runs.values()])
    for city in (BOSTON, SF, LA):
        mine = opp[opp["region_id"] == city]
        assert len(mine) > 0
        assert not set(mine["industry"]) & {"5211", "5232"}, city


def test_no_recommendation_rests_on_an_unpublished_or_unknown_cell(runs, metro, real_store):
    flagged = real_store.activity_rows("us/cbp_metro", "employees", 2019, 4)
    flagged = set(zip(*flagged.loc[flagged["flag"] == "suppressed", ["region_id", "industry"]].T.values))
    assert flagged  # the file has withheld rows
    for res in runs.values():
        opp = res.tables["opportunities"]
        pairs = set(zip(opp["region_id"], opp["industry"]))
        assert not pairs & flagged
        dq = res.data_quality
        unknown = set(zip(dq.loc[dq["flag"] == "suppressed", "region_id"], dq.loc[dq["flag"] == "suppressed", "variable"]))
        assert not pairs & unknown
        assert all(metro.known.loc[r, i] for r, i in pairs)
        assert all(recommendable(i) for i in opp["industry"])
        # an opportunity on an unpublished cell is listed as estimated (absent by its bound)
        est = set(zip(dq.loc[dq["flag"] == "estimated", "region_id"], dq.loc[dq["flag"] == "estimated", "variable"]))
        assert set(zip(opp.loc[~opp["published"], "region_id"], opp.loc[~opp["published"], "industry"])) == est


def test_fed_bank_cells_are_unknown_and_bounded(metro):
    # Boston publishes finance (52) and all its 3-digit parts except 521: the gap, ~960
    # employees, is the Federal Reserve Bank of Boston; at that size RCA could exceed 1
    assert not metro.published.loc[BOSTON, "5211"]
    assert 500 < metro.upper.loc[BOSTON, "5211"] < 2000
    assert not metro.known.loc[BOSTON, "5211"] and not metro.known.loc[SF, "5211"]
    # 523 equals 5231 + 5239 in Boston: no employment is left for 5232, so it is known absent
    assert metro.upper.loc[BOSTON, "5232"] == 0 and metro.known.loc[BOSTON, "5232"]
    assert metro.values.loc[BOSTON, "5232"] == 0
    # published cells carry their value and no bound
    assert metro.values.loc[NY, "5211"] > 0 and np.isnan(metro.upper.loc[NY, "5211"])
    assert metro.n_unknown + metro.n_bounded_absent == metro.n_unpublished


def test_data_quality_table_and_notes(runs):
    res = runs["us-boswash"]
    dq = res.data_quality
    assert set(dq["flag"]) <= set(QUALITY_FLAGS) and len(dq) > 0
    sup = dq[dq["flag"] == "suppressed"]
    assert ((sup["region_id"] == BOSTON) & (sup["variable"] == "5211")).any()
    assert (sup["year"] == 2019).all() and (sup["source"] == "us/cbp_metro").all()
    mem = res.tables["members"].set_index("region_id")
    assert mem["unknown_industries"].sum() == len(sup)
    s = res.summary().iloc[0]
    assert s["unknown_cells"] + s["unpublished_cells_bounded_absent"] == s["unpublished_cells"]
    assert s["withheld_cells"] > 0
    note = next(n for n in res.notes if "unknown" in n and "bound" in n)
    assert f"{s['unknown_cells']:,}" in note and f"{s['unknown_cells']:,}" in note.zh
    assert any("5211" in n for n in res.notes)


def _numbers(text):
    return sorted(re.findall(r"-?\d+\.\d+", text))


def test_findings_point_at_their_cells(runs):
    for res in runs.values():
        assert len(res.finding_list) >= 2
        for f in res.finding_list:
            assert f.column and f.where
            assert res.cell(f) == pytest.approx(f.value)
            assert _numbers(f.en) == _numbers(f.zh)
            assert f"{f.value:.2f}" in f.en
            assert set(f.quality) <= set(QUALITY_FLAGS) - {"suppressed"}


def test_plausible_industries_for_the_cores(runs):
    """What a regional economist would object to is gone from the cores' lists: industries that
    follow natural resources or statute, industries CBP covers only in part, industries
    published in a handful of metros, and niche industries whose presence is unknown in most
    of the nation (before: lime and gypsum for Los Angeles, hardware manufacturing for San
    Francisco, Boston and New York)."""
    for res in runs.values():
        opp = res.tables["opportunities"]
        inds = res.tables["industries"].set_index("industry")
        assert (inds.loc[opp["industry"], "published_regions"] >= 20).all()
        # presence known in at least half the nation: PCI not inflated by suppression
        n = res.summary().iloc[0]["regions_in_nation"]
        assert (inds.loc[opp["industry"], "unknown_regions"] <= n / 2).all()
        assert inds.loc[opp["industry"], "recommendable"].all()
        assert not opp["industry"].str.match(r"^(11|21|5211|4851|611[123]|622)").any()
        assert (opp["cog"].notna()).all() and (opp["rca"] < 1).all()
    top = {r: o["industry"].iloc[0] for r, o in runs["us-boswash"].tables["opportunities"].groupby("region_id")}
    assert top[BOSTON] != "3325" and top[NY] != "3325"


def test_zero_reading_still_never_recommends_unknown_cells(real_store, metro):
    res = complexity_map(real_store, "us-sansan", year=2019, level="naics4", unpublished="zero")
    opp = res.tables["opportunities"]
    assert all(metro.known.loc[r, i] for r, i in zip(opp["region_id"], opp["industry"]))
    assert res.summary().iloc[0]["unpublished_treatment"] == "zero"


def test_county_source_masks_too(real_store):
    res = complexity_map(real_store, "us-boswash", year=2019, level="naics4", source="us/cbp_county")
    assert res.summary().iloc[0]["unknown_cells"] > 0
    opp = res.tables["opportunities"]
    dq = res.data_quality
    unknown = set(zip(dq.loc[dq["flag"] == "suppressed", "region_id"], dq.loc[dq["flag"] == "suppressed", "variable"]))
    assert not set(zip(opp["region_id"], opp["industry"])) & unknown


def test_left_out_members_are_named(runs, real_store):
    for g, res in runs.items():
        members = real_store.group(g).members
        metros = members[members["level"] == "metro"]
        scored = set(res.tables["members"]["region_id"])
        for r in set(metros["region_id"]) - scored:
            assert any(r in n and r in n.zh for n in res.notes), (g, r)
