"""Figures of the composite-centre and relocation workflow (``analysis.composite_centre``):
family shares of the core and the rest, shift-share components, relocation of manufacturing,
and the group's composition as a treemap."""

from __future__ import annotations

import re

from megaregion.figures.base import (CORE_COLOURS, NEUTRAL, SERIES, Figure, FigureContext,
                                     figure_style, names, new_figure, pick, plotly_layout)
from megaregion.i18n.values import value_label

#: The two aggregates the workflow reports, by the column names it uses: advanced producer
#: services and manufacturing (NAICS, or Chinese employment sections), or the tertiary and
#: secondary sectors (Chinese value added, a proxy it names as what it holds).
FAMILY_LABELS = {"advanced_services": ("advanced producer services", "高端生产性服务业"),
                 "manufacturing": ("manufacturing", "制造业"),
                 "tertiary": ("tertiary sector", "第三产业"), "secondary": ("secondary sector", "第二产业"),
                 "advanced_manufacturing": ("advanced manufacturing", "先进制造业"),
                 "traditional_manufacturing": ("traditional manufacturing", "传统制造业")}
CORE = CORE_COLOURS["core"]
CORE_MEMBER = "#f4a582"
GROUP = "#000000"
REST = "#bdbdbd"


def _families(results):
    """``(A, M)``: the services and manufacturing aggregates' column stems in these results."""
    summary = results.tables.get("summary")
    if summary is not None and "core_share_tertiary" in summary:
        return "tertiary", "secondary"
    return "advanced_services", "manufacturing"


def _fam(lang, key):
    return pick(lang, *FAMILY_LABELS.get(key, (key, key)))


def _zh_names(results):
    """region_id -> (name, name_zh, core) from table ``regions`` (the shift-share table has
    English names only)."""
    reg = results.tables["regions"].drop_duplicates("region_id").set_index("region_id")
    return reg


#: Units of a measure where the number alone does not say it (the source's own unit, see
#: ``analysis.composite_centre.SOURCE_ZH`` and the data README).
UNITS = {("cn/city_panel", "value_added"): ("100 million yuan, current prices", "亿元，当年价")}


def _measure(results, lang):
    m = str(results.tables["summary"]["measure"].iloc[0])
    return value_label(m, lang) if lang == "zh" else m.replace("_", " ")


def _unit(results, lang) -> str:
    """`` (unit)`` of the measure, or nothing (counts of employees need none)."""
    s = results.tables["summary"].iloc[0]
    unit = UNITS.get((str(s.get("source")), str(s.get("measure"))))
    return "" if unit is None else pick(lang, f" ({unit[0]})", f"（{unit[1]}）")


