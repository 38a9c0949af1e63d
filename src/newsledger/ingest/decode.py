"""Bytes → text for the readers: UTF-8 (or a UTF-16 page with its BOM), newlines normalised.

We do not guess legacy encodings: a page that is not valid UTF-8 is rejected with the offset of the
first bad byte, so the user knows exactly which file to re-encode rather than finding mojibake later.
"""

from __future__ import annotations

import codecs
import re

# A text page may contain a stray control character, but a binary file is full of them.
_BINARY_CONTROL_SHARE = 0.10
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])


class DecodeError(ValueError):
    """The bytes are not a text page; the message is the reason, in one line."""


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([a-zA-Z0-9_-]+)""", re.I)
# A declaration that could be read as ASCII cannot be true of UTF-16 or UTF-32, and UTF-7 is not an
# encoding of the web (the WHATWG encoding rules): such declarations are ignored, not obeyed into mojibake.
_IGNORED_DECLARATIONS = ("utf-16", "utf-32", "utf-7")


def decode_page(data: bytes) -> str:
    if not data.strip():
        raise DecodeError("empty file")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise DecodeError(f"not valid UTF-16 text ({err.reason} at byte {err.start})") from None
    else:
        if b"\x00" in data[:8192]:
            raise DecodeError("binary file (contains NUL bytes)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            # An HTML page may declare its legacy encoding; that is a statement, not a guess.
            text = _decode_declared(data) or ""
            if not text:
                bad = data[err.start : err.start + 1].hex()
                raise DecodeError(f"not UTF-8 text (byte 0x{bad} at offset {err.start})") from None
    sample = text[:8192]
    # Each control character is one byte in UTF-8, a byte no other character's encoding contains: so
    # the bytes deleted from the encoded sample are its control characters (a C loop, not a regex scan).
    encoded = sample.encode("utf-8", "surrogatepass")
    controls = len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))
    if sample and controls / len(sample) > _BINARY_CONTROL_SHARE:
        raise DecodeError("binary file (mostly control characters)")
    return normalise_newlines(text)


def _decode_declared(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        encoding = codecs.lookup(match.group(1).decode("ascii")).name
        if not encoding.startswith(_IGNORED_DECLARATIONS):
            return data.decode(encoding)
    except (LookupError, UnicodeError):
        pass
    return None


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
