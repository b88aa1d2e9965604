"""Typed records: what goes into newstrace and what comes out.

Every extracted fact carries character offsets into the article text (``text[start:end]``), so that each
one can be traced back to its source. ``to_dict`` gives the analysis record of ``shared/eval/README.md``;
field names there are a contract and must stay stable.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from newstrace.facts import KINDS, VERSIONS, FactKind, register

QuoteKind = Literal["direct", "indirect", "mixed"]
Qualifier = Literal["exact", "at_least", "at_most", "more_than", "less_than", "approx", "range"]

#: Versioned names of the extractors (``facts.VERSIONS``, filled by the declarations at the end of this
#: module); stored with every fact so that ``reanalyze`` knows what is stale.
EXTRACTOR_VERSIONS: dict[str, str] = VERSIONS


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
    previous: float | int | None = None  #: the earlier value of a change: "rose to 4.6% from 3.9%" → 3.9
    # the claim model (newstrace.extract.claim_model); absent from records of quantities.v1
    measure: str | None = None  #: normalized frame ("deaths", "seats", "rate_change") or the counted head
    scope: str | None = None  #: whom or where the figure is about ("Dervan", "Civic Union"); None: the whole
    event: str | None = None  #: another event than the article's ("1999", "first round", "since January")
    estimate: bool = False  #: a projection or expectation ("could exceed", "is expected to"), not a count

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


#: Fact kinds that are fields of :class:`Analysis`; other registered kinds live in ``Analysis.extra``.
_FIELD_KINDS = ("entities", "quotes", "quantities", "times")


@dataclass(slots=True)
class Analysis:
    """The analysis of one article: the record ``newstrace analyze --format jsonl`` writes.

    The built-in fact kinds are fields; facts of any other registered kind (:mod:`newstrace.facts`) are in
    ``extra`` under the kind's name. :meth:`facts` reads either. ``failed`` names the kinds whose extractor
    failed on this article, with the reason (their facts are empty; the other kinds' facts are kept).
    """

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
    extra: dict[str, list[Any]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def facts(self, kind: str) -> list[Any]:
        """The facts of one kind (``"quotes"``, or any registered kind)."""
        if kind in _FIELD_KINDS:
            return list(getattr(self, kind))
        return self.extra.get(kind, [])

    def set_facts(self, kind: str, facts: list[Any]) -> None:
        if kind in _FIELD_KINDS:
            setattr(self, kind, facts)
        else:
            self.extra[kind] = facts

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "published": self.published,
            "published_inferred": self.published_inferred,
            "source": self.source,
            "url": self.url,
            "title": self.title,
        }
        for kind in KINDS.values():
            d[kind.name] = [kind.dump(f) for f in self.facts(kind.name)]
        d["extractors"] = dict(self.extractors)
        d["model"] = self.model
        if self.failed:
            d["failed"] = dict(self.failed)
        d["text"] = self.text
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Analysis:
        """Rebuild an analysis from its ``to_dict`` form (e.g. a line of ``analyze --format jsonl``)."""
        a = cls(
            id=d["id"],
            text=d.get("text") or "",
            published=d.get("published"),
            published_inferred=bool(d.get("published_inferred")),
            source=d.get("source"),
            url=d.get("url"),
            title=d.get("title"),
            extractors=dict(d.get("extractors") or EXTRACTOR_VERSIONS),
            model=d.get("model"),
            failed=dict(d.get("failed") or {}),
        )
        for kind in KINDS.values():
            a.set_facts(kind.name, [kind.load(f) for f in d.get(kind.name) or []])
        return a


# The built-in fact kinds, in the order the analysis record lists them. Each extractor is imported only when
# the pipeline runs (see newstrace.facts).
register(FactKind("entities", Entity, "entities.v2", "newstrace.extract.entities:component",
                  rename={"id": "entity_id"}, skip=("mentions",)))
register(FactKind("quotes", Quote, "quotes.v5", "newstrace.extract.quotes:component", requires=("entities",)))
register(FactKind("quantities", Quantity, "quantities.v3", "newstrace.extract.quantities:component",
                  requires=("quotes", "times"), label="figures"))
register(FactKind("times", TimeExpr, "times.v2", "newstrace.extract.times:component"))
