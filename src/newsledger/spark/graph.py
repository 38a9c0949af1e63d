"""Edges → connected components, on DataFrames: the union-find of the local runner, distributed.

The alternating large-star / small-star algorithm (Kiveris et al., "Connected Components in MapReduce and
Beyond", SoCC 2014), which GraphFrames also uses: each round links every node to the smallest node of its
neighbourhood, and after O(log² n) rounds (a handful in practice) every component is a star around its
smallest node id. Edges are kept as (high, low) pairs, high > low.

Each round's edges are materialised through `checkpoint` (a write and a read back): without it each round
would carry the plans of all the rounds before it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from newsledger.link.duplicates import components
from newsledger.spark.session import frame_from_arrow

Checkpoint = Callable[[DataFrame], DataFrame]
# Graphs with fewer edges than this are joined on the driver: ~100 bytes of Python per edge, and one
# Spark job instead of a few per round.
ON_DRIVER_BELOW = 200_000


def connected_components(
    edges: DataFrame,
    checkpoint: Checkpoint,
    source: str = "src",
    target: str = "dst",
    on_driver_below: int = ON_DRIVER_BELOW,
) -> DataFrame:
    """(node, component) for every node of the edges; component is the smallest node id it is joined to.

    Fewer than `on_driver_below` edges are joined on the driver instead (a union-find over a list),
    which saves the rounds' Spark jobs where they cost more than the work.
    """
    current = checkpoint(
        edges.where(F.col(source) != F.col(target))
        .select(F.greatest(source, target).alias("high"), F.least(source, target).alias("low"))
        .distinct()
    )
    few = current.limit(on_driver_below).collect() if on_driver_below else []
    if len(few) < on_driver_below:
        spark = current.sparkSession
        pairs = [(row["high"], row["low"]) for row in few]
        joined = components(pairs)
        table = pa.table(
            {
                "node": pa.array(list(joined), pa.string()),
                "component": pa.array(list(joined.values()), pa.string()),
            }
        )
        return frame_from_arrow(spark, table)
    while True:
        settled = checkpoint(_small_star(_large_star(current)))
        # Settled when the round changed no edge (both sides hold distinct edges).
        changed = settled.join(current, ["high", "low"], "full_outer").where(
            settled["high"].isNull() | current["high"].isNull()
        )
        if changed.isEmpty():
            break
        current = settled
    # Every edge now joins a node to its component's smallest node.
    return (
        settled.select(F.col("high").alias("node"), F.col("low").alias("component"))
        .union(settled.select(F.col("low").alias("node"), F.col("low").alias("component")))
        .distinct()
    )


def _large_star(edges: DataFrame) -> DataFrame:
    """Each node's larger neighbours are linked to the smallest node of its closed neighbourhood."""
    both = edges.select(F.col("high").alias("node"), F.col("low").alias("neighbour")).union(
        edges.select(F.col("low").alias("node"), F.col("high").alias("neighbour"))
    )
    smallest = both.groupBy("node").agg(F.least(F.col("node"), F.min("neighbour")).alias("smallest"))
    return (
        both.join(smallest, "node")
        .where(F.col("neighbour") > F.col("node"))
        .select(F.col("neighbour").alias("high"), F.col("smallest").alias("low"))
        .distinct()
    )


def _small_star(edges: DataFrame) -> DataFrame:
    """Each node and its smaller neighbours are linked to the smallest of them."""
    smallest = edges.groupBy("high").agg(F.min("low").alias("smallest"))
    linked = edges.join(smallest, "high")
    neighbours = linked.where(F.col("low") != F.col("smallest")).select(
        F.col("low").alias("high"), F.col("smallest").alias("low")
    )
    return neighbours.union(smallest.select("high", F.col("smallest").alias("low"))).distinct()


def parquet_checkpoints(spark: SparkSession, folder: str) -> Checkpoint:
    """A checkpoint that writes each frame to the next numbered folder under `folder` and reads it back."""
    numbers = itertools.count()

    def checkpoint(frame: DataFrame) -> DataFrame:
        path = f"{folder}/{next(numbers)}"
        frame.write.parquet(path)
        return spark.read.parquet(path)

    return checkpoint
