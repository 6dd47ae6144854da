"""Figures of openness: the world city network (``world-cities``: GaWC connectivity ranks,
strongest city pairs) and a group's openness profile (``openness``: GaWC ranks of its members,
FDI over GDP over time, share of links leaving the group). Missing values are drawn as missing
(grey marks, listed), never as 0. Every number is read from the workflow's tables."""

from __future__ import annotations

import pandas as pd

from megaregion.figures.base import SERIES, Figure, FigureContext, figure_style, pick, plotly_layout
from megaregion.figures.panels import NEUTRAL, NO_DATA, display_names, listed, number, panels

KIND_NAMES = {"tech_transfer": ("technology transfer", "技术转移"), "commuting": ("commuting", "通勤"),
              "migration": ("migration", "迁移"), "firm_link": ("high-tech firm links", "高技术企业联系"),
              "baidu": ("Baidu migration", "百度迁徙")}
DIRECTION_NAMES = {"out": ("outgoing", "流出"), "in": ("incoming", "流入"), "both": ("both ways", "双向")}


def _source(results, lang: str) -> str:
    return pick(lang, f"Source: {results.title}.", f"来源：{results.title_zh}。")


def _world_zh(results) -> dict[str, str]:
    """English GaWC city name -> Chinese name, from the results' tables and the catalogue of
    world cities' Chinese names."""
    from megaregion.i18n.values import WORLD_CITIES_ZH

    out = {}
    rank = results.tables.get("ranking")
    if rank is not None:
        out.update({c: WORLD_CITIES_ZH[r] for c, r in zip(rank["city"], rank["region_id"]) if r in WORLD_CITIES_ZH})
    summ = results.tables.get("summary")
    if summ is not None and "city_zh" in summ:
        out.update({c: z for c, z in zip(summ["city"], summ["city_zh"]) if isinstance(z, str) and z})
    return out


def _rank_rows(df: pd.DataFrame, label: list[str], lang: str):
    """(label, rank 2000, rank 2020) of each row, best 2020 rank first, unranked last."""
    rows = list(zip(label, df["rank_2000_of_315"].tolist(), df["rank_2020_of_707"].tolist()))
    return sorted(rows, key=lambda r: (pd.isna(r[2]), r[2] if pd.notna(r[2]) else 0, r[0]))


def _draw_ranks(ax, rows, lang: str) -> None:
    """Dumbbells of GaWC ranks on a matplotlib axes: hollow 2000, filled 2020; "no rank" in grey."""
    from matplotlib.collections import LineCollection

    pos = list(range(len(rows)))[::-1]
    both = [[(r0, p), (r1, p)] for p, (_n, r0, r1) in zip(pos, rows) if pd.notna(r0) and pd.notna(r1)]
    if both:
        ax.add_collection(LineCollection(both, colors="#bbbbbb", linewidths=1.5, zorder=1))
    had = [(r0, p) for p, (_n, r0, _r1) in zip(pos, rows) if pd.notna(r0)]
    has = [(r1, p) for p, (_n, _r0, r1) in zip(pos, rows) if pd.notna(r1)]
    if had:
        ax.scatter(*zip(*had), s=36, facecolors="white", edgecolors=SERIES[0], linewidths=1.4, zorder=3)
    if has:
        ax.scatter(*zip(*has), s=36, color=SERIES[3], zorder=3)
    for p, (_name, r0, r1) in zip(pos, rows):
        if pd.isna(r0) and pd.isna(r1):
            ax.text(1.1, p, pick(lang, "no GaWC rank", "无GaWC排名"), va="center", fontsize=7, color=NEUTRAL)
    ax.set_yticks(pos, [r[0] for r in rows])
    ax.set_xscale("log")
    ax.set_xlim(1, 1000)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ticks = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
    ax.set_xticks(ticks, [str(t) for t in ticks])
    ax.minorticks_off()
    ax.set_xlabel(pick(lang, "GaWC connectivity rank (1 = most connected; log scale)",
                       "GaWC连通度排名（1为连通度最高；对数坐标）"))


