"""The one partial-date type (newstrace.dates) and the calendar names defined once."""

from __future__ import annotations

from datetime import date

import pytest

from newstrace.dates import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS, PartialDate
from newstrace.extract.published import infer_published, normalize_published
from newstrace.extract.timex import Anchor
from newstrace.link.event_vectors import day_of


@pytest.mark.parametrize(("value", "parts"), [
    ("2026", (2026, None, None)), ("2026-03", (2026, 3, None)), ("2026-03-14", (2026, 3, 14)),
    ("2026-13", (2026, 13, None)),  # read as written: range is the reader's business
])
def test_parse(value: str, parts: tuple[int | None, ...]) -> None:
    p = PartialDate.parse(value)
    assert p is not None and (p.year, p.month, p.day) == parts
    assert p.iso() == value


@pytest.mark.parametrize("value", [None, "", "202", "20", "2026-3", "2026-W11", "2026-Q1", "2026-SU", "XXXX-03-14",
                                   "2026-03-14T09:00", "PRESENT_REF", " 2026"])
def test_parse_refuses_what_is_not_a_partial_date(value: str | None) -> None:
    assert PartialDate.parse(value) is None


def test_date_and_day_of() -> None:
    assert PartialDate(2026, 3, 14).date == date(2026, 3, 14)
    assert PartialDate(2026, 2, 30).date is None and PartialDate(2026, 3).date is None
    assert PartialDate.day_of("2026-03-14T09:00") == date(2026, 3, 14) == day_of("2026-03-14TMO")
    for value in (None, "2026-03", "2026-02-30", "XXXX-WXX-1", "2026-W11-WE"):
        assert PartialDate.day_of(value) is None and day_of(value) is None


def test_order_puts_unknown_parts_first() -> None:
    dates = [PartialDate(2026, 1, 1), PartialDate(2026), PartialDate(2025, 12, 31), PartialDate(2026, 1)]
    assert [d.iso() for d in sorted(dates)] == ["2025-12-31", "2026", "2026-01", "2026-01-01"]
    assert max(dates) == PartialDate(2026, 1, 1) and PartialDate(2026, 3) > PartialDate(2026, 2, 28)
    assert PartialDate().iso() == ""


def test_readers_share_it() -> None:
    assert Anchor.parse("2025-04") == Anchor(2025, 4) and Anchor.parse("XXXX-04-10") == Anchor()
    assert Anchor.parse("2025-04-10").date == date(2025, 4, 10)
    assert normalize_published("2026-03") == "2026-03" and normalize_published("2026-03-14T10:00Z") == "2026-03-14"
    assert infer_published("As of March 2026, and in April 2025.") == "2026-03"
    assert infer_published("On 30 February 2026 and on 3 March 2026.") == "2026-03-03"


def test_calendar_names() -> None:
    assert len(MONTHS) == 12 and MONTHS[4] == "may" and len(WEEKDAYS) == 7 and WEEKDAYS[0] == "monday"
    assert MONTH_ABBREVIATIONS[8] == "sep"