# -- family shares -----------------------------------------------------------------------------
def family_shares(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """Share of the services aggregate and of manufacturing in each year, as a slope chart per
    family: the core taken together and the whole group (table ``summary``), each core member
    (light red) and each other member (grey) (table ``regions``). Members whose share is
    unknown (withheld cells) are not drawn and are counted in the caption."""
    import pandas as pd

    summary, regions = results.tables.get("summary"), results.tables.get("regions")
    if summary is None or regions is None or summary.empty or regions.empty:
        return None
    A, M = _families(results)
    years = sorted(int(y) for y in summary["year"])
    summary = summary.set_index(summary["year"].astype(int)).loc[years]
    regions = regions.assign(year=regions["year"].astype(int))
    panels = []
    for fam in (A, M):
        col = f"share_{fam}"
        wide = regions.drop_duplicates(["region_id", "year"]).set_index(["region_id", "year"])[col].unstack()
        wide = wide.reindex(columns=years).astype(float)
        complete = wide.dropna()
        panels.append((fam, complete, len(wide) - len(complete),
                       summary[f"core_share_{fam}"].astype(float).tolist(),
                       summary[f"group_share_{fam}"].astype(float).tolist()))
    info = regions.drop_duplicates("region_id").set_index("region_id")
    label_of = dict(zip(info.index, names(info.reset_index(), lang)))
    core_ids = set(info.index[info["core"].astype(bool)])
    core_names = (summary["core_names_zh"] if lang == "zh" else summary["core_names"]).iloc[-1]
    missing = sum(p[2] for p in panels)
    title = pick(lang, f"Core vs the rest: {_fam(lang, A)} and {_fam(lang, M)}, {years[0]}-{years[-1]}",
                 f"核心与其他成员：{_fam(lang, A)}与{_fam(lang, M)}占比（{years[0]}—{years[-1]}年）")
    caption = pick(
        lang,
        f"Share of each family in a city's {_measure(results, lang)}. Red: the core ({core_names}) taken "
        f"together; black dashed: the whole group; light red: each core member; grey: each other member."
        + (f" {missing} member line{'' if missing == 1 else 's'} not drawn: a share is unknown (withheld or unpublished)."
           if missing else "") + f" Source: {results.title}.",
        f"各城市{_measure(results, lang)}中该产业大类的占比。红色：核心（{core_names}）合计；黑色虚线：全群；"
        f"浅红：各核心成员；灰色：其他各成员。"
        + (f"{missing}条成员线因占比未知（隐去或未公布）未画出。" if missing else "") + f"来源：{results.title_zh}。")

    def static():
        with figure_style(lang):
            from matplotlib.figure import Figure as MplFigure
            fig = MplFigure(figsize=(8, 4.6), layout="constrained")
            axes = fig.subplots(1, 2, sharey=False)
            for ax, (fam, wide, _miss, core, group) in zip(axes, panels):
                for rid, row in wide.iterrows():
                    is_core = rid in core_ids
                    ax.plot(years, row.tolist(), color=CORE_MEMBER if is_core else REST,
                            lw=1.0, alpha=0.9 if is_core else 0.7, zorder=2 if is_core else 1)
                ax.plot(years, group, color=GROUP, lw=2, ls="--", marker="o", zorder=3,
                        label=pick(lang, "group", "全群"))
                ax.plot(years, core, color=CORE, lw=2.6, marker="o", zorder=4, label=pick(lang, "core", "核心"))
                for x, v in ((years[0], core[0]), (years[-1], core[-1])):
                    ax.annotate(f"{100 * v:.1f}%", (x, v), textcoords="offset points",
                                xytext=(-6 if x == years[0] else 6, 0), ha="right" if x == years[0] else "left",
                                va="center", color=CORE, fontsize=8)
                ax.set_xticks(years, [str(y) for y in years])
                ax.set_xlim(years[0] - 0.35 * (years[-1] - years[0]), years[-1] + 0.35 * (years[-1] - years[0]))
                ax.yaxis.set_major_formatter(lambda v, _p: f"{100 * v:.0f}%")
                ax.set_title(_fam(lang, fam))
                ax.set_ylabel(pick(lang, "share", "占比"))
            axes[0].legend(loc="best", frameon=False)
            fig.suptitle(title)
        return fig

    def interactive():
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots

        fig = make_subplots(rows=1, cols=2, subplot_titles=[_fam(lang, p[0]) for p in panels])
        for c, (fam, wide, _miss, core, group) in enumerate(panels, start=1):
            for kind in ("rest", "core_member"):
                xs, ys, text = [], [], []
                for rid, row in wide.iterrows():
                    if (rid in core_ids) != (kind == "core_member"):
                        continue
                    xs += years + [None]
                    ys += row.tolist() + [None]
                    text += [label_of.get(rid, rid)] * len(years) + [None]
                if xs:
                    fig.add_trace(go.Scatter(
                        x=xs, y=ys, text=text, mode="lines", hovertemplate="%{text}: %{y:.1%}<extra></extra>",
                        line={"color": CORE_MEMBER if kind == "core_member" else REST, "width": 1},
                        name=pick(lang, "core members", "核心成员") if kind == "core_member" else pick(lang, "other members", "其他成员"),
                        legendgroup=kind, showlegend=c == 1), row=1, col=c)
            fig.add_trace(go.Scatter(x=years, y=group, mode="lines+markers", name=pick(lang, "group", "全群"),
                                     line={"color": GROUP, "dash": "dash", "width": 2}, legendgroup="group",
                                     showlegend=c == 1, hovertemplate="%{y:.1%}<extra></extra>"), row=1, col=c)
            fig.add_trace(go.Scatter(x=years, y=core, mode="lines+markers", name=pick(lang, "core", "核心"),
                                     line={"color": CORE, "width": 3}, legendgroup="core",
                                     showlegend=c == 1, hovertemplate="%{y:.1%}<extra></extra>"), row=1, col=c)
        fig.update_layout(**plotly_layout(lang, title, height=460))
        fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[str(y) for y in years])
        fig.update_yaxes(tickformat=".0%")
        return fig

    return Figure("family_shares", lang, title, caption, static, interactive, table="summary")


