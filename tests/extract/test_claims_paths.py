"""Round 4: what decides a figure's category along the parse, beyond the forms it was written for
(our own sentences): amounts with a scale glued on, prepositions on the path, the noun a counted
phrase belongs to, words joined to the counted word, the numbers that compete for a word, "N more"
after a figure of things, and where people are; and "it" after a body named with its owner."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.extract.conftest import make_article

from newsledger.extract.claims import ClaimExtractor
from newsledger.nlp import ArticleAnnotator
from newsledger.records import ClaimQuantity


@pytest.mark.parametrize(
    ("body", "text", "value", "category"),
    [
        ("A volunteer medic said 2.5k wounded had passed through the clinic since May.", "2.5k", 2_500,
         "wounded"),
        ("The regional bonus for new contract soldiers rose to 2.1mn roubles.", "2.1mn roubles", 2_100_000,
         "money"),
        ("Analysts said the region had spent $1.4bn on sign-up payments.", "$1.4bn", 1_400_000_000, "money"),
    ],
)  # fmt: skip
def test_a_scale_glued_to_the_digits_multiplies(
    figures: Callable[[str], dict[str, ClaimQuantity]], body: str, text: str, value: float, category: str
) -> None:
    figure = figures(body)[text]
    assert (figure.min, figure.category) == (value, category)


@pytest.mark.parametrize(
    ("body", "text", "category"),
    [
        # a preposition is no step of meaning: "charges of desertion" is as near as "desertion charges"
        ("Prosecutors said 23 sailors now face charges of desertion in Sevastopol.", "23", "deserted"),
        # the noun the counted phrase belongs to names what happened to them
        ("The monitors recorded the deaths of at least 17 prisoners of war in custody.", "at least 17",
         "killed"),
        # words joined to the counted word count with it
        ("The general said Russia had suffered some 90,000 killed and wounded in the winter.", "some 90,000",
         "casualties"),
        # a count of people takes no word of things ("from a landing ship")
        ("The navy said 14 sailors from a sunken patrol ship had been taken prisoner.", "14", "captured"),
        # a number whose own noun names its category does not take the word next to it
        ("The daily tally listed 830 Russian troops killed or wounded, along with 9 tanks and 21 drones.",
         "830", "casualties"),
        # the counted phrase runs into the object complement: "taking 12 soldiers prisoner"
        ("The brigade said it had repelled the attack, taking 12 Russian soldiers prisoner.", "12",
         "captured"),
    ],
)  # fmt: skip
def test_the_category_along_the_parse(
    figures: Callable[[str], dict[str, ClaimQuantity]], body: str, text: str, category: str
) -> None:
    assert figures(body)[text].category == category


def test_more_after_a_figure_of_things_are_those_things(
    figures: Callable[[str], dict[str, ClaimQuantity]],
) -> None:
    found = figures(
        "The minister said the army had destroyed more than 1,900 tanks, adding that Moscow had brought "
        "hundreds more out of storage."
    )
    assert found["more than 1,900"].category == "vehicles"
    assert found["hundreds"].category == "vehicles"


def test_more_after_a_figure_of_people_take_their_own_verb(
    figures: Callable[[str], dict[str, ClaimQuantity]],
) -> None:
    found = figures("Three soldiers died and nine more were injured when the shell hit, the governor said.")
    assert found["nine"].category == "wounded"


def test_people_are_deployed_where_they_stay_only_in_a_place(
    figures: Callable[[str], dict[str, ClaimQuantity]],
) -> None:
    assert figures("Officials said about 4,000 troops remained in Belarus.")["about 4,000"].category == (
        "deployed"
    )
    # no place, so no deployment: "in Russian hands" is captivity (the "in * hands" idiom, round 5)
    held = figures("Kyiv says that about 6,000 soldiers remain in Russian hands.")["about 6,000"]
    assert held.category == "captured"


def test_it_is_the_body_named_not_its_owner(annotator: ArticleAnnotator) -> None:
    body = (
        "Russian drones struck two power plants overnight, Ukraine's air force said. "
        "It reported shooting down 19 of 24 drones.\n"
        "The Russian General Staff's figure is lower: it puts the drones launched at 20."
    )
    article = make_article(body, None)
    [(doc, mentions)] = annotator.annotate_docs([article])
    claims = {c.evidence.text.split()[0]: c for c in ClaimExtractor().extract(article, doc, mentions)}
    reported = claims["It"].speaker
    assert reported is not None and reported.text == "Ukraine's air force"
    owned = claims["The"].speaker
    assert owned is not None and "General Staff" in owned.text
