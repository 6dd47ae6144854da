"""Which figures each command draws: its main figures, first one first.

``--plot`` writes them and the report embeds them. Entries are ``"module:function"`` strings,
imported only when asked for (matplotlib and plotly stay out of the start-up of other
commands). A figure function has the signature ``f(results, lang="en", ctx=None) -> Figure |
None`` and returns ``None`` when the results hold nothing to draw (an empty table), never an
empty picture.
"""

from __future__ import annotations

from importlib import import_module

from megaregion.errors import MegaregionError
from megaregion.figures.base import Figure, FigureContext

#: command name -> its figures, main one first (append; keep one entry per command).
FIGURES: dict[str, tuple[str, ...]] = {
    "network": ("megaregion.figures.maps:network_map", "megaregion.figures.network:strength_ranking",
                "megaregion.figures.maps:core_periphery_map", "megaregion.figures.network:adjacency_heatmap",
                "megaregion.figures.network:period_comparison"),
    "blocks": ("megaregion.figures.blocks:block_image", "megaregion.figures.network:adjacency_heatmap"),
    "structure": ("megaregion.figures.structure:family_shares", "megaregion.figures.structure:relocation",
                  "megaregion.figures.structure:shift_share", "megaregion.figures.structure:composition_treemap"),
    "innovation": ("megaregion.figures.innovation:innovation_coupling",
                   "megaregion.figures.innovation:coordination_levels",
                   "megaregion.figures.maps:innovation_map"),
    "complexity": ("megaregion.figures.innovation:strength_opportunity",
                   "megaregion.figures.innovation:eci_ranking"),
    "collaboration": ("megaregion.figures.innovation:triple_helix",),
    "synergy": ("megaregion.figures.innovation:triple_helix",),
    "cofunding": ("megaregion.figures.innovation:cofunding",),
    "world-cities": ("megaregion.figures.openness:world_city_rank",
                     "megaregion.figures.openness:world_city_links"),
    "openness": ("megaregion.figures.openness:openness_profile",),
    "io": ("megaregion.figures.lessons:key_sectors",),
    "division": ("megaregion.figures.lessons:division_coefficients",),
    "alliances": ("megaregion.figures.maps:alliance_map", "megaregion.figures.lessons:alliance_scores"),
    "spatial": ("megaregion.figures.maps:lisa_map", "megaregion.figures.maps:spatial_values_map"),
    "compare": ("megaregion.figures.lessons:compare_side_by_side",),
    "indicators": ("megaregion.figures.maps:indicator_map",),
}


def _load(spec: str):
    module, func = spec.split(":")
    return getattr(import_module(module), func)


def figures_for(command: str, results, lang: str = "en", ctx: FigureContext | None = None) -> list[Figure]:
    """The figures of ``command`` for ``results`` in ``lang`` (those with something to draw).

    Raises
    ------
    MegaregionError
        When the command has no figures.
    """
    if command not in FIGURES:
        raise MegaregionError(f"`{command}` draws no figure yet; commands with figures: "
                              + ", ".join(f"`{c}`" for c in sorted(FIGURES)))
    drawn = []
    for spec in FIGURES[command]:
        fig = _load(spec)(results, lang, ctx)
        if fig is not None:
            drawn.append(fig)
    return drawn
