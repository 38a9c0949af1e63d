"""The timeline and the figures chart: counts per bar, figures where they belong, safe and stable SVG."""

from __future__ import annotations

from datetime import date

import pytest

from newsledger.visual.charts import MARGIN_LEFT, FigurePoint, TimelinePoint, figures_over_time, timeline
from newsledger.visual.svg import date_ticks, linear_ticks, log_ticks
from tests.visual.svgparse import SVG, find_all, parse


def _bars(markup: str) -> list[tuple[float, float, float, float, str]]:
    return [
        (
            float(r.get("x")),
            float(r.get("y")),
            float(r.get("width")),
            float(r.get("height")),
            r.find(f"{SVG}title").text,
        )
        for r in find_all(parse(markup), "rect")
        if r.get("class") == "nl-chart-bar"
    ]


def _y_axis(markup: str) -> tuple[float, float, float]:
    """(value of the top tick, its y, the y of zero) from the axis labels."""
    labels = [
        (t.text, float(t.get("y")) - 4)
        for t in find_all(parse(markup), "text")
        if t.get("x") == f"{MARGIN_LEFT - 6:.1f}" and t.get("text-anchor") == "end"
    ]
    values = {text: y for text, y in labels}
    top = max(labels, key=lambda item: -item[1])
    return float(top[0].replace("k", "e3")), top[1], values["0"]


def test_timeline_counts_events_per_week_and_stacks_kinds() -> None:
    points = [
        TimelinePoint(date(2022, 9, 12), "refusal"),  # a Monday
        TimelinePoint(date(2022, 9, 14), "refusal", 2),
        TimelinePoint(date(2022, 9, 18), "surrender"),  # the Sunday of the same week
        TimelinePoint(date(2022, 9, 19), "refusal"),  # the next week
    ]
    markup = timeline(points, bin="week")
    bars = _bars(markup)
    tooltips = sorted(bar[4] for bar in bars)
    assert tooltips == [
        "week of 12 Sep 2022: 1 surrender (4 events in all)",
        "week of 12 Sep 2022: 3 refusal (4 events in all)",
        "week of 19 Sep 2022: 1 refusal",
    ]
    top_value, top_y, zero_y = _y_axis(markup)
    per_event = (zero_y - top_y) / top_value
    heights = {bar[4]: bar[3] for bar in bars}
    assert heights["week of 12 Sep 2022: 3 refusal (4 events in all)"] == pytest.approx(
        3 * per_event, abs=0.1
    )
    assert heights["week of 19 Sep 2022: 1 refusal"] == pytest.approx(per_event, abs=0.1)
    # The second week's bar stands to the right of the first, both inside the plot.
    first_week = [bar for bar in bars if "12 Sep" in bar[4]]
    assert max(b[0] for b in first_week) < next(b[0] for b in bars if "19 Sep" in b[4])
    legend = [t.text for t in find_all(parse(markup), "text") if t.text and "(" in t.text]
    assert legend == ["refusal (4)", "surrender (1)"]


@pytest.mark.parametrize(
    ("last", "expected"),
    [(date(2022, 9, 30), "day"), (date(2023, 3, 1), "week"), (date(2024, 1, 1), "month")],
)
def test_timeline_bins_grow_with_the_span(last: date, expected: str) -> None:
    markup = timeline([TimelinePoint(date(2022, 9, 1), "refusal"), TimelinePoint(last, "refusal")])
    assert f"events per {expected}" in markup


def test_timeline_of_nothing_is_a_short_note() -> None:
    assert timeline([]) == '<p class="nl-chart-empty">No dated events.</p>'
    assert figures_over_time([]) == '<p class="nl-chart-empty">No dated figures.</p>'


def test_timeline_refuses_a_count_below_one_and_an_unknown_bin() -> None:
    with pytest.raises(ValueError, match="count must be at least 1"):
        TimelinePoint(date(2022, 1, 1), "refusal", 0)
    with pytest.raises(ValueError, match="bin 'year'"):
        timeline([TimelinePoint(date(2022, 1, 1))], bin="year")  # type: ignore[arg-type]


FIGURES = [
    FigurePoint(date(2022, 8, 23), 75_000, 80_000, "American officials", "75,000 to 80,000", "#a-1"),
    FigurePoint(date(2022, 8, 23), 45_000, 45_000, "Ukraine's armed forces", "about 45,000"),
    FigurePoint(date(2022, 11, 1), 100_000, None, "American officials", "more than 100,000"),
]


def _marks(markup: str) -> dict[str, list]:
    return {
        group.find(f"{SVG}title").text: list(group)
        for group in find_all(parse(markup), "g")
        if group.get("class") == "nl-chart-figure"
    }


