"""The per-article pipeline: spaCy parse, then the extractors, one :class:`Analysis` per article.

``Analyzer.analyze_records`` streams: records are parsed in batches with ``nlp.pipe``, and each article that
fails (too long, no text, an extractor error) becomes a :class:`Failure` with its reason instead of
stopping the batch. This is one process; the engines (:mod:`newstrace.engines`) run it in worker processes
or on a cluster.

Memory: spaCy's parse takes memory in proportion to the text it is given at once, so a long article is
parsed in sections of at most :data:`SECTION_CHARS` characters, cut at paragraph breaks where it can be
(:func:`section_bounds`), and ``nlp.pipe`` is given at most :data:`BATCH_CHARS` characters at a time
(:func:`parse`). The sections' docs are joined into one doc of the whole text before the extractors run,
so every extractor still sees the whole article (speakers resolved across paragraphs, the first mention of
a name); what a section does not see is the parser's and tagger's context across its cut (a paragraph
break), and the place ruler's list of the article's names is per section.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice, pairwise
from pathlib import Path
from typing import IO

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from newstrace import config
from newstrace.components import extract_facts
from newstrace.errors import RecordError
from newstrace.extract.published import infer_published, normalize_published
from newstrace.nlp.model import load_pipeline
from newstrace.records import Analysis, Failure, InputRecord

Result = Analysis | Failure

#: Articles per ``nlp.pipe`` batch (and per task an engine sends to a worker).
BATCH_SIZE = 32
#: Publication years outside this range are refused: date arithmetic near year 1 or 9999 overflows.
PUBLISHED_YEARS = (1000, 9000)
_TEXT_FIELDS = ("text", "id", "published", "source", "url", "title")
#: Articles longer than this are parsed in sections of at most this many characters (:func:`section_bounds`).
SECTION_CHARS = 20_000
#: ``nlp.pipe`` is given batches of at most this many characters (and :data:`BATCH_SIZE` sections).
BATCH_CHARS = 40_000
#: Where a section may end, best first: after a paragraph break, a line break, a sentence's end, a space.
_CUTS = ("\n\n", "\n", ". ", " ")


def section_bounds(text: str, size: int = SECTION_CHARS) -> list[int]:
    """Offsets ``0 = c0 < c1 < … < cn = len(text)`` cutting ``text`` into sections of at most ``size``
    characters, each cut just after the best break (:data:`_CUTS`) in the second half of its section (and
    the whitespace after it), else at ``size`` characters."""
    cuts, start = [0], 0
    while len(text) - start > size:
        limit = start + size
        cut = limit
        for mark in _CUTS:
            found = text.rfind(mark, start + size // 2, limit)
            if found >= 0:
                cut = found + len(mark)
                while cut < limit and text[cut].isspace():
                    cut += 1
                break
        cuts.append(cut)
        start = cut
    cuts.append(len(text))
    return cuts


def parse(nlp: Language, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """The parsed doc of each text, in order: each text parsed in sections (:func:`section_bounds`) and
    ``nlp.pipe`` given at most ``batch_size`` sections and :data:`BATCH_CHARS` characters at once; the
    sections' docs are joined into one doc whose text is the text (offsets unchanged). The docs carry no
    ``tensor`` (the tok2vec output, ~400 bytes a token, which no extractor reads)."""
    sections = (
        (n, text[a:b]) for n, text in enumerate(texts) for a, b in pairwise(section_bounds(text, SECTION_CHARS))
    )
    parts: list[Doc] = []
    current = 0
    group: list[tuple[int, str]] = []

    def run(group: list[tuple[int, str]]) -> Iterator[Doc]:
        nonlocal parts, current
        for (n, _), doc in zip(group, nlp.pipe([t for _, t in group], batch_size=len(group)), strict=True):
            doc.tensor = numpy.zeros((0, 0), dtype="float32")
            if n != current:
                yield _join(parts)
                parts, current = [], n
            parts.append(doc)

    size = 0
    for n, section in sections:
        if group and (size + len(section) > BATCH_CHARS or len(group) >= batch_size):
            yield from run(group)
            group, size = [], 0
        group.append((n, section))
        size += len(section)
    if group:
        yield from run(group)
    if parts:
        yield _join(parts)


def parse_one(nlp: Language, text: str) -> Doc:
    """:func:`parse` of one text."""
    return next(parse(nlp, [text]))


def _join(docs: list[Doc]) -> Doc:
    if len(docs) == 1:
        return docs[0]
    joined = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]
    assert joined is not None
    return joined


def content_id(text: str) -> str:
    """Default article id: a short hash of the whitespace-normalized text."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def check_record(record: InputRecord) -> InputRecord:
    """The record with a normalized date and an id; raises :class:`RecordError` when it can't be analyzed."""
    if not isinstance(record.text, str) or not record.text.strip():
        raise RecordError("the record has no text")
    limit = config.max_chars()
    if len(record.text) > limit:
        raise RecordError(
            f"the text is {len(record.text):,} characters, over the limit of {limit:,} "
            f"(set NEWSTRACE_MAX_CHARS to raise it)"
        )
    check_unicode(record)
    record.published = check_published(record.published)
    if not record.id:
        record.id = content_id(record.text)
    return record


