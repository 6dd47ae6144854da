"""Spatial patterns: is an indicator clustered in space across a group's members?

``spatial_patterns(store, "cn-yrd-2016", "gdp_per_capita", 2019)`` computes global Moran's I,
Geary's C and local Moran (LISA) with seeded permutation inference through PySAL
(:mod:`megaregion.metrics.spatial`), over

* the Chinese cities of a group, with queen contiguity from the city polygons
  (``cn/city_boundaries_wkt.csv.gz``) or k nearest neighbours from the city coordinates;
* the counties of a US group where the indicator exists for counties (patents, population,
  County Business Patterns), with queen contiguity from ``us/boundaries/counties-10m.json``;
  otherwise the group's metros, with k nearest neighbours (metros have no polygon here).

Indicators: any indicator of the store by name (``megaregion indicators GROUP`` lists them) and
the derived measures ``gdp_per_capita``, ``tertiary_share``, ``patents_per_capita`` and
``lq:CODE`` (location quotient of one industry's employment against the whole country in the
source). A member without a value (missing, or suppressed: unknown, never 0), without a polygon
or without any neighbour among the others is left out and named in a note.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from megaregion.analysis.results import Finding, Results
from megaregion.errors import MegaregionError, UnknownNameError
from megaregion.i18n.notes import Note

__all__ = ["spatial_patterns", "DERIVED", "CLUSTER_LABELS"]

#: Derived measures: name -> (English, Chinese) label.
DERIVED = {
    "gdp_per_capita": ("GDP per capita", "人均GDP"),
    "tertiary_share": ("tertiary-sector share", "第三产业占比"),
    "patents_per_capita": ("patents per ten thousand residents", "每万人专利数"),
}

#: Significant LISA clusters: code -> (English, Chinese).
CLUSTER_LABELS = {
    "HH": ("hot spot (high among high)", "热点（高—高集聚）"),
    "LL": ("cold spot (low among low)", "冷点（低—低集聚）"),
    "HL": ("high outlier (high among low)", "高值异常（高—低）"),
    "LH": ("low outlier (low among high)", "低值异常（低—高）"),
    "ns": ("not significant", "不显著"),
}

_QUAD_EN = {"HH": "high value, high neighbours", "LL": "low value, low neighbours",
            "HL": "high value, low neighbours", "LH": "low value, high neighbours"}
_UNITS_ZH = {"yuan per person": "元/人", "USD per person": "美元/人", "%": "%", "ratio": "比值",
             "per 10,000 persons": "每万人", "persons": "人", "count": "个数", "cny_100m": "亿元"}
_QUAD_ZH = {"HH": "高—高", "LL": "低—低", "HL": "高—低", "LH": "低—高"}

#: Population indicator per country for per-capita measures (first found is used).
_POPULATION = {"cn": ("population_resident", "population_census"),
               "us": ("population_estimate", "population", "population_resident")}
#: Patent indicator per country and level.
_PATENTS = {"cn": ("patents",), "us": ("patents_utility",)}
#: Activity source of employment by industry per country and level (for lq:CODE, tertiary share).
_EMPLOYMENT = {("cn", "city"): ("cn/city_employment", "employees"),
               ("us", "county"): ("us/cbp_county", "employees"),
               ("us", "metro"): ("us/cbp_metro", "employees")}


@dataclass
class _Values:
    """An indicator's values for the units of one level and year, with what was left out."""

    values: pd.Series                  # region_id -> value (known values only)
    unknown: list[str]                 # ids whose value is suppressed (unknown)
    label: str
    label_zh: str
    unit: str
    year: int
    quality: pd.DataFrame              # data_quality rows of the values used
    notes: list = field(default_factory=list)
    source: str = ""


def _norm_flag(f):
    return None if f is None or (isinstance(f, float) and np.isnan(f)) else f


@dataclass
class _Store:
    """The store's connection and the group's stand-ins (older metro code -> city of the main
    delineation, ``Megaregion.stand_ins``): a source published under the older code gives the
    city its value where it has none under its own code (flag ``vintage_mapped``)."""

    con: object
    stand: dict = field(default_factory=dict)


def _carry(df: pd.DataFrame, stand: dict, keys: list[str]) -> pd.DataFrame:
    """Rows of an older code renamed to the city they stand in for, where the city has no row
    with the same ``keys`` (source, year, ...); flagged ``vintage_mapped`` where unflagged."""
    if not stand or df.empty:
        return df
    old = df["region_id"].isin(list(stand))
    if not old.any():
        return df
    own = set(map(tuple, df.loc[~old, ["region_id", *keys]].astype(str).to_numpy().tolist()))
    moved = df[old].copy()
    moved["region_id"] = moved["region_id"].map(stand)
    take = [tuple(r) not in own for r in moved[["region_id", *keys]].astype(str).to_numpy().tolist()]
    moved = moved[take]
    moved.loc[moved["flag"].isna() | (moved["flag"] == "observed"), "flag"] = "vintage_mapped"
    keep = df[~old | ~df.index.isin(moved.index)]
    return pd.concat([keep, moved], ignore_index=True)


