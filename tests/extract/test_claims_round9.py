"""Round 9 mechanisms (docs/claims.md): amounts that restate a figure ("the tally was 410", "Of the 260,
..."), a whole opening its sentence told by its own phrase, counts of formations, things that stand for
the dead, a surgeon's "operate on" and troops taken "into battle" (our own sentences, none from dev7)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.records import ClaimQuantity

Figures = Callable[[str], dict[str, ClaimQuantity]]


@pytest.mark.parametrize(
    ("body", "text", "category"),
    [
        # the value of a measure noun with no "of" phrase restates the figure before it
        ("The governor said 52 reservists from the district had been killed. The ministry's tally was 61.",
         "61", "killed"),
        ("Kyiv said 140 soldiers had surrendered at the plant. By Friday the total stood at 175.",
         "175", "captured"),
        # ... or what the sentence asked about before it
        ("Asked how many of the crew had been injured, the captain said the figure was close to 30.",
         "close to 30", "wounded"),
        # "Of the N": the same amount again is the figure named before; later amounts are its parts
        ("The court heard that 260 servicemen had deserted from the brigade. Of the 260, 190 were "
         "caught within a month and 45 are still being sought, a prosecutor said.", "190", "deserted"),
        ("The court heard that 260 servicemen had deserted from the brigade. Of the 260, 190 were "
         "caught within a month and 45 are still being sought, a prosecutor said.", "45", "deserted"),
        # a whole that opens the sentence is told by its own phrase, not by what its part did
        ("Of the 3,000 reservists the district took into battle in May, a third deserted within weeks, a "
         "veteran said.", "3,000", "deployed"),
        ("Of the 900 men the regiment led into the fighting at Bakhmut, barely half walked back, its "
         "chaplain says.", "900", "deployed"),
        # formations counted are a deployment, and an amount in apposition to them counts the same troops
        ("The attack came with three battalions, perhaps 1,200 people, a Ukrainian officer said.",
         "three", "deployed"),
        ("The attack came with three battalions, perhaps 1,200 people, a Ukrainian officer said.",
         "1,200", "deployed"),
        # things that stand for the dead count them
        ("Villagers said about sixty fresh graves had appeared at the edge of the cemetery since March.",
         "about sixty", "killed"),
        ("The mayor said 14 coffins had arrived at the station in a single week.", "14", "killed"),
        # a surgeon operates on the wounded
        ("Over one weekend, a doctor said, her unit operated on 85 soldiers from the front.",
         "85", "wounded"),
    ],
)  # fmt: skip
def test_round9_figures(figures: Figures, body: str, text: str, category: str) -> None:
    found = figures(body)
    assert text in found, found
    assert found[text].category == category


def test_events_named_by_a_category_word_count_no_people(figures: Figures) -> None:
    # "exchanges" name captives but count events: only graves, coffins and the like stand for people
    found = figures("Since 2022, 2,800 prisoners have come home in 49 exchanges, the ombudsman said.")
    assert found["2,800"].category == "captured"
    assert "49" not in found


def test_a_measure_noun_with_its_own_object_restates_nothing(figures: Figures) -> None:
    # "put the figure at" has an object: the amount is the estimate's own, not the figure before
    found = figures(
        "The governor said 52 reservists had been killed. Analysts put the figure of tanks lost at 9."
    )
    assert found["52"].category == "killed"
    assert "9" not in found or found["9"].category != "killed"


def test_a_bare_the_amount_needs_the_same_amount_before(figures: Figures) -> None:
    # "the 70" names no figure when no 70 was counted before: no category is borrowed
    found = figures("The agency said 260 soldiers had deserted. Of the 70 who spoke to us, most were tired.")
    assert found["260"].category == "deserted"
    assert "70" not in found


def test_a_people_word_far_from_the_only_count_of_people_names_it(figures: Figures) -> None:
    # "missing" ends a long clause on "men", five arcs and more from the number
    body = (
        "A second list, his sister says, held the names of 23 men nobody had heard from since an attack "
        "in March and who were still recorded as missing."
    )
    assert figures(body)["23"].category == "deserted"


def test_a_far_word_is_no_category_when_another_number_shares_the_sentence(figures: Figures) -> None:
    # with two counts of people the far word could be either one's: neither takes it
    body = (
        "A second list, his sister says, held the names of 23 men nobody had heard from since an attack "
        "by 40 paratroopers in March and who were still recorded as missing."
    )
    found = figures(body)
    assert "23" not in found or found["23"].category != "deserted"
