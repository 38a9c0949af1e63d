"""Write the one-file HTML report: overview, map and timeline of events, events, compared figures with
their charts, outlets, articles and duplicates.

Everything is inlined (CSS in the template, the map and charts as SVG from newsledger.visual); autoescaping
is on because article text is hostile input.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from newsledger import __version__
from newsledger.store import Ledger
from newsledger.store.queries import (
    ComparedFigure,
    ComparisonRow,
    EventDay,
    EventPlace,
    compared_figures,
    event_days,
    event_places,
    ledger_counts,
    list_articles,
    list_comparisons,
    list_events,
    outlet_counts,
    rejection_counts,
)
from newsledger.visual import FigurePoint, MapPoint, TimelinePoint, event_map, figures_over_time, timeline

# The report stays a file a browser opens quickly however big the ledger is: its tables are capped (the
# map, the timeline and the charts still count everything); `serve` and `export` have the rest.
EVENT_ROWS = 1000
ARTICLE_ROWS = 2000
FIGURE_ROWS = 200  # per comparison


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def map_points(places: list[EventPlace]) -> list[MapPoint]:
    """One circle per place, linking to the place's earliest event in the report's table."""
    return [
        MapPoint(
            lat=place.lat,
            lon=place.lon,
            label=f"{place.name}: {_plural(place.events, 'event')} ({', '.join(place.types)}), "
            f"{_plural(place.independent_sources, 'independent source')}",
            sources=place.independent_sources,
            href=f"#e-{place.first_event_id}",
        )
        for place in places
    ]


def timeline_points(days: list[EventDay]) -> list[TimelinePoint]:
    return [TimelinePoint(day.day, day.type, day.events) for day in days if day.day is not None]


def figure_points(
    comparison: ComparisonRow, figures: list[ComparedFigure], listed: frozenset[str] | None = None
) -> list[FigurePoint]:
    """The dated figures of one comparison; for categories that count different things the legend
    names the category with the speaker, since those figures must not be read as one series."""
    incompatible = "+" in comparison.category
    points = []
    for figure in figures:
        if figure.as_of is None or figure.low is None:
            continue
        source = f"{figure.speaker} ({figure.category})" if incompatible else figure.speaker
        hedged = ", hedged" if figure.hedged else ""
        points.append(
            FigurePoint(
                as_of=figure.as_of,
                low=figure.low,
                high=figure.high,
                source=source,
                label=f"{figure.figure} {figure.category} as of {figure.as_of}: {figure.speaker}"
                f" ({figure.speaker_kind}{hedged}) in {figure.outlet or 'an unknown outlet'}",
                href=f"#a-{figure.article_id}" if listed is None or figure.article_id in listed else None,
            )
        )
    return points


def comparison_sections(
    ledger: Ledger, listed: frozenset[str] | None = None
) -> list[tuple[ComparisonRow, list[ComparedFigure], Markup, int]]:
    """Each comparison with its first FIGURE_ROWS figures, the chart of all of them and their number."""
    by_comparison: dict[str, list[ComparedFigure]] = defaultdict(list)
    for figure in compared_figures(ledger.con):
        by_comparison[figure.comparison_id].append(figure)
    sections = []
    for comparison in list_comparisons(ledger.con):
        figures = by_comparison[comparison.id]
        units = Counter(f.unit for f in figures if f.unit)
        chart = figures_over_time(
            figure_points(comparison, figures, listed),
            unit=units.most_common(1)[0][0] if units else "",
            title=f"{comparison.subject} over time",
        )
        sections.append((comparison, figures[:FIGURE_ROWS], chart, len(figures)))
    return sections


def write_report(ledger: Ledger, out: Path) -> Path:
    env = Environment(
        loader=PackageLoader("newsledger.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    counts = ledger_counts(ledger.con)
    places = event_places(ledger.con)
    days = event_days(ledger.con)
    articles = list_articles(ledger.con, limit=ARTICLE_ROWS)
    listed = frozenset(article.id for article in articles)
    html = env.get_template("report.html.j2").render(
        events=list_events(ledger.con, limit=EVENT_ROWS),
        event_count=sum(day.events for day in days),
        events_placed=sum(place.events for place in places),
        events_dated=sum(day.events for day in days if day.day is not None),
        event_map=event_map(map_points(places), fit_points=True, title="Events by place") if places else None,
        event_timeline=timeline(timeline_points(days), title="Events over time"),
        comparisons=comparison_sections(ledger, listed),
        counts=counts,
        outlets=outlet_counts(ledger.con),
        articles=articles,
        listed=listed,
        rejections=rejection_counts(ledger.con),
        ledger_name=ledger.path.name,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
    )
    partial = out.with_name(f".{out.name}.partial")
    partial.write_text(html, encoding="utf-8")
    os.replace(partial, out)
    return out
