"""The eval gate of the language layer: place, time, quantity and person accuracy on labelled sentences.

Floors are the issue's 0.90 target where we meet it (we do, on both sets); the people sets' floors sit a
little under their measured figures (people_dev place 0.892, person 1.000; people_heldout place 0.952,
person 1.000). Raising them is welcome, lowering one needs a reason in the commit message. Figures and
every failed check: `.venv/bin/python bench/nlp_quality.py --failures`. heldout.toml and
people_heldout.toml are never tuned on.
"""

from __future__ import annotations

import pytest
from tests.conftest import REPO, load_bench

from newsledger.nlp import ArticleAnnotator

quality = load_bench("nlp_quality")

FLOORS = {
    "corpus": {"place": 0.95, "time": 0.95, "quantity": 0.95},
    "heldout": {"place": 0.90, "time": 0.90, "quantity": 0.90},
    "people_dev": {"place": 0.85, "person": 0.95},
    "people_heldout": {"place": 0.90, "person": 0.95},
}


@pytest.mark.parametrize("name", list(FLOORS))
def test_quality_floor(annotator: ArticleAnnotator, name: str) -> None:
    scores = quality.evaluate(name, annotator)
    for part, floor in FLOORS[name].items():
        assert scores.total[part] >= 15, f"{name}: too few {part} labels to measure"
        assert scores.accuracy(part) >= floor, (
            f"{name}: {part} {scores.accuracy(part):.3f} < {floor}\n"
            + "\n".join(f for f in scores.failures if f.split()[1].rstrip(":") == part)
        )


def test_the_held_back_people_sentences_are_not_the_tuned_ones() -> None:
    tuned = {case["text"] for case in quality.load_cases("people_dev")}
    held_back = {case["text"] for case in quality.load_cases("people_heldout")}
    assert held_back and not tuned & held_back


def test_the_held_back_sentences_are_not_the_corpus_sentences() -> None:
    corpus = {case["text"] for case in quality.load_cases("corpus")}
    heldout = {case["text"] for case in quality.load_cases("heldout")}
    assert heldout and not corpus & heldout
    corpus_text = " ".join(
        p.read_text(encoding="utf-8") for p in (REPO / "examples" / "corpus").glob("*.[tx]*")
    )
    assert not [text for text in heldout if text in corpus_text]
