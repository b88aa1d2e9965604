"""The story index kept in the corpus: each new article joins its nearest kept story at ingest.

Tables (schema version 4): ``story_terms`` (document frequency of each event-vector term over the indexed
articles, whose count is ``story_index_state.articles``), ``story_weights`` (each story's sum of member
vectors), ``story_spans`` (its size and first and last day) and ``story_postings`` (each indexed article's
heaviest terms with its day and story: the inverted index candidates come from). :func:`add_article` runs
inside the ingest transaction that stores the article, reads only the rows of the article's own terms and
of a bounded number of candidate stories (:mod:`newstrace.link.story_index`), and records the article in
``story_articles`` with the story's id, or a fresh one. :func:`rebuild` writes the whole index again from a
full re-clustering (``relink``), whose stories keep their ids by inheritance.

An index is *current* when ``story_index_state`` has its ``articles`` row: a new store's is; a store made
before version 4 gets its index at the next ``relink``, and until then ingest does not assign stories.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from newstrace.link.event_vectors import article_terms, day_of
from newstrace.link.results import Comparison
from newstrace.link.stories import reach_days
from newstrace.link.story_ids import next_number
from newstrace.link.story_index import IndexOptions, StoryStats, choose_story, heaviest, weighted_vector
from newstrace.records import Analysis
from newstrace.store.rows import now
from newstrace.store.transactions import transaction

_CHUNK = 400  #: SQL parameters per IN (...) list
#: Each story's (size, first day, last day) while an index is built.
Spans = dict[str, tuple[int, int | None, int | None]]


def is_current(conn: sqlite3.Connection) -> bool:
    """Whether the index covers the stored articles (see the module docstring)."""
    return _state(conn, "articles") is not None


def add_article(
    conn: sqlite3.Connection, analysis: Analysis, original: str | None = None, options: IndexOptions | None = None
) -> str | None:
    """Put a newly stored article in its story (inside the caller's transaction) and return the story id;
    None when the index is not current. A near-copy (``original``) joins its original's story unscored."""
    if not is_current(conn):
        return None
    opt = options or IndexOptions()
    stamp = now()
    if original is not None:
        row = conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (original,)).fetchone()
        if row is not None:
            _member(conn, analysis.id, row[0], stamp)
            return str(row[0])
    counts = article_terms(analysis, opt.stories.vectors)
    articles = (_state(conn, "articles") or 0) + 1
    conn.execute("UPDATE story_index_state SET value = ? WHERE name = 'articles'", (articles,))
    conn.executemany(
        "INSERT INTO story_terms (term, df) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET df = df + 1",
        [(t,) for t in counts],
    )
    df = {r[0]: int(r[1]) for r in _rows(conn, "SELECT term, df FROM story_terms WHERE term IN ({})", list(counts))}
    vector = weighted_vector(counts, df, articles + opt.prior_articles)
    day = _ordinal(analysis.published)
    seen = heaviest({t: w for t, w in vector.items() if df.get(t, 1) > 1}, opt.stories.index_terms)
    candidates = _candidates(conn, seen, day, opt)
    story = choose_story(_scored(conn, candidates, vector), day, opt.stories)
    if story is None:
        story = _new_story(conn, analysis.title, stamp)
    _add_member_vector(conn, story, vector, day, heaviest(vector, opt.posted_terms), opt)
    _member(conn, analysis.id, story, stamp)
    return story


def rebuild(
    conn: sqlite3.Connection,
    primaries: Sequence[Analysis],
    story_of: dict[str, str],
    options: IndexOptions | None = None,
) -> None:
    """Write the index again (inside the caller's transaction) for ``primaries`` (the articles that are not
    near-copies), each in its story ``story_of[id]``, with document frequencies over them all."""
    opt = options or IndexOptions()
    for table in ("story_terms", "story_weights", "story_spans", "story_postings", "story_index_state"):
        conn.execute(f"DELETE FROM {table}")
    primaries = [a for a in primaries if a.id in story_of]
    counts = [article_terms(a, opt.stories.vectors) for a in primaries]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    conn.executemany("INSERT INTO story_terms (term, df) VALUES (?, ?)", df.items())
    sums: dict[str, dict[str, float]] = {}
    spans: Spans = {}
    postings: list[tuple[str, int | None, str]] = []
    for a, c in zip(primaries, counts, strict=True):
        vector = weighted_vector(c, df, len(primaries) + opt.prior_articles)
        accumulate(sums, spans, postings, story_of[a.id], _ordinal(a.published), vector, opt)
    conn.executemany("INSERT INTO story_weights (story_id, term, weight) VALUES (?, ?, ?)",
                     ((sid, t, w) for sid, total in sums.items() for t, w in total.items()))
    conn.executemany("INSERT INTO story_spans (story_id, size, first_day, last_day) VALUES (?, ?, ?, ?)",
                     ((sid, *span) for sid, span in spans.items()))
    conn.executemany("INSERT INTO story_postings (term, day, story_id) VALUES (?, ?, ?)", postings)
    ids = [r[0] for r in conn.execute("SELECT id FROM stories")]
    conn.executemany("INSERT INTO story_index_state (name, value) VALUES (?, ?)",
                     [("articles", len(primaries)), ("next_story", next_number(ids))])


