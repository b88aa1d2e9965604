"""Ingest progress: plain periodic lines off a terminal (rate, ETA, counts), a bar on one, nothing with quiet;
and the record-count estimate behind the ETA."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from newstrace.corpus import IngestReport
from newstrace.ingest.estimate import estimate_records
from newstrace.outputs.progress import IngestProgress, describe
from newstrace.records import Failure

FIXTURES = Path(__file__).parent / "fixtures"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _console(terminal: bool) -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=terminal, width=200), buf


def test_plain_lines_every_interval_with_rate_and_eta() -> None:
    console, buf = _console(terminal=False)
    clock = FakeClock()
    with IngestProgress(console, interval=10, clock=clock) as progress:
        progress.set_total(100)
        clock.now = 5
        progress.update(IngestReport(added=10))  # within the interval: no line yet
        assert buf.getvalue() == ""
        clock.now = 20
        progress.update(IngestReport(added=30, duplicates=2, skipped=5, failed=5))
        progress.failed(Failure(location="in.jsonl:7", reason="invalid JSON: Expecting value"))
    lines = buf.getvalue().splitlines()
    assert lines == [
        "ingest: 40/100 records in 20s (2.0/s, about 30s left): 30 added (2 near-duplicates), 5 already stored, "
        "5 failed",
        "in.jsonl:7: invalid JSON: Expecting value",
    ]


def test_plain_line_without_total_has_no_eta() -> None:
    console, buf = _console(terminal=False)
    clock = FakeClock()
    with IngestProgress(console, interval=0, clock=clock) as progress:
        clock.now = 90
        progress.update(IngestReport(added=45))
    assert buf.getvalue().strip() == "ingest: 45 records in 1m30s (0.5/s): 45 added, 0 already stored, 0 failed"


def test_quiet_shows_nothing() -> None:
    for terminal in (False, True):
        console, buf = _console(terminal)
        with IngestProgress(console, quiet=True, interval=0) as progress:
            assert not progress.live
            progress.update(IngestReport(added=3))
            progress.failed(Failure(location="x", reason="y"))
        assert buf.getvalue() == ""


def test_terminal_gets_a_bar_with_rate_and_eta() -> None:
    console, buf = _console(terminal=True)
    with IngestProgress(console) as progress:
        assert progress.live
        progress.set_total(10)
        progress.update(IngestReport(added=4, failed=1))
    out = buf.getvalue()
    assert "5/10" in out and "/s" in out and "ETA" in out and "4 added" in out


@pytest.mark.parametrize(
    ("report", "reanalyze", "text"),
    [
        (IngestReport(), False, "0 added, 0 already stored, 0 failed"),
        (IngestReport(added=3, duplicates=1, skipped=2, failed=1), False,
         "3 added (1 near-duplicates), 2 already stored, 1 failed"),
        (IngestReport(reanalyzed=7, failed=1), True, "7 reanalyzed, 1 failed"),
    ],
)
def test_describe(report: IngestReport, reanalyze: bool, text: str) -> None:
    assert describe(report, reanalyze) == text


def test_estimate_records(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n{"text": "c"}', encoding="utf-8")
    (tmp_path / "b.txt").write_text("One article.", encoding="utf-8")
    (tmp_path / "feed.rss").write_bytes((FIXTURES / "feed.rss").read_bytes())
    (tmp_path / "page.html").write_bytes((FIXTURES / "article.html").read_bytes())
    assert estimate_records([tmp_path]) == 3 + 1 + 3 + 1
    assert estimate_records([FIXTURES / "feed.atom"]) == 2
    assert estimate_records([tmp_path / "a.jsonl", "-"]) is None  # stdin cannot be counted ahead
    assert estimate_records([tmp_path / "missing.jsonl"]) == 1


class _Recorder:
    """An observer that keeps what it is told."""

    def __init__(self) -> None:
        self.analyzed_calls: list[int] = []
        self.updates: list[int] = []

    def analyzed(self, done: int) -> None:
        self.analyzed_calls.append(done)

    def update(self, report: IngestReport) -> None:
        self.updates.append(report.processed)

    def failed(self, failure: Failure) -> None:
        pass


def test_the_bar_moves_with_each_record_not_only_with_each_batch(tmp_path: Path) -> None:
    from newstrace.corpus import Corpus
    from newstrace.records import InputRecord

    texts = [f"Officials in Genoa said on Monday that {n} crew members were hurt in a fire on a ferry." for n in
             range(3, 8)]
    recorder = _Recorder()
    with Corpus(tmp_path / "news.db") as corpus:
        corpus.ingest_records([InputRecord(text=t, id=f"a{n}") for n, t in enumerate(texts)], observer=recorder)
        assert recorder.analyzed_calls == [1, 2, 3, 4, 5]  # one batch of 32 holds them all: one update only
        assert recorder.updates == [5]
        again = _Recorder()  # all known: counted as they are read
        corpus.ingest_records([InputRecord(text=t) for t in texts], observer=again)
        assert again.analyzed_calls == [1, 2, 3, 4, 5]


def test_analyzed_moves_the_bar_before_a_batch_is_stored() -> None:
    console, _buf = _console(terminal=True)
    with IngestProgress(console) as progress:
        progress.set_total(41)
        progress.analyzed(7)
        assert progress._bar is not None and progress._task is not None
        assert progress._bar.tasks[0].completed == 7
        progress.update(IngestReport(added=5))  # the stored counts lag behind: the bar does not go back
        assert progress._bar.tasks[0].completed == 7


@pytest.mark.parametrize("width", [100, 80])
def test_the_bar_is_one_line_at_the_terminal_width(width: int) -> None:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=width, color_system=None)
    with IngestProgress(console) as progress:
        progress.set_total(1041)
        progress.update(IngestReport(added=1000, duplicates=12, skipped=30, failed=11))
    last = buf.getvalue().split("\r")[-1].replace("\x1b[2K", "").replace("\x1b[?25h", "")
    lines = last.rstrip("\n").split("\n")
    assert len(lines) == 1 and len(lines[0]) <= width, lines
    assert "1041/1041" in lines[0] and "ETA" in lines[0]
    if width == 100:
        assert "1,000 added, 30 known, 11 failed" in lines[0]


def test_linking_the_changed_stories_shows_a_line_then_and_at_the_end() -> None:
    console, buf = _console(terminal=False)
    clock = FakeClock()
    with IngestProgress(console, interval=10, clock=clock) as progress:
        clock.now = 15
        progress.linking(64, 200)
        clock.now = 16
        progress.linking(128, 200)  # within the interval: no line
        clock.now = 17
        progress.linking(200, 200)  # the last one always
    assert buf.getvalue().splitlines() == ["ingest: linked 64 of 200 stories", "ingest: linked 200 of 200 stories"]


def test_linking_gets_its_own_bar_at_a_terminal() -> None:
    console, buf = _console(terminal=True)
    with IngestProgress(console) as progress:
        progress.linking(3, 4)
    assert "link stories" in buf.getvalue() and "3/4" in buf.getvalue()
