"""Reader for JSON Lines: one object per line with `text` or `html`, optional url/title/published/outlet."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from newsledger.ingest.decode import normalise_newlines
from newsledger.records import Document, Rejection, content_id


def read_jsonl(lines: Iterable[bytes], origin: str) -> Iterator[Document | Rejection]:
    for number, raw in enumerate(lines, start=1):
        member = f"{origin}#{number}"
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except UnicodeDecodeError:
            yield Rejection(member, f"line {number} is not UTF-8")
            continue
        except json.JSONDecodeError as err:
            yield Rejection(member, f"line {number} is not valid JSON ({err.msg} at column {err.colno})")
            continue
        if not isinstance(obj, dict):
            yield Rejection(member, f"line {number} is a JSON {type(obj).__name__}, not an object")
            continue
        yield _document(obj, member, number)


def _document(obj: dict[str, object], member: str, number: int) -> Document | Rejection:
    html, text = obj.get("html"), obj.get("text")
    if isinstance(html, str) and html.strip():
        media_type, content = "text/html", html
    elif isinstance(text, str) and text.strip():
        media_type, content = "text/plain", text
    else:
        return Rejection(member, f"line {number} has no non-empty 'text' or 'html' string")
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


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
