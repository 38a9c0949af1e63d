"""The served snapshot: refreshed after writes, held back while a writer has the ledger, never in the way.

Lock conflicts are between processes (DuckDB locks the file with fcntl), so the other side of each test
is a real second process.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsledger.errors import LedgerError
from newsledger.store import Ledger
from newsledger.store.ledger import LedgerBusy
from newsledger.web.app import create_app
from newsledger.web.snapshot import LedgerSnapshot
from tests.web.conftest import write_articles


def count_articles(snapshot: LedgerSnapshot) -> int:
    with snapshot.cursor() as con:
        row = con.execute("SELECT count(*) FROM articles").fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.duckdb"
    with Ledger.open(path) as ledger:
        write_articles(ledger, [("One", "The first article."), ("Two", "The second article.")])
    return path


def hold_ledger(path: Path, read_only: bool, seconds: float) -> subprocess.Popen[str]:
    """Another process that opens the ledger (writing: and writes a row), says so, and holds it."""
    write = "" if read_only else "con.execute(\"INSERT INTO meta VALUES ('held', 'yes')\");"
    code = (
        "import duckdb, sys, time;"
        f"con = duckdb.connect({str(path)!r}, read_only={read_only});{write}"
        "print('holding', flush=True); time.sleep(float(sys.argv[1]))"
    )
    process = subprocess.Popen([sys.executable, "-c", code, str(seconds)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "holding"
    return process


def test_a_refresh_after_a_write_serves_the_new_data_and_lets_old_readers_finish(ledger_file: Path) -> None:
    snapshot = LedgerSnapshot(ledger_file)
    try:
        assert snapshot.refresh() is False, "nothing changed"
        first = snapshot.taken_at
        with snapshot.cursor() as old_reader:
            with Ledger.open(ledger_file) as ledger:
                write_articles(ledger, [("Three", "A third article.")])
            assert snapshot.refresh() is True
            assert snapshot.taken_at > first
            assert old_reader.execute("SELECT count(*) FROM articles").fetchone() == (2,), "its own snapshot"
            assert count_articles(snapshot) == 3
            copies = sorted(p.name for p in snapshot._folder.glob("*.duckdb"))
            assert len(copies) == 2, "the old copy stays while it is read"
        assert len(list(snapshot._folder.glob("*.duckdb"))) == 1, "and goes when its last reader is done"
    finally:
        snapshot.close()
    assert not snapshot._folder.exists(), "close removes the private copies"


def test_while_a_writer_holds_the_ledger_the_old_snapshot_is_served(ledger_file: Path) -> None:
    snapshot = LedgerSnapshot(ledger_file)
    writer = hold_ledger(ledger_file, read_only=False, seconds=60)
    try:
        assert snapshot.refresh() is False, "a writer holds it: no new snapshot, no waiting"
        assert count_articles(snapshot) == 2
    finally:
        writer.kill()
        writer.wait()
    try:
        assert snapshot.refresh() is True, "released: the next check takes the new snapshot"
        with snapshot.cursor() as con:
            assert con.execute("SELECT value FROM meta WHERE key = 'held'").fetchone() == ("yes",)
    finally:
        snapshot.close()


def test_a_writer_waits_for_a_reader_then_fails_with_one_line(ledger_file: Path) -> None:
    reader = hold_ledger(ledger_file, read_only=True, seconds=60)
    try:
        started = time.monotonic()
        with pytest.raises(LedgerBusy) as busy:
            Ledger.open(ledger_file, lock_timeout=0.6)
        assert time.monotonic() - started >= 0.6
        message = str(busy.value)
        assert f"in use by another process (pid {reader.pid})" in message and "\n" not in message
        assert message.startswith(str(ledger_file)) and "waited" in message
    finally:
        reader.kill()
        reader.wait()
    brief = hold_ledger(ledger_file, read_only=True, seconds=1.0)
    started = time.monotonic()
    with Ledger.open(ledger_file, lock_timeout=30) as ledger:  # waits for the reader to let go
        assert ledger.con.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    assert time.monotonic() - started < 15
    brief.wait()


def test_a_reader_does_not_wait_for_a_writer_by_default(ledger_file: Path) -> None:
    writer = hold_ledger(ledger_file, read_only=False, seconds=60)
    try:
        started = time.monotonic()
        with pytest.raises(LedgerBusy, match="in use by another process"):
            Ledger.open(ledger_file, read_only=True)
        assert time.monotonic() - started < 5
    finally:
        writer.kill()
        writer.wait()


def test_the_app_refuses_a_missing_ledger_with_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match=r"no such ledger \(build one with `newsledger ingest"):
        create_app(tmp_path / "missing.duckdb")
    not_a_ledger = tmp_path / "notes.duckdb"
    not_a_ledger.write_text("not a database")
    with pytest.raises(LedgerError, match=r"notes\.duckdb"):
        create_app(not_a_ledger)
