"""Corpus evidence for the line cleaner: how many pages of the same site carry each line.

A menu, a subscription prompt or a "Most read" list repeats on every page of a site; an article paragraph
almost never does. Counted only within a site (URL host, outlet, or else the folder the file came from):
across sites the lines that recur are wire copy, which is body.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import weakref
from collections.abc import Iterable
from functools import lru_cache
from pathlib import PurePath
from urllib.parse import urlsplit

import duckdb
import numpy as np

from newsledger.clean.lines import line_key as _line_key
from newsledger.clean.outlets import OutletRegistry
from newsledger.duck import append
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

    Every page's distinct (site, line) keys go, as 8-byte integers with the page's own key beside them,
    to a table of an in-memory DuckDB database that spills to a temporary folder past `memory_limit`:
    the first pass then holds a bounded amount however many pages there are (a key per line of every
    page would otherwise grow with the corpus). Only the keys seen on more than one page are handed to
    the cleaner: that set is the sites' furniture (and syndicated copy), small next to the corpus.
    """

    def __init__(self, memory_limit: str = "128MB") -> None:
        self._folder = tempfile.mkdtemp(prefix="newsledger-lines-")
        self._con = duckdb.connect(":memory:")
        self._con.execute(f"SET memory_limit = '{memory_limit}'")
        self._con.execute(f"SET temp_directory = '{self._folder}'")
        self._con.execute("SET preserve_insertion_order = false")
        # One thread: the pass that feeds it is one Python loop anyway, and the join in `shared` needs a
        # working set per thread, which with two threads outgrew a small limit instead of spilling.
        self._con.execute("SET threads = 1")
        self._con.execute("CREATE TABLE page_lines (page UBIGINT, visit BIGINT, key UBIGINT)")
        # The folder goes with the object, also when a caller never reaches `shared` (an error, Ctrl-C).
        self._cleanup = weakref.finalize(self, _close, self._con, self._folder)
        self._pages: list[int] = []
        self._visits: list[int] = []
        self._keys: list[int] = []
        self._visit = 0  # the how-many-th page given to `add`

    def add(self, document_id: str, site: str | None, lines: Iterable[str]) -> None:
        if site is None:
            return
        keys = page_line_keys(site, lines)
        self._visit += 1
        self._pages.extend([_hash64(document_id)] * len(keys))
        self._visits.extend([self._visit] * len(keys))
        self._keys.extend(keys)
        if len(self._keys) >= 1 << 16:
            self._flush()

    def _flush(self) -> None:
        if self._keys:
            rows = {
                "page": np.array(self._pages, dtype=np.uint64),
                "visit": np.array(self._visits, dtype=np.int64),
                "key": np.array(self._keys, dtype=np.uint64),
            }
            append(self._con, "page_lines", rows)
            self._pages, self._visits, self._keys = [], [], []

    def shared(self) -> dict[int, int]:
        """Only the lines seen on more than one page of their site: all the cleaner needs.

        A page counts once however often it was read (a crawl fetching it twice must not make its body
        look recurring): pages are told apart by their document id, the hash of their content, and only
        the first reading of each counts, under its site, as the first copy is the one that is stored.
        """
        self._flush()
        # Plain joins and aggregates, which DuckDB spills to disk (a count(DISTINCT ...) would not).
        found = self._con.execute(
            "WITH first AS (SELECT page, min(visit) AS visit FROM page_lines GROUP BY page) "
            "SELECT key, count(*) AS pages FROM page_lines JOIN first USING (page, visit) "
            "GROUP BY key HAVING count(*) > 1"
        ).fetchnumpy()
        return dict(zip(found["key"].tolist(), found["pages"].tolist(), strict=True))

    def close(self) -> None:
        """Free the table and its spill folder now (they also go when the object is collected)."""
        self._cleanup()


def _close(con: duckdb.DuckDBPyConnection, folder: str) -> None:
    con.close()
    shutil.rmtree(folder, ignore_errors=True)


def other_pages(shared: dict[int, int], site: str | None, lines: list[str]) -> list[int] | None:
    """For each line, on how many other pages of the site it appears (None when the site is unknown)."""
    if site is None:
        return None
    site_key = _site_key(site)
    return [max(0, shared.get(_keyed(site_key, line), 1) - 1) if line.strip() else 0 for line in lines]
