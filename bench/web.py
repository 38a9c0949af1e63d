"""Web app latency on a big ledger: the events list, search and an event's page, p50/p95 against 100 ms.

Building 100,000 articles through the language layer would take one to two hours on two cores, so the
ledger is grown instead: the sample corpus (examples/corpus) goes through the real pipeline once, then
DuckDB copies its rows until there are --articles articles. Copy k of a row gets ids derived from the
original id and k (the first 16 hex digits of sha256("id:k"); they are not content hashes), its dates
shifted by a whole number of days that depends on k (up to two years either way), and each copied
article gets one more paragraph drawn from another article of the sample, appended after the body so
that every offset of its mentions, incidents and claims still points at the same text. Incidents,
events, claims, mentions, removed lines, duplicates and reused paragraphs are copied with their article;
comparisons gain the copied claims. Events are copied, not relinked (linking 100,000 incidents is the
link step's own bench), and the tables only ingest reads (signatures, band buckets, paragraph keys) are
left as the sample has them. The search index is then built as `ingest` builds it.

The app runs as in production: uvicorn serving `newsledger.web.app.create_app(ledger)` in a child
process on a free loopback port; httpx times each request (after a warm-up) with varied parameters.

    .venv/bin/python bench/web.py [--articles 100000] [--requests 200] [--keep ledger.duckdb]
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import httpx
from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "examples" / "corpus"
OUTLETS = REPO / "examples" / "outlets.toml"
TARGET_P95_MS = 100.0
WARM_UP_REQUESTS = 20
# Memory for the copying statements: more than the ledger's everyday 256 MB, so they need not spill.
BUILD_MEMORY_LIMIT = "2GB"

console = Console(stderr=True)

# Copy k of an id, and the days copy k's dates move by: 37 is prime to 1461 (four years of days), so
# the copies spread over the whole range before any shift repeats.
_MACROS = """
CREATE OR REPLACE TEMP MACRO copy_id(old, k) AS substr(sha256(old || ':' || k::VARCHAR), 1, 16);
CREATE OR REPLACE TEMP MACRO shift_days(k) AS (((k * 37) % 1461) - 730)::INTEGER;
"""

# The sample's rows, each article numbered, and a pool of its paragraphs of 8 words or more.
_SEED_SQL = """
CREATE TEMP TABLE seed_articles AS
    SELECT *, row_number() OVER (ORDER BY id) - 1 AS i FROM articles;
CREATE TEMP TABLE pool AS
    SELECT row_number() OVER (ORDER BY id, nr) - 1 AS n, text FROM (
        SELECT id, generate_subscripts(string_split(body, chr(10)), 1) AS nr,
               unnest(string_split(body, chr(10))) AS text
        FROM articles
    ) WHERE len(string_split(trim(text), ' ')) >= 8;
