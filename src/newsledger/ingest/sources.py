"""Walk the inputs given on the command line and hand each file to the reader for its format."""

from __future__ import annotations

import gzip
import os
import shutil
import sys
import tempfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, cast

from newsledger.errors import InputError
from newsledger.ingest import feed, jsonl, page, parquet, warc
from newsledger.records import Document, Rejection

STDIN = "-"

# The biggest single document we read unless the settings say otherwise ([ingest] max_document_mb): bigger
# "pages" are data dumps, mistakes or gzip bombs, and cleaning them would hold the whole run up.
MAX_DOCUMENT_BYTES = 20_000_000

_PAGE_SUFFIXES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
}
_FEED_SUFFIXES = {".xml", ".rss", ".atom"}
# Files a scrape folder often holds besides its pages. They are rejected by name, not read: sniffing a
# stylesheet, a JSON dump or a config file as a page would store it as an "article" of code or data.
# Files with any other suffix, or none, are sniffed (scrapers save pages as "story.php" or "12345").
_NOT_PAGE_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp", ".tif", ".tiff", ".heic",
    ".mp3", ".mp4", ".m4a", ".wav", ".ogg", ".webm", ".mov", ".avi", ".mkv", ".flac",
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods", ".csv", ".tsv", ".ppt", ".pptx",
    ".epub",
    ".zip", ".tar", ".tgz", ".7z", ".rar", ".bz2", ".xz", ".zst",
    ".css", ".js", ".mjs", ".map", ".json", ".toml", ".yaml", ".yml", ".ini", ".cfg", ".conf", ".py", ".sh",
    ".sql", ".log", ".woff", ".woff2", ".ttf", ".otf", ".eot",
    ".duckdb", ".wal", ".db", ".sqlite", ".pkl", ".npy", ".exe", ".dll", ".so", ".bin", ".iso", ".dmg",
})  # fmt: skip


def read_inputs(
    inputs: Sequence[str], stdin: BinaryIO | None = None, max_bytes: int = MAX_DOCUMENT_BYTES
) -> Iterator[Document | Rejection]:
    """Every document in the inputs, in a stable order (folders are walked sorted).

    `stdin` is what "-" reads: a seekable copy when the inputs are read more than once (see spool_stdin).
    A document bigger than `max_bytes` (decompressed) is rejected without being read whole.
    """
    for given in inputs:
        if given == STDIN:
            stream = stdin or sys.stdin.buffer
            if stream.seekable():
                stream.seek(0)
            yield from _read_stdin(stream, max_bytes)
            continue
        path = Path(given)
        if path.is_dir():
            for file in walk_folder(path):
                yield from read_file(file, max_bytes)
        elif path.is_file():
            yield from read_file(path, max_bytes)
        else:
            raise InputError(f"{given}: no such file or folder")


def walk_folder(folder: Path) -> Iterator[Path]:
    """The files of a folder in reading order (sorted, recursively), hidden files and folders skipped.

    The Spark runner lists its inputs with it too (spark/read.py), so both runners read the same files in
    the same order.
    """
    for root, dirs, files in os.walk(folder):
        # Hidden files and folders (.git, .DS_Store) are never pages.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def read_file(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[Document | Rejection]:
    origin = str(path)
    name = path.name.lower()
    try:
        if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
            with path.open("rb") as stream:
                yield from warc.read_warc(stream, origin, max_bytes)
            return
        if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
            with _open_maybe_gzip(path) as stream:
                yield from jsonl.read_jsonl(stream, origin, max_bytes)
            return
        if name.endswith(".parquet"):
            yield from parquet.read_parquet(origin, max_bytes)
            return
        if (suffix := _suffix(name)) in _NOT_PAGE_SUFFIXES:
            yield Rejection(origin, f"not a page: {suffix} files are not read ({_READABLE})")
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield Rejection(origin, f"file too large for one page ({size:,} bytes > {max_bytes:,})")
            return
        with _open_maybe_gzip(path) as stream:
            data = read_at_most(stream, max_bytes + 1, None if name.endswith(".gz") else size)
        if len(data) > max_bytes:
            yield Rejection(origin, f"page too large once decompressed (> {max_bytes:,} bytes)")
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


_READABLE = "pages are .txt or .html; also read: .warc(.gz), .jsonl, .parquet, RSS/Atom feeds"


def spool_stdin(stream: BinaryIO | None = None) -> BinaryIO:
    """Standard input copied to a temporary file, so that both passes of an ingest can read it."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it after both passes)
    shutil.copyfileobj(stream or sys.stdin.buffer, spool)
    spool.seek(0)
    return cast(BinaryIO, spool)


def _read_stdin(stream: BinaryIO, max_bytes: int) -> Iterator[Document | Rejection]:
    if not stream.seekable():
        stream = spool_stdin(stream)
    head = stream.read(64)
    stream.seek(0)
    # Streams of many documents (JSONL, WARC) are read as streams; anything else is one page.
    if head.lstrip().startswith(b"{"):
        yield from jsonl.read_jsonl(stream, "<stdin>", max_bytes)
    elif head.startswith((b"WARC", b"\x1f\x8b")):
        yield from warc.read_warc(stream, "<stdin>", max_bytes)
    else:
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            yield Rejection("<stdin>", f"input too large for one page (> {max_bytes:,} bytes)")
        else:
            yield from read_bytes(data, "<stdin>", "")


def read_at_most(stream: BinaryIO, limit: int, expected: int | None) -> bytes:
    """Up to `limit` bytes of the stream. `expected` is the file's size when known: a read of `limit`
    bytes allocates a buffer that large (the 20 MB cap, for every page), so the file is read by its size
    first, and further only if it grew since it was measured."""
    if expected is None or expected >= limit:
        return stream.read(limit)
    data = stream.read(expected + 1)
    if len(data) > expected:
        data += stream.read(limit - len(data))
    return data


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
