"""bench/load.py, bounded: 10 clients for 5 s against a real `newsledger serve`, while a real `newsledger
ingest` writes into the same ledger file. No request may fail, and the new articles must show up.

Clients keep ids across an ingest; an event the ingest merged into another is then gone, and its 404 says
where it went (found by the load test on bench/web.py's grown ledger, where an ingest merges events)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import duckdb
import httpx
import pytest
from fastapi.testclient import TestClient

from newsledger.web.app import create_app
from tests.conftest import load_bench


@pytest.mark.slow
def test_ten_clients_lose_no_request_while_ingest_writes_and_then_see_the_new_articles(
    ledger_path: Path, tmp_path: Path
) -> None:
    load = load_bench("load")
    db = tmp_path / "ledger.duckdb"
    shutil.copy(ledger_path, db)
    pages = load.default_ingest_inputs()[:3]  # a few pages: the ingest runs under load on a busy machine
    with load.ServeProcess(db, refresh=0.5) as server:
        titles_before = _titles(server.url)
        result = load.run_load(server, clients=10, seconds=5, ingest_inputs=pages)
        new_titles = _titles(server.url) - titles_before
        hits = httpx.get(f"{server.url}/api/search", params={"q": sorted(new_titles)[0]}).json()["items"]

    assert [f"{o.kind} {o.path}: {o.error}" for o in result.errors] == []
    statuses = Counter((o.kind, o.status) for o in result.outcomes)
    assert {kind for kind, _ in statuses} == set(load.ROUTE_KINDS), "every kind of route was asked for"
    assert all(status == (404 if kind == "unknown id (404)" else 200) for kind, status in statuses), statuses
    assert result.seconds >= 5 and len(result.outcomes) > 100

    ingest = result.ingest
    assert ingest is not None and ingest.returncode == 0, ingest and ingest.stderr
    assert ingest.new_articles == len(pages) == len(new_titles)
    assert len(result.during_ingest()) > 50, "requests were answered while the ingest held the ledger"
    assert server.log_count("being written; keeping the snapshot") >= 1, "serve saw the ingest and waited"
    assert ingest.visible_after is not None, "after the refresh serve shows the ingested articles"
    assert sorted(new_titles)[0] in {hit["title"] for hit in hits}, "and finds them by search"


def _titles(url: str) -> set[str]:
    body = httpx.get(f"{url}/api/articles", params={"per_page": 200}).json()
    assert body["total"] <= 200, "the sample ledger fits one page"
    return {article["title"] for article in body["items"]}


def test_an_event_merged_by_an_ingest_is_a_404_naming_the_event_it_went_into(
    ledger_path: Path, tmp_path: Path
) -> None:
    db = tmp_path / "ledger.duckdb"
    shutil.copy(ledger_path, db)
    gone, gone_earlier = "0a0a0a0a0a0a0a0a", "0b0b0b0b0b0b0b0b"
    with duckdb.connect(str(db)) as con:
        (survivor,) = con.execute("SELECT min(id) FROM events").fetchone() or (None,)
        taken = con.execute("SELECT count(*) FROM events WHERE id IN (?, ?)", [gone, gone_earlier]).fetchone()
        assert survivor and taken == (0,)
        # As Ledger.replace_events records merges: first gone_earlier into gone, later gone into survivor.
        con.execute(
            "INSERT INTO event_changes VALUES "
            "(TIMESTAMP '2024-05-01 10:00', 'merged', ?, [?], 'first reason'), "
            "(TIMESTAMP '2024-06-01 10:00', 'merged', ?, [?, '0c0c0c0c0c0c0c0c'], 'new reports tie them')",
            [gone, gone_earlier, survivor, gone],
        )
    with TestClient(create_app(db)) as client:
        answer = client.get(f"/api/events/{gone}")
        assert answer.status_code == 404
        assert (
            answer.json()["detail"]
            == f"event {gone!r} was merged into {survivor} (2024-06-01: new reports tie them)"
        )
        assert (
            f"was merged into {survivor} (2024-05-01: first reason)"
            in client.get(f"/api/events/{gone_earlier}").json()["detail"]
        )
        page = client.get(f"/events/{gone[:6]}")
        assert page.status_code == 404 and f"was merged into {survivor}" in page.text
        assert client.get(f"/api/events/{survivor}").status_code == 200
        assert "no event with id" in client.get("/api/events/0d0d0d0d0d0d0d0d").json()["detail"]
