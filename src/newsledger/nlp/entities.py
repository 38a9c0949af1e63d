"""Entity rules: known names with canonical ids, military units, country-qualified bodies, and people's
names that the model and the gazetteer misread as places or organisations (`PersonRules`).

Input: a spaCy `Doc` of an `Article.body`; output: `Found` spans that `annotate` turns into `Mention`s
of kind person, org, group, agency, outlet or unit. The small English model misses or mislabels much of
this domain (FSB, GRU, OMON missed; Kherson tagged PERSON), so these compiled matchers run after it and
win over its entities where they overlap.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from newsledger.errors import ConfigError
from newsledger.nlp.datafiles import load_toml, slugify
from newsledger.nlp.model import tokenize

# Priorities when spans overlap: a rule match beats a gazetteer match beats the model's own entity.
RULE, GAZETTEER, MODEL = 3, 2, 1

ENTITY_KINDS = ("person", "org", "group", "agency", "outlet", "unit")
_ORDINAL_WORDS = {
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th", "sixth": "6th",
    "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th", "eleventh": "11th",
    "twelfth": "12th", "twentieth": "20th",
}  # fmt: skip
# Words between a cue and a qualified form that do not break the link ("Russia's own defence ministry").
_CUE_GAP = {"'s", "’s", "the", "its", "own", "'", "’"}


@dataclass(frozen=True, slots=True)
class Found:
    """A token span [start, end) of the doc that names something, with what the rules know of it."""

    start: int
    end: int
    kind: str
    canonical: str | None
    priority: int
    qualified: int = -1  # index of its [[qualified]] group: its canonical id depends on the country


@dataclass(frozen=True, slots=True)
class Qualified:
    kind: str
    by_country: dict[str, str]
    form_defaults: dict[str, str]


class EntityRules:
    """The alias table, the unit patterns and the country-qualified forms, compiled once."""

    def __init__(
        self,
        nlp: Language,
        tables: Sequence[dict[str, Any]],
        outlets: Iterable[tuple[str, str]],
        people: PersonRules | None = None,
    ):
        vocab = nlp.vocab
        self.people = people
        self.names: dict[str, tuple[str, str]] = {}  # canonical id -> (kind, display name)
        self._aliases = PhraseMatcher(vocab, attr="ORTH")
        self._alias_targets: dict[int, tuple[str, str]] = {}
        self._units = Matcher(vocab)  # units and outlet-shaped names
        self._forms = PhraseMatcher(vocab, attr="ORTH")
        self._cues = PhraseMatcher(vocab, attr="ORTH")
        self._cue_country: dict[str, str] = {}
        self.qualified: list[Qualified] = []
        alias_texts: dict[str, tuple[str, str]] = {}
        unit_patterns: list[list[dict[str, Any]]] = []
        outlet_patterns: list[list[dict[str, Any]]] = []
        for table in tables:
            for entry in table.get("entity", []):
                try:
                    canonical, kind, name = entry["id"], entry["kind"], entry["name"]
                except KeyError as err:
                    raise ConfigError(f"an [[entity]] in the entities file lacks {err}: {entry}") from err
                if kind not in ENTITY_KINDS:
                    kinds = ", ".join(ENTITY_KINDS)
                    raise ConfigError(f"entity {canonical}: kind {kind!r} is not one of {kinds}")
                self.names[canonical] = (kind, name)
                for alias in (name, *entry.get("aliases", [])):
                    alias_texts[alias] = (kind, canonical)
            for country, cues in table.get("country_cues", {}).items():
                for cue in cues:
                    self._cue_country[cue] = country
            for group in table.get("qualified", []):
                index = len(self.qualified)
                defaults = dict(group.get("form_defaults", {}))
                self.qualified.append(Qualified(group["kind"], dict(group["by_country"]), defaults))
                key = f"qualified-{index}"
                self._forms.add(key, tokenize(nlp, group["forms"]))
            unit_patterns += [entry["pattern"] for entry in table.get("unit_pattern", [])]
            outlet_patterns += [entry["pattern"] for entry in table.get("outlet_pattern", [])]
        for outlet_id, outlet_name in outlets:
            alias_texts.setdefault(outlet_name, ("outlet", f"outlet:{outlet_id}"))
            self.names.setdefault(f"outlet:{outlet_id}", ("outlet", outlet_name))
        for target in alias_texts.values():
            self._alias_targets[vocab.strings.add(target[1])] = target
        by_target: dict[str, list[str]] = {}
        for alias, (_kind, canonical) in alias_texts.items():
            by_target.setdefault(canonical, []).append(alias)
        for canonical, aliases in by_target.items():
            self._aliases.add(canonical, tokenize(nlp, aliases))
        self._units.add("unit", unit_patterns, greedy="LONGEST")
        if outlet_patterns:
            self._units.add("outlet", outlet_patterns, greedy="LONGEST")
        cue_docs = tokenize(nlp, self._cue_country)
        for doc in cue_docs:
            self._cues.add(self._cue_country[doc.text], [doc])

    @classmethod
    def load(
        cls, nlp: Language, extra: Sequence[Path] = (), outlets: Iterable[tuple[str, str]] = ()
    ) -> EntityRules:
        return cls(nlp, load_toml("entities.toml", extra, "entities"), outlets, PersonRules.load())

    def find(self, doc: Doc) -> list[Found]:
        """Alias, unit and qualified-form spans, then people's names (`PersonRules`) outside them;
        qualified ones get their country in `resolve_qualified`."""
        found = []
        for match_id, start, end in self._aliases(doc):
            kind, canonical = self._alias_targets[match_id]
            found.append(Found(start, end, kind, canonical, RULE))
        strings = doc.vocab.strings
        for match_id, start, end in self._units(doc):
            if strings[match_id] == "unit":
                found.append(Found(start, end, "unit", unit_id(doc[start:end]), RULE))
            else:
                found.append(Found(start, end, "outlet", None, RULE))
        for match_id, start, end in self._forms(doc):
            index = int(strings[match_id].rsplit("-", 1)[1])
            found.append(Found(start, end, self.qualified[index].kind, None, RULE, index))
        if self.people is not None:
            found += self.people.find(doc, found)
        return found

    def country_counts(self, doc: Doc) -> Counter[str]:
        strings = doc.vocab.strings
        return Counter(strings[match_id] for match_id, _start, _end in self._cues(doc))

    def cue_before(self, doc: Doc, start: int) -> str | None:
        """The country named right before token `start` ("Russia's defence ministry" → RU)."""
        i = start - 1
        while i >= 0 and doc[i].lower_ in _CUE_GAP:
            i -= 1
        if i < 0:
            return None
        country = self._cue_country.get(doc[i].text)
        if country is None and i >= 1:  # two-word cues: "United Kingdom", "United States"
            country = self._cue_country.get(doc[i - 1 : i + 1].text)
        return country

    def _cue_in_sentence(self, doc: Doc, start: int, group: Qualified) -> str | None:
        for token in reversed(doc[doc[start].sent.start : start]):
            country = self._cue_country.get(token.text)
            if country in group.by_country:
                return country
        return None

    def resolve_qualified(self, doc: Doc, found: list[Found]) -> list[Found]:
        """Give each qualified form its country's id: the cue right before it ("Russia's defence ministry"),
        else the same group resolved earlier in the article ("the MoD's analysts" after "Britain's Ministry
        of Defence"), else the form's default (bare "MoD" is British usage), else the nearest cue earlier
        in its sentence ("In London, the Defense Ministry said"), else the article's clearly dominant
        country (twice the runner-up), else None."""
        counts = self.country_counts(doc)
        ranked = counts.most_common(2)
        dominant = None
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
            dominant = ranked[0][0]
        last: dict[int, str] = {}
        resolved = []
        for item in sorted(found, key=lambda f: f.start):
            if item.qualified < 0:
                resolved.append(item)
                continue
            group = self.qualified[item.qualified]
            country = self.cue_before(doc, item.start)
            if country not in group.by_country:
                country = last.get(item.qualified)
            if country is None:
                country = group.form_defaults.get(doc[item.start : item.end].text)
            if country is None:
                country = self._cue_in_sentence(doc, item.start, group)
            if country is None and dominant in group.by_country:
                country = dominant
            if country is not None:
                last[item.qualified] = country
            canonical = group.by_country.get(country) if country else None
            resolved.append(Found(item.start, item.end, item.kind, canonical, item.priority, item.qualified))
        return resolved


def unit_id(span: Span) -> str:
    """ "First Guards Tank Army" → "unit:1st-guards-tank-army" (the same id as "1st Guards Tank Army")."""
    words = [_ORDINAL_WORDS.get(token.lower_, token.lower_) for token in span]
    return "unit:" + slugify(" ".join(words))


_TRAILING = {"'s", "’s", "'", "’"}
_LEADING = {"the", "The"}


def trim_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive from a model entity ("Vladimir Putin's")."""
    while start < end and doc[start].text in _LEADING:
        start += 1
    while end > start and doc[end - 1].text in _TRAILING:
        end -= 1
    return start, end


_DIGIT = re.compile(r"\d")


def model_entity_kind(span: Span, label: str) -> str | None:
    """Which of the model's PERSON / ORG entities to keep, and as what. The small model tags page
    furniture and capitalised sentence openers ("Morale", "Riot") as PERSON: a kept PERSON needs a proper
    noun in it; numbers and lower-case starts never name a person or an organisation."""
    text = span.text
    if not text or not text[0].isupper() or _DIGIT.search(text):
        return None
    if label == "PERSON":
        # "the Gazette reported": people do not take an article.
        before = span.doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.lower_ == "the":
            return None
        return "person" if any(token.pos_ == "PROPN" for token in span) else None
    if label == "ORG":
        if len(span) == 1:
            token = span[0]
            # All-capital words longer than an acronym are datelines and headline shouting ("VILNIUS");
            # "Defence" in "Defence Minister Sergei Shoigu" is half a title; "Buryat" an adjective.
            if (text.isupper() and len(text) > 5) or token.pos_ != "PROPN":
                return None
            following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
            if following is not None and following.is_title and following.pos_ in ("PROPN", "NOUN"):
                return None
        return "org"
    return None


def person_id(name: str) -> str:
    return "person:" + slugify(name)


def fold_surnames(names: Sequence[tuple[str, str | None]]) -> dict[str, str]:
    """Surname → canonical id of the full names mentioned in one article ("Wallace" → Ben Wallace).

    `names` are (text, canonical) of person mentions in order. A surname shared by two different
    people in the article stays ambiguous and is not folded.
    """
    surnames: dict[str, str] = {}
    ambiguous: set[str] = set()
    for text, canonical in names:
        words = text.split()
        if len(words) < 2:
            continue
        target = canonical or person_id(text)
        surname = words[-1]
        if surname in surnames and surnames[surname] != target:
            ambiguous.add(surname)
        surnames.setdefault(surname, target)
    for surname in ambiguous:
        del surnames[surname]
    return surnames


# A word that can be part of a person's name: capitalised, then lower-case letters, with inner
# apostrophes or hyphens ("O'Brien", "Anna-Maria"); never all capitals (acronyms, datelines).
_NAME_WORD = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž]+(?:['’-][A-ZÀ-ÖØ-ÞĀ-Ž]?[a-zß-öø-ÿā-ž]+)*")
_POSSESSIVE = {"'s", "’s"}


@dataclass(frozen=True, slots=True)
class PeopleLexicon:
    """The word lists of data/people.toml (see its header for where they come from)."""

    given_names: frozenset[str]
    kin: frozenset[str]
    titles: frozenset[str]
    not_surnames: frozenset[str]
    surname_endings: tuple[str, ...]
    person_verbs: frozenset[str]
    place_prepositions: frozenset[str]
    place_nouns: frozenset[str]

    @classmethod
    def from_tables(cls, tables: Sequence[tuple[str, dict[str, Any]]]) -> PeopleLexicon:
        """`tables`: (source file, parsed TOML) of the packaged file and then each user file."""
        lists: dict[str, set[str]] = {}
        fields = (
            "given_names", "kin", "titles", "not_surnames", "surname_endings", "person_verbs",
            "place_prepositions", "place_nouns",
        )  # fmt: skip
        for source, table in tables:
            for key, value in table.items():
                if key == "given_names":
                    if not isinstance(value, dict):
                        raise ConfigError(f"{source}: [given_names] must be a table of lists of names")
                    values = [name for names in value.values() for name in names]
                    key = "given_names"
                else:
                    values = value
                if key not in fields:
                    raise ConfigError(f"{source}: unknown key {key!r} (known: {', '.join(fields)})")
                if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                    raise ConfigError(f"{source}: {key!r} must be a list of strings")
                lists.setdefault(key, set()).update(values)
        # Longest ending first, so that str.endswith over the tuple is one call.
        endings = tuple(sorted(lists.get("surname_endings", ()), key=len, reverse=True))
        sets = {key: frozenset(lists.get(key, ())) for key in fields if key != "surname_endings"}
        return cls(surname_endings=endings, **sets)


class PersonRules:
    """People's names the small model misreads as places ("Olga", "Anna", "Ivanova") or organisations
    ("Lyudmila Petrova"), found from a list of given names and the words around them:

    - a given name followed by one or two capitalised words (a surname, a patronymic and a surname):
      "Olga Petrova", "Dmitry Sergeyevich Volkov";
    - a model PERSON/ORG span of two or three capitalised words ending in a Slavic surname form:
      "Anzhela Romanenko" where the given name is not listed;
    - a given name alone where the sentence treats it as a person: subject of a verb ("Anna told"),
      an age or a relative clause after it ("Natalia, 52,", "Tatyana, whose son"), a kin noun before
      it ("her son Maxim", "his mother, Nadezhda"), a speaking verb before it ("said Vera"), or joined
      by "and" to such a name; a place preposition before it ("in Olga", "near Anna") keeps it a place;
    - a full name's surname used alone later in the article ("Petrova said").
    """

    def __init__(self, lexicon: PeopleLexicon):
        self.lexicon = lexicon

    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> PersonRules:
        sources = ["newsledger/data/people.toml", *map(str, extra)]
        tables = load_toml("people.toml", extra, "people")
        return cls(PeopleLexicon.from_tables(list(zip(sources, tables, strict=True))))

    def find(self, doc: Doc, taken: Sequence[Found] = ()) -> list[Found]:
        """Person spans not overlapping `taken` (the alias table's spans: "Volodymyr Zelensky" keeps
        its canonical id)."""
        blocked = bytearray(len(doc))
        for item in taken:
            blocked[item.start : item.end] = b"\x01" * (item.end - item.start)
        found: list[Found] = []

        def claim(start: int, end: int, canonical: str | None) -> None:
            if not any(blocked[start:end]):
                blocked[start:end] = b"\x01" * (end - start)
                found.append(Found(start, end, "person", canonical, RULE))

        given = self.lexicon.given_names
        full_names = []
        for token in doc:
            if token.text in given and not blocked[token.i] and not self._inside_longer_name(token):
                end = self._name_end(doc, token.i)
                if end > token.i + 1:
                    full_names.append((token.i, end))
        for ent in doc.ents:
            if ent.label_ in ("PERSON", "ORG") and self._surname_shaped(ent):
                full_names.append((ent.start, ent.end))
        for start, end in sorted(full_names, key=lambda span: (span[0], span[0] - span[1])):
            claim(start, end, person_id(doc[start:end].text))
        surnames = {doc[item.end - 1].text for item in found}

        alone = [t for t in doc if t.text in given and not blocked[t.i] and not self._in_place_position(t)]
        persons = {i for item in found for i in range(item.start, item.end)}
        for token in alone:
            if self._in_person_position(token):
                claim(token.i, token.i + 1, person_id(token.text))
                persons.add(token.i)
        for token in alone:  # "Natalia, 52, and Irina said": joined to a person
            if blocked[token.i]:
                continue
            partners = [token.head] if token.dep_ == "conj" else []
            partners += [child for child in token.children if child.dep_ == "conj"]
            if any(partner.i in persons for partner in partners):
                claim(token.i, token.i + 1, person_id(token.text))
        for token in doc:
            if token.text in surnames and not blocked[token.i]:
                claim(token.i, token.i + 1, None)  # folded to the full name by `fold_surnames`
        return found

    def _is_name_word(self, token: Token) -> bool:
        return (
            _NAME_WORD.fullmatch(token.text) is not None
            and token.text not in self.lexicon.not_surnames
            and token.text not in self.lexicon.titles
        )

    def _name_end(self, doc: Doc, start: int) -> int:
        """The end of the name starting at the given name at `start`: up to two more name words in the
        same line ("Dmitry Sergeyevich Volkov"), a hyphenated surname counting as one."""
        end, words = start + 1, 0
        while (
            words < 2 and end < len(doc) and doc[end - 1].whitespace_ == " " and self._is_name_word(doc[end])
        ):
            end += 1
            # "Rimsky-Korsakov" is three tokens with no space between them.
            while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_:
                if doc[end].whitespace_ or not self._is_name_word(doc[end + 1]):
                    break
                end += 2
            words += 1
        return end

    def _inside_longer_name(self, token: Token) -> bool:
        """ "Lake Victoria", "Santa Maria": a capitalised word before the given name that is not a title
        and does not open the sentence makes the given name part of another name."""
        if token.i == 0 or token.is_sent_start:
            return False
        before = token.doc[token.i - 1]
        return (
            _NAME_WORD.fullmatch(before.text) is not None
            and before.text not in self.lexicon.titles
            and before.text not in self.lexicon.given_names
            and before.pos_ == "PROPN"
            and not before.is_sent_start
        )

    def _surname_shaped(self, span: Span) -> bool:
        start, end = trim_span(span.doc, span.start, span.end)
        words = span.doc[start:end]
        return (
            2 <= len(words) <= 3
            and (start, end) == (span.start, span.end)
            and all(_NAME_WORD.fullmatch(t.text) for t in words)
            and words[0].text not in self.lexicon.titles
            and words[-1].text.endswith(self.lexicon.surname_endings)
        )

    def _in_place_position(self, token: Token) -> bool:
        """ "in Olga", "near Anna", "the village of Sofia"."""
        doc, i = token.doc, token.i
        before = doc[i - 1].lower_ if i >= 1 else ""
        if before in self.lexicon.place_prepositions:
            return True
        return before == "of" and i >= 2 and doc[i - 2].lower_ in self.lexicon.place_nouns

    def _in_person_position(self, token: Token) -> bool:
        doc, i = token.doc, token.i
        lexicon = self.lexicon
        after = [t.text for t in doc[i + 1 : i + 4]]
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
            return True
        if after[:1] == [","] and len(after) >= 2:
            if after[1].isdigit() and after[2:3] in ([","], [")"], []):
                return True  # "Natalia, 52,": an age
            if after[1] in ("who", "whose", "aged"):
                return True
            if after[1] in ("a", "an") and i + 3 < len(doc) and doc[i + 3].lower_ not in lexicon.place_nouns:
                return True  # "Larisa, a widow": an apposition that is no place noun
        if after[:1] and after[0] in _POSSESSIVE and i + 2 < len(doc) and doc[i + 2].lower_ in lexicon.kin:
            return True  # "Nina's son"
        before = [t.lower_ for t in doc[max(0, i - 2) : i]]
        if before[-1:] and before[-1] in lexicon.kin:
            return True  # "her son Maxim"
        if before[-1:] == [","] and len(before) == 2 and before[0] in lexicon.kin:
            return True  # "his mother, Nadezhda"
        return bool(before) and (
            before[-1] in lexicon.person_verbs or " ".join(before) in lexicon.person_verbs
        )
