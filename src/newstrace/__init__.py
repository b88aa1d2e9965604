"""newstrace: structured, source-attributed facts from news articles, compared across outlets.

>>> import newstrace
>>> a = newstrace.analyze("Mayor Ana Ruiz said 40 homes were flooded.", published="2025-03-02")
>>> [e.name for e in a.entities]
['Ana Ruiz']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from newstrace.about import __version__
from newstrace.errors import NewstraceError
from newstrace.records import Analysis, Entity, Failure, InputRecord, Quantity, Quote, TimeExpr

__all__ = [
    "Analysis", "Entity", "Failure", "InputRecord", "NewstraceError", "Quantity", "Quote", "TimeExpr",
    "__version__", "analyze", "analyze_many",
]


def analyze(
    text: str, published: str | None = None, source: str | None = None, *, id: str | None = None,
    model: str | None = None,
) -> Analysis:
    """Analyze one article: entities, quotes, quantities and times, each with character offsets."""
    from newstrace.nlp.model import load_pipeline
    from newstrace.pipeline import Analyzer

    return Analyzer(nlp=load_pipeline(model)).analyze(text, published=published, source=source, id=id)


def analyze_many(
    records: Iterable[InputRecord | dict[str, Any] | str], *, model: str | None = None, workers: int = 1
) -> Iterator[Analysis | Failure]:
    """Stream analyses of many articles (records, dicts with a ``text`` key, or plain strings), in order.

    An article that cannot be analyzed comes out as a :class:`Failure` with its reason; the rest go on.
    """
    from newstrace.engines import LocalEngine

    def as_records() -> Iterator[InputRecord | Failure]:
        for n, r in enumerate(records, 1):
            if isinstance(r, InputRecord):
                yield r
            elif isinstance(r, str):
                yield InputRecord(text=r, location=f"<record {n}>")
            elif isinstance(r, dict):
                fields = {k: r.get(k) for k in ("id", "published", "source", "url", "title")}
                yield InputRecord(text=r.get("text"), location=f"<record {n}>", **fields)  # type: ignore[arg-type]
            else:
                yield Failure(location=f"<record {n}>",
                              reason=f"not a record: a {type(r).__name__} (give an InputRecord, a dict or a str)")

    return (result for result, _ in LocalEngine(workers=workers, model=model).run(as_records()))
