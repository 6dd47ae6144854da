"""docs/data-model.md documents exactly the canonical schema."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from megaregion.model.schema import TABLES, conform

DOC = (Path(__file__).resolve().parents[1] / "docs" / "data-model.md").read_text(encoding="utf-8")
_TYPE_WORDS = {pa.string(): "string", pa.float64(): "float", pa.int32(): "int32", pa.bool_(): "bool"}


@pytest.mark.parametrize("name", list(TABLES))
def test_doc_lists_columns_types_and_key(name):
    spec = TABLES[name]
    section = DOC.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
    rows = [l for l in section.splitlines() if l.startswith("| `")]
    documented = {r.split("|")[1].strip().strip("`"): r.split("|")[2].strip() for r in rows}
    assert documented == {f.name: _TYPE_WORDS[f.type] for f in spec.schema}
    assert "Key: " + ", ".join(f"`{k}`" for k in spec.key) in section


def test_conform_rejects_unknown_and_null_keys():
    with pytest.raises(ValueError, match="unknown columns"):
        conform("indicators", pa.table({"region_id": ["a"], "year": [1], "indicator": ["x"], "bogus": [1]}))
    with pytest.raises(ValueError, match="key column 'year'"):
        conform("indicators", pa.table({"region_id": ["a"], "year": pa.array([None], pa.int32()),
                                        "indicator": ["x"]}), source="s")
