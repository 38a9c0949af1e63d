"""The eval gate for claim extraction: speakers, numeric claims and categories on labelled articles may
not fall below these floors.

Floors are what `bench/claims_quality.py` measured, rounded down (the targets are speaker 0.85, numbers
found 0.90, category 0.85); the held-back sets' floors are their last measure less a small margin (about
one claim or figure). After round 5 heldout2's speaker (0.811) and heldout4's numbers found (0.800) are
below their targets: that is the honest measure on wording never tuned on, and
the held-back sets' failures stay unread and unfixed so that they remain held back (docs/claims.md,
"Protocol"). Raising a floor is welcome; lowering one needs a reason in the commit.
"""

from __future__ import annotations

import pytest
from tests.conftest import load_bench

from newsledger.extract.claims import ClaimExtractor
from newsledger.nlp import ArticleAnnotator

quality = load_bench("claims_quality")

# set → (speaker correct, numeric claims found, category correct)
# dev's speaker floor went from 0.97 to 0.96 when five new articles (28 claims written for the category
# work, four of them with speakers the rules miss) joined the set; its first 201 claims still score 198.
# Round 3 raised dev's numbers found (0.961), heldout2's (0.842) and heldout3's speaker (0.895) and
# numbers found (0.896) floors, and added heldout4 (0.850, 0.700, 0.905). Round 4 added dev2 (measured
# 0.755, 0.845, 0.980) and raised the floors the held-back sets measured above: heldout's category
# (0.964), heldout2's numbers found (0.895), heldout3's numbers found and category (0.958, 0.978) and
# heldout4's numbers found and category (0.800, 0.917). Round 5 added dev3 (measured 0.979, 0.962, 0.980;
# 0.896, 0.846, 0.932 before that round's rules) and raised dev2 (0.776, 0.879) and heldout2's speaker and
# numbers found (0.811, 0.947); heldout4's category fell to 0.896 (43/48), still above its floor.
# Round 7 added dev4 (measured 0.680, 0.962, 0.960) and dev5 (0.838, 0.830, 1.000; 0.649, 0.681, 0.969
# before that round's rules) and raised dev2's numbers found (0.897); the held-back sets did not move.
# Round 8 added dev6 (measured 0.811, 0.905, 0.974; 0.757, 0.786, 0.970 before that round's rules) and
# raised dev5's numbers found (0.851); the held-back sets did not move.
# Round 9 added dev7 (measured 0.784, 0.957, 0.955; 0.757, 0.761, 0.914 before that round's rules) and
# raised the numbers found of dev2 (0.914), dev3 (0.981), dev5 (0.894) and dev6 (0.929); the held-back
# sets were measured once after it: heldout4's numbers found rose to 0.817 (floor raised to 0.80), the
# others did not move.
# Round 10 (figures) added dev8 (measured 0.660, 0.900, 1.000; 0.642, 0.700, 0.929 before that round's
# rules; its speaker floor is left to the speaker work of the same round) and raised dev's and dev2's
# numbers found (0.974, 0.931).
# Round 10 (speakers) added dev9 (measured 0.902, 0.929, 1.000; 0.854, 0.929, 1.000 before that round's
# speaker rules). The held-back sets, measured once after both: heldout4's numbers found rose to 0.833
# (floor 0.81), pooled 142/157; heldout's speaker fell one claim to 0.889, still above its floor.
# Round 11 (figures) added dev10 (measured 0.773, 0.867, 0.949; 0.773, 0.800, 0.917 before that round's
# figure rules; its speaker floor is left to the speaker work of the same round).
# Round 11 (speakers) added dev11 (measured 0.897, 0.778, 1.000; 0.769, 0.778, 1.000 before that round's
# speaker rules; its figures are the figure side's to raise). After both: speakers of dev6 (0.919, with the
# language layer's new names), dev7 (0.838), dev8 (0.755), dev9 (0.976) and dev10 (0.909) raised. The
# held-back sets, measured once after both: speaker rose on heldout (0.907), heldout3 (0.895) and heldout4
# (0.900), floors raised under them; figures did not move (pooled 142/157).
# Round 12 (figures) added dev12 (measured 0.667, 0.915, 1.000; 0.667, 0.787, 0.946 before that round's
# figure rules; its speaker floor is left to the speaker work); dev11's numbers found rose to 0.963.
# Round 12 (speakers) raised the speaker floors of dev2 (0.878), dev4 (0.760), dev8 (0.792), dev9 (1.000),
# dev10 (0.932) and dev11 (0.949); dev12's speaker did not move (0.667). dev11's numbers found floor
# raised to 0.94. The held-back sets, measured once after both, did not move at all.
# Round 13 (figures) added dev13 (measured 0.690, 0.789, 1.000; 0.690, 0.658, 1.000 before that round's
# figure rules; its speaker floor is left to the speaker work).
# Round 13 (speakers) raised dev12's speaker floor (0.667 at first contact, 0.897 after); dev13's speaker
# did not move (0.690), nor any other set's. The held-back sets, measured once after both (and the
# language layer's new names): only kinds rose; speaker, figures and category as after round 11.
FLOORS = {
    "dev": (0.96, 0.97, 0.98),
    "dev2": (0.86, 0.92, 0.95),
    "dev3": (0.95, 0.96, 0.95),
    "dev4": (0.74, 0.94, 0.94),
    "dev5": (0.82, 0.87, 0.97),
    "dev6": (0.89, 0.91, 0.94),
    "dev7": (0.81, 0.93, 0.93),
    "dev8": (0.77, 0.88, 0.97),
    "dev9": (0.98, 0.90, 0.96),
    "dev10": (0.91, 0.85, 0.93),
    "dev11": (0.92, 0.94, 0.95),
    "dev12": (0.87, 0.89, 0.97),
    "dev13": (0.66, 0.76, 0.97),
    "heldout": (0.88, 0.93, 0.94),
    "heldout2": (0.79, 0.89, 0.92),
    "heldout3": (0.88, 0.93, 0.95),
    "heldout4": (0.88, 0.81, 0.89),
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


def test_label_problems_name_the_article_and_the_reason() -> None:
    body = "Kyiv said 40 soldiers had surrendered. Kyiv said so again."
    article = quality._article("own-test", body, None)
    entry = {
        "id": "own-test",
        "claim": [
            {"sentence": "Kyiv said", "speaker": "Kyiv", "kind": "government"},
            {"sentence": "40 soldiers had surrendered", "speaker": "Kyiv", "kind": "goverment"},
            {"sentence": "so again", "speaker": "Kyiv"},
            {
                "sentence": "40 soldiers",
                "kind": "government",
                "quantities": [{"text": "400", "category": "pows"}],
            },
        ],
    }
    problems = quality.label_problems(article, entry)
    assert problems[0].startswith("own-test: 'Kyiv said' is 2 times in the body"), problems
    assert "unknown kind 'goverment'" in problems[1], problems
    assert "a speaker needs its kind" in problems[2], problems
    assert (
        "unknown category 'pows'" in problems[3] and "'400' is not in the sentence's paragraph" in problems[4]
    )
    assert len(problems) == 5, problems
    assert quality.label_problems(article, {"id": "own-test", "claim": entry["claim"][1:2]}) == [problems[1]]
