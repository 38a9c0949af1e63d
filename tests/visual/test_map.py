"""The event map: countries drawn from the base map, circles where the events are, safe and stable SVG."""

from __future__ import annotations

import itertools
import math

import pytest

from newsledger.visual.map import MapPoint, View, event_map, fitted_view, unwrap_ring, world_view
from newsledger.visual.topojson import world_countries
from tests.visual.svgparse import SVG, find_all, parse, subpaths

KYIV = MapPoint(50.45, 30.52, "Kyiv", 3, "#e-kyiv")
PSKOV = MapPoint(57.82, 28.33, "Pskov", 1)
BAKHMUT = MapPoint(48.59, 38.0, "Bakhmut", 12, "#e-bakhmut")


def _country_paths(markup: str) -> dict[str, str]:
    root = parse(markup)
    return {
        path.find(f"{SVG}title").text or "": path.get("d", "")
        for path in find_all(root, "path")
        if path.get("class") == "nl-map-country"
    }


def _bbox(d: str) -> tuple[float, float, float, float]:
    points = [point for sub in subpaths(d) for point in sub]
    return (
        min(p[0] for p in points),
        max(p[0] for p in points),
        min(p[1] for p in points),
        max(p[1] for p in points),
    )


def _circles(markup: str) -> dict[str, tuple[float, float, float]]:
    return {
        circle.find(f"{SVG}title").text or "": (
            float(circle.get("cx")),
            float(circle.get("cy")),
            float(circle.get("r")),
        )
        for circle in find_all(parse(markup), "circle")
        if circle.get("class") == "nl-map-point"
    }


@pytest.mark.parametrize("fit_points", [False, True])
def test_each_point_lies_inside_its_country(fit_points: bool) -> None:
    markup = event_map([KYIV, PSKOV, BAKHMUT], fit_points=fit_points)
    countries = _country_paths(markup)
    circles = _circles(markup)
    for label, country in [("Kyiv", "Ukraine"), ("Bakhmut", "Ukraine"), ("Pskov", "Russia")]:
        x, y, _ = circles[label]
        west, east, north, south = _bbox(countries[country])
        assert west < x < east and north < y < south, f"{label} is outside {country}"
    # Pskov is not in Ukraine, whose north edge lies well south of it.
    assert circles["Pskov"][1] < _bbox(countries["Ukraine"])[2]


def test_the_world_view_is_equirectangular() -> None:
    view = world_view(960, 480)
    assert view.project(-180, 90) == (0, 0)
    assert view.project(180, -90) == (960, 480)
    assert view.project(0, 0) == (480, 240)


def test_a_fitted_view_keeps_shapes_true_at_its_centre_and_holds_every_point() -> None:
    view = fitted_view([KYIV, PSKOV, BAKHMUT], 960, 480)
    assert view.degrees_per_pixel < world_view(960, 480).degrees_per_pixel / 4
    # One degree east is cos(latitude) of one degree north at the standard parallel.
    x0, y0 = view.project(30, view.standard_parallel)
    x1, _ = view.project(31, view.standard_parallel)
    _, y1 = view.project(30, view.standard_parallel + 1)
    assert (x1 - x0) / (y0 - y1) == pytest.approx(math.cos(math.radians(view.standard_parallel)))
    for point in (KYIV, PSKOV, BAKHMUT):
        x, y = view.project(point.lon, point.lat)
        assert 0 < x < 960 and 0 < y < 480


def test_a_single_point_is_shown_with_its_surroundings() -> None:
    view = fitted_view([KYIV], 960, 480)
    top = view.project(KYIV.lon, KYIV.lat + 4)[1]
    bottom = view.project(KYIV.lon, KYIV.lat - 4)[1]
    assert 0 < top < bottom < 480  # at least 8° of latitude in view


def test_points_around_the_world_fall_back_to_the_world_view() -> None:
    far = [MapPoint(60, -150, "Alaska", 1), MapPoint(-40, 170, "New Zealand", 1)]
    assert fitted_view(far, 960, 480) == world_view(960, 480)
    assert fitted_view([], 960, 480) == world_view(960, 480)


def test_circle_area_grows_with_sources() -> None:
    circles = _circles(event_map([KYIV, PSKOV, BAKHMUT]))
    areas = {label: r**2 for label, (_, _, r) in circles.items()}
    assert areas["Kyiv"] / areas["Pskov"] == pytest.approx(3, rel=0.05)
    assert areas["Bakhmut"] / areas["Pskov"] == pytest.approx(12, rel=0.05)


def test_big_circles_are_drawn_first_so_small_ones_stay_clickable() -> None:
    labels = list(_circles(event_map([PSKOV, KYIV, BAKHMUT])))
    assert labels == ["Bakhmut", "Kyiv", "Pskov"]


def test_links_wrap_only_points_with_an_href() -> None:
    root = parse(event_map([KYIV, PSKOV]))
    links = find_all(root, "a")
    assert [a.get("href") for a in links] == ["#e-kyiv"]
    assert links[0].find(f"{SVG}circle/{SVG}title").text == "Kyiv"


