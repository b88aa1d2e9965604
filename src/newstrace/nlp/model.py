"""Loading the spaCy pipeline: once per process, by name or path, with the gazetteer component added, the
tokenizer guarded against long whitespace-free runs and sentences capped in length (issue 20: time linear in
the text's length)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newstrace import config
from newstrace.errors import ModelNotFound
from newstrace.nlp.ruler import COMPONENT

#: A whitespace-free run longer than this many characters is tokenized in pieces of at most this length.
#: spaCy's tokenizer strips prefixes and suffixes from a run one character at a time, searching the whole
#: rest of the run again after each: time grows with the square of the run's length (8,000 characters of
#: ``''`` took 22 s). No word, number or ordinary URL is this long; a run that is gets tokens cut at the
#: piece boundaries, and nothing else changes (the text, and so every offset, stays the same).
MAX_RUN = 160

_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")

#: A sentence is cut after this many tokens without a full stop, ``!``, ``?`` or a line break. The parser
#: leaves 8,000 characters of random numbers, ``a b c`` or titles as one sentence, and the extractors look
#: at a figure's or a name's whole sentence, for each figure and name: quadratic. News sentences are far
#: shorter; a run of this many tokens without a stop is not prose.
MAX_SENTENCE = 200
SENTENCE_CAP = "newstrace_sentence_cap"
_STOPS = frozenset({".", "!", "?", "…", "..."})


class RunSplittingTokenizer:
    """A spaCy tokenizer that tokenizes whitespace-free runs longer than :data:`MAX_RUN` in pieces.

    A text without such a run is tokenized as the wrapped tokenizer does. Otherwise the text is tokenized
    in segments (the text between long runs, and the runs' pieces) and the segments' docs are joined: the
    doc's text is the input, character for character, so every offset into it stays valid. A piece boundary
    falls where letters or digits meet other characters when there is such a place in the piece's second
    half, so words inside a run of punctuation stay whole.
    """

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        runs = list(_LONG_RUN.finditer(text))
        if not runs:
            return self.tokenizer(text)
        docs: list[Doc] = []
        pos = 0
        for run in runs:
            if run.start() > pos:
                docs.append(self.tokenizer(text[pos : run.start()]))
            # the space after the run goes with its last piece, as the tokenizer attaches it to the last token
            end = run.end() + 1 if text.startswith(" ", run.end()) else run.end()
            for start, stop in _pieces(text, run.start(), run.end()):
                docs.append(self.tokenizer(text[start : end if stop == run.end() else stop]))
            pos = end
        if pos < len(text):
            docs.append(self.tokenizer(text[pos:]))
        doc = Doc.from_docs(docs, ensure_whitespace=False)
        assert doc is not None and doc.text == text
        return doc

    def __getattr__(self, name: str) -> Any:  # vocab, explain, to_bytes, ...: the wrapped tokenizer's
        if name == "tokenizer":  # not set yet (unpickling, copying): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Consecutive (start, end) pieces of ``text[start:end]``, each at most :data:`MAX_RUN` long."""
    while end - start > MAX_RUN:
        cut = start + MAX_RUN
        for i in range(cut, start + MAX_RUN // 2, -1):
            if text[i - 1].isalnum() != text[i].isalnum():
                cut = i
                break
        yield start, cut
        start = cut
    yield start, end


@Language.component(SENTENCE_CAP)
def cap_sentences(doc: Doc) -> Doc:
    """Marks a sentence start after every :data:`MAX_SENTENCE` tokens without a stop or a line break; the
    parser, placed after, keeps the marks and finds the other sentence starts."""
    run = 0
    for tok in doc:
        if run >= MAX_SENTENCE:
            tok.is_sent_start = True
            run = 0
        run = 0 if tok.text in _STOPS or "\n" in tok.text else run + 1
    return doc


def guard_tokenizer(nlp: Language) -> Language:
    """``nlp`` with its tokenizer wrapped in a :class:`RunSplittingTokenizer` (once)."""
    if not isinstance(nlp.tokenizer, RunSplittingTokenizer):
        nlp.tokenizer = RunSplittingTokenizer(nlp.tokenizer)
    return nlp


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline ``name`` (a package or a path; default :func:`newstrace.config.model_name`).

    Raises :class:`~newstrace.errors.ModelNotFound`, naming the install command, when it is missing.
    """
    name = config.model_name(name)
    if not spacy.util.is_package(name) and not Path(name).exists():
        raise ModelNotFound(name)
    nlp = spacy.load(name)
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, after="ner" if "ner" in nlp.pipe_names else None)
    if SENTENCE_CAP not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(SENTENCE_CAP, first=True)
    return guard_tokenizer(nlp)
