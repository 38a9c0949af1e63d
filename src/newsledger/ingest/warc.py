"""Reader for WARC (and ARC) archives: every HTTP response record carrying HTML becomes a document."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from newsledger.errors import first_line
from newsledger.ingest.decode import DecodeError, decode_page
from newsledger.records import Document, Rejection, content_id


class _TruncationWatch:
    """Passes the archive's bytes through to warcio while checking that every gzip member ends.

    warcio silently stops at a gzip member cut short, dropping the record in it, so without this check a
    truncated download would look complete.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._member: zlib._Decompress | None = None
        self._gzip: bool | None = None
        self.head = b""  # the first bytes of the (decompressed) archive

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        if self._gzip is None and data:
            self._gzip = data[:2] == b"\x1f\x8b"
        if self._gzip:
            self._feed(data)
        elif len(self.head) < 16:
            self.head += data[:16]
        return data

    def is_archive(self) -> bool:
        return self.head.lstrip().startswith((b"WARC/", b"filedesc://"))

    def _feed(self, data: bytes) -> None:
        while data:
            if self._member is None:
                self._member = zlib.decompressobj(wbits=31)
            # Output is discarded; max_length bounds the memory a highly compressed member can take.
            output = self._member.decompress(data, 1 << 20)
            if len(self.head) < 16:
                self.head += output[:16]
            data = self._member.unconsumed_tail
            if self._member.eof:
                data = self._member.unused_data + data
                self._member = None

    @property
    def truncated(self) -> bool:
        return self._member is not None


def read_warc(stream: BinaryIO, origin: str, max_bytes: int) -> Iterator[Document | Rejection]:
    """Every HTML response of the archive; bodies over `max_bytes` (decompressed) are rejected unread."""
    records = 0
    html_responses = 0
    watch = _TruncationWatch(stream)
    try:
        for record in _records(watch):
            if not watch.is_archive():
                break
            if record.rec_type != "response" or record.http_headers is None:
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            member = f"{origin}#{uri}" if uri else f"{origin}#record-{records}"
            records += 1
            content_type = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in content_type:
                continue
            html_responses += 1
            body = record.content_stream().read(max_bytes + 1)
            if getattr(record.raw_stream, "limit", 0) and len(body) <= max_bytes:
                yield Rejection(member, "truncated record (the archive ends inside it)")
                continue
            if len(body) > max_bytes:
                yield Rejection(member, f"response too large for one page (> {max_bytes:,} bytes)")
                continue
            try:
                text = decode_page(body)
            except DecodeError as err:
                yield Rejection(member, str(err))
                continue
            yield Document(
                id=content_id(text),
                origin=member,
                media_type="text/html",
                text=text,
                url=uri or None,
                fetched_at=record.rec_headers.get_header("WARC-Date"),
            )
        if watch.truncated:
            yield Rejection(
                origin, f"truncated gzip archive: it ends inside a record, after {records} records"
            )
        elif not watch.is_archive():
            yield Rejection(origin, "not a WARC archive (no WARC records found)")
        elif not html_responses:
            # Every input ends as documents or a reason: an archive of images, requests or unparsable
            # headers is named, not passed over in silence.
            found = f"{records} responses, none of them HTML" if records else "no HTTP response records"
            yield Rejection(origin, f"no HTML pages in the archive ({found})")
    except ArchiveLoadFailed as err:
        yield Rejection(origin, f"not a readable WARC archive ({first_line(err)})")
    except (EOFError, zlib.error, OSError) as err:
        where = f"after {records} records" if records else "before the first record"
        yield Rejection(
            origin, f"truncated or corrupt archive {where} ({first_line(err) or 'unexpected end'})"
        )
    except ValueError as err:
        yield Rejection(origin, f"malformed WARC record after {records} records ({first_line(err)})")


class _MalformedRecord(ValueError):
    """warcio failed on a record's headers with a plain Python error; the message names it."""


def _records(stream: _TruncationWatch) -> Iterator[ArcWarcRecord]:
    records = iter(ArchiveIterator(stream, arc2warc=True))
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except (AttributeError, IndexError, KeyError, TypeError) as err:
            # warcio trips over some malformed headers this way, e.g. AttributeError for a response
            # record without a WARC-Target-URI. Only warcio's own parsing is guarded, not our code.
            raise _MalformedRecord(f"{type(err).__name__}: {first_line(err)}") from err
        yield record
