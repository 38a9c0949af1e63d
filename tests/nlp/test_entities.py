"""Entities with canonical ids: aliases fold, the UK's and Russia's defence ministries stay apart,
surnames resolve within an article, units/groups/agencies the small model misses are found."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.nlp.conftest import Annotate, make_article, of_kind

from newsledger.errors import ConfigError
from newsledger.nlp import ArticleAnnotator, canonical_entities
from newsledger.nlp.entities import EntityRules, fold_surnames
from newsledger.nlp.model import load_model


def ids(mentions, kind: str | None = None) -> dict[str, str | None]:
    return {m.text: m.canonical for m in mentions if kind is None or m.kind == kind}


# --- alias folding: positive pairs (same id) and negative pairs (different ids) -------------------------

SAME = [
    (
        "President Zelensky spoke on Monday.",
        "Zelensky",
        "Volodymyr Zelenskiy addressed the nation.",
        "Volodymyr Zelenskiy",
    ),
    ("Zelenskyy met the troops.", "Zelenskyy", "Volodymyr Zelensky met the troops.", "Volodymyr Zelensky"),
    ("Troops were sent from Kiev to the front.", "Kiev", "Troops were sent from Kyiv to the front.", "Kyiv"),
    ("The ships left Odessa at dawn.", "Odessa", "The ships left Odesa at dawn.", "Odesa"),
    ("Fighters of the Wagner Group refused.", "Wagner Group", "Wagner fighters refused.", "Wagner"),
    (
        "The First Army Corps was formed in Donetsk.",
        "First Army Corps",
        "The 1st Army Corps was formed in Donetsk.",
        "1st Army Corps",
    ),
    ("Prigozhin said so.", "Prigozhin", "Yevgeny Prigozhin said so.", "Yevgeny Prigozhin"),
    (
        "Doctors Without Borders said its teams left.",
        "Doctors Without Borders",
        "MSF said its teams left.",
        "MSF",
    ),
    ("The Red Cross visited the camp.", "Red Cross", "The ICRC visited the camp.", "ICRC"),
    (
        "General Zaluzhny spoke on Monday.",
        "Zaluzhny",
        "Valerii Zaluzhnyi spoke on Monday.",
        "Valerii Zaluzhnyi",
    ),
    (
        "Units of the UK Ministry of Defence said so.",
        "UK Ministry of Defence",
        "The British MoD said so.",
        "British MoD",
    ),
]

DIFFERENT = [
    (
        "The UK's Ministry of Defence said so.",
        "Ministry of Defence",
        "Russia's defence ministry said so.",
        "defence ministry",
    ),
    (
        "British MoD analysts said so.",
        "British MoD",
        "The Russian Ministry of Defence said so.",
        "Russian Ministry of Defence",
    ),
    (
        "Ukraine's military intelligence said so.",
        "military intelligence",
        "Russia's military intelligence said so.",
        "military intelligence",
    ),
    ("Troops moved to Kherson.", "Kherson", "Troops moved to Kharkiv.", "Kharkiv"),
    ("Officers of the FSB arrived.", "FSB", "Officers of the GRU arrived.", "GRU"),
    ("The 127th Regiment refused.", "127th Regiment", "The 127th Brigade refused.", "127th Brigade"),
]


@pytest.mark.parametrize(("first", "name1", "second", "name2"), SAME)
def test_aliases_fold_to_one_id(annotate: Annotate, first: str, name1: str, second: str, name2: str) -> None:
    one, two = ids(annotate(first)), ids(annotate(second))
    assert one[name1] is not None
    assert one[name1] == two[name2]


@pytest.mark.parametrize(("first", "name1", "second", "name2"), DIFFERENT)
def test_different_entities_keep_different_ids(
    annotate: Annotate, first: str, name1: str, second: str, name2: str
) -> None:
    one, two = ids(annotate(first)), ids(annotate(second))
    assert one[name1] is not None and two[name2] is not None
    assert one[name1] != two[name2]


@pytest.mark.parametrize(
    ("text", "name", "canonical"),
    [
        ("The channel Rybar wrote that the bridge had been hit.", "Rybar", "outlet:rybar"),
        ("Kommersant reported that the unit had been pulled back.", "Kommersant", "outlet:kommersant"),
        ("Human Rights Watch said the camp was overcrowded.", "Human Rights Watch", "org:human-rights-watch"),
        ("OVD-Info counted the detentions.", "OVD-Info", "org:ovd-info"),
    ],
)
def test_channels_papers_and_rights_groups_are_known_by_name(
    annotate: Annotate, text: str, name: str, canonical: str
) -> None:
    assert ids(annotate(text))[name] == canonical


def test_uk_and_russian_defence_ministries_in_one_article(annotate: Annotate) -> None:
    body = (
        "Britain's Ministry of Defence highlighted the video in its daily update.\n"
        "The MOD's analysts said Moscow was short of troops.\n"
        "Russia's defence ministry denied the claim, and the Russian Ministry of Defence deleted a post."
    )
    mentions = [m for m in annotate(body) if m.kind == "agency"]
    assert [m.canonical for m in mentions] == [
        "agency:uk-ministry-of-defence",
        "agency:uk-ministry-of-defence",
        "agency:russia-ministry-of-defence",
        "agency:russia-ministry-of-defence",
    ]


def test_a_ministry_named_after_its_city(annotate: Annotate) -> None:
    body = "In London, the Defense Ministry said a tank army had been badly hurt."
    assert ids(annotate(body), "agency")["Defense Ministry"] == "agency:uk-ministry-of-defence"


def test_an_undecidable_ministry_stays_unresolved(annotate: Annotate) -> None:
    mentions = annotate("The ministry of defence declined to comment.")
    assert ids(mentions, "agency")["ministry of defence"] is None


def test_a_surname_resolves_to_the_full_name_earlier_in_the_article(annotate: Annotate) -> None:
    body = (
        "Defence Secretary Ben Wallace told MPs that the fighting was hard.\n"
        "Wallace added that Russian morale was poor, and Mark Smith agreed. Smith is a former officer."
    )
    people = ids(annotate(body), "person")
    assert people["Ben Wallace"] == people["Wallace"] == "person:ben-wallace"
    assert people["Smith"] == people["Mark Smith"] == "person:mark-smith"


def test_a_surname_is_not_folded_across_articles(annotator: ArticleAnnotator) -> None:
    first, second = annotator.annotate(
        [make_article("Mark Smith said so.", article_id="x"), make_article("Smith said no.", article_id="y")]
    )
    assert ids(first, "person")["Mark Smith"] == "person:mark-smith"
    assert ids(second, "person").get("Smith") in (None, "person:smith")


def test_a_shared_surname_stays_ambiguous() -> None:
    assert fold_surnames([("Anna Ivanova", None), ("Olga Ivanova", None)]) == {}
    assert fold_surnames([("Ben Wallace", "person:ben-wallace"), ("Wallace", None)]) == {
        "Wallace": "person:ben-wallace"
    }


@pytest.mark.parametrize(
    ("text", "name", "canonical"),
    [
        ("Soldiers of Russia's 127th Regiment refused to fight.", "127th Regiment", "unit:127th-regiment"),
        (
            "Analysts said the First Guards Tank Army was badly mauled.",
            "First Guards Tank Army",
            "unit:1st-guards-tank-army",
        ),
        (
            "Men of the 76th Guards Air Assault Division were sent home.",
            "76th Guards Air Assault Division",
            "unit:76th-guards-air-assault-division",
        ),
        (
            "Servicemen of the 155th Separate Naval Infantry Brigade wrote a letter.",
            "155th Separate Naval Infantry Brigade",
            "unit:155th-separate-naval-infantry-brigade",
        ),
    ],
)
def test_military_units(annotate: Annotate, text: str, name: str, canonical: str) -> None:
    units = ids(annotate(text), "unit")
    assert units[name] == canonical


@pytest.mark.parametrize(
    ("text", "name", "kind", "canonical"),
    [
        ("Officers from the FSB and GRU questioned the men.", "FSB", "agency", "agency:fsb"),
        ("Officers from the FSB and GRU questioned the men.", "GRU", "agency", "agency:gru"),
        ("Riot police of the local OMON unit refused.", "OMON", "group", "group:omon"),
        ("The VDV lost heavily near Kyiv.", "VDV", "group", "group:vdv"),
        ("Mercenaries from the Wagner Group recruited convicts.", "Wagner Group", "group", "group:wagner"),
        ("The SBU released a video.", "SBU", "agency", "agency:sbu"),
        ("According to Mediazona, the count is a floor.", "Mediazona", "outlet", "outlet:mediazona"),
        (
            "The regional news site Belgorod Today reported it.",
            "Belgorod Today",
            "outlet",
            "outlet:belgorod-today",
        ),
    ],
)
def test_groups_agencies_and_outlets(
    annotate: Annotate, text: str, name: str, kind: str, canonical: str
) -> None:
    found = of_kind(annotate(text), kind)
    assert found[name].canonical == canonical


def test_places_the_small_model_calls_people_are_places(annotate: Annotate) -> None:
    mentions = annotate("Soldiers near Kherson refused to fight. Kherson is on the Dnipro.")
    assert not [m for m in mentions if m.kind == "person"]
    assert {m.canonical for m in mentions if m.text == "Kherson"} == {"place:kherson"}


def test_registry_outlets_are_entities(tmp_path: Path) -> None:
    annotator = ArticleAnnotator(outlets=[("baltic-wire", "Baltic Wire")])
    mentions = annotator.annotate([make_article("Baltic Wire could not verify the footage.")])[0]
    assert ids(mentions, "outlet") == {"Baltic Wire": "outlet:baltic-wire"}


def test_a_user_entities_file_extends_the_packaged_one(tmp_path: Path) -> None:
    extra = tmp_path / "entities.toml"
    extra.write_text(
        '[[entity]]\nid = "person:ivan-testov"\nkind = "person"\n'
        'name = "Ivan Testov"\naliases = ["Testov"]\n',
        encoding="utf-8",
    )
    rules = EntityRules.load(load_model(), [extra])
    assert rules.names["person:ivan-testov"] == ("person", "Ivan Testov")
    assert "person:volodymyr-zelensky" in rules.names


def test_a_bad_entity_kind_is_a_config_error(tmp_path: Path) -> None:
    extra = tmp_path / "entities.toml"
    extra.write_text('[[entity]]\nid = "x:y"\nkind = "planet"\nname = "Y"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="not one of"):
        EntityRules.load(load_model(), [extra])


def test_canonical_entities_counts_and_names(annotate: Annotate) -> None:
    mentions = annotate(
        "Defence Secretary Ben Wallace spoke in Kyiv. Wallace met Zelensky; Volodymyr Zelensky thanked him."
    )
    listed = {entity.canonical: entity for entity in canonical_entities(mentions)}
    assert listed["person:ben-wallace"].count == 2
    assert listed["person:ben-wallace"].name == "Ben Wallace"
    assert listed["person:volodymyr-zelensky"].count == 2
    assert listed["person:volodymyr-zelensky"].name == "Volodymyr Zelensky"
    assert listed["place:kyiv"].kind == "place"
    assert all(entity.kind not in ("date", "quantity") for entity in listed.values())


def test_a_bare_mod_is_the_uk_ministry_unless_russia_is_named(annotate: Annotate) -> None:
    body = (
        "UK intelligence says Russian units are short of shells.\n"
        "The MOD's analysts said Russian commanders were struggling.\n"
        "Forces of the Russian MoD and Wagner now co-operate better."
    )
    agencies = [(m.text, m.canonical) for m in annotate(body) if m.kind == "agency"]
    assert agencies == [
        ("MOD", "agency:uk-ministry-of-defence"),
        ("MoD", "agency:russia-ministry-of-defence"),
    ]