CREATE TEMP TABLE copies AS SELECT range AS k FROM range(1, $copies);
"""

# One INSERT per table: every seed row × every copy. Dates move by shift_days(k); ids through copy_id.
_COPY_SQL = {
    "articles": """
        INSERT INTO articles
        SELECT copy_id(a.id, c.k), copy_id(a.document_id, c.k), a.origin || '#copy-' || c.k,
               a.url || '#copy-' || c.k, a.site, a.outlet, a.title, a.byline,
               a.published + shift_days(c.k), a.page_date + shift_days(c.k),
               a.body || chr(10) || p.text, a.words + len(string_split(trim(p.text), ' ')), a.lang
        FROM seed_articles a CROSS JOIN copies c
        JOIN pool p ON p.n = (c.k * 7919 + a.i * 104729) % (SELECT count(*) FROM pool)
    """,
    "documents": """
        INSERT INTO documents
        SELECT copy_id(d.id, c.k), d.origin || '#copy-' || c.k, d.media_type, d.url || '#copy-' || c.k,
               d.fetched_at, d.text, d.ingested_at
        FROM documents d JOIN seed_articles a ON a.document_id = d.id CROSS JOIN copies c
    """,
    "removed_lines": """
        INSERT INTO removed_lines
        SELECT copy_id(r.article_id, c.k), r.line, r.text, r.reason
        FROM removed_lines r JOIN seed_articles a ON a.id = r.article_id CROSS JOIN copies c
    """,
    "duplicates": """
        INSERT INTO duplicates
        SELECT copy_id(d.article_id, c.k), copy_id(d.duplicate_of, c.k), d.similarity
        FROM duplicates d JOIN seed_articles a ON a.id = d.article_id CROSS JOIN copies c
    """,
    "reused_paragraphs": """
        INSERT INTO reused_paragraphs
        SELECT copy_id(r.article_id, c.k), r.paragraph, copy_id(r.source_article_id, c.k), r.source_paragraph
        FROM reused_paragraphs r JOIN seed_articles a ON a.id = r.article_id CROSS JOIN copies c
    """,
    "mentions": """
        INSERT INTO mentions
        SELECT copy_id(m.article_id, c.k), m.sentence, m.start, m."end", m.text, m.kind, m.canonical,
               m.lat, m.lon, m.country, m.relation, m.place_precision,
               m.time_start + shift_days(c.k), m.time_end + shift_days(c.k), m.time_precision,
               m.quantity_min, m.quantity_max, m.approximate, m.unit, m.thing
        FROM mentions m JOIN seed_articles a ON a.id = m.article_id CROSS JOIN copies c
    """,
    "incidents": """
        INSERT INTO incidents
        SELECT copy_id(i.id, c.k), copy_id(i.article_id, c.k), copy_id(i.event_id, c.k), i.type, i.actor,
               i.size, i.place,
               CASE WHEN i.time IS NOT NULL THEN {'start': i.time.start + shift_days(c.k),
                    'end': i.time."end" + shift_days(c.k), 'text': i.time.text} END,
               i.causes, i.outcomes, i.attribution, i.status, i.hedged, i.specific, i.evidence
        FROM incidents i JOIN seed_articles a ON a.id = i.article_id CROSS JOIN copies c
    """,
    "claims": """
        INSERT INTO claims
        SELECT copy_id(l.id, c.k), copy_id(l.article_id, c.k), l.speaker, l.verb, l.hedged, l.quantities,
               l.as_of + shift_days(c.k), l.as_of_end + shift_days(c.k), l.evidence
        FROM claims l JOIN seed_articles a ON a.id = l.article_id CROSS JOIN copies c
    """,
    "events": """
        INSERT INTO events
        SELECT copy_id(e.id, c.k), e.type,
               list_transform(e.incident_ids, x -> copy_id(x, c.k)),
               list_transform(e.article_ids, x -> copy_id(x, c.k)),
               e.outlets, e.independent_sources,
               list_transform(e.source_groups, g -> list_transform(g, x -> copy_id(x, c.k))),
               e.first_reported + shift_days(c.k), e.actor, e.place,
               CASE WHEN e.time IS NOT NULL THEN {'start': e.time.start + shift_days(c.k),
                    'end': e.time."end" + shift_days(c.k)} END
        FROM events e CROSS JOIN copies c
    """,
}

_COMPARISONS_SQL = """
CREATE TEMP TABLE grown_comparisons AS
    SELECT s.id, list(s.claim_id ORDER BY s.claim_id) AS claim_ids FROM (
        SELECT id, unnest(claim_ids) AS claim_id FROM comparisons
        UNION ALL
        SELECT k.id, copy_id(u.claim_id, c.k)
        FROM comparisons k CROSS JOIN unnest(k.claim_ids) AS u(claim_id) CROSS JOIN copies c
    ) s GROUP BY s.id;
