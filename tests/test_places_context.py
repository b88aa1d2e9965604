"""Places read in their article (issue 17, second round): respellings, compass words, the compact index, spans the
ruler grows or joins, namesakes in one article, abbreviations with periods. Sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span

from newstrace.nlp.places import _english_directions, _Table, candidates, gazetteer, resolve, skeleton
from newstrace.nlp.ruler import _extend_places, _join_names


def places(analyzer, text: str) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return [(e.name, e.iso) for e in analyzer.analyze(text).entities if e.type in ("GPE", "LOC", "FAC")]


def test_skeleton_folds_transliterations() -> None:
    assert skeleton("Maarat al-Numan") == skeleton("Ma'arrat an Nu'man") == skeleton("Maarrat an-Nuʿman")
    assert skeleton("Deir el-Balah") == skeleton("Dayr al Balah")
    assert skeleton("Jian") != skeleton("Jiang")  # consonants still tell names apart
    assert skeleton("Kharkiv") != skeleton("Kherson")


def test_respelling_needs_the_article_context() -> None:
    assert not candidates("Saraqeeb")  # the index has "Saraqib", "Sarakeb"… but not this spelling
    assert resolve("Saraqeeb", context=frozenset({"SY", "SY-ID"})) == ("SY-ID", True)
    assert resolve("Saraqeeb") is None  # alone, a respelling decides nothing
    assert resolve("Saraqeeb", context=frozenset({"SY"})) is None  # a town: only in a subdivision the story names
    assert resolve("Saraqeeb", context=frozenset({"FR", "FR-IDF"})) is None  # nor in another country's story


def test_compass_words_of_subdivisions_in_english() -> None:
    assert resolve("North Kivu") == ("CD-NK", False)
    assert resolve("South Kivu", subdivision=True) == ("CD-SK", False)
    assert _english_directions("Nord-Kivu") == "North Kivu"
    assert _english_directions("Norte de Santander") is None  # only a leading word before a name
    assert _english_directions("Nord-Ouest") is None  # compass words alone would be any country's


def test_nearby_place_decides_between_two_subdivisions_of_the_story() -> None:
    context = frozenset({"US", "US-IL", "US-MO"})
    assert resolve("Springfield", context=context) == ("US", True)
    assert resolve("Springfield", context=context, nearby=frozenset({"US-MO"})) == ("US-MO", True)


def test_compact_table_lookups() -> None:
    data = {"kyiv": "UA-30 UA 1 2", "ängelholm": "SE-M SE 2 2", "a": "X", "zz": "Y"}
    table = _Table(_Table.encode(data), 0)
    assert len(table) == 4
    for key, value in data.items():
        assert table.get(key) == value
    for missing in ("", "0", "kyi", "kyivv", "zzz", "ä"):
        assert table.get(missing) is None
    index = gazetteer()
    assert index.get("kharkiv") and "UA-63" in (index.get("kharkiv") or "")
    assert index.get("no such place anywhere") is None
    assert "dayr al balah" in index.spellings(skeleton("Deir al-Balah"))


def _doc(nlp, words: list[str], ents: list[tuple[int, int, str]]) -> Doc:  # type: ignore[no-untyped-def]
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def test_place_span_grows_to_the_known_name(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(nlp, ["Floods", "hit", "Rio", "Grande", "do", "Sul", "state"], [(2, 4, "GPE"), (5, 6, "GPE")])
    assert [(e.text, e.label_) for e in _extend_places(doc, list(doc.ents))] == [("Rio Grande do Sul", "GPE")]
    doc = _doc(nlp, ["The", "Washington", "Post", "reported", "it"], [(1, 2, "GPE")])
    assert [e.text for e in _extend_places(doc, list(doc.ents))] == ["Washington"]  # no place of that name


def test_place_before_a_name_that_is_no_place_is_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(nlp, ["Israel", "Adesanya", "won", "in", "Perth"], [(0, 1, "GPE"), (1, 2, "GPE"), (4, 5, "GPE")])
    assert [(e.text, e.label_) for e in _join_names(doc, list(doc.ents))] == [
        ("Israel Adesanya", "PERSON"),
        ("Perth", "GPE"),
    ]
    doc = _doc(nlp, ["Talks", "in", "Gaza", "City", "ended"], [(2, 3, "GPE"), (3, 4, "GPE")])
    assert [e.label_ for e in _join_names(doc, list(doc.ents))] == ["GPE", "GPE"]  # "Gaza City" is a place
    doc = _doc(nlp, ["Israel", "Kenya", "and", "Peru"], [(0, 1, "GPE"), (1, 2, "GPE"), (3, 4, "GPE")])
    assert [e.label_ for e in _join_names(doc, list(doc.ents))] == ["GPE", "GPE", "GPE"]  # two places


def test_namesakes_in_one_article_are_two_places(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = places(analyzer, "Officials in Portland, Oregon, and in Portland, Maine, said the storm had passed.")
    assert ("Portland", "US-OR") in found and ("Portland", "US-ME") in found


def test_one_place_named_twice_stays_one(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = "Shelling hit Balakliia, the governor of Kharkiv oblast said. Later Balakliia was hit again."
    found = places(analyzer, text)
    assert found.count(("Balakliia", "UA-63")) == 1


def test_abbreviations_with_periods_are_places(analyzer) -> None:  # type: ignore[no-untyped-def]
    assert ("U.S.", "US") in places(analyzer, "Exports to the U.S. fell sharply, the ministry said.")


@pytest.mark.parametrize(
    "text",
    [
        "Editing by Aisha Rahman. Maarten De Vries said the filing was wrong.",  # people stay people
        "The firm hired Chelsea Watts in May, and Watts said little.",
        "Sales rose on Tuesday and again in March.",  # calendar words are never places
    ],
)
def test_people_and_dates_are_not_made_places(analyzer, text: str) -> None:  # type: ignore[no-untyped-def]
    assert places(analyzer, text) == []


@pytest.mark.parametrize("text", [
    "As the fire spread across Flanders, crews from Antwerp and Ghent were called in.",
    "May brought rain to Limburg, where farmers near Hasselt lost crops.",
])
def test_a_capitalised_function_word_is_not_a_place(text: str) -> None:
    """Function words at the start of a sentence share names with small places (As, Belgium): not places."""
    from newstrace.nlp.model import load_pipeline

    doc = load_pipeline()(text)
    assert doc[0].text not in {e.text for e in doc.ents if e.label_ in ("GPE", "LOC")}
