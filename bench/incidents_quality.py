"""Quality of incident extraction on labelled articles: precision, recall and role accuracy, per set.

Sets: tests/data/incidents/dev.toml (the sample corpus plus our own articles; the rules were developed
on it) and tests/data/incidents/heldout.toml (our own articles, written before the extractor and never
tuned on). Each article is cleaned (corpus pages) or taken as written (`body`), annotated in one batch
and passed to `IncidentExtractor`.

  precision - found incidents that match a labelled one / found incidents
  recall    - labelled incidents matched / labelled incidents
A found incident matches a labelled one of the same type when one of its evidence spans overlaps the
labelled `sentence` piece (each labelled incident matches at most one found incident; a second found
incident for it is a false positive). On matched incidents, the share with each role right:
  actor  - the labelled text is inside the actor's text, or equals its canonical id
  place  - the place mention's text is the labelled one (or one of the labelled list)
  size   - size_min and size_max as labelled
  time   - time_start and time_end as labelled
  (status and specific are printed too; they are not part of the gate)
An absent label means the role must come out empty. tests/extract/test_incidents_quality.py holds the
floors.

    .venv/bin/python bench/incidents_quality.py [--failures] [--set dev] [--set heldout]
"""

from __future__ import annotations

import argparse
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from newsledger.clean.article import CleanContext, clean_document
from newsledger.clean.outlets import OutletRegistry
from newsledger.extract import IncidentExtractor
from newsledger.ingest.sources import read_file
from newsledger.nlp import ArticleAnnotator
from newsledger.records import Article, Document, Incident

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "tests" / "data" / "incidents"
SETS = ("heldout", "dev")  # held-back first: its figures are the ones that count
ROLES = ("actor", "place", "size", "time", "status", "specific")
GATED_ROLES = ("actor", "place", "size", "time")


@dataclass
class Scores:
    name: str
    found: int = 0
    labelled: int = 0
    matched: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLES, 0))
    failures: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else 1.0

    def role(self, role: str) -> float:
        return self.correct[role] / self.matched if self.matched else 1.0


def load_articles(name: str) -> list[tuple[Article, list[dict[str, Any]]]]:
    """The set's articles, each with its labelled incidents."""
    entries = tomllib.loads((LABELS / f"{name}.toml").read_text(encoding="utf-8"))["article"]
    registry = OutletRegistry.load([REPO / "examples" / "outlets.toml"])
    context = CleanContext(registry, {})
    result = []
    for number, entry in enumerate(entries):
        if "file" in entry:
            article = _clean(REPO / entry["file"], context)
        else:
            published = entry.get("published")
            article = Article(
                id=entry.get("id", f"{name}-{number}"), document_id=f"{name}-{number}", origin=name, url=None,
                outlet=None, title=None, byline=None, page_date=None, body=entry["body"],
                published=published if isinstance(published, date) else None,
            )  # fmt: skip
        result.append((article, list(entry.get("incident", []))))
    return result


def _clean(path: Path, context: CleanContext) -> Article:
    for document in read_file(path):
        if isinstance(document, Document):
            cleaned = clean_document(document, context)
            if isinstance(cleaned.result, Article):
                return cleaned.result
    raise ValueError(f"{path} does not clean into an article")


def pieces(article: Article, label: dict[str, Any]) -> list[tuple[int, int]]:
    """Where the labelled `sentence` piece(s) stand in the body."""
    wanted = label["sentence"] if isinstance(label["sentence"], list) else [label["sentence"]]
    spans = []
    for piece in wanted:
        start = article.body.find(piece)
        if start < 0:
            raise ValueError(f"{article.origin}: labelled sentence piece {piece!r} is not in the body")
        spans.append((start, start + len(piece)))
    return spans


def evaluate(name: str, annotator: ArticleAnnotator, extractor: IncidentExtractor) -> Scores:
    labelled = load_articles(name)
    articles = [article for article, _ in labelled]
    scores = Scores(name)
    for (article, labels), (doc, mentions) in zip(labelled, annotator.annotate_docs(articles), strict=True):
        found = extractor.extract(article, doc, mentions)
        scores.found += len(found)
        scores.labelled += len(labels)
        unmatched = list(found)
        where = article.origin.rsplit("/", 1)[-1] if "/" in article.origin else article.id
        for label in labels:
            spans = pieces(article, label)
            match = next((i for i in unmatched if i.type == label["type"] and _overlaps(i, spans)), None)
            if match is None:
                scores.failures.append(f"{name} MISSED {where}: {label['type']} {label['sentence']!r}")
                continue
            unmatched.remove(match)
            scores.matched += 1
            for role in ROLES:
                ok, got, want = _check(role, match, label)
                if ok:
                    scores.correct[role] += 1
                else:
                    scores.failures.append(f"{name} {role} {where}: got {got!r}, want {want!r}")
        for extra in unmatched:
            scores.failures.append(
                f"{name} EXTRA {where}: {extra.type} actor={extra.actor.text if extra.actor else None!r} "
                f"{extra.evidence[0].text[:90]!r}"
            )
    return scores


def _overlaps(incident: Incident, spans: list[tuple[int, int]]) -> bool:
    return any(e.start < end and start < e.end for e in incident.evidence for start, end in spans)


def _check(role: str, incident: Incident, label: dict[str, Any]) -> tuple[bool, object, object]:
    if role == "actor":
        want = label.get("actor")
        if want is None:
            return incident.actor is None, incident.actor, None
        got = incident.actor
        ok = got is not None and (want == got.canonical or want.lower() in got.text.lower())
        return ok, (got.text, got.canonical) if got else None, want
    if role == "place":
        want = label.get("place")
        text = incident.place.text if incident.place else None
        if want is None:
            return text is None, text, None
        options = [w.lower() for w in (want if isinstance(want, list) else [want])]
        return text is not None and text.lower().removeprefix("the ") in options, text, want
    if role == "size":
        want_size = (label.get("size_min"), label.get("size_max"))
        got_size = (incident.size_min, incident.size_max)
        return got_size == want_size, (incident.size_text, *got_size), want_size
    if role == "time":
        want_time = tuple(label["time"]) if "time" in label else (None, None)
        got_time = (incident.time_start, incident.time_end)
        return got_time == want_time, (incident.time_text, *got_time), want_time
    if role == "status":
        return incident.status == label.get("status", "asserted"), incident.status, label.get("status")
    want_specific = label.get("specific", True)
    return incident.specific == want_specific, incident.specific, want_specific


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--failures", action="store_true", help="print every miss, extra and wrong role")
    parser.add_argument("--set", choices=SETS, action="append", help="only these sets (default: all)")
    args = parser.parse_args()
    annotator = ArticleAnnotator()
    extractor = IncidentExtractor()
    print(
        f"{'set':8} {'found':>5} {'gold':>5} {'prec':>6} {'recall':>6}  " + " ".join(f"{r:>8}" for r in ROLES)
    )
    all_failures = []
    for name in args.set or SETS:
        scores = evaluate(name, annotator, extractor)
        roles = " ".join(f"{scores.role(r):8.3f}" for r in ROLES)
        print(
            f"{name:8} {scores.found:5} {scores.labelled:5} "
            f"{scores.precision:6.3f} {scores.recall:6.3f}  {roles}"
        )
        all_failures += scores.failures
    if args.failures:
        print("\n".join(all_failures))


if __name__ == "__main__":
    main()