UPDATE comparisons SET claim_ids = g.claim_ids FROM grown_comparisons g WHERE g.id = comparisons.id;
"""

COUNTED_TABLES = ("articles", "documents", "mentions", "incidents", "events", "claims", "comparisons")


@dataclass(frozen=True, slots=True)
class BuiltLedger:
    path: Path
    seed_articles: int
    copies: int
    counts: dict[str, int]
    seconds: float
    megabytes: float


def ingest_sample(path: Path) -> int:
    """The sample corpus through the real pipeline (cleaning, language layer, linking) into `path`."""
    from newsledger.config import Settings
    from newsledger.runner import ingest
    from newsledger.store import Ledger

    settings = Settings.load().with_overrides(extra_outlets=[OUTLETS])
    with Ledger.open(path) as ledger:
        summary = ingest([str(CORPUS)], ledger, settings)
    if summary.articles == 0:
        raise SystemExit(f"bench/web.py: no article came out of {CORPUS}")
    return summary.articles


def grow_ledger(con: duckdb.DuckDBPyConnection, copies: int, step: Callable[[str], None]) -> None:
    """Every row of the sample `copies` times in all (the original counts as the first)."""
    con.execute(_MACROS)
    con.execute(_SEED_SQL, {"copies": copies})
    con.execute("BEGIN TRANSACTION")
    for table, sql in _COPY_SQL.items():
        step(table)
        con.execute(sql)
    step("comparisons")
    con.execute(_COMPARISONS_SQL)
    con.execute("COMMIT")


def build_ledger(path: Path, articles: int, step: Callable[[str], None] = lambda _: None) -> BuiltLedger:
    """A ledger of at least `articles` articles: whole copies of the ingested sample."""
    from newsledger.store import Ledger
    from newsledger.store.search import rebuild_search_index

    if path.exists():
        raise SystemExit(f"bench/web.py: {path} already exists; give a new path to --keep")
    started = time.perf_counter()
    step("ingesting the sample corpus")
    seed = ingest_sample(path)
    copies = max(1, -(-articles // seed))
    with Ledger.open(path, memory_limit=BUILD_MEMORY_LIMIT) as ledger:
        grow_ledger(ledger.con, copies, lambda table: step(f"copying {table}"))
        step("building the search index")
        rebuild_search_index(ledger.con)
        ledger.con.execute("CHECKPOINT")
        counts = table_counts(ledger.con)
    return BuiltLedger(path, seed, copies, counts, time.perf_counter() - started, _megabytes(path))


def _megabytes(path: Path) -> float:
    """The ledger file and its write-ahead log, if any."""
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    counts = {}
    for table in COUNTED_TABLES:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts


def describe(path: Path) -> BuiltLedger:
    """An existing ledger's counts (its build time unknown: 0)."""
    with duckdb.connect(str(path), read_only=True) as con:
        counts = table_counts(con)
        row = con.execute("SELECT count(*) FROM articles WHERE origin NOT LIKE '%#copy-%'").fetchone()
    seed = int(row[0]) if row else 0
    return BuiltLedger(path, seed, counts["articles"] // max(seed, 1), counts, 0.0, _megabytes(path))


# -- measuring the app -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(db: str, port: int) -> None:
    """The child process: the app as `newsledger serve` runs it."""
    import uvicorn

    from newsledger.web.app import create_app

    uvicorn.run(create_app(Path(db)), host="127.0.0.1", port=port, log_level="warning", access_log=False)


def wait_until_up(client: httpx.Client, server: subprocess.Popen[bytes], timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bench/web.py: the app exited with status {server.returncode} before serving")
        try:
            if client.get("/api/events", params={"per_page": 1}).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"bench/web.py: the app did not answer within {timeout:.0f} s")


@dataclass(frozen=True, slots=True)
class Endpoint:
    name: str
    requests: list[tuple[str, dict[str, str | int]]]  # (path, query parameters)


def endpoints(db: Path, count: int, seed: int = 7) -> list[Endpoint]:
    """`count` varied requests per endpoint, drawn from the ledger itself."""
    rng = random.Random(seed)
    with duckdb.connect(str(db), read_only=True) as con:
        types = [row[0] for row in con.execute("SELECT DISTINCT type FROM events ORDER BY 1").fetchall()]
        places = [
            row[0].removeprefix("place:")
            for row in con.execute(
                "SELECT DISTINCT place.name FROM events WHERE place IS NOT NULL ORDER BY 1"
            ).fetchall()
        ]
        event_ids = [row[0] for row in con.execute("SELECT id FROM events ORDER BY id").fetchall()]
        titles = [
            row[0]
            for row in con.execute("SELECT DISTINCT title FROM articles WHERE title IS NOT NULL").fetchall()
        ]
    words = sorted({w.strip(".,:;'\"?!()").lower() for title in titles for w in title.split() if len(w) >= 5})
    lists: list[tuple[str, dict[str, str | int]]] = []
    for _ in range(count):
        filters: dict[str, str | int] = {"page": rng.randint(1, 5)}
        choice = rng.randrange(4)
        if choice == 0:
            filters["type"] = rng.choice(types)
        elif choice == 1:
            filters["min_sources"] = 2
        elif choice == 2:
            filters["place"] = rng.choice(places)
        else:
            year = rng.choice((2021, 2022, 2023, 2024))
            filters |= {"since": f"{year}-01-01", "until": f"{year}-06-30"}
        lists.append(("/api/events", filters))
    searches: list[tuple[str, dict[str, str | int]]] = [
        ("/api/search", {"q": " ".join(rng.sample(words, rng.choice((1, 1, 2, 3))))}) for _ in range(count)
    ]
    details: list[tuple[str, dict[str, str | int]]] = [
        (f"/api/events/{rng.choice(event_ids)}", {}) for _ in range(count)
    ]
    return [
        Endpoint("events list", lists),
        Endpoint("search", searches),
        Endpoint("event detail", details),
    ]


@dataclass(frozen=True, slots=True)
class Timing:
    name: str
    milliseconds: list[float]
    errors: list[str]

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.milliseconds, n=100, method="inclusive")[p - 1]


