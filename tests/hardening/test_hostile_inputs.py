"""Named hostile inputs (issue #9, part 1): gzip bombs, gigantic lines, deep nesting, malformed archives.

Each ends as a document or a named, one-line rejection; the bombs and giant lines are rejected in flat
memory (measured in a child process, whose peak RSS is its own), and a whole run over all of them goes on
to the end without a traceback.
"""

from __future__ import annotations

import gzip
import io
import json
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsledger.clean.article import CleanContext, clean_document
from newsledger.clean.html import MAX_HTML_DEPTH
from newsledger.clean.outlets import OutletRegistry
from newsledger.config import Settings
from newsledger.errors import ConfigError
from newsledger.ingest.jsonl import read_jsonl
from newsledger.ingest.sources import MAX_DOCUMENT_BYTES, read_bytes
from newsledger.ingest.warc import read_warc
from newsledger.records import Article, Document, Rejection, content_id
from newsledger.runner import ingest
from newsledger.store import Ledger
from tests.hardening.properties import check_cleaned, check_read

SENTENCE = "A regiment refused to fight near the river, relatives said on Tuesday evening in the town."
PAGE = f"Menu\n{SENTENCE}\nThe men were sent home the next day, their families said.\n"
OTHER = SENTENCE.replace("river", "bridge")
HTML = f"<html><body><article><p>{SENTENCE}</p><p>{OTHER}</p></article></body></html>"
GIGABYTE = 1 << 30
MEGABYTE = 1 << 20


