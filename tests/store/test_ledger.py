"""The ledger file: schema creation and migration, refusal of foreign or newer files, atomic writes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from newsledger.errors import LedgerError
from newsledger.records import Article, Document, DocumentResult, Fingerprint, Rejection, RemovedLine
from newsledger.store import Ledger
from newsledger.store.schema import MIGRATIONS


def result(doc_id: str, body: str = "A regiment refused to fight.") -> DocumentResult:
    document = Document(
        id=doc_id, origin=f"pages/{doc_id}.txt", media_type="text/plain", text="Menu\n" + body
    )
    article = Article(
        id=doc_id,
        document_id=doc_id,
        origin=document.origin,
        url=None,
        outlet="baltic-wire",
        title="T",
        byline=None,
        published=date(2022, 9, 12),
        page_date=None,
        body=body,
        removed=[RemovedLine(0, "Menu", "navigation or section label")],
    )
    fingerprint = Fingerprint(minhash=b"\x00" * 8, bands=[1, 2], paragraph_keys=[1], paragraph_words=[5])
    return DocumentResult(document, article, None, fingerprint, "baltic-wire")


def test_new_ledger_gets_the_latest_schema_and_reopens_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "l.duckdb"
    with Ledger.open(path) as ledger:
        assert ledger.schema_version() == len(MIGRATIONS)
        ledger.write_results([result("a1")])
    with Ledger.open(path, read_only=True) as ledger:
        assert ledger.schema_version() == len(MIGRATIONS)
        assert ledger.con.execute("SELECT id FROM documents").fetchall() == [("a1",)]


def test_ledger_from_a_newer_newsledger_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "l.duckdb"
    Ledger.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(LedgerError, match=r"newer newsledger \(schema 99 > \d+\): upgrade newsledger"):
        Ledger.open(path)


def test_foreign_duckdb_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE sales (x INTEGER)")
    con.close()
    with pytest.raises(LedgerError, match="not a newsledger ledger"):
        Ledger.open(path)


def test_file_that_is_not_duckdb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("hello")
    with pytest.raises(LedgerError, match=r"notes\.duckdb"):
        Ledger.open(path)


def test_read_only_open_of_a_missing_ledger_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="newsledger ingest"):
        Ledger.open(tmp_path / "missing.duckdb", read_only=True)


def test_a_batch_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        ledger.write_results([result("a1")])
        # The second batch repeats a1, which violates the primary key half-way through the batch.
        with pytest.raises(duckdb.ConstraintException):
            ledger.write_results([result("b2"), result("a1")])
        assert ledger.con.execute("SELECT id FROM documents").fetchall() == [("a1",)]
        for table in ("articles", "removed_lines", "paragraphs", "article_minhash"):
            count = ledger.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert count == (1,), table


def test_rejections_are_kept_once_per_origin(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        ledger.write_read_rejections([Rejection("x.txt", "empty file")])
        ledger.write_read_rejections([Rejection("x.txt", "empty file"), Rejection("y.txt", "binary file")])
        rows = ledger.con.execute("SELECT origin, reason FROM rejections ORDER BY origin").fetchall()
    assert rows == [("x.txt", "empty file"), ("y.txt", "binary file")]


def test_new_documents_are_those_not_in_the_ledger_each_id_once_in_order(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        ledger.write_results([result("a1")])
        stored, b2, c3 = result("a1").document, result("b2").document, result("c3").document
        assert [d.id for d in ledger.new_documents([c3, stored, b2, c3, b2])] == ["c3", "b2"]
        assert ledger.new_documents([stored]) == []
        assert ledger.new_documents([]) == []
