"""The annotator and the extractors are loaded once for the whole test session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from newsledger.extract import IncidentExtractor
from newsledger.extract.claims import ClaimExtractor
from newsledger.nlp import ArticleAnnotator
from newsledger.records import Article, Claim, ClaimQuantity, Incident

Extract = Callable[..., list[Incident]]
Claims = Callable[..., list[Claim]]
Figures = Callable[[str], dict[str, ClaimQuantity]]


def claim_with(claims: list[Claim], words: str) -> Claim:
    """The one claim whose evidence holds `words`."""
    found = [claim for claim in claims if words in claim.evidence.text]
    assert len(found) == 1, [claim.evidence.text for claim in claims]
    return found[0]


def make_article(body: str, published: date | None = None, article_id: str = "a1") -> Article:
    return Article(
        id=article_id, document_id=article_id, origin="test", url=None, outlet=None, title=None, byline=None,
        published=published, page_date=None, body=body,
    )  # fmt: skip


@pytest.fixture(scope="session")
def annotator() -> ArticleAnnotator:
    return ArticleAnnotator()


@pytest.fixture(scope="session")
def extractor() -> IncidentExtractor:
    return IncidentExtractor()


@pytest.fixture(scope="session")
def extract(annotator: ArticleAnnotator, extractor: IncidentExtractor) -> Extract:
    """extract(body, published=None) -> the incidents of that one article."""

    def run(body: str, published: date | None = None) -> list[Incident]:
        article = make_article(body, published)
        [(doc, mentions)] = annotator.annotate_docs([article])
        return extractor.extract(article, doc, mentions)

    return run


@pytest.fixture(scope="session")
def claim_extractor() -> ClaimExtractor:
    return ClaimExtractor()


@pytest.fixture(scope="session")
def claims(annotator: ArticleAnnotator, claim_extractor: ClaimExtractor) -> Claims:
    """claims(body, published=None) -> the claims of that one article (body lines are paragraphs)."""

    def run(body: str, published: date | None = None) -> list[Claim]:
        article = make_article(body.strip("\n"), published)
        [(doc, mentions)] = annotator.annotate_docs([article])
        return claim_extractor.extract(article, doc, mentions)

    return run


@pytest.fixture(scope="session")
def figures(claims: Claims) -> Figures:
    """figures(body) -> the claimed figures of that article by their text."""

    def run(body: str) -> dict[str, ClaimQuantity]:
        return {q.text: q for claim in claims(body) for q in claim.quantities}

    return run
