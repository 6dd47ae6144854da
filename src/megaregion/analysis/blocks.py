"""Block models of a group's city network: CONCOR or structural equivalence, densities, positions.

The analysis the Chinese urban-network literature uses beside Borgatti-Everett core-periphery:
partition the cities into blocks of structurally similar cities (CONCOR, Breiger, Boorman &
Arabie 1975; or hierarchical clustering of profile distances, Burt 1976), summarise the ties
between blocks in a density table and an image matrix (alpha = the network's density), and
name each block's position: core, semi-core, semi-periphery or periphery (ranked by the
density of all ties touching the block, :func:`megaregion.metrics.blockmodel.positions`),
with Burt's (1976) role beside it.

The networks are those of ``megaregion network`` (:mod:`megaregion.analysis.hierarchy_network`):
observed flows (US technology transfer, commuting, migration; Chinese high-tech firm links,
Baidu migration shares) and computed gravity networks, one period (or year, or date window) at
a time. Kinds without a recorded direction (firm links, gravity) are analysed undirected.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from megaregion.analysis.hierarchy_network import (
    GRAVITY_YEARS,
    KIND_SHORT_ZH,
    KIND_ZH,
    KINDS,
    _floor_notes,
    _gravity,
    _name_of,
    _observed,
    loader_notes,
)
from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError
from megaregion.metrics import blockmodel as bm
from megaregion.metrics import network as net

METHODS = ("concor", "se")
TIES = ("valued", "binary", "row_mean")
DISTANCES = ("euclidean", "correlation")
LINKAGES = ("average", "complete", "single", "ward")
CONCOR_BLOCKS = (2, 4, 8, 16)
#: How many member names a finding prints before "..." (the tables hold all).
NAMES_SHOWN = 8

TIES_ZH = {"valued": "按联系强度（赋值）", "binary": "按有无联系（二值）",
           "row_mean": "按行均值二值化（联系强度不低于该城市对其他城市的平均值记为1）"}


def _check_options(kind, method, n_blocks, ties, distance, linkage):
    if kind not in KINDS:
        raise MegaregionError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    if method not in METHODS:
        raise MegaregionError(f"--method {method!r}: use concor or se")
    if ties not in TIES:
        raise MegaregionError(f"--ties {ties!r}: use valued, binary or row_mean")
    if distance not in DISTANCES:
        raise MegaregionError(f"--distance {distance!r}: use euclidean or correlation")
    if linkage not in LINKAGES:
        raise MegaregionError(f"--linkage {linkage!r}: use average, complete, single or ward")
    if method == "concor" and n_blocks not in CONCOR_BLOCKS:
        raise MegaregionError(f"--blocks {n_blocks}: CONCOR splits every block in two, so use 2, 4, 8 or 16")
    if method == "se" and n_blocks < 2:
        raise MegaregionError(f"--blocks {n_blocks}: use 2 or more")


def _links(mr, kind: str, period: str, units: pd.DataFrame, regions, names, names_zh):
    """The link table (origin, destination, weight) of one period among the group's units,
    without self-loops, and the notes the loader raised."""
    k = KINDS[kind]
    notes, quality = [], []
    if kind == "gravity":
        f = _gravity(mr, period, units)
        notes.extend(loader_notes(period, f.attrs, names, names_zh))
        notes.extend(_floor_notes(period, f.attrs, names, names_zh))
        quality = f.attrs.get("mass_quality", [])
    else:
        f = _observed(mr, k, period, regions)
        if f is not None:
            notes.extend(loader_notes(period, f.attrs, names, names_zh))
    if f is None or len(f) == 0:
        known = GRAVITY_YEARS.get(mr.country, ()) if kind == "gravity" else k.default_periods
        raise MegaregionError(f"{mr.group_id}: no {kind} links for {period} (import the data, or check "
                              f"the period; defaults: {', '.join(known)})")
    f = f[f["origin"].isin(units["region_id"]) & f["destination"].isin(units["region_id"])]
    f = f[f["origin"] != f["destination"]]
    return f.groupby(["origin", "destination"], as_index=False)["weight"].sum(), notes, quality


def _tie_matrix(A: np.ndarray, ties: str) -> np.ndarray:
    """The ties the block model reads: values, presence, or presence at or above the row's
    mean over the other cities (the sender's average link)."""
    if ties == "valued":
        return A
    if ties == "binary":
        return (A > 0).astype(float)
    n = A.shape[0]
    off = ~np.eye(n, dtype=bool)
    mean = (A * off).sum(axis=1, keepdims=True) / max(n - 1, 1)
    return ((A >= mean) & (A > 0) & off).astype(float)


def default_period(mr, kind: str) -> str:
    """The kind's latest period (gravity: the latest year with masses)."""
    k = KINDS[kind]
    if kind == "gravity":
        return GRAVITY_YEARS.get(mr.country, ("2019",))[-1]
    return k.default_periods[-1]


def block_model(store, group: str, kind: str = "tech_transfer", period: str | int | None = None, *,
                method: str = "concor", n_blocks: int = 4, ties: str | None = None,
                distance: str = "correlation", linkage: str = "average", max_iter: int = 50) -> Results:
    """Block model of one group's network of one kind in one period.

    Parameters
    ----------
    store : the store (``store.group(group)``, ``store.df("regions")``).
    group : group id, e.g. ``cn-yrd-2016``.
    kind : a kind of :data:`megaregion.analysis.hierarchy_network.KINDS`.
    period : period of the flows (``'2000-2023'``), Baidu date window
        (``'2020-01-23/2020-03-31'``) or gravity year; default: the kind's latest.
    method : ``"concor"`` (:func:`~megaregion.metrics.blockmodel.concor`, ``n_blocks`` a power of
        two: ``log2(n_blocks)`` rounds of splits) or ``"se"`` (hierarchical clustering of
        structural-equivalence distances, :func:`~megaregion.metrics.blockmodel.structural_equivalence`).
    n_blocks : blocks wanted (CONCOR: 2, 4, 8 or 16; fewer where a block cannot split).
    ties : ``"valued"`` (link values), ``"binary"`` (a link > 0) or ``"row_mean"`` (1 where a
        link is at least the sender's mean link to the other cities; always directed). Default:
        ``row_mean`` for gravity (every pair has a gravity link, and the values span orders of
        magnitude: the convention of the Chinese modified-gravity network studies), ``valued``
        for observed flows.
    distance, linkage : for ``method="se"``; default correlation distance (1 - r), which
        compares the pattern of a city's ties rather than their size (Euclidean distance on
        heavy-tailed flows sets each large city apart on its own).

    Returns
    -------
    Results with tables ``network`` (one row: the run), ``blocks`` (per block: position, Burt
    role, size, members, densities), ``membership`` (per city: block, position, densities of
    its ties), ``densities`` (per ordered block pair: density and image), ``splits`` (CONCOR
    split tree), ``links`` (the tie matrix analysed: origin, destination, tie value, nonzero
    cells; one row per pair when undirected) and findings in English and Chinese.
    """
    if ties is None:
        ties = "row_mean" if kind == "gravity" else "valued"
    _check_options(kind, method, n_blocks, ties, distance, linkage)
    mr = store.group(group)
    k = KINDS[kind]
    if k.country not in (mr.country, "both"):
        raise MegaregionError(f"kind {kind!r} has {k.country.upper()} data; {mr.group_id} is in {mr.country.upper()}")
    period = str(period) if period is not None else default_period(mr, kind)
    regions = store.df("regions") if k.county_level else None
    units = mr.members[mr.members["level"] == mr.level].drop_duplicates("region_id")
    names = units.set_index("region_id")["name"].to_dict()
    names_zh = units.set_index("region_id")["name_zh"].to_dict()
    links, notes, mass_quality = _links(mr, kind, period, units, regions, names, names_zh)
    ids = sorted(set(links["origin"]) | set(links["destination"]))
    if len(ids) < n_blocks or len(ids) < 3:
        raise MegaregionError(f"{mr.group_id}: only {len(ids)} cities have {kind} links in {period}; "
                              f"{max(n_blocks, 3)} or more are needed for {n_blocks} blocks")
    A, _ = net.adjacency_from_edges(links["origin"], links["destination"], links["weight"], nodes=ids)
    A = np.asarray(A, dtype=float)
    np.fill_diagonal(A, 0.0)
    directed = k.directed
    if not directed and not np.allclose(A, A.T):
        A = A + A.T  # no direction: one undirected link per pair, both orientations summed
    T = _tie_matrix(A, ties)
    if ties == "row_mean":
        directed = True  # a city's own mean decides: the cut-off differs by sender
    valued = ties == "valued"

    splits = []
    if method == "concor":
        res = bm.concor(T, n_splits=int(np.log2(n_blocks)), directed=directed, max_iter=max_iter)
        raw, splits = res.partition, res.splits
    else:
        raw = bm.structural_equivalence(T, k=n_blocks, directed=directed, metric=distance,
                                        method=linkage).partition
    pos0 = bm.positions(T, raw, valued=valued)
    # blocks numbered by rank: block 1 is the best-connected
    relabel = pos0.rank[raw]
    pos = bm.positions(T, relabel, valued=valued)
    dens = bm.block_densities(T, relabel, valued=valued)
    alpha = bm.network_density(T, valued=valued)
    image = bm.image_matrix(dens, alpha)
    B = dens.shape[0]

    def nm(r, zh=False):
        return _name_of(r, names, names_zh, zh)

    strength = T.sum(axis=1) + T.sum(axis=0) if directed else T.sum(axis=1)
    membership = pd.DataFrame({
        "region_id": ids, "name": [names.get(r) for r in ids], "name_zh": [names_zh.get(r) for r in ids],
        "block": relabel + 1, "position": pos.position[relabel], "burt_role": pos.burt_role[relabel],
        "strength": strength,
        "out_density": T.sum(axis=1) / (len(ids) - 1) if directed else np.nan,
        "in_density": T.sum(axis=0) / (len(ids) - 1) if directed else np.nan,
        "tie_density": (T.sum(axis=1) + T.sum(axis=0)) / (2 * (len(ids) - 1)),
    }).sort_values(["block", "strength"], ascending=[True, False]).reset_index(drop=True)
    membership["rank_in_network"] = membership["strength"].rank(ascending=False, method="min").astype(int)

    rows = []
    for b in range(B):
        m = membership[membership["block"] == b + 1]
        rows.append({
            "block": b + 1, "position": pos.position[b], "burt_role": pos.burt_role[b], "size": len(m),
            "members": "; ".join(nm(r) for r in m["region_id"]),
            "members_zh": "、".join(nm(r, True) for r in m["region_id"]),
            "incident_density": pos.incident_density[b], "internal_density": pos.internal_density[b],
            "out_density": pos.out_density[b] if directed else np.nan,
            "in_density": pos.in_density[b] if directed else np.nan,
            "external_density": (pos.out_density[b] + pos.in_density[b]) / 2,
            "internal_image": int(image[b, b]),
            "within_share": pos.within_share[b], "expected_within": pos.expected_within[b],
            "received_from_outside": pos.received_outside[b],
        })
    blocks = pd.DataFrame(rows)
    densities = pd.DataFrame([{"from_block": r + 1, "to_block": s + 1, "from_position": pos.position[r],
                               "to_position": pos.position[s], "density": dens[r, s], "image": int(image[r, s])}
                              for r in range(B) for s in range(B)])
    network = pd.DataFrame([{
        "group_id": mr.group_id, "period": period, "kind": kind, "directed": directed, "method": method,
        "ties": ties, "distance": distance if method == "se" else None,
        "linkage": linkage if method == "se" else None, "nodes": len(ids), "blocks": B,
        "density": alpha, "dense_block_pairs": int(image.sum()),
        "dense_inside": int(np.trace(image)), "dense_between": int(image.sum() - np.trace(image)),
        "image_pattern": image_pattern(image),
        "core_size": int(blocks.loc[blocks["position"] == "core", "size"].sum()),
    }])
    tables = {"network": network, "blocks": blocks, "membership": membership, "densities": densities}
    if splits:
        tables["splits"] = pd.DataFrame([{
            "depth": s.depth, "size": len(s.nodes),
            "left": "; ".join(nm(ids[i]) for i in s.left), "left_zh": "、".join(nm(ids[i], True) for i in s.left),
            "right": "; ".join(nm(ids[i]) for i in s.right), "right_zh": "、".join(nm(ids[i], True) for i in s.right),
            "iterations": s.iterations, "converged": s.converged} for s in splits])
    # The tie matrix the blocks were found in (value per ordered pair; one row per pair when
    # undirected), so that a figure can draw the adjacency ordered by block.
    nz = np.nonzero(T if directed else np.triu(T, 1))
    tables["links"] = pd.DataFrame({"origin": [ids[i] for i in nz[0]], "destination": [ids[j] for j in nz[1]],
                                    "weight": T[nz]})

    notes = [Note(f"Links: {k.note}.", f"联系数据：{KIND_ZH.get(kind, k.note)}。")] + notes
    left_out = [r for r in units["region_id"] if r not in set(ids)]
    if left_out:  # every one named: a reader must find each member that is not in the tables
        notes.append(Note(
            f"{len(left_out)} member units have no {kind} link with another member in {period} and are not in the "
            f"block model: {', '.join(nm(r) for r in left_out)}.",
            f"{len(left_out)}个成员单元在{period}与其他成员没有{KIND_SHORT_ZH.get(kind, kind)}联系，未进入块模型："
            f"{'、'.join(nm(r, True) for r in left_out)}。"))
    notes.extend(_method_notes(method, ties, directed, k.directed, distance, linkage, splits, B, n_blocks))
    if kind == "tech_transfer":
        notes.append(Note("Metro codes of the technology-transfer data are of a pre-2023 vintage; renamed metros "
                          "appear under their old codes.",
                          "技术转移数据使用2023年以前的都市区代码；更名的都市区以旧代码出现。"))
    if kind == "baidu":
        notes.append(Note("2020 Q1 includes the Spring Festival travel rush and the COVID-19 lockdown of "
                          "Wuhan from 23 January 2020: not a typical period.",
                          "2020年第一季度包含春运和2020年1月23日起的武汉封城，不是典型时期。"))
    findings = _findings(mr, network.iloc[0], blocks, membership, densities, valued, directed)
    if mass_quality:
        from megaregion.analysis.hierarchy_network import attach_mass_quality

        tables["data_quality"] = attach_mass_quality(mass_quality, findings, notes)
    method_zh = "CONCOR" if method == "concor" else "结构对等聚类"
    return Results(f"Block model ({method.upper() if method == 'concor' else 'structural equivalence'}): "
                   f"{mr.name}, {kind}, {period}",
                   f"块模型（{method_zh}）：{mr.name_zh or mr.name}，{KIND_SHORT_ZH.get(kind, kind)}，{period}",
                   tables, "network", findings, notes, command="blocks")


def image_pattern(image: np.ndarray) -> str:
    """Which ideal image the image matrix (blocks ranked, core first) is closest to
    (Wasserman & Faust 1994, ch. 10): ``cohesive`` (every block dense inside, at most a
    quarter of the cells between blocks dense: self-contained subgroups), ``core-periphery``
    (the first block dense inside, the last not, and the two tied in at least one direction)
    or ``mixed_pattern``."""
    B = image.shape[0]
    inside = int(np.trace(image))
    between = int(image.sum()) - inside
    if B > 1 and inside == B and between <= (B * B - B) / 4:
        return "cohesive"
    if B > 1 and image[0, 0] == 1 and image[-1, -1] == 0 and (image[0, -1] or image[-1, 0]):
        return "core-periphery"
    return "mixed_pattern"


def _method_notes(method, ties, directed, kind_directed, distance, linkage, splits, B, n_blocks) -> list[Note]:
    out = []
    if method == "concor":
        out.append(Note(
            "CONCOR (Breiger, Boorman & Arabie 1975): each city's profile is its ties received and sent "
            "(ties received only where links have no direction); the correlations of the profiles are "
            "correlated again until they are +1 or -1, the cities split by sign, and each half is split again.",
            "CONCOR（Breiger, Boorman & Arabie 1975）：以各城市的流入和流出联系（无方向联系只取一次）为特征向量，"
            "反复计算相关系数直至收敛为+1或-1，按符号一分为二，再对每一半重复拆分。"))
        bad = [s for s in splits if not s.converged]
        if bad:
            out.append(Note(f"{len(bad)} CONCOR splits did not converge within the iteration limit; their signs "
                            "are those of the last iteration.",
                            f"{len(bad)}次CONCOR拆分在迭代上限内未收敛，按最后一次迭代的符号拆分。"))
    else:
        dist_zh = {"euclidean": "欧氏距离", "correlation": "1减相关系数"}[distance]
        link_zh = {"average": "平均联接", "complete": "最长距离联接", "single": "最短距离联接", "ward": "Ward联接"}[linkage]
        out.append(Note(
            f"Structural equivalence: {distance} distance between the cities' tie profiles (the pair's own ties "
            f"left out; Burt 1976), hierarchical clustering with {linkage} linkage cut into {n_blocks} blocks.",
            f"结构对等：城市联系特征向量之间的{dist_zh}（不计两城市之间的联系；Burt 1976），"
            f"按{link_zh}层次聚类并切分为{n_blocks}个板块。"))
    if B < n_blocks:
        out.append(Note(f"{B} blocks, not {n_blocks}: some blocks could not be split (one city, or cities with "
                        "identical ties).",
                        f"实际得到{B}个板块而非{n_blocks}个：部分板块无法再拆分（只有一个城市，或城市联系完全相同）。"))
    out.append(Note(
        f"Ties: {'link values' if ties == 'valued' else 'a link or none' if ties == 'binary' else 'a link at least the sender city’s mean link to the other cities'}; "
        "block densities exclude ties of a city with itself; the image matrix marks a block pair 1 where its "
        "density is at least the whole network's density (alpha-density criterion). Positions rank the blocks by "
        "the density of all ties touching them (inside, sent, received): core, semi-core, semi-periphery, "
        "periphery; Burt's roles set each block's share of ties kept inside against (n_k - 1)/(n - 1) and ask "
        "whether it receives ties from outside (docs/blocks.md).",
        f"联系：{TIES_ZH[ties]}；板块密度不计城市自身联系；像矩阵中密度不低于整体网络密度的板块对记为1（α密度准则）。"
        "位置按触及板块的全部联系（内部、发出、接收）的密度排序：核心、半核心、半边缘、边缘；Burt角色比较板块内部联系占比与"
        "期望值(n_k - 1)/(n - 1)，并看是否接收板块外联系（见docs/blocks.md）。"))
    if ties == "row_mean" and not kind_directed:
        out.append(Note("The links have no direction, but the row-mean cut-off differs by sender, so the ties are "
                        "directed.",
                        "原联系没有方向，但行均值临界值因发出城市而异，因此二值化后的联系有方向。"))
    elif not directed:
        out.append(Note("The links have no direction in this source: both orientations are summed into one "
                        "undirected link and blocks have no separate in- and out-density.",
                        "该数据源的联系没有方向：两个方向合并为一条无向联系，板块不区分流入和流出密度。"))
    return out


def _fmt(x: float) -> str:
    """A density as printed: three significant digits in fixed notation (never scientific),
    thousands separated: 0.0123, 0.456, 12.3, 1,235."""
    import math

    x = float(x)
    if x == 0 or not math.isfinite(x):
        return f"{x:,.0f}" if x == 0 else str(x)
    decimals = min(max(2 - math.floor(math.log10(abs(x))), 0), 10)
    return f"{x:,.{decimals}f}"


def _names(m: pd.DataFrame, zh: bool) -> str:
    col = m["name_zh"] if zh else m["name"]
    col = col.where(col.notna() & (col.astype(str) != ""), m["name"]).fillna(m["region_id"])
    shown = list(col.head(NAMES_SHOWN))
    if zh:
        return "、".join(shown) + ("等" if len(col) > NAMES_SHOWN else "")
    return "; ".join(shown) + (" ..." if len(col) > NAMES_SHOWN else "")


def _findings(mr, net_row, blocks, membership, densities, valued, directed) -> list[Finding]:
    out = []
    p = net_row["period"]
    what_en = "mean link value" if valued else "tie density"
    what_zh = "平均联系强度" if valued else "联系密度"
    core = blocks.iloc[0]
    cm = membership[membership["block"] == 1]
    inside_en = (f"internal {what_en} {_fmt(core['internal_density'])}" if pd.notna(core["internal_density"])
                 else "one city, no internal link")
    inside_zh = (f"内部{what_zh}{_fmt(core['internal_density'])}" if pd.notna(core["internal_density"])
                 else "仅一个城市，无内部联系")
    out.append(Finding(
        f"{p}: the core block ({int(core['size'])} of {int(net_row['nodes'])} cities: {_names(cm, False)}) has the "
        f"densest ties of the {len(blocks)} blocks: {what_en} of all ties touching it {_fmt(core['incident_density'])}, "
        f"{inside_en} (whole network {_fmt(net_row['density'])}).",
        f"{p}：核心板块（{int(net_row['nodes'])}个城市中的{int(core['size'])}个：{_names(cm, True)}）是{len(blocks)}个板块中"
        f"联系最密集的：触及该板块的全部联系的{what_zh}为{_fmt(core['incident_density'])}，{inside_zh}"
        f"（整体网络{_fmt(net_row['density'])}）。",
        "blocks", float(core["incident_density"]), column="incident_density", where={"block": 1}))
    if len(blocks) > 1:
        last = blocks.iloc[-1]
        lm = membership[membership["block"] == last["block"]]
        pos_en = last["position"]
        pos_zh = {"core": "核心", "semi-core": "半核心", "semi-periphery": "半边缘", "periphery": "边缘"}[pos_en]
        out.append(Finding(
            f"{p}: the {pos_en} block ({int(last['size'])} cities: {_names(lm, False)}) is the least connected: "
            f"{what_en} of the ties touching it {_fmt(last['incident_density'])}.",
            f"{p}：{pos_zh}板块（{int(last['size'])}个城市：{_names(lm, True)}）联系最稀疏："
            f"触及该板块的联系的{what_zh}为{_fmt(last['incident_density'])}。",
            "blocks", float(last["incident_density"]), column="incident_density",
            where={"block": int(last["block"])}))
    n_dense = int(net_row["dense_block_pairs"])
    B = int(net_row["blocks"])
    dense = densities[densities["image"] == 1]
    pairs = dense if directed else dense[dense["from_block"] <= dense["to_block"]]
    # ordered pairs (from, to) where links have a direction, unordered pairs 1–2 where not; no
    # arrow: an arrow between two numbers reads as a change
    fmt = (lambda r: f"({int(r.from_block)},{int(r.to_block)})") if directed else \
        (lambda r: f"{int(r.from_block)}–{int(r.to_block)}")
    listed = ", ".join(fmt(r) for r in pairs.itertuples()) or "none"
    listed_zh = "、".join(fmt(r) for r in pairs.itertuples()) or "无"
    out.append(Finding(
        f"{p}: image matrix (alpha = network {what_en} {_fmt(net_row['density'])}): {n_dense} of {B * B} block "
        f"cells are dense ({'(from, to)' if directed else 'pairs'}: {listed}).",
        f"{p}：像矩阵（α = 整体网络{what_zh}{_fmt(net_row['density'])}）：{B * B}个板块格中{n_dense}个为密集"
        f"（{'（发出板块，接收板块）' if directed else '板块对'}：{listed_zh}）。",
        "network", float(n_dense), column="dense_block_pairs", where={"period": p}))
    pattern = net_row["image_pattern"]
    if pattern != "mixed_pattern":
        inside, between = int(net_row["dense_inside"]), int(net_row["dense_between"])
        if pattern == "cohesive":
            en = (f"{p}: all {B} blocks are dense inside, {between} of the {B * B - B} cells between blocks "
                  "are dense: self-contained subgroups rather than a core and a periphery, so the position classes rank "
                  "blocks of similar standing.")
            zh = (f"{p}：{B}个板块内部均密集，板块之间的{B * B - B}个格中{between}个密集：这是相对独立的凝聚子群，"
                  "而非核心—边缘结构，位置分类只是对地位相近的板块排序。")
            col, val = "dense_between", between
        else:
            en = (f"{p}: a core-periphery image: the core block is dense inside, the {blocks.iloc[-1]['position']} "
                  f"block is not, and they are tied ({inside} of {B} blocks dense inside).")
            zh = (f"{p}：像矩阵呈核心—边缘结构：核心板块内部密集，最外围板块内部稀疏，两者之间有密集联系"
                  f"（{B}个板块中{inside}个内部密集）。")
            col, val = "dense_inside", inside
        out.append(Finding(en, zh, "network", float(val), column=col, where={"period": p}))
    if pd.notna(core["internal_density"]) and core["internal_density"] < net_row["density"]:
        out.append(Finding(
            f"{p}: the core block is not dense inside: its internal {what_en} {_fmt(core['internal_density'])} is "
            f"below the network's {_fmt(net_row['density'])}; it is the core through its ties with the other blocks.",
            f"{p}：核心板块内部并不密集：内部{what_zh}{_fmt(core['internal_density'])}低于整体网络的"
            f"{_fmt(net_row['density'])}；其核心地位来自与其他板块的联系。",
            "blocks", float(core["internal_density"]), column="internal_density", where={"block": 1}))
    top = membership.sort_values("strength", ascending=False).iloc[0]
    tpos_zh = {"core": "核心", "semi-core": "半核心", "semi-periphery": "半边缘", "periphery": "边缘"}[top["position"]]
    tname = top["name"] if isinstance(top["name"], str) and top["name"] else top["region_id"]
    tname_zh = top["name_zh"] if isinstance(top["name_zh"], str) and top["name_zh"] else tname
    out.append(Finding(
        f"{p}: the city with the strongest ties, {tname}, is in block {int(top['block'])} "
        f"({top['position']}).",
        f"{p}：联系最强的城市{tname_zh}位于第{int(top['block'])}板块（{tpos_zh}）。",
        "membership", float(top["block"]), column="block", where={"region_id": top["region_id"]}))
    return out
