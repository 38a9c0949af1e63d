"""People's names: a given name with a surname, a given name alone in a person's position, Slavic
surname forms, later surname-only mentions; places that share a name with a person stay places."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from tests.nlp.conftest import Annotate, of_kind

from newsledger.errors import ConfigError
from newsledger.nlp.entities import PersonRules
from newsledger.nlp.model import load_model


def kinds(mentions, text: str) -> set[str]:
    return {m.kind for m in mentions if m.text == text}


# --- given name + surname ------------------------------------------------------------------------------

FULL_NAMES = [
    ("Olga Petrova, a lawyer in Samara, said the court had adjourned.", "Olga Petrova"),
    ("Mary Smith of the charity said parcels had run out.", "Mary Smith"),
    ("Sofia Ivanova lives in Sofia.", "Sofia Ivanova"),
    ("Dmitry Sergeyevich Volkov was detained at the border.", "Dmitry Sergeyevich Volkov"),
    ("Anna Rimsky-Korsakova teaches piano in Tula.", "Anna Rimsky-Korsakova"),
]


@pytest.mark.parametrize(("body", "name"), FULL_NAMES)
def test_a_given_name_and_surname_are_one_person(annotate: Annotate, body: str, name: str) -> None:
    mentions = annotate(body)
    person = of_kind(mentions, "person").get(name)
    assert person is not None, [(m.text, m.kind) for m in mentions]
    assert not [m for m in mentions if m.kind != "person" and person.start <= m.start < person.end]


def test_a_surname_is_never_resolved_as_a_place_after_a_given_name(annotate: Annotate) -> None:
    # GeoNames lists "Ivanova" among Ivanovo's alternate names: the person span wins over it.
    mentions = annotate("Sofia Ivanova lives in Sofia.")
    assert not [m for m in mentions if m.kind == "place" and m.text == "Ivanova"]
    assert of_kind(mentions, "place")["Sofia"].country == "BG"


def test_the_same_full_name_gets_the_same_id_in_every_article(annotate: Annotate) -> None:
    first = of_kind(annotate("Lyudmila Petrova said her brother was missing."), "person")
    second = of_kind(annotate("Police questioned Lyudmila Petrova on Monday."), "person")
    assert first["Lyudmila Petrova"].canonical == second["Lyudmila Petrova"].canonical
    assert first["Lyudmila Petrova"].canonical == "person:lyudmila-petrova"


def test_a_later_surname_alone_joins_the_full_name(annotate: Annotate) -> None:
    mentions = annotate("Olga Petrova runs a shelter in Samara. Petrova said the heating had failed.")
    people = [m for m in mentions if m.kind == "person"]
    assert [m.text for m in people] == ["Olga Petrova", "Petrova"]
    assert {m.canonical for m in people} == {"person:olga-petrova"}


def test_a_model_org_ending_in_a_slavic_surname_is_a_person() -> None:
    # The small model tags "Lyudmila Petrova" ORG. Without the given name in the list, the -ova ending
    # of the model's span alone makes it a person; without the ending either, nothing is claimed.
    doc = load_model()("Lyudmila Petrova said her brother had not called since March.")
    assert [(ent.text, ent.label_) for ent in doc.ents][:1] == [("Lyudmila Petrova", "ORG")]
    lexicon = PersonRules.load().lexicon
    no_given_names = PersonRules(replace(lexicon, given_names=frozenset()))
    assert [(f.start, f.end, f.kind) for f in no_given_names.find(doc)] == [(0, 2, "person")]
    no_endings = PersonRules(replace(lexicon, given_names=frozenset(), surname_endings=()))
    assert no_endings.find(doc) == []


def test_an_alias_keeps_its_canonical_id(annotate: Annotate) -> None:
    people = of_kind(annotate("Volodymyr Zelensky spoke on Monday."), "person")
    assert people["Volodymyr Zelensky"].canonical == "person:volodymyr-zelensky"


# --- a given name alone --------------------------------------------------------------------------------

ALONE = [
    ("Anna told reporters she would appeal.", "Anna"),  # subject of a verb
    ("Natalia, 52, and Irina said they had queued for hours.", "Natalia"),  # an age
    ("Natalia, 52, and Irina said they had queued for hours.", "Irina"),  # joined to a person
    ("Tatyana, whose son was called up, wrote to the governor.", "Tatyana"),  # a relative clause
    ("Her son Maxim was sent to the front.", "Maxim"),  # a kin noun before it
    ("The flat belongs to his mother, Nadezhda, who is 80.", "Nadezhda"),
    ("Nina's son was reported missing.", "Nina"),  # "Nina's son"
    ("\u201cWe had no water,\u201d said Vera.", "Vera"),  # a speaking verb before it
    ("Larisa, a widow, asked not to be named.", "Larisa"),  # an apposition
]


@pytest.mark.parametrize(("body", "name"), ALONE)
def test_a_given_name_in_a_persons_position_is_a_person(annotate: Annotate, body: str, name: str) -> None:
    mentions = annotate(body)
    assert kinds(mentions, name) == {"person"}, [(m.text, m.kind) for m in mentions]
    assert of_kind(mentions, "person")[name].canonical == f"person:{name.lower()}"


PLACES = [
    ("The shelter near Anna took in forty families.", "Anna", "RU"),
    ("Supplies reached the village of Olga in Primorye.", "Olga", "RU"),
    ("The convoy was stopped outside Sofia by Bulgarian police.", "Sofia", "BG"),
    ("Students marched in Florence against the war.", "Florence", "IT"),
]


@pytest.mark.parametrize(("body", "name", "country"), PLACES)
def test_a_name_in_a_places_position_stays_a_place(
    annotate: Annotate, body: str, name: str, country: str
) -> None:
    mentions = annotate(body)
    assert kinds(mentions, name) == {"place"}, [(m.text, m.kind) for m in mentions]
    assert of_kind(mentions, "place")[name].country == country


def test_a_given_name_inside_a_longer_place_name_is_no_person(annotate: Annotate) -> None:
    mentions = annotate("Ferries crossed Lake Victoria at night.")
    assert "person" not in {m.kind for m in mentions}


def test_a_word_ending_a_place_name_is_no_surname(annotate: Annotate) -> None:
    mentions = annotate("Crowds gathered at Victoria Station on Sunday.")
    assert not [m for m in mentions if m.kind == "person"]


# --- the data file -------------------------------------------------------------------------------------


def test_the_packaged_lexicon_has_the_languages_it_claims() -> None:
    lexicon = PersonRules.load().lexicon
    for name in ("Olga", "Olha", "Yulia", "Yuliya", "Serhiy", "Katarzyna", "Mary", "Jürgen", "Pierre"):
        assert name in lexicon.given_names
    # Words that are everyday English or famous places first are left out on purpose.
    assert not {"Will", "May", "Hope", "Georgia", "Jordan", "Don"} & lexicon.given_names
    assert "Station" in lexicon.not_surnames and "son" in lexicon.kin


def test_a_user_file_extends_the_given_names(tmp_path: Path) -> None:
    extra = tmp_path / "people.toml"
    extra.write_text('[given_names]\nbasque = ["Ainhoa"]\n', encoding="utf-8")
    assert "Ainhoa" in PersonRules.load([extra]).lexicon.given_names


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('kin = "son"\n', "'kin' must be a list of strings"),
        ('nicknames = ["Sasha"]\n', "unknown key 'nicknames'"),
        ('given_names = ["Anna"]\n', "[given_names] must be a table"),
    ],
)
def test_a_bad_people_file_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "people.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        PersonRules.load([bad])
    assert str(raised.value).startswith(f"{bad}: ") and message in str(raised.value)
