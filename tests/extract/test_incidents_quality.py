"""The eval gate of incident extraction: precision, recall and role accuracy on labelled articles.

Floors sit at or a little under what bench/incidents_quality.py measures (docs/incidents.md has the
figures), and above the issue's targets (0.85 precision and recall, 0.80 for each role). Raising them
is welcome; lowering one needs a reason in the commit message. heldout.toml is never tuned on:
a miss there is written up, and a case like it is added to dev.toml before any rule changes.

    .venv/bin/python bench/incidents_quality.py --failures
"""

from __future__ import annotations

import tomllib

import pytest
from tests.conftest import REPO, load_bench

from newsledger.extract import IncidentExtractor
from newsledger.extract.event_types import load_event_types
from newsledger.nlp import ArticleAnnotator

quality = load_bench("incidents_quality")

FLOORS = {
    "heldout": {"precision": 0.95, "recall": 0.95, "actor": 0.95, "place": 0.90, "size": 0.90, "time": 0.90},
    "dev": {"precision": 0.95, "recall": 0.95, "actor": 0.95, "place": 0.95, "size": 0.95, "time": 0.95},
}


@pytest.mark.parametrize("name", list(FLOORS))
def test_quality_floor(annotator: ArticleAnnotator, extractor: IncidentExtractor, name: str) -> None:
    scores = quality.evaluate(name, annotator, extractor)
    assert scores.labelled >= 15, f"{name}: too few labelled incidents to measure"
    measured = {"precision": scores.precision, "recall": scores.recall}
    measured |= {role: scores.role(role) for role in quality.GATED_ROLES}
    below = {part: round(value, 3) for part, value in measured.items() if value < FLOORS[name][part]}
    assert not below, f"{name}: below the floor {below}\n" + "\n".join(scores.failures)


def test_the_labels_are_well_formed() -> None:
    known = set(load_event_types().types)
    for name in quality.SETS:
        for article, labels in quality.load_articles(name):
            for label in labels:
                assert label["type"] in known, f"{name}: unknown type {label['type']}"
                quality.pieces(article, label)  # raises when a labelled piece is not in the body
                assert label.get("status", "asserted") in ("asserted", "reported", "unconfirmed", "denied")


def test_the_held_back_articles_are_not_development_articles() -> None:
    heldout = tomllib.loads((quality.LABELS / "heldout.toml").read_text(encoding="utf-8"))["article"]
    dev = tomllib.loads((quality.LABELS / "dev.toml").read_text(encoding="utf-8"))["article"]
    assert all("file" not in entry for entry in heldout)
    dev_bodies = {entry.get("body") for entry in dev}
    corpus = " ".join(p.read_text(encoding="utf-8") for p in (REPO / "examples" / "corpus").glob("*.[tx]*"))
    for entry in heldout:
        assert entry["body"] not in dev_bodies
        assert not [line for line in entry["body"].split("\n") if len(line) > 40 and line in corpus]


def test_every_incident_points_into_its_body(
    annotator: ArticleAnnotator, extractor: IncidentExtractor
) -> None:
    """On every labelled article: evidence offsets match the body, ids are unique, statuses are the four."""
    articles = [article for name in quality.SETS for article, _ in quality.load_articles(name)]
    for article, (doc, mentions) in zip(articles, annotator.annotate_docs(articles), strict=True):
        incidents = extractor.extract(article, doc, mentions)
        assert len({incident.id for incident in incidents}) == len(incidents)
        for incident in incidents:
            assert incident.status in ("asserted", "reported", "unconfirmed", "denied")
            assert incident.evidence
            for evidence in incident.evidence:
                assert article.body[evidence.start : evidence.end] == evidence.text


def test_an_empty_article_has_no_incidents(annotator: ArticleAnnotator, extractor: IncidentExtractor) -> None:
    for body in ("", "   ", "\n\n"):
        article = quality.Article(
            id="e", document_id="e", origin="t", url=None, outlet=None, title=None, byline=None,
            published=None, page_date=None, body=body,
        )  # fmt: skip
        [(doc, mentions)] = annotator.annotate_docs([article])
        assert extractor.extract(article, doc, mentions) == []