def accumulate(
    sums: dict[str, dict[str, float]],
    spans: Spans,
    postings: list[tuple[str, int | None, str]],
    sid: str,
    day: int | None,
    vector: dict[str, float],
    opt: IndexOptions,
) -> None:
    """Add one article's vector to its story's weight sums, day span and postings (for a bulk build)."""
    total = sums.setdefault(sid, {})
    for t in heaviest(vector, opt.vector_terms):
        total[t] = total.get(t, 0.0) + vector[t]
    postings.extend((t, day, sid) for t in heaviest(vector, opt.posted_terms))
    size, first, last = spans.get(sid, (0, None, None))
    if day is not None:
        first, last = min(first, day) if first is not None else day, max(last, day) if last is not None else day
    spans[sid] = (size + 1, first, last)


def rebuild_from_comparison(conn: sqlite3.Connection, comparison: Comparison, changes: dict[str, int]) -> None:
    """:func:`rebuild` for the stories of a comparison of every stored article (what ``relink`` keeps), unless
    the index is current and ``changes`` (:func:`newstrace.store.stories.keep_stories`) says the kept stories
    did not change (a ``watch`` round after ingests that grouped as the full re-clustering does)."""
    if is_current(conn) and not any(changes.values()):
        return
    story_of = {a.id: a.story for a in comparison.articles if a.story is not None and a.duplicate_of is None}
    rebuild(conn, [a for a in comparison.analyses.values() if a.id in story_of], story_of)


def _state(conn: sqlite3.Connection, name: str) -> int | None:
    row = conn.execute("SELECT value FROM story_index_state WHERE name = ?", (name,)).fetchone()
    return None if row is None else int(row[0])


def _rows(conn: sqlite3.Connection, sql: str, values: list[str], *before: object) -> Iterable[sqlite3.Row]:
    for s in range(0, len(values), _CHUNK):
        chunk = values[s : s + _CHUNK]
        yield from conn.execute(sql.format(", ".join("?" * len(chunk))), (*before, *chunk))


def _ordinal(published: str | None) -> int | None:
    d: date | None = day_of(published)
    return None if d is None else d.toordinal()


def _candidates(conn: sqlite3.Connection, heavy: list[str], day: int | None, opt: IndexOptions) -> list[str]:
    """The stories found most often under the heavy terms (latest ``postings`` per term within reach)."""
    hits: Counter[str] = Counter()
    first: dict[str, int] = {}
    reach = int(reach_days(opt.stories)) + 1
    for term in heavy:
        if day is None:
            rows = conn.execute("SELECT story_id FROM story_postings WHERE term = ? ORDER BY day DESC LIMIT ?",
                                (term, opt.postings))
        else:
            rows = conn.execute(
                "SELECT story_id FROM story_postings WHERE term = ? AND day BETWEEN ? AND ? "
                "ORDER BY day DESC LIMIT ?", (term, day - reach, day + reach, opt.postings))
        for (sid,) in rows:
            hits[sid] += 1
            first.setdefault(sid, len(first))
    return sorted(hits, key=lambda s: (-hits[s], first[s]))[: opt.candidates]


def _scored(conn: sqlite3.Connection, stories: list[str], vector: dict[str, float]) -> list[StoryStats]:
    if not stories:
        return []
    dots: dict[str, float] = dict.fromkeys(stories, 0.0)
    marks = ", ".join("?" * len(stories))
    for sid, term, weight in _rows(
        conn, f"SELECT story_id, term, weight FROM story_weights WHERE story_id IN ({marks}) AND term IN ({{}})",
        list(vector), *stories,
    ):
        dots[sid] += weight * vector[term]
    spans = {r[0]: r for r in conn.execute(
        f"SELECT story_id, size, first_day, last_day FROM story_spans WHERE story_id IN ({marks})", stories)}
    return [StoryStats(sid, spans[sid][1], spans[sid][2], spans[sid][3], dots[sid]) for sid in stories
            if sid in spans]


