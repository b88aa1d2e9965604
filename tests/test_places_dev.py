"""The place dev set (fixtures/places_dev): ISO codes of villages, districts, regions, abbreviations, old and
ambiguous names, scored by tests/score_places.py and held at its floor by the dev gate."""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import dev_gate  # noqa: E402
import score_places  # noqa: E402

SET = HERE / "fixtures" / "places_dev"


def test_places_dev(analyzer) -> None:  # type: ignore[no-untyped-def]
    analyses = []
    for line in (SET / "articles.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            result = analyzer.analyze(rec["text"], published=rec.get("published"), source=rec.get("source"))
            entities = [
                {"iso": e.iso, "mentions": [list(m) for m in e.mentions], "type": e.type} for e in result.entities
            ]
            analyses.append({"id": rec["id"], "text": rec["text"], "entities": entities})
    gold = json.loads((SET / "gold.json").read_text("utf-8"))
    errors: list[str] = []
    scores = score_places.score(analyses, gold, errors)
    dev_gate.check("places", {"place_iso_acc": scores["place_iso_acc"]}, "\n".join(errors))
