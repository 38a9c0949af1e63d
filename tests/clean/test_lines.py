"""Tests of the plain-text line classifier (newsledger.clean.lines).

Units use tiny inline pages written for these tests. Two data tests read ../shared when it is there:
the aeb-dev evaluation half must stay above a floor, and the seed pages' labelled body lines must be kept.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsledger.clean.line_features import feature_names, page_features
from newsledger.clean.lines import LineDecision, classify_lines, classify_pages, judge_lines, line_key

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"

# A made-up local news story; every paragraph is a full sentence or more, as article body is.
HEADER = [
    "Subscribe now",
    "Home",
    "News",
    "Sport",
    "Business",
    "12°C",
    "Tuesday, 4 March 2025",
    "Harbour bridge to close for six months of repairs",
]
BODY = [
    "The harbour bridge in Lowmere will close to traffic from next month while engineers replace its "
    "corroded steel bearings, the county council confirmed on Monday evening.",
    "Council officers said the work had been postponed twice since an inspection two years ago found "
    "cracks in three of the eight supports that carry the main span over the river.",
    "Drivers will be sent on a diversion of about eleven kilometres through the industrial estate, and "
    "a free shuttle bus will run every twenty minutes for people who cross on foot.",
    "“We know this is a real burden for the people who live on the north bank,” said the council leader.",
    "Shop owners near the bridge have asked for help with lost trade, saying that a similar closure in "
    "the winter of 2019 cut their takings by almost a third over the holiday weeks.",
    "The council expects the repairs to cost about four million pounds, most of it paid by a national "
    "fund for ageing road structures that was set up after a bridge collapse elsewhere.",
    "A public meeting about the diversion is planned for next Thursday at the town library, where the "
    "engineers will answer questions and show the new timetable for the shuttle bus.",
]
FOOTER = [
    "Most read",
    "Mayor opens new skate park",
    "Ferry fares to rise in April",
    "Leave a Reply",
    "Share on Facebook",
    "Your email address will not be published.",
    "This site uses cookies to remember your settings.",
    "© 2025 Lowmere Gazette. All rights reserved.",
]


def _page(middle: list[str] | None = None, at: int = 3) -> list[str]:
    body = BODY[:at] + (middle or []) + BODY[at:]
    return HEADER + body + FOOTER


def _kept(decisions: list[LineDecision]) -> list[str]:
    return [d.text for d in decisions if d.keep]


def test_one_decision_per_line_in_order() -> None:
    lines = _page()
    decisions = classify_lines(lines)
    assert [d.text for d in decisions] == lines
    assert all(0.0 <= d.score <= 1.0 for d in decisions)


def test_body_kept_and_furniture_dropped() -> None:
    decisions = classify_lines(_page())
    assert _kept(decisions) == BODY
    for d in decisions:
        if not d.keep:
            assert d.reason, f"removed line without a reason: {d.text!r}"


def test_one_line_quote_between_paragraphs_is_kept() -> None:
    # BODY[3] is a one-sentence quote; it must survive next to longer paragraphs.
    assert BODY[3] in _kept(classify_lines(_page()))


def test_short_paragraph_between_long_ones_is_kept() -> None:
    short = "Nobody was hurt."
    kept = _kept(classify_lines(_page([short], at=4)))
    assert short in kept


# Furniture inserted in the middle of the article (the hardest place) or appended after it, with the
# reason each must be removed with.
FURNITURE = [
    ("READ MORE: Ferry fares to rise in April", "read-more link"),
    ("Donate here to help the flood appeal", "donation appeal"),
    ("Or text FLOOD to 70070 to give £5", "donation appeal"),
    ("Source link", "source link"),
    ("Photo: Jane Doe/Lowmere Gazette", "caption or credit"),
    (
        "Engineers inspect the corroded bearings under the main span (Photo: Lowmere Gazette)",
        "caption or credit",
    ),
    ("Reporting by Jane Roe in Lowmere; Editing by John Doe", "byline"),
    ("Share this article", "share buttons"),
    ("Sign up to our daily newsletter", "newsletter sign-up"),
    ("Leave a Reply", "comment form"),
    ("Most read", "related headlines"),
    ("Download the app", "subscription or app prompt"),
    ("We use cookies on this site", "cookie notice"),
    ("Advertisement", "advertisement"),
]


@pytest.mark.parametrize(("line", "reason"), FURNITURE)
def test_furniture_inside_article_removed_with_reason(line: str, reason: str) -> None:
    decisions = classify_lines(_page([line], at=4))
    d = decisions[len(HEADER) + 4]
    assert d.text == line
    assert not d.keep
    assert d.reason == reason
    assert _kept(decisions) == BODY


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Subscribe now", "subscription or app prompt"),
        ("Home", "navigation or section label"),
        ("12°C", "weather or date header"),
        ("Most read", "related headlines"),
        ("Share on Facebook", "share buttons"),
        ("Leave a Reply", "comment form"),
        ("This site uses cookies to remember your settings.", "cookie notice"),
    ],
)
def test_header_and_footer_reasons(line: str, reason: str) -> None:
    (d,) = [d for d in classify_lines(_page()) if d.text == line]
    assert (d.keep, d.reason) == (False, reason)


def test_author_bio_after_article_removed() -> None:
    bio = "Sam Carter is a senior reporter at the Lowmere Gazette covering transport and local politics."
    decisions = classify_lines(HEADER + BODY + [bio] + FOOTER)
    (d,) = [d for d in decisions if d.text == bio]
    assert (d.keep, d.reason) == (False, "author bio")


# A "More from" list after the article: short headlines, each with a one-sentence summary that reads like
# body text.
TEASERS = [
    "More from Lowmere",
    "Mayor opens new skate park",
    "The park on the old gasworks site has ramps for beginners and a bowl for experienced riders.",
    "Ferry fares to rise in April",
    "Operators say fuel costs have gone up by a fifth since last spring and the increase cannot wait.",
    "School choir wins county trophy",
    "Forty pupils sang three songs in front of a panel of judges at the festival in Eastbury.",
]


@pytest.mark.parametrize("paragraph", BODY)
def test_one_paragraph_article_before_a_teaser_list_is_kept(paragraph: str) -> None:
    # A news brief: one paragraph among furniture, then teasers that read like prose. A model that has
    # learnt that body comes in long runs scores the lone paragraph as furniture and keeps the teasers
    # instead (the line model is trained on short-article copies of its pages against that).
    kept = _kept(classify_lines([*HEADER, paragraph, *TEASERS, *FOOTER]))
    assert paragraph in kept


@pytest.mark.xfail(
    strict=True, reason="known gap (issue #3): teaser summaries right after the article join it"
)
def test_teaser_summaries_after_the_article_removed() -> None:
    assert _kept(classify_lines(HEADER + BODY + TEASERS + FOOTER)) == BODY


def test_teaser_pair_feature_marks_headline_summary_runs_not_the_article() -> None:
    columns = feature_names()
    run, window = columns.index("teaser_pair_run"), columns.index("window_teaser_pairs")
    lines = HEADER + BODY + TEASERS + FOOTER
    features = page_features(lines)
    in_run = dict(zip(features.rows, features.matrix[:, run].tolist(), strict=True))
    teasers_at = len(HEADER) + len(BODY)
    # The list's heading ("More from ...") is not in a pair; each headline and its summary are.
    assert [in_run[i] for i in range(teasers_at, teasers_at + len(TEASERS))] == [0.0] + [1.0] * 6
    assert not any(in_run[i] for i in range(len(HEADER), teasers_at))
    # One crosshead over a one-sentence paragraph is a pair, but not a run of them.
    crosshead = ["Traders fear lost summer", BODY[4]]
    single = page_features(HEADER + BODY[:4] + crosshead + BODY[5:])
    assert not single.matrix[:, run].any()
    assert single.matrix[:, window].max() > 0


def test_recurrence_removes_a_line_seen_on_other_pages_of_the_site() -> None:
    # A teaser that reads like a sentence: without corpus evidence it may pass, with it it must go.
    teaser = "Our reporters cover every council meeting so you never miss a decision that affects you."
    lines = _page([teaser], at=7)
    recurrence = [0] * len(lines)
    recurrence[lines.index(teaser)] = 9
    decisions = classify_lines(lines, recurrence)
    (d,) = [d for d in decisions if d.text == teaser]
    assert not d.keep
    assert d.reason == "recurs on 9 other pages of this site"
    assert _kept(decisions) == BODY
    without = {d.text: d.score for d in classify_lines(lines)}
    assert d.score < without[teaser]


def test_blank_lines_are_paragraph_breaks_not_output() -> None:
    lines = []
    for line in _page():
        lines += [line, ""]
    decisions = classify_lines(lines)
    assert all((not d.keep) and d.reason is None and d.score == 0.0 for d in decisions if not d.text)
    assert _kept(decisions) == BODY


def test_wordless_lines_removed() -> None:
    lines = [*BODY[:3], ">", "* * *", *BODY[3:]]
    decisions = classify_lines(lines)
    assert [(d.keep, d.reason) for d in decisions if d.text in (">", "* * *")] == [(False, "no words")] * 2
    assert _kept(decisions) == BODY


def test_headline_is_not_body() -> None:
    headline = "Harbour bridge to close for six months of repairs"
    decisions = classify_lines([headline, *BODY])
    assert not decisions[0].keep
    assert _kept(decisions) == BODY


def test_line_key_ignores_case_punctuation_and_spacing() -> None:
    assert line_key("Share this article:") == line_key("  SHARE this   article ")
    assert line_key("Share this article") != line_key("Share this story")
    assert isinstance(line_key("x"), int)


def test_classify_pages_matches_classify_lines() -> None:
    pages = [(_page(), None), (HEADER + BODY[:2], [0] * (len(HEADER) + 2)), ([], None)]
    assert classify_pages(pages) == [classify_lines(lines, rec) for lines, rec in pages]


def test_empty_page() -> None:
    assert classify_lines([]) == []
    assert classify_lines(["", "  "]) == [
        LineDecision("", False, None, 0.0),
        LineDecision("  ", False, None, 0.0),
    ]


@settings(max_examples=200, deadline=None)
@example(["İSTANBUL HABER", "", "Ankara’da İlk 10 dakika.", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 text", "— * —", "\x00\t"], True)
@given(st.lists(st.text(max_size=80), max_size=30), st.booleans())
def test_any_text_gets_one_decision_per_line(lines: list[str], with_recurrence: bool) -> None:
    # Odd input must not break the cleaner: scripts whose lower case is longer (İ), astral characters,
    # control characters, lines of punctuation only.
    lines = [line.replace("\n", " ") for line in lines]
    recurrence = [i % 3 for i in range(len(lines))] if with_recurrence else None
    decisions = classify_lines(lines, recurrence)
    assert [d.text for d in decisions] == lines
    for d in decisions:
        assert 0.0 <= d.score <= 1.0
        assert d.keep or d.reason or not d.text.strip()


def test_recurrence_length_checked() -> None:
    with pytest.raises(ValueError, match="recurrence"):
        classify_lines(["a", "b"], [0])


# --- data tests -------------------------------------------------------------------------------------

# Measured 0.895 on the evaluation half (sites never used in training) with the shipped model (0.896 with
# the one before the training-only pages, 0.875 before the short-article training copies and the seed
# ensemble); the floor sits about 0.01 below so a regression fails. Raise it with the model, never lower
# it quietly.
AEB_EVAL_FLOOR = 0.886


@pytest.mark.skipif(not (SHARED / "bench/aeb-dev/score.py").is_file(), reason="../shared is absent")
def test_aeb_evaluation_half_above_floor() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench/aeb.py"), "--shared", str(SHARED), "--repeat", "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    eval_line = next(line for line in lines if line.startswith("aeb F1="))  # the evaluation half comes first
    f1 = float(eval_line.split()[1].removeprefix("F1="))
    assert f1 >= AEB_EVAL_FLOOR, eval_line


SEED_LABELS = REPO / "tests/data/labels/seeds"


def _seed_label_files() -> list[Path]:
    return sorted(SEED_LABELS.glob("*.tsv")) if SEED_LABELS.is_dir() else []


# Measured with the shipped model: 123 of 126 labelled body lines kept (0.976; a quote, a lead-in that
# ends in an ellipsis and one long paragraph are dropped) and 57 of 71 other non-blank lines removed (0.80,
# 0.75 before the teaser-rhythm features and training-only pages: captions, a title and the teaser
# headlines that tabloids put between paragraphs are kept). Keeping body comes first; floors sit just
# below the measurement; raise them as the cleaner improves.
SEED_BODY_KEPT_FLOOR = 0.97
SEED_OTHER_REMOVED_FLOOR = 0.77


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared is absent")
@pytest.mark.skipif(not _seed_label_files(), reason="no seed labels yet (tests/data/labels/seeds/*.tsv)")
def test_seed_body_lines_kept() -> None:
    missed: list[str] = []
    body_total = other_total = other_removed = 0
    for tsv in _seed_label_files():
        lines = (SHARED / "seeds" / (tsv.stem + ".txt")).read_text(encoding="utf-8").splitlines()
        labels = {}
        for row in tsv.read_text(encoding="utf-8").splitlines()[1:]:
            parts = row.split("\t")
            if len(parts) >= 2 and parts[0].isdigit():
                labels[int(parts[0])] = parts[1].strip()
        for i, d in enumerate(classify_lines(lines)):
            if not d.text.strip():
                continue
            if labels.get(i) == "body":
                body_total += 1
                if not d.keep:
                    missed.append(f"{tsv.stem}:{i}")
            else:
                other_total += 1
                other_removed += not d.keep
    assert body_total > 0
    assert 1 - len(missed) / body_total >= SEED_BODY_KEPT_FLOOR, f"body lines dropped: {missed}"
    assert other_removed / other_total >= SEED_OTHER_REMOVED_FLOOR, f"{other_removed} of {other_total}"


TRAIN_PAGES = REPO / "tests/data/train_pages"


def test_training_pages_are_labelled_and_not_shipped() -> None:
    # bench/train_line_model.py trains on these; they must be labelled like the corpus and must not leak
    # into examples/corpus (the sample corpus the app ships and the quality bench scores).
    spec = importlib.util.spec_from_file_location("check_labels", REPO / "tests/data/check_labels.py")
    assert spec is not None and spec.loader is not None
    check_labels = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_labels)
    pages = sorted(TRAIN_PAGES.glob("*.txt"))
    assert pages
    problems = [p for page in pages for p in check_labels.check_one(page.with_suffix(".tsv"), page)]
    assert problems == []
    shipped = {p.name for p in (REPO / "examples/corpus").glob("*.txt")}
    assert not shipped & {p.name for p in pages}


def test_model_file_is_valid_json_for_this_feature_set() -> None:
    spec = importlib.util.find_spec("newsledger.clean.lines")
    assert spec is not None and spec.origin
    data = json.loads((Path(spec.origin).parent.parent / "data/line_model.json").read_text())
    from newsledger.clean.line_features import feature_names

    assert data["features"] == list(feature_names())


def test_verdict_is_the_decisions_of_the_non_blank_lines() -> None:
    lines = ["", *_page(), "  ", "\t"]
    recurrence = [i % 2 for i in range(len(lines))]
    verdict = judge_lines(lines, recurrence)
    decisions = classify_lines(lines, recurrence)
    assert verdict.rows == [i for i, line in enumerate(lines) if line.strip()]
    assert [(d.keep, d.reason, d.score) for d in (decisions[i] for i in verdict.rows)] == list(
        zip(verdict.keep, verdict.reasons, verdict.scores, strict=True)
    )