# -- shift-share -------------------------------------------------------------------------------
SHIFT_COMPONENTS = (("national", ("growth at the group's rate", "按全群增速的增长分量"), SERIES[5]),
                    ("industry_mix", ("industry mix", "产业结构分量"), SERIES[1]),
                    ("competitive", ("competitive (regional)", "竞争（区位）分量"), SERIES[0]))


def shift_share(results, lang: str = "en", ctx: FigureContext | None = None, method: str = "classic",
                top: int = 30) -> Figure | None:
    """Classic shift-share components per city (table ``shift_share``, ``method`` rows):
    the growth the reference (the group) would give, the industry-mix effect and the
    competitive effect, stacked from zero (positive parts to the right, negative to the left),
    with the city's total change as a black dot. The cities with the largest absolute change
    (``top``) are drawn, largest first; the core's names are in red."""
    import pandas as pd

    ss = results.tables.get("shift_share")
    if ss is None or ss.empty or "regions" not in results.tables:
        return None
    ss = ss[ss["method"] == method].copy()
    if ss.empty:
        return None
    info = _zh_names(results)
    ss["name"] = ss["region_id"].map(info["name"]).fillna(ss.get("name"))
    ss["name_zh"] = ss["region_id"].map(info["name_zh"])
    ss["core"] = ss["region_id"].map(info["core"]).fillna(False).astype(bool)
    known = ss.dropna(subset=["change", "national", "industry_mix", "competitive"])
    unknown = ss[~ss.index.isin(known.index)]
    shown = known.reindex(known["change"].abs().sort_values(ascending=False).index).head(top)
    n = len(shown)
    if n == 0:
        return None
    label = names(shown, lang).tolist()
    core = shown["core"].tolist()
    comps = {c: shown[c].astype(float).tolist() for c, _l, _c in SHIFT_COMPONENTS}
    change = shown["change"].astype(float).tolist()
    y0, y1 = results.tables["summary"]["year"].astype(int).min(), results.tables["summary"]["year"].astype(int).max()
    unit = _measure(results, lang)
    title = pick(lang, f"Shift-share of {unit}, {y0}-{y1}", f"{unit}的偏离—份额分解（{y0}—{y1}年）")
    more = len(known) - n
    caption = pick(
        lang,
        f"Change of each city's {unit} split into the growth at the group's rate (national component, the "
        f"group as reference), the industry-mix and the competitive effects ({method} shift-share); black dot: "
        f"total change. {n} cities by size of change" + (f", {more} more in the table" if more else "")
        + "; core in red." + (f" No data: {', '.join(names(unknown, 'en'))}." if len(unknown) else "")
        + f" Source: {results.title}.",
        f"各城市{unit}的变化分解为按全群增速的增长（参照分量，以全群为参照）、产业结构分量和竞争分量（"
        f"{'经典' if method == 'classic' else 'Esteban-Marquillas'}偏离—份额法）；黑点为总变化。按变化幅度列出{n}个城市"
        + (f"，另有{more}个见表" if more else "") + "；红色为核心城市。"
        + (f"无数据：{'、'.join(names(unknown, 'zh'))}。" if len(unknown) else "") + f"来源：{results.title_zh}。")
    xlabel = pick(lang, f"change in {unit}", f"{unit}变化") + _unit(results, lang)

    def stacks():
        """Left and width of each component's bar per city: positive parts stacked rightwards
        from zero, negative parts leftwards."""
        pos = [0.0] * n
        neg = [0.0] * n
        out = {}
        for c, _l, _col in SHIFT_COMPONENTS:
            left = []
            for i, v in enumerate(comps[c]):
                if v >= 0:
                    left.append(pos[i])
                    pos[i] += v
                else:
                    neg[i] += v
                    left.append(neg[i])
            out[c] = (left, [abs(v) for v in comps[c]])
        return out

    def static():
        with figure_style(lang):
            fig, ax = new_figure(lang, 8, max(3.0, 0.28 * n + 1.4))
            y = list(range(n))[::-1]
            for c, lab, colour in SHIFT_COMPONENTS:
                left, width = stacks()[c]
                ax.barh(y, width, left=left, color=colour, label=pick(lang, *lab), height=0.7)
            ax.scatter(change, y, color="black", zorder=3, s=14, label=pick(lang, "total change", "总变化"))
            ax.axvline(0, color="black", lw=0.6)
            ax.set_yticks(y, label)
            for tick, is_core in zip(ax.get_yticklabels(), core):
                if is_core:
                    tick.set_color(CORE)
                    tick.set_fontweight("bold")
            ax.set_xlabel(xlabel)
            ax.xaxis.set_major_formatter(lambda v, _p: f"{v:,.0f}")
            ax.set_title(title)
            ax.legend(loc="lower right", fontsize=7)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        ticks = [f"<span style='color:{CORE}'><b>{lab}</b></span>" if c else lab for lab, c in zip(label, core)]
        for c, lab, colour in SHIFT_COMPONENTS:
            fig.add_trace(go.Bar(x=comps[c], y=ticks, orientation="h", name=pick(lang, *lab), marker_color=colour,
                                 hovertemplate="%{y}: %{x:,.0f}<extra>" + pick(lang, *lab) + "</extra>"))
        fig.add_trace(go.Scatter(x=change, y=ticks, mode="markers", marker={"color": "black", "size": 7},
                                 name=pick(lang, "total change", "总变化"),
                                 hovertemplate="%{y}: %{x:,.0f}<extra></extra>"))
        fig.update_layout(**plotly_layout(lang, title, barmode="relative", xaxis={"title": {"text": xlabel}},
                                          yaxis={"categoryorder": "array", "categoryarray": ticks[::-1]},
                                          height=max(320, 24 * n + 140)))
        return fig

    return Figure("shift_share", lang, title, caption, static, interactive, table="shift_share")


