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
    row, source_groups = event_by_prefix(con, id_prefix)
    support = con.execute(
        "SELECT i.id, i.article_id, a.outlet, a.published, a.title, i.status, i.size.text, "
        "[r.text FOR r IN i.attribution], [e.text FOR e IN i.evidence] "
        "FROM incidents i JOIN articles a ON a.id = i.article_id WHERE i.event_id = ? "
        "ORDER BY a.published NULLS LAST, a.origin, i.id",
        [row.id],
    ).fetchall()
    return EventDetail(row, source_groups, [Support(*s) for s in support])


def event_by_prefix(con: duckdb.DuckDBPyConnection, id_prefix: str) -> tuple[EventRow, list[list[str]]]:
    """The event whose id starts with `id_prefix`, and its groups of articles counted as one source.

    An event merged into another by a later ingest is gone; the NotFound then names the event it went
    into, so that a link or id kept from before the ingest still leads somewhere.
    """
    sql = f"SELECT {_EVENT_COLUMNS}, source_groups FROM events WHERE starts_with(id, ?)"
    try:
        row = _one_by_prefix(con, sql, id_prefix, "event")
    except NotFound as not_found:
        merge = _merged_into(con, id_prefix)
        if merge is None:
            raise
        raise NotFound(merge) from not_found
    return EventRow(*row[:10]), row[10]


# Merges recorded one after another (A into B, later B into C) are followed this far.
_MAX_MERGE_CHAIN = 20


def _merged_into(con: duckdb.DuckDBPyConnection, id_prefix: str) -> str | None:
    """`event '0a1b…' was merged into 2c3d… (2024-05-01: <reason>)`, from event_changes, or None."""
    if len(id_prefix) < 4 or not id_prefix.isalnum():
        return None
    sought, first = id_prefix.lower(), None
    for _ in range(_MAX_MERGE_CHAIN):
        row = con.execute(
            "SELECT event_id, changed_at, reason, event_id IN (SELECT id FROM events) FROM event_changes "
            "WHERE change = 'merged' AND len(list_filter(other_event_ids, x -> starts_with(x, ?))) > 0 "
            "ORDER BY changed_at DESC LIMIT 1",
            [sought],
        ).fetchone()
        if row is None:
            break
        first = first or row
        if row[3]:
            return f"event {id_prefix!r} was merged into {row[0]} ({first[1]:%Y-%m-%d}: {first[2]})"
        sought = row[0]
    return None


@dataclass(frozen=True, slots=True)
class EventPlace:
    """The events at one place, for a map: one circle per place rather than a stack of circles."""

    place: str  # canonical place id (`place:kreminna`)
    name: str  # the place as its incidents most often write it
    lat: float
    lon: float
    events: int
    independent_sources: int  # summed over the events: independent tellings of something at this place
    types: list[str]
    first_event_id: str  # the earliest-reported event there


def event_places(
    con: duckdb.DuckDBPyConnection, event_type: str | None = None, min_sources: int = 1
) -> list[EventPlace]:
    """Events with coordinates grouped by place, most independent sources first."""
    return filtered_event_places(con, EventFilter(event_type=event_type, min_sources=min_sources))


@dataclass(frozen=True, slots=True)
class EventDay:
    day: date | None  # None: neither the articles nor their dates place the event in time
    type: str
    events: int


def event_days(
    con: duckdb.DuckDBPyConnection, event_type: str | None = None, min_sources: int = 1
) -> list[EventDay]:
    """Events per day and type, dated by when they happened or, when the text does not say, by their
    first report."""
    return filtered_event_days(con, EventFilter(event_type=event_type, min_sources=min_sources))


@dataclass(frozen=True, slots=True)
class ComparedFigure:
    """One figure of a comparison (its category and scope), with its bounds for charting."""

    comparison_id: str
    claim_id: str
    article_id: str
    outlet: str | None
    speaker: str
    speaker_kind: str
    hedged: bool
    category: str
    low: float | None
    high: float | None  # None: open ("more than 1,500")
    unit: str | None
    figure: str
    as_of: date | None


