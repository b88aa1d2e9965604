"""The corpus database schema, as an ordered list of registered migrations.

``PRAGMA user_version`` holds the number of migrations applied. :func:`migrate` applies the missing ones in
order, each in its own transaction together with the version bump, so a database is always at one known
version. To change the schema, append a new function decorated with ``@migration``; never edit one that has
shipped (databases out there have already run it).

Fact tables (``entities``, ``mentions``, ``quotes``, ``quantities``, ``times``) hold every field of the
matching :mod:`newstrace.records` dataclass, with ``article_id``, character offsets ``start``/``end`` into
the article text, and ``extractor``, the versioned name of the extractor that made the row (``quotes.v1``).
Fact tables follow the registered fact kinds (:mod:`newstrace.facts`): after the migrations,
:func:`ensure_fact_tables` creates the table of a kind registered since, and adds the columns of fields added
to a kind's record since (``ALTER TABLE ... ADD COLUMN``; rows stored before hold NULL there until
``reanalyze``, which the kind's bumped version asks for). So a new fact kind or field needs no migration.
``articles.analysis`` keeps the whole analysis record (``Analysis.to_dict`` without the text, which is in
``articles.text``), so an :class:`~newstrace.records.Analysis` can be rebuilt exactly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from newstrace.errors import SchemaTooNew
from newstrace.records import KINDS  # the registry, with the built-in kinds declared
from newstrace.store.minhash_bands import rebuild as rebuild_minhash_bands
from newstrace.store.transactions import transaction

Migration = Callable[[sqlite3.Connection], None]

#: Every migration, in order; ``MIGRATIONS[i]`` takes a database from version ``i`` to ``i + 1``.
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    """Register ``fn`` as the next migration."""
    MIGRATIONS.append(fn)
    return fn


def schema_version() -> int:
    """The version a database has once every migration has run."""
    return len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, path: str) -> int:
    """Bring the database up to :func:`schema_version`; returns the version it was at before.

    Raises :class:`~newstrace.errors.SchemaTooNew` for a database made by a newer newstrace.
    """
    before = current_version(conn)
    if before > schema_version():
        raise SchemaTooNew(path, before, schema_version())
    while (version := current_version(conn)) < schema_version():
        with transaction(conn):
            if current_version(conn) != version:  # another process migrated meanwhile
                continue
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
    if missing_fact_columns(conn):
        with transaction(conn):
            ensure_fact_tables(conn)
    return before


def table_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The columns of ``table`` as the database has them (empty when there is no such table)."""
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def missing_fact_columns(conn: sqlite3.Connection) -> dict[str, list[tuple[str, str]]]:
    """``{table: [(column, sql type), ...]}`` of the registered fact kinds' columns the database lacks."""
    out: dict[str, list[tuple[str, str]]] = {}
    for kind in KINDS.values():
        have = set(table_columns(conn, kind.name))
        need = [(c.name, c.sql) for c in kind.columns()] + [("extractor", "TEXT")]
        if missing := [c for c in need if c[0] not in have]:
            out[kind.name] = missing
    return out


def ensure_fact_tables(conn: sqlite3.Connection) -> None:
    """Create the table of each registered fact kind the database lacks, and add missing columns."""
    for table, missing in missing_fact_columns(conn).items():
        if not table_columns(conn, table):
            cols = "".join(f', "{name}" {sql}' for name, sql in missing)
            conn.execute(
                f'CREATE TABLE "{table}" (pk INTEGER PRIMARY KEY, '
                f"article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE{cols})"
            )
            conn.execute(f'CREATE INDEX "{table}_article" ON "{table}"(article_id)')
        else:
            for name, sql in missing:
                conn.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {sql}')


_FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"


