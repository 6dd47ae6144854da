"""Users' own tables (CSV, Excel, Parquet) read through a column mapping written in TOML.

Regional economists bring yearbook exports, survey tables and flow matrices whose headers are
in their own words (often Chinese) and whose first rows are titles. A small TOML file says
which of the user's columns is which canonical column; :func:`read_user_table` then reads the
file into an :class:`~megaregion.io.base.ImportBatch` (dataset id ``user/<file stem>``).

Example mapping (``城市统计2019.toml``) for a wide yearbook export with one column per
indicator::

    table = "indicators"        # "indicators", "activity", "flows" or "collaborations"
    sheet = "Sheet1"            # Excel only; default: the first sheet
    header_row = 3              # optional; default: detected below the title rows
    encoding = "gbk"            # CSV only, optional; default: detected (utf-8, gb18030)
    region_prefix = "cn:"       # prepended to the region codes, optional

    [columns]                   # canonical column -> the user's column header
    region_id = "城市代码"
    year = "年份"

    [indicators]                # wide layout: user's column -> indicator name and unit
    "专利授权数" = { indicator = "patents_granted", unit = "count" }
    "GDP(亿元)" = { indicator = "gdp", unit = "cny_100m" }

Layouts and keys
----------------
``indicators``, long layout
    ``[columns]`` maps ``region_id``, ``year``, ``indicator`` and ``value`` (``unit``
    optional); or a top-level ``unit = "..."`` applies to every row.
``indicators``, wide layout
    ``[columns]`` maps ``region_id`` and ``year``; ``[indicators]`` maps each value column to
    ``{ indicator = "...", unit = "..." }`` (or just ``"indicator_name"``).
``activity``
    ``[columns]`` maps ``region_id``, ``year``, ``industry``, ``value`` and optionally
    ``measure``, ``unit``, ``classification``, ``flag``. Top-level ``measure``, ``unit`` and
    ``classification`` (e.g. ``"gbt4754-2017"``) give one value for every row when the file has
    no such column; ``classification`` and ``measure`` are required one way or the other.
``flows``
    ``[columns]`` maps ``origin``, ``destination``, ``year``, ``weight`` and optionally
    ``kind``, ``period``, ``category``, ``unit``. Top-level ``kind`` (required if there is
    no kind column), ``category`` (default ``"all"``), ``unit`` and ``directed`` (default
    true). ``period`` defaults to the year.
``collaborations``
    Documents (co-patents, co-publications) by the actor types on them, for the triple-helix
    synergy. ``[columns]`` maps ``region_id``, ``actors`` and optionally ``year``, ``kind``
    and ``count``; top-level ``kind`` (e.g. ``"co_patent"``) when there is no kind column.
    Without ``count`` every row is **one document** (micro records) and its ``actors`` cell
    lists the actor types on it (``"U;I"``, ``"高校、企业"``, ``"UIG"``; see
    :func:`megaregion.model.actors.parse`); rows are counted per combination. With
    ``count`` every row is a number of documents for one combination; ``counts_are =
    "exclusive"`` (default: exactly these actor types) or ``"inclusive"`` (at least these,
    as Boolean AND searches return; converted by inclusion–exclusion, a row with actors
    ``total``/``合计`` giving the number of all documents, required unless ``no_total = true``:
    without it the documents with none of the actor types are outside the universe).

Other top-level keys: ``year`` (one year for every row when the file has no year column, e.g.
a yearbook table of one year), ``delimiter`` (CSV; default: comma, or tab when the header
line has more tabs than commas), ``non_negative`` (refuse negative values; default true for
``activity`` and ``flows``, false for ``indicators``), ``suppressed`` (``"error"``, the
default, or ``"skip"``; see below).

Reading rules
-------------
* Encoding (CSV): ``encoding`` when given; otherwise UTF-8 (with or without BOM), then UTF-16
  when the file starts with a UTF-16 BOM (Excel's "Unicode text"), then GB18030 (a superset of
  GBK and GB2312). The encoding used is reported in ``batch.notes``.
* Header: row ``header_row`` (1-based, counting title rows, as Excel shows it) when given;
  otherwise the first of the top 50 rows that holds every mapped column name. Names are compared
  after Unicode NFKC normalisation with all white space removed, so ``GDP（亿元）`` matches
  ``GDP(亿元)`` and a header cell broken over two lines still matches.
* Excel: merged cells (titles spanning the table, a city name merged down over several years)
  are filled with their top-left value before reading. Formulas are read as their last
  computed values.
* Rows whose mapped value cells are all empty (blank lines, footnotes such as ``注：...``) are
  skipped. An empty value cell is a missing value: no row is produced for it.
* Numbers may carry thousands separators (``1,234.5``) and full-width digits. A year may be
  written ``2019`` or ``2019年``.
* Suppression markers (:data:`~megaregion.io.base.SUPPRESSION_MARKERS`: ``D``, ``(D)``,
  ``—``, ``-``, ``...``, ``…``, ``NA``, ``*``, ...) in a value column: in ``activity`` they
  become rows with flag ``suppressed`` and a null value. In ``indicators`` and ``flows`` (no
  flag column) a marker is not a number, so the default is an error that says so; with
  ``suppressed = "skip"`` the row is left out and the count is reported in ``batch.notes``.

Every problem raises :class:`~megaregion.errors.DataError` naming the file, the row as Excel or
a text editor shows it (title rows included), the user's column name, what was expected and
what was found. ``docs/user-tables.md`` explains each message.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from megaregion.errors import DataError
from megaregion.i18n.notes import Note, join_notes
from megaregion.io.base import SUPPRESSION_MARKERS, ImportBatch
from megaregion.io.user_grid import cell_text, Grid, read_grid
from megaregion.io.user_mapping import TABLES, Mapping, load_mapping
from megaregion.model import actors

__all__ = ["TABLES", "Mapping", "load_mapping", "read_user_table"]

#: How many top rows are searched for the header.
HEADER_SEARCH_ROWS = 50

_FLAG_WORDS = {"observed": "observed", "suppressed": "suppressed", "estimated": "estimated",
               "o": "observed", "s": "suppressed", "e": "estimated", "": "observed"}


def _plural(n: int, word: str) -> str:
    """``1 row`` / ``2 rows``."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def _norm(name: Any) -> str:
    """Header text for matching: NFKC (full-width to half-width), no white space."""
    if name is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(name)).split())


