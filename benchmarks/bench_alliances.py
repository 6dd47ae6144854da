"""Alliance recommendations on the largest groups, with the parts timed.

Cases (real data, ``MEGAREGION_DATA`` and a store built by ``megaregion data import`` named by
``MEGAREGION_STORE``):

* ``cn-yreb``: 131 cities (those with section employment are ranked) × 19 GB/T sections, all
  Chinese cities for the location quotients and relatedness, firm links for the gap;
* ``us-chipitts`` metros × NAICS sectors (the workflow's own level), technology transfer;
* ``us-chipitts`` counties × NAICS 4-digit industries: every CBP county of the nation for LQ and
  relatedness, the NAICS-4 chain coefficients, county commuting for the gravity fit.

Parts timed: load (national employment matrix), LQ, relatedness (proximity + density),
IO (chain coefficients), complementarity, gravity fit (PPML), scoring (``rank_pairs``), and
for the first two cases the whole workflow (``alliances``) end to end.

Baseline measured in the same run: the complementarity written as the obvious loop over city
pairs (``s_a · A · s_bᵀ`` for each pair) against the kernel's one matrix product
``S A Sᵀ``; both give the same matrix (checked) and the ratio loop / kernel is printed.
Usage::

    MEGAREGION_DATA=../shared/data MEGAREGION_STORE=/tmp/x/megaregion.duckdb \\
        .venv/bin/python benchmarks/bench_alliances.py [--repeat 3]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _store import ready_store  # noqa: E402  (the benchmarks folder is not a package)

import argparse
import statistics
import time
import warnings

import numpy as np
import pandas as pd


def timed(fn, repeat: int):
    out, ts = None, []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        ts.append(time.perf_counter() - t0)
    return out, statistics.median(ts)


def loop_complementarity(S: np.ndarray, A: np.ndarray) -> np.ndarray:
    n = len(S)
    C = np.full((n, n), np.nan)
    for a in range(n):
        for b in range(n):
            if a != b:
                C[a, b] = S[a] @ A @ S[b]
    return C


def run_case(store, label, *, economy, group_ids, level, flows_fn, repeat):
    from megaregion.analysis.alliances import (
        CHAIN_INDUSTRIES,
        chain_matrix,
        excess_specialisation,
        national_employment,
        partner_relatedness,
        rank_pairs,
    )
    from megaregion.analysis.io_linkages import chain_coefficients
    from megaregion.metrics.complementarity import supply_chain_complementarity
    from megaregion.metrics.complexity import proximity, relatedness_density
    from megaregion.metrics.gravity import fit_ppml_gravity, great_circle_km
    from megaregion.metrics.structure import location_quotient

    t = {}
    if level == "naics4":
        from megaregion.analysis.complexity_map import national_matrix

        X, t["load"] = timed(lambda: national_matrix(store, "us/cbp_county", 2019, 4).values, repeat)
    else:
        (X, _), t["load"] = timed(lambda: national_employment(store, economy, 2019), repeat)
    LQ, t["lq"] = timed(lambda: pd.DataFrame(np.asarray(location_quotient(X), dtype=float), index=X.index,
                                             columns=X.columns), repeat)
    known = X.notna()

    def related():
        M = (LQ >= 1.0).astype(float).where(known, 0.0)
        phi = proximity(M.to_numpy(), known=known.to_numpy())
        return M, relatedness_density(M.to_numpy(), phi, known=known.to_numpy())

    (M, dens), t["relatedness"] = timed(related, repeat)
    io_economy = "us" if economy.startswith("us") else "cn"
    A, t["io"] = timed(lambda: chain_coefficients(store, io_economy, level=level), repeat)
    codes = [c for c in A.index if c in X.columns]
    ids = [r for r in group_ids if r in X.index]
    if level == "naics4":
        chain_codes = [c for c in codes if c[:2] in ("31", "32", "33", "42", "48", "49", "51", "52", "54", "55", "56")]
    else:
        chain_codes = [c for c in codes if c in CHAIN_INDUSTRIES[io_economy]]
    A_use = chain_matrix(A.loc[codes, codes].astype(float), chain_codes).loc[chain_codes, chain_codes]
    spec = excess_specialisation(LQ.loc[ids, chain_codes]).fillna(0.0)  # timing only: unknown as 0
    C, t["complementarity"] = timed(lambda: supply_chain_complementarity(spec, A_use), repeat)
    _, t_loop = timed(lambda: loop_complementarity(spec.to_numpy(), A_use.to_numpy()), 1)
    same = np.allclose(C.to_numpy(), loop_complementarity(spec.to_numpy(), A_use.to_numpy()), equal_nan=True)
    pos = {r: i for i, r in enumerate(X.index)}
    rows = [pos[r] for r in ids]
    R = partner_relatedness(np.asarray(dens)[rows][:, [X.columns.get_loc(c) for c in codes]],
                            M.loc[ids, codes].to_numpy())
    regions = store.df("regions").set_index("region_id")
    coords = regions.loc[ids, ["lat", "lon"]].to_numpy(dtype=float)
    D = great_circle_km(coords[:, 0], coords[:, 1])
    flows = flows_fn(ids)
    n_pairs_fit = 0
    if flows is not None and len(flows):
        ip = {r: i for i, r in enumerate(ids)}
        f = flows[flows["origin"].isin(ip) & flows["destination"].isin(ip) & (flows["origin"] != flows["destination"])]
        W = np.zeros((len(ids), len(ids)))
        for o, d, w in zip(f["origin"], f["destination"], f["weight"]):
            W[ip[o], ip[d]] += w
        act = np.flatnonzero(W.sum(0) + W.sum(1) > 0)
        pr = [(i, j) for i in act for j in act if i != j and D[i, j] > 0]
        df = pd.DataFrame({"o": [ids[i] for i, _ in pr], "d": [ids[j] for _, j in pr],
                           "flow": [W[i, j] for i, j in pr], "dist": [D[i, j] for i, j in pr]})
        n_pairs_fit = len(df)

        def fit():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return fit_ppml_gravity(df, "o", "d", "flow", "dist")

        _, t["gravity_fit"] = timed(fit, repeat)
    _, t["scoring"] = timed(lambda: rank_pairs(ids, C.to_numpy(), R, D, np.ones(len(ids))), repeat)
    total = sum(t.values())
    print(f"\n{label}: {len(ids)} cities x {len(chain_codes)} chain industries ({X.shape[0]} x {X.shape[1]} "
          f"national matrix), {len(ids) * (len(ids) - 1) // 2:,} pairs, {n_pairs_fit:,} directed pairs in the gravity fit")
    for k, v in t.items():
        print(f"  {k:16s} {v:8.3f} s  {100 * v / total:5.1f} %")
    print(f"  {'sum of parts':16s} {total:8.3f} s")
    print(f"  complementarity: loop over pairs {t_loop:.3f} s, kernel S A S^T {t['complementarity']:.4f} s, "
          f"ratio {t_loop / max(t['complementarity'], 1e-9):.0f}x, same matrix: {same}")
    return t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from megaregion.analysis.alliances import alliances

    store = ready_store()
    regions = store.df("regions")

    def group_flows(group, kind, period, category=None, to_metro=False):
        def fn(ids):
            f = store.group(group).flows
            f = f[(f["kind"] == kind) & (f["period"] == period)]
            if category:
                f = f[f["category"] == category]
            return f
        return fn

    yreb = store.group("cn-yreb")
    run_case(store, "cn-yreb (cities x sections)", economy="cn", group_ids=yreb.cities()["region_id"].tolist(),
             level="section", flows_fn=group_flows("cn-yreb", "firm_link", "1998-2008"), repeat=args.repeat)
    chp = store.group("us-chipitts")
    run_case(store, "us-chipitts (metros x NAICS sectors)", economy="us",
             group_ids=chp.cities()["region_id"].tolist(), level="naics2",
             flows_fn=group_flows("us-chipitts", "tech_transfer", "2000-2023", "intercity"), repeat=args.repeat)
    counties = chp.members.loc[chp.members["level"] == "county", "region_id"].drop_duplicates().tolist()
    run_case(store, "us-chipitts (counties x NAICS 4-digit)", economy="us-county", group_ids=counties,
             level="naics4", flows_fn=group_flows("us-chipitts", "commuting", "2009-2013"), repeat=args.repeat)
    for g in ("cn-yreb", "us-chipitts"):
        _, tw = timed(lambda: alliances(store, g, regions=regions), 1)
        print(f"\nwhole workflow alliances({g}): {tw:.2f} s")


if __name__ == "__main__":
    main()
