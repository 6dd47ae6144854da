"""What every reader shares: the import batch it returns and checked CSV reading.

A reader turns one real dataset (one or a few files) into canonical tables
(:mod:`megaregion.model.schema`) wrapped in an :class:`ImportBatch`. Readers never touch the
store and never compute indicators; they only parse, check and reshape. Every problem in a file
becomes a :class:`~megaregion.errors.DataError` naming file, row and column.

CSV files are read with pyarrow (multi-threaded, typed). Only when the fast read fails is the
file scanned again as text to find the first offending row, so errors are precise without
slowing the common case.
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from megaregion.errors import DataError
from megaregion.model.schema import conform

# Strings that statistical offices print in place of a withheld or unavailable number.
SUPPRESSION_MARKERS = frozenset(
    {"D", "(D)", "S", "(S)", "X", "(X)", "NA", "N/A", "-", "—", "–", "--", "...", "…", "..", "*", "(NA)"}
)

# Column type names used by readers, mapped to Arrow types and to words for error messages.
_TYPES: dict[str, tuple[pa.DataType, str]] = {
    "str": (pa.string(), "text"),
    "int": (pa.int64(), "a whole number"),
    "float": (pa.float64(), "a number"),
    "bool": (pa.bool_(), "True or False"),
}


@dataclass
class ImportBatch:
    """Canonical tables produced by one reader from one dataset.

    Attributes
    ----------
    dataset : stable id of the dataset (e.g. ``us/cbp_county``); becomes the ``source`` column.
    tables : canonical table name -> Arrow table in the canonical schema.
    files : the input files, for the import manifest (content hash, size).
    notes : plain sentences about what the reader did that a user should know (rows excluded
        and why, known gaps). Shown by ``megaregion data import`` and kept in the manifest.
    """

    dataset: str
    tables: dict[str, pa.Table] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, data) -> None:
        """Conform ``data`` to table ``name`` (stamping ``source``) and append it."""
        table = conform(name, data, source=self.dataset)
        if name in self.tables:
            table = pa.concat_tables([self.tables[name], table])
        self.tables[name] = table

    def rows(self) -> dict[str, int]:
        return {name: t.num_rows for name, t in self.tables.items()}


@dataclass(frozen=True)
class DatasetSpec:
    """A dataset the project knows how to read from a data folder laid out like ``shared/data``.

    ``paths`` are relative to the data folder; ``reader`` takes the data folder and returns an
    :class:`ImportBatch`. ``after`` names datasets whose regions must be imported first.
    """

    dataset: str
    paths: tuple[str, ...]
    reader: Callable[[Path], ImportBatch]
    description: str
    country: str
    after: tuple[str, ...] = ()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (for the import manifest and idempotence)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def _header(path: Path) -> list[str]:
    try:
        with _open_text(path) as fh:
            line = fh.readline()
    except UnicodeDecodeError as exc:
        raise DataError(path, "the file is not UTF-8 text", row=1,
                        expected="a UTF-8 encoded CSV file (convert GBK/GB18030 exports, or "
                        "import them with `megaregion data import` and a mapping file)") from exc
    except (OSError, EOFError) as exc:
        raise DataError(path, f"the file cannot be read ({exc})") from exc
    if not line.strip():
        raise DataError(path, "the file is empty", row=1, expected="a header line with column names")
    import csv

    return next(csv.reader([line]))


def require_columns(path: Path, found: Iterable[str], required: Iterable[str]) -> None:
    """Raise a DataError naming the first required column that is absent (with a guess)."""
    found = list(found)
    for col in required:
        if col not in found:
            guess = difflib.get_close_matches(col, found, n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            raise DataError(path, f"required column '{col}' is missing{hint}", row=1, column=col,
                            expected=f"a header with columns {', '.join(required)}",
                            found=", ".join(found[:12]))


def read_csv(path: Path, columns: dict[str, str], *, non_negative: Iterable[str] = (),
             optional: Iterable[str] = (), missing: Iterable[str] = ("",)) -> pa.Table:
    """Read a CSV (optionally gzipped) with typed, checked columns.

    Parameters
    ----------
    path : the file.
    columns : column name -> one of ``str``, ``int``, ``float``, ``bool``. Every column listed
        must be in the header unless it is also in ``optional`` (then it is filled with nulls).
        Columns not listed are not read.
    non_negative : numeric columns that must not hold negative values (counts, money).
    missing : the exact cell texts that mean "no value" (default: only the empty cell). A file
        that writes ``NA`` for missing values must say so here; otherwise ``NA`` in a numeric
        column is an error, never a silent null.

    Returns
    -------
    pyarrow.Table with exactly the listed columns, in the listed order.

    Raises
    ------
    DataError : missing file, empty file, missing column, a value that is not of the column's
        type (a suppression marker such as ``(D)`` is named as such), a negative count.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(path, "the file does not exist", expected=f"a file at {path}")
    header = _header(path)
    optional = set(optional)
    require_columns(path, header, [c for c in columns if c not in optional])
    present = {c: t for c, t in columns.items() if c in header}
    types = {c: _TYPES[t][0] for c, t in present.items()}
    try:
        table = pacsv.read_csv(
            path,
            convert_options=pacsv.ConvertOptions(
                column_types=types, include_columns=list(present),
                null_values=list(missing), strings_can_be_null=True,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        _locate_bad_value(path, header, present, exc, list(missing))
        raise DataError(path, f"the file cannot be parsed as CSV ({exc})") from exc
    if table.num_rows == 0:
        raise DataError(path, "the file has a header but no data rows", row=2,
                        expected="at least one data row")
    for col in non_negative:
        if col in present:
            values = table.column(col)
            if values.null_count < len(values) and pc.min(values).as_py() < 0:
                idx = pc.index(pc.less(values, 0), True).as_py()
                raise DataError(path, "negative value in a count or amount column", row=idx + 2,
                                column=col, expected="a value of 0 or more",
                                found=str(values[idx].as_py()))
    arrays, names = [], []
    for col, t in columns.items():
        names.append(col)
        arrays.append(table.column(col) if col in present else pa.nulls(table.num_rows, _TYPES[t][0]))
    return pa.Table.from_arrays(arrays, names=names)


def _locate_bad_value(path: Path, header: list[str], present: dict[str, str], exc: Exception,
                      missing: list[str]) -> None:
    """Slow path after a failed typed read: find the first cell that does not parse."""
    text = pacsv.read_csv(
        path,
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in header}, include_columns=list(present),
            null_values=missing, strings_can_be_null=True,
        ),
    )
    for col, kind in present.items():
        if kind == "str":
            continue
        values = text.column(col).to_pylist()
        for i, raw in enumerate(values):
            if raw is None:
                continue
            if not _parses(raw, kind):
                stripped = raw.strip()
                if stripped in SUPPRESSION_MARKERS:
                    problem = (f"suppression marker {stripped!r} where this file format has "
                               "numbers only")
                else:
                    problem = "value is not of the column's type"
                raise DataError(path, problem, row=i + 2, column=col,
                                expected=_TYPES[kind][1], found=raw) from exc