def _gzip_member(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


def write_gzip_bomb(path: Path, head: bytes, expanded: int, tail: bytes = b"") -> Path:
    """One gzip member of about 1 KB per expanded MB: `head`, `expanded` bytes of 'a', then `tail`.

    After a full flush deflate forgets its history, so one compressed megabyte repeated is a valid stream:
    a bomb of any size is built in the time its checksum takes, without compressing a gigabyte.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: we write the gzip frame
    megabyte = b"a" * MEGABYTE
    crc = zlib.crc32(head)
    with path.open("wb") as out:
        out.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff")
        out.write(compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH))
        compressed = compressor.compress(megabyte) + compressor.flush(zlib.Z_FULL_FLUSH)
        for _ in range(expanded // MEGABYTE):
            out.write(compressed)
            crc = zlib.crc32(megabyte, crc)
        out.write(compressor.compress(tail) + compressor.flush())
        size = len(head) + expanded // MEGABYTE * MEGABYTE + len(tail)
        out.write(struct.pack("<II", zlib.crc32(tail, crc), size & 0xFFFFFFFF))
    return path


def _warc_head(uri: str, payload_length: int) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    return (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri.encode() + b"\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(len(http) + payload_length).encode() + b"\r\n\r\n" + http
    )


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    good = _gzip_member(_warc_head("https://fine.example/", len(HTML)) + HTML.encode() + b"\r\n\r\n")
    head = _warc_head("https://bomb.example/", GIGABYTE)
    warc = write_gzip_bomb(folder / "crawl.warc.gz", head, GIGABYTE, b"\r\n\r\n")
    with warc.open("ab") as out:  # the record after the bomb is still read
        out.write(good)
    return {
        "page": write_gzip_bomb(folder / "page.txt.gz", b"", GIGABYTE),
        "jsonl": write_gzip_bomb(folder / "lines.jsonl.gz", b'{"text": "', GIGABYTE, b'"}\n{"text": "x"}\n'),
        "warc": warc,
    }


# The child reports VmHWM, the peak RSS of its own address space: ru_maxrss would start from the RSS of
# the pytest process it was forked from (Linux keeps it across exec).
_READ_AND_MEASURE = """
import json, re, sys
from newsledger.ingest import read_inputs
items = [[type(i).__name__, i.origin, getattr(i, "reason", None)] for i in read_inputs(sys.argv[1:])]
status = open("/proc/self/status").read()
print(json.dumps({"items": items, "peak_mb": int(re.search(r"VmHWM:\\s+(\\d+) kB", status)[1]) / 1024}))
"""


def read_in_child(*paths: Path) -> tuple[list[list[str | None]], float]:
    """What a fresh process reads from the paths, and its peak RSS in MB."""
    result = subprocess.run(
        [sys.executable, "-c", _READ_AND_MEASURE, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    report = json.loads(result.stdout)
    return report["items"], report["peak_mb"]


@pytest.fixture(scope="module")
def baseline_mb(tmp_path_factory: pytest.TempPathFactory) -> float:
    page = tmp_path_factory.mktemp("baseline") / "page.txt"
    page.write_text(PAGE)
    return read_in_child(page)[1]


# Reading a capped document holds it a few times over at most (warcio's decompression buffer, the parts
# read, their join): a bound set by the cap, not by the input. Without the cap each bomb takes gigabytes.
HEADROOM_MB = 6 * MAX_DOCUMENT_BYTES / 1e6


def test_gzip_page_bomb_is_rejected_in_flat_memory(bombs: dict[str, Path], baseline_mb: float) -> None:
    assert bombs["page"].stat().st_size < 2 * MEGABYTE
    items, peak_mb = read_in_child(bombs["page"])
    assert items == [
        [
            "Rejection",
            str(bombs["page"]),
            f"page too large once decompressed (> {MAX_DOCUMENT_BYTES:,} bytes)",
        ]
    ]
    assert peak_mb < baseline_mb + HEADROOM_MB, (peak_mb, baseline_mb)


def test_gzip_jsonl_bomb_skips_the_giant_line_and_reads_the_next(
    bombs: dict[str, Path], baseline_mb: float
) -> None:
    items, peak_mb = read_in_child(bombs["jsonl"])
    origin = str(bombs["jsonl"])
    assert items == [
        ["Rejection", f"{origin}#1", f"line 1 is too long for one page (> {MAX_DOCUMENT_BYTES:,} bytes)"],
        ["Document", f"{origin}#2", None],
    ]
    assert peak_mb < baseline_mb + HEADROOM_MB, (peak_mb, baseline_mb)


def test_gzip_warc_bomb_rejects_the_record_and_reads_the_next(
    bombs: dict[str, Path], baseline_mb: float
) -> None:
    items, peak_mb = read_in_child(bombs["warc"])
    origin = str(bombs["warc"])
    too_large = f"response too large for one page (> {MAX_DOCUMENT_BYTES:,} bytes)"
    assert items == [
        ["Rejection", f"{origin}#https://bomb.example/", too_large],
        ["Document", f"{origin}#https://fine.example/", None],
    ]
    assert peak_mb < baseline_mb + HEADROOM_MB, (peak_mb, baseline_mb)


def test_gigantic_lines_are_rejected_unread(tmp_path: Path, baseline_mb: float) -> None:
    """50 MB without a newline: as a page, as a JSON line, as a line of a page inside a JSON line."""
    line = b"word " * (10 * MEGABYTE)
    (tmp_path / "one-line.txt").write_bytes(line)
    (tmp_path / "lines.jsonl").write_bytes(
        b'{"text": "' + line + b'"}\n' + json.dumps({"text": PAGE}).encode()
    )
    items, peak_mb = read_in_child(tmp_path / "one-line.txt", tmp_path / "lines.jsonl")
    assert [item[0] for item in items] == ["Rejection", "Rejection", "Document"]
    assert items[0][2] == f"file too large for one page ({len(line):,} bytes > {MAX_DOCUMENT_BYTES:,})"
    assert items[1][2] == f"line 1 is too long for one page (> {MAX_DOCUMENT_BYTES:,} bytes)"
    assert peak_mb < baseline_mb + HEADROOM_MB, (peak_mb, baseline_mb)


CONTEXT = CleanContext(OutletRegistry.load(()), {}, 10)


def _clean(text: str, media_type: str) -> Article | Rejection:
    document = Document(content_id(text), "page", media_type, text)
    cleaned = clean_document(document, CONTEXT)
    check_cleaned(document, cleaned, 10)
    return cleaned.result


@pytest.mark.parametrize("tag", ["div", "b", "table"])
def test_html_nested_100k_deep_is_rejected_with_the_reason(tag: str) -> None:
    html = f"<html><body>{f'<{tag}>' * 100_000}{SENTENCE}{f'</{tag}>' * 100_000}</body></html>"
    result = _clean(html, "text/html")
    assert isinstance(result, Rejection)
    assert result.reason == (
        f"HTML nested {MAX_HTML_DEPTH} or more elements deep (the parser drops what lies deeper)"
    )


def test_html_nested_just_under_the_parser_limit_is_cleaned() -> None:
    depth = MAX_HTML_DEPTH - 5  # html and body count too
    html = f"<html><body>{'<div>' * depth}<p>{SENTENCE}</p>{'</div>' * depth}</body></html>"
    result = _clean(html, "text/html")
    assert isinstance(result, Article), result
    assert SENTENCE in result.body


def test_a_long_line_under_the_cap_is_cleaned() -> None:
    """2 MB of text on one line (a scraper that lost the newlines) ends as an article or a reason, with
    every line accounted for. (Which one is the line classifier's call: today it removes such a line.)"""
    line = " ".join([SENTENCE] * 22_000)
    assert len(line) > 2_000_000
    result = _clean(f"Menu\n{line}\nShare this", "text/plain")
    if isinstance(result, Article):
        assert line in result.paragraphs or line in [removed.text for removed in result.removed]


def _warc_record(
    head: bytes, http: bytes, payload: bytes = HTML.encode(), length: int | None = None
) -> bytes:
    block = http + payload
    size = str(len(block) if length is None else length).encode()
    return b"WARC/1.0\r\n" + head + b"Content-Length: " + size + b"\r\n\r\n" + block + b"\r\n\r\n"


_RESPONSE = b"WARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\n"
_URI = b"WARC-Target-URI: https://x.example/a\r\n"
_HTTP = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"

MALFORMED_WARCS = {
    "no target URI": (
        _warc_record(_RESPONSE, _HTTP),
        "malformed WARC record after 0 records (AttributeError",
    ),
    "negative length": (_warc_record(_RESPONSE + _URI, _HTTP, length=-5), "not a readable WARC archive"),
    "length past the end": (_warc_record(_RESPONSE + _URI, _HTTP, length=10**12), "truncated record"),
    "length not a number": (
        _warc_record(_RESPONSE + _URI, _HTTP).replace(b"Length: ", b"Length: abc"),
        "not a readable WARC archive",
    ),
    "header without a colon": (
        _warc_record(_RESPONSE.replace(b"WARC-Type: ", b"WARC-Type ") + _URI, _HTTP),
        "no HTML pages in the archive",
    ),
    "only the version line": (b"WARC/1.0\r\n", "no HTML pages in the archive (no HTTP response records)"),
    "binary after the version": (b"WARC/1.0\r\n\x00\x01\x02\xff\r\n\r\n", "no HTML pages in the archive"),
    "unknown version": (b"WARC/9.9\r\nWARC-Type: response\r\n\r\n", "not a readable WARC archive"),
    "only images": (
        _warc_record(_RESPONSE + _URI, _HTTP.replace(b"text/html", b"image/png"), b"\x89PNG"),
        "no HTML pages in the archive (1 responses, none of them HTML)",
    ),
    "gzip-encoded body that is not gzip": (
        _warc_record(_RESPONSE + _URI, _HTTP.replace(b"\r\n\r\n", b"\r\nContent-Encoding: gzip\r\n\r\n")),
        None,  # warcio passes the body through undecoded: a page
    ),
    "empty": (b"", "not a WARC archive"),
}


@pytest.mark.parametrize("case", MALFORMED_WARCS)
def test_malformed_warc_ends_as_documents_or_a_named_reason(case: str) -> None:
    data, reason = MALFORMED_WARCS[case]
    for packed in (data, gzip.compress(data)):
        items = check_read(read_warc(io.BytesIO(packed), "crawl.warc", MAX_DOCUMENT_BYTES), "crawl.warc")
        if reason is None:
            assert [type(item) for item in items] == [Document], items
        else:
            assert isinstance(items[-1], Rejection) and items[-1].reason.startswith(reason), items


HOSTILE_JSONL = {
    b"[" * 100_000 + b"]" * 100_000: "line 1 nests JSON arrays or objects too deeply to read",
    b'{"text": ' + b"9" * 5000 + b"}": "line 1 is not readable JSON (Exceeds the limit (4300 digits)",
    b'{"text": "a \\ud800 b"}': "line 1 has an invalid Unicode escape (lone surrogate) in 'text'",
    b'{"text": "fine", "url": "https://x.example/\\udfff"}': "line 1 has an invalid Unicode escape",
    b'{"text": NaN}': "line 1 has no non-empty 'text' or 'html' string",
    b'{"text": "caf\xe9"}': "line 1 is not UTF-8",
    b"\xff\xfe{}": "line 1 is not valid JSON",
    b"": "empty file (no JSON lines)",
}


@pytest.mark.parametrize("line", HOSTILE_JSONL, ids=lambda line: repr(line[:24]))
def test_hostile_json_line_is_rejected_with_the_reason(line: bytes) -> None:
    (item,) = check_read(read_jsonl(io.BytesIO(line), "x.jsonl", MAX_DOCUMENT_BYTES), "x.jsonl")
    assert isinstance(item, Rejection) and item.reason.startswith(HOSTILE_JSONL[line]), item


def test_feed_with_a_reference_to_half_a_surrogate_pair_is_rejected() -> None:
    feed = b"<rss><channel><item><title>&#xD800;</title><description>x</description></item></channel></rss>"
    (item,) = check_read(read_bytes(feed, "wire.xml", ".xml"), "wire.xml")
    assert isinstance(item, Rejection)
    assert item.reason.startswith("not a readable RSS or Atom feed (UnicodeEncodeError")


def test_declared_utf16_that_is_not_utf16_is_not_decoded_as_such() -> None:
    """An HTML page that states its charset in ASCII is not UTF-16 whatever it says (WHATWG rule)."""
    page = b'<html><head><meta charset="utf-16"></head><body><p>caf\xe9</p></body></html>'
    (item,) = check_read(read_bytes(page, "p.html", ".html"), "p.html")
    assert isinstance(item, Rejection) and item.reason.startswith("not UTF-8 text (byte 0xe9"), item


def test_document_cap_comes_from_the_settings(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("[ingest]\nmax_document_mb = 1\nworkers = 1\n")
    settings = Settings.load(tmp_path / "settings.toml").with_overrides(nlp=False)
    assert settings.ingest.max_document_bytes == 1_000_000
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "big.txt").write_text(PAGE * 20_000)
    (pages / "small.txt").write_text(PAGE)
    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        summary = ingest([str(pages)], ledger, settings)
    assert summary.articles == 1
    assert [r.reason for r in summary.rejections] == [
        f"file too large for one page ({(pages / 'big.txt').stat().st_size:,} bytes > 1,000,000)"
    ]


@pytest.mark.parametrize("value", ["0", "-3", '"20"', "2.5"])
def test_a_bad_document_cap_names_the_file_and_the_setting(tmp_path: Path, value: str) -> None:
    (tmp_path / "s.toml").write_text(f"[ingest]\nmax_document_mb = {value}\n")
    with pytest.raises(ConfigError, match=r"s\.toml \[ingest\]: max_document_mb must be"):
        Settings.load(tmp_path / "s.toml")


def _hostile_folder(folder: Path, bombs: dict[str, Path]) -> Iterator[Path]:
    """One file of every hostile kind above (and one good page), as a scraper's dump would mix them."""
    files = {
        "good.txt": PAGE.encode(),
        "deep.html": b"<html><body>" + b"<div>" * 100_000 + SENTENCE.encode(),
        "binary.txt": bytes(range(256)) * 10,
        "latin1.txt": PAGE.replace("river", "caf\u00e9").encode("latin-1"),
        "empty.html": b"",
        "bad.jsonl": b"\n".join(HOSTILE_JSONL),
        "surrogate.rss": b"<rss><channel><item><title>&#xD800;</title></item></channel></rss>",
        "no-uri.warc": MALFORMED_WARCS["no target URI"][0],
        "images.warc.gz": gzip.compress(MALFORMED_WARCS["only images"][0]),
        "cut.txt.gz": gzip.compress(PAGE.encode() * 50)[:100],
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
        yield folder / name
    # One bomb is enough here (the others cost seconds of decompression, measured above).
    (folder / "bomb.txt.gz").symlink_to(bombs["page"])
    yield folder / "bomb.txt.gz"


def test_a_run_over_every_hostile_input_names_each_and_finishes(
    tmp_path: Path, bombs: dict[str, Path]
) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    files = list(_hostile_folder(folder, bombs))
    result = subprocess.run(
        [sys.executable, "-m", "newsledger", "ingest", str(folder), "--db", str(tmp_path / "l.duckdb"),
         "--no-nlp", "--workers", "1", "--quiet"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    with Ledger.open(tmp_path / "l.duckdb", read_only=True) as ledger:
        origins = [row[0] for row in ledger.con.execute("SELECT origin FROM articles").fetchall()]
    for file in files:
        named = any(line.startswith(f"skipped {file}") for line in skipped)
        stored = any(origin.startswith(str(file)) for origin in origins)
        assert named or stored, f"{file.name} vanished: neither an article nor a named rejection"
    assert any(origin == str(folder / "good.txt") for origin in origins)
    assert (
        f"skipped {folder / 'deep.html'}: HTML nested {MAX_HTML_DEPTH} or more elements deep" in result.stderr
    )
