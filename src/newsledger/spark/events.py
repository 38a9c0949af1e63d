"""Incidents → events on DataFrames, with blocking keys instead of comparing every pair of tellings.

The local linker (link/events.py) takes tellings earliest first and puts each into the first event where
it is anchored to one telling and compatible with all. A telling can therefore only ever join tellings it
`may_share_event` with, so every event lies inside one connected component of the graph of such pairs,
and running `link_events` on each component apart gives exactly the local events. Here:

1. blocking keys (`link.events.telling_blocks`, by which the local linker chunks its work too): two
   tellings that may share an event always share a key (tests/spark/test_event_blocks.py checks this on
   random tellings), and a telling with no time window is paired with its whole (type, anchor) block;
2. the candidate pairs of each key are kept when `may_share_event` holds (the local rule, in Python);
3. connected components of those pairs (spark/graph.py), each telling alone in its own otherwise;
4. each component, with the copy pairs among its articles, goes to `link_events`,
   `count_independent_sources` and `event_row`: the local runner's functions, in the local order.

A component is linked by one task: a generic actor reported week after week makes one big component, as
it makes one long run of comparisons in the local linker.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pyarrow as pa
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema

from newsledger.link.events import (
    count_independent_sources,
    link_events,
    may_share_event,
    telling_blocks,
    tellings_from_rows,
)
from newsledger.spark.graph import Checkpoint, connected_components
from newsledger.store.ledger import event_row
from newsledger.store.parquet import ledger_schema

# The columns of link/events.py's INCIDENTS_SQL, in its order (the last one only orders the tellings).
TELLING_COLUMNS = ("id", "article_id", "type", "actor", "place", "lat", "lon", "start", "end", "size_min",
                   "size_max", "sources", "published", "outlet", "origin")  # fmt: skip

_BLOCKS_SCHEMA = pa.schema([("id", pa.string()), ("block", pa.string()), ("month", pa.string())])
_EDGES_SCHEMA = pa.schema([("src", pa.string()), ("dst", pa.string())])


def tellings(incidents: DataFrame, articles: DataFrame) -> DataFrame:
    """The incidents events are made of, with their article's date and outlet (INCIDENTS_SQL)."""
    return (
        incidents.where(F.col("specific") & (F.col("status") != "denied"))
        .join(articles.select(F.col("id").alias("article_id"), "published", "outlet", "origin"), "article_id")
        .select(
            "id",
            "article_id",
            "type",
            F.col("actor.canonical").alias("actor"),
            F.col("place.name").alias("place"),
            F.col("place.lat").alias("lat"),
            F.col("place.lon").alias("lon"),
            F.col("time.start").alias("start"),
            F.col("time.end").alias("end"),
            F.col("size.min").alias("size_min"),
            F.col("size.max").alias("size_max"),
            F.transform("attribution", lambda role: role["canonical"]).alias("sources"),
            "published",
            "outlet",
            "origin",
        )
    )


def link_events_on_spark(told: DataFrame, copies: DataFrame, checkpoint: Checkpoint) -> DataFrame:
    """Rows of the ledger's `events` table, from `tellings(...)` and the copy pairs (a, b) of articles."""
    # Read three times below: written once rather than computed in Python three times.
    blocks = checkpoint(told.mapInArrow(_blocks, from_arrow_schema(_BLOCKS_SCHEMA)))
    dated = blocks.where(F.col("month").isNotNull())
    same_month = (
        dated.alias("a")
        .join(dated.alias("b"), ["block", "month"])
        .where(F.col("a.id") < F.col("b.id"))
        .select(F.col("a.id").alias("first"), F.col("b.id").alias("second"))
    )
    undated = blocks.where(F.col("month").isNull()).select("id", "block")
    everyone = blocks.select(F.col("id").alias("other"), "block").distinct()
    any_time = (
        undated.join(everyone, "block")
        .where(F.col("id") != F.col("other"))
        .select(F.least("id", "other").alias("first"), F.greatest("id", "other").alias("second"))
    )
    # The pairs are few bytes but each costs Python time to test: spread over every core, as adaptive
    # execution would merge their shuffle into one task by size.
    parallelism = told.sparkSession.sparkContext.defaultParallelism
    candidates = same_month.union(any_time).distinct().repartition(max(1, parallelism))
    pairs = candidates.join(_prefixed(told, "first"), F.col("first") == F.col("first_id")).join(
        _prefixed(told, "second"), F.col("second") == F.col("second_id")
    )
    edges = pairs.mapInArrow(_linkable, from_arrow_schema(_EDGES_SCHEMA))
    components = connected_components(edges, checkpoint).withColumnRenamed("node", "id")
    placed = told.join(components, "id", "left").withColumn(
        "component", F.coalesce(F.col("component"), F.col("id"))
    )
    articles = placed.select("component", "article_id").distinct()
    copies_within = (
        copies.join(articles.select("component", F.col("article_id").alias("a")), "a")
        .join(articles.select(F.col("component").alias("b_component"), F.col("article_id").alias("b")), "b")
        .where(F.col("component") == F.col("b_component"))
        .select(F.col("component").alias("copies_component"), "a", "b")
    )
    schema = ledger_schema("events")
    return (
        placed.groupBy("component")
        .cogroup(copies_within.groupBy("copies_component"))
        .applyInArrow(lambda left, right: _link_component(left, right, schema), from_arrow_schema(schema))
    )


def _prefixed(told: DataFrame, prefix: str) -> DataFrame:
    return told.select(*[F.col(c).alias(f"{prefix}_{c}") for c in TELLING_COLUMNS])


def _telling_rows(table: pa.Table | pa.RecordBatch, prefix: str = "") -> list[tuple[object, ...]]:
    columns = [table.column(prefix + name).to_pylist() for name in TELLING_COLUMNS]
    return list(zip(*columns, strict=True))


def _blocks(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        rows = [
            {"id": telling.id, "block": block, "month": month}
            for telling in tellings_from_rows(_telling_rows(batch))
            for block, month in telling_blocks(telling)
        ]
        yield pa.RecordBatch.from_pylist(rows, schema=_BLOCKS_SCHEMA)


def _linkable(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        firsts = tellings_from_rows(_telling_rows(batch, "first_"))
        seconds = tellings_from_rows(_telling_rows(batch, "second_"))
        rows = [
            {"src": a.id, "dst": b.id} for a, b in zip(firsts, seconds, strict=True) if may_share_event(a, b)
        ]
        yield pa.RecordBatch.from_pylist(rows, schema=_EDGES_SCHEMA)


def _link_component(told: pa.Table, copies: pa.Table, schema: pa.Schema) -> pa.Table:
    rows = sorted(
        _telling_rows(told),
        # INCIDENTS_SQL's order: published (unknown last), origin, incident id.
        key=lambda row: (row[12] is None, row[12] or date.min, row[14], row[0]),
    )
    pairs = list(zip(copies.column("a").to_pylist(), copies.column("b").to_pylist(), strict=True))
    records = []
    for event in link_events(tellings_from_rows(rows)):
        event.independent_sources, event.source_groups = count_independent_sources(event, pairs)
        records.append(dict(zip(schema.names, event_row(event), strict=True)))
    return pa.Table.from_pylist(records, schema=schema)
