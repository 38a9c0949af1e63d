"""Big and many inputs: peak memory of `ingest` against input size, for one big WARC and many small files.

Generates into a temporary folder (nothing is kept unless --work is given):
- a WARC archive of --warc-mb megabytes: HTTP responses of news pages (article paragraphs recombined
  from the sample corpus inside a site's page: navigation, a large inline script and style, a footer, as
  real pages carry), with image responses and request records in between, as crawls have;
- a folder of --files small plain-text pages (bench/ingest.py's pages), 1,000 per sub-folder.

Then ingests each at several fractions of its size (--fractions, default 1/4, 1/2, 1), every measurement
in a fresh child process with the language layer off, and prints the peak RSS of the ingest process (and
of its worker processes) against the input size. Memory is flat when the peak does not grow with the
input; the table ends with the growth from the smallest to the largest input.

With the language layer off, those ledgers hold no incidents or claims. --incidents N writes ledgers of N
articles that each tell one incident and make one claim (random types, actors, places, dates and figures;
no language layer needed) at the same fractions, and prints the peak RSS of relinking each in a fresh
process: events and comparisons as the corpus grows.

    .venv/bin/python bench/scale.py                    # 1 GB WARC, 100,000 files (long: see docs/promises.md)
    .venv/bin/python bench/scale.py --quick            # 64 MB WARC, 4,000 files, for development
    .venv/bin/python bench/scale.py --warc-mb 256 --files 0 --workers 2
    .venv/bin/python bench/scale.py --warc-mb 0 --files 0 --incidents 100000
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsledger.records import (
    Article,
    Claim,
    ClaimQuantity,
    Document,
    DocumentResult,
    Evidence,
    Incident,
    Mention,
    Role,
)

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from ingest import build_pages, corpus_lines  # noqa: E402 (bench/ is not a package)

console = Console(stderr=True)
PAGES_PER_FOLDER = 1000  # bench/ingest.py's build_pages writes 1,000 pages per sub-folder


# Inputs ---------------------------------------------------------------------------------------------------


def _page_html(rng: random.Random, index: int, furniture: list[str], body: list[str]) -> bytes:
    paragraphs = rng.sample(body, k=min(len(body), rng.randint(6, 14)))
    nav = "".join(f"<li><a href='/s/{i}'>{line}</a></li>" for i, line in enumerate(furniture[:8]))
    footer = "".join(f"<p>{line}</p>" for line in furniture[8:14])
    # Real pages carry far more markup and script than text: about 60 KB per page here.
    script = "window.__state = " + json.dumps({"page": index, "items": [rng.random() for _ in range(2500)]})
    style = "".join(f".c{i}{{margin:{i % 9}px;color:#{rng.randrange(1 << 24):06x}}}" for i in range(400))
    article = "".join(f"<p>{p}</p>" for p in paragraphs[1:])
    return (
        f"<!doctype html><html><head><title>Report {index}</title><style>{style}</style>"
        f"<script>{script}</script></head><body><nav><ul>{nav}</ul></nav><main><article>"
        f"<h1>Report {index}: {paragraphs[0][:60]}</h1><p>Report {index}: {paragraphs[0]}</p>{article}"
        f"</article></main><footer>{footer}</footer></body></html>"
    ).encode()


def write_warc(path: Path, target_bytes: int, seed: int = 7) -> int:
    """A WARC of about `target_bytes` (uncompressed, one record after another); returns its pages.

    The same seed writes the same records, so a smaller archive is a prefix of a bigger one.
    """
    rng = random.Random(seed)
    furniture_by_outlet, body = corpus_lines()
    outlets = sorted(furniture_by_outlet)
    html_headers = [("Content-Type", "text/html; charset=utf-8")]
    pages = 0
    with path.open("wb") as out, _bar("writing " + path.name, target_bytes) as done:
        writer = WARCWriter(out, gzip=False)
        while out.tell() < target_bytes:
            outlet = outlets[pages % len(outlets)]
            uri = f"https://{outlet}.example/news/{pages}"
            html = _page_html(rng, pages, furniture_by_outlet[outlet], body)
            request = f"GET /news/{pages} HTTP/1.1"
            writer.write_record(writer.create_warc_record(
                uri, "request", payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(request, [("Host", "x")], is_http_request=True),
            ))  # fmt: skip
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(html),
                http_headers=StatusAndHeaders("200 OK", html_headers, protocol="HTTP/1.1"),
            ))  # fmt: skip
            if pages % 4 == 0:  # an image now and then, which the reader passes over
                image = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    uri + ".jpg", "response", payload=io.BytesIO(rng.randbytes(20_000)), http_headers=image
                ))  # fmt: skip
            pages += 1
            done(out.tell())
    return pages


def write_files(folder: Path, count: int) -> None:
    with _bar(f"writing {count:,} pages", count) as done:
        step = PAGES_PER_FOLDER * 5
        for start in range(0, count, step):
            # build_pages numbers pages from 0: write into a scratch folder, move into place renumbered
            # by folder so every page stays distinct.
            size = min(step, count - start)
            scratch = folder / f"scratch-{start}"
            scratch.mkdir()
            build_pages(scratch, size, seed=start)
            for sub in sorted(scratch.iterdir()):
                sub.rename(folder / f"{start // PAGES_PER_FOLDER + int(sub.name):03d}")
            scratch.rmdir()
            done(start + size)


EVENT_TYPES = ("refusal", "desertion", "mutiny", "surrender", "protest", "sabotage", "arrest", "strike")
CLAIM_CATEGORIES = ("killed", "wounded", "casualties", "captured")
CLAIM_SCOPES = ("russian", "ukrainian", "wagner", "civilians", "belarusian", "chechen", "crimean", "donetsk",
                "luhansk", "moldovan")  # fmt: skip


def write_incident_ledger(db: Path, count: int, seed: int = 11) -> None:
    """A ledger of `count` short articles, each telling one incident and making one claim.

    Incidents of 8 types by 100 actors at 200 places over three years (so an event gathers a few
    tellings), claims of 4 categories for 10 scopes. The same seed writes the same articles, so a smaller
    ledger holds the first articles of a bigger one.
    """
    from newsledger.store import Ledger

    rng = random.Random(seed)
    places = [(f"place:p{i}", rng.uniform(46.0, 54.0), rng.uniform(28.0, 40.0)) for i in range(200)]
    with Ledger.open(db) as ledger, _bar(f"writing {count:,} incidents", count) as done:
        for start in range(0, count, 1000):
            ledger.write_results(
                [_incident_result(rng, i, places) for i in range(start, min(count, start + 1000))]
            )
            done(min(count, start + 1000))


def _incident_result(
    rng: random.Random, index: int, places: list[tuple[str, float, float]]
) -> DocumentResult:
    article_id = f"a{index:07d}"
    published = date(2022, 1, 1) + timedelta(days=rng.randrange(3 * 365))
    body = f"Report {index}: soldiers refused, officials said {index % 97} were killed."
    article = Article(
        article_id, article_id, f"{index // 1000:03d}/{article_id}.txt", None, f"outlet:{rng.randrange(40)}",
        None, None, published, None, body,
    )  # fmt: skip
    name, lat, lon = rng.choice(places)
    happened = published - timedelta(days=rng.randrange(10)) if rng.random() < 0.7 else None
    size = float(rng.choice((5, 12, 30, 60, 100, 300)))
    evidence = Evidence(0, 6, body[:6])
    incident = Incident(
        id=f"i{index:07d}", article_id=article_id, type=rng.choice(EVENT_TYPES),
        actor=Role("the unit", f"unit:{rng.randrange(100)}") if rng.random() < 0.6 else None,
        size_min=size, size_max=size, size_text=None,
        place=Mention(article_id, 0, 0, 6, name, "place", canonical=name, lat=lat, lon=lon)
        if rng.random() < 0.8 else None,
        time_start=happened, time_end=happened, time_text=None, causes=(), outcomes=(),
        attribution=(Role("a source", f"source:{rng.randrange(100)}"),) if rng.random() < 0.3 else (),
        status="reported", hedged=False, specific=True, evidence=(evidence,),
    )  # fmt: skip
    figure = float(rng.randrange(1, 100) * 100)
    claim = Claim(
        id=f"c{index:07d}", article_id=article_id, speaker=None, speaker_kind="outlet", verb="said",
        hedged=False, quantities=(ClaimQuantity(figure, figure, "people", None, rng.choice(CLAIM_CATEGORIES),
                                                rng.choice(CLAIM_SCOPES), str(figure)),),
        as_of_start=published, as_of_end=None, evidence=evidence,
    )  # fmt: skip
    document = Document(article_id, article.origin, "text/plain", body)
    return DocumentResult(document, article, incidents=(incident,), claims=(claim,))


# Measurement ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    kind: str
    input_mb: float
    documents: int
    articles: int
    seconds: float
    reading_peak_mb: float  # the peak of pass 1, which reads every input: the readers' memory
    streaming_peak_mb: float  # the peak until the corpus-wide link step starts: reading, cleaning, storing
    relink_peak_mb: float  # the peak of the link step alone (near-copies, comparisons, events, search index)
    peak_mb: float  # the peak of the whole ingest, relinking duplicates and events included
    worker_peak_mb: float


def _peak_rss_mb() -> float:
    """The peak RSS of this process's own address space (VmHWM): ru_maxrss would start from the RSS of
    the process this one was forked from, which Linux keeps across exec."""
    status = Path("/proc/self/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found[1]) / 1024 if found else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak_rss() -> None:
    """Start VmHWM again from the current RSS (Linux: writing 5 to clear_refs), so that the peak of a
    phase that peaks lower than the one before it is seen too."""
    Path("/proc/self/clear_refs").write_text("5")


def child(db: str, workers: int, inputs: list[str]) -> None:
    from newsledger.config import Settings
    from newsledger.runner import ingest
    from newsledger.store import Ledger

    settings = Settings.load().with_overrides(workers=workers, nlp=False)
    peaks: dict[str, float] = {}  # phase → the peak RSS before it began

    def note_phase(phase: str, advance: int, total: int | None) -> None:
        if phase not in peaks:
            peaks[phase] = _peak_rss_mb()
            if phase == "link":
                _reset_peak_rss()

    started = time.perf_counter()
    with Ledger.open(db) as ledger:
        summary = ingest(inputs, ledger, settings, note_phase)
    seconds = time.perf_counter() - started
    # Worker processes are forked from this one and reaped when the pool closes: their peak is the
    # biggest ru_maxrss among this process's children (it counts the pages they share with it).
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({
        "documents": summary.documents, "articles": summary.articles, "seconds": seconds,
        # Pass 1 reads every input (the readers alone); pass 2 ends where linking begins.
        "reading_peak_mb": peaks.get("load", 0.0), "streaming_peak_mb": peaks.get("link", 0.0),
        # The peak was reset when linking began: what is left is the link step's own.
        "relink_peak_mb": _peak_rss_mb(), "peak_mb": max(peaks.get("link", 0.0), _peak_rss_mb()),
        "worker_peak_mb": workers_peak if workers != 1 else 0.0,
    }))  # fmt: skip


@dataclass(frozen=True)
class RelinkMeasurement:
    incidents: int
    events: int
    comparisons: int
    seconds: float
    start_mb: float  # the RSS with the ledger open, before relinking
    peak_mb: float  # the peak while relinking


def relink_child(db: str) -> None:
    from newsledger.config import Settings
    from newsledger.runner import relink
    from newsledger.store import Ledger

    with Ledger.open(db) as ledger:
        started_mb = _peak_rss_mb()
        _reset_peak_rss()
        started = time.perf_counter()
        relink(ledger, Settings.load())
        seconds = time.perf_counter() - started
        peak = _peak_rss_mb()
        counts = ledger.con.execute(
            "SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM events), "
            "(SELECT count(*) FROM comparisons)"
        ).fetchone() or (0, 0, 0)
    print(json.dumps({"incidents": counts[0], "events": counts[1], "comparisons": counts[2],
                      "seconds": seconds, "start_mb": started_mb, "peak_mb": peak}))  # fmt: skip


def measure_relink(db: Path) -> RelinkMeasurement:
    with console.status(f"relinking {db.name}"):
        result = subprocess.run(
            [sys.executable, __file__, "--relink-child", str(db)], capture_output=True, text=True
        )
    if result.returncode != 0:
        raise SystemExit(f"bench/scale.py: relinking {db.name} failed:\n{result.stderr[-2000:]}")
    return RelinkMeasurement(**json.loads(result.stdout.strip().splitlines()[-1]))


def measure(kind: str, inputs: list[Path], input_bytes: int, work: Path, workers: int) -> Measurement:
    db = work / f"ledger-{kind}-{input_bytes}.duckdb"
    with console.status(f"ingesting {kind} of {input_bytes / 1e6:,.0f} MB"):
        result = subprocess.run(
            [sys.executable, __file__, "--workers", str(workers), "--child", str(db), *map(str, inputs)],
            capture_output=True, text=True,
        )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"bench/scale.py: ingest of {kind} failed:\n{result.stderr[-2000:]}")
    for suffix in ("", ".wal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return Measurement(
        kind, input_bytes / 1e6, report["documents"], report["articles"], report["seconds"],
        report["reading_peak_mb"], report["streaming_peak_mb"], report["relink_peak_mb"], report["peak_mb"],
        report["worker_peak_mb"],
    )  # fmt: skip


@contextmanager
def _bar(description: str, total: int) -> Iterator[Callable[[int], None]]:
    """A transient progress bar; the context gives the function that sets how much is done."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda completed: progress.update(task, completed=completed)