@migration
def create_tables(conn: sqlite3.Connection) -> None:
    """Version 1: articles, facts, failures, and full-text indexes over article and quote text."""
    statements = [
        """CREATE TABLE articles (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            hash TEXT NOT NULL UNIQUE,              -- sha256 of the normalized text: the identity of an article
            text TEXT NOT NULL,
            title TEXT,
            source TEXT,
            url TEXT,
            published TEXT,                         -- YYYY-MM-DD
            published_inferred INTEGER NOT NULL DEFAULT 0,
            duplicate_of TEXT REFERENCES articles(id) ON DELETE SET NULL,
            minhash BLOB,                           -- MinHash signature (uint64 x NUM_PERM), for near-duplicates
            model TEXT,
            extractors TEXT NOT NULL,               -- JSON {"quotes": "quotes.v1", ...} of the last analysis
            analysis TEXT NOT NULL,                 -- JSON Analysis.to_dict() without "text"
            location TEXT,                          -- where it was read from: file:line, feed#entry, warc@offset
            ingested_at TEXT NOT NULL,
            analyzed_at TEXT NOT NULL
        )""",
        "CREATE INDEX articles_published ON articles(published)",
        "CREATE INDEX articles_duplicate_of ON articles(duplicate_of)",
        """CREATE TABLE entities (
            pk INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity_id TEXT NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '[]',     -- JSON list
            iso TEXT,
            role TEXT,
            extractor TEXT NOT NULL
        )""",
        "CREATE INDEX entities_article ON entities(article_id)",
        "CREATE INDEX entities_type_name ON entities(type, name)",
        """CREATE TABLE mentions (
            pk INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity_id TEXT NOT NULL,
            text TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            extractor TEXT NOT NULL
        )""",
        "CREATE INDEX mentions_article ON mentions(article_id, entity_id)",
        """CREATE TABLE quotes (
            pk INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            kind TEXT NOT NULL,
            speaker TEXT,
            speaker_id TEXT,
            speaker_start INTEGER,
            speaker_end INTEGER,
            role TEXT,
            cue TEXT,
            extractor TEXT NOT NULL
        )""",
        "CREATE INDEX quotes_article ON quotes(article_id)",
        "CREATE INDEX quotes_speaker ON quotes(speaker)",
        """CREATE TABLE quantities (
            pk INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            value NUMERIC NOT NULL,
            qualifier TEXT NOT NULL,
            unit TEXT,
            counted TEXT,
            as_of TEXT,
            source TEXT,
            high NUMERIC,
            change TEXT,
            extractor TEXT NOT NULL
        )""",
        "CREATE INDEX quantities_article ON quantities(article_id)",
        """CREATE TABLE times (
            pk INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            value TEXT,
            type TEXT NOT NULL,
            anchor TEXT,
            extractor TEXT NOT NULL
        )""",
        "CREATE INDEX times_article ON times(article_id)",
        """CREATE TABLE failures (
            pk INTEGER PRIMARY KEY,
            location TEXT NOT NULL,
            reason TEXT NOT NULL,
            record_id TEXT,
            at TEXT NOT NULL,
            UNIQUE (location, reason)
        )""",
        f"""CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='pk', tokenize='{_FTS_TOKENIZER}')""",
        f"""CREATE VIRTUAL TABLE quotes_fts USING fts5(
            text, speaker, content='quotes', content_rowid='pk', tokenize='{_FTS_TOKENIZER}')""",
        *_fts_triggers("articles", "articles_fts", ("title", "text")),
        *_fts_triggers("quotes", "quotes_fts", ("text", "speaker")),
    ]
    for sql in statements:
        conn.execute(sql)


