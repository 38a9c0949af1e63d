"""The typed records that flow between the pipeline stages.

ingest → Document · clean → Article (or Rejection) · link → DuplicateLink, ReusedParagraph.
Every record that states a fact about a page keeps enough to trace it back: origin, line number, offsets.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


def content_id(text: str) -> str:
    """The id of a piece of content: the first 16 hex digits of the SHA-256 of its UTF-8 bytes.

    64 bits keep the chance of a collision below one in a million up to about 6 million documents,
    and stay short enough to type in `newsledger show`.
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Document:
    """One page as read from the input, before any cleaning."""

    id: str
    origin: str
    media_type: str  # "text/plain" or "text/html"
    text: str
    url: str | None = None
    fetched_at: str | None = None
    # What the container said about the page (JSONL fields, feed entries, WARC headers); never guessed.
    title_hint: str | None = None
    published_hint: str | None = None
    outlet_hint: str | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not become an article, with the reason in one line."""

    origin: str
    reason: str
    document_id: str | None = None


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line of the page that is not in the body, and why."""

    line: int  # 0-based line number in the document text (-1 where the HTML extractor dropped it)
    text: str
    reason: str


@dataclass(slots=True)
class Article:
    """A cleaned page: metadata, the body (one paragraph per line) and every removed line."""

    id: str
    document_id: str
    origin: str
    url: str | None
    outlet: str | None
    title: str | None
    byline: str | None
    published: date | None
    page_date: date | None  # a date shown on the page that is not the publication date
    body: str
    removed: list[RemovedLine] = field(default_factory=list)
    lang: str | None = None
    duplicate_of: str | None = None
    duplicate_similarity: float | None = None

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n") if self.body else []

    @property
    def words(self) -> int:
        return len(self.body.split())


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the corpus-wide duplicate search needs of one article, computed in the per-document half."""

    minhash: bytes  # the MinHash signature's hash values, uint64 little-endian
    bands: list[int]  # one LSH bucket per band of the signature
    paragraph_keys: list[int]  # one normalised hash per body paragraph
    paragraph_words: list[int]


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What the per-document half of the pipeline makes of one document: an article or a rejection."""

    document: Document
    article: Article | None
    rejection: Rejection | None = None
    fingerprint: Fingerprint | None = None
    site: str | None = None
    mentions: tuple[Mention, ...] = ()
    incidents: tuple[Incident, ...] = ()
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True, slots=True)
class DuplicateLink:
    """`article_id` is a near-copy of the earlier `duplicate_of`, with their estimated Jaccard similarity."""

    article_id: str
    duplicate_of: str
    similarity: float


@dataclass(frozen=True, slots=True)
class ReusedParagraph:
    """A paragraph of `article_id` that also stands in `source_article_id` (which was ingested first)."""

    article_id: str
    paragraph: int
    source_article_id: str
    source_paragraph: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of an article body that names an entity, a place, a time or a quantity.

    `start`/`end` are character offsets into `Article.body`; `sentence` is the 0-based sentence index.
    Only the fields of the mention's kind are set; unknown stays None, never a guess.
    """

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    kind: str  # person, org, group, agency, outlet, unit, place, date, quantity
    canonical: str | None = None  # canonical entity id ("person:volodymyr-zelensky", "place:kyiv")
    # places
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    relation: str | None = None  # "in", "near", "outside", ... the word tying the place to the sentence
    place_precision: str | None = None  # town, near, region, country
    # times: a resolved range; precision day / week / month / year
    time_start: date | None = None
    time_end: date | None = None
    time_precision: str | None = None
    # quantities
    quantity_min: float | None = None
    quantity_max: float | None = None
    approximate: bool | None = None
    unit: str | None = None  # "people" for counted persons, "km2", "sq mi", "usd", ...
    thing: str | None = None  # the counted noun phrase ("Russian soldiers")


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of an article body that supports a fact: character offsets into `Article.body`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Role:
    """A role filler of an incident or claim: the text as written and, when resolved, its canonical id."""

    text: str
    canonical: str | None = None


@dataclass(frozen=True, slots=True)
class Incident:
    """One telling of a real-world happening (a refusal, a mutiny, a desertion) in one article."""

    id: str  # stable: hash of article id + evidence start
    article_id: str
    type: str  # an event type id from data/event_types.toml ("refusal", "mutiny", "desertion", ...)
    actor: Role | None
    size_min: float | None
    size_max: float | None
    size_text: str | None
    place: Mention | None  # a place mention (name, lat, lon, country, relation)
    time_start: date | None
    time_end: date | None
    time_text: str | None
    causes: tuple[str, ...]  # cause ids ("pay", "food", "water", "losses", ...)
    outcomes: tuple[str, ...]  # outcome ids ("dismissed", "arrested", "disappeared", ...)
    attribution: tuple[Role, ...]  # who says so
    status: str  # asserted, reported, unconfirmed, denied (negated/hypothetical are never incidents)
    hedged: bool
    specific: bool  # False for generic statements ("Russian troops are refusing to fight")
    evidence: tuple[Evidence, ...]
    event_id: str | None = None  # set by the corpus-wide linking step


@dataclass(frozen=True, slots=True)
class ClaimQuantity:
    """A number a claim asserts, with what it counts."""

    min: float | None
    max: float | None
    unit: str | None
    thing: str | None
    category: (
        str  # killed, wounded, casualties, captured, deserted, refused, deployed, vehicles, territory, money
    )
    scope: str | None  # whose: russian, wagner, ukrainian, civilians, ...
    text: str


@dataclass(frozen=True, slots=True)
class Claim:
    """An attributed statement in one article: who says what, with which numbers."""

    id: str  # stable: hash of article id + evidence start
    article_id: str
    speaker: Role | None  # None = the outlet itself
    speaker_kind: str  # government, military, intelligence, media, official, anonymous, outlet, ...
    verb: str | None  # the reporting verb ("said", "estimated", "according to")
    hedged: bool
    quantities: tuple[ClaimQuantity, ...]
    as_of_start: date | None
    as_of_end: date | None
    evidence: Evidence
