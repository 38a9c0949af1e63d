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
# Line F1 with the shipped line model (bench/quality.py): corpus 0.992 (trained on), heldout 0.952 (P 1.000,
# R 0.909), seeds 0.914. The heldout floor is issue #3's target (0.95): the model and the cleaning are
# deterministic, so a change that takes the held-back pages under it fails here. Before the 20 training-only
# pages and the teaser-pair features (bench/train_line_model.py's docstring), the model gave corpus 0.971,
# heldout 0.909 and seeds 0.919; refitting that recipe with other seeds gave heldout 0.894-0.909.
FLOORS = {
    "corpus": (0.98, {"title": 0.95, "byline": 0.95, "outlet": 0.95, "published": 0.95, "page_date": 0.95}),
    "heldout": (0.95, {"title": 0.9, "byline": 0.9, "outlet": 0.9, "published": 0.9, "page_date": 0.9}),
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
