"""The column mapping of a user's table: which of the user's columns is which canonical column.

Written by the user in TOML (see :mod:`megaregion.io.user_tables` for the keys and
``docs/user-tables.md`` for a walk-through); :func:`load_mapping` checks it and names the mapping
file, line and key of any mistake.
"""

from __future__ import annotations

import codecs
import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from megaregion.errors import DataError

TABLES = ("indicators", "activity", "flows", "collaborations")
_TABLE_CHOICES = 'table = "indicators", "activity", "flows" or "collaborations"'
# canonical columns each table may map, and those that must be mapped (or given top-level)
_ALLOWED = {
    "indicators": {"region_id", "year", "indicator", "value", "unit"},
    "activity": {"region_id", "year", "industry", "value", "measure", "unit", "classification",
                 "flag"},
    "flows": {"origin", "destination", "year", "weight", "kind", "period", "category", "unit"},
    "collaborations": {"region_id", "year", "kind", "actors", "count"},
}
_TOP_KEYS = {"table", "sheet", "header_row", "encoding", "region_prefix", "columns",
             "indicators", "suppressed", "non_negative", "unit", "measure", "classification",
             "kind", "category", "directed", "year", "delimiter", "counts_are", "no_total"}

@dataclass
class Mapping:
    """A validated column mapping (see the module docstring for the TOML keys).

    Attributes
    ----------
    table : canonical table: ``indicators``, ``activity`` or ``flows``.
    columns : canonical column -> the user's column header.
    wide : the user's value column -> (indicator, unit) for the wide indicators layout.
    options : the other top-level keys (sheet, header_row, encoding, ...).
    source : the mapping file (or ``<mapping>`` for a dict), for error messages.
    """

    table: str
    columns: dict[str, str]
    wide: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    source: str = "<mapping>"

    def get(self, key: str, default=None):
        """A top-level option, or ``default``.

        Parameters
        ----------
        key : str
            Option name, e.g. ``"sheet"``.
        default : any
            Returned when the option is absent.

        Returns
        -------
        any
            The option's value.
        """
        return self.options.get(key, default)


def _mapping_error(source: str, problem: str, expected: str | None = None,
                   found: str | None = None, row: int | None = None) -> DataError:
    """A DataError located in the mapping file (``source``) rather than the data file."""
    return DataError(source, problem, row=row, expected=expected, found=found)


