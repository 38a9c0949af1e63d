"""Round 13 speaker mechanisms (docs/claims.md, "Round 13: speakers"): a transcript tag in capitals that
answers a question, "says goodbye" as no report, "had the figure at", a sentence closed by "wrote the
paper", a forum post speaking for its writer, the authors of a report named before, and kinds of
tabloids, news hosts, the police and open-source counters (our own sentences, none from any labelled
set)."""

from __future__ import annotations

from tests.extract.conftest import Claims, claim_with

from newsledger.records import Claim


def speaker_text(claim: Claim) -> str | None:
    return claim.speaker.text if claim.speaker is not None else None


def test_a_tag_in_capitals_that_answers_a_question_names_the_one_who_answers(claims: Claims) -> None:
    body = (
        "We met a deserter hiding in Tbilisi who gave his name only as Timur.\n"
        "Q: When did you leave your unit?\n"
        "TIMUR: In March. By then 12 men of my platoon had already gone.\n"
        "Q: How many stayed?\n"
        "INTERVIEWER: For the record, 9 men of his platoon were captured in April."
    )
    found = claims(body)
    answer = claim_with(found, "12 men")
    assert speaker_text(answer) == "Timur"
    assert answer.speaker_kind == "person"
    # a role in capitals names nobody, even after a question
    assert claim_with(found, "9 men").speaker is None


def test_a_tag_in_capitals_that_answers_no_question_is_no_speaker(claims: Claims) -> None:
    body = "The brigade's losses were heavy.\nUPDATE: 14 more soldiers were reported killed on Friday."
    assert claim_with(claims(body), "14 more").speaker is None


def test_saying_goodbye_reports_nothing(claims: Claims) -> None:
    body = (
        "This month the Dnipro Herald says goodbye to six soldiers of the district who were killed in "
        "the east."
    )
    claim = claim_with(claims(body), "six soldiers")
    assert claim.speaker is None
    assert claim.speaker_kind == "outlet"


def test_having_a_figure_at_a_number_reports_it_but_having_men_does_not(claims: Claims) -> None:
    body = (
        "By Tuesday, a morning tabloid had the toll at 350.\n"
        "The brigade had 300 wounded at the field hospital in May."
    )
    found = claims(body)
    toll = claim_with(found, "350")
    assert speaker_text(toll) == "a morning tabloid"
    assert toll.speaker_kind == "media"
    assert claim_with(found, "300 wounded").speaker is None


def test_news_hosts_are_media_and_the_police_official(claims: Claims) -> None:
    body = (
        "A breakfast television host told viewers that 900 reservists had been called up.\n"
        "The railway police put the number of absentees at 45.\n"
        "The military police said 20 deserters had been detained."
    )
    found = claims(body)
    assert claim_with(found, "900 reservists").speaker_kind == "media"
    assert claim_with(found, "at 45").speaker_kind == "official"
    assert claim_with(found, "20 deserters").speaker_kind == "military"


def test_a_closing_verb_with_its_speaker_after_it(claims: Claims) -> None:
    # the parse joins "wrote" to the main verb and takes "the newspaper" for its object
    body = "In the same weeks some 900 reservists had been moved to the border, wrote the newspaper."
    claim = claim_with(claims(body), "900 reservists")
    assert speaker_text(claim) == "the newspaper"
    assert claim.speaker_kind == "media"


def test_a_forum_post_speaks_for_its_writer(claims: Claims) -> None:
    body = (
        "A post on a veterans' forum described the retreat from the village.\n"
        '"We left 19 vehicles behind," the user wrote. "Only 4 of our trucks made it out," the post went on.'
    )
    claim = claim_with(claims(body), "Only 4")
    assert speaker_text(claim) == "the user"
    assert claim.speaker_kind == "person"


def test_the_authors_of_a_report_are_the_body_that_wrote_it(claims: Claims) -> None:
    body = (
        "Russia fields about 900 artillery pieces on the southern front, according to a study by the "
        "Baltic Defence Research Institute.\n"
        "The study's authors estimate that 120 guns are lost each month."
    )
    claim = claim_with(claims(body), "120 guns")
    assert speaker_text(claim) == "The study's authors"
    assert claim.speaker_kind == "expert"


def test_an_open_source_counting_project_is_an_expert(claims: Claims) -> None:
    body = "Kyiv has lost 45 Leopard tanks since June, according to Oryx."
    assert claim_with(claims(body), "45 Leopard").speaker_kind == "expert"


def test_listed_as_missing_is_a_status_but_said_to_stays_an_unnamed_source(claims: Claims) -> None:
    body = (
        "Three soldiers of the company are still listed as missing after the assault.\n"
        "Two officers are said to have been wounded."
    )
    found = claims(body)
    status = claim_with(found, "Three soldiers")
    assert (status.speaker_kind, status.hedged) == ("outlet", False)
    assert claim_with(found, "Two officers").speaker_kind == "anonymous"
