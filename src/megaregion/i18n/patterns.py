"""Translation by pattern: English texts with numbers and names inside, matched as a whole.

Kernel method records and error messages are written in English where they arise; their
Chinese comes from a list of (regular expression, template) pairs. The first pattern that
matches the whole text wins; named groups carry numbers and names into the template (a format
string, or a function of the match).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

Template = str | Callable[[re.Match], str]
Patterns = list[tuple[re.Pattern, Template]]


def compile_patterns(pairs: Iterable[tuple[str, Template]]) -> Patterns:
    """Compile (regular expression, template) pairs; ``.`` also matches a line break."""
    return [(re.compile(p, re.S), z) for p, z in pairs]


def translate(text: str, patterns: Patterns) -> str | None:
    """The template of the first pattern matching all of ``text``, filled; None if none does."""
    for pattern, template in patterns:
        m = pattern.fullmatch(text)
        if m:
            return template(m) if callable(template) else template.format(**m.groupdict())
    return None
