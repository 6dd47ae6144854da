"""Innovation-driver and complexity workflows on the real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from megaregion.analysis.complexity_map import complexity_map
from megaregion.analysis.innovation_driver import innovation_driver
from megaregion.errors import MegaregionError
from megaregion.metrics.complexity import economic_complexity


@pytest.fixture(scope="module")
def boswash(real_store):
    return innovation_driver(real_store.group("us-boswash"))


def test_indices_and_coupling_are_consistent(boswash):
    c = boswash.tables["cities"]
    for col in ("innovation_index", "industry_index", "C", "T", "D"):
        assert c[col].between(0, 1).all(), col
    assert np.allclose(c["D"], np.sqrt(c["C"] * c["T"]))
    assert np.allclose(c["C"], 2 * np.sqrt(c["innovation_index"] * c["industry_index"])
                       / (c["innovation_index"] + c["industry_index"]))
    w = boswash.tables["weights"]
    assert np.allclose(w.groupby("index")["weight"].sum(), 1.0)


def test_inputs_equal_raw_files(boswash, data_dir):
    # Metro patents are the county file summed over the 2023 metro's counties (io.us_vintages).
    raw = pd.read_csv(data_dir / "us" / "uspto_patents_county_2000_2015.csv", dtype={"fips": str})
    ref = pd.read_csv(data_dir / "us" / "county_reference.csv", dtype=str)
    ny_counties = ref.loc[ref["cbsa_code"] == "35620", "fips"]
    ny = raw[raw.fips.isin(ny_counties) & (raw.year == 2015)]["utility_patents"].sum()
    old = pd.read_csv(data_dir / "us" / "uspto_patents_cbsa_2000_2015.csv", dtype={"cbsa_code": str})
    ny_old = old[(old.cbsa_code == "35620") & (old.year == 2015)]["utility_patents"].item()
    c = boswash.tables["cities"].set_index("region_id")
    assert c.loc["us-cbsa:35620", "patents_utility"] == ny
    assert abs(ny - ny_old) < 0.01 * ny_old  # USPTO's own (older) New York metro
    assert c["innovation_index"].idxmax() == "us-cbsa:35620"


def test_boston_is_an_innovation_heart(boswash):
    """The brief's 'Heart of Innovation', Cambridge MA, lies in the Boston metro."""
    c = boswash.tables["cities"].set_index("region_id")
    assert bool(c.loc["us-cbsa:14460", "innovation_heart"])
    assert c.loc["us-cbsa:14460", "innovation_economy_ratio"] > 1.5
    assert any("Boston" in f for f in boswash.findings())


def test_association_and_notes(boswash):
    a = boswash.tables["association"].set_index("statistic")
    assert a.loc["spearman_rho", "n"] == len(boswash.tables["cities"])
    c = boswash.tables["cities"].dropna(subset=["innovation_index", "services_share_change"])
    from scipy import stats

    rho, p = stats.spearmanr(c["innovation_index"], c["services_share_change"])
    assert a.loc["spearman_rho", "value"] == pytest.approx(rho, abs=1e-12)
    assert a.loc["spearman_rho", "p_value"] == pytest.approx(p, abs=1e-12)
    assert any("Triple-helix" in n for n in boswash.notes)


def test_chinese_cluster_says_what_is_missing(real_store):
    res = innovation_driver(real_store.group("cn-chengyu"))
    assert "cn:510100" not in set(res.tables["cities"]["region_id"])  # Chengdu has no patents row
    assert any("Chengdu" in n for n in res.notes)
    yrd = innovation_driver(real_store.group("cn-yrd"))
    assert yrd.tables["cities"].iloc[0]["region_id"] == "cn:310000"
    assert len(yrd.findings("zh")) == len(yrd.findings("en")) >= 3


def test_bad_years(real_store):
    with pytest.raises(MegaregionError, match="increase"):
        innovation_driver(real_store.group("cn-yrd"), upgrade_years=(2019, 2010))


def test_complexity_equals_kernel_on_raw_file(real_store, data_dir):
    res = complexity_map(real_store, "us-chipitts", year=2019, level="naics4", unpublished="zero")
    raw = pd.read_csv(data_dir / "us" / "cbp_cbsa_naics2to4_2018_2019.csv.gz", dtype={"cbsa_code": str, "naics": str})
    r = raw[(raw.year == 2019) & (raw.level == 4)]
    X = r.pivot(index="cbsa_code", columns="naics", values="employees").fillna(0.0)
    X.index = "us-cbsa:" + X.index
    expected = economic_complexity(X)
    m = res.tables["members"].set_index("region_id")
    assert np.allclose(m["eci"], expected.eci.reindex(m.index), atol=1e-10)
    assert m.loc["us-cbsa:16980", "eci_national_rank"] <= 10  # Chicago is among the most complex metros
    assert len(res.tables["opportunities"]) > 0


def test_complexity_refuses_three_sector_data(real_store):
    with pytest.raises(MegaregionError, match="three sectors"):
        complexity_map(real_store, "cn-yrd")


def test_cli_innovation_and_complexity(real_store, tmp_path, capsys):
    from megaregion.cli.app import main

    for args in (["innovation", "cn-yrd", "--out", str(tmp_path / "i.xlsx")],
                 ["complexity", "us-sansan", "--year", "2018", "--out", str(tmp_path / "c.json")]):
        try:
            main(["--store", real_store.path] + args)
        except SystemExit as exc:
            assert exc.code in (0, None)
    out = capsys.readouterr().out
    assert "Shanghai" in out and "ECI" in out
    assert set(pd.read_excel(tmp_path / "i.xlsx", sheet_name=None)) >= {"summary", "cities", "weights", "association"}


def test_complexity_from_the_store_agrees_with_ecomplexity(real_store):
    """Reader -> store -> workflow, end to end, against Python ecomplexity 0.5.3 on the county
    file (reference values committed by tests/reference/make_ecomplexity_reference.py)."""
    import gzip
    import json
    from pathlib import Path

    ref = json.load(gzip.open(Path(__file__).parent / "reference" / "ecomplexity_cbp_county_naics4_2019.json.gz"))
    res = complexity_map(real_store, "us-boswash", year=2019, level="naics4", source="us/cbp_county",
                         unpublished="zero")
    m = res.tables["members"].set_index("region_id")
    expected = pd.Series({f"us:{k}": v for k, v in ref["eci"].items()}).reindex(m.index)
    assert expected.notna().all() and len(m) > 50
    assert np.allclose(m["eci"], expected, atol=1e-8)
    pci = res.tables["industries"].set_index("industry")["pci"]
    ref_pci = pd.Series(ref["pci"]).reindex(pci.index)
    assert np.allclose(pci, ref_pci, atol=1e-8)


def test_a_county_group_is_told_why_not_to_import(real_store):
    """New York State's counties are not in the metro employment file: the error says so and
    does not tell the user to import data that is already there ("its years are none (import it)")."""
    from megaregion.analysis.innovation_driver import innovation_driver
    from megaregion.errors import MegaregionError

    with pytest.raises(MegaregionError, match="its county members have no us/cbp_metro rows") as err:
        innovation_driver(real_store.group("us-nys"))
    assert "none (import it)" not in str(err.value)
