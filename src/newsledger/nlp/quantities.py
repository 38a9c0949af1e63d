"""Quantities: counted amounts with bounds, hedges, units and the counted noun phrase.

Input: an `Article.body` and its spaCy `Doc`; output: `QuantityHit`s that `annotate` turns into
`Mention`s of kind "quantity" (quantity_min / quantity_max, approximate, unit, thing).

One compiled regular expression finds the amounts ("between 75,000 and 80,000", "up to 43,000",
"60 or so", "six or seven", "hundreds", "five million", "three dozen"); the parse supplies the counted
noun ("Russian soldiers").
Not every number is a count: years, dates (the time expressions, found first), unit numbers ("127th"),
ages ("Vladimir Safronov, 23", "a 31-year-old"), durations ("two weeks") and clock times are skipped.
Vague amounts follow the ACLED convention kept in data/quantities.toml, with the text kept beside them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from newsledger.errors import ConfigError
from newsledger.nlp.datafiles import finditer_by_paragraph, load_toml

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "trillion": 1_000_000_000_000,  # budgets in roubles: "10.8 trillion roubles"
    "trn": 1_000_000_000_000,  # glued, in money copy: "13.5trn roubles", "$1trn"
    "dozen": 12,  # "three dozen soldiers", "two dozen tanks"
    "mn": 1_000_000,  # glued to digits in headlines and money copy: "1.5mn roubles", "800k", "$3.2bn"
    "k": 1_000,
    "m": 1_000_000,  # glued, money only: "$3m", "3m roubles" (the parser drops "3m" beside no money)
}
_TIME_UNITS = frozenset(
    [
        "second",
        "seconds",
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "decades",
        "year-old",
        "years-old",
    ]
)
_AGE_BEFORE = re.compile(r"(?i)\b(?:aged|age\s+(?:as|of)|ages\s+of)\s*$")
_AGE_AFTER = re.compile(r"(?i)^(?:-year-old|\s+years?\s+old|-years?-old)")


@dataclass(frozen=True, slots=True)
class QuantityHit:
    start: int
    end: int
    minimum: float | None
    maximum: float | None
    approximate: bool
    unit: str | None
    thing: str | None


@dataclass(frozen=True, slots=True)
class QuantityRules:
    vague: dict[str, tuple[float | None, float | None]]
    bounds: dict[str, str]  # qualifier -> approx / min / max
    approximate_max: frozenset[str]
    units: dict[str, str]
    currency: dict[str, str]
    people: frozenset[str]
    money: frozenset[str] = frozenset()  # unit codes of money: "3m" is millions only beside these


def load_quantity_rules(extra: Sequence[Path] = ()) -> QuantityRules:
    vague: dict[str, tuple[float | None, float | None]] = {}
    bounds: dict[str, str] = {}
    approximate_max: set[str] = set()
    units: dict[str, str] = {}
    currency: dict[str, str] = {}
    people: set[str] = set()
    money: set[str] = set()
    for table in load_toml("quantities.toml", extra, "quantities"):
        try:
            for phrase, value in table.get("vague", {}).items():
                vague[phrase.lower()] = (value.get("min"), value.get("max"))
            for bound in ("approx", "min", "max"):
                for word in table.get("qualifiers", {}).get(bound, []):
                    bounds[word.lower()] = bound
            approximate_max.update(w.lower() for w in table.get("qualifiers", {}).get("approximate_max", []))
            units.update({word.lower(): code for word, code in table.get("units", {}).items()})
            currency.update(table.get("currency_signs", {}))
            people.update(word.lower() for word in table.get("people", {}).get("nouns", []))
            money.update(table.get("money", {}).get("codes", []))
        except (AttributeError, TypeError) as err:
            raise ConfigError(f"the quantities file has an entry of the wrong shape ({err})") from err
    return QuantityRules(
        vague, bounds, frozenset(approximate_max), units, currency, frozenset(people), frozenset(money)
    )


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True))


class QuantityParser:
    def __init__(self, rules: QuantityRules):
        self.rules = rules
        tens = "|".join(_TENS_WORDS)
        ones = "|".join(word for word, value in _UNITS_WORDS.items() if 0 < value < 10)
        small = "|".join(sorted(_UNITS_WORDS, key=len, reverse=True))
        scale = r"(?:hundred|thousand|million|billion|trillion|dozen)"
        word_number = (
            rf"(?i:(?:(?:{tens})(?:[- ](?:{ones}))?|{small})(?:\s+{scale})*|a\s+{scale}(?:\s+{scale})?)"
        )
        # Indian grouping ("4,08,000", "1,25,00,000": lakh and crore) before the Western one, which
        # would stop at "4,08"; English-language papers of South Asia print counts this way.
        digits = r"\d{1,2}(?:,\d{2})+,\d{3}(?!,?\d)|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
        # only right after the digits: "1.5k", "1.5mn", "$3.2bn", "13.5trn", and "$3m" (see _hit)
        glued = r"(?:k|mn|bn|trn|m)\b"
        number = rf"(?:(?:{digits})(?:\s*(?:million|billion|trillion|thousand|bn)\b|{glued})?|{word_number})"
        vague = _alternation(list(rules.vague))
        qualifier = _alternation(list(rules.bounds))
        signs = "".join(re.escape(sign) for sign in rules.currency) or "$"
        units = _alternation(list(rules.units))
        self.expression = re.compile(
            rf"(?<![\w.,\-+/:£$€])"
            rf"(?:(?P<qual>(?i:{qualifier}))\s+)?"
            rf"(?P<cur>[{signs}])?"
            rf"(?:(?i:between)\s+(?P<lo>{number})\s+and\s+(?P<hi>{number})"
            rf"|(?P<a>{number})(?:\s*[-–]\s*(?=\d)|\s+to\s+|\s+or\s+)(?P<b>{number})"  # not "twenty-three"
            rf"|(?P<vague>(?i:{vague}))"
            rf"|(?P<n>{number}))"
            rf"(?![\w]|[.,]\d|:\d)"
            rf"(?P<orso>\s+or\s+so|-odd)?"
            rf"(?:\s*(?P<unit>(?i:{units}))(?![\w]))?",
        )

    def find(self, text: str, doc: Doc, skip: Sequence[tuple[int, int]]) -> list[QuantityHit]:
        """The quantities of `text`; `skip` are character spans already taken (time expressions, units)."""
        hits = []
        for found in finditer_by_paragraph(self.expression, text):
            match = found if not _overlaps(found.span(), skip) else self._upper_end(found, text, skip)
            if match is None:
                continue
            hit = self._hit(match, text, doc)
            if hit is not None:
                hits.append(hit)
        return hits

    def _upper_end(
        self, match: re.Match[str], text: str, skip: Sequence[tuple[int, int]]
    ) -> re.Match[str] | None:
        """The amount after "to"/"or"/"-" of a range whose first number is part of a time expression:
        "rose in 2023 to 5,000", "from 120,000 in May 2023 to 310,000" (the year is no lower bound)."""
        for group in ("b", "hi"):
            if match.group(group) is None or _overlaps(match.span(group), skip):
                continue
            again = self.expression.match(text, match.start(group), match.end())
            if again is not None and not _overlaps(again.span(), skip):
                return again
        return None

    def _hit(self, match: re.Match[str], text: str, doc: Doc) -> QuantityHit | None:
        g = match.groupdict()
        qualifier = " ".join((g["qual"] or "").lower().split())
        bound = self.rules.bounds.get(qualifier, "exact")
        number_text = g["n"] or g["a"] or g["lo"] or g["vague"] or ""
        if g["n"] and not _is_count(g["n"], bool(qualifier)) and not _one_in_a_count(doc, match, qualifier):
            return None
        if _is_duration_or_age(text, match.start(), _number_end(match)):
            return None
        approximate = bound == "approx" or qualifier in self.rules.approximate_max or bool(g["orso"])
        if g["vague"]:
            minimum, maximum = self.rules.vague[" ".join(g["vague"].lower().split())]
            approximate = True
            if g["vague"].lower() == "several" and text[match.end() :].lstrip().lower().startswith("times"):
                return None
        elif g["lo"] or g["a"]:
            low, high = parse_number(g["lo"] or g["a"]), parse_number(g["hi"] or g["b"])
            if low is None or high is None or low >= high:
                return None
            minimum, maximum = low, high
        else:
            value = parse_number(number_text)
            if value is None:
                return None
            minimum = value if bound in ("exact", "approx", "min") else None
            maximum = value if bound in ("exact", "approx", "max") else None
        unit_word = " ".join((g["unit"] or "").lower().split())
        unit = self.rules.units.get(unit_word) if unit_word else None
        if unit is None and g["cur"]:
            unit = self.rules.currency.get(g["cur"])
        if re.search(r"\dm$", number_text) and unit not in self.rules.money:
            return None  # "a 3m wall" is metres; "$3m", "3m roubles" are millions
        end = match.end()
        thing = None
        if unit_word and unit not in ("percent",):
            pass  # a measure: the unit says what is counted
        else:
            if unit_word:
                end = match.end("unit")
            thing = self._thing(doc, match.start(), match.end("unit") if unit_word else _number_end(match))
            if thing and unit is None and _head_word(thing) in self.rules.people:
                unit = "people"
        return QuantityHit(match.start(), end, minimum, maximum, approximate, unit, thing)

    def _thing(self, doc: Doc, start: int, end: int) -> str | None:
        """The noun phrase the amount counts: "about 30,000 casualties" → casualties,
        "hundreds of Russian soldiers" → Russian soldiers. None where no noun follows."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or span.end >= len(doc):
            return None
        following = doc[span.end]
        if following.lower_ == "of":  # "dozens of servicemen", "several of the soldiers"
            objects = [child for child in following.children if child.dep_ == "pobj"]
            if objects and objects[0].pos_ in ("NOUN", "PROPN"):
                return _noun_phrase(doc, following.i + 1, objects[0])
            return None
        head = span[-1].head
        if head.i >= span.end and head.pos_ in ("NOUN", "PROPN") and head.i - span.end <= 4:
            return _noun_phrase(doc, span.end, head)
        # "9,000 dead and 21,000 wounded": a people word that is not an adjective of a noun after it
        next_is_noun = span.end + 1 < len(doc) and doc[span.end + 1].pos_ in ("NOUN", "PROPN")
        if following.lower_ in self.rules.people and following.pos_ != "NOUN" and not next_is_noun:
            return following.text
        # The parse hung the number elsewhere ("between 75,000 and 80,000 Russian soldiers"):
        # the noun ending the run of adjectives and nouns that follows.
        last = None
        for token in doc[span.end : span.end + 5]:
            if token.pos_ in ("NOUN", "PROPN"):
                last = token
            elif token.pos_ != "ADJ" or last is not None:
                break
        return _noun_phrase(doc, span.end, last) if last is not None else None


