"""The outlet registry: which news outlet a page belongs to, from its URL, its furniture lines or its title.

Input: a URL, the lines of a page, or a title. Output: a canonical outlet id (or None).
The registry is data (`newsledger/data/outlets.toml`), optionally extended by user files in the same format.
Only evidence that belongs to the page itself counts: the domain it was served from, a whole furniture
line (a masthead, "Most read in The Sun") or the suffix its <title> carries. An outlet named inside a
sentence ("told the Washington Post") is a source of the story, not the page's outlet.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from newsledger.errors import ConfigError

_KEYS = {"id", "name", "domains", "signatures", "title_suffixes"}
_REQUIRED = ("id", "name", "domains")

# Page furniture that names the page's own outlet: "{}" is the outlet name or one of its signatures.
# These are link-list headings, never sentences, so they cannot quote another outlet.
_FURNITURE_TEMPLATES = ("most read in {}", "read more on {}", "read more from {}", "more from {}")
# Separators sites put between the headline and the outlet name in <title>.
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ")


@dataclass(frozen=True, slots=True)
class Outlet:
    """One registry entry (see the header of data/outlets.toml for what each field means)."""

    id: str
    name: str
    domains: tuple[str, ...]
    signatures: tuple[str, ...] = ()
    title_suffixes: tuple[str, ...] = ()


# Page furniture repeats on every page of a site, so most lines looked up here have been seen before.
@lru_cache(maxsize=8192)
def normalise_line(line: str) -> str:
    """How lines are compared with signatures: case-folded, curly quotes and runs of spaces flattened."""
    line = line.replace("’", "'").replace("‘", "'").replace("\u00a0", " ")
    return " ".join(line.split()).casefold()


def host_of(url: str) -> str | None:
    """The lower-case host name of a URL (also of a bare "www.example.com/path"), without port or "www."."""
    text = url.strip()
    if "://" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".").lower()
    return host.removeprefix("www.") or None


class OutletRegistry:
    """Known outlets, indexed by domain, by signature line and by title suffix."""

    def __init__(self, outlets: Iterable[Outlet]) -> None:
        self._outlets: dict[str, Outlet] = {}
        for outlet in outlets:
            self._outlets[outlet.id] = outlet
        self._by_domain: dict[str, str] = {}
        self._by_line: dict[str, str] = {}
        self._by_name: dict[str, str] = {}
        suffixes: dict[str, str] = {}
        for outlet in self._outlets.values():
            for domain in outlet.domains:
                self._by_domain[domain.lower().removeprefix("www.")] = outlet.id
            # Where two outlets claim the same line, name or suffix, the one loaded later (a user file) wins.
            for signature in outlet.signatures:
                self._by_line[normalise_line(signature)] = outlet.id
            # The bare name is no signature (see the registry header), but "Most read in <name>" is.
            for name in (outlet.name, *outlet.signatures):
                self._by_name[normalise_line(name)] = outlet.id
                for template in _FURNITURE_TEMPLATES:
                    self._by_line[template.format(normalise_line(name))] = outlet.id
                for separator in _TITLE_SEPARATORS:
                    suffixes[_suffix_key(separator + " ".join(name.split()))] = outlet.id
            self._by_name[outlet.id] = outlet.id
            for suffix in outlet.title_suffixes:
                key = _suffix_key(" ".join(suffix.split()))
                suffixes[(" " + key) if suffix[:1].isspace() else key] = outlet.id
        # Longest first, so " | World | News" is tried before a shorter suffix it ends with.
        self._suffixes = sorted(suffixes.items(), key=lambda item: -len(item[0]))
        self._any_suffix = tuple(suffixes)  # one C-level endswith rejects most titles at once
        # Body paragraphs are far longer than any signature: a length check skips normalising them.
        # Normalising only shortens a line (spaces collapse), so twice the longest key plus slack is safe.
        self._longest_line = 2 * max(map(len, self._by_line), default=0) + 16
        self._shortest_line = min(map(len, self._by_line), default=1)

    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> OutletRegistry:
        """The packaged registry, then each user file in turn; an entry replaces an earlier one by id."""
        packaged = resources.files("newsledger").joinpath("data/outlets.toml")
        outlets = _parse_registry(packaged.read_text(encoding="utf-8"), "newsledger/data/outlets.toml")
        for path in extra:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except OSError as err:
                raise ConfigError(f"{path}: cannot read the outlet registry file ({err.strerror})") from err
            except UnicodeDecodeError as err:
                raise ConfigError(
                    f"{path}: the outlet registry file is not UTF-8 text ({err.reason})"
                ) from err
            outlets.extend(_parse_registry(text, str(path)))
        return cls(outlets)

    def __contains__(self, outlet_id: object) -> bool:
        return outlet_id in self._outlets

    def __len__(self) -> int:
        return len(self._outlets)

    def __iter__(self) -> Iterator[Outlet]:
        return iter(self._outlets.values())

    def name(self, outlet_id: str) -> str:
        """The display name of a registered outlet (KeyError for an unknown id)."""
        return self._outlets[outlet_id].name

    def from_url(self, url: str | None) -> str | None:
        """The outlet whose domain serves `url`; subdomains match and the longest registered domain wins."""
        host = host_of(url) if url else None
        if host is None:
            return None
        labels = host.split(".")
        for start in range(len(labels) - 1):
            outlet_id = self._by_domain.get(".".join(labels[start:]))
            if outlet_id is not None:
                return outlet_id
        return None

    def from_name(self, name: str | None) -> str | None:
        """The outlet called `name` (id, name, signature or domain): a sitename, a feed hint."""
        if not name or not name.strip():
            return None
        key = normalise_line(name)
        found = self._by_name.get(key)
        if found is None and "." in key and " " not in key:
            found = self.from_url(key)
        return found

    def match_line(self, line: str) -> str | None:
        """The outlet that a whole line names as page furniture (a signature line), else None."""
        if not self._shortest_line <= len(line) <= self._longest_line:
            return None
        return self._by_line.get(normalise_line(line))

    def from_lines(self, lines: Iterable[str]) -> str | None:
        """The outlet that most signature lines point at (earliest wins a tie); None when no line matches."""
        votes: dict[str, int] = {}
        # match_line inlined: this runs over every line of every page, most of them too long or blank.
        shortest, longest, by_line = self._shortest_line, self._longest_line, self._by_line
        for line in lines:
            if shortest <= len(line) <= longest:
                outlet_id = by_line.get(normalise_line(line))
                if outlet_id is not None:
                    votes[outlet_id] = votes.get(outlet_id, 0) + 1
        if not votes:
            return None
        # dicts keep insertion order, and max() returns the first of equal counts.
        return max(votes, key=lambda outlet_id: votes[outlet_id])

    def strip_title_suffix(self, title: str) -> tuple[str, str | None]:
        """Remove an outlet's title suffix ("... | The Sun", "... | World | News") and say whose it was."""
        text = " ".join(title.split())
        key = _suffix_key(text)
        if not key.endswith(self._any_suffix):
            return text, None
        for suffix, outlet_id in self._suffixes:
            if key.endswith(suffix):
                head = text[: len(text) - len(suffix)].rstrip(" |-–—:")
                if head:
                    return head, outlet_id
        return text, None