def _raw(store, ids: list[str], name: str, year: int | None) -> pd.DataFrame:
    """Indicator rows of ``name`` for ``ids`` (all years when ``year`` is None), with the rows
    of stand-ins carried to their cities; with several sources, the one covering most ids."""
    stand = {o: c for o, c in getattr(store, "stand", {}).items() if c in set(ids)}
    df = store.con.execute(
        "SELECT region_id, year, value, unit, flag, source FROM indicators WHERE indicator = ? "
        "AND region_id IN (SELECT unnest(?))" + (" AND year = ?" if year is not None else ""),
        [name, list(ids) + list(stand)] + ([int(year)] if year is not None else [])).df()
    df = _carry(df, stand, ["source", "year"])
    df = df[df["region_id"].isin(ids)]
    if df.empty:
        return df
    best = df.groupby("source")["region_id"].nunique().sort_values(ascending=False).index[0]
    return df[df["source"] == best]


def _pick_year(df: pd.DataFrame, what: str, group: str) -> int:
    """The latest year with values for at least 95 % as many members as the best-covered year."""
    per = df.dropna(subset=["value"]).groupby("year")["region_id"].nunique()
    if per.empty:
        raise MegaregionError(f"{group}: no values of {what} for its members")
    ok = per[per >= 0.95 * per.max()]
    return int(ok.index.max())


def _years_error(group, what, df, year):
    have = sorted({int(y) for y in df["year"].unique()}) if not df.empty else []
    raise MegaregionError(f"{group}: no values of {what} in {year}; years with values: "
                          + (", ".join(map(str, have)) if have else "none"))


def _from_rows(df: pd.DataFrame, ids, label, label_zh, unit, year, variable) -> _Values:
    df = df[df["region_id"].isin(ids)].copy()
    df["flag"] = df["flag"].map(_norm_flag)
    unknown = df.loc[df["value"].isna() | (df["flag"] == "suppressed"), "region_id"].tolist()
    known = df[df["value"].notna() & (df["flag"] != "suppressed")]
    q = known.loc[known["flag"].notna() & (known["flag"] != "observed"),
                  ["region_id", "year", "flag", "source"]].assign(variable=variable, detail="")
    return _Values(known.set_index("region_id")["value"].astype(float), unknown, label, label_zh, unit,
                   year, q, source=", ".join(sorted(set(df["source"].dropna()))))


def _indicator(store, ids, name, year, group) -> _Values:
    df = _raw(store, ids, name, None)
    if df.empty:
        raise MegaregionError(f"{group}: no values of {name}")
    year = _pick_year(df, name, group) if year is None else year
    if not (df["year"] == year).any():
        _years_error(group, name, df, year)
    df = df[df["year"] == year]
    unit = ", ".join(sorted({str(u) for u in df["unit"].dropna()}))
    from megaregion.i18n.values import VALUES_ZH

    return _from_rows(df, ids, name, VALUES_ZH.get(name, name), unit, year, name)


def _ratio(num: _Values, den: _Values, scale: float, label, label_zh, unit, notes=()) -> _Values:
    common = num.values.index.intersection(den.values.index)
    d = den.values.loc[common]
    common = d.index[d > 0]
    vals = num.values.loc[common] * scale / den.values.loc[common]
    unknown = sorted(set(num.unknown) | set(den.unknown))
    q = pd.concat([num.quality, den.quality], ignore_index=True)
    return _Values(vals, unknown, label, label_zh, unit, num.year, q, list(num.notes) + list(den.notes) + list(notes),
                   source=" / ".join(dict.fromkeys(x for x in (num.source, den.source) if x)))


def _population(store, ids, country, year, group) -> _Values:
    for name in _POPULATION[country]:
        df = _raw(store, ids, name, None)
        if df.empty:
            continue
        if (df["year"] == year).any():
            return _from_rows(df[df["year"] == year], ids, name, name, "persons", year, name)
        years = sorted({int(y) for y in df["year"].unique()})
        near = min(years, key=lambda y: (abs(y - year), -y))
        v = _from_rows(df[df["year"] == near], ids, name, name, "persons", near, name)
        v.notes.append(Note(f"Population ({name}) is not available for {year}; the nearest year, {near}, is used "
                            "as the denominator.",
                            f"{year}年无人口数据（`{name}`），分母采用最接近的{near}年人口。"))
        return v
    raise MegaregionError(f"{group}: no population for its members (needed for a per-capita measure)")


