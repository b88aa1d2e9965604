"""The ingest loop: records in, analyses stored, one transaction per batch; and ``reanalyze``.

Records stream from the readers through an engine (:mod:`newstrace.engines`) into the database:

- a record whose normalized text is already stored is skipped before analysis (``text_hash``), so running
  the same ingest twice, or again after a crash, adds nothing and costs little;
- a record that does not look English is refused with the reason (:mod:`newstrace.ingest.language`);
- every failure is stored in ``failures`` with its location and reason, and the run goes on;
- each batch of results is written in one transaction: a killed run leaves whole batches only, and the same
  command again stores the rest exactly once;
- how far the readers may run ahead of the database is bounded (:class:`_Gate`, sized from what the engine
  reads ahead of its results: ``Engine.read_ahead``), so memory stays flat.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from newstrace import config
from newstrace.corpus.duplicates import DuplicateFinder
from newstrace.corpus.story_index import add_article as add_to_story
from newstrace.engines.base import Engine, Located
from newstrace.engines.local import LocalEngine
from newstrace.ingest.language import not_english_reason
from newstrace.pipeline import BATCH_SIZE, Result, screen
from newstrace.records import EXTRACTOR_VERSIONS, Analysis, Failure, InputRecord
from newstrace.store.db import open_db
from newstrace.store.rows import extractors_json, insert_article, insert_failure, replace_analysis, text_hash
from newstrace.store.transactions import transaction

Item = InputRecord | Failure


@dataclass(slots=True)
class IngestReport:
    """What an ingest (or reanalyze) run did. ``added`` counts near-duplicates too; ``duplicates`` says how
    many of the added are near-duplicates of an earlier article; ``skipped`` were already stored."""

    added: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    reanalyzed: int = 0
    seconds: float = 0.0
    linked: list[str] = field(default_factory=list)  #: the stories linked after the run (their members changed)

    @property
    def processed(self) -> int:
        return self.added + self.skipped + self.failed + self.reanalyzed

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["linked"] = len(self.linked)
        return {**d, "processed": self.processed}


class Observer(Protocol):
    """Watches a run (e.g. :class:`newstrace.outputs.progress.IngestProgress`); called in the caller's thread.

    ``update`` comes after each stored batch. An observer may also have ``analyzed(done)``, called as each
    record is analyzed (or skipped as already stored) with the number done so far, so that a progress bar
    moves with the records and not only with the batches (:func:`_progress`); it may be called from the thread
    that reads the records, so it must be thread-safe. And ``linking(done, total)``, called as the stories
    the run changed are linked after it (:meth:`newstrace.corpus.Corpus.link`).
    """

    def update(self, report: IngestReport) -> None: ...

    def failed(self, failure: Failure) -> None: ...


class _Quiet:
    def update(self, report: IngestReport) -> None:
        pass

    def failed(self, failure: Failure) -> None:
        pass


class _Gate:
    """Bounds how many records may be read ahead of the ones stored; the reading side can be another thread."""

    def __init__(self, limit: int) -> None:
        self._slots = threading.Semaphore(limit)
        self._closed = threading.Event()

    def admit(self) -> bool:
        """Wait for room; False once the run has ended (stop reading)."""
        while not self._closed.is_set():
            if self._slots.acquire(timeout=0.1):
                return True
        return False

    def release(self) -> None:
        self._slots.release()

    def close(self) -> None:
        self._closed.set()


class _Count:
    """A counter written by one thread and read by another."""

    value = 0


def ingest_items(
    conn: sqlite3.Connection,
    path: Path,
    items: Iterable[Item],
    *,
    engine: Engine | None = None,
    batch_size: int = BATCH_SIZE,
    observer: Observer | None = None,
    analyzed: Iterable[Located] | None = None,
) -> IngestReport:
    """Analyze ``items`` (records and reader failures) with ``engine`` (default: :class:`LocalEngine`) and
    store them in the corpus at ``path`` (open as ``conn``), ``batch_size`` results per transaction.

    ``analyzed``: results computed elsewhere (``engine.run_paths``, e.g. on a Dask cluster, with
    :func:`refuse_non_english` applied to the records there), each with its record's location; they are
    stored instead of analyzing ``items``. Known texts are then skipped when stored, not before analysis.
    """
    engine = engine or LocalEngine()
    observer = observer or _Quiet()
    report, started = IngestReport(), time.monotonic()
    early_skips = _Count()  # already stored, found by the reading side before analysis
    gate = _Gate(engine.read_ahead + batch_size)
    progress = _progress(observer)
    seen = _Count()  # results analyzed in this run

    def admitted() -> Iterator[Item]:  # runs in whichever thread feeds the pipeline: own connection
        known = open_db(path, readonly=True)
        try:
            for item in items:
                if isinstance(item, InputRecord):
                    item = screen(item)  # a record that cannot be analyzed (or hashed) fails alone, here
                if isinstance(item, InputRecord):
                    if known.execute("SELECT 1 FROM articles WHERE hash = ?", (text_hash(item.text),)).fetchone():
                        early_skips.value += 1
                        progress(seen.value + early_skips.value)  # from the reading thread: analyzed() is safe
                        continue
                    item = refuse_non_english(item)
                if not gate.admit():
                    return
                yield item
        finally:
            known.close()

    duplicates = DuplicateFinder(conn)
    pending: list[tuple[Result, str | None]] = []
    late_skips = _Count()  # the same text twice in this run

    def flush() -> None:
        with transaction(conn):
            for result, location in pending:
                _store(conn, duplicates, result, location, report, late_skips, observer)
        pending.clear()
        report.skipped = early_skips.value + late_skips.value
        report.seconds = time.monotonic() - started
        observer.update(report)

    def collect(result: Result, location: str | None) -> None:
        pending.append((result, location))
        seen.value += 1
        progress(seen.value + early_skips.value)

    located = iter(analyzed) if analyzed is not None else engine.run(admitted())
    _run(located, gate, collect, flush, lambda: len(pending) >= batch_size)
    return report


def _progress(observer: Observer) -> Callable[[int], None]:
    """The observer's optional ``analyzed(done)``, else a no-op."""
    analyzed = getattr(observer, "analyzed", None)
    return analyzed if callable(analyzed) else (lambda done: None)