def _folder_bytes(folders: list[Path]) -> int:
    return sum(f.stat().st_size for folder in folders for f in folder.iterdir())


def run_relinks(args: argparse.Namespace, work: Path) -> list[RelinkMeasurement]:
    results = []
    for fraction in sorted(float(f) for f in args.fractions.split(",")):
        count = max(1, round(args.incidents * fraction))
        db = work / f"incidents-{count}.duckdb"
        write_incident_ledger(db, count)
        results.append(measure_relink(db))
        for suffix in ("", ".wal"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    return results


def print_relink_table(results: list[RelinkMeasurement]) -> None:
    table = Table(title="Peak RSS of relinking a ledger of incidents and claims")
    for column in ("incidents", "events", "comparisons", "seconds", "start MB", "relink peak MB"):
        table.add_column(column, justify="right")
    for m in results:
        table.add_row(
            f"{m.incidents:,}", f"{m.events:,}", f"{m.comparisons:,}", f"{m.seconds:,.1f}",
            f"{m.start_mb:,.0f}", f"{m.peak_mb:,.0f}",
        )  # fmt: skip
    Console(width=120).print(table)
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(
            f"incidents ×{last.incidents / first.incidents:.1f}; relink peak RSS "
            f"{_growth(first.peak_mb, last.peak_mb)}"
        )


def run(args: argparse.Namespace, work: Path) -> list[Measurement]:
    fractions = sorted(float(f) for f in args.fractions.split(","))
    results = []
    if args.warc_mb:
        for fraction in fractions:
            path = work / f"crawl-{fraction:g}.warc"
            write_warc(path, int(args.warc_mb * 1e6 * fraction))
            results.append(measure("WARC", [path], path.stat().st_size, work, args.workers))
            path.unlink()
    if args.files:
        folder = work / "pages"
        folder.mkdir()
        write_files(folder, args.files)
        subfolders = sorted(folder.iterdir())
        for fraction in fractions:
            chosen = subfolders[: max(1, round(len(subfolders) * fraction))]
            results.append(measure("files", chosen, _folder_bytes(chosen), work, args.workers))
    return results


def print_table(results: list[Measurement]) -> None:
    table = Table(title="Peak RSS of ingest against input size (language layer off)")
    columns = ["input", "MB", "documents", "seconds", "docs/s", "pass 1 MB", "pass 2 MB", "relink MB",
               "whole run MB", "workers MB"]  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column == "input" else "right")
    for m in results:
        rate = m.documents / m.seconds if m.seconds else 0.0
        workers = f"{m.worker_peak_mb:,.0f}" if m.worker_peak_mb else "-"
        table.add_row(
            m.kind, f"{m.input_mb:,.0f}", f"{m.documents:,}", f"{m.seconds:,.1f}", f"{rate:,.0f}",
            f"{m.reading_peak_mb:,.0f}", f"{m.streaming_peak_mb:,.0f}", f"{m.relink_peak_mb:,.0f}",
            f"{m.peak_mb:,.0f}", workers,
        )  # fmt: skip
    Console(width=120).print(table)
    print(
        "Peak RSS of the ingest process by the end of pass 1 (reading every input, counting recurring lines),"
    )
    print("of pass 2 (reading again, cleaning, storing in the ledger), of the link step alone (near-copies,")
    print("comparisons, events, search index; measured from the RSS it started with) and of the whole run.")
    for kind in dict.fromkeys(m.kind for m in results):
        runs = [m for m in results if m.kind == kind]
        if len(runs) > 1:
            first, last = runs[0], runs[-1]
            print(
                f"{kind}: input ×{last.input_mb / first.input_mb:.1f}; peak RSS pass 1 "
                f"{_growth(first.reading_peak_mb, last.reading_peak_mb)}, pass 2 "
                f"{_growth(first.streaming_peak_mb, last.streaming_peak_mb)}, relink "
                f"{_growth(first.relink_peak_mb, last.relink_peak_mb)}, whole run "
                f"{_growth(first.peak_mb, last.peak_mb)}"
            )


