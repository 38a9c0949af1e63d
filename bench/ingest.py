"""Ingest speed and memory on plain-text pages: readers + cleaning + dedup, one worker process.

The language layer is off (it has its own bench, bench/nlp.py); pass --nlp to include it.

Builds N synthetic pages by recombining the sample corpus's lines (each page: one outlet's furniture
around paragraphs drawn from several articles), ingests them into a fresh ledger in a child process,
and prints articles/s (wall clock), the CPU seconds of the ingest and articles per CPU-second (what one
idle core does: the figure to read on a machine shared with other jobs), and the child's peak RSS.
Several sizes show whether memory stays flat.

    .venv/bin/python bench/ingest.py [--sizes 2500,5000,10000] [--workers 1]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "examples" / "corpus"
LABELS = REPO / "tests" / "data" / "labels" / "corpus"


def corpus_lines() -> tuple[dict[str, list[str]], list[str]]:
    """Furniture lines per outlet prefix and a pool of body paragraphs, from the labelled sample corpus."""
    furniture: dict[str, list[str]] = {}
    body: list[str] = []
    for labels in sorted(LABELS.glob("*.tsv")):
        lines = (CORPUS / f"{labels.stem}.txt").read_text().splitlines()
        outlet = labels.stem.split("_")[0]
        for row in labels.read_text().splitlines()[1:]:
            number, label, _ = [*row.split("\t"), ""][:3]
            text = lines[int(number)]
            if label == "body":
                body.append(text)
            else:
                furniture.setdefault(outlet, []).append(text)
    return furniture, body


def build_pages(folder: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    furniture, body = corpus_lines()
    outlets = sorted(furniture)
    for index in range(count):
        outlet = outlets[index % len(outlets)]
        stock = furniture[outlet]
        head = stock[: len(stock) // 2]
        tail = stock[len(stock) // 2 :]
        paragraphs = rng.sample(body, k=min(len(body), rng.randint(6, 14)))
        # A page number makes every page distinct even when the sample repeats.
        page = [*head, f"Report {index}: {paragraphs[0]}", *paragraphs[1:], *tail]
        sub = folder / f"{index // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{outlet}-{index:06d}.txt").write_text("\n\n".join(page) + "\n")


def child(folder: str, db: str, workers: int, nlp: bool) -> None:
    from newsledger.config import Settings
    from newsledger.runner import ingest
    from newsledger.store import Ledger

    settings = Settings.load().with_overrides(workers=workers, nlp=nlp)
    started, cpu_started = time.perf_counter(), time.process_time()
    with Ledger.open(db) as ledger:
        summary = ingest([folder], ledger, settings)
    seconds = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time of every thread of this process and of its worker processes: on a machine shared with
    # other jobs, articles per CPU-second is what one idle core would do, where wall time is not.
    cpu_seconds = time.process_time() - cpu_started + children.ru_utime + children.ru_stime
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "articles": summary.articles,
                "documents": summary.documents,
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "peak_rss_mb": peak_mb,
                "worker_peak_rss_mb": children_mb,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="2500,5000,10000")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--nlp", action="store_true", help="include the language layer")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.workers, args.nlp)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"{'pages':>7} {'articles':>8} {'seconds':>8} {'articles/s':>10} {'CPU s':>7} "
        f"{'articles/CPU-s':>14} {'peak RSS MB':>11}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = Path(tmp) / f"pages-{size}"
            folder.mkdir()
            build_pages(folder, size)
            db = Path(tmp) / f"ledger-{size}.duckdb"
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--workers",
                    str(args.workers),
                    *(["--nlp"] if args.nlp else []),
                    "--child",
                    str(folder),
                    str(db),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            rate = result["articles"] / result["seconds"]
            peak = max(result["peak_rss_mb"], result["worker_peak_rss_mb"])
            cpu = result["cpu_seconds"]
            print(
                f"{size:>7} {result['articles']:>8} {result['seconds']:>8.1f} {rate:>10.0f} {cpu:>7.1f} "
                f"{result['articles'] / cpu:>14.0f} {peak:>11.0f}"
            )


if __name__ == "__main__":
    main()
