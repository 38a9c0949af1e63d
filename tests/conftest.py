"""Shared fixtures: paths to the repository's data and to ../shared (present in CI, beside the clone)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = REPO / "examples" / "corpus"
LABELS = REPO / "tests" / "data" / "labels"
HELDOUT = REPO / "tests" / "data" / "heldout"


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED
