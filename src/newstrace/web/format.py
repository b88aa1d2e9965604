"""How values read on the pages: figures in words, clipped text, status labels."""

from __future__ import annotations

STATUS_LABELS = {"corroborated": "corroborated", "differs": "differs", "updated": "updated",
                 "single_source": "single source"}
_QUALIFIER_WORDS = {
    "exact": "", "at_least": "at least ", "at_most": "at most ", "more_than": "more than ",
    "less_than": "less than ", "approx": "about ",
}


_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def number(v: float | int) -> str:
    """A number as a reporter writes it: 12 · 3,000 · 6.42 · 2.5 million."""
    for size, word in _SCALES:
        if abs(v) >= size and round(abs(v) / size, 3) * size == abs(v):
            return f"{v / size:,.3g} {word}"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, int) else f"{v:,.6g}"


def unit_label(unit: str | None, value: float | int) -> str:
    """A unit after a number: currency codes and symbols as they are, words in the plural ("9 minutes")."""
    if not unit:
        return ""
    if value != 1 and unit.isalpha() and unit.islower() and not unit.endswith("s") and unit != "percent":
        return f"{unit}s"
    return unit


def value_label(value: float | int | None, qualifier: str | None, unit: str | None = None,
                high: float | int | None = None) -> str:
    """A figure in words: "at least 14", "about 30 percent", "40–60"."""
    if value is None:
        return ""
    u = f" {unit_label(unit, high if high is not None else value)}" if unit else ""
    if qualifier == "range" and high is not None:
        return f"{number(value)}–{number(high)}{u}"
    return f"{_QUALIFIER_WORDS.get(qualifier or 'exact', '')}{number(value)}{u}"


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
