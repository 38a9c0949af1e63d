"""Full-text search: the index ingest builds, BM25 ranking in SQL, stemming, snippets with marks."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from newsledger.store import Ledger
from newsledger.store.search import (
    SNIPPET_CHARS,
    SearchIndexMissing,
    rebuild_search_index,
    search_articles,
)
from newsledger.web.app import create_app
from tests.web.conftest import write_articles

FILLER = "The account could not be verified and officials declined to comment on the matter. "


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    with Ledger.open(tmp_path / "search.duckdb") as ledger:
        yield ledger


def test_search_ranks_stems_and_counts(ledger: Ledger) -> None:
    mutiny, refusal, other = write_articles(
        ledger,
        [
            ("Mutiny on the river", "A mutiny broke out among the crews.\nThe mutineers refused orders."),
            ("Unit refuses", "Soldiers were refusing to advance for a week.\n" + FILLER * 3),
            ("Weather", "It rained all week in the capital.\n" + FILLER),
        ],
    )
    assert rebuild_search_index(ledger.con)
    results = search_articles(ledger.con, "refused")
    assert [hit.article_id for hit in results.hits] == [mutiny, refusal], "refusing, refused: one stem"
    assert results.total == 2 and results.terms == ["refus"]
    assert [hit.article_id for hit in search_articles(ledger.con, "mutiny").hits] == [mutiny]
    assert search_articles(ledger.con, "week").total == 2
    assert search_articles(ledger.con, "the and of").hits == [], "stopwords alone match nothing"
    assert search_articles(ledger.con, "refused", limit=1, offset=1).hits[0].article_id == refusal
    past_the_end = search_articles(ledger.con, "refused", limit=10, offset=10)
    assert past_the_end.hits == [] and past_the_end.total == 2
    assert other not in {hit.article_id for hit in search_articles(ledger.con, "refused mutiny").hits}


def test_bm25_prefers_the_shorter_article_for_the_same_term_count(ledger: Ledger) -> None:
    short, long = write_articles(
        ledger,
        [("Short", "Paratroopers sent home."), ("Long", "Paratroopers sent home.\n" + FILLER * 20)],
    )
    rebuild_search_index(ledger.con)
    hits = search_articles(ledger.con, "paratroopers").hits
    assert [hit.article_id for hit in hits] == [short, long]
    assert hits[0].score > hits[1].score > 0


def test_snippet_is_the_best_paragraph_trimmed_around_the_marked_words(ledger: Ledger) -> None:
    long_paragraph = (
        FILLER * 4 + "Reservists from Kursk refused to return to the trenches near Bakhmut. " + FILLER * 4
    )
    (article,) = write_articles(
        ledger, [("Kursk", "Kursk is a region.\n" + long_paragraph + "\nBakhmut is a town.")]
    )
    rebuild_search_index(ledger.con)
    hit = search_articles(ledger.con, "Kursk reservists Bakhmut").hits[0]
    snippet = hit.snippet
    assert hit.article_id == article and snippet.paragraph == 1, "the paragraph with the most query words"
    assert len(snippet.text) <= SNIPPET_CHARS + 4 and snippet.text.startswith("… ")
    assert [snippet.text[s:e] for s, e in snippet.marks] == ["Reservists", "Kursk", "Bakhmut"]


def test_a_title_only_match_shows_the_marked_title(ledger: Ledger) -> None:
    write_articles(ledger, [("Wagner losses estimated", "The estimate came from officials.")])
    rebuild_search_index(ledger.con)
    snippet = search_articles(ledger.con, "wagner").hits[0].snippet
    assert snippet.paragraph == -1 and [snippet.text[s:e] for s, e in snippet.marks] == ["Wagner"]


def test_the_index_is_rebuilt_only_when_the_articles_change(ledger: Ledger) -> None:
    write_articles(ledger, [("First", "Conscripts walked home.")])
    assert rebuild_search_index(ledger.con) is True
    assert rebuild_search_index(ledger.con) is False
    write_articles(ledger, [("Second", "Conscripts refused.")])
    assert rebuild_search_index(ledger.con) is True
    assert search_articles(ledger.con, "conscripts").total == 2


def test_hostile_queries_are_just_words(ledger: Ledger) -> None:
    write_articles(ledger, [("Table", "The drop table in the canteen.")])
    rebuild_search_index(ledger.con)
    for query in ("'; DROP TABLE articles;--", "\x00", "%", "' OR '1'='1", "(", "\\"):
        search_articles(ledger.con, query)
    assert ledger.con.execute("SELECT count(*) FROM articles").fetchone() == (1,)


def test_a_ledger_without_index_says_how_to_build_it(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Ledger.open(path) as ledger:
        write_articles(ledger, [("Old", "Built before search existed.")])
    with duckdb.connect(str(path), read_only=True) as con, pytest.raises(SearchIndexMissing, match="ingest"):
        search_articles(con, "built")
    with TestClient(create_app(path)) as client:
        response = client.get("/api/search", params={"q": "built"})
    assert response.status_code == 503 and "newsledger ingest" in response.json()["detail"]


def test_the_extension_is_loaded_from_the_package_without_network(ledger: Ledger) -> None:
    write_articles(ledger, [("Offline", "No download happens.")])
    rebuild_search_index(ledger.con)
    settings = dict(
        ledger.con.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name = 'autoinstall_known_extensions'"
        ).fetchall()
    )
    assert settings == {"autoinstall_known_extensions": "false"}
    # Loaded straight from the package's file: never installed into ~/.duckdb, never downloaded.
    state = ledger.con.execute(
        "SELECT loaded, installed, install_mode FROM duckdb_extensions() WHERE extension_name = 'fts'"
    ).fetchone()
    assert state == (True, False, "NOT_INSTALLED")
