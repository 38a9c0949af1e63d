"""The Spark job: inputs → a folder of Parquet tables in the export schema, plus what a ledger needs more.

The same steps as the local runner (runner.py), each on DataFrames:

    read        paths → documents and rejections (spark/read.py); the same content twice keeps the first
    scan        recurring lines per site, broadcast to the executors (spark/process.py)
    clean       DocumentProcessor.process_batch in mapInArrow → every per-document ledger row, kept by
                Spark (memory, then local disk) for the steps after it
    link        near-duplicates, reused paragraphs, comparisons (spark/link.py), events (spark/events.py);
                each result, and what is read more than once on the way, is written to DIR/_staging and
                read back (removed at the end), so later steps plan a file scan, not the steps before
    write       the export tables (docs/schema.md), DIR/ledger/ and DIR/run (store/parquet.py)

The output is a fresh build: events get the ids of their founding incidents, as in a new ledger.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import TypeVar

import pyarrow as pa
from py4j.protocol import Py4JError
from pyspark import StorageLevel, inheritable_thread_target
from pyspark.errors import PySparkException
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema

from newsledger import __version__
from newsledger.clean.outlets import OutletRegistry
from newsledger.config import Settings
from newsledger.errors import NewsledgerError
from newsledger.records import Rejection
from newsledger.spark.events import link_events_on_spark, tellings
from newsledger.spark.graph import Checkpoint, parquet_checkpoints
from newsledger.spark.link import compare_claims, copy_pairs, find_duplicates, reused_paragraphs
from newsledger.spark.process import (
    PROCESSED_TABLES,
    ShippedSettings,
    count_recurring_lines,
    partitions_for,
    process_documents,
    staged_table,
)
from newsledger.spark.read import first_of_each_content, plan_inputs, read_documents
from newsledger.spark.session import SparkError, frame_from_arrow
from newsledger.store.parquet import LAYOUT_VERSION, LEDGER_ONLY_TABLES, export_schemas

ProgressCallback = Callable[[str, int, int | None], None]  # (phase, advance, total), as runner.py
# Runs of fewer documents write each table as one file: a few tasks' work, and one file per table, as
# `newsledger export` writes.
ONE_FILE_BELOW = 10_000
# Rejections the summary names one by one; the rest are counted by reason (all are in ledger/rejections).
NAMED_REJECTIONS = 20
# Independent Spark jobs the driver runs at once (see `_concurrently`).
MAX_CONCURRENT_JOBS = 4
T = TypeVar("T")


@dataclass(slots=True)
class SparkSummary:
    out: str
    documents: int = 0
    articles: int = 0
    skipped: int = 0  # the same content read again (another file, another member)
    rejected: int = 0
    rejection_reasons: Counter[str] = field(default_factory=Counter)
    first_rejections: list[Rejection] = field(default_factory=list)
    mentions: int = 0
    incidents: int = 0
    claims: int = 0
    duplicates: int = 0
    reused_paragraphs: int = 0
    events: int = 0
    comparisons: int = 0
    partitions: int = 0
    seconds: float = 0.0


def run_spark_job(
    spark: SparkSession,
    inputs: Sequence[str],
    out: str,
    settings: Settings,
    progress: ProgressCallback | None = None,
    partitions: int = 0,
    overwrite: bool = False,
) -> SparkSummary:
    """Build the output folder `out` (a path or a URI Spark writes to) from the inputs."""
    report = progress or (lambda phase, advance, total: None)
    started = time.perf_counter()
    started_at = datetime.now(UTC).replace(tzinfo=None)
    OutletRegistry.load(settings.outlets.extra)  # a bad outlets file fails here, not on the executors
    _check_event_types(settings)
    plan = plan_inputs(inputs)
    shipped = ShippedSettings.of(settings)
    folder = _OutputFolder(spark, out, overwrite)
    summary = SparkSummary(out)
    releases: list[Callable[[], object]] = []

    def keep(frame: DataFrame) -> DataFrame:
        kept = frame.persist(StorageLevel.MEMORY_AND_DISK)
        releases.append(kept.unpersist)
        return kept

    try:
        with _phase(spark, report, "Reading inputs"):
            reading = partitions_for(len(plan.files), _parallelism(spark), partitions)
            rows = keep(read_documents(spark, plan, settings.ingest.max_document_bytes, reading))
            read = rows.where(F.col("reason").isNull()).agg(F.count("*"), F.count_distinct("id")).first()
            assert read is not None
            summary.documents, summary.skipped = read[1], read[0] - read[1]
            summary.partitions = partitions_for(summary.documents, _parallelism(spark), partitions)
            if summary.skipped or rows.rdd.getNumPartitions() != summary.partitions:
                # One shuffle both finds the first copy of each content and spreads the pages over tasks.
                documents = keep(first_of_each_content(rows, summary.partitions))
            else:  # every page read once, by as many tasks as cleaning wants: no shuffle of the pages
                documents = first_of_each_content(rows, None)
        with _phase(spark, report, "Counting recurring lines"):
            recurring = spark.sparkContext.broadcast(count_recurring_lines(documents, shipped))
            # Released with the cached frames at the end: a lost cached block is recomputed with it.
            releases.append(recurring.unpersist)
        with _phase(spark, report, "Cleaning and annotating pages"):
            # Kept by Spark (in memory, spilling to local disk) rather than written out and read back.
            processed = keep(process_documents(documents, shipped, recurring))
            processed.count()
        # Every later step scans the kept rows again, a table at a time: as many tasks as cores do that
        # with less scheduling than one per cleaning task (the cleaning wants several per core).
        kept_rows = processed.coalesce(min(summary.partitions, _parallelism(spark)))
        staged = {name: staged_table(kept_rows, name) for name in PROCESSED_TABLES}
        staged["documents"] = documents.select(*LEDGER_ONLY_TABLES["documents"])
        with _phase(spark, report, "Linking duplicates and events"):
            checkpoint = parquet_checkpoints(spark, folder.child("_staging/link"))
            links = _link(staged, settings, keep, checkpoint, summary.documents)
        with _phase(spark, report, "Writing tables"):
            _write_tables(rows, staged, links, folder, one_file=summary.documents < ONE_FILE_BELOW)
            _count_outputs(spark, folder, summary)
            _write_run(spark, folder, inputs, started_at, summary)
        folder.delete("_staging")
    except (PySparkException, Py4JError) as error:
        # A failed task (a bug, an executor out of memory, a file system refusing a write) surfaces as a
        # Java or Python stack trace dozens of lines long: name it in one line; --debug shows the rest.
        raise SparkError(f"the Spark job failed: {_first_line(error)}") from error
    finally:
        for release in releases:
            release()
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass(frozen=True, slots=True)
class _Links:
    duplicates: DataFrame
    reused: DataFrame
    comparisons: DataFrame
    events: DataFrame


def _link(
    staged: dict[str, DataFrame],
    settings: Settings,
    keep: Callable[[DataFrame], DataFrame],
    checkpoint: Checkpoint,
    articles_count: int,
) -> _Links:
    # The few article columns the link steps read, kept apart from the bodies and removed lines that
    # every scan of the articles' rows would otherwise decode again.
    articles = keep(staged["articles"].select("id", "published", "origin", "outlet"))
    # Each result is written to the staging folder and read back: the steps and writes that use it then
    # plan a file scan instead of the whole plan that made it (tens of joins for events). The first four
    # do not depend on each other, so their jobs run side by side.
    duplicates, reused, comparisons, told = _concurrently(
        articles.sparkSession,
        [
            lambda: checkpoint(
                find_duplicates(
                    articles,
                    staged["article_minhash"],
                    staged["minhash_bands"],
                    settings.dedup,
                    checkpoint,
                    articles_count,
                )
            ),
            lambda: checkpoint(
                reused_paragraphs(articles, staged["paragraphs"], settings.dedup.reuse_min_words)
            ),
            lambda: checkpoint(compare_claims(staged["claims"], articles)),
            lambda: checkpoint(tellings(staged["incidents"], articles)),
        ],
    )
    events = checkpoint(link_events_on_spark(told, copy_pairs(duplicates, reused), checkpoint))
    return _Links(duplicates, reused, comparisons, events)


def _concurrently(spark: SparkSession, actions: Sequence[Callable[[], T]]) -> list[T]:
    """The actions' results, in their order, their Spark jobs run side by side on up to as many threads as
    the session has cores (at most MAX_CONCURRENT_JOBS).

    Many of the job's later steps are small (a table that fits one task, a join of a few thousand rows):
    one after another they leave all cores but one idle. The threads inherit the job group, so progress and
    cancelling see their jobs. The first failure is raised once every action has stopped.
    """
    threads = min(len(actions), _parallelism(spark), MAX_CONCURRENT_JOBS)
    if threads <= 1:
        return [action() for action in actions]
    with ThreadPoolExecutor(threads, thread_name_prefix="newsledger-job") as pool:
        inherit = inheritable_thread_target(spark)
        futures = [pool.submit(inherit(action)) for action in actions]
        wait(futures)
    return [future.result() for future in futures]


def _write_tables(
    rows: DataFrame, staged: dict[str, DataFrame], links: _Links, folder: _OutputFolder, one_file: bool
) -> None:
    schemas = export_schemas()
    articles = staged["articles"]
    reused = links.reused.groupBy("article_id").agg(
        F.array_sort(F.collect_list(F.struct("paragraph", "source_article_id", "source_paragraph"))).alias(
            "reused_paragraphs"
        )
    )
    export_articles = (
        articles.withColumnRenamed("id", "article_id")
        .join(links.duplicates.withColumnRenamed("similarity", "duplicate_similarity"), "article_id", "left")
        .join(reused, "article_id", "left")
        .withColumnRenamed("article_id", "id")
    )
    incident_events = links.events.select(
        F.col("id").alias("event_id"), F.explode("incident_ids").alias("id")
    )
    exports: dict[str, tuple[DataFrame, list[str | Column]]] = {
        "articles": (export_articles, [F.col("published").asc_nulls_last(), "origin", "id"]),
        "mentions": (staged["mentions"], ["article_id", "start", "end", "kind"]),
        "incidents": (
            staged["incidents"].drop("event_id").join(incident_events, "id", "left"),
            ["article_id", F.element_at("evidence", 1)["start"].asc_nulls_last(), "id"],
        ),
        "events": (links.events, [F.col("first_reported").asc_nulls_last(), "id"]),
        "claims": (staged["claims"], ["article_id", F.col("evidence.start").asc_nulls_last(), "id"]),
        "comparisons": (links.comparisons, ["category", "scope", "id"]),
    }
    writes: list[Callable[[], None]] = []
    for table, (frame, order) in exports.items():
        conformed = _conform(frame, schemas[table])
        # A global sort samples its input first to split it into ranges: one job more per table, which
        # a table small enough for one task does without.
        ordered = (
            conformed.repartition(1).sortWithinPartitions(*order) if one_file else conformed.orderBy(*order)
        )
        writes.append(partial(ordered.write.parquet, folder.child(table)))
    read_rejections = rows.where(F.col("reason").isNotNull()).select(
        "origin", "reason", F.lit(None).cast("string").alias("document_id")
    )
    ledger_tables = {
        "documents": staged["documents"],
        "article_sites": articles.select(F.col("id").alias("article_id"), "site"),
        "article_minhash": staged["article_minhash"],
        "minhash_bands": staged["minhash_bands"],
        "paragraphs": staged["paragraphs"],
        # One row per origin, as the ledger's primary key keeps it.
        "rejections": read_rejections.unionByName(staged["rejections"]).dropDuplicates(["origin"]),
        "event_sources": links.events.select(F.col("id").alias("event_id"), "source_groups"),
    }
    for table, frame in ledger_tables.items():
        selected = frame.select(*LEDGER_ONLY_TABLES[table])
        writer = (selected.coalesce(1) if one_file else selected).write
        writes.append(partial(writer.parquet, folder.child(f"ledger/{table}")))
    _concurrently(rows.sparkSession, writes)


def _conform(frame: DataFrame, schema: pa.Schema) -> DataFrame:
    """The frame with exactly the export's columns and types, every field nullable as DuckDB writes it.

    Spark marks results of aggregates and literals non-nullable, which Parquet would record as `required`;
    a union with an empty frame of the export schema makes every field nullable again.
    """
    target = from_arrow_schema(schema)
    typed = frame.select(*[_cast(name, target[name].dataType) for name in target.names])
    # Built in the JVM: a frame of driver rows would start Python workers (see `frame_from_arrow`).
    empty = frame.sparkSession.range(0).select(
        *[F.lit(None).cast(field.dataType).alias(field.name) for field in target.fields]
    )
    return typed.unionByName(empty)


def _cast(name: str, data_type: object) -> Column:
    column = F.col(name)
    if name == "reused_paragraphs":  # an article without any: an empty list, never null
        column = F.coalesce(column, F.array())
    return column.cast(data_type).alias(name)  # type: ignore[arg-type]


def _write_run(
    spark: SparkSession,
    folder: _OutputFolder,
    inputs: Sequence[str],
    started_at: datetime,
    summary: SparkSummary,
) -> None:
    row = {
        "layout": LAYOUT_VERSION,
        "newsledger": __version__,
        "inputs": list(inputs),
        "started_at": started_at.isoformat(sep=" "),
        "finished_at": datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" "),
        "documents": summary.documents,
        "articles": summary.articles,
        "rejected": summary.rejected,
        "skipped": summary.skipped,
    }
    schema = pa.schema(
        [("layout", pa.int32()), ("newsledger", pa.string()), ("inputs", pa.list_(pa.string())),
         ("started_at", pa.string()), ("finished_at", pa.string()), ("documents", pa.int64()),
         ("articles", pa.int64()), ("rejected", pa.int64()), ("skipped", pa.int64())]
    )  # fmt: skip
    run = frame_from_arrow(spark, pa.Table.from_pylist([row], schema))
    run.coalesce(1).write.parquet(folder.child("run"))


def _count_outputs(spark: SparkSession, folder: _OutputFolder, summary: SparkSummary) -> None:
    """The summary's counts, read back from the written tables in one Spark job."""
    articles = spark.read.parquet(folder.child("articles"))
    counted = [
        articles.select(F.lit("articles").alias("what")),
        articles.where(F.col("duplicate_of").isNotNull()).select(F.lit("duplicates").alias("what")),
        articles.select(F.explode("reused_paragraphs")).select(F.lit("reused_paragraphs").alias("what")),
        *(spark.read.parquet(folder.child(table)).select(F.lit(table).alias("what"))
          for table in ("mentions", "incidents", "claims", "events", "comparisons")),
    ]  # fmt: skip
    frame = counted[0]
    for other in counted[1:]:
        frame = frame.unionByName(other)
    counts = {row["what"]: row["count"] for row in frame.groupBy("what").count().collect()}
    for name in ("articles", "duplicates", "reused_paragraphs", "mentions", "incidents", "claims", "events",
                 "comparisons"):  # fmt: skip
        setattr(summary, name, counts.get(name, 0))
    rejections = spark.read.parquet(folder.child("ledger/rejections")).persist()
    reasons = rejections.groupBy(F.split_part("reason", F.lit(" ("), F.lit(1)).alias("why")).count().collect()
    summary.rejection_reasons = Counter({row["why"]: row["count"] for row in reasons})
    summary.rejected = sum(summary.rejection_reasons.values())
    named = rejections.orderBy("origin").limit(NAMED_REJECTIONS).collect()
    summary.first_rejections = [Rejection(r["origin"], r["reason"], r["document_id"]) for r in named]
    rejections.unpersist()


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    # The Python error raised on an executor is the last line of the traceback Spark hands back.
    python_error = next((line for line in reversed(lines) if "Error:" in line or "Exception:" in line), None)
    return (python_error or (lines[0] if lines else type(error).__name__))[:300]


