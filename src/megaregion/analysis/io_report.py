"""``megaregion io``: Leontief multipliers, linkages and key sectors of a national IO table.

US: the BEA summary table (71 industries, industry × industry from make and use under the
industry-technology assumption). China: the NBS 42-sector table (total intermediate use,
domestic plus imported). Kernels: :mod:`megaregion.metrics.inputoutput` (Miller & Blair 2009).
"""

from __future__ import annotations

import pandas as pd

from megaregion.analysis.io_linkages import io_transactions
from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError
from megaregion.metrics.inputoutput import leontief_inverse, linkages, technical_coefficients

__all__ = ["io_report"]


def _names(items: list[tuple[str, str]], lang: str, limit: int = 8) -> str:
    sep = "；" if lang == "zh" else "; "
    shown = sep.join(n for n, _ in items[:limit])
    if len(items) > limit:
        shown += (f"，另有{len(items) - limit}个" if lang == "zh" else f" and {len(items) - limit} more")
    return shown


def io_report(store, country: str, year=None, top: int = 10) -> Results:
    """Output multipliers, Rasmussen–Hirschman linkages and key sectors of one national table.

    Parameters
    ----------
    store : Store
    country : ``"us"`` or ``"cn"``.
    year : table year (default the latest; a year without a table raises an error listing them).
    top : how many sectors the summary lists (by output multiplier).

    Returns
    -------
    Results with tables ``sectors`` (every sector: output, output multiplier Σ_i l_ij, backward
    and forward linkage indices, Ghosh forward index, class), ``key_sectors`` (the summary: the
    ``top`` sectors by output multiplier) and ``table`` (which table, unit, size).
    """
    if int(top) < 1:
        raise MegaregionError(f"--top takes a whole number of 1 or more; got {top}")
    io = io_transactions(store, country, year)
    Z, x = io["Z"], io["x"]
    A = technical_coefficients(Z, x)
    L = leontief_inverse(A)
    lk = linkages(L, Z=Z, x=x)
    codes = list(Z.index)
    sectors = pd.DataFrame({
        "sector": codes,
        "name": io["label_en"].reindex(codes).to_numpy(),
        "name_zh": (io["label_zh"].reindex(codes).to_numpy() if io["label_zh"] is not None else None),
        "output": x.reindex(codes).to_numpy(),
        "output_multiplier": lk["output_multiplier"].to_numpy(),
        "backward_linkage": lk["backward"].to_numpy(),
        "forward_linkage": lk["forward"].to_numpy(),
        "forward_linkage_ghosh": lk["forward_ghosh"].to_numpy(),
        "key_sector": lk["key_sector"].to_numpy(),
        "linkage_class": lk["linkage_class"].to_numpy(),
    })
    sectors = sectors.sort_values("output_multiplier", ascending=False, kind="stable").reset_index(drop=True)
    summary = sectors.head(int(top))[["sector", "name", "name_zh", "output_multiplier", "backward_linkage",
                                      "forward_linkage", "linkage_class"]].reset_index(drop=True)
    e = io["economy"]
    unit = "million US dollars" if e == "us" else "10,000 yuan"
    unit_zh = "百万美元" if e == "us" else "万元"
    meta = pd.DataFrame([{"economy": e, "year": io["year"], "table": io["table"], "sectors": len(codes),
                          "unit": unit, "unit_zh": unit_zh}])

    def nm(row, zh):
        return (row["name_zh"] if zh and isinstance(row["name_zh"], str) else row["name"])

    findings = []
    key = sectors[sectors["key_sector"]].sort_values("backward_linkage", ascending=False)
    where_en = (f"the BEA summary table {io['year']} (71 industries)" if e == "us"
                else f"China's national input-output table {io['year']} (42 sectors)")
    where_zh = (f"美国经济分析局{io['year']}年汇总投入产出表（71个产业）" if e == "us"
                else f"{io['year']}年全国投入产出表（42个部门）")
    if len(key):
        first = key.iloc[0]
        findings.append(Finding(
            en=(f"In {where_en}, {len(key)} of {len(codes)} sectors are key sectors (backward and "
                f"forward linkage both above the average of 1): {_names([(nm(r, False), 0) for _, r in key.iterrows()], 'en')}. "
                f"The strongest backward linkage among them: {nm(first, False)}, {first['backward_linkage']:.2f}."),
            zh=(f"在{where_zh}中，{len(codes)}个部门里有{len(key)}个关键部门（后向与前向关联指数均高于平均值1）："
                f"{_names([(nm(r, True), 0) for _, r in key.iterrows()], 'zh')}。其中后向关联最强的是"
                f"{nm(first, True)}，为{first['backward_linkage']:.2f}。"),
            table="sectors", value=float(first["backward_linkage"]), column="backward_linkage",
            where={"sector": first["sector"]}))
    else:
        findings.append(Finding(
            en=f"In {where_en}, no sector has both backward and forward linkage above 1 (no key sector).",
            zh=f"在{where_zh}中，没有部门的后向与前向关联指数同时高于1（无关键部门）。",
            table="table", value=float(len(codes)), column="sectors", where={"economy": e}))
    best = sectors.iloc[0]
    findings.append(Finding(
        en=(f"Largest output multiplier: {nm(best, False)}, {best['output_multiplier']:.2f}. One "
            f"unit of final demand for it requires {best['output_multiplier']:.2f} units of output "
            "across all sectors (directly and indirectly)."),
        zh=(f"产出乘数最大的是{nm(best, True)}，为{best['output_multiplier']:.2f}：其最终需求每增加一个单位，"
            f"各部门（直接与间接）共需增加{best['output_multiplier']:.2f}个单位的产出。"),
        table="sectors", value=float(best["output_multiplier"]), column="output_multiplier",
        where={"sector": best["sector"]}))
    fw = sectors.sort_values("forward_linkage_ghosh", ascending=False).iloc[0]
    findings.append(Finding(
        en=(f"Strongest forward (supply-side, Ghosh) linkage: {nm(fw, False)}, "
            f"{fw['forward_linkage_ghosh']:.2f}; its output is spread as inputs across many sectors."),
        zh=(f"前向（供给侧，Ghosh）关联最强的是{nm(fw, True)}，为{fw['forward_linkage_ghosh']:.2f}："
            "其产出作为投入广泛分布于各部门。"),
        table="sectors", value=float(fw["forward_linkage_ghosh"]), column="forward_linkage_ghosh",
        where={"sector": fw["sector"]}))

    notes = []
    if e == "us":
        notes.append(Note(
            f"Table: {io['table']}, million current US dollars. Industry × industry requirements under "
            "the industry-technology assumption (Miller & Blair 2009 ch. 5); commodities no industry "
            "makes (Used, Other) drop out. Linkages: Rasmussen–Hirschman indices normalised to mean 1 "
            "(Miller & Blair ch. 12); the forward index from the Leontief inverse's rows is the "
            "traditional one, the Ghosh index the supply-side one.",
            f"数据：{io['year']}年BEA汇总供给表与使用表（重新定义后），当年价百万美元。按产业技术假定推导产业×产业"
            "直接消耗系数（Miller与Blair 2009第5章）；无产业生产的商品（旧货、其他）不计入。关联指数为"
            "Rasmussen–Hirschman指数，平均值归一为1（Miller与Blair第12章）；由里昂惕夫逆矩阵行和得出的前向指数为"
            "传统口径，Ghosh指数为供给侧口径。"))
    else:
        notes.append(Note(
            f"Table: {io['table']}, 10,000 yuan. Intermediate use includes imported inputs (the "
            "table's domestic and imported rows are summed), as the BEA use table does. Linkages: "
            "Rasmussen–Hirschman indices normalised to mean 1 (Miller & Blair 2009 ch. 12).",
            f"数据：国家统计局{io['year']}年全国投入产出表（42部门），单位万元。中间使用包含进口投入（表中国内与进口"
            "两部分相加），与BEA使用表口径一致。关联指数为Rasmussen–Hirschman指数，平均值归一为1"
            "（Miller与Blair 2009第12章）。"))
    return Results(
        title=f"Input-output linkages and key sectors: {io['table']}",
        title_zh=f"投入产出关联与关键部门：{where_zh}",
        tables={"key_sectors": summary, "sectors": sectors, "table": meta},
        summary_table="key_sectors", finding_list=findings, notes=notes, command="io")
