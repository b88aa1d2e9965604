"""The publication date: normalized when given, inferred from the text when missing.

Inference takes the latest fully specified date written in the text ("April 10, 2025", "10 April 2025",
"2025-04-10"); failing that, the latest month and year ("As of April 2025" → "2025-04"). An article with
neither gets ``None``, and time values relative to it stay partial.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

from newstrace.dates import MONTH_ABBREVIATIONS, PartialDate
from newstrace.dates import MONTHS as CALENDAR_MONTHS
from newstrace.errors import RecordError

#: Month names and abbreviations (and "sept") → month number.
MONTHS = {
    **{name: i for i, name in enumerate(CALENDAR_MONTHS, 1)},
    **{abbr: i for i, abbr in enumerate(MONTH_ABBREVIATIONS, 1)},
    "sept": 9,
}
_MONTH = r"(?P<month>" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_FULL = [
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR),
    re.compile(r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR),
    re.compile(r"(?<!\d)" + _YEAR + r"-(?P<mnum>\d\d)-(?P<day>\d\d)(?!\d)"),
]
_MONTH_YEAR = re.compile(r"(?<!\d\s)" + _MONTH + r",?\s+" + _YEAR)


def normalize_published(value: str | None) -> str | None:
    """ISO date (YYYY-MM-DD, or a partial YYYY-MM / YYYY) from an ISO or RFC 2822 string; None stays None.

    Raises :class:`RecordError` when the value is not a date.
    """
    if value is None or not str(value).strip():
        return None
    value = str(value).strip()
    if (partial := PartialDate.parse(value)) is not None and partial.day is None:
        return value
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    raise RecordError(f"'published' is not a date: {value[:40]!r}. Use YYYY-MM-DD, or leave it out to infer it.")


def infer_published(text: str) -> str | None:
    """The latest full date in the text, else the latest month-year, else None."""
    full: list[PartialDate] = []
    for pattern in _FULL:
        for m in pattern.finditer(text):
            month = MONTHS[m["month"].lower()] if m.groupdict().get("month") else int(m["mnum"])
            day = PartialDate(int(m["year"]), month, int(m["day"]))
            if day.date is not None:
                full.append(day)
    if full:
        return max(full).iso()
    partial = [PartialDate(int(m["year"]), MONTHS[m["month"].lower()]) for m in _MONTH_YEAR.finditer(text)]
    if partial:
        return max(partial).iso()
    return None
