"""Document → Article (or Rejection): picks the HTML or the plain-text path and assembles the record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from newsledger.clean.html import HtmlTooDeep, extract_html_paragraphs, fold, page_lines, parse_page
from newsledger.clean.lines import classify_lines
from newsledger.clean.metadata import HtmlMetadata, PageMetadata, extract_html_metadata, extract_text_metadata
from newsledger.clean.outlets import OutletRegistry
from newsledger.clean.recurrence import other_pages, page_site
from newsledger.records import Article, Document, Rejection, RemovedLine

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class CleanContext:
    """What cleaning needs besides the document: the outlet registry and the corpus's recurring lines."""

    registry: OutletRegistry
    recurring_lines: dict[int, int]  # LineRecurrence.shared(): (site, line) key → pages
    min_article_words: int = 10


@dataclass(frozen=True, slots=True)
class Cleaned:
    result: Article | Rejection
    site: str | None


def clean_document(document: Document, context: CleanContext) -> Cleaned:
    if document.media_type == "text/html":
        cleaned = Cleaned(_clean_html(document, context.registry), _html_site(document, context.registry))
    else:
        cleaned = _clean_text(document, context)
    if isinstance(cleaned.result, Article) and cleaned.result.words < context.min_article_words:
        reason = f"no article found (only {cleaned.result.words} words of text outside page furniture)"
        return Cleaned(Rejection(document.origin, reason, document.id), cleaned.site)
    return cleaned


def _clean_text(document: Document, context: CleanContext) -> Cleaned:
    lines = document.text.split("\n")
    site = page_site(document, lines, context.registry)
    decisions = classify_lines(lines, other_pages(context.recurring_lines, site, lines))
    kept = [i for i, decision in enumerate(decisions) if decision.keep and lines[i].strip()]
    meta = extract_text_metadata(lines, kept, document, context.registry)
    metadata_lines = {
        meta.title_line: "title",
        meta.byline_line: "byline",
        meta.published_line: "publication date",
        meta.page_date_line: "page date (not the publication date)",
    }
    metadata_lines.pop(None, None)
    title = fold(meta.title) if meta.title else None
    body: list[str] = []
    removed: list[RemovedLine] = []
    for index, line in enumerate(lines):
        text = _SPACE.sub(" ", line).strip()
        if not text:
            continue
        reason = metadata_lines.get(index)
        if reason is None and title is not None and len(text) >= len(title) and fold(text) == title:
            reason = "title"  # the headline is often printed twice: as page title and as H1
        if reason is None and decisions[index].keep:
            body.append(text)
        else:
            removed.append(RemovedLine(index, text, reason or decisions[index].reason or "not article text"))
    if not body:
        reason = f"no article text (all {len(removed)} lines look like page furniture)"
        return Cleaned(Rejection(document.origin, reason, document.id), site)
    return Cleaned(_article(document, meta, meta.page_date, body, removed), site)


def _clean_html(document: Document, registry: OutletRegistry) -> Article | Rejection:
    page = parse_page(document.text)
    try:
        lines = page_lines(page) if page is not None else []
    except HtmlTooDeep as err:
        return Rejection(document.origin, str(err), document.id)
    meta = extract_html_metadata(document.text, document.url, registry, document)
    paragraphs = extract_html_paragraphs(page, document.url, meta.title) if page is not None else []
    if not paragraphs:
        return Rejection(document.origin, "no article found in the HTML page", document.id)
    body = set(map(fold, paragraphs))
    title = fold(meta.title) if meta.title else None
    byline = meta.byline.lower() if meta.byline else None
    removed = []
    for index, line in enumerate(lines):
        key = fold(line)
        if key in body:
            continue
        if key == title:
            reason = "title"
        elif byline and byline in key and len(key) < 3 * len(byline):
            reason = "byline"
        else:
            reason = "not in the article (HTML extractor)"
        removed.append(RemovedLine(index, line, reason))
    return _article(document, meta, None, paragraphs, removed)


def _article(
    document: Document,
    meta: PageMetadata | HtmlMetadata,
    page_date: date | None,
    paragraphs: list[str],
    removed: list[RemovedLine],
) -> Article:
    return Article(
        id=document.id,
        document_id=document.id,
        origin=document.origin,
        url=document.url,
        outlet=meta.outlet,
        title=meta.title,
        byline=meta.byline,
        published=meta.published,
        page_date=page_date,
        body="\n".join(paragraphs),
        removed=removed,
    )


def _html_site(document: Document, registry: OutletRegistry) -> str | None:
    return page_site(document, [], registry)
