"""Numeric claims: value, qualifier, unit, what is counted, as-of date, source. (Numbers/times issue.)"""

from __future__ import annotations

from spacy.tokens import Doc

from newstrace.records import Quantity, Quote, TimeExpr


def extract_quantities(doc: Doc, quotes: list[Quote], times: list[TimeExpr]) -> list[Quantity]:
    """Every number in ``doc`` that counts or measures something."""
    return []
