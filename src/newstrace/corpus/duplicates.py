"""Near-duplicates across ingest runs: the MinHash index of :mod:`newstrace.link.near_duplicates`, rebuilt
from the signatures stored in ``articles.minhash`` when an ingest starts.

A copy is linked to the root original: a reprint of a reprint points at the first article, not the reprint.
"""

from __future__ import annotations

import sqlite3

from newstrace.link.near_duplicates import NearDuplicateIndex, signature, signature_bytes, signature_from_bytes


class DuplicateFinder:
    """Finds, for each new article, the stored article it is a near-duplicate of."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.index = NearDuplicateIndex()
        self.roots: dict[str, str] = {}  # copy id -> original id
        rows = conn.execute("SELECT id, minhash, duplicate_of FROM articles WHERE minhash IS NOT NULL ORDER BY pk")
        for row in rows:
            self.index.add(row["id"], signature_from_bytes(row["minhash"]))
            if row["duplicate_of"]:
                self.roots[row["id"]] = row["duplicate_of"]

    def add(self, article_id: str, text: str) -> tuple[bytes, str | None]:
        """Index a new article; returns its signature (to store) and the id of its original, if it has one."""
        sig = signature(text, self.index.num_perm)
        similar = self.index.add(article_id, sig)
        if similar is None:
            return signature_bytes(sig), None
        original = self.roots.get(similar, similar)
        self.roots[article_id] = original
        return signature_bytes(sig), original
