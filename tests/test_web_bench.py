"""bench/web.py's ledger builder: whole copies of the ingested sample, consistent and searchable."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from newsledger.store.search import search_articles
from tests.conftest import load_bench

# The rows that came from the sample itself; copies have '#copy-K' appended to their origin.
SAMPLE = "(SELECT id FROM articles WHERE origin NOT LIKE '%#copy-%')"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A 2,000-article ledger (bench/web.py's BuiltLedger; the script is loaded, not imported)."""
    return load_bench("web").build_ledger(tmp_path_factory.mktemp("bench") / "ledger.duckdb", 2_000)


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[int, ...]:
    row = con.execute(sql).fetchone()
    assert row is not None
    return tuple(int(value) for value in row)


def test_the_builder_makes_whole_copies_of_every_table(built: Any) -> None:
    copies = built.copies
    assert built.seed_articles * copies >= 2_000 > built.seed_articles * (copies - 1)
    assert built.counts["articles"] == built.counts["documents"] == built.seed_articles * copies
    with duckdb.connect(str(built.path), read_only=True) as con:
        for table in ("mentions", "incidents", "claims", "removed_lines", "duplicates", "reused_paragraphs"):
            total, original = _count(
                con, f"SELECT count(*), count(*) FILTER (WHERE article_id IN {SAMPLE}) FROM {table}"
            )
            assert original > 0 and total == original * copies, (
                f"{table}: {total} rows, {original} in the sample"
            )
        total, original = _count(
            con, f"SELECT count(*), count(*) FILTER (WHERE article_ids[1] IN {SAMPLE}) FROM events"
        )
        assert original > 0 and total == original * copies
        (compared,) = _count(con, "SELECT sum(len(claim_ids)) FROM comparisons")
        assert compared % copies == 0 and compared > 0
    assert built.megabytes > 1


def test_copies_keep_their_references_and_offsets(built: Any) -> None:
    with duckdb.connect(str(built.path), read_only=True) as con:
        assert _count(con, "SELECT count(DISTINCT id) FROM articles") == (built.counts["articles"],)
        dangling = {
            "incident → event": "SELECT count(*) FROM incidents "
            "WHERE event_id NOT IN (SELECT id FROM events)",
            "event → article": "SELECT count(*) FROM (SELECT unnest(article_ids) AS a FROM events) "
            "WHERE a NOT IN (SELECT id FROM articles)",
            "duplicate → original": "SELECT count(*) FROM duplicates "
            "WHERE duplicate_of NOT IN (SELECT id FROM articles)",
            "comparison → claim": "SELECT count(*) FROM (SELECT unnest(claim_ids) AS c FROM comparisons) "
            "WHERE c NOT IN (SELECT id FROM claims)",
            # The appended paragraph leaves every span where it was.
            "mention span": "SELECT count(*) FROM mentions m JOIN articles a ON a.id = m.article_id "
            'WHERE substr(a.body, m.start + 1, m."end" - m.start) <> m.text',
        }
        for what, sql in dangling.items():
            assert _count(con, sql) == (0,), what
        # Copies are not identical rows: bodies and dates vary.
        (bodies,) = _count(con, "SELECT count(DISTINCT body) FROM articles")
        (dates,) = _count(con, "SELECT count(DISTINCT published) FROM articles")
        assert bodies > 0.9 * built.counts["articles"] and dates > 10 * built.seed_articles


def test_the_grown_ledger_is_searchable(built: Any) -> None:
    with duckdb.connect(str(built.path), read_only=True) as con:
        results = search_articles(con, "refused to fight")
    assert results.hits and results.total >= built.copies


def test_the_app_answers_every_timed_request(built: Any) -> None:
    """The bench's requests fit the API (a 4xx would be timed as if it were an answer)."""
    timings = load_bench("web").run_app_and_measure(built.path, requests=25)
    assert [timing.name for timing in timings] == ["events list", "search", "event detail"]
    for timing in timings:
        assert timing.errors == [] and len(timing.milliseconds) == 25
        assert 0 < timing.percentile(50) <= timing.percentile(95)
