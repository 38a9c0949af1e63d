"""Near-duplicates: copies and re-headlined re-runs are found; different write-ups are not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from newsledger.config import DedupSettings
from newsledger.link.duplicates import find_duplicates
from newsledger.link.fingerprint import fingerprint_article, lsh_bands, paragraph_key
from newsledger.records import Article, Document, DocumentResult
from newsledger.store import Ledger

STORY = [
    "About sixty paratroopers from the base at Pskov refused to return to the front after their first weeks "
    "in Belarus, an opposition newspaper in the city reported on Thursday.",
    "Most of the men are being dismissed from the service, the newspaper said, while several face criminal "
    "cases for refusing orders.",
    "The defence ministry in Moscow did not comment on the report, which relied on unnamed sources close to "
    "the division.",
    "Relatives of the soldiers said the men had been promised that they were going on exercises and had not "
    "been told they would cross the border.",
]
OTHER = [
    "A tank crew abandoned their vehicle outside Borodyanka and walked to a Ukrainian checkpoint, a local "
    "official said, adding that the men asked to be exchanged.",
    "The official said the crew had run out of fuel two days earlier and had no orders since.",
]


def article(article_id: str, paragraphs: list[str], published: date | None) -> Article:
    return Article(
        id=article_id,
        document_id=article_id,
        origin=f"{article_id}.txt",
        url=None,
        outlet=None,
        title=None,
        byline=None,
        published=published,
        page_date=None,
        body="\n".join(paragraphs),
    )


def ledger_with(tmp_path: Path, articles: list[Article], settings: DedupSettings) -> Ledger:
    ledger = Ledger.open(tmp_path / "l.duckdb")
    ledger.write_results(
        [
            DocumentResult(
                Document(a.id, a.origin, "text/plain", a.body), a, None, fingerprint_article(a, settings)
            )
            for a in articles
        ]
    )
    return ledger


def test_copy_and_rerun_point_at_the_earliest_article_and_other_stories_stay_apart(tmp_path: Path) -> None:
    settings = DedupSettings()
    rerun = [
        *STORY[:2],
        STORY[2].replace("did not comment", "declined to comment"),
        *STORY[3:],
        "The report could not be independently verified.",
    ]
    articles = [
        article("copy", STORY, date(2022, 3, 25)),
        article("wire", STORY, date(2022, 3, 24)),
        article("rerun", rerun, None),
        article("other", OTHER, date(2022, 3, 24)),
    ]
    with ledger_with(tmp_path, articles, settings) as ledger:
        links = find_duplicates(ledger.con, settings)
    assert [(link.article_id, link.duplicate_of) for link in links] == [("copy", "wire"), ("rerun", "wire")]
    copy, rerun_link = links
    assert copy.similarity == 1.0
    assert 0.7 <= rerun_link.similarity < 1.0


def test_bands_put_the_candidate_threshold_below_the_duplicate_threshold() -> None:
    bands = lsh_bands(128, 0.7)
    rows = 128 // bands
    assert (bands, rows) == (21, 6)
    assert (1 - 0.7**rows) ** bands < 0.1, "pairs at the threshold are found"
    assert (1 - 0.8**rows) ** bands < 0.01, "clear near-copies are found"
    assert 1 - (1 - 0.3**rows) ** bands < 0.02, "unrelated pairs are rarely candidates"


def test_fingerprint_bands_are_equal_for_equal_bodies_and_differ_otherwise() -> None:
    settings = DedupSettings()
    a = fingerprint_article(article("a", STORY, None), settings)
    b = fingerprint_article(article("b", STORY, None), settings)
    c = fingerprint_article(article("c", OTHER, None), settings)
    assert a.bands == b.bands and len(a.bands) == 21
    assert not set(a.bands) & set(c.bands)
    assert np.frombuffer(a.minhash, "<u8").shape == (128,)


def test_paragraph_keys_ignore_case_punctuation_and_spacing() -> None:
    assert paragraph_key("The men  refused, he said.") == paragraph_key("the men refused he said")
    assert paragraph_key("The men refused.") != paragraph_key("The men agreed.")


def test_a_story_copied_many_times_is_one_group_without_comparing_every_pair(tmp_path: Path) -> None:
    settings = DedupSettings()
    copies = [article(f"c{i:02d}", STORY, date(2022, 3, 24 + i % 3)) for i in range(30)]
    with ledger_with(tmp_path, [*copies, article("other", OTHER, None)], settings) as ledger:
        links = find_duplicates(ledger.con, settings)
    assert len(links) == 29
    assert {link.duplicate_of for link in links} == {"c00"}


def test_relinking_many_stories_copied_many_times_stays_within_a_small_memory_limit(tmp_path: Path) -> None:
    # Joining every candidate pair's two signatures at once needs hash tables of all the signatures: past
    # the ledger's memory limit the query fails. Chunked, the need is set by the chunk, not the corpus.
    settings = DedupSettings()
    rng = np.random.default_rng(7)
    vocabulary = [f"w{i}" for i in range(5000)]
    stories = [" ".join(rng.choice(vocabulary, 120)) for _ in range(300)]
    articles = [
        article(f"s{story:03d}c{copy:02d}", [stories[story]], date(2023, 1, 1 + copy))
        for story in range(len(stories))
        for copy in range(30)
    ]
    with ledger_with(tmp_path, articles, settings) as ledger:
        # Joined all at once, these 9,000 articles' signatures do not fit in 48 MB (nor in 32 MB on one
        # thread). One thread: DuckDB's need also grows with its threads, and varied with their timing.
        ledger.con.execute("SET threads = 1")
        ledger.con.execute("SET memory_limit = '32MB'")
        links = find_duplicates(ledger.con, settings, pairs_per_chunk=250)
    assert len(links) == 300 * 29
    assert {link.duplicate_of for link in links} == {f"s{story:03d}c00" for story in range(300)}
    assert all(link.similarity == 1.0 for link in links)
