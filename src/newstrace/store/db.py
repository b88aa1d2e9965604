"""Opening the corpus database: WAL mode, foreign keys, migrations; read-only for readers such as the web UI.

WAL lets readers (``newstrace search``, the web UI) work while an ingest writes; each ingest batch is one
transaction, so a killed ingest leaves every finished batch stored and nothing half-stored.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newstrace.errors import DatabaseNotFound, NotACorpus, NotADatabase, SchemaOutdated, StoreWriteFailed
from newstrace.store.schema import current_version, migrate, schema_version

#: Seconds a connection waits for another writer's lock before giving up.
BUSY_TIMEOUT = 60.0


def open_db(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    """A connection to the corpus at ``path``, created and migrated to the current schema unless ``readonly``.

    ``readonly=True`` never writes (opens ``mode=ro``) and raises :class:`~newstrace.errors.DatabaseNotFound`
    for a missing file and :class:`~newstrace.errors.SchemaOutdated` for a database that needs migrating.
    Other failures to open raise :class:`~newstrace.errors.NotADatabase`. Rows come back as
    :class:`sqlite3.Row`. The connection is in autocommit mode: write with
    :func:`newstrace.store.transactions.transaction`.
    """
    name = str(path)
    memory = name == ":memory:"
    if readonly and not memory and not Path(name).is_file():
        raise DatabaseNotFound(name)
    try:
        if readonly and not memory:
            target, uri = f"{Path(name).resolve().as_uri()}?mode=ro", True
        else:
            target, uri = name, False
        conn = sqlite3.connect(target, uri=uri, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as err:
        raise NotADatabase(name, str(err)) from None
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        refuse_foreign(conn, name)
        if readonly:
            found = current_version(conn)
            if found < schema_version():
                raise SchemaOutdated(name, found, schema_version())
        else:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # with WAL: a crash never corrupts, commits survive a kill
            migrate(conn, name)
    except sqlite3.Error as err:
        conn.close()
        raise storage_error(name, err) from None
    except BaseException:
        conn.close()
        raise
    return conn


def refuse_foreign(conn: sqlite3.Connection, path: str) -> None:
    """Raises :class:`NotACorpus` for a database with tables but no newstrace schema version (``user_version``
    0): an SQLite file of another program, which migrating would fill with our tables."""
    if conn.execute("PRAGMA user_version").fetchone()[0] != 0:
        return
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    if tables:
        raise NotACorpus(path, tables)


_ADVICE = {
    "SQLITE_READONLY": "The file or its folder is read-only (permissions, an immutable file, a read-only disk): "
                       "make both writable (SQLite also writes FILE-wal and FILE-shm beside it), or give --db "
                       "another file.",
    "SQLITE_FULL": "The disk is full: free some space, or give --db a file on another disk; every batch that "
                   "finished is stored, and running the same command again goes on from there.",
    "SQLITE_IOERR": "The disk reported an I/O error: check the disk (and free space), then run the command "
                    "again; every batch that finished is stored.",
    "SQLITE_CANTOPEN": "The file (or FILE-wal beside it) cannot be opened for writing: check that the folder "
                       "exists and is writable, or give --db another file.",
    "SQLITE_BUSY": "Another process has held the database's write lock for over a minute: wait for it to end "
                   "(another ingest or watch?), then run the command again.",
    "SQLITE_LOCKED": "Another process has held the database's write lock for over a minute: wait for it to end "
                     "(another ingest or watch?), then run the command again.",
}
_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def storage_error(path: str | Path, err: sqlite3.Error) -> NotADatabase | StoreWriteFailed:
    """The :mod:`newstrace.errors` exception for an SQLite error on the corpus at ``path``, saying what to do."""
    name = str(path)
    code = (getattr(err, "sqlite_errorname", None) or "").split("_", 2)
    family = "_".join(code[:2])
    if family in _DAMAGED:
        return NotADatabase(name, f"{err}; the file is damaged or not a database: restore it from a backup, or "
                                  f"salvage it with: sqlite3 {name} .recover | sqlite3 recovered.db")
    advice = _ADVICE.get(family)
    if advice is None:
        return NotADatabase(name, str(err))
    return StoreWriteFailed(name, str(err), advice)


def probe_write(conn: sqlite3.Connection, path: str | Path) -> None:
    """Write one page and commit, so that a read-only, full or damaged database fails before any work is
    spent on it (raises :class:`StoreWriteFailed` or :class:`NotADatabase`)."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as err:
        raise storage_error(path, err) from None
