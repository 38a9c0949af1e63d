"""Score the plain-text cleaner on the aeb-dev pages (flattened news pages with their true bodies).

usage: python bench/aeb.py [--shared ../shared] [--repeat 3]

Runs newsledger.clean.lines.classify_pages over shared/bench/aeb-dev/pages (recurrence counted across the
pages of each site, as the pipeline does), writes articles.jsonl (origin, body) to a temporary folder and
runs the benchmark's own score.py on it twice: on the EVALUATION half (sites the model never saw in
training; the figure to quote) and on all 92 pages (half of them were training pages, so that figure is
optimistic). Then prints the speed in pages per second on one core: batched, batched with recurrence
counting, and one page at a time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlparse

from newsledger.clean.lines import classify_lines, classify_pages, line_key

REPO = Path(__file__).resolve().parent.parent


def split_sites(sites: list[str]) -> tuple[set[str], set[str]]:
    """Fixed rule, shared with train_line_model.py: sites in sorted order, alternately training and evaluation
    (a site is never in both halves)."""
    ordered = sorted(set(sites))
    return set(ordered[0::2]), set(ordered[1::2])


def site_of(url: str) -> str:
    return urlparse(url).netloc.lower().removeprefix("www.")


def recurrence_by_site(pages: dict[str, list[str]], sites: dict[str, str]) -> dict[str, list[int]]:
    """For each page, how many OTHER pages of its site carry each line (blank lines count 0)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in pages:
        groups[sites[name]].append(name)
    out: dict[str, list[int]] = {}
    for names in groups.values():
        keys = {n: [line_key(line) if line.strip() else 0 for line in pages[n]] for n in names}
        seen = Counter(k for n in names for k in set(keys[n]) if k)
        for n in names:
            own = set(keys[n])
            out[n] = [seen[k] - (k in own) if k else 0 for k in keys[n]]
    return out


def score(shared: Path, bodies: dict[str, str], truth: dict[str, dict[str, str]], label: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        with (out / "articles.jsonl").open("w", encoding="utf-8") as f:
            for name in truth:
                f.write(json.dumps({"origin": f"aeb-dev/pages/{name}", "body": bodies[name]}) + "\n")
        (out / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
        result = subprocess.run(
            [
                sys.executable,
                str(shared / "bench/aeb-dev/score.py"),
                str(out),
                "--truth",
                str(out / "truth.json"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    print(f"== {label}")
    print(result.stdout.rstrip())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs (the best is reported)")
    a = ap.parse_args()
    root = a.shared / "bench/aeb-dev"
    if not root.is_dir():
        print(f"no aeb-dev benchmark at {root}: clone the repository next to shared/ or pass --shared")
        return 2
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    names = sorted(truth)
    pages = {
        n: (root / "pages" / n).read_text(encoding="utf-8", errors="replace").splitlines() for n in names
    }
    sites = {n: site_of(truth[n]["url"]) for n in names}
    _, eval_sites = split_sites(list(sites.values()))

    recurrence = recurrence_by_site(pages, sites)
    decisions = classify_pages([(pages[n], recurrence[n]) for n in names])
    bodies = {n: "\n".join(d.text for d in ds if d.keep) for n, ds in zip(names, decisions, strict=True)}

    held = {n: truth[n] for n in names if sites[n] in eval_sites}
    score(a.shared, bodies, held, f"evaluation half: {len(held)} pages of sites not used in training")
    score(a.shared, bodies, truth, f"all pages: {len(truth)} (half were training pages: optimistic)")

    n_lines = sum(len(p) for p in pages.values())
    plain = with_recurrence = one_by_one = float("inf")
    for _ in range(max(1, a.repeat)):
        t0 = time.perf_counter()
        classify_pages([(pages[n], None) for n in names])
        t1 = time.perf_counter()
        rec = recurrence_by_site(pages, sites)
        classify_pages([(pages[n], rec[n]) for n in names])
        t2 = time.perf_counter()
        for n in names:
            classify_lines(pages[n])
        t3 = time.perf_counter()
        plain, with_recurrence = min(plain, t1 - t0), min(with_recurrence, t2 - t1)
        one_by_one = min(one_by_one, t3 - t2)
    print(
        f"== speed (one core, {len(names)} pages, {n_lines / len(names):.0f} lines on average; best of runs)"
    )
    print(f"classify_pages: {len(names) / plain:,.0f} pages/s ({n_lines / plain:,.0f} lines/s)")
    print(f"classify_pages with recurrence counting: {len(names) / with_recurrence:,.0f} pages/s")
    print(f"classify_lines, one page at a time: {len(names) / one_by_one:,.0f} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
