"""Reader for single pages: plain-text scrapes (.txt) and HTML files."""

from __future__ import annotations

import re

from newsledger.ingest.decode import DecodeError, decode_page
from newsledger.records import Document, Rejection, content_id

_HTML_START = re.compile(r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|article|div|p)\b", re.I | re.S)


def read_page(data: bytes, origin: str, media_type: str | None) -> Document | Rejection:
    try:
        text = decode_page(data)
    except DecodeError as err:
        return Rejection(origin, str(err))
    if media_type is None:
        media_type = "text/html" if looks_like_html(text) else "text/plain"
    return Document(id=content_id(text), origin=origin, media_type=media_type, text=text)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000]))
