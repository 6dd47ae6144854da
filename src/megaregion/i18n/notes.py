"""Notes in two languages: an English text that carries its Chinese translation.

Readers, kernels and workflows all write notes (what was detected, skipped, assumed). A
:class:`Note` is a ``str`` (the English text) with a ``zh`` attribute, so every layer can
create one without depending on the presentation code, and code reading notes as plain English
keeps working. :func:`note_text` picks the language; plain strings (a kernel's method record)
get their Chinese from :mod:`megaregion.i18n.method_notes` when it knows them.
"""

from __future__ import annotations

from collections.abc import Iterable

from megaregion.i18n.method_notes import zh as _method_zh


class Note(str):
    """A caveat in English (the string itself) with its Chinese text in ``zh``.

    A subclass of ``str`` so that code reading notes as English text keeps working; the
    command line and reports pick ``zh`` under ``--lang zh``. Notes given as plain strings
    (method records from the kernels) are translated by :func:`note_text`.
    """

    zh: str

    def __new__(cls, en: str, zh: str | None = None) -> "Note":
        obj = super().__new__(cls, en)
        obj.zh = zh or en
        return obj

    def text(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else str(self)


def note_text(note: str, lang: str = "en") -> str:
    """The text of a note in ``lang``: a :class:`Note`'s own translation; for a plain English
    string (a kernel's method record) the Chinese of :mod:`megaregion.i18n.method_notes`, or
    the English where that has none."""
    if isinstance(note, Note):
        return note.text(lang)
    if lang == "zh":
        return _method_zh(str(note)) or str(note)
    return str(note)


def join_notes(parts: Iterable[str], en_sep: str = ", ", zh_sep: str = "，") -> Note:
    """One note from several (each a :class:`Note` or plain text), joined in both languages."""
    parts = list(parts)
    return Note(en_sep.join(str(p) for p in parts), zh_sep.join(note_text(p, "zh") for p in parts))
