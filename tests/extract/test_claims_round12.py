"""Round 12 mechanisms, figure side (docs/claims.md): nouns that verbs of harm make people, military trades
and a side's own people ("ours"), ammunition that no weapon modifier makes a vehicle, category words that
count only as verbs ("cost"), model names ("Leopard 1"), parts named by "of which" and by a restated
amount ("three of those eight"), a formation's men "with" it and "its N men", a measure put "at" an
amount, and surrender told by the gesture (our own sentences, none from dev11 or dev12)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.records import ClaimQuantity

Figures = Callable[[str], dict[str, ClaimQuantity]]


@pytest.mark.parametrize(
    ("body", "text", "category"),
    [
        # a verb of harm that only the living suffer makes its sufferers people, whatever the noun
        ("The hospital said 57 apprentices had been injured when the factory was shelled.", "57", "wounded"),
        ("The strike killed 23 lifeguards on the beach, the governor said.", "23", "killed"),
        ("About 40 commuters died in the attack on the station, officials said.", "About 40", "killed"),
        # military trades are armed people, so they can be deployed
        ("Belarus has deployed about 600 sappers to the border, its defence ministry said.", "about 600",
         "deployed"),
        # a side's own people in a soldier's speech
        ("Three of ours were wounded by a glide bomb, the sergeant said.", "Three", "wounded"),
        # a thing that names its own category keeps it under a verb of harm
        ("The strike killed two crews and destroyed 6 tanks, the army said.", "6", "vehicles"),
        # "of which": a part of the things counted before it
        ("The army received 48 howitzers in spring, of which 30 have since been destroyed, a report said.",
         "30", "vehicles"),
        # a part named by a restated amount takes the figure that amount restates
        ("Relatives said 12 soldiers were captured at the crossing. They have since seen five of those "
         "12 in a video.", "five", "captured"),
        # the men "with" a formation are its strength, and so are "its N men"
        ("The command moved three battalions with roughly 1,800 men to the bridgehead, a blogger wrote.",
         "roughly 1,800", "deployed"),
        ("The company was encircled for a week, and only nine of its 64 men got out, the officer said.",
         "64", "deployed"),
        # a measure put "at" an amount restates the figure before it
        ("The ministry said 240 soldiers had deserted from the base. A local paper later had the number "
         "at 400.", "400", "deserted"),
        # "their number" with no figure before: the people the sentence before told of
        ("Sailors of the frigate refused to put to sea, relatives told a local channel. The channel puts "
         "their number at about 30.", "about 30", "refused"),
        # surrender told by the gesture
        ("Seven of the attackers put their hands up when the drone appeared, the brigade said.", "Seven",
         "captured"),
    ],
)  # fmt: skip
def test_round12_figures(figures: Figures, body: str, text: str, category: str) -> None:
    found = figures(body)
    assert text in found, found
    assert found[text].category == category


@pytest.mark.parametrize(
    ("body", "text"),
    [
        # a verb of harm that only things suffer makes nobody people
        ("Shelling damaged 14 warehouses near the port, the governor said.", "14"),
        # ammunition described by a weapon is no vehicle
        ("Factories produced 90,000 artillery shells a month, analysts estimate.", "90,000"),
        ("The army fired 300 tank rounds at the village, a blogger said.", "300"),
        # "cost" as a noun names no loss
        ("Ministers argued over the cost of housing 5,000 trainees, the paper reported.", "5,000"),
        # a model's name is no count
        ("Berlin promised more Leopard 2 tanks, the chancellor said.", "2"),
        ("Kyiv asked for Patriot 3 batteries, officials said.", "3"),
        # "its N" without a formation before it, and "their number" with no people told before
        ("The ministry said its 300 employees would move to Lviv.", "300"),
        ("The city counts new street names. A council puts their number at 70.", "70"),
    ],
)  # fmt: skip
def test_round12_rules_stay_narrow(figures: Figures, body: str, text: str) -> None:
    assert text not in figures(body)


def test_a_designation_leaves_the_count_before_it(figures: Figures) -> None:
    """The count in "60 Leopard 1 tanks" stays a figure of vehicles; only the model number goes."""
    found = figures("Germany will send 60 Leopard 1 tanks by December, a government spokesman said.")
    assert found["60"].category == "vehicles"
    assert "1" not in found
