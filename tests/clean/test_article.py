"""Document → Article: cleaning a batch gives each document the result it gets alone.

The pipeline cleans documents in batches so that the line model scores many pages per call; a page's
article must not depend on which pages share its batch. Checked on the sample corpus (and the aeb-dev
pages from ../shared when present), with batches cut into small model calls, HTML pages mixed in.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from newsledger.clean import article as article_module
from newsledger.clean.article import CleanContext, clean_document, clean_documents
from newsledger.clean.outlets import OutletRegistry
from newsledger.clean.recurrence import LineRecurrence, page_site
from newsledger.ingest import read_inputs
from newsledger.records import Article, Document, Rejection

REPO = Path(__file__).resolve().parents[2]
AEB_PAGES = REPO.parent / "shared" / "bench" / "aeb-dev" / "pages"
HTML = Document(
    id="html-1",
    origin="page.html",
    media_type="text/html",
    text="<html><head><title>Bridge closes</title></head><body><article><h1>Bridge closes</h1><p>The "
    "harbour bridge will close to traffic next month while engineers replace its bearings.</p></article>"
    "</body></html>",
)
EMPTY = Document(id="empty-1", origin="empty.txt", media_type="text/plain", text="Home\nMenu\n")


def _context_and_documents(inputs: list[str]) -> tuple[CleanContext, list[Document]]:
    registry = OutletRegistry.load()
    documents = [d for d in read_inputs(inputs) if isinstance(d, Document)]
    recurrence = LineRecurrence()
    for document in documents:
        lines = document.text.split("\n")
        recurrence.add(document.id, page_site(document, lines, registry), lines)
    return CleanContext(registry, recurrence.shared()), documents


@pytest.mark.parametrize("lines_per_call", [1, 50, 8192])
def test_batch_gives_each_document_its_own_result(
    monkeypatch: pytest.MonkeyPatch, lines_per_call: int
) -> None:
    inputs = [str(REPO / "examples" / "corpus")]
    if AEB_PAGES.is_dir():
        inputs.append(str(AEB_PAGES))
    context, documents = _context_and_documents(inputs)
    documents = [HTML, *documents[:40], EMPTY, *documents[40:]]
    alone = [clean_document(document, context) for document in documents]
    monkeypatch.setattr(article_module, "_LINES_PER_MODEL_CALL", lines_per_call)
    assert clean_documents(documents, context) == alone
    assert any(isinstance(c.result, Article) for c in alone)
    assert isinstance(alone[documents.index(EMPTY)].result, Rejection)


def test_empty_batch() -> None:
    context, _ = _context_and_documents([])
    assert clean_documents([], context) == []


def test_spacing_collapsed_at_exactly_the_characters_regex_whitespace_matches() -> None:
    # Lines are collapsed with str.split() (several times faster than re.sub(r"\s+", ...)); both must
    # agree on what whitespace is, for every character, or bodies would change with the method.
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        text = f"a{char}{char}b "
        assert " ".join(text.split()) == re.sub(r"\s+", " ", text).strip(), hex(code)
