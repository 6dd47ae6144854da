"""Every method record a kernel writes has a Chinese text under --lang zh."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from megaregion.analysis.results import Note, note_text
from megaregion.i18n.method_notes import zh
from megaregion.metrics.complexity import economic_complexity
from megaregion.metrics.composite import composite_index

CJK = re.compile(r"[\u4e00-\u9fff]")


def _kernel_records() -> list[str]:
    rng = np.random.default_rng(0)
    df = pd.DataFrame(rng.random((8, 3)) + 0.1, columns=["a", "b", "c"])
    records = []
    for weighting in ("entropy", "critic", {"a": 2, "b": 1, "c": 1}):
        for aggregation in ("weighted_sum", "topsis"):
            records += composite_index(df, [1, -1, 1], weighting=weighting, aggregation=aggregation).notes
    X = pd.DataFrame(rng.integers(0, 50, (12, 9)).astype(float))
    X.iloc[3] = 0.0  # a location with zero total is dropped
    for method in ("eigen", "reflections"):
        for outlook in ("ecomplexity", "atlas"):
            records += economic_complexity(X, method=method, outlook=outlook).notes
    return sorted(set(records))


def test_every_kernel_record_has_chinese():
    records = _kernel_records()
    assert len(records) >= 10
    missing = [r for r in records if zh(r) is None]
    assert not missing, f"no Chinese text for: {missing}"
    for r in records:
        assert CJK.search(zh(r)), r


@pytest.mark.parametrize("text, expected", [
    ("RCA threshold 1.5; ECI/PCI by reflections; sign: corr(ECI, diversity) > 0",
     "RCA阈值1.5；ECI/PCI采用反射法；符号取ECI与多样性正相关的方向"),
    ("us-boswash: dropped 2 location(s) and 0 activity(ies) with zero total",
     "us-boswash：剔除了合计为0的2个地区和0个行业"),
    ("zero weight (no information): ['d']", "无信息量、权重为0的指标：['d']"),
])
def test_numbers_and_names_carry_over(text, expected):
    assert zh(text) == expected


def test_note_text_uses_the_translation_only_for_plain_records():
    assert note_text("entropy-method weights (Hwang & Yoon 1981)", "zh") == "熵值法赋权（Hwang & Yoon 1981）"
    assert note_text("entropy-method weights (Hwang & Yoon 1981)", "en") == "entropy-method weights (Hwang & Yoon 1981)"
    assert note_text("something no pattern knows", "zh") == "something no pattern knows"
    assert note_text(Note("own text", "自带译文"), "zh") == "自带译文"
