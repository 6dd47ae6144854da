"""Assemble a report: run the workflows for one group and collect their sections.

Presentation only: every number in a report is a cell of a workflow's
:class:`~megaregion.analysis.results.Results`; nothing is recomputed here. A workflow that
cannot run for a group (no data of that kind) gives a section that says why (the
:class:`~megaregion.errors.MegaregionError` text, in both languages), never a crash and never a
silent gap.
"""

from __future__ import annotations

import datetime as _dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from megaregion.analysis.results import Results
from megaregion.errors import MegaregionError

#: Permutations of the network, core–periphery and spatial tests in a report (the command-line
#: workflows default to 99 and 999; the report states the number it used).
N_PERM = 99
#: Seed of every permutation test (same seed, same numbers as the command line).
SEED = 0
#: Spatial indicator of the report's spatial section.
SPATIAL_INDICATOR = "gdp_per_capita"


def _t(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


@dataclass
class Run:
    """One workflow run of a report section: its results, or why there are none."""

    command: str                       # the CLI name (figures registry key)
    params: dict                       # what it was run with (shown in the report)
    note: dict[str, str] | None = None  # why these parameters (en, zh)
    results: Results | None = None
    error: dict[str, str] | None = None  # the MegaregionError text (en, zh)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # processor time of this process (the machine may be shared)
    figures: list = field(default_factory=list)
    figure_seconds: float = 0.0
    figure_error: dict[str, str] | None = None
    #: rows of a table shown (table -> boolean mask or index), where the report shows a subset
    row_filter: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.results is not None


@dataclass
class Section:
    key: str
    title: dict[str, str]
    question: dict[str, str]
    runs: list[Run] = field(default_factory=list)
    note: dict[str, str] | None = None


@dataclass
class Report:
    """Everything a rendering needs: the group, the sections with their runs, the data state."""

    group_id: str
    group_name: dict[str, str]
    country: str
    lang: str
    created: str
    data_dir: str | None
    manifest: pd.DataFrame
    sections: list[Section]
    compare_with: str | None = None
    years: tuple[int, int] | None = None
    n_perm: int = N_PERM
    timings: dict[str, float] = field(default_factory=dict)

    def runs(self) -> list[Run]:
        return [r for s in self.sections for r in s.runs]

    def run(self, command: str) -> Run | None:
        for r in self.runs():
            if r.command == command:
                return r
        return None

    def key_findings(self, per_run: int = 1) -> list[tuple[Run, object]]:
        """The first finding of each workflow that ran, in the order of the brief's questions
        (each workflow lists its most important finding first)."""
        out = []
        for r in self.runs():
            if r.ok:
                out += [(r, f) for f in r.results.finding_list[:per_run]]
        return out


# -- the error text of a workflow that cannot run ------------------------------------------------
def _error_text(exc: Exception) -> dict[str, str]:
    if isinstance(exc, MegaregionError):
        from megaregion.i18n.error_texts import zh

        return {"en": exc.message, "zh": zh(exc)}
    # a bug: shown, named as one, never hidden (the report still completes)
    text = f"{type(exc).__name__}: {exc}"
    return {"en": f"internal error (please report it): {text}", "zh": f"程序内部错误（请报告）：{text}"}


def _run(command: str, params: dict, call: Callable[[], Results], note: dict | None = None) -> Run:
    run = Run(command, params, note)
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        run.results = call()
    except Exception as exc:  # noqa: BLE001 - see _error_text: a section says why, never a crash
        run.error = _error_text(exc)
    run.seconds = time.perf_counter() - t0
    run.cpu_seconds = time.process_time() - c0
    return run


# -- choices per group -----------------------------------------------------------------------------
def _network_kinds(mr) -> list[str]:
    """Kinds of links to try, best first: US technology transfer between metros, then commuting
    (county flows: a group of counties such as us-nys has no metro links); Chinese Baidu
    migration, then firm links (observed), then the modified gravity model (a model, said in the
    report) where a group has neither."""
    if mr.country == "us":
        return ["tech_transfer", "commuting"]
    kinds = set(mr.flows["kind"].unique()) if not mr.flows.empty else set()
    observed = [k for k in ("baidu", "firm_link") if k in kinds]
    return observed + ["gravity"]


def _network(store, mr, regions, n_perm: int) -> Run:
    from megaregion.analysis.hierarchy_network import hierarchy_to_network

    tried: list[tuple[str, dict]] = []
    run = None
    for kind in _network_kinds(mr):
        run = _run("network", {"kind": kind, "permutations": n_perm},
                   lambda: hierarchy_to_network(mr, kind, None, regions=regions, n_perm=n_perm, seed=SEED))
        if run.ok:
            break
        tried.append((kind, run.error))
    if not run.ok and len(tried) > 1:  # every kind failed: say why for each
        from megaregion.i18n.values import value_label

        run.error = _t("; ".join(f"{k}: {e['en']}" for k, e in tried),
                       "；".join(f"{value_label(k, 'zh')}：{e['zh']}" for k, e in tried))
    if tried and run.ok:
        from megaregion.i18n.values import value_label

        why_en = "; ".join(f"{k}: {e['en']}" for k, e in tried)
        why_zh = "；".join(f"{value_label(k, 'zh')}：{e['zh']}" for k, e in tried)
        model = run.params["kind"] == "gravity"
        run.note = _t(f"Links of kind {run.params['kind']} used"
                      + (" (a gravity model of population and GDP, not observed flows)" if model else "")
                      + f", because the observed links could not be used ({why_en}).",
                      f"采用{value_label(run.params['kind'], 'zh')}"
                      + ("（基于人口与GDP的引力模型，不是观测到的流量）" if model else "")
                      + f"，因为观测联系无法使用（{why_zh}）。")
    return run


def build_report(store, group: str, *, compare: str | None = None, years: tuple[int, int] | None = None,
                 lang: str = "en", data_dir: str | Path | None = None, n_perm: int = N_PERM,
                 figures: bool = True) -> Report:
    """Run the workflows of the brief's questions for ``group`` and collect the report.

    Parameters
    ----------
    store : an open store.
    group : group id (``megaregion groups``).
    compare : another group id: adds the side-by-side workflow.
    years : (first, last) of the structural change (structure, innovation); default each
        workflow's own.
    lang : ``"en"`` or ``"zh"``: the language of the figures (the text is chosen at rendering).
    data_dir : the data folder (map geometry, spatial weights).
    n_perm : permutations of the network and spatial tests.
    figures : build the figures of each run (``figures.registry.figures_for``).

    Raises
    ------
    MegaregionError
        When ``group`` (or ``compare``) is not a group of the store, or ``years`` is not two
        years: these are the user's mistakes, not a section.
    """
    with store.cached_groups():  # each workflow reads the group: read it once
        return _build_report(store, group, compare=compare, years=years, lang=lang, data_dir=data_dir,
                             n_perm=n_perm, figures=figures)


def _build_report(store, group: str, *, compare, years, lang, data_dir, n_perm, figures) -> Report:
    t_all = time.perf_counter()
    if years is not None and len(years) != 2:
        raise MegaregionError("--years takes exactly two years, e.g. --years 2010 2019")
    years = tuple(int(y) for y in years) if years is not None else None
    mr = store.group(group)  # an unknown group id raises here: one clear error
    if compare is not None:
        store.group(compare)
        if compare == group or store.group(compare).group_id == mr.group_id:
            raise MegaregionError(f"--compare {compare}: give another group than {group}")
    gid = mr.group_id
    regions = store.df("regions")
    us = mr.country == "us"

    from megaregion.analysis.alliances import alliances
    from megaregion.analysis.blocks import block_model
    from megaregion.analysis.cofunding import cofunding
    from megaregion.analysis.collaboration import collaboration_synergy
    from megaregion.analysis.complexity_map import complexity_map
    from megaregion.analysis.composite_centre import composite_structure
    from megaregion.analysis.innovation_driver import innovation_driver
    from megaregion.analysis.openness import openness
    from megaregion.analysis.spatial_patterns import spatial_patterns
    from megaregion.analysis.world_cities import world_city_network

    perm_note = _t(f"{n_perm} permutations (the command line's default is 99 for networks, 999 for "
                   "spatial tests): the smallest possible p-value is "
                   f"1/{n_perm + 1} = {1 / (n_perm + 1):.3g}.",
                   f"置换{n_perm}次（命令行默认：网络99次，空间检验999次）：p值最小为"
                   f"1/{n_perm + 1} = {1 / (n_perm + 1):.3g}。")

    sections: list[Section] = []
    # 1. hierarchy or network
    net = _network(store, mr, regions, n_perm)
    if net.ok:
        net.note = _t(" ".join(x["en"] for x in (net.note, perm_note) if x),
                      "".join(x["zh"] for x in (net.note, perm_note) if x))
    kind = net.params["kind"]
    blk = _run("blocks", {"kind": kind, "method": "concor", "blocks": 4},
               lambda: block_model(store, gid, kind, None, method="concor", n_blocks=4))
    sections.append(Section("network", _t("Hierarchy or network?", "等级结构还是网络结构？"),
                            _t("Is the group a one-way hierarchy or a many-directional network; which "
                               "cities are main, central and basic nodes?",
                               "城市群是单向的等级体系还是多向的网络？哪些城市是主要节点、中心节点和基本节点？"),
                            [net, blk]))
    # 2. composite centre
    st = _run("structure", {"years": list(years) if years else "default"},
              lambda: composite_structure(mr, years))
    sections.append(Section("structure", _t("A composite centre?", "复合型中心？"),
                            _t("Is the centre a balanced composite of advanced services and manufacturing; "
                               "did manufacturing move out?",
                               "中心城市是否是高端服务业与制造业均衡的复合型中心？制造业是否外迁？"),
                            [st]))
    # 3. innovation driver
    inn = _run("innovation", {"upgrade_years": list(years) if years else "default", "weighting": "entropy"},
               lambda: innovation_driver(mr, upgrade_years=years))
    cx = _run("complexity", {"year": 2019, "level": "naics4", "source": "us/cbp_metro"},
              lambda: complexity_map(store, gid))
    sections.append(Section("innovation", _t("Innovation as the driver?", "创新驱动？"),
                            _t("How strongly does innovation drive the change; how complex are the members' "
                               "economies and where could they diversify?",
                               "创新对转型的驱动作用有多强？各成员经济的复杂度如何，可向哪些产业拓展？"),
                            [inn, cx]))
    # 4. multi-actor synergy
    runs = []
    if us:
        runs.append(_run("cofunding", {"groups": [gid]}, lambda: cofunding(store, [gid])))
    runs.append(_run("collaboration", {"group": gid, "actors": "UIG"},
                     lambda: collaboration_synergy(store, gid)))
    syn_note = None
    if not us:
        syn_note = _t("R&D co-funding (NSF HERD, BRDIS) exists for US groups only; the Chinese data "
                      "folder has no funding-by-source table.",
                      "研发共同资助数据（NSF HERD、BRDIS）只有美国城市群；中国数据中没有按资金来源划分的研发表。")
    sections.append(Section("synergy", _t("Multi-actor synergy", "多主体协同"),
                            _t("How much do government, universities, institutes and firms work together?",
                               "政府、高校、科研院所与企业的协同程度如何？"), runs, syn_note))
    # 5. alliances and openness
    al = _run("alliances", {"top": 10}, lambda: alliances(store, gid, regions=regions))
    op = _run("openness", {}, lambda: openness(store, gid))
    members = set(mr.members["region_id"])
    wc = _run("world-cities", {"top": 20}, lambda: world_city_network(store))
    if wc.ok:
        wc.row_filter["summary"] = lambda df: df[df["region_id"].isin(members)]
        wc.note = _t("Rows of this group's cities only (the full ranking: megaregion world-cities).",
                     "仅列出本群城市（完整排名见 megaregion world-cities）。")
    sections.append(Section("openness", _t("Alliances and openness", "城市联盟与开放度"),
                            _t("Which cities should ally in which industrial chains; how open is the group "
                               "to the world?",
                               "哪些城市应在哪些产业链上结盟？城市群对外开放程度如何？"), [al, op, wc]))
    # spatial patterns
    sp = _run("spatial", {"indicator": SPATIAL_INDICATOR, "permutations": n_perm},
              lambda: spatial_patterns(store, gid, SPATIAL_INDICATOR, None, n_perm=n_perm, seed=SEED,
                                       data_dir=data_dir), perm_note)
    sections.append(Section("spatial", _t("Spatial patterns", "空间格局"),
                            _t("Is income per head spatially clustered: where are the hot and cold spots?",
                               "人均GDP是否存在空间集聚？热点与冷点在哪里？"), [sp]))
    if compare is not None:
        from megaregion.analysis.compare import compare as run_compare

        cmp = _run("compare", {"group_a": gid, "group_b": compare, "permutations": n_perm},
                   lambda: run_compare(store, gid, compare, n_perm=n_perm, seed=SEED), perm_note)
        sections.append(Section("compare", _t("Side by side", "并列比较"),
                                _t(f"How does {gid} compare with {compare} on the same definitions?",
                                   f"{gid}与{compare}在相同定义下如何比较？"), [cmp]))

    timings = {f"workflow:{r.command}": r.seconds for s in sections for r in s.runs}
    timings.update({f"cpu:{r.command}": r.cpu_seconds for s in sections for r in s.runs})
    if figures:
        t0 = time.perf_counter()
        build_figures(sections, lang, data_dir, regions, mr)
        timings["figures"] = time.perf_counter() - t0
    timings["build"] = time.perf_counter() - t_all
    return Report(group_id=gid, group_name=_t(mr.name, mr.name_zh or mr.name), country=mr.country,
                  lang=lang, created=_dt.date.today().isoformat(),
                  data_dir=str(data_dir) if data_dir else None, manifest=store.manifest(),
                  sections=sections, compare_with=compare, years=years, n_perm=n_perm, timings=timings)


def in_language(report: Report, lang: str, data_dir=None, regions=None, group=None) -> Report:
    """The same report in another language: the workflows' results are shared (their tables and
    findings hold both languages), only the figures are drawn again in ``lang``."""
    import copy

    other = copy.copy(report)
    other.lang = lang
    other.sections = [copy.copy(s) for s in report.sections]
    for s in other.sections:
        s.runs = [copy.copy(r) for r in s.runs]
        for r in s.runs:
            r.figures, r.figure_error = [], None
    t0 = time.perf_counter()
    build_figures(other.sections, lang, data_dir if data_dir is not None else report.data_dir, regions, group)
    other.timings = dict(report.timings, figures=time.perf_counter() - t0)
    return other


def build_figures(sections: list[Section], lang: str, data_dir, regions, group) -> None:
    """Each run's figures from the registry (whatever it returns for the command); a command
    without figures has none, a figure that fails is named in its section."""
    from megaregion.figures.base import FigureContext
    from megaregion.figures.registry import FIGURES, figures_for

    ctx = FigureContext(data_dir=Path(data_dir) if data_dir else None, regions=regions, group=group)
    for s in sections:
        for r in s.runs:
            if not r.ok or r.command not in FIGURES:
                continue
            t0 = time.perf_counter()
            try:
                r.figures = figures_for(r.command, r.results, lang, ctx)
            except Exception as exc:  # noqa: BLE001 - said in the section, never a crash
                r.figure_error = _error_text(exc)
            r.figure_seconds = time.perf_counter() - t0
