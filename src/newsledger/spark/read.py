"""Input paths → a DataFrame of documents and rejections, read on the executors by the ingest readers.

The driver walks the inputs as the local runner does (folders in sorted order, hidden files skipped) and
hands out the file paths; each executor reads its files with `read_inputs`, so every document gets the
id and origin the local runner gives it, and every unreadable file or line becomes the same rejection.
Paths must therefore be readable at the same place on every executor (local mode, or a file system
mounted on every node).

Parquet files are read as `ingest` reads them (ingest/parquet.py): one document per row with the fields of
a JSONL line, a row's origin `file#row` (1-based). Parquet given as a URI (`hdfs://`, `s3a://`, `file://`,
...) is read by Spark itself, from any file system it reaches, and each row by the same function; that is
the way to feed a cluster a crawl that lives in object storage.

Each row carries its place in the input order (`file_index`, `member`): when the same content arrives
twice, the local runner keeps the first, and so does `first_of_each_content`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import pyarrow as pa
from pyspark.errors import AnalysisException
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema

from newsledger.errors import InputError
from newsledger.ingest import parquet, read_inputs
from newsledger.ingest.sources import STDIN, walk_folder
from newsledger.records import Document, Rejection
from newsledger.spark.session import frame_from_arrow

DOCUMENT_FIELDS = [f.name for f in fields(Document)]

READ_SCHEMA = pa.schema(
    [
        pa.field("file_index", pa.int64()),
        pa.field("file", pa.string()),  # orders the files of a Parquet URI, which the driver does not list
        pa.field("member", pa.int64()),
        pa.field("origin", pa.string()),
        pa.field("reason", pa.string()),  # set for a rejection, null for a document
        *(pa.field(name, pa.string()) for name in DOCUMENT_FIELDS if name != "origin"),
    ]
)
# An Arrow batch handed back by a reading task holds at most this many documents and, past the first
# document, this much text: it bounds the memory a big archive or a run of big files takes.
_ROWS_PER_BATCH = 256
_CHARS_PER_BATCH = 32 << 20


@dataclass(frozen=True, slots=True)
class InputPlan:
    """The inputs as the driver sees them: local files in input order, and Parquet URIs for Spark."""

    files: list[str]
    parquet_uris: list[str]


def plan_inputs(inputs: Sequence[str]) -> InputPlan:
    """Local files in the local runner's order (folders walked sorted), and URIs Spark reads itself."""
    files: list[str] = []
    uris: list[str] = []
    for given in inputs:
        if given == STDIN:
            raise InputError("-: the Spark runner cannot read standard input (give files or folders)")
        if "://" in given:
            uris.append(given)  # Parquet, read by Spark (other formats need a path every executor reads)
            continue
        path = Path(given)
        if path.is_dir():
            files.extend(str(file) for file in walk_folder(path))
        elif path.is_file():
            files.append(str(path))
        else:
            raise InputError(f"{given}: no such file or folder")
    return InputPlan(files, uris)


def read_documents(spark: SparkSession, plan: InputPlan, max_bytes: int, partitions: int) -> DataFrame:
    """Rows of READ_SCHEMA: one per document or rejection of the inputs."""
    schema = from_arrow_schema(READ_SCHEMA)
    frames = []
    if plan.files:
        # Spread over the tasks round-robin; each task reads whole files.
        listed = pa.table(
            {"file_index": pa.array(range(len(plan.files)), pa.int64()), "path": pa.array(plan.files)}
        )
        paths = frame_from_arrow(spark, listed).repartition(max(1, min(partitions, len(plan.files))))
        frames.append(paths.mapInArrow(lambda batches: _read_files(batches, max_bytes), schema))
    if plan.parquet_uris:
        frames.append(_read_parquet_uris(spark, plan.parquet_uris, len(plan.files), max_bytes))
    if not frames:
        return frame_from_arrow(spark, READ_SCHEMA.empty_table(), schema)
    rows = frames[0]
    for frame in frames[1:]:
        rows = rows.unionByName(frame)
    return rows


