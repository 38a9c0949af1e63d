"""Property tests of the readers over random and damaged input (issue #9, part 1).

Whatever bytes arrive, a reader ends every input as documents or named, one-line rejections
(tests/hardening/properties.py); it never raises and never lets an input vanish.
"""

from __future__ import annotations

import gzip
import io
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.ingest import read_inputs
from newsledger.ingest.jsonl import read_jsonl
from newsledger.ingest.sources import read_bytes
from newsledger.ingest.warc import read_warc
from newsledger.records import Document, Rejection
from tests.hardening.properties import check_read
from tests.hardening.strategies import html_pages, jsonl_streams, text_pages, warc_archives

# Small caps, so that random input reaches the "too large" paths as well.
MAX_BYTES = 2_000
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1251"]


@st.composite
def page_bytes(draw: st.DrawFn) -> bytes:
    """A page in some encoding (maybe declared, maybe not), or random bytes."""
    if draw(st.integers(0, 3)) == 0:
        return draw(st.binary(max_size=300))
    text = draw(html_pages() | text_pages())
    encoding = draw(st.sampled_from(_ENCODINGS))
    if draw(st.booleans()):
        text = f'<meta charset="{draw(st.sampled_from([*_ENCODINGS, "utf-16le", "bogus", "rot13"]))}">{text}'
    return text.encode(encoding, "replace")


@settings(FUZZ, max_examples=200)
@given(page_bytes(), st.sampled_from(["", ".txt", ".html", ".xml", ".rss", ".md"]))
def test_any_page_becomes_one_document_or_one_reason(data: bytes, suffix: str) -> None:
    items = check_read(read_bytes(data, "page", suffix), "page")
    if suffix in {".txt", ".html"}:  # other suffixes may hold a feed of many entries
        assert len(items) == 1, items


@settings(FUZZ, max_examples=150)
@given(
    st.binary(max_size=400) | st.sampled_from([b"<rss>", b"<?xml version='1.0'?><feed>"]),
    st.binary(max_size=200),
)
def test_any_feed_ends_as_entries_or_a_reason(head: bytes, tail: bytes) -> None:
    check_read(read_bytes(head + tail, "feed.xml", ".xml"), "feed.xml")


def _jsonl_line_numbers(data: bytes, max_line_bytes: int) -> set[int]:
    """The 1-based numbers of the lines that must end as a document or a rejection."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return {n for n, line in enumerate(lines, start=1) if line.strip() or len(line) > max_line_bytes}


@settings(FUZZ, max_examples=150)
@given(jsonl_streams())
def test_every_jsonl_line_ends_as_one_document_or_one_reason(data: bytes) -> None:
    items = check_read(read_jsonl(io.BytesIO(data), "lines.jsonl", MAX_BYTES), "lines.jsonl")
    expected = _jsonl_line_numbers(data, MAX_BYTES)
    if not expected:
        assert [(i.origin, type(i)) for i in items] == [("lines.jsonl", Rejection)], "an empty file is named"
        return
    numbers = [int(item.origin.rsplit("#", 1)[1]) for item in items]
    assert sorted(numbers) == sorted(expected), "a line vanished or came twice"


@settings(FUZZ, max_examples=150)
@given(warc_archives())
def test_any_damaged_warc_ends_as_documents_or_reasons(data: bytes) -> None:
    check_read(read_warc(io.BytesIO(data), "crawl.warc", 1_000_000), "crawl.warc")


_NAMES = [
    "a.txt", "a.html", "a.txt.gz", "a.html.gz", "a.jsonl", "a.jsonl.gz", "a.warc", "a.warc.gz", "a.xml",
    "a.rss", "a", "a.bin", "a.gz",
]  # fmt: skip


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("files")


_counter = itertools.count()


@settings(FUZZ, max_examples=150)
@given(
    name=st.sampled_from(_NAMES),
    content=page_bytes() | jsonl_streams() | warc_archives(),
    packing=st.sampled_from(["as is", "gzip", "cut gzip", "gzip twice"]),
)
def test_any_file_ends_as_documents_or_reasons(
    scratch: Path, name: str, content: bytes, packing: str
) -> None:
    if packing != "as is":
        content = gzip.compress(content)
        if packing == "cut gzip":
            content = content[: len(content) // 2]
        elif packing == "gzip twice":
            content = gzip.compress(content)
    path = scratch / f"{next(_counter)}-{name}"
    path.write_bytes(content)
    items = check_read(read_inputs([str(path)], max_bytes=MAX_BYTES), str(path))
    assert all(isinstance(item, Document | Rejection) for item in items)
