"""The web app under load: concurrent clients against `newsledger serve` while `newsledger ingest` writes.

Builds a ledger (the sample corpus `examples/corpus` through the real pipeline, or bench/web.py's grown
ledger with --articles N, or takes --ledger FILE), starts `newsledger serve` on it as a real subprocess
on a free loopback port, and runs --clients concurrent clients (httpx.AsyncClient, one connection each)
for --seconds. Each client loops over a mix of requests drawn from what the server itself lists: the
events list page and its JSON twin with filters, search (page and API), article pages, event pages,
their JSON twins, and ids that do not exist (which must be a 404).

With --with-ingest (the default) a real `newsledger ingest` of the held-out pages (tests/data/heldout,
or --ingest-from PATH) runs into the same ledger file one second after the clients start. The clients
keep going until the ingest has ended and `serve` shows its new articles (so the snapshot swap happens
under load too), however long that takes past --seconds. A ledger given with --ledger is copied first
when an ingest will write into it.

Prints requests, errors by cause, throughput, p50/p95/p99 latency per kind of route, what happened to
the requests answered while the ingest ran, and a verdict against "no errors" (exit status 1 if any).

    .venv/bin/python bench/load.py                             # 50 clients × 30 s, sample ledger, ingest
    .venv/bin/python bench/load.py --seconds 5 --clients 10    # quick, for development
    .venv/bin/python bench/load.py --articles 100000           # bench/web.py's 100,000-article ledger
    .venv/bin/python bench/load.py --ledger my.duckdb --no-with-ingest
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import duckdb
import httpx
from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from web import build_ledger, free_port, ingest_sample  # noqa: E402 (bench/ is not a package)

HELDOUT = REPO / "tests" / "data" / "heldout"
REQUEST_TIMEOUT = 30.0  # seconds; a request slower than this counts as an error
INGEST_DELAY = 1.0  # seconds after the clients start, so that the ingest begins under full load
VISIBLE_TIMEOUT = 120.0  # seconds to wait for `serve` to show the ingested articles
VARIANTS = 60  # requests drawn per kind of route
# What the 404 for an event merged into another says (store/queries.py, event_by_prefix).
MERGED = "was merged into"
UNKNOWN_ID = "f" * 16  # hex, the length of a real id, and in no ledger (ids are content hashes)

# The kinds of route the clients ask for, as the report groups them; each is drawn equally often.
ROUTE_KINDS = (
    "events list page",
    "events list API",
    "search page",
    "search API",
    "article page",
    "article API",
    "event page",
    "event API",
    "unknown id (404)",
)

console = Console(stderr=True)


@dataclass(frozen=True, slots=True)
class Planned:
    """One request of the mix and the status it must get."""

    kind: str
    path: str
    params: dict[str, str | int] = field(default_factory=dict)
    expected: int = 200


@dataclass(frozen=True, slots=True)
class Outcome:
    """One answered (or failed) request: when it started (seconds into the run) and how long it took."""

    kind: str
    path: str
    started: float
    milliseconds: float
    status: int | None  # None: no response (an exception)
    error: str | None  # None when the status was the expected one
    merged: bool = False  # a 404 for an event the ingest merged into another, which the answer names

    @property
    def failed(self) -> bool:
        return self.error is not None


@dataclass(frozen=True, slots=True)
class IngestRun:
    inputs: int  # files and folders given to `newsledger ingest`
    returncode: int
    stderr: str
    started: float  # seconds into the run
    ended: float
    articles_before: int  # in the ledger, as `serve` showed it before the ingest
    articles_after: int  # in the ledger file once the ingest ended
    visible_after: float | None  # seconds from the ingest's end until `serve` showed them; None: never

    @property
    def new_articles(self) -> int:
        return self.articles_after - self.articles_before


@dataclass(frozen=True, slots=True)
class LoadResult:
    clients: int
    seconds: float  # how long the clients ran
    outcomes: list[Outcome]
    ingest: IngestRun | None
    serve_cpu: float | None  # CPU seconds `serve` used meanwhile (None: not known on this system)
    client_cpu: float  # CPU seconds the clients' process used meanwhile

    @property
    def errors(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.failed]

    @property
    def passed(self) -> bool:
        """No request failed, and the ingest (if any) worked and its articles were shown."""
        ingest_ok = self.ingest is None or (
            self.ingest.returncode == 0 and self.ingest.visible_after is not None
        )
        return not self.errors and ingest_ok

    def during_ingest(self) -> list[Outcome]:
        """The requests that started while the ingest ran."""
        if self.ingest is None:
            return []
        return [o for o in self.outcomes if self.ingest.started <= o.started <= self.ingest.ended]


# -- the server ----------------------------------------------------------------------------------------------


class ServeProcess:
    """`newsledger serve` on a free loopback port, as a user runs it; its stderr is kept line by line."""

    def __init__(self, db: Path, refresh: float = 3.0, start_timeout: float = 120.0) -> None:
        self.db = db
        self.refresh = refresh
        self.start_timeout = start_timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.lines: list[str] = []
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> ServeProcess:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> None:
        command = [sys.executable, "-m", "newsledger", "serve", "--db", str(self.db)]
        command += ["--port", str(self.port), "--refresh", str(self.refresh)]
        self._process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "COLUMNS": "300", "NO_COLOR": "1"},
        )
        threading.Thread(target=self._collect, args=(self._process,), daemon=True).start()
        try:
            self._wait_until_up(self._process)
        except BaseException:
            self.stop()
            raise

    def _collect(self, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            self.lines.append(line.rstrip("\n"))

    def _wait_until_up(self, process: subprocess.Popen[str]) -> None:
        deadline = time.monotonic() + self.start_timeout
        with httpx.Client(base_url=self.url, timeout=5) as client:
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    raise RuntimeError(
                        f"newsledger serve exited with status {process.returncode}: " + " / ".join(self.lines)
                    )
                try:
                    if client.get("/api/overview").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.2)
        raise RuntimeError(f"newsledger serve did not answer within {self.start_timeout:.0f} s")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=30)

    def log_count(self, text: str) -> int:
        return sum(text in line for line in self.lines)

    def cpu_seconds(self) -> float | None:
        """User and system CPU time of the server process so far (Linux: /proc), else None."""
        if self._process is None:
            return None
        try:
            stat = Path(f"/proc/{self._process.pid}/stat").read_text()
        except OSError:
            return None
        fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


# -- the mix of requests ------------------------------------------------------------------------------------


def plan_requests(url: str, seed: int = 7) -> dict[str, list[Planned]]:
    """VARIANTS requests per kind of route, with ids, filters and words taken from the server's own API."""
    rng = random.Random(seed)
    with httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT) as client:
        overview = client.get("/api/overview").raise_for_status().json()
        events = _items(client, "/api/events")
        articles = _items(client, "/api/articles")
    if not events or not articles:
        raise RuntimeError(f"{url}: the ledger has no events or no articles to ask for")
    types = sorted({event["type"] for event in events})
    places = sorted({event["place"].removeprefix("place:") for event in events if event["place"]})
    outlets = [outlet["outlet"] for outlet in overview["outlets"] if outlet["outlet"]]
    years = sorted({event["first_reported"][:4] for event in events if event["first_reported"]})
    words = sorted(
        {
            word.strip(".,:;'\"?!()‘’“”").lower()
            for article in articles
            for word in (article["title"] or "").split()
            if len(word.strip(".,:;'\"?!()‘’“”")) >= 5
        }
    )

    def event_filters() -> dict[str, str | int]:
        choice = rng.randrange(5)
        if choice == 0:
            return {"type": rng.choice(types)}
        if choice == 1:
            return {"min_sources": 2}
        if choice == 2 and places:
            return {"place": rng.choice(places)}
        if choice == 3 and outlets:
            return {"outlet": rng.choice(outlets)}
        if years:
            year = rng.choice(years)
            return {"since": f"{year}-01-01", "until": f"{year}-12-31"}
        return {}

    def query() -> dict[str, str | int]:
        return {"q": " ".join(rng.sample(words, min(len(words), rng.choice((1, 1, 2, 3)))))}

    def draw(make: Callable[[], Planned]) -> list[Planned]:
        return [make() for _ in range(VARIANTS)]

    unknown = [
        Planned("unknown id (404)", f"{prefix}{UNKNOWN_ID}", expected=404)
        for prefix in ("/events/", "/api/events/", "/articles/", "/api/articles/")
    ]
    return {
        "events list page": draw(lambda: Planned("events list page", "/events", event_filters())),
        "events list API": draw(lambda: Planned("events list API", "/api/events", event_filters())),
        "search page": draw(lambda: Planned("search page", "/search", query())),
        "search API": draw(lambda: Planned("search API", "/api/search", query())),
        "article page": draw(lambda: Planned("article page", f"/articles/{rng.choice(articles)['id']}")),
        "article API": draw(lambda: Planned("article API", f"/api/articles/{rng.choice(articles)['id']}")),
        "event page": draw(lambda: Planned("event page", f"/events/{rng.choice(events)['id']}")),
        "event API": draw(lambda: Planned("event API", f"/api/events/{rng.choice(events)['id']}")),
        "unknown id (404)": unknown,
    }


