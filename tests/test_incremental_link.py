"""Linking kept in the corpus (corpus/links.py): articles added in batches, each batch linking only the stories it
touched, give the stories, figure and statement groups and corpus entities that a full relink gives; a relink on a
Dask cluster gives what a local one gives."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from dev_sets import analyze_articles, load_dev
from newstrace.corpus.corpus import Corpus
from newstrace.corpus.ingest import ingest_items
from newstrace.corpus.links import drop_story, link_stale, mark_stale, stale, store_link
from newstrace.engines.dask import DaskEngine
from newstrace.link.compare import compare
from newstrace.link.entity_join import join_entities
from newstrace.link.results import Comparison, CrossEntity, Mention
from newstrace.link.story_link import StoryLink, link_story
from newstrace.pipeline import Analyzer
from newstrace.records import Analysis
from newstrace.store.transactions import transaction
from test_link_stories import GALWAY_STORM, TALLINN_PORT

FIXTURES = Path(__file__).parent / "fixtures"


def _dev(analyzer: Analyzer, name: str) -> list[Analysis]:
    analyses = analyze_articles(analyzer, load_dev(FIXTURES / name / "articles.jsonl"))
    return sorted(analyses, key=lambda a: (a.published or "", a.id))  # as they would arrive


def _add(corpus: Corpus, analyses: list[Analysis]) -> list[str]:
    ingest_items(corpus.conn, corpus.path, (), analyzed=[(a, f"test:{a.id}") for a in analyses])
    return corpus.link()


def _shape(c: Comparison) -> dict[str, Any]:
    """What linking decides, without ids or order: stories, groups (members and status), entities."""
    claims = {
        (c2.story, c2.kind, c2.status, frozenset((m.article, m.start, m.end) for m in c2.members)) for c2 in c.claims
    }
    return {
        "stories": {s.id: frozenset(s.articles) for s in c.stories},
        "claims": claims,
        "entities": {frozenset((m.article, m.entity) for m in e.mentions) for e in c.entities},
        "citations": {(x.article, x.start, x.end, x.cited) for x in c.citations},
    }


@pytest.mark.slow
@pytest.mark.parametrize("name", ["claims_dev", "statements_dev", "stories_dev"])
@pytest.mark.parametrize("batches", [1, 4])
def test_batches_linked_as_they_arrive_equal_a_full_relink(
    analyzer: Analyzer, tmp_path: Path, name: str, batches: int
) -> None:
    analyses = _dev(analyzer, name)
    size = -(-len(analyses) // batches)
    with Corpus(tmp_path / "c.db") as corpus:
        linked = [_add(corpus, analyses[i : i + size]) for i in range(0, len(analyses), size)]
        assert not stale(corpus.conn)
        if batches > 1:  # a later batch relinks only the stories it touched
            assert all(len(ids) < len(corpus.kept_stories()) for ids in linked[1:])
        incremental = _shape(corpus.compare())
        corpus.relink()
        full = _shape(corpus.compare())
    assert incremental["stories"] == full["stories"]
    assert incremental["claims"] == full["claims"]
    assert incremental["entities"] == full["entities"]
    assert incremental["citations"] == full["citations"]
    # and what compare over the files gives, story for story
    files = _shape(compare(analyses))
    assert set(files["stories"].values()) == set(full["stories"].values())
    assert {k[1:] for k in files["claims"]} == {k[1:] for k in full["claims"]}
    assert files["entities"] == full["entities"]


def test_a_story_linked_again_splits_an_entity_it_alone_held_together(tmp_path: Path) -> None:
    """Corpus entities stay the connected components when a story's links change (keys removed)."""
    def link(story: str, ents: list[tuple[str, list[str]]]) -> StoryLink:
        entities = [CrossEntity(f"E{i}", name, "ORG", mentions=[Mention(f"{story}-a", f"e{i}", name)])
                    for i, (name, _) in enumerate(ents, 1)]
        return StoryLink(story, [f"{story}-a"], entities, keys={f"E{i}": keys for i, (_, keys) in enumerate(ents, 1)})

    with Corpus(tmp_path / "c.db") as corpus, transaction(corpus.conn):
        conn = corpus.conn
        store_link(conn, link("s1", [("Acme", ["org|acme|"])]))
        store_link(conn, link("s2", [("Bolt", ["org|bolt|"])]))
        store_link(conn, link("s3", [("Acme Bolt", ["org|acme|", "org|bolt|"])]))  # joins the two
        ids = dict(conn.execute("SELECT story_id, entity_id FROM story_entities"))
        assert ids["s1"] == ids["s2"] == ids["s3"]
        store_link(conn, link("s3", [("Acme", ["org|acme|"])]))  # now says nothing of Bolt
        ids = dict(conn.execute("SELECT story_id, entity_id FROM story_entities"))
        assert ids["s1"] == ids["s3"] != ids["s2"]
        store_link(conn, link("s3", [("Acme Bolt", ["org|acme|", "org|bolt|"])]))
        ids = dict(conn.execute("SELECT story_id, entity_id FROM story_entities"))
        assert ids["s1"] == ids["s2"] == ids["s3"]


@pytest.mark.slow
def test_relink_on_a_dask_cluster_equals_the_local_relink(analyzer: Analyzer, tmp_path: Path) -> None:
    analyses = _dev(analyzer, "claims_dev")
    docs = {}
    for name, engine in (("local", None), ("dask", DaskEngine(workers=2))):
        with Corpus(tmp_path / f"{name}.db") as corpus:
            _add(corpus, analyses)
            counts = corpus.relink(engine=engine)
            assert counts["articles"] == len(analyses)
            docs[name] = json.dumps(corpus.compare().to_dict(), sort_keys=True)
    assert docs["dask"] == docs["local"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["stories_dev", "claims_dev"])
