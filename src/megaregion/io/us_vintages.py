"""US metro-code vintages: one crosswalk between delineations, built from shared counties.

US metros (CBSAs) are redrawn by OMB every few years (2003, 2009, 2013, 2018, 2023): codes are
renumbered (Los Angeles 31100 -> 31080, Dayton 19380 -> 19430), counties move between metros
(Dutchess and Orange, NY: Poughkeepsie 39100 in 2018, Kiryas Joel-Poughkeepsie 28880 in 2023)
and metros merge or split. A value published under one vintage's code cannot be joined to
another vintage's code by the code alone: Los Angeles would read 0 patents.

The store's metro ids follow one rule (:func:`store_territories`): ``us-cbsa:NNNNN`` is the
**2023** metro NNNNN when that code exists in 2023, otherwise the **2018** metro NNNNN (the
groups list those 2018-only metros for data that carry 2018 codes). Every US metro-level
source is brought onto those territories here:

* **County-level sources** (USPTO patents by county, NSF HERD institutions) are summed from
  their counties to each store metro (:func:`aggregate_counties`): exact, no estimate.
* **Metro-only sources** are mapped code by code (:func:`map_metro_values`). A code whose
  territory in the source's vintage equals its store territory keeps its value (observed). Any
  other code is split over the store metros that share its counties, by county population
  (:func:`crosswalk`), and the result is flagged ``vintage_mapped``. Codes known in neither
  the 2018 nor the 2023 delineation (the shared data hold only those two) are **reported as
  unmapped and never read as 0**.

The population-weighted split assumes the value is spread over the source metro's counties
like its population; for a county-exact answer use a county-level source where one exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from megaregion.i18n.notes import Note
from megaregion.io.base import read_csv

#: The delineations held in the shared data, by the column of county_reference.csv they use.
VINTAGE_COLUMNS = {"2018": "cbsa_code_2018", "2023": "cbsa_code"}


def load_counties(data_dir: Path, population: str = "pop_census2010") -> pd.DataFrame:
    """Counties with their metro under each delineation and a population weight.

    Reads ``us/county_reference.csv`` and ``us/cbsa_delineation_2023.csv`` (for the 2023-only
    county equivalents, Connecticut's planning regions, which have no population).

    Returns
    -------
    DataFrame with columns ``fips``, ``name``, ``pop`` (``population``, falling back to the
    2019 estimate when empty), ``cbsa_2018`` and ``cbsa_2023`` (codes as strings, NaN outside
    metros).
    """
    ref_path = Path(data_dir) / "us" / "county_reference.csv"
    del_path = Path(data_dir) / "us" / "cbsa_delineation_2023.csv"
    s = "str"
    ref = read_csv(ref_path, {"fips": s, "county_name": s, "state_abbr": s, "cbsa_code": s,
                              "cbsa_code_2018": s, "pop_census2010": "float",
                              "pop_est2010": "float", "pop_est2019": "float"}).to_pandas()
    dl = read_csv(del_path, {"fips": s, "county_name": s, "state_name": s,
                             "cbsa_code": s}).to_pandas()
    pop = ref[population].fillna(ref["pop_est2019"])
    out = pd.DataFrame({"fips": ref["fips"], "name": ref["county_name"] + ", " + ref["state_abbr"],
                        "pop": pop, "cbsa_2018": ref["cbsa_code_2018"],
                        "cbsa_2023": ref["cbsa_code"]})
    extra = dl[~dl["fips"].isin(ref["fips"])]
    out = pd.concat([out, pd.DataFrame({
        "fips": extra["fips"], "name": extra["county_name"] + ", " + extra["state_name"],
        "pop": np.nan, "cbsa_2018": np.nan, "cbsa_2023": extra["cbsa_code"]})], ignore_index=True)
    return out


def crosswalk(counties: pd.DataFrame, source: str, target: str) -> pd.DataFrame:
    """Population-weighted crosswalk from the metros of one vintage to those of another.

    A metro *s* of vintage ``source`` maps to every metro *t* of vintage ``target`` that shares
    a county with it, with share ``w(s, t) = pop(C(s) ∩ C(t)) / pop(C(s))`` where ``C(m)`` is
    the set of counties of metro *m* and ``pop`` the county population (Census 2010). The
    counties of *s* that lie outside every target metro go to ``target_code`` NaN. The shares
    of one source metro sum to 1.

    Parameters
    ----------
    counties : one row per county with ``fips``, ``pop`` and one code column per vintage,
        named ``cbsa_<vintage>`` (:func:`load_counties`; a hand-made frame in tests).
    source, target : vintage names, e.g. ``"2018"`` and ``"2023"``.

    Returns
    -------
    DataFrame ``source_code, target_code, share, pop, identical``: ``identical`` is True when
    *s* and *t* have the same code and exactly the same counties (the value needs no mapping).

    References
    ----------
    The county-based allocation of the Census Bureau's geographic relationship files
    (population-weighted area crosswalks, e.g. MABLE/Geocorr, Missouri Census Data Center).
    """
    s_col, t_col = f"cbsa_{source}", f"cbsa_{target}"
    c = counties.dropna(subset=[s_col])
    pop = c["pop"].astype(float)
    if pop.isna().any() or (pop.groupby(c[s_col]).transform("sum") == 0).any():
        # A source metro without population (e.g. only 2023-only county equivalents): equal
        # county weights so the shares stay defined; none of the shared-data metros needs it.
        pop = pop.fillna(0.0)
        zero = pop.groupby(c[s_col]).transform("sum") == 0
        pop = pop.where(~zero, 1.0)
    c = c.assign(_pop=pop.to_numpy())
    g = (c.groupby([s_col, c[t_col].fillna("")], sort=True)["_pop"].sum()
         .rename("pop").reset_index())
    g.columns = ["source_code", "target_code", "pop"]
    g["share"] = g["pop"] / g.groupby("source_code")["pop"].transform("sum")
    g["target_code"] = g["target_code"].replace("", np.nan)
    sets_s = c.groupby(s_col)["fips"].agg(frozenset)
    sets_t = counties.dropna(subset=[t_col]).groupby(t_col)["fips"].agg(frozenset)
    g["identical"] = [(sc == tc) and sets_s.get(sc) == sets_t.get(tc)
                      for sc, tc in zip(g["source_code"], g["target_code"])]
    return g[["source_code", "target_code", "share", "pop", "identical"]]


def store_territories(counties: pd.DataFrame) -> pd.DataFrame:
    """The counties of every store metro id, and whether a territory is approximated.

    ``us-cbsa:NNNNN`` is the 2023 metro NNNNN where that code exists in 2023, otherwise the
    2018 metro NNNNN. A 2023 metro built on county equivalents that have no data of their own
    (Connecticut's planning regions, 2022) takes the counties of the same-code 2018 metro
    (Connecticut's former counties): ``approx`` is True for those, and values built on them are
    flagged ``vintage_mapped``.

    Returns
    -------
    DataFrame ``code, fips, vintage, approx`` (one row per metro and county).
    """
    c23 = counties.dropna(subset=["cbsa_2023"])
    no_data = c23["pop"].isna() & c23["cbsa_2018"].isna()
    ct_codes = set(c23.loc[no_data, "cbsa_2023"])
    rows = [pd.DataFrame({"code": c23.loc[~no_data, "cbsa_2023"], "fips": c23.loc[~no_data, "fips"],
                          "vintage": "2023", "approx": c23.loc[~no_data, "cbsa_2023"].isin(ct_codes)})]
    c18 = counties.dropna(subset=["cbsa_2018"])
    # 2023 metros on planning regions: add the same-code 2018 metro's (old) counties.
    same = c18[c18["cbsa_2018"].isin(ct_codes) & ~c18["fips"].isin(c23.loc[~no_data, "fips"])]
    rows.append(pd.DataFrame({"code": same["cbsa_2018"], "fips": same["fips"], "vintage": "2023",
                              "approx": True}))
    only18 = c18[~c18["cbsa_2018"].isin(set(c23["cbsa_2023"]))]
    rows.append(pd.DataFrame({"code": only18["cbsa_2018"], "fips": only18["fips"],
                              "vintage": "2018", "approx": False}))
    return pd.concat(rows, ignore_index=True)


def aggregate_counties(values: pd.DataFrame, counties: pd.DataFrame, *,
                       value_cols=("value",), absent: str = "missing") -> pd.DataFrame:
    """Sum county values to every store metro (:func:`store_territories`).

    Parameters
    ----------
    values : ``fips``, ``year`` and the ``value_cols`` (one row per county and year).
    counties : :func:`load_counties`.
    value_cols : columns to sum; NaN in any county of a metro makes the metro's sum NaN.
    absent : how a county of the metro without a row is read: ``"zero"`` (the source lists
        every unit with a value, so an absent county had none) or ``"missing"`` (the metro's
        sum is NaN, unknown).

    Returns
    -------
    DataFrame ``code, year, <value_cols>, flag, counties_absent``: ``flag`` is
    ``vintage_mapped`` for approximated territories (Connecticut) and None (observed) otherwise.
    """
    terr = store_territories(counties)
    years = sorted(values["year"].unique())
    out = []
    by_county = values.set_index(["fips", "year"])[list(value_cols)]
    for y in years:
        v = by_county.xs(y, level="year")
        t = terr.join(v, on="fips")
        missing = t[value_cols[0]].isna() & ~t["fips"].isin(v.index)
        if absent == "zero":
            t.loc[missing, list(value_cols)] = 0.0
        agg = t.groupby("code").agg(**{c: (c, lambda x: x.sum() if x.notna().all() else np.nan)
                                       for c in value_cols},
                                    approx=("approx", "any"))
        agg["counties_absent"] = missing.groupby(t["code"]).sum()
        agg["year"] = y
        out.append(agg.reset_index())
    df = pd.concat(out, ignore_index=True)
    df["flag"] = pd.Series(["vintage_mapped" if a else None for a in df.pop("approx")],
                           index=df.index, dtype=object)
    return df


def _name_zh(code: str, name: str) -> str:
    """A metro's name for a Chinese note: its Chinese name where the code has one, else the
    source's English title as a quoted code (a proper name without a Chinese form)."""
    from megaregion.io.us_reference import METRO_NAMES_ZH

    return METRO_NAMES_ZH.get(code) or (f"`{name}`" if name else "")


@dataclass
class MappedValues:
    """Metro values brought onto store ids by :func:`map_metro_values`."""

    values: pd.DataFrame  # code, <keys>, <value cols>, flag
    mapped: dict[str, str] = field(default_factory=dict)      # source code -> how it was mapped
    unmapped: dict[str, str] = field(default_factory=dict)    # source code -> its name/title
    mapped_zh: dict[str, str] = field(default_factory=dict)   # the same as ``mapped``, in Chinese
    unmapped_zh: dict[str, str] = field(default_factory=dict)  # the same as ``unmapped``, in Chinese

    def note(self, dataset: str) -> Note:
        """One sentence for the batch notes, in English and Chinese: how many codes were mapped
        and which were not."""
        parts, parts_zh = [], []
        if self.mapped:
            items = sorted(self.mapped.items())[:12]
            listed = "; ".join(f"{k} {v}" for k, v in items)
            listed_zh = "；".join(f"{k}{self.mapped_zh.get(k, ' ' + v)}" for k, v in items)
            more = f" (+{len(self.mapped) - 12} more)" if len(self.mapped) > 12 else ""
            more_zh = f"（另有{len(self.mapped) - 12}个）" if len(self.mapped) > 12 else ""
            parts.append(f"{len(self.mapped)} metro codes of {dataset} lie on another delineation "
                         f"than the store's metro ids and were mapped by shared counties, weighted "
                         f"by county population (flag vintage_mapped; the part of a metro whose counties "
                         f"now lie outside every metro is left out): {listed}{more}.")
            parts_zh.append(f"{dataset}中有{len(self.mapped)}个都市区代码所属的划分版本与数据库中的都市区代码不同，"
                            "已按共有的县、以县人口加权对应过来（标记为“版本映射”（`vintage_mapped`）；"
                            f"都市区中所含县现已不属于任何都市区的部分不计入）：{listed_zh}{more_zh}。")
        if self.unmapped:
            items = sorted(self.unmapped.items())
            listed = "; ".join(f"{k} {v}" for k, v in items)
            listed_zh = "；".join(f"{k} {self.unmapped_zh.get(k, _name_zh(k, v))}".rstrip()
                                 for k, v in items)
            parts.append(f"{len(self.unmapped)} metro codes are in neither the 2018 nor the 2023 "
                         f"delineation and could not be mapped; their values are not in the store "
                         f"(unknown for those metros, not 0): {listed}.")
            parts_zh.append(f"{len(self.unmapped)}个都市区代码既不属于2018年版也不属于2023年版划分，无法对应；"
                            f"其数值未写入数据库（这些都市区的数值未知，而非为0）：{listed_zh}。")
        return Note(" ".join(parts), "".join(parts_zh))


def map_metro_values(df: pd.DataFrame, counties: pd.DataFrame, *, code_col: str,
                     value_cols, key_cols=(), vintage_of: dict[str, str] | None = None,
                     names: dict[str, str] | None = None, additive: bool = True,
                     resolved: dict[str, tuple[str, str]] | None = None) -> MappedValues:
    """Bring metro values of the 2018 or 2023 delineation onto the store's metro ids.

    Parameters
    ----------
    df : one row per source metro (and ``key_cols``), with ``code_col`` and ``value_cols``.
    counties : :func:`load_counties`.
    vintage_of : source code -> the delineation it belongs to (``"2018"`` or ``"2023"``). By
        default a code is read as 2023 when it exists in 2023, else 2018, else unmapped.
    names : source code -> its title, for the notes.
    additive : True for counts and amounts (split by population share); False for values that
        do not add up (ratios, degrees): a code then maps only when one store metro receives at
        least half of its population, and takes the value unchanged.
    resolved : older codes (in neither delineation) -> (store code, title), from
        :func:`resolve_old_codes`; their values go to that store metro, flagged.

    Returns
    -------
    :class:`MappedValues`: values on store codes (a store metro receiving parts of several
    source metros gets their sum), each flagged None (observed: same code, same counties) or
    ``vintage_mapped``.
    """
    names = names or {}
    known = {v: set(counties[f"cbsa_{v}"].dropna()) for v in VINTAGE_COLUMNS}
    terr = store_territories(counties)
    store_sets = terr.groupby("code")["fips"].agg(frozenset)
    approx = set(terr.loc[terr["approx"], "code"])
    result = MappedValues(pd.DataFrame())
    pieces = []
    xw_cache: dict[str, pd.DataFrame] = {}
    for code, rows in df.groupby(code_col, sort=True):
        if resolved and code in resolved and code not in known["2018"] | known["2023"]:
            target, title = resolved[code]
            pieces.append(rows.assign(_code=target, _share=1.0, flag="vintage_mapped"))
            result.mapped[code] = f"{title} -> {target} (same patents by county in every year)"
            result.mapped_zh[code] = f" `{title}` -> {target}（各年分县专利数均相同）"
            continue
        v = (vintage_of or {}).get(code) or ("2023" if code in known["2023"] else
                                             "2018" if code in known["2018"] else None)
        if v is None or code not in known[v]:
            result.unmapped[code] = names.get(code, "")
            continue
        own = frozenset(counties.loc[counties[f"cbsa_{v}"] == code, "fips"])
        if store_sets.get(code) == own:
            # same counties; a Connecticut store metro stands in for its 2023 planning regions
            pieces.append(rows.assign(_code=code, _share=1.0,
                                      flag="vintage_mapped" if code in approx else None))
            if code in approx:
                result.mapped[code] = f"({v}) -> {code} (Connecticut: former counties)"
                result.mapped_zh[code] = f"（{v}年版）-> {code}（康涅狄格州：按原有县）"
            continue
        # Split over the store metros that hold its counties.
        if v not in xw_cache:
            c = counties.assign(cbsa_store=counties["fips"].map(
                terr[terr["vintage"] == "2023"].drop_duplicates("fips").set_index("fips")["code"]))
            # counties outside every 2023 metro may still be in a 2018-only store metro
            only18 = terr[terr["vintage"] == "2018"].drop_duplicates("fips").set_index("fips")["code"]
            c["cbsa_store"] = c["cbsa_store"].fillna(c["fips"].map(only18)) if v == "2018" else c["cbsa_store"]
            xw_cache[v] = crosswalk(c, v, "store")
        xw = xw_cache[v]
        parts = xw[(xw["source_code"] == code) & xw["target_code"].notna()]
        if parts.empty:
            result.unmapped[code] = names.get(code, "")
            continue
        if not additive:
            best = parts.sort_values("share", ascending=False).iloc[0]
            if best["share"] < 0.5:
                result.unmapped[code] = names.get(code, "") + " (split, not additive)"
                result.unmapped_zh[code] = _name_zh(code, names.get(code, "")) + "（被拆分，且数值不可加）"
                continue
            parts = parts[parts["target_code"] == best["target_code"]].assign(share=1.0)
        for _, p in parts.iterrows():
            pieces.append(rows.assign(_code=p["target_code"], _share=p["share"], flag="vintage_mapped"))
        targets = ", ".join(f"{t} {s:.0%}" for t, s in zip(parts["target_code"], parts["share"]))
        result.mapped[code] = f"({v}) -> {targets}"
        result.mapped_zh[code] = f"（{v}年版）-> " + "、".join(
            f"{t} {s:.0%}" for t, s in zip(parts["target_code"], parts["share"]))
    if not pieces:
        result.values = pd.DataFrame(columns=["code", *key_cols, *value_cols, "flag"])
        return result
    allp = pd.concat(pieces, ignore_index=True)
    for col in value_cols:
        allp[col] = allp[col] * allp["_share"]
    allp["flag"] = allp["flag"].fillna("observed")
    agg = {c: (c, lambda x: x.sum() if x.notna().all() else np.nan) for c in value_cols}
    out = (allp.groupby(["_code", *key_cols], dropna=False)
           .agg(**agg, flag=("flag", lambda f: "vintage_mapped" if (f == "vintage_mapped").any()
                                 else None))
           .reset_index().rename(columns={"_code": "code"}))
    result.values = out
    return result


def _principals(title: str) -> set[tuple[str, str]]:
    """Principal cities of a CBSA title with its first state ('Santa Maria-Santa Barbara, CA'
    -> {('santa maria', 'CA'), ('santa barbara', 'CA')})."""
    name, _, states = str(title).partition(",")
    st = states.strip().split("-")[0][:2].upper()
    return {(p.strip().lower(), st) for p in name.split("-") if p.strip()}


def resolve_old_codes(data_dir: Path, counties: pd.DataFrame | None = None,
                      tolerance: int = 2) -> dict[str, tuple[str, str]]:
    """Store metros for older metro codes (in neither the 2018 nor the 2023 delineation), from
    county-level evidence.

    The USPTO metro file carries the older codes with their titles and 16 yearly patent counts;
    the USPTO county file carries the same counts by county. An old code is resolved to a store
    metro when both hold:

    * the store metro's title names one of the old title's principal cities in the same state
      (Los Angeles-Long Beach-Santa Ana, CA: 31100 -> 31080 Los Angeles-Long Beach-Anaheim),
      and
    * the store metro's county sum equals the old metro's count in **every** year 2000-2015
      within ``tolerance`` patents (the two files differ by 1-2 patents for the same territory),
      with at least 20 patents in all: the territories hold the same inventors.

    Anything else stays unresolved (reported by the caller, never read as 0).

    Returns
    -------
    dict old code -> (store code, the old title).
    """
    us = Path(data_dir) / "us"
    counties = load_counties(data_dir) if counties is None else counties
    m = pd.read_csv(us / "uspto_patents_cbsa_2000_2015.csv", dtype={"cbsa_code": str})
    c = pd.read_csv(us / "uspto_patents_county_2000_2015.csv", dtype={"fips": str})
    known = set(counties["cbsa_2018"].dropna()) | set(counties["cbsa_2023"].dropna())
    m = m[m["cbsa_code"].str.fullmatch(r"\d{5}") & ~m["cbsa_code"].str.startswith("00")]
    old = m[~m["cbsa_code"].isin(known)]
    sums = aggregate_counties(c.rename(columns={"utility_patents": "value"})[["fips", "year", "value"]]
                              .astype({"value": float}), counties, absent="zero")
    series = sums.pivot(index="code", columns="year", values="value")
    ref = pd.read_csv(us / "county_reference.csv", dtype=str)
    dl = pd.read_csv(us / "cbsa_delineation_2023.csv", dtype=str)
    titles = dict(zip(ref["cbsa_code_2018"], ref["cbsa_title_2018"]))
    titles.update(dict(zip(dl["cbsa_code"], dl["cbsa_title"])))
    by_principal: dict[tuple[str, str], list[str]] = {}
    for code in series.index:
        for p in _principals(titles.get(code, "")):
            by_principal.setdefault(p, []).append(code)
    out = {}
    for code, g in old.groupby("cbsa_code"):
        s = g.set_index("year")["utility_patents"].astype(float)
        title = g["cbsa_name"].iloc[0]
        if s.sum() < 20:
            continue
        cands = dict.fromkeys(c for p in _principals(title) for c in by_principal.get(p, []))
        for cand in cands:
            diff = (series.loc[cand].reindex(s.index) - s).abs()
            if diff.notna().all() and diff.max() <= tolerance:
                out[code] = (cand, title)
                break
    return out
