"""Actor types of the triple (quadruple) helix and how documents combine them.

A co-authored paper or co-applied patent has addresses in one or more kinds of organisation:
university (U), industry (I, firms), government (G) and, as a fourth helix common in Chinese
statistics, research institute (R, 科研院所). The canonical ``collaborations`` table counts
documents per *exact* combination of these types, written as the letters in the fixed order
U, I, G, R (``"UI"`` = university and industry, nothing else; ``"none"`` = none of them,
e.g. documents of individual inventors).

This module is the vocabulary (English and Chinese words users write for each type) and the
conversion from "at least these actors" counts (what Boolean AND searches in Web of Science or
a patent database return) to exact-combination counts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from itertools import combinations

from megaregion.metrics.triplehelix import InconsistentCounts, exact_from_inclusive

__all__ = ["ACCEPTED", "ACTORS", "InconsistentCounts", "NAMES", "NAMES_ZH", "NONE", "all_codes",
           "code", "inclusive_to_exclusive", "letters", "parse"]

#: The actor types in canonical order.
ACTORS = ("U", "I", "G", "R")
NAMES = {"U": "university", "I": "industry", "G": "government", "R": "research institute"}
NAMES_ZH = {"U": "高校", "I": "企业", "G": "政府", "R": "科研院所"}
#: The combination code of a document with none of the actor types.
NONE = "none"

# Words (lower-case, NFKC) users write for each type; the letters themselves are accepted too.
_WORDS = {
    "U": {"u", "university", "universities", "college", "academia", "academic", "higher education",
          "高校", "大学", "学院", "高等院校", "高等学校", "大专院校"},
    "I": {"i", "industry", "firm", "firms", "company", "companies", "enterprise", "enterprises",
          "business", "corporate", "企业", "公司", "产业", "工矿企业"},
    # 事业单位 (public institutions) is left out on purpose: many are universities or institutes
    "G": {"g", "government", "gov", "public sector", "public", "agency", "政府", "政府机构",
          "机关", "机关团体"},
    "R": {"r", "institute", "research institute", "research institutes", "research organisation",
          "research organization", "lab", "laboratory", "科研院所", "研究所", "研究院",
          "科研机构", "研究机构", "科研单位"},
}
_NONE_WORDS = {"none", "individual", "individuals", "person", "other", "个人", "其他", "无"}
_LOOKUP = {w: code for code, words in _WORDS.items() for w in words}
_SPLIT = re.compile(r"\s*[;,，、/|+&；]\s*|\s+and\s+|\s*和\s*|\s*与\s*")
_LETTERS = re.compile(r"[uigrUIGR]+")
#: Longest phrase (in words) of the vocabulary, for matching space-separated text.
_MAX_WORDS = max(len(w.split()) for w in _LOOKUP)

#: Human-readable list of accepted words, for error messages.
ACCEPTED = ("U/university/高校, I/industry/firm/企业, G/government/政府, R/institute/科研院所, "
            "separated by ; , 、 / + or spaces (or letters run together such as UIG), or none/个人")


def _codes_in(part: str) -> set[str]:
    """Actor letters named by one separated part: a word or phrase, letters run together, or
    several of these separated by spaces (longest vocabulary phrase first)."""
    if part in _LOOKUP:
        return {_LOOKUP[part]}
    if _LETTERS.fullmatch(part):
        return set(part.upper())
    tokens, found, i = part.split(), set(), 0
    while i < len(tokens):
        for j in range(min(len(tokens), i + _MAX_WORDS), i, -1):
            phrase = " ".join(tokens[i:j])
            if phrase in _LOOKUP:
                found.add(_LOOKUP[phrase])
                break
        else:  # no vocabulary phrase starts here: letters, a "none" word, or an error
            token, j = tokens[i], i + 1
            if _LETTERS.fullmatch(token):
                found |= set(token.upper())
            elif token not in _NONE_WORDS:
                raise ValueError(f"{token!r} is not an actor type")
        i = j
    return found


def code(actors: Iterable[str]) -> str:
    """The canonical combination code of a set of actor letters (``{"I","U"}`` -> ``"UI"``)."""
    s = set(actors)
    unknown = s - set(ACTORS)
    if unknown:
        raise ValueError(f"unknown actor letter(s) {sorted(unknown)}; letters are {ACTORS}")
    return "".join(a for a in ACTORS if a in s) or NONE


def letters(combination: str) -> frozenset[str]:
    """The actor letters of a canonical combination code (``"none"`` -> empty set)."""
    return frozenset() if combination == NONE else frozenset(combination)


def parse(text: str) -> str:
    """Read the actor types a user wrote for one document and return its combination code.

    Accepts letters run together (``"UIG"``, ``"ui"``), or words separated by ``;`` ``,``
    ``、`` ``/`` ``+`` ``|``, spaces or "and"/"和" (``"university; firm"``, ``"高校、企业"``,
    ``"高校 企业"``, ``"UI;G"``), in any order and case; repeated types count once. ``none`` /
    ``个人`` (and similar) mean no actor type.

    Raises
    ------
    ValueError
        Empty text or a word that names no actor type (the message names the word).
    """
    raw = unicodedata.normalize("NFKC", str(text)).strip()
    if not raw:
        raise ValueError("no actor type given")
    low = raw.lower()
    if low in _NONE_WORDS:
        return NONE
    found: set[str] = set()
    for part in _SPLIT.split(low):
        part = part.strip()
        if part and part not in _NONE_WORDS:
            found |= _codes_in(part)
    return code(found)


def all_codes(actors: Iterable[str] = ACTORS) -> list[str]:
    """Every combination code over ``actors``, ``"none"`` first, then by size."""
    actors = [a for a in ACTORS if a in set(actors)]
    return [NONE] + [code(c) for r in range(1, len(actors) + 1) for c in combinations(actors, r)]


def inclusive_to_exclusive(counts: Mapping[str, float], total: float | None = None) -> dict[str, float]:
    """Exact-combination counts from "at least these actors" counts, by combination code.

    The inversion is :func:`megaregion.metrics.triplehelix.exact_from_inclusive`, over the
    actor types that occur; ``"none"`` gets ``total`` minus the documents with any actor type
    (absent when ``total`` is None).

    Parameters
    ----------
    counts : combination code -> inclusive count; absent codes count 0. ``"none"`` is not
        an inclusive count (give the number of documents as ``total``).
    total : the number of documents, if known.

    Raises
    ------
    InconsistentCounts
        If the counts are inconsistent; ``combination`` names the culprit's code (or "total").
    ValueError
        If ``counts`` holds ``"none"``.
    """
    if NONE in counts:
        raise ValueError("'none' is not an inclusive count; give the number of documents as the total")
    used = [a for a in ACTORS if any(a in letters(c) for c in counts)]
    exact = exact_from_inclusive({letters(c): v for c, v in counts.items()}, used, total=total)
    return {code(S): v for S, v in exact.items()}
