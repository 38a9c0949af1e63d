"""Article → Fingerprint: the MinHash signature and paragraph keys the duplicate search needs.

Computed in the per-document half so that the corpus-wide step only compares numbers.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

from newsledger.config import DedupSettings
from newsledger.records import Article, Fingerprint

_WORD = re.compile(r"\w+")
# Stored signatures are only comparable with signatures of the same scheme and seed; pinned here so a
# datasketch upgrade that changes its default cannot mix them silently.
MINHASH_SCHEME = "affine32"
MINHASH_SEED = 1


def fingerprint_article(article: Article, settings: DedupSettings) -> Fingerprint:
    tokens = _WORD.findall(article.body.lower())
    n = settings.shingle_words
    shingles = {" ".join(tokens[i : i + n]).encode() for i in range(max(1, len(tokens) - n + 1))}
    # MinHash.bulk hashes a whole set in numpy; a Python update() loop is ~8x slower (DESIGN.md).
    minhash = MinHash.bulk(
        [list(shingles)], num_perm=settings.num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME
    )[0]
    paragraphs = article.paragraphs
    return Fingerprint(
        minhash=np.asarray(minhash.hashvalues, dtype="<u8").tobytes(),
        paragraph_keys=[paragraph_key(p) for p in paragraphs],
        paragraph_words=[len(p.split()) for p in paragraphs],
    )


def paragraph_key(paragraph: str) -> int:
    """Paragraphs that differ only in case, punctuation or spacing get the same key."""
    normalised = " ".join(_WORD.findall(paragraph.lower()))
    return int.from_bytes(hashlib.blake2b(normalised.encode(), digest_size=8).digest(), "little")


def signature_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two MinHash signatures (share of equal hash values)."""
    return float(np.count_nonzero(a == b)) / len(a)
