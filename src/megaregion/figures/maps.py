"""Maps of a group: the network on the map, choropleths, LISA clusters and alliances.

Every map is drawn in plain lon/lat on an equal-aspect frame (one degree of latitude drawn
1/cos(mean latitude) times as long as one of longitude), static with matplotlib and
interactive with plotly x/y traces: never plotly's geo or tile traces, which fetch their
basemaps from the internet. Polygons come from the data folder (:mod:`megaregion.figures.geo`);
the figures read the ``Results`` tables and compute no index. Colour classes of a choropleth
are quantiles of the values drawn (a display choice, stated in the legend).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from megaregion.errors import MegaregionError
from megaregion.figures.base import (CORE_COLOURS, LISA_COLOURS, SERIES, TIER_COLOURS, Figure,
                                     FigureContext, figure_style, names, new_figure, pick,
                                     plotly_layout)
from megaregion.figures.geo import (Layer, background_layers, data_folder, extent_of, region_layer,
                                    simplified)
from megaregion.figures.network import TIER_LABELS

#: Cells without a value: grey, hatched in the static map, never a colour of the scale.
NO_DATA = "#d9d9d9"
#: Sequential ramp of the choropleths (ColorBrewer YlGnBu, 7 classes); k classes take k of them.
RAMP = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84")
MEMBER_FILL, MEMBER_EDGE = "#f3efe6", "#b0a898"
BACK_FILL, BACK_EDGE, PROVINCE_EDGE = "#f7f7f7", "#ffffff", "#bdbdbd"
LINK_COLOUR = "#555555"
CP_EDGE = {"core": ("#000000", 1.6), "semi-core": ("#000000", 0.8)}
CP_LABELS = {"core": ("network core (black ring)", "网络核心（黑色粗边）"),
             "semi-core": ("network semi-core (thin ring)", "网络半核心（黑色细边）")}
ACTION_COLOURS = {"build": SERIES[3], "consolidate": SERIES[0], "as_expected": SERIES[2],
                  "no_link_data": SERIES[4]}
ACTION_LABELS = {"build": ("build the link (below expected)", "建立联系（低于预期）"),
                 "consolidate": ("consolidate (above expected)", "巩固联系（高于预期）"),
                 "as_expected": ("link as expected", "联系符合预期"),
                 "no_link_data": ("no link data", "无联系数据")}
NO_DATA_LABEL = ("no data", "无数据")
MAP_NOTICE_ZH = "公开出版的地图须使用国家标准地图"
TOP_LINKS = 150


# -- numbers and captions -----------------------------------------------------------------------
def _fmt(x: float) -> str:
    """A number as a reader reads it: thousands separated, three significant digits below 1,000."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    a = abs(x)
    if a >= 1000:
        return f"{x:,.0f}"
    if a >= 100:
        return f"{x:.0f}"
    if a >= 10:
        return f"{x:.1f}"
    if a == 0:
        return "0"
    return f"{x:.3g}"


def _int(n: int) -> str:
    return f"{n:,}"


def _caption(lang: str, parts: list[str], layers: list[Layer]) -> str:
    """Caption: the figure's own sentences, the boundary source, and for Chinese readers the
    standard-map notice."""
    sources = []
    for layer in layers:
        for s in layer.sources:
            if s not in sources:
                sources.append(s)
    src = Layer("", [], tuple(sources)).caption(lang) if sources else ""
    sep = "" if lang == "zh" else " "
    text = sep.join(p for p in parts if p)
    if src:
        text += (sep + src + ("。" if lang == "zh" else "."))
    if lang == "zh":
        text += MAP_NOTICE_ZH + "。"
    return text


def _listed(df: pd.DataFrame, lang: str, limit: int = 12) -> str:
    shown = names(df, lang).tolist()
    more = len(shown) - limit
    join = "、" if lang == "zh" else ", "
    text = join.join(shown[:limit])
    if more > 0:
        text += pick(lang, f" and {more} more", f"等{len(shown)}个")
    return text


# -- the frame: lon/lat at equal aspect ---------------------------------------------------------
class _Frame:
    """Extent and aspect of one map; the polygons simplified to about a pixel."""

    def __init__(self, extent, width_in: float = 7.0):
        self.x0, self.x1, self.y0, self.y1 = extent
        self.lat0 = (self.y0 + self.y1) / 2
        self.ratio = 1 / max(math.cos(math.radians(self.lat0)), 0.2)
        self.tolerance = (self.x1 - self.x0) / 1500
        self.width = width_in
        span_y = (self.y1 - self.y0) * self.ratio
        self.height = float(np.clip(width_in * span_y / max(self.x1 - self.x0, 1e-9), 3.0, 9.0))

    def shape(self, rid, geom):
        return simplified(geom, rid, self.tolerance)

    def static_axes(self, lang: str, title: str, extra_height: float = 0.9):
        fig, ax = new_figure(lang, self.width, self.height + extra_height)
        ax.set_xlim(self.x0, self.x1)
        ax.set_ylim(self.y0, self.y1)
        ax.set_aspect(self.ratio)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_color("#cccccc")
        ax.set_title(title)
        return fig, ax

    def plotly_axes(self, lang: str, title: str, **extra) -> dict:
        axis = {"visible": False, "showgrid": False, "zeroline": False}
        height = int(np.clip(640 * self.height / self.width, 380, 900)) + 60
        legend = {"itemsizing": "constant", **extra.pop("legend", {})}
        return plotly_layout(lang, title, xaxis={**axis, "range": [self.x0, self.x1]},
                             yaxis={**axis, "range": [self.y0, self.y1], "scaleanchor": "x",
                                    "scaleratio": self.ratio},
                             height=height, legend=legend, hovermode="closest", **extra)


