"""Claims: annotated article → `Claim`s, each pointing at the sentence that supports it.

Input: an `Article`, the spaCy `Doc` the language layer parsed from its body and that layer's `Mention`s
(entities with canonical ids, resolved times, quantities). Output: one `Claim` per sentence that reports
what someone said, claimed, estimated or wrote, and per sentence in which the article itself states a
counted figure (speaker None, speaker kind "outlet").

How a sentence becomes a claim:
- Attribution comes from the parse: the subject of a reporting verb ("US officials said", "..., he
  says", passive "are said to" for an unnamed source), the object of "according to", or, for a sentence
  inside quoted speech, the attribution of its quotation. Quotations are followed across sentences and
  paragraphs: a paragraph that opens a quote and leaves it open continues in the next paragraph that
  opens with a quote mark (the news convention), and an unattributed quote paragraph belongs to the
  speaker of the claim just before it. Reporting verbs inside a quotation never attribute anything.
- The speaker is the subject phrase; its canonical id is the entity mention covering the phrase's head
  ("Ukraine says" → place:ukraine), or the entity a member noun belongs to ("MoD analysts",
  "a White House spokesman"), or a person in apposition ("A spokesman ..., Serhiy Cherevatyi,"). A
  described speaker ("a western defence source", "US sources") keeps canonical None. Pronouns take
  the previous fitting speaker or name (one person for he/she, not a place named as a location for it),
  "the official" the official described before, and "the statement read" the statement's issuer.
- Numbers: the quantity mentions of the sentence whose category (killed, wounded, casualties, captured,
  deserted, refused, deployed, vehicles, territory, money) is known from the unit, the counted thing
  ("9,000 dead") or the nearest category word in the parse ("45,000 soldiers have been killed"); a killed
  word joined to a wounded word is "casualties". Square miles also come as a converted km² quantity.
- The as-of date is a resolved time mention in the sentence (a "since ..." range counts as its end),
  else the publication date; None where neither exists.
All word lists live in data/claims.toml.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsledger.errors import ConfigError
from newsledger.nlp.datafiles import load_toml, slugify
from newsledger.nlp.quantities import load_quantity_rules
from newsledger.records import Article, Claim, ClaimQuantity, Evidence, Mention, Role

SQUARE_MILE_KM2 = 2.589988  # 1 international square mile in square kilometres (exact to 6 places)

_ENTITY_KINDS = frozenset({"person", "org", "group", "agency", "outlet", "unit", "place"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Children of a subject's head that belong to the speaker's name: not appositions, relative clauses,
# coordinated subjects or punctuation.
_PHRASE_DEPS = frozenset({"det", "poss", "case", "compound", "amod", "nmod", "nummod", "prep", "pobj",
                          "quantmod", "advmod", "npadvmod", "predet"})  # fmt: skip
_ANTECEDENT_KINDS = {
    "he": ("person",), "she": ("person",), "they": ("org", "agency", "outlet", "group", "unit"),
    "it": ("org", "agency", "outlet", "group", "unit", "place"),
}  # fmt: skip
_PRONOUNS = frozenset(_ANTECEDENT_KINDS)
# an author named at the end of the opening paragraph: "A short thread on ..., by Lt Col (ret.) X."
_BYLINE = re.compile(
    r"(?:^|,\s*)[Bb]y\s+(?P<credit>[^,]*?)(?P<name>(?:[A-Z][\w'’-]+\s+)?[A-Z][\w'’-]+)\.?\s*$"
)
# "By her count, ..." is hers: a person's possessive names the author of a document as the pronoun would
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she"}
# people who act for a body without being its officers: "its lawyers", "their researchers"
_BODY_PEOPLE = frozenset({"lawyer", "researcher", "author", "investigator", "monitor", "staff", "member"})
_LEADING_VERBS = frozenset({"runs", "ran", "heads", "headed", "leads", "led", "founded", "chairs", "directs"})
_BODY_LEADERS = frozenset({"head", "chief"})  # "the head of the ministry" speaks as the ministry
_NAMED = re.compile(r"\s[A-Z]")  # a capitalised word after the first: "the channel Rybar", not "an appeal"
_OPEN_QUOTES = "“„«"
_CLOSE_QUOTES = "”»"
_ANY_QUOTE = '"“”„«»'
_AFTER_COMMA = re.compile(r"\s*,\s*")
_WORD = re.compile(r"[\w'’-]+")
# A wire dateline (a capitalised place, a comma, a date and perhaps the agency, then a dash) or a
# live blog's time stamp ("09:12 - ", "14:20 GMT: ").
_DATELINE = re.compile(
    r"[A-Z][A-Z .'’-]+,[^\n]{0,60}?\s[-–—]\s|\d{1,2}[:.]\d{2}(?:\s?[A-Z]{2,4})?\s?[-–—:]\s"
)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    verbs: dict[str, str]  # form → base
    hedging_verbs: frozenset[str]
    particles: dict[str, str]  # base → particle it needs
    need_complement: frozenset[str]
    object_complement: frozenset[str]  # verbs whose direct object is what they report ("denied the report")
    hedge_words: frozenset[str]
    hedge_phrases: tuple[str, ...]
    speaker_keywords: tuple[tuple[str, frozenset[str]], ...]
    kind_words: dict[str, frozenset[str]]  # kind → every keyword of its groups
    overriding_kinds: frozenset[str]  # keyword groups that decide wherever in the phrase they match
    speaker_canonical: dict[str, str]
    speaker_prefix: tuple[tuple[str, str], ...]
    generic_prefixes: frozenset[str]
    speaker_members: frozenset[str]
    person_words: frozenset[str]
    gender_words: dict[str, str]  # word → "female" / "male"
    documents: frozenset[str]
    signed_documents: frozenset[str]  # "the letter, published by the site X": its signers wrote it
    anonymity_phrases: tuple[str, ...]  # "asked not to be named", "close to": the speaker is unnamed
    head_phrases: dict[str, str]  # "press secretary", "enlistment office": two-word heads and their kind
    relaying_verbs: frozenset[str]  # "..., the site reported": relays the speaker named inside it
    read_not_written: frozenset[str]  # "records reviewed by the site": the site read them, did not write
    speaking_participles: frozenset[str]  # "speaking on condition of anonymity": the clause is the speaker's
    unreported_objects: frozenset[str]  # "says goodbye", "said thanks": a farewell or thanks, not a report
    figure_verbs: dict[str, str]  # form → base of verbs that report only an estimate: "had the figure at"
    figure_objects: dict[str, frozenset[str]]  # their base → the estimate nouns they report with "at"
    nameless_tags: frozenset[str]  # "HOST:", "INTERVIEWER:": transcript tags in capitals that name nobody
    status_passives: frozenset[str]  # "two men are listed as missing": a status, no unnamed source's word
    categories: dict[str, str]  # word or base form → category
    irregular_forms: dict[str, str]  # inflected form → base form ("lost" → "lose", "fled" → "flee")
    category_phrases: tuple[tuple[tuple[str, ...], str], ...]  # (words, category)
    category_things: dict[str, frozenset[str]]  # category → the counted things it allows
    people_categories: frozenset[str]
    people_words: frozenset[str]
    people_proxies: frozenset[str]  # "about forty graves": things that stand for the people they hold
    scope_country: dict[str, str]
    thing_cancels: frozenset[str]
    category_units: dict[str, str]
    combined: tuple[tuple[str, str, str], ...]  # (category a, category b, combined category)
    partitive_pronouns: frozenset[str]  # "3,500 of them": the figure is part of one named before
    standing_heads: frozenset[str]  # "a dozen others", "eleven more": heads for a thing named before
    presence_verbs: frozenset[str]  # "9,000 troops remained in Belarus" is a deployment
    recruiting_verbs: frozenset[str]  # "Wagner recruited 50,000 inmates" is a deployment
    strength_verbs: frozenset[str]  # "the company numbered 112 men" is a deployment
    sending_verbs: frozenset[str]  # "putting 25,000 men into the line": armed people sent somewhere
    front_words: frozenset[str]  # where armed people are sent without a place name: "the front", "the line"
    taking_verbs: frozenset[str]  # "took 150 Russians": verbs that take people prisoner
    taken_people: frozenset[str]  # the people they take prisoner: nationalities, "invaders", "occupiers"
    joining_verbs: frozenset[str]  # "600 men signed contracts": people who take service themselves
    joining_objects: frozenset[str]  # what they sign or join ("contracts", "the army", a formation)
    movement_verbs: frozenset[str]  # "went to Bakhmut with 118 men": armed people going somewhere
    uncounted_things: frozenset[str]  # "fired 41 times": counted nouns that count no thing
    formations: frozenset[str]  # "a company of some 90 reservists": a formation's strength is deployed
    including: frozenset[str]  # "2,100 officers, including a dozen generals": a part of the figure before
    measure_nouns: frozenset[str]  # "the number of dead lies between 160,000 and 230,000"
    harm_verbs: frozenset[str]  # "86 trainees were injured": verbs whose sufferers are living people
    munitions: frozenset[str]  # "250,000 artillery shells": ammunition, no vehicle whatever its modifier
    verb_only: frozenset[str]  # "the cost of the mission": category words that count only as verbs
    scopes: dict[str, str]
    scope_order: tuple[str, ...]
    scope_canonical: dict[str, str]


def load_lexicon(extra: Sequence[Path] = ()) -> _Lexicon:
    """The packaged data/claims.toml overlaid by each user file in turn (lists extend, tables update)."""
    merged: dict[str, Any] = {}
    for table in load_toml("claims.toml", extra, what="claims lexicon"):
        _merge(merged, table)
    try:
        verbs = {form: base for base, forms in merged["reporting_verbs"].items() for form in forms}
        reporting = merged["reporting"]
        categories = {word: name for name, words in merged["categories"].items() for word in words}
        scopes = {word: name for name, words in merged["scopes"].items() for word in words}
        combined = tuple((pair[0], pair[1], name) for name, pair in merged["combined"].items())
        people_words = frozenset(merged["people_categories"]["people_words"])
        return _Lexicon(
            verbs=verbs,
            hedging_verbs=frozenset(reporting["hedging"]),
            particles=dict(reporting.get("particles", {})),
            need_complement=frozenset(reporting["need_complement"]),
            object_complement=frozenset(reporting.get("object_complement", [])),
            hedge_words=frozenset(merged["hedges"]["words"]),
            hedge_phrases=tuple(merged["hedges"]["phrases"]),
            speaker_keywords=tuple(
                (group["kind"], frozenset(group["words"])) for group in merged["speaker_keywords"]
            ),
            kind_words=_kind_words(merged["speaker_keywords"]),
            overriding_kinds=frozenset(
                group["kind"] for group in merged["speaker_keywords"] if group.get("anywhere", False)
            ),
            speaker_canonical=dict(merged["speaker_canonical"]),
            speaker_prefix=tuple(merged["speaker_prefix"].items()),
            generic_prefixes=frozenset(merged.get("generic_prefixes", {}).get("prefixes", [])),
            speaker_members=frozenset(merged["speaker_members"]["words"]),
            person_words=frozenset(merged["described_persons"]["words"]),
            gender_words={
                word: gender for gender, words in merged.get("speaker_gender", {}).items() for word in words
            },
            documents=frozenset(merged["speaking_documents"]["words"]),
            signed_documents=frozenset(merged["speaking_documents"].get("signed", [])),
            anonymity_phrases=tuple(merged.get("speaker_anonymity", {}).get("phrases", [])),
            head_phrases=dict(merged.get("speaker_head_phrases", {})),
            relaying_verbs=frozenset(reporting.get("relaying", [])),
            read_not_written=frozenset(reporting.get("read_not_written", [])),
            speaking_participles=frozenset(reporting.get("speaking_participles", [])),
            unreported_objects=frozenset(reporting.get("unreported_objects", [])),
            figure_verbs={
                form: base
                for base, verb in reporting.get("figure_verbs", {}).items()
                for form in verb["forms"]
            },
            figure_objects={
                base: frozenset(verb["objects"]) for base, verb in reporting.get("figure_verbs", {}).items()
            },
            nameless_tags=frozenset(merged.get("transcript_tags", {}).get("nameless", [])),
            status_passives=frozenset(reporting.get("status_passives", [])),
            categories=categories,
            irregular_forms={
                form: base for base, forms in merged.get("irregular_forms", {}).items() for form in forms
            },
            category_phrases=tuple(
                (tuple(phrase.lower().split()), name)
                for name, phrases in merged.get("category_phrases", {}).items()
                for phrase in phrases
            ),
            category_things={
                name: frozenset(words) for name, words in merged.get("category_things", {}).items()
            },
            people_categories=frozenset(merged["people_categories"]["categories"]),
            # the language layer's nouns of persons count too: a counted noun read from the parse
            # ("tens of thousands" of fighters) has no unit "people" to say so
            # and so do the armed people a deployment allows ("900 instructors were deployed")
            people_words=people_words
            | load_quantity_rules().people
            | frozenset(merged.get("category_things", {}).get("deployed", [])),
            people_proxies=frozenset(merged["people_categories"].get("proxies", [])),
            scope_country=dict(merged.get("scope_country", {})),
            thing_cancels=frozenset(merged.get("thing_cancels", {}).get("words", [])),
            category_units=dict(merged["category_units"]),
            combined=combined,
            partitive_pronouns=frozenset(merged["figure_references"]["partitive_pronouns"]),
            standing_heads=frozenset(merged["figure_references"]["standing_heads"]),
            presence_verbs=frozenset(merged["figure_references"]["presence_verbs"]),
            recruiting_verbs=frozenset(merged["figure_references"]["recruiting_verbs"]),
            strength_verbs=frozenset(merged["figure_references"]["strength_verbs"]),
            sending_verbs=frozenset(merged["figure_references"]["sending_verbs"]),
            front_words=frozenset(merged["figure_references"]["front_words"]),
            taking_verbs=frozenset(merged["figure_references"].get("taking_verbs", [])),
            taken_people=frozenset(merged["people_categories"].get("taken_people", [])),
            joining_verbs=frozenset(merged["figure_references"].get("joining_verbs", [])),
            joining_objects=frozenset(merged["figure_references"].get("joining_objects", [])),
            movement_verbs=frozenset(merged["figure_references"].get("movement_verbs", [])),
            formations=frozenset(merged["figure_references"]["formations"]),
            uncounted_things=frozenset(merged["figure_references"]["uncounted_things"]),
            including=frozenset(merged["figure_references"]["including"]),
            measure_nouns=frozenset(merged["figure_references"].get("measure_nouns", [])),
            harm_verbs=frozenset(merged["people_categories"].get("harm_verbs", [])),
            munitions=frozenset(merged.get("munitions", {}).get("words", [])),
            verb_only=frozenset(merged.get("verb_only", {}).get("words", [])),
            scopes=scopes,
            scope_order=tuple(merged["scopes"]),
            scope_canonical=dict(merged["scope_canonical"]),
        )
    except (KeyError, TypeError, IndexError) as err:
        raise ConfigError(
            f"claims lexicon: missing or malformed entry {err}: see newsledger/data/claims.toml"
        ) from err


def _merge(into: dict[str, Any], table: dict[str, Any]) -> None:
    for key, value in table.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        elif isinstance(value, list) and isinstance(into.get(key), list):
            into[key] = into[key] + value
        else:
            into[key] = value


@dataclass(slots=True)
class _Unit:
    """A sentence of the parse cut at paragraph breaks: the span a claim points at."""

    start: int
    end: int
    span: Span
    paragraph: int
    text_start: int = 0  # where the sentence proper starts, after a dateline ("VILNIUS, April 10 (Wire) - ")
    quoted: bool = False  # mostly quoted speech
    block: int | None = None  # the quotation block it belongs to


@dataclass(slots=True)
class _Attribution:
    speaker: Role | None
    kind: str
    verb: str | None
    hedged: bool
    # What a later pronoun needs to know: "he"/"she" point back to one person, not to "officials".
    personal: bool = False
    plural: bool = False
    gender: str | None = None
    head: str | None = None  # the noun that heads the speaker's phrase: "the official" points back to it
    negated: bool = False  # "has not confirmed": ranks after every other attribution of the sentence


@dataclass(slots=True)
class _Quotes:
    """Where the body is quoted speech: a per-character block number (-1 outside any quotation)."""

    block_of: list[int]

    def inside(self, start: int, end: int) -> bool:
        return start < end and all(self.block_of[i] >= 0 for i in range(start, end))


class ClaimExtractor:
    """Loads the lexicons once; `extract` turns one annotated article into its claims."""

    def __init__(self, extra_lexicon: Sequence[Path] = ()) -> None:
        self._lexicon = load_lexicon(extra_lexicon)

    def extract(self, article: Article, doc: Doc, mentions: Sequence[Mention]) -> list[Claim]:
        """The claims of one article, in body order. `doc` is the parse of `article.body` (up to spaCy's
        length limit) and `mentions` the language layer's mentions of that article."""
        if not article.body.startswith(doc.text):
            raise ValueError(f"article {article.id}: the Doc is not the parse of this article's body")
        return _ArticleClaims(self._lexicon, article, doc, mentions).run()


