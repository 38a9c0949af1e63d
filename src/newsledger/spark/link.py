"""The corpus half on DataFrames: near-duplicates, reused paragraphs, copy pairs and claim comparisons.

Each is the local runner's computation (link/duplicates.py, the reused-paragraph SQL of store/ledger.py,
link/comparisons.py) with the same rules and tie-breaks, so both runners give the same rows:
- near-duplicates: a self-join of the LSH band buckets (pairwise in buckets of up to PAIRWISE_BUCKET
  articles, a star around the bucket's smallest id in bigger ones), candidates kept when their share of
  equal signature values reaches the threshold, connected components of those pairs, and in each group
  the earliest published article (then origin, then id) as the original;
- reused paragraphs: the first article (published, origin, id, paragraph order) that carries a paragraph
  of at least `reuse_min_words` words is its source;
- comparisons: figures grouped by scope, each group judged by `compare_figures`.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema

from newsledger.config import DedupSettings
from newsledger.link.comparisons import compare_figures, figures_from_rows
from newsledger.link.duplicates import PAIRWISE_BUCKET
from newsledger.link.fingerprint import signature_similarity
from newsledger.spark.graph import Checkpoint, connected_components
from newsledger.store.parquet import ledger_schema

# Signatures up to this size in all (65,000 articles of 128 values) are sent once to every task comparing
# candidate pairs, rather than shuffled twice per pair.
BROADCAST_SIGNATURES_BYTES = 64 * 1024 * 1024
_SIMILAR_SCHEMA = pa.schema([("first", pa.string()), ("second", pa.string())])
_DUPLICATES_SCHEMA = pa.schema(
    [("article_id", pa.string()), ("duplicate_of", pa.string()), ("similarity", pa.float64())]
)


def find_duplicates(
    articles: DataFrame,
    minhash: DataFrame,
    bands: DataFrame,
    settings: DedupSettings,
    checkpoint: Checkpoint,
    articles_count: int,
) -> DataFrame:
    """(article_id, duplicate_of, similarity) for every near-copy, as link/duplicates.py finds them.

    Each candidate pair needs both signatures (num_perm × 8 bytes each). When all signatures fit in
    BROADCAST_SIGNATURES_BYTES they are sent to every task once, instead of shuffling two per pair.
    """
    # Each band row with its bucket's size and smallest article: one shuffle by bucket (an aggregate
    # joined back to the rows would shuffle the rows twice), which the pairwise self-join below reuses.
    bucket = Window.partitionBy("band", "bucket")
    members = bands.select(
        "band",
        "bucket",
        "article_id",
        F.count("*").over(bucket).alias("size"),
        F.min("article_id").over(bucket).alias("first"),
    ).where(F.col("size") > 1)
    small = members.where(F.col("size") <= PAIRWISE_BUCKET).select("band", "bucket", "article_id")
    pairwise = (
        small.alias("a")
        .join(
            small.alias("b"),
            (F.col("a.band") == F.col("b.band"))
            & (F.col("a.bucket") == F.col("b.bucket"))
            & (F.col("a.article_id") < F.col("b.article_id")),
        )
        .select(F.col("a.article_id").alias("first"), F.col("b.article_id").alias("second"))
    )
    star = members.where((F.col("size") > PAIRWISE_BUCKET) & (F.col("article_id") != F.col("first")))
    pairs = pairwise.union(star.select("first", F.col("article_id").alias("second"))).distinct()
    signatures = minhash.select("article_id", "signature")
    if articles_count * settings.num_perm * 8 <= BROADCAST_SIGNATURES_BYTES:
        signatures = F.broadcast(signatures)
    similar = _with_signatures(pairs, signatures, "first", "second").mapInArrow(
        lambda batches: _similar(batches, settings.duplicate_similarity), from_arrow_schema(_SIMILAR_SCHEMA)
    )
    groups = connected_components(similar, checkpoint, "first", "second")
    placed = groups.join(
        articles.select(F.col("id").alias("node"), "published", "origin"), "node"
    ).withColumn(
        "rank",
        F.row_number().over(
            # link/duplicates.py orders by the date as text, unknown ('9999') last, then origin, then id.
            Window.partitionBy("component").orderBy(F.col("published").asc_nulls_last(), "origin", "node")
        ),
    )
    originals = placed.where(F.col("rank") == 1).select("component", F.col("node").alias("original"))
    links = (
        placed.join(originals, "component")
        .where(F.col("node") != F.col("original"))
        .select(F.col("node").alias("article_id"), F.col("original").alias("duplicate_of"))
    )
    links = _with_signatures(links, signatures, "article_id", "duplicate_of")
    return links.mapInArrow(_rounded_similarity, from_arrow_schema(_DUPLICATES_SCHEMA))


def reused_paragraphs(articles: DataFrame, paragraphs: DataFrame, min_words: int) -> DataFrame:
    """(article_id, paragraph, source_article_id, source_paragraph), as the ledger's SQL computes them."""
    carried = paragraphs.where(F.col("words") >= min_words).join(
        articles.select(F.col("id").alias("article_id"), "published", "origin"), "article_id"
    )
    order = F.struct(
        F.col("published").isNull(), "published", "origin", "article_id", "paragraph"
    )  # published NULLS LAST, then origin, id, paragraph
    sources = carried.groupBy("key").agg(F.min_by(F.struct("article_id", "paragraph"), order).alias("source"))
    return (
        carried.join(sources, "key")
        .where(F.col("article_id") != F.col("source.article_id"))
        .select(
            "article_id",
            "paragraph",
            F.col("source.article_id").alias("source_article_id"),
            F.col("source.paragraph").alias("source_paragraph"),
        )
    )


