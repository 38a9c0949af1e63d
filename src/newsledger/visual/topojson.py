"""TopoJSON → country outlines as rings of (longitude, latitude) points.

We decode TopoJSON ourselves because the format is small and stable (arcs shared by neighbouring
shapes, delta-encoded and quantized; polygons list arc indexes, a negative index ~i meaning arc i
reversed) and decoding it is about forty lines, whereas the Python packages that read it either pull in
shapely/GEOS and pandas (geopandas, topojson) or are unmaintained, and none is a dependency. The spec:
https://github.com/topojson/topojson-specification
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsledger.errors import NewsledgerError

Point = tuple[float, float]  # (longitude, latitude) in degrees
Ring = tuple[Point, ...]  # closed: the first point is repeated at the end
Polygon = tuple[Ring, ...]  # the outer ring, then its holes

WORLD_MAP = "countries-110m.json"  # in newsledger/data/world/ (see its README for the source)


class TopoJSONError(NewsledgerError):
    """A TopoJSON file does not have the shape this decoder reads."""


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    iso_numeric: str | None  # ISO 3166-1 numeric code (the TopoJSON feature id); None for disputed areas
    polygons: tuple[Polygon, ...]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Every arc as absolute coordinates. A quantized topology stores each position after the first as
    the difference from the previous one, in integer units of `transform.scale` from `transform.translate`."""
    transform = topology.get("transform")
    if transform is None:
        return [[(float(x), float(y)) for x, y, *_ in arc] for arc in topology["arcs"]]
    (scale_x, scale_y), (shift_x, shift_y) = transform["scale"], transform["translate"]
    arcs = []
    for quantized in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_ in quantized:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(arc_indexes: Sequence[int], arcs: list[list[Point]]) -> Ring:
    points: list[Point] = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point; keep it once.
        points.extend(arc if not points else arc[1:])
    return tuple(points)


def decode_countries(topology: dict[str, Any], object_name: str = "countries") -> list[Country]:
    """The polygons of each geometry of `object_name`, a GeometryCollection with a `name` property."""
    collection = topology.get("objects", {}).get(object_name)
    if collection is None:
        raise TopoJSONError(
            f"the topology has no object {object_name!r} (it has {sorted(topology['objects'])})"
        )
    arcs = decode_arcs(topology)
    countries = []
    for geometry in collection["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        elif kind is None:  # a feature without a shape
            continue
        else:
            raise TopoJSONError(f"{object_name}: geometry type {kind!r} is not a Polygon or MultiPolygon")
        countries.append(
            Country(
                name=str(geometry.get("properties", {}).get("name", "")),
                iso_numeric=geometry.get("id"),
                polygons=tuple(tuple(_ring(ring, arcs) for ring in polygon) for polygon in polygons),
            )
        )
    return countries


@lru_cache(maxsize=1)
def world_countries() -> tuple[Country, ...]:
    """The shipped 1:110m world map (Natural Earth via the npm package world-atlas), decoded once."""
    source = resources.files("newsledger") / "data" / "world" / WORLD_MAP
    try:
        topology = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise TopoJSONError(f"newsledger/data/world/{WORLD_MAP}: cannot read the base map ({err})") from None
    return tuple(decode_countries(topology))
