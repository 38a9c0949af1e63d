"""Round 12 speaker mechanisms (docs/claims.md, "Round 12: speakers"): lawmakers and committees of a
parliament are government, a government body's spokesman is an official, a letter is its signers', a
person's kind from the description that introduced the name, "by her count", place headings of a digest,
"we" in a press release, "I" under a byline, one memo of a set of documents, the first answer of an
interview, and "the paper" after "the newspaper X" (our own sentences, none from any labelled set)."""

from __future__ import annotations

from tests.extract.conftest import Claims, claim_with


def test_a_lawmaker_is_government(claims: Claims) -> None:
    body = "A Lithuanian lawmaker said on Monday that 4,000 Russian troops had crossed into Belarus."
    assert claim_with(claims(body), "4,000").speaker_kind == "government"


def test_an_opposition_deputy_is_government_but_a_commanders_deputy_is_military(claims: Claims) -> None:
    body = (
        "The opposition deputy Marek Solnik said the regional fund had paid 900 families.\n"
        "Major Ilko Haidai said his company held the bridge. His deputy, Captain Roman Tesliuk, said 14 men "
        "had been wounded."
    )
    found = claims(body)
    assert claim_with(found, "900 families").speaker_kind == "government"
    assert claim_with(found, "14 men").speaker_kind == "military"


def test_a_committee_of_parliament_named_before_answers_the_committee(claims: Claims) -> None:
    body = (
        "The Foreign Affairs Committee's report, out on Monday, covers the first year of the war.\n"
        "Citing officials and published data, the committee puts Russian losses at 120,000 men."
    )
    claim = claim_with(claims(body), "120,000")
    assert claim.speaker is not None and claim.speaker.text.endswith("Committee")
    assert claim.speaker_kind == "government"


def test_a_government_bodys_spokesman_is_an_official_a_military_bodys_is_military(claims: Claims) -> None:
    body = (
        "A White House spokesman said 300 more interceptors would be sent.\n"
        "The navy's spokesman said two patrol boats had been sunk."
    )
    found = claims(body)
    assert claim_with(found, "300 more").speaker_kind == "official"
    assert claim_with(found, "patrol boats").speaker_kind == "military"


def test_the_pentagon_is_a_ministry(claims: Claims) -> None:
    body = "The Pentagon said that 70 Russian aircraft had been lost since the invasion."
    assert claim_with(claims(body), "70 Russian").speaker_kind == "government"


def test_a_letter_is_its_signers_not_the_site_that_printed_it(claims: Claims) -> None:
    body = (
        "Twelve mothers of conscripts from Tomsk have written to the regional governor.\n"
        "The letter, posted on Friday by the news site Tomsk Today, says that 40 of their sons were sent to "
        "the front without training."
    )
    claim = claim_with(claims(body), "40 of their sons")
    assert claim.speaker is not None and "letter" in claim.speaker.text
    assert claim.speaker_kind == "person"


def test_a_person_takes_the_kind_of_the_description_that_introduced_the_name(claims: Claims) -> None:
    body = (
        "This week the show's host speaks with Nadia Kervel, a retired pilot who now teaches at a Paris "
        "institute.\n"
        "Kervel argues that Russia has lost about 90 combat jets since the invasion."
    )
    claim = claim_with(claims(body), "90 combat jets")
    assert claim.speaker is not None and "Kervel" in claim.speaker.text
    assert claim.speaker_kind == "expert"


def test_by_her_count_is_the_person_named_before(claims: Claims) -> None:
    body = (
        "Nadia Kervel, a researcher at a Paris institute, has followed the air war since 2022.\n"
        "By her count, Russia has lost about 90 combat jets."
    )
    claim = claim_with(claims(body), "90 combat jets")
    assert claim.speaker is not None and "Kervel" in claim.speaker.text


def test_a_place_heading_in_a_digest_is_no_speaker(claims: Claims) -> None:
    body = (
        "Kherson: a court sentenced a conscript to two years for leaving his post.\n"
        "Odesa: the city council said 15 homes were damaged overnight."
    )
    found = claims(body)
    sentenced = [claim for claim in found if "sentenced" in claim.evidence.text]
    assert all(claim.speaker is None or "Kherson" not in claim.speaker.text for claim in sentenced)
    council = claim_with(found, "15 homes")
    assert council.speaker is not None and "city council" in council.speaker.text


