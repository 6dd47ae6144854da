"""A ``Megaregion``: one group's regions and canonical tables, ready for analysis.

``store.group("us-boswash", years=[2018, 2019])`` returns one. It holds pandas DataFrames (the
analysis kernels take arrays and frames, not a database), filtered to the group's members and the
requested years, plus the membership table with roles (core or member) and vintages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd

from megaregion.errors import UnknownNameError

#: Short names for the most used group definitions.
GROUP_ALIASES: dict[str, str] = {
    "cn-yrd": "cn-yrd-2016",
    "cn-myr": "cn-myr-2015",
    "cn-chengyu": "cn-chengyu-2016",
    "cn-wuhan": "cn-wuhan-circle",
    "cn-cztan": "cn-cztan-core",
}

#: The level a group is analysed at: the city (metro area in the US, prefecture city in China).
ANALYSIS_LEVEL = {"us": "metro", "cn": "city", "world": "world_city"}


def resolve_group_id(store, group_id: str) -> str:
    """Canonical group id for ``group_id`` or an alias; raises UnknownNameError with the list."""
    gid = GROUP_ALIASES.get(group_id, group_id)
    known = [r[0] for r in store.con.execute("SELECT DISTINCT group_id FROM groups ORDER BY 1").fetchall()]
    if not known:
        raise UnknownNameError(f"unknown group {group_id!r}: the store has no groups yet "
                               "(import the data first: megaregion data import)")
    if gid not in known:
        hint = ", ".join(known + sorted(GROUP_ALIASES))
        raise UnknownNameError(f"unknown group {group_id!r}; known groups: {hint}")
    return gid


@dataclass
class Megaregion:
    """The members and data of one megaregion or city cluster.

    Attributes
    ----------
    group_id, name, name_zh, country : identity of the group.
    members : one row per member region: region_id, role, membership, vintage and the region's
        name, level, parent, metro codes and coordinates.
    activity, indicators : canonical rows of the members (all levels), for ``years`` if given.
    flows : canonical flows whose origin and destination are both members.
    years : the years asked for (``None``: all years in the store).
    """

    group_id: str
    name: str
    name_zh: str
    country: str
    members: pd.DataFrame
    activity: pd.DataFrame
    indicators: pd.DataFrame
    flows: pd.DataFrame
    years: list[int] | None = None
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_store(cls, store, group_id: str, years: Iterable[int] | None = None) -> "Megaregion":
        gid = resolve_group_id(store, group_id)
        years = sorted({int(y) for y in years}) if years is not None else None
        con = store.con
        members = con.execute(
            "SELECT g.group_id, g.group_name, g.group_name_zh, g.region_id, g.role, g.membership, "
            "g.vintage, g.source_note, r.name, r.name_zh, r.country, r.level, r.parent, "
            "r.metro_2018, r.metro_2023, r.lat, r.lon "
            "FROM groups g LEFT JOIN regions r USING (region_id) WHERE g.group_id = ? "
            "ORDER BY g.role, g.region_id", [gid]).df()
        unknown = members.loc[members["level"].isna(), "region_id"].tolist()
        notes = []
        if unknown:
            notes.append(f"{len(unknown)} member ids are not in the regions table: {unknown[:5]}")
        ids = members["region_id"].tolist()
        year_sql = ""
        params: list = [ids]
        if years is not None:
            year_sql = " AND year IN (SELECT unnest(?))"
            params.append(years)
        activity = con.execute(
            f"SELECT * FROM activity WHERE region_id IN (SELECT unnest(?)){year_sql}", params).df()
        indicators = con.execute(
            f"SELECT * FROM indicators WHERE region_id IN (SELECT unnest(?)){year_sql}", params).df()
        flows = con.execute(
            "SELECT * FROM flows WHERE origin IN (SELECT unnest(?)) AND destination IN (SELECT unnest(?))"
            + year_sql, [ids, ids] + params[1:]).df()
        first = members.iloc[0]
        country = members["country"].dropna().mode().iloc[0] if members["country"].notna().any() else ""
        return cls(gid, first["group_name"], first["group_name_zh"], country, members,
                   activity, indicators, flows, years, notes)

    # -- convenience views ---------------------------------------------------------------------
    @property
    def level(self) -> str:
        """The level this group is analysed at: metro in the US, city in China; a group without
        members at that level (e.g. New York State's counties) is analysed at its own level."""
        preferred = ANALYSIS_LEVEL.get(self.country, "city")
        levels = self.members["level"].dropna()
        if (levels == preferred).any() or levels.empty:
            return preferred
        return levels.mode().iloc[0]

    def units(self, vintage: str | None = None) -> pd.DataFrame:
        """Members at the analysis level (metros or cities); optionally one metro vintage."""
        m = self.members[self.members["level"] == self.level]
        if vintage is not None and self.country == "us" and self.level == "metro":
            m = m[m["vintage"] == vintage]
        return m

    @property
    def core_ids(self) -> list[str]:
        """Region ids of the core members at the analysis level."""
        u = self.units()
        return u.loc[u["role"] == "core", "region_id"].tolist()

    def label(self, lang: str = "en") -> str:
        return (self.name_zh if lang == "zh" and isinstance(self.name_zh, str) else self.name) or self.group_id


def aggregate_flows(flows: pd.DataFrame, regions: pd.DataFrame, to: str = "metro_2018") -> pd.DataFrame:
    """Sum county-to-county flows into flows between the counties' metros.

    Parameters
    ----------
    flows : canonical flows between counties.
    regions : canonical regions (must contain the counties, with ``metro_2018``/``metro_2023``).
    to : ``"metro_2018"`` or ``"metro_2023"``: which delineation to aggregate to.

    Returns
    -------
    Canonical flows between metros: weights summed over all county pairs whose both ends lie in
    a metro; flows within one metro become origin == destination. Pairs with an end outside any
    metro are dropped and reported in the ``attrs['dropped_weight']`` of the result.
    """
    if to not in ("metro_2018", "metro_2023"):
        raise ValueError("to must be 'metro_2018' or 'metro_2023'")
    lookup = regions.set_index("region_id")[to]
    f = flows.assign(origin=flows["origin"].map(lookup), destination=flows["destination"].map(lookup))
    inside = f["origin"].notna() & f["destination"].notna()
    keys = ["origin", "destination", "year", "period", "kind", "category", "unit", "directed", "source"]
    out = (f[inside].groupby(keys, dropna=False, as_index=False)["weight"].sum())
    out.attrs["dropped_weight"] = float(f.loc[~inside, "weight"].sum())
    out.attrs["dropped_rows"] = int((~inside).sum())
    return out[["origin", "destination", "year", "period", "kind", "category", "weight", "unit",
                "directed", "source"]]


def activity_matrix(activity: pd.DataFrame, region_ids, *, source: str, measure: str, year: int,
                    industries=None, absent: str = "nan") -> tuple[pd.DataFrame, int]:
    """Region × industry matrix of one measure in one year from canonical activity rows.

    Suppressed cells become NaN, never 0. A cell with no row at all (County Business Patterns
    omit industries with fewer than three establishments) is NaN too with ``absent="nan"``, or 0
    with ``absent="zero"`` (then NaN means "withheld", and 0 "not published because tiny").
    Returns the matrix (rows: the given regions that have data; columns: ``industries`` if given,
    else every code present) and the number of suppressed cells.
    """
    a = activity[(activity["source"] == source) & (activity["measure"] == measure)
                 & (activity["year"] == year) & activity["region_id"].isin(list(region_ids))]
    if industries is not None:
        a = a[a["industry"].isin(list(industries))]
    suppressed = int((a["flag"] == "suppressed").sum())
    m = a.pivot(index="region_id", columns="industry", values="value")  # keeps NaN as NaN
    if absent == "zero":
        present = a.pivot(index="region_id", columns="industry", values="flag").notna()
        m = m.where(present, 0.0)
    if industries is not None:
        m = m.reindex(columns=list(industries))
    m.columns.name = None
    m.index.name = "region_id"
    return m.astype(float), suppressed
