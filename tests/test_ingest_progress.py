"""Ingest progress: plain periodic lines off a terminal (rate, ETA, counts), a bar on one, nothing with quiet;
and the record-count estimate behind the ETA."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from newstrace.ingest.estimate import estimate_records
from newstrace.outputs.progress import IngestProgress, describe
from newstrace.records import Failure
from newstrace.store import IngestReport

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
    assert "5/10" in out and "articles/s" in out and "ETA" in out and "4 added" in out


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
