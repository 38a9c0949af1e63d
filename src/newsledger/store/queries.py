"""Named read queries, shared by the CLI, the export and (later) the web app and report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from newsledger.errors import NewsledgerError


class NotFound(NewsledgerError):
    """No record with that id (or the id prefix is ambiguous)."""


# Every exported article field, in export order. docs/schema.md documents each one (a test checks).
ARTICLES_EXPORT_SQL = """
SELECT
    a.id,
    a.document_id,
    a.origin,
    a.url,
    a.outlet,
    a.title,
    a.byline,
    a.published,
    a.page_date,
    a.lang,
    a.words,
    a.body,
    coalesce((SELECT list({'line': r.line, 'text': r.text, 'reason': r.reason} ORDER BY r.line)
              FROM removed_lines r WHERE r.article_id = a.id), []) AS removed,
    d.duplicate_of,
    d.similarity AS duplicate_similarity,
    coalesce((SELECT list({'paragraph': p.paragraph, 'source_article_id': p.source_article_id,
                           'source_paragraph': p.source_paragraph} ORDER BY p.paragraph)
              FROM reused_paragraphs p WHERE p.article_id = a.id), []) AS reused_paragraphs
FROM articles a LEFT JOIN duplicates d ON d.article_id = a.id
ORDER BY a.published NULLS LAST, a.origin, a.id
"""


MENTIONS_EXPORT_SQL = """
SELECT article_id, sentence, start, "end", text, kind, canonical, lat, lon, country, relation,
       place_precision,
       time_start, time_end, time_precision, quantity_min, quantity_max, approximate, unit, thing
FROM mentions
ORDER BY article_id, start, "end", kind
"""


INCIDENTS_EXPORT_SQL = """
SELECT id, article_id, event_id, type, actor, size, place, time, causes, outcomes, attribution, status,
       hedged, specific, evidence
