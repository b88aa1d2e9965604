"""The gazetteer of every GeoNames place and subdivision, read in context (sentences written for these tests)."""

from __future__ import annotations

import pytest

from newstrace.nlp.places import resolve


def codes(analyzer, text: str) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    return {e.name: e.iso for e in analyzer.analyze(text).entities}


@pytest.mark.parametrize(
    ("name", "kwargs", "iso"),
    [
        ("Kazan", {}, "RU-TA"),  # a city gets its subdivision, not only its country
        ("Kiev", {}, "UA-30"),  # old spellings and exonyms
        ("Bombay", {}, "IN-MH"),
        ("PRC", {}, "CN"),
        ("Mexico", {}, "MX"),  # the country's name is the country...
        ("Mexico", {"subdivision": True}, "MX-MEX"),  # ...and "Mexico state" the state
        ("Kherson", {"subdivision": True}, "UA-65"),
        ("Maui", {"county": True}, "US-HI"),
        ("Paris", {"within": "US-TX"}, "US-TX"),  # "Paris, Texas"
        ("Tripoli", {"context": frozenset({"LB", "LB-BA"})}, "LB-AS"),
        ("Tripoli", {"context": frozenset({"LY", "LY-BA"})}, "LY-TB"),
        ("Georgia", {"context": frozenset({"US", "US-GA"})}, "US-GA"),
        ("Georgia", {}, "GE"),
        ("Fulton", {"county": True}, "US"),  # a county name in many states: the country only
        ("Washington", {"subdivision": True, "context": frozenset({"US-WA"})}, "US-WA"),  # "District of Washington"
        ("Ukraine", {"context": frozenset({"ES", "ES-AN"})}, "UA"),  # a village called Ukraine does not win
    ],
)
def test_resolve(name: str, kwargs: dict, iso: str) -> None:  # type: ignore[type-arg]
    found = resolve(name, **kwargs)
    assert found is not None and found[0] == iso


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("Springfield", {}),  # several cities of like size: no code rather than a wrong one
        ("Punjab", {}),  # Pakistan's or India's: nothing decides it
        ("Blorfington", {}),
    ],
)
def test_resolve_undecided(name: str, kwargs: dict) -> None:  # type: ignore[type-arg]
    assert resolve(name, **kwargs) is None


def test_paris_stays_in_france_in_an_american_story(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = codes(analyzer, "The U.S. envoy flew from Washington to Paris for the talks.")
    assert (found.get("Paris") or "")[:2] == "FR"


def test_villages_and_regions_in_context(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = "Shelling hit the village of Ocheretyne and the town of Myrnohrad in the Donetsk region on Friday."
    found = codes(analyzer, text)
    assert found.get("Myrnohrad") == "UA-14"
    assert found.get("Donetsk") == "UA-14"


def test_person_named_like_a_place_is_no_place(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = codes(analyzer, "Chelsea Manning spoke to reporters after the hearing.")
    assert not [iso for iso in found.values() if iso]


def test_place_inside_an_organisation_gets_no_code(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = codes(analyzer, "Economists at the Kyiv School of Economics published the estimate.")
    assert not [iso for iso in found.values() if iso]
