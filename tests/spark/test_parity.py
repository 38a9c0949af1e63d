"""Parity: the sample corpus through the local runner and through Spark in local[2] gives the same ledger.

The corpus is the bundled sample plus inputs that must be rejected or skipped (a binary file, a bad JSONL
line, an HTML page without an article, a second copy of a page). Compared: every export table row by row
and its Parquet schema, then every table of the ledger `newsledger load` builds from the Spark output.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from pyspark.sql import SparkSession

from newsledger.config import Settings
from newsledger.runner import relink
from newsledger.spark.job import SparkSummary, run_spark_job
from newsledger.store import Ledger
from newsledger.store.export import EXPORT_TABLES
from newsledger.store.parquet import load_parquet_folder
from newsledger.store.search import has_search_index
from tests.conftest import CORPUS, REPO

pytestmark = pytest.mark.slow

OUTLETS = REPO / "examples" / "outlets.toml"
Built = tuple[Path, SparkSummary]  # the Spark output folder and the job's summary

# Every ledger table and the columns to compare (all but the time a row was written).
LEDGER_TABLES = {
    "documents": "id, origin, media_type, url, fetched_at, text",
    "articles": "*",
    "removed_lines": "*",
    "article_minhash": "*",
    "minhash_bands": "*",
    "paragraphs": "*",
    "duplicates": "*",
    "reused_paragraphs": "*",
    "mentions": "*",
    "incidents": "*",
    "claims": "*",
    "comparisons": "*",
    "events": "*",
    "rejections": "origin, reason, document_id",
    "event_changes": "*",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parity") / "corpus"
    shutil.copytree(CORPUS, folder)
    extra = folder / "zz-extra"
    extra.mkdir()
    (extra / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (extra / "again.txt").write_bytes((CORPUS / "nc_pskov_paratroopers.txt").read_bytes())
    (extra / "empty.html").write_text("<html><body><nav>Home | News</nav></body></html>")
    lines = [json.dumps({"text": "Too short to be an article."}), "{not json", ""]
    (extra / "lines.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    return folder


@pytest.fixture(scope="module")
def local(corpus: Path) -> Path:
    """The local runner's ledger and Parquet export, built in a child process (it forks workers)."""
    work = corpus.parent / "local"
    work.mkdir()
    for args in (
        ["ingest", str(corpus), "--outlets", str(OUTLETS), "--db", "l.duckdb", "--workers", "2", "-q"],
        ["export", "--db", "l.duckdb", "--out", "export", "--format", "parquet"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "newsledger", *args], cwd=work, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr
    return work


@pytest.fixture(scope="module")
def built(spark: SparkSession, corpus: Path) -> Built:
    out = corpus.parent / "spark-out"
    settings = Settings.load().with_overrides(extra_outlets=[OUTLETS])
    return out, run_spark_job(spark, [str(corpus)], str(out), settings)


@pytest.mark.parametrize("table", list(EXPORT_TABLES))
def test_every_export_table_is_the_local_one(local: Path, built: Built, table: str) -> None:
    expected = pq.read_table(local / "export" / f"{table}.parquet")
    got = ds.dataset(built[0] / table, format="parquet").to_table()
    assert got.schema.equals(expected.schema, check_metadata=False), f"{got.schema}\n!=\n{expected.schema}"
    assert got.num_rows == expected.num_rows
    assert got.to_pylist() == expected.to_pylist()  # same rows, same order


def test_the_corpus_exercises_every_table(local: Path) -> None:
    with duckdb.connect(str(local / "l.duckdb"), read_only=True) as con:
        for table in ("duplicates", "reused_paragraphs", "incidents", "claims", "events", "comparisons"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table  # type: ignore[index]
        rejections = {
            row[0].rsplit("/", 1)[-1] for row in con.execute("SELECT origin FROM rejections").fetchall()
        }
    assert rejections == {"broken.txt", "empty.html", "lines.jsonl.gz#1", "lines.jsonl.gz#2"}


def test_summary_counts_what_the_local_runner_counts(local: Path, built: Built) -> None:
    summary = built[1]
    with duckdb.connect(str(local / "l.duckdb"), read_only=True) as con:
        run = con.execute("SELECT documents, articles, rejected, skipped FROM runs").fetchone()
    assert run is not None
    documents, articles, rejected, skipped = run
    assert (
        (summary.articles, summary.rejected, summary.skipped) == (articles, rejected, skipped) == (40, 4, 1)
    )
    # Documents read once each: the articles, the empty page and the too short JSONL line.
    assert summary.documents == documents == 42


def test_loaded_ledger_holds_the_local_ledger(local: Path, built: Built) -> None:
    db = built[0].parent / "loaded.duckdb"
    load_parquet_folder(built[0], db)
    with (
        Ledger.open(db, read_only=True) as loaded,
        Ledger.open(local / "l.duckdb", read_only=True) as expected,
    ):
        for table, columns in LEDGER_TABLES.items():
            query = f"SELECT {columns} FROM {table} ORDER BY ALL"
            assert loaded.con.execute(query).fetchall() == expected.con.execute(query).fetchall(), table
        assert has_search_index(loaded.con)  # `serve` searches it, as after an ingest


def test_a_loaded_ledger_relinks_to_the_same_links(built: Built) -> None:
    """The loaded signatures, band buckets and paragraph keys give back what Spark found (a later
    `ingest` into the loaded ledger recomputes the links from them), and every event keeps its id."""
    db = built[0].parent / "relinked.duckdb"
    load_parquet_folder(built[0], db)
    queries = ["SELECT * FROM duplicates ORDER BY ALL", "SELECT * FROM reused_paragraphs ORDER BY ALL",
               "SELECT * FROM events ORDER BY ALL", "SELECT * FROM comparisons ORDER BY ALL"]  # fmt: skip
    with Ledger.open(db) as ledger:
        before = [ledger.con.execute(q).fetchall() for q in queries]
        relink(ledger, Settings.load())
        assert [ledger.con.execute(q).fetchall() for q in queries] == before
        assert ledger.con.execute("SELECT count(*) FROM event_changes").fetchone() == (0,)


def test_load_refuses_a_ledger_that_holds_documents(local: Path, built: Built) -> None:
    from newsledger.errors import LedgerError

    held = built[0].parent / "held.duckdb"
    shutil.copy(local / "l.duckdb", held)
    with pytest.raises(LedgerError, match="already holds 42 documents"):
        load_parquet_folder(built[0], held)
    assert held.exists()