def _suffix_key(text: str) -> str:
    """Lower case with straight quotes: keeps the length of `text`, so a match can be cut off the original."""
    key = text.lower()
    if len(key) != len(text):  # "İ" lowers to two characters; leave such letters as they are
        key = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return key.replace("’", "'").replace("‘", "'")


@cache
def default_registry() -> OutletRegistry:
    """The packaged registry, loaded once per process."""
    return OutletRegistry.load()


def _parse_registry(text: str, source: str) -> list[Outlet]:
    """Parse and validate one registry file; every problem is a ConfigError naming the file and the entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{source}: not valid TOML ({err})") from err
    unknown = sorted(set(data) - {"outlet"})
    if unknown:
        raise ConfigError(f"{source}: unknown top-level key {unknown[0]!r} (expected only [[outlet]] tables)")
    entries = data.get("outlet", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{source}: 'outlet' must be an array of tables written as [[outlet]]")
    outlets = []
    for number, entry in enumerate(entries, start=1):
        where = f"{source}: outlet #{number}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where} must be a table written as [[outlet]]")
        if isinstance(entry.get("id"), str):
            where += f" ({entry['id']!r})"
        extra_keys = sorted(set(entry) - _KEYS)
        if extra_keys:
            raise ConfigError(
                f"{where}: unknown key {extra_keys[0]!r} (valid keys: {', '.join(sorted(_KEYS))})"
            )
        for key in _REQUIRED:
            if key not in entry:
                raise ConfigError(f"{where}: missing required key {key!r}")
        for key in ("id", "name"):
            if not isinstance(entry[key], str) or not entry[key].strip():
                raise ConfigError(f"{where}: {key!r} must be a non-empty string")
        lists = {}
        for key in ("domains", "signatures", "title_suffixes"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise ConfigError(f"{where}: {key!r} must be a list of non-empty strings")
            lists[key] = tuple(value)
        bad_domain = next((d for d in lists["domains"] if host_of(d) != d.lower().removeprefix("www.")), None)
        if bad_domain is not None:
            raise ConfigError(f"{where}: {bad_domain!r} is not a bare domain name like 'example.com'")
        outlets.append(
            Outlet(
                id=entry["id"].strip(),
                name=entry["name"].strip(),
                domains=lists["domains"],
                signatures=lists["signatures"],
                title_suffixes=lists["title_suffixes"],
            )
        )
    return outlets
