"""Walk the inputs given on the command line and hand each file to the reader for its format."""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from newsledger.errors import InputError
from newsledger.ingest import feed, jsonl, page, warc
from newsledger.records import Document, Rejection

STDIN = "-"

# The biggest single page we read; bigger "pages" are data dumps or mistakes, and cleaning them would
# hold the whole run up.
MAX_PAGE_BYTES = 20_000_000

_PAGE_SUFFIXES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
}
_FEED_SUFFIXES = {".xml", ".rss", ".atom"}


def read_inputs(inputs: Sequence[str]) -> Iterator[Document | Rejection]:
    """Every document in the inputs, in a stable order (folders are walked sorted)."""
    for given in inputs:
        if given == STDIN:
            yield from _read_stdin()
            continue
        path = Path(given)
        if path.is_dir():
            for file in _walk(path):
                yield from read_file(file)
        elif path.is_file():
            yield from read_file(path)
        else:
            raise InputError(f"{given}: no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        # Hidden files and folders (.git, .DS_Store) are never pages.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def read_file(path: Path) -> Iterator[Document | Rejection]:
    origin = str(path)
    name = path.name.lower()
    try:
        if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
            with path.open("rb") as stream:
                yield from warc.read_warc(stream, origin)
            return
        if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
            with _open_maybe_gzip(path) as stream:
                yield from jsonl.read_jsonl(stream, origin)
            return
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            yield Rejection(origin, f"file too large for one page ({size:,} bytes > {MAX_PAGE_BYTES:,})")
            return
        with _open_maybe_gzip(path) as stream:
            data = stream.read(MAX_PAGE_BYTES + 1)
        if len(data) > MAX_PAGE_BYTES:
            yield Rejection(origin, f"page too large once decompressed (> {MAX_PAGE_BYTES:,} bytes)")
            return
        yield from read_bytes(data, origin, _suffix(name))
    except (OSError, EOFError, zlib.error) as err:
        yield Rejection(origin, _io_reason(err))


def read_bytes(data: bytes, origin: str, suffix: str) -> Iterator[Document | Rejection]:
    """A single file's bytes, by its suffix; unknown suffixes are sniffed."""
    if suffix in _FEED_SUFFIXES or (suffix not in _PAGE_SUFFIXES and feed.looks_like_feed(data)):
        yield from feed.read_feed(data, origin)
    elif suffix in _PAGE_SUFFIXES:
        yield page.read_page(data, origin, _PAGE_SUFFIXES[suffix])
    else:
        yield page.read_page(data, origin, None)


def _read_stdin() -> Iterator[Document | Rejection]:
    data = sys.stdin.buffer.read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:
        yield Rejection("<stdin>", f"input too large for one page (> {MAX_PAGE_BYTES:,} bytes)")
    elif data.lstrip().startswith(b"{"):
        yield from jsonl.read_jsonl(_BytesLines(data), "<stdin>")
    elif data[:4] == b"WARC" or data[:2] == b"\x1f\x8b":
        import io

        yield from warc.read_warc(io.BytesIO(data), "<stdin>")
    else:
        yield from read_bytes(data, "<stdin>", "")


class _BytesLines:
    def __init__(self, data: bytes) -> None:
        self._lines = data.splitlines(keepends=True)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._lines)


def _open_maybe_gzip(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _suffix(name: str) -> str:
    if name.endswith(".gz"):
        name = name[:-3]
    return os.path.splitext(name)[1]


def _io_reason(err: BaseException) -> str:
    if isinstance(err, EOFError):
        return "truncated gzip file (ends in the middle of the compressed data)"
    if isinstance(err, (zlib.error, gzip.BadGzipFile)):
        return f"corrupt gzip data ({err})"
    if isinstance(err, OSError) and err.strerror:
        return f"cannot read: {err.strerror}"
    return f"cannot read: {err}"
