"""Score story grouping and cross-article entity joining against a hand-labelled gold file.

Standard library only; it never imports newstrace, so it can score output from any version of the tool.

Inputs
  comparison  the output of ``newstrace compare --format json``: ``stories`` = [{"id", "articles": [ids]}] and
              ``entities`` = [{"id", "name", "type", "aliases", "mentions": [{"article", "entity", "name"}]}],
              where ``entity`` is the entity id inside that article's analysis.
  analyses    the records of ``newstrace analyze --format jsonl``: {"id", "text", "entities": [{"id", "name",
              "type", "aliases", "mentions": [[start, end], ...]}], ...}.
  gold        ``tests/fixtures/stories_dev/gold.json``: {"stories": {article id: event label},
              "entities": [{"a": [article, form], "b": [article, form], "same": bool, "case": str}]}.

Stories
  Scored over the gold articles only.  An article in no predicted story is a singleton; an article listed in
  several predicted stories counts in the first one.  Pairwise precision/recall/F1 are over unordered article
  pairs (same gold label vs same predicted story); B-cubed averages per-article precision and recall.
  An empty denominator scores 1.0 (no pairs predicted, no pairs to find).

Entities
  A gold surface form (article, form) is resolved in three steps:
    1. the first occurrence of ``form`` in the article's analysed text (``str.find``);
    2. the article entity with a mention span covering that occurrence (the tightest mention containing it;
       failing that, the mention overlapping it most), else the article entity whose name or one of whose
       aliases equals the form, case-insensitively;
    3. the cross-article entity with a mention (article, that entity id).  An article entity that no
       cross-article entity lists stands for itself (so two forms of one article can still resolve together).
  ``same_entity_recall`` is the share of ``same: true`` pairs whose two forms resolve to one cross entity
  (an unresolved form is a miss); ``false_merge_rate`` is the share of ``same: false`` pairs that do;
  ``entity_resolved`` is the share of distinct gold forms resolved to an article entity at all, and
  ``entity_in_comparison`` the share whose article entity is listed by a cross-article entity.
  Per-case figures come as ``same_entity_recall/<case>`` and ``false_merge_rate/<case>``.

Usage
  python tests/score_stories.py COMPARISON.json --analyses ANALYSES.jsonl \
      --gold tests/fixtures/stories_dev/gold.json [--json] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

DEFAULT_GOLD = Path(__file__).resolve().parent / "fixtures" / "stories_dev" / "gold.json"

Key = tuple[str, ...]


# ----------------------------------------------------------------------------------------------- stories


def _ratio(num: float, den: float) -> float:
    return num / den if den else 1.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def predicted_clusters(comparison: dict[str, Any], articles: list[str]) -> dict[str, str]:
    """Article id -> predicted story id, for the given articles (singletons for the ones in no story)."""
    wanted = set(articles)
    out: dict[str, str] = {}
    for i, story in enumerate(comparison.get("stories") or []):
        sid = str(story.get("id", f"story-{i}"))
        for art in story.get("articles") or []:
            aid = str(art.get("id") if isinstance(art, dict) else art)
            if aid in wanted and aid not in out:
                out[aid] = f"s:{sid}"
    for aid in articles:
        out.setdefault(aid, f"single:{aid}")
    return out


def story_scores(gold_labels: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    """Pairwise and B-cubed precision/recall/F1 of ``predicted`` (article -> cluster) against ``gold_labels``."""
    arts = sorted(gold_labels)
    tp = gold_pairs = pred_pairs = 0
    for x, y in combinations(arts, 2):
        g = gold_labels[x] == gold_labels[y]
        p = predicted[x] == predicted[y]
        gold_pairs += g
        pred_pairs += p
        tp += g and p
    pw_p, pw_r = _ratio(tp, pred_pairs), _ratio(tp, gold_pairs)

    gold_members: dict[str, set[str]] = defaultdict(set)
    pred_members: dict[str, set[str]] = defaultdict(set)
    for a in arts:
        gold_members[gold_labels[a]].add(a)
        pred_members[predicted[a]].add(a)
    bp = br = 0.0
    for a in arts:
        g, p = gold_members[gold_labels[a]], pred_members[predicted[a]]
        both = len(g & p)
        bp += both / len(p)
        br += both / len(g)
    n = len(arts)
    b_p, b_r = (bp / n, br / n) if n else (1.0, 1.0)
    return {
        "story_pairwise_precision": pw_p,
        "story_pairwise_recall": pw_r,
        "story_pairwise_f1": _f1(pw_p, pw_r),
        "story_bcubed_precision": b_p,
        "story_bcubed_recall": b_r,
        "story_bcubed_f1": _f1(b_p, b_r),
    }


# ---------------------------------------------------------------------------------------------- entities


def _article_entity(record: dict[str, Any], form: str) -> str | None:
    """Id of the entity of one analysis record that the gold form refers to, or None."""
    entities = record.get("entities") or []
    text = record.get("text") or ""
    start = text.find(form)
    if start >= 0:
        end = start + len(form)
        best: tuple[tuple[int, int, int], str] | None = None
        for ent in entities:
            for span in ent.get("mentions") or []:
                s, e = int(span[0]), int(span[1])
                overlap = min(e, end) - max(s, start)
                if overlap <= 0:
                    continue
                contains = s <= start and e >= end
                # containing mentions first (tightest wins), then the largest overlap (shortest wins)
                rank = (0 if contains else 1, -overlap if not contains else 0, e - s)
                if best is None or rank < best[0]:
                    best = (rank, str(ent.get("id")))
        if best is not None:
            return best[1]
    low = form.strip().casefold()
    for ent in entities:
        names = [ent.get("name") or "", *(ent.get("aliases") or [])]
        if any(str(n).strip().casefold() == low for n in names):
            return str(ent.get("id"))
    return None


def cross_index(comparison: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(article id, article entity id) -> cross-article entity id."""
    index: dict[tuple[str, str], str] = {}
    for i, ent in enumerate(comparison.get("entities") or []):
        cid = str(ent.get("id", f"entity-{i}"))
        for m in ent.get("mentions") or []:
            index.setdefault((str(m.get("article")), str(m.get("entity"))), cid)
    return index


