"""The eval gate for claim extraction: speakers, numeric claims and categories on labelled articles may
not fall below these floors.

Floors are what `bench/claims_quality.py` measured, rounded down (the targets are speaker 0.85, numbers
found 0.90, category 0.85). The held-back set's speaker figure (0.833) is below its target: that is the
honest measure on wording never tuned on, and its failures stay unfixed so that it remains held back.
Raising a floor is welcome; lowering one needs a reason in the commit.
"""

from __future__ import annotations

import pytest
from tests.conftest import load_bench

from newsledger.extract.claims import ClaimExtractor
from newsledger.nlp import ArticleAnnotator

quality = load_bench("claims_quality")

# set → (speaker correct, numeric claims found, category correct)
FLOORS = {
    "dev": (0.96, 0.94, 0.97),
    "heldout": (0.83, 0.93, 0.89),
    "seeds": (1.0, 1.0, 1.0),
}


@pytest.mark.parametrize("name", list(FLOORS))
def test_claims_quality_floor(name: str, annotator: ArticleAnnotator) -> None:
    if name not in quality.available_sets():
        pytest.skip("../shared/seeds is not beside the repository")
    scores = quality.evaluate(name, annotator, ClaimExtractor())
    speaker, numbers, category = FLOORS[name]
    report = scores.line() + "\n" + "\n".join(scores.failures[:40])
    assert scores.claims >= 15 and scores.quantities >= 8, report
    assert scores.speaker >= speaker, report
    assert scores.numbers >= numbers, report
    assert scores.category >= category, report
