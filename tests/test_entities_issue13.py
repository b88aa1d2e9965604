"""In-article entities, issue 13: a son's generational suffix, name parts glued by a hyphen that the tagger
cut off, and lower-case names of institutions. Invented names."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from newstrace.extract.entities import extend_glued, extract_entities


def _entities(nlp, text: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Entity name → the texts of its mentions."""
    out = {}
    for e in extract_entities(nlp(text)):
        out[e.name] = [text[s:t] for s, t in e.mentions]
    return out


def test_father_and_son_are_two_entities(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A jury convicted developer Harold Pemberton on Monday. His son, Harold Pemberton Jr., was not charged. "
        "Pemberton Jr. runs the family firm."
    )
    found = _entities(nlp, text)
    son = next(n for n in found if n.endswith("Jr."))
    assert "Harold Pemberton" in found and son != "Harold Pemberton"
    assert "Pemberton Jr." in found[son]
    assert all("Jr" not in m for m in found["Harold Pemberton"])


@pytest.mark.parametrize(
    ("words", "spaces", "tagged", "expected"),
    [
        (["in", "Tal", "-", "e", "Marvan", "today"], [1, 0, 0, 1, 1, 0], (4, 5), "Tal-e Marvan"),
        (["in", "Chenar", "-", "ye", "Bala", "and"], [1, 0, 0, 1, 1, 0], (1, 2), "Chenar-ye Bala"),
        (["in", "Marvan", "-", "based", "firms"], [1, 0, 0, 1, 0], (1, 2), "Marvan"),  # not a name part
        (["the", "north", "-", "east", "of", "Bala"], [1, 0, 0, 1, 1, 0], (5, 6), "Bala"),
    ],
)
def test_hyphen_glued_name_parts_are_kept(words, spaces, tagged, expected) -> None:  # type: ignore[no-untyped-def]
    doc = Doc(Vocab(), words=words, spaces=[bool(s) for s in spaces])
    assert extend_glued(Span(doc, *tagged, label="GPE")).text == expected


@pytest.mark.parametrize(
    ("text", "name", "present"),
    [
        ("Malta's interior ministry said 12 people were held.", "interior ministry", True),
        ("He bribed two port authority managers, prosecutors said.", "port authority", True),
        ("The case went to a federal court in May.", "federal court", False),  # indefinite: no one court
        ("The health ministry spokesman declined to comment.", "health ministry", True),
    ],
)
def test_lower_case_institutions(nlp, text: str, name: str, present: bool) -> None:  # type: ignore[no-untyped-def]
    found = _entities(nlp, text)
    assert (name in found) is present, found
