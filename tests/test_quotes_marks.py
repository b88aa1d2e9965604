"""Pairing quotation marks in raw text (no model needed)."""

from __future__ import annotations

import pytest

from newstrace.extract.quote_marks import find_marked_spans


def quoted(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_marked_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will win," he said.', ["We will win"]),
        ("“We will win,” he said.", ["We will win"]),
        ('She said: "It is over." Then: "Go home."', ["It is over.", "Go home."]),
        # British style: single marks, apostrophes inside words and plural possessives are not marks
        ("‘It’s the workers’ union,’ he said. ‘Fine.’", ["It’s the workers’ union", "Fine."]),
        ("'We don't know,' she said.", ["We don't know"]),
        # quotes inside quotes stay inside the outer quote
        ('"He told me, \'I was never there,\'" she said.', ["He told me, 'I was never there,'"]),
        ("‘He called it “a disgrace”,’ she said.", ["He called it “a disgrace”"]),
        # a misused closing glyph as opening mark still pairs by its surroundings
        ("”Misused,” he said.", ["Misused"]),
        ('called it a "strategic partner, friend, comrade."', ["strategic partner, friend, comrade."]),
        # no marks, only apostrophes
        ("The soldiers’ families said it’s over.", []),
        ("Rock ’n’ roll isn't dead.", []),
    ],
)
def test_pairs(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a stray mark costs only itself; the quote after it survives
        ('A stray " mark here. "Real quote," he said.', ["Real quote"]),
        # an unclosed quote at the end of a paragraph that does not continue is dropped, the next one kept
        ('"Never closed, she said.\nThe mayor said "yes" today.', ["yes"]),
        ('One "two three\nFour "five" six.', ["five"]),
        # a closing mark with nothing open is skipped
        ('Text" more text "quote" end.', ["quote"]),
    ],
)
def test_unbalanced_marks_cost_only_their_quote(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


def test_multi_paragraph_quote_gives_one_group() -> None:
    text = '"First paragraph of the quote.\n"Second paragraph.\n"Third and last," she said.\nAfter.'
    spans = find_marked_spans(text)
    assert [text[s.start : s.end] for s in spans] == [
        "First paragraph of the quote.",
        "Second paragraph.",
        "Third and last",
    ]
    assert len({s.group for s in spans}) == 1
    assert [s.close is None for s in spans] == [True, True, False]


def test_separate_quotes_get_separate_groups() -> None:
    spans = find_marked_spans('"One," he said. "Two."\n"Three."')
    assert len({s.group for s in spans}) == 3


def test_offsets_point_inside_the_marks() -> None:
    text = "He said: “  padded  ” and left."
    (span,) = find_marked_spans(text)
    assert text[span.start : span.end] == "padded"
    assert text[span.open] == "“" and span.close is not None and text[span.close] == "”"
