"""Incident extraction on small texts of our own: triggers, actors, roles, status, evidence and ids."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from tests.extract.conftest import Extract, make_article

from newsledger.errors import ConfigError
from newsledger.extract import IncidentExtractor
from newsledger.records import Incident

PUBLISHED = date(2022, 9, 20)


def only(incidents: list[Incident], type_id: str = "refusal") -> Incident:
    matching = [incident for incident in incidents if incident.type == type_id]
    assert len(matching) == 1, incidents
    return matching[0]


def test_the_actor_is_who_refused_not_any_unit_in_the_sentence(extract: Extract) -> None:
    body = (
        "Some 80 soldiers of the 237th Regiment refused to advance near Kupiansk on Monday after officers "
        "of the 6th Army threatened them."
    )
    incident = only(extract(body, PUBLISHED))
    assert incident.actor is not None and incident.actor.canonical == "unit:237th-regiment"
    assert (incident.size_min, incident.size_max) == (80, 80)
    assert incident.place is not None and incident.place.text == "Kupiansk"
    assert incident.time_start == incident.time_end == date(2022, 9, 19)
    assert incident.status == "asserted" and incident.specific


def test_a_passive_refusal_takes_the_agent_as_actor(extract: Extract) -> None:
    body = "The order to attack the village was refused by the 38th Brigade, a local official said."
    incident = only(extract(body, PUBLISHED))
    assert incident.actor is not None and incident.actor.canonical == "unit:38th-brigade"
    assert incident.status == "reported"


@pytest.mark.parametrize(
    "body",
    [
        "The 41st Battalion did not refuse to fight, its commander insisted.",
        "Officers fear the reservists could refuse to deploy if they are not paid.",
        "There is no sign that the marines deserted their positions.",
        "The conscripts threatened to desert if they were sent to the front.",
    ],
)
def test_negated_and_hypothetical_mentions_are_not_incidents(extract: Extract, body: str) -> None:
    assert extract(body, PUBLISHED) == []


def test_a_generic_statement_is_kept_as_not_specific(extract: Extract) -> None:
    incident = only(extract("Russian troops are refusing to fight, a Ukrainian general said.", PUBLISHED))
    assert not incident.specific
    assert incident.status == "reported"


def test_roles_from_a_neighbouring_sentence(extract: Extract) -> None:
    body = (
        "Soldiers of the 127th Regiment refused to go into battle near Kherson this month.\n"
        "The same unit - hundreds of soldiers in all - had refused to fight in July as well, officials said."
    )
    incidents = [i for i in extract(body, PUBLISHED) if i.type == "refusal"]
    july = [i for i in incidents if i.time_start == date(2022, 7, 1)]
    assert len(july) == 1
    assert july[0].actor is not None and july[0].actor.canonical == "unit:127th-regiment"
    assert july[0].size_min == 100
    assert any(i.place is not None and i.place.text == "Kherson" for i in incidents)


def test_report_status(extract: Extract) -> None:
    reported = only(extract("About 30 paratroopers reportedly refused to cross the border.", PUBLISHED))
    assert reported.status == "reported" and reported.hedged
    unconfirmed = only(
        extract("A company of marines refused to attack, but this could not be independently verified.")
    )
    assert unconfirmed.status == "unconfirmed" and unconfirmed.hedged
    denied = only(extract("The ministry denied reports that the 5th Brigade had refused orders near Izium."))
    assert denied.status == "denied"


def test_coerced_enlistment_actor_is_who_was_coerced(extract: Extract) -> None:
    body = "Dozens of students in Yakutsk were forced to sign contracts with the army, their parents said."
    incident = only(extract(body, PUBLISHED), "coerced_enlistment")
    assert incident.actor is not None and "students" in incident.actor.text
    assert incident.place is not None and incident.place.text == "Yakutsk"


def test_surrender_and_desertion(extract: Extract) -> None:
    body = (
        "Fourteen Russian soldiers surrendered to Ukrainian troops outside Lyman on Saturday.\n"
        "Separately, about 20 reservists deserted their unit near Svatove."
    )
    incidents = extract(body, PUBLISHED)
    surrender = only(incidents, "surrender")
    assert surrender.size_min == 14 and surrender.place is not None and surrender.place.text == "Lyman"
    desertion = only(incidents, "desertion")
    assert desertion.size_min == 20 and desertion.place is not None and desertion.place.text == "Svatove"


def test_causes_outcomes_and_attribution(extract: Extract) -> None:
    body = (
        "According to the regional news site, 40 mobilised men refused to return to the front because they "
        "had not been paid and had no food.\nSeveral of them were later arrested."
    )
    incident = only(extract(body, PUBLISHED))
    assert set(incident.causes) >= {"pay", "food"}
    assert "arrested" in incident.outcomes
    assert [role.text for role in incident.attribution] == ["the regional news site"]


def test_evidence_spans_point_into_the_body_and_ids_are_stable(extract: Extract) -> None:
    body = (
        "Headline\nAbout 25 soldiers of the 64th Brigade refused to fight near Bakhmut.\nThey were dismissed."
    )
    first = extract(body, PUBLISHED)
    second = extract(body, PUBLISHED)
    incident = only(first)
    for evidence in incident.evidence:
        assert body[evidence.start : evidence.end] == evidence.text
    assert incident.evidence[0].text.startswith("About 25 soldiers")
    key = f"a1:{incident.evidence[0].start}:refusal"
    assert incident.id == hashlib.sha256(key.encode()).hexdigest()[:16]
    assert [i.id for i in first] == [i.id for i in second]
    assert "dismissed" in incident.outcomes


def test_a_users_event_types_file_extends_the_packaged_one(
    tmp_path: Path, annotator: object, extractor: IncidentExtractor
) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text(
        '[[event_type]]\nid = "sabotage"\nname = "sabotage of own equipment"\n'
        'triggers = [{ verb = "sabotage", with = ["equipment", "vehicle", "tank"] }]\n'
        '[outcomes]\narrested = ["rounded up"]\n',
        encoding="utf-8",
    )
    extended = IncidentExtractor([extra])
    article = make_article("A tank crew sabotaged their own vehicle near Izium and was later rounded up.")
    [(doc, mentions)] = annotator.annotate_docs([article])  # type: ignore[attr-defined]
    incidents = extended.extract(article, doc, mentions)
    assert [i.type for i in incidents] == ["sabotage"]
    assert "arrested" in incidents[0].outcomes
    assert extractor.extract(article, doc, mentions) == []


def test_an_unreadable_event_types_file_says_what_to_do(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[[event_type]]\nid = ", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.toml"):
        IncidentExtractor([broken])
    missing_triggers = tmp_path / "bad.toml"
    missing_triggers.write_text('[[event_type]]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="needs an id and triggers"):
        IncidentExtractor([missing_triggers])


def test_denials_in_the_same_sentence(extract: Extract) -> None:
    denied = only(
        extract("Kyiv says 300 Russian soldiers surrendered on Monday, but Moscow denies it."), "surrender"
    )
    assert denied.status == "denied"
    false_report = only(
        extract("Reports that a Chechen unit had mutinied in Mariupol were false, an aide said."), "mutiny"
    )
    assert false_report.status == "denied" and false_report.specific


def test_a_denial_in_a_later_sentence_marks_the_incident_denied(extract: Extract) -> None:
    body = (
        "Sailors of a landing ship mutinied in Novorossiysk last week, a Telegram channel said.\n"
        "The fleet said there had been no mutiny."
    )
    incident = only(extract(body, PUBLISHED), "mutiny")
    assert incident.status == "denied"
    assert len(incident.evidence) == 2


def test_a_quoted_we_is_the_speaker(extract: Extract) -> None:
    incident = only(extract('"We refuse to fight," the men of the 4th Brigade said in a letter.'))
    assert incident.actor is not None and incident.actor.canonical == "unit:4th-brigade"
    assert incident.specific


def test_list_items_are_told_by_whoever_opens_the_list(extract: Extract) -> None:
    body = (
        "The general staff listed these cases on Friday:\n"
        "- 12 soldiers of the 3rd Brigade refused to advance near Bilohorivka;\n"
        "- a company deserted its positions near Kreminna.\n"
        "None of the cases could be independently verified."
    )
    incidents = extract(body, PUBLISHED)
    assert {i.type for i in incidents} == {"refusal", "desertion"}
    for incident in incidents:
        assert [role.text for role in incident.attribution] == ["The general staff"]
        assert incident.status == "unconfirmed"
