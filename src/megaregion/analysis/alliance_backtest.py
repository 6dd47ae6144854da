"""Backtest of the alliance ranking on US inter-metro technology transfer.

Does the alliance score (:mod:`megaregion.analysis.alliances`) point at city pairs that later
form links? The test uses the only link data with a long history: technology transfers between
US metros (Li, Du & Yu 2025), counted by period.

Design (one row per train/test split):

* cities: metros with any inter-metro transfer in the training period (so that "new link" is
  about pairs of active places, not about places entering the data), with County Business
  Patterns employment and coordinates;
* candidates: pairs of these metros with **no** transfer in either direction in any period up to
  the end of the training period;
* outcome: a transfer in either direction in the test period (a new link);
* ranking: the alliance score of every candidate pair (complementarity, relatedness, distance,
  innovation capacity, scale; weights as in the workflow) with LQs and relatedness over all US
  metros;
* measures: precision@k of the top k pairs; the same rate for random pairs *matched on distance
  and size* (each top pair's expectation is the new-link rate of its cell of distance quintile ×
  size quintile, size = product of the two metros' employment), and lift = precision@k divided
  by it; AUC over all candidates (Mann–Whitney form), and the AUC within the distance × size
  cells (pairs compared only with pairs of the same cell), also for each component and for
  distance and size alone.

What it does not show is in the notes: the industry structure (CBP 2018) and the patents
(2000-2015) are from after the training period (a look-ahead leak in the components); the test
says whether today's structure lines up with links formed in the test period, not that the
score would have predicted them in 1999.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from megaregion.analysis.results import Finding, Note, Results
from megaregion.errors import MegaregionError

#: Train/test splits: (training periods, whose links define "existing"; test period).
SPLITS = (
    (("1858-1899", "1900-1949", "1950-1975", "1976-1999"), "2000-2023"),
    (("1858-1899", "1900-1949", "1950-1975"), "1976-1999"),
)
KS = (50, 100, 500, 1000)
EMPLOYMENT_YEAR = 2018
N_BINS = 5


def auc(score, outcome) -> float:
    r"""Area under the ROC curve, :math:`AUC = (R_1 - n_1(n_1+1)/2)/(n_1 n_0)` with :math:`R_1` the
    sum of the positives' average ranks (Mann–Whitney U / (n_1 n_0); Hanley & McNeil 1982,
    *Radiology* 143:29-36). Ties count one half. NaN scores are left out; NaN when a class is
    empty. Agrees with ``sklearn.metrics.roc_auc_score``."""
    s = np.asarray(score, dtype=float)
    y = np.asarray(outcome, dtype=bool)
    ok = np.isfinite(s)
    s, y = s[ok], y[ok]
    n1 = int(y.sum())
    n0 = len(y) - n1
    if n1 == 0 or n0 == 0:
        return float("nan")
    r = pd.Series(s).rank(method="average").to_numpy()
    return float((r[y].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def stratified_auc(score, outcome, strata) -> float:
    r"""AUC counting only positive–negative pairs in the same stratum:
    :math:`\sum_s n_{1s} n_{0s} AUC_s / \sum_s n_{1s} n_{0s}` (the concordance of a stratified
    comparison; strata without both classes add nothing). With distance × size strata it says
    whether a score ranks new links above non-links *beyond* what distance and size explain."""
    s = np.asarray(score, dtype=float)
    y = np.asarray(outcome, dtype=bool)
    g = np.asarray(strata)
    num = den = 0.0
    for key in pd.unique(g):
        m = g == key
        n1 = int(y[m & np.isfinite(s)].sum())
        n0 = int((~y[m] & np.isfinite(s[m])).sum())
        if n1 and n0:
            num += n1 * n0 * auc(s[m], y[m])
            den += n1 * n0
    return float(num / den) if den else float("nan")


def precision_at_k(score, outcome, k: int) -> tuple[float, np.ndarray]:
    """Share of new links among the ``k`` highest scores (ties broken by position) and their
    positions."""
    s = np.asarray(score, dtype=float)
    order = np.argsort(-np.where(np.isfinite(s), s, -np.inf), kind="stable")[:k]
    return float(np.asarray(outcome, dtype=bool)[order].mean()), order


def matched_rate(cells, outcome, chosen) -> float:
    """Expected precision of random pairs matched on cell: the mean over ``chosen`` pairs of
    the outcome rate of their cell among all candidates."""
    rate = pd.Series(np.asarray(outcome, dtype=float)).groupby(np.asarray(cells)).mean()
    return float(rate.reindex(np.asarray(cells)[chosen]).mean())


def _bins(x, n: int = N_BINS) -> np.ndarray:
    return pd.qcut(pd.Series(x).rank(method="first"), n, labels=False).to_numpy()


def alliance_backtest(store, top: int | None = None, ks=KS) -> Results:
    """Run every split of :data:`SPLITS` (module docstring). ``top`` adds one k to ``ks``."""
    from megaregion.analysis.alliances import (
        CHAIN_INDUSTRIES,
        WEIGHTS,
        chain_matrix,
        excess_specialisation,
        national_employment,
        partner_relatedness,
        rank_normalise,
    )
    from megaregion.analysis.io_linkages import chain_coefficients
    from megaregion.metrics.complementarity import supply_chain_complementarity
    from megaregion.metrics.complexity import proximity, relatedness_density
    from megaregion.metrics.gravity import great_circle_km
    from megaregion.metrics.structure import location_quotient

    ks = sorted(set(ks) | ({int(top)} if top else set()))
    con = store.con
    tt = con.execute("SELECT origin, destination, period, weight FROM flows WHERE kind = 'tech_transfer' "
                     "AND category = 'intercity' AND weight > 0").df()
    if tt.empty:
        raise MegaregionError("no US technology transfer flows in the store (import the data first: "
                              "megaregion data import)")
    X, _ = national_employment(store, "us", EMPLOYMENT_YEAR)
    A = chain_coefficients(store, "us")
    codes = [c for c in A.index if c in X.columns]
    LQ = pd.DataFrame(np.asarray(location_quotient(X), dtype=float), index=X.index, columns=X.columns)
    known = X.notna()
    M = (LQ >= 1.0).astype(float).where(known, 0.0)
    phi = proximity(M.to_numpy(), known=known.to_numpy())
    dens = pd.DataFrame(relatedness_density(M.to_numpy(), phi, known=known.to_numpy()), index=X.index,
                        columns=X.columns)
    chain_codes = [c for c in codes if c in CHAIN_INDUSTRIES["us"]]
    A_use = chain_matrix(A.loc[codes, codes].astype(float), chain_codes)
    spec = excess_specialisation(LQ[chain_codes])
    regions = store.df("regions").set_index("region_id")
    ind = store.df("indicators")
    pat = ind[(ind["indicator"] == "patents_utility") & (ind["source"] == "us/patents_metro")]
    pat_year = int(pat["year"].min())
    pat = pat[pat["year"] == pat_year].groupby("region_id")["value"].sum()
    counties = regions[regions["level"] == "county"]
    pop = ind[(ind["indicator"] == "population_estimate") & ind["region_id"].isin(counties.index)]
    pop_year = int(pop["year"].min())
    pop = pop[pop["year"] == pop_year]
    metro_of = counties["metro_2023"].fillna(counties["metro_2018"])
    popm = pop.assign(m=pop["region_id"].map(metro_of)).groupby("m")["value"].sum()
    total = X[codes].sum(axis=1, min_count=1)

    rows, aucs, sizes = [], [], []
    for train, test in SPLITS:
        before = tt[tt["period"].isin(train)]
        active = sorted(set(tt.loc[tt["period"] == train[-1], "origin"]) | set(tt.loc[tt["period"] == train[-1], "destination"]))
        ids = [r for r in active if r in spec.index and r in regions.index
               and np.isfinite(regions.loc[r, ["lat", "lon"]].to_numpy(dtype=float)).all()
               and spec.loc[r].notna().all()]
        n = len(ids)
        pos = {r: i for i, r in enumerate(ids)}
        linked = np.zeros((n, n), dtype=bool)
        for o, d in zip(before["origin"], before["destination"]):
            if o in pos and d in pos:
                linked[pos[o], pos[d]] = linked[pos[d], pos[o]] = True
        new = np.zeros((n, n), dtype=bool)
        t = tt[tt["period"] == test]
        for o, d in zip(t["origin"], t["destination"]):
            if o in pos and d in pos:
                new[pos[o], pos[d]] = new[pos[d], pos[o]] = True
        C = supply_chain_complementarity(spec.loc[ids], A_use.loc[chain_codes, chain_codes]).to_numpy()
        R = partner_relatedness(dens.loc[ids, codes].to_numpy(), M.loc[ids, codes].where(known.loc[ids, codes]).to_numpy())
        coords = regions.loc[ids, ["lat", "lon"]].to_numpy(dtype=float)
        D = great_circle_km(coords[:, 0], coords[:, 1])
        v = (pat.reindex(ids) / popm.reindex(ids) * 1e4).to_numpy(dtype=float)
        size = total.reindex(ids).to_numpy(dtype=float)
        chain_size = X.loc[ids, chain_codes].sum(axis=1, min_count=1).to_numpy(dtype=float)
        iu, ju = np.triu_indices(n, 1)
        cand = ~linked[iu, ju]
        iu, ju = iu[cand], ju[cand]
        y = new[iu, ju]
        rel = np.vstack([R[iu, ju], R[ju, iu]])
        comp = pd.DataFrame({
            "complementarity": C[iu, ju] + C[ju, iu],
            "relatedness": np.nanmean(rel, axis=0) if len(iu) else np.array([]),
            "proximity": -D[iu, ju],
            "innovation": np.sqrt(v[iu] * v[ju]),
            "scale": np.sqrt(chain_size[iu] * chain_size[ju]),
        })
        mass = size[iu] * size[ju]
        num = np.zeros(len(comp))
        den = np.zeros(len(comp))
        for k, wk in WEIGHTS.items():
            q = rank_normalise(comp[k].to_numpy(dtype=float))
            ok = np.isfinite(q)
            num += np.where(ok, wk * np.nan_to_num(q), 0.0)
            den += np.where(ok, wk, 0.0)
        score = num / den
        cells = _bins(D[iu, ju]) * N_BINS + _bins(mass)
        base = float(y.mean())
        label = f"{train[-1]} -> {test}"
        for k in ks:
            if k > len(y):
                continue
            p, chosen = precision_at_k(score, y, k)
            m = matched_rate(cells, y, chosen)
            rows.append({"split": label, "k": k, "precision_at_k": p, "matched_random": m,
                         "lift_matched": p / m if m > 0 else np.nan, "base_rate": base,
                         "lift_unmatched": p / base if base > 0 else np.nan})
        gravity = np.log(mass) - 2 * np.log(np.maximum(D[iu, ju], 1.0))
        for name, s in (("score", score), ("complementarity", comp["complementarity"]),
                        ("relatedness", comp["relatedness"]), ("proximity", comp["proximity"]),
                        ("innovation", comp["innovation"]), ("scale", comp["scale"]), ("size", mass),
                        ("gravity", gravity)):
            aucs.append({"split": label, "ranking": name, "auc": auc(s, y),
                         "auc_within_distance_size": stratified_auc(s, y, cells)})
        sizes.append({"split": label, "metros": n, "candidate_pairs": int(len(y)), "new_links": int(y.sum()),
                      "base_rate": base})
    table = pd.DataFrame(rows)
    auc_table = pd.DataFrame(aucs)
    design = pd.DataFrame(sizes)
    findings = []
    main = table[table["split"] == table["split"].iloc[0]]
    if len(main):
        r = main[main["k"] == 100].iloc[0] if (main["k"] == 100).any() else main.iloc[0]
        findings.append(Finding(
            f"Backtest {r['split']}: of the {int(r['k'])} top-scored metro pairs without an earlier transfer, "
            f"{r['precision_at_k']:.1%} formed one in the test period, against {r['matched_random']:.1%} for random "
            f"pairs of the same distance and size (lift {r['lift_matched']:.2f}).",
            f"回测（{r['split']}）：此前无技术转移的都市区对中得分最高的{int(r['k'])}对，在检验期有"
            f"{r['precision_at_k']:.1%}发生了技术转移；距离和规模相同的随机城市对为{r['matched_random']:.1%}"
            f"（提升倍数{r['lift_matched']:.2f}）。",
            "backtest", float(r["lift_matched"]), column="lift_matched",
            where={"split": r["split"], "k": int(r["k"])}))
        a = auc_table[(auc_table["split"] == r["split"]) & (auc_table["ranking"] == "score")].iloc[0]
        findings.append(Finding(
            f"AUC of the score over all candidate pairs: {a['auc']:.3f}; within cells of equal distance and size: "
            f"{a['auc_within_distance_size']:.3f} (0.5 = no better than chance).",
            f"得分在全部候选城市对上的曲线下面积为{a['auc']:.3f}；在距离和规模相同的分组内为"
            f"{a['auc_within_distance_size']:.3f}（0.5即不优于随机）。",
            "auc", float(a["auc_within_distance_size"]), column="auc_within_distance_size",
            where={"split": r["split"], "ranking": "score"}))
    notes = [
        Note("Look-ahead leak: the industry structure is County Business Patterns 2018 and innovation capacity "
             f"is USPTO patents of {pat_year} per resident ({pop_year}), both after the training period; the "
             "input-output coefficients are of 2023. The backtest shows whether today's structure lines up with the "
             "links that formed in the test period, not that the score could have been computed in 1999 or 1975.",
             f"前视偏差：产业结构采用2018年县域商业模式（CBP）数据，创新能力采用{pat_year}年USPTO专利与"
             f"{pop_year}年人口，均晚于训练期；投入产出系数为2023年。回测只说明当前结构与检验期新形成的联系是否吻合，"
             "不说明该得分在1999年或1975年即可算出。"),
        Note("Cities are the metros with a transfer in the last training period; candidates are their pairs with no "
             "transfer in any period up to its end; a new link is a transfer in either direction in the test period. "
             "Matched random pairs: the new-link rate of each top pair's cell of distance quintile x size quintile "
             "(size = product of the metros' CBP employment).",
             "城市为训练期最后一个时期有技术转移的都市区；候选为截至训练期末任何时期均无技术转移的城市对；"
             "新联系指检验期内任一方向的技术转移。匹配随机对：每个入选城市对所在的距离五分位×规模五分位组内的新联系比例"
             "（规模为两都市区CBP就业之积）。"),
    ]
    return Results("Backtest of the alliance ranking (US inter-metro technology transfer)",
                   "联盟排序回测（美国都市区间技术转移）",
                   {"backtest": table, "auc": auc_table, "design": design}, "backtest", findings, notes)
