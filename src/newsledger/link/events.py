"""Incidents of the whole ledger → events: the same real-world happening across articles.

Incidents merge when they are compatible — same type, no conflicting actor, places within reach, time
windows that meet, sizes of the same order — and share an anchor (the same actor, or the same place).
Incompatible incidents never merge, not even through a third one: a candidate joins an event only if it
is compatible with every incident already in it.

An event's id is the id of its founding incident (the earliest reported), so it survives reruns and new
articles; it changes only when events merge (the earlier founder's id wins) or split, and each such
change is recorded with its reason.

Independent sources: the event's articles, where near-copies, articles sharing paragraphs, and articles
that only relay the same primary source (the same attributed entity) count once.
Hand-written: no library links event mentions across news articles with these rules.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import product
from typing import Any

import duckdb
import pyarrow as pa

from newsledger.duck import append
from newsledger.link.graph import connected_components

# Places further apart than this are different places for the same happening (a town and its district).
MAX_PLACE_KM = 60.0
# How far apart two tellings' time windows may be: reports come days after the fact, and vague ones
# ("this week") are wide already.
TIME_SLACK = timedelta(days=21)
# Sizes of the same happening differ with the source ("about 60", "up to 70", "dozens"), but not by this.
MAX_SIZE_RATIO = 4.0

# The tellings, in the order `link_events` takes them (`seq`), with the event each incident had before
# (`previous`), kept in a temp table: relinking reads them a bounded chunk at a time.
INCIDENTS_SQL = """
CREATE OR REPLACE TEMP TABLE _tellings AS
SELECT i.id, i.article_id, i.type, i.actor.canonical AS actor, i.place.name AS place, i.place.lat AS lat,
       i.place.lon AS lon, i.time.start AS start, i.time."end" AS "end", i.size.min AS size_min,
       i.size.max AS size_max, [r.canonical FOR r IN i.attribution] AS sources, a.published, a.outlet,
       a.origin, i.event_id AS previous,
       row_number() OVER (ORDER BY a.published NULLS LAST, a.origin, i.id) AS seq
