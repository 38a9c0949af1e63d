"""Spans over hostile text → escaped HTML: evidence in its paragraph, search marks, an annotated body.

Article text is escaped piece by piece *before* any markup is added around it, so a `<script>` in an
article is shown as text; the markup added is fixed tags and classes, with labels escaped as attributes.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Protocol

from markupsafe import Markup, escape

EVIDENCE_KINDS = ("incident", "claim")


class Highlight(Protocol):
    """A span of the body to mark (store.queries.Highlight, or the API's HighlightOut)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def ref(self) -> str | None: ...


def mark(text: str, spans: Sequence[tuple[int, int]], css_class: str = "") -> Markup:
    """`text` escaped, with each (start, end) span (sorted, not overlapping) in a <mark>."""
    open_tag = Markup('<mark class="{}">').format(css_class) if css_class else Markup("<mark>")
    parts: list[Markup] = []
    position = 0
    for start, end in spans:
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        parts += [escape(text[position:start]), open_tag, escape(text[start:end]), Markup("</mark>")]
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def annotate_body(body: str, highlights: Sequence[Highlight]) -> list[Markup]:
    """The body's paragraphs, each a run of segments marked with every highlight covering them.

    Highlights overlap freely (a place inside a claim inside an incident's sentence), so the body is cut
    at every highlight boundary and each segment carries the classes and tooltips of all that cover it;
    neighbouring segments with the same cover are joined. The first segment of an incident or claim gets
    its id as anchor, so other pages can link to `#incident-ID`.
    """
    cuts = {0, len(body)}
    for highlight in highlights:
        cuts.update((max(0, min(highlight.start, len(body))), max(0, min(highlight.end, len(body)))))
    cuts.update(i for i, char in enumerate(body) if char == "\n")
    cuts.update(i + 1 for i, char in enumerate(body) if char == "\n")
    bounds = sorted(cuts)
    paragraphs: list[list[Markup]] = [[]]
    anchored: set[str] = set()
    previous: tuple[Highlight, ...] | None = None
    run_start = 0

    def flush(end: int) -> None:
        if previous is None or run_start >= end:
            return
        paragraphs[-1].append(_segment(body[run_start:end], previous, anchored))

    for start, end in itertools.pairwise(bounds):
        if body[start:end] == "\n":
            flush(start)
            paragraphs.append([])
            previous, run_start = None, end
            continue
        cover = tuple(h for h in highlights if h.start <= start and h.end >= end)
        if cover != previous:
            flush(start)
            previous, run_start = cover, start
    flush(len(body))
    return [Markup("").join(parts) for parts in paragraphs]


def _segment(text: str, cover: tuple[Highlight, ...], anchored: set[str]) -> Markup:
    if not cover:
        return escape(text)
    classes = sorted({f"hl-{h.kind}" if h.kind in EVIDENCE_KINDS else f"m-{h.kind}" for h in cover})
    if any(h.kind not in EVIDENCE_KINDS for h in cover):
        classes.insert(0, "m")
    if any(h.kind in EVIDENCE_KINDS for h in cover):
        classes.insert(0, "ev")
    tooltip = " · ".join(dict.fromkeys(f"{h.kind}: {h.label}" for h in cover))
    anchors = []
    for highlight in cover:
        key = f"{highlight.kind}-{highlight.ref}"
        if highlight.kind in EVIDENCE_KINDS and highlight.ref and key not in anchored:
            anchored.add(key)
            anchors.append(Markup('<a class="anchor" id="{}"></a>').format(key))
    return Markup('{}<span class="{}" title="{}">{}</span>').format(
        Markup("").join(anchors), " ".join(classes), tooltip, text
    )