FROM incidents
ORDER BY article_id, evidence[1].start, id
"""

CLAIMS_EXPORT_SQL = """
SELECT id, article_id, speaker, verb, hedged, quantities, as_of, as_of_end, evidence
FROM claims
ORDER BY article_id, evidence.start, id
"""


COMPARISONS_EXPORT_SQL = """
SELECT id, subject, category, scope, claim_ids, verdict, reason
FROM comparisons
ORDER BY category, scope, id
"""


EVENTS_EXPORT_SQL = """
SELECT id, type, incident_ids, article_ids, outlets, independent_sources, first_reported, actor, place, time
FROM events
ORDER BY first_reported NULLS LAST, id
"""


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: str
    outlet: str | None
    published: date | None
    title: str | None
    words: int
    duplicate_of: str | None
    origin: str


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    row: ArticleRow
    byline: str | None
    page_date: date | None
    url: str | None
    body: str
    removed: list[tuple[int, str, str]]  # (line, text, reason)
    duplicate_similarity: float | None
    reused: list[tuple[int, str, int]]  # (paragraph, source article, source paragraph)


_ROW_COLUMNS = "a.id, a.outlet, a.published, a.title, a.words, d.duplicate_of, a.origin"


def list_articles(
    con: duckdb.DuckDBPyConnection, limit: int = 50, offset: int = 0, outlet: str | None = None
) -> list[ArticleRow]:
    rows = con.execute(
        f"SELECT {_ROW_COLUMNS} FROM articles a LEFT JOIN duplicates d ON d.article_id = a.id "
        "WHERE ($outlet IS NULL OR a.outlet = $outlet) "
        "ORDER BY a.published NULLS LAST, a.origin, a.id LIMIT $limit OFFSET $offset",
        {"outlet": outlet, "limit": limit, "offset": offset},
    ).fetchall()
    return [ArticleRow(*row) for row in rows]


def count_articles(con: duckdb.DuckDBPyConnection, outlet: str | None = None) -> int:
    row = con.execute(
        "SELECT count(*) FROM articles WHERE ($outlet IS NULL OR outlet = $outlet)", {"outlet": outlet}
    ).fetchone()
    return int(row[0]) if row else 0


def _one_by_prefix(con: duckdb.DuckDBPyConnection, sql: str, id_prefix: str, what: str) -> tuple[Any, ...]:
    """The one row of `sql` (which takes the prefix as its parameter) whose id starts with `id_prefix`.

    Ids are hex; at least 4 digits, unambiguous, as `git` takes abbreviated hashes.
    """
    if len(id_prefix) < 4 or not id_prefix.isalnum():
        raise NotFound(f"{id_prefix!r} is not an {what} id (give at least 4 of its hex digits)")
    rows = con.execute(sql + " LIMIT 2", [id_prefix.lower()]).fetchall()
    if not rows:
        raise NotFound(f"no {what} with id {id_prefix!r} in this ledger (see `newsledger {what}s`)")
    if len(rows) > 1:
        raise NotFound(f"{id_prefix!r} matches several {what}s: give more of the id")
    return tuple(rows[0])


def get_article(con: duckdb.DuckDBPyConnection, id_prefix: str) -> ArticleDetail:
    """The article whose id starts with `id_prefix` (at least 4 characters, unambiguous)."""
    row = _one_by_prefix(
        con,
        f"SELECT {_ROW_COLUMNS}, a.byline, a.page_date, a.url, a.body, d.similarity "
        "FROM articles a LEFT JOIN duplicates d ON d.article_id = a.id WHERE starts_with(a.id, ?)",
        id_prefix,
        "article",
    )
    article_id = row[0]
    removed = con.execute(
        "SELECT line, text, reason FROM removed_lines WHERE article_id = ? ORDER BY line", [article_id]
    ).fetchall()
    reused = con.execute(
        "SELECT paragraph, source_article_id, source_paragraph FROM reused_paragraphs WHERE article_id = ? "
        "ORDER BY paragraph",
        [article_id],
    ).fetchall()
    return ArticleDetail(
        row=ArticleRow(*row[:7]),
        byline=row[7],
        page_date=row[8],
        url=row[9],
        body=row[10],
        duplicate_similarity=row[11],
        removed=[(int(r[0]), r[1], r[2]) for r in removed],
        reused=[(int(r[0]), r[1], int(r[2])) for r in reused],
    )


@dataclass(frozen=True, slots=True)
class LedgerCounts:
    documents: int
    articles: int
    duplicates: int
    reused_paragraphs: int
    rejections: int
    outlets: int
    first_published: date | None
    last_published: date | None


def ledger_counts(con: duckdb.DuckDBPyConnection) -> LedgerCounts:
    row = con.execute(
        """SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM articles),
                  (SELECT count(*) FROM duplicates), (SELECT count(*) FROM reused_paragraphs),
                  (SELECT count(*) FROM rejections), (SELECT count(DISTINCT outlet) FROM articles),
                  (SELECT min(published) FROM articles), (SELECT max(published) FROM articles)"""
    ).fetchone()
    assert row is not None
    return LedgerCounts(*row)


@dataclass(frozen=True, slots=True)
class OutletCount:
    outlet: str | None
    articles: int
    duplicates: int
    first_published: date | None
    last_published: date | None


def outlet_counts(con: duckdb.DuckDBPyConnection) -> list[OutletCount]:
    rows = con.execute(
        "SELECT a.outlet, count(*), count(d.article_id), min(a.published), max(a.published) "
        "FROM articles a LEFT JOIN duplicates d ON d.article_id = a.id "
        "GROUP BY a.outlet ORDER BY count(*) DESC, a.outlet NULLS LAST"
    ).fetchall()
    return [OutletCount(*row) for row in rows]


def rejection_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """Rejected inputs by reason (the part of the reason before any parenthesised detail)."""
    rows = con.execute(
        "SELECT split_part(reason, ' (', 1) AS why, count(*) FROM rejections GROUP BY why ORDER BY 2 DESC, 1"
    ).fetchall()
    return [(row[0], int(row[1])) for row in rows]


@dataclass(frozen=True, slots=True)
class EntityCount:
    canonical: str
    kind: str
    name: str  # the longest surface form (the full name of a person later called by surname)
    mentions: int
    articles: int


def entity_counts(
    con: duckdb.DuckDBPyConnection, kind: str | None = None, limit: int = 100
) -> list[EntityCount]:
    """Canonical entities with how often and in how many articles they are mentioned."""
    rows = con.execute(
        "SELECT canonical, kind, arg_max(text, length(text)), count(*), count(DISTINCT article_id) "
        "FROM mentions WHERE canonical IS NOT NULL AND ($kind IS NULL OR kind = $kind) "
        "GROUP BY canonical, kind ORDER BY count(*) DESC, canonical LIMIT $limit",
        {"kind": kind, "limit": limit},
    ).fetchall()
    return [EntityCount(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class ClaimFigure:
    """One figure of one claim, with who said it, where and when: a row of `claims` and `compare`."""

    claim_id: str
    article_id: str
    outlet: str | None
    published: date | None
    speaker: str
    speaker_kind: str
    verb: str | None
    hedged: bool
    category: str
    scope: str | None
    figure: str
    as_of: date | None


_CLAIM_FIGURES_SQL = """
SELECT c.id, c.article_id, a.outlet, a.published, coalesce(c.speaker.text, a.outlet, '(the outlet)'),
       c.speaker.kind, c.verb, c.hedged, q.category, q.scope, q.text, coalesce(c.as_of, a.published)
