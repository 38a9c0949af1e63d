"""Plain-text page cleaning: decide for every line of a flattened page whether it is article body.

Input: the lines of one page (plus, optionally, how often each line recurs on other pages of the same site).
Output: one LineDecision per input line, in order (``classify_lines``). Blank lines are paragraph breaks,
used as evidence, and come back with keep=False, reason=None, score=0.0; the caller joins the kept lines
with "\\n". The cleaner itself reads the same decisions as a ``PageVerdict`` (``judge_lines``): lists over
the non-blank lines, without an object per line.

How: a boosted-tree model (``data/line_model.json``, trained by ``bench/train_line_model.py``) scores each
line from cheap features of the line and its neighbours (``line_features``); cross-page recurrence shifts
the score; then the densest run(s) of body-like lines are taken as the article block, so that lone
body-like lines in sidebars and footers go, while short lines inside the article (one-line quotes) stay.
A few rules sit on top: a line that starts like a known kind of furniture ("READ MORE:", "Leave a
Reply") goes, so does a line without any letter or digit, and a short unpunctuated line heading the
article (its headline). Inference is numpy only.

Every removed non-blank line carries a reason: the furniture family its words matched
(``data/furniture.toml``), else "recurs on N other pages of this site", "no words", "headline above the
article", "outside the article block", or "low body score 0.23".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from newsledger.clean.line_features import (
    PageFeatures,
    feature_names,
    load_furniture,
    page_features,
)
from newsledger.errors import NewsledgerError


@dataclass(frozen=True, slots=True)
class LineDecision:
    text: str
    keep: bool
    reason: (
        str | None
    )  # why a line was removed ("comment form", "outside the article block"...); None if kept
    score: float  # probability that the line is body


# ASCII punctuation, dropped from a line before hashing it: "Share this article:" is "Share this article".
_KEY_PUNCTUATION = bytes([*range(33, 48), *range(58, 65), *range(91, 97), *range(123, 127)])


def line_key(line: str) -> int:
    """A normalised hash of a line, used to count how often it recurs across pages of one site.

    Case, ASCII punctuation and spacing are ignored, so "Share this article:" and "SHARE this  article"
    count as the same line. Stable across processes (unlike ``hash(str)``), so counts can be merged; it
    runs twice on every line of a corpus, hence bytes operations only.
    """
    data = b" ".join(line.lower().encode("utf-8").translate(None, _KEY_PUNCTUATION).split())
    digest = hashlib.blake2b(data, digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)  # fits a signed 64-bit column


@dataclass(frozen=True, slots=True)
class DecisionParams:
    """Knobs of the block selection, fitted on out-of-fold scores by bench/train_line_model.py."""

    block_threshold: float  # a line adds to the article block when its body probability exceeds this
    keep_inside: float  # inside the block, keep lines scoring at least this
    keep_outside: float  # outside the block, keep only lines scoring at least this (sure body)
    strong_furniture_words: int  # a line matching a family's "starts" pattern with <= this many words goes
    recurrence_shift: float  # log-odds subtracted for a short line seen on other pages of the same site
    recurrence_long_words: int  # lines longer than this may be syndicated copy: shift scaled down
    extra_block_ratio: float  # a further run joins the article when its sum is >= this share of the best
    drop_headline: bool  # the article's first kept line, short and without a full stop, is its headline


@dataclass(frozen=True, slots=True)
class Trees:
    """A boosted-tree ensemble padded to complete binary trees, walked level by level in numpy.

    Nodes are numbered globally, breadth-first within each tree: node j of tree t is t * inner + j, where
    inner = 2**depth - 1, so that one ``take`` per level fetches every tree's feature and threshold.
    """

    depth: int
    trees: int
    feature: np.ndarray  # (trees * inner,) intp: feature of each inner node
    threshold: np.ndarray  # (trees * inner,) float32, rounded down: go right when value > threshold
    leaf: np.ndarray  # (trees * (inner + 1),) float64: leaf values, learning rate included
    base: float  # initial log-odds
    # Derived from the above, so that a step of the walk is two gathers, a compare and an add:
    left_child: np.ndarray  # (trees * inner,) intp: global number of each inner node's left child
    root: np.ndarray  # (trees,) intp: each tree's root (every row starts there: its level is cheaper)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Trees:
        threshold = np.asarray(data["threshold"], dtype=np.float64)
        # Features are float32. For a float32 x, "x > t" is the same as "x > t32" with t32 the largest
        # float32 not above t; comparing in float32 saves converting every gathered value.
        rounded = threshold.astype(np.float32)
        too_high = rounded.astype(np.float64) > threshold
        rounded[too_high] = np.nextafter(rounded[too_high], np.float32(-np.inf))
        feature = np.asarray(data["feature"], dtype=np.intp)
        depth, trees = int(data["depth"]), feature.shape[0]
        inner = 2**depth - 1
        node = np.arange(trees * inner, dtype=np.intp)
        # child of global node g of tree t: 2g + 1 - t*inner (+1 to go right)
        left_child = 2 * node + 1 - (node // inner) * inner
        return cls(
            depth=depth,
            trees=trees,
            feature=feature.ravel(),
            threshold=rounded.ravel(),
            leaf=np.asarray(data["leaf"], dtype=np.float64).ravel(),
            base=float(data["base"]),
            left_child=left_child,
            root=np.arange(trees, dtype=np.intp) * inner,
        )

    def predict(self, matrix: np.ndarray) -> np.ndarray:
        """Log-odds of body for each row of ``matrix``: every tree at once, many rows at once."""
        out = np.empty(matrix.shape[0], dtype=np.float64)
        inner = 2**self.depth - 1
        to_leaf = (np.arange(self.trees, dtype=np.intp) - inner)[None, :]  # leaf of node g: g + t - inner
        root_feature = self.feature.take(self.root)
        root_threshold = self.threshold.take(self.root)
        root_left = self.left_child.take(self.root)
        n_features = matrix.shape[1]
        chunk = max(16, _CHUNK_CELLS // self.trees)
        for start in range(0, matrix.shape[0], chunk):
            x = np.ascontiguousarray(matrix[start : start + chunk], dtype=np.float32)
            row_base = (np.arange(x.shape[0], dtype=np.intp) * n_features)[:, None]
            x_flat = x.ravel()
            node = root_left + (x.take(root_feature, axis=1) > root_threshold)
            for _ in range(self.depth - 1):
                index = self.feature.take(node)
                index += row_base
                go_right = x_flat.take(index) > self.threshold.take(node)
                node = self.left_child.take(node)
                node += go_right
            node += to_leaf
            out[start : start + x.shape[0]] = self.base + self.leaf.take(node).sum(axis=1)
        return out


@dataclass(frozen=True, slots=True)
class LineModel:
    trees: Trees  # features of a line and its neighbours -> body log-odds
    params: DecisionParams


def model_from_json(data: dict[str, Any]) -> LineModel:
    if tuple(data["features"]) != feature_names():
        raise NewsledgerError(
            "line_model.json was trained on other line features than this newsledger computes: "
            "retrain it with `python bench/train_line_model.py`"
        )
    return LineModel(trees=Trees.from_json(data["trees"]), params=DecisionParams(**data["params"]))


@lru_cache(maxsize=1)
def _model() -> LineModel:
    text = resources.files("newsledger.data").joinpath("line_model.json").read_text(encoding="utf-8")
    return model_from_json(json.loads(text))


_ENDS_SENTENCE = feature_names().index("ends_sentence")

# Rows x trees per step of the tree walk: its half a dozen (rows x trees) index arrays then stay in the
# CPU's L2 cache. Measured on the aeb-dev pages with 120 trees: 256 rows a step walk them three times
# faster than 4,096 rows (the arrays then spill to memory); below ~64 rows numpy's per-call cost shows.
_CHUNK_CELLS = 32_768


def recurrence_shift(
    logits: np.ndarray,
    features: PageFeatures,
    recurrence: Sequence[int] | None,
    params: DecisionParams,
) -> np.ndarray:
    """Body log-odds of the rows shifted by cross-page evidence (unchanged when there is none)."""
    rows = features.rows
    z = np.asarray(logits, dtype=np.float64)
    if recurrence is None or not rows:
        return z
    rec = np.asarray([recurrence[i] for i in rows], dtype=np.float64)
    # Naive-Bayes shift from the measured rates: 28% of furniture tokens recur on other pages of the
    # site, 0.4% of body tokens, i.e. log(0.28/0.004) ~ 4.2 for a recurring line and
    # log(0.996/0.72) ~ +0.3 for one that does not. Long recurring paragraphs are more often syndicated
    # body than furniture, so their shift is scaled down; a line on two or more other pages counts
    # double (capped): a sentence-like teaser repeated across the site is furniture even when the model
    # finds it prose-like.
    scale = np.minimum(1.0, params.recurrence_long_words / np.maximum(features.words, 1.0))
    return z - np.where(rec > 0, params.recurrence_shift * scale * np.minimum(rec, 2.0), -0.3)


def keep_rows(
    features: PageFeatures, prob: np.ndarray, params: DecisionParams
) -> tuple[np.ndarray, np.ndarray, int]:
    """Rows to keep, rows inside the article block, and the row dropped as the headline (-1: none)."""
    words = features.words
    strong = np.asarray(features.strong, dtype=bool) & (words <= params.strong_furniture_words)
    strong |= np.asarray(features.forced, dtype=bool)
    # Article block: the run of rows with the largest sum of (probability - threshold), each row
    # weighted by the square root of its length so that long paragraphs anchor the block and a short
    # caption or "READ MORE" between them costs little.
    weight = np.sqrt(words + 1.0)
    gain = (prob - params.block_threshold) * weight
    gain[strong] = np.minimum(gain[strong], 0.0)  # a line that starts like furniture never adds to it
    inside = _article_block(gain, params.extra_block_ratio)
    keep = np.where(inside, prob >= params.keep_inside, prob >= params.keep_outside) & ~strong
    keep &= ~features.wordless
    if not keep.any() and prob.size and float(prob.max()) > 0.05:
        # Nothing passed: a page whose article is a table, a list or a few lines reads as furniture
        # to every threshold. An empty article loses everything, so keep the relatively best run.
        top = float(prob.max())
        inside = _article_block((prob - 0.5 * top) * weight, 1.01)
        keep = inside & (prob >= 0.5 * top) & ~np.asarray(features.forced, dtype=bool) & ~features.wordless
    headline = -1
    if params.drop_headline and keep.any():
        first = int(np.argmax(keep))
        if not features.matrix[first, _ENDS_SENTENCE] and words[first] <= 25 and keep[first + 1 :].any():
            keep[first] = False
            headline = first
    return keep, inside, headline


@dataclass(frozen=True, slots=True)
class PageVerdict:
    """The decisions on one page's non-blank lines as parallel lists: what the cleaner reads.

    Blank lines (paragraph breaks) have no entry. ``LineDecision``s are built from it only for callers
    that ask for one object per line: making a frozen dataclass per line costs as much as deciding.
    """

    rows: list[int]  # index into the page's lines of each non-blank line
    keep: list[bool]
    reasons: list[str | None]  # why each line was removed; None where it is kept
    scores: list[float]  # probability that the line is body


def judge_lines(lines: Sequence[str], recurrence: Sequence[int] | None = None) -> PageVerdict:
    """``classify_lines`` without the per-line objects: the verdict on each non-blank line."""
    return judge_pages([(lines, recurrence)])[0]


def judge_pages(pages: Sequence[tuple[Sequence[str], Sequence[int] | None]]) -> list[PageVerdict]:
    """``judge_lines`` for many pages, with one model call for all of them (much faster per page)."""
    model = _model()
    for lines, recurrence in pages:
        if recurrence is not None and len(recurrence) != len(lines):
            raise ValueError(f"recurrence has {len(recurrence)} entries for {len(lines)} lines")
    feats = [page_features(lines) for lines, _ in pages]
    if not feats:
        return []
    logits = model.trees.predict(np.concatenate([f.matrix for f in feats], axis=0))
    verdicts, start = [], 0
    for (_, recurrence), f in zip(pages, feats, strict=True):
        end = start + len(f.rows)
        z = recurrence_shift(logits[start:end], f, recurrence, model.params)
        verdicts.append(decide_rows(f, 1.0 / (1.0 + np.exp(-z)), recurrence, model.params))
        start = end
    return verdicts


def decide_rows(
    features: PageFeatures,
    prob: np.ndarray,
    recurrence: Sequence[int] | None,
    params: DecisionParams,
) -> PageVerdict:
    """Turn per-row body probabilities into keep/drop decisions with reasons."""
    keep, inside, headline = keep_rows(features, prob, params)
    family_reasons = _family_reasons()
    rows = features.rows
    kept = keep.tolist()
    scores = prob.tolist()
    reasons: list[str | None] = [None] * len(rows)
    # Only removed rows need a reason; the per-row arrays are read for those rows alone.
    for r in (r for r, k in enumerate(kept) if not k):
        i = rows[r]
        if r == headline:
            reason = "headline above the article"
        elif features.family[r] >= 0:
            reason = family_reasons[features.family[r]]
        elif features.wordless[r]:
            reason = "no words"
        elif recurrence is not None and recurrence[i] > 0:
            k = recurrence[i]
            reason = f"recurs on {k} other page{'s' if k != 1 else ''} of this site"
        elif not inside[r]:
            reason = "outside the article block"
        else:
            reason = f"low body score {scores[r]:.2f}"
        reasons[r] = reason
    return PageVerdict(rows, kept, reasons, scores)


def line_decisions(lines: Sequence[str], verdict: PageVerdict) -> list[LineDecision]:
    """One LineDecision per line of the page: the verdict's rows, and blank lines as paragraph breaks."""
    # Blank lines: one shared decision for the empty ones (creating frozen dataclasses is not free).
    empty = LineDecision("", False, None, 0.0)
    decisions = [empty] * len(lines)
    for i, line in enumerate(lines):
        if line and line.isspace():
            decisions[i] = LineDecision(line, False, None, 0.0)
    for i, kept, reason, score in zip(
        verdict.rows, verdict.keep, verdict.reasons, verdict.scores, strict=True
    ):
        decisions[i] = LineDecision(lines[i], kept, reason, score)
    return decisions


