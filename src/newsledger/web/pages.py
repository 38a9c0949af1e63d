"""The HTML pages: server-rendered Jinja2 templates over the same data as the JSON API (web/data.py).

Templates autoescape everything; the only markup that is not escaped is built by web/render.py and
newsledger.visual, which escape the text they wrap.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Annotated, Any
from urllib.parse import urlencode

import duckdb
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape
from starlette.templating import Jinja2Templates

from newsledger.store.queries import (
    EventFilter,
    filtered_event_days,
    filtered_event_places,
    find_events,
    outlet_counts,
)
from newsledger.visual import FigurePoint, MapPoint, TimelinePoint, event_map, figures_over_time, timeline
from newsledger.web import data
from newsledger.web.data import Paging
from newsledger.web.models import ComparisonOut
from newsledger.web.params import (
    CLAIMS_PER_COMPARISON,
    MAX_PER_PAGE,
    MAX_TEXT,
    Filters,
    LedgerCursor,
    OptionalText,
    Pages,
    Verdict,
    known_event_types,
)
from newsledger.web.render import annotate_body, mark

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
templates = Jinja2Templates(
    env=Environment(
        loader=PackageLoader("newsledger.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
)
templates.env.globals["mark"] = mark


def schema_type(schema: dict[str, Any]) -> str:
    """A JSON schema's type in words, for the API page: `date or null`, `integer, 1 to 200`."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(schema_type(option) for option in schema["anyOf"])
    kind = str(schema.get("type", "any"))
    if kind == "array":
        kind = f"list of {schema_type(schema.get('items', {}))}"
    if "format" in schema:
        kind += f" ({schema['format']})"
    if "enum" in schema:
        kind += ": " + ", ".join(str(value) for value in schema["enum"])
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None or high is not None:
        kind += f", {low if low is not None else '…'} to {high if high is not None else '…'}"
    if schema.get("default") is not None:
        kind += f", default {schema['default']}"
    return kind


templates.env.globals["schema_type"] = schema_type