def _rank_traces(rows, lang: str, row=None, col=None, fig=None):
    import plotly.graph_objects as go

    y = [r[0] for r in rows]
    traces = [
        go.Scatter(x=[r[1] if pd.notna(r[1]) else None for r in rows], y=y, mode="markers",
                   name=pick(lang, "rank 2000 (of 315)", "2000年排名（315个城市中）"),
                   marker={"symbol": "circle-open", "size": 10, "color": SERIES[0], "line": {"width": 2}}),
        go.Scatter(x=[r[2] if pd.notna(r[2]) else None for r in rows], y=y, mode="markers",
                   name=pick(lang, "rank 2020 (of 707)", "2020年排名（707个城市中）"),
                   marker={"size": 10, "color": SERIES[3]}),
    ]
    lx, ly = [], []
    for r in rows:
        if pd.notna(r[1]) and pd.notna(r[2]):
            lx += [r[1], r[2], None]
            ly += [r[0], r[0], None]
    traces.insert(0, go.Scatter(x=lx, y=ly, mode="lines", line={"color": "#bbbbbb", "width": 2},
                                showlegend=False, hoverinfo="skip"))
    missing = [r[0] for r in rows if pd.isna(r[1]) and pd.isna(r[2])]
    if missing:
        traces.append(go.Scatter(x=[1] * len(missing), y=missing, mode="markers", name=pick(lang, "no GaWC rank", "无GaWC排名"),
                                 marker={"symbol": "x", "size": 8, "color": NO_DATA}))
    return traces


