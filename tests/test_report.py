"""The one-file HTML report: self-contained, escaped, with the map, the timeline and the figure charts."""

from __future__ import annotations

import os
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsledger.config import Settings
from newsledger.records import (
    Article,
    Claim,
    ClaimQuantity,
    Document,
    DocumentResult,
    Evidence,
    Fingerprint,
    Incident,
    Mention,
    Role,
)
from newsledger.report import html as report_html
from newsledger.report import write_report
from newsledger.runner import ingest, relink
from newsledger.store import Ledger
from newsledger.store.queries import event_days, event_places, ledger_counts, list_comparisons
from tests.conftest import CORPUS, REPO

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
# Elements that load or run something: none may appear in a self-contained, script-free report.
LOADING_TAGS = {
    "script",
    "link",
    "iframe",
    "frame",
    "object",
    "embed",
    "img",
    "image",
    "base",
    "audio",
    "video",
    "source",
    "track",
    "use",
    "foreignobject",
    "form",
}


class _Page(HTMLParser):
    """Every element with its attributes, every id, and the text of <style> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if dict(attrs).get("id"):
            self.ids.add(str(dict(attrs)["id"]))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def assert_self_contained(html: str) -> _Page:
    """Nothing in the page loads or runs anything, and every link is a fragment of the page itself."""
    page = _Page()
    page.feed(html)
    tags = {tag for tag, _ in page.elements}
    assert not tags & LOADING_TAGS, f"elements that load or run: {tags & LOADING_TAGS}"
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            assert not name.startswith("on"), f"<{tag} {name}>: an inline event handler"
            assert name not in ("src", "srcset", "xlink:href", "style", "action", "formaction"), (
                f"<{tag} {name}>"
            )
            assert "url(" not in (value or ""), f"<{tag} {name}={value!r}>: loads a resource"
        if "href" in attrs:
            href = attrs["href"] or ""
            assert href.startswith("#"), f"<{tag} href={href!r}>: leaves the page"
            assert href[1:] in page.ids, f"<{tag} href={href!r}>: no element has that id"
    css = "".join(page.styles)
    assert "@import" not in css and "url(" not in css
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    csp = next(a["content"] for t, a in page.elements if t == "meta" and a.get("http-equiv"))
    assert "default-src 'none'" in (csp or "")
    return page


def _article(article_id: str, outlet: str, published: date, body: str, title: str = "t") -> Article:
    return Article(
        id=article_id,
        document_id=article_id,
        origin=f"p/{article_id}.txt",
        url=None,
        outlet=outlet,
        title=title,
        byline=None,
        published=published,
        page_date=None,
        body=body,
    )


def _result(
    article: Article, incidents: tuple[Incident, ...] = (), claims: tuple[Claim, ...] = ()
) -> DocumentResult:
    document = Document(id=article.id, origin=article.origin, media_type="text/plain", text=article.body)
    # Distinct signatures and paragraph keys: the two articles are not copies of each other.
    seed = int(article.id[:4], 16)
    fingerprint = Fingerprint(
        minhash=seed.to_bytes(8, "little"), bands=[seed], paragraph_keys=[seed], paragraph_words=[12]
    )
    return DocumentResult(document, article, None, fingerprint, article.outlet, (), incidents, claims)


def test_report_lists_articles_escapes_text_and_loads_nothing_external(tmp_path: Path) -> None:
    body = "A regiment refused to fight near the river crossing on Tuesday, relatives said."
    article = _article("abcd1234abcd1234", "baltic-wire", date(2022, 9, 12), body, f"Unit refuses {HOSTILE}")
    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        ledger.write_results([_result(article)])
        path = write_report(ledger, tmp_path / "report.html")
    html = path.read_text()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "baltic-wire" in html and "2022-09-12" in html and "abcd1234abcd1234" in html
    assert "No event has a place with coordinates yet." in html and "No dated events." in html
    assert_self_contained(html)
    assert not list(tmp_path.glob(".*partial"))


def test_hostile_places_and_speakers_stay_text_in_the_map_and_the_charts(tmp_path: Path) -> None:
    """Place names and speakers come from scraped pages: in tooltips and legends they must stay text."""
    results = []
    for index, (article_id, outlet, figure) in enumerate(
        [("aaaa000000000001", "baltic-wire", 60.0), ("bbbb000000000002", "daily-sentinel", 90.0)]
    ):
        body = f"Sixty soldiers refused to fight near the town, {HOSTILE} said. Figure {figure}."
        article = _article(article_id, outlet, date(2022, 9, 12 + index), body)
        evidence = Evidence(0, 40, body[:40])
        place = Mention(article_id, 0, 30, 38, HOSTILE, "place", "place:hostile", lat=48.6, lon=38.0)
        incident = Incident(
            id=f"i{article_id}",
            article_id=article_id,
            type="refusal",
            actor=None,
            size_min=60,
            size_max=60,
            size_text="Sixty",
            place=place,
            time_start=date(2022, 9, 10),
            time_end=date(2022, 9, 10),
            time_text="on Saturday",
            causes=(),
            outcomes=(),
            attribution=(Role(HOSTILE),),
            status="reported",
            hedged=False,
            specific=True,
            evidence=(evidence,),
        )
        quantity = ClaimQuantity(figure, figure, "people", "soldiers", "refused", "russian", f"{figure:.0f}")
        claim = Claim(
            id=f"c{article_id}",
            article_id=article_id,
            speaker=Role(HOSTILE),
            speaker_kind="official",
            verb="said",
            hedged=False,
            quantities=(quantity,),
            as_of_start=date(2022, 9, 10),
            as_of_end=None,
            evidence=evidence,
        )
        results.append(_result(article, (incident,), (claim,)))
    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        ledger.write_results(results)
        relink(ledger, Settings.load())
        assert [p.name for p in event_places(ledger.con)] == [HOSTILE]
        assert len(list_comparisons(ledger.con)) == 1
        html = write_report(ledger, tmp_path / "report.html").read_text()
    assert "<script" not in html and "<img" not in html
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
    assert f"<title>{escaped}" in html  # the map circle's tooltip
    assert re.search(rf'<text x="10" y="4">{re.escape(escaped)}', html)  # the figures chart's legend
    assert html.count('class="nl-map-point"') == 1 and html.count('class="nl-chart-figure"') == 2
    assert_self_contained(html)


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The sample corpus ingested with the real pipeline, and its report."""
    folder = tmp_path_factory.mktemp("sample")
    settings = Settings.load().with_overrides(workers=1, extra_outlets=[REPO / "examples" / "outlets.toml"])
    with Ledger.open(folder / "l.duckdb") as ledger:
        ingest([str(CORPUS)], ledger, settings)
        path = write_report(ledger, folder / "report.html")
    return path.read_text(), folder / "l.duckdb"


