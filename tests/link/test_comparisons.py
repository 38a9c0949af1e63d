"""Comparisons: figures of one quantity agree, differ, or cannot be compared."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from newsledger.link.comparisons import Figure, compare_claims, judge
from newsledger.records import Article, Claim, ClaimQuantity, Document, DocumentResult, Evidence, Role
from newsledger.store import Ledger


def figure(low: float, high: float | None = None, as_of: date | None = date(2022, 8, 20)) -> Figure:
    return Figure("c", "killed", "russian", low, high if high is not None else low, as_of)


def test_figures_within_the_tolerance_agree() -> None:
    assert judge([figure(45_000), figure(48_000), figure(44_000, 50_000)], cumulative=True)[0] == "agree"


def test_figures_for_the_same_moment_beyond_the_tolerance_differ() -> None:
    verdict, reason = judge([figure(45_000), figure(75_000, 80_000, date(2022, 8, 25))], cumulative=True)
    assert verdict == "differ" and "45,000" in reason and "75,000–80,000" in reason


def test_a_later_higher_cumulative_total_is_not_a_contradiction() -> None:
    growing = [figure(15_000, as_of=date(2022, 5, 1)), figure(45_000, as_of=date(2022, 8, 20))]
    assert judge(growing, cumulative=True)[0] == "agree"
    assert judge(growing, cumulative=False)[0] == "differ"
    shrinking = [figure(45_000, as_of=date(2022, 5, 1)), figure(15_000, as_of=date(2022, 8, 20))]
    assert judge(shrinking, cumulative=True)[0] == "differ"


def _claim(
    claim_id: str, article_id: str, category: str, low: float, high: float, scope: str | None
) -> Claim:
    quantity = ClaimQuantity(low, high, "people", "soldiers", category, scope, f"{low:,.0f}")
    return Claim(
        claim_id,
        article_id,
        Role("officials"),
        "official",
        "said",
        False,
        (quantity,),
        date(2022, 8, 23),
        date(2022, 8, 23),
        Evidence(0, 10, "Officials said"),
    )


def test_ledger_comparisons_group_by_category_and_scope(tmp_path: Path) -> None:
    claims = [
        _claim("k1", "a1", "killed", 45_000, 45_000, "russian"),
        _claim("k2", "a2", "killed", 47_000, 47_000, "russian"),
        _claim("c1", "a2", "casualties", 75_000, 80_000, "russian"),
        _claim("u1", "a1", "killed", 300, 300, None),
        _claim("u2", "a2", "killed", 2, 2, None),
    ]
    results = []
    for article_id in ("a1", "a2"):
        document = Document(article_id, f"{article_id}.txt", "text/plain", "x")
        article = Article(
            article_id,
            article_id,
            document.origin,
            None,
            "baltic-wire",
            None,
            None,
            date(2022, 8, 23),
            None,
            "Officials said the figures were rising.",
        )
        own = tuple(c for c in claims if c.article_id == article_id)
        results.append(DocumentResult(document, article, claims=own))
    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        ledger.write_results(results)
        comparisons = {c.subject: c for c in compare_claims(ledger.con)}
    assert set(comparisons) == {"russian killed", "russian casualties+killed"}
    assert comparisons["russian killed"].verdict == "agree"
    assert comparisons["russian killed"].claim_ids == ("k1", "k2")
    assert comparisons["russian casualties+killed"].verdict == "incompatible"
