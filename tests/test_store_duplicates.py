"""Near-duplicates found at ingest through the band table kept in the store (issue 21): copies across separate
ingest runs, reprints of reprints linked to the root, the band-table migration's backfill, deletions and
re-analysis keeping the table in step, and the same answers as the in-memory index of ``compare``."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from newstrace.corpus.corpus import Corpus
from newstrace.corpus.duplicates import DuplicateFinder
from newstrace.corpus.ingest import ingest_items
from newstrace.link.near_duplicates import NearDuplicateIndex, originals, signature, signature_bytes
from newstrace.lsh import THRESHOLD, banding, similarity
from newstrace.records import Analysis
from newstrace.store import open_db
from newstrace.store.rows import analysis_json, extractors_json, replace_analysis, text_hash
from newstrace.store.schema import MIGRATIONS, create_minhash_band_tables, schema_version
from newstrace.store.transactions import transaction

BANDS = banding().bands

_SYLLABLES = ("ba", "ko", "mi", "tu", "re", "sa", "no", "li", "da", "ve", "zu", "pe")
VOCAB = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in ("", "n", "st", "ra")]


def words(rng: random.Random, n: int = 90) -> list[str]:
    return [rng.choice(VOCAB) for _ in range(n)]


def edited(rng: random.Random, text: str, changes: int) -> str:
    """``text`` with ``changes`` of its words replaced by other words."""
    out = text.split()
    for i in rng.sample(range(len(out)), changes):
        out[i] = rng.choice([w for w in VOCAB[:40] if w != out[i]])
    return " ".join(out)


def synthetic_corpus(seed: int, originals_n: int = 24, copies_n: int = 36) -> list[tuple[str, str]]:
    """``(id, text)``: unrelated texts, then edited copies of earlier articles (copies of copies too), edited
    from barely to well past the threshold."""
    rng = random.Random(seed)
    items = [(f"a{i:02d}", " ".join(words(rng))) for i in range(originals_n)]
    seen = {t for _, t in items}
    while len(items) < originals_n + copies_n:
        _, source = rng.choice(items)
        text = edited(rng, source, rng.randint(1, 6))
        if text not in seen:
            seen.add(text)
            items.append((f"c{len(items):02d}", text))
    return items


def add(path: Path, items: list[tuple[str, str]]) -> None:
    """One ingest run of already analyzed articles, as a new process runs it (its own connection)."""
    with Corpus(path) as corpus:
        ingest_items(corpus.conn, corpus.path, (), analyzed=[(Analysis(id=i, text=t), f"test:{i}") for i, t in items])


def band_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM minhash_bands").fetchone()[0])


BASE = (
    "Firefighters battled a blaze aboard a chemical tanker in the port on Tuesday while officials closed three "
    "berths and diverted traffic to the outer harbour, the port authority said in a statement. Crews from two "
    "neighbouring towns joined them before dawn, and the harbour master said the tanker's cargo of solvent had "
    "not leaked into the water, though an exclusion zone of five hundred metres would stay in place overnight."
)
OTHER = (
    "The city council approved a new budget for schools and parks after a long debate on Monday night. The "
    "mayor said the plan would add two hundred teachers over three years, while opposition members warned that "
    "the cost of repairs to the old library had been left out of the figures presented to the council."
)


def test_a_reprint_ingested_in_a_later_run_is_linked_to_the_original(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    add(path, [("port-1", BASE), ("council-1", OTHER)])
    add(path, [("port-1-wire", BASE + " Distributed by Example Wire."),
               ("council-2", OTHER.replace("Monday", "Friday"))])
    with Corpus(path) as corpus:
        assert corpus.duplicates() == {"port-1-wire": "port-1", "council-2": "council-1"}
        assert band_count(corpus.conn) == 4 * BANDS  # every stored article, indexed as it was stored


def _with(text: str, changes: dict[int, str]) -> str:
    out = text.split()
    for i, word in changes.items():
        out[i] = word
    return " ".join(out)


def test_a_reprint_of_a_reprint_links_to_the_root(tmp_path: Path) -> None:
    original = " ".join(words(random.Random(17)))
    copy = _with(original, {10: "amended", 30: "corrected"})
    second = _with(copy, {55: "updated", 75: "revised"})
    # the second reprint is a near-duplicate of the first reprint only (it shares a band with the original,
    # but is not similar enough): it finds the root through the first
    index = NearDuplicateIndex()
    assert [index.add(k, t) for k, t in (("o", original), ("c", copy), ("s", second))] == [None, "o", "c"]
    assert similarity(*(signature(t).hashvalues for t in (second, original))) < THRESHOLD
    path = tmp_path / "c.db"
    add(path, [("story-1", original)])
    add(path, [("story-1-wire", copy)])
    add(path, [("story-1-wire-2", second)])
    with Corpus(path) as corpus:
        assert corpus.duplicates() == {"story-1-wire": "story-1", "story-1-wire-2": "story-1"}
    assert originals([("story-1", original), ("story-1-wire", copy), ("story-1-wire-2", second)]) == {
        "story-1-wire": "story-1", "story-1-wire-2": "story-1"}


def test_articles_that_are_not_copies_are_not_linked(tmp_path: Path) -> None:
    rng = random.Random(5)
    texts = [(f"n{i}", " ".join(words(rng))) for i in range(20)]
    same_topic = BASE.split(". ")[0] + ". " + OTHER  # one sentence in common is not a copy
    path = tmp_path / "c.db"
    add(path, [("port-1", BASE), *texts[:10]])
    add(path, [("mixed", same_topic), *texts[10:]])
    with Corpus(path) as corpus:
        assert corpus.duplicates() == {}
        assert band_count(corpus.conn) == 22 * BANDS


def _v4_store(path: Path, items: list[tuple[str, bytes | None]]) -> None:
    """A store as newstrace wrote it at schema version 4: signatures in ``articles.minhash``, no band table."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    for version, step in enumerate(MIGRATIONS[:4]):
        step(conn)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    for aid, minhash in items:
        a = Analysis(id=aid, text=f"the text of {aid}")  # the stored text is not read again: the signature is
        conn.execute(
            "INSERT INTO articles (id, hash, text, minhash, extractors, analysis, ingested_at, analyzed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'x', 'x')",
            (aid, text_hash(a.text), a.text, minhash, extractors_json(a.extractors), analysis_json(a)),
        )
    conn.close()


