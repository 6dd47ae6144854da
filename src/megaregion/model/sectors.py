"""Sector families: one vocabulary that makes NAICS 2017 and GB/T 4754-2017 comparable.

US County Business Patterns use NAICS 2017; Chinese yearbooks use the sections (门类 A–T) of
GB/T 4754-2017 *Industrial classification for national economic activities*. Both are mapped
here onto 17 families. The mapping table is documented in ``docs/sector-crosswalk.md``;
``tests/test_sectors.py`` checks that the document and this module agree.

Why the finer NAICS rules: NAICS 54 (professional, scientific and technical services) spans
two GB/T sections: L (租赁和商务服务业: legal, accounting, consulting, advertising) and M
(科学研究和技术服务业: R&D, engineering, testing). At 4 digits NAICS separates them, so
5413/5417 go to research & technical services and 5415 (computer systems design) to
information & software (GB/T 65 is in section I). At 2 digits, all of NAICS 54 falls to
business & professional services; both families are advanced producer services, so the
advanced-services share is the same at either level.
"""

from __future__ import annotations

from dataclasses import dataclass

# family id -> (English label, Chinese label, broad sector)
FAMILIES: dict[str, tuple[str, str, str]] = {
    "agriculture": ("Agriculture, forestry, fishing", "农林牧渔业", "primary"),
    "mining": ("Mining", "采矿业", "secondary"),
    "manufacturing": ("Manufacturing", "制造业", "secondary"),
    "utilities": ("Utilities", "电力、热力、燃气及水生产和供应业", "secondary"),
    "construction": ("Construction", "建筑业", "secondary"),
    "trade": ("Wholesale and retail trade", "批发和零售业", "tertiary"),
    "transport_logistics": ("Transport and logistics", "交通运输、仓储和邮政业", "tertiary"),
    "information_software": ("Information and software", "信息传输、软件和信息技术服务业", "tertiary"),
    "finance": ("Finance and insurance", "金融业", "tertiary"),
    "real_estate": ("Real estate", "房地产业", "tertiary"),
    "business_professional": ("Business and professional services", "租赁和商务服务业", "tertiary"),
    "research_technical": ("Research and technical services", "科学研究和技术服务业", "tertiary"),
    "education": ("Education", "教育", "tertiary"),
    "health": ("Health and social work", "卫生和社会工作", "tertiary"),
    "culture_leisure": ("Culture, leisure, accommodation and food", "文化、体育、娱乐及住宿餐饮业", "tertiary"),
    "public_administration": ("Public administration", "公共管理、社会保障和社会组织", "tertiary"),
    "other": ("Other services", "其他服务业", "tertiary"),
}

#: Advanced producer services (高端生产性服务业): the knowledge-intensive services sold mainly
#: to firms, following GaWC's "advanced producer services" (accountancy, advertising, banking
#: and finance, insurance, law, management consultancy; Taylor 2004) widened with information
#: services and R&D as in Chinese producer-service studies. Real estate is excluded.
ADVANCED_PRODUCER_SERVICES: frozenset[str] = frozenset(
    {"information_software", "finance", "business_professional", "research_technical"}
)

BROAD_SECTORS: dict[str, tuple[str, str]] = {
    "primary": ("Primary sector", "第一产业"),
    "secondary": ("Secondary sector", "第二产业"),
    "tertiary": ("Tertiary sector", "第三产业"),
}

# NAICS 2017 code prefix -> family. The longest matching prefix wins.
NAICS_PREFIX_FAMILY: dict[str, str] = {
    "11": "agriculture", "21": "mining", "22": "utilities", "23": "construction",
    "31": "manufacturing", "32": "manufacturing", "33": "manufacturing",
    "42": "trade", "44": "trade", "45": "trade",
    "48": "transport_logistics", "49": "transport_logistics",
    "51": "information_software", "52": "finance", "53": "real_estate",
    "54": "business_professional", "5413": "research_technical", "5417": "research_technical",
    "5415": "information_software",
    "55": "business_professional", "56": "business_professional",
    "562": "other",  # waste management: GB/T section N, not a producer service
    "61": "education", "62": "health", "71": "culture_leisure", "72": "culture_leisure",
    "81": "other", "92": "public_administration", "99": "other",
}

# GB/T 4754-2017 section letter -> (family, Chinese section title).
GBT4754_SECTIONS: dict[str, tuple[str, str]] = {
    "A": ("agriculture", "农、林、牧、渔业"),
    "B": ("mining", "采矿业"),
    "C": ("manufacturing", "制造业"),
    "D": ("utilities", "电力、热力、燃气及水生产和供应业"),
    "E": ("construction", "建筑业"),
    "F": ("trade", "批发和零售业"),
    "G": ("transport_logistics", "交通运输、仓储和邮政业"),
    "H": ("culture_leisure", "住宿和餐饮业"),
    "I": ("information_software", "信息传输、软件和信息技术服务业"),
    "J": ("finance", "金融业"),
    "K": ("real_estate", "房地产业"),
    "L": ("business_professional", "租赁和商务服务业"),
    "M": ("research_technical", "科学研究和技术服务业"),
    "N": ("other", "水利、环境和公共设施管理业"),
    "O": ("other", "居民服务、修理和其他服务业"),
    "P": ("education", "教育"),
    "Q": ("health", "卫生和社会工作"),
    "R": ("culture_leisure", "文化、体育和娱乐业"),
    "S": ("public_administration", "公共管理、社会保障和社会组织"),
    "T": ("other", "国际组织"),
}

