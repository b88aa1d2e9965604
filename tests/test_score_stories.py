"""Tests for tests/score_stories.py on small hand-built comparisons (standard library only, no newstrace)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("score_stories", HERE / "score_stories.py")
assert _spec and _spec.loader
ss = importlib.util.module_from_spec(_spec)
sys.modules["score_stories"] = ss
_spec.loader.exec_module(ss)

# gold: X = {a1, a2, a3}, Y = {a4, a5}
TEXTS = {
    "a1": "The United Auto Workers struck. The UAW said pay was the issue. Frank Moss Jr. spoke.",
    "a2": "UAW members marched. Frank Moss, the founder, watched.",
    "a3": "The Interior Ministry said police were deployed.",
    "a4": "Jordan's Interior Ministry reopened the crossing.",
    "a5": "A short item with nothing to resolve.",
}


def _span(aid: str, form: str, nth: int = 0) -> list[int]:
    text, pos = TEXTS[aid], -1
    for _ in range(nth + 1):
        pos = text.index(form, pos + 1)
    return [pos, pos + len(form)]


ANALYSES = [
    {
        "id": "a1",
        "text": TEXTS["a1"],
        "entities": [
            {
                "id": "e1",
                "name": "United Auto Workers",
                "type": "ORG",
                "aliases": ["UAW"],
                "mentions": [_span("a1", "United Auto Workers"), _span("a1", "UAW")],
            },
            {
                "id": "e2",
                "name": "Frank Moss Jr.",
                "type": "PERSON",
                "aliases": [],
                "mentions": [_span("a1", "Frank Moss Jr.")],
            },
        ],
    },
    {
        "id": "a2",
        "text": TEXTS["a2"],
        "entities": [
            {"id": "e1", "name": "UAW", "type": "ORG", "aliases": [], "mentions": [_span("a2", "UAW")]},
            # the tagger kept "Frank Moss" only; the gold form "Frank Moss, the founder" overlaps it
            {
                "id": "e2",
                "name": "Frank Moss",
                "type": "PERSON",
                "aliases": [],
                "mentions": [_span("a2", "Frank Moss")],
            },
        ],
    },
    {
        "id": "a3",
        "text": TEXTS["a3"],
        "entities": [
            {
                "id": "e1",
                "name": "Interior Ministry",
                "type": "ORG",
                "aliases": [],
                "mentions": [_span("a3", "Interior Ministry")],
            },
        ],
    },
    {
        "id": "a4",
        "text": TEXTS["a4"],
        "entities": [
            {
                "id": "e7",
                "name": "Jordan's Interior Ministry",
                "type": "ORG",
                "aliases": [],
                "mentions": [_span("a4", "Jordan's Interior Ministry")],
            },
            # an entity without mention spans, found by its alias
            {"id": "e8", "name": "Hashemite Kingdom of Jordan", "type": "GPE", "aliases": ["Kingdom"], "mentions": []},
        ],
    },
    {"id": "a5", "text": TEXTS["a5"], "entities": []},
]

GOLD = {
    "stories": {"a1": "X", "a2": "X", "a3": "X", "a4": "Y", "a5": "Y"},
    "entities": [
        {"a": ["a1", "UAW"], "b": ["a2", "UAW"], "same": True, "case": "acronym"},
        {"a": ["a1", "United Auto Workers"], "b": ["a1", "UAW"], "same": True, "case": "acronym"},
        {"a": ["a2", "Frank Moss, the founder"], "b": ["a1", "Frank Moss Jr."], "same": False, "case": "suffix"},
        {"a": ["a3", "Interior Ministry"], "b": ["a4", "Interior Ministry"], "same": False, "case": "generic-country"},
        {"a": ["a4", "Kingdom"], "b": ["a5", "nothing to resolve"], "same": True, "case": "unresolvable"},
    ],
}


def _comparison(stories: list[list[str]], entities: list[list[tuple[str, str]]]) -> dict:
    return {
        "stories": [{"id": f"s{i}", "articles": arts} for i, arts in enumerate(stories)],
        "entities": [
            {
                "id": f"x{i}",
                "name": "?",
                "type": "?",
                "aliases": [],
                "mentions": [{"article": a, "entity": e, "name": "?"} for a, e in ms],
            }
            for i, ms in enumerate(entities)
        ],
    }


GOOD_ENTITIES = [[("a1", "e1"), ("a2", "e1")], [("a3", "e1")], [("a4", "e7")], [("a1", "e2")], [("a2", "e2")]]


def test_perfect_stories_score_one() -> None:
    m = ss.score(_comparison([["a1", "a2", "a3"], ["a4", "a5"]], GOOD_ENTITIES), ANALYSES, GOLD)
    for k in ("pairwise", "bcubed"):
        for q in ("precision", "recall", "f1"):
            assert m[f"story_{k}_{q}"] == 1.0


def test_merge_of_two_stories() -> None:
    # one predicted story of all 5: 10 predicted pairs, 4 gold pairs, all 4 found
    m = ss.score(_comparison([["a1", "a2", "a3", "a4", "a5"]], GOOD_ENTITIES), ANALYSES, GOLD)
    assert m["story_pairwise_precision"] == pytest.approx(4 / 10)
    assert m["story_pairwise_recall"] == 1.0
    assert m["story_pairwise_f1"] == pytest.approx(4 / 7)
    # B-cubed precision: a1-a3 get 3/5, a4-a5 get 2/5 -> (3*3/5 + 2*2/5) / 5 = 0.52
    assert m["story_bcubed_precision"] == pytest.approx(0.52)
    assert m["story_bcubed_recall"] == 1.0
    assert m["story_bcubed_f1"] == pytest.approx(13 / 19)


def test_split_with_an_article_in_no_story() -> None:
    # X split into {a1, a2} and a3 (listed nowhere: a singleton); Y intact
    m = ss.score(_comparison([["a1", "a2"], ["a4", "a5"]], GOOD_ENTITIES), ANALYSES, GOLD)
    assert m["story_pairwise_precision"] == 1.0
    assert m["story_pairwise_recall"] == pytest.approx(2 / 4)
    assert m["story_pairwise_f1"] == pytest.approx(2 / 3)
    # B-cubed recall: a1, a2 -> 2/3; a3 -> 1/3; a4, a5 -> 1 -> (2/3 + 2/3 + 1/3 + 2) / 5 = 11/15
    assert m["story_bcubed_precision"] == 1.0
    assert m["story_bcubed_recall"] == pytest.approx(11 / 15)
    assert m["story_bcubed_f1"] == pytest.approx(11 / 13)


def test_merge_and_split_at_once() -> None:
    # {a1, a2} and {a3, a4}, a5 alone: predicted pairs (a1,a2), (a3,a4); only the first is gold
    m = ss.score(_comparison([["a1", "a2"], ["a3", "a4"], ["a5"]], GOOD_ENTITIES), ANALYSES, GOLD)
    assert m["story_pairwise_precision"] == pytest.approx(1 / 2)
    assert m["story_pairwise_recall"] == pytest.approx(1 / 4)
    # precision per article: 1, 1, 1/2, 1/2, 1 -> 0.8; recall: 2/3, 2/3, 1/3, 1/2, 1/2 -> 8/15
    assert m["story_bcubed_precision"] == pytest.approx(0.8)
    assert m["story_bcubed_recall"] == pytest.approx(8 / 15)


def test_entities_good_joins() -> None:
    m = ss.score(_comparison([], GOOD_ENTITIES), ANALYSES, GOLD)
    # 3 same pairs: two joined, the unresolvable one is a miss
    assert m["same_entity_recall"] == pytest.approx(2 / 3)
    assert m["same_entity_recall/acronym"] == 1.0
    assert m["same_entity_recall/unresolvable"] == 0.0
    assert m["false_merge_rate"] == 0.0
    # 9 distinct forms; "nothing to resolve" in a5 is the only one not found; "Kingdom" resolves by alias
    # to an article entity that no cross-article entity lists
    assert m["entity_resolved"] == pytest.approx(8 / 9)
    assert m["entity_in_comparison"] == pytest.approx(7 / 9)


def test_entities_careless_joins() -> None:
    bad = [[("a1", "e1")], [("a2", "e1")], [("a3", "e1"), ("a4", "e7")], [("a1", "e2"), ("a2", "e2")]]
    m = ss.score(_comparison([], bad), ANALYSES, GOLD)
    # cross-article UAW pair split; within-article pair still joined
    assert m["same_entity_recall"] == pytest.approx(1 / 3)
    assert m["false_merge_rate"] == 1.0
    assert m["false_merge_rate/suffix"] == 1.0
    assert m["false_merge_rate/generic-country"] == 1.0


def test_local_entities_without_cross_entry() -> None:
    # no cross entities at all: forms of one article still resolve to their own article entity
    m = ss.score({"stories": [], "entities": []}, ANALYSES, GOLD)
    assert m["same_entity_recall"] == pytest.approx(1 / 3)
    assert m["false_merge_rate"] == 0.0
    assert m["entity_in_comparison"] == 0.0


def test_tightest_covering_mention_wins() -> None:
    rec = {
        "id": "t",
        "text": "Port Authority of New York",
        "entities": [
            {"id": "big", "name": "x", "aliases": [], "mentions": [[0, 26]]},
            {"id": "small", "name": "y", "aliases": [], "mentions": [[0, 14]]},
        ],
    }
    assert ss._article_entity(rec, "Port Authority") == "small"
    assert ss._article_entity(rec, "Port Authority of New York") == "big"
    assert ss._article_entity(rec, "Albany") is None


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    comp = tmp_path / "comparison.json"
    comp.write_text(json.dumps(_comparison([["a1", "a2", "a3"], ["a4", "a5"]], GOOD_ENTITIES)))
    ana = tmp_path / "analyses.jsonl"
    ana.write_text("".join(json.dumps(r) + "\n" for r in ANALYSES))
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD))
    assert ss.main([str(comp), "--analyses", str(ana), "--gold", str(gold), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["story_pairwise_f1"] == 1.0
    assert ss.main([str(comp), "--analyses", str(ana), "--gold", str(gold), "--errors"]) == 0
    text = capsys.readouterr().out
    assert "recall by case" in text and "missed" in text


def test_dev_gold_is_consistent() -> None:
    base = HERE / "fixtures" / "stories_dev"
    articles = {a["id"]: a for a in ss.load_jsonl(base / "articles.jsonl")}
    gold = json.loads((base / "gold.json").read_text(encoding="utf-8"))
    assert set(gold["stories"]) == set(articles)
    for pair in gold["entities"]:
        for aid, form in (pair["a"], pair["b"]):
            assert form in articles[aid]["text"], (aid, form)
    for a in articles.values():
        assert {"id", "text", "published", "source", "title", "url"} <= set(a)
        assert 120 <= len(a["text"].split()) <= 450, a["id"]
