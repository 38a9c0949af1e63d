"""Places of events → an SVG map (the shipped world outline, a circle per place), drawn with no network.

The projection is equidistant cylindrical (plate carrée) with its standard parallel at the centre of the
view: the whole world is the familiar 2:1 rectangle, and a regional view (what a story usually needs)
has true shapes at its centre, because east–west distances are scaled by the cosine of that latitude.
Being cylindrical, it draws the antimeridian as a straight vertical line, so a ring that crosses it
(Russia's Chukotka, Fiji, Antarctica) is unwrapped into continuous longitudes and drawn once more
shifted by 360° where the copy is in view; the SVG frame clips both. Nothing joins -180° to 180°, so no
horizontal streak crosses the map.

Output is deterministic (same points, same bytes), escapes every text, and uses presentation attributes
and classes only (no scripts, no style attributes), so pages can keep a strict Content-Security-Policy.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from newsledger.visual.svg import format_number, svg_open, text_width
from newsledger.visual.topojson import Point, Ring, world_countries

# A fitted view shows at least this many degrees of latitude around the points (about 900 km), so a
# single place still shows its country and neighbours.
MIN_FIT_SPAN_DEGREES = 8.0
FIT_PADDING = 0.2  # each side, as a share of the points' extent
# Beyond ±60° a cos-scaled standard parallel stretches east–west more than it helps; views there use 60°.
MAX_STANDARD_PARALLEL = 60.0
MAX_RADIUS = 22.0  # pixels, the circle of the place with the most sources
UNIT_RADIUS = 4.0  # pixels, a place with one source (smaller when MAX_RADIUS needs it)


@dataclass(frozen=True, slots=True)
class MapPoint:
    """One place on the map: `label` becomes its tooltip, `sources` (≥ 1) sets its circle's area."""

    lat: float
    lon: float
    label: str
    sources: int
    href: str | None = None

    def __post_init__(self) -> None:
        if not -90.0 <= self.lat <= 90.0:
            raise ValueError(f"MapPoint {self.label!r}: lat {self.lat} is not within -90..90")
        if not -180.0 <= self.lon <= 180.0:
            raise ValueError(f"MapPoint {self.label!r}: lon {self.lon} is not within -180..180")
        if self.sources < 1:
            raise ValueError(f"MapPoint {self.label!r}: sources must be at least 1, not {self.sources}")
        if self.href is not None and urlsplit(self.href).scheme not in ("", "http", "https"):
            raise ValueError(f"MapPoint {self.label!r}: href {self.href!r} is not a relative or http(s) link")


@dataclass(frozen=True, slots=True)
class View:
    """What the map shows: its centre, the standard parallel, the scale, and the frame in pixels."""

    center_lon: float
    center_lat: float
    standard_parallel: float
    degrees_per_pixel: float  # of latitude; longitude degrees per pixel are this / cos(standard parallel)
    width: int
    height: int

    @property
    def _lon_per_pixel(self) -> float:
        return self.degrees_per_pixel / math.cos(math.radians(self.standard_parallel))

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.width / 2 + (lon - self.center_lon) / self._lon_per_pixel
        y = self.height / 2 - (lat - self.center_lat) / self.degrees_per_pixel
        return x, y

    def longitudes(self) -> tuple[float, float]:
        half = self.width / 2 * self._lon_per_pixel
        return self.center_lon - half, self.center_lon + half


def world_view(width: int, height: int) -> View:
    return View(0.0, 0.0, 0.0, max(180.0 / height, 360.0 / width), width, height)


def fitted_view(points: Sequence[MapPoint], width: int, height: int) -> View:
    """The smallest view holding every point with padding, never wider than the world view."""
    world = world_view(width, height)
    if not points:
        return world
    west, east = min(p.lon for p in points), max(p.lon for p in points)
    south, north = min(p.lat for p in points), max(p.lat for p in points)
    center_lon, center_lat = (west + east) / 2, (south + north) / 2
    parallel = max(-MAX_STANDARD_PARALLEL, min(MAX_STANDARD_PARALLEL, center_lat))
    cos_parallel = math.cos(math.radians(parallel))
    lat_span = max(north - south, MIN_FIT_SPAN_DEGREES) * (1 + 2 * FIT_PADDING)
    lon_span = max(east - west, MIN_FIT_SPAN_DEGREES / cos_parallel) * (1 + 2 * FIT_PADDING)
    degrees_per_pixel = max(lat_span / height, lon_span * cos_parallel / width)
    if degrees_per_pixel >= world.degrees_per_pixel:
        return world
    return View(center_lon, center_lat, parallel, degrees_per_pixel, width, height)


# -- the base map ------------------------------------------------------------------------------------------


def unwrap_ring(ring: Ring) -> Ring:
    """The ring with continuous longitudes: a step of more than 180° is the antimeridian, not a
    streak across the map. A ring around a pole (Antarctica) does not close once unwrapped; it is
    closed along the nearer pole."""
    unwrapped = [ring[0]]
    shift = 0.0
    for (lon0, _), (lon1, lat1) in itertools.pairwise(ring):
        if lon1 - lon0 > 180:
            shift -= 360
        elif lon0 - lon1 > 180:
            shift += 360
        unwrapped.append((lon1 + shift, lat1))
    if shift:
        pole = math.copysign(90.0, sum(lat for _, lat in ring))
        unwrapped += [(unwrapped[-1][0], pole), (ring[0][0], pole), ring[0]]
    return tuple(unwrapped)


@dataclass(frozen=True, slots=True)
class _Shape:
    country: str
    rings: tuple[Ring, ...]  # the outer ring (unwrapped), then its holes
    west: float
    east: float