FROM incidents i JOIN articles a ON a.id = i.article_id
WHERE i.specific AND i.status <> 'denied'
"""
# The columns `tellings_from_rows` reads, in its order.
_TELLING_COLUMNS = (
    'id, article_id, type, actor, place, lat, lon, start, "end", size_min, size_max, sources, published, '
    "outlet, origin"
)
# Candidate pairs: tellings sharing a blocking key (`telling_blocks`), a telling without a time window
# with every telling of its block; numbered into chunks. Tellings are named by `seq` and keys by their
# hash here (a collision only adds candidates, which `may_share_event` then turns down): integers keep
# these tables, which grow with the ledger until DuckDB spills them, several times smaller than strings.
CANDIDATES_SQL = """
CREATE OR REPLACE TEMP TABLE _telling_candidates AS
WITH dated AS (SELECT seq, block, month FROM _telling_blocks WHERE month IS NOT NULL),
pairs AS (
    SELECT a.seq AS first, b.seq AS second
    FROM dated a JOIN dated b ON a.block = b.block AND a.month = b.month AND a.seq < b.seq
    UNION
    SELECT least(u.seq, o.seq), greatest(u.seq, o.seq)
    FROM _telling_blocks u JOIN _telling_blocks o ON o.block = u.block
    WHERE u.month IS NULL AND u.seq <> o.seq
)
SELECT first, second, (row_number() OVER (ORDER BY first, second) - 1) // $per_chunk AS chunk FROM pairs
"""


def _qualified(table: str) -> str:
    return ", ".join(f"{table}.{column.strip()}" for column in _TELLING_COLUMNS.split(","))


CANDIDATE_TELLINGS_SQL = f"""
SELECT p.first, p.second, {_qualified("f")}, {_qualified("s")}
FROM (SELECT first, second FROM _telling_candidates WHERE chunk = ?) p
JOIN _tellings f ON f.seq = p.first JOIN _tellings s ON s.seq = p.second
"""
# Each connected component of the pairs that may share an event (with the incidents of each earlier
# event tied together, so that its id is settled inside one component), a telling without any alone;
# whole components are numbered into chunks of about $per_chunk tellings.
UNITS_SQL = """
CREATE OR REPLACE TEMP TABLE _telling_units AS
WITH placed AS (
    SELECT t.seq, t.article_id, coalesce(g.component, t.seq) AS component
    FROM _tellings t LEFT JOIN _telling_groups g ON g.node = t.seq
), sizes AS (SELECT component, count(*) AS size FROM placed GROUP BY component),
chunks AS (
    SELECT component,
           (sum(size) OVER (ORDER BY component ROWS UNBOUNDED PRECEDING) - size) // $per_chunk AS chunk
    FROM sizes
)
SELECT p.seq, p.article_id, p.component, c.chunk FROM placed p JOIN chunks c USING (component)
"""
# Articles that copy one another (near-duplicates, shared paragraphs) within one component.
UNIT_COPIES_SQL = """
CREATE OR REPLACE TEMP TABLE _unit_copies AS
WITH copies AS (
    SELECT article_id AS a, duplicate_of AS b FROM duplicates
    UNION SELECT DISTINCT article_id, source_article_id FROM reused_paragraphs
), articles AS (SELECT DISTINCT component, chunk, article_id FROM _telling_units)
SELECT x.chunk, x.component, c.a, c.b
FROM copies c JOIN articles x ON x.article_id = c.a
JOIN articles y ON y.article_id = c.b AND y.component = x.component
"""
# How many tellings (or candidate pairs) Python holds at a time, a few MB of them (a telling's blocking
# keys take about as much again); a component bigger than this is held whole, since its tellings are
# linked together.
TELLINGS_PER_CHUNK = 5_000
_TEMP_TABLES = ("_tellings", "_telling_blocks", "_telling_candidates", "_telling_edges", "_telling_groups",
                "_telling_units", "_unit_copies")  # fmt: skip


@dataclass(slots=True)
class Telling:
    """An incident as event linking sees it."""

    id: str
    article_id: str
    type: str
    actor: str | None
    place: str | None
    lat: float | None
    lon: float | None
    start: date | None
    end: date | None
    size_min: float | None
    size_max: float | None
    sources: tuple[str, ...]  # canonical ids of who the incident is attributed to
    published: date | None
    outlet: str | None

    @property
    def window(self) -> tuple[date, date] | None:
        if self.start is not None:
            return self.start, self.end or self.start
        if self.published is not None:  # undated: it happened some time before it was reported
            return self.published - timedelta(days=30), self.published
        return None


@dataclass(slots=True)
class LinkedEvent:
    id: str
    type: str
    tellings: list[Telling] = field(default_factory=list)
    independent_sources: int = 0
    source_groups: list[list[str]] = field(default_factory=list)  # article ids counted as one source

    @property
    def first_reported(self) -> date | None:
        dates = [t.published for t in self.tellings if t.published]
        return min(dates) if dates else None


def compatible(a: Telling, b: Telling) -> bool:
    """Nothing about the two tellings contradicts each other being the same happening."""
    if a.type != b.type:
        return False
    if a.actor and b.actor and a.actor != b.actor:
        return False
    if a.place and b.place and a.place != b.place and _km(a, b) > MAX_PLACE_KM:
        return False
    wa, wb = a.window, b.window
    if wa and wb and (wa[0] - TIME_SLACK > wb[1] or wb[0] - TIME_SLACK > wa[1]):
        return False
    return _sizes_compatible(a, b)


def anchored(a: Telling, b: Telling) -> bool:
    """The two tellings share something specific: the same actor, or the same place."""
    if a.actor and a.actor == b.actor:
        return True
    return bool(a.place and b.place and (a.place == b.place or _km(a, b) <= MAX_PLACE_KM))


def may_share_event(a: Telling, b: Telling) -> bool:
    """Whether one of the tellings could join an event holding the other (anchored and compatible).

    `link_events` puts a telling into an event only if this holds for it and one of the event's tellings,
    so every event lies inside one connected component of the graph of such pairs: linking each component
    on its own gives the same events as linking all tellings at once. The Spark runner relies on this
    (src/newsledger/spark/events.py); keep it true when changing the rules.
    """
    return anchored(a, b) and compatible(a, b)


# How far a window is widened on each side for blocking: two windows within TIME_SLACK of each other
# overlap once both are widened by half of it.
_REACH = timedelta(days=math.ceil(TIME_SLACK.days / 2))
# Grid cells a little larger than MAX_PLACE_KM: places within it are at most one cell apart on each axis
# (a straight line through the Earth is never longer than the way along its surface).
_CELL_KM = MAX_PLACE_KM + 1.0
_EARTH_KM = 6371.0


def telling_blocks(telling: Telling) -> list[tuple[str, str | None]]:
    """The (block, month) keys of a telling; month None for a telling without a time window.

    A telling is filed under (type, anchor, month) for each anchor it has (its actor; its place; the
    cells of a 3-D grid around its coordinates) and each month its time window reaches, widened by half
    of TIME_SLACK on both sides. Two tellings that `may_share_event` are anchored by the same actor, the
    same place or places within MAX_PLACE_KM, and their widened windows overlap, so they always share a
    key; a telling without a window meets every time, so it is paired with its whole block instead.
    """
    anchors = []
    if telling.actor:
        anchors.append(f"actor:{telling.actor}")
    if telling.place:
        anchors.append(f"place:{telling.place}")
        if telling.lat is not None and telling.lon is not None:
            anchors.extend(f"near:{x},{y},{z}" for x, y, z in _cell_corners(telling.lat, telling.lon))
    window = telling.window
    months: list[str | None] = [None]
    if window is not None:
        low, high = min(window), max(window)
        months = list(_months(low - _REACH, high + _REACH))
    return [(f"{telling.type}|{anchor}", month) for anchor in anchors for month in months]


def _cell_corners(lat: float, lon: float) -> list[tuple[int, ...]]:
    """The 8 blocks of 2×2×2 grid cells that hold the place's cell: two places at most one cell apart on
    every axis share at least one of them."""
    phi, lam = math.radians(lat), math.radians(lon)
    point = (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))
    cells = [math.floor(_EARTH_KM * axis / _CELL_KM) for axis in point]
    return list(product(*[(cell - 1, cell) for cell in cells]))


def _months(first: date, last: date) -> Iterator[str]:
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def link_events(tellings: Sequence[Telling]) -> list[LinkedEvent]:
    """Group tellings (given earliest reported first) into events.

    A telling joins the first event (in the order events were founded) that holds a telling anchored to
    it and none incompatible with it; else it founds one. Events are looked up by the blocking keys of
    their tellings (`telling_blocks`): an event holding a telling that `may_share_event` with this one
    shares a key with it, so only those are tried, in founding order, and the result is that of trying
    every event (which made linking quadratic in the events of a type).
    """
    events: list[LinkedEvent] = []
    by_key: dict[tuple[str, str | None], set[int]] = defaultdict(set)  # (block, month) → event indexes
    by_block: dict[str, set[int]] = defaultdict(set)  # block → indexes, for tellings without a window
    for telling in tellings:
        blocks = telling_blocks(telling)
        home = None
        for index in sorted(_events_sharing_a_key(telling, blocks, by_key, by_block)):
            event = events[index]
            if any(anchored(telling, t) for t in event.tellings) and all(
                compatible(telling, t) for t in event.tellings
            ):
                home = index
                break
        if home is None:
            home = len(events)
            events.append(LinkedEvent(id=event_id(telling.id), type=telling.type))
        events[home].tellings.append(telling)
        for block, month in blocks:
            by_key[block, month].add(home)
            by_block[block].add(home)
    return events


def _events_sharing_a_key(
    telling: Telling,
    blocks: list[tuple[str, str | None]],
    by_key: dict[tuple[str, str | None], set[int]],
    by_block: dict[str, set[int]],
) -> set[int]:
    found: set[int] = set()
    if telling.window is None:  # meets every time: every event filed under its anchors
        for block, _month in blocks:
            found |= by_block.get(block, set())
        return found
    for block, month in blocks:
        found |= by_key.get((block, month), set())
        found |= by_key.get((block, None), set())  # events holding a telling without a window
    return found


def event_id(founding_incident: str) -> str:
    return hashlib.sha256(f"event:{founding_incident}".encode()).hexdigest()[:16]


def count_independent_sources(
    event: LinkedEvent, copies: Iterable[tuple[str, str]]
) -> tuple[int, list[list[str]]]:
    """Independent sources of an event, and the groups of its articles that count as one.

    `copies` are pairs of articles where one copies the other (near-duplicates, shared paragraphs).
    """
    articles = sorted({t.article_id for t in event.tellings})
    parent = {a: a for a in articles}

    def root(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for a, b in copies:
        if a in parent and b in parent:
            join(a, b)
    relayed: dict[str, list[str]] = defaultdict(list)
    for telling in event.tellings:
        for source in telling.sources:
            relayed[source].append(telling.article_id)
    for relays in relayed.values():
        for other in relays[1:]:
            join(relays[0], other)
    groups: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        groups[root(article)].append(article)
    return len(groups), sorted(groups.values())


def linked_event_chunks(
    con: duckdb.DuckDBPyConnection, per_chunk: int = TELLINGS_PER_CHUNK
) -> Iterator[tuple[list[LinkedEvent], list[EventChange]]]:
    """Every incident of the ledger linked into events, with stable ids and independent sources counted:
    (events, their merges and splits) of a chunk of whole components at a time.

    Each event lies inside one connected component of the pairs that `may_share_event`, found through
    blocking keys as the Spark runner finds them, so linking each component on its own gives the events
    of `link_events` over all tellings at once; Python holds one chunk of components, never the ledger's
    incidents. The caller may write to the connection between chunks.
    """
    try:
        yield from _linked_event_chunks(con, per_chunk)
    finally:
        for table in _TEMP_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {table}")


def _linked_event_chunks(
    con: duckdb.DuckDBPyConnection, per_chunk: int
) -> Iterator[tuple[list[LinkedEvent], list[EventChange]]]:
    con.execute(INCIDENTS_SQL)
    con.execute("CREATE OR REPLACE TEMP TABLE _telling_blocks (seq BIGINT, block BIGINT, month INTEGER)")
    total = con.execute("SELECT count(*) FROM _tellings").fetchone()
    for start in range(0, int(total[0]) if total else 0, per_chunk):
        rows = con.execute(
            f"SELECT seq, {_TELLING_COLUMNS} FROM _tellings WHERE seq > ? AND seq <= ?",
            [start, start + per_chunk],
        ).fetchall()
        seqs: list[int] = []
        blocks: list[int] = []
        months: list[int | None] = []
        for seq, telling in zip(
            (row[0] for row in rows), tellings_from_rows(row[1:] for row in rows), strict=True
        ):
            for block, month in telling_blocks(telling):
                seqs.append(seq)
                blocks.append(hash(block))
                months.append(None if month is None else int(month[:4]) * 12 + int(month[5:]))
        append(con, "_telling_blocks", {
            "seq": pa.array(seqs, pa.int64()), "block": pa.array(blocks, pa.int64()),
            "month": pa.array(months, pa.int32()),
        })  # fmt: skip
    con.execute(CANDIDATES_SQL.replace("$per_chunk", str(per_chunk)))
    con.execute("CREATE OR REPLACE TEMP TABLE _telling_edges (first BIGINT, second BIGINT)")
    chunks = con.execute("SELECT max(chunk) FROM _telling_candidates").fetchone()
    width = len(_TELLING_COLUMNS.split(","))
    for chunk in range(0 if chunks is None or chunks[0] is None else chunks[0] + 1):
        rows = con.execute(CANDIDATE_TELLINGS_SQL, [chunk]).fetchall()
        firsts = tellings_from_rows(row[2 : 2 + width] for row in rows)
        seconds = tellings_from_rows(row[2 + width :] for row in rows)
        edges = [
            (row[0], row[1]) for row, a, b in zip(rows, firsts, seconds, strict=True) if may_share_event(a, b)
        ]
        append(con, "_telling_edges", {"first": [a for a, _ in edges], "second": [b for _, b in edges]})
    # The incidents of an earlier event stay in one unit, so that `keep_stable_ids` sees all of it.
    con.execute(
        "INSERT INTO _telling_edges "
        "SELECT min(seq) OVER (PARTITION BY previous), seq FROM _tellings WHERE previous IS NOT NULL"
    )
    connected_components(con, "_telling_edges", "_telling_groups")
    con.execute(UNITS_SQL.replace("$per_chunk", str(per_chunk)))
    con.execute(UNIT_COPIES_SQL)
    # A component bigger than a chunk leaves the numbers it spans unused.
    for (chunk,) in con.execute("SELECT DISTINCT chunk FROM _telling_units ORDER BY chunk").fetchall():
        rows = con.execute(
            f"SELECT u.component, t.previous, {_qualified('t')} "
            "FROM _tellings t JOIN _telling_units u USING (seq) WHERE u.chunk = ? "
            "ORDER BY u.component, t.seq",
            [chunk],
        ).fetchall()
        copies: dict[int, list[tuple[str, str]]] = defaultdict(list)  # by component
        for component, a, b in con.execute(
            "SELECT component, a, b FROM _unit_copies WHERE chunk = ?", [chunk]
        ).fetchall():
            copies[component].append((a, b))
        events: list[LinkedEvent] = []
        changes: list[EventChange] = []
        for component, members in itertools.groupby(rows, key=lambda row: row[0]):
            told = list(members)
            linked = link_events(tellings_from_rows(row[2:] for row in told))
            for event in linked:
                event.independent_sources, event.source_groups = count_independent_sources(
                    event, copies[component]
                )
            changes.extend(keep_stable_ids(linked, {row[2]: row[1] for row in told if row[1] is not None}))
            events.extend(linked)
        yield events, changes


def tellings_from_rows(rows: Iterable[Sequence[Any]]) -> list[Telling]:
    """Tellings from rows of the columns INCIDENTS_SQL selects first, in its order (_TELLING_COLUMNS; the
    Spark runner selects the same)."""
    return [
        Telling(
            id=row[0], article_id=row[1], type=row[2], actor=row[3], place=row[4], lat=row[5], lon=row[6],
            start=row[7], end=row[8], size_min=row[9], size_max=row[10],
            sources=tuple(s for s in row[11] if s), published=row[12], outlet=row[13],
        )
        for row in rows
    ]  # fmt: skip


def merged_roles(event: LinkedEvent) -> dict[str, str | None]:
    """The event's actor and place: the most frequent among its tellings."""
    actors = Counter(t.actor for t in event.tellings if t.actor)
    places = Counter(t.place for t in event.tellings if t.place)
    return {
        "actor": actors.most_common(1)[0][0] if actors else None,
        "place": places.most_common(1)[0][0] if places else None,
    }


