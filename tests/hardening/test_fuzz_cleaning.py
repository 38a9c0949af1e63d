"""Property tests of cleaning and storing over random pages (issue #9, part 1).

Every document ends as an article or a named rejection, and an article's body never holds text the page
did not (the exact statement is in tests/hardening/properties.py and docs/promises.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from newsledger.clean.article import CleanContext, clean_document
from newsledger.clean.outlets import OutletRegistry
from newsledger.clean.recurrence import LineRecurrence, page_site
from newsledger.config import DedupSettings
from newsledger.pipeline import DocumentProcessor
from newsledger.records import Article, Document, content_id
from newsledger.store import Ledger
from tests.hardening.properties import check_cleaned, check_html_body, check_text_body
from tests.hardening.strategies import html_pages, text_pages

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MIN_WORDS = 10
REGISTRY = OutletRegistry.load(())
CONTEXT = CleanContext(REGISTRY, {}, MIN_WORDS)
URLS = st.sampled_from([None, "https://www.mirror.co.uk/news/world-news/a-1", "https://courier.example/b"])


def _document(text: str, media_type: str, url: str | None) -> Document:
    suffix = "html" if media_type == "text/html" else "txt"
    return Document(content_id(text), f"site/page.{suffix}", media_type, text, url=url)


@settings(FUZZ, max_examples=300)
@given(text_pages(), URLS)
@example(
    "Menu\n\u2028A regiment\x1c refused to fight\u00a0near the river, relatives said on Tuesday.\n", None
)
def test_text_cleaning_keeps_only_lines_of_the_page(text: str, url: str | None) -> None:
    document = _document(text, "text/plain", url)
    cleaned = clean_document(document, CONTEXT)
    event(type(cleaned.result).__name__)  # the statistics show how many examples reached an article
    check_cleaned(document, cleaned, MIN_WORDS)


@settings(FUZZ, max_examples=150)
@given(st.lists(text_pages(), min_size=2, max_size=5))
def test_text_cleaning_with_recurring_lines_keeps_only_lines_of_the_page(pages: list[str]) -> None:
    """The corpus evidence (lines recurring on other pages of the site) removes lines, never adds any."""
    documents = [_document(text, "text/plain", None) for text in pages]
    recurrence = LineRecurrence()
    for document in documents:
        lines = document.text.split("\n")
        recurrence.add(document.id, page_site(document, lines, REGISTRY), lines)
    context = CleanContext(REGISTRY, recurrence.shared(), MIN_WORDS)
    for document in documents:
        check_cleaned(document, clean_document(document, context), MIN_WORDS)


@settings(FUZZ, max_examples=250)
@given(html_pages(), URLS)
@example(
    "<ul><li>" + "A regiment refused to fight near the river. " * 3 + "</li></ul><table><tr><td>a|b</td>",
    None,
)
@example("<svg><p><p>" + "A regiment refused to fight near the river, relatives said on Tuesday. " * 2, None)
@example(  # trafilatura moves the list's tail "0" into the quote's text: "01 1 1 1 1 1 1"
    "<html><head><title>A regiment refused to fight near the river, relatives said on Tuesday.</title></head>"
    "<body><article><BLOCKQUOTE><ul>the the the<DIV>1 1 1 1 1 1 1</DIV></ul>0</article></body></html>",
    None,
)
@example("<div>" * 300 + "A regiment refused to fight near the river, relatives said on Tuesday.", None)
@example(  # found by fuzz/clean_html.py: a control character inside a tag name
    "<!doctype html>hm<tl><head><t\x11itle>Conscripts walk</p>\n<p>A group of conscripts left their positions"
    " near a river crossing on Monday, two relatives said &amp; a\nlocal channel confirmed.</p><ul><li>First"
    "<head><title>Conscripts<<footer>&cody></html>\n",
    None,
)
@example(  # found by fuzz/clean_html.py: character references spelled with control characters inside
    "<!doctype html><html><head><titlrter</p>\n<p>A group of conscripts walk off the line relatives said"
    " &amp; a\nlocal channel confirmed.</p><ul><li>First, the men refused the order caf&eacute; and"
    " e&#x\x1801; and &#xD8\x100; and &nbsp;spaces.</p></div></body></html>\n",
    None,
)
def test_html_cleaning_takes_body_text_only_from_the_page(html: str, url: str | None) -> None:
    document = _document(html, "text/html", url)
    cleaned = clean_document(document, CONTEXT)
    event(type(cleaned.result).__name__)
    check_cleaned(document, cleaned, MIN_WORDS)


def test_html_lists_and_tables_come_out_as_the_page_shows_them() -> None:
    """No list bullets or table pipes of trafilatura's text output: each item and cell is a line."""
    html = (
        "<html><body><article><p>A regiment refused to fight near the river, relatives said on Tuesday.</p>"
        "<ul><li>First the commander was dismissed by the ministry</li><li>Then the men went home</li></ul>"
        "<table><tr><td>Killed</td><td>12 | 15</td></tr></table></article></body></html>"
    )
    article = clean_document(_document(html, "text/html", None), CONTEXT).result
    assert isinstance(article, Article)
    assert article.paragraphs == [
        "A regiment refused to fight near the river, relatives said on Tuesday.",
        "First the commander was dismissed by the ministry",
        "Then the men went home",
        "Killed",
        "12 | 15",
    ]
    assert article.removed == [], "every line of the page is in the body"


