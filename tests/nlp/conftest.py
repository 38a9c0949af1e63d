"""The annotator is loaded once for the whole test session (model, gazetteer and rules take seconds)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from newsledger.nlp import ArticleAnnotator
from newsledger.records import Article, Mention

Annotate = Callable[..., list[Mention]]


def make_article(body: str, published: date | None = None, article_id: str = "a1") -> Article:
    return Article(
        id=article_id,
        document_id=article_id,
        origin="test",
        url=None,
        outlet=None,
        title=None,
        byline=None,
        published=published,
        page_date=None,
        body=body,
    )


@pytest.fixture(scope="session")
def annotator() -> ArticleAnnotator:
    return ArticleAnnotator()


@pytest.fixture(scope="session")
def annotate(annotator: ArticleAnnotator) -> Annotate:
    """annotate(body, published=None) -> the mentions of that one article."""

    def run(body: str, published: date | None = None) -> list[Mention]:
        return annotator.annotate([make_article(body, published)])[0]

    return run


def of_kind(mentions: list[Mention], kind: str) -> dict[str, Mention]:
    """Mentions of one kind by their text (the first of each)."""
    found: dict[str, Mention] = {}
    for mention in mentions:
        if mention.kind == kind:
            found.setdefault(mention.text, mention)
    return found
