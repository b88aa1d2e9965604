"""Near-duplicate detection (MinHash LSH) and stored signatures."""

from __future__ import annotations

from newstrace.link.near_duplicates import (
    NearDuplicateIndex,
    originals,
    signature,
    signature_bytes,
    signature_from_bytes,
)

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
