"""Numeric claims (``newstrace.extract.quantities``): values, qualifiers, units, ranges and what is not one.

Every sentence is our own; the publication date is 10 April 2025.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from newstrace.extract.quantities import extract_quantities
from newstrace.extract.times import extract_times
from newstrace.records import Quantity, Quote

DCT = "2025-04-10"


def quantities(nlp: Language, text: str, quotes: list[Quote] | None = None) -> list[Quantity]:
    doc = nlp(text)
    found = extract_quantities(doc, quotes or [], extract_times(doc, DCT))
    for q in found:
        assert text[q.start:q.end] == q.text
    return found


def one(nlp: Language, text: str, quotes: list[Quote] | None = None) -> Quantity:
    found = quantities(nlp, text, quotes)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zelensky said 155 Chinese citizens were fighting.", ("155", 155, "exact", None)),
        ("The soldier paid 300,000 rubles to a middleman.", ("300,000 rubles", 300000, "exact", "RUB")),
        ("He paid roughly $3,500 for the trip.", ("roughly $3,500", 3500, "approx", "USD")),
        ("The insurer lost €2bn on the deal.", ("€2bn", 2_000_000_000, "exact", "EUR")),
        ("The utility needs R2.5 billion, South Africa's treasury said.",
         ("R2.5 billion", 2_500_000_000, "exact", "ZAR")),
        ("The fund holds R2.5 billion in bonds.", ("R2.5 billion", 2_500_000_000, "exact", None)),
        ("The bank lent HK$3,000 to each client.", ("HK$3,000", 3000, "exact", "HKD")),
        ("Exports reached USD 5 million.", ("USD 5 million", 5_000_000, "exact", "USD")),
        ("The deal is worth 40 million euros.", ("40 million euros", 40_000_000, "exact", "EUR")),
        ("The state paid 2 million Hong Kong dollars.", ("2 million Hong Kong dollars", 2_000_000, "exact", "HKD")),
        ("About 2 912 people voted.", ("About 2 912", 2912, "approx", None)),
        ("There are at least 163 Chinese nationals in the army.", ("at least 163", 163, "at_least", None)),
        ("More than 40 people were hurt.", ("More than 40", 40, "more_than", None)),
        ("Over 40 people were hurt.", ("Over 40", 40, "more_than", None)),
        ("Fewer than 10 people came.", ("Fewer than 10", 10, "less_than", None)),
        ("The town has under 5,000 residents.", ("under 5,000", 5000, "less_than", None)),
        ("Up to 5,000 troops may be sent.", ("Up to 5,000", 5000, "at_most", None)),
        ("No more than 7 ships may dock.", ("No more than 7", 7, "at_most", None)),
        ("Kyiv estimated an estimated 4,000 casualties.", ("an estimated 4,000", 4000, "approx", None)),
        ("North Korea sent some 12,000 troops.", ("some 12,000", 12000, "approx", None)),
        ("Nearly 1,000 homes were destroyed.", ("Nearly 1,000", 1000, "less_than", None)),
        ("Around 12,000 troops were sent.", ("Around 12,000", 12000, "approx", None)),
        ("The blast injured 20 or more workers.", ("20 or more", 20, "at_least", None)),
        ("The army lost 1.5 million rounds.", ("1.5 million", 1_500_000, "exact", None)),
        ("A dozen children were rescued.", ("A dozen", 12, "exact", None)),
        ("Twenty-five people died.", ("Twenty-five", 25, "exact", None)),
        ("Half of the staff left.", ("Half", 0.5, "exact", None)),
        ("Half a million people marched.", ("Half a million", 500_000, "exact", None)),
        ("Two-thirds of voters agreed.", ("Two-thirds", 0.666667, "exact", None)),
        ("Support fell to 10% of voters.", ("10%", 10, "exact", "percent")),
        ("Inflation was 3.5 percent.", ("3.5 percent", 3.5, "exact", "percent")),
        ("He ran 30 yards for the score.", ("30 yards", 30, "exact", "yard")),
        ("The storm hit at 120 km/h.", ("120 km/h", 120, "exact", "kilometres per hour")),
        ("The field holds 3.5m barrels of oil.", ("3.5m barrels", 3_500_000, "exact", "barrel")),
        ("She won the 100m sprint.", ("100m", 100, "exact", "metre")),
        ("The river rose 2 metres overnight.", ("2 metres", 2, "exact", "metre")),
        ("Rates rose by 25 basis points.", ("25 basis points", 25, "exact", "basis point")),
    ],
)
def test_value_qualifier_unit(nlp: Language, text: str, expected: tuple[str, float, str, str | None]) -> None:
    q = one(nlp, text)
    assert (q.text, q.value, q.qualifier, q.unit) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Between 3 and 5 soldiers were captured.", (3, 5)),
        ("Between 3 and 5 soldiers were captured.", (3, 5)),
        ("Some 10 to 15 people were hurt.", (10, 15)),
        ("Officials counted 10-15 boats.", (10, 15)),
        ("The cost is $3-5 million.", (3_000_000, 5_000_000)),
        ("Two or three shells hit the school.", (2, 3)),
    ],
)
def test_ranges(nlp: Language, text: str, expected: tuple[float, float]) -> None:
    q = one(nlp, text)
    assert (q.value, q.high, q.qualifier) == (*expected, "range")


def test_range_keeps_the_shared_currency(nlp: Language) -> None:
    assert one(nlp, "The cost is $3-5 million.").unit == "USD"


def test_from_to_is_two_levels_not_a_range(nlp: Language) -> None:
    found = quantities(nlp, "Inflation rose from 3% to 5% last year.")
    assert [(q.value, q.high, q.change) for q in found] == [(3, None, "up"), (5, None, "up")]


@pytest.mark.parametrize(
    "text",
    [
        "He came first in the race.",
        "The G7 summit opened.",
        "COVID-19 infections rose.",
        "Section 427 of the code applies.",
        "A Boeing 737 landed safely.",
        "Call 555-123-4567 for details.",
        "The team won 2-0 on Sunday.",
        "The law took effect in 2024.",
        "The deal was signed on April 10.",
        "The blast came at 5 p.m.",
        "One of the captured soldiers spoke.",
        "No one knows the answer.",
        "They helped one another.",
        "It was the 10th anniversary.",
        "The 9/11 attacks changed policy.",
        "He lost in round 2 of the tournament.",
        "The war began two years ago.",
    ],
)
def test_not_quantities(nlp: Language, text: str) -> None:
    assert quantities(nlp, text) == []


def test_one_that_modifies_a_noun_is_a_quantity(nlp: Language) -> None:
    q = one(nlp, "Only one soldier survived the attack.")
    assert (q.value, q.counted) == (1, "soldier")


def test_durations_are_quantities_with_a_time_unit(nlp: Language) -> None:
    q = one(nlp, "The siege lasted three months.")
    assert (q.value, q.unit) == (3, "month")


def test_a_year_number_that_counts_is_a_quantity(nlp: Language) -> None:
    q = one(nlp, "The army sent 2000 troops.")
    assert (q.value, q.counted) == (2000, "troops")


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("Zelensky said 155 Chinese citizens were fighting for Russia.", "Chinese citizens"),
        ("North Korea sent around 12,000 troops to Kursk.", "troops"),
        ("Kyiv captured two North Korean soldiers in January.", "North Korean soldiers"),
        ("Only 12,000 of the troops returned.", "troops"),
        ("The death toll rose to 155.", "death toll"),
        ("Casualties reached 4,000 by March.", "Casualties"),
        ("Officials counted 1.5 million voters.", "voters"),
        ("A dozen children were rescued.", "children"),
        ("Support fell to 10% of the population.", "population"),
        ("The soldier paid 300,000 rubles.", None),
    ],
)
def test_counted(nlp: Language, text: str, counted: str | None) -> None:
    assert one(nlp, text).counted == counted


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("Prices rose 3% in March.", "up"),
        ("Sales fell by 5 percent.", "down"),
        ("The budget was cut by half.", "down"),
        ("Unemployment is up 2 percent.", "up"),
        ("The report showed a 5% drop in sales.", "down"),
        ("Exports increased to $5 billion.", "up"),
        ("The company slashed 4,000 jobs.", "down"),
        ("There are 5 people in the room.", None),
        ("The soldier paid 300,000 rubles.", None),
    ],
)
def test_change(nlp: Language, text: str, change: str | None) -> None:
    assert one(nlp, text).change == change


@pytest.mark.parametrize(
    ("text", "as_of"),
    [
        ("A report showed there were at least 163 soldiers serving as of early April.", "2025-04"),
        ("The document listed 13 recruits who were being selected as of April 2.", "2025-04-02"),
        ("By April 2, 13 recruits had been selected.", "2025-04-02"),
        ("The toll reached 50 on Monday.", "2025-04-07"),
        ("A report seen by reporters on April 9 showed that 163 soldiers serve in the army.", None),
        ("About 40 people live in the village.", None),
    ],
)
def test_as_of(nlp: Language, text: str, as_of: str | None) -> None:
    assert one(nlp, text).as_of == as_of


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Officials said 40 people died in the floods.", "Officials"),
        ("A Ukrainian intelligence document seen by reporters showed that 163 nationals serve.",
         "A Ukrainian intelligence document"),
        ("According to the UN, 5,000 people fled the city.", "the UN"),
        ("The ministry estimated that 4,000 soldiers were killed.", "The ministry"),
        ("Kyiv has said it captured two soldiers, estimating 4,000 casualties.", "Kyiv"),
        ("Two officials said the talks failed.", None),  # the figure is in the subject, not the claim
        ("40 people died in the floods.", None),
    ],
)
def test_source_from_the_attribution(nlp: Language, text: str, source: str | None) -> None:
    found = quantities(nlp, text)
    assert found[-1].source == source


def test_source_is_the_speaker_of_the_quote_holding_the_figure(nlp: Language) -> None:
    text = '"We counted 155 of them," the spokesman said.'
    quote = Quote(text="We counted 155 of them,", start=1, end=24, kind="direct", speaker="Lin Jian")
    assert one(nlp, text, [quote]).source == "Lin Jian"
    outside = Quote(text="the spokesman said", start=26, end=44, kind="direct", speaker="Someone Else")
    assert one(nlp, text, [outside]).source != "Someone Else"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Dow fell 500 points on the news.", (500, "point", "down")),
        ("Shares gained 5 cents.", (0.05, "USD", "up")),  # money in its currency, as README asks
        ("Temperatures reached 40C in the south.", (40, "degree Celsius", None)),
        ("The plant produces 1,200 MW of power.", (1200, "megawatt", None)),
        ("Oil output hit 3 million barrels per day.", (3_000_000, "barrels per day", None)),
        ("A quarter of the budget goes to defence.", (0.25, None, None)),
        ("The firm cut £1.2m from its budget.", (1_200_000, "GBP", "down")),
        ("The government will spend Rs 500 crore.", (5_000_000_000, "INR", None)),
    ],
)
def test_units_and_directions(nlp: Language, text: str, expected: tuple[float, str | None, str | None]) -> None:
    q = one(nlp, text)
    assert (q.value, q.unit, q.change) == expected


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("Russia lost 155 tanks in the battle.", None),  # a count, not a fall
        ("The economy added 200,000 jobs.", "up"),
        ("Shares lost 3% in early trading.", "down"),
    ],
)
def test_change_through_a_counted_noun(nlp: Language, text: str, change: str | None) -> None:
    assert one(nlp, text).change == change


@pytest.mark.parametrize(
    "text",
    [
        "1. The army withdrew.\n2. The talks resumed.",
        "The study was cited widely.[3]",
        "He bought a 5G phone and a 4K screen.",
    ],
)
def test_list_marks_and_footnotes_are_not_quantities(nlp: Language, text: str) -> None:
    assert quantities(nlp, text) == []


def test_range_counts_the_noun_after_its_high_end(nlp: Language) -> None:
    q = one(nlp, "Between 40 and 60 vessels were held at anchor.")
    assert (q.value, q.high, q.counted) == (40, 60, "vessels")


def test_relative_date_right_after_a_figure_is_its_as_of(nlp: Language) -> None:
    found = quantities(nlp, "Wheat settled at $6.42 on Tuesday, up from $6.05 a week earlier.")
    assert [(q.value, q.as_of) for q in found] == [(6.42, "2025-04-08"), (6.05, "2025-W14")]


def test_odd_input_never_breaks_offsets(nlp: Language) -> None:
    for text in ["", " ", "$ € R", "- – to and between", "1,2,3 1..2 .. 2bn 5G", "US$ HK$ RMB USD ¥ kr", "half a"]:
        quantities(nlp, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Revenue rose 11% to $97.3 billion.", [(11, None, "percent"), (97_300_000_000, None, "USD")]),
        ("Oil prices climbed $2 to $95 a barrel.", [(2, None, "USD"), (95, None, "USD")]),
        ("Costs were cut by 10 to 15 percent.", [(10, 15, "percent")]),
        ("Wages grew 3 percent to 5 million workers.", [(3, None, "percent"), (5_000_000, None, None)]),
    ],
)
def test_a_change_and_its_new_level_are_not_a_range(nlp: Language, text: str,
                                                    expected: list[tuple[float, float | None, str | None]]) -> None:
    assert [(q.value, q.high, q.unit) for q in quantities(nlp, text)] == expected


def test_counted_thing_before_of(nlp: Language) -> None:
    assert one(nlp, "The city has a population of 8.4 million.").counted == "population"


@pytest.mark.parametrize("text", ["The summit runs April 10-12 in Rome.", "Voting is on May 3 and 4."])
def test_second_day_of_a_date_range_is_not_a_quantity(nlp: Language, text: str) -> None:
    assert quantities(nlp, text) == []


def test_from_to_without_a_change_is_a_range(nlp: Language) -> None:
    q = one(nlp, "Groups of from 10 to 15 people gathered.")
    assert (q.value, q.high, q.qualifier) == (10, 15, "range")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Half of the voters agreed, while 1 in 4 said no.", None),
        ("At least 163 nationals were reported by the ministry.", "the ministry"),
    ],
)
def test_source_of_a_figure_that_is_a_subject(nlp: Language, text: str, source: str | None) -> None:
    assert quantities(nlp, text)[-1].source == source


def test_a_quarter_point(nlp: Language) -> None:
    q = one(nlp, "Rates were raised by a quarter point.")
    assert (q.value, q.unit, q.change) == (0.25, "point", "up")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quarterly profit more than tripled.", ("more than tripled", 3, "more_than", "up")),
        ("The bank halved its payout.", ("halved", 0.5, "exact", "down")),
        ("Costs are expected to double.", ("double", 2, "exact", "up")),
        ("Subscriptions rose fourfold.", ("fourfold", 4, "exact", "up")),
        ("The price of eggs jumped 10-fold.", ("10-fold", 10, "exact", "up")),
        ("Exports contracted by a fifth.", ("a fifth", 0.2, "exact", "down")),
        ("Sales fell by nearly a third.", ("nearly a third", 0.333333, "less_than", "down")),
        ("The economy shrank -0.4% in the period.", ("-0.4%", -0.4, "exact", "down")),
        ("The fund returned -8% for investors.", ("-8%", -8, "exact", "down")),
        ("Rates moved up to 5.25%.", ("5.25%", 5.25, "exact", "up")),
        ("The firm may hire up to 500 workers.", ("up to 500", 500, "at_most", None)),
        ("Sales reached 3 million units, up from 2.1 million.", ("3 million", 3_000_000, "exact", "up")),
    ],
)
def test_multipliers_fractions_signs_and_rises(nlp: Language, text: str,
                                               expected: tuple[str, float, str, str | None]) -> None:
    q = quantities(nlp, text)[0]
    assert (q.text, q.value, q.qualifier, q.change) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dozens were arrested.", ("Dozens", 12)),
        ("Scores of homes were flooded.", ("Scores", 20)),
        ("Thousands marched in the capital.", ("Thousands", 1000)),
        ("Tens of millions of people live there.", ("Tens of millions", 10_000_000)),
        ("A couple of hundred people gathered.", ("A couple of hundred", 200)),
        ("Several thousand troops were deployed.", ("Several thousand", 3000)),
        ("Two in five voters are undecided.", ("Two in five", 0.4)),
        ("Eight out of 10 owners prefer it.", ("Eight out of 10", 0.8)),
        ("The odds are one in a million.", ("one in a million", 0.000001)),
        ("The plant will need two and a half million tonnes.", ("two and a half million tonnes", 2_500_000)),
        ("The stock closed at 24 3/4.", ("24 3/4", 24.75)),
        ("It was minus 12 Celsius at dawn.", ("minus 12 Celsius", -12)),
        ("The stock trades at 3x sales.", ("3x", 3)),
    ],
)
def test_round_plurals_ratios_and_written_fractions(nlp: Language, text: str, expected: tuple[str, float]) -> None:
    q = quantities(nlp, text)[0]
    assert (q.text, q.value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The tip was 75 cents.", (0.75, "USD")),
        ("A stamp now costs 85 pence in Britain.", (0.85, "GBP")),
        ("He weighs about 200 pounds.", (200, "pound")),
        ("A 300-pound bear was spotted.", (300, "pound")),
        ("She lost 30 pounds in a year.", (30, "pound")),  # not an article about Britain
        ("The London council was fined 300 pounds.", (300, "GBP")),
        ("The Treasury borrowed 20 billion pounds.", (20_000_000_000, "GBP")),
    ],
)
def test_coins_and_pounds(nlp: Language, text: str, expected: tuple[float, str]) -> None:
    q = quantities(nlp, text)[0]
    assert (q.value, q.unit) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The lawyer doubled down on his claims.",
        "He was charged with a double murder.",
        "He won a third term in office.",
        "It was the third time they met.",
        "He lives at 221 Baker Street.",
        "The embassy is at 1600 Pennsylvania Avenue.",
        "The Galaxy S24 sold well.",
        "The iPhone 15 went on sale.",
        "For tickets call 555-0142.",
        "The Jets lost in Week 3 to the Bills.",
        "He birdied hole 18 at dusk.",
    ],
)
def test_verbs_ordinals_addresses_and_models_are_not_quantities(nlp: Language, text: str) -> None:
    assert quantities(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("The index rose 120 points, or 0.8 percent, to 15,200.", ["up", "up", "up"]),
        ("Turnout was 58 percent, down from 64 percent.", ["down", "down"]),
        ("The Nasdaq gained 1.2 percent to end at 13,500.", ["up", "up"]),
        ("Home prices dipped 0.3% to a median of $410,000.", ["down", "down"]),
        ("Yields were up 9 basis points at 4.1%.", ["up", "up"]),
        ("Exports topped 500 billion yuan.", ["up"]),
        ("Sales slipped 3% to 9.8 million cars.", ["down", "down"]),
        ("Our firm has 200 employees.", [None]),
        ("Russia lost 155 tanks in the battle.", [None]),
        ("Sales grew 20 percent and profits were $3 million.", ["up", None]),
    ],
)
def test_change_of_levels_and_appositions(nlp: Language, text: str, changes: list[str | None]) -> None:
    assert [q.change for q in quantities(nlp, text)] == changes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Bank of England raised rates by half a percentage point.", ("half a percentage point", 0.5, "up")),
        ("Its market value has shrunk by more than half.", ("more than half", 0.5, "down")),
        ("The shares rose 8p in London.", ("8p", 0.08, "up")),
        ("Crude output was cut by 1.16 million barrels per day.", ("1.16 million barrels per day", 1_160_000, "down")),
        ("The airline carried 9% more passengers than a year ago.", ("9%", 9, "up")),
        ("Gasoline averaged $3.45 a gallon, down 12 cents.", ("$3.45", 3.45, "down")),
        ("Vodafone will cut 11,000 jobs over three years.", ("11,000", 11000, "down")),
    ],
)
def test_halves_pence_units_of_several_words_and_comparisons(nlp: Language, text: str,
                                                              expected: tuple[str, float, str]) -> None:
    q = quantities(nlp, text)[0]
    assert (q.text, q.value, q.change) == expected


def test_a_period_of_time_takes_no_change(nlp: Language) -> None:
    found = quantities(nlp, "Vodafone will cut 11,000 jobs over three years.")
    assert [(q.text, q.change) for q in found] == [("11,000", "down"), ("three years", None)]


@pytest.mark.parametrize(
    "text",
    [
        "A 7-Eleven store was robbed.",
        "Yields on the 10-year note rose.",
        "Unemployment hit a two-decade low.",
        "Call 911 in an emergency.",
        "For tickets call 555-0142.",
    ],
)
def test_names_time_adjectives_and_numbers_to_call(nlp: Language, text: str) -> None:
    assert [q.text for q in quantities(nlp, text) if not q.text.endswith("%")] == []


def test_a_vote_tally_after_a_name_is_not_a_quantity(nlp: Language) -> None:
    assert quantities(nlp, "The bill passed the House 220-207.") == []