# -- relocation --------------------------------------------------------------------------------
def relocation(results, lang: str = "en", ctx: FigureContext | None = None, sector: str | None = None,
               ends: int = 20) -> Figure | None:
    """Who gained the centre's manufacturing: each member's change of its share of the group's
    manufacturing (the secondary sector for Chinese value added) between the two years, in
    percentage points (table ``relocation``, column ``change_pp``), largest gain first; core
    members in red. In a long table the ``ends`` largest gains and losses and the core are
    drawn (the caption says how many are left to the table). Members whose change is unknown
    are named in the caption, not drawn."""
    reloc = results.tables.get("relocation")
    if reloc is None or reloc.empty:
        return None
    sector = sector or _families(results)[1]
    part = reloc[reloc["sector"] == sector]
    if part.empty:
        return None
    known = part[part["change_pp"].notna()].sort_values("change_pp", ascending=False)
    unknown = part[part["change_pp"].isna()]
    left = 0
    if len(known) > 2 * ends + 10:  # long: the largest gains and losses, and every core member
        keep = known.index.isin(known.index[:ends]) | known.index.isin(known.index[-ends:]) | known["core"].astype(bool)
        left = int((~keep).sum())
        known = known[keep]
    n = len(known)
    if n == 0:
        return None
    label = names(known, lang).tolist()
    value = known["change_pp"].astype(float).tolist()
    core = known["core"].astype(bool).tolist()
    colours = [CORE if c else NEUTRAL for c in core]
    y0, y1 = int(part["year0"].iloc[0]), int(part["year1"].iloc[0])
    summ = results.tables.get("relocation_summary")
    core_en = core_zh = ""
    if summ is not None:
        row = summ[(summ["sector"] == sector) & (summ["part"] == "core")]
        if len(row) and row["change_pp"].notna().all():
            s0, s1, d = float(row["share0"].iloc[0]), float(row["share1"].iloc[0]), float(row["change_pp"].iloc[0])
            core_en = f" The core held {100 * s0:.1f}% in {y0} and {100 * s1:.1f}% in {y1} ({d:+.1f} pp)."
            core_zh = f"核心所占份额{y0}年为{100 * s0:.1f}%，{y1}年为{100 * s1:.1f}%（{d:+.1f}个百分点）。"
    fam = _fam(lang, sector)
    title = pick(lang, f"Who gained the group's {fam}? {y0}-{y1}", f"谁承接了{fam}？（{y0}—{y1}年）")
    caption = pick(
        lang,
        f"Change of each member's share of the group's {fam} ({_measure(results, lang)}), in percentage "
        f"points; red: core.{core_en}"
        + (f" The {ends} largest gains and losses and the core are drawn; {left} more members are in the table."
           if left else "") + (f" No data: {', '.join(names(unknown, 'en'))}." if len(unknown) else "")
        + f" Source: {results.title}.",
        f"各成员占全群{fam}（{_measure(results, lang)}）份额的变化（百分点）；红色为核心。{core_zh}"
        + (f"图中为增幅和降幅最大的各{ends}个成员及核心，其余{left}个成员见表。" if left else "")
        + (f"无数据：{'、'.join(names(unknown, 'zh'))}。" if len(unknown) else "") + f"来源：{results.title_zh}。")
    xlabel = pick(lang, "change of share (percentage points)", "份额变化（百分点）")

    def static():
        with figure_style(lang):
            fig, ax = new_figure(lang, 7, max(3.0, 0.22 * n + 1.3))
            y = list(range(n))[::-1]
            ax.barh(y, value, color=colours, height=0.75)
            ax.axvline(0, color="black", lw=0.6)
            ax.set_yticks(y, label, fontsize=8 if n <= 40 else 6)
            for tick, is_core in zip(ax.get_yticklabels(), core):
                if is_core:
                    tick.set_color(CORE)
                    tick.set_fontweight("bold")
            ax.set_xlabel(xlabel)
            ax.set_title(title)
            from matplotlib.patches import Patch
            ax.legend(handles=[Patch(color=CORE, label=pick(lang, "core", "核心")),
                               Patch(color=NEUTRAL, label=pick(lang, "other members", "其他成员"))],
                      loc="lower right", fontsize=7)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        for flag, colour, lab in ((True, CORE, pick(lang, "core", "核心")),
                                  (False, NEUTRAL, pick(lang, "other members", "其他成员"))):
            idx = [i for i, c in enumerate(core) if c == flag]
            if idx:
                fig.add_trace(go.Bar(x=[value[i] for i in idx], y=[label[i] for i in idx], orientation="h",
                                     marker_color=colour, name=lab,
                                     hovertemplate="%{y}: %{x:+.2f}<extra></extra>"))
        fig.update_layout(**plotly_layout(lang, title, xaxis={"title": {"text": xlabel}},
                                          yaxis={"categoryorder": "array", "categoryarray": label[::-1]},
                                          height=max(320, 20 * n + 140)))
        return fig

    return Figure("relocation", lang, title, caption, static, interactive, table="relocation")


