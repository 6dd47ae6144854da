"""Findings audit: every workflow on the real data, every group, checked as a reader would.

A planner quotes the findings, not the kernels. This module runs each workflow of the brief's
questions on every US and Chinese group of the shared data and checks invariants of what a user
reads:

* each finding's headline number is the table cell it names (``Finding.column``/``where``);
* the English and Chinese sentences carry the same numbers;
* no change is claimed between two values that print the same;
* every permutation p-value is at least 1/(n+1);
* no statistic that needs link direction is reported for an undirected source;
* no finding rests on a value flagged unknown (suppressed);
* a member left out of a per-member table is named in the notes.

The workflows run once per module (cached); each check is its own test, parametrised by case.
"""

from __future__ import annotations

import math
import re
from functools import cache

import pandas as pd
import pytest

from megaregion.errors import MegaregionError

pytestmark = pytest.mark.realdata

N_PERM = 19  # permutations for network tests: enough to check the p-value floor (1/20)
N_PERM_SPATIAL = 99  # permutations for the spatial patterns (Moran, Geary, LISA)

US_GROUPS = ["us-boswash", "us-chipitts", "us-sansan", "us-nys"]
CN_GROUPS = ["cn-yrd-2016", "cn-yrd-2019-central", "cn-yrd-2019-full", "cn-myr-2015",
             "cn-wuhan-circle", "cn-huan-cztan", "cn-cztan-core", "cn-poyang-lake",
             "cn-chengyu-2016", "cn-yreb"]
US_KINDS = ["tech_transfer", "commuting", "migration", "gravity"]
CN_KINDS = ["gravity", "firm_link", "baidu"]

CASES = (
    [("overview", "all", None)]
    + [("structure", g, None) for g in US_GROUPS + CN_GROUPS]
    + [("innovation", g, None) for g in US_GROUPS + CN_GROUPS]
    + [("complexity", g, None) for g in US_GROUPS]
    + [("network", g, k) for g in US_GROUPS for k in US_KINDS]
    + [("network", g, k) for g in CN_GROUPS for k in CN_KINDS]
    + [("cofunding", "us", None), ("world_cities", "world", None)]
    + [("blocks", g, k) for g in US_GROUPS for k in US_KINDS]
    + [("blocks", g, k) for g in CN_GROUPS for k in CN_KINDS]
    + [("alliances", g, None) for g in US_GROUPS + CN_GROUPS]
    + [("io", "us", None), ("io", "cn", None)]
    + [("division", g, k) for g in US_GROUPS for k in ("tech_transfer", "commuting", "migration")]
    + [("division", g, k) for g in CN_GROUPS for k in ("firm_link", "baidu")]
    + [("openness", g, None) for g in US_GROUPS + CN_GROUPS]
    + [("spatial", g, "patents_per_capita") for g in US_GROUPS] + [("spatial", "us-boswash", "gdp_per_capita")]
    + [("spatial", g, "gdp_per_capita") for g in CN_GROUPS] + [("spatial", "cn-yreb", "lq:C")]
    + [("compare", "us-boswash|cn-yrd-2016", None), ("compare", "us-chipitts|cn-myr-2015", None),
       ("compare", "us-sansan|cn-chengyu-2016", None)]
)
IDS = [f"{w}-{g}" + (f"-{k}" if k else "") for w, g, k in CASES]