def _items(client: httpx.Client, path: str, pages: int = 3) -> list[dict]:
    """The items of the first few pages of a list (200 each): enough variety on a big ledger."""
    items: list[dict] = []
    for page in range(1, pages + 1):
        body = client.get(path, params={"per_page": 200, "page": page}).raise_for_status().json()
        items += body["items"]
        if page * 200 >= body["total"]:
            break
    return items


# -- the run ------------------------------------------------------------------------------------------------


async def _client(
    url: str, mix: dict[str, list[Planned]], rng: random.Random, stop: asyncio.Event, start: float,
    outcomes: list[Outcome],
) -> None:  # fmt: skip
    kinds = list(mix)
    async with httpx.AsyncClient(base_url=url, timeout=REQUEST_TIMEOUT) as client:
        while not stop.is_set():
            request = rng.choice(mix[rng.choice(kinds)])
            started = time.perf_counter()
            status: int | None = None
            merged = False
            try:
                response = await client.get(request.path, params=request.params)
                status = response.status_code
                # Linking after an ingest may merge events: the old id is then gone, a right 404.
                merged = status == 404 and MERGED in response.text
                error = None if status == request.expected or merged else f"HTTP {status}"
            except httpx.HTTPError as exception:
                error = type(exception).__name__
            outcomes.append(
                Outcome(
                    request.kind, request.path, started - start, (time.perf_counter() - started) * 1000,
                    status, error, merged,
                )
            )  # fmt: skip


