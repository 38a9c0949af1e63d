"""Readers: every format becomes Documents, every unreadable input a one-line Rejection."""

from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsledger.errors import InputError
from newsledger.ingest import read_inputs
from newsledger.ingest.decode import DecodeError, decode_page
from newsledger.ingest.sources import read_at_most
from newsledger.records import Document, Rejection, content_id

PAGE = "Menu\nA regiment refused to fight near the river, relatives said on Tuesday.\n"
HTML = (
    "<html><head><title>Refusal</title></head><body><article><h1>Refusal</h1>"
    "<p>A regiment refused to fight near the river, relatives said on Tuesday evening in the city.</p>"
    "</article></body></html>"
)


def read(*paths: Path | str) -> list[Document | Rejection]:
    return list(read_inputs([str(p) for p in paths]))


def only(items: list[Document | Rejection]) -> Document | Rejection:
    assert len(items) == 1, items
    return items[0]


def test_text_page_becomes_a_document_identified_by_its_content(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PAGE)
    (tmp_path / "copy.txt").write_text(PAGE.replace("\n", "\r\n"))
    first, second = read(tmp_path)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.media_type == "text/plain"
    assert first.origin == str(tmp_path / "a.txt")
    assert first.id == content_id(PAGE) and len(first.id) == 16
    assert second.id == first.id, "the same text with CRLF newlines is the same content"


def test_folders_are_walked_recursively_in_order_skipping_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(PAGE + "z")
    (tmp_path / "a.html").write_text(HTML)
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(PAGE)
    items = read(tmp_path)
    assert [Path(i.origin).name for i in items] == ["a.html", "z.txt"]
    assert [i.media_type for i in items if isinstance(i, Document)] == ["text/html", "text/plain"]


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "page").write_text(HTML)
    (tmp_path / "note.md").write_text(PAGE)
    kinds = {Path(i.origin).name: i.media_type for i in read(tmp_path) if isinstance(i, Document)}
    assert kinds == {"page": "text/html", "note.md": "text/plain"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n\t", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"caf\xe9 au lait and a regiment", "not UTF-8 text (byte 0xe9 at offset 3)"),
        (bytes(range(1, 32)) * 20, "binary file"),
    ],
)
def test_bad_pages_are_rejected_with_a_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "bad.txt").write_bytes(content)
    rejection = only(read(tmp_path / "bad.txt"))
    assert isinstance(rejection, Rejection)
    assert rejection.origin == str(tmp_path / "bad.txt")
    assert rejection.reason.startswith(reason)
    assert "\n" not in rejection.reason


def test_utf16_page_with_bom_is_read(tmp_path: Path) -> None:
    (tmp_path / "u16.txt").write_bytes(PAGE.encode("utf-16"))
    document = only(read(tmp_path / "u16.txt"))
    assert isinstance(document, Document) and document.text == PAGE


def test_missing_input_is_an_error_for_the_whole_run(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        read(tmp_path / "nope")


def test_jsonl_objects_become_documents_with_their_hints(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "text": PAGE,
                "url": "https://news.example/a",
                "title": "T",
                "published": "2022-09-12",
                "outlet": "baltic-wire",
            }
        ),
        "",
        json.dumps({"html": HTML}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "only a title"}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    items = read(tmp_path / "feed.jsonl")
    first, second, bad_json, not_object, no_text = items
    assert isinstance(first, Document) and first.media_type == "text/plain"
    assert (first.url, first.title_hint, first.published_hint, first.outlet_hint) == (
        "https://news.example/a",
        "T",
        "2022-09-12",
        "baltic-wire",
    )
    assert first.origin == f"{tmp_path / 'feed.jsonl'}#1"
    assert isinstance(second, Document) and second.media_type == "text/html" and second.origin.endswith("#3")
    assert isinstance(bad_json, Rejection) and bad_json.reason.startswith("line 4 is not valid JSON")
    assert isinstance(not_object, Rejection) and "not an object" in not_object.reason
    assert isinstance(no_text, Rejection) and "no non-empty 'text' or 'html'" in no_text.reason


