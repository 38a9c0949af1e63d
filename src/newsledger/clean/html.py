"""HTML page → article paragraphs via trafilatura, plus the page flattened to lines.

trafilatura decides what the article is; we only flatten the page ourselves to record what it dropped,
so that "nothing lost" holds for HTML pages too. Metadata (title, byline, date, outlet) is read by
clean/metadata.py.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree

_INVISIBLE = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
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
_SPACE = re.compile(r"\s+")


def extract_html_paragraphs(html: str, url: str | None, title: str | None) -> list[str]:
    """The article's paragraphs as trafilatura finds them (empty when the page has no article)."""
    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=False,
            include_tables=True,
        )
    except (ValueError, etree.LxmlError):
        return []
    text = getattr(result, "text", None) or ""
    paragraphs = [_SPACE.sub(" ", p).strip() for p in text.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    # trafilatura keeps the headline as the first line of the text; the title is metadata, not body.
    if paragraphs and title and fold(paragraphs[0]) == fold(title):
        paragraphs = paragraphs[1:]
    return paragraphs


def visible_lines(html: str) -> list[str]:
    """The page flattened the way a scraper does: visible text, one line per block element."""
    try:
        root = lxml.html.fromstring(html)
    except (ValueError, etree.LxmlError):
        return []
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _INVISIBLE:
            if element.tail:
                parts.append(element.tail)
            return
        block = tag in _BLOCKS
        if block:
            parts.append("\n")
        if element.text and tag:
            parts.append(element.text)
        for child in element:
            walk(child)
        if block:
            parts.append("\n")
        if element.tail:
            parts.append(element.tail)

    walk(root)
    lines = (_SPACE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def fold(text: str) -> str:
    """A line as compared with the article's paragraphs and title: spacing collapsed, lower case."""
    return _SPACE.sub(" ", text).strip().lower()
