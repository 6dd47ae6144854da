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


# -- adjacency heat map ------------------------------------------------------------------------
#: Order of the core-periphery positions (network: Borgatti-Everett ``cp_position``; blocks:
#: the block's ``position``), best-connected first.
POSITION_ORDER = ("core", "semi-core", "semi-periphery", "periphery")
POSITION_LABELS = {"core": ("core", "核心"), "semi-core": ("semi-core", "半核心"),
                   "semi-periphery": ("semi-periphery", "半边缘"), "periphery": ("periphery", "边缘")}
#: No link recorded for the pair (not zero: not drawn on the colour scale) and the diagonal.
NO_LINK = "#ffffff"
DIAGONAL = "#d9d9d9"


def _adjacency_order(results, lang):
    """Cities of the matrix in drawing order, their group labels and what the order is.

    Network results: the last period's nodes by core-periphery position (``cp_position``),
    then community, then strength (largest first). Block-model results: by block
    (``membership``), then strength. Returns ``(nodes, groups, links, period, directed,
    order_en, order_zh)`` or ``None`` when there is nothing to draw.
    """
    import pandas as pd

    tables = results.tables
    links = tables.get("links")
    if links is None or links.empty:
        return None
    if "membership" in tables:  # block model
        mem = tables["membership"].copy()
        net = tables["network"].iloc[0]
        mem = mem.sort_values(["block", "strength"], ascending=[True, False], kind="mergesort")
        groups = [f"{b} {pick(lang, *POSITION_LABELS.get(p, (p, p)))}" for b, p in zip(mem["block"], mem["position"])]
        return (mem, groups, links, str(net["period"]), bool(net["directed"]),
                "by block (block 1 the best-connected), then strength",
                "按块排列（第1块联系最密），块内按强度排列")
    nodes, networks = tables.get("nodes"), tables.get("networks")
    if nodes is None or networks is None or nodes.empty:
        return None
    last = networks.iloc[-1]
    period = last["period"]
    nodes = nodes[nodes["period"] == period].copy()
    links = links[links["period"] == period]
    if nodes.empty or links.empty:
        return None
    by, en, zh = [], [], []
    if "cp_position" in nodes and nodes["cp_position"].notna().any():
        rank = {p: i for i, p in enumerate(POSITION_ORDER)}
        nodes["_pos"] = nodes["cp_position"].map(lambda p: rank.get(p, len(rank)))
        by.append("_pos")
        en.append("core-periphery position")
        zh.append("核心—边缘位置")
    if "community" in nodes and nodes["community"].notna().any():
        nodes["_com"] = pd.to_numeric(nodes["community"], errors="coerce")
        by.append("_com")
        en.append("community")
        zh.append("社区")
    nodes["_str"] = -nodes["strength"].astype(float)
    by.append("_str")
    en.append("strength")
    zh.append("强度")
    nodes = nodes.sort_values(by, kind="mergesort", na_position="last")
    nodes["_sub"] = nodes["community"].astype(str) if "_com" in nodes else ""
    if "_pos" in nodes:
        groups = [pick(lang, *POSITION_LABELS.get(p, (str(p), str(p)))) if isinstance(p, str)
                  else pick(lang, "no position", "无位置") for p in nodes["cp_position"]]
    else:
        groups = [pick(lang, f"community {c}", f"社区{c}") for c in nodes["community"]] if "_com" in nodes else []
    return (nodes, groups, links, str(period), bool(last["directed"]),
            "by " + ", then ".join(en) + " (largest first)", "依次按" + "、".join(zh) + "排列（强度由大到小）")


def adjacency_matrix_drawn(results, lang: str = "en"):
    """The matrix :func:`adjacency_heatmap` draws, as a DataFrame (rows: origin, columns:
    destination, in drawing order): the ``links`` table's weights, NaN where the table has no
    link for the pair (drawn white, not as zero) and on the diagonal. An undirected network
    shows each link in both orientations. ``None`` when there is nothing to draw."""
    import numpy as np
    import pandas as pd

    got = _adjacency_order(results, lang)
    if got is None:
        return None
    nodes, _groups, links, _period, directed, _en, _zh = got
    ids = nodes["region_id"].tolist()
    pos = {r: i for i, r in enumerate(ids)}
    M = np.full((len(ids), len(ids)), np.nan)
    for o, d, w in zip(links["origin"], links["destination"], links["weight"].astype(float)):
        if o in pos and d in pos and o != d and pd.notna(w):
            M[pos[o], pos[d]] = w
            if not directed and np.isnan(M[pos[d], pos[o]]):
                M[pos[d], pos[o]] = w
    return pd.DataFrame(M, index=ids, columns=ids)


