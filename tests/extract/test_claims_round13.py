"""Round 13 mechanisms, figure side (docs/claims.md): a lone "one" read as a count where it numbers a
thing in a list of counted things or is set apart as a count ("only one", "one more"), Indian digit
grouping ("4,08,000"), vessels as vehicles, and men who "go to fight" as deployed (our own sentences,
none from dev13)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.records import ClaimQuantity

Figures = Callable[[str], dict[str, ClaimQuantity]]


@pytest.mark.parametrize(
    ("body", "text", "category"),
    [
        # "one" in a list of counted things
        ("The brigade said it had destroyed one tank and three armoured vehicles near the river.", "one",
         "vehicles"),
        ("Separatists claimed to have downed four drones and one helicopter over the weekend.", "one",
         "vehicles"),
        # "one" set apart as a count
        ("The navy admitted that only one patrol boat had been sunk in the raid.", "one", "vehicles"),
        ("The air force said it lost one more transport plane on Sunday.", "one", "vehicles"),
        # Indian grouping: lakh and crore
        ("The Ukrainian army said Russian losses had reached 5,12,000 soldiers since the invasion.",
         "5,12,000", "casualties"),
        # vessels are vehicles
        ("The navy said it had sunk 17 enemy vessels since spring.", "17", "vehicles"),
        # men who go to war, told by the purpose
        ("About 300 men from the district have gone to fight, the mayor said.", "About 300", "deployed"),
    ],
)  # fmt: skip
def test_round13_figures(figures: Figures, body: str, text: str, category: str) -> None:
    found = figures(body)
    assert text in found, found
    assert found[text].category == category


@pytest.mark.parametrize(
    ("body", "text"),
    [
        # "one" as a pronoun or in an idiom is no count
        ("One of the officers said the tanks had been moved, the paper reported.", "One"),
        ("At one point the brigade lost contact with its tanks, the commander said.", "one"),
        ("One soldier said the unit had lost contact with its tanks.", "One"),
        # a Western-grouped number is not cut into an Indian one
        ("The ministry said 4,080 soldiers had deserted.", "4,08"),
    ],
)  # fmt: skip
def test_round13_rules_stay_narrow(figures: Figures, body: str, text: str) -> None:
    assert text not in figures(body)


def test_indian_grouping_keeps_its_value(figures: Figures) -> None:
    found = figures("Kyiv said Russia had lost 1,25,000 soldiers in the east.")
    assert found["1,25,000"].min == 125_000