def _employment_matrix(store, country, level, year, group, code=None):
    """Employment rows by industry of every region of the source (the country as reference)
    in ``year`` (default: the latest year with industry ``code``, or with any industry)."""
    key = _EMPLOYMENT.get((country, level))
    if key is None:
        raise MegaregionError(f"{group}: no employment by industry for {level} members")
    source, measure = key
    years = [int(r[0]) for r in store.con.execute(
        "SELECT DISTINCT year FROM activity WHERE source = ? AND measure = ? AND industry NOT IN "
        "('00', 'TOTAL', 'total')" + (" AND industry = ?" if code else "") + " ORDER BY 1",
        [source, measure] + ([code] if code else [])).fetchall()]
    if not years and code:
        years = [int(r[0]) for r in store.con.execute(
            "SELECT DISTINCT year FROM activity WHERE source = ? AND measure = ? ORDER BY 1",
            [source, measure]).fetchall()]
    if not years:
        raise MegaregionError(f"{group}: {source} is not imported (megaregion data import)")
    year = years[-1] if year is None else year
    if year not in years:
        raise MegaregionError(f"{group}: no {source} employment in {year}; years: {', '.join(map(str, years))}")
    rows = store.con.execute(
        "SELECT region_id, industry, value, flag FROM activity WHERE source = ? AND measure = ? AND year = ?",
        [source, measure, year]).df()
    # a stand-in's rows become its city's where the city has none (renamed, not copied: the
    # reference totals count them once)
    return _carry(rows, getattr(store, "stand", {}), []), source, year


def _lq(store, ids, country, level, code, year, group) -> _Values:
    from megaregion.metrics.structure import location_quotient

    rows, source, year = _employment_matrix(store, country, level, year, group, code)
    if not rows["region_id"].isin(ids).any():
        raise MegaregionError(f"{group}: {source} has no employment of its {level} members in {year}")
    codes = sorted(set(rows["industry"]))
    totals = [c for c in codes if c in ("00", "TOTAL", "total")]
    if code not in codes or code in totals:
        listed = ", ".join(c for c in codes if c not in totals)
        close = difflib.get_close_matches(code, codes, n=1)
        raise UnknownNameError(f"lq:{code}: no industry {code!r} in {source} {year}; industries: {listed}"
                               + (f"; did you mean lq:{close[0]}?" if close else ""))
    if not totals:
        raise MegaregionError(f"{source}: no total employment row to take the location quotient against")
    total = totals[0]
    wide = rows.pivot_table(index="region_id", columns="industry", values="value", aggfunc="first", dropna=False)
    flags = rows.pivot_table(index="region_id", columns="industry", values="flag", aggfunc="first", dropna=False)
    x_i, x_t = wide.get(code), wide.get(total)
    # the industry and the rest of the region's employment: the LQ of the industry is that of
    # this two-column matrix; a region whose industry or total is unknown has no LQ
    m = pd.DataFrame({code: x_i, "rest": x_t - x_i}).dropna()
    m = m[(m["rest"] >= 0) & (m.sum(axis=1) > 0)]
    lq = location_quotient(m)[code]
    sup = set(flags.index[(flags.get(code) == "suppressed") | (flags.get(total) == "suppressed")]) if not flags.empty else set()
    unknown = sorted((set(ids) - set(lq.index)) & (sup | set(wide.index)))
    vals = lq.reindex([i for i in ids if i in lq.index]).dropna()
    q = rows[rows["region_id"].isin(vals.index) & rows["industry"].isin([code, total]) & rows["flag"].notna()
             & (rows["flag"] != "observed")]
    q = q.assign(year=year, source=source, variable="employees", detail=q["industry"])[
        ["region_id", "year", "variable", "source", "flag", "detail"]]
    note = Note(f"lq:{code}: employment location quotient of industry {code} in {source} {year}, against the "
                f"total of all {len(m)} units of the source; a unit whose employment in {code} or in total is "
                "suppressed or not published has no LQ (unknown, not 0).",
                f"`lq:{code}`：{source} {year}年行业{code}的就业区位商，参照为该来源全部{len(m)}个单位的合计；"
                f"行业{code}或总就业保密或未公布的单位无区位商（未知，不是零）。")
    from megaregion.model.sectors import FAMILIES, GBT4754_SECTIONS, naics_family

    if country == "cn" and code in GBT4754_SECTIONS:
        fam_en, fam_zh = FAMILIES[GBT4754_SECTIONS[code][0]][0], GBT4754_SECTIONS[code][1]
    else:
        fam = naics_family(code)
        fam_en, fam_zh = (FAMILIES[fam][0], FAMILIES[fam][1]) if fam else (code, code)
    return _Values(vals, unknown, f"LQ of {code} ({fam_en})", f"{fam_zh}（{code}）区位商", "ratio", year, q,
                   [note], source=source)


