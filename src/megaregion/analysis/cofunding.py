"""Who pays for whose research: university–industry and industry–other co-funding (brief, feature 4).

Without actor-typed co-patents (see :mod:`megaregion.analysis.collaboration`), the shared data
still show two links between the helices, as money:

* **university ← industry**: the share of universities' R&D financed by business (NSF HERD,
  by county, 2012–2016);
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

#: link -> (source, level, numerator indicator, denominator indicators summed, label, label_zh).
#: University R&D is summed over counties (every institution has one; metro codes of the
#: source and of a group's delineations differ for some places), company R&D exists by metro only.
LINKS = {
    "university_rd_business_pct": (
        "us/herd", "county", "university_rd_business_financed", ("university_rd",),
        "university R&D financed by business", "高校研发经费中企业资助的比重"),
    "business_rd_other_funded_pct": (
        "us/brdis", "metro", "business_rd_other_funded",
        ("business_rd_company_funded", "business_rd_other_funded"),
        "company R&D paid for by others (government, other companies)",
        "企业研发经费中由其他方（政府、其他企业）支付的比重"),
}
_PREFIX = {"county": "us:", "metro": "us-cbsa:"}


def _values(store, source: str, level: str, indicators, year: int | None) -> tuple[pd.DataFrame, int]:
    """Region × indicator values of ``source`` at ``level`` for ``year`` (default: the latest)."""
    indicators = list(dict.fromkeys(indicators))
    df = store.con.execute(
        "SELECT region_id, year, indicator, value FROM indicators WHERE source = ? "
        "AND indicator IN (SELECT unnest(?)) AND starts_with(region_id, ?)",
        [source, indicators, _PREFIX[level]]).df()
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
    """Σ numerator / Σ denominator over the regions where every part is known."""
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
    groups : US group ids: university R&D over their member counties, company R&D over their
        member metros (either delineation, matched by code).
    herd_year : HERD year (2012–2016; default the latest). BRDIS has 2015 only.

    Returns
    -------
    Results with tables ``summary`` (one row per group and the nation: each share in percent,
    the regions it covers, the gap to the nation in percentage points) and ``members`` (each
    member county's or metro's share in percent and denominator, one row per link).

    Notes
    -----
    share = Σ_m numerator_m / Σ_m denominator_m over the regions m with every part known, i.e.
    the group's pooled ratio. HERD: business-financed R&D / total R&D of universities (NSF
    Higher Education R&D Survey). BRDIS: R&D paid by others / (paid by the company + paid by
    others) for domestic R&D performed by companies (NSF Business R&D and Innovation Survey,
    InfoBrief NSF 19-322).
    """
    groups = list(dict.fromkeys(groups))
    if not groups:
        raise MegaregionError("name at least one US group, e.g. us-boswash")
    data, years = {}, {}
    for link, (source, level, num, den, *_labels) in LINKS.items():
        wide, y = _values(store, source, level, (num, *den), herd_year if source == "us/herd" else None)
        data[link], years[link] = wide, y
    rows, member_parts, findings = [], [], []
    national = {link: _share(data[link], LINKS[link][2], LINKS[link][3]) for link in LINKS}
    rows.append({"group_id": "us", "name": "United States (every county or metro in the source)",
                 "name_zh": "美国（数据源中的全部县或都市区）",
                 **{k: v for link in LINKS for k, v in
                    ((link, 100 * national[link][0]), (f"{link}_regions", national[link][1]),
                     (f"{link}_gap_pp", 0.0))}})
    for gid in groups:
        mr = Megaregion.from_store(store, gid)
        if mr.country != "us":
            raise MegaregionError(f"{mr.group_id}: R&D funding by source exists only for US metros "
                                  "in the data (NSF HERD, BRDIS)")
        row = {"group_id": mr.group_id, "name": mr.name, "name_zh": mr.name_zh}
        for link, (_source, level, num, den, label, label_zh) in LINKS.items():
            members = mr.members.loc[mr.members["level"] == level, ["region_id", "name"]] \
                .drop_duplicates("region_id").set_index("region_id")["name"]
            part = data[link].reindex(members.index)
            share, n = _share(part, num, den)
            row[link], row[f"{link}_regions"] = 100 * share, n
            row[f"{link}_gap_pp"] = 100 * (share - national[link][0])
            total = part[list(den)].sum(axis=1, min_count=len(den))
            member_parts.append(pd.DataFrame({
                "group_id": mr.group_id, "link": link, "region_id": members.index,
                "name": members.to_numpy(), "pct": (100 * part[num] / total.where(total > 0)).to_numpy(),
                "denominator": total.to_numpy()}).dropna(subset=["denominator"]))
            if n:
                more = share > national[link][0]
                unit_en, unit_zh = ("counties", "个县") if level == "county" else ("metros", "个都市区")
                findings.append(Finding(
                    f"{mr.name}: {100 * share:.1f}% of {label} ({years[link]}, {n} {unit_en}), "
                    f"{'above' if more else 'below'} the national {100 * national[link][0]:.1f}% "
                    f"({100 * (share - national[link][0]):+.1f} points).",
                    f"{mr.name_zh or mr.name}：{label_zh}为{100 * share:.1f}%（{years[link]}年，{n}{unit_zh}），"
                    f"{'高于' if more else '低于'}全国的{100 * national[link][0]:.1f}%"
                    f"（{100 * (share - national[link][0]):+.1f}个百分点）。",
                    "summary", 100 * share,
                    column=link, where={"group_id": mr.group_id}))
        rows.append(row)
    notes = [
        Note(f"University R&D: NSF HERD {years['university_rd_business_pct']} (thousands of "
             "current dollars), business-financed part over the total, summed over member "
             "counties; an institution whose business-financed R&D is unknown makes its county's "
             "share unknown (left out).",
             f"高校研发：NSF HERD {years['university_rd_business_pct']}年（千美元，当年价），"
             "企业资助部分占总额的比重，按成员县加总；企业资助额未知的高校使其所在县的比重未知（不纳入）。"),
        Note("Company R&D: NSF BRDIS 2015, about 100 large metros only; 'others' are the federal "
             "government and other companies together (the source does not split them).",
             "企业研发：NSF BRDIS 2015年，仅约100个大都市区；“其他方”包括联邦政府和其他企业（数据源未区分）。"),
        Note("Shares are pooled over a group's members (Σ numerator / Σ denominator); the nation "
             "is every county (university R&D) or metro (company R&D) of the source; metro members "
             "of both delineations are matched by code. Chinese cities have no R&D funding by "
             "source in the data.",
             "比重为城市群成员合计之比（分子之和/分母之和）；全国为数据源中的全部县（高校研发）或都市区"
             "（企业研发）；两个版本的都市区成员均按代码匹配。数据中没有中国城市按来源划分的研发经费。"),
    ]
    return Results(
        title="R&D co-funding between university, industry and others",
        title_zh="高校、企业与其他方之间的研发共同资助",
        tables={"summary": pd.DataFrame(rows), "members": pd.concat(member_parts, ignore_index=True)},
        summary_table="summary", finding_list=findings, notes=notes, command="cofunding")
