"""Calendar names and the one partial-date type.

A :class:`PartialDate` is a calendar date of which only the year, or the year and month, may be known:
``2026``, ``2026-03``, ``2026-03-14``, as publication dates, TIMEX3 date values and timeline dates are
written. It is read in one place (:meth:`PartialDate.parse`) by the publication date
(``extract/published.py``), the time anchors (``extract/timex.py``), the story vectors and clustering
(``link/event_vectors.py``, ``link/stories.py``) and the timeline (``link/timeline.py``).

The month and weekday names are defined here once, in English, lower case, in calendar order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

#: Month names, January first.
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
#: Weekday names, Monday first (as ``date.weekday()`` counts).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: The three-letter abbreviation of each month ("may" is its own).
MONTH_ABBREVIATIONS = tuple(m[:3] for m in MONTHS)

#: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (the parts are not range-checked: ``2026-13`` is read as written).
_PARTIAL = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date whose month and day may be unknown (None). Ordered by year, then month, then day, an unknown
    part before any known one (``2026`` < ``2026-01`` < ``2026-01-01``)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> PartialDate | None:
        """``2026``, ``2026-03`` or ``2026-03-14`` as written; None for anything else (None, ``2026-W11``,
        ``XXXX-03-14``, ``2026-03-14T09:00``, ``202``)."""
        m = _PARTIAL.fullmatch(value) if value else None
        if m is None:
            return None
        year, month, day = m.groups()
        return cls(int(year), None if month is None else int(month), None if day is None else int(day))

    @classmethod
    def day_of(cls, value: str | None) -> date | None:
        """The calendar day at the start of an ISO date or date-time string (``2026-03-14T09:00`` → 14 March
        2026), or None when it does not begin with a full, valid date."""
        if not value or len(value) < 10:
            return None
        p = cls.parse(value[:10])
        return None if p is None else p.date

    @property
    def date(self) -> date | None:
        """The calendar day, when year, month and day are known and make a valid date."""
        if self.year is None or self.month is None or self.day is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None

    def iso(self) -> str:
        """``2026``, ``2026-03`` or ``2026-03-14``: as far as the parts are known ("" when none is)."""
        if self.year is None:
            return ""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def _key(self) -> tuple[int, int, int]:
        return (-1 if self.year is None else self.year, -1 if self.month is None else self.month,
                -1 if self.day is None else self.day)

    def __lt__(self, other: PartialDate) -> bool:
        return self._key() < other._key()

    def __le__(self, other: PartialDate) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: PartialDate) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: PartialDate) -> bool:
        return self._key() >= other._key()
