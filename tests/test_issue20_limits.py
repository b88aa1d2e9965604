"""Issue 20, items 1 and 2: analysis time linear in the text's length and memory bounded per article.

Time is asserted by operation counts, never by the clock: the characters spaCy's suffix search is given (it
searches the whole rest of a whitespace-free run after each character it strips, so its total is quadratic
in the run's length without :class:`~newstrace.nlp.model.RunSplittingTokenizer`). Memory is bounded by
parsing long articles in sections (:func:`newstrace.pipeline.parse`); the tests check that the sections'
joined doc is the text's doc: the same text, tokens, entities and facts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import spacy

from newstrace import pipeline
from newstrace.nlp.model import MAX_RUN, MAX_SENTENCE, RunSplittingTokenizer, cap_sentences, guard_tokenizer
from newstrace.pipeline import Analyzer, parse, parse_one, section_bounds
from newstrace.records import Analysis, Failure, InputRecord

SAMPLES = Path(__file__).resolve().parents[1] / "samples"



HOSTILE = [
    "''" * 700,
    "\u201c" * 1000,
    "Officials said " + "''" * 300 + " 40 homes were flooded. " + "\u201d." * 200 + "\nThe mayor said so.",
    "See https://example.org/" + "a/b?c=d&" * 60 + " for the report.",
    "x" * 500 + "''" + "9" * 400 + ".",
    ("(" * 170 + "word" + ")" * 170 + " ") * 3,
    "\u00e9\u0301" * 300 + " tail",
]


def _counting(tokenizer: Any) -> list[int]:
    """Counts the characters ``tokenizer``'s suffix search is given, in the returned one-item list."""
    seen = [0]
    search: Callable[[str], Any] = tokenizer.suffix_search

    def counted(text: str) -> Any:
        seen[0] += len(text)
        return search(text)

    tokenizer.suffix_search = counted
    return seen


def _suffix_work(tokenize: Callable[[str], Any], seen: list[int], text: str) -> int:
    before = seen[0]
    tokenize(text)
    return seen[0] - before


def test_long_runs_take_linear_tokenizer_work() -> None:
    raw = spacy.blank("en").tokenizer
    seen = _counting(raw)
    wrapped = RunSplittingTokenizer(raw)
    # the measure sees the quadratic growth of the raw tokenizer ...
    small, double = (_suffix_work(raw, seen, "''" * n) for n in (150, 300))
    assert double > 3.5 * small
    # ... and linear growth through the wrapper, at most MAX_RUN characters searched per character
    work = [_suffix_work(wrapped, seen, "''" * n) for n in (1000, 2000, 4000, 8000)]
    for a, b in pairwise(work):
        assert b <= 2.2 * a
    assert work[-1] <= 16000 * MAX_RUN


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_pieces_keep_the_text_and_every_offset(text: str) -> None:
    doc = RunSplittingTokenizer(spacy.blank("en").tokenizer)(text)
    assert doc.text == text
    for tok in doc:
        assert text[tok.idx : tok.idx + len(tok.text)] == tok.text
        assert len(tok.text) <= MAX_RUN + 1


def test_text_without_long_runs_is_tokenized_as_before() -> None:
    raw = spacy.blank("en").tokenizer
    text = "Officials said 40 homes were flooded ('at least'), the mayor's office said.  \n\nIt's https://x.org/a."
    text = text + " " + "w" * MAX_RUN
    assert [(t.text, t.whitespace_, t.norm_) for t in RunSplittingTokenizer(raw)(text)] == [
        (t.text, t.whitespace_, t.norm_) for t in raw(text)
    ]


def test_the_loaded_pipeline_is_guarded_once(nlp) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(nlp.tokenizer, RunSplittingTokenizer)
    assert guard_tokenizer(nlp).tokenizer is nlp.tokenizer
    assert nlp.tokenizer.vocab is nlp.vocab  # the wrapped tokenizer's attributes show through


@pytest.mark.parametrize("text", HOSTILE[:3], ids=range(3))
def test_hostile_runs_analyze_with_offsets_inside(analyzer, text: str) -> None:  # type: ignore[no-untyped-def]
    a = analyzer.analyze(text)
    spans = [(m.start, m.end) for e in a.entities for m in e.mentions]
    spans += [(q.start, q.end) for q in a.quotes] + [(q.start, q.end) for q in a.quantities]
    assert all(0 <= s <= e <= len(text) for s, e in spans)


# -- sections -----------------------------------------------------------------------------------------------


def _article() -> str:
    with (SAMPLES / "articles.jsonl").open(encoding="utf-8") as f:
        return "\n\n".join(json.loads(line)["text"] for line in f)