def compared_figures(
    con: duckdb.DuckDBPyConnection, comparison_id: str | None = None
) -> list[ComparedFigure]:
    """The figures of every comparison (or one), only those of the compared category and scope."""
    rows = con.execute(
        """
        SELECT k.id, c.id, c.article_id, a.outlet, coalesce(c.speaker.text, a.outlet, '(the outlet)'),
               c.speaker.kind, c.hedged, q.category, q.min, q.max, q.unit, q.text,
               coalesce(c.as_of, a.published) AS as_of
        FROM comparisons k CROSS JOIN unnest(k.claim_ids) AS u(claim_id)
        JOIN claims c ON c.id = u.claim_id JOIN articles a ON a.id = c.article_id
        CROSS JOIN unnest(c.quantities) AS v(q)
        WHERE list_contains(string_split(k.category, '+'), q.category) AND q.scope = k.scope
          AND ($id IS NULL OR k.id = $id)
        ORDER BY k.id, as_of NULLS LAST, c.article_id, c.evidence.start, q.text
        """,
        {"id": comparison_id},
    ).fetchall()
    return [ComparedFigure(*row) for row in rows]


# -- the web app's reads (src/newsledger/web): filtered and paginated, shared by its pages and JSON API ---


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a list, map or timeline shows. None (and min_sources 1) is no condition.

    An event's dates are those of its happening (`time`), else its first report; `since`/`until` keep the
    events whose dates overlap the range, so an event without any date is left out by either. `place`
    matches part of the canonical place id (`kherson` matches `place:kherson` and `place:kherson-oblast`).
    """

    event_type: str | None = None
    since: date | None = None
    until: date | None = None
    place: str | None = None
    outlet: str | None = None
    min_sources: int = 1

    def params(self) -> dict[str, object]:
        return {
            "type": self.event_type,
            "since": self.since,
            "until": self.until,
            "place": self.place,
            "outlet": self.outlet,
            "min_sources": self.min_sources,
        }


# Over `events e`; parameters from EventFilter.params().
_EVENT_FILTER_SQL = """
($type IS NULL OR e.type = $type)
AND e.independent_sources >= $min_sources
AND ($outlet IS NULL OR list_contains(e.outlets, $outlet))
AND ($place IS NULL OR contains(lower(e.place.name), lower($place)))
AND ($since IS NULL OR coalesce(e.time."end", e.time.start, e.first_reported) >= $since)
AND ($until IS NULL OR coalesce(e.time.start, e.first_reported) <= $until)
"""


def find_events(
    con: duckdb.DuckDBPyConnection,
    filters: EventFilter,
    limit: int = 50,
    offset: int = 0,
    newest_first: bool = False,
) -> list[EventRow]:
    """Events matching `filters`, in order of first report (oldest first, or newest first)."""
    order = "e.first_reported DESC NULLS LAST, e.id" if newest_first else "e.first_reported NULLS LAST, e.id"
    rows = con.execute(
        f"SELECT {_EVENT_COLUMNS} FROM events e WHERE {_EVENT_FILTER_SQL} "
        f"ORDER BY {order} LIMIT $limit OFFSET $offset",
        {**filters.params(), "limit": limit, "offset": offset},
    ).fetchall()
    return [EventRow(*row) for row in rows]


def count_events(con: duckdb.DuckDBPyConnection, filters: EventFilter) -> int:
    row = con.execute(f"SELECT count(*) FROM events e WHERE {_EVENT_FILTER_SQL}", filters.params()).fetchone()
    return int(row[0]) if row else 0


def event_types_in_ledger(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The event types the ledger's incidents have (a user's own types included)."""
    return [row[0] for row in con.execute("SELECT DISTINCT type FROM incidents ORDER BY type").fetchall()]


