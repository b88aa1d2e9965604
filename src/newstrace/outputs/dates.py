"""TIMEX3 values in words, for readers: ``2026-03-04`` → "4 March 2026", ``2026-03-03TMO`` → "the morning of
3 March 2026", ``2026-SU`` → "summer 2026", ``PRESENT_REF`` → "now", ``P3D`` → "3 days", ``PXD`` → "some days".
The records keep the code; pages show these words with the code beside them (a tooltip, a ``datetime``).

(Here until the extract stage has a formatting helper of its own; anything it does not know comes back as is.)
"""

from __future__ import annotations

import re

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
PARTS_OF_DAY = {"MO": "the morning of", "AF": "the afternoon of", "EV": "the evening of", "NI": "the night of",
                "DT": "the daytime of", "MI": "midday on"}
BARE_PARTS = {"MO": "in the morning", "AF": "in the afternoon", "EV": "in the evening", "NI": "at night",
              "DT": "in the daytime", "MI": "at midday"}
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
QUARTERS = {"Q1": "the first quarter of", "Q2": "the second quarter of", "Q3": "the third quarter of",
            "Q4": "the fourth quarter of", "H1": "the first half of", "H2": "the second half of"}
REFS = {"PRESENT_REF": "now", "PAST_REF": "in the past", "FUTURE_REF": "in the future"}
UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour", "S": "second", "DE": "decade",
         "CE": "century", "Q": "quarter", "WE": "weekend"}
TIME_UNITS = {"H": "hour", "M": "minute", "S": "second"}

_DATE = re.compile(r"(\d{4}|XXXX)(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?")
_WEEK = re.compile(r"(\d{4})-W(\d{2})(-WE)?")
_CLOCK = re.compile(r"T(\d{2})(?::(\d{2}))?")
_DURATION = re.compile(r"P(T?)(\d+(?:\.\d+)?|X)(DE|CE|WE|[YMWDHSQ])")
_DECADE = re.compile(r"(\d{3})X|(\d{2})XX")


def date_words(code: str | None) -> str:
    """A TIMEX3 value (a date, week, season, part of day, duration or reference) in words; else ``code``."""
    if not code:
        return ""
    c = code.strip()
    if c in REFS:
        return REFS[c]
    if c in SEASONS:  # a season of a year not given
        return f"in {SEASONS[c]}"
    if c.startswith("T") and c[1:] in PARTS_OF_DAY:  # a part of a day not given
        return BARE_PARTS[c[1:]]
    if m := _DURATION.fullmatch(c):
        return _duration(m.group(1) == "T", m.group(2), m.group(3))
    if m := _WEEK.fullmatch(c):
        return f"{'the weekend of ' if m.group(3) else ''}week {int(m.group(2))} of {m.group(1)}"
    if m := re.fullmatch(r"(\d{4}|XXXX)-(SP|SU|FA|WI|Q[1-4]|H[12])", c):
        year, part = m.groups()
        year = "" if year == "XXXX" else f" {year}"
        return f"{SEASONS[part]}{year}" if part in SEASONS else f"{QUARTERS[part]}{year or ' the year'}"
    if m := _DECADE.fullmatch(c):
        return f"the {m.group(1)}0s" if m.group(1) else f"the {int(m.group(2)) + 1}th century"
    head, _, rest = c.partition("T")
    if not (m := _DATE.fullmatch(head)):
        return code
    words = _day(*m.groups())
    if not rest:
        return words
    if rest in PARTS_OF_DAY:
        return f"{PARTS_OF_DAY[rest]} {words}"
    if clock := _CLOCK.match("T" + rest):
        return f"{words}, {clock.group(1)}:{clock.group(2) or '00'}"
    return code


def _day(year: str, month: str | None, day: str | None) -> str:
    known_year = year != "XXXX"
    if not month or month == "XX":
        return year if known_year else "a date"
    name = MONTHS[int(month) - 1] if 1 <= int(month) <= 12 else month
    text = f"{int(day)} {name}" if day and day != "XX" else name
    return f"{text} {year}" if known_year else f"{text} (year not given)"


def _duration(clock: bool, amount: str, unit: str) -> str:
    word = (TIME_UNITS if clock else UNITS).get(unit, unit)
    if amount == "X":
        return f"some {word}s"
    n = float(amount)
    shown = f"{int(n)}" if n.is_integer() else amount
    return f"{shown} {word}{'' if n == 1 else 's'}"
