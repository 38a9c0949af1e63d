"""Quality of the language layer on labelled sentences: places, times, quantities and people, per set.

Sets: tests/data/nlp/corpus.toml (sentences of the sample corpus; the rules were developed on them),
tests/data/nlp/heldout.toml (our own sentences, held back: never tuned on), and for people's names
people_dev.toml (tuned on) and people_heldout.toml (held back). Each [[case]] is annotated as one
article; every labelled item (a place, a time expression, a quantity, a person, or a number / name that
must NOT come out as one) is one check, and a part's score is the share of its checks that pass:
  place    - a place mention with exactly that text, within 30 km (towns) / 300 km (regions) of the true
             point, with the labelled country and place_precision; or no coordinates where unresolved
  time     - a date mention overlapping the expression with the labelled start, end and precision
  quantity - a quantity mention overlapping the amount with the labelled min, max, approximate, unit
             and (when labelled) counted thing
  person   - a person mention with exactly that text (the whole name); for `not_orgs`, no organisation
             mention overlapping the name (`not_places` names count under place)
tests/nlp/test_quality.py holds the floors; this script prints the figures and every failed check.

    .venv/bin/python bench/nlp_quality.py [--set NAME ...] [--failures]
"""

from __future__ import annotations

import argparse
import math
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.nlp import ArticleAnnotator
from newsledger.records import Article, Mention

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "tests" / "data" / "nlp"
SETS = ("corpus", "heldout", "people_dev", "people_heldout")
PARTS = ("place", "time", "quantity", "person")


@dataclass
class Scores:
    name: str
    correct: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failures: list[str] = field(default_factory=list)

    def accuracy(self, part: str) -> float:
        return self.correct[part] / self.total[part] if self.total[part] else 1.0

    def check(self, part: str, ok: bool, message: str) -> None:
        self.total[part] += 1
        if ok:
            self.correct[part] += 1
        else:
            self.failures.append(f"{self.name} {part}: {message}")


def load_cases(name: str) -> list[dict[str, Any]]:
    return list(tomllib.loads((LABELS / f"{name}.toml").read_text(encoding="utf-8"))["case"])


def evaluate(name: str, annotator: ArticleAnnotator) -> Scores:
    cases = load_cases(name)
    articles = [
        Article(
            id=f"{name}-{i}",
            document_id=f"{name}-{i}",
            origin=name,
            url=None,
            outlet=None,
            title=None,
            byline=None,
            published=case.get("published"),
            page_date=None,
            body=case["text"],
        )
        for i, case in enumerate(cases)
    ]
    scores = Scores(name)
    for case, mentions in zip(cases, annotator.annotate(articles), strict=True):
        _score_case(case, mentions, scores)
    return scores


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.find(needle)
    if start < 0:
        raise ValueError(f"label text {needle!r} is not in the sentence {text!r}")
    return start, start + len(needle)


def _overlapping(mentions: list[Mention], kind: str, span: tuple[int, int]) -> list[Mention]:
    return [m for m in mentions if m.kind == kind and m.start < span[1] and span[0] < m.end]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12_742.0 * math.asin(min(1.0, math.sqrt(h)))


def _show(mention: Mention | None, *fields: str) -> str:
    if mention is None:
        return "nothing"
    return f"{mention.text!r} " + " ".join(f"{f}={getattr(mention, f)}" for f in fields)


def _score_case(case: dict[str, Any], mentions: list[Mention], scores: Scores) -> None:
    text = case["text"]
    for label in case.get("places", []):
        found = [m for m in mentions if m.kind == "place" and m.text == label["name"]]
        mention = found[0] if found else None
        if label.get("unresolved"):
            ok = mention is None or mention.lat is None
        elif mention is None or mention.lat is None or mention.lon is None:
            ok = False
        else:
            ok = mention.country == label.get("country", mention.country)
            ok = ok and mention.place_precision == label.get("precision", mention.place_precision)
            if "lat" in label:
                limit = 30.0 if label.get("precision") in ("town", "near") else 300.0
                ok = ok and _km((mention.lat, mention.lon), (label["lat"], label["lon"])) <= limit
        scores.check("place", ok, f"{label} <- {_show(mention, 'lat', 'lon', 'country', 'place_precision')}")
    for name in case.get("not_places", []):
        span = _span(text, name)
        wrong = [m for m in _overlapping(mentions, "place", span) if m.lat is not None]
        scores.check("place", not wrong, f"{name!r} is no place <- {_show(wrong[0] if wrong else None)}")
    for name in case.get("persons", []):
        span = _span(text, name)
        found = [m for m in mentions if m.kind == "person" and (m.start, m.end) == span]
        near = _overlapping(mentions, "person", span) or [
            m for m in mentions if m.start < span[1] and span[0] < m.end
        ]
        scores.check(
            "person", bool(found), f"{name!r} is a person <- {_show(near[0] if near else None, 'kind')}"
        )
    for name in case.get("not_orgs", []):
        wrong = _overlapping(mentions, "org", _span(text, name))
        scores.check("person", not wrong, f"{name!r} is no org <- {_show(wrong[0] if wrong else None)}")
    for label in case.get("times", []):
        found = _overlapping(mentions, "date", _span(text, label["text"]))
        mention = found[0] if found else None
        if label.get("unresolved"):
            ok = mention is None or mention.time_start is None
        else:
            ok = mention is not None and (mention.time_start, mention.time_end, mention.time_precision) == (
                label["start"], label["end"], label["precision"],
            )  # fmt: skip
        scores.check("time", ok, f"{label} <- {_show(mention, 'time_start', 'time_end', 'time_precision')}")
    for label in case.get("quantities", []):
        found = _overlapping(mentions, "quantity", _span(text, label["text"]))
        mention = found[0] if found else None
        ok = mention is not None and (
            _same(mention.quantity_min, label.get("min"))
            and _same(mention.quantity_max, label.get("max"))
            and mention.approximate == label["approximate"]
            and mention.unit == label.get("unit")
            and ("thing" not in label or mention.thing == label["thing"])
        )
        shown = _show(mention, "quantity_min", "quantity_max", "approximate", "unit", "thing")
        scores.check("quantity", ok, f"{label} <- {shown}")
    for number in case.get("not_quantities", []):
        span = _find_word(text, number)
        wrong = _overlapping(mentions, "quantity", span)
        scores.check(
            "quantity", not wrong, f"{number!r} is no quantity <- {_show(wrong[0] if wrong else None)}"
        )


def _find_word(text: str, word: str) -> tuple[int, int]:
    """The first occurrence of `word` standing alone (not inside a longer number or word)."""
    start = 0
    while True:
        start = _span(text[start:], word)[0] + start
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return start, end
        start = end


def _same(value: float | None, label: float | None) -> bool:
    return value == label if label is None or value is None else math.isclose(value, label)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--failures", action="store_true", help="list every failed check")
    parser.add_argument("--set", choices=SETS, action="append", help="only these sets (default: all)")
    args = parser.parse_args()
    annotator = ArticleAnnotator()
    for name in args.set or SETS:
        scores = evaluate(name, annotator)
        figures = "  ".join(
            f"{part} {scores.accuracy(part):.3f} ({scores.correct[part]}/{scores.total[part]})"
            for part in PARTS
            if scores.total[part]
        )
        print(f"{name:14} {len(load_cases(name)):3} sentences  {figures}")
        if args.failures:
            for failure in scores.failures:
                print("   ", failure)


if __name__ == "__main__":
    main()
