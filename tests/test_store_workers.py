"""Streaming ingest: input is read only a bounded distance ahead of what is stored (so memory stays flat in
corpus size), with one process and with worker processes; and workers make the same corpus as one process."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstrace.corpus import Corpus, IngestReport
from newstrace.engines import LocalEngine
from newstrace.records import Failure, InputRecord

TEXT = "Dock workers at berth {n} in Antwerp stopped work on Monday, the union said, and {n} ships waited."


class Counting:
    """Records as a generator would give them, counting how many have been taken."""

    def __init__(self, n: int) -> None:
        self.n, self.taken = n, 0

    def __iter__(self) -> Iterator[InputRecord]:
        for i in range(self.n):
            self.taken += 1
            yield InputRecord(text=TEXT.format(n=i), id=f"r{i}", location=f"gen:{i + 1}")


class FirstStore:
    """An observer noting how many records had been read when the first batch was stored."""

    def __init__(self, source: Counting) -> None:
        self.source, self.taken_at_first_store = source, None

    def update(self, report: IngestReport) -> None:
        if self.taken_at_first_store is None:
            self.taken_at_first_store = self.source.taken  # type: ignore[assignment]

    def failed(self, failure: Failure) -> None:
        pass


@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_reading_stays_a_bounded_distance_ahead(tmp_path: Path, analyzer, workers: int) -> None:  # type: ignore[no-untyped-def]
    from newstrace.corpus.ingest import ingest_items

    source = Counting(120)
    observer = FirstStore(source)
    engine = LocalEngine(workers=workers, batch_size=8)
    with Corpus(tmp_path / "c.db") as corpus:
        report = ingest_items(corpus.conn, corpus.path, source, engine=engine, batch_size=8, observer=observer)
    assert report.added == 120
    # the gate's slots (what the engine reads ahead, and a batch), the slots freed by the batch being stored,
    # and the record that waits for a slot
    bound = engine.read_ahead + 8 + 8 + 1
    assert observer.taken_at_first_store is not None and observer.taken_at_first_store <= bound


def _rows(db: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id, hash, duplicate_of, analysis FROM articles ORDER BY pk").fetchall()
    finally:
        conn.close()


@pytest.mark.slow
def test_workers_make_the_same_corpus(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    src = Path(__file__).resolve().parents[1] / "samples" / "articles.jsonl"
    for workers in (1, 2):
        with Corpus(tmp_path / f"w{workers}.db") as corpus:
            report = corpus.ingest([src], engine=LocalEngine(workers=workers))
            assert (report.added, report.duplicates, report.failed) == (8, 1, 0)
    assert _rows(tmp_path / "w1.db") == _rows(tmp_path / "w2.db")


_THREE_WORKERS = """
import sys
from pathlib import Path
from newstrace.corpus import Corpus
from newstrace.engines import LocalEngine
from newstrace.records import InputRecord

text = "Dock workers at berth {} in Antwerp stopped work on Monday, the union said."
records = [InputRecord(text=text.format(i), id=f"r{i}", location=f"gen:{i + 1}") for i in range(40)]
with Corpus(Path(sys.argv[1])) as corpus:
    print(corpus.ingest_records(records, engine=LocalEngine(workers=3, batch_size=2)).added)
"""


@pytest.mark.slow
def test_three_worker_processes_do_not_stall_ingest(tmp_path: Path) -> None:
    """Regression: the ingest's read-ahead gate held ``batch_size * (workers + 2)`` records, less than the
    process pool takes before its first result from three workers up (two batches per worker), so ingest
    waited on itself for ever. The gate is now sized from what the engine says it reads ahead."""
    done = subprocess.run([sys.executable, "-c", _THREE_WORKERS, str(tmp_path / "c.db")], capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "40", done.stderr