FROM claims c JOIN articles a ON a.id = c.article_id CROSS JOIN unnest(c.quantities) AS u(q)
WHERE ($category IS NULL OR q.category = $category) AND ($ids IS NULL OR list_contains($ids, c.id))
ORDER BY coalesce(c.as_of, a.published) NULLS LAST, c.article_id, c.evidence.start
LIMIT $limit
"""


def claim_figures(
    con: duckdb.DuckDBPyConnection,
    category: str | None = None,
    claim_ids: list[str] | None = None,
    limit: int = 1000,
) -> list[ClaimFigure]:
    rows = con.execute(
        _CLAIM_FIGURES_SQL, {"category": category, "ids": claim_ids, "limit": limit}
    ).fetchall()
    return [ClaimFigure(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    id: str
    subject: str
    category: str
    scope: str
    claim_ids: list[str]
    verdict: str
    reason: str


def list_comparisons(con: duckdb.DuckDBPyConnection, verdict: str | None = None) -> list[ComparisonRow]:
    rows = con.execute(
        "SELECT id, subject, category, scope, claim_ids, verdict, reason FROM comparisons "
        "WHERE ($verdict IS NULL OR verdict = $verdict) ORDER BY verdict = 'agree', category, scope",
        {"verdict": verdict},
    ).fetchall()
    return [ComparisonRow(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class EventRow:
    id: str
    type: str
    first_reported: date | None
    time_start: date | None
    time_end: date | None
    place: str | None
    actor: str | None
    outlets: list[str]
    independent_sources: int
    incidents: int


_EVENT_COLUMNS = (
    'id, type, first_reported, time.start, time."end", place.name, actor, outlets, independent_sources, '
    "len(incident_ids)"
)


def list_events(
    con: duckdb.DuckDBPyConnection, event_type: str | None = None, min_sources: int = 1, limit: int = 100
) -> list[EventRow]:
    rows = con.execute(
        f"SELECT {_EVENT_COLUMNS} FROM events WHERE ($type IS NULL OR type = $type) "
        "AND independent_sources >= $min_sources ORDER BY first_reported NULLS LAST, id LIMIT $limit",
        {"type": event_type, "min_sources": min_sources, "limit": limit},
    ).fetchall()
    return [EventRow(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class Support:
    """One incident of an event: the sentences that tell it, in which article."""

    incident_id: str
    article_id: str
    outlet: str | None
    published: date | None
    title: str | None
    status: str
    size: str | None
    attribution: list[str]
    sentences: list[str]


@dataclass(frozen=True, slots=True)
class EventDetail:
    row: EventRow
    source_groups: list[list[str]]
    support: list[Support]


def get_event(con: duckdb.DuckDBPyConnection, id_prefix: str) -> EventDetail:
    """The event whose id starts with `id_prefix`, with every incident that supports it."""
    row = _one_by_prefix(
        con,
        f"SELECT {_EVENT_COLUMNS}, source_groups FROM events WHERE starts_with(id, ?)",
        id_prefix,
        "event",
    )
    support = con.execute(
        "SELECT i.id, i.article_id, a.outlet, a.published, a.title, i.status, i.size.text, "
        "[r.text FOR r IN i.attribution], [e.text FOR e IN i.evidence] "
        "FROM incidents i JOIN articles a ON a.id = i.article_id WHERE i.event_id = ? "
        "ORDER BY a.published NULLS LAST, a.origin, i.id",
        [row[0]],
    ).fetchall()
    return EventDetail(EventRow(*row[:10]), row[10], [Support(*s) for s in support])
