"""Knowledge-base synergy (geography × technology × size) from official CBP county files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from megaregion.analysis.knowledge_base import knowledge_base_synergy
from megaregion.errors import MegaregionError
from megaregion.importer import import_folder
from megaregion.io.census_cbp import _COUNTY_2017, read_cbp_file
from megaregion.metrics.triplehelix import mutual_information, synergy_by_group
from megaregion.store import Store
from test_cli import run  # the one CLI runner of the test suite

SECTORS = {"23----": "23", "31----": "31-33", "54----": "54", "62----": "62"}
SIZE_COLS = ["n<5", "n5_9", "n10_19", "n20_49", "n50_99", "n100_249", "n250_499", "n500_999", "n1000"]


# ------------------------------------------------------------------ kernel


def test_decomposition_parts_are_the_groups_own_T():
    rng = np.random.default_rng(3)
    t = rng.poisson(rng.gamma(1.0, 8.0, (7, 5, 4)))
    labels = ["a", "a", "b", "b", "b", "c", "a"]
    whole, parts = synergy_by_group(t, labels)
    assert whole.T == pytest.approx(mutual_information(t).T, abs=1e-15)
    p = parts.set_index("group")
    for g in "abc":
        sub = t[[i for i, x in enumerate(labels) if x == g]]
        assert p.loc[g, "T_bits"] == pytest.approx(mutual_information(sub).T if g != "c" else 0.0, abs=1e-15)
        assert p.loc[g, "share"] == pytest.approx(sub.sum() / t.sum())
    assert p.loc["c", "units"] == 1 and p.loc["c", "T_bits"] == 0.0  # one unit: no geography inside
    assert parts["contribution_bits"].sum() == pytest.approx(whole.T, abs=1e-15)
    # regrouping changes the parts, never the whole
    whole2, parts2 = synergy_by_group(t, ["x"] * 7)
    assert whole2.T == whole.T and parts2.loc[0, "T_bits"] == pytest.approx(whole.T, abs=1e-15)
    assert parts2.loc[1, "contribution_bits"] == pytest.approx(0.0, abs=1e-15)
    with pytest.raises(ValueError, match="group labels"):
        synergy_by_group(t, labels[:-1])


# ------------------------------------------------------------------ workflow


def _cbp_file(path, counties, seed=0):
    """An official-layout 2019 county file with random size-class counts for ``counties``."""
    rng = np.random.default_rng(seed)
    lines = [",".join(f'"{h}"' for h in _COUNTY_2017)]
    truth = {}
    for fips in counties:
        total = np.zeros(len(SIZE_COLS))
        for code, sector in SECTORS.items():
            sizes = rng.poisson(rng.gamma(1.0, 30.0) * np.array([8, 4, 3, 2, 1, .5, .2, .1, .05]))
            truth[(f"us:{fips}", sector)] = sizes
            total += sizes
            lines.append(_row(fips, code, sizes))
        lines.append(_row(fips, "------", total))
    path.write_text("\n".join(lines) + "\n")
    return truth


def _row(fips, code, sizes):
    rec = {"fipstate": f'"{fips[:2]}"', "fipscty": f'"{fips[2:]}"', "naics": f'"{code}"',
           "emp_nf": '"G"', "emp": str(int(10 * sizes.sum())), "qp1_nf": '"G"', "qp1": "1",
           "ap_nf": '"G"', "ap": "1", "est": str(int(sizes.sum())), "censtate": '"00"', "cencty": '"000"'}
    rec.update({c: str(int(v)) for c, v in zip(SIZE_COLS, sizes)})
    return ",".join(rec.get(h, "0") for h in _COUNTY_2017)


@pytest.fixture(scope="module")
def cbp_store(data_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("kb")
    store = Store(folder / "s.duckdb")
    import_folder(store, data_dir, ["us/reference", "us/megaregions"])
    members = store.con.execute(
        "SELECT g.group_id, g.region_id, coalesce(r.metro_2023, r.metro_2018) AS metro "
        "FROM groups g JOIN regions r USING (region_id) "
        "WHERE r.level = 'county' AND g.group_id IN ('us-boswash', 'us-sansan')").df()
    # all SanSan counties; BosWash without its first 3 counties (reported as missing)
    bos = sorted(members.loc[members.group_id == "us-boswash", "region_id"])
    san = sorted(members.loc[members.group_id == "us-sansan", "region_id"])
    counties = [c[3:] for c in bos[3:] + san]
    truth = _cbp_file(folder / "cbp19co.txt", counties)
    store.import_batch(read_cbp_file(folder / "cbp19co.txt"))
    yield store, truth, members, bos[:3]
    store.close()


def _truth_table(truth, counties):
    sectors = sorted(SECTORS.values())
    return np.array([[truth[(c, s)] for s in sectors] for c in counties], dtype=float)


def test_group_T_and_metro_contributions_match_the_kernel(cbp_store):
    store, truth, members, missing = cbp_store
    res = knowledge_base_synergy(store, ["us-boswash", "us-sansan"])
    assert res.finding_list
    for f in res.finding_list:  # each finding's number is the table cell it names
        assert f.column is not None and res.cell(f) == pytest.approx(f.value), f.en
    summary = res.summary().set_index("group_id")
    for gid in ("us-boswash", "us-sansan"):
        m = members[members.group_id == gid].set_index("region_id")
        counties = sorted(c for c in m.index if (c, "23") in truth)
        table = _truth_table(truth, counties)
        assert summary.loc[gid, "T_GTO_mbits"] == pytest.approx(1000 * mutual_information(table).T, abs=1e-9)
        assert summary.loc[gid, "establishments"] == table.sum()
        labels = [m.loc[c, "metro"] if isinstance(m.loc[c, "metro"], str) else f"non-metro {c[3:5]}"
                  for c in counties]
        _, parts = synergy_by_group(table, labels)
        mine = res.tables["metros"].query("group_id == @gid").set_index("metro")
        for r in parts[parts.group != "between"].itertuples():
            assert mine.loc[r.group, "contribution_mbits"] == pytest.approx(1000 * r.contribution_bits, abs=1e-9)
        assert list(mine["rank"]) == list(range(1, len(mine) + 1))
        assert mine["contribution_mbits"].is_monotonic_increasing
    assert summary.loc["us-boswash", "counties_without_data"] == 3
    # Connecticut's planning regions (2023 metros only) sit under their metros, not "non-metro"
    bos = res.tables["metros"].query("group_id == 'us-boswash'")
    assert "us-cbsa:25540" in set(bos["metro"])  # Hartford
    assert not bos["metro"].str.endswith(" 09").any()
    assert any("3 member counties have no census/cbp19co rows" in n for n in res.notes)
    assert res.findings()[0].startswith("Most negative T(GTO), i.e. most synergy in the knowledge base")
    assert "知识基础协同最强" in res.findings("zh")[0]


def test_no_size_classes_says_how_to_get_them(data_dir, tmp_path):
    store = Store(tmp_path / "s.duckdb")
    import_folder(store, data_dir, ["us/reference", "us/megaregions"])
    with pytest.raises(MegaregionError, match="data fetch cbp --years 2019"):
        knowledge_base_synergy(store, ["us-boswash"])
    store.close()


def test_cli_synergy(capsys, cbp_store, tmp_path):
    store, *_ = cbp_store
    path = store.path
    store.con.execute("CHECKPOINT")
    code, out, err = run(capsys, "--store", str(tmp_path / "other.duckdb"), "synergy", "us-boswash")
    assert code == 2 and "data fetch cbp" in err and "Traceback" not in err
    code, out, err = run(capsys, "--lang", "zh", "--store", path, "synergy", "us-sansan", "--year", "2019",
                         "--out", str(tmp_path / "kb.xlsx"))
    assert code == 0, err
    assert "知识基础协同" in out and (tmp_path / "kb.xlsx").exists()
    assert pd.read_excel(tmp_path / "kb.xlsx", sheet_name="metros").shape[0] >= 2


def test_county_with_an_unavailable_size_count_is_left_out(data_dir, tmp_path):
    store = Store(tmp_path / "s.duckdb")
    import_folder(store, data_dir, ["us/reference", "us/megaregions"])
    san = sorted(store.con.execute(
        "SELECT g.region_id FROM groups g JOIN regions r USING (region_id) "
        "WHERE g.group_id = 'us-sansan' AND r.level = 'county'").df()["region_id"])
    path = tmp_path / "cbp19co.txt"
    _cbp_file(path, [c[3:] for c in san])
    lines = path.read_text().splitlines()
    victim = san[0][3:]
    j = next(i for i, ln in enumerate(lines) if ln.startswith(f'"{victim[:2]}","{victim[2:]}","54----"'))
    cells = lines[j].split(",")
    cells[_COUNTY_2017.index("n5_9")] = '"N"'
    lines[j] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    store.import_batch(read_cbp_file(path))
    res = knowledge_base_synergy(store, ["us-sansan"])
    assert res.summary()["counties"].iloc[0] == len(san) - 1
    assert any(f"1 counties with a size-class count not available (N) are left out: {san[0]}" in n
               for n in res.notes)
    store.close()


def test_synergy_errors_name_what_is_missing(cbp_store):
    store, *_ = cbp_store
    with pytest.raises(MegaregionError, match="no establishments by size class for 2015"):
        knowledge_base_synergy(store, ["us-sansan"], year=2015)
    with pytest.raises(MegaregionError, match="at least one group"):
        knowledge_base_synergy(store, [])
