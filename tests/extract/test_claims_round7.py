"""Round 7 mechanisms (docs/claims.md): conjoined and compared amounts, vehicles told by a modifier,
captivity by release, desertion phrases in any tense, negated reporting verbs, "by X's estimate",
documents named by a clause without "which", and transcript speaker tags (our own sentences)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.records import Claim, ClaimQuantity

Claims = Callable[..., list[Claim]]
Figures = Callable[[str], dict[str, ClaimQuantity]]


@pytest.mark.parametrize(
    ("body", "text", "category"),
    [
        # a bare amount joined to the one before counts the same thing
        ("The air force listed 14 drones and three jets among the aircraft shot down, up from eight and 5 "
         "the day before.", "5", "vehicles"),
        # the other end of a comparison shares its figure's unit before any loss word near it
        ("The state set aside 1.2 trillion roubles for payments to the families of soldiers killed or "
         "wounded in the war, up from 780bn in 2024.", "780bn", "money"),
        # "another N" is more of what was counted before
        ("The army said it had retaken 300 square kilometres by June and another 150 in July.", "150",
         "territory"),
        # a thing no category word names, described as a vehicle by its modifier
        ("Villagers counted six armoured cars on the bridge, a local official said.", "six", "vehicles"),
        # release from captivity; leaving one's unit in any tense
        ("Kyiv said 95 soldiers were freed on Friday.", "95", "captured"),
        ("Prosecutors said 40 conscripts were charged with leaving their unit in May.", "40", "deserted"),
        # scale glued to the digits in money copy
        ("Moscow plans to spend 2.1trn roubles on the army next year, the ministry said.", "2.1trn roubles",
         "money"),
        # people of any trade count as people
        ("Officials said the strike killed four passengers on a bus.", "four", "killed"),
    ],
)  # fmt: skip
def test_round7_figures(figures: Figures, body: str, text: str, category: str) -> None:
    found = figures(body)
    assert text in found, found
    assert found[text].category == category


def test_armoured_formations_are_no_vehicles(figures: Figures) -> None:
    found = figures("The general said three armoured brigades had moved north.")
    assert "three" in found and found["three"].category == "deployed"


def test_glued_trillions_are_read_as_numbers(figures: Figures) -> None:
    figure = figures("The ministry said the bill would reach 1.5trn roubles.")["1.5trn roubles"]
    assert (figure.min, figure.max) == (1.5e12, 1.5e12)


@pytest.mark.parametrize(
    ("body", "sentence", "speaker", "kind"),
    [
        # a negated reporting verb does not speak for the claim beside it
        ("The ministry has not confirmed the number, but a local blogger put the dead at 40.", "The ministry",
         "blogger", "media"),
        # "by X's estimate" is X's (the Pentagon, a defence ministry, is government: round 12 label guide)
        ("By the Pentagon's latest estimate, Russia has lost 2,000 tanks.", "By the Pentagon", "Pentagon",
         "government"),
        # a document named by a clause without "which" speaks for the clause's subject
        ("The army will get 900bn roubles, according to the draft the finance ministry sent to parliament.",
         "The army", "finance ministry", "government"),
    ],
)  # fmt: skip
def test_round7_speakers(claims: Claims, body: str, sentence: str, speaker: str, kind: str) -> None:
    claim = next(c for c in claims(body) if c.evidence.text.startswith(sentence))
    assert claim.speaker is not None and speaker in claim.speaker.text, claim.speaker
    assert claim.speaker_kind == kind


def test_transcript_tags_speak_their_paragraphs(claims: Claims) -> None:
    body = """
Committee hearing, 12 June. Transcript.
Chair (Anna Lindqvist): How many soldiers are stationed abroad today?
The Defence Minister (Erik Holm): About 1,200 troops are deployed in Latvia, and 300 more will follow.
HOST: And the losses?
HOLM: Two of our vehicles have been destroyed in training accidents this year.
"""
    found = claims(body)
    deployed = next(c for c in found if "About 1,200" in c.evidence.text)
    assert deployed.speaker is not None and deployed.speaker.text == "Erik Holm"
    assert deployed.speaker_kind == "government"  # the tag's own title decides
    vehicles = next(c for c in found if "Two of our" in c.evidence.text)
    assert vehicles.speaker is not None and vehicles.speaker.text == "Erik Holm"  # by surname
    assert not any("HOST" in c.evidence.text and c.speaker is not None for c in found)


def test_a_time_stamp_is_no_transcript_tag(claims: Claims) -> None:
    body = "09:12 - Two soldiers were killed near Kupiansk overnight."
    [claim] = claims(body)
    assert claim.speaker is None and claim.speaker_kind == "outlet"
