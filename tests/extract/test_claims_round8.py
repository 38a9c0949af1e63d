"""Round 8 mechanisms (docs/claims.md): counted things joined to equipment, bare amounts after the same
preposition as a figure, phrases written with a hyphen, bodies and proper nouns as speaker tags, a name's
title noun deciding its kind, and gender told by the noun before a name (our own sentences)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.records import Claim, ClaimQuantity

Claims = Callable[..., list[Claim]]
Figures = Callable[[str], dict[str, ClaimQuantity]]


@pytest.mark.parametrize(
    ("body", "text", "category"),
    [
        # a thing no word names, joined to equipment, is counted as that equipment (not as "destroyed" people)
        ("Partisans burned six army trucks and two fuel wagons near Melitopol, the agency said.",
         "two", "vehicles"),
        # a bare amount after the same preposition as a figure before it counts what that one counts
        ("Donetsk leads the table with 2,310 named dead, ahead of Luhansk with 1,450 and Kherson with 990.",
         "1,450", "killed"),
        ("Donetsk leads the table with 2,310 named dead, ahead of Luhansk with 1,450 and Kherson with 990.",
         "990", "killed"),
        # people a side gets back were captives
        ("Kyiv got back 64 marines in the swap, the coordination centre said.", "64", "captured"),
        # a category phrase written as one hyphenated noun
        ("The governor said the province had filled its quota of 1,800 men for the spring call-up.",
         "1,800", "deployed"),
    ],
)  # fmt: skip
def test_round8_figures(figures: Figures, body: str, text: str, category: str) -> None:
    found = figures(body)
    assert text in found, found
    assert found[text].category == category


def test_people_joined_to_equipment_keep_their_own_words(figures: Figures) -> None:
    # "maybe 40 soldiers" after "five armoured cars" are no vehicles: people are left to their own words
    found = figures("They came with five armoured cars and maybe 40 soldiers, a farmer said.")
    assert found["five"].category == "vehicles"
    assert "40" not in found or found["40"].category != "vehicles"


def test_a_conjunction_after_a_number_names_no_counted_thing(figures: Figures) -> None:
    # "1,450 and Luhansk" would make the place the counted thing and block the figure
    found = figures("Donetsk leads with 2,310 named dead, ahead of Kharkiv with 1,450 and Luhansk with 990.")
    assert found["1,450"].thing is None


def test_a_body_or_proper_noun_tag_speaks_its_paragraph(claims: Claims) -> None:
    body = """
What the channels said overnight.
Ukraine's 93rd Brigade: crews knocked out five Russian tanks near the village.
Grey Zone: 200 reservists from Omsk have been deployed to the sector.
Q: How many were captured?
"""
    found = claims(body)
    tanks = next(c for c in found if "five Russian tanks" in c.evidence.text)
    assert tanks.speaker is not None and "93rd Brigade" in tanks.speaker.text
    assert tanks.speaker_kind == "military"
    reservists = next(c for c in found if "200 reservists" in c.evidence.text)
    assert reservists.speaker is not None and reservists.speaker.text == "Grey Zone"
    assert not any(c.speaker is not None and c.speaker.text == "Q" for c in found)


def test_a_bracketed_name_comes_before_a_body_in_the_tag(claims: Claims) -> None:
    body = "The Secretary of State for Defence (Ann Porter): We estimate that 40,000 Russian soldiers died."
    [claim] = claims(body)
    assert claim.speaker is not None and claim.speaker.text == "Ann Porter"


def test_a_names_title_noun_decides_its_kind(claims: Claims) -> None:
    [claim] = claims("Defence lawyer Helen Carter told reporters that her client had refused to fight.")
    assert claim.speaker is not None and "Helen Carter" in claim.speaker.text
    assert claim.speaker_kind == "person"  # a lawyer, whatever "defence" says


@pytest.mark.parametrize(
    ("body", "figure", "speaker"),
    [
        # the noun before a name tells its gender: "she" is not "her son Pavel Sidorov"
        ("Irina Volkova has not heard from her son Pavel Sidorov since May. "
         "He is one of about 30 conscripts who, she says, were taken prisoner.",
         "30 conscripts", "Irina Volkova"),
        # a name that owns a thing is no antecedent ("Ukraine's air force ... It"), but a person who owns a
        # person is one of the story's people
        ("Galina Orlova's son Denis was called up in the autumn. "
         "About 40 men from his unit refused to attack, she says.", "40 men", "Galina Orlova"),
    ],
)  # fmt: skip
def test_she_points_back_to_the_woman_named_before(
    claims: Claims, body: str, figure: str, speaker: str
) -> None:
    claim = next(c for c in claims(body) if figure in c.evidence.text)
    assert claim.speaker is not None and claim.speaker.text == speaker, claim.speaker


def test_verbs_joined_over_one_object_stay_shared_when_a_later_figure_is_as_near(figures: Figures) -> None:
    found = figures(
        "The General Staff said its troops had killed or wounded another 940 Russian soldiers over the "
        "past day, which brings the total since the invasion to 212,400."
    )
    assert found["940"].category == "casualties"  # killed or wounded, not wounded alone
