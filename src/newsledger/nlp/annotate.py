"""Article → list of Mention: the public entry point of the language layer.

`ArticleAnnotator` loads the spaCy model and every data file once; `annotate(articles)` runs one batched
`nlp.pipe` over the bodies and turns each doc into mentions (entities with canonical ids, places with
coordinates, resolved time expressions, quantities), each with character offsets into `Article.body`
and the index of its sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span

from newsledger.nlp.datafiles import slugify
from newsledger.nlp.entities import (
    GAZETTEER,
    MODEL,
    EntityRules,
    Found,
    fold_surnames,
    model_entity_kind,
    person_id,
    trim_span,
)
from newsledger.nlp.model import load_model
from newsledger.nlp.places import Gazetteer, Place, article_context, place_precision, relation_before
from newsledger.nlp.quantities import QuantityParser, load_quantity_rules
from newsledger.nlp.times import TimeResolver, load_anchors
from newsledger.records import Article, Mention

# Lower-case words inside organisation names ("Bank of England", "Doctors without Borders").
_NAME_JOINING_WORDS = frozenset(
    {"of", "and", "the", "for", "de", "du", "la", "al", "von", "van", "der", "without"}
)
# Words that keep a model ORG containing a place name a place ("Kherson Oblast"), where other words make
# it an organisation named after the place ("Kyiv Ledger", "Belgorod Today").
_GEOGRAPHIC_WORDS = frozenset(
    {"region", "oblast", "province", "district", "republic", "krai", "city", "town", "village", "river",
     "sea", "peninsula", "raion"}
)  # fmt: skip


class ArticleAnnotator:
    """Loads the model and the data once; `annotate` is the one thing it does."""

    def __init__(
        self,
        *,
        extra_entities: Sequence[Path] = (),
        extra_places: Sequence[Path] = (),
        extra_times: Sequence[Path] = (),
        extra_quantities: Sequence[Path] = (),
        outlets: Iterable[tuple[str, str]] | None = None,
        batch_size: int = 32,
        n_process: int = 1,
    ) -> None:
        """`outlets` are (id, name) pairs of the outlet registry, named in stories as sources
        ("according to Mediazona"); by default the packaged registry."""
        self.nlp = load_model()
        if outlets is None:
            from newsledger.clean.outlets import default_registry

            outlets = [(outlet.id, outlet.name) for outlet in default_registry()]
        outlets = tuple(outlets)
        # What a pickled annotator is rebuilt from in a worker process (the model is not pickled).
        self._config = {
            "extra_entities": tuple(extra_entities), "extra_places": tuple(extra_places),
            "extra_times": tuple(extra_times), "extra_quantities": tuple(extra_quantities),
            "outlets": outlets, "batch_size": batch_size, "n_process": n_process,
        }  # fmt: skip
        self._entities = EntityRules.load(self.nlp, extra_entities, outlets)
        self._gazetteer = Gazetteer.load(self.nlp, extra_places)
        self._times = TimeResolver(load_anchors(extra_times))
        self._quantities = QuantityParser(load_quantity_rules(extra_quantities))
        self._batch_size = batch_size
        self._n_process = n_process

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        return _rebuild_annotator, (self._config,)

    def annotate(self, articles: Sequence[Article]) -> list[list[Mention]]:
        """The mentions of each article, in body order, in the order of `articles`.

        A body longer than spaCy's limit (nlp.max_length, 1,000,000 characters) is annotated up to the
        limit: the parser's memory grows with the text, and no news article comes near it."""
        return [mentions for _doc, mentions in self.annotate_docs(articles)]

    def annotate_docs(self, articles: Sequence[Article]) -> list[tuple[Doc, list[Mention]]]:
        """Like `annotate`, with each article's parsed spaCy `Doc` beside its mentions (for the
        extractors, which read the dependency parse)."""
        docs = self.nlp.pipe(
            (self._text(article) for article in articles),
            batch_size=self._batch_size,
            n_process=self._n_process,
        )
        return [(doc, self._mentions(article, doc)) for article, doc in zip(articles, docs, strict=True)]

    def _text(self, article: Article) -> str:
        return article.body[: self.nlp.max_length]

    def _mentions(self, article: Article, doc: Doc) -> list[Mention]:
        body = self._text(article)
        sentence_starts = [sentence.start_char for sentence in doc.sents]
        spans = self._entity_spans(doc)
        mentions = _Builder(article.id, body, sentence_starts)

        place_spans = [(f.start, f.end) for f in spans if f.kind == "place" and f.priority == GAZETTEER]
        context = article_context(self._gazetteer, doc, place_spans)
        people: list[tuple[int, str, str | None, bool]] = []
        names: list[tuple[int, int]] = []  # entity spans: no time or quantity inside a name
        for found in spans:
            span = doc[found.start : found.end]
            if found.kind == "place":
                place = self._gazetteer.resolve(span, context) if found.priority == GAZETTEER else None
                floor = sentence_starts[mentions.sentence(span.start_char)] if sentence_starts else 0
                relation = relation_before(body, span.start_char, floor)
                mentions.place(span.start_char, span.end_char, place, relation)
                continue
            names.append((span.start_char, span.end_char))
            if found.kind == "person":
                people.append((len(mentions.items), span.text, found.canonical, _opens_sentence(span)))
            # A qualified form whose country stays unknown keeps canonical None: no guessed ministry.
            canonical = found.canonical
            if canonical is None and found.qualified < 0:
                canonical = f"{found.kind}:{slugify(span.text.removeprefix('The '))}"
            mentions.entity(span.start_char, span.end_char, found.kind, canonical)
        _fold_people(mentions, people)

        taken = list(names)
        for hit in self._times.find(body, article.published, doc, names):
            taken.append((hit.start, hit.end))
            mentions.add(
                Mention(
                    article.id, mentions.sentence(hit.start), hit.start, hit.end, body[hit.start : hit.end],
                    "date", time_start=hit.time_start, time_end=hit.time_end, time_precision=hit.precision,
                )
            )  # fmt: skip
        for quantity in self._quantities.find(body, doc, taken):
            mentions.add(
                Mention(
                    article.id, mentions.sentence(quantity.start), quantity.start, quantity.end,
                    body[quantity.start : quantity.end], "quantity", quantity_min=quantity.minimum,
                    quantity_max=quantity.maximum, approximate=quantity.approximate, unit=quantity.unit,
                    thing=quantity.thing,
                )
            )  # fmt: skip
        return sorted(mentions.items, key=lambda mention: (mention.start, mention.end))

    def _entity_spans(self, doc: Doc) -> list[Found]:
        """Rule, gazetteer and model spans, overlaps settled: the model's own entities lose to any rule or
        gazetteer span; among those the longer span wins ("Sea of Azov" over the Azov regiment), then
        the rule over the gazetteer."""
        candidates = self._entities.resolve_qualified(doc, self._entities.find(doc))
        candidates += [Found(s, e, "place", None, GAZETTEER) for s, e in self._gazetteer.find(doc)]
        for ent in doc.ents:
            start, end = trim_span(doc, ent.start, ent.end)
            if start >= end or "\n" in ent.text:  # a name never runs across paragraphs
                continue
            span = doc[start:end]
            if ent.label_ in ("GPE", "LOC"):
                # "Ukrainian" (an adjective) and sentence openers ("Servicemen") are not places.
                if (
                    span.text[0].isupper()
                    and any(t.pos_ == "PROPN" for t in span)
                    and not (len(span) == 1 and span[0].is_sent_start)
                ):
                    candidates.append(Found(start, end, "place", None, MODEL))
                continue
            kind = model_entity_kind(span, ent.label_)
            if kind is None:
                continue
            priority = MODEL
            if kind == "org" and len(span) > 1 and _reads_as_a_name(span):
                priority = GAZETTEER  # the longer "Kyiv Ledger" (an outlet) beats the place Kyiv inside it
            candidates.append(Found(start, end, kind, None, priority))
        # At equal priority and length a place goes first.
        candidates.sort(
            key=lambda f: (
                f.priority < GAZETTEER,
                -(f.end - f.start),
                -f.priority,
                f.kind != "place",
                f.start,
            )
        )
        used = bytearray(len(doc))
        kept = []
        for found in candidates:
            if any(used[found.start : found.end]):
                continue
            used[found.start : found.end] = b"\x01" * (found.end - found.start)
            kept.append(found)
        return sorted(kept, key=lambda f: f.start)


