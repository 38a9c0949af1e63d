"""`newsledger spark` and `newsledger load` as a user runs them, and the errors they stop with."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pyspark.sql import SparkSession
from typer.testing import CliRunner

from newsledger.cli.main import app
from newsledger.errors import InputError, NewsledgerError
from newsledger.ingest import read_inputs
from newsledger.records import Rejection
from newsledger.store.export import EXPORT_TABLES
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow

PAGES = ["nc_pskov_paratroopers.txt", "ds_pskov_paratroopers.txt", "efm_pskov_paratroopers.txt",
         "kl_izium_prisoners.html"]  # fmt: skip


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in PAGES:
        shutil.copy(CORPUS / name, folder / name)
    (folder / "notes.bin").write_bytes(b"\x00\xff" * 64)
    return folder


def _run(*args: str) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output, result.exception


def test_spark_then_load_then_list(spark: SparkSession, pages: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "l.duckdb"
    (out / "_staging").mkdir(parents=True)  # what a failed run leaves: replaced when asked
    (out / "_staging" / "part-0.parquet").write_bytes(b"PAR1")
    code, output, error = _run("spark", str(pages), "--out", str(out), "--no-nlp", "--quiet", "--overwrite")
    assert (code, error) == (0, None), output
    assert "4 articles from 4 documents" in output
    # Named with the reason the local runner's reader gives, whatever its wording.
    (rejection,) = read_inputs([str(pages / "notes.bin")])
    assert isinstance(rejection, Rejection)
    assert "1 rejected" in output and f"notes.bin: {rejection.reason}" in output
    code, output, error = _run("load", str(out), "--db", str(db))
    assert (code, error) == (0, None), output
    assert "4 articles of 4 documents" in output
    code, output, _ = _run("articles", "--db", str(db))
    assert code == 0 and "4 of 4 articles" in output
    assert {path.name for path in out.iterdir()} == {*EXPORT_TABLES, "ledger", "run"}  # no _staging left


def test_an_existing_output_is_replaced_only_when_asked(
    spark: SparkSession, pages: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("not Spark output")
    _, _, error = _run("spark", str(pages), "--out", str(out), "--no-nlp", "-q")
    assert isinstance(error, NewsledgerError) and "already exists and is not empty" in str(error)
    _, _, error = _run("spark", str(pages), "--out", str(out), "--no-nlp", "-q", "--overwrite")
    assert isinstance(error, NewsledgerError) and "is not an output folder of `newsledger spark`" in str(
        error
    )
    assert (out / "mine.txt").exists()


def test_load_names_a_folder_that_is_not_spark_output(tmp_path: Path) -> None:
    db = tmp_path / "l.duckdb"
    _, _, error = _run("load", str(tmp_path), "--db", str(db))
    assert isinstance(error, InputError) and "not an output folder of `newsledger spark`" in str(error)
    assert not db.exists()  # no empty ledger left behind


def test_the_module_runs_as_spark_submit_runs_it() -> None:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "newsledger.spark", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "--out" in done.stdout and "--master" in done.stdout
    assert "pyspark" not in subprocess.run(
        [sys.executable, "-c", "import sys, newsledger.cli.main; print(*sys.modules)"],
        capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
