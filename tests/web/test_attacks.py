"""The web app under attack: article text that tries to run script, ids and filters that try SQL or paths.

Hostile pages go through the real pipeline (`newsledger ingest` of an HTML page, a JSON Lines record and
a plain-text page) into a copy of the sample ledger, so they get incidents, events and claims like any
article, and a real `newsledger serve` serves the result. Every payload would set `window.__pwned` to
its own number if it ever ran, so a failure says which one did.

tests/web/test_pages.py, test_api.py and test_browser.py cover conftest.py's hostile article (script,
`onerror` and `javascript:` in a title and body) and a few bad ids. This module adds what they do not:
`<svg onload>`, `</textarea>` and `</title>` breakouts, markup in the outlet (a URL's host becomes the
outlet id), quotes and an ampersand in the byline, hostile removed lines, the search query and a bad
parameter echoed back, the events, claims, map and search pages in the browser (where a violation of the
Content-Security-Policy is watched for too), every parameter of every route, and the static folder.
"""

from __future__ import annotations

import html
import http.client
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from markupsafe import escape
from playwright.sync_api import Browser, Page, sync_playwright

from newsledger.web import api, pages
from newsledger.web.app import create_app
from tests.web.conftest import free_port, newsledger
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.web.test_pages import parse
from tests.web.test_serve import Server

# -- the hostile pages ---------------------------------------------------------------------------------------

HTML_TITLE = "Tank crew deserts near Svatove </title><script>window.__pwned = 11</script>"
HTML_PARAGRAPHS = [
    "SVATOVE, Oct 4 - About 40 soldiers of a tank regiment refused to advance near Svatove on Monday "
    '<svg onload="window.__pwned = 12"> and walked back to their base, two relatives told reporters.',
    "One of them wrote </textarea><script>window.__pwned = 13</script> in a message, the relatives said, "
    "and posted a link that nobody opened.",
    "The regional governor said 120 soldiers of the regiment were killed "
    '<img src=x onerror="window.__pwned = 14"> in the fighting since September.',
    "The defence ministry did not answer questions, and the account could not be independently verified.",
]
# In the HTML page the payloads are text (escaped), as a page quoting markup has them; the real link
# carries a `javascript:` URL, which the cleaner must not turn into one of ours.
HTML_PAGE = f"""<!doctype html>
<html><head>
<title>{html.escape(HTML_TITLE)}</title>
<meta property="og:site_name" content="{html.escape('<svg onload="window.__pwned = 15">')}">
<meta property="article:published_time" content="2022-10-04">
</head><body><article>
<h1>{html.escape(HTML_TITLE)}</h1>
{"".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in HTML_PARAGRAPHS)}
<p>Watch <a href="javascript:window.__pwned = 16">the video the relatives sent</a> before it is removed.</p>
</article></body></html>
"""

JSONL_OUTLET = "<svg onload=window.__pwned=21>.example"  # the host of the record's URL
JSONL_TITLE = 'Mobilised men refuse orders near Kreminna </title><svg onload="window.__pwned = 22">'
JSONL_LINES = [
    "KREMINNA, Oct 5 - About 25 mobilised men from Buryatia refused to go on the attack near Kreminna on "
    "Tuesday <script>window.__pwned = 23</script>, their wives said.",
    'The wives said their commander <img src=x onerror="window.__pwned = 24"> threatened the men '
    "with prison.",
    "The army did not answer questions about the account.",
]
JSONL_RECORD = {
    "url": f"https://{JSONL_OUTLET}/refusal",
    "title": JSONL_TITLE,
    "published": "2022-10-05",
    "text": "\n".join(JSONL_LINES),
}

