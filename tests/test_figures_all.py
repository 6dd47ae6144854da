"""Figure audit: every command of the figure registry, on the real data, in both languages.

For each command in ``figures.registry.FIGURES`` (the registry is iterated, so every figure a
command registers is audited) the workflow runs on one US and one Chinese group where it applies
(few permutations), and every figure it draws is checked as a reader would see it:

* ``Figure.table`` names a table of the results (the picture draws the library's numbers);
* the static figure draws something (bars, lines, markers, patches or images);
* in Chinese, neither the static nor the interactive figure shows English words
  (``figure_checks.latin_words``: codes such as GDP, LQ, RCA are allowed, and so are the names of
  places the results hold only in English, such as US metros without a Chinese name);
* the interactive HTML loads nothing from elsewhere (``figure_checks.assert_offline``);
* PNG and SVG files are written.

Each picture is built once per language and reused for every check (the audit stays near two
minutes with every command registered); writing by suffix is tested in test_figures_base.

A registered command the audit has no case for, or whose workflow refuses every case, fails the
audit: a figure nobody ran is not a figure that works.

Collaboration records and CBP size classes are not in the shared data (users import their own;
``data fetch cbp`` downloads the official county file): those two commands run on constructed
counts for real cities and counties in a second store (see :func:`records_store`).
"""

from __future__ import annotations

from functools import cache

import pytest

from megaregion.errors import MegaregionError
from megaregion.figures.base import FigureContext, figure_style
from megaregion.figures.registry import FIGURES, figures_for

from figure_checks import assert_offline, latin_words, plotly_texts, static_texts

pytestmark = pytest.mark.realdata

N_PERM = 9
US, CN = "us-sansan", "cn-wuhan-circle"


def _network(store, group, kind, periods=None):
    from megaregion.analysis.hierarchy_network import hierarchy_to_network

    return hierarchy_to_network(store.group(group), kind, periods, regions=store.df("regions"), n_perm=N_PERM)


def _run_structure(store, group):
    from megaregion.analysis.composite_centre import composite_structure

    return composite_structure(store.group(group))


def _run_blocks(store, group, kind):
    from megaregion.analysis.blocks import block_model

    return block_model(store, group, kind)


def _run_innovation(store, group):
    from megaregion.analysis.innovation_driver import innovation_driver

    return innovation_driver(store.group(group))


def _run_complexity(store, group):
    from megaregion.analysis.complexity_map import complexity_map

    return complexity_map(store, group)


def _run_collaboration(store, group):
    from megaregion.analysis.collaboration import collaboration_synergy

    return collaboration_synergy(store, group)


def _run_synergy(store, groups):
    from megaregion.analysis.knowledge_base import knowledge_base_synergy

    return knowledge_base_synergy(store, groups)


def _run_cofunding(store, groups):
    from megaregion.analysis.cofunding import cofunding

    return cofunding(store, groups)


def _run_world(store):
    from megaregion.analysis.world_cities import world_city_network

    return world_city_network(store)


def _run_io(store, country):
    from megaregion.analysis.io_report import io_report

    return io_report(store, country)


def _run_division(store, group, kind):
    from megaregion.analysis.division_of_labour import division_of_labour

    return division_of_labour(store, group, kind, n_perm=N_PERM)


def _run_alliances(store, group):
    from megaregion.analysis.alliances import alliances

    return alliances(store, group, regions=store.df("regions"))


def _run_openness(store, group):
    from megaregion.analysis.openness import openness

    return openness(store, group)


def _run_spatial(store, group, indicator, data_dir):
    from megaregion.analysis.spatial_patterns import spatial_patterns

    return spatial_patterns(store, group, indicator, n_perm=99, data_dir=data_dir)


def _run_compare(store, a, b):
    from megaregion.analysis.compare import compare

    return compare(store, a, b, n_perm=N_PERM)


def _run_indicators(store, group, indicator, source=None):
    from megaregion.cli.indicators import indicator_view

    return indicator_view(store.group(group), indicator, source=source)


