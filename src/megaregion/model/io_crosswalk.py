"""Crosswalks from the national input–output tables to the industries of city employment data.

US: BEA summary industries (2017 schema, 71 industries) ↔ NAICS 2017
--------------------------------------------------------------------
``BEA_SUMMARY_NAICS`` gives each BEA summary industry the NAICS 2017 code prefixes it covers,
as in BEA's concordance ("The Use of Commodities by Industries ... NAICS codes" columns of the
2017-schema summary tables). The summary codes are themselves NAICS prefixes or named
aggregates of them (``3361MV`` = NAICS 3361–3363, ``4A0`` = other retail, ...).

A NAICS code c of the County Business Patterns (CBP) maps to every BEA industry whose NAICS
prefixes start with c (c is coarser, e.g. ``31-33`` or ``336``) or of which one prefix starts
c (c is finer, e.g. ``3362`` → ``3361MV``). CBP-specific choices (see ``CBP_NAICS2_BEA``):

* CBP sector ``11`` covers only NAICS 113–115 (CBP excludes crop and animal production), so
  it takes ``113FF`` only, not ``111CA`` (farms).
* ``53`` takes ``ORE`` (other real estate) and ``532RL``; ``HS`` (housing, mainly the imputed
  rent of owner-occupied dwellings, which has no establishments) is left out.
* ``99`` (industries not classified) and NAICS ``92`` (public administration, not in CBP)
  have no counterpart; BEA's government industries (``GFGD`` ``GFGN`` ``GFE`` ``GSLG``
  ``GSLE``) and ``HS`` have no CBP column.

China: national IO table, 42 sectors (2017/2018/2020) ↔ GB/T 4754-2002 sections
------------------------------------------------------------------------------
``CN42_SECTION`` maps each of the 42 sectors of the NBS table (GB/T 4754-2011/2017-based
product sectors) to the section of GB/T 4754-2002 that the city yearbook employment uses
(A–S). All 19 sections have at least one sector. Approximations (content differences between
the 2002 sections and the 2011/2017 classification of the table): sector 23 (repair of metal
products, machinery and equipment) goes to C (it is manufacturing division 43 in 2011/2017);
sector 22 (other manufacturing and waste resources) to C; 36 (technical services) with 35
(R&D) to M; 38 (resident, repair and other services) to O; 40 (health care and social work)
to Q; 42 (public administration, social security and social organisations) to S although the
2002 section Q also held social insurance.
"""

from __future__ import annotations

import pandas as pd

#: BEA summary industry (2017 schema) -> NAICS 2017 code prefixes it covers.
BEA_SUMMARY_NAICS: dict[str, tuple[str, ...]] = {
    "111CA": ("111", "112"),
    "113FF": ("113", "114", "115"),
    "211": ("211",), "212": ("212",), "213": ("213",),
    "22": ("22",),
    "23": ("23",),
    "321": ("321",), "327": ("327",), "331": ("331",), "332": ("332",), "333": ("333",),
    "334": ("334",), "335": ("335",),
    "3361MV": ("3361", "3362", "3363"),
    "3364OT": ("3364", "3365", "3366", "3369"),
    "337": ("337",), "339": ("339",),
    "311FT": ("311", "312"),
    "313TT": ("313", "314"),
    "315AL": ("315", "316"),
    "322": ("322",), "323": ("323",), "324": ("324",), "325": ("325",), "326": ("326",),
    "42": ("42",),
    "441": ("441",), "445": ("445",), "452": ("452",),
    "4A0": ("442", "443", "444", "446", "447", "448", "451", "453", "454"),
    "481": ("481",), "482": ("482",), "483": ("483",), "484": ("484",), "485": ("485",),
    "486": ("486",),
    "487OS": ("487", "488", "492"),
    "493": ("493",),
    "511": ("511",), "512": ("512",),
    "513": ("515", "517"),
    "514": ("518", "519"),
    "521CI": ("521", "522"),
    "523": ("523",), "524": ("524",), "525": ("525",),
    "HS": (),            # housing (owner-occupied imputed rent): no establishments
    "ORE": ("531",),
    "532RL": ("532", "533"),
    "5411": ("5411",), "5415": ("5415",),
    "5412OP": ("5412", "5413", "5414", "5416", "5417", "5418", "5419"),
    "55": ("55",),
    "561": ("561",), "562": ("562",),
    "61": ("61",),
    "621": ("621",), "622": ("622",), "623": ("623",), "624": ("624",),
    "711AS": ("711", "712"),
    "713": ("713",),
    "721": ("721",), "722": ("722",),
    "81": ("81",),
    "GFGD": (), "GFGN": (), "GFE": (), "GSLG": (), "GSLE": (),  # government: not in CBP
}

