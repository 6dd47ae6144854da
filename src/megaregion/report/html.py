"""Render a :class:`~megaregion.report.builder.Report` as one self-contained HTML document.

Two modes share one template (``templates/report.html.j2``):

* ``interactive`` (the HTML report): plotly figures as ``<div>``s, plotly.js inlined once from
  the installed package; opens offline, no URL to the internet anywhere;
* ``static`` (the PDF report's source): the same content with every figure as a PNG
  ``data:`` URI and no script, laid out for paged media.
"""

from __future__ import annotations

import base64
import time
from html import escape

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from megaregion.report.builder import Report, Run
from megaregion.report.methods import cards_for, quality_tiers
from megaregion.report.tables import render_table, shown_tables

#: Text of the report's frame, (English, Chinese).
TEXT = {
    "report": ("Megaregion report", "城市群分析报告"),
    "colon": (": ", "："),
    "group": ("Group", "城市群"),
    "created": ("Made on", "生成日期"),
    "data_state": ("Data folder", "数据文件夹"),
    "datasets": ("datasets imported, last import", "个数据集已导入，最近一次导入"),
    "key_findings": ("Key findings", "主要结论"),
    "key_intro": ("The first finding of each analysis, in the order of the brief's questions; each "
                  "rests on a number in the tables below.",
                  "各项分析的首要结论，按课题问题的顺序排列；每条结论都有下文表格中的数字为据。"),
    "none_ran": ("No analysis could run for this group: see the sections below.",
                 "本城市群的各项分析均无法运行：见下文各部分。"),
    "question": ("Question", "问题"),
    "params": ("Run with", "运行参数"),
    "findings": ("Findings", "发现"),
    "notes": ("Notes", "说明"),
    "cannot_run": ("This analysis cannot run for this group", "本城市群无法进行此项分析"),
    "figure_failed": ("The figures of this analysis could not be drawn", "此项分析的图无法绘制"),
    "more_rows": ("{n} more rows in the full table (megaregion {cmd} --out FILE.xlsx)",
                  "完整表格另有{n}行（megaregion {cmd} --out FILE.xlsx）"),
    "seconds": ("s", "秒"),
    "methods": ("Methods", "方法说明"),
    "methods_intro": ("One card per indicator: the formula and variant used, what it is checked "
                      "against and to which tolerance (docs/validation.md), the data source and the "
                      "quality of the values this report read, and caveats.",
                      "每个指标一张卡片：所用公式与变体、对照的参考实现及容差（docs/validation.md）、"
                      "数据来源及本报告所读数值的质量等级、注意事项。"),
    "formula": ("Formula", "公式"),
    "variant": ("Variant", "变体"),
    "reference": ("Checked against", "对照"),
    "tolerance": ("Tolerance", "容差"),
    "tests": ("Tests", "测试"),
    "data": ("Data", "数据"),
    "quality": ("Quality of the values read", "所读数值的质量"),
    "all_observed": ("no flagged values: observed", "无标记数值：均为观测值"),
    "caveat": ("Caveat", "注意"),
    "sources": ("Data sources, provenance and known gaps", "数据来源、出处与已知缺口"),
    "manifest": ("Files imported into the store (dataset, file, rows, imported)",
                 "导入数据库的文件（数据集、文件、行数、导入时间）"),
    "gaps": ("Known gaps and caveats of the runs above", "上述分析的已知缺口与注意事项"),
    "flags": ("values flagged", "个数值带有质量标记"),
    "timing": ("Time to compute", "计算用时"),
    "no_figure": ("no figure for this analysis yet", "此项分析暂无图"),
}


#: Font families of the PDF: a Latin font with the CJK font behind it for Chinese names in an
#: English report; the CJK font alone in a Chinese one (fonts-noto-cjk, scripts/system-deps.sh).
PDF_FONTS = {"en": '"DejaVu Sans", "Noto Sans CJK SC", sans-serif',
             "zh": '"Noto Sans CJK SC", sans-serif'}


