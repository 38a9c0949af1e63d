"""Relinking holds a bounded chunk in Python, not the ledger: near-copies are grouped in SQL, and events
are linked a chunk of whole components at a time, with the same result as linking everything at once."""

from __future__ import annotations

import itertools
import random
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
from tests.link.test_duplicates import article, ledger_with

from newsledger.config import DedupSettings
from newsledger.link.duplicates import DUPLICATE_LINKS, components, link_duplicates
from newsledger.link.events import (
    EventChange,
    LinkedEvent,
    count_independent_sources,
    keep_stable_ids,
    link_events,
    linked_event_chunks,
    tellings_from_rows,
)
from newsledger.link.graph import connected_components
from newsledger.records import Article, Document, DocumentResult
from newsledger.store import Ledger

# (name, lat, lon): pairs of places 30 km apart, which may be one happening, each pair far from the others.
PLACES = [
    ("place:a", 50.0, 30.0), ("place:b", 50.27, 30.0), ("place:c", 47.0, 37.0), ("place:d", 47.27, 37.0),
    ("place:e", 55.0, 40.0), ("place:f", 55.27, 40.0),
]  # fmt: skip


def _python_peak_while_linking_copies(tmp_path: Path, stories: int) -> int:
    settings = DedupSettings()
    rng = np.random.default_rng(stories)
    vocabulary = [f"w{i}" for i in range(5000)]
    texts = [" ".join(rng.choice(vocabulary, 120)) for _ in range(stories)]
    articles = [
        article(f"s{story:04d}c{copy:02d}", [texts[story]], date(2023, 1, 1 + copy))
        for story in range(stories)
        for copy in range(20)
    ]
    tmp_path.mkdir()
    with ledger_with(tmp_path, articles, settings) as ledger:
        tracemalloc.start()
        try:
            links = link_duplicates(ledger.con, settings, pairs_per_chunk=400)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        originals = ledger.con.execute(f"SELECT DISTINCT duplicate_of FROM {DUPLICATE_LINKS}").fetchall()
    assert links == stories * 19
    assert {row[0] for row in originals} == {f"s{story:04d}c00" for story in range(stories)}
    return peak


def test_grouping_four_times_the_near_copies_takes_no_more_python_memory(tmp_path: Path) -> None:
    # Grouped in Python, the groups, originals and links hold an entry per article that has a copy; grouped
    # in SQL, Python holds one chunk of pairs whatever the ledger's size.
    small = _python_peak_while_linking_copies(tmp_path / "small", 75)
    big = _python_peak_while_linking_copies(tmp_path / "big", 300)
    # Grouped in Python, the peak grew by 2.7 MB (2.6 → 5.3 MB); now it stays near 0.2 MB.
    assert big - small < 1_000_000, f"Python peak {small:,} B for 1,500 articles, {big:,} B for 6,000"