def test_figures_sit_at_their_value_with_ranges_and_open_bounds() -> None:
    markup = figures_over_time(FIGURES, unit="people")
    top_value, top_y, zero_y = _y_axis(markup)

    def y_of(value: float) -> float:
        return zero_y - value / top_value * (zero_y - top_y)

    marks = _marks(markup)
    single = marks["about 45,000"][1]
    assert single.tag == f"{SVG}rect"  # the second source's marker is a square
    assert float(single.get("y")) + float(single.get("height")) / 2 == pytest.approx(y_of(45_000), abs=0.2)
    span = marks["75,000 to 80,000"][1].get("d")  # cap, vertical line, cap
    assert f"V{y_of(75_000):.1f}" in span and f",{y_of(80_000):.1f}H" in span
    caret = marks["more than 100,000"][1].get("d")  # the caret rises from the lower bound
    assert caret.startswith("M") and f",{y_of(100_000):.1f}V{y_of(100_000) - 14:.1f}" in caret
    # Figures of the same day stand side by side instead of on top of each other.
    x_range = float(marks["75,000 to 80,000"][2].get("cx"))
    x_single = float(single.get("x")) + float(single.get("width")) / 2
    assert x_single - x_range == pytest.approx(9, abs=0.2)
    assert "people" in [t.text for t in find_all(parse(markup), "text")]


def test_each_source_has_one_colour_and_shape_and_a_legend_entry() -> None:
    root = parse(figures_over_time(FIGURES))
    legend = next(g for g in find_all(root, "g") if g.get("class") == "nl-chart-legend")
    entries = [(group[0].tag, group[0].get("fill"), group[1].text) for group in legend]
    assert entries == [
        (f"{SVG}circle", "#0072b2", "American officials"),
        (f"{SVG}rect", "#e69f00", "Ukraine's armed forces"),
    ]


def test_figures_spanning_decades_get_a_log_axis() -> None:
    village = FigurePoint(date(2022, 9, 1), 60, 60, "relatives", "about 60")
    assert "(log scale)" in figures_over_time([*FIGURES, village])
    assert "(log scale)" not in figures_over_time(FIGURES)
    assert "(log scale)" not in figures_over_time([*FIGURES, village], scale="linear")
    with pytest.raises(ValueError, match="log scale needs every figure above zero"):
        figures_over_time([FigurePoint(date(2022, 9, 1), 0, 5, "x", "0 to 5")], scale="log")


@pytest.mark.parametrize(
    ("low", "high", "message"),
    [(10, 5, "high 5 is below low 10"), (float("nan"), 5, "finite"), (1, float("inf"), "finite")],
)
def test_impossible_figures_are_refused(low: float, high: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FigurePoint(date(2022, 1, 1), low, high, "x", "x")


HOSTILE = '</title><script>alert(1)</script><g onload="x()">'


def test_hostile_sources_labels_and_kinds_are_escaped() -> None:
    charts = [
        figures_over_time([FigurePoint(date(2022, 1, 1), 1, 2, HOSTILE, HOSTILE, "#a?b=<1>")], unit=HOSTILE),
        timeline([TimelinePoint(date(2022, 1, 1), HOSTILE)], what=HOSTILE, title=HOSTILE),
    ]
    for markup in charts:
        assert "<script" not in markup
        root = parse(markup)
        assert not find_all(root, "script")
        assert not any(name.startswith("on") for element in root.iter() for name in element.attrib)
        assert any(HOSTILE in (t.text or "") for t in root.iter())


def test_charts_are_deterministic_and_independent_of_input_order() -> None:
    assert figures_over_time(FIGURES) == figures_over_time(FIGURES[::-1])
    points = [
        TimelinePoint(date(2022, 9, d), kind) for d in range(1, 20) for kind in ("refusal", "desertion")
    ]
    assert timeline(points) == timeline(points[::-1])


def test_ticks() -> None:
    assert linear_ticks(7, max_ticks=5, integer=True) == [0, 2, 4, 6, 8]
    assert linear_ticks(1, max_ticks=5, integer=True) == [0, 1]
    assert linear_ticks(80_000, max_ticks=5) == [0, 20_000, 40_000, 60_000, 80_000]
    assert log_ticks(60, 100_000) == [10, 100, 1_000, 10_000, 100_000]
    assert log_ticks(45_000, 80_000) == [10_000, 20_000, 50_000, 100_000]
    months = date_ticks(date(2022, 1, 15), date(2022, 12, 31), max_ticks=12)
    assert [label for _, label in months][:2] == ["Feb 2022", "Mar 2022"]
    weeks = date_ticks(date(2022, 12, 20), date(2023, 1, 20), max_ticks=6)
    assert [label for _, label in weeks] == ["26 Dec 2022", "2 Jan 2023", "9 Jan", "16 Jan"]


def test_one_statement_relayed_by_several_outlets_is_one_mark() -> None:
    relays = [
        FigurePoint(date(2023, 2, 1), 9_000, 9_000, "Washington", f"roughly 9,000 in {outlet}")
        for outlet in ("metro-evening", "baltic-wire", "northern-courier")
    ]
    other = FigurePoint(date(2023, 2, 1), 21_000, 21_000, "Washington", "21,000 wounded")
    marks = _marks(figures_over_time([*relays, other]))
    assert sorted(marks) == ["21,000 wounded", "roughly 9,000 in baltic-wire (and 2 more statements of it)"]
