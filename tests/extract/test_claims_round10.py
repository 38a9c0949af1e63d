"""Round 10 mechanisms (docs/claims.md): people who sign up or join, armed people going somewhere, people
taken by a taking verb, "up N" changes of a figure, the counted noun of a measure phrase, narrower words
inside a count of losses, amounts that stand for a thing counted before, thread post numbers, and a few
phrases and words (our own sentences, none from dev8)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.records import ClaimQuantity

Figures = Callable[[str], dict[str, ClaimQuantity]]


@pytest.mark.parametrize(
    ("body", "text", "category"),
    [
        # people who take service themselves: a joining verb with a contract, an army or a formation, or "up"
        ("The regional government said 1,400 men had signed contracts with the army since June.",
         "1,400", "deployed"),
        ("Local officials claim 5,000 people signed up for the volunteer corps in the autumn.",
         "5,000", "deployed"),
        ("The mayor said 320 residents had joined the territorial battalions by March.", "320", "deployed"),
        # armed people going somewhere with a place, or counted as the men a unit went there with
        ("The brigade went into Avdiivka in October with 900 soldiers, its former medic says.",
         "900", "deployed"),
        ("Satellite photos suggest about 4,000 troops arrived in the Gomel region last week.",
         "about 4,000", "deployed"),
        # ... also where the parse hangs the participle on the noun whose "of" phrase the amount is
        ("Officials have seen reports of up to 900 arriving in the Kursk region.", "up to 900", "deployed"),
        # a taking verb with a nationality or the enemy as its object takes them prisoner
        ("A Ukrainian brigade says it took 40 Russians near Robotyne on Monday.", "40", "captured"),
        # "up N" tells how much the figure before it changed
        ("The rights group's list of named dead reached 9,300 on Friday, up 450 on the previous month.",
         "450", "killed"),
        # the counted noun of a measure phrase decides before its modifiers
        ("The count of abandoned Russian trucks now stands above 1,100, the analysts said.",
         "1,100", "vehicles"),
        # a participle after the counted noun narrows a count of losses
        ("The battalion suffered losses of nine men killed in the shelling, a relative said.",
         "nine", "killed"),
        # an amount that stands for the thing counted before takes no word from the figures around it
        ("Officials said 2,000 conscripts had gone to the front in May, with another 1,500 due in June.",
         "2,000", "deployed"),
        ("Officials said 2,000 conscripts had gone to the front in May, with another 1,500 due in June.",
         "1,500", "deployed"),
        # phrases and words: failing to come back from leave, going to the front, convictions, occupiers
        ("Prosecutors charged 23 soldiers who failed to come back after their home leave.", "23", "deserted"),
        ("The governor said 700 reservists from the region had left for the front since the spring.",
         "700", "deployed"),
        ("Court records show 310 convictions for desertion in the district this year, a lawyer said.",
         "310", "deserted"),
        ("The border guards said they had captured six occupiers overnight.", "six", "captured"),
    ],
)  # fmt: skip
def test_round10_figures(figures: Figures, body: str, text: str, category: str) -> None:
    found = figures(body)
    assert text in found, found
    assert found[text].category == category


@pytest.mark.parametrize(
    ("body", "text"),
    [
        # a joining verb without a word of service: a petition, a protest
        ("The paper said 3,000 mothers signed a petition to the governor.", "3,000"),
        ("Witnesses said 200 residents joined the protest outside the town hall.", "200"),
        # a taking verb with people who are not the enemy takes nobody prisoner
        ("The school bus took 40 children to the shelter, a teacher said.", "40"),
        # civilians going somewhere are no deployment
        ("Officials said 600 refugees arrived in Lviv by train on Monday.", "600"),
    ],
)  # fmt: skip
def test_round10_rules_stay_narrow(figures: Figures, body: str, text: str) -> None:
    assert text not in figures(body)


def test_thread_post_numbers_count_nothing(figures: Figures) -> None:
    found = figures("3/ Prisoners next. The brigade says it captured 75 soldiers in a week.")
    assert "3" not in found
    assert found["75"].category == "captured"


def test_a_change_of_a_figure_needs_a_figure_before_it(figures: Figures) -> None:
    # "up 12" after nothing categorised has nothing to follow
    assert "12" not in figures("Bread prices rose again on Monday, up 12 from last week, traders said.")