def _noun_phrase(doc: Doc, start: int, head: Token) -> str | None:
    """From `start` up to and including the head noun, without leading determiners and possessors
    ("the soldiers" → soldiers, "Vladimir Putin's paratroopers" → paratroopers)."""
    i = start
    for j in range(start, head.i):
        if doc[j].dep_ == "case":
            i = j + 1
    while i < head.i and (doc[i].dep_ in ("det", "predet", "poss") or doc[i].is_punct):
        i += 1
    text = doc[i : head.i + 1].text
    if "\n" in text or not any(char.isalpha() for char in text):
        return None
    return text


def _head_word(thing: str) -> str:
    return thing.split()[-1].lower()


def _number_end(match: re.Match[str]) -> int:
    for group in ("orso", "hi", "b", "vague", "n"):
        if match.group(group):
            return match.end(group)
    return match.end()


def _is_count(number: str, qualified: bool) -> bool:
    """False for a bare number that is not a count: a year, a lone "one" (mostly a pronoun), a code or
    phone number (five digits or more without grouping commas: news prints counts as "70,141")."""
    if number.lower() in ("one", "zero") or re.fullmatch(r"\d{5,}", number):
        return False
    # A year; "over 1800" (qualified) is a count.
    return qualified or not re.fullmatch(r"(?:1[89]|20)\d{2}", number)


