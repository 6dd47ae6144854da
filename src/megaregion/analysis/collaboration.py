"""How much do government, universities, institutes and firms innovate together? (brief, feature 4)

Reads the canonical ``collaborations`` table (documents by the exact combination of actor types
on them, from the user's own co-patent or co-publication records: the shared data hold none)
and computes, per region, year and kind of document, Leydesdorff's triple-helix mutual
information T(UIG) with the bilateral T values, and T(UIGR) with research institutes as a
fourth helix when asked (:mod:`megaregion.metrics.triplehelix`, checked against ``dit``'s
co-information). For a group it adds the group as a whole (its members' documents summed).

Reading the numbers: T is in millibits (1000 × bits). Negative T(UIG) means synergy, a
reduction of uncertainty that none of the three bilateral relations produces on its own
(Leydesdorff 2003); positive T means the three relations overlap without synergy. Bilateral
T values are never negative: they measure how strongly two actor types go together.
"""

from __future__ import annotations

import pandas as pd

from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError
from megaregion.metrics.triplehelix import helix_from_combinations
from megaregion.model import actors as actor_types
from megaregion.model.megaregion import resolve_group_id

#: Fewer documents than this make T unstable; such rows are marked ``reliable = False``.
MIN_DOCUMENTS = 30

_NO_DATA = ("The store has no collaboration records. Import your own co-patent or co-publication "
            "records with `megaregion data import FILE --mapping MAPPING.toml` "
            '(table = "collaborations"; see docs/user-tables.md).')


def _project(combination: str, keep: str) -> str:
    """The combination seen through the actor types ``keep`` (others dropped: a marginal)."""
    return actor_types.code(actor_types.letters(combination) & set(keep))


def _helix_row(counts: dict[str, float], keep: str) -> dict:
    """T values (millibits) and document counts of one set of combination counts."""
    projected: dict[str, float] = {}
    for combination, n in counts.items():
        c = _project(combination, keep)
        projected[c] = projected.get(c, 0.0) + n
    documents = sum(projected.values())
    with_two = sum(n for c, n in projected.items() if len(actor_types.letters(c)) >= 2)
    row = {"documents": documents,
           "share_co_actor": with_two / documents if documents else float("nan")}
    present = {a for c, n in projected.items() if n > 0 for a in actor_types.letters(c)}
    absent = [a for a in keep if a not in present]
    if absent:
        # an actor type that never appears has zero entropy: every T involving it is 0 by
        # construction, which says nothing about synergy, so it is reported as missing
        row["note"] = "no document with " + ", ".join(actor_types.NAMES[a] for a in absent)
    if len(present) < 2:
        return row
    res = helix_from_combinations({("" if c == actor_types.NONE else c): n for c, n in projected.items()},
                                  actors=tuple(keep))
    for dims, t in res.mutual_information.items():
        row[f"T_{''.join(dims)}_mbits"] = float("nan") if set(dims) & set(absent) else 1000.0 * t
    return row


