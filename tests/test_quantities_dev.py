"""Evaluation gate: quantity value F1 and change agreement on a hand-annotated dev set of news sentences.

``fixtures/quantities_dev.jsonl`` holds one sentence a line with every quantity in it (value, unit, and
``change``: "up" or "down" when the sentence reports a rise or fall of it), annotated independently of the
extractor; sentences without quantities are hard negatives (years, dates, clock times, model numbers, scores,
addresses). A prediction counts when its span overlaps a gold span and its value is equal (relative
tolerance 1e-3); value+change F1 also needs the same change. Floors sit in ``fixtures/dev_floors.json``;
raising one is fine, lowering one needs a reason in the commit.

``fixtures/quantities_dev2.jsonl`` (see ``fixtures/dev2_README.md``) adds markets, sports, elections, weather,
health and court sentences whose items also carry ``qualifier``, ``counted``, ``high`` (a range's upper end)
and ``previous`` (the earlier value of a "to X from Y" change): on the figures found, their qualifier must be
equal, the gold ``counted`` must be inside the predicted one (case-insensitive), and ``high``/``previous``
must be equal (``range_previous_acc``: all of ``high`` and ``previous`` given in the gold).

``python tests/test_quantities_dev.py [quantities_dev2.jsonl]`` prints the scores and every miss and false
positive.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import pytest

import dev_gate
from dev_sets import FIXTURES, gold_spans
from dev_sets import load_dev as _load_dev

DEV = FIXTURES / "quantities_dev.jsonl"
DEV2 = FIXTURES / "quantities_dev2.jsonl"
#: dev set name in ``dev_floors.json`` → (file, metrics gated)
SETS = {
    "quantities": (DEV, ("value_f1", "value_change_f1")),
    "quantities2": (DEV2, ("value_f1", "value_change_f1", "qualifier_acc", "counted_acc", "range_previous_acc")),
}


def load_dev(path: Path = DEV) -> list[dict[str, Any]]:
    return _load_dev(path)


def same_value(a: Any, b: float) -> bool:
    return isinstance(a, int | float) and math.isclose(float(a), b, rel_tol=1e-3, abs_tol=1e-9)


def f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(rows: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> dict[str, Any]:
    n_gold = n_pred = tp = tp_change = 0
    n_qual = n_counted_n = n_counted = n_extra_n = n_extra = 0
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
            p = preds[hit]
            if p.get("change") == g["change"]:
                tp_change += 1
            else:
                errors.append(f"CHG  {g['text']!r} change {p.get('change')} != {g['change']} | {text}")
            if p.get("qualifier") == g.get("qualifier", "exact"):
                n_qual += 1
            elif "qualifier" in g:
                errors.append(f"QUAL {g['text']!r} qualifier {p.get('qualifier')} != {g['qualifier']} | {text}")
            if "counted" in g:
                n_counted_n += 1
                if g["counted"].lower() in (p.get("counted") or "").lower():
                    n_counted += 1
                else:
                    errors.append(f"CNT  {g['text']!r} counted {p.get('counted')!r} != {g['counted']!r} | {text}")
            for key in ("high", "previous"):
                if key in g:
                    n_extra_n += 1
                    if p.get(key) is not None and same_value(p.get(key), g[key]):
                        n_extra += 1
                    else:
                        errors.append(f"{key.upper()[:4]} {g['text']!r} {key} {p.get(key)} != {g[key]} | {text}")
        for i, p in enumerate(preds):
            if i not in used:
                errors.append(f"FP   {p['text']!r}={p['value']} | {text}")
    precision, recall, value_f1 = f1(tp, n_pred, n_gold)
    change_f1 = f1(tp_change, n_pred, n_gold)[2]
    return {"precision": precision, "recall": recall, "value_f1": value_f1, "value_change_f1": change_f1,
            "change_acc": tp_change / tp if tp else 0.0,
            "qualifier_acc": n_qual / tp if tp else 0.0,
            "counted_acc": n_counted / n_counted_n if n_counted_n else 0.0,
            "range_previous_acc": n_extra / n_extra_n if n_extra_n else 0.0,
            "gold": n_gold, "pred": n_pred, "errors": errors}


def run(analyzer: Any, path: Path = DEV) -> dict[str, Any]:
    rows = []
    for row in load_dev(path):
        analysis = analyzer.analyze(row["text"])
        rows.append((row, [q.to_dict() for q in analysis.quantities]))
    return score(rows)


@pytest.fixture(scope="module", params=sorted(SETS))
def result(request: pytest.FixtureRequest, analyzer: Any) -> tuple[str, dict[str, Any]]:
    name: str = request.param
    return name, run(analyzer, SETS[name][0])


@pytest.mark.parametrize("name", sorted(SETS))
def test_dev_set_is_well_formed(name: str) -> None:
    rows = load_dev(SETS[name][0])
    assert 60 <= len(rows) <= 100
    for row in rows:
        for g in row["quantities"]:
            assert g["text"] in row["text"] and g["change"] in (None, "up", "down"), g


def test_quantities_dev_gate(result: tuple[str, dict[str, Any]]) -> None:
    name, out = result
    scores = {f"quantity_{m}": out[m] for m in SETS[name][1]}
    dev_gate.check(name, scores, "\n".join(out["errors"]))


if __name__ == "__main__":
    from newstrace.pipeline import Analyzer

    out = run(Analyzer(), FIXTURES / sys.argv[1] if len(sys.argv) > 1 else DEV)
    print("\n".join(sorted(out["errors"])))
    print({k: round(v, 3) if isinstance(v, float) else v for k, v in out.items() if k != "errors"})
