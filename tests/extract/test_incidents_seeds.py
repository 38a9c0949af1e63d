"""Incident extraction on the five seed articles in ../shared/seeds (skipped where they are absent).

The seeds are read at run time and never copied into the project; the facts checked here are the ones
the issue names for each.
"""

from __future__ import annotations

import pytest
from tests.conftest import REPO, SHARED

from newsledger.clean.article import CleanContext, clean_document
from newsledger.clean.outlets import OutletRegistry
from newsledger.extract import IncidentExtractor
from newsledger.ingest.sources import read_file
from newsledger.nlp import ArticleAnnotator
from newsledger.records import Article, Document, Incident


@pytest.fixture(scope="module")
def seed_incidents(annotator: ArticleAnnotator, extractor: IncidentExtractor) -> dict[str, list[Incident]]:
    shared = SHARED
    if not (shared / "seeds").is_dir():
        pytest.skip("../shared is not beside the repository")
    context = CleanContext(OutletRegistry.load([REPO / "examples" / "outlets.toml"]), {})
    articles: dict[str, Article] = {}
    for path in sorted((shared / "seeds").glob("*.txt")):
        for document in read_file(path):
            if isinstance(document, Document):
                cleaned = clean_document(document, context)
                if isinstance(cleaned.result, Article):
                    articles[path.name[:3]] = cleaned.result
    pairs = annotator.annotate_docs(list(articles.values()))
    return {
        key: extractor.extract(article, doc, mentions)
        for (key, article), (doc, mentions) in zip(articles.items(), pairs, strict=True)
    }


def test_seed_000_the_127th_regiment_refused_near_kherson_over_pay_and_water(
    seed_incidents: dict[str, list[Incident]],
) -> None:
    refusals = [i for i in seed_incidents["000"] if i.type == "refusal" and i.actor is not None]
    regiment = [i for i in refusals if i.actor and i.actor.canonical == "unit:127th-regiment"]
    assert regiment, refusals
    near_kherson = [i for i in regiment if i.place is not None and i.place.text == "Kherson"]
    assert near_kherson
    assert {"pay", "water"} <= set(near_kherson[0].causes)
    assert near_kherson[0].specific


def test_seed_001_an_lpr_unit_refused_deployment_in_donetsk_per_the_uk_mod(
    seed_incidents: dict[str, list[Incident]],
) -> None:
    refusals = [i for i in seed_incidents["001"] if i.type == "refusal"]
    lpr = [i for i in refusals if i.actor is not None and i.actor.canonical == "group:lpr-forces"]
    assert lpr, refusals
    assert lpr[0].place is not None and lpr[0].place.text.startswith("Donetsk")
    assert any(role.canonical == "agency:uk-ministry-of-defence" for role in lpr[0].attribution), lpr[
        0
    ].attribution
    assert lpr[0].status == "reported"


def test_seed_002_conscripts_at_stakhanov_forced_to_sign_wagner_contracts(
    seed_incidents: dict[str, list[Incident]],
) -> None:
    coerced = [i for i in seed_incidents["002"] if i.type == "coerced_enlistment"]
    at_stakhanov = [i for i in coerced if i.place is not None and i.place.text == "Stakhanov"]
    assert at_stakhanov, coerced
    assert (at_stakhanov[0].size_min, at_stakhanov[0].size_max) == (150, 150)
    assert at_stakhanov[0].specific


def test_seed_003_about_60_paratroopers_from_pskov_refused_unconfirmed(
    seed_incidents: dict[str, list[Incident]],
) -> None:
    refusals = [i for i in seed_incidents["003"] if i.type == "refusal" and i.size_min == 60]
    assert refusals, seed_incidents["003"]
    incident = refusals[0]
    assert incident.place is not None and incident.place.text == "Pskov"
    assert {"dismissed", "court_martial"} <= set(incident.outcomes)
    assert any(role.canonical == "outlet:pskovskaya-guberniya" for role in incident.attribution)
    assert incident.status == "unconfirmed" and incident.hedged


def test_seed_004_the_generic_refusal_claim_is_kept_as_generic(
    seed_incidents: dict[str, list[Incident]],
) -> None:
    refusals = [i for i in seed_incidents["004"] if i.type == "refusal"]
    assert refusals
    assert any(not i.specific and i.status == "reported" for i in refusals)
