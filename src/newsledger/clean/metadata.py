"""Page metadata: title, byline, outlet and dates of one page.

Input: the lines of a plain-text page and the line numbers the line classifier kept as body
(`extract_text_metadata`), or the HTML of a page (`extract_html_metadata`).
Output: `PageMetadata` (with the line each value came from, so the caller can record those lines as removed)
or `HtmlMetadata`.

Unknown stays None: a date is only taken from a line that is a date line (a dateline, "Published ...",
a byline with a date), never from a sentence of the story, and a date that only shows the day the page
was viewed (a weather header above the title) is kept apart as `page_date`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache

from newsledger.clean.outlets import OutletRegistry, default_registry, host_of, normalise_line
from newsledger.records import Document


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """Metadata of a plain-text page; each *_line is the 0-based line the value was read from (or None)."""

    title: str | None = None
    title_line: int | None = None
    byline: str | None = None
    byline_line: int | None = None
    outlet: str | None = None
    published: date | None = None
    published_line: int | None = None
    page_date: date | None = None
    page_date_line: int | None = None


@dataclass(frozen=True, slots=True)
class HtmlMetadata:
    """Metadata of an HTML page as trafilatura/htmldate read it, with the outlet mapped to the registry."""

    title: str | None
    byline: str | None
    outlet: str | None
    published: date | None
    sitename: str | None
    url: str | None


# --- dates ------------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTH_NUMBER = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_YEAR_ANYWHERE = re.compile(r"(?:19|20)\d\d")
_DATE_PATTERNS = (
    # 2022-09-12, 2022-09-12T18:40:00+01:00, 2022/09/12
    re.compile(
        rf"(?<![\d./-]){_YEAR}(?P<ysep>[-/])(?P<m>[01]?\d)(?P=ysep)(?P<d>[0-3]?\d)"
        r"(?:[T ][0-2]?\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-][0-2]\d:?[0-5]\d)?)?(?![\d])"
    ),
    # 12 September 2022, 12th Sept. 2022, 12-Sep-2022
    re.compile(
        rf"(?<![\w.])(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?[\s.-]*(?P<mon>{_MONTH})\.?,?[\s.-]*{_YEAR}(?!\d)",
        re.IGNORECASE,
    ),
    # September 12, 2022; Sep. 12 2022
    re.compile(
        rf"(?<![\w])(?P<mon>{_MONTH})\.?[\s.-]*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s*{_YEAR}(?!\d)",
        re.IGNORECASE,
    ),
    # 12.09.2022 (day first) and 12/09/2022 (only when the order cannot be mistaken)
    re.compile(rf"(?<![\d./])(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[0-3]?\d)(?P=sep){_YEAR}(?![\d./])"),
)
_TIME = re.compile(
    r"(?<![\w:])[0-2]?\d[:.][0-5]\d(?::[0-5]\d)?\s*(?:[ap]\.?m\.?)?(?![\w:])|(?<![\w:])[01]?\d\s*[ap]\.?m\.?(?!\w)",
    re.IGNORECASE,
)
_PUBLISHED_CUE = re.compile(r"\b(?:published|posted|created|publication date|date|first published)\b", re.I)
_UPDATED_CUE = re.compile(r"\b(?:updated|modified|last updated|last modified|edited)\b", re.I)
# Words that may stand beside a date on a date line without making it a sentence.
_DATE_LINE_FILLER = _words(
    """published posted created publication date first updated last modified edited on at monday
    tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun am
    pm a.m. p.m. bst gmt utc et est edt ct cdt pt pst pdt cet cest eet eest msk kyiv local time min
    mins minute minutes read reading"""
)
_WORD = re.compile(r"[^\W\d_][\w'’.]*")


def parse_date(text: str) -> date | None:
    """The first full calendar date written in `text` (no month-only or relative dates); None when unsure."""
    found = _find_dates(text)
    return found[0][2] if found else None


def _find_dates(text: str) -> list[tuple[int, int, date]]:
    """(start, end, date) for each full date in `text`, left to right, overlapping matches removed."""
    if not _YEAR_ANYWHERE.search(text):
        return []  # every form we read has a four-digit year; most lines have none
    spans: list[tuple[int, int, date]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            value = _match_date(match)
            if value is not None:
                spans.append((match.start(), match.end(), value))
    spans.sort(key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int, date]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _match_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if groups.get("mon"):
        month = _MONTH_NUMBER[groups["mon"][:3].lower()]
        day = int(groups["d"])
    elif groups.get("sep"):
        first, second = int(groups["a"]), int(groups["b"])
        if groups["sep"] == "." or first > 12 >= second:  # the dotted form is day-first wherever it is used
            day, month = first, second
        elif second > 12 >= first:
            day, month = second, first
        elif first == second:
            day = month = first
        else:
            return None  # 05/09/2022: May or September depends on the site; unknown is not guessed
    else:
        month, day = int(groups["m"]), int(groups["d"])
    if year > datetime.now().year + 1:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class _DateLine:
    """A line that states a date as page furniture (a dateline), not inside a sentence."""

    index: int
    value: date
    cue: str  # "published", "updated" or "" (no cue word)
    has_time: bool
    rest: str  # what the line says besides the date (a byline, "Updated"), separators stripped


def _read_date_line(index: int, line: str) -> _DateLine | None:
    """The date a date line states (the publication one when it gives both), or None for any other line."""
    found = _parse_date_line(line)
    return replace(found, index=index) if found is not None and found.index != index else found


# Furniture lines (datelines, bylines, menus) recur on every page of a site: parse each text once.
@lru_cache(maxsize=8192)
def _parse_date_line(line: str) -> _DateLine | None:
    index = 0
    if len(line) > 160:
        return None
    dates = _find_dates(line)
    if not dates:
        return None
    # The cue of a date is the last cue word between the previous date and this one.
    chosen: tuple[date, str] | None = None
    previous_end = 0
    for start, end, value in dates:
        before = line[previous_end:start]
        cues = [(m.start(), "published") for m in _PUBLISHED_CUE.finditer(before)]
        cues += [(m.start(), "updated") for m in _UPDATED_CUE.finditer(before)]
        cue = max(cues)[1] if cues else ""
        if chosen is None or (chosen[1] != "published" and cue == "published"):
            chosen = (value, cue)
        previous_end = end
    assert chosen is not None
    rest = line
    for start, end, _ in reversed(dates):
        rest = rest[:start] + " " + rest[end:]
    has_time = bool(_TIME.search(rest))
    rest = _TIME.sub(" ", rest)
    leftover = [w for w in _WORD.findall(rest) if w.lower().strip(".") not in _DATE_LINE_FILLER]
    if len(leftover) > 2 and _read_byline(_strip_cues(rest)) is None:
        return None  # a sentence that mentions a date ("... on 6 April 2023 ...")
    return _DateLine(index, chosen[0], chosen[1], has_time, _strip_cues(rest))


def _strip_cues(text: str) -> str:
    text = _PUBLISHED_CUE.sub(" ", _UPDATED_CUE.sub(" ", text))
    return " ".join(text.split()).strip(" |,;:·•-–—")


# --- bylines ----------------------------------------------------------------------------------------

_NAME_PARTICLES = _words("""de del della da di dos du van von der den al el bin ibn le la st.""")
_ROLE_WORDS = _words(
    """editor correspondent reporter writer journalist staff contributor columnist chief producer
    analyst author desk bureau team presenter commentator agencies"""
)
_BY_PREFIX = re.compile(r"^\s*(?:(?:written|words|reporting|story)\s+)?by\s*:?\s+(?=\S)", re.IGNORECASE)
_AUTHOR_PREFIX = re.compile(r"^\s*(?:author|authors|byline|words|text|reporter)\s*:\s*(?=\S)", re.IGNORECASE)
_HANDLE = re.compile(r"^@?[a-z0-9][a-z0-9_.-]{2,30}$")
_BYLINE_SEPARATORS = re.compile(r"\s*(?:,|\||&|·|•)\s*|\s+[-–—]\s+")
_QUALIFIER = re.compile(r"\s+(?:in|for|at)\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}$")
_NAME_JOINERS = re.compile(r"\s+(?:and|with)\s+")


def _is_name(part: str) -> bool:
    """A person's (or desk's) name: 1-5 capitalised words, particles allowed, no digits.

    A trailing place or employer ("Anna Marsh in Kyiv", "Anna Marsh for The Courier") may follow.
    """
    words = _QUALIFIER.sub("", part).split()
    if not 1 <= len(words) <= 5 or any(ch.isdigit() or ch in ":/@()[]" for ch in part):
        return False
    if not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words)


def _split_names(part: str) -> list[str]:
    """Split "Anna Marsh and Joe Smith" in two, but keep "Defence and Security Editor" one role."""
    pieces = _NAME_JOINERS.split(part)
    merged: list[str] = []
    for piece in pieces:
        if merged and len(merged[-1].split()) == 1 and not _is_role(merged[-1]) and _is_role(piece):
            merged[-1] = f"{merged[-1]} and {piece}"
        else:
            merged.append(piece)
    return merged


def _is_role(part: str) -> bool:
    words = part.lower().replace("-", " ").split()
    return 0 < len(words) <= 7 and any(w.strip(".") in _ROLE_WORDS for w in words)


# How sure a byline reading is: "By ..." / "Author:" beats a name with a role or several names, which
# beats a lone name (only trusted right under the title).
_EXPLICIT, _NAME_AND_ROLE, _BARE_NAME = 2, 1, 0


@lru_cache(maxsize=8192)
def _read_byline(line: str) -> tuple[str, int] | None:
    """(byline, strength) when `line` is a byline, else None."""
    text = " ".join(line.split())
    if not text or len(text) > 150 or (text.endswith((".", "?", "!", ":")) and not text.endswith(" Jr.")):
        return None
    prefix = _BY_PREFIX.match(text) or _AUTHOR_PREFIX.match(text)
    rest = text[prefix.end() :] if prefix else text
    if prefix and _HANDLE.match(rest):
        return rest, _EXPLICIT  # "by frontwatcher": a blog author's handle
    # Trailing furniture on the byline row ("| 5 min read", "| Updated") is not part of the byline.
    pieces = [p for p in _BYLINE_SEPARATORS.split(rest) if p]
    while pieces and _is_filler(pieces[-1]):
        pieces.pop()
    if not pieces:
        return None
    rest = rest[: rest.rfind(pieces[-1]) + len(pieces[-1])]
    parts = [name for piece in pieces for name in _split_names(piece) if name]
    if not parts or not _is_name(parts[0]) or not all(_is_name(p) or _is_role(p) for p in parts):
        return None
    if prefix:
        return rest, _EXPLICIT
    names = [p for p in parts if not _is_role(p)]
    # Without "By", every name must be a full name: a row of one-word sections is navigation.
    if _is_role(parts[0]) or any(len(_QUALIFIER.sub("", name).split()) < 2 for name in names):
        return None
    if len(names) < len(parts) or len(names) >= 2:
        return rest, _NAME_AND_ROLE
    return rest, _BARE_NAME


def _is_filler(piece: str) -> bool:
    words = _WORD.findall(piece)
    return all(w.lower().strip(".") in _DATE_LINE_FILLER for w in words)


# --- titles -----------------------------------------------------------------------------------------

# Section labels that flattening glues onto the headline ("NewsPutin faces ...", "WorldRussian unit ...").
_SECTION_LABELS = (
    "News", "World", "UK", "US", "Politics", "Europe", "Business", "Sport", "Sports", "Opinion", "Health",
    "Science", "Tech", "Technology", "Ukraine", "Russia", "Military", "Defence", "Defense", "Entertainment",
    "Lifestyle", "Travel", "Money", "Royals", "Royal", "Showbiz", "Celebrity", "Video", "Live", "Analysis",
    "Breaking", "Latest", "Home", "Africa", "Asia", "Americas", "Global", "National", "Local", "Crime",
    "Environment", "Climate", "War", "Culture", "Weather", "Finance", "Economy", "Markets", "Features",
    "Explainer", "Exclusive", "Investigations",
)  # fmt: skip
_GLUED_LABEL = re.compile(rf"^(?:{'|'.join(_SECTION_LABELS)})(?=[A-Z][a-z]|[‘'\"“]|\d)")
_CREDIT = re.compile(
    r"\((?:[^()]*\b(?:image|images|picture|pictures|photo|photos|credit|getty|reuters|ap|afp|epa|pa|"
    r"shutterstock|alamy|via|file)\b[^()]*|[^()]*/[^()]*)\)\s*$",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"\b(?:sign (?:up|in)|subscribe|newsletter|cookies?|advertisement|read more|related|most read|"
    r"click here|download the app|share this|comments?|trending|follow us|privacy|terms)\b"
    # labelled links and credits: "See also: ...", "READ MORE: ...", "Photo: Agency / Name"
    r"|^(?:see also|read also|read more|more|watch|listen|video|photo|image|picture|credit|source|"
    r"tags?|topics?)s?\s*:",
    re.IGNORECASE,
)
_FUNCTION_WORDS = _words(
    """a an the of in on at to for from by with as after before over under into about against amid and
    or but is are was were be has have had will would can could may might not no it its his her
    their our this that these those who what why how when where than says said"""
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s*$")
_MENU_GAPS = re.compile(r"\S(?: {2,}|\t)\S")
_TEMPERATURE = re.compile(r"^\s*-?\d{1,3}\s*°?\s*[CF]\s*$|°", re.IGNORECASE)
_TITLE_WINDOW = 10  # non-blank lines above the first body line searched for the headline
_HEAD_SLACK = 6  # non-blank lines into the body still searched for a byline or dateline


def _strip_glued_labels(text: str) -> str:
    while (match := _GLUED_LABEL.match(text)) is not None:
        text = text[match.end() :]
    return text


def _strip_trailing_sections(text: str) -> str:
    """Drop short " | Section" segments left at the end of a title whose outlet is not in the registry."""
    parts = text.split(" | ")
    while len(parts) > 1 and len(parts[-1].split()) <= 4 and len(parts[0].split()) >= 3:
        parts.pop()
    return " | ".join(parts)


# Headlines are searched among the furniture above the body, which recurs on every page of a site: the
# two steps of reading a line as a headline are cached per line (and registry, hashed by identity).
@lru_cache(maxsize=8192)
def _clean_title(line: str, registry: OutletRegistry) -> tuple[str, str | None]:
    """A title line without glued section labels and title suffixes, and the outlet a suffix named."""
    text, outlet = registry.strip_title_suffix(" ".join(line.split()))
    return _strip_trailing_sections(_strip_glued_labels(text)), outlet


@lru_cache(maxsize=8192)
def _looks_like_headline(title: str, line: str, registry: OutletRegistry) -> bool:
    words = title.split()
    if not 4 <= len(words) <= 30 or len(title) > 250:
        return False
    if title.endswith((".", ":", ",", ";")) and not title.endswith("..."):
        return False
    if not (title[0].isupper() or title[0].isdigit() or title[0] in "‘'\"“"):
        return False
    if (
        "|" in title
        or "http" in title
        or "www." in title
        or _CREDIT.search(title)
        or _FURNITURE.search(title)
    ):
        return False
    if registry.match_line(line) is not None or _TEMPERATURE.search(line):
        return False
    byline = _read_byline(line)
    if (byline is not None and byline[1] != _BARE_NAME) or _read_date_line(0, line) is not None:
        return False
    if len(_MENU_GAPS.findall(line.strip())) >= 2:
        return False  # menu items flattened onto one line with wide gaps: "Home   About   Archive"
    # Navigation: a row of capitalised section names without a single function word.
    return not (all(w[0].isupper() for w in words) and not any(w.lower() in _FUNCTION_WORDS for w in words))


# Characters a breadcrumb glued before a title or an outlet/section suffix after it can add.
_MAX_TITLE_DECORATION = 80


def _find_title(
    lines: Sequence[str], nonblank: Sequence[int], body_start: int, body: set[int], registry: OutletRegistry
) -> tuple[str | None, int | None, str | None]:
    """(title, line, outlet named by a title suffix): the headline above the body.

    Candidates are the headline-like lines of the last non-blank lines above the body, and the first
    body lines when the classifier kept the headline as body. A headline has its byline or dateline right
    under it (or its byline right above it); among the candidates with one, and failing those among all,
    the one nearest the body wins. A headline shown twice (the page <title>, then the H1 glued to a
    breadcrumb) is one title; its line is the copy without a breadcrumb glued on, and a title suffix on
    either copy names the outlet.
    """
    start = bisect_left(nonblank, body_start)  # position of the first body line among non-blank lines
    above = nonblank[max(0, start - _TITLE_WINDOW) : start]
    body_order = [i for i in nonblank if i in body]
    # Body lines are candidates only while a paragraph that ends like a sentence follows them.
    first_body = [
        i
        for n, i in enumerate(body_order[:3])
        if any(_SENTENCE_END.search(lines[j]) for j in body_order[n + 1 :])
    ]
    candidates: list[tuple[bool, int, bool, str, int, str | None]] = []
    for index in [*first_body, *above]:
        title, outlet = _clean_title(lines[index], registry)
        if not _looks_like_headline(title, lines[index], registry):
            continue
        position = bisect_left(nonblank, index)
        below = nonblank[position + 1 : position + 3]
        previous = nonblank[position - 1 : position] if position else []
        anchored = any(_is_byline_or_date(lines[i]) for i in below) or any(
            _read_byline(lines[i]) for i in previous
        )
        # anchored first, then nearest the body start, then above the body before inside it
        candidates.append((not anchored, abs(position - start), index in body, title, index, outlet))
    if not candidates:
        return None, None, None
    *_, title, index, outlet = min(candidates)
    # A standfirst printed without a full stop sits right under the headline and runs longer.
    position = bisect_left(nonblank, index)
    if position and len(title.split()) >= 16:
        upper = nonblank[position - 1]
        upper_title, upper_outlet = _clean_title(lines[upper], registry)
        if len(title.split()) > 1.3 * len(upper_title.split()) and _looks_like_headline(
            upper_title, lines[upper], registry
        ):
            title, index, outlet = upper_title, upper, upper_outlet
    key = normalise_line(title)
    copies = []
    shortest, longest = len(title), len(title) + _MAX_TITLE_DECORATION
    for other in nonblank[: max(body_start, index + 1)]:
        # A copy holds the whole title plus at most a breadcrumb or an outlet suffix: skip other lengths.
        # _clean_title only cuts a line, so a copy's normalised line contains the key: a substring test
        # skips the lines that cannot be copies without cleaning them (the costly part of this search).
        if not shortest <= len(lines[other]) <= longest or key not in normalise_line(lines[other]):
            continue
        other_title, other_outlet = _clean_title(lines[other], registry)
        if normalise_line(other_title) == key:
            copies.append(other)
            outlet = outlet or other_outlet
    unglued = [i for i in copies if not _GLUED_LABEL.match(" ".join(lines[i].split()))]
    if index not in unglued and unglued:
        index = unglued[-1]
    return title, index, outlet


def _is_byline_or_date(line: str) -> bool:
    return _read_byline(line) is not None or _read_date_line(0, line) is not None


# --- the page ---------------------------------------------------------------------------------------


def extract_text_metadata(
    lines: Sequence[str],
    body_lines: Sequence[int],
    document: Document | None = None,
    registry: OutletRegistry | None = None,
) -> PageMetadata:
    """Title, byline, outlet, publication date and page date of a flattened page.

    `body_lines` are the line numbers the line classifier kept; metadata is looked for around the start
    of the body and in the furniture above it, never inside body sentences. From `document` come the
    page's URL and the container's hints (title_hint, published_hint, outlet_hint), which win over the page.
    """
    registry = registry or default_registry()
    url = document.url if document else None
    title_hint = document.title_hint if document else None
    published_hint = document.published_hint if document else None
    outlet_hint = document.outlet_hint if document else None
    body = set(body_lines)
    nonblank = [i for i, line in enumerate(lines) if line and not line.isspace()]  # .strip() without a copy
    body_start = next((i for i in nonblank if i in body), len(lines))

    title, title_line, suffix_outlet = _find_title(lines, nonblank, body_start, body, registry)
    if title_hint and title_hint.strip():
        title, hint_outlet = _clean_title(title_hint, registry)
        suffix_outlet = suffix_outlet or hint_outlet
        key = normalise_line(title)
        title_line = next(
            (i for i in nonblank[:100] if normalise_line(_clean_title(lines[i], registry)[0]) == key), None
        )
    anchor = title_line if title_line is not None else body_start
    # The head of the page: everything above the body plus a few lines into it (datelines and bylines
    # often sit under the lead image, which the classifier may already count as body).
    head = bisect_right(nonblank, max(anchor, body_start - 1)) + _HEAD_SLACK
    head_end = nonblank[head] if head < len(nonblank) else len(lines)

    byline, byline_line = _find_byline(lines, nonblank, anchor, head_end, title_line, body)
    published, published_line, page_date, page_date_line = _find_dates_of_page(
        lines, nonblank, anchor, head_end, title_line
    )
    hinted = _parse_hint_date(published_hint) if published_hint else None
    if hinted is not None:
        published = hinted
        published_line = next((i for i in nonblank if _date_on_line(lines[i]) == hinted), None)
        if published_line == page_date_line:
            page_date, page_date_line = None, None

    outlet = (
        registry.from_url(url)
        or registry.from_name(outlet_hint)
        or suffix_outlet
        or registry.from_lines(lines[i] for i in nonblank if i not in body)
        or _fallback_outlet(url, outlet_hint)
    )
    return PageMetadata(
        title=title,
        title_line=title_line,
        byline=byline,
        byline_line=byline_line,
        outlet=outlet,
        published=published,
        published_line=published_line,
        page_date=page_date,
        page_date_line=page_date_line,
    )


def _find_byline(
    lines: Sequence[str],
    nonblank: Sequence[int],
    anchor: int,
    head_end: int,
    title_line: int | None,
    body: set[int],
) -> tuple[str | None, int | None]:
    """The byline nearest the title: "By ..." lines, or a name with a role or a second name."""

    def nonblank_after(line: int, count: int) -> list[int]:
        return [i for i in nonblank if i > line][:count]

    def beside_a_date(line: int) -> bool:
        before = [i for i in nonblank if i < line][-1:]
        return any(_date_on_line(lines[i]) for i in (*before, *nonblank_after(line, 1)))

    before = [i for i in nonblank if i < anchor][-6:]
    candidates = [*before, *(i for i in nonblank if anchor < i < head_end)]
    lead = next((i for i in nonblank if i in body and _SENTENCE_END.search(lines[i])), len(lines))
    best: tuple[int, str, int] | None = None
    for index in candidates:
        line = lines[index]
        found = _read_byline(line)
        if found is None:
            date_line = _read_date_line(index, line)
            found = _read_byline(date_line.rest) if date_line is not None and date_line.rest else None
        if found is None:
            continue
        text, strength = found
        if index in body and strength != _EXPLICIT and index > lead:
            continue  # a name in the story's paragraphs; above the lead it is a byline the classifier kept
        # A lone name is a byline right under the headline or beside a dateline, nowhere else.
        if strength == _BARE_NAME and not (
            _is_plain_name(text)
            and title_line is not None
            and index > title_line
            and (index in nonblank_after(title_line, 2) or beside_a_date(index))
        ):
            continue
        rank = (2 - strength) * 100 + abs(index - anchor)
        if best is None or rank < best[0]:
            best = (rank, text, index)
    if best is None:
        return None, None
    return best[1], best[2]


def _is_plain_name(line: str) -> bool:
    return 2 <= len(line.split()) <= 4 and not _TEMPERATURE.search(line)


def _find_dates_of_page(
    lines: Sequence[str], nonblank: Sequence[int], anchor: int, head_end: int, title_line: int | None
) -> tuple[date | None, int | None, date | None, int | None]:
    """(published, its line, page date, its line)."""
    published_cued: list[_DateLine] = []
    uncued: list[_DateLine] = []
    updated: list[_DateLine] = []
    page_dates: list[_DateLine] = []
    for index in nonblank:
        date_line = _read_date_line(index, lines[index])
        if date_line is None:
            continue
        if date_line.cue == "published":
            published_cued.append(date_line)
        elif date_line.cue == "updated":
            updated.append(date_line)
        elif index < anchor and _is_page_header(lines, nonblank, date_line, title_line is not None):
            page_dates.append(date_line)
        elif index < head_end:
            uncued.append(date_line)
        # An uncued date further down (a related-stories list, a comment) says nothing about this page.

    def nearest(found: list[_DateLine]) -> _DateLine | None:
        return min(found, key=lambda d: abs(d.index - anchor), default=None)

    published = nearest(published_cued) or nearest(uncued) or nearest(updated)
    page_date = page_dates[0] if page_dates else None
    return (
        published.value if published else None,
        published.index if published else None,
        page_date.value if page_date else None,
        page_date.index if page_date else None,
    )


def _date_on_line(line: str) -> date | None:
    date_line = _read_date_line(0, line)
    return date_line.value if date_line else None


def _is_page_header(
    lines: Sequence[str], nonblank: Sequence[int], date_line: _DateLine, headline_below: bool
) -> bool:
    """A date above the headline in the site header (today's date, beside the weather), shown on every
    page of the site: beside a temperature, or alone (no time of day) among the first lines of the page.
    """
    position = bisect_left(nonblank, date_line.index)
    near = nonblank[max(0, position - 3) : position + 4]
    if any(_TEMPERATURE.search(lines[i]) for i in near):
        return True
    return headline_below and position < 3 and not date_line.has_time


def _parse_hint_date(text: str) -> date | None:
    text = text.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()  # RFC 822: the dates of feeds and HTTP headers
    except (TypeError, ValueError, IndexError):
        return parse_date(text)


def _fallback_outlet(url: str | None, hint: str | None) -> str | None:
    """An outlet the registry does not know: the bare host the page came from, else the hint as a slug."""
    host = host_of(url) if url else None
    if host:
        return host
    if hint and hint.strip():
        return re.sub(r"[^a-z0-9]+", "-", hint.casefold()).strip("-") or None
    return None


# --- HTML -------------------------------------------------------------------------------------------


def extract_html_metadata(
    html: str, url: str | None, registry: OutletRegistry | None = None, hints: Document | None = None
) -> HtmlMetadata:
    """Title, author, site and date of an HTML page via trafilatura (dates via htmldate).

    htmldate runs without its "extensive" text search: that search takes any date it finds in the page
    text, which breaks the rule that an unknown date stays unknown. The container's hints (`hints`, the
    Document) win over the page, as on the plain-text path.
    """
    from lxml import etree
    from trafilatura import extract_metadata  # imported here: it loads lxml and htmldate (slow to import)
    from trafilatura.settings import Document as FoundMetadata
    from trafilatura.settings import set_date_params

    registry = registry or default_registry()
    try:
        found = extract_metadata(html, default_url=url, date_config=set_date_params(extensive=False))
    except (AssertionError, ValueError, etree.LxmlError):
        # htmldate asserts on some malformed trees (`<svg><p><p>`: an element it drops has no parent). The
        # page's text is still there; it is cleaned without the metadata the page would have stated.
        found = FoundMetadata()
    page_url = url or found.url
    title_text = (hints.title_hint if hints else None) or found.title
    title, suffix_outlet = (None, None)
    if title_text:
        title, suffix_outlet = registry.strip_title_suffix(title_text)
        title = _strip_trailing_sections(title) or None
    outlet_hint = hints.outlet_hint if hints else None
    outlet = (
        registry.from_url(page_url)
        or registry.from_name(outlet_hint)
        or registry.from_name(found.sitename)
        or suffix_outlet
        or registry.from_url(found.hostname)
        or _fallback_outlet(page_url or found.hostname, outlet_hint or found.sitename)
    )
    published = _parse_hint_date(hints.published_hint) if hints and hints.published_hint else None
    if published is None and found.date:
        try:
            published = date.fromisoformat(found.date[:10])
        except ValueError:
            published = None
    return HtmlMetadata(
        title=title,
        byline=_html_byline(html, found.title, found.author),
        outlet=outlet,
        published=published,
        sitename=found.sitename,
        url=page_url,
    )


def _html_byline(html: str, title: str | None, author: str | None) -> str | None:
    """The byline as the page shows it under its headline, else trafilatura's author if it is a name.

    trafilatura reads the author from meta tags (a bare name where the page says "Anna Marsh, Defence
    Correspondent") or, failing those, from elements such as an author bio ("X writes about ...").
    """
    from newsledger.clean.html import visible_lines

    if title:
        lines = visible_lines(html)
        key = normalise_line(title)
        title_line = next((i for i, line in enumerate(lines) if normalise_line(line) == key), None)
        if title_line is not None:
            nonblank = list(range(len(lines)))
            byline, _ = _find_byline(lines, nonblank, title_line, title_line + _HEAD_SLACK, title_line, set())
            if byline:
                return byline
    if author and _read_byline(author.replace("; ", " and ")) is not None:
        return author.replace("; ", ", ")
    return None
