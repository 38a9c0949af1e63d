"""Hypothesis strategies for what scrapers drag in: broken pages, hostile markup, damaged archives.

The vocabulary mixes news-like words with what breaks parsers: entities (valid, invalid, half a surrogate
pair), combining marks, zero-width and control characters, Unicode line separators, markup characters.
"""

from __future__ import annotations

import gzip
import io
import json

from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

_VOCABULARY = (
    "the regiment refused to fight near river relatives said on Tuesday soldiers city Kherson officials "
    "By Published Updated READ MORE Share Home News © 2023 12 Sep 2022 "
    "& &amp; &lt; &gt; &nbsp; &#xD800; &#0; &#x110000; &bogus; café e\u0301 \u0301 \u00a0 \u200b \u00ad "
    "\u2028 \u2029 \x85 \x01 \x1c \x1f \ufeff \ufffd \U0001f600 | - * 1. ; , . \" ' < > ( ) : \t"
)
_WORDS = _VOCABULARY.split(" ")

words = st.sampled_from(_WORDS)
phrases = st.lists(words, max_size=30).map(" ".join)
# Fragments of any Unicode, surrogates excluded: Python text read from bytes never holds them.
unicode_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
snippets = phrases | unicode_text

_SENTENCES = [
    "A regiment refused to fight near the river, relatives said on Tuesday.",
    "The soldiers returned to their base after the commander was dismissed, officials said.",
    "Wagner fighters were seen leaving the town in trucks, according to residents reached by phone.",
    "By Anna Marsh",
    "Published 12 September 2022",
    "Updated 13 September 2022, 10:04",
    "Home | News | World",
    "READ MORE",
    "Subscribe to our newsletter",
    "© 2023 Daily Mirror",
]
text_lines = st.sampled_from([*_SENTENCES, "", " ", "\t", "\u00a0"]) | snippets


@st.composite
def text_pages(draw: st.DrawFn) -> str:
    """A scraped plain-text page: news-like lines, furniture, blank lines and noise."""
    return "\n".join(draw(st.lists(text_lines, max_size=40)))


_TAGS = [
    "p", "div", "span", "b", "i", "a", "li", "ul", "ol", "table", "tr", "td", "th", "h1", "h2", "blockquote",
    "br", "pre", "code", "script", "style", "article", "section", "header", "footer", "nav", "figure",
    "figcaption", "em", "strong", "sup", "main", "aside", "dl", "dt", "dd", "q", "time", "img", "hr", "form",
    "button", "label", "select", "option", "textarea", "iframe", "noscript", "template", "svg", "title",
    "meta", "object", "head", "body", "html", "P", "DIV", "x-widget",
]  # fmt: skip


def _element(tag: str, text: str, children: list[str], tail: str, closed: bool) -> str:
    return f"<{tag}>{text}{''.join(children)}{f'</{tag}>' if closed else ''}{tail}"


def _html_nodes(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        _element, st.sampled_from(_TAGS), snippets, st.lists(children, max_size=5), snippets, st.booleans()
    )


html_trees = st.recursive(snippets | st.sampled_from(_SENTENCES), _html_nodes, max_leaves=40)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """HTML as scrapers find it: unclosed and misnested tags, stray entities, text outside any element."""
    body = "".join(draw(st.lists(html_trees, min_size=1, max_size=8)))
    if draw(st.booleans()):
        title = draw(st.sampled_from(_SENTENCES) | snippets)
        body = f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>"
    return body


# JSON Lines -----------------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | unicode_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(unicode_text, children, max_size=4),
    max_leaves=10,
)
_FIELDS = ["text", "html", "url", "title", "published", "outlet"]
json_objects = st.dictionaries(
    st.sampled_from(_FIELDS), json_values | text_pages() | html_pages(), max_size=6
)
_HOSTILE_LINES = [
    b"[" * 50_000 + b"]" * 50_000,  # deeper than the JSON parser's recursion
    b'{"text": ' + b"1" * 5000 + b"}",  # more digits than Python converts to an int
    b'{"text": "A regiment \\ud800 refused to fight near the river, relatives said on Tuesday."}',
    b'{"html": "<p>half a pair \\udfff</p>", "url": "https://x.example/\\ud83d"}',
    b'{"text": NaN, "html": Infinity}',
    b'{"text": "a \\u0000 b"}',
    b"\xff\xfe{}",
    b"\x00" * 20,
]


@st.composite
def jsonl_streams(draw: st.DrawFn) -> bytes:
    """A JSON Lines file: valid objects, other JSON, broken lines, hostile lines, random bytes."""
    ascii_only = draw(st.booleans())
    line = (
        json_objects.map(lambda obj: json.dumps(obj, ensure_ascii=ascii_only).encode())
        | json_values.map(lambda value: json.dumps(value).encode())
        | st.sampled_from(_HOSTILE_LINES)
        | st.binary(max_size=60)
    )
    lines = draw(st.lists(line, max_size=12))
    return b"\n".join(lines) + draw(st.sampled_from([b"", b"\n", b"\r\n"]))


# WARC ------------------------------------------------------------------------------------------------------

_CONTENT_TYPES = [
    "text/html",
    "text/html; charset=utf-8",
    "application/xhtml+xml",
    "image/png",
    "text/plain",
    "",
]


@st.composite
def warc_archives(draw: st.DrawFn) -> bytes:
    """A WARC archive written by warcio (gzip or not), then damaged: cut, bytes flipped, junk inserted."""
    compressed = draw(st.booleans())
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    for index in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["response", "response", "metadata", "resource"]))
        payload = draw(html_pages() | text_pages()).encode()
        content_type = draw(st.sampled_from(_CONTENT_TYPES))
        headers = [("Content-Type", content_type)] if content_type else []
        if draw(st.integers(0, 9)) == 0:
            headers.append(("Content-Encoding", "gzip"))
            payload = gzip.compress(payload) if draw(st.booleans()) else payload  # declared, maybe a lie
        http = StatusAndHeaders(draw(st.sampled_from(["200 OK", "404 Not Found", "x"])), headers, "HTTP/1.1")
        uri = draw(
            st.sampled_from([f"https://courier.example/{index}", "", "not a uri", "https://x.example/ü"])
        )
        # Fixed id and date: hypothesis needs the same draws to build the same bytes.
        fixed = {
            "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{index:012d}>",
            "WARC-Date": "2022-09-13",
        }
        record = writer.create_warc_record(
            uri,
            kind,
            payload=io.BytesIO(payload),
            http_headers=http if kind == "response" else None,
            warc_headers_dict=fixed,
        )
        writer.write_record(record)
    data = bytearray(buffer.getvalue())
    for _ in range(draw(st.integers(0, 3))):
        if not data:
            break
        position = draw(st.integers(0, len(data) - 1))
        damage = draw(st.sampled_from(["cut", "flip", "insert", "delete"]))
        if damage == "cut":
            del data[position:]
        elif damage == "flip":
            data[position] ^= draw(st.integers(1, 255))
        elif damage == "insert":
            data[position:position] = draw(
                st.binary(min_size=1, max_size=40) | st.sampled_from([b"\r\n", b"WARC/1.0\r\n"])
            )
        else:
            del data[position : position + draw(st.integers(1, 200))]
    return bytes(data)
