"""Dated events and dated figures → SVG charts: a timeline of events and one compared quantity over time.

Like the map, the charts are deterministic, escape every text and use no scripts or style attributes.
A chart's `height` is that of its plot area and axes; a legend, when there is one, is added below it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from newsledger.visual.svg import (
    MONTHS,
    colour,
    compact_number,
    date_ticks,
    legend,
    linear_ticks,
    log_ticks,
    marker,
    svg_open,
    text_width,
)

MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 52, 16, 22, 26
TICK_SPACING = 80  # pixels between date labels at least ("12 Sep 2022" is about 70)
# A quantity spanning two decades or more (60 in one village, 20,000 in all) is drawn on a log axis,
# where a linear one would flatten every small figure onto the baseline.
LOG_SCALE_RATIO = 100

Bin = Literal["auto", "day", "week", "month"]
Scale = Literal["auto", "linear", "log"]


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """`count` events of one kind (an event type) on one day; the timeline sums them per bar."""

    day: date
    kind: str = "events"
    count: int = 1

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(
                f"TimelinePoint {self.day} {self.kind!r}: count must be at least 1, not {self.count}"
            )


@dataclass(frozen=True, slots=True)
class FigurePoint:
    """One claimed figure of one quantity: a number (high == low), a range, or open upward (high None)."""

    as_of: date
    low: float
    high: float | None
    source: str  # who states it: one colour and marker each
    label: str  # the tooltip
    href: str | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.low) or (self.high is not None and not math.isfinite(self.high)):
            raise ValueError(f"FigurePoint {self.label!r}: figures must be finite numbers")
        if self.high is not None and self.high < self.low:
            raise ValueError(f"FigurePoint {self.label!r}: high {self.high} is below low {self.low}")
        if self.href is not None and urlsplit(self.href).scheme not in ("", "http", "https"):
            raise ValueError(
                f"FigurePoint {self.label!r}: href {self.href!r} is not a relative or http(s) link"
            )


@dataclass(frozen=True, slots=True)
class _Plot:
    """The plot area in pixels and its date axis."""

    left: float
    top: float
    width: float
    height: float
    first_day: date
    last_day: date  # exclusive: the right edge

    def x(self, day: date) -> float:
        span = (self.last_day - self.first_day).days or 1
        return self.left + (day - self.first_day).days / span * self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


def _empty(note: str) -> Markup:
    return Markup(f'<p class="nl-chart-empty">{escape(note)}</p>')


def _axes(plot: _Plot, y_ticks: Sequence[float], y_of: Callable[[float], float], y_label: str) -> str:
    parts = []
    for value in y_ticks:
        y = y_of(value)
        parts.append(
            f'<line x1="{plot.left:.1f}" x2="{plot.left + plot.width:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#e4e4e4"/><text x="{plot.left - 6:.1f}" y="{y + 4:.1f}" text-anchor="end">'
            f"{compact_number(value)}</text>"
        )
    max_ticks = max(2, int(plot.width // TICK_SPACING))
    previous_right = -math.inf
    for day, label in date_ticks(plot.first_day, plot.last_day, max_ticks):
        x = plot.x(day)
        width = text_width(label)
        # A label that would stick out of the right margin ends at its tick instead of centring on it,
        # and one that would then touch its neighbour is left out (its tick stays).
        fits = x + width / 2 <= plot.left + plot.width + MARGIN_RIGHT
        left = x - width / 2 if fits else x - width
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{plot.bottom:.1f}" y2="{plot.bottom + 4:.1f}" '
            'stroke="#888"/>'
        )
        if left < previous_right + 6:
            continue
        parts.append(
            f'<text x="{x:.1f}" y="{plot.bottom + 16:.1f}" text-anchor="{"middle" if fits else "end"}">'
            f"{escape(label)}</text>"
        )
        previous_right = left + width
    parts.append(
        f'<line x1="{plot.left:.1f}" x2="{plot.left + plot.width:.1f}" y1="{plot.bottom:.1f}" '
        f'y2="{plot.bottom:.1f}" stroke="#888"/>'
        f'<text x="{plot.left - 6:.1f}" y="{plot.top - 10:.1f}" text-anchor="start">{escape(y_label)}</text>'
    )
    return f'<g class="nl-chart-axes" fill="#555">{"".join(parts)}</g>'


def _plot_area(width: int, height: int, first_day: date, last_day: date) -> _Plot:
    if width < 200 or height < 100:
        raise ValueError(f"chart: width × height {width} × {height} is too small (at least 200 × 100)")
    return _Plot(
        MARGIN_LEFT,
        MARGIN_TOP,
        width - MARGIN_LEFT - MARGIN_RIGHT,
        height - MARGIN_TOP - MARGIN_BOTTOM,
        first_day,
        last_day,
    )


# -- timeline ----------------------------------------------------------------------------------------------


def _bin_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _bin_end(start: date, unit: str) -> date:
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=1)


def _bin_name(start: date, unit: str) -> str:
    written = f"{start.day} {MONTHS[start.month - 1]} {start.year}"
    if unit == "week":
        return f"week of {written}"
    if unit == "month":
        return f"{MONTHS[start.month - 1]} {start.year}"
    return written


def _choose_bin(first: date, last: date) -> str:
    """Days over two months at most, weeks over about fourteen months, months beyond: 60 bars or fewer."""
    span = (last - first).days
    return "day" if span <= 62 else "week" if span <= 420 else "month"


def timeline(
    points: Sequence[TimelinePoint],
    *,
    width: int = 960,
    height: int = 220,
    bin: Bin = "auto",
    what: str = "events",
    title: str = "Events over time",
) -> Markup:
    """Bars of how many events per day, week or month, stacked by kind (one colour each, with a legend).

    `what` names the counted things in the axis label and tooltips ("events").
    """
    if not points:
        return _empty(f"No dated {what}.")
    unit = _choose_bin(min(p.day for p in points), max(p.day for p in points)) if bin == "auto" else bin
    if unit not in ("day", "week", "month"):
        raise ValueError(f"timeline: bin {bin!r} is not one of auto, day, week, month")
    counts: dict[date, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    for point in points:
        counts[_bin_start(point.day, unit)][point.kind] += point.count
        totals[point.kind] += point.count
    kinds = sorted(totals, key=lambda kind: (-totals[kind], kind))
    bins = sorted(counts)
    plot = _plot_area(width, height, bins[0], _bin_end(bins[-1], unit))
    top = max(sum(c.values()) for c in counts.values())
    y_ticks = linear_ticks(top, max_ticks=min(5, int(plot.height // 24)), integer=True)

    def y_of(value: float) -> float:
        return plot.bottom - value / y_ticks[-1] * plot.height

    bars = []
    for start in bins:
        x0, x1 = plot.x(start), plot.x(_bin_end(start, unit))
        gap = min(2.0, (x1 - x0) * 0.15)
        total = sum(counts[start].values())
        stacked = 0
        for index, kind in enumerate(kinds):
            count = counts[start][kind]
            if not count:
                continue
            y_low, y_high = y_of(stacked), y_of(stacked + count)
            stacked += count
            tooltip = f"{_bin_name(start, unit)}: {count} {kind}" + (
                f" ({total} {what} in all)" if total != count else ""
            )
            bars.append(
                f'<rect class="nl-chart-bar" x="{x0 + gap / 2:.1f}" y="{y_high:.1f}" '
                f'width="{max(x1 - x0 - gap, 0.5):.1f}" height="{y_low - y_high:.1f}" fill="{colour(index)}">'
                f"<title>{escape(tooltip)}</title></rect>"
            )
    key, key_height = ("", 0.0)
    if len(kinds) > 1 or kinds != [what]:
        swatches = [
            (f'<rect x="-5" y="-5" width="10" height="10" fill="{colour(i)}"/>', f"{kind} ({totals[kind]})")
            for i, kind in enumerate(kinds)
        ]
        key, key_height = legend(swatches, plot.left, height, plot.width)
    total_height = height + math.ceil(key_height)
    return Markup(
        svg_open("nl-chart nl-timeline", width, total_height, f"{title}: {sum(totals.values())} {what}")
        + _axes(plot, y_ticks, y_of, f"{what} per {unit}")
        + f'<g class="nl-chart-bars">{"".join(bars)}</g>'
        + key
        + "</svg>"
    )


# -- figures over time -------------------------------------------------------------------------------------


def _choose_scale(series: Sequence[FigurePoint], scale: Scale) -> str:
    if scale not in ("auto", "linear", "log"):
        raise ValueError(f"figures_over_time: scale {scale!r} is not one of auto, linear, log")
    lows = [p.low for p in series]
    highs = [p.high if p.high is not None else p.low for p in series]
    positive = min(lows) > 0
    if scale == "log" and not positive:
        raise ValueError("figures_over_time: a log scale needs every figure above zero")
    if scale == "auto":
        return "log" if positive and max(highs) / min(lows) >= LOG_SCALE_RATIO else "linear"
    return scale


def _merge_repeats(series: Sequence[FigurePoint], style: dict[str, int]) -> list[FigurePoint]:
    """One mark per source, date and figure: outlets relaying one statement would otherwise stack
    identical marks side by side. The mark keeps the first label and says how many statements it stands
    for. Sorted, so the output does not depend on the input's order."""
    groups: dict[tuple[date, str, float, float | None], list[FigurePoint]] = defaultdict(list)
    for point in series:
        groups[(point.as_of, point.source, point.low, point.high)].append(point)
    merged = []
    for same in groups.values():
        first = min(same, key=lambda p: (p.label, p.href or ""))
        if len(same) > 1:
            first = replace(first, label=f"{first.label} (and {len(same) - 1} more statements of it)")
        merged.append(first)
    return sorted(merged, key=lambda p: (p.as_of, style[p.source], p.low, p.high or p.low, p.label))