def _new_story(conn: sqlite3.Connection, title: str | None, stamp: str) -> str:
    number = _state(conn, "next_story")
    if number is None:
        number = next_number([r[0] for r in conn.execute("SELECT id FROM stories")])
    sid = f"s{number}"
    conn.execute("INSERT INTO story_index_state (name, value) VALUES ('next_story', ?) "
                 "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (number + 1,))
    conn.execute("INSERT INTO stories (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
                 (sid, title, stamp, stamp))
    return sid


def _add_member_vector(
    conn: sqlite3.Connection, story: str, vector: dict[str, float], day: int | None, heavy: list[str],
    opt: IndexOptions,
) -> None:
    conn.executemany(
        "INSERT INTO story_weights (story_id, term, weight) VALUES (?, ?, ?) "
        "ON CONFLICT (story_id, term) DO UPDATE SET weight = weight + excluded.weight",
        [(story, t, vector[t]) for t in heaviest(vector, opt.vector_terms)],
    )
    conn.execute(
        "INSERT INTO story_spans (story_id, size, first_day, last_day) VALUES (?, 1, ?, ?) "
        "ON CONFLICT (story_id) DO UPDATE SET size = size + 1, "
        "first_day = min(coalesce(first_day, excluded.first_day), coalesce(excluded.first_day, first_day)), "
        "last_day = max(coalesce(last_day, excluded.last_day), coalesce(excluded.last_day, last_day))",
        (story, day, day),
    )
    conn.executemany("INSERT INTO story_postings (term, day, story_id) VALUES (?, ?, ?)",
                     [(t, day, story) for t in heavy])


def _member(conn: sqlite3.Connection, article: str, story: str, stamp: str) -> None:
    conn.execute("INSERT INTO story_articles (article_id, story_id) VALUES (?, ?) "
                 "ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id", (article, story))
    conn.execute("UPDATE stories SET updated_at = ? WHERE id = ?", (stamp, story))
    conn.execute("INSERT OR REPLACE INTO stale_stories (story_id) VALUES (?)", (story,))  # links to recompute


#: Stories made while replaying are numbered this far above the kept ids, then renamed (see :func:`replay`).
_REPLAY_OFFSET = 10**9


def replay(conn: sqlite3.Connection, articles: Iterable[tuple[Analysis, str | None]], batch: int = 500) -> None:
    """Group every article into stories again the way ingest groups them: clear the index and add
    ``articles`` (each with the original it is a copy of), in publication order, each joining its nearest
    story or starting one, in transactions of ``batch``. Memory is the index's, in the store, not the
    corpus's. New stories get provisional ids; :func:`rename` gives them their kept ones."""
    kept_ids = [r[0] for r in conn.execute("SELECT id FROM stories")]
    with transaction(conn):
        for table in ("story_articles", "story_terms", "story_weights", "story_spans", "story_postings",
                      "story_index_state"):
            conn.execute(f"DELETE FROM {table}")
        conn.executemany("INSERT INTO story_index_state (name, value) VALUES (?, ?)",
                         [("articles", 0), ("next_story", next_number(kept_ids) + _REPLAY_OFFSET)])
    pending: list[tuple[Analysis, str | None]] = []
    for item in articles:
        pending.append(item)
        if len(pending) >= batch:
            _add_all(conn, pending)
    _add_all(conn, pending)


def _add_all(conn: sqlite3.Connection, items: list[tuple[Analysis, str | None]]) -> None:
    with transaction(conn):
        for analysis, original in items:
            add_article(conn, analysis, original)
    items.clear()


def rename(conn: sqlite3.Connection, names: dict[str, str]) -> None:
    """Rename stories in the index (inside the caller's transaction): ``{provisional id: kept id}``; the
    provisional ``stories`` rows are removed (the kept ones are written by ``keep_stories``)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS story_rename (old TEXT PRIMARY KEY, new TEXT NOT NULL)")
    conn.execute("DELETE FROM story_rename")
    conn.executemany("INSERT INTO story_rename (old, new) VALUES (?, ?)", names.items())
    for table in ("story_weights", "story_spans", "story_postings"):
        conn.execute(f"UPDATE {table} SET story_id = (SELECT new FROM story_rename WHERE old = story_id) "
                     f"WHERE story_id IN (SELECT old FROM story_rename)")
    conn.execute("DELETE FROM stories WHERE id IN (SELECT old FROM story_rename WHERE old != new)")
    ids = [r[0] for r in conn.execute("SELECT id FROM stories")] + list(names.values())
    conn.execute("UPDATE story_index_state SET value = ? WHERE name = 'next_story'", (next_number(ids),))
    conn.execute("DROP TABLE story_rename")