def _count_articles(db: Path) -> int:
    """Articles in the ledger file (a read-only open: it waits for no one and no one waits for it)."""
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM articles").fetchone()
    return int(row[0]) if row else 0


async def _served_articles(client: httpx.AsyncClient) -> int:
    response = await client.get("/api/overview")
    response.raise_for_status()
    return int(response.json()["articles"])


async def _ingest_then_wait_until_visible(
    url: str, db: Path, inputs: Sequence[Path], start: float
) -> IngestRun:
    """`newsledger ingest` into the served ledger, then the seconds until `serve` shows what it added."""
    await asyncio.sleep(INGEST_DELAY)
    async with httpx.AsyncClient(base_url=url, timeout=REQUEST_TIMEOUT) as client:
        before = await _served_articles(client)
        started = time.perf_counter() - start
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "newsledger", "ingest", *map(str, inputs), "--db", str(db), "--quiet",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
        )  # fmt: skip
        _, stderr = await process.communicate()
        ended = time.perf_counter() - start
        after = await asyncio.to_thread(_count_articles, db) if process.returncode == 0 else before
        visible_after: float | None = None
        deadline = time.perf_counter() + VISIBLE_TIMEOUT
        while time.perf_counter() < deadline:
            if await _served_articles(client) == after:
                visible_after = max(0.0, time.perf_counter() - start - ended)
                break
            await asyncio.sleep(0.2)
    return IngestRun(
        len(inputs), process.returncode or 0, stderr.decode(errors="replace"), started, ended, before, after,
        visible_after,
    )  # fmt: skip


async def _measure(
    server: ServeProcess, clients: int, seconds: float, ingest_inputs: Sequence[Path] | None, seed: int,
    progress: Callable[[str], None],
) -> LoadResult:  # fmt: skip
    url, db = server.url, server.db
    mix = plan_requests(url, seed)
    outcomes: list[Outcome] = []
    stop = asyncio.Event()
    start = time.perf_counter()
    serve_cpu, client_cpu = server.cpu_seconds(), time.process_time()
    workers = [
        asyncio.create_task(_client(url, mix, random.Random(seed * 1000 + n), stop, start, outcomes))
        for n in range(clients)
    ]
    ingest = (
        asyncio.create_task(_ingest_then_wait_until_visible(url, db, ingest_inputs, start))
        if ingest_inputs
        else None
    )

    def report_progress() -> None:
        elapsed = time.perf_counter() - start
        failed = sum(o.failed for o in outcomes)
        state = "" if ingest is None else (" · ingest running" if not ingest.done() else " · ingest done")
        progress(f"{elapsed:5.1f} s · {len(outcomes):,} requests · {failed} errors{state}")

    while time.perf_counter() - start < seconds or (ingest is not None and not ingest.done()):
        report_progress()
        await asyncio.sleep(0.5)
    stop.set()
    await asyncio.gather(*workers)
    elapsed = time.perf_counter() - start
    serve_end = server.cpu_seconds()
    return LoadResult(
        clients, elapsed, outcomes, await ingest if ingest is not None else None,
        serve_end - serve_cpu if serve_end is not None and serve_cpu is not None else None,
        time.process_time() - client_cpu,
    )  # fmt: skip