def _km(a: Telling, b: Telling) -> float:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return 0.0 if a.place == b.place else math.inf
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _sizes_compatible(a: Telling, b: Telling) -> bool:
    """Size ranges (an open maximum: "more than 40", "dozens") meet, or the gap is under MAX_SIZE_RATIO."""
    if a.size_min is None or b.size_min is None:
        return True
    a_high = a.size_max if a.size_max is not None else math.inf
    b_high = b.size_max if b.size_max is not None else math.inf
    if a.size_min <= b_high and b.size_min <= a_high:
        return True
    return max(a.size_min, b.size_min) / max(min(a_high, b_high), 1.0) <= MAX_SIZE_RATIO


@dataclass(frozen=True, slots=True)
class EventChange:
    change: str  # merged, split
    event_id: str
    other_event_ids: tuple[str, ...]
    reason: str


def keep_stable_ids(events: Sequence[LinkedEvent], previous: dict[str, str]) -> list[EventChange]:
    """Give each event the id it had before (`previous`: incident id → old event id) and record changes.

    An event holding incidents of several old events is a merge: it keeps the id of the oldest of them.
    An old event whose incidents now sit in several events is a split: the part holding its founder keeps
    the id, the others get their own founders' ids.
    """
    changes: list[EventChange] = []
    old_parts: dict[str, list[LinkedEvent]] = defaultdict(list)
    for event in events:
        for old in dict.fromkeys(previous[t.id] for t in event.tellings if t.id in previous):
            old_parts[old].append(event)
    claimed: set[str] = set()
    for event in events:
        olds = list(dict.fromkeys(previous[t.id] for t in event.tellings if t.id in previous))
        keep = next(
            (old for old in olds if old not in claimed and _holds_founder(event, old, previous)), None
        )
        if keep is None:
            keep = next((old for old in olds if old not in claimed), None)
        if keep is not None:
            event.id = keep
            claimed.add(keep)
        if len(olds) > 1:
            others = tuple(old for old in olds if old != event.id)
            reason = (
                "new reports tie their incidents together (same actor or place, compatible time and size)"
            )
            changes.append(EventChange("merged", event.id, others, reason))
    for old, parts in old_parts.items():
        if len(parts) > 1:
            new_ids = tuple(part.id for part in parts if part.id != old)
            reason = "its incidents are no longer all compatible (actor, place, time or size disagree)"
            changes.append(EventChange("split", old, new_ids, reason))
    return changes


def _holds_founder(event: LinkedEvent, old: str, previous: dict[str, str]) -> bool:
    return any(previous.get(t.id) == old and event_id(t.id) == old for t in event.tellings)
