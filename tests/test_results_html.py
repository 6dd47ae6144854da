"""The notebook view of a result (``Results.to_html`` / ``_repr_html_``)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd

from megaregion.analysis.results import Finding, Note, Results


def _results(n_rows: int = 2) -> Results:
    summary = pd.DataFrame({"group_id": ["cn-yrd-2016"] * n_rows, "core_balance_class": ["service-led"] * n_rows,
                            "value": [1234567.891] + [0.123456] * (n_rows - 1)})
    return Results("Composite centre <test>", "复合型中心", {"summary": summary}, "summary",
                   [Finding("Shanghai leads <b>.", "上海领先。", "summary")],
                   [Note("a note & more", "一条说明")])


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Text:
    p = _Text()
    p.feed(html)
    return p


def test_english_view_has_title_table_findings_and_notes_escaped():
    res = _results()
    html = res._repr_html_()
    p = _parse(html)
    text = " ".join(p.text)
    assert "Composite centre <test>" in text  # escaped in the markup, shown as typed
    assert "Shanghai leads <b>." in text and "a note & more" in text
    assert "b" not in p.tags and "script" not in p.tags  # user text never becomes markup
    assert p.tags.count("table") == 1 and p.tags.count("li") == 2
    assert "1,234,568" in text and "0.1235" in text
    assert not re.search(r"https?://|<link|<script|src=", html)


def test_chinese_view_translates_headers_values_and_texts():
    html = _results().to_html("zh")
    text = " ".join(_parse(html).text)
    assert "复合型中心" in text and "上海领先。" in text and "一条说明" in text
    assert "服务主导型" in text and "service-led" not in text
    assert "主要发现" in text and "说明" in text


def test_long_summary_is_cut_and_says_how_many_rows_are_left():
    html = _results(25).to_html("en", max_rows=20)
    p = _parse(html)
    assert p.tags.count("tr") == 21  # header + 20 rows
    assert "5 more rows" in " ".join(p.text)


def test_display_language_is_a_class_setting(monkeypatch):
    monkeypatch.setattr(Results, "display_lang", "zh")
    assert "主要发现" in _results()._repr_html_()
