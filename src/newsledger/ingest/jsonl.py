"""Reader for JSON Lines: one object per line with `text` or `html`, optional url/title/published/outlet."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from newsledger.errors import first_line
from newsledger.ingest.decode import normalise_newlines
from newsledger.records import Document, Rejection, content_id

_FIELDS = ("html", "text", "url", "title", "published", "outlet")
# The rest of a line longer than the cap is skipped in chunks of this size.
_CHUNK = 1 << 20


def read_jsonl(stream: BinaryIO, origin: str, max_line_bytes: int) -> Iterator[Document | Rejection]:
    lines_seen = 0
    for number, raw in enumerate(_lines(stream, max_line_bytes), start=1):
        member = f"{origin}#{number}"
        if raw is None:
            lines_seen += 1
            yield Rejection(member, f"line {number} is too long for one page (> {max_line_bytes:,} bytes)")
            continue
        if not raw.strip():
            continue
        lines_seen += 1
        try:
            obj = json.loads(raw)
        except UnicodeDecodeError:
            yield Rejection(member, f"line {number} is not UTF-8")
            continue
        except json.JSONDecodeError as err:
            yield Rejection(member, f"line {number} is not valid JSON ({err.msg} at column {err.colno})")
            continue
        except RecursionError:
            yield Rejection(member, f"line {number} nests JSON arrays or objects too deeply to read")
            continue
        except ValueError as err:  # an integer of more digits than Python converts (int_max_str_digits)
            yield Rejection(member, f"line {number} is not readable JSON ({first_line(err)})")
            continue
        if not isinstance(obj, dict):
            yield Rejection(member, f"line {number} is a JSON {type(obj).__name__}, not an object")
            continue
        yield document_from_object(obj, member, number)
    if not lines_seen:
        yield Rejection(origin, "empty file (no JSON lines)")


def _lines(stream: BinaryIO, max_line_bytes: int) -> Iterator[bytes | None]:
    """The lines of the stream; None for a line over `max_line_bytes`, skipped without holding it."""
    while line := stream.readline(max_line_bytes + 1):
        if len(line) <= max_line_bytes or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = stream.readline(_CHUNK)
        yield None


def document_from_object(
    obj: dict[str, object], member: str, number: int, unit: str = "line"
) -> Document | Rejection:
    """The document of one JSON object (`text` or `html`, optional `url`, `title`, `published`,
    `outlet`), or why it is not one; `number` numbers its `unit` (a line, or a Parquet row: the Parquet
    reader uses it too)."""
    for name in _FIELDS:
        value = obj.get(name)
        if isinstance(value, str) and not _is_unicode(value):
            # JSON can escape half of a surrogate pair ("\ud800"), which is no character at all.
            return Rejection(
                member, f"{unit} {number} has an invalid Unicode escape (lone surrogate) in '{name}'"
            )
    html, text = obj.get("html"), obj.get("text")
    if isinstance(html, str) and html.strip():
        media_type, content = "text/html", html
    elif isinstance(text, str) and text.strip():
        media_type, content = "text/plain", text
    else:
        return Rejection(member, f"{unit} {number} has no non-empty 'text' or 'html' string")
    content = normalise_newlines(content)
    return Document(
        id=content_id(content),
        origin=member,
        media_type=media_type,
        text=content,
        url=_str(obj.get("url")),
        title_hint=_str(obj.get("title")),
        published_hint=_str(obj.get("published")),
        outlet_hint=_str(obj.get("outlet")),
    )


def _is_unicode(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
