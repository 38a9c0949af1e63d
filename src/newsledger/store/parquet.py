"""The ledger as a folder of Parquet tables and back: what the Spark runner writes, `newsledger load` reads.

The Spark runner (src/newsledger/spark/) builds its rows with the functions the local runner writes with
(`document_rows`, store/ledger.py's `event_row`) and writes one folder:

    DIR/articles/ mentions/ incidents/ events/ claims/ comparisons/   the export tables (docs/schema.md)
    DIR/ledger/<table>/    what a ledger holds beyond the export (LEDGER_ONLY_TABLES)
    DIR/run/               one row: the layout version, the inputs and the counts of the run

Each table is a folder of Parquet part files. `load_parquet_folder` turns such a folder into a new ledger
that `serve`, `report` and every listing command read like one built by `ingest`.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsledger.errors import InputError, LedgerError
from newsledger.records import DocumentResult
from newsledger.store.export import EXPORT_TABLES, export_ledger
from newsledger.store.ledger import Ledger, result_tables
from newsledger.store.search import rebuild_search_index

# Bumped whenever the folder's tables or their meaning change; `load` refuses other versions.
LAYOUT_VERSION = 1

# The ledger's tables the export leaves out, each with the columns written (docs/spark.md lists them).
# UBIGINT columns (`minhash_bands.bucket`, `paragraphs.key`) are written as signed 64-bit integers with the
# same bits: Spark has no unsigned type.
LEDGER_ONLY_TABLES = {
    "documents": ["id", "origin", "media_type", "url", "fetched_at", "text"],
    "article_sites": ["article_id", "site"],
    "article_minhash": ["article_id", "signature"],
    "minhash_bands": ["article_id", "band", "bucket"],
    "paragraphs": ["article_id", "paragraph", "key", "words"],
    "rejections": ["origin", "reason", "document_id"],
    "event_sources": ["event_id", "source_groups"],
}


def document_rows(results: Sequence[DocumentResult]) -> dict[str, pa.Table]:
    """The rows `Ledger.write_results` inserts for these documents, per ledger table, less the write time."""
    tables = result_tables(results, datetime(1970, 1, 1))
    return {
        name: table.select([f.name for f in table.schema if not pa.types.is_timestamp(f.type)])
        for name, table in tables.items()
    }


@cache
def ledger_schema(table: str) -> pa.Schema:
    """The Arrow schema of one of the ledger's own tables (as DuckDB hands it out)."""
    with Ledger.open(":memory:") as ledger:
        return ledger.con.execute(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema


@cache
def export_schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of each Parquet file `newsledger export --format parquet` writes: the contract."""
    with tempfile.TemporaryDirectory() as folder, Ledger.open(":memory:") as ledger:
        written = export_ledger(ledger, Path(folder), "parquet")
        return {table: pq.read_schema(path) for table, path in written.items()}


@dataclass(frozen=True, slots=True)
class LoadSummary:
    documents: int
    articles: int
    rejections: int
    events: int
    inputs: list[str]


def load_parquet_folder(folder: Path, db: Path) -> LoadSummary:
    """Fill a new ledger file from a folder the Spark runner wrote, in one transaction.

    Only a new (or empty) ledger: the Spark build's duplicates and events were computed over its own
    articles, and merging them into a ledger that holds others needs the relink `ingest` does. A ledger
    file this call created is removed again when the load fails.
    """
    run = _read_run(folder)
    missing = [name for name in [*EXPORT_TABLES, *(f"ledger/{t}" for t in LEDGER_ONLY_TABLES)]
               if not (folder / name).is_dir()]  # fmt: skip
    if missing:
        raise InputError(
            f"{folder}: incomplete Spark output, no {', '.join(missing)} (rerun `newsledger spark`)"
        )
    created = not db.exists()
    try:
        with Ledger.open(db) as ledger:
            return _load(folder, ledger, run)
    except BaseException:
        if created:
            for leftover in (db, db.with_name(db.name + ".wal")):
                leftover.unlink(missing_ok=True)
        raise


def _load(folder: Path, ledger: Ledger, run: dict[str, Any]) -> LoadSummary:
    held = ledger.con.execute("SELECT count(*) FROM documents").fetchone()
    if held and held[0]:
        raise LedgerError(
            f"{ledger.path} already holds {held[0]} documents: `newsledger load` fills a new ledger "
            "(give a new --db file)"
        )
    now = f"TIMESTAMP '{datetime.now(UTC).replace(tzinfo=None).isoformat(sep=' ')}'"
    with ledger.transaction():
        for sql in _LOAD_SQL:
            sources = {name: _parts(folder, path) for name, path in _SOURCES.items() if f"{{{name}}}" in sql}
            if all(sources.values()):  # a table with no part file is empty: nothing to insert
                literals = {name: _files_literal(files) for name, files in sources.items() if files}
                ledger.con.execute(sql.format(now=now, **literals))
        row = ledger.con.execute("SELECT coalesce(max(id), 0) + 1 FROM runs").fetchone()
        ledger.con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, 'done', ?, ?, ?, ?)",
            [row[0] if row else 1, run["started_at"], run["finished_at"], json.dumps(run["inputs"]),
             run["documents"], run["articles"], run["rejected"], run["skipped"]],
        )  # fmt: skip
    rebuild_search_index(ledger.con)  # `serve` searches the ledger, as after an `ingest`
    counts = ledger.con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM articles), "
        "(SELECT count(*) FROM rejections), (SELECT count(*) FROM events)"
    ).fetchone()
    assert counts is not None
    documents, articles, rejections, events = counts
    return LoadSummary(documents, articles, rejections, events, list(run["inputs"]))


def _read_run(folder: Path) -> dict[str, Any]:
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder (give the --out folder of `newsledger spark`)")
    if _parts(folder, "run") is None:
        raise InputError(f"{folder}: not an output folder of `newsledger spark` (it has no run/ table)")
    rows = pq.read_table(folder / "run").to_pylist()
    if len(rows) != 1:
        raise InputError(f"{folder}/run: expected one row, found {len(rows)} (rerun `newsledger spark`)")
    run = rows[0]
    if run.get("layout") != LAYOUT_VERSION:
        raise InputError(
            f"{folder} was written in layout {run.get('layout')} by newsledger {run.get('newsledger')}; this "
            f"newsledger reads layout {LAYOUT_VERSION}: rerun `newsledger spark` with this version"
        )
    return run


def _parts(folder: Path, table: str) -> list[Path] | None:
    files = sorted((folder / table).glob("*.parquet"))
    return files or None


def _files_literal(files: list[Path]) -> str:
    return "[" + ", ".join("'" + str(f).replace("'", "''") + "'" for f in files) + "]"


# The folder's tables by the name the load statements give them.
_SOURCES = {
    **{table: table for table in EXPORT_TABLES},
    **{f"ledger_{table}": f"ledger/{table}" for table in LEDGER_ONLY_TABLES},
}


def _unsigned(column: str) -> str:
    """A signed 64-bit column read back as the UBIGINT it was written from (same bits)."""
    return f"CAST(CASE WHEN {column} < 0 THEN {column} + 18446744073709551616 ELSE {column} END AS UBIGINT)"


# One statement per ledger table. `{name}` stands for the part files of the folder's table `name`
# (_SOURCES), `{now}` for the time of the load.
_LOAD_SQL = [
    "INSERT INTO documents SELECT id, origin, media_type, url, fetched_at, text, {now} "
    "FROM read_parquet({ledger_documents})",
    "INSERT INTO articles SELECT a.id, a.document_id, a.origin, a.url, s.site, a.outlet, a.title, a.byline, "
    "a.published, a.page_date, a.body, a.words, a.lang FROM read_parquet({articles}) a "
    "LEFT JOIN read_parquet({ledger_article_sites}) s ON s.article_id = a.id",
    "INSERT INTO removed_lines SELECT a.id, r.line, r.text, r.reason "
    "FROM read_parquet({articles}) a CROSS JOIN unnest(a.removed) AS u(r)",
    "INSERT INTO article_minhash SELECT article_id, signature FROM read_parquet({ledger_article_minhash})",
    f"INSERT INTO minhash_bands SELECT article_id, band, {_unsigned('bucket')} "
    "FROM read_parquet({ledger_minhash_bands})",
    f"INSERT INTO paragraphs SELECT article_id, paragraph, {_unsigned('key')}, words "
    "FROM read_parquet({ledger_paragraphs})",
    "INSERT INTO duplicates SELECT id, duplicate_of, duplicate_similarity "
    "FROM read_parquet({articles}) WHERE duplicate_of IS NOT NULL",
    "INSERT INTO reused_paragraphs SELECT a.id, p.paragraph, p.source_article_id, p.source_paragraph "
    "FROM read_parquet({articles}) a CROSS JOIN unnest(a.reused_paragraphs) AS u(p)",
    "INSERT INTO mentions SELECT * FROM read_parquet({mentions})",
    "INSERT INTO incidents SELECT id, article_id, event_id, type, actor, size, place, time, causes, "
    "outcomes, attribution, status, hedged, specific, evidence FROM read_parquet({incidents})",
    "INSERT INTO claims SELECT id, article_id, speaker, verb, hedged, quantities, as_of, as_of_end, evidence "
    "FROM read_parquet({claims})",
    "INSERT INTO comparisons SELECT id, subject, category, scope, claim_ids, verdict, reason "
    "FROM read_parquet({comparisons})",
    "INSERT INTO events SELECT e.id, e.type, e.incident_ids, e.article_ids, e.outlets, "
    "e.independent_sources, s.source_groups, e.first_reported, e.actor, e.place, e.time "
    "FROM read_parquet({events}) e JOIN read_parquet({ledger_event_sources}) s ON s.event_id = e.id",
    "INSERT INTO rejections SELECT origin, reason, document_id, {now} FROM read_parquet({ledger_rejections})",
]
