"""Does supply-chain complementarity explain links? The division-of-labour test (MRQAP).

For one group and one kind of observed link, the dyads (a, b), a ≠ b, of the group's cities
are regressed (OLS, permutation inference by multiple-regression QAP with Dekker, Krackhardt &
Snijders' 2007 double semi-partialling, :func:`megaregion.metrics.inference.mrqap`) as

    log(1 + y_ab) = β0 + β1 C_ab + β2 R_ab + β3 log d_ab + β4 log m_a + β5 log m_b + ε_ab

* y_ab: the observed flow from a to b (technology transfers, commuters, migrants, high-tech
  firm links, Baidu outflow shares; see :data:`megaregion.analysis.hierarchy_network.KINDS`).
  log(1 + y) because flows are counts or shares with many zeros and a long tail.
* C_ab: supply-chain complementarity (:func:`megaregion.metrics.complementarity.
  supply_chain_complementarity`), Σ_i Σ_j s_a,i a_ij s_b,j with s = max(LQ − 1, 0) the
  specialisation of each city relative to the nation (all US metros of the CBP; all Chinese
  cities of the yearbook) and a_ij the national technical coefficients mapped to the employment
  industries (:func:`megaregion.analysis.io_linkages.chain_coefficients`). For kinds without a
  direction (firm links; Baidu is directed) y and C are symmetrised: y_ab + y_ba and
  C_ab + C_ba, over the unordered pairs.
* R_ab: capability relatedness, the Pearson correlation of the two cities' LQ profiles across
  industries (the centred cosine similarity of their revealed-advantage vectors; Hidalgo et
  al. 2007 define relatedness between products, here between places, as in the structural
  similarity measures of Krugman 1991 and Los 2000). Symmetric.
* d_ab: great-circle distance (km); m_a, m_b: total employment of the two cities (for
  undirected kinds one term, log m_a + log m_b).

Industries unknown (suppressed, unpublished) in any analysed city are left out of LQs,
complementarity and relatedness for all cities (listed in a note), never read as 0; cities
without employment data or coordinates are left out of the test and named.
Standardised betas: β_k · sd(x_k) / sd(y) over the analysed dyads.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from megaregion.analysis.hierarchy_network import KINDS, KIND_SHORT_ZH, _observed
from megaregion.analysis.io_linkages import chain_coefficients, io_years
from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError
from megaregion.metrics.complementarity import supply_chain_complementarity
from megaregion.metrics.gravity import great_circle_km
from megaregion.metrics.inference import check_n_permutations, mrqap
from megaregion.model.megaregion import main_units

__all__ = ["division_of_labour", "fit_division", "DEFAULT_PERIODS", "EMPLOYMENT"]

#: The period of each kind tested by default (the most recent).
DEFAULT_PERIODS = {"tech_transfer": "2000-2023", "commuting": "2009-2013", "migration": "2018-2019",
                   "firm_link": "1998-2008", "baidu": "2020-01-01/2020-01-22"}
#: Employment by industry: (source, classification, years available, default year).
EMPLOYMENT = {"us": ("us/cbp_metro", 2, (2018, 2019), 2019),
              "cn": ("cn/city_employment", None, tuple(range(2003, 2020)), 2019),
              "us-county": ("us/cbp_county", 2, (2017, 2018, 2019, 2020, 2021), 2019),
              # New York State is not in the CBP county file; its counties come from QCEW
              "us-county-ny": ("us/qcew_ny", 2, tuple(range(2000, 2018)), 2017)}
#: Employment year matched to the flows where the data allow (firm links 1998-2008: the
#: sections start in 2003, so 2008, the end of the flow period).
KIND_EMPLOYMENT_YEAR = {"firm_link": 2008}
KIND_EN = {"tech_transfer": "technology transfer", "commuting": "commuting", "migration": "migration",
           "firm_link": "high-tech firm links", "baidu": "Baidu migration"}
TERMS = ["complementarity", "relatedness", "log_distance", "log_mass_origin", "log_mass_destination"]
TERMS_UNDIRECTED = ["complementarity", "relatedness", "log_distance", "log_mass_product"]


def _employment(store, country: str, year: int) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    """All cities' employment by industry (wide, NaN = unknown), their totals, and quality rows.
    ``country``: a key of :data:`EMPLOYMENT` (``us``, ``us-county``, ``cn``)."""
    source, digits, _, _ = EMPLOYMENT[country]
    if country.startswith("us"):
        rows = store.activity_rows(source, "employees", year, digits=2)
        tot = store.con.execute(
            "SELECT region_id, value FROM activity WHERE source = ? AND measure = 'employees' AND year = ? "
            "AND industry = '00'", [source, int(year)]).df().set_index("region_id")["value"]
    else:
        rows = store.con.execute(
            "SELECT region_id, industry, value, flag FROM activity WHERE source = ? AND measure = 'employees' "
            "AND year = ?", [source, int(year)]).df()
        tot = rows[rows["industry"] == "TOTAL"].set_index("region_id")["value"]
        rows = rows[rows["industry"] != "TOTAL"]
    wide = rows.pivot_table(index="region_id", columns="industry", values="value", aggfunc="sum", dropna=False)
    # a cell flagged suppressed, or absent, is unknown
    sup = rows[rows["flag"] == "suppressed"]
    for r in sup.itertuples():
        wide.loc[r.region_id, r.industry] = np.nan
    return wide, tot, rows


def _lq(emp: pd.DataFrame, national: pd.DataFrame) -> pd.DataFrame:
    """LQ_ci = (e_ci / Σ_k e_ck) / (E_i / Σ_k E_k), E = sums over all cities of the nation
    (known cells only), over the industries of ``emp``."""
    nat = national[emp.columns].sum(axis=0, min_count=1)
    share_nat = nat / nat.sum()
    share = emp.div(emp.sum(axis=1), axis=0)
    return share.div(share_nat, axis=1)


def _industry_zh(code: str) -> str:
    """A section letter by its Chinese name (NAICS codes are digits and stay as they are)."""
    from megaregion.model.sectors import GBT4754_2002_SECTIONS

    entry = GBT4754_2002_SECTIONS.get(code)
    return entry[2] if entry else code


def _std_beta(coef, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    sy = y.std(ddof=1)
    return np.array([c * X[:, k].std(ddof=1) / sy if sy > 0 else np.nan for k, c in enumerate(coef)])


def fit_division(Y: np.ndarray, X: dict, directed: bool, n_perm: int = 499, seed: int = 0):
    """OLS of log(1 + Y) on the predictor matrices ``X`` with MRQAP (double semi-partialling)
    p-values; returns the :class:`~megaregion.metrics.inference.MRQAPResult`, the coefficient
    table (``term``, ``coefficient``, ``std_beta``, ``t``, ``p_value``) and the dyad mask
    (off-diagonal if directed, else the lower triangle). Standardised beta:
    β_k · sd(x_k) / sd(y) over the analysed dyads."""
    n = Y.shape[0]
    Yl = np.log1p(np.asarray(Y, dtype=float))
    res = mrqap(Yl, X, n_perm=n_perm, method="dsp", seed=seed, directed=directed)
    mask = ~np.eye(n, dtype=bool) if directed else np.tril(np.ones((n, n), dtype=bool), -1)
    Xmat = np.column_stack([np.ones(mask.sum())] + [np.asarray(v, dtype=float)[mask] for v in X.values()])
    betas = _std_beta(res.coef, Xmat, Yl[mask])
    coef = pd.DataFrame({"term": list(res.names), "coefficient": res.coef, "std_beta": betas,
                         "t": res.statistic, "p_value": res.p_two_sided})
    coef.loc[coef["term"] == "(intercept)", "std_beta"] = np.nan
    coef["term"] = coef["term"].replace({"(intercept)": "intercept"})
    return res, coef, mask


def division_of_labour(store, group: str, kind: str | None = None, year: int | None = None,
                       n_perm: int = 499, seed: int = 0, period: str | None = None,
                       io_year: int | None = None) -> Results:
    """MRQAP of a group's observed links on complementarity, relatedness, distance and mass.

    Parameters
    ----------
    store : Store
    group : group id.
    kind : link kind (US ``tech_transfer`` (default), ``commuting``, ``migration``; China
        ``firm_link`` (default), ``baidu``).
    year : employment year (US CBP metro 2018 or 2019, default 2019; China 2003–2019, default
        2008 for firm links (1998–2008), else 2019).
    n_perm : permutations of the double semi-partialling MRQAP (p = (k+1)/(n_perm+1)).
    seed : random seed.
    period : flow period (default :data:`DEFAULT_PERIODS`).
    io_year : IO table year (default: the latest table not after ``year``, else the earliest).

    Returns
    -------
    Results with tables ``coefficients`` (term, coefficient, std_beta, t, p_value), ``model``
    (n cities and dyads, R², adjusted R², years, tables used), ``dyads`` (every analysed pair
    with its flow and predictors) and ``industries`` (industries used / left out).
    """
    try:
        n_perm = check_n_permutations(n_perm)
    except ValueError as exc:
        raise MegaregionError(f"--permutations: {exc}") from None
    mr = store.group(group)
    country = mr.country
    defaults = {"us": "tech_transfer", "cn": "firm_link"}
    kind = kind or defaults[country]
    county = country == "us" and mr.level == "county"
    allowed = [k for k, v in KINDS.items() if v.country == country and k in DEFAULT_PERIODS
               and not (county and k == "tech_transfer")]
    if kind not in allowed:
        raise MegaregionError(f"unknown kind {kind!r} for {group}; expected one of {', '.join(allowed)}")
    k = KINDS[kind]
    period = period or DEFAULT_PERIODS[kind]
    emp_key = country
    if county:
        ny = main_units(mr.members, mr.level)["region_id"].str.startswith("us:36").all()
        emp_key = "us-county-ny" if ny else "us-county"
    source, _, years, default_year = EMPLOYMENT[emp_key]
    if year is None:
        year = KIND_EMPLOYMENT_YEAR.get(kind, default_year)
    if year not in years:
        raise MegaregionError(f"no employment by industry for {year} in {source}; the years there are "
                              f"{years[0]}-{years[-1]}" if len(years) > 2 else
                              f"no employment by industry for {year} in {source}; the years there are "
                              + ", ".join(map(str, years)))
    tables = io_years(store, country)
    if io_year is None:
        earlier = [t for t in tables if t <= year]
        io_year = earlier[-1] if earlier else (tables[0] if tables else None)
    A = chain_coefficients(store, country, io_year)

    units = main_units(mr.members, mr.level).drop_duplicates("region_id").set_index("region_id")
    names = units["name"].to_dict()
    names_zh = units["name_zh"].fillna(units["name"]).to_dict()
    if county:  # county-level group: the county flows as they are, no aggregation to metros
        f = mr.flows[(mr.flows["kind"] == k.flow_kind) & (mr.flows["period"] == period)]
        if k.category is not None:
            f = f[f["category"] == k.category]
    else:
        regions = store.df("regions") if k.county_level else None
        f = _observed(mr, k, period, regions)
    if f is None or len(f) == 0:
        raise MegaregionError(f"{group}: no {kind} links for {period}")

    wide, tot, rows = _employment(store, emp_key, year)
    national = wide.copy()
    ids = [r for r in units.index if r in wide.index and r in tot.index and tot[r] > 0
           and pd.notna(units.loc[r, "lat"])]
    left_out = [r for r in units.index if r not in ids]
    if len(ids) < 4:
        raise MegaregionError(f"{group}: only {len(ids)} cities have employment by industry for {year}; "
                              "the test needs 4 or more")
    industries = [c for c in wide.columns if c in A.index and not A.loc[c].isna().all()]
    no_io = [c for c in wide.columns if c not in industries]
    emp = wide.loc[ids, industries]
    unknown = [c for c in industries if emp[c].isna().any()]
    industries = [c for c in industries if c not in unknown]
    emp = emp[industries]
    lq = _lq(emp, national[industries])
    spec = (lq - 1).clip(lower=0)
    C = supply_chain_complementarity(spec, A.loc[industries, industries])
    R = lq.T.corr(method="pearson").to_numpy()
    lat, lon = units.loc[ids, "lat"].to_numpy(float), units.loc[ids, "lon"].to_numpy(float)
    D = great_circle_km(lat, lon)
    n = len(ids)
    pos = {r: i for i, r in enumerate(ids)}
    Y = np.zeros((n, n))
    ff = f[f["origin"].isin(pos) & f["destination"].isin(pos) & (f["origin"] != f["destination"])]
    for r in ff.groupby(["origin", "destination"], as_index=False)["weight"].sum().itertuples():
        Y[pos[r.origin], pos[r.destination]] += r.weight
    n_linked = int((Y + Y.T > 0)[np.triu_indices(n, 1)].sum()) if not k.directed else int((Y > 0).sum())
    if n_linked < 5:
        raise MegaregionError(f"{group}: only {n_linked} city pairs have {kind} links for {period}; "
                              "the test needs 5 or more")
    Cm = C.to_numpy(copy=True)
    np.fill_diagonal(Cm, 0.0)
    directed = k.directed
    if not directed:
        Y = Y + Y.T
        Cm = Cm + Cm.T
    np.fill_diagonal(D, 1.0)
    logm = np.log(tot.reindex(ids).to_numpy(float))
    X = {"complementarity": Cm, "relatedness": R, "log_distance": np.log(D)}
    if directed:
        X["log_mass_origin"] = np.repeat(logm[:, None], n, axis=1)
        X["log_mass_destination"] = np.repeat(logm[None, :], n, axis=0)
    else:
        X["log_mass_product"] = logm[:, None] + logm[None, :]
    res, coef, mask = fit_division(Y, X, directed, n_perm=n_perm, seed=seed)
    oi, di = np.nonzero(mask)
    dyads = pd.DataFrame({"origin": [ids[i] for i in oi], "destination": [ids[j] for j in di],
                          "flow": Y[oi, di], "complementarity": Cm[oi, di], "relatedness": R[oi, di],
                          "distance_km": D[oi, di], "employment_origin": np.exp(logm)[oi],
                          "employment_destination": np.exp(logm)[di]})
    cities_t = pd.DataFrame({
        "region_id": ids, "name": [names.get(r, r) for r in ids], "name_zh": [names_zh.get(r, r) for r in ids],
        "employment": np.exp(logm), "complementarity_out": np.nansum(Cm, axis=1) if directed else np.nansum(Cm, axis=1) / 2,
        "complementarity_in": np.nansum(Cm, axis=0) if directed else np.nansum(Cm, axis=0) / 2})
    model = pd.DataFrame([{
        "group_id": group, "kind": kind, "period": period, "directed": directed,
        "cities": n, "dyads": int(res.n_obs), "linked_dyads": int((dyads["flow"] > 0).sum()),
        "r2": res.r2, "adj_r2": res.adj_r2, "n_perm": n_perm, "employment_year": year,
        "io_year": A.attrs["year"], "n_industries": len(industries)}])
    ind_rows = ([{"industry": c, "status": "used"} for c in industries]
                + [{"industry": c, "status": "unknown in a member"} for c in unknown]
                + [{"industry": c, "status": "no input-output counterpart"} for c in no_io])
    industries_t = pd.DataFrame(ind_rows, columns=["industry", "status"])

    quality = ("secondary",) if country == "cn" else ()
    kind_en = KIND_EN[kind]
    kind_zh = KIND_SHORT_ZH.get(kind, kind)
    gname = mr.members["group_name"].iloc[0]
    gname_zh = mr.members["group_name_zh"].iloc[0]
    row = coef.set_index("term").loc["complementarity"]
    b, p = float(row["std_beta"]), float(row["p_value"])
    sig = p < 0.05
    floor = 1 / (n_perm + 1)
    if floor >= 0.05:
        verdict_en = f"cannot be judged with {n_perm} permutations (the smallest possible p is {floor:.3f}); as estimated, it does not clearly explain"
        verdict_zh = f"在{n_perm}次置换下无法判断（可能的最小p值为{floor:.3f}）；按当前估计，不能明确解释"
    elif sig and b > 0:
        verdict_en, verdict_zh = "does explain", "能够解释"
    elif sig and b < 0:
        verdict_en, verdict_zh = "is negatively associated with", "与之显著负相关，不能解释为分工联系"
    else:
        verdict_en, verdict_zh = "does not explain", "不能解释"
    findings = [Finding(
        en=(f"{gname}, {kind_en} ({period}), {n} {'counties' if county else 'cities'}: supply-chain complementarity {verdict_en} "
            f"the links beyond distance, size and relatedness (standardised β = {b:.3f}, "
            f"MRQAP p = {p:.3f}, {n_perm} permutations)."),
        zh=(f"{gname_zh}，{kind_zh}（{period}），{n}个{'县' if county else '城市'}：控制距离、规模与能力相关性后，产业链互补性"
            f"{verdict_zh}城市间联系（标准化β = {b:.3f}，MRQAP p = {p:.3f}，{n_perm}次置换）。"),
        table="coefficients", value=b, column="std_beta", where={"term": "complementarity"},
        quality=quality)]
    rrow = coef.set_index("term").loc["relatedness"]
    rb, rp = float(rrow["std_beta"]), float(rrow["p_value"])
    findings.append(Finding(
        en=(f"Capability relatedness (similar industry profiles): standardised β = {rb:.3f}, p = {rp:.3f}"
            + ("; similar cities are more linked." if rp < 0.05 and rb > 0 else
               "; similar cities are less linked." if rp < 0.05 else "; no significant effect.")),
        zh=(f"能力相关性（产业结构相似）：标准化β = {rb:.3f}，p = {rp:.3f}"
            + ("；结构相似的城市联系更强。" if rp < 0.05 and rb > 0 else
               "；结构相似的城市联系更弱。" if rp < 0.05 else "；无显著影响。")),
        table="coefficients", value=rb, column="std_beta", where={"term": "relatedness"}, quality=quality))
    dl = coef.set_index("term").loc["log_distance"]
    findings.append(Finding(
        en=(f"The model explains R² = {res.r2:.3f} of the variation in log links over {int(res.n_obs)} "
            f"city pairs; distance: standardised β = {float(dl['std_beta']):.3f} (p = {float(dl['p_value']):.3f})."),
        zh=(f"模型解释了{int(res.n_obs)}个城市对的对数联系强度变异的R² = {res.r2:.3f}；距离的标准化β = "
            f"{float(dl['std_beta']):.3f}（p = {float(dl['p_value']):.3f}）。"),
        table="model", value=float(res.r2), column="r2", where={"group_id": group}, quality=quality))

    notes = [Note(
        "Model: log(1 + flow) on supply-chain complementarity `C_ab = Σ_i Σ_j s_ai·a_ij·s_bj` "
        "(`s = max(LQ − 1, 0)`, LQ against the reference area of the employment note; `a_ij` national technical "
        "coefficients), relatedness (Pearson correlation of the two LQ profiles), log distance and "
        "log employment; OLS with MRQAP double semi-partialling p-values (Dekker, Krackhardt & "
        "Snijders 2007), two-sided, (k+1)/(n+1). "
        + ("Directed: the flow's origin is taken as the supplying city." if directed else
           "Undirected: flows and complementarity summed over both directions."),
        "模型：以log(1+联系强度)为因变量，自变量为产业链互补性`C_ab = Σ_i Σ_j s_ai·a_ij·s_bj`"
        "（`s = max(LQ − 1, 0)`，区位商的参照范围见就业说明；`a_ij`为全国直接消耗系数）、能力相关性（两城市区位商结构的"
        "Pearson相关系数）、对数距离和对数就业规模；普通最小二乘估计，p值由MRQAP双重半偏置换（Dekker, Krackhardt与"
        "Snijders 2007）得到，双侧，(k+1)/(n+1)。"
        + ("有向：联系的起点城市视为供给方。" if directed else "无向：联系与互补性均为两个方向之和。")),
        Note(A.attrs["note_en"], A.attrs["note_zh"])]
    if emp_key == "us-county-ny":
        notes.append(Note(
            f"Employment: QCEW county employment {year} of New York State (NAICS sectors; the CBP county "
            "file has no New York counties); LQs against New York State, not the whole nation.",
            f"就业：{year}年纽约州QCEW县域就业（NAICS门类；CBP县域文件不含纽约州各县）；区位商以纽约州为参照，而非全国。"))
    elif county:
        notes.append(Note(
            f"Employment: CBP county employees {year} (NAICS sectors); LQs against the 38 states of the "
            "county file, not the whole nation; a sector absent from a county's rows is unknown, not 0.",
            f"就业：{year}年CBP县域雇员数（NAICS门类）；区位商以县域文件覆盖的38个州为参照，而非全国；"
            "某县缺少某门类的记录时视为未知，不作0处理。"))
    elif country == "us":
        notes.append(Note(
            f"Employment: CBP metro employees {year} (NAICS sectors); establishments' employees, not all jobs; "
            "LQs against all metros of the file.",
            f"就业：{year}年CBP都市区雇员数（NAICS门类）；为机构雇员数，并非全部就业；区位商以文件中全部都市区为参照。"))
    else:
        notes.append(Note(
            f"Employment: urban-unit employment by section {year} (a secondary compilation of the China "
            "City Statistical Yearbook; legal-entity units only); LQs against all cities of the file.",
            f"就业：{year}年分门类城镇单位从业人员（《中国城市统计年鉴》的二手汇编；仅法人单位）；区位商以文件中全部城市为参照。"))
    if unknown:
        notes.append(Note(
            f"Industries left out because their employment is unknown in at least one analysed city "
            f"(not read as 0): {', '.join(unknown)}.",
            f"以下行业在至少一个城市的就业未知（不作0处理），未纳入：{'、'.join(_industry_zh(c) for c in unknown)}。"))
    if left_out:
        notes.append(Note(
            f"{len(left_out)} members without employment by industry for {year} (or coordinates) are not in "
            f"the test: {', '.join(names.get(r, r) for r in left_out)}.",
            f"{len(left_out)}个成员缺少{year}年分行业就业（或坐标），未纳入检验："
            f"{'、'.join(names_zh.get(r, r) for r in left_out)}。"))
    return Results(
        title=f"Division of labour: do supply-chain complementarities explain {kind} links? ({gname})",
        title_zh=f"分工检验：产业链互补性能否解释{kind_zh}联系？（{gname_zh}）",
        tables={"coefficients": coef, "model": model, "cities": cities_t, "dyads": dyads,
                "industries": industries_t},
        summary_table="coefficients", finding_list=findings, notes=notes, command="division")