def run_load(
    server: ServeProcess,
    clients: int = 50,
    seconds: float = 30.0,
    ingest_inputs: Sequence[Path] | None = None,
    seed: int = 7,
    progress: Callable[[str], None] = lambda _: None,
) -> LoadResult:
    """`clients` concurrent clients against `server` for `seconds` (and for as long as the ingest of
    `ingest_inputs` into the served ledger, if any, and its refresh take)."""
    return asyncio.run(_measure(server, clients, seconds, ingest_inputs, seed, progress))


# -- the report ---------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def print_report(result: LoadResult, server: ServeProcess, ledger: str) -> None:
    out = Console(soft_wrap=True)
    load = os.getloadavg()
    out.print(
        f"Ledger: {ledger}\nMachine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; load average {load[0]:.1f} at the end (the clients, `serve` and "
        "`ingest` all run on this machine)"
    )
    out.print(
        f"{result.clients} clients for {result.seconds:.1f} s"
        + (" (until the ingest and the refresh were over)" if result.ingest else "")
    )
    table = Table(title="Latency by kind of route (client side, ms)", title_justify="left")
    for column in ("route", "requests", "errors", "p50", "p95", "p99", "max"):
        table.add_column(column, justify="left" if column == "route" else "right")
    for kind in ROUTE_KINDS:
        outcomes = [o for o in result.outcomes if o.kind == kind]
        _add_row(table, kind, outcomes)
    table.add_section()
    _add_row(table, "all", result.outcomes)
    out.print(table)
    throughput = len(result.outcomes) / result.seconds if result.seconds else 0.0
    out.print(
        f"Throughput: {throughput:,.0f} requests/s ({len(result.outcomes):,} in {result.seconds:.1f} s)"
    )
    if result.serve_cpu is not None:
        per_request = result.serve_cpu * 1000 / max(1, len(result.outcomes))
        available = result.seconds * (os.cpu_count() or 1)
        out.print(
            f"CPU: serve {result.serve_cpu:.0f} s ({per_request:.1f} ms a request), the clients "
            f"{result.client_cpu:.0f} s, of the {available:.0f} CPU-seconds the machine had meanwhile"
        )
    causes = Counter((o.kind, o.error) for o in result.errors)
    for (kind, error), count in causes.most_common():
        example = next(o for o in result.errors if o.kind == kind and o.error == error)
        out.print(f"[red]error: {kind}: {error} × {count} (e.g. {example.path})[/]")
    if result.ingest is not None:
        _print_ingest(out, result, server)
    errors = len(result.errors)
    if result.passed:
        out.print(f"[bold green]Verdict: PASS — no errors in {len(result.outcomes):,} requests[/]")
    elif errors:
        out.print(f"[bold red]Verdict: FAIL — {errors:,} of {len(result.outcomes):,} requests failed[/]")
    else:
        out.print("[bold red]Verdict: FAIL — no request failed, but the ingest did not complete as above[/]")


def _add_row(table: Table, name: str, outcomes: list[Outcome]) -> None:
    times = [o.milliseconds for o in outcomes]
    cells = [f"{percentile(times, p):.0f}" for p in (50, 95, 99)] if times else ["–"] * 3
    failed = sum(o.failed for o in outcomes)
    table.add_row(
        name, f"{len(outcomes):,}", f"[{'red' if failed else 'green'}]{failed}[/]", *cells,
        f"{max(times):.0f}" if times else "–",
    )  # fmt: skip


