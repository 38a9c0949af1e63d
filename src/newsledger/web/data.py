"""What each page shows, as the API's response models: one function per page, shared by its JSON twin.

The handlers in pages.py and api.py only call these; the SQL is in store/queries.py and store/search.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

import duckdb

from newsledger.store.queries import (
    EventFilter,
    article_highlights,
    article_incidents,
    content_counts,
    count_articles,
    count_claims,
    count_comparisons,
    count_events,
    event_by_prefix,
    event_incidents,
    event_source_links,
    find_events,
    get_article,
    ledger_counts,
    list_articles,
    list_claims,
    outlet_counts,
    page_comparisons,
    sampled_compared_figures,
)
from newsledger.store.search import search_articles
from newsledger.web.models import (
    ArticleIncidentOut,
    ArticleOut,
    ArticleSummary,
    ClaimOut,
    ComparisonOut,
    EventDetailOut,
    EventOut,
    FigureOut,
    HighlightOut,
    IncidentOut,
    OutletOut,
    Overview,
    Page,
    RemovedLine,
    ReusedParagraph,
    SearchHitOut,
    SearchPage,
    SourceLinkOut,
)

LATEST_EVENTS = 10


@dataclass(frozen=True, slots=True)
class Paging:
    page: int = 1
    per_page: int = 50

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def overview(con: duckdb.DuckDBPyConnection, ledger_name: str, snapshot_taken_at: datetime) -> Overview:
    counts = ledger_counts(con)
    found = content_counts(con)
    return Overview(
        ledger=ledger_name,
        snapshot_taken_at=snapshot_taken_at,
        documents=counts.documents,
        articles=counts.articles,
        duplicates=counts.duplicates,
        rejections=counts.rejections,
        events=found.events,
        incidents=found.incidents,
        claims=found.claims,
        comparisons=found.comparisons,
        mentions=found.mentions,
        first_published=counts.first_published,
        last_published=counts.last_published,
        outlets=[OutletOut.model_validate(row) for row in outlet_counts(con)],
        latest_events=[
            EventOut.model_validate(row)
            for row in find_events(con, EventFilter(), LATEST_EVENTS, newest_first=True)
        ],
    )


def events(con: duckdb.DuckDBPyConnection, filters: EventFilter, paging: Paging) -> Page[EventOut]:
    rows = find_events(con, filters, paging.per_page, paging.offset)
    return Page[EventOut](
        items=[EventOut.model_validate(row) for row in rows],
        page=paging.page,
        per_page=paging.per_page,
        total=count_events(con, filters),
    )


def event(con: duckdb.DuckDBPyConnection, id_prefix: str) -> EventDetailOut:
    row, source_groups = event_by_prefix(con, id_prefix)
    event_id = row.id
    return EventDetailOut(
        event=EventOut.model_validate(row),
        source_groups=source_groups,
        source_links=[SourceLinkOut.model_validate(link) for link in event_source_links(con, event_id)],
        incidents=[IncidentOut.model_validate(incident) for incident in event_incidents(con, event_id)],
    )


def articles(con: duckdb.DuckDBPyConnection, outlet: str | None, paging: Paging) -> Page[ArticleSummary]:
    rows = list_articles(con, paging.per_page, paging.offset, outlet)
    return Page[ArticleSummary](
        items=[ArticleSummary.model_validate(row) for row in rows],
        page=paging.page,
        per_page=paging.per_page,
        total=count_articles(con, outlet),
    )


def article(con: duckdb.DuckDBPyConnection, id_prefix: str) -> ArticleOut:
    detail = get_article(con, id_prefix)
    article_id = detail.row.id
    return ArticleOut(
        article=ArticleSummary.model_validate(detail.row),
        byline=detail.byline,
        url=detail.url,
        page_date=detail.page_date,
        duplicate_similarity=detail.duplicate_similarity,
        body=detail.body,
        removed=[RemovedLine(line=line, text=text, reason=reason) for line, text, reason in detail.removed],
        reused_paragraphs=[
            ReusedParagraph(paragraph=p, source_article_id=source, source_paragraph=sp)
            for p, source, sp in detail.reused
        ],
        highlights=[HighlightOut.model_validate(h) for h in article_highlights(con, article_id)],
        incidents=[ArticleIncidentOut.model_validate(i) for i in article_incidents(con, article_id)],
    )


def claims(
    con: duckdb.DuckDBPyConnection, category: str | None, article_id: str | None, paging: Paging
) -> Page[ClaimOut]:
    rows = list_claims(con, category, article_id, paging.per_page, paging.offset)
    return Page[ClaimOut](
        items=[ClaimOut.model_validate(row) for row in rows],
        page=paging.page,
        per_page=paging.per_page,
        total=count_claims(con, category, article_id),
    )


def comparisons(
    con: duckdb.DuckDBPyConnection, verdict: str | None, paging: Paging, claims_per_comparison: int
) -> Page[ComparisonOut]:
    shown = page_comparisons(con, verdict, paging.per_page, paging.offset)
    sampled = sampled_compared_figures(con, [c.id for c in shown], claims_per_comparison)
    figures = {
        key: [FigureOut.model_validate(f) for f in group]
        for key, group in groupby(sampled, key=lambda f: f.comparison_id)
    }
    return Page[ComparisonOut](
        items=[
            ComparisonOut(
                id=c.id,
                subject=c.subject,
                category=c.category,
                scope=c.scope,
                verdict=c.verdict,
                reason=c.reason,
                claims=c.claims,
                figures=figures.get(c.id, []),
            )
            for c in shown
        ],
        page=paging.page,
        per_page=paging.per_page,
        total=count_comparisons(con, verdict),
    )


def search(con: duckdb.DuckDBPyConnection, query: str, paging: Paging) -> SearchPage:
    results = search_articles(con, query, paging.per_page, paging.offset)
    return SearchPage(
        items=[
            SearchHitOut(
                article_id=hit.article_id,
                score=hit.score,
                outlet=hit.outlet,
                published=hit.published,
                title=hit.title,
                snippet=hit.snippet.text,
                marks=hit.snippet.marks,
            )
            for hit in results.hits
        ],
        page=paging.page,
        per_page=paging.per_page,
        total=results.total,
        terms=results.terms,
    )