def measure(client: httpx.Client, endpoint: Endpoint) -> Timing:
    for path, params in endpoint.requests[:WARM_UP_REQUESTS]:
        client.get(path, params=params)
    times: list[float] = []
    errors: list[str] = []
    for path, params in endpoint.requests:
        started = time.perf_counter()
        response = client.get(path, params=params)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            errors.append(f"{response.status_code} {path} {params}: {response.text[:120]}")
    return Timing(endpoint.name, times, errors)


def run_app_and_measure(db: Path, requests: int) -> list[Timing]:
    planned = endpoints(db, requests)
    port = free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(db), "--port", str(port)])
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            wait_until_up(client, server)
            timings = []
            for endpoint in planned:
                with console.status(f"timing {endpoint.name} ({requests} requests)"):
                    timings.append(measure(client, endpoint))
            return timings
    finally:
        server.terminate()
        server.wait(timeout=30)


def print_results(built: BuiltLedger, timings: list[Timing]) -> None:
    out = Console()
    counts = " · ".join(f"{count:,} {table}" for table, count in built.counts.items())
    out.print(
        f"Ledger: {counts}\n  from {built.seed_articles} sample articles × {built.copies} copies, "
        + (f"built in {built.seconds:.0f} s, " if built.seconds else "")
        + f"{built.megabytes:,.0f} MB"
    )
    table = Table(
        title=f"Latency through uvicorn (target p95 < {TARGET_P95_MS:.0f} ms)", title_justify="left"
    )
    for column in ("endpoint", "requests", "p50 ms", "p95 ms", "max ms", "p95 / target", "errors"):
        table.add_column(column, justify="left" if column == "endpoint" else "right")
    for timing in timings:
        p95 = timing.percentile(95)
        table.add_row(
            timing.name,
            str(len(timing.milliseconds)),
            f"{timing.percentile(50):.1f}",
            f"{p95:.1f}",
            f"{max(timing.milliseconds):.1f}",
            f"[{'green' if p95 < TARGET_P95_MS else 'red'}]{p95 / TARGET_P95_MS:.2f}[/]",
            str(len(timing.errors)),
        )
    out.print(table)
    for timing in timings:
        for error in timing.errors[:3]:
            out.print(f"[red]{timing.name}: {error}[/]")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the ledger (at least)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per endpoint")
    parser.add_argument("--keep", type=Path, help="build the ledger at this path and keep it")
    parser.add_argument("--ledger", type=Path, help="measure this ledger (built with --keep) instead")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return
    if args.articles < 1 or args.requests < WARM_UP_REQUESTS:
        parser.error(f"--articles must be at least 1 and --requests at least {WARM_UP_REQUESTS}")
    if args.ledger:
        if not args.ledger.is_file():
            parser.error(f"--ledger {args.ledger}: no such file")
        print_results(describe(args.ledger), run_app_and_measure(args.ledger, args.requests))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "ledger.duckdb"
        with console.status("building the ledger") as status:
            built = build_ledger(
                path, args.articles, lambda what: status.update(f"building the ledger: {what}")
            )
        console.print(f"built {path} in {built.seconds:.0f} s")
        print_results(built, run_app_and_measure(path, args.requests))


if __name__ == "__main__":
    main()
