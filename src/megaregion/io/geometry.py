"""Boundary polygons for spatial weights: Chinese prefecture cities and US counties.

Geometry stays out of the DuckDB store: it is read from the data folder on demand and cached
per file (a few MB, read in about a second), keyed by the store's region ids (``cn:310000``,
``us:36061``). Two sources:

* ``cn/city_boundaries_wkt.csv.gz`` (columns ``city_code, census_city_code, city_name_zh,
  geometry_wkt``): POLYGON / MULTIPOLYGON in lon/lat degrees, 2020 boundaries, from the
  ``leiii/census`` repository; the CRS/datum is not stated by the source (``cn/README.md``).
* ``us/boundaries/counties-10m.json``: TopoJSON from the npm package ``us-atlas`` 3.0.1 (Census
  Bureau cartographic boundaries 2017, 1:10,000,000, simplified), decoded here by
  :func:`decode_topojson` (quantized, delta-encoded arcs; Bostock, *TopoJSON Format
  Specification* 1.0, https://github.com/topojson/topojson-specification).

A row whose geometry cannot be parsed raises :class:`~megaregion.errors.DataError` naming the
file and row. Polygons that are not valid in the OGC sense (self-touching rings after
simplification) are kept as read and listed in :attr:`Boundaries.invalid`: contiguity is decided
on shared vertices, which a repair would move or split.
"""

from __future__ import annotations

import csv
import gzip
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from megaregion.errors import DataError

__all__ = ["Boundaries", "decode_topojson", "cn_city_boundaries", "us_county_boundaries",
           "CN_BOUNDARIES", "US_COUNTIES"]

CN_BOUNDARIES = Path("cn") / "city_boundaries_wkt.csv.gz"
US_COUNTIES = Path("us") / "boundaries" / "counties-10m.json"


@dataclass
class Boundaries:
    """Polygons of one file, keyed by region id.

    Attributes
    ----------
    geometries : region id -> shapely Polygon or MultiPolygon (lon/lat degrees).
    file : the file read.
    invalid : region ids whose polygon is not OGC-valid (kept as read).
    """

    geometries: dict
    file: Path
    invalid: list[str] = field(default_factory=list)


