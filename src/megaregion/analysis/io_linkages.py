"""Input–output tables of the store as supplier × buyer coefficient matrices.

Two national tables are in the store (``io_tables``, imported by :mod:`megaregion.io.links`):

* US: BEA summary Make and Use tables 2012–2023 (71 industries, 2017 schema, millions of current
  dollars, after redefinitions by default). The industry × industry transactions are built
  under the industry-technology assumption, Z = D U with D = V diag(q)^-1 (Miller & Blair 2009
  ch. 5; :func:`megaregion.metrics.inputoutput.industry_flows`); industry output g is the make
  table's row sum.
* China: the NBS national table, 42 sectors, 2017, 2018 and 2020 (万元). The 42-sector tables
  split intermediate rows into domestic and imported; by default both are summed (total
  technical coefficients, like the BEA use table, which also includes imported
  commodities); ``origin="domestic"`` keeps the domestic rows only. Output x is the ``TI``
  (total input = total output) row.

:func:`chain_coefficients` maps either table onto the industries of the city employment
data (CBP NAICS codes; GB/T 4754-2002 sections) through the committed crosswalks of
:mod:`megaregion.model.io_crosswalk`: for employment industries c (supplier) and d (buyer)
with IO sectors S_c and S_d, Z_cd = Σ_{i∈S_c} Σ_{j∈S_d} z_ij and x_d = Σ_{j∈S_d} x_j, and
A_cd = Z_cd / x_d (blocks and outputs are summed first, then divided: an output-weighted
average of the sector coefficients, not a plain mean).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from megaregion.errors import MegaregionError
from megaregion.metrics.inputoutput import industry_flows
from megaregion.model.io_crosswalk import CBP_NAICS2_BEA, CN42_SECTION, bea_for_naics
from megaregion.model.sectors import GBT4754_2002_SECTIONS

__all__ = ["io_years", "io_transactions", "chain_coefficients", "US_LEVELS"]

_LEVEL_ZH = {"naics2": "两位数", "naics3": "三位数", "naics4": "四位数", "section": "门类"}

#: Employment levels of the US mapping and the CBP code length of each.
US_LEVELS = {"naics2": 2, "naics3": 3, "naics4": 4}


def _economy(economy: str) -> str:
    e = str(economy).strip().lower()
    if e not in ("us", "cn"):
        raise MegaregionError(f"unknown economy {economy!r}; expected us or cn")
    return e


def io_years(store, economy: str) -> list[int]:
    """Years with an input–output table of ``economy`` in the store (US: use tables; CN: the
    42-sector tables)."""
    e = _economy(economy)
    table = "use" if e == "us" else "%\\_42"
    rows = store.con.execute(
        "SELECT DISTINCT year FROM io_tables WHERE economy = ? AND table_id LIKE ? ESCAPE '\\' "
        "ORDER BY 1", [e, table]).fetchall()
    return [int(r[0]) for r in rows]


def _year(store, e: str, year) -> int:
    years = io_years(store, e)
    if not years:
        raise MegaregionError(
            f"no {e.upper()} input-output table in the store; run `megaregion data import`")
    if year is None:
        return years[-1]
    try:
        y = int(year)
    except (TypeError, ValueError):
        y = None
    if y not in years:
        raise MegaregionError(f"no {e.upper()} input-output table for {year}; the years there are "
                              + ", ".join(str(v) for v in years))
    return y


def _pivot(d: pd.DataFrame) -> pd.DataFrame:
    return d.pivot_table(index="row_code", columns="col_code", values="value", aggfunc="sum",
                         sort=False)


def io_transactions(store, economy: str, year=None, *, variant: str = "after",
                    origin: str = "total") -> dict:
    """Sector × sector transactions Z, outputs x and sector names of one national table.

    Returns a dict with ``Z`` (DataFrame, supplier rows × buyer columns), ``x`` (Series),
    ``label_en`` / ``label_zh`` (Series of sector names; ``label_zh`` is None where the store
    holds no Chinese names), ``year``, ``table`` (e.g. ``BEA summary make/use 2023, after
    redefinitions`` or ``2020_42``) and ``unit``.
    """
    e = _economy(economy)
    y = _year(store, e, year)
    if e == "us":
        if variant not in ("after", "before"):
            raise MegaregionError(f"unknown redefinitions variant {variant!r}; expected after or before")
        d = store.con.execute(
            "SELECT table_id, row_code, row_type, row_label, col_code, col_type, value FROM io_tables "
            "WHERE economy = 'us' AND year = ? AND variant = ? AND table_id IN ('use', 'make')",
            [y, variant]).df()
        use = d[(d["table_id"] == "use") & (d["row_type"] == "commodity") & (d["col_type"] == "industry")]
        make = d[(d["table_id"] == "make") & (d["row_type"] == "industry") & (d["col_type"] == "commodity")]
        U = _pivot(use).fillna(0.0)
        V = _pivot(make).fillna(0.0)
        industries = list(V.index)
        U = U.reindex(columns=industries).fillna(0.0)
        Z = industry_flows(U, V).loc[industries, industries]
        x = V.sum(axis=1).reindex(industries)
        labels = (d[d["table_id"] == "make"].drop_duplicates("row_code")
                  .set_index("row_code")["row_label"].reindex(industries))
        from megaregion.i18n.io_labels import BEA_SUMMARY_ZH
        label_zh = pd.Series([BEA_SUMMARY_ZH.get(c) for c in industries], index=industries)
        return {"Z": Z, "x": x, "label_en": labels, "label_zh": label_zh, "year": y,
                "table": f"BEA summary make/use {y} ({variant} redefinitions)", "unit": "usd_million",
                "economy": e}
    if origin not in ("total", "domestic"):
        raise MegaregionError(f"unknown origin {origin!r}; expected total or domestic")
    tid = f"{y}_42"
    d = store.con.execute(
        "SELECT variant, row_code, row_type, row_label, col_code, col_type, value FROM io_tables "
        "WHERE economy = 'cn' AND table_id = ?", [tid]).df()
    sec = d[(d["row_type"] == "sector") & (d["col_type"] == "sector")]
    if origin == "domestic":
        sec = sec[sec["variant"] == "Domestic"]
    Z = _pivot(sec).fillna(0.0)
    codes = sorted(set(Z.index) | set(Z.columns))
    Z = Z.reindex(index=codes, columns=codes).fillna(0.0)
    ti = d[(d["row_code"] == "TI") & (d["col_type"] == "sector")].groupby("col_code")["value"].sum()
    x = ti.reindex(codes)
    lab = d[d["row_type"] == "sector"].drop_duplicates("row_code").set_index("row_code")["row_label"]
    from megaregion.i18n.io_labels import CN42_ZH
    label_zh = pd.Series([CN42_ZH.get(c) for c in codes], index=codes)
    return {"Z": Z, "x": x, "label_en": lab.reindex(codes), "label_zh": label_zh, "year": y,
            "table": f"NBS national input-output table {y}, 42 sectors ({origin} intermediate use)",
            "table_id": tid, "unit": "cny_10k", "economy": e}


def _aggregate(Z: pd.DataFrame, x: pd.Series, mapping: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """A_cd = Σ_{i∈S_c, j∈S_d} z_ij / Σ_{j∈S_d} x_j; an empty S gives a NaN row and column."""
    codes = list(mapping)
    n = len(codes)
    A = np.full((n, n), np.nan)
    zv = Z.to_numpy(dtype=float)
    pos = {c: k for k, c in enumerate(Z.index)}
    idx = {c: [pos[s] for s in mapping[c] if s in pos] for c in codes}
    xv = x.reindex(Z.columns).to_numpy(dtype=float)
    for b, c in enumerate(codes):
        jb = idx[c]
        if not jb:
            continue
        out = xv[jb].sum()
        for a, s in enumerate(codes):
            ia = idx[s]
            if not ia:
                continue
            A[a, b] = zv[np.ix_(ia, jb)].sum() / out if out > 0 else 0.0
    return pd.DataFrame(A, index=pd.Index(codes, name="supplier"), columns=pd.Index(codes, name="buyer"))


def _store_codes(store, digits: int) -> list[str]:
    if digits == 2:
        cond = "((length(industry) = 2 AND industry <> '00') OR industry LIKE '%-%')"
    else:
        cond = f"length(industry) = {int(digits)} AND industry NOT LIKE '%-%'"
    rows = store.con.execute(
        f"SELECT DISTINCT industry FROM activity WHERE classification = 'naics2017' AND {cond} "
        "ORDER BY 1").fetchall()
    return [r[0] for r in rows]


def chain_coefficients(store, economy: str, year=None, level=None, *, variant: str = "after",
                       origin: str = "total") -> pd.DataFrame:
    """Supplier × buyer technical coefficients on the industries of city employment data.

    Parameters
    ----------
    store : Store
    economy : ``"us"`` or ``"cn"``.
    year : int, optional
        Year of the IO table; default the latest in the store (US 2023, CN 2020). A year without
        a table raises :class:`MegaregionError` listing the years there are.
    level : str, optional
        US: ``"naics2"`` (default; the NAICS sectors of the CBP tables, ``31-33`` style),
        ``"naics3"`` or ``"naics4"`` (every CBP code of that length in the store). CN: only
        ``"section"`` (default; the 19 GB/T 4754-2002 section letters A–S of the city
        employment data).
    variant : BEA redefinitions (``"after"``, default, or ``"before"``). US only.
    origin : ``"total"`` (default) or ``"domestic"`` intermediate use. CN only.

    Returns
    -------
    DataFrame, square, supplier industries (rows) × buyer industries (columns)
        A[i, j] = input from industry i per unit of output of industry j, aggregated from the
        national table as Z_ij / x_j with Z and x summed over the IO sectors mapped to i and j
        (:data:`megaregion.model.io_crosswalk.CBP_NAICS2_BEA`, ``bea_for_naics``,
        ``CN42_SECTION``). At NAICS 3 and 4 digits several codes share one BEA summary industry
        and then get its coefficients (the summary table does not split them). Industries with
        no IO counterpart (US ``99``; any code the crosswalk does not place) are NaN rows and
        columns, never 0, and are listed in the note. ``attrs``: ``economy``, ``year``,
        ``table``, ``level``, ``note_en``, ``note_zh``, ``missing`` (the NaN industries).
    """
    e = _economy(economy)
    io = io_transactions(store, e, year, variant=variant, origin=origin)
    if e == "us":
        level = level or "naics2"
        if level not in US_LEVELS:
            raise MegaregionError(f"unknown level {level!r} for us; expected one of "
                                  + ", ".join(US_LEVELS))
        digits = US_LEVELS[level]
        codes = _store_codes(store, digits) or (list(CBP_NAICS2_BEA) if digits == 2 else [])
        if not codes:
            raise MegaregionError(f"no NAICS codes at {digits} digits in the store; run "
                                  "`megaregion data import`")
        mapping = {c: bea_for_naics(c) for c in codes}
    else:
        level = level or "section"
        if level != "section":
            raise MegaregionError(f"unknown level {level!r} for cn; expected section")
        mapping = {s: tuple(k for k, v in CN42_SECTION.items() if v == s) for s in GBT4754_2002_SECTIONS}
    A = _aggregate(io["Z"], io["x"], mapping)
    missing = [c for c, m in mapping.items() if not [s for s in m if s in io["Z"].index]]
    if e == "us":
        note_en = (f"Technical coefficients from the {io['table']}, industry × industry under the "
                   f"industry-technology assumption, mapped to CBP NAICS codes ({level}) by the "
                   "committed NAICS↔BEA summary crosswalk; blocks of transactions and outputs are "
                   "summed over the mapped BEA industries, then divided. BEA government industries "
                   "and owner-occupied housing have no CBP counterpart and are left out.")
        note_zh = (f"技术系数取自美国经济分析局（BEA）{io['year']}年汇总供给表与使用表"
                   f"（{'重新定义后' if variant == 'after' else '重新定义前'}），按产业技术假定推导产业×产业矩阵，"
                   f"再按项目内的NAICS↔BEA汇总产业对照表映射到县域商业模式（CBP）的NAICS代码（{_LEVEL_ZH[level]}）："
                   "先对所映射BEA产业的交易流量块与总产出求和，再相除。BEA的政府部门与自有住房在CBP中无对应，未纳入。")
    else:
        note_en = (f"Technical coefficients from the {io['table']}, mapped to the 19 GB/T 4754-2002 "
                   "sections of the city employment data by the committed 42-sector→section "
                   "mapping; blocks of transactions and outputs are summed over the mapped "
                   "sectors, then divided. The table's sectors follow GB/T 4754-2011/2017, so a "
                   "few sections are approximate (social security sits with public administration).")
        note_zh = (f"技术系数取自国家统计局{io['year']}年全国投入产出表（42部门，"
                   f"{'含进口的全部中间使用' if origin == 'total' else '仅国内中间使用'}），"
                   "按项目内的42部门→GB/T 4754-2002门类对照映射到城市就业数据的19个门类："
                   "先对所映射部门的交易流量块与总产出求和，再相除。投入产出表部门依据GB/T 4754-2011/2017，"
                   "个别门类为近似对应（社会保障并入公共管理）。")
    if missing:
        note_en += (" No IO counterpart (NaN, not 0): " + ", ".join(missing) + ".")
        note_zh += ("无投入产出对应（记为缺失，不作0）：" + "、".join(
            GBT4754_2002_SECTIONS[c][2] if c in GBT4754_2002_SECTIONS and e == "cn" else c for c in missing) + "。")
    A.attrs.update({"economy": e, "year": io["year"], "table": io["table"], "level": level,
                    "note_en": note_en, "note_zh": note_zh, "missing": missing})
    return A
