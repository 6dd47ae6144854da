"""Map layers from the data folder: the polygons a map of a group draws, and where they come from.

Geometry is read from the data folder only (never from the internet), each file once per
process (:mod:`megaregion.io.geometry` caches the city and county files; this module caches the
state, country and province layers it derives):

* Chinese prefecture cities: ``cn/city_boundaries_wkt.csv.gz`` (2020 boundaries, GitHub
  ``leiii/census``); provinces are drawn as the union of their cities' polygons (the city code's
  first two digits are the province), there being no province file.
* US counties and states: ``us/boundaries/counties-10m.json`` and ``states-10m.json`` (npm
  ``us-atlas`` 3.0.1, US Census Bureau cartographic boundaries 2017, 1:10,000,000). A metro
  (``us-cbsa:NNNNN``) is drawn as its member counties: the group's county members whose metro
  column (``metro_2023`` or ``metro_2018``, the metro's delineation) names it, else the counties
  of the regions table that do.
* World countries: ``world/countries-110m.json`` (npm ``world-atlas`` 2.0.2, Natural Earth
  1:110m admin-0 countries, public domain).

Each :class:`Layer` carries its source as caption text in English and Chinese.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from megaregion.errors import DataError, MegaregionError

__all__ = ["Layer", "Source", "SOURCES", "region_layer", "background_layers", "us_states",
           "world_countries", "cn_provinces", "extent_of", "simplified", "data_folder"]

US_STATES = Path("us") / "boundaries" / "states-10m.json"
WORLD_COUNTRIES = Path("world") / "countries-110m.json"


@dataclass(frozen=True)
class Source:
    """Where a layer's polygons come from, as caption text."""

    en: str
    zh: str

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


SOURCES = {
    "cn": Source("Boundaries: 2020 prefecture-level city boundaries from the census repository "
                 "leiii/census (datum not stated by the source); provinces merged from them",
                 "边界：2020年地级市边界，来自 leiii/census 人口普查数据仓库（来源未注明坐标基准）；省界由地级市边界合并"),
    "us": Source("Boundaries: US Census Bureau cartographic boundaries 2017 (1:10,000,000) via us-atlas 3.0.1",
                 "边界：US Census Bureau 2017年制图边界（1:1000万），经 us-atlas 3.0.1 转换"),
    "world": Source("Boundaries: Natural Earth 1:110m countries via world-atlas 2.0.2 (de-facto boundaries)",
                    "边界：Natural Earth 1:1.1亿国家边界，经 world-atlas 2.0.2 转换（实际控制线）"),
}


@dataclass
class Layer:
    """Polygons of one map layer.

    Attributes
    ----------
    name : ``members``, ``cities``, ``provinces``, ``states``, ``countries``.
    shapes : (region id the polygon stands for, shapely Polygon / MultiPolygon in lon/lat). A US
        metro has one entry per member county, all under the metro's id.
    sources : keys of :data:`SOURCES` the polygons come from.
    missing : region ids asked for that have no polygon in the files.
    """

    name: str
    shapes: list[tuple[str, object]]
    sources: tuple[str, ...] = ()
    missing: list[str] = field(default_factory=list)

    def outlines(self) -> list[tuple[str, object]]:
        """One polygon per region: a metro's counties merged into its outline (cached)."""
        import shapely

        parts: dict[str, list] = {}
        for rid, g in self.shapes:
            parts.setdefault(rid, []).append(g)
        out = []
        for rid, gs in parts.items():
            if len(gs) == 1:
                out.append((rid, gs[0]))
                continue
            key = (rid, tuple(id(g) for g in gs))
            hit = _MERGED.get(key)
            if hit is None or any(a is not b for a, b in zip(hit[0], gs)):
                try:
                    merged = shapely.coverage_union_all(gs)
                except Exception:  # not a clean coverage: the general union
                    merged = shapely.union_all(gs)
                hit = _MERGED[key] = (gs, merged)
            out.append((rid, hit[1]))
        return out

    def caption(self, lang: str) -> str:
        """The sources of the polygons as caption text in ``lang``."""
        return ("；" if lang == "zh" else "; ").join(SOURCES[s].text(lang) for s in self.sources)


def data_folder(ctx) -> Path:
    """The data folder of a figure context, else ``MEGAREGION_DATA``; a clear error when none."""
    from megaregion.config import data_dir

    explicit = getattr(ctx, "data_dir", None) if ctx is not None else None
    return data_dir(explicit)


