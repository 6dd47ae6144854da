"""The network workflow's core-periphery test with sequential stopping, on the real data."""

from __future__ import annotations

import pytest

from megaregion.analysis.hierarchy_network import PermutationCountError, hierarchy_to_network
from megaregion.analysis.results import note_text


def test_stopping_early_is_reported_and_keeps_the_fit(real_store):
    regions = real_store.df("regions")
    g = real_store.group("cn-yrd-2016")
    full = hierarchy_to_network(g, "firm_link", regions=regions, n_perm=9)
    early = hierarchy_to_network(g, "firm_link", regions=regions, n_perm=9, cp_stop_after=2)
    f, e = full.tables["networks"].iloc[0], early.tables["networks"].iloc[0]
    # default: every permutation, the column says so
    assert f["cp_n_perm"] == 9 and not bool(f["cp_stopped_early"])
    assert str(full.tables["networks"]["cp_stopped_early"].dtype) == "boolean"
    assert e["cp_fit"] == f["cp_fit"]
    # the full test's p is 1 here (every random network fits at least as well): stopped at 2 of 2
    assert f["cp_p_value"] == 1.0
    assert bool(e["cp_stopped_early"]) and e["cp_n_perm"] == 2 and e["cp_p_value"] == 1.0
    en = " ".join(note_text(n) for n in early.notes)
    zh = " ".join(note_text(n, "zh") for n in early.notes)
    assert "Besag & Clifford 1991" in en and "stopped early in 1998-2008" in en
    assert "提前停止" in zh and "Besag & Clifford 1991" in zh
    assert "Besag" not in " ".join(note_text(n) for n in full.notes)
    with pytest.raises(PermutationCountError, match="cp_stop_after"):
        hierarchy_to_network(g, "firm_link", regions=regions, n_perm=9, cp_stop_after=0)
