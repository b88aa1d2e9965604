"""Issue 16: figures and dates on real news — vague and qualified figures, non-figures, hyphenated measures,
what is counted, ranges, changes with their earlier value, and times (delivery months, midnight, reprints,
values in words). Sentences written for these tests, with negative cases."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newstrace.extract.quantities import extract_quantities
from newstrace.extract.times import extract_times
from newstrace.extract.timewords import time_words
from newstrace.records import Quantity, TimeExpr


def quantities(nlp: Language, text: str, published: str = "2025-07-15") -> list[Quantity]:
    doc = nlp(text)
    found = extract_quantities(doc, [], extract_times(doc, published))
    for q in found:
        assert text[q.start:q.end] == q.text
    return found


def times(nlp: Language, text: str, published: str) -> list[TimeExpr]:
    found = extract_times(nlp(text), published)
    for t in found:
        assert text[t.start:t.end] == t.text
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thousands of cyclists rode through the city.", ("Thousands", 1000, "at_least")),
        ("Millions of households face higher bills.", ("Millions", 1_000_000, "at_least")),
        ("Tens of thousands of fans queued overnight.", ("Tens of thousands", 10_000, "at_least")),
        ("Several hundred nurses joined the strike.", ("Several hundred", 300, "at_least")),
        ("Dozens of boats were damaged.", ("Dozens", 12, "at_least")),
        ("The bill could exceed 9,000 euros.", ("9,000 euros", 9000, "more_than")),
        ("Repairs may reach $40 million.", ("$40 million", 40_000_000, "at_most")),
        ("Waves up to six metres hit the coast.", ("up to six metres", 6, "at_most")),
        ("As many as 70 flights were delayed.", ("As many as 70", 70, "at_most")),
        ("Almost 300 jobs will go.", ("Almost 300", 300, "less_than")),
        ("Nearly 4,000 runners finished.", ("Nearly 4,000", 4000, "less_than")),
        ("Just over 2,000 people voted.", ("Just over 2,000", 2000, "more_than")),
        ("Storm kills 'at least' 35 in the north", ("at least' 35", 35, "at_least")),
        ("Night temperatures have not fallen below 20 degrees.", ("below 20 degrees", 20, "more_than")),
        # negatives: plain numbers stay exact
        ("The council approved 300 new homes.", ("300", 300, "exact")),
        ("A dozen eggs cost more this year.", ("A dozen", 12, "exact")),
    ],
)
def test_vague_and_qualified_figures(nlp: Language, text: str, expected: tuple[str, float, str]) -> None:
    q = next(q for q in quantities(nlp, text) if q.value == expected[1])
    assert (q.text, q.value, q.qualifier) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The race ended in a four-way tie for the lead.",
        "The three-time champion withdrew on the eve of the final.",
        "He wore the No. 7 shirt for a decade.",
        "The yield on the 30-year bond rose sharply.",
        "Oil fell to a two-decade low.",
    ],
)
def test_not_figures(nlp: Language, text: str) -> None:
    assert [q.text for q in quantities(nlp, text) if q.unit != "decade"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The former mayor received a 15-year sentence.", ("15-year", 15, "year", "sentence")),
        ("She signed a three-year contract with the club.", ("three-year", 3, "year", "contract")),
        ("A 9-year-old girl was rescued from the river.", ("9-year", 9, "year", "girl")),
        ("The 500-strong crowd cheered.", ("500", 500, None, "crowd")),
        ("The bank announced a 50-basis-point cut.", ("50-basis-point", 50, "basis point", "cut")),
        ("The mayor won with a majority of 1,200.", ("1,200", 1200, None, "majority")),
        ("The dividend was cut by a quarter.", ("a quarter", 0.25, None, None)),
        ("The inflation rate eased to 2.1% in May.", ("2.1%", 2.1, "percent", "inflation rate")),
        ("The group agreed a deal worth $3 billion.", ("$3 billion", 3_000_000_000, "USD", "deal")),
        ("The firm was fined $900,000 by the regulator.", ("$900,000", 900_000, "USD", "fine")),
        ("One in four pupils was absent.", ("One in four", 0.25, None, "pupils")),
        # negative: a payer is not what the money counts
        ("The buyer paid 300,000 euros.", ("300,000 euros", 300_000, "EUR", None)),
    ],
)
def test_hyphenated_measures_and_what_is_counted(nlp: Language, text: str,
                                                 expected: tuple[str, float, str | None, str | None]) -> None:
    q = next(q for q in quantities(nlp, text) if q.value == expected[1])
    assert expected[0] in q.text and q.unit == expected[2]
    if expected[3] is None:
        assert q.counted is None or q.unit is None
    else:
        assert q.counted is not None and expected[3] in q.counted


@pytest.mark.parametrize(
    ("text", "new", "previous", "change"),
    [
        ("Unemployment rose to 5.2% from 4.8% a year earlier.", 5.2, 4.8, "up"),
        ("The euro slipped to $1.08 from $1.10.", 1.08, 1.10, "down"),
        ("The party won 38% of the vote, down from 41% in 2021.", 38, 41, "down"),
        ("Its majority of 40 was cut to 12.", 12, 40, "down"),
    ],
)
def test_changes_with_their_earlier_value(nlp: Language, text: str, new: float, previous: float, change: str) -> None:
    found = quantities(nlp, text)
    q = next(q for q in found if q.value == new)
    old = next(q for q in found if q.value == previous)
    assert (q.previous, q.change, old.change) == (previous, change, change)


@pytest.mark.parametrize(
    "text",
    [
        "Diesel was down 5 cents to $1.60 a litre.",  # an amount of change and a level
        "Shares fell 3% to $12.40.",
        "Between 40 and 60 homes were flooded.",
    ],
)
def test_no_earlier_value_without_one(nlp: Language, text: str) -> None:
    assert all(q.previous is None for q in quantities(nlp, text))


def test_ranges_keep_both_ends(nlp: Language) -> None:
    q = quantities(nlp, "Clinics saw 25- to 34-year-olds most often.")[0]
    assert (q.value, q.high, q.qualifier) == (25, 34, "range")
    q = quantities(nlp, "Damage is put at $2 billion to $4 billion.")[0]
    assert (q.value, q.high, q.qualifier) == (2_000_000_000, 4_000_000_000, "range")


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Wheat for the December contract climbed 2%.", "2025-07-15", [("December", "2025-12")]),
        ("Coffee for March delivery fell.", "2025-07-15", [("March", "2026-03")]),
        ("The plant opened in March.", "2025-07-15", [("March", "2025-03")]),  # negative: no contract
        ("The fire started shortly after midnight on Friday.", "2025-03-10", [("midnight on Friday", "2025-03-07T00")]),
        ("Crews worked through Friday night and left shortly after midnight.", "2025-03-10",
         [("Friday night", "2025-03-07TNI"), ("midnight", "2025-03-08T00")]),
        ("The race was won in three hours and 5 minutes.", "2025-03-10", [("three hours and 5 minutes", "PT3H5M")]),
        ("The firm will publish third-quarter results next week.", "2025-10-20",
         [("third-quarter", "2025-Q3"), ("next week", "2025-W44")]),
        ("Rain is expected overnight.", "2025-03-10", [("overnight", "2025-03-10TNI")]),
        ("Prices rose overnight.", "2025-03-10", [("overnight", "2025-03-09TNI")]),  # negative: past
        ("The 12 Hours of Sebring start the season.", "2025-03-10", []),
    ],
)
def test_times(nlp: Language, text: str, published: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in times(nlp, text, published)] == expected


def test_reprint_resolves_against_the_original_date(nlp: Language) -> None:
    text = "The minister resigned yesterday.\n\nThis story was first published on June 2, 2024."
    found = {t.text: t.value for t in times(nlp, text, "2026-01-10")}
    assert found == {"yesterday": "2024-06-01", "June 2, 2024": "2024-06-02"}
    plain = {t.text: t.value for t in times(nlp, "The minister resigned yesterday.", "2026-01-10")}
    assert plain == {"yesterday": "2026-01-09"}  # negative: no reprint note


@pytest.mark.parametrize(
    ("value", "kind", "words"),
    [
        ("2026-09-01TMO", "TIME", "Tuesday morning, 1 September 2026"),
        ("2026-SU", "DATE", "summer 2026"),
        ("PRESENT_REF", "DATE", "the present"),
        ("2025-03-02T00", "TIME", "Sunday, 2 March 2025, midnight"),
        ("2025-12", "DATE", "December 2025"),
        ("2025-Q2", "DATE", "the second quarter of 2025"),
        ("PT2H14M", "DURATION", "2 hours 14 minutes"),
        ("P1W", "SET", "every week"),
        ("XXXX-WXX-4", "SET", "every Thursday"),
        ("2025-WI", "DATE", "winter 2025–26"),
        ("something odd", "DATE", "something odd"),  # negative: unknown values stay as they are
        (None, "DATE", ""),
    ],
)
def test_time_words(value: str | None, kind: str, words: str) -> None:
    assert time_words(value, kind) == words


@pytest.mark.parametrize(("text", "previous"), [
    ("Unemployment rose to 4.6% from 3.9%.", {"4.6%": 3.9}),
    ("A majority of 80 was cut to 62.", {"62": 80}),
    # two things counted: a place of origin, not an earlier value
    ("The tournament drew 184 players from 31 countries to the capital.", {}),
    ("The fair drew 900 exhibitors from 40 nations.", {}),
])
def test_an_earlier_value_counts_the_same_thing(text: str, previous: dict[str, float]) -> None:
    import newstrace

    found = {q.text: q.previous for q in newstrace.analyze(text).quantities if q.previous is not None}
    assert found == previous
