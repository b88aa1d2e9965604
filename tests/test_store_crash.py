"""Crash safety for real: an ingest killed with SIGKILL mid-run, then run again, stores every article exactly
once, with the same near-duplicate links and facts as a run that was never interrupted."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newstrace.corpus import Corpus

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles.jsonl"
N_ARTICLES = 100


def synthetic_corpus(path: Path, n: int, seed: int = 5) -> Path:
    """``n`` articles recombined from the sample sentences; every tenth is a near-copy of the one before."""
    sentences = [
        s.strip() + "."
        for line in SAMPLES.read_text(encoding="utf-8").splitlines()
        for s in json.loads(line)["text"].replace("\n", " ").split(". ")
        if len(s.split()) > 4
    ]
    rng = random.Random(seed)
    records: list[dict[str, str]] = []
    for i in range(n):
        if i % 10 == 9:
            text = records[-1]["text"] + " A spokesperson confirmed the report."
        else:
            text = " ".join(rng.sample(sentences, 8))
        records.append({"id": f"syn-{i:04d}", "text": text, "published": f"2026-03-{1 + i % 28:02d}"})
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _ingest_cmd(src: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "newstrace", "ingest", str(src), "--db", str(db), "--quiet"]


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet, or being migrated
        return 0


def _snapshot(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    articles = conn.execute("SELECT id, hash, duplicate_of, published FROM articles ORDER BY id").fetchall()
    facts = {
        t: conn.execute(f'SELECT article_id, start, "end", extractor FROM {t} ORDER BY 1, 2, 3').fetchall()
        for t in ("mentions", "quotes", "quantities", "times")
    }
    fts = conn.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'port'").fetchone()[0]
    conn.close()
    return {"articles": articles, "facts": facts, "fts": fts}


@pytest.mark.slow
def test_sigkill_mid_ingest_then_rerun_stores_every_article_once(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    src = synthetic_corpus(tmp_path / "corpus.jsonl", N_ARTICLES)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    killed_db = tmp_path / "killed.db"
    proc = subprocess.Popen(_ingest_cmd(src, killed_db), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        while proc.poll() is None and _count(killed_db) == 0:
            time.sleep(0.02)
        assert proc.poll() is None, f"the ingest ended before it could be killed: {proc.stderr.read()!r}"  # type: ignore[union-attr]
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    partial = _count(killed_db)
    assert proc.returncode == -signal.SIGKILL
    assert 0 < partial < N_ARTICLES, "the kill should land mid-run"

    rerun = subprocess.run(_ingest_cmd(src, killed_db), env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr

    clean_db = tmp_path / "clean.db"
    with Corpus(clean_db) as corpus:
        report = corpus.ingest([src])
    assert report.added == N_ARTICLES and report.duplicates == N_ARTICLES // 10

    resumed, clean = _snapshot(killed_db), _snapshot(clean_db)
    assert len(resumed["articles"]) == N_ARTICLES  # type: ignore[arg-type]
    assert resumed == clean
    with Corpus(killed_db, readonly=True) as corpus:
        assert corpus.failures() == []
        assert len(corpus.duplicates()) == N_ARTICLES // 10