def _need(path: Path, what: str, expected: str) -> None:
    if not path.is_file():
        raise DataError(path, f"the file of {what} is missing (maps read their boundaries from the data folder)",
                        expected=expected)


def _topology(path: Path, obj: str, what: str) -> dict:
    try:
        topo = json.loads(path.read_text(encoding="utf-8"))
        if topo.get("type") != "Topology" or obj not in topo.get("objects", {}):
            raise ValueError(f"not a TopoJSON topology with an object {obj!r}")
        return topo
    except (ValueError, OSError) as exc:
        raise DataError(path, f"cannot read the {what} ({exc})",
                        expected=f"a TopoJSON topology with a GeometryCollection '{obj}'") from None


@lru_cache(maxsize=4)
def _states(path: Path) -> tuple[dict, dict]:
    from megaregion.io.geometry import decode_topojson

    _need(path, "US state boundaries", "us/boundaries/states-10m.json (us-atlas TopoJSON)")
    topo = _topology(path, "states", "state boundaries")
    geoms = {f"us-state:{k}": g for k, g in decode_topojson(topo, "states").items()}
    names = {f"us-state:{g.get('id')}": (g.get("properties") or {}).get("name")
             for g in topo["objects"]["states"]["geometries"]}
    return geoms, names


def us_states(data_dir: str | Path) -> dict:
    """US state polygons keyed ``us-state:NN`` (2-digit FIPS), cached per file."""
    return _states(Path(data_dir).resolve() / US_STATES)[0]


@lru_cache(maxsize=4)
def _countries(path: Path) -> tuple[dict, dict]:
    from megaregion.io.geometry import decode_topojson

    _need(path, "world country boundaries", "world/countries-110m.json (world-atlas TopoJSON)")
    topo = _topology(path, "countries", "country boundaries")
    # a few features (Northern Cyprus, Somaliland, Kosovo) have no ISO code: keyed by name
    geoms = topo["objects"]["countries"]["geometries"]
    keyed = [{**g, "id": g.get("id") or "name:" + (g.get("properties") or {}).get("name", str(i))}
             for i, g in enumerate(geoms)]
    topo = {**topo, "objects": {"countries": {"type": "GeometryCollection", "geometries": keyed}}}
    polys = {f"world-country:{k}": g for k, g in decode_topojson(topo, "countries").items()}
    names = {f"world-country:{g['id']}": (g.get("properties") or {}).get("name") for g in keyed}
    return polys, names


def world_countries(data_dir: str | Path) -> dict:
    """World country polygons keyed ``world-country:NNN`` (ISO 3166-1 numeric; features without a
    code: ``world-country:name:NAME``), cached per file."""
    return _countries(Path(data_dir).resolve() / WORLD_COUNTRIES)[0]


@lru_cache(maxsize=64)
def _province(path: Path, code: str):
    import shapely

    from megaregion.io.geometry import cn_city_boundaries

    cities = [g for rid, g in cn_city_boundaries(path).geometries.items() if rid[3:5] == code]
    try:
        return shapely.coverage_union_all(cities)
    except Exception:  # not a clean coverage: the slower general union
        return shapely.union_all(cities)


def cn_provinces(data_dir: str | Path, codes=None) -> dict:
    """Chinese province polygons keyed ``cn-prov:NN0000``: the union of the province's city
    polygons (2-digit province code of the city code), each province merged once and cached.
    ``codes``: only these 2-digit codes."""
    from megaregion.io.geometry import cn_city_boundaries

    folder = Path(data_dir).resolve()
    have = sorted({rid[3:5] for rid in cn_city_boundaries(folder).geometries})
    return {f"cn-prov:{c}0000": _province(folder, c) for c in have if codes is None or c in codes}


# -- which polygons stand for a region ------------------------------------------------------------
def _metro_counties(rid: str, group=None, regions: pd.DataFrame | None = None, drawable=()) -> list[str]:
    """County ids of a US metro: the group's county members whose metro column names it, else
    the regions table's counties; the first list of which some counties have a polygon (a 2023
    Connecticut metro is made of planning regions, which the 2017 boundaries lack: the same
    metro code's 2018 counties are drawn instead)."""
    first: list[str] = []
    for table in (getattr(group, "members", None), regions):
        if table is None or table.empty or "level" not in table:
            continue
        counties = table[table["level"] == "county"]
        for col in ("metro_2023", "metro_2018"):
            if col not in counties:
                continue
            found = counties.loc[counties[col] == rid, "region_id"].drop_duplicates().tolist()
            if found and (not drawable or any(c in drawable for c in found)):
                return found
            first = first or found
    return first