@pytest.mark.parametrize(
    "text",
    ["", "short", "para one.\n\npara two.\n\n" * 40, "line\n" * 300, "One sentence. " * 100, "a b c " * 200,
     "x" * 1234, "\n\n\n\n" * 100],
)
def test_section_bounds_cut_the_whole_text_into_bounded_sections(text: str) -> None:
    cuts = section_bounds(text, 100)
    assert cuts[0] == 0 and cuts[-1] == len(text)
    assert all(0 < b - a <= 100 for a, b in pairwise(cuts)) or len(text) == 0


def test_sections_end_at_the_best_break() -> None:
    text = ("A sentence. " * 5 + "\n\n") * 5
    cuts = section_bounds(text, 150)
    assert all(text[c - 2 : c] == "\n\n" for c in cuts[1:-1])
    lines = "word " * 20 + "\n" + "word " * 20
    assert section_bounds(lines, 150)[1] == lines.index("\n") + 1
    assert section_bounds("x" * 250, 100) == [0, 100, 200, 250]
    assert section_bounds("words " * 30, 100)[1] == 96  # after a space, in the section's second half


def test_sections_joined_are_the_text_s_doc(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = _article()
    monkeypatch.setattr(pipeline, "SECTION_CHARS", 2500)
    assert len(section_bounds(text, 2500)) > 4
    whole, joined = nlp(text), parse_one(nlp, text)
    assert joined.text == text
    assert [(t.text, t.idx, t.pos_) for t in joined] == [(t.text, t.idx, t.pos_) for t in whole]
    assert [(e.start_char, e.end_char, e.label_) for e in joined.ents] == [
        (e.start_char, e.end_char, e.label_) for e in whole.ents
    ]
    assert joined.has_annotation("DEP") and all(t.head.i < len(joined) for t in joined)


def test_facts_of_an_article_in_sections_are_its_facts(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = _article()
    whole = Analyzer(nlp=nlp).analyze(text, published="2024-05-01")
    monkeypatch.setattr(pipeline, "SECTION_CHARS", 3000)
    cut = Analyzer(nlp=nlp).analyze(text, published="2024-05-01")
    for kind in ("entities", "quotes", "quantities", "times"):
        assert cut.to_dict()[kind] == whole.to_dict()[kind], kind


def test_batches_are_bounded_by_characters_and_keep_order(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pipeline, "SECTION_CHARS", 300)
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 700)
    sizes: list[int] = []
    pipe = nlp.pipe

    def counted(texts: list[str], **kwargs: Any) -> Any:
        sizes.append(sum(map(len, texts)))
        return pipe(texts, **kwargs)

    monkeypatch.setattr(nlp, "pipe", counted)
    long = "The mayor said 40 homes were flooded in Valencia on Monday. " * 30
    texts = ["Short one, the minister said.", long, "", "Another: 12 people died, police said.", long + " End."]
    docs = list(parse(nlp, texts))
    assert [d.text for d in docs] == texts
    assert sizes and max(sizes) <= 700
    records = [InputRecord(text=t, id=str(n)) for n, t in enumerate(texts)]
    results = list(Analyzer(nlp=nlp).analyze_records(records))
    assert [type(r) for r in results] == [Analysis, Analysis, Failure, Analysis, Analysis]
    assert [r.id for r in results] == ["0", "1", "2", "3", "4"]
    assert re.search("no text", results[2].reason)  # type: ignore[union-attr]


# -- sentences ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [" ".join(str(n * 7919 % 10007) for n in range(900)), "a b c " * 500, "President Minister " * 250],
    ids=["numbers", "abc", "titles"],
)
def test_runs_without_stops_are_cut_into_bounded_sentences(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = parse_one(nlp, text)
    assert len(doc) > 2 * MAX_SENTENCE
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE


def test_prose_sentences_are_left_to_the_parser(nlp) -> None:  # type: ignore[no-untyped-def]
    text = _article()
    doc = cap_sentences(nlp.make_doc(text))
    assert [t.i for t in doc if t.is_sent_start and t.i > 0] == []


def test_the_claim_model_reads_the_doc_text_once(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # doc.text joins every token's text at each read: once per figure was quadratic in the article's length
    from newstrace.extract import claim_model

    text = " ".join(f"{n} people" for n in range(1, 400))
    doc = nlp(text)
    reads = [0]
    real = claim_model._text

    def counted(d: Any) -> str:
        reads[0] += "newstrace.text" not in d.user_data
        return real(d)

    monkeypatch.setattr(claim_model, "_text", counted)
    Analyzer(nlp=nlp).analyze(text)
    assert reads[0] <= 2  # the analyzed doc, and perhaps a list line parsed alone
    assert doc.text == text