def test_a_streaming_relink_keeps_the_ids_and_gives_the_grouping_of_ingest(
    analyzer: Analyzer, tmp_path: Path, name: str
) -> None:
    """``relink(streaming=True)`` groups again one article at a time through the index in the store: on a corpus
    ingested in publication order it gives the stories ingest gave, under the same ids, and the same links."""
    analyses = _dev(analyzer, name)
    with Corpus(tmp_path / "c.db") as corpus:
        _add(corpus, analyses)
        before = corpus.kept_stories()
        shape = _shape(corpus.compare())
        counts = corpus.relink(streaming=True)
        assert counts["new"] == counts["gone"] == counts["moved"] == 0
        assert corpus.kept_stories() == before
        assert _shape(corpus.compare()) == shape
        more = _add(corpus, [])  # nothing stale is left
        assert more == []


# --- the corpus entities kept in the store are the batch join's components, in any order ----------------------

_KEYS = ["org|a|", "org|b|", "org|c|", "org|d|", "acr|X|US", "exp|X|US", "acr|Y|US", "exp|Y|US",
         "as-person|annakowalczyk|", "person|annakowalczyk|", "person|annakowalczik|", "as-person|piotrnowak|"]
_NAMES = {"person|annakowalczyk|": "Anna Kowalczyk", "person|annakowalczik|": "Anna Kowalczik"}


def _random_link(rng: random.Random, story: str) -> StoryLink:
    entities, keys = [], {}
    for i in range(rng.randint(1, 3)):
        ks = rng.sample(_KEYS, rng.randint(0, 3))
        person = next((_NAMES[k] for k in ks if k in _NAMES), None)
        lid = f"E{i + 1}"
        entities.append(CrossEntity(lid, person or f"Body {i}", "PERSON" if person else "ORG",
                                    mentions=[Mention(f"{story}-a", "e1", person or "")]))
        keys[lid] = ks
    return StoryLink(story, [f"{story}-a"], entities, keys=keys)


def _partition_store(conn: Any) -> list[list[tuple[str, str]]]:
    groups: dict[str, set[tuple[str, str]]] = {}
    for sid, local, eid in conn.execute("SELECT story_id, local_id, entity_id FROM story_entities"):
        groups.setdefault(eid, set()).add((sid, local))
    return sorted(sorted(g) for g in groups.values())


def _partition_batch(links: list[StoryLink]) -> list[list[tuple[str, str]]]:
    groups: dict[str, set[tuple[str, str]]] = {}
    for ref, eid in join_entities(links)[1].items():
        groups.setdefault(eid, set()).add(ref)
    return sorted(sorted(g) for g in groups.values())


@pytest.mark.parametrize("seed", range(40))
def test_stories_linked_relinked_and_dropped_in_any_order_keep_the_batch_components(
    tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    current: dict[str, StoryLink] = {}
    with Corpus(tmp_path / "c.db") as corpus:
        for _ in range(rng.randint(5, 30)):
            sid = f"s{rng.randint(1, 8)}"
            with transaction(corpus.conn):
                if sid in current and rng.random() < 0.3:
                    drop_story(corpus.conn, sid)
                    del current[sid]
                else:
                    current[sid] = _random_link(rng, sid)
                    store_link(corpus.conn, current[sid])
            in_order = sorted(current.values(), key=lambda link: link.story)
            assert _partition_store(corpus.conn) == _partition_batch(in_order)
            assert _partition_batch(in_order) == _partition_batch(in_order[::-1])  # the batch join is order-free


def test_an_article_joining_a_story_while_it_is_linked_leaves_it_marked(tmp_path: Path) -> None:
    with Corpus(tmp_path / "c.db") as corpus:
        _add(corpus, [GALWAY_STORM[0]])
        (sid,) = [s for s, arts in corpus.kept_stories().items() if arts]
        writer = Corpus(tmp_path / "c.db")

        def linker(jobs: list[Any]) -> Any:
            for story, ids, duplicates, sources in jobs:
                # another process stores an article of the story meanwhile
                ingest_items(writer.conn, writer.path, (), analyzed=[(GALWAY_STORM[1], "test:late")])
                yield link_story(story, list(corpus.analyses(ids)), duplicates, sources)

        with transaction(corpus.conn):
            mark_stale(corpus.conn, [sid])
        link_stale(corpus.conn, linker)
        assert stale(corpus.conn) == [sid]  # not cleared: the story changed after it was read
        corpus.link()
        assert corpus.compare([sid]).stories[0].articles == ["st-1", "st-2"]
        writer.close()


def test_a_story_that_cannot_be_linked_stays_marked_and_the_others_are_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newstrace.corpus.links as links

    real = links.link_story

    def failing(story: str, *args: Any) -> StoryLink:
        if story == bad:
            raise RuntimeError("a bug in linking")
        return real(story, *args)

    with Corpus(tmp_path / "c.db") as corpus:
        both = (*GALWAY_STORM, *TALLINN_PORT)
        ingest_items(corpus.conn, corpus.path, (), analyzed=[(a, f"test:{a.id}") for a in both])
        kept = {s for s, arts in corpus.kept_stories().items() if arts}
        bad = sorted(kept)[0]
        monkeypatch.setattr(links, "link_story", failing)
        corpus.link()
        assert stale(corpus.conn) == [bad]
        monkeypatch.setattr(links, "link_story", real)
        corpus.link()
        assert stale(corpus.conn) == []
