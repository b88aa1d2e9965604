"""Opening the corpus database: WAL mode, foreign keys, migrations; read-only for readers such as the web UI.

WAL lets readers (``newstrace search``, the web UI) work while an ingest writes; each ingest batch is one
transaction, so a killed ingest leaves every finished batch stored and nothing half-stored.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newstrace.errors import DatabaseNotFound, NotADatabase, SchemaOutdated
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
        raise NotADatabase(name, str(err)) from None
    except BaseException:
        conn.close()
        raise
    return conn
