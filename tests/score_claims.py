"""Scores the claim groups of ``newstrace compare --format json`` against the claims dev set (standard library only).

    python tests/score_claims.py COMPARISON.json --gold tests/fixtures/claims_dev/gold.json \\
        --articles tests/fixtures/claims_dev/articles.jsonl [--details]

Only ``kind == "quantity"`` claims count. Each gold figure is located in its article by ``text``/``nth`` and
matched to the predicted member of the same article whose ``start``/``end`` span overlaps it most (a member
without offsets is located by its ``text``, first occurrence). Metrics (all floats in [0, 1]; a ratio with
nothing to count is 1.0):

- ``figure_recall``: gold figures matched by some member of some quantity claim.
- ``grouping_pairwise_precision/recall/f1``: unordered pairs of matched gold figures; gold-same = same measure
  label, predicted-same = same claim. ``grouping_pairwise_recall_e2e``/``grouping_pairwise_f1_e2e`` also count
  the gold-same pairs with an unmatched figure as misses.
- ``differs_precision``: predicted ``differs`` claims whose matched gold figures include >= 2 of one gold
  ``differs`` measure (a claim with no matched gold figure is wrong). ``differs_recall``: gold ``differs``
  measures for which some predicted ``differs`` claim holds >= 2 of its figures whose values disagree
  (incompatible intervals: "at least 155" ~ "163", not "155" ~ "at least 163"; "about" is +-5%).
- ``updated_precision``/``updated_recall``: the same for ``updated``, where recall asks for >= 2 figures of the
  measure with different values in one predicted ``updated`` claim.
- ``status_accuracy``: gold measures with >= 2 matched figures whose predicted claim (the one holding most of
  them; on a tie the first in the file) has the gold status.

Counts (``n_*``) are reported too. ``--details`` writes the missed figures, wrong joins/splits and wrong
statuses to stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE / "fixtures" / "claims_dev" / "gold.json"
DEFAULT_ARTICLES = HERE / "fixtures" / "claims_dev" / "articles.jsonl"

APPROX = 0.05
# units normalised before values are compared: (canonical unit, factor)
UNIT_SCALE = {"basis point": ("percentage point", 0.01), "bp": ("percentage point", 0.01)}


def locate(text: str, sub: str, nth: int = 0) -> tuple[int, int] | None:
    """The span of the ``nth`` (0-based) occurrence of ``sub`` in ``text``, or None."""
    i = -1
    for _ in range(nth + 1):
        i = text.find(sub, i + 1)
        if i < 0:
            return None
    return i, i + len(sub)


def _interval(fig: dict[str, Any]) -> tuple[float, float, bool, bool] | None:
    """(low, high, low_open, high_open) of a figure's value, in the canonical unit; None when it has no value."""
    value = fig.get("value")
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    scale = UNIT_SCALE.get(str(fig.get("unit") or "").lower())
    factor = scale[1] if scale else 1.0
    v *= factor
    q = (fig.get("qualifier") or "exact").lower()
    if q == "at_least":
        return v, math.inf, False, True
    if q == "more_than":
        return v, math.inf, True, True
    if q == "at_most":
        return -math.inf, v, True, False
    if q == "less_than":
        return -math.inf, v, True, True
    if q == "approx":
        a, b = v * (1 - APPROX), v * (1 + APPROX)
        return min(a, b), max(a, b), False, False
    if q == "range" and fig.get("high") is not None:
        hi = float(fig["high"]) * factor
        return min(v, hi), max(v, hi), False, False
    return v, v, False, False


def _canonical_value(fig: dict[str, Any]) -> float | None:
    iv = _interval({**fig, "qualifier": "exact"})
    return None if iv is None else iv[0]


def compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two figures can both be true (their value intervals meet); a figure without a value fits anything."""
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return True
    lo_a, hi_a, lo_open_a, hi_open_a = ia
    lo_b, hi_b, lo_open_b, hi_open_b = ib
    if hi_a < lo_b or hi_b < lo_a:
        return False
    if hi_a == lo_b and (hi_open_a or lo_open_b):
        return False
    return not (hi_b == lo_a and (hi_open_b or lo_open_a))


def _ratio(num: float, den: float) -> float:
    return num / den if den else 1.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(comparison: dict[str, Any], articles: list[dict[str, Any]],
             gold: dict[str, Any]) -> tuple[dict[str, float], dict[str, Any]]:
    """The metrics, and the details behind them (missed figures, wrong pairs, wrong statuses)."""
    texts = {a["id"]: a["text"] for a in articles}
    measures = gold["measures"]
    figures = gold["figures"]

    # gold spans
    spans: list[tuple[int, int] | None] = []
    for g in figures:
        text = texts.get(g["article"])
        spans.append(None if text is None else locate(text, g["text"], int(g.get("nth", 0))))

    # predicted quantity claims and their members, by article
    claims = [c for c in comparison.get("claims", []) if c.get("kind") == "quantity"]
    members_by_article: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for ci, c in enumerate(claims):
        for mem in c.get("members", []):
            art = mem.get("article")
            start, end = mem.get("start"), mem.get("end")
            if (start is None or end is None) and art in texts and mem.get("text"):
                found = locate(texts[art], mem["text"])
                if found:
                    start, end = found
            if start is None or end is None:
                continue
            members_by_article[art].append((int(start), int(end), ci))

    # match each gold figure to the claim of its best-overlapping member
    claim_of: list[int | None] = []
    for g, span in zip(figures, spans, strict=True):
        best, best_overlap = None, 0
        if span is not None:
            for start, end, ci in members_by_article.get(g["article"], []):
                overlap = min(end, span[1]) - max(start, span[0])
                if overlap > best_overlap:
                    best, best_overlap = ci, overlap
        claim_of.append(best)

    found = [i for i, c in enumerate(claim_of) if c is not None]
    n_gold = len(figures)

    # pairwise grouping
    tp = fp = fn = 0
    wrong_joins: list[tuple[int, int]] = []
    wrong_splits: list[tuple[int, int]] = []
    for x in range(len(found)):
        i = found[x]
        for y in range(x + 1, len(found)):
            j = found[y]
            gs = figures[i]["measure"] == figures[j]["measure"]
            ps = claim_of[i] == claim_of[j]
            if gs and ps:
                tp += 1
            elif ps:
                fp += 1
                wrong_joins.append((i, j))
            elif gs:
                fn += 1
                wrong_splits.append((i, j))
    per_measure = Counter(g["measure"] for g in figures)
    gold_same_all = sum(n * (n - 1) // 2 for n in per_measure.values())
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    recall_e2e = _ratio(tp, gold_same_all)

    # figures of each measure, by predicted claim
    in_claim: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i in found:
        in_claim[claim_of[i]][figures[i]["measure"]].append(i)  # type: ignore[index]

    def status_pr(status: str, differ: Any) -> tuple[float, float, int, int]:
        pred = [ci for ci, c in enumerate(claims) if c.get("status") == status]
        correct = sum(
            1 for ci in pred
            if any(len(idx) >= 2 and measures.get(m, {}).get("status") == status for m, idx in in_claim[ci].items())
        )
        gold_ms = [m for m, v in measures.items() if v.get("status") == status]
        hit = 0
        for m in gold_ms:
            for ci in pred:
                idx = in_claim[ci].get(m, [])
                if any(differ(figures[a], figures[b]) for k, a in enumerate(idx) for b in idx[k + 1:]):
                    hit += 1
                    break
        return _ratio(correct, len(pred)), _ratio(hit, len(gold_ms)), len(pred), len(gold_ms)

    d_p, d_r, n_pd, n_gd = status_pr("differs", lambda a, b: not compatible(a, b))
    u_p, u_r, n_pu, n_gu = status_pr("updated", lambda a, b: _canonical_value(a) != _canonical_value(b))

    # status accuracy
    by_measure: dict[str, list[int]] = defaultdict(list)
    for i in found:
        by_measure[figures[i]["measure"]].append(i)
    judged = ok = 0
    wrong_status: list[dict[str, Any]] = []
    for m, idx in by_measure.items():
        if len(idx) < 2 or m not in measures:
            continue
        counts = Counter(claim_of[i] for i in idx)
        top = max(counts.values())
        ci = min(c for c, n in counts.items() if n == top)  # type: ignore[type-var]
        judged += 1
        predicted = claims[ci].get("status")  # type: ignore[index]
        if predicted == measures[m].get("status"):
            ok += 1
        else:
            wrong_status.append({"measure": m, "gold": measures[m].get("status"), "predicted": predicted,
                                 "claim": claims[ci].get("id"), "subject": claims[ci].get("subject")})  # type: ignore[index]

    metrics = {
        "figure_recall": _ratio(len(found), n_gold),
        "grouping_pairwise_precision": precision,
        "grouping_pairwise_recall": recall,
        "grouping_pairwise_f1": _f1(precision, recall),
        "grouping_pairwise_recall_e2e": recall_e2e,
        "grouping_pairwise_f1_e2e": _f1(precision, recall_e2e),
        "differs_precision": d_p,
        "differs_recall": d_r,
        "updated_precision": u_p,
        "updated_recall": u_r,
        "status_accuracy": _ratio(ok, judged),
        "n_gold_figures": float(n_gold),
        "n_matched_figures": float(len(found)),
        "n_gold_measures": float(len(measures)),
        "n_predicted_quantity_claims": float(len(claims)),
        "n_predicted_differs": float(n_pd),
        "n_gold_differs": float(n_gd),
        "n_predicted_updated": float(n_pu),
        "n_gold_updated": float(n_gu),
        "n_status_judged": float(judged),
    }

    def fig(i: int) -> str:
        g = figures[i]
        return f"{g['article']}:{g['text']!r}#{g.get('nth', 0)} [{g['measure']}]"

    details = {
        "unlocated_gold": [fig(i) for i, s in enumerate(spans) if s is None],
        "missed": [fig(i) for i, c in enumerate(claim_of) if c is None],
        "wrong_joins": [f"{fig(i)} + {fig(j)}" for i, j in wrong_joins],
        "wrong_splits": [f"{fig(i)} / {fig(j)}" for i, j in wrong_splits],
        "wrong_status": wrong_status,
    }
    return metrics, details


def score(comparison: dict[str, Any], articles: list[dict[str, Any]], gold: dict[str, Any]) -> dict[str, float]:
    """The metrics of a ``newstrace compare`` JSON against the gold (see the module docstring)."""
    return evaluate(comparison, articles, gold)[0]


def load_articles(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("comparison", type=Path, help="newstrace compare --format json output")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    ap.add_argument("--details", action="store_true", help="write misses and errors to stderr")
    args = ap.parse_args(argv)
    comparison = json.loads(args.comparison.read_text(encoding="utf-8"))
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    metrics, details = evaluate(comparison, load_articles(args.articles), gold)
    print(json.dumps(metrics, indent=2, sort_keys=True))
    if args.details:
        print(json.dumps(details, indent=2, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