def _reads_as_a_name(span: Span) -> bool:
    """A multi-word organisation span that is a name, not a stretch of text the model ran over places:
    no geographic word ("the Kherson region"), and no lower-case word but those that join the words of
    a name ("Bank of England"; not "Florence to Milan", "Victoria on Vancouver Island")."""
    words = [t.lower_ for t in span if t.is_alpha]
    if any(word in _GEOGRAPHIC_WORDS for word in words):
        return False
    return all(t.text[0].isupper() or t.lower_ in _NAME_JOINING_WORDS for t in span if t.is_alpha)


def _rebuild_annotator(config: dict[str, Any]) -> ArticleAnnotator:
    return ArticleAnnotator(**config)


class _Builder:
    """Collects one article's mentions and knows its sentence boundaries."""

    def __init__(self, article_id: str, body: str, sentence_starts: list[int]):
        self.article_id = article_id
        self.body = body
        self.sentence_starts = sentence_starts
        self.items: list[Mention] = []

    def sentence(self, start: int) -> int:
        return max(0, bisect_right(self.sentence_starts, start) - 1)

    def add(self, mention: Mention) -> None:
        self.items.append(mention)

    def entity(self, start: int, end: int, kind: str, canonical: str | None) -> None:
        text = self.body[start:end]
        self.add(Mention(self.article_id, self.sentence(start), start, end, text, kind, canonical))

    def place(self, start: int, end: int, place: Place | None, relation: str | None) -> None:
        text = self.body[start:end]
        if place is None:
            self.add(
                Mention(
                    self.article_id, self.sentence(start), start, end, text, "place",
                    f"place:{slugify(text)}", relation=relation,
                )
            )  # fmt: skip
            return
        precision = place_precision(place, relation)
        self.add(
            Mention(
                self.article_id, self.sentence(start), start, end, text, "place", place.id,
                lat=place.lat, lon=place.lon, country=place.country, relation=relation,
                place_precision=precision,
            )
        )  # fmt: skip


