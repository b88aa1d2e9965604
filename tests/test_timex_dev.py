"""Evaluation gate: TIMEX3 value F1 on a hand-annotated dev set of newswire sentences.

``fixtures/timex_dev.jsonl`` holds one sentence a line with its document creation time and every time
expression in it, annotated by TimeML/TIMEX3 conventions (TimeBank style), independently of the extractor.
A prediction counts when its span overlaps a gold span and its value is equal (TempEval-3 value F1).
The floor sits in ``fixtures/dev_floors.json`` (see ``dev_gate.py``).

``fixtures/timex_dev2.jsonl`` (see ``fixtures/dev2_README.md``) adds markets, disasters, elections, sports,
health, court, weather and reprint sentences, gated as ``timex2``.

``python tests/test_timex_dev.py [timex_dev2.jsonl]`` prints the score and every miss and false positive.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

import dev_gate
from dev_sets import FIXTURES, gold_spans
from dev_sets import load_dev as _load_dev

DEV = FIXTURES / "timex_dev.jsonl"
#: dev set name in ``dev_floors.json`` → its file
SETS = {"timex": DEV, "timex2": FIXTURES / "timex_dev2.jsonl"}


def load_dev(path: Path = DEV) -> list[dict[str, Any]]:
    return _load_dev(path)


def score(rows: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> dict[str, Any]:
    """Value precision, recall and F1 over (sentence, predicted times) pairs, with the errors listed."""
    n_gold = n_pred = tp = 0
    errors: list[str] = []
    for row, preds in rows:
        text = row["text"]
        used: set[int] = set()
        n_pred += len(preds)
        for start, end, g in gold_spans(text, row["timex"]):
            n_gold += 1
            hit = next(
                (i for i, p in enumerate(preds)
                 if i not in used and p["start"] < end and start < p["end"] and p["value"] == g["value"]),
                None,
            )
            if hit is None:
                got = [f"{p['text']!r}={p['value']}" for p in preds if p["start"] < end and start < p["end"]]
                errors.append(f"MISS {row['dct']} {g['text']!r}={g['value']} got {got or 'nothing'} | {text}")
            else:
                used.add(hit)
                tp += 1
        for i, p in enumerate(preds):
            if i not in used:
                errors.append(f"FP   {row['dct']} {p['text']!r}={p['value']} | {text}")
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": n_gold, "pred": n_pred, "errors": errors}


def run(analyzer: Any, path: Path = DEV) -> dict[str, Any]:
    rows = []
    for row in load_dev(path):
        analysis = analyzer.analyze(row["text"], published=row["dct"])
        rows.append((row, [t.to_dict() for t in analysis.times]))
    return score(rows)


@pytest.fixture(scope="module", params=sorted(SETS))
def result(request: pytest.FixtureRequest, analyzer: Any) -> tuple[str, dict[str, Any]]:
    name: str = request.param
    return name, run(analyzer, SETS[name])


@pytest.mark.parametrize("name", sorted(SETS))
def test_dev_set_is_well_formed(name: str) -> None:
    rows = load_dev(SETS[name])
    assert 60 <= len(rows) <= 100
    for row in rows:
        assert len(row["dct"]) == 10, row
        for g in row["timex"]:
            assert g["text"] in row["text"], g


def test_timex_dev_gate(result: tuple[str, dict[str, Any]]) -> None:
    name, out = result
    dev_gate.check(name, {"timex_value_f1": out["f1"]}, "\n".join(out["errors"]))


if __name__ == "__main__":
    from newstrace.pipeline import Analyzer

    out = run(Analyzer(), FIXTURES / sys.argv[1] if len(sys.argv) > 1 else DEV)
    print("\n".join(sorted(out["errors"])))
    print({k: round(v, 3) if isinstance(v, float) else v for k, v in out.items() if k != "errors"})