def _warc(records: list[tuple[str, str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, content_type, payload in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers)
        )
    return buffer.getvalue()


def test_warc_html_responses_become_documents(tmp_path: Path) -> None:
    data = _warc(
        [
            ("https://courier.example/a", "text/html; charset=utf-8", HTML.encode()),
            ("https://courier.example/logo.png", "image/png", b"\x89PNG"),
            ("https://courier.example/b", "text/html", HTML.replace("river", "bridge").encode()),
        ]
    )
    (tmp_path / "crawl.warc.gz").write_bytes(data)
    items = read(tmp_path / "crawl.warc.gz")
    assert [i.origin for i in items] == [
        f"{tmp_path / 'crawl.warc.gz'}#https://courier.example/a",
        f"{tmp_path / 'crawl.warc.gz'}#https://courier.example/b",
    ]
    assert all(isinstance(i, Document) and i.url and i.media_type == "text/html" for i in items)


def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    data = _warc(
        [
            ("https://courier.example/a", "text/html", HTML.encode()),
            ("https://courier.example/b", "text/html", (HTML * 50).encode()),
        ]
    )
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) - 200])
    items = read(tmp_path / "cut.warc.gz")
    assert isinstance(items[0], Document)
    assert isinstance(items[-1], Rejection)
    assert items[-1].reason == "truncated gzip archive: it ends inside a record, after 1 records"


