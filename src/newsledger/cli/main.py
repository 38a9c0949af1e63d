"""The `newsledger` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, ClassVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from newsledger import __version__
from newsledger.cli.serve import serve_command
from newsledger.cli.spark import load_command, spark_command
from newsledger.config import Settings
from newsledger.errors import NewsledgerError
from newsledger.report import write_report
from newsledger.runner import IngestSummary, ingest
from newsledger.store import Ledger
from newsledger.store.export import FORMATS, export_ledger
from newsledger.store.queries import (
    ClaimFigure,
    claim_figures,
    count_articles,
    entity_counts,
    get_article,
    get_event,
    list_articles,
    list_comparisons,
    list_events,
)

app = typer.Typer(
    help="Turn scraped news pages into a ledger of clean, deduplicated articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one message, one line
_state = {"debug": False}

DbOption = Annotated[Path, typer.Option("--db", help="The ledger file (DuckDB).")]


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of errors.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    _state["debug"] = debug
    if version:
        out.print(f"newsledger {__version__}")
        raise typer.Exit()


@app.command("ingest")
def ingest_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for stdin.")],
    db: DbOption = Path("ledger.duckdb"),
    config: Annotated[Path | None, typer.Option(help="A settings file overlaying the defaults.")] = None,
    outlets: Annotated[
        list[Path] | None, typer.Option("--outlets", help="An extra outlet registry file (repeatable).")
    ] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (0 = one per core).")] = None,
    nlp: Annotated[
        bool | None, typer.Option("--nlp/--no-nlp", help="Run the language layer (default: on).")
    ] = None,
    event_types: Annotated[
        list[Path] | None, typer.Option("--event-types", help="An extra event types file (repeatable).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
) -> None:
    """Read pages, clean them, find entities, places, times and quantities, mark duplicates, store."""
    settings = Settings.load(config)
    settings = settings.with_overrides(
        workers=workers, extra_outlets=outlets or [], nlp=nlp, event_types=event_types or []
    )
    with Ledger.open(db) as ledger, _progress(quiet) as report:
        try:
            summary = ingest(inputs, ledger, settings, report)
        except KeyboardInterrupt:
            err.print(
                f"[yellow]Interrupted: every document written so far is complete in {escape(str(db))}; "
                "rerun the same command to finish the rest.[/]"
            )
            raise typer.Exit(130) from None
    _print_summary(summary, db)
    if summary.documents == 0 and summary.skipped == 0:
        raise typer.Exit(1)


@app.command("articles")
def articles_command(
    db: DbOption = Path("ledger.duckdb"),
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (canonical id).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Rows to show.")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Rows to skip.")] = 0,
) -> None:
    """List articles: outlet, date, title, words, duplicate_of."""
    with Ledger.open(db, read_only=True) as ledger:
        rows = list_articles(ledger.con, limit, offset, outlet)
        total = count_articles(ledger.con, outlet)
    table = Table(title=f"{len(rows)} of {total} articles", title_justify="left")
    for column in ("id", "outlet", "date", "title", "words", "duplicate_of"):
        table.add_column(column, justify="right" if column == "words" else "left", overflow="fold")
    for row in rows:
        table.add_row(
            row.id,
            row.outlet or "-",
            row.published.isoformat() if row.published else "-",
            escape(row.title or "(no title)"),
            str(row.words),
            row.duplicate_of or "",
        )
    out.print(table)


@app.command("show")
def show_command(
    article_id: Annotated[str, typer.Argument(help="An article id or its first digits.")],
    db: DbOption = Path("ledger.duckdb"),
) -> None:
    """Show an article's clean body, then every removed line with the reason."""
    with Ledger.open(db, read_only=True) as ledger:
        article = get_article(ledger.con, article_id)
    row = article.row
    out.print(f"[bold]{escape(row.title or '(no title)')}[/]")
    facts = [
        ("id", row.id),
        ("origin", row.origin),
        ("outlet", row.outlet),
        ("byline", article.byline),
        ("published", row.published.isoformat() if row.published else None),
        ("page date", article.page_date.isoformat() if article.page_date else None),
        ("words", str(row.words)),
    ]
    if row.duplicate_of:
        facts.append(("duplicate of", f"{row.duplicate_of} (similarity {article.duplicate_similarity:.2f})"))
    for name, value in facts:
        out.print(f"[dim]{name:>12}[/] {escape(value) if value else '-'}")
    out.print()
    for paragraph in article.body.split("\n"):
        out.print(escape(paragraph), soft_wrap=False)
        out.print()
    if article.reused:
        out.print("[bold]Paragraphs also in earlier articles[/]")
        for index, source, source_index in article.reused:
            out.print(f"  paragraph {index + 1} = {source} paragraph {source_index + 1}")
        out.print()
    out.print(f"[bold]Removed lines ({len(article.removed)})[/]")
    for line, text, reason in article.removed:
        out.print(f"[dim]{line + 1:>4}[/] [red]{escape(reason)}[/]: {escape(text)}")