def resolve(
    article: str, form: str, records: dict[str, dict[str, Any]], index: dict[tuple[str, str], str]
) -> tuple[Key | None, bool]:
    """(cross entity key or None, whether the comparison lists it) for one gold surface form."""
    record = records.get(article)
    if record is None:
        return None, False
    local = _article_entity(record, form)
    if local is None:
        return None, False
    cross = index.get((article, local))
    if cross is not None:
        return ("cross", cross), True
    return ("local", article, local), False


def entity_scores(
    comparison: dict[str, Any], analyses: list[dict[str, Any]], pairs: list[dict[str, Any]]
) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """Entity metrics, and one row per gold pair (for error listings)."""
    records = {str(r.get("id")): r for r in analyses}
    index = cross_index(comparison)
    cache: dict[tuple[str, str], tuple[Key | None, bool]] = {}

    def look(side: list[str]) -> Key | None:
        key = (str(side[0]), str(side[1]))
        if key not in cache:
            cache[key] = resolve(key[0], key[1], records, index)
        return cache[key][0]

    rows: list[dict[str, Any]] = []
    by_case: dict[tuple[bool, str], list[bool]] = defaultdict(list)
    for pair in pairs:
        ka, kb = look(pair["a"]), look(pair["b"])
        joined = ka is not None and ka == kb
        same = bool(pair["same"])
        rows.append({**pair, "resolved_a": ka, "resolved_b": kb, "joined": joined, "ok": joined == same})
        by_case[(same, str(pair.get("case", "")))].append(joined)

    trues = [r["joined"] for r in rows if r["same"]]
    falses = [r["joined"] for r in rows if not r["same"]]
    out: dict[str, float] = {
        "same_entity_recall": _ratio(sum(trues), len(trues)),
        "false_merge_rate": sum(falses) / len(falses) if falses else 0.0,
        "entity_resolved": _ratio(sum(v[0] is not None for v in cache.values()), len(cache)),
        "entity_in_comparison": _ratio(sum(v[1] for v in cache.values()), len(cache)),
    }
    for (same, case), joined in sorted(by_case.items()):
        name = "same_entity_recall" if same else "false_merge_rate"
        out[f"{name}/{case}"] = sum(joined) / len(joined)
    return out, rows


# ------------------------------------------------------------------------------------------------- API


def score(comparison: dict[str, Any], analyses: list[dict[str, Any]], gold: dict[str, Any]) -> dict[str, float]:
    """All story and entity metrics as a flat ``{name: value}`` dict."""
    labels = {str(k): str(v) for k, v in gold["stories"].items()}
    result = story_scores(labels, predicted_clusters(comparison, list(labels)))
    ents, _ = entity_scores(comparison, analyses, gold.get("entities") or [])
    result.update(ents)
    return result


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _report(metrics: dict[str, float], rows: list[dict[str, Any]], errors: bool) -> str:
    lines = ["stories"]
    lines += [f"  {k:32} {metrics[k]:.3f}" for k in metrics if k.startswith("story_")]
    lines.append("entities")
    for k in ("same_entity_recall", "false_merge_rate", "entity_resolved", "entity_in_comparison"):
        lines.append(f"  {k:32} {metrics[k]:.3f}")
    counts: dict[tuple[bool, str], list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        c = counts[(bool(r["same"]), str(r.get("case", "")))]
        c[0] += r["joined"]
        c[1] += 1
    lines.append("  same: true, recall by case")
    lines += [f"    {case:28} {j}/{n}" for (same, case), (j, n) in sorted(counts.items()) if same]
    lines.append("  same: false, wrongly joined by case")
    lines += [f"    {case:28} {j}/{n}" for (same, case), (j, n) in sorted(counts.items()) if not same]
    if errors:
        lines.append("errors")
        for r in rows:
            if not r["ok"]:
                what = "missed" if r["same"] else "merged"
                lines.append(
                    f"  {what:6} [{r.get('case', '')}] {r['a'][0]}:{r['a'][1]!r} ({r['resolved_a']}) ~ "
                    f"{r['b'][0]}:{r['b'][1]!r} ({r['resolved_b']})"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score newstrace story grouping and entity joining against gold.")
    ap.add_argument("comparison", type=Path, help="output of `newstrace compare --format json`")
    ap.add_argument("--analyses", type=Path, required=True, help="output of `newstrace analyze --format jsonl`")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--json", action="store_true", help="print the metrics as one JSON object")
    ap.add_argument("--errors", action="store_true", help="list the gold pairs scored wrong")
    args = ap.parse_args(argv)

    comparison = json.loads(args.comparison.read_text(encoding="utf-8"))
    analyses = load_jsonl(args.analyses)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    metrics = score(comparison, analyses, gold)
    if args.json:
        print(json.dumps(metrics, indent=1, sort_keys=True))
    else:
        _, rows = entity_scores(comparison, analyses, gold.get("entities") or [])
        print(_report(metrics, rows, args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
