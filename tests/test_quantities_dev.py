"""Evaluation gate: quantity value F1 and change agreement on a hand-annotated dev set of news sentences.

``fixtures/quantities_dev.jsonl`` holds one sentence a line with every quantity in it (value, unit, and
``change``: "up" or "down" when the sentence reports a rise or fall of it), annotated independently of the
extractor; sentences without quantities are hard negatives (years, dates, clock times, model numbers, scores,
addresses). A prediction counts when its span overlaps a gold span and its value is equal (relative
tolerance 1e-3); value+change F1 also needs the same change. Floors sit in ``fixtures/dev_floors.json``;
raising one is fine, lowering one needs a reason in the commit.

``python tests/test_quantities_dev.py`` prints the scores and every miss and false positive.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

import dev_gate
from dev_sets import FIXTURES, gold_spans
from dev_sets import load_dev as _load_dev

DEV = FIXTURES / "quantities_dev.jsonl"


def load_dev() -> list[dict[str, Any]]:
    return _load_dev(DEV)


def same_value(a: Any, b: float) -> bool:
    return isinstance(a, int | float) and math.isclose(float(a), b, rel_tol=1e-3, abs_tol=1e-9)


def f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(rows: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> dict[str, Any]:
    n_gold = n_pred = tp = tp_change = 0
    errors: list[str] = []
    for row, preds in rows:
        text = row["text"]
        spans = list(gold_spans(text, row["quantities"]))
        used: set[int] = set()
        n_pred += len(preds)
        for start, end, g in spans:
            n_gold += 1
            hit = next(
                (i for i, p in enumerate(preds)
                 if i not in used and p["start"] < end and start < p["end"] and same_value(p["value"], g["value"])),
                None,
            )
            if hit is None:
                got = [f"{p['text']!r}={p['value']}" for p in preds if p["start"] < end and start < p["end"]]
                errors.append(f"MISS {g['text']!r}={g['value']} got {got or 'nothing'} | {text}")
                continue
            used.add(hit)
            tp += 1
            if preds[hit].get("change") == g["change"]:
                tp_change += 1
            else:
                errors.append(f"CHG  {g['text']!r} change {preds[hit].get('change')} != {g['change']} | {text}")
        for i, p in enumerate(preds):
            if i not in used:
                errors.append(f"FP   {p['text']!r}={p['value']} | {text}")
    precision, recall, value_f1 = f1(tp, n_pred, n_gold)
    change_f1 = f1(tp_change, n_pred, n_gold)[2]
    return {"precision": precision, "recall": recall, "value_f1": value_f1, "value_change_f1": change_f1,
            "change_acc": tp_change / tp if tp else 0.0, "gold": n_gold, "pred": n_pred, "errors": errors}


def run(analyzer: Any) -> dict[str, Any]:
    rows = []
    for row in load_dev():
        analysis = analyzer.analyze(row["text"])
        rows.append((row, [q.to_dict() for q in analysis.quantities]))
    return score(rows)


@pytest.fixture(scope="module")
def result(analyzer: Any) -> dict[str, Any]:
    return run(analyzer)


def test_dev_set_is_well_formed() -> None:
    rows = load_dev()
    assert 60 <= len(rows) <= 100
    for row in rows:
        for g in row["quantities"]:
            assert g["text"] in row["text"] and g["change"] in (None, "up", "down"), g


def test_quantities_dev_gate(result: dict[str, Any]) -> None:
    scores = {f"quantity_{m}": result[m] for m in ("value_f1", "value_change_f1")}
    dev_gate.check("quantities", scores, "\n".join(result["errors"]))


if __name__ == "__main__":
    from newstrace.pipeline import Analyzer

    out = run(Analyzer())
    print("\n".join(sorted(out["errors"])))
    print({k: round(v, 3) if isinstance(v, float) else v for k, v in out.items() if k != "errors"})