# -- header and values -----------------------------------------------------------------------

def _wanted(mapping: Mapping) -> dict[str, str]:
    """User header -> what it is for (for messages), in mapping order."""
    out = {user: canon for canon, user in mapping.columns.items()}
    for user, (indicator, _unit) in mapping.wide.items():
        out.setdefault(user, f"indicator {indicator}")
    return out


def _find_header(path: Path, grid: Grid, mapping: Mapping) -> tuple[int, dict[str, int], str]:
    """Index of the header row in the grid, user header -> column index, and a note."""
    wanted = _wanted(mapping)
    norm_wanted = {_norm(u): u for u in wanted}
    hr = mapping.get("header_row")

    def positions(row: list[Any]) -> dict[str, int]:
        """User header -> column index, for the mapped headers present in ``row``."""
        pos: dict[str, int] = {}
        for j, cell in enumerate(row):
            key = _norm(cell)
            if key in norm_wanted and norm_wanted[key] not in pos:
                pos[norm_wanted[key]] = j
        return pos

    if grid.fixed_header:
        idx, how = 0, Note("header on row 1", "表头在第1行")
    elif hr is not None:
        if hr > len(grid.rows):
            raise DataError(path, f"header_row = {hr} but the file has only {len(grid.rows)} rows",
                            row=hr, expected="header_row within the file (see the mapping)")
        idx = grid.numbers.index(hr) if hr in grid.numbers else hr - 1
        how = Note(f"header on row {hr} (from the mapping)", f"表头在第{hr}行（映射文件指定）")
    else:
        idx = None
        best, best_n = None, 0
        for i, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
            n = len(positions(row))
            if n == len(wanted):
                idx = i
                break
            if n > best_n:
                best, best_n = i, n
        if idx is None:
            if best is None:  # no mapped name anywhere: report against the first non-empty row
                best = next((i for i, r in enumerate(grid.rows)
                             if any(cell_text(c) for c in r)), 0)
            idx = best
        above = grid.numbers[idx] - 1
        how = Note(f"header on row {grid.numbers[idx]} (detected"
                   + (f"; {above} title row{'s' if above != 1 else ''} above)" if above else ")"),
                   f"表头在第{grid.numbers[idx]}行（自动识别" + (f"；上方有{above}行标题）" if above else "）"))
    row = grid.rows[idx]
    pos = positions(row)
    header_cells = [c for c in (cell_text(x) for x in row) if c]
    for user, purpose in wanted.items():
        if user not in pos:
            guess = difflib.get_close_matches(user, header_cells, n=1, cutoff=0.4)
            if not guess:
                guess = difflib.get_close_matches(_norm(user), [_norm(c) for c in header_cells],
                                                  n=1, cutoff=0.4)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            where = "the header row" if hr is not None or grid.fixed_header else \
                "any of the top rows (the closest is shown)"
            raise DataError(path, f"mapped column {user!r} (for {purpose}) was not found in "
                            f"{where}{hint}", row=grid.numbers[idx], column=user,
                            expected=f"a column headed {user!r}, as named in "
                            f"{Path(mapping.source).name}",
                            found=", ".join(header_cells[:12]))
    return idx, pos, how