def _mpl_path(geom):
    """A matplotlib Path of a Polygon / MultiPolygon, holes included."""
    from matplotlib.path import Path as MplPath

    verts, codes = [], []
    polys = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
    for poly in polys:
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            if len(xy) < 3:
                continue
            verts.append(xy)
            c = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
            c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            codes.append(c)
    if not verts:
        return None
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def _draw_polygons(ax, frame: _Frame, shapes, facecolors, edgecolor, linewidth, gid, zorder,
                   hatch=None, alpha=1.0):
    """One PatchCollection for ``shapes`` (one patch per shape, tagged ``gid``)."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import PathPatch

    patches, colours = [], []
    fc = facecolors if isinstance(facecolors, (list, tuple)) else [facecolors] * len(shapes)
    for (rid, g), c in zip(shapes, fc):
        path = _mpl_path(frame.shape(rid, g))
        if path is not None:
            patches.append(PathPatch(path))
            colours.append(c)
    if not patches:
        return None
    coll = PatchCollection(patches, facecolors=colours, edgecolors=edgecolor, linewidths=linewidth,
                           zorder=zorder, alpha=alpha)
    if hatch:
        coll.set_hatch(hatch)
    coll.set_gid(gid)
    ax.add_collection(coll)
    return coll


def _xy(frame: _Frame, shapes):
    """x, y lists of the outer rings of ``shapes``, separated by ``None`` (one plotly trace)."""
    xs, ys = [], []
    for rid, g in shapes:
        g = frame.shape(rid, g)
        for poly in (g.geoms if g.geom_type == "MultiPolygon" else [g]):
            xy = np.round(np.asarray(poly.exterior.coords), 4)  # about 10 m: enough for a screen
            xs.extend(xy[:, 0].tolist())
            ys.extend(xy[:, 1].tolist())
            xs.append(None)
            ys.append(None)
    return xs, ys


def _poly_trace(frame, shapes, fill, line, width, name, meta, showlegend=False, hoverinfo="skip",
                pattern=False):
    import plotly.graph_objects as go

    xs, ys = _xy(frame, shapes)
    extra = {"fillpattern": {"shape": "/", "fgcolor": "#999999", "size": 6}} if pattern else {}
    return go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill,
                      line={"color": line, "width": width}, name=name, meta=meta,
                      showlegend=showlegend, hoverinfo=hoverinfo, **extra)


def _base_layers(ctx, region_ids, points=()):
    """Members' polygons, the frame around them and what lies around, lightly."""
    folder = data_folder(ctx)
    members = region_layer(region_ids, folder, group=getattr(ctx, "group", None),
                           regions=getattr(ctx, "regions", None))
    extent = extent_of(members.shapes, points)
    if extent is None:
        return None
    countries = {s for s in members.sources}
    countries |= {"cn" if str(r).startswith("cn:") else "us" for r in region_ids
                  if str(r).startswith(("cn:", "us"))}
    back = background_layers(extent, countries, folder, exclude={rid for rid, _ in members.shapes})
    return members, back, _Frame(extent)


def _draw_background_static(ax, frame, back):
    for layer in back:
        if layer.name == "provinces":
            _draw_polygons(ax, frame, layer.shapes, "none", PROVINCE_EDGE, 0.8, layer.name, 1.5)
        else:
            _draw_polygons(ax, frame, layer.shapes, BACK_FILL, "#e0e0e0", 0.4, layer.name, 0.5)
            if layer.name == "states":  # state lines over the member counties
                _draw_polygons(ax, frame, layer.shapes, "none", "#b5b5b5", 0.7, "state_lines", 1.5)


def _background_traces(frame, back):
    traces = []
    for layer in back:
        if not layer.shapes:
            continue
        if layer.name == "provinces":
            t = _poly_trace(frame, layer.shapes, "rgba(0,0,0,0)", PROVINCE_EDGE, 0.8, layer.name, layer.name)
            t.fill = None
        else:
            t = _poly_trace(frame, layer.shapes, BACK_FILL, "#e0e0e0", 0.4, layer.name, layer.name)
        traces.append(t)
    return traces


def _coords(ids, tables, ctx) -> pd.DataFrame:
    """lon/lat of ``ids``: from a results table with lat/lon, else the group's members or the
    regions table of the context; missing ones NaN."""
    out = pd.DataFrame({"region_id": list(ids)})
    out["lon"] = np.nan
    out["lat"] = np.nan
    sources = [t for t in tables if t is not None and {"lat", "lon", "region_id"} <= set(t.columns)]
    for extra in (getattr(getattr(ctx, "group", None), "members", None), getattr(ctx, "regions", None)):
        if extra is not None and {"lat", "lon", "region_id"} <= set(extra.columns):
            sources.append(extra)
    for src in sources:
        s = src.dropna(subset=["lat", "lon"]).drop_duplicates("region_id").set_index("region_id")
        need = out["lon"].isna() | out["lat"].isna()
        lon = pd.to_numeric(out["region_id"].map(s["lon"]), errors="coerce")
        lat = pd.to_numeric(out["region_id"].map(s["lat"]), errors="coerce")
        out["lon"] = out["lon"].where(~need, lon)
        out["lat"] = out["lat"].where(~need, lat)
    return out


def _arc(a, b, frame_ratio=None, bend: float = 0.18, n: int = 17) -> list[tuple[float, float]]:
    """Points of a gentle arc from ``a`` to ``b`` (a quadratic curve bulging ``bend`` of the
    length to one side), so that recommendations along one corridor do not hide each other."""
    (x0, y0), (x1, y1) = (a, b) if a <= b else (b, a)
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = x1 - x0, y1 - y0
    cx, cy = mx - dy * bend, my + dx * bend
    t = np.linspace(0, 1, n)
    xs = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t ** 2 * x1
    ys = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t ** 2 * y1
    return list(zip(xs.tolist(), ys.tolist()))


def _link_style(weights: np.ndarray):
    """Line width (0.3-4 pt) and alpha (0.25-0.85) growing with the square root of the weight."""
    w = np.asarray(weights, dtype=float)
    top = np.nanmax(w) if len(w) and np.nanmax(w) > 0 else 1.0
    r = np.sqrt(np.clip(w, 0, None) / top)
    return 0.3 + 3.7 * r, 0.25 + 0.6 * r


def _lines_by_class(segments, classes) -> dict:
    """Line segments grouped by weight class, each class as one trace's x and y (segments
    separated by None, so a class is one plotly trace, not one per link); classes ascending."""
    out = {}
    for k in sorted(set(classes)):
        xs, ys = [], []
        for (a, b), c in zip(segments, classes):
            if c == k:
                xs += [a[0], b[0], None]
                ys += [a[1], b[1], None]
        out[k] = (xs, ys)
    return out


def _link_classes(weights: np.ndarray, k: int = 4) -> np.ndarray:
    """Width class (0 thinnest .. k-1) of each link for plotly, whose line trace has one width."""
    _, alpha = _link_style(weights)
    r = (alpha - 0.25) / 0.6
    return np.minimum((r * k).astype(int), k - 1)


