"""Canonical tables: the one shape every reader produces and every analysis consumes.

The tables are long ("tidy"). Each has a fixed Arrow schema, a key (a set of columns that is
unique within the table) and a ``source`` column naming the dataset that produced the row, so
that re-importing a dataset replaces exactly its own rows. ``docs/data-model.md`` documents the
same tables for users; ``tests/test_schema.py`` checks that the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

STR = pa.string()
F64 = pa.float64()
I32 = pa.int32()

# Allowed values of the small vocabulary columns. Readers must use exactly these.
COUNTRIES = ("us", "cn", "world")
LEVELS = ("county", "metro", "city", "state", "province", "world_city", "nation")
# Quality flags of activity and indicator values (model.quality explains each tier).
FLAGS = ("observed", "vintage_mapped", "estimated", "secondary", "carried_forward", "level_shift",
         "inconsistent", "suppressed")
ROLES = ("core", "member")
#: Employment size classes of establishments (CBP): activity measures ``establishments_size_<c>``.
SIZE_CLASSES = ("1_4", "5_9", "10_19", "20_49", "50_99", "100_249", "250_499", "500_999", "1000_plus")
SIZE_MEASURES = tuple(f"establishments_size_{c}" for c in SIZE_CLASSES)


@dataclass(frozen=True)
class TableSpec:
    """Schema, key and short description of one canonical table."""

    name: str
    schema: pa.Schema
    key: tuple[str, ...]
    description: str

    @property
    def columns(self) -> list[str]:
        return self.schema.names


def _schema(*fields: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([pa.field(n, t) for n, t in fields])


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in [
        TableSpec(
            "regions",
            _schema(
                ("region_id", STR), ("name", STR), ("name_zh", STR), ("country", STR),
                ("level", STR), ("parent", STR), ("metro_2018", STR), ("metro_2023", STR),
                ("lat", F64), ("lon", F64), ("source", STR),
            ),
            ("region_id",),
            "Places: counties, metros (CBSA), states, Chinese prefecture-level cities and "
            "provinces, world cities. `parent` is the state or province; `metro_2018` and "
            "`metro_2023` give a county's metro under the two delineations.",
        ),
        TableSpec(
            "groups",
            _schema(
                ("group_id", STR), ("group_name", STR), ("group_name_zh", STR),
                ("region_id", STR), ("role", STR), ("membership", STR), ("vintage", STR),
                ("source_note", STR), ("source", STR),
            ),
            ("group_id", "region_id"),
            "Named megaregions and city clusters as membership lists; role is core or member, "
            "membership is full or partial (part of the unit's territory belongs); vintage "
            "names the delineation a member comes from (e.g. US metros 2018 vs 2023).",
        ),
        TableSpec(
            "activity",
            _schema(
                ("region_id", STR), ("year", I32), ("classification", STR), ("industry", STR),
                ("measure", STR), ("value", F64), ("unit", STR), ("flag", STR), ("source", STR),
            ),
            ("region_id", "year", "classification", "industry", "measure", "source"),
            "Economic activity by region, year and industry: employees, establishments, "
            "payroll, value added. Suppressed cells are rows with flag 'suppressed' and a "
            "null value, never zeros.",
        ),
        TableSpec(
            "indicators",
            _schema(
                ("region_id", STR), ("year", I32), ("indicator", STR), ("value", F64),
                ("unit", STR), ("flag", STR), ("source", STR),
            ),
            ("region_id", "year", "indicator", "source"),
            "Region-level indicators: population, GDP, patents, universities, R&D, ... `flag` "
            "is the value's quality tier (model.quality; null means observed).",
        ),
        TableSpec(
            "flows",
            _schema(
                ("origin", STR), ("destination", STR), ("year", I32), ("period", STR),
                ("kind", STR), ("category", STR), ("weight", F64), ("unit", STR),
                ("directed", pa.bool_()), ("source", STR),
            ),
            ("origin", "destination", "period", "kind", "category", "source"),
            "Links between two regions: commuting, migration, technology transfer, firm "
            "links, ... `period` labels the time span ('2009-2013', '1858-1899', "
            "'2020-01-01/2020-03-31'); `year` is its last year.",
        ),
        TableSpec(
            "collaborations",
            _schema(
                ("region_id", STR), ("year", I32), ("kind", STR), ("actors", STR),
                ("count", F64), ("source", STR),
            ),
            ("region_id", "year", "kind", "actors", "source"),
            "Documents (co-patents, co-publications) by the exact combination of actor types "
            "on them: `actors` is the letters U (university), I (industry), G (government), R "
            "(research institute) in that order, or 'none' (see model.actors).",
        ),
        TableSpec(
            "industries",
            _schema(
                ("classification", STR), ("code", STR), ("level", I32), ("label", STR),
                ("label_zh", STR), ("family", STR), ("source", STR),
            ),
            ("classification", "code"),
            "Industry codes with labels and their sector family (see model.sectors).",
        ),
        TableSpec(
            "io_tables",
            _schema(
                ("economy", STR), ("year", I32), ("table_id", STR), ("variant", STR),
                ("row_code", STR), ("row_type", STR), ("row_label", STR), ("col_code", STR),
                ("col_type", STR), ("value", F64), ("unit", STR), ("source", STR),
            ),
            ("economy", "year", "table_id", "variant", "row_code", "col_code", "source"),
            "National input-output tables (use/make or symmetric), one cell per row.",
        ),
    ]
}


def empty_table(name: str) -> pa.Table:
    """An empty Arrow table with the canonical schema of ``name``."""
    return TABLES[name].schema.empty_table()


def conform(name: str, data, *, source: str | None = None) -> pa.Table:
    """Cast ``data`` (pandas DataFrame or Arrow table) to the canonical schema of ``name``.

    Missing optional columns are added as nulls; key columns must be present and non-null.
    ``source`` fills the ``source`` column when given. Raises ``ValueError`` (a programming
    error in a reader, not a user mistake) when a key column is missing or null, or when an
    unknown column is present.
    """
    spec = TABLES[name]
    table = data if isinstance(data, pa.Table) else pa.Table.from_pandas(data, preserve_index=False)
    unknown = set(table.column_names) - set(spec.columns)
    if unknown:
        raise ValueError(f"{name}: unknown columns {sorted(unknown)}")
    n = table.num_rows
    arrays = []
    for field in spec.schema:
        if field.name == "source" and source is not None:
            arrays.append(pa.repeat(pa.scalar(source, STR), n))
        elif field.name in table.column_names:
            col = table.column(field.name)
            arrays.append(col.cast(field.type) if col.type != field.type else col)
        elif field.name in spec.key:
            raise ValueError(f"{name}: key column {field.name!r} missing")
        else:
            arrays.append(pa.nulls(n, type=field.type))
    out = pa.Table.from_arrays(arrays, schema=spec.schema)
    for k in spec.key:
        if out.column(k).null_count:
            raise ValueError(f"{name}: key column {k!r} has {out.column(k).null_count} nulls")
    return out


def duplicate_keys(name: str, table: pa.Table) -> pa.Table:
    """Rows of ``table`` whose key occurs more than once (empty when the key holds)."""
    key = list(TABLES[name].key)
    counts = table.group_by(key).aggregate([([], "count_all")])
    dup = counts.filter(pc.greater(counts["count_all"], 1))
    return dup