def _parse_number(raw: Any) -> float | None:
    """A cell as a float; None when it is not a number (markers are handled by the caller)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "").replace(" ", "")
    try:
        return float(text)
    except ValueError:
        return None


def _parse_year(raw: Any) -> int | None:
    """A four-digit year from ``2019``, ``2019.0`` or ``2019年``; None otherwise."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return int(raw) if float(raw).is_integer() else None
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    text = text.removesuffix("年").strip()
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if re.fullmatch(r"\d{4}", text) else None


def _is_marker(raw: Any) -> bool:
    """Whether a cell holds a suppression marker such as ``—`` or ``(D)``."""
    return isinstance(raw, str) and unicodedata.normalize("NFKC", raw).strip() in _MARKERS


def _enclosing_city(rid: str, known: set[str]) -> list[str]:
    """For a Chinese district or county code (``cn:310101``, ``cn:320102``) the city that holds
    it (``cn:310000`` for a municipality's districts, ``cn:320100``): the likely intended id,
    which spelling similarity alone does not find."""
    m = re.fullmatch(r"cn:(\d{2})(\d{2})\d{2}", rid)
    if not m:
        return []
    for candidate in (f"cn:{m[1]}{m[2]}00", f"cn:{m[1]}0000"):
        if candidate in known:
            return [candidate]
    return []


_MARKERS = SUPPRESSION_MARKERS | {unicodedata.normalize("NFKC", m) for m in SUPPRESSION_MARKERS}

_CJK = re.compile(r"[\u3400-\u9fff]")

#: Former names of Chinese prefecture-level cities, for yearbook tables of earlier years:
#: old name -> (present name, year of the change). A city abolished and split among others
#: (巢湖, 2011) has no present name: it is found only where the regions table still holds it.
OLD_CITY_NAMES: dict[str, tuple[str, int]] = {
    "襄樊": ("襄阳", 2010),   # renamed 2010-11-26
    "思茅": ("普洱", 2007),   # renamed 2007-01-21
    "莱芜": ("济南", 2019),   # merged into Jinan 2019-01-09
}

#: Why a former city cannot be read as one present city.
ABOLISHED_CITIES: dict[str, str] = {
    "巢湖": "abolished in 2011 and split among Hefei, Wuhu and Ma'anshan",
}


