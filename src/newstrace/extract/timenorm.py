"""TIMEX3 values for matches of the time grammar (:mod:`newstrace.extract.timegrammar`).

``normalize(match, ctx)`` reads the rule that matched and its parts and returns ``(value, type)``, or None when
the match is not a time expression after all ("the fall of Kabul"). Relative expressions are resolved against
``ctx.dct`` (the publication date: "yesterday", "last week", "two years ago"); anaphoric ones ("the next day",
"a day prior", "the previous year") against ``ctx.ref``, a date the text mentioned just before, when it is
precise enough, else against the publication date. Bare months, weekdays and seasons take their year or week
from the tense of the verb they belong to (``ctx.tense``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from newstrace.dates import WEEKDAYS
from newstrace.extract.numbers import parse_number
from newstrace.extract.timegrammar import MONTH_NUMBERS, PARTS_OF_DAY
from newstrace.extract.timex import (
    Anchor,
    Tense,
    day_value,
    duration_value,
    month_value,
    season_value,
    season_year,
    shift,
    week_value,
    weekday_value,
    weekend_value,
    year_for_month,
)
from newstrace.lexicon import table, words

TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
Result = tuple[str | None, TimeType]

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "final": 0}
_CENTURY_WORDS = {"fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                  "twentieth": 20, "twenty first": 21, "twenty-first": 21}
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}
_HOLIDAYS = table("time_words")["holidays"]  # by the first words of their name, tried in order
#: Holidays on a fixed date: (month, day).
_FIXED_HOLIDAYS: list[tuple[str, tuple[int, int]]] = [(k, (m, d)) for k, (m, d) in _HOLIDAYS["fixed"].items()]
#: Holidays on the n-th weekday of a month (n = -1: the last one): (month, weekday with Monday 0, n).
_FLOATING_HOLIDAYS: list[tuple[str, tuple[int, int, int]]] = [
    (k, (m, w, n)) for k, (m, w, n) in _HOLIDAYS["floating"].items()
]
#: Holidays a number of days after another: (the other, days).
_OFFSET_HOLIDAYS: list[tuple[str, tuple[str, int]]] = [(k, (o, n)) for k, (o, n) in _HOLIDAYS["offset"].items()]
_AWARD_BEFORE = re.compile(r"\b(?:player|person|man|woman|coach|manager|rookie|athlete|team|album|song|record|car|"
                           r"book|word|artist|entertainer|teacher|company|businessman|businesswoman|photo|picture|"
                           r"image|goal|comeback|invention|product)s?\s+of\s+$", re.IGNORECASE)
_FALL_NOT_SEASON_AFTER = re.compile(r"\s+(?:of|in|to|from|on|at|among|after|since|below|under|was|is|has|had)\b",
                                    re.IGNORECASE)
_SET_ADVERBS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M", "annually": "P1Y",
                "yearly": "P1Y", "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "fortnightly": "P2W",
                "semiannually": "P6M", "semi-annually": "P6M", "biannually": "P6M"}
_VAGUE = words("time_words", "vague_amounts")
#: A number, money or "twice" just before "a year": "$3 million a year" is a rate (SET), not a duration.
_RATE_BEFORE = re.compile(r"(?:\d|million|billion|thousand|hundred|percent|%|times|twice|once|dollars|euros|"
                          r"pounds|\bper)\W*$", re.IGNORECASE)
_SPAN_CUE_BEFORE = re.compile(r"\b(?:over|during|for|within|throughout|in)\s+$", re.IGNORECASE)
_SEASON_CUE_BEFORE = re.compile(r"\b(?:in|during|this|by|until|since|through|over)\s+$", re.IGNORECASE)
#: Nouns after a month that name a contract for delivery then: "the September contract" in a July article is
#: this September's, whatever the tense of the sentence.
_DELIVERY_AFTER = re.compile(r"\s+(?:contracts?|delivery|deliveries|futures|options|expiry|expiration|shipments?|"
                             r"loading|crop)\b", re.IGNORECASE)
#: Nouns after a quarter that report on it once it has ended: "will report second-quarter results".
_REPORT_AFTER = re.compile(r"[\s-]+(?:results|earnings|figures|profits?|revenues?|sales|numbers|report|gdp|"
                           r"growth|data)\b", re.IGNORECASE)
#: Words before a part of the night that point ahead in a present-tense sentence ("expect showers overnight").
_AHEAD_BEFORE = re.compile(r"\b(?:expect|expects|expected|forecast|forecasts|predict|predicts|will|could|may|"
                           r"should|likely)\b", re.IGNORECASE)


@dataclass(slots=True)
class Context:
    dct: Anchor
    ref: Anchor
    tense: Tense = None
    before: str = ""  # the text just before the match
    used_ref: bool = False  # set when the value was resolved against ``ref``
    after: str = ""  # the text just after the match
    quarter: str | None = None  # the last quarter the text mentioned just before ("2025-Q1")


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").lower().replace("’", "'")).strip()


def _unit(word: str) -> str:
    w = _norm(word)
    if w.startswith("centur"):
        return "century"
    if w.startswith("millenni"):
        return "millennium"
    return w[:-1] if w.endswith("s") and w != "s" else w


def _amount(word: str | None) -> float | None:
    """"three" → 3, "a" → 1, "a few" → None (unknown)."""
    w = _norm(word)
    if not w or w in _VAGUE:
        return None
    if w in ("a", "an", "one"):
        return 1
    value = parse_number(w)
    return None if value is None else float(value)


def _month(word: str) -> int:
    return MONTH_NUMBERS[word.lower()[:3]]


def _day(word: str) -> int:
    return int(re.match(r"\d+", word)[0])  # type: ignore[index]


def _with_pod(value: str | None, pod: str | None) -> Result:
    if value is None or not pod:
        return value, "DATE"
    return f"{value}T{PARTS_OF_DAY[_norm(pod)]}", "TIME"


def _anchor_for(ctx: Context, unit: str) -> Anchor:
    """The referenced date when it is precise enough for ``unit``, else the publication date."""
    need_day = unit in ("day", "night", "week", "weekend", "hour", "minute", "morning", "afternoon", "evening")
    ok = ctx.ref.day is not None if need_day else (ctx.ref.month is not None if unit in ("month", "quarter")
                                                    else ctx.ref.year is not None)
    ctx.used_ref = ok and ctx.ref != ctx.dct
    return ctx.ref if ok else ctx.dct


def _day_shift(anchor: Anchor, n: int) -> str:
    return shift(anchor, "day", n) or "XXXX-XX-XX"


# --- absolute dates ---------------------------------------------------------------------------------------

def _iso(m: re.Match[str], ctx: Context) -> Result | None:
    if not _valid_day(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"])):
        return None
    value = f"{m['iso_y']}-{m['iso_m']}-{m['iso_d']}"
    return (f"{value}T{m['iso_t']}", "TIME") if m["iso_t"] else (value, "DATE")


def _slash(m: re.Match[str], ctx: Context) -> Result | None:
    a, b, y = int(m["sl_a"]), int(m["sl_b"]), int(m["sl_y"])
    month, day = (b, a) if a > 12 else (a, b)
    if y < 100:
        y += 1900 if y >= 50 else 2000
    if not _valid_day(y, month, day):
        return None
    return day_value(y, month, day), "DATE"


def _valid_day(year: int | None, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year or 2000, month)[1]


def _month_day(mon: str, day_s: str, year_s: str | None, ctx: Context, weekday: str | None = None) -> Result | None:
    month, day = _month(mon), _day(day_s)
    if not _valid_day(int(year_s) if year_s else None, month, day):
        return None
    year = int(year_s) if year_s else year_for_month(ctx.dct, month, ctx.tense, day)
    if weekday and not year_s and year is not None:
        year = _year_of_weekday(year, month, day, WEEKDAYS.index(_norm(weekday)))
    return day_value(year, month, day), "DATE"


def _year_of_weekday(year: int, month: int, day: int, weekday: int) -> int:
    """The year, of ``year`` and the ones beside it, in which month/day falls on ``weekday`` ("Monday, March 4"
    written in February 2024 is in 2024 whatever the tense says)."""
    for y in (year, year + 1, year - 1):
        if _valid_day(y, month, day) and date(y, month, day).weekday() == weekday:
            return y
    return year


def _mdy(m: re.Match[str], ctx: Context) -> Result | None:
    return _month_day(m["mdy_mon"], m["mdy_day"], m["mdy_y"], ctx, m["mdy_wd"])


def _dmy(m: re.Match[str], ctx: Context) -> Result | None:
    return _month_day(m["dmy_mon"], m["dmy_day"], m["dmy_y"], ctx, m["dmy_wd"])


def _my(m: re.Match[str], ctx: Context) -> Result | None:
    return month_value(int(m["my_y"]), _month(m["my_mon"])), "DATE"


def _short_year(s: str) -> int:
    y = int(s)
    return y if y >= 100 else 2000 + y


def _quarter(m: re.Match[str], ctx: Context) -> Result | None:
    if m["q_q"]:
        kind, n = m["q_q"][0].upper(), int(m["q_q"][1])
        year = _short_year(m["q_qy"]) if m["q_qy"] else None
    else:
        kind = "Q" if _norm(m["q_unit"]) == "quarter" else "H"
        last = 4 if kind == "Q" else 2
        n = last if m["q_last"] else (_ORDINALS[_norm(m["q_ord"])] or last)
        if kind == "H" and n > 2:
            return None
        rel = _norm(m["q_rel"] or m["q_prel"])
        if m["q_y"] or m["q_py"]:
            year = int(m["q_y"] or m["q_py"])
        elif rel:
            year = None if ctx.dct.year is None else ctx.dct.year + {"last": -1, "next": 1}.get(rel, 0)
        elif m["q_last"]:  # "the last quarter": the one before this
            return shift(ctx.dct, "quarter" if kind == "Q" else "half", -1), "DATE"
        elif kind == "H":
            return None  # "the second half" alone is as likely a match's half as the year's
        else:
            year = None
    if year is None:
        months = 3 if kind == "Q" else 6
        tense = "past" if _REPORT_AFTER.match(ctx.after) else ctx.tense  # results come after the quarter
        year = _period_year(ctx.dct, (n - 1) * months + 1, n * months, tense)
    y = "XXXX" if year is None else f"{year:04d}"
    return f"{y}-{kind}{n}", "DATE"


def _period_year(dct: Anchor, first: int, last: int, tense: Tense) -> int | None:
    """The year of a quarter or half (months ``first`` to ``last``) written without one: for the past tense the
    last one that has ended or is in its last month ("profit rose in the fourth quarter" written in October:
    last year's), for the future the next one that has not ended ("expects a loss in the fourth quarter"
    written in November: this year's)."""
    if dct.year is None or dct.month is None:
        return dct.year
    if tense == "past":
        return dct.year if last <= dct.month + 1 else dct.year - 1
    if tense == "future":
        return dct.year if last >= dct.month else dct.year + 1
    return year_for_month(dct, first, tense)


def _holiday(m: re.Match[str], ctx: Context) -> Result | None:
    name = _norm(m["hd"]).removeprefix("the ").replace("st. ", "st ")
    if m["hd_y"]:
        year: int | None = int(m["hd_y"])
    else:
        guess = _holiday_date(name, ctx.dct.year or 2000)
        if guess is None:
            return None
        year = year_for_month(ctx.dct, guess[0], ctx.tense, guess[1])
    if year is None:
        fixed = next((md for key, md in _FIXED_HOLIDAYS if name.startswith(key)), None)
        return (None, "DATE") if fixed is None else (day_value(None, *fixed), "DATE")
    found = _holiday_date(name, year)
    if found is None:
        return None, "DATE"
    if m["hd_we"]:  # "the Memorial Day weekend": the weekend next to it, before a Monday holiday
        d = date(year, *found)
        return week_value(d - timedelta(days=1 if d.weekday() == 0 else 0)) + "-WE", "DATE"
    return day_value(year, *found), "DATE"


def _holiday_date(name: str, year: int) -> tuple[int, int] | None:
    """(month, day) of the holiday ``name`` (lowercase) in ``year``."""
    for key, (other, days) in _OFFSET_HOLIDAYS:
        if name.startswith(key):
            if other == "easter":
                base = _easter(year)
            elif other == "thanksgiving":
                base = _nth_weekday(year, 11, 3, 4)
            else:  # Election Day: the Tuesday after the first Monday of November
                base = _nth_weekday(year, 11, 0, 1)
            d = base + timedelta(days=days)
            return d.month, d.day
    for key, md in _FIXED_HOLIDAYS:
        if name.startswith(key):
            return md
    for key, (month, weekday, n) in _FLOATING_HOLIDAYS:
        if name.startswith(key):
            d = _nth_weekday(year, month, weekday, n)
            return d.month, d.day
    return None


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (Monday 0) of a month; the last one for ``n`` = -1."""
    if n < 0:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    mm = (a + 11 * h + 22 * ll) // 451
    month, day = divmod(h + ll - 7 * mm + 114, 31)
    return date(year, month, day + 1)


def _named(m: re.Match[str], ctx: Context) -> Result | None:
    return "2001-09-11", "DATE"  # "9/11", "the Sept. 11 attacks"


def _decade(m: re.Match[str], ctx: Context) -> Result | None:
    if m["dec_y"]:
        return m["dec_y"][:3], "DATE"
    if m["dec_s"]:
        tens = int(m["dec_s"]) // 10
        now = ctx.dct.year or 2000
        century = 20 if 2000 + tens * 10 <= now else 19
        return f"{century}{tens}", "DATE"
    return f"19{_DECADE_WORDS[_norm(m['dec_w'])]}", "DATE"


def _century(m: re.Match[str], ctx: Context) -> Result | None:
    n = int(m["cen_n"]) if m["cen_n"] else _CENTURY_WORDS[_norm(m["cen_w"])]
    return f"{n - 1:02d}", "DATE"


def _endof(m: re.Match[str], ctx: Context) -> Result | None:
    if m["eo_ye"]:
        return shift(ctx.dct, _norm(m["eo_ye"]).replace("-", " ").split()[0], 0), "DATE"
    unit, mod = _norm(m["eo_u"]), _norm(m["eo_m"])
    if unit == "day" and mod == "end" and ctx.before.lower().endswith("at ") and ctx.after.startswith(","):
        return None  # "At the end of the day, voters want jobs": "in the end", not a date
    if unit == "year" and mod in ("first half", "second half"):
        half = 1 if mod == "first half" else 2
        return (None, "DATE") if ctx.dct.year is None else (f"{ctx.dct.year:04d}-H{half}", "DATE")
    if unit == "day":
        return _day_shift(ctx.dct, 0), "DATE"
    return shift(ctx.dct, unit, 0), "DATE"


def _year(m: re.Match[str], ctx: Context) -> Result | None:
    year = m["yr"]
    if m["yr_fy"]:
        return f"FY{year}", "DATE"
    mod = _norm(m["yr_mod"])
    if mod.startswith("the first half") or mod.startswith("first half"):
        return f"{year}-H1", "DATE"
    if mod.startswith("the second half") or mod.startswith("second half"):
        return f"{year}-H2", "DATE"
    return year, "DATE"


def _month_only(m: re.Match[str], ctx: Context) -> Result | None:
    month, rel = _month(m["mo"]), _norm(m["mo_rel"])
    d = ctx.dct
    if d.year is None:
        return month_value(None, month), "DATE"
    if rel == "this":
        year: int | None = d.year
    elif rel in ("last", "this past"):
        year = d.year if d.month is not None and month < d.month else d.year - 1
    elif rel in ("next", "coming", "this coming"):
        year = d.year if d.month is not None and month > d.month else d.year + 1
    elif _DELIVERY_AFTER.match(ctx.after):
        year = year_for_month(d, month, "future")  # "the September contract"
    else:
        year = year_for_month(d, month, ctx.tense)
    return month_value(year, month), "DATE"


# --- relative dates -----------------------------------------------------------------------------------------

def _dayrel(m: re.Match[str], ctx: Context) -> Result | None:
    if m["dr_on"]:  # "overnight": the night before the publication, or the coming one
        ahead = ctx.tense == "future" or (ctx.tense in ("present", None) and _AHEAD_BEFORE.search(ctx.before))
        return _with_pod(_day_shift(ctx.dct, 0 if ahead else -1), "night")
    if m["dr_this"]:
        this, pod = _norm(m["dr_this"]), m["dr_pod2"]
        n = {"this": 0, "last": -1, "tomorrow": 1}[this]
        if this == "last" and _norm(pod) != "night":
            return None  # "last evening" is rare; "last morning" is not a time
        return _with_pod(_day_shift(ctx.dct, n), pod)
    word = _norm(m["dr_day"])
    n = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
         "the day after tomorrow": 2}[word]
    pod = m["dr_pod"] or ("night" if word == "tonight" else None)
    return _with_pod(_day_shift(ctx.dct, n), pod)


def _earlier(m: re.Match[str], ctx: Context) -> Result | None:
    unit = _norm(m["el_u"])
    anchor = _anchor_for(ctx, unit) if _norm(m["el_how"]) == "that" else ctx.dct
    if unit in PARTS_OF_DAY:
        return _with_pod(_day_shift(anchor, 0), unit)
    if unit == "day":
        return _day_shift(anchor, 0), "DATE"
    return shift(anchor, unit, 0), "DATE"


def _theday(m: re.Match[str], ctx: Context) -> Result | None:
    unit, d = _norm(m["tb_u"]), _norm(m["tb_d"])
    n = -1 if d in ("before", "earlier", "prior") else 1
    anchor = _anchor_for(ctx, unit)
    if unit == "night":
        return _with_pod(_day_shift(anchor, n), "night")
    return shift(anchor, unit, n), "DATE"


def _ago(m: re.Match[str], ctx: Context) -> Result | None:
    if m["ag_pl"]:
        return "PAST_REF", "DATE"  # "decades ago"
    unit, d = _unit(m["ag_u"]), _norm(m["ag_d"])
    amount = _amount(m["ag_n"])
    back = d in ("ago", "earlier", "back", "prior", "before")
    if amount is None:
        return ("PAST_REF" if back else "FUTURE_REF"), "DATE"
    if not float(amount).is_integer():
        return None
    n = int(amount) * (-1 if back else 1)
    anchor = ctx.dct if d in ("ago", "back", "from now", "hence") else _anchor_for(ctx, unit)
    if unit in ("hour", "minute", "night"):
        return _day_shift(anchor, 0 if unit != "night" else n), "DATE"
    if unit == "fortnight":
        unit, n = "week", 2 * n
    return shift(anchor, unit, n), "DATE"


def _npast(m: re.Match[str], ctx: Context) -> Result | None:
    return duration_value(_amount(m["np_n"]), _unit(m["np_u"])), "DURATION"


def _set(m: re.Match[str], ctx: Context) -> Result | None:
    if m["st_adv"]:
        return _SET_ADVERBS[_norm(m["st_adv"])], "SET"
    if m["st_f"]:
        return duration_value(1, _unit(m["st_fu"])), "SET"
    n_word = _norm(m["st_n"])
    n = 2.0 if n_word == "other" else (_amount(n_word) if n_word else 1.0)
    if m["st_u"]:
        return duration_value(n, _unit(m["st_u"])), "SET"
    if m["st_wd"]:
        return f"XXXX-WXX-{WEEKDAYS.index(_norm(m['st_wd']).rstrip('s')) + 1}", "SET"
    if m["st_se"]:
        return season_value(None, _norm(m["st_se"])), "SET"
    return f"XXXX-XX-XXT{PARTS_OF_DAY[_norm(m['st_pod'])]}", "SET"


_REL_SHIFT = {"last": -1, "next": 1, "this": 0, "current": 0, "the current": 0, "the present": 0, "coming": 1,
              "the coming": 1, "this coming": 1, "this past": -1}
_REF_SHIFT = {"the previous": -1, "the prior": -1, "the preceding": -1, "the next": 1, "the following": 1,
              "the same": 0, "same": 0, "that": 0}


def _relunit(m: re.Match[str], ctx: Context) -> Result | None:
    rel, unit = _norm(m["ru_rel"]), _norm(m["ru_u"])
    mod = _norm(m["ru_mod"])
    if rel in ("the past", "the last"):
        if unit in PARTS_OF_DAY or unit == "weekend":
            return None
        return duration_value(1, unit), "DURATION"
    if rel in ("the next", "the coming") and unit not in PARTS_OF_DAY and unit not in ("day", "night", "weekend") \
            and _SPAN_CUE_BEFORE.search(ctx.before):
        return duration_value(1, unit), "DURATION"  # "over the next decade": a period, not a date
    if m["ru_the"]:
        return _the_unit(unit, ctx)
    day_like = unit == "day" or unit in PARTS_OF_DAY
    if rel in _REF_SHIFT:
        anchor, n = _anchor_for(ctx, unit), _REF_SHIFT[rel]
    elif day_like:
        return None  # "last day", "next morning": not a date on their own ("this morning" is a dayrel)
    else:
        anchor, n = ctx.dct, _REL_SHIFT.get(rel, 0)
    if unit == "weekend":
        if rel == "the":
            return weekend_value(anchor, 0, ctx.tense), "DATE"
        return weekend_value(anchor, n, "future" if n == 0 else None), "DATE"
    if unit in PARTS_OF_DAY:
        return _with_pod(_day_shift(anchor, n), unit)
    if unit == "day":
        return _day_shift(anchor, n), "DATE"
    if unit == "year" and mod in ("the first half of", "first half of", "the second half of", "second half of"):
        value = shift(anchor, "year", n)
        return (None if value is None else f"{value}-H{1 if 'first' in mod else 2}"), "DATE"
    return shift(anchor, "week" if unit == "fortnight" else unit, n), "DATE"


def _the_unit(unit: str, ctx: Context) -> Result | None:
    """"the year", "the quarter", "the month", "the week": the publication's, TimeBank style; "the quarter" is
    the quarter the text just named, else, in the past tense, the last one that ended. "Player of the year" is
    an award, not a date."""
    if _AWARD_BEFORE.search(ctx.before):
        return None
    if unit == "quarter":
        if ctx.quarter is not None:
            ctx.used_ref = True
            return ctx.quarter, "DATE"
        return shift(ctx.dct, "quarter", -1 if ctx.tense == "past" else 0), "DATE"
    return shift(ctx.dct, unit, 0), "DATE"


def _refs(m: re.Match[str], ctx: Context) -> Result | None:
    if m["rf_new"]:  # "in the new year": the coming one, from the second half of a year
        d = ctx.dct
        if d.year is None:
            return None
        return f"{d.year + (1 if d.month is None or d.month >= 7 else 0):04d}", "DATE"
    if m["rf_now"]:
        return "PRESENT_REF", "DATE"
    if m["rf_past"]:
        return "PAST_REF", "DATE"
    return "FUTURE_REF", "DATE"


def _time(m: re.Match[str], ctx: Context) -> Result | None:
    day = _day_shift(ctx.dct, 0)
    if m["tm_w"]:
        word = _norm(m["tm_w"])
        return f"{day}T{'00' if word == 'midnight' else '12:00'}", "TIME"  # midnight: the start of a day
    if m["tm_h"] is not None:
        hour, minute = int(m["tm_h"]), int(m["tm_m"] or 0)
        pm = _norm(m["tm_ap"]).startswith("p")
        if not 1 <= hour <= 12:
            return None
        hour = (hour % 12) + (12 if pm else 0)
    elif m["tm_h2"] is not None:
        hour, minute = int(m["tm_h2"]), int(m["tm_m2"])
    else:  # "1800 GMT", "0600 hours"
        hour, minute = int(m["tm_h3"]), int(m["tm_m3"])
    return f"{day}T{hour:02d}:{minute:02d}", "TIME"


def _season(m: re.Match[str], ctx: Context) -> Result | None:
    season, rel = _norm(m["se"]), _norm(m["se_rel"]) or None
    explicit = m["se_y"] or rel
    if not explicit and not (m["se_the"] or _SEASON_CUE_BEFORE.search(ctx.before)):
        return None
    if season == "fall" and not explicit and (not _SEASON_CUE_BEFORE.search(ctx.before)
                                              or _FALL_NOT_SEASON_AFTER.match(ctx.after)):
        return None  # "the fall of the city", "the fall in prices"; but "reopens in the fall"
    rel = {"this past": "last", "past": "last", "coming": "next"}.get(rel or "", rel)
    year = int(m["se_y"]) if m["se_y"] else season_year(ctx.dct, season, ctx.tense, rel)
    return season_value(year, season), "DATE"


def _weekday(m: re.Match[str], ctx: Context) -> Result | None:
    wd = WEEKDAYS.index(_norm(m["wd"]))
    if m["wd_pl"]:
        return f"XXXX-WXX-{wd + 1}", "SET"
    rel = {"this past": "last", "past": "last", "coming": "next", "this coming": "next"}.get(
        _norm(m["wd_rel"]), _norm(m["wd_rel"]) or None)
    tense = "future" if ctx.tense == "present" else ctx.tense
    return _with_pod(weekday_value(ctx.dct, wd, tense, rel), m["wd_pod"])


def _dur(m: re.Match[str], ctx: Context) -> Result | None:
    if m["du_pl"] or m["du_pl2"]:
        return duration_value(None, _unit(m["du_pl"] or m["du_pl2"])), "DURATION"
    if m["du_h"]:
        unit = _norm(m["du_hu"])
        return ("PT30M", "DURATION") if unit == "hour" else (duration_value(0.5, unit), "DURATION")
    if m["du_u"][:1].isupper() and m["du_n"][:1].isdigit():
        return None  # a name: "the 24 Hours of Le Mans"
    unit, word = _unit(m["du_u"]), _norm(m["du_n"])
    amount = _amount(word)
    if amount is not None and "and a half" in _norm(m.group()):
        amount += 0.5
    if word in ("a", "an") and not m["du_s"] and _RATE_BEFORE.search(ctx.before):
        return duration_value(1, unit), "SET"
    if word in ("a", "an", "one") and m["du_s"]:
        return None
    if unit == "night":
        unit = "day"
    return duration_value(amount, unit), "DURATION"


NORMALIZERS: dict[str, Callable[[re.Match[str], Context], Result | None]] = {
    "iso": _iso, "slash": _slash, "named": _named, "mdy": _mdy, "dmy": _dmy, "my": _my, "quarter": _quarter,
    "holiday": _holiday, "decade": _decade, "century": _century, "endof": _endof, "dayrel": _dayrel,
    "earlier": _earlier, "theday": _theday, "ago": _ago, "npast": _npast, "set": _set, "relunit": _relunit,
    "refs": _refs, "time": _time, "season": _season, "weekday": _weekday, "month": _month_only,
    "year": _year, "dur": _dur,
}

def normalize(m: re.Match[str], ctx: Context) -> Result | None:
    """``(value, type)`` for a grammar match, or None when it is not a time expression."""
    rule = m.lastgroup
    if rule is None:
        return None
    return NORMALIZERS[rule](m, ctx)
