"""Round 11 speaker mechanisms (docs/claims.md, "Round 11: speakers"): unnamed sources by the words that
say so, two-word heads ("press secretary", "enlistment office", "the member for ..."), a speaker behind an
opening participle, a site that relays a named speaker, a brigade named again as "the brigade", a name
closing a relative clause, a role in apposition after a relation noun, a "she" that skips a name the
words do not make hers, records read (not written) by a site, "we are told" and a participle that names
where figures come from (our own sentences, none from dev11 or any other set)."""

from __future__ import annotations

from tests.extract.conftest import Claims, claim_with


def test_a_source_who_asked_not_to_be_named_is_anonymous(claims: Claims) -> None:
    body = (
        "A former battalion officer, who asked not to be named for fear of reprisals, said the unit had lost "
        "60 men in March."
    )
    claim = claim_with(claims(body), "60 men")
    assert claim.speaker is not None and "officer" in claim.speaker.text
    assert claim.speaker_kind == "anonymous"


def test_a_person_close_to_a_command_is_anonymous(claims: Claims) -> None:
    body = "A person close to the regional command said the convoy had turned back at the border."
    assert claim_with(claims(body), "convoy").speaker_kind == "anonymous"


def test_a_channel_close_to_a_ministry_is_still_the_channel(claims: Claims) -> None:
    body = "The channel Grey Hound, which is close to the defence ministry, wrote that 30 tanks were hit."
    claim = claim_with(claims(body), "30 tanks")
    assert claim.speaker_kind == "media"


def test_a_press_secretary_is_an_official_not_a_secretary_of_state(claims: Claims) -> None:
    body = "The mayor's press secretary, Olga Dvornik, told reporters that the shelter list was complete."
    claim = claim_with(claims(body), "shelter list")
    assert claim.speaker is not None and "Olga Dvornik" in claim.speaker.text
    assert claim.speaker_kind == "official"


def test_an_enlistment_office_is_an_official_body_not_the_military(claims: Claims) -> None:
    body = "The district military enlistment office said that 180 men had been called up since May."
    assert claim_with(claims(body), "180 men").speaker_kind == "official"


def test_the_member_for_a_seat_is_an_mp(claims: Claims) -> None:
    body = "The member for Kettlebridge North said that the base near her town had trained 500 recruits."
    claim = claim_with(claims(body), "500 recruits")
    assert claim.speaker is not None and "member for Kettlebridge North" in claim.speaker.text
    assert claim.speaker_kind == "government"


def test_a_party_names_a_politician(claims: Claims) -> None:
    body = "Labour's Grace Okafor argued that the aid package was too small to matter at the front."
    assert claim_with(claims(body), "aid package").speaker_kind == "government"


def test_an_opening_participle_does_not_hide_the_speaker(claims: Claims) -> None:
    body = (
        "The opposition asked about the new drones.\n"
        "Answering, the procurement minister, Dana Kowal, said 300 drones had been delivered in June."
    )
    claim = claim_with(claims(body), "300 drones")
    assert claim.speaker is not None and "Dana Kowal" in claim.speaker.text


def test_a_site_that_relays_a_named_speaker_passes_the_claim_on(claims: Claims) -> None:
    body = (
        "The mayor of Lipetsk, Roman Chernov, said on Friday that 900 residents had joined the army this "
        "year, the local news portal Lipetsk Vesti reported."
    )
    claim = claim_with(claims(body), "900 residents")
    assert claim.speaker is not None and "Roman Chernov" in claim.speaker.text
    assert claim.speaker_kind == "official"


def test_the_brigade_points_back_to_the_named_brigade(claims: Claims) -> None:
    body = (
        "Ukraine's 61st Jaeger Brigade said on Monday that its gunners had hit a Russian column.\n"
        "The brigade's press officer said the crews had worked through the night.\n"
        "The brigade also said three of its soldiers had been wounded."
    )
    claim = claim_with(claims(body), "three of its soldiers")
    assert claim.speaker is not None and "61st Jaeger Brigade" in claim.speaker.text


