"""Economic complexity and relatedness of a group's members, measured against the whole nation.

RCA, ECI and PCI only make sense against a full economy, so the kernels run on every region of
the source (all US metros, or all counties of the 38 states in the county file) and the tables
then show the group's members: their national ECI rank, diversity, complexity outlook, and for
each core the not-yet-specialised industries with the highest outlook gain (where relatedness
says it could diversify next). These feed the alliance recommendations of the next issue.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError
from megaregion.i18n.values import value_label
from megaregion.metrics.complexity import economic_complexity

LEVEL_DIGITS = {"naics2": 2, "naics3": 3, "naics4": 4}
SOURCES = {"us/cbp_metro": "metro", "us/cbp_county": "county"}


def national_matrix(store, source: str, year: int, digits: int, measure: str = "employees") -> pd.DataFrame:
    """Region × industry matrix of every region in ``source`` (absent or suppressed cells = 0).

    Zero-filling follows ecomplexity and the Atlas: an unpublished cell is read as no
    specialisation, which can only understate RCA; the caller reports how many cells that is.
    """
    df = store.activity_rows(source, measure, year, digits)
    if df.empty:
        raise MegaregionError(f"no {measure} in {source} for {year} at {digits} digits "
                              "(import it with `megaregion data import`)")
    X = df.pivot(index="region_id", columns="industry", values="value")
    X.attrs["unpublished_cells"] = int(X.isna().sum().sum())
    return X.fillna(0.0)


def complexity_map(store, group: str, *, year: int = 2019, level: str = "naics4",
                   source: str = "us/cbp_metro", threshold: float = 1.0, top: int = 10) -> Results:
    """ECI/PCI, density, COI and COG for a group's members, computed on the whole nation.

    Parameters
    ----------
    store : the store.
    group : group id.
    year, level : industry data year and detail (``naics2``, ``naics3``, ``naics4``).
    source : ``us/cbp_metro`` (all US metros) or ``us/cbp_county`` (counties of 38 states).
    threshold : RCA threshold of the presence matrix.
    top : how many opportunities to list per core member.

    Returns
    -------
    Results with tables ``summary``, ``members`` (ECI, national rank, diversity, COI),
    ``industries`` (PCI and ubiquity of every industry), ``opportunities`` (core members'
    absent industries ranked by complexity outlook gain, with density and PCI).

    Notes
    -----
    Formulas and conventions are those of :func:`megaregion.metrics.complexity.economic_complexity`
    (checked against Python ``ecomplexity`` 0.5.3): RCA (Balassa), M = [RCA >= threshold],
    ECI/PCI by the eigenvector method with ECI positively correlated with diversity,
    proximity φ = min conditional probability, density, COI and COG as in ecomplexity.
    """
    if level not in LEVEL_DIGITS:
        raise MegaregionError(f"--level {level!r}: use naics2, naics3 or naics4")
    if source not in SOURCES:
        raise MegaregionError(f"--source {source!r}: use {' or '.join(SOURCES)}")
    mr = store.group(group)
    if mr.country != "us":
        raise MegaregionError(f"{group}: complexity needs industry detail, which the Chinese city data "
                              "lack (three sectors only); import a yearbook table by industry first")
    X = national_matrix(store, source, year, LEVEL_DIGITS[level])
    res = economic_complexity(X, threshold=threshold)
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
    }).sort_values("eci", ascending=False)
    labels = store.df("industries")
    labels = labels[labels["classification"] == "naics2017"]
    label = dict(zip(labels["code"], labels["label"]))
    inds = pd.DataFrame({"industry": res.pci.index, "label": [label.get(c, "") for c in res.pci.index],
                         "pci": res.pci.values, "ubiquity": res.ubiquity.reindex(res.pci.index).values})
    inds = inds.sort_values("pci", ascending=False)
    opp_rows = []
    for c in [r for r in ids if r in core]:
        rca_row = res.rca.loc[c]
        absent = rca_row[rca_row < threshold].index
        cog = res.cog.loc[c, absent].sort_values(ascending=False).head(top)
        for ind, gain in cog.items():
            opp_rows.append({"region_id": c, "name": names.get(c, c), "industry": ind,
                             "label": label.get(ind, ""), "cog": gain,
                             "density": res.density.loc[c, ind], "pci": res.pci.get(ind, np.nan),
                             "rca": rca_row[ind]})
    opps = pd.DataFrame(opp_rows, columns=["region_id", "name", "industry", "label", "cog", "density", "pci", "rca"])
    summary = pd.DataFrame([{
        "group_id": mr.group_id, "year": year, "level": level, "source": source,
        "regions_in_nation": int(res.eci.notna().sum()), "industries": int(res.pci.notna().sum()),
        "members_scored": len(mem), "mean_member_eci": float(mem["eci"].mean()),
        "core_eci_rank": "; ".join(f"{names.get(r, r)}: {int(rank[r])}" for r in ids if r in core),
        "core_eci_rank_zh": "；".join(f"{names_zh.get(r, r)}：第{int(rank[r])}位" for r in ids if r in core),
        "unpublished_cells_read_as_zero": X.attrs.get("unpublished_cells", 0),
    }])
    n_regions, n_unpub = int(res.eci.notna().sum()), X.attrs.get("unpublished_cells", 0)
    notes = [Note(f"Computed on all {n_regions} regions of {source} ({year}, {level}); "
                  f"{n_unpub} unpublished region x industry cells are read as 0, as ecomplexity does.",
                  f"基于{source}全部{n_regions}个地区计算（{year}年，{value_label(level, 'zh')}）；{n_unpub}个未公布的“地区×行业”"
                  "单元按0处理，与ecomplexity一致。"),
             Note("ECI/PCI are standardised over the nation (mean 0, sd 1); ECI's sign is set so that it "
                  "rises with diversity.",
                  "ECI/PCI在全国范围内标准化（均值0、标准差1）；ECI的符号取与多样性正相关的方向。")] + list(res.notes)
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
        "members", float(best["eci"].iloc[0])))
    for c in [r for r in ids if r in core]:
        o = opps[opps["region_id"] == c].head(3)
        if len(o):
            findings.append(Finding(
                f"{names.get(c, c)}: highest-gain industries it is not yet specialised in: " + "; ".join(
                    f"{i} {l} (COG {g:.2f})" for i, l, g in zip(o["industry"], o["label"], o["cog"])) + ".",
                f"{names_zh.get(c, c)}：尚未形成专业化、但复杂度增益最高的行业：" + "；".join(
                    f"NAICS {i}（{_family_zh(i)}，COG {g:.2f}）" for i, g in zip(o["industry"], o["cog"])) + "。",
                "opportunities", float(o["cog"].iloc[0])))
    return Results(f"Economic complexity: {mr.name}, {year}", f"经济复杂度：{mr.name_zh or mr.name}，{year}年",
                   {"summary": summary, "members": mem, "industries": inds, "opportunities": opps},
                   "summary", findings, notes)


def _family_zh(code: str) -> str:
    """The Chinese name of a NAICS code's sector family (the code's own title has no Chinese)."""
    from megaregion.model.sectors import FAMILIES, naics_family

    fam = naics_family(str(code))
    return f"属{FAMILIES[fam][1]}" if fam else "行业大类未定"
