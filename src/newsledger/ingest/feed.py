"""Reader for RSS and Atom files: every entry that carries content becomes an HTML document."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import feedparser

from newsledger.ingest.decode import normalise_newlines
from newsledger.records import Document, Rejection, content_id

_FEED_START = re.compile(rb"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)


def looks_like_feed(data: bytes) -> bool:
    return bool(_FEED_START.match(data[:4000]))


def read_feed(data: bytes, origin: str) -> Iterator[Document | Rejection]:
    try:
        parsed = feedparser.parse(data)
    except ValueError as err:
        # feedparser's loose parser raises on some hostile input, e.g. UnicodeEncodeError for a character
        # reference to half a surrogate pair (&#xD800;); the file is unreadable, the run goes on.
        reason = f"not a readable RSS or Atom feed ({type(err).__name__}: {err})"
        yield Rejection(origin, reason.splitlines()[0][:300])
        return
    if not parsed.entries:
        why = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        yield Rejection(origin, f"not an RSS or Atom feed with entries{why}".splitlines()[0][:300])
        return
    for index, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link")
        member = f"{origin}#{link}" if link else f"{origin}#{index}"
        html = _content(entry)
        if not html:
            yield Rejection(member, "feed entry has no content (only a title or a short summary)")
            continue
        html = normalise_newlines(html)
        yield Document(
            id=content_id(html),
            origin=member,
            media_type="text/html",
            text=html,
            url=link,
            title_hint=entry.get("title") or None,
            published_hint=_date(entry),
            outlet_hint=None,
        )


def _content(entry: feedparser.FeedParserDict) -> str | None:
    for content in entry.get("content") or []:
        value = content.get("value")
        if value and value.strip():
            return str(value)
    # A summary is only a teaser in most feeds; take it as the page only when it is article-length.
    summary = entry.get("summary") or ""
    return summary if len(summary.split()) >= 80 else None


def _date(entry: feedparser.FeedParserDict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None
