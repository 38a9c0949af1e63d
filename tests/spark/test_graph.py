"""Connected components on DataFrames agree with a plain union-find, chains and stars included."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from newsledger.spark.graph import connected_components, parquet_checkpoints

pytestmark = pytest.mark.slow


def _union_find(edges: list[tuple[str, str]]) -> dict[str, str]:
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            node = parent[node]
        return node

    for a, b in edges:
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)
    return {node: root(node) for node in parent}


@pytest.mark.parametrize("on_driver_below", [0, 1_000], ids=["rounds on Spark", "union-find on the driver"])
def test_components_of_a_long_chain_a_star_and_pairs(
    spark: SparkSession, tmp_path: Path, on_driver_below: int
) -> None:
    chain = [f"c{i:03d}" for i in range(60)]
    rng = random.Random(3)
    rng.shuffle(chain)  # the smallest id sits somewhere inside the chain, not at an end
    edges = list(itertools.pairwise(chain))
    edges += [("s00", f"s{i:02d}") for i in range(1, 30)]  # a star, as a big LSH bucket makes
    edges += [("p1", "p2"), ("p3", "p2"), ("p2", "p1")]  # both directions and a repeated pair
    frame = spark.createDataFrame(edges, "src string, dst string")
    components = connected_components(
        frame, parquet_checkpoints(spark, str(tmp_path)), on_driver_below=on_driver_below
    )
    got = {row["node"]: row["component"] for row in components.collect()}
    assert got == _union_find(edges)


@pytest.mark.parametrize("on_driver_below", [0, 1_000])
def test_no_edges_no_components(spark: SparkSession, tmp_path: Path, on_driver_below: int) -> None:
    edges = spark.createDataFrame([], "src string, dst string")
    checkpoint = parquet_checkpoints(spark, str(tmp_path))
    assert connected_components(edges, checkpoint, on_driver_below=on_driver_below).count() == 0
