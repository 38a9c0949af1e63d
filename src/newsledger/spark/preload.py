"""The language layer an executor's Python daemon loads before it forks its workers.

PySpark runs each executor's Python code in workers forked from one daemon process per executor.
newsledger's daemon (`newsledger.spark.daemon`, set as `spark.python.daemon.module` by `start_session`)
loads the language layer here first, so that spaCy and the gazetteer (about 2 s of CPU) load once per
executor and its workers share the loaded memory copy-on-write, as the local runner's forked pool does.

The daemon starts before any job and without the job's settings, so it loads the layer of the packaged
settings. A worker takes that layer only when its job's language settings are the same (`language_for`);
a job with its own event types or outlets loads its own in each worker, as it would without the daemon.

This module imports no pyarrow or pandas: both start threads on import, and the daemon must not have any
when it forks.
"""

from __future__ import annotations

import os

from newsledger.clean.outlets import OutletRegistry, default_registry
from newsledger.config import Settings
from newsledger.pipeline import Language, load_language

# Set to "1" in an executor's environment (spark.executorEnv) to have its daemon load the language layer.
PRELOAD_VARIABLE = "NEWSLEDGER_PRELOAD_LANGUAGE"

LanguageKey = tuple[object, ...]

_preloaded: tuple[LanguageKey, Language] | None = None


def language_key(settings: Settings, registry: OutletRegistry) -> LanguageKey:
    """What `load_language` builds the layer from: two equal keys give the same layer."""
    outlets = tuple((outlet.id, outlet.name) for outlet in registry)
    return (settings.nlp.batch_size, tuple(settings.nlp.event_types), outlets)


def preload_language() -> bool:
    """Load the packaged settings' language layer into this process; False when it could not be loaded.

    Never raises: a daemon that fails here must still serve its workers, and each worker then loads the
    layer itself and reports why it cannot (a missing spaCy model, say) as a task error the driver shows.
    """
    global _preloaded
    if os.environ.get(PRELOAD_VARIABLE) != "1":
        return False
    try:
        settings = Settings.load()
        registry = default_registry()
        language = load_language(settings, registry)
    except Exception:  # any failure: see the docstring, the workers report it
        return False
    if language is None:
        return False
    _preloaded = (language_key(settings, registry), language)
    return True


def language_for(settings: Settings, registry: OutletRegistry) -> Language | None:
    """The preloaded layer when it is the one these settings would load, else None."""
    if _preloaded is None or not settings.nlp.enabled:
        return None
    key, language = _preloaded
    return language if key == language_key(settings, registry) else None