def test_sample_report_maps_every_placed_event_and_links_each_circle_to_it(
    sample_report: tuple[str, Path],
) -> None:
    html, db = sample_report
    page = assert_self_contained(html)
    with Ledger.open(db, read_only=True) as ledger:
        places = event_places(ledger.con)
        days = event_days(ledger.con)
    assert len(places) >= 10  # the sample tells of events from Pskov to Buryatia
    circles = [a for t, a in page.elements if t == "circle" and a.get("class") == "nl-map-point"]
    assert len(circles) == len(places)
    links = [a["href"] for t, a in page.elements if t == "a" and (a.get("href") or "").startswith("#e-")]
    assert sorted(links) == sorted(f"#e-{place.first_event_id}" for place in places)
    kreminna = next(place for place in places if place.place == "place:kreminna")
    assert re.search(rf"<title>Kreminna: {kreminna.events} events \(", html)
    # The timeline stacks every dated event once.
    bars = re.findall(r'class="nl-chart-bar"[^>]*><title>[^<]*?: (\d+) ', html)
    assert sum(map(int, bars)) == sum(d.events for d in days if d.day is not None)


def test_sample_report_charts_each_comparison(sample_report: tuple[str, Path]) -> None:
    html, db = sample_report
    with Ledger.open(db, read_only=True) as ledger:
        comparisons = list_comparisons(ledger.con)
    charts = html.count('class="nl-chart nl-figures"') + html.count("No dated figures.")
    assert charts == len(comparisons) >= 3
    # An incompatible comparison names each series' category with its speaker.
    assert re.search(r"<text x=\"10\" y=\"4\">[^<]+ \((casualties|killed|wounded)\)</text>", html)


def test_a_big_ledger_gets_capped_tables_with_no_dangling_links(
    sample_report: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tables stop at their caps and say so; a copy or a figure whose article is not listed is not linked."""
    _, db = sample_report
    monkeypatch.setattr(report_html, "ARTICLE_ROWS", 5)
    monkeypatch.setattr(report_html, "FIGURE_ROWS", 2)
    with Ledger.open(db, read_only=True) as ledger:
        total = ledger_counts(ledger.con).articles
        html = write_report(ledger, tmp_path / "capped.html").read_text()
    page = assert_self_contained(html)  # every in-page link still has its target
    assert len([i for i in page.ids if i.startswith("a-")]) == 5
    assert f"The first 5 of {total} articles by date" in html
    assert re.search(r"The first 2 of \d+ figures; the chart shows them all", html)


@pytest.mark.slow
def test_sample_report_loads_nothing_in_a_browser(sample_report: tuple[str, Path], tmp_path: Path) -> None:
    """Chromium opens the report under its own Content-Security-Policy: one request (the file itself),
    no policy violation, and the map's circles drawn."""
    chromium = os.environ.get("NEWSLEDGER_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        pytest.skip(f"no Chromium at {chromium} (set NEWSLEDGER_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    html, _ = sample_report
    path = tmp_path / "report.html"
    path.write_text(html)
    requests: list[str] = []
    messages: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: messages.append(message.text))
        page.goto(path.as_uri())
        visible_circles = page.locator("svg.nl-map circle.nl-map-point").evaluate_all(
            "cs => cs.filter(c => c.getBoundingClientRect().width > 0).length"
        )
        browser.close()
    assert requests == [path.as_uri()]
    assert messages == []
    assert visible_circles == html.count('class="nl-map-point"') > 0
