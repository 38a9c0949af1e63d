"""The public entry point: batched annotation, offsets into the body, sentence indices, record shape."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.nlp.conftest import make_article

from newsledger.nlp import ArticleAnnotator
from newsledger.records import Mention

BODY = (
    "KYIV, Sept 6 (Baltic Wire) - Soldiers of Russia's 127th Regiment refused to fight near Kherson.\n"
    "Officers from the FSB and GRU questioned about 150 men in July.\n"
    "Defence Secretary Ben Wallace told MPs on Tuesday that the fighting was hard. Wallace gave no figure."
)
KINDS = {"person", "org", "group", "agency", "outlet", "unit", "place", "date", "quantity"}


def test_offsets_point_into_the_body_and_sentences_count_up(annotator: ArticleAnnotator) -> None:
    [mentions] = annotator.annotate([make_article(BODY, date(2022, 9, 6))])
    assert mentions
    for mention in mentions:
        assert BODY[mention.start : mention.end] == mention.text
        assert mention.article_id == "a1"
        assert mention.kind in KINDS
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    sentences = [m.sentence for m in mentions]
    assert sentences == sorted(sentences) and sentences[0] == 0 and sentences[-1] >= 3
    kinds = {m.text: m.kind for m in mentions}
    assert kinds["127th Regiment"] == "unit"
    assert kinds["Kherson"] == "place"
    assert kinds["about 150"] == "quantity"
    assert kinds["in July"] == "date"
    assert kinds["Wallace"] == "person"


def test_only_the_fields_of_a_kind_are_set(annotator: ArticleAnnotator) -> None:
    [mentions] = annotator.annotate([make_article(BODY, date(2022, 9, 6))])
    for mention in mentions:
        if mention.kind != "place":
            assert mention.lat is None and mention.place_precision is None
        if mention.kind != "date":
            assert mention.time_start is None and mention.time_precision is None
        if mention.kind != "quantity":
            assert mention.quantity_min is None and mention.thing is None and mention.approximate is None


def test_a_batch_keeps_the_order_of_articles(annotator: ArticleAnnotator) -> None:
    articles = [
        make_article("Troops left Kherson.", article_id="first"),
        make_article("", article_id="empty"),
        make_article("About 40 men refused near Kreminna.", article_id="third"),
    ]
    result = annotator.annotate(articles)
    assert len(result) == 3
    assert {m.article_id for m in result[0]} == {"first"}
    assert result[1] == []
    assert {m.article_id for m in result[2]} == {"third"}
    assert annotator.annotate([]) == []


def test_the_same_text_gives_the_same_mentions_alone_or_in_a_batch(annotator: ArticleAnnotator) -> None:
    alone = annotator.annotate([make_article(BODY, date(2022, 9, 6))])[0]
    batch = annotator.annotate(
        [make_article("Other text about Pskov.")] * 5 + [make_article(BODY, date(2022, 9, 6))]
    )
    assert batch[-1] == alone


WORDS = [
    "Kherson",
    "about",
    "60",
    "men",
    "refused",
    "on",
    "Tuesday",
    "near",
    "the",
    "FSB",
    "Wagner",
    "in",
    "July",
    "Kyiv",
    "said",
    ".",
    ",",
    "\n",
    "hundreds",
    "of",
    "soldiers",
    "1,500",
    "Zelensky",
    "'s",
]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.none() | st.dates())
def test_any_text_gives_well_formed_mentions(
    annotator: ArticleAnnotator, words: list[str], published
) -> None:
    body = " ".join(words)
    [mentions] = annotator.annotate([make_article(body, published)])
    for mention in mentions:
        assert isinstance(mention, Mention)
        assert 0 <= mention.start < mention.end <= len(body)
        assert body[mention.start : mention.end] == mention.text
        if mention.time_start is not None and mention.time_end is not None:
            assert mention.time_start <= mention.time_end
        if mention.quantity_min is not None and mention.quantity_max is not None:
            assert mention.quantity_min <= mention.quantity_max


def test_a_body_over_the_model_limit_is_annotated_up_to_it(annotator: ArticleAnnotator) -> None:
    limit = annotator.nlp.max_length
    annotator.nlp.max_length = 200
    try:
        body = "Troops left Kherson in July. " * 20
        [mentions] = annotator.annotate([make_article(body, date(2022, 9, 6))])
    finally:
        annotator.nlp.max_length = limit
    assert mentions and all(m.end <= 200 for m in mentions)
    assert all(body[m.start : m.end] == m.text for m in mentions)


def test_a_longer_place_name_beats_a_shorter_rule_inside_it(annotator: ArticleAnnotator) -> None:
    [mentions] = annotator.annotate(
        [make_article("Ships were seen in the Sea of Azov. Azov fighters held out.")]
    )
    kinds = {m.text: (m.kind, m.canonical) for m in mentions}
    assert kinds["Sea of Azov"] == ("place", "place:sea-of-azov")
    assert kinds["Azov"] == ("group", "group:azov")


def test_no_mention_crosses_a_paragraph_break(annotator: ArticleAnnotator) -> None:
    body = "Subscribe to the Daily Mirror\nDaily Mirror\nAbout 60 men left Pskov in\nMarch 2022 was cold."
    [mentions] = annotator.annotate([make_article(body, date(2022, 4, 8))])
    assert mentions
    assert not [m for m in mentions if "\n" in m.text or (m.thing and "\n" in m.thing)]


def test_an_annotator_pickles_by_its_settings_for_worker_processes(annotator: ArticleAnnotator) -> None:
    import pickle

    data = pickle.dumps(annotator)
    assert len(data) < 10_000  # settings, not the model
    copy = pickle.loads(data)
    assert copy.annotate([make_article(BODY, date(2022, 9, 6))]) == annotator.annotate(
        [make_article(BODY, date(2022, 9, 6))]
    )
