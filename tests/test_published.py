"""Publication dates: normalized when given, inferred from the text when missing."""

from __future__ import annotations

import pytest

from newstrace.errors import RecordError
from newstrace.extract.published import infer_published, normalize_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-04-10", "2025-04-10"),
        ("2025-04-10T08:30:00Z", "2025-04-10"),
        ("2025-04-10T23:30:00+02:00", "2025-04-10"),
        ("Thu, 10 Apr 2025 08:30:00 GMT", "2025-04-10"),
        ("2025-04", "2025-04"),
        ("2025", "2025"),
        (None, None),
        ("  ", None),
    ],
)
def test_normalize_published(value: str | None, expected: str | None) -> None:
    assert normalize_published(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "10/04", "2025-13-45", "April"])
def test_normalize_published_rejects_non_dates(value: str) -> None:
    with pytest.raises(RecordError, match="not a date"):
        normalize_published(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The vote on March 3, 2024 passed. A recount on March 9, 2024 confirmed it.", "2024-03-09"),
        ("Filed 2 February 2023 in Leeds.", "2023-02-02"),
        ("Data updated 2022-11-30.", "2022-11-30"),
        ("As of April 2025, recruitment continues.", "2025-04"),
        ("In May 2019 and in June 2021 the plant closed.", "2021-06"),
        ("On January 5, 2020, and as of March 2024 things changed.", "2020-01-05"),  # a full date wins
        ("Nothing dated here, just April and 155 people.", None),
        ("The 2024 season ended.", None),
        ("On February 30, 2024 nothing happened.", None),  # not a real date
    ],
)
def test_infer_published(text: str, expected: str | None) -> None:
    assert infer_published(text) == expected