_ONE_EMPHASIS_BEFORE = frozenset({"only", "just", "another"})
_ONE_EMPHASIS_AFTER = frozenset({"more", "further", "additional", "other"})


def _one_in_a_count(doc: Doc, match: re.Match[str], qualifier: str) -> bool:
    """A lone "one" that counts a thing: a numeral on a noun in a list of counted things ("one BMP and
    two tanks", "64 drones, two trucks and one van") or set apart as a count ("only one helicopter",
    "one more jet"). Elsewhere it is mostly a pronoun or an idiom ("one of them said", "at one point")."""
    if qualifier or match.group("n").lower() != "one":
        return False
    span = doc.char_span(match.start("n"), match.end("n"))
    if span is None or len(span) != 1:
        return False
    one = span[0]
    noun = one.head
    if one.dep_ != "nummod" or noun.pos_ not in ("NOUN", "PROPN") or not 0 < noun.i - one.i <= 4:
        return False
    before = doc[one.i - 1].lower_ if one.i > 0 else ""
    after = doc[one.i + 1].lower_ if one.i + 1 < len(doc) else ""
    if before in _ONE_EMPHASIS_BEFORE or after in _ONE_EMPHASIS_AFTER:
        return True
    listed = [*noun.conjuncts]
    return any(
        child.dep_ == "nummod" and child.like_num and child.lower_ != "one"
        for other in listed
        for child in other.children
    )


