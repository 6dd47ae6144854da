"""Figures of the block model (``analysis.blocks``): the block density table and its image."""

from __future__ import annotations

from megaregion.figures.base import Figure, FigureContext, figure_style, new_figure, pick, plotly_layout
from megaregion.figures.network import POSITION_LABELS

#: Outline of a block pair in the image (density at or above the network's density, alpha).
IMAGE_EDGE = "#000000"


def block_image(results, lang: str = "en", ctx: FigureContext | None = None) -> Figure | None:
    """The block density table (``densities``) as a heat map, one cell per ordered block pair,
    rows sending and columns receiving; each cell shows its density and the image value
    (1: density at or above the network's density alpha, outlined; 0: below). Blocks are named
    by number and position (core, semi-core, semi-periphery, periphery), as the workflow
    computed them; nothing is recomputed."""
    import numpy as np

    dens = results.tables.get("densities")
    if dens is None or dens.empty:
        return None
    net = results.tables["network"].iloc[0]
    blocks = results.tables["blocks"].sort_values("block")
    ids = blocks["block"].astype(int).tolist()
    k = len(ids)
    at = {b: i for i, b in enumerate(ids)}
    D = np.full((k, k), np.nan)
    I = np.zeros((k, k), dtype=int)
    for f, t, d, im in zip(dens["from_block"], dens["to_block"], dens["density"], dens["image"]):
        D[at[int(f)], at[int(t)]] = d
        I[at[int(f)], at[int(t)]] = int(im)
    label = [f"{b} {pick(lang, *POSITION_LABELS.get(p, (p, p)))} (n={s})" if lang != "zh"
             else f"{b} {POSITION_LABELS.get(p, (p, p))[1]}（{s}个）"
             for b, p, s in zip(blocks["block"], blocks["position"], blocks["size"])]
    alpha = float(net["density"])
    valued = net["ties"] == "valued"
    directed = bool(net["directed"])
    fmt = "{:.3g}" if valued else "{:.2f}"
    title = pick(lang, f"Block densities and image, {net['period']}", f"块密度与像矩阵（{net['period']}）")
    caption = pick(
        lang,
        f"{k} blocks of {int(net['nodes'])} cities ({str(net['method']).upper()}, ties {net['ties']}); "
        f"{'rows send, columns receive' if directed else 'undirected'}. Cell: density; outlined, 1: at or above "
        f"the network's density alpha = {fmt.format(alpha)} (image 1), else 0. Source: {results.title}.",
        f"{int(net['nodes'])}个城市分为{k}块（{'CONCOR' if net['method'] == 'concor' else '结构对等聚类'}）；"
        f"{'行为发出块，列为接收块' if directed else '无向'}。单元格为块密度；加框并标1者不低于整体网络密度"
        f"α = {fmt.format(alpha)}（像矩阵为1），否则为0。来源：{results.title_zh}。")
    cbar = pick(lang, "block density", "块密度")
    nodata = pick(lang, "no data", "无数据")

    def cell(i, j, sep):
        """A cell's text: density and image value, or "no data" where the table has no density
        (a pair the table leaves out, or a density it could not define, such as a one-city
        block with itself); unknown is never shown as a number."""
        return f"{fmt.format(D[i, j])}{sep}[{I[i, j]}]" if np.isfinite(D[i, j]) else nodata

    def static():
        with figure_style(lang):
            side = max(3.5, 1.0 * k + 2.0)
            fig, ax = new_figure(lang, side + 1.6, side)
            import matplotlib as mpl

            cmap = mpl.colormaps["Blues"].with_extremes(bad="#d9d9d9")  # no data: grey, never 0
            im = ax.imshow(np.ma.masked_invalid(D), cmap=cmap, interpolation="nearest", aspect="equal",
                           vmin=0, vmax=np.nanmax(D) if np.isfinite(D).any() and np.nanmax(D) > 0 else 1)
            fig.colorbar(im, ax=ax, shrink=0.7, label=cbar)
            from matplotlib.patches import Rectangle
            top = np.nanmax(D) if np.isfinite(D).any() else 1
            for i in range(k):
                for j in range(k):
                    dark = np.isfinite(D[i, j]) and D[i, j] > 0.6 * top
                    ax.text(j, i, cell(i, j, "\n"), ha="center", va="center", fontsize=8,
                            color="white" if dark else "black")
                    if I[i, j]:
                        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=IMAGE_EDGE, lw=2.2))
            ax.set_xticks(range(k), label, rotation=30, ha="right")
            ax.set_yticks(range(k), label)
            ax.set_xlabel(pick(lang, "receiving block", "接收块") if directed else "")
            ax.set_ylabel(pick(lang, "sending block", "发出块") if directed else "")
            ax.tick_params(length=0)
            ax.set_title(title)
        return fig

    def interactive():
        import plotly.graph_objects as go

        text = [[cell(i, j, " ") for j in range(k)] for i in range(k)]
        fig = go.Figure(go.Heatmap(z=D.tolist(), x=label, y=label, text=text, texttemplate="%{text}",
                                   colorscale="Blues", zmin=0, name=cbar,
                                   colorbar={"title": {"text": cbar}},
                                   hovertemplate="%{y} → %{x}: %{text}<extra></extra>"))
        shapes = [{"type": "rect", "x0": j - 0.5, "x1": j + 0.5, "y0": i - 0.5, "y1": i + 0.5,
                   "line": {"color": IMAGE_EDGE, "width": 3}}
                  for i in range(k) for j in range(k) if I[i, j]]
        fig.update_layout(**plotly_layout(
            lang, title, shapes=shapes, height=max(380, 90 * k + 160), width=max(480, 90 * k + 300),
            xaxis={"title": {"text": pick(lang, "receiving block", "接收块") if directed else ""}, "type": "category"},
            yaxis={"title": {"text": pick(lang, "sending block", "发出块") if directed else ""}, "type": "category",
                   "autorange": "reversed"}))
        return fig

    return Figure("block_image", lang, title, caption, static, interactive, table="densities")