# -- the network on the map ---------------------------------------------------------------------
def network_map(results, lang: str = "en", ctx: FigureContext | None = None, top: int = TOP_LINKS) -> Figure | None:
    """Cities and links of the last period on the map: member polygons, each city a point at its
    (lon, lat) sized by strength and coloured by tier (main, central, basic node), a black ring
    for the network core (``cp_position``), the ``top`` strongest links as lines whose width and
    opacity grow with the weight. Draws tables ``nodes`` and ``links`` as the workflow returned
    them; nodes without coordinates are named in the caption. ``None`` when the nodes carry no
    coordinates (a results object from before the maps)."""
    nodes = results.tables.get("nodes")
    if nodes is None or nodes.empty or not {"lat", "lon"} <= set(nodes.columns):
        return None
    networks = results.tables.get("networks")
    period = networks["period"].iloc[-1] if networks is not None and not networks.empty else nodes["period"].iloc[-1]
    last = nodes[nodes["period"] == period].reset_index(drop=True)
    placed = last[last["lat"].notna() & last["lon"].notna()].copy()
    unplaced = last[last["lat"].isna() | last["lon"].isna()]
    if placed.empty:
        return None
    # the group's cities outside this network (no link data) are drawn as members too
    base = _base_layers(ctx, list(dict.fromkeys(last["region_id"].tolist() + _group_cities(ctx))),
                        list(zip(placed["lon"], placed["lat"])))
    if base is None:
        return None
    members, back, frame = base

    links = results.tables.get("links")
    links = links[links["period"] == period] if links is not None else pd.DataFrame(columns=["origin", "destination", "weight"])
    links = links[links["weight"] > 0]
    pos = placed.set_index("region_id")[["lon", "lat"]]
    both = links["origin"].isin(pos.index) & links["destination"].isin(pos.index)
    shown = links[both].sort_values("weight", ascending=False, kind="stable").head(top)
    n_links, n_drawable = len(links), int(both.sum())
    lw, la = _link_style(shown["weight"].to_numpy())
    segs = [[tuple(pos.loc[o]), tuple(pos.loc[d])] for o, d in zip(shown["origin"], shown["destination"])]

    strength = placed["strength"].astype(float).fillna(0).to_numpy()
    smax = strength.max() if strength.max() > 0 else 1.0
    area = 12 + 330 * strength / smax
    tiers = placed["tier"].tolist()
    cp = placed["cp_position"].tolist() if "cp_position" in placed else [None] * len(placed)
    label = names(placed, lang).tolist()

    title = pick(lang, f"Cities and links on the map, {period}", f"城市与联系分布图（{period}）")
    parts = [pick(lang, f"{results.title}.", f"{results.title_zh}。"),
             pick(lang, f"Points: {len(placed)} cities at their coordinates, area by strength (sum of link weights), "
                        "colour by tier; black ring: network core.",
                  f"点：{len(placed)}个城市（按坐标定位），面积表示强度（联系权重之和），颜色表示层级；黑色粗边为网络核心。")]
    if len(shown) < n_links:
        parts.append(pick(lang, f"Lines: the strongest {_int(len(shown))} of {_int(n_links)} links of {period}, "
                                "width and opacity by weight.",
                          f"线：{period}期间{_int(n_links)}条联系中最强的{_int(len(shown))}条，线宽与深浅表示权重。"))
    else:
        parts.append(pick(lang, f"Lines: all {_int(len(shown))} links of {period}, width and opacity by weight.",
                          f"线：{period}期间全部{_int(len(shown))}条联系，线宽与深浅表示权重。"))
    if n_drawable < n_links:
        parts.append(pick(lang, f"{n_links - n_drawable} links touch a city without coordinates and are not drawn.",
                          f"{n_links - n_drawable}条联系涉及无坐标的城市，未绘出。"))
    if not unplaced.empty:
        parts.append(pick(lang, f"Not on the map (no coordinates): {_listed(unplaced, lang)}.",
                          f"无坐标、未在图上标出的城市：{_listed(unplaced, lang)}。"))
    if members.missing:
        known = pd.concat([last[["region_id", "name", "name_zh"]], _group_names(ctx)], ignore_index=True)
        miss = known[known["region_id"].isin(members.missing)].drop_duplicates("region_id")
        parts.append(pick(lang, f"No boundary polygon for: {_listed(miss, lang)}.",
                          f"无边界多边形：{_listed(miss, lang)}。"))
    caption = _caption(lang, parts, [members])

    def static():
        from matplotlib.collections import LineCollection
        from matplotlib.lines import Line2D
        import matplotlib.patheffects as pe

        with figure_style(lang):
            fig, ax = frame.static_axes(lang, title)
            _draw_background_static(ax, frame, back)
            _draw_polygons(ax, frame, members.shapes, MEMBER_FILL, MEMBER_EDGE, 0.5, "members", 1)
            if segs:
                colours = [(0.33, 0.33, 0.33, a) for a in la]
                lc = LineCollection(segs, linewidths=lw, colors=colours, zorder=2, capstyle="round")
                lc.set_gid("links")
                ax.add_collection(lc)
            order = np.argsort(-area)  # large points first, small ones stay visible on top
            edge = [CP_EDGE.get(c, ("#ffffff", 0.5)) for c in cp]
            sc = ax.scatter(placed["lon"].to_numpy()[order], placed["lat"].to_numpy()[order], s=area[order],
                            c=[TIER_COLOURS.get(tiers[i], "#999999") for i in order],
                            edgecolors=[edge[i][0] for i in order], linewidths=[edge[i][1] for i in order],
                            zorder=3)
            sc.set_gid("nodes")
            for i, t in enumerate(tiers):
                if t in ("main", "central"):
                    ax.annotate(label[i], (placed["lon"].iloc[i], placed["lat"].iloc[i]), xytext=(5, 4),
                                textcoords="offset points", fontsize=8.5 if t == "main" else 7, zorder=4,
                                path_effects=[pe.withStroke(linewidth=2.5, foreground="white")])
            handles = [Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor=c,
                              markeredgecolor="white", label=pick(lang, *TIER_LABELS[t]))
                       for t, c in TIER_COLOURS.items() if t in tiers]
            handles += [Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor="#ffffff",
                               markeredgecolor=CP_EDGE[k][0], markeredgewidth=CP_EDGE[k][1] * 1.2,
                               label=pick(lang, *CP_LABELS[k])) for k in CP_EDGE if k in cp]
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=3,
                      frameon=False, fontsize=8)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        for t in _background_traces(frame, back):
            fig.add_trace(t)
        fig.add_trace(_poly_trace(frame, members.shapes, MEMBER_FILL, MEMBER_EDGE, 0.5,
                                  pick(lang, "members", "成员城市"), "members"))
        if segs:
            cls = _link_classes(shown["weight"].to_numpy())
            for k, (xs, ys) in _lines_by_class(segs, cls).items():
                alpha = 0.25 + 0.6 * (k + 0.5) / 4
                fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                         line={"color": f"rgba(85,85,85,{alpha:.2f})", "width": 0.5 + 1.1 * k},
                                         name=pick(lang, "links", "联系"), meta="links"))
        size = np.sqrt(area) * 1.1
        hover = [f"{label[i]}<br>{pick(lang, 'strength', '强度')}: {_fmt(strength[i])}<br>"
                 f"{pick(lang, *TIER_LABELS.get(tiers[i], (str(tiers[i]), str(tiers[i]))))}" for i in range(len(placed))]
        for tier, colour in TIER_COLOURS.items():
            idx = [i for i, t in enumerate(tiers) if t == tier]
            if not idx:
                continue
            fig.add_trace(go.Scatter(
                x=placed["lon"].to_numpy()[idx], y=placed["lat"].to_numpy()[idx], mode="markers+text",
                text=[label[i] if tier in ("main", "central") else "" for i in idx], textposition="top right",
                hovertext=[hover[i] for i in idx], hoverinfo="text",
                marker={"size": size[idx], "color": colour, "opacity": 0.95,
                        "line": {"color": [CP_EDGE.get(cp[i], ("#ffffff", 0.5))[0] for i in idx],
                                 "width": [CP_EDGE.get(cp[i], ("#ffffff", 0.5))[1] * 1.5 for i in idx]}},
                name=pick(lang, *TIER_LABELS[tier]), meta="nodes"))
        fig.update_layout(**frame.plotly_axes(lang, title))
        return fig

    return Figure("network_map", lang, title, caption, static, interactive, table="nodes")


