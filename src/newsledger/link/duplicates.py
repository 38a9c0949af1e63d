"""Fingerprints of every article in the ledger → near-duplicate links (banded MinHash LSH).

Each signature is cut into bands; articles sharing a band bucket are candidate pairs, found by a join in
the ledger (so memory stays flat however many articles there are, and the Spark runner can do the same
join on DataFrames). Candidates are confirmed by their estimated Jaccard similarity, then grouped.

Recomputed over the whole ledger after each ingest, so the answer depends only on which articles are in
the ledger, never on the order they arrived in or on an interrupted run.
"""

from __future__ import annotations

from collections.abc import Iterable
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
# still found as long as it resembles that article. Pairs are made distinct before their two 1 KB
# signatures are joined.
CANDIDATE_PAIRS_SQL = """
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
SELECT pairs.first, pairs.second, ma.signature, mb.signature
FROM pairs
JOIN article_minhash ma ON ma.article_id = pairs.first
JOIN article_minhash mb ON mb.article_id = pairs.second
"""
# Buckets up to this size are compared pairwise (at most 190 pairs each).
PAIRWISE_BUCKET = 20

ORDER_SQL = """
SELECT a.id, coalesce(CAST(a.published AS VARCHAR), '9999'), a.origin
FROM articles a JOIN _group_members m ON m.id = a.id
"""


@dataclass(frozen=True, slots=True)
class SimilarPair:
    first: str
    second: str
    similarity: float


def similar_pairs(con: duckdb.DuckDBPyConnection, settings: DedupSettings) -> Iterable[SimilarPair]:
    """Pairs of articles whose estimated similarity reaches the threshold (each pair once)."""
    cursor = con.execute(CANDIDATE_PAIRS_SQL, {"pairwise_bucket": PAIRWISE_BUCKET})
    while rows := cursor.fetchmany(10_000):
        for first, second, a, b in rows:
            similarity = signature_similarity(np.frombuffer(a, "<u8"), np.frombuffer(b, "<u8"))
            if similarity >= settings.duplicate_similarity:
                yield SimilarPair(first, second, similarity)


def find_duplicates(con: duckdb.DuckDBPyConnection, settings: DedupSettings) -> list[DuplicateLink]:
    """Group near-copies; every member of a group points at the group's earliest article."""
    pairs = list(similar_pairs(con, settings))
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in pairs:
        a, b = root(pair.first), root(pair.second)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for node in list(parent):
        groups.setdefault(root(node), []).append(node)
    members = pa.table({"id": [m for group in groups.values() for m in group]})
    con.register("_group_members", members)
    try:
        order = {row[0]: (row[1], row[2], row[0]) for row in con.execute(ORDER_SQL).fetchall()}
    finally:
        con.unregister("_group_members")
    similarity = {(p.first, p.second): p.similarity for p in pairs}
    links = []
    for group in groups.values():
        original = min(group, key=order.__getitem__)
        for member in group:
            if member != original:
                links.append(DuplicateLink(member, original, _similarity(con, similarity, member, original)))
    return sorted(links, key=lambda link: link.article_id)


def _similarity(con: duckdb.DuckDBPyConnection, known: dict[tuple[str, str], float], a: str, b: str) -> float:
    """Similarity of a member to its group's original (computed when they were linked only via others)."""
    pair = (min(a, b), max(a, b))
    if pair in known:
        return round(known[pair], 4)
    rows = con.execute(
        "SELECT article_id, signature FROM article_minhash WHERE article_id IN (?, ?)", list(pair)
    ).fetchall()
    signatures = {row[0]: np.frombuffer(row[1], "<u8") for row in rows}
    return round(signature_similarity(signatures[a], signatures[b]), 4)