@app.command("export")
def export_command(
    db: DbOption = Path("ledger.duckdb"),
    out_dir: Annotated[
        Path, typer.Option("--out", help="The folder to write one file per table into.")
    ] = Path("out"),
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(FORMATS)}.")] = "jsonl",
) -> None:
    """Write the ledger's tables as JSONL, CSV or Parquet files."""
    with Ledger.open(db, read_only=True) as ledger:
        written = export_ledger(ledger, out_dir, fmt)
    for table, path in written.items():
        out.print(f"{table}: {path}")


@app.command("entities")
def entities_command(
    db: DbOption = Path("ledger.duckdb"),
    kind: Annotated[str | None, typer.Option(help="Only this kind (person, org, unit, place, ...).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Rows to show.")] = 50,
) -> None:
    """List canonical entities with how often and in how many articles they are mentioned."""
    with Ledger.open(db, read_only=True) as ledger:
        rows = entity_counts(ledger.con, kind, limit)
    table = Table(title=f"{len(rows)} entities", title_justify="left")
    for column in ("canonical", "kind", "name", "mentions", "articles"):
        table.add_column(column, justify="right" if column in ("mentions", "articles") else "left")
    for row in rows:
        table.add_row(escape(row.canonical), row.kind, escape(row.name), str(row.mentions), str(row.articles))
    out.print(table)


@app.command("events")
def events_command(
    db: DbOption = Path("ledger.duckdb"),
    event_type: Annotated[str | None, typer.Option("--type", help="Only this event type.")] = None,
    min_sources: Annotated[
        int, typer.Option(min=1, help="Only events with this many independent sources.")
    ] = 1,
    limit: Annotated[int, typer.Option(min=1, help="Rows to show.")] = 100,
) -> None:
    """List events: type, when, where, actor, size of support (outlets, independent sources)."""
    with Ledger.open(db, read_only=True) as ledger:
        rows = list_events(ledger.con, event_type, min_sources, limit)
    table = Table(title=f"{len(rows)} events", title_justify="left")
    for column in ("id", "type", "when", "where", "actor", "outlets", "sources", "incidents"):
        table.add_column(column, overflow="fold")
    for row in rows:
        when = row.time_start.isoformat() if row.time_start else "-"
        if row.time_end and row.time_end != row.time_start:
            when += f" – {row.time_end.isoformat()}"
        table.add_row(
            row.id, row.type, when, row.place or "-", row.actor or "-", ", ".join(row.outlets),
            str(row.independent_sources), str(row.incidents),
        )  # fmt: skip
    out.print(table)


@app.command("event")
def event_command(
    event_id: Annotated[str, typer.Argument(help="An event id or its first digits.")],
    db: DbOption = Path("ledger.duckdb"),
) -> None:
    """Show an event and every sentence that supports it, with the chain of copies and relays."""
    with Ledger.open(db, read_only=True) as ledger:
        detail = get_event(ledger.con, event_id)
    row = detail.row
    out.print(f"[bold]{row.type}[/] {row.id}")
    out.print(
        f"  where {row.place or '-'} · actor {row.actor or '-'} · first reported {row.first_reported or '-'}"
    )
    out.print(f"  {row.independent_sources} independent sources from {len(detail.support)} incidents:")
    for group in detail.source_groups:
        note = " (copies or relays of one source)" if len(group) > 1 else ""
        out.print(f"    {' = '.join(group)}{note}", soft_wrap=True)
    for support in detail.support:
        out.print()
        said = f" · according to {', '.join(support.attribution)}" if support.attribution else ""
        out.print(
            f"[bold]{support.outlet or '-'}[/] {support.published or '-'} · {escape(support.title or '')} "
            f"[dim]({support.article_id}, {support.status}{escape(said)})[/]",
            soft_wrap=True,
        )
        for sentence in support.sentences:
            out.print(f"  > {escape(sentence)}", soft_wrap=True)


