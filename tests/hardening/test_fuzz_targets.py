"""The atheris targets in fuzz/ run (a few hundred inputs each), so that they cannot rot unnoticed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

RUNS = 300


@pytest.mark.parametrize(("target", "seeds"), [("clean_text.py", "text"), ("clean_html.py", "html")])
def test_fuzz_target_runs_clean(tmp_path: Path, target: str, seeds: str) -> None:
    corpus = tmp_path / "corpus"  # libFuzzer adds what it finds to the first folder: never the seeds
    shutil.copytree(REPO / "fuzz" / "seeds" / seeds, corpus)
    result = subprocess.run(
        [sys.executable, str(REPO / "fuzz" / target), f"-atheris_runs={RUNS}", "-max_len=4096", "-seed=1",
         str(corpus)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"Done {RUNS} in" in result.stderr
    assert not list(tmp_path.glob("crash-*")), "a crashing input was saved"
