"""The brief's cities in the world city network: Taylor's model on GaWC DS11 from the store."""

from __future__ import annotations

import pandas as pd
import pytest

from megaregion.analysis.world_cities import world_city_network


@pytest.fixture(scope="module")
def world(real_store):
    return world_city_network(real_store)


def test_london_then_new_york(world):
    ranking = world.tables["ranking"]
    assert list(ranking["city"].head(2)) == ["London", "New York"]
    assert ranking["gnc_relative"].iloc[0] == 1.0


def test_gnc_equals_hand_sum_on_raw_file(world, data_dir):
    """GNC_a = Σ_b Σ_j v_aj v_bj (b ≠ a), recomputed from the raw file for New York."""
    raw = pd.read_csv(data_dir / "links" / "gawc_ds11_service_values_2000.csv")
    V = raw.pivot(index="city", columns="firm_id", values="service_value")
    ny = V.loc["New York"]
    expected = float((V.drop(index="New York") * ny).sum().sum())
    got = world.tables["ranking"].set_index("city").loc["New York", "gnc"]
    assert got == expected


def test_published_2020_ranks_are_attached(world, data_dir):
    pub = pd.read_csv(data_dir / "links" / "gawc_gnc_2020.csv")
    shanghai = int(pub.loc[pub.city == "Shanghai", "rank"].iloc[0])
    s = world.summary().set_index("region_id")
    assert s.loc["world:shanghai", "rank_2020_of_707"] == shanghai
    assert s.loc["world:shanghai", "rank_2020_of_707"] < s.loc["world:shanghai", "rank_2000_of_315"]
    assert any("上海" in f for f in world.findings("zh"))