def _tertiary(store, ids, country, level, year, group) -> _Values:
    if country == "cn":
        df = store.con.execute(
            "SELECT region_id, year, value, flag, source FROM activity WHERE source = 'cn/city_panel' AND "
            "measure = 'value_added' AND industry = 'tertiary' AND region_id IN (SELECT unnest(?))", [ids]).df()
        if df.empty:
            raise MegaregionError(f"{group}: no tertiary value added for its members (cn/city_panel)")
        year = _pick_year(df, "tertiary value added", group) if year is None else year
        if not (df["year"] == year).any():
            _years_error(group, "tertiary value added", df, year)
        num = _from_rows(df[df["year"] == year].assign(unit="cny_100m"), ids, "va", "va", "cny_100m", year,
                         "value_added_tertiary")
        den = _indicator(store, ids, "gdp", year, group)
        return _ratio(num, den, 100.0, "tertiary share of GDP", "第三产业增加值占GDP比重", "%", [Note(
            "Tertiary share: tertiary value added / GDP (cn/city_panel, current prices), in %.",
            "第三产业占比：第三产业增加值/GDP（cn/city_panel，现价），单位%。")])
    from megaregion.model.sectors import broad_sector_of

    rows, source, year = _employment_matrix(store, country, level, year, group)
    rows = rows[rows["region_id"].isin(ids)]
    if rows.empty:
        raise MegaregionError(f"{group}: {source} has no employment of its {level} members in {year}")
    two = rows[rows["industry"].str.len().eq(2) | rows["industry"].str.contains("-")]
    two = two[two["industry"] != "00"]
    tert = two[two["industry"].map(lambda c: broad_sector_of("naics2017", c) == "tertiary")]
    total = rows[rows["industry"] == "00"].set_index("region_id")
    sup = set(tert.loc[(tert["flag"] == "suppressed") | tert["value"].isna(), "region_id"]) | set(
        total.index[(total["flag"] == "suppressed") | total["value"].isna()])
    # a sector absent from CBP for a county has no establishments: 0, not unknown (CBP omits empty cells)
    num = tert[~tert["region_id"].isin(sup)].groupby("region_id")["value"].sum()
    den = total.loc[~total.index.isin(sup), "value"]
    common = num.index.intersection(den.index[den > 0])
    vals = 100.0 * num.loc[common] / den.loc[common]
    note = Note(f"Tertiary share (US): employment in NAICS sectors 42-81 / all employment, {source} {year} "
                "(employees of establishments, not value added as in China), in %; a unit with any of these "
                "sectors suppressed is left out (unknown, not 0).",
                f"第三产业占比（美国）：NAICS 42–81门类就业/总就业，{source} {year}年（机构雇员数，而非中国所用的增加值），"
                "单位%；任一相关门类保密的单位不参与计算（未知，不是零）。")
    return _Values(vals, sorted(sup), "tertiary share of employment", "第三产业就业占比", "%", year,
                   pd.DataFrame(columns=["region_id", "year", "variable", "source", "flag", "detail"]), [note],
                   source=source)


def _resolve(store, mr, ids, level, indicator, year, group) -> _Values:
    country = mr.country
    if indicator == "gdp_per_capita":
        gdp = _indicator(store, ids, "gdp", year, group)
        pop = _population(store, ids, country, gdp.year, group)
        unit = {"cny_100m": 1e8, "cny_10k": 1e4, "cny": 1.0, "usd": 1.0, "usd_1000_assumed": 1e3}
        scale = unit.get(gdp.unit)
        if scale is None:
            raise MegaregionError(f"{group}: GDP in unit {gdp.unit!r}, not a currency this measure converts")
        cur = "yuan" if country == "cn" else "USD"
        extra = []
        if gdp.unit == "usd_1000_assumed":
            extra.append(Note("GDP of US metros (links/us_msa_connectivity, BEA 2019): the source does not state "
                              "its unit; the values are read as thousands of US dollars (as imported).",
                              "美国都市区GDP（links/us_msa_connectivity，BEA 2019年）：来源未注明单位，"
                              "按导入时的判断视为千美元。"))
        return _ratio(gdp, pop, scale, "GDP per capita", "人均GDP", f"{cur} per person", extra)
    if indicator == "patents_per_capita":
        pat = None
        for name in _PATENTS[country]:
            try:
                pat = _indicator(store, ids, name, year, group)
                break
            except MegaregionError:
                continue
        if pat is None:
            raise MegaregionError(f"{group}: no patent counts for its {level} members"
                                  + (f" in {year}" if year else ""))
        pop = _population(store, ids, country, pat.year, group)
        return _ratio(pat, pop, 1e4, "patents per 10,000 residents", "每万人专利数", "per 10,000 persons", [Note(
            f"Patents per capita: {pat.label} ({pat.source}) / population x 10,000.",
            f"每万人专利数：{pat.label_zh}（{pat.source}）/人口×10000。")])
    if indicator == "tertiary_share":
        return _tertiary(store, ids, country, level, year, group)
    if indicator.startswith("lq:"):
        return _lq(store, ids, country, level, indicator[3:].strip(), year, group)
    return _indicator(store, ids, indicator, year, group)


def _available(store, ids) -> list[str]:
    names = [r[0] for r in store.con.execute(
        "SELECT DISTINCT indicator FROM indicators WHERE region_id IN (SELECT unnest(?)) ORDER BY 1", [ids]).fetchall()]
    return list(DERIVED) + ["lq:CODE"] + names