def test_a_name_closing_a_relative_clause_names_the_speaker(claims: Claims) -> None:
    body = "The sergeant, who would give only his call sign, Bear, says the trench was lost twice in a week."
    claim = claim_with(claims(body), "trench")
    assert claim.speaker is not None and claim.speaker.text == "Bear"
    assert claim.speaker_kind == "military"


def test_a_role_in_apposition_tells_more_than_a_relation(claims: Claims) -> None:
    body = "My cousin Taras, a battery commander, says his guns fire only ten shells a day now."
    claim = claim_with(claims(body), "ten shells")
    assert claim.speaker is not None and "Taras" in claim.speaker.text
    assert claim.speaker_kind == "military"


def test_she_skips_a_name_the_words_do_not_make_hers(claims: Claims) -> None:
    body = (
        "Halyna Moroz waters her husband's tomatoes every morning. Bohdan, 51, went missing near Vuhledar "
        "in the winter.\n"
        '"He wrote to us every week," she says.'
    )
    claim = claim_with(claims(body), "every week")
    assert claim.speaker is not None and claim.speaker.text == "Halyna Moroz"


def test_he_keeps_the_latest_name_when_no_earlier_one_is_his(claims: Claims) -> None:
    body = (
        "A government spokesman said the talks had stalled.\n"
        "Colonel Ruslan Petrenko did not comment. He has said the front is stable."
    )
    claim = claim_with(claims(body), "front is stable")
    assert claim.speaker is not None and "Petrenko" in claim.speaker.text


def test_records_reviewed_by_a_site_are_not_the_sites(claims: Claims) -> None:
    body = (
        "According to court records reviewed by the news site Okno, garrison courts have jailed at least 300 "
        "deserters this year."
    )
    claim = claim_with(claims(body), "at least 300")
    assert claim.speaker is not None and "court records" in claim.speaker.text
    assert claim.speaker_kind == "official"


def test_what_we_are_told_is_no_unnamed_source(claims: Claims) -> None:
    body = "I have stopped believing what we are told about the front, and so have my neighbours."
    assert all(claim.speaker_kind != "anonymous" for claim in claims(body))


def test_a_participle_naming_where_figures_come_from_is_no_anonymity(claims: Claims) -> None:
    body = (
        "Drawing on interviews with officials and open sources, the defence committee puts Russian losses at "
        "300,000."
    )
    claim = claim_with(claims(body), "300,000")
    assert claim.speaker is not None and "committee" in claim.speaker.text
    assert claim.speaker_kind != "anonymous"


def test_answers_in_a_readout_are_the_briefers(claims: Claims) -> None:
    body = (
        "The foreign minister opened the briefing by announcing 40 more armoured vehicles for Kyiv.\n"
        "Q: What about Russian losses? A: Our estimate is that Russia has lost 2,000 tanks. We think most "
        "were destroyed by drones.\n"
        "Q: And the prisoners? A: That is for the Red Cross."
    )
    found = claims(body)
    assert claim_with(found, "40 more armoured").speaker is not None
    for words in ("2,000 tanks", "destroyed by drones"):
        claim = claim_with(found, words)
        assert claim.speaker is not None and "foreign minister" in claim.speaker.text
        assert claim.speaker_kind == "government"
    # the question speaks for nobody: no claim of the briefer's is made of it
    assert not [c for c in found if "What about" in c.evidence.text and c.speaker is not None]


def test_a_transcript_tag_speaks_the_quotation_after_it(claims: Claims) -> None:
    body = (
        "The army held its evening briefing.\n"
        'Spokeswoman Iryna Kovalska: "Our units repelled nine attacks near Toretsk. The enemy lost 230 men '
        'killed and wounded there."'
    )
    claim = claim_with(claims(body), "230 men")
    assert claim.speaker is not None and "Iryna Kovalska" in claim.speaker.text
    assert claim.speaker_kind != "anonymous"