CP_ORDER = ("core", "semi-core", "semi-periphery", "periphery")
CP_FILL_LABELS = {"core": ("network core", "网络核心"), "semi-core": ("semi-core", "半核心"),
                  "semi-periphery": ("semi-periphery", "半边缘"), "periphery": ("periphery", "边缘")}


def core_periphery_map(results, lang: str = "en", ctx: FigureContext | None = None, top: int = TOP_LINKS) -> Figure | None:
    """Core, semi-core and periphery of the last period's network (table ``nodes``, column
    ``cp_position``) as coloured polygons, with the ``top`` strongest links; the group's cities
    outside the network in grey (no link data). A US metro is coloured over its counties."""
    nodes = results.tables.get("nodes")
    if nodes is None or nodes.empty or "cp_position" not in nodes:
        return None
    networks = results.tables.get("networks")
    period = networks["period"].iloc[-1] if networks is not None and not networks.empty else nodes["period"].iloc[-1]
    last = nodes[nodes["period"] == period].reset_index(drop=True)
    others = [r for r in _group_cities(ctx) if r not in set(last["region_id"])]
    base = _base_layers(ctx, last["region_id"].tolist() + others)
    if base is None:
        return None
    members, back, frame = base
    position = dict(zip(last["region_id"], last["cp_position"]))
    counts = last["cp_position"].value_counts().to_dict()
    present = [c for c in CP_ORDER if c in counts]
    shape_pos = [position.get(rid) for rid, _ in members.shapes]
    pos = last.dropna(subset=["lat", "lon"]).set_index("region_id")[["lon", "lat"]] if {"lat", "lon"} <= set(last) \
        else pd.DataFrame(columns=["lon", "lat"])
    links = results.tables.get("links")
    links = links[(links["period"] == period) & (links["weight"] > 0)] if links is not None else \
        pd.DataFrame(columns=["origin", "destination", "weight"])
    shown = links[links["origin"].isin(pos.index) & links["destination"].isin(pos.index)] \
        .sort_values("weight", ascending=False, kind="stable").head(top)
    lw, la = _link_style(shown["weight"].to_numpy())
    segs = [[tuple(pos.loc[o]), tuple(pos.loc[d])] for o, d in zip(shown["origin"], shown["destination"])]
    title = pick(lang, f"Core and periphery of the network, {period}", f"网络的核心与边缘（{period}）")
    parts = [pick(lang, f"{results.title}.", f"{results.title_zh}。"),
             pick(lang, "Colour: position in the core-periphery structure (Borgatti-Everett core, the rest split "
                        "by coreness), as the workflow computed it.",
                  "颜色：核心—边缘结构中的位置（Borgatti-Everett核心，其余按核心度划分），为分析流程的计算结果。"),
             pick(lang, f"Lines: the strongest {_int(len(shown))} of {_int(len(links))} links of {period}.",
                  f"线：{period}期间{_int(len(links))}条联系中最强的{_int(len(shown))}条。")]
    if others:
        parts.append(pick(lang, f"Grey hatched: {len(others)} cities of the group outside this network (no link data).",
                          f"灰色斜线：本城市群中不在该网络内的{len(others)}个城市（无联系数据）。"))
    caption = _caption(lang, parts, [members])

    def static():
        from matplotlib.collections import LineCollection
        from matplotlib.patches import Patch

        with figure_style(lang):
            fig, ax = frame.static_axes(lang, title)
            _draw_background_static(ax, frame, back)
            drawn = [(s, p) for s, p in zip(members.shapes, shape_pos) if p is not None]
            if drawn:
                _draw_polygons(ax, frame, [s for s, _ in drawn], [CORE_COLOURS.get(p, NO_DATA) for _, p in drawn],
                               "face", 0.3, "positions", 1)
            none = [s for s, p in zip(members.shapes, shape_pos) if p is None]
            if none:
                _draw_polygons(ax, frame, none, NO_DATA, "#ffffff", 0.0, "no_data", 1, hatch="////")
            _draw_polygons(ax, frame, members.outlines(), "none", "#ffffff", 0.6, "outlines", 1.2)
            if segs:
                lc = LineCollection(segs, linewidths=lw, colors=[(0.2, 0.2, 0.2, a) for a in la], zorder=2)
                lc.set_gid("links")
                ax.add_collection(lc)
            handles = [Patch(facecolor=CORE_COLOURS[c], label=f"{pick(lang, *CP_FILL_LABELS[c])} ({counts[c]})")
                       for c in present]
            if others:
                handles.append(Patch(facecolor=NO_DATA, hatch="////", edgecolor="#999999", linewidth=0.4,
                                     label=f"{pick(lang, 'not in the network', '不在网络内')} ({len(others)})"))
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=3, frameon=False,
                      fontsize=8)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        for t in _background_traces(frame, back):
            fig.add_trace(t)
        for c in present:
            shapes = [s for s, p in zip(members.shapes, shape_pos) if p == c]
            if shapes:
                fig.add_trace(_poly_trace(frame, shapes, CORE_COLOURS[c], "#ffffff", 0.5,
                                          f"{pick(lang, *CP_FILL_LABELS[c])} ({counts[c]})", c, showlegend=True))
        none = [s for s, p in zip(members.shapes, shape_pos) if p is None]
        if none:
            fig.add_trace(_poly_trace(frame, none, NO_DATA, "#ffffff", 0.5,
                                      f"{pick(lang, 'not in the network', '不在网络内')} ({len(others)})",
                                      "no_data", showlegend=True, pattern=True))
        if segs:
            cls = _link_classes(shown["weight"].to_numpy())
            for k, (xs, ys) in _lines_by_class(segs, cls).items():
                fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False, meta="links",
                                         line={"color": f"rgba(50,50,50,{0.25 + 0.15 * k:.2f})", "width": 0.5 + 1.1 * k},
                                         name=pick(lang, "links", "联系")))
        fig.update_layout(**frame.plotly_axes(lang, title))
        return fig

    return Figure("core_periphery_map", lang, title, caption, static, interactive, table="nodes")