# -- composition treemap -----------------------------------------------------------------------
def squarify(values, x: float, y: float, width: float, height: float) -> list[tuple[float, float, float, float]]:
    """Squarified treemap layout: rectangles ``(x, y, w, h)`` tiling the box, one per value,
    areas proportional to the values, laid out row by row so that aspect ratios stay close
    to 1.

    Parameters
    ----------
    values : positive numbers, largest first (the algorithm's order).
    x, y, width, height : the box to tile.

    References
    ----------
    Bruls, M., Huizing, K., van Wijk, J. J. (2000). Squarified treemaps. In *Data Visualization
    2000* (Proc. Joint Eurographics and IEEE TCVG Symposium on Visualization), 33-42.
    """
    total = float(sum(values))
    if total <= 0 or not values:
        return []
    areas = [v * width * height / total for v in values]
    rects: list[tuple[float, float, float, float]] = []

    def worst(row, length):
        s = sum(row)
        return max(max(length * length * r / (s * s), (s * s) / (length * length * r)) for r in row)

    def lay(row, x, y, w, h):
        s = sum(row)
        if w >= h:  # a column on the left
            cw = s / h
            yy = y
            for r in row:
                rects.append((x, yy, cw, r / cw))
                yy += r / cw
            return x + cw, y, w - cw, h
        rh = s / w  # a row at the bottom
        xx = x
        for r in row:
            rects.append((xx, y, r / rh, rh))
            xx += r / rh
        return x, y + rh, w, h - rh

    row: list[float] = []
    i = 0
    while i < len(areas):
        length = min(width, height)
        if not row or worst(row + [areas[i]], length) <= worst(row, length):
            row.append(areas[i])
            i += 1
        else:
            x, y, width, height = lay(row, x, y, width, height)
            row = []
    if row:
        lay(row, x, y, width, height)
    return rects


