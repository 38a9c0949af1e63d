"""Pass 1's line counts: pages per (site, line), each page once, in bounded memory."""

from __future__ import annotations

import os
import random
from collections import Counter

from newsledger.clean.recurrence import LineRecurrence, page_line_keys


def _reference(pages: list[tuple[str, str, list[str]]]) -> dict[int, int]:
    """The counts by the definition: the first reading of each document, under its site."""
    first: dict[str, tuple[str, list[str]]] = {}
    for document_id, site, lines in pages:
        first.setdefault(document_id, (site, lines))
    counts = Counter(key for site, lines in first.values() for key in page_line_keys(site, lines))
    return {key: count for key, count in counts.items() if count > 1}


def test_lines_count_per_site_and_only_when_on_two_pages() -> None:
    recurrence = LineRecurrence()
    recurrence.add("d1", "harbour.test", ["Menu", "A paragraph of the first story.", "Donate now"])
    recurrence.add("d2", "harbour.test", ["Menu", "A paragraph of the second story.", "Donate now"])
    recurrence.add("d3", "valley.test", ["Menu", "A paragraph of the first story."])
    recurrence.add("d4", None, ["Menu"])  # no site: not counted
    shared = recurrence.shared()
    harbour = dict(zip(page_line_keys("harbour.test", ["Menu", "Donate now"]), [2, 2], strict=True))
    assert shared == harbour  # the valley site's copy of a line does not count for the harbour site


def test_a_page_read_twice_counts_once_under_its_first_site() -> None:
    body = ["Menu", "Soldiers said they would not go back to the front."]
    recurrence = LineRecurrence()
    recurrence.add("same", "harbour.test", body)
    recurrence.add("same", "harbour.test", body)  # the crawl fetched it twice
    recurrence.add("same", "valley.test", body)  # the same content under another address
    recurrence.add("other", "valley.test", ["Menu"])
    assert recurrence.shared() == {}


def test_counts_are_exact_past_the_memory_limit() -> None:
    # 3 million (page, visit, key) rows, some 72 MB, counted under a 32 MB limit: DuckDB spills.
    rng = random.Random(5)
    furniture = [f"Section {i}" for i in range(40)]
    pages = []
    for index in range(150_000):
        site = f"site{index % 7}.test"
        lines = [*rng.sample(furniture, 8), *(f"story {index} paragraph {p}" for p in range(12))]
        document_id = f"d{index}" if index % 50 else f"d{index - 1}"  # every 50th repeats the one before
        pages.append((document_id, site, lines))
    recurrence = LineRecurrence(memory_limit="32MB")
    for document_id, site, lines in pages:
        recurrence.add(document_id, site, lines)
    assert recurrence.shared() == _reference(pages)


def test_close_removes_the_spill_folder() -> None:
    recurrence = LineRecurrence()
    folder = recurrence._folder
    assert os.path.isdir(folder)
    recurrence.close()
    assert not os.path.exists(folder)
    recurrence.close()  # a second close does nothing