# -- choropleths --------------------------------------------------------------------------------
def _classes(values: np.ndarray, k: int = 5):
    """Quantile classes of the values: (breaks, class of each value). Fewer distinct values than
    ``k``: one class per value."""
    v = np.asarray(values, dtype=float)
    uniq = np.unique(v)
    if len(uniq) <= k:
        breaks = np.concatenate([uniq, uniq[-1:]])
        cls = np.searchsorted(uniq, v)
        return breaks, cls, True
    breaks = np.unique(np.quantile(v, np.linspace(0, 1, k + 1)))
    cls = np.clip(np.searchsorted(breaks[1:-1], v, side="right"), 0, len(breaks) - 2)
    return breaks, cls, False


def _ramp(k: int) -> list[str]:
    if k <= 1:
        return [RAMP[4]]
    idx = np.round(np.linspace(0, len(RAMP) - 1, k)).astype(int)
    return [RAMP[i] for i in idx]


def choropleth(values: pd.DataFrame, lang: str = "en", ctx: FigureContext | None = None, value_col: str = "value",
               title: str = "", *, name: str = "choropleth", source: str = "", unit: str = "",
               universe=None, classes: int = 5, table: str | None = None) -> Figure | None:
    """A choropleth of any indicator by ``region_id``: quantile classes of ``value_col``, regions
    of ``universe`` (e.g. the group's cities) without a value in grey as "no data", never as 0.

    Parameters
    ----------
    values : rows with ``region_id`` (``name``, ``name_zh`` for hover labels) and ``value_col``.
    title, source : in ``lang``; ``source`` opens the caption (the workflow and its data).
    unit : unit of the values, in ``lang`` (legend title).
    universe : region ids to draw; those without a value are drawn grey (default: the rows).
    classes : number of quantile classes (fewer when the values have fewer distinct values).
    """
    if values is None or values.empty or value_col not in values:
        return None
    vals = values.drop_duplicates("region_id").copy()
    vals[value_col] = pd.to_numeric(vals[value_col], errors="coerce")
    have = vals[vals[value_col].notna()]
    ids = list(dict.fromkeys(list(vals["region_id"]) + list(universe or [])))
    if have.empty:
        return None
    base = _base_layers(ctx, ids)
    if base is None:
        return None
    members, back, frame = base
    breaks, cls, exact = _classes(have[value_col].to_numpy(), classes)
    colours = _ramp(len(breaks) - 1)
    colour_of = dict(zip(have["region_id"], [colours[c] for c in cls]))
    value_of = dict(zip(have["region_id"], have[value_col]))
    if exact:
        labels = [_fmt(b) for b in breaks[:-1]]
    else:
        labels = [f"{_fmt(a)} – {_fmt(b)}" for a, b in zip(breaks[:-1], breaks[1:])]
    counts = np.bincount(cls, minlength=len(colours))
    nodata_ids = [r for r in ids if r not in value_of]
    label_of = dict(zip(vals["region_id"], names(vals, lang)))
    info = pd.DataFrame({"region_id": nodata_ids, "name": [label_of.get(r, r) for r in nodata_ids]})
    parts = [source,
             pick(lang, f"{len(have)} regions with a value, in {len(colours)} "
                        f"{'classes' if not exact else 'values'}"
                        f"{' (quantiles)' if not exact else ''}; grey: no data ({len(nodata_ids)}).",
                  f"{len(have)}个地区有数值，分为{len(colours)}{'档（分位数分档）' if not exact else '个取值'}；"
                  f"灰色：无数据（{len(nodata_ids)}个）。")]
    miss = [label_of.get(r, r) for r in members.missing if r in value_of]
    if miss:
        parts.append(pick(lang, f"No boundary polygon, not drawn: {', '.join(miss[:12])}.",
                          f"无边界多边形、未绘出：{'、'.join(miss[:12])}。"))
    n_nodata_missing = len([r for r in members.missing if r not in value_of])
    if n_nodata_missing:
        parts.append(pick(lang, f"{n_nodata_missing} regions without a value have no boundary polygon either.",
                          f"无数值的地区中有{n_nodata_missing}个也无边界多边形。"))
    caption = _caption(lang, parts, [members])
    shape_colours = [colour_of.get(rid, NO_DATA) for rid, _ in members.shapes]
    outlines = members.outlines()
    legend_title = unit

    def static():
        from matplotlib.patches import Patch

        with figure_style(lang):
            fig, ax = frame.static_axes(lang, title)
            _draw_background_static(ax, frame, back)
            data = [(s, c) for s, c in zip(members.shapes, shape_colours) if c != NO_DATA]
            none = [s for s, c in zip(members.shapes, shape_colours) if c == NO_DATA]
            if data:
                _draw_polygons(ax, frame, [s for s, _ in data], [c for _, c in data], "face", 0.3, "values", 1)
            if none:
                _draw_polygons(ax, frame, none, NO_DATA, "#ffffff", 0.0, "no_data", 1, hatch="////")
            _draw_polygons(ax, frame, outlines, "none", "#ffffff", 0.6, "outlines", 1.2)
            handles = [Patch(facecolor=c, edgecolor="#999999", linewidth=0.4, label=f"{lab} ({n})")
                       for c, lab, n in zip(colours, labels, counts)]
            if nodata_ids:
                handles.append(Patch(facecolor=NO_DATA, edgecolor="#999999", hatch="////", linewidth=0.4,
                                     label=f"{pick(lang, *NO_DATA_LABEL)} ({len(nodata_ids)})"))
            ax.legend(handles=handles, title=legend_title or None, loc="upper left",
                      bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8, title_fontsize=8)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        for t in _background_traces(frame, back):
            fig.add_trace(t)
        for c, lab, n in zip(colours, labels, counts):
            shapes = [s for s, sc in zip(members.shapes, shape_colours) if sc == c]
            if shapes:
                fig.add_trace(_poly_trace(frame, shapes, c, "#ffffff", 0.5, f"{lab} ({n})", "values",
                                          showlegend=True))
        none = [s for s, sc in zip(members.shapes, shape_colours) if sc == NO_DATA]
        if none:
            fig.add_trace(_poly_trace(frame, none, NO_DATA, "#ffffff", 0.5,
                                      f"{pick(lang, *NO_DATA_LABEL)} ({len(nodata_ids)})", "no_data",
                                      showlegend=True, pattern=True))
        # hover: one invisible point inside each region
        pts = {}
        for rid, g in members.shapes:
            if rid not in pts:
                p = g.representative_point()
                pts[rid] = (p.x, p.y)
        rids = list(pts)
        fig.add_trace(go.Scatter(
            x=[pts[r][0] for r in rids], y=[pts[r][1] for r in rids], mode="markers",
            marker={"size": 6, "opacity": 0}, showlegend=False, meta="hover", hoverinfo="text",
            hovertext=[f"{label_of.get(r, r)}: {_fmt(value_of[r]) if r in value_of else pick(lang, *NO_DATA_LABEL)}"
                       for r in rids]))
        fig.update_layout(**frame.plotly_axes(lang, title, legend={"title": {"text": legend_title}}))
        return fig

    return Figure(name, lang, title, caption, static, interactive, table=table)


