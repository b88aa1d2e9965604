"""The claims dev-set scorer (tests/score_claims.py) on hand-made comparisons; standard library only."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from score_claims import DEFAULT_ARTICLES, DEFAULT_GOLD, compatible, load_articles, locate, score

HERE = Path(__file__).resolve().parent
METRICS = ["figure_recall", "grouping_pairwise_precision", "grouping_pairwise_recall", "grouping_pairwise_f1",
           "grouping_pairwise_recall_e2e", "grouping_pairwise_f1_e2e", "differs_precision", "differs_recall",
           "updated_precision", "updated_recall", "status_accuracy"]


def member(articles: dict[str, str], article: str, text: str, nth: int = 0) -> dict[str, Any]:
    span = locate(articles[article], text, nth)
    assert span is not None, (article, text, nth)
    return {"article": article, "text": text, "start": span[0], "end": span[1]}


def perfect(articles: list[dict[str, Any]], gold: dict[str, Any]) -> dict[str, Any]:
    """One claim per gold measure, holding exactly its figures, with the gold status."""
    texts = {a["id"]: a["text"] for a in articles}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold["figures"]:
        m = member(texts, g["article"], g["text"], g["nth"])
        m.update(value=g["value"], qualifier=g["qualifier"], unit=g.get("unit"), as_of=g.get("as_of"))
        groups[g["measure"]].append(m)
    claims = [{"id": f"q{i}", "kind": "quantity", "subject": gold["measures"][label]["subject"],
               "status": gold["measures"][label]["status"], "story": gold["measures"][label]["story"],
               "members": ms} for i, (label, ms) in enumerate(groups.items())]
    return {"claims": claims}


# ------------------------------------------------------------------ the fixture itself

def test_fixture_loads_and_every_gold_span_is_found() -> None:
    articles = load_articles(DEFAULT_ARTICLES)
    gold = json.loads(DEFAULT_GOLD.read_text(encoding="utf-8"))
    texts = {a["id"]: a["text"] for a in articles}
    assert len(texts) == len(articles)
    listed = [a for s in gold["stories"].values() for a in s["articles"]]
    assert sorted(listed) == sorted(texts)
    for g in gold["figures"]:
        assert g["measure"] in gold["measures"], g
        assert locate(texts[g["article"]], g["text"], g["nth"]) is not None, g
        story = gold["measures"][g["measure"]]["story"]
        assert g["article"] in gold["stories"][story]["articles"], g
    assert {m["status"] for m in gold["measures"].values()} == {"corroborated", "differs", "updated", "single_source"}


def test_perfect_prediction_scores_one_everywhere() -> None:
    articles = load_articles(DEFAULT_ARTICLES)
    gold = json.loads(DEFAULT_GOLD.read_text(encoding="utf-8"))
    metrics = score(perfect(articles, gold), articles, gold)
    for name in METRICS:
        assert metrics[name] == pytest.approx(1.0), name
    assert metrics["n_matched_figures"] == len(gold["figures"])


def test_merging_two_measures_of_the_fixture_lowers_precision_only() -> None:
    articles = load_articles(DEFAULT_ARTICLES)
    gold = json.loads(DEFAULT_GOLD.read_text(encoding="utf-8"))
    comparison = perfect(articles, gold)
    by_label = {c["subject"]: c for c in comparison["claims"]}
    national = by_label[gold["measures"]["quake_toll"]["subject"]]
    province = by_label[gold["measures"]["quake_toll_dervan"]["subject"]]
    national["members"] += province["members"]
    comparison["claims"].remove(province)
    metrics = score(comparison, articles, gold)
    assert metrics["figure_recall"] == 1.0
    assert metrics["grouping_pairwise_recall"] == 1.0
    # 9 national and 2 provincial figures: 9 * 2 = 18 wrong pairs against all the right ones
    n = defaultdict(int)
    for g in gold["figures"]:
        n[g["measure"]] += 1
    right = sum(k * (k - 1) // 2 for k in n.values())
    assert (n["quake_toll"], n["quake_toll_dervan"]) == (9, 2)
    assert metrics["grouping_pairwise_precision"] == pytest.approx(right / (right + 18))


# ------------------------------------------------------------------ a small story worked out by hand

A1 = "Police arrested at least 40 people. The ministry said 12 were injured. The toll stood at 10."
A2 = "Police arrested 32 people. The hospital treated 30 injured. The toll rose to 25."
ARTICLES = [{"id": "a1", "text": A1, "published": "2026-01-01"}, {"id": "a2", "text": A2, "published": "2026-01-02"}]
TEXTS = {"a1": A1, "a2": A2}
GOLD = {
    "stories": {"s": {"articles": ["a1", "a2"]}},
    "measures": {
        "arrests": {"story": "s", "subject": "people arrested", "status": "differs"},
        "injured": {"story": "s", "subject": "people injured", "status": "differs"},
        "toll": {"story": "s", "subject": "people killed", "status": "updated"},
    },
    "figures": [
        {"article": "a1", "text": "at least 40", "nth": 0, "measure": "arrests", "value": 40, "qualifier": "at_least"},
        {"article": "a1", "text": "12", "nth": 0, "measure": "injured", "value": 12, "qualifier": "exact"},
        {"article": "a1", "text": "10", "nth": 0, "measure": "toll", "value": 10, "qualifier": "exact"},
        {"article": "a2", "text": "32", "nth": 0, "measure": "arrests", "value": 32, "qualifier": "exact"},
        {"article": "a2", "text": "30", "nth": 0, "measure": "injured", "value": 30, "qualifier": "exact"},
        {"article": "a2", "text": "25", "nth": 0, "measure": "toll", "value": 25, "qualifier": "exact"},
    ],
}


def claim(status: str, *members: dict[str, Any], kind: str = "quantity") -> dict[str, Any]:
    return {"id": f"c{id(members)}", "kind": kind, "subject": "x", "status": status, "story": "s",
            "members": list(members)}


def test_small_perfect() -> None:
    metrics = score(perfect(ARTICLES, GOLD), ARTICLES, GOLD)
    for name in METRICS:
        assert metrics[name] == pytest.approx(1.0), name


def test_everything_merged_into_one_differs_claim() -> None:
    everything = [member(TEXTS, g["article"], g["text"]) for g in GOLD["figures"]]
    metrics = score({"claims": [claim("differs", *everything)]}, ARTICLES, GOLD)
    # 6 figures found; 15 pairs all predicted same, 3 of them gold-same
    assert metrics["figure_recall"] == 1.0
    assert metrics["grouping_pairwise_precision"] == pytest.approx(3 / 15)
    assert metrics["grouping_pairwise_recall"] == 1.0
    assert metrics["grouping_pairwise_f1"] == pytest.approx(1 / 3)
    assert metrics["grouping_pairwise_f1_e2e"] == pytest.approx(1 / 3)
    # the one differs claim holds both arrest figures (a gold differs measure): right; both disputes are in it
    assert metrics["differs_precision"] == 1.0
    assert metrics["differs_recall"] == 1.0
    # no updated claim: precision is vacuous, the toll's update is missed
    assert metrics["updated_precision"] == 1.0
    assert metrics["updated_recall"] == 0.0
    # arrests and injured get 'differs' (right), the toll gets 'differs' (wrong)
    assert metrics["status_accuracy"] == pytest.approx(2 / 3)


def test_split_missed_and_spurious() -> None:
    comparison = {"claims": [
        claim("single_source", member(TEXTS, "a1", "at least 40")),
        claim("single_source", member(TEXTS, "a2", "32")),
        # a member spanning more than the gold figure still matches it by overlap
        claim("corroborated", member(TEXTS, "a1", "12 were"), member(TEXTS, "a2", "30")),
        # the toll's first figure is missed; a spurious member overlaps no gold figure
        claim("differs", member(TEXTS, "a2", "25"), member(TEXTS, "a1", "Police")),
        # statement claims are ignored
        claim("differs", *[member(TEXTS, g["article"], g["text"]) for g in GOLD["figures"]], kind="statement"),
    ]}
    metrics = score(comparison, ARTICLES, GOLD)
    assert metrics["figure_recall"] == pytest.approx(5 / 6)
    # found: 40, 32, 12, 30, 25 -> gold-same pairs (40, 32) and (12, 30); predicted-same only (12, 30)
    assert metrics["grouping_pairwise_precision"] == 1.0
    assert metrics["grouping_pairwise_recall"] == pytest.approx(1 / 2)
    assert metrics["grouping_pairwise_f1"] == pytest.approx(2 / 3)
    # 3 gold-same pairs in all (the toll pair has a missed figure)
    assert metrics["grouping_pairwise_recall_e2e"] == pytest.approx(1 / 3)
    assert metrics["grouping_pairwise_f1_e2e"] == pytest.approx(0.5)
    # the differs claim holds one toll figure only: wrong; neither dispute is in a differs claim
    assert metrics["differs_precision"] == 0.0
    assert metrics["differs_recall"] == 0.0
    assert metrics["updated_precision"] == 1.0
    assert metrics["updated_recall"] == 0.0
    # arrests: split 1-1, the first claim (single_source) wins the tie -> wrong; injured: corroborated -> wrong;
    # the toll has one figure found and is not judged
    assert metrics["status_accuracy"] == 0.0
    assert metrics["n_status_judged"] == 2


def test_right_groups_one_wrong_status_and_members_without_offsets() -> None:
    def bare(article: str, text: str) -> dict[str, Any]:
        return {"article": article, "text": text}  # located by its text

    comparison = {"claims": [
        claim("differs", bare("a1", "at least 40"), bare("a2", "32")),
        claim("corroborated", member(TEXTS, "a1", "12"), member(TEXTS, "a2", "30")),
        claim("updated", member(TEXTS, "a1", "10"), member(TEXTS, "a2", "25")),
    ]}
    metrics = score(comparison, ARTICLES, GOLD)
    assert metrics["figure_recall"] == 1.0
    assert metrics["grouping_pairwise_f1"] == 1.0
    assert metrics["differs_precision"] == 1.0
    assert metrics["differs_recall"] == pytest.approx(1 / 2)
    assert metrics["updated_precision"] == 1.0
    assert metrics["updated_recall"] == 1.0
    assert metrics["status_accuracy"] == pytest.approx(2 / 3)


def test_compatible_follows_qualifiers() -> None:
    def f(value: float, qualifier: str = "exact", unit: str | None = None) -> dict[str, Any]:
        return {"value": value, "qualifier": qualifier, "unit": unit}

    assert compatible(f(155, "at_least"), f(163))
    assert not compatible(f(155), f(163, "at_least"))
    assert compatible(f(30, "approx"), f(31))
    assert not compatible(f(30, "approx"), f(32))
    assert not compatible(f(40, "more_than"), f(40))
    assert compatible(f(75, unit="basis point"), f(0.75, unit="percentage point"))
    assert not compatible(f(2_500_000, unit="EUR"), f(3_000_000, "more_than", "EUR"))


def test_cli(tmp_path: Path) -> None:
    out = tmp_path / "compare.json"
    out.write_text(json.dumps(perfect(ARTICLES, GOLD)), encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD), encoding="utf-8")
    arts = tmp_path / "articles.jsonl"
    arts.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(HERE / "score_claims.py"), str(out), "--gold", str(gold),
                          "--articles", str(arts)], capture_output=True, text=True, check=True)
    metrics = json.loads(run.stdout)
    assert metrics["status_accuracy"] == 1.0
