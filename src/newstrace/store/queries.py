"""Reading the corpus: listings (quotes, figures, entities, failures, articles), full-text search, and the
rows of each export table. Every function takes a connection and returns plain dicts.

In listings that join a fact with its article, ``outlet`` is the article's ``source`` (a quantity has a
``source`` of its own: who makes the claim).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from newstrace.errors import RecordError, StoreUsageError
from newstrace.extract.published import normalize_published
from newstrace.records import KINDS
from newstrace.store.schema import table_columns

#: The articles table as ``export`` writes it: ``{column: type}`` (types as in :func:`export_tables`).
_ARTICLE_EXPORT = {
    "id": "str", "hash": "str", "title": "str", "source": "str", "url": "str", "published": "str",
    "published_inferred": "bool", "duplicate_of": "str", "location": "str", "model": "str", "ingested_at": "str",
    "analyzed_at": "str", "text": "str",
}
_SQL_TYPES = {"INTEGER": "int", "NUMERIC": "num", "TEXT": "str"}


#: The article columns joined into every fact table's export: export name → column of ``articles``.
ARTICLE_JOIN = {"outlet": "source", "published": "published"}


def export_tables() -> dict[str, dict[str, str]]:
    """The tables ``export`` can write: ``articles`` and one per registered fact kind, each ``{column:
    type}`` in column order, with types ``str``, ``int``, ``num``, ``bool``, ``list`` (of strings, stored as
    JSON) and ``spans`` (an entity's mentions as ``[start, end]`` pairs). A fact table carries its article's
    outlet and date (:data:`ARTICLE_JOIN`) beside ``article_id``, so that a row can be read on its own."""
    out = {"articles": dict(_ARTICLE_EXPORT)}
    for kind in KINDS.values():
        cols = {"article_id": "str"}
        names = {c.name for c in kind.columns()}
        cols.update({name: "str" for name in ARTICLE_JOIN if name not in names})
        cols.update({c.name: "list" if c.json else _SQL_TYPES[c.sql] for c in kind.columns()})
        if kind.name == "entities":
            cols["mentions"] = "spans"  # from the mentions table
        cols["extractor"] = "str"
        out[kind.name] = cols
    return out


def export_columns() -> dict[str, tuple[str, ...]]:
    """The tables ``export`` can write, each with its column order (see :func:`export_tables`)."""
    return {what: tuple(cols) for what, cols in export_tables().items()}
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with ``%`` and ``_`` in it taken literally (ESCAPE '\\')."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _date(value: str | None, option: str) -> str | None:
    try:
        return normalize_published(value)
    except RecordError:
        raise StoreUsageError(f"{option} must be a date such as 2026-03-04, not {value!r}") from None


def _limit(limit: int | None) -> int:
    return -1 if limit is None else max(0, limit)


def articles(conn: sqlite3.Connection, ids: list[str] | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Stored articles without their text, in ingest order (``ids`` picks some)."""
    sql = (
        "SELECT id, title, source, url, published, published_inferred, duplicate_of, location, length(text) AS chars,"
        " model, extractors, ingested_at, analyzed_at FROM articles"
    )
    params: list[Any] = []
    if ids is not None:
        sql += " WHERE id IN (SELECT value FROM json_each(?))"  # one parameter, however many ids
        params.append(json.dumps(list(ids)))
    rows = conn.execute(sql + " ORDER BY pk LIMIT ?", [*params, _limit(limit)]).fetchall()
    out = []
    for r in rows:
        d = dict(r)
        d["published_inferred"] = bool(d["published_inferred"])
        d["extractors"] = json.loads(d["extractors"])
        out.append(d)
    return out


def quotes(
    conn: sqlite3.Connection, speaker: str | None = None, since: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Quotes, oldest article first; ``speaker`` matches part of the speaker's name, ``since`` is a date."""
    rows = conn.execute(
        """SELECT q.article_id, a.source AS outlet, a.published, q.speaker, q.role, q.kind, q.cue, q.text,
                  q.start, q."end", q.speaker_id, q.speaker_start, q.speaker_end, q.extractor
           FROM quotes q JOIN articles a ON a.id = q.article_id
           WHERE (:speaker IS NULL OR q.speaker LIKE :speaker ESCAPE '\\')
             AND (:since IS NULL OR a.published >= :since)
           ORDER BY a.published, a.pk, q.start LIMIT :limit""",
        {"speaker": _like(speaker) if speaker else None, "since": _date(since, "since"), "limit": _limit(limit)},
    ).fetchall()
    return [dict(r) for r in rows]


def figures(conn: sqlite3.Connection, counted: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Numeric claims; ``counted`` matches part of what is counted ("crew", "vessels") or of what the figure
    measures (the claim model's frame: "injured" finds "14 crew members were injured", whose counted noun is
    "crew members", as well as "three injured")."""
    rows = conn.execute(
        """SELECT n.article_id, a.source AS outlet, a.published, n.text, n.qualifier, n.value, n.high, n.unit,
                  n.counted, n.measure, n.as_of, n.source, n.change, n.start, n."end", n.extractor
           FROM quantities n JOIN articles a ON a.id = n.article_id
           WHERE (:counted IS NULL OR n.counted LIKE :counted ESCAPE '\\' OR n.measure LIKE :counted ESCAPE '\\')
           ORDER BY a.published, a.pk, n.start LIMIT :limit""",
        {"counted": _like(counted) if counted else None, "limit": _limit(limit)},
    ).fetchall()
    return [dict(r) for r in rows]


def failures(conn: sqlite3.Connection, limit: int | None = None) -> list[dict[str, Any]]:
    """Every record that could not be stored, with where it came from and why, oldest first."""
    rows = conn.execute(
        "SELECT location, reason, record_id, at FROM failures ORDER BY pk LIMIT ?", (_limit(limit),)
    ).fetchall()
    return [dict(r) for r in rows]


def duplicates(conn: sqlite3.Connection) -> dict[str, str]:
    """``{copy id: original id}`` for every near-duplicate article."""
    rows = conn.execute("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL ORDER BY pk")
    return {r["id"]: r["duplicate_of"] for r in rows}


def duplicates_of(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    """``{copy id: original id}`` for the near-duplicates among ``ids``."""
    out: dict[str, str] = {}
    for i in range(0, len(ids), 400):
        chunk = list(ids[i : i + 400])
        rows = conn.execute(f"SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL AND id IN "
                            f"({', '.join('?' * len(chunk))})", chunk)
        out.update({r["id"]: r["duplicate_of"] for r in rows})
    return out


def fts_query(text: str) -> str | None:
    """An FTS5 query for plain user text: every word must occur; "quoted words" must occur as a phrase.

    FTS5 operators in the text are taken as words, so no input is a syntax error. None when there are no words.
    """
    terms = []
    for m in _TERM.finditer(text):
        words = _WORD.findall(m.group(1) if m.group(1) is not None else m.group(2))
        if words:
            terms.append('"' + " ".join(words) + '"')
    return " ".join(terms) or None


def search(conn: sqlite3.Connection, text: str, limit: int | None = 50) -> list[dict[str, Any]]:
    """Articles and quotes matching ``text`` (see :func:`fts_query`), best first (BM25).

    Each hit has ``kind`` ("article" or "quote"), ``article_id``, ``title``, ``outlet``, ``published``, a
    ``snippet`` with the matches in [brackets], and for quotes ``speaker``, ``start`` and ``end``.
    """
    query = fts_query(text)
    if query is None:
        return []
    rows = conn.execute(
        """SELECT * FROM (
             SELECT 'article' AS kind, a.id AS article_id, a.title, a.source AS outlet, a.published,
                    NULL AS speaker, NULL AS start, NULL AS "end",
                    snippet(articles_fts, -1, '[', ']', '…', 16) AS snippet, bm25(articles_fts) AS score
             FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid WHERE articles_fts MATCH :q
             UNION ALL
             SELECT 'quote', q.article_id, a.title, a.source, a.published, q.speaker, q.start, q."end",
                    snippet(quotes_fts, 0, '[', ']', '…', 16), bm25(quotes_fts)
             FROM quotes_fts JOIN quotes q ON q.pk = quotes_fts.rowid JOIN articles a ON a.id = q.article_id
             WHERE quotes_fts MATCH :q)
           ORDER BY score LIMIT :limit""",
        {"q": query, "limit": _limit(limit)},
    ).fetchall()
    return [{k: r[k] for k in r.keys() if k != "score"} for r in rows]  # noqa: SIM118 - a Row iterates values


def export_rows(conn: sqlite3.Connection, what: str) -> Iterator[dict[str, Any]]:
    """The rows of one export table (:func:`export_columns`), streamed from a cursor. A column that the
    database does not have yet (a field added since it was written, read without migrating) is null."""
    tables = export_tables()
    if what not in tables:
        raise StoreUsageError(f"cannot export {what!r}; choose one of: {', '.join(tables)}")
    if what == "entities":
        yield from _entity_rows(conn, tuple(tables["entities"]))
        return
    types = tables[what]
    have = set(table_columns(conn, what))
    if what == "articles":
        columns = ", ".join(f'"{c}"' if c in have else f'NULL AS "{c}"' for c in types)
        sql = f'SELECT {columns} FROM articles ORDER BY pk'
    else:
        joined = {c: col for c, col in ARTICLE_JOIN.items() if c not in have}
        columns = ", ".join(f'a."{joined[c]}" AS "{c}"' if c in joined else f'f."{c}"' if c in have
                            else f'NULL AS "{c}"' for c in types)
        sql = (f'SELECT {columns} FROM "{what}" f LEFT JOIN articles a ON a.id = f.article_id '
               f'ORDER BY f.article_id, f.start, f.pk')
    for row in conn.execute(sql):
        d = dict(row)
        for c, t in types.items():
            if t == "bool":
                d[c] = bool(d[c])
            elif t == "list" and isinstance(d[c], str):
                d[c] = json.loads(d[c])
        yield d


def _entity_rows(conn: sqlite3.Connection, columns: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    rows = conn.execute(
        """SELECT e.*, a.source AS outlet, a.published AS published,
                  (SELECT json_group_array(json_array(m.start, m."end")) FROM
                     (SELECT start, "end" FROM mentions
                      WHERE article_id = e.article_id AND entity_id = e.entity_id ORDER BY start) m) AS mentions
           FROM entities e LEFT JOIN articles a ON a.id = e.article_id ORDER BY e.article_id, e.pk"""
    )
    for row in rows:
        d = dict(row)
        d["aliases"] = json.loads(d["aliases"])
        d["mentions"] = json.loads(d["mentions"])
        yield {c: d.get(c) for c in columns}
