"""Cheap per-line features of a flattened page, for the line classifier in ``clean.lines``.

Input: the lines of one page. Output: ``PageFeatures``: a float32 matrix, one row per non-blank line,
columns named by ``feature_names()``, plus which furniture family (``data/furniture.toml``) each line
matched and how strongly.

Everything here runs once per page on the hot path of plain-text cleaning (target: 1,000 pages a second
on one core), so features are computed column by column with C-level string calls and numpy over the
whole page, and the keyword families never run as one regular expression per line and family: "starts"
patterns are dispatched on a line's first character, "contains" patterns run only on the lines where a
hashed 4-byte prefilter says one of their needles occurs.
"""

from __future__ import annotations

import math
import re
import re._parser as sre_parser
import tomllib
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

# Short function words of the languages seen most in scraped news (English first, then the Romance and
# Germanic languages of the benchmark pages). Running prose is about 40-50% such words; menus, headlines
# and credits have few, which makes the ratio the best single body signal after sentence punctuation.
_STOPWORDS = frozenset(
    """
    a about after all also an and any are as at be been but by can could did do does for from had has
    have he her his how i if in into is it its just more most my no not of on one or our out over she
    so some than that the their them then there they this to up was we were what when which who will
    with would you your de la le les des du et en un une est pour que qui dans sur pas par au il elle
    ne se ce el los las del y con por para una es lo como más pero su al o os da do das dos em no na um
    uma não com para mais como foi der die das und ist nicht mit den dem ein eine zu von auf für sich
    auch di il che è per non con una sono della gli
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

# Characters that end a sentence, including the full-width ones of CJK text and closing quotes after them.
_SENTENCE_END = frozenset(".!?。！？…")
_CLOSERS = frozenset("\"'”’»)]")
# Character classes for the counts done in numpy over a whole page: one table look-up per character.
_SEPARATOR, _SENTENCE_MARK, _DIGIT, _COMMA, _AT, _OPENING_QUOTE = 1, 2, 4, 8, 16, 32
_CHAR_CLASS = np.zeros(0x10000, dtype=np.uint8)
for _c in "|•·»›/–":
    _CHAR_CLASS[ord(_c)] |= _SEPARATOR
for _c in ".?!":
    _CHAR_CLASS[ord(_c)] |= _SENTENCE_MARK
for _c in "0123456789":
    _CHAR_CLASS[ord(_c)] |= _DIGIT
_CHAR_CLASS[ord(",")] |= _COMMA
_CHAR_CLASS[ord("@")] |= _AT
for _c in "'\"‘“":
    _CHAR_CLASS[ord(_c)] |= _OPENING_QUOTE
_WORD = re.compile(r"\w+")
# The per-row character counts, in the order of their rows in page_features' count table.
_COUNT_MARKS, _COUNT_COMMAS, _COUNT_DIGITS, _COUNT_SEPARATORS, _COUNT_ATS, _COUNT_CAPITALS = range(6)
_COUNTS = 6
_COUNTED_CLASSES = (
    (_COUNT_COMMAS, _COMMA),
    (_COUNT_DIGITS, _DIGIT),
    (_COUNT_SEPARATORS, _SEPARATOR),
    (_COUNT_ATS, _AT),
)

# Offsets of the neighbour lines whose summary features are copied into a line's row (±3, as in the trial).
NEIGHBOUR_OFFSETS = (-3, -2, -1, 1, 2, 3)
_NEIGHBOUR_COLUMNS = ("log_words", "ends_sentence", "furniture_any", "stopword_ratio")


@dataclass(frozen=True, slots=True)
class FurnitureFamily:
    name: str
    reason: str
    force: bool  # a "starts" match removes the line whatever its length (e.g. "READ MORE: <headline>")


@dataclass(frozen=True, slots=True)
class _Furniture:
    families: tuple[FurnitureFamily, ...]
    family_index: dict[str, int]  # family name -> index
    labels: dict[str, int]  # whole line -> family index
    starts_by_char: dict[str, re.Pattern[str] | None]  # first character of a line -> patterns that can match
    contains: tuple[tuple[int, re.Pattern[str]], ...]  # (family index, pattern)
    # Prefilter of the "contains" patterns: hashed first four bytes of each needle -> patterns to try.
    gram_table: np.ndarray  # bool, _GRAM_BUCKETS: some needle starts with four bytes of this bucket
    gram_patterns: dict[int, tuple[tuple[bytes, int], ...]]  # bucket -> (needle, index into contains)
    short_needles: tuple[tuple[bytes, tuple[int, ...]], ...]  # needles under 4 bytes, found with find()
    always: tuple[int, ...]  # patterns without any needle: tried on every line


# Leading characters skipped before "starts" patterns: list bullets, arrows, dashes and quotes.
_LEADING = " \t•*·-–—>»›|\"'“”‘’"


def _first_chars(seq: Any) -> tuple[set[str] | None, bool]:
    """Characters a parsed regex sequence can start with (None: any) and whether it can match empty."""
    out: set[str] = set()
    for op, av in seq:
        name = str(op)
        first: set[str] | None
        if name == "LITERAL":
            first, nullable = {chr(av)}, False
        elif name == "IN":
            first, nullable = set(), False
            for item_op, item in av:
                if str(item_op) == "LITERAL":
                    first.add(chr(item))
                elif str(item_op) == "RANGE" and item[1] - item[0] < 256:
                    first.update(chr(c) for c in range(item[0], item[1] + 1))
                else:
                    first = None
                    break
        elif name == "BRANCH":
            first, nullable = set(), False
            for alt in av[1]:
                alt_first, alt_nullable = _first_chars(alt)
                nullable = nullable or alt_nullable
                if alt_first is None or first is None:
                    first = None
                else:
                    first |= alt_first
        elif name == "SUBPATTERN":
            first, nullable = _first_chars(av[3])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            first, nullable = _first_chars(av[2])
            nullable = nullable or av[0] == 0
        elif name == "AT":
            first, nullable = set(), True
        else:
            return None, False
        if first is None:
            return None, False
        out |= first
        if not nullable:
            return out, False
    return out, True


def _required_literal(seq: Any) -> str:
    """The longest run of plain characters every match of the parsed sequence contains ('' if none)."""
    best = run = ""
    for op, av in seq:
        if str(op) == "LITERAL":
            run += chr(av)
            best = max(best, run, key=len)
        else:
            run = ""
    return best


def _needles(pattern: str) -> tuple[bytes, ...]:
    """Strings one of which every match of a "contains" pattern includes, found with a fast byte search
    before the pattern runs (a regular expression tried at every position of every page is too slow).
    Empty when the pattern has none: then it runs on every line."""
    seq = sre_parser.parse(pattern)
    literal = _required_literal(seq)
    if len(literal) >= 3:
        return (literal.encode(),)
    run = ""  # else the alternatives of the first alternation, each with the plain text just before it
    for op, av in seq:
        if str(op) == "LITERAL":
            run += chr(av)
            continue
        branch = av[3] if str(op) == "SUBPATTERN" else [(op, av)]
        if len(branch) == 1 and str(branch[0][0]) == "BRANCH":
            alternatives = [run + _leading_literal(alt) or _required_literal(alt) for alt in branch[0][1][1]]
            if all(alternatives):
                return tuple(a.encode() for a in alternatives)
        run = ""
    return (literal.encode(),) if literal else ()


def _leading_literal(seq: Any) -> str:
    out = ""
    for op, av in seq:
        if str(op) != "LITERAL":
            break
        out += chr(av)
    return out


def _starts_dispatch(patterns: dict[str, list[str]]) -> dict[str, re.Pattern[str] | None]:
    """For every possible first character, one combined pattern of the "starts" patterns that can begin
    with it. Trying 150 alternatives on every line costs more than all other features together; most
    lines only need the handful that begin with their first letter."""
    parsed = {
        name: [(p, _first_chars(sre_parser.parse(p))[0]) for p in pats] for name, pats in patterns.items()
    }
    chars: set[str] = set()
    for pats in parsed.values():
        for _, first in pats:
            chars |= first or set()
    table: dict[str, re.Pattern[str] | None] = {}
    for c in [*sorted(chars), ""]:  # "" stands for any other first character
        chosen = {
            name: [p for p, first in pats if first is None or c in first] for name, pats in parsed.items()
        }
        chosen = {name: pats for name, pats in chosen.items() if pats}
        table[c] = _combined(chosen) if chosen else None
    return table


def _combined(patterns: dict[str, list[str]]) -> re.Pattern[str]:
    """One pattern of all, each family's alternatives in a group named after it (m.lastgroup)."""
    groups = [f"(?P<{name}>{'|'.join(f'(?:{p})' for p in pats)})" for name, pats in patterns.items() if pats]
    return re.compile("|".join(groups))


@lru_cache(maxsize=4)
def load_furniture(extra: Path | None = None) -> _Furniture:
    """The packaged keyword families, overlaid by a user file of the same shape (adds or extends)."""
    text = resources.files("newsledger.data").joinpath("furniture.toml").read_text(encoding="utf-8")
    tables = tomllib.loads(text)["families"]
    if extra is not None:
        for name, fam in tomllib.loads(extra.read_text(encoding="utf-8")).get("families", {}).items():
            base = tables.setdefault(name, {"reason": fam.get("reason", name), "starts": [], "contains": []})
            base["starts"] = list(base.get("starts", [])) + list(fam.get("starts", []))
            base["contains"] = list(base.get("contains", [])) + list(fam.get("contains", []))
            base["labels"] = list(base.get("labels", [])) + list(fam.get("labels", []))
    families = tuple(
        FurnitureFamily(name, str(t["reason"]), bool(t.get("force", False))) for name, t in tables.items()
    )
    starts = _starts_dispatch({n: list(t.get("starts", [])) for n, t in tables.items()})
    names = list(tables)
    labels: dict[str, int] = {}
    for k, t in enumerate(tables.values()):
        for label in t.get("labels", []):
            labels.setdefault(str(label).lower(), k)
    contains = tuple(
        (names.index(n), re.compile(p)) for n, t in tables.items() for p in t.get("contains", [])
    )
    needles = [_needles(p) for t in tables.values() for p in t.get("contains", [])]
    by_bucket: dict[int, list[tuple[bytes, int]]] = {}
    short: dict[bytes, list[int]] = {}
    always = []
    for j, pattern_needles in enumerate(needles):
        if not pattern_needles:
            always.append(j)
        for needle in pattern_needles:
            if len(needle) >= 4:
                bucket = int(_gram_buckets(needle[:4])[0])
                by_bucket.setdefault(bucket, []).append((needle, j))
            else:
                short.setdefault(needle, []).append(j)
    table = np.zeros(_GRAM_BUCKETS, dtype=bool)
    table[list(by_bucket)] = True
    return _Furniture(
        families,
        {f.name: i for i, f in enumerate(families)},
        labels,
        starts,
        contains,
        table,
        {b: tuple(sorted(set(pairs))) for b, pairs in by_bucket.items()},
        tuple((k, tuple(v)) for k, v in short.items()),
        tuple(always),
    )


_GRAM_BITS = 16
_GRAM_BUCKETS = 1 << _GRAM_BITS


def _gram_buckets(data: bytes) -> np.ndarray:
    """Hash bucket of the four bytes starting at each position (positions 0 .. len-4)."""
    # A view with a stride of one byte reads the four bytes at every position as one uint32, so the
    # hash is one multiply and shift per position (no widening and OR-ing of four shifted copies).
    grams = np.ndarray((len(data) - 3,), dtype="<u4", buffer=data, strides=(1,))
    return (grams * np.uint32(2654435761)) >> np.uint32(32 - _GRAM_BITS)


def _base_names(families: Sequence[FurnitureFamily]) -> tuple[str, ...]:
    return (
        "log_words",
        "log_chars",
        "ends_sentence",
        "ends_colon",
        "sentence_marks",
        "comma_rate",
        "stopword_ratio",
        "capital_ratio",
        "digit_ratio",
        "all_caps",
        "starts_lower",
        "has_link",
        "separators",
        "mean_word_length",
        "blank_before",
        "blank_after",
        "repeated_in_page",
        "words_vs_page_max",
        "page_has_blanks",
        "page_log_lines",
        "furniture_any",
        "ends_ellipsis",
        "ends_bracket",
        *(f"family_{f.name}" for f in families),
    )


def feature_names() -> tuple[str, ...]:
    """Column names of the matrix ``page_features`` returns (base, then neighbours, then windows)."""
    base = _base_names(load_furniture().families)
    neighbours = tuple(f"{c}@{o:+d}" for o in NEIGHBOUR_OFFSETS for c in _NEIGHBOUR_COLUMNS)
    windows = ("window_log_words", "window_ends_sentence", "window_furniture")
    return (*base, *neighbours, *windows, "teaser_pair_run", "window_teaser_pairs")


@dataclass(slots=True)
class PageFeatures:
    rows: list[int]  # index into the page's lines of each feature row (blank lines have no row)
    matrix: np.ndarray  # float32, len(rows) x len(feature_names())
    family: list[int]  # per row: index of the matched furniture family, -1 when none
    strong: list[bool]  # per row: matched a family's "starts" pattern (strong evidence)
    forced: list[bool]  # per row: matched the "starts" pattern of a family marked force = true
    words: np.ndarray  # per row: number of words (a CJK line: characters / 2.5), for length weighting
    wordless: np.ndarray  # per row: no letter or digit at all (">", "***", "|"): never body


def page_features(lines: Sequence[str]) -> PageFeatures:
    furniture = load_furniture()
    n_fam = len(furniture.families)

    # A line is blank when it is empty or all whitespace: the same test as `line.strip()`, without a copy.
    rows = [i for i, line in enumerate(lines) if line and not line.isspace()]
    n = len(rows)
    texts = [lines[i].strip() for i in rows]
    joined = "\n".join(texts)
    low_text = joined.lower()
    low = low_text.split("\n") if n else []

    # Furniture families: "starts" patterns per line, dispatched on the line's first character.
    fam_strength = np.zeros((n, n_fam), dtype=np.float32)
    family = [-1] * n
    strong = [False] * n
    forced = [False] * n
    starts_by_char = furniture.starts_by_char
    any_char = starts_by_char[""]
    labels = furniture.labels
    fam_index = furniture.family_index
    for r, t in enumerate(low):
        head = t.lstrip(_LEADING)
        k = labels.get(head, -1)
        if k < 0:
            pattern = starts_by_char.get(head[:1], any_char)
            m = pattern.match(head) if pattern is not None else None
            if m is None:
                continue
            k = fam_index[m.lastgroup or ""]
        fam_strength[r, k] = 2.0
        family[r] = k
        strong[r] = True
        forced[r] = furniture.families[k].force
    # "contains" patterns: hashed 4-byte grams of the whole page find where a needle may start (numpy, one
    # pass); the patterns run only on those lines. A regular expression per pattern over the page, or
    # a find() per needle, costs several times all the other features together.
    low_bytes = low_text.encode()
    line_ends_array = np.flatnonzero(np.frombuffer(low_bytes, dtype=np.uint8) == 10)
    line_ends = line_ends_array.tolist()
    todo: list[tuple[int, int]] = []  # (row, pattern) in page order; a repeat is tried once
    if len(low_bytes) >= 4:
        buckets = _gram_buckets(low_bytes)
        hits = np.flatnonzero(furniture.gram_table[buckets])
        if hits.size:
            hit_rows = np.searchsorted(line_ends_array, hits).tolist()
            gram_patterns = furniture.gram_patterns
            for at, row, bucket in zip(hits.tolist(), hit_rows, buckets[hits].tolist(), strict=True):
                for word, j in gram_patterns[bucket]:
                    if low_bytes.startswith(word, at):  # the bucket only says "maybe"
                        todo.append((row, j))
    for needle, js in furniture.short_needles:
        at = low_bytes.find(needle)
        while at >= 0:
            row = bisect_left(line_ends, at)
            todo.extend((row, j) for j in js)
            at = low_bytes.find(needle, line_ends[row] if row < len(line_ends) else len(low_bytes))
    todo.extend((r, j) for j in furniture.always for r in range(n))
    contains = furniture.contains
    for r, j in dict.fromkeys(todo):  # first occurrences, in order: the first match names the family
        k, pattern = contains[j]
        if fam_strength[r, k] == 0.0 and pattern.search(low[r]):
            fam_strength[r, k] = 1.0
            if family[r] < 0:
                family[r] = k

    key_counts = Counter(low)  # in-page repetition: menus and share bars repeat, paragraphs do not
    stop_in = _STOPWORDS.__contains__
    n_lines = len(lines)
    # Column by column: one C-level pass per feature over the lines, and character counts in numpy over
    # the whole page, instead of a Python loop that builds every row (three times slower).
    split = [lt.split() for lt in low]
    nw = np.fromiter(map(len, split), dtype=np.float32, count=n)
    nc = np.fromiter(map(len, texts), dtype=np.float32, count=n)
    lasts = [t[-2] if t[-1] in _CLOSERS and len(t) > 1 else t[-1] for t in texts]
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    lower_codes = np.frombuffer(low_text.encode("utf-32-le"), dtype=np.uint32)
    newline = codes == 10
    space = (codes == 32) | newline
    word_start = ~space
    word_start[1:] &= space[:-1]
    char_class = _CHAR_CLASS.take(np.minimum(codes, 0xFFFF))
    # Every per-row character count in one reduceat over a (count, character) table, each row's
    # characters being a contiguous run: one numpy call instead of a bincount per count.
    counted = np.zeros((_COUNTS, codes.size), dtype=bool)
    counted[_COUNT_MARKS, :-1] = ((char_class[:-1] & _SENTENCE_MARK) != 0) & (codes[1:] == 32)
    counted[_COUNT_MARKS] |= codes == 0x3002  # the ideographic full stop needs no space after it
    for count_row, char_bit in _COUNTED_CLASSES:
        np.not_equal(char_class & char_bit, 0, out=counted[count_row])
    if lower_codes.size == codes.size:
        np.logical_and(word_start, codes != lower_codes, out=counted[_COUNT_CAPITALS])
    row_starts = np.concatenate(([0], np.flatnonzero(newline) + 1)) if n else np.zeros(0, dtype=np.intp)
    counts = np.add.reduceat(counted, row_starts, axis=1, dtype=np.int32).astype(np.float32)
    if lower_codes.size != codes.size:  # lower-casing changed the length (a dotted capital I): by word
        counts[_COUNT_CAPITALS] = [sum(w[:1].isupper() for w in t.split()) for t in texts]
    marks, commas, digits, separators, ats, capitals = counts
    has_link = ats > 0
    for marker in (b"http", b"www."):
        at = low_bytes.find(marker)
        while at >= 0:
            has_link[bisect_left(line_ends, at)] = True
            at = low_bytes.find(marker, at + 4)
    # Paragraph breaks: the previous or next input line is blank (rows are the non-blank lines, so a
    # gap in their numbers is a blank line). Without any blank line in the page the flags say nothing,
    # and they stay 0.
    blank_before = np.zeros(n, dtype=bool)
    blank_after = np.zeros(n, dtype=bool)
    if n < n_lines and n:
        index = np.asarray(rows)
        gap = index[1:] != index[:-1] + 1
        blank_before[0] = blank_after[-1] = True
        blank_before[1:] = gap
        blank_after[:-1] = gap
    # Chinese and Japanese have no spaces: a paragraph is one "word" of 100 characters. Count about
    # one word per 2.5 characters there, so that length means the same in every script.
    words_like = np.where(nc > 12 * nw, nc / 2.5, nw)
    columns = [
        np.log1p(words_like),
        np.log1p(nc),
        [c in _SENTENCE_END for c in lasts],
        [c == ":" for c in lasts],
        np.minimum(marks, 10),
        commas / nw,
        np.fromiter((sum(map(stop_in, ws)) for ws in split), dtype=np.float32, count=n) / nw,
        capitals / nw,
        digits / nc,
        list(map(str.isupper, texts)),
        [t[0].islower() for t in texts],
        has_link,
        np.minimum(separators, 10),
        nc / nw,
        blank_before,
        blank_after,
        [key_counts[lt] > 1 for lt in low],
        0.0,  # words_vs_page_max, set below
        float(n < n_lines),  # page_has_blanks
        math.log1p(n_lines),  # page_log_lines
        0.0,  # furniture_any, set below
        # Teasers and link lists are cut short with an ellipsis; body sentences are not.
        [t.endswith(("..", "…")) for t in texts],
        # Captions end with their credit in brackets: "... (Image: Agency)".
        [t[-1] == ")" for t in texts],
    ]
    # The whole row is filled in place (own columns, families, neighbours, windows): no concatenation.
    n_base = len(columns)
    n_columns = n_base + n_fam + len(NEIGHBOUR_OFFSETS) * len(_NEIGHBOUR_COLUMNS) + 3 + 2
    matrix = np.empty((n, n_columns), np.float32)
    base = matrix[:, :n_base]
    for j, column in enumerate(columns):
        base[:, j] = column
    # Only short lines can lack any letter or digit; testing just those keeps this off the hot path.
    wordless = np.array([len(t) < 24 and _WORD.search(t) is None for t in texts], dtype=bool)
    words = np.exp(base[:, 0]) - 1.0
    if n:
        base[:, 17] = base[:, 0] / max(float(base[:, 0].max()), 1.0)
        base[:, 20] = fam_strength.max(axis=1)
    matrix[:, n_base : n_base + n_fam] = fam_strength

    summary = base[:, [0, 2, 20, 6]]  # the _NEIGHBOUR_COLUMNS, in base-column numbers
    at = n_base + n_fam
    for o in NEIGHBOUR_OFFSETS:
        shifted = matrix[:, at : at + summary.shape[1]]
        shifted.fill(-1.0)  # -1 marks "beyond the page"
        if o < 0 and n > -o:
            shifted[-o:] = summary[:o]
        elif o > 0 and n > o:
            shifted[:-o] = summary[o:]
        at += summary.shape[1]
    # Teaser rhythm: headline + one-sentence summary pairs. A row starts like a headline when its first
    # character is a capital (it changes when lower-cased), an ASCII digit or an opening quote.
    first = codes[row_starts]
    if lower_codes.size == codes.size:
        first_capital = first != lower_codes[row_starts]
    else:  # lower-casing changed the length: row starts do not line up, ask each line
        first_capital = np.fromiter((t[0].isupper() for t in texts), dtype=bool, count=n)
    first_capital |= (_CHAR_CLASS.take(np.minimum(first, 0xFFFF)) & (_DIGIT | _OPENING_QUOTE)) != 0
    in_run, in_pair = _teaser_pairs(nw, base[:, 2] > 0, marks, first_capital & ~np.asarray(strong, bool))
    window_means = _window_mean(np.column_stack((base[:, 0], base[:, 2], base[:, 20], in_pair)), 5)
    matrix[:, at : at + 3] = window_means[:, :3]
    matrix[:, at + 3] = in_run
    matrix[:, at + 4] = window_means[:, 3]
    return PageFeatures(rows, matrix, family, strong, forced, words, wordless)


def _teaser_pairs(
    words: np.ndarray, ends_sentence: np.ndarray, marks: np.ndarray, starts_like_headline: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rows in headline + one-sentence-summary pairs, the rhythm of a teaser list ("Bus route to be cut
    back" / "Operators say ... hospital."), which follows many articles and reads like body line by line.

    Returns (in_run, in_pair) as 0/1: in_pair marks both rows of such a pair; in_run those of a pair with
    another pair right before or after it (headline, summary, headline, summary), which an article's
    crosshead followed by a one-sentence paragraph seldom makes.
    """
    n = words.size
    headline = (words >= 3) & (words <= 16) & ~ends_sentence & starts_like_headline
    sentence = (words >= 6) & (words <= 45) & ends_sentence & (marks == 0)
    pair = np.zeros(n, dtype=bool)  # pair[r]: row r is a headline and row r + 1 its one-sentence summary
    pair[:-1] = headline[:-1] & sentence[1:]
    in_pair = pair.copy()
    in_pair[1:] |= pair[:-1]
    run = np.zeros(n, dtype=bool)
    run[2:] = pair[2:] & pair[:-2]
    run[:-2] |= pair[:-2] & pair[2:]
    in_run = run.copy()
    in_run[1:] |= run[:-1]
    return in_run.astype(np.float32), in_pair.astype(np.float32)


def _window_mean(values: np.ndarray, half: int) -> np.ndarray:
    """Mean of each column over the rows i-half..i+half (clipped at the page edges)."""
    n = values.shape[0]
    if n == 0:
        return values.copy()
    csum = np.vstack([np.zeros((1, values.shape[1]), dtype=np.float64), np.cumsum(values, axis=0)])
    idx = np.arange(n)
    lo = np.maximum(idx - half, 0)
    hi = np.minimum(idx + half + 1, n)
    return ((csum[hi] - csum[lo]) / (hi - lo)[:, None]).astype(np.float32)
