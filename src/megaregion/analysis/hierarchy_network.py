"""Hierarchy or network? Main, central and basic nodes; core-periphery; change over time.

The brief's first feature: links between the innovation-centre city and the others change from
a one-way "core - semi-core - periphery" hierarchy to a many-directional network, while cities
still differ in level (main, central and basic nodes). For one group and one kind of link this
workflow builds the network of each period (or year, or date window), measures it with the
statistics researchers know from UCINET and R ``sna``, classifies the nodes, and compares the
periods.

Kinds of link (``KINDS``): observed flows in the store (technology transfer, commuting,
migration, high-tech firm links, Baidu migration shares over date windows) and gravity
networks computed from masses and great-circle distance.

Signals of "more networked" between the first and last period (each reported, then counted):
Krackhardt hierarchy falls, tie symmetry rises, the share of link weight not touching the core
rises, and polycentricity rises.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from megaregion.analysis.results import Finding, Note, Results, note_text
from megaregion.errors import MegaregionError
from megaregion.i18n.values import value_label
from megaregion.metrics import coreperiphery as cp
from megaregion.metrics import network as net
from megaregion.metrics.gravity import composite_mass, fit_ppml_gravity, gravity_matrix, great_circle_km
from megaregion.metrics.inference import qap_correlation
from megaregion.model.megaregion import Megaregion, aggregate_flows


@dataclass(frozen=True)
class Kind:
    """A kind of link: where its flows are, which periods exist, which to compare by default."""

    country: str
    flow_kind: str | None  # kind in the flows table; None for computed (gravity) networks
    category: str | None
    default_periods: tuple[str, ...]
    county_level: bool = False
    note: str = ""


KINDS: dict[str, Kind] = {
    "tech_transfer": Kind("us", "tech_transfer", "intercity",
                          ("1858-1899", "1900-1949", "1950-1975", "1976-1999", "2000-2023"),
                          note="US inter-metro technology transfers (Li, Du & Yu 2025), counts per period"),
    "commuting": Kind("us", "commuting", "workers", ("2009-2013",), county_level=True,
                      note="ACS county-to-county commuting, aggregated to 2018 metros (workers)"),
    "migration": Kind("us", "migration", "exemptions", ("2018-2019",), county_level=True,
                      note="IRS county-to-county migration, aggregated to 2018 metros (persons)"),
    "firm_link": Kind("cn", "firm_link", None, ("1998-2008",),
                      note="links among Chinese high-tech firms, summed over the three subsectors; "
                           "the source does not define the link's direction"),
    "baidu": Kind("cn", "migration_share", "origin_outflow",
                  ("2020-01-01/2020-01-22", "2020-01-23/2020-03-31"),
                  note="Baidu migration: mean daily share of each city's outflow going to the "
                       "partner, over each date window (shares, not volumes)"),
    "gravity": Kind("both", None, None, (),
                    note="modified gravity model R_ij = K_ij sqrt(P_i G_i) sqrt(P_j G_j) / d_ij^2, "
                         "K_ij = G_i/(G_i+G_j) (China: population x GDP); US: M_i M_j / d_ij^2 with "
                         "M = population (2010, 2019) or Brookings metro jobs (2006, 2011, 2015, 2016; "
                         "100 largest metros only)"),
}
KIND_ZH = {
    "tech_transfer": "美国都市区间技术转移（Li, Du & Yu 2025），各时期次数",
    "commuting": "美国ACS县际通勤，汇总到2018年都市区（通勤人数）",
    "migration": "美国IRS县际迁移，汇总到2018年都市区（人数）",
    "firm_link": "中国高技术企业城市间联系，三个子行业加总；原数据未界定联系方向",
    "baidu": "百度迁徙：各时间窗内一城市迁出人口流向伙伴城市的日均比例（比例而非规模）",
    "gravity": "修正引力模型R_ij = K_ij·√(P_i·G_i)·√(P_j·G_j)/d_ij²，K_ij = G_i/(G_i+G_j)（中国：人口×GDP）；"
               "美国：M_i·M_j/d_ij²，M为人口（2010、2019年）或布鲁金斯都市区就业（2006、2011、2015、2016年，仅100个最大都市区）",
}
GRAVITY_YEARS = {"cn": ("2010", "2019"), "us": ("2010", "2019")}


def _observed(mr: Megaregion, kind: Kind, period: str, regions: pd.DataFrame | None) -> pd.DataFrame:
    f = mr.flows
    if kind.flow_kind == "migration_share":
        from megaregion.model.flows import window_mean

        start, _, end = period.partition("/")
        daily = f[f["kind"] == "migration_share"]
        if daily.empty:
            return daily
        return window_mean(daily, start, end or start, share_of=kind.category)
    f = f[(f["kind"] == kind.flow_kind) & (f["period"] == period)]
    if kind.category is not None:
        f = f[f["category"] == kind.category]
    if kind.county_level and len(f):
        f = aggregate_flows(f, regions, to="metro_2018")
    return f


def _gravity(mr: Megaregion, year: str, nodes: pd.DataFrame) -> pd.DataFrame:
    """Gravity links among the units with mass and coordinates in ``year``."""
    y = int(year)
    ind = mr.indicators
    if mr.country == "cn":
        pop = ind[(ind["indicator"] == "population_resident") & (ind["year"] == y)].groupby("region_id")["value"].sum()
        gdp = ind[(ind["indicator"] == "gdp") & (ind["unit"] == "cny_100m") & (ind["year"] == y)].groupby("region_id")["value"].sum()
        ids = [r for r in nodes["region_id"] if r in pop.index and r in gdp.index and pop[r] > 0]
        mass = composite_mass(pop.reindex(ids).to_numpy(), gdp.reindex(ids).to_numpy())
        share = gdp.reindex(ids).to_numpy()
    else:
        counties = mr.members[mr.members["level"] == "county"]
        pop = ind[(ind["indicator"] == "population_estimate") & (ind["year"] == y)
                  & ind["region_id"].isin(counties["region_id"])]
        if len(pop):
            # Counties carry population under their old codes (Connecticut's 8 former counties,
            # which have no 2023 metro): those fall back to their 2018 metro.
            c = counties.set_index("region_id")
            metro = c["metro_2023"].fillna(c["metro_2018"])
            mass_s = pop.assign(metro=pop["region_id"].map(metro)).groupby("metro")["value"].sum()
        else:
            # Years without county population (e.g. 2006, 2016): total jobs of the Brookings
            # Metro Monitor, which covers only the 100 largest metros.
            a = mr.activity
            jobs = a[(a["source"] == "us/brookings_shiftshare") & (a["measure"] == "employees")
                     & (a["industry"] == "TOTAL") & (a["year"] == y)]
            mass_s = jobs.groupby("region_id")["value"].sum()
        if mass_s.empty:
            raise MegaregionError(f"{mr.group_id}: no US mass for {y}: county population exists for 2010 "
                                  "and 2019, Brookings metro jobs for 2006, 2011, 2015 and 2016")
        ids = [r for r in nodes["region_id"] if r in mass_s.index and mass_s[r] > 0]
        mass = mass_s.reindex(ids).to_numpy()
        share = False
    no_mass = [r for r in nodes["region_id"] if r not in ids and nodes.set_index("region_id").loc[r, "vintage"] != "2018"] \
        if "vintage" in nodes else []
    coords = nodes.set_index("region_id").loc[ids]
    if coords[["lat", "lon"]].isna().any().any():
        missing = coords.index[coords[["lat", "lon"]].isna().any(axis=1)].tolist()
        raise MegaregionError(f"{mr.group_id}: no coordinates for {missing[:5]}; gravity needs them")
    d = great_circle_km(coords["lat"].to_numpy(), coords["lon"].to_numpy(), ids=ids)
    G = gravity_matrix(mass, distance=d, share_factor=share, ids=ids)
    G = np.asarray(G, dtype=float)
    o, t = np.nonzero(G)
    out = pd.DataFrame({"origin": np.array(ids)[o], "destination": np.array(ids)[t], "weight": G[o, t]})
    out.attrs["no_mass"] = no_mass
    return out


def hierarchy_to_network(mr: Megaregion, kind: str = "tech_transfer", periods: list[str] | None = None,
                         *, regions: pd.DataFrame | None = None, n_perm: int = 99, seed: int = 0,
                         tiers: str = "jenks") -> Results:
    """Network structure of one group for one kind of link, compared across periods.

    Parameters
    ----------
    mr : the group (load it without a year filter).
    kind : one of :data:`KINDS`.
    periods : period labels of the flows (``'1976-1999'``), date windows for ``baidu``
        (``'2020-01-01/2020-01-22'``), or years for ``gravity``; default: the kind's.
    regions : the canonical regions table (needed for county flows, to map counties to metros).
    n_perm : permutations of the core-periphery test and the QAP correlation between periods.
    seed : random seed (Leiden, permutations).
    tiers : ``jenks`` or ``quantiles`` for the main / central / basic node tiers.

    Returns
    -------
    Results with tables ``networks`` (one row per period: all structure statistics), ``nodes``
    (per period and node: strengths, centralities, coreness, core/semi-core/periphery, community,
    tier), ``links`` (the weighted links), ``comparison`` (first vs last period), and findings.

    Notes
    -----
    Self-loops (flows within one city) are left out of every statistic. Binary statistics
    (density, reciprocity, Krackhardt's four measures, degree centralization, Borgatti-Everett
    core-periphery) use the links with weight > 0; weighted ones (strength, symmetry, share
    outside the core, polycentricity, PageRank) use the weights. Nodes are the group's units that
    have a link in any compared period, plus the core.
    """
    if kind not in KINDS:
        raise MegaregionError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    k = KINDS[kind]
    if k.country not in (mr.country, "both"):
        raise MegaregionError(f"kind {kind!r} has {k.country.upper()} data; {mr.group_id} is in {mr.country.upper()}")
    if kind == "gravity":
        periods = list(periods or GRAVITY_YEARS.get(mr.country, ()))
    else:
        periods = list(periods or k.default_periods)
    if not periods:
        raise MegaregionError(f"no periods given for {kind}")
    if k.county_level and regions is None:
        raise MegaregionError("county flows need the regions table to aggregate to metros")
    units = mr.members[mr.members["level"] == mr.level].drop_duplicates("region_id")
    core_ids = set(units.loc[units["role"] == "core", "region_id"])
    names = units.set_index("region_id")["name"].to_dict()
    names_zh = units.set_index("region_id")["name_zh"].to_dict()

    link_tables, gravity_notes = {}, []
    for p in periods:
        if kind == "gravity":
            f = _gravity(mr, p, units)
            if f.attrs.get("no_mass"):
                missing = f.attrs["no_mass"]
                listed = ", ".join(names.get(r, r) for r in missing[:8]) + (" ..." if len(missing) > 8 else "")
                gravity_notes.append(Note(
                    f"{p}: {len(missing)} members have no mass and are not in the gravity network: {listed}",
                    f"{p}：{len(missing)}个成员没有质量指标，未进入引力网络："
                    + "、".join(z if isinstance(z := names_zh.get(r), str) and z else names.get(r, r)
                               for r in missing[:8])
                    + ("等" if len(missing) > 8 else "")))
        else:
            f = _observed(mr, k, p, regions)
            if f is not None and f.attrs.get("dropped_rows"):
                gravity_notes.append(Note(
                    f"{p}: {f.attrs['dropped_rows']} county flows ({f.attrs['dropped_weight']:,.0f}) have an end "
                    "outside any 2018 metro and are not in the metro network.",
                    f"{p}：{f.attrs['dropped_rows']}条县际流动（{f.attrs['dropped_weight']:,.0f}）有一端不在任何"
                    "2018年都市区内，未计入都市区网络。"))
        if f is None or len(f) == 0:
            raise MegaregionError(f"{mr.group_id}: no {kind} links for {p} (import the data, or check "
                                  f"the period; defaults: {', '.join(k.default_periods) or 'years'})")
        f = f[f["origin"].isin(units["region_id"]) & f["destination"].isin(units["region_id"])]
        f = f[f["origin"] != f["destination"]]
        link_tables[p] = f.groupby(["origin", "destination"], as_index=False)["weight"].sum()
    node_ids = sorted(set().union(*[set(t["origin"]) | set(t["destination"]) for t in link_tables.values()])
                      | (core_ids & set(units["region_id"])))
    if len(node_ids) < 3:
        raise MegaregionError(f"{mr.group_id}: only {len(node_ids)} nodes have {kind} links; a network needs 3 or more")
    core_idx = [i for i, r in enumerate(node_ids) if r in core_ids]

    mats, net_rows, node_parts, link_parts = {}, [], [], []
    for p in periods:
        t = link_tables[p]
        A, _ = net.adjacency_from_edges(t["origin"], t["destination"], t["weight"], nodes=node_ids)
        A = np.asarray(A, dtype=float)
        mats[p] = A
        row, nodes = _measure(A, node_ids, core_idx, n_perm, seed, tiers)
        row.update({"period": p, "kind": kind})
        net_rows.append(row)
        nodes.insert(0, "period", p)
        nodes["name"] = nodes["region_id"].map(names)
        nodes["name_zh"] = nodes["region_id"].map(names_zh)
        nodes["core_member"] = nodes["region_id"].isin(core_ids)
        nodes["lat"] = nodes["region_id"].map(units.set_index("region_id")["lat"])
        nodes["lon"] = nodes["region_id"].map(units.set_index("region_id")["lon"])
        node_parts.append(nodes)
        lt = t.copy()
        lt.insert(0, "period", p)
        link_parts.append(lt)
    networks = pd.DataFrame(net_rows)
    networks = networks[["period", "kind"] + [c for c in networks.columns if c not in ("period", "kind")]]
    nodes = pd.concat(node_parts, ignore_index=True)
    links = pd.concat(link_parts, ignore_index=True)
    comparison = _compare(networks, mats, periods, n_perm, seed)
    notes = [Note(f"Links: {k.note}.", f"联系数据：{KIND_ZH.get(kind, k.note)}。"),
             Note(f"{len(node_ids)} nodes: the group's units with a link in any period, plus the core.",
                  f"共{len(node_ids)}个节点：在任一时期有联系的成员城市，加上核心城市。")]
    notes.extend(gravity_notes)
    tables_extra = {}
    if kind != "gravity":
        fit, note = _gravity_fit(mats[periods[-1]], node_ids, units, periods[-1])
        if fit is not None:
            tables_extra["gravity_fit"] = fit
        if note:
            notes.append(note)
    if kind == "tech_transfer":
        notes.append(Note("Metro codes of the technology-transfer data are of a pre-2023 vintage; the group "
                          "lists 2023 and 2018 metros, so renamed metros appear under their old codes.",
                          "技术转移数据使用2023年以前的都市区代码；城市群成员同时列出2023年和2018年都市区，"
                          "更名的都市区以旧代码出现。"))
    if kind == "baidu":
        notes.append(Note("2020 Q1 includes the Spring Festival travel rush and the COVID-19 lockdown of "
                          "Wuhan from 23 January 2020: not a typical period.",
                          "2020年第一季度包含春运和2020年1月23日起的武汉封城，不是典型时期。"))
    findings = _findings(mr, networks, nodes, comparison, periods)
    if "gravity_fit" in tables_extra:
        g = tables_extra["gravity_fit"].iloc[0]
        findings.append(Finding(
            f"{g['period']}: PPML gravity with origin and destination effects gives a distance elasticity of "
            f"{g['distance_elasticity']:.2f} (s.e. {g['se']:.2f}); observed and predicted links correlate at "
            f"r = {g['corr_observed_predicted']:.2f}.",
            f"{g['period']}：含起讫点固定效应的PPML引力模型距离弹性为{g['distance_elasticity']:.2f}（标准误{g['se']:.2f}），"
            f"实际联系与模型预测的相关系数r = {g['corr_observed_predicted']:.2f}。",
            "gravity_fit", float(g["distance_elasticity"])))
    return Results(f"Hierarchy or network: {mr.name}, {kind}", f"等级结构还是网络结构：{mr.name_zh or mr.name}（{value_label(kind, 'zh')}）",
                   {"networks": networks, "nodes": nodes, "links": links, "comparison": comparison, **tables_extra},
                   "networks", findings, notes)


def _gravity_fit(A: np.ndarray, ids: list[str], units: pd.DataFrame, period: str):
    """PPML gravity (origin and destination effects, log distance) on all ordered pairs of the
    observed network, zeros included, so observed links can be set against predicted ones."""
    coords = units.drop_duplicates("region_id").set_index("region_id").reindex(ids)[["lat", "lon"]]
    ok = coords.notna().all(axis=1).to_numpy()
    if ok.sum() < 4:
        return None, Note("Gravity fit skipped: fewer than 4 nodes have coordinates.",
                          "未估计引力模型：有坐标的节点少于4个。")
    idx = np.flatnonzero(ok)
    sub = A[np.ix_(idx, idx)]
    d = great_circle_km(coords["lat"].to_numpy()[idx], coords["lon"].to_numpy()[idx])
    o, t = np.meshgrid(np.arange(len(idx)), np.arange(len(idx)), indexing="ij")
    off = o != t
    pairs = pd.DataFrame({"origin": o[off], "destination": t[off], "flow": sub[off], "distance": d[off]})
    pairs = pairs[pairs["distance"] > 0]
    import warnings

    try:
        with warnings.catch_warnings():
            # pyfixest warns about pairs removed by separation; they are counted in dropped_pairs
            warnings.filterwarnings("ignore", message=".*removed because of separation.*")
            res = fit_ppml_gravity(pairs, "origin", "destination", "flow", "distance")
    except Exception as exc:  # estimation failure is a result to report, not a crash
        return None, Note(f"Gravity fit failed on {period}: {exc}",
                          f"{period}：引力模型（PPML）估计未能收敛或失败，未报告距离弹性。")
    pred = res.predicted
    m = pred.notna()
    corr = float(np.corrcoef(pairs.loc[m, "flow"], pred[m])[0, 1]) if m.sum() > 2 else np.nan
    coef_name = [c for c in res.coef.index if "dist" in c][0]
    fit = pd.DataFrame([{"period": period, "pairs": int(len(pairs)), "n_obs": res.n_obs,
                         "distance_elasticity": float(res.coef[coef_name]), "se": float(res.se[coef_name]),
                         "corr_observed_predicted": corr, "vcov": res.vcov,
                         "dropped_pairs": len(res.dropped_rows)}])
    return fit, None


def _measure(A: np.ndarray, ids: list[str], core_idx: list[int], n_perm: int, seed: int, tiers: str):
    n = len(ids)
    B = (A > 0).astype(float)
    np.fill_diagonal(B, 0)
    S = A + A.T
    strength_in, strength_out = net.strength(A, "in"), net.strength(A, "out")
    total = strength_in + strength_out
    outside = net.share_outside_core(A, core_idx) if core_idx else None
    rs = net.rank_size_slope(total) if (total > 0).sum() >= 3 else None
    links = int(B.sum())
    row = {
        "nodes": n, "links": links, "total_weight": float(A.sum()),
        "density": net.density(B), "reciprocity": net.reciprocity(B, "edgewise") if links else np.nan,
        "tie_symmetry": net.tie_symmetry(A) if links else np.nan,
        "degree_centralization": net.centralization(B, "degree"),
        "hierarchy": net.hierarchy_krackhardt(B), "connectedness": net.connectedness(B),
        "efficiency": net.efficiency_krackhardt(B), "lub": net.lub_krackhardt(B),
        "share_links_outside_core": outside.link_share if outside else np.nan,
        "share_weight_outside_core": outside.weight_share if outside else np.nan,
        "polycentricity": net.polycentricity_green(A),
        "rank_size_slope": rs.slope if rs else np.nan, "rank_size_r2": rs.r_squared if rs else np.nan,
    }
    comm = net.communities_leiden(S, seed=seed) if S.sum() > 0 else None
    row["communities"] = int(len(set(comm.membership))) if comm else np.nan
    row["modularity"] = comm.modularity if comm else np.nan
    Bs = ((B + B.T) > 0).astype(float)
    row["cp_fit"], row["cp_p_value"], cp_core = np.nan, np.nan, np.zeros(n, bool)
    # A complete (or empty) graph has no core-periphery contrast: the fit is undefined.
    if 0 < net.density(Bs, directed=False) < 1:
        try:
            test = cp.core_periphery_test(Bs, n_permutations=n_perm, seed=seed)
            if np.isfinite(test.fit):
                row["cp_fit"], row["cp_p_value"] = test.fit, test.p_value
                cp_core = test.partition.core
        except ValueError:
            pass
    minres = cp.coreness_minres(Bs)
    coreness = minres.coreness
    three = cp.core_semicore_periphery(coreness) if np.unique(coreness).size >= 3 else np.array(["periphery"] * n, dtype=object)
    tier = net.node_tiers(total, method=tiers) if np.unique(total).size >= 3 else None
    nodes = pd.DataFrame({
        "region_id": ids, "strength_in": strength_in, "strength_out": strength_out, "strength": total,
        "degree": net.degree(B, "total"), "betweenness": net.betweenness(B),
        "pagerank": net.pagerank(A) if A.sum() > 0 else np.nan,
        "eigenvector": net.eigenvector_centrality(S, scale="max") if S.sum() > 0 else np.nan,
        "coreness": coreness, "be_core": np.asarray(cp_core, bool), "cp_position": three,
        "community": comm.membership if comm else -1,
        "tier": tier.labels if tier is not None else "basic",
    })
    row["main_nodes"] = int((nodes["tier"] == "main").sum())
    row["central_nodes"] = int((nodes["tier"] == "central").sum())
    row["basic_nodes"] = int((nodes["tier"] == "basic").sum())
    return row, nodes


SIGNALS = [("hierarchy", -1, "Krackhardt hierarchy", "Krackhardt等级度"),
           ("tie_symmetry", +1, "tie symmetry", "联系对称性"),
           ("share_weight_outside_core", +1, "share of link weight not touching the core", "不经过核心城市的联系占比"),
           ("polycentricity", +1, "polycentricity", "多中心性")]


def _compare(networks: pd.DataFrame, mats: dict, periods: list[str], n_perm: int, seed: int) -> pd.DataFrame:
    first, last = networks.iloc[0], networks.iloc[-1]
    rows = []
    for col, sign, en, zh in SIGNALS:
        a, b = first[col], last[col]
        d = b - a
        # A change under 1% of the larger value is read as no change: not counted as a signal.
        moved = pd.notna(d) and abs(d) > 0.01 * max(abs(a), abs(b)) and abs(d) > 1e-12
        networked = bool(np.sign(d) == sign) if moved else None
        rows.append({"statistic": col, "label": en, "label_zh": zh, "first_period": first["period"],
                     "last_period": last["period"], "first": a, "last": b, "change": d,
                     "more_networked": networked})
    if len(periods) > 1:
        q = qap_correlation(mats[periods[0]], mats[periods[-1]], n_perm=max(n_perm, 99), seed=seed)
        rows.append({"statistic": "qap_correlation", "label": "QAP correlation of the two networks",
                     "label_zh": "两期网络的QAP相关系数", "first_period": first["period"],
                     "last_period": last["period"], "first": np.nan, "last": np.nan,
                     "change": q.correlation, "more_networked": None, "p_value": q.p_greater})
    return pd.DataFrame(rows)


def _findings(mr, networks, nodes, comparison, periods) -> list[Finding]:
    out = []
    last = networks.iloc[-1]
    p = last["period"]
    lastnodes = nodes[nodes["period"] == p].sort_values("strength", ascending=False)
    main = lastnodes[lastnodes["tier"] == "main"]
    central = lastnodes[lastnodes["tier"] == "central"]
    out.append(Finding(
        f"{p}: main nodes {', '.join(main['name'].fillna(main['region_id']).head(6))}; "
        f"{len(central)} central and {int(last['basic_nodes'])} basic nodes (natural breaks of link strength).",
        f"{p}：主要节点为{'、'.join(main['name_zh'].fillna(main['name']).fillna(main['region_id']).head(6))}；"
        f"中心节点{len(central)}个，基础节点{int(last['basic_nodes'])}个（按联系强度自然断点分级）。",
        "nodes", float(len(main))))
    out.append(Finding(
        f"{p}: Krackhardt hierarchy {last['hierarchy']:.2f}, tie symmetry {last['tie_symmetry']:.2f}, "
        f"{100 * last['share_weight_outside_core']:.1f}% of link weight does not touch the core, "
        f"density {last['density']:.2f}.",
        f"{p}：Krackhardt等级度{last['hierarchy']:.2f}，联系对称性{last['tie_symmetry']:.2f}，"
        f"{100 * last['share_weight_outside_core']:.1f}%的联系强度不经过核心城市，网络密度{last['density']:.2f}。",
        "networks", float(last["hierarchy"])))
    if pd.notna(last.get("cp_p_value")):
        sig = last["cp_p_value"] < 0.05
        out.append(Finding(
            f"{p}: core-periphery fit {last['cp_fit']:.2f} (p = {last['cp_p_value']:.2f} against degree-preserving "
            f"random networks): {'a core-periphery structure beyond what degrees imply' if sig else 'no core-periphery structure beyond what degrees imply'}.",
            f"{p}：核心—边缘拟合度{last['cp_fit']:.2f}（相对保持度分布的随机网络p = {last['cp_p_value']:.2f}），"
            f"{'存在超出度分布所能解释的核心—边缘结构' if sig else '不存在超出度分布所能解释的核心—边缘结构'}。",
            "networks", float(last["cp_fit"])))
    if len(periods) > 1 and comparison["more_networked"].notna().any():
        sig = comparison[comparison["more_networked"].notna()]
        votes = int(sig["more_networked"].astype(bool).sum())
        verdict_en = "more networked" if votes > len(sig) / 2 else ("more hierarchical" if votes < len(sig) / 2 else "mixed")
        verdict_zh = {"more networked": "更趋网络化", "more hierarchical": "更趋等级化", "mixed": "变化方向不一"}[verdict_en]
        detail_en = "; ".join(f"{r['label']} {r['first']:.3f} → {r['last']:.3f}" for _, r in sig.iterrows())
        detail_zh = "；".join(f"{r['label_zh']} {r['first']:.3f} → {r['last']:.3f}" for _, r in sig.iterrows())
        out.append(Finding(
            f"From {periods[0]} to {periods[-1]} the network became {verdict_en} ({votes} of {len(sig)} signals): {detail_en}.",
            f"{periods[0]}至{periods[-1]}，网络{verdict_zh}（{len(sig)}项指标中{votes}项指向网络化）：{detail_zh}。",
            "comparison", float(votes)))
    elif len(periods) > 1:
        out.append(Finding(
            f"From {periods[0]} to {periods[-1]} none of the hierarchy/network signals changed by more than 1%.",
            f"{periods[0]}至{periods[-1]}，各项等级/网络化指标变化均不足1%。", "comparison", 0.0))
    return out


GRAPH_SUFFIXES = (".gexf", ".graphml", ".net", ".dl", ".geojson")


def write_network(results: Results, path, period: str | None = None, directed: bool = True):
    """Write one period's network of a :func:`hierarchy_to_network` result for Gephi, Pajek,
    UCINET or GIS, by the file suffix (.gexf, .graphml, .net, .dl, .geojson)."""
    from pathlib import Path

    from megaregion.io import graph_formats as gf

    path = Path(path)
    nodes, links = results.tables["nodes"], results.tables["links"]
    period = period or results.tables["networks"]["period"].iloc[-1]
    n = nodes[nodes["period"] == period].drop(columns=["period"]).rename(columns={"region_id": "id"})
    e = links[links["period"] == period].rename(columns={"origin": "source", "destination": "target"})[["source", "target", "weight"]]
    n = n.assign(name=n["name"].fillna(n["id"]), name_zh=n["name_zh"].fillna(""))
    suffix = path.suffix.lower()
    if suffix == ".gexf":
        return gf.write_gexf(path, n, e, directed=directed)
    if suffix == ".graphml":
        return gf.write_graphml(path, n, e, directed=directed)
    if suffix == ".net":
        return gf.write_pajek(path, n, e, directed=directed)
    if suffix == ".dl":
        return gf.write_ucinet_dl(path, n, e, directed=directed)
    if suffix == ".geojson":
        return gf.write_geojson(path, n, e)
    raise MegaregionError(f"cannot write {path.name}: use one of {', '.join(GRAPH_SUFFIXES)}")


def compare_groups(results: dict[str, Results]) -> Results:
    """Side-by-side network statistics of several groups (e.g. a US megaregion and a Chinese
    cluster), one row per group and period, with every group's findings."""
    rows, findings, notes = [], [], []
    for gid, res in results.items():
        n = res.tables["networks"].copy()
        n.insert(0, "group_id", gid)
        rows.append(n)
        findings.extend(Finding(f"{gid}: {f.en}", f"{gid}：{f.zh}", "networks", f.value) for f in res.finding_list)
        notes.extend(Note(f"{gid}: {note_text(x)}", f"{gid}：{note_text(x, 'zh')}") for x in res.notes)
    table = pd.concat(rows, ignore_index=True)
    return Results("Hierarchy or network: groups compared", "等级结构还是网络结构：城市群比较",
                   {"networks": table}, "networks", findings, notes)