def _parses(raw: str, kind: str) -> bool:
    try:
        if kind == "int":
            int(raw)
        elif kind == "float":
            float(raw)
        elif kind == "bool":
            return raw.strip().lower() in {"true", "false", "1", "0"}
    except ValueError:
        return False
    return True


def check_unique(path: Path, table: pa.Table, key: list[str]) -> None:
    """Raise a DataError naming the two rows that share a key, if any do."""
    if table.num_rows == 0:
        return
    idx = pa.array(range(table.num_rows), type=pa.int64())
    keyed = table.select(key).append_column("__row", idx)
    grouped = keyed.group_by(key).aggregate([("__row", "count"), ("__row", "min")])
    dups = grouped.filter(pc.greater(grouped["__row_count"], 1))
    if dups.num_rows == 0:
        return
    first = dups.slice(0, 1).to_pylist()[0]
    mask = None
    for k in key:
        m = pc.equal(table.column(k), first[k])
        mask = m if mask is None else pc.and_(mask, m)
    rows = [i + 2 for i in pc.indices_nonzero(mask).to_pylist()[:2]]
    values = ", ".join(f"{k}={first[k]!r}" for k in key)
    raise DataError(path, f"duplicate key ({values}) on rows {rows[0]} and {rows[1]}",
                    row=rows[1], column=", ".join(key),
                    expected="each combination of " + ", ".join(key) + " at most once")


def require_values(path: Path, table: pa.Table, columns, expected: str = "a value") -> None:
    """Raise a DataError naming the first empty cell in any of ``columns``.

    :func:`megaregion.io.base.read_csv` reads empty cells as nulls; readers call
    this for columns where a value is mandatory, so a gap never turns into a silent zero.
    """
    for col in columns:
        values = table.column(col)
        if values.null_count:
            idx = pc.index(pc.is_null(values), True).as_py()
            raise DataError(path, "empty cell where a value is required", row=idx + 2,
                            column=col, expected=expected, found="")


def require_codes(path: Path, table: pa.Table, column: str, digits: int, expected: str) -> None:
    """Raise a DataError naming the first cell of ``column`` that is not ``digits`` digits.

    Used for FIPS and CBSA codes, which lose their leading zeros when a file passes through a
    spreadsheet (``1001`` instead of ``01001``).
    """
    values = table.column(column)
    ok = pc.fill_null(pc.and_(pc.equal(pc.utf8_length(values), digits),
                              pc.utf8_is_digit(values)), False)
    if not pc.all(ok).as_py():
        idx = pc.index(ok, False).as_py()
        found = values[idx].as_py()
        raise DataError(path, "malformed code", row=idx + 2, column=column, expected=expected,
                        found="" if found is None else found)


def prefixed(values: pa.ChunkedArray | pa.Array, prefix: str) -> pa.Array:
    """Region ids from codes: ``prefixed(['36061'], 'us:') -> ['us:36061']``."""
    return pc.binary_join_element_wise(pa.scalar(prefix), values.cast(pa.string()), "")


def constant(value, n: int, type_: pa.DataType = pa.string()) -> pa.Array:
    return pa.array([value] * n, type=type_) if n < 1024 else pa.repeat(pa.scalar(value, type_), n)
