"""The eval gate: cleaning and metadata quality on labelled pages may not fall below these floors.

Floors are the issue's targets where we meet them, else what we measure today (rounded down); raising
them is welcome, lowering one needs a reason in the commit message. Figures: `bench/quality.py`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, load_bench

quality = load_bench("quality")

# set → (line F1 floor, metadata accuracy floor per field)
# Line F1 with the shipped line model (bench/quality.py): corpus 0.971, heldout 0.909, seeds 0.919. Refitting
# the same recipe with other seeds gives corpus 0.966-0.971, heldout 0.894-0.909, seeds 0.915-0.923. The
# seeds floor went down from 0.92 with this model (0.925 before): it keeps 3 more furniture lines of the 5
# seed pages (and 1 more body line) when the run's other pages tell it which lines do not recur; its
# held-back (+0.015) and aeb-dev evaluation-half (+0.021) gains were judged worth it.
FLOORS = {
    "corpus": (0.95, {"title": 0.95, "byline": 0.95, "outlet": 0.95, "published": 0.95, "page_date": 0.95}),
    "heldout": (0.90, {"title": 0.9, "byline": 0.9, "outlet": 0.9, "published": 0.9, "page_date": 0.9}),
    "seeds": (0.91, {"title": 0.8, "byline": 0.8, "outlet": 0.8, "published": 0.8, "page_date": 0.8}),
}


@pytest.mark.parametrize("name", list(FLOORS))
def test_quality_floor(name: str) -> None:
    sets = {s.name: s for s in quality.page_sets()}
    if name not in sets:
        pytest.skip("../shared/seeds is not beside the repository")
    scores = quality.evaluate(sets[name])
    line_floor, field_floors = FLOORS[name]
    assert scores.pages >= 5
    assert scores.f1 >= line_floor, f"{name}: line F1 {scores.f1:.3f} < {line_floor}\n" + "\n".join(
        scores.errors[:30]
    )
    for field, floor in field_floors.items():
        assert scores.accuracy(field) >= floor, f"{name}: {field} {scores.accuracy(field):.2f} < {floor}"


def test_the_held_back_pages_are_new_outlets() -> None:
    """The held-back set measures generalisation only if none of its outlets is in the sample corpus."""
    corpus = {p.stem.split("_")[0] for p in (REPO / "examples" / "corpus").glob("*.txt")}
    heldout = {p.stem.split("_")[0] for p in (REPO / "tests" / "data" / "heldout").glob("*.txt")}
    assert heldout and not corpus & heldout
    assert Path(REPO / "tests" / "data" / "heldout" / "outlets.toml").is_file()