@app.command("claims")
def claims_command(
    db: DbOption = Path("ledger.duckdb"),
    category: Annotated[str | None, typer.Option(help="Only this category (killed, wounded, ...).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Rows to show.")] = 100,
) -> None:
    """List numeric claims: who says which number, in which outlet, as of when."""
    with Ledger.open(db, read_only=True) as ledger:
        rows = claim_figures(ledger.con, category, None, limit)
    out.print(_figures_table(f"{len(rows)} figures", rows))


@app.command("compare")
def compare_command(
    db: DbOption = Path("ledger.duckdb"),
    verdict: Annotated[str | None, typer.Option(help="Only agree, differ or incompatible.")] = None,
) -> None:
    """Show claims about the same quantity side by side, with a verdict."""
    with Ledger.open(db, read_only=True) as ledger:
        comparisons = list_comparisons(ledger.con, verdict)
        figures = {c.id: claim_figures(ledger.con, None, c.claim_ids) for c in comparisons}
    if not comparisons:
        out.print("No quantity is claimed by more than one statement yet.")
    for comparison in comparisons:
        rows = [f for f in figures[comparison.id] if f.category in comparison.category.split("+")]
        title = f"{comparison.subject}: {comparison.verdict.upper()} ({comparison.reason})"
        out.print(_figures_table(escape(title), rows))


def _figures_table(title: str, rows: list[ClaimFigure]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("as of", "figure", "category", "scope", "speaker", "outlet", "article"):
        table.add_column(column, overflow="fold")
    for row in rows:
        speaker = f"{row.speaker} ({row.speaker_kind})" + (" [hedged]" if row.hedged else "")
        table.add_row(
            row.as_of.isoformat() if row.as_of else "-",
            escape(row.figure),
            row.category,
            row.scope or "-",
            escape(speaker),
            row.outlet or "-",
            row.article_id,
        )
    return table


@app.command("report")
def report_command(
    db: DbOption = Path("ledger.duckdb"),
    out_file: Annotated[Path, typer.Option("--out", help="The HTML file to write.")] = Path("report.html"),
) -> None:
    """Write a self-contained HTML report of the ledger (no external requests)."""
    with Ledger.open(db, read_only=True) as ledger:
        path = write_report(ledger, out_file)
    out.print(f"report: {path}")


app.command("serve")(serve_command)
app.command("spark")(spark_command)
app.command("load")(load_command)


class _progress:
    """Rich progress bars for the ingest phases, or nothing when quiet."""

    _LABELS: ClassVar[dict[str, str]] = {
        "scan": "Scanning inputs",
        "load": "Loading the language model",
        "clean": "Cleaning and annotating pages",
        "link": "Linking duplicates",
    }

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet or not err.is_terminal
        self.bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=self.quiet,
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> _progress:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)

    def __call__(self, phase: str, advance: int, total: int | None) -> None:
        if phase not in self.tasks:
            for task in self.tasks.values():
                self.bar.update(task, visible=False)
            self.tasks[phase] = self.bar.add_task(self._LABELS.get(phase, phase), total=total)
        self.bar.update(self.tasks[phase], advance=advance, total=total)


def _print_summary(summary: IngestSummary, db: Path) -> None:
    for rejection in summary.rejections:
        err.print(f"[yellow]skipped[/] {escape(rejection.origin)}: {escape(rejection.reason)}")
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    out.print(
        f"[bold]{summary.articles}[/] new articles from {summary.documents} new documents in "
        f"{summary.seconds:.1f}s ({rate:.0f} docs/s) → {escape(str(db))}",
        soft_wrap=True,
    )
    out.print(
        f"  {summary.mentions} mentions · {summary.incidents} incidents · {summary.claims} claims",
        soft_wrap=True,
    )
    out.print(
        f"  {summary.skipped} already in the ledger · {summary.rejected} rejected · "
        f"{summary.duplicates} near-duplicates · {summary.reused_paragraphs} reused paragraphs",
        soft_wrap=True,
    )
    for reason, count in summary.rejection_reasons().most_common():
        out.print(f"  rejected {count} × {escape(reason)}")


def main() -> None:
    try:
        app()
    except NewsledgerError as error:
        if _state["debug"]:
            raise
        err.print(f"[red]error:[/] {escape(str(error))}")
        sys.exit(1)