def world_city_rank(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """GaWC connectivity rank of the brief's cities in 2000 (of 315 cities, computed by the
    workflow) and 2020 (of 707, as GaWC publishes it), table ``summary``: hollow 2000, filled
    2020, joined where both exist."""
    summ = results.tables.get("summary")
    if summ is None or summ.empty or "rank_2020_of_707" not in summ:
        return None
    label = display_names(summ, lang, name="city", name_zh="city_zh")
    rows = _rank_rows(summ, label, lang)
    only20 = [r[0] for r in rows if pd.isna(r[1]) and pd.notna(r[2])]
    title = pick(lang, "World city network: GaWC connectivity rank, 2000 and 2020",
                 "世界城市网络：GaWC连通度排名（2000年与2020年）")
    caption = pick(
        lang,
        f"{len(rows)} cities; hollow: rank 2000 among 315 cities, filled: rank 2020 among 707 (the two lists "
        "differ in size). " + (f"Not in the 2000 list: {listed(only20, lang)}. " if only20 else "") + _source(results, lang),
        f"{len(rows)}个城市；空心为2000年在315个城市中的排名，实心为2020年在707个城市中的排名（两份名单规模不同）。"
        + (f"不在2000年名单中：{listed(only20, lang)}。" if only20 else "") + _source(results, lang))

    def static():
        from matplotlib.lines import Line2D

        with figure_style(lang):
            fig, (ax,) = panels(7.0, max(3.0, 0.28 * len(rows) + 1.3))
            _draw_ranks(ax, rows, lang)
            ax.set_title(title)
            ax.legend(handles=[Line2D([], [], marker="o", ls="", mfc="white", mec=SERIES[0],
                                      label=pick(lang, "2000 (of 315)", "2000年（315个城市中）")),
                               Line2D([], [], marker="o", ls="", color=SERIES[3],
                                      label=pick(lang, "2020 (of 707)", "2020年（707个城市中）"))],
                      loc="upper right", fontsize=7, frameon=False)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure(_rank_traces(rows, lang))
        fig.update_layout(**plotly_layout(
            lang, title, height=max(320, 26 * len(rows) + 140),
            xaxis={"type": "log", "title": {"text": pick(lang, "GaWC rank (1 = most connected)", "GaWC排名（1为最高）")}},
            yaxis={"categoryorder": "array", "categoryarray": [r[0] for r in rows][::-1]}))
        return fig

    return Figure("world_city_rank", lang, title, caption, static, interactive, table="summary")


def world_city_links(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """The strongest city pairs of the world city network (table ``top_pairs``: interlocking
    connectivity), largest first."""
    pairs = results.tables.get("top_pairs")
    if pairs is None or pairs.empty:
        return None
    zh = _world_zh(results) if lang == "zh" else {}
    sep = "—" if lang == "zh" else " – "
    label = [f"{zh.get(a, a)}{sep}{zh.get(b, b)}" for a, b in zip(pairs["city_a"], pairs["city_b"])]
    conn = pairs["connectivity"].astype(float).tolist()
    title = pick(lang, f"World city network: the {len(pairs)} strongest city pairs",
                 f"世界城市网络：连通度最强的{len(pairs)}个城市对")
    xlabel = pick(lang, "interlocking connectivity (GaWC 2000 firm data)", "连锁网络连通度（GaWC 2000年企业数据）")
    caption = pick(lang, "Pair connectivity of the interlocking network model (Taylor 2001). " + _source(results, lang),
                   "连锁网络模型（Taylor 2001）的城市对连通度。" + _source(results, lang))

    def static():
        with figure_style(lang):
            fig, (ax,) = panels(7.0, max(3.0, 0.22 * len(pairs) + 1.2))
            pos = list(range(len(pairs)))[::-1]
            ax.barh(pos, conn, color=SERIES[0])
            ax.set_yticks(pos, label)
            ax.set_xlabel(xlabel)
            ax.set_title(title)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure(go.Bar(x=conn, y=label, orientation="h", marker_color=SERIES[0], showlegend=False,
                               hovertemplate="%{y}: %{x:,.0f}<extra></extra>"))
        fig.update_layout(**plotly_layout(lang, title, xaxis={"title": {"text": xlabel}},
                                          yaxis={"categoryorder": "array", "categoryarray": label[::-1]},
                                          height=max(320, 22 * len(pairs) + 140)))
        return fig

    return Figure("world_city_links", lang, title, caption, static, interactive, table="top_pairs")


def openness_profile(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """A group's openness in three panels: GaWC rank 2000/2020 of each member (table ``gawc``;
    members without a rank marked "no GaWC rank"), FDI over GDP by year (table ``fdi``, core
    cities in colour; a panel says so where the data hold no FDI), and the share of links
    leaving the group by link type (table ``outside_links``: the group's share as a bar, each
    member's as a dot)."""
    gawc = results.tables.get("gawc")
    links = results.tables.get("outside_links")
    summ = results.tables.get("summary")
    if gawc is None or summ is None or summ.empty:
        return None
    group_row = summ[summ["role"] == "group"]
    gid = group_row["region_id"].iloc[0] if not group_row.empty else None
    core_ids = set(summ.loc[summ["role"] == "core", "region_id"])
    label = display_names(gawc, lang)
    rows = _rank_rows(gawc, label, lang)
    fdi = results.tables.get("fdi")
    fdi = fdi[fdi["fdi_gdp_pct"].notna()] if fdi is not None and "fdi_gdp_pct" in fdi else None
    fdi_cities = list(dict.fromkeys(fdi["region_id"])) if fdi is not None and not fdi.empty else []
    fdi_name = dict(zip(fdi["region_id"], display_names(fdi, lang))) if fdi_cities else {}
    no_fdi = pick(lang, "no FDI by city in the data", "数据中没有按城市的外商直接投资")
    # links: the group's rows as bars, members as dots
    bars, dots = [], []
    if links is not None and not links.empty and gid is not None:
        for (kind, direction, period), g in links.groupby(["kind", "direction", "period"], sort=False):
            k = KIND_NAMES.get(kind, (kind, kind))
            d = DIRECTION_NAMES.get(direction, (direction, direction))
            name = pick(lang, f"{k[0]}, {d[0]} ({period})", f"{k[1]}，{d[1]}（{period}）")
            whole = g[g["region_id"] == gid]
            share = whole["outside_share"].iloc[0] if not whole.empty else float("nan")
            bars.append((name, 100 * share if pd.notna(share) else float("nan")))
            dots.append((name, [100 * v for v in g.loc[g["region_id"] != gid, "outside_share"].dropna()]))
    gname = (display_names(group_row, lang)[0] if not group_row.empty else "").split(" (")[0].split("（")[0]
    title = pick(lang, f"Openness of {gname}", f"{gname}的开放程度")
    t_rank = pick(lang, "GaWC rank of the members", "成员的GaWC排名")
    t_fdi = pick(lang, "FDI / GDP, %", "外商直接投资占GDP比重（%）")
    t_links = pick(lang, "links leaving the group, %", "流向城市群外的联系比重（%）")
    unranked = sum(1 for r in rows if pd.isna(r[1]) and pd.isna(r[2]))
    caption = pick(
        lang,
        f"Left: GaWC rank of {len(rows)} members (hollow 2000 of 315, filled 2020 of 707; {unranked} without a rank). "
        + (f"Top right: FDI over GDP of {len(fdi_cities)} cities by year (core cities in colour). "
           if fdi_cities else f"Top right: {no_fdi}. ") + "Bottom right: share of links leaving the group "
        "(bar: the group; dots: members). " + _source(results, lang),
        f"左：{len(rows)}个成员的GaWC排名（空心为2000年315个城市中，实心为2020年707个城市中；{unranked}个无排名）。"
        + (f"右上：{len(fdi_cities)}个城市外商直接投资占GDP比重的逐年变化（核心城市着色）。"
           if fdi_cities else f"右上：{no_fdi}。") + "右下：流向城市群外的联系比重（条形为城市群整体，圆点为成员）。"
        + _source(results, lang))
    core_colour = {c: SERIES[k % len(SERIES)] for k, c in enumerate(sorted(core_ids))}

    def static():
        with figure_style(lang):
            from matplotlib.figure import Figure as MplFigure

            fig = MplFigure(figsize=(11.0, max(5.0, 0.2 * len(rows) + 1.6)), layout="constrained")
            grid = fig.add_gridspec(2, 2, width_ratios=[1, 1.2])
            ax_rank, ax_fdi, ax_links = fig.add_subplot(grid[:, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, 1])
            _draw_ranks(ax_rank, rows, lang)
            ax_rank.set_title(t_rank)
            if fdi_cities:
                for c in fdi_cities:
                    part = fdi[fdi["region_id"] == c].sort_values("year")
                    core = c in core_ids
                    ax_fdi.plot(part["year"], part["fdi_gdp_pct"], color=core_colour.get(c, "#c0c0c0"),
                                lw=2.0 if core else 0.8, zorder=3 if core else 2, label=fdi_name[c] if core else None)
                if core_ids & set(fdi_cities):
                    ax_fdi.legend(fontsize=7, frameon=False)
            else:
                ax_fdi.text(0.5, 0.5, no_fdi, ha="center", va="center", color=NEUTRAL, transform=ax_fdi.transAxes)
                ax_fdi.set_xticks([])
                ax_fdi.set_yticks([])
            ax_fdi.set_title(t_fdi)
            if bars:
                pos = list(range(len(bars)))[::-1]
                have = [i for i, b in enumerate(bars) if pd.notna(b[1])]
                ax_links.barh([pos[i] for i in have], [bars[i][1] for i in have], color=SERIES[2], alpha=0.8)
                for i, b in enumerate(bars):
                    if pd.isna(b[1]):
                        ax_links.text(0, pos[i], pick(lang, "no data", "无数据"), va="center", fontsize=7, color=NEUTRAL)
                    ax_links.scatter(dots[i][1], [pos[i]] * len(dots[i][1]), s=6, color="black", alpha=0.35, zorder=3)
                ax_links.set_yticks(pos, [b[0] for b in bars])
                ax_links.set_xlim(0, 100)
            else:
                ax_links.text(0.5, 0.5, pick(lang, "no link data", "无联系数据"), ha="center", va="center",
                              color=NEUTRAL, transform=ax_links.transAxes)
            ax_links.set_title(t_links)
            fig.suptitle(title)
        return fig

    def interactive():
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        fig = make_subplots(rows=2, cols=2, specs=[[{"rowspan": 2}, {}], [None, {}]],
                            subplot_titles=(t_rank, t_fdi, t_links), horizontal_spacing=0.22)
        for tr in _rank_traces(rows, lang):
            fig.add_trace(tr, row=1, col=1)
        for c in fdi_cities:
            part = fdi[fdi["region_id"] == c].sort_values("year")
            core = c in core_ids
            fig.add_trace(go.Scatter(x=part["year"], y=part["fdi_gdp_pct"], mode="lines", name=fdi_name[c],
                                     showlegend=core, line={"color": core_colour.get(c, "#c0c0c0"),
                                                            "width": 3 if core else 1}), row=1, col=2)
        if not fdi_cities:
            fig.add_annotation(text=no_fdi, showarrow=False, xref="x2 domain", yref="y2 domain", x=0.5, y=0.5)
        if bars:
            fig.add_trace(go.Bar(x=[b[1] if pd.notna(b[1]) else None for b in bars], y=[b[0] for b in bars],
                                 orientation="h", marker_color=SERIES[2], name=pick(lang, "group", "城市群整体")),
                          row=2, col=2)
            fig.add_trace(go.Scatter(x=[v for _, vs in dots for v in vs], y=[n for n, vs in dots for _ in vs],
                                     mode="markers", marker={"size": 5, "color": "black", "opacity": 0.35},
                                     name=pick(lang, "members", "成员")), row=2, col=2)
        fig.update_xaxes(type="log", row=1, col=1)
        fig.update_yaxes(categoryorder="array", categoryarray=[r[0] for r in rows][::-1], row=1, col=1)
        fig.update_xaxes(range=[0, 100], row=2, col=2)
        fig.update_layout(**plotly_layout(lang, title, height=max(560, 20 * len(rows) + 160)))
        return fig

    return Figure("openness_profile", lang, title, caption, static, interactive, table="gawc")


__all__ = ["openness_profile", "world_city_links", "world_city_rank"]