def test_truncated_uncompressed_warc_rejects_the_cut_record(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for name in "ab":
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        payload = io.BytesIO(HTML.replace("river", name).encode() * 20)
        writer.write_record(
            writer.create_warc_record(
                f"https://c.example/{name}", "response", payload=payload, http_headers=headers
            )
        )
    data = buffer.getvalue()
    (tmp_path / "cut.warc").write_bytes(data[:-300])
    first, cut = read(tmp_path / "cut.warc")
    assert isinstance(first, Document)
    assert isinstance(cut, Rejection) and cut.origin.endswith("#https://c.example/b")
    assert cut.reason.startswith("truncated record")


def test_truncated_gzip_page_is_rejected(tmp_path: Path) -> None:
    data = gzip.compress((PAGE * 200).encode())
    (tmp_path / "page.txt.gz").write_bytes(data[: len(data) // 2])
    rejection = only(read(tmp_path / "page.txt.gz"))
    assert isinstance(rejection, Rejection) and rejection.reason.startswith("truncated gzip file")


def test_not_a_warc_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "x.warc").write_text("this is not an archive\n")
    rejection = only(read(tmp_path / "x.warc"))
    assert isinstance(rejection, Rejection) and "WARC" in rejection.reason


RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title>
<item><title>Unit refuses</title><link>https://wire.example/1</link>
<pubDate>Tue, 13 Sep 2022 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>A regiment refused to fight near the river, relatives said.</p>]]>
</content:encoded></item>
<item><title>Teaser only</title><link>https://wire.example/2</link><description>Short.</description></item>
</channel></rss>"""


def test_feed_entries_with_content_become_documents(tmp_path: Path) -> None:
    (tmp_path / "wire.xml").write_text(RSS)
    document, teaser = read(tmp_path / "wire.xml")
    assert isinstance(document, Document)
    assert (document.url, document.title_hint, document.published_hint) == (
        "https://wire.example/1",
        "Unit refuses",
        "2022-09-13",
    )
    assert document.origin.endswith("wire.xml#https://wire.example/1")
    assert isinstance(teaser, Rejection) and "no content" in teaser.reason


def test_feed_without_entries_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "empty.rss").write_text('<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>')
    rejection = only(read(tmp_path / "empty.rss"))
    assert isinstance(rejection, Rejection) and "feed" in rejection.reason


def test_html_in_a_declared_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Caf\u00e9 near Kherson</p></body></html>'
    (tmp_path / "latin.html").write_bytes(html.encode("latin-1"))
    document = only(read(tmp_path / "latin.html"))
    assert isinstance(document, Document) and "Caf\u00e9 near Kherson" in document.text


def test_files_a_scrape_folder_holds_besides_pages_are_rejected_by_name(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(PAGE)
    (tmp_path / "site.css").write_text("body { color: red }\n" * 20)
    (tmp_path / "state.json").write_text(json.dumps({"text": PAGE}))
    (tmp_path / "photo.JPG").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    (tmp_path / "bundle.tar.gz").write_bytes(gzip.compress(b"not a page"))
    items = read(tmp_path)
    documents = [i for i in items if isinstance(i, Document)]
    assert [Path(d.origin).name for d in documents] == ["story.txt"]
    reasons = {Path(i.origin).name: i.reason for i in items if isinstance(i, Rejection)}
    assert set(reasons) == {"site.css", "state.json", "photo.JPG", "bundle.tar.gz"}
    assert reasons["site.css"].startswith("not a page: .css files are not read")
    assert reasons["photo.JPG"].startswith("not a page: .jpg files are not read")
    assert reasons["bundle.tar.gz"].startswith("not a page: .tar files are not read")


def _write_parquet(path: Path, columns: dict[str, object]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table(columns), path, row_group_size=2)


def test_parquet_rows_are_documents_with_their_row_as_origin(tmp_path: Path) -> None:
    _write_parquet(
        tmp_path / "crawl.parquet",
        {
            "url": ["https://example.org/a", None, "https://example.org/c"],
            "html": [None, None, HTML],
            "text": [PAGE, "   ", None],
            "outlet": ["Example", None, None],
            "ignored": [1, 2, 3],
        },
    )
    first, second, third = read(tmp_path / "crawl.parquet")
    assert isinstance(first, Document) and isinstance(third, Document)
    assert first.origin == f"{tmp_path / 'crawl.parquet'}#1"
    assert (first.media_type, first.url, first.outlet_hint) == (
        "text/plain",
        "https://example.org/a",
        "Example",
    )
    assert first.id == content_id(PAGE)
    assert isinstance(second, Rejection)
    assert second.origin.endswith("crawl.parquet#2")
    assert second.reason == "row 2 has no non-empty 'text' or 'html' string"
    assert third.media_type == "text/html" and third.origin.endswith("#3")


@pytest.mark.parametrize(
    ("columns", "reason"),
    [
        ({"url": ["https://example.org/a"]}, "Parquet file without a 'text' or 'html' column"),
        ({"text": [1, 2]}, "Parquet columns that should hold text do not: text"),
        ({"text": []}, "empty file (no Parquet rows)"),
    ],
)
def test_parquet_without_readable_text_is_rejected_by_file(
    tmp_path: Path, columns: dict[str, list[object]], reason: str
) -> None:
    import pyarrow as pa

    typed = {name: pa.array(values, None if values else pa.string()) for name, values in columns.items()}
    _write_parquet(tmp_path / "x.parquet", typed)
    rejection = only(read(tmp_path / "x.parquet"))
    assert isinstance(rejection, Rejection)
    assert rejection.origin == str(tmp_path / "x.parquet")
    assert rejection.reason == reason


def test_a_damaged_parquet_file_is_rejected_with_a_reason(tmp_path: Path) -> None:
    _write_parquet(tmp_path / "good.parquet", {"text": [PAGE] * 3})
    data = (tmp_path / "good.parquet").read_bytes()
    (tmp_path / "cut.parquet").write_bytes(data[: len(data) // 2])
    rejection = only(read(tmp_path / "cut.parquet"))
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith("not a readable Parquet file (")


# --- decoding and reading details ------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3000, exclude_categories=("Cs",)), max_size=60))
def test_binary_check_counts_control_characters(text: str) -> None:
    # decode_page counts control characters by deleting their bytes from the UTF-8 sample; a page is
    # binary exactly when more than a tenth of its characters are the controls the check names.
    controls = len(re.findall(r"[\x00-\x08\x0e-\x1f]", text))
    data = text.encode("utf-8")
    if not data.strip() or b"\x00" in data or text.startswith("\ufeff"):
        return  # rejected before the count (empty, NUL bytes), or a byte-order mark that is dropped
    try:
        decode_page(data)
        binary = False
    except DecodeError as err:
        binary = "mostly control characters" in str(err)
    assert binary == (controls / len(text) > 0.10)


def test_page_read_whole_when_it_grew_after_being_measured(tmp_path: Path) -> None:
    # A file is read by the size it had when measured, then on if it has grown: never truncated there.
    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * 100)
    with path.open("rb") as stream:
        assert read_at_most(stream, 1001, expected=40) == b"x" * 100
    with path.open("rb") as stream:
        assert read_at_most(stream, 51, expected=40) == b"x" * 51  # the cap still holds
    with path.open("rb") as stream:
        assert read_at_most(stream, 1001, expected=None) == b"x" * 100
