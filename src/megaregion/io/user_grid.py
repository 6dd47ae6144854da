"""A user's file as a grid of cells with the row numbers the user sees (CSV, Excel, Parquet).

The first step of reading a user's table: decode the bytes (UTF-8, UTF-16 with its mark,
GB18030/GBK), split a CSV, fill an Excel sheet's merged ranges, and keep each row's number as a
text editor or Excel shows it, so that every later error can name the row.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from megaregion.errors import DataError
from megaregion.i18n.notes import Note
from megaregion.io.user_mapping import Mapping

TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
#: Encodings tried in order when the mapping names none (UTF-16 only with its BOM).
ENCODINGS = ("utf-8-sig", "gb18030")


def cell_text(value: Any) -> str | None:
    """A cell as text: None for empty; whole floats without ``.0`` (Excel codes, years)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer():
            return str(int(value))
        return repr(value)
    text = str(value).strip()
    return text or None


@dataclass
class Grid:
    """The file as rows of cells with the row numbers a user sees."""

    rows: list[list[Any]]
    numbers: list[int]
    notes: list[str]
    fixed_header: bool = False  # Parquet: row 1 is the header, nothing to detect


def _decode(path: Path, data: bytes, encoding: str | None) -> tuple[str, Note]:
    """Decode CSV bytes with the named or the first working candidate encoding."""
    if encoding:
        try:
            return data.decode(encoding), Note(f"encoding {encoding} (from the mapping)",
                                               f"编码{encoding.upper()}（映射文件指定）")
        except UnicodeDecodeError as exc:
            row = data[:exc.start].count(b"\n") + 1
            raise DataError(path, f"the file cannot be decoded as {encoding}", row=row,
                            expected=f"text in {encoding}; fix or remove encoding in the mapping",
                            found=data[exc.start:exc.start + 4].hex(" ")) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), Note("encoding utf-16 (detected from its byte-order mark)",
                                           "编码UTF-16（由字节顺序标记识别）")
    last_error: UnicodeDecodeError | None = None
    for enc in ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            last_error = exc  # the last candidate's failure points at the truly bad bytes
            continue
        label = {"utf-8-sig": "utf-8"}.get(enc, enc)
        return text, Note(f"encoding {label} (detected)", f"编码{label.upper()}（自动识别）")
    guess = None
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        guess = best.encoding if best is not None else None
    except Exception:  # pragma: no cover - detection is only a hint
        guess = None
    hint = f'; charset-normalizer guesses {guess!r}: add encoding = "{guess}" to the mapping' \
        if guess else "; save the file as UTF-8 or name its encoding in the mapping"
    assert last_error is not None
    row = data[:last_error.start].count(b"\n") + 1
    raise DataError(path, "the file's bytes are neither UTF-8 nor GB18030/GBK text" + hint,
                    row=row, expected="text in UTF-8, GBK or GB18030",
                    found=data[last_error.start:last_error.start + 4].hex(" "))


def _read_text(path: Path, mapping: Mapping) -> Grid:
    """Decode and split a CSV/TSV file into rows, keeping each record's first line number."""
    data = path.read_bytes()
    if not data.strip():
        raise DataError(path, "the file is empty", row=1, expected="a header row and data rows")
    text, enc_note = _decode(path, data, mapping.get("encoding"))
    if not text.strip(" \t\r\n\ufeff,;"):
        raise DataError(path, "the file is empty", row=1, expected="a header row and data rows")
    delim = mapping.get("delimiter")
    if not delim:
        if path.suffix.lower() == ".tsv":
            delim = "\t"
        else:
            head = text[:20_000]
            delim = "\t" if head.count("\t") > head.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    rows, numbers = [], []
    while True:
        start = reader.line_num + 1
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise DataError(path, f"the file cannot be parsed as CSV ({exc})",
                            row=reader.line_num) from None
        rows.append(rec)
        numbers.append(start)
    return Grid(rows, numbers, [enc_note])


def _read_excel(path: Path, mapping: Mapping) -> Grid:
    """Read the mapped (or first) sheet of a workbook, filling merged ranges."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # BadZipFile, InvalidFileException, KeyError for broken parts
        raise DataError(path, f"the file is not a readable .xlsx workbook ({type(exc).__name__})",
                        expected="an Excel workbook saved as .xlsx") from None
    sheet = mapping.get("sheet")
    if sheet is None:
        ws = wb.worksheets[0]
    elif sheet not in wb.sheetnames:
        guess = difflib.get_close_matches(str(sheet), wb.sheetnames, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        raise DataError(path, f"the workbook has no sheet named {sheet!r}{hint}",
                        expected="one of the sheets " + ", ".join(repr(s) for s in wb.sheetnames),
                        found=str(sheet))
    else:
        ws = wb[sheet]
    grid = [list(r) for r in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column,
                                          values_only=True)]
    merged = list(ws.merged_cells.ranges)
    for rng in merged:
        top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row <= len(grid) else None
        for r in range(rng.min_row, min(rng.max_row, len(grid)) + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if c - 1 < len(grid[r - 1]):
                    grid[r - 1][c - 1] = top
    notes = [Note(f"sheet {ws.title!r}", f"工作表“{ws.title}”")]
    if merged:
        notes.append(Note(f"{len(merged)} merged cell ranges filled with their top-left value",
                          f"{len(merged)}个合并单元格区域已用其左上角的值填充"))
    if not any(v is not None and str(v).strip() for row in grid for v in row):
        raise DataError(path, f"sheet {ws.title!r} is empty", row=1,
                        expected="a header row and data rows")
    return Grid(grid, list(range(1, len(grid) + 1)), notes)


def _read_parquet(path: Path, mapping: Mapping) -> Grid:
    """Read a Parquet file; its column names form row 1."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise DataError(path, f"the file is not a readable Parquet file ({exc})",
                        expected="a Parquet file") from None
    if table.num_columns == 0:
        raise DataError(path, "the file is empty", row=1, expected="columns and rows")
    cols = table.column_names
    data = table.to_pydict()
    rows = [cols] + [[data[c][i] for c in cols] for i in range(table.num_rows)]
    return Grid(rows, list(range(1, len(rows) + 1)),
                [Note("Parquet: row 1 is the header", "Parquet：第1行为表头")], fixed_header=True)


def read_grid(path: Path, m: Mapping) -> Grid:
    """Read the data file into a grid by its suffix (.csv/.txt/.tsv, .xlsx/.xlsm, .parquet).

    Raises
    ------
    DataError
        Missing, empty, a folder, an old ``.xls`` workbook or an unknown kind of file.
    """
    if not path.exists():
        raise DataError(path, "the file does not exist", expected=f"a data file at {path}")
    if path.is_dir():
        raise DataError(path, "this is a folder, not a file",
                        expected="a CSV, Excel or Parquet file")
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        grid = _read_text(path, m)
    elif suffix in EXCEL_SUFFIXES:
        if path.stat().st_size == 0:
            raise DataError(path, "the file is empty", row=1, expected="an Excel workbook")
        grid = _read_excel(path, m)
    elif suffix in PARQUET_SUFFIXES:
        if path.stat().st_size == 0:
            raise DataError(path, "the file is empty", row=1, expected="a Parquet file")
        grid = _read_parquet(path, m)
    elif suffix == ".xls":
        raise DataError(path, "old Excel format (.xls) is not supported",
                        expected="the workbook saved as .xlsx (Excel: File > Save As > .xlsx)")
    else:
        raise DataError(path, f"unknown file type {path.suffix or '(no extension)'!r}",
                        expected="a .csv, .txt, .tsv, .xlsx or .parquet file")
    return grid
