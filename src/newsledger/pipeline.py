"""The per-document half of the pipeline: Document → DocumentResult.

This is what every runner maps over documents (the local process pool here; Spark later). Documents are
processed in batches only so that the language model sees many texts in one `nlp.pipe` call; each
document's result depends on that document alone. A page that cannot become an article comes back as a
Rejection, never as an exception.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from newsledger.clean.article import CleanContext, clean_document
from newsledger.config import DedupSettings
from newsledger.link.fingerprint import fingerprint_article
from newsledger.records import Article, Document, DocumentResult, Mention


class Annotator(Protocol):
    def annotate(self, articles: Sequence[Article]) -> list[list[Mention]]: ...


@dataclass(slots=True)
class DocumentProcessor:
    context: CleanContext
    dedup: DedupSettings
    annotator: Annotator | None = field(default=None)

    def process(self, document: Document) -> DocumentResult:
        return self.process_batch([document])[0]

    def process_batch(self, documents: Sequence[Document]) -> list[DocumentResult]:
        results = []
        for document in documents:
            cleaned = clean_document(document, self.context)
            if isinstance(cleaned.result, Article):
                fingerprint = fingerprint_article(cleaned.result, self.dedup)
                results.append(DocumentResult(document, cleaned.result, None, fingerprint, cleaned.site))
            else:
                results.append(DocumentResult(document, None, cleaned.result, None, cleaned.site))
        if self.annotator is not None:
            articles = [r.article for r in results if r.article is not None]
            mentions = iter(self.annotator.annotate(articles))
            results = [replace(r, mentions=tuple(next(mentions))) if r.article else r for r in results]
        return results
