"""Who pays for whose research: university–industry and industry–other co-funding (brief, feature 4).

Without actor-typed co-patents (see :mod:`megaregion.analysis.collaboration`), the shared data
still show two links between the helices, as money:

* **university ← industry**: the share of universities' R&D financed by business (NSF HERD,
  by metro, 2012–2016);
* **industry ← others**: the share of companies' domestic R&D paid for by others — the federal
  government and other companies — rather than by the performing company (NSF BRDIS 2015, about
  100 large metros; the source does not split "others" further).

Both are ratios of sums over a group's metros (not means of ratios), set against the same ratio
over every metro in the source (the national benchmark). Chinese cities have no such funding
data in the shared folder.
"""

from __future__ import annotations

import pandas as pd

from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError
from megaregion.model.megaregion import Megaregion

#: link -> (source, numerator indicator, denominator indicators summed, label, label_zh)
LINKS = {
    "university_rd_business_share": (
        "us/herd", "university_rd_business_financed", ("university_rd",),
        "university R&D financed by business", "高校研发经费中企业资助的比重"),
    "business_rd_other_funded_share": (
        "us/brdis", "business_rd_other_funded", ("business_rd_company_funded", "business_rd_other_funded"),
        "company R&D paid for by others (government, other companies)",
        "企业研发经费中由其他方（政府、其他企业）支付的比重"),
}


def _values(store, source: str, indicators, year: int | None) -> tuple[pd.DataFrame, int]:
    """Metro × indicator values of ``source`` for ``year`` (default: the latest)."""
    indicators = list(dict.fromkeys(indicators))
    df = store.con.execute(
        "SELECT region_id, year, indicator, value FROM indicators WHERE source = ? "
        "AND indicator IN (SELECT unnest(?)) AND region_id LIKE 'us-cbsa:%'",
        [source, list(indicators)]).df()
    if df.empty:
        raise MegaregionError(f"no {source} indicators in the store (import the data first: "
                              "megaregion data import)")
    years = sorted(df["year"].unique())
    y = int(year) if year is not None and year in years else int(years[-1])
    if year is not None and year not in years:
        raise MegaregionError(f"{source} has no data for {year}; its years are "
                              f"{', '.join(map(str, years))}")
    wide = df[df["year"] == y].pivot(index="region_id", columns="indicator", values="value")
    return wide.reindex(columns=indicators), y


def _share(wide: pd.DataFrame, num: str, den: tuple[str, ...]) -> tuple[float, int]:
    """Σ numerator / Σ denominator over the metros where every part is known."""
    known = wide.dropna()
    total = known[list(den)].sum(axis=1)
    known = known[total > 0]
    if known.empty:
        return float("nan"), 0
    return float(known[num].sum() / known[list(den)].sum(axis=1).sum()), len(known)