# GB/T 4754-2002 section letter -> (family, GB/T 4754-2017 section of the same content, the
# section title as the China City Statistical Yearbook prints it in its employment tables).
# The yearbook kept the 2002 sections (19 of them; T, international organisations, is never
# printed) in its city employment tables, so ``cn/city_employment`` uses these letters under
# classification ``gbt4754-2002``. The 2002 letters differ from the 2017 ones from F to I
# (2002: F transport, G information, H trade, I hotels; 2017: F trade, G transport, H hotels,
# I information); the families do not. Content differences to 2017 are small: 2002 M also holds
# geological prospecting, 2002 O has no repair trades, 2002 Q also holds social insurance
# (in 2017 S).
GBT4754_2002_SECTIONS: dict[str, tuple[str, str, str]] = {
    "A": ("agriculture", "A", "农林牧渔业"),
    "B": ("mining", "B", "采掘业"),
    "C": ("manufacturing", "C", "制造业"),
    "D": ("utilities", "D", "电力煤气及水生产供应业"),
    "E": ("construction", "E", "建筑业"),
    "F": ("transport_logistics", "G", "交通仓储邮电业"),
    "G": ("information_software", "I", "信息传输、计算机服务和软件业"),
    "H": ("trade", "F", "批发零售贸易业"),
    "I": ("culture_leisure", "H", "住宿餐饮业"),
    "J": ("finance", "J", "金融业"),
    "K": ("real_estate", "K", "房地产业"),
    "L": ("business_professional", "L", "租赁和商业服务业"),
    "M": ("research_technical", "M", "科研、技术服务和地质勘查业"),
    "N": ("other", "N", "水利、环境和公共设施管理业"),
    "O": ("other", "O", "居民服务和其他服务业"),
    "P": ("education", "P", "教育业"),
    "Q": ("health", "Q", "卫生、社会保险和社会福利业"),
    "R": ("culture_leisure", "R", "文化、体育和娱乐业"),
    "S": ("public_administration", "S", "公共管理和社会组织"),
}

# Chinese city data have only three sectors (三次产业); they map to broad sectors, not families.
CN_THREE_SECTORS = ("primary", "secondary", "tertiary")

#: Codes that denote totals rather than industries.
TOTAL_CODES = frozenset({"00", "TOTAL", "total"})


@dataclass(frozen=True)
class Family:
    id: str
    label: str
    label_zh: str
    broad_sector: str

    @property
    def advanced_producer_service(self) -> bool:
        return self.id in ADVANCED_PRODUCER_SERVICES


def family(family_id: str) -> Family:
    label, label_zh, broad = FAMILIES[family_id]
    return Family(family_id, label, label_zh, broad)


def naics_family(code: str) -> str | None:
    """Sector family of a NAICS 2017 code at any level (``'31-33'``, ``'336'``, ``'5417'``).

    Returns ``None`` for totals (``'00'``) and for codes outside NAICS (e.g. Brookings' ``GVF``).
    """
    code = str(code).strip()
    if code in TOTAL_CODES:
        return None
    if "-" in code:  # hyphenated 2-digit sectors: 31-33, 44-45, 48-49
        code = code.split("-")[0]
    if not code.isdigit():
        return None
    for length in range(len(code), 1, -1):
        fam = NAICS_PREFIX_FAMILY.get(code[:length])
        if fam:
            return fam
    return None


def gbt4754_family(section: str) -> str | None:
    """Sector family of a GB/T 4754-2017 section letter (``'C'`` -> manufacturing)."""
    entry = GBT4754_SECTIONS.get(str(section).strip().upper())
    return entry[0] if entry else None


def gbt4754_2002_family(section: str) -> str | None:
    """Sector family of a GB/T 4754-2002 section letter (``'G'`` -> information_software)."""
    entry = GBT4754_2002_SECTIONS.get(str(section).strip().upper())
    return entry[0] if entry else None


def family_of(classification: str, code: str) -> str | None:
    """Family of an industry code in a named classification (None if unmapped or a total)."""
    if classification.startswith("naics"):
        return naics_family(code)
    if classification == "gbt4754-2002":
        return gbt4754_2002_family(code)
    if classification.startswith("gbt4754"):
        return gbt4754_family(code)
    if classification == "cn-three-sector":
        return {"primary": "agriculture"}.get(code)  # secondary/tertiary span many families
    return None


def broad_sector_of(classification: str, code: str) -> str | None:
    """Primary / secondary / tertiary sector of an industry code, for cross-country comparison."""
    if classification == "cn-three-sector":
        return code if code in CN_THREE_SECTORS else None
    fam = family_of(classification, code)
    return FAMILIES[fam][2] if fam else None


def crosswalk_table():
    """The NAICS and GB/T 4754 mapping as one tidy DataFrame (for docs and Excel export)."""
    import pandas as pd

    rows = [
        {"classification": "naics2017", "code": p, "family": f, "family_label": FAMILIES[f][0],
         "family_label_zh": FAMILIES[f][1], "broad_sector": FAMILIES[f][2],
         "advanced_producer_service": f in ADVANCED_PRODUCER_SERVICES}
        for p, f in sorted(NAICS_PREFIX_FAMILY.items())
    ] + [
        {"classification": "gbt4754-2017", "code": s, "family": f, "family_label": FAMILIES[f][0],
         "family_label_zh": FAMILIES[f][1], "broad_sector": FAMILIES[f][2],
         "advanced_producer_service": f in ADVANCED_PRODUCER_SERVICES}
        for s, (f, _) in GBT4754_SECTIONS.items()
    ]
    return pd.DataFrame(rows)
