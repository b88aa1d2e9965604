"""Score place ISO codes against the hand-labelled place dev set (``fixtures/places_dev``).

Standard library only; it never imports newstrace, so it can score output from any version of the tool.

Inputs
  analyses  the records of ``newstrace analyze --format jsonl``: {"id", "text", "entities": [{"id", "name",
            "type", "iso", "mentions": [[start, end], ...]}], ...}.
  gold      ``fixtures/places_dev/gold.json``: [{"article", "text", "nth", "iso", "kind"}], where ``text`` is the
            surface form exactly as in the article, ``nth`` its 0-based occurrence (``str.find`` repeated), ``iso``
            the expected code or null, and ``kind`` the class of the mention (village, region, old-name, ...).

The gold gives the most specific code: the ISO 3166-2 code of the first-level subdivision for a city, town,
village, district or region (the subdivision that contains it, or that it is: Kyiv → UA-30, Kazan → RU-TA,
"Pokrovsk district" → UA-14, "Kherson region" → UA-65), and the ISO 3166-1 alpha-2 code for a country, its
abbreviations and its old names.  For a subdivision written "X region/province/oblast/state/district/
governorate/county" the gold surface form is X alone, so a span of "X" or of "X region" both cover it.
Null means no code should be given: a name nothing in the article decides, a person's name that is also a
place, a place word inside a longer organisation name.

A gold mention is right when some entity of its article has a mention span covering the gold span and that
entity's ``iso`` equals the gold code; a null gold mention is right when no entity covering it has a code
(or none covers it).  ``place_iso_acc`` is the share right overall, ``place_iso_acc/<kind>`` per kind.

Usage
  python tests/score_places.py ANALYSES.jsonl [--gold tests/fixtures/places_dev/gold.json] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

DEFAULT_GOLD = Path(__file__).resolve().parent / "fixtures" / "places_dev" / "gold.json"


def _span(text: str, form: str, nth: int) -> tuple[int, int] | None:
    start = -1
    for _ in range(nth + 1):
        start = text.find(form, start + 1)
        if start < 0:
            return None
    return start, start + len(form)


def judge(analysis: dict[str, Any], g: dict[str, Any]) -> tuple[bool, list[Any]]:
    """Whether the gold mention ``g`` is right in ``analysis``, and the codes of the entities covering it."""
    span = _span(analysis.get("text") or "", g["text"], int(g.get("nth", 0)))
    codes: list[Any] = []
    if span is not None:
        s, e = span
        for ent in analysis.get("entities") or []:
            if any(ms <= s and e <= me for ms, me in ent.get("mentions") or []):
                codes.append(ent.get("iso"))
    if g["iso"] is None:
        return all(not c for c in codes), codes
    return g["iso"] in codes, codes


def score(
    analyses: list[dict[str, Any]], gold: list[dict[str, Any]], errors: list[str] | None = None
) -> dict[str, float]:
    by_id = {str(a.get("id")): a for a in analyses}
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for g in gold:
        ok, codes = judge(by_id.get(str(g["article"])) or {}, g)
        for key in ("place_iso_acc", f"place_iso_acc/{g['kind']}"):
            total[key][0] += ok
            total[key][1] += 1
        if not ok and errors is not None:
            errors.append(f"{g['article']} {g['text']!r}#{g.get('nth', 0)} [{g['kind']}] gold={g['iso']} got={codes}")
    return {k: (v[0] / v[1] if v[1] else 1.0) for k, v in sorted(total.items())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("analyses")
    ap.add_argument("--gold", default=str(DEFAULT_GOLD))
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args(argv)
    with open(args.analyses, encoding="utf-8") as f:
        analyses = [json.loads(line) for line in f if line.strip()]
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    errs: list[str] = []
    for k, v in score(analyses, gold, errs).items():
        print(f"{k}\t{v:.3f}")
    if args.errors:
        print("\n".join(errs), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
