"""Rich rendering of DataFrames and results for the terminal."""

from __future__ import annotations

import math
import sys

import pandas as pd
from rich.console import Console
from rich.table import Table

# Piped output (files, tests, `| less`) gets a wide fixed width so tables do not wrap names.
console = Console(width=None if sys.stdout.isatty() else 200)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 200)


def fmt(value, kind: str = "auto") -> str:
    """Format one cell: percentages, millions, integers; missing values as an em dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "—"
    if kind == "pct":
        return f"{100 * value:.1f}%"
    if kind == "millions":
        return f"{value / 1e6:,.2f}"
    if kind == "int":
        return f"{int(value):,}"
    if kind == "num":
        return f"{value:,.0f}"
    return str(value)


def table(df: pd.DataFrame, columns: list[tuple[str, str, str]], title: str | None = None,
          lang: str = "en") -> Table:
    """A rich Table from ``df``; ``columns`` are (column, header, format kind). Under
    ``lang="zh"`` coded text values (levels, kinds, classes) are shown in Chinese."""
    from megaregion.i18n.values import translate_values

    df = translate_values(df, lang)
    out = Table(title=title, show_lines=False, header_style="bold")
    for _, header, kind in columns:
        out.add_column(header, justify="left" if kind in ("auto", "text") else "right")
    for _, row in df.iterrows():
        out.add_row(*[fmt(row[c], k) for c, _, k in columns])
    return out


def _one_language(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """For each column X with a Chinese sibling X_zh: show X in English, X_zh's text under X's
    header in Chinese (X where X_zh is empty); never both."""
    bases = [c[:-3] for c in df.columns if c.endswith("_zh") and c[:-3] in df.columns]
    if not bases:
        return df
    out = df.copy()
    for base in bases:
        if lang == "zh":
            zh = out[base + "_zh"]
            has = zh.notna() & (zh.astype(str).str.strip() != "")
            out[base] = zh.where(has, out[base])
        out = out.drop(columns=base + "_zh")
    return out


def _column_title(summary: pd.DataFrame, i: int) -> str:
    """Header of row i when rows become columns: the group where rows are groups, else the
    year (or period)."""
    row = summary.iloc[i]
    if "group_id" in summary and summary["group_id"].nunique() == len(summary):
        return str(row["group_id"])
    return str(row.get("year", row.get("period", i)))


def print_results(console, results, lang: str = "en", out=None) -> None:
    """Print a workflow's summary (one column per row of the summary table), findings and notes;
    write all its tables to ``out`` (.xlsx, .json or .csv) when given."""
    from megaregion.i18n import t
    from megaregion.i18n.labels import column_label
    from megaregion.i18n.values import translate_values

    summary = translate_values(_one_language(results.summary(), lang), lang)
    title = results.title_zh if lang == "zh" else results.title

    def cell(v) -> str:
        if isinstance(v, float):
            return fmt(v) if math.isnan(v) else f"{v:,.4g}"
        return fmt(v)

    out_table = Table(title=title, header_style="bold")
    if len(summary.columns) > len(summary):  # many statistics: one column per row, statistics down the side
        out_table.add_column("")
        for i in range(len(summary)):
            out_table.add_column(_column_title(summary, i), justify="right")
        for col in summary.columns:
            out_table.add_row(column_label(col, lang), *[cell(v) for v in summary[col]])
    else:
        for col in summary.columns:
            out_table.add_column(column_label(col, lang), justify="left")
        for _, row in summary.iterrows():
            out_table.add_row(*[cell(v) for v in row])
    console.print(out_table)
    console.print(f"[bold]{t('findings', lang)}[/]")
    for line in results.findings(lang):
        console.print(f"• {line}", highlight=False, markup=False)
    if results.notes:
        console.print(f"[bold]{t('notes', lang)}[/]")
        for note in results.notes_in(lang):
            console.print(f"· {note}", style="dim", highlight=False, markup=False)
    if out is not None:
        written = results.save(out, lang)
        console.print(f"→ {written if not isinstance(written, list) else out}", highlight=False)
