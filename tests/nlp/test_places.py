"""Places: GeoNames with its alternate names, the shipped supplement, context, relation words, precision."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.matcher import PhraseMatcher
from tests.conftest import CORPUS
from tests.nlp.conftest import Annotate, of_kind

from newsledger.errors import ConfigError
from newsledger.nlp.annotate import ArticleAnnotator
from newsledger.nlp.model import load_model
from newsledger.nlp.places import Gazetteer, geonames_places, read_supplement, relation_before


def places(annotate: Annotate, text: str):
    return of_kind(annotate(text), "place")


@pytest.mark.parametrize(
    ("text", "name", "canonical", "lat", "lon"),
    [
        ("Columns stalled north of Kiev in March.", "Kiev", "place:kyiv", 50.45, 30.52),
        ("Conscripts were held in Stakhanov.", "Stakhanov", "place:kadiyivka", 48.57, 38.64),
        ("Reservists were sent to Zaporizhzhia.", "Zaporizhzhia", "place:zaporizhzhya", 47.85, 35.12),
        ("Men from Buryatia refused to return.", "Buryatia", "place:buryatia", 53.0, 109.0),
        ("Riot police from Khakassia were fired.", "Khakassia", "place:khakassia", 53.5, 90.0),
        ("Shelling hit the Belgorod region again.", "Belgorod region", "place:belgorod-oblast", 50.7, 37.2),
        ("Fighting went on in Donetsk Oblast.", "Donetsk Oblast", "place:donetsk-oblast", 48.0, 37.8),
        ("Tanks were abandoned west of Borodyanka.", "Borodyanka", "place:borodyanka", 50.64, 29.92),
        ("A platoon surrendered near Vovchansk.", "Vovchansk", "place:vovchansk", 50.29, 36.94),
        ("Workers fled Chernobyl in the first week.", "Chernobyl", "place:chernobyl", 51.27, 30.22),
        ("Units moved through Crimea.", "Crimea", "place:crimea", 45.3, 34.4),
        ("Paratroopers came home to the Pskov region.", "Pskov region", "place:pskov-oblast", 57.3, 29.0),
        ("The battle for Bakhmut went on.", "Bakhmut", "place:bakhmut", 48.59, 38.0),
        ("Fighting raged across the Donbas.", "Donbas", "place:donbas", 48.3, 38.0),
    ],
)
def test_places_resolve_with_coordinates(
    annotate: Annotate, text: str, name: str, canonical: str, lat: float, lon: float
) -> None:
    place = places(annotate, text)[name]
    assert place.canonical == canonical
    assert place.lat == pytest.approx(lat, abs=0.1) and place.lon == pytest.approx(lon, abs=0.1)


@pytest.mark.parametrize(
    ("text", "name", "relation", "precision"),
    [
        ("The regiment refused to fight near the city of Kherson.", "Kherson", "near", "near"),
        ("The regiment refused to fight in Kherson.", "Kherson", "in", "town"),
        ("A village north of Kherson city was shelled.", "Kherson", "north of", "near"),
        ("Troops dug in outside Bakhmut.", "Bakhmut", "outside", "near"),
        ("Men from the Kursk region refused.", "Kursk region", "from", "region"),
        ("They were sent to Ukraine in February.", "Ukraine", "to", "country"),
    ],
)
def test_relation_words_and_precision(
    annotate: Annotate, text: str, name: str, relation: str, precision: str
) -> None:
    place = places(annotate, text)[name]
    assert (place.relation, place.place_precision) == (relation, precision)


def test_a_ukrainian_or_russian_place_beats_a_namesake_elsewhere(annotate: Annotate) -> None:
    found = places(annotate, "Officials in Moscow and Washington disagreed about Kursk.")
    assert found["Moscow"].country == "RU"
    assert found["Washington"].country == "US"
    assert found["Kursk"].country == "RU"


def test_a_places_own_name_beats_a_bigger_namesakes_former_name(annotate: Annotate) -> None:
    # Engels (Saratov oblast) was called Pokrovsk until 1931 and is four times bigger than the Donetsk town.
    found = places(annotate, "Russian troops pressed on towards Pokrovsk, the regional governor said.")
    assert found["Pokrovsk"].country == "UA"
    assert found["Pokrovsk"].lon == pytest.approx(37.2, abs=0.2)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Trains ran from Florence to Milan again.", ["Florence", "Milan"]),
        ("The ferry left Victoria on Vancouver Island.", ["Victoria"]),
    ],
)
def test_places_inside_a_stretch_the_model_calls_an_organisation_stay_places(
    annotate: Annotate, text: str, names: list[str]
) -> None:
    found = places(annotate, text)
    assert all(name in found for name in names), found


def test_names_written_without_their_diacritics_are_found(annotate: Annotate) -> None:
    plain = places(annotate, "Refugees reached Krakow and Gdansk by train, then flew to Zurich.")
    marked = places(annotate, "Refugees reached Kraków and Gdańsk by train, then flew to Zürich.")
    for a, b in (("Krakow", "Kraków"), ("Gdansk", "Gdańsk"), ("Zurich", "Zürich")):
        assert plain[a].canonical == marked[b].canonical is not None


def test_namesakes_are_told_apart_by_the_story_around_them(annotate: Annotate) -> None:
    # GeoNames has ten villages called Pavlivka in Ukraine; the supplement pins the one near Vuhledar.
    found = places(annotate, "Marines attacked near Pavlivka, south of Vuhledar, in Donetsk Oblast.")
    assert found["Pavlivka"].lat == pytest.approx(47.7, abs=0.1)
    assert found["Pavlivka"].lon == pytest.approx(37.3, abs=0.1)


def test_unknown_places_stay_unresolved(annotate: Annotate) -> None:
    mentions = annotate("The men were moved to Blorkistan and then to the village of Zzyzxova in Ukraine.")
    for mention in mentions:
        if mention.text in ("Blorkistan", "Zzyzxova"):
            assert mention.lat is None and mention.lon is None and mention.place_precision is None
    assert of_kind(mentions, "place")["Ukraine"].lat is not None


def test_names_containing_a_place_are_not_the_place(annotate: Annotate) -> None:
    found = of_kind(annotate("The Kyiv Independent and Belgorod Today both reported it."), "place")
    assert "Kyiv" not in found and "Belgorod" not in found


def test_the_gazetteer_subset_is_loaded_once() -> None:
    assert geonames_places() is geonames_places()
    countries = {place.country for place, _names in geonames_places()}
    assert {"UA", "RU", "BY", "US", "GB"} <= countries


def test_relation_before_stops_at_the_sentence_start() -> None:
    text = "They stayed near. Kherson was quiet."
    assert relation_before(text, text.index("Kherson"), text.index("Kherson")) is None
    text = "They stayed near the occupied town of Kherson."
    assert relation_before(text, text.index("Kherson"), 0) == "near"


def test_a_user_supplement_adds_places(tmp_path: Path) -> None:
    extra = tmp_path / "places.csv"
    extra.write_text(
        "# test\nid,name,aliases,kind,country,lat,lon\nzorianka,Zorianka,Zorjanka,town,UA,48.5,37.5\n",
        encoding="utf-8",
    )
    gazetteer = Gazetteer.load(load_model(), [extra])
    assert [place.id for place in gazetteer.candidates["Zorjanka"]] == ["place:zorianka"]
    assert gazetteer.candidates["Zorianka"][0].precision == "town"


def test_a_bad_supplement_row_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="bad gazetteer row"):
        read_supplement("id,name,aliases,kind,country,lat,lon\nx,X,,planet,UA,1,2\n", "test.csv")
    with pytest.raises(ConfigError, match="bad gazetteer row"):
        read_supplement("id,name,aliases,kind,country,lat,lon\nx,X,,town,UA,north,2\n", "test.csv")


def test_the_supplement_says_where_its_values_come_from() -> None:
    from newsledger.nlp.datafiles import packaged_text

    header = packaged_text("places.csv").split("\nid,")[0]
    assert "GeoNames" in header and "Where the values come from" in header


def test_the_gazetteer_subset_is_cached_on_disk_and_a_bad_cache_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsledger.nlp import places as places_module

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    records = places_module._geonames_records()
    [cache] = (tmp_path / "newsledger").glob("gazetteer-*.json")
    assert len(records) > 20_000
    cache.write_text("{not json", encoding="utf-8")
    assert places_module._geonames_records() == records
    assert places_module._geonames_records() == records  # now read back from the rewritten cache


def test_one_word_names_found_by_a_set_are_what_a_phrase_matcher_of_every_name_finds(
    annotator: ArticleAnnotator, tmp_path: Path
) -> None:
    """The gazetteer matches one-word names without making a pattern of each; it must find exactly the
    spans a PhraseMatcher of every name finds: in the sample corpus, and in a text that holds every
    hundredth one-word name (the tokenizer must keep each whole), in capitals and after punctuation."""
    extra = tmp_path / "places.csv"
    # A name the tokenizer splits by a special case ("Can't") or by its punctuation ("St.-Ives").
    extra.write_text(
        "id,name,aliases,kind,country,lat,lon\nx1,Cannot,Don't|St.-Ives|Nova-Ruda,town,UA,48.5,37.5\n"
    )
    nlp = annotator.nlp
    gazetteer = Gazetteer.load(nlp, [extra])
    assert "Kharkiv" in gazetteer.one_word_names and "Cannot" not in gazetteer.one_word_names
    reference = PhraseMatcher(nlp.vocab, attr="ORTH")
    reference.add("place", list(nlp.tokenizer.pipe(sorted(gazetteer.candidates))))
    sample = sorted(gazetteer.one_word_names)[::100]
    texts = [path.read_text() for path in sorted(CORPUS.rglob("*.txt"))]
    texts.append(", ".join(sample) + ". (" + ") ".join(name.upper() for name in sample[:200]) + ".")
    texts.append("They went from Cannot to St.-Ives, then Don't and Nova-Ruda; not Kharkiv's.")
    for doc in nlp.pipe(texts):
        expected = sorted((start, end) for _id, start, end in reference(doc))
        assert gazetteer.name_spans(doc) == expected
    assert len(sample) > 300
