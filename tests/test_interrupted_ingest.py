"""A crash (SIGKILL) or Ctrl-C (SIGINT) at any point of an ingest leaves a consistent ledger that a rerun
completes (issue #9, part 2).

`newsledger ingest` runs on a pseudo-terminal so that its progress bars show which phase it is in and how
many documents are committed; the test strikes at a phase (loading the model, right after the first batch
is committed, halfway through pass 2, while relinking), checks from the killed ledger that it really struck
there (retrying otherwise), checks that ledger holds only whole documents, reruns the same command, and
compares the finished ledger with the ledger of one uninterrupted run, table by table, row by row, ids
included.
"""

from __future__ import annotations

import os
import pty
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsledger.store import Ledger
from tests.conftest import load_bench

pytestmark = pytest.mark.slow

bench_ingest = load_bench("ingest")

PAGES = 200
BATCH = 10
# Tables that log runs rather than hold results: `runs` records the interrupted run itself, and
# `event_changes` the merges and splits seen by each relink (an interrupted run may relink twice).
LOG_TABLES = {"meta", "runs", "event_changes"}
Rows = dict[str, list[tuple[object, ...]]]  # table name → its rows, sorted
# When a row was written differs between two ingests of the same inputs; what was written must not.
TIMESTAMP_COLUMNS = {"ingested_at", "seen_at"}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    bench_ingest.build_pages(folder, PAGES)
    # Inputs that cannot be read are recorded too (the rejections table): they must survive a crash.
    (folder / "000" / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    (folder / "000" / "empty.html").write_bytes(b"")
    (folder.parent / "small-batches.toml").write_text(f"[ingest]\nbatch_size = {BATCH}\n")
    return folder


def _command(pages: Path, db: Path) -> list[str]:
    config = pages.parent / "small-batches.toml"
    return [sys.executable, "-m", "newsledger", "ingest", str(pages), "--db", str(db), "--workers", "2",
            "--config", str(config)]  # fmt: skip


def _run(pages: Path, db: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(_command(pages, db), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def ledger_rows(db: Path) -> Rows:
    """Every result table of the ledger, its rows sorted (a copy is opened: DuckDB replays the WAL)."""
    copy = db.parent / "inspect" / db.name
    copy.parent.mkdir(exist_ok=True)
    for source in (db, db.with_name(db.name + ".wal")):
        if source.exists():
            shutil.copy(source, copy.parent / source.name)
    rows = {}
    with Ledger.open(copy, read_only=True) as ledger:
        # The main schema: the full-text index (schema fts_main_articles) is derived from it, and is
        # rebuilt rather than compared.
        tables = [t for (t,) in ledger.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
        ).fetchall()]  # fmt: skip
        for table in sorted(set(tables) - LOG_TABLES):
            described = ledger.con.execute(f"SELECT * FROM main.{table} LIMIT 0").description
            columns = [column[0] for column in described if column[0] not in TIMESTAMP_COLUMNS]
            names = ", ".join(f'"{c}"' for c in columns)
            rows[table] = ledger.con.execute(f"SELECT {names} FROM main.{table} ORDER BY ALL").fetchall()
        rows["last run"] = ledger.con.execute("SELECT status FROM runs ORDER BY id DESC LIMIT 1").fetchall()
    shutil.rmtree(copy.parent)
    return rows


def assert_whole_documents(rows: Rows) -> None:
    """No half-written document: each is stored with all of its rows, or not at all."""
    documents = {row[0] for row in rows["documents"]}
    articles = {row[0] for row in rows["articles"]}
    rejected = {row[2] for row in rows["rejections"] if row[2] is not None}
    assert len(documents) == len(rows["documents"]), "a document stored twice"
    assert articles <= documents and rejected <= documents
    assert documents == articles | rejected, "a document without its article or its rejection"
    signatures = [row[0] for row in rows["article_minhash"]]
    assert sorted(signatures) == sorted(articles), "an article without its signature (or two)"
    for table in ("removed_lines", "paragraphs", "minhash_bands", "mentions", "incidents", "claims"):
        owners = {row[1] if table in {"incidents", "claims"} else row[0] for row in rows[table]}
        assert owners <= articles, f"{table} rows of an article that is not stored"
    bands = {}
    for row in rows["minhash_bands"]:
        bands[row[0]] = bands.get(row[0], 0) + 1
    assert len(set(bands.values())) <= 1 and set(bands) == articles, "an article with some of its bands"


@pytest.fixture(scope="module")
def uninterrupted(pages: Path, tmp_path_factory: pytest.TempPathFactory) -> Rows:
    db = tmp_path_factory.mktemp("whole") / "l.duckdb"
    _run(pages, db)
    rows = ledger_rows(db)
    assert len(rows["articles"]) > PAGES * 0.9
    assert rows["mentions"] and rows["incidents"], "the corpus exercises the language layer's tables too"
    assert len(rows["rejections"]) >= 2
    return rows


class Terminal:
    """`newsledger ingest` on a pseudo-terminal, in its own process group, with its output collected."""

    def __init__(self, command: list[str]) -> None:
        controller, terminal = pty.openpty()
        env = {**os.environ, "TERM": "xterm", "COLUMNS": "200"}
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=terminal,
            stderr=terminal,
            env=env,
            start_new_session=True,
        )
        os.close(terminal)
        self._controller = controller
        self._chunks: list[bytes] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._controller, 65536)
            except OSError:  # EIO: the process closed the terminal
                return
            if not chunk:
                return
            self._chunks.append(chunk)

    @property
    def output(self) -> str:
        text = b"".join(self._chunks).decode("utf-8", "replace")
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "\n", text)

    def wait_for(self, seen: Callable[[str], bool], timeout: float = 600) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            if seen(self.output):
                return True
            time.sleep(0.02)
        return False

    def strike(self, sig: int) -> int:
        """Send `sig` to the whole process group, as Ctrl-C on a terminal does (the pool's workers
        ignore SIGINT; SIGKILL takes them down with the main process)."""
        os.killpg(self.process.pid, sig)
        code = self.process.wait(timeout=120)
        self._reader.join(timeout=10)
        os.close(self._controller)
        return code