def first_of_each_content(rows: DataFrame, partitions: int | None) -> DataFrame:
    """The documents among the rows, one per id: the first in input order, as the local runner keeps.

    `partitions`: spread them over that many tasks, hashed by id, in the shuffle that finds the first
    copies; None when every id is known to be read once (then no shuffle: the reading tasks' partitions).
    """
    documents = rows.where(F.col("reason").isNull())
    if partitions is None:
        return documents.select(*DOCUMENT_FIELDS)
    order = F.struct("file_index", "file", "member")
    first = (
        documents.repartition(partitions, "id")
        .groupBy("id")
        .agg(F.min_by(F.struct(*DOCUMENT_FIELDS), order).alias("document"))
    )
    return first.select("document.*")


def documents_from_arrow(batch: pa.RecordBatch | pa.Table) -> list[Document]:
    columns = {name: batch.column(name).to_pylist() for name in DOCUMENT_FIELDS}
    return [Document(**{name: columns[name][i] for name in DOCUMENT_FIELDS}) for i in range(batch.num_rows)]


def _read_files(batches: Iterator[pa.RecordBatch], max_bytes: int) -> Iterator[pa.RecordBatch]:
    # Rows of many small files share a batch: a batch per file costs the JVM more than reading the file.
    rows: list[dict[str, object]] = []
    chars = 0
    for batch in batches:
        indexes, paths = batch.column("file_index").to_pylist(), batch.column("path").to_pylist()
        for file_index, path in zip(indexes, paths, strict=True):
            for member, item in enumerate(read_inputs([path], max_bytes=max_bytes)):
                if isinstance(item, Document) and rows and chars + len(item.text) > _CHARS_PER_BATCH:
                    yield pa.RecordBatch.from_pylist(rows, READ_SCHEMA)
                    rows, chars = [], 0
                rows.append(_row(file_index, "", member, item))
                chars += len(item.text) if isinstance(item, Document) else 0
                if len(rows) == _ROWS_PER_BATCH:
                    yield pa.RecordBatch.from_pylist(rows, READ_SCHEMA)
                    rows, chars = [], 0
    if rows:
        yield pa.RecordBatch.from_pylist(rows, READ_SCHEMA)


def _row(file_index: int, file: str, member: int, item: Document | Rejection) -> dict[str, object]:
    if isinstance(item, Rejection):
        return {"file_index": file_index, "file": file, "member": member, "origin": item.origin,
                "reason": item.reason}  # fmt: skip
    row: dict[str, object] = {name: getattr(item, name) for name in DOCUMENT_FIELDS}
    row.update(file_index=file_index, file=file, member=member, reason=None)
    return row


def _read_parquet_uris(spark: SparkSession, uris: list[str], file_index: int, max_bytes: int) -> DataFrame:
    try:
        table = spark.read.parquet(*uris)
    except AnalysisException as err:
        reason = str(err).strip().splitlines()[0][:300]
        raise InputError(f"{', '.join(uris)}: cannot be read as Parquet ({reason})") from None
    present = [name for name in parquet.FIELDS if name in table.columns]
    if "text" not in present and "html" not in present:
        raise InputError(f"{', '.join(uris)}: Parquet without a 'text' or 'html' column")
    rows = table.select(
        *(F.col(name) for name in present),
        F.col("_metadata.file_path").alias("file"),
        F.col("_metadata.row_index").alias("row_index"),
    )

    def read(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            out = []
            for values in batch.to_pylist():
                file, number = values.pop("file"), values.pop("row_index") + 1
                item = parquet.parquet_row_document(values, file, number, max_bytes)
                out.append(_row(file_index, file, number, item))
            yield pa.RecordBatch.from_pylist(out, READ_SCHEMA)

    return rows.mapInArrow(read, from_arrow_schema(READ_SCHEMA))
