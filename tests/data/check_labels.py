"""Check the line-label TSVs under tests/data/labels/.

Each labels/<set>/<name>.tsv must cover exactly the non-blank lines of its page
(0-based numbers in ``text.splitlines()``), use only the known labels, and give a
known category to every furniture line (and none to other lines).

    python tests/data/check_labels.py        # exit status 1 on any problem
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent
ROOT = DATA.parents[1]
PAGES = {
    "corpus": ROOT / "examples" / "corpus",
    "heldout": DATA / "heldout",
    # the seeds are read-only shared material: inside the checkout or beside it
    "seeds": next(
        (p for p in (ROOT / "shared" / "seeds", ROOT.parent / "shared" / "seeds") if p.is_dir()),
        ROOT / "shared" / "seeds",
    ),
}
LABELS = {"body", "title", "byline", "date", "furniture"}
CATEGORIES = {
    "navigation",
    "subscription",
    "weather-date",
    "related",
    "read-more",
    "donation",
    "comments",
    "source-link",
    "caption",
    "credit",
    "share",
    "cookie",
    "newsletter",
    "author-bio",
    "advert",
    "other",
}


def check_one(tsv: Path, page: Path) -> list[str]:
    problems: list[str] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    want = {i for i, line in enumerate(lines) if line.strip()}
    with tsv.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader, None)
        if header != ["line", "label", "category"]:
            problems.append(f"{tsv}: bad header {header!r}")
            return problems
        seen: list[int] = []
        for row in reader:
            if len(row) != 3:
                problems.append(f"{tsv}: row {row!r} has {len(row)} fields")
                continue
            num, label, category = row
            n = int(num)
            seen.append(n)
            if label not in LABELS:
                problems.append(f"{tsv}: line {n}: unknown label {label!r}")
            if label == "furniture" and category not in CATEGORIES:
                problems.append(f"{tsv}: line {n}: unknown furniture category {category!r}")
            if label != "furniture" and category:
                problems.append(f"{tsv}: line {n}: category {category!r} on a {label} line")
    if len(seen) != len(set(seen)):
        problems.append(f"{tsv}: duplicate line numbers")
    if seen != sorted(seen):
        problems.append(f"{tsv}: rows not in line order")
    missing, extra = sorted(want - set(seen)), sorted(set(seen) - want)
    if missing:
        problems.append(f"{tsv}: non-blank lines without a label: {missing}")
    if extra:
        problems.append(f"{tsv}: labels for blank or absent lines: {extra}")
    return problems


def main() -> int:
    problems: list[str] = []
    counts: dict[str, int] = {}
    for name, page_dir in PAGES.items():
        label_dir = DATA / "labels" / name
        if not label_dir.is_dir():
            continue
        if not page_dir.is_dir():
            print(f"skip {name}: {page_dir} not found")
            continue
        tsvs = sorted(label_dir.glob("*.tsv"))
        counts[name] = len(tsvs)
        for tsv in tsvs:
            page = page_dir / (tsv.stem + ".txt")
            if not page.exists():
                problems.append(f"{tsv}: no page {page}")
                continue
            problems.extend(check_one(tsv, page))
        if name != "seeds":  # every labelled set must label all its .txt pages
            for page in sorted(page_dir.glob("*.txt")):
                if not (label_dir / (page.stem + ".tsv")).exists():
                    problems.append(f"{page}: no labels in {label_dir}")
    for p in problems:
        print(p)
    print("checked", ", ".join(f"{k}: {v}" for k, v in counts.items()), f"-> {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
