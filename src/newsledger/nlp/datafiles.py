"""Helpers of the nlp stage (Article → Mention): reading the packaged data files under newsledger/data/
and the user's extra files (same formats), and the two small text helpers the rule layers share."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from newsledger.errors import ConfigError


def packaged_text(name: str) -> str:
    return resources.files("newsledger").joinpath(f"data/{name}").read_text(encoding="utf-8")


def read_user_file(path: Path, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(f"{path}: cannot read the {what} file ({err.strerror})") from err
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: the {what} file is not UTF-8 text ({err.reason})") from err


def load_toml(name: str, extra: Sequence[Path] = (), what: str = "data") -> list[dict[str, Any]]:
    """The packaged TOML file, then each user file in turn (the caller merges them in that order)."""
    texts = [(f"newsledger/data/{name}", packaged_text(name))]
    texts += [(str(path), read_user_file(path, what)) for path in extra]
    tables = []
    for source, text in texts:
        try:
            tables.append(tomllib.loads(text))
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{source}: the {what} file is not valid TOML ({err})") from err
    return tables


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """ "Volodymyr Zelensky" → "volodymyr-zelensky"; accents are dropped, apostrophes vanish."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.lower().replace("'", "")
    return _NOT_SLUG.sub("-", ascii_text).strip("-")


def finditer_by_paragraph(expression: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`expression.finditer(text)`, one paragraph ("\n"-separated) at a time: no match spans two
    paragraphs (a figure at the end of one and a noun at the start of the next are unrelated)."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        yield from expression.finditer(text, start, end)
        start = end + 1
