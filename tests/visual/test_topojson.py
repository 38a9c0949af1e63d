"""Decoding TopoJSON: delta-decoding, quantization, reversed arcs, and the shipped world map."""

from __future__ import annotations

import pytest

from newsledger.visual.topojson import TopoJSONError, decode_arcs, decode_countries, world_countries


def _bounds(polygons: tuple) -> tuple[float, float, float, float]:
    points = [point for polygon in polygons for ring in polygon for point in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), max(lons), min(lats), max(lats)


def test_quantized_arcs_are_delta_decoded_and_scaled() -> None:
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [10.0, -5.0]},
        "arcs": [[[0, 0], [4, 0], [0, 8]]],
    }
    assert decode_arcs(topology) == [[(10.0, -5.0), (12.0, -5.0), (12.0, -3.0)]]


def test_unquantized_arcs_are_absolute() -> None:
    assert decode_arcs({"arcs": [[[1, 2], [3, 4]]]}) == [[(1.0, 2.0), (3.0, 4.0)]]


def test_a_negative_arc_index_is_the_arc_reversed_and_shared_points_are_kept_once() -> None:
    # Two squares sharing the edge x = 1: arc 0 is that edge, going up; the right square walks it down.
    topology = {
        "arcs": [
            [[1, 0], [1, 1]],
            [[1, 1], [0, 1], [0, 0], [1, 0]],
            [[1, 0], [2, 0], [2, 1], [1, 1]],
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "id": "1", "properties": {"name": "West"}},
                    {"type": "Polygon", "arcs": [[2, ~0]], "id": "2", "properties": {"name": "East"}},
                ],
            }
        },
    }
    west, east = decode_countries(topology)
    assert west.polygons[0][0] == ((1, 0), (1, 1), (0, 1), (0, 0), (1, 0))
    assert east.polygons[0][0] == ((1, 0), (2, 0), (2, 1), (1, 1), (1, 0))
    assert (west.name, east.name, east.iso_numeric) == ("West", "East", "2")


def test_an_unknown_object_or_geometry_type_is_one_clear_error() -> None:
    with pytest.raises(TopoJSONError, match="no object 'countries'"):
        decode_countries({"arcs": [], "objects": {"land": {}}})
    line = {"type": "GeometryCollection", "geometries": [{"type": "LineString", "arcs": [0]}]}
    with pytest.raises(TopoJSONError, match="'LineString' is not a Polygon"):
        decode_countries({"arcs": [[[0, 0], [1, 1]]], "objects": {"countries": line}})


def test_the_world_map_has_every_country_with_closed_rings() -> None:
    countries = world_countries()
    assert len(countries) == 177
    for country in countries:
        for polygon in country.polygons:
            for ring in polygon:
                assert ring[0] == ring[-1], f"{country.name}: a ring does not close"
                assert len(ring) >= 4


@pytest.mark.parametrize(
    ("name", "west", "east", "south", "north"),
    [
        # Natural Earth draws de facto borders: its 1:110m Ukraine ends at 45.3°N, Crimea left out.
        ("Ukraine", 22.1, 40.1, 45.3, 52.3),
        ("Germany", 5.9, 15.0, 47.3, 55.1),
        ("Japan", 129.4, 145.6, 31.0, 45.6),
    ],
)
def test_known_countries_have_their_real_bounds(
    name: str, west: float, east: float, south: float, north: float
) -> None:
    country = next(c for c in world_countries() if c.name == name)
    got = _bounds(country.polygons)
    assert got == pytest.approx((west, east, south, north), abs=0.3)
