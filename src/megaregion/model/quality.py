"""Data-quality tiers: how far a value that reaches a finding can be trusted.

Every value a workflow reads carries a flag from its source. The flags form one small
vocabulary shared by the canonical tables (``activity.flag``, ``indicators.flag``), the
workflows (the ``data_quality`` table of a :class:`~megaregion.analysis.results.Results`) and
the findings (``Finding.quality``), so that a report can say "this rests on estimated or
secondary values" without knowing where they came from.

Tiers, best first:

``observed``
    Published by the statistical office for this unit and year.
``vintage_mapped``
    Published for another delineation of the unit (an older metro code) and carried over
    to the current one by shared counties (``io.us_vintages``).
``estimated``
    Modelled or imputed by us or by the source (a documented range midpoint, an interpolation).
``secondary``
    From a secondary compilation (not the statistical office's own file) that was not checked
    against the original, e.g. the Chinese city employment by section.
``carried_forward`` / ``level_shift`` / ``inconsistent``
    Secondary values that also fail a plausibility check: the same value repeated from the year
    before, a jump of over 50 % year on year, parts that do not sum to the total.
``suppressed``
    Withheld or not published: **unknown**, never zero. No finding may rest on it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

#: Flag -> (English, Chinese) label, best tier first.
QUALITY_FLAGS: dict[str, tuple[str, str]] = {
    "observed": ("observed", "观测值"),
    "vintage_mapped": ("mapped from another metro delineation", "由其他版本的都市区划分换算"),
    "estimated": ("estimated", "估算值"),
    "secondary": ("secondary compilation", "二手汇编数据"),
    "carried_forward": ("same value as the year before (possibly carried forward)",
                        "与上年数值相同（可能为沿用）"),
    "level_shift": ("changes by more than 50% from the year before", "较上年变化超过50%"),
    "inconsistent": ("parts do not sum to the total", "分项之和与合计不符"),
    "suppressed": ("suppressed or withheld: unknown, not zero", "保密或未公布：未知，不是零"),
}

#: Flags under which a value is unknown: no finding, ranking or recommendation may rest on it.
UNKNOWN_FLAGS = frozenset({"suppressed"})

#: Columns of a workflow's ``data_quality`` table.
QUALITY_COLUMNS = ["region_id", "year", "variable", "source", "flag", "detail"]


def flag_label(flag: str, lang: str = "en") -> str:
    """The label of ``flag`` in ``lang`` (the flag itself when unknown)."""
    en, zh = QUALITY_FLAGS.get(flag, (flag, flag))
    return zh if lang == "zh" else en


def is_known(flag: str | None) -> bool:
    """False for flags that make a value unknown (suppressed); a missing flag is observed."""
    return flag not in UNKNOWN_FLAGS


def quality_table(rows: Iterable[dict] | pd.DataFrame | None = None) -> pd.DataFrame:
    """A ``data_quality`` table (columns :data:`QUALITY_COLUMNS`) from rows or a frame;
    raises ``ValueError`` on a flag outside :data:`QUALITY_FLAGS` (a programming error)."""
    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows or []))
    for c in QUALITY_COLUMNS:
        if c not in df.columns:
            df[c] = None
    df = df[QUALITY_COLUMNS].reset_index(drop=True)
    bad = set(df["flag"].dropna()) - set(QUALITY_FLAGS)
    if bad:
        raise ValueError(f"unknown quality flags {sorted(bad)}; use one of {list(QUALITY_FLAGS)}")
    return df


def worst(flags: Iterable[str | None]) -> str:
    """The lowest tier among ``flags`` (``observed`` when there is none)."""
    order = list(QUALITY_FLAGS)
    found = [f for f in flags if f]
    return max(found, key=order.index) if found else "observed"


def secondary_clauses(flagged: pd.DataFrame, names: dict, names_zh: dict) -> tuple[int, str, str]:
    """For a note on a secondary source: the number of values flagged ``secondary`` and a clause
    (English, Chinese; empty when there is none) naming the city-years flagged ``inconsistent``,
    whose three sectors' value added does not sum to GDP within 1 % (``io.cn_cities``).

    ``flagged`` has the columns of a ``data_quality`` table, one row per value used; the
    city-years are listed in its order."""
    counts = flagged["flag"].value_counts()
    n_sec, n_inc = int(counts.get("secondary", 0)), int(counts.get("inconsistent", 0))
    bad = flagged.loc[flagged["flag"] == "inconsistent", ["region_id", "year"]].drop_duplicates()
    if not len(bad):
        return n_sec, "", ""
    pairs = list(bad.itertuples(index=False))
    en = (f"; {n_inc} 'inconsistent', in city-years whose three sectors do not sum to GDP "
          "within 1 %: " + ", ".join(f"{names.get(r, r)} {y}" for r, y in pairs))
    zh = (f"；另有{n_inc}个标记为“分项之和与合计不符”，所在城市年份的三次产业增加值之和与GDP相差超过1%："
          + "、".join(f"{names_zh.get(r, names.get(r, r))}{y}年" for r, y in pairs))
    return n_sec, en, zh
