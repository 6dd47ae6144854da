"""Sector families: code rules and the documented crosswalk table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from megaregion.model import sectors

DOC = Path(__file__).resolve().parents[1] / "docs" / "sector-crosswalk.md"


@pytest.mark.parametrize("code, family", [
    ("31-33", "manufacturing"), ("336", "manufacturing"), ("3364", "manufacturing"),
    ("44-45", "trade"), ("48-49", "transport_logistics"), ("5417", "research_technical"),
    ("5413", "research_technical"), ("5415", "information_software"), ("5411", "business_professional"),
    ("54", "business_professional"), ("562", "other"), ("5621", "other"), ("52", "finance"),
    ("00", None), ("GVF", None),
])
def test_naics_family(code, family):
    assert sectors.naics_family(code) == family


def test_gbt_sections_cover_a_to_t():
    assert list(sectors.GBT4754_SECTIONS) == [chr(c) for c in range(ord("A"), ord("T") + 1)]
    assert sectors.gbt4754_family("m") == "research_technical"


def test_aps_share_same_at_two_and_four_digits():
    """All of NAICS 54 is advanced producer services at either level, so APS shares agree."""
    aps = sectors.ADVANCED_PRODUCER_SERVICES
    four_digit_54 = ["5411", "5412", "5413", "5414", "5415", "5416", "5417", "5418", "5419"]
    assert sectors.naics_family("54") in aps
    assert all(sectors.naics_family(c) in aps for c in four_digit_54)


def test_every_naics_sector_in_the_data_has_a_family(data_dir):
    labels = pd.read_csv(data_dir / "us" / "naics2017_labels.csv", dtype=str)
    sector_codes = labels.loc[labels["level"] == "2", "naics"]
    missing = [c for c in sector_codes if sectors.naics_family(c) is None]
    assert missing == []


def _doc_rows(header: str) -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split(header, 1)[1].split("\n## ", 1)[0]
    rows = [l for l in block.splitlines() if l.startswith("| ") and not l.startswith("|---")]
    return [[c.strip().strip("`") for c in r.strip("|").split("|")] for r in rows[1:]]


def test_doc_matches_code():
    fam = {r[0]: (r[1], r[2], r[3], r[4] == "yes") for r in _doc_rows("## Families")}
    assert fam == {f: (en, zh, b, f in sectors.ADVANCED_PRODUCER_SERVICES)
                   for f, (en, zh, b) in sectors.FAMILIES.items()}
    naics = {r[0]: r[1] for r in _doc_rows("## NAICS 2017 → family")}
    assert naics == sectors.NAICS_PREFIX_FAMILY
    gbt = {r[0]: (r[2], r[1]) for r in _doc_rows("## GB/T 4754-2017 section → family")}
    assert gbt == sectors.GBT4754_SECTIONS


def test_gbt2002_sections_match_the_doc_and_the_brief():
    """The yearbook's 19 employment sections (GB/T 4754-2002 letters) map to families as the
    documented table says; APS are the brief's information, finance, leasing and business
    services, research and technical services; manufacturing is C."""
    doc = {r[0]: (r[3], r[2], r[1]) for r in _doc_rows("## GB/T 4754-2002 section → family")}
    assert doc == sectors.GBT4754_2002_SECTIONS
    assert list(sectors.GBT4754_2002_SECTIONS) == [chr(c) for c in range(ord("A"), ord("S") + 1)]
    aps = sorted(s for s in sectors.GBT4754_2002_SECTIONS
                 if sectors.family_of("gbt4754-2002", s) in sectors.ADVANCED_PRODUCER_SERVICES)
    assert aps == ["G", "J", "L", "M"]
    assert sectors.family_of("gbt4754-2002", "C") == "manufacturing"
    # the 2002 letter names the same family as its 2017 counterpart
    for s, (fam, s17, _) in sectors.GBT4754_2002_SECTIONS.items():
        assert sectors.gbt4754_family(s17) == fam
    assert sectors.family_of("gbt4754-2002", "TOTAL") is None
