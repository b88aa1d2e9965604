"""Stories assigned at ingest (corpus/story_index.py): a new article joins its nearest kept story or starts one,
in the transaction that stores it, and the result agrees with the batch grouping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dev_sets import analyze_articles, load_dev
from newstrace.corpus.corpus import Corpus
from newstrace.corpus.ingest import ingest_items
from newstrace.corpus.story_index import is_current
from newstrace.link.compare import compare
from newstrace.link.stories import StoryOptions, group_stories
from newstrace.link.story_index import StoryStats, choose_story
from newstrace.pipeline import Analyzer
from newstrace.records import Analysis
from newstrace.store.transactions import transaction
from score_stories import predicted_clusters, story_scores
from test_link_stories import GALWAY_STORM, ROUND_UP, TALLINN_PORT, _quake, art

DEV = Path(__file__).parent / "fixtures" / "stories_dev"


def add(corpus: Corpus, analyses: list[Analysis]) -> None:
    """Store ``analyses`` as an ingest does (one transaction, near-copies found, stories assigned)."""
    ingest_items(corpus.conn, corpus.path, (), analyzed=[(a, f"test:{a.id}") for a in analyses])


def groups(corpus: Corpus) -> list[list[str]]:
    return sorted(sorted(arts) for arts in corpus.kept_stories().values() if arts)


def test_each_event_joins_its_story_and_a_round_up_after_both_stands_alone(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path / "c.db")
    add(corpus, [*GALWAY_STORM, *TALLINN_PORT])
    add(corpus, [ROUND_UP])
    assert groups(corpus) == [["po-1", "po-2", "po-3"], ["ru-1"], ["st-1", "st-2", "st-3"]]
    assert set(corpus.kept_stories()) == {"s1", "s2", "s3"}


def test_two_quakes_in_one_region_six_weeks_apart_are_two_stories(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path / "c.db")
    add(corpus, [_quake("q1-a", "2025-03-02", "5.9", "eleven", "Ercis"), _retold("q1-b", "2025-03-03", "5.9", "Ercis")])
    add(corpus, [_quake("q2-a", "2025-04-14", "5.4", "four", "Muradiye"),
                 _retold("q2-b", "2025-04-14", "5.4", "Muradiye")])
    assert groups(corpus) == [["q1-a", "q1-b"], ["q2-a", "q2-b"]]


def _retold(aid: str, published: str, magnitude: str, village: str) -> Analysis:
    return art(aid, published, f"Van quake: tents sent to {village}",
               f"Tents and blankets reached {village} after the magnitude {magnitude} earthquake in Van province. "
               f"Governor Ozan Demirci visited the hamlets; AFAD said rescuers had finished searching the "
               f"rubble, and the Turkish Red Crescent kitchen in Van fed hundreds.")


def test_a_copy_joins_its_originals_story(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path / "c.db")
    copy = Analysis.from_dict({**GALWAY_STORM[0].to_dict(), "id": "st-copy", "source": "Reprints"})
    copy.text = GALWAY_STORM[0].text + " More to follow."
    add(corpus, [GALWAY_STORM[0], *TALLINN_PORT, copy])
    assert corpus.duplicates() == {"st-copy": "st-1"}
    assert groups(corpus) == [["po-1", "po-2", "po-3"], ["st-1", "st-copy"]]


def test_relink_rebuilds_the_index_and_later_articles_keep_the_ids(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path / "c.db")
    add(corpus, [*GALWAY_STORM[:2], *TALLINN_PORT[:2]])
    corpus.relink()
    before = corpus.kept_stories()
    add(corpus, [GALWAY_STORM[2], TALLINN_PORT[2]])
    after = corpus.kept_stories()
    assert {sid: sorted(arts) for sid, arts in after.items()} == {
        sid: sorted([*arts, f"{arts[0][:3]}3"]) for sid, arts in before.items()
    }
    corpus.relink()
    assert corpus.kept_stories().keys() == after.keys()  # the full re-clustering keeps them


def test_a_store_from_before_the_index_assigns_nothing_until_relink(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path / "c.db")
    add(corpus, GALWAY_STORM[:2])
    with transaction(corpus.conn):  # as the migration leaves a store that already had articles
        corpus.conn.execute("DELETE FROM story_index_state")
        corpus.conn.execute("DELETE FROM story_articles")
    add(corpus, [TALLINN_PORT[0]])
    assert not is_current(corpus.conn) and groups(corpus) == []
    corpus.relink()
    add(corpus, [GALWAY_STORM[2], TALLINN_PORT[1]])
    assert is_current(corpus.conn)
    assert groups(corpus) == [["po-1", "po-2"], ["st-1", "st-2", "st-3"]]


def test_story_ids_are_never_given_twice(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path / "c.db")
    add(corpus, [GALWAY_STORM[0]])
    with transaction(corpus.conn):  # a story merged away by a relink keeps its row, empty
        corpus.conn.execute("INSERT INTO stories (id, created_at, updated_at) VALUES ('s7', 'x', 'x')")
        corpus.conn.execute("DELETE FROM story_index_state WHERE name = 'next_story'")
    add(corpus, [TALLINN_PORT[0]])
    assert corpus.kept_stories()["s8"] == ["po-1"]


@pytest.mark.parametrize(
    ("similarities", "expected"),
    [
        ([(0.4, 3), (0.1, 2)], "a"),
        ([(0.1, 3)], None),  # under the threshold
        ([(0.4, 3), (0.3, 2)], None),  # a round-up: about as close to a second story
        ([(0.4, 3), (0.3, 1)], "a"),  # ... but a single article is not a story to bridge
    ],
)
def test_choose_story(similarities: list[tuple[float, int]], expected: str | None) -> None:
    stories = [StoryStats(sid, size, 10, 10, sim * size) for sid, (sim, size) in zip("ab", similarities, strict=False)]
    assert choose_story(stories, 10, StoryOptions(threshold=0.15, bridge_ratio=0.5)) == expected


# ------------------------------------------------------------------------------------- the stories dev set


@pytest.fixture(scope="module")
def dev_analyses(analyzer: Analyzer) -> list[Analysis]:
    return analyze_articles(analyzer, load_dev(DEV / "articles.jsonl"))


def test_incremental_stories_on_the_dev_set_are_the_batch_ones(dev_analyses: list[Analysis], tmp_path: Path) -> None:
    """Added in publication order in four batches, the dev articles fall into the stories the batch
    grouping finds over all of them at once (pairwise F1 0.97 against the gold)."""
    corpus = Corpus(tmp_path / "c.db")
    ordered = sorted(dev_analyses, key=lambda a: (a.published or "", a.id))
    for start in range(0, len(ordered), 12):
        add(corpus, ordered[start : start + 12])
    batch = compare(dev_analyses)
    assert groups(corpus) == sorted(sorted(s.articles) for s in batch.stories)
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))["stories"]
    kept = {"stories": [{"id": sid, "articles": arts} for sid, arts in corpus.kept_stories().items()]}
    assert story_scores(gold, predicted_clusters(kept, list(gold)))["story_pairwise_f1"] >= 0.95
    assert groups(corpus) == sorted(sorted(g) for g in group_stories(dev_analyses, dict(corpus.duplicates())))
