"""Train the plain-text line classifier and write src/newsledger/data/line_model.json.

usage: python bench/train_line_model.py [--shared ../shared] [--out src/newsledger/data/line_model.json]

Data: the aeb-dev pages (shared/bench/aeb-dev) of the TRAINING half only (``split_sites`` in aeb.py), plus the
labelled pages of our own corpus (tests/data/labels/corpus/*.tsv over examples/corpus/<name>.txt) when
present, plus the training-only pages of tests/data/train_pages (<name>.txt with <name>.tsv, same label
format; --no-train-pages leaves them out). Never the held-out sets (tests/data/heldout,
tests/data/labels/heldout).

The training-only pages (20, written for this: local news, business wire, sport report and live blog,
science, court, tabloid, reviews, election results, one-paragraph briefs beside "Home | UK" breadcrumbs)
carry the layouts the aeb-dev and corpus pages have few of: teaser lists of headline + one-sentence
summary after the article, "Related:"/"READ MORE" lines and tabloid teaser headlines between paragraphs,
full-sentence captions, author bios, donation boxes, reader comments, cookie banners. They are not in
examples/corpus (the sample corpus the app ships) and are never scored as a benchmark.

Line labels from aeb-dev: a line is body when at least half of its tokens lie in a token 4-gram of the
true body (4-grams may span line breaks, so a short line inside the body counts, while "Advertisement"
between two paragraphs does not).

Steps: features (newsledger.clean.line_features) -> short-article copies of every training page (the page
with only its first 1, 2 or 4 body lines, at half a page's weight) -> out-of-fold scores with 5 folds
grouped by site (3 fold assignments and model seeds, pooled; a page's copies share its site, so its fold)
-> grid search of the block-selection knobs on the real pages' scores against the benchmark metric -> a
final model on all training lines: ENSEMBLE boosted models that differ in their subsample seed, averaged
-> JSON trees padded to full depth, the members' trees written as one ensemble (inference in numpy, no
sklearn at run time). Deterministic: fixed seeds, sorted inputs. Prints the out-of-fold F1 of the
short-article copies, and the evaluation-half F1 at the end for information; that one is never used to
choose anything.

How much to trust a comparison: one fold assignment and model seed moves the out-of-fold F1 by about
±0.006 (12 draws of the old single 40-tree model: 0.927-0.950), as much as most ideas below gain or lose,
so ideas were compared over 3 to 6 paired draws (the same folds and seeds on both sides).

Kept (4 paired draws, mean): the short-article copies, 0.943 -> 0.947 (corpus lines 0.947 -> 0.957) and
on the copies of aeb-dev pages themselves (out of fold) 0.32 -> 0.43 with one body line left, 0.58 ->
0.68 with two, 0.77 -> 0.81 with four: without them the model learns that body comes in long runs and
scores a lone lead paragraph among furniture as furniture, and the block then lands on a teaser list;
averaging 3 seeds, +0.002 (and half the spread between draws); wire-credit lines ("Reporting by ...;
Editing by ...") and caption credits in data/furniture.toml, +0.002 (corpus lines +0.005).

Tried and dropped (3 to 6 paired draws; none gained more than the noise, some lost): a second boosted
stage over the stage-1 scores, with their window means at 2/5/10/25 lines, the densest run's position and
the body mass before/after the line, instead of or before block selection (-0.007 and +0.002), or with
relation-to-article features (inside the densest run, rows and low rows to it, before/after, share of the
line's content words used in the run) (+0.001 to +0.002, corpus lines +0.003 to +0.006, aeb-dev pages
-0.004 to +0.002); per-line features: stopwords of seven more languages (Russian, Ukrainian, Polish,
Dutch, Swedish, Turkish, Indonesian; the model barely uses the ratio: zeroing it at prediction changes
nothing), title-case ratio, quotation marks and share of numeric tokens, cohesion with the page's prose
lines, rows to the nearest prose line above/below, rows since the last furniture line, the share of the
page's prose before/after the line, window means over 12 and 30 lines, dropping the one-hot family
columns or the +-3 neighbours; copies with every blank line removed or a blank line between all lines
(the model is already indifferent to paragraph breaks: 0.948 vs 0.946 on corpus lines); model shapes
(feature subsampling 0.5, HistGradientBoosting with and without monotone constraints, 120 trees at
learning rate 0.033, min_samples_leaf 40: none better, the monotone ones -0.009); splitting the article
block at long stretches of low rows before keeping further runs (no change). Earlier, with one draw each:
a line-position feature, which learnt that article text ends at about 80% of a page and dropped the end
of articles cut by a teaser list; dropping a kept paragraph that repeats an earlier one (no gain);
training weights per line of 1 or sqrt(words) instead of words normalised per page; letting a further run
join the article on an absolute gain besides the share of the best run (never chosen); no +0.3 log-odds
for lines that do not recur. Before issue #3: 0.950 (aeb-dev pages 0.939, corpus pages 0.972).

Issue #3 (teaser summaries after the article; one-paragraph briefs beside breadcrumbs), one paired draw of
the 3 pooled repeats each (same folds and seeds; out-of-fold F1 of the aeb-dev / corpus training pages):
before 0.9388 / 0.9722. Kept: the 20 training-only pages, 0.9376 / 0.9798 (the old model on them, before
they were trained on: line F1 0.908, P 0.832 R 1.000, its errors mostly teaser headlines and summaries
kept); with them, the teaser-rhythm features (``teaser_pair_run``: the line is in a run of headline +
one-sentence-summary pairs; ``window_teaser_pairs``: share of such pair lines within 5 rows), 0.9394 /
0.9795. The features fire on 25 of 6,458 furniture lines and 1 of 1,242 body lines of the aeb-dev training
half, none of the corpus, 32 of 308 furniture lines of the training-only pages; they cost about 5% of
classify_pages' speed on the short corpus pages, 2% on aeb-dev pages (~2,800 and ~850 pages/s on one core).
Dropped: 4 more training-only pages (two with teaser summaries right after the last paragraph and no list
heading, two tabloid pages with standfirst bullets and teaser headlines between paragraphs), 0.9313 /
0.9857: aeb-dev pages fell by more than a draw's noise (the tuned knobs moved to keep_inside 0.4).
Measured once at the end with the shipped model: aeb-dev evaluation half 0.895 (0.896 before), all
aeb-dev pages 0.938 (0.938); bench/quality.py line F1 held-back 0.952 (P 1.000 R 0.909; before 0.909, P
0.909 R 0.909), corpus 0.992 (trained on: 0.971), seeds 0.914 (P 0.860 R 0.976; before 0.919, P 0.856 R
0.992: one more seed body line dropped, four more furniture lines removed). Still open: the first teaser
summary right after the article scores about 0.5 and joins it (the xfail test in tests/clean)."""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import re
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import GroupKFold

