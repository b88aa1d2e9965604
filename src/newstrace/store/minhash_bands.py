"""The near-duplicate band table: the LSH band keys (:mod:`newstrace.lsh`) of every stored MinHash signature,
so that ingest finds a new article's candidates with one indexed lookup per band and reads the signatures of
those candidates only, however large the corpus (:class:`newstrace.corpus.duplicates.DuplicateFinder`).

``minhash_bands`` has a row ``(band, key, article_pk)`` per band of each article with a signature
(``articles.minhash``), written by :func:`newstrace.store.rows.insert_article` in the transaction that stores
the article; the rows go with their article (``ON DELETE CASCADE``). The text of a stored article never
changes (``reanalyze`` re-runs the extractors only), so neither do its bands. ``minhash_lsh`` keeps the
banding the keys were made with (``Banding.layout``); a store whose table was made with another banding is
rebuilt from ``articles.minhash`` (:func:`rebuild`) before an ingest looks anything up in it.

Every function here runs inside the caller's transaction; none commits.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache

import numpy as np

from newstrace.lsh import NUM_PERM, Banding, banding

#: Articles read per page when the table is rebuilt.
_PAGE = 2048


def hashvalues(minhash: bytes | None) -> np.ndarray | None:
    """A stored signature's hash values (``uint64 x NUM_PERM``), or None for none or one of another size."""
    if minhash is None or len(minhash) != 8 * NUM_PERM:
        return None
    return np.frombuffer(minhash, dtype=np.uint64)


def band_rows(article_pk: int, minhash: bytes | None, lsh: Banding | None = None) -> list[tuple[int, int, int]]:
    """The ``(band, key, article_pk)`` rows of one stored signature (none without one)."""
    values = hashvalues(minhash)
    if values is None:
        return []
    return [(band, key, article_pk) for band, key in enumerate((lsh or banding()).keys(values))]


def insert_bands(conn: sqlite3.Connection, article_pk: int, minhash: bytes | None) -> None:
    """Index the signature of the stored article ``article_pk``."""
    conn.executemany("INSERT INTO minhash_bands (band, key, article_pk) VALUES (?, ?, ?)",
                     band_rows(article_pk, minhash))


@lru_cache(maxsize=4)
def _candidates_sql(bands: int) -> str:
    terms = " OR ".join(["(band = ? AND key = ?)"] * bands)  # one index search per band
    return (f"SELECT pk, id, minhash, duplicate_of FROM articles "
            f"WHERE pk IN (SELECT article_pk FROM minhash_bands WHERE {terms}) ORDER BY pk")


def candidates(conn: sqlite3.Connection, keys: list[int]) -> list[sqlite3.Row]:
    """The stored articles that share a band with the signature whose band keys are ``keys``, earliest first:
    ``pk``, ``id``, ``minhash``, ``duplicate_of``."""
    params = [v for band, key in enumerate(keys) for v in (band, key)]
    return conn.execute(_candidates_sql(len(keys)), params).fetchall()


def is_current(conn: sqlite3.Connection) -> bool:
    """Whether the table was made with today's banding (:func:`newstrace.lsh.banding`)."""
    row = conn.execute("SELECT value FROM minhash_lsh WHERE name = 'layout'").fetchone()
    return row is not None and row[0] == banding().layout


def rebuild(conn: sqlite3.Connection) -> int:
    """Fill the table anew from ``articles.minhash`` with today's banding; returns the articles indexed.

    The rows are gathered in a temporary table and inserted in key order: inserting them in article order
    would put each one at a random place in the table's b-tree, which costs about half as much again at 100,000
    articles and more at a million."""
    lsh = banding()
    conn.execute("DELETE FROM minhash_bands")
    conn.execute("CREATE TEMP TABLE minhash_bands_unsorted (band INTEGER, key INTEGER, article_pk INTEGER)")
    last, indexed = 0, 0
    while rows := conn.execute(
        "SELECT pk, minhash FROM articles WHERE pk > ? AND minhash IS NOT NULL ORDER BY pk LIMIT ?", (last, _PAGE)
    ).fetchall():
        batch = [r for row in rows for r in band_rows(row[0], row[1], lsh)]
        conn.executemany("INSERT INTO temp.minhash_bands_unsorted VALUES (?, ?, ?)", batch)
        indexed += len(batch) // lsh.bands
        last = rows[-1][0]
    conn.execute("INSERT INTO minhash_bands (band, key, article_pk) SELECT band, key, article_pk "
                 "FROM temp.minhash_bands_unsorted ORDER BY band, key, article_pk")
    conn.execute("DROP TABLE temp.minhash_bands_unsorted")
    conn.execute("INSERT OR REPLACE INTO minhash_lsh (name, value) VALUES ('layout', ?)", (lsh.layout,))
    return indexed
