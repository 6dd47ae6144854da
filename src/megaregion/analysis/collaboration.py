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
T values are never negative: they measure how strongly two actor types go together. The sign
of the alternating sum flips with the number of dimensions, so the verdict uses the mutual
redundancy R (Leydesdorff & Ivanova 2014): R = T for three actor types, R = −T for four;
negative R = synergy in both.
"""

from __future__ import annotations

import pandas as pd

from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError
from megaregion.metrics.triplehelix import (combinations_to_table, independence_test,
                                            mutual_information)
from megaregion.model import actors as actor_types
from megaregion.model.megaregion import resolve_group_id

#: Fewer documents than this make T unstable; such rows are marked ``reliable = False``.
MIN_DOCUMENTS = 30
#: Permuted tables for the test against independent actor types, and its level.
N_PERM = 999
ALPHA = 0.05

_NO_DATA = ("The store has no collaboration records. Import your own co-patent or co-publication "
            "records with `megaregion data import FILE --mapping MAPPING.toml` "
            '(table = "collaborations"; see docs/user-tables.md). With the shared data alone, '
            "`megaregion cofunding GROUP` shows the links between university, industry and "
            "government as R&D funding (US).")
_KIND_ZH = {"co_patent": "合作专利", "co_publication": "合作论文", "co_application": "联合申请专利"}
_LEVEL_ZH = {"county": "县", "city": "城市", "metro": "都市区", "state": "州", "province": "省"}


def _kind_zh(kind: str) -> str:
    """The Chinese name of a kind of document (the kind itself where unknown)."""
    return _KIND_ZH.get(kind, kind)


def _project(combination: str, keep: str) -> str:
    """The combination seen through the actor types ``keep`` (others dropped: a marginal)."""
    return actor_types.code(actor_types.letters(combination) & set(keep))


def _helix_row(counts: dict[str, float], keep: str, n_perm: int = N_PERM) -> dict:
    """Documents, T values, the mutual redundancy R (millibits) of one set of counts, and R
    under independent actor types (permutation test)."""
    projected: dict[str, float] = {}
    for combination, n in counts.items():
        c = _project(combination, keep)
        projected[c] = projected.get(c, 0.0) + n
    documents = sum(projected.values())
    with_two = sum(n for c, n in projected.items() if len(actor_types.letters(c)) >= 2)
    row = {"documents": documents,
           "share_co_actor": with_two / documents if documents else float("nan"),
           "note": None, "note_zh": None}
    having = {a: sum(n for c, n in projected.items() if a in actor_types.letters(c)) for a in keep}
    # An actor type on no document, or on every document, has zero entropy: every T involving
    # it is 0 by construction and says nothing about synergy, so those values are missing.
    absent = [a for a in keep if having[a] == 0]
    universal = [a for a in keep if documents > 0 and having[a] == documents]
    degenerate = set(absent) | set(universal)
    en, zh = [], []
    if absent:
        en.append("no document with " + ", ".join(actor_types.NAMES[a] for a in absent))
        zh.append("没有含" + "、".join(actor_types.NAMES_ZH[a] for a in absent) + "的文献")
    if universal:
        en.append("every document has " + ", ".join(actor_types.NAMES[a] for a in universal))
        zh.append("每件文献都含" + "、".join(actor_types.NAMES_ZH[a] for a in universal))
    if en:
        row["note"], row["note_zh"] = "; ".join(en), "；".join(zh)
    table = combinations_to_table({("" if c == actor_types.NONE else c): n
                                   for c, n in projected.items()}, actors=tuple(keep))
    if len(set(keep) - degenerate) >= 2:
        res = mutual_information(table, dims=tuple(keep))
        for dims, t in res.mutual_information.items():
            row[f"T_{''.join(dims)}_mbits"] = float("nan") if set(dims) & degenerate else 1000.0 * t
    t_all = row.get(f"T_{keep}_mbits", float("nan"))
    # mutual redundancy (Leydesdorff & Ivanova 2014): R = T in odd, −T in even dimensions
    odd = len(keep) % 2 == 1
    row[f"R_{keep}_mbits"] = t_all if odd else -t_all
    row[f"R_{keep}_null_mbits"], row["p_synergy"] = float("nan"), float("nan")
    whole = all(abs(n - round(n)) < 1e-9 for n in projected.values())
    if pd.notna(t_all) and whole:
        test = independence_test(table, n_perm=n_perm, seed=0)
        row[f"R_{keep}_null_mbits"] = 1000.0 * (test.null_mean if odd else -test.null_mean)
        row["p_synergy"] = test.p_lower if odd else test.p_upper  # P(R_null <= R)
    return row


def _choose_rows(rows: pd.DataFrame, members: pd.DataFrame | None) -> tuple[pd.DataFrame, list[Note]]:
    """The rows that may be added up: one level (and, for US metros, one delineation), so
    that no document is counted twice (a county inside a metro, a 2018 and a 2023 metro)."""
    notes: list[Note] = []
    levels = rows.drop_duplicates("region_id")["level"].fillna("unknown")
    level = levels.mode().iloc[0]
    chosen = rows[rows["level"].fillna("unknown") == level]
    label = level
    if members is not None and level == "metro":
        vint = members.set_index("region_id")["vintage"]
        v = chosen["region_id"].map(vint)
        if v.nunique() > 1:
            best = v.value_counts().idxmax()
            chosen = chosen[v == best]
            label = f"{best} metro"
    others = rows.loc[~rows.index.isin(chosen.index), "region_id"].nunique()
    if others:
        notes.append(Note(
            f"Totals add up the {label}-level records only; {others} "
            f"{'region' if others == 1 else 'regions'} at other levels or delineations are shown "
            "but not added (their documents would be counted twice).",
            f"合计只加总{_LEVEL_ZH.get(level, level)}级记录；其他层级或其他版本划分的{others}个地区"
            "单列但不计入合计（否则文献会被重复计算）。"))
    return chosen, notes


def collaboration_synergy(store, group: str | None = None, *, years=None, kind: str | None = None,
                          actors: str = "UIG", min_documents: int = MIN_DOCUMENTS,
                          source: str | None = None, n_perm: int = N_PERM,
                          alpha: float = ALPHA) -> Results:
    """Triple-helix synergy per region (and for a group as a whole) from collaboration records.

    Parameters
    ----------
    store : the store.
    group : group id; only its members (and their total). ``None``: every region with records.
    years : only these years (default: all).
    kind : only this kind of document, e.g. ``co_patent`` (default: every kind, separately).
    actors : ``"UIG"`` (triple helix) or ``"UIGR"`` (quadruple, R = research institute). With
        ``"UIG"``, documents' R addresses are left out (the marginal over U, I, G): a
        university–institute paper counts as a university paper, and an institute-only paper as
        one with none of U, I, G (it stays in the universe of documents).
    min_documents : rows with fewer documents are kept but marked ``reliable = False`` and
        left out of the findings.
    source : only this dataset (e.g. ``user/patents2019``). Needed when two imported datasets
        hold records for the same region, year and kind: they are never added up silently.
    n_perm, alpha : the permutation test against independent actor types
        (:func:`megaregion.metrics.triplehelix.independence_test`, seed 0): ``synergy`` is
        True where P(R_null <= R) < ``alpha``.

    Returns
    -------
    Results with tables ``synergy`` (one row per region, year and kind: documents, share with
    two or more actor types, every bilateral and higher-order T and the mutual redundancy R in
    millibits, R expected under independent actor types, ``p_synergy``, ``synergy`` (R
    significantly below independence; empty where R is undefined or counts are fractional),
    ``reliable``, a note where an actor type is absent from, or present on, every document) and
    ``summary`` (per year and kind: regions, documents, regions with significant synergy among
    those with enough documents, the strongest, the group's R).

    Notes
    -----
    :math:`T_{UIG}=H_U+H_I+H_G-H_{UI}-H_{UG}-H_{IG}+H_{UIG}` over the binary variables "has a
    university / industry / government address" of the documents (Leydesdorff 2003,
    Scientometrics 58: 445–467); :math:`T_{UIGR}` is the four-term alternating sum (Leydesdorff
    & Sun 2009, JASIST 60: 778–788). Mutual redundancy :math:`R_{UIG}=T_{UIG}`,
    :math:`R_{UIGR}=-T_{UIGR}` (Leydesdorff & Ivanova 2014, JASIST 65: 386–399); negative R =
    synergy. Documents with none of the actor types (``none``) are part of the universe when
    the records include them.

    With few documents the plug-in entropies bias R downwards (about −30 mbit at 30 documents
    with independent actor types), so the verdict is a one-sided permutation test of R against
    actor types spread over the documents independently, each keeping its count.
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
    if source is not None:
        known = sorted(rows["source"].unique())
        rows = rows[rows["source"] == source]
        if rows.empty:
            raise MegaregionError(f"no collaboration records from {source!r}; datasets: {', '.join(known)}")
    label, label_zh, members, gid = "all regions", "全部地区", None, None
    if group is not None:
        gid = resolve_group_id(store, group)
        members = store.con.execute("SELECT region_id, vintage, group_name, group_name_zh FROM groups "
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
    overlap = rows.groupby(["region_id", "year", "kind"])["source"].nunique()
    if (overlap > 1).any():
        rid, year, knd = overlap[overlap > 1].index[0]
        both = sorted(rows.loc[(rows["region_id"] == rid) & (rows["year"] == year)
                               & (rows["kind"] == knd), "source"].unique())
        raise MegaregionError(
            f"records for {rid}, {year}, {knd} come from {len(both)} datasets ({', '.join(both)}); "
            "they are not added up (they may be the same documents): choose one with --source, "
            "or merge the files into one before importing")

    sources = sorted(rows["source"].unique())
    user = [s for s in sources if s.startswith("user/")]
    who, who_zh = ("user-supplied ", "用户提供的") if len(user) == len(sources) else ("", "")
    notes: list[str] = [
        Note(f"Computed on {who}records: {', '.join(sources)}.",
             f"基于{who_zh}记录计算：{', '.join(sources)}。"),
        Note("T in millibits (1000 × bits). Negative T(UIG) = synergy among university, industry "
             "and government (Leydesdorff 2003); bilateral T >= 0 measures how strongly two actor "
             "types co-occur. The verdict 'synergy' uses the mutual redundancy R (Leydesdorff & "
             "Ivanova 2014): R = T for three actor types, R = −T for four; R < 0 = synergy.",
             "T以毫比特计（1000×比特）。T(UIG)为负表示高校—企业—政府之间存在协同（Leydesdorff 2003）；"
             "双边T≥0，衡量两类主体共同出现的强度。“协同”判断依据互冗余R（Leydesdorff & Ivanova 2014）："
             "三类主体时R = T，四类主体时R = −T；R<0即存在协同。"),
        Note(f"'synergy' is decided by a permutation test ({n_perm} tables, seed 0): R is compared "
             "with R when each actor type keeps its count but is spread over the documents "
             f"independently of the others; synergy = P(R_null <= R) < {alpha:g}. With few "
             "documents R is negative even for independent actor types (about −30 mbit at 30 "
             "documents), so a negative R alone is not evidence.",
             f"“协同”由置换检验判断（{n_perm}次，随机种子0）：将R与各类主体保持件数、但相互独立地随机分布在"
             f"文献上时的R比较；P(R_null ≤ R) < {alpha:g}即判定为协同。文献较少时，即使各类主体相互独立，"
             "R也常为负（30件文献时约−30毫比特），因此R为负本身不足以说明存在协同。"),
    ]
    if actors == "UIG" and rows["actors"].str.contains("R").any():
        notes.append(Note(
            "Research-institute (R) addresses are left out for T(UIG) (institute-only documents "
            "count as documents with none of U, I, G); use actors UIGR for the quadruple helix.",
            "计算T(UIG)时不计科研院所(R)（只有科研院所的文献按不含U、I、G的文献计）；四螺旋请用 actors UIGR。"))

    table_rows = []
    for (rid, year, knd), g in rows.groupby(["region_id", "year", "kind"], sort=True):
        counts = dict(zip(g["actors"], g["count"].astype(float)))  # one source: keys unique
        name = g["name"].iloc[0] if isinstance(g["name"].iloc[0], str) else rid
        name_zh = g["name_zh"].iloc[0] if isinstance(g["name_zh"].iloc[0], str) else name
        table_rows.append({"region_id": rid, "name": name, "name_zh": name_zh, "year": int(year),
                           "kind": knd, **_helix_row(counts, actors, n_perm)})
    addable, level_notes = _choose_rows(rows, members)
    notes.extend(level_notes)
    if group is not None:
        for (year, knd), g in addable.groupby(["year", "kind"], sort=True):
            counts = g.groupby("actors")["count"].sum().to_dict()
            table_rows.append({"region_id": gid, "name": label, "name_zh": label_zh,
                               "year": int(year), "kind": knd, **_helix_row(counts, actors, n_perm)})
    synergy = pd.DataFrame(table_rows)
    rcol = f"R_{actors}_mbits"
    synergy["synergy"] = [None if pd.isna(p) else bool(p < alpha) for p in synergy["p_synergy"]]
    synergy["reliable"] = synergy["documents"] >= min_documents
    t_cols = sorted([c for c in synergy.columns if c.startswith("T_")], key=lambda c: (len(c), c))
    synergy = synergy[["region_id", "name", "name_zh", "year", "kind", "documents", "share_co_actor"]
                      + t_cols + [rcol, f"{rcol[:-6]}_null_mbits", "p_synergy", "synergy", "reliable",
                                  "note", "note_zh"]]
    unreliable = int((~synergy["reliable"]).sum())
    if unreliable:
        notes.append(Note(
            f"{unreliable} rows have fewer than {min_documents} documents (reliable = False): "
            "their T values rest on very few documents and are left out of the findings.",
            f"{unreliable}行的文献少于{min_documents}件（reliable = False），其T值依据很少，不用于主要发现。"))

    summary_rows, findings = [], []
    regions = synergy[synergy["region_id"].isin(addable["region_id"])]
    for (year, knd), g in regions.groupby(["year", "kind"], sort=True):
        ok = g[g["reliable"] & g["p_synergy"].notna()]
        significant = ok[ok["synergy"].eq(True)]
        best = significant.loc[significant[rcol].idxmin()] if not significant.empty else None
        whole = synergy[(synergy["region_id"] == gid) & (synergy["year"] == year)
                        & (synergy["kind"] == knd)] if group is not None else pd.DataFrame()
        n_syn = len(significant)
        summary_rows.append({
            "year": int(year), "kind": knd, "regions": len(g), "documents": g["documents"].sum(),
            "reliable_regions": len(ok), "regions_with_synergy": n_syn,
            "strongest_synergy": None if best is None else best["name"],
            "strongest_synergy_zh": None if best is None else best["name_zh"],
            f"strongest_{rcol}": None if best is None else best[rcol],
            f"group_{rcol}": whole[rcol].iloc[0] if not whole.empty else float("nan"),
            "group_p_synergy": whole["p_synergy"].iloc[0] if not whole.empty else float("nan"),
        })
        if best is not None:
            findings.append(Finding(
                f"{year} ({knd}): {n_syn} of {len(ok)} regions with enough documents show {actors} "
                f"synergy beyond what independent actor types give (p < {alpha:g}); strongest "
                f"{best['name']}, R = {best[rcol]:.1f} mbit (independence: "
                f"{best[rcol[:-6] + '_null_mbits']:.1f}, p = {best['p_synergy']:.3f}).",
                f"{year}年（{_kind_zh(knd)}）：文献充足的{len(ok)}个地区中有{n_syn}个的{actors}协同显著超过主体类型"
                f"相互独立时的水平（p < {alpha:g}）；最强为{best['name_zh']}，R = {best[rcol]:.1f}毫比特"
                f"（独立时{best[rcol[:-6] + '_null_mbits']:.1f}，p = {best['p_synergy']:.3f}）。",
                "synergy", float(best[rcol]), column=rcol,
                where={"region_id": best["region_id"], "year": best["year"], "kind": knd}))
        elif not ok.empty:
            findings.append(Finding(
                f"{year} ({knd}): none of the {len(ok)} regions with enough documents shows {actors} "
                f"synergy beyond what independent actor types give (p < {alpha:g}).",
                f"{year}年（{_kind_zh(knd)}）：文献充足的{len(ok)}个地区中，没有一个的{actors}协同显著超过主体类型"
                f"相互独立时的水平（p < {alpha:g}）。",
                "summary", 0.0, column="regions_with_synergy", where={"year": int(year), "kind": knd}))
    summary = pd.DataFrame(summary_rows)
    if group is not None:
        whole = synergy[(synergy["region_id"] == gid) & synergy["reliable"] & synergy["p_synergy"].notna()]
        for knd, g in whole.sort_values("year").groupby("kind"):
            if len(g) >= 2:
                a, b = g.iloc[0], g.iloc[-1]
                verdict = {(True, True): ("significant in both years", "两年均显著"),
                           (False, True): (f"significant only in {b['year']}", f"仅{b['year']}年显著"),
                           (True, False): (f"significant only in {a['year']}", f"仅{a['year']}年显著"),
                           (False, False): ("significant in neither year", "两年均不显著")}[
                    (bool(a["synergy"]), bool(b["synergy"]))]
                findings.append(Finding(
                    f"{label} as a whole ({knd}): R({actors}) {a[rcol]:.1f} mbit in {a['year']} "
                    f"(p = {a['p_synergy']:.3f}) and {b[rcol]:.1f} in {b['year']} (p = "
                    f"{b['p_synergy']:.3f}): synergy {verdict[0]}.",
                    f"{label_zh}整体（{_kind_zh(knd)}）：R({actors}) {a['year']}年为{a[rcol]:.1f}毫比特（p = "
                    f"{a['p_synergy']:.3f}），{b['year']}年为{b[rcol]:.1f}（p = {b['p_synergy']:.3f}）：协同{verdict[1]}。",
                    "synergy", float(b[rcol]), column=rcol,
                    where={"region_id": gid, "year": b["year"], "kind": knd}))
    return Results(
        title=f"Triple-helix synergy ({actors}): {label}",
        title_zh=f"{'三' if actors == 'UIG' else '四'}螺旋协同（{actors}）：{label_zh}",
        tables={"summary": summary, "synergy": synergy},
        summary_table="summary",
        finding_list=findings,
        notes=notes,
        command="collaboration",
    )
