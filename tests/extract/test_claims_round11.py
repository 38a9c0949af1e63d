"""Round 11 mechanisms, figure side (docs/claims.md): a strength verb on armed people, armed people sent
to the front or a place by a verb of sending, the men an armed subject acts "with", the strength of a
group, garrison or contingent, counts of how often ("41 times"), and parts with their own counted thing
that are no part of an area (our own sentences, none from dev10)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.records import ClaimQuantity

Figures = Callable[[str], dict[str, ClaimQuantity]]


@pytest.mark.parametrize(
    ("body", "text", "category"),
    [
        # a strength verb gives the number of the armed people it hangs on, before any unit near it
        ("Paratroopers in the pocket, numbering perhaps several hundred, held some 5 sq km of forest.",
         "several hundred", "deployed"),
        ("The garrison numbered about 1,200 before the storm, a local official said.", "about 1,200",
         "deployed"),
        # armed people a verb of sending puts at the front or in a place
        ("The command has been feeding 4,000 conscripts into the assault each week, a blogger wrote.",
         "4,000", "deployed"),
        ("Moscow moved roughly 6,000 troops to Belgorod in March, according to satellite imagery.",
         "roughly 6,000", "deployed"),
        # the men an armed subject acts with are its strength
        ("The separatist brigade attacked the village with 700 men at dawn, residents said.", "700",
         "deployed"),
        # the strength of a group, a garrison or a contingent
        ("Ukrainian officers described storm groups of eight to ten soldiers crossing the river.",
         "eight to ten", "deployed"),
        ("The town's garrison of about 500 fighters has been cut off since Sunday.", "about 500", "deployed"),
    ],
)  # fmt: skip
def test_round11_figures(figures: Figures, body: str, text: str, category: str) -> None:
    found = figures(body)
    assert text in found, found
    assert found[text].category == category


@pytest.mark.parametrize(
    ("body", "text"),
    [
        # a count of how often counts nothing, however near a word of vehicles
        ("The enemy shelled the district 63 times from tanks and howitzers overnight.", "63"),
        # a part with its own counted thing is no part of an area
        ("The army says it has retaken 90 square kilometres, including 14 villages.", "14"),
        # a verb of sending with civilians, or with no front or place, deploys nobody
        ("Volunteers moved 300 civilians to the city by bus, the mayor said.", "300"),
        ("The regiment put 40 soldiers into new uniforms for the parade.", "40"),
        # an armed subject with people who are not armed, and a group that is not armed
        ("The soldiers spoke with 20 reporters at the checkpoint.", "20"),
        ("A group of 30 mothers gathered outside the enlistment office.", "30"),
        # a strength verb on people who are not armed
        ("The protesters, numbering about 200, marched to the square.", "about 200"),
    ],
)  # fmt: skip
def test_round11_rules_stay_narrow(figures: Figures, body: str, text: str) -> None:
    assert text not in figures(body)