def copy_pairs(duplicates: DataFrame, reused: DataFrame) -> DataFrame:
    """(a, b): one article copies the other; what events count as one source (as UNIT_COPIES_SQL in
    link/events.py)."""
    return (
        duplicates.select(F.col("article_id").alias("a"), F.col("duplicate_of").alias("b"))
        .union(reused.select(F.col("article_id").alias("a"), F.col("source_article_id").alias("b")))
        .distinct()
    )


def compare_claims(claims: DataFrame, articles: DataFrame) -> DataFrame:
    """Rows of the ledger's `comparisons` table, as link/comparisons.compare_claims makes them."""
    figures = (
        claims.join(articles.select(F.col("id").alias("article_id"), "published"), "article_id")
        .select("id", F.posexplode("quantities").alias("position", "q"), "as_of", "published")
        .where(
            F.col("q.min").isNotNull()
            & F.col("q.category").isNotNull()
            & F.col("q.scope").isNotNull()
            & (F.coalesce(F.col("q.unit"), F.lit("")) != "sq mi")
        )
        .select(  # the columns of CLAIM_FIGURES_SQL, in its order, and the order key
            F.col("id").alias("claim_id"),
            F.col("q.category").alias("category"),
            F.col("q.scope").alias("scope"),
            F.col("q.min").alias("min"),
            F.col("q.max").alias("max"),
            F.col("q.unit").alias("unit"),
            F.coalesce("as_of", "published").alias("as_of"),
            "position",
        )
    )
    schema = ledger_schema("comparisons")
    return figures.groupBy("scope").applyInArrow(
        lambda table: _compare_scope(table, schema), from_arrow_schema(schema)
    )


def _compare_scope(table: pa.Table, schema: pa.Schema) -> pa.Table:
    rows = sorted(table.to_pylist(), key=lambda row: (row["claim_id"], row["position"]))
    columns = ("claim_id", "category", "scope", "min", "max", "unit", "as_of")
    comparisons = compare_figures(figures_from_rows([tuple(row[c] for c in columns) for row in rows]))
    return pa.Table.from_pylist(
        [
            {"id": c.id, "subject": c.subject, "category": c.category, "scope": c.scope,
             "claim_ids": list(c.claim_ids), "verdict": c.verdict, "reason": c.reason}
            for c in comparisons
        ],
        schema=schema,
    )  # fmt: skip


def _with_signatures(pairs: DataFrame, signatures: DataFrame, left: str, right: str) -> DataFrame:
    for side in (left, right):
        pairs = pairs.join(
            signatures.select(F.col("article_id").alias(side), F.col("signature").alias(f"{side}_signature")),
            side,
        )
    return pairs


def _similar(batches: Iterator[pa.RecordBatch], threshold: float) -> Iterator[pa.RecordBatch]:
    """The candidate pairs whose signatures agree on at least `threshold` of their values.

    The shares are signature_similarity's (equal values / values), computed for a whole batch at once on
    the signatures' bytes as laid out in the Arrow buffer.
    """
    for batch in batches:
        share = _equal_shares(batch.column("first_signature"), batch.column("second_signature"))
        keep = pa.array(share >= threshold)
        yield pa.RecordBatch.from_arrays(
            [batch.column("first").filter(keep), batch.column("second").filter(keep)],
            schema=_SIMILAR_SCHEMA,
        )


def _equal_shares(first: pa.Array, second: pa.Array) -> np.ndarray:
    a, b = _signature_matrix(first), _signature_matrix(second)
    if a is None or b is None or a.shape != b.shape:  # signatures of unequal lengths: one pair at a time
        pairs = zip(first.to_pylist(), second.to_pylist(), strict=True)
        return np.array(
            [signature_similarity(np.frombuffer(x, "<u8"), np.frombuffer(y, "<u8")) for x, y in pairs],
            dtype=np.float64,
        )
    return np.count_nonzero(a == b, axis=1) / a.shape[1]


def _signature_matrix(column: pa.Array) -> np.ndarray | None:
    """The signatures of a binary column as one (rows, values) array of uint64, when all are as long."""
    if not pa.types.is_binary(column.type):  # e.g. large_binary, with 64-bit offsets
        return None
    if len(column) == 0:
        return np.zeros((0, 1), dtype="<u8")
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32)[
        column.offset : column.offset + len(column) + 1
    ]
    lengths = np.diff(offsets)
    if column.null_count or lengths.min() != lengths.max() or lengths[0] % 8:
        return None
    data = np.frombuffer(column.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    return data.view("<u8").reshape(len(column), lengths[0] // 8)


def _rounded_similarity(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The similarity stored for a link, computed and rounded by the very code link/duplicates.py uses."""
    for batch in batches:
        first, second = batch.column("article_id_signature"), batch.column("duplicate_of_signature")
        similarity = [
            round(signature_similarity(np.frombuffer(a, "<u8"), np.frombuffer(b, "<u8")), 4)
            for a, b in zip(first.to_pylist(), second.to_pylist(), strict=True)
        ]
        yield pa.RecordBatch.from_arrays(
            [batch.column("article_id"), batch.column("duplicate_of"), pa.array(similarity, pa.float64())],
            schema=_DUPLICATES_SCHEMA,
        )
