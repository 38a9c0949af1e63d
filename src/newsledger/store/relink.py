"""The corpus-wide link step after an ingest: near-duplicates, reused paragraphs, comparisons, events.

Every step works a bounded chunk at a time and collects its results in temp tables of the ledger
connection (which DuckDB spills to disk past the ledger's memory limit); each result then replaces the
old one in one transaction. So what relinking holds in Python is set by the chunk sizes and by the
biggest group it links (a story's near-copies, the claims of one scope, one component of incidents that
may share an event), not by the size of the ledger (docs/promises.md, section 5).
"""

from __future__ import annotations

import pyarrow as pa

from newsledger.config import Settings
from newsledger.duck import append
from newsledger.link.comparisons import COMPARISONS, link_comparisons
from newsledger.link.duplicates import DUPLICATE_LINKS, link_duplicates
from newsledger.link.events import linked_event_chunks
from newsledger.store.ledger import Ledger, event_row

# Temp tables of the relinked events, read by Ledger.replace_events.
_EVENTS, _INCIDENT_EVENTS, _CHANGES = "_linked_events", "_incident_events", "_linked_event_changes"


def relink(ledger: Ledger, settings: Settings) -> tuple[int, int]:
    """Recompute near-duplicates, reused paragraphs, claim comparisons and events over the whole ledger;
    returns (near-duplicate links, reused paragraphs)."""
    con = ledger.con
    duplicates = link_duplicates(con, settings.dedup)
    try:
        ledger.replace_links(DUPLICATE_LINKS, settings.dedup.reuse_min_words)
    finally:
        con.execute(f"DROP TABLE IF EXISTS {DUPLICATE_LINKS}")
    link_comparisons(con)
    try:
        ledger.replace_comparisons(COMPARISONS)
    finally:
        con.execute(f"DROP TABLE IF EXISTS {COMPARISONS}")
    relink_events(ledger)
    reused = con.execute("SELECT count(*) FROM reused_paragraphs").fetchone()
    return duplicates, int(reused[0]) if reused else 0


def relink_events(ledger: Ledger) -> None:
    """Recompute events over every incident in the ledger, keeping event ids stable."""
    con = ledger.con
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_EVENTS} AS SELECT * FROM events LIMIT 0")
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_INCIDENT_EVENTS} (incident_id VARCHAR, event_id VARCHAR)")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_CHANGES} AS SELECT * EXCLUDE (changed_at) FROM event_changes LIMIT 0"
    )
    schema = con.execute(f"SELECT * FROM {_EVENTS}").to_arrow_table().schema
    try:
        for events, changes in linked_event_chunks(con):
            rows = pa.Table.from_pylist(
                [dict(zip(schema.names, event_row(event), strict=True)) for event in events], schema=schema
            )
            append(con, _EVENTS, {name: rows.column(name) for name in schema.names})
            append(con, _INCIDENT_EVENTS, {
                "incident_id": [t.id for e in events for t in e.tellings],
                "event_id": [e.id for e in events for _ in e.tellings],
            })  # fmt: skip
            others = pa.array([list(c.other_event_ids) for c in changes], pa.list_(pa.string()))
            append(con, _CHANGES, {
                "change": [c.change for c in changes], "event_id": [c.event_id for c in changes],
                "other_event_ids": others, "reason": [c.reason for c in changes],
            })  # fmt: skip
        ledger.replace_events(_EVENTS, _INCIDENT_EVENTS, _CHANGES)
    finally:
        for table in (_EVENTS, _INCIDENT_EVENTS, _CHANGES):
            con.execute(f"DROP TABLE IF EXISTS {table}")
