"""Near-duplicate detection (MinHash LSH) and stored signatures."""

from __future__ import annotations

import random

import numpy as np
import pytest
from datasketch import MinHashLSH

from newstrace.link.near_duplicates import (
    NearDuplicateIndex,
    originals,
    signature,
    signature_bytes,
    signature_from_bytes,
)
from newstrace.lsh import NUM_PERM, THRESHOLD, Banding, banding, most_similar

BASE = (
    "Firefighters battled a blaze aboard a chemical tanker in the port on Tuesday while officials closed "
    "three berths and diverted traffic to the outer harbour, the port authority said in a statement."
)


def test_signature_round_trip() -> None:
    sig = signature(BASE)
    again = signature_from_bytes(signature_bytes(sig))
    assert sig.jaccard(again) == 1.0


def test_wire_copy_found_and_unrelated_not() -> None:
    copy = BASE + " Distributed by Example Wire."
    other = "The city council approved a new budget for schools and parks after a long debate on Monday night."
    found = originals([("a", BASE), ("b", copy), ("c", other), ("d", copy + " Reprinted.")])
    assert found == {"b": "a", "d": "a"}


def test_index_accepts_stored_signatures() -> None:
    index = NearDuplicateIndex()
    assert index.add("a", signature_from_bytes(signature_bytes(signature(BASE)))) is None
    assert index.add("b", BASE + " More.") == "a"


# --- the shared banding (newstrace.lsh): datasketch's parameters and candidates ----------------------------


@pytest.mark.parametrize(("threshold", "num_perm"), [(0.7, 64), (0.5, 128), (0.9, 32)])
def test_banding_is_datasketchs(threshold: float, num_perm: int) -> None:
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    assert banding(threshold, num_perm) == Banding(lsh.b, lsh.r)
    assert banding() == Banding(8, 8)


def test_same_bands_give_datasketchs_candidates() -> None:
    """The index's candidates are those of datasketch's MinHashLSH over the same signatures."""
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(300)]
    texts = [" ".join(rng.choices(vocab, k=60)) for _ in range(30)]
    for _ in range(30):  # edited copies, some close, some not
        words = rng.choice(texts).split()
        for j in rng.sample(range(60), rng.randint(1, 5)):
            words[j] = rng.choice(vocab)
        texts.append(" ".join(words))
    reference = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    ours: dict[tuple[int, int], set[str]] = {}
    lsh = banding()
    shared = 0
    for i, text in enumerate(texts):
        sig = signature(text)
        keys = list(enumerate(lsh.keys(sig.hashvalues)))
        found = set().union(*(ours.get(k, set()) for k in keys))
        assert found == set(reference.query(sig))
        shared += bool(found)
        reference.insert(str(i), sig)
        for k in keys:
            ours.setdefault(k, set()).add(str(i))
    assert shared >= 5  # copies found (the candidate sets compared are not all empty)


@pytest.mark.parametrize(
    ("sims", "expected"),
    [
        ([0.5, 0.6], None),           # none at the threshold
        ([0.7], 0),                   # at the threshold counts
        ([0.75, 0.9, 0.8], 1),        # the most similar
        ([0.8, 0.9, 0.9], 1),         # of equally similar ones, the earliest
    ],
)
def test_most_similar(sims: list[float], expected: int | None) -> None:
    base = np.arange(100, dtype=np.uint64)
    candidates = []
    for k, sim in enumerate(sims):
        other = base.copy()
        other[round(sim * 100):] += 1000  # the share of equal values is sim
        candidates.append((k, other))
    assert most_similar(base, candidates, 0.7) == expected
    assert most_similar(base, [("short", base[:50]), *candidates], 0.7) == expected  # other sizes: passed over


def test_ties_go_to_the_earliest_article() -> None:
    index = NearDuplicateIndex()
    assert index.add("a", BASE) is None
    assert index.add("b", BASE.upper()) == "a"  # the same shingles, so the same signature
    assert index.add("c", BASE + " More.") == "a"  # as similar to b as to a: the earlier one
