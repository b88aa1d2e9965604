"""Place names → ISO 3166 codes, and the gazetteer ruler that corrects the statistical NER."""

from __future__ import annotations

import pytest

from newstrace.nlp.places import fold, lookup_iso, lookup_place


@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("Kyiv", "UA-30"),
        ("Donetsk Oblast", "UA-14"),
        ("Kursk Oblast", "RU-KRS"),
        ("Ukraine", "UA"),
        ("North Korea", "KP"),
        ("the United States", "US"),
        ("Texas", "US-TX"),
        ("Washington", "US-DC"),  # in news, the capital far more often than the state
        ("Washington state", "US-WA"),
        ("Bavaria", "DE-BY"),
        ("Rotterdam", "NL-ZH"),  # a city: its subdivision (GeoNames admin1 → ISO 3166-2)
        ("Gdańsk", "PL-22"),
        ("Russia's", "RU"),  # possessive
        ("Republic of Korea", "KR"),
    ],
)
def test_lookup_iso(name: str, iso: str) -> None:
    assert lookup_iso(name) == iso


@pytest.mark.parametrize("name", ["", "the", "Zelensky", "Foreign Ministry", "Blorfington", "12"])
def test_lookup_iso_unknown(name: str) -> None:
    assert lookup_iso(name) is None


def test_cities_are_flagged_as_cities() -> None:
    assert lookup_place("Luhansk") == ("UA-09", True)
    assert lookup_place("Ukraine") == ("UA", False)


def test_fold() -> None:
    assert fold("  The  Gdańsk’s ") == "gdansk"


@pytest.mark.parametrize(
    ("text", "place", "label"),
    [
        ("Kyiv said on Monday that the talks failed.", "Kyiv", "GPE"),  # the model tends to say PERSON
        ("Fighting continued in Donetsk Oblast overnight.", "Donetsk Oblast", "GPE"),  # the model says ORG
        ("Ships left Rotterdam for Hamburg.", "Hamburg", "GPE"),
    ],
)
def test_ruler_corrects_places(nlp, text: str, place: str, label: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    assert (place, label) in {(e.text, e.label_) for e in doc.ents}


def test_ruler_keeps_longer_model_entities(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("A report seen by the Kyiv Independent said so.")
    assert not any(e.text == "Kyiv" for e in doc.ents)


@pytest.mark.parametrize(
    ("text", "place", "iso"),
    [
        ("ROTTERDAM — A tanker burned overnight.", "ROTTERDAM", "NL-ZH"),  # a dateline in capitals
        ("The talks were held in Nice on Friday.", "Nice", "FR-PAC"),
        ("Ships queued outside the Port of Rotterdam.", "Port of Rotterdam", "NL-ZH"),
    ],
)
def test_places_in_context(analyzer, text: str, place: str, iso: str) -> None:  # type: ignore[no-untyped-def]
    places = {e.name: e.iso for e in analyzer.analyze(text).entities}
    assert places.get(place) == iso


@pytest.mark.parametrize("text", ["It was a nice day for a walk.", "Reading is good for children."])
def test_common_words_are_not_places(analyzer, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in analyzer.analyze(text).entities if e.iso]
