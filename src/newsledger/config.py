"""Settings: packaged defaults (data/defaults.toml), overlaid by a user file, overlaid by CLI flags."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from newsledger.errors import ConfigError


@dataclass(frozen=True, slots=True)
class IngestSettings:
    workers: int = 0
    batch_size: int = 200
    max_document_mb: int = 20

    @property
    def max_document_bytes(self) -> int:
        return self.max_document_mb * 1_000_000


@dataclass(frozen=True, slots=True)
class CleanSettings:
    min_article_words: int = 10


@dataclass(frozen=True, slots=True)
class NlpSettings:
    enabled: bool = True
    batch_size: int = 32
    event_types: tuple[Path, ...] = ()


@dataclass(frozen=True, slots=True)
class DedupSettings:
    shingle_words: int = 3
    num_perm: int = 128
    duplicate_similarity: float = 0.7
    reuse_min_words: int = 8


@dataclass(frozen=True, slots=True)
class OutletSettings:
    extra: tuple[Path, ...] = ()


@dataclass(frozen=True, slots=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    nlp: NlpSettings = field(default_factory=NlpSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    outlets: OutletSettings = field(default_factory=OutletSettings)

    @classmethod
    def load(cls, user_file: Path | None = None) -> Settings:
        packaged = resources.files("newsledger").joinpath("data/defaults.toml").read_text("utf-8")
        settings = _overlay(cls(), tomllib.loads(packaged), "defaults.toml")
        if user_file is not None:
            try:
                data = tomllib.loads(user_file.read_text("utf-8"))
            except OSError as err:
                raise ConfigError(f"{user_file}: cannot read settings ({err.strerror})") from None
            except tomllib.TOMLDecodeError as err:
                raise ConfigError(f"{user_file}: not valid TOML ({err})") from None
            settings = _overlay(settings, data, str(user_file))
        return settings

    def with_overrides(
        self,
        workers: int | None = None,
        extra_outlets: Sequence[Path] = (),
        nlp: bool | None = None,
        event_types: Sequence[Path] = (),
    ) -> Settings:
        """Overlay command-line flags (the last layer)."""
        settings = self
        if nlp is not None:
            settings = replace(settings, nlp=replace(settings.nlp, enabled=nlp))
        if event_types:
            settings = _extended(settings, "nlp", "event_types", event_types)
        if workers is not None:
            if workers < 0:
                raise ConfigError(f"--workers must be 0 (one per core) or more, not {workers}")
            settings = replace(settings, ingest=replace(settings.ingest, workers=workers))
        if extra_outlets:
            settings = _extended(settings, "outlets", "extra", extra_outlets)
        return settings


def _extended(settings: Settings, section: str, key: str, paths: Sequence[Path]) -> Settings:
    """A list-of-files setting with the command line's files after the settings files' ones."""
    current = getattr(settings, section)
    extended = replace(current, **{key: (*getattr(current, key), *paths)})
    return replace(settings, **{section: extended})


def _overlay(settings: Settings, data: dict[str, Any], source: str) -> Settings:
    sections = {f.name: f for f in fields(Settings)}
    changes: dict[str, Any] = {}
    for name, values in data.items():
        if name not in sections:
            raise ConfigError(f"{source}: unknown section [{name}] (valid: {', '.join(sections)})")
        current = getattr(settings, name)
        if not isinstance(values, dict):
            raise ConfigError(f"{source}: [{name}] must be a table")
        changes[name] = _overlay_section(current, values, f"{source} [{name}]")
    return replace(settings, **changes)


def _overlay_section(section: Any, values: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(section)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown setting {key!r} (valid: {', '.join(known)})")
        default = getattr(section, key)
        if isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: {key} must be a list of file paths")
            value = tuple(Path(v) for v in value)
        elif isinstance(default, float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(f"{where}: {key} must be a number, not {value!r}")
            value = float(value)
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: {key} must be true or false, not {value!r}")
        elif isinstance(default, int) and (isinstance(value, bool) or not isinstance(value, int)):
            raise ConfigError(f"{where}: {key} must be a whole number, not {value!r}")
        changes[key] = value
    updated = replace(section, **changes)
    _validate(updated, where)
    return updated


def _validate(section: Any, where: str) -> None:
    if isinstance(section, DedupSettings):
        if not 0.0 < section.duplicate_similarity <= 1.0:
            raise ConfigError(f"{where}: duplicate_similarity must be in (0, 1]")
        if section.num_perm < 16 or section.shingle_words < 1:
            raise ConfigError(f"{where}: num_perm must be >= 16 and shingle_words >= 1")
    if isinstance(section, IngestSettings) and (section.workers < 0 or section.batch_size < 1):
        raise ConfigError(f"{where}: workers must be >= 0 and batch_size >= 1")
    if isinstance(section, IngestSettings) and section.max_document_mb < 1:
        raise ConfigError(f"{where}: max_document_mb must be >= 1, not {section.max_document_mb}")