class _ArticleClaims:
    """The work for one article (a throwaway object: it keeps the article's state while reading it)."""

    def __init__(self, lexicon: _Lexicon, article: Article, doc: Doc, mentions: Sequence[Mention]) -> None:
        self.lex = lexicon
        self.article = article
        self.doc = doc
        self.body = doc.text
        self.entities = [m for m in mentions if m.kind in _ENTITY_KINDS and m.end <= len(self.body)]
        self.quantities = [m for m in mentions if m.kind == "quantity" and m.end <= len(self.body)]
        self.dates = [m for m in mentions if m.kind == "date" and m.time_start is not None]
        self.quotes = _find_quotes(self.body)
        self.units = self._units()
        self.speakers: list[tuple[int, int, _Attribution]] = []  # (offset, paragraph, attribution) so far
        self.block_attribution: dict[int, _Attribution] = {}
        self.known_kinds: dict[str, str] = {}  # canonical id → the kind its fuller description gave
        self.word_forms: dict[str, tuple[str, ...]] = {}  # word → base_forms(word), per article
        self.figures: list[tuple[int, int, str | None]] = []  # (offset, paragraph, category) so far
        self.quote_words = _quotation_sizes(self.body, self.quotes)
        self.named_anchors: set[int] = set()  # numbers of the sentence whose counted noun names them
        self.unit_words: dict[int, dict[int, str]] = {}  # unit start → _category_words(unit)
        # surname → a transcript tag's speaker ("HOLM:" after "(Erik Holm):")
        self.tag_names: dict[str, Role] = {}

    # -- sentences ------------------------------------------------------------------------------------

    def _units(self) -> list[_Unit]:
        paragraph_starts = [0] + [i + 1 for i, char in enumerate(self.body) if char == "\n"]
        units = []
        for sentence in self.doc.sents:
            offset = sentence.start_char
            for piece in sentence.text.split("\n"):
                start = offset + len(piece) - len(piece.lstrip())
                end = offset + len(piece.rstrip())
                offset += len(piece) + 1
                if end - start < 2 or not any(char.isalnum() for char in self.body[start:end]):
                    continue
                span = self.doc.char_span(start, end, alignment_mode="expand")
                if span is None or len(span) == 0:
                    continue
                unit = _Unit(start, end, span, bisect_right(paragraph_starts, start) - 1)
                dateline = _DATELINE.match(self.body, start, end)
                unit.text_start = dateline.end() if dateline else start
                letters = [i for i in range(start, end) if self.body[i].isalnum()]
                quoted = sum(1 for i in letters if self.quotes.block_of[i] >= 0)
                unit.quoted = quoted * 2 > len(letters)
                blocks = {self.quotes.block_of[i] for i in letters} - {-1}
                unit.block = min(blocks) if blocks else None
                units.append(unit)
        return units

    # -- the article ----------------------------------------------------------------------------------

    def run(self) -> list[Claim]:
        claims = []
        for unit in self.units:
            attribution = self._attribution(unit)
            numbers = self._quantities(unit)
            if attribution is None:
                hedged = self._hedged(unit)
                if not numbers and not (hedged and self._has_hedge_word(unit)):
                    continue
                attribution = _Attribution(None, "outlet", None, hedged)
            elif not attribution.hedged and self._hedged(unit):
                attribution = replace(attribution, hedged=True)
            claims.append(self._claim(unit, attribution, numbers))
        return claims

    def _claim(self, unit: _Unit, attribution: _Attribution, numbers: list[ClaimQuantity]) -> Claim:
        start, end = unit.start, unit.end
        as_of = self._as_of(unit)
        return Claim(
            id=hashlib.sha256(f"{self.article.id}:claim:{start}".encode()).hexdigest()[:16],
            article_id=self.article.id,
            speaker=attribution.speaker,
            speaker_kind=attribution.kind,
            verb=attribution.verb,
            hedged=attribution.hedged,
            quantities=tuple(numbers),
            as_of_start=as_of[0],
            as_of_end=as_of[1],
            evidence=Evidence(start, end, self.body[start:end]),
        )

    # -- attribution ----------------------------------------------------------------------------------

    def _attribution(self, unit: _Unit) -> _Attribution | None:
        """Who the sentence reports, from the words outside quotations; quoted speech takes its
        quotation's attribution."""
        own = self._own_attribution(unit)
        if own is None and not unit.quoted:
            own = self._transcript_speaker(unit)
        if (own is None or own.speaker is None) and not unit.quoted:
            own = self._answer_speaker(unit) or own
        result = own
        if unit.block is not None:
            if own is not None and own.speaker is not None:
                self.block_attribution.setdefault(unit.block, own)
            if unit.quoted:  # a scare-quoted word ("gone “missing”") makes no quotation of the sentence
                inherited = self._quotation_attribution(unit)
                if inherited is not None:
                    result = inherited
        if result is not None and result.speaker is not None:
            self.speakers.append((unit.start, unit.paragraph, result))
        return result

    def _transcript_speaker(self, unit: _Unit) -> _Attribution | None:
        """A transcript's speaker tag at the start of the paragraph speaks every sentence of it that names
        no speaker of its own: "KOWALCZYK: ...", "The Minister for the Armed Forces (James Heappey): ...",
        "James Heappey: ...". The tag is a short run of words without a verb before a colon, naming a
        person there or, by surname, earlier in the article, else a body tagged there ("Ukraine's 47th
        Brigade: ...") or a run of proper nouns ("Two Majors: ..."); "Q:", "HOST:" name nobody."""
        start = self.body.rfind("\n", 0, unit.start) + 1
        colon = self.body.find(":", start, min(start + 90, unit.end))
        if colon < 0 or self.body[colon + 1 : colon + 2].isdigit():  # "09:12" is a time stamp
            return None
        tag = self.doc.char_span(start, colon, alignment_mode="contract")
        if tag is None or not 0 < len(tag) <= 12 or any(t.pos_ in ("VERB", "AUX") for t in tag):
            return None
        # a place alone is a roundup's heading, not a speaker ("Tver: a court jailed ...")
        if any(
            m.kind == "place" and m.start <= tag.start_char and tag.end_char <= m.end for m in self.entities
        ):
            return None
        named = {t.lower_ for t in tag if t.is_title or t.is_upper}
        person = next(
            (m for m in self.entities if m.kind == "person" and start <= m.start and m.end <= colon), None
        ) or next(
            (
                m
                for m in self.entities
                if m.kind == "person" and m.end <= start and m.text.split()[-1].lower() in named
            ),
            None,
        )
        # a body named in the tag: a channel, a brigade, an agency ("Ukraine's 47th Brigade: crews ...")
        body = next(
            (
                m
                for m in self.entities
                if m.kind not in ("person", "place") and start <= m.start and m.end <= colon
            ),
            None,
        )
        bracketed = _BRACKETED_NAME.search(self.body, start, colon)
        role: Role | None
        if person is not None:
            role = Role(person.text, person.canonical)
        elif bracketed is not None:  # a name the language layer did not tag, in brackets after a title
            role = Role(bracketed.group(1), None)
            body = None
        elif body is not None:
            role = Role(body.text, body.canonical)
        else:  # a name tagged before, or a tag of proper nouns alone ("Two Majors:"; not "Q:" or
            # "HOST:", which name nobody)
            role = next((r for surname, r in self.tag_names.items() if surname in named), None)
            if role is None and _names_a_proper_noun(tag):
                role = Role(tag.text, None)
            if role is None:
                role = self._answering_tag(tag, start)
            if role is None:
                return None
        self.tag_names[role.text.split()[-1].lower()] = role
        head = next((t.lower_ for t in tag if t.pos_ not in ("DET", "PUNCT")), "")
        kind = self._kind_of(role.canonical, head, [t.lower_ for t in tag])
        attribution = _Attribution(role, kind, None, False)
        attribution.personal = person is not None or body is None
        return attribution

    def _answering_tag(self, tag: Span, start: int) -> Role | None:
        """A tag in capitals that answers a question ("Q: How were you captured?" then "IVAN: We went
        out ...") names the one who answers, unless it is a role that names nobody ("HOST:"): the name as
        the article wrote it before ("his first name, Ivan"), which the language layer may have tagged as
        anything (first names are often places in the gazetteer), else the tag in title case."""
        words = [t for t in tag if not t.is_punct]
        if not words or not all(t.is_upper and t.is_alpha and len(t) > 1 for t in words):
            return None
        if any(t.lower_ in self.lex.nameless_tags for t in words):
            return None
        previous_end = start - 1  # the newline that ends the paragraph before
        question = self.body[self.body.rfind("\n", 0, max(previous_end, 0)) + 1 : max(previous_end, 0)]
        if not question.rstrip().endswith("?"):
            return None
        name = " ".join(t.text.title() for t in words)
        written = re.search(rf"\b{re.escape(name)}\b", self.body[:start])
        return Role(written.group(0) if written is not None else name, None)

    def _answer_speaker(self, unit: _Unit) -> _Attribution | None:
        """An answer in a question-and-answer readout ("Q: ... A: Our assessment is ...", and the sentences
        after it until the next "Q:") is the answer of the one who holds the briefing: the latest speaker."""
        start = self.body.rfind("\n", 0, unit.start) + 1
        before = self.body[start : unit.start + 2]
        answer, question = before.rfind("A:"), before.rfind("Q:")
        if answer < 0 or answer < question:
            return None
        if answer > 0 and not self.body[start + answer - 1].isspace():
            return None  # "USA:" or "NATO:" is no answer tag
        if not self.speakers:
            return self._interviewee()
        said = self.speakers[-1][2]
        return _Attribution(said.speaker, said.kind, None, False) if said.speaker is not None else None

    def _interviewee(self) -> _Attribution | None:
        """The first answer of an interview that nobody has spoken before is the one the opening paragraph
        introduces ("X runs a volunteer group ... We spoke to him by video link. Q: ... A: ...")."""
        opening = len(self.body.partition("\n")[0])
        person = next((m for m in self.entities if m.kind == "person" and m.end <= opening), None)
        if person is None:
            return None
        kind = self._kind_of(person.canonical, "", [])
        attribution = _Attribution(Role(person.text, person.canonical), kind, None, False)
        attribution.personal = True
        return attribution

    def _quotation_attribution(self, unit: _Unit) -> _Attribution | None:
        block = unit.block
        assert block is not None
        if block in self.block_attribution:
            return self.block_attribution[block]
        # A transcript's tag before the quotation speaks it ('Spokesman Oleksandr Kuzma: "In the south ..."').
        tagged = self._transcript_speaker(unit)
        if tagged is not None and tagged.speaker is not None:
            self.block_attribution[block] = tagged
            return tagged
        # The attribution may follow the quotation in a later sentence of the same block ('"...," he said.').
        for later in self.units:
            if later.block == block and later.start > unit.start:
                found = self._own_attribution(later)
                if found is not None and found.speaker is not None:
                    self.block_attribution[block] = found
                    return found
        # An unattributed quotation continues the speaker just before it, in this or the previous paragraph.
        if self.speakers and self.speakers[-1][1] >= unit.paragraph - 1:
            previous = self.speakers[-1][2]
            self.block_attribution[block] = previous
            return previous
        return _Attribution(None, "anonymous", None, False)  # quoted, but nobody says who speaks

    def _own_attribution(self, unit: _Unit) -> _Attribution | None:
        candidates: list[tuple[int, int, _Attribution]] = []
        for token in unit.span:
            if self._in_quote(token):
                continue
            lower = token.lower_
            if lower == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
                found = self._according_to(self.doc[token.i + 1], unit)
                if found is not None:
                    candidates.append((_depth(token), 1, found))
            elif (lower in self.lex.verbs or lower in self.lex.figure_verbs) and _acts_as_verb(token):
                found = self._reporting_verb(token, unit)
                if found is not None:
                    candidates.append((_depth(token), 0, found))
            elif token.pos_ == "VERB" and (found := self._own_document(token, unit)) is not None:
                candidates.append((_depth(token), 0, found))
            elif (
                lower == "by"
                and token.dep_ == "prep"
                and (found := self._by_estimate(token, unit)) is not None
            ):
                candidates.append((_depth(token), 1, found))
        if not candidates:
            return None
        # an outlet that relays a speaker named inside the sentence passes the claim on ("The governor
        # said 1,700 men had signed up, the local site reported" is the governor's)
        relayed = [
            c
            for c in candidates
            if c[2].speaker is not None and self.lex.verbs.get(c[2].verb or "") not in self.lex.relaying_verbs
        ]
        if relayed and len(relayed) < len(candidates):
            candidates = relayed
        # nearest the root, but a reporting verb under a negation says who did not say it ("The Kremlin
        # has not confirmed that figure, but a blogger put ..."); of two as near, a named source before
        # an unnamed passive ("..., according to the same officials, and 9,000 of them are believed to
        # have died")
        return min(candidates, key=lambda c: (c[2].negated, c[0], c[2].speaker is None, c[1]))[2]

    def _by_estimate(self, by: Token, unit: _Unit) -> _Attribution | None:
        """ "By the Pentagon's latest estimate, ..." is the Pentagon's, like "according to" (only a document
        with its author: "by the report" alone names nobody)."""
        document = next((c for c in by.children if c.dep_ == "pobj"), None)
        if (
            document is None
            or document.lower_ not in self.lex.documents
            or self._author_of(document) is document
        ):
            return None
        return self._according_to(by, unit)

    def _own_document(self, verb: Token, unit: _Unit) -> _Attribution | None:
        """A body that puts out its own figures speaks through them, whatever the verb: "Ukraine's General
        Staff has published its daily tally", "the general staff gave its own count of Russian losses".
        Only a document that the subject owns ("its", "their") counts: "analysts read the report" is no
        report of the analysts'."""
        document = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if document is None or not self._is_listed(document.lower_, self.lex.documents):
            return None
        if not any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in document.children):
            return None
        subject = _subject(verb)
        if subject is None or _is_passive(verb) or not unit.text_start <= subject.idx < unit.end:
            return None
        speaker, kind = self._speaker(subject, unit)
        if speaker is None:
            return None
        return self._with_traits(_Attribution(speaker, kind, verb.text, False), subject)

    def _according_to(self, to: Token, unit: _Unit) -> _Attribution | None:
        objects = [child for child in to.children if child.dep_ == "pobj"]
        if not objects:
            return None
        source = self._author_of(objects[0])
        speaker, kind = self._speaker(source, unit)
        if speaker is None:
            return None
        hedged = source.lower_ in ("reports", "sources")  # unnamed plural sources
        return self._with_traits(_Attribution(speaker, kind, "according to", hedged), source)

    def _reporting_verb(self, verb: Token, unit: _Unit) -> _Attribution | None:
        base = self.lex.verbs.get(verb.lower_) or self.lex.figure_verbs[verb.lower_]
        particle = self.lex.particles.get(base)
        if particle is not None and not any(c.dep_ == "prt" and c.lower_ == particle for c in verb.children):
            return None
        if base in self.lex.need_complement and not self._has_complement(verb, base, unit):
            return None
        objects = [child for child in verb.children if child.dep_ == "dobj"]
        if any(child.lower_ in self.lex.unreported_objects for child in objects):
            return None  # "the paper says goodbye to four more men": a farewell, not a report
        figure_objects = self.lex.figure_objects.get(base)
        if figure_objects is not None and not any(
            child.lower_ in figure_objects and _has_at_phrase(verb, child) for child in objects
        ):
            return None  # "had the figure at 700" reports; "had 300 men at the front" does not
        hedged = base in self.lex.hedging_verbs
        subject = (
            self._stranded_subject(unit, verb)
            # before a joined verb's shared subject: "..., wrote the paper" is the paper's
            or _inverted_subject(verb)
            or _subject(verb)
            or _participle_subject(verb)
        )
        if subject is not None and subject.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            subject = verb.head  # "President Zelensky, who said in March that ..."
        passive_subject = subject is not None and (
            (subject.dep_ == "nsubjpass" and subject.head.i == verb.i)
            or (subject.lower_ == "it" and _is_passive(verb))
        )
        if passive_subject:
            agent = _agent(verb)
            if agent is None and subject is not None and subject.lower_ in _AUDIENCE_PRONOUNS:
                return None  # "what we are told": the audience, not an unnamed source's claim
            if agent is None and base in self.lex.status_passives:
                return None  # "two men are still listed as missing": their status, the outlet's statement
            if agent is None:
                return _Attribution(None, "anonymous", verb.lower_, True)
            subject = agent
        elif _is_passive(verb):
            return None
        if (subject is None and verb.dep_ in ("ROOT", "parataxis")) or (
            subject is not None and not unit.text_start <= subject.idx < unit.end
        ):
            # No subject, or one in the previous paragraph or the dateline (the parse ran across the break):
            # the noun that opens the sentence proper speaks ("A farmer who spoke to ... says"), else the
            # name just before the verb (a subject the parse hung elsewhere: "In an interview with a
            # newspaper, one of its authors, Thomas Hale, said ...").
            subject = _opening_noun(unit, verb) or self._name_before(unit, verb)
        if subject is None:
            return None
        subject = self._author_of(subject)
        # "the paper" after "the newspaper X" is X, not a document (the speaker step finds X)
        outlet_before = any(
            said.head is not None
            and said.head != subject.lower_
            and said.head.endswith(subject.lower_)
            and said.speaker is not None
            and (said.speaker.canonical is not None or _NAMED.search(said.speaker.text) is not None)
            for _position, _paragraph, said in self.speakers
        )
        earlier = None if outlet_before else self._author_named_before(subject, unit)
        if earlier is not None:
            return _Attribution(earlier.speaker, earlier.kind, verb.lower_, hedged or earlier.hedged)
        speaker, kind = self._speaker(subject, unit)
        if speaker is None:
            return None
        kind = self._kind_from_participles(verb) or kind
        negated = any(c.dep_ == "neg" for c in verb.children)
        return self._with_traits(_Attribution(speaker, kind, verb.lower_, hedged, negated=negated), subject)

    def _kind_from_participles(self, verb: Token) -> str | None:
        """A deciding keyword in a participle clause of the verb describes its speaker: "Two officials,
        speaking on condition of anonymity, said ..." are anonymous."""
        for child in verb.children:
            # (a clause of speaking only: "Drawing on evidence from open sources, the committee puts" names
            # where its figures come from, not an unnamed speaker)
            if (
                child.dep_ == "advcl"
                and child.tag_ in ("VBG", "VBN")
                and child.i < verb.i
                and child.lower_ in self.lex.speaking_participles
            ):
                words = {token.lower_ for token in child.subtree}
                for kind, keywords in self.lex.speaker_keywords:
                    if kind in self.lex.overriding_kinds and words & keywords:
                        return kind
        return None

    def _author_named_before(self, subject: Token, unit: _Unit) -> _Attribution | None:
        """A document named without its author ("the statement read", "the update said") is the one that
        was issued in this or the previous paragraph ("The district put out a statement ..."), else the
        previous speaker's, when that one spoke in this or the previous paragraph."""
        if subject.lower_ not in self.lex.documents:
            return None
        if not any(
            child.dep_ == "det" and child.lower_ in ("the", "this", "that") for child in subject.children
        ):
            return None
        if any(child.dep_ in ("prep", "poss", "compound", "amod", "acl") for child in subject.children):
            return None  # "the UN report", "the monitoring mission's statement": a document of its own
        for earlier in reversed(self.units):
            if earlier.start >= unit.start or earlier.paragraph < unit.paragraph - 1:
                continue
            for token in earlier.span:
                if token.lower_ == subject.lower_ and token.dep_ == "dobj" and not self._in_quote(token):
                    issuer = _subject(token.head)
                    if issuer is not None:
                        speaker, kind = self._speaker(issuer, earlier)
                        if speaker is not None:
                            return self._with_traits(_Attribution(speaker, kind, None, False), issuer)
        if not self.speakers:
            return None
        _position, paragraph, said = self.speakers[-1]
        return said if paragraph >= unit.paragraph - 1 else None

    def _with_traits(self, attribution: _Attribution, head: Token) -> _Attribution:
        """Number, gender and personhood of the speaker named by `head` (a pronoun passes on its own)."""
        lower = head.lower_
        attribution.head = lower if head.pos_ == "NOUN" else _descriptor(head)
        attribution.plural = head.tag_ in ("NNS", "NNPS") or lower in ("they", "we")
        attribution.gender = self.lex.gender_words.get(lower)
        canonical = attribution.speaker.canonical if attribution.speaker is not None else None
        attribution.personal = not attribution.plural and (
            lower in ("he", "she")
            or lower in self.lex.person_words
            or (canonical or "").startswith("person:")
            # a surname of someone named before, whatever the language layer tagged the full name as
            or (head.pos_ == "PROPN" and canonical is not None and canonical == self._surname(head))
        )
        return attribution

    def _stranded_subject(self, unit: _Unit, verb: Token) -> Token | None:
        """The speaker of a trailing attribution that the parse cut off from its verb and hung as an
        apposition of the noun before it, the verb itself being joined to the main verb ("Two people died
        ... in Orikhiv, the regional governor, Yuriy Malashko, wrote on Telegram", "... Krasna Hora, a
        Ukrainian officer told the Kyiv Post"): the phrase between the last comma and the verb."""
        if verb.dep_ != "conj" or any(child.dep_ in _SUBJECTS for child in verb.children):
            return None
        index = verb.i - 1
        while index >= unit.span.start and self.doc[index].text == ",":
            index -= 1
        if index < unit.span.start or self.doc[index].idx < unit.text_start:
            return None
        token = self.doc[index]
        if token.pos_ not in ("NOUN", "PROPN") or token.dep_ != "appos" or self._in_quote(token):
            return None
        before = token.left_edge.i - 1
        return token if before >= unit.span.start and self.doc[before].text == "," else None

    def _name_before(self, unit: _Unit, verb: Token) -> Token | None:
        """The proper name right before a verb, past commas, outside quotations; a name inside a
        prepositional phrase gives the noun it describes ("a senior officer in the Southern Military
        District insisted"). A common noun counts only right before the verb, and then as the first of
        the nouns joined to it ("..., the wives and mothers say:", the parse having hung them on a name
        before)."""
        index = verb.i - 1
        while index >= unit.span.start and self.doc[index].is_punct and self.doc[index].text != '"':
            index -= 1
        if index < unit.span.start or self.doc[index].idx < unit.text_start:
            return None
        token = self.doc[index]
        if self._in_quote(token):
            return None
        if token.pos_ == "NOUN" and index == verb.i - 1:
            while token.dep_ == "conj" and token.head.pos_ == "NOUN" and token.head.i < token.i:
                token = token.head
            return token
        if token.pos_ != "PROPN":
            return None
        while token.dep_ == "compound" and token.head.i > token.i and token.head.i < verb.i:
            token = token.head
        while (
            token.dep_ == "pobj"
            and token.head.dep_ == "prep"
            and token.head.head.pos_ in ("NOUN", "PROPN")
            and token.head.head.i < token.i
        ):
            token = token.head.head
        return token

    def _author_of(self, subject: Token) -> Token:
        """A document that speaks for its author: "A report by the Conflict Intelligence Team found ...",
        "the ministry's weekly summary stated", "according to data compiled by the group ..."."""
        if subject.lower_ not in self.lex.documents:
            return subject
        for child in subject.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                for author in child.children:
                    if author.dep_ == "pobj":
                        return author
            if child.dep_ == "poss" and (
                child.pos_ in ("NOUN", "PROPN") or child.lower_ in _POSSESSIVE_PRONOUNS
            ):
                return child
            # "data compiled by ...", "figures released by" (not "records reviewed by the site X": X read
            # them, the courts wrote them)
            if child.dep_ == "acl" and child.tag_ == "VBN" and child.lower_ not in self.lex.read_not_written:
                agent = _agent(child)
                if agent is not None:
                    return agent
            if child.dep_ == "relcl" and not any(c.tag_ in ("WDT", "WP") for c in child.children):
                # a clause without "which": "the draft the finance ministry sent to the Duma" (not
                # "figures, which ISW cites", whose subject quotes the document but did not write it)
                writer = next((c for c in child.children if c.dep_ == "nsubj"), None)
                if writer is not None and writer.pos_ in ("NOUN", "PROPN"):
                    return writer
        return subject

    def _has_complement(self, verb: Token, base: str, unit: _Unit) -> bool:
        for child in verb.children:
            if child.dep_ in ("ccomp", "xcomp", "parataxis"):
                return True
            if child.dep_ == "dobj" and base in self.lex.object_complement:
                return True  # "Moscow denied the report", "the ministry confirmed the exchange"
            if child.dep_ == "prep" and child.lower_ in ("at", "as"):
                return True
            if child.dep_ == "prt" and child.lower_ == "on":
                return True
        if any(verb.idx < m.start < unit.end for m in self.quantities):
            return True  # "puts Russian deaths since February as high as 50,000"
        after = self.body[verb.idx : unit.end]
        if ":" in after:
            return True  # "American officials put the figure differently: ..."
        # "Another adds: “...”"
        return verb.dep_ in ("ROOT", "conj") and any(self.quotes.block_of[t.idx] >= 0 for t in unit.span)

    def _speaker(self, head: Token, unit: _Unit) -> tuple[Role | None, str]:
        """The speaker named by the phrase headed by `head`: a Role and its kind."""
        if head.pos_ == "PRON" and (head.lower_ in _PRONOUNS or head.lower_ in _POSSESSIVE_PRONOUNS):
            return self._antecedent(head)
        if head.pos_ == "PRON" and head.lower_ in ("we", "i"):
            first_person = self._first_person(head)
            if first_person is not None:
                return first_person
        if head.pos_ in ("PRON", "DET") and head.lower_ not in ("one", "another", "some", "others"):
            return None, "anonymous"
        earlier = self._described_before(head) or self._one_of_documents(head)
        if earlier is not None:
            return earlier
        start, end = _phrase(head, unit)
        text = self.body[start:end]
        body = self._body_of_members(head) or self._document_authors(head)
        if body is not None:
            return Role(text, body[0].canonical), body[1]
        read = self.lex.read_not_written  # "records reviewed by the site": the site only read them
        # a letter or petition is its signers', whoever printed it ("The letter, published by the local
        # site X, reads": not the site's words)
        signed = head.lower_ in self.lex.signed_documents
        words = [
            t.lower_
            for t in head.subtree
            if not any(
                a.dep_ in ("conj", "cc") or (a.dep_ == "acl" and (signed or a.lower_ in read))
                for a in _up_to(t, head)
            )
            and not _in_hyphenated_word(t)
        ]
        canonical = None
        covering = self._entity_at(head.idx)
        if covering is not None:
            canonical = covering.canonical
        else:
            inside = [m for m in self.entities if start <= m.start and m.end <= end]
            if head.lower_ in self.lex.speaker_members:
                members = [m for m in inside if m.kind != "place"]
                if members:
                    canonical = members[-1].canonical
            named = self._name_in_apposition(head, end)
            if named is not None:
                text, canonical = named.text, named.canonical
            if canonical is None and head.pos_ == "PROPN":
                canonical = self._surname(head)
        # a name takes the kind of the common noun of its title ("Defence lawyer Marina Gusova" is a
        # lawyer, whatever "defence" says elsewhere)
        title = head
        if head.pos_ == "PROPN":
            title = next(
                (t for t in reversed(list(head.lefts)) if t.dep_ == "compound" and t.pos_ == "NOUN"), head
            )
        if title.lower_ in self.lex.kind_words.get("person", frozenset()):
            # a relation says how the speaker is tied to someone, a role in apposition what he is: "My
            # friend Oleh, a platoon commander," speaks as a commander
            title = next(
                (t for t in head.subtree if t.i > head.i and t.dep_ == "appos" and t.pos_ == "NOUN"), title
            )
        kind = self._kind_of(canonical, title.lower_, words)
        if canonical is None and head.lower_ in self.lex.person_words | _UNNAMED_PEOPLE:
            described = " ".join(words)  # "a former officer, who asked not to be named", "a person close to"
            if any(phrase in described for phrase in self.lex.anonymity_phrases):
                kind = "anonymous"
        return Role(text, canonical), kind

    def _body_of_members(self, head: Token) -> tuple[Role, str] | None:
        """People of a body named by a possessive pronoun ("Its lawyers argue", "Their spokesman said")
        speak for the body that spoke last, in this or the previous paragraph: its id and its kind (a
        rights group's researchers are the group, not independent experts)."""
        if head.pos_ != "NOUN" or not any(
            c.dep_ == "poss" and c.lower_ in ("its", "their") for c in head.children
        ):
            return None
        # (a spokesman or an official of a government stays an official: the kind step decides those)
        if (
            not set(self._forms(head.lower_)) & _BODY_PEOPLE
            or self._name_in_apposition(head, head.idx) is not None
        ):
            return None
        paragraph = self.body.count("\n", 0, head.idx)
        for _position, said_paragraph, said in reversed(self.speakers):
            if said_paragraph < paragraph - 1:
                break
            if said.speaker is None or said.kind in ("person", "anonymous"):
                continue
            # the language layer tags some groups as people ("Memorial"); their kind still tells
            if not said.personal or said.kind in ("ngo", "media", "expert"):
                return said.speaker, said.kind
        return None

    def _document_authors(self, head: Token) -> tuple[Role, str] | None:
        """The authors or researchers of a document ("The report's authors estimate") are the body that
        wrote it, named with the document before ("according to a report by the X Institute"): its id and
        kind, not the kind the word "report" gives a phrase (media)."""
        if head.pos_ != "NOUN" or not set(self._forms(head.lower_)) & _BODY_PEOPLE:
            return None
        document = next(
            (c for c in head.children if c.dep_ == "poss" and c.lower_ in self.lex.documents), None
        )
        if document is None:
            return None
        paragraph = self.body.count("\n", 0, head.idx)
        for unit in reversed(self.units):
            if unit.start >= head.idx or unit.paragraph < paragraph - 2:
                continue
            for token in reversed(unit.span):
                if token.i >= document.i or token.lower_ != document.lower_ or self._in_quote(token):
                    continue
                author = self._author_of(token)
                if author is not token:
                    role, kind = self._speaker(author, unit)
                    if role is not None:
                        return role, kind
        return None

    def _described_before(self, head: Token) -> tuple[Role, str] | None:
        """ "The official", "the group", "the outlet" alone: the speaker described with that noun before, in
        this or the two paragraphs before ("A senior Western official said ... 'It is not yet a rout,' the
        official said")."""
        # a clause set off by commas after a subject adds nothing that names it ("The channel, which is
        # close to the ministry, wrote"; "The paper, citing regional officials, said")
        clauses = ("punct", "relcl", "acl") if head.dep_ == "nsubj" else ()
        own = [(c.dep_, c.lower_) for c in head.children if c.dep_ not in clauses]
        if head.pos_ != "NOUN" or own != [("det", "the")]:
            return None
        paragraph = self.body.count("\n", 0, head.idx)
        # A named body that noun described may be further back: a roundup names "the newspaper X" and
        # "the channel Y" once and goes on with "the channel wrote" paragraphs later (people, documents
        # and unnamed things come and go within a story, so "the farmer", "the appeal" look only two
        # paragraphs back). The longer noun counts too ("the paper" after "the newspaper X").
        far = head.lower_ not in self.lex.person_words and head.lower_ not in self.lex.documents
        for _position, said_paragraph, said in reversed(self.speakers):
            if said.speaker is None or said.plural or said.head is None:
                continue
            # "the paper" is also a document, but after "the newspaper X" it is X, however far back
            longer = said.head != head.lower_ and said.head.endswith(head.lower_)
            if said_paragraph < paragraph - 2 and not far and not longer:
                continue
            if said_paragraph < paragraph - 2 and not (
                said.speaker.canonical is not None or _NAMED.search(said.speaker.text)
            ):
                continue
            if said.head != head.lower_ and not said.head.endswith(head.lower_):
                continue
            if said.speaker.text.lower() != f"the {head.lower_}":
                return said.speaker, said.kind
        # Not a speaker before: the same noun with more to it ("The Telegram channel of the monitoring
        # group Mobilisation News said ... The group said ..."), also as the last word of a name ("The
        # Defence Committee's report ... the committee puts").
        for unit in reversed(self.units):
            if unit.start >= head.idx or unit.paragraph < paragraph - 2:
                continue
            for token in reversed(unit.span):
                if (
                    token.i < head.i
                    and token.lower_ == head.lower_
                    and token.pos_ in ("NOUN", "PROPN")
                    and [(c.dep_, c.lower_) for c in token.children] != [("det", "the")]
                    and not self._in_quote(token)
                ):
                    role, kind = self._speaker(token, unit)
                    if role is not None:
                        # the name as the owner of a document: "The Defence Committee's" is the committee
                        text = re.sub(r"['’]s$", "", role.text)
                        return Role(text, role.canonical), kind
        return None

    def _one_of_documents(self, head: Token) -> tuple[Role, str] | None:
        """One of a set of documents that spoke before ("Internal documents of the district ... show ...
        One memo, dated 14 April, says"; "A second memo says") speaks for the set's author, when it names
        no author of its own and the set spoke in this or the two paragraphs before, or anywhere before
        with its author named."""
        if (
            head.pos_ != "NOUN"
            or head.tag_ != "NN"
            or head.lower_ not in self.lex.documents
            or self._author_of(head) is not head
            or any(
                c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "another") for c in head.children
            )
        ):
            return None
        paragraph = self.body.count("\n", 0, head.idx)
        for _position, said_paragraph, said in reversed(self.speakers):
            if said.speaker is None or not said.plural or said.head not in self.lex.documents:
                continue
            if said_paragraph >= paragraph - 2 or _NAMED.search(said.speaker.text):
                return said.speaker, said.kind
        return None

    def _name_in_apposition(self, head: Token, phrase_end: int) -> Mention | None:
        """The name in apposition to a described speaker: "A spokesman for ..., Serhiy Cherevatyi,";
        where the parse hangs the name on a word of the phrase instead ("A Russian officer captured near
        Kreminna, Andrei Volkov, 34, told"), the person named right after the phrase's comma."""
        # the model tags some people ORG ("Anatoly Bibilov")
        kinds = ("person", "org", "outlet", "agency", "group")
        for child in head.children:
            if child.dep_ == "appos":
                named = self._entity_at(child.idx)
                if named is not None and named.kind in kinds:
                    return named
        if head.lower_ not in self.lex.person_words:
            return None
        # a name closing a relative clause: "The commander, who gave only his first name, Vadym, says"
        for child in head.children:
            last = child.right_edge
            if child.dep_ == "relcl" and last.dep_ == "appos" and last.pos_ == "PROPN":
                named = self._entity_at(last.idx)
                if named is not None and named.kind == "person":
                    return named
        after = _AFTER_COMMA.match(self.body, phrase_end)
        if after is None:
            return None
        named = self._entity_at(after.end())
        if named is not None and named.start == after.end() and named.kind in ("person", "org"):
            return named
        return None

    def _antecedent(self, pronoun: Token) -> tuple[Role | None, str]:
        """He/she: the latest person named or quoted before (one of the pronoun's gender where the words
        tell it: "she" is not "a spokesman"); it: the latest organisation, body or place named (not a place
        named as a location: "fighting in the Luhansk region. It said ..." is the ministry's); they: the
        previous speaker when it spoke in this or the previous paragraph."""
        lower = _POSSESSIVE_PRONOUNS.get(pronoun.lower_, pronoun.lower_)
        paragraph = self.body.count("\n", 0, pronoun.idx)
        if lower == "they" and self.speakers and self.speakers[-1][1] >= paragraph - 1:
            return self.speakers[-1][2].speaker, self.speakers[-1][2].kind
        wanted = _ANTECEDENT_KINDS[lower]
        personal_wanted = wanted == ("person",)
        gender = self.lex.gender_words.get(lower)
        # (position, role, kind, gender of the words naming it)
        options: list[tuple[int, Role, str, str | None]] = []
        for position, _paragraph, said in reversed(self.speakers):
            speaker = said.speaker
            if speaker is None:
                continue
            personal = said.personal or (
                speaker.canonical is None
                and not said.plural
                and said.kind not in ("media", "government", "ngo", "expert")
            )
            if personal == personal_wanted:
                options.append((position, speaker, said.kind, said.gender))
                if said.gender in (None, gender):
                    break
        # A name of unknown gender right before a "she" may be someone she talks about: look one name
        # further back, in this or the previous paragraph, for one the words make hers ("Iryna Bondar
        # keeps her son's boots ... Dmytro, 24, has not been heard from ... '...,' she says").
        passed_unknown = False
        hers: tuple[int, Role, str, str | None] | None = None  # the name further back the words make hers
        for mention in reversed(self.entities):
            if (
                mention.end <= pronoun.idx
                and mention.kind in wanted
                and not self.quotes.inside(mention.start, mention.end)
                and not (mention.kind == "place" and self._named_as_location(mention))
                and not self._possessor(mention)
            ):
                role = Role(mention.text, mention.canonical)
                words = [w.lower() for w in _WORD.findall(mention.text)]
                named_gender = self._gender_named_before(mention) or self._gender_in_own_clause(mention)
                options.append(
                    (mention.start, role, self._kind_of(mention.canonical, "", words), named_gender)
                )
                if named_gender == gender:
                    if passed_unknown and self.body.count("\n", 0, mention.start) >= paragraph - 1:
                        hers = options[-1]
                    break
                if named_gender is None:
                    if (
                        gender is None
                        or passed_unknown
                        or self.body.count("\n", 0, mention.start) < paragraph - 1
                        or self._has_spoken(mention.canonical)
                    ):
                        break
                    passed_unknown = True
                # else go on: "her son Kirill ... she says" is not Kirill
        if personal_wanted:
            options.extend(self._described_persons_before(pronoun))
        if not options:
            if self.speakers:
                return self.speakers[-1][2].speaker, self.speakers[-1][2].kind
            return None, "anonymous"
        # Words of the other gender rule a candidate out unless nothing else is left.
        fitting = [option for option in options if option[3] in (None, gender)] or options
        if hers is not None:
            return hers[1], hers[2]
        _position, role, kind, _gender = max(fitting, key=lambda option: option[0])
        return role, kind

    def _gender_named_before(self, mention: Mention) -> str | None:
        """The gender the noun right before a name tells ("her son Kirill", "his wife, Anna"), else None."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or span.start == 0:
            return None
        before = self.doc[span.start - 1]
        if before.is_punct and before.text == "," and span.start >= 2:
            before = self.doc[span.start - 2]
        return self.lex.gender_words.get(before.lower_) if before.pos_ == "NOUN" else None

    def _has_spoken(self, canonical: str | None) -> bool:
        return any(
            said.speaker is not None and said.speaker.canonical == canonical for _, _, said in self.speakers
        )

    def _gender_in_own_clause(self, mention: Mention) -> str | None:
        """The gender a subject's own clause gives it by a possessive or object pronoun outside quotations
        ("Iryna Bondar keeps her son's boots"), when the clause has pronouns of one gender only."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or len(span) == 0 or span.root.dep_ not in _SUBJECTS:
            return None
        subject = span.root
        told = {
            self.lex.gender_words.get(_PRONOUN_GENDER_FORMS.get(t.lower_, ""))
            for t in subject.head.subtree
            if t.lower_ in _PRONOUN_GENDER_FORMS
            and not (subject.left_edge.i <= t.i <= subject.right_edge.i)
            and not self._in_quote(t)
        }
        return next(iter(told)) if len(told) == 1 else None

    def _possessor(self, mention: Mention) -> bool:
        """The entity only owns the noun that is named ("Ukraine's air force said ... It reported" is the
        air force's), unless that noun is a document, which speaks for its author ("The General Staff's
        figure is higher: it puts ..."), or a person owns a person ("Natalia Ivanova's son was mobilised
        ... she says": both are people of the story)."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or len(span) == 0 or span.root.dep_ != "poss":
            return False
        owned = span.root.head.lower_
        if mention.kind == "person" and owned in self.lex.person_words:
            return False
        return owned not in self.lex.documents and f"{owned}s" not in self.lex.documents  # figure(s)

    def _named_as_location(self, mention: Mention) -> bool:
        """The place is where something happens ("near the town of Kreminna in the Luhansk region"), not
        a country or capital that acts."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        token = span.root
        for _ in range(4):
            if token.dep_ in ("compound", "appos") and token.head.i != token.i:
                token = token.head
            elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.i != token.head.i:
                token = token.head.head  # "the town of Kreminna"
            else:
                break
        return _locative(token)

    def _described_persons_before(self, pronoun: Token) -> list[tuple[int, Role, str, str | None]]:
        """Subjects before `pronoun`, in its paragraph or the one before, that describe a person without
        naming one ("A deputy commander of the brigade ... described the assault. '...,' he said"), with the
        name in apposition where there is one ("The regional ombudsman, Tatyana Belova, says"): the latest,
        and the latest of the pronoun's gender if that is another."""
        paragraph = self.body.count("\n", 0, pronoun.idx)
        gender = self.lex.gender_words.get(_POSSESSIVE_PRONOUNS.get(pronoun.lower_, pronoun.lower_))
        found: list[tuple[int, Role, str, str | None]] = []
        for unit in reversed(self.units):
            if unit.start >= pronoun.idx:
                continue
            if unit.paragraph < paragraph - 1:
                break
            for token in reversed(unit.span):
                if (
                    token.idx < pronoun.idx
                    and token.dep_ in ("nsubj", "nsubjpass")
                    and token.pos_ == "NOUN"
                    and token.lower_ in self.lex.person_words
                    and not self.quotes.inside(token.idx, token.idx + len(token.text))
                ):
                    role, kind = self._speaker(token, unit)
                    if role is None:
                        continue
                    token_gender = self.lex.gender_words.get(token.lower_)
                    found.append((token.idx, role, kind, token_gender))
                    if token_gender in (None, gender):
                        return found
        return found

    def _surname(self, head: Token) -> str | None:
        """A proper noun the language layer did not tag: the person named earlier with that last name
        (also one it took for an organisation: "Major Taras Hnatiuk" tagged ORG, then "Hnatiuk said")."""
        for mention in self.entities:
            if (
                mention.kind in ("person", "org")
                and mention.start < head.idx
                and mention.text.split()[-1] == head.text
            ):
                return mention.canonical
        return None

    def _kind_of(self, canonical: str | None, head: str, words: Iterable[str]) -> str:
        """In order: the entity's own kind (exact id); a keyword group that decides anywhere in the phrase
        ("officials, speaking on condition of anonymity" are anonymous); for a member noun ("the navy's
        spokesman", "the head of the mothers' committee") the kind of the body it speaks for; a keyword
        that is the phrase's head ("the wife of one of the soldiers" is a person); the kind of a specific
        entity (outlets, agencies, armed groups, places); a keyword anywhere in the phrase; the kind this
        entity got earlier in the article ("Colonel General Andriy Kovalchuk ... said Kovalchuk"); a
        person's or organisation's generic kind."""
        # "analysts", "economists" find the keyword "analyst", "economist": lists name a word once.
        word_set = {form for word in words for form in self._forms(word)}
        head_forms = set(self._forms(head)) if head else set()
        if canonical is not None and canonical in self.lex.speaker_canonical:
            kind = self.lex.speaker_canonical[canonical]
            # a government body's spokesman or official is an official ("a White House spokesman"); a
            # military body's stays military ("a General Staff spokesman"); its head is the body
            # (a person's own id keeps the kind listed for that person)
            member = head in self.lex.speaker_members and head not in _BODY_LEADERS
            person = canonical.startswith("person:")
            official = self.lex.kind_words.get("official", frozenset())
            if kind == "government" and member and not person and head_forms & official:
                return "official"
            return kind
        for kind, keywords in self.lex.speaker_keywords:
            if kind in self.lex.overriding_kinds and word_set & keywords:
                return self._remember_kind(canonical, kind)
        ordered = list(words)
        if head in ordered:  # "press secretary", "the member for Bath": the word next to the head decides
            at = len(ordered) - 1 - ordered[::-1].index(head)
            pairs = (f"{ordered[at - 1]} {head}" if at > 0 else "", " ".join(ordered[at : at + 2]))
            decided = next((self.lex.head_phrases[p] for p in pairs if p in self.lex.head_phrases), None)
            if decided is not None:
                return self._remember_kind(canonical, decided)
        if head in self.lex.speaker_members:
            for kind, keywords in self.lex.speaker_keywords:
                # A government's people keep their own kind: "a defence official" is an official.
                if kind not in ("person", "government") and (word_set - head_forms) & keywords:
                    return self._remember_kind(canonical, kind)
                if kind == "government" and (word_set - head_forms) & keywords:
                    break
        for kind, keywords in self.lex.speaker_keywords:
            if head_forms & keywords:
                return self._remember_kind(canonical, kind)
        generic = None
        for prefix, kind in self.lex.speaker_prefix:
            if canonical is not None and canonical.startswith(prefix):
                if prefix not in self.lex.generic_prefixes:
                    return kind
                generic = kind
                break
        for kind, keywords in self.lex.speaker_keywords:
            if word_set & keywords:
                return self._remember_kind(canonical, kind)
        known = self._known_kind(canonical) or self._introduced_kind(canonical)
        if known is not None:
            return known
        return generic or "person"

    def _first_person(self, pronoun: Token) -> tuple[Role, str] | None:
        """ "We" outside a quotation is the body the article speaks for (a press release: "The Committee
        ... publishes its report. ... we have since confirmed"): the body that speaks in the opening
        paragraph, unless that is an outlet or a document (then "we" is the outlet itself). "I" outside
        a quotation is the author the page's byline names, or the opening paragraph's ("A thread on ...,
        by Lt Col (ret.) X."): an author who gives his own assessment, so an expert unless the byline's
        words say otherwise. Without either, nobody the text names."""
        if pronoun.lower_ == "we":
            if not self.speakers or self.speakers[0][1] > 0:
                return None
            issuer = self.speakers[0][2]
            if (
                issuer.speaker is None
                # a person, not a body ("personal" alone also holds for a body named like a surname:
                # "The Harbour Foundation" then "Foundation")
                or (issuer.speaker.canonical or "").startswith("person:")
                or (issuer.personal and (issuer.head is None or issuer.head in self.lex.person_words))
                or issuer.kind in ("person", "anonymous", "media")
                or issuer.head in self.lex.documents
            ):
                return None
            return issuer.speaker, issuer.kind
        if self.article.byline:  # the page's own byline, where the cleaner found one
            return Role(self.article.byline, None), "expert"
        # (the name by its capitals: the language layer tags bylines poorly, "Lt Col" as a person)
        byline = _BYLINE.search(self.body.partition("\n")[0])
        if byline is None:
            return None
        name = byline.group("name")
        canonical = next((m.canonical for m in self.entities if m.kind == "person" and m.text == name), None)
        kind = self._kind_of(canonical, "", byline.group("credit").lower().split())
        return Role(name, canonical), "expert" if kind == "person" else kind

    def _introduced_kind(self, canonical: str | None) -> str | None:
        """A person named with a description in apposition where the article introduces him or her,
        though not as a speaker ("host X talks to Y, a former army officer who now studies the Russian
        military at a think tank" ... "Y argues" is an expert): the first keyword group, other than
        anonymous and person, that the description matches. The surname alone is the same person."""
        if canonical is None or not canonical.startswith("person:"):
            return None
        surname = canonical.partition(":")[2].rpartition("-")[2]
        for mention in self.entities:
            if mention.kind != "person" or (
                mention.canonical != canonical and slugify(mention.text.split()[-1]) != surname
            ):
                continue
            name = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if name is None:
                continue
            described = [c for c in name.root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
            if name.root.dep_ == "nsubj" and name.root.head.lower_ in _LEADING_VERBS:
                # "X runs a volunteer group": what he runs tells what he is
                described += [c for c in name.root.head.children if c.dep_ == "dobj"]
            for child in described:
                words = {
                    form
                    for t in child.subtree
                    if not _in_hyphenated_word(t)
                    for form in self._forms(t.lower_)
                }
                for kind, keywords in self.lex.speaker_keywords:
                    if kind not in ("anonymous", "person") and words & keywords:
                        return self._remember_kind(canonical, kind)
        return None

    def _remember_kind(self, canonical: str | None, kind: str) -> str:
        if canonical is not None:
            self.known_kinds.setdefault(canonical, kind)
        return kind

    def _known_kind(self, canonical: str | None) -> str | None:
        """The kind the entity got earlier from a fuller description; a person named later by the
        surname alone ("Major Taras Hnatiuk, who commands a battalion" ... "Hnatiuk said") is the same
        person, though the language layer gives the surname an id of its own."""
        if canonical is None:
            return None
        if canonical in self.known_kinds:
            return self.known_kinds[canonical]
        prefix, _, name = canonical.partition(":")
        if prefix not in ("person", "org") or not name:
            return None
        for known, kind in self.known_kinds.items():
            known_prefix, _, known_name = known.partition(":")
            if known_prefix in ("person", "org") and (
                known_name.endswith(f"-{name}") or name.endswith(f"-{known_name}")
            ):
                return kind
        return None

    def _entity_at(self, offset: int) -> Mention | None:
        for mention in self.entities:
            if mention.start <= offset < mention.end:
                return mention
        return None

    def _in_quote(self, token: Token) -> bool:
        return self.quotes.block_of[token.idx] >= 0 if token.idx < len(self.quotes.block_of) else False

    def _in_speech(self, token: Token) -> bool:
        """Inside quoted speech; a quoted fragment of fewer than five words ('"a few hundred" killed')
        is a phrase of the sentence around it."""
        if token.idx >= len(self.quotes.block_of):
            return False
        block = self.quotes.block_of[token.idx]
        return block >= 0 and self.quote_words.get(block, 0) >= _FRAGMENT_WORDS

    # -- hedges ---------------------------------------------------------------------------------------

    def _outside_text(self, unit: _Unit) -> str:
        return "".join(
            " " if self.quotes.block_of[i] >= 0 else self.body[i] for i in range(unit.start, unit.end)
        ).lower()

    def _hedged(self, unit: _Unit) -> bool:
        text = self._outside_text(unit)
        if any(phrase in text for phrase in self.lex.hedge_phrases):
            return True
        return self._has_hedge_word(unit)

    def _has_hedge_word(self, unit: _Unit) -> bool:
        return any(word in self.lex.hedge_words for word in _WORD.findall(self._outside_text(unit)))

    # -- numbers --------------------------------------------------------------------------------------

    def _quantities(self, unit: _Unit) -> list[ClaimQuantity]:
        found: list[ClaimQuantity] = []
        mentions = [
            m
            for m in self.quantities
            if unit.start <= m.start and m.end <= unit.end and not self._numbers_a_post(m)
        ]
        # "Leopard 1 tanks": a model's name, no count, not even a figure a later "of which" points to
        anchored = [
            (m, a) for m in mentions if (a := self._anchor(m)) is not None and not self._designation(m, a)
        ]
        # A number whose counted noun or unit names its category claims no other word of the parse
        # than that noun: "1,140 personnel killed or wounded ..., along with 13 artillery systems".
        self.named_anchors = {a.i for m, a in anchored if self._named_by_thing(m)}
        # "with another 10,000 due to follow": an amount that stands for the thing counted before, in a
        # phrase with no verb of its own, takes no word from the figures around it (it refers back);
        # "eleven more were hurt" keeps its verb
        standing = {
            a.i for m, a in anchored if _counted(a).dep_ == "pobj" and self._stands_for_before(m, a, unit)
        }
        for mention, anchor in anchored:
            others = [a for _m, a in anchored if a.i != anchor.i and a.i not in standing]
            figure = self._figure(mention, anchor, unit, others, anchored)
            if mention.unit in (None, "people") or figure is not None:
                # what a later "N of them" may point back to, categorised or not
                self.figures.append((mention.start, unit.paragraph, figure[0] if figure else None))
            if figure is None:
                continue
            category, measure, thing = figure
            # A figure listed after another shares its scope ("9,000 Wagner killed and 21,000 wounded").
            scope = self._scope(mention, anchor) or (found[-1].scope if found else None)
            found.append(
                ClaimQuantity(
                    mention.quantity_min, mention.quantity_max, measure, thing, category, scope, mention.text
                )
            )
            if measure == "sq mi":
                found.append(
                    ClaimQuantity(
                        _km2(mention.quantity_min), _km2(mention.quantity_max), "km2", thing, category,
                        scope, mention.text,
                    )
                )  # fmt: skip
        return found

    def _numbers_a_post(self, mention: Mention) -> bool:
        """A number that opens its paragraph with a slash numbers the posts of a thread ("5/ Prisoners
        matter here."): it counts nothing."""
        opens = mention.start == 0 or self.body[mention.start - 1] == "\n"
        return opens and self.body.startswith("/", mention.end)

    def _anchor(self, mention: Mention) -> Token | None:
        """The token of the amount that hangs the quantity in the parse (its head lies outside it)."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        numbers = [t for t in span if t.like_num or t.pos_ == "NUM"] or list(span)
        return numbers[-1]

    def _figure(
        self,
        mention: Mention,
        anchor: Token,
        unit: _Unit,
        others: list[Token],
        anchored: list[tuple[Mention, Token]],
    ) -> tuple[str, str | None, str | None] | None:
        """The category of one amount with its unit and counted thing, or None when it is no figure of a
        known category. The counted thing is the language layer's, else the parse's."""
        if mention.unit in self.lex.category_units:
            return self.lex.category_units[mention.unit], mention.unit, mention.thing
        if mention.unit not in (None, "people"):
            return None  # distances, percentages, weights
        thing = mention.thing or self._thing_from_parse(mention, anchor, unit)
        thing_token = self._thing_token(mention, thing)
        if thing_token is not None and thing_token.dep_ == "compound" and thing_token.head.i > thing_token.i:
            # "300 tank rounds", "34 tank losses": the noun the counted word modifies is what is counted
            thing = f"{thing} {thing_token.head.text}"
        thing_words = [w.lower() for w in _WORD.findall(thing or "")]
        if thing_words[-1:] and self._is_listed(thing_words[-1], self.lex.uncounted_things):
            return None  # "fired 41 times": how often, not how many
        stands_for_before = self._stands_for_before(mention, anchor, unit, thing_words)
        if stands_for_before:
            thing_words = []  # "a dozen others", "eleven more": what they are was named before
        category = self._category_from_thing(thing_words[-1:], thing_words, self._thing_token(mention, thing))
        if category is None and not thing_words:
            category = self._measured_category(mention, unit)  # "the number of dead lies between ..."
        governing = self._governing_category(anchor)
        if governing is not None and (category is None or category in self.lex.people_categories):
            category = governing  # "the deaths of at least 32 captives"
        before = self._latest_category(mention, unit) if stands_for_before else None
        if category is None and before is not None and before not in self.lex.people_categories:
            category = before  # "hundreds more" after "2,600 tanks" are tanks, whatever happened to them
        measure = mention.unit
        if category is None and not thing_words and measure is None and self._numbers_armed_people(anchor):
            category = "deployed"  # "marines, numbering no more than a few hundred," before any unit near it
        if category is None and not thing_words and measure is None:
            # a bare amount beside a figure with a unit, or at the other end of a comparison with one,
            # counts what that figure counts ("freed 43 square kilometres ... and about 250 in the south",
            # "1.2trn roubles ..., up from 780bn") before any word of people near it ("freed", "payments
            # to the families of soldiers killed")
            elided = self._elided_unit(anchor, anchored)
            if elided is not None:
                category, measure = elided
        if category is None and not thing_words and measure is None:
            category = self._change_category(mention, anchor, unit)  # "passed 45,000, up 1,100 in a week"
        if category is None:
            people = mention.unit == "people" or any(
                self._is_listed(w, self.lex.people_words) for w in thing_words
            )
            category = self._category_from_parse(mention, anchor, unit, others, people)
        if category is None and not thing_words:
            category = self._restated_category(mention, anchor, unit)  # "the figure was 230", "Of the 412"
        apposed = False
        if category is None:
            category = self._apposed_category(anchor, anchored)  # "two brigades, roughly 6,000 troops"
            apposed = category is not None
        if category is None:
            category = self._modifier_category(anchor)  # "312 fallen servicemen", "six wounded comrades"
        if category is None and not thing_words and anchor.dep_ == "conj":
            category = self._conjoined_category(anchor, anchored)  # "up from six and 17"
        people_thing = (
            mention.unit == "people"
            or any(self._is_listed(w, self.lex.people_words) for w in thing_words)
            or (bool(thing_words) and self._suffers_harm(anchor))
        )
        if category is None and thing_words and not people_thing and anchor.head.dep_ == "conj":
            category = self._conjoined_thing_category(anchor, anchored)  # "14 trucks and two trains"
        if category is None and not thing_words and measure is None and anchor.dep_ == "pobj":
            category = self._parallel_category(mention, anchor, anchored)  # "with 1,983 ..., X with 1,600"
        if category is None:
            category = before  # "eleven more were hurt" after "two died": the verb decides first
        part_of = self._part_of(mention, anchor, unit)
        if part_of is not None and part_of not in self.lex.people_categories and thing_words:
            part_of = None  # "180 sq km, including 12 villages": villages are no area
        if part_of is not None and self._part_takes_whole(category, part_of):
            category = part_of
        if category is None and not thing_words and measure is None:
            elided = self._elided_unit(anchor, anchored)
            if elided is not None:
                category, measure = elided
        if category is None:
            category = self._strength(anchor)
        if category is None and people_thing and not others:
            category = self._far_category(anchor, unit)  # "17 men nobody had seen ... listed as missing"
        if category is None:
            return None
        if (
            category in self.lex.people_categories
            and thing_words
            and not people_thing
            and not self._is_listed(thing_words[-1], self.lex.people_proxies)
        ):
            # "several cases of refusal" counts cases ("7 soldiers prisoner" counts soldiers); "destroyed
            # 14 trucks and two trains" counts trains as it counts trucks; a thing that stands for its
            # people counts them ("about forty graves", "30 coffins")
            if anchor.head.dep_ != "conj":
                return None
            category = self._conjoined_thing_category(anchor, anchored)
            if category is None:
                return None
        allowed = self.lex.category_things.get(category)
        if (
            allowed is not None
            and thing_words
            and not apposed
            # people who sign contracts or join up are troops whatever the noun ("440,000 people")
            and not (category == "deployed" and people_thing and self._takes_service(anchor))
            and not self._is_listed(thing_words[-1], allowed)
        ):
            return None  # "Several readers sent me photos"; "two battalions, maybe 800 people" are troops
        return category, measure, thing

    def _designation(self, mention: Mention, anchor: Token) -> bool:
        """Whether a small number belongs to the name of a model or type: right after a capitalised name
        (no comma, no date between) and before the noun it names ("delivered 60 Leopard 1 tanks",
        "Storm Shadow 2 missiles"). Counts keep their own shape ("Kyiv received 31 Abrams tanks": the
        name follows the number)."""
        if not (anchor.text.isdigit() and len(anchor.text) <= 2) or anchor.i == anchor.sent.start:
            return False
        name = anchor.doc[anchor.i - 1]
        following = anchor.doc[anchor.i + 1] if anchor.i + 1 < len(anchor.doc) else None
        return (
            name.pos_ in ("PROPN", "NOUN")  # the small model tags "Leopard" a noun
            and name.text[:1].isupper()
            and name.i > anchor.sent.start
            and name.whitespace_ == " "
            and mention.start == anchor.idx  # no qualifier before the number ("about 20")
            and name.ent_type_ not in ("DATE", "TIME")
            and not any(m.start <= name.idx < m.end for m in self.dates)
            and following is not None
            and following.pos_ in ("NOUN", "PROPN")
        )

    def _suffers_harm(self, anchor: Token) -> bool:
        """Whether the counted noun is what a verb of harm that only the living suffer acts on: its
        subject in the passive ("86 trainees had been injured"), the subject of an intransitive one
        ("40 students died"), its object ("the strike killed 12 guards") or the noun a participle of it
        describes ("1,200 graduates wounded"). Such a noun counts people whatever its word."""
        counted = _counted(anchor)
        if self._category_from_thing([counted.lower_], [counted.lower_]) is not None:
            return False  # "14 tanks destroyed": the thing names its own category
        harm = self.lex.harm_verbs
        if counted.dep_ in ("nsubj", "nsubjpass", "dobj") and self._is_listed(counted.head.lower_, harm):
            return counted.dep_ != "nsubj" or not any(c.dep_ == "dobj" for c in counted.head.children)
        return any(
            child.dep_ == "acl" and child.tag_ == "VBN" and self._is_listed(child.lower_, harm)
            for child in counted.children
        )

    def _stands_for_before(
        self, mention: Mention, anchor: Token, unit: _Unit, thing_words: list[str] | None = None
    ) -> bool:
        """Whether the amount stands for the thing counted before it: "a dozen others", "eleven more",
        "and another 1,000 in the final week"."""
        if thing_words is None:
            thing = mention.thing or self._thing_from_parse(mention, anchor, unit)
            thing_words = [w.lower() for w in _WORD.findall(thing or "")]
        head_word = (thing_words[-1:] or [self._word_after(mention)])[0]
        another = not thing_words and any(c.dep_ == "det" and c.lower_ == "another" for c in anchor.children)
        return head_word in self.lex.standing_heads or another

    def _thing_from_parse(self, mention: Mention, anchor: Token, unit: _Unit) -> str | None:
        """The counted noun where the language layer found none: the head of an "of" phrase hung on
        the number ("tens of thousands" of fighters, with quote marks between), the noun the number
        modifies, or the noun after a run of participles and adjectives ("19 destroyed or abandoned
        Russian vehicles", where the small model hangs the number on the verb)."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        last = span[-1] if span is not None and len(span) else anchor  # "tens of thousands" → thousands
        for child in last.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [g for g in child.children if g.dep_ == "pobj"]
                if objects and objects[0].pos_ in ("NOUN", "PROPN"):
                    return self._thing_text(child.i + 1, objects[0])
                return None
        counted = _counted(last)
        if counted.i > last.i and counted.pos_ in ("NOUN", "PROPN"):
            return self._thing_text(last.i + 1, counted)
        for token in self.doc[last.i + 1 : min(last.i + 8, unit.span.end)]:
            if token.pos_ in ("NOUN", "PROPN"):
                return self._thing_text(last.i + 1, token)
            if token.pos_ == "CCONJ" and token.i == last.i + 1:
                break  # "with 1,600 and Chelyabinsk with ...": a new conjunct, no modifier of the number
            if not (token.pos_ in ("ADJ", "CCONJ") or token.tag_ == "VBN" or token.text in _ANY_QUOTE):
                break
        return None

    def _thing_text(self, start: int, head: Token) -> str | None:
        words = [t for t in self.doc[start : head.i + 1] if not t.is_punct and t.dep_ not in ("det", "poss")]
        return " ".join(t.text for t in words) or None

    def _distance_for(self, number: Token, word: Token) -> int:
        """How near `word` is to another number, for the rule that a word nearer to another number is
        that number's; a number named by its own counted noun reaches no further than that noun."""
        distance = _tree_distance(number, word)
        return 99 if number.i in self.named_anchors and distance > 1 else distance

    def _named_by_thing(self, mention: Mention) -> bool:
        if mention.unit in self.lex.category_units:
            return True
        words = [w.lower() for w in _WORD.findall(mention.thing or "")]
        return bool(words) and self._category_from_thing(words[-1:], words) is not None

    def _word_after(self, mention: Mention) -> str:
        match = _WORD.match(self.body, mention.end + 1)
        return match.group().lower() if match and self.body[mention.end : match.start()].isspace() else ""

    def _thing_token(self, mention: Mention, thing: str | None) -> Token | None:
        """The token of the counted thing's head word, where it follows the amount closely ("350,000
        killed and wounded")."""
        if not thing:
            return None
        head = _WORD.findall(thing)[-1:] or [""]
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return None
        following = self.doc[span.end : min(span.end + 6, len(self.doc))]
        return next((t for t in following if t.text == head[0]), None)

    def _measured_category(self, mention: Mention, unit: _Unit) -> str | None:
        """For an amount with no counted noun, what a measure noun before it in the sentence counts: "the
        real number of dead lies between 160,000 and 230,000", "put the number of Ukrainians still in
        Russian hands at several thousand": the first category word or phrase among the few words after
        its "of", when no other amount stands between that noun and this one."""
        words = self._category_words(unit)
        tokens = [t for t in unit.span if t.idx < mention.start]
        for position in range(len(tokens) - 2, -1, -1):
            token = tokens[position]
            if token.like_num or any(m.start <= token.idx < m.end for m in self.quantities):
                return None  # an amount in between: the measure noun is that one's
            if not (
                self._is_listed(token.lower_, self.lex.measure_nouns) and tokens[position + 1].lower_ == "of"
            ):
                continue
            # the counted noun itself decides before its modifiers ("the tally of lost Russian tanks")
            # ("the total of Russian armoured losses" counts vehicles, as "300 tank losses" does)
            heads = [g for g in tokens[position + 1].children if g.dep_ == "pobj" and g.i in words]
            if heads:
                phrase = [t.lower_ for t in heads[0].lefts if t.dep_ in ("amod", "compound")]
                return self._category_from_thing([heads[0].lower_], [*phrase, heads[0].lower_])
            for counted in tokens[position + 2 : position + 8]:
                if counted.is_punct or (counted.pos_ in ("VERB", "AUX") and counted.i not in words):
                    break
                if counted.i in words:
                    return words[counted.i]
            return None
        return None

    def _restated_category(self, mention: Mention, anchor: Token, unit: _Unit) -> str | None:
        """A bare amount that restates a figure named before takes that figure's category: the value of a
        measure noun without its own "of" phrase ("The ministry's figure was 230", "the total rose to
        1,200": the latest figure in this or the previous paragraph), or the same amount again with "the"
        ("Of the 412, 301 were ...": the 412 named earlier in this or the two paragraphs before)."""
        counted = _counted(anchor)
        placed = self._placed_measure(counted, unit)
        if placed is not None:
            return placed
        verb = next((a for a in counted.ancestors if a.pos_ in ("VERB", "AUX")), None)
        # the amount is what the verb says the measure is ("was 230", "stood at", "rose to", "was
        # somewhere north of 70,000"), not an object of its own ("put the figure at")
        subject = _subject(verb) if verb is not None else None
        if (
            verb is not None
            and subject is not None
            and all(t.dep_ in _VALUE_ARCS for t in _up_to(counted, verb))
            and not any(c.dep_ == "dobj" for c in verb.children)
            and self._is_listed(subject.lower_, self.lex.measure_nouns)
            and not any(child.lower_ == "of" for child in subject.children)
            and not any(t.like_num for t in subject.subtree)
        ):
            # what the sentence asked about before its measure noun ("how many of those had died, he
            # said the figure was ..."), else the figure before
            words = self._category_words(unit)
            asked = [
                c for i, c in sorted(words.items()) if i < subject.i and not self._in_speech(self.doc[i])
            ]
            return asked[-1] if asked else self._latest_category(mention, unit)
        if not any(child.dep_ == "det" and child.lower_ == "the" for child in anchor.children):
            return None
        values = {m.start: m.quantity_min for m in self.quantities}
        same = [
            category
            for offset, paragraph, category in self.figures
            if offset < mention.start
            and paragraph >= unit.paragraph - 2
            and category is not None
            and values.get(offset) == mention.quantity_min
        ]
        return same[-1] if same else None

    def _placed_measure(self, counted: Token, unit: _Unit) -> str | None:
        """For the amount "at" which a verb puts a measure noun without its own "of" phrase ("Kyiv puts
        the figure at 700", "had the toll at 70", "put the number who stayed behind at 68"): the figure
        the measure restates: the latest figure in this or the previous paragraph; for "their number" with
        no figure before, the people the sentence before told of ("Soldiers ... refused to advance. The
        channel puts their number at about 50")."""
        if counted.dep_ != "pobj" or counted.head.lower_ != "at":
            return None
        holder = counted.head.head
        measures = [c for c in holder.children if c.dep_ == "dobj"]
        if holder.dep_ == "relcl":
            measures.append(holder.head)  # "the number who stayed off the train at 68"
        measure = next((m for m in measures if self._is_listed(m.lower_, self.lex.measure_nouns)), None)
        if measure is None or any(child.lower_ == "of" for child in measure.children):
            return None  # "put the number of dead at ...": the "of" phrase tells (`_measured_category`)
        mention = next((m for m in self.quantities if m.start <= counted.idx < m.end), None)
        latest = self._latest_category(mention, unit) if mention is not None else None
        if latest is not None:
            return latest
        if not any(c.dep_ == "poss" and c.lower_ == "their" for c in measure.children):
            return None
        before = [u for u in self.units if u.paragraph == unit.paragraph and u.end <= unit.start]
        if not before:
            return None
        told = [
            c for _i, c in sorted(self._category_words(before[-1]).items()) if c in self.lex.people_categories
        ]
        return told[-1] if told else None

    def _apposed_category(self, anchor: Token, anchored: list[tuple[Mention, Token]]) -> str | None:
        """An amount set beside another in apposition counts the same thing: "Ukraine had moved two
        brigades, roughly 6,000 troops" are both deployed."""
        counted = _counted(anchor)
        if counted.dep_ != "appos":
            return None
        for mention, other in anchored:
            if other.i != anchor.i and counted.head.i in (other.i, _counted(other).i):
                return next((c for offset, _p, c in self.figures if offset == mention.start), None)
        return None

    def _conjoined_category(self, anchor: Token, anchored: list[tuple[Mention, Token]]) -> str | None:
        """A bare amount joined by and/or to the amount before it counts what that one counts: "up from
        six and 17 a day earlier", "between 40 and 50"."""
        for mention, other in anchored:
            if other.i == anchor.head.i:
                return next((c for offset, _p, c in self.figures if offset == mention.start), None)
        return None

    def _conjoined_thing_category(self, anchor: Token, anchored: list[tuple[Mention, Token]]) -> str | None:
        """A counted thing joined by and/or to a counted thing of equipment, money or land is counted as
        that one: "destroyed 14 fuel trucks and two ammunition trains". People are left to their own
        words ("killed 11 civilians and wounded 37 soldiers" differ)."""
        for mention, other in anchored:
            if other.dep_ == "nummod" and other.head.i == anchor.head.head.i:
                category = next((c for offset, _p, c in self.figures if offset == mention.start), None)
                if category is not None and category not in self.lex.people_categories:
                    return category
        return None

    def _parallel_category(
        self, mention: Mention, anchor: Token, anchored: list[tuple[Mention, Token]]
    ) -> str | None:
        """A bare amount after the same preposition as a figure before it in the sentence counts what that
        figure counts: "leads with 1,983 named dead, ahead of Sverdlovsk with 1,600 and Chelyabinsk with
        1,410"."""
        preposition = anchor.head
        category = None
        for other_mention, other in anchored:
            if other_mention.start >= mention.start:
                break
            counted = other.head if other.dep_ == "nummod" else other
            if (
                counted.dep_ == "pobj"
                and counted.head.lower_ == preposition.lower_
                and counted.head.i != preposition.i
            ):
                category = next(
                    (c for offset, _p, c in self.figures if offset == other_mention.start and c), category
                )
        return category

    def _modifier_category(self, anchor: Token) -> str | None:
        """What happened to the people counted, told only by a modifier of their noun, when nothing else
        in the sentence tells it: "the families of 312 fallen servicemen", "carried six wounded comrades
        out". A deployment word there tells who they are, not what happened to them ("40 mobilised
        soldiers"), so it does not count."""
        counted = _counted(anchor)
        for child in counted.children:
            if child.dep_ != "amod" or child.i < anchor.i:
                continue
            category = self._category_of(child.lower_)
            if category in self.lex.people_categories and category != "deployed":
                return category
        return None

    def _governing_category(self, anchor: Token) -> str | None:
        """A people category named by the noun the counted phrase belongs to through "of": "the deaths of
        at least 32 captives" are killed, "the capture of 40 soldiers" captured, whatever the counted
        noun itself names."""
        counted = _counted(anchor)
        holder = counted.head
        if holder.lower_ != "of" or holder.head.pos_ != "NOUN":
            return None
        category = self._category_of(holder.head.lower_)
        if category == "casualties":
            # losses told more narrowly by a participle after the counted noun: "losses of four
            # persons killed" are dead
            narrower = [
                c
                for child in counted.children
                if child.dep_ in ("acl", "amod")
                and child.i > counted.i
                and (c := self._category_of(child.lower_)) in self.lex.people_categories
            ]
            return narrower[0] if narrower else category
        return category if category in self.lex.people_categories else None

    def _change_category(self, mention: Mention, anchor: Token, unit: _Unit) -> str | None:
        """A bare amount that tells how much a figure before it in the sentence changed ("the count passed
        45,000, up roughly 1,100 in a fortnight", "down 300 from last week") counts what it counts."""
        head = anchor.head
        if head.lower_ == "from" and anchor.dep_ == "pobj":
            head = head.head  # "up from 30,000"
        if head.lower_ not in _CHANGES or anchor.dep_ not in ("npadvmod", "pobj", "dobj"):
            return None
        earlier = [c for offset, _p, c in self.figures if unit.start <= offset < mention.start and c]
        return earlier[-1] if earlier else None

    def _latest_category(self, mention: Mention, unit: _Unit) -> str | None:
        """The category of the latest figure before `mention` in this or the previous paragraph."""
        earlier = [
            category
            for offset, paragraph, category in self.figures
            if offset < mention.start and paragraph >= unit.paragraph - 1 and category is not None
        ]
        return earlier[-1] if earlier else None

    def _part_of(self, mention: Mention, anchor: Token, unit: _Unit) -> str | None:
        """For a part of a figure named before ("3,500 of them", "Of those, 82,000 ...", "including a
        dozen generals"): the category of the figure it is part of, the last one before it in this or
        the previous paragraph (in this sentence for "including"). None for other figures."""
        counted = _counted(anchor)

        def names_part(whole: Token) -> bool:
            # "of them", "of which", and a bare amount named before: "three of those eight"
            restated = whole.like_num and any(
                c.dep_ == "det" and c.lower_ in self.lex.partitive_pronouns | {"the"} for c in whole.children
            )
            return whole.dep_ == "pobj" and (whole.lower_ in self.lex.partitive_pronouns or restated)

        def refers_back(token: Token) -> bool:
            return any(
                child.dep_ == "prep" and child.lower_ == "of" and any(names_part(g) for g in child.children)
                for child in token.children
            )

        # "31 tanks, of which about 20 have been destroyed": the parse hangs the relative "of which" on
        # the verb whose subject the part is. Not "of whom" there: a part of people that its own verb
        # tells nothing of is as often told apart from its whole ("68 stayed behind, of whom 51 boarded
        # a later train"; "906, of whom 112 were officers")
        relative_part = counted.dep_ in ("nsubj", "nsubjpass") and any(
            child.dep_ == "prep" and child.lower_ == "of" and child.i < counted.i
            and any(g.dep_ == "pobj" and g.lower_ == "which" for g in child.children)
            for verb in (counted.head, *counted.head.conjuncts)  # "destroyed or captured"
            for child in verb.children
        )  # fmt: skip

        opening = [t for t in unit.span if not t.is_punct and t.idx >= unit.text_start][:2]
        opens_with_reference = (
            len(opening) == 2
            and opening[0].lower_ == "of"
            and opening[1].lower_ in self.lex.partitive_pronouns
            and not any(unit.start <= offset < mention.start for offset, _p, _c in self.figures)
        )
        included = counted.dep_ == "pobj" and counted.head.lower_ in self.lex.including
        whole = self._opening_whole(unit)
        if whole is not None and whole.i != counted.i and whole.i < anchor.i:
            # "Of the 412, 301 were sentenced ... and 74 received ...": every later amount of the
            # sentence is a part of the whole its opening names
            wholes = [c for o, _p, c in self.figures if unit.start <= o <= whole.idx]
            return next((c for c in reversed(wholes) if c is not None), None)
        if not (
            refers_back(anchor) or refers_back(counted) or opens_with_reference or included or relative_part
        ):
            return None
        lowest = unit.start if included else -1
        earlier = [
            category
            for offset, paragraph, category in self.figures
            if lowest <= offset < mention.start and paragraph >= unit.paragraph - 1
        ]
        return earlier[-1] if earlier else None

    def _opening_whole(self, unit: _Unit) -> Token | None:
        """The counted word of an amount that opens the sentence as a whole to take parts from: "Of the
        412, ...", "Of the roughly 2,000 men it had taken into the fighting, ..."."""
        opening = [t for t in unit.span if not t.is_punct and t.idx >= unit.text_start][:1]
        if not opening or opening[0].lower_ != "of":
            return None
        objects = [child for child in opening[0].children if child.dep_ == "pobj"]
        if not objects:
            return None
        counted = objects[0]
        amount = (
            counted
            if counted.like_num
            else next((c for c in counted.children if c.dep_ == "nummod" and c.like_num), None)
        )
        return counted if amount is not None else None

    def _part_takes_whole(self, own: str | None, whole: str) -> bool:
        """Whether a part's category is its whole's: a part of the dead are dead ("3,500 of them were
        convicts recruited by Wagner" is no deployment), but a part of a force may be killed ("of 90 men,
        53 were dead") and a part of the casualties killed ("9,000 of them died")."""
        if own is None:
            return True
        people = self.lex.people_categories
        if own not in people or whole not in people:
            return own != whole
        return own == "deployed" and whole != "deployed"

    def _elided_unit(self, anchor: Token, anchored: list[tuple[Mention, Token]]) -> tuple[str, str] | None:
        """A bare number near a figure with a unit shares it: "43 square kilometres around Bakhmut and
        about 250 in the south", "100,000 hryvnias a month, up from 30,000"."""
        # The other end of a comparison ("up from 1.6 billion", "more than 30,000") may hang far up the
        # parse from the figure it compares with: there the sentence is the limit, not five arcs.
        limit = len(anchor.doc) if _compared(anchor) else 5
        near = sorted(
            (distance, mention.unit)
            for mention, other in anchored
            if mention.unit in self.lex.category_units
            and other.i != anchor.i
            and other.sent.start == anchor.sent.start
            and (distance := _tree_distance(anchor, other)) <= limit
        )
        if not near:
            return None
        measure = near[0][1]
        return self.lex.category_units[measure], measure

    def _strength(self, anchor: Token) -> str | None:
        """Figures of armed people that are a deployment without a word of deployment: the strength of
        a formation ("a company of some 90 reservists"), people taken on ("Wagner recruited 50,000
        inmates": the counted noun is the object of a recruiting verb), and people that are, stay or are
        kept somewhere ("about 9,000 Russian troops remained in Belarus", "the group had about 50,000 men
        in Ukraine": a presence verb with a place phrase). The thing check that follows keeps it to armed
        people."""
        counted = _counted(anchor)
        if anchor.dep_ == "nummod" and self._is_listed(counted.lower_, self.lex.formations):
            return "deployed"  # a count of formations: "they came at us with two battalions"
        holder = counted.head
        formation = holder.head if counted.dep_ == "pobj" and holder.lower_ == "of" else None
        if formation is not None and self._is_listed(formation.lower_, self.lex.formations):
            return "deployed"
        if counted.dep_ == "pobj" and holder.lower_ == "with" and self._goes_somewhere(holder.head, counted):
            return "deployed"  # "they went to Bakhmut with 118 men"
        if counted.dep_ == "pobj" and holder.lower_ == "with" and self._armed_subject(holder.head):
            return "deployed"  # "Russian forces opened the assault with around 2,000 men"
        if counted.dep_ == "pobj" and holder.lower_ == "with" and self._moves_formation(holder.head):
            return "deployed"  # "brought up two brigades with some 8,000 men": the formations' strength
        if any(child.dep_ == "poss" and child.lower_ == "its" for child in counted.children) and any(
            self._is_listed(t.lower_, self.lex.formations) and t.pos_ == "NOUN"
            for t in anchor.sent
            if t.i < anchor.i
        ):
            return "deployed"  # "the platoon was cut off ...; four of its 27 men got out": its strength
        # a participle of movement on the counted noun, or on the noun whose "of" phrase it is (the parse
        # hangs "arriving" on "reports" in "reports of up to 3,000 arriving in the Far East")
        bearers = [counted, holder.head] if counted.dep_ == "pobj" and holder.lower_ == "of" else [counted]
        if any(
            child.dep_ == "acl" and child.i > counted.i and self._goes_somewhere(child, counted)
            for bearer in bearers
            for child in bearer.children
        ):
            return "deployed"  # "about 3,000 troops arriving in Belarus"
        verb = holder
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        taken_on = self._is_listed(verb.lower_, self.lex.recruiting_verbs | self.lex.strength_verbs)
        if counted.dep_ == "dobj" and taken_on:
            strength = self._is_listed(verb.lower_, self.lex.strength_verbs)
            if strength and counted.i == anchor.i and not self._numbers_armed_people(anchor):
                return None  # a bare strength of people who are not armed: "the protesters, numbering 200"
            return "deployed"  # "recruited 50,000 inmates", "the company numbered 112 men"
        if self._taken(counted):
            return "captured"  # "units say they took more than 150 Russians"
        if self._takes_service(anchor):
            return "deployed"  # "600 men have signed contracts", "490,000 volunteers signed up"
        if counted.dep_ == "nsubj" and self._goes_somewhere(verb, counted):
            return "deployed"  # "about 3,000 troops arrived in Belarus"
        if counted.dep_ == "dobj" and self._sends_to_front(verb):
            return "deployed"  # "kept putting 25,000 fresh men into the line", "threw 5,000 men at the town"
        present = self._is_listed(verb.lower_, self.lex.presence_verbs)
        if counted.dep_ not in ("nsubj", "dobj", "attr") or not present:
            return None
        placed = any(
            child.dep_ == "prep"
            and child.lower_ in _PLACED
            and any(self._is_place(g) for g in child.children)
            for child in (*verb.children, *counted.children)
        )  # "remained in Belarus", not "remain in Russian hands"
        return "deployed" if placed else None

    def _moves_formation(self, verb: Token) -> bool:
        """Whether a formation is the verb's subject or object: "the regiment attacked with ...", "moved
        two brigades with ...", so that the men "with" it are its strength (or is the word "with" hangs
        on: "three battalions with 1,800 men")."""
        if self._is_listed(verb.lower_, self.lex.formations) and verb.pos_ == "NOUN":
            return True
        return any(
            child.dep_ in ("nsubj", "nsubjpass", "dobj")
            and self._is_listed(child.lower_, self.lex.formations)
            for child in verb.children
        )

    def _numbers_armed_people(self, anchor: Token) -> bool:
        """Whether the amount is what a strength verb gives for armed people or a formation: "marines on
        the left bank, numbering no more than a few hundred", "the garrison numbers 400"."""
        verb = anchor.head
        if anchor.dep_ != "dobj" or not self._is_listed(verb.lower_, self.lex.strength_verbs):
            return False
        # the noun the participle hangs on (through the comma where the parse hangs it there), or the
        # verb's subject ("the garrison numbered 1,200")
        bearers = [verb.head, verb.head.head, _subject(verb)] if verb.dep_ != "ROOT" else [_subject(verb)]
        return any(bearer is not None and self._is_armed(bearer) for bearer in bearers)

    def _is_armed(self, noun: Token) -> bool:
        return self._is_listed(noun.lower_, self.lex.category_things["deployed"] | self.lex.formations)

    def _armed_subject(self, verb: Token) -> bool:
        """Whether the verb's subject is armed people or a formation: what it does "with 2,000 men" it
        does with its own strength ("the brigade attacked with 600 men"; "soldiers spoke with 20
        reporters" is kept out by the thing check)."""
        subject = _subject(verb) if verb.pos_ in ("VERB", "AUX") else None
        return subject is not None and self._is_armed(subject)

    def _sends_to_front(self, verb: Token) -> bool:
        """Whether a verb of sending puts its object at the front or in a place ("putting fresh men into
        the line", "moved 3,000 troops to Belgorod"); the thing check keeps it to armed people ("moved 300
        civilians to shelters" counts nobody)."""
        if verb.pos_ != "VERB" or not self._is_listed(verb.lower_, self.lex.sending_verbs):
            return False
        return any(
            child.dep_ == "prep"
            and child.lower_ in _TOWARDS | {"at"}
            and any(
                self._is_place(g) or self._is_listed(g.lower_, self.lex.front_words) for g in child.children
            )
            for child in verb.children
        )

    def _taken(self, counted: Token) -> bool:
        """Whether the counted people are the object of a taking verb ("took 150 Russians", "seized a
        dozen Ukrainians"): only nationalities and the enemy's names (`[people_categories]
        taken_people`), since "took 40 children to school" takes nobody prisoner."""
        verb = counted.head
        return (
            counted.dep_ == "dobj"
            and verb.pos_ == "VERB"
            and self._is_listed(verb.lower_, self.lex.taking_verbs)
            and self._is_listed(counted.lower_, self.lex.taken_people)
        )

    def _takes_service(self, anchor: Token) -> bool:
        counted = _counted(anchor)
        return counted.dep_ == "nsubj" and self._joins_up(counted.head)

    def _joins_up(self, verb: Token) -> bool:
        """Whether the verb tells its subject taking service: a joining verb with the particle "up" or
        with an object that is a contract, an army or a formation ("signed contracts", "joined the
        volunteer battalions"); "signed a petition", "joined the protest" are not."""
        if verb.pos_ != "VERB" or not self._is_listed(verb.lower_, self.lex.joining_verbs):
            return False
        return any(
            (child.dep_ == "prt" and child.lower_ == "up")
            or (
                child.dep_ == "dobj"
                and self._is_listed(child.lower_, self.lex.joining_objects | self.lex.formations)
            )
            for child in verb.children
        )

    def _goes_somewhere(self, verb: Token, counted: Token) -> bool:
        """Whether a verb of movement takes the counted people to a place ("went to Bakhmut", "arriving
        in the Far East", "entered Vovchansk"); the thing check after it keeps this to armed people."""
        if verb.pos_ != "VERB" or not self._is_listed(verb.lower_, self.lex.movement_verbs):
            return False
        return any(
            (child.dep_ == "prep" and child.lower_ in _PLACED | _TOWARDS and any(
                self._is_place(g) or any(  # "arrived in the Gomel region": the place names the noun
                    c.dep_ == "compound" and self._is_place_name(c) for c in g.children
                )
                for g in child.children
            ))
            or (child.dep_ == "dobj" and child.i != counted.i and (
                (entity := self._entity_at(child.idx)) is not None and entity.kind == "place"
            ))
            for child in verb.children
        )  # fmt: skip

    def _is_place_name(self, token: Token) -> bool:
        entity = self._entity_at(token.idx)
        return (entity is not None and entity.kind == "place") or token.ent_type_ in ("GPE", "LOC", "FAC")

    def _is_place(self, token: Token) -> bool:
        return token.dep_ == "pobj" and self._is_place_name(token)

    def _category_from_thing(
        self, head_words: list[str], thing_words: list[str], head: Token | None = None
    ) -> str | None:
        """The category the counted noun names ("9,000 dead", "34 tanks"); its modifiers do not count
        ("mobilised soldiers" are not a deployment), and some cancel it ("former prisoners"), except that
        losses of a kind of vehicle are vehicles ("300 tank losses")."""
        if any(word in self.lex.thing_cancels for word in thing_words):
            return None
        named = [category for w in head_words if (category := self._category_of(w)) is not None]
        if not named:
            # "four armoured cars": a thing no word names, described as a vehicle by its modifier (not
            # people, nor a formation: "two armoured brigades" are no count of vehicles)
            if (
                head_words
                and not any(
                    self._is_listed(w, self.lex.people_words | self.lex.formations | self.lex.munitions)
                    for w in head_words
                )
                and any(self._category_of(w) == "vehicles" for w in thing_words[:-1])
            ):
                return "vehicles"
            return None
        if head is not None:  # "350,000 killed and wounded": the words joined to the head count too
            named += [
                c
                for joined in head.conjuncts
                if joined.i > head.i
                and not any(t.like_num for t in self.doc[head.i : joined.i])  # "killed and 30,000 wounded"
                and (c := self._category_of(joined.lower_)) is not None
            ]
        category = self._combine(named)
        if category == "casualties" and any(self._category_of(w) == "vehicles" for w in thing_words[:-1]):
            return "vehicles"
        return category

    def _forms(self, word: str) -> tuple[str, ...]:
        forms = self.word_forms.get(word)
        if forms is None:
            forms = self.word_forms[word] = base_forms(word, self.lex.irregular_forms)
        return forms

    def _category_of(self, word: str) -> str | None:
        """The category a word names, itself or through its base form ("perished" → "perish")."""
        return next((self.lex.categories[f] for f in self._forms(word) if f in self.lex.categories), None)

    def _is_listed(self, word: str, listed: frozenset[str]) -> bool:
        return any(form in listed for form in self._forms(word))

    def _category_from_parse(
        self, mention: Mention, anchor: Token, unit: _Unit, others: list[Token], people: bool = False
    ) -> str | None:
        """The category word nearest to the number in the parse (at most four arcs away), unless it is
        nearer to another number of the sentence; of two as near, the one outside a relative clause on
        the counted noun ("a dozen soldiers who had lost their way surrendered"). Failing that, a
        category word right after the counted noun ("500 soldiers moved ..."), or the object or subject
        of the verb above the number ("puts Russian deaths ... as high as 50,000", where the parse hangs
        the number elsewhere). Quoted speech and narration do not mix, but a few quoted words inside a
        sentence ('had lost "tens of thousands" of fighters') are the sentence's own."""
        words = self._category_words(unit)
        quoted = self._in_speech(anchor)
        counted = _counted(anchor)
        relative = {t.i for child in counted.children if child.dep_ == "relcl" for t in child.subtree}
        # the whole an opening "Of the N men ..." names is told by its own phrase: the rest of the
        # sentence tells what happened to a part of it ("..., barely half walked out")
        whole = self._opening_whole(unit)
        own_phrase = None
        if whole is not None and whole.i == counted.i:
            # the opening phrase ends at its comma, whatever the parse hung under it ("a third deserted")
            comma = next((t.i for t in self.doc[whole.i : unit.span.end] if t.text == ","), unit.span.end)
            own_phrase = {t.i for t in whole.head.subtree if t.i < comma}
        best: tuple[tuple[int, bool, int], Token] | None = None
        for token in unit.span:
            if token.i not in words or self._in_speech(token) != quoted:
                continue
            if own_phrase is not None and token.i not in own_phrase:
                continue
            if mention.start <= token.idx < mention.end:
                continue
            if token.dep_ in ("amod", "compound") and token.head.i == counted.i:
                continue  # a modifier of the counted noun: "40 mobilised soldiers ... refused"
            if any(child.lower_ in self.lex.thing_cancels for child in token.children):
                continue
            if people and words[token.i] not in self.lex.people_categories:
                continue  # a count of people is no count of ships: "11 sailors from a landing ship"
            distance = _tree_distance(anchor, token)
            if distance > 4:
                continue
            # A word nearer to another number is that number's ("9,000 dead and 21,000 wounded").
            if any(self._distance_for(other, token) < distance for other in others):
                continue
            key = (distance, token.i in relative, abs(token.i - anchor.i))
            if best is None or key < best[0]:
                best = (key, token)
        if best is None and own_phrase is not None:
            return None
        if best is None:
            # the fallbacks too: a count of people takes only words of people categories ("paid
            # compensation to the families of 312 fallen servicemen" is no sum)
            fitting = {i: c for i, c in words.items() if not people or c in self.lex.people_categories}
            following = [counted.i + 1, counted.i + 2]
            for index in following:
                if index in fitting and index < unit.span.end and not self.doc[index].is_punct:
                    return fitting[index]
            verb = next((a for a in anchor.ancestors if a.pos_ in ("VERB", "AUX")), None)
            for child in verb.children if verb is not None else ():
                if child.dep_ in ("dobj", "nsubj", "nsubjpass") and child.i in fitting and not others:
                    return fitting[child.i]
            return None
        word = best[1]
        categories = [words[word.i]]
        for joined in word.conjuncts:
            other = words.get(joined.i)
            if other is None:
                continue
            # a word as near to another number is that one's ("11 lost their lives and 27 were injured"),
            # unless that number is also as near to the word both share ("killed or wounded 1,260 ...,
            # which brings the total to 483,150": the verbs are both numbers' alike)
            mine, shared = _tree_distance(anchor, joined), _tree_distance(anchor, word)
            if any(
                (theirs := self._distance_for(o, joined)) < mine
                or (theirs == mine and self._distance_for(o, word) > shared)
                for o in others
            ):
                continue
            categories.append(other)
        category = self._combine(categories)
        modifiers = [c for c in word.children if c.dep_ in ("amod", "compound")]
        if category == "casualties" and any(self._category_of(c.lower_) == "vehicles" for c in modifiers):
            return "vehicles"  # "Russian armoured losses", "equipment losses"
        return category

    def _far_category(self, anchor: Token, unit: _Unit) -> str | None:
        """For the only count of people in its sentence that no nearer word told: the nearest word of a
        people category five or six arcs away, on the same side of the quotation marks, where a long
        clause on the counted noun ends far from the number ("the names of 17 men nobody had seen since
        a night assault and who were still listed as missing")."""
        words = self._category_words(unit)
        quoted = self._in_speech(anchor)
        counted = _counted(anchor)
        near = sorted(
            (distance, token.i)
            for token in unit.span
            if token.i in words
            and words[token.i] in self.lex.people_categories
            and self._in_speech(token) == quoted
            # a modifier of the counted noun tells who they are ("40 mobilised soldiers waited")
            and token.head.i != counted.i
            and (distance := _tree_distance(anchor, token)) <= _FAR_ARCS
        )
        return words[near[0][1]] if near else None

    def _category_words(self, unit: _Unit) -> dict[int, str]:
        """Token index → category, for the category words and the first words of category phrases
        ("left their positions") of the unit."""
        cached = self.unit_words.get(unit.start)
        if cached is not None:
            return cached
        words = self.unit_words[unit.start] = {
            t.i: c
            for t in unit.span
            if (c := self._category_of(t.lower_)) is not None
            # "the cost of the mission" names no loss; "the war has cost Russia 300,000 men" does
            and not (t.pos_ != "VERB" and self._is_listed(t.lower_, self.lex.verb_only))
        }
        # a hyphen joins a phrase's words into a noun ("the autumn call-up" is "call up")
        tokens = [t for t in unit.span if t.text != "-"]
        forms = [self._forms(t.lower_) for t in tokens]
        for phrase, category in self.lex.category_phrases:
            size = len(phrase)
            for n in range(len(forms) - size + 1):
                # phrases are written in base forms: "lose their life" matches "lost their lives"
                # "*" stands for any one word: "in * hands" matches "in Russian hands"
                if all(word == "*" or word in forms[n + k] for k, word in enumerate(phrase)):
                    words[tokens[n].i] = category
        return words

    def _combine(self, categories: list[str]) -> str:
        present = set(categories)
        for first, second, combined in self.lex.combined:
            if first in present and second in present:
                return combined
        return categories[0]

    def _scope(self, mention: Mention, anchor: Token) -> str | None:
        """Whose figure: words of the counted phrase, then the object of its verb ("puts Russian deaths
        at ..."), then the subject of the nearest verb above it that has one, unless that verb reports."""
        head = _counted(anchor)
        groups: list[list[Token]] = [list(head.subtree)]
        verb = head
        while verb.head.i != verb.i:
            verb = verb.head
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            groups.extend(list(c.subtree) for c in verb.children if c.dep_ == "dobj" and c.i != head.i)
            subject = _subject(verb)
            if subject is None:
                continue
            if verb.lower_ not in self.lex.verbs and subject.i != head.i:
                groups.append(list(subject.subtree))
            break
        for tokens in groups:
            scope = self._scope_of(tokens)
            if scope is not None:
                return scope
        return None

    def _scope_of(self, tokens: list[Token]) -> str | None:
        found = set()
        for token in tokens:
            if _locative(token) or (
                token.dep_ != "pobj" and token.head.i != token.i and _locative(token.head)
            ):
                continue
            entity = self._entity_at(token.idx)
            if entity is not None and entity.canonical in self.lex.scope_canonical:
                found.add(self.lex.scope_canonical[entity.canonical])
            elif entity is not None and entity.kind == "place" and entity.country in self.lex.scope_country:
                found.add(self.lex.scope_country[entity.country])
            elif token.lower_ in self.lex.scopes:
                found.add(self.lex.scopes[token.lower_])
        for scope in self.lex.scope_order:
            if scope in found:
                return scope
        return None

    # -- time -----------------------------------------------------------------------------------------

    def _as_of(self, unit: _Unit) -> tuple[date | None, date | None]:
        dates = [m for m in self.dates if unit.start <= m.start and m.end <= unit.end]
        points = [m for m in dates if not m.text.lower().startswith(("since", "from", "after"))]
        if points:
            return points[0].time_start, points[0].time_end
        if dates:
            return dates[0].time_end, dates[0].time_end
        published = self.article.published
        return published, published


def _kind_words(groups: list[dict[str, Any]]) -> dict[str, frozenset[str]]:
    words: dict[str, set[str]] = {}
    for group in groups:
        words.setdefault(group["kind"], set()).update(group["words"])
    return {kind: frozenset(found) for kind, found in words.items()}


def _descriptor(name: Token) -> str | None:
    """The common noun that describes a name, which a later "the channel" or "the paper" points back to:
    "the military blogger channel Rybar", "The Moscow newspaper Kommersant", "Rybar, a pro-war channel,"
    (the language layer knowing the name makes it the speaker, so the noun is no longer the phrase's)."""
    if name.pos_ != "PROPN":
        return None
    if name.dep_ == "appos" and name.head.pos_ == "NOUN":  # "the channel Rybar", parsed as an apposition
        return name.head.lower_
    for child in reversed(list(name.lefts)):
        if child.pos_ == "NOUN" and child.dep_ in ("compound", "nmod"):
            return child.lower_
    appos = next((c for c in name.rights if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
    if appos is not None:
        return appos.lower_
    # a name that ends in the noun of its kind: "the 47th Mechanised Brigade" is a later "the brigade"
    if any(c.dep_ in ("compound", "amod") for c in name.lefts):
        return name.lower_
    return None


def base_forms(word: str, irregular: dict[str, str]) -> tuple[str, ...]:
    """The word and the base forms it may be an inflection of, so that a word list can name a word
    family once: "perished", "perishes", "perishing" → "perish"; "injuries" → "injury"; "lost" → "lose"
    (irregular forms come from the data file). Candidates that are no word ("injur") match nothing in a
    list, so over-generating is harmless; a list entry that is itself an inflected form still matches."""
    forms = [word]
    if word in irregular:
        forms.append(irregular[word])
    if len(word) > 4 and word.endswith(("ies", "ied")):
        forms.append(word[:-3] + "y")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
        if word.endswith("es"):
            forms.append(word[:-2])
    for suffix in ("ed", "ing"):
        stem = word[: -len(suffix)]
        if len(stem) > 2 and word.endswith(suffix):
            forms.extend((stem, stem + "e"))
            if stem[-1] == stem[-2]:  # "stopped" → "stop"
                forms.append(stem[:-1])
    return tuple(dict.fromkeys(forms))


def _km2(square_miles: float | None) -> float | None:
    return None if square_miles is None else round(square_miles * SQUARE_MILE_KM2, 1)


_NOT_NAME_POS = frozenset({"VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM", "PUNCT"})
_LOCATIVE = frozenset({"in", "at", "near", "inside", "across", "around", "into", "to", "outside", "on"})
_PREPOSITION_ARCS = frozenset({"prep", "agent"})
_BRACKETED_NAME = re.compile(r"\(((?:[A-Z][\w'-]+ ){1,3}[A-Z][\w'-]+)\)")  # "The Minister (Erik Holm)"
_COMPARED = frozenset({"from", "than"})  # "up from 30,000", "more than last year's 1.6 billion"
_PLACED = frozenset({"in", "at", "near", "inside", "around"})  # where people are: "remained in Belarus"
_CHANGES = frozenset({"up", "down"})  # "up 1,100 in a fortnight": the change of a figure
_TOWARDS = frozenset({"to", "into", "towards", "toward"})  # where people go: "went to Bakhmut"
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
_PRONOUN_GENDER_FORMS = {**_POSSESSIVE_PRONOUNS, "herself": "she", "him": "he", "himself": "he"}
_AUDIENCE_PRONOUNS = frozenset({"i", "we", "you"})  # "we are told": those told, not those telling
_UNNAMED_PEOPLE = frozenset({"person", "people", "someone", "somebody"})  # "a person close to ..."
_FRAGMENT_WORDS = 5  # a quotation of fewer words is a quoted phrase, not speech


# how far a people word may be from the only number of its sentence when no word is nearer
_FAR_ARCS = 6

# arcs from an amount up to the verb that states it as the value of its subject ("the figure was
# somewhere north of 70,000", "the total stood at 230")
_VALUE_ARCS = frozenset({"attr", "acomp", "prep", "pobj", "advmod", "npadvmod", "quantmod"})


def _compared(anchor: Token) -> bool:
    """The amount is the other end of a comparison: "up from 1.6 billion", "more than 30,000"."""
    return any(t.dep_ == "pobj" and t.head.lower_ in _COMPARED for t in (anchor, anchor.head))


def _locative(token: Token) -> bool:
    """The token is the object of a preposition of place ("in Ukraine"); "from" tells origin, which
    is whose ("reservists from Russia's Kursk region")."""
    return token.dep_ == "pobj" and token.head.lower_ in _LOCATIVE


def _counted(anchor: Token) -> Token:
    """The noun a number counts: up from the number through its modifier arcs ("9,000" → "troops")."""
    head = anchor
    while head.dep_ in ("nummod", "quantmod", "compound", "advmod") and head.head.i != head.i:
        head = head.head
    return head


def _up_to(token: Token, top: Token) -> list[Token]:
    """`token` and its ancestors below `top`."""
    chain = []
    while token.i != top.i and token.head.i != token.i:
        chain.append(token)
        token = token.head
    return chain


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i:
        token = token.head
        depth += 1
    return depth


def _tree_distance(a: Token, b: Token) -> int:
    """Arcs between two tokens of a sentence, not counting a preposition on the way: the parse makes
    the preposition the head of its object, so "charges of desertion" is one step of meaning but two
    arcs ("14 servicemen face charges of desertion")."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    at_b = {t.i: n for n, t in enumerate(up_b)}
    for n, token in enumerate(up_a):
        if token.i in at_b:
            between = [*up_a[1 : n + 1], *up_b[1 : at_b[token.i]]]
            if token.i in (a.i, b.i):
                between = [t for t in between if t.i not in (a.i, b.i)]
            return n + at_b[token.i] - sum(1 for t in between if t.dep_ in _PREPOSITION_ARCS)
    return 99


def _subject(verb: Token) -> Token | None:
    """The verb's subject; of two (a misparse of "..., most of them ..., a spokesman told"), the nearer."""
    subjects = [child for child in verb.children if child.dep_ in _SUBJECTS and not child.is_digit]
    if len(subjects) == 2:
        common, name = sorted(subjects, key=lambda child: child.i)
        if common.pos_ == "NOUN" and name.pos_ == "PROPN" and common.right_edge.i + 1 == name.left_edge.i:
            return common  # "The human rights group OVD-Info said": the name is the noun's apposition
    if subjects:
        subject = min(subjects, key=lambda child: abs(child.i - verb.i))
        if _opening_participle(subject):
            # "Replying, the minister said": the parse joins the noun to the participle
            joined = (
                c for c in subject.children if c.dep_ in ("conj", "appos") and c.pos_ in ("NOUN", "PROPN")
            )
            return next(joined, subject)
        return subject
    # "... said and added": a coordinated verb shares the first verb's subject.
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        for child in verb.head.children:
            if child.dep_ in _SUBJECTS:
                return child
    return None


def _inverted_subject(verb: Token) -> Token | None:
    """The speaker after a closing verb of saying ("..., wrote the paper.", "..., reported the agency."),
    which the parse may take for the verb's object: a noun phrase right after the verb, after a comma,
    that ends the sentence."""
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text != "," or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    if any(child.dep_ in _SUBJECTS for child in verb.children):
        return None
    for child in verb.children:
        if child.dep_ == "dobj" and child.pos_ in ("NOUN", "PROPN") and child.left_edge.i == verb.i + 1:
            end = child.right_edge.i + 1
            if end >= len(doc) or doc[end].text in (".", "!") or doc[end].is_space:
                return child
    return None


def _has_at_phrase(verb: Token, estimate: Token) -> bool:
    """An "at" phrase on the verb or on its object ("had the figure at 700"; the parse hangs it on either)."""
    children = (*verb.children, *estimate.children)
    return any(child.dep_ == "prep" and child.lower_ == "at" for child in children)


def _opening_participle(token: Token) -> bool:
    """An -ing word that opens its sentence, set off by a comma ("Replying, ...", "Speaking later, ...")."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return (
        token.lower_.endswith("ing")
        and bool(token.is_sent_start)
        and following is not None
        and following.text == ","
    )


def _participle_subject(verb: Token) -> Token | None:
    """The subject a reporting participle shares with the verb it hangs from: "The district issued a
    statement, saying that ...", "Sverdlin was quoted as saying that ..."."""
    above = verb.head
    if verb.dep_ == "pcomp" and above.dep_ == "prep":
        if above.lower_ == "as" and verb.tag_ == "VBG":
            # "Hromadske quotes a battalion commander as saying that ...": the one quoted speaks
            quoted = [child for child in above.head.children if child.dep_ == "dobj"]
            if quoted:
                return quoted[0]
        above = above.head
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "pcomp") and above.pos_ in ("VERB", "AUX"):
        for child in above.children:
            if child.dep_ in _SUBJECTS:
                return child
    return None


def _acts_as_verb(token: Token) -> bool:
    """A verb, or a word the tagger took for a noun that the parse still gives a subject and a clause
    ("Ukraine's military estimates that ...": estimates NOUN, with nsubj and ccomp)."""
    if token.pos_ in ("VERB", "AUX"):
        return True
    deps = {child.dep_ for child in token.children}
    return token.pos_ == "NOUN" and "nsubj" in deps and ("ccomp" in deps or token.dep_ == "ROOT")


def _is_passive(verb: Token) -> bool:
    return any(child.dep_ == "auxpass" for child in verb.children)


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _phrase(head: Token, unit: _Unit) -> tuple[int, int]:
    """Character span of a speaker's name: the head with its determiners, modifiers and "of"/"for"
    phrases, the names joined to it by and/or, and the name that directly follows a common noun ("the
    news site Ura.ru"), without
    appositions set off by commas, relative clauses and the sentence's dateline."""
    tokens = [head, *_name_after(head, unit)]
    for child in head.children:
        if child.dep_ in _PHRASE_DEPS or _describes_speaker(child):
            tokens.extend(child.subtree)
        elif child.dep_ in ("cc", "conj") and child.i > head.i and child.pos_ in ("CCONJ", "NOUN", "PROPN"):
            tokens.extend(child.subtree)  # joint speakers: "The BBC Russian service and Mediazona have"
    tokens = sorted((t for t in tokens if unit.text_start <= t.idx < unit.end), key=lambda t: t.i)
    tokens = [t for t in tokens if not t.is_punct or t.text in "'’-"] or [head]
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end


def _name_after(head: Token, unit: _Unit) -> list[Token]:
    """The capitalised words right after a common noun that name it ("the channel Rybar", "the newspaper
    Kommersant"); the small model often tags such a name as an apposition or even an adverb."""
    if head.pos_ != "NOUN":
        return []
    name: list[Token] = []
    doc = head.doc
    for token in doc[head.i + 1 : min(head.i + 6, unit.span.end)]:
        joined = (  # "OVD-Info": a hyphen inside the name
            token.text == "-"
            and name
            and not name[-1].whitespace_
            and not token.whitespace_
            and token.i + 1 < len(doc)
            and doc[token.i + 1].text[:1].isupper()
        )
        if joined:
            name.append(token)
            continue
        if not token.text[:1].isupper() or token.pos_ in _NOT_NAME_POS or token.is_punct:
            break
        if token.ent_type_ in ("DATE", "TIME"):  # "US officials Tuesday said"
            break
        name.append(token)
    return name


def _names_a_proper_noun(tag: Span) -> bool:
    """A speaker tag made of title-case proper nouns (and numbers: "Two Majors") that names no place."""
    return (
        any(t.pos_ == "PROPN" for t in tag)
        and all((t.pos_ == "PROPN" and t.is_title and len(t) > 1) or t.pos_ == "NUM" for t in tag)
        and not any(t.ent_type_ in ("GPE", "LOC") for t in tag)
    )


def _in_hyphenated_word(token: Token) -> bool:
    """Part of a hyphenated word ("open-source" is no anonymous source)."""
    doc = token.doc
    before = token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_
    after = token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_
    return before or after


def _describes_speaker(child: Token) -> bool:
    """A short participle phrase that tells who the speaker is ("a lawyer representing the families",
    "a source close to ..."); longer clauses are reported content, not the speaker's name."""
    return child.dep_ == "acl" and child.tag_ in ("VBG", "VBN") and sum(1 for _ in child.subtree) <= 6


def _opening_noun(unit: _Unit, verb: Token) -> Token | None:
    """The noun that opens the unit before `verb` ("A farmer who ... says"), past determiners,
    adjectives and the first words of a compound name."""
    for token in unit.span:
        if token.idx < unit.text_start:
            continue
        if token.i >= verb.i:
            return None
        if token.is_punct or token.is_space or token.pos_ in ("DET", "ADJ", "NUM"):
            continue
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ != "compound":
            return token
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
    return None


def _quotation_sizes(body: str, quotes: _Quotes) -> dict[int, int]:
    """Words per quotation block."""
    sizes: dict[int, int] = {}
    for match in _WORD.finditer(body):
        block = quotes.block_of[match.start()]
        if block >= 0:
            sizes[block] = sizes.get(block, 0) + 1
    return sizes


def _find_quotes(body: str) -> _Quotes:
    """Mark quoted speech paragraph by paragraph. Curly quotes open and close; straight double quotes
    alternate. A paragraph left open continues the same block when the next paragraph opens with a quote
    mark; otherwise the quotation ends with its paragraph."""
    block_of = [-1] * len(body)
    blocks = 0
    carried: int | None = None  # the block left open by the previous paragraph
    offset = 0
    for paragraph in body.split("\n"):
        stripped = paragraph.lstrip()
        lead = len(paragraph) - len(stripped)
        current: int | None = None
        for i, char in enumerate(paragraph):
            position = offset + i
            opening = char in _OPEN_QUOTES or (char == '"' and current is None)
            closing = char in _CLOSE_QUOTES or (char == '"' and current is not None)
            if current is None and opening:
                if i == lead and carried is not None:
                    current = carried
                else:
                    current = blocks
                    blocks += 1
                block_of[position] = current
                continue
            if current is not None and closing:
                block_of[position] = current
                current = None
                continue
            if current is not None:
                block_of[position] = current
        carried = current
        offset += len(paragraph) + 1
    return _Quotes(block_of)