@lru_cache(maxsize=1)
def _world_shapes() -> tuple[_Shape, ...]:
    shapes = []
    for country in world_countries():
        for polygon in country.polygons:
            rings = tuple(unwrap_ring(ring) for ring in polygon)
            longitudes = [lon for lon, _ in rings[0]]
            shapes.append(_Shape(country.name, rings, min(longitudes), max(longitudes)))
    return tuple(shapes)


def _path_data(rings: Sequence[Ring], view: View, shift: float) -> str:
    parts = []
    for ring in rings:
        coordinates: list[str] = []
        for lon, lat in ring:
            x, y = view.project(lon + shift, lat)
            pair = f"{x:.1f},{y:.1f}"
            if not coordinates or coordinates[-1] != pair:
                coordinates.append(pair)
        if len(coordinates) > 2:
            parts.append("M" + " ".join(coordinates) + "Z")
    return "".join(parts)


def _in_frame(rings: Sequence[Ring], view: View, shift: float) -> bool:
    xs, ys = zip(*(view.project(lon + shift, lat) for lon, lat in rings[0]), strict=True)
    return max(xs) > 0 and min(xs) < view.width and max(ys) > 0 and min(ys) < view.height


@lru_cache(maxsize=32)
def country_paths(view: View) -> tuple[tuple[str, str], ...]:
    """(country name, SVG path data) for every country in view: each polygon at the longitude shifts
    (0, ±360°) that bring it into the frame. Cached: the outlines never change and views repeat."""
    west, east = view.longitudes()
    paths: dict[str, list[str]] = {}
    for shape in _world_shapes():
        for shift in (0.0, -360.0, 360.0):
            if shape.east + shift <= west or shape.west + shift >= east:
                continue
            if _in_frame(shape.rings, view, shift):
                paths.setdefault(shape.country, []).append(_path_data(shape.rings, view, shift))
    return tuple((name, "".join(parts)) for name, parts in paths.items())


# -- the map -----------------------------------------------------------------------------------------------


def _radius_unit(points: Sequence[MapPoint]) -> float:
    """Pixels of radius for one source: circle areas are proportional to sources, the largest ≤ MAX_RADIUS."""
    most = max((p.sources for p in points), default=1)
    return min(UNIT_RADIUS, MAX_RADIUS / math.sqrt(most))


def _circles(points: Sequence[MapPoint], view: View) -> Iterator[str]:
    unit = _radius_unit(points)
    # Big circles first so small ones stay on top and clickable; then a fixed order for stable output.
    for point in sorted(points, key=lambda p: (-p.sources, p.lat, p.lon, p.label, p.href or "")):
        x, y = view.project(point.lon, point.lat)
        radius = unit * math.sqrt(point.sources)
        circle = (
            f'<circle class="nl-map-point" cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="#c0392b" '
            f'fill-opacity="0.55" stroke="#7b241c" stroke-width="1">'
            f"<title>{escape(point.label)}</title></circle>"
        )
        yield f'<a href="{escape(point.href)}">{circle}</a>' if point.href is not None else circle


def _size_legend(points: Sequence[MapPoint], view: View) -> str:
    """Circles for one source and for the most, bottom left, on a pale backdrop."""
    unit = _radius_unit(points)
    sizes = sorted({1, max(p.sources for p in points)})
    big = unit * math.sqrt(sizes[-1])
    x, baseline = 10 + big, view.height - 10
    items = []
    for sources in sizes:
        radius = unit * math.sqrt(sources)
        text = f"{format_number(sources)} source{'s' if sources != 1 else ''}"
        items.append(
            f'<circle cx="{x:.1f}" cy="{baseline - radius:.1f}" r="{radius:.1f}" fill="none" '
            f'stroke="#7b241c"/><text x="{x + big + 6:.1f}" y="{baseline - radius + 4:.1f}">{text}</text>'
        )
        right = x + big + 6 + text_width(text)
        x = right + 12 + big
    top = baseline - 2 * big - 6
    backdrop = (
        f'<rect x="4" y="{top:.1f}" width="{right:.1f}" height="{view.height - 4 - top:.1f}" '
        'fill="#ffffff" fill-opacity="0.8" rx="3"/>'
    )
    return f'<g class="nl-map-legend" fill="#333">{backdrop}{"".join(items)}</g>'


def event_map(
    points: Sequence[MapPoint],
    *,
    width: int = 960,
    height: int = 480,
    fit_points: bool = False,
    title: str = "Map of events",
) -> Markup:
    """An SVG map with a circle per point (area ∝ sources; tooltip = label; a link when href is set).

    `fit_points` zooms to the points' bounding box with padding (a story is usually regional) instead of
    showing the whole world.
    """
    if width < 100 or height < 50:
        raise ValueError(f"event_map: width × height {width} × {height} is too small (at least 100 × 50)")
    view = fitted_view(points, width, height) if fit_points else world_view(width, height)
    countries = "".join(
        f'<path class="nl-map-country" d="{d}"><title>{escape(name)}</title></path>'
        for name, d in country_paths(view)
    )
    places = f"{len(points)} place{'s' if len(points) != 1 else ''}"
    return Markup(
        svg_open("nl-map", width, height, f"{title}: {places}")
        + f'<rect class="nl-map-sea" width="{width}" height="{height}" fill="#eaf1f6"/>'
        + f'<g fill="#d6d6d0" stroke="#ffffff" stroke-width="0.6" fill-rule="evenodd">{countries}</g>'
        + f'<g class="nl-map-points">{"".join(_circles(points, view))}</g>'
        + (_size_legend(points, view) if points else "")
        + "</svg>"
    )


__all__ = ["MapPoint", "Point", "View", "event_map", "fitted_view", "world_view"]
