"""MinHash LSH banding, one definition for the in-memory index (:mod:`newstrace.link.near_duplicates`, used by
``compare``) and the band table of the store (:mod:`newstrace.store.minhash_bands`, used at ingest), so that
both find the same candidates and pick the same near-duplicate.

A signature of ``num_perm`` hash values is cut into ``bands`` bands of ``rows`` values each; datasketch's
``MinHashLSH`` chooses ``bands`` and ``rows`` for the threshold (8 x 8 for 0.7 and 64), and this is its
choice. Two signatures are candidates when every value of at least one band is the same in both. A band is
looked up by its key, a 64-bit hash (BLAKE2b) of its values, signed so that SQLite stores it as an INTEGER;
two different bands share a key with a chance of about 2^-64, which adds a candidate that the similarity
check then refuses. A candidate is a near-duplicate when the estimated Jaccard similarity of the signatures
(the share of equal hash values, as datasketch's ``MinHash.jaccard``) is at least the threshold; of several,
the most similar, and of equally similar ones the earliest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from hashlib import blake2b
from typing import TypeVar

import numpy as np
from datasketch import MinHashLSH

NUM_PERM = 64
THRESHOLD = 0.7

K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class Banding:
    """How a signature is cut into bands, and the keys of its bands."""

    bands: int
    rows: int

    @property
    def layout(self) -> str:
        """A name for this banding and key function, kept with the band table (a store built with another is
        rebuilt)."""
        return f"bands={self.bands} rows={self.rows} key=blake2b-64"

    def keys(self, hashvalues: np.ndarray) -> list[int]:
        """The key of each band of the signature ``hashvalues`` (band ``i`` is ``keys[i]``)."""
        data = np.ascontiguousarray(hashvalues, dtype="<u8").tobytes()  # little-endian: the same on any machine
        width = 8 * self.rows
        return [
            int.from_bytes(blake2b(data[i * width : (i + 1) * width], digest_size=8).digest(), "little", signed=True)
            for i in range(self.bands)
        ]


@lru_cache(maxsize=8)
def banding(threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> Banding:
    """datasketch's banding for ``threshold`` and ``num_perm`` (false positives and negatives weighed equally)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return Banding(lsh.b, lsh.r)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures' sets: the share of equal hash values."""
    return float(np.count_nonzero(a == b)) / len(a)


def most_similar(hashvalues: np.ndarray, candidates: Iterable[tuple[K, np.ndarray]], threshold: float) -> K | None:
    """The candidate (``(key, hashvalues)``, earliest first) most similar to ``hashvalues`` at or above
    ``threshold``; the earliest of equally similar ones; None when none reaches it. Candidates of another
    length (another ``num_perm``) are not comparable and are passed over."""
    best: tuple[float, K] | None = None
    for key, other in candidates:
        if len(other) != len(hashvalues):
            continue
        sim = similarity(hashvalues, other)
        if sim >= threshold and (best is None or sim > best[0]):
            best = (sim, key)
    return best[1] if best else None
