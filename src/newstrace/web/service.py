"""The data behind the web UI: the corpus, opened read-only, and its comparison, computed once and computed
again only when the database changes.

The comparison (:func:`newstrace.link.compare.compare` over every stored analysis) is the expensive part.
A :class:`Snapshot` holds it with the indexes the pages need; it is keyed by the database file's (and its
write-ahead log's) modification time and size and by ``Corpus.stats()``, so that an ingest running beside
the server shows up at the next request, and nothing is recomputed while the corpus stays as it is. Story and
entity ids (``s1``, ``E10``) are those of one comparison: they may change when the corpus changes.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from newstrace.corpus import Corpus
from newstrace.link.results import ArticleRef, Citation, Claim, Comparison, CrossEntity, Story
from newstrace.outputs.pictures import list_pictures
from newstrace.outputs.titles import neutral_title

#: Key of the database state: ((mtime_ns, size) of the file and of its -wal file, or None), stats().
StateKey = tuple[tuple[tuple[int, int] | None, ...], tuple[tuple[str, int], ...]]


@dataclass(slots=True)
class StorySummary:
    """One row of the stories list."""

    story: Story
    outlets: list[str]
    sources: int  #: independent sources (wire copies count as their original)
    differs: int  #: claim groups whose values differ
    corroborated: int
    single_source: int
    entities: list[CrossEntity] = field(default_factory=list)
    spark: Markup = field(default_factory=Markup)  #: articles per day (SVG)
    bar: Markup = field(default_factory=Markup)  #: articles by outlet (SVG)
    title: str = ""  #: a neutral title (the event and the place; :mod:`newstrace.outputs.titles`)

    @property
    def id(self) -> str:
        return self.story.id

    def to_dict(self) -> dict[str, object]:
        s = self.story
        return {
            "id": s.id, "title": s.title, "neutral_title": self.title or s.title,
            "first_published": s.first_published, "last_published": s.last_published,
            "articles": list(s.articles), "outlets": self.outlets, "sources": self.sources,
            "claims": {"differs": self.differs, "corroborated": self.corroborated,
                       "single_source": self.single_source},
            "entities": [{"id": e.id, "name": e.name, "type": e.type} for e in self.entities],
        }


@dataclass(slots=True)
class Snapshot:
    """The comparison of the whole corpus at one state of the database, with lookups by id."""

    key: StateKey
    comparison: Comparison
    stories: dict[str, Story]
    summaries: list[StorySummary]
    articles: dict[str, ArticleRef]
    entities: dict[str, CrossEntity]
    entity_of: dict[tuple[str, str], str]  #: (article id, entity id in its analysis) → cross-article entity id
    claims: dict[str, list[Claim]]  #: story id → its claim groups
    citations: dict[str, list[Citation]]  #: article id → the citations found in it

    @classmethod
    def build(cls, key: StateKey, comparison: Comparison) -> Snapshot:
        articles = {a.id: a for a in comparison.articles}
        entities = {e.id: e for e in comparison.entities}
        entity_of = {(m.article, m.entity): e.id for e in comparison.entities for m in e.mentions}
        claims: dict[str, list[Claim]] = defaultdict(list)
        for c in comparison.claims:
            claims[c.story or ""].append(c)
        citations: dict[str, list[Citation]] = defaultdict(list)
        for cite in comparison.citations:
            citations[cite.article].append(cite)
        summaries = []
        for s in comparison.stories:
            refs = [articles[a] for a in s.articles if a in articles]
            status = Counter(c.status for c in claims.get(s.id, []))
            spark, bar = list_pictures(s, comparison)
            summaries.append(StorySummary(
                story=s,
                outlets=list(dict.fromkeys(r.source or r.id for r in refs)),
                sources=len({r.origin or r.id for r in refs}),
                differs=status["differs"],
                corroborated=status["corroborated"],
                single_source=status["single_source"],
                entities=[entities[e] for e in s.entities if e in entities],
                spark=spark,
                bar=bar,
                title=neutral_title(s, comparison),
            ))
        return cls(key, comparison, {s.id: s for s in comparison.stories}, summaries, articles, entities,
                   entity_of, dict(claims), dict(citations))


class CorpusService:
    """The corpus of one database file, read-only, and its current :class:`Snapshot`. Thread-safe."""

    def __init__(self, db_path: str | Path) -> None:
        self.corpus = Corpus(db_path, readonly=True)
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self.computed = 0  #: how many times the comparison was computed (for tests and logs)

    @property
    def path(self) -> Path:
        return self.corpus.path

    def state(self) -> StateKey:
        """What identifies the database's contents, cheaply: file times and sizes, and the row counts."""
        files: list[tuple[int, int] | None] = []
        for p in (self.path, self.path.with_name(self.path.name + "-wal")):
            try:
                st = p.stat()
            except FileNotFoundError:
                files.append(None)
            else:
                files.append((st.st_mtime_ns, st.st_size))
        return tuple(files), tuple(sorted(self.corpus.stats().items()))

    def snapshot(self) -> Snapshot:
        """The comparison of the corpus as it is now; computed again only when the database has changed."""
        key = self.state()
        current = self._snapshot
        if current is not None and current.key == key:
            return current
        with self._lock:  # one computation at a time; requests that wait get its result
            current = self._snapshot
            if current is None or current.key != key:
                current = Snapshot.build(key, self.corpus.compare())
                self._snapshot = current
                self.computed += 1
            return current

    def close(self) -> None:
        self.corpus.close()
