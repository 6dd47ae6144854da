"""A ``Megaregion``: one group's regions and canonical tables, ready for analysis.

``store.group("us-boswash", years=[2018, 2019])`` returns one. It holds pandas DataFrames (the
analysis kernels take arrays and frames, not a database), filtered to the group's members and the
requested years, plus the membership table with roles (core or member) and vintages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
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


def main_units(members: pd.DataFrame, level: str) -> pd.DataFrame:
    """The cities of a group: its members at ``level`` (metro areas in the US, prefecture
    cities in China), each counted once.

    A US group lists its metros under more than one delineation (2018 and 2023 codes, e.g.
    Poughkeepsie 39100 and 35620); only the group's main delineation counts, the vintage that
    most of its metro members carry. This one definition gives ``megaregion groups`` its count
    and the workflows their members; a member without data in a workflow is left out there and
    named in its notes.
    """
    m = members[members["level"] == level]
    if level == "metro" and "vintage" in m and m["vintage"].notna().any():
        m = m[m["vintage"] == m["vintage"].mode().iloc[0]]
    return m.drop_duplicates("region_id")


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

    def copy(self) -> "Megaregion":
        """A copy whose tables and notes can be changed without changing this one."""
        from dataclasses import replace

        return replace(self, members=self.members.copy(), activity=self.activity.copy(),
                       indicators=self.indicators.copy(), flows=self.flows.copy(),
                       years=None if self.years is None else list(self.years), notes=list(self.notes))

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
        mr = cls(gid, first["group_name"], first["group_name_zh"], country, members,
                 activity, indicators, flows, years, notes)
        mr._use_stand_ins()
        return mr

    # -- one count of cities -------------------------------------------------------------------
    def stand_ins(self) -> dict[str, str]:
        """Members of an older metro delineation that stand in for a city of the main one.

        A US group lists a metro whose code changed under both codes (Poughkeepsie 39100 of
        2018 and Kiryas Joel-Poughkeepsie-Newburgh 28880 of 2023). Sources published under the
        older code then have no row for the city of the main delineation. An older member whose
        counties (members of the group) all lie in one city of the main delineation stands in
        for that city. Returns {older member id: city id}.
        """
        if self.country != "us":
            return {}
        cities = main_units(self.members, "metro")
        if cities.empty:
            return {}
        main = cities["vintage"].iloc[0]
        counties = self.members[self.members["level"] == "county"]
        others = self.members[(self.members["level"] == "metro") & (self.members["vintage"] != main)]
        col_main = f"metro_{main}"
        out = {}
        for rid, vintage in others[["region_id", "vintage"]].drop_duplicates().itertuples(index=False):
            col_old = f"metro_{vintage}"
            if col_old not in counties or col_main not in counties:
                continue
            targets = set(counties.loc[counties[col_old] == rid, col_main].dropna())
            if len(targets) == 1 and (target := targets.pop()) in set(cities["region_id"]) and target != rid:
                out[rid] = target
        return out

    def _use_stand_ins(self) -> None:
        """Carry each stand-in's activity and indicator rows (:meth:`stand_ins`) to its city,
        source by source, where the city has no row of that source under its own code; the
        rows carried are flagged ``vintage_mapped``. Older members that cannot stand in are
        named in ``notes``: they are not counted as cities."""
        from megaregion.i18n.notes import Note

        stand = self.stand_ins()
        names = self.members.drop_duplicates("region_id").set_index("region_id")["name"].to_dict()
        used = []
        for old, city in stand.items():
            for attr in ("activity", "indicators"):
                df = getattr(self, attr)
                if df.empty:
                    continue
                own = set(map(tuple, df.loc[df["region_id"] == city, ["source", "year"]].to_numpy().tolist()))
                # test only the older member's rows (a test per row of the whole table was most of
                # a US group's loading time)
                is_old = (df["region_id"] == old).to_numpy()
                sub = df.loc[is_old, ["source", "year"]]
                flags = np.zeros(len(df), dtype=bool)
                flags[is_old] = [k not in own for k in zip(sub["source"], sub["year"])]
                carry = pd.Series(flags, index=df.index)
                if carry.any():
                    df = df.copy()
                    df.loc[carry, "region_id"] = city
                    df.loc[carry & df["flag"].isna(), "flag"] = "vintage_mapped"
                    setattr(self, attr, df)
                    used.append((old, city))
        for old, city in dict.fromkeys(used):
            self.notes.append(Note(
                f"{names.get(city, city)}: where a source has no row under its code for a year, the rows "
                f"published under the older metro code {old} ({names.get(old, old)}, whose counties lie in it) "
                "are used (flag vintage_mapped).",
                f"{names.get(city, city)}：某来源某年份在其代码下没有数据时，采用旧都市区代码{old}"
                f"（{names.get(old, old)}，其县域在该市之内）发布的数据（质量标记：由其他版本的都市区划分换算）。"))
        if self.country == "us" and self.level == "metro":
            cities = set(self.cities()["region_id"])
            carried = {o for o, _ in used}
            extra = [r for r in self.members.loc[self.members["level"] == "metro", "region_id"].unique()
                     if r not in cities and r not in carried]
            if extra:
                listed = ", ".join(f"{names.get(r, r)} ({r})" for r in extra)
                self.notes.append(Note(
                    f"Not counted as cities (another metro delineation, their counties lie in the group's cities): {listed}.",
                    f"未计为城市（属其他版本的都市区划分，其县域已在本城市群的城市之内）：{listed}。"))

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

    def cities(self) -> pd.DataFrame:
        """The group's cities, as ``megaregion groups`` counts them (:func:`main_units`)."""
        return main_units(self.members, self.level)

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
