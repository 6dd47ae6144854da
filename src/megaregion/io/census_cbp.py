"""County Business Patterns files as the Census Bureau publishes them (``cbpYYco`` / ``cbpYYmsa``).

Users who need a year or a state that the project's shared data folder lacks download the
official CBP files themselves (by hand from https://www.census.gov/programs-surveys/cbp/data/
datasets.html, or with :func:`megaregion.io.fetch.fetch_cbp`). This module reads them:

* county files ``cbpYYco.txt`` (usually inside ``cbpYYco.zip``), columns ``fipstate``,
  ``fipscty``, ``naics``, ``emp_nf``, ``emp``, ``qp1_nf``, ``qp1``, ``ap_nf``, ``ap``, ``est``
  and the establishment size classes (``n<5`` or ``n1_4``, ``n5_9``, ...);
* metro files ``cbpYYmsa.txt`` (``cbpYYmsa.zip``), the same with ``msa`` (a CBSA code) in
  place of the two FIPS columns.

Column names are matched without regard to case (files before 2017 have upper-case headers).
A ``.txt``, a ``.csv`` or a ``.zip`` holding one of them is accepted.

Industry codes
--------------
CBP pads NAICS codes to six characters: ``------`` is the total for all sectors, ``31----`` a
sector, ``311///`` a 3-digit subsector, ``3111//`` a 4-digit industry group, ``31111/`` and
``311111`` the 5- and 6-digit levels. They become ``00``, ``31-33``, ``311``, ``3111``,
``31111``, ``311111``. CBP writes the three sectors that span several 2-digit codes with
their first code (``31----`` manufacturing, ``44----`` retail trade, ``48----`` transportation
and warehousing); they become ``31-33``, ``44-45`` and ``48-49``, as in the shared data.

The classification is the NAICS vintage CBP used that year (Census CBP "NAICS
descriptions" reference files): ``naics1997`` for 1998-2002, ``naics2002`` for 2003-2007,
``naics2007`` for 2008-2011, ``naics2012`` for 2012-2016, ``naics2017`` for 2017-2021 and
``naics2022`` from 2022. Files before 1998 use SIC and are refused.

Noise and suppression flags
---------------------------
Source: the CBP record layouts (``county_layout.txt`` 2007-2013 and the 2017 / 2018 / 2020
layouts under ``www2.census.gov/programs-surveys/cbp/technical-documentation/
records-layouts/``) and the Census "Noise Range Flags" page. The ``*_nf`` columns hold:

* ``G``: 0 to < 2 % noise (low noise);
* ``H``: 2 to < 5 % noise (medium noise);
* ``J``: 5 % or more noise (high noise);
* ``D``: withheld to avoid disclosing data for individual companies; the field is set to 0
  (the value is included in higher-level totals);
* ``S``: withheld because the estimate did not meet publication standards; set to 0;
* ``N``: not available or not comparable.

Files before 2018 also carry ``empflag``, a letter (``A`` 0-19 ... ``M`` 100,000 or more)
giving the employment size range of a cell whose employment was withheld (then ``emp`` = 0).

Rules used here: a value flagged ``D``, ``S`` or ``N``, a value written as ``N``, or a value
of 0 with an ``empflag`` letter, is withheld: it becomes a row with flag ``suppressed`` and a
null value (never a zero). Everything else is ``observed`` (CBP values since 2007 are
noise-infused; the number of high-noise ``J`` values is reported in the batch notes).

Output
------
``activity`` rows with region ids ``us:FFFFF`` (county) or ``us-cbsa:NNNNN`` (metro),
measures ``employees`` (unit ``persons``, mid-March employment), ``establishments``
(``count``) and ``payroll`` (``usd_1000``: ``ap`` is annual payroll in thousands of dollars);
for the total and the 2-digit sectors also ``establishments_size_1_4`` …
``establishments_size_1000_plus`` (``count``; the nine employment size classes, zero counts not
written, ``N`` or empty cells as ``suppressed`` rows).
County code ``999`` ("statewide", establishments without a fixed county) is not a county and
is left out (counted in the notes). The dataset id is ``census/cbp<YY><co|msa>``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from megaregion.errors import DataError
from megaregion.i18n.notes import Note
from megaregion.io.base import ImportBatch, constant
from megaregion.model.schema import SIZE_CLASSES

#: Noise-flag letters that mean the value is withheld or not available.
WITHHELD_FLAGS = frozenset({"D", "S", "N"})
#: Noise-flag letters that mean a published (noise-infused) value.
NOISE_FLAGS = frozenset({"G", "H", "J"})
#: Sector rows that CBP writes with their first 2-digit code.
_SPAN_SECTORS = {"31": "31-33", "44": "44-45", "48": "48-49"}

_NAME_RE = re.compile(r"cbp(\d{2})(co|msa)", re.IGNORECASE)
_CODE_RE = re.compile(r"^(?:-{6}|\d{2}-{4}|\d{3}/{3}|\d{4}/{2}|\d{5}/|\d{6}"
                      r"|00|\d{2}-\d{2}|\d{2,6})$")


def naics_vintage(year: int) -> str:
    """NAICS classification used by CBP in a reference year.

    Parameters
    ----------
    year : int
        CBP reference year (1998 or later).

    Returns
    -------
    str
        ``naics1997``, ``naics2002``, ``naics2007``, ``naics2012``, ``naics2017`` or
        ``naics2022``.

    Raises
    ------
    ValueError
        For years before 1998 (CBP then used SIC).
    """
    if year < 1998:
        raise ValueError(f"CBP {year} uses SIC, not NAICS")
    for first, name in ((2022, "naics2022"), (2017, "naics2017"), (2012, "naics2012"),
                        (2008, "naics2007"), (2003, "naics2002")):
        if year >= first:
            return name
    return "naics1997"


def cbp_code(raw: str) -> str:
    """Convert one CBP-padded NAICS code to the canonical form.

    Parameters
    ----------
    raw : str
        Code as written in a CBP file, e.g. ``------``, ``31----``, ``311///``, ``3111//``.

    Returns
    -------
    str
        ``00``, ``31-33``, ``311``, ``3111``, ... Codes already in canonical form are returned
        unchanged.

    Examples
    --------
    >>> [cbp_code(c) for c in ["------", "31----", "54----", "311///", "3111//", "311111"]]
    ['00', '31-33', '54', '311', '3111', '311111']
    """
    code = raw.strip()
    if set(code) == {"-"}:
        return "00"
    if code.endswith("-"):
        two = code.rstrip("-")
        return _SPAN_SECTORS.get(two, two)
    return code.rstrip("/")


def year_from_name(name: str) -> tuple[int, str] | None:
    """Reference year and level (``co`` or ``msa``) from a CBP file name.

    Parameters
    ----------
    name : str
        A file name such as ``cbp19co.zip`` or ``CBP07MSA.txt``.

    Returns
    -------
    tuple of (int, str) or None
        ``(2019, 'co')``; years ``86``-``99`` are 1986-1999, ``00``-``85`` are 2000-2085.
        None when the name does not follow the Census pattern.
    """
    m = _NAME_RE.search(name)
    if not m:
        return None
    yy = int(m.group(1))
    return (1900 + yy if yy >= 86 else 2000 + yy), m.group(2).lower()


#: Establishment size classes: CBP column(s) -> the canonical class (model.schema.SIZE_CLASSES).
#: ``n<5`` is the 2017+ name of ``n1_4``.
SIZE_COLUMNS = dict(zip(
    (("n<5", "n1_4"), ("n5_9",), ("n10_19",), ("n20_49",), ("n50_99",), ("n100_249",),
     ("n250_499",), ("n500_999",), ("n1000",)), SIZE_CLASSES))
_SIZE_COLUMNS = tuple(c for cols in SIZE_COLUMNS for c in cols) + (
    "n1000_1", "n1000_2", "n1000_3", "n1000_4")

_NEEDED = ("fipstate", "fipscty", "msa", "naics", "emp_nf", "emp", "ap_nf", "ap", "est",
           "empflag", "lfo", "sic") + _SIZE_COLUMNS


def _read_raw(path: Path) -> tuple[pa.Table, str, list[str]]:
    """Read the CBP CSV (from a zip if needed): text columns, a display name, the header.

    Only the columns this reader uses are read (as strings), with lower-case names.
    """
    if not path.is_file():
        raise DataError(path, "the file does not exist",
                        expected=f"a CBP file such as cbp19co.zip at {path}")
    if path.stat().st_size == 0:
        raise DataError(path, "the file is empty", row=1, expected="a CBP file with a header line")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            members = [n for n in zf.namelist()
                       if not n.endswith("/") and n.lower().endswith((".txt", ".csv"))]
            if len(members) != 1:
                raise DataError(path, f"the zip archive holds {len(members)} .txt/.csv files",
                                expected="a zip with exactly one CBP data file",
                                found=", ".join(zf.namelist()[:6]))
            data = zf.read(members[0])
            shown = f"{path.name}:{Path(members[0]).name}"
    elif path.suffix.lower() in {".txt", ".csv"}:
        data = path.read_bytes()
        shown = path.name
    else:
        raise DataError(path, f"unknown file type {path.suffix!r}",
                        expected="a CBP file ending in .txt, .csv or .zip")
    data = data.removeprefix(b"\xef\xbb\xbf")
    if not data.strip():
        raise DataError(shown, "the file is empty", row=1, expected="a CBP file with a header line")
    # Official files are ASCII; latin-1 never fails.
    first = data.split(b"\n", 1)[0].decode("latin-1").strip()
    header = next(csv.reader([first]))
    names = {h: h.strip().lower() for h in header}
    wanted = [h for h, low in names.items() if low in _NEEDED]
    table = pacsv.read_csv(
        io.BytesIO(data),
        read_options=pacsv.ReadOptions(encoding="latin-1"),
        convert_options=pacsv.ConvertOptions(
            column_types={h: pa.string() for h in wanted}, include_columns=wanted,
            strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    table = table.rename_columns([names[c] for c in table.column_names])
    return table, shown, [names[h] for h in header]


_N1000_PARTS = ("n1000_1", "n1000_2", "n1000_3", "n1000_4")


def _size_class_rows(table: pa.Table, shown: str, keep: pa.Array, region: pa.Array,
                     industry: pa.Array, year: int, classification: str
                     ) -> tuple[pa.Table | None, list[Note]]:
    """Establishment counts by size class for the total and the 2-digit sectors.

    These feed the regional triple-helix synergy (geography × technology × organisation size,
    Leydesdorff, Dolfsma & Van der Panne 2006). Only the total (``00``) and sector rows are
    kept (finer levels would multiply the table by nine for little use); zero counts are not
    written. A cell written ``N`` or left empty becomes a ``suppressed`` row with no value
    (never a zero). ``n1000`` missing but its four parts ``n1000_1`` … ``n1000_4`` present: their
    sum. Returns no table (and a note saying why, unless the file has no size column at all)
    when a class is missing.
    """
    cols = set(table.column_names)
    found = {label: next((c for c in names if c in cols), None) for names, label in SIZE_COLUMNS.items()}
    if not any(found.values()):
        return None, []
    missing = [label for label, c in found.items() if c is None]
    from_parts = missing == ["1000_plus"] and all(c in cols for c in _N1000_PARTS)
    if missing and not from_parts:
        names = ", ".join(next(iter(n)) for n, lab in SIZE_COLUMNS.items() if lab in missing)
        return None, [Note(f"Establishments by size class not read: the file lacks the column(s) "
                           f"{names}.", f"未读取按规模等级划分的企业机构数：文件缺少列`{names}`。")]
    sector = pc.or_(pc.equal(industry, "00"),
                    pc.match_substring_regex(industry, r"^\d{2}(-\d{2})?$"))
    mask = pc.and_(keep, sector)
    region_s, industry_s = region.filter(mask), industry.filter(mask)
    parts, n_sup = [], 0
    for label, col in found.items():
        if col is None:  # 1000 or more: the sum of its four parts
            pieces = [_numbers(table, c, shown) for c in _N1000_PARTS]
            values = pieces[0][0]
            for v, _ in pieces[1:]:
                values = pc.add(values, v)
        else:
            values, _ = _numbers(table, col, shown)
        values = values.filter(mask)
        unknown = pc.is_null(values)
        written = pc.or_(pc.fill_null(pc.greater(values, 0), False), unknown)
        k = int(pc.sum(pc.cast(written, pa.int64())).as_py() or 0)
        n_sup += int(pc.sum(pc.cast(unknown, pa.int64())).as_py() or 0)
        unknown_w = unknown.filter(written)
        parts.append(pa.table({
            "region_id": region_s.filter(written), "year": constant(year, k, pa.int32()),
            "classification": constant(classification, k), "industry": industry_s.filter(written),
            "measure": constant(f"establishments_size_{label}", k), "value": values.filter(written),
            "unit": constant("count", k),
            "flag": pc.if_else(unknown_w, "suppressed", "observed"),
        }))
    notes = []
    if from_parts:
        notes.append(Note("Size class 1000+ is the sum of n1000_1 … n1000_4 (the file has no n1000).",
                          "1000人及以上规模等级为`n1000_1`至`n1000_4`之和（文件没有`n1000`列）。"))
    if n_sup:
        notes.append(Note(f"{n_sup} size-class counts are not available (N or empty): rows with "
                          "flag 'suppressed' and no value.",
                          f"{n_sup}个规模等级计数不可得（标记`N`或空白），记为标记“保密隐去”（`suppressed`）、没有数值的行。"))
    return pa.concat_tables(parts), notes


def _col(table: pa.Table, name: str) -> pa.Array:
    """One text column as a single array with surrounding spaces removed."""
    return pc.utf8_trim_whitespace(table.column(name).combine_chunks())


def _first(mask: pa.Array) -> int:
    """Position of the first true value of a boolean mask."""
    return int(pc.index(mask, True).as_py())


def _numbers(table: pa.Table, col: str, shown: str) -> tuple[pa.Array, pa.Array]:
    """Numeric values of a count column and a mask of cells written as ``N`` (not available)."""
    raw = _col(table, col)
    na = pc.is_in(pc.utf8_upper(raw), pa.array(["N", "(N)", ""]))
    cleaned = pc.if_else(na, pa.scalar(None, pa.string()), raw)
    try:
        values = pc.cast(cleaned, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        for i, v in enumerate(cleaned.to_pylist()):
            try:
                if v is not None:
                    float(v)
            except ValueError:
                raise DataError(shown, "value is not a number", row=i + 2, column=col,
                                expected="a whole number (or N for not available)",
                                found=table.column(col)[i].as_py()) from None
        raise
    neg = pc.fill_null(pc.less(values, 0), False)
    if pc.any(neg).as_py():
        i = _first(neg)
        raise DataError(shown, "negative value in a count or amount column", row=i + 2,
                        column=col, expected="a value of 0 or more",
                        found=table.column(col)[i].as_py())
    return values, na


def _flags(table: pa.Table, col: str) -> pa.Array:
    """A flag column in upper case, or empty strings when the file has no such column."""
    if col in table.column_names:
        return pc.utf8_upper(_col(table, col))
    return pa.array([""] * table.num_rows, pa.string()) if table.num_rows < 1024 else \
        pa.repeat(pa.scalar("", pa.string()), table.num_rows)


def read_cbp_file(path: str | Path, *, year: int | None = None) -> ImportBatch:
    """Read an official County Business Patterns county or metro file.

    Parameters
    ----------
    path : str or Path
        ``cbpYYco.zip`` / ``cbpYYco.txt`` (county) or ``cbpYYmsa.zip`` / ``cbpYYmsa.txt``
        (metro), or a ``.csv`` with the same columns. Column names may be upper or lower case.
    year : int, optional
        Reference year. Taken from the file name (``cbp19co`` -> 2019) when not given.

    Returns
    -------
    ImportBatch
        Dataset ``census/cbp<YY><co|msa>`` with one ``activity`` table: measures
        ``employees`` (persons), ``establishments`` (count) and ``payroll`` (usd_1000) by
        region, NAICS code and year, and establishments by size class for the total and the
        sectors; withheld cells are ``suppressed`` rows with null values.

    Raises
    ------
    DataError
        Missing, empty or unreadable file; neither the county nor the metro layout; a SIC
        (pre-1998) file; no year in the name and none given; an unrecognised NAICS code, a
        non-numeric or negative count (each naming file, row and column); a region and NAICS
        code that occur twice.
    """
    path = Path(path)
    table, shown, header = _read_raw(path)
    cols = set(table.column_names)
    if "sic" in cols and "naics" not in cols:
        raise DataError(shown, "this CBP file uses SIC industry codes (years before 1998)",
                        row=1, column="sic", expected="a CBP file from 1998 or later (NAICS)")
    if {"fipstate", "fipscty", "naics"} <= cols:
        level = "co"
    elif {"msa", "naics"} <= cols:
        level = "msa"
    else:
        raise DataError(shown, "the columns are neither the CBP county layout nor the metro layout",
                        row=1, expected="columns fipstate, fipscty, naics, emp, ap, est (county) "
                        "or msa, naics, emp, ap, est (metro)", found=", ".join(header[:12]))
    for col in ("emp", "ap", "est"):
        if col not in cols:
            raise DataError(shown, f"required column '{col}' is missing", row=1, column=col,
                            expected="the CBP columns emp, ap and est",
                            found=", ".join(header[:12]))
    named = year_from_name(path.name) or year_from_name(shown)
    if year is None:
        if named is None:
            raise DataError(shown, "cannot tell the year from the file name",
                            expected="a name like cbp19co.zip, or read_cbp_file(path, year=2019)")
        year = named[0]
    year = int(year)
    if year < 1998:
        raise DataError(shown, f"CBP {year} uses SIC industry codes",
                        expected="a year from 1998 on")
    if table.num_rows == 0:
        raise DataError(shown, "the file has a header but no data rows", row=2,
                        expected="at least one data row")
    batch = ImportBatch(f"census/cbp{year % 100:02d}{level}", files=[path])
    classification = naics_vintage(year)
    n = table.num_rows

    naics = _col(table, "naics")
    bad = pc.invert(pc.match_substring_regex(naics, _CODE_RE.pattern))
    if pc.any(bad).as_py():
        i = _first(bad)
        raise DataError(shown, "not a CBP NAICS code", row=i + 2, column="naics",
                        expected="a code like ------, 31----, 311///, 3111// or 311111",
                        found=table.column("naics")[i].as_py())
    # Few distinct codes: convert each once, then look the rows up.
    distinct = pc.unique(naics)
    converted = pa.array([cbp_code(c) for c in distinct.to_pylist()], pa.string())
    industry = pc.take(converted, pc.index_in(naics, distinct))

    if level == "co":
        state = pc.utf8_lpad(_col(table, "fipstate"), 2, "0")
        county = pc.utf8_lpad(_col(table, "fipscty"), 3, "0")
        statewide = pc.equal(county, "999")
        region = pc.binary_join_element_wise("us:", state, county, "")
    else:
        statewide = pc.is_null(_col(table, "msa"))  # never null: no statewide rows in metro files
        region = pc.binary_join_element_wise("us-cbsa:", pc.utf8_lpad(_col(table, "msa"), 5, "0"),
                                             "")
    keep = pc.invert(statewide)
    if "lfo" in cols:  # rows for all legal forms only, where a file breaks them out
        keep = pc.and_(keep, pc.is_in(_col(table, "lfo"), pa.array(["-", ""])))
    n_statewide = int(pc.sum(pc.cast(statewide, pa.int64())).as_py() or 0)

    emp, emp_na = _numbers(table, "emp", shown)
    ap, ap_na = _numbers(table, "ap", shown)
    est, est_na = _numbers(table, "est", shown)
    emp_nf, ap_nf = _flags(table, "emp_nf"), _flags(table, "ap_nf")
    empflag = _flags(table, "empflag")
    withheld = pa.array(sorted(WITHHELD_FLAGS))
    size_flag = pc.match_substring_regex(empflag, r"^[A-M]$")

    def suppressed(flag, na, values):
        """Withheld: flag D/S/N, a value written N, or 0 with an employment size flag."""
        zero_with_size = pc.and_(size_flag, pc.fill_null(pc.equal(values, 0), False))
        return pc.or_(pc.or_(pc.is_in(flag, withheld), na), zero_with_size)

    emp_sup = suppressed(emp_nf, emp_na, emp)
    ap_sup = pc.or_(pc.is_in(ap_nf, withheld), ap_na)
    ap_sup = pc.or_(ap_sup, pc.and_(size_flag, pc.fill_null(pc.equal(ap, 0), False)))
    est_sup = est_na

    # Duplicate region x industry (e.g. a file concatenated twice) would double-count.
    idx = pa.array(range(n), pa.int64())
    keyed = pa.table({"region": region, "industry": industry, "row": idx}).filter(keep)
    counts = keyed.group_by(["region", "industry"]).aggregate([("row", "count"), ("row", "min")])
    dups = counts.filter(pc.greater(counts["row_count"], 1))
    if dups.num_rows:
        first = dups.slice(0, 1).to_pylist()[0]
        mask = pc.and_(pc.equal(keyed["region"], first["region"]),
                       pc.equal(keyed["industry"], first["industry"]))
        rows = [r + 2 for r in keyed["row"].filter(mask).to_pylist()[:2]]
        raise DataError(shown, f"duplicate key (region {first['region']}, naics "
                        f"{first['industry']}) on rows {rows[0]} and {rows[1]}", row=rows[1],
                        column="naics", expected="each region and NAICS code at most once")

    region_k, industry_k = region.filter(keep), industry.filter(keep)
    m = len(region_k)
    parts = []
    for measure, unit, values, sup in (("employees", "persons", emp, emp_sup),
                                       ("establishments", "count", est, est_sup),
                                       ("payroll", "usd_1000", ap, ap_sup)):
        sup_k = sup.filter(keep)
        parts.append(pa.table({
            "region_id": region_k, "year": constant(year, m, pa.int32()),
            "classification": constant(classification, m), "industry": industry_k,
            "measure": constant(measure, m),
            "value": pc.if_else(sup_k, pa.scalar(None, pa.float64()), values.filter(keep)),
            "unit": constant(unit, m),
            "flag": pc.if_else(sup_k, "suppressed", "observed"),
        }))
    sizes, size_notes = _size_class_rows(table, shown, keep, region, industry, year, classification)
    if sizes is not None:
        parts.append(sizes)
    batch.add("activity", pa.concat_tables(parts))

    def count(mask) -> int:
        """Number of kept rows where ``mask`` is true."""
        return int(pc.sum(pc.cast(pc.and_(mask, keep), pa.int64())).as_py() or 0)

    kind, kind_zh = ("county", "县级") if level == "co" else ("metro (CBSA)", "都市区（CBSA）级")
    batch.notes.append(Note(f"{shown}: CBP {year} {kind} file, {m} region x industry rows, "
                            f"classification {classification}.",
                            f"`{shown}`：CBP {year}年{kind_zh}文件，{m}个“地区×行业”行，行业分类`{classification}`。"))
    if sizes is not None:
        batch.notes.append(Note(
            f"Establishments by employment size class (9 classes, measures "
            f"establishments_size_*) for the total and the 2-digit sectors: {sizes.num_rows} "
            "non-zero counts (a class without a row has no establishments).",
            f"按就业规模等级（9级，指标`establishments_size_*`）统计的全部行业及2位数部门企业机构数："
            f"{sizes.num_rows}个非零计数（没有记录的等级即没有企业）。"))
    batch.notes.extend(size_notes)
    if n_statewide:
        batch.notes.append(Note(f"{n_statewide} rows with county code 999 (statewide, no fixed "
                                "county) were left out.",
                                f"{n_statewide}行县代码为999（全州范围、无固定所在县），未纳入。"))
    n_emp, n_ap = count(emp_sup), count(ap_sup)
    if n_emp or n_ap:
        batch.notes.append(Note(
            f"{n_emp} employment and {n_ap} payroll values are withheld or not available (noise "
            "flag D, S or N, or an employment size flag); they are rows with flag 'suppressed' "
            "and no value.",
            f"{n_emp}个就业值和{n_ap}个工资值被保密隐去或不可得（噪声标记`D`、`S`、`N`或就业规模标记），"
            "记为标记“保密隐去”（`suppressed`）、没有数值的行。"))
    n_j = count(pc.equal(emp_nf, "J"))
    if n_j:
        batch.notes.append(Note(f"{n_j} employment values carry high noise (flag J, 5% or more).",
                                f"{n_j}个就业值噪声较高（标记`J`，噪声5%及以上）。"))
    return batch


_COUNTY_2017 = ["fipstate", "fipscty", "naics", "emp_nf", "emp", "qp1_nf", "qp1", "ap_nf", "ap",
                "est", "n<5", "n5_9", "n10_19", "n20_49", "n50_99", "n100_249", "n250_499",
                "n500_999", "n1000", "n1000_1", "n1000_2", "n1000_3", "n1000_4", "censtate",
                "cencty"]
_METRO_2017 = ["msa", "naics", "emp_nf", "emp", "qp1_nf", "qp1", "ap_nf", "ap", "est", "n<5",
               "n5_9", "n10_19", "n20_49", "n50_99", "n100_249", "n250_499", "n500_999", "n1000",
               "n1000_1", "n1000_2", "n1000_3", "n1000_4"]

# (naics, emp_nf, emp, ap_nf, ap, est) for a small county and a small metro: a total, three
# sectors (one a spanning sector), 3- and 4-digit rows, a high-noise value and a withheld cell.
_SAMPLE_ROWS = [
    ("------", "G", 11036, "G", 360936, 869),
    ("23----", "G", 850, "H", 41980, 110),
    ("31----", "H", 2610, "G", 118306, 47),
    ("311///", "J", 41, "J", 1093, 6),
    ("3118//", "J", 28, "J", 702, 4),
    ("44----", "G", 2113, "G", 52411, 164),
    ("441///", "G", 402, "G", 16130, 31),
    ("54----", "H", 371, "H", 18050, 62),
    ("5415//", "D", 0, "D", 0, 9),
]


def write_sample_cbp(path: str | Path, *, level: str = "county", year: int = 2019) -> Path:
    """Write a small file in the official CBP layout (for tests, demos and bug reports).

    Parameters
    ----------
    path : str or Path
        Target. A name ending in ``.zip`` gets a zip archive holding ``cbpYYco.txt`` (or
        ``cbpYYmsa.txt``), as the Census Bureau distributes them; otherwise a plain text file.
    level : {'county', 'metro'}
        County layout (Autauga County, AL, ``01001``, plus a statewide ``999`` row) or metro
        layout (Montgomery, AL, CBSA ``33860``).
    year : int
        Reference year; from 2017 on the header is lower case with size class ``n<5`` and
        withheld cells are flagged ``N``; before 2017 it is upper case with ``N1_4`` and
        ``EMPFLAG`` and withheld cells are flagged ``D``.

    Returns
    -------
    Path
        The written file.
    """
    path = Path(path)
    if level not in {"county", "metro"}:
        raise ValueError("level must be 'county' or 'metro'")
    header = list(_COUNTY_2017 if level == "county" else _METRO_2017)
    new = year >= 2017
    if not new:
        header = [("n1_4" if h == "n<5" else h) for h in header]
        header.insert(header.index("emp_nf"), "empflag")
        header = [h.upper() for h in header]
    lines = [",".join(f'"{h}"' for h in header)]
    geo = [["01", "001"], ["01", "999"]] if level == "county" else [["33860"]]
    for g in geo:
        for naics, emp_nf, emp, ap_nf, ap, est in _SAMPLE_ROWS:
            if g[-1] == "999" and naics not in {"------", "54----"}:
                continue
            if emp_nf == "D" and new:
                emp_nf = ap_nf = "N"
            sizes = [est - est // 2, est // 4, est // 8] + [0] * 10
            sizes[3] = est - sum(sizes[:3]) if est > sum(sizes[:3]) else 0
            rec: dict[str, object] = {
                "fipstate": g[0], "fipscty": g[-1], "msa": g[0], "naics": naics,
                "emp_nf": emp_nf, "emp": emp, "qp1_nf": ap_nf, "qp1": ap // 4, "ap_nf": ap_nf,
                "ap": ap, "est": est, "censtate": "63", "cencty": g[-1], "empflag":
                ("A" if emp_nf == "D" else ""),
            }
            size_cols = [h for h in header if h.lower().startswith("n") and h.lower() != "naics"]
            for col, n in zip(size_cols, sizes):
                rec[col.lower()] = n
            cells = []
            for h in header:
                v = rec.get(h.lower(), "")
                cells.append(f'"{v}"' if isinstance(v, str) else str(v))
            lines.append(",".join(cells))
    text = "\r\n".join(lines) + "\r\n"
    yy = f"{year % 100:02d}"
    member = f"cbp{yy}{'co' if level == 'county' else 'msa'}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(member, text)
    else:
        path.write_text(text, encoding="ascii", newline="")
    return path
