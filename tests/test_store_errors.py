"""Issue 20, storage: a database that cannot be written (read-only, full, damaged) is a clear error — what,
which file, what to do — with exit 3, found before work is spent where it can be; an SQLite file of another
program is refused, not filled with our tables."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.corpus import Corpus
from newstrace.errors import NotACorpus, NotADatabase, StoreWriteFailed
from newstrace.records import InputRecord
from newstrace.store.db import storage_error

TEXTS = [f"Mayor Ana Ruiz said {n} homes were flooded in Valencia on Monday, officials said." for n in range(3, 9)]


def _foreign(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'a');"
                       "CREATE TABLE orders (id INTEGER);")
    conn.commit()
    conn.close()
    return path


def _tables(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    finally:
        conn.close()


@pytest.mark.parametrize("readonly", [False, True])
def test_an_unrelated_sqlite_file_is_refused_untouched(tmp_path: Path, readonly: bool) -> None:
    path = _foreign(tmp_path / "app.db")
    with pytest.raises(NotACorpus) as err:
        Corpus(path, readonly=readonly)
    assert str(err.value) == (
        f"[E026] {str(path)!r} is an SQLite database of something else (tables: orders, users), not a newstrace "
        f"corpus; newstrace does not add its tables to it. Give --db a new file name to start a corpus, or the "
        f"path of one made by 'newstrace ingest'.")
    assert _tables(path) == ["orders", "users"]


def test_the_cli_refuses_an_unrelated_file_with_exit_3(tmp_path: Path) -> None:
    path = _foreign(tmp_path / "app.db")
    for args in (["search", "x"], ["relink"], ["export", str(tmp_path / "out.csv")]):
        res = CliRunner().invoke(app, [*args, "--db", str(path)])
        assert res.exit_code == 3 and "is an SQLite database of something else" in res.stderr, args
    assert _tables(path) == ["orders", "users"]


def test_an_empty_file_and_a_new_corpus_are_fine(tmp_path: Path) -> None:
    (tmp_path / "empty.db").write_bytes(b"")
    with Corpus(tmp_path / "empty.db"):
        pass
    with Corpus(tmp_path / "empty.db"):  # migrated now: user_version > 0
        pass


def _records(seen: list[int]) -> Iterator[InputRecord]:
    for i, text in enumerate(TEXTS):
        seen.append(i)
        yield InputRecord(text=text, location=f"r{i}")


def test_a_read_only_database_fails_before_any_work(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Corpus(path):
        pass
    corpus = Corpus(path)
    corpus.conn.close()
    corpus._local.conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    seen: list[int] = []
    with pytest.raises(StoreWriteFailed) as err:
        corpus.ingest_records(_records(seen))
    assert seen == []  # nothing read, nothing analyzed
    assert str(err.value).startswith(f"[E027] cannot write to the corpus {str(path)!r}: attempt to write a readonly")
    assert "make both writable" in str(err.value)


def test_a_full_disk_is_a_clear_error_and_keeps_what_was_stored(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.db"
    with Corpus(path) as corpus:
        pages = corpus.conn.execute("PRAGMA page_count").fetchone()[0]
        corpus.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from here on
        with pytest.raises(StoreWriteFailed) as err:
            corpus.ingest_records(_records([]))
    assert "database or disk is full" in str(err.value) and "free some space" in str(err.value)
    with Corpus(path) as corpus:  # the database is still whole
        assert corpus.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize(
    ("name", "kind", "says"),
    [
        ("SQLITE_READONLY", StoreWriteFailed, "read-only"),
        ("SQLITE_READONLY_DBMOVED", StoreWriteFailed, "read-only"),
        ("SQLITE_FULL", StoreWriteFailed, "disk is full"),
        ("SQLITE_IOERR_WRITE", StoreWriteFailed, "I/O error"),
        ("SQLITE_BUSY", StoreWriteFailed, "write lock"),
        ("SQLITE_CORRUPT", NotADatabase, "sqlite3 x.db .recover"),
        ("SQLITE_NOTADB", NotADatabase, "damaged"),
        ("SQLITE_ERROR", NotADatabase, "cannot be opened"),
    ],
)
def test_storage_errors_say_what_to_do(name: str, kind: type, says: str) -> None:
    err = sqlite3.OperationalError("boom")
    err.sqlite_errorname = name  # type: ignore[attr-defined]
    out = storage_error("x.db", err)
    assert isinstance(out, kind) and says in str(out) and "'x.db'" in str(out)


def test_a_damaged_database_exits_3_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Corpus(path):
        pass
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # the schema page, past the header
    path.write_bytes(bytes(data))
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"text": t}) for t in TEXTS) + "\n")
    res = CliRunner().invoke(app, ["ingest", str(src), "--db", str(path), "--quiet"])
    assert res.exit_code == 3, res.stderr
    assert "damaged" in res.stderr or "malformed" in res.stderr
    assert "Traceback" not in res.stderr
