"""Entity rules: known names with canonical ids, military units, country-qualified bodies.

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
from spacy.tokens import Doc, Span

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

    def __init__(self, nlp: Language, tables: Sequence[dict[str, Any]], outlets: Iterable[tuple[str, str]]):
        vocab = nlp.vocab
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
        return cls(nlp, load_toml("entities.toml", extra, "entities"), outlets)

    def find(self, doc: Doc) -> list[Found]:
        """Alias, unit and qualified-form spans; qualified ones get their country in `resolve_qualified`."""
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
