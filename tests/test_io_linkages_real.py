"""Real-data checks of the input–output layer (BEA summary tables, NBS 42-sector tables)."""

from __future__ import annotations

import numpy as np
import pytest

from megaregion.analysis.io_linkages import chain_coefficients, io_transactions, io_years
from megaregion.errors import MegaregionError
from megaregion.metrics.inputoutput import leontief_inverse, technical_coefficients

pytestmark = pytest.mark.realdata


def test_years_in_store(real_store):
    assert io_years(real_store, "us") == list(range(2012, 2024))
    assert io_years(real_store, "cn") == [2017, 2018, 2020]


def test_us_naics2_chain_coefficients(real_store):
    A = chain_coefficients(real_store, "us")
    assert A.attrs["year"] == 2023 and A.attrs["economy"] == "us" and A.attrs["level"] == "naics2"
    assert "31-33" in A.index and list(A.index) == list(A.columns)
    # 99 (not classified) has no IO counterpart: NaN, never 0, and named in the note
    assert A.loc["99"].isna().all() and A["99"].isna().all()
    assert A.attrs["missing"] == ["99"] and "99" in A.attrs["note_en"] and "99" in A.attrs["note_zh"]
    known = A.drop(index="99", columns="99")
    assert not known.isna().any().any() and (known.to_numpy() >= 0).all()
    # intermediate inputs from the CBP sectors are a part of each sector's output
    assert (known.sum(axis=0) < 1).all()
    # manufacturing buys a substantial share of its output from manufacturing
    assert 0.1 < A.loc["31-33", "31-33"] < 0.6
    # single-industry codes equal the BEA industry × industry coefficient itself
    io = io_transactions(real_store, "us", 2023)
    direct = technical_coefficients(io["Z"], io["x"])
    assert A.loc["22", "23"] == pytest.approx(direct.loc["22", "23"], rel=1e-12)
    assert A.loc["55", "61"] == pytest.approx(direct.loc["55", "61"], rel=1e-12)
    # the whole BEA table is productive: its Leontief inverse exists
    L = leontief_inverse(direct)
    assert (L.to_numpy().diagonal() >= 1).all()


def test_us_naics4_shares_summary_coefficients(real_store):
    A = chain_coefficients(real_store, "us", 2019, level="naics4")
    # 3361, 3362 and 3363 all belong to BEA 3361MV: identical columns
    assert np.allclose(A["3361"], A["3363"], equal_nan=True)
    assert A.loc["3344", "3361"] > 0


def test_cn_sections(real_store):
    A = chain_coefficients(real_store, "cn")
    assert A.attrs["year"] == 2020 and A.attrs["level"] == "section"
    assert list(A.index) == list("ABCDEFGHIJKLMNOPQRS")
    assert not A.isna().any().any() and A.attrs["missing"] == []
    assert (A.sum(axis=0) < 1).all()
    # manufacturing is the largest supplier of manufacturing in China's 2020 table
    assert A["C"].idxmax() == "C" and A.loc["C", "C"] > 0.4
    dom = chain_coefficients(real_store, "cn", 2017, origin="domestic")
    assert (dom.to_numpy() <= chain_coefficients(real_store, "cn", 2017).to_numpy() + 1e-12).all()


def test_unknown_year_lists_years(real_store):
    with pytest.raises(MegaregionError, match="2017, 2018, 2020"):
        chain_coefficients(real_store, "cn", 2019)
    with pytest.raises(MegaregionError, match="2012"):
        chain_coefficients(real_store, "us", 1999)
    with pytest.raises(MegaregionError, match="expected us or cn"):
        chain_coefficients(real_store, "fr")
    with pytest.raises(MegaregionError, match="naics2"):
        chain_coefficients(real_store, "us", level="naics7")
