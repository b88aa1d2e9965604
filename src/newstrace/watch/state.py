"""The watcher's state, in the corpus database itself (tables ``watch_*`` of migration 2).

- ``watch_feeds``: per feed, the validators for conditional requests and the backoff (consecutive failures,
  when to try again, the last error);
- ``watch_entries``: every feed entry seen, ``pending`` until its article is stored (or has failed for
  good). An entry is recorded as pending in the same transaction that saves its feed's new validators, so a
  stop at any point loses nothing: the next run finds the pending entries even when the feed answers 304;
- ``watch_rounds``: one row per round, with the store's size when it was last compared;
- ``watch_stories`` / ``watch_claims``: the snapshot of the last comparison, which the next round's alerts
  are relative to, indexed by article (``watch_story_articles``) and claims by story (migration 6): a round
  reads and replaces only the part about the stories that changed; ``watch_alerts``: every alert sent;
- ``watch_outbox``: webhook payloads not delivered yet, tried again each round.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from newstrace.records import Failure
from newstrace.store.rows import insert_failure
from newstrace.store.transactions import transaction
from newstrace.watch.alerts import Alert
from newstrace.watch.fetch import Validators
from newstrace.watch.snapshot import ClaimSnap, MemberSnap, Snapshot, StorySnap


@dataclass(slots=True)
class FeedState:
    url: str
    label: str | None
    validators: Validators
    failures: int = 0
    next_attempt: float | None = None
    last_error: str | None = None


@dataclass(slots=True)
class NewEntry:
    """An entry as read from its feed."""

    key: str
    link: str | None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    fallback: str | None = None  #: the entry's own content or summary


@dataclass(slots=True)
class Entry:
    """A pending entry: its article still has to be fetched and stored."""

    pk: int
    feed_url: str
    key: str
    link: str | None
    title: str | None
    published: str | None
    source: str | None
    fallback: str | None
    attempts: int


class WatchState:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # --- feeds ---------------------------------------------------------------------------------------------

    def feed(self, url: str) -> FeedState | None:
        row = self.conn.execute("SELECT * FROM watch_feeds WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        return FeedState(row["url"], row["label"], Validators(row["etag"], row["last_modified"]), row["failures"],
                         row["next_attempt"], row["last_error"])

    def feed_fetched(
        self, url: str, label: str | None, validators: Validators, status: int, now: float, entries: list[NewEntry]
    ) -> int:
        """Save a full answer: its validators and its entries not seen before (as pending). Returns how many
        entries are new."""
        with transaction(self.conn):
            self._upsert_feed(url, label)
            self.conn.execute(
                "UPDATE watch_feeds SET etag = ?, last_modified = ?, failures = 0, next_attempt = NULL, "
                "last_error = NULL, last_status = ?, last_fetched = ? WHERE url = ?",
                (validators.etag, validators.last_modified, status, now, url),
            )
            before = self.conn.total_changes
            self.conn.executemany(
                "INSERT OR IGNORE INTO watch_entries (feed_url, key, link, title, published, source, fallback, "
                "state, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
                [(url, e.key, e.link, e.title, e.published, e.source, e.fallback, now) for e in entries],
            )
            return self.conn.total_changes - before

    def feed_not_modified(self, url: str, label: str | None, now: float) -> None:
        with transaction(self.conn):
            self._upsert_feed(url, label)
            self.conn.execute(
                "UPDATE watch_feeds SET failures = 0, next_attempt = NULL, last_error = NULL, last_status = 304, "
                "last_fetched = ? WHERE url = ?",
                (now, url),
            )

    def feed_failed(
        self, url: str, label: str | None, reason: str, status: int | None, now: float, failures: int,
        next_attempt: float,
    ) -> None:
        """Record a failed fetch (also in the store's ``failures``, where ``newstrace failures`` shows it)."""
        with transaction(self.conn):
            self._upsert_feed(url, label)
            self.conn.execute(
                "UPDATE watch_feeds SET failures = ?, next_attempt = ?, last_error = ?, last_status = ?, "
                "last_fetched = ? WHERE url = ?",
                (failures, next_attempt, reason, status, now, url),
            )
            insert_failure(self.conn, Failure(location=url, reason=f"cannot fetch the feed: {reason}"))

    def _upsert_feed(self, url: str, label: str | None) -> None:
        self.conn.execute(
            "INSERT INTO watch_feeds (url, label) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET label = excluded.label",
            (url, label),
        )

    # --- entries -------------------------------------------------------------------------------------------

    def pending(self, feeds: list[str] | None = None) -> list[Entry]:
        """Pending entries in the order they were seen (of ``feeds`` only, when given)."""
        rows = self.conn.execute(
            "SELECT pk, feed_url, key, link, title, published, source, fallback, attempts FROM watch_entries "
            "WHERE state = 'pending' ORDER BY pk"
        ).fetchall()
        wanted = set(feeds) if feeds is not None else None
        return [Entry(*row) for row in rows if wanted is None or row["feed_url"] in wanted]

    def entry_done(self, pk: int, now: float) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE watch_entries SET state = 'done', reason = NULL, finished = ? WHERE pk = ?", (now, pk)
            )

    def entry_failed(self, pk: int, reason: str, now: float, give_up: bool) -> None:
        """One more failed attempt; ``give_up`` marks the entry failed for good, else it stays pending."""
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE watch_entries SET attempts = attempts + 1, reason = ?, state = ?, finished = ? WHERE pk = ?",
                (reason, "failed" if give_up else "pending", now if give_up else None, pk),
            )

    def page_failed(self, failure: Failure) -> None:
        """Record that an entry's article page failed although the entry was stored from its own text (in the
        store's ``failures``, where ``newstrace failures`` shows it)."""
        with transaction(self.conn):
            insert_failure(self.conn, failure)

    def entry_counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT state, COUNT(*) FROM watch_entries GROUP BY state")}

    # --- rounds and the snapshot -----------------------------------------------------------------------------

    def start_round(self, now: float) -> int:
        with transaction(self.conn):
            cur = self.conn.execute("INSERT INTO watch_rounds (started) VALUES (?)", (now,))
        return int(cur.lastrowid or 0)

    def compared_mark(self) -> tuple[int, int] | None:
        """The store's (article count, last pk) when it was last compared; None before the first time."""
        row = self.conn.execute(
            "SELECT articles, last_pk FROM watch_rounds WHERE articles IS NOT NULL ORDER BY n DESC LIMIT 1"
        ).fetchone()
        return None if row is None else (row["articles"], row["last_pk"])

    def store_mark(self) -> tuple[int, int]:
        row = self.conn.execute("SELECT COUNT(*), COALESCE(MAX(pk), 0) FROM articles").fetchone()
        return (int(row[0]), int(row[1]))

    def snapshot(self, articles: Iterable[str] | None = None) -> Snapshot:
        """The last snapshot; with ``articles``, only its stories that hold one of them, and their claims (what
        a round that changed those stories compares with; read through the snapshot's indexes)."""
        snap = Snapshot()
        if articles is None:
            stories = self.conn.execute("SELECT key, title, articles FROM watch_stories").fetchall()
            claims = self.conn.execute("SELECT key, kind, subject, status, story, members FROM watch_claims").fetchall()
        else:
            keys = sorted({k for chunk in _chunks(list(articles)) for (k,) in self.conn.execute(
                f"SELECT key FROM watch_story_articles WHERE article_id IN ({', '.join('?' * len(chunk))})", chunk)})
            stories, claims = [], []
            for chunk in _chunks(keys):
                marks = ", ".join("?" * len(chunk))
                stories += self.conn.execute(
                    f"SELECT key, title, articles FROM watch_stories WHERE key IN ({marks})", chunk).fetchall()
                claims += self.conn.execute(
                    f"SELECT key, kind, subject, status, story, members FROM watch_claims WHERE story IN ({marks})",
                    chunk).fetchall()
        for row in stories:
            snap.stories[row["key"]] = StorySnap(row["key"], row["title"], json.loads(row["articles"]))
        for row in claims:
            members = [MemberSnap(**m) for m in json.loads(row["members"])]
            snap.claims[row["key"]] = ClaimSnap(row["key"], row["kind"], row["subject"], row["status"], row["story"],
                                                members)
        return snap

    def finish_round(
        self,
        n: int,
        now: float,
        report: dict[str, Any],
        mark: tuple[int, int] | None = None,
        snapshot: Snapshot | None = None,
        alerts: list[Alert] | None = None,
        replaces: Snapshot | None = None,
    ) -> None:
        """End round ``n``; with a new ``snapshot`` (taken at ``mark``) of the stories that changed, replace
        their part of the last one (``replaces``: that part, as :meth:`snapshot` gave it; None: the whole) and
        keep the ``alerts`` — in one transaction, so the alert state always matches the snapshot."""
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE watch_rounds SET finished = ?, report = ?, articles = ?, last_pk = ? WHERE n = ?",
                (now, json.dumps(report), mark[0] if mark else None, mark[1] if mark else None, n),
            )
            if snapshot is not None:
                if replaces is None:
                    for table in ("watch_stories", "watch_claims", "watch_story_articles"):
                        self.conn.execute(f"DELETE FROM {table}")
                else:
                    gone = [(k,) for k in replaces.stories]
                    self.conn.executemany("DELETE FROM watch_stories WHERE key = ?", gone)
                    self.conn.executemany("DELETE FROM watch_story_articles WHERE key = ?", gone)
                    self.conn.executemany("DELETE FROM watch_claims WHERE key = ?", [(k,) for k in replaces.claims])
                self.conn.executemany(
                    "INSERT OR REPLACE INTO watch_story_articles (article_id, key) VALUES (?, ?)",
                    [(a, s.key) for s in snapshot.stories.values() for a in s.articles],
                )
                self.conn.executemany(
                    "INSERT OR REPLACE INTO watch_stories (key, title, articles) VALUES (?, ?, ?)",
                    [(s.key, s.title, json.dumps(s.articles)) for s in snapshot.stories.values()],
                )
                self.conn.executemany(
                    "INSERT OR REPLACE INTO watch_claims (key, kind, subject, status, story, members) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [(c.key, c.kind, c.subject, c.status, c.story, json.dumps([m.to_dict() for m in c.members]))
                     for c in snapshot.claims.values()],
                )
            self.conn.executemany(
                "INSERT INTO watch_alerts (round, kind, payload) VALUES (?, ?, ?)",
                [(n, a.kind, json.dumps(a.to_dict())) for a in alerts or []],
            )

    # --- the webhook outbox ----------------------------------------------------------------------------------

    def outbox_add(self, url: str, payload: dict[str, Any]) -> None:
        with transaction(self.conn):
            self.conn.execute("INSERT INTO watch_outbox (url, payload) VALUES (?, ?)", (url, json.dumps(payload)))

    def outbox(self, url: str) -> list[tuple[int, dict[str, Any], int]]:
        """``(pk, payload, attempts)`` of the payloads for ``url`` not delivered yet, oldest first."""
        rows = self.conn.execute("SELECT pk, payload, attempts FROM watch_outbox WHERE url = ? ORDER BY pk", (url,))
        return [(r["pk"], json.loads(r["payload"]), r["attempts"]) for r in rows]

    def outbox_delivered(self, pk: int) -> None:
        with transaction(self.conn):
            self.conn.execute("DELETE FROM watch_outbox WHERE pk = ?", (pk,))

    def outbox_failed(self, pk: int, error: str, drop: bool) -> None:
        with transaction(self.conn):
            if drop:
                self.conn.execute("DELETE FROM watch_outbox WHERE pk = ?", (pk,))
            else:
                self.conn.execute(
                    "UPDATE watch_outbox SET attempts = attempts + 1, last_error = ? WHERE pk = ?", (error, pk)
                )


def _chunks(items: list[str], size: int = 400) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