def cofunding(store, groups: list[str], *, herd_year: int | None = None) -> Results:
    """University–industry and industry–other R&D co-funding of US groups against the nation.

    Parameters
    ----------
    store : the store with ``us/herd`` and ``us/brdis`` imported.
    groups : US group ids (their metro members of either delineation are matched by code).
    herd_year : HERD year (2012–2016; default the latest). BRDIS has 2015 only.

    Returns
    -------
    Results with tables ``summary`` (one row per group and the nation: each share, the metros
    it covers, the gap to the nation in percentage points) and ``metros`` (each member metro's
    shares and amounts).

    Notes
    -----
    share = Σ_m numerator_m / Σ_m denominator_m over the metros m with every part known, i.e.
    the group's pooled ratio. HERD: business-financed R&D / total R&D of universities (NSF
    Higher Education R&D Survey). BRDIS: R&D paid by others / (paid by the company + paid by
    others) for domestic R&D performed by companies (NSF Business R&D and Innovation Survey,
    InfoBrief NSF 19-322).
    """
    groups = list(dict.fromkeys(groups))
    if not groups:
        raise MegaregionError("name at least one US group, e.g. us-boswash")
    data, years = {}, {}
    for link, (source, num, den, *_labels) in LINKS.items():
        wide, y = _values(store, source, (num, *den), herd_year if source == "us/herd" else None)
        data[link], years[link] = wide, y
    rows, metro_parts, findings = [], [], []
    national = {link: _share(data[link], LINKS[link][1], LINKS[link][2]) for link in LINKS}
    rows.append({"group_id": "us", "name": "United States (all metros in the source)",
                 "name_zh": "美国（数据源中的全部都市区）",
                 **{k: v for link in LINKS for k, v in
                    ((link, national[link][0]), (f"{link}_metros", national[link][1]),
                     (f"{link}_gap_pp", 0.0))}})
    for gid in groups:
        mr = Megaregion.from_store(store, gid)
        if mr.country != "us":
            raise MegaregionError(f"{mr.group_id}: R&D funding by source exists only for US metros "
                                  "in the data (NSF HERD, BRDIS)")
        metros = mr.members.loc[mr.members["level"] == "metro", ["region_id", "name"]] \
            .drop_duplicates("region_id").set_index("region_id")["name"]
        row = {"group_id": mr.group_id, "name": mr.name, "name_zh": mr.name_zh}
        per_metro = pd.DataFrame(index=metros.index)
        for link, (source, num, den, label, label_zh) in LINKS.items():
            part = data[link].reindex(metros.index)
            share, n = _share(part, num, den)
            row[link], row[f"{link}_metros"] = share, n
            row[f"{link}_gap_pp"] = 100 * (share - national[link][0])
            total = part[list(den)].sum(axis=1, min_count=len(den))
            per_metro[link] = part[num] / total.where(total > 0)
            per_metro[f"{link}_denominator"] = total
            if n:
                more = share > national[link][0]
                findings.append(Finding(
                    f"{mr.name}: {100 * share:.1f}% of {label} ({years[link]}, {n} metros), "
                    f"{'above' if more else 'below'} the national {100 * national[link][0]:.1f}% "
                    f"({100 * (share - national[link][0]):+.1f} points).",
                    f"{mr.name_zh or mr.name}：{label_zh}为{100 * share:.1f}%（{years[link]}年，{n}个都市区），"
                    f"{'高于' if more else '低于'}全国的{100 * national[link][0]:.1f}%"
                    f"（{100 * (share - national[link][0]):+.1f}个百分点）。",
                    "summary", share))
        rows.append(row)
        per_metro.insert(0, "name", metros)
        per_metro.insert(0, "group_id", mr.group_id)
        metro_parts.append(per_metro.reset_index().dropna(
            subset=[link for link in LINKS], how="all"))
    notes = [
        Note(f"University R&D: NSF HERD {years['university_rd_business_share']} (thousands of "
             "current dollars), business-financed part over the total; institutions whose "
             "business-financed R&D is unknown make their metro's share unknown (left out).",
             f"高校研发：NSF HERD {years['university_rd_business_share']}年（千美元，当年价），"
             "企业资助部分占总额的比重；企业资助额未知的高校使其所在都市区的比重未知（不纳入）。"),
        Note("Company R&D: NSF BRDIS 2015, about 100 large metros only; 'others' are the federal "
             "government and other companies together (the source does not split them).",
             "企业研发：NSF BRDIS 2015年，仅约100个大都市区；“其他方”包括联邦政府和其他企业（数据源未区分）。"),
        Note("Shares are pooled over a group's metros (Σ numerator / Σ denominator), members of "
             "both metro delineations matched by code. Chinese cities have no R&D funding by "
             "source in the data.",
             "比重为城市群各都市区合计之比（分子之和/分母之和），两个版本的都市区成员均按代码匹配。"
             "数据中没有中国城市按来源划分的研发经费。"),
    ]
    return Results(
        title="R&D co-funding between university, industry and others",
        title_zh="高校、企业与其他方之间的研发共同资助",
        tables={"summary": pd.DataFrame(rows), "metros": pd.concat(metro_parts, ignore_index=True)},
        summary_table="summary", finding_list=findings, notes=notes)
