"""What a comparison across articles produces: typed records with ``to_dict()`` in the ``compare`` JSON shape.

The JSON shape (``Comparison.to_dict()``) is read by ``shared/eval/score.py --cross`` and by the web UI;
its field names are a contract::

    {"articles": [...], "stories": [{"id", "articles"}], "entities": [{"id", "name", "type", "aliases",
     "mentions": [{"article", "entity"}]}], "claims": [{"id", "kind", "subject", "status", "members":
     [{"article", "value", "qualifier", "text", "start", "end", "source"}]}], "citations": [{"article",
     "cited", "text", "start", "end"}], "timeline": [...]}

Records carry more fields than the contract names (roles, origins, the story of each claim, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

from newstrace.records import Analysis


def _shallow(obj: Any) -> dict[str, Any]:
    """A record's fields as a dict, lists copied (``dataclasses.asdict`` deep-copies every value, which made
    serializing a story's links cost more than linking it)."""
    return {f.name: (list(v) if isinstance(v := getattr(obj, f.name), list) else v) for f in fields(obj)}


Status = Literal["corroborated", "differs", "updated", "single_source"]
ClaimKind = Literal["quantity", "statement"]


@dataclass(slots=True)
class ArticleRef:
    """An article of the comparison; ``duplicate_of`` names the article it is a near-copy of."""

    id: str
    source: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None
    story: str | None = None
    duplicate_of: str | None = None
    origin: str = ""  #: the independent source it counts as (copies count as their original's)

    def to_dict(self) -> dict[str, Any]:
        return _shallow(self)


@dataclass(slots=True)
class Story:
    """Articles about one event. ``entities`` are the cross-article entity ids most mentioned in it."""

    id: str
    articles: list[str]
    title: str | None = None
    first_published: str | None = None
    last_published: str | None = None
    entities: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return _shallow(self)


@dataclass(slots=True)
class Mention:
    """One article's entity (its id in that article's analysis) that is part of a cross-article entity."""

    article: str
    entity: str
    name: str = ""

    def to_dict(self) -> dict[str, Any]:
        return _shallow(self)


@dataclass(slots=True)
class CrossEntity:
    """One person, organisation or place across articles, under all the names the articles use."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    iso: str | None = None
    roles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(m.article for m in self.mentions))

    def to_dict(self) -> dict[str, Any]:
        d = _shallow(self)
        d["mentions"] = [m.to_dict() for m in self.mentions]
        d["articles"] = self.articles
        return d


@dataclass(slots=True)
class ClaimMember:
    """One article's rendering of a claim: a figure (``value`` set) or a statement (``value`` None)."""

    article: str
    text: str
    start: int
    end: int
    value: float | int | None = None
    qualifier: str | None = None
    source: str | None = None  #: who makes the claim, as the article says (a figure's source, a speaker)
    outlet: str | None = None  #: the article's outlet
    origin: str = ""  #: the independent source it counts as
    unit: str | None = None
    counted: str | None = None
    as_of: str | None = None
    high: float | int | None = None
    sentence: tuple[int, int] | None = None  #: the span of its sentence in the article
    match: str | None = None  #: statements: "verbatim", "contained" or "paraphrase" of the group's fullest rendering
    change: str | None = None  #: statements: what changed against the fullest rendering (words, hedge, number)
    date: str | None = None  #: figures: the day the value holds for (its as-of date, else the article's date)
    disputed: bool = False  #: its value conflicts with another source's for the same time (set by the link stage)

    def to_dict(self) -> dict[str, Any]:
        d = _shallow(self)
        d["sentence"] = list(self.sentence) if self.sentence else None
        return d


@dataclass(slots=True)
class Claim:
    """Figures that measure the same thing, or one speaker's statement, across (and within) articles.

    ``status``: ``differs`` when two members of different sources are incompatible (qualifiers taken into
    account) for the same or an unknown time (their disputed members say which), ``updated`` when the values
    change from one date to a later one (a series: each member carries its ``date``), else ``corroborated``
    when they come from two or more independent sources, else ``single_source``. Readers use ``status`` and
    ``ClaimMember.disputed`` as they are; they do not judge disputes again.
    """

    id: str
    kind: ClaimKind
    subject: str
    status: Status
    members: list[ClaimMember]
    story: str | None = None
    speaker: str | None = None  #: statements: the cross-article entity id of the speaker, when known
    sources: int = 1  #: number of independent sources among the members
    measure: str | None = None  #: figures: what they measure ("deaths"), their scope and event (claim model)
    scope: str | None = None
    event: str | None = None
    estimate: bool = False

    def to_dict(self) -> dict[str, Any]:
        d = _shallow(self)
        d["members"] = [m.to_dict() for m in self.members]
        return d


@dataclass(slots=True)
class Citation:
    """An article citing another outlet ("told Ukrainian Pravda", "UkrInform reports")."""

    article: str
    cited: str
    text: str
    start: int
    end: int
    cue: str = ""
    cited_articles: list[str] = field(default_factory=list)  #: articles in the comparison from that outlet
    entity: str | None = None  #: the cross-article entity of the cited outlet, when one is known

    def to_dict(self) -> dict[str, Any]:
        return _shallow(self)


@dataclass(slots=True)
class TimelineSource:
    article: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return _shallow(self)


@dataclass(slots=True)
class TimelineEntry:
    """A dated event, figure or publication of a story, with the articles that give it."""

    date: str
    story: str | None
    kind: Literal["event", "figure", "published"]
    text: str
    sources: list[TimelineSource] = field(default_factory=list)
    claim: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = _shallow(self)
        d["sources"] = [s.to_dict() for s in self.sources]
        return d


@dataclass
class Comparison:
    """Everything ``compare`` finds across a set of articles. ``analyses`` (not serialized) holds the
    articles themselves, for reports that show each fact in its sentence."""

    articles: list[ArticleRef] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    entities: list[CrossEntity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    analyses: dict[str, Analysis] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": [a.to_dict() for a in self.articles],
            "stories": [s.to_dict() for s in self.stories],
            "entities": [e.to_dict() for e in self.entities],
            "claims": [c.to_dict() for c in self.claims],
            "citations": [c.to_dict() for c in self.citations],
            "timeline": [t.to_dict() for t in self.timeline],
        }

    def story(self, story_id: str) -> Comparison:
        """The part of this comparison about one story. Raises KeyError for an unknown id."""
        found = [s for s in self.stories if s.id == story_id]
        if not found:
            raise KeyError(story_id)
        ids = set(found[0].articles)
        entities = []
        for e in self.entities:
            mentions = [m for m in e.mentions if m.article in ids]
            if mentions:
                entities.append(CrossEntity(e.id, e.name, e.type, e.aliases, e.iso, e.roles, mentions))
        return Comparison(
            articles=[a for a in self.articles if a.id in ids],
            stories=found,
            entities=entities,
            claims=[c for c in self.claims if c.story == story_id],
            citations=[c for c in self.citations if c.article in ids],
            timeline=[t for t in self.timeline if t.story == story_id],
            analyses={k: v for k, v in self.analyses.items() if k in ids},
        )
