"""The one face every workflow shows: tables, a summary, findings in two languages.

A workflow returns a :class:`Results`. The command line prints ``summary()`` and ``findings()``;
reports and the dashboard render the same object; ``to_excel`` writes one sheet per table and
``to_dict`` gives JSON-ready data for the web layer. One object, many views.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pandas as pd

from megaregion.errors import MegaregionError
from megaregion.i18n.notes import Note, note_text

__all__ = ["Finding", "Note", "Results", "note_text"]


@dataclass
class Finding:
    """One plain sentence in English and Chinese, backed by a number in one of the tables.

    ``table`` names the table holding the evidence. Where the headline number is one cell,
    ``column`` and ``where`` (column -> value, selecting exactly one row) point at it, so that
    :meth:`Results.cell` can check that the sentence says what the table holds. ``quality``
    lists the quality flags (``model.quality``) of values the finding rests on, other than
    ``observed``.
    """

    en: str
    zh: str
    table: str
    value: float | None = None
    column: str | None = None
    where: dict | None = None
    quality: tuple[str, ...] = ()

    def text(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass
class Results:
    """Tables, summary and findings of one workflow run.

    Attributes
    ----------
    title, title_zh : what was computed.
    tables : name -> tidy DataFrame.
    summary_table : name of the table that ``summary()`` returns.
    finding_list : the findings, each naming the table holding its number.
    notes : caveats (data gaps, exclusions) a reader must see.
    command : the command whose figures draw these results (``figures.registry.FIGURES`` key,
        e.g. ``"network"``); ``None`` where no command's figures apply.
    """

    title: str
    title_zh: str
    tables: dict[str, pd.DataFrame]
    summary_table: str
    finding_list: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    command: str | None = None

    #: Language of the notebook view (``_repr_html_``); set ``Results.display_lang = "zh"`` once.
    display_lang: ClassVar[str] = "en"

    def summary(self) -> pd.DataFrame:
        return self.tables[self.summary_table]

    def to_html(self, lang: str = "en", max_rows: int = 20, figure: bool = True, ctx=None) -> str:
        """An HTML fragment: title, the main figure (``figure=True``), the summary table (first
        ``max_rows`` rows, headers and coded values in ``lang`` as in the spreadsheets),
        findings and notes. Self-contained: no script, style sheet or link to the internet;
        the figure is an inlined PNG (``data:`` URI); every text is escaped.

        The main figure is the first of :attr:`command`'s figures
        (``figures.registry.figures_for``), drawn with ``ctx`` (a ``FigureContext``; default:
        the data folder of ``MEGAREGION_DATA`` where it exists, for map geometry). Where there
        is none (no command, no registry entry, nothing to draw, no data folder for a map) the
        figure is left out."""
        from html import escape

        summary = _headed(self.summary(), lang)
        more = len(summary) - max_rows
        table = summary.head(max_rows).to_html(index=False, na_rep="—", border=0, float_format=_fmt)
        label = {"findings": ("Findings", "主要发现"), "notes": ("Notes", "说明"),
                 "more": ("{n} more rows: see .tables", "另有{n}行：见.tables")}
        pick = (lambda k: label[k][1]) if lang == "zh" else (lambda k: label[k][0])
        parts = [f"<h3>{escape(self.title_zh if lang == 'zh' else self.title)}</h3>"]
        if figure:
            parts.append(self._figure_html(lang, ctx))
        parts.append(table)
        if more > 0:
            parts.append(f"<p><em>{escape(pick('more').format(n=more))}</em></p>")
        if self.finding_list:
            items = "".join(f"<li>{escape(f.text(lang))}</li>" for f in self.finding_list)
            parts.append(f"<h4>{pick('findings')}</h4><ul>{items}</ul>")
        if self.notes:
            items = "".join(f"<li>{escape(n)}</li>" for n in self.notes_in(lang))
            parts.append(f"<h4>{pick('notes')}</h4><ul>{items}</ul>")
        return "<div class=\"megaregion-results\">" + "".join(parts) + "</div>"

    def main_figure(self, lang: str = "en", ctx=None):
        """The first figure of :attr:`command` for these results, or ``None`` where there is
        none to draw (no command, no registry entry, an empty table, no data folder for a
        map's geometry)."""
        if self.command is None:
            return None
        from megaregion.figures.base import FigureContext
        from megaregion.figures.registry import FIGURES, figures_for

        if self.command not in FIGURES:
            return None
        if ctx is None:
            import os

            folder = os.environ.get("MEGAREGION_DATA")
            ctx = FigureContext(data_dir=Path(folder) if folder and Path(folder).is_dir() else None)
        try:
            drawn = figures_for(self.command, self, lang, ctx)
        except MegaregionError:  # e.g. a map without its data folder
            return None
        return drawn[0] if drawn else None

    def _figure_html(self, lang: str, ctx=None) -> str:
        """The main figure as an inlined PNG with its caption, or ``""``."""
        import base64
        from html import escape

        fig = self.main_figure(lang, ctx)
        if fig is None:
            return ""
        try:
            data = base64.b64encode(fig.png(dpi=90)).decode("ascii")
        except (MegaregionError, OSError):  # no CJK font, boundary file unreadable
            return ""
        return (f"<figure><img alt=\"{escape(fig.title)}\" src=\"data:image/png;base64,{data}\" "
                f"style=\"max-width:100%\"/><figcaption>{escape(fig.caption)}</figcaption></figure>")

    def _repr_html_(self) -> str:
        """What Jupyter shows for a result: :meth:`to_html` in :attr:`display_lang` (summary,
        main figure, findings, notes)."""
        return self.to_html(self.display_lang)

    @property
    def data_quality(self) -> pd.DataFrame:
        """Values behind these results that are not plainly observed (table ``data_quality``:
        region, year, variable, source, flag, detail); empty when all are observed."""
        from megaregion.model.quality import quality_table

        return quality_table(self.tables.get("data_quality"))

    def cell(self, finding: Finding):
        """The table cell a finding's number comes from (``finding.column`` of the one row of
        ``finding.table`` matching ``finding.where``); ``None`` when the finding names none.
        Raises ``LookupError`` when the selector does not pick exactly one row."""
        if finding.column is None:
            return None
        df = self.tables[finding.table]
        mask = pd.Series(True, index=df.index)
        for col, val in (finding.where or {}).items():
            mask &= df[col] == val
        rows = df.loc[mask, finding.column]
        if len(rows) != 1:
            raise LookupError(f"finding {finding.en[:60]!r}: {len(rows)} rows of {finding.table} "
                              f"match {finding.where}")
        return rows.iloc[0]

    def findings(self, lang: str = "en") -> list[str]:
        return [f.text(lang) for f in self.finding_list]

    def notes_in(self, lang: str = "en") -> list[str]:
        """The notes in ``lang`` (Chinese where a note has a translation)."""
        return [note_text(n, lang) for n in self.notes]

    def to_dict(self) -> dict:
        def clean(v):
            if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
                return None
            if hasattr(v, "item"):
                return clean(v.item())
            return v

        return {
            "title": self.title, "title_zh": self.title_zh,
            "notes": [{"en": str(n), "zh": note_text(n, "zh")} for n in self.notes],
            "findings": [{"en": f.en, "zh": f.zh, "table": f.table, "value": clean(f.value),
                          "column": f.column, "where": {k: clean(v) for k, v in (f.where or {}).items()},
                          "quality": list(f.quality)}
                         for f in self.finding_list],
            "tables": {name: [{k: clean(v) for k, v in row.items()} for row in df.to_dict("records")]
                       for name, df in self.tables.items()},
        }

    def to_json(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        return path

    def to_excel(self, path: str | Path, lang: str = "en") -> Path:
        """One sheet per table, plus a 'findings' sheet (English and Chinese) and 'notes'.

        With ``lang="zh"`` a column with a Chinese label is headed ``中文（key）`` (the key keeps
        the header unique and findable in the documentation)."""
        path = Path(path)
        try:
            with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
                for name, df in self.tables.items():
                    _headed(df, lang).to_excel(writer, sheet_name=name[:31], index=False)
                _headed(pd.DataFrame({"en": [f.en for f in self.finding_list],
                                      "zh": [f.zh for f in self.finding_list],
                                      "table": [f.table for f in self.finding_list]}), lang).to_excel(
                    writer, sheet_name="findings", index=False)
                _headed(pd.DataFrame({"en": [str(n) for n in self.notes],
                                      "zh": self.notes_in("zh")}), lang).to_excel(
                    writer, sheet_name="notes", index=False)
        except OSError as exc:
            raise MegaregionError(f"cannot write {path}: {exc}") from exc
        return path

    def to_csv(self, folder: str | Path, lang: str = "en") -> list[Path]:
        """One CSV per table in ``folder`` (UTF-8 with BOM so Excel shows Chinese correctly);
        headers as in :meth:`to_excel`."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for name, df in self.tables.items():
            p = folder / f"{name}.csv"
            _headed(df, lang).to_csv(p, index=False, encoding="utf-8-sig")
            out.append(p)
        return out

    def save(self, path: str | Path, lang: str = "en") -> Path | list[Path]:
        """Write by suffix: ``.xlsx``, ``.json``, or a folder of CSVs for ``.csv``/no suffix.
        ``lang`` heads spreadsheet columns in Chinese (JSON keys stay English: they are an API)."""
        path = Path(path)
        if path.suffix == ".xlsx":
            return self.to_excel(path, lang)
        if path.suffix == ".json":
            return self.to_json(path)
        if path.suffix == ".csv":
            return self.to_csv(path.with_suffix(""), lang)
        raise MegaregionError(f"cannot write {path.name}: use a .xlsx, .json or .csv path")


def _fmt(x: float) -> str:
    """Four significant digits, thousands separated: what a reader needs from a float cell."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.4g}"


def _headed(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``df`` with Chinese column headers ``中文（key）`` where a label exists and coded text
    values (classes, kinds, measures) in Chinese (``lang="zh"``); JSON keeps both in English."""
    if lang != "zh":
        return df
    from megaregion.i18n.labels import COLUMNS_ZH
    from megaregion.i18n.values import translate_values

    def label(c: str) -> str | None:
        if c in COLUMNS_ZH:
            return COLUMNS_ZH[c]
        if c.endswith("_zh") and c[:-3] in COLUMNS_ZH:  # the Chinese text of a column
            return COLUMNS_ZH[c[:-3]] + "（中文）"
        return None

    return translate_values(df, lang).rename(columns={c: f"{label(c)}（{c}）" for c in df.columns if label(c)})