def filtered_event_places(con: duckdb.DuckDBPyConnection, filters: EventFilter) -> list[EventPlace]:
    """The events matching `filters` that have coordinates, grouped by place, most independent sources
    first; a place is named as its incidents most often write it."""
    rows = con.execute(
        f"""
        WITH written AS (
            SELECT place.name AS place, place.text AS text, count(*) AS n FROM incidents
            WHERE place.name IS NOT NULL AND place.text IS NOT NULL GROUP BY ALL
        ), names AS (
            SELECT place, first(text ORDER BY n DESC, text) AS name FROM written GROUP BY place
        )
        SELECT e.place.name, coalesce(any_value(n.name), e.place.name), min(e.place.lat), min(e.place.lon),
               count(*), sum(e.independent_sources), list(DISTINCT e.type ORDER BY e.type),
               first(e.id ORDER BY e.first_reported NULLS LAST, e.id)
        FROM events e LEFT JOIN names n ON n.place = e.place.name
        WHERE e.place.lat IS NOT NULL AND e.place.lon IS NOT NULL AND {_EVENT_FILTER_SQL}
        GROUP BY e.place.name
        ORDER BY sum(e.independent_sources) DESC, e.place.name
        """,
        filters.params(),
    ).fetchall()
    return [EventPlace(*row) for row in rows]


