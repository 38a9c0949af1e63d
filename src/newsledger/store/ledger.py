"""The ledger file: opening, migrating, and atomic writes of whole documents."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import duckdb
import pyarrow as pa

from newsledger.duck import append
from newsledger.errors import LedgerError, first_line
from newsledger.link.events import LinkedEvent, merged_roles
from newsledger.records import (
    Claim,
    Document,
    DocumentResult,
    Evidence,
    Incident,
    Mention,
    Rejection,
    Role,
)
from newsledger.store.schema import MIGRATIONS, SCHEMA_VERSION_KEY

# How long a writer waits for readers to release the file (see `Ledger.open`).
WRITER_LOCK_TIMEOUT = 30.0
_LOCK_RETRY_SECONDS = 0.2


class LedgerBusy(LedgerError):
    """Another process holds the ledger file in a way that excludes this one (DuckDB's file lock)."""


class Ledger:
    """One open ledger file. Use `Ledger.open(path)` as a context manager."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(
        cls,
        path: Path | str,
        read_only: bool = False,
        memory_limit: str = "256MB",
        lock_timeout: float | None = None,
    ) -> Ledger:
        """Open (or create) the ledger; wait up to `lock_timeout` seconds while another process holds it.

        By default a writer waits `WRITER_LOCK_TIMEOUT` seconds, since the readers it waits for (`serve`
        taking a snapshot, a listing command) hold the file for seconds; a reader does not wait, since the
        writer it would wait for is an ingest that can run for hours.
        """
        path = Path(path)
        if read_only and not path.exists():
            raise LedgerError(
                f"{path}: no such ledger (build one with `newsledger ingest INPUT --db {path}`)"
            )
        if lock_timeout is None:
            lock_timeout = 0.0 if read_only else WRITER_LOCK_TIMEOUT
        deadline = time.monotonic() + lock_timeout
        while True:
            try:
                con = duckdb.connect(str(path), read_only=read_only)
                break
            except duckdb.IOException as err:
                holder = _lock_holder(err)
                if holder is None:
                    raise LedgerError(f"{path}: cannot open the ledger ({first_line(err, None)})") from None
                if time.monotonic() >= deadline:
                    waited = f" (waited {lock_timeout:g} s)" if lock_timeout else ""
                    raise LedgerBusy(
                        f"{path}: in use by another process ({holder}){waited}; "
                        f"try again when it has finished"
                    ) from None
                time.sleep(_LOCK_RETRY_SECONDS)
            except duckdb.Error as err:
                raise LedgerError(f"{path}: not a newsledger ledger ({first_line(err, None)})") from None
        # The ledger is read and written in bounded memory: DuckDB spills to disk past this limit, and
        # a progress bar of its own would break our one-line output.
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute("SET enable_progress_bar = false")
        ledger = cls(con, path, read_only)
        try:
            ledger._migrate()
        except BaseException:
            con.close()
            raise
        return ledger

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------------------------

    def schema_version(self) -> int:
        tables = {row[0] for row in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "meta" not in tables:
            if tables:
                raise LedgerError(f"{self.path}: this DuckDB file is not a newsledger ledger (no meta table)")
            return 0
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", [SCHEMA_VERSION_KEY]).fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        current = self.schema_version()
        latest = len(MIGRATIONS)
        if current > latest:
            raise LedgerError(
                f"{self.path} was written by a newer newsledger (schema {current} > {latest}): "
                "upgrade newsledger"
            )
        if current == latest:
            return
        if self.read_only:
            raise LedgerError(
                f"{self.path} has schema {current}, this newsledger needs {latest}: "
                "run any writing command (e.g. `newsledger ingest`) once to migrate it"
            )
        with self.transaction():
            if current == 0:
                self.con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
            for sql in MIGRATIONS[current:]:
                self.con.execute(sql)
            self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [SCHEMA_VERSION_KEY, str(latest)])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        try:
            self.con.execute("BEGIN TRANSACTION")
            yield
            self.con.execute("COMMIT")
        except BaseException as error:
            self._rollback_if_open()
            if is_interrupt(error):
                raise KeyboardInterrupt from error
            raise

    def _rollback_if_open(self) -> None:
        # Ctrl-C can land inside BEGIN, a write or COMMIT; DuckDB then may or may not have an open
        # transaction, and a second BEGIN on the same connection would fail.
        with suppress(duckdb.Error):
            self.con.execute("ROLLBACK")

    # -- writes -------------------------------------------------------------------------------------------

    def new_documents(self, documents: Sequence[Document]) -> list[Document]:
        """The documents not yet in the ledger, each id once (the first), in their order.

        Asked a batch at a time, so that a run holds no set of every id it has seen: what an earlier
        batch wrote is in the ledger by the time the next one is asked about.
        """
        ids = list({d.id for d in documents})
        stored = {
            row[0]
            for row in self.con.execute(
                "SELECT id FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
            ).fetchall()
        }
        new: list[Document] = []
        for document in documents:
            if document.id not in stored:
                stored.add(document.id)
                new.append(document)
        return new

    def write_results(self, results: Sequence[DocumentResult]) -> None:
        """Write whole documents in one transaction: each one is in the ledger entirely or not at all."""
        if not results:
            return
        now = datetime.now(UTC).replace(tzinfo=None)
        tables = result_tables(results, now)
        with self.transaction():
            for name, table in tables.items():
                append(self.con, name, table, replace=name == "rejections")

    def write_read_rejections(self, rejections: Sequence[Rejection]) -> None:
        """Rejections of inputs that never became documents (unreadable files, bad JSONL lines)."""
        if rejections:
            now = datetime.now(UTC).replace(tzinfo=None)
            with self.transaction():
                self.con.executemany(
                    "INSERT OR REPLACE INTO rejections VALUES (?, ?, ?, ?)",
                    [(r.origin, r.reason, r.document_id, now) for r in rejections],
                )

    def replace_links(self, links: str, reuse_min_words: int) -> None:
        """Replace the corpus-wide link results in one transaction: the near-duplicates with the rows of
        the table `links` (article_id, duplicate_of, similarity; `link.duplicates.link_duplicates`), the
        reused paragraphs recomputed."""
        with self.transaction():
            self.con.execute("DELETE FROM duplicates")
            self.con.execute(
                f"INSERT INTO duplicates SELECT article_id, duplicate_of, similarity FROM {links} "
                "ORDER BY article_id"
            )
            self.con.execute("DELETE FROM reused_paragraphs")
            self.con.execute(_REUSED_PARAGRAPHS_SQL, [reuse_min_words])

    def replace_comparisons(self, comparisons: str) -> None:
        """Replace the comparisons with the rows of the table `comparisons` (`link_comparisons`)."""
        with self.transaction():
            self.con.execute("DELETE FROM comparisons")
            self.con.execute(f"INSERT INTO comparisons SELECT * FROM {comparisons}")

    def replace_events(self, events: str, incident_events: str, changes: str) -> None:
        """Replace the events with the rows of the table `events`, point every incident at its event
        (table `incident_events`: incident_id, event_id), and append the merges and splits (table
        `changes`: the columns of event_changes after changed_at). One transaction."""
        now = datetime.now(UTC).replace(tzinfo=None)
        with self.transaction():
            self.con.execute("DELETE FROM events")
            self.con.execute(f"INSERT INTO events SELECT * FROM {events}")
            self.con.execute("UPDATE incidents SET event_id = NULL")
            self.con.execute(
                f"UPDATE incidents SET event_id = e.event_id "
                f"FROM {incident_events} e WHERE incidents.id = e.incident_id"
            )
            self.con.execute(f"INSERT INTO event_changes SELECT ?, * FROM {changes}", [now])

    def start_run(self, inputs: Sequence[str]) -> int:
        with self.transaction():
            row = self.con.execute("SELECT coalesce(max(id), 0) + 1 FROM runs").fetchone()
            run_id = int(row[0]) if row else 1
            self.con.execute(
                "INSERT INTO runs (id, started_at, inputs, status) VALUES (?, ?, ?, 'running')",
                [run_id, datetime.now(UTC).replace(tzinfo=None), json.dumps(list(inputs))],
            )
        return run_id

    def finish_run(
        self, run_id: int, status: str, documents: int, articles: int, rejected: int, skipped: int
    ) -> None:
        with self.transaction():
            self.con.execute(
                "UPDATE runs SET finished_at = ?, status = ?, documents = ?, articles = ?, rejected = ?, "
                "skipped = ? WHERE id = ?",
                [
                    datetime.now(UTC).replace(tzinfo=None),
                    status,
                    documents,
                    articles,
                    rejected,
                    skipped,
                    run_id,
                ],
            )


# The first article (earliest published, then origin) that carries a paragraph is its source; every
# later article carrying the same paragraph reuses it. Paragraphs under `reuse_min_words` words are left
# out: short quotes and stock phrases recur between independent reports.
_REUSED_PARAGRAPHS_SQL = """
INSERT INTO reused_paragraphs
WITH carried AS (
    SELECT p.article_id, p.paragraph, p.key,
           row_number() OVER (PARTITION BY p.key
                              ORDER BY a.published NULLS LAST, a.origin, a.id, p.paragraph) AS rank
    FROM paragraphs p JOIN articles a ON a.id = p.article_id
    WHERE p.words >= ?
), sources AS (
    SELECT key, article_id AS source_article_id, paragraph AS source_paragraph FROM carried WHERE rank = 1
)
SELECT c.article_id, c.paragraph, s.source_article_id, s.source_paragraph
FROM carried c JOIN sources s USING (key)
WHERE c.rank > 1 AND c.article_id <> s.source_article_id
"""


_MENTION_TYPES = {
    "sentence": pa.int32(),
    "start": pa.int32(),
    "end": pa.int32(),
    "lat": pa.float64(),
    "lon": pa.float64(),
    "time_start": pa.date32(),
    "time_end": pa.date32(),
    "quantity_min": pa.float64(),
    "quantity_max": pa.float64(),
    "approximate": pa.bool_(),
}


def event_row(event: LinkedEvent) -> tuple[object, ...]:
    """An event as a row of the `events` table, in its column order (`replace_events`, and the Spark
    runner's events, spark/events.py)."""
    roles = merged_roles(event)
    place = next((t for t in event.tellings if t.place == roles["place"]), None) if roles["place"] else None
    starts = [t.start for t in event.tellings if t.start]
    ends = [t.end or t.start for t in event.tellings if t.start]
    return (
        event.id,
        event.type,
        [t.id for t in event.tellings],
        list(dict.fromkeys(t.article_id for t in event.tellings)),
        sorted({t.outlet for t in event.tellings if t.outlet}),
        event.independent_sources,
        event.source_groups,
        event.first_reported,
        roles["actor"],
        {"name": place.place, "lat": place.lat, "lon": place.lon} if place else None,
        {"start": min(starts), "end": max(ends)} if starts else None,
    )


def _mentions_table(mentions: Sequence[Mention]) -> pa.Table:
    return pa.table(
        {
            f.name: pa.array([getattr(m, f.name) for m in mentions], _MENTION_TYPES.get(f.name, pa.string()))
            for f in fields(Mention)
        }
    )


_ROLE = pa.struct([("text", pa.string()), ("canonical", pa.string())])
_SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("text", pa.string())])
_INCIDENT_TYPES = {
    "actor": _ROLE,
    "size": pa.struct([("min", pa.float64()), ("max", pa.float64()), ("text", pa.string())]),
    "place": pa.struct(
        [
            ("text", pa.string()),
            ("name", pa.string()),
            ("lat", pa.float64()),
            ("lon", pa.float64()),
            ("country", pa.string()),
            ("relation", pa.string()),
        ]
    ),
    "time": pa.struct([("start", pa.date32()), ("end", pa.date32()), ("text", pa.string())]),
    "causes": pa.list_(pa.string()),
    "outcomes": pa.list_(pa.string()),
    "attribution": pa.list_(_ROLE),
    "hedged": pa.bool_(),
    "specific": pa.bool_(),
    "evidence": pa.list_(_SPAN),
}
_CLAIM_TYPES = {
    "speaker": pa.struct([("text", pa.string()), ("canonical", pa.string()), ("kind", pa.string())]),
    "hedged": pa.bool_(),
    "quantities": pa.list_(pa.struct([
        ("min", pa.float64()), ("max", pa.float64()), ("unit", pa.string()), ("thing", pa.string()),
        ("category", pa.string()), ("scope", pa.string()), ("text", pa.string()),
    ])),
    "as_of": pa.date32(),
    "as_of_end": pa.date32(),
    "evidence": _SPAN,
}  # fmt: skip