def adjacency_heatmap(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """The weighted adjacency matrix of the last period (table ``links``) as a heat map, rows
    and columns in the same order: for network results by core-periphery position, then
    community, then strength; for block-model results by block, then strength. Lines separate
    the positions (blocks). Colour: link weight on a logarithmic scale (flows span orders of
    magnitude); white: no link in the table for the pair (not read as zero); grey: diagonal."""
    import numpy as np

    got = _adjacency_order(results, lang)
    if got is None:
        return None
    nodes, groups, links, period, directed, order_en, order_zh = got
    M = adjacency_matrix_drawn(results, lang).to_numpy()
    n = len(nodes)
    label = names(nodes, lang).tolist()
    positive = M[np.isfinite(M) & (M > 0)]
    n_links = int(np.isfinite(M).sum()) if directed else int(np.isfinite(np.triu(M, 1)).sum())
    blocks = "membership" in results.tables
    title = pick(lang, f"Adjacency matrix ordered {'by block' if blocks else 'by position'}, {period}",
                 f"{'按块排列' if blocks else '按位置排列'}的邻接矩阵（{period}）")
    # group boundaries (where the position or block changes), and thin lines between
    # communities inside a position (network results)
    cuts = [i for i in range(1, len(groups)) if groups[i] != groups[i - 1]]
    sub = nodes["_sub"].tolist() if "_sub" in nodes else [""] * n
    subcuts = [i for i in range(1, n) if sub[i] != sub[i - 1] and i not in cuts]
    caption = pick(
        lang,
        f"{n} cities, {n_links} {'directed ' if directed else ''}links; rows "
        f"{'send, columns receive' if directed else 'and columns: the same cities'}; ordered {order_en}. "
        f"Colour: link weight (log scale); white: no link in the data; grey: diagonal"
        f"{'; dotted lines: communities' if subcuts else ''}. Source: {results.title}.",
        f"{n}个城市，{n_links}条{'有向' if directed else ''}联系；"
        f"{'行为发出城市，列为接收城市' if directed else '行与列为同一组城市'}；{order_zh}。"
        f"颜色：联系权重（对数刻度）；白色：数据中无此联系；灰色：对角线{'；虚线分隔社区' if subcuts else ''}。"
        f"来源：{results.title_zh}。")
    cbar = pick(lang, "link weight", "联系权重")
    if blocks and results.tables["network"].iloc[0]["ties"] != "valued":
        cbar = pick(lang, "tie (1 = tie)", "联系（1表示有联系）")
    starts = [0] + cuts
    spans = [(s, e, groups[s]) for s, e in zip(starts, cuts + [n])]
    tick_size = 8 if n <= 30 else 6 if n <= 60 else 4

    def static():
        from matplotlib.colors import ListedColormap, LogNorm, Normalize

        with figure_style(lang):
            side = min(12.0, max(5.0, 0.16 * n + 2.5))
            fig, ax = new_figure(lang, side + 1.2, side)
            ax.set_facecolor(NO_LINK)
            diag = np.where(np.eye(n, dtype=bool), 1.0, np.nan)
            ax.imshow(diag, cmap=ListedColormap([DIAGONAL]), interpolation="nearest", aspect="equal")
            norm = (LogNorm(positive.min(), positive.max()) if len(positive) and positive.min() < positive.max()
                    else Normalize(0, positive.max() if len(positive) else 1))
            shown = np.where(M > 0, M, np.nan)
            im = ax.imshow(shown, cmap="viridis_r", norm=norm, interpolation="nearest", aspect="equal")
            fig.colorbar(im, ax=ax, shrink=0.6, label=cbar)
            for c in cuts:
                ax.axhline(c - 0.5, color="#000000", lw=0.8)
                ax.axvline(c - 0.5, color="#000000", lw=0.8)
            for c in subcuts:
                ax.axhline(c - 0.5, color="#000000", lw=0.4, ls=(0, (2, 2)))
                ax.axvline(c - 0.5, color="#000000", lw=0.4, ls=(0, (2, 2)))
            ax.set_xticks(range(n), label, rotation=90, fontsize=tick_size)
            ax.set_yticks(range(n), label, fontsize=tick_size)
            ax.tick_params(length=0)
            for s, e, g in spans:
                ax.text(n - 0.5 + 0.3, (s + e - 1) / 2, g, va="center", ha="left", fontsize=7,
                        clip_on=False) if len(spans) > 1 else None
            ax.set_title(title)
        return fig

    def interactive():
        import plotly.graph_objects as go

        z = np.where(M > 0, np.log10(np.where(M > 0, M, 1.0)), np.nan)
        text = [[(f"{label[i]} → {label[j]}: {M[i, j]:,.4g}" if np.isfinite(M[i, j])
                  else f"{label[i]} → {label[j]}: " + pick(lang, "no link", "无联系")) for j in range(n)]
                for i in range(n)]
        fig = go.Figure(go.Heatmap(z=z.tolist(), x=list(range(n)), y=list(range(n)), text=text,
                                   hoverinfo="text", colorscale="Viridis", reversescale=True,
                                   colorbar={"title": {"text": cbar + pick(lang, " (log10)", "（对数）")}},
                                   name=cbar, showscale=True))
        shapes = [{"type": "line", "x0": c - 0.5, "x1": c - 0.5, "y0": -0.5, "y1": n - 0.5,
                   "line": {"color": "black", "width": 1}} for c in cuts]
        shapes += [{"type": "line", "y0": c - 0.5, "y1": c - 0.5, "x0": -0.5, "x1": n - 0.5,
                    "line": {"color": "black", "width": 1}} for c in cuts]
        shapes += [{"type": "line", "x0": c - 0.5, "x1": c - 0.5, "y0": -0.5, "y1": n - 0.5,
                    "line": {"color": "black", "width": 0.5, "dash": "dot"}} for c in subcuts]
        shapes += [{"type": "line", "y0": c - 0.5, "y1": c - 0.5, "x0": -0.5, "x1": n - 0.5,
                    "line": {"color": "black", "width": 0.5, "dash": "dot"}} for c in subcuts]
        ticks = {"tickmode": "array", "tickvals": list(range(n)), "ticktext": label, "tickfont": {"size": 9}}
        side = max(450, min(1100, 14 * n + 200))
        fig.update_layout(**plotly_layout(lang, title, shapes=shapes, width=side + 120, height=side,
                                          plot_bgcolor=NO_LINK,
                                          xaxis={**ticks, "showgrid": False, "tickangle": -90},
                                          yaxis={**ticks, "showgrid": False, "autorange": "reversed",
                                                 "scaleanchor": "x"}))
        return fig

    return Figure("adjacency_heatmap", lang, title, caption, static, interactive, table="links")


# -- first vs last period ----------------------------------------------------------------------
#: Colours of the direction a statistic moved (network: more networked; hierarchy: more
#: hierarchical; unchanged: within rounding).
DIRECTION_COLOURS = {"network": "#009E73", "hierarchy": "#D55E00", "unchanged": "#8c8c8c"}
DIRECTION_LABELS = {"network": ("more networked", "趋向网络化"), "hierarchy": ("more hierarchical", "趋向等级化"),
                    "unchanged": ("unchanged", "无变化")}


def period_comparison(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """First vs last period of each network statistic (table ``comparison``), as dots joined
    by an arrow from the first value to the last, coloured by the direction the workflow
    reads (more networked, more hierarchical, unchanged). The QAP correlation of the two
    networks and its permutation p-value are in the caption, as the table holds them."""
    import numpy as np
    import pandas as pd

    comp = results.tables.get("comparison")
    if comp is None or comp.empty:
        return None
    rows = comp[comp["direction"].isin(list(DIRECTION_COLOURS)) & comp["first"].notna()
                & comp["last"].notna()].reset_index(drop=True)
    if rows.empty:
        return None
    p0, p1 = str(rows["first_period"].iloc[0]), str(rows["last_period"].iloc[0])
    labels = (rows["label_zh"] if lang == "zh" else rows["label"]).astype(str).tolist()
    first = rows["first"].astype(float).tolist()
    last = rows["last"].astype(float).tolist()
    dirs = rows["direction"].tolist()
    colours = [DIRECTION_COLOURS[d] for d in dirs]
    qap = comp[comp["statistic"] == "qap_correlation"]
    qap_en = qap_zh = ""
    if len(qap) and pd.notna(qap["change"].iloc[0]):
        r, p = float(qap["change"].iloc[0]), qap["p_value"].iloc[0] if "p_value" in qap else np.nan
        perm = qap["n_perm"].iloc[0] if "n_perm" in qap else None
        perm = int(perm) if perm is not None and pd.notna(perm) else "?"
        ptxt = f"{p:.2f}" if pd.notna(p) and p >= 0.01 else (f"{p:.1g}" if pd.notna(p) else "n/a")
        qap_en = f" QAP correlation of the two networks {r:.2f} (p = {ptxt}, {perm} permutations)."
        qap_zh = f"两期网络的QAP相关系数为{r:.2f}（p = {ptxt}，{perm}次置换）。"
    counts = {d: dirs.count(d) for d in DIRECTION_COLOURS}
    title = pick(lang, f"Towards network or hierarchy? {p0} to {p1}", f"趋向网络化还是等级化？{p0}至{p1}")
    caption = pick(
        lang,
        f"Each statistic in the first period (hollow dot) and the last (filled dot, arrow). "
        f"{counts['network']} towards network, {counts['hierarchy']} towards hierarchy, "
        f"{counts['unchanged']} unchanged.{qap_en} Source: {results.title}.",
        f"每项指标首期（空心点）与末期（实心点，箭头）的取值。趋向网络化{counts['network']}项，"
        f"趋向等级化{counts['hierarchy']}项，无变化{counts['unchanged']}项。{qap_zh}来源：{results.title_zh}。")
    xlabel = pick(lang, "value", "取值")
    lo = min(first + last)
    hi = max(first + last)
    span = (min(0.0, lo), max(1.0, hi)) if lo >= -1e-9 and hi <= 1 + 1e-9 else (lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo))
    y = list(range(len(rows)))[::-1]

    def static():
        from matplotlib.lines import Line2D

        with figure_style(lang):
            fig, ax = new_figure(lang, 7, max(2.5, 0.5 * len(rows) + 1.3))
            for yi, a, b, c in zip(y, first, last, colours):
                if a != b:
                    ax.annotate("", xy=(b, yi), xytext=(a, yi),
                                arrowprops={"arrowstyle": "-|>", "color": c, "lw": 1.6, "shrinkA": 4, "shrinkB": 4})
            ax.scatter(first, y, s=45, facecolors="white", edgecolors=colours, linewidths=1.5, zorder=3)
            ax.scatter(last, y, s=45, color=colours, zorder=4)
            ax.set_yticks(y, labels)
            ax.set_xlim(*span)
            ax.set_ylim(-0.6, len(rows) - 0.4)
            ax.set_xlabel(xlabel)
            ax.set_title(title)
            fig.legend(handles=[Line2D([], [], marker="o", ls="", color=DIRECTION_COLOURS[d],
                                       label=pick(lang, *DIRECTION_LABELS[d]))
                                for d in DIRECTION_COLOURS if counts[d]],
                       loc="outside lower center", ncol=3, frameon=False)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        fig.add_trace(go.Scatter(x=first, y=labels, mode="markers", name=pick(lang, str(p0), str(p0)),
                                 marker={"symbol": "circle-open", "size": 11, "color": colours, "line": {"width": 2}},
                                 hovertemplate="%{y}: %{x:.3f}<extra>" + p0 + "</extra>"))
        for d, c in DIRECTION_COLOURS.items():
            idx = [i for i, di in enumerate(dirs) if di == d]
            if not idx:
                continue
            fig.add_trace(go.Scatter(x=[last[i] for i in idx], y=[labels[i] for i in idx], mode="markers",
                                     name=pick(lang, *DIRECTION_LABELS[d]), marker={"size": 11, "color": c},
                                     hovertemplate="%{y}: %{x:.3f}<extra>" + p1 + "</extra>"))
        arrows = [{"x": b, "y": lab, "ax": a, "ay": lab, "xref": "x", "yref": "y", "axref": "x", "ayref": "y",
                   "showarrow": True, "arrowhead": 2, "arrowwidth": 1.6, "arrowcolor": c, "text": ""}
                  for a, b, lab, c in zip(first, last, labels, colours) if a != b]
        fig.update_layout(**plotly_layout(lang, title, annotations=arrows,
                                          xaxis={"title": {"text": xlabel}, "range": list(span)},
                                          yaxis={"categoryorder": "array", "categoryarray": labels[::-1]},
                                          height=max(280, 60 * len(rows) + 140)))
        return fig

    return Figure("period_comparison", lang, title, caption, static, interactive, table="comparison")
