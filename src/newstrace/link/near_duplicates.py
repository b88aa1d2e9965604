"""Near-duplicate articles (wire copies, syndicated reprints) by MinHash over word shingles (datasketch).

``NearDuplicateIndex.add(id, text)`` returns the id of an earlier article whose estimated Jaccard
similarity of 5-word shingles is at least ``threshold``, or None. Candidate lookup is MinHash LSH, so adding
n articles costs about O(n), not O(n²).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 64
SHINGLE = 5
THRESHOLD = 0.7
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
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.signatures: dict[str, LeanMinHash] = {}

    def add(self, key: str, text_or_signature: str | LeanMinHash) -> str | None:
        """Index ``key``; return the most similar earlier key at or above the threshold, else None."""
        sig = text_or_signature
        if not isinstance(sig, LeanMinHash):
            sig = signature(sig, self.num_perm)
        best: tuple[float, str] | None = None
        for other in self.lsh.query(sig):
            sim = sig.jaccard(self.signatures[other])
            if sim >= self.threshold and (best is None or sim > best[0]):
                best = (sim, other)
        if key not in self.signatures:
            self.lsh.insert(key, sig)
            self.signatures[key] = sig
        return best[1] if best else None


def originals(items: Iterable[tuple[str, str]], threshold: float = THRESHOLD) -> dict[str, str]:
    """``{copy_id: original_id}`` for the (id, text) pairs, the original being the first seen."""
    index = NearDuplicateIndex(threshold)
    out: dict[str, str] = {}
    for key, text in items:
        orig = index.add(key, text)
        if orig is not None:
            out[key] = out.get(orig, orig)
    return out