TEXT_TITLE = "Conscripts walk off post near Kupiansk </textarea><script>window.__pwned = 31</script>"
TEXT_BYLINE = "Anna O'Neil & Pavel Sidorov"
TEXT_PARAGRAPHS = [
    "KUPIANSK, Oct 6 - About 60 conscripts refused to hold their positions near Kupiansk on Wednesday "
    '<svg onload="window.__pwned = 32">, a local volunteer told reporters.',
    "The volunteer said the men had sent a video with a link "
    '<a href="javascript:window.__pwned = 33">watch</a> to their families.',
    "A regional official said 15 conscripts were wounded "
    '<img src=x onerror="window.__pwned = 34"> in the shelling before they left.',
]
TEXT_FURNITURE = [
    'Share on Facebook <svg onload="window.__pwned = 35">',
    "READ MORE: <script>window.__pwned = 36</script>",
]
TEXT_PAGE = "\n".join(
    [TEXT_TITLE, f"By {TEXT_BYLINE}", "October 6, 2022", "", *(p + "\n" for p in TEXT_PARAGRAPHS),
     *TEXT_FURNITURE, "Subscribe to our newsletter"]
)  # fmt: skip

# Every payload that reaches the ledger as text; none may ever appear unescaped in a page.
PAYLOADS = [
    "</title><script>window.__pwned = 11</script>",
    '<svg onload="window.__pwned = 12">',
    "</textarea><script>window.__pwned = 13</script>",
    '<img src=x onerror="window.__pwned = 14">',
    JSONL_OUTLET,
    '</title><svg onload="window.__pwned = 22">',
    "<script>window.__pwned = 23</script>",
    '<img src=x onerror="window.__pwned = 24">',
    "</textarea><script>window.__pwned = 31</script>",
    '<svg onload="window.__pwned = 32">',
    '<a href="javascript:window.__pwned = 33">',
    '<img src=x onerror="window.__pwned = 34">',
    '<svg onload="window.__pwned = 35">',
    "<script>window.__pwned = 36</script>",
]
# Typed into the search box or a filter: the pages echo them back.
ECHOED = [
    '"><script>window.__pwned = 51</script>',
    "</textarea><script>window.__pwned = 52</script>",
    "'><svg onload=window.__pwned=53>",
]
# A search for it echoes it as the search box's value: data there, a script only in a link's URL.
JAVASCRIPT_QUERY = "javascript:window.__pwned = 54"
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc")


