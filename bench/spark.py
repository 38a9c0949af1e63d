"""Spark runner speed: documents/s in local[1] and local[2], and against the local runner at equal cores.

Builds N synthetic plain-text pages the way bench/ingest.py does (the sample corpus's furniture around
paragraphs recombined from its articles), then runs, each in a fresh child process:
- the local runner (`newsledger ingest`, a process pool of C workers) into a new ledger;
- the Spark job (`newsledger spark`) on local[C], into a new output folder.
Spark's start-up (the JVM, the session) is timed apart from the job. The language layer is off unless
--nlp is given (the output says which). Each row shows the machine's 1-minute load average before and
after its run: on a machine shared with other work, a comparison is only fair between runs under the same
load (rerun with --cores 2 or --cores 1 to repeat a pair back to back).

Targets (issue #8): local[2] at least 1.7x as fast as local[1]; Spark local[2] within 1.5x of the local
runner's time with 2 workers.

    .venv/bin/python bench/spark.py [--documents 20000] [--cores 1,2] [--nlp] [--runners local,spark]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from ingest import build_pages  # noqa: E402  (bench/ is not a package)

SPEEDUP_TARGET = 1.7  # local[2] / local[1]
RATIO_TARGET = 1.5  # Spark time / local runner time, same cores


def child_local(folder: str, work: str, cores: int, nlp: bool) -> dict[str, float]:
    from newsledger.config import Settings
    from newsledger.runner import ingest
    from newsledger.store import Ledger

    settings = Settings.load().with_overrides(workers=cores, nlp=nlp)
    started = time.perf_counter()
    with Ledger.open(Path(work) / "ledger.duckdb") as ledger:
        summary = ingest([folder], ledger, settings)
    return {"seconds": time.perf_counter() - started, "documents": summary.documents,
            "articles": summary.articles}  # fmt: skip


def child_spark(folder: str, work: str, cores: int, nlp: bool) -> dict[str, Any]:
    from newsledger.config import Settings
    from newsledger.spark.job import run_spark_job
    from newsledger.spark.session import start_session

    started = time.perf_counter()
    spark = start_session(f"local[{cores}]", preload_language=nlp)
    spark.range(1).count()  # the JVM and the first task: start-up, not the job
    startup = time.perf_counter() - started
    settings = Settings.load().with_overrides(nlp=nlp)
    marks: list[tuple[str, float]] = []  # (phase, when it started), from the job's progress reports

    def report(phase: str, advance: int, total: int | None) -> None:
        if not marks or marks[-1][0] != phase:
            marks.append((phase, time.perf_counter()))

    summary = run_spark_job(spark, [folder], str(Path(work) / "out"), settings, report)
    ended = time.perf_counter()
    spark.stop()
    ends = [start for _, start in marks[1:]] + [ended]
    phases = {phase: end - start for (phase, start), end in zip(marks, ends, strict=True)}
    return {"seconds": summary.seconds, "startup": startup, "documents": summary.documents,
            "articles": summary.articles, "partitions": summary.partitions, "phases": phases}  # fmt: skip


def run_child(kind: str, folder: Path, work: Path, cores: int, nlp: bool) -> dict[str, Any]:
    work.mkdir()
    command = [sys.executable, __file__, "--child", kind, str(folder), str(work), "--cores", str(cores)]
    done = subprocess.run([*command, *(["--nlp"] if nlp else [])], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{kind} run with {cores} cores failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--documents", type=int, default=20_000, help="synthetic pages to build (default 20000)"
    )
    parser.add_argument("--cores", default="1,2", help="core counts to compare (default 1,2)")
    parser.add_argument("--nlp", action="store_true", help="include the language layer (spaCy)")
    parser.add_argument(
        "--runners",
        default="local,spark",
        help="which runners to time (default local,spark; 'spark' alone repeats the local[1]/local[2] pair "
        "back to back)",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    cores_list = [int(c) for c in args.cores.split(",")]
    runners = [r for r in ("local", "spark") if r in args.runners.split(",")]
    if not runners:
        parser.error(f"--runners {args.runners}: give local, spark or both")
    if args.child:
        kind, folder, work = args.child
        run = child_spark if kind == "spark" else child_local
        print(json.dumps(run(folder, work, cores_list[0], args.nlp)))
        return
    print(
        f"{args.documents} synthetic pages, language layer {'ON' if args.nlp else 'OFF (--nlp turns it on)'}"
    )
    results: dict[tuple[str, int], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        build_pages(folder, args.documents)
        print(
            f"{'runner':<22} {'cores':>5} {'seconds':>8} {'docs/s':>7} {'start-up s':>10} "
            f"{'load before/after':>17}"
        )
        for cores in cores_list:
            for kind in runners:
                load_before = os.getloadavg()[0]
                result = run_child(kind, folder, Path(tmp) / f"{kind}-{cores}", cores, args.nlp)
                load = f"{load_before:.1f} / {os.getloadavg()[0]:.1f}"
                results[(kind, cores)] = result
                name = f"Spark local[{cores}]" if kind == "spark" else f"local runner ({cores} workers)"
                startup = f"{result['startup']:>10.1f}" if "startup" in result else f"{'-':>10}"
                rate = result["documents"] / result["seconds"]
                print(
                    f"{name:<22} {cores:>5} {result['seconds']:>8.1f} {rate:>7.0f} {startup} {load:>17}",
                    flush=True,
                )
    spark_runs = [(cores, results[("spark", cores)]) for cores in cores_list if ("spark", cores) in results]
    if spark_runs:
        print("\nSpark phases, seconds:")
        for phase in spark_runs[0][1]["phases"]:
            times = "  ".join(
                f"local[{cores}] {run['phases'].get(phase, 0.0):6.1f}" for cores, run in spark_runs
            )
            print(f"  {phase:<32} {times}")
    print()
    for cores in cores_list if runners == ["local", "spark"] else []:
        ratio = results[("spark", cores)]["seconds"] / results[("local", cores)]["seconds"]
        verdict = "meets" if ratio <= RATIO_TARGET else "misses"
        print(
            f"Spark / local runner time at {cores} cores: {ratio:.2f}x ({verdict} the {RATIO_TARGET}x target)"
        )
    if {1, 2} <= set(cores_list) and "spark" in runners:
        speedup = results[("spark", 1)]["seconds"] / results[("spark", 2)]["seconds"]
        verdict = "meets" if speedup >= SPEEDUP_TARGET else "misses"
        print(f"Spark local[2] over local[1]: {speedup:.2f}x faster ({verdict} the {SPEEDUP_TARGET}x target)")
    if {1, 2} <= set(cores_list) and "local" in runners:
        local = results[("local", 1)]["seconds"] / results[("local", 2)]["seconds"]
        print(f"(local runner, 2 workers over 1: {local:.2f}x)")


if __name__ == "__main__":
    main()
