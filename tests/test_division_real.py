"""Real-data checks of `megaregion io` and `megaregion division` (few permutations: fast)."""

from __future__ import annotations

import numpy as np
import pytest

from megaregion.analysis.division_of_labour import division_of_labour
from megaregion.analysis.io_report import io_report
from megaregion.errors import MegaregionError

pytestmark = pytest.mark.realdata


@pytest.mark.parametrize("country,n", [("us", 71), ("cn", 42)])
def test_io_report(real_store, country, n):
    res = io_report(real_store, country, top=5)
    s = res.tables["sectors"]
    assert len(s) == n and len(res.summary()) == 5
    assert s["backward_linkage"].mean() == pytest.approx(1.0)
    assert s["forward_linkage"].mean() == pytest.approx(1.0)
    assert (s["output_multiplier"] >= 1).all()
    assert s["name_zh"].notna().all()
    key = s[s["key_sector"]]
    assert ((key["backward_linkage"] > 1) & (key["forward_linkage"] > 1)).all()
    for f in res.finding_list:
        assert res.cell(f) == pytest.approx(f.value)
    if country == "us":
        # motor vehicles have the largest output multiplier of the 2023 BEA table
        assert s.iloc[0]["sector"] == "3361MV"
    else:
        # electronics (sector 20) lead China's 2020 table
        assert s.iloc[0]["sector"] == "20"


def test_division_boswash_tech_transfer(real_store):
    res = division_of_labour(real_store, "us-boswash", n_perm=19)
    coef = res.tables["coefficients"].set_index("term")
    d = res.tables["dyads"]
    m = res.tables["model"].iloc[0]
    assert m["directed"] and m["dyads"] == len(d) == m["cities"] * (m["cities"] - 1)
    # the coefficients are an OLS fit of log(1 + flow) on the dyads table
    X = np.column_stack([np.ones(len(d)), d["complementarity"], d["relatedness"], np.log(d["distance_km"]),
                         np.log(d["employment_origin"]), np.log(d["employment_destination"])])
    beta, *_ = np.linalg.lstsq(X, np.log1p(d["flow"]), rcond=None)
    np.testing.assert_allclose(coef["coefficient"].to_numpy(), beta, rtol=1e-8, atol=1e-10)
    assert (coef["p_value"] >= 1 / 20 - 1e-12).all()
    # Boston and New York are analysed; the 2023-only CBSAs without 2018/2019 CBP data are named
    assert {"us-cbsa:14460", "us-cbsa:35620"} <= set(d["origin"])
    assert any("not in the test" in str(n) for n in res.notes)
    # bigger cities send and receive more transfers; distance deters
    assert coef.loc["log_mass_origin", "coefficient"] > 0 and coef.loc["log_distance", "coefficient"] < 0
    for f in res.finding_list:
        assert res.cell(f) == pytest.approx(f.value)


def test_division_yrd_firm_links_undirected(real_store):
    res = division_of_labour(real_store, "cn-yrd-2016", "firm_link", n_perm=19)
    m = res.tables["model"].iloc[0]
    assert not m["directed"] and m["dyads"] == m["cities"] * (m["cities"] - 1) // 2
    assert m["employment_year"] == 2008 and m["io_year"] == 2017
    assert "log_mass_product" in set(res.tables["coefficients"]["term"])
    assert all("secondary" in f.quality for f in res.finding_list)


def test_division_refuses_bad_input(real_store):
    with pytest.raises(MegaregionError, match="tech_transfer"):
        division_of_labour(real_store, "us-boswash", "firm_link")
    with pytest.raises(MegaregionError, match="2018, 2019"):
        division_of_labour(real_store, "us-boswash", year=2017)
    with pytest.raises(MegaregionError, match="permutations"):
        division_of_labour(real_store, "us-boswash", n_perm=0)
