"""The JSON API under /api/: the data of every page, paginated, described by /openapi.json and /docs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParameter

from newsledger.web import data
from newsledger.web.models import (
    ArticleOut,
    ArticleSummary,
    ClaimOut,
    ComparisonOut,
    Error,
    EventDetailOut,
    EventOut,
    Overview,
    Page,
    SearchPage,
)
from newsledger.web.params import (
    CLAIMS_PER_COMPARISON,
    MAX_PER_PAGE,
    MAX_TEXT,
    Filters,
    LedgerCursor,
    OptionalText,
    Pages,
    Verdict,
)

ID_PATH = PathParameter(description="The id or its first digits (at least 4, unambiguous).")

router = APIRouter(
    prefix="/api",
    tags=["api"],
    responses={
        404: {"model": Error, "description": "Unknown id or path."},
        422: {"model": Error, "description": "A parameter that cannot be used."},
    },
)


@router.get("/overview", response_model=Overview)
def get_overview(request: Request, con: LedgerCursor) -> Overview:
    """Counts, outlets, the date range and the latest events of the ledger."""
    snapshot = request.app.state.snapshot
    return data.overview(con, request.app.state.ledger_name, snapshot.taken_at)


@router.get("/events", response_model=Page[EventOut])
def get_events(filters: Filters, pages: Pages, con: LedgerCursor) -> Page[EventOut]:
    """Events matching every filter given, oldest first report first."""
    return data.events(con, filters, pages)


@router.get("/events/{event_id}", response_model=EventDetailOut)
def get_event(event_id: Annotated[str, ID_PATH], con: LedgerCursor) -> EventDetailOut:
    """An event: its incidents with their evidence in context, and the chain of copies and relays."""
    return data.event(con, event_id)


@router.get("/articles", response_model=Page[ArticleSummary])
def get_articles(
    pages: Pages,
    con: LedgerCursor,
    outlet: Annotated[OptionalText, Query(description="Canonical outlet id.")] = None,
) -> Page[ArticleSummary]:
    """Articles by publication date (unknown last)."""
    return data.articles(con, outlet, pages)


@router.get("/articles/{article_id}", response_model=ArticleOut)
def get_article(article_id: Annotated[str, ID_PATH], con: LedgerCursor) -> ArticleOut:
    """An article: clean body, removed lines with reasons, spans of its mentions, incidents and claims."""
    return data.article(con, article_id)


@router.get("/claims", response_model=Page[ClaimOut])
def get_claims(
    pages: Pages,
    con: LedgerCursor,
    category: Annotated[
        OptionalText, Query(description="Only claims with a figure of this category.")
    ] = None,
    article: Annotated[OptionalText, Query(description="Only this article's claims.")] = None,
) -> Page[ClaimOut]:
    """Attributed statements with their figures, by the date they refer to."""
    return data.claims(con, category, article, pages)


@router.get("/comparisons", response_model=Page[ComparisonOut])
def get_comparisons(
    pages: Pages,
    con: LedgerCursor,
    verdict: Annotated[Verdict | None, Query(description="Only comparisons with this verdict.")] = None,
    claims_per_comparison: Annotated[
        int, Query(ge=1, le=MAX_PER_PAGE, description="Claims whose figures are listed per comparison.")
    ] = CLAIMS_PER_COMPARISON,
) -> Page[ComparisonOut]:
    """Figures of the same quantity side by side, with a verdict."""
    return data.comparisons(con, verdict, pages, claims_per_comparison)


@router.get("/search", response_model=SearchPage)
def get_search(
    q: Annotated[str, Query(min_length=1, max_length=MAX_TEXT, description="Words to look for.")],
    pages: Pages,
    con: LedgerCursor,
) -> SearchPage:
    """Full-text search over article titles and bodies (BM25), each hit with its best passage."""
    return data.search(con, q, pages)