def _opens_sentence(span: Span) -> bool:
    """The span is the first word of its sentence (opening quotes and brackets aside)."""
    sentence = span.sent
    first = sentence.start
    while first < sentence.end and span.doc[first].is_punct:
        first += 1
    return span.start <= first


def _fold_people(mentions: _Builder, people: list[tuple[int, str, str | None, bool]]) -> None:
    """A surname alone resolves to the full name mentioned in the same article ("Wallace" → Ben Wallace).

    A lone capitalised word opening a sentence that names nobody met in the article ("Morale has
    collapsed", "Riot police from ...") is the small model's mistake, not a person: it is dropped."""
    surnames = fold_surnames([(text, canonical) for _index, text, canonical, _opens in people])
    dropped = set()
    for index, text, canonical, opens_sentence in people:
        mention = mentions.items[index]
        single = len(text.split()) == 1
        if single and canonical is None and text in surnames:
            canonical = surnames[text]
        elif single and canonical is None and opens_sentence:
            dropped.add(index)
            continue
        elif canonical is None:
            canonical = person_id(text)
        if canonical != mention.canonical:
            mentions.items[index] = replace(mention, canonical=canonical)
    if dropped:
        mentions.items = [m for i, m in enumerate(mentions.items) if i not in dropped]


@dataclass(frozen=True, slots=True)
class EntityCount:
    canonical: str
    kind: str
    name: str
    count: int


def canonical_entities(mentions: Iterable[Mention]) -> list[EntityCount]:
    """Entities and places by canonical id, most mentioned first, each named by its longest mention
    (the full name of a person later called by surname) — what `newsledger entities` lists."""
    counts: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        if mention.canonical is None or mention.kind in ("date", "quantity"):
            continue
        counts[mention.canonical] += 1
        kinds[mention.canonical] = mention.kind
        names[mention.canonical][mention.text] += 1
    result = []
    for canonical, count in counts.items():
        name = max(names[canonical].items(), key=lambda item: (len(item[0].split()), item[1]))[0]
        result.append(EntityCount(canonical, kinds[canonical], name, count))
    return sorted(result, key=lambda entity: (-entity.count, entity.canonical))
