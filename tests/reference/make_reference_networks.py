"""Build small REAL reference networks from the shared data, as edge-list CSVs.

Run from the repository root with the project venv::

    .venv/bin/python tests/reference/make_reference_networks.py [DATA_DIR]

``DATA_DIR`` defaults to ``/work/shared/data`` (read only). For each network ``NAME`` it writes
``tests/reference/networks/NAME_nodes.csv`` (``node_id,name``; the row order is the matrix
order used by every reference script) and ``NAME_edges.csv`` (``origin,destination,weight``,
rows = origin, columns = destination; self-loops kept where the source has them). Each network
has at most 60 nodes.

Networks
--------
us_boswash_tt_1976_1999, us_boswash_tt_2000_2023
    Directed technology-transfer counts (Li, Du & Yu 2025, *Nature Cities*) among the metros of
    the BosWash megaregion (``us/megaregions_cbsa_2023.csv``, group ``us-boswash``). The
    transfer file uses pre-2023 CBSA codes, so a metro belongs to BosWash if its code is a 2023
    BosWash code or a 2018 code of a BosWash county (``us/megaregions_counties_2023.csv``).
    The 40 metros with the largest total (in + out, within BosWash) are kept.
us_boswash_tt_2000_2023_ge100
    The 2000-2023 network restricted to pairs with at least 100 transfers (same 27 nodes;
    sparse, with isolates and a non-trivial hierarchy).
cn_ele_2008
    Chinese high-tech firm links, subsector ``ele`` (technology hardware and equipment),
    ``links/cn_hightech_firm_links_1998_2008.csv``: the 50 cities with the largest total
    links (row + column sums, diagonal excluded from the ranking); the diagonal is kept as
    self-loops. Node ids are the 6-digit city codes where the source gives one, else the
    source name.
us_boswash_commuting_2009_2013
    ACS 2009-2013 county-to-county commuting (residence -> workplace) aggregated to 2018
    metros (``us/county_reference.csv`` ``cbsa_code_2018``) among the 30 BosWash metros with
    the most workers commuting in or out (within BosWash); intra-metro flows kept as
    self-loops.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parent / "networks"


def _write(name: str, nodes: pd.DataFrame, edges: pd.DataFrame) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    nodes = nodes[["node_id", "name"]].reset_index(drop=True)
    edges = edges[["origin", "destination", "weight"]]
    edges = edges[edges["weight"] > 0].sort_values(["origin", "destination"])
    assert set(edges["origin"]) | set(edges["destination"]) <= set(nodes["node_id"])
    assert len(nodes) <= 60
    nodes.to_csv(OUT / f"{name}_nodes.csv", index=False)
    edges.to_csv(OUT / f"{name}_edges.csv", index=False)
    print(f"{name}: {len(nodes)} nodes, {len(edges)} edges")


def _top(edges: pd.DataFrame, k: int, exclude_diagonal: bool = True) -> list:
    e = edges[edges["origin"] != edges["destination"]] if exclude_diagonal else edges
    tot = e.groupby("origin")["weight"].sum().add(
        e.groupby("destination")["weight"].sum(), fill_value=0
    )
    tot = tot.sort_values(ascending=False, kind="mergesort")
    # ties broken by id so that the selection is reproducible
    tot = tot.reset_index().rename(columns={"index": "id", 0: "w"})
    tot.columns = ["id", "w"]
    tot = tot.sort_values(["w", "id"], ascending=[False, True])
    return tot["id"].head(k).tolist()


def boswash_codes(data: Path) -> set[str]:
    cbsa = pd.read_csv(data / "us/megaregions_cbsa_2023.csv", dtype=str)
    cty = pd.read_csv(data / "us/megaregions_counties_2023.csv", dtype=str)
    codes = set(cbsa.loc[cbsa["group_id"] == "us-boswash", "cbsa_code"])
    c18 = cty.loc[cty["group_id"] == "us-boswash", "cbsa_code_2018"].dropna()
    return codes | set(c18)


def tech_transfer(data: Path, codes: set[str]) -> None:
    tt = pd.read_csv(data / "links/us_cbsa_tech_transfer_pairs_1858_2023.csv", dtype=str)
    tt["transfers"] = tt["transfers"].astype(float)
    for period in ("1976-1999", "2000-2023"):
        p = tt[(tt["period"] == period) & tt["source_cbsa"].isin(codes) & tt["target_cbsa"].isin(codes)]
        e = p.rename(columns={"source_cbsa": "origin", "target_cbsa": "destination", "transfers": "weight"})
        e = e.groupby(["origin", "destination"], as_index=False)["weight"].sum()
        keep = sorted(_top(e, 40))
        e = e[e["origin"].isin(keep) & e["destination"].isin(keep)]
        titles = dict(zip(p["source_cbsa"], p["source_cbsa_title_2023"].fillna("")))
        titles.update(dict(zip(p["target_cbsa"], p["target_cbsa_title_2023"].fillna(""))))
        nodes = pd.DataFrame({"node_id": keep, "name": [titles.get(c, "") or c for c in keep]})
        _write(f"us_boswash_tt_{period.replace('-', '_')}", nodes, e)
        if period == "2000-2023":
            # sparse backbone (same node set): only pairs with at least 100 transfers
            _write("us_boswash_tt_2000_2023_ge100", nodes, e[e["weight"] >= 100])


def cn_ele(data: Path) -> None:
    cn = pd.read_csv(data / "links/cn_hightech_firm_links_1998_2008.csv", dtype=str)
    cn = cn[cn["subsector_code"] == "ele"].copy()
    cn["origin"] = cn["row_city_code"].fillna(cn["row_city"])
    cn["destination"] = cn["col_city_code"].fillna(cn["col_city"])
    cn["weight"] = cn["links"].astype(float)
    e = cn.groupby(["origin", "destination"], as_index=False)["weight"].sum()
    keep = sorted(_top(e, 50))
    e = e[e["origin"].isin(keep) & e["destination"].isin(keep)]
    names = dict(zip(cn["origin"], cn["row_city"]))
    names.update(dict(zip(cn["destination"], cn["col_city"])))
    nodes = pd.DataFrame({"node_id": keep, "name": [names[c] for c in keep]})
    _write("cn_ele_2008", nodes, e)


def commuting(data: Path, codes: set[str]) -> None:
    ref = pd.read_csv(data / "us/county_reference.csv", dtype=str)
    c2m = dict(zip(ref["fips"], ref["cbsa_code_2018"]))
    titles = dict(zip(ref["cbsa_code_2018"], ref["cbsa_title_2018"]))
    fl = pd.read_csv(data / "us/acs_commuting_county_flows_2009_2013.csv.gz", dtype=str)
    fl = fl.dropna(subset=["work_fips"])
    fl["origin"] = fl["res_fips"].map(c2m)
    fl["destination"] = fl["work_fips"].map(c2m)
    fl = fl.dropna(subset=["origin", "destination"])
    fl = fl[fl["origin"].isin(codes) & fl["destination"].isin(codes)]
    fl["weight"] = fl["workers"].astype(float)
    e = fl.groupby(["origin", "destination"], as_index=False)["weight"].sum()
    keep = sorted(_top(e, 30))
    e = e[e["origin"].isin(keep) & e["destination"].isin(keep)]
    nodes = pd.DataFrame({"node_id": keep, "name": [titles.get(c, c) for c in keep]})
    _write("us_boswash_commuting_2009_2013", nodes, e)


# Small hand-made graphs (written with the real ones so that the R and cpnet scripts treat
# them the same way). (origin, destination, weight); node ids are 0..n-1.
TOYS: dict[str, tuple[int, list[tuple[int, int, float]]]] = {
    "toy_out_star": (5, [(0, j, 1.0) for j in range(1, 5)]),
    "toy_in_star": (5, [(j, 0, 1.0) for j in range(1, 5)]),
    "toy_cycle5": (5, [(i, (i + 1) % 5, 1.0) for i in range(5)]),
    "toy_complete4": (4, [(i, j, 1.0) for i in range(4) for j in range(4) if i != j]),
    "toy_out_tree": (6, [(0, 1, 1.0), (0, 2, 1.0), (1, 3, 1.0), (1, 4, 1.0), (2, 5, 1.0)]),
    "toy_two_components": (
        7,
        [(0, 0, 7.0), (0, 1, 2.0), (0, 2, 3.0), (1, 2, 1.0), (3, 4, 5.0), (4, 3, 1.0), (4, 5, 2.0)],
    ),
    "toy_valued_paths": (
        5,
        [(0, 1, 1.0), (1, 2, 3.0), (0, 2, 5.0), (2, 3, 2.0), (3, 0, 1.0), (1, 4, 2.0), (4, 2, 0.5)],
    ),
}


def toys() -> None:
    for name, (n, edges) in TOYS.items():
        nodes = pd.DataFrame({"node_id": [str(i) for i in range(n)], "name": [f"v{i}" for i in range(n)]})
        e = pd.DataFrame(edges, columns=["origin", "destination", "weight"])
        e[["origin", "destination"]] = e[["origin", "destination"]].astype(str)
        _write(name, nodes, e)


def main(data_dir: str = "/work/shared/data") -> None:
    data = Path(data_dir)
    toys()
    codes = boswash_codes(data)
    tech_transfer(data, codes)
    cn_ele(data)
    commuting(data, codes)


if __name__ == "__main__":
    main(*sys.argv[1:])
