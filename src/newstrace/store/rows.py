"""Writing analyses and failures as rows: one article row, and one row per fact with its extractor version.

Every function here runs inside the caller's transaction; none commits.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import unicodedata
from datetime import UTC, datetime
from typing import Any

from newstrace.facts import KINDS
from newstrace.records import Analysis, Failure
from newstrace.store.minhash_bands import insert_bands

#: The entities' mentions, a table of their own (one row per mention), after ``article_id``.
MENTION_COLUMNS = ("entity_id", "text", "start", "end", "extractor")
_ARTICLE_COLUMNS = (
    "id", "hash", "text", "title", "source", "url", "published", "published_inferred", "duplicate_of", "minhash",
    "model", "extractors", "analysis", "location", "ingested_at", "analyzed_at",
)


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"


def fact_columns() -> dict[str, tuple[str, ...]]:
    """Fact table -> its columns after ``article_id`` (``extractor`` last), derived from the registered fact
    kinds (:mod:`newstrace.facts`), plus the entities' ``mentions``; see :mod:`newstrace.store.schema`."""
    out = {k.name: (*(c.name for c in k.columns()), "extractor") for k in KINDS.values()}
    out["mentions"] = MENTION_COLUMNS
    return out


_INSERT_ARTICLE = _insert_sql("articles", _ARTICLE_COLUMNS)


def text_hash(text: str) -> str:
    """The identity of an article: sha256 of its text, Unicode NFC-normalized with whitespace runs collapsed."""
    normalized = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def extractors_json(extractors: dict[str, str]) -> str:
    """The canonical JSON of an extractor-version map, comparable as a string."""
    return json.dumps(extractors, sort_keys=True, separators=(",", ":"))


def analysis_json(analysis: Analysis) -> str:
    """``Analysis.to_dict()`` without the text (stored once, in ``articles.text``)."""
    d = analysis.to_dict()
    del d["text"]
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def insert_article(
    conn: sqlite3.Connection,
    analysis: Analysis,
    *,
    hash: str,
    minhash: bytes | None,
    duplicate_of: str | None,
    location: str | None,
) -> None:
    """Store a new article with its facts, and the band keys of its signature ``minhash`` (to find its copies
    later: :mod:`newstrace.store.minhash_bands`); ``analysis.id`` must be free and ``hash`` new."""
    stamp = now()
    values = {
        "id": analysis.id, "hash": hash, "text": analysis.text, "title": analysis.title, "source": analysis.source,
        "url": analysis.url, "published": analysis.published, "published_inferred": int(analysis.published_inferred),
        "duplicate_of": duplicate_of, "minhash": minhash, "model": analysis.model,
        "extractors": extractors_json(analysis.extractors), "analysis": analysis_json(analysis),
        "location": location, "ingested_at": stamp, "analyzed_at": stamp,
    }
    cursor = conn.execute(_INSERT_ARTICLE, [values[c] for c in _ARTICLE_COLUMNS])
    if minhash is not None and cursor.lastrowid is not None:
        insert_bands(conn, cursor.lastrowid, minhash)
    insert_facts(conn, analysis)
    if location:  # the record at this location was stored, so an earlier failure there is history
        conn.execute("DELETE FROM failures WHERE location = ?", (location,))


def replace_analysis(conn: sqlite3.Connection, analysis: Analysis) -> None:
    """Replace a stored article's facts and analysis with ``analysis`` (a re-run of the extractors)."""
    conn.execute(
        "UPDATE articles SET published = ?, published_inferred = ?, model = ?, extractors = ?, analysis = ?, "
        "analyzed_at = ? WHERE id = ?",
        (
            analysis.published, int(analysis.published_inferred), analysis.model,
            extractors_json(analysis.extractors), analysis_json(analysis), now(), analysis.id,
        ),
    )
    for table in fact_columns():
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (analysis.id,))
    insert_facts(conn, analysis)


def insert_facts(conn: sqlite3.Connection, a: Analysis) -> None:
    columns = fact_columns()
    for table, rows in fact_rows(a).items():
        if rows:
            conn.executemany(_insert_sql(table, ("article_id", *columns[table])), rows)


def fact_rows(a: Analysis) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of each fact table for one analysis, in :func:`fact_columns` order (``article_id`` first)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    for kind in KINDS.values():
        version = a.extractors.get(kind.name, "?")
        facts = a.facts(kind.name)
        out[kind.name] = [(a.id, *kind.row(f), version) for f in facts]
        if kind.name == "entities":
            out["mentions"] = [
                (a.id, e.id, a.text[s:end], s, end, version) for e in facts for s, end in e.mentions
            ]
    return out


def insert_failure(conn: sqlite3.Connection, failure: Failure) -> None:
    """Record a failure; the same failure at the same location again only updates its time."""
    conn.execute(
        "INSERT INTO failures (location, reason, record_id, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (location, reason) DO UPDATE SET at = excluded.at, record_id = excluded.record_id",
        (failure.location, failure.reason, failure.id, now()),
    )