def refuse_non_english(item: Item) -> Item:
    """``item``, or a :class:`Failure` with the reason when it is a record whose text does not look English."""
    if not isinstance(item, InputRecord) or not isinstance(item.text, str) or len(item.text) > config.max_chars():
        return item
    reason = not_english_reason(item.text)
    return item if reason is None else Failure(location=item.location or "?", reason=reason, id=item.id)


def reanalyze_stale(
    conn: sqlite3.Connection,
    path: Path,
    *,
    everything: bool = False,
    engine: Engine | None = None,
    batch_size: int = BATCH_SIZE,
    observer: Observer | None = None,
) -> IngestReport:
    """Re-run the extractors, with ``engine``, on stored articles whose extractor versions differ from the
    current ones (:data:`newstrace.records.EXTRACTOR_VERSIONS`), or on all of them with ``everything``."""
    engine = engine or LocalEngine()
    observer = observer or _Quiet()
    report, started = IngestReport(), time.monotonic()
    current = extractors_json(EXTRACTOR_VERSIONS)
    gate = _Gate(engine.read_ahead + batch_size)

    def stale() -> Iterator[Item]:  # pages by primary key through its own connection, in the feeding thread
        reader = open_db(path, readonly=True)
        last = 0
        try:
            while rows := reader.execute(
                "SELECT pk, id, text, title, source, url, published, published_inferred, location FROM articles "
                "WHERE pk > ? AND (? OR extractors != ?) ORDER BY pk LIMIT 256",
                (last, everything, current),
            ).fetchall():
                for row in rows:
                    last = row["pk"]
                    if not gate.admit():
                        return
                    yield InputRecord(
                        text=row["text"], id=row["id"], title=row["title"], source=row["source"], url=row["url"],
                        published=None if row["published_inferred"] else row["published"],
                        location=row["location"] or f"article {row['id']}",
                    )
        finally:
            reader.close()

    pending: list[Result] = []

    def flush() -> None:
        with transaction(conn):
            for result in pending:
                if isinstance(result, Analysis):
                    replace_analysis(conn, result)
                    conn.execute("INSERT OR REPLACE INTO stale_stories (story_id) SELECT story_id FROM story_articles "
                                 "WHERE article_id = ?", (result.id,))  # its story's links: to recompute
                    report.reanalyzed += 1
                else:
                    insert_failure(conn, result)
                    report.failed += 1
                    observer.failed(result)
        pending.clear()
        report.seconds = time.monotonic() - started
        observer.update(report)

    progress = _progress(observer)
    seen = _Count()

    def collect(result: Result, location: str | None) -> None:
        pending.append(result)
        seen.value += 1
        progress(seen.value)

    _run(engine.run(stale()), gate, collect, flush, lambda: len(pending) >= batch_size)
    return report


def _run(
    results: Iterator[Located],
    gate: _Gate,
    collect: Callable[[Result, str | None], None],
    flush: Callable[[], None],
    full: Callable[[], bool],
) -> None:
    """``collect`` each result and ``flush`` whenever ``full``; always stop the reading side at the end."""
    try:
        for result, location in results:
            gate.release()
            collect(result, location)
            if full():
                flush()
        flush()
    finally:
        gate.close()
        close = getattr(results, "close", None)
        if close is not None:
            close()  # ends worker processes now, not at garbage collection


def _store(
    conn: sqlite3.Connection,
    duplicates: DuplicateFinder,
    result: Result,
    location: str | None,
    report: IngestReport,
    late_skips: _Count,
    observer: Observer,
) -> None:
    if isinstance(result, Failure):
        insert_failure(conn, result)
        report.failed += 1
        observer.failed(result)
        return
    digest = text_hash(result.text)
    if conn.execute("SELECT 1 FROM articles WHERE hash = ?", (digest,)).fetchone():
        late_skips.value += 1
        return
    result.id = _free_id(conn, result.id, digest)
    minhash, original = duplicates.find(result.text)
    insert_article(conn, result, hash=digest, minhash=minhash, duplicate_of=original, location=location)
    add_to_story(conn, result, original)
    report.added += 1
    report.duplicates += original is not None


def _free_id(conn: sqlite3.Connection, wanted: str, digest: str) -> str:
    """``wanted``, or, when another text already has that id, ``wanted~HASHPREFIX`` (both are kept)."""
    for candidate in (wanted, f"{wanted}~{digest[:8]}", f"{wanted}~{digest}"):
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone() is None:
            return candidate
    raise AssertionError(f"article id {wanted!r} with hash {digest} is taken")  # the hash is unique