def filtered_event_days(con: duckdb.DuckDBPyConnection, filters: EventFilter) -> list[EventDay]:
    """The events matching `filters` per day and type, dated as `event_days` dates them."""
    rows = con.execute(
        f"""
        SELECT coalesce(e.time.start, e.first_reported) AS day, e.type, count(*) FROM events e
        WHERE {_EVENT_FILTER_SQL}
        GROUP BY ALL ORDER BY day NULLS LAST, e.type
        """,
        filters.params(),
    ).fetchall()
    return [EventDay(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class EvidenceInContext:
    """An evidence span inside the body lines (paragraphs) around it."""

    paragraph: int  # 0-based line of the body where the context starts
    context: str  # those lines, joined by "\n"
    start: int  # the span within `context`
    end: int


@dataclass(frozen=True, slots=True)
class EventIncident:
    """One telling of an event in one article, with its evidence in context."""

    id: str
    article_id: str
    outlet: str | None
    published: date | None
    title: str | None
    type: str
    status: str
    hedged: bool
    actor: str | None
    size: str | None
    place: str | None
    time: str | None
    causes: list[str]
    outcomes: list[str]
    attribution: list[str]
    evidence: list[EvidenceInContext]


def event_incidents(con: duckdb.DuckDBPyConnection, event_id: str) -> list[EventIncident]:
    """Every incident of the event (full id), earliest published first, each with its evidence in context.

    The incidents and the articles are looked up by the ids the event lists (`IN`, which DuckDB answers
    from the primary key indexes) instead of joined: a join scans the whole articles table.
    """
    articles = {
        row[0]: row[1:]
        for row in con.execute(
            "SELECT id, outlet, published, title, origin, body FROM articles "
            "WHERE id IN (SELECT unnest(article_ids) FROM events WHERE id = ?)",
            [event_id],
        ).fetchall()
    }
    incidents = con.execute(
        "SELECT id, article_id, type, status, hedged, actor.text, size.text, place.text, time.text, causes, "
        "outcomes, [r.text FOR r IN attribution], [(e.start, e.end) FOR e IN evidence] FROM incidents "
        "WHERE id IN (SELECT unnest(incident_ids) FROM events WHERE id = ?)",
        [event_id],
    ).fetchall()
    told = []
    for row in incidents:
        (id_, article_id, type_, status, hedged, actor, size, place, time, causes, outcomes, attribution,
         spans) = row  # fmt: skip
        outlet, published, title, origin, body = articles[article_id]
        incident = EventIncident(
            id_, article_id, outlet, published, title, type_, status, hedged, actor, size, place, time,
            causes, outcomes, attribution,
            [evidence_in_context(body, int(start), int(end)) for start, end in spans],
        )  # fmt: skip
        told.append(((published is None, published or date.min, origin, id_), incident))
    return [incident for _, incident in sorted(told, key=lambda pair: pair[0])]


def evidence_in_context(body: str, start: int, end: int) -> EvidenceInContext:
    """The body lines that hold body[start:end], with the span's offsets within them."""
    first = body.rfind("\n", 0, start) + 1
    last = body.find("\n", end)
    last = len(body) if last < 0 else last
    return EvidenceInContext(body.count("\n", 0, first), body[first:last], start - first, end - first)


@dataclass(frozen=True, slots=True)
class SourceLink:
    """Why `article_id` does not count as a source of its own: it copies or relays `source_article_id`."""

    article_id: str
    source_article_id: str
    how: str  # near-copy, reused paragraphs, same source
    detail: str


def event_source_links(con: duckdb.DuckDBPyConnection, event_id: str) -> list[SourceLink]:
    """The copies and relays among an event's articles (the reasons its independent sources are fewer)."""
    rows = con.execute(
        """
        WITH members AS (SELECT unnest(article_ids) AS article_id FROM events WHERE id = $event),
        member_articles AS (
            SELECT id, published, origin FROM articles WHERE id IN (SELECT article_id FROM members)
        ),
        member_incidents AS (  -- selected before unnesting: unnesting first unnests every incident
            SELECT article_id, attribution FROM incidents
            WHERE id IN (SELECT unnest(incident_ids) FROM events WHERE id = $event)
        ),
        cited AS (
            SELECT i.article_id, r.canonical AS source, coalesce(any_value(r.text), r.canonical) AS name
            FROM member_incidents i CROSS JOIN unnest(i.attribution) AS u(r)
            WHERE r.canonical IS NOT NULL
            GROUP BY i.article_id, r.canonical
        ),
        first_citing AS (
            SELECT c.source, first(c.article_id ORDER BY a.published NULLS LAST, a.origin, a.id) AS first_id
            FROM cited c JOIN member_articles a ON a.id = c.article_id GROUP BY c.source
        )
        SELECT d.article_id, d.duplicate_of, 'near-copy',
               'similarity ' || printf('%.2f', d.similarity), 1 AS rank
        FROM duplicates d
        WHERE d.article_id IN (SELECT article_id FROM members)
          AND d.duplicate_of IN (SELECT article_id FROM members)
        UNION ALL
        SELECT p.article_id, p.source_article_id, 'reused paragraphs',
               count(*) || CASE WHEN count(*) = 1 THEN ' paragraph' ELSE ' paragraphs' END, 2
        FROM reused_paragraphs p
        WHERE p.article_id IN (SELECT article_id FROM members)
          AND p.source_article_id IN (SELECT article_id FROM members)
        GROUP BY p.article_id, p.source_article_id
        UNION ALL
        SELECT c.article_id, f.first_id, 'same source', 'both relay ' || c.name, 3
        FROM cited c JOIN first_citing f USING (source) WHERE c.article_id <> f.first_id
        ORDER BY 1, 5, 2
        """,
        {"event": event_id},
    ).fetchall()
    return [SourceLink(*row[:4]) for row in rows]


@dataclass(frozen=True, slots=True)
class Highlight:
    """A span of an article body to mark: a mention (its kind), or the evidence of an incident or claim."""

    start: int
    end: int
    kind: str  # person, place, ... (mentions), incident, claim
    label: str  # what the span is: canonical id, incident type, claim speaker
    ref: str | None  # incident or claim id, mention canonical id


def article_highlights(con: duckdb.DuckDBPyConnection, article_id: str) -> list[Highlight]:
    """Every mention, incident evidence and claim evidence of the article (full id), in body order."""
    rows = con.execute(
        """
        SELECT start, "end", kind, coalesce(canonical, kind), canonical FROM mentions WHERE article_id = $id
        UNION ALL
        SELECT e.start, e."end", 'incident', i.type || ' (' || i.status || ')', i.id
        FROM incidents i CROSS JOIN unnest(i.evidence) AS u(e) WHERE i.article_id = $id
        UNION ALL
        SELECT evidence.start, evidence."end", 'claim', coalesce(speaker.text, 'the outlet') || ' ('
               || speaker.kind || ')', id
        FROM claims WHERE article_id = $id
        ORDER BY 1, 2 DESC, 3
        """,
        {"id": article_id},
    ).fetchall()
    return [Highlight(int(r[0]), int(r[1]), r[2], r[3], r[4]) for r in rows]


@dataclass(frozen=True, slots=True)
class ArticleIncident:
    id: str
    type: str
    status: str
    event_id: str | None
    evidence: str


def article_incidents(con: duckdb.DuckDBPyConnection, article_id: str) -> list[ArticleIncident]:
    rows = con.execute(
        "SELECT id, type, status, event_id, array_to_string([e.text FOR e IN evidence], ' … ') "
        "FROM incidents WHERE article_id = ? ORDER BY evidence[1].start, id",
        [article_id],
    ).fetchall()
    return [ArticleIncident(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class ClaimQuantity:
    min: float | None
    max: float | None
    unit: str | None
    thing: str | None
    category: str | None
    scope: str | None
    text: str


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One attributed statement with its figures (docs/schema.md, claims)."""

    id: str
    article_id: str
    outlet: str | None
    published: date | None
    speaker: str | None  # as written; None for the outlet itself
    speaker_kind: str
    verb: str | None
    hedged: bool
    as_of: date | None
    quantities: list[ClaimQuantity]
    evidence: str
    evidence_start: int
    evidence_end: int


_CLAIM_ROWS_FILTER = """
($article IS NULL OR c.article_id = $article)
AND ($category IS NULL OR list_contains([q.category FOR q IN c.quantities], $category))
"""


def list_claims(
    con: duckdb.DuckDBPyConnection,
    category: str | None = None,
    article_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[ClaimRow]:
    """Claims as of their date (then article and position), optionally of one category or article.

    A claim's `as_of` is already its article's publication date when the sentence does not date it, so
    the page is cut from the claims alone and only its articles are read (by primary key).
    """
    rows = con.execute(
        f"""
        WITH page AS (
            SELECT * FROM claims c WHERE {_CLAIM_ROWS_FILTER}
            ORDER BY c.as_of NULLS LAST, c.article_id, c.evidence.start, c.id
            LIMIT $limit OFFSET $offset
        ),
        page_articles AS (
            SELECT id, outlet, published FROM articles WHERE id IN (SELECT article_id FROM page)
        )
        SELECT c.id, c.article_id, a.outlet, a.published, c.speaker.text, c.speaker.kind, c.verb, c.hedged,
               coalesce(c.as_of, a.published) AS as_of, c.quantities, c.evidence.text, c.evidence.start,
               c.evidence."end"
        FROM page c JOIN page_articles a ON a.id = c.article_id
        ORDER BY c.as_of NULLS LAST, c.article_id, c.evidence.start, c.id
        """,
        {"article": article_id, "category": category, "limit": limit, "offset": offset},
    ).fetchall()
    return [
        ClaimRow(*row[:9], quantities=[ClaimQuantity(**q) for q in row[9]], evidence=row[10],  # type: ignore[misc]
                 evidence_start=int(row[11]), evidence_end=int(row[12]))
        for row in rows
    ]  # fmt: skip


def count_claims(
    con: duckdb.DuckDBPyConnection, category: str | None = None, article_id: str | None = None
) -> int:
    row = con.execute(
        f"SELECT count(*) FROM claims c WHERE {_CLAIM_ROWS_FILTER}",
        {"article": article_id, "category": category},
    ).fetchone()
    return int(row[0]) if row else 0


@dataclass(frozen=True, slots=True)
class ContentCounts:
    events: int
    incidents: int
    claims: int
    comparisons: int
    mentions: int


def content_counts(con: duckdb.DuckDBPyConnection) -> ContentCounts:
    """How much the language layer and linking found (ledger_counts has the articles side)."""
    row = con.execute(
        """SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM incidents),
                  (SELECT count(*) FROM claims), (SELECT count(*) FROM comparisons),
                  (SELECT count(*) FROM mentions)"""
    ).fetchone()
    assert row is not None
    return ContentCounts(*row)


@dataclass(frozen=True, slots=True)
class ComparisonSummary:
    id: str
    subject: str
    category: str
    scope: str
    verdict: str
    reason: str
    claims: int  # how many claims it compares


_COMPARISON_FILTER = "($verdict IS NULL OR verdict = $verdict)"


def page_comparisons(
    con: duckdb.DuckDBPyConnection, verdict: str | None = None, limit: int = 50, offset: int = 0
) -> list[ComparisonSummary]:
    """Comparisons in `list_comparisons` order (disagreements first), without their claim id lists."""
    rows = con.execute(
        "SELECT id, subject, category, scope, verdict, reason, len(claim_ids) FROM comparisons "
        f"WHERE {_COMPARISON_FILTER} ORDER BY verdict = 'agree', category, scope, id "
        "LIMIT $limit OFFSET $offset",
        {"verdict": verdict, "limit": limit, "offset": offset},
    ).fetchall()
    return [ComparisonSummary(*row) for row in rows]


def count_comparisons(con: duckdb.DuckDBPyConnection, verdict: str | None = None) -> int:
    row = con.execute(
        f"SELECT count(*) FROM comparisons WHERE {_COMPARISON_FILTER}", {"verdict": verdict}
    ).fetchone()
    return int(row[0]) if row else 0


def sampled_compared_figures(
    con: duckdb.DuckDBPyConnection, comparison_ids: list[str], claims_per_comparison: int
) -> list[ComparedFigure]:
    """Like `compared_figures`, for at most `claims_per_comparison` claims of each comparison.

    A quantity told across a big ledger can have tens of thousands of claims; a page shows a sample.
    The claims taken are the first by claim id, and claim ids are hashes: a fixed sample that is spread
    over time and sources like the whole. Claims and articles are looked up by primary key (`IN`).
    """
    rows = con.execute(
        """
        WITH picked AS (
            SELECT id AS comparison_id, category, scope, unnest(claim_ids[1:$per]) AS claim_id
            FROM comparisons WHERE list_contains($ids, id)
        ),
        picked_claims AS (SELECT * FROM claims WHERE id IN (SELECT claim_id FROM picked)),
        picked_articles AS (
            SELECT id, outlet, published FROM articles WHERE id IN (SELECT article_id FROM picked_claims)
        )
        SELECT p.comparison_id, c.id, c.article_id, a.outlet,
               coalesce(c.speaker.text, a.outlet, '(the outlet)'), c.speaker.kind, c.hedged, q.category,
               q.min, q.max, q.unit, q.text, coalesce(c.as_of, a.published) AS as_of
        FROM picked p JOIN picked_claims c ON c.id = p.claim_id JOIN picked_articles a ON a.id = c.article_id
        CROSS JOIN unnest(c.quantities) AS v(q)
        WHERE list_contains(string_split(p.category, '+'), q.category) AND q.scope = p.scope
        ORDER BY p.comparison_id, as_of NULLS LAST, c.article_id, c.evidence.start, q.text
        """,
        {"ids": comparison_ids, "per": claims_per_comparison},
    ).fetchall()
    return [ComparedFigure(*row) for row in rows]
