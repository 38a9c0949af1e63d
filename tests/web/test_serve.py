"""`newsledger serve` as a user runs it, including while `newsledger ingest` writes into the same ledger."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.web.conftest import free_port, newsledger

pytestmark = pytest.mark.slow

NEW_PAGES = {
    f"quokka-{n}.txt": (
        f"Garrison at Quokkaville {n} refuses new orders\n"
        f"By Staff Reporter {n}\n"
        f"About {20 + n} soldiers of the garrison at Quokkaville refused to leave their barracks on Monday, "
        f"relatives told reporters, after a month without pay and with no rotation in sight.\n"
        f"The relatives said commanders threatened the men with prosecution, but that the group of {n} "
        "platoons had not moved by the evening and had asked lawyers for help.\n"
        "The regional command did not answer questions, and the account could not be verified.\n"
    )
    for n in range(1, 4)
}


class Server:
    """A `newsledger serve` process; its stderr lines are collected as they come."""

    def __init__(self, db: Path, port: int) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "newsledger",
                "serve",
                "--db",
                str(db),
                "--port",
                str(port),
                "--refresh",
                "0.5",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "COLUMNS": "300", "NO_COLOR": "1"},
        )
        threading.Thread(target=self._collect, daemon=True).start()
        self.url = f"http://127.0.0.1:{port}"

    def _collect(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "\n".join(self.lines)
            try:
                if httpx.get(f"{self.url}/api/overview", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise AssertionError("serve did not answer: " + "\n".join(self.lines))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def server_on_copy(ledger_path: Path, tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    db = tmp_path / "ledger.duckdb"
    shutil.copy(ledger_path, db)
    server = Server(db, free_port())
    try:
        server.wait_ready()
        yield server, db
    finally:
        server.stop()


def test_serve_prints_its_loopback_url(server_on_copy: tuple[Server, Path]) -> None:
    server, db = server_on_copy
    announced = next(line for line in server.lines if line.startswith("Serving"))
    assert f"at {server.url}/" in announced and str(db) in announced
    assert re.search(r"snapshot taken \d\d:\d\d:\d\d UTC", announced)


def test_serve_refuses_a_missing_ledger_in_one_line(tmp_path: Path) -> None:
    result = newsledger(
        "serve", "--db", "nothing.duckdb", "--port", str(free_port()), cwd=tmp_path, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: nothing.duckdb: no such ledger (build one with `newsledger ingest INPUT --db nothing.duckdb`)"
    )


def test_serving_while_ingest_writes_loses_no_request_and_then_shows_the_new_articles(
    server_on_copy: tuple[Server, Path], tmp_path: Path
) -> None:
    server, db = server_on_copy
    before = httpx.get(f"{server.url}/api/overview").json()["articles"]
    pages = tmp_path / "new-pages"
    pages.mkdir()
    for name, text in NEW_PAGES.items():
        (pages / name).write_text(text, encoding="utf-8")

    failures: list[str] = []
    answered = 0
    stop = threading.Event()

    def keep_asking() -> None:
        nonlocal answered
        paths = ["/api/overview", "/api/events?min_sources=2", "/api/search?q=refused", "/events", "/"]
        with httpx.Client(base_url=server.url, timeout=10) as client:
            while not stop.is_set():
                for path in paths:
                    try:
                        response = client.get(path)
                    except httpx.HTTPError as error:
                        failures.append(f"{path}: {error!r}")
                        continue
                    if response.status_code != 200:
                        failures.append(f"{path}: {response.status_code} {response.text[:200]}")
                    answered += 1

    asker = threading.Thread(target=keep_asking, daemon=True)
    asker.start()
    try:
        ingest = newsledger("ingest", str(pages), "--db", str(db), "--quiet", cwd=tmp_path, timeout=600)
        assert ingest.returncode == 0, ingest.stderr
        answered_during_ingest = answered
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if httpx.get(f"{server.url}/api/overview").json()["articles"] == before + len(NEW_PAGES):
                break
            time.sleep(0.3)
    finally:
        stop.set()
        asker.join(timeout=30)

    assert failures == []
    assert answered_during_ingest > 20, "requests were answered while ingest ran"
    assert any("being written; keeping the snapshot" in line for line in server.lines), (
        "the server saw the ingest holding the ledger and kept serving its snapshot"
    )
    overview = httpx.get(f"{server.url}/api/overview").json()
    assert overview["articles"] == before + len(NEW_PAGES)
    hits = httpx.get(f"{server.url}/api/search", params={"q": "Quokkaville"}).json()
    assert hits["total"] == len(NEW_PAGES), "the search index was rebuilt by the ingest"
    assert "snapshot taken at" in httpx.get(f"{server.url}/").text