@pytest.fixture(scope="module")
def run(real_store):
    """``run(case)``: the workflow's Results, or the MegaregionError it raised (cached)."""
    regions = real_store.df("regions")

    @cache
    def _run(case):
        from megaregion.analysis.cofunding import cofunding
        from megaregion.analysis.complexity_map import complexity_map
        from megaregion.analysis.composite_centre import composite_structure
        from megaregion.analysis.hierarchy_network import hierarchy_to_network
        from megaregion.analysis.innovation_driver import innovation_driver
        from megaregion.analysis.overview import group_profile
        from megaregion.analysis.world_cities import world_city_network

        workflow, group, kind = case
        try:
            if workflow == "overview":
                return group_profile([real_store.group(g) for g in US_GROUPS[:3] + CN_GROUPS])
            if workflow == "structure":
                return composite_structure(real_store.group(group))
            if workflow == "innovation":
                return innovation_driver(real_store.group(group))
            if workflow == "complexity":
                return complexity_map(real_store, group)
            if workflow == "network":
                return hierarchy_to_network(real_store.group(group), kind, regions=regions, n_perm=N_PERM)
            if workflow == "cofunding":
                return cofunding(real_store, US_GROUPS[:3])
            if workflow == "world_cities":
                return world_city_network(real_store)
            if workflow == "blocks":
                from megaregion.analysis.blocks import block_model

                return block_model(real_store, group, kind)
            if workflow == "alliances":
                from megaregion.analysis.alliances import alliances

                return alliances(real_store, group, regions=regions)
            if workflow == "io":
                from megaregion.analysis.io_report import io_report
                return io_report(real_store, group)
            if workflow == "division":
                from megaregion.analysis.division_of_labour import division_of_labour
                return division_of_labour(real_store, group, kind, n_perm=N_PERM)
            if workflow == "openness":
                from megaregion.analysis.openness import openness

                return openness(real_store, group)
            if workflow == "spatial":
                from megaregion.analysis.spatial_patterns import spatial_patterns

                return spatial_patterns(real_store, group, kind, n_perm=N_PERM_SPATIAL)
            if workflow == "compare":
                from megaregion.analysis.compare import compare

                a, b = group.split("|")
                return compare(real_store, a, b, n_perm=N_PERM)
        except MegaregionError as exc:  # a clear refusal is an acceptable answer, a traceback is not
            return exc
        raise AssertionError(case)

    return _run


def _results(run, case):
    res = run(case)
    if isinstance(res, MegaregionError):
        assert str(res).strip(), f"{case}: an empty error message"
        pytest.skip(f"{case}: refused with a clear message: {str(res)[:120]}")
    return res


# -- numbers in sentences ------------------------------------------------------------------------
# A number not glued to a Latin word or code (Chinese characters may touch it: "的1.5倍").
_NUM = re.compile(r"(?<![A-Za-z0-9_.:])\d[\d,]*(?:\.\d+)?")


def numbers(text: str) -> list[float]:
    """The numbers a sentence prints, without sign (English writes "-0.11", Chinese may write
    "下降0.11"), thousands separators removed; a range "2018-2019" gives two numbers."""
    out = []
    for m in _NUM.finditer(text):
        tok = m.group().replace(",", "")
        try:
            out.append(float(tok))
        except ValueError:
            continue
    return out


def _printed(value: float, text: str) -> bool:
    """Whether ``value`` (or 100x it, for a share printed in percent) is printed in ``text``
    at the precision the sentence uses."""
    for x in numbers(text):
        decimals = 0 if float(x).is_integer() and "." not in f"{x}".rstrip("0").rstrip(".") else \
            len(f"{x}".split(".")[1])
        for cand in (value, 100 * value):
            if round(abs(cand), decimals) == round(abs(x), decimals) or \
                    math.isclose(abs(cand), abs(x), rel_tol=0, abs_tol=0.5 * 10 ** -decimals + 1e-9):
                return True
    return False


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_each_finding_names_its_cell_and_prints_it(run, case):
    res = _results(run, case)
    for f in res.finding_list:
        assert f.table in res.tables, f"{case}: finding cites table {f.table!r}: {f.en}"
        assert f.column is not None, f"{case}: finding names no table cell: {f.en}"
        cell = res.cell(f)
        if f.value is None or (isinstance(f.value, float) and math.isnan(f.value)):
            assert cell is None or pd.isna(cell), f"{case}: value missing but cell is {cell}: {f.en}"
            continue
        assert math.isclose(float(cell), float(f.value), rel_tol=1e-9, abs_tol=1e-12), \
            f"{case}: finding value {f.value} but {f.table}.{f.column} holds {cell}: {f.en}"
        assert _printed(float(f.value), f.en), f"{case}: {f.value} not printed in: {f.en}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_english_and_chinese_carry_the_same_numbers(run, real_store, case):
    res = _results(run, case)
    groups = real_store.df("groups")[["group_name", "group_name_zh"]].drop_duplicates()
    names = sorted({n for col in groups for n in groups[col].dropna()}, key=len, reverse=True)

    def without_names(text):  # "(2016 plan, 26 cities)" is a name, not a finding's number
        for n in names:
            text = text.replace(n, " ")
        return text

    for f in res.finding_list:
        en, zh = sorted(numbers(without_names(f.en))), sorted(numbers(without_names(f.zh)))
        assert en == zh, f"{case}: numbers differ\n  en {en}: {f.en}\n  zh {zh}: {f.zh}"


