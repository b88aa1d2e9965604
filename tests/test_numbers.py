"""Reading number phrases in digits and words (``newstrace.extract.numbers``)."""

from __future__ import annotations

import pytest

from newstrace.extract.numbers import as_number, parse_digits, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("155", 155),
        ("300,000", 300000),
        ("12,000", 12000),
        ("2 912", 2912),  # a space as thousands separator
        ("2\u00a0912", 2912),  # a non-breaking one
        ("1.5", 1.5),
        ("1,000.5", 1000.5),
        ("1.5 million", 1_500_000),
        ("2bn", 2_000_000_000),
        ("3.5m", 3_500_000),
        ("500k", 500_000),
        ("12 mln", 12_000_000),
        ("two", 2),
        ("Twenty-five", 25),
        ("one hundred and twenty", 120),
        ("two million five hundred thousand", 2_500_000),
        ("a dozen", 12),
        ("two dozen", 24),
        ("a million", 1_000_000),
        ("half", 0.5),
        ("two-thirds", 0.666667),
        ("a third", 0.333333),
        ("three-quarters", 0.75),
        ("ten", 10),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "foo", "first", "1.2.3", "million two", "a", "quarter", "the"])
def test_parse_number_rejects_what_is_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_integral_values_are_ints() -> None:
    assert isinstance(parse_number("3.0"), int)
    assert isinstance(parse_number("1.5 million"), int)
    assert as_number(2.5) == 2.5
    assert parse_digits("1,2,3") == 123  # separators are dropped, whatever their grouping
