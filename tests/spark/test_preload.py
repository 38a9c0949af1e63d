"""The language layer is loaded once per executor, by its Python daemon, and reused by every worker."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from newsledger.clean.outlets import OutletRegistry
from newsledger.config import Settings
from newsledger.pipeline import Language, load_processor
from newsledger.spark import preload

pytestmark = pytest.mark.slow


def _worker_view(_: object) -> tuple[int, bool, bool]:
    # Runs in a Python worker: whatever `preload` holds there was inherited from the daemon's memory.
    from newsledger.clean.outlets import OutletRegistry
    from newsledger.config import Settings
    from newsledger.spark import preload

    language = preload.language_for(Settings.load(), OutletRegistry.load())
    return os.getppid(), language is not None, language is not None and language.annotator.nlp is not None


def test_workers_fork_from_one_daemon_that_loaded_the_language_layer(spark: SparkSession) -> None:
    views = spark.sparkContext.parallelize(range(8), 8).map(_worker_view).collect()
    parents = {parent for parent, _, _ in views}
    assert len(parents) == 1  # local mode: one executor, one daemon, every worker its child
    assert parents != {os.getpid()}
    assert all(has_language and has_model for _, has_language, has_model in views)


@pytest.fixture
def preloaded(monkeypatch: pytest.MonkeyPatch) -> Language:
    monkeypatch.setenv(preload.PRELOAD_VARIABLE, "1")
    monkeypatch.setattr(preload, "_preloaded", None)
    assert preload.preload_language()
    language = preload.language_for(Settings.load(), OutletRegistry.load())
    assert language is not None
    return language


def test_the_preloaded_layer_serves_only_the_settings_it_was_loaded_for(
    preloaded: Language, tmp_path: Path
) -> None:
    settings, registry = Settings.load(), OutletRegistry.load()
    processor = load_processor(settings, registry, {}, preload.language_for(settings, registry))
    assert processor.language is preloaded

    assert preload.language_for(settings.with_overrides(nlp=False), registry) is None
    event_types = tmp_path / "events.toml"
    event_types.write_text("")
    assert preload.language_for(settings.with_overrides(event_types=[event_types]), registry) is None
    outlets = tmp_path / "outlets.toml"
    outlets.write_text('[[outlet]]\nid = "hg"\nname = "Harbour Gazette"\ndomains = ["hg.test"]\n')
    assert preload.language_for(settings, OutletRegistry.load([outlets])) is None
    # Language off: no layer, whatever was preloaded.
    assert load_processor(settings.with_overrides(nlp=False), registry, {}, preloaded).language is None


def test_no_preload_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(preload.PRELOAD_VARIABLE, raising=False)
    monkeypatch.setattr(preload, "_preloaded", None)
    assert not preload.preload_language()
    assert preload.language_for(Settings.load(), OutletRegistry.load()) is None
