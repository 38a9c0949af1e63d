"""Documents → recurring lines per site (the first pass), then → ledger rows (the per-document half).

Both run the local runner's code on the executors. The first pass is a per-site aggregate: every plain-
text page's (site, line) keys are counted by a groupBy, and the keys seen on more than one page come back
to the driver, which broadcasts them like the local runner hands them to its workers. The second pass maps
`DocumentProcessor.process_batch` over Arrow batches (`mapInArrow`); each Python worker builds the
processor once per job and keeps it for every task it runs. The spaCy pipeline in it is the one the
executor's daemon loaded before forking the worker (spark/preload.py), unless the job's language settings
differ from the packaged ones: then each worker loads its own.

Its output has one row per row of a per-document ledger table: a `table` column names the table, and a
struct column per table holds the row (the other tables' columns are null), so one pass over the
documents fills every table.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pyspark import Broadcast
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema

from newsledger.clean.outlets import OutletRegistry
from newsledger.clean.recurrence import page_line_keys, page_site
from newsledger.config import Settings
from newsledger.errors import ConfigError
from newsledger.pipeline import DocumentProcessor, load_processor
from newsledger.spark.preload import language_for
from newsledger.spark.read import documents_from_arrow
from newsledger.store.parquet import document_rows, ledger_schema

# The per-document ledger tables the processor fills, in the order `Ledger.write_results` writes them. The
# `documents` table is the input itself, which need not travel back from Python; `removed_lines` travel
# nested in their article, in line order, as the export lays them out (no regrouping on the JVM).
PROCESSED_TABLES = ("articles", "article_minhash", "minhash_bands", "paragraphs", "mentions", "incidents",
                    "claims", "rejections")  # fmt: skip
_REMOVED = pa.list_(pa.struct([("line", pa.int32()), ("text", pa.string()), ("reason", pa.string())]))

_UINT64_MASK = (1 << 64) - 1


@dataclass(frozen=True, slots=True)
class ShippedSettings:
    """The settings, with the contents of every file they name, for executors that cannot read the
    driver's paths (an `--outlets` or `--event-types` file given on the driver's command line)."""

    settings: Settings
    files: tuple[tuple[Path, bytes], ...]
    token: str  # one per job: executors keep what they loaded for it, and only for it

    @classmethod
    def of(cls, settings: Settings) -> ShippedSettings:
        files = []
        for path in (*settings.outlets.extra, *settings.nlp.event_types):
            try:
                files.append((path, Path(path).read_bytes()))
            except OSError as err:
                raise ConfigError(f"{path}: cannot read ({err.strerror})") from None
        return cls(settings, tuple(files), uuid.uuid4().hex)

    def unpack(self) -> Settings:
        """The settings with each named file written to this process's temporary folder."""
        return _unpacked(self)


@cache
def _unpacked(shipped: ShippedSettings) -> Settings:
    folder = Path(tempfile.mkdtemp(prefix="newsledger-settings-"))
    atexit.register(shutil.rmtree, folder, True)
    local = {}
    for index, (path, content) in enumerate(shipped.files):
        copy = folder / f"{index}-{Path(path).name}"
        copy.write_bytes(content)
        local[path] = copy
    settings = shipped.settings
    outlets = replace(settings.outlets, extra=tuple(local[p] for p in settings.outlets.extra))
    nlp = replace(settings.nlp, event_types=tuple(local[p] for p in settings.nlp.event_types))
    return replace(settings, outlets=outlets, nlp=nlp)


@cache
def _registry(shipped: ShippedSettings) -> OutletRegistry:
    return OutletRegistry.load(shipped.unpack().outlets.extra)


# -- pass 1: recurring lines --------------------------------------------------------------------------------


def count_recurring_lines(documents: DataFrame, shipped: ShippedSettings) -> dict[int, int]:
    """`LineRecurrence.shared()` over the documents: (site, line) key → pages, for keys on 2+ pages."""
    plain = documents.where(F.col("media_type") == "text/plain")
    keys = plain.mapInArrow(lambda batches: _line_keys(batches, shipped), "key long")
    recurring = keys.groupBy("key").count().where(F.col("count") > 1)
    return {key & _UINT64_MASK: count for key, count in recurring.collect()}


def _line_keys(batches: Iterator[pa.RecordBatch], shipped: ShippedSettings) -> Iterator[pa.RecordBatch]:
    registry = _registry(shipped)
    for batch in batches:
        keys: list[int] = []
        for document in documents_from_arrow(batch):
            lines = document.text.split("\n")
            site = page_site(document, lines, registry)
            if site is not None:
                keys.extend(page_line_keys(site, lines))
        # Spark has no unsigned integers: the same 64 bits as a signed one.
        yield pa.RecordBatch.from_arrays([pa.array(keys, pa.uint64()).cast(pa.int64(), safe=False)], ["key"])


