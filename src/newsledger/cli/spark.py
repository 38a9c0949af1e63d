"""The `spark` and `load` commands: build on a Spark cluster, then load the result into a ledger.

pyspark is imported only when `spark` runs, so every other command starts without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from newsledger.config import Settings
from newsledger.store.parquet import load_parquet_folder

out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def spark_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or Parquet URIs.")],
    out_dir: Annotated[str, typer.Option("--out", help="The folder (or URI) to write the tables into.")],
    master: Annotated[
        str | None, typer.Option(help="Spark master, e.g. local[2] (default: spark-submit's, else local[*]).")
    ] = None,
    config: Annotated[Path | None, typer.Option(help="A settings file overlaying the defaults.")] = None,
    outlets: Annotated[
        list[Path] | None, typer.Option("--outlets", help="An extra outlet registry file (repeatable).")
    ] = None,
    nlp: Annotated[
        bool | None, typer.Option("--nlp/--no-nlp", help="Run the language layer (default: on).")
    ] = None,
    event_types: Annotated[
        list[Path] | None, typer.Option("--event-types", help="An extra event types file (repeatable).")
    ] = None,
    partitions: Annotated[
        int, typer.Option(min=0, help="Tasks for cleaning and annotating (0 = from the corpus size).")
    ] = 0,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an earlier output of this command.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
) -> None:
    """Run the whole pipeline on Spark and write Parquet tables in the export schema (docs/spark.md)."""
    from newsledger.cli.main import _progress  # main imports this module: import it when it is complete
    from newsledger.spark.job import run_spark_job
    from newsledger.spark.session import start_session

    settings = Settings.load(config).with_overrides(
        extra_outlets=outlets or [], nlp=nlp, event_types=event_types or []
    )
    with _progress(quiet) as report:
        report("Starting Spark", 0, None)
        spark = start_session(master, preload_language=settings.nlp.enabled)
        summary = run_spark_job(spark, inputs, out_dir, settings, report, partitions, overwrite)
    for rejection in summary.first_rejections:
        err.print(f"[yellow]skipped[/] {escape(rejection.origin)}: {escape(rejection.reason)}")
    if summary.rejected > len(summary.first_rejections):
        err.print(
            f"[yellow]… and {summary.rejected - len(summary.first_rejections)} more in ledger/rejections[/]"
        )
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    out.print(
        f"[bold]{summary.articles}[/] articles from {summary.documents} documents in {summary.seconds:.1f}s "
        f"({rate:.0f} docs/s, {summary.partitions} tasks, master {spark.sparkContext.master}) → "
        f"{escape(out_dir)}",
        soft_wrap=True,
    )
    out.print(
        f"  {summary.mentions} mentions · {summary.incidents} incidents · {summary.claims} claims · "
        f"{summary.events} events · {summary.comparisons} comparisons",
        soft_wrap=True,
    )
    out.print(
        f"  {summary.skipped} read twice · {summary.rejected} rejected · "
        f"{summary.duplicates} near-duplicates · {summary.reused_paragraphs} reused paragraphs",
        soft_wrap=True,
    )
    for reason, count in summary.rejection_reasons.most_common():
        out.print(f"  rejected {count} × {escape(reason)}")
    out.print(f"Load it into a ledger: newsledger load {escape(out_dir)} --db ledger.duckdb", soft_wrap=True)
    if summary.documents == 0:
        raise typer.Exit(1)


def load_command(
    folder: Annotated[Path, typer.Argument(help="The --out folder of `newsledger spark`.")],
    db: Annotated[Path, typer.Option("--db", help="The new ledger file to fill.")] = Path("ledger.duckdb"),
) -> None:
    """Load the tables `newsledger spark` wrote into a new ledger (for serve, report and every listing)."""
    summary = load_parquet_folder(folder, db)
    out.print(
        f"[bold]{summary.articles}[/] articles of {summary.documents} documents, {summary.events} events and "
        f"{summary.rejections} rejections loaded → {escape(str(db))}",
        soft_wrap=True,
    )
