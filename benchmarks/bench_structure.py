"""Structure-kernel benchmark on the real county CBP 4-digit file, against plain pandas.

Reads ``us/cbp_county_naics4_2017_2021.csv.gz`` (paid employees, 2017 and 2021), pivots it to
county × NAICS-4 matrices (union of counties and industries of both years; an absent CBP row is
taken as 0 — since 2017 CBP omits cells with fewer than 3 establishments, see the data README),
then runs, timed, in the same process:

* megaregion kernels: LQ, Krugman index (vs rest), Hoover per industry (base: county totals),
  HHI per county, Gini and locational Gini per industry, Theil of county employment with state
  groups (total + per industry), the county × county similarity matrix, related/unrelated
  variety with 3-digit parents, shift-share (classic and Esteban-Marquillas, group as
  reference), APS-manufacturing balance + classes, functional specialization and
  manufacturing relocation (core = the 100 largest counties in 2017);
* a baseline doing the same computations the way an analyst would in pandas (long-format
  groupby / transform / apply and per-industry loops; pandas' own ``DataFrame.dot`` for the
  similarity matrix), not deliberately slow but not hand-vectorised in numpy.

Data loading and pivoting are not timed. Reports best-of-N seconds and the ratio
baseline / kernels (above 1: kernels faster), and checks that both give the same numbers.
Target: kernels < 1 s in total and faster than the baseline. Usage::

    MEGAREGION_DATA=../shared/data python benchmarks/bench_structure.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from megaregion.metrics import balance as B
from megaregion.metrics import structure as S

FILE = "cbp_county_naics4_2017_2021.csv.gz"
APS_PREFIXES = ("51", "52", "54", "55", "56")  # advanced producer services (sectors.py families)


def load(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    df = pd.read_csv(data_dir / "us" / FILE, dtype={"fips": str, "naics": str},
                     usecols=["fips", "year", "naics", "employees"])
    df = df[df["year"].isin([2017, 2021])]
    wide = df.pivot_table(index="fips", columns=["year", "naics"], values="employees",
                          aggfunc="sum", fill_value=0)
    codes = sorted(set(df["naics"]))
    x0 = wide[2017].reindex(columns=codes, fill_value=0).astype(float)
    x1 = wide[2021].reindex(columns=codes, fill_value=0).astype(float)
    return x0, x1, df


def aps_mfg(x: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    cols = x.columns.astype(str)
    aps_cols = cols.str.startswith(APS_PREFIXES) & ~cols.str.startswith("562")
    mfg_cols = cols.str.startswith(("31", "32", "33"))
    return x.loc[:, aps_cols].sum(axis=1), x.loc[:, mfg_cols].sum(axis=1)


# ------------------------------------------------------------------------------------------
def run_kernels(x0: pd.DataFrame, x1: pd.DataFrame, states: pd.Series, core: list[str]) -> dict:
    out = {}
    out["lq"] = S.location_quotient(x0)
    out["krugman"] = S.krugman_index(x0, versus="rest")
    out["hoover"] = S.hoover_index(x0, weights="total")
    out["hhi"] = S.herfindahl(x0)
    out["gini"] = S.gini(x0)
    out["locgini"] = S.locational_gini(x0)
    out["theil_total"] = S.theil_index(x0.sum(axis=1), groups=states)
    out["theil_ind"] = S.theil_index(x0, groups=states)
    out["similarity"] = S.similarity_matrix(x0)
    out["variety"] = S.related_unrelated_variety(x0, lambda c: c[:3])
    out["ss_classic"] = S.shift_share(x0, x1)
    out["ss_em"] = S.shift_share(x0, x1, method="esteban-marquillas")
    aps, mfg = aps_mfg(x0)
    share_a, share_m = aps / x0.sum(axis=1), mfg / x0.sum(axis=1)
    out["balance"] = B.service_manufacturing_balance(share_a, share_m)
    out["balance_class"] = B.classify_balance(share_a, share_m)
    is_core = x0.index.isin(core)
    out["fs"] = B.functional_specialization((aps[is_core].sum(), mfg[is_core].sum()),
                                            (aps[~is_core].sum(), mfg[~is_core].sum()))
    out["relocation"] = B.relocation_shares(mfg, aps_mfg(x1)[1], core)
    return out


# ------------------------------------------------------------------------------------------
def gini_pandas(s: pd.Series) -> float:
    v = s.sort_values().to_numpy()
    n = len(v)
    return float(2 * (np.arange(1, n + 1) * v).sum() / (n * v.sum()) - (n + 1) / n)


def locgini_pandas(ind: pd.Series, pop: pd.Series) -> float:
    d = pd.DataFrame({"ind": ind, "pop": pop})
    d = d[d["pop"] > 0]
    if d["ind"].sum() == 0:
        return float("nan")
    d = d.assign(ratio=d["ind"] / d["pop"]).sort_values("ratio", kind="stable")
    c = d["ind"].cumsum() / d["ind"].sum()
    p = d["pop"].cumsum() / d["pop"].sum()
    return float(((c.shift(-1) * p).sum() - (c * p.shift(-1)).sum()) / 2)


def theil_pandas(v: pd.Series, g: pd.Series) -> tuple[float, float, float]:
    d = pd.DataFrame({"x": v, "g": g})
    mu = d["x"].mean()
    if mu == 0:
        return float("nan"), float("nan"), float("nan")
    r = d["x"] / mu
    total = (r * np.log(r.where(r > 0, 1.0))).mean()
    gs = d.groupby("g")["x"].agg(["mean", "count"])
    w = gs["count"] / len(d) * gs["mean"] / mu
    between = (w * np.log((gs["mean"] / mu).where(gs["mean"] > 0, 1.0))).sum()
    d["mu_g"] = d.groupby("g")["x"].transform("mean")
    rg = d["x"] / d["mu_g"]
    d["t"] = rg * np.log(rg.where(rg > 0, 1.0))
    tg = d.groupby("g")["t"].mean()
    within = (w * tg).sum()
    return float(total), float(between), float(within)


def run_pandas(x0: pd.DataFrame, x1: pd.DataFrame, states: pd.Series, core: list[str]) -> dict:
    out = {}
    long0 = x0.rename_axis(index="fips", columns="naics").stack().rename("emp").reset_index()
    long0["reg_tot"] = long0.groupby("fips")["emp"].transform("sum")
    long0["ind_tot"] = long0.groupby("naics")["emp"].transform("sum")
    grand = long0["emp"].sum()
    long0["share"] = long0["emp"] / long0["reg_tot"]
    long0["lq"] = long0["share"] / (long0["ind_tot"] / grand)
    out["lq"] = long0.pivot(index="fips", columns="naics", values="lq")
    long0["rest_share"] = (long0["ind_tot"] - long0["emp"]) / (grand - long0["reg_tot"])
    out["krugman"] = (long0["share"] - long0["rest_share"]).abs().groupby(
        long0["fips"]).sum(min_count=1)
    long0["base"] = long0["reg_tot"] / grand
    out["hoover"] = long0.groupby("naics").apply(
        lambda d: 0.5 * (d["emp"] / d["emp"].sum() - d["base"]).abs().sum(skipna=False),
        include_groups=False)
    out["hhi"] = (long0["share"] ** 2).groupby(long0["fips"]).sum(min_count=1)
    out["gini"] = pd.Series({c: gini_pandas(x0[c]) for c in x0.columns})
    pop = x0.sum(axis=1) / x0.to_numpy().sum()
    out["locgini"] = pd.Series({c: locgini_pandas(x0[c], pop) for c in x0.columns})
    out["theil_total"] = theil_pandas(x0.sum(axis=1), states)
    out["theil_ind"] = pd.DataFrame({c: theil_pandas(x0[c], states) for c in x0.columns},
                                    index=["total", "between", "within"]).T
    norm = x0.div(np.sqrt((x0 ** 2).sum(axis=1)), axis=0)
    out["similarity"] = norm.dot(norm.T)
    long0["parent"] = long0["naics"].str[:3]
    long0["P"] = long0.groupby(["fips", "parent"])["share"].transform("sum")
    pos = long0[long0["share"] > 0]
    ent = (-pos["share"] * np.log2(pos["share"])).groupby(pos["fips"]).sum()
    Pg = pos.groupby(["fips", "parent"])["share"].sum()
    uv = (-Pg * np.log2(Pg)).groupby(level="fips").sum()
    rv = (pos["share"] * np.log2(pos["P"] / pos["share"])).groupby(pos["fips"]).sum()
    out["variety"] = pd.DataFrame({"unrelated_variety": uv, "related_variety": rv,
                                   "entropy": ent})
    # shift-share, group as reference
    long1 = x1.rename_axis(index="fips", columns="naics").stack().rename("emp1").reset_index()
    ss = long0[["fips", "naics", "emp", "reg_tot"]].merge(long1, on=["fips", "naics"])
    R0 = ss.groupby("naics")["emp"].transform("sum")
    R1 = ss.groupby("naics")["emp1"].transform("sum")
    G = ss["emp1"].sum() / ss["emp"].sum() - 1
    Gi = (R1 / R0 - 1).where(R0 > 0, 0.0)  # industry absent in year 0: x0 = 0 there anyway
    ss["national"] = ss["emp"] * G
    ss["industry_mix"] = ss["emp"] * (Gi - G)
    ss["competitive"] = (ss["emp1"] - ss["emp"]) - ss["emp"] * Gi
    ss["homothetic"] = ss["reg_tot"] * R0 / ss["emp"].sum()
    d = (ss["emp1"] - ss["emp"]) / ss["emp"].where(ss["emp"] > 0) - Gi
    d = d.where(~((ss["emp"] == 0) & (ss["emp1"] == 0)), 0.0)
    ss["net_competitive"] = ss["homothetic"] * d
    ss["allocation"] = (ss["emp"] - ss["homothetic"]) * d
    out["ss_regions"] = ss.groupby("fips")[["national", "industry_mix", "competitive"]].sum()
    out["ss_em_regions"] = ss.groupby("fips")[["net_competitive", "allocation"]].sum()
    aps, mfg = aps_mfg(x0)
    tot = x0.sum(axis=1)
    a, m = aps / tot, mfg / tot
    out["balance"] = (1 - (a - m).abs() / (a + m))
    cls = []
    for av, mv, bv in zip(a, m, out["balance"]):
        cls.append("undefined" if pd.isna(bv) else "composite" if bv >= 2 / 3
                   else "service-led" if av > mv else "manufacturing-led")
    out["balance_class"] = pd.Series(cls, index=a.index)
    is_core = x0.index.isin(core)
    out["fs"] = (aps[is_core].sum() / mfg[is_core].sum()) / (aps[~is_core].sum()
                                                             / mfg[~is_core].sum())
    mfg1 = aps_mfg(x1)[1]
    rel = pd.DataFrame({"share0": 100 * mfg / mfg.sum(), "share1": 100 * mfg1 / mfg1.sum()})
    rel["change_pp"] = rel["share1"] - rel["share0"]
    out["relocation"] = rel
    return out


def check_same(k: dict, p: dict) -> None:
    def close(a, b, what):
        a = np.asarray(a, dtype=float)
        b = np.asarray(b, dtype=float)
        ok = np.allclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True)
        if not ok:
            raise SystemExit(f"MISMATCH kernels vs pandas in {what}")

    close(k["lq"].to_numpy(), p["lq"].reindex_like(k["lq"]).to_numpy(), "LQ")
    close(k["krugman"], p["krugman"].reindex(k["krugman"].index), "Krugman")
    close(k["hoover"], p["hoover"].reindex(k["hoover"].index), "Hoover")
    close(k["hhi"], p["hhi"].reindex(k["hhi"].index), "HHI")
    close(k["gini"], p["gini"].reindex(k["gini"].index), "Gini")
    close(k["locgini"], p["locgini"].reindex(k["locgini"].index), "locational Gini")
    t = k["theil_total"]
    close([t.total, t.between, t.within], p["theil_total"], "Theil")
    ti = k["theil_ind"]
    close(np.column_stack([ti.total, ti.between, ti.within]),
          p["theil_ind"].reindex(ti.total.index).to_numpy(), "Theil per industry")
    close(k["similarity"].to_numpy(), p["similarity"].to_numpy(), "similarity")
    close(k["variety"].to_numpy(), p["variety"].reindex(k["variety"].index).to_numpy(),
          "variety")
    reg = k["ss_classic"].regions
    close(reg[["national", "industry_mix", "competitive"]].to_numpy(),
          p["ss_regions"].reindex(reg.index).to_numpy(), "shift-share")
    em = k["ss_em"].regions
    close(em[["net_competitive", "allocation"]].to_numpy(),
          p["ss_em_regions"].reindex(em.index).to_numpy(), "Esteban-Marquillas")
    close(k["balance"], p["balance"], "balance")
    if not (k["balance_class"] == p["balance_class"]).all():
        raise SystemExit("MISMATCH kernels vs pandas in balance classes")
    close(k["fs"], p["fs"], "functional specialization")
    close(k["relocation"].regions["change_pp"], p["relocation"]["change_pp"], "relocation")


def best_of(fn, *args, repeat: int) -> tuple[float, dict]:
    best, out = float("inf"), {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    value = os.environ.get("MEGAREGION_DATA")
    if not value or not (Path(value) / "us" / FILE).is_file():
        print(f"MEGAREGION_DATA must name the data folder holding us/{FILE}", file=sys.stderr)
        return 2
    x0, x1, _ = load(Path(value))
    states = pd.Series(x0.index.str[:2], index=x0.index)
    core = x0.sum(axis=1).nlargest(100).index.tolist()
    print(f"matrices: {x0.shape[0]:,} counties × {x0.shape[1]} NAICS-4 industries, "
          f"2017 and 2021; {states.nunique()} states; core = 100 largest counties")

    # per-kernel timings (one pass each) to show where the time goes
    steps = {
        "location_quotient": lambda: S.location_quotient(x0),
        "krugman_index": lambda: S.krugman_index(x0),
        "hoover_index": lambda: S.hoover_index(x0, weights="total"),
        "herfindahl": lambda: S.herfindahl(x0),
        "gini": lambda: S.gini(x0),
        "locational_gini": lambda: S.locational_gini(x0),
        "theil_index (per industry, states)": lambda: S.theil_index(x0, groups=states),
        "similarity_matrix": lambda: S.similarity_matrix(x0),
        "related_unrelated_variety": lambda: S.related_unrelated_variety(x0, lambda c: c[:3]),
        "shift_share classic": lambda: S.shift_share(x0, x1),
        "shift_share esteban-marquillas":
            lambda: S.shift_share(x0, x1, method="esteban-marquillas"),
    }
    for name, fn in steps.items():
        t0 = time.perf_counter()
        fn()
        print(f"  {name:<38s} {time.perf_counter() - t0:8.4f} s")

    t_k, k = best_of(run_kernels, x0, x1, states, core, repeat=args.repeat)
    with np.errstate(divide="ignore", invalid="ignore"):  # empty industries/counties → NaN
        t_p, p = best_of(run_pandas, x0, x1, states, core, repeat=args.repeat)
    check_same(k, p)
    print(f"kernels (all):  {t_k:8.3f} s   (best of {args.repeat})")
    print(f"pandas baseline:{t_p:8.3f} s   (best of {args.repeat})")
    print(f"ratio baseline / kernels: {t_p / t_k:6.2f}x   results agree to 1e-9")
    ok = t_k < 1.0 and t_k < t_p
    print("target (kernels < 1 s and faster than baseline):", "MET" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
