"""Pieces shared by the map and the charts: the <svg> element, numbers, colours, markers, ticks, legends.

Every text that reaches the SVG passes through markupsafe's `escape`; numbers are formatted here with
fixed precision so the same input always gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from markupsafe import escape

# Okabe & Ito's palette: eight colours told apart by people with any common colour-vision deficiency.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def svg_open(css_class: str, width: int, height: int, title: str) -> str:
    """The opening <svg> tag and its accessible name (a first <title> child needs no id to refer to)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" {FONT}><title>{escape(title)}</title>'
    )


def format_number(value: float) -> str:
    """1500 → "1,500"; 2.5 → "2.5": how figures are written in tooltips and legends."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def compact_number(value: float) -> str:
    """Axis labels: 1500 → "1.5k", 2000000 → "2M", 0.5 → "0.5"."""
    for threshold, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= threshold:
            return f"{value / threshold:.1f}".removesuffix(".0") + suffix
    return format_number(value)


def text_width(text: str) -> float:
    """Pixels the text takes at the 11px font, about 6.2 a character: enough to lay out labels."""
    return 6.2 * len(text)


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def marker(index: int, x: float, y: float, size: float = 5.0) -> str:
    """The index-th marker shape (shapes cycle independently of colours, so 40 series stay distinct)."""
    fill = colour(index)
    shape = MARKERS[index % len(MARKERS)]
    paint = f'fill="{fill}" stroke="#ffffff" stroke-width="0.8"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" {paint}/>'
    if shape == "square":
        side = size * 1.7
        corner = f'x="{x - side / 2:.1f}" y="{y - side / 2:.1f}"'
        return f'<rect {corner} width="{side:.1f}" height="{side:.1f}" {paint}/>'
    corners = {
        "triangle": [(0, -1.25), (1.15, 0.85), (-1.15, 0.85)],
        "triangle-down": [(0, 1.25), (1.15, -0.85), (-1.15, -0.85)],
        "diamond": [(0, -1.35), (1.1, 0), (0, 1.35), (-1.1, 0)],
    }[shape]
    points = " ".join(f"{x + dx * size:.1f},{y + dy * size:.1f}" for dx, dy in corners)
    return f'<polygon points="{points}" {paint}/>'


def nice_step(span: float, max_ticks: int) -> float:
    """The smallest step of 1, 2 or 5 × 10^k that cuts `span` into at most `max_ticks` intervals."""
    raw = span / max(max_ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def linear_ticks(top: float, max_ticks: int = 5, integer: bool = False) -> list[float]:
    """Ticks from 0 to the first step at or above `top`."""
    step = nice_step(top if top > 0 else 1.0, max_ticks)
    if integer:
        step = max(1.0, math.ceil(step))
    count = max(1, math.ceil(top / step - 1e-9))
    return [i * step for i in range(count + 1)]


def log_ticks(low: float, high: float) -> list[float]:
    """Powers of ten from below `low` to above `high`, with 2 and 5 between them over few decades."""
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    if last == first:
        last += 1
    factors = (1, 2, 5) if last - first <= 2 else (1,)
    ticks = [f * 10.0**k for k in range(first, last) for f in factors]
    return [*ticks, 10.0**last]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# (days per step, or months per step when negative) in the order date axes try them
_DATE_STEPS = (1, 2, 7, 14, -1, -2, -3, -6, -12, -24, -60, -120)


def date_ticks(start: date, end: date, max_ticks: int) -> list[tuple[date, str]]:
    """Ticks from `start` to `end` at whole days, Mondays, first days of months or of years."""
    span = max((end - start).days, 1)
    for step in _DATE_STEPS:
        if (step > 0 and span / step <= max_ticks) or (step < 0 and span / (-step * 30.4) <= max_ticks):
            break
    ticks: list[tuple[date, str]] = []
    if step > 0:
        day = start + timedelta(days=(-start.weekday()) % 7) if step >= 7 else start
        year = None
        while day <= end:
            # The year is written on the first tick and wherever it changes.
            label = f"{day.day} {MONTHS[day.month - 1]}" + (f" {day.year}" if day.year != year else "")
            ticks.append((day, label))
            year = day.year
            day += timedelta(days=step)
        return ticks
    months = -step
    month = _add_months(start, 0) if start.day == 1 else _add_months(start, 1)
    while (month.month - 1) % months:
        month = _add_months(month, 1)
    while month <= end:
        label = str(month.year) if months >= 12 else f"{MONTHS[month.month - 1]} {month.year}"
        ticks.append((month, label))
        month = _add_months(month, months)
    return ticks


def legend(items: Sequence[tuple[str, str]], x: float, y: float, width: float) -> tuple[str, float]:
    """A legend of (symbol markup drawn around (0, 0), label) laid out in rows that wrap at `width`.

    Returns the markup and the height it takes. Labels are escaped here.
    """
    row_height, cursor_x, cursor_y = 18.0, 0.0, 0.0
    parts = []
    for symbol, label in items:
        item_width = 16 + text_width(label) + 14
        if cursor_x and cursor_x + item_width > width:
            cursor_x, cursor_y = 0.0, cursor_y + row_height
        parts.append(
            f'<g transform="translate({x + cursor_x + 6:.1f},{y + cursor_y + 9:.1f})">{symbol}'
            f'<text x="10" y="4">{escape(label)}</text></g>'
        )
        cursor_x += item_width
    height = cursor_y + row_height if items else 0.0
    return f'<g class="nl-chart-legend" fill="#333">{"".join(parts)}</g>', height
