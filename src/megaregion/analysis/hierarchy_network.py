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
rises, and polycentricity rises. A signal counts only when it moved by at least
``CHANGE_TOLERANCE`` (0.01; all four lie in [0, 1]) and its printed values differ; the finding
says how many moved towards a network, how many towards a hierarchy and how many did not move.

Direction: statistics that need a link direction (Krackhardt hierarchy and least-upper-
boundedness, reciprocity, tie symmetry, in- and out-degree centralization, in- and
out-strength) are computed only for kinds whose source records a direction
(``Kind.directed``). For the others (high-tech firm links, whose row/column orientation is a
reader convention; computed gravity links) the two orientations are summed into one
undirected link and those statistics are left blank.
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
from megaregion.metrics.gravity import (
    composite_mass,
    distance_floor,
    fit_ppml_gravity,
    gravity_matrix,
    great_circle_km,
    top_pair_share,
)
from megaregion.metrics.inference import check_n_permutations, qap_correlation
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
    directed: bool = True  # False: the source records no direction; direction-based statistics are left out


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
                           "the source does not define the link's direction",
                      directed=False),
    "baidu": Kind("cn", "migration_share", "origin_outflow",
                  ("2020-01-01/2020-01-22", "2020-01-23/2020-03-31"),
                  note="Baidu migration: mean daily share of each city's outflow going to the "
                       "partner, over each date window (shares, not volumes)"),
    "gravity": Kind("both", None, None, (),
                    note="modified gravity model R_ij = K_ij sqrt(P_i G_i) sqrt(P_j G_j) / d_ij^2, "
                         "K_ij = G_i/(G_i+G_j) (China: population x GDP); US: M_i M_j / d_ij^2 with "
                         "M = population (2010, 2019) or Brookings metro jobs (2006, 2011, 2015, 2016; "
                         "100 largest metros only); distances are at least each city's internal distance "
                         "(2/3)sqrt(land area/pi) where the land area is known",
                    directed=False),
}
KIND_ZH = {
    "tech_transfer": "美国都市区间技术转移（Li, Du & Yu 2025），各时期次数",
    "commuting": "美国ACS县际通勤，汇总到2018年都市区（通勤人数）",
    "migration": "美国IRS县际迁移，汇总到2018年都市区（人数）",
    "firm_link": "中国高技术企业城市间联系，三个子行业加总；原数据未界定联系方向",
    "baidu": "百度迁徙：各时间窗内一城市迁出人口流向伙伴城市的日均比例（比例而非规模）",
    "gravity": "修正引力模型R_ij = K_ij·√(P_i·G_i)·√(P_j·G_j)/d_ij²，K_ij = G_i/(G_i+G_j)（中国：人口×GDP）；"
               "美国：M_i·M_j/d_ij²，M为人口（2010、2019年）或布鲁金斯都市区就业（2006、2011、2015、2016年，仅100个最大都市区）；"
               "已知土地面积时，距离不小于各城市的内部距离(2/3)·√(土地面积/π)",
}
KIND_SHORT_ZH = {"tech_transfer": "技术转移", "commuting": "通勤", "migration": "迁移", "firm_link": "高技术企业联系",
                 "baidu": "百度迁徙", "gravity": "引力模型"}
GRAVITY_YEARS = {"cn": ("2010", "2019"), "us": ("2010", "2019")}

#: A change of a "more networked" signal smaller than this (on its 0-1 scale) is no change.
CHANGE_TOLERANCE = 0.01
#: A computed gravity network where one city pair carries more than this share of the total
#: link weight gets a warning note: its node tiers rest largely on that pair.
DOMINANT_PAIR_SHARE = 0.10
#: Statistics that need a link direction; blank for undirected kinds.
DIRECTED_ONLY = ("reciprocity", "tie_symmetry", "hierarchy", "lub", "degree_centralization_in",
                 "degree_centralization_out")


