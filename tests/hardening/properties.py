"""What must hold for any input, however hostile: checked by the hypothesis tests and the atheris targets.

1. Reading never raises: every input ends as documents or as rejections, and an input never vanishes.
2. A rejection names its origin and gives its reason on one line.
3. A document's id is the hash of its text, and its text is valid Unicode with normalised newlines.
4. Cleaning ends as an article or a rejection of that document, never as an exception.
5. Cleaning never invents text:
   - plain text: every body paragraph is a line of the document with its runs of whitespace folded to one
     space and its ends trimmed; together with the removed lines it accounts for every non-blank line;
   - HTML: every body paragraph is made of pieces of the page's text nodes (C0 control characters, which
     HTML does not allow, removed; entities decoded by the HTML parser), each within one text node,
     after Unicode canonical normalisation and with whitespace ignored.
     trafilatura may drop elements between pieces and join what is left, moves a text node on odd
     markup (see _pieces_of), drops control and format
     characters (those neither printable nor whitespace) or puts U+FFFD for them, and on odd markup
     even takes the text of a <script> or <template>; it never adds a character of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from lxml import etree
from trafilatura.utils import load_html

from newsledger.clean.article import Cleaned
from newsledger.clean.html import strip_control_characters
from newsledger.records import Article, Document, Rejection, content_id

_SPACE = re.compile(r"\s+")
MEDIA_TYPES = {"text/plain", "text/html"}


def fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def check_read(items: Iterable[Document | Rejection], origin: str) -> list[Document | Rejection]:
    """Properties 1–3 for what a reader made of one input named `origin`."""
    items = list(items)
    assert items, f"{origin}: the input vanished without a document or a reason"
    for item in items:
        assert item.origin.startswith(origin), (item.origin, origin)
        if isinstance(item, Rejection):
            check_reason(item.reason)
        else:
            assert isinstance(item, Document), type(item)
            check_document(item)
    return items


def check_reason(reason: str) -> None:
    assert reason and reason.strip() == reason, repr(reason)
    assert "\n" not in reason and "\r" not in reason, repr(reason)
    assert "Traceback" not in reason, reason
    assert len(reason) <= 400, reason


def check_document(document: Document) -> None:
    assert document.media_type in MEDIA_TYPES, document.media_type
    assert "\r" not in document.text
    document.text.encode("utf-8")  # raises on a lone surrogate, which nothing downstream can store
    assert document.id == content_id(document.text)


def check_cleaned(document: Document, cleaned: Cleaned, min_words: int) -> None:
    """Properties 4 and 5 for the cleaning of one document."""
    result = cleaned.result
    if isinstance(result, Rejection):
        assert (result.origin, result.document_id) == (document.origin, document.id)
        check_reason(result.reason)
        return
    assert isinstance(result, Article), type(result)
    assert (result.id, result.document_id, result.origin) == (document.id, document.id, document.origin)
    assert result.body and result.words >= min_words
    for line in result.removed:
        check_reason(line.reason)
    if document.media_type == "text/plain":
        check_text_body(document.text, result)
    else:
        check_html_body(document.text, result.paragraphs)


def check_text_body(text: str, article: Article) -> None:
    lines = [fold(line) for line in text.split("\n")]
    page = set(lines)
    for paragraph in article.paragraphs:
        assert paragraph in page, f"body paragraph not on the page: {paragraph[:200]!r}"
    removed = sorted(line.line for line in article.removed)
    assert len(set(removed)) == len(removed), "a line removed twice"
    for line in article.removed:
        assert line.text == lines[line.line], (line, lines[line.line])
    nonblank = sum(1 for line in lines if line)
    assert len(article.paragraphs) + len(removed) == nonblank, "a line is neither in the body nor removed"


def check_html_body(html: str, paragraphs: list[str]) -> None:
    runs = [_comparable(run) for run in page_text_runs(html)]
    runs = [run for run in runs if run]
    for paragraph in paragraphs:
        assert _pieces_of(_comparable(paragraph), runs), (
            f"body paragraph not from the page: {paragraph[:200]!r}"
        )


def page_text_runs(html: str) -> Iterator[str]:
    """The page's text nodes in document order, as trafilatura's HTML parser reads them (entities
    resolved), including those of elements a browser does not show: trafilatura takes them on odd
    markup."""
    root = load_html(strip_control_characters(html))
    if root is None:
        return
    stack: list[tuple[etree._Element, bool]] = [(root, True)]
    while stack:
        element, entering = stack.pop()
        if not entering:
            if element.tail:
                yield element.tail
            continue
        if isinstance(element.tag, str):  # comments and processing instructions hold no page text
            if element.text:
                yield element.text
            stack.append((element, False))
            stack.extend((child, True) for child in reversed(element))
        elif element.tail:
            yield element.tail


def _comparable(text: str) -> str:
    """Canonically decomposed (so that composing across pieces cannot hide a match), without whitespace,
    without the characters trafilatura drops (neither printable nor whitespace) and without U+FFFD, which
    lxml puts for a character XML cannot hold (a reference to U+0001)."""
    text = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in text if ch.isprintable() and not ch.isspace() and ch != "\ufffd")


def _pieces_of(paragraph: str, runs: list[str]) -> bool:
    """Whether `paragraph` is a concatenation of substrings of `runs`, each within one run.

    The pieces may come in another order than the runs: trafilatura moves a text node on odd markup (the
    tail after a list inside a quote joins the text of the quote). What it must never do is produce
    characters that no text node of the page holds in that sequence. Greedy is exact: eating the longest
    prefix any run holds never hurts, because any suffix of a concatenation of pieces is one too."""
    rest = paragraph
    while rest:
        eaten = max(_longest_prefix_in(rest, run) for run in runs) if runs else 0
        if eaten == 0:
            return False
        rest = rest[eaten:]
    return True


def _longest_prefix_in(text: str, run: str) -> int:
    low, high = 0, min(len(text), len(run))
    while low < high:  # prefixes held by `run` are closed under shortening: binary search the longest
        middle = (low + high + 1) // 2
        if text[:middle] in run:
            low = middle
        else:
            high = middle - 1
    return low