def _incident_row(incident: Incident) -> dict[str, object]:
    place = incident.place
    return {
        "id": incident.id,
        "article_id": incident.article_id,
        "event_id": incident.event_id,
        "type": incident.type,
        "actor": _role(incident.actor),
        "size": None if incident.size_text is None and incident.size_min is None
        else {"min": incident.size_min, "max": incident.size_max, "text": incident.size_text},
        "place": None if place is None else {
            "text": place.text, "name": place.canonical, "lat": place.lat, "lon": place.lon,
            "country": place.country, "relation": place.relation,
        },
        "time": None if incident.time_text is None and incident.time_start is None
        else {"start": incident.time_start, "end": incident.time_end, "text": incident.time_text},
        "causes": list(incident.causes),
        "outcomes": list(incident.outcomes),
        "attribution": [_role(role) for role in incident.attribution],
        "status": incident.status,
        "hedged": incident.hedged,
        "specific": incident.specific,
        "evidence": [_span(span) for span in incident.evidence],
    }  # fmt: skip


def _claim_row(claim: Claim) -> dict[str, object]:
    speaker = claim.speaker
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "speaker": {
            "text": speaker.text if speaker else None,
            "canonical": speaker.canonical if speaker else None,
            "kind": claim.speaker_kind,
        },
        "verb": claim.verb,
        "hedged": claim.hedged,
        "quantities": [{"min": q.min, "max": q.max, "unit": q.unit, "thing": q.thing, "category": q.category,
                        "scope": q.scope, "text": q.text} for q in claim.quantities],
        "as_of": claim.as_of_start,
        "as_of_end": claim.as_of_end,
        "evidence": _span(claim.evidence),
    }  # fmt: skip