def _overlaps(span: tuple[int, int], taken: Sequence[tuple[int, int]]) -> bool:
    start, end = span
    return any(s < end and start < e for s, e in taken)


def _is_duration_or_age(text: str, start: int, end: int) -> bool:
    """ "two weeks", "ten years in prison", "a two-minute clip"; "aged 23", "a 31-year-old",
    "Vladimir Safronov, 23,", "the sergeant, 23," and "Safronov (23)"."""
    after = text[end : end + 24]
    next_word = re.match(r"[\s-]*(?:of\s+)?([\w-]+)", after)  # "two weeks", "hundreds of years"
    if next_word and next_word.group(1).lower() in _TIME_UNITS:
        return True
    if _AGE_AFTER.match(after):
        return True
    before = text[max(0, start - 40) : start]
    if _AGE_BEFORE.search(before):
        return True
    if re.search(r"[A-Z][a-z]+,\s*$", before) and re.match(r"\s*[,.;)]", after):
        return True
    # "the sergeant, 23, told ...": two digits set off by commas after a common noun are an age too
    if (
        re.fullmatch(r"\d{2}", text[start:end])
        and re.search(r"\b[a-z]{3,},\s*$", before)
        and after.startswith(",")
    ):
        return True
    return bool(re.search(r"[A-Z][a-z]+\s*\(\s*$", before) and re.match(r"\s*\)", after))


def parse_number(text: str | None) -> float | None:
    """ "30,000" → 30000, "1.5 million" → 1500000, "five million" → 5000000, "twenty-three" → 23."""
    if not text:
        return None
    # "1.5k" → "1.5 k": a scale glued to its digits
    words = re.sub(r"(?<=\d)(?=[a-z])", " ", text.lower().replace(",", "").replace("-", " ")).split()
    total = 0.0
    current = 0.0
    seen = False
    for word in words:
        try:
            current += float(word)
            seen = True
            continue
        except ValueError:
            pass
        if word in _UNITS_WORDS:
            current += _UNITS_WORDS[word]
        elif word in _TENS_WORDS:
            current += _TENS_WORDS[word]
        elif word == "a":
            current += 1
        elif word in _SCALES:
            scale = _SCALES[word]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None
