"""Speed of the language layer: the whole per-article path against a bare `nlp.pipe` on the same texts.

Cleans the sample corpus (examples/corpus) into articles, repeats them to get a stable measurement,
then times, on the same loaded model and the same bodies:
  bare  - `for doc in nlp.pipe(bodies, batch_size=32): pass`   (the model alone, lemmatizer excluded)
  full  - `ArticleAnnotator.annotate(articles)`                (model + rules + places + times + quantities)
and prints full/bare (target <= 1.3), articles/s and words/s. Each is run --rounds times; the best
round counts (the machine is shared).

    .venv/bin/python bench/nlp.py [--copies 8] [--rounds 3]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from newsledger.clean.article import CleanContext, clean_document
from newsledger.clean.outlets import OutletRegistry
from newsledger.ingest.sources import read_file
from newsledger.nlp import ArticleAnnotator
from newsledger.records import Article, Document

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "examples" / "corpus"


def corpus_articles() -> list[Article]:
    registry = OutletRegistry.load([REPO / "examples" / "outlets.toml"])
    context = CleanContext(registry, {})
    articles = []
    for path in sorted(CORPUS.glob("*")):
        if path.suffix not in (".txt", ".html"):
            continue
        for document in read_file(path):
            if isinstance(document, Document):
                cleaned = clean_document(document, context)
                if isinstance(cleaned.result, Article):
                    articles.append(cleaned.result)
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    annotator = ArticleAnnotator()
    load_s = time.perf_counter() - started
    base = corpus_articles()
    articles = [replace(a, id=f"{a.id}-{i}") for i in range(args.copies) for a in base]
    bodies = [article.body for article in articles]
    words = sum(len(body.split()) for body in bodies)
    nlp = annotator.nlp

    bare_s, full_s = float("inf"), float("inf")
    mentions = 0
    for _ in range(args.rounds):
        started = time.perf_counter()
        for _doc in nlp.pipe(bodies, batch_size=32):
            pass
        bare_s = min(bare_s, time.perf_counter() - started)
        started = time.perf_counter()
        result = annotator.annotate(articles)
        full_s = min(full_s, time.perf_counter() - started)
        mentions = sum(map(len, result))

    print(f"model {nlp.meta['name']} {nlp.meta['version']}, pipeline {', '.join(nlp.pipe_names)}")
    print(f"annotator load (model, gazetteer, rules): {load_s:.1f} s")
    print(
        f"{len(articles)} articles ({len(base)} distinct x {args.copies}), {words} words, {mentions} mentions"
    )
    for label, seconds in (("bare nlp.pipe", bare_s), ("full annotate", full_s)):
        rates = f"{len(articles) / seconds:6.1f} articles/s  {words / seconds:7.0f} words/s"
        print(f"{label} : {seconds:6.2f} s  {rates}")
    print(f"ratio full/bare: {full_s / bare_s:.3f}  (target <= 1.3)")


if __name__ == "__main__":
    main()
