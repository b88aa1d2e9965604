"""Why the statements dev gate loses pairs: the gold statement pairs that are split and the predicted pairs that
are wrong, with or without the speech acts "said sorry", "blamed X for Y" and "asked X to …".

    PYTHONPATH=src python tests/statement_errors.py                # the extractor as it is
    PYTHONPATH=src python tests/statement_errors.py --without      # the three speech acts switched off
    PYTHONPATH=src python tests/statement_errors.py --cache /tmp/a.jsonl   # analyze once, then group only

Each gold rendering is shown with the statement claim that matched it (the scorer's rule: the member of a
statement claim in the same article that overlaps it most) and that member's text and speaker. A diagnostic, not a
test: it prints, and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
DEV = HERE / "fixtures" / "statements_dev"


def switch_off_speech_acts() -> None:
    """The extractor without the three constructions (as it was before they were switched on)."""
    from newstrace.extract import cues

    cues.ACT_PREPOSITIONS["blame"] = frozenset({"on"})
    cues.REQUEST_VERBS = frozenset()
    cues.APOLOGY_WORDS = frozenset()


def analyses(articles: list[dict[str, Any]], cache: Path | None) -> list[Any]:
    from newstrace.records import Analysis

    if cache is not None and cache.exists():
        return [Analysis.from_dict(json.loads(line)) for line in cache.read_text(encoding="utf-8").splitlines()]
    from dev_sets import analyze_articles
    from newstrace.nlp.model import load_pipeline
    from newstrace.pipeline import Analyzer

    out = analyze_articles(Analyzer(nlp=load_pipeline()), articles)
    if cache is not None:
        cache.write_text("".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in out), encoding="utf-8")
    return out


def report(comparison: dict[str, Any], articles: list[dict[str, Any]], gold: dict[str, Any]) -> None:
    from score_statements import _gold_items, _overlap, _span

    texts = {a["id"]: a["text"] for a in articles}
    renderings = _gold_items(texts, gold["renderings"])
    claims = [c for c in comparison.get("claims", []) if c.get("kind") == "statement"]
    members: dict[str, list[tuple[tuple[int, int], int, dict[str, Any]]]] = defaultdict(list)
    for ci, claim in enumerate(claims):
        for m in claim["members"]:
            span = _span(m)
            if span is not None:
                members[m["article"]].append((span, ci, m))
    found: list[tuple[int, dict[str, Any]] | None] = []
    for article, span, _g in renderings:
        best = None
        for mspan, ci, m in members.get(article, []):
            ov = _overlap(span, mspan)
            if ov > 0 and (best is None or (-ov, ci) < best[0]):
                best = ((-ov, ci), ci, m)
        found.append(None if best is None else (best[1], best[2]))

    def show(i: int) -> str:
        article, _, g = renderings[i]
        got = found[i]
        where = "unmatched" if got is None else f"claim {got[0]} <- {got[1]['text'][:70]!r} ({got[1]['source']})"
        return f"    {article} [{g['form']}/{g['kind']}] {g['text'][:70]!r} ({g['speaker']})\n        {where}"

    by_label: dict[str, list[int]] = defaultdict(list)
    for i, (_a, _s, g) in enumerate(renderings):
        by_label[g["statement"]].append(i)
    print("== gold statements split across claims (split pairs / gold pairs)")
    for label, idx in by_label.items():
        matched = [i for i in idx if found[i] is not None]
        pairs = list(combinations(matched, 2))
        split = [(i, j) for i, j in pairs if found[i][0] != found[j][0]]  # type: ignore[index]
        if split:
            print(f"  {label}: {len(split)}/{len(pairs)}")
            for i in sorted(matched, key=lambda k: found[k][0]):  # type: ignore[index]
                print(show(i))
    print("== claims holding renderings of several gold statements (wrong pairs)")
    def labels_of(i: int) -> str:
        return str(renderings[i][2]["statement"])

    by_claim: dict[int, list[int]] = defaultdict(list)
    for i, f in enumerate(found):
        if f is not None:
            by_claim[f[0]].append(i)
    for ci, idx in sorted(by_claim.items()):
        labels = {renderings[i][2]["statement"] for i in idx}
        if len(labels) > 1:
            wrong = sum(1 for i, j in combinations(idx, 2) if labels_of(i) != labels_of(j))
            print(f"  claim {ci}: {wrong} wrong pairs, statements {sorted(labels)}")
            for i in idx:
                print(f"    <{renderings[i][2]['statement']}>" + show(i)[4:])
    print("== unmatched gold renderings")
    for i, f in enumerate(found):
        if f is None:
            print(show(i))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--without", action="store_true", help="switch off 'said sorry', 'blamed X for', 'asked X to'")
    ap.add_argument("--cache", type=Path, help="analyses read from (or written to) this JSON Lines file")
    args = ap.parse_args(argv)
    if args.without:
        switch_off_speech_acts()
    from newstrace.link.compare import compare
    from score_statements import load_jsonl, score

    articles = load_jsonl(DEV / "articles.jsonl")
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    comparison = compare(analyses(articles, args.cache)).to_dict()
    report(comparison, articles, gold)
    result = score(comparison, articles, gold)
    print(json.dumps({k: round(v, 4) for k, v in result.items()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
