"""Figures of the brief's lessons: input-output key sectors (``io``), the division-of-labour
regression (``division``), the alliance score of the best pairs (``alliances``) and the
side-by-side comparison of two groups (``compare``). Each reads the workflow's tables."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from megaregion.figures.base import SERIES, Figure, FigureContext, figure_style, pick, plotly_layout
from megaregion.figures.panels import NEUTRAL, NO_DATA, display_names, listed, number, panels


def _source(results, lang: str) -> str:
    return pick(lang, f"Source: {results.title}.", f"来源：{results.title_zh}。")


# -- input-output key sectors -----------------------------------------------------------------
LINKAGE_CLASSES = {"key sector": ("key sector", "关键部门", "#b2182b"),
                   "backward-oriented": ("backward-oriented", "后向关联型", "#ef8a62"),
                   "forward-oriented": ("forward-oriented", "前向关联型", "#67a9cf"),
                   "weakly linked": ("weakly linked", "弱关联型", "#bababa")}


def key_sectors(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """Backward against forward linkage of every sector (table ``sectors``, both normalised to
    the economy's mean, so the lines at 1 split the four classes of ``linkage_class``); key
    sectors (both above 1) labelled."""
    sec = results.tables.get("sectors")
    if sec is None or sec.empty:
        return None
    ok = sec.dropna(subset=["backward_linkage", "forward_linkage"]).reset_index(drop=True)
    if ok.empty:
        return None
    label = display_names(ok, lang, fallback="sector")
    label = [t if len(t) <= 30 else t[:28] + "…" for t in label]
    x = ok["backward_linkage"].astype(float).tolist()
    y = ok["forward_linkage"].astype(float).tolist()
    cls = ok["linkage_class"].tolist()
    key = [c == "key sector" for c in cls]
    tab = results.tables.get("table")
    year = tab["year"].iloc[0] if tab is not None and not tab.empty else ""
    economy = tab["economy"].iloc[0] if tab is not None and not tab.empty else ""
    where = {"us": ("United States", "美国"), "cn": ("China", "中国")}.get(economy, (str(economy), str(economy)))
    title = pick(lang, f"Key sectors by backward and forward linkage: {where[0]}, {year}",
                 f"按后向与前向关联划分的关键部门：{where[1]}，{year}年")
    xlabel = pick(lang, "backward linkage (1 = economy mean)", "后向关联（1为全经济平均）")
    ylabel = pick(lang, "forward linkage (1 = economy mean)", "前向关联（1为全经济平均）")
    caption = pick(
        lang,
        f"{len(ok)} sectors of the input-output table; key sectors (both linkages above 1, Rasmussen-Hirschman) "
        f"labelled: {sum(key)}. " + _source(results, lang),
        f"投入产出表的{len(ok)}个部门；标注的关键部门（两种关联均大于1，Rasmussen-Hirschman）共{sum(key)}个。"
        + _source(results, lang))
    present = [k for k in LINKAGE_CLASSES if k in cls]

    def static():
        with figure_style(lang):
            fig, (ax,) = panels(7.4, 5.6)
            for k in present:
                idx = [i for i in range(len(ok)) if cls[i] == k]
                ax.scatter([x[i] for i in idx], [y[i] for i in idx], s=36, color=LINKAGE_CLASSES[k][2],
                           edgecolors="white", linewidths=0.5, label=pick(lang, *LINKAGE_CLASSES[k][:2]), zorder=3)
            other = [i for i in range(len(ok)) if cls[i] not in LINKAGE_CLASSES]
            if other:
                ax.scatter([x[i] for i in other], [y[i] for i in other], s=36, color=NO_DATA, zorder=3,
                           label=pick(lang, "unclassified", "未分类"))
            for i in range(len(ok)):
                if key[i]:
                    ax.annotate(label[i], (x[i], y[i]), xytext=(4, 3), textcoords="offset points", fontsize=7)
            ax.axvline(1.0, color=NEUTRAL, ls="--", lw=0.8)
            ax.axhline(1.0, color=NEUTRAL, ls="--", lw=0.8)
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
            ax.set_title(title)
            ax.legend(fontsize=7, frameon=False, loc="lower left")
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        for k in present:
            idx = [i for i in range(len(ok)) if cls[i] == k]
            fig.add_trace(go.Scatter(x=[x[i] for i in idx], y=[y[i] for i in idx], mode="markers",
                                     name=pick(lang, *LINKAGE_CLASSES[k][:2]), text=[label[i] for i in idx],
                                     marker={"size": 10, "color": LINKAGE_CLASSES[k][2]},
                                     hovertemplate="%{text}<br>" + xlabel + " %{x:.2f}<br>" + ylabel +
                                                   " %{y:.2f}<extra></extra>"))
        fig.add_vline(x=1.0, line_dash="dash", line_color=NEUTRAL)
        fig.add_hline(y=1.0, line_dash="dash", line_color=NEUTRAL)
        annotations = [{"x": x[i], "y": y[i], "text": label[i], "showarrow": False, "xanchor": "left", "xshift": 6,
                        "font": {"size": 10}} for i in range(len(ok)) if key[i]]
        fig.update_layout(**plotly_layout(lang, title, annotations=annotations, height=560,
                                          xaxis={"title": {"text": xlabel}}, yaxis={"title": {"text": ylabel}}))
        return fig

    return Figure("key_sectors", lang, title, caption, static, interactive, table="sectors")


# -- division of labour -------------------------------------------------------------------------
TERMS = {"complementarity": ("supply-chain complementarity", "产业链互补性"),
         "relatedness": ("capability relatedness", "能力相关性"),
         "log_distance": ("distance (log)", "距离（对数）"),
         "log_mass_origin": ("size of origin (log)", "起点规模（对数）"),
         "log_mass_destination": ("size of destination (log)", "终点规模（对数）"),
         "log_mass_product": ("product of sizes (log)", "规模之积（对数）")}


def division_coefficients(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """Standardised MRQAP coefficients of the division-of-labour regression (table
    ``coefficients``: ``std_beta``, ``p_value``), one bar per term, dark where p < 0.05, light
    where p < 0.1, grey otherwise; the intercept has no standardised coefficient and is left out."""
    coef = results.tables.get("coefficients")
    if coef is None or coef.empty:
        return None
    ok = coef[coef["std_beta"].notna()].reset_index(drop=True)
    if ok.empty:
        return None
    label = [pick(lang, *TERMS.get(t, (t, t))) for t in ok["term"]]
    beta = ok["std_beta"].astype(float).tolist()
    p = ok["p_value"].tolist()

    def colour(pv, b):
        if pd.isna(pv):
            return NO_DATA
        base = SERIES[0] if b >= 0 else SERIES[3]
        return base if pv < 0.05 else ("#9ecae1" if b >= 0 and pv < 0.1 else "#f4a582" if pv < 0.1 else NO_DATA)

    colours = [colour(pv, b) for pv, b in zip(p, beta)]
    model = results.tables.get("model")
    m = model.iloc[0] if model is not None and not model.empty else {}
    n_perm = m.get("n_perm", "") if len(m) else ""
    kind = m.get("kind", "") if len(m) else ""
    r2 = m.get("r2", float("nan")) if len(m) else float("nan")
    from megaregion.figures.openness import KIND_NAMES

    kind_name = pick(lang, *KIND_NAMES.get(kind, (kind, kind)))
    title = pick(lang, f"What explains {kind_name}: standardised MRQAP coefficients",
                 f"什么解释了{kind_name}：MRQAP标准化系数")
    xlabel = pick(lang, "standardised coefficient (beta)", "标准化系数（β）")
    p_text = [pick(lang, f"p = {number(v, 3)}", f"p = {number(v, 3)}") for v in p]
    caption = pick(
        lang,
        f"Bars: standardised coefficients; label: MRQAP p-value ({number(n_perm)} permutations); dark: p < 0.05, "
        f"light: p < 0.1, grey: not significant. R² = {number(r2)}. " + _source(results, lang),
        f"条形为标准化系数；标注为MRQAP p值（{number(n_perm)}次置换）；深色p < 0.05，浅色p < 0.1，灰色不显著。"
        f"R² = {number(r2)}。" + _source(results, lang))

    def static():
        with figure_style(lang):
            fig, (ax,) = panels(7.0, max(2.6, 0.45 * len(ok) + 1.2))
            pos = list(range(len(ok)))[::-1]
            ax.barh(pos, beta, color=colours)
            ax.set_yticks(pos, label)
            for ps, b, t in zip(pos, beta, p_text):
                ax.annotate(t, (b, ps), xytext=(4 if b >= 0 else -4, 0), textcoords="offset points",
                            ha="left" if b >= 0 else "right", va="center", fontsize=7)
            ax.axvline(0, color="black", lw=0.6)
            lim = max(abs(v) for v in beta) * 1.35
            ax.set_xlim(-lim, lim)
            ax.set_xlabel(xlabel)
            ax.set_title(title)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure(go.Bar(x=beta, y=label, orientation="h", marker_color=colours, text=p_text,
                               textposition="outside", showlegend=False,
                               hovertemplate="%{y}: β %{x:.3f}, %{text}<extra></extra>"))
        fig.update_layout(**plotly_layout(lang, title, xaxis={"title": {"text": xlabel}},
                                          yaxis={"categoryorder": "array", "categoryarray": label[::-1]},
                                          height=max(280, 40 * len(ok) + 140)))
        return fig

    return Figure("division_coefficients", lang, title, caption, static, interactive, table="coefficients")


# -- alliances ----------------------------------------------------------------------------------
COMPONENTS = {"complementarity": ("complementarity", "互补性"), "relatedness": ("relatedness", "相关性"),
              "proximity": ("proximity", "邻近性"), "innovation": ("innovation", "创新能力"),
              "scale": ("scale", "规模")}


def score_parts(pairs: pd.DataFrame) -> pd.DataFrame | None:
    """Each pair's alliance score split into its components' shares, as the workflow wrote them
    (columns ``score_<component>`` of table ``pairs``, from
    :func:`megaregion.analysis.alliances.alliance_score_parts`); ``None`` when the table holds no
    split for every component (results scored with other weights)."""
    cols = [f"score_{k}" for k in COMPONENTS]
    if not all(c in pairs for c in cols):
        return None
    return pairs[cols].rename(columns=lambda c: c[len("score_"):]).astype(float)


def alliance_scores(results, lang: str = "en", ctx: FigureContext | None = None, top: int = 10) -> Figure | None:
    """The best pairs' alliance score (table ``pairs``, best first) as stacked bars of its
    components' contributions (complementarity, relatedness, proximity, innovation, scale); a
    component unknown for a pair is left out of its bar and named in the caption."""
    pairs = results.tables.get("pairs")
    if pairs is None or pairs.empty or "score" not in pairs:
        return None
    parts = score_parts(pairs)
    best = pairs[pairs["score"].notna()].sort_values("score", ascending=False).head(top)
    if best.empty:
        return None
    a = display_names(best, lang, name="name_a", name_zh="name_a_zh", fallback="city_a")
    b = display_names(best, lang, name="name_b", name_zh="name_b_zh", fallback="city_b")
    sep = "与" if lang == "zh" else " – "  # as the workflow's pair_zh; some Chinese names hold a dash
    label = [f"{x}{sep}{y}" for x, y in zip(a, b)]
    score = best["score"].astype(float).tolist()
    title = pick(lang, f"Alliance score of the {len(best)} best pairs and what it is made of",
                 f"得分最高的{len(best)}个城市对的联盟得分及其构成")
    xlabel = pick(lang, "alliance score (0-1)", "联盟得分（0—1）")
    comps = list(COMPONENTS)
    if parts is not None:
        shares = parts.loc[best.index]
        unknown = [f"{label[i]} ({pick(lang, *COMPONENTS[k])})" for i, idx in enumerate(best.index)
                   for k in comps if pd.isna(shares.loc[idx, k])]
        from megaregion.analysis.alliances import WEIGHTS

        how = pick(lang, "Each bar split into its components' weighted rank scores (weights: "
                         + ", ".join(f"{COMPONENTS[k][0]} {w:g}" for k, w in WEIGHTS.items()) + ")",
                   "每个条形按各构成项的加权秩得分拆分（权重："
                   + "、".join(f"{COMPONENTS[k][1]}{w:g}" for k, w in WEIGHTS.items()) + "）")
    else:
        shares, unknown = None, []
        how = pick(lang, "The split into components is not shown: these results hold no per-component score (other weights)",
                   "这些结果未给出各构成项得分（采用了其他权重），不显示构成拆分")
    caption = pick(
        lang,
        f"{how}. " + (f"Unknown, left out: {listed(unknown, lang)}. " if unknown else "") + _source(results, lang),
        f"{how}。" + (f"未知、未计入：{listed(unknown, lang)}。" if unknown else "") + _source(results, lang))

    def static():
        from matplotlib.patches import Patch

        with figure_style(lang):
            fig, (ax,) = panels(7.2, max(3.0, 0.32 * len(best) + 1.4))
            pos = list(range(len(best)))[::-1]
            if shares is None:
                ax.barh(pos, score, color=SERIES[0])
            else:
                left = np.zeros(len(best))
                for k, comp in enumerate(comps):
                    vals = shares[comp].fillna(0.0).to_numpy()
                    ax.barh(pos, vals, left=left, color=SERIES[k], label=pick(lang, *COMPONENTS[comp]))
                    left += vals
                ax.legend(handles=[Patch(color=SERIES[k], label=pick(lang, *COMPONENTS[c])) for k, c in enumerate(comps)],
                          fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
            for p_, s in zip(pos, score):
                ax.annotate(number(s, 3), (s, p_), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7)
            ax.set_yticks(pos, label)
            ax.set_xlim(0, 1.08)
            ax.set_xlabel(xlabel)
            ax.set_title(title)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        if shares is None:
            fig.add_trace(go.Bar(x=score, y=label, orientation="h", marker_color=SERIES[0], showlegend=False))
        else:
            for k, comp in enumerate(comps):
                fig.add_trace(go.Bar(x=shares[comp].tolist(), y=label, orientation="h", marker_color=SERIES[k],
                                     name=pick(lang, *COMPONENTS[comp]),
                                     hovertemplate="%{y}: %{x:.3f}<extra>" + pick(lang, *COMPONENTS[comp]) + "</extra>"))
        fig.update_layout(**plotly_layout(lang, title, barmode="stack", xaxis={"title": {"text": xlabel}, "range": [0, 1]},
                                          yaxis={"categoryorder": "array", "categoryarray": label[::-1]},
                                          height=max(300, 30 * len(best) + 140)))
        return fig

    return Figure("alliance_scores", lang, title, caption, static, interactive, table="pairs")


# -- compare ------------------------------------------------------------------------------------
COMPARABLE = {"comparable": ("comparable", "可比"), "partly_comparable": ("partly comparable", "部分可比"),
              "not_comparable": ("not comparable", "不可比")}


def _wrap(text: str, width: int) -> str:
    """At most two lines of ``width`` characters (the rest cut with an ellipsis)."""
    import textwrap

    if len(text) <= width:
        return text
    lines = textwrap.wrap(text, width) if " " in text else [text[i:i + width] for i in range(0, len(text), width)]
    if len(lines) > 2:
        lines = [lines[0], lines[1][:width - 1] + "…"]
    return "\n".join(lines)


def _sides(results, lang: str) -> tuple[str, str]:
    """The two groups' short names, from the comparison's title."""
    if lang == "zh":
        m = re.match(r"^并列比较：(.+)（第一个）与(.+)（第二个）$", results.title_zh or "")
        return (m.group(1), m.group(2)) if m else ("第一个城市群", "第二个城市群")
    m = re.match(r"^Side by side: (.+) \(a\) and (.+) \(b\)$", results.title or "")
    return (m.group(1), m.group(2)) if m else ("group a", "group b")


def compare_side_by_side(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """Each indicator of the comparison (table ``comparison``) on its own row: the two groups'
    values as dots on a scale from 0 to the larger of the two (the numbers written beside), and
    the row marked comparable, partly comparable or not comparable (greyed, "≠"). A missing
    value is written "no data" and not drawn."""
    comp = results.tables.get("comparison")
    if comp is None or comp.empty:
        return None
    comp = comp.reset_index(drop=True)
    a_name, b_name = _sides(results, lang)
    label = [pick(lang, str(en), str(zh)) for en, zh in zip(comp["label"], comp["label_zh"])]
    width = 34 if lang == "zh" else 62
    label = [_wrap(t, width) for t in label]
    va = comp["value_a"].astype(float).tolist()
    vb = comp["value_b"].astype(float).tolist()
    cmp_ = comp["comparable"].tolist()
    scale = [max(abs(x) if pd.notna(x) else 0.0, abs(y) if pd.notna(y) else 0.0) or 1.0 for x, y in zip(va, vb)]
    xa = [x / s if pd.notna(x) else None for x, s in zip(va, scale)]
    xb = [y / s if pd.notna(y) else None for y, s in zip(vb, scale)]
    grey = [c == "not_comparable" for c in cmp_]
    mark = {"comparable": "", "partly_comparable": "≈ ", "not_comparable": "≠ "}
    rows = [mark.get(c, "") + t for c, t in zip(cmp_, label)]
    ca, cb = SERIES[0], SERIES[1]
    title = pick(lang, f"{a_name} and {b_name} side by side", f"{a_name}与{b_name}并列比较")
    counts = {k: sum(1 for c in cmp_ if c == k) for k in COMPARABLE}
    caption = pick(
        lang,
        f"{len(comp)} indicators; each row on its own scale (0 to the larger value), values written beside. "
        f"Comparable: {counts['comparable']}; ≈ partly comparable: {counts['partly_comparable']}; "
        f"≠ not comparable (grey): {counts['not_comparable']}. " + _source(results, lang),
        f"{len(comp)}项指标；每行各用自己的刻度（0至两者中较大值），数值标在旁边。"
        f"可比{counts['comparable']}项；≈ 部分可比{counts['partly_comparable']}项；≠ 不可比（灰色）{counts['not_comparable']}项。"
        + _source(results, lang))
    no_data = pick(lang, "no data", "无数据")

    def static():
        from matplotlib.lines import Line2D

        with figure_style(lang):
            fig, (ax,) = panels(10.0, max(3.0, 0.42 * len(comp) + 1.4))
            pos = list(range(len(comp)))[::-1]
            for i, p_ in enumerate(pos):
                if grey[i]:
                    ax.axhspan(p_ - 0.5, p_ + 0.5, color="#f0f0f0", zorder=0)
            ax.hlines(pos, 0, 1, color="#e0e0e0", lw=0.8, zorder=1)
            for xs, vs, col, dy in ((xa, va, ca, 0.16), (xb, vb, cb, -0.16)):
                idx = [i for i in range(len(comp)) if xs[i] is not None]
                ax.scatter([xs[i] for i in idx], [pos[i] + dy for i in idx], s=28, zorder=3,
                           color=[NEUTRAL if grey[i] else col for i in idx])
                for i, p_ in enumerate(pos):
                    known = xs[i] is not None
                    ax.text(1.02, p_ + dy, number(vs[i], 3) if known else no_data, fontsize=6, va="center",
                            color=NEUTRAL if grey[i] or not known else col)
            ax.set_yticks(pos, rows)
            for tick, g in zip(ax.get_yticklabels(), grey):
                if g:
                    tick.set_color(NEUTRAL)
            ax.set_xlim(min(0.0, *[x for x in xa + xb if x is not None]) - 0.02, 1.18)
            ax.set_xticks([])
            ax.set_ylim(-0.6, len(comp) - 0.4)
            ax.set_title(title)
            ax.legend(handles=[Line2D([], [], marker="o", ls="", color=ca, label=a_name),
                               Line2D([], [], marker="o", ls="", color=cb, label=b_name)],
                      loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, fontsize=8, frameon=False)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        for name, xs, vs, col in ((a_name, xa, va, ca), (b_name, xb, vb, cb)):
            fig.add_trace(go.Scatter(
                x=xs, y=rows, mode="markers", name=name,
                marker={"size": 10, "color": [NEUTRAL if g else col for g in grey]},
                text=[number(v, 3) if pd.notna(v) else no_data for v in vs],
                hovertemplate="%{y}: %{text}<extra>" + name + "</extra>"))
        shapes = [{"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": len(comp) - 1 - i - 0.5,
                   "y1": len(comp) - 1 - i + 0.5, "fillcolor": "#f0f0f0", "line": {"width": 0}, "layer": "below"}
                  for i in range(len(comp)) if grey[i]]
        fig.update_layout(**plotly_layout(lang, title, shapes=shapes, height=max(340, 24 * len(comp) + 160),
                                          xaxis={"showticklabels": False, "range": [-0.05, 1.05]},
                                          yaxis={"categoryorder": "array", "categoryarray": rows[::-1]},
                                          margin={"l": 360, "r": 20, "t": 60, "b": 40}))
        return fig

    return Figure("compare_side_by_side", lang, title, caption, static, interactive, table="comparison")