def screen(record: InputRecord) -> InputRecord | Failure:
    """:func:`check_record`, with a record that cannot be analyzed as a :class:`Failure` with its reason."""
    try:
        return check_record(record)
    except RecordError as err:
        return Failure(location=_printable(record.location) or "?", reason=str(err), id=_printable(record.id))


def check_unicode(record: InputRecord) -> None:
    """Raises :class:`RecordError` when a field holds a lone surrogate (``\\ud800``): not valid Unicode, it
    cannot be hashed, stored or written out."""
    for name in _TEXT_FIELDS:
        value = getattr(record, name)
        if not isinstance(value, str):
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            raise RecordError(
                f"the {name} holds a lone surrogate ({value[err.start]!r} at character {err.start:,}), which is "
                f"not valid Unicode; decode the input with errors='replace', or fix what produced it"
            ) from None


def check_published(value: str | None) -> str | None:
    """:func:`normalize_published`, and a year the date arithmetic can work with."""
    published = normalize_published(value)
    if published is not None:
        low, high = PUBLISHED_YEARS
        if not low <= int(published[:4]) <= high:
            raise RecordError(
                f"'published' is {published}: a year outside {low}-{high} is not a date newstrace can work with. "
                f"Use YYYY-MM-DD, or leave it out to infer it."
            )
    return published


def _printable(value: str | None) -> str | None:
    return value.encode("utf-8", "replace").decode("utf-8") if isinstance(value, str) else value


def build_analysis(doc: Doc, record: InputRecord, model: str | None = None) -> Analysis:
    """Run every registered extractor (:mod:`newstrace.facts`) over a parsed article, each after the kinds
    it requires (:func:`newstrace.components.extract_facts`, the loop the spaCy components run too). An
    extractor that raises costs only its own facts: the kind is left empty, named in ``Analysis.failed``
    with the reason, and its version is marked failed so that ``reanalyze`` retries it."""
    published, inferred = record.published, False
    if published is None:
        published = infer_published(doc.text)
        inferred = published is not None
    analysis = Analysis(
        id=record.id or content_id(doc.text),
        text=doc.text,
        published=published,
        published_inferred=inferred,
        source=record.source,
        url=record.url,
        title=record.title,
        model=model,
    )
    facts, failed = extract_facts(doc, published)
    for kind, found in facts.items():
        analysis.set_facts(kind, found)
    for kind, reason in failed.items():
        analysis.failed[kind] = reason
        analysis.extractors[kind] = f"{analysis.extractors.get(kind, kind)}!failed"
    return analysis


