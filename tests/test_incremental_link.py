"""Linking kept in the corpus (corpus/links.py): articles added in batches, each batch linking only the stories it
touched, give the stories, figure and statement groups and corpus entities that a full relink gives; a relink on a
Dask cluster gives what a local one gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dev_sets import analyze_articles, load_dev
from newstrace.corpus.corpus import Corpus
from newstrace.corpus.ingest import ingest_items
from newstrace.corpus.links import stale
from newstrace.engines.dask import DaskEngine
from newstrace.link.compare import compare
from newstrace.link.results import Comparison
from newstrace.pipeline import Analyzer
from newstrace.records import Analysis

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
    from newstrace.corpus.links import store_link
    from newstrace.link.results import CrossEntity, Mention
    from newstrace.link.story_link import StoryLink
    from newstrace.store.transactions import transaction

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
