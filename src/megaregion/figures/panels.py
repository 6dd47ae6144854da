"""Small drawing helpers shared by the innovation, openness and lessons figures: several panels
on one matplotlib figure, short display names, plain number formatting and "no data" marks."""

from __future__ import annotations

import math

import pandas as pd

from megaregion.figures.base import NEUTRAL, names

#: Grey of a "no data" mark (a missing value is shown as missing, never as 0).
NO_DATA = "#d3d3d3"


def panels(width: float, height: float, nrows: int = 1, ncols: int = 1, **grid):
    """A fresh matplotlib ``Figure`` (object API) with ``nrows`` x ``ncols`` axes (a flat list).
    Call inside ``with figure_style(lang):``."""
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, **grid)
    return fig, [ax for row in axes for ax in row]


def short_name(name: str) -> str:
    """A metro's first place and state for tick labels ('New York-Newark-Jersey City, NY-NJ'
    -> 'New York, NY'; the state keeps Cambridge, MD apart from Cambridge, MA); other names
    unchanged."""
    text = str(name)
    if "," in text:
        place, state = text.split(",", 1)
        text = f"{place.split('-')[0].strip()}, {state.strip().split('-')[0]}"
    return text


def display_names(df: pd.DataFrame, lang: str, name: str = "name", name_zh: str = "name_zh",
                  fallback: str = "region_id") -> list[str]:
    """Names to draw: the Chinese name in Chinese figures where there is one, else a short
    English name (US metros without a Chinese name keep their place name)."""
    if df.empty:
        return []
    shown = names(df, lang, name, name_zh, fallback)
    return [short_name(s) for s in shown]


def number(x, digits: int = 2) -> str:
    """A plain number ('0.74', '1,292', '—' for missing)."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x):
        return "—"
    x = float(x)
    if abs(x) >= 1000 or x == int(x):
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def listed(items, lang: str, limit: int = 6) -> str:
    """'a, b, c and 3 more' / '甲、乙、丙等6个'."""
    items = [str(i) for i in items]
    if not items:
        return ""
    if lang == "zh":
        shown = "、".join(items[:limit])
        return shown + (f"等{len(items)}个" if len(items) > limit else "")
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


__all__ = ["NEUTRAL", "NO_DATA", "display_names", "listed", "number", "panels", "short_name"]
