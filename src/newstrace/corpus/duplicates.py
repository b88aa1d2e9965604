"""Near-duplicates across ingest runs, looked up in the store.

A new article's candidates are the stored articles that share an LSH band with its MinHash signature, found
by one indexed lookup per band in the band table (:mod:`newstrace.store.minhash_bands`); only their
signatures are read. So nothing is loaded when an ingest starts, and memory and the cost per article do not
grow with the corpus. The banding, the similarity and the choice among candidates are those of the in-memory
index that ``compare`` uses (:mod:`newstrace.lsh`, :mod:`newstrace.link.near_duplicates`): both find the
same near-duplicates.

A copy is linked to the root original: a reprint of a reprint points at the first article, not the reprint.
"""

from __future__ import annotations

import sqlite3

import numpy as np

from newstrace.link.near_duplicates import signature, signature_bytes
from newstrace.lsh import NUM_PERM, THRESHOLD, banding, most_similar
from newstrace.store.minhash_bands import candidates, hashvalues, is_current, rebuild
from newstrace.store.transactions import transaction


class DuplicateFinder:
    """Finds, for each new article, the stored article it is a near-duplicate of.

    Opening one rebuilds the band table when it was made with another banding (in its own transaction, so
    open it outside one). An article is found by later ones once it is stored with its signature
    (:func:`newstrace.store.rows.insert_article`), also earlier in the same transaction.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.banding = banding(THRESHOLD, NUM_PERM)
        if not is_current(conn):
            with transaction(conn):
                if not is_current(conn):  # another process rebuilt it meanwhile
                    rebuild(conn)

    def find(self, text: str) -> tuple[bytes, str | None]:
        """The signature of ``text`` (to store with it) and the id of its root original, if it has one."""
        sig = signature(text, NUM_PERM)
        values = np.asarray(sig.hashvalues, dtype=np.uint64)
        rows = candidates(self.conn, self.banding.keys(values))
        stored = ((row, other) for row in rows if (other := hashvalues(row["minhash"])) is not None)
        best = most_similar(values, stored, THRESHOLD)
        return signature_bytes(sig), None if best is None else best["duplicate_of"] or best["id"]
