"""Evaluation gate: cross-article entities on the stories dev set (tests/fixtures/stories_dev).

The set's 83 entity pairs (acronyms and their expansions, transliterations, titles, initials, a father and his
son "Jr.", one country's Interior Ministry and another's …) were labelled before the code ran on it. The
articles are analysed and compared as the CLI does, scored by ``score_stories.score``, and the floors of the
"entities" set in ``fixtures/dev_floors.json`` are checked (see ``dev_gate.py``).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import dev_gate
from dev_sets import analyze_articles
from newstrace.link.compare import compare
from newstrace.pipeline import Analyzer

HERE = Path(__file__).resolve().parent
DEV = HERE / "fixtures" / "stories_dev"

_spec = importlib.util.spec_from_file_location("score_stories", HERE / "score_stories.py")
assert _spec and _spec.loader
score_stories = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("score_stories", score_stories)
_spec.loader.exec_module(score_stories)


@pytest.fixture(scope="module")
def measured(analyzer: Analyzer) -> tuple[dict[str, float], list[dict[str, Any]]]:
    articles = [json.loads(line) for line in (DEV / "articles.jsonl").read_text("utf-8").splitlines() if line]
    analyses = analyze_articles(analyzer, articles)
    comparison = compare(analyses).to_dict()
    dicts = [a.to_dict() for a in analyses]
    gold = json.loads((DEV / "gold.json").read_text("utf-8"))
    scores = score_stories.score(comparison, dicts, gold)
    _, rows = score_stories.entity_scores(comparison, dicts, gold["entities"])
    return scores, [r for r in rows if not r["ok"]]


def test_entities_dev_gate(measured: tuple[dict[str, float], list[dict[str, Any]]]) -> None:
    scores, wrong = measured
    detail = "\n".join(
        f"{'missed' if r['same'] else 'merged'} [{r['case']}] {r['a']} ~ {r['b']}" for r in wrong
    )
    dev_gate.check(
        "entities",
        {"same_entity_recall": scores["same_entity_recall"], "no_false_merge": 1 - scores["false_merge_rate"]},
        detail,
    )
