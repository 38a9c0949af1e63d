"""Quality of the plain-text front door on labelled pages: line F1 (body vs furniture) and metadata.

Sets: the sample corpus (examples/corpus, which the rules were developed on), the held-back pages
(tests/data/heldout, never used for tuning) and the five seed articles (../shared/seeds). Labels are in
tests/data/labels/<set>/<page>.tsv, metadata truth in tests/data/metadata.json.

Pages are cleaned exactly as `newsledger ingest` cleans them, with recurring-line evidence counted over
the set. tests/test_quality.py holds the floors; this script prints the figures.

    .venv/bin/python bench/quality.py
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from newsledger.clean.article import CleanContext, clean_document
from newsledger.clean.outlets import OutletRegistry
from newsledger.clean.recurrence import LineRecurrence, page_site
from newsledger.ingest.sources import read_file
from newsledger.records import Article, Document

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "tests" / "data" / "labels"
TRUTH = json.loads((REPO / "tests" / "data" / "metadata.json").read_text())
FIELDS = ("title", "byline", "outlet", "published", "page_date")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class PageSet:
    name: str
    folder: Path
    labels: Path
    registries: tuple[Path, ...]
    truth_prefix: str  # key prefix of the page in metadata.json


def page_sets(shared: Path | None = None) -> list[PageSet]:
    sets = [
        PageSet(
            "corpus",
            REPO / "examples" / "corpus",
            LABELS / "corpus",
            (REPO / "examples" / "outlets.toml",),
            "",
        ),
        PageSet(
            "heldout",
            REPO / "tests" / "data" / "heldout",
            LABELS / "heldout",
            (REPO / "tests" / "data" / "heldout" / "outlets.toml",),
            "heldout/",
        ),
    ]
    shared = shared or REPO.parent / "shared"
    if (shared / "seeds").is_dir():
        sets.append(PageSet("seeds", shared / "seeds", LABELS / "seeds", (), "seeds/"))
    return sets


@dataclass(slots=True)
class Scores:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    pages: int = 0
    field_right: dict[str, int] = field(default_factory=dict)
    field_total: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positive / max(1, self.true_positive + self.false_positive)

    @property
    def recall(self) -> float:
        return self.true_positive / max(1, self.true_positive + self.false_negative)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float:
        return self.field_right.get(name, 0) / max(1, self.field_total.get(name, 0))


def evaluate(page_set: PageSet) -> Scores:
    registry = OutletRegistry.load(page_set.registries)
    documents = []
    for labels in sorted(page_set.labels.glob("*.tsv")):
        (document,) = read_file(page_set.folder / f"{labels.stem}.txt")
        assert isinstance(document, Document), document
        documents.append((document, labels))
    recurrence = LineRecurrence()
    for document, _ in documents:
        lines = document.text.split("\n")
        recurrence.add(document.id, page_site(document, lines, registry), lines)
    context = CleanContext(registry, recurrence.shared())
    scores = Scores()
    for document, labels in documents:
        scores.pages += 1
        _score_page(document, labels, clean_document(document, context).result, page_set, scores)
    return scores


def _score_page(document: Document, labels: Path, result: object, page_set: PageSet, scores: Scores) -> None:
    lines = document.text.split("\n")
    truth_body = {
        int(row.split("\t")[0]) for row in labels.read_text().splitlines()[1:] if row.split("\t")[1] == "body"
    }
    if isinstance(result, Article):
        removed = {line.line for line in result.removed}
        predicted = {i for i, line in enumerate(lines) if line.strip() and i not in removed}
    else:
        predicted = set()
    scores.true_positive += len(predicted & truth_body)
    scores.false_positive += len(predicted - truth_body)
    scores.false_negative += len(truth_body - predicted)
    for i in sorted(truth_body - predicted):
        scores.errors.append(f"{page_set.name}/{labels.stem}:{i} body line dropped")
    for i in sorted(predicted - truth_body):
        scores.errors.append(f"{page_set.name}/{labels.stem}:{i} furniture kept")
    truth = TRUTH.get(page_set.truth_prefix + labels.stem + ".txt")
    if truth is None:
        return
    article = result if isinstance(result, Article) else None
    for name in FIELDS:
        got = getattr(article, name, None) if article else None
        got = got.isoformat() if hasattr(got, "isoformat") else got
        if f"{name}_line" in truth:  # seeds: the truth is a line number, the value is read from that line
            line = truth[f"{name}_line"]
            want_text = lines[line] if line is not None else None
            right = (got is None) == (want_text is None) and (got is None or _norm(got) in _norm(want_text))
        else:
            want = truth.get(name)
            right = (got is None and want is None) or (
                got is not None and want is not None and _norm(str(got)) == _norm(str(want))
            )
        scores.field_total[name] = scores.field_total.get(name, 0) + 1
        scores.field_right[name] = scores.field_right.get(name, 0) + int(right)
        if not right:
            scores.errors.append(f"{page_set.name}/{labels.stem}: {name} = {got!r}")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower().strip("'\"‘’“”")


def main() -> None:
    verbose = "-v" in sys.argv
    header = f"{'set':<8} {'pages':>5} {'line P':>7} {'line R':>7} {'line F1':>7}  " + " ".join(
        f"{name:>9}" for name in FIELDS
    )
    print(header)
    for page_set in page_sets():
        scores = evaluate(page_set)
        fields = " ".join(f"{scores.accuracy(name):>9.2f}" for name in FIELDS)
        print(
            f"{page_set.name:<8} {scores.pages:>5} {scores.precision:>7.3f} {scores.recall:>7.3f} "
            f"{scores.f1:>7.3f}  {fields}"
        )
        if verbose:
            for error in scores.errors:
                print("   ", error)


if __name__ == "__main__":
    main()
