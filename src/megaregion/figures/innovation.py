"""Figures of the innovation workflows: the innovation driver (``innovation``: innovation vs
industry index, coupling-coordination degree D and its level), economic complexity
(``complexity``: strength–opportunity chart, ECI ranking), triple-helix synergy
(``collaboration``, ``synergy``) and R&D co-funding (``cofunding``).

Every function reads the tables of a ``Results`` as the workflow computed them; none computes
an index.
"""

from __future__ import annotations

import pandas as pd

from megaregion.figures.base import (CORE_COLOURS, SERIES, Figure, FigureContext, figure_style, pick,
                                     plotly_layout)
from megaregion.figures.panels import NEUTRAL, NO_DATA, display_names, listed, number, panels

#: The ten coupling-coordination classes, lowest first (``metrics.composite.COUPLING_LEVELS``),
#: coloured from red (imbalance) to green (coordination).
LEVEL_COLOURS = ("#a50026", "#d73027", "#f46d43", "#fdae61", "#fee08b",
                 "#d9ef8b", "#a6d96a", "#66bd63", "#1a9850", "#006837")


def _levels() -> list[tuple[str, str, str]]:
    """(English class, Chinese class, colour), lowest class first."""
    from megaregion.metrics.composite import COUPLING_LEVELS

    return [(en, zh, c) for (_lo, _hi, zh, en), c in zip(COUPLING_LEVELS, LEVEL_COLOURS)]


def level_colour(level_en) -> str:
    """The colour of a coordination class (English label as in column ``level_en``); grey
    when the class is unknown."""
    for en, _zh, colour in _levels():
        if en == level_en:
            return colour
    return NO_DATA


def _level_name(level_en, lang: str) -> str:
    for en, zh, _c in _levels():
        if en == level_en:
            return pick(lang, en, zh)
    return pick(lang, "no data", "无数据")


def _source(results, lang: str) -> str:
    return pick(lang, f"Source: {results.title}.", f"来源：{results.title_zh}。")