def _committed(output: str) -> int:
    """Documents committed so far: the count of the cleaning bar, advanced after each batch commits."""
    counts = re.findall(r"Cleaning and annotating pages\D*?(\d+)/(\d+)", output)
    return int(counts[-1][0]) if counts else 0


@dataclass(frozen=True)
class KillPoint:
    name: str
    reached: Callable[[str], bool]  # from the progress output: strike now
    hit: Callable[[Rows, int], bool]  # from the killed ledger: struck there


KILL_POINTS = [
    KillPoint(
        "loading the model",
        lambda out: "Loading the language model" in out,
        lambda rows, total: not rows["documents"],
    ),
    KillPoint(
        "after the first batch",
        lambda out: _committed(out) >= BATCH,
        lambda rows, total: BATCH <= len(rows["documents"]) < total,
    ),
    KillPoint(
        "halfway through pass 2",
        lambda out: _committed(out) >= PAGES // 2,
        lambda rows, total: total // 2 <= len(rows["documents"]) < total,
    ),
    KillPoint(
        "while relinking",
        lambda out: "Linking duplicates" in out,
        lambda rows, total: len(rows["documents"]) == total and rows["last run"] != [("done",)],
    ),
]


@pytest.mark.parametrize("point", KILL_POINTS, ids=lambda point: point.name)
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_interrupted_then_rerun_equals_one_run(
    pages: Path,
    tmp_path: Path,
    uninterrupted: Rows,
    point: KillPoint,
    sig: int,
) -> None:
    total = len(uninterrupted["documents"])
    for attempt in range(3):  # a phase can end between the moment it shows and the strike: try again
        db = tmp_path / f"attempt-{attempt}" / "l.duckdb"
        db.parent.mkdir()
        terminal = Terminal(_command(pages, db))
        assert terminal.wait_for(point.reached), f"never reached {point.name}:\n{terminal.output[-2000:]}"
        code = terminal.strike(sig)
        if code == 0:
            continue  # the run finished first
        killed = ledger_rows(db)
        if point.hit(killed, total):
            break
    else:
        pytest.fail(f"could not strike {point.name} in 3 attempts")
    assert_whole_documents(killed)
    if sig == signal.SIGINT:
        assert code == 130, terminal.output[-2000:]
        assert "Interrupted: every document written so far is complete" in terminal.output
        assert "rerun the same command" in terminal.output
        assert "Traceback" not in terminal.output
        assert killed["last run"] == [("interrupted",)]
    else:
        assert code == -signal.SIGKILL
    rerun = _run(pages, db)
    skipped = int(re.search(r"(\d+) already in the ledger", rerun.stdout)[1])  # type: ignore[index]
    assert skipped == len(killed["documents"]), "the rerun skipped exactly what was committed"
    finished = ledger_rows(db)
    assert finished["last run"] == [("done",)]
    for table, rows in uninterrupted.items():
        assert finished[table] == rows, f"{table} differs from the ledger of one uninterrupted run"
