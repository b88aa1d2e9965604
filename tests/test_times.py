"""Time expressions and their TIMEX3 values (``newstrace.extract.times``).

Every sentence is our own. The publication date is Thursday 10 April 2025 (ISO week 15) unless a case says
otherwise.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from newstrace.extract.times import extract_times
from newstrace.records import TimeExpr

DCT = "2025-04-10"


def times(nlp: Language, text: str, published: str | None = DCT) -> list[TimeExpr]:
    found = extract_times(nlp(text), published)
    for t in found:
        assert text[t.start:t.end] == t.text
    return found


def pairs(nlp: Language, text: str, published: str | None = DCT) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in times(nlp, text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The deal was signed on April 10, 2025.", [("April 10, 2025", "2025-04-10")]),
        ("It was signed on 10 April 2025 in Kyiv.", [("10 April 2025", "2025-04-10")]),
        ("They met on Thursday, April 10, 2025.", [("Thursday, April 10, 2025", "2025-04-10")]),
        ("Talks began on April 9 in Geneva.", [("April 9", "2025-04-09")]),
        ("The summit ended Jan. 5 after a week.", [("Jan. 5", "2025-01-05"), ("a week", "P1W")]),
        ("The files dated 2025-03-31 were leaked.", [("2025-03-31", "2025-03-31")]),
        ("The vote on 4/9/2025 was close.", [("4/9/2025", "2025-04-09")]),
        ("The law took effect in 2024.", [("2024", "2024")]),
        ("Prices rose sharply in January.", [("January", "2025-01")]),
        ("The report came out in April 2025.", [("April 2025", "2025-04")]),
        ("Troops arrived in early April.", [("early April", "2025-04")]),
        ("The plant closed in late 2023.", [("late 2023", "2023")]),
        ("A review is due in mid-2024.", [("mid-2024", "2024")]),
        ("Inflation peaked in the 1990s.", [("the 1990s", "199")]),
        ("Music from the '80s is back.", [("the '80s", "198")]),
        ("It was the deadliest war of the 20th century.", [("the 20th century", "19")]),
        ("Sales rose in the third quarter.", [("the third quarter", "2024-Q3")]),
        ("Output fell in the first quarter of 2024.", [("the first quarter of 2024", "2024-Q1")]),
        ("Profit doubled in Q3 2024.", [("Q3 2024", "2024-Q3")]),
        ("Spending grew in fiscal 2024.", [("fiscal 2024", "FY2024")]),
        ("Growth slowed in the first half of 2025.", [("the first half of 2025", "2025-H1")]),
        ("The project should end by the end of the year.", [("the end of the year", "2025")]),
        ("The floods came last summer.", [("last summer", "2024-SU")]),
        ("The offensive started in the summer of 2023.", [("the summer of 2023", "2023-SU")]),
        ("Elections are planned for next spring.", [("next spring", "2026-SP")]),
        ("It snowed on Christmas Day.", [("Christmas Day", "2024-12-25")]),
    ],
)
def test_absolute_and_calendar_dates(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister resigned yesterday.", [("yesterday", "2025-04-09")]),
        ("The minister resigns today.", [("today", "2025-04-10")]),
        ("The minister will resign tomorrow.", [("tomorrow", "2025-04-11")]),
        ("Shelling resumed this morning.", [("this morning", "2025-04-10TMO")]),
        ("The president speaks tonight.", [("tonight", "2025-04-10TNI")]),
        ("Sirens sounded last night.", [("last night", "2025-04-09TNI")]),
        ("They met yesterday afternoon.", [("yesterday afternoon", "2025-04-09TAF")]),
        ("Prices fell last week.", [("last week", "2025-W14")]),
        ("Talks resume next week.", [("next week", "2025-W16")]),
        ("He is travelling this week.", [("this week", "2025-W15")]),
        ("Exports fell last month.", [("last month", "2025-03")]),
        ("Rates will rise next month.", [("next month", "2025-05")]),
        ("Growth slowed this year.", [("this year", "2025")]),
        ("Growth slowed last year.", [("last year", "2024")]),
        ("Growth will recover next year.", [("next year", "2026")]),
        ("The war began two years ago.", [("two years ago", "2023")]),
        ("The ceasefire collapsed three days ago.", [("three days ago", "2025-04-07")]),
        ("The talks ended a week ago.", [("a week ago", "2025-W14")]),
        ("The dam was built a decade ago.", [("a decade ago", "201")]),
        ("The minister resigned earlier this year.", [("earlier this year", "2025")]),
        ("The bill will pass later this month.", [("later this month", "2025-04")]),
        ("Earlier in the day, the army withdrew.", [("Earlier in the day", "2025-04-10")]),
        ("Growth was weaker the previous year.", [("the previous year", "2024")]),
        ("Revenue was lower a year earlier.", [("a year earlier", "2024")]),
        ("Markets fell this weekend.", [("this weekend", "2025-W15-WE")]),
        ("Protests spread last weekend.", [("last weekend", "2025-W14-WE")]),
    ],
)
def test_relative_to_the_publication_date(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He resigned on Monday.", "2025-04-07"),
        ("He resigned on Friday.", "2025-04-04"),  # past tense: the last Friday
        ("He will resign on Friday.", "2025-04-11"),  # future: the next one
        ("He plans to resign on Friday.", "2025-04-11"),
        ("The talks resume Monday.", "2025-04-14"),  # present tense in news: upcoming
        ("He said on Thursday that he would stay.", "2025-04-10"),  # the publication day itself
        ("He left last Monday.", "2025-04-07"),
        ("He leaves next Monday.", "2025-04-14"),
        ("He returned on Saturday night.", "2025-04-05TNI"),
    ],
)
def test_weekdays_follow_the_tense(nlp: Language, text: str, expected: str) -> None:
    assert [t.value for t in times(nlp, text)] == [expected]


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        ("2026-01-15", "The company reported losses in December.", "2025-12"),
        ("2026-01-15", "The company will report results in December.", "2026-12"),
        ("2025-04-10", "Kyiv captured two soldiers in January.", "2025-01"),
        ("2025-04-10", "The talks will resume in January.", "2026-01"),
        ("2025-04-10", "The strike happened on November 3.", "2024-11-03"),
        ("2025-04-10", "The vote takes place on November 3.", "2025-11-03"),
    ],
)
def test_year_of_a_month_from_tense(nlp: Language, published: str, text: str, expected: str) -> None:
    assert [t.value for t in times(nlp, text, published)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The truce held on April 9. A day prior, the city was shelled.", [("April 9", "2025-04-09"),
                                                                           ("A day prior", "2025-04-08")]),
        ("A day prior, the city was shelled.", [("A day prior", "2025-04-09")]),  # nothing to anchor on
        ("Talks opened on March 3. The next day, they collapsed.", [("March 3", "2025-03-03"),
                                                                    ("The next day", "2025-03-04")]),
        ("He arrived on March 3 and left three days later.", [("March 3", "2025-03-03"),
                                                              ("three days later", "2025-03-06")]),
        ("The strike was on March 3; the day before, talks had failed.", [("March 3", "2025-03-03"),
                                                                          ("the day before", "2025-03-02")]),
    ],
)
def test_anaphoric_dates_anchor_on_the_mentioned_date(nlp: Language, text: str,
                                                      expected: list[tuple[str, str]]) -> None:
    assert pairs(nlp, text) == expected


def test_anchor_records_what_a_relative_value_was_resolved_against(nlp: Language) -> None:
    found = times(nlp, "Talks opened on March 3. The next day, they collapsed. Prices fell yesterday.")
    assert [(t.text, t.anchor) for t in found] == [
        ("March 3", None), ("The next day", "2025-03-03"), ("yesterday", DCT)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prices are now falling.", [("now", "PRESENT_REF")]),
        ("The plant is currently closed.", [("currently", "PRESENT_REF")]),
        ("The company recently cut jobs.", [("recently", "PAST_REF")]),
        ("Fighting has intensified in recent years.", [("recent years", "PAST_REF")]),
        ("Such raids were rare in the past.", [("the past", "PAST_REF")]),
        ("Rates may fall in the future.", [("the future", "FUTURE_REF")]),
        ("More cuts are expected in the coming months.", [("the coming months", "FUTURE_REF")]),
    ],
)
def test_reference_points(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prices rose over the past three months.", ("the past three months", "P3M")),
        ("The siege lasted three years.", ("three years", "P3Y")),
        ("The city has had no power for 24 hours.", ("24 hours", "PT24H")),
        ("The talks took a decade.", ("a decade", "P1DE")),
        ("Prices rose over the past week.", ("the past week", "P1W")),
        ("The dispute has gone on for years.", ("years", "PXY")),
        ("The repairs will take several months.", ("several months", "PXM")),
        ("The trial lasted two and a half years.", ("two and a half years", "P2.5Y")),
        ("The meeting lasted half an hour.", ("half an hour", "PT30M")),
        ("The government unveiled a 10-year plan.", ("10-year", "P10Y")),
        ("A 35-year-old man was arrested.", ("35-year-old", "P35Y")),
        ("Output has grown in the last two decades.", ("the last two decades", "P2DE")),
    ],
)
def test_durations(nlp: Language, text: str, expected: tuple[str, str]) -> None:
    found = times(nlp, text)
    assert [(t.text, t.value, t.type) for t in found] == [(*expected, "DURATION")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The market opens every Monday.", ("every Monday", "XXXX-WXX-1")),
        ("The board meets twice a year.", ("twice a year", "P1Y")),
        ("The paper is published daily.", ("daily", "P1D")),
        ("Prices are reviewed each year.", ("each year", "P1Y")),
        ("Buses run every two weeks.", ("every two weeks", "P2W")),
        ("The roads close every winter.", ("every winter", "XXXX-WI")),
        ("The contract pays $3 million a year.", ("a year", "P1Y")),
        ("The market is closed on Sundays.", ("Sundays", "XXXX-WXX-7")),
    ],
)
def test_sets(nlp: Language, text: str, expected: tuple[str, str]) -> None:
    found = times(nlp, text)
    assert [(t.text, t.value, t.type) for t in found] == [(*expected, "SET")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The blast happened at 5 p.m. local time.", [("5 p.m. local time", "2025-04-10T17:00")]),
        ("The curfew starts at 10:30.", [("10:30", "2025-04-10T10:30")]),
        ("Voting ends at noon.", [("noon", "2025-04-10T12:00")]),
        ("The blast hit on Tuesday at 5 p.m.", [("Tuesday", "2025-04-08"), ("5 p.m.", "2025-04-08T17:00")]),
        ("Shops open at 9am and close at 8.30pm.", [("9am", "2025-04-10T09:00"), ("8.30pm", "2025-04-10T20:30")]),
    ],
)
def test_clock_times(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    found = times(nlp, text)
    assert [(t.text, t.value) for t in found] == expected
    assert found[-1].type == "TIME"


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (None, "The deal was signed on April 10.", [("April 10", "XXXX-04-10")]),
        (None, "The deal was signed on April 10, 2025.", [("April 10, 2025", "2025-04-10")]),
        (None, "He resigned on Monday.", [("Monday", "XXXX-WXX-1")]),
        (None, "The deal was signed in 2024.", [("2024", "2024")]),
        ("2025-04", "The deal was signed on April 9.", [("April 9", "2025-04-09")]),
        ("2025-04", "Kyiv captured two soldiers in January.", [("January", "2025-01")]),
        ("2025-04", "Growth slowed last year.", [("last year", "2024")]),
        ("2025-04", "Fighting resumed yesterday.", [("yesterday", "2025-04-XX")]),
        ("2025", "Kyiv captured two soldiers in January.", [("January", "2025-01")]),
    ],
)
def test_missing_or_partial_publication_date(nlp: Language, published: str | None, text: str,
                                             expected: list[tuple[str, str]]) -> None:
    assert pairs(nlp, text, published) == expected


@pytest.mark.parametrize(
    "text",
    [
        "He bought 2000 shares of the company.",
        "The G7 met in Canada.",
        "COVID-19 cases rose.",
        "Section 427 of the code applies.",
        "The team won 2-0.",
        "May I ask a question?",
        "Theresa May spoke to reporters.",
        "The fall of the city shocked everyone.",
        "He scored in the second half.",
        "She deserves a second chance.",
        "A Boeing 737 landed.",
        "They will march on the capital.",
        "The 155 Chinese citizens were fighting.",
        "The ticket costs $2024.",
        "He is in his 40s.",
        "The first two soldiers were captured.",
    ],
)
def test_no_time_expression(nlp: Language, text: str) -> None:
    assert pairs(nlp, text) == []


def test_offsets_and_types_on_a_longer_text(nlp: Language) -> None:
    text = ("Officials said on Monday that 40 people died in the floods last week. Rescue work will continue "
            "for several days, and the next review is due in June.")
    found = times(nlp, text)
    assert [(t.text, t.value, t.type) for t in found] == [
        ("Monday", "2025-04-07", "DATE"),
        ("last week", "2025-W14", "DATE"),
        ("several days", "PXD", "DURATION"),
        ("June", "2025-06", "DATE"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The vote was held late Friday.", [("late Friday", "2025-04-04")]),
        ("Troops withdrew in mid-March.", [("mid-March", "2025-03")]),
        ("The deadline passed at the end of March.", [("the end of March", "2025-03")]),
        ("The plant opened late last year.", [("late last year", "2024")]),
        ("Rates peaked in the early 1990s.", [("the early 1990s", "199")]),
        ("The firm was sold a few weeks ago.", [("a few weeks ago", "PAST_REF")]),
        ("Prices rose over the last few months.", [("the last few months", "PXM")]),
        ("The bank offered a three-month loan.", [("three-month", "P3M")]),
        ("The rebels took the town within hours.", [("hours", "PTXH")]),
        ("The plan takes effect a year from now.", [("a year from now", "2026")]),
        ("Output fell in the third quarter of last year.", [("the third quarter of last year", "2024-Q3")]),
        ("The envoy arrives this Friday.", [("this Friday", "2025-04-11")]),
        ("Explosions were heard Monday night.", [("Monday night", "2025-04-07TNI")]),
        ("The market closed at 3 p.m. EST.", [("3 p.m. EST", "2025-04-10T15:00")]),
        ("Profits hit a record in the current year.", [("the current year", "2025")]),
        ("It is the worst drought this century.", [("this century", "20")]),
        ("The army had pulled back a day earlier.", [("a day earlier", "2025-04-09")]),
        ("Unemployment rose in 1998 and again in 2008.", [("1998", "1998"), ("2008", "2008")]),
        ("The accord was signed on Oct. 19, 1987.", [("Oct. 19, 1987", "1987-10-19")]),
        ("The two sides met for two weeks.", [("two weeks", "P2W")]),
        ("The war has lasted two decades.", [("two decades", "P2DE")]),
        ("The regime fell in the autumn.", [("the autumn", "2024-FA")]),
        ("The regime fell in the spring.", [("the spring", "2025-SP")]),  # this spring has begun
        ("The next talks are set for the following week.", [("the following week", "2025-W16")]),
        ("The company is expected to report earnings in the coming weeks.", [("the coming weeks", "FUTURE_REF")]),
    ],
)
def test_newswire_expressions(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The 1962 deck was replaced.", [("1962", "1962")]),
        ("The 2024 election was close.", [("2024", "2024")]),
        ("Most players were rated under 2000.", []),
        ("The army sent 2000 troops.", []),
        ("Prices rose from 2019 to 2024.", [("2019", "2019"), ("2024", "2024")]),
        ("Between 1990 and 2000 the town grew.", [("1990", "1990"), ("2000", "2000")]),
    ],
)
def test_bare_years_and_counts(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The merger should close by year-end.", [("year-end", "2025")]),
        ("The vote was counted late yesterday.", [("late yesterday", "2025-04-09")]),
        ("Prices may rise in coming months.", [("coming months", "FUTURE_REF")]),
        ("Sales rose 5% in the first nine months.", [("the first nine months", "P9M")]),
        ("The deal closed in the second half of the year.", [("the second half of the year", "2025-H2")]),
        ("Output recovered early next year.", [("early next year", "2026")]),
    ],
)
def test_more_newswire_expressions(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    ["It happened on April 31.", "It happened on Feb. 30, 2024.", "The form says 13/45/2020.",
     "The clock showed 25:99.", "The filing was dated 2023-02-29."],
)
def test_impossible_dates_and_clock_times_are_dropped(nlp: Language, text: str) -> None:
    assert pairs(nlp, text) == []


def test_odd_input_never_breaks_offsets(nlp: Language) -> None:
    for text in ["", " ", "\n\n", "’90s –", "$ € R - to and", "a day prior ago the last next", "Q5 H3 FY 9999"]:
        times(nlp, text)


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        ("1998-02-27", "The annual meeting is scheduled for May 14.", "1998-05-14"),
        ("1998-02-27", "The stock has fallen 20% since November.", "1997-11"),
        ("1998-02-27", "The merger is expected to close in June.", "1998-06"),
        ("1998-02-27", "The merger, announced Feb. 3, surprised analysts.", "1998-02-03"),
        ("1998-02-27", "The firm was founded in May.", "1997-05"),
    ],
)
def test_tense_of_passives_and_perfects(nlp: Language, published: str, text: str, expected: str) -> None:
    assert [t.value for t in times(nlp, text, published)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The plan cuts spending over the next decade.", ("the next decade", "P1DE", "DURATION")),
        ("Rates will stay low during the coming year.", ("the coming year", "P1Y", "DURATION")),
        ("The talks collapsed on March 3. The next week, they resumed.", ("The next week", "2025-W11", "DATE")),
    ],
)
def test_the_next_unit_is_a_period_after_over_or_during(nlp: Language, text: str,
                                                        expected: tuple[str, str, str]) -> None:
    last = times(nlp, text)[-1]
    assert (last.text, last.value, last.type) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("From 1990 to the present, the town grew.", [("1990", "1990"), ("the present", "PRESENT_REF")]),
        ("The present situation is grave.", []),
        ("Things are calm at present.", [("at present", "PRESENT_REF")]),
    ],
)
def test_the_present(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The strike hit at 1800 GMT.", [("1800 GMT", "2025-04-10T18:00")]),
        ("Troops moved at 0600 hours.", [("0600 hours", "2025-04-10T06:00")]),
        ("The bridge was built in 1800.", [("1800", "1800")]),
    ],
)
def test_military_clock_times_are_not_years(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(nlp, text) == expected


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        ("2014-10-22", "Revenue for the quarter fell 3%.", [("the quarter", "2014-Q3")]),  # the last that ended
        ("2014-10-22", "The firm expects revenue for the quarter to rise.", [("the quarter", "2014-Q4")]),
        ("2014-10-22", "Profit rose in the second quarter. Sales in the quarter were flat.",
         [("the second quarter", "2014-Q2"), ("the quarter", "2014-Q2")]),  # the quarter just named
        ("2014-10-22", "The index has gained 9% for the year.", [("the year", "2014")]),
        ("2014-10-22", "Sales were strong for the month.", [("the month", "2014-10")]),
        ("2014-10-22", "He was named coach of the year.", []),  # an award
        ("2014-10-22", "Profit rose in the fourth quarter.", [("the fourth quarter", "2013-Q4")]),
        ("2014-11-05", "Analysts expect a loss in the fourth quarter.", [("the fourth quarter", "2014-Q4")]),
        ("2014-10-22", "Last year's fourth quarter was the weakest.", [("Last year's fourth quarter", "2013-Q4")]),
        ("2014-10-22", "2012's second half was strong.", [("2012's second half", "2012-H2")]),
    ],
)
def test_the_quarter_and_the_year(nlp: Language, published: str, text: str,
                                  expected: list[tuple[str, str]]) -> None:
    assert pairs(nlp, text, published) == expected


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        ("2014-10-22", "Stores will open early on Thanksgiving.", [("Thanksgiving", "2014-11-27")]),
        ("2014-10-22", "Black Friday sales will be strong.", [("Black Friday", "2014-11-28")]),
        ("2014-10-22", "Markets were closed for Labor Day.", [("Labor Day", "2014-09-01")]),
        ("2019-06-03", "The ceremony was held on Memorial Day.", [("Memorial Day", "2019-05-27")]),
        ("2014-10-22", "The bill was signed on the Fourth of July.", [("the Fourth of July", "2014-07-04")]),
        ("2019-05-01", "Church attendance peaked at Easter.", [("Easter", "2019-04-21")]),
        ("2019-05-01", "Markets were shut on Good Friday.", [("Good Friday", "2019-04-19")]),
        ("2020-10-01", "Polls close on Election Day.", [("Election Day", "2020-11-03")]),
        ("2014-10-22", "Easter Island is remote.", []),
        ("2022-12-02", "Christmas tree prices are up this year.", [("this year", "2022")]),
        ("2014-10-22", "Security has not been the same since 9/11.", [("9/11", "2001-09-11")]),
        ("2014-10-22", "Airports changed after the Sept. 11 attacks.", [("Sept. 11", "2001-09-11")]),
    ],
)
def test_holidays_and_named_dates(nlp: Language, published: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(nlp, text, published) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Futures slipped overnight.", [("overnight", "2025-04-09TNI")]),
        ("Crews will work overnight.", [("overnight", "2025-04-10TNI")]),
        ("The bank kept the overnight rate unchanged.", []),
        ("Stocks rose for five consecutive days.", [("five consecutive days", "P5D")]),
        ("The talks could take weeks.", [("weeks", "PXW")]),
        ("Hours after the vote, he resigned.", [("Hours", "PTXH")]),
        ("The museum will reopen in the fall.", [("the fall", "2025-FA")]),
        ("The fall in prices surprised analysts.", []),
        ("The Sunday Telegraph published the letter.", []),
        ("The Sunday Times reported the deal.", []),
        ("Officials said Tuesday President Lee would travel.", [("Tuesday", "2025-04-08")]),
        ("Police said the fire broke out at 2 a.m. Sunday.", [("2 a.m. Sunday", "2025-04-06T02:00")]),
        ("The statement is due at 2:30 p.m. today.", [("2:30 p.m. today", "2025-04-10T14:30")]),
    ],
)
def test_overnight_unnamed_durations_seasons_and_names(nlp: Language, text: str,
                                                       expected: list[tuple[str, str]]) -> None:
    assert pairs(nlp, text) == expected


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        ("2001-01-19", "The blackouts could last through the weekend.", [("the weekend", "2001-W03-WE")]),
        ("2001-01-19", "The vote may come Tuesday.", [("Tuesday", "2001-01-23")]),
        ("2001-01-19", "He may have left Tuesday.", [("Tuesday", "2001-01-16")]),
        ("1998-11-05", "The deal is expected to be completed by the end of the first quarter.",
         [("the end of the first quarter", "1999-Q1")]),
        ("2006-05-30", "Gas prices rose over the Memorial Day weekend.", [("the Memorial Day weekend", "2006-W21-WE")]),
        ("2015-12-08", "Sales rose over the Thanksgiving weekend.", [("the Thanksgiving weekend", "2015-W48-WE")]),
        ("1989-11-02", "The 1990 models arrive this fall.", [("1990", "1990"), ("this fall", "1989-FA")]),
        ("1989-11-02", "The plant shipped 1990 trucks.", []),
        ("2023-03-13", "Depositors withdrew $42 billion in a single day.", [("a single day", "P1D")]),
    ],
)
def test_modals_weekends_of_holidays_and_modified_quarters(nlp: Language, published: str, text: str,
                                                           expected: list[tuple[str, str]]) -> None:
    assert pairs(nlp, text, published) == expected


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        ("2024-02-14", "The hearing was adjourned until Monday, March 4, at 10 a.m.",
         [("Monday, March 4", "2024-03-04"), ("10 a.m.", "2024-03-04T10:00")]),  # the weekday fixes the year
        ("2024-02-14", "The poll was conducted by USA Today and Gallup.", []),
        ("2024-02-14", "The Winter Olympics will be held in Milan.", []),
        ("2024-02-14", "At the end of the day, voters want jobs.", []),
        ("2024-02-14", "Markets closed lower at the end of the day.", [("the end of the day", "2024-02-14")]),
        ("2024-02-14", "The law was passed decades ago.", [("decades ago", "PAST_REF")]),
    ],
)
def test_weekday_of_a_date_names_and_idioms(nlp: Language, published: str, text: str,
                                            expected: list[tuple[str, str]]) -> None:
    assert pairs(nlp, text, published) == expected
