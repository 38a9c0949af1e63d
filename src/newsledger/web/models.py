"""The JSON API's response shapes (pydantic), so /openapi.json and /docs describe every field.

Built from the query rows of store/queries.py and store/search.py (`from_attributes`), which the HTML
pages render too: each page and its JSON twin show the same data.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class _Row(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    """One page of a list: `items`, which page of `per_page` items, and how many items there are in all."""

    items: list[T]
    page: int = Field(description="1-based page number.")
    per_page: int
    total: int = Field(description="Items on all pages together.")


class Error(BaseModel):
    """Every error of the API has this shape."""

    status: int = Field(description="The HTTP status (404 unknown id or path, 422 bad parameter, ...).")
    detail: str = Field(description="One line saying what was wrong, naming the parameter.")


class Place(_Row):
    name: str | None = Field(description="Canonical place id (`place:kherson`).")
    lat: float | None = None
    lon: float | None = None


class EventOut(_Row):
    id: str
    type: str = Field(description="Event type id (`refusal`, `mutiny`, ...).")
    first_reported: date | None
    time_start: date | None = Field(description="First day of the happening, when the articles say.")
    time_end: date | None
    place: str | None = Field(description="Canonical place id.")
    actor: str | None = Field(description="Canonical actor id.")
    outlets: list[str]
    independent_sources: int = Field(description="Articles counted once per chain of copies and relays.")
    incidents: int = Field(description="How many tellings the event has.")


class EvidenceOut(_Row):
    paragraph: int = Field(description="0-based body line where `context` starts.")
    context: str = Field(description="The body lines holding the evidence.")
    start: int = Field(description="Offset of the evidence within `context`.")
    end: int


class IncidentOut(_Row):
    id: str
    article_id: str
    outlet: str | None
    published: date | None
    title: str | None
    type: str
    status: str = Field(description="`asserted`, `reported`, `unconfirmed` or `denied`.")
    hedged: bool
    actor: str | None = Field(description="The actor as written.")
    size: str | None
    place: str | None = Field(description="The place as written.")
    time: str | None = Field(description="The time as written.")
    causes: list[str]
    outcomes: list[str]
    attribution: list[str]
    evidence: list[EvidenceOut]


class SourceLinkOut(_Row):
    article_id: str
    source_article_id: str = Field(description="The article this one copies or relays.")
    how: str = Field(description="`near-copy`, `reused paragraphs` or `same source`.")
    detail: str


class EventDetailOut(BaseModel):
    event: EventOut
    source_groups: list[list[str]] = Field(description="Article ids that count as one independent source.")
    source_links: list[SourceLinkOut] = Field(description="Why the articles of a group count as one.")
    incidents: list[IncidentOut]


class OutletOut(_Row):
    outlet: str | None
    articles: int
    duplicates: int
    first_published: date | None
    last_published: date | None


class Overview(BaseModel):
    ledger: str = Field(description="The ledger's file name.")
    snapshot_taken_at: datetime = Field(description="When the served snapshot of the ledger was copied.")
    documents: int
    articles: int
    duplicates: int
    rejections: int
    events: int
    incidents: int
    claims: int
    comparisons: int
    mentions: int
    first_published: date | None
    last_published: date | None
    outlets: list[OutletOut]
    latest_events: list[EventOut]


class ArticleSummary(_Row):
    id: str
    outlet: str | None
    published: date | None
    title: str | None
    words: int
    duplicate_of: str | None
    origin: str


class RemovedLine(BaseModel):
    line: int = Field(description="0-based line of the document text.")
    text: str
    reason: str


class ReusedParagraph(BaseModel):
    paragraph: int
    source_article_id: str
    source_paragraph: int


class HighlightOut(_Row):
    start: int = Field(description="Offset into `body`.")
    end: int
    kind: str = Field(description="A mention kind (`person`, `place`, ...), `incident` or `claim`.")
    label: str
    ref: str | None = Field(description="Incident or claim id, or the mention's canonical id.")


class ArticleIncidentOut(_Row):
    id: str
    type: str
    status: str
    event_id: str | None
    evidence: str


class ArticleOut(BaseModel):
    article: ArticleSummary
    byline: str | None
    url: str | None
    page_date: date | None
    duplicate_similarity: float | None
    body: str
    removed: list[RemovedLine]
    reused_paragraphs: list[ReusedParagraph]
    highlights: list[HighlightOut]
    incidents: list[ArticleIncidentOut]


class QuantityOut(_Row):
    min: float | None
    max: float | None
    unit: str | None
    thing: str | None
    category: str | None
    scope: str | None
    text: str


class ClaimOut(_Row):
    id: str
    article_id: str
    outlet: str | None
    published: date | None
    speaker: str | None = Field(description="As written; null for the outlet itself.")
    speaker_kind: str
    verb: str | None
    hedged: bool
    as_of: date | None
    quantities: list[QuantityOut]
    evidence: str
    evidence_start: int
    evidence_end: int


class FigureOut(_Row):
    claim_id: str
    article_id: str
    outlet: str | None
    speaker: str
    speaker_kind: str
    hedged: bool
    category: str
    low: float | None
    high: float | None = Field(description="Null when open upward (`more than 1,500`).")
    unit: str | None
    figure: str = Field(description="The figure as written.")
    as_of: date | None


class ComparisonOut(_Row):
    id: str
    subject: str
    category: str
    scope: str
    verdict: str = Field(description="`agree`, `differ` or `incompatible`.")
    reason: str
    claims: int = Field(description="How many claims the comparison (and its verdict) covers.")
    figures: list[FigureOut] = Field(
        description="The figures of at most `claims_per_comparison` of its claims (the first by claim id: "
        "a fixed sample, spread like the whole), as of their date."
    )


class SearchHitOut(BaseModel):
    article_id: str
    score: float = Field(description="BM25 over title and body.")
    outlet: str | None
    published: date | None
    title: str | None
    snippet: str = Field(description="The best-matching passage (plain text).")
    marks: list[tuple[int, int]] = Field(description="Offsets of the query's words within `snippet`.")


class SearchPage(Page[SearchHitOut]):
    terms: list[str] = Field(description="The query's stemmed words found in the ledger.")
