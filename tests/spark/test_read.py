"""Reading inputs on Spark: the driver's plan, Parquet rows read as JSONL lines, the first copy kept."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyspark.sql import SparkSession

from newsledger.errors import InputError
from newsledger.ingest import read_inputs
from newsledger.records import Document, Rejection
from newsledger.spark.read import (
    DOCUMENT_FIELDS,
    documents_from_arrow,
    first_of_each_content,
    plan_inputs,
    read_documents,
)

pytestmark = pytest.mark.slow

ROWS = [
    {"html": None, "text": "A plain page about a unit that refused to go back to the front.",
     "url": "https://a.example/1", "title": "Refusal", "published": "2022-11-08", "outlet": "kyiv-ledger"},
    {"html": "<html><body><p>Sailors wrote a letter to the governor about their losses.</p></body></html>",
     "text": None, "url": None, "title": None, "published": None, "outlet": None},
    {"html": None, "text": "   ", "url": "https://a.example/3", "title": None, "published": None,
     "outlet": None},
]  # fmt: skip


def _collect(spark: SparkSession, inputs: list[str]) -> list[Document | Rejection]:
    rows = read_documents(spark, plan_inputs(inputs), 20_000_000, 2).orderBy("file_index", "file", "member")
    items: list[Document | Rejection] = []
    for row in rows.collect():
        if row["reason"] is not None:
            items.append(Rejection(row["origin"], row["reason"]))
        else:
            items.append(Document(**{name: row[name] for name in DOCUMENT_FIELDS}))
    return items


def test_parquet_rows_are_read_as_ingest_reads_them(spark: SparkSession, tmp_path: Path) -> None:
    pq.write_table(pa.Table.from_pylist(ROWS), tmp_path / "pages.parquet")
    (tmp_path / "pages.jsonl").write_text("".join(json.dumps(row) + "\n" for row in ROWS))
    on_spark = _collect(spark, [str(tmp_path / "pages.parquet")])
    assert on_spark == list(read_inputs([str(tmp_path / "pages.parquet")]))
    assert [type(item) for item in on_spark] == [Document, Document, Rejection]
    # A row is a JSONL line: the same documents, ids included.
    from_jsonl = list(read_inputs([str(tmp_path / "pages.jsonl")]))
    for got, expected in zip(on_spark[:2], from_jsonl[:2], strict=True):
        assert got.origin == expected.origin.replace("pages.jsonl", "pages.parquet")
        assert replace(got, origin=expected.origin) == expected


def test_a_parquet_file_without_text_is_one_rejection(spark: SparkSession, tmp_path: Path) -> None:
    pq.write_table(pa.table({"url": ["https://a.example/1"], "body": ["words"]}), tmp_path / "odd.parquet")
    (item,) = _collect(spark, [str(tmp_path)])
    assert item == Rejection(str(tmp_path / "odd.parquet"), "Parquet file without a 'text' or 'html' column")


def test_the_plan_walks_folders_as_the_local_runner(tmp_path: Path) -> None:
    for name in ("b/2.txt", "b/1.txt", "a.txt", ".hidden/x.txt", "b/.y.txt", "c/_under.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("A page of text long enough.\n")
    plan = plan_inputs([str(tmp_path)])
    assert plan.files == [str(tmp_path / name) for name in ("a.txt", "b/1.txt", "b/2.txt", "c/_under.txt")]
    assert plan.files == [item.origin for item in read_inputs([str(tmp_path)])]


@pytest.mark.parametrize(
    ("given", "message"),
    [("-", "cannot read standard input"), ("/no/such/pages", "no such file or folder")],
)
def test_inputs_spark_cannot_read_are_named(given: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        plan_inputs([given])


def test_the_first_copy_in_input_order_is_kept(spark: SparkSession, tmp_path: Path) -> None:
    page = "The same syndicated story, word for word, on two sites.\n"
    for name in ("a/copy.txt", "b/copy.txt", "c/copy.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(page)
    rows = read_documents(
        spark, plan_inputs([str(tmp_path / "c"), str(tmp_path / "a"), str(tmp_path / "b")]), 1000, 3
    )
    (kept,) = documents_from_arrow(
        pa.Table.from_pylist([r.asDict() for r in first_of_each_content(rows, 2).collect()])
    )
    assert kept.origin == str(tmp_path / "c" / "copy.txt")


def test_a_parquet_uri_is_read_by_spark_with_the_same_documents(spark: SparkSession, tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    pq.write_table(pa.Table.from_pylist(ROWS), tmp_path / "crawl" / "part-0.parquet")
    by_spark = _collect(spark, [(tmp_path / "crawl").as_uri()])
    by_executors = _collect(spark, [str(tmp_path / "crawl" / "part-0.parquet")])
    assert [type(item) for item in by_spark] == [Document, Document, Rejection]
    for got, expected in zip(by_spark, by_executors, strict=True):
        assert got.origin.endswith("crawl/part-0.parquet" + expected.origin[-2:])  # the file's URI, #row
        assert replace(got, origin=expected.origin) == expected


def test_a_uri_that_is_not_parquet_is_named(spark: SparkSession, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be read as Parquet"):
        _collect(spark, [(tmp_path / "missing").as_uri()])


def test_a_reading_task_packs_small_files_into_batches_of_bounded_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Many small files share a batch (one per file cost the JVM more than the reading), but a batch
    # closes before its text passes the cap, so a run of big files never piles up in one batch.
    from newsledger.spark import read

    monkeypatch.setattr(read, "_CHARS_PER_BATCH", 1000)
    sizes = [300, 300, 300, 300, 900, 50, 2500, 10]
    paths = []
    for index, size in enumerate(sizes):
        path = tmp_path / f"page{index}.txt"
        path.write_text(f"page {index} " + "x" * size)
        paths.append(str(path))
    (tmp_path / "empty.txt").write_text("")
    paths.insert(3, str(tmp_path / "empty.txt"))  # a rejection rides along in whatever batch is open
    listed = pa.record_batch({"file_index": list(range(len(paths))), "path": paths})
    batches = list(read._read_files(iter([listed]), 20_000_000))

    texts = [[len(t) for t in batch.column("text").to_pylist() if t is not None] for batch in batches]
    assert all(batch.num_rows for batch in batches)
    assert all(sum(batch) <= 1000 or len(batch) == 1 for batch in texts)
    assert [len(batch) for batch in texts] == [3, 1, 2, 1, 1]
    indexes = [i for batch in batches for i in batch.column("file_index").to_pylist()]
    assert indexes == list(range(len(paths)))  # every file, in order, the rejection included
