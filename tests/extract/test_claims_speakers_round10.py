"""Round 10 speaker mechanisms (docs/claims.md, "Round 10: speakers"): courts and headquarters by their
head noun, a surname that keeps the kind its fuller introduction gave, "the channel" / "the paper" that
point back to a named outlet paragraphs before, and a body's people named by "its" (our own sentences,
none from dev9 or any other set)."""

from __future__ import annotations

from tests.extract.conftest import Claims, claim_with


def test_a_court_is_an_official_speaker_whatever_its_name_holds(claims: Claims) -> None:
    body = "Eleven reservists were jailed for desertion on Monday, the Eastern Garrison Military Court said."
    claim = claim_with(claims(body), "jailed")
    assert claim.speaker is not None and "Court" in claim.speaker.text
    assert claim.speaker_kind == "official"


def test_a_headquarters_for_prisoners_is_government_not_a_person(claims: Claims) -> None:
    body = (
        "The Joint Headquarters for the Return of Prisoners said on Sunday that 64 soldiers had come home "
        "in the swap."
    )
    assert claim_with(claims(body), "come home").speaker_kind == "government"


def test_a_surname_keeps_the_kind_of_the_full_introduction(claims: Claims) -> None:
    body = (
        "Colonel Bohdan Marchuk, who commands an artillery brigade near Kupiansk, said the shelling had "
        "eased.\n"
        "Marchuk said his gunners had destroyed six Russian tanks since Monday."
    )
    claim = claim_with(claims(body), "six Russian tanks")
    assert claim.speaker is not None and "Marchuk" in claim.speaker.text
    assert claim.speaker_kind == "military"


def test_the_channel_points_back_to_the_named_channel_paragraphs_before(claims: Claims) -> None:
    body = (
        "The pro-war channel Grey Hound wrote on Monday that 40 Ukrainian soldiers had surrendered near "
        "Bakhmut.\n"
        "The newspaper Vechernyaya Tula said the city had buried nine men in a week.\n"
        "A regional lawmaker said the figures were too low.\n"
        "Relatives in the town say they have heard nothing from the front since May.\n"
        "The channel, which has ties to the Wagner group, wrote later that 12 more had given up."
    )
    claim = claim_with(claims(body), "12 more")
    assert claim.speaker is not None and "Grey Hound" in claim.speaker.text
    assert claim.speaker_kind == "media"


def test_the_channel_with_no_named_channel_before_stays_the_channel(claims: Claims) -> None:
    body = "The channel, which is run by former officers, wrote that 30 soldiers had been captured."
    claim = claim_with(claims(body), "30 soldiers")
    assert claim.speaker is not None and claim.speaker.text == "The channel"


def test_its_lawyers_speak_for_the_group_that_spoke_before(claims: Claims) -> None:
    body = (
        "The rights group Free Barracks said on Friday that it had written to the defence ministry.\n"
        "Its lawyers argue that at least 25 conscripts were sent to the front against the law."
    )
    claim = claim_with(claims(body), "Its lawyers")
    assert claim.speaker_kind == "ngo"


def test_its_spokesman_with_a_name_keeps_the_name(claims: Claims) -> None:
    body = (
        "The regional governor's office said on Friday that it had paid the families of the dead.\n"
        "Its spokesman, Oleg Sidorenko, said 18 families were still waiting."
    )
    claim = claim_with(claims(body), "18 families")
    assert claim.speaker is not None and "Sidorenko" in claim.speaker.text


def test_the_channel_points_back_to_a_channel_the_language_layer_knows_by_name(claims: Claims) -> None:
    # the known name is the speaker, so its describing noun ("channel") is what "the channel" matches
    body = (
        "The military blogger channel Rybar wrote that 90 Ukrainian soldiers had been captured near "
        "Robotyne.\n"
        "The governor said the border villages were quiet.\n"
        "A local paper, the Kursk Courier, said schools had reopened.\n"
        "The mayor said the bridge would be repaired.\n"
        "The channel wrote later that 12 Ukrainian tanks had been destroyed in the same week."
    )
    claim = claim_with(claims(body), "12 Ukrainian tanks")
    assert claim.speaker is not None and claim.speaker.canonical == "outlet:rybar"
    assert claim.speaker_kind == "media"


def test_a_known_rights_group_is_an_ngo_whatever_its_name_holds(claims: Claims) -> None:
    body = "Human Rights Watch said at least 30 prisoners of war had been beaten in the camp."
    claim = claim_with(claims(body), "30 prisoners")
    assert claim.speaker is not None and claim.speaker.canonical == "org:human-rights-watch"
    assert claim.speaker_kind == "ngo"


def test_the_paper_points_back_to_a_name_described_in_apposition(claims: Claims) -> None:
    body = (
        "Kommersant, a business newspaper, reported that 300 reservists had refused to deploy.\n"
        "The governor said the border villages were quiet.\n"
        "The mayor said the bridge would be repaired.\n"
        "A local official said schools had reopened.\n"
        "The newspaper added that 40 of them had been detained."
    )
    claim = claim_with(claims(body), "40 of them")
    assert claim.speaker is not None and claim.speaker.canonical == "outlet:kommersant"


def test_a_known_official_speaks_with_the_kind_of_the_office(claims: Claims) -> None:
    body = "Lavrov said that 200 foreign mercenaries had been captured near the border."
    claim = claim_with(claims(body), "200 foreign mercenaries")
    assert claim.speaker is not None and claim.speaker.canonical == "person:sergei-lavrov"
    assert claim.speaker_kind == "government"


def test_a_known_governor_is_an_official_by_surname_alone(claims: Claims) -> None:
    body = "Gladkov said that four civilians had been killed in the shelling of Shebekino."
    claim = claim_with(claims(body), "four civilians")
    assert claim.speaker is not None and claim.speaker.canonical == "person:vyacheslav-gladkov"
    assert claim.speaker_kind == "official"