def _fts_triggers(table: str, fts: str, columns: tuple[str, ...]) -> list[str]:
    """Triggers that keep an external-content FTS5 table in step with ``table`` (rowid = ``pk``)."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.pk, {old});"
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.pk, {new});"
    return [
        f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {table}_fts_update AFTER UPDATE OF {cols} ON {table} BEGIN {delete} {insert} END",
    ]


@migration
def create_watch_tables(conn: sqlite3.Connection) -> None:
    """Version 2: the state of ``newstrace watch`` (feeds, their entries, rounds, the last alert state)."""
    statements = [
        """CREATE TABLE watch_feeds (
            url TEXT PRIMARY KEY,
            label TEXT,
            etag TEXT,                              -- validators of the last full answer, for conditional GETs
            last_modified TEXT,
            failures INTEGER NOT NULL DEFAULT 0,    -- consecutive failed fetches (backoff)
            next_attempt REAL,                      -- epoch seconds; not fetched again before this
            last_error TEXT,
            last_status INTEGER,
            last_fetched REAL
        )""",
        """CREATE TABLE watch_entries (
            pk INTEGER PRIMARY KEY,
            feed_url TEXT NOT NULL,
            key TEXT NOT NULL,                      -- the entry's id, else its link
            link TEXT,
            title TEXT,
            published TEXT,
            source TEXT,
            fallback TEXT,                          -- the entry's own content or summary, if the page fails
            state TEXT NOT NULL,                    -- pending, done, failed
            attempts INTEGER NOT NULL DEFAULT 0,
            reason TEXT,
            first_seen REAL NOT NULL,
            finished REAL,
            UNIQUE (feed_url, key)
        )""",
        "CREATE INDEX watch_entries_state ON watch_entries(state)",
        """CREATE TABLE watch_rounds (
            n INTEGER PRIMARY KEY,
            started REAL NOT NULL,
            finished REAL,
            articles INTEGER,                       -- the store's article count and last pk when compared
            last_pk INTEGER,
            report TEXT                             -- JSON summary
        )""",
        """CREATE TABLE watch_stories (
            key TEXT PRIMARY KEY,                   -- story:ID of its earliest article
            title TEXT,
            articles TEXT NOT NULL                  -- JSON list of article ids
        )""",
        """CREATE TABLE watch_claims (
            key TEXT PRIMARY KEY,                   -- KIND:ARTICLE@START of its earliest member
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            status TEXT NOT NULL,
            story TEXT,
            members TEXT NOT NULL                   -- JSON list of members
        )""",
        """CREATE TABLE watch_alerts (
            pk INTEGER PRIMARY KEY,
            round INTEGER NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL                   -- the alert's JSON
        )""",
        """CREATE TABLE watch_outbox (
            pk INTEGER PRIMARY KEY,
            url TEXT NOT NULL,                      -- a webhook payload not delivered yet
            payload TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        )""",
    ]
    for sql in statements:
        conn.execute(sql)


@migration
def create_story_tables(conn: sqlite3.Connection) -> None:
    """Version 3: the kept stories, so that a story's id stays the same across ingests, ``watch`` rounds,
    ``compare --db`` and the web UI (see :mod:`newstrace.store.stories`)."""
    statements = [
        """CREATE TABLE stories (
            id TEXT PRIMARY KEY,                    -- s1, s2, ...: never reused for another story
            title TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE story_articles (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE
        )""",
        "CREATE INDEX story_articles_story ON story_articles(story_id)",
    ]
    for sql in statements:
        conn.execute(sql)


@migration
def create_story_index_tables(conn: sqlite3.Connection) -> None:
    """Version 4: what a new article needs to join its nearest kept story at ingest without reading the
    corpus (see :mod:`newstrace.corpus.story_index`). A store that already has articles gets the tables
    empty and no ``articles`` count in ``story_index_state``: the index is built by the next ``relink``, and
    until then ingest leaves story assignment to it."""
    statements = [
        """CREATE TABLE story_index_state (
            name TEXT PRIMARY KEY,                  -- articles: how many the document frequencies count;
            value INTEGER NOT NULL                  -- next_story: the number of the next new story id
        ) WITHOUT ROWID""",
        """CREATE TABLE story_terms (
            term TEXT PRIMARY KEY,                  -- an event-vector term (word, =name, #figure, @date)
            df INTEGER NOT NULL                     -- the number of indexed articles with it
        ) WITHOUT ROWID""",
        """CREATE TABLE story_weights (
            story_id TEXT NOT NULL,
            term TEXT NOT NULL,
            weight REAL NOT NULL,                   -- the sum over the story's members of their vectors' weight
            PRIMARY KEY (story_id, term)
        ) WITHOUT ROWID""",
        """CREATE TABLE story_spans (
            story_id TEXT PRIMARY KEY,
            size INTEGER NOT NULL,                  -- members with a vector (copies join without one)
            first_day INTEGER,                      -- publication days (ordinals) of the members
            last_day INTEGER
        ) WITHOUT ROWID""",
        """CREATE TABLE story_postings (
            term TEXT NOT NULL,                     -- one of an article's heaviest terms
            day INTEGER,                            -- the article's publication day (ordinal)
            story_id TEXT NOT NULL
        )""",
        "CREATE INDEX story_postings_term ON story_postings(term, day)",
    ]
    for sql in statements:
        conn.execute(sql)
    if conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None:
        conn.execute("INSERT INTO story_index_state (name, value) VALUES ('articles', 0)")


@migration
def create_link_tables(conn: sqlite3.Connection) -> None:
    """Version 5: each story's links kept, and the corpus entities they join into, so a batch of articles
    recomputes only the stories it touches (see :mod:`newstrace.corpus.links`). A store that already has
    stories gets every story marked stale: the next ``link`` (an ingest, a ``watch`` round) or ``relink``
    computes them."""
    statements = [
        """CREATE TABLE story_links (
            story_id TEXT PRIMARY KEY,
            version TEXT NOT NULL,                  -- newstrace.link.story_link.LINK_VERSION
            data TEXT NOT NULL,                     -- StoryLink.to_dict() as JSON
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID""",
        """CREATE TABLE stale_stories (
            story_id TEXT PRIMARY KEY               -- stories whose members changed since they were linked
        )""",
        """CREATE TABLE story_entities (
            story_id TEXT NOT NULL,
            local_id TEXT NOT NULL,                 -- the entity's id in its story's links (E1, E2, ...)
            entity_id TEXT NOT NULL,                -- the corpus entity it is part of
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            iso TEXT,
            aliases TEXT NOT NULL DEFAULT '[]',     -- JSON list of its other names in the story
            mentions INTEGER NOT NULL,              -- in-text mentions over the story's articles
            articles INTEGER NOT NULL,
            PRIMARY KEY (story_id, local_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX story_entities_entity ON story_entities(entity_id)",
        """CREATE TABLE entity_keys (
            key TEXT NOT NULL,                      -- a join key (newstrace.link.entities.join_keys)
            story_id TEXT NOT NULL,
            local_id TEXT NOT NULL
        )""",
        "CREATE INDEX entity_keys_key ON entity_keys(key)",
        "CREATE INDEX entity_keys_story ON entity_keys(story_id)",
        """CREATE TABLE key_entity (
            key TEXT PRIMARY KEY,                   -- a join key held by some story entity
            entity_id TEXT NOT NULL                 -- the corpus entity of all that hold it
        ) WITHOUT ROWID""",
        "CREATE INDEX key_entity_entity ON key_entity(entity_id)",
        """CREATE TABLE person_keys (
            key TEXT PRIMARY KEY,                   -- a full person's name key ever seen
            name TEXT NOT NULL                      -- a name that gives it
        ) WITHOUT ROWID""",
        """CREATE TABLE person_blocks (
            block TEXT NOT NULL,                    -- newstrace.link.entity_join.person_blocks
            key TEXT NOT NULL,
            PRIMARY KEY (block, key)
        ) WITHOUT ROWID""",
        """CREATE TABLE key_links (
            a TEXT NOT NULL,                        -- two person keys that are one name spelled two ways
            b TEXT NOT NULL,
            PRIMARY KEY (a, b)
        ) WITHOUT ROWID""",
        """CREATE TABLE link_state (
            name TEXT PRIMARY KEY,                  -- next_entity: the number of the next corpus entity id
            value INTEGER NOT NULL
        ) WITHOUT ROWID""",
    ]
    for sql in statements:
        conn.execute(sql)
    conn.execute("INSERT INTO stale_stories (story_id) SELECT id FROM stories")


@migration
def index_watch_snapshot(conn: sqlite3.Connection) -> None:
    """Version 6: the watcher's snapshot indexed by article and by story, so a round reads only the part of
    the last snapshot about the stories that changed (see :mod:`newstrace.watch.state`)."""
    conn.execute("""CREATE TABLE watch_story_articles (
        article_id TEXT PRIMARY KEY,                -- an article of a snapshot story
        key TEXT NOT NULL                           -- the story's key in watch_stories
    ) WITHOUT ROWID""")
    conn.execute("CREATE INDEX watch_story_articles_key ON watch_story_articles(key)")
    conn.execute("CREATE INDEX watch_claims_story ON watch_claims(story)")
    conn.execute("INSERT OR REPLACE INTO watch_story_articles (article_id, key) "
                 "SELECT j.value, s.key FROM watch_stories s, json_each(s.articles) j")


@migration
def create_minhash_band_tables(conn: sqlite3.Connection) -> None:
    """Version 7: the LSH band keys of the stored MinHash signatures, so that ingest looks a new article's
    near-duplicate candidates up in the store instead of loading every signature (see
    :mod:`newstrace.store.minhash_bands`). Filled here from ``articles.minhash``, so a store keeps finding
    copies of the articles it already has."""
    statements = [
        """CREATE TABLE minhash_bands (
            band INTEGER NOT NULL,                  -- 0 .. bands - 1
            key INTEGER NOT NULL,                   -- 64-bit hash of the band's hash values (newstrace.lsh)
            article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
            PRIMARY KEY (band, key, article_pk)
        ) WITHOUT ROWID""",
        """CREATE TABLE minhash_lsh (
            name TEXT PRIMARY KEY,                  -- layout: the banding the keys were made with
            value TEXT NOT NULL
        ) WITHOUT ROWID""",
    ]
    for sql in statements:
        conn.execute(sql)
    rebuild_minhash_bands(conn)
    # after the rows: built at once, not one random insert at a time (for deletions: ON DELETE CASCADE)
    conn.execute("CREATE INDEX minhash_bands_article ON minhash_bands(article_pk)")