def assert_no_active_markup(page: str) -> None:
    """No element that runs or embeds, no event handler, no script URL where a URL is read.

    (test_pages.assert_nothing_executable also refuses `javascript:` as a search box's value, where the
    search page rightly echoes it as data.) Browsers drop tabs, newlines and controls inside a URL's
    scheme, so they are dropped here before looking at it.
    """
    for tag, attrs in parse(page).tags:
        assert tag not in ("script", "iframe", "object", "embed", "base", "meta", "link") or (
            tag in ("meta", "link") and "http-equiv" not in attrs and attrs.get("href", "/").startswith("/")
        ), (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in URL_ATTRIBUTES:
                scheme = "".join(c for c in (value or "") if c.isprintable() and not c.isspace()).lower()
                assert not scheme.startswith(("javascript:", "vbscript:", "data:text/html")), (
                    tag,
                    name,
                    value,
                )


@dataclass(frozen=True, slots=True)
class HostileLedger:
    path: Path
    articles: dict[str, dict[str, Any]]  # file name → the API's article detail

    def article(self, name: str) -> dict[str, Any]:
        return self.articles[name]

    @property
    def event_ids(self) -> list[str]:
        return sorted(
            {i["event_id"] for a in self.articles.values() for i in a["incidents"] if i["event_id"]}
        )


@pytest.fixture(scope="module")
def hostile_ledger(ledger_path: Path, tmp_path_factory: pytest.TempPathFactory) -> HostileLedger:
    """The sample ledger plus the three hostile pages, ingested by the real command."""
    work = tmp_path_factory.mktemp("hostile")
    pages = work / "hostile"
    pages.mkdir()
    (pages / "hostile.html").write_text(HTML_PAGE, encoding="utf-8")
    (pages / "hostile.jsonl").write_text(json.dumps(JSONL_RECORD) + "\n", encoding="utf-8")
    (pages / "hostile.txt").write_text(TEXT_PAGE, encoding="utf-8")
    db = work / "ledger.duckdb"
    shutil.copy(ledger_path, db)
    result = newsledger("ingest", "hostile", "--db", "ledger.duckdb", "--quiet", cwd=work)
    assert result.returncode == 0, result.stderr
    with TestClient(create_app(db)) as client:
        listed = client.get("/api/articles", params={"per_page": 200}).json()["items"]
        articles = {
            Path(row["origin"]).name.split("#")[0]: client.get(f"/api/articles/{row['id']}").json()
            for row in listed
            if row["origin"].startswith("hostile/")
        }
    return HostileLedger(db, articles)


@pytest.fixture(scope="module")
def hostile_client(hostile_ledger: HostileLedger) -> Iterator[TestClient]:
    with TestClient(create_app(hostile_ledger.path)) as client:
        yield client


@pytest.fixture(scope="module")
def hostile_server(hostile_ledger: HostileLedger) -> Iterator[Server]:
    """`newsledger serve` on the hostile ledger, as a user runs it."""
    server = Server(hostile_ledger.path, free_port())
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def test_the_hostile_pages_reach_the_ledger_as_written(hostile_ledger: HostileLedger) -> None:
    """Otherwise every test below could pass on text that was never hostile."""
    page, record, text = (hostile_ledger.article(n) for n in ("hostile.html", "hostile.jsonl", "hostile.txt"))
    assert page["article"]["title"] == HTML_TITLE
    assert all(paragraph in page["body"] for paragraph in HTML_PARAGRAPHS)
    assert "javascript:" not in page["body"], "the link's URL is not text of the page"
    assert (record["article"]["title"], record["article"]["outlet"]) == (JSONL_TITLE, JSONL_OUTLET)
    assert record["url"] == JSONL_RECORD["url"] and record["body"] == "\n".join(JSONL_LINES)
    assert (text["article"]["title"], text["byline"]) == (TEXT_TITLE, TEXT_BYLINE)
    assert text["body"] == "\n".join(TEXT_PARAGRAPHS)
    assert {line["text"] for line in text["removed"]} >= set(TEXT_FURNITURE)
    assert hostile_ledger.event_ids, "hostile evidence is shown on event pages"
    claims = [h for a in hostile_ledger.articles.values() for h in a["highlights"] if h["kind"] == "claim"]
    assert len(claims) >= 3, "and on the claims page"


# -- in the served HTML --------------------------------------------------------------------------------------


def hostile_pages(ledger: HostileLedger) -> dict[str, str]:
    """Every page that shows hostile text or echoes a hostile value, by a name for the test report."""
    quoted = quote(JSONL_OUTLET, safe="")
    pages = {f"article {name}": f"/articles/{a['article']['id']}" for name, a in ledger.articles.items()}
    pages |= {f"event {n}": f"/events/{event_id}" for n, event_id in enumerate(ledger.event_ids)}
    pages |= {
        "overview": "/",
        "articles": "/articles?per_page=200",
        "articles of the hostile outlet": f"/articles?outlet={quoted}",
        "events": "/events?per_page=200",
        "events of the hostile outlet": f"/events?outlet={quoted}",
        "map": "/map",
        "claims": "/claims?per_page=200",
        "search hits": "/search?q=Svatove+Kreminna+Kupiansk+regiment+conscripts",
        "search for a tag": "/search?q=script+onerror+onload+svg",
        "search for a javascript: URL": f"/search?q={quote(JAVASCRIPT_QUERY)}",
        "bad date echoed": f"/events?since={quote(ECHOED[0])}",
        "bad id echoed": f"/articles/{quote(ECHOED[2], safe='')}",  # no slash: it reaches the route
        "bad place echoed": f"/map?place={quote(ECHOED[1])}",
    }
    pages |= {f"search echo {n}": f"/search?q={quote(value)}" for n, value in enumerate(ECHOED)}
    return pages


def test_every_hostile_page_shows_the_payloads_as_text(
    hostile_client: TestClient, hostile_ledger: HostileLedger
) -> None:
    for name, url in hostile_pages(hostile_ledger).items():
        response = hostile_client.get(url)
        assert response.status_code in (200, 404, 422), (name, response.status_code)
        assert_no_active_markup(response.text)
        for payload in PAYLOADS + ECHOED:
            if "<" in payload or '"' in payload:
                assert payload not in response.text, (name, payload)


def test_article_pages_carry_each_field_escaped(
    hostile_client: TestClient, hostile_ledger: HostileLedger
) -> None:
    for name, detail in hostile_ledger.articles.items():
        page = hostile_client.get(f"/articles/{detail['article']['id']}").text
        title = str(escape(detail["article"]["title"]))
        assert f"<title>{title} · newsledger</title>" in page, "the title breaks out of nothing"
        assert f"<h1>{title}</h1>" in page
        for field in (detail["article"]["outlet"], detail["byline"], detail["url"]):
            if field:
                assert str(escape(field)) in page, (name, field)
        for line in detail["removed"]:
            assert str(escape(line["text"])) in page, (name, line)
    assert (
        "Anna O&#39;Neil &amp; Pavel Sidorov"
        in hostile_client.get(f"/articles/{hostile_ledger.article('hostile.txt')['article']['id']}").text
    )


def test_echoed_values_stay_inside_their_attribute(hostile_client: TestClient) -> None:
    for value in ECHOED:
        page = hostile_client.get("/search", params={"q": value}).text
        assert f'name="q" value="{escape(value)}"' in page, "the search box shows the query as typed"
    tags = parse(hostile_client.get("/search", params={"q": JAVASCRIPT_QUERY}).text).tags
    assert ("input", JAVASCRIPT_QUERY) in {(tag, attrs.get("value")) for tag, attrs in tags}
    urls = [value or "" for _, attrs in tags for name, value in attrs.items() if name in URL_ATTRIBUTES]
    assert urls and not any("javascript" in url.lower() for url in urls)
    response = hostile_client.get("/events", params={"since": ECHOED[0]})
    assert response.status_code == 422
    assert str(escape(ECHOED[0])) in response.text, "the error names the value, escaped"
    response = hostile_client.get(f"/articles/{quote(ECHOED[2], safe='')}")
    assert response.status_code == 404
    assert f"{escape(repr(ECHOED[2]))} is not an article id" in response.text, "the id, escaped"


# -- in the browser ------------------------------------------------------------------------------------------

# Runs before any script of the page: records every report of a blocked inline script, handler or
# resource. Content that slipped through the escaping would show here even though the policy stopped it.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI || 'inline'} ${event.sample}`);
});
"""


class Guard:
    """What must never happen on a page: a dialog, a script error, a blocked script (CSP violation),
    a request to another origin, or `window.__pwned` being set."""

    def __init__(self, page: Page, origin: str) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.page_errors: list[str] = []
        self.csp_console: list[str] = []
        self.foreign_requests: list[str] = []
        page.add_init_script(CSP_LISTENER)
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on(
            "console",
            lambda message: (
                self.csp_console.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith((origin, "data:", "about:"))
                else self.foreign_requests.append(request.url)
            ),
        )

    def breaches(self) -> dict[str, Any]:
        return {
            "dialogs": self.dialogs,
            "page errors": self.page_errors,
            "CSP violations": self.page.evaluate("window.__cspViolations || []") + self.csp_console,
            "foreign requests": self.foreign_requests,
            "window.__pwned": self.page.evaluate(
                "typeof window.__pwned === 'undefined' ? null : String(window.__pwned)"
            ),
        }


NO_BREACH = {
    "dialogs": [],
    "page errors": [],
    "CSP violations": [],
    "foreign requests": [],
    "window.__pwned": None,
}


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM} (install the Debian package 'chromium' or set NEWSLEDGER_CHROMIUM)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def guarded(chromium: Browser, hostile_server: Server) -> Iterator[Guard]:
    context = chromium.new_context(base_url=hostile_server.url)
    guard = Guard(context.new_page(), hostile_server.url)
    yield guard
    context.close()


@pytest.mark.slow
def test_no_hostile_page_runs_anything_in_chromium(guarded: Guard, hostile_ledger: HostileLedger) -> None:
    page = guarded.page
    for name, url in hostile_pages(hostile_ledger).items():
        page.goto(url, wait_until="load")
        if name.startswith("article "):
            for box in ("#show-removed", "#show-evidence", "#show-mentions"):
                page.locator(box).click()  # the toggles are CSS only; showing the removed lines too
        page.wait_for_timeout(50)  # a handler on a freshly shown element would have fired by now
        assert guarded.breaches() == NO_BREACH, name


@pytest.mark.slow
def test_chromium_reads_the_hostile_fields_as_the_text_they_are(
    guarded: Guard, hostile_ledger: HostileLedger
) -> None:
    page = guarded.page
    text = hostile_ledger.article("hostile.txt")
    page.goto(f"/articles/{text['article']['id']}")
    assert page.title() == f"{TEXT_TITLE} · newsledger"
    assert page.locator("h1").inner_text() == TEXT_TITLE
    assert page.locator("dl.facts").inner_text().count(TEXT_BYLINE) == 1
    body = page.locator(".body").inner_text()
    assert all(paragraph in body for paragraph in TEXT_PARAGRAPHS)
    page.locator("#show-removed").check()
    removed = page.locator("section.removed").inner_text()
    assert all(line in removed for line in TEXT_FURNITURE)
    assert page.locator(".body svg, .body img, .body script, a[href^='javascript']").count() == 0

    record = hostile_ledger.article("hostile.jsonl")
    page.goto(f"/events?outlet={quote(JSONL_OUTLET, safe='')}")
    assert page.locator("select[name=outlet] option:checked").inner_text() == JSONL_OUTLET
    assert JSONL_OUTLET in page.locator("table.events").inner_text()
    page.goto(f"/articles/{record['article']['id']}")
    assert page.locator("h1").inner_text() == JSONL_TITLE

    page.goto(f"/search?q={quote(ECHOED[0])}")
    assert page.locator("main input[name=q]").input_value() == ECHOED[0]
    assert guarded.breaches() == NO_BREACH


@pytest.mark.slow
def test_the_guard_sees_a_payload_that_runs(guarded: Guard) -> None:
    """The check above can fail: the same payloads, unescaped and without the policy, do run."""
    guarded.page.set_content('<p>x</p><img src=x onerror="window.__pwned = 99">')
    guarded.page.wait_for_function("window.__pwned === 99")
    assert guarded.breaches()["window.__pwned"] == "99"


@pytest.mark.slow
def test_the_served_policy_stops_markup_that_slipped_through(guarded: Guard, hostile_server: Server) -> None:
    """The second line of defence: were a payload ever left unescaped, the served Content-Security-Policy
    would block it, and the guard would see the attempt."""
    headers = http_get(hostile_server, "/").headers
    policy = {name: headers[name] for name in ("content-security-policy", "x-content-type-options")}
    unescaped = "<!doctype html><title>slipped</title><p>" + "".join(PAYLOADS[1:4] + PAYLOADS[6:8]) + "</p>"
    guarded.page.route(
        f"{hostile_server.url}/slipped",
        lambda route: route.fulfill(
            status=200, headers={**policy, "content-type": "text/html; charset=utf-8"}, body=unescaped
        ),
    )
    guarded.page.goto("/slipped", wait_until="load")
    guarded.page.wait_for_function("window.__cspViolations.length > 0")
    breaches = guarded.breaches()
    assert breaches["window.__pwned"] is None and breaches["dialogs"] == []
    assert any("script-src" in violation for violation in breaches["CSP violations"])


# -- ids and filters -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    path: str  # the path finally answered, after redirects on the same server


def http_get(server: Server, raw_path: str, redirects: int = 3) -> Answer:
    """GET `raw_path` byte for byte (httpx would resolve `..` and re-encode), following the server's
    redirects to itself (`/events/x/` → `/events/x`)."""
    address = urlsplit(server.url)
    connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=30)
    try:
        connection.request("GET", raw_path)
        response = connection.getresponse()
        answer = Answer(
            response.status, {k.lower(): v for k, v in response.getheaders()}, response.read(), raw_path
        )
    finally:
        connection.close()
    if answer.status in (301, 302, 307, 308) and redirects:
        target = urlsplit(answer.headers["location"])
        assert target.netloc in ("", address.netloc), f"{raw_path} redirects away: {target.geturl()}"
        return http_get(server, target.path + (f"?{target.query}" if target.query else ""), redirects - 1)
    return answer


# Markers of files the server must never send: /etc/passwd, the project's pyproject.toml, its sources.
FILE_MARKERS = (b"root:x:0:0", b"[project]", b"[build-system]", b"from __future__ import annotations")

HOSTILE_VALUES = [
    "' OR 1=1 --",
    "1'; DROP TABLE events; --",
    '" OR ""="',
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "\x00",
    "abcd\x00' OR 1=1",
    "x" * 4000,
    "Киев ☢ 日本語 🙂 \u202e",
    "<script>window.__pwned = 61</script>",
    "%",
    "*",
    "9" * 30,
    "-1",
    "1e999",
]
# Path parameters, sent as raw bytes: dot segments, encoded slashes, NUL, bad UTF-8, very long.
HOSTILE_PATH_SEGMENTS = [
    "..",
    "../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e%2f%2e%2e%2fpyproject.toml",
    "%252e%252e%252fpyproject.toml",
    "..%5c..%5cpyproject.toml",
    "%2e%2e%2f",
    "%00",
    "abcd%00",
    "abcd'%20OR%20'1'='1",
    "abcd%20OR%201=1%20--",
    "%ff%fe",
    "%F0%9F%99%82%F0%9F%99%82",
    "a" * 4000,
    "<script>",
]
# Filters whose hostile value can only match nothing, when it is taken as the literal value it is.
LITERAL_FILTERS = {"place", "outlet", "category", "article"}


def route_parameters() -> dict[str, tuple[list[str], list[str]]]:
    """Every route of the app (app.py includes the API's router and the pages') with its path and query
    parameters, those of its dependencies included."""

    def walk(dependant: Any, path: list[str], query: list[str]) -> None:
        path += [p.alias for p in dependant.path_params]
        query += [p.alias for p in dependant.query_params]
        for sub in dependant.dependencies:
            walk(sub, path, query)

    routes = {}
    for route in [*api.router.routes, *pages.router.routes]:
        if isinstance(route, APIRoute):
            path: list[str] = []
            query: list[str] = []
            walk(route.dependant, path, query)
            routes[route.path] = (sorted(set(path)), sorted(set(query)))
    return routes


def test_the_routes_attacked_are_read_from_the_app_with_every_parameter(hostile_client: TestClient) -> None:
    """The attacks below take the routes and their parameters from the app itself, so a new one is attacked
    without a word here; for the API they must be exactly what its OpenAPI schema documents (the walk
    through the dependencies misses none)."""
    routes = route_parameters()
    documented_paths = hostile_client.get("/openapi.json").json()["paths"]
    assert set(documented_paths) == {route for route in routes if route.startswith("/api/")}
    for path, methods in documented_paths.items():
        documented = {(p["in"], p["name"]) for p in methods["get"].get("parameters", [])}
        found = {("path", name) for name in routes[path][0]} | {("query", name) for name in routes[path][1]}
        assert found == documented, path
    pages = {route for route in routes if not route.startswith("/api/")}
    assert {
        "/events",
        "/events/{event_id}",
        "/map",
        "/claims",
        "/articles",
        "/articles/{article_id}",
    } <= pages
    assert routes["/events"][1] == routes["/api/events"][1] and "q" in routes["/search"][1]


def query_attacks() -> list[tuple[str, str, str]]:
    """(route, the raw path and query to send, the parameter attacked)."""
    attacks = []
    for route, (path, query) in route_parameters().items():
        if path:
            continue  # their query parameters: none; their ids: path_attack_routes
        for name in query:
            # /api/search needs a query when another parameter is attacked.
            base = {"q": "refused"} if route.endswith("/search") and name != "q" else {}
            for value in HOSTILE_VALUES:
                attacks.append((route, f"{route}?{urlencode({**base, name: value})}", name))
    return attacks


def path_attack_routes() -> list[str]:
    return [route for route, (path, _) in route_parameters().items() if path]


def assert_harmless(answer: Answer) -> None:
    """A 404 or 422 (or a 200 that took the value as data): never a 500, never a file, nothing to run."""
    assert answer.status in (200, 404, 422), (answer.path[:200], answer.status, answer.body[:300])
    assert not any(marker in answer.body for marker in FILE_MARKERS), answer.path[:200]
    if answer.headers.get("content-type", "").startswith("text/html"):
        assert_no_active_markup(answer.body.decode())
    else:
        assert answer.headers.get("content-type") == "application/json", answer.path[:200]
        body = json.loads(answer.body)
        if answer.status != 200:
            assert set(body) == {"status", "detail"} and body["status"] == answer.status


def test_hostile_query_parameters_are_rejected_or_taken_literally(hostile_server: Server) -> None:
    statuses: dict[int, int] = {}
    for route, raw, name in query_attacks():
        answer = http_get(hostile_server, raw)
        assert_harmless(answer)
        statuses[answer.status] = statuses.get(answer.status, 0) + 1
        if answer.status == 200 and route.startswith("/api/"):
            body = json.loads(answer.body)
            if name in LITERAL_FILTERS:
                assert body["total"] == 0, (raw[:200], body["total"])  # no `OR 1=1`, no wildcard
            if name == "q":
                assert all(term.isalnum() for term in body["terms"]), raw[:200]  # only words were looked up
    assert statuses.get(422, 0) > 0 and statuses.get(200, 0) > 0 and 500 not in statuses


def test_hostile_ids_are_404(hostile_server: Server) -> None:
    for route in path_attack_routes():
        prefix = route.split("{")[0]
        for segment in HOSTILE_PATH_SEGMENTS:
            answer = http_get(hostile_server, prefix + segment)
            assert_harmless(answer)
            assert answer.status == 404, (prefix + segment[:100], answer.status)


LISTS = ["/api/events", "/events", "/api/articles", "/articles", "/api/claims", "/claims", "/api/comparisons",
         "/api/search?q=refused", "/search?q=refused"]  # fmt: skip


@pytest.mark.parametrize("route", LISTS)
def test_a_page_number_too_big_for_an_offset_is_a_422_naming_it(
    hostile_client: TestClient, route: str
) -> None:
    """Pages past the end are empty; a page whose offset DuckDB cannot hold (past 2^63) was a 500."""
    separator = "&" if "?" in route else "?"
    response = hostile_client.get(f"{route}{separator}page=9223372036854775807")
    assert response.status_code == 422, response.text[:300]
    assert "page: " in response.text
    assert hostile_client.get(f"{route}{separator}page=1000000").status_code == 200


STATIC_ESCAPES = [
    "/static/../../pyproject.toml",
    "/static/..%2f..%2fpyproject.toml",
    "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/static/..%252f..%252fpyproject.toml",
    "/static/....//....//pyproject.toml",
    "/static/..\\..\\pyproject.toml",
    "/static/%5c..%5c..%5cpyproject.toml",
    "/static/..%c0%af..%c0%afpyproject.toml",
    "/static/../app.py",
    "/static/..%2fapp.py",
    "/static/%2e%2e%2f__init__.py",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/" + "%2e%2e%2f" * 12 + "etc/passwd",
    "/static/style.css%00.py",
    "/static/%00",
    "/static/.",
    "/static/",
    "/../../etc/passwd",
    "//etc/passwd",
]


def test_the_static_route_cannot_leave_its_folder(hostile_server: Server) -> None:
    assert http_get(hostile_server, "/static/style.css").status == 200, "the folder itself is served"
    for raw in STATIC_ESCAPES:
        answer = http_get(hostile_server, raw)
        assert_harmless(answer)
        assert answer.status == 404, (raw, answer.status)
