"""One small real ledger for the web tests: the sample corpus plus a hostile article, ingested once.

The hostile article carries script tags, an `onerror` image and a `javascript:` link in its title and
body; each payload would set `window.__pwned` if it ever ran in a browser. (Outlet names cannot carry
markup: they are turned into canonical ids, `a-z0-9-`.)
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from newsledger.records import Article, Document, DocumentResult, Fingerprint, content_id
from newsledger.store import Ledger
from newsledger.web.app import create_app
from tests.conftest import CORPUS, REPO

HOSTILE_TITLE = "Battalion refuses near Izium <script>window.__pwned = 1</script>"
HOSTILE_LINES = [
    "One relative pasted a message into the family chat that read <script>window.__pwned = 3</script> "
    "before the commander took their phones away, the relatives said.",
    'Another wrote <img src=x onerror="window.__pwned = 4"> and a link '
    '<a href="javascript:window.__pwned = 5">see the video</a> that nobody could open, the relatives said.',
]
HOSTILE_BODY = "\n".join(
    [
        "KHARKIV, Oct 3 - About 30 soldiers of a motor rifle battalion refused to advance near Izium on "
        "Sunday, two of their relatives told reporters, saying the men had not been paid for months.",
        *HOSTILE_LINES,
        "The defence ministry did not answer questions about the battalion, and the account could not be "
        "independently verified.",
    ]
)


def write_articles(ledger: Ledger, articles: list[tuple[str, str]]) -> list[str]:
    """Store (title, body) articles as the pipeline would, without the language layer."""
    results = []
    for title, body in articles:
        document = Document(
            id=content_id(title + body), origin=f"{title}.txt", media_type="text/plain", text=body
        )
        article = Article(
            id=document.id, document_id=document.id, origin=document.origin, url=None, outlet="baltic-wire",
            title=title, byline=None, published=date(2022, 10, 1), page_date=None, body=body,
        )  # fmt: skip
        fingerprint = Fingerprint(minhash=b"\x00" * 8, bands=[1], paragraph_keys=[1], paragraph_words=[3])
        results.append(DocumentResult(document, article, None, fingerprint, "baltic-wire"))
    ledger.write_results(results)
    return [r.document.id for r in results]


def newsledger(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsledger", *args],
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def write_hostile_article(folder: Path) -> None:
    record = {
        "url": "https://hostile.example/izium",
        "title": HOSTILE_TITLE,
        "published": "2022-10-03",
        "text": HOSTILE_BODY,
    }
    (folder / "hostile.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def ledger_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus and the hostile article in one ledger, built by the real `ingest` command."""
    work = tmp_path_factory.mktemp("web-ledger")
    shutil.copytree(CORPUS, work / "corpus")
    write_hostile_article(work / "corpus")
    shutil.copy(REPO / "examples" / "outlets.toml", work / "outlets.toml")
    result = newsledger(
        "ingest", "corpus", "--outlets", "outlets.toml", "--db", "ledger.duckdb", "--quiet", cwd=work
    )
    assert result.returncode == 0, result.stderr
    return work / "ledger.duckdb"


@pytest.fixture(scope="session")
def app(ledger_path: Path) -> FastAPI:
    return create_app(ledger_path)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:  # runs the app's lifespan: snapshot refreshing, then cleanup
        yield test_client


@dataclass(frozen=True, slots=True)
class LiveServer:
    url: str
    app: FastAPI


@pytest.fixture(scope="session")
def live_server(app: FastAPI) -> Iterator[LiveServer]:
    """The app behind a real uvicorn on a free loopback port, in a thread of the test process."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", app)
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
