"""The local runner: inputs → ledger, mapping the per-document processor over a process pool.

Two passes over the inputs: the first counts recurring lines per site (corpus evidence for the cleaner),
the second cleans and writes. Documents already in the ledger are skipped, so a rerun after a crash or
Ctrl-C completes the rest. Near-duplicates are recomputed over the whole ledger at the end.
"""

from __future__ import annotations

import itertools
import multiprocessing
import multiprocessing.pool
import os
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from newsledger.clean.outlets import OutletRegistry
from newsledger.clean.recurrence import LineRecurrence, page_site
from newsledger.config import Settings
from newsledger.ingest import read_inputs
from newsledger.ingest.sources import STDIN, spool_stdin
from newsledger.pipeline import DocumentProcessor, load_processor
from newsledger.records import Document, DocumentResult, Rejection
from newsledger.store import Ledger
from newsledger.store import relink as store_relink
from newsledger.store.ledger import is_interrupt
from newsledger.store.search import rebuild_search_index

ProgressCallback = Callable[[str, int, int | None], None]  # (phase, advance, total)


@dataclass(slots=True)
class IngestSummary:
    documents: int = 0
    articles: int = 0
    skipped: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    mentions: int = 0
    incidents: int = 0
    claims: int = 0
    duplicates: int = 0
    reused_paragraphs: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def rejection_reasons(self) -> Counter[str]:
        return Counter(r.reason.split(" (")[0] for r in self.rejections)


def ingest(
    inputs: Sequence[str],
    ledger: Ledger,
    settings: Settings,
    progress: ProgressCallback | None = None,
) -> IngestSummary:
    """Read, clean and store every new document of the inputs, then relink duplicates."""
    report = progress or (lambda phase, advance, total: None)
    started = time.perf_counter()
    summary = IngestSummary()
    registry = OutletRegistry.load(settings.outlets.extra)
    stdin = spool_stdin() if STDIN in inputs else None
    run_id = ledger.start_run(inputs)
    status = "failed"
    try:
        max_bytes = settings.ingest.max_document_bytes
        recurring_lines, total = _count_recurring_lines(inputs, stdin, max_bytes, registry, report)
        report("load", 0, None)
        processor = load_processor(settings, registry, recurring_lines)
        report("clean", 0, total)
        with _document_mapper(processor, settings.ingest.workers) as process_batch:
            documents = _read_documents(inputs, stdin, max_bytes, summary)
            for batch in _batches(documents, settings.ingest.batch_size):
                new = ledger.new_documents(batch)
                summary.skipped += len(batch) - len(new)
                results = process_batch(new) if new else []
                ledger.write_results(results)
                for result in results:
                    summary.documents += 1
                    if result.article is not None:
                        summary.articles += 1
                        summary.mentions += len(result.mentions)
                        summary.incidents += len(result.incidents)
                        summary.claims += len(result.claims)
                    elif result.rejection is not None:
                        summary.rejections.append(result.rejection)
                report("clean", len(batch), total)
        ledger.write_read_rejections([r for r in summary.rejections if r.document_id is None])
        report("link", 0, None)
        summary.duplicates, summary.reused_paragraphs = relink(ledger, settings)
        rebuild_search_index(ledger.con)
        status = "done"
    except BaseException as error:
        if not is_interrupt(error):
            raise
        summary.interrupted = True
        status = "interrupted"
        raise KeyboardInterrupt from error
    finally:
        if stdin is not None:
            stdin.close()
        summary.seconds = time.perf_counter() - started
        ledger.finish_run(
            run_id, status, summary.documents, summary.articles, summary.rejected, summary.skipped
        )
    return summary


def relink(ledger: Ledger, settings: Settings) -> tuple[int, int]:
    """Recompute near-duplicates, reused paragraphs, claim comparisons and events over the whole ledger."""
    return store_relink.relink(ledger, settings)


def _count_recurring_lines(
    inputs: Sequence[str],
    stdin: BinaryIO | None,
    max_bytes: int,
    registry: OutletRegistry,
    report: ProgressCallback,
) -> tuple[dict[int, int], int]:
    """Pass 1: `LineRecurrence.shared()` over every plain-text page of the inputs, and how many documents
    they hold."""
    recurrence = LineRecurrence()
    try:
        total = 0
        report("scan", 0, None)
        for item in read_inputs(inputs, stdin, max_bytes):
            if isinstance(item, Document):
                total += 1
                if item.media_type == "text/plain":
                    lines = item.text.split("\n")
                    recurrence.add(item.id, page_site(item, lines, registry), lines)
                report("scan", 1, None)
        return recurrence.shared(), total
    finally:
        recurrence.close()


def _read_documents(
    inputs: Sequence[str], stdin: BinaryIO | None, max_bytes: int, summary: IngestSummary
) -> Iterator[Document]:
    for item in read_inputs(inputs, stdin, max_bytes):
        if isinstance(item, Rejection):
            summary.rejections.append(item)
        else:
            yield item


def _batches(documents: Iterator[Document], size: int) -> Iterator[list[Document]]:
    while batch := list(itertools.islice(documents, size)):
        yield batch


_worker_processor: DocumentProcessor | None = None


@contextmanager
def _document_mapper(
    processor: DocumentProcessor, workers: int
) -> Iterator[Callable[[list[Document]], list[DocumentResult]]]:
    """A function that processes a batch, in-process or on a pool that lives for the whole run.

    The pool's workers are forked once with the processor (and its models) already loaded; each gets an
    equal slice of the batch, which it processes as one batch (one `nlp.pipe` call).
    """
    count = workers or os.cpu_count() or 1
    if count == 1:
        yield processor.process_batch
        return
    pool: multiprocessing.pool.Pool | None = None

    def process(batch: list[Document]) -> list[DocumentResult]:
        assert pool is not None
        size = -(-len(batch) // count)
        slices = [batch[i : i + size] for i in range(0, len(batch), size)]
        return [result for part in pool.map(_process_in_worker, slices) for result in part]

    try:
        # A Ctrl-C while the pool is forked would reach a worker before it ignores SIGINT, and the parent
        # before it holds the pool it must stop: the signal waits (blocked) until both are set up.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pool = multiprocessing.get_context("fork").Pool(count, _init_worker, (processor,))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        yield process
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def _init_worker(processor: DocumentProcessor) -> None:
    # Ctrl-C is handled once, by the parent, which rolls back the open batch and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked while the pool was forked
    global _worker_processor
    _worker_processor = processor


def _process_in_worker(documents: list[Document]) -> list[DocumentResult]:
    assert _worker_processor is not None
    return _worker_processor.process_batch(documents)