def figures_over_time(
    series: Sequence[FigurePoint],
    *,
    width: int = 960,
    height: int = 260,
    unit: str = "",
    scale: Scale = "auto",
    title: str = "Figures over time",
) -> Markup:
    """Each figure at its as-of date: a marker, a vertical bar for a range, a caret for "more than".

    Colour and marker shape follow the source (a legend lists them). The same figure from the same source
    for the same date is drawn once; different figures of one date are spread sideways so none hides
    another. The y axis starts at zero unless the figures span two decades or
    more, when it is logarithmic (`scale` forces either).
    """
    if not series:
        return _empty("No dated figures.")
    kind = _choose_scale(series, scale)
    first_seen: dict[str, date] = {}
    for point in sorted(series, key=lambda p: (p.as_of, p.source)):
        first_seen.setdefault(point.source, point.as_of)
    sources = sorted(first_seen, key=lambda source: (first_seen[source], source))
    style = {source: index for index, source in enumerate(sources)}

    first, last = min(p.as_of for p in series), max(p.as_of for p in series)
    pad = max(timedelta(days=3), (last - first) * 0.04)
    highest = max(p.high if p.high is not None else p.low for p in series)
    if kind == "log":
        y_ticks = log_ticks(min(p.low for p in series), highest)
    else:
        y_ticks = linear_ticks(highest if highest > 0 else 1.0, max_ticks=5)
    plot = _plot_area(width, height, first - pad, last + pad)

    def y_of(value: float) -> float:
        if kind == "log":
            low, high = math.log10(y_ticks[0]), math.log10(y_ticks[-1])
            return plot.bottom - (math.log10(value) - low) / (high - low) * plot.height
        return plot.bottom - (value - y_ticks[0]) / (y_ticks[-1] - y_ticks[0]) * plot.height

    ordered = _merge_repeats(series, style)
    per_day = Counter(p.as_of for p in ordered)
    seen_on_day: Counter[date] = Counter()
    marks = []
    for point in ordered:
        # Figures of the same date sit side by side, 9 pixels apart, centred on the date.
        nth = seen_on_day[point.as_of]
        seen_on_day[point.as_of] += 1
        x = plot.x(point.as_of) + (nth - (per_day[point.as_of] - 1) / 2) * 9
        index = style[point.source]
        y_low = y_of(point.low)
        parts = []
        if point.high is None:  # open upward: a caret above the lower bound
            parts.append(
                f'<path d="M{x:.1f},{y_low:.1f}V{y_low - 14:.1f}M{x - 4:.1f},{y_low - 10:.1f}'
                f'L{x:.1f},{y_low - 14:.1f}L{x + 4:.1f},{y_low - 10:.1f}" fill="none" '
                f'stroke="{colour(index)}" stroke-width="1.5"/>'
            )
            y_mark = y_low
        elif point.high > point.low:
            y_high = y_of(point.high)
            parts.append(
                f'<path d="M{x - 3:.1f},{y_high:.1f}H{x + 3:.1f}M{x:.1f},{y_high:.1f}V{y_low:.1f}'
                f'M{x - 3:.1f},{y_low:.1f}H{x + 3:.1f}" fill="none" stroke="{colour(index)}" '
                'stroke-width="2"/>'
            )
            y_mark = (y_low + y_high) / 2
        else:
            y_mark = y_low
        parts.append(marker(index, x, y_mark))
        mark = f'<g class="nl-chart-figure"><title>{escape(point.label)}</title>{"".join(parts)}</g>'
        marks.append(f'<a href="{escape(point.href)}">{mark}</a>' if point.href is not None else mark)
    key, key_height = legend([(marker(style[s], 0, 0), s) for s in sources], plot.left, height, plot.width)
    y_label = (unit or "figure") + (" (log scale)" if kind == "log" else "")
    figures = f"{len(series)} figure{'s' if len(series) != 1 else ''}"
    return Markup(
        svg_open("nl-chart nl-figures", width, height + math.ceil(key_height), f"{title}: {figures}")
        + _axes(plot, y_ticks, y_of, y_label)
        + f'<g class="nl-chart-marks">{"".join(marks)}</g>'
        + key
        + "</svg>"
    )


__all__ = ["FigurePoint", "TimelinePoint", "figures_over_time", "timeline"]
