"""Calendar arithmetic behind TIMEX3 values (``newstrace.extract.timex``) and the per-document scan tables."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newstrace.extract.scan import hashes, scan, trigger_tokens
from newstrace.extract.timex import (
    Anchor,
    Tense,
    duration_value,
    season_year,
    shift,
    weekday_value,
    year_for_month,
)

THU = Anchor(2025, 4, 10)  # Thursday, ISO week 15


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-04-10", Anchor(2025, 4, 10)), ("2025-04", Anchor(2025, 4)), ("2025", Anchor(2025)),
     (None, Anchor()), ("not a date", Anchor())],
)
def test_anchor_parse(value: str | None, expected: Anchor) -> None:
    assert Anchor.parse(value) == expected


@pytest.mark.parametrize(
    ("unit", "n", "expected"),
    [("day", -1, "2025-04-09"), ("day", 30, "2025-05-10"), ("week", -1, "2025-W14"), ("week", 0, "2025-W15"),
     ("month", -4, "2024-12"), ("quarter", 1, "2025-Q3"), ("half", -1, "2024-H2"), ("year", -2, "2023"),
     ("decade", -1, "201"), ("century", 0, "20"), ("weekend", -1, "2025-W14-WE")],
)
def test_shift(unit: str, n: int, expected: str) -> None:
    assert shift(THU, unit, n) == expected


@pytest.mark.parametrize(
    ("anchor", "unit", "expected"),
    [(Anchor(2025, 4), "day", "2025-04-XX"), (Anchor(2025), "month", "2025-XX"), (Anchor(), "year", None),
     (Anchor(2025), "week", "2025-WXX")],
)
def test_shift_from_a_partial_anchor(anchor: Anchor, unit: str, expected: str | None) -> None:
    assert shift(anchor, unit, -1 if unit != "day" else 0) == expected


@pytest.mark.parametrize(
    ("anchor", "month", "tense", "expected"),
    [
        (THU, 1, "past", 2025), (THU, 1, "future", 2026), (THU, 1, None, 2025),
        (THU, 11, "past", 2024), (THU, 11, "future", 2025), (THU, 11, None, 2025),
        (Anchor(2026, 1, 15), 12, None, 2025), (Anchor(2026, 1, 15), 12, "future", 2026),
        (Anchor(2025, 4), 4, "past", 2025), (Anchor(2025), 7, "past", 2025), (Anchor(), 7, "past", None),
    ],
)
def test_year_for_month(anchor: Anchor, month: int, tense: Tense, expected: int | None) -> None:
    assert year_for_month(anchor, month, tense) == expected


@pytest.mark.parametrize(
    ("weekday", "tense", "rel", "expected"),
    [
        (0, "past", None, "2025-04-07"), (4, "past", None, "2025-04-04"), (4, "future", None, "2025-04-11"),
        (3, "past", None, "2025-04-10"), (3, "future", None, "2025-04-10"), (3, None, "last", "2025-04-03"),
        (3, None, "next", "2025-04-17"), (4, None, "this", "2025-04-11"), (0, None, "this", "2025-04-07"),
    ],
)
def test_weekday_value(weekday: int, tense: Tense, rel: str | None, expected: str) -> None:
    assert weekday_value(THU, weekday, tense, rel) == expected


def test_weekday_without_a_date_is_partial() -> None:
    assert weekday_value(Anchor(2025, 4), 0, "past") == "XXXX-WXX-1"


@pytest.mark.parametrize(
    ("season", "tense", "rel", "expected"),
    [
        ("summer", None, "last", 2024), ("summer", None, "this", 2025), ("summer", None, "next", 2025),
        ("spring", None, "next", 2026), ("spring", "past", None, 2025), ("winter", None, "last", 2024),
        ("winter", None, "next", 2025), ("autumn", "past", None, 2024), ("autumn", "future", None, 2025),
    ],
)
def test_season_year(season: str, tense: Tense, rel: str | None, expected: int) -> None:
    assert season_year(THU, season, tense, rel) == expected


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [(3, "month", "P3M"), (24, "hour", "PT24H"), (1.5, "year", "P1.5Y"), (None, "year", "PXY"),
     (1, "decade", "P1DE"), (1, "fortnight", "P2W"), (30, "minute", "PT30M")],
)
def test_duration_value(amount: float | None, unit: str, expected: str) -> None:
    assert duration_value(amount, unit) == expected


def test_scan_tables_are_read_once_and_match_the_doc(nlp: Language) -> None:
    doc = nlp("On 9 April, 155 people left.\nThey came back in May.")
    s = scan(doc)
    assert s is scan(doc)  # read once per document
    assert not doc.user_data
    assert s.idx == [t.idx for t in doc]
    assert s.sent_starts == [sent.start for sent in doc.sents]
    assert [doc[i].text for i in s.digit_tokens] == ["9", "155"]
    found = trigger_tokens(s, hashes(["may", "april"]))
    assert [doc[i].text for i in found] == ["9", "April", "155", "May"]
    assert s.token_at(doc[4].idx + 1) == 4