#: CBP NAICS sector (2-digit level as the CBP files write it) -> BEA summary industries.
CBP_NAICS2_BEA: dict[str, tuple[str, ...]] = {
    "11": ("113FF",),
    "21": ("211", "212", "213"),
    "22": ("22",),
    "23": ("23",),
    "31-33": ("321", "327", "331", "332", "333", "334", "335", "3361MV", "3364OT", "337", "339",
              "311FT", "313TT", "315AL", "322", "323", "324", "325", "326"),
    "42": ("42",),
    "44-45": ("441", "445", "452", "4A0"),
    "48-49": ("481", "482", "483", "484", "485", "486", "487OS", "493"),
    "51": ("511", "512", "513", "514"),
    "52": ("521CI", "523", "524", "525"),
    "53": ("ORE", "532RL"),
    "54": ("5411", "5415", "5412OP"),
    "55": ("55",),
    "56": ("561", "562"),
    "61": ("61",),
    "62": ("621", "622", "623", "624"),
    "71": ("711AS", "713"),
    "72": ("721", "722"),
    "81": ("81",),
    "99": (),
}


def _expand(code: str) -> list[str]:
    """NAICS 2-digit range codes ('31-33') as their 2-digit members."""
    if "-" in code:
        lo, hi = code.split("-")
        return [str(k) for k in range(int(lo), int(hi) + 1)]
    return [code]


def bea_for_naics(code: str) -> tuple[str, ...]:
    """BEA summary industries of a NAICS 2017 code as the CBP writes it (2 to 6 digits).

    Two-digit sectors use :data:`CBP_NAICS2_BEA`; finer codes the prefix rule of the module
    docstring. Empty tuple: no counterpart (the industry is then missing, never zero).
    """
    code = str(code).strip()
    if code in CBP_NAICS2_BEA:
        return CBP_NAICS2_BEA[code]
    out = []
    for bea, prefixes in BEA_SUMMARY_NAICS.items():
        for p in prefixes:
            if p.startswith(code) or code.startswith(p):
                out.append(bea)
                break
    return tuple(out)


def naics_bea_table() -> pd.DataFrame:
    """The committed crosswalk as a table: ``bea_code``, ``naics_prefix`` (one row per pair)."""
    rows = [(b, p) for b, ps in BEA_SUMMARY_NAICS.items() for p in (ps or ("",))]
    return pd.DataFrame(rows, columns=["bea_code", "naics_prefix"])


#: China national IO table, 42 sectors (codes '01'..'42') -> GB/T 4754-2002 section letter.
CN42_SECTION: dict[str, str] = {
    "01": "A",
    "02": "B", "03": "B", "04": "B", "05": "B",
    **{f"{k:02d}": "C" for k in range(6, 24)},
    "24": "D", "25": "D", "26": "D",
    "27": "E",
    "28": "H",
    "29": "F",
    "30": "I",
    "31": "G",
    "32": "J",
    "33": "K",
    "34": "L",
    "35": "M", "36": "M",
    "37": "N",
    "38": "O",
    "39": "P",
    "40": "Q",
    "41": "R",
    "42": "S",
}
