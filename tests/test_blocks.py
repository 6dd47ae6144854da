"""Block models on the real data (``megaregion blocks``): traceable to the raw file, readable.

The kernels are checked against concorR and R sna in tests/test_blockmodel.py; here the
workflow's tables are recomputed from the raw technology-transfer file, and the findings are
read as a network scientist would (Shanghai in the core of the Yangtze River Delta's Baidu and
gravity networks; New York in the core of BosWash's technology transfer).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from megaregion.analysis.blocks import block_model
from megaregion.errors import MegaregionError
from megaregion.metrics import blockmodel as bm

pytestmark = pytest.mark.realdata

NEW_YORK = "us-cbsa:35620"
SHANGHAI = "cn:310000"


@pytest.fixture(scope="module")
def boswash_tt(real_store):
    return block_model(real_store, "us-boswash", "tech_transfer", "2000-2023")


def _block_of(res, region_id):
    m = res.tables["membership"].set_index("region_id")
    return int(m.loc[region_id, "block"]), m.loc[region_id, "position"]


def test_tables_equal_the_kernels_on_the_raw_file(boswash_tt, data_dir):
    """Rebuild the 2000-2023 transfer matrix from the raw file among the workflow's nodes: CONCOR
    gives the same partition, and the density table and network density are the kernels'."""
    raw = pd.read_csv(data_dir / "links" / "us_cbsa_tech_transfer_pairs_1858_2023.csv",
                      dtype={"source_cbsa": str, "target_cbsa": str})
    m = boswash_tt.tables["membership"].sort_values("region_id")
    ids = list(m["region_id"])
    codes = [r.split(":")[1] for r in ids]
    r = raw[(raw.period == "2000-2023") & raw.source_cbsa.isin(codes) & raw.target_cbsa.isin(codes)
            & (raw.source_cbsa != raw.target_cbsa)]
    pos = {c: i for i, c in enumerate(codes)}
    A = np.zeros((len(ids), len(ids)))
    for row in r.itertuples():
        A[pos[row.source_cbsa], pos[row.target_cbsa]] += row.transfers
    part = bm.concor(A, n_splits=2).partition
    got = m["block"].to_numpy() - 1
    assert len(set(zip(part.tolist(), got.tolist()))) == len(set(part.tolist())) == len(set(got.tolist()))
    D = bm.block_densities(A, got, valued=True)
    d = boswash_tt.tables["densities"]
    for row in d.itertuples():
        assert row.density == pytest.approx(D[row.from_block - 1, row.to_block - 1], rel=1e-12, nan_ok=True)
    net = boswash_tt.tables["network"].iloc[0]
    assert net["density"] == pytest.approx(A.sum() / (len(ids) * (len(ids) - 1)), rel=1e-12)
    assert net["nodes"] == len(ids) and net["directed"]


def test_image_blocks_and_membership_agree(boswash_tt):
    t = boswash_tt.tables
    alpha = t["network"]["density"].iloc[0]
    d = t["densities"]
    assert ((d["density"].fillna(-1) >= alpha).astype(int) == d["image"]).all()
    assert t["blocks"]["size"].sum() == len(t["membership"]) == t["network"]["nodes"].iloc[0]
    assert list(t["blocks"]["block"]) == list(range(1, len(t["blocks"]) + 1))
    # block 1 is the best-connected: incident densities fall with the block number
    assert (np.diff(t["blocks"]["incident_density"].to_numpy()) <= 1e-12).all()
    assert t["blocks"]["position"].iloc[0] == "core" and t["blocks"]["position"].iloc[-1] == "periphery"
    assert {"core", "semi-core", "semi-periphery", "periphery"} == set(t["blocks"]["position"])


def test_new_york_is_in_the_core_of_boswash_technology_transfer(boswash_tt):
    assert _block_of(boswash_tt, NEW_YORK) == (1, "core")
    core = boswash_tt.tables["blocks"].iloc[0]["members"]
    assert "Philadelphia" in core and "Washington" in core


@pytest.mark.parametrize("kind", ["baidu", "gravity"])
def test_shanghai_is_in_the_core_of_the_yangtze_river_delta(real_store, kind):
    res = block_model(real_store, "cn-yrd-2016", kind)
    assert _block_of(res, SHANGHAI) == (1, "core")
    first = res.finding_list[0]
    assert "上海市" in first.zh and "Shanghai" in first.en


def test_gravity_defaults_to_row_mean_ties_and_says_so(real_store):
    res = block_model(real_store, "cn-yrd-2016", "gravity")
    net = res.tables["network"].iloc[0]
    assert net["ties"] == "row_mean" and net["directed"]
    assert any("row-mean" in str(n) or "sender city’s mean" in str(n) for n in res.notes)
    assert "data_quality" in res.tables and all("secondary" in f.quality for f in res.finding_list)


def test_undirected_links_have_no_in_and_out_density(real_store):
    res = block_model(real_store, "cn-yrd-2016", "firm_link")
    assert not res.tables["network"]["directed"].iloc[0]
    assert res.tables["blocks"]["out_density"].isna().all()
    assert res.tables["membership"]["in_density"].isna().all()
    assert res.tables["blocks"]["external_density"].notna().all()


def test_structural_equivalence_runs_and_members_without_links_are_named(real_store):
    res = block_model(real_store, "us-boswash", "tech_transfer", method="se", n_blocks=4)
    assert res.tables["network"]["method"].iloc[0] == "se"
    assert res.tables["blocks"]["size"].sum() == res.tables["network"]["nodes"].iloc[0]
    units = real_store.group("us-boswash").members
    units = units[units["level"] == "metro"].drop_duplicates("region_id")
    missing = units[~units["region_id"].isin(res.tables["membership"]["region_id"])]
    notes = " ".join(str(n) for n in res.notes)
    for row in missing.itertuples():
        assert row.name in notes, row.name


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "blockmodel"}, "--method"),
    ({"n_blocks": 3}, "2, 4, 8 or 16"),
    ({"method": "se", "n_blocks": 1}, "2 or more"),
    ({"ties": "log"}, "--ties"),
    ({"period": "1999"}, "no tech_transfer links"),
])
def test_bad_options_are_clear_errors(real_store, kwargs, message):
    with pytest.raises(MegaregionError, match=message):
        block_model(real_store, "us-sansan", "tech_transfer", **kwargs)


def test_too_few_cities_is_a_clear_error(real_store):
    with pytest.raises(MegaregionError, match="cities have"):
        block_model(real_store, "cn-cztan-core", "baidu")