def _ledger_with_incidents(tmp_path: Path, count: int, seed: int) -> tuple[Ledger, list[tuple[str, str]]]:
    """A ledger of random incidents (few types, actors and places, a year of dates; some with an earlier
    event id), one article each, some articles near-copies of others; returns it and the copy pairs."""
    rng = random.Random(seed)
    ledger = Ledger.open(tmp_path / "events.duckdb")
    articles = [
        Article(
            f"a{i:04d}", f"a{i:04d}", f"{rng.randrange(50):02d}/a{i:04d}.txt", None,
            rng.choice(["outlet:x", "outlet:y", None]), None, None,
            rng.choice([None, date(2023, 1, 1) + timedelta(days=rng.randrange(365))]), None, "Body text.",
        )
        for i in range(count)
    ]  # fmt: skip
    ledger.write_results(
        [DocumentResult(Document(a.id, a.origin, "text/plain", a.body), a, None) for a in articles]
    )
    # A near-copy has one original (the duplicates table's key); an original is no one's copy.
    copied = {f"a{rng.randrange(count):04d}": f"a{rng.randrange(count // 2):04d}" for _ in range(count // 4)}
    copies = sorted((a, b) for a, b in copied.items() if a not in copied.values() and a != b)
    ledger.con.executemany("INSERT INTO duplicates VALUES (?, ?, 0.9)", copies)
    rows = []
    for i, a in enumerate(articles):
        name, lat, lon = rng.choice(PLACES)
        start = date(2023, 1, 1) + timedelta(days=rng.randrange(730)) if rng.random() < 0.7 else None
        size = float(rng.choice([10, 12, 40, 60, 300]))
        rows.append({
            "id": f"i{i:04d}", "article_id": a.id,
            "event_id": f"old{rng.randrange(count)}" if rng.random() < 0.15 else None,
            "type": rng.choice(["refusal", "desertion"]),
            "actor": rng.choice([None, {"text": "x", "canonical": f"unit:{rng.randrange(4)}"}]),
            "size": rng.choice([None, {"min": size, "max": size, "text": "n"}]),
            "place": rng.choice([None, {"text": name, "name": name, "lat": lat, "lon": lon, "country": None,
                                        "relation": None}]),
            "time": start and {"start": start, "end": start + timedelta(days=2), "text": "t"},
            "causes": [], "outcomes": [],
            "attribution": rng.choice([[], [{"text": "s", "canonical": f"source:{rng.randrange(5)}"}]]),
            "status": rng.choice(["reported", "reported", "denied"]), "hedged": False,
            "specific": rng.random() < 0.9, "evidence": [],
        })  # fmt: skip
    schema = ledger.con.execute("SELECT * FROM incidents LIMIT 0").to_arrow_table().schema
    ledger.con.register("_rows", pa.Table.from_pylist(rows, schema=schema))
    ledger.con.execute("INSERT INTO incidents SELECT * FROM _rows")
    ledger.con.unregister("_rows")
    return ledger, copies


def _all_at_once(
    ledger: Ledger, copies: list[tuple[str, str]]
) -> tuple[list[LinkedEvent], list[EventChange]]:
    """Events the way relinking made them before it was chunked: every telling of the ledger at once."""
    rows = ledger.con.execute(
        "SELECT i.id, i.article_id, i.type, i.actor.canonical, i.place.name, i.place.lat, i.place.lon, "
        'i.time.start, i.time."end", i.size.min, i.size.max, [r.canonical FOR r IN i.attribution], '
        "a.published, a.outlet, a.origin FROM incidents i JOIN articles a ON a.id = i.article_id "
        "WHERE i.specific AND i.status <> 'denied' ORDER BY a.published NULLS LAST, a.origin, i.id"
    ).fetchall()
    events = link_events(tellings_from_rows(rows))
    for event in events:
        event.independent_sources, event.source_groups = count_independent_sources(event, copies)
    previous = dict(
        ledger.con.execute("SELECT id, event_id FROM incidents WHERE event_id IS NOT NULL").fetchall()
    )
    return events, keep_stable_ids(events, previous)


def _summary(events: list[LinkedEvent]) -> list[tuple[object, ...]]:
    return sorted(
        (e.id, e.type, [t.id for t in e.tellings], e.independent_sources, e.source_groups) for e in events
    )


def test_events_linked_a_chunk_of_components_at_a_time_are_those_of_linking_all_at_once(
    tmp_path: Path,
) -> None:
    ledger, copies = _ledger_with_incidents(tmp_path, 600, seed=11)
    with ledger:
        expected_events, expected_changes = _all_at_once(ledger, copies)
        chunks = list(linked_event_chunks(ledger.con, per_chunk=40))
        tables = {row[0] for row in ledger.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    events = [event for chunk, _ in chunks for event in chunk]
    changes = [change for _, chunk in chunks for change in chunk]
    assert len(expected_events) > 100 and any(len(e.tellings) > 3 for e in expected_events)
    assert {c.change for c in expected_changes} == {"merged", "split"}
    assert _summary(events) == _summary(expected_events)
    assert sorted(changes, key=repr) == sorted(expected_changes, key=repr)
    told = [sum(len(e.tellings) for e in chunk) for chunk, _ in chunks]
    assert len(chunks) > 3 and max(told) < sum(told) / 2, f"tellings per chunk: {told}"
    assert not {t for t in tables if t.startswith("_")}, "relinking leaves no temp tables behind"


def test_components_in_sql_are_those_of_the_union_find_on_random_graphs_with_long_chains() -> None:
    rng = random.Random(3)
    with duckdb.connect() as con:
        for _ in range(20):
            nodes = [f"n{rng.randrange(10**6):07d}" for _ in range(rng.randint(2, 300))]
            pairs = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(rng.randint(1, 300))]
            # A chain through nodes in random order: propagation alone would need a round per link.
            chain = rng.sample(nodes, min(len(nodes), 60))
            pairs += list(itertools.pairwise(chain))
            con.execute("CREATE OR REPLACE TABLE edges (first VARCHAR, second VARCHAR)")
            con.executemany("INSERT INTO edges VALUES (?, ?)", pairs)
            rounds = connected_components(con, "edges", "groups")
            found = dict(con.execute("SELECT node, component FROM groups").fetchall())
            assert found == components((a, b) for a, b in pairs if a != b)
            assert rounds < 20