def _name_key(text: str) -> str:
    """A Chinese place name compared without white space, width differences or a final 市."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))
    return key[:-1] if key.endswith("市") and len(key) > 2 else key


class CityNames:
    """Chinese names of the store's regions as region identifiers of users' tables.

    A name matches with or without 市 (``南京``, ``南京市``), and a former name of a city that
    was renamed or merged (:data:`OLD_CITY_NAMES`: ``襄樊`` -> 襄阳) matches the present city.
    Where a name fits regions of several levels (北京 the province and the city), the city is
    taken; where it fits several cities, the name is ambiguous and the error lists them.

    Parameters
    ----------
    regions : the store's regions (``region_id``, ``name``, ``name_zh``, ``level``).
    """

    def __init__(self, regions: pd.DataFrame) -> None:
        self.index: dict[str, list[tuple[str, str, str]]] = {}
        for rid, zh, level in regions[["region_id", "name_zh", "level"]].itertuples(index=False):
            if isinstance(zh, str) and zh.strip():
                self.index.setdefault(_name_key(zh), []).append((rid, zh, level))
        self.used: dict[str, str] = {}      # name as written -> region id
        self.old: dict[str, str] = {}       # former name as written -> present name

    def candidates(self, name: str) -> list[tuple[str, str, str]]:
        """(region id, Chinese name, level) of every region ``name`` may mean, cities first."""
        key = _name_key(name)
        found = list(self.index.get(key, []))
        if not found and key in OLD_CITY_NAMES:
            found = list(self.index.get(_name_key(OLD_CITY_NAMES[key][0]), []))
        cities = [c for c in found if c[2] == "city"]
        return cities or found

    def close(self, name: str) -> list[str]:
        """Chinese names close to ``name`` in spelling (for the error's hint)."""
        return difflib.get_close_matches(_name_key(name), list(self.index), n=3, cutoff=0.5)



class _Reader:
    """Turns the data rows under the header into canonical records, checking each cell."""

    def __init__(self, path: Path, grid: Grid, header_idx: int, pos: dict[str, int],
                 mapping: Mapping, known_regions: set[str] | None,
                 names: CityNames | None = None) -> None:
        """Set up reading of the rows below ``header_idx``."""
        self.path, self.grid, self.pos, self.mapping = path, grid, pos, mapping
        self.start = header_idx + 1
        self.known = known_regions
        self.names = names
        self.prefix = mapping.get("region_prefix", "") or ""
        self.skipped_markers: dict[str, int] = {}
        self.empty_values = 0
        self.skipped_rows = 0
        self.notes: list[str] = []

    def cell(self, row: list[Any], user: str) -> Any:
        """The value under a user's header in ``row``; None when empty."""
        j = self.pos[user]
        value = row[j] if j < len(row) else None
        if isinstance(value, str):
            value = value.strip()
            return value or None
        if isinstance(value, float) and value != value:
            return None
        return value

    def rows(self, value_users: list[str]):
        """Yield (row number, row) for rows with at least one non-empty value cell."""
        for i in range(self.start, len(self.grid.rows)):
            row = self.grid.rows[i]
            if all(self.cell(row, u) is None for u in value_users):
                if any(cell_text(c) for c in row):
                    self.skipped_rows += 1
                continue
            yield self.grid.numbers[i], row

    def text(self, row: list[Any], n: int, user: str, what: str) -> str:
        """A required text cell; a DataError on row ``n`` when it is empty."""
        value = cell_text(self.cell(row, user))
        if value is None:
            raise DataError(self.path, f"empty {what}", row=n, column=user,
                            expected=f"a {what} in every data row")
        return value

    def region(self, row: list[Any], n: int, user: str) -> str:
        """The prefixed region id of a cell, checked against ``known_regions``."""
        text = self.text(row, n, user, "region code")
        code = unicodedata.normalize("NFKC", text).strip()  # full-width digits of yearbook exports
        rid = self.prefix + (code if self.known is None or self.prefix + code in self.known else text)
        if self.known is not None and rid not in self.known and self.names is not None and _CJK.search(text):
            return self.by_name(text, n, user)
        if self.known is not None and rid not in self.known:
            close = _enclosing_city(rid, self.known) or (difflib.get_close_matches(
                rid, sorted(self.known), n=1) if len(self.known) < 50_000 else [])
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise DataError(self.path, f"unknown region id {rid!r}{hint}", row=n, column=user,
                            expected="a region id known to the store (check region_prefix and "
                            "the codes; import the regions first)", found=rid)
        return rid

    def by_name(self, text: str, n: int, user: str) -> str:
        """The region id of a Chinese city name (see :class:`CityNames`); a DataError listing
        the candidates when the name is ambiguous, or the closest names when it is unknown."""
        found = self.names.candidates(text)
        if len(found) == 1:
            rid = found[0][0]
            self.names.used[text] = rid
            key = _name_key(text)
            if key in OLD_CITY_NAMES and _name_key(found[0][1]) != key:
                self.names.old[text] = found[0][1]
            return rid
        if found:
            listed = ", ".join(f"{rid} {zh} ({level})" for rid, zh, level in found)
            raise DataError(self.path, f"the city name {text!r} is ambiguous: it may be {listed}",
                            row=n, column=user, expected="a region id known to the store (write the "
                            "code, e.g. cn:320100, instead of the name)", found=text)
        key = _name_key(text)
        if key in ABOLISHED_CITIES:
            why = ABOLISHED_CITIES[key]
            raise DataError(self.path, f"unknown city name {text!r}: {why}", row=n, column=user,
                            expected="a region id known to the store (check region_prefix and "
                            "the codes; import the regions first)", found=text)
        close = self.names.close(text)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise DataError(self.path, f"unknown city name {text!r}{hint}", row=n, column=user,
                        expected="a region id known to the store (check region_prefix and the "
                        "codes; import the regions first)", found=text)

    def year(self, row: list[Any], n: int) -> int:
        """The row's year (from the year column or the mapping's ``year``)."""
        user = self.mapping.columns.get("year")
        if user is None:
            return int(self.mapping.get("year"))
        raw = self.cell(row, user)
        if raw is None:
            raise DataError(self.path, "empty year", row=n, column=user,
                            expected="a year such as 2019 in every data row")
        year = _parse_year(raw)
        if year is None:
            raise DataError(self.path, "not a year", row=n, column=user,
                            expected="a year such as 2019 or 2019年", found=str(raw))
        return year

    def number(self, raw: Any, n: int, user: str, *, non_negative: bool) -> float:
        """A numeric cell; DataError when not a number or negative where refused."""
        value = _parse_number(raw)
        if value is None:
            raise DataError(self.path, "value is not a number", row=n, column=user,
                            expected="a number", found=str(raw))
        if non_negative and value < 0:
            raise DataError(self.path, "negative value in a count or amount column", row=n,
                            column=user, expected="a value of 0 or more (or set non_negative "
                            "= false in the mapping)", found=str(raw))
        return value

    def value(self, raw: Any, n: int, user: str, *, non_negative: bool, skip: bool) -> float | None:
        """A number cell of a table without a flag column: a suppression marker is an error,
        or (``skip``) counted as left out and returned as None."""
        if _is_marker(raw):
            if not skip:
                raise self.marker_error(raw, n, user)
            self.skipped_markers[user] = self.skipped_markers.get(user, 0) + 1
            return None
        return self.number(raw, n, user, non_negative=non_negative)

    def marker_error(self, raw: Any, n: int, user: str) -> DataError:
        """The error for a suppression marker where the table cannot flag it."""
        return DataError(self.path, f"{str(raw).strip()!r} is a suppression marker (a withheld "
                         "or unavailable value), not a number; this table has no flag column",
                         row=n, column=user,
                         expected='a number, or suppressed = "skip" in the mapping to leave '
                         "such rows out", found=str(raw))


def _check_duplicates(path: Path, records: list[dict], rows: list[int], key: list[str],
                      column: str) -> None:
    """Raise a DataError naming both rows of the first repeated key."""
    seen: dict[tuple, int] = {}
    for rec, n in zip(records, rows):
        k = tuple(rec[c] for c in key)
        if k in seen:
            values = ", ".join(f"{c}={rec[c]!r}" for c in key)
            raise DataError(path, f"duplicate key ({values}) on rows {seen[k]} and {n}", row=n,
                            column=column, expected="each combination of "
                            + ", ".join(key) + " at most once")
        seen[k] = n


def _indicators(r: _Reader, m: Mapping) -> tuple[list[dict], list[int]]:
    """Indicator records (long or wide layout) and their row numbers."""
    cols = m.columns
    non_neg = bool(m.get("non_negative", False))
    skip = m.get("suppressed", "error") == "skip"
    records, rows = [], []
    if m.wide:
        value_cols = list(m.wide)
    else:
        value_cols = [cols["value"]]
    for n, row in r.rows(value_cols):
        rid = r.region(row, n, cols["region_id"])
        year = r.year(row, n)
        if m.wide:
            items = [(u, ind, unit) for u, (ind, unit) in m.wide.items()]
        else:
            ind = r.text(row, n, cols["indicator"], "indicator name")
            unit = cell_text(r.cell(row, cols["unit"])) if "unit" in cols else m.get("unit")
            items = [(cols["value"], ind, unit)]
        for user, ind, unit in items:
            raw = r.cell(row, user)
            if raw is None:
                r.empty_values += 1
                continue
            value = r.value(raw, n, user, non_negative=non_neg, skip=skip)
            if value is None:
                continue
            records.append({"region_id": rid, "year": year, "indicator": ind, "value": value,
                            "unit": unit})
            rows.append(n)
    column = cols["region_id"] + ", " + cols.get("year", "year") + \
        (", " + cols["indicator"] if "indicator" in cols else "")
    _check_duplicates(r.path, records, rows, ["region_id", "year", "indicator"], column)
    return records, rows


def _activity(r: _Reader, m: Mapping) -> tuple[list[dict], list[int]]:
    """Activity records (markers become suppressed rows) and their row numbers."""
    cols = m.columns
    non_neg = bool(m.get("non_negative", True))
    records, rows = [], []
    suppressed = 0
    for n, row in r.rows([cols["value"]]):
        rid = r.region(row, n, cols["region_id"])
        year = r.year(row, n)
        industry = r.text(row, n, cols["industry"], "industry code")
        measure = r.text(row, n, cols["measure"], "measure") if "measure" in cols \
            else m.get("measure")
        classification = r.text(row, n, cols["classification"], "classification") \
            if "classification" in cols else m.get("classification")
        unit = cell_text(r.cell(row, cols["unit"])) if "unit" in cols else m.get("unit")
        flag = "observed"
        if "flag" in cols:
            raw_flag = (cell_text(r.cell(row, cols["flag"])) or "").lower()
            if raw_flag not in _FLAG_WORDS:
                raise DataError(r.path, "unknown flag", row=n, column=cols["flag"],
                                expected="observed, suppressed or estimated (or empty)",
                                found=raw_flag)
            flag = _FLAG_WORDS[raw_flag]
        raw = r.cell(row, cols["value"])
        if _is_marker(raw):
            value, flag = None, "suppressed"
            suppressed += 1
        elif flag == "suppressed" and _parse_number(raw) is not None and \
                _parse_number(raw) == 0:
            value = None  # a zero written for a withheld cell is not a zero
        else:
            value = r.number(raw, n, cols["value"], non_negative=non_neg)
        records.append({"region_id": rid, "year": year, "classification": classification,
                        "industry": industry, "measure": measure, "value": value, "unit": unit,
                        "flag": flag})
        rows.append(n)
    if suppressed:
        r.notes.append(Note(f"{suppressed} suppression markers in column {cols['value']!r} "
                            "became rows with flag 'suppressed' and no value",
                            f"列“{cols['value']}”中的{suppressed}个隐匿标记已转为标记为suppressed、"
                            "没有数值的行"))
    _check_duplicates(r.path, records, rows,
                      ["region_id", "year", "classification", "industry", "measure"],
                      ", ".join(cols[c] for c in ("region_id", "industry") if c in cols))
    return records, rows


def _flows(r: _Reader, m: Mapping) -> tuple[list[dict], list[int]]:
    """Flow records and their row numbers."""
    cols = m.columns
    non_neg = bool(m.get("non_negative", True))
    skip = m.get("suppressed", "error") == "skip"
    directed = bool(m.get("directed", True))
    records, rows = [], []
    for n, row in r.rows([cols["weight"]]):
        origin = r.region(row, n, cols["origin"])
        dest = r.region(row, n, cols["destination"])
        year = r.year(row, n)
        kind = r.text(row, n, cols["kind"], "flow kind") if "kind" in cols else m.get("kind")
        period = r.text(row, n, cols["period"], "period") if "period" in cols else str(year)
        category = r.text(row, n, cols["category"], "category") if "category" in cols \
            else m.get("category", "all")
        unit = cell_text(r.cell(row, cols["unit"])) if "unit" in cols else m.get("unit")
        weight = r.value(r.cell(row, cols["weight"]), n, cols["weight"], non_negative=non_neg,
                         skip=skip)
        if weight is None:
            continue
        records.append({"origin": origin, "destination": dest, "year": year, "period": period,
                        "kind": kind, "category": category, "weight": weight, "unit": unit,
                        "directed": directed})
        rows.append(n)
    _check_duplicates(r.path, records, rows,
                      ["origin", "destination", "period", "kind", "category"],
                      cols["origin"] + ", " + cols["destination"])
    return records, rows


_TABLE_ZH = {"indicators": "指标（`indicators`）", "activity": "产业活动（`activity`）",
             "flows": "联系（`flows`）", "collaborations": "合作记录（`collaborations`）"}
_TOTAL_WORDS = {"total", "all", "合计", "总计", "全部", "总数"}


def _collaborations(r: _Reader, m: Mapping) -> tuple[list[dict], list[int]]:
    """Exact-combination document counts (from micro records or from counts) and row numbers.

    Every combination count matters to T, so nothing is left out quietly: an empty actors or
    count cell, a suppression marker, a missing combination among inclusive counts, or a
    ``total`` row in exclusive mode is an error naming the row. A row with a single non-empty
    cell (a footnote such as ``注：...``) is skipped and counted in the notes.
    """
    cols = m.columns
    with_counts = "count" in cols
    inclusive = m.get("counts_are", "exclusive") == "inclusive"
    mapped = list(dict.fromkeys(cols.values()))
    cells: dict[tuple, dict[str, float]] = {}   # (region, year, kind) -> combination -> count
    row_of: dict[tuple, int] = {}                # (region, year, kind, combination) -> row
    first_row: dict[tuple, int] = {}
    totals: dict[tuple, float] = {}
    documents = 0
    for n, row in r.rows(mapped):
        if sum(1 for c in row if cell_text(c)) == 1 and r.cell(row, cols["actors"]) is None:
            r.skipped_rows += 1  # a footnote or comment line
            continue
        rid = r.region(row, n, cols["region_id"])
        year = r.year(row, n)
        kind = r.text(row, n, cols["kind"], "kind of document") if "kind" in cols \
            else m.get("kind")
        raw_actors = r.text(row, n, cols["actors"], "list of actor types")
        key = (rid, year, kind)
        first_row.setdefault(key, n)
        word = unicodedata.normalize("NFKC", raw_actors).strip().lower()
        if word in _TOTAL_WORDS:
            if not inclusive:
                raise DataError(r.path, "a total row among exact-combination counts", row=n,
                                column=cols["actors"], expected='counts_are = "inclusive" in the '
                                "mapping if the counts are 'at least these actor types' with a "
                                "total; otherwise leave the total row out", found=raw_actors)
            combination = "total"
        else:
            try:
                combination = actors.parse(raw_actors)
            except ValueError as exc:
                raise DataError(r.path, f"cannot read the actor types: {exc}", row=n,
                                column=cols["actors"], expected=actors.ACCEPTED,
                                found=raw_actors) from None
            if inclusive and combination == actors.NONE:
                raise DataError(r.path, "'none' is not an inclusive count", row=n,
                                column=cols["actors"], expected="a row with actors 'total' "
                                "giving the number of all documents", found=raw_actors)
        if with_counts:
            raw = r.cell(row, cols["count"])
            if raw is None:
                raise DataError(r.path, "empty count", row=n, column=cols["count"],
                                expected="the number of documents (0 if none): a missing count "
                                "would change every T of this region and year")
            if _is_marker(raw):
                raise DataError(r.path, f"{str(raw).strip()!r} is a suppression marker: a withheld "
                                "count makes every T of this region and year unknown", row=n,
                                column=cols["count"], expected="the number of documents, or leave "
                                "out all rows of this region and year", found=str(raw))
            value = r.number(raw, n, cols["count"], non_negative=True)
            if key + (combination,) in row_of:
                raise DataError(r.path, f"the combination {combination!r} for {rid}, {year}, "
                                f"{kind} is given twice, on rows {row_of[key + (combination,)]} "
                                f"and {n}", row=n, column=cols["actors"], expected="each "
                                "combination of actor types once per region, year and kind",
                                found=raw_actors)
        else:
            value = 1.0
            documents += 1
        row_of.setdefault(key + (combination,), n)
        if combination == "total":
            totals[key] = value
            continue
        group = cells.setdefault(key, {})
        group[combination] = group.get(combination, 0.0) + value
    records, rows = [], []
    for key, counts in cells.items():
        if inclusive:
            if key not in totals and not m.get("no_total", False):
                raise DataError(r.path, f"inclusive counts for {key[0]}, {key[1]}, {key[2]} have no "
                                "total row", row=first_row[key], column=cols["actors"],
                                expected="a row with actors 'total' (合计) giving the number of all "
                                "documents; or no_total = true in the mapping if documents with "
                                "none of the actor types are to be left out of the universe "
                                "(T changes with this choice)")
            counts = _inclusive_group(r, cols, key, counts, totals.get(key), row_of,
                                      first_row[key])
        for combination, value in counts.items():
            records.append({"region_id": key[0], "year": key[1], "kind": key[2],
                            "actors": combination, "count": value})
            rows.append(first_row[key])
    lonely = set(totals) - set(cells)
    if lonely:
        key = min(lonely)
        raise DataError(r.path, f"a total for {key[0]}, {key[1]}, {key[2]} but no actor counts",
                        row=row_of[key + ("total",)], column=cols["actors"],
                        expected="rows with the counts of U, I, G, UI, ... beside the total")
    if not with_counts:
        r.notes.append(Note(f"{_plural(documents, 'document')} (one per row) counted into "
                            f"{_plural(len(records), 'combination count')}.",
                            f"{documents}件文献（每行一件）汇总为{len(records)}个主体组合计数。"))
    elif inclusive:
        r.notes.append(Note("Inclusive counts (at least these actor types) converted to exact "
                            "combinations by inclusion–exclusion.",
                            "“至少含这些主体”的计数已按容斥原理换算为精确组合计数。"))
    return records, rows


def _inclusive_group(r: _Reader, cols: dict, key: tuple, counts: dict[str, float],
                     total: float | None, row_of: dict, first: int) -> dict[str, float]:
    """Exact counts of one region, year and kind from its inclusive counts.

    Every combination over the actor types that occur must be given (0 where none): a missing
    one is not 0 but unknown ("at least U and I" includes the UIG documents).
    """
    letters = set().union(*(actors.letters(c) for c in counts))
    missing = [c for c in actors.all_codes(letters)[1:] if c not in counts]
    if missing:
        raise DataError(r.path, f"inclusive counts for {key[0]}, {key[1]}, {key[2]} lack the "
                        f"combination(s) {', '.join(missing)}", row=first, column=cols["actors"],
                        expected="a row for every combination of the actor types that occur "
                        "(with 0 where there are none)")
    try:
        return actors.inclusive_to_exclusive(counts, total=total)
    except actors.InconsistentCounts as exc:
        culprit = exc.combination
        expected = ("a total at least as large as the number of documents with any actor type"
                    if culprit == "total" else "counts of documents with at least these actor "
                    "types: a combination's count cannot exceed what its parts allow")
        raise DataError(r.path, f"{exc} ({key[0]}, {key[1]}, {key[2]})",
                        row=row_of.get(key + (culprit,), first), column=cols["count"],
                        expected=expected) from None


_SCHEMA_COLUMNS = {
    "indicators": ["region_id", "year", "indicator", "value", "unit"],
    "activity": ["region_id", "year", "classification", "industry", "measure", "value", "unit",
                 "flag"],
    "flows": ["origin", "destination", "year", "period", "kind", "category", "weight", "unit",
              "directed"],
    "collaborations": ["region_id", "year", "kind", "actors", "count"],
}


def read_user_table(path: str | Path, mapping: str | Path | dict | Mapping, *,
                    known_regions: set[str] | None = None,
                    regions: pd.DataFrame | None = None) -> ImportBatch:
    """Read a user's CSV, Excel or Parquet table through a column mapping.

    Parameters
    ----------
    path : str or Path
        The data file: ``.csv`` / ``.txt`` / ``.tsv``, ``.xlsx`` / ``.xlsm``, or ``.parquet``.
    mapping : str, Path, dict or Mapping
        The TOML mapping file (see the module docstring and ``docs/user-tables.md``), its
        content as a dict, or a :class:`Mapping` from :func:`load_mapping`.
    known_regions : set of str, optional
        Region ids the store knows; when given, any other id (after ``region_prefix``) is an
        error naming it and its row.
    regions : pandas.DataFrame, optional
        The store's regions (``region_id``, ``name_zh``, ``level``); with ``known_regions``, a
        region cell holding a Chinese city name (南京 or 南京市; a former name such as 襄樊)
        is read as that city's id (:class:`CityNames`), an ambiguous name is an error listing
        the candidates.

    Returns
    -------
    ImportBatch
        Dataset ``user/<file stem>`` with one canonical table (``indicators``, ``activity`` or
        ``flows``). ``notes`` say which encoding, sheet and header row were used and how many
        rows were skipped and why.

    Raises
    ------
    DataError
        With file, row (as Excel or a text editor numbers it, title rows included), column,
        expected and found: missing, empty or unknown kind of file; undecodable bytes; a sheet
        that does not exist; a mapped column not in the header (with the closest header); a
        value that is not a number; a suppression marker where no flag can hold it; a negative
        count; a duplicate key (both rows named); an unknown region id; a malformed mapping
        (naming the mapping file).
    """
    path = Path(path)
    m = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    grid = read_grid(path, m)
    if not grid.rows:
        raise DataError(path, "the file is empty", row=1, expected="a header row and data rows")
    header_idx, pos, how = _find_header(path, grid, m)
    if not any(any(cell_text(c) for c in row) for row in grid.rows[header_idx + 1:]):
        raise DataError(path, "the file has a header but no data rows",
                        row=grid.numbers[header_idx] + 1, expected="data rows under the header")
    names = CityNames(regions) if regions is not None and known_regions is not None else None
    reader = _Reader(path, grid, header_idx, pos, m, known_regions, names)
    records, _rows = {"indicators": _indicators, "activity": _activity,
                      "flows": _flows, "collaborations": _collaborations}[m.table](reader, m)
    batch = ImportBatch(f"user/{path.stem}", files=[path])
    frame = pd.DataFrame.from_records(records, columns=_SCHEMA_COLUMNS[m.table])
    if m.table == "activity":
        frame["value"] = frame["value"].astype("float64")
    batch.add(m.table, frame)

    how_read = join_notes(grid.notes[:1] + [how] + grid.notes[1:])
    batch.notes.append(Note(f"Read {path.name} as {m.table}: {how_read}; {len(records)} rows.",
                            f"已将{path.name}读入{_TABLE_ZH[m.table]}表：{how_read.zh}；共{len(records)}行。"))
    for user, count in reader.skipped_markers.items():
        batch.notes.append(Note(f"{_plural(count, 'value')} left out: suppression marker in column "
                                f'{user!r} (suppressed = "skip").',
                                f"列“{user}”中{count}个值为隐匿标记，未纳入（suppressed = \"skip\"）。"))
    batch.notes.extend(reader.notes)
    if names is not None and names.used:
        examples = list(names.used.items())[:3]
        batch.notes.append(Note(
            f"{_plural(len(names.used), 'Chinese city name')} read as region ids (e.g. "
            + ", ".join(f"{k} -> {v}" for k, v in examples) + ").",
            f"{len(names.used)}个中文城市名称已识别为地区代码（如"
            + "，".join(f"{k}→{v}" for k, v in examples) + "）。"))
    for old_name, new_name in (names.old.items() if names is not None else []):
        year = OLD_CITY_NAMES[_name_key(old_name)][1]
        batch.notes.append(Note(f"Former city name {old_name} read as {new_name} (changed {year}).",
                                f"旧城市名称{old_name}按{new_name}读取（{year}年变更）。"))
    if reader.empty_values:
        batch.notes.append(Note(f"{_plural(reader.empty_values, 'empty value cell')} produced no row.",
                                f"{reader.empty_values}个空值单元格未生成记录。"))
    if reader.skipped_rows:
        batch.notes.append(Note(f"{_plural(reader.skipped_rows, 'row')} without any value (notes, "
                                "footnotes) skipped.",
                                f"{reader.skipped_rows}行没有任何数值（注释、脚注），已跳过。"))
    return batch
