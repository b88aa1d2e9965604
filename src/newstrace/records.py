"""Typed records: what goes into newstrace and what comes out.

Every extracted fact carries character offsets into the article text (``text[start:end]``), so that each
one can be traced back to its source. ``to_dict`` gives the analysis record of ``shared/eval/README.md``;
field names there are a contract and must stay stable.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

QuoteKind = Literal["direct", "indirect", "mixed"]
Qualifier = Literal["exact", "at_least", "at_most", "more_than", "less_than", "approx", "range"]

#: Versioned names of the extractors; stored with every fact so that ``reanalyze`` knows what is stale.
EXTRACTOR_VERSIONS: dict[str, str] = {
    "entities": "entities.v1",
    "quotes": "quotes.v1",
    "quantities": "quantities.v1",
    "times": "times.v1",
    "published": "published.v1",
}


@dataclass(slots=True)
class InputRecord:
    """One article to analyze. Only ``text`` is required."""

    text: str
    id: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    location: str | None = None  # where it was read from ("file.jsonl:3"), for error reports


@dataclass(slots=True)
class Failure:
    """A record that could not be analyzed, kept with its reason; never dropped silently."""

    location: str
    reason: str
    id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "location": self.location, "reason": self.reason}


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    iso: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    role: str | None = None  # title or function from the text ("Chinese Foreign Ministry spokesperson")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["mentions"] = [list(m) for m in self.mentions]
        return d


@dataclass(slots=True)
class Quote:
    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: str | None = None
    speaker_id: str | None = None
    speaker_span: tuple[int, int] | None = None
    role: str | None = None
    cue: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["speaker_span"] = list(self.speaker_span) if self.speaker_span else None
        return d


@dataclass(slots=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float | int
    qualifier: Qualifier = "exact"
    unit: str | None = None
    counted: str | None = None
    as_of: str | None = None
    source: str | None = None
    high: float | int | None = None  # upper bound of a range
    change: Literal["up", "down"] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class TimeExpr:
    text: str
    start: int
    end: int
    value: str | None
    type: Literal["DATE", "TIME", "DURATION", "SET"] = "DATE"
    anchor: str | None = None  # the date a relative expression was resolved against

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Analysis:
    """The analysis of one article: the record ``newstrace analyze --format jsonl`` writes."""

    id: str
    text: str
    published: str | None = None
    published_inferred: bool = False
    source: str | None = None
    url: str | None = None
    title: str | None = None
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    extractors: dict[str, str] = field(default_factory=lambda: dict(EXTRACTOR_VERSIONS))
    model: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "published": self.published,
            "published_inferred": self.published_inferred,
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "quantities": [q.to_dict() for q in self.quantities],
            "times": [t.to_dict() for t in self.times],
            "extractors": dict(self.extractors),
            "model": self.model,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Analysis:
        """Rebuild an analysis from its ``to_dict`` form (e.g. a line of ``analyze --format jsonl``)."""
        return cls(
            id=d["id"],
            text=d.get("text") or "",
            published=d.get("published"),
            published_inferred=bool(d.get("published_inferred")),
            source=d.get("source"),
            url=d.get("url"),
            title=d.get("title"),
            entities=[
                Entity(**{**e, "mentions": [tuple(m) for m in e.get("mentions", [])]})
                for e in d.get("entities", [])
            ],
            quotes=[
                Quote(**{**q, "speaker_span": tuple(q["speaker_span"]) if q.get("speaker_span") else None})
                for q in d.get("quotes", [])
            ],
            quantities=[Quantity(**q) for q in d.get("quantities", [])],
            times=[TimeExpr(**t) for t in d.get("times", [])],
            extractors=dict(d.get("extractors") or EXTRACTOR_VERSIONS),
            model=d.get("model"),
        )
