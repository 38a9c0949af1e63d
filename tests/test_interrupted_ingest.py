"""A crash (SIGKILL) or Ctrl-C (SIGINT) mid-ingest leaves a consistent ledger that a rerun completes.

The finished ledger must equal the ledger of one uninterrupted run: same articles, same bodies, same
duplicate links, no document twice.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import load_bench

pytestmark = pytest.mark.slow

bench_ingest = load_bench("ingest")

PAGES = 400


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    bench_ingest.build_pages(folder, PAGES)
    (folder.parent / "small-batches.toml").write_text("[ingest]\nbatch_size = 10\n")
    return folder


def _ingest(pages: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsledger",
            "ingest",
            str(pages),
            "--db",
            str(db),
            "--quiet",
            "--workers",
            "2",
            "--config",
            str(pages.parent / "small-batches.toml"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _snapshot(db: Path, out: Path) -> list[tuple[str, str, str | None]]:
    result = subprocess.run(
        [sys.executable, "-m", "newsledger", "export", "--db", str(db), "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.returncode == 0
    rows = [json.loads(line) for line in (out / "articles.jsonl").open()]
    return sorted((r["id"], r["body"], r["duplicate_of"]) for r in rows)


@pytest.fixture(scope="module")
def uninterrupted(pages: Path, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, str | None]]:
    work = tmp_path_factory.mktemp("whole")
    process = _ingest(pages, work / "l.duckdb")
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr
    snapshot = _snapshot(work / "l.duckdb", work / "out")
    assert len(snapshot) > PAGES * 0.9
    return snapshot


def _interrupt_then_rerun(pages: Path, work: Path, sig: int) -> tuple[subprocess.Popen[str], str]:
    db = work / "l.duckdb"
    process = _ingest(pages, db)
    # Wait until the first batches are committed (the WAL file grows), then strike mid-run.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        wal = db.with_name(db.name + ".wal")
        if wal.exists() and wal.stat().st_size > 200_000:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the run finished before it could be interrupted"
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=120)
    return process, stderr


def test_sigkill_mid_run_then_rerun_equals_one_run(pages: Path, tmp_path: Path, uninterrupted: list) -> None:
    killed, _ = _interrupt_then_rerun(pages, tmp_path, signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL
    rerun = _ingest(pages, tmp_path / "l.duckdb")
    stdout, stderr = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, stderr
    skipped = int(stdout.split("already in the ledger")[0].split()[-1])
    assert 0 < skipped < PAGES, "the rerun skipped what the killed run had committed, and only that"
    assert _snapshot(tmp_path / "l.duckdb", tmp_path / "out") == uninterrupted


def test_ctrl_c_mid_run_says_so_and_rerun_completes(pages: Path, tmp_path: Path, uninterrupted: list) -> None:
    stopped, stderr = _interrupt_then_rerun(pages, tmp_path, signal.SIGINT)
    assert stopped.returncode == 130, stderr
    assert "Interrupted" in stderr and "rerun the same command" in stderr
    assert "Traceback" not in stderr
    rerun = _ingest(pages, tmp_path / "l.duckdb")
    _, stderr = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, stderr
    assert _snapshot(tmp_path / "l.duckdb", tmp_path / "out") == uninterrupted