def classify_lines(lines: Sequence[str], recurrence: Sequence[int] | None = None) -> list[LineDecision]:
    """Decide body vs furniture for each line; recurrence[i] = other pages of the site that carry line i."""
    return classify_pages([(lines, recurrence)])[0]


def classify_pages(
    pages: Sequence[tuple[Sequence[str], Sequence[int] | None]],
) -> list[list[LineDecision]]:
    """``classify_lines`` for many pages, with one model call for all of them (much faster per page)."""
    return [
        line_decisions(lines, verdict) for (lines, _), verdict in zip(pages, judge_pages(pages), strict=True)
    ]


@lru_cache(maxsize=1)
def _family_reasons() -> tuple[str, ...]:
    return tuple(family.reason for family in load_furniture().families)


def _article_block(gain: np.ndarray, extra_ratio: float) -> np.ndarray:
    """Rows of the best run, plus further runs before/after it that are nearly as dense.

    Articles are often cut by a furniture block (a related-headlines list, a donation box) with more
    body after it; the further runs take that body back without taking every lone sentence of a footer.
    """
    inside = np.zeros(gain.size, dtype=bool)
    lo, hi = _best_run(gain)
    if hi <= lo:
        return inside
    inside[lo:hi] = True
    needed = extra_ratio * float(gain[lo:hi].sum())
    todo = [(0, lo), (hi, gain.size)]
    while todo:
        a, b = todo.pop()
        if b <= a:
            continue
        sub_lo, sub_hi = _best_run(gain[a:b])
        if sub_hi > sub_lo and float(gain[a + sub_lo : a + sub_hi].sum()) >= needed:
            inside[a + sub_lo : a + sub_hi] = True
            todo += [(a, a + sub_lo), (a + sub_hi, b)]
    return inside


def _best_run(gain: np.ndarray) -> tuple[int, int]:
    """[lo, hi) of the contiguous run with the largest sum (empty run (0, 0) when every gain is <= 0)."""
    if gain.size == 0:
        return 0, 0
    csum = np.concatenate([[0.0], np.cumsum(gain)])
    low_before = np.minimum.accumulate(csum)
    hi = int(np.argmax(csum - low_before))
    if csum[hi] - low_before[hi] <= 0.0:
        return 0, 0
    lo = int(np.argmin(csum[: hi + 1]))
    return lo, hi
