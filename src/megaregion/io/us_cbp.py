"""US County Business Patterns (CBP): establishments, employees and payroll by county or metro.

Two datasets:

* ``us/cbp_county``: ``us/cbp_county_naics{2,3,4}_2017_2021.csv.gz`` (38 states and their
  1,875 counties, NAICS 2017 at 2, 3 and 4 digits, 2017-2021) and ``us/naics2017_labels.csv``.
* ``us/cbp_metro``: ``us/cbp_cbsa_naics2to4_2018_2019.csv.gz`` (every CBSA, NAICS 2-4 digits,
  2018-2019, no payroll).

Both write long ``activity`` rows, one per (region, year, industry, measure), with
classification ``naics2017`` and the industry code exactly as in the file (``'00'`` total,
``'31-33'``, ``'336'``, ``'5417'``).

Suppression. Since 2017 CBP publishes *no row* for an industry with fewer than 3
establishments in a place; those cells stay absent (they are not zeros, and nothing is
imputed). The pulls carry no flag columns, but some rows report establishments > 0 with
employees = 0 and payroll = 0: these are withheld values, not true zeros (see the data
folder's ``us/README.md``). Their employees and payroll cells are written with flag
``suppressed`` and a null value; establishments stay ``observed``.

The county reader handles about 1.1 million input rows (3.4 million activity rows), so it
works column-wise with pyarrow throughout; no per-row Python.

Duplicate keys are checked with :func:`check_unique_fast`, a linear-time variant for files
sorted by their key; the column checks shared with other readers live in
:mod:`megaregion.io.base`.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from megaregion.i18n.notes import Note
from megaregion.io.base import (ImportBatch, check_unique, constant, prefixed, read_csv,
                                require_codes, require_values)
from megaregion.model.sectors import naics_family

CLASSIFICATION = "naics2017"

#: measure -> unit, for the CBP measures written here.
UNITS = {"employees": "persons", "establishments": "count", "payroll": "usd_1000"}

_COUNTY_FILES = tuple(f"cbp_county_naics{d}_2017_2021.csv.gz" for d in (2, 3, 4))
_METRO_FILE = "cbp_cbsa_naics2to4_2018_2019.csv.gz"
_LABELS_FILE = "naics2017_labels.csv"


# --- checks shared by the US readers -----------------------------------------------------------

def check_unique_fast(path: Path, table: pa.Table, key: list[str]) -> None:
    """Like :func:`megaregion.io.base.check_unique`, with a linear-time fast path.

    Published files are (almost) sorted by their key, in some column order (the CBP pulls by
    year, then FIPS, then NAICS). For each choice of leading key column the table is split
    into runs where the key strictly increases; a run has no duplicates, and runs whose key
    ranges do not overlap share none. Only when that cannot be shown for any order (unsorted
    data, nulls, overlapping runs) does it fall back to the hash-based check, which also
    names the duplicate rows.
    """
    if table.num_rows < 2:
        return
    flat = table.select(key).combine_chunks()
    cols = {k: flat.column(k).chunk(0) for k in key}
    for lead in key:
        order = [lead] + [k for k in key if k != lead]
        if _sorted_runs_disjoint([cols[k] for k in order]):
            return
    check_unique(path, table, key)


def _sorted_runs_disjoint(cols: list[pa.Array]) -> bool:
    """True when the rows, compared on ``cols`` in order, form few, disjoint increasing runs."""
    n = len(cols[0])
    head = [c.slice(0, n - 1) for c in cols]
    tail = [c.slice(1) for c in cols]
    increasing = pc.less(head[-1], tail[-1])
    for h, t in zip(reversed(head[:-1]), reversed(tail[:-1])):
        increasing = pc.or_(pc.less(h, t), pc.and_(pc.equal(h, t), increasing))
    increasing = pc.fill_null(increasing, False)
    breaks = pc.indices_nonzero(pc.invert(increasing))
    if len(breaks) > 1000:
        return False
    breaks = breaks.to_pylist()
    starts = [0] + [b + 1 for b in breaks]
    ends = breaks + [n - 1]

    def at(i: int) -> tuple:
        return tuple(c[i].as_py() for c in cols)

    ranges = sorted((at(s), at(e)) for s, e in zip(starts, ends))
    if any(None in lo or None in hi for lo, hi in ranges):
        return False
    return all(hi1 < lo2 for (_, hi1), (lo2, _) in zip(ranges, ranges[1:]))


# --- helpers ----------------------------------------------------------------------------------

def _activity(region: pa.Array, year: pa.Array, industry: pa.Array, measure: str,
              value: pa.Array, flag: pa.Array | str, classification: str = CLASSIFICATION,
              unit: str | None = None) -> pa.Table:
    """One measure's activity rows as an Arrow table in canonical column order."""
    n = len(region)
    flag_arr = constant(flag, n) if isinstance(flag, str) else flag
    return pa.table({
        "region_id": region,
        "year": year.cast(pa.int32()),
        "classification": constant(classification, n),
        "industry": industry,
        "measure": constant(measure, n),
        "value": value.cast(pa.float64()),
        "unit": constant(unit or UNITS[measure], n),
        "flag": flag_arr,
    })