def _short(label: str) -> str:
    """A tile's label: the first city of a metro's name (``New York-Newark-Jersey City, NY-NJ``
    -> ``New York``); other names as they are."""
    return re.split(r"[-,]", label)[0].strip() or label


def composition_treemap(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """The group's activity in the last year by member (table ``regions``, column ``total``),
    the core and the other members as two parents, each city a tile sized by its total and
    coloured by its manufacturing (secondary) share. The results hold no per-industry
    composition (only the two family shares per city), so the treemap is of cities, not of
    industries. Members without a total are named in the caption; a tile whose share is
    unknown is grey."""
    import numpy as np

    regions = results.tables.get("regions")
    if regions is None or regions.empty:
        return None
    A, M = _families(results)
    year = int(regions["year"].max())
    reg = regions[regions["year"].astype(int) == year].copy()
    unknown = reg[~(reg["total"].astype(float) > 0)]
    reg = reg[reg["total"].astype(float) > 0]
    if reg.empty:
        return None
    reg["_label"] = names(reg, lang).tolist()
    col = f"share_{M}"
    parts = []
    for flag, en, zh in ((True, "core", "核心"), (False, "other members", "其他成员")):
        p = reg[reg["core"].astype(bool) == flag].sort_values("total", ascending=False)
        if len(p):
            parts.append((pick(lang, en, zh), flag, p))
    share = reg[col].astype(float)
    vmax = float(np.nanmax(share)) if share.notna().any() else 1.0
    vmin = float(np.nanmin(share)) if share.notna().any() else 0.0
    vmin = vmin if vmin < vmax else 0.0
    unit = _measure(results, lang)
    fam = _fam(lang, M)
    title = pick(lang, f"The group's {unit} by city, {year}", f"全群{unit}的城市构成（{year}年）")
    caption = pick(
        lang,
        f"Tile area: a city's {unit} in {year}; colour: its {fam} share (grey: unknown); red outline: the core. "
        f"The results hold "
        f"shares of two sector families per city, not a per-industry composition."
        + (f" No total: {', '.join(names(unknown, 'en'))}." if len(unknown) else "") + f" Source: {results.title}.",
        f"方块面积：{year}年各城市{unit}；颜色：{fam}占比（灰色：未知）；红框：核心。结果只含各城市两个产业大类的占比，"
        f"没有分行业构成。" + (f"无总量：{'、'.join(names(unknown, 'zh'))}。" if len(unknown) else "")
        + f"来源：{results.title_zh}。")
    cmap_name = "YlGnBu"

    def static():
        from matplotlib import colormaps
        from matplotlib.colors import Normalize
        from matplotlib.patches import Rectangle

        with figure_style(lang):
            fig, ax = new_figure(lang, 8, 5.2)
            cmap, norm = colormaps[cmap_name], Normalize(vmin, vmax)
            W, H = 100.0, 62.0
            outer = squarify([float(p["total"].sum()) for _l, _f, p in parts], 0, 0, W, H)
            for (plabel, flag, p), (ox, oy, ow, oh) in zip(parts, outer):
                inner = squarify(p["total"].astype(float).tolist(), ox, oy, ow, oh)
                for (_, r), (x, y, w, h) in zip(p.iterrows(), inner):
                    v = r[col]
                    face = NEUTRAL if not np.isfinite(v) else cmap(norm(v))
                    ax.add_patch(Rectangle((x, y), w, h, facecolor=face, edgecolor="white", lw=0.8))
                    text = _short(r["_label"])
                    size = 7 if w * h > 60 else 5.5
                    # about one box unit per point of font size and character (CJK twice as wide)
                    wide = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) * size * 0.085
                    if wide < w * 0.95 and h > 4:
                        ax.text(x + w / 2, y + h / 2, text + (f"\n{100 * v:.0f}%" if np.isfinite(v) else ""),
                                ha="center", va="center", fontsize=size,
                                color="white" if np.isfinite(v) and norm(v) > 0.6 else "black")
                ax.add_patch(Rectangle((ox, oy), ow, oh, fill=False, edgecolor=CORE if flag else "black", lw=2.2))
            ax.set_xlim(0, W)
            ax.set_ylim(H, 0)
            ax.set_aspect("equal")
            ax.axis("off")
            from matplotlib.cm import ScalarMappable
            cb = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.7,
                              label=pick(lang, f"{fam} share", f"{fam}占比"))
            cb.formatter = lambda v, _p: f"{100 * v:.0f}%"
            cb.update_ticks()
            ax.set_title(title)
        return fig

    def interactive():
        import plotly.graph_objects as go

        root = pick(lang, "group", "全群")
        ids, labels, parents, values, colours, text = [root], [root], [""], [0.0], [None], [""]
        for plabel, _flag, p in parts:
            ids.append(plabel); labels.append(plabel); parents.append(root); values.append(0.0)
            colours.append(None); text.append("")
            for _, r in p.iterrows():
                v = r[col]
                ids.append(f"{plabel}/{r['region_id']}"); labels.append(r["_label"]); parents.append(plabel)
                values.append(float(r["total"]))
                colours.append(float(v) if np.isfinite(v) else None)
                text.append(f"{100 * v:.1f}%" if np.isfinite(v) else pick(lang, "unknown", "未知"))
        from matplotlib import colormaps
        from matplotlib.colors import Normalize, to_hex

        cmap, norm = colormaps[cmap_name], Normalize(vmin, vmax)
        fill = ["#ffffff" if "/" not in i else (NEUTRAL if c is None else to_hex(cmap(norm(c))))
                for i, c in zip(ids, colours)]
        fig = go.Figure(go.Treemap(
            ids=ids, labels=labels, parents=parents, values=values, branchvalues="remainder", text=text,
            texttemplate="%{label}<br>%{text}",
            hovertemplate="%{label}<br>%{value:,.0f}<br>" + fam + ": %{text}<extra></extra>",
            marker={"colors": fill, "line": {"color": "white", "width": 1}}))
        fig.update_layout(**plotly_layout(lang, title, height=560))
        return fig

    return Figure("composition_treemap", lang, title, caption, static, interactive, table="regions")