def test_remembers_reports_a_quotation(claims: Claims) -> None:
    body = '"We carried out nine wounded that night," the medic, Petro Savchuk, remembers.'
    claim = claim_with(claims(body), "nine wounded")
    assert claim.speaker is not None and "Savchuk" in claim.speaker.text


def test_we_in_a_press_release_is_the_body_that_issued_it(claims: Claims) -> None:
    body = (
        "The Harbour Foundation today publishes its annual report on soldiers lost in the war.\n"
        "Over the year we have confirmed that 310 of the missing are held as prisoners."
    )
    claim = claim_with(claims(body), "310")
    assert claim.speaker is not None and "Harbour Foundation" in claim.speaker.text
    assert claim.speaker_kind == "ngo"


def test_we_after_an_outlet_is_no_body_the_text_names(claims: Claims) -> None:
    body = (
        "The news site Kama Daily counted 512 obituaries from the region.\n"
        "We estimate that another 200 deaths have not been reported."
    )
    claim_after = [claim for claim in claims(body) if "another 200" in claim.evidence.text]
    assert all(claim.speaker is None for claim in claim_after)


def test_i_under_a_byline_is_the_author(claims: Claims) -> None:
    body = (
        "Notes on a month of fighting near Siversk, by Major (ret.) Alan Brooke.\n"
        "Russia committed what I assess as three brigades, about 12,000 troops, to the attack."
    )
    claim = claim_with(claims(body), "12,000")
    assert claim.speaker is not None and claim.speaker.text == "Alan Brooke"
    assert claim.speaker_kind == "expert"


def test_i_without_a_byline_names_nobody(claims: Claims) -> None:
    body = "I believe the army has lost at least 3,000 men in the valley."
    assert all(claim.speaker is None for claim in claims(body))


def test_one_memo_of_a_set_speaks_for_the_sets_author(claims: Claims) -> None:
    body = (
        "Internal documents of the Western Military District, given to us by a former clerk, cover last "
        "winter.\n"
        "The documents show that one regiment lost 640 men in January.\n"
        "A third memo says 55 men had deserted from the regiment."
    )
    claim = claim_with(claims(body), "55 men")
    assert claim.speaker is not None and "Western Military District" in claim.speaker.text
    assert claim.speaker_kind == "military"


def test_the_first_answer_of_an_interview_is_the_interviewee(claims: Claims) -> None:
    body = (
        "Halyna Moroz coordinates a hotline for families of missing soldiers. We spoke to her by phone.\n"
        "Q: How many calls have you had this year?\n"
        "A: We have logged 2,300 calls since January."
    )
    claim = claim_with(claims(body), "2,300")
    assert claim.speaker is not None and "Halyna Moroz" in claim.speaker.text


def test_the_paper_after_a_channel_is_the_newspaper_named_before(claims: Claims) -> None:
    body = (
        "The Moscow newspaper Vecherny Kurier reported that 800 men had signed contracts in May.\n"
        "The newspaper added that bonuses had doubled.\n"
        "The Telegram channel Fortress wrote that 60 drones were downed overnight.\n"
        "The channel, which is close to the army, wrote later that a depot had burned.\n"
        "The paper, citing city officials, said 45 families had received payments."
    )
    claim = claim_with(claims(body), "45 families")
    assert claim.speaker is not None and "Vecherny Kurier" in claim.speaker.text


def test_the_republic_says_is_its_government(claims: Claims) -> None:
    body = "Tuva: the republic says 700 local men have signed contracts this year."
    assert claim_with(claims(body), "700 local men").speaker_kind == "government"


def test_we_after_a_person_who_spoke_first_is_not_that_person(claims: Claims) -> None:
    body = (
        "Major Ivan Sorokin, who commands a battalion, said the town had been quiet for a week.\n"
        "We estimate that 40 soldiers were wounded there in March."
    )
    claim_after = [claim for claim in claims(body) if "40 soldiers" in claim.evidence.text]
    assert all(claim.speaker is None for claim in claim_after)
