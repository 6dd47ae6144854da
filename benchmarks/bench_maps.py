"""Map benchmark on the real data: the network map of cn-yrd-2016 (baidu) and us-boswash
(tech_transfer), against the simplest figure of the same results (the strength bar chart).

The network workflows run first (``n_perm=9``, not timed). Timed, in the same process:

* cold: the first map of each country, which reads and decodes the boundary files (cached
  afterwards);
* warm: building the map again and writing its PNG (110 dpi), and its self-contained HTML;
* baseline: the strength bar chart (``strength_ranking``) of the same results as PNG.

Reports best-of-N seconds and the ratio map / bar chart. Target: a warm map PNG under 3 s.
Usage::

    MEGAREGION_DATA=../shared/data python benchmarks/bench_maps.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _store import ready_store  # noqa: E402


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from megaregion.analysis.hierarchy_network import hierarchy_to_network
    from megaregion.figures import maps
    from megaregion.figures.base import FigureContext
    from megaregion.figures.network import strength_ranking

    data = Path(os.environ["MEGAREGION_DATA"])
    store = ready_store()
    regions = store.df("regions")
    out = Path(tempfile.mkdtemp(prefix="bench_maps_"))
    print(f"{'group':<14}{'lang':<6}{'cold s':>8}{'map png s':>11}{'map html s':>12}{'bars png s':>12}{'ratio':>8}")
    for group, kind in (("cn-yrd-2016", "baidu"), ("us-boswash", "tech_transfer")):
        mr = store.group(group)
        res = hierarchy_to_network(mr, kind, regions=regions, n_perm=9)
        ctx = FigureContext(data_dir=data, regions=regions, group=mr)
        for lang in ("en", "zh"):
            t0 = time.perf_counter()
            maps.network_map(res, lang, ctx).save(out / "cold.png", dpi=110)
            cold = time.perf_counter() - t0
            png = best(lambda: maps.network_map(res, lang, ctx).save(out / "m.png", dpi=110), args.repeat)
            html = best(lambda: maps.network_map(res, lang, ctx).save(out / "m.html"), args.repeat)
            bars = best(lambda: strength_ranking(res, lang, ctx).save(out / "b.png", dpi=110), args.repeat)
            print(f"{group:<14}{lang:<6}{cold:>8.2f}{png:>11.2f}{html:>12.2f}{bars:>12.2f}{png / bars:>8.1f}")
    store.close()


if __name__ == "__main__":
    main()
