"""Reader for Parquet files: one document per row, with the fields of a JSONL line.

A row has `text` or `html` and optionally `url`, `title`, `published`, `outlet`, as strings; other
columns are ignored. A row's origin is `file#row` (1-based). Row groups are read a batch at a time, so a
file of millions of rows is read in bounded memory.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from newsledger.errors import first_line
from newsledger.ingest.jsonl import document_from_object
from newsledger.records import Document, Rejection

FIELDS = ("html", "text", "url", "title", "published", "outlet")
_ROWS_PER_BATCH = 256


def read_parquet(path: str, max_bytes: int) -> Iterator[Document | Rejection]:
    try:
        source = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as err:
        yield Rejection(path, f"not a readable Parquet file ({first_line(err)})")
        return
    present = [name for name in FIELDS if name in source.schema_arrow.names]
    if "text" not in present and "html" not in present:
        yield Rejection(path, "Parquet file without a 'text' or 'html' column")
        return
    not_strings = [
        name
        for name in present
        if not pa.types.is_string(kind := source.schema_arrow.field(name).type)
        and not pa.types.is_large_string(kind)
    ]
    if not_strings:
        yield Rejection(path, f"Parquet columns that should hold text do not: {', '.join(not_strings)}")
        return
    if source.metadata.num_rows == 0:
        yield Rejection(path, "empty file (no Parquet rows)")
        return
    number = 0
    try:
        for batch in source.iter_batches(batch_size=_ROWS_PER_BATCH, columns=present):
            for values in batch.to_pylist():
                number += 1
                yield parquet_row_document(values, path, number, max_bytes)
    except (OSError, pa.ArrowException) as err:
        # A file cut short or corrupted past its footer: the rows before the damage are kept.
        yield Rejection(path, f"Parquet file unreadable after row {number} ({first_line(err)})")


def parquet_row_document(
    values: dict[str, object], origin: str, number: int, max_bytes: int
) -> Document | Rejection:
    """The document of one row (read as a JSONL line is), or why it is not one. The Spark runner reads
    rows of Parquet it is given as URIs with it too."""
    member = f"{origin}#{number}"
    size = sum(len(v.encode("utf-8", "surrogatepass")) for v in values.values() if isinstance(v, str))
    if size > max_bytes:
        return Rejection(member, f"row {number} is too long for one page (> {max_bytes:,} bytes)")
    return document_from_object(values, member, number, unit="row")
