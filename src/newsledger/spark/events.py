"""Incidents → events on DataFrames, with blocking keys instead of comparing every pair of tellings.

The local linker (link/events.py) takes tellings earliest first and puts each into the first event where
it is anchored to one telling and compatible with all. A telling can therefore only ever join tellings it
`may_share_event` with, so every event lies inside one connected component of the graph of such pairs,
and running `link_events` on each component apart gives exactly the local events. Here:

1. blocking keys (`telling_blocks`): a telling is filed under (type, anchor, month) for each anchor it has
   (its actor; its place; the cells of a 3-D grid around its coordinates) and each month its time window
   reaches, widened by half of TIME_SLACK on both sides. Two tellings that may share an event are anchored
   by the same actor, the same place or places within MAX_PLACE_KM, and their widened windows overlap, so
   they always share a key (tests/spark/test_events.py checks this on random tellings). A telling with no
   window at all (undated, unpublished) meets every time, so it is paired with its whole (type, anchor)
   block instead;
2. the candidate pairs of each key are kept when `may_share_event` holds (the local rule, in Python);
3. connected components of those pairs (spark/graph.py), each telling alone in its own otherwise;
4. each component, with the copy pairs among its articles, goes to `link_events`,
   `count_independent_sources` and `event_row`: the local runner's functions, in the local order.

A component is linked by one task: a generic actor reported week after week makes one big component, as
it makes one long run of comparisons in the local linker.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import product

import pyarrow as pa
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema

from newsledger.link.events import (
    MAX_PLACE_KM,
    TIME_SLACK,
    Telling,
    count_independent_sources,
    link_events,
    may_share_event,
    tellings_from_rows,
)
from newsledger.spark.graph import Checkpoint, connected_components
from newsledger.store.ledger import event_row
from newsledger.store.parquet import ledger_schema

# The columns of link/events.py's INCIDENTS_SQL, in its order (the last one only orders the tellings).
TELLING_COLUMNS = ("id", "article_id", "type", "actor", "place", "lat", "lon", "start", "end", "size_min",
                   "size_max", "sources", "published", "outlet", "origin")  # fmt: skip

# How far a window is widened on each side: two windows within TIME_SLACK of each other overlap once both
# are widened by half of it.
_REACH = timedelta(days=math.ceil(TIME_SLACK.days / 2))
# Grid cells a little larger than MAX_PLACE_KM: places within it are at most one cell apart on each axis
# (a straight line through the Earth is never longer than the way along its surface).
_CELL_KM = MAX_PLACE_KM + 1.0
_EARTH_KM = 6371.0

_BLOCKS_SCHEMA = pa.schema([("id", pa.string()), ("block", pa.string()), ("month", pa.string())])
_EDGES_SCHEMA = pa.schema([("src", pa.string()), ("dst", pa.string())])


def telling_blocks(telling: Telling) -> list[tuple[str, str | None]]:
    """The (block, month) keys of a telling; month None for a telling without a time window."""
    anchors = []
    if telling.actor:
        anchors.append(f"actor:{telling.actor}")
    if telling.place:
        anchors.append(f"place:{telling.place}")
        if telling.lat is not None and telling.lon is not None:
            anchors.extend(f"near:{x},{y},{z}" for x, y, z in _cell_corners(telling.lat, telling.lon))
    window = telling.window
    months: list[str | None] = [None]
    if window is not None:
        low, high = min(window), max(window)
        months = list(_months(low - _REACH, high + _REACH))
    return [(f"{telling.type}|{anchor}", month) for anchor in anchors for month in months]


def _cell_corners(lat: float, lon: float) -> list[tuple[int, ...]]:
    """The 8 blocks of 2×2×2 grid cells that hold the place's cell: two places at most one cell apart on
    every axis share at least one of them."""
    phi, lam = math.radians(lat), math.radians(lon)
    point = (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))
    cells = [math.floor(_EARTH_KM * axis / _CELL_KM) for axis in point]
    return list(product(*[(cell - 1, cell) for cell in cells]))


def _months(first: date, last: date) -> Iterator[str]:
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


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
    candidates = same_month.union(any_time).distinct()
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