def _coverage(store, ids, indicator, level) -> float:
    """Share of ``ids`` with any row of the indicator's base data."""
    if not ids:
        return 0.0
    if indicator.startswith("lq:") or indicator == "tertiary_share":
        source = _EMPLOYMENT.get(("us", level), (None,))[0]
        n = store.con.execute("SELECT count(DISTINCT region_id) FROM activity WHERE source = ? AND "
                              "region_id IN (SELECT unnest(?))", [source, ids]).fetchone()[0]
    else:
        base = {"gdp_per_capita": "gdp", "patents_per_capita": "patents_utility"}.get(indicator, indicator)
        n = store.con.execute("SELECT count(DISTINCT region_id) FROM indicators WHERE indicator = ? AND "
                              "region_id IN (SELECT unnest(?))", [base, ids]).fetchone()[0]
    return n / len(ids)


def _units(mr, indicator, store) -> tuple[pd.DataFrame, str, str]:
    """The units the analysis runs over, the level and why: Chinese cities; US counties where
    the indicator covers at least 90 % of the group's counties (or more of them than of its
    metros), else US metros."""
    if mr.country != "us":
        return mr.cities(), mr.level, ""
    counties = mr.members[mr.members["level"] == "county"].drop_duplicates("region_id")
    if counties.empty or mr.level == "county":
        return (counties if not counties.empty else mr.cities()), mr.level, ""
    metros = mr.cities()
    c_cov = _coverage(store, counties["region_id"].tolist(), indicator, "county")
    m_cov = _coverage(store, metros["region_id"].tolist(), indicator, "metro")
    if c_cov >= 0.9 or (c_cov > 0 and c_cov >= m_cov):
        return counties, "county", ""
    why = (f"county data cover {c_cov:.0%} of the group's counties, metro data {m_cov:.0%} of its metros"
           if c_cov > 0 else "the indicator has no county values")
    return metros, "metro", why


