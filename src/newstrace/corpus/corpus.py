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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NamedTuple

from newstrace.corpus import links as kept_links
from newstrace.corpus.ingest import IngestReport, Observer, ingest_items, reanalyze_stale
from newstrace.corpus.links import corpus_entity_rows as queries_entities
from newstrace.corpus.story_index import rebuild as rebuild_story_index
from newstrace.corpus.story_index import rename as rename_stories
from newstrace.corpus.story_index import replay
from newstrace.engines.base import Engine
from newstrace.errors import StoreUsageError
from newstrace.ingest.readers import InputFormat, read_inputs
from newstrace.link.compare import assemble, story_record
from newstrace.link.results import Comparison
from newstrace.link.stories import StoryOptions, group_stories
from newstrace.link.story_ids import inherit_ids
from newstrace.link.story_link import StoryLink, link_story
from newstrace.records import KINDS, Analysis, Failure, InputRecord
from newstrace.store import queries
from newstrace.store.db import open_db, probe_write, storage_error
from newstrace.store.stories import keep_stories, kept_stories, kept_stories_of
from newstrace.store.transactions import read_snapshot, transaction

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
                report = ingest_items(self.conn, self.path, (), engine=engine, observer=observer, analyzed=analyzed)
                report.linked = self.link(on_progress=getattr(observer, "linking", None))
                return report
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
            report = ingest_items(self.conn, self.path, records, engine=engine, observer=observer)
            report.linked = self.link(on_progress=getattr(observer, "linking", None))
            return report

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
            report = reanalyze_stale(self.conn, self.path, everything=everything, engine=engine, observer=observer)
            report.linked = self.link(on_progress=getattr(observer, "linking", None))
            return report

    def link(self, engine: Engine | None = None, on_progress: Callable[[int, int], None] | None = None) -> list[str]:
        """Link the stories whose members changed since they were last linked (articles joined them at
        ingest, or were reanalyzed): each story's entities, citations, figure and statement groups and
        timeline, kept in the corpus, and its entities joined into the corpus entities. Reads only those
        stories' articles (:mod:`newstrace.corpus.links`). Ingest, reanalyze and ``watch`` rounds call it;
        returns the ids of the stories linked. ``engine=DaskEngine(...)`` links on a Dask cluster (the one at
        its scheduler, else a local one of its ``workers`` processes); the workers read this database file."""
        self._check_writable("link")
        stale = kept_links.stale(self.conn)
        if not stale:
            return []
        with self._writing():
            if engine is not None and engine.reads_on_workers:
                from newstrace.corpus.cluster import dask_linker

                scheduler, workers = getattr(engine, "scheduler", None), getattr(engine, "workers", 2)
                with dask_linker(self.path, scheduler, workers) as linker:
                    kept_links.link_stale(self.conn, linker, batch=512, on_progress=on_progress)
            else:
                kept_links.link_stale(self.conn, kept_links.local_linker(self._load), on_progress=on_progress)
        return stale

    def _load(self, ids: Sequence[str]) -> list[Analysis]:
        return list(self.analyses(ids))

    def relink(self, engine: Engine | None = None, streaming: bool = False) -> dict[str, int]:
        """Group all stored articles into stories again and keep them, each under the id of the kept story it
        shares most articles with; rebuild the story index; and link every story again (on a Dask cluster
        with ``engine=DaskEngine(...)``). Returns what changed (``new``, ``changed``, ``gone`` stories,
        ``moved`` articles; see :func:`newstrace.store.stories.keep_stories`) and the numbers of
        ``stories`` and ``articles``.

        The grouping holds every analysis and event vector in memory (about 1 GB per 50,000 articles); with
        ``streaming`` the articles are instead grouped again as ingest groups them, one at a time in order of
        publication, through the story index in the store, so memory does not grow with the corpus."""
        self._check_writable("relink")
        if streaming:
            return self._relink_streaming(engine)
        analyses = list(self.analyses())
        duplicates = self.duplicates()
        groups = group_stories(analyses, duplicates, StoryOptions())
        ids = inherit_ids(groups, self.kept_stories())
        arts = {a.id: a for a in analyses}
        stories = [story_record(StoryLink(sid, list(g)), arts, []) for sid, g in zip(ids, groups, strict=True)]
        story_of = {aid: sid for sid, g in zip(ids, groups, strict=True) for aid in g}
        with self._writing(), transaction(self.conn):
            counts = keep_stories(self.conn, stories)
            rebuild_story_index(self.conn, [a for a in analyses if a.id not in duplicates], story_of)
            kept_links.clear(self.conn)
        del analyses, arts
        self.link(engine)
        return {**counts, "stories": len(stories), "articles": len(story_of)}

    def _relink_streaming(self, engine: Engine | None) -> dict[str, int]:
        kept = self.kept_stories()
        reader = open_db(self.path, readonly=True)  # a snapshot to read from while the index is written
        try:
            rows = reader.execute("SELECT text, analysis, duplicate_of FROM articles "
                                  "ORDER BY published IS NULL, published, pk")
            with self._writing():
                replay(self.conn, ((_analysis(r["text"], r["analysis"]), r["duplicate_of"]) for r in rows))
        finally:
            reader.close()
        order = {r[0]: r[1] for r in self.conn.execute("SELECT id, pk FROM articles")}
        provisional = kept_stories(self.conn)
        groups = sorted((sorted(arts, key=order.__getitem__) for arts in provisional.values() if arts),
                        key=lambda g: order[g[0]])
        story_of = {a: sid for sid, arts in provisional.items() for a in arts}
        old_ids = [story_of[g[0]] for g in groups]
        ids = inherit_ids(groups, kept)
        titles = dict(self.conn.execute(
            "SELECT s.story_id, a.title FROM story_articles s JOIN articles a ON a.id = s.article_id "
            "WHERE a.title IS NOT NULL ORDER BY a.pk DESC"))
        stories = [_Kept(sid, titles.get(old), g) for sid, old, g in zip(ids, old_ids, groups, strict=True)]
        with self._writing(), transaction(self.conn):
            counts = keep_stories(self.conn, stories, before=kept)
            rename_stories(self.conn, dict(zip(old_ids, ids, strict=True)))
            kept_links.clear(self.conn)
        self.link(engine)
        return {**counts, "stories": len(stories), "articles": len(order)}

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
        pks: list[int] = []
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            pks += [r[0] for r in self.conn.execute(
                f"SELECT pk FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk)]
        pks.sort()
        for i in range(0, len(pks), 500):
            part = pks[i : i + 500]
            sql = f"SELECT text, analysis FROM articles WHERE pk IN ({', '.join('?' * len(part))}) ORDER BY pk"
            yield from self._analyses(sql, part)

    def _analyses(self, sql: str, params: Sequence[object]) -> Iterator[Analysis]:
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
        mentions, most reported first; ``type`` like PERSON, GPE. Read from the corpus entities the corpus
        keeps (:mod:`newstrace.corpus.links`)."""
        if kept_links.stale(self.conn):  # not linked yet (a read-only corpus): link in memory for the listing
            comparison = self.compare()
            counts = {(a.id, e.id): max(1, len(e.mentions)) for a in comparison.analyses.values() for e in a.entities}
            found = [(len(e.articles), sum(counts.get((m.article, m.entity), 1) for m in e.mentions), e.name, e.type,
                      e.iso, list(e.aliases)) for e in comparison.entities]
        else:
            found = list(queries_entities(self.conn))
        wanted = type.upper() if type else None
        ranked = sorted((f for f in found if wanted is None or f[3] == wanted), key=lambda t: (-t[0], -t[1], t[2]))
        rows = [{"name": name, "type": t, "iso": iso, "aliases": aliases, "articles": n, "mentions": m}
                for n, m, name, t, iso, aliases in ranked]
        return rows if limit is None else rows[: max(0, limit)]

    def failures(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Records that could not be stored: ``location``, ``reason``, ``record_id``, ``at``."""
        return queries.failures(self.conn, limit)

    def search(self, text: str, limit: int | None = 50) -> list[dict[str, Any]]:
        """Full-text search over article text and quotes (every word must occur; "a phrase" in quotes)."""
        return queries.search(self.conn, text, limit)

    def compare(self, stories: Sequence[str] | None = None) -> Comparison:
        """The comparison of the stored articles as the corpus keeps it linked (story ids kept across ingests,
        each story's links computed when it last changed, corpus entities joined across stories); ``stories``
        picks some (and then only their rows are read). A story not linked yet (a read-only corpus after an
        ingest that could not link) is linked here for this comparison, without being stored. Everything is
        read in one transaction, so a writer linking meanwhile is not seen half-way."""
        with read_snapshot(self.conn):
            kept = self.kept_stories() if stories is None else kept_stories_of(self.conn, stories)
            if stories is None and not any(kept.values()):  # stories never kept (a store from before v4)
                from newstrace.link.compare import compare

                return compare(self.analyses())
            ids = [s for s in (stories if stories is not None else kept) if kept.get(s)]
            links = {link.story: link for link in kept_links.load_links(self.conn, ids)}
            stale = set(kept_links.stale(self.conn))
            members = [a for sid in ids for a in kept[sid]]
            arts = {a.id: a for a in self.analyses(members)}
            duplicates = queries.duplicates_of(self.conn, members)
            found = kept_links.entity_ids(self.conn, ids)
        missing = [sid for sid in ids if sid not in links or sid in stale]
        for sid in missing:
            links[sid] = link_story(sid, [arts[a] for a in kept[sid] if a in arts], duplicates)
        ordered = [links[sid] for sid in ids]
        complete = all((link.story, e.id) in found for link in ordered for e in link.entities)
        entities = (kept_links.corpus_entities(ordered, found), found) if complete and not missing else None
        return assemble(ordered, arts, duplicates, entities)

    def stories_of(self, articles: Sequence[str]) -> list[str]:
        """The kept stories holding any of ``articles``."""
        out: dict[str, None] = {}
        for i in range(0, len(articles), 400):
            chunk = list(articles[i : i + 400])
            out.update(dict.fromkeys(r[0] for r in self.conn.execute(
                f"SELECT DISTINCT story_id FROM story_articles WHERE article_id IN ({', '.join('?' * len(chunk))})",
                chunk)))
        return sorted(out)

    def stories_since(self, pk: int) -> list[str]:
        """The kept stories holding an article stored after the article with primary key ``pk``."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT story_id FROM story_articles WHERE article_id IN (SELECT id FROM articles WHERE pk > ?) "
            "ORDER BY story_id", (pk,))]

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


class _Kept(NamedTuple):
    """A story as :func:`~newstrace.store.stories.keep_stories` keeps it."""

    id: str
    title: str | None
    articles: list[str]


def _analysis(text: str, data: str) -> Analysis:
    d = json.loads(data)
    d["text"] = text
    return Analysis.from_dict(d)
