"""The newsledger command end to end, on real files and a real DuckDB ledger."""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.conftest import CORPUS, REPO

ENV = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
ARTICLE = (
    "Home | World | Sport\n"
    "Unit refuses to advance near the river crossing\n"
    "By Anna Marsh\n"
    "Soldiers of a motor rifle company refused to advance towards the river on Tuesday, two relatives told "
    "this newspaper, saying the men had not been paid for three months.\n"
    "The relatives said the company commander had threatened the men with prison but had not been able to "
    "make them move from their positions.\n"
    '"We will not go," one of the soldiers said in a voice message.\n'
    "The defence ministry did not answer questions about the unit, and the account could not be verified.\n"
    "Subscribe to our newsletter\n"
)


def newsledger(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsledger", *args],
        cwd=cwd,
        env=ENV,
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def sample_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample corpus ingested once, from a copy so paths are short and relative."""
    work = tmp_path_factory.mktemp("sample")
    shutil.copytree(CORPUS, work / "corpus")
    shutil.copy(REPO / "examples" / "outlets.toml", work / "outlets.toml")
    result = newsledger("ingest", "corpus", "--outlets", "outlets.toml", "--db", "l.duckdb", cwd=work)
    assert result.returncode == 0, result.stderr
    return work


def test_ingest_reports_a_summary_and_a_rerun_adds_nothing(sample_ledger: Path) -> None:
    again = newsledger("ingest", "corpus", "--outlets", "outlets.toml", "--db", "l.duckdb", cwd=sample_ledger)
    assert again.returncode == 0, again.stderr
    assert "0 new articles from 0 new documents" in again.stdout
    documents = sum(1 for _ in (sample_ledger / "corpus").rglob("*.txt"))
    assert "already in the ledger" in again.stdout
    skipped = int(again.stdout.split("already in the ledger")[0].split()[-1])
    assert skipped >= documents + 6


def test_articles_lists_outlet_date_title_words_and_duplicates(sample_ledger: Path) -> None:
    result = newsledger("articles", "--db", "l.duckdb", "--limit", "200", cwd=sample_ledger)
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[2]
    for column in ("outlet", "date", "title", "words", "duplicate_of"):
        assert column in header
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert len(rows) >= 30
    assert sum(1 for row in rows if row.rstrip("│ ").split("│")[-1].strip()) >= 2, "duplicates are marked"


def test_show_prints_body_then_removed_lines_with_reasons(sample_ledger: Path) -> None:
    export = newsledger("export", "--db", "l.duckdb", "--out", "show-out", cwd=sample_ledger)
    assert export.returncode == 0, export.stderr
    articles = [json.loads(line) for line in (sample_ledger / "show-out" / "articles.jsonl").open()]
    article = max(articles, key=lambda a: len(a["removed"]))
    result = newsledger("show", article["id"][:8], "--db", "l.duckdb", cwd=sample_ledger)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert article["body"].split("\n")[0][:60] in text.replace("\n", " ")
    removed_header = text.index("Removed lines")
    assert text.index(article["body"].split("\n")[-1][:40]) < removed_header
    for line in article["removed"][:5]:
        assert f"{line['reason']}: {line['text'][:30]}" in text[removed_header:].replace("\n", " ")


def test_show_unknown_id_is_one_line_error(sample_ledger: Path) -> None:
    result = newsledger("show", "ffffffff", "--db", "l.duckdb", cwd=sample_ledger)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "no article with id 'ffffffff'" in result.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_writes_the_documented_article_fields(sample_ledger: Path, fmt: str) -> None:
    result = newsledger(
        "export", "--db", "l.duckdb", "--out", f"out-{fmt}", "--format", fmt, cwd=sample_ledger
    )
    assert result.returncode == 0, result.stderr
    path = sample_ledger / f"out-{fmt}" / f"articles.{fmt}"
    if fmt == "jsonl":
        rows = [json.loads(line) for line in path.open()]
    elif fmt == "csv":
        rows = list(csv.DictReader(path.open()))
        for row in rows:
            row["removed"] = json.loads(row["removed"])
            row["published"] = row["published"] or None
    else:
        rows = pq.read_table(path).to_pylist()
        for row in rows:
            row["published"] = row["published"].isoformat() if row["published"] else None
    assert {
        "id",
        "origin",
        "outlet",
        "title",
        "byline",
        "published",
        "body",
        "removed",
        "duplicate_of",
    } <= set(rows[0])
    by_name = {Path(r["origin"].split("#")[0]).name: r for r in rows}
    assert any(r["origin"].startswith("corpus/") for r in rows), "origin = path as given + relative path"
    assert any("#" in r["origin"] for r in rows), "archive members and JSONL lines keep their place"
    assert all(r["published"] is None or len(r["published"]) == 10 for r in rows)
    assert all(isinstance(r["removed"], list) for r in rows)
    assert any(r["removed"] and {"text", "reason"} <= set(r["removed"][0]) for r in rows)
    assert by_name, rows
    assert not list((sample_ledger / f"out-{fmt}").glob(".*partial")), "no partial files left behind"


def test_bad_inputs_are_named_with_a_reason_and_the_run_goes_on(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.txt").write_text(ARTICLE)
    (pages / "empty.txt").write_bytes(b"")
    (pages / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (pages / "latin1.txt").write_bytes("Caf\u00e9 and soldiers".encode("latin-1"))
    (pages / "cut.txt.gz").write_bytes(gzip.compress(ARTICLE.encode() * 50)[:300])
    (pages / "lines.jsonl").write_text(
        json.dumps({"text": ARTICLE.replace("river", "bridge")}) + "\n{broken\n"
    )
    (pages / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    result = newsledger("ingest", "pages", "--db", "l.duckdb", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    expected = {
        "pages/empty.txt": "empty file",
        "pages/image.txt": "binary file",
        "pages/latin1.txt": "not UTF-8 text",
        "pages/cut.txt.gz": "truncated gzip file",
        "pages/lines.jsonl#2": "line 2 is not valid JSON",
        "pages/nav.html": "no article found",
    }
    for origin, reason in expected.items():
        assert any(line.startswith(f"skipped {origin}: {reason}") for line in errors), (origin, errors)
    assert "2 new articles" in result.stdout


def test_nothing_readable_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = newsledger("ingest", "empty.txt", "--db", "l.duckdb", cwd=tmp_path)
    assert result.returncode == 1
    assert "skipped empty.txt: empty file" in result.stderr


def test_missing_input_is_one_red_line(tmp_path: Path) -> None:
    result = newsledger("ingest", "nowhere", "--db", "l.duckdb", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "error: nowhere: no such file or folder"


def test_stdin_is_read_with_dash(tmp_path: Path) -> None:
    result = newsledger("ingest", "-", "--db", "l.duckdb", cwd=tmp_path, stdin=ARTICLE.encode())
    assert result.returncode == 0, result.stderr
    assert "1 new articles" in result.stdout
    export = newsledger("export", "--db", "l.duckdb", "--out", "o", cwd=tmp_path)
    assert export.returncode == 0
    (row,) = [json.loads(line) for line in (tmp_path / "o" / "articles.jsonl").open()]
    assert row["origin"] == "<stdin>"
    assert '"We will not go," one of the soldiers said in a voice message.' in row["body"].split("\n")
    assert "Subscribe to our newsletter" not in row["body"]


def test_copies_of_a_page_within_and_across_batches_are_stored_once(tmp_path: Path) -> None:
    """Batches of two: a copy in the same batch and copies in later batches are all skipped."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("a", "b", "c", "d", "e"):
        (pages / f"{name}.txt").write_text(ARTICLE)
    (pages / "f.txt").write_text(ARTICLE.replace("We will not go", "We are not going"))
    (tmp_path / "pairs.toml").write_text("[ingest]\nbatch_size = 2\n")
    result = newsledger("ingest", "pages", "--config", "pairs.toml", "--db", "l.duckdb", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 new articles from 2 new documents" in result.stdout
    assert "4 already in the ledger" in result.stdout
    export = newsledger("export", "--db", "l.duckdb", "--out", "o", cwd=tmp_path)
    assert export.returncode == 0, export.stderr
    origins = sorted(json.loads(line)["origin"] for line in (tmp_path / "o" / "articles.jsonl").open())
    assert origins == ["pages/a.txt", "pages/f.txt"]


def test_export_of_a_missing_ledger_says_how_to_make_one(tmp_path: Path) -> None:
    result = newsledger("export", "--db", "none.duckdb", "--out", "o", cwd=tmp_path)
    assert result.returncode == 1
    assert "newsledger ingest" in result.stderr


def test_mentions_are_exported_with_offsets_into_the_body(sample_ledger: Path) -> None:
    result = newsledger("export", "--db", "l.duckdb", "--out", "m-out", cwd=sample_ledger)
    assert result.returncode == 0, result.stderr
    articles = map(json.loads, (sample_ledger / "m-out" / "articles.jsonl").open())
    bodies = {a["id"]: a["body"] for a in articles}
    mentions = [json.loads(line) for line in (sample_ledger / "m-out" / "mentions.jsonl").open()]
    assert len(mentions) > 10 * len(bodies) // 2
    assert {m["kind"] for m in mentions} >= {"person", "place", "date", "quantity"}
    for mention in mentions:
        assert bodies[mention["article_id"]][mention["start"] : mention["end"]] == mention["text"]
    kyiv = [m for m in mentions if m["canonical"] == "place:kyiv"]
    assert kyiv and all(50.3 < m["lat"] < 50.6 and m["country"] == "UA" for m in kyiv)


def test_entities_lists_canonical_entities_with_counts(sample_ledger: Path) -> None:
    result = newsledger("entities", "--db", "l.duckdb", "--kind", "person", cwd=sample_ledger)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert rows and all("│ person " in row for row in rows)
    assert any("person:yevgeny-prigozhin" in row for row in rows)


def test_claims_and_compare_show_figures_side_by_side(sample_ledger: Path) -> None:
    claims = newsledger("claims", "--db", "l.duckdb", "--category", "killed", cwd=sample_ledger)
    assert claims.returncode == 0, claims.stderr
    rows = [line for line in claims.stdout.splitlines() if line.startswith("│")]
    assert rows and all("│ killed " in row for row in rows)
    compare = newsledger("compare", "--db", "l.duckdb", cwd=sample_ledger)
    assert compare.returncode == 0, compare.stderr
    assert (
        "INCOMPATIBLE" in compare.stdout and "casualties and killed count different things" in compare.stdout
    )
    export = newsledger("export", "--db", "l.duckdb", "--out", "c-out", cwd=sample_ledger)
    assert export.returncode == 0, export.stderr
    comparisons = [json.loads(line) for line in (sample_ledger / "c-out" / "comparisons.jsonl").open()]
    claim_ids = {json.loads(line)["id"] for line in (sample_ledger / "c-out" / "claims.jsonl").open()}
    assert comparisons and all(set(c["claim_ids"]) <= claim_ids for c in comparisons)
    assert {c["verdict"] for c in comparisons} <= {"agree", "differ", "incompatible"}


def test_events_link_the_syndicated_story_into_one_event_with_one_source(sample_ledger: Path) -> None:
    export = newsledger("export", "--db", "l.duckdb", "--out", "e-out", cwd=sample_ledger)
    assert export.returncode == 0, export.stderr
    events = [json.loads(line) for line in (sample_ledger / "e-out" / "events.jsonl").open()]
    incidents = {
        json.loads(line)["id"]: line for line in (sample_ledger / "e-out" / "incidents.jsonl").open()
    }
    assert events and all(set(e["incident_ids"]) <= set(incidents) for e in events)
    stakhanov = [e for e in events if e["place"] and e["place"]["name"] == "place:kadiyivka"]
    assert len(stakhanov) == 1, "the wire story, its copies and its near-copy are one event"
    (event,) = stakhanov
    assert len(event["outlets"]) >= 3 and event["independent_sources"] == 1
    shown = newsledger("event", event["id"][:8], "--db", "l.duckdb", cwd=sample_ledger)
    assert shown.returncode == 0, shown.stderr
    assert "1 independent sources" in shown.stdout and "(copies or relays of one source)" in shown.stdout
    assert "Stakhanov" in shown.stdout
    listed = newsledger("events", "--db", "l.duckdb", "--min-sources", "2", cwd=sample_ledger)
    assert listed.returncode == 0 and event["id"] not in listed.stdout


def test_report_is_one_self_contained_file_with_events_and_comparisons(sample_ledger: Path) -> None:
    result = newsledger("report", "--db", "l.duckdb", "--out", "report.html", cwd=sample_ledger)
    assert result.returncode == 0, result.stderr
    html = (sample_ledger / "report.html").read_text()
    assert "<h2>Events</h2>" in html and "<h2>Figures compared</h2>" in html
    assert "place:kadiyivka" in html and "incompatible" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "no external resources"
    assert "<script" not in html


def test_event_ids_survive_ingesting_more_articles(tmp_path: Path) -> None:
    """Events of a first ingest keep their ids when later articles join them (merges are recorded)."""
    first = tmp_path / "first"
    first.mkdir()
    for name in ("me_stakhanov_conscripts_wire.txt", "kl_buryatia_mobilised_kreminna.txt"):
        shutil.copy(CORPUS / name, first / name)
    outlets = str(REPO / "examples" / "outlets.toml")
    assert (
        newsledger("ingest", "first", "--outlets", outlets, "--db", "l.duckdb", cwd=tmp_path).returncode == 0
    )
    assert newsledger("export", "--db", "l.duckdb", "--out", "before", cwd=tmp_path).returncode == 0
    before = {e["id"]: e for e in map(json.loads, (tmp_path / "before" / "events.jsonl").open())}
    assert before
    shutil.copytree(CORPUS, tmp_path / "all")
    assert newsledger("ingest", "all", "--outlets", outlets, "--db", "l.duckdb", cwd=tmp_path).returncode == 0
    assert newsledger("export", "--db", "l.duckdb", "--out", "after", cwd=tmp_path).returncode == 0
    after = {e["id"]: e for e in map(json.loads, (tmp_path / "after" / "events.jsonl").open())}
    for event_id, event in before.items():
        assert event_id in after, f"event {event_id} lost its id"
        assert set(event["incident_ids"]) <= set(after[event_id]["incident_ids"])
    stakhanov = next(e for e in after.values() if e["place"] and e["place"]["name"] == "place:kadiyivka")
    assert stakhanov["id"] in before and len(stakhanov["article_ids"]) > 1
