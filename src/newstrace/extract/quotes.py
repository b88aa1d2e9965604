"""Quotes and reported statements with their resolved speakers. (Filled by the quotes issue.)"""

from __future__ import annotations

from spacy.tokens import Doc

from newstrace.records import Entity, Quote


def extract_quotes(doc: Doc, entities: list[Entity]) -> list[Quote]:
    """Every direct, mixed and indirect quotation in ``doc``, attributed to a speaker."""
    return []
