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
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import duckdb

# Places further apart than this are different places for the same happening (a town and its district).
MAX_PLACE_KM = 60.0
# How far apart two tellings' time windows may be: reports come days after the fact, and vague ones
# ("this week") are wide already.
TIME_SLACK = timedelta(days=21)
# Sizes of the same happening differ with the source ("about 60", "up to 70", "dozens"), but not by this.
MAX_SIZE_RATIO = 4.0

INCIDENTS_SQL = """
SELECT i.id, i.article_id, i.type, i.actor.canonical, i.place.name, i.place.lat, i.place.lon,
       i.time.start, i.time."end", i.size.min, i.size.max, [r.canonical FOR r IN i.attribution], a.published,
       a.outlet, a.origin
FROM incidents i JOIN articles a ON a.id = i.article_id
WHERE i.specific AND i.status <> 'denied'
ORDER BY a.published NULLS LAST, a.origin, i.id
"""


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


def link_events(tellings: Sequence[Telling]) -> list[LinkedEvent]:
    """Group tellings (given earliest reported first) into events."""
    events: list[LinkedEvent] = []
    by_type: dict[str, list[LinkedEvent]] = defaultdict(list)
    for telling in tellings:
        home = None
        for event in by_type[telling.type]:
            if any(anchored(telling, t) for t in event.tellings) and all(
                compatible(telling, t) for t in event.tellings
            ):
                home = event
                break
        if home is None:
            home = LinkedEvent(id=event_id(telling.id), type=telling.type)
            events.append(home)
            by_type[telling.type].append(home)
        home.tellings.append(telling)
    return events


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


def load_tellings(con: duckdb.DuckDBPyConnection) -> list[Telling]:
    return tellings_from_rows(con.execute(INCIDENTS_SQL).fetchall())


def tellings_from_rows(rows: Iterable[Sequence[Any]]) -> list[Telling]:
    """Tellings from rows laid out as INCIDENTS_SQL selects them (the Spark runner selects the same)."""
    return [
        Telling(
            id=row[0], article_id=row[1], type=row[2], actor=row[3], place=row[4], lat=row[5], lon=row[6],
            start=row[7], end=row[8], size_min=row[9], size_max=row[10],
            sources=tuple(s for s in row[11] if s), published=row[12], outlet=row[13],
        )
        for row in rows
    ]  # fmt: skip


def copy_pairs(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    rows = con.execute(
        "SELECT article_id, duplicate_of FROM duplicates "
        "UNION SELECT DISTINCT article_id, source_article_id FROM reused_paragraphs"
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


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
