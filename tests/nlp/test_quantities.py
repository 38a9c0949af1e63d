"""Quantities: bounds, hedges, vague amounts (ACLED), units, the counted thing; non-counts skipped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.nlp.conftest import Annotate

from newsledger.nlp.quantities import load_quantity_rules, parse_number

INF = None  # no bound


def quantities(annotate: Annotate, text: str):
    return [m for m in annotate(text) if m.kind == "quantity"]


@pytest.mark.parametrize(
    ("text", "amount", "low", "high", "approximate", "unit", "thing"),
    [
        (
            "Ukraine says 50,000 Russian soldiers have died.",
            "50,000",
            50000,
            50000,
            False,
            "people",
            "Russian soldiers",
        ),
        (
            "Officials counted between 75,000 and 80,000 Russian soldiers killed and wounded.",
            "between 75,000 and 80,000",
            75000,
            80000,
            False,
            "people",
            "Russian soldiers",
        ),
        ("About 60 paratroopers refused.", "About 60", 60, 60, True, "people", "paratroopers"),
        ("The paper put the number at 60 or so.", "60 or so", 60, 60, True, None, None),
        ("Hundreds of soldiers refused to fight.", "Hundreds", 100, INF, True, "people", "soldiers"),
        ("Dozens of servicemen declined to go.", "Dozens", 12, INF, True, "people", "servicemen"),
        ("Thousands of conscripts were called up.", "Thousands", 1000, INF, True, "people", "conscripts"),
        ("Several officers were dismissed.", "Several", 3, 3, True, "people", "officers"),
        ("Nearly 50 reservists walked away.", "Nearly 50", INF, 50, True, "people", "reservists"),
        ("Up to 43,000 troops were massed there.", "Up to 43,000", INF, 43000, False, "people", "troops"),
        (
            "Kyiv retook more than 1,500 square miles.",
            "more than 1,500 square miles",
            1500,
            INF,
            False,
            "sq mi",
            None,
        ),
        ("Five million people lost power.", "Five million", 5_000_000, 5_000_000, False, "people", "people"),
        ("They captured over 1800 prisoners.", "over 1800", 1800, INF, False, "people", "prisoners"),
        ("Some 9,000 fighters were killed.", "Some 9,000", 9000, 9000, True, "people", "fighters"),
        ("Around 90% of them were convicts.", "Around 90%", 90, 90, True, "percent", None),
        ("The town is about 50 km from the border.", "about 50 km", 50, 50, True, "km", None),
        (
            "The fund paid $2.5 million to the families.",
            "$2.5 million",
            2_500_000,
            2_500_000,
            False,
            "usd",
            None,
        ),
        ("Tens of thousands of men were mobilised.", "Tens of thousands", 10000, INF, True, "people", "men"),
        ("At least 600 men have been killed.", "At least 600", 600, INF, False, "people", "men"),
        ("Twenty-three wives signed the letter.", "Twenty-three", 23, 23, False, "people", "wives"),
    ],
)
def test_quantities(
    annotate: Annotate,
    text: str,
    amount: str,
    low: float | None,
    high: float | None,
    approximate: bool,
    unit: str | None,
    thing: str | None,
) -> None:
    found = {m.text: m for m in quantities(annotate, text)}
    assert amount in found, found
    mention = found[amount]
    assert (mention.quantity_min, mention.quantity_max) == (low, high)
    assert mention.approximate is approximate
    assert (mention.unit, mention.thing) == (unit, thing)


def test_a_part_out_of_a_whole_gives_both_numbers(annotate: Annotate) -> None:
    found = {m.text: m for m in quantities(annotate, "Around 150 out of the 500 men signed.")}
    assert found["Around 150"].quantity_min == 150 and found["Around 150"].approximate
    assert found["500"].quantity_min == 500


@pytest.mark.parametrize(
    ("text", "amount", "value"),
    [
        ("Desertions rose in 2023 to 5,000 soldiers.", "5,000", 5000),
        ("Losses rose from 120,000 in May 2023 to 310,000 by December.", "310,000", 310_000),
        ("It brings the total since February 2022 to 483,150, the staff said.", "483,150", 483_150),
    ],
)
def test_a_year_before_to_is_no_lower_bound_of_the_amount_after_it(
    annotate: Annotate, text: str, amount: str, value: float
) -> None:
    found = {m.text: m for m in quantities(annotate, text)}
    assert amount in found, found
    assert found[amount].quantity_min == found[amount].quantity_max == value
    assert not any(m.quantity_min is not None and m.quantity_min < 2100 for m in found.values())


@pytest.mark.parametrize(
    "text",
    [
        "The offensive began in 2022 and the war went on.",  # a year
        "On April 6, the relatives said, the men left.",  # a date
        "Soldiers of the 127th Regiment refused.",  # a unit number
        "Vladimir Safronov, 23, said he would not go back.",  # an age
        "The sergeant, 23, told the court he had served since spring.",  # an age after a common noun
        "A 31-year-old contract soldier spoke to us.",  # an age
        "He was aged 45 when he was called up.",  # an age
        "The clip lasts two minutes.",  # a duration
        "He faces up to ten years in prison.",  # a duration
        "A handful of days later the unit moved.",  # a duration, its unit after "of"
        "It took hundreds of years to build.",  # a duration, its unit after "of"
        "Three T-72B3 tanks were left.",  # a model number (the count "Three" is fine)
        "The footage was posted at 6:22 PM.",  # a clock time
        "One of them said they would not go.",  # a pronoun
        "It was several times the pre-war rate.",  # a multiplier
        "Call the desk on 70141 for details.",  # a code, not a count
        "Watch it on Channel +1 tonight.",  # a channel number
    ],
)
def test_numbers_that_are_not_counted_quantities(annotate: Annotate, text: str) -> None:
    found = [m.text for m in quantities(annotate, text)]
    assert all(text in ("Three",) for text in found), found


@pytest.mark.parametrize(
    ("text", "amount", "low", "high", "unit"),
    [
        ("The family received just under 3m roubles.", "just under 3m roubles", None, 3_000_000, "rub"),
        ("The region paid $2.5m to the families.", "$2.5m", 2_500_000, 2_500_000, "usd"),
        ("London pledged £1.2m more.", "£1.2m", 1_200_000, 1_200_000, "gbp"),
    ],
)
def test_a_glued_m_beside_money_is_millions(
    annotate: Annotate, text: str, amount: str, low: float | None, high: float | None, unit: str
) -> None:
    found = {m.text: m for m in quantities(annotate, text)}
    assert amount in found, found
    assert (found[amount].quantity_min, found[amount].quantity_max, found[amount].unit) == (low, high, unit)


@pytest.mark.parametrize("text", ["A 3m wall stood by the road.", "He jumped 3m into the trench."])
def test_a_glued_m_beside_no_money_is_metres_and_no_count(annotate: Annotate, text: str) -> None:
    assert quantities(annotate, text) == []


def test_the_vague_conventions_come_from_the_data_file() -> None:
    rules = load_quantity_rules()
    assert rules.vague["several"] == (3, 3)
    assert rules.vague["dozens"] == (12, None)
    assert rules.vague["hundreds"] == (100, None)
    assert rules.vague["thousands"] == (1000, None)


def test_a_handful_is_a_vague_count(annotate: Annotate) -> None:
    (found,) = quantities(annotate, "A handful of soldiers refused to go.")
    assert (found.text, found.quantity_min, found.quantity_max, found.unit) == ("A handful", 3, 5, "people")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("30,000", 30000),
        ("1.5 million", 1_500_000),
        ("five million", 5_000_000),
        ("twenty-three", 23),
        ("a hundred", 100),
        ("two hundred thousand", 200_000),
        ("1,351", 1351),
        ("nonsense", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@given(st.integers(min_value=0, max_value=10**9))
def test_parse_number_reads_grouped_digits(number: int) -> None:
    assert parse_number(f"{number:,}") == number
    assert parse_number(str(number)) == number


def test_a_quantity_never_reaches_into_the_next_paragraph(annotate: Annotate) -> None:
    body = "The brigade said it had lost 300\nmen from Pskov were sent home."
    [mention] = quantities(annotate, body)
    assert mention.text == "300" and mention.thing is None
