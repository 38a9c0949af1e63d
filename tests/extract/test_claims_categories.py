"""Categories told by word families, inflections and phrases: the wording of the press, not one list of
exact forms (our own sentences)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.extract.claims import base_forms, load_lexicon
from newsledger.records import ClaimQuantity


@pytest.mark.parametrize(
    ("word", "base"),
    [("perished", "perish"), ("injuries", "injury"), ("absconding", "abscond"), ("lost", "lose"),
     ("fled", "flee"), ("stopped", "stop"), ("captured", "capture"), ("analysts", "analyst")],
)  # fmt: skip
def test_base_forms_reach_the_word_family(word: str, base: str) -> None:
    forms = base_forms(word, load_lexicon().irregular_forms)
    assert forms[0] == word and base in forms


def test_base_forms_leave_short_words_alone() -> None:
    assert base_forms("is", {}) == ("is",)
    assert base_forms("bus", {}) == ("bus",)


@pytest.mark.parametrize(
    ("body", "text", "category"),
    [
        ("The regional administration said 14 marines perished in the strike.", "14", "killed"),
        ("Kyiv says 300 Russian soldiers lost their lives near Vuhledar on Friday.", "300", "killed"),
        ("The ministry said up to 60 servicemen had been eliminated overnight.", "up to 60", "killed"),
        ("The General Staff said 610 Russian troops were put out of action.", "610", "casualties"),
        ("Officials said 1,762 Ukrainians had been returned from captivity.", "1,762", "captured"),
        ("The spokesman said another 40 gave up after being surrounded.", "40", "captured"),
        ("The group says it has helped more than 500 servicemen abscond.", "more than 500", "deserted"),
        ("Russia has called up 130,000 conscripts, the decree says.", "130,000", "deployed"),
        (
            "The finance ministry said it would spend 10.8 trillion roubles on defence.",
            "10.8 trillion",
            "money",
        ),
        ("The air force said two Su-25 jets were shot down.", "two", "vehicles"),
        ("Oryx lists 550 artillery pieces lost since February.", "550", "vehicles"),
    ],
)
def test_category_from_word_families_and_phrases(
    figures: Callable[[str], dict[str, ClaimQuantity]], body: str, text: str, category: str
) -> None:
    found = figures(body)
    quantity = next((q for t, q in found.items() if text in t), None)
    assert quantity is not None, (text, found)
    assert quantity.category == category, (body, quantity)


def test_trillions_are_counted(figures: Callable[[str], dict[str, ClaimQuantity]]) -> None:
    (quantity,) = figures(
        "The finance ministry said it would spend 10.8 trillion roubles on defence."
    ).values()
    assert quantity.unit == "rub" and quantity.min == pytest.approx(10.8e12)


def test_a_joined_word_as_near_to_the_other_number_is_that_numbers(
    figures: Callable[[str], dict[str, ClaimQuantity]],
) -> None:
    found = figures("Officials said eleven marines lost their lives and 27 were injured in the strike.")
    assert found["eleven"].category == "killed"
    assert found["27"].category == "wounded"


def test_a_counted_noun_that_is_a_verb_family_is_no_category(
    figures: Callable[[str], dict[str, ClaimQuantity]],
) -> None:
    # "recruits" and "positions" are things here, not the verbs "recruit" and "position"
    found = figures("The commander said 40 recruits arrived at the base with no rifles.")
    assert "40" not in found, found