def test_the_band_table_migration_fills_the_band_table_and_old_articles_are_found(tmp_path: Path) -> None:
    assert MIGRATIONS.index(create_minhash_band_tables) + 1 == 7
    path = tmp_path / "old.db"
    _v4_store(path, [
        ("port-1", signature_bytes(signature(BASE))),
        ("council-1", signature_bytes(signature(OTHER))),
        ("unsigned", None),                      # stored without a signature (as some tools did): no bands
        ("odd", b"\x01" * 24),                   # a signature of another size: not comparable, no bands
    ])
    conn = open_db(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()
    assert band_count(conn) == 2 * BANDS
    pks = {r["id"]: r["pk"] for r in conn.execute("SELECT id, pk FROM articles")}
    indexed = {r[0] for r in conn.execute("SELECT DISTINCT article_pk FROM minhash_bands")}
    assert indexed == {pks["port-1"], pks["council-1"]}
    assert "minhash_bands_article" in {r[1] for r in conn.execute("PRAGMA index_list(minhash_bands)")}  # deletes
    conn.close()
    add(path, [("port-1-wire", BASE + " Distributed by Example Wire."), ("fresh", " ".join(words(random.Random(1))))])
    with Corpus(path) as corpus:
        assert corpus.duplicates() == {"port-1-wire": "port-1"}


def test_deleting_an_article_deletes_its_bands(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    copy = BASE + " Distributed by Example Wire."
    add(path, [("port-1", BASE), ("port-1-wire", copy), ("council-1", OTHER)])
    with Corpus(path) as corpus:
        conn = corpus.conn
        with transaction(conn):
            conn.execute("DELETE FROM articles WHERE id = 'port-1'")  # the copy's link is cleared (SET NULL)
        assert band_count(conn) == 2 * BANDS
        assert conn.execute("SELECT COUNT(*) FROM minhash_bands WHERE article_pk NOT IN "
                            "(SELECT pk FROM articles)").fetchone()[0] == 0
    add(path, [("port-1-again", BASE + " (Updated.)")])
    with Corpus(path) as corpus:  # the copy left is now the root
        assert corpus.duplicates() == {"port-1-again": "port-1-wire"}


def test_reanalysis_keeps_the_bands(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    add(path, [("port-1", BASE), ("council-1", OTHER)])
    with Corpus(path) as corpus:
        conn = corpus.conn
        before = conn.execute("SELECT * FROM minhash_bands ORDER BY band, key").fetchall()
        with transaction(conn):
            replace_analysis(conn, Analysis(id="port-1", text=BASE, title="Re-run", model="other"))
        assert conn.execute("SELECT * FROM minhash_bands ORDER BY band, key").fetchall() == before


def test_a_band_table_made_with_another_banding_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    add(path, [("port-1", BASE), ("council-1", OTHER)])
    with Corpus(path) as corpus:
        conn = corpus.conn
        with transaction(conn):  # as a newstrace with another threshold would have left it
            conn.execute("UPDATE minhash_bands SET key = key + 1")
            conn.execute("UPDATE minhash_lsh SET value = 'bands=4 rows=16 key=blake2b-64'")
        DuplicateFinder(conn)
        assert conn.execute("SELECT value FROM minhash_lsh").fetchone()[0] == banding().layout
        assert band_count(conn) == 2 * BANDS
    add(path, [("port-1-wire", BASE + " Distributed by Example Wire.")])
    with Corpus(path) as corpus:
        assert corpus.duplicates() == {"port-1-wire": "port-1"}


@pytest.mark.parametrize(("seed", "runs"), [(1, 1), (2, 3), (3, 7), (4, 60)])
def test_the_store_finds_what_the_in_memory_index_finds(tmp_path: Path, seed: int, runs: int) -> None:
    """The same corpus ingested in ``runs`` separate runs gives ``compare``'s ``{copy: root original}``."""
    items = synthetic_corpus(seed)
    expected = originals(items)
    assert 5 < len(expected) < 36  # copies found, and edits past the threshold not
    path = tmp_path / "c.db"
    size = -(-len(items) // runs)
    for start in range(0, len(items), size):
        add(path, items[start : start + size])
    with Corpus(path) as corpus:
        assert corpus.duplicates() == expected
