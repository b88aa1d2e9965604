"""Tests for tests/score_statements.py on small hand-built comparisons (no newstrace import)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("score_statements", HERE / "score_statements.py")
assert _spec and _spec.loader
ss = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ss)

DEV = HERE / "fixtures" / "statements_dev"

A1 = (
    'Gao said "We are not a party to it." Beijing said it was not involved. Later Gao said "Sanctions are '
    'illegal." That was according to Reuters. Then the ministry wrote a note.'
)
A2 = '"We are not a party to it, and never were," Gao said, as AFP reported.'
ARTICLES = [{"id": "a1", "text": A1}, {"id": "a2", "text": A2}]
GOLD = {
    "statements": {"A": {}, "B": {}},
    "renderings": [
        {"article": "a1", "text": "We are not a party to it", "nth": 0, "statement": "A", "form": "contained"},
        {"article": "a1", "text": "it was not involved", "nth": 0, "statement": "A", "form": "paraphrase"},
        {"article": "a1", "text": "Sanctions are illegal", "nth": 0, "statement": "B", "form": "verbatim"},
        {
            "article": "a2",
            "text": "We are not a party to it, and never were",
            "nth": 0,
            "statement": "A",
            "form": "verbatim",
        },
    ],
    "citations": [
        {"article": "a1", "cited": "Reuters", "text": "according to Reuters", "nth": 0},
        {"article": "a2", "cited": "AFP", "text": "as AFP reported", "nth": 0},
    ],
    "not_citations": [{"article": "a1", "text": "the ministry wrote", "nth": 0}],
}
R0, R1, R2, R3 = (
    ("a1", "We are not a party to it"),
    ("a1", "it was not involved"),
    ("a1", "Sanctions are illegal"),
    ("a2", "We are not a party to it, and never were"),
)
TEXTS = {"a1": A1, "a2": A2}


def member(ref: tuple[str, str], trim: int = 0) -> dict:
    article, text = ref
    start = TEXTS[article].index(text)
    return {
        "article": article,
        "text": text[trim:],
        "start": start + trim,
        "end": start + len(text),
        "source": "x",
        "match": None,
    }


def claim(cid: str, *members: dict, kind: str = "statement") -> dict:
    return {"id": cid, "kind": kind, "subject": "", "status": "", "members": list(members)}


def cit(article: str, text: str, cited: str) -> dict:
    start = TEXTS[article].index(text)
    return {"article": article, "cited": cited, "text": text, "start": start, "end": start + len(text)}


def test_perfect() -> None:
    comparison = {
        "claims": [
            claim("c1", member(R0), member(R1), member(R3)),
            claim("c2", member(R2)),
            # quantity claims are ignored even when they cover gold renderings
            claim("q1", {"article": "a1", "start": 0, "end": len(A1)}, kind="quantity"),
        ],
        "citations": [cit("a1", "according to Reuters", "reuters"), cit("a2", "as AFP reported", "The AFP")],
    }
    result = ss.score(comparison, ARTICLES, GOLD)
    for key, value in result.items():
        assert value == (0.0 if key == "citation_not_citation_hits" else 1.0), key
    # verbatim pairs: (R0,R3) joined, (R0,R2) and (R2,R3) apart; paraphrase pairs: (R0,R1), (R1,R3) joined,
    # (R1,R2) apart
    for form in ("verbatim", "paraphrase"):
        for metric in ("precision", "recall", "f1"):
            assert result[f"{form}_pairwise_{metric}"] == 1.0, (form, metric)


def test_wrong_join_and_misses() -> None:
    # R0 and R2 wrongly joined; R3 alone; R1 not found.
    comparison = {
        "claims": [claim("x", member(R0), member(R2)), claim("y", member(R3))],
        "citations": [
            cit("a1", "according to Reuters", "AFP"),  # right span, wrong name
            cit("a1", "the ministry wrote", "ministry"),  # a trap
            cit("a2", "as AFP reported", "AFP"),  # correct
        ],
    }
    r = ss.score(comparison, ARTICLES, GOLD)
    assert r["rendering_recall"] == pytest.approx(3 / 4)
    # matched pairs: (R0,R2) predicted-same but different statements; (R0,R3) same statement, split; (R2,R3) neither
    assert r["statement_pairwise_precision"] == 0.0
    assert r["statement_pairwise_recall"] == 0.0
    assert r["statement_pairwise_f1"] == 0.0
    # verbatim pairs: (R0,R2) the same as overall, so all 0; no matched pair involves a paraphrase (R1 is unfound):
    # empty denominators, 0.0
    for form in ("verbatim", "paraphrase"):
        for metric in ("precision", "recall", "f1"):
            assert r[f"{form}_pairwise_{metric}"] == 0.0, (form, metric)
    # paraphrase pairs (R0,R1), (R1,R3); contained pairs (R0,R1), (R0,R3): none joined
    assert r["paraphrase_recall"] == 0.0
    assert r["contained_recall"] == 0.0
    assert r["citation_precision"] == pytest.approx(1 / 3)
    assert r["citation_recall"] == pytest.approx(1 / 2)
    assert r["citation_f1"] == pytest.approx(0.4)
    assert r["citation_not_citation_hits"] == 1.0


def test_partial_grouping_best_overlap_and_duplicates() -> None:
    # z = {R0 (partial span), R3}; w = {R1, R2}; v holds a smaller overlap with R1 and must lose to w.
    small = {"article": "a1", "text": "it was", "start": A1.index("it was not"), "end": A1.index("it was not") + 6}
    comparison = {
        "claims": [
            claim("v", small),
            claim("z", member(R0, trim=7), member(R3)),
            claim("w", member(R1), member(R2)),
        ],
        "citations": [
            cit("a1", "according to Reuters", "Reuters"),
            cit("a1", "according to Reuters", "Reuters"),  # duplicate: wrong
            cit("a2", "as AFP reported", "The AFP"),
        ],
    }
    r = ss.score(comparison, ARTICLES, GOLD)
    assert r["rendering_recall"] == 1.0
    # gold-same pairs (R0,R1), (R0,R3), (R1,R3); predicted-same (R0,R3), (R1,R2); one in common
    assert r["statement_pairwise_precision"] == pytest.approx(1 / 2)
    assert r["statement_pairwise_recall"] == pytest.approx(1 / 3)
    assert r["statement_pairwise_f1"] == pytest.approx(0.4)
    # verbatim pairs (R0,R3) gold-same and joined, (R0,R2), (R2,R3) apart: perfect
    assert r["verbatim_pairwise_precision"] == 1.0
    assert r["verbatim_pairwise_recall"] == 1.0
    assert r["verbatim_pairwise_f1"] == 1.0
    # paraphrase pairs: (R1,R2) joined but different statements, (R0,R1) and (R1,R3) gold-same but split
    assert r["paraphrase_pairwise_precision"] == 0.0
    assert r["paraphrase_pairwise_recall"] == 0.0
    assert r["paraphrase_pairwise_f1"] == 0.0
    assert r["paraphrase_recall"] == 0.0  # (R0,R1) and (R1,R3) split
    assert r["contained_recall"] == pytest.approx(1 / 2)  # (R0,R3) joined, (R0,R1) split
    assert r["citation_precision"] == pytest.approx(2 / 3)
    assert r["citation_recall"] == 1.0
    assert r["citation_f1"] == pytest.approx(0.8)
    assert r["citation_not_citation_hits"] == 0.0


def test_pairwise_by_form_partial() -> None:
    # p = {R0, R1, R2}, q = {R3}
    comparison = {"claims": [claim("p", member(R0), member(R1), member(R2)), claim("q", member(R3))]}
    r = ss.score(comparison, ARTICLES, GOLD)
    # overall: predicted-same (R0,R1) (R0,R2) (R1,R2); gold-same (R0,R1) (R0,R3) (R1,R3); common (R0,R1)
    assert r["statement_pairwise_precision"] == pytest.approx(1 / 3)
    assert r["statement_pairwise_recall"] == pytest.approx(1 / 3)
    # verbatim: predicted-same (R0,R2) is wrong; gold-same (R0,R3) is split
    assert r["verbatim_pairwise_precision"] == 0.0
    assert r["verbatim_pairwise_recall"] == 0.0
    assert r["verbatim_pairwise_f1"] == 0.0
    # paraphrase: predicted-same (R0,R1) right, (R1,R2) wrong; gold-same (R0,R1) joined, (R1,R3) split
    assert r["paraphrase_pairwise_precision"] == pytest.approx(1 / 2)
    assert r["paraphrase_pairwise_recall"] == pytest.approx(1 / 2)
    assert r["paraphrase_pairwise_f1"] == pytest.approx(1 / 2)


def test_pairwise_by_form_over_joined_verbatim() -> None:
    # s = {R0, R2, R3}, t = {R1}
    comparison = {"claims": [claim("s", member(R0), member(R2), member(R3)), claim("t", member(R1))]}
    r = ss.score(comparison, ARTICLES, GOLD)
    # verbatim: predicted-same (R0,R2) wrong, (R0,R3) right, (R2,R3) wrong; the one gold-same pair (R0,R3) joined
    assert r["verbatim_pairwise_precision"] == pytest.approx(1 / 3)
    assert r["verbatim_pairwise_recall"] == 1.0
    assert r["verbatim_pairwise_f1"] == pytest.approx(1 / 2)
    # paraphrase: nothing predicted-same (precision 0.0 by the empty-denominator rule); (R0,R1), (R1,R3) split
    assert r["paraphrase_pairwise_precision"] == 0.0
    assert r["paraphrase_pairwise_recall"] == 0.0
    assert r["paraphrase_pairwise_f1"] == 0.0
    # a rendering without a form is in neither class: without R2's form only (R0,R3) is a verbatim pair
    gold = json.loads(json.dumps(GOLD))
    del gold["renderings"][2]["form"]
    r = ss.score(comparison, ARTICLES, gold)
    assert r["verbatim_pairwise_precision"] == 1.0
    assert r["verbatim_pairwise_recall"] == 1.0
    assert r["statement_pairwise_precision"] == pytest.approx(1 / 3)  # the overall metrics still count R2


def test_empty_comparison() -> None:
    r = ss.score({"claims": [], "citations": []}, ARTICLES, GOLD)
    assert all(v == 0.0 for v in r.values())


def test_find_span_nth() -> None:
    assert ss.find_span("a b a b", "a b", 1) == (4, 7)
    with pytest.raises(ValueError):
        ss.find_span("a b", "a b", 1)


def test_dev_set_gold_is_consistent() -> None:
    articles = ss.load_jsonl(DEV / "articles.jsonl")
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    texts = {a["id"]: a["text"] for a in articles}
    assert len(articles) >= 30 and len({s["story"] for s in gold["statements"].values()}) >= 6
    for key in ("renderings", "citations", "not_citations"):
        for g in gold[key]:
            ss.find_span(texts[g["article"]], g["text"], g["nth"])
    for r in gold["renderings"]:
        assert r["statement"] in gold["statements"]
        assert r["form"] in {"verbatim", "contained", "paraphrase"}
        assert r["kind"] in {"direct", "indirect", "mixed"}


def test_cli_on_perfect_prediction(tmp_path: Path) -> None:
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    texts = {a["id"]: a["text"] for a in ss.load_jsonl(DEV / "articles.jsonl")}
    claims: dict[str, list[dict]] = {}
    for r in gold["renderings"]:
        start, end = ss.find_span(texts[r["article"]], r["text"], r["nth"])
        claims.setdefault(r["statement"], []).append(
            {"article": r["article"], "text": r["text"], "start": start, "end": end}
        )
    citations = []
    for c in gold["citations"]:
        start, end = ss.find_span(texts[c["article"]], c["text"], c["nth"])
        citations.append({"article": c["article"], "cited": c["cited"], "text": c["text"], "start": start, "end": end})
    comparison = {
        "claims": [{"id": k, "kind": "statement", "members": v} for k, v in claims.items()],
        "citations": citations,
    }
    path = tmp_path / "comparison.json"
    path.write_text(json.dumps(comparison), encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            str(HERE / "score_statements.py"),
            str(path),
            "--gold",
            str(DEV / "gold.json"),
            "--articles",
            str(DEV / "articles.jsonl"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout)
    assert result["statement_pairwise_f1"] == 1.0 and result["citation_f1"] == 1.0
    assert result["verbatim_pairwise_f1"] == 1.0 and result["paraphrase_pairwise_f1"] == 1.0
    assert result["rendering_recall"] == 1.0 and result["citation_not_citation_hits"] == 0.0
