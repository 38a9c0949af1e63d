"""Shared fixtures: paths to the repository's data and to ../shared (present in CI, beside the clone)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings

# Property tests are deterministic in CI: the same examples on every run, no example database.
# HYPOTHESIS_PROFILE=explore draws fresh random examples on each run, for hunting bugs locally.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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


def load_bench(name: str) -> ModuleType:
    """A script of bench/ as a module (bench/ is not a package), loaded once per test session."""
    module_name = f"bench_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, REPO / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses in the script look their module up while loading
    spec.loader.exec_module(module)
    return module