def code_spans(text: str) -> Markup:
    """OpenAPI descriptions mark code with backticks: escape the text, then set those in <code>."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


templates.env.filters["code_spans"] = code_spans

# Places on the map whose events are listed under it; more would make a page nobody reads.
MAP_EVENTS = 1000


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page with what every page shows: the ledger's name and when its snapshot was taken."""
    snapshot = request.app.state.snapshot
    context.update(
        ledger_name=request.app.state.ledger_name,
        snapshot_taken_at=snapshot.taken_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
        path=request.url.path,
    )
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def page_links(request: Request, page: int, per_page: int, total: int) -> dict[str, str | int | None]:
    """Links to the previous and next page, keeping every other parameter of the request."""
    params = [(key, value) for key, value in request.query_params.multi_items() if key != "page"]

    def link(number: int) -> str:
        return f"{request.url.path}?{urlencode([*params, ('page', number)])}"

    last = max(1, -(-total // per_page))
    return {
        "page": page,
        "last": last,
        "previous": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < last else None,
    }


def filter_query(filters: EventFilter, **extra: str) -> str:
    """The filters as a query string, to carry them from the events list to the map and back."""
    values = {
        "type": filters.event_type,
        "since": filters.since.isoformat() if filters.since else None,
        "until": filters.until.isoformat() if filters.until else None,
        "place": filters.place,
        "outlet": filters.outlet,
        "min_sources": str(filters.min_sources) if filters.min_sources > 1 else None,
        **extra,
    }
    return urlencode({key: value for key, value in values.items() if value})


def _filter_form(request: Request, con: duckdb.DuckDBPyConnection, filters: EventFilter) -> dict[str, Any]:
    return {
        "filters": filters,
        "event_types": sorted(known_event_types(request, con)),
        "outlets": [row.outlet for row in outlet_counts(con) if row.outlet],
        "filter_query": filter_query(filters),
    }


@router.get("/")
def overview_page(request: Request, con: LedgerCursor) -> HTMLResponse:
    overview = data.overview(con, request.app.state.ledger_name, request.app.state.snapshot.taken_at)
    return render(request, "overview.html.j2", overview=overview)


@router.get("/events")
def events_page(request: Request, filters: Filters, pages: Pages, con: LedgerCursor) -> HTMLResponse:
    events = data.events(con, filters, pages)
    days = [
        TimelinePoint(day=row.day, kind=row.type, count=row.events)
        for row in filtered_event_days(con, filters)
        if row.day is not None
    ]
    return render(
        request,
        "events.html.j2",
        events=events,
        chart=timeline(days, title="Events over time"),
        pages=page_links(request, events.page, events.per_page, events.total),
        **_filter_form(request, con, filters),
    )


@router.get("/map")
def map_page(request: Request, filters: Filters, con: LedgerCursor) -> HTMLResponse:
    places = filtered_event_places(con, filters)
    events_by_place: dict[str, list[Any]] = defaultdict(list)
    for event in find_events(con, filters, MAP_EVENTS):
        if event.place:
            events_by_place[event.place].append(event)
    points = [
        MapPoint(
            lat=place.lat,
            lon=place.lon,
            label=(
                f"{place.name}: {place.events} event{'s' if place.events != 1 else ''} "
                f"({', '.join(place.types)}), {place.independent_sources} independent sources"
            ),
            sources=max(1, place.independent_sources),
            href=f"/events/{place.first_event_id}"
            if place.events == 1
            else f"/events?{filter_query(filters, place=place.place)}",
        )
        for place in places
    ]
    return render(
        request,
        "map.html.j2",
        map=event_map(points, fit_points=bool(points), title="Events by place"),
        places=places,
        events_by_place=events_by_place,
        **_filter_form(request, con, filters),
    )


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: str, con: LedgerCursor) -> HTMLResponse:
    detail = data.event(con, event_id)
    group_of = {article: index for index, group in enumerate(detail.source_groups) for article in group}
    return render(request, "event.html.j2", detail=detail, group_of=group_of)


@router.get("/claims")
def claims_page(
    request: Request,
    pages: Pages,
    con: LedgerCursor,
    category: Annotated[OptionalText, Query()] = None,
    verdict: Annotated[Verdict | None, Query()] = None,
) -> HTMLResponse:
    comparisons = data.comparisons(con, verdict, Paging(1, MAX_PER_PAGE), CLAIMS_PER_COMPARISON)
    claims = data.claims(con, category, None, pages)
    charts = {comparison.id: _figures_chart(comparison) for comparison in comparisons.items}
    return render(
        request,
        "claims.html.j2",
        comparisons=comparisons,
        claims_shown=CLAIMS_PER_COMPARISON,
        charts=charts,
        claims=claims,
        category=category or "",
        verdict=verdict or "",
        pages=page_links(request, claims.page, claims.per_page, claims.total),
    )


def _figures_chart(comparison: ComparisonOut) -> Markup:
    points = [
        FigurePoint(
            as_of=figure.as_of,
            low=figure.low,
            high=figure.high,
            source=figure.speaker,
            label=f"{figure.figure} ({figure.category}) — {figure.speaker}, "
            f"{figure.outlet or 'unknown outlet'}, as of {figure.as_of.isoformat()}",
            href=f"/articles/{figure.article_id}#claim-{figure.claim_id}",
        )
        for figure in comparison.figures
        if figure.as_of is not None and figure.low is not None
    ]
    unit = next((figure.unit for figure in comparison.figures if figure.unit), "") or ""
    return figures_over_time(points, unit=unit, title=f"{comparison.subject} over time", width=720)


@router.get("/articles")
def articles_page(
    request: Request,
    pages: Pages,
    con: LedgerCursor,
    outlet: Annotated[OptionalText, Query()] = None,
) -> HTMLResponse:
    articles = data.articles(con, outlet, pages)
    return render(
        request,
        "articles.html.j2",
        articles=articles,
        outlet=outlet or "",
        outlets=[row.outlet for row in outlet_counts(con) if row.outlet],
        pages=page_links(request, articles.page, articles.per_page, articles.total),
    )


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: str, con: LedgerCursor) -> HTMLResponse:
    article = data.article(con, article_id)
    claims = data.claims(con, None, article.article.id, Paging(1, 1000))
    kinds = sorted({h.kind for h in article.highlights})
    return render(
        request,
        "article.html.j2",
        article=article,
        paragraphs=annotate_body(article.body, article.highlights),
        claims=claims.items,
        kinds=kinds,
    )


@router.get("/search")
def search_page(
    request: Request,
    pages: Pages,
    con: LedgerCursor,
    q: Annotated[str, Query(max_length=MAX_TEXT)] = "",
) -> HTMLResponse:
    results = data.search(con, q, pages) if q.strip() else None
    return render(
        request,
        "search.html.j2",
        q=q,
        results=results,
        pages=page_links(request, results.page, results.per_page, results.total) if results else None,
    )


@router.get("/docs")
def api_docs(request: Request) -> HTMLResponse:
    """The API reference, rendered from the OpenAPI schema here (Swagger UI would load from a CDN)."""
    schema = request.app.openapi()
    operations = [
        {"path": path, "method": method.upper(), **operation}
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return render(request, "api.html.j2", operations=operations, schemas=schema["components"]["schemas"])