def _text(lang: str):
    i = 1 if lang == "zh" else 0
    return {k: v[i] for k, v in TEXT.items()}


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("megaregion.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    return env


def code_spans(text: str | None) -> Markup | None:
    """``text`` escaped, with `backticked` parts as ``<code>`` (symbols, proper names and
    references in the methods cards)."""
    import re

    if text is None:
        return None
    parts = re.split(r"`([^`]*)`", text)
    return Markup("".join(escape(p) if i % 2 == 0 else f"<code>{escape(p)}</code>" for i, p in enumerate(parts)))


def _figure_html(fig, mode: str) -> Markup:
    if mode == "interactive":
        return Markup(fig.html(full=False))
    data = base64.b64encode(fig.png(dpi=110)).decode("ascii")
    return Markup(f'<img alt="{escape(fig.title)}" src="data:image/png;base64,{data}">')


def _run_view(run: Run, run_id: str, lang: str, mode: str) -> dict:
    t = _text(lang)
    view = {"id": run_id, "command": run.command, "ok": run.ok, "params": run.params,
            "note": run.note[lang] if run.note else None, "seconds": run.seconds,
            "error": run.error[lang] if run.error else None, "tables": [], "figures": [],
            "findings": [], "notes": [], "figure_error": run.figure_error[lang] if run.figure_error else None}
    if not run.ok:
        return view
    res = run.results
    view["title"] = res.title_zh if lang == "zh" else res.title
    for spec in shown_tables(run.command, res):
        html, more = render_table(run_id, res, spec, lang, keep=run.row_filter.get(spec.table))
        view["tables"].append({"name": spec.table, "html": Markup(html),
                               "more": t["more_rows"].format(n=more, cmd=run.command) if more else None})
    for fig in run.figures:
        view["figures"].append({"name": fig.name, "title": fig.title, "caption": fig.caption,
                                "html": _figure_html(fig, mode)})
    view["findings"] = [f.text(lang) for f in res.finding_list]
    view["notes"] = res.notes_in(lang)
    return view


def _manifest_rows(report: Report) -> list[dict]:
    m = report.manifest
    if m is None or m.empty:
        return []
    rows = []
    for r in m.itertuples():
        d = r._asdict()
        rows.append({"dataset": d.get("dataset"), "file": d.get("file"), "rows": d.get("rows"),
                     "time": str(d.get("imported_at") or d.get("time") or "")[:19]})
    return rows


def render_html(report: Report, lang: str | None = None, mode: str = "interactive") -> str:
    """The report as one HTML document in ``lang`` (default: the report's)."""
    from megaregion.figures.base import plotly_js

    t0 = time.perf_counter()
    lang = lang or report.lang
    t = _text(lang)
    sections = []
    n = 0
    for s in report.sections:
        runs = []
        for r in s.runs:
            n += 1
            runs.append(_run_view(r, f"{r.command}", lang, mode))
        sections.append({"key": s.key, "title": s.title[lang], "question": s.question[lang],
                         "note": s.note[lang] if s.note else None, "runs": runs})
    key = [{"command": r.command, "text": f.text(lang)} for r, f in report.key_findings()]
    commands = [r.command for r in report.runs()]
    cards = []
    for c in cards_for(commands):
        runs = [r for r in report.runs() if r.command in c.commands]
        cards.append({"key": c.key, "name": code_spans(c.name[lang]), "formula": c.formula,
                      "variant": code_spans(c.variant[lang]), "reference": c.reference,
                      "tolerance": c.tolerance, "tests": c.tests, "data": code_spans(c.data[lang]),
                      "caveat": code_spans(c.caveat[lang]) if c.caveat else None,
                      "quality": quality_tiers(runs, lang)})
    gaps = []
    for r in report.runs():
        if r.ok:
            flagged = len(r.results.data_quality)
            gaps.append({"command": r.command, "notes": r.results.notes_in(lang), "flagged": flagged})
        else:
            gaps.append({"command": r.command, "notes": [r.error[lang]], "flagged": 0})
    manifest = _manifest_rows(report)
    last_import = max((m["time"] for m in manifest), default="")
    has_figures = any(r.figures for r in report.runs())
    html = _environment().get_template("report.html.j2").render(
        t=t, lang=lang, mode=mode, report=report, group_name=report.group_name[lang],
        pdf_fonts=PDF_FONTS[lang], sections=sections, key_findings=key, cards=cards, gaps=gaps, manifest=manifest,
        n_datasets=len({m["dataset"] for m in manifest}), last_import=last_import,
        plotly_js=Markup(plotly_js()) if mode == "interactive" and has_figures else None)
    report.timings[f"render_{mode}_{lang}"] = time.perf_counter() - t0
    return html
