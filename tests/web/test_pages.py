"""The HTML pages: each renders the ledger's data, escapes hostile text, and sends the security headers."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import HOSTILE_LINES, HOSTILE_TITLE

PAGES = ["/", "/events", "/map", "/claims", "/articles", "/search?q=refused", "/docs"]


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the document's text, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def assert_nothing_executable(html: str) -> None:
    """No script element, no inline handler, no javascript: URL, nothing loaded from elsewhere."""
    for tag, attrs in parse(html).tags:
        assert tag != "script", attrs
        assert tag != "img" or attrs.get("src", "").startswith(("/", "data:")), attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)
            if name in ("href", "src", "action") and value:
                assert value.startswith(("/", "#", "?", "http://www.w3.org/")), (tag, name, value)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_strict_headers_and_no_script(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "snapshot taken at" in response.text
    assert_nothing_executable(response.text)


def test_overview_shows_counts_outlets_and_latest_events(client: TestClient) -> None:
    overview = client.get("/api/overview").json()
    html = client.get("/").text
    assert f"<b>{overview['articles']}</b>articles" in html
    assert f"<b>{overview['events']}</b>events" in html
    for outlet in overview["outlets"]:
        if outlet["outlet"]:
            assert f'href="/articles?outlet={outlet["outlet"]}"' in html
    for event in overview["latest_events"]:
        assert f'href="/events/{event["id"]}"' in html


def test_events_page_lists_what_its_json_twin_lists(client: TestClient) -> None:
    params = {"type": "refusal", "min_sources": "2"}
    events = client.get("/api/events", params=params).json()
    html = client.get("/events", params=params).text
    linked = set(re.findall(r'href="/events/([0-9a-f]{16})"', html))
    assert linked == {e["id"] for e in events["items"]} != set()
    assert "<svg" in html and "Events over time" in html, "the timeline chart"
    assert '<option value="refusal" selected>' in html, "the form keeps the filter"
    assert f"<b>{events['total']}</b> event" in html


def test_events_page_pages_keep_the_filters(client: TestClient) -> None:
    html = client.get("/events", params={"per_page": 2, "type": "refusal"}).text
    next_link = re.search(r'<a rel="next" href="([^"]+)"', html)
    assert next_link is not None
    href = next_link.group(1).replace("&amp;", "&")
    assert "type=refusal" in href and "per_page=2" in href and "page=2" in href
    assert client.get(href).status_code == 200


def test_map_draws_a_circle_per_place_sized_by_sources_linking_to_events(client: TestClient) -> None:
    html = client.get("/map").text
    circles = re.findall(r'<a href="([^"]+)"[^>]*>\s*<circle[^>]*r="([\d.]+)"', html)
    assert len(circles) >= 5
    assert all(href.startswith("/events") for href, _ in circles)
    assert any(re.fullmatch(r"/events/[0-9a-f]{16}", href) for href, _ in circles), "one-event places"
    radii = {float(r) for _, r in circles}
    assert len(radii) > 1, "circles grow with independent sources"
    assert 'class="nl-map-country"' in html, "the offline base map"
    surrender = client.get("/map", params={"type": "surrender"}).text
    assert len(re.findall(r"<circle", surrender)) < len(re.findall(r"<circle", html))


def test_event_page_highlights_evidence_and_shows_the_chain(client: TestClient) -> None:
    events = client.get("/api/events", params={"per_page": 200}).json()["items"]
    copied = next(e for e in events if e["incidents"] > e["independent_sources"])
    detail = client.get(f"/api/events/{copied['id']}").json()
    html = client.get(f"/events/{copied['id'][:8]}").text
    assert "Independence chain" in html
    for link in detail["source_links"]:
        assert link["how"] in html
    marks = re.findall(r'<mark class="hl-incident">(.*?)</mark>', html, flags=re.S)
    assert len(marks) == sum(len(i["evidence"]) for i in detail["incidents"])
    for incident in detail["incidents"]:
        assert f'href="/articles/{incident["article_id"]}#incident-{incident["id"]}"' in html


def test_article_page_marks_spans_and_can_show_removed_lines(client: TestClient) -> None:
    articles = client.get("/api/articles", params={"per_page": 200}).json()["items"]
    details = [client.get(f"/api/articles/{a['id']}").json() for a in articles]
    article = max(details, key=lambda d: (bool(d["incidents"]), len(d["removed"])))
    html = client.get(f"/articles/{article['article']['id']}").text
    assert article["removed"], "the sample has pages with furniture"
    assert 'id="show-removed"' in html and '<section class="removed"' in html
    for line in article["removed"][:5]:
        assert _escaped(line["reason"]) in html
    for incident in article["incidents"]:
        assert f'id="incident-{incident["id"]}"' in html
        if incident["event_id"]:
            assert f'href="/events/{incident["event_id"]}"' in html
    assert 'class="ev hl-incident' in html and "m m-place" in html
    visible = "".join(parse(html.split('<div class="body">')[1].split("</div>")[0]).text)
    assert re.sub(r"\s+", " ", visible).strip() == re.sub(r"\s+", " ", article["body"]).strip(), (
        "the highlighted body reads exactly as the clean body"
    )


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")


def test_hostile_article_is_shown_as_text_everywhere(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "Izium battalion commander phones"}).json()["items"]
    article_id = next(hit["article_id"] for hit in hits if hit["title"] == HOSTILE_TITLE)
    article = client.get(f"/api/articles/{article_id}").json()
    pages = [
        f"/articles/{article_id}",
        "/articles?per_page=200",
        "/search?q=Izium+battalion+commander+phones",
        "/search?q=%3Cscript%3E",
    ]
    pages += [f"/events/{i['event_id']}" for i in article["incidents"] if i["event_id"]]
    for page in pages:
        html = client.get(page).text
        assert_nothing_executable(html)
        assert "window.__pwned" not in "".join(attrs.get("href") or "" for _, attrs in parse(html).tags), page
    html = client.get(f"/articles/{article_id}").text
    assert _escaped("<script>window.__pwned = 1</script>") in html
    text = "".join(parse(html).text)
    for line in HOSTILE_LINES:
        assert line in text, "the hostile lines read as written"


def test_search_page_marks_the_words_found(client: TestClient) -> None:
    html = client.get("/search", params={"q": "paratroopers"}).text
    marks = re.findall(r"<mark>(.*?)</mark>", html)
    assert marks and all(m.lower().startswith("paratroop") for m in marks)
    assert re.search(r"<b>\d+</b> articles? match", html)
    assert client.get("/search").status_code == 200, "an empty search shows the form"


@pytest.mark.parametrize(
    "path",
    ["/events/ffffffffffff", "/events/'; DROP TABLE events;--", "/articles/..%2F..%2Fetc%2Fpasswd",
     "/articles/%00", "/no/such/page", "/static/..%2Fapp.py", "/static/../../pyproject.toml"],
)  # fmt: skip
def test_unknown_pages_are_an_html_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Not found" in response.text
    assert "import " not in response.text and "[project]" not in response.text
    assert_nothing_executable(response.text)


def test_bad_filter_on_a_page_is_a_422_page_naming_it(client: TestClient) -> None:
    response = client.get("/events", params={"since": "2022-02-30"})
    assert response.status_code == 422
    assert "since:" in response.text and "Cannot show this" in response.text


def test_static_files_come_from_the_package(client: TestClient) -> None:
    response = client.get("/static/style.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", response.text), "no remote fonts or images"


def test_api_reference_page_lists_every_endpoint_offline(client: TestClient) -> None:
    html = client.get("/docs").text
    for path in client.get("/openapi.json").json()["paths"]:
        assert f"<code>{path}</code>" in html
    assert "per_page" in html and "integer, 1 to 200" in html
