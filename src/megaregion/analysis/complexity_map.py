"""Economic complexity and relatedness of a group's members, measured against the whole nation.

RCA, ECI and PCI only make sense against a full economy, so the kernels run on every region of
the source (all US metros, or all counties of the 38 states in the county file) and the tables
then show the group's members: their national ECI rank, diversity, complexity outlook, and for
each core the not-yet-specialised industries with the highest outlook gain (where relatedness
says it could diversify next). These feed the alliance recommendations of the next issue.

Unpublished cells
-----------------
County Business Patterns publish no row for an industry with fewer than three establishments
in a place, and withhold employment in a few published rows (``activity.flag == 'suppressed'``,
value null). Neither is a zero: one Federal Reserve bank is a single establishment with about
a thousand employees. The files carry no employment-size ranges (CBP dropped them in 2017), so
nothing is imputed; instead each unpublished cell gets an upper bound from the published totals
above it (the 3-digit industry, the sector and the all-industry total of the same place, minus
the published cells below them, as CBP's noise is applied per establishment and cells add up):

* if even at that bound its RCA stays below the presence threshold, the cell is *absent* (read
  as 0: the bound shows it cannot change the presence matrix);
* otherwise it is *unknown* and masked in the kernels (neither present nor absent; see
  :mod:`megaregion.metrics.complexity`, "Unknown cells"), never recommended, and listed in the
  ``data_quality`` table with flag ``suppressed``.

``unpublished="zero"`` reads every unpublished cell as 0 instead (ecomplexity's and the Atlas's
convention; used to check the workflow against ecomplexity); even then no unknown cell is
recommended.

Recommendations also leave out industries a place cannot plausibly "diversify into" or whose
complexity rests on too few observations: agriculture, forestry, fishing and hunting (NAICS 11)
and mining (21), which follow natural resources; the central bank (5211), whose twelve
locations are set by law; urban transit (4851), schools, colleges and universities (6111-6113)
and hospitals (622), which CBP covers only where they are private (it excludes government
employment), so their RCA says more about ownership than about capabilities; and industries published in fewer than ``min_published`` regions of
the nation, whose PCI rests on a handful of places (as the Atlas leaves out products with
negligible world trade, Hausmann et al. 2014), or whose presence is unknown in more than half
the regions (``min_known_share``): PCI is the mean ECI of the places where an industry is
present, and where most places are unknown the known ones are the large metros where it is
published, so its PCI and outlook gain are biased upwards by suppression itself. They stay in
the computation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError
from megaregion.i18n.values import value_label
from megaregion.metrics.complexity import economic_complexity, rca_upper_bound
from megaregion.model.quality import quality_table

LEVEL_DIGITS = {"naics2": 2, "naics3": 3, "naics4": 4}
SOURCES = {"us/cbp_metro": "metro", "us/cbp_county": "county"}
UNPUBLISHED = ("mask", "zero")

#: Industries never recommended (they stay in the computation): NAICS prefix -> why.
NOT_RECOMMENDED = {
    "11": "agriculture, forestry, fishing and hunting follow natural resources",
    "21": "mining follows natural resources",
    "5211": "central bank: locations set by law",
    "4851": "urban transit: mostly public agencies, outside CBP",
    "6111": "elementary and secondary schools: public ones are outside CBP",
    "6112": "junior colleges: public ones are outside CBP",
    "6113": "colleges and universities: public ones are outside CBP",
    "622": "hospitals: public ones are outside CBP",
}
_HYPHENATED = {"31": "31-33", "32": "31-33", "33": "31-33", "44": "44-45", "45": "44-45",
               "48": "48-49", "49": "48-49"}


def _ancestors(code: str, digits: int) -> list[str]:
    """Published totals above a NAICS code of ``digits`` digits: 3-digit, sector, all ('00')."""
    out = [code[:3]] if digits >= 4 else []
    if digits >= 3:
        out.append(_HYPHENATED.get(code[:2], code[:2]))
    return out + ["00"]


def recommendable(code: str) -> bool:
    """False for industries in :data:`NOT_RECOMMENDED` (by NAICS prefix)."""
    return not any(str(code).startswith(p) for p in NOT_RECOMMENDED)


@dataclass
class NationalMatrix:
    """The region × industry employment matrix of a whole source, with what is unknown.

    ``values``: published values, 0 for unpublished cells shown absent by their bound, NaN for
    unknown cells; ``known``: False for unknown cells; ``withheld``: published rows whose value
    is withheld (flag ``suppressed``); ``published``: a row with a value was published;
    ``upper``: the upper bound of each unpublished cell (``inf`` without one, NaN if published).
    """

    values: pd.DataFrame
    known: pd.DataFrame
    withheld: pd.DataFrame
    published: pd.DataFrame
    upper: pd.DataFrame

    @property
    def n_unpublished(self) -> int:
        return int((~self.published).to_numpy().sum())

    @property
    def n_unknown(self) -> int:
        return int((~self.known).to_numpy().sum())

    @property
    def n_bounded_absent(self) -> int:
        return self.n_unpublished - self.n_unknown


def national_matrix(store, source: str, year: int, digits: int, measure: str = "employees",
                    threshold: float = 1.0) -> NationalMatrix:
    """Region × industry matrix of every region in ``source``, unpublished cells bounded.

    For an unpublished cell (no row, or a withheld value) of industry p in region c the bound is
    :math:`U_{cp} = \\min_A \\max(0, V_{cA} - \\sum_{q \\in A,\\ published} V_{cq})` over the
    published totals A above p (3-digit industry, sector, all industries) of the same region:
    employment not shown in any published cell under A. The cell is unknown when its RCA at
    that bound (:func:`~megaregion.metrics.complexity.rca_upper_bound`) reaches ``threshold``,
    absent (0) otherwise.
    """
    df = store.activity_rows(source, measure, year)
    code = df["industry"].astype(str)
    target = df[(code.str.len() == digits) & ~code.str.contains("-")] if digits > 2 else \
        df[((code.str.len() == 2) & (code != "00")) | code.str.contains("-")]
    if target.empty:
        raise MegaregionError(f"no {measure} in {source} for {year} at {digits} digits "
                              "(import it with `megaregion data import`)")
    regions = sorted(df["region_id"].unique())
    X = target.pivot(index="region_id", columns="industry", values="value").reindex(regions)
    X.columns.name = None
    flags = target.pivot(index="region_id", columns="industry", values="flag").reindex(
        index=regions, columns=X.columns)
    withheld = flags.eq("suppressed")
    published = X.notna()
    totals = df.pivot(index="region_id", columns="industry", values="value").reindex(regions)
    upper = pd.DataFrame(np.inf, index=X.index, columns=X.columns)
    shown = X.fillna(0.0)
    for level in range(len(_ancestors(str(X.columns[0]), digits))):
        parent = {p: _ancestors(str(p), digits)[level] for p in X.columns}
        below = shown.T.groupby(pd.Series(parent)).sum().T
        for a in below.columns:
            top = totals[a] if a in totals.columns else pd.Series(np.nan, index=X.index)
            residual = (top - below[a]).clip(lower=0.0).where(top.notna(), np.inf)
            cols = [p for p in X.columns if parent[p] == a]
            upper[cols] = np.minimum(upper[cols].to_numpy(), residual.to_numpy()[:, None])
    upper = upper.where(~published)
    bound = rca_upper_bound(shown.to_numpy(), published.to_numpy(), upper.fillna(0.0).to_numpy())
    unknown = ~published.to_numpy() & (bound >= threshold)
    known = pd.DataFrame(~unknown, index=X.index, columns=X.columns)
    values = shown.where(known)
    return NationalMatrix(values, known, withheld, published, upper)


def complexity_map(store, group: str, *, year: int = 2019, level: str = "naics4",
                   source: str = "us/cbp_metro", threshold: float = 1.0, top: int = 10,
                   unpublished: str = "mask", min_published: int = 20,
                   min_known_share: float = 0.5) -> Results:
    """ECI/PCI, density, COI and COG for a group's members, computed on the whole nation.

    Parameters
    ----------
    store : the store.
    group : group id.
    year, level : industry data year and detail (``naics2``, ``naics3``, ``naics4``).
    source : ``us/cbp_metro`` (all US metros) or ``us/cbp_county`` (counties of 38 states).
    threshold : RCA threshold of the presence matrix.
    top : how many opportunities to list per core member.
    unpublished : ``"mask"`` (default): unpublished cells whose bound allows RCA ≥ threshold
        are unknown and masked, the others absent (module docstring); ``"zero"``: every
        unpublished cell is read as 0, as ecomplexity does (unknown cells are still never
        recommended).
    min_published : an industry published in fewer regions of the nation is not recommended.
    min_known_share : nor is one whose presence is known in a smaller share of the regions.

    Returns
    -------
    Results with tables ``summary``, ``members`` (ECI, national rank, diversity, COI, unknown
    industries), ``industries`` (PCI, ubiquity, regions where published / unknown, whether it
    may be recommended), ``opportunities`` (core members' known-absent industries ranked by
    complexity outlook gain, with density, PCI and whether the cell was published), and
    ``data_quality`` (the members' unknown cells, flag ``suppressed``, and the unpublished
    cells behind listed opportunities, flag ``estimated``).

    Notes
    -----
    Formulas and conventions are those of :func:`megaregion.metrics.complexity.economic_complexity`
    (checked against Python ``ecomplexity`` 0.5.3 on fully observed data): RCA (Balassa),
    M = [RCA >= threshold], ECI/PCI by the eigenvector method with ECI positively correlated
    with diversity, proximity φ = min conditional probability (Hidalgo et al. 2007), density,
    COI and COG as in ecomplexity (Hausmann et al. 2014); unknown cells masked as documented
    there.
    """
    if level not in LEVEL_DIGITS:
        raise MegaregionError(f"--level {level!r}: use naics2, naics3 or naics4")
    if source not in SOURCES:
        raise MegaregionError(f"--source {source!r}: use {' or '.join(SOURCES)}")
    if unpublished not in UNPUBLISHED:
        raise MegaregionError(f"unpublished={unpublished!r}: use {' or '.join(UNPUBLISHED)}")
    mr = store.group(group)
    if mr.country != "us":
        raise MegaregionError(f"{group}: complexity needs industry detail, which the Chinese city data "
                              "lack (three sectors only); import a yearbook table by industry first")
    nm = national_matrix(store, source, year, LEVEL_DIGITS[level], threshold=threshold)
    if unpublished == "mask":
        res = economic_complexity(nm.values, threshold=threshold, known=nm.known)
    else:
        res = economic_complexity(nm.values.fillna(0.0), threshold=threshold)
    known = nm.known.reindex(index=res.eci.index, columns=res.pci.index)
    member_level = SOURCES[source]
    members = mr.members[mr.members["level"] == member_level]
    names = members.set_index("region_id")["name"].to_dict()
    names_zh = {r: (z if isinstance(z, str) and z else names.get(r, r))
                for r, z in members.set_index("region_id")["name_zh"].items()}
    core = set(members.loc[members["role"] == "core", "region_id"])
    ids = [r for r in members["region_id"] if r in res.eci.index]
    if not ids:
        raise MegaregionError(f"{group}: none of its {member_level} members is in {source} for {year}")
    rank = res.eci.rank(ascending=False, method="min")
    mem = pd.DataFrame({
        "region_id": ids, "name": [names.get(r, r) for r in ids], "name_zh": [names_zh.get(r, r) for r in ids],
        "core": [r in core for r in ids],
        "eci": res.eci.reindex(ids).values, "eci_national_rank": rank.reindex(ids).values,
        "diversity": res.diversity.reindex(ids).values, "coi": res.coi.reindex(ids).values,
        "unknown_industries": (~known.reindex(ids)).sum(axis=1).astype(int).values,
    }).sort_values("eci", ascending=False)
    labels = store.df("industries")
    labels = labels[labels["classification"] == "naics2017"]
    label = dict(zip(labels["code"], labels["label"]))
    label_zh = {c: z for c, z in zip(labels["code"], labels["label_zh"]) if isinstance(z, str) and z}
    pub_regions = nm.published.sum().reindex(res.pci.index).astype(int)
    unk_regions = (~known).sum().astype(int)
    n_regions = int(res.eci.notna().sum())
    few_known = unk_regions > (1.0 - min_known_share) * len(known)
    ok_industry = pd.Series([recommendable(c) and pub_regions[c] >= min_published and not few_known[c]
                             for c in res.pci.index], index=res.pci.index)
    inds = pd.DataFrame({"industry": res.pci.index, "label": [label.get(c, "") for c in res.pci.index],
                         "pci": res.pci.values, "ubiquity": res.ubiquity.reindex(res.pci.index).values,
                         "published_regions": pub_regions.values, "unknown_regions": unk_regions.values,
                         "recommendable": ok_industry.values})
    inds = inds.sort_values("pci", ascending=False)
    opp_rows, dq_rows = [], []
    for c in [r for r in ids if r in core]:
        rca_row = res.rca.loc[c]
        absent = rca_row.index[known.loc[c].to_numpy() & ok_industry.to_numpy()
                               & (rca_row.fillna(0.0).to_numpy() < threshold)]
        cog = res.cog.loc[c, absent].dropna().sort_values(ascending=False).head(top)
        for ind, gain in cog.items():
            published = bool(nm.published.loc[c, ind])
            opp_rows.append({"region_id": c, "name": names.get(c, c), "name_zh": names_zh.get(c, c),
                             "industry": ind, "label": label.get(ind, ""), "cog": gain,
                             "density": res.density.loc[c, ind], "pci": res.pci.get(ind, np.nan),
                             "rca": rca_row[ind], "published": published})
            if not published:
                dq_rows.append({"region_id": c, "year": year, "variable": ind, "source": source,
                                "flag": "estimated",
                                "detail": f"not published; at most {nm.upper.loc[c, ind]:,.0f} employees "
                                          "by the published totals above it, so RCA < "
                                          f"{threshold:g} (absent)"})
    opps = pd.DataFrame(opp_rows, columns=["region_id", "name", "name_zh", "industry", "label", "cog",
                                           "density", "pci", "rca", "published"])
    for r in ids:
        for ind in known.columns[~known.loc[r].to_numpy()]:
            dq_rows.append({"region_id": r, "year": year, "variable": ind, "source": source,
                            "flag": "suppressed",
                            "detail": ("employment withheld in a published row" if nm.withheld.loc[r, ind]
                                       else "not published (fewer than 3 establishments)")
                            + (f"; up to {nm.upper.loc[r, ind]:,.0f} employees" if np.isfinite(nm.upper.loc[r, ind])
                               else "; no published total bounds it")
                            + (": unknown, masked" if unpublished == "mask" else ": read as 0, never recommended")})
    dq = quality_table(dq_rows)
    summary = pd.DataFrame([{
        "group_id": mr.group_id, "year": year, "level": level, "source": source,
        "regions_in_nation": n_regions, "industries": int(res.pci.notna().sum()),
        "members_scored": len(mem), "mean_member_eci": float(mem["eci"].mean()),
        "core_eci_rank": "; ".join(f"{names.get(r, r)}: {int(rank[r])}" for r in ids if r in core),
        "core_eci_rank_zh": "；".join(f"{names_zh.get(r, r)}：第{int(rank[r])}位" for r in ids if r in core),
        "unpublished_cells": nm.n_unpublished, "unknown_cells": nm.n_unknown,
        "withheld_cells": int(nm.withheld.to_numpy().sum()),
        "unpublished_cells_bounded_absent": nm.n_bounded_absent,
        "unpublished_treatment": unpublished,
    }])
    n_cells = nm.values.size
    if unpublished == "mask":
        treat_en = ("masked: neither present nor absent in RCA, proximity and density, not counted as "
                    "opportunities in COI/COG, never recommended")
        treat_zh = "屏蔽：在RCA、邻近度和密度中既不算存在也不算缺失，不计入COI/COG的机会，也从不推荐"
    else:
        treat_en = "read as 0 as ecomplexity does (requested), but never recommended"
        treat_zh = "按要求与ecomplexity一样按0处理，但从不推荐"
    notes = [Note(
        f"Computed on all {n_regions} regions of {source} ({year}, {level}; metropolitan and "
        f"micropolitan areas for the metro file). Of {n_cells:,} region x industry cells, "
        f"{nm.n_unpublished:,} are not published by County Business Patterns (fewer than 3 "
        f"establishments, or {int(nm.withheld.to_numpy().sum())} withheld values). The file has no "
        f"employment-size ranges, so each is bounded by the published totals above it: "
        f"{nm.n_bounded_absent:,} cannot reach RCA {threshold:g} even at their bound and are read "
        f"as absent (0); {nm.n_unknown:,} could, and are unknown: {treat_en}. "
        f"The data_quality table lists the members' {int((~known.reindex(ids)).to_numpy().sum()):,} unknown cells.",
        f"基于{source}全部{n_regions}个地区计算（{year}年，{value_label(level, 'zh')}；都市区文件含大都市区和小都市区）。"
        f"在{n_cells:,}个“地区×行业”单元中，有{nm.n_unpublished:,}个未由县域商业模式（CBP）公布"
        f"（少于3家机构，或{int(nm.withheld.to_numpy().sum())}个就业数被保密）。文件不含就业规模区间，"
        f"故以其上级已公布合计为每个单元定出上限：{nm.n_bounded_absent:,}个即使取上限也达不到RCA {threshold:g}，"
        f"按不存在（0）处理；{nm.n_unknown:,}个可能达到，视为未知：{treat_zh}。"
        f"`data_quality`表列出成员城市的{int((~known.reindex(ids)).to_numpy().sum()):,}个未知单元。"),
        Note(f"Not recommended (kept in the computation): agriculture, forestry, fishing and hunting "
             f"(NAICS 11) and mining (21), which follow natural resources; the central bank (5211), "
             f"whose locations are set by law; urban transit (4851), schools, colleges and universities "
             f"(6111-6113) and hospitals (622), which County Business Patterns cover only where they are "
             f"private; industries published in fewer than {min_published} "
             f"regions ({int((pub_regions < min_published).sum())} industries), whose PCI rests on a "
             f"handful of places; and industries whose presence is unknown in more than "
             f"{1 - min_known_share:.0%} of the regions ({int(few_known.sum())} industries), whose PCI is "
             "biased upwards because they are published mainly in large, diverse metros. "
             f"{int(ok_industry.sum())} of {len(ok_industry)} industries can be recommended.",
             f"不作推荐（仍参与计算）：依赖自然资源的农林牧渔业（NAICS 11）和采矿业（21）；网点由法律规定的"
             f"中央银行（5211）；县域商业模式（CBP）只统计其私营部分的城市公共交通（4851）、中小学和高等院校"
             f"（6111-6113）及医院（622）；公布地区少于{min_published}个的行业（{int((pub_regions < min_published).sum())}个），"
             f"其PCI仅由少数地区决定；以及在超过{1 - min_known_share:.0%}的地区中存在与否未知的行业"
             f"（{int(few_known.sum())}个），它们主要在大型多样化都市区公布，PCI因而偏高。"
             f"{len(ok_industry)}个行业中有{int(ok_industry.sum())}个可作推荐。"),
        Note("ECI/PCI are standardised over the nation (mean 0, sd 1); ECI's sign is set so that it "
             "rises with diversity.",
             "ECI/PCI在全国范围内标准化（均值0、标准差1）；ECI的符号取与多样性正相关的方向。")] + list(res.notes)
    left = [r for r in members["region_id"] if r not in res.eci.index]
    if left:
        notes.append(Note(
            f"{len(left)} of the group's {len(members)} {member_level} members are not in {source} for {year} "
            f"(another delineation, or no employment) and are left out: "
            + "; ".join(f"{names.get(r, r)} ({r})" for r in left) + ".",
            f"城市群{len(members)}个{'都市区' if member_level == 'metro' else '县'}成员中有{len(left)}个不在{source}"
            f"的{year}年数据中（属于另一版本的划分，或没有就业），未纳入计算："
            + "；".join(f"{names_zh.get(r, r)}（{r}）" for r in left) + "。"))
    if res.dropped_locations:
        notes.append(Note(f"{len(res.dropped_locations)} regions without employment were dropped.",
                          f"{len(res.dropped_locations)}个没有就业的地区被剔除。"))
    findings = []
    best = mem.head(3)
    findings.append(Finding(
        f"Most complex members ({level}, {year}): " + ", ".join(
            f"{n} (ECI {e:.2f}, national rank {int(k)})" for n, e, k in zip(best["name"], best["eci"], best["eci_national_rank"])) + ".",
        f"经济复杂度最高的城市（{value_label(level, 'zh')}，{year}年）：" + "、".join(
            f"{n}（ECI {e:.2f}，全国第{int(k)}位）" for n, e, k in zip(best["name_zh"], best["eci"], best["eci_national_rank"])) + "。",
        "members", float(best["eci"].iloc[0]), column="eci", where={"region_id": best["region_id"].iloc[0]}))
    for c in [r for r in ids if r in core]:
        o = opps[opps["region_id"] == c].head(3)
        if len(o):
            findings.append(Finding(
                f"{names.get(c, c)}: highest-gain industries it is not yet specialised in: " + "; ".join(
                    f"{i} {l} (COG {g:.2f})" for i, l, g in zip(o["industry"], o["label"], o["cog"])) + ".",
                f"{names_zh.get(c, c)}：尚未形成专业化、但复杂度增益最高的行业：" + "；".join(
                    f"NAICS {i}（{label_zh.get(i) or _family_zh(i)}，COG {g:.2f}）"
                    for i, g in zip(o["industry"], o["cog"])) + "。",
                "opportunities", float(o["cog"].iloc[0]), column="cog",
                where={"region_id": c, "industry": o["industry"].iloc[0]},
                quality=("estimated",) if not o["published"].all() else ()))
    return Results(f"Economic complexity: {mr.name}, {year}", f"经济复杂度：{mr.name_zh or mr.name}，{year}年",
                   {"summary": summary, "members": mem, "industries": inds, "opportunities": opps,
                    "data_quality": dq},
                   "summary", findings, notes, command="complexity")


def _family_zh(code: str) -> str:
    """The Chinese name of a NAICS code's sector family (the code's own title has no Chinese)."""
    from megaregion.model.sectors import FAMILIES, naics_family

    fam = naics_family(str(code))
    return f"属{FAMILIES[fam][1]}" if fam else "行业大类未定"