class PermutationCountError(MegaregionError, ValueError):
    """Fewer than one permutation asked for: a ValueError (as the kernels raise) that the
    command line shows as a plain error message."""


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
        used = ind[ind["region_id"].isin(ids) & (ind["year"] == y)
                   & (ind["indicator"].isin(["population_resident", "gdp"]))]
        share = gdp.reindex(ids).to_numpy()
        # land area of the year, else of the nearest year with one (areas change little)
        la = ind[ind["indicator"] == "land_area"].dropna(subset=["value"])
        la = la.assign(gap=(la["year"] - y).abs()).sort_values(["region_id", "gap", "year"])
        area = la.drop_duplicates("region_id").set_index("region_id")["value"].reindex(ids).to_numpy(dtype=float)
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
            used = pop
        else:
            # Years without county population (e.g. 2006, 2016): total jobs of the Brookings
            # Metro Monitor, which covers only the 100 largest metros.
            a = mr.activity
            jobs = a[(a["source"] == "us/brookings_shiftshare") & (a["measure"] == "employees")
                     & (a["industry"] == "TOTAL") & (a["year"] == y)]
            mass_s = jobs.groupby("region_id")["value"].sum()
            used = jobs.assign(indicator="jobs")
        if mass_s.empty:
            raise MegaregionError(f"{mr.group_id}: no US mass for {y}: county population exists for 2010 "
                                  "and 2019, Brookings metro jobs for 2006, 2011, 2015 and 2016")
        ids = [r for r in nodes["region_id"] if r in mass_s.index and mass_s[r] > 0]
        mass = mass_s.reindex(ids).to_numpy()
        share = False
        area = np.full(len(ids), np.nan)  # US land areas are not in the store: no floor
    no_mass = [r for r in nodes["region_id"] if r not in ids and nodes.set_index("region_id").loc[r, "vintage"] != "2018"] \
        if "vintage" in nodes else []
    coords = nodes.set_index("region_id").loc[ids]
    if coords[["lat", "lon"]].isna().any().any():
        missing = coords.index[coords[["lat", "lon"]].isna().any(axis=1)].tolist()
        raise MegaregionError(f"{mr.group_id}: no coordinates for {missing[:5]}; gravity needs them")
    d0 = great_circle_km(coords["lat"].to_numpy(), coords["lon"].to_numpy(), ids=ids)
    d, raised = distance_floor(d0, area)
    G = gravity_matrix(mass, distance=d, share_factor=share, ids=ids)
    G = np.asarray(G, dtype=float)
    o, t = np.nonzero(G)
    out = pd.DataFrame({"origin": np.array(ids)[o], "destination": np.array(ids)[t], "weight": G[o, t]})
    out.attrs["no_mass"] = no_mass
    # the masses' quality (secondary Chinese city panel, Brookings levels estimated from growth)
    flagged = used[used["flag"].notna() & (used["flag"] != "observed")] if "flag" in used else used.iloc[0:0]
    out.attrs["mass_quality"] = [
        {"region_id": r.region_id, "year": int(r.year), "variable": f"gravity mass: {r.indicator}",
         "source": r.source, "flag": r.flag, "detail": "mass of the gravity model"}
        for r in flagged.itertuples()]
    iu = np.triu(raised, 1)
    out.attrs["raised"] = [(ids[i], ids[j], float(d0[i, j]), float(d[i, j])) for i, j in zip(*np.nonzero(iu))]
    out.attrs["area_known"] = bool(np.isfinite(area).any())
    off = ~np.eye(len(ids), dtype=bool)
    k = int(np.argmin(np.where(off, d0, np.inf))) if len(ids) > 1 else 0
    out.attrs["closest"] = (ids[k // len(ids)], ids[k % len(ids)], float(d0.flat[k])) if len(ids) > 1 else None
    return out


def loader_notes(period: str, attrs: dict, names: dict, names_zh: dict) -> list[Note]:
    """What a link loader left out, as notes: members without a gravity mass (every one named)
    and county flows with an end outside any 2018 metro."""
    notes = []
    missing = attrs.get("no_mass")
    if missing:
        listed = ", ".join(_name_of(r, names, names_zh) for r in missing)  # all: none unnamed
        listed_zh = "、".join(_name_of(r, names, names_zh, True) for r in missing)
        notes.append(Note(
            f"{period}: {len(missing)} members have no mass and are not in the gravity network: {listed}",
            f"{period}：{len(missing)}个成员没有质量指标，未进入引力网络：{listed_zh}"))
    if attrs.get("dropped_rows"):
        notes.append(Note(
            f"{period}: {attrs['dropped_rows']} county flows ({attrs['dropped_weight']:,.0f}) have an end "
            "outside any 2018 metro and are not in the metro network.",
            f"{period}：{attrs['dropped_rows']}条县际流动（{attrs['dropped_weight']:,.0f}）有一端不在任何"
            "2018年都市区内，未计入都市区网络。"))
    return notes


def attach_mass_quality(mass_quality, findings: list, notes: list) -> pd.DataFrame:
    """The ``data_quality`` table of a gravity network's masses; every finding gets their flags
    (every gravity link rests on the masses) and ``notes`` a sentence saying so."""
    from megaregion.model.quality import QUALITY_FLAGS, flag_label, quality_table

    dq = quality_table(mass_quality)
    tiers = tuple(f for f in QUALITY_FLAGS if f in set(dq["flag"]))
    for f in findings:
        f.quality = tuple(q for q in QUALITY_FLAGS if q in set(f.quality) | set(tiers))
    notes.append(Note(
        f"Gravity masses: {len(dq)} values are " + "; ".join(flag_label(t) for t in tiers)
        + " (table data_quality); every gravity link and finding rests on them.",
        f"引力模型的质量指标中有{len(dq)}个数值为" + "；".join(flag_label(t, "zh") for t in tiers)
        + "（见`data_quality`表）；所有引力联系和结论均以其为依据。"))
    return dq


def hierarchy_to_network(mr: Megaregion, kind: str = "tech_transfer", periods: list[str] | None = None,
                         *, regions: pd.DataFrame | None = None, n_perm: int = 99, seed: int = 0,
                         tiers: str = "jenks", cp_stop_after: int | None = None) -> Results:
    """Network structure of one group for one kind of link, compared across periods.

    Parameters
    ----------
    mr : the group (load it without a year filter).
    kind : one of :data:`KINDS`.
    periods : period labels of the flows (``'1976-1999'``), date windows for ``baidu``
        (``'2020-01-01/2020-01-22'``), or years for ``gravity``; default: the kind's.
    regions : the canonical regions table (needed for county flows, to map counties to metros).
    n_perm : permutations of the core-periphery test and the QAP correlation between periods,
        at least 1 (:class:`PermutationCountError`, a ValueError, otherwise). p-values are
        ``(k + 1) / (n_perm + 1)`` (Phipson & Smyth 2010), never below ``1 / (n_perm + 1)``.
    seed : random seed (Leiden, permutations).
    tiers : ``jenks`` or ``quantiles`` for the main / central / basic node tiers.
    cp_stop_after : stop the core-periphery test once this many random networks reach the
        observed fit (Besag & Clifford 1991; p = h / l after l networks); ``None`` (default)
        draws all ``n_perm``. The ``networks`` table says how many were drawn (``cp_n_perm``)
        and whether the test stopped early (``cp_stopped_early``).

    Returns
    -------
    Results with tables ``networks`` (one row per period: all structure statistics), ``nodes``
    (per period and node: strengths, centralities, coreness, core/semi-core/periphery, community,
    tier), ``links`` (the weighted links), ``comparison`` (first vs last period), and findings.

    Notes
    -----
    Kinds without a recorded direction (``Kind.directed`` False: firm links, gravity) are
    analysed as undirected graphs (both orientations summed) and the statistics that need a
    direction (:data:`DIRECTED_ONLY`, in/out-strength) are NaN.
    Self-loops (flows within one city) are left out of every statistic. Binary statistics
    (density, reciprocity, Krackhardt's four measures, degree centralization, Borgatti-Everett
    core-periphery) use the links with weight > 0; weighted ones (strength, symmetry, share
    outside the core, polycentricity, PageRank) use the weights. Nodes are the group's units that
    have a link in any compared period, plus the core.
    """
    try:
        n_perm = check_n_permutations(n_perm)
    except ValueError as exc:
        raise PermutationCountError(f"{exc} (the p-values need at least one permutation)") from None
    if cp_stop_after is not None and (isinstance(cp_stop_after, bool) or int(cp_stop_after) != cp_stop_after
                                      or cp_stop_after < 1):
        raise PermutationCountError(f"cp_stop_after must be a whole number >= 1 (random networks at least as "
                                    f"core-periphery as observed before the test stops); got {cp_stop_after!r}")
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

    link_tables, gravity_notes, mass_quality = {}, [], []
    for p in periods:
        if kind == "gravity":
            f = _gravity(mr, p, units)
            gravity_notes.extend(loader_notes(p, f.attrs, names, names_zh))
            gravity_notes.extend(_floor_notes(p, f.attrs, names, names_zh))
            mass_quality += f.attrs.get("mass_quality", [])
        else:
            f = _observed(mr, k, p, regions)
            if f is not None:
                gravity_notes.extend(loader_notes(p, f.attrs, names, names_zh))
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

    directed = k.directed
    mats, net_rows, node_parts, link_parts, dominant = {}, [], [], [], []
    for p in periods:
        t = link_tables[p]
        A, _ = net.adjacency_from_edges(t["origin"], t["destination"], t["weight"], nodes=node_ids)
        A = np.asarray(A, dtype=float)
        if not directed and not np.allclose(A, A.T):
            A = A + A.T  # no direction: one undirected link per pair, both orientations summed
        mats[p] = A
        row, nodes = _measure(A, node_ids, core_idx, n_perm, seed, tiers, directed, cp_stop_after)
        row.update({"period": p, "kind": kind})
        i, j, share = top_pair_share(A)
        row["top_pair"] = f"{node_ids[i]}|{node_ids[j]}" if i >= 0 else None
        row["top_pair_share"] = share
        if i >= 0 and share > DOMINANT_PAIR_SHARE:
            dominant.append((p, node_ids[i], node_ids[j], share))
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
    if dominant:
        def nm(r, zh=False):
            return _name_of(r, names, names_zh, zh)

        gravity_notes.append(Note(
            f"Warning: one city pair carries more than {100 * DOMINANT_PAIR_SHARE:.0f}% of all link weight in "
            + "; ".join(f"{p} ({nm(a)} – {nm(b)}, {100 * sh:.1f}%)" for p, a, b, sh in dominant)
            + ": node strengths, tiers and centralization rest largely on that pair.",
            f"注意：以下时期一对城市占全部联系强度的{100 * DOMINANT_PAIR_SHARE:.0f}%以上："
            + "；".join(f"{p}（{nm(a, True)}—{nm(b, True)}，{100 * sh:.1f}%）" for p, a, b, sh in dominant)
            + "。节点强度、分级和中心势主要由这一对城市决定。"))
    networks = pd.DataFrame(net_rows)
    networks["cp_stopped_early"] = networks["cp_stopped_early"].astype("boolean")
    networks = networks[["period", "kind", "directed"] + [c for c in networks.columns
                                                          if c not in ("period", "kind", "directed")]]
    nodes = pd.concat(node_parts, ignore_index=True)
    links = pd.concat(link_parts, ignore_index=True)
    comparison = _compare(networks, mats, periods, n_perm, seed, directed)
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
    if not directed:
        notes.append(Note(
            "The links have no direction in this source, so both orientations are summed into one undirected "
            "link; statistics that need a direction (Krackhardt hierarchy and least-upper-boundedness, "
            "reciprocity, tie symmetry, in- and out-degree centralization, in- and out-strength) are not computed.",
            "该数据源的联系没有方向，两个方向合并为一条无向联系；需要方向的指标（Krackhardt等级度和最小上界度、"
            "互惠性、联系对称性、入度和出度中心势、流入和流出强度）不予计算。"))
    notes.append(Note(
        f"Permutation p-values are (k + 1) / (n + 1) for k of n = {n_perm} permutations at least as extreme as "
        f"observed (Phipson & Smyth 2010): never below {1 / (n_perm + 1):.3g}.",
        f"置换检验p值按(k + 1)/(n + 1)计算，n = {n_perm}次置换中k次不低于观测值（Phipson & Smyth 2010），"
        f"最小为{1 / (n_perm + 1):.3g}。"))
    if cp_stop_after is not None:
        stopped = networks.loc[networks["cp_stopped_early"].fillna(False).astype(bool), "period"].tolist()
        notes.append(Note(
            f"The core-periphery test stops once {cp_stop_after} random networks reach the observed fit "
            f"(sequential Monte Carlo p-value, Besag & Clifford 1991): then p = {cp_stop_after} / l for the l "
            f"networks drawn (column cp_n_perm), where the full test's p-value would have been at least "
            f"({cp_stop_after} + 1) / ({n_perm} + 1) = {(cp_stop_after + 1) / (n_perm + 1):.3g}; "
            + (f"it stopped early in {', '.join(stopped)} (column cp_stopped_early)." if stopped
               else "it did not stop early in any period."),
            f"核心—边缘检验在{cp_stop_after}个随机网络达到观测拟合度时即停止（序贯蒙特卡洛p值，Besag & Clifford 1991）："
            f"此时p = {cp_stop_after}/已生成的随机网络数（`cp_n_perm`列），而完整检验的p值不会低于"
            f"({cp_stop_after} + 1)/({n_perm} + 1) = {(cp_stop_after + 1) / (n_perm + 1):.3g}；"
            + (f"{'、'.join(stopped)}提前停止（`cp_stopped_early`列）。" if stopped else "各时期均未提前停止。")))
    if kind == "baidu":
        notes.append(Note("2020 Q1 includes the Spring Festival travel rush and the COVID-19 lockdown of "
                          "Wuhan from 23 January 2020: not a typical period.",
                          "2020年第一季度包含春运和2020年1月23日起的武汉封城，不是典型时期。"))
    findings = _findings(mr, networks, nodes, comparison, periods)
    if "gravity_fit" in tables_extra:
        g = tables_extra["gravity_fit"].iloc[0]
        # Pearson r on raw flows well above the rank correlation: a few large pairs carry it
        few = g["corr_observed_predicted"] - g["spearman_observed_predicted"] >= 0.2
        findings.append(Finding(
            f"{g['period']}: PPML gravity with origin and destination effects gives a distance elasticity of "
            f"{g['distance_elasticity']:.2f} (s.e. {g['se']:.2f}); observed and predicted links correlate at "
            f"Pearson r = {g['corr_observed_predicted']:.2f} on the raw flows, "
            f"Spearman ρ = {g['spearman_observed_predicted']:.2f} on ranks over all {int(g['pairs'])} pairs and "
            f"r = {g['corr_log_observed_predicted']:.2f} on logs of the {int(g['positive_pairs'])} positive links"
            + ("; the raw-flow correlation rests on a few large pairs." if few else "."),
            f"{g['period']}：含起讫点固定效应的PPML引力模型距离弹性为{g['distance_elasticity']:.2f}（标准误{g['se']:.2f}），"
            f"实际联系与模型预测的Pearson相关系数r = {g['corr_observed_predicted']:.2f}（原始流量），"
            f"全部{int(g['pairs'])}对的Spearman秩相关ρ = {g['spearman_observed_predicted']:.2f}，"
            f"{int(g['positive_pairs'])}条正联系取对数后r = {g['corr_log_observed_predicted']:.2f}"
            + ("；原始流量的相关主要由少数几对大流量决定。" if few else "。"),
            "gravity_fit", float(g["distance_elasticity"]), column="distance_elasticity",
            where={"period": g["period"]}))
    if mass_quality:  # every gravity link rests on the masses: each finding carries their tiers
        tables_extra["data_quality"] = attach_mass_quality(mass_quality, findings, notes)
    return Results(f"Hierarchy or network: {mr.name}, {kind}",
                   f"等级结构还是网络结构：{mr.name_zh or mr.name}（{KIND_SHORT_ZH.get(kind, kind)}）",
                   {"networks": networks, "nodes": nodes, "links": links, "comparison": comparison, **tables_extra},
                   "networks", findings, notes, command="network")


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
    obs_v, pred_v = pairs.loc[m, "flow"].to_numpy(float), pred[m].to_numpy(float)
    corr = float(np.corrcoef(obs_v, pred_v)[0, 1]) if m.sum() > 2 else np.nan
    # Pearson r on raw flows is driven by the few largest pairs; the rank correlation and the
    # correlation of logs (positive flows only) say whether the fit holds across all pairs.
    from scipy.stats import spearmanr

    rho = float(spearmanr(obs_v, pred_v).statistic) if m.sum() > 2 else np.nan
    pos = (obs_v > 0) & (pred_v > 0)
    log_r = float(np.corrcoef(np.log(obs_v[pos]), np.log(pred_v[pos]))[0, 1]) if pos.sum() > 2 else np.nan
    coef_name = [c for c in res.coef.index if "dist" in c][0]
    fit = pd.DataFrame([{"period": period, "pairs": int(len(pairs)), "n_obs": res.n_obs,
                         "distance_elasticity": float(res.coef[coef_name]), "se": float(res.se[coef_name]),
                         "corr_observed_predicted": corr, "spearman_observed_predicted": rho,
                         "corr_log_observed_predicted": log_r, "positive_pairs": int(pos.sum()),
                         "vcov": res.vcov, "dropped_pairs": len(res.dropped_rows)}])
    return fit, None


def _name_of(r: str, names: dict, names_zh: dict, zh: bool = False) -> str:
    """A unit's name (Chinese where asked and known), else its id; missing names are skipped."""
    for v in ((names_zh.get(r),) if zh else ()) + (names.get(r),):
        if isinstance(v, str) and v:
            return v
    return r


def _floor_notes(period: str, attrs: dict, names: dict, names_zh: dict) -> list[Note]:
    """Notes on the gravity distance floor of one year: which pairs were raised, or that
    no land area was available."""
    def nm(r, zh=False):
        return _name_of(r, names, names_zh, zh)

    raised = attrs.get("raised") or []
    if not attrs.get("area_known"):
        c = attrs.get("closest")
        tail_en = f" The closest pair is {nm(c[0])} – {nm(c[1])} at {c[2]:.1f} km." if c else ""
        tail_zh = f"距离最近的一对为{nm(c[0], True)}—{nm(c[1], True)}，{c[2]:.1f}公里。" if c else ""
        return [Note(f"{period}: no land areas for these units, so gravity distances have no floor.{tail_en}",
                     f"{period}：这些单元没有土地面积数据，引力模型的距离未设下限。{tail_zh}")]
    if not raised:
        return []
    raised = sorted(raised, key=lambda x: x[2])
    ex = raised[:3]
    en = "; ".join(f"{nm(a)} – {nm(b)} {d0:.1f} → {d:.1f} km" for a, b, d0, d in ex)
    zh = "；".join(f"{nm(a, True)}—{nm(b, True)} {d0:.1f} → {d:.1f}公里" for a, b, d0, d in ex)
    more_en = f" (and {len(raised) - 3} more)" if len(raised) > 3 else ""
    more_zh = f"（另有{len(raised) - 3}对）" if len(raised) > 3 else ""
    return [Note(
        f"{period}: {len(raised)} city pairs are closer than a city's internal distance (2/3)·sqrt(land area/π) "
        f"(Head & Mayer 2000); their gravity distance is raised to it: {en}{more_en}.",
        f"{period}：{len(raised)}对城市的中心距离小于城市内部距离(2/3)·√(土地面积/π)（Head & Mayer 2000），"
        f"引力模型中的距离取该内部距离：{zh}{more_zh}。")]


def _measure(A: np.ndarray, ids: list[str], core_idx: list[int], n_perm: int, seed: int, tiers: str,
             directed: bool = True, cp_stop_after: int | None = None):
    """Graph and node statistics of one period. ``directed=False``: ``A`` is symmetric (one
    undirected link per pair, its weight in both cells) and direction-based statistics are NaN.
    ``cp_stop_after``: the core-periphery test's sequential stopping rule
    (:func:`megaregion.metrics.coreperiphery.core_periphery_test`); None: all ``n_perm``."""
    n = len(ids)
    B = (A > 0).astype(float)
    np.fill_diagonal(B, 0)
    Bs = ((B + B.T) > 0).astype(float)
    S = A + A.T
    if directed:
        strength_in, strength_out = net.strength(A, "in"), net.strength(A, "out")
        total = strength_in + strength_out
    else:
        strength_in = strength_out = np.full(n, np.nan)
        total = net.strength(A, directed=False)
    outside = net.share_outside_core(A, core_idx) if core_idx else None
    rs = net.rank_size_slope(total) if (total > 0).sum() >= 3 else None
    links = int(B.sum()) if directed else int(np.triu(Bs, 1).sum())
    nan = float("nan")
    row = {
        "directed": directed,
        "nodes": n, "links": links, "total_weight": float(A.sum() if directed else np.triu(A, 1).sum()),
        "density": net.density(B) if directed else net.density(Bs, directed=False),
        "reciprocity": net.reciprocity(B, "edgewise") if directed and links else nan,
        "tie_symmetry": net.tie_symmetry(A) if directed and links else nan,
        "degree_centralization": net.centralization(B, "degree") if directed
        else net.centralization(Bs, "degree", directed=False),
        "degree_centralization_in": net.centralization(B, "degree", mode="in") if directed else nan,
        "degree_centralization_out": net.centralization(B, "degree", mode="out") if directed else nan,
        "hierarchy": net.hierarchy_krackhardt(B) if directed else nan,
        "connectedness": net.connectedness(B),
        "efficiency": net.efficiency_krackhardt(B) if directed else net.efficiency_krackhardt(Bs, directed=False),
        "lub": net.lub_krackhardt(B) if directed else nan,
        "share_links_outside_core": outside.link_share if outside else np.nan,
        "share_weight_outside_core": outside.weight_share if outside else np.nan,
        "polycentricity": net.polycentricity_green(A, directed=directed),
        "rank_size_slope": rs.slope if rs else np.nan, "rank_size_r2": rs.r_squared if rs else np.nan,
    }
    comm = net.communities_leiden(S, seed=seed) if S.sum() > 0 else None
    row["communities"] = int(len(set(comm.membership))) if comm else np.nan
    row["modularity"] = comm.modularity if comm else np.nan
    row["cp_fit"], row["cp_p_value"], row["cp_n_perm"] = np.nan, np.nan, np.nan
    row["cp_stopped_early"] = pd.NA
    be_core = pd.array([pd.NA] * n, dtype="boolean")
    # A complete (or empty) graph has no core-periphery contrast: the fit is undefined.
    if 0 < net.density(Bs, directed=False) < 1:
        try:
            test = cp.core_periphery_test(Bs, n_permutations=n_perm, seed=seed, stop_after=cp_stop_after)
            if np.isfinite(test.fit):
                row["cp_fit"], row["cp_p_value"] = test.fit, test.p_value
                row["cp_n_perm"], row["cp_stopped_early"] = test.n_permutations, test.stopped_early
                be_core = pd.array(np.asarray(test.partition.core, bool), dtype="boolean")
        except ValueError:
            pass
    minres = cp.coreness_minres(Bs)
    # MINRES coreness c (a_ij ~ c_i c_j) has no upper bound; reported scaled to max 1
    coreness = minres.coreness / minres.coreness.max() if minres.coreness.max() > 0 else minres.coreness
    position = _cp_position(coreness, be_core)
    tier = net.node_tiers(total, method=tiers) if np.unique(total).size >= 3 else None
    nodes = pd.DataFrame({
        "region_id": ids, "strength_in": strength_in, "strength_out": strength_out, "strength": total,
        "degree": net.degree(B, "total") if directed else net.degree(Bs, directed=False),
        "betweenness": net.betweenness(B) if directed else net.betweenness(Bs, directed=False),
        "pagerank": (net.pagerank(A) if directed else net.pagerank(A, directed=False)) if A.sum() > 0 else np.nan,
        "eigenvector": net.eigenvector_centrality(S, scale="max") if S.sum() > 0 else np.nan,
        "coreness": coreness, "be_core": be_core, "cp_position": position,
        "community": comm.membership if comm else -1,
        "tier": tier.labels if tier is not None else "basic",
    })
    row["main_nodes"] = int((nodes["tier"] == "main").sum())
    row["central_nodes"] = int((nodes["tier"] == "central").sum())
    row["basic_nodes"] = int((nodes["tier"] == "basic").sum())
    return row, nodes


def _cp_position(coreness: np.ndarray, be_core) -> np.ndarray:
    """Core / semi-core / periphery, consistent with the Borgatti-Everett partition.

    Where the discrete Borgatti-Everett partition exists (``be_core`` not missing), its core
    nodes are the ``core`` and the other nodes are split by natural breaks (k = 2) of their
    MINRES coreness into ``semi-core`` (upper class) and ``periphery``; so ``cp_position`` is
    ``core`` exactly when ``be_core`` is True. Without the partition (a complete or empty
    graph, where the fit is undefined) the three classes are natural breaks (k = 3) of the
    coreness alone."""
    n = len(coreness)
    known = not pd.isna(be_core).any()
    if not known:
        if np.unique(coreness).size >= 3:
            return cp.core_semicore_periphery(coreness)
        return np.array(["periphery"] * n, dtype=object)
    core = np.asarray(be_core, dtype=bool)
    out = np.where(core, "core", "periphery").astype(object)
    rest = np.flatnonzero(~core)
    if rest.size and np.unique(coreness[rest]).size >= 2:
        two = net.node_tiers(coreness[rest], k=2, labels=("periphery", "semi-core"))
        out[rest] = two.labels
    return out


SIGNALS = [("hierarchy", -1, "Krackhardt hierarchy", "Krackhardt等级度"),
           ("tie_symmetry", +1, "tie symmetry", "联系对称性"),
           ("share_weight_outside_core", +1, "share of link weight not touching the core", "不经过核心城市的联系占比"),
           ("polycentricity", +1, "polycentricity", "多中心性")]


def _moved(a, b) -> bool:
    """A signal moved when it changed by at least CHANGE_TOLERANCE and its printed values
    (three decimals) differ: no change is claimed inside rounding or noise."""
    if pd.isna(a) or pd.isna(b):
        return False
    return abs(b - a) >= CHANGE_TOLERANCE and f"{a:.3f}" != f"{b:.3f}"


def _compare(networks: pd.DataFrame, mats: dict, periods: list[str], n_perm: int, seed: int,
             directed: bool = True) -> pd.DataFrame:
    first, last = networks.iloc[0], networks.iloc[-1]
    rows = []
    for col, sign, en, zh in SIGNALS:
        a, b = first[col], last[col]
        if pd.isna(a) and pd.isna(b):
            continue  # not computed (e.g. a direction-based statistic of an undirected source)
        d = b - a
        moved = _moved(a, b)
        networked = bool(np.sign(d) == sign) if moved else None
        rows.append({"statistic": col, "label": en, "label_zh": zh, "first_period": first["period"],
                     "last_period": last["period"], "first": a, "last": b, "change": d,
                     "more_networked": networked,
                     "direction": ("network" if networked else "hierarchy") if moved else "unchanged"})
    sig = pd.DataFrame(rows)
    if len(sig):
        rows.append({"statistic": "signals", "label": "signals: towards network / towards hierarchy / unchanged",
                     "label_zh": "指标：趋向网络化／趋向等级化／无变化", "first_period": first["period"],
                     "last_period": last["period"], "first": np.nan, "last": np.nan, "change": np.nan,
                     "more_networked": None, "direction": None,
                     "n_network": int((sig["direction"] == "network").sum()),
                     "n_hierarchy": int((sig["direction"] == "hierarchy").sum()),
                     "n_unchanged": int((sig["direction"] == "unchanged").sum())})
    if len(periods) > 1:
        q = qap_correlation(mats[periods[0]], mats[periods[-1]], n_perm=n_perm, seed=seed, directed=directed)
        rows.append({"statistic": "qap_correlation", "label": "QAP correlation of the two networks",
                     "label_zh": "两期网络的QAP相关系数", "first_period": first["period"],
                     "last_period": last["period"], "first": np.nan, "last": np.nan,
                     "change": q.correlation, "more_networked": None, "p_value": q.p_greater,
                     "n_perm": n_perm})
    out = pd.DataFrame(rows)
    for c in ("n_network", "n_hierarchy", "n_unchanged"):
        if c in out:
            out[c] = out[c].astype("Int64")
    return out


def _fmt_p(p: float) -> str:
    """A p-value as printed: two decimals, or one significant digit below 0.01 (so the
    smallest possible value, 1 / (n + 1), never prints as 0)."""
    return f"{p:.2f}" if p >= 0.01 else f"{p:.1g}"


def _findings(mr, networks, nodes, comparison, periods) -> list[Finding]:
    out = []
    last = networks.iloc[-1]
    p = last["period"]
    lastnodes = nodes[nodes["period"] == p].sort_values("strength", ascending=False)
    main = lastnodes[lastnodes["tier"] == "main"]
    central = lastnodes[lastnodes["tier"] == "central"]
    out.append(Finding(
        f"{p}: {len(main)} main node{'' if len(main) == 1 else 's'}: "
        f"{', '.join(main['name'].fillna(main['region_id']).head(6))}"
        f"{' ...' if len(main) > 6 else ''}; "
        f"{len(central)} central and {int(last['basic_nodes'])} basic nodes (natural breaks of link strength).",
        f"{p}：主要节点{len(main)}个：{'、'.join(main['name_zh'].fillna(main['name']).fillna(main['region_id']).head(6))}"
        f"{'等' if len(main) > 6 else ''}；"
        f"中心节点{len(central)}个，基础节点{int(last['basic_nodes'])}个（按联系强度自然断点分级）。",
        "networks", float(len(main)), column="main_nodes", where={"period": p}))
    share_en = (f"{100 * last['share_weight_outside_core']:.1f}% of link weight does not touch the core, "
                if pd.notna(last["share_weight_outside_core"]) else "")
    share_zh = (f"{100 * last['share_weight_outside_core']:.1f}%的联系强度不经过核心城市，"
                if pd.notna(last["share_weight_outside_core"]) else "")
    if last["directed"]:
        out.append(Finding(
            f"{p}: Krackhardt hierarchy {last['hierarchy']:.2f}, tie symmetry {last['tie_symmetry']:.2f}, "
            f"in-degree centralization {last['degree_centralization_in']:.2f}, out-degree centralization "
            f"{last['degree_centralization_out']:.2f}, {share_en}density {last['density']:.2f}, "
            f"polycentricity {last['polycentricity']:.2f}.",
            f"{p}：Krackhardt等级度{last['hierarchy']:.2f}，联系对称性{last['tie_symmetry']:.2f}，"
            f"入度中心势{last['degree_centralization_in']:.2f}，出度中心势{last['degree_centralization_out']:.2f}，"
            f"{share_zh}网络密度{last['density']:.2f}，多中心性{last['polycentricity']:.2f}。",
            "networks", float(last["hierarchy"]), column="hierarchy", where={"period": p}))
    else:
        out.append(Finding(
            f"{p}: density {last['density']:.2f}, degree centralization {last['degree_centralization']:.2f}, "
            f"{share_en}polycentricity {last['polycentricity']:.2f} (links without direction: no hierarchy "
            "or symmetry statistic).",
            f"{p}：网络密度{last['density']:.2f}，度数中心势{last['degree_centralization']:.2f}，"
            f"{share_zh}多中心性{last['polycentricity']:.2f}（联系无方向，不计算等级度和对称性）。",
            "networks", float(last["density"]), column="density", where={"period": p}))
    if pd.notna(last.get("cp_p_value")):
        sig = last["cp_p_value"] < 0.05
        out.append(Finding(
            f"{p}: core-periphery fit {last['cp_fit']:.2f} (p = {_fmt_p(last['cp_p_value'])}, "
            f"{int(last['cp_n_perm'])} degree-preserving random networks): "
            f"{'a core-periphery structure beyond what degrees imply' if sig else 'no core-periphery structure beyond what degrees imply'}.",
            f"{p}：核心—边缘拟合度{last['cp_fit']:.2f}（相对{int(last['cp_n_perm'])}个保持度分布的随机网络，"
            f"p = {_fmt_p(last['cp_p_value'])}），"
            f"{'存在超出度分布所能解释的核心—边缘结构' if sig else '不存在超出度分布所能解释的核心—边缘结构'}。",
            "networks", float(last["cp_fit"]), column="cp_fit", where={"period": p}))
    sigrows = comparison[comparison["statistic"] == "signals"]
    if len(periods) > 1 and len(sigrows):
        t = sigrows.iloc[0]
        n_net, n_hier, n_same = int(t["n_network"]), int(t["n_hierarchy"]), int(t["n_unchanged"])
        sig = comparison[comparison["direction"].isin(["network", "hierarchy", "unchanged"])]

        def listed(direction, lang):
            r = sig[sig["direction"] == direction]
            lab = "label_zh" if lang == "zh" else "label"
            return ("；" if lang == "zh" else "; ").join(
                f"{x[lab]} {x['first']:.3f} → {x['last']:.3f}" for _, x in r.iterrows())

        if n_net == 0 and n_hier == 0:
            out.append(Finding(
                f"From {periods[0]} to {periods[-1]} none of the {n_same} hierarchy/network signals changed by "
                f"{CHANGE_TOLERANCE} or more: {listed('unchanged', 'en')}.",
                f"{periods[0]}至{periods[-1]}，{n_same}项等级/网络化指标的变化均小于{CHANGE_TOLERANCE}："
                f"{listed('unchanged', 'zh')}。",
                "comparison", float(n_same), column="n_unchanged", where={"statistic": "signals"}))
        else:
            verdict = "more networked" if n_net > n_hier else ("more hierarchical" if n_hier > n_net else "mixed")
            verdict_zh = {"more networked": "更趋网络化", "more hierarchical": "更趋等级化", "mixed": "变化方向不一"}[verdict]
            parts_en, parts_zh = [], []
            if n_net:
                parts_en.append(f"towards a network: {listed('network', 'en')}")
                parts_zh.append(f"趋向网络化：{listed('network', 'zh')}")
            if n_hier:
                parts_en.append(f"towards a hierarchy: {listed('hierarchy', 'en')}")
                parts_zh.append(f"趋向等级化：{listed('hierarchy', 'zh')}")
            if n_same:
                parts_en.append(f"no change of {CHANGE_TOLERANCE} or more: {listed('unchanged', 'en')}")
                parts_zh.append(f"变化小于{CHANGE_TOLERANCE}：{listed('unchanged', 'zh')}")
            n_all = n_net + n_hier + n_same
            out.append(Finding(
                f"From {periods[0]} to {periods[-1]} the network became {verdict}: of {n_all} signals, {n_net} point "
                f"towards a network, {n_hier} towards a hierarchy and {n_same} did not change. "
                + ". ".join(p_[0].upper() + p_[1:] for p_ in parts_en) + ".",
                f"{periods[0]}至{periods[-1]}，网络{verdict_zh}：{n_all}项指标中{n_net}项趋向网络化，{n_hier}项趋向等级化，"
                f"{n_same}项无变化。" + "。".join(parts_zh) + "。",
                "comparison", float(n_net), column="n_network", where={"statistic": "signals"}))
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
    parts: dict[str, list[pd.DataFrame]] = {}
    findings, notes = [], []
    for gid, res in results.items():
        for name in ("networks", "comparison", "gravity_fit"):
            if name in res.tables:
                t = res.tables[name].copy()
                t.insert(0, "group_id", gid)
                parts.setdefault(name, []).append(t)
        findings.extend(Finding(f"{gid}: {f.en}", f"{gid}：{f.zh}", f.table, f.value, column=f.column,
                                where={"group_id": gid, **(f.where or {})}, quality=f.quality)
                        for f in res.finding_list)
        notes.extend(Note(f"{gid}: {note_text(x)}", f"{gid}：{note_text(x, 'zh')}") for x in res.notes)
    tables = {name: pd.concat(ts, ignore_index=True) for name, ts in parts.items()}
    return Results("Hierarchy or network: groups compared", "等级结构还是网络结构：城市群比较",
                   tables, "networks", findings, notes)
