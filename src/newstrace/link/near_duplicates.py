"""Near-duplicate articles (wire copies, syndicated reprints) by MinHash over word shingles (datasketch).

``NearDuplicateIndex.add(id, text)`` returns the id of an earlier article whose estimated Jaccard
similarity of 5-word shingles is at least ``threshold``, or None. Candidate lookup is MinHash LSH, so adding
n articles costs about O(n), not O(n²). The banding, the similarity and the choice among candidates are
:mod:`newstrace.lsh`, shared with the band table that ingest keeps in the store
(:mod:`newstrace.store.minhash_bands`): the two find the same near-duplicates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash

from newstrace.lsh import NUM_PERM, THRESHOLD, banding, most_similar

SHINGLE = 5
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@lru_cache(maxsize=8)
def _template(num_perm: int) -> MinHash:
    return MinHash(num_perm=num_perm)


def new_minhash(num_perm: int = NUM_PERM) -> MinHash:
    """An empty MinHash with the usual (seeded) permutations, made once: making them costs more than hashing
    an article's words."""
    t = _template(num_perm)
    return MinHash(num_perm=num_perm, permutations=t.permutations, scheme=t.scheme)


def signature(text: str, num_perm: int = NUM_PERM) -> LeanMinHash:
    """The MinHash signature of ``text``'s word shingles."""
    m = new_minhash(num_perm)
    m.update_batch(shingles(text))
    return LeanMinHash(m)


def signature_bytes(sig: LeanMinHash) -> bytes:
    """Compact form for storage (the hash values as uint64)."""
    return np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()


def signature_from_bytes(data: bytes, seed: int = 1) -> LeanMinHash:
    """A signature stored with :func:`signature_bytes`, with the hashing scheme :func:`signature` uses."""
    # datasketch 2 needs the hashing scheme named to rebuild a signature from its hash values.
    hashvalues = np.frombuffer(data, dtype=np.uint64)
    return LeanMinHash(seed=seed, hashvalues=hashvalues, scheme=_template(len(hashvalues)).scheme)


class NearDuplicateIndex:
    """Finds, for each article added, an earlier near-duplicate of it."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.banding = banding(threshold, num_perm)
        self.buckets: list[defaultdict[int, list[str]]] = [defaultdict(list) for _ in range(self.banding.bands)]
        self.signatures: dict[str, np.ndarray] = {}  # in the order added
        self.order: dict[str, int] = {}

    def add(self, key: str, text_or_signature: str | LeanMinHash) -> str | None:
        """Index ``key``; return the most similar earlier key at or above the threshold (the earliest of equally
        similar ones), else None."""
        sig = text_or_signature
        if not isinstance(sig, LeanMinHash):
            sig = signature(sig, self.num_perm)
        values = np.asarray(sig.hashvalues, dtype=np.uint64)
        keys = self.banding.keys(values)
        found = {other for bucket, k in zip(self.buckets, keys, strict=True) for other in bucket.get(k, ())}
        candidates = ((other, self.signatures[other]) for other in sorted(found, key=self.order.__getitem__))
        best = most_similar(values, candidates, self.threshold)
        if key not in self.signatures:
            for bucket, k in zip(self.buckets, keys, strict=True):
                bucket[k].append(key)
            self.signatures[key] = values
            self.order[key] = len(self.order)
        return best


def originals(items: Iterable[tuple[str, str]], threshold: float = THRESHOLD) -> dict[str, str]:
    """``{copy_id: original_id}`` for the (id, text) pairs, the original being the first seen."""
    index = NearDuplicateIndex(threshold)
    out: dict[str, str] = {}
    for key, text in items:
        orig = index.add(key, text)
        if orig is not None:
            out[key] = out.get(orig, orig)
    return out