def load_mapping(path: str | Path | dict) -> Mapping:
    """Read and check a column mapping.

    Parameters
    ----------
    path : str, Path or dict
        A TOML file, or the same content as a dict.

    Returns
    -------
    Mapping
        The checked mapping.

    Raises
    ------
    DataError
        Naming the mapping file: it does not exist, is not valid TOML (with the line), lacks
        ``table`` or ``[columns]``, names an unknown table, canonical column or option, misses
        a required column, or has a badly formed ``[indicators]`` entry.
    """
    if isinstance(path, dict):
        raw, source = path, "<mapping>"
    else:
        p = Path(path)
        source = str(p)
        if not p.is_file():
            raise _mapping_error(source, "the mapping file does not exist",
                                 expected=f"a TOML mapping file at {p}")
        try:
            raw = tomllib.loads(p.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            raise _mapping_error(source, "the mapping file is not UTF-8 text",
                                 expected="a mapping file saved as UTF-8") from None
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"line (\d+)", str(exc))
            raise _mapping_error(source, f"the mapping file is not valid TOML ({exc})",
                                 row=int(m.group(1)) if m else None,
                                 expected='lines like key = "value" (text in double quotes)'
                                 ) from None
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        guess = difflib.get_close_matches(unknown[0], sorted(_TOP_KEYS), n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        raise _mapping_error(source, f"unknown key {unknown[0]!r} in the mapping{hint}",
                             expected="keys " + ", ".join(sorted(_TOP_KEYS)))
    table = raw.get("table")
    if table is None:
        raise _mapping_error(source, "the mapping has no 'table' key",
                             expected=_TABLE_CHOICES)
    if table not in TABLES:
        raise _mapping_error(source, f"unknown table {table!r}",
                             expected=_TABLE_CHOICES,
                             found=str(table))
    columns = raw.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise _mapping_error(source, "the mapping has no [columns] section",
                             expected="a [columns] section mapping canonical columns to your "
                             'headers, e.g. region_id = "城市代码"')
    for canon, user in columns.items():
        if canon not in _ALLOWED[table]:
            guess = difflib.get_close_matches(canon, sorted(_ALLOWED[table]), n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            raise _mapping_error(source, f"[columns] names {canon!r}, which is not a column of "
                                 f"table {table!r}{hint}",
                                 expected="some of " + ", ".join(sorted(_ALLOWED[table])))
        if not isinstance(user, str) or not user.strip():
            raise _mapping_error(source, f"[columns] {canon} must be a column header in quotes",
                                 expected=f'{canon} = "your column header"', found=repr(user))
    wide: dict[str, tuple[str, str | None]] = {}
    if "indicators" in raw:
        if table != "indicators":
            raise _mapping_error(source, "an [indicators] section is only for table = "
                                 '"indicators"', expected="no [indicators] section")
        if not isinstance(raw["indicators"], dict) or not raw["indicators"]:
            raise _mapping_error(source, "[indicators] is empty",
                                 expected='entries like "GDP(亿元)" = { indicator = "gdp", '
                                 'unit = "cny_100m" }')
        for user, spec in raw["indicators"].items():
            if isinstance(spec, str):
                spec = {"indicator": spec}
            if not isinstance(spec, dict) or not isinstance(spec.get("indicator"), str) \
                    or set(spec) - {"indicator", "unit"}:
                raise _mapping_error(source, f"[indicators] entry for {user!r} is malformed",
                                     expected=f'"{user}" = {{ indicator = "name", unit = "unit" }}',
                                     found=repr(spec))
            wide[user] = (spec["indicator"], spec.get("unit"))
    options = {k: v for k, v in raw.items() if k not in {"table", "columns", "indicators"}}

    def need(canon: str, top: str | None = None) -> None:
        """Require a canonical column in [columns] (or, if ``top`` is given, that option)."""
        if canon not in columns and (top is None or top not in options):
            alt = f", or a top-level {top} = \"...\"" if top else ""
            raise _mapping_error(source, f"[columns] lacks {canon!r}, which table {table!r} needs",
                                 expected=f'{canon} = "your column header" in [columns]{alt}')

    if table == "indicators":
        need("region_id")
        if wide:
            extra = {"indicator", "value"} & set(columns)
            if extra:
                raise _mapping_error(source, "the mapping mixes the wide layout ([indicators]) "
                                     f"with a long-layout column ({sorted(extra)[0]!r})",
                                     expected="either [indicators] or indicator and value in "
                                     "[columns]")
        else:
            need("indicator")
            need("value")
    elif table == "activity":
        for c in ("region_id", "industry", "value"):
            need(c)
        need("measure", "measure")
        need("classification", "classification")
    elif table == "flows":
        for c in ("origin", "destination", "weight"):
            need(c)
        need("kind", "kind")
    else:
        need("region_id")
        need("actors")
        need("kind", "kind")
    if table == "collaborations" and options.get("non_negative") is False:
        raise _mapping_error(source, "non_negative = false is not allowed for collaborations",
                             expected="no non_negative key: document counts are never negative")
    counts_are = options.get("counts_are")
    if counts_are is not None:
        if table != "collaborations" or "count" not in columns:
            raise _mapping_error(source, "counts_are is only for table = \"collaborations\" with "
                                 "a count column", expected="no counts_are key, or a count column "
                                 "in [columns]")
        if counts_are not in {"exclusive", "inclusive"}:
            raise _mapping_error(source, 'counts_are must be "exclusive" or "inclusive"',
                                 found=str(counts_are))
    if "no_total" in options and (options.get("counts_are") != "inclusive"
                                  or not isinstance(options["no_total"], bool)):
        raise _mapping_error(source, 'no_total (true or false) is only for counts_are = "inclusive"',
                             found=str(options["no_total"]))
    if "year" not in columns and "year" not in options:
        need("year", "year")
    if options.get("suppressed", "error") not in {"error", "skip"}:
        raise _mapping_error(source, "suppressed must be \"error\" or \"skip\"",
                             found=str(options["suppressed"]))
    hr = options.get("header_row")
    if hr is not None and (not isinstance(hr, int) or isinstance(hr, bool) or hr < 1):
        raise _mapping_error(source, "header_row must be a whole number of 1 or more",
                             found=str(hr))
    yr = options.get("year")
    if yr is not None and (not isinstance(yr, int) or isinstance(yr, bool)):
        raise _mapping_error(source, "year must be a whole number such as 2019", found=str(yr))
    for key in ("non_negative", "directed"):
        if key in options and not isinstance(options[key], bool):
            raise _mapping_error(source, f"{key} must be true or false", found=str(options[key]))
    enc = options.get("encoding")
    if enc is not None:
        try:
            codecs.lookup(str(enc))
        except LookupError:
            raise _mapping_error(source, f"unknown encoding {enc!r}",
                                 expected='an encoding such as "utf-8", "gbk" or "gb18030"') \
                from None
    return Mapping(table, {k: v.strip() for k, v in columns.items()}, wide, options, source)
