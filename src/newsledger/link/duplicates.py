"""Fingerprints of every article in the ledger → near-duplicate links (MinHash LSH).

Recomputed over the whole ledger after each ingest, so the answer depends only on which articles are in
the ledger, never on the order they arrived in or on an interrupted run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from newsledger.config import DedupSettings
from newsledger.link.fingerprint import MINHASH_SCHEME, MINHASH_SEED, signature_similarity
from newsledger.records import DuplicateLink


@dataclass(frozen=True, slots=True)
class Signed:
    """An article as the duplicate search sees it: its id, its order key, its MinHash signature."""

    article_id: str
    order: tuple[str, str, str]  # (published or "9999", origin, id): the earliest one is the original
    signature: np.ndarray


def find_duplicates(articles: Sequence[Signed], settings: DedupSettings) -> list[DuplicateLink]:
    """Group near-copies; every member of a group points at the group's earliest article."""
    if len(articles) < 2:
        return []
    lsh = MinHashLSH(threshold=settings.duplicate_similarity, num_perm=settings.num_perm)
    for index, article in enumerate(articles):
        lsh.insert(index, _as_minhash(article.signature), check_duplication=False)
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for index, article in enumerate(articles):
        for other in lsh.query(_as_minhash(article.signature)):
            if other <= index:
                continue
            similarity = signature_similarity(article.signature, articles[other].signature)
            if similarity >= settings.duplicate_similarity:
                a, b = root(index), root(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for index in range(len(articles)):
        groups.setdefault(root(index), []).append(index)
    links = []
    for members in groups.values():
        if len(members) < 2:
            continue
        original = min(members, key=lambda i: articles[i].order)
        for member in members:
            if member != original:
                similarity = signature_similarity(articles[member].signature, articles[original].signature)
                links.append(
                    DuplicateLink(
                        articles[member].article_id, articles[original].article_id, round(similarity, 4)
                    )
                )
    return sorted(links, key=lambda link: link.article_id)


def _as_minhash(signature: np.ndarray) -> LeanMinHash:
    # The seed and scheme fingerprint_article's MinHash.bulk used (datasketch 2.0 defaults).
    return LeanMinHash(seed=MINHASH_SEED, hashvalues=signature, scheme=MINHASH_SCHEME)