#: command -> cases: (label, group drawn or None, store key, runner(store, data_dir) -> Results)
CASES = {
    "network": [(US, US, "real", lambda s, d: _network(s, US, "tech_transfer", ["1976-1999", "2000-2023"])),
                (CN, CN, "real", lambda s, d: _network(s, CN, "baidu"))],
    "structure": [(US, US, "real", lambda s, d: _run_structure(s, US)),
                  (CN, CN, "real", lambda s, d: _run_structure(s, CN))],
    "blocks": [(US, US, "real", lambda s, d: _run_blocks(s, US, "tech_transfer")),
               (CN, CN, "real", lambda s, d: _run_blocks(s, CN, "baidu"))],
    "innovation": [(US, US, "real", lambda s, d: _run_innovation(s, US)),
                   (CN, CN, "real", lambda s, d: _run_innovation(s, CN))],
    "complexity": [(US, US, "real", lambda s, d: _run_complexity(s, US))],  # US metros only
    "collaboration": [(US, US, "records", lambda s, d: _run_collaboration(s, US)),
                      (CN, CN, "records", lambda s, d: _run_collaboration(s, CN))],
    "synergy": [(US, None, "records", lambda s, d: _run_synergy(s, [US]))],  # US counties only
    "cofunding": [("us-sansan+us-boswash", None, "real", lambda s, d: _run_cofunding(s, [US, "us-boswash"]))],
    "world-cities": [("world", None, "real", lambda s, d: _run_world(s))],
    "io": [("us", None, "real", lambda s, d: _run_io(s, "us")), ("cn", None, "real", lambda s, d: _run_io(s, "cn"))],
    "division": [(US, US, "real", lambda s, d: _run_division(s, US, "tech_transfer")),
                 (CN, CN, "real", lambda s, d: _run_division(s, CN, "baidu"))],
    "alliances": [(US, US, "real", lambda s, d: _run_alliances(s, US)),
                  (CN, CN, "real", lambda s, d: _run_alliances(s, CN))],
    "openness": [(US, US, "real", lambda s, d: _run_openness(s, US)),
                 (CN, CN, "real", lambda s, d: _run_openness(s, CN))],
    "spatial": [(US, US, "real", lambda s, d: _run_spatial(s, US, "patents_per_capita", d)),
                (CN, CN, "real", lambda s, d: _run_spatial(s, CN, "gdp_per_capita", d))],
    "compare": [(f"{US}|{CN}", None, "real", lambda s, d: _run_compare(s, US, CN))],
    "indicators": [(US, US, "real", lambda s, d: _run_indicators(s, US, "patents_utility")),
                   (CN, CN, "real", lambda s, d: _run_indicators(s, CN, "gdp", "cn/city_panel"))],
}

PARAMS = [(command, label) for command in FIGURES for label in
          ([c[0] for c in CASES[command]] if command in CASES else [None])]
IDS = [f"{c}-{g}" for c, g in PARAMS]


