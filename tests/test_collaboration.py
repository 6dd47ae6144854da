"""Triple-helix collaboration records: actor vocabulary, the user-table reader, the workflow, the CLI.

Reference values come from ``tests/reference/triplehelix_dit_reference.json`` (the package
``dit``'s co-information, which equals Leydesdorff's T; see tests/test_triplehelix.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_cli import run  # the one CLI runner of the test suite

from megaregion.analysis.collaboration import collaboration_synergy
from megaregion.errors import DataError, MegaregionError
from megaregion.importer import import_folder
from megaregion.io.user_tables import read_user_table
from megaregion.metrics.triplehelix import combinations_to_table
from megaregion.model import actors
from megaregion.store import Store

DIT = json.loads((Path(__file__).parent / "reference" / "triplehelix_dit_reference.json").read_text())["cases"]

# ------------------------------------------------------------------ vocabulary


@pytest.mark.parametrize("text, code", [
    ("UIG", "UIG"), ("gui", "UIG"), ("U", "U"), ("RU", "UR"),
    ("university; firm", "UI"), ("Firm, University", "UI"), ("government and institute", "GR"),
    ("高校、企业", "UI"), ("企业；政府", "IG"), ("大学/研究所/公司", "UIR"), ("高校和科研院所", "UR"),
    ("university;university", "U"), ("个人", "none"), ("none", "none"), ("  ＵＩ ", "UI"),
])
def test_parse_actor_text(text, code):
    assert actors.parse(text) == code


@pytest.mark.parametrize("text", ["", "   ", "hospital", "高校、医院", "UX"])
def test_parse_refuses_unknown_words(text):
    with pytest.raises(ValueError):
        actors.parse(text)


@pytest.mark.parametrize("seed", range(5))
def test_inclusive_conversion_agrees_with_the_kernel(seed):
    rng = np.random.default_rng(seed)
    exact = {c: float(rng.integers(0, 200)) for c in actors.all_codes("UIG")[1:]}
    inclusive = {c: sum(v for d, v in exact.items() if set(c) <= set(d)) for c in exact}
    total = sum(exact.values()) + 17
    back = actors.inclusive_to_exclusive(inclusive, total=total)
    assert back == {**exact, "none": 17.0}
    # the kernel's own inclusion-exclusion ('' = total there) gives the same table
    kernel = combinations_to_table({**inclusive, "": total}, counts_are="inclusive")
    mine = combinations_to_table({("" if c == "none" else c): v for c, v in back.items()})
    np.testing.assert_allclose(kernel, mine)


def test_inclusive_conversion_errors():
    with pytest.raises(ValueError, match="inconsistent"):
        actors.inclusive_to_exclusive({"U": 3, "I": 4, "UI": 5})
    with pytest.raises(ValueError, match="smaller"):
        actors.inclusive_to_exclusive({"U": 3, "I": 4}, total=5)
    with pytest.raises(ValueError, match="not an inclusive count"):
        actors.inclusive_to_exclusive({"U": 3, "none": 4})


# ------------------------------------------------------------------ reader

RECORDS_TOML = """
table = "collaborations"
kind = "co_patent"
region_prefix = "cn:"
[columns]
region_id = "城市代码"
year = "申请年"
actors = "申请人类型"
"""


def _write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_micro_records_are_counted_per_combination(tmp_path):
    data = _write(tmp_path, "专利.csv",
                  "专利号,城市代码,申请年,申请人类型\n"
                  "CN1,310000,2019,高校、企业\nCN2,310000,2019,企业\nCN3,310000,2019,UI\n"
                  "CN4,320100,2019,政府;科研院所\nCN5,320100,2019,个人\n", encoding="gb18030")
    batch = read_user_table(data, _write(tmp_path, "m.toml", RECORDS_TOML))
    df = batch.tables["collaborations"].to_pandas().sort_values(["region_id", "actors"])
    assert df[["region_id", "actors", "count"]].values.tolist() == [
        ["cn:310000", "I", 1.0], ["cn:310000", "UI", 2.0], ["cn:320100", "GR", 1.0],
        ["cn:320100", "none", 1.0]]
    assert set(df["kind"]) == {"co_patent"} and set(df["year"]) == {2019}
    assert any("5 documents (one per row) counted into 4 combination counts" in n for n in batch.notes)


def test_unknown_actor_word_names_row_and_column(tmp_path):
    data = _write(tmp_path, "p.csv", "专利号,城市代码,申请年,申请人类型\nCN1,310000,2019,高校\n"
                  "CN2,310000,2019,医院\n")
    with pytest.raises(DataError) as err:
        read_user_table(data, _write(tmp_path, "m.toml", RECORDS_TOML))
    msg = err.value.message
    assert "row 3" in msg and "申请人类型" in msg and "医院" in msg and "高校" in msg


COUNTS_TOML = """
table = "collaborations"
kind = "co_publication"
{extra}
[columns]
region_id = "city"
year = "year"
actors = "actors"
count = "papers"
"""


def test_exclusive_counts_and_duplicate_combinations(tmp_path):
    m = _write(tmp_path, "m.toml", COUNTS_TOML.format(extra=""))
    ok = _write(tmp_path, "ok.csv", "city,year,actors,papers\nus-cbsa:14460,2015,U,50\n"
                "us-cbsa:14460,2015,UI,\"1,200\"\n")
    df = read_user_table(ok, m).tables["collaborations"].to_pandas()
    assert sorted(zip(df["actors"], df["count"])) == [("U", 50.0), ("UI", 1200.0)]
    dup = _write(tmp_path, "dup.csv", "city,year,actors,papers\nus-cbsa:14460,2015,UI,5\n"
                 "us-cbsa:14460,2015,IU,6\n")
    with pytest.raises(DataError) as err:
        read_user_table(dup, m)
    assert "rows 2 and 3" in err.value.message and "'actors'" in err.value.message
    neg = _write(tmp_path, "neg.csv", "city,year,actors,papers\nus-cbsa:14460,2015,UI,-5\n")
    with pytest.raises(DataError, match="row 2.*papers"):
        read_user_table(neg, m)


def test_inclusive_counts_with_total(tmp_path):
    m = _write(tmp_path, "m.toml", COUNTS_TOML.format(extra='counts_are = "inclusive"'))
    case = DIT["uig_university_dominated"]
    lines = ["city,year,actors,papers"] + [
        f"cn:310000,2017,{c},{int(v)}" for c, v in case["inclusive_counts"].items() if c]
    lines.append(f"cn:310000,2017,合计,{int(case['inclusive_counts'][''])}")
    df = read_user_table(_write(tmp_path, "inc.csv", "\n".join(lines) + "\n"), m) \
        .tables["collaborations"].to_pandas()
    got = dict(zip(df["actors"], df["count"]))
    assert got.pop("none") == 0.0
    assert got == {c: float(v) for c, v in case["counts"].items()}
    bad = _write(tmp_path, "bad.csv", "city,year,actors,papers\ncn:310000,2017,U,3\n"
                 "cn:310000,2017,I,4\ncn:310000,2017,UI,5\ncn:310000,2017,total,10\n")
    with pytest.raises(DataError) as err:
        read_user_table(bad, m)
    assert "inconsistent" in err.value.message and "row 2" in err.value.message


def test_mapping_checks_for_collaborations(tmp_path):
    data = _write(tmp_path, "d.csv", "city,year,actors,papers\ncn:310000,2017,U,3\n")
    with pytest.raises(DataError, match="counts_are"):
        read_user_table(data, {"table": "collaborations", "kind": "co_patent", "counts_are": "some",
                               "columns": {"region_id": "city", "year": "year", "actors": "actors",
                                           "count": "papers"}})
    with pytest.raises(DataError, match="count column"):
        read_user_table(data, {"table": "collaborations", "kind": "co_patent",
                               "counts_are": "inclusive",
                               "columns": {"region_id": "city", "year": "year", "actors": "actors"}})
    with pytest.raises(DataError, match="'actors'"):
        read_user_table(data, {"table": "collaborations", "kind": "co_patent",
                               "columns": {"region_id": "city", "year": "year"}})
    with pytest.raises(DataError, match="kind"):
        read_user_table(data, {"table": "collaborations",
                               "columns": {"region_id": "city", "year": "year", "actors": "actors"}})


# ------------------------------------------------------------------ workflow


def _counts_csv(tmp_path, rows):
    lines = ["city,year,actors,papers"] + [f"{r},{y},{c},{int(v)}" for r, y, c, v in rows]
    return _write(tmp_path, "counts.csv", "\n".join(lines) + "\n")


@pytest.fixture
def cn_store(data_dir, tmp_path):
    store = Store(tmp_path / "s.duckdb")
    import_folder(store, data_dir, ["cn/cities", "cn/clusters"])
    yield store
    store.close()


def test_workflow_agrees_with_dit_for_each_city_and_the_group(cn_store, tmp_path):
    a, b = DIT["uig_university_dominated"]["counts"], DIT["uig_balanced"]["counts"]
    rows = [("cn:310000", 2017, c, v) for c, v in a.items()] + \
           [("cn:320100", 2017, c, v) for c, v in b.items()]
    m = _write(tmp_path, "m.toml", COUNTS_TOML.format(extra=""))
    cn_store.import_batch(read_user_table(_counts_csv(tmp_path, rows), m))
    res = collaboration_synergy(cn_store, "cn-yrd")
    assert res.finding_list
    for f in res.finding_list:  # each finding's number is the table cell it names
        assert f.column is not None and res.cell(f) == pytest.approx(f.value), f.en
    syn = res.tables["synergy"].set_index("region_id")
    assert syn.loc["cn:310000", "T_UIG_mbits"] == pytest.approx(
        1000 * DIT["uig_university_dominated"]["T_bits"], abs=1e-9)
    assert syn.loc["cn:320100", "T_UIG_mbits"] == pytest.approx(1000 * DIT["uig_balanced"]["T_bits"], abs=1e-9)
    # bilateral T(UI) = dit's mutual information of dimensions 0 and 1
    assert syn.loc["cn:310000", "T_UI_mbits"] == pytest.approx(
        1000 * DIT["uig_university_dominated"]["coinformation_bits"]["0,1"], abs=1e-9)
    assert syn.loc["cn:310000", "name_zh"] == "上海市"
    # the group row: documents summed, T computed on the sum (not averaged)
    gid = next(i for i in syn.index if not i.startswith("cn:"))
    assert syn.loc[gid, "documents"] == sum(a.values()) + sum(b.values())
    summed = {c: a.get(c, 0) + b.get(c, 0) for c in set(a) | set(b)}
    from megaregion.metrics.triplehelix import helix_from_combinations
    assert syn.loc[gid, "T_UIG_mbits"] == pytest.approx(helix_from_combinations(summed).T_mbits, abs=1e-9)
    assert res.summary()["strongest_synergy"].iloc[0] == "Nanjing" or \
        res.summary()["strongest_synergy"].iloc[0] == syn.loc["cn:320100", "name"]
    assert any("user-supplied" in n for n in res.notes)
    assert res.findings("zh") and "南京" in res.findings("zh")[0]


def test_quadruple_helix_and_the_uig_marginal(cn_store, tmp_path):
    q = DIT["uigr_quadruple"]
    m = _write(tmp_path, "m.toml", COUNTS_TOML.format(extra=""))
    cn_store.import_batch(read_user_table(
        _counts_csv(tmp_path, [("cn:420100", 2018, c, v) for c, v in q["counts"].items()]), m))
    four = collaboration_synergy(cn_store, actors="UIGR").tables["synergy"].iloc[0]
    assert four["T_UIGR_mbits"] == pytest.approx(1000 * q["T_bits"], abs=1e-9)
    for dims, key in (("UIG", "0,1,2"), ("UR", "0,3"), ("IGR", "1,2,3")):
        assert four[f"T_{dims}_mbits"] == pytest.approx(1000 * q["coinformation_bits"][key], abs=1e-9)
    three = collaboration_synergy(cn_store, actors="UIG")
    assert three.tables["synergy"].iloc[0]["T_UIG_mbits"] == pytest.approx(
        1000 * q["coinformation_bits"]["0,1,2"], abs=1e-9)
    assert any("Research-institute" in n for n in three.notes)


def test_absent_actor_type_is_not_reported_as_zero(cn_store, tmp_path):
    m = _write(tmp_path, "m.toml", COUNTS_TOML.format(extra=""))
    cn_store.import_batch(read_user_table(_counts_csv(tmp_path, [
        ("cn:310000", 2019, "U", 40), ("cn:310000", 2019, "I", 30), ("cn:310000", 2019, "UI", 20)]), m))
    row = collaboration_synergy(cn_store).tables["synergy"].iloc[0]
    assert np.isnan(row["T_UIG_mbits"]) and np.isnan(row["T_UG_mbits"])
    assert row["T_UI_mbits"] > 0 and "government" in row["note"]
    assert not row["synergy"]


def test_workflow_errors(cn_store, tmp_path):
    with pytest.raises(MegaregionError, match="no collaboration records"):
        collaboration_synergy(cn_store)
    m = _write(tmp_path, "m.toml", COUNTS_TOML.format(extra=""))
    cn_store.import_batch(read_user_table(_counts_csv(tmp_path, [("cn:510100", 2019, "UI", 4)]), m))
    with pytest.raises(MegaregionError, match="member of"):
        collaboration_synergy(cn_store, "cn-yrd")
    with pytest.raises(MegaregionError, match="UIG or UIGR"):
        collaboration_synergy(cn_store, actors="UIGX")
    with pytest.raises(MegaregionError, match="no record has a research institute"):
        collaboration_synergy(cn_store, actors="UIGR")
    with pytest.raises(MegaregionError, match="kinds: co_publication"):
        collaboration_synergy(cn_store, kind="co_patent")
    small = collaboration_synergy(cn_store).tables["synergy"].iloc[0]
    assert not small["reliable"]


# ------------------------------------------------------------------ command line


def test_cli_imports_records_and_reports_synergy(capsys, tmp_path, data_dir):
    store = str(tmp_path / "cli.duckdb")
    code, _, err = run(capsys, "--store", store, "--data-dir", str(data_dir), "data", "import",
                       "--dataset", "cn/cities", "--dataset", "cn/clusters")
    assert code == 0, err
    rng = np.random.default_rng(7)
    docs = []
    for city, p_gov in (("310000", 0.2), ("320500", 0.05)):
        for i in range(400):
            u, f = rng.random() < 0.7, rng.random() < 0.4
            g = rng.random() < (p_gov if u != f else 0.4)  # government joins mixed teams
            letters = "".join(x for x, on in zip("UIG", (u, f, g)) if on) or "个人"
            docs.append(f"{city}-{i},{city},2020,{letters}")
    data = _write(tmp_path, "docs.csv", "专利号,城市代码,申请年,申请人类型\n" + "\n".join(docs) + "\n")
    code, out, err = run(capsys, "--store", store, "data", "import", str(data), "--mapping",
                         str(_write(tmp_path, "m.toml", RECORDS_TOML)))
    assert code == 0, err
    assert "800 documents (one per row)" in out
    code, out, err = run(capsys, "--store", store, "--lang", "zh", "collaboration", "cn-yrd",
                         "--out", str(tmp_path / "th.xlsx"))
    assert code == 0, err
    assert "三螺旋协同" in out and "用户提供的记录" in out and (tmp_path / "th.xlsx").exists()
    sheet = pd.read_excel(tmp_path / "th.xlsx", sheet_name="synergy")
    assert "文献（专利、论文）件数（documents）" in sheet.columns and "协同检验p值（p_synergy）" in sheet.columns
    code, _, err = run(capsys, "--store", store, "collaboration", "--actors", "UIGX")
    assert code == 2 and "UIG or UIGR" in err and "Traceback" not in err


def test_documented_collaboration_mappings_are_valid():
    import re
    import tomllib

    from megaregion.io.user_tables import load_mapping

    doc = (Path(__file__).resolve().parents[1] / "docs" / "user-tables.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```toml\n(.*?)```", doc, re.S) if 'table = "collaborations"' in b]
    assert len(blocks) == 2
    for block in blocks:
        m = load_mapping(tomllib.loads(block))
        assert m.table == "collaborations" and "actors" in m.columns


# ------------------------------------------------------------------ review follow-ups


@pytest.mark.parametrize("text, code", [("高校 企业", "UI"), ("U I", "UI"), ("UI;G", "UIG"),
                                        ("university research institute", "UR"),
                                        ("public sector, firm", "IG")])
def test_parse_space_separated_and_mixed(text, code):
    assert actors.parse(text) == code


def _counts_file(tmp_path, body, extra=""):
    m = _write(tmp_path, "m.toml", COUNTS_TOML.format(extra=extra))
    return _write(tmp_path, "c.csv", "city,year,actors,papers\n" + body), m


@pytest.mark.parametrize("body, extra, message, row, column", [
    # an empty count is not 0
    ("cn:310000,2017,U,5\ncn:310000,2017,UI,\n", "", "empty count", 3, "papers"),
    # a withheld count is an error even with suppressed = "skip"
    ("cn:310000,2017,U,5\ncn:310000,2017,UI,—\n", 'suppressed = "skip"', "suppression marker", 3, "papers"),
    # a total row needs inclusive counts
    ("cn:310000,2017,U,5\ncn:310000,2017,合计,9\n", "", "counts_are", 3, "actors"),
    # inclusive: every combination of the types that occur must be given
    ("cn:310000,2017,U,5\ncn:310000,2017,I,4\ncn:310000,2017,G,3\ncn:310000,2017,UI,1\n"
     "cn:310000,2017,UG,1\ncn:310000,2017,IG,1\ncn:310000,2017,合计,20\n", 'counts_are = "inclusive"',
     "lack the combination(s) UIG", 2, "actors"),
    # inclusive: the row of the inconsistent combination is named
    ("cn:310000,2017,U,5\ncn:310000,2017,I,4\ncn:310000,2017,UI,7\n",
     'counts_are = "inclusive"\nno_total = true', "exact count of U would be -2", 2, "papers"),
    ("cn:310000,2017,U,5\ncn:310000,2017,I,4\ncn:310000,2017,UI,2\ncn:310000,2017,total,3\n",
     'counts_are = "inclusive"', "smaller", 5, "papers"),
])
def test_counts_that_would_change_T_are_errors(tmp_path, body, extra, message, row, column):
    data, m = _counts_file(tmp_path, body, extra)
    with pytest.raises(DataError) as err:
        read_user_table(data, m)
    msg = err.value.message
    assert message in msg and f"row {row}" in msg and f"'{column}'" in msg, msg


def test_records_with_an_empty_actor_cell_are_errors_but_footnotes_are_skipped(tmp_path):
    m = _write(tmp_path, "m.toml", RECORDS_TOML)
    bad = _write(tmp_path, "bad.csv", "专利号,城市代码,申请年,申请人类型\nCN1,310000,2019,高校\nCN2,320100,2019,\n")
    with pytest.raises(DataError, match=r"row 3.*申请人类型.*empty list of actor types"):
        read_user_table(bad, m)
    ok = _write(tmp_path, "ok.csv", "专利号,城市代码,申请年,申请人类型\nCN1,310000,2019,高校\n注：数据来源于……,,,\n")
    batch = read_user_table(ok, m)
    assert batch.tables["collaborations"].num_rows == 1
    assert any("1 row without any value" in n for n in batch.notes)


def test_non_negative_false_is_refused_for_collaborations(tmp_path):
    data, _ = _counts_file(tmp_path, "cn:310000,2017,U,5\n")
    with pytest.raises(DataError, match="non_negative"):
        read_user_table(data, {"table": "collaborations", "kind": "x", "non_negative": False,
                               "columns": {"region_id": "city", "year": "year", "actors": "actors",
                                           "count": "papers"}})


def _import_counts(store, tmp_path, rows, name="counts"):
    m = _write(tmp_path, "m.toml", COUNTS_TOML.format(extra=""))
    lines = ["city,year,actors,papers"] + [f"{r},{y},{c},{int(v)}" for r, y, c, v in rows]
    store.import_batch(read_user_table(_write(tmp_path, f"{name}.csv", "\n".join(lines) + "\n"), m))


def test_four_helix_verdict_uses_mutual_redundancy(cn_store, tmp_path):
    q = DIT["uigr_quadruple"]
    _import_counts(cn_store, tmp_path, [("cn:420100", 2018, c, v) for c, v in q["counts"].items()])
    row = collaboration_synergy(cn_store, actors="UIGR").tables["synergy"].iloc[0]
    assert row["R_UIGR_mbits"] == pytest.approx(-row["T_UIGR_mbits"], abs=1e-12)
    assert row["T_UIGR_mbits"] > 0 and bool(row["synergy"])  # T4 > 0 is R4 < 0: synergy
    three = collaboration_synergy(cn_store, actors="UIG").tables["synergy"].iloc[0]
    assert three["R_UIG_mbits"] == three["T_UIG_mbits"]


def test_two_datasets_for_the_same_city_and_year_are_not_added(cn_store, tmp_path):
    a = DIT["uig_balanced"]["counts"]
    _import_counts(cn_store, tmp_path, [("cn:320100", 2019, c, v) for c, v in a.items()], "h1")
    _import_counts(cn_store, tmp_path, [("cn:320100", 2019, "UI", 3)], "h2")
    with pytest.raises(MegaregionError, match=r"2 datasets \(user/h1, user/h2\).*--source"):
        collaboration_synergy(cn_store)
    one = collaboration_synergy(cn_store, source="user/h1").tables["synergy"].iloc[0]
    assert one["T_UIG_mbits"] == pytest.approx(1000 * DIT["uig_balanced"]["T_bits"], abs=1e-9)


def test_actor_on_every_document_gives_no_verdict(cn_store, tmp_path):
    _import_counts(cn_store, tmp_path, [("cn:310000", 2019, c, n) for c, n in
                                        (("U", 40), ("UI", 30), ("UG", 20), ("UIG", 10))])
    row = collaboration_synergy(cn_store).tables["synergy"].iloc[0]
    assert np.isnan(row["T_UIG_mbits"]) and np.isnan(row["R_UIG_mbits"])
    assert row["synergy"] is None and "every document has university" in row["note"]
    assert row["T_IG_mbits"] >= 0  # the relation between the other two is still measured


def test_group_totals_add_one_level_and_trends_use_reliable_rows(data_dir, tmp_path):
    store = Store(tmp_path / "us.duckdb")
    import_folder(store, data_dir, ["us/reference", "us/megaregions"])
    big = DIT["uig_university_dominated"]["counts"]
    rows = [("us:25017", 2015, c, v) for c, v in big.items()]          # Middlesex County, MA ...
    rows += [("us-cbsa:14460", 2015, c, v) for c, v in big.items()]    # ... inside the Boston metro
    rows += [("us-cbsa:35620", 2015, c, v) for c, v in big.items()]    # New York metro
    rows += [("us-cbsa:14460", 2016, "U", 3), ("us-cbsa:14460", 2016, "UIG", 2),
             ("us-cbsa:14460", 2016, "IG", 1)]                          # too few documents
    _import_counts(store, tmp_path, rows)
    res = collaboration_synergy(store, "us-boswash")
    for f in res.finding_list:  # each finding's number is the table cell it names
        assert f.column is not None and res.cell(f) == pytest.approx(f.value), f.en
    s = res.summary().set_index("year")
    assert s.loc[2015, "documents"] == 2 * sum(big.values())  # the two metros, not the county
    assert s.loc[2015, "regions"] == 2
    assert any("Totals add up the metro-level records only; 1 region at" in n for n in res.notes)
    syn = res.tables["synergy"]
    whole = syn[syn["region_id"] == "us-boswash"].set_index("year")
    assert whole.loc[2015, "documents"] == 2 * sum(big.values())
    assert not whole.loc[2016, "reliable"]
    assert not any("as a whole" in f for f in res.findings())  # 2016 is unreliable: no trend
    store.close()


def test_independent_actor_types_are_not_called_synergy(cn_store, tmp_path):
    # 8 YRD cities, 60 documents each, U, I, G drawn independently: R is mostly negative
    # (small-sample bias) but the permutation test must not call it synergy
    rng = np.random.default_rng(5)
    cities = ["cn:310000", "cn:320100", "cn:320500", "cn:330100", "cn:340100", "cn:320200",
              "cn:330200", "cn:321000"]
    rows = []
    for city in cities:
        docs = rng.random((60, 3)) < [0.55, 0.45, 0.2]
        for combo, n in pd.Series(["".join(a for a, on in zip("UIG", d) if on) or "none"
                                   for d in docs]).value_counts().items():
            rows.append((city, 2019, combo, n))
    _import_counts(cn_store, tmp_path, rows)
    res = collaboration_synergy(cn_store, "cn-yrd")
    syn = res.tables["synergy"]
    cities_rows = syn[syn["region_id"].str.startswith("cn:")]
    assert (cities_rows["R_UIG_mbits"] < 0).sum() >= 5           # the bias is there
    assert res.summary()["regions_with_synergy"].iloc[0] <= 1    # the test is not fooled
    assert (cities_rows["R_UIG_null_mbits"] < 0).all()           # and it is what independence gives
    assert any("permutation test" in n for n in res.notes)


def test_inclusive_counts_need_a_total_unless_the_mapping_says_so(tmp_path):
    body = ("cn:310000,2017,U,80\ncn:310000,2017,I,120\ncn:310000,2017,G,30\ncn:310000,2017,UI,40\n"
            "cn:310000,2017,UG,5\ncn:310000,2017,IG,10\ncn:310000,2017,UIG,3\n")
    data, m = _counts_file(tmp_path, body, 'counts_are = "inclusive"')
    with pytest.raises(DataError, match=r"row 2.*no total row.*no_total = true"):
        read_user_table(data, m)
    data, m = _counts_file(tmp_path, body, 'counts_are = "inclusive"\nno_total = true')
    df = read_user_table(data, m).tables["collaborations"].to_pandas()
    assert "none" not in set(df["actors"]) and df["count"].sum() == 80 + 120 + 30 - 40 - 5 - 10 + 3
    with pytest.raises(DataError, match="no_total"):
        read_user_table(*_counts_file(tmp_path, body, "no_total = true"))


@pytest.mark.parametrize("text, code", [("大专院校", "U"), ("科研单位", "R"), ("工矿企业", "I"),
                                        ("机关团体", "G"), ("大专院校;工矿企业", "UI")])
def test_cnipa_applicant_types(text, code):
    assert actors.parse(text) == code


def test_shiye_danwei_is_not_read_as_government():
    with pytest.raises(ValueError, match="事业单位"):
        actors.parse("事业单位")


@pytest.mark.parametrize("code, hint", [("310101", "cn:310000"), ("320102", "cn:320100")])
def test_district_codes_suggest_their_city(cn_store, tmp_path, code, hint):
    data = _write(tmp_path, "p.csv", f"专利号,城市代码,申请年,申请人类型\nCN1,{code},2019,高校\n")
    known = {r[0] for r in cn_store.con.execute("SELECT region_id FROM regions").fetchall()}
    with pytest.raises(DataError, match=f"did you mean '{hint}'"):
        read_user_table(data, _write(tmp_path, "m.toml", RECORDS_TOML), known_regions=known)


def test_cli_data_remove_a_wrong_import(capsys, tmp_path):
    store = str(tmp_path / "r.duckdb")
    data, m = _counts_file(tmp_path, "cn:310000,2017,U,5\ncn:310000,2017,UI,2\n")
    code, out, err = run(capsys, "--store", store, "data", "import", str(data), "--mapping", str(m))
    assert code == 0, err
    code, out, err = run(capsys, "--store", store, "--lang", "zh", "data", "remove", "user/c")
    assert code == 0 and "已删除 user/c：2行" in out, out + err
    code, _, err = run(capsys, "--store", store, "data", "remove", "user/c")
    assert code == 2 and "no dataset 'user/c'" in err
    code, _, err = run(capsys, "--store", store, "collaboration")
    assert code == 2 and "no collaboration records" in err


def test_error_text_in_square_brackets_is_printed_as_is(capsys, tmp_path):
    m = _write(tmp_path, "k.toml", 'table = "collaborations"\nkind = "x"\n[columns]\nregion_id = "city"\n'
               'year = "year"\nactor = "actors"\n')
    data, _ = _counts_file(tmp_path, "cn:310000,2017,U,5\n")
    code, _, err = run(capsys, "--store", str(tmp_path / "s.duckdb"), "data", "import", str(data),
                       "--mapping", str(m))
    assert code == 2 and "[columns] names 'actor'" in err


def test_errors_in_chinese_under_lang_zh(capsys, tmp_path):
    store = str(tmp_path / "e.duckdb")
    bad = _write(tmp_path, "p.csv", "专利号,城市代码,申请年,申请人类型\nCN1,310000,2019,高校\nCN2,310000,2019,医院\n")
    code, _, err = run(capsys, "--store", store, "--lang", "zh", "data", "import", str(bad),
                       "--mapping", str(_write(tmp_path, "m.toml", RECORDS_TOML)))
    assert code == 2
    error = [line for line in err.splitlines() if not line.startswith("…")]  # progress lines apart
    assert "\n".join(error).strip().startswith("错误：p.csv，第3行，列“申请人类型”：无法识别主体类型：'医院'不是主体类型")
    assert "应为：U/高校/university" in err and "row" not in err and "expected" not in err
    code, _, err = run(capsys, "--store", store, "--lang", "zh", "collaboration")
    assert code == 2 and "库中没有合作记录" in err
    code, _, err = run(capsys, "--store", store, "collaboration")  # English stays English
    assert code == 2 and "The store has no collaboration records" in err


def test_chinese_error_frame_and_hints():
    from megaregion.errors import DataError
    from megaregion.i18n.error_texts import EXPECTED, PROBLEMS, zh

    e = DataError("x.csv", "duplicate key (region_id='cn:1', year=2019) on rows 4 and 7", row=7,
                  column="城市", expected="each combination of region_id, year at most once")
    assert zh(e) == ("x.csv，第7行，列“城市”：第4行和第7行的键重复（region_id='cn:1', year=2019）；"
                     "应为：region_id, year的每种组合至多出现一次")
    e = DataError("x.csv", "unknown region id 'cn:310101'; did you mean 'cn:310000'?", row=2,
                  column="c", found="cn:310101", expected="a region id known to the store (check)")
    assert "未知的地区代码'cn:310101'；是否应为'cn:310000'？" in zh(e)
    assert len(PROBLEMS) > 30 and len(EXPECTED) > 15
