"""US flows between counties: ACS commuting (2009-2013), IRS migration (2018-2019), and ACS
county in-movers by education (2009-2017, as indicators).

Flows are directed county-to-county links (``us:FFFFF`` to ``us:FFFFF``) in the ``flows``
table. Same-county rows (origin == destination: people who live and work in the same county,
or tax filers who did not move) are real and kept; analyses of *links* should drop them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from megaregion.errors import DataError
from megaregion.i18n.notes import Note
from megaregion.io.base import ImportBatch, check_unique, constant, prefixed, read_csv
from megaregion.io.base import require_codes, require_values


def _flows(origin: pa.Array, destination: pa.Array, year: int, period: str, kind: str,
           category: str, weight: pa.Array, unit: str) -> pa.Table:
    n = len(origin)
    return pa.table({
        "origin": origin, "destination": destination, "year": constant(year, n, pa.int32()),
        "period": constant(period, n), "kind": constant(kind, n),
        "category": constant(category, n), "weight": weight.cast(pa.float64()),
        "unit": constant(unit, n), "directed": constant(True, n, pa.bool_()),
    })


def _check_fips_or_blank(path: Path, t: pa.Table, column: str) -> pa.Array:
    """Mask of non-blank cells; raises a DataError on a non-blank cell that is not 5 digits."""
    values = t.column(column)
    present = pc.is_valid(values)
    ok = pc.or_(pc.invert(present), pc.fill_null(pc.and_(
        pc.equal(pc.utf8_length(values), 5), pc.utf8_is_digit(values)), False))
    if not pc.all(ok).as_py():
        i = pc.index(ok, False).as_py()
        raise DataError(path, "malformed code", row=i + 2, column=column,
                        expected="a 5-digit county FIPS code, or blank for a workplace abroad",
                        found=values[i].as_py())
    return present


def read_commuting(data_dir: Path) -> ImportBatch:
    """ACS 2009-2013 county-to-county commuting flows (residence county to workplace county).

    Reads ``us/acs_commuting_county_flows_2009_2013.csv.gz`` (``res_fips, work_fips,
    work_state_code_raw, work_county_code_raw, workers, workers_moe``).

    Writes
    ------
    flows : origin = residence county ``us:FFFFF``, destination = workplace county, kind
        ``commuting``, category ``workers``, period ``2009-2013``, year 2013, weight = workers
        aged 16+ (unit ``persons``), directed. Same-county rows are kept (people living and
        working in one county). The 90% margins of error are not kept; small flows are very
        uncertain.

    Rows with a blank ``work_fips`` (workplaces outside the 50 states, DC and Puerto Rico)
    are not county-to-county flows: they are excluded and counted, with their workers, in
    the notes.

    Parameters
    ----------
    data_dir : the data folder (holding ``us/``).

    Raises
    ------
    DataError : missing file or column, non-numeric or negative count, empty residence or
        workers cell, malformed FIPS code, or two rows for the same pair of counties.
    """
    path = Path(data_dir) / "us" / "acs_commuting_county_flows_2009_2013.csv.gz"
    batch = ImportBatch("us/commuting", files=[path])
    t = read_csv(path, {"res_fips": "str", "work_fips": "str", "workers": "int"},
                 non_negative=["workers"])
    require_values(path, t, ["res_fips", "workers"])
    require_codes(path, t, "res_fips", 5, "a 5-digit county FIPS code such as '01001'")
    domestic = _check_fips_or_blank(path, t, "work_fips")
    foreign = t.filter(pc.invert(domestic))
    kept = t.filter(domestic)
    # Pairs must be unique among domestic rows; foreign rows (blank work_fips) get a
    # placeholder per row, so the check reports rows of the file itself.
    placeholder = pc.binary_join_element_wise(
        "abroad#", pa.array(range(t.num_rows), pa.int64()).cast(pa.string()), "")
    check_unique(path, pa.table({"res_fips": t.column("res_fips"),
                                 "work_fips": pc.if_else(domestic, t.column("work_fips"),
                                                         placeholder)}),
                 ["res_fips", "work_fips"])
    batch.add("flows", _flows(prefixed(kept.column("res_fips"), "us:"),
                              prefixed(kept.column("work_fips"), "us:"), 2013, "2009-2013",
                              "commuting", "workers", kept.column("workers"), "persons"))
    same = pc.sum(pc.equal(kept.column("res_fips"), kept.column("work_fips"))).as_py() or 0
    n_abroad = pc.sum(foreign.column('workers')).as_py() or 0
    batch.notes.append(Note(
        f"{foreign.num_rows:,} rows with a workplace outside the US states, DC and Puerto Rico "
        f"(blank work_fips; {n_abroad:,} workers) are not "
        f"county flows and were excluded; {kept.num_rows:,} county-to-county flows imported.",
        f"{foreign.num_rows:,}行的工作地在美国各州、哥伦比亚特区和波多黎各之外（`work_fips`为空；"
        f"通勤者{n_abroad:,}人），不属于县际流动，已排除；导入县际通勤流{kept.num_rows:,}条。"))
    batch.notes.append(Note(
        f"{same:,} flows are within one county (live and work there); they are kept.",
        f"{same:,}条通勤流在同一县内（居住地与工作地同县），予以保留。"))
    batch.notes.append(Note("Margins of error (90%) are not imported; small flows are very uncertain.",
                            "误差范围（90%置信水平）未导入；小规模流动的不确定性很大。"))
    return batch


#: IRS column -> (flow category, unit).
MIGRATION_CATEGORIES = {"exemptions": ("exemptions", "persons"),
                        "returns": ("returns", "returns"),
                        "agi_k": ("agi", "usd_1000")}


def read_migration(data_dir: Path) -> ImportBatch:
    """IRS SOI county-to-county migration, filing years 2018 to 2019.

    Reads ``us/irs_migration_county_flows_2018_2019.csv.gz`` (``origin_fips, dest_fips,
    year_from, year_to, returns, exemptions, agi_k, non_migrant, source_file``).

    Writes
    ------
    flows : origin = county of residence in 2018 ``us:FFFFF``, destination = county in 2019,
        kind ``migration``, period ``2018-2019``, year 2019, directed, with three categories
        per pair:

        * ``exemptions``: exemptions claimed, about the number of people (unit ``persons``);
          the main migration weight;
        * ``returns``: tax returns, about the number of households (unit ``returns``);
        * ``agi``: adjusted gross income of the migrants, thousands of US dollars
          (``usd_1000``; can be negative).

        Always filter on ``category`` before summing weights. Non-migrant rows (origin ==
        destination: filers who stayed) are kept.

    IRS publishes only pairs with at least 20 returns, and the upstream package removed the
    summary and "other flows" rows, so county totals cannot be rebuilt from these flows.

    Parameters
    ----------
    data_dir : the data folder (holding ``us/``).

    Raises
    ------
    DataError : missing file or column, non-numeric or negative count, malformed FIPS code,
        years other than 2018 to 2019, or two rows for the same pair of counties.
    """
    path = Path(data_dir) / "us" / "irs_migration_county_flows_2018_2019.csv.gz"
    batch = ImportBatch("us/migration", files=[path])
    t = read_csv(path, {"origin_fips": "str", "dest_fips": "str", "year_from": "int",
                        "year_to": "int", "returns": "int", "exemptions": "int", "agi_k": "int"},
                 non_negative=["returns", "exemptions"])
    require_values(path, t, t.column_names)
    for col in ("origin_fips", "dest_fips"):
        require_codes(path, t, col, 5, "a 5-digit county FIPS code such as '01001'")
    for col, year in (("year_from", 2018), ("year_to", 2019)):
        ok = pc.equal(t.column(col), year)
        if not pc.all(ok).as_py():
            i = pc.index(ok, False).as_py()
            raise DataError(path, "unexpected year", row=i + 2, column=col, expected=str(year),
                            found=str(t.column(col)[i].as_py()))
    check_unique(path, t, ["origin_fips", "dest_fips"])
    origin = prefixed(t.column("origin_fips"), "us:")
    dest = prefixed(t.column("dest_fips"), "us:")
    batch.add("flows", pa.concat_tables([
        _flows(origin, dest, 2019, "2018-2019", "migration", category, t.column(col), unit)
        for col, (category, unit) in MIGRATION_CATEGORIES.items()]))
    same = pc.sum(pc.equal(t.column("origin_fips"), t.column("dest_fips"))).as_py() or 0
    batch.notes.append(Note(
        f"{t.num_rows:,} county pairs, each written as three flow categories: exemptions "
        "(persons), returns and agi (USD thousand). Filter on category before summing.",
        f"共{t.num_rows:,}个县对，每对写成三个流动类别：免税人数（`exemptions`，人）、纳税申报表数（`returns`）"
        "和调整后总收入（`agi`，千美元）。求和前请先按类别（`category`）筛选。"))
    batch.notes.append(Note(
        f"{same:,} pairs are non-migrants (origin = destination); they are kept.",
        f"{same:,}个县对为未迁移者（迁出地 = 迁入地），予以保留。"))
    batch.notes.append(Note(
        "IRS publishes only pairs with 20 or more returns, and the summary and 'other flows' "
        "rows were removed upstream: county totals cannot be rebuilt from these flows.",
        "IRS只公布纳税申报表数不少于20份的县对，且汇总行和“其他流动”行已在上游删除：无法用这些迁移流重建各县总量。"))
    return batch


#: column -> (indicator, unit).
INMIGRATION_INDICATORS = {
    "frominstate_total": ("inmovers_same_state", "persons"),
    "frominstate_edu_baplus": ("inmovers_same_state_ba_plus", "persons"),
    "fromdiffstate_total": ("inmovers_other_state", "persons"),
    "fromdiffstate_edu_baplus": ("inmovers_other_state_ba_plus", "persons"),
    "fromabroad_total": ("inmovers_abroad", "persons"),
    "fromabroad_edu_baplus": ("inmovers_abroad_ba_plus", "persons"),
    "movein_total": ("inmovers_outside_state", "persons"),
    "movein_edu_baplus": ("inmovers_outside_state_ba_plus", "persons"),
    "pct_newcomer": ("newcomer_share", "fraction"),
    "newcomer_pct_edu_baplus": ("newcomer_ba_plus_share", "fraction"),
}


def read_inmigration_education(data_dir: Path) -> ImportBatch:
    """ACS county in-movers by education (bachelor's or higher), 2009-2017.

    Reads ``us/acs_county_inmigration_by_education_2009_2017.csv.gz`` (``year, stco_code``
    and the ``frominstate_*``, ``fromdiffstate_*``, ``fromabroad_*``, ``movein_*``,
    ``pct_newcomer``, ``newcomer_pct_edu_baplus`` columns defined upstream).

    Writes
    ------
    indicators : region ``us:FFFFF``, year = the ACS year as labelled upstream (apparently the
        end year of 5-year estimates):

        * persons (unit ``persons``): ``inmovers_same_state`` (moved in from elsewhere in the
          state), ``inmovers_other_state``, ``inmovers_abroad``, ``inmovers_outside_state``
          (other state + abroad), each also as ``..._ba_plus`` (bachelor's degree or higher);
        * fractions (unit ``fraction``): ``newcomer_share`` (movers from outside the state /
          population aged 25+) and ``newcomer_ba_plus_share`` (share of those movers with a
          bachelor's degree or higher).

        Empty cells are not written (all of Puerto Rico; the BA+ share where there are no
        movers); the notes count them.

    Parameters
    ----------
    data_dir : the data folder (holding ``us/``).

    Raises
    ------
    DataError : missing file or column, non-numeric or negative value, malformed FIPS code,
        or two rows for the same (year, stco_code).
    """
    path = Path(data_dir) / "us" / "acs_county_inmigration_by_education_2009_2017.csv.gz"
    batch = ImportBatch("us/inmigration_education", files=[path])
    cols = list(INMIGRATION_INDICATORS)
    t = read_csv(path, {"year": "int", "stco_code": "str", **{c: "float" for c in cols}},
                 non_negative=cols)
    require_values(path, t, ["year", "stco_code"])
    require_codes(path, t, "stco_code", 5, "a 5-digit county FIPS code such as '01001'")
    check_unique(path, t, ["year", "stco_code"])
    d = t.to_pandas()
    empty_rows = d[cols].isna().all(axis=1)
    frames, n_empty = [], 0
    for col, (indicator, unit) in INMIGRATION_INDICATORS.items():
        ok = d[col].notna()
        n_empty += int((~ok & ~empty_rows).sum())
        frames.append(pd.DataFrame({"region_id": "us:" + d.loc[ok, "stco_code"],
                                    "year": d.loc[ok, "year"], "indicator": indicator,
                                    "value": d.loc[ok, col], "unit": unit}))
    batch.add("indicators", pd.concat(frames, ignore_index=True))
    pr = d.loc[empty_rows, "stco_code"].str.startswith("72")
    batch.notes.append(Note(
        f"{int(empty_rows.sum())} county-years have no values at all "
        f"({int(pr.sum())} of them in Puerto Rico); nothing was written for them.",
        f"{int(empty_rows.sum())}个县-年完全没有数值（其中{int(pr.sum())}个在波多黎各），未写入任何记录。"))
    batch.notes.append(Note(
        f"{n_empty} further empty cells were not written (mostly the BA+ share of counties "
        "with no movers from outside the state).",
        f"另有{n_empty}个空单元格未写入（多为没有州外迁入者的县的本科及以上学历占比）。"))
    batch.notes.append(Note("Years are as labelled upstream; the data appear to be ACS 5-year "
                            "estimates labelled by their end year.",
                            "年份沿用上游标注；这些数据看来是ACS五年估计值，以其末年标注。"))
    return batch