@pytest.fixture(scope="module")
def records_store(data_dir, tmp_path_factory):
    """A store of the real cities, counties and groups, with constructed records the shared
    data does not hold: triple-helix collaboration counts for the cities of the two groups, and
    an official-layout CBP 2019 county file with size classes for the US group's counties."""
    import numpy as np

    from megaregion.importer import import_folder
    from megaregion.io.census_cbp import read_cbp_file
    from megaregion.io.user_tables import read_user_table
    from megaregion.store import Store

    from test_knowledge_base import _cbp_file

    folder = tmp_path_factory.mktemp("records")
    store = Store(folder / "s.duckdb")
    import_folder(store, data_dir, ["us/reference", "us/megaregions", "cn/cities", "cn/clusters"])
    rng = np.random.default_rng(11)
    lines = ["city,year,actors,papers"]
    for group in (US, CN):
        for city in store.group(group).cities()["region_id"]:
            for year in (2015, 2019):
                for combo in ("U", "I", "G", "UI", "UG", "IG", "UIG"):
                    lines.append(f"{city},{year},{combo},{int(rng.integers(40, 400))}")
    (folder / "records.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "records.toml").write_text('table = "collaborations"\nkind = "co_publication"\n[columns]\n'
                                         'region_id = "city"\nyear = "year"\nactors = "actors"\ncount = "papers"\n',
                                         encoding="utf-8")
    store.import_batch(read_user_table(folder / "records.csv", folder / "records.toml"))
    counties = store.con.execute("SELECT region_id FROM groups WHERE group_id = ? AND region_id LIKE 'us:%'",
                                 [US]).df()["region_id"]
    _cbp_file(folder / "cbp19co.txt", [c[3:] for c in counties if len(c) == 8])
    store.import_batch(read_cbp_file(folder / "cbp19co.txt"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def audit(real_store, records_store, data_dir):
    """``audit(command, label)``: (results, context) of one case, run once per module."""
    regions = real_store.df("regions")

    @cache
    def _audit(command, label):
        case = next(c for c in CASES[command] if c[0] == label)
        _, group, which, runner = case
        store = real_store if which == "real" else records_store
        try:
            results = runner(store, data_dir)
        except MegaregionError as exc:
            pytest.fail(f"{command} {label}: the workflow refused the audit's case: {exc}")
        ctx = FigureContext(data_dir=data_dir, regions=regions,
                            group=store.group(group) if group else None)
        return results, ctx

    return _audit


def _untranslated_names(results) -> set[str]:
    """Words of the place names the results hold only in English (US metros and counties, world
    cities without a Chinese name): a Chinese figure shows those as they are."""
    import re

    from pandas.api.types import is_object_dtype, is_string_dtype

    words = set()
    for df in results.tables.values():
        for col in df.columns:
            zh = f"{col}_zh"
            if zh not in df.columns or not (is_string_dtype(df[col]) or is_object_dtype(df[col])):
                continue
            missing = df[zh].isna() | (df[zh].astype(str).str.strip() == "")
            for value in df.loc[missing, col].dropna().astype(str):
                words.update(re.findall(r"[A-Za-z][A-Za-z\-]+", value))
    return words


#: two-letter US state codes (with DC and PR): a Chinese figure may write "Santa Cruz, CA"
US_STATES = {"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
             "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
             "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
             "VT", "VA", "WA", "WV", "WI", "WY", "PR"}


def _untranslated_regions(regions) -> set[str]:
    """Words of the names of the regions without a Chinese name (figures also draw names from
    ``ctx.regions`` and the group's members, which the results tables need not hold)."""
    import re

    if regions is None or "name" not in regions.columns:
        return set()
    zh = regions["name_zh"] if "name_zh" in regions.columns else None
    missing = regions["name"].notna() if zh is None else (zh.isna() | (zh.astype(str).str.strip() == ""))
    words = set()
    for value in regions.loc[missing, "name"].dropna().astype(str):
        words.update(re.findall(r"[A-Za-z][A-Za-z\-]+", value))
    # figures shorten a metro's name to its first place ("Santa Maria" of
    # "Santa Maria-Santa Barbara, CA"): each part of a hyphenated word is a name as well
    return words | {part for word in words for part in word.split("-") if part}


def _english(texts, allowed: set[str]) -> list[str]:
    """English words of ``texts`` other than the allowed codes and the untranslated names."""
    return [w for w in latin_words(texts) if w not in allowed]


def _artists(mpl) -> int:
    """What a matplotlib figure draws: patches, lines, collections (markers, polygons) and
    images of all its axes."""
    return sum(len(ax.patches) + len(ax.lines) + len(ax.collections) + len(ax.images) for ax in mpl.axes)


@pytest.mark.parametrize("command, label", PARAMS, ids=IDS)
def test_every_figure_of_every_command(command, label, audit, tmp_path):
    assert command in CASES, (f"`{command}` is in the figure registry but the figure audit has no case "
                              "for it: add one to tests/test_figures_all.py CASES")
    results, ctx = audit(command, label)
    drawn = {}
    for lang in ("en", "zh"):
        figures = figures_for(command, results, lang, ctx)
        drawn[lang] = [f.name for f in figures]
        for fig in figures:
            where = f"{command} {label} {fig.name} {lang}"
            assert fig.lang == lang and fig.title and fig.caption, where
            assert fig.table in results.tables, f"{where}: draws table {fig.table!r}, not in {sorted(results.tables)}"
            mpl = fig.static()  # built once, checked, then written as PNG and SVG
            assert _artists(mpl) > 0, f"{where}: the static figure draws nothing"
            interactive = fig.interactive()
            assert len(interactive.data) > 0, f"{where}: the interactive figure has no trace"
            if lang == "zh":
                names = _untranslated_names(results) | _untranslated_regions(ctx.regions) | US_STATES
                assert _english(static_texts(mpl), names) == [], where
                assert _english(plotly_texts(interactive), names) == [], where
                assert _english([fig.title, fig.caption], names) == [], where
            assert_offline(fig.html(full=False))
            png, svg = tmp_path / f"{fig.name}_{lang}.png", tmp_path / f"{fig.name}_{lang}.svg"
            with figure_style(lang):
                mpl.savefig(png, dpi=50)
                mpl.savefig(svg)
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", where
            assert svg.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg")), where
    assert drawn["en"] == drawn["zh"], f"{command} {label}: the two languages draw different figures"


@pytest.mark.parametrize("command", sorted(FIGURES))
def test_every_command_draws_at_least_one_figure(command, audit):
    """Across its cases a registered command draws something: a registry entry whose figures
    return None on every real case is a figure nobody sees."""
    assert command in CASES, f"`{command}` has no case in the figure audit"
    drawn = sum(len(figures_for(command, audit(command, c[0])[0], "en", audit(command, c[0])[1]))
                for c in CASES[command])
    assert drawn > 0, f"`{command}`: no figure drawn on any real case"
