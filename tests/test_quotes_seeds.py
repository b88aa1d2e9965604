"""Evaluation gate: quotes on the seed articles, scored by the kit's own score.py against its gold file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newstrace.pipeline import Analyzer
from newstrace.records import Analysis, InputRecord

#: Floors for the seed articles; raise them when the extractor gets better, never lower them silently.
FLOORS = {
    "quote_e2e_f1": 0.9,
    "quote_precision": 0.9,
    "quote_kind_acc": 0.85,
    "quote_offsets_ok": 1.0,
    "place_iso_acc": 1.0,
    "published_ok": 1.0,
}


@pytest.fixture(scope="module")
def seed_analyses(analyzer: Analyzer, shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    articles = shared / "corpus" / "seeds" / "articles.jsonl"
    records = []
    for line in articles.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            records.append(InputRecord(text=d["text"], id=d.get("id"), published=d.get("published")))
    out = tmp_path_factory.mktemp("seeds") / "pred.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for result in analyzer.analyze_records(records):
            assert isinstance(result, Analysis), result
            f.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    return out


def test_seed_quote_scores_meet_their_floors(seed_analyses: Path, shared: Path) -> None:
    cmd = [
        sys.executable,
        str(shared / "eval" / "score.py"),
        str(seed_analyses),
        "--gold",
        str(shared / "eval" / "seeds.gold.json"),
        "--articles",
        str(shared / "corpus" / "seeds" / "articles.jsonl"),
        "--json",
    ]
    cmd += [f"--require={k}={v}" for k, v in FLOORS.items()]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_seed_quote_offsets_are_exact(seed_analyses: Path) -> None:
    for line in seed_analyses.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for q in record["quotes"]:
            assert record["text"][q["start"] : q["end"]] == q["text"]
            assert q["speaker"] and q["kind"] in ("direct", "indirect", "mixed")
            if q["speaker_span"] is not None:
                s, e = q["speaker_span"]
                assert 0 <= s < e <= len(record["text"])


def test_issue_3_diplomat_is_the_spokesperson_named_before(seed_analyses: Path) -> None:
    """seed-004: "the diplomat" refers back to the Foreign Ministry spokesperson, not to the EU's chief
    diplomat named later in the article."""
    found = []
    for line in seed_analyses.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for q in record["quotes"]:
            s, e = q["speaker_span"] or (0, 0)
            if record["text"][s:e].lower().endswith("diplomat") and q["kind"] == "direct":
                found.append(q["speaker"])
    assert found == ["Lin Jian"]