class Analyzer:
    """Holds one loaded spaCy pipeline and analyzes articles with it."""

    def __init__(self, model: str | None = None, nlp: Language | None = None) -> None:
        self.nlp = nlp if nlp is not None else load_pipeline(model)
        self.model = f"{self.nlp.meta.get('name', '?')}-{self.nlp.meta.get('version', '?')}"

    def analyze(
        self, text: str, published: str | None = None, source: str | None = None, id: str | None = None
    ) -> Analysis:
        """Analyze one article; any string works (an empty one gives an empty analysis).

        Raises :class:`RecordError` for a ``published`` that is not a date or a text over the size limit.
        """
        if not text.strip():
            published = check_published(published)
            return Analysis(id=id or content_id(text), text=text, published=published, source=source)
        record = check_record(InputRecord(text=text, published=published, source=source, id=id))
        return build_analysis(parse_one(self.nlp, record.text), record, self.model)

    def analyze_records(
        self, records: Iterable[InputRecord | Failure], batch_size: int = BATCH_SIZE
    ) -> Iterator[Result]:
        """Analyses and failures in input order; failures passed in are passed through."""
        it = iter(records)
        while batch := list(islice(it, batch_size)):
            yield from self.analyze_batch(batch)

    def analyze_batch(self, batch: list[InputRecord | Failure]) -> list[Result]:
        """One result per item of ``batch``, in order, the records parsed together."""
        results: list[Result | None] = [None] * len(batch)
        good: list[tuple[int, InputRecord]] = []
        for i, rec in enumerate(batch):
            if isinstance(rec, Failure):
                results[i] = rec
                continue
            checked = screen(rec)
            if isinstance(checked, Failure):
                results[i] = checked
            else:
                good.append((i, checked))
        done = 0
        try:  # one analysis at a time from the stream of docs, so that the batch's docs are never all held
            for doc in parse(self.nlp, [rec.text for _, rec in good], batch_size=len(good) or 1):
                i, rec = good[done]
                results[i] = self._build(doc, rec)
                done += 1
        except Exception:  # noqa: BLE001 - one article broke the batch parse: parse the rest one by one below
            pass
        for i, rec in good[done:]:
            results[i] = self._build(None, rec)
        return [r for r in results if r is not None]

    def _build(self, doc: Doc | None, rec: InputRecord) -> Result:
        """:func:`build_analysis` of ``doc`` (parsed here when None), a :class:`Failure` when it raises."""
        try:
            return build_analysis(doc if doc is not None else parse_one(self.nlp, rec.text), rec, self.model)
        except Exception as err:  # noqa: BLE001 - a parser or extractor bug costs one article, with its reason
            return Failure(
                location=rec.location or "?", reason=f"analysis failed: {type(err).__name__}: {err}", id=rec.id
            )


def analyze_records(
    records: Iterable[InputRecord | Failure], model: str | None = None, batch_size: int = BATCH_SIZE
) -> Iterator[Result]:
    """Stream analyses (and failures) of ``records``, in input order, in this process: ``Analyzer(model)``'s.
    For worker processes or a cluster, use an engine (``LocalEngine(workers=4).run(records)``)."""
    yield from Analyzer(model).analyze_records(records, batch_size)


def load_analyses(
    paths: Iterable[str | Path], model: str | None = None, stdin: IO[bytes] | None = None
) -> Iterator[Analysis | Failure]:
    """Analyses of the inputs (files, folders, ``-``), in input order: analysis records as they are
    (:func:`newstrace.ingest.analyses.read_items`), the rest analyzed with ``model``.

    Raises :class:`~newstrace.errors.ModelNotFound` when there is something to analyze and no pipeline.
    """
    from newstrace.ingest.analyses import read_items

    items = list(read_items(paths, stdin))
    records = [x for x in items if isinstance(x, InputRecord)]
    analyzed: Iterator[Analysis | Failure] = iter(())
    if records:
        analyzed = analyze_records(records, model=model)
    for item in items:
        yield next(analyzed) if isinstance(item, InputRecord) else item
