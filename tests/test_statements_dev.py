"""Statements dev gate: who said what across outlets and who cites whom, scored on the statements dev set.

Floors live in ``fixtures/dev_floors.json`` (see ``dev_gate.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dev_gate
from dev_sets import analyze_articles
from newstrace.link.compare import compare
from newstrace.pipeline import Analyzer
from score_statements import load_jsonl, score

DEV = Path(__file__).parent / "fixtures" / "statements_dev"


@pytest.mark.slow
def test_statements_dev_gate(analyzer: Analyzer) -> None:
    articles = load_jsonl(DEV / "articles.jsonl")
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    analyses = analyze_articles(analyzer, articles)
    result = score(compare(analyses).to_dict(), articles, gold)
    metrics = ("statement_pairwise_precision", "statement_pairwise_recall", "statement_pairwise_f1",
               "verbatim_pairwise_f1", "paraphrase_pairwise_f1", "paraphrase_recall", "contained_recall",
               "citation_precision", "citation_recall", "citation_f1")
    dev_gate.check("statements", {m: result[m] for m in metrics}, json.dumps(result, indent=1))