def _width(text: str) -> int:
    """Columns a terminal gives ``text`` (East Asian characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fit(join, names: list[str], columns: int, more: str) -> str:
    """``join(names)``, cut to the names that fit in ``columns`` terminal columns (at least
    one) followed by ``more`` when some are left out; a sentence stays on one printed line, so
    a long US county name is never broken across two."""
    out: list[str] = []
    for name in names:
        if out and _width(join(out + [name])) > columns:
            return join(out) + more
        out.append(name)
    return join(out)


def _cov_zh(why: str) -> str:
    import re

    pct = re.findall(r"\d+%", why)
    if len(pct) == 2:
        return f"本城市群{pct[0]}的县，都市区数据覆盖其{pct[1]}的都市区"
    return "为零（该指标没有县级数值）"


def _fmt_p(p: float) -> str:
    return f"{p:.3f}"


def spatial_patterns(store, group: str, indicator: str, year: int | None = None, weights: str | None = None,
                     n_perm: int = 999, seed: int = 0, alpha: float = 0.05, data_dir=None) -> Results:
    """Global and local spatial autocorrelation of one indicator across a group's members.

    Parameters
    ----------
    store : the :class:`~megaregion.store.Store`.
    group : group id or alias.
    indicator : ``gdp_per_capita``, ``tertiary_share``, ``patents_per_capita``, ``lq:CODE``
        (``lq:C`` Chinese manufacturing section, ``lq:31-33`` US manufacturing) or an indicator
        of the store (``gdp``, ``population_resident``, ``fdi_actual_use``, ...).
    year : the year (default: the latest year with values for at least 95 % as many members as
        the best-covered year).
    weights : ``"queen"`` (shared border or corner, from polygons) or ``"knn:K"`` (K nearest by
        great-circle distance); default queen, and knn:5 for US metros (no polygons).
    n_perm : permutations of the pseudo p-values (global and conditional local), >= 19.
    seed : seed of the permutations.
    alpha : significance level of the local clusters.
    data_dir : the data folder holding the boundary files (default: ``MEGAREGION_DATA``).

    Returns
    -------
    :class:`Results` with tables ``global`` (Moran's I, E[I], z, p_sim, Geary's C, its p_sim,
    n, islands, counts of significant clusters), ``local`` (one row per unit: value, lag,
    local I_i, quadrant, p_sim, significant cluster label in English and Chinese),
    ``left_out`` (members left out and why) and ``data_quality``.
    """
    from megaregion.config import data_dir as default_data_dir
    from megaregion.io.geometry import cn_city_boundaries, us_county_boundaries
    from megaregion.metrics.spatial import (global_geary, global_moran, knn_weights, local_moran,
                                            parse_weights, queen_weights)

    if not isinstance(n_perm, int) or n_perm < 19:
        raise MegaregionError(f"--permutations must be a whole number of at least 19, got {n_perm}")
    if not 0 < alpha < 1:
        raise MegaregionError(f"--alpha must lie between 0 and 1, got {alpha}")
    mr = store.group(group)
    indicator = (indicator or "").strip()
    units, level, why_level = _units(mr, indicator, store)
    if weights is None:
        weights = "knn:5" if (mr.country == "us" and level != "county") else "queen"
    try:
        kind, k = parse_weights(weights)
    except ValueError as exc:
        raise MegaregionError(f"--{exc}") from None
    if kind == "queen" and level not in ("city", "county"):
        raise MegaregionError(f"{mr.group_id}: queen weights need polygons, and {level} members have none "
                              f"here; use --weights knn:K (e.g. knn:5)")
    ids = units["region_id"].tolist()
    src = _Store(store.con, mr.stand_ins() if level == "metro" else {})
    try:
        vals = _resolve(src, mr, ids, level, indicator, year, mr.group_id)
    except UnknownNameError:
        raise
    except MegaregionError as exc:
        if indicator in DERIVED or indicator.startswith("lq:"):
            raise
        names = _available(store, ids)
        if indicator in names:
            raise
        close = difflib.get_close_matches(indicator, names, n=1)
        raise UnknownNameError(f"{mr.group_id}: unknown indicator {indicator!r}; available: "
                               f"{', '.join(list(DERIVED) + ['lq:CODE'])} and the {len(names) - len(DERIVED) - 1} "
                               f"indicators that `megaregion indicators {mr.group_id}` lists"
                               + (f"; did you mean {close[0]!r}?" if close else "")) from None

    names = units.set_index("region_id")["name"].to_dict()
    names_zh = {r: (z if isinstance(z, str) and z else names.get(r, r))
                for r, z in units.set_index("region_id")["name_zh"].items()}
    left: list[dict] = []

    def leave(rid, why, why_zh):
        left.append({"region_id": rid, "name": names.get(rid, rid), "name_zh": names_zh.get(rid, rid),
                     "reason": why, "reason_zh": why_zh})

    for rid in ids:
        if rid in vals.values.index:
            continue
        if rid in vals.unknown:
            leave(rid, "value unknown (suppressed or withheld)", "数值未知（保密或未公布）")
        else:
            leave(rid, f"no value in {vals.source} {vals.year}", f"{vals.source} {vals.year}年无数值")
    have = [r for r in ids if r in vals.values.index and np.isfinite(vals.values.loc[r])]

    if kind == "queen":
        folder = data_dir if data_dir is not None else default_data_dir()
        bounds = (cn_city_boundaries if mr.country == "cn" else us_county_boundaries)(folder)
        geoms = {r: bounds.geometries[r] for r in have if r in bounds.geometries}
        for r in have:
            if r not in geoms:
                leave(r, f"no polygon in {bounds.file.name}", f"{bounds.file.name}中无边界多边形")
        if len(geoms) < 3:
            raise MegaregionError(f"{mr.group_id}: only {len(geoms)} members with a value of {indicator} and a "
                                  "polygon; spatial autocorrelation needs at least 3")
        sw = queen_weights(geoms)
        wlabel, wlabel_zh = "queen contiguity", "皇后邻接（共边或共点）"
    else:
        pts = units.set_index("region_id").loc[have, ["lon", "lat"]]
        for r in pts.index[pts.isna().any(axis=1)]:
            leave(r, "no coordinates", "无坐标")
        pts = pts.dropna()
        if len(pts) <= k:
            raise MegaregionError(f"{mr.group_id}: {len(pts)} members with a value and coordinates; knn:{k} needs "
                                  f"more than {k}")
        sw = knn_weights(pts, k)
        wlabel, wlabel_zh = f"{k} nearest neighbours (great-circle distance)", f"{k}个最近邻（大圆距离）"
    for r in sw.islands:
        leave(r, "no neighbour among the other members (island)", "在其他成员中没有相邻单位（孤岛）")
    if sw.n < 3:
        raise MegaregionError(f"{mr.group_id}: only {sw.n} members with neighbours; spatial autocorrelation "
                              "needs at least 3")
    y = vals.values.loc[sw.ids].astype(float)
    if np.allclose(y.to_numpy(), y.iloc[0]):
        raise MegaregionError(f"{mr.group_id}: {indicator} is the same for every member; nothing to test")

    mi = global_moran(y, sw, n_perm=n_perm, seed=seed)
    gc = global_geary(y, sw, n_perm=n_perm, seed=seed)
    lisa = local_moran(y, sw, n_perm=n_perm, seed=seed, alpha=alpha)
    local = lisa.reset_index().rename(columns={"id": "region_id"})
    local.insert(1, "name", local["region_id"].map(names))
    local.insert(2, "name_zh", local["region_id"].map(names_zh))
    local["cluster_label"] = local["cluster"].map(lambda c: CLUSTER_LABELS[c][0])
    local["cluster_label_zh"] = local["cluster"].map(lambda c: CLUSTER_LABELS[c][1])
    local = local.sort_values(["cluster", "value"], ascending=[True, False], ignore_index=True)
    counts = local["cluster"].value_counts()
    label_en, label_zh = DERIVED.get(indicator, (vals.label, vals.label_zh))
    glob = pd.DataFrame([{
        "indicator": indicator, "indicator_label": label_en, "indicator_label_zh": label_zh,
        "unit_label": vals.unit, "unit_label_zh": _UNITS_ZH.get(vals.unit, vals.unit),
        "year": vals.year, "unit_level": level, "weights": sw.kind, "weights_zh": wlabel_zh, "n": sw.n,
        "islands": len(sw.islands),
        "mean_neighbours": float(sw.w.mean_neighbors),
        "moran_i": float(mi.I), "moran_ei": float(mi.EI), "moran_z": float(mi.z_sim),
        "moran_p_sim": float(mi.p_sim), "moran_p_norm": float(mi.p_norm),
        "geary_c": float(gc.C), "geary_z": float(gc.z_sim), "geary_p_sim": float(gc.p_sim),
        "n_perm": n_perm, "seed": seed, "alpha": alpha,
        **{f"n_{c.lower()}": int(counts.get(c, 0)) for c in ("HH", "LL", "HL", "LH")},
    }])
    left_df = pd.DataFrame(left, columns=["region_id", "name", "name_zh", "reason", "reason_zh"])

    # -- findings --------------------------------------------------------------------------------
    zh_group = mr.name_zh or mr.name
    unit_en = {"county": "counties", "city": "cities", "metro": "metros"}.get(level, level)
    unit_zh = {"county": "个县", "city": "个城市", "metro": "个都市区"}.get(level, "个单位")
    p, I = float(mi.p_sim), float(mi.I)
    sig = p <= alpha
    if sig and I > mi.EI:
        en_v, zh_v = "is spatially clustered (neighbours alike)", "呈显著的空间集聚（相邻单位相似）"
    elif sig:
        en_v, zh_v = "is spatially dispersed (neighbours unlike)", "呈显著的空间分散（相邻单位相异）"
    else:
        en_v, zh_v = "shows no significant spatial pattern", "没有显著的空间格局"
    findings = [Finding(
        f"{label_en[0].upper() + label_en[1:]} ({vals.year}) in {mr.name} {en_v}: Moran's I {I:.3f} (E[I] {mi.EI:.3f}), "
        f"pseudo p {_fmt_p(p)} from {n_perm} permutations, {sw.n} {unit_en}, {wlabel}.",
        f"{zh_group}{vals.year}年{label_zh}{zh_v}：全局Moran指数I为{I:.3f}（期望值{mi.EI:.3f}），"
        f"{n_perm}次置换的伪p值为{_fmt_p(p)}，{sw.n}{unit_zh}，{wlabel_zh}。",
        "global", I, column="moran_i", where={"indicator": indicator},
        quality=tuple(sorted(set(vals.quality["flag"].dropna())))) ]
    gp = float(gc.p_sim)
    gsig = gp <= alpha
    g_dir_en = "neighbours alike" if gc.C < 1 else "neighbours unlike"
    g_dir_zh = "相邻单位相似" if gc.C < 1 else "相邻单位相异"
    if gsig and sig:
        agree = (gc.C < 1) == (I > mi.EI)
        g_en = "points the same way." if agree else \
            "points the other way: local differences and the global pattern disagree."
        g_zh = "方向一致。" if agree else "方向相反：局部差异与整体格局不一致。"
    elif gsig:
        g_en, g_zh = f"is significant ({g_dir_en}) where Moran's I is not.", f"显著（{g_dir_zh}），而Moran指数不显著。"
    elif sig:
        g_en, g_zh = "is not significant.", "不显著。"
    else:
        g_en, g_zh = "is not significant either.", "同样不显著。"
    findings.append(Finding(
        f"Geary's C {gc.C:.3f} (1 = no autocorrelation; pseudo p {_fmt_p(gp)}) {g_en}",
        f"Geary系数C为{gc.C:.3f}（1表示无空间自相关；伪p值{_fmt_p(gp)}），{g_zh}",
        "global", float(gc.C), column="geary_c", where={"indicator": indicator}))
    for code, en_head, zh_head in (("HH", "hot spot{} (high values among high neighbours)", "热点（高值被高值包围）"),
                                   ("LL", "cold spot{} (low values among low neighbours)", "冷点（低值被低值包围）"),
                                   ("HL", "high outlier{} (high among low)", "高值异常（高值被低值包围）"),
                                   ("LH", "low outlier{} (low among high)", "低值异常（低值被高值包围）")):
        hit = local[local["cluster"] == code]
        if hit.empty:
            continue
        n = len(hit)
        findings.append(Finding(
            f"{n} {en_head.format('' if n == 1 else 's')}, pseudo p at most {alpha:g}: "
            + _fit(", ".join, list(hit["name"]), 120, " ... (all in table local)") + ".",
            f"{n}个{zh_head}（伪p值不超过{alpha:g}）："
            + _fit("、".join, list(hit["name_zh"]), 100, "等（全部见`local`表）") + "。",
            "global", n, column=f"n_{code.lower()}", where={"indicator": indicator}))
    core = [r for r in units.loc[units["role"] == "core", "region_id"] if r in set(local["region_id"])]
    if level == "county":  # a US group's core is its core metros' counties: too many to report one by one
        core = []
    for rid in core[:3]:
        row = local[local["region_id"] == rid].iloc[0]
        q = row["quadrant"]
        sig_en = "significant" if row["cluster"] != "ns" else "not significant"
        sig_zh = "显著" if row["cluster"] != "ns" else "不显著"
        findings.append(Finding(
            f"Core member {row['name']}: quadrant {q} ({CLUSTER_LABELS[q][0].split(' (')[0] if row['cluster'] != 'ns' else _QUAD_EN[q]}), "
            f"local pseudo p {_fmt_p(row['p_sim'])} ({sig_en} at {alpha:g}).",
            f"核心城市{row['name_zh']}：位于{_QUAD_ZH[q]}象限，局部伪p值{_fmt_p(row['p_sim'])}（在{alpha:g}水平上{sig_zh}）。",
            "local", float(row["p_sim"]), column="p_sim", where={"region_id": rid}))
    if not (local["cluster"] != "ns").any():
        findings.append(Finding(
            f"No significant local cluster or outlier (0 members at pseudo p {alpha:g} or below).",
            f"没有显著的局部集聚或异常（伪p值不超过{alpha:g}的成员为0个）。",
            "global", 0, column="n_hh", where={"indicator": indicator}))

    # -- notes -----------------------------------------------------------------------------------
    notes = list(vals.notes)
    if why_level:
        notes.append(Note(f"The group's metros are analysed, with {wlabel}: {why_level}.",
                          f"按都市区分析（{wlabel_zh}）：县级数据覆盖{_cov_zh(why_level)}。"))
    notes.append(Note(
        f"Weights: {wlabel}, row-standardised; statistics from PySAL esda (Moran, Geary, Moran_Local) with "
        f"{n_perm} permutations, seed {seed}; local pseudo p-values by conditional permutation are not "
        "corrected for multiple testing (Anselin 1995): read the clusters as exploratory.",
        f"空间权重：{wlabel_zh}，行标准化；统计量由PySAL esda（全局Moran、Geary与局部Moran）计算，置换{n_perm}次，"
        f"随机种子{seed}；局部伪p值采用条件置换，未做多重检验校正（Anselin 1995），局部集聚宜作探索性解读。"))
    if kind == "queen" and mr.country == "cn":
        notes.append(Note("City polygons: cn/city_boundaries_wkt.csv.gz (2020 boundaries; datum not stated by the source).",
                          "城市边界：cn/city_boundaries_wkt.csv.gz（2020年行政区划；来源未说明坐标基准）。"))
    if kind == "queen" and mr.country == "us":
        notes.append(Note("County polygons: us/boundaries/counties-10m.json (Census cartographic boundaries 2017, "
                          "1:10,000,000, simplified; Connecticut's 8 old counties).",
                          "县界：us/boundaries/counties-10m.json（美国人口普查局2017年制图边界，1:1000万，已简化；"
                          "康涅狄格州为旧的8个县）。"))
    if not left_df.empty:
        for (why, why_zh), grp in left_df.groupby(["reason", "reason_zh"], sort=False):
            notes.append(Note(
                f"Left out ({len(grp)} of {len(ids)} {unit_en}, {why}): {', '.join(grp['name'])}.",
                f"未纳入分析（{len(ids)}{unit_zh}中的{len(grp)}个，{why_zh}）："
                + _fit("、".join, list(grp["name_zh"]), 90, "等（全部见`left_out`表）") + "。"))
    quality = vals.quality.reindex(columns=["region_id", "year", "variable", "source", "flag", "detail"])
    quality = quality[quality["region_id"].isin(sw.ids)].reset_index(drop=True)
    if not quality.empty:
        n_q = quality["region_id"].nunique()
        fl = ", ".join(sorted(set(quality["flag"])))
        from megaregion.model.quality import flag_label

        fl_zh = "、".join(flag_label(f, "zh") for f in sorted(set(quality["flag"])))
        notes.append(Note(f"{n_q} of the {sw.n} values rest on data flagged {fl} (table data_quality).",
                          f"{sw.n}个数值中有{n_q}个所依据的数据带有质量标记：{fl_zh}（见`data_quality`表）。"))
    tables = {"global": glob, "local": local, "left_out": left_df, "data_quality": quality}
    return Results(f"Spatial patterns of {label_en}: {mr.name}", f"空间格局：{zh_group}{label_zh}",
                   tables, "global", findings, notes, command="spatial")
