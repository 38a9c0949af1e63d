"""Near-duplicates: copies and re-headlined re-runs are found; different write-ups are not."""

from __future__ import annotations

from datetime import date

import numpy as np

from newsledger.config import DedupSettings
from newsledger.link.duplicates import Signed, find_duplicates
from newsledger.link.fingerprint import fingerprint_article, paragraph_key
from newsledger.records import Article

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


def signed(a: Article, settings: DedupSettings) -> Signed:
    fp = fingerprint_article(a, settings)
    order = (a.published.isoformat() if a.published else "9999", a.origin, a.id)
    return Signed(a.id, order, np.frombuffer(fp.minhash, dtype="<u8"))


def test_copy_and_rerun_point_at_the_earliest_article_and_other_stories_stay_apart() -> None:
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
    links = find_duplicates([signed(a, settings) for a in articles], settings)
    assert [(link.article_id, link.duplicate_of) for link in links] == [("copy", "wire"), ("rerun", "wire")]
    copy, rerun_link = links
    assert copy.similarity == 1.0
    assert 0.7 <= rerun_link.similarity < 1.0


def test_paragraph_keys_ignore_case_punctuation_and_spacing() -> None:
    assert paragraph_key("The men  refused, he said.") == paragraph_key("the men refused he said")
    assert paragraph_key("The men refused.") != paragraph_key("The men agreed.")
