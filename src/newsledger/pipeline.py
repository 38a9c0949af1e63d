"""The per-document half of the pipeline: Document → DocumentResult.

This is what every runner maps over documents (the local process pool here; Spark later). Documents are
processed in batches only so that the language model sees many texts in one `nlp.pipe` call; each
document's result depends on that document alone. A page that cannot become an article comes back as a
Rejection, never as an exception.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from newsledger.clean.article import CleanContext, clean_documents
from newsledger.clean.outlets import OutletRegistry
from newsledger.config import DedupSettings, Settings
from newsledger.link.fingerprint import fingerprint_article
from newsledger.records import Article, Claim, Document, DocumentResult, Incident, Mention

if TYPE_CHECKING:  # spaCy takes seconds to import; runs without the language layer never load it
    from newsledger.extract.claims import ClaimExtractor
    from newsledger.extract.incidents import IncidentExtractor
    from newsledger.nlp.annotate import ArticleAnnotator


@dataclass(slots=True)
class Language:
    """The language layer and the extractors that read its parse (loaded once per process)."""

    annotator: ArticleAnnotator
    incidents: IncidentExtractor
    claims: ClaimExtractor

    def analyse(self, articles: Sequence[Article]) -> list[tuple[list[Mention], list[Incident], list[Claim]]]:
        analysed = []
        for article, (doc, mentions) in zip(articles, self.annotator.annotate_docs(articles), strict=True):
            incidents = self.incidents.extract(article, doc, mentions)
            claims = self.claims.extract(article, doc, mentions)
            analysed.append((mentions, incidents, claims))
        return analysed


@dataclass(slots=True)
class DocumentProcessor:
    context: CleanContext
    dedup: DedupSettings
    language: Language | None = field(default=None)

    def process(self, document: Document) -> DocumentResult:
        return self.process_batch([document])[0]

    def process_batch(self, documents: Sequence[Document]) -> list[DocumentResult]:
        results = []
        for document, cleaned in zip(documents, clean_documents(documents, self.context), strict=True):
            if isinstance(cleaned.result, Article):
                fingerprint = fingerprint_article(cleaned.result, self.dedup)
                results.append(DocumentResult(document, cleaned.result, None, fingerprint, cleaned.site))
            else:
                results.append(DocumentResult(document, None, cleaned.result, None, cleaned.site))
        if self.language is not None:
            analysed = iter(self.language.analyse([r.article for r in results if r.article is not None]))
            results = [_with_analysis(r, next(analysed)) if r.article else r for r in results]
        return results


def load_processor(
    settings: Settings,
    registry: OutletRegistry,
    recurring_lines: dict[int, int],
    language: Language | None = None,
) -> DocumentProcessor:
    """The processor every runner maps over documents, built the same way by each (parity depends on it).

    `recurring_lines` is the first pass's `LineRecurrence.shared()` over all inputs of the run. `language`
    is a layer already loaded for these settings (by `load_language`), to use instead of loading one.
    """
    context = CleanContext(registry, recurring_lines, settings.clean.min_article_words)
    if language is None or not settings.nlp.enabled:
        language = load_language(settings, registry)
    return DocumentProcessor(context, settings.dedup, language)


def load_language(settings: Settings, registry: OutletRegistry) -> Language | None:
    if not settings.nlp.enabled:
        return None
    # Imported here: spaCy takes seconds to import, and runs without the language layer do not need it.
    from newsledger.extract.claims import ClaimExtractor
    from newsledger.extract.incidents import IncidentExtractor
    from newsledger.nlp.annotate import ArticleAnnotator

    outlets = [(outlet.id, outlet.name) for outlet in registry]
    return Language(
        ArticleAnnotator(outlets=outlets, batch_size=settings.nlp.batch_size),
        IncidentExtractor(settings.nlp.event_types),
        ClaimExtractor(),
    )


def _with_analysis(
    result: DocumentResult, analysis: tuple[list[Mention], list[Incident], list[Claim]]
) -> DocumentResult:
    mentions, incidents, claims = analysis
    return replace(result, mentions=tuple(mentions), incidents=tuple(incidents), claims=tuple(claims))