@pytest.mark.parametrize(
    "body",
    [
        "- First item of the page",  # a bullet trafilatura would add
        "| Killed | 12 |",  # table pipes
        "A regiment refused to fight near the river, relatives said on Tuesday, sources added.",
    ],
)
def test_the_html_property_catches_invented_text(body: str) -> None:
    """The property is not vacuous: a body with characters the page does not hold fails it."""
    html = (
        "<p>A regiment refused to fight near the river, relatives said on Tuesday.</p>"
        "<ul><li>First item of the page</li></ul><table><tr><td>Killed</td><td>12</td></tr></table>"
    )
    with pytest.raises(AssertionError, match="not from the page"):
        check_html_body(html, [body])


def test_the_text_property_catches_invented_and_lost_lines() -> None:
    text = "Menu\nA regiment refused to fight near the river, relatives said on Tuesday.\n"
    document = _document(text, "text/plain", None)
    article = clean_document(document, CONTEXT).result
    assert isinstance(article, Article)
    check_text_body(text, article)
    with pytest.raises(AssertionError, match="not on the page"):
        check_text_body(text, replace(article, body=article.body + "\nSources added this."))
    with pytest.raises(AssertionError, match="neither in the body nor removed"):
        check_text_body(text, replace(article, removed=[]))


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    with Ledger.open(tmp_path_factory.mktemp("ledger") / "fuzz.duckdb") as opened:
        yield opened


@settings(FUZZ, max_examples=60)
@given(st.lists(st.tuples(text_pages() | html_pages(), st.booleans(), URLS), min_size=1, max_size=6))
def test_any_batch_of_pages_is_stored_whole(
    ledger: Ledger, pages: list[tuple[str, bool, str | None]]
) -> None:
    """Processing and writing never fail on what the readers let through (control characters, NULs,
    astral characters): every document of the batch is in the ledger afterwards."""
    documents = {}
    for text, is_html, url in pages:
        document = _document(text, "text/html" if is_html else "text/plain", url)
        documents[document.id] = document
    fresh = ledger.new_documents(list(documents.values()))
    processor = DocumentProcessor(CONTEXT, DedupSettings())
    ledger.write_results(processor.process_batch(fresh))
    stored = dict(ledger.con.execute("SELECT id, text FROM documents").fetchall())
    for document in documents.values():
        assert stored[document.id] == document.text
