"""Corpus evidence for the line cleaner: how many pages of the same site carry each line.

A menu, a subscription prompt or a "Most read" list repeats on every page of a site; an article paragraph
almost never does. Counted only within a site (URL host, outlet, or else the folder the file came from):
across sites the lines that recur are wire copy, which is body.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import PurePath
from urllib.parse import urlsplit

import numpy as np

from newsledger.clean.lines import line_key as _line_key
from newsledger.clean.outlets import OutletRegistry
from newsledger.records import Document

# Furniture lines repeat across thousands of pages: caching their keys saves most of the hashing.
line_key = lru_cache(maxsize=8192)(_line_key)


def page_site(document: Document, lines: list[str], registry: OutletRegistry) -> str | None:
    """The site a page belongs to, for counting recurring lines: outlet id, host, or source folder."""
    if document.url:
        host = urlsplit(document.url).hostname
        if host:
            return registry.from_url(document.url) or host.removeprefix("www.")
    if document.outlet_hint:
        return document.outlet_hint
    outlet = registry.from_lines(lines)
    if outlet:
        return outlet
    if "#" in document.origin or document.origin.startswith("<"):
        return None
    return "folder:" + str(PurePath(document.origin).parent)


_MASK = (1 << 64) - 1


@lru_cache(maxsize=4096)
def _site_key(site: str) -> int:
    return _hash64(site)


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def _keyed(site_key: int, line: str) -> int:
    return (line_key(line) & _MASK) ^ site_key


def page_line_keys(site: str, lines: Iterable[str]) -> set[int]:
    """The (site, line) keys of a page's non-blank lines, each once: what the first pass counts per page.

    `LineRecurrence.add` counts them on one machine; the Spark runner's first pass (spark/process.py)
    counts them with a groupBy.
    """
    site_key = _site_key(site)
    return {_keyed(site_key, line) for line in lines if line.strip()}


class LineRecurrence:
    """Pages per (site, line). Built in one pass over the inputs before any page is cleaned.

    Keys are kept as 8-byte integers in numpy arrays (not a Python Counter, ~20x larger), and only the
    keys seen on more than one page are handed to the cleaner: that set is the site's furniture and
    stays small however many pages there are.
    """

    def __init__(self) -> None:
        self._chunks: list[np.ndarray] = []
        self._pending: list[int] = []
        self._seen: set[int] = set()

    def add(self, document_id: str, site: str | None, lines: Iterable[str]) -> None:
        # An identical page read twice (a crawl fetching it twice) must not make its body look recurring.
        doc_key = _hash64(document_id)
        if site is None or doc_key in self._seen:
            return
        self._seen.add(doc_key)
        self._pending.extend(page_line_keys(site, lines))
        if len(self._pending) >= 1 << 16:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._chunks.append(np.array(self._pending, dtype=np.uint64))
            self._pending = []

    def shared(self) -> dict[int, int]:
        """Only the lines seen on more than one page of their site: all the cleaner needs."""
        self._flush()
        if not self._chunks:
            return {}
        keys, counts = np.unique(np.concatenate(self._chunks), return_counts=True)
        recurring = counts > 1
        return dict(zip(keys[recurring].tolist(), counts[recurring].tolist(), strict=True))


def other_pages(shared: dict[int, int], site: str | None, lines: list[str]) -> list[int] | None:
    """For each line, on how many other pages of the site it appears (None when the site is unknown)."""
    if site is None:
        return None
    site_key = _site_key(site)
    return [max(0, shared.get(_keyed(site_key, line), 1) - 1) if line.strip() else 0 for line in lines]