def _parallelism(spark: SparkSession) -> int:
    return max(1, spark.sparkContext.defaultParallelism)


def _check_event_types(settings: Settings) -> None:
    if settings.nlp.enabled and settings.nlp.event_types:
        # Imported here: it imports spaCy, which runs without the language layer never need.
        from newsledger.extract.event_types import load_event_types

        load_event_types(settings.nlp.event_types)


@contextmanager
def _phase(spark: SparkSession, report: ProgressCallback, label: str) -> Iterator[None]:
    """Runs the phase's Spark jobs under one job group and reports their finished tasks as they finish."""
    context = spark.sparkContext
    group = f"newsledger-{label}"
    context.setJobGroup(group, label)
    report(label, 0, None)
    stop = threading.Event()

    def watch() -> None:
        reported = 0
        while not stop.wait(0.5):
            tracker = context.statusTracker()
            done = total = 0
            for job in filter(None, map(tracker.getJobInfo, tracker.getJobIdsForGroup(group))):
                for stage in filter(None, map(tracker.getStageInfo, job.stageIds)):
                    done += stage.numCompletedTasks
                    total += stage.numTasks
            report(label, done - reported, total or None)
            reported = done

    watcher = threading.Thread(target=watch, name="newsledger-progress", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()
        context.setLocalProperty("spark.jobGroup.id", None)  # type: ignore[arg-type]


class _OutputFolder:
    """The output folder on whatever file system Spark writes it to (Hadoop's FileSystem API)."""

    def __init__(self, spark: SparkSession, out: str, overwrite: bool) -> None:
        self.out = out.rstrip("/")
        jvm = spark.sparkContext._jvm
        assert jvm is not None
        self._path_class = jvm.org.apache.hadoop.fs.Path
        self._path = self._path_class(self.out)
        self._fs = self._path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        if self._fs.exists(self._path) and len(self._fs.listStatus(self._path)):
            ours = any(self._fs.exists(self._path_class(self._path, name)) for name in ("run", "_staging"))
            if not overwrite:
                raise NewsledgerError(
                    f"{out} already exists and is not empty: give a new --out folder"
                    + (" (or --overwrite to replace this earlier Spark output)" if ours else "")
                )
            if not ours:
                raise NewsledgerError(
                    f"{out} is not an output folder of `newsledger spark`, so it is not replaced: "
                    "give a new --out folder"
                )
            self._fs.delete(self._path, True)
        # Marks the folder as this command's from the start, so that `--overwrite` may replace what a
        # failed run left behind.
        self._fs.mkdirs(self._path_class(self.child("_staging")))

    def child(self, name: str) -> str:
        return f"{self.out}/{name}"

    def delete(self, name: str) -> None:
        self._fs.delete(self._path_class(self.child(name)), True)
