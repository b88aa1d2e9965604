"""Score ``newstrace compare --format json`` output against the statements dev set.

Standard library only. Importable (``score(comparison, articles, gold)``) and a command line::

    python tests/score_statements.py COMPARISON.json \\
        --gold tests/fixtures/statements_dev/gold.json \\
        --articles tests/fixtures/statements_dev/articles.jsonl

Matching. Gold spans are found by ``text`` and ``nth`` (0-based occurrence) in the article text. A gold rendering is
matched by the member of a ``kind == "statement"`` claim in the same article whose [start, end) span overlaps it
most (ties: the earlier claim, then the earlier member); several gold renderings may match members of the same
claim. Metrics:

* ``rendering_recall``: gold renderings matched by some statement-claim member.
* ``statement_pairwise_precision/recall/f1``: over pairs of *matched* gold renderings; a pair is gold-positive when
  both carry the same statement label and predicted-positive when both were matched in the same claim.
* ``verbatim_pairwise_precision/recall/f1`` and ``paraphrase_pairwise_precision/recall/f1``: the same pairwise
  metrics restricted to one class of pairs of matched gold renderings. A pair is *verbatim* when both renderings have
  form ``verbatim`` or ``contained`` (the same words), *paraphrase* when at least one has form ``paraphrase``; a pair
  with a rendering of another or no form is in neither class. Precision: of the pairs of that class predicted in one
  claim, the share gold-same; recall: of the gold-same pairs of that class, the share predicted in one claim. So the
  class is fixed by the gold forms of both renderings of a pair, whether or not they share a label; the pairs of the
  two classes together are the pairs of the overall metrics (when every rendering has one of the three forms).
* ``paraphrase_recall`` / ``contained_recall``: of *all* gold same-statement pairs in which at least one rendering
  has form ``paraphrase`` (resp. ``contained``), the share whose two renderings were both matched in one claim
  (end to end: a pair with an unmatched rendering counts as missed).
* ``citation_precision/recall/f1``: a predicted citation is correct when it is in the same article, overlaps a gold
  citation span and names the same outlet (case-insensitive, a leading "the" removed). Each gold citation can make
  one prediction correct (greatest overlap first); duplicates, wrong names, spans on ``not_citations`` and spans on
  nothing are wrong. ``citation_not_citation_hits`` counts predictions overlapping a ``not_citations`` span.

A ratio with an empty denominator is 0.0.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from typing import Any


def find_span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Character span of the ``nth`` (0-based) occurrence of ``needle`` in ``text``."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            raise ValueError(f"{needle!r} (nth={nth}) not found")
    return pos, pos + len(needle)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def norm_name(name: str) -> str:
    name = " ".join(str(name).split()).lower()
    if name.startswith("the "):
        name = name[4:]
    return name


def _gold_items(texts: dict[str, str], items: list[dict[str, Any]]) -> list[tuple[str, tuple[int, int], dict]]:
    out = []
    for g in items:
        text = texts.get(g["article"])
        if text is None:
            raise ValueError(f"gold names unknown article {g['article']!r}")
        try:
            out.append((g["article"], find_span(text, g["text"], int(g.get("nth", 0))), g))
        except ValueError as exc:
            raise ValueError(f"{g['article']}: {exc}") from None
    return out


def _span(item: dict[str, Any]) -> tuple[int, int] | None:
    try:
        start, end = int(item["start"]), int(item["end"])
    except (KeyError, TypeError, ValueError):
        return None
    return (start, end) if end > start else None


def score(comparison: dict[str, Any], articles: list[dict[str, Any]], gold: dict[str, Any]) -> dict[str, float]:
    texts = {a["id"]: a["text"] for a in articles}
    renderings = _gold_items(texts, gold.get("renderings", []))
    gold_cits = _gold_items(texts, gold.get("citations", []))
    not_cits = _gold_items(texts, gold.get("not_citations", []))

    # statement-claim members by article: (span, claim index, member index)
    members: dict[str, list[tuple[tuple[int, int], int, int]]] = {}
    claims = [c for c in comparison.get("claims", []) if c.get("kind") == "statement"]
    for ci, claim in enumerate(claims):
        for mi, m in enumerate(claim.get("members", [])):
            span = _span(m)
            if span is not None:
                members.setdefault(m.get("article"), []).append((span, ci, mi))

    assigned: list[int | None] = []
    for article, span, _g in renderings:
        best: tuple[int, int, int] | None = None  # (-overlap, claim, member)
        for mspan, ci, mi in members.get(article, []):
            ov = _overlap(span, mspan)
            if ov > 0 and (best is None or (-ov, ci, mi) < best):
                best = (-ov, ci, mi)
        assigned.append(None if best is None else best[1])

    labels = [g["statement"] for _a, _s, g in renderings]
    forms = [g.get("form") for _a, _s, g in renderings]
    matched = [i for i, c in enumerate(assigned) if c is not None]

    def pairwise(keep: Callable[[int, int], bool] = lambda i, j: True) -> tuple[float, float, float]:
        """Pairwise precision, recall and F1 over the pairs of matched renderings that ``keep`` accepts."""
        tp = gold_pos = pred_pos = 0
        for i, j in combinations(matched, 2):
            if not keep(i, j):
                continue
            same_gold = labels[i] == labels[j]
            same_pred = assigned[i] == assigned[j]
            gold_pos += same_gold
            pred_pos += same_pred
            tp += same_gold and same_pred
        p, r = _ratio(tp, pred_pos), _ratio(tp, gold_pos)
        return p, r, _f1(p, r)

    same_words = {"verbatim", "contained"}
    pair_p, pair_r, pair_f1 = pairwise()
    verb_p, verb_r, verb_f1 = pairwise(lambda i, j: forms[i] in same_words and forms[j] in same_words)
    para_p, para_r, para_f1 = pairwise(lambda i, j: "paraphrase" in (forms[i], forms[j]))

    def form_recall(form: str) -> float:
        total = joined = 0
        for i, j in combinations(range(len(renderings)), 2):
            if labels[i] != labels[j] or form not in (forms[i], forms[j]):
                continue
            total += 1
            joined += assigned[i] is not None and assigned[i] == assigned[j]
        return _ratio(joined, total)

    preds = [(c.get("article"), _span(c), norm_name(c.get("cited", ""))) for c in comparison.get("citations", [])]
    candidates = []
    for pi, (article, span, name) in enumerate(preds):
        if span is None:
            continue
        for gi, (g_article, g_span, g) in enumerate(gold_cits):
            ov = _overlap(span, g_span)
            if g_article == article and ov > 0 and name == norm_name(g["cited"]):
                candidates.append((-ov, pi, gi))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _ov, pi, gi in sorted(candidates):
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
    trap_hits = sum(
        1
        for article, span, _n in preds
        if span is not None and any(a == article and _overlap(span, s) > 0 for a, s, _g in not_cits)
    )
    cit_p, cit_r = _ratio(len(used_p), len(preds)), _ratio(len(used_g), len(gold_cits))

    return {
        "rendering_recall": _ratio(len(matched), len(renderings)),
        "statement_pairwise_precision": pair_p,
        "statement_pairwise_recall": pair_r,
        "statement_pairwise_f1": pair_f1,
        "verbatim_pairwise_precision": verb_p,
        "verbatim_pairwise_recall": verb_r,
        "verbatim_pairwise_f1": verb_f1,
        "paraphrase_pairwise_precision": para_p,
        "paraphrase_pairwise_recall": para_r,
        "paraphrase_pairwise_f1": para_f1,
        "paraphrase_recall": form_recall("paraphrase"),
        "contained_recall": form_recall("contained"),
        "citation_precision": cit_p,
        "citation_recall": cit_r,
        "citation_f1": _f1(cit_p, cit_r),
        "citation_not_citation_hits": float(trap_hits),
    }


def offset_mismatches(comparison: dict[str, Any], articles: list[dict[str, Any]]) -> int:
    """Statement members whose ``text`` differs from the article text at [start, end) (a sign of shifted offsets)."""
    texts = {a["id"]: a["text"] for a in articles}
    bad = 0
    for claim in comparison.get("claims", []):
        if claim.get("kind") != "statement":
            continue
        for m in claim.get("members", []):
            span, text = _span(m), texts.get(m.get("article"))
            if span and text is not None and m.get("text") and text[span[0] : span[1]] != m["text"]:
                bad += 1
    return bad


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent / "fixtures" / "statements_dev"
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("comparison", type=Path, help="output of `newstrace compare --format json`")
    ap.add_argument("--gold", type=Path, default=here / "gold.json")
    ap.add_argument("--articles", type=Path, default=here / "articles.jsonl")
    args = ap.parse_args(argv)
    comparison = json.loads(args.comparison.read_text(encoding="utf-8"))
    articles = load_jsonl(args.articles)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    bad = offset_mismatches(comparison, articles)
    if bad:
        print(
            f"warning: {bad} statement members whose text does not match the article at [start, end)", file=sys.stderr
        )
    result = score(comparison, articles, gold)
    print(json.dumps({k: round(v, 4) for k, v in result.items()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
