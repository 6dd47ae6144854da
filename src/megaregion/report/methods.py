"""Methods cards: for each indicator the report shows, the formula and variant used, the
reference implementation or publication it is checked against and the tolerance, the data source
and the quality tier of the values it read, and its caveats, in both languages.

The cards are data (``methods.toml`` beside this module), copied from ``docs/validation.md``
and the kernels' docstrings; the quality tiers are read from each run's ``data_quality`` table.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

CARDS_FILE = Path(__file__).with_name("methods.toml")


@dataclass
class Card:
    key: str
    commands: tuple[str, ...]
    name: dict[str, str]
    formula: str
    variant: dict[str, str]
    reference: str
    tolerance: str
    tests: tuple[str, ...]
    data: dict[str, str]
    caveat: dict[str, str] | None = None


@lru_cache(maxsize=1)
def cards() -> tuple[Card, ...]:
    """Every methods card, in the order of the file."""
    raw = tomllib.loads(CARDS_FILE.read_text(encoding="utf-8"))
    out = []
    for key, c in raw.items():
        caveat = {"en": c["caveat"], "zh": c["caveat_zh"]} if "caveat" in c else None
        out.append(Card(key, tuple(c["commands"]), {"en": c["name"], "zh": c["name_zh"]}, c["formula"],
                        {"en": c["variant"], "zh": c["variant_zh"]}, c["reference"], c["tolerance"],
                        tuple(c["tests"]), {"en": c["data"], "zh": c["data_zh"]}, caveat))
    return tuple(out)


def cards_for(commands) -> list[Card]:
    """The cards of the commands a report ran (each card once)."""
    commands = set(commands)
    return [c for c in cards() if commands & set(c.commands)]


def quality_tiers(runs, lang: str = "en") -> list[tuple[str, int]]:
    """The quality flags of the values the runs read (``data_quality``), worst first, with
    counts; empty when every value is observed."""
    from megaregion.model.quality import QUALITY_FLAGS, flag_label

    frames = [r.results.data_quality for r in runs if r.ok]
    frames = [f for f in frames if f is not None and not f.empty]
    if not frames:
        return []
    counts = pd.concat(frames)["flag"].value_counts()
    order = list(QUALITY_FLAGS)
    keys = sorted(counts.index, key=lambda f: -order.index(f) if f in order else 0)
    return [(flag_label(f, lang), int(counts[f])) for f in keys]