def _growth(before: float, after: float) -> str:
    return f"×{after / before:.2f} ({before:,.0f} → {after:,.0f} MB)"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--warc-mb", type=float, default=1000, help="size of the biggest WARC (0: none)")
    parser.add_argument("--files", type=int, default=100_000, help="number of small files (0: none)")
    parser.add_argument(
        "--incidents", type=int, default=0, help="relink ledgers of this many incidents and claims (0: none)"
    )
    parser.add_argument("--fractions", default="0.25,0.5,1", help="input sizes, as fractions of the above")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (0 = one per core)")
    parser.add_argument("--quick", action="store_true", help="64 MB WARC and 4,000 files")
    parser.add_argument(
        "--work", type=Path, help="folder for the generated inputs (default: a temporary one)"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--relink-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.workers, args.child[1:])
        return
    if args.relink_child:
        relink_child(args.relink_child)
        return
    if args.warc_mb < 0 or args.files < 0 or args.incidents < 0:
        parser.error("--warc-mb, --files and --incidents must be 0 or more")
    if args.quick:
        args.warc_mb, args.files = 64, 4000
    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
        results, relinks = run(args, args.work), run_relinks(args, args.work) if args.incidents else []
    else:
        with tempfile.TemporaryDirectory(prefix="newsledger-scale-") as tmp:
            results = run(args, Path(tmp))
            relinks = run_relinks(args, Path(tmp)) if args.incidents else []
    if results:
        print_table(results)
    if relinks:
        print_relink_table(relinks)


if __name__ == "__main__":
    main()