def _print_ingest(out: Console, result: LoadResult, server: ServeProcess) -> None:
    ingest = result.ingest
    assert ingest is not None
    during = result.during_ingest()
    failed = sum(o.failed for o in during)
    out.print(
        f"Ingest: `newsledger ingest` of {ingest.inputs} inputs into the served ledger: "
        f"exit {ingest.returncode}, "
        f"{ingest.new_articles} new articles in {ingest.ended - ingest.started:.1f} s; "
        f"{len(during):,} requests started during it, [{'red' if failed else 'green'}]{failed} failed[/]"
    )
    kept = server.log_count("being written; keeping the snapshot")
    taken = server.log_count("new snapshot taken")
    seen = (
        f"showed the new articles {ingest.visible_after:.1f} s after the ingest ended"
        if ingest.visible_after is not None
        else f"[red]did not show the new articles within {VISIBLE_TIMEOUT:.0f} s[/]"
    )
    out.print(
        f"  serve kept its snapshot while the ledger was being written ({kept} checks), took {taken} new "
        f"snapshot{'s' if taken != 1 else ''}, and {seen}"
    )
    merged = [o for o in result.outcomes if o.merged]
    if merged:
        events = len({o.path.rsplit("/", 1)[1] for o in merged})
        out.print(
            f"  {len(merged)} requests asked for {events} events that the ingest merged into others: "
            "a 404 naming the event they went into, as it should be"
        )
    if ingest.returncode != 0:
        out.print(f"[red]  ingest failed: {ingest.stderr.strip()[-500:]}[/]")


# -- the command --------------------------------------------------------------------------------------------


def prepare_ledger(args: argparse.Namespace, folder: Path) -> tuple[Path, str]:
    """The ledger to serve (in `folder` unless an existing one is only read) and its description."""
    if args.ledger:
        if not args.with_ingest:
            return args.ledger, str(args.ledger)
        copy = folder / args.ledger.name
        with console.status(f"copying {args.ledger} (the ingest writes into the copy)"):
            shutil.copyfile(args.ledger, copy)
        return copy, f"a copy of {args.ledger}"
    path = folder / "ledger.duckdb"
    if args.articles:
        with console.status("building the ledger") as status:
            built = build_ledger(
                path, args.articles, lambda what: status.update(f"building the ledger: {what}")
            )
        counts = " · ".join(f"{count:,} {table}" for table, count in built.counts.items())
        return path, f"bench/web.py's grown ledger ({counts}; {built.megabytes:,.0f} MB)"
    with console.status("ingesting the sample corpus (examples/corpus)"):
        articles = ingest_sample(path)
    return path, f"the sample corpus (examples/corpus, {articles} articles)"


def default_ingest_inputs() -> list[Path]:
    """The held-out pages (their folder also holds an outlet registry, which is no page)."""
    return sorted(HELDOUT.glob("*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long they ask (default 30)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--ledger", type=Path, help="serve this ledger instead of building one")
    source.add_argument("--articles", type=int, help="build bench/web.py's ledger of this many articles")
    parser.add_argument(
        "--with-ingest",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run `newsledger ingest` into the served ledger meanwhile (default: on)",
    )
    parser.add_argument(
        "--ingest-from",
        type=Path,
        action="append",
        help="a file or folder to ingest (repeatable; default: the pages of tests/data/heldout)",
    )
    parser.add_argument("--refresh", type=float, default=3.0, help="serve's --refresh in seconds (default 3)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the request mix (default 7)")
    args = parser.parse_args()
    if args.clients < 1:
        parser.error(f"--clients {args.clients}: give at least 1")
    if args.seconds <= 0:
        parser.error(f"--seconds {args.seconds}: give a positive number")
    if args.articles is not None and args.articles < 1:
        parser.error(f"--articles {args.articles}: give at least 1")
    if args.refresh < 0.5:
        parser.error(f"--refresh {args.refresh}: serve takes 0.5 s or more")
    if args.ledger and not args.ledger.is_file():
        parser.error(f"--ledger {args.ledger}: no such file")
    inputs = args.ingest_from or default_ingest_inputs()
    for path in inputs:
        if not path.exists():
            parser.error(f"--ingest-from {path}: no such file or folder")

    with tempfile.TemporaryDirectory(prefix="newsledger-load-") as tmp:
        db, ledger = prepare_ledger(args, Path(tmp))
        server = ServeProcess(db, refresh=args.refresh)
        with console.status("starting newsledger serve"):
            server.start()
        try:
            with console.status("load") as status:
                result = run_load(
                    server, args.clients, args.seconds, inputs if args.with_ingest else None, args.seed,
                    lambda line: status.update(f"load: {line}"),
                )  # fmt: skip
        finally:
            server.stop()
        print_report(result, server, ledger)
    sys.exit(0 if result.passed else 1)


if __name__ == "__main__":
    main()
