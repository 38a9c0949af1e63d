"""Document → Article (or Rejection): picks the HTML or the plain-text path and assembles the record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from newsledger.clean.html import HtmlTooDeep, extract_html_paragraphs, fold, page_lines, parse_page
from newsledger.clean.lines import PageVerdict, judge_pages
from newsledger.clean.metadata import HtmlMetadata, PageMetadata, extract_html_metadata, extract_text_metadata
from newsledger.clean.outlets import OutletRegistry
from newsledger.clean.recurrence import other_pages, page_site
from newsledger.records import Article, Document, Rejection, RemovedLine


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


# Lines of plain-text pages that the line model scores in one call when a batch is cleaned: enough to
# spread numpy's cost per call over dozens of pages, few enough that a batch of huge pages never holds
# the features of all of them at once.
_LINES_PER_MODEL_CALL = 8192


def clean_document(document: Document, context: CleanContext) -> Cleaned:
    return clean_documents([document], context)[0]


def clean_documents(documents: Sequence[Document], context: CleanContext) -> list[Cleaned]:
    """``clean_document`` for each document, in order. Each result depends on its document alone; the
    plain-text pages are only scored together, a few thousand lines per call of the line model."""
    cleaned: dict[int, Cleaned] = {}
    pending: list[tuple[int, Document, list[str], str | None, list[int] | None]] = []
    pending_lines = 0

    def clean_pending() -> None:
        verdicts = judge_pages([(lines, recurrence) for _, _, lines, _, recurrence in pending])
        for (position, document, lines, site, _), verdict in zip(pending, verdicts, strict=True):
            cleaned[position] = _clean_text(document, lines, site, verdict, context)
        pending.clear()

    for position, document in enumerate(documents):
        if document.media_type == "text/html":
            html = _clean_html(document, context.registry)
            site = _html_site(document, context.registry)
            cleaned[position] = _require_words(document, Cleaned(html, site), context)
            continue
        lines = document.text.split("\n")
        site = page_site(document, lines, context.registry)
        pending.append((position, document, lines, site, other_pages(context.recurring_lines, site, lines)))
        pending_lines += len(lines)
        if pending_lines >= _LINES_PER_MODEL_CALL:
            clean_pending()
            pending_lines = 0
    clean_pending()
    return [cleaned[position] for position in range(len(documents))]


def _require_words(document: Document, cleaned: Cleaned, context: CleanContext) -> Cleaned:
    if isinstance(cleaned.result, Article) and cleaned.result.words < context.min_article_words:
        reason = f"no article found (only {cleaned.result.words} words of text outside page furniture)"
        return Cleaned(Rejection(document.origin, reason, document.id), cleaned.site)
    return cleaned


def _clean_text(
    document: Document, lines: list[str], site: str | None, verdict: PageVerdict, context: CleanContext
) -> Cleaned:
    kept = [index for index, keep in zip(verdict.rows, verdict.keep, strict=True) if keep]
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
    # The verdict's rows are the non-blank lines, the only ones that give a body paragraph or a removed line.
    for index, keep, why in zip(verdict.rows, verdict.keep, verdict.reasons, strict=True):
        text = " ".join(lines[index].split())  # spacing collapsed (str.split is ~4x faster than a regex)
        reason = metadata_lines.get(index)
        # The headline is often printed twice: as page title and as H1. lower() never shortens a text,
        # so only a line as long as the title can fold to it.
        if reason is None and title is not None and len(text) == len(title) and text.lower() == title:
            reason = "title"
        if reason is None and keep:
            body.append(text)
        else:
            removed.append(RemovedLine(index, text, reason or why or "not article text"))
    if not body:
        reason = f"no article text (all {len(removed)} lines look like page furniture)"
        return Cleaned(Rejection(document.origin, reason, document.id), site)
    article = _article(document, meta, meta.page_date, body, removed)
    return _require_words(document, Cleaned(article, site), context)


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