from aeb import recurrence_by_site, site_of, split_sites
from newsledger.clean.line_features import (
    PageFeatures,
    feature_names,
    page_features,
)
from newsledger.clean.lines import (
    DecisionParams,
    Trees,
    keep_rows,
    model_from_json,
    recurrence_shift,
)

REPO = Path(__file__).resolve().parent.parent
# Labelled pages written for training only (never shipped in examples/corpus, never scored as a benchmark):
# <name>.txt with <name>.tsv beside it, in the label format of tests/data/check_labels.py.
TRAIN_PAGES = REPO / "tests/data/train_pages"
TOKEN = re.compile(r"\w+")
SEED = 0
LINE_MODEL = {"trees": 40, "depth": 6}
LEARNING_RATE = 0.1
REPEATS = 3
# Boosted models that differ only in the seed of their row subsample, averaged (shipped as one ensemble of
# ENSEMBLE x trees): one model's choices among near-equal splits vary with the seed by about as much as
# most ideas gain; the average is steadier.
ENSEMBLE = 3
# Short-article copies of every training page: the page with only its first k body lines, the furniture
# all kept, each copy weighing SHORT_ARTICLE_WEIGHT of a page. Without them the model learns that body
# comes in long runs and scores a lone lead paragraph among furniture as furniture.
SHORT_ARTICLE_LINES = (1, 2, 4)
SHORT_ARTICLE_WEIGHT = 0.5

# Starting knobs, also the fallback when the grid finds nothing better; recurrence figures from DESIGN.
DEFAULT_PARAMS = DecisionParams(
    block_threshold=0.5,
    keep_inside=0.35,
    keep_outside=0.95,
    strong_furniture_words=12,
    recurrence_shift=4.2,
    recurrence_long_words=40,
    extra_block_ratio=0.3,
    drop_headline=False,
)


