"""Ledger → files other tools read: one file per table, JSONL, CSV or Parquet.

Each file is written under a temporary name and renamed into place, so a crash never leaves a
half-written export that looks complete.
"""

from __future__ import annotations

import os
from pathlib import Path

from newsledger.errors import NewsledgerError
from newsledger.store.ledger import Ledger
from newsledger.store.queries import (
    ARTICLES_EXPORT_SQL,
    CLAIMS_EXPORT_SQL,
    COMPARISONS_EXPORT_SQL,
    EVENTS_EXPORT_SQL,
    INCIDENTS_EXPORT_SQL,
    MENTIONS_EXPORT_SQL,
)

FORMATS = {
    "jsonl": ("jsonl", "(FORMAT json)"),
    "csv": ("csv", "(FORMAT csv, HEADER)"),
    "parquet": ("parquet", "(FORMAT parquet)"),
}

# Tables in the export contract (docs/schema.md) that this version of newsledger produces.
EXPORT_TABLES = {
    "articles": ARTICLES_EXPORT_SQL,
    "mentions": MENTIONS_EXPORT_SQL,
    "incidents": INCIDENTS_EXPORT_SQL,
    "events": EVENTS_EXPORT_SQL,
    "claims": CLAIMS_EXPORT_SQL,
    "comparisons": COMPARISONS_EXPORT_SQL,
}

# CSV has no nested values: lists of records go out as JSON text.
_NESTED_COLUMNS = {
    "articles": ["removed", "reused_paragraphs"],
    "incidents": ["actor", "size", "place", "time", "causes", "outcomes", "attribution", "evidence"],
    "claims": ["speaker", "quantities", "evidence"],
    "comparisons": ["claim_ids"],
    "events": ["incident_ids", "article_ids", "outlets", "place", "time"],
}


def export_ledger(ledger: Ledger, out_dir: Path, fmt: str = "jsonl") -> dict[str, Path]:
    if fmt not in FORMATS:
        raise NewsledgerError(f"unknown export format {fmt!r} (valid: {', '.join(FORMATS)})")
    suffix, options = FORMATS[fmt]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise NewsledgerError(f"{out_dir}: cannot create the export folder ({err.strerror})") from None
    written = {}
    for table, sql in EXPORT_TABLES.items():
        query = sql
        if fmt == "csv":
            nested = ", ".join(f"to_json({c}) AS {c}" for c in _NESTED_COLUMNS.get(table, []))
            query = f"SELECT * REPLACE ({nested}) FROM ({sql})" if nested else sql
        target = out_dir / f"{table}.{suffix}"
        partial = out_dir / f".{table}.{suffix}.partial"
        literal = str(partial).replace("'", "''")
        ledger.con.execute(f"COPY ({query}) TO '{literal}' {options}")
        os.replace(partial, target)
        written[table] = target
    return written
