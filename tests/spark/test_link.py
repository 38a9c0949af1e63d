"""The vectorised share of equal signature values is signature_similarity's, row by row."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from newsledger.link.fingerprint import signature_similarity
from newsledger.spark.link import _equal_shares


def test_equal_shares_match_signature_similarity_on_sliced_and_uneven_columns() -> None:
    rng = np.random.default_rng(5)
    first = rng.integers(0, 2**63, size=(50, 128), dtype=np.uint64)
    second = first.copy()
    for row, changed in enumerate(rng.integers(0, 129, size=50)):
        second[row, rng.choice(128, size=changed, replace=False)] += np.uint64(1)
    a = pa.array([row.astype("<u8").tobytes() for row in first], pa.binary())
    b = pa.array([row.astype("<u8").tobytes() for row in second], pa.binary())
    expected = [signature_similarity(x, y) for x, y in zip(first, second, strict=True)]
    assert _equal_shares(a, b).tolist() == expected
    # A slice of a column (an offset into its buffers), as Arrow batches hand them out.
    assert _equal_shares(a.slice(7, 20), b.slice(7, 20)).tolist() == expected[7:27]
    # Signatures of several lengths in one column: compared one pair at a time, same answer.
    lengths = [128 if i % 2 else 64 for i in range(50)]
    mixed_a = pa.array([r[:n].astype("<u8").tobytes() for r, n in zip(first, lengths, strict=True)])
    mixed_b = pa.array([r[:n].astype("<u8").tobytes() for r, n in zip(second, lengths, strict=True)])
    assert _equal_shares(mixed_a, mixed_b).tolist() == [
        signature_similarity(x[:n], y[:n]) for x, y, n in zip(first, second, lengths, strict=True)
    ]
    assert _equal_shares(a.slice(0, 0), b.slice(0, 0)).tolist() == []
