"""Time expressions normalized against the publication date. (Filled by the numbers/times issue.)"""

from __future__ import annotations

from spacy.tokens import Doc

from newstrace.records import TimeExpr


def extract_times(doc: Doc, published: str | None) -> list[TimeExpr]:
    """Every temporal expression in ``doc`` with a TIMEX3-style value relative to ``published``."""
    return []
