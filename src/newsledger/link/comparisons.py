"""Claims of the whole ledger → comparisons: the same quantity told by different sources, side by side.

A quantity is a category (killed, wounded, casualties, captured, ...) of a scope (russian, wagner, ...).
Figures without a scope are left out: "300 casualties" of one brigade and "2 casualties" of a patrol are
not the same quantity, and nothing says which they belong to.
Its figures are compared in time order with a verdict:
- agree: every pair of figures overlaps within the tolerance, allowing for growth over time;
- differ: two figures for about the same date disagree beyond the tolerance, or a later cumulative
  total is lower than an earlier one;
- incompatible: different categories of one scope that readers confuse ("killed" and "killed and
  wounded") are listed together as a warning that they cannot be compared directly.
Hand-written: no library compares attributed figures; the rules are the issue's (tolerance, cumulative).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

# Figures within 10% of each other agree: estimates are rounded ("about 45,000", "up to 50,000").
TOLERANCE = 0.10
# Two figures whose as-of dates are at most this many days apart describe the same moment.
SAME_MOMENT_DAYS = 14
# Totals that only grow as a war goes on: a later, higher figure is not a contradiction.
CUMULATIVE = frozenset({"killed", "wounded", "casualties", "captured", "deserted", "refused", "vehicles"})
# Categories of one scope that look alike but count different things.
CONFUSABLE = (frozenset({"killed", "casualties"}), frozenset({"wounded", "casualties"}))

# The figures are compared one scope at a time (every comparison involves figures of one scope only), so
# Python holds one scope's figures, not the whole ledger's; they are put in a temp table sorted by scope.
CLAIM_FIGURES_SQL = """
CREATE OR REPLACE TEMP TABLE _scoped_figures AS
SELECT c.id, q.category, q.scope, q.min, q.max, q.unit,
       coalesce(c.as_of, a.published) AS as_of, u.position
FROM claims c
JOIN articles a ON a.id = c.article_id
CROSS JOIN unnest(c.quantities) WITH ORDINALITY AS u(q, position)
WHERE q.min IS NOT NULL AND q.category IS NOT NULL AND q.scope IS NOT NULL AND coalesce(q.unit, '') <> 'sq mi'
ORDER BY q.scope
"""
# The result of `link_comparisons`: a temp table of the ledger connection, read by
# Ledger.replace_comparisons.
COMPARISONS = "_linked_comparisons"


@dataclass(frozen=True, slots=True)
class Figure:
    claim_id: str
    category: str
    scope: str
    low: float
    high: float
    as_of: date | None


@dataclass(frozen=True, slots=True)
class Comparison:
    id: str
    subject: str
    category: str
    scope: str
    claim_ids: tuple[str, ...]
    verdict: str  # agree, differ, incompatible
    reason: str


def link_comparisons(con: duckdb.DuckDBPyConnection) -> int:
    """Compare the ledger's claims into the temp table COMPARISONS (the columns of `comparisons`), one
    scope at a time; returns the number of comparisons."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {COMPARISONS} AS SELECT * FROM comparisons LIMIT 0")
    count = 0
    for comparisons in _comparisons_by_scope(con):
        con.executemany(
            f"INSERT INTO {COMPARISONS} VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (c.id, c.subject, c.category, c.scope, list(c.claim_ids), c.verdict, c.reason)
                for c in comparisons
            ],
        )
        count += len(comparisons)
    return count


def compare_claims(con: duckdb.DuckDBPyConnection) -> list[Comparison]:
    """The comparisons of the ledger's claims, scope by scope (for small ledgers: they are all returned)."""
    return [comparison for comparisons in _comparisons_by_scope(con) for comparison in comparisons]


def _comparisons_by_scope(con: duckdb.DuckDBPyConnection) -> Iterator[list[Comparison]]:
    con.execute(CLAIM_FIGURES_SQL)
    try:
        scopes = [
            row[0] for row in con.execute("SELECT DISTINCT scope FROM _scoped_figures ORDER BY 1").fetchall()
        ]
        for scope in scopes:
            rows = con.execute(
                "SELECT * EXCLUDE (position) FROM _scoped_figures WHERE scope = ? ORDER BY id, position",
                [scope],
            ).fetchall()
            comparisons = compare_figures(figures_from_rows(rows))
            if comparisons:
                yield comparisons
    finally:
        con.execute("DROP TABLE IF EXISTS _scoped_figures")


def figures_from_rows(rows: Iterable[Sequence[Any]]) -> list[Figure]:
    """Figures from rows laid out as CLAIM_FIGURES_SQL selects them (the Spark runner selects the same)."""
    return [
        Figure(row[0], row[1], row[2], float(row[3]), float(row[4] if row[4] is not None else row[3]), row[6])
        for row in rows
    ]


def compare_figures(figures: Sequence[Figure]) -> list[Comparison]:
    """Comparisons of the figures (given in claim id order, then quantity order within a claim).

    Every comparison involves figures of one scope only, so the figures may be compared scope by scope
    (the Spark runner does, one group per scope) with the same result.
    """
    groups: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for figure in figures:
        groups[(figure.category, figure.scope)].append(figure)
    comparisons = []
    for (category, scope), members in sorted(groups.items()):
        claim_ids = tuple(sorted({f.claim_id for f in members}))
        if len(claim_ids) < 2:
            continue
        verdict, reason = judge(members, category in CUMULATIVE)
        comparisons.append(_comparison(category, scope, claim_ids, verdict, reason))
    for scope in sorted({scope for _, scope in groups}):
        for pair in CONFUSABLE:
            present = [c for c in sorted(pair) if (c, scope) in groups]
            if len(present) == 2:
                ids = tuple(sorted({f.claim_id for c in present for f in groups[(c, scope)]}))
                reason = f"{present[0]} and {present[1]} count different things"
                comparisons.append(_comparison("+".join(present), scope, ids, "incompatible", reason))
    return comparisons


def judge(figures: Sequence[Figure], cumulative: bool) -> tuple[str, str]:
    """The verdict on figures of one quantity, with the pair that decided it."""
    ordered = sorted(figures, key=lambda f: (f.as_of or date.max, f.low))
    for i, earlier in enumerate(ordered):
        for later in ordered[i + 1 :]:
            if _overlap(earlier, later):
                continue
            same_moment = (
                earlier.as_of is None
                or later.as_of is None
                or abs((later.as_of - earlier.as_of).days) <= SAME_MOMENT_DAYS
            )
            if same_moment or not cumulative or later.high < earlier.low:
                return "differ", f"{_figure(earlier)} vs {_figure(later)}"
    return "agree", f"{len(ordered)} figures within {TOLERANCE:.0%}" + (
        " (totals growing over time)" if cumulative else ""
    )


def _overlap(a: Figure, b: Figure) -> bool:
    return a.low <= b.high * (1 + TOLERANCE) and b.low <= a.high * (1 + TOLERANCE)


def _figure(figure: Figure) -> str:
    value = f"{figure.low:,.0f}" if figure.low == figure.high else f"{figure.low:,.0f}–{figure.high:,.0f}"
    return f"{value} ({figure.as_of.isoformat() if figure.as_of else 'undated'})"


def _comparison(category: str, scope: str, ids: tuple[str, ...], verdict: str, reason: str) -> Comparison:
    key = f"{category}:{scope}"
    return Comparison(
        id=hashlib.sha256(key.encode()).hexdigest()[:16],
        subject=f"{scope} {category}",
        category=category,
        scope=scope,
        claim_ids=ids,
        verdict=verdict,
        reason=reason,
    )
