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
  the previous speaker.
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
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsledger.errors import ConfigError
from newsledger.nlp.datafiles import load_toml
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
_OPEN_QUOTES = "“„«"
_CLOSE_QUOTES = "”»"
_ANY_QUOTE = '"“”„«»'
_WORD = re.compile(r"[\w'’-]+")
# A wire dateline: a capitalised place, a comma, a date and perhaps the agency, then a dash.
_DATELINE = re.compile(r"[A-Z][A-Z .'’-]+,[^\n]{0,60}?\s[-–—]\s")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    verbs: dict[str, str]  # form → base
    hedging_verbs: frozenset[str]
    particles: dict[str, str]  # base → particle it needs
    need_complement: frozenset[str]
    hedge_words: frozenset[str]
    hedge_phrases: tuple[str, ...]
    speaker_keywords: tuple[tuple[str, frozenset[str]], ...]
    speaker_canonical: dict[str, str]
    speaker_prefix: tuple[tuple[str, str], ...]
    generic_prefixes: frozenset[str]
    speaker_members: frozenset[str]
    person_words: frozenset[str]
    documents: frozenset[str]
    categories: dict[str, str]  # word → category
    category_phrases: tuple[tuple[tuple[str, ...], str], ...]  # (words, category)
    category_things: dict[str, frozenset[str]]  # category → the counted things it allows
    people_categories: frozenset[str]
    people_words: frozenset[str]
    scope_country: dict[str, str]
    thing_cancels: frozenset[str]
    category_units: dict[str, str]
    combined: tuple[tuple[str, str, str], ...]  # (category a, category b, combined category)
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
        return _Lexicon(
            verbs=verbs,
            hedging_verbs=frozenset(reporting["hedging"]),
            particles=dict(reporting.get("particles", {})),
            need_complement=frozenset(reporting["need_complement"]),
            hedge_words=frozenset(merged["hedges"]["words"]),
            hedge_phrases=tuple(merged["hedges"]["phrases"]),
            speaker_keywords=tuple(
                (group["kind"], frozenset(group["words"])) for group in merged["speaker_keywords"]
            ),
            speaker_canonical=dict(merged["speaker_canonical"]),
            speaker_prefix=tuple(merged["speaker_prefix"].items()),
            generic_prefixes=frozenset(merged.get("generic_prefixes", {}).get("prefixes", [])),
            speaker_members=frozenset(merged["speaker_members"]["words"]),
            person_words=frozenset(merged["described_persons"]["words"]),
            documents=frozenset(merged["speaking_documents"]["words"]),
            categories=categories,
            category_phrases=tuple(
                (tuple(phrase.lower().split()), name)
                for name, phrases in merged.get("category_phrases", {}).items()
                for phrase in phrases
            ),
            category_things={
                name: frozenset(words) for name, words in merged.get("category_things", {}).items()
            },
            people_categories=frozenset(merged["people_categories"]["categories"]),
            people_words=frozenset(merged["people_categories"]["people_words"]),
            scope_country=dict(merged.get("scope_country", {})),
            thing_cancels=frozenset(merged.get("thing_cancels", {}).get("words", [])),
            category_units=dict(merged["category_units"]),
            combined=combined,
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
                attribution = _Attribution(attribution.speaker, attribution.kind, attribution.verb, True)
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

    def _quotation_attribution(self, unit: _Unit) -> _Attribution | None:
        block = unit.block
        assert block is not None
        if block in self.block_attribution:
            return self.block_attribution[block]
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
            elif lower in self.lex.verbs and _acts_as_verb(token):
                found = self._reporting_verb(token, unit)
                if found is not None:
                    candidates.append((_depth(token), 0, found))
        if not candidates:
            return None
        return min(candidates, key=lambda c: (c[0], c[1]))[2]

    def _according_to(self, to: Token, unit: _Unit) -> _Attribution | None:
        objects = [child for child in to.children if child.dep_ == "pobj"]
        if not objects:
            return None
        speaker, kind = self._speaker(objects[0], unit)
        if speaker is None:
            return None
        hedged = objects[0].lower_ in ("reports", "sources")  # unnamed plural sources
        return _Attribution(speaker, kind, "according to", hedged)

    def _reporting_verb(self, verb: Token, unit: _Unit) -> _Attribution | None:
        base = self.lex.verbs[verb.lower_]
        particle = self.lex.particles.get(base)
        if particle is not None and not any(c.dep_ == "prt" and c.lower_ == particle for c in verb.children):
            return None
        if base in self.lex.need_complement and not self._has_complement(verb, unit):
            return None
        hedged = base in self.lex.hedging_verbs
        subject = _subject(verb)
        passive_subject = subject is not None and (
            subject.dep_ == "nsubjpass" or (subject.lower_ == "it" and _is_passive(verb))
        )
        if passive_subject:
            agent = _agent(verb)
            if agent is None:
                return _Attribution(None, "anonymous", verb.lower_, True)
            subject = agent
        elif _is_passive(verb):
            return None
        if (subject is None and verb.dep_ == "ROOT") or (
            subject is not None and not unit.text_start <= subject.idx < unit.end
        ):
            # No subject, or one in the previous paragraph or the dateline (the parse ran across the break):
            # the noun that opens the sentence proper speaks ("A farmer who spoke to ... says").
            subject = _opening_noun(unit, verb)
        if subject is None:
            return None
        subject = self._author_of(subject)
        speaker, kind = self._speaker(subject, unit)
        if speaker is None:
            return None
        return _Attribution(speaker, kind, verb.lower_, hedged)

    def _author_of(self, subject: Token) -> Token:
        """A document that speaks for its author: "A report by the Conflict Intelligence Team found ..."."""
        if subject.lower_ not in self.lex.documents:
            return subject
        for prep in subject.children:
            if prep.dep_ == "prep" and prep.lower_ in ("by", "from"):
                for author in prep.children:
                    if author.dep_ == "pobj":
                        return author
        return subject

    def _has_complement(self, verb: Token, unit: _Unit) -> bool:
        for child in verb.children:
            if child.dep_ in ("ccomp", "xcomp", "parataxis"):
                return True
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
        if head.lower_ in _PRONOUNS and head.pos_ == "PRON":
            return self._antecedent(head)
        if head.pos_ in ("PRON", "DET") and head.lower_ not in ("one", "another", "some", "others"):
            return None, "anonymous"
        start, end = _phrase(head, unit)
        text = self.body[start:end]
        words = [t.lower_ for t in head.subtree if not any(a.dep_ in ("conj", "cc") for a in _up_to(t, head))]
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
            for child in head.children:  # "A spokesman for ..., Serhiy Cherevatyi,"
                if child.dep_ == "appos":
                    named = self._entity_at(child.idx)
                    # the model tags some people ORG ("Anatoly Bibilov")
                    if named is not None and named.kind in ("person", "org", "outlet", "agency", "group"):
                        text, canonical = named.text, named.canonical
                        break
            if canonical is None and head.pos_ == "PROPN":
                canonical = self._surname(head)
        return Role(text, canonical), self._kind_of(canonical, head.lower_, words)

    def _antecedent(self, pronoun: Token) -> tuple[Role | None, str]:
        """He/she: the latest person named or quoted before; it: the latest organisation, body or place
        named; they: the previous speaker when it spoke in this or the previous paragraph."""
        lower = pronoun.lower_
        paragraph = self.body.count("\n", 0, pronoun.idx)
        if lower == "they" and self.speakers and self.speakers[-1][1] >= paragraph - 1:
            return self.speakers[-1][2].speaker, self.speakers[-1][2].kind
        wanted = _ANTECEDENT_KINDS[lower]
        options: list[tuple[int, Role, str]] = []
        for position, _paragraph, said in reversed(self.speakers):
            speaker = said.speaker
            if speaker is None:
                continue
            personal = (speaker.canonical or "").startswith("person:") or (
                speaker.canonical is None and said.kind not in ("media", "government", "ngo", "expert")
            )
            if personal == (wanted == ("person",)):
                options.append((position, speaker, said.kind))
                break
        for mention in reversed(self.entities):
            if (
                mention.end <= pronoun.idx
                and mention.kind in wanted
                and not self.quotes.inside(mention.start, mention.end)
            ):
                role = Role(mention.text, mention.canonical)
                options.append(
                    (mention.start, role, self._kind_of(mention.canonical, "", [mention.text.lower()]))
                )
                break
        if wanted == ("person",):
            described = self._described_person_before(pronoun)
            if described is not None:
                options.append(described)
        if not options:
            if self.speakers:
                return self.speakers[-1][2].speaker, self.speakers[-1][2].kind
            return None, "anonymous"
        _position, role, kind = max(options, key=lambda option: option[0])
        return role, kind

    def _described_person_before(self, pronoun: Token) -> tuple[int, Role, str] | None:
        """The latest subject before `pronoun`, in its paragraph or the one before, that describes a person
        without naming one ("A deputy commander of the brigade ... described the assault. '...,' he said")."""
        paragraph = self.body.count("\n", 0, pronoun.idx)
        for unit in reversed(self.units):
            if unit.start >= pronoun.idx:
                continue
            if unit.paragraph < paragraph - 1:
                return None
            for token in unit.span:
                if (
                    token.dep_ in ("nsubj", "nsubjpass")
                    and token.pos_ == "NOUN"
                    and token.lower_ in self.lex.person_words
                    and not self.quotes.inside(token.idx, token.idx + len(token.text))
                ):
                    start, end = _phrase(token, unit)
                    words = [t.lower_ for t in token.subtree]
                    return (
                        token.idx,
                        Role(self.body[start:end], None),
                        self._kind_of(None, token.lower_, words),
                    )
        return None

    def _surname(self, head: Token) -> str | None:
        """A proper noun the language layer did not tag: the person named earlier with that last name."""
        for mention in self.entities:
            if (
                mention.kind == "person"
                and mention.start < head.idx
                and mention.text.split()[-1] == head.text
            ):
                return mention.canonical
        return None

    def _kind_of(self, canonical: str | None, head: str, words: Iterable[str]) -> str:
        """In order: the entity's own kind (exact id); a keyword that is the phrase's head ("the wife of
        one of the soldiers" is a person); the kind of a specific entity (outlets, agencies, armed groups,
        places); a keyword anywhere in the phrase; a person's or organisation's generic kind."""
        if canonical is not None and canonical in self.lex.speaker_canonical:
            return self.lex.speaker_canonical[canonical]
        for kind, keywords in self.lex.speaker_keywords:
            if head in keywords:
                return kind
        generic = None
        for prefix, kind in self.lex.speaker_prefix:
            if canonical is not None and canonical.startswith(prefix):
                if prefix not in self.lex.generic_prefixes:
                    return kind
                generic = kind
                break
        word_set = set(words)
        for kind, keywords in self.lex.speaker_keywords:
            if word_set & keywords:
                return kind
        return generic or "person"

    def _entity_at(self, offset: int) -> Mention | None:
        for mention in self.entities:
            if mention.start <= offset < mention.end:
                return mention
        return None

    def _in_quote(self, token: Token) -> bool:
        return self.quotes.block_of[token.idx] >= 0 if token.idx < len(self.quotes.block_of) else False

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
        mentions = [m for m in self.quantities if unit.start <= m.start and m.end <= unit.end]
        anchors = [self._anchor(m) for m in mentions]
        for mention, anchor in zip(mentions, anchors, strict=True):
            if anchor is None:
                continue
            others = [a for a in anchors if a is not None and a.i != anchor.i]
            category = self._category(mention, anchor, unit, others)
            if category is None:
                continue
            # A figure listed after another shares its scope ("9,000 Wagner killed and 21,000 wounded").
            scope = self._scope(mention, anchor) or (found[-1].scope if found else None)
            found.append(
                ClaimQuantity(
                    mention.quantity_min, mention.quantity_max, mention.unit, mention.thing, category, scope,
                    mention.text,
                )
            )  # fmt: skip
            if mention.unit == "sq mi":
                found.append(
                    ClaimQuantity(
                        _km2(mention.quantity_min), _km2(mention.quantity_max), "km2", mention.thing,
                        category, scope, mention.text,
                    )
                )  # fmt: skip
        return found

    def _anchor(self, mention: Mention) -> Token | None:
        """The token of the amount that hangs the quantity in the parse (its head lies outside it)."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        numbers = [t for t in span if t.like_num or t.pos_ == "NUM"] or list(span)
        return numbers[-1]

    def _category(self, mention: Mention, anchor: Token, unit: _Unit, others: list[Token]) -> str | None:
        if mention.unit in self.lex.category_units:
            return self.lex.category_units[mention.unit]
        if mention.unit not in (None, "people"):
            return None  # distances, percentages, weights
        thing_words = [w.lower() for w in _WORD.findall(mention.thing or "")]
        category = self._category_from_thing(thing_words[-1:], thing_words)
        if category is None:
            category = self._category_from_parse(mention, anchor, unit, others)
        if category is None:
            return None
        if (
            category in self.lex.people_categories
            and mention.unit != "people"
            and thing_words
            and thing_words[-1] not in self.lex.people_words
        ):
            return None  # "several cases of troops refusing" counts cases
        allowed = self.lex.category_things.get(category)
        if allowed is not None and thing_words and thing_words[-1] not in allowed:
            return None  # "Several readers sent me photos"
        return category

    def _category_from_thing(self, head_words: list[str], thing_words: list[str]) -> str | None:
        """The category the counted noun names ("9,000 dead", "34 tanks"); its modifiers do not count
        ("mobilised soldiers" are not a deployment), and some cancel it ("former prisoners")."""
        if any(word in self.lex.thing_cancels for word in thing_words):
            return None
        named = [self.lex.categories[w] for w in head_words if w in self.lex.categories]
        return self._combine(named) if named else None

    def _category_from_parse(
        self, mention: Mention, anchor: Token, unit: _Unit, others: list[Token]
    ) -> str | None:
        """The category word nearest to the number in the parse (at most four arcs away), unless it is
        nearer to another number of the sentence; failing that, a category word right after the counted
        noun ("500 soldiers moved ..."), or the object or subject of the verb above the number ("puts
        Russian deaths ... as high as 50,000", where the parse hangs the number elsewhere)."""
        words = self._category_words(unit)
        quoted = self._in_quote(anchor)
        counted = _counted(anchor)
        best: tuple[int, int, Token] | None = None
        for token in unit.span:
            if token.i not in words or self._in_quote(token) != quoted:
                continue
            if mention.start <= token.idx < mention.end:
                continue
            if token.dep_ in ("amod", "compound") and token.head.i == counted.i:
                continue  # a modifier of the counted noun: "40 mobilised soldiers ... refused"
            if any(child.lower_ in self.lex.thing_cancels for child in token.children):
                continue
            distance = _tree_distance(anchor, token)
            if distance > 4:
                continue
            # A word nearer to another number is that number's ("9,000 dead and 21,000 wounded").
            if any(_tree_distance(other, token) < distance for other in others):
                continue
            key = (distance, abs(token.i - anchor.i))
            if best is None or key < best[:2]:
                best = (key[0], key[1], token)
        if best is None:
            following = [counted.i + 1, counted.i + 2]
            for index in following:
                if index in words and index < unit.span.end and not self.doc[index].is_punct:
                    return words[index]
            verb = next((a for a in anchor.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if verb is None:
                return None
            for child in verb.children:
                if child.dep_ in ("dobj", "nsubj", "nsubjpass") and child.i in words and not others:
                    return words[child.i]
            return None
        word = best[2]
        categories = [words[word.i]]
        for joined in word.conjuncts:
            other = words.get(joined.i)
            if other is None:
                continue
            if any(_tree_distance(o, joined) < _tree_distance(anchor, joined) for o in others):
                continue
            categories.append(other)
        return self._combine(categories)

    def _category_words(self, unit: _Unit) -> dict[int, str]:
        """Token index → category, for the category words and the first words of category phrases
        ("left their positions") of the unit."""
        words = {t.i: self.lex.categories[t.lower_] for t in unit.span if t.lower_ in self.lex.categories}
        lowered = [t.lower_ for t in unit.span]
        for phrase, category in self.lex.category_phrases:
            size = len(phrase)
            for n in range(len(lowered) - size + 1):
                if tuple(lowered[n : n + size]) == phrase:
                    words[unit.span.start + n] = category
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


def _km2(square_miles: float | None) -> float | None:
    return None if square_miles is None else round(square_miles * SQUARE_MILE_KM2, 1)


_LOCATIVE = frozenset({"in", "at", "near", "inside", "across", "around", "into", "to", "outside", "on"})


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
    up_a = [a, *a.ancestors]
    up_b = {t.i: n for n, t in enumerate([b, *b.ancestors])}
    for n, token in enumerate(up_a):
        if token.i in up_b:
            return n + up_b[token.i]
    return 99


def _subject(verb: Token) -> Token | None:
    """The verb's subject; of two (a misparse of "..., most of them ..., a spokesman told"), the nearer."""
    subjects = [child for child in verb.children if child.dep_ in _SUBJECTS and not child.is_digit]
    if subjects:
        return min(subjects, key=lambda child: abs(child.i - verb.i))
    # "... said and added": a coordinated verb shares the first verb's subject.
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        for child in verb.head.children:
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
    phrases, without appositions, relative clauses and the sentence's dateline."""
    tokens = [head]
    for child in head.children:
        if child.dep_ in _PHRASE_DEPS or _describes_speaker(child):
            tokens.extend(child.subtree)
    tokens = sorted((t for t in tokens if unit.text_start <= t.idx < unit.end), key=lambda t: t.i)
    tokens = [t for t in tokens if not t.is_punct or t.text in "'’-"] or [head]
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end


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