def _arc_points(arcs: list, transform: dict | None) -> list[list[tuple[float, float]]]:
    """Absolute coordinates of every arc: delta-decoded and de-quantized when ``transform``."""
    out = []
    if transform:
        (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
    for arc in arcs:
        pts = []
        if transform:
            x = y = 0
            for p in arc:
                x += p[0]
                y += p[1]
                pts.append((x * kx + dx, y * ky + dy))
        else:
            pts = [(float(p[0]), float(p[1])) for p in arc]
        out.append(pts)
    return out


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """One ring from arc indices; ``~i`` (negative) is arc ``i`` reversed; consecutive arcs
    share their joining point, which is kept once."""
    ring: list[tuple[float, float]] = []
    for k in indices:
        pts = arcs[k] if k >= 0 else arcs[~k][::-1]
        ring.extend(pts if not ring else pts[1:])
    return ring


def decode_topojson(topology: dict, name: str) -> dict[str, object]:
    """Decode the Polygon / MultiPolygon features of one object of a TopoJSON topology.

    Parameters
    ----------
    topology : the parsed TopoJSON (``type: Topology``, ``arcs``, optional ``transform``).
    name : the object to decode (e.g. ``"counties"``), a GeometryCollection.

    Returns
    -------
    dict feature id (string) -> shapely Polygon or MultiPolygon. Features without geometry
    (``type: null``) are left out; a ring with fewer than 4 positions (collapsed to a line or a
    point by quantization, so without area) is dropped, and a feature left with no polygon too.

    Notes
    -----
    TopoJSON 1.0: with a ``transform``, each arc's first position is quantized absolute and the
    following are deltas; position = (x * scale_x + translate_x, y * scale_y + translate_y).
    A ring lists arc indices; index ``~i`` (= -i-1) means arc ``i`` reversed; the last point of
    one arc is the first of the next and is kept once (Bostock, TopoJSON Format Specification,
    sections 2.1.2-2.2, https://github.com/topojson/topojson-specification).

    Raises
    ------
    KeyError : ``name`` is not an object of the topology.
    ValueError : a geometry type other than Polygon / MultiPolygon / null.
    """
    from shapely.geometry import MultiPolygon, Polygon

    arcs = _arc_points(topology["arcs"], topology.get("transform"))

    def polygon(ring_indices):
        rings = [_ring(r, arcs) for r in ring_indices]
        if not rings or len(rings[0]) < 4:  # collapsed by quantization: no area left
            return None
        return Polygon(rings[0], [r for r in rings[1:] if len(r) >= 4])

    out = {}
    for g in topology["objects"][name]["geometries"]:
        kind = g.get("type")
        if kind is None:
            continue
        if kind == "Polygon":
            parts = [polygon(g["arcs"])]
        elif kind == "MultiPolygon":
            parts = [polygon(p) for p in g["arcs"]]
        else:
            raise ValueError(f"feature {g.get('id')!r}: geometry type {kind!r}, expected Polygon or MultiPolygon")
        parts = [p for p in parts if p is not None]
        if not parts:
            continue
        out[str(g.get("id"))] = parts[0] if kind == "Polygon" else MultiPolygon(parts)
    return out


def _invalid(geoms: dict) -> list[str]:
    return [rid for rid, g in geoms.items() if not g.is_valid]


@lru_cache(maxsize=4)
def _cn(path: Path) -> Boundaries:
    import shapely

    if not path.is_file():
        raise DataError(path, "the file of Chinese city boundaries is missing",
                        expected="cn/city_boundaries_wkt.csv.gz in the data folder")
    geoms = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        need = {"city_code", "geometry_wkt"}
        if not need <= set(reader.fieldnames or []):
            raise DataError(path, "missing columns", row=1, expected=", ".join(sorted(need)),
                            found=",".join(reader.fieldnames or []))
        for i, row in enumerate(reader, start=2):
            code, wkt = (row.get("city_code") or "").strip(), (row.get("geometry_wkt") or "").strip()
            if not code:
                raise DataError(path, "empty city code", row=i, column="city_code", expected="a 6-digit code")
            if not wkt:
                raise DataError(path, "empty geometry", row=i, column="geometry_wkt",
                                expected="a POLYGON or MULTIPOLYGON in WKT")
            try:
                g = shapely.from_wkt(wkt)
            except Exception as exc:  # shapely raises GEOSException on malformed WKT
                raise DataError(path, f"cannot read the geometry ({exc})", row=i, column="geometry_wkt",
                                expected="a POLYGON or MULTIPOLYGON in WKT", found=wkt[:40]) from None
            if g is None or g.geom_type not in ("Polygon", "MultiPolygon") or g.is_empty:
                raise DataError(path, "not a polygon", row=i, column="geometry_wkt",
                                expected="a POLYGON or MULTIPOLYGON in WKT",
                                found=(g.geom_type if g is not None else "nothing"))
            rid = f"cn:{code}"
            if rid in geoms:
                raise DataError(path, "city code listed twice", row=i, column="city_code", found=code)
            geoms[rid] = g
    return Boundaries(geoms, path, _invalid(geoms))


@lru_cache(maxsize=4)
def _us(path: Path) -> Boundaries:
    if not path.is_file():
        raise DataError(path, "the file of US county boundaries is missing",
                        expected="us/boundaries/counties-10m.json (us-atlas TopoJSON) in the data folder")
    try:
        topo = json.loads(path.read_text(encoding="utf-8"))
        if topo.get("type") != "Topology" or "counties" not in topo.get("objects", {}):
            raise ValueError("not a TopoJSON topology with an object 'counties'")
        raw = decode_topojson(topo, "counties")
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise DataError(path, f"cannot decode the county boundaries ({exc})",
                        expected="a TopoJSON topology with a GeometryCollection 'counties' (us-atlas)") from None
    geoms = {}
    for fid, g in raw.items():
        if not (len(fid) == 5 and fid.isdigit()):
            raise DataError(path, "county id is not a 5-digit FIPS code", column="id", found=fid,
                            expected="e.g. 36061")
        geoms[f"us:{fid}"] = g
    return Boundaries(geoms, path, _invalid(geoms))


def cn_city_boundaries(data_dir: str | Path) -> Boundaries:
    """Polygons of the Chinese prefecture-level cities (region ids ``cn:NNNNNN``), cached."""
    return _cn(Path(data_dir).resolve() / CN_BOUNDARIES)


def us_county_boundaries(data_dir: str | Path) -> Boundaries:
    """Polygons of the US counties (region ids ``us:FFFFF``), decoded from TopoJSON, cached."""
    return _us(Path(data_dir).resolve() / US_COUNTIES)
