"""The JSON API on the sample ledger: shapes, pagination, filters, id prefixes and the one error shape."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from newsledger.store.queries import EventFilter, count_events
from tests.web.conftest import HOSTILE_TITLE


def test_overview_counts_match_the_ledger(client: TestClient, ledger_path: Path) -> None:
    body = client.get("/api/overview").json()
    with duckdb.connect(str(ledger_path), read_only=True) as con:
        articles, events, claims = con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
            "(SELECT count(*) FROM claims)"
        ).fetchone()
    assert (body["articles"], body["events"], body["claims"]) == (articles, events, claims)
    assert body["articles"] >= 40 and body["events"] >= 10
    assert body["ledger"] == "ledger.duckdb"
    assert body["first_published"] <= body["last_published"]
    assert sum(o["articles"] for o in body["outlets"]) == articles
    latest = [e["first_reported"] for e in body["latest_events"] if e["first_reported"]]
    assert latest == sorted(latest, reverse=True) and latest


def test_events_are_paginated_without_gaps_or_repeats(client: TestClient) -> None:
    everything = client.get("/api/events", params={"per_page": 200}).json()
    total = everything["total"]
    assert total == len(everything["items"]) >= 10
    seen: list[str] = []
    page = 1
    while True:
        body = client.get("/api/events", params={"per_page": 3, "page": page}).json()
        assert (body["page"], body["per_page"], body["total"]) == (page, 3, total)
        if not body["items"]:
            break
        seen += [item["id"] for item in body["items"]]
        page += 1
    assert seen == [item["id"] for item in everything["items"]]
    assert page == -(-total // 3) + 1


def test_event_filters_each_narrow_the_list_as_they_say(client: TestClient) -> None:
    every = client.get("/api/events", params={"per_page": 200}).json()["items"]

    def ids(**params: object) -> list[str]:
        return [
            e["id"] for e in client.get("/api/events", params={"per_page": 200, **params}).json()["items"]
        ]

    assert ids(type="surrender") == [e["id"] for e in every if e["type"] == "surrender"] != []
    assert ids(min_sources=2) == [e["id"] for e in every if e["independent_sources"] >= 2] != []
    assert ids(outlet="kyiv-ledger") == [e["id"] for e in every if "kyiv-ledger" in e["outlets"]] != []
    assert ids(place="kreminna") == [e["id"] for e in every if "kreminna" in (e["place"] or "")] != []

    def day(event: dict) -> tuple[date, date] | None:
        start = event["time_start"] or event["first_reported"]
        end = event["time_end"] or start
        return (date.fromisoformat(start), date.fromisoformat(end)) if start else None

    since, until = date(2022, 9, 1), date(2022, 11, 30)
    expected = [e["id"] for e in every if (d := day(e)) and d[1] >= since and d[0] <= until]
    assert ids(since=since.isoformat(), until=until.isoformat()) == expected != []
    assert len(expected) < len(every)
    # Blank fields, as an HTML form sends them, are no filter at all.
    assert ids(type="", since="", until="", place="", outlet="", min_sources="") == [e["id"] for e in every]


def test_filtered_counts_agree_with_the_query_module(client: TestClient, ledger_path: Path) -> None:
    with duckdb.connect(str(ledger_path), read_only=True) as con:
        expected = count_events(con, EventFilter(event_type="refusal", min_sources=2))
    assert client.get("/api/events", params={"type": "refusal", "min_sources": 2}).json()["total"] == expected


def test_event_detail_has_incidents_with_evidence_in_context_and_the_chain(client: TestClient) -> None:
    events = client.get("/api/events", params={"per_page": 200}).json()["items"]
    copied = [e for e in events if e["incidents"] > e["independent_sources"]]
    assert copied, "the sample corpus has events told by copies"
    detail = client.get(f"/api/events/{copied[0]['id'][:6]}").json()
    assert detail["event"]["id"] == copied[0]["id"]
    assert len(detail["source_groups"]) == copied[0]["independent_sources"]
    grouped = [group for group in detail["source_groups"] if len(group) > 1]
    assert grouped and detail["source_links"], "an event with copies shows why they count once"
    linked = {(link["article_id"], link["source_article_id"]) for link in detail["source_links"]}
    for group in grouped:
        assert any(a in group and b in group for a, b in linked)
    for incident in detail["incidents"]:
        for evidence in incident["evidence"]:
            span = evidence["context"][evidence["start"] : evidence["end"]]
            assert span and span.strip() == span.strip()
            article = client.get(f"/api/articles/{incident['article_id']}").json()
            assert span in article["body"]


def test_article_detail_offsets_point_into_the_body(client: TestClient) -> None:
    first = client.get("/api/articles", params={"per_page": 200}).json()["items"]
    with_incidents = next(a for a in first if client.get(f"/api/articles/{a['id']}").json()["incidents"])
    article = client.get(f"/api/articles/{with_incidents['id']}").json()
    body = article["body"]
    kinds = {h["kind"] for h in article["highlights"]}
    assert {"incident", "place"} <= kinds
    for highlight in article["highlights"]:
        assert 0 <= highlight["start"] < highlight["end"] <= len(body)
    assert article["article"]["id"] == with_incidents["id"]


def test_articles_filter_by_outlet_and_count_it(client: TestClient) -> None:
    body = client.get("/api/articles", params={"outlet": "kyiv-ledger", "per_page": 2}).json()
    assert body["total"] >= 3 and len(body["items"]) == 2
    assert {item["outlet"] for item in body["items"]} == {"kyiv-ledger"}


def test_claims_and_comparisons(client: TestClient) -> None:
    claims = client.get("/api/claims", params={"category": "killed", "per_page": 200}).json()
    assert claims["total"] == len(claims["items"]) > 0
    for claim in claims["items"]:
        assert "killed" in [q["category"] for q in claim["quantities"]]
        assert claim["evidence"]
    comparisons = client.get("/api/comparisons").json()
    assert comparisons["total"] >= 3
    verdicts = {c["verdict"] for c in comparisons["items"]}
    assert verdicts <= {"agree", "differ", "incompatible"} and "differ" in verdicts
    for comparison in comparisons["items"]:
        assert comparison["figures"], comparison["subject"]
        assert {f["category"] for f in comparison["figures"]} <= set(comparison["category"].split("+"))
    differ = client.get("/api/comparisons", params={"verdict": "differ"}).json()
    assert {c["verdict"] for c in differ["items"]} == {"differ"}


def test_comparisons_list_the_figures_of_a_fixed_sample_of_their_claims(client: TestClient) -> None:
    whole = client.get("/api/comparisons").json()["items"]
    sampled = client.get("/api/comparisons", params={"claims_per_comparison": 2}).json()["items"]
    assert [c["id"] for c in sampled] == [c["id"] for c in whole]
    for full, sample in zip(whole, sampled, strict=True):
        assert full["claims"] == sample["claims"] >= 2
        sample_claims = {f["claim_id"] for f in sample["figures"]}
        assert len(sample_claims) <= 2
        assert sample_claims == set(sorted({f["claim_id"] for f in full["figures"]})[:2]) & sample_claims
    assert any(c["claims"] > 2 for c in whole), "the sample has comparisons of more than two claims"


def test_claims_pages_are_in_date_order_without_gaps(client: TestClient) -> None:
    everything = client.get("/api/claims", params={"per_page": 200}).json()
    assert everything["total"] >= len(everything["items"]) > 75
    pages = [client.get("/api/claims", params={"per_page": 25, "page": n}).json()["items"] for n in (1, 2, 3)]
    assert [c["id"] for page in pages for c in page] == [c["id"] for c in everything["items"][:75]]
    dates = [c["as_of"] for c in everything["items"] if c["as_of"]]
    assert dates == sorted(dates)


def test_search_returns_ranked_hits_with_marked_snippets(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "paratroopers Pskov"}).json()
    assert body["total"] >= 3 and body["terms"]
    scores = [hit["score"] for hit in body["items"]]
    assert scores == sorted(scores, reverse=True)
    marked = [{hit["snippet"][s:e].lower() for s, e in hit["marks"]} for hit in body["items"]]
    assert all(words for words in marked), "every hit's snippet shows where it matched"
    assert all(word == "pskov" or word.startswith("paratroop") for words in marked for word in words)
    assert any("pskov" in words and "paratroopers" in words for words in marked)
    paged = client.get("/api/search", params={"q": "paratroopers Pskov", "per_page": 1, "page": 2}).json()
    assert paged["items"][0]["article_id"] == body["items"][1]["article_id"]
    assert client.get("/api/search", params={"q": "zzzyqx"}).json() == {
        "items": [], "page": 1, "per_page": 50, "total": 0, "terms": []
    }  # fmt: skip


def test_hostile_text_comes_back_verbatim_as_json_data(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "Izium battalion"}).json()["items"]
    hostile = next(hit for hit in hits if hit["title"] == HOSTILE_TITLE)
    article = client.get(f"/api/articles/{hostile['article_id']}").json()
    assert "<script>window.__pwned = 3</script>" in article["body"]
    response = client.get(f"/api/articles/{hostile['article_id']}")
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/events?since=2022-13-01", "since"),
        ("/api/events?until=yesterday", "until"),
        ("/api/events?since=2022-10-01&until=2022-09-01", "since"),
        ("/api/events?type=picnic", "type"),
        ("/api/events?type=%27;%20DROP%20TABLE%20events;--", "type"),
        ("/api/events?min_sources=0", "min_sources"),
        ("/api/events?min_sources=many", "min_sources"),
        ("/api/events?per_page=201", "per_page"),
        ("/api/events?page=0", "page"),
        ("/api/events?page=-1", "page"),
        ("/api/articles?per_page=1000", "per_page"),
        ("/api/comparisons?verdict=maybe", "verdict"),
        ("/api/search", "q"),
        ("/api/search?q=", "q"),
        ("/api/search?q=" + "x" * 300, "q"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(client: TestClient, url: str, parameter: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.text
    body = response.json()
    assert set(body) == {"status", "detail"} and body["status"] == 422
    assert body["detail"].startswith(f"{parameter}: "), body["detail"]
    assert "\n" not in body["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/events/ffffffffffff",
        "/api/events/'; DROP TABLE events;--",
        "/api/events/..%2F..%2Fetc%2Fpasswd",
        "/api/events/%2e%2e",
        "/api/events/%00",
        "/api/events/abc",
        "/api/articles/ffffffffffff",
        "/api/articles/..%5C..%5Cwin.ini",
        "/api/articles/1' OR '1'='1",
        "/api/nothing-here",
        "/api/events/0000/extra",
    ],
)
def test_bad_or_unknown_ids_are_404_in_the_one_error_shape(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404, response.text
    body = response.json()
    assert set(body) == {"status", "detail"} and body["status"] == 404 and body["detail"]


def test_the_ledger_survives_injection_attempts(client: TestClient) -> None:
    before = client.get("/api/overview").json()["events"]
    for attempt in ("'; DROP TABLE events;--", "x' OR '1'='1"):
        client.get("/api/events", params={"place": attempt})
        client.get("/api/events", params={"outlet": attempt})
        client.get("/api/search", params={"q": attempt})
    assert client.get("/api/overview").json()["events"] == before


def test_openapi_describes_every_endpoint_with_its_response_model(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/overview", "/api/events", "/api/events/{event_id}", "/api/articles",
        "/api/articles/{article_id}", "/api/claims", "/api/comparisons", "/api/search",
    ):  # fmt: skip
        assert path in paths, path
        ok = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in ok, path
    assert not any(path.startswith(("/events", "/map", "/docs")) for path in paths), "pages stay out"
    event = schema["components"]["schemas"]["EventOut"]["properties"]
    assert event["independent_sources"]["description"]
    params = {p["name"]: p for p in paths["/api/events"]["get"]["parameters"]}
    assert {"type", "since", "until", "place", "outlet", "min_sources", "page", "per_page"} <= set(params)