def _group_cities(ctx) -> list[str]:
    group = getattr(ctx, "group", None)
    if group is None or not hasattr(group, "cities"):
        return []
    try:
        return group.cities()["region_id"].tolist()
    except Exception:  # a context without a loaded group: only the rows are drawn
        return []


def _group_names(ctx) -> pd.DataFrame:
    group = getattr(ctx, "group", None)
    m = getattr(group, "members", None)
    if m is None or not {"region_id", "name", "name_zh"} <= set(m.columns):
        return pd.DataFrame(columns=["region_id", "name", "name_zh"])
    return m[["region_id", "name", "name_zh"]]


def innovation_map(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """The innovation index of the group's cities as a choropleth (table ``cities``, column
    ``innovation_index``); cities without a score in grey."""
    cities = results.tables.get("cities")
    if cities is None or "innovation_index" not in cities:
        return None
    summary = results.tables.get("summary")
    year = summary["innovation_year"].iloc[0] if summary is not None and "innovation_year" in summary else ""
    title = pick(lang, f"Innovation index, {year}", f"创新指数（{year}）")
    source = pick(lang, f"{results.title}; index 0-1 as the workflow computed it.",
                  f"{results.title_zh}；指数取值0—1，为分析流程的计算结果。")
    return choropleth(cities, lang, ctx, "innovation_index", title, name="innovation_map", source=source,
                      unit=pick(lang, "index", "指数"), universe=cities["region_id"].tolist() + _group_cities(ctx),
                      table="cities")


def indicator_map(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """One indicator of the group's cities (``megaregion indicators GROUP --indicator X``, table
    ``values``) as a choropleth: the source with the most rows and, in it, the latest year with
    the most cities; cities of the group without a value in grey."""
    v = results.tables.get("values")
    if v is None or v.empty:
        return None
    src = v["source"].value_counts().index[0]
    rows = v[(v["source"] == src) & v["value"].notna()]
    if rows.empty:
        return None
    cover = rows.groupby("year")["region_id"].nunique()
    year = int(cover[cover == cover.max()].index.max())
    rows = rows[rows["year"] == year]
    from megaregion.i18n.labels import COLUMNS_ZH
    from megaregion.i18n.values import VALUES_ZH, source_label, unit_label

    ind = rows["indicator"].iloc[0]
    # the indicator's Chinese label (indicator codes in i18n.values, column labels in i18n.labels)
    ind_zh = VALUES_ZH.get(ind) or COLUMNS_ZH.get(ind) or ind
    unit = "，".join(sorted({str(unit_label(u, "zh")) for u in rows["unit"].dropna()})) if lang == "zh" else \
        ", ".join(sorted({str(u) for u in rows["unit"].dropna()}))
    title = pick(lang, f"{ind}, {year}", f"{ind_zh}（{year}年）")
    source = pick(lang, f"Source: {src}, {year}.", f"来源：{source_label(src, 'zh')}，{year}年。")
    return choropleth(rows, lang, ctx, "value", title, name="indicator_map", source=source, unit=unit,
                      universe=v["region_id"].tolist() + _group_cities(ctx), table="values")


# -- spatial clusters ---------------------------------------------------------------------------
LISA_ORDER = ("HH", "LL", "HL", "LH", "ns")
LISA_LABELS = {"HH": ("hot spot HH (high among high)", "热点 HH（高—高集聚）"),
               "LL": ("cold spot LL (low among low)", "冷点 LL（低—低集聚）"),
               "HL": ("HL: high among low", "HL：高值被低值包围"),
               "LH": ("LH: low among high", "LH：低值被高值包围"),
               "ns": ("not significant", "不显著")}


def _spatial_head(results, lang):
    g = results.tables.get("global")
    if g is None or g.empty:
        return "", "", ""
    r = g.iloc[0]
    label = r.get("indicator_label_zh") if lang == "zh" else r.get("indicator_label")
    unit = r.get("unit_label_zh") if lang == "zh" else r.get("unit_label")
    year = r.get("year", "")
    return str(label or r.get("indicator", "")), str(unit or ""), str(year)


def lisa_map(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """Local spatial clusters (LISA, table ``local``: HH hot spots, LL cold spots, HL/LH
    outliers, not significant) in the colours of GeoDa; members left out of the analysis
    (table ``left_out``) in grey as "no data". The legend counts each cluster."""
    local = results.tables.get("local")
    if local is None or local.empty or "cluster" not in local:
        return None
    left = results.tables.get("left_out")
    left_ids = left["region_id"].tolist() if left is not None and not left.empty else []
    base = _base_layers(ctx, local["region_id"].tolist() + left_ids)
    if base is None:
        return None
    members, back, frame = base
    cluster_of = dict(zip(local["region_id"], local["cluster"]))
    counts = local["cluster"].value_counts().to_dict()
    label, unit, year = _spatial_head(results, lang)
    title = pick(lang, f"Local clusters (LISA) of {label}, {year}", f"{label}的局部空间集聚（LISA，{year}年）")
    g = results.tables.get("global")
    parts = []
    if g is not None and not g.empty:
        r = g.iloc[0]
        weights = r.get("weights_zh") if lang == "zh" else r.get("weights")
        parts.append(pick(lang,
                          f"Moran's I = {_fmt(r['moran_i'])} (pseudo p = {_fmt(r['moran_p_sim'])}, "
                          f"{_int(int(r['n_perm']))} permutations); weights: {weights}; "
                          f"clusters at significance {_fmt(r['alpha'])}; {int(r['n'])} units.",
                          f"全局Moran指数I = {_fmt(r['moran_i'])}（伪p值 = {_fmt(r['moran_p_sim'])}，"
                          f"{_int(int(r['n_perm']))}次置换）；空间权重：{weights}；显著性水平{_fmt(r['alpha'])}；"
                          f"{int(r['n'])}个单元。"))
    parts.append(pick(lang, f"{results.title}.", f"{results.title_zh}。"))
    if left_ids:
        parts.append(pick(lang, f"Grey hatched: left out, no value ({len(left_ids)}).",
                          f"灰色斜线：无数值、未纳入分析（{len(left_ids)}个）。"))
    miss = local[local["region_id"].isin(members.missing)]
    if not miss.empty:
        parts.append(pick(lang, f"No boundary polygon, not drawn: {_listed(miss, lang)}.",
                          f"无边界多边形、未绘出：{_listed(miss, lang)}。"))
    n_left_missing = len(set(members.missing) & set(left_ids))
    if n_left_missing:
        parts.append(pick(lang, f"{n_left_missing} of the units left out have no boundary polygon either.",
                          f"未纳入分析的单元中有{n_left_missing}个也无边界多边形。"))
    caption = _caption(lang, parts, [members])
    shape_cluster = [cluster_of.get(rid) for rid, _ in members.shapes]
    present = [c for c in LISA_ORDER if c in counts]
    name_of = dict(zip(local["region_id"], names(local, lang)))

    def static():
        from matplotlib.patches import Patch

        with figure_style(lang):
            fig, ax = frame.static_axes(lang, title)
            _draw_background_static(ax, frame, back)
            drawn = [(s, c) for s, c in zip(members.shapes, shape_cluster) if c is not None]
            if drawn:
                _draw_polygons(ax, frame, [s for s, _ in drawn], [LISA_COLOURS.get(c, NO_DATA) for _, c in drawn],
                               "face", 0.3, "clusters", 1)
            none = [s for s, c in zip(members.shapes, shape_cluster) if c is None]
            if none:
                _draw_polygons(ax, frame, none, NO_DATA, "#ffffff", 0.0, "no_data", 1, hatch="////")
            _draw_polygons(ax, frame, members.outlines(), "none", "#ffffff", 0.6, "outlines", 1.2)
            handles = [Patch(facecolor=LISA_COLOURS[c], edgecolor="#999999", linewidth=0.4,
                             label=f"{pick(lang, *LISA_LABELS[c])} ({counts[c]})") for c in present]
            if left_ids:
                handles.append(Patch(facecolor=NO_DATA, edgecolor="#999999", hatch="////", linewidth=0.4,
                                     label=f"{pick(lang, *NO_DATA_LABEL)} ({len(left_ids)})"))
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        for t in _background_traces(frame, back):
            fig.add_trace(t)
        for c in present:
            shapes = [s for s, sc in zip(members.shapes, shape_cluster) if sc == c]
            if shapes:
                fig.add_trace(_poly_trace(frame, shapes, LISA_COLOURS[c], "#ffffff", 0.5,
                                          f"{pick(lang, *LISA_LABELS[c])} ({counts[c]})", c, showlegend=True))
        none = [s for s, sc in zip(members.shapes, shape_cluster) if sc is None]
        if none:
            fig.add_trace(_poly_trace(frame, none, NO_DATA, "#ffffff", 0.5,
                                      f"{pick(lang, *NO_DATA_LABEL)} ({len(left_ids)})", "no_data",
                                      showlegend=True, pattern=True))
        pts = {}
        for rid, g in members.shapes:
            if rid not in pts and rid in cluster_of:
                p = g.representative_point()
                pts[rid] = (p.x, p.y)
        rids = list(pts)
        fig.add_trace(go.Scatter(x=[pts[r][0] for r in rids], y=[pts[r][1] for r in rids], mode="markers",
                                 marker={"size": 6, "opacity": 0}, showlegend=False, meta="hover",
                                 hoverinfo="text", hovertext=[f"{name_of.get(r, r)}: {cluster_of[r]}" for r in rids]))
        fig.update_layout(**frame.plotly_axes(lang, title))
        return fig

    return Figure("lisa_map", lang, title, caption, static, interactive, table="local")


def spatial_values_map(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """The values behind the LISA map (table ``local``, column ``value``) as a choropleth;
    members left out (table ``left_out``) in grey."""
    local = results.tables.get("local")
    if local is None or local.empty or "value" not in local:
        return None
    left = results.tables.get("left_out")
    left_ids = left["region_id"].tolist() if left is not None and not left.empty else []
    label, unit, year = _spatial_head(results, lang)
    title = pick(lang, f"{label}, {year}", f"{label}（{year}年）")
    source = pick(lang, f"{results.title}.", f"{results.title_zh}。")
    rows = pd.concat([local, left[["region_id", "name", "name_zh"]]] if left_ids else [local], ignore_index=True)
    return choropleth(rows, lang, ctx, "value", title, name="spatial_values_map", source=source, unit=unit,
                      universe=left_ids, table="local")


# -- alliances ----------------------------------------------------------------------------------
def alliance_map(results, lang: str = "en", ctx: FigureContext | None = None, top: int = 10) -> Figure | None:
    """Recommended alliances (table ``recommendations``, the ``top`` best-ranked pairs) as
    coloured lines by suggested action, beside the links observed between the cities (table
    ``pairs``, column ``observed_link`` > 0) in grey by weight; the cities as points."""
    rec = results.tables.get("recommendations")
    cities = results.tables.get("cities")
    if rec is None or rec.empty or cities is None or cities.empty:
        return None
    if ctx is None or (getattr(ctx, "group", None) is None and getattr(ctx, "regions", None) is None):
        raise MegaregionError("the alliance map needs the cities' coordinates: pass "
                              "FigureContext(group=store.group(...)) or regions=store.df('regions')")
    rec = rec.sort_values("rank").head(top)
    pos = _coords(cities["region_id"], [cities], ctx).set_index("region_id")
    placed = pos.dropna()
    unplaced = cities[~cities["region_id"].isin(placed.index)]
    base = _base_layers(ctx, cities["region_id"].tolist(), list(zip(placed["lon"], placed["lat"])))
    if base is None:
        return None
    members, back, frame = base
    pairs = results.tables.get("pairs")
    observed = pd.DataFrame(columns=["city_a", "city_b", "observed_link"])
    has_links = pairs is not None and "observed_link" in pairs and pairs["observed_link"].notna().any()
    if has_links:
        observed = pairs[(pairs["observed_link"] > 0) & pairs["city_a"].isin(placed.index)
                         & pairs["city_b"].isin(placed.index)].sort_values("observed_link", ascending=False)
    ow, oa = _link_style(observed["observed_link"].to_numpy())
    oseg = [[tuple(placed.loc[a]), tuple(placed.loc[b])] for a, b in zip(observed["city_a"], observed["city_b"])]
    rec_ok = rec[rec["city_a"].isin(placed.index) & rec["city_b"].isin(placed.index)]
    rseg = [_arc(tuple(placed.loc[a]), tuple(placed.loc[b]), frame_ratio=None)
            for a, b in zip(rec_ok["city_a"], rec_ok["city_b"])]
    ractions = rec_ok["action"].tolist() if "action" in rec_ok else ["no_link_data"] * len(rec_ok)
    city_names = dict(zip(cities["region_id"], names(cities, lang)))
    involved = set(rec_ok["city_a"]) | set(rec_ok["city_b"])

    title = pick(lang, "Recommended alliances and existing links", "建议的城市联盟与现有联系")
    parts = [pick(lang, f"{results.title}.", f"{results.title_zh}。"),
             pick(lang, f"Coloured lines: the {len(rec_ok)} best-ranked pairs (number: rank), colour by suggested action.",
                  f"彩色线：排名前{len(rec_ok)}的城市对（数字为排名），颜色表示建议行动。")]
    if has_links:
        parts.append(pick(lang, f"Grey lines: the {_int(len(observed))} pairs with an observed link, width by its weight.",
                          f"灰色线：有实际联系的{_int(len(observed))}个城市对，线宽表示联系权重。"))
    else:
        parts.append(pick(lang, "The results hold no observed links between the cities: only the recommendations are drawn.",
                          "结果中没有城市间的实际联系数据：仅绘出建议的联盟。"))
    if not unplaced.empty:
        parts.append(pick(lang, f"Not on the map (no coordinates): {_listed(unplaced, lang)}.",
                          f"无坐标、未在图上标出的城市：{_listed(unplaced, lang)}。"))
    caption = _caption(lang, parts, [members])

    def static():
        from matplotlib.collections import LineCollection
        from matplotlib.lines import Line2D
        import matplotlib.patheffects as pe

        with figure_style(lang):
            fig, ax = frame.static_axes(lang, title)
            _draw_background_static(ax, frame, back)
            _draw_polygons(ax, frame, members.shapes, MEMBER_FILL, MEMBER_EDGE, 0.5, "members", 1)
            if oseg:
                lc = LineCollection(oseg, linewidths=ow * 0.8, colors=[(0.45, 0.45, 0.45, a * 0.8) for a in oa], zorder=2)
                lc.set_gid("observed_links")
                ax.add_collection(lc)
            if rseg:
                lc = LineCollection(rseg, linewidths=2.6, colors=[ACTION_COLOURS.get(a, SERIES[4]) for a in ractions],
                                    zorder=3, capstyle="round")
                lc.set_gid("recommended")
                ax.add_collection(lc)
                for arc, rank in zip(rseg, rec_ok["rank"]):
                    ax.annotate(str(int(rank)), arc[len(arc) // 2], fontsize=7, ha="center",
                                va="center", zorder=5, bbox={"boxstyle": "circle,pad=0.15", "fc": "white",
                                                             "ec": "#666666", "lw": 0.5})
            sc = ax.scatter(placed["lon"], placed["lat"], s=22, c=NO_DATA_POINT, edgecolors="white",
                            linewidths=0.6, zorder=4)
            sc.set_gid("city_points")
            for rid in involved:
                x, y = placed.loc[rid]
                ax.annotate(city_names.get(rid, rid), (x, y), xytext=(4, 3), textcoords="offset points", fontsize=7.5,
                            zorder=6, path_effects=[pe.withStroke(linewidth=2.5, foreground="white")])
            handles = [Line2D([], [], color=ACTION_COLOURS.get(a, SERIES[4]), lw=2.6,
                              label=pick(lang, *ACTION_LABELS.get(a, (a, a)))) for a in dict.fromkeys(ractions)]
            if oseg:
                handles.append(Line2D([], [], color="#777777", lw=1.2, label=pick(lang, "observed link", "现有联系")))
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=3, frameon=False,
                      fontsize=8)
        return fig

    def interactive():
        import plotly.graph_objects as go

        fig = go.Figure()
        for t in _background_traces(frame, back):
            fig.add_trace(t)
        fig.add_trace(_poly_trace(frame, members.shapes, MEMBER_FILL, MEMBER_EDGE, 0.5,
                                  pick(lang, "members", "成员城市"), "members"))
        if oseg:
            cls = _link_classes(observed["observed_link"].to_numpy())
            for k, (xs, ys) in _lines_by_class(oseg, cls).items():
                fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", meta="observed_links",
                                         line={"color": f"rgba(115,115,115,{0.2 + 0.15 * k:.2f})", "width": 0.5 + k},
                                         name=pick(lang, "observed link", "现有联系"), showlegend=bool(k == max(cls))))
        for action in dict.fromkeys(ractions):
            xs, ys, hx, hy, ht = [], [], [], [], []
            for arc, act, (_, r) in zip(rseg, ractions, rec_ok.iterrows()):
                if act != action:
                    continue
                xs += [p[0] for p in arc] + [None]
                ys += [p[1] for p in arc] + [None]
                hx.append(arc[len(arc) // 2][0])
                hy.append(arc[len(arc) // 2][1])
                ht.append(f"{int(r['rank'])}. {city_names.get(r['city_a'])} — {city_names.get(r['city_b'])}: "
                          f"{pick(lang, 'score', '得分')} {_fmt(r['score'])}")
            colour = ACTION_COLOURS.get(action, SERIES[4])
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": 3}, meta="recommended",
                                     name=pick(lang, *ACTION_LABELS.get(action, (action, action))), hoverinfo="skip"))
            fig.add_trace(go.Scatter(x=hx, y=hy, mode="markers", marker={"size": 9, "color": colour}, meta="hover",
                                     showlegend=False, hoverinfo="text", hovertext=ht))
        fig.add_trace(go.Scatter(x=placed["lon"], y=placed["lat"], mode="markers+text", meta="city_points",
                                 marker={"size": 7, "color": NO_DATA_POINT, "line": {"color": "white", "width": 1}},
                                 text=[city_names.get(r, r) if r in involved else "" for r in placed.index],
                                 textposition="top right", hoverinfo="text",
                                 hovertext=[city_names.get(r, r) for r in placed.index],
                                 name=pick(lang, "city", "城市")))
        fig.update_layout(**frame.plotly_axes(lang, title))
        return fig

    return Figure("alliance_map", lang, title, caption, static, interactive, table="recommendations")


NO_DATA_POINT = "#404040"
