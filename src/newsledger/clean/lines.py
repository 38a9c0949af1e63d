"""Plain-text page cleaning: decide for every line of a flattened page whether it is article body.

Input: the lines of one page (plus, optionally, how often each line recurs on other pages of the same site).
Output: one LineDecision per line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LineDecision:
    text: str
    keep: bool
    reason: str | None  # why a line was removed ("navigation", "caption or credit", ...); None when kept
    score: float  # probability that the line is body


def line_key(line: str) -> int:
    """A normalised hash of a line, used to count how often it recurs across pages of one site."""
    raise NotImplementedError


def classify_lines(lines: Sequence[str], recurrence: Sequence[int] | None = None) -> list[LineDecision]:
    """Decide body vs furniture for each line; recurrence[i] = other pages of the site that carry line i."""
    raise NotImplementedError