HOSTILE = '</title><script>alert("x")</script><a href="javascript:alert(1)" onload="x()">&amp;'


def test_hostile_labels_are_escaped_and_stay_text() -> None:
    markup = event_map([MapPoint(50.45, 30.52, HOSTILE, 2, "#e-1?a=1&b=<2>")], title=HOSTILE)
    assert "<script" not in markup
    root = parse(markup)  # still well-formed: nothing in the label closed an element
    assert not find_all(root, "script")
    assert [a.get("href") for a in find_all(root, "a")] == ["#e-1?a=1&b=<2>"]  # the label's <a> is text
    assert next(t.text for t in find_all(root, "title")) == f"{HOSTILE}: 1 place"
    assert HOSTILE in _circles(markup)
    assert not any(name.startswith("on") for element in root.iter() for name in element.attrib)
    assert not any(element.get("style") for element in root.iter())


@pytest.mark.parametrize("href", ["javascript:alert(1)", "data:text/html,x", "JAVASCRIPT:void(0)"])
def test_a_link_that_is_not_a_page_address_is_refused(href: str) -> None:
    with pytest.raises(ValueError, match="href"):
        MapPoint(50, 30, "x", 1, href)


@pytest.mark.parametrize(
    ("lat", "lon", "sources", "message"),
    [(91, 0, 1, "lat 91"), (0, -181, 1, "lon -181"), (math.nan, 0, 1, "lat nan"), (0, 0, 0, "at least 1")],
)
def test_impossible_points_are_refused(lat: float, lon: float, sources: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        MapPoint(lat, lon, "x", sources)


def test_no_points_draw_the_world_without_circles() -> None:
    markup = event_map([])
    assert _circles(markup) == {}
    assert len(_country_paths(markup)) == len({c.name for c in world_countries()})
    assert parse(markup).find(f"{SVG}title").text == "Map of events: 0 places"


@pytest.mark.parametrize("fit_points", [False, True])
def test_no_path_segment_crosses_the_map(fit_points: bool) -> None:
    """Only Antarctica's closing edge along the South Pole (the bottom of the world) may be that long."""
    width = 960
    points = [MapPoint(-17.7, 178.0, "Fiji", 1), MapPoint(64.7, 177.5, "Anadyr", 1)]
    view = fitted_view(points, width, 480) if fit_points else world_view(width, 480)
    poles = {round(view.project(0, 90)[1], 1), round(view.project(0, -90)[1], 1)}
    for name, d in _country_paths(event_map(points, width=width, fit_points=fit_points)).items():
        for points_of_subpath in subpaths(d):
            closed = [*points_of_subpath, points_of_subpath[0]]  # Z joins the last point to the first
            for (x0, y0), (x1, y1) in itertools.pairwise(closed):
                along_a_pole = y0 == y1 and y0 in poles
                assert abs(x1 - x0) <= width / 2 or along_a_pole, (
                    f"{name}: a segment spans {abs(x1 - x0):.0f} px"
                )


def test_rings_across_the_antimeridian_show_on_both_edges_of_the_world() -> None:
    countries = _country_paths(event_map([]))
    for name in ("Russia", "Fiji"):
        west, east, _, _ = _bbox(countries[name])
        assert west < 5 and east > 955, f"{name} should reach both edges"


def test_a_ring_around_the_pole_is_closed_along_it() -> None:
    ring = ((-170.0, -70.0), (0.0, -75.0), (170.0, -70.0), (-170.0, -70.0))
    unwrapped = unwrap_ring(ring)
    assert [lon for lon, _ in unwrapped] == [-170, 0, 170, 190, 190, -170, -170]
    assert unwrapped[4][1] == unwrapped[5][1] == -90
    antarctica = next(c for c in world_countries() if c.name == "Antarctica")
    mainland = max((polygon[0] for polygon in antarctica.polygons), key=len)
    unwrapped = unwrap_ring(mainland)
    lons = [lon for lon, _ in unwrapped]
    assert max(lons) - min(lons) == pytest.approx(360, abs=0.01)
    assert unwrapped[0] == unwrapped[-1]


def test_output_is_deterministic_and_independent_of_point_order() -> None:
    first = event_map([KYIV, PSKOV, BAKHMUT], fit_points=True)
    assert first == event_map([BAKHMUT, KYIV, PSKOV], fit_points=True)
    assert str(first) == str(event_map([KYIV, PSKOV, BAKHMUT], fit_points=True))


def test_the_map_is_sized_as_asked_and_refuses_a_tiny_frame() -> None:
    root = parse(event_map([KYIV], width=600, height=400))
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("600", "400", "0 0 600 400")
    with pytest.raises(ValueError, match="too small"):
        event_map([KYIV], width=10, height=10)


def test_projected_outlines_are_cached_per_view() -> None:
    from newsledger.visual.map import country_paths

    view = View(30.0, 50.0, 50.0, 0.02, 800, 400)
    assert country_paths(view) is country_paths(view)
