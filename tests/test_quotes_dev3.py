"""Evaluation gate: quotes on the third dev set (tests/fixtures/quotes_dev3, see its README.md).

Thirteen short articles written for issue 15 (live blogs, court reports, press conferences, agency releases, an
interview, wire copy) around fronted indirect content, continued quote paragraphs, quotes inside quotes, apologies
and blame, letters and passive attributions, scored like ``quotes_dev2``; floors are the ``quotes3`` entry of
``fixtures/dev_floors.json``."""

from __future__ import annotations

from pathlib import Path

import pytest

import dev_gate
from newstrace.pipeline import Analyzer
from test_quotes_dev import check_gold_keys, measure_quote_set

DEV = Path(__file__).parent / "fixtures" / "quotes_dev3"


@pytest.fixture(scope="module")
def measured(analyzer: Analyzer, shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    return measure_quote_set(analyzer, shared, DEV, tmp_path_factory.mktemp("quotes_dev3") / "pred.jsonl")


def test_quotes_dev3_gate(measured: dict[str, float]) -> None:
    dev_gate.check("quotes3", measured)


def test_dev3_gold_keys_are_in_their_articles() -> None:
    check_gold_keys(DEV)
