"""How the press writes figures: number words, ranges, parts of a figure named before ("N of them"),
units left out, counts whose category is what the people are or where they stay, and the attribution
forms that come with them (our own sentences)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsledger.records import Claim, ClaimQuantity


@pytest.mark.parametrize(
    ("body", "text", "low", "high", "category"),
    [
        ("Three dozen Russian soldiers surrendered near Robotyne, the brigade said.", "Three dozen", 36, 36,
         "captured"),
        ("Nearly two dozen wounded soldiers reached the hospital overnight.", "Nearly two dozen", None, 24,
         "wounded"),
        ("Half a dozen tanks were abandoned on the road, the army said.", "half a dozen", 6, 6, "vehicles"),
        ("The gravedigger said six or seven bodies arrived every few days.", "six or seven", 6, 7, "killed"),
        ("Officials said scores of soldiers had deserted.", "scores", 20, None, "deserted"),
    ],
)  # fmt: skip
def test_number_words_and_ranges_are_figures(
    figures: Callable[[str], dict[str, ClaimQuantity]],
    body: str,
    text: str,
    low: float | None,
    high: float | None,
    category: str,
) -> None:
    found = {key.lower(): value for key, value in figures(body).items()}
    assert text.lower() in found, found
    figure = found[text.lower()]
    assert (figure.min, figure.max, figure.category) == (low, high, category)


@pytest.mark.parametrize(
    ("body", "text", "category"),
    [
        # a part of the dead is dead, whatever the part's own words say about who they were
        ("Reporters have named 25,000 Russian soldiers killed in the war. About 3,500 of them were convicts "
         "recruited by Wagner, the count shows.", "About 3,500", "killed"),
        # a part of a force may be killed, a part of the casualties killed
        ("The company had some 90 reservists in its trenches. Within a month 53 of them were dead, he said.",
         "53", "killed"),
        ("Some 30,000 Wagner fighters have been killed or wounded, officials say, and 9,000 of them died.",
         "9,000", "killed"),
        # a figure that only refers back takes the category of the one before
        ("He and about a dozen others refused to attack, he said. Nine of them were later sent to a "
         "penal unit.", "Nine", "refused"),
        ("The toll among officers rose to more than 2,100, including a dozen generals, the site said.",
         "a dozen", "killed"),
    ],
)  # fmt: skip
def test_parts_of_a_figure_named_before(
    figures: Callable[[str], dict[str, ClaimQuantity]], body: str, text: str, category: str
) -> None:
    found = figures(body)
    assert text in found and found[text].category == category, found


def test_others_stand_for_what_was_named_before(figures: Callable[[str], dict[str, ClaimQuantity]]) -> None:
    found = figures("He and about a dozen others refused to leave the trench, he said.")
    assert found["about a dozen"].category == "refused"


@pytest.mark.parametrize(
    ("body", "text", "unit", "category"),
    [
        ("The minister said troops had freed 43 square kilometres near Bakhmut and about 250 in the south.",
         "about 250", "km2", "territory"),
        ("The paper says soldiers will be paid 100,000 hryvnias a month, up from 30,000.", "30,000", "uah",
         "money"),
        ("Recruiters offer a signing bonus of 195,000, officials said.", "195,000", None, "money"),
        ("The council set aside 3.1 billion roubles to pay the families of men at the front next year, up "
         "from 900 million.", "900 million", "rub", "money"),
    ],
)  # fmt: skip
def test_a_number_without_its_unit_shares_the_one_beside_it(
    figures: Callable[[str], dict[str, ClaimQuantity]], body: str, text: str, unit: str | None, category: str
) -> None:
    figure = figures(body)[text]
    assert (figure.unit, figure.category) == (unit, category)


def test_pay_words_count_no_people(figures: Callable[[str], dict[str, ClaimQuantity]]) -> None:
    assert figures("The ministry said the bonus went to 400 soldiers.") == {}


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("About 9,000 Russian troops remained in Belarus, the ministry said.", "About 9,000"),
        ("Officials estimate that the group had about 50,000 men in Ukraine at its peak.", "about 50,000"),
        ("Wagner has recruited nearly 50,000 inmates, the group says.", "nearly 50,000"),
        ("He was sent with a company of some 90 reservists to hold the line, he said.", "some 90"),
        ("By spring the battalion numbered about 150 men, its commander said.", "about 150"),
    ],
)
def test_armed_people_placed_taken_on_or_formed_are_a_deployment(
    figures: Callable[[str], dict[str, ClaimQuantity]], body: str, text: str
) -> None:
    found = figures(body)
    assert text in found and found[text].category == "deployed", found


@pytest.mark.parametrize(
    "body",
    [
        "About 200 readers in Kyiv wrote to us, the editor said.",  # not armed people
        "Some 40 soldiers were convicts recruited in prisons, the lawyer said.",  # who they are, not where
    ],
)
def test_no_deployment_without_armed_people_in_a_place(
    figures: Callable[[str], dict[str, ClaimQuantity]], body: str
) -> None:
    assert figures(body) == {}


@pytest.mark.parametrize(
    ("body", "text", "category", "thing"),
    [
        # the main verb, not the relative clause on the counted noun, tells what happened to them
        ("A Ukrainian brigade says a dozen Russian soldiers who had lost their way surrendered overnight.",
         "a dozen", "captured", "Russian soldiers"),
        # losses of a kind of vehicle are vehicles
        ("Oryx says it has verified Russian armoured losses past 8,000.", "8,000", "vehicles", None),
        # the counted noun after participles the small model hangs elsewhere
        ("Oryx has added 19 destroyed or abandoned Russian vehicles to its list.", "19", "vehicles",
         "destroyed or abandoned Russian vehicles"),
        # a few quoted words are the sentence's own; the counted noun after the closing quote mark
        ('The Wagner chief said his forces had lost "tens of thousands" of fighters.', "tens of thousands",
         "casualties", "fighters"),
    ],
)  # fmt: skip
def test_categories_through_the_parse(
    figures: Callable[[str], dict[str, ClaimQuantity]], body: str, text: str, category: str, thing: str | None
) -> None:
    figure = figures(body)[text]
    assert (figure.category, figure.thing) == (category, thing)


@pytest.mark.parametrize(
    ("body", "sentence", "speaker"),
    [
        ("The figure goes back to President Volodymyr Zelensky, who said in March that Russia had lost "
         "more than 1,100 troops in a single day.", 0, "President Volodymyr Zelensky"),
        ("Hromadske quotes a battalion commander near Kupiansk as saying that his men had taken some 40 "
         "Russian soldiers prisoner.", 0, "a battalion commander near Kupiansk"),
        ("Two people died and eleven more were hurt when a shell hit a bus stop in Orikhiv, the regional "
         "governor, Yuriy Malashko, wrote on Telegram.", 0, "Yuriy Malashko"),
        ("Wagner's losses rose to 19 killed in fighting for the village of Krasna Hora, a Ukrainian "
         "officer told the Kyiv Post.", 0, "a Ukrainian officer"),
        ("Some 30,000 of its fighters have been killed or wounded, according to Western officials, and "
         "9,000 of them are believed to have died.", 0, "Western officials"),
    ],
)  # fmt: skip
def test_speakers_of_figures(
    claims: Callable[[str], list[Claim]], body: str, sentence: int, speaker: str
) -> None:
    found = claims(body)
    assert found[sentence].speaker is not None and found[sentence].speaker.text == speaker, found
