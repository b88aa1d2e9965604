"""Evaluation gate: quotes on our own dev set (tests/fixtures/quotes_dev), scored by the kit's score.py.

The dev set is fifteen short articles written for this project in US political, wire, UK, business, sports,
local, court, culture and science styles, with hand-made gold quotes (same format as the kit's
seeds.gold.json). Besides score.py's figures, :func:`content_speaker_f1` gives strict content+speaker F1 by
kind: a prediction counts only when it contains a gold key *and* names one of that item's speakers.
Floors live in ``fixtures/dev_floors.json`` (see ``dev_gate.py``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import dev_gate
from newstrace.pipeline import Analyzer
from newstrace.records import Analysis, InputRecord

DEV = Path(__file__).parent / "fixtures" / "quotes_dev"
#: Subsets of gold items by kind: direct quotes; quotes in marks (direct and mixed); every attribution.
KINDS = {"direct": {"direct"}, "marked": {"direct", "mixed"}, "all": {"direct", "mixed", "indirect"}}
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def _fold(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").translate(_FOLD)).strip()


def _names(alias: str, speaker: str) -> bool:
    """score.py's speaker test: the alias appears in the speaker as whole words, case-insensitively."""
    return re.search(r"(?<!\w)" + re.escape(alias.lower()) + r"(?!\w)", speaker.lower()) is not None


def content_speaker_f1(preds: dict[str, dict[str, Any]], gold: dict[str, Any], kinds: set[str]) -> float:
    """Strict F1 over the gold items of ``kinds``. A prediction that contains a gold key belongs to the kinds
    of the items it contains, one that contains none to its own kind; it is right when it contains a key of
    the subset and names one of that item's speakers. Recall is over core items, as in score.py."""
    tp_pred = n_pred = tp_gold = n_gold = 0
    for article in gold["articles"]:
        items = article["quotes"]
        found = [False] * len(items)
        for q in preds.get(article["id"], {}).get("quotes") or []:
            text = _fold(q.get("text"))
            hits = [i for i, g in enumerate(items) if _fold(g["key"]) in text]
            if not (any(items[i]["kind"] in kinds for i in hits) if hits else q.get("kind") in kinds):
                continue
            n_pred += 1
            speaker = _fold(q.get("speaker"))
            right = [
                i
                for i in hits
                if items[i]["kind"] in kinds and speaker and any(_names(a, speaker) for a in items[i]["speaker"])
            ]
            tp_pred += bool(right)
            for i in right:
                found[i] = True
        for g, f in zip(items, found, strict=True):
            if g["kind"] in kinds and g.get("core", True):
                n_gold += 1
                tp_gold += f
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.fixture(scope="module")
def dev_analyses(analyzer: Analyzer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = []
    for line in (DEV / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            records.append(InputRecord(text=d["text"], id=d["id"], published=d.get("published")))
    out = tmp_path_factory.mktemp("quotes_dev") / "pred.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for result in analyzer.analyze_records(records):
            assert isinstance(result, Analysis), result
            f.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    return out


@pytest.fixture(scope="module")
def measured(dev_analyses: Path, shared: Path) -> dict[str, dict[str, float]]:
    cmd = [sys.executable, str(shared / "eval" / "score.py"), str(dev_analyses)]
    cmd += ["--gold", str(DEV / "gold.json"), "--articles", str(DEV / "articles.jsonl"), "--json"]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    preds = {}
    for line in dev_analyses.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        preds[record["id"]] = record
    split = {name: round(content_speaker_f1(preds, gold, kinds), 3) for name, kinds in KINDS.items()}
    return {"score": json.loads(run.stdout), "content_speaker_f1": split}


def test_quotes_dev_gate(measured: dict[str, dict[str, float]]) -> None:
    scores = {**measured["score"], **{f"content_speaker_f1.{k}": v for k, v in measured["content_speaker_f1"].items()}}
    dev_gate.check("quotes", scores)


def check_gold_keys(dev: Path) -> None:
    """Every gold quote key of the dev set in ``dev`` occurs in its article, with a kind and a speaker."""
    texts = {}
    for line in (dev / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            texts[d["id"]] = _fold(d["text"])
    gold = json.loads((dev / "gold.json").read_text(encoding="utf-8"))
    assert len(gold["articles"]) == len(texts)
    for article in gold["articles"]:
        for item in article["quotes"]:
            assert _fold(item["key"]) in texts[article["id"]], (article["id"], item["key"])
            assert item["kind"] in ("direct", "indirect", "mixed") and item["speaker"]


def test_dev_gold_keys_are_in_their_articles() -> None:
    check_gold_keys(DEV)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("direct", 1.0), ("marked", 0.5), ("all", 0.5)],
)
def test_content_speaker_f1_counts_a_wrong_speaker_as_a_miss(kind: str, expected: float) -> None:
    gold = {
        "articles": [
            {
                "id": "a",
                "quotes": [
                    {"key": "We will win", "speaker": ["Ana Ruiz", "Ruiz"], "kind": "direct"},
                    {"key": "main sponsor", "speaker": ["Kallas"], "kind": "mixed"},
                ],
            }
        ]
    }
    preds = {
        "a": {
            "quotes": [
                {"text": "We will win.", "speaker": "Mayor Ana Ruiz", "kind": "direct"},
                {"text": "the main sponsor", "speaker": "Lin Jian", "kind": "mixed"},
            ]
        }
    }
    assert content_speaker_f1(preds, gold, KINDS[kind]) == pytest.approx(expected)


def measure_quote_set(analyzer: Analyzer, shared: Path, dev: Path, out: Path) -> dict[str, float]:
    """A quote dev set (``dev``: articles.jsonl and gold.json) analyzed into ``out`` and scored by score.py, with
    :func:`content_speaker_f1` by kind of quote."""
    records = []
    for line in (dev / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            records.append(InputRecord(text=d["text"], id=d["id"], published=d.get("published")))
    preds = {}
    with out.open("w", encoding="utf-8") as f:
        for result in analyzer.analyze_records(records):
            assert isinstance(result, Analysis), result
            record = result.to_dict()
            preds[record["id"]] = record
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    cmd = [sys.executable, str(shared / "eval" / "score.py"), str(out)]
    cmd += ["--gold", str(dev / "gold.json"), "--articles", str(dev / "articles.jsonl"), "--json"]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    gold = json.loads((dev / "gold.json").read_text(encoding="utf-8"))
    split = {f"content_speaker_f1.{k}": round(content_speaker_f1(preds, gold, v), 3) for k, v in KINDS.items()}
    return {**json.loads(run.stdout), **split}
