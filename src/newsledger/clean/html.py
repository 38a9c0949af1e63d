"""HTML page → article paragraphs via trafilatura, plus the page flattened to lines.

trafilatura decides what the article is; we flatten its article tree and the page ourselves, the same way
(one line per block element), so that every body paragraph is a line of the page as a scraper would see
it: nothing added (no list bullets or table pipes of trafilatura's text output), and what trafilatura
dropped is recorded line by line ("nothing lost"). Metadata (title, byline, date, outlet) is read by
clean/metadata.py.
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree
from trafilatura.utils import load_html

# Never shown as text. The fallback content of <noscript>, <iframe> and <object> is not here: trafilatura
# may take it into the article, so it must count as the page's text.
_INVISIBLE = {"script", "style", "template", "svg", "head"}
_BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "title",
    "caption",
    "button",
    "label",
    "option",
}
# Elements of trafilatura's article tree that run inside a line (highlights, links, deletions, code spans);
# every other element (p, head, item, cell, quote, lb, ...) starts a line of its own.
_INLINE_IN_ARTICLE = {"hi", "ref", "del", "code", "span"}
# libxml2 stops building the tree at this depth and silently drops whatever is nested deeper.
MAX_HTML_DEPTH = 255
# C0 controls other than tab, newline and carriage return: not allowed in HTML text (nor in XML).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class HtmlTooDeep(ValueError):
    """The page nests elements deeper than the HTML parser reads; the message is the rejection reason."""


def parse_page(html: str) -> etree._Element | None:
    """The page's tree as trafilatura parses it (None when it is not HTML at all).

    The page's lines and the article are both read from this one parse, so that what trafilatura keeps
    and what we record as removed are lines of the same tree, whatever odd markup the page has. Control
    characters, which HTML does not allow in text and which lxml drops on some paths only, are removed
    first: "&#xD8<0x10>0;" is then one character reference everywhere, not text on one path and a
    character on another.
    """
    return load_html(strip_control_characters(html))


def strip_control_characters(html: str) -> str:
    return _CONTROL.sub("", html)


def extract_html_paragraphs(page: etree._Element, url: str | None, title: str | None) -> list[str]:
    """The article's paragraphs as trafilatura finds them in the parsed page (empty when there is none).

    trafilatura prunes the tree it is given: read the page's lines (`page_lines`) first.
    """
    try:
        result = trafilatura.bare_extraction(page, url=url, include_comments=False, include_tables=True)
    except (ValueError, etree.LxmlError):
        return []
    body = getattr(result, "body", None)
    paragraphs = _flatten(body, _INLINE_IN_ARTICLE) if body is not None else []
    # trafilatura keeps the headline as the first line of the text; the title is metadata, not body.
    if paragraphs and title and fold(paragraphs[0]) == fold(title):
        paragraphs = paragraphs[1:]
    return paragraphs


def visible_lines(html: str) -> list[str]:
    """The page flattened the way a scraper does: visible text, one line per block element (none for a
    page nested too deep to read whole, which the cleaner rejects)."""
    page = parse_page(html)
    try:
        return page_lines(page) if page is not None else []
    except HtmlTooDeep:
        return []


def page_lines(page: etree._Element) -> list[str]:
    """The parsed page's visible text, one line per block element.

    Raises HtmlTooDeep when the parser reached its depth limit: the page's deeper text is then missing,
    and cleaning what is left would pass a part of the page for all of it.
    """
    return _flatten(page, inline=None)


def _flatten(root: etree._Element, inline: set[str] | None) -> list[str]:
    """Text of the tree, one line per block element, spacing folded, blank lines dropped.

    A page's blocks are the `_BLOCKS` tags (`inline` None); in trafilatura's article tree every tag but
    `inline` is a block. Iterative, so that depth costs no Python stack.
    """
    parts: list[str] = []
    # (element, depth, entering): on entering, its text and children; on leaving, its tail.
    stack: list[tuple[etree._Element, int, bool]] = [(root, 0, True)]
    while stack:
        element, depth, entering = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag not in inline if inline is not None else tag in _BLOCKS
        if not entering:
            if block:
                parts.append("\n")
            if element.tail:
                parts.append(element.tail)
            continue
        if depth >= MAX_HTML_DEPTH:
            raise HtmlTooDeep(
                f"HTML nested {MAX_HTML_DEPTH} or more elements deep (the parser drops what lies deeper)"
            )
        if inline is None and tag in _INVISIBLE:
            if element.tail:
                parts.append(element.tail)
            continue
        if block:
            parts.append("\n")
        if element.text and tag:
            parts.append(element.text)
        stack.append((element, depth, False))
        stack.extend((child, depth + 1, True) for child in reversed(element))
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def fold(text: str) -> str:
    """A line as compared with the article's paragraphs and title: spacing collapsed, lower case."""
    # str.split() splits at exactly the characters the regex \s matches, and is several times faster.
    return " ".join(text.split()).lower()
