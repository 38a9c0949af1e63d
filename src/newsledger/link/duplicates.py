"""Fingerprints of every article in the ledger → near-duplicate links (banded MinHash LSH).

Each signature is cut into bands; articles sharing a band bucket are candidate pairs, found by a join in
the ledger (so memory stays flat however many articles there are, and the Spark runner can do the same
join on DataFrames). Candidates are confirmed by their estimated Jaccard similarity, then grouped.

Recomputed over the whole ledger after each ingest, so the answer depends only on which articles are in
the ledger, never on the order they arrived in or on an interrupted run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from newsledger.config import DedupSettings
from newsledger.link.fingerprint import signature_similarity
from newsledger.records import DuplicateLink

# Members of a small bucket are compared pairwise. A big bucket (boilerplate bodies, a story syndicated
# hundreds of times) would make its members' pairs grow with the square of its size, so each member is
# compared with the bucket's first article only: groups are joined transitively afterwards, so a copy is
# still found as long as it resembles that article. The distinct pairs are kept in a temporary table,
# numbered into chunks of PAIRS_PER_CHUNK.
CANDIDATE_PAIRS_SQL = """
CREATE OR REPLACE TEMP TABLE _candidate_pairs AS
WITH buckets AS (
    SELECT band, bucket, count(*) AS size, min(article_id) AS first
    FROM minhash_bands GROUP BY band, bucket HAVING count(*) > 1
), pairs AS (
    SELECT DISTINCT first, second FROM (
        SELECT a.article_id AS first, b.article_id AS second
        FROM buckets k
        JOIN minhash_bands a ON a.band = k.band AND a.bucket = k.bucket
        JOIN minhash_bands b ON b.band = k.band AND b.bucket = k.bucket AND a.article_id < b.article_id
        WHERE k.size <= $pairwise_bucket
        UNION ALL
        SELECT k.first, m.article_id
        FROM buckets k JOIN minhash_bands m ON m.band = k.band AND m.bucket = k.bucket
        WHERE k.size > $pairwise_bucket AND m.article_id <> k.first
    )
)
SELECT first, second, (row_number() OVER (ORDER BY first, second) - 1) // $pairs_per_chunk AS chunk
FROM pairs
"""
# Buckets up to this size are compared pairwise (at most 190 pairs each).
PAIRWISE_BUCKET = 20
# The two 1 KB signatures of each pair are joined a chunk of pairs at a time. Joined all at once, the
# join's hash tables hold every article's signature, twice: memory that grows with the corpus, and past
# the ledger's memory limit (about 100,000 articles at 256 MB) the query fails.
PAIRS_PER_CHUNK = 20_000
_ROWS_PER_BATCH = 10_000

PAIR_SIGNATURES_SQL = """
SELECT p.first, p.second, ma.signature, mb.signature
FROM (SELECT first, second FROM {pairs} WHERE chunk = {chunk}) p
JOIN article_minhash ma ON ma.article_id = p.first
JOIN article_minhash mb ON mb.article_id = p.second
"""

ORDER_SQL = """
SELECT a.id, coalesce(CAST(a.published AS VARCHAR), '9999'), a.origin
FROM articles a JOIN _group_members m ON m.id = a.id
"""


@dataclass(frozen=True, slots=True)
class SimilarPair:
    first: str
    second: str
    similarity: float


def similar_pairs(
    con: duckdb.DuckDBPyConnection, settings: DedupSettings, pairs_per_chunk: int = PAIRS_PER_CHUNK
) -> Iterator[SimilarPair]:
    """Pairs of articles whose estimated similarity reaches the threshold (each pair once)."""
    con.execute(
        CANDIDATE_PAIRS_SQL.replace("$pairwise_bucket", str(PAIRWISE_BUCKET)).replace(
            "$pairs_per_chunk", str(pairs_per_chunk)
        )
    )
    try:
        for first, second, similarity in _similarities(con, "_candidate_pairs"):
            if similarity >= settings.duplicate_similarity:
                yield SimilarPair(first, second, similarity)
    finally:
        con.execute("DROP TABLE IF EXISTS _candidate_pairs")


def find_duplicates(
    con: duckdb.DuckDBPyConnection, settings: DedupSettings, pairs_per_chunk: int = PAIRS_PER_CHUNK
) -> list[DuplicateLink]:
    """Group near-copies; every member of a group points at the group's earliest article.

    The candidate pairs are streamed, never held: a corpus of many near-copies has millions of them.
    What is kept is the groups (one entry per article that has a copy).
    """
    pairs = similar_pairs(con, settings, pairs_per_chunk)
    groups: dict[str, list[str]] = {}
    for node, component in components((pair.first, pair.second) for pair in pairs).items():
        groups.setdefault(component, []).append(node)
    members = pa.table({"id": [m for group in groups.values() for m in group]})
    con.register("_group_members", members)
    try:
        order = {row[0]: (row[1], row[2], row[0]) for row in con.execute(ORDER_SQL).fetchall()}
    finally:
        con.unregister("_group_members")
    copies: list[tuple[str, str]] = []
    for group in groups.values():
        original = min(group, key=order.__getitem__)
        copies.extend((member, original) for member in group if member != original)
    # A member may be linked to its original only through other members: its similarity to the
    # original itself is computed here, for every member alike.
    pairs = pa.table(
        {
            "first": [member for member, _ in copies],
            "second": [original for _, original in copies],
            "chunk": [i // pairs_per_chunk for i in range(len(copies))],
        }
    )
    con.register("_copy_pairs", pairs)
    try:
        links = [
            DuplicateLink(member, original, round(similarity, 4))
            for member, original, similarity in _similarities(con, "_copy_pairs")
        ]
    finally:
        con.unregister("_copy_pairs")
    return sorted(links, key=lambda link: link.article_id)


def components(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """node → the smallest node joined to it through the pairs (union-find with path halving).

    The Spark runner joins graphs small enough for the driver with it too (spark/graph.py).
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in pairs:
        root_a, root_b = root(a), root(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    return {node: root(node) for node in parent}


def _similarities(con: duckdb.DuckDBPyConnection, pairs: str) -> Iterator[tuple[str, str, float]]:
    """(first, second, estimated similarity) for every row of the table `pairs` (first, second, chunk).

    Rows are streamed in Arrow batches: `execute` would materialise a whole chunk's result first.
    """
    chunks = con.execute(f"SELECT max(chunk) FROM {pairs}").fetchone()
    for chunk in range(0 if chunks is None or chunks[0] is None else chunks[0] + 1):
        relation = con.sql(PAIR_SIGNATURES_SQL.format(pairs=pairs, chunk=chunk))
        for batch in relation.to_arrow_reader(_ROWS_PER_BATCH):
            first, second = batch.column(0).to_pylist(), batch.column(1).to_pylist()
            left, right = batch.column(2).to_pylist(), batch.column(3).to_pylist()
            for i, (a, b) in enumerate(zip(left, right, strict=True)):
                yield (
                    first[i],
                    second[i],
                    signature_similarity(np.frombuffer(a, "<u8"), np.frombuffer(b, "<u8")),
                )
