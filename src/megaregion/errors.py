"""The one way user mistakes surface: errors that name the file, row, column and expectation.

Every problem caused by a user's input (a malformed file, an unknown region id, a missing data
folder) is raised as a :class:`MegaregionError` subclass. The command line prints
``error.message`` in one line and exits with status 2; it never shows a traceback for these.
Programming errors (bugs) stay ordinary Python exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class MegaregionError(Exception):
    """Base class of every error a user can cause and fix."""

    @property
    def message(self) -> str:
        return str(self)


_FRAME = {
    "en": {"row": ", row {}", "column": ", column '{}'", "problem": "{}: {}", "found": " (found {!r})",
           "expected": "; expected {}"},
    "zh": {"row": "，第{}行", "column": "，列“{}”", "problem": "{}：{}", "found": "（实际为“{}”）",
           "expected": "；应为：{}"},
}


@dataclass
class DataError(MegaregionError):
    """A problem in an input file, located as precisely as the format allows.

    Parameters
    ----------
    file : path of the offending file.
    problem : what is wrong, in plain words.
    row : 1-based line number in the file as a text editor or Excel shows it (the header is
        line 1 of a CSV), or ``None`` when the problem concerns the whole file.
    column : the column name (or letter/number where there is no header).
    expected : what would have been accepted.
    found : the offending value, if any.
    """

    file: str | Path
    problem: str
    row: int | None = None
    column: str | None = None
    expected: str | None = None
    found: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    @property
    def message(self) -> str:  # type: ignore[override]
        return self.framed(self.problem, self.expected)

    def framed(self, problem: str, expected: str | None, lang: str = "en") -> str:
        """``problem`` and ``expected`` in the frame that locates them (file, row, column,
        found), in English or Chinese (the command line passes translated parts for ``zh``)."""
        f = _FRAME[lang]
        where = Path(self.file).name
        if self.row is not None:
            where += f["row"].format(self.row)
        if self.column is not None:
            where += f["column"].format(self.column)
        text = f["problem"].format(where, problem)
        if self.found is not None:
            text += f["found"].format(self.found)
        if expected:
            text += f["expected"].format(expected)
        return text

    def __str__(self) -> str:
        return self.message


class DataNotFoundError(MegaregionError):
    """The data folder or a dataset inside it is missing; the message says what to do."""


class UnknownNameError(MegaregionError):
    """A group, region, dataset or indicator name that the store does not know."""


class StoreError(MegaregionError):
    """The store file cannot be opened or is from an incompatible version."""
