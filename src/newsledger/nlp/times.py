"""Time expressions resolved to date ranges against the article's publication date.

Input: an `Article.body` (and its spaCy `Doc` for the model's DATE entities); output: `TimeHit`s that
`annotate` turns into `Mention`s of kind "date" with time_start / time_end / time_precision.

Why not dateparser alone: `search_dates` over whole text finds "we" and "a second", and dateparser has
no notion of a month as a range or of "in early March", "since February", "earlier this year". So one
compiled regular expression finds the expressions and `resolve_time_expression` turns each into a range:
a month is its first to last day (precision month), "last week" its Monday to Sunday (week), a date one
day. Relative expressions need the publication date; without it they stay unresolved (None), and so do
dates without a year. Named events ("after the first days of the war") resolve against anchors in
data/time.toml. dateparser (languages=['en'], PREFER_DATES_FROM='past') reads what the expression
does not: "three weeks ago" and dates the model tags DATE in a form the expression lacks.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from newsledger.errors import ConfigError
from newsledger.nlp.datafiles import finditer_by_paragraph, load_toml

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {name: i for i, name in enumerate(calendar.day_name)}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}  # first month of each

_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ANY = _MONTH_FULL + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_NUM = r"\d+|" + "|".join(_NUMBER_WORDS)
_PREP = r"(?:(?P<prep>(?i:since|in|on|from|until|till|by|during|before|after|throughout|when|as of))\s+)?"


def _expression(events: Sequence[str]) -> re.Pattern[str]:
    event = "(?i:" + "|".join(re.escape(name) for name in sorted(events, key=len, reverse=True)) + ")"
    alternatives = [
        rf"(?i:the\s+(?P<a_part>first|opening|early|initial)\s+(?P<a_unit>days?|weeks?|months?|hours?)\s+of)"
        rf"\s+(?i:the)\s+(?P<a_event>{event})",
        rf"(?i:the\s+(?P<b_part>start|beginning|outbreak|first\s+day|eve)\s+of\s+the)\s+(?P<b_event>{event})",
        rf"(?P<c_n>(?i:{_NUM}))\s+(?P<c_unit>(?i:days?|weeks?|months?))\s+(?i:into\s+the)\s+(?P<c_event>{event})",
        rf"(?i:the)\s+(?P<d_event>{event})\s+(?i:began|started)",
        rf"(?P<e_d>{_DAY})\s+(?:of\s+)?(?P<e_m>{_MONTH_ANY})"
        rf"(?:,?\s+(?P<e_y>{_YEAR}|'?\d{{2}}(?=$|[,.;:)]|\s+(?:[A-Z\"“]|(?:the|a|an|in|at|on|and|they|he|she|it|we|when)\b))))?",
        rf"(?P<f_m>{_MONTH_ANY})\s+(?P<f_d>{_DAY})(?![\d:]|,\d)(?:,?\s+(?P<f_y>{_YEAR}))?",
        rf"(?i:the\s+)?(?P<l_part>(?i:first|second))\s+(?i:half\s+of)\s+(?P<l_y>{_YEAR})",
        rf"(?:(?P<g_part>(?i:early|mid|late|the\s+(?:start|beginning|end|middle)\s+of))[\s-]+)?"
        rf"(?P<g_m>{_MONTH_FULL})(?:\s+(?P<g_y>{_YEAR}))?",
        rf"(?P<h_last>(?i:last)\s+)?(?P<h_wd>{'|'.join(calendar.day_name)})(?!s)",
        r"(?P<i_rel>(?i:yesterday|today|tonight|this\s+(?:morning|afternoon|evening)"
        r"|(?:earlier\s+|later\s+)?this\s+(?:week|month|year)|last\s+(?:week|month|year|weekend|night)"
        r"|next\s+(?:week|month|year)|(?:over|at)\s+the\s+weekend|the\s+(?:past|previous)\s+(?:week|month|year)))",
        r"(?P<j_rel>(?i:last|this|next|the))\s+(?P<j_season>(?i:spring|summer|autumn|winter))",
        rf"(?P<k_ago>(?i:(?:{_NUM})\s+(?:days?|weeks?|months?|years?)\s+ago))",
        rf"(?:(?P<m_part>(?i:early|mid|late))[\s-]+)?(?P<m_y>{_YEAR})(?![\d%]|s\b|,\d)",
    ]
    body = "|".join(f"(?:{alternative})" for alternative in alternatives)
    return re.compile(rf"(?<![\w-]){_PREP}(?:{body})(?![\w])")


@dataclass(frozen=True, slots=True)
class Anchor:
    id: str
    date: date
    names: tuple[str, ...]


def load_anchors(extra: Sequence[Path] = ()) -> list[Anchor]:
    anchors: dict[str, Anchor] = {}
    for table in load_toml("time.toml", extra, "time anchors"):
        for entry in table.get("anchor", []):
            try:
                anchors[entry["id"]] = Anchor(entry["id"], entry["date"], tuple(entry["names"]))
            except (KeyError, TypeError) as err:
                raise ConfigError(f"a time [[anchor]] lacks {err}: {entry}") from err
            if not isinstance(entry["date"], date):
                raise ConfigError(f"time anchor {entry['id']}: date must be a TOML date (2022-02-24)")
    return list(anchors.values())


@dataclass(frozen=True, slots=True)
class TimeHit:
    start: int  # character offsets into the text
    end: int
    time_start: date | None
    time_end: date | None
    precision: str | None


Resolved = tuple[date, date, str] | None


class TimeResolver:
    """Finds time expressions in a text and resolves them; built once from the anchors."""

    def __init__(self, anchors: Sequence[Anchor]):
        self.anchors = {name.lower(): anchor for anchor in anchors for name in anchor.names}
        self.expression = _expression(list(self.anchors) or ["war"])

    def find(
        self, text: str, published: date | None, doc: Doc | None = None, skip: Sequence[tuple[int, int]] = ()
    ) -> list[TimeHit]:
        """The time expressions of `text`, except inside `skip` spans (names: "Belgorod Today")."""
        hits = []
        taken: list[tuple[int, int]] = list(skip)
        for match in finditer_by_paragraph(self.expression, text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue  # inside a name, or the far end of a range already read
            groups = match.groupdict()
            far = self._range_end(text, match)
            if groups["m_y"] and not (groups["prep"] or groups["m_part"] or far):
                continue  # a bare year is as often a name or a count ("the 2022 invasion", "over 1800")
            resolved = self._resolve(groups, published)
            start = match.start() if groups["prep"] else match.start(_first_group(match))
            end = match.end()
            joined = self._join_range(groups, far, published) if far is not None else None
            if far is not None and joined is not None:
                resolved, end = joined, far.end()
                if not groups["prep"]:
                    start -= len("between ")
            hits.append(TimeHit(start, end, *(resolved or (None, None, None))))
            taken.append((match.start(), end))
        if doc is not None:
            hits += self._model_dates(doc, published, taken)
        return sorted(hits, key=lambda hit: hit.start)

    def _range_end(self, text: str, match: re.Match[str]) -> re.Match[str] | None:
        """The far end of "from March to May 2023", "between 2022 and 2023", "from 2022 until 2024". A bare
        year is an end here, where the range says it is one, unless a noun follows it ("rose from 2022 to
        2023 levels")."""
        if (match.group("prep") or "").lower() == "from":
            link = _RANGE_FROM_LINK.match(text, match.end())
        elif (
            not match.group("prep") and text[max(0, match.start() - 8) : match.start()].lower() == "between "
        ):
            link = _RANGE_BETWEEN_LINK.match(text, match.end())
        else:
            return None
        if link is None:
            return None
        paragraph_end = text.find("\n", link.end())
        far = self.expression.match(text, link.end(), len(text) if paragraph_end < 0 else paragraph_end)
        if far is None or far.group("prep"):
            return None
        if far.group("m_y") and not far.group("m_part"):
            following = _RANGE_YEAR_NEXT.match(text, far.end())
            if following is not None and following.group(1).lower() not in _RANGE_YEAR_FOLLOWERS:
                return None
        return far

    def _join_range(self, near: dict[str, Any], far: re.Match[str], published: date | None) -> Resolved:
        """One resolution from a range's two ends, or None where they make none. A near end without a
        year takes the far end's ("from March to May 2023" is March 2023); a far end before the near one
        ("from May to March", each read as the latest before publication) makes no range."""
        last = self._resolve_point(far.groupdict(), published)
        if last is None:
            return None
        if _names_a_year(far.groupdict()) and not _names_a_year(near):
            first = self._resolve_point(near, last[1])
        else:
            first = self._resolve_point(near, published)
        if first is None or last[1] < first[0]:
            return None
        coarser = max(first[2], last[2], key=_PRECISION_ORDER.index)
        return first[0], last[1], coarser

    def _model_dates(self, doc: Doc, published: date | None, taken: list[tuple[int, int]]) -> list[TimeHit]:
        """The model's DATE entities the expression missed, where they name a calendar date."""
        hits = []
        for ent in doc.ents:
            if ent.label_ != "DATE" or any(s < ent.end_char and ent.start_char < e for s, e in taken):
                continue
            text = ent.text
            if not (re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}", text) or _has_month(text)):
                continue
            day = _dateparse(text, published)
            if day is not None:
                hits.append(TimeHit(ent.start_char, ent.end_char, day, day, "day"))
        return hits

    def _resolve(self, g: dict[str, Any], published: date | None) -> Resolved:
        resolved = self._resolve_point(g, published)
        if resolved and g["prep"] and g["prep"].lower() == "since" and published and resolved[1] <= published:
            return resolved[0], published, resolved[2]
        return resolved

    def _resolve_point(self, g: dict[str, Any], published: date | None) -> Resolved:
        event = g["a_event"] or g["b_event"] or g["c_event"] or g["d_event"]
        if event:
            return self._resolve_anchor(g, self.anchors[event.lower()].date)
        if g["e_m"] or g["f_m"]:
            month = _month(g["e_m"] or g["f_m"])
            day = int(re.sub(r"\D", "", g["e_d"] or g["f_d"]))
            year_text = (g["e_y"] or g["f_y"] or "").lstrip("'")
            if year_text:
                year = int(year_text) + (2000 if len(year_text) == 2 else 0)
                return _day(year, month, day)
            if published is None:
                return None
            resolved = _day(published.year, month, day)
            if resolved and resolved[0] > published:
                resolved = _day(published.year - 1, month, day)
            return resolved
        if g["g_m"]:
            month = _month(g["g_m"])
            if g["g_y"]:
                year = int(g["g_y"])
            elif published is None:
                return None
            else:
                year = published.year if month <= published.month else published.year - 1
            return _part_of_month(year, month, g["g_part"])
        if g["l_y"]:
            year = int(g["l_y"])
            if g["l_part"].lower() == "first":
                return date(year, 1, 1), date(year, 6, 30), "month"
            return date(year, 7, 1), date(year, 12, 31), "month"
        if g["m_y"]:
            year = int(g["m_y"])
            part = (g["m_part"] or "").lower()
            if part == "early":
                return date(year, 1, 1), date(year, 4, 30), "month"
            if part == "mid":
                return date(year, 5, 1), date(year, 8, 31), "month"
            if part == "late":
                return date(year, 9, 1), date(year, 12, 31), "month"
            return date(year, 1, 1), date(year, 12, 31), "year"
        if published is None:
            return None
        if g["h_wd"]:
            back = (published.weekday() - _WEEKDAYS[g["h_wd"]]) % 7
            if g["h_last"] and back == 0:
                back = 7
            weekday = published - timedelta(days=back)
            return weekday, weekday, "day"
        if g["i_rel"]:
            return _relative(" ".join(g["i_rel"].lower().split()), published)
        if g["j_season"]:
            return _season(g["j_rel"].lower(), g["j_season"].lower(), published)
        if g["k_ago"]:
            then = _dateparse(g["k_ago"], published)
            if then is None:
                return None
            unit = g["k_ago"].lower().split()[1].rstrip("s")
            if unit == "month":
                return _month_range(then.year, then.month)
            if unit == "year":
                return date(then.year, 1, 1), date(then.year, 12, 31), "year"
            if unit == "week":
                return then - timedelta(days=3), then + timedelta(days=3), "week"
            return then, then, "day"
        return None

    @staticmethod
    def _resolve_anchor(g: dict[str, Any], start: date) -> Resolved:
        if g["a_unit"]:
            unit = g["a_unit"].lower().rstrip("s")
            if g["a_unit"].lower() == "day":  # "the first day of the invasion"
                return start, start, "day"
            if unit in ("day", "hour"):
                return start, start + timedelta(days=6), "week"
            if unit == "week":
                return start, start + timedelta(days=20), "week"
            return start, start + timedelta(days=89), "month"
        if g["b_part"]:
            if g["b_part"].lower() == "eve":
                return start - timedelta(days=1), start - timedelta(days=1), "day"
            return start, start, "day"
        if g["c_unit"]:
            text = g["c_n"].lower()
            n = int(text) if text.isdigit() else _NUMBER_WORDS.get(text, 0)
            unit = g["c_unit"].lower().rstrip("s")
            if unit == "day":
                day = start + timedelta(days=n)
                return day, day, "day"
            if unit == "week":
                day = start + timedelta(weeks=n)
                return day - timedelta(days=3), day + timedelta(days=3), "week"
            month_index = start.month - 1 + n
            return _month_range(start.year + month_index // 12, month_index % 12 + 1)
        return start, start, "day"  # "when the war began"


_RANGE_FROM_LINK = re.compile(r"\s*(?:to|until|till|through|–|—)\s*", re.IGNORECASE)
_RANGE_BETWEEN_LINK = re.compile(r"\s+and\s+", re.IGNORECASE)
_RANGE_YEAR_NEXT = re.compile(r"\s+([a-z]+)")
# words after a bare year that leave it a year: "from 2022 to 2023 the army lost ..."
_RANGE_YEAR_FOLLOWERS = frozenset(
    {"the", "a", "an", "and", "or", "but", "in", "on", "at", "as", "when", "while", "before", "after",
     "during", "it", "they", "he", "she", "we", "its", "their", "his", "her", "there", "this", "that",
     "which", "whose", "was", "were", "is", "are", "had", "has", "have"}
)  # fmt: skip
_PRECISION_ORDER = ("day", "week", "month", "year")  # finer to coarser


def _names_a_year(groups: dict[str, Any]) -> bool:
    return any(
        groups[name]
        for name in ("e_y", "f_y", "g_y", "l_y", "m_y", "a_event", "b_event", "c_event", "d_event")
    )


def _first_group(match: re.Match[str]) -> str:
    """The first named group after the preposition that took part in the match."""
    for name, value in match.groupdict().items():
        if name != "prep" and value is not None:
            return name
    return "prep"


def _has_month(text: str) -> bool:
    return any(word.lower().rstrip(".") in _MONTHS for word in text.split())


def _month(text: str) -> int:
    return _MONTHS[text.lower().rstrip(".")]


def _day(year: int, month: int, day: int) -> Resolved:
    try:
        resolved = date(year, month, day)
    except ValueError:
        return None
    return resolved, resolved, "day"


def _month_range(year: int, month: int) -> tuple[date, date, str]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"


def _part_of_month(year: int, month: int, part: str | None) -> tuple[date, date, str]:
    first, last, _ = _month_range(year, month)
    word = (part or "").lower().split()
    if not word:
        return first, last, "month"
    # Thirds of the month: early 1-10, mid 11-20, late 21-end; still month precision.
    if word[0] == "early" or "start" in word or "beginning" in word:
        return first, first.replace(day=10), "month"
    if word[0] == "mid" or "middle" in word:
        return first.replace(day=11), first.replace(day=20), "month"
    return first.replace(day=21), last, "month"


def _relative(phrase: str, published: date) -> Resolved:
    monday = published - timedelta(days=published.weekday())
    if phrase in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return published, published, "day"
    if phrase in ("yesterday", "last night"):
        day = published - timedelta(days=1)
        return day, day, "day"
    unit = phrase.split()[-1]
    if phrase.startswith(("last", "the past", "the previous")):
        if unit == "week":
            return monday - timedelta(days=7), monday - timedelta(days=1), "week"
        if unit == "month":
            previous = published.replace(day=1) - timedelta(days=1)
            return _month_range(previous.year, previous.month)
        if unit == "year":
            return date(published.year - 1, 1, 1), date(published.year - 1, 12, 31), "year"
        if unit == "weekend":
            saturday = monday - timedelta(days=2)
            return saturday, saturday + timedelta(days=1), "week"
    if unit == "weekend":  # "over the weekend": the latest Saturday-Sunday up to publication
        saturday = published - timedelta(days=(published.weekday() - 5) % 7)
        return saturday, min(saturday + timedelta(days=1), published), "week"
    if phrase.startswith("next"):
        if unit == "week":
            return monday + timedelta(days=7), monday + timedelta(days=13), "week"
        if unit == "month":
            following = published.replace(day=28) + timedelta(days=4)
            return _month_range(following.year, following.month)
        return date(published.year + 1, 1, 1), date(published.year + 1, 12, 31), "year"
    # this week / earlier this week / this month / earlier this year: from its start to publication
    if unit == "week":
        return monday, published, "week"
    if unit == "month":
        return published.replace(day=1), published, "month"
    return date(published.year, 1, 1), published, "year"


def _season(which: str, season: str, published: date) -> Resolved:
    first_month = _SEASONS[season]

    def occurrence(year: int) -> tuple[date, date]:  # the season starting in `year`
        start = date(year, first_month, 1)
        end_month_index = first_month - 1 + 2
        end_year, end_month = year + end_month_index // 12, end_month_index % 12 + 1
        return start, date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])

    year = published.year
    while occurrence(year)[0] > published:
        year -= 1
    start, end = occurrence(year)  # the latest one that has begun
    if which == "last" and end >= published:
        start, end = occurrence(year - 1)
    elif which == "next":
        start, end = occurrence(year + 1)
    return start, end, "month"


def _dateparse(text: str, published: date | None) -> date | None:
    import dateparser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    elif not re.search(_YEAR, text):
        return None
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None