def _withheld(value: pa.Array, mask: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Value with nulls where ``mask`` is true, and the matching observed/suppressed flags."""
    value = value.cast(pa.float64())
    nulls = pa.scalar(None, pa.float64())
    return (pc.if_else(mask, nulls, value),
            pc.if_else(mask, pa.scalar("suppressed"), pa.scalar("observed")))


def _labels(path: Path) -> pa.Table:
    """``industries`` rows for NAICS 2017 from ``naics2017_labels.csv``."""
    t = read_csv(path, {"naics": "str", "level": "int", "naics_label": "str"}, non_negative=["level"])
    require_values(path, t, ["naics"], expected="a NAICS code")
    check_unique(path, t, ["naics"])
    codes = t.column("naics").to_pylist()
    return pa.table({
        "classification": constant(CLASSIFICATION, len(codes)),
        "code": t.column("naics"),
        "level": t.column("level").cast(pa.int32()),
        "label": t.column("naics_label"),
        "family": pa.array([naics_family(c) for c in codes], type=pa.string()),
    })


def _county_file(path: Path) -> dict:
    """Read, check and reshape one CBP county file into three measures' activity tables."""
    columns = {"fips": "str", "year": "int", "naics": "str", "establishments": "int",
               "employees": "int", "payroll_k": "int"}
    counts = ["establishments", "employees", "payroll_k"]
    t = read_csv(path, columns, non_negative=counts)
    require_values(path, t, list(columns), expected="a code or a count (CBP has no blanks)")
    require_codes(path, t, "fips", 5, "a 5-digit county FIPS code such as '01001'")
    check_unique_fast(path, t, ["fips", "year", "naics"])
    region = prefixed(t.column("fips"), "us:")
    year, naics = t.column("year").cast(pa.int32()), t.column("naics")
    est, emp, pay = (t.column(c) for c in counts)
    withheld = pc.and_(pc.and_(pc.equal(emp, 0), pc.equal(pay, 0)), pc.greater(est, 0))
    emp_v, flag = _withheld(emp, withheld)
    pay_v, _ = _withheld(pay, withheld)
    return {
        "parts": [
            _activity(region, year, naics, "employees", emp_v, flag),
            _activity(region, year, naics, "establishments", est, "observed"),
            _activity(region, year, naics, "payroll", pay_v, flag),
        ],
        "codes": pc.unique(naics),
        "rows": t.num_rows,
        "suppressed": pc.sum(withheld).as_py() or 0,
        "zero_emp": pc.sum(pc.and_(pc.equal(emp, 0), pc.greater(pay, 0))).as_py() or 0,
    }


# --- readers ----------------------------------------------------------------------------------

def read_cbp_county(data_dir: Path) -> ImportBatch:
    """County Business Patterns by county and NAICS 2017 (2, 3 and 4 digits), 2017-2021.

    Reads ``us/cbp_county_naics2_2017_2021.csv.gz``, ``..._naics3_...`` and ``..._naics4_...``
    (columns ``fips, year, naics, establishments, employees, payroll_k``) and
    ``us/naics2017_labels.csv`` (``naics, level, naics_label``).

    Writes
    ------
    activity : region ``us:FFFFF``, classification ``naics2017``, industry = NAICS code as in
        the file (``'00'`` all sectors, ``'31-33'``, ``'336'``, ``'5417'``), measures
        ``employees`` (persons, mid-March), ``establishments`` (count) and ``payroll``
        (annual, thousands of US dollars, unit ``usd_1000``). Flag ``observed``, or
        ``suppressed`` with a null value for the employees and payroll of rows that report
        establishments but zero employees and zero payroll.
    industries : every code in the labels file, with level, label and sector family.

    Absent rows (industries with fewer than 3 establishments in a county) stay absent; the
    batch notes say so and count the suppressed cells.

    Parameters
    ----------
    data_dir : the data folder (holding ``us/``).

    Raises
    ------
    DataError : a missing file or column, a non-numeric or negative count, a malformed FIPS
        code, an empty cell, or two rows for the same (fips, year, naics).
    """
    us = Path(data_dir) / "us"
    paths = [us / f for f in _COUNTY_FILES]
    labels_path = us / _LABELS_FILE
    batch = ImportBatch("us/cbp_county", files=[*paths, labels_path])
    # The three files are independent: read and reshape them in threads (pyarrow releases
    # the GIL). Errors surface in file order through ``result()``.
    with ThreadPoolExecutor(max_workers=len(paths)) as pool:
        results = [f.result() for f in [pool.submit(_county_file, p) for p in paths]]
    parts = [t for r in results for t in r["parts"]]
    n_rows = sum(r["rows"] for r in results)
    n_suppressed = sum(r["suppressed"] for r in results)
    n_zero_emp = sum(r["zero_emp"] for r in results)
    codes = [r["codes"] for r in results]

    labels = _labels(labels_path)
    batch.add("activity", pa.concat_tables(parts))
    batch.add("industries", labels)

    used = pc.unique(pa.chunked_array(codes))
    unlabelled = pc.filter(used, pc.invert(pc.is_in(used, value_set=labels.column("code"))))
    batch.notes.append(Note(
        f"{n_rows:,} county-industry-year rows read; each gives three activity rows "
        "(employees, establishments, payroll).",
        f"读入县×行业×年份数据{n_rows:,}行；每行生成三条产业活动记录（就业人数、企业机构数、工资总额）。"))
    batch.notes.append(Note(
        f"{n_suppressed:,} rows report establishments but zero employees and zero payroll "
        f"(withheld values, not zeros): their {2 * n_suppressed:,} employees and payroll "
        "cells are flagged 'suppressed' with a null value.",
        f"{n_suppressed:,}行有企业机构数，但就业人数和工资总额均为0（属保密隐去的数值，而非真实的0）："
        f"其{2 * n_suppressed:,}个就业人数与工资单元格标记为“保密隐去”（`suppressed`），数值记为空。"))
    if n_zero_emp:
        batch.notes.append(Note(
            f"{n_zero_emp:,} rows have zero mid-March employees but a positive annual payroll; "
            "they are kept as observed (seasonal activity is possible).",
            f"{n_zero_emp:,}行的3月中旬就业人数为0，但全年工资总额为正；按观测值保留（可能是季节性经营）。"))
    batch.notes.append(Note(
        "Industries with fewer than 3 establishments in a county are not published since 2017; "
        "those cells are absent (not zero), so a county's sectors can sum to less than its "
        "'00' total.",
        "自2017年起，县内企业机构少于3家的行业不予公布；这些单元格缺失（而非为0），"
        "因此一个县各行业之和可能小于其“00”（全部行业）合计。"))
    batch.notes.append(Note(
        "Coverage: 38 states; CA, FL, GA, IL, IN, MI, NY, NC, OH, PA, TX, VA and DC are not in "
        "this pull (use us/cbp_metro for their metros). Connecticut uses its old county FIPS.",
        "覆盖范围：38个州；加利福尼亚、佛罗里达、佐治亚、伊利诺伊、印第安纳、密歇根、纽约、北卡罗来纳、"
        "俄亥俄、宾夕法尼亚、得克萨斯、弗吉尼亚各州及哥伦比亚特区不在本次提取之内（这些州的都市区请用us/cbp_metro）。"
        "康涅狄格州沿用旧的县级FIPS代码。"))
    if len(unlabelled):
        listing = sorted(unlabelled.to_pylist())[:10]
        batch.notes.append(Note(
            f"{len(unlabelled)} NAICS codes in the data have no label in {_LABELS_FILE}: "
            + ", ".join(listing),
            f"数据中有{len(unlabelled)}个NAICS代码在{_LABELS_FILE}中没有名称：" + "，".join(listing)))
    return batch


def read_cbp_metro(data_dir: Path) -> ImportBatch:
    """County Business Patterns by metro/micro area (CBSA) and NAICS 2017, 2018-2019.

    Reads ``us/cbp_cbsa_naics2to4_2018_2019.csv.gz`` (columns ``cbsa_code, year, naics,
    level, establishments, employees``; the upstream file has no payroll).

    Writes
    ------
    activity : region ``us-cbsa:NNNNN`` (CBSA codes of the delineation CBP used, mostly the
        2018 one), classification ``naics2017``, industry = NAICS code as in the file,
        measures ``employees`` (persons) and ``establishments`` (count). Rows with
        establishments > 0 and zero employees are taken as withheld (at county level almost
        all such rows also have zero payroll): their employees cell is flagged ``suppressed``
        with a null value.

    Parameters
    ----------
    data_dir : the data folder (holding ``us/``).

    Raises
    ------
    DataError : a missing file or column, a non-numeric or negative count, a malformed CBSA
        code, an empty cell, or two rows for the same (cbsa_code, year, naics).
    """
    path = Path(data_dir) / "us" / _METRO_FILE
    batch = ImportBatch("us/cbp_metro", files=[path])
    columns = {"cbsa_code": "str", "year": "int", "naics": "str", "level": "int",
               "establishments": "int", "employees": "int"}
    t = read_csv(path, columns, non_negative=["establishments", "employees"])
    require_values(path, t, list(columns), expected="a code or a count (CBP has no blanks)")
    require_codes(path, t, "cbsa_code", 5, "a 5-digit CBSA code such as '35620'")
    check_unique_fast(path, t, ["cbsa_code", "year", "naics"])
    t = t.combine_chunks()
    region = prefixed(t.column("cbsa_code"), "us-cbsa:")
    year, naics = t.column("year"), t.column("naics")
    est, emp = t.column("establishments"), t.column("employees")
    withheld = pc.and_(pc.equal(emp, 0), pc.greater(est, 0))
    emp_v, flag = _withheld(emp, withheld)
    batch.add("activity", pa.concat_tables([
        _activity(region, year, naics, "employees", emp_v, flag),
        _activity(region, year, naics, "establishments", est, "observed"),
    ]))
    n_supp = pc.sum(withheld).as_py() or 0
    n_cbsa = len(pc.unique(t.column("cbsa_code")))
    batch.notes.append(Note(
        f"{t.num_rows:,} metro-industry-year rows read for {n_cbsa} CBSAs; each gives two "
        "activity rows (employees, establishments); the file has no payroll.",
        f"读入{n_cbsa}个CBSA的都市区×行业×年份数据{t.num_rows:,}行；每行生成两条产业活动记录"
        "（就业人数、企业机构数）；该文件没有工资总额。"))
    batch.notes.append(Note(
        f"{n_supp:,} rows report establishments but zero employees: their employees cell is "
        "flagged 'suppressed' with a null value (probably withheld, not a true zero).",
        f"{n_supp:,}行有企业机构数但就业人数为0：其就业人数单元格标记为“保密隐去”（`suppressed`），"
        "数值记为空（很可能是保密隐去，而非真实的0）。"))
    batch.notes.append(Note(
        "Industries with fewer than 3 establishments in a metro are not published; those cells "
        "are absent, not zero. CBSA codes follow the delineation CBP used (a few, e.g. 19380 "
        "Dayton, predate the 2018 codes in us/reference).",
        "都市区内企业机构少于3家的行业不予公布；这些单元格缺失，而非为0。CBSA代码沿用县域商业模式（CBP）"
        "所用的划分版本（少数代码早于us/reference中的2018年代码，例如19380代顿）。"))
    return batch
