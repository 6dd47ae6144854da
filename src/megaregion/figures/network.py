"""Figures of the hierarchy-or-network workflow (``analysis.hierarchy_network``)."""

from __future__ import annotations

from megaregion.figures.base import (TIER_COLOURS, Figure, FigureContext, figure_style, names,
                                     new_figure, pick, plotly_layout)

TIER_LABELS = {"main": ("main node", "主要节点"), "central": ("central node", "中心节点"),
               "basic": ("basic node", "基础节点")}


def strength_ranking(results, lang: str = "en", ctx: FigureContext | None = None, top: int = 25) -> Figure | None:
    """Node strength in the last period, largest first, coloured by tier (main, central, basic
    node): the rank-size picture behind the tiers. Draws table ``nodes`` (column ``strength``,
    ``tier``) as the workflow computed it."""
    nodes = results.tables.get("nodes")
    if nodes is None or nodes.empty:
        return None
    period = results.tables["networks"]["period"].iloc[-1]
    last = nodes[nodes["period"] == period].sort_values("strength", ascending=False).head(top)
    label = names(last, lang).tolist()
    tiers = last["tier"].tolist()
    strength = last["strength"].astype(float).tolist()
    colours = [TIER_COLOURS.get(t, "#999999") for t in tiers]
    title = pick(lang, f"Node strength and tier, {period}", f"节点强度与层级（{period}）")
    caption = pick(lang, f"Top {len(last)} cities by strength (sum of link weights); colour: tier. "
                         f"Source: {results.title}.",
                   f"按强度（联系权重之和）排列的前{len(last)}个城市；颜色表示层级。来源：{results.title_zh}。")
    xlabel = pick(lang, "strength (sum of link weights)", "强度（联系权重之和）")

    def static():
        with figure_style(lang):
            fig, ax = new_figure(lang, 7, max(3.0, 0.22 * len(last) + 1))
            ax.barh(range(len(last))[::-1], strength, color=colours)
            ax.set_yticks(range(len(last))[::-1], label)
            ax.set_xlabel(xlabel)
            ax.set_title(title)
            from matplotlib.patches import Patch
            ax.legend(handles=[Patch(color=c, label=pick(lang, *TIER_LABELS[t]))
                               for t, c in TIER_COLOURS.items() if t in tiers], loc="lower right")
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        for tier, colour in TIER_COLOURS.items():
            idx = [i for i, t in enumerate(tiers) if t == tier]
            if not idx:
                continue
            fig.add_trace(go.Bar(x=[strength[i] for i in idx], y=[label[i] for i in idx],
                                 orientation="h", marker_color=colour,
                                 name=pick(lang, *TIER_LABELS[tier])))
        fig.update_layout(**plotly_layout(lang, title, xaxis={"title": {"text": xlabel}},
                                          yaxis={"categoryorder": "array", "categoryarray": label[::-1]},
                                          height=max(300, 22 * len(last) + 120)))
        return fig

    return Figure("strength_ranking", lang, title, caption, static, interactive, table="nodes")