# -- innovation ---------------------------------------------------------------------------------
def innovation_coupling(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """Innovation index against industry index per city (table ``cities``), coloured by the
    coupling-coordination class (``level_en``/``level_zh``), sized by the coordination degree
    D; core cities labelled and innovation hearts (``innovation_heart``) ringed. The diagonal
    marks equal indices: a city above it leads in innovation, below it in industry."""
    cities = results.tables.get("cities")
    if cities is None or cities.empty or "innovation_index" not in cities:
        return None
    ok = cities.dropna(subset=["innovation_index", "industry_index"]).reset_index(drop=True)
    left = cities[~cities.index.isin(cities.dropna(subset=["innovation_index", "industry_index"]).index)]
    if ok.empty:
        return None
    label = display_names(ok, lang)
    x = ok["industry_index"].astype(float).tolist()
    y = ok["innovation_index"].astype(float).tolist()
    d = ok["D"].astype(float).tolist()
    lev = ok["level_en"].tolist()
    core = ok["core"].fillna(False).astype(bool).tolist() if "core" in ok else [False] * len(ok)
    heart = (ok["innovation_heart"].fillna(False).astype(bool).tolist()
             if "innovation_heart" in ok else [False] * len(ok))
    shown = [i for i in range(len(ok)) if core[i] or heart[i]]
    mean_d = results.tables["summary"]["mean_coordination_D"].iloc[0] if "summary" in results.tables else None
    year = results.tables["summary"]["innovation_year"].iloc[0] if "summary" in results.tables else ""
    title = pick(lang, f"Innovation and industry: coupling coordination, {year}",
                 f"创新与产业：耦合协调度（{year}年）")
    xlabel = pick(lang, "industry index", "产业指数")
    ylabel = pick(lang, "innovation index", "创新指数")
    heart_name = pick(lang, "innovation heart", "创新心脏")
    core_name = pick(lang, "core city (labelled)", "核心城市（标注）")
    gone = display_names(left, lang)
    caption = pick(
        lang,
        f"{len(ok)} cities; colour: coordination class of D, size: D (mean D {number(mean_d)}); "
        "ringed: innovation hearts; labelled: core cities and hearts; diagonal: equal indices. "
        + (f"Not scored: {listed(gone, lang)}. " if gone else "") + _source(results, lang),
        f"{len(ok)}个城市；颜色为耦合协调等级，点的大小为协调度D（平均D为{number(mean_d)}）；"
        "圈出者为创新心脏；标注核心城市和创新心脏；对角线为两指数相等。"
        + (f"未评分：{listed(gone, lang)}。" if gone else "") + _source(results, lang))
    present = [(en, zh, c) for en, zh, c in _levels()[::-1] if en in lev]
    unknown = [i for i in range(len(ok)) if level_colour(lev[i]) == NO_DATA]

    def size(v: float, lo: float, hi: float) -> float:
        return lo if pd.isna(v) else lo + (hi - lo) * max(0.0, min(1.0, v))

    def static():
        from matplotlib.lines import Line2D

        with figure_style(lang):
            fig, (ax,) = panels(7.2, 5.6)
            top = max(max(x), max(y)) * 1.05
            ax.plot([0, top], [0, top], color=NEUTRAL, lw=0.8, ls="--", zorder=1)
            for en, zh, colour in present + ([("?", "?", NO_DATA)] if unknown else []):
                idx = [i for i in range(len(ok)) if (lev[i] == en if en != "?" else i in unknown)]
                ax.scatter([x[i] for i in idx], [y[i] for i in idx], s=[size(d[i], 20, 320) for i in idx],
                           c=colour, edgecolors=["black" if core[i] else "white" for i in idx],
                           linewidths=0.8, zorder=3,
                           label=pick(lang, en, zh) if en != "?" else pick(lang, "no data", "无数据"))
            hx = [i for i in range(len(ok)) if heart[i]]
            if hx:
                ax.scatter([x[i] for i in hx], [y[i] for i in hx], s=[size(d[i], 20, 320) * 2.6 for i in hx],
                           facecolors="none", edgecolors=SERIES[0], linewidths=1.6, zorder=4)
            for i in shown:
                ax.annotate(label[i], (x[i], y[i]), xytext=(6, 4), textcoords="offset points", fontsize=8)
            handles, labels = ax.get_legend_handles_labels()
            handles += [Line2D([], [], marker="o", ls="", mfc="none", mec=SERIES[0], mew=1.6, ms=10),
                        Line2D([], [], marker="o", ls="", mfc="white", mec="black", ms=7)]
            labels += [heart_name, core_name]
            ax.legend(handles, labels, loc="upper left", fontsize=7, frameon=False)
            ax.set_xlim(0, top)
            ax.set_ylim(0, top)
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
            ax.set_title(title)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        top = max(max(x), max(y)) * 1.05
        fig.add_trace(go.Scatter(x=[0, top], y=[0, top], mode="lines", showlegend=False, hoverinfo="skip",
                                 line={"color": NEUTRAL, "dash": "dash", "width": 1}))
        for en, zh, colour in present + ([("?", "?", NO_DATA)] if unknown else []):
            idx = [i for i in range(len(ok)) if (lev[i] == en if en != "?" else i in unknown)]
            fig.add_trace(go.Scatter(
                x=[x[i] for i in idx], y=[y[i] for i in idx], mode="markers",
                name=pick(lang, en, zh) if en != "?" else pick(lang, "no data", "无数据"),
                marker={"color": colour, "size": [size(d[i], 6, 30) for i in idx],
                        "line": {"color": ["black" if core[i] else "white" for i in idx], "width": 1}},
                text=[label[i] for i in idx],
                customdata=[[number(d[i])] for i in idx],
                hovertemplate="%{text}<br>" + xlabel + " %{x:.3f}<br>" + ylabel + " %{y:.3f}<br>D %{customdata[0]}"
                              "<extra></extra>"))
        hx = [i for i in range(len(ok)) if heart[i]]
        if hx:
            fig.add_trace(go.Scatter(x=[x[i] for i in hx], y=[y[i] for i in hx], mode="markers", name=heart_name,
                                     marker={"symbol": "circle-open", "size": [size(d[i], 6, 30) * 1.6 for i in hx],
                                             "color": SERIES[0], "line": {"width": 2}}, hoverinfo="skip"))
        annotations = [{"x": x[i], "y": y[i], "text": label[i], "showarrow": False, "xanchor": "left",
                        "xshift": 8, "yshift": 6} for i in shown]
        fig.update_layout(**plotly_layout(lang, title, annotations=annotations, height=560,
                                          xaxis={"title": {"text": xlabel}, "range": [0, top]},
                                          yaxis={"title": {"text": ylabel}, "range": [0, top]}))
        return fig

    return Figure("innovation_coupling", lang, title, caption, static, interactive, table="cities")


def coordination_levels(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """Coordination degree D by city, largest first, each bar coloured by its coordination class
    (table ``cities``). The innovation workflow scores one year; levels over time need one run
    per year (the caption says so)."""
    cities = results.tables.get("cities")
    if cities is None or cities.empty or "D" not in cities:
        return None
    ok = cities[cities["D"].notna()].sort_values("D", ascending=False).reset_index(drop=True)
    left = cities[cities["D"].isna()]
    if ok.empty:
        return None
    label = display_names(ok, lang)
    d = ok["D"].astype(float).tolist()
    lev = ok["level_en"].tolist()
    colours = [level_colour(v) for v in lev]
    core = ok["core"].fillna(False).astype(bool).tolist() if "core" in ok else [False] * len(ok)
    year = results.tables["summary"]["innovation_year"].iloc[0] if "summary" in results.tables else ""
    title = pick(lang, f"Coupling-coordination degree D by city, {year}", f"各城市耦合协调度D（{year}年）")
    xlabel = pick(lang, "coordination degree D (0-1)", "耦合协调度D（0—1）")
    gone = display_names(left, lang)
    caption = pick(
        lang,
        f"{len(ok)} cities, largest D first; colour: coordination class (ten classes of 0.1); bold: core "
        f"cities. These results score one year ({year}); levels over time need one run per year. "
        + (f"No D: {listed(gone, lang)}. " if gone else "") + _source(results, lang),
        f"{len(ok)}个城市，按D从大到小排列；颜色为耦合协调等级（每0.1一级，共十级）；粗体为核心城市。"
        f"本结果只评价一年（{year}年），各等级随时间的变化需逐年运行。"
        + (f"无D值：{listed(gone, lang)}。" if gone else "") + _source(results, lang))
    present = [(en, zh, c) for en, zh, c in _levels()[::-1] if en in lev]

    def static():
        from matplotlib.patches import Patch

        with figure_style(lang):
            fig, (ax,) = panels(7.0, max(3.0, 0.2 * len(ok) + 1.2))
            pos = list(range(len(ok)))[::-1]
            ax.barh(pos, d, color=colours)
            ax.set_yticks(pos, label)
            for tick, c in zip(ax.get_yticklabels(), core):
                if c:
                    tick.set_fontweight("bold")
            for k in range(1, 10):
                ax.axvline(k / 10, color="#eeeeee", lw=0.6, zorder=0)
            ax.set_xlim(0, 1)
            ax.set_xlabel(xlabel)
            ax.set_title(title)
            ax.legend(handles=[Patch(color=c, label=pick(lang, en, zh)) for en, zh, c in present],
                      loc="lower right", fontsize=7, frameon=False)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        for en, zh, colour in present:
            idx = [i for i in range(len(ok)) if lev[i] == en]
            fig.add_trace(go.Bar(x=[d[i] for i in idx], y=[label[i] for i in idx], orientation="h",
                                 marker_color=colour, name=pick(lang, en, zh),
                                 hovertemplate="%{y}: D %{x:.3f}<extra></extra>"))
        unknown = [i for i in range(len(ok)) if colours[i] == NO_DATA]
        if unknown:
            fig.add_trace(go.Bar(x=[d[i] for i in unknown], y=[label[i] for i in unknown], orientation="h",
                                 marker_color=NO_DATA, name=pick(lang, "no class", "无等级")))
        fig.update_layout(**plotly_layout(lang, title, xaxis={"title": {"text": xlabel}, "range": [0, 1]},
                                          yaxis={"categoryorder": "array", "categoryarray": label[::-1]},
                                          height=max(320, 20 * len(ok) + 140)))
        return fig

    return Figure("coordination_levels", lang, title, caption, static, interactive, table="cities")


# -- complexity ---------------------------------------------------------------------------------
def _industry_label(code: str, label: str, lang: str) -> str:
    """An industry's label: its NAICS title in English; in Chinese the code and its sector
    family (the NAICS titles have no Chinese translation)."""
    if lang != "zh":
        text = str(label) if isinstance(label, str) and label else f"NAICS {code}"
        return text if len(text) <= 38 else text[:36] + "…"
    from megaregion.model.sectors import FAMILIES, naics_family

    fam = naics_family(str(code))
    return f"NAICS {code}（{FAMILIES[fam][1]}）" if fam else f"NAICS {code}"


def strength_opportunity(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """Strength against opportunity (after Metroverse): for each core city's recommended
    industries (table ``opportunities``), relatedness density (opportunity, x) against RCA
    (present strength, y), bubble area by PCI, colour by city; the line RCA = 1 marks
    specialisation. Labels: the industries (NAICS titles; code and family in Chinese)."""
    opp = results.tables.get("opportunities")
    if opp is None or opp.empty:
        return None
    opp = opp.dropna(subset=["density", "rca"]).reset_index(drop=True)
    if opp.empty:
        return None
    cities = list(dict.fromkeys(opp["region_id"]))
    city_name = dict(zip(opp["region_id"], display_names(opp, lang)))
    colour = {c: SERIES[i % len(SERIES)] for i, c in enumerate(cities)}
    x = opp["density"].astype(float).tolist()
    y = opp["rca"].astype(float).tolist()
    pci = opp["pci"].astype(float)
    lo, hi = float(pci.min()), float(pci.max())
    area = [60.0 if pd.isna(p) or hi == lo else 30 + 370 * (p - lo) / (hi - lo) for p in pci]
    ind = [_industry_label(c, lab, lang) for c, lab in zip(opp["industry"], opp["label"])]
    summ = results.tables.get("summary")
    year = summ["year"].iloc[0] if summ is not None and not summ.empty else ""
    title = pick(lang, f"Strength and opportunity of the core cities' next industries, {year}",
                 f"核心城市潜在产业的优势与机会（{year}年）")
    xlabel = pick(lang, "opportunity: relatedness density", "机会：关联密度")
    ylabel = pick(lang, "strength: RCA", "优势：RCA（显示性比较优势）")
    caption = pick(
        lang,
        f"{len(opp)} industries not yet specialised with the highest complexity outlook gain (COG) for "
        f"{len(cities)} core cities; bubble area grows with PCI ({number(lo)} to {number(hi)}); dashed line: "
        "RCA = 1 (specialised). " + _source(results, lang),
        f"{len(cities)}个核心城市尚未形成专业化、复杂度增益（COG）最高的{len(opp)}个行业；气泡面积随PCI增大"
        f"（{number(lo)}至{number(hi)}）；虚线为RCA = 1（专业化）。" + _source(results, lang))

    def static():
        with figure_style(lang):
            fig, (ax,) = panels(7.6, 5.4)
            for c in cities:
                idx = [i for i in range(len(opp)) if opp["region_id"].iloc[i] == c]
                ax.scatter([x[i] for i in idx], [y[i] for i in idx], s=[area[i] for i in idx], c=colour[c],
                           alpha=0.7, edgecolors="white", linewidths=0.6, label=city_name[c], zorder=3)
            for i in range(len(opp)):
                ax.annotate(ind[i], (x[i], y[i]), xytext=(4, 3), textcoords="offset points", fontsize=6,
                            color="#333333")
            ax.axhline(1.0, color=NEUTRAL, ls="--", lw=0.8)
            ax.set_ylim(0, max(1.1, max(y) * 1.1))
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
            ax.set_title(title)
            ax.legend(loc="upper left", fontsize=8, frameon=False)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        for c in cities:
            idx = [i for i in range(len(opp)) if opp["region_id"].iloc[i] == c]
            fig.add_trace(go.Scatter(
                x=[x[i] for i in idx], y=[y[i] for i in idx], mode="markers", name=city_name[c],
                marker={"size": [max(6.0, area[i] ** 0.5 * 1.6) for i in idx], "color": colour[c], "opacity": 0.75,
                        "line": {"color": "white", "width": 1}},
                text=[ind[i] for i in idx], customdata=[[number(pci.iloc[i])] for i in idx],
                hovertemplate="%{text}<br>" + xlabel + " %{x:.3f}<br>RCA %{y:.2f}<br>PCI %{customdata[0]}"
                              "<extra></extra>"))
        fig.add_hline(y=1.0, line_dash="dash", line_color=NEUTRAL)
        fig.update_layout(**plotly_layout(lang, title, height=540, xaxis={"title": {"text": xlabel}},
                                          yaxis={"title": {"text": ylabel}, "range": [0, max(1.1, max(y) * 1.1)]}))
        return fig

    return Figure("strength_opportunity", lang, title, caption, static, interactive, table="opportunities")


def eci_ranking(results, lang: str = "en", ctx: FigureContext | None = None, top: int = 40) -> Figure | None:
    """Members by economic complexity (table ``members``: ECI, national rank), highest first,
    core cities highlighted; members without an ECI are listed in the caption."""
    mem = results.tables.get("members")
    if mem is None or mem.empty or "eci" not in mem:
        return None
    ok = mem[mem["eci"].notna()].sort_values("eci", ascending=False).head(top).reset_index(drop=True)
    left = mem[mem["eci"].isna()]
    if ok.empty:
        return None
    label = display_names(ok, lang)
    eci = ok["eci"].astype(float).tolist()
    rank = ok["eci_national_rank"].tolist() if "eci_national_rank" in ok else [None] * len(ok)
    core = ok["core"].fillna(False).astype(bool).tolist() if "core" in ok else [False] * len(ok)
    colours = [CORE_COLOURS["core"] if c else CORE_COLOURS["periphery"] for c in core]
    summ = results.tables.get("summary")
    year = summ["year"].iloc[0] if summ is not None and not summ.empty else ""
    nation = summ["regions_in_nation"].iloc[0] if summ is not None and "regions_in_nation" in summ else None
    title = pick(lang, f"Economic complexity (ECI) of the members, {year}", f"成员经济复杂度（ECI，{year}年）")
    xlabel = pick(lang, "ECI (national scale)", "ECI（全国尺度）")
    gone = display_names(left, lang)
    caption = pick(
        lang,
        f"{len(ok)} members by ECI; red: core cities; at each bar: national rank"
        + (f" of {number(nation)} regions" if nation is not None else "") + ". ECI is not comparable across years. "
        + (f"No ECI: {listed(gone, lang)}. " if gone else "") + _source(results, lang),
        f"按ECI排列的{len(ok)}个成员；红色为核心城市；条形旁为全国排名"
        + (f"（共{number(nation)}个地区）" if nation is not None else "") + "。不同年份的ECI不可比较。"
        + (f"无ECI：{listed(gone, lang)}。" if gone else "") + _source(results, lang))
    rank_text = [pick(lang, f"#{int(r)}", f"第{int(r)}位") if pd.notna(r) else "" for r in rank]

    def static():
        from matplotlib.patches import Patch

        with figure_style(lang):
            fig, (ax,) = panels(7.0, max(3.0, 0.2 * len(ok) + 1.2))
            pos = list(range(len(ok)))[::-1]
            ax.barh(pos, eci, color=colours)
            ax.set_yticks(pos, label)
            for p, v, t in zip(pos, eci, rank_text):
                ax.annotate(t, (v, p), xytext=(3 if v >= 0 else -3, 0), textcoords="offset points",
                            ha="left" if v >= 0 else "right", va="center", fontsize=6, color="#555555")
            ax.axvline(0, color="black", lw=0.6)
            lo, hi = min(0.0, min(eci)), max(0.0, max(eci))
            ax.set_xlim(lo - 0.15 * (hi - lo) * (lo < 0), hi + 0.1 * (hi - lo))
            ax.set_xlabel(xlabel)
            ax.set_title(title)
            ax.legend(handles=[Patch(color=CORE_COLOURS["core"], label=pick(lang, "core city", "核心城市")),
                               Patch(color=CORE_COLOURS["periphery"], label=pick(lang, "other member", "其他成员"))],
                      loc="lower right", fontsize=7, frameon=False)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        for is_core, name in ((True, pick(lang, "core city", "核心城市")), (False, pick(lang, "other member", "其他成员"))):
            idx = [i for i in range(len(ok)) if core[i] == is_core]
            if idx:
                fig.add_trace(go.Bar(x=[eci[i] for i in idx], y=[label[i] for i in idx], orientation="h",
                                     marker_color=colours[idx[0]], name=name, text=[rank_text[i] for i in idx],
                                     textposition="outside", hovertemplate="%{y}: ECI %{x:.2f} (%{text})<extra></extra>"))
        fig.update_layout(**plotly_layout(lang, title, xaxis={"title": {"text": xlabel}},
                                          yaxis={"categoryorder": "array", "categoryarray": label[::-1]},
                                          height=max(320, 20 * len(ok) + 140)))
        return fig

    return Figure("eci_ranking", lang, title, caption, static, interactive, table="members")


# -- triple helix -------------------------------------------------------------------------------
def triple_helix(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """Triple-helix synergy as the results hold it: for ``collaboration`` (table ``synergy``)
    the mutual redundancy R of each region and year (filled: synergy beyond independent actor
    types, p below the workflow's level; hollow: not; grey: too few documents), with R under
    independence as a tick; for ``synergy`` (knowledge base, table ``summary``) T(GT), T(GO),
    T(TO) and T(GTO) of each group. More negative = more synergy."""
    if "synergy" in results.tables:
        return _collaboration(results, lang)
    summ = results.tables.get("summary")
    if summ is not None and "T_GTO_mbits" in summ and "metros" in results.tables:
        return _knowledge_base(results, lang)
    return None


def _collaboration(results, lang: str) -> Figure | None:
    syn = results.tables["synergy"]
    rcol = next((c for c in syn.columns if c.startswith("R_") and c.endswith("_mbits") and "_null" not in c), None)
    if rcol is None or syn.empty:
        return None
    actors = rcol[2:-6]
    ncol = f"R_{actors}_null_mbits"
    ok = syn[syn[rcol].notna()].reset_index(drop=True)
    left = syn[syn[rcol].isna()]
    if ok.empty:
        return None
    kinds = list(dict.fromkeys(ok["kind"]))
    kind_zh = {"co_patent": "合作专利", "co_publication": "合作论文", "co_application": "联合申请专利"}
    base = display_names(ok, lang)
    rows = [b if len(kinds) == 1 else f"{b} ({pick(lang, k, kind_zh.get(k, k))})" for b, k in zip(base, ok["kind"])]
    order = list(dict.fromkeys(r for _, r in sorted(zip(ok[rcol], rows))))
    years = sorted(ok["year"].unique())
    ycol = {yr: SERIES[i % len(SERIES)] for i, yr in enumerate(years)}
    r = ok[rcol].astype(float).tolist()
    null = ok[ncol].astype(float).tolist() if ncol in ok else [float("nan")] * len(ok)
    sig = [s is True or s == True for s in ok["synergy"]]  # noqa: E712 (None stays unknown)
    reliable = ok["reliable"].fillna(False).astype(bool).tolist() if "reliable" in ok else [True] * len(ok)
    title = pick(lang, f"Triple-helix synergy R({actors}) by region and year",
                 f"三螺旋协同R({actors})：各地区与年份")
    xlabel = pick(lang, f"R({actors}), millibits (more negative = more synergy)",
                  f"R({actors})，毫比特（越负协同越强）")
    gone = display_names(left, lang)
    caption = pick(
        lang,
        f"{len(ok)} region-years; colour: year; filled: synergy beyond independent actor types "
        "(permutation test), hollow: not significant, grey: too few documents; tick: R under independence. "
        + (f"No R: {listed(gone, lang)}. " if gone else "") + _source(results, lang),
        f"{len(ok)}个地区-年份；颜色为年份；实心为显著超过主体类型相互独立时的协同（置换检验），空心为不显著，"
        "灰色为文献过少；短竖线为独立时的R。" + (f"无R值：{listed(gone, lang)}。" if gone else "") + _source(results, lang))

    def colour(i):
        return ycol[ok["year"].iloc[i]] if reliable[i] else NO_DATA

    def static():
        from matplotlib.lines import Line2D

        with figure_style(lang):
            fig, (ax,) = panels(7.0, max(3.0, 0.3 * len(order) + 1.3))
            pos = {name: len(order) - 1 - k for k, name in enumerate(order)}
            for i in range(len(ok)):
                ax.scatter([r[i]], [pos[rows[i]]], s=50, zorder=3, linewidths=1.4, edgecolors=colour(i),
                           facecolors=colour(i) if sig[i] else "white")
                if pd.notna(null[i]):
                    ax.plot([null[i]], [pos[rows[i]]], marker="|", ms=10, color=colour(i), zorder=2)
            ax.axvline(0, color="black", lw=0.6)
            ax.set_yticks(list(pos.values()), list(pos.keys()))
            ax.set_ylim(-0.6, len(order) - 0.4)
            ax.set_xlabel(xlabel)
            ax.set_title(title)
            ax.legend(handles=[Line2D([], [], marker="o", ls="", color=ycol[yr], label=str(yr)) for yr in years],
                      loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        for yr in years:
            idx = [i for i in range(len(ok)) if ok["year"].iloc[i] == yr]
            fig.add_trace(go.Scatter(
                x=[r[i] for i in idx], y=[rows[i] for i in idx], mode="markers", name=str(yr),
                marker={"size": 11, "color": [colour(i) if sig[i] else "white" for i in idx],
                        "line": {"color": [colour(i) for i in idx], "width": 2}},
                customdata=[[number(null[i], 1), number(ok["p_synergy"].iloc[i], 3)] for i in idx],
                hovertemplate="%{y}: R %{x:.1f}<br>" + pick(lang, "independence", "独立时") +
                              " %{customdata[0]}, p %{customdata[1]}<extra></extra>"))
        fig.add_vline(x=0, line_color="black", line_width=1)
        fig.update_layout(**plotly_layout(lang, title, xaxis={"title": {"text": xlabel}},
                                          yaxis={"categoryorder": "array", "categoryarray": order[::-1]},
                                          height=max(320, 28 * len(order) + 140)))
        return fig

    return Figure("triple_helix", lang, title, caption, static, interactive, table="synergy")


def _knowledge_base(results, lang: str) -> Figure | None:
    summ = results.tables["summary"].reset_index(drop=True)
    terms = [("T_GT_mbits", "T(GT)"), ("T_GO_mbits", "T(GO)"), ("T_TO_mbits", "T(TO)"), ("T_GTO_mbits", "T(GTO)")]
    groups = display_names(summ.rename(columns={"group_id": "region_id"}), lang)
    groups = [g.split(" (")[0].split("（")[0] for g in groups]
    year = summ["year"].iloc[0] if "year" in summ else ""
    title = pick(lang, f"Knowledge-base synergy by group, {year}", f"各城市群知识基础协同（{year}年）")
    ylabel = pick(lang, "T, millibits (T(GTO) more negative = more synergy)", "T，毫比特（T(GTO)越负协同越强）")
    caption = pick(
        lang,
        "Mutual information among geography (county), technology (NAICS sector) and organisation (firm size) "
        f"of {len(summ)} groups: two-way T and the three-way T(GTO). T grows with the number of units and "
        "categories: compare groups with care. " + _source(results, lang),
        f"{len(summ)}个城市群的地域（县）、技术（NAICS部门）与组织（企业规模）之间的互信息：两两之间的T与三者的T(GTO)。"
        "T的大小随单元和类别数增加，比较不同城市群需谨慎。" + _source(results, lang))
    values = {col: summ[col].astype(float).tolist() for col, _ in terms}

    def static():
        with figure_style(lang):
            fig, (ax,) = panels(7.0, 4.2)
            width = 0.8 / len(groups)
            for g, name in enumerate(groups):
                xs = [k + (g - (len(groups) - 1) / 2) * width for k in range(len(terms))]
                vals = [values[col][g] for col, _ in terms]
                ax.bar(xs, vals, width=width, color=SERIES[g % len(SERIES)], label=name)
            ax.set_xticks(range(len(terms)), [t for _, t in terms])
            ax.axhline(0, color="black", lw=0.6)
            ax.set_ylabel(ylabel)
            ax.set_title(title)
            ax.legend(fontsize=7, frameon=False)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        for g, name in enumerate(groups):
            fig.add_trace(go.Bar(x=[t for _, t in terms], y=[values[col][g] for col, _ in terms], name=name,
                                 marker_color=SERIES[g % len(SERIES)],
                                 hovertemplate="%{x}: %{y:.1f}<extra>" + name + "</extra>"))
        fig.update_layout(**plotly_layout(lang, title, barmode="group", yaxis={"title": {"text": ylabel}}))
        return fig

    return Figure("triple_helix", lang, title, caption, static, interactive, table="summary")


# -- co-funding ---------------------------------------------------------------------------------
COFUNDING_LINKS = {
    "university_rd_business_pct": ("university R&D financed by business", "高校研发中企业资助的比重"),
    "business_rd_other_funded_pct": ("company R&D paid by others", "企业研发中由其他方资助的比重"),
}


def cofunding(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """R&D co-funding shares by link (table ``summary``: each group and the nation, in percent),
    grouped bars; each member's share (table ``members``) as a dot beside its group's bar.
    A group without a value gets a "no data" mark, not a bar of 0."""
    summ = results.tables.get("summary")
    if summ is None or summ.empty:
        return None
    links = [k for k in COFUNDING_LINKS if k in summ]
    if not links:
        return None
    summ = summ.reset_index(drop=True)
    members = results.tables.get("members", pd.DataFrame(columns=["group_id", "link", "pct"]))
    gnames = [n.split(" (")[0].split("（")[0] for n in display_names(summ.rename(columns={"group_id": "region_id"}), lang)]
    colours = [NEUTRAL if g == "us" else SERIES[(k - 1) % len(SERIES)] for k, g in enumerate(summ["group_id"])]
    n = len(summ)
    width = 0.8 / n
    title = pick(lang, "R&D co-funding between university, industry and others", "高校、企业与其他方之间的研发共同资助")
    ylabel = pick(lang, "share, %", "比重（%）")
    link_names = [pick(lang, *COFUNDING_LINKS[k]) for k in links]
    missing = [(gnames[g], link_names[k]) for g in range(n) for k, col in enumerate(links) if pd.isna(summ[col].iloc[g])]
    caption = pick(
        lang,
        "Pooled shares of each group's members and of the nation (grey); dots: members' own shares. "
        + (f"No data: {listed([f'{a} ({b})' for a, b in missing], lang)}. " if missing else "") + _source(results, lang),
        "各城市群成员合计的比重与全国（灰色）；圆点为各成员自身的比重。"
        + (f"无数据：{listed([f'{a}（{b}）' for a, b in missing], lang)}。" if missing else "") + _source(results, lang))

    def cells():
        for g in range(n):
            for k, col in enumerate(links):
                yield g, k, col, k + (g - (n - 1) / 2) * width, summ[col].iloc[g]

    def member_pct(g, col):
        m = members[(members["group_id"] == summ["group_id"].iloc[g]) & (members["link"] == col)]
        return m["pct"].dropna().astype(float).tolist()

    def static():
        with figure_style(lang):
            fig, (ax,) = panels(7.0, 4.4)
            for g in range(n):
                xs = [x for gg, _k, _c, x, _v in cells() if gg == g]
                vals = [v for gg, _k, _c, _x, v in cells() if gg == g]
                have = [i for i, v in enumerate(vals) if pd.notna(v)]
                ax.bar([xs[i] for i in have], [vals[i] for i in have], width=width * 0.95, color=colours[g],
                       label=gnames[g])
                for i, v in enumerate(vals):
                    if pd.isna(v):
                        ax.text(xs[i], 0, pick(lang, "no data", "无数据"), ha="center", va="bottom", fontsize=7,
                                color=NEUTRAL, rotation=90)
                    else:
                        ax.text(xs[i], v, number(v, 1), ha="center", va="bottom", fontsize=7)
            for g, k, col, x, _v in cells():
                pts = member_pct(g, col)
                if pts:
                    ax.scatter([x + width * 0.3] * len(pts), pts, s=6, color="black", alpha=0.35, zorder=3)
            ax.set_xticks(range(len(links)), link_names)
            ax.set_ylabel(ylabel)
            ax.set_title(title)
            ax.legend(fontsize=7, frameon=False)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        for g in range(n):
            vals = [summ[col].iloc[g] for col in links]
            fig.add_trace(go.Bar(x=link_names, y=[None if pd.isna(v) else float(v) for v in vals], name=gnames[g],
                                 marker_color=colours[g], text=[number(v, 1) for v in vals], textposition="outside",
                                 hovertemplate="%{x}: %{y:.1f}%<extra>" + gnames[g] + "</extra>"))
        fig.update_layout(**plotly_layout(lang, title, barmode="group", yaxis={"title": {"text": ylabel}}))
        return fig

    return Figure("cofunding", lang, title, caption, static, interactive, table="summary")
