"""Time expressions resolved to ranges against the publication date; unresolved without one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.nlp.conftest import Annotate

from newsledger.nlp.times import TimeResolver, load_anchors

RESOLVER = TimeResolver(load_anchors())
PUBLISHED = date(2022, 9, 6)  # a Tuesday


def resolve(
    text: str, published: date | None = PUBLISHED
) -> tuple[str, date | None, date | None, str | None]:
    hits = RESOLVER.find(text, published)
    assert len(hits) == 1, hits
    hit = hits[0]
    return text[hit.start : hit.end], hit.time_start, hit.time_end, hit.precision


@pytest.mark.parametrize(
    ("text", "expression", "start", "end", "precision"),
    [
        ("They refused on Tuesday.", "on Tuesday", date(2022, 9, 6), date(2022, 9, 6), "day"),
        ("It began on Sunday.", "on Sunday", date(2022, 9, 4), date(2022, 9, 4), "day"),
        ("It happened last month.", "last month", date(2022, 8, 1), date(2022, 8, 31), "month"),
        ("They first refused in July.", "in July", date(2022, 7, 1), date(2022, 7, 31), "month"),
        ("Shelling resumed in October.", "in October", date(2021, 10, 1), date(2021, 10, 31), "month"),
        ("On April 6, the men left.", "On April 6", date(2022, 4, 6), date(2022, 4, 6), "day"),
        ("On 15 August 22 the unit left.", "On 15 August 22", date(2022, 8, 15), date(2022, 8, 15), "day"),
        ("It was filmed earlier this week.", "earlier this week", date(2022, 9, 5), date(2022, 9, 6), "week"),
        ("They were called up in February.", "in February", date(2022, 2, 1), date(2022, 2, 28), "month"),
        (
            "It came after the first days of the war.",
            "after the first days of the war",
            date(2022, 2, 24),
            date(2022, 3, 2),
            "week",
        ),
        ("Deaths since February are high.", "since February", date(2022, 2, 1), PUBLISHED, "month"),
        ("The crews arrived in early March.", "in early March", date(2022, 3, 1), date(2022, 3, 10), "month"),
        ("Losses rose in mid-December.", "in mid-December", date(2021, 12, 11), date(2021, 12, 20), "month"),
        ("They left in late March.", "in late March", date(2022, 3, 21), date(2022, 3, 31), "month"),
        ("It was reported last week.", "last week", date(2022, 8, 29), date(2022, 9, 4), "week"),
        ("It was reported yesterday.", "yesterday", date(2022, 9, 5), date(2022, 9, 5), "day"),
        ("They gave up over the weekend.", "over the weekend", date(2022, 9, 3), date(2022, 9, 4), "week"),
        ("It was seized in 2014.", "in 2014", date(2014, 1, 1), date(2014, 12, 31), "year"),
        (
            "Cases rose in the second half of 2022.",
            "in the second half of 2022",
            date(2022, 7, 1),
            date(2022, 12, 31),
            "month",
        ),
        (
            "They were sent home in February 2022.",
            "in February 2022",
            date(2022, 2, 1),
            date(2022, 2, 28),
            "month",
        ),
        ("The unit was formed last winter.", "last winter", date(2021, 12, 1), date(2022, 2, 28), "month"),
        ("They arrived three weeks ago.", "three weeks ago", date(2022, 8, 13), date(2022, 8, 19), "week"),
        (
            "Six months into the war, nobody knew.",
            "Six months into the war",
            date(2022, 8, 1),
            date(2022, 8, 31),
            "month",
        ),
        (
            "It was occupied on the first day of the invasion.",
            "on the first day of the invasion",
            date(2022, 2, 24),
            date(2022, 2, 24),
            "day",
        ),
        (
            "It has refused since the invasion began.",
            "the invasion began",
            date(2022, 2, 24),
            PUBLISHED,
            "day",
        ),
        (
            "WASHINGTON, Feb 17 (Baltic Wire) - officials said.",
            "Feb 17",
            date(2022, 2, 17),
            date(2022, 2, 17),
            "day",
        ),
        ("It ended on Nov. 11.", "on Nov. 11", date(2021, 11, 11), date(2021, 11, 11), "day"),
        ("A hearing is due next month.", "next month", date(2022, 10, 1), date(2022, 10, 31), "month"),
    ],
)
def test_time_expressions(text: str, expression: str, start: date, end: date, precision: str) -> None:
    found, start_found, end_found, precision_found = resolve(text)
    assert expression in found or found in expression
    assert (start_found, end_found, precision_found) == (start, end, precision)


@pytest.mark.parametrize(
    "text", ["They refused on Tuesday.", "It happened last month.", "in July", "On April 6"]
)
def test_relative_expressions_stay_unresolved_without_a_publication_date(text: str) -> None:
    _expression, start, end, precision = resolve(text, None)
    assert (start, end, precision) == (None, None, None)


def test_absolute_and_anchored_expressions_need_no_publication_date() -> None:
    assert resolve("It began on 24 February 2022.", None)[1:] == (date(2022, 2, 24), date(2022, 2, 24), "day")
    assert resolve("after the first days of the war", None)[1] == date(2022, 2, 24)


@pytest.mark.parametrize(
    "text",
    [
        "We know what a second attempt would mean.",
        "The two-minute clip circulated widely.",
        "He was sentenced to ten years.",
        "They said they may return.",
        "Troops march to the front.",
        "The 2022 invasion changed everything.",
    ],
)
def test_words_that_are_not_times(text: str) -> None:
    assert RESOLVER.find(text, PUBLISHED) == []


@pytest.mark.parametrize(
    ("text", "expression", "start", "end", "precision"),
    [
        (
            "Losses from 2021 to 2022 were heavy.",
            "from 2021 to 2022",
            date(2021, 1, 1),
            date(2022, 12, 31),
            "year",
        ),
        (
            "Between 2021 and 2022 the army lost men.",
            "Between 2021 and 2022",
            date(2021, 1, 1),
            date(2022, 12, 31),
            "year",
        ),
        (
            "It served from March to May 2021.",
            "from March to May 2021",
            date(2021, 3, 1),
            date(2021, 5, 31),
            "month",
        ),
        (
            "from November to February 2022, they said",
            "from November to February 2022",
            date(2021, 11, 1),
            date(2022, 2, 28),
            "month",
        ),
        (
            "Held from 12 March until 3 April 2022.",
            "from 12 March until 3 April 2022",
            date(2022, 3, 12),
            date(2022, 4, 3),
            "day",
        ),
        (
            "Between March and May, 300 deserted.",
            "Between March and May",
            date(2022, 3, 1),
            date(2022, 5, 31),
            "month",
        ),
        (
            "from January 2022 – March 2022 it grew",
            "from January 2022 – March 2022",
            date(2022, 1, 1),
            date(2022, 3, 31),
            "month",
        ),
    ],
)
def test_a_range_of_two_times_is_one_expression(
    text: str, expression: str, start: date, end: date, precision: str
) -> None:
    assert resolve(text) == (expression, start, end, precision)


@pytest.mark.parametrize(
    ("text", "expressions"),
    [
        ("It rose from 2021 to 2022 levels.", ["from 2021"]),  # a noun after the year: no range of years
        ("The toll rose in 2021 to 5,000.", ["in 2021"]),  # an amount, not a year
        ("between 500 and 600 soldiers", []),
        ("from May to March they fought", ["from May", "March"]),  # ends the wrong way round: no range
    ],
)
def test_what_is_no_range_of_times(text: str, expressions: list[str]) -> None:
    assert [text[hit.start : hit.end] for hit in RESOLVER.find(text, PUBLISHED)] == expressions


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)), st.sampled_from(MONTHS))
def test_a_month_is_the_latest_one_not_after_publication(published: date, month: str) -> None:
    _expression, start, end, precision = resolve(f"It happened in {month}.", published)
    assert precision == "month"
    assert start is not None and end is not None
    assert start.day == 1 and (end + timedelta(days=1)).day == 1 and start.month == end.month
    assert start <= published
    assert start > published - timedelta(days=366)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
def test_weekday_and_relative_ranges_end_by_publication(published: date) -> None:
    for text in (
        "on Monday",
        "last week",
        "earlier this week",
        "last month",
        "over the weekend",
        "yesterday",
    ):
        _expression, start, end, _precision = resolve(text, published)
        assert start is not None and end is not None
        assert start <= end <= published


def test_in_an_article_times_inside_names_are_skipped(annotate: Annotate) -> None:
    mentions = annotate("The regional news site Belgorod Today reported it on Sunday.", date(2023, 5, 30))
    dates = [m for m in mentions if m.kind == "date"]
    assert [(m.text, m.time_start) for m in dates] == [("on Sunday", date(2023, 5, 28))]


def test_the_model_dates_fill_gaps_through_dateparser(annotate: Annotate) -> None:
    mentions = annotate("The statement was dated 2022-03-14 and signed by the commander.", date(2022, 4, 1))
    dates = [m for m in mentions if m.kind == "date"]
    assert [(m.time_start, m.time_precision) for m in dates] == [(date(2022, 3, 14), "day")]
