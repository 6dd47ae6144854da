"""Rich rendering of DataFrames and results for the terminal."""

from __future__ import annotations

import math

import pandas as pd
from rich.table import Table


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


def table(df: pd.DataFrame, columns: list[tuple[str, str, str]], title: str | None = None) -> Table:
    """A rich Table from ``df``; ``columns`` are (column, header, format kind)."""
    out = Table(title=title, show_lines=False, header_style="bold")
    for _, header, kind in columns:
        out.add_column(header, justify="left" if kind in ("auto", "text") else "right")
    for _, row in df.iterrows():
        out.add_row(*[fmt(row[c], k) for c, _, k in columns])
    return out