@dataclass
class Page:
    name: str
    site: str
    lines: list[str]
    truth: str  # true body text
    labels: np.ndarray | None = None  # per feature row: 1 body, 0 not
    features: PageFeatures | None = None
    recurrence: list[int] | None = None
    truth_shingles: Counter[tuple[str, ...]] | None = None
    weight: float = 1.0  # of the page in training (a short-article copy weighs less)


def load_score_module(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("aeb_score", shared / "bench/aeb-dev/score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {shared}/bench/aeb-dev/score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_aeb(shared: Path) -> list[Page]:
    root = shared / "bench/aeb-dev"
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    pages = []
    for name in sorted(truth):
        text = (root / "pages" / name).read_text(encoding="utf-8", errors="replace")
        site = site_of(truth[name]["url"])
        pages.append(Page(name, site, text.splitlines(), truth[name].get("body") or ""))
    return pages


def load_labelled(source: str, pages_dir: Path, labels_dir: Path) -> list[Page]:
    """Labelled pages of our own (only 'body' counts as body), named "<source>/<stem>", with recurrence
    over all pages of the same site (the file-name prefix before the first underscore); a page without
    a label file is used for recurrence only."""
    pages = [
        Page(
            f"{source}/{src.stem}",
            f"{source}:{src.stem.split('_')[0]}",
            src.read_text("utf-8", "replace").splitlines(),
            "",
        )
        for src in sorted(pages_dir.glob("*.txt"))
    ]
    site_recurrence(pages)
    labelled = []
    for page in pages:
        tsv = labels_dir / (page.name.removeprefix(f"{source}/") + ".tsv")
        if not tsv.is_file():
            continue
        body_lines = set()
        for row in tsv.read_text(encoding="utf-8").splitlines()[1:]:
            parts = row.split("\t")
            if len(parts) >= 2 and parts[1].strip() == "body" and parts[0].strip().isdigit():
                body_lines.add(int(parts[0]))
        page.truth = "\n".join(page.lines[i] for i in sorted(body_lines) if i < len(page.lines))
        page.features = page_features(page.lines)
        page.labels = np.array([int(i in body_lines) for i in page.features.rows], dtype=np.int8)
        labelled.append(page)
    return labelled


def source_of(page: Page) -> str:
    """Where a training page comes from: "aeb-dev", "corpus" or "train" (the training-only pages)."""
    head, sep, _ = page.name.partition("/")
    return head if sep and head in ("corpus", "train") else "aeb-dev"


def coverage_labels(page: Page) -> np.ndarray:
    """1 for a row whose tokens are at least half inside true-body 4-grams (4-grams may cross lines)."""
    assert page.features is not None
    body = TOKEN.findall(page.truth)
    grams = {tuple(body[i : i + 4]) for i in range(max(1, len(body) - 3))}
    toks: list[str] = []
    owner: list[int] = []
    for r, i in enumerate(page.features.rows):
        t = TOKEN.findall(page.lines[i])
        toks.extend(t)
        owner.extend([r] * len(t))
    covered = np.zeros(len(toks), dtype=bool)
    if len(body) < 4:
        # A body of one to three tokens: mark the lines that contain it exactly.
        grams = {tuple(body)}
    width = min(4, max(1, len(body)))
    for j in range(max(0, len(toks) - width + 1)):
        if tuple(toks[j : j + width]) in grams:
            covered[j : j + width] = True
    n = len(page.features.rows)
    hit = np.bincount(np.asarray(owner, dtype=np.intp), weights=covered, minlength=n)
    total = np.bincount(np.asarray(owner, dtype=np.intp), minlength=n)
    return ((total > 0) & (hit * 2 >= total)).astype(np.int8)


def short_article(page: Page, body_lines: int) -> Page | None:
    """The page with only its first ``body_lines`` body lines (None when it has no more than that)."""
    assert page.features is not None and page.labels is not None
    body = [i for i, label in zip(page.features.rows, page.labels.tolist(), strict=True) if label]
    if len(body) <= body_lines:
        return None
    dropped = set(body[body_lines:])
    kept = [i for i in range(len(page.lines)) if i not in dropped]
    label_of = dict(zip(page.features.rows, page.labels.tolist(), strict=True))
    lines = [page.lines[i] for i in kept]
    features = page_features(lines)
    labels = np.array([label_of[kept[r]] for r in features.rows], dtype=np.int8)
    return Page(
        name=f"{page.name}#first{body_lines}",
        site=page.site,
        lines=lines,
        truth="\n".join(lines[r] for r, label in zip(features.rows, labels.tolist(), strict=True) if label),
        labels=labels,
        features=features,
        recurrence=None if page.recurrence is None else [page.recurrence[i] for i in kept],
        weight=SHORT_ARTICLE_WEIGHT,
    )


def site_recurrence(pages: list[Page]) -> None:
    """recurrence[i] = number of other pages of the same site carrying a line with the same key."""
    by_name = {p.name: p for p in pages}
    counts = recurrence_by_site({p.name: p.lines for p in pages}, {p.name: p.site for p in pages})
    for name, rec in counts.items():
        by_name[name].recurrence = rec


@dataclass
class Ensemble:
    """Boosted models trained on the same rows with different subsample seeds; log-odds averaged."""

    members: list[GradientBoostingClassifier]

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        return np.mean([m.decision_function(x) for m in self.members], axis=0)


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, trees: int, depth: int, seed: int = SEED) -> Ensemble:
    members = []
    for k in range(ENSEMBLE):
        model = GradientBoostingClassifier(
            n_estimators=trees,
            max_depth=depth,
            learning_rate=LEARNING_RATE,
            subsample=0.8,
            min_samples_leaf=20,
            random_state=seed * ENSEMBLE + k,
        )
        members.append(model.fit(x, y, sample_weight=w))
    return Ensemble(members)


def weights(pages: list[Page]) -> np.ndarray:
    """A page weighs its number of lines (times its own weight); within a page, lines weigh by tokens."""
    out = []
    for p in pages:
        assert p.features is not None
        w = p.features.words + 1.0
        out.append(w / w.sum() * len(w) * p.weight)
    return np.concatenate(out)


def stack(pages: list[Page]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.concatenate([p.features.matrix for p in pages if p.features is not None])
    y = np.concatenate([p.labels for p in pages if p.labels is not None])
    groups = np.concatenate([[p.site] * len(p.labels) for p in pages if p.labels is not None])
    return x, y, groups


def page_counts(page: Page, prob: np.ndarray, params: DecisionParams) -> tuple[float, float, float]:
    """The benchmark's normalised (tp, fp, fn) of a page (same arithmetic as score.py, truth cached)."""
    assert page.features is not None
    keep, _, _ = keep_rows(page.features, prob, params)
    body = "\n".join(page.lines[i] for i, k in zip(page.features.rows, keep, strict=True) if k)
    if page.truth_shingles is None:
        page.truth_shingles = shingles(page.truth)
    t, p = page.truth_shingles, shingles(body)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def shingles(text: str) -> Counter[tuple[str, ...]]:
    toks = TOKEN.findall(text)
    return Counter(tuple(toks[i : i + 4]) for i in range(max(1, len(toks) - 3)) if toks[i : i + 4])


def benchmark_f1(
    score: ModuleType, pages: list[Page], probs: list[np.ndarray], params: DecisionParams
) -> float:
    counts = [page_counts(p, q, params) for p, q in zip(pages, probs, strict=True)]
    return float(score.summarise(counts)["f1"])


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def shifted_logits(page: Page, logits: np.ndarray) -> np.ndarray:
    assert page.features is not None
    return recurrence_shift(logits, page.features, page.recurrence, DEFAULT_PARAMS)


def out_of_fold(
    model_args: dict[str, Any], x: np.ndarray, y: np.ndarray, w: np.ndarray, groups: np.ndarray, repeat: int
) -> np.ndarray:
    """Scores of every row from a model that did not see its site (5 folds grouped by site)."""
    oof = np.zeros(len(y))
    folds = GroupKFold(n_splits=5, shuffle=True, random_state=SEED + repeat)
    for fold_train, fold_test in folds.split(x, y, groups):
        model = fit(x[fold_train], y[fold_train], w[fold_train], **model_args, seed=SEED + repeat)
        oof[fold_test] = model.decision_function(x[fold_test])
    return oof


def per_page(pages: list[Page], flat: np.ndarray) -> list[np.ndarray]:
    out, start = [], 0
    for p in pages:
        assert p.labels is not None
        out.append(flat[start : start + len(p.labels)])
        start += len(p.labels)
    return out


def export_trees(ensemble: Ensemble, x: np.ndarray, depth: int) -> dict[str, Any]:
    """The members' trees as one ensemble: padded to complete binary trees of ``depth``, breadth-first,
    learning rate and the 1/members of the average folded into the leaves, the bases averaged."""
    n_inner, n_leaf = 2**depth - 1, 2**depth
    trees = [
        (est.tree_, model.learning_rate / len(ensemble.members))
        for model in ensemble.members
        for est in model.estimators_[:, 0]
    ]
    feature = np.zeros((len(trees), n_inner), dtype=np.int64)
    threshold = np.full((len(trees), n_inner), 1e30)
    leaf = np.zeros((len(trees), n_leaf))
    for t, (tree, scale) in enumerate(trees):

        def fill(node: int, pos: int, level: int, t: int = t, tree: Any = tree, scale: float = scale) -> None:
            if level == depth:
                leaf[t, pos - n_inner] = tree.value[node].ravel()[0] * scale
                return
            if tree.children_left[node] == -1:  # a leaf above full depth: both children repeat it
                feature[t, pos] = 0
                threshold[t, pos] = 1e30
                fill(node, 2 * pos + 1, level + 1)
                fill(node, 2 * pos + 2, level + 1)
                return
            feature[t, pos] = tree.feature[node]
            threshold[t, pos] = tree.threshold[node]
            fill(tree.children_left[node], 2 * pos + 1, level + 1)
            fill(tree.children_right[node], 2 * pos + 2, level + 1)

        fill(0, 0, 0)
    base = np.mean([float(m._raw_predict_init(x[:1]).ravel()[0]) for m in ensemble.members])
    exported = {
        "depth": depth,
        "base": float(base),
        "feature": feature.tolist(),
        "threshold": threshold.tolist(),
        "leaf": [[round(v, 7) for v in row] for row in leaf.tolist()],
    }
    check = Trees.from_json(exported).predict(x[:3000])
    if not np.allclose(check, ensemble.decision_function(x[:3000]), atol=1e-4):
        raise SystemExit("numpy inference disagrees with sklearn: export bug")
    return exported


def tune(score: ModuleType, pages: list[Page], probs: list[np.ndarray]) -> DecisionParams:
    best, best_f1 = DEFAULT_PARAMS, benchmark_f1(score, pages, probs, DEFAULT_PARAMS)
    print(f"default knobs: training-half out-of-fold F1 {best_f1:.4f}")
    grid = itertools.product(
        (0.3, 0.4, 0.5, 0.6),  # block_threshold
        (0.2, 0.3, 0.4, 0.5),  # keep_inside
        (0.9, 1.01),  # keep_outside (1.01: nothing outside the block)
        (0, 8, 20),  # strong_furniture_words
        # extra_block_ratio. No "one block only" (1.01): news articles are often cut by a teaser list or
        # a donation box with more body after it (see DESIGN and the seeds), and the 70 training pages
        # are too few to show it; a single block loses that body outright.
        (0.2, 0.35, 0.5),
        (False, True),  # drop_headline
    )
    for bt, ki, ko, sw, eb, dh in grid:
        params = DecisionParams(
            bt, ki, ko, sw, DEFAULT_PARAMS.recurrence_shift, DEFAULT_PARAMS.recurrence_long_words, eb, dh
        )
        f1 = benchmark_f1(score, pages, probs, params)
        if f1 > best_f1 + 1e-9:
            best, best_f1 = params, f1
    print(f"tuned knobs:   training-half out-of-fold F1 {best_f1:.4f}  {best}")
    for source in ("aeb-dev", "corpus", "train"):
        chosen = [i for i, p in enumerate(pages) if source_of(p) == source]
        if not chosen:
            continue
        part = benchmark_f1(score, [pages[i] for i in chosen], [probs[i] for i in chosen], best)
        print(f"    of which {source} pages: {part:.4f}")
    return best


def report_short_articles(
    score: ModuleType, short: list[Page], oof: list[list[np.ndarray]], params: DecisionParams
) -> None:
    """Out-of-fold F1 on the short-article copies of the aeb-dev pages: finding a one-paragraph article."""
    parts = []
    for k in SHORT_ARTICLE_LINES:
        chosen = [
            (page, sigmoid(shifted_logits(page, rep[i])))
            for rep in oof
            for i, page in enumerate(short)
            if page.name.endswith(f"#first{k}") and source_of(page) == "aeb-dev"
        ]
        f1 = benchmark_f1(score, [p for p, _ in chosen], [q for _, q in chosen], params)
        parts.append(f"first {k} line{'s' if k > 1 else ''} {f1:.4f}")
    print(f"short-article copies of the aeb-dev pages, out of fold: {', '.join(parts)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--out", type=Path, default=REPO / "src/newsledger/data/line_model.json")
    ap.add_argument("--no-tune", action="store_true", help="keep the default knobs (faster)")
    ap.add_argument(
        "--no-train-pages", action="store_true", help="leave out the training-only pages (to compare)"
    )
    ap.add_argument("--line-trees", type=int, default=LINE_MODEL["trees"], help="for experiments")
    ap.add_argument("--line-depth", type=int, default=LINE_MODEL["depth"], help="for experiments")
    a = ap.parse_args()
    started = time.perf_counter()
    LINE_MODEL.update(trees=a.line_trees, depth=a.line_depth)
    score = load_score_module(a.shared)

    pages = load_aeb(a.shared)
    site_recurrence(pages)
    train_sites, eval_sites = split_sites([p.site for p in pages])
    for p in pages:
        p.features = page_features(p.lines)
        p.labels = coverage_labels(p)
    train = [p for p in pages if p.site in train_sites]
    held = [p for p in pages if p.site in eval_sites]
    corpus = load_labelled("corpus", REPO / "examples/corpus", REPO / "tests/data/labels/corpus")
    own = [] if a.no_train_pages else load_labelled("train", TRAIN_PAGES, TRAIN_PAGES)
    train_all = train + corpus + own
    print(
        f"training pages: {len(train)} aeb-dev + {len(corpus)} corpus + {len(own)} training-only; "
        f"evaluation pages: {len(held)}"
    )

    short = [v for p in train_all for k in SHORT_ARTICLE_LINES if (v := short_article(p, k)) is not None]
    fit_pages = train_all + short
    x, y, groups = stack(fit_pages)
    w = weights(fit_pages)
    print(
        f"training lines: {len(y)} ({int(y.sum())} body), {x.shape[1]} line features; "
        f"{len(short)} of the pages are short-article copies"
    )

    # Scores out of fold (grouped by site, as on unseen sites: a page's short copies share its site, so
    # its fold); the decision knobs are fitted on those of the real pages. REPEATS fold assignments (and
    # model seeds), pooled, so that the choice rests on less luck.
    oof = [per_page(fit_pages, out_of_fold(LINE_MODEL, x, y, w, groups, r)) for r in range(REPEATS)]
    real = len(train_all)
    pooled = train_all * REPEATS
    probs = [sigmoid(shifted_logits(p, z)) for rep in oof for p, z in zip(train_all, rep[:real], strict=True)]
    params = DEFAULT_PARAMS if a.no_tune else tune(score, pooled, probs)
    report_short_articles(score, fit_pages[real:], [rep[real:] for rep in oof], params)

    model = fit(x, y, w, **LINE_MODEL)
    data = {
        "comment": "Line classifier of newsledger.clean.lines, written by bench/train_line_model.py",
        "features": list(feature_names()),
        "trees": export_trees(model, x, LINE_MODEL["depth"]),
        "params": asdict(params),
    }
    a.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {a.out} ({a.out.stat().st_size // 1024} KiB)")

    # For information only: the evaluation half, through the exported model and numpy inference.
    exported = model_from_json(data)
    held_probs = []
    for p in held:
        assert p.features is not None
        held_probs.append(sigmoid(shifted_logits(p, exported.trees.predict(p.features.matrix))))
    print(f"evaluation half ({len(held)} pages) F1 {benchmark_f1(score, held, held_probs, params):.4f}")
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
