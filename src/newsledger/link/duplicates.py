"""Fingerprints of every article in the ledger → near-duplicate links (banded MinHash LSH).

Each signature is cut into bands; articles sharing a band bucket are candidate pairs, found by a join in
the ledger (so memory stays flat however many articles there are, and the Spark runner can do the same
join on DataFrames). Candidates are confirmed by their estimated Jaccard similarity, then grouped.

Recomputed over the whole ledger after each ingest, so the answer depends only on which articles are in
the ledger, never on the order they arrived in or on an interrupted run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import duckdb
import numpy as np
import pyarrow as pa

from newsledger.config import DedupSettings
from newsledger.duck import append
from newsledger.link.graph import connected_components
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

# Groups of near-copies are connected components of the similar pairs (link/graph.py); the original of a
# group is its earliest published article (then the smallest origin, then id), and every other member is
# paired with it, numbered into chunks like the candidates.
COPY_PAIRS_SQL = """
CREATE OR REPLACE TEMP TABLE _copy_pairs AS
WITH ranked AS (
    SELECT g.node, g.component,
           row_number() OVER (PARTITION BY g.component
                              ORDER BY coalesce(CAST(a.published AS VARCHAR), '9999'), a.origin, a.id) AS rank
    FROM _near_copy_groups g JOIN articles a ON a.id = g.node
), originals AS (SELECT component, node AS original FROM ranked WHERE rank = 1)
SELECT r.node AS first, o.original AS second,
       (row_number() OVER (ORDER BY r.node) - 1) // $pairs_per_chunk AS chunk
FROM ranked r JOIN originals o USING (component)
WHERE r.rank > 1
"""
# The result of `link_duplicates`: a temp table of the ledger connection, read by Ledger.replace_links.
DUPLICATE_LINKS = "_duplicate_links"


def link_duplicates(
    con: duckdb.DuckDBPyConnection, settings: DedupSettings, pairs_per_chunk: int = PAIRS_PER_CHUNK
) -> int:
    """Group near-copies into the temp table DUPLICATE_LINKS (article_id, duplicate_of, similarity):
    every member of a group points at the group's earliest article. Returns the number of links.

    Python holds one chunk of pairs at a time, never the groups: candidates are confirmed a chunk at a
    time into a temp table, grouped in SQL, and each member's similarity to its original is computed a
    chunk at a time too. A corpus of many near-copies has millions of candidate pairs, and groups with
    an entry for nearly every article.
    """
    con.execute("CREATE OR REPLACE TEMP TABLE _similar_pairs (first VARCHAR, second VARCHAR)")
    con.execute(
        CANDIDATE_PAIRS_SQL.replace("$pairwise_bucket", str(PAIRWISE_BUCKET)).replace(
            "$pairs_per_chunk", str(pairs_per_chunk)
        )
    )
    try:
        for first, second, similarity in _chunk_similarities(con, "_candidate_pairs"):
            similar = pa.array(similarity >= settings.duplicate_similarity)
            append(con, "_similar_pairs", {"first": first.filter(similar), "second": second.filter(similar)})
        con.execute("DROP TABLE _candidate_pairs")
        connected_components(con, "_similar_pairs", "_near_copy_groups")
        con.execute(COPY_PAIRS_SQL.replace("$pairs_per_chunk", str(pairs_per_chunk)))
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {DUPLICATE_LINKS} "
            "(article_id VARCHAR, duplicate_of VARCHAR, similarity DOUBLE)"
        )
        # A member may be linked to its original only through other members: its similarity to the
        # original itself is computed here, for every member alike.
        for member, original, similarity in _chunk_similarities(con, "_copy_pairs"):
            rounded = pa.array([round(value, 4) for value in similarity.tolist()], pa.float64())
            append(
                con, DUPLICATE_LINKS, {"article_id": member, "duplicate_of": original, "similarity": rounded}
            )
        count = con.execute(f"SELECT count(*) FROM {DUPLICATE_LINKS}").fetchone()
        return int(count[0]) if count else 0
    finally:
        for table in ("_candidate_pairs", "_similar_pairs", "_near_copy_groups", "_copy_pairs"):
            con.execute(f"DROP TABLE IF EXISTS {table}")


def find_duplicates(
    con: duckdb.DuckDBPyConnection, settings: DedupSettings, pairs_per_chunk: int = PAIRS_PER_CHUNK
) -> list[DuplicateLink]:
    """The near-duplicate links of `link_duplicates` as records, by article id (for small ledgers)."""
    link_duplicates(con, settings, pairs_per_chunk)
    try:
        rows = con.execute(f"SELECT * FROM {DUPLICATE_LINKS} ORDER BY article_id").fetchall()
    finally:
        con.execute(f"DROP TABLE IF EXISTS {DUPLICATE_LINKS}")
    return [DuplicateLink(*row) for row in rows]


def components(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """node → the smallest node joined to it through the pairs (union-find with path halving).

    It holds an entry per node: the Spark runner joins graphs small enough for its driver with it
    (spark/graph.py), while relinking a ledger groups in SQL (`link.graph.connected_components`, which
    gives the same components).
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


def _chunk_similarities(
    con: duckdb.DuckDBPyConnection, pairs: str
) -> Iterator[tuple[pa.Array, pa.Array, np.ndarray]]:
    """(first ids, second ids, estimated similarities) for the rows of the table `pairs` (first, second,
    chunk), one chunk at a time.

    A chunk's rows are streamed in Arrow batches (`execute` would materialise the signatures first) and
    only the ids and similarities are kept; the caller may run queries between chunks, not within one.
    """
    chunks = con.execute(f"SELECT max(chunk) FROM {pairs}").fetchone()
    for chunk in range(0 if chunks is None or chunks[0] is None else chunks[0] + 1):
        relation = con.sql(PAIR_SIGNATURES_SQL.format(pairs=pairs, chunk=chunk))
        firsts, seconds, similarities = [], [], []
        for batch in relation.to_arrow_reader(_ROWS_PER_BATCH):
            firsts.append(batch.column(0))
            seconds.append(batch.column(1))
            similarities.append(_similarities(batch.column(2), batch.column(3)))
        if firsts:
            yield (
                pa.concat_arrays(firsts),
                pa.concat_arrays(seconds),
                np.concatenate(similarities),
            )


def _similarities(left: pa.Array, right: pa.Array) -> np.ndarray:
    """Estimated similarity of each pair of signatures: `signature_similarity`, a batch at once."""
    a, b = _signature_rows(left), _signature_rows(right)
    return np.count_nonzero(a == b, axis=1) / a.shape[1]


def _signature_rows(signatures: pa.Array) -> np.ndarray:
    """The signatures of a binary column as the rows of a matrix of hash values, read from the Arrow
    buffer without a Python object per signature."""
    start = signatures.offset
    offsets = np.frombuffer(signatures.buffers()[1], np.int32)[start : start + len(signatures) + 1]
    lengths = np.diff(offsets)
    if signatures.null_count or (len(lengths) and (lengths != lengths[0]).any()):
        raise ValueError("article_minhash: missing signatures or signatures of different lengths")
    values = np.frombuffer(signatures.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
    return values.view("<u8").reshape(len(signatures), -1)
