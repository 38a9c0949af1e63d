"""The pages in a real browser (the system Chromium, driven by Playwright): navigation, filters, toggles,
no request leaving the machine, and no hostile script ever running. Screenshots go to tests/artifacts/web/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import REPO
from tests.web.conftest import HOSTILE_TITLE, LiveServer

pytestmark = pytest.mark.slow

CHROMIUM = Path(os.environ.get("NEWSLEDGER_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = REPO / "tests" / "artifacts" / "web"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM} (install the Debian package 'chromium' or set NEWSLEDGER_CHROMIUM)"
        )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page that records what must never happen: a dialog, a request elsewhere, a script error."""

    def __init__(self, page: Page, server: LiveServer) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.foreign_requests: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith((server.url, "data:", "about:"))
                else self.foreign_requests.append(request.url)
            ),
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def assert_clean(self) -> None:
        assert self.dialogs == [] and self.foreign_requests == [] and self.errors == []
        assert self.page.evaluate("typeof window.__pwned") == "undefined"


@pytest.fixture
def watched(browser: Browser, live_server: LiveServer) -> Iterator[Watched]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watcher = Watched(page, live_server)
    yield watcher
    watcher.assert_clean()
    context.close()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_overview_then_filter_events_then_follow_an_event_to_its_article(watched: Watched) -> None:
    page = watched.page
    page.goto("/")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    shot(page, "overview")

    page.get_by_role("link", name="Events", exact=True).click()
    page.locator("select[name=type]").select_option("refusal")
    page.locator("input[name=min_sources]").fill("2")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"/events\?.*type=refusal.*min_sources=2"))
    rows = page.locator("table.events tbody tr")
    assert rows.count() >= 1
    for type_cell in rows.locator("td:nth-child(2)").all_inner_texts():
        assert type_cell == "refusal"
    for sources in rows.locator("td:nth-child(7)").all_inner_texts():
        assert int(sources) >= 2
    expect(page.locator("figure.chart svg")).to_be_visible()
    shot(page, "events-filtered")

    rows.first.locator("td:nth-child(2) a").click()
    expect(page.get_by_role("heading", name="Independence chain")).to_be_visible()
    expect(page.locator("mark.hl-incident").first).to_be_visible()
    shot(page, "event")

    page.locator("article.incident h3 a").first.click()
    expect(page).to_have_url(re.compile(r"/articles/[0-9a-f]{16}#incident-[0-9a-f]+$"))
    expect(page.locator(".body .ev.hl-incident").first).to_be_visible()
    removed = page.locator("section.removed")
    expect(removed).to_be_hidden()
    page.locator("#show-removed").check()
    expect(removed).to_be_visible()
    shot(page, "article-with-removed-lines")
    page.locator("#show-evidence").uncheck()
    background = page.locator(".body .ev.hl-incident").first.evaluate(
        "e => getComputedStyle(e).backgroundImage"
    )
    colour = page.locator(".body .ev.hl-incident").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "none" and colour == "rgba(0, 0, 0, 0)", "highlights switched off"


def test_map_circles_lead_to_events(watched: Watched) -> None:
    page = watched.page
    page.goto("/map")
    circles = page.locator("svg.nl-map circle.nl-map-point")
    assert circles.count() >= 5
    expect(page.locator("svg.nl-map path.nl-map-country").first).to_be_attached()
    shot(page, "map")
    page.locator("svg.nl-map a").last.click()  # drawn last, on top of any circle it overlaps
    expect(page).to_have_url(re.compile(r"/events(/[0-9a-f]{16}|\?.*place=)"))


def test_claims_and_search_pages(watched: Watched) -> None:
    page = watched.page
    page.goto("/claims")
    expect(page.locator("section.comparison").first).to_be_visible()
    assert page.locator("section.comparison svg").count() >= 1
    shot(page, "claims")
    page.locator("header form.search input[name=q]").fill("paratroopers Pskov")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=paratroopers"))
    marks = page.locator("p.snippet mark").all_inner_texts()
    assert marks and {m.lower() for m in marks} <= {"pskov", "paratroopers"}
    shot(page, "search")
    page.goto("/docs")
    expect(page.get_by_role("heading", name="JSON API")).to_be_visible()


def test_hostile_article_never_runs_its_scripts(watched: Watched) -> None:
    page = watched.page
    page.goto("/search?q=Izium+battalion+commander")
    page.get_by_role("link", name=HOSTILE_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HOSTILE_TITLE)
    body = page.locator(".body").inner_text()
    assert "<script>window.__pwned = 3</script>" in body
    assert '<img src=x onerror="window.__pwned = 4">' in body
    assert page.locator(".body img, .body script, .body a[href^='javascript']").count() == 0
    page.locator("#show-removed").check()
    shot(page, "hostile-article")
    for link in page.locator("a[href^='/events/']").all()[:2]:
        link.click()
        page.go_back()