def collaboration_synergy(store, group: str | None = None, *, years=None, kind: str | None = None,
                          actors: str = "UIG", min_documents: int = MIN_DOCUMENTS) -> Results:
    """Triple-helix synergy per region (and for a group as a whole) from collaboration records.

    Parameters
    ----------
    store : the store.
    group : group id; only its members (and their total). ``None``: every region with records.
    years : only these years (default: all).
    kind : only this kind of document, e.g. ``co_patent`` (default: every kind, separately).
    actors : ``"UIG"`` (triple helix) or ``"UIGR"`` (quadruple, R = research institute). With
        ``"UIG"``, documents' R addresses are left out (the marginal over U, I, G), so a
        university–institute paper counts as a university paper.
    min_documents : rows with fewer documents are kept but marked ``reliable = False``.

    Returns
    -------
    Results with tables ``synergy`` (one row per region, year and kind: documents, share with
    two or more actor types, every bilateral and higher-order T in millibits, ``synergy``,
    ``reliable``) and ``summary`` (per year and kind: regions, documents, regions with synergy,
    the region with the most negative T, the group's T).

    Notes
    -----
    :math:`T_{UIG}=H_U+H_I+H_G-H_{UI}-H_{UG}-H_{IG}+H_{UIG}` over the binary variables "has a
    university / industry / government address" of the documents (Leydesdorff 2003,
    Scientometrics 58: 445–467); :math:`T_{UIGR}` is the four-term alternating sum (Leydesdorff
    & Sun 2009, JASIST 60: 778–788). Documents with none of the actor types (``none``) are part
    of the universe when the records include them.
    """
    given = str(actors).upper()
    actors = "".join(a for a in actor_types.ACTORS if a in set(given))
    if actors not in ("UIG", "UIGR") or len(given) != len(actors):
        raise MegaregionError(f"actors must be UIG or UIGR, got {given!r}")
    rows = store.con.execute(
        "SELECT c.region_id, c.year, c.kind, c.actors, c.count, c.source, r.name, r.name_zh, r.level "
        "FROM collaborations c LEFT JOIN regions r USING (region_id)").df()
    if rows.empty:
        raise MegaregionError(_NO_DATA)
    notes: list[str] = []
    label, label_zh = "all regions", "全部地区"
    if group is not None:
        gid = resolve_group_id(store, group)
        members = store.con.execute("SELECT region_id, group_name, group_name_zh FROM groups "
                                    "WHERE group_id = ?", [gid]).df()
        label, label_zh = members["group_name"].iloc[0], members["group_name_zh"].iloc[0] or label
        rows = rows[rows["region_id"].isin(members["region_id"])]
        if rows.empty:
            raise MegaregionError(f"none of the collaboration records is for a member of {gid}; "
                                  "check the region ids of your records (e.g. cn:310000)")
    if years is not None:
        wanted = {int(y) for y in years}
        rows = rows[rows["year"].isin(wanted)]
        if rows.empty:
            raise MegaregionError(f"no collaboration records for the years {sorted(wanted)}")
    if kind is not None:
        known = sorted(rows["kind"].unique())
        rows = rows[rows["kind"] == kind]
        if rows.empty:
            raise MegaregionError(f"no collaboration records of kind {kind!r}; kinds: {', '.join(known)}")
    if actors == "UIGR" and not rows["actors"].str.contains("R").any():
        raise MegaregionError("actors UIGR asked for, but no record has a research institute (R)")

    sources = sorted(rows["source"].unique())
    user = [s for s in sources if s.startswith("user/")]
    notes.append(Note(
        f"Computed on {'user-supplied ' if len(user) == len(sources) else ''}records: "
        f"{', '.join(sources)} ({int(rows['count'].sum()):,} documents).",
        f"基于{'用户提供的' if len(user) == len(sources) else ''}记录计算：{', '.join(sources)}"
        f"（{int(rows['count'].sum()):,}件文献）。"))
    notes.append(Note(
        "T in millibits (1000 × bits). Negative T(UIG) = synergy among university, industry and "
        "government (Leydesdorff 2003); bilateral T >= 0 measures how strongly two actor types "
        "co-occur.",
        "T以毫比特计（1000×比特）。T(UIG)为负表示高校—企业—政府之间存在协同（Leydesdorff 2003）；"
        "双边T≥0，衡量两类主体共同出现的强度。"))
    if actors == "UIG" and rows["actors"].str.contains("R").any():
        notes.append(Note(
            "Research-institute (R) addresses are left out for T(UIG); use actors UIGR for the "
            "quadruple helix.",
            "计算T(UIG)时不计科研院所(R)；四螺旋请用 actors UIGR。"))

    table_rows = []
    for (rid, year, knd), g in rows.groupby(["region_id", "year", "kind"], sort=True):
        counts = dict(zip(g["actors"], g["count"].astype(float)))
        rec = {"region_id": rid, "name": g["name"].iloc[0], "name_zh": g["name_zh"].iloc[0],
               "year": int(year), "kind": knd, **_helix_row(counts, actors)}
        table_rows.append(rec)
    if group is not None:
        # the group as a whole: members' documents summed, at the level most records use
        level = rows["level"].mode().iloc[0] if rows["level"].notna().any() else None
        same = rows if level is None else rows[rows["level"] == level]
        if len(same) < len(rows):
            notes.append(Note(
                f"The group total sums the {level}-level records only; "
                f"{rows.loc[rows['level'] != level, 'region_id'].nunique()} regions at other "
                "levels are shown but not added.",
                f"城市群合计只加总{level}级记录；其他层级的地区单列但不计入合计。"))
        for (year, knd), g in same.groupby(["year", "kind"], sort=True):
            counts = g.groupby("actors")["count"].sum().to_dict()
            table_rows.append({"region_id": gid, "name": label, "name_zh": label_zh,
                               "year": int(year), "kind": knd, **_helix_row(counts, actors)})
    synergy = pd.DataFrame(table_rows)
    tcol = f"T_{actors}_mbits"
    if tcol not in synergy:
        synergy[tcol] = float("nan")
    synergy["synergy"] = synergy[tcol] < 0
    synergy["reliable"] = synergy["documents"] >= min_documents
    if "note" not in synergy:
        synergy["note"] = None
    t_cols = sorted([c for c in synergy.columns if c.startswith("T_")], key=lambda c: (len(c), c))
    synergy = synergy[["region_id", "name", "name_zh", "year", "kind", "documents", "share_co_actor"]
                      + t_cols + ["synergy", "reliable", "note"]]
    unreliable = int((~synergy["reliable"]).sum())
    if unreliable:
        notes.append(Note(
            f"{unreliable} rows have fewer than {min_documents} documents (reliable = False): "
            "their T values rest on very few documents.",
            f"{unreliable}行的文献少于{min_documents}件（reliable = False），其T值依据很少。"))

    summary_rows, findings = [], []
    cities = synergy[synergy["region_id"] != (gid if group is not None else None)]
    for (year, knd), g in cities.groupby(["year", "kind"], sort=True):
        ok = g[g["reliable"] & g[tcol].notna()]
        best = ok.loc[ok[tcol].idxmin()] if not ok.empty else None
        total = synergy[(synergy["region_id"] == gid) & (synergy["year"] == year)
                        & (synergy["kind"] == knd)] if group is not None else pd.DataFrame()
        summary_rows.append({
            "year": int(year), "kind": knd, "regions": len(g), "documents": g["documents"].sum(),
            "regions_with_synergy": int((ok[tcol] < 0).sum()), "reliable_regions": len(ok),
            "strongest_synergy": None if best is None or best[tcol] >= 0
            else (best["name"] or best["region_id"]),
            f"strongest_{tcol}": None if best is None or best[tcol] >= 0 else best[tcol],
            f"group_{tcol}": total[tcol].iloc[0] if not total.empty else float("nan"),
        })
        if best is not None and best[tcol] < 0:
            name = best["name"] or best["region_id"]
            name_zh = best["name_zh"] or name
            findings.append(Finding(
                f"{year} ({knd}): {name} shows the strongest {actors} synergy, T = {best[tcol]:.1f} "
                f"mbit; {int((ok[tcol] < 0).sum())} of {len(ok)} regions with enough documents "
                "have synergy (T < 0).",
                f"{year}年（{knd}）：{name_zh}的{actors}协同最强，T = {best[tcol]:.1f}毫比特；"
                f"文献充足的{len(ok)}个地区中有{int((ok[tcol] < 0).sum())}个存在协同（T<0）。",
                "synergy", float(best[tcol])))
        elif not ok.empty:
            findings.append(Finding(
                f"{year} ({knd}): none of the {len(ok)} regions with enough documents shows "
                f"{actors} synergy (all T >= 0).",
                f"{year}年（{knd}）：文献充足的{len(ok)}个地区均未显示{actors}协同（T均≥0）。",
                "summary", 0.0))
    summary = pd.DataFrame(summary_rows)
    if group is not None:
        whole = synergy[synergy["region_id"] == gid].sort_values("year")
        for knd, g in whole.groupby("kind"):
            g = g[g[tcol].notna()]
            if len(g) >= 2:
                a, b = g.iloc[0], g.iloc[-1]
                direction = "more" if b[tcol] < a[tcol] else "less"
                findings.append(Finding(
                    f"{label} as a whole ({knd}): T({actors}) {a[tcol]:.1f} mbit in {a['year']} -> "
                    f"{b[tcol]:.1f} in {b['year']}: {direction} synergy.",
                    f"{label_zh}整体（{knd}）：T({actors})由{a['year']}年的{a[tcol]:.1f}毫比特变为"
                    f"{b['year']}年的{b[tcol]:.1f}：协同{'增强' if direction == 'more' else '减弱'}。",
                    "synergy", float(b[tcol])))
    return Results(
        title=f"Triple-helix synergy ({actors}): {label}",
        title_zh=f"{'三' if actors == 'UIG' else '四'}螺旋协同（{actors}）：{label_zh}",
        tables={"summary": summary, "synergy": synergy},
        summary_table="summary",
        finding_list=findings,
        notes=notes,
    )
