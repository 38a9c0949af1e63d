"""The seed articles (../shared/seeds, read at run time, never copied): the names the issue is about."""

from __future__ import annotations

import pytest
from tests.conftest import SHARED
from tests.nlp.conftest import make_article

from newsledger.nlp import ArticleAnnotator
from newsledger.records import Mention


@pytest.fixture(scope="module")
def seeds(annotator: ArticleAnnotator) -> dict[str, list[Mention]]:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not beside the repository")
    paths = sorted((SHARED / "seeds").glob("*.txt"))
    articles = [make_article(p.read_text(encoding="utf-8"), article_id=p.stem[:3]) for p in paths]
    return dict(zip([a.id for a in articles], annotator.annotate(articles), strict=True))


def canonicals(mentions: list[Mention], text: str) -> set[str | None]:
    return {m.canonical for m in mentions if m.text == text}


def test_units_groups_and_agencies_of_the_127th_regiment_story(seeds: dict[str, list[Mention]]) -> None:
    mentions = seeds["000"]
    assert canonicals(mentions, "127th Regiment") == {"unit:127th-regiment"}
    assert canonicals(mentions, "First Army Corps") == {"unit:1st-army-corps"}
    assert canonicals(mentions, "FSB") == {"agency:fsb"}
    assert canonicals(mentions, "GRU") == {"agency:gru"}
    assert canonicals(mentions, "Wagner Group") == {"group:wagner"}
    assert canonicals(mentions, "Kherson") == {"place:kherson"}
    zelensky = canonicals(mentions, "Volodymyr Zelensky") | canonicals(mentions, "Volodymyr Zelenskiy")
    assert zelensky == {"person:volodymyr-zelensky"}
    assert canonicals(mentions, "Ben Wallace") == {"person:ben-wallace"}


def test_the_uk_and_russian_ministries_stay_apart(seeds: dict[str, list[Mention]]) -> None:
    agencies = {m.canonical for m in seeds["002"] if m.kind == "agency"}
    assert {"agency:uk-ministry-of-defence", "agency:russia-ministry-of-defence"} <= agencies
    london = [m for m in seeds["004"] if m.text == "Defense Ministry"]
    assert [m.canonical for m in london] == ["agency:uk-ministry-of-defence"]


def test_old_spellings_fold(seeds: dict[str, list[Mention]]) -> None:
    assert canonicals(seeds["004"], "Kiev") == {"place:kyiv"}
    assert canonicals(seeds["004"], "First Guards Tank Army") == {"unit:1st-guards-tank-army"}
    assert canonicals(seeds["003"], "Odesa") == {"place:odesa"}
    assert canonicals(seeds["002"], "Stakhanov") == {"place:kadiyivka"}


def test_every_seed_place_with_coordinates_has_a_precision(seeds: dict[str, list[Mention]]) -> None:
    for mentions in seeds.values():
        for mention in mentions:
            if mention.kind == "place" and mention.lat is not None:
                assert mention.place_precision in ("town", "near", "region", "country")
                # Only seas have no country.
                assert mention.country or mention.place_precision == "region"
