"""TIMEX3 values in words, for people: ``2026-09-01TMO`` → "Tuesday morning, 1 September 2026", ``2026-SU`` →
"summer 2026", ``PRESENT_REF`` → "the present", ``PT2H14M`` → "2 hours 14 minutes".

The records keep the TIMEX3 code (``TimeExpr.value``, ``Quantity.as_of``); :func:`time_words` is what the
summary and the web pages show beside or instead of it. Values it cannot read are returned as they are.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_PARTS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_REFS = {"PRESENT_REF": "the present", "PAST_REF": "the past", "FUTURE_REF": "the future"}
_ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth"}
_DURATION = re.compile(r"P(?:(?P<Y>\d+(?:\.\d+)?)Y)?(?:(?P<MO>\d+(?:\.\d+)?)M)?(?:(?P<W>\d+(?:\.\d+)?)W)?"
                       r"(?:(?P<D>\d+(?:\.\d+)?)D)?(?:(?P<DE>\d+(?:\.\d+)?)DE)?(?:(?P<CE>\d+(?:\.\d+)?)CE)?"
                       r"(?:T(?:(?P<H>\d+(?:\.\d+)?)H)?(?:(?P<MI>\d+(?:\.\d+)?)M)?(?:(?P<S>\d+(?:\.\d+)?)S)?)?")
_DURATION_WORDS = (("Y", "year"), ("DE", "decade"), ("CE", "century"), ("MO", "month"), ("W", "week"), ("D", "day"),
                   ("H", "hour"), ("MI", "minute"), ("S", "second"))
_DAY = re.compile(r"(?P<y>\d{4}|XXXX)-(?P<m>\d\d)-(?P<d>\d\d)(?:T(?P<t>\d\d(?::\d\d)?|MO|AF|EV|NI|DT))?")
_WEEK = re.compile(r"(?P<y>\d{4})-W(?P<w>\d\d)(?P<we>-WE)?")
_WEEKDAY_SET = re.compile(r"XXXX-WXX-(?P<d>[1-7])")


def _plural(n: str, word: str) -> str:
    n = n.removesuffix(".0")
    return f"{n} {word}" if n == "1" else f"{n} {'centuries' if word == 'century' else word + 's'}"


def _day_words(y: str, m: int, d: int, part: str | None) -> str:
    day = f"{d} {calendar.month_name[m]}" + ("" if y == "XXXX" else f" {y}")
    if y == "XXXX":
        return day if part is None else f"{day}, {_clock_or_part(part)}"
    try:
        weekday = calendar.day_name[date(int(y), m, d).weekday()]
    except ValueError:
        return day
    if part in _PARTS:
        return f"{weekday} {_PARTS[part]}, {day}"  # "Tuesday morning, 1 September 2026"
    if part is not None:
        return f"{weekday}, {day}, {_clock_or_part(part)}"
    return f"{weekday}, {day}"


def _clock_or_part(part: str) -> str:
    if part in _PARTS:
        return _PARTS[part]
    if part in ("00", "00:00"):
        return "midnight"
    return part if ":" in part else f"{part}:00"


def duration_words(value: str) -> str | None:
    """"P3Y" → "3 years", "PT2H14M" → "2 hours 14 minutes"; None for what is not a duration."""
    if x := re.fullmatch(r"PT?X(DE|CE|[YMWDHS])", value):  # "PXY": some years; "PTXM": some minutes
        clock = value.startswith("PT")
        unit = {"Y": "years", "M": "minutes" if clock else "months", "W": "weeks", "D": "days", "H": "hours",
                "S": "seconds", "DE": "decades", "CE": "centuries"}[x[1]]
        return f"some {unit}"
    m = _DURATION.fullmatch(value)
    if m is None or value in ("P", "PT"):
        return None
    parts = [_plural(m[key], word) for key, word in _DURATION_WORDS if m[key]]
    if not parts:
        return None
    return " ".join(parts)


def time_words(value: str | None, type: str | None = None) -> str:
    """A TIMEX3 value in words (see the module docstring); ``type`` "SET" reads it as a repetition
    ("P1W" → "every week", "XXXX-WXX-4" → "every Thursday")."""
    if not value:
        return ""
    if value in _REFS:
        return _REFS[value]
    if value in _SEASONS:  # a season of a year not given
        return f"in {_SEASONS[value]}"
    if value.removeprefix("T") in _PARTS and len(value) <= 3:  # a part of a day not given: "TMO"
        return f"in the {_PARTS[value.removeprefix('T')]}" if value[-2:] != "NI" else "at night"
    if type == "SET" or value.startswith("XXXX-WXX-"):
        return _set_words(value)
    if value.startswith("P"):
        return duration_words(value) or value
    m = _DAY.fullmatch(value)
    if m is not None:
        return _day_words(m["y"], int(m["m"]), int(m["d"]), m["t"])
    m = _WEEK.fullmatch(value)
    if m is not None:
        try:
            monday = date.fromisocalendar(int(m["y"]), int(m["w"]), 1)
        except ValueError:
            return value
        if m["we"]:
            sat = date.fromisocalendar(int(m["y"]), int(m["w"]), 6)
            return f"the weekend of {sat.day}–{sat.day + 1} {calendar.month_name[sat.month]} {sat.year}" \
                if sat.month == date.fromisocalendar(int(m["y"]), int(m["w"]), 7).month else \
                f"the weekend of {sat.day} {calendar.month_name[sat.month]} {sat.year}"
        return f"the week of {monday.day} {calendar.month_name[monday.month]} {monday.year}"
    if re.fullmatch(r"\d{4}-\d\d", value):
        y, mo = value.split("-")
        return f"{calendar.month_name[int(mo)]} {y}" if 1 <= int(mo) <= 12 else value
    if re.fullmatch(r"XXXX-\d\d", value):
        return calendar.month_name[int(value[5:])] if 1 <= int(value[5:]) <= 12 else value
    if re.fullmatch(r"\d{4}", value):
        return value
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
    if m is not None:
        if m[2] == "WI":
            return f"winter {m[1]}–{str(int(m[1]) + 1)[-2:]}"
        return f"{_SEASONS[m[2]]} {m[1]}"
    m = re.fullmatch(r"(\d{4})-([QH])([1-4])", value)
    if m is not None:
        return f"the {_ORDINAL[int(m[3])]} {'quarter' if m[2] == 'Q' else 'half'} of {m[1]}"
    m = re.fullmatch(r"FY(\d{4})", value)
    if m is not None:
        return f"fiscal year {m[1]}"
    if re.fullmatch(r"\d{3}X?", value):
        return f"the {value[:3]}0s"
    if re.fullmatch(r"\d{2}(XX)?", value):
        value = value[:2]
        n = int(value) + 1
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"the {n}{suffix} century"
    return value


def _set_words(value: str) -> str:
    m = _WEEKDAY_SET.fullmatch(value)
    if m is not None:
        return f"every {calendar.day_name[int(m['d']) - 1]}"
    m = re.fullmatch(r"XXXX-XX-XXT(MO|AF|EV|NI)", value)
    if m is not None:
        return f"every {_PARTS[m[1]]}"
    m = re.fullmatch(r"XXXX-(SP|SU|FA|WI)", value)
    if m is not None:
        return f"every {_SEASONS[m[1]]}"
    words = duration_words(value) if value.startswith("P") else None
    if words is None:
        return value
    return f"every {words[2:]}" if words.startswith("1 ") else f"every {words}"
