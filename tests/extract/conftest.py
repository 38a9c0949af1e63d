"""The annotator and the incident extractor are loaded once for the whole test session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from newsledger.extract import IncidentExtractor
from newsledger.nlp import ArticleAnnotator
from newsledger.records import Article, Incident

Extract = Callable[..., list[Incident]]


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
