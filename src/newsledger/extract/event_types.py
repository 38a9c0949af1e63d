"""The event-type data (`data/event_types.toml` plus a user's files) → the lexicons the extractor reads.

Words are compared by `stem`, a crude suffix stripper: the pipeline runs without spaCy's lemmatizer
(docs/nlp.md), and the trigger words of this domain are regular English verbs and nouns.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from newsledger.errors import ConfigError

# Forms a suffix stripper cannot reach.
_IRREGULAR = {
    "made": "make", "went": "go", "gone": "go", "gave": "give", "given": "give", "fled": "flee",
    "laid": "lay", "ran": "run", "took": "take", "taken": "take", "men": "man", "servicemen": "serviceman",
    "tried": "try", "tries": "try", "said": "say", "told": "tell", "wrote": "write", "written": "write",
    "left": "leave", "held": "hold", "sent": "send", "fought": "fight", "shown": "show", "thought": "think",
    "led": "lead", "brought": "bring", "stood": "stand", "saw": "see", "seen": "see",
}  # fmt: skip
_TRIGGER_KINDS = ("verb", "adjective", "noun")


def stem(word: str) -> str:
    """A crude stem: "refused", "refuses", "refusing", "refuse" → "refus"; "mutinied" → "mutiny";
    "rebelled" → "rebel". Good enough to compare a token with a listed base form, nothing more."""
    word = word.lower()
    if word in _IRREGULAR:
        word = _IRREGULAR[word]
    for suffix in ("ing", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    if word.endswith("e") and len(word) >= 4:
        word = word[:-1]  # "flee"/"fleeing", "refuse"/"refusing" meet at "fle", "refus"
    if word.endswith("i"):
        word = word[:-1] + "y"
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousz":
        word = word[:-1]  # rebell → rebel
    return word


@dataclass(frozen=True, slots=True)
class Trigger:
    """One way an event type is told: a word of a part of speech, with the complements it needs."""

    kind: str  # verb, adjective, noun
    word: str  # stem
    needs: frozenset[str]  # stems; empty = the word alone suffices
    under: frozenset[str]  # stems of governing verbs, one of which is needed; empty = none needed
    negated: bool = False  # counts only negated with will/would ("will not fight"), which then tells it


@dataclass(frozen=True, slots=True)
class EventType:
    id: str
    name: str
    triggers: tuple[Trigger, ...]


@dataclass(slots=True)
class EventTypes:
    """Every event type and lexicon, loaded once."""

    types: dict[str, EventType]
    actor_nouns: frozenset[str]
    anaphors: tuple[str, ...]
    generic_heads: frozenset[str]
    repetition_markers: frozenset[str]
    reporting_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    hypothetical_aux: frozenset[str]
    hypothetical_verbs: frozenset[str]
    hypothetical_marks: frozenset[str]
    false_words: frozenset[str]
    hedges: re.Pattern[str]
    unconfirmed: re.Pattern[str]
    causes: dict[str, re.Pattern[str]]
    outcomes: dict[str, re.Pattern[str]]
    by_word: dict[tuple[str, str], list[tuple[str, Trigger]]] = field(default_factory=dict)


def load_event_types(extra: Sequence[Path] = ()) -> EventTypes:
    """The packaged event types overlaid by each extra file in turn (same format)."""
    packaged = resources.files("newsledger") / "data" / "event_types.toml"
    tables = [tomllib.loads(packaged.read_text(encoding="utf-8"))]
    for path in extra:
        try:
            tables.append(tomllib.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(
                f"cannot read event types from {path}: {error}; fix or remove the file"
            ) from error
    types: dict[str, EventType] = {}
    lists: dict[str, list[str]] = {}
    causes: dict[str, list[str]] = {}
    outcomes: dict[str, list[str]] = {}
    for table in tables:
        for entry in table.get("event_type", []):
            event_type = _event_type(entry)
            types[event_type.id] = event_type
        for section in ("lexicon", "status"):
            for key, words in table.get(section, {}).items():
                lists.setdefault(key, []).extend(words)
        for key, words in table.get("causes", {}).items():
            causes.setdefault(key, []).extend(words)
        for key, words in table.get("outcomes", {}).items():
            outcomes.setdefault(key, []).extend(words)
    loaded = EventTypes(
        types=types,
        actor_nouns=frozenset(stem(w) for w in lists.get("actor_nouns", [])),
        anaphors=tuple(sorted({w.lower() for w in lists.get("anaphors", [])}, key=len, reverse=True)),
        generic_heads=frozenset(stem(w) for w in lists.get("generic_heads", [])),
        repetition_markers=frozenset(w.lower() for w in lists.get("repetition_markers", [])),
        reporting_verbs=frozenset(stem(w) for w in lists.get("reporting_verbs", [])),
        denial_verbs=frozenset(stem(w) for w in lists.get("denial_verbs", [])),
        hypothetical_aux=frozenset(w.lower() for w in lists.get("hypothetical_aux", [])),
        hypothetical_verbs=frozenset(stem(w) for w in lists.get("hypothetical_verbs", [])),
        hypothetical_marks=frozenset(w.lower() for w in lists.get("hypothetical_marks", [])),
        false_words=frozenset(w.lower() for w in lists.get("false_words", [])),
        hedges=_phrases(lists.get("hedges", [])),
        unconfirmed=_phrases(lists.get("unconfirmed", [])),
        causes={key: _phrases(words, inflect=True) for key, words in causes.items()},
        outcomes={key: _phrases(words, inflect=True) for key, words in outcomes.items()},
    )
    for event_type in types.values():
        for trigger in event_type.triggers:
            loaded.by_word.setdefault((trigger.kind, trigger.word), []).append((event_type.id, trigger))
    return loaded


def _event_type(entry: dict[str, Any]) -> EventType:
    try:
        type_id = entry["id"]
        triggers = []
        for raw in entry["triggers"]:
            kinds = [kind for kind in _TRIGGER_KINDS if kind in raw]
            if len(kinds) != 1:
                raise KeyError(f"one of {', '.join(_TRIGGER_KINDS)}")
            triggers.append(
                Trigger(
                    kinds[0],
                    stem(raw[kinds[0]]),
                    frozenset(stem(w) for w in raw.get("with", [])),
                    frozenset(stem(w) for w in raw.get("under", [])),
                    bool(raw.get("negated", False)),
                )
            )
    except (KeyError, TypeError) as error:
        raise ConfigError(
            f"event type {entry.get('id', '?')!r} needs an id and triggers, each a table with {error}"
        ) from error
    return EventType(type_id, entry.get("name", type_id), tuple(triggers))


def _phrases(words: Sequence[str], inflect: bool = False) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of the phrases as whole words (with plural/past endings
    when `inflect`)."""
    if not words:
        return re.compile(r"(?!x)x")
    ending = r"(?:s|es|ed|d)?" if inflect else ""
    alternatives = sorted({re.escape(w.lower()) for w in words}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")" + ending + r"\b", re.IGNORECASE)