# -- pass 2: the per-document half --------------------------------------------------------------------------


@cache
def staged_schema() -> pa.Schema:
    """One struct column per per-document table, holding its ledger row (written without unsigned types)."""
    return pa.schema(
        [pa.field("table", pa.string())]
        + [pa.field(name, pa.struct(list(_row_schema(name)))) for name in PROCESSED_TABLES]
    )


def _row_schema(table: str) -> pa.Schema:
    schema = ledger_schema(table)
    kept = [f for f in schema if not pa.types.is_timestamp(f.type)]
    if table == "articles":
        kept.append(pa.field("removed", _REMOVED))
    return pa.schema([f.with_type(pa.int64()) if f.type == pa.uint64() else f for f in kept])


def process_documents(
    documents: DataFrame, shipped: ShippedSettings, recurring: Broadcast[dict[int, int]]
) -> DataFrame:
    """Rows of `staged_schema()`: every ledger row the local runner writes for these documents."""
    schema = staged_schema()
    return documents.mapInArrow(
        lambda batches: _process(batches, shipped, recurring, schema), from_arrow_schema(schema)
    )


def staged_table(processed: DataFrame, table: str) -> DataFrame:
    """One per-document ledger table out of the processed rows."""
    return processed.where(F.col("table") == table).select(f"{table}.*")


_processors: dict[str, DocumentProcessor] = {}


def _processor(shipped: ShippedSettings, recurring: Broadcast[dict[int, int]]) -> DocumentProcessor:
    processor = _processors.get(shipped.token)
    if processor is None:
        _processors.clear()  # a worker reused by a later job drops the earlier job's models
        settings, registry = shipped.unpack(), _registry(shipped)
        preloaded = language_for(settings, registry)  # loaded by this executor's daemon, when it could
        processor = load_processor(settings, registry, recurring.value, preloaded)
        _processors[shipped.token] = processor
    return processor


def _process(
    batches: Iterator[pa.RecordBatch],
    shipped: ShippedSettings,
    recurring: Broadcast[dict[int, int]],
    schema: pa.Schema,
) -> Iterator[pa.RecordBatch]:
    processor = _processor(shipped, recurring)
    size = shipped.settings.ingest.batch_size
    for batch in batches:
        documents = documents_from_arrow(batch)
        for start in range(0, len(documents), size):
            tables = document_rows(processor.process_batch(documents[start : start + size]))
            yield from _staged_batches(tables, schema)


def _staged_batches(tables: dict[str, pa.Table], schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    tables = {**tables, "articles": _with_removed_lines(tables["articles"], tables["removed_lines"])}
    for name in PROCESSED_TABLES:
        table = tables[name]
        if not table.num_rows:
            continue
        row_type = schema.field(name).type
        # safe=False: the unsigned 64-bit keys keep their bits as signed ones.
        rows = table.select([f.name for f in row_type]).cast(pa.schema(list(row_type)), safe=False)
        columns: list[pa.Array] = [pa.array([name] * table.num_rows, pa.string())]
        for other in PROCESSED_TABLES:
            if other == name:
                values = [column.combine_chunks() for column in rows.columns]
                columns.append(pa.StructArray.from_arrays(values, fields=list(row_type)))
            else:
                columns.append(pa.nulls(table.num_rows, schema.field(other).type))
        yield pa.RecordBatch.from_arrays(columns, schema=schema)


def _with_removed_lines(articles: pa.Table, removed: pa.Table) -> pa.Table:
    """The articles with a `removed` column: each one's removed lines in line order (the export's)."""
    position = {article_id: index for index, article_id in enumerate(articles.column("id").to_pylist())}
    owner = pa.array([position[a] for a in removed.column("article_id").to_pylist()], pa.int64())
    # A stable sort: lines keep the processor's order where their numbers tie.
    order = pc.sort_indices(
        pa.table({"owner": owner, "line": removed.column("line")}),
        sort_keys=[("owner", "ascending"), ("line", "ascending")],
    )
    lines = removed.select(["line", "text", "reason"]).take(order)
    values = pa.StructArray.from_arrays(
        [column.combine_chunks() for column in lines.columns], fields=list(_REMOVED.value_type)
    )
    per_article = np.bincount(owner.to_numpy(), minlength=articles.num_rows)
    offsets = pa.array(np.concatenate([[0], np.cumsum(per_article)]), pa.int32())
    nested = pa.ListArray.from_arrays(offsets, values)
    return articles.append_column("removed", nested.cast(_REMOVED))


def partitions_for(documents: int, parallelism: int, requested: int = 0) -> int:
    """Tasks for the per-document half: enough to keep every core busy to the end, not so many that
    per-task overhead shows (a task of a few hundred documents takes seconds)."""
    if requested:
        return requested
    return max(parallelism * 3, -(-documents // 2_000), 1)
