"""``Corpus``: the Python API over a corpus database; every ``newstrace`` corpus command is a thin wrapper.

>>> corpus = Corpus("newstrace.db")
>>> report = corpus.ingest(["samples/articles.jsonl"])       # doctest: +SKIP
>>> corpus.quotes(speaker="Kowalczyk", since="2026-03-01")    # doctest: +SKIP

A ``Corpus`` may be used from several threads (the web UI): each thread gets its own SQLite connection.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from newstrace.corpus.ingest import IngestReport, Observer, ingest_items, reanalyze_stale
from newstrace.corpus.story_index import rebuild_from_comparison as rebuild_story_index
from newstrace.engines.base import Engine
from newstrace.errors import StoreUsageError
from newstrace.ingest.readers import InputFormat, read_inputs
from newstrace.link.compare import CompareOptions, compare
from newstrace.link.entities import resolve_entities
from newstrace.link.results import Comparison
from newstrace.records import KINDS, Analysis, Failure, InputRecord
from newstrace.store import queries
from newstrace.store.db import open_db, probe_write, storage_error
from newstrace.store.stories import keep_stories, kept_stories
from newstrace.store.transactions import transaction

#: Where the CLI keeps the corpus unless told otherwise (``--db``, ``$NEWSTRACE_DB``).
DEFAULT_DB = "newstrace.db"


class Corpus:
    """A corpus of analyzed articles in one SQLite file, created (and migrated) on first use.

    ``readonly=True`` opens an existing database without ever writing to it (for readers such as the web UI)
    and refuses :meth:`ingest` and :meth:`reanalyze`.
    """

    def __init__(self, path: str | Path = DEFAULT_DB, readonly: bool = False) -> None:
        if str(path) == ":memory:":
            raise StoreUsageError("a corpus lives in a file; pass a path such as 'newstrace.db', not ':memory:'")
        self.path = Path(path)
        self.readonly = readonly
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self.conn  # noqa: B018 - open now, so that a bad path fails here and not at the first query

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection to the database."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = open_db(self.path, readonly=self.readonly)
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        fmt: InputFormat | str = InputFormat.auto,
        observer: Observer | None = None,
        stdin: IO[bytes] | None = None,
        engine: Engine | None = None,
    ) -> IngestReport:
        """Read, analyze and store the articles in ``paths`` (files, folders, ``-`` for stdin).

        Articles already stored (same normalized text) are skipped; near-duplicates are stored and linked to
        their original; every record that fails is stored in ``failures`` with its location and reason.
        ``engine`` runs the analysis: by default one process here; ``LocalEngine(workers=4, model=...)``;
        ``DaskEngine(scheduler=...)`` has the cluster's workers read and analyze partitions of ``paths``, and
        the results are stored here, through this one connection, in input order — the corpus is the one a
        local run makes.
        """
        if engine is not None and engine.reads_on_workers:
            from newstrace.corpus.ingest import refuse_non_english

            self._check_writable("ingest")
            analyzed = engine.run_paths(paths, fmt, prepare=refuse_non_english, ordered=True, stdin=stdin)
            with self._writing():
                return ingest_items(self.conn, self.path, (), engine=engine, observer=observer, analyzed=analyzed)
        return self.ingest_records(read_inputs(paths, stdin=stdin, fmt=fmt), engine=engine, observer=observer)

    def ingest_records(
        self,
        records: Iterable[InputRecord | Failure],
        *,
        engine: Engine | None = None,
        observer: Observer | None = None,
    ) -> IngestReport:
        """:meth:`ingest` for records made in code (a feed watcher, a crawler); failures passed in are stored."""
        self._check_writable("ingest")
        with self._writing():
            return ingest_items(self.conn, self.path, records, engine=engine, observer=observer)

    def reanalyze(
        self,
        *,
        everything: bool = False,
        engine: Engine | None = None,
        observer: Observer | None = None,
    ) -> IngestReport:
        """Re-run extraction, with ``engine`` (default: one process here), on articles whose extractor versions
        are not the current ones (all: ``everything``)."""
        self._check_writable("reanalyze")
        with self._writing():
            return reanalyze_stale(self.conn, self.path, everything=everything, engine=engine, observer=observer)

    def relink(self) -> tuple[Comparison, dict[str, int]]:
        """Compare all stored articles again and keep the resulting stories, each under the id of the kept
        story it shares most articles with. Returns the comparison and what changed (``new``, ``changed``,
        ``gone`` stories, ``moved`` articles; see :func:`newstrace.store.stories.keep_stories`)."""
        self._check_writable("relink")
        comparison = self.compare()
        with self._writing(), transaction(self.conn):
            counts = keep_stories(self.conn, comparison.stories)
            rebuild_story_index(self.conn, comparison, counts)
        return comparison, counts

    def _check_writable(self, what: str) -> None:
        """Refuses a read-only corpus, and a database that cannot be written (read-only file, full disk,
        damaged) before any work is spent: :class:`~newstrace.errors.StoreWriteFailed`."""
        if self.readonly:
            raise StoreUsageError(f"cannot {what}: the corpus {str(self.path)!r} was opened read-only; "
                                  f"open it with Corpus(path) to write")
        probe_write(self.conn, self.path)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """SQLite's storage errors (read-only, full, damaged, locked) as errors that say what to do."""
        try:
            yield
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as err:
            if type(err) not in (sqlite3.OperationalError, sqlite3.DatabaseError):
                raise  # an IntegrityError or ProgrammingError is a bug, not the storage
            raise storage_error(self.path, err) from None

    # --- reading -------------------------------------------------------------------------------------------

    def articles(self, ids: Iterable[str] | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Article metadata (no text), in ingest order."""
        return queries.articles(self.conn, list(ids) if ids is not None else None, limit)

    def analyses(self, ids: Iterable[str] | None = None) -> Iterator[Analysis]:
        """The stored analyses, rebuilt exactly (``Analysis.from_dict``), in ingest order; ``ids`` picks some."""
        if ids is None:
            yield from self._analyses("SELECT text, analysis FROM articles ORDER BY pk", [])
            return
        wanted = list(ids)
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            sql = f"SELECT text, analysis FROM articles WHERE id IN ({', '.join('?' * len(chunk))}) ORDER BY pk"
            yield from self._analyses(sql, chunk)

    def _analyses(self, sql: str, params: list[str]) -> Iterator[Analysis]:
        for row in self.conn.execute(sql, params):
            d = json.loads(row["analysis"])
            d["text"] = row["text"]
            yield Analysis.from_dict(d)

    def analysis(self, id: str) -> Analysis | None:
        """One stored analysis, or None when there is no article ``id``."""
        return next(self.analyses([id]), None)

    def duplicates(self) -> dict[str, str]:
        """``{copy id: original id}`` for every near-duplicate (wire copy, syndicated reprint)."""
        return queries.duplicates(self.conn)

    def quotes(
        self, speaker: str | None = None, since: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Quotes, oldest first; ``speaker`` matches part of a name, ``since`` a date (YYYY-MM-DD) of publication."""
        return queries.quotes(self.conn, speaker, since, limit)

    def figures(self, counted: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Numeric claims; ``counted`` matches part of what is counted or of what the figure measures."""
        return queries.figures(self.conn, counted, limit)

    def entities(self, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Entities across the corpus, resolved as the comparison and the web UI resolve them (one person under
        all the names the articles use, a type voted over the mentions), with the number of articles and of
        mentions, most reported first; ``type`` like PERSON, GPE. The stories are the kept ones (the story is
        context for joining names), else computed."""
        analyses = list(self.analyses())
        kept = self.kept_stories()
        if kept:
            story_of = {a: sid for sid, arts in kept.items() for a in arts}
        else:
            story_of = {a: s.id for s in compare(analyses).stories for a in s.articles}
        found, _ = resolve_entities(analyses, story_of)
        counts = {(a.id, e.id): len(e.mentions) for a in analyses for e in a.entities}
        wanted = type.upper() if type else None
        ranked = sorted(
            ((len(e.articles), sum(counts.get((m.article, m.entity), 0) for m in e.mentions), e)
             for e in found if wanted is None or e.type == wanted),
            key=lambda t: (-t[0], -t[1], t[2].name),
        )
        rows = [{"name": e.name, "type": e.type, "iso": e.iso, "aliases": list(e.aliases), "articles": n,
                 "mentions": m} for n, m, e in ranked]
        return rows if limit is None else rows[: max(0, limit)]

    def failures(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Records that could not be stored: ``location``, ``reason``, ``record_id``, ``at``."""
        return queries.failures(self.conn, limit)

    def search(self, text: str, limit: int | None = 50) -> list[dict[str, Any]]:
        """Full-text search over article text and quotes (every word must occur; "a phrase" in quotes)."""
        return queries.search(self.conn, text, limit)

    def compare(self, options: CompareOptions | None = None) -> Comparison:
        """The comparison of the stored articles (:func:`newstrace.link.compare.compare`), in ingest order,
        with the story ids kept in the corpus (a story keeps its id as articles join it; :meth:`relink`
        stores the stories under their ids)."""
        return compare(self.analyses(), options, kept_stories=self.kept_stories())

    def kept_stories(self) -> dict[str, list[str]]:
        """``{story id: article ids}`` as kept by the last :meth:`relink` (or ``watch`` round)."""
        return kept_stories(self.conn)

    def stats(self) -> dict[str, int]:
        """Row counts: articles, duplicates, failures, and the facts of each registered kind (entities, quotes,
        quantities, times, ...)."""
        counts = {
            t: self.conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
            for t in ("articles", *KINDS, "failures")
        }
        counts["duplicates"] = self.conn.execute(
            "SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL"
        ).fetchone()[0]
        return counts

    def export(self, what: str, fmt: str, out: str | Path | IO[str], *, raw_csv: bool = False) -> int:
        """Write one table (articles, or a fact kind: quotes, quantities, times, entities, ...) as jsonl, csv
        or parquet to ``out`` (a path, replaced whole; or a text stream for jsonl/csv). Returns the number of
        rows written. CSV text cells that would start a spreadsheet formula get a ``'`` first, unless
        ``raw_csv``."""
        from newstrace.store.export import write_export  # pyarrow is loaded only when exporting

        return write_export(queries.export_rows(self.conn, what), what, fmt, out, raw_csv=raw_csv)
