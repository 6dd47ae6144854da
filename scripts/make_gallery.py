"""Write the gallery of figures shown in the README (``docs/gallery/*.png``).

Run by a developer after the figures change, not by the tests::

    MEGAREGION_DATA=../shared/data .venv/bin/python scripts/make_gallery.py [--only NAME ...]

It runs each entry's workflow on the real data (the store of ``MEGAREGION_STORE``, brought up to
date from ``MEGAREGION_DATA``), draws the named figure in the entry's language and writes a small
PNG (about 90 dpi, palette-quantised, at most ``MAX_BYTES``). An entry whose figure does not
exist yet is skipped with a printed line. Where the ``report`` command exists, the first two
pages of a report PDF are rendered with ``pdftoppm``. Finally the README's "What it draws"
section is rewritten to show the PNGs that exist (between the gallery markers).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "docs" / "gallery"
README = ROOT / "README.md"
MAX_BYTES = 150_000
DPI = 90
START, END = "<!-- gallery:start -->", "<!-- gallery:end -->"

#: (file stem, command, group, workflow arguments, figure "module:function", language, caption).
ENTRIES = [
    ("network_map_cn-yrd-2016_zh", "network", "cn-yrd-2016", {"kind": "baidu"},
     "megaregion.figures.maps:network_map", "zh",
     "Yangtze River Delta (2016 plan): Baidu migration links, cities by tier (Chinese)"),
    ("strength_ranking_us-boswash_en", "network", "us-boswash", {"kind": "tech_transfer"},
     "megaregion.figures.network:strength_ranking", "en",
     "BosWash: node strength and tier of the technology-transfer network"),
    ("adjacency_heatmap_cn-yrd-2016_en", "network", "cn-yrd-2016", {"kind": "baidu"},
     "megaregion.figures.network:adjacency_heatmap", "en",
     "Yangtze River Delta: Baidu migration adjacency, ordered by position"),
    ("lisa_map_cn-yreb_en", "spatial", "cn-yreb", {"indicator": "gdp_per_capita"},
     "megaregion.figures.maps:lisa_map", "en",
     "Yangtze River Economic Belt: LISA clusters of GDP per capita"),
    ("strength_opportunity_us-chipitts_en", "complexity", "us-chipitts", {},
     "megaregion.figures.innovation:strength_opportunity", "en",
     "ChiPitts: strength (RCA) and opportunity (relatedness density) of industries"),
    ("family_shares_cn-yrd-2016_zh", "structure", "cn-yrd-2016", {},
     "megaregion.figures.structure:family_shares", "zh",
     "Yangtze River Delta: sector shares of the centre and the rest (Chinese)"),
    ("family_shares_us-boswash_en", "structure", "us-boswash", {},
     "megaregion.figures.structure:family_shares", "en",
     "BosWash: advanced services and manufacturing, centre and rest"),
    ("block_image_cn-yrd-2016_en", "blocks", "cn-yrd-2016", {"kind": "baidu"},
     "megaregion.figures.blocks:block_image", "en",
     "Yangtze River Delta: block densities and image (CONCOR)"),
    ("innovation_coupling_cn-yrd-2016_en", "innovation", "cn-yrd-2016", {},
     "megaregion.figures.innovation:innovation_coupling", "en",
     "Yangtze River Delta: innovation vs industry, coupling coordination"),
    ("world_city_rank_en", "world-cities", None, {},
     "megaregion.figures.openness:world_city_rank", "en",
     "The brief's cities in the world city network (GaWC)"),
    ("alliance_map_us-boswash_en", "alliances", "us-boswash", {},
     "megaregion.figures.maps:alliance_map", "en",
     "BosWash: recommended alliances beside the existing links"),
    ("key_sectors_cn_zh", "io", None, {"country": "cn"},
     "megaregion.figures.lessons:key_sectors", "zh",
     "China's input-output table: backward and forward linkages, key sectors (Chinese)"),
]
#: The report pages: (group, language, first pages).
REPORT = ("cn-wuhan-circle", "zh", 2)


def _store():
    from megaregion import open_store
    from megaregion.config import store_path
    from megaregion.importer import import_folder

    data = os.environ.get("MEGAREGION_DATA")
    if not data or not (Path(data) / "us").is_dir():
        sys.exit("set MEGAREGION_DATA to the shared data folder (the one with us/, cn/, links/)")
    path = store_path(None)
    path.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(path)
    import_folder(store, Path(data))
    return store, Path(data)


@cache
def _results(store, command: str, group: str | None, args: tuple):
    """The workflow behind a gallery entry (run once per command, group and arguments)."""
    kw = dict(args)
    regions = store.df("regions")
    if command == "network":
        from megaregion.analysis.hierarchy_network import hierarchy_to_network
        return hierarchy_to_network(store.group(group), kw["kind"], regions=regions, n_perm=99)
    if command == "blocks":
        from megaregion.analysis.blocks import block_model
        return block_model(store, group, kw["kind"])
    if command == "structure":
        from megaregion.analysis.composite_centre import composite_structure
        return composite_structure(store.group(group))
    if command == "innovation":
        from megaregion.analysis.innovation_driver import innovation_driver
        return innovation_driver(store.group(group))
    if command == "complexity":
        from megaregion.analysis.complexity_map import complexity_map
        return complexity_map(store, group)
    if command == "spatial":
        from megaregion.analysis.spatial_patterns import spatial_patterns
        return spatial_patterns(store, group, kw["indicator"], data_dir=Path(os.environ["MEGAREGION_DATA"]))
    if command == "world-cities":
        from megaregion.analysis.world_cities import world_city_network
        return world_city_network(store)
    if command == "alliances":
        from megaregion.analysis.alliances import alliances
        return alliances(store, group, regions=regions)
    if command == "io":
        from megaregion.analysis.io_report import io_report
        return io_report(store, kw["country"])
    raise ValueError(f"no gallery runner for {command}")


def _figure_function(spec: str):
    """The figure function of ``spec``, or ``None`` where it does not exist yet."""
    module, name = spec.split(":")
    try:
        return getattr(import_module(module), name)
    except (ImportError, AttributeError):
        return None


def small_png(source: Path, target: Path) -> int:
    """Copy a PNG as a palette image (256 colours, optimised): a few tens of KB for a chart."""
    from PIL import Image

    with Image.open(source) as img:
        img.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    return target.stat().st_size


def draw(entry, store, data_dir: Path, tmp: Path) -> Path | None:
    from megaregion.figures.base import FigureContext

    stem, command, group, args, spec, lang, _ = entry
    function = _figure_function(spec)
    if function is None:
        print(f"skip {stem}: {spec} does not exist yet")
        return None
    results = _results(store, command, group, tuple(sorted(args.items())))
    ctx = FigureContext(data_dir=data_dir, regions=store.df("regions"),
                        group=store.group(group) if group else None)
    fig = function(results, lang, ctx)
    if fig is None:
        print(f"skip {stem}: nothing to draw")
        return None
    target = GALLERY / f"{stem}.png"
    for dpi in (DPI, 72, 60):
        raw = fig.save(tmp / f"{stem}.png", dpi=dpi)
        size = small_png(raw, target)
        if size <= MAX_BYTES:
            break
    print(f"{target.relative_to(ROOT)}: {size / 1000:.0f} KB at {dpi} dpi"
          + ("" if size <= MAX_BYTES else f" (over {MAX_BYTES // 1000} KB even at {dpi} dpi)"))
    return target


def report_pages(tmp: Path) -> list[Path]:
    """The first pages of a report PDF, where the ``report`` command exists."""
    group, lang, pages = REPORT
    try:
        import_module("megaregion.cli.report")
    except ImportError:
        print("skip report pages: `megaregion report` does not exist yet")
        return []
    if shutil.which("pdftoppm") is None:
        print("skip report pages: pdftoppm is not installed (poppler-utils; scripts/system-deps.sh)")
        return []
    from megaregion.cli.app import main

    pdf = tmp / "report.pdf"
    try:
        main(["--lang", lang, "report", group, "--out", str(pdf)])
    except SystemExit as exc:
        if exc.code:
            print(f"skip report pages: the report command failed ({exc.code})")
            return []
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", str(pages), str(pdf), str(tmp / "page")],
                   check=True)
    out = []
    for i, page in enumerate(sorted(tmp.glob("page*.png"))[:pages], start=1):
        target = GALLERY / f"report_{group}_{lang}_page{i}.png"
        size = small_png(page, target)
        print(f"{target.relative_to(ROOT)}: {size / 1000:.0f} KB")
        out.append(target)
    return out


def readme_section() -> str:
    """The README's gallery: the PNGs of ENTRIES and the report pages that exist, three to a row
    (each image links to its full-size file; the caption is its alt text and tooltip)."""
    from html import escape

    def img(path: str, caption: str) -> str:
        c = escape(caption, quote=True)
        return f'<a href="{path}"><img src="{path}" alt="{c}" title="{c}" width="32%"></a>'

    shown = [img(f"docs/gallery/{stem}.png", caption)
             for stem, *_, caption in ENTRIES if (GALLERY / f"{stem}.png").exists()]
    group, lang, pages = REPORT
    shown += [img(f"docs/gallery/report_{group}_{lang}_page{i}.png", f"Report on {group} ({lang}), page {i}")
              for i in range(1, pages + 1) if (GALLERY / f"report_{group}_{lang}_page{i}.png").exists()]
    lines = [START, ""]
    for k in range(0, len(shown), 3):
        lines += [" ".join(shown[k:k + 3]), ""]
    lines.append(END)
    return "\n".join(lines)


def update_readme() -> None:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"README.md has no gallery markers ({START} ... {END}); not updated")
        return
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(head + readme_section() + tail, encoding="utf-8")
    print("README.md: gallery section updated")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="Only these entries (file stems).")
    parser.add_argument("--no-report", action="store_true", help="Skip the report pages.")
    args = parser.parse_args(argv)
    GALLERY.mkdir(parents=True, exist_ok=True)
    store, data_dir = _store()
    with tempfile.TemporaryDirectory() as tmp:
        for entry in ENTRIES:
            if args.only and entry[0] not in args.only:
                continue
            draw(entry, store, data_dir, Path(tmp))
        if not args.no_report and not args.only:
            report_pages(Path(tmp))
    update_readme()


if __name__ == "__main__":
    main()
