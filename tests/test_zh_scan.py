"""Under ``--lang zh`` no English leaks: every command on the real data, scanned for Latin words.

Each command runs through the command line (as a user would) on the session's real store, with
``--lang zh``; its screen output, and the headers and Chinese findings/notes of its ``--out``
spreadsheet, are scanned for Latin words. What may stay Latin is removed first:

* codes: region and group ids, dataset ids and file paths, NAICS/GB codes (digits), options
  and command lines;
* proper names without a Chinese name: US county and metro names that have no ``name_zh`` in
  the store (the main metros have one and must use it), world cities without one;
* units, formula symbols and method names (D, T, R, ECI, PCI, RCA, LQ, QAP, PPML, p, n, r ...),
  the names of data sources and the authors of cited methods;
* a small explicit allow-list, each entry commented.

A failure prints every offending line with the command that printed it.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from megaregion.cli.app import main

# --- what may stay Latin -------------------------------------------------------------------

#: Codes and technical strings, removed before the scan (regular expressions).
CODE_PATTERNS = [
    r"`[^`]*`",                                            # code spans: what the user types
    r"(?:us-cbsa|us-csa|us|cn|world):[\w.-]+",              # region ids
    r"(?<![A-Za-z0-9])(?:us|cn)-[a-z0-9]+(?:-[a-z0-9]+)*",  # group ids (us-boswash, cn-yrd-2016)
    r"(?<![A-Za-z0-9])(?:us|cn|links|user)/[A-Za-z0-9_./-]+",  # dataset ids
    r"[A-Za-z0-9_./-]*\.(?:md|toml|csv|xlsx|json|gexf|graphml|net|dl|geojson|gz|duckdb|png|svg|html|pdf)(?![A-Za-z])",  # files, suffixes
    r"megaregion(?: [a-z][a-z-]*)*",                      # a command line (command words)
    r"--[a-z][a-z-]*(?: [a-z0-9_]+)*",                     # an option and its plain values
    r"'[^'\s]*'",                                          # a value the user gave, quoted back
    r"(?<![A-Za-z])\d+(?:\.\d+)?e[+-]\d+",                 # a number in scientific notation
    r"(?<![A-Za-z0-9])\d{2,4}[A-Z]{2}(?![A-Za-z])",          # BEA summary industry codes (3361MV, 311FT)
]

#: Formula symbols, units and acronyms of indicators (whole Latin words).
SYMBOLS = {
    # statistics and indicators
    "D", "T", "R", "K", "G", "P", "M", "S", "C", "U", "I", "E", "w", "x", "d", "ij", "i", "j",
    "p", "n", "r", "k", "b", "N", "ECI", "PCI", "RCA", "LQ", "QAP", "PPML", "COG", "COI", "UIG",
    "UIGR", "UI", "UG", "IG", "GT", "GO", "TO", "GTO", "GDP", "FDI", "GNC", "CR", "HHI", "SD",
    "min", "max", "ln", "log", "exp", "OLS", "km", "CV", "DS",
    # named measures (a person's name is the measure's name)
    "Krackhardt", "Spearman", "Pearson", "Gini", "Herfindahl", "Moran", "Shannon", "Theil",
    "Borgatti", "Everett", "Freeman", "Zipf", "Kendall", "Wilcoxon", "Lorenz", "Geary",
    # statistical terms kept in Latin in Chinese texts
    "PageRank", "critic", "CRITIC", "TOPSIS", "sigmoid",
    "null",  # the subscript of R_null, the permutation test's reference value
    "MRQAP",  # multiple-regression QAP (megaregion division)
}

#: Names of data sources, programs and authors of cited methods: proper names that have no
#: established Chinese form (docs/data.md names each source).
PROPER_NAMES = [
    "County Business Patterns", "CBP", "QCEW", "USPTO", "NSF", "HERD", "BRDIS", "OECD", "REGPAT",
    "ACS", "IRS", "BEA", "NAICS", "GB", "CBSA", "CSA", "GaWC", "SNA", "ecomplexity", "sna",
    "cpnet", "useeior", "Gephi", "Pajek", "UCINET", "GIS", "TOML", "UTF-8", "GB18030", "GBK",
    "Excel", "CSV", "JSON", "UTF-16", "Li", "Du", "Yu", "Liang", "Hwang", "Yoon", "Taylor", "Catalano",
    "Derudder", "Green", "Diakoulaki", "Mavrotas", "Papayannakis", "Hidalgo", "Hausmann", "Leydesdorff", "Wang", "Zhang", "Ivanova", "Park",
    "Lengyel", "Meyer", "Boschma", "Neffke", "Balland", "Rigby", "Jun", "Fan", "Dun", "Bradstreet",
    "Census", "Metro Monitor", "et al", "MEGAREGION_DATA", "MEGAREGION_STORE",
    "Dong", "Liu", "cpca", "GCJ-02", "WGS-84", "GFRD",  # a data package, datums, a firm registry
    "Phipson", "Smyth", "Head", "Mayer",  # permutation p-values; internal distance of a city
    "FIPS", "EMSI", "Nature Cities", "CEUS",  # US county code standard, a data vendor, journals
    "CONCOR", "Breiger", "Boorman", "Arabie", "Burt", "Ward",  # block models: a method and its authors
    "Miller", "Blair", "Rasmussen", "Hirschman", "Ghosh", "Dekker", "Snijders",  # IO and MRQAP methods
    "PySAL", "esda", "Anselin",  # spatial statistics library and its module; the author of LISA
    "Besag", "Clifford",  # sequential Monte Carlo p-values (the core-periphery test's early stop)
    "Borgatti", "Everett",  # the discrete core-periphery model's authors (map captions)
]

#: Known leaks left in place, each with its reason. The lead removes entries as they are fixed.
KNOWN_LEAKS: list[str] = [
]


def _us_names_without_zh(store) -> list[str]:
    """English names of US regions that have no Chinese name (counties, states and metros
    outside the main metros): proper names the Chinese text may keep. World cities are not
    among them: those a finding names have Chinese names (``i18n.values.WORLD_CITIES_ZH``)."""
    rows = store.con.execute(
        "SELECT DISTINCT name FROM regions WHERE country = 'us' AND (name_zh IS NULL OR name_zh = '') "
        "AND name IS NOT NULL").fetchall()
    return sorted({r[0] for r in rows if r[0]}, key=len, reverse=True)


_WORD = re.compile(r"[A-Za-z][A-Za-z'&-]*")


def latin_leaks(text: str, names: list[str]) -> list[str]:
    """The lines of ``text`` that still hold a Latin word once codes, symbols and allowed
    names are removed."""
    bad = []
    code_re = re.compile("|".join(CODE_PATTERNS))
    words = sorted(PROPER_NAMES + KNOWN_LEAKS, key=len, reverse=True)
    for line in text.splitlines():
        rest = code_re.sub(" ", line)
        for name in names:
            if name in rest:
                rest = rest.replace(name, " ")
        for w in words:
            rest = re.sub(r"(?<![A-Za-z])" + re.escape(w) + r"(?![A-Za-z])", " ", rest)
        left = [w for w in _WORD.findall(rest) if w not in SYMBOLS and w.strip("-'&") not in SYMBOLS]
        if left:
            bad.append(f"{line.strip()}    <- {', '.join(dict.fromkeys(left))}")
    return bad


# --- the commands ---------------------------------------------------------------------------

COMMANDS = [
    ["groups"],
    ["regions", "list", "--group", "cn-yrd-2016"],
    ["regions", "list", "--group", "us-sansan", "--level", "metro"],
    ["data", "list"],
    ["demo"],
    ["structure", "us-boswash"],
    ["structure", "cn-yrd-2016", "--years", "2010", "2019"],
    ["network", "us-sansan", "--permutations", "19"],
    ["network", "us-boswash", "--kind", "commuting", "--permutations", "19"],
    ["network", "cn-myr-2015", "--kind", "gravity", "--permutations", "19"],
    ["network", "cn-myr-2015", "--kind", "firm_link", "--permutations", "19"],
    ["network", "cn-yrd-2016", "--kind", "firm_link", "--permutations", "9", "--cp-stop-after", "2"],
    ["network", "cn-yrd-2016", "--kind", "baidu", "--permutations", "19"],
    ["alliances", "us-boswash"],
    ["alliances", "cn-yrd-2016", "--industry", "M"],
    ["network", "us-boswash", "us-sansan", "--kind", "gravity", "--years", "2010", "2019", "--permutations", "19"],
    ["innovation", "us-sansan"],
    ["innovation", "cn-yrd-2016"],
    ["complexity", "us-sansan"],
    ["cofunding", "us-boswash", "us-sansan"],
    ["world-cities"],
    ["openness", "us-boswash"],
    ["openness", "cn-yrd-2016"],
    ["openness", "us-sansan", "--year", "2019"],
    ["compare", "us-boswash", "cn-yrd-2016", "--permutations", "19"],
    # no records of their own in the shared data: the message says what to import
    ["collaboration"],
    ["synergy", "us-boswash"],
    # user errors a Chinese user meets
    ["structure", "no-such-group"],
    ["structure", "cn-yrd-2016", "--years", "2030", "2031"],
    ["network", "us-sansan", "--kind", "telepathy"],
    ["complexity", "us-sansan", "--level", "naics9"],
    ["innovation", "us-sansan", "--weighting", "foo"],
    ["cofunding", "cn-yrd-2016"],
    ["network", "us-sansan", "--kind", "gravity", "--years", "2012"],
    ["network", "cn-yrd-2016", "--kind", "baidu", "--period", "2019-01-01/2019-02-01"],
    ["network", "cn-yrd-2016", "--kind", "baidu", "--period", "2020-02-01/2020-01-01"],
    ["blocks", "cn-yrd-2016", "--kind", "baidu"],
    ["blocks", "us-boswash", "--method", "se"],
    ["blocks", "cn-myr-2015", "--kind", "gravity"],
    ["blocks", "us-sansan", "--blocks", "3"],
    ["io", "--country", "us"],
    ["io", "--country", "cn", "--year", "2018"],
    ["division", "us-boswash", "--permutations", "19"],
    ["division", "cn-yrd-2016", "--kind", "baidu", "--permutations", "19"],
    ["io", "--country", "cn", "--year", "2019"],
    ["division", "us-boswash", "--kind", "firm_link"],
    ["spatial", "cn-yrd-2016", "--indicator", "gdp_per_capita", "--permutations", "99"],
    ["spatial", "cn-yreb", "--indicator", "lq:C", "--permutations", "99"],
    ["spatial", "us-boswash", "--indicator", "patents_per_capita", "--permutations", "99"],
    ["spatial", "us-sansan", "--indicator", "gdp_per_capita", "--permutations", "99"],
    ["spatial", "cn-yrd-2016", "--indicator", "no_such_thing"],
    ["spatial", "cn-yrd-2016", "--indicator", "gdp_per_capita", "--weights", "rook"],
    ["spatial", "us-sansan", "--indicator", "gdp_per_capita", "--weights", "queen"],
    ["spatial", "cn-yrd-2016", "--indicator", "gdp_per_capita", "--year", "1990"],
]

#: Commands whose tables are written with --out x.xlsx (headers and findings/notes scanned).
WITH_OUT = {"structure", "network", "innovation", "complexity", "cofunding", "world-cities", "blocks", "io", "division", "openness", "alliances", "spatial", "compare"}


def _run(capsys, *args) -> tuple[int, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out + out.err


def _sheet_texts(path) -> list[str]:
    """Headers of every sheet, and the Chinese column of the findings and notes sheets."""
    lines = []
    for name, df in pd.read_excel(path, sheet_name=None).items():
        lines.append(f"[{name}] " + " | ".join(map(str, df.columns)))
        if name in ("findings", "notes"):
            zh = [c for c in df.columns if "zh" in str(c) or "中文" in str(c)]
            for c in zh:
                lines += [f"[{name}] {v}" for v in df[c].dropna().astype(str)]
    return lines


def _header_leaks(lines: list[str], names: list[str]) -> list[str]:
    """A spreadsheet header ``中文（key）`` keeps its key (the column's name in JSON and the
    docs); the Chinese part must be there."""
    out = []
    for line in lines:
        if line.startswith("[findings] ") and " | " not in line or line.startswith("[notes] ") and " | " not in line:
            out += latin_leaks(line.split("] ", 1)[1], names)
            continue
        sheet, headers = line.split("] ", 1)
        for h in headers.split(" | "):
            chinese = re.sub(r"（[^（）]*）$", "", h)
            if not re.search(r"[\u4e00-\u9fff]", chinese):
                out.append(f"{sheet}] header {h!r} has no Chinese")
    return out


def test_no_english_leaks_under_lang_zh(real_store, tmp_path, capsys, monkeypatch):
    from megaregion.cli import render

    # one finding per line: a wide console does not wrap names across lines
    monkeypatch.setattr(render.console, "width", 1000)
    monkeypatch.setattr(render.err_console, "width", 1000)
    names = _us_names_without_zh(real_store)
    leaks: list[str] = []
    for args in COMMANDS:
        extra = []
        if args[0] in WITH_OUT:
            xlsx = tmp_path / (re.sub(r"[^A-Za-z0-9_.-]", "_", '_'.join(args)) + ".xlsx")
            extra = ["--out", str(xlsx)]
        code, text = _run(capsys, "--lang", "zh", "--store", real_store.path, *args, *extra)
        assert "Traceback" not in text, (args, text[-2000:])
        # what the user typed (a group id that does not exist) may be echoed back as typed
        found = latin_leaks(text, names + [a for a in args if not a.startswith("-") and not a.isalpha()])
        if extra and code == 0:
            found += _header_leaks(_sheet_texts(xlsx), names)
        leaks += [f"megaregion --lang zh {' '.join(args)}: {line}" for line in found]
    assert not leaks, "English under --lang zh:\n" + "\n".join(leaks)


def test_the_scanner_finds_english_and_passes_codes():
    names = ["Reading, PA"]
    assert latin_leaks("创新极核 Nanjing; Hefei", names)
    assert latin_leaks("26个city级成员", names)
    assert latin_leaks("核心城市类型  service-led", names)
    assert not latin_leaks("Reading, PA（+0.09个百分点）；us-cbsa:31080，cn-yrd-2016，us/cbp_metro", names)
    assert not latin_leaks("Krackhardt等级度0.90，r = 0.95，ECI 4.32，见docs/user-tables.md", names)
    assert not latin_leaks("运行 megaregion data fetch cbp --years 2019 --level county", names)


# --- the pieces, on small hand-made results (fast) -----------------------------------------

def _small_results():
    from megaregion.analysis.results import Finding, Note, Results

    summary = pd.DataFrame([{"group_id": "cn-yrd-2016", "measure": "value_added", "core_balance_class": "service-led",
                             "weighting": "entropy", "coupling_formula": "standard", "kind": "firm_link",
                             "innovation_hearts": "Nanjing; Hefei", "innovation_hearts_zh": "南京市；合肥市"}])
    return Results("t", "标题", {"summary": summary}, "summary",
                   [Finding("Nanjing leads.", "南京领先。", "summary")], [Note("a note", "一条说明")])


def test_coded_values_are_chinese_on_screen_and_in_spreadsheets_but_not_in_json(tmp_path):
    from io import StringIO

    from rich.console import Console

    from megaregion.cli.render import print_results

    res = _small_results()
    buf = StringIO()
    print_results(Console(file=buf, width=300), res, "zh")
    text = buf.getvalue()
    for zh in ("增加值", "服务主导型", "熵值法", "标准公式", "企业联系", "南京市；合肥市"):
        assert zh in text, zh
    assert not latin_leaks(text, []), latin_leaks(text, [])

    res.save(tmp_path / "x.xlsx", "zh")
    sheets = pd.read_excel(tmp_path / "x.xlsx", sheet_name=None)
    assert sheets["summary"]["指标（measure）"].iloc[0] == "增加值"
    assert list(sheets["findings"].columns) == ["英文（en）", "中文（zh）", "所在表（table）"]
    assert list(sheets["notes"].columns) == ["英文（en）", "中文（zh）"]
    assert "创新极核（中文）（innovation_hearts_zh）" in sheets["summary"].columns
    csv = res.save(tmp_path / "x.csv", "zh")[0]
    assert "服务主导型" in csv.read_text(encoding="utf-8-sig")

    import json

    res.save(tmp_path / "x.json")
    row = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))["tables"]["summary"][0]
    assert row["measure"] == "value_added" and row["core_balance_class"] == "service-led"


def test_every_dataset_has_a_chinese_description():
    from megaregion.io.registry import DATASETS

    for ds in DATASETS.values():
        assert ds.description_zh != ds.description, ds.id
        assert not latin_leaks(ds.description_zh, []), (ds.id, ds.description_zh)


@pytest.mark.parametrize("message", [
    "cn-yrd-2016: no value_added in cn/city_panel for 2030; its years are (2010, 2019) "
    "(import it with `megaregion data import`)",
    "unknown kind 'telepathy'; use one of tech_transfer, commuting, migration, firm_link, baidu, gravity",
    "--level 'naics9': use naics2, naics3 or naics4",
    "--weighting must be entropy or critic",
    "--formula must be standard or wang2021",
    "upgrade years must increase, got 2019 and 2010",
    "us/herd has no data for 2030; its years are 2012, 2013",
    "cn-yrd: only 2 members have all innovation indicators; at least 3 are needed",
    "kind 'commuting' has US data; cn-yrd is in CN",
    "name at least one US group, e.g. us-boswash",
    "--years takes exactly two years, e.g. --years 2018 2019",
    "cannot write /tmp/x/y.xlsx: Cannot save file into a non-existent directory: '/tmp/x'",
    # downloads (data fetch)
    "cannot fetch 'qcew': only 'cbp' can be downloaded; see docs/data.md for the others",
    "--level 'state': use county or metro",
    "could not download https://www2.census.gov/programs-surveys/cbp/datasets/2019/cbp19co.zip "
    "(the server cannot be reached); check the internet connection, or download the file by hand "
    "and save it as /home/u/.cache/megaregion/census/cbp19co.zip, then run again",
    "could not download https://www2.census.gov/x/cbp19co.zip (HTTP 404 Not Found); check the internet "
    "connection, or download the file by hand and save it as /tmp/c/cbp19co.zip, then run again",
    "/tmp/c/cbp19co.zip has changed since it was stored (SHA-256 0123456789ab... , recorded "
    "ba9876543210... in /tmp/c/registry.txt); delete the file to download it again, or delete its "
    "line in registry.txt to accept it",
    "https://www2.census.gov/x/cbp19co.zip no longer matches the SHA-256 recorded in /tmp/c/registry.txt "
    "(0123456789ab...); the Census Bureau may have revised the file; delete its line in registry.txt "
    "to accept the new version",
    # figures (--plot)
    "--plot /tmp/x/net.pdf: unknown suffix '.pdf'; use .png, .svg, .html",
    "`structure` draws no figure yet; commands with figures: `network`",
    "--plot draws the recommendations: not with --backtest",
])
def test_error_messages_have_chinese_text(message):
    from megaregion.errors import MegaregionError
    from megaregion.i18n.error_texts import zh

    text = zh(MegaregionError(message))
    assert text != message and not latin_leaks(text, []), text


@pytest.mark.parametrize("args", [
    ["structure"], ["regions", "show", "x"], ["world-cities", "--year", "1999"],
    ["innovation", "cn-yrd", "--years", "abc"], ["structure", "cn-yrd", "extra1", "extra2"],
    ["network", "us-sansan", "--kind"],
])
def test_usage_errors_in_chinese(capsys, tmp_path, args):
    code, text = _run(capsys, "--lang", "zh", "--store", str(tmp_path / "s.duckdb"), *args)
    assert code == 2 and text.strip().startswith("错误：") and len(text.strip().splitlines()) == 1, text
    assert not latin_leaks(text, []), text


def test_collaboration_with_a_small_records_file_has_no_english(capsys, tmp_path, data_dir, monkeypatch):
    """The shared data hold no actor-typed records: import a small file of 800 documents (as a
    user would) into a store of Chinese cities, and scan the import and the collaboration run."""
    import numpy as np
    from test_collaboration import RECORDS_TOML

    from megaregion.cli import render

    monkeypatch.setattr(render.console, "width", 1000)
    store = str(tmp_path / "th.duckdb")
    code, text = _run(capsys, "--lang", "zh", "--store", store, "--data-dir", str(data_dir), "data", "import",
                      "--dataset", "cn/cities", "--dataset", "cn/clusters")
    assert code == 0, text
    rng = np.random.default_rng(7)
    docs = []
    for city in ("310000", "320500"):
        for i in range(400):
            letters = "".join(x for x, p in zip("UIG", (0.7, 0.4, 0.2)) if rng.random() < p) or "个人"
            docs.append(f"{city}-{i},{city},2020,{letters}")
    data = tmp_path / "docs.csv"
    data.write_text("专利号,城市代码,申请年,申请人类型\n" + "\n".join(docs) + "\n", encoding="utf-8")
    mapping = tmp_path / "m.toml"
    mapping.write_text(RECORDS_TOML, encoding="utf-8")
    code, imported = _run(capsys, "--lang", "zh", "--store", store, "data", "import", str(data),
                          "--mapping", str(mapping))
    assert code == 0, imported
    xlsx = tmp_path / "th.xlsx"
    code, text = _run(capsys, "--lang", "zh", "--store", store, "collaboration", "cn-yrd", "--out", str(xlsx))
    assert code == 0, text
    leaks = latin_leaks(imported + text, []) + _header_leaks(_sheet_texts(xlsx), [])
    assert not leaks, "English under --lang zh:\n" + "\n".join(leaks)


def test_importing_the_chinese_datasets_speaks_chinese(capsys, tmp_path, data_dir, monkeypatch):
    """`data import` of the Chinese datasets and the world-city sets under --lang zh: every reader
    note in Chinese (GaWC's required acknowledgement is quoted verbatim, as code)."""
    from megaregion.cli import render

    monkeypatch.setattr(render.console, "width", 1000)
    sets = ["cn/cities", "cn/clusters", "cn/city_panel", "cn/census", "cn/yearbook_firms_2015",
            "cn/universities", "cn/patents_connectivity", "cn/baidu_migration", "links/cn_hightech_links",
            "links/cn_io", "links/gawc_ds11", "links/gawc_ds6", "links/gawc_gnc_2020"]
    args = [a for d in sets for a in ("--dataset", d)]
    code, text = _run(capsys, "--lang", "zh", "--store", str(tmp_path / "cn.duckdb"), "--data-dir", str(data_dir),
                      "data", "import", *args)
    assert code == 0, text
    leaks = latin_leaks(text, [])
    assert not leaks, "English under --lang zh:\n" + "\n".join(leaks)


#: The US datasets and the US link sets of the shared data (all of ``data import`` for the US).
US_DATASETS = ["us/reference", "us/megaregions", "us/cbp_county", "us/cbp_metro",
               "us/brookings_shiftshare", "us/qcew_ny", "us/brookings_older_industrial",
               "us/patents_county", "us/patents_metro", "us/herd", "us/brdis", "us/regpat",
               "us/commuting", "us/migration", "us/inmigration_education", "links/us_tech_transfer",
               "links/us_tech_transfer_county", "links/us_tech_transfer_national",
               "links/us_msa_connectivity", "links/bea_io"]


def test_importing_the_us_datasets_speaks_chinese(capsys, tmp_path, data_dir, monkeypatch):
    """`data import` of the US datasets under --lang zh into a fresh store: every reader note in
    Chinese (the main metros by their Chinese names; old CBSA titles that have none, which the
    store does not hold, quoted as codes)."""
    from megaregion.cli import render

    # one note per line (the crosswalk notes list dozens of metros): no wrap inside a quoted name
    monkeypatch.setattr(render.console, "width", 5000)
    store = tmp_path / "us.duckdb"
    args = [a for d in US_DATASETS for a in ("--dataset", d)]
    code, text = _run(capsys, "--lang", "zh", "--store", str(store), "--data-dir", str(data_dir),
                      "data", "import", *args)
    assert code == 0, text
    assert text.count("已导入") == len(US_DATASETS), text
    assert "县域商业模式" in text and "都市区" in text and "专利" in text, text
    leaks = latin_leaks(text, [])
    assert not leaks, "English under --lang zh:\n" + "\n".join(leaks)
