"""Marking spans in hostile text: escaped first, marked second, overlapping spans kept apart."""

from __future__ import annotations

import re
from html import unescape

from hypothesis import given
from hypothesis import strategies as st

from newsledger.store.queries import Highlight
from newsledger.web.render import annotate_body, mark


def _text(markup: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", markup))


def test_mark_escapes_the_text_and_wraps_each_span() -> None:
    html = mark('a <b onclick="x()">bold</b> & more', [(3, 18), (30, 34)])
    assert str(html) == (
        "a &lt;<mark>b onclick=&#34;x()&#34;</mark>&gt;bold&lt;/b&gt; &amp; <mark>more</mark>"
    )


def test_mark_ignores_spans_out_of_range_or_overlapping_the_previous() -> None:
    marked = mark("abcdef", [(1, 3), (2, 4), (5, 99), (7, 9)])
    assert str(marked) == "a<mark>bc</mark><mark>d</mark>e<mark>f</mark>"


def test_annotate_body_nests_mentions_inside_evidence_and_keeps_paragraphs() -> None:
    body = "Troops near Kyiv refused.\nThe ministry <denied> it."
    highlights = [
        Highlight(0, 25, "incident", "refusal (reported)", "inc1"),
        Highlight(12, 16, "place", "place:kyiv", "place:kyiv"),
        Highlight(26, 38, "org", "org:ministry", None),
    ]
    paragraphs = [str(p) for p in annotate_body(body, highlights)]
    assert len(paragraphs) == 2
    first, second = paragraphs
    assert first.startswith('<a class="anchor" id="incident-inc1"></a><span class="ev hl-incident"')
    assert re.search(r'<span class="ev m hl-incident m-place" title="incident: refusal \(reported\) · '
                     r'place: place:kyiv">Kyiv</span>', first)  # fmt: skip
    assert "&lt;denied&gt;" in second and "<denied>" not in second
    assert [_text(p) for p in paragraphs] == body.split("\n")


def test_annotate_body_escapes_labels_in_attributes() -> None:
    body = "Someone said so."
    html = str(annotate_body(body, [Highlight(0, 7, "claim", '"><script>alert(1)</script>', "c1")])[0])
    assert "<script>" not in html
    assert 'title="claim: &#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


KINDS = ["incident", "claim", "place", "person"]
spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60), st.sampled_from(KINDS)), max_size=8)


@given(body=st.text(alphabet="ab <>&\"'\n", max_size=60), raw=spans)
def test_annotate_body_never_changes_the_text(body: str, raw: list[tuple[int, int, str]]) -> None:
    highlights = [Highlight(min(a, b), max(a, b), kind, kind, f"id{a}") for a, b, kind in raw if a != b]
    paragraphs = annotate_body(body, highlights)
    assert [_text(str(p)) for p in paragraphs] == body.split("\n")
    for paragraph in paragraphs:
        assert "<script" not in paragraph and not re.search(r"<(?!/?(span|a)\b)", str(paragraph))
