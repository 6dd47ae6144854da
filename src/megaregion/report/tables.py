"""Which cells of each workflow's tables a report shows, and how a cell is written.

Every shown cell carries its source: ``data-table`` (the Results table), ``data-col`` (its
column), ``data-row`` (the row's position in that table) and ``data-value`` (the cell as the
library returned it, full precision), so a test can check each shown number against the
Results cell. Numbers are formatted as :meth:`Results.to_html` formats them; unknown values are
shown as "—", never as 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Callable

import pandas as pd

from megaregion.analysis.results import _fmt


@dataclass
class Shown:
    """One table of a run as the report shows it."""

    table: str
    columns: tuple[str, ...]
    rows: int = 15
    select: Callable[[pd.DataFrame], pd.DataFrame] | None = None  # rows, in the order shown


def _last_period_by_strength(df: pd.DataFrame) -> pd.DataFrame:
    last = df[df["period"] == df["period"].iloc[-1]] if "period" in df else df
    return last.sort_values("strength", ascending=False)


def _significant(df: pd.DataFrame) -> pd.DataFrame:
    if "cluster" not in df:
        return df
    return df[df["cluster"].astype(str) != "ns"]


def _by(col: str, ascending: bool = False):
    return lambda df: df.sort_values(col, ascending=ascending) if col in df else df


#: command -> the tables shown, in order (columns absent from a run are skipped; a column
#: ``x`` is shown as ``x_zh`` in a Chinese report where the table has one).
SHOWN: dict[str, tuple[Shown, ...]] = {
    "network": (
        Shown("networks", ("period", "kind", "nodes", "links", "density", "degree_centralization",
                           "hierarchy", "polycentricity", "share_weight_outside_core", "cp_fit",
                           "cp_p_value", "cp_n_perm", "main_nodes", "central_nodes", "basic_nodes")),
        Shown("nodes", ("period", "name", "tier", "strength", "degree", "betweenness", "coreness",
                        "cp_position"), 15, _last_period_by_strength),
        Shown("comparison", ("label", "first_period", "last_period", "first", "last", "change",
                             "direction", "p_value")),
    ),
    "blocks": (
        Shown("blocks", ("block", "position", "burt_role", "size", "members", "internal_density",
                         "incident_density")),
        Shown("network", ("kind", "period", "nodes", "blocks", "density", "image_pattern", "core_size")),
    ),
    "structure": (
        Shown("summary", ("year", "core_names", "members_with_data", "core_share_advanced_services",
                          "core_share_manufacturing", "core_share_tertiary", "core_share_secondary",
                          "core_balance_index", "core_balance_class", "functional_specialization",
                          "core_share_of_group_manufacturing", "core_share_of_group_secondary")),
        Shown("relocation_summary", ("sector", "year0", "year1", "part", "share0", "share1", "change_pp")),
        Shown("relocation", ("sector", "name", "share0", "share1", "change_pp"), 10, _by("change_pp")),
    ),
    "innovation": (
        Shown("summary", ("innovation_year", "upgrade_years", "members_scored", "weighting",
                          "mean_coordination_D", "innovation_hearts", "spearman_innovation_vs_upgrading",
                          "spearman_p_value")),
        Shown("cities", ("name", "core", "innovation_index", "industry_index", "C", "T", "D", "level_en",
                         "innovation_heart", "innovation_rank"), 15, _by("innovation_rank", True)),
        Shown("weights", ("index", "indicator", "weight")),
    ),
    "complexity": (
        Shown("summary", ("year", "level", "regions_in_nation", "industries", "members_scored",
                          "mean_member_eci", "core_eci_rank", "unknown_cells")),
        Shown("members", ("name", "core", "eci", "eci_national_rank", "diversity", "coi"), 15, _by("eci")),
        Shown("opportunities", ("name", "industry", "cog", "density", "pci", "rca")),
    ),
    "cofunding": (
        Shown("summary", ("name", "university_rd_business_pct", "university_rd_business_pct_gap_pp",
                          "business_rd_other_funded_pct", "business_rd_other_funded_pct_gap_pp")),
    ),
    "collaboration": (),
    "alliances": (
        Shown("top", ("rank", "pair", "score", "complementarity", "relatedness", "distance_km", "action")),
        Shown("summary_measures", ("measure", "value")),
    ),
    "openness": (
        Shown("summary", ("name", "role", "gawc_status", "rank_2020_of_707", "rank_change_common",
                          "fdi_gdp_pct_last", "fdi_gdp_change_pp", "firm_link_outside_pct",
                          "baidu_outside_pct", "n_gaps")),
        Shown("outside_links", ("kind", "direction", "period", "name", "outside_share"), 12),
    ),
    "world-cities": (
        Shown("summary", ("city", "gnc_2000_relative", "rank_2000_of_315", "gnc_2020_relative_pct",
                          "rank_2020_of_707")),
    ),
    "spatial": (
        Shown("global", ("indicator_label", "year", "unit_level", "weights", "n", "moran_i", "moran_z",
                         "moran_p_sim", "geary_c", "geary_p_sim", "n_perm", "n_hh", "n_ll", "n_hl", "n_lh")),
        Shown("local", ("name", "value", "Ii", "p_sim", "cluster_label"), 20, _significant),
        Shown("left_out", ("name", "reason"), 10),
    ),
    "compare": (
        Shown("summary", ("label", "value_a", "value_b", "year_a", "year_b", "comparable"), 40),
    ),
}

#: Coded values whose Chinese depends on the column (``secondary`` is a sector here, not the
#: quality flag of ``i18n.values``).
COLUMN_VALUES_ZH = {"sector": {"secondary": "第二产业", "tertiary": "第三产业", "manufacturing": "制造业",
                               "advanced_services": "高端生产性服务业", "advanced_manufacturing": "先进制造业",
                               "traditional_manufacturing": "传统制造业"}}

#: English-only columns and their Chinese counterparts not named ``<col>_zh``.
ZH_TWIN = {"level_en": "level_zh"}


def shown_tables(command: str, results) -> list[Shown]:
    """The tables shown for a run: the command's list, or its summary table when the list is
    empty (a command added later still shows its summary, never nothing)."""
    specs = [s for s in SHOWN.get(command, ()) if s.table in results.tables]
    if not specs:
        summary = results.summary()
        specs = [Shown(results.summary_table, tuple(summary.columns), 15)]
    return specs


def display_column(col: str, df: pd.DataFrame, lang: str) -> str:
    """The column shown for ``col`` in ``lang``: its Chinese twin in a Chinese report."""
    if lang == "zh":
        twin = ZH_TWIN.get(col, f"{col}_zh")
        if twin in df.columns:
            return twin
    return col


def header(col: str, lang: str) -> str:
    """Column header in ``lang`` (HTML): the Chinese label, else the key as code."""
    from megaregion.i18n.labels import COLUMNS_ZH

    base = col
    for suffix in ("_zh",):
        if col.endswith(suffix) and col[: -len(suffix)] in COLUMNS_ZH:
            base = col[: -len(suffix)]
    if col in ZH_TWIN.values():
        base = {v: k for k, v in ZH_TWIN.items()}[col]
    if lang == "zh":
        label = COLUMNS_ZH.get(base) or COLUMNS_ZH.get(col)
        if label:
            return escape(label)
    return f"<code>{escape(base)}</code>" if lang == "zh" else escape(base.replace("_", " "))


def is_missing(v) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def cell_text(v, lang: str, col: str | None = None) -> str:
    """A cell as shown: numbers as ``Results.to_html`` writes them, coded text in ``lang``."""
    from megaregion.i18n.values import value_label

    if lang == "zh" and col in COLUMN_VALUES_ZH and isinstance(v, str) and v in COLUMN_VALUES_ZH[col]:
        return escape(COLUMN_VALUES_ZH[col][v])
    if is_missing(v):
        return "—"
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return {"en": {True: "yes", False: "no"}, "zh": {True: "是", False: "否"}}[lang][bool(v)]
    if isinstance(v, (int,)) or (hasattr(v, "dtype") and getattr(v.dtype, "kind", "") in "iu"):
        return f"{int(v):,}" if abs(int(v)) >= 10000 else str(int(v))
    if isinstance(v, float) or (hasattr(v, "dtype") and getattr(v.dtype, "kind", "") == "f"):
        f = float(v)
        if math.isinf(f):
            return "∞" if f > 0 else "−∞"
        return _fmt(f)
    if isinstance(v, (list, tuple)):
        return escape(", ".join(map(str, v)))
    return escape(str(value_label(v, lang)))


def raw_value(v) -> str:
    """The cell as the library returned it, for ``data-value`` (floats at full precision)."""
    if is_missing(v):
        return "nan"
    if isinstance(v, float) or (hasattr(v, "dtype") and getattr(v.dtype, "kind", "") == "f"):
        return repr(float(v))
    if hasattr(v, "item"):
        v = v.item()
    return escape(str(v), quote=True)


def render_table(run_id: str, results, spec: Shown, lang: str, keep=None) -> tuple[str, int]:
    """One table as HTML, every cell tagged with its source; returns (html, rows not shown).
    ``keep`` selects the rows of interest first (e.g. the group's cities of a world ranking)."""
    df = results.tables[spec.table]
    view = keep(df) if keep is not None else df
    view = spec.select(view) if spec.select is not None else view
    total = len(view)
    view = view.head(spec.rows)
    cols: list[tuple[str, str]] = []  # (column, column shown in lang)
    for c in spec.columns:
        shown = display_column(c, df, lang)
        if shown in df.columns and shown not in [s for _, s in cols]:
            cols.append((c if c in df.columns else shown, shown))
    numeric = {s: pd.api.types.is_numeric_dtype(df[s]) and not pd.api.types.is_bool_dtype(df[s]) for _, s in cols}
    head = "".join(f"<th>{header(s, lang)}</th>" for _, s in cols)
    body = []
    for idx, row in view.iterrows():
        pos = df.index.get_loc(idx)
        tds = []
        for base, shown in cols:
            c = shown
            if shown != base and (is_missing(row[shown]) or row[shown] == "") and not is_missing(row[base]):
                c = base  # no Chinese name (a US metro without one): the name as published
            v = row[c]
            cls = ' class="num"' if numeric[shown] else ""
            tds.append(f'<td{cls} data-run="{run_id}" data-table="{escape(spec.table)}" '
                       f'data-col="{escape(c)}" data-row="{pos}" data-value="{raw_value(v)}">'
                       f"{cell_text(v, lang, c)}</td>")
        body.append("<tr>" + "".join(tds) + "</tr>")
    html = (f'<table class="results" data-run="{run_id}" data-table="{escape(spec.table)}">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
    return html, max(total - len(view), 0)