def _role(role: Role | None) -> dict[str, object] | None:
    return None if role is None else {"text": role.text, "canonical": role.canonical}


def _span(span: Evidence) -> dict[str, object]:
    return {"start": span.start, "end": span.end, "text": span.text}


def _rows_table(rows: list[dict[str, object]], types: dict[str, pa.DataType], columns: list[str]) -> pa.Table:
    return pa.table({c: pa.array([row[c] for row in rows], types.get(c, pa.string())) for c in columns})


_INCIDENT_COLUMNS = ["id", "article_id", "event_id", "type", "actor", "size", "place", "time", "causes",
                     "outcomes", "attribution", "status", "hedged", "specific", "evidence"]  # fmt: skip
_CLAIM_COLUMNS = [
    "id",
    "article_id",
    "speaker",
    "verb",
    "hedged",
    "quantities",
    "as_of",
    "as_of_end",
    "evidence",
]


def result_tables(results: Sequence[DocumentResult], now: datetime) -> dict[str, pa.Table]:
    """The rows of every per-document table for these results, written at `now` (`write_results`, and
    the Spark runner's per-document pass through store/parquet.document_rows)."""
    docs = [r.document for r in results]
    articles = [r.article for r in results if r.article is not None]
    rejections = [r.rejection for r in results if r.rejection is not None]
    sites = {r.article.id: r.site for r in results if r.article is not None}
    removed = [(a.id, line) for a in articles for line in a.removed]
    fingerprints = [(r.article.id, r.fingerprint) for r in results if r.article and r.fingerprint]
    paragraph_rows = [
        (article_id, index, key, words)
        for article_id, fp in fingerprints
        for index, (key, words) in enumerate(zip(fp.paragraph_keys, fp.paragraph_words, strict=True))
    ]
    return {
        "documents": pa.table(
            {
                "id": [d.id for d in docs],
                "origin": [d.origin for d in docs],
                "media_type": [d.media_type for d in docs],
                "url": pa.array([d.url for d in docs], pa.string()),
                "fetched_at": pa.array([d.fetched_at for d in docs], pa.string()),
                "text": [d.text for d in docs],
                "ingested_at": pa.array([now] * len(docs), pa.timestamp("us")),
            }
        ),
        "articles": pa.table(
            {
                "id": [a.id for a in articles],
                "document_id": [a.document_id for a in articles],
                "origin": [a.origin for a in articles],
                "url": pa.array([a.url for a in articles], pa.string()),
                "site": pa.array([sites[a.id] for a in articles], pa.string()),
                "outlet": pa.array([a.outlet for a in articles], pa.string()),
                "title": pa.array([a.title for a in articles], pa.string()),
                "byline": pa.array([a.byline for a in articles], pa.string()),
                "published": pa.array([a.published for a in articles], pa.date32()),
                "page_date": pa.array([a.page_date for a in articles], pa.date32()),
                "body": [a.body for a in articles],
                "words": pa.array([a.words for a in articles], pa.int32()),
                "lang": pa.array([a.lang for a in articles], pa.string()),
            }
        ),
        "removed_lines": pa.table(
            {
                "article_id": [aid for aid, _ in removed],
                "line": pa.array([line.line for _, line in removed], pa.int32()),
                "text": [line.text for _, line in removed],
                "reason": [line.reason for _, line in removed],
            }
        ),
        "article_minhash": pa.table(
            {
                "article_id": [aid for aid, _ in fingerprints],
                "signature": pa.array([fp.minhash for _, fp in fingerprints], pa.binary()),
            }
        ),
        "minhash_bands": pa.table(
            {
                "article_id": [aid for aid, fp in fingerprints for _ in fp.bands],
                "band": pa.array(
                    [band for _, fp in fingerprints for band in range(len(fp.bands))], pa.int16()
                ),
                "bucket": pa.array([bucket for _, fp in fingerprints for bucket in fp.bands], pa.uint64()),
            }
        ),
        "paragraphs": pa.table(
            {
                "article_id": [row[0] for row in paragraph_rows],
                "paragraph": pa.array([row[1] for row in paragraph_rows], pa.int32()),
                "key": pa.array([row[2] for row in paragraph_rows], pa.uint64()),
                "words": pa.array([row[3] for row in paragraph_rows], pa.int32()),
            }
        ),
        "mentions": _mentions_table([m for r in results for m in r.mentions]),
        "incidents": _rows_table(
            [_incident_row(i) for r in results for i in r.incidents], _INCIDENT_TYPES, _INCIDENT_COLUMNS
        ),
        "claims": _rows_table(
            [_claim_row(c) for r in results for c in r.claims], _CLAIM_TYPES, _CLAIM_COLUMNS
        ),
        "rejections": pa.table(
            {
                "origin": [r.origin for r in rejections],
                "reason": [r.reason for r in rejections],
                "document_id": pa.array([r.document_id for r in rejections], pa.string()),
                "seen_at": pa.array([now] * len(rejections), pa.timestamp("us")),
            }
        ),
    }


def _lock_holder(err: duckdb.IOException) -> str | None:
    """The process holding the file's lock, as DuckDB names it, or None when the error is not a lock."""
    text = str(err)
    if "Could not set lock on file" not in text:
        return None
    pid = re.search(r"\(PID (\d+)\)", text)
    return f"pid {pid.group(1)}" if pid else "unknown pid"


def is_interrupt(error: BaseException) -> bool:
    """DuckDB turns a Ctrl-C that arrives mid-query into RuntimeError("Query interrupted")."""
    return isinstance(error, KeyboardInterrupt) or isinstance(error.__cause__, KeyboardInterrupt)
