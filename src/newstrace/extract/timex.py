"""Calendar arithmetic for TIMEX3 values: anchors, shifts by a unit, and value strings.

An :class:`Anchor` is the date relative expressions are resolved against (the publication date, or a date the
text mentioned); any part of it may be unknown. Values follow TIMEX3 (TimeML): ``2025-04-10``, ``2025-04``,
``2025-W15``, ``2025-Q2``, ``2025-SU``, ``2025``, ``202`` (a decade), ``20`` (a century), with ``X`` for
unknown digits (``XXXX-04-10``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from newstrace.dates import PartialDate

Tense = Literal["past", "present", "future"] | None
#: Granularity of a relative unit, coarsest last.
UNIT_ORDER = ("minute", "hour", "day", "week", "weekend", "month", "quarter", "half", "season", "year",
              "decade", "century")
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
#: Duration designators: ``P3M``, ``PT24H``, ``P1DE``.
DURATION_CODE = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W", "fortnight": "W",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE", "millennium": "ML",
}
_TIME_UNITS = frozenset({"second", "minute", "hour"})


@dataclass(frozen=True, slots=True)
class Anchor(PartialDate):
    """A date with possibly unknown parts (``year`` None: unknown year)."""

    @classmethod
    def parse(cls, value: str | None) -> Anchor:
        """From ``2025-04-10``, ``2025-04``, ``2025``; everything unknown for None or anything else."""
        p = PartialDate.parse(value)
        return cls() if p is None else cls(p.year, p.month, p.day)

    def value(self) -> str:
        """The anchor itself as a TIMEX3 value, at its own precision."""
        return day_value(self.year, self.month, self.day) if self.day else month_value(self.year, self.month)


def _y(year: int | None) -> str:
    return "XXXX" if year is None else f"{year:04d}"


def day_value(year: int | None, month: int | None, day: int | None) -> str:
    m = "XX" if month is None else f"{month:02d}"
    d = "XX" if day is None else f"{day:02d}"
    return f"{_y(year)}-{m}-{d}"


def month_value(year: int | None, month: int | None) -> str:
    if month is None:
        return _y(year)
    return f"{_y(year)}-{month:02d}"


def week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def shift_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def year_for_month(anchor: Anchor, month: int, tense: Tense, day: int | None = None) -> int | None:
    """The year of a month (and day) written without one: the last one for the past tense, the next one for
    the future, and otherwise the anchor's year unless the month is 9+ months away from the anchor's."""
    if anchor.year is None:
        return None
    if anchor.month is None or (anchor.day is None and month == anchor.month):
        return anchor.year
    there: tuple[int, int] = (month, day or 0)
    here: tuple[int, int] = (anchor.month, (anchor.day or 0) if day else 0)
    if tense == "past":
        return anchor.year if there <= here else anchor.year - 1
    if tense == "future":
        return anchor.year if there >= here else anchor.year + 1
    diff = month - anchor.month
    if diff > 8:
        return anchor.year - 1
    if diff < -8:
        return anchor.year + 1
    return anchor.year


def weekday_value(anchor: Anchor, weekday: int, tense: Tense, rel: str | None = None) -> str:
    """The date of a weekday (0 = Monday): ``rel`` "last"/"next"/"this" or, without one, by tense — the
    anchor itself when it is that weekday, else the last one for the past (and no tense), the next one
    for the present and future."""
    d = anchor.date
    if d is None:
        return f"XXXX-WXX-{weekday + 1}"
    delta = weekday - d.weekday()
    if rel == "this":
        return (d + timedelta(days=delta)).isoformat()
    if rel == "last" or (rel is None and tense in ("past", None)):
        back = (d.weekday() - weekday) % 7
        if rel == "last" and back == 0:
            back = 7
        return (d - timedelta(days=back)).isoformat()
    ahead = delta % 7
    if rel == "next" and ahead == 0:
        ahead = 7
    return (d + timedelta(days=ahead)).isoformat()


def weekend_value(anchor: Anchor, n: int, tense: Tense) -> str:
    """The weekend ``n`` weeks from the anchor's week (0: the nearest one, by tense)."""
    d = anchor.date
    if d is None:
        return "XXXX-WXX-WE"
    if n == 0 and tense in ("past", None) and d.weekday() < 5:
        n = -1
    return week_value(d + timedelta(weeks=n)) + "-WE"


def shift(anchor: Anchor, unit: str, n: int) -> str | None:
    """The anchor moved by ``n`` units, written at that unit's granularity ("day" → ``2025-04-09``,
    "week" → ``2025-W14``, "month" → ``2025-03``, "year" → ``2024``, "decade" → ``201``, ...).

    Partially known anchors give partial values; None when nothing about the result is known."""
    y, m = anchor.year, anchor.month
    if unit in ("day", "night", "hour", "minute"):
        base = anchor.date
        if base is None:
            return None if y is None else day_value(y, m, None)
        return (base + timedelta(days=n)).isoformat()
    if unit in ("week", "fortnight"):
        base = anchor.date
        if base is None:
            return None if y is None else _y(y) + "-WXX"
        return week_value(base + timedelta(weeks=n * (2 if unit == "fortnight" else 1)))
    if unit == "weekend":
        return weekend_value(anchor, n, None)
    if y is None:
        return None
    if unit == "month":
        if m is None:
            return _y(y) + "-XX"
        yy, mm = shift_months(y, m, n)
        return month_value(yy, mm)
    if unit == "quarter":
        if m is None:
            return _y(y) + "-QX"
        yy, mm = shift_months(y, m, 3 * n)
        return f"{yy:04d}-Q{quarter_of(mm)}"
    if unit == "half":
        if m is None:
            return _y(y) + "-HX"
        yy, mm = shift_months(y, m, 6 * n)
        return f"{yy:04d}-H{1 if mm <= 6 else 2}"
    if unit == "year":
        return _y(y + n)
    if unit == "decade":
        return str((y // 10) + n)
    if unit == "century":
        return str((y // 100) + n)
    return None


def season_value(year: int | None, season: str) -> str:
    return f"{_y(year)}-{SEASONS[season]}"


def season_year(anchor: Anchor, season: str, tense: Tense, rel: str | None) -> int | None:
    """The year of "last summer", "this winter", "next spring" or a bare season (by tense).

    A winter is labelled with the year it starts in (December 2024 to February 2025 is ``2024-WI``)."""
    if anchor.year is None:
        return None
    if anchor.month is None:
        return anchor.year + {"last": -1, "next": 1}.get(rel or "", 0)
    order = ("SP", "SU", "FA", "WI")
    target = order.index(SEASONS[season])
    now = (anchor.year if anchor.month >= 3 else anchor.year - 1) * 4 + ((anchor.month - 3) % 12) // 3
    same = (now // 4) * 4 + target
    if rel == "last":
        k = same if same < now else same - 4
    elif rel == "next":
        k = same if same > now else same + 4
    elif rel is None and tense == "past":
        k = same if same <= now else same - 4
    elif rel is None and tense == "future":
        k = same if same >= now else same + 4
    else:
        k = same
    return k // 4


def duration_value(amount: float | None, unit: str) -> str:
    """``P3M``, ``PT24H``, ``P1.5Y``, ``PXY`` (amount unknown)."""
    code = DURATION_CODE[unit]
    if amount is None:
        n = "X"
    elif unit == "fortnight":
        n = _fmt(amount * 2)
    else:
        n = _fmt(amount)
    return ("PT" if unit in _TIME_UNITS else "P") + n + code


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