def region_layer(region_ids, data_dir: str | Path, *, group=None, regions: pd.DataFrame | None = None,
                 name: str = "members") -> Layer:
    """The polygons of ``region_ids``: Chinese cities (``cn:``), US counties (``us:``), US metros
    as their counties (``us-cbsa:``), US states (``us-state:``). Ids without a polygon are
    listed in ``missing``; a metro needs the group or the regions table to find its counties
    (:class:`~megaregion.errors.MegaregionError` when neither is given)."""
    from megaregion.io.geometry import cn_city_boundaries, us_county_boundaries

    ids = list(dict.fromkeys(str(r) for r in region_ids))
    shapes, missing, sources = [], [], []
    cn = us = states = None
    for rid in ids:
        if rid.startswith("cn:"):
            cn = cn or cn_city_boundaries(data_dir).geometries
            got = [(rid, cn[rid])] if rid in cn else []
            src = "cn"
        elif rid.startswith("us-cbsa:"):
            if group is None and regions is None:
                raise MegaregionError(f"cannot draw metro {rid}: drawing US metros as their counties needs the "
                                      "group or the regions table (FigureContext(group=store.group(...)) or "
                                      "regions=store.df('regions'))")
            us = us or us_county_boundaries(data_dir).geometries
            got = [(rid, us[c]) for c in _metro_counties(rid, group, regions, us) if c in us]
            src = "us"
        elif rid.startswith("us-state:"):
            states = states or us_states(data_dir)
            got = [(rid, states[rid])] if rid in states else []
            src = "us"
        elif rid.startswith("us:"):
            us = us or us_county_boundaries(data_dir).geometries
            got = [(rid, us[rid])] if rid in us else []
            src = "us"
        else:
            got, src = [], None
        if got:
            shapes.extend(got)
            sources.append(src)
        else:
            missing.append(rid)
    return Layer(name, shapes, tuple(dict.fromkeys(sources)), missing)


def extent_of(shapes, points=(), pad: float = 0.04) -> tuple[float, float, float, float] | None:
    """(xmin, xmax, ymin, ymax) around polygons and (lon, lat) points, padded by ``pad`` of the
    larger side; ``None`` when there is nothing."""
    import shapely

    xs, ys = [], []
    for _, g in shapes:
        x0, y0, x1, y1 = shapely.bounds(g)
        xs += [x0, x1]
        ys += [y0, y1]
    for x, y in points:
        xs.append(x)
        ys.append(y)
    if not xs:
        return None
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    d = max(x1 - x0, y1 - y0, 0.5) * pad
    return (x0 - d, x1 + d, y0 - d, y1 + d)


def _inside(geoms: dict, extent) -> dict:
    import shapely

    x0, x1, y0, y1 = extent
    box = shapely.box(x0, y0, x1, y1)
    return {k: g for k, g in geoms.items() if g.intersects(box)}


def background_layers(extent, countries: set[str], data_dir: str | Path, exclude=()) -> list[Layer]:
    """What lies around the group, drawn lightly: for China the other cities and the provinces,
    for the US the states; only polygons that reach into ``extent``. ``exclude``: region ids
    already drawn (the members)."""
    import shapely

    from megaregion.io.geometry import cn_city_boundaries

    out = []
    x0, x1, y0, y1 = extent
    box = shapely.box(x0, y0, x1, y1)
    skip = set(exclude)
    if "cn" in countries:
        cities = _inside(cn_city_boundaries(data_dir).geometries, extent)
        out.append(Layer("cities", [(k, g) for k, g in cities.items() if k not in skip], ("cn",)))
        codes = {k[3:5] for k in cities}
        provs = {k: g for k, g in cn_provinces(data_dir, codes).items() if g.intersects(box)}
        out.append(Layer("provinces", list(provs.items()), ("cn",)))
    if "us" in countries:
        out.append(Layer("states", list(_inside(us_states(data_dir), extent).items()), ("us",)))
    return out


_SIMPLE: dict = {}
_MERGED: dict = {}


def simplified(geom, key, tolerance: float):
    """``geom`` simplified to ``tolerance`` degrees for drawing (about a pixel), cached by
    ``key`` (a region id) and tolerance."""
    k = (key, round(tolerance, 6))
    hit = _SIMPLE.get(k)
    if hit is None or hit[0] is not geom:  # the original is kept, so the key cannot be reused
        if len(_SIMPLE) > 20000:
            _SIMPLE.clear()
        hit = _SIMPLE[k] = (geom, geom.simplify(tolerance, preserve_topology=True))
    return hit[1]
