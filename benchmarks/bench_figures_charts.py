"""Drawing time of the network, block-model and structure charts on the largest groups.

Runs the workflows once, untimed (``network`` and ``blocks`` on Baidu migration, ``structure``
on value added, for the Yangtze River Economic Belt, 130 cities, and BosWash), then times each
figure's static PNG (matplotlib, 110 dpi as in reports) and interactive HTML fragment (plotly),
best of ``--repeat``, in both languages. The baseline, measured in the same run, is the
project's first figure, ``strength_ranking`` (25 bars); the ratio figure / baseline says how
much heavier a chart is than the simplest one on the same machine. Target: a figure under about
2 s on a quiet machine. Usage::

    MEGAREGION_DATA=../shared/data python benchmarks/bench_figures_charts.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import time

from _store import ready_store

GROUPS = [("cn-yreb", "baidu"), ("us-boswash", "tech_transfer")]


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    from megaregion.analysis.blocks import block_model
    from megaregion.analysis.composite_centre import composite_structure
    from megaregion.analysis.hierarchy_network import hierarchy_to_network
    from megaregion.figures.network import strength_ranking
    from megaregion.figures.registry import figures_for

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    store = ready_store()
    regions = store.df("regions")
    for group, kind in GROUPS:
        runs = {"network": hierarchy_to_network(store.group(group), kind, regions=regions, n_perm=9),
                "blocks": block_model(store, group, kind),
                "structure": composite_structure(store.group(group))}
        nodes = runs["network"].tables["nodes"]
        n = int((nodes["period"] == nodes["period"].iloc[-1]).sum())
        print(f"\n{group} ({kind}, {n} cities in the last period)")
        for lang in ("en", "zh"):
            base = best(lambda: strength_ranking(runs["network"], lang).png(), args.repeat)
            print(f"  [{lang}] baseline strength_ranking png {base:6.2f} s")
            for command, res in runs.items():
                for fig in figures_for(command, res, lang):
                    if fig.name == "strength_ranking":
                        continue
                    s = best(fig.png, args.repeat)
                    h = best(fig.html, args.repeat)
                    flag = "" if s < 2 else "  (over 2 s)"
                    print(f"  [{lang}] {command:9s} {fig.name:20s} png {s:6.2f} s ({s / base:4.1f}x)  "
                          f"html {h:5.2f} s{flag}")


if __name__ == "__main__":
    main()
