"""The store: idempotent and atomic imports, Ibis reads, groups."""

from __future__ import annotations

import pyarrow as pa
import pandas as pd
import pytest

from megaregion.errors import UnknownNameError
from megaregion.io import registry
from megaregion.io.base import ImportBatch
from megaregion.model.megaregion import aggregate_flows
from megaregion.store import Store


def _fingerprint(store: Store) -> dict:
    """Row count and an order-independent checksum of every canonical table."""
    out = {}
    for name in ("regions", "groups", "activity", "indicators", "flows", "industries", "io_tables", "imports"):
        cols = "*" if name != "imports" else "dataset, file, sha256, rows"
        out[name] = store.con.execute(
            f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM (SELECT {cols} FROM {name}) t").fetchone()
    return out


@pytest.fixture()
def ref_store(data_dir, tmp_path):
    store = Store(tmp_path / "s.duckdb")
    for ds in ("us/reference", "us/megaregions"):
        store.import_batch(registry.get(ds).read(data_dir))
    yield store
    store.close()


def test_reimport_is_idempotent(ref_store, data_dir):
    before = _fingerprint(ref_store)
    ds = registry.get("us/reference")
    assert ref_store.is_current(ds.id, ds.files(data_dir))
    ref_store.import_batch(ds.read(data_dir))  # forced re-import of the same files
    assert _fingerprint(ref_store) == before
    assert before["regions"][0] > 4000


def test_failed_import_leaves_store_unchanged(ref_store, data_dir):
    before = _fingerprint(ref_store)
    batch = registry.get("us/reference").read(data_dir)
    with pytest.raises(RuntimeError, match="simulated"):
        ref_store.import_batch(batch, _fail_after_delete=True)
    assert _fingerprint(ref_store) == before


def test_bad_table_mid_import_rolls_back(ref_store, data_dir):
    """A batch whose second table cannot be inserted leaves the first table untouched too."""
    before = _fingerprint(ref_store)
    batch = registry.get("us/reference").read(data_dir)
    batch.tables["indicators"] = pa.table({"wrong": [1, 2]})  # cannot be inserted
    with pytest.raises(Exception):
        ref_store.import_batch(batch)
    assert _fingerprint(ref_store) == before


def test_reimport_replaces_only_own_rows(tmp_path):
    store = Store(tmp_path / "x.duckdb")
    a = ImportBatch("a")
    a.add("indicators", pd.DataFrame({"region_id": ["r1", "r2"], "year": [2000, 2000],
                                      "indicator": ["gdp", "gdp"], "value": [1.0, 2.0]}))
    b = ImportBatch("b")
    b.add("indicators", pd.DataFrame({"region_id": ["r1"], "year": [2000], "indicator": ["gdp"], "value": [5.0]}))
    store.import_batch(a)
    store.import_batch(b)
    a2 = ImportBatch("a")
    a2.add("indicators", pd.DataFrame({"region_id": ["r1"], "year": [2000], "indicator": ["gdp"], "value": [9.0]}))
    store.import_batch(a2)
    df = store.df("indicators").sort_values(["source"])
    assert df[["source", "value"]].values.tolist() == [["a", 9.0], ["b", 5.0]]


def test_regions_first_definition_wins(tmp_path):
    store = Store(tmp_path / "x.duckdb")
    a = ImportBatch("a")
    a.add("regions", pd.DataFrame({"region_id": ["us:1"], "name": ["first"]}))
    b = ImportBatch("b")
    b.add("regions", pd.DataFrame({"region_id": ["us:1", "us:2"], "name": ["second", "other"]}))
    store.import_batch(a)
    store.import_batch(b)
    names = dict(store.con.execute("SELECT region_id, name FROM regions").fetchall())
    assert names == {"us:1": "first", "us:2": "other"}


def test_ibis_reads_match_sql(ref_store):
    expr = ref_store.table("regions").filter(lambda t: t.level == "metro").count()
    sql = ref_store.con.execute("SELECT count(*) FROM regions WHERE level = 'metro'").fetchone()[0]
    assert expr.execute() == sql > 900


def test_group_members_and_cores(ref_store):
    boswash = ref_store.group("us-boswash")
    metros_2023 = boswash.units("2023")
    assert len(metros_2023) == 39
    assert set(boswash.core_ids) == {"us-cbsa:14460", "us-cbsa:35620"}
    assert boswash.members["region_id"].is_unique
    # New York County (Manhattan) is a core county
    assert boswash.members.set_index("region_id").loc["us:36061", "role"] == "core"


def test_unknown_group_names_the_known_ones(ref_store):
    with pytest.raises(UnknownNameError, match="us-boswash"):
        ref_store.group("us-bowash")


def test_aggregate_flows_to_metros():
    regions = pd.DataFrame({"region_id": ["us:1", "us:2", "us:3", "us:4"],
                            "metro_2018": ["m:a", "m:a", "m:b", None],
                            "metro_2023": ["m:a", "m:a", "m:b", None]})
    flows = pd.DataFrame({"origin": ["us:1", "us:2", "us:1", "us:3"],
                          "destination": ["us:3", "us:3", "us:2", "us:4"],
                          "year": 2013, "period": "2009-2013", "kind": "commuting", "category": None,
                          "weight": [10.0, 5.0, 7.0, 3.0], "unit": "persons", "directed": True, "source": "t"})
    out = aggregate_flows(flows, regions).set_index(["origin", "destination"])["weight"]
    assert out.to_dict() == {("m:a", "m:a"): 7.0, ("m:a", "m:b"): 15.0}
    assert aggregate_flows(flows, regions).attrs["dropped_weight"] == 3.0


def test_every_dataset_is_current_after_one_import(real_store, data_dir):
    """A second import of the whole folder imports nothing (the manifest holds every file)."""
    from megaregion.importer import import_folder

    report = import_folder(real_store, data_dir)
    assert report.imported == {} and report.missing == []
    assert len(report.current) == len(registry.DATASETS)


def test_group_ids_count_cities_as_the_comparisons_do(real_store):
    from megaregion.analysis.overview import group_profile

    ids = real_store.group_ids().set_index("group_id")
    assert ids.loc["us-boswash", "counties"] == 129 and ids.loc["cn-yrd-2016", "counties"] == 0
    assert ids.loc["us-boswash", "core"] == "us-cbsa:14460 us-cbsa:35620"
    profile = group_profile([real_store.group("us-boswash"), real_store.group("cn-yrd-2016")]).summary()
    for gid in ("us-boswash", "cn-yrd-2016"):  # the demo's "cities" and `groups` agree
        assert set(profile.loc[profile["group_id"] == gid, "members"]) == {ids.loc[gid, "members"]}


def test_cached_groups_reads_once_and_hands_out_independent_copies(real_store, monkeypatch):
    from megaregion.model.megaregion import Megaregion

    reads = []
    original = Megaregion.from_store.__func__

    def counting(cls, store, group_id, years=None):
        reads.append(group_id)
        return original(cls, store, group_id, years=years)

    monkeypatch.setattr(Megaregion, "from_store", classmethod(counting))
    with real_store.cached_groups():
        a = real_store.group("cn-cztan-core")
        b = real_store.group("cn-cztan-core")
        a.members.loc[:, "name"] = "changed"
        a.notes.append("changed")
        assert (b.members["name"] != "changed").all() and "changed" not in b.notes
        real_store.group("cn-cztan-core", years=[2019])
    assert reads == ["cn-cztan-core", "cn-cztan-core"]  # once per (group, years)
    real_store.group("cn-cztan-core")  # outside the block: read again
    assert len(reads) == 3
