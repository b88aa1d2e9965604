"""Explicit transactions on connections opened in autocommit mode (``isolation_level=None``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` when the block raises (the error goes on).

    IMMEDIATE takes the write lock at the start, so two writers wait for each other (``busy_timeout``) instead
    of failing half-way through.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Reads in one transaction (``BEGIN`` ... ``COMMIT``): with WAL, one consistent snapshot of the database
    while another connection writes. Inside a transaction already, it adds nothing."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")