_ARROW = re.compile(r"([-+]?\d[\d,]*(?:\.\d+)?%?)\s*→\s*([-+]?\d[\d,]*(?:\.\d+)?%?)")
# Headings under which a finding lists values as they moved (a claim of change) or as unchanged.
_CHANGE_HEADINGS = ("towards a network:", "towards a hierarchy:", "趋向网络化：", "趋向等级化：")
_SAME_HEADINGS = ("no change of", "none of the", "变化小于", "变化均小于")


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_no_change_claimed_between_equal_printed_values(run, case):
    """A value pair printed equal ("0.004 → 0.004") may only be listed as unchanged."""
    res = _results(run, case)
    for f in res.finding_list:
        for text in (f.en, f.zh):
            low = text.lower()
            for m in _ARROW.finditer(text):
                if m.group(1) != m.group(2):
                    continue
                before = low[:m.start()]
                change = max(before.rfind(h) for h in _CHANGE_HEADINGS)
                same = max(before.rfind(h) for h in _SAME_HEADINGS)
                assert same > change, \
                    f"{case}: a change '{m.group()}' that does not print as one: {text}"


def _permutation_p_columns(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c.endswith("p_value") and not c.startswith("spearman")]


@pytest.mark.parametrize("case", [c for c in CASES if c[0] == "network"],
                         ids=[i for c, i in zip(CASES, IDS) if c[0] == "network"])
def test_permutation_p_values_never_below_one_over_n_plus_one(run, case):
    res = _results(run, case)
    floor = 1 / (N_PERM + 1)
    seen = 0
    for name, df in res.tables.items():
        for col in _permutation_p_columns(df):
            vals = pd.to_numeric(df[col], errors="coerce").dropna()
            seen += len(vals)
            assert (vals >= floor - 1e-12).all(), f"{case}: {name}.{col} below 1/(n+1): {vals.min()}"
    assert seen, f"{case}: no permutation p-value found to check"


# Statistics that need link direction (Krackhardt hierarchy and LUB, reciprocity, tie symmetry,
# in/out-degree centralization), as the workflow lists them, and how findings name them.
DIRECTION_WORDS = ("Krackhardt hierarchy", "reciprocity", "tie symmetry", "in-degree", "out-degree")
UNDIRECTED_KINDS = {"firm_link", "gravity"}  # sources without a link direction


@pytest.mark.parametrize("case", [c for c in CASES if c[0] == "network"],
                         ids=[i for c, i in zip(CASES, IDS) if c[0] == "network"])
def test_no_direction_statistic_for_undirected_links(run, case):
    from megaregion.analysis.hierarchy_network import DIRECTED_ONLY

    res = _results(run, case)
    nets = res.tables["networks"]
    assert "directed" in nets.columns, f"{case}: the networks table does not say whether links are directed"
    if case[2] in UNDIRECTED_KINDS:
        assert not nets["directed"].any(), f"{case}: an undirected source treated as directed"
    undirected = nets[~nets["directed"].astype(bool)]
    for col in DIRECTED_ONLY:
        if col in undirected.columns:
            assert undirected[col].isna().all(), f"{case}: {col} reported for undirected links"
    if len(undirected) == len(nets):
        for f in res.finding_list:
            for word in DIRECTION_WORDS:
                assert word.lower() not in f.en.lower(), \
                    f"{case}: direction statistic {word!r} in a finding on undirected links: {f.en}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_no_finding_rests_on_an_unknown_value(run, case):
    res = _results(run, case)
    for f in res.finding_list:
        assert "suppressed" not in f.quality, f"{case}: finding rests on an unknown value: {f.en}"


PER_MEMBER = {"innovation": "cities", "complexity": "members", "structure": "regions", "division": "cities",
              "openness": "summary", "alliances": "cities"}


@pytest.mark.parametrize("case", [c for c in CASES if c[0] in PER_MEMBER],
                         ids=[i for c, i in zip(CASES, IDS) if c[0] in PER_MEMBER])
def test_left_out_members_are_named(run, real_store, case):
    """Every city of the group (``Megaregion.cities()``, the count ``megaregion groups`` shows)
    is in the per-member table or named in the notes."""
    res = _results(run, case)
    table = res.tables[PER_MEMBER[case[0]]]
    cities = real_store.group(case[1]).cities()
    missing = cities[~cities["region_id"].isin(table["region_id"])]
    notes = " ".join(str(n) for n in res.notes)
    for row in missing.itertuples():
        assert row.name in notes or row.region_id in notes, \
            f"{case}: member {row.name} ({row.region_id}) left out without being named"
