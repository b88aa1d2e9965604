"""The kept stories: which story each stored article belongs to, under an id that does not change.

Linking recomputes the stories from all stored articles; :func:`kept_stories` gives the ids and members
kept from the last time, which :func:`newstrace.link.compare.compare` uses so that every story inherits its
id (:mod:`newstrace.link.story_ids`), and :func:`keep_stories` stores the new grouping under those ids. A
story id is never given to another story, even after its story was merged away: ids are numbered after the
highest ever stored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Protocol

from newstrace.store.rows import now


class Story(Protocol):
    """What is kept of a story (:class:`newstrace.link.results.Story` is one): its id, title and members."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str | None: ...

    @property
    def articles(self) -> Sequence[str]: ...


def kept_stories(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """``{story id: article ids}`` as last kept; stories with no article left are listed empty (so their ids
    are not given again)."""
    out: dict[str, list[str]] = {r[0]: [] for r in conn.execute("SELECT id FROM stories ORDER BY rowid")}
    for article, story in conn.execute("SELECT article_id, story_id FROM story_articles ORDER BY rowid"):
        out.setdefault(story, []).append(article)
    return out


def kept_stories_of(conn: sqlite3.Connection, story_ids: Sequence[str]) -> dict[str, list[str]]:
    """``{story id: article ids}`` of the kept stories ``story_ids`` only (unknown ids are left out)."""
    out: dict[str, list[str]] = {}
    for i in range(0, len(story_ids), 400):
        chunk = list(story_ids[i : i + 400])
        marks = ", ".join("?" * len(chunk))
        out.update({r[0]: [] for r in conn.execute(f"SELECT id FROM stories WHERE id IN ({marks})", chunk)})
        for article, story in conn.execute(
                f"SELECT article_id, story_id FROM story_articles WHERE story_id IN ({marks}) ORDER BY rowid", chunk):
            out.setdefault(story, []).append(article)
    return out


def keep_stories(
    conn: sqlite3.Connection, stories: Sequence[Story], before: dict[str, list[str]] | None = None
) -> dict[str, int]:
    """Store ``stories`` as the kept grouping (inside the caller's transaction). Returns counts of stories
    ``new``, ``changed`` (members differ), ``gone`` (no article left) and ``moved`` articles, against
    ``before`` (default: the grouping kept now)."""
    before = kept_stories(conn) if before is None else before
    stamp = now()
    story_of = {a: sid for sid, arts in before.items() for a in arts}
    counts = {"new": 0, "changed": 0, "gone": 0, "moved": 0}
    for s in stories:
        if s.id not in before:
            counts["new"] += 1
            conn.execute(
                "INSERT INTO stories (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (s.id, s.title, stamp, stamp),
            )
        elif set(before[s.id]) != set(s.articles):
            counts["changed"] += 1
            conn.execute("UPDATE stories SET title = ?, updated_at = ? WHERE id = ?", (s.title, stamp, s.id))
        counts["moved"] += sum(1 for a in s.articles if a in story_of and story_of[a] != s.id)
    now_ids = {s.id for s in stories}
    counts["gone"] = sum(1 for sid, arts in before.items() if arts and sid not in now_ids)
    conn.execute("DELETE FROM story_articles")
    conn.executemany(
        "INSERT INTO story_articles (article_id, story_id) VALUES (?, ?) "
        "ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id",
        [(a, s.id) for s in stories for a in s.articles],
    )
    return counts
