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


def progress(message: str) -> None:
    """One progress line on stderr: a long run says what it is doing even when its output goes
    to a file or a pipe (results stay on stdout, undisturbed)."""
    err_console.print(f"… {message}", style="dim", highlight=False, markup=False)


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
    if kind == "value":  # a measured value: thousands separators, never scientific notation
        v = float(value)
        if v == int(v):
            return f"{int(v):,}"
        return f"{v:,.1f}" if abs(v) >= 1 else f"{v:.4f}".rstrip("0").rstrip(".")
    return str(value)


def number(value: float, significant: int = 4) -> str:
    """A float in fixed notation with about ``significant`` significant digits and thousands
    separators: ``1234567.8`` -> ``1,234,568``, ``0.05445`` -> ``0.05445``; never scientific
    notation (``f"{v:,.4g}"`` printed ``1.235e+06`` beside ``1,234``)."""
    if value == 0 or math.isinf(value):
        return f"{value:,.0f}" if value == 0 else str(value)
    magnitude = math.floor(math.log10(abs(value)))
    decimals = min(max(significant - 1 - magnitude, 0), 10)
    return f"{value:,.{decimals}f}"


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
            return fmt(v) if math.isnan(v) else number(v)
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
        print_written(console, results.save(out, lang), out, lang)


def print_written(console, written, out, lang: str = "en") -> None:
    """Say where ``--out`` wrote: the file, or for ``.csv`` the folder of CSV files."""
    from megaregion.cli.paths import csv_folder
    from megaregion.i18n import t

    if isinstance(written, list):
        console.print(t("out.csv_folder", lang, folder=csv_folder(out), n=len(written)),
                      highlight=False, markup=False)
    else:
        console.print(f"→ {written}", highlight=False, markup=False)
