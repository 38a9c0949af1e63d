"""Corpus evidence for the line cleaner: how many pages of the same site carry each line.

A menu, a subscription prompt or a "Most read" list repeats on every page of a site; an article paragraph
almost never does. Counted only within a site (URL host, outlet, or else the folder the file came from):
across sites the lines that recur are wire copy, which is body.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from urllib.parse import urlsplit

from newsledger.clean.lines import line_key
from newsledger.clean.outlets import OutletRegistry
from newsledger.records import Document


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


@dataclass(slots=True)
class LineRecurrence:
    """Pages per (site, line key). Built in one pass over the inputs before any page is cleaned."""

    counts: Counter[tuple[str, int]] = field(default_factory=Counter)
    seen: set[str] = field(default_factory=set)

    def add(self, document_id: str, site: str | None, lines: Iterable[str]) -> None:
        if site is None or document_id in self.seen:
            return
        self.seen.add(document_id)
        keys = {line_key(line) for line in lines if line.strip()}
        self.counts.update((site, key) for key in keys)

    def shared(self) -> dict[tuple[str, int], int]:
        """Only the lines seen on more than one page: all the cleaner needs, and small enough to ship."""
        return {key: count for key, count in self.counts.items() if count > 1}


def other_pages(shared: dict[tuple[str, int], int], site: str | None, lines: list[str]) -> list[int] | None:
    """For each line, on how many other pages of the site it appears (None when the site is unknown)."""
    if site is None:
        return None
    return [max(0, shared.get((site, line_key(line)), 1) - 1) if line.strip() else 0 for line in lines]
