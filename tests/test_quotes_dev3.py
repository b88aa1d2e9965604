"""Evaluation gate: quotes on the third dev set (tests/fixtures/quotes_dev3, see its README.md).

Thirteen short articles written for issue 15 (live blogs, court reports, press conferences, agency releases, an
interview, wire copy) around fronted indirect content, continued quote paragraphs, quotes inside quotes, apologies
and blame, letters and passive attributions, scored like ``quotes_dev2``; floors are the ``quotes3`` entry of
``fixtures/dev_floors.json``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import dev_gate
from newstrace.pipeline import Analyzer
from newstrace.records import Analysis, InputRecord
from test_quotes_dev import KINDS, check_gold_keys, content_speaker_f1

DEV = Path(__file__).parent / "fixtures" / "quotes_dev3"


@pytest.fixture(scope="module")
def measured(analyzer: Analyzer, shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    records = []
    for line in (DEV / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            records.append(InputRecord(text=d["text"], id=d["id"], published=d.get("published")))
    out = tmp_path_factory.mktemp("quotes_dev3") / "pred.jsonl"
    preds = {}
    with out.open("w", encoding="utf-8") as f:
        for result in analyzer.analyze_records(records):
            assert isinstance(result, Analysis), result
            record = result.to_dict()
            preds[record["id"]] = record
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    cmd = [sys.executable, str(shared / "eval" / "score.py"), str(out)]
    cmd += ["--gold", str(DEV / "gold.json"), "--articles", str(DEV / "articles.jsonl"), "--json"]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    split = {f"content_speaker_f1.{k}": round(content_speaker_f1(preds, gold, v), 3) for k, v in KINDS.items()}
    return {**json.loads(run.stdout), **split}


def test_quotes_dev3_gate(measured: dict[str, float]) -> None:
    dev_gate.check("quotes3", measured)


def test_dev3_gold_keys_are_in_their_articles() -> None:
    check_gold_keys(DEV)
