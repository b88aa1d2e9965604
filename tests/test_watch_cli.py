"""``newstrace watch`` on the command line: one round with every sink, exit codes, usage errors, and a
SIGTERM that finishes the current article, exits 0, and leaves the rest for the next run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app
from test_watch_helpers import COASTAL_1, COASTAL_2, HARBOUR_1, MONDAY, Item, Site, page, rss, serve

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as s:
        yield s


def publish(site: Site) -> None:
    site.put("/harbour/1.html", page("Fire injures crew on ferry in Genoa", "Harbour Post", HARBOUR_1))
    site.put("/coastal/1.html", page("Ferry fire in Genoa port", "Coastal Wire", COASTAL_1))
    site.put("/coastal/2.html", page("Leeds keeps its libraries open", "Coastal Wire", COASTAL_2))
    site.put("/harbour/rss.xml", rss("Harbour Post", [
        Item("hp-1", "Fire injures crew on ferry in Genoa", site.url("/harbour/1.html"), MONDAY)]))
    site.put("/coastal/rss.xml", rss("Coastal Wire", [
        Item("cw-1", "Ferry fire in Genoa port", site.url("/coastal/1.html"), MONDAY),
        Item("cw-2", "Leeds keeps its libraries open", site.url("/coastal/2.html"), MONDAY),
    ]))


def feeds_file(tmp_path: Path, site: Site, *extra: str) -> Path:
    path = tmp_path / "feeds.txt"
    path.write_text(
        "# the Genoa ferry fire\n"
        f"{site.url('/harbour/rss.xml')}  Harbour Post\n"
        f"{site.url('/coastal/rss.xml')}  Coastal Wire  # wire service\n" + "".join(f"{e}\n" for e in extra),
        encoding="utf-8",
    )
    return path


def test_once_prints_alert_lines_and_writes_every_sink(tmp_path: Path, site: Site) -> None:
    publish(site)
    feeds, db, alerts = feeds_file(tmp_path, site), tmp_path / "news.db", tmp_path / "alerts.jsonl"
    args = ["watch", str(feeds), "--db", str(db), "--once", "--alerts", str(alerts), "--host-delay", "0",
            "--webhook", site.url("/hook")]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    # the first round: one line per story with its counts, not one line per figure and statement
    assert len(lines) == 2
    assert lines[0].startswith('round 1: new story "Fire injures crew on ferry in Genoa" (2 articles, 2 outlets; ')
    assert "corroborated)" in lines[0]
    assert lines[1].startswith('round 1: new story "Leeds keeps its libraries open" (1 article, 1 outlet')
    assert "round 1: feeds 2 fetched; 3 new entries; 3 articles stored;" in res.stderr
    written = [json.loads(line) for line in alerts.read_text(encoding="utf-8").splitlines()]
    assert len(written) == len(lines) and written[0]["kind"] == "new_story"
    assert site.posts == [{"round": 1, "alerts": written}]

    # again: nothing new, no alert lines, exit 0
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and again.stdout == ""
    assert "round 2: feeds 2 not modified; 0 new entries; 0 articles stored; 0 alerts" in again.stderr


def test_a_failing_feed_is_reported_and_the_exit_code_says_so(tmp_path: Path, site: Site) -> None:
    publish(site)
    site.behaviour["/down.xml"] = "500"
    feeds = feeds_file(tmp_path, site, site.url("/down.xml"))
    res = CliRunner().invoke(app, ["watch", str(feeds), "--db", str(tmp_path / "news.db"), "--once",
                                   "--host-delay", "0"])
    assert res.exit_code == 1
    assert f"feed {site.url('/down.xml')}: HTTP 500 Internal Server Error (failure 1; next try " in res.stderr
    assert "3 articles stored" in res.stderr


def test_a_page_that_answers_404_is_a_failure_not_a_story_from_its_teaser(tmp_path: Path, site: Site) -> None:
    publish(site)
    site.put("/gone/rss.xml", rss("Gone Daily", [
        Item("gd-1", "Ferry fire", site.url("/gone/1.html"), MONDAY, summary="Ferry fire in Genoa.")]))
    feeds = feeds_file(tmp_path, site, site.url("/gone/rss.xml"))
    db = tmp_path / "news.db"
    res = CliRunner().invoke(app, ["watch", str(feeds), "--db", str(db), "--once", "--host-delay", "0"])
    assert res.exit_code == 1
    reason = ("cannot fetch the article page: HTTP 404 Not Found; the feed entry's own text is a teaser (4 words, "
              "under the article minimum of 60), not an article")
    assert f"{site.url('/gone/1.html')}: {reason}" in res.stderr
    assert "3 articles stored; 1 failed (1 to retry)" in res.stderr
    assert "Gone Daily" not in res.stdout and len(res.stdout.splitlines()) == 2  # no story from the teaser
    failures = CliRunner().invoke(app, ["failures", "--db", str(db), "--format", "jsonl"])
    assert [json.loads(line)["reason"] for line in failures.stdout.splitlines()] == [reason]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("ftp://x.example/feed\n", [], "[E031]"),
        ("# nothing\n", [], "lists no feeds"),
        ("https://x.example/feed\n", ["--every", "soon"], "[E032]"),
        ("https://x.example/feed\n", ["--webhook", "mailto:me@example.org"], "is not an http(s) URL"),
    ],
)
def test_usage_errors(tmp_path: Path, content: str, args: list[str], message: str) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(content, encoding="utf-8")
    res = CliRunner().invoke(app, ["watch", str(feeds), "--db", str(tmp_path / "news.db"), "--once", *args])
    assert res.exit_code == 2
    assert message in res.stderr
    assert not (tmp_path / "news.db").exists()  # nothing was started


def test_sigterm_finishes_the_current_article_exits_0_and_a_restart_resumes(tmp_path: Path, site: Site) -> None:
    publish(site)
    site.behaviour["/coastal/1.html"] = "hold"  # the second article: SIGTERM arrives while it is being fetched
    feeds, db = feeds_file(tmp_path, site), tmp_path / "news.db"
    cmd = [sys.executable, "-m", "newstrace", "watch", str(feeds), "--db", str(db), "--every", "1h",
           "--host-delay", "0"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert site.held.wait(60), "the watcher never asked for the second article"
        proc.send_signal(signal.SIGTERM)
        site.proceed.set()
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopping after the current article" in err
    assert "stopped early" in err
    with sqlite3.connect(db) as conn:
        assert sorted(r[0] for r in conn.execute("SELECT id FROM articles")) == ["cw-1", "hp-1"]
        assert [r[0] for r in conn.execute("SELECT key FROM watch_entries WHERE state = 'pending'")] == ["cw-2"]
    assert out == ""  # the interrupted round did not compare; the next one will

    res = subprocess.run([*cmd, "--once"], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 3
    assert [p for p in site.paths() if p.endswith(".html")] == ["/harbour/1.html", "/coastal/1.html",
                                                                "/coastal/2.html"]
    assert 'new story "Fire injures crew on ferry in Genoa" (2 articles, 2 outlets; ' in res.stdout


def test_sigterm_between_rounds_ends_the_wait_at_once(tmp_path: Path, site: Site) -> None:
    site.put("/quiet.xml", rss("Quiet", []))
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(site.url("/quiet.xml") + "\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "newstrace", "watch", str(feeds), "--db", str(tmp_path / "news.db"), "--every", "1h"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # wait for the end of round 1: the watcher now waits an hour for round 2
            if line.startswith("round 1:"):
                break
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
