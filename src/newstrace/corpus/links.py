"""Linking kept in the corpus, story by story: a batch of articles recomputes only the stories it touches.

Tables (schema version 5): ``story_links`` holds each story's :class:`~newstrace.link.story_link.StoryLink`
(its entities, citations, figure and statement groups, timeline); ``stale_stories`` the stories whose
members changed since (an article joined at ingest, one was reanalyzed). :func:`link_stale` links each stale
story from its own articles and joins its entities into the corpus entities:

- ``story_entities`` gives each story entity its corpus entity; ``entity_keys`` its join keys
  (:func:`newstrace.link.entities.join_keys`); ``key_entity`` the corpus entity that holds each key (all
  holders of a key are one entity); ``person_keys``, ``person_blocks`` and ``key_links`` the full names seen
  and the pairs of them that are one name spelled two ways (:func:`newstrace.link.entity_join.spelling_variants`).
- A new story entity joins the corpus entities its keys lead to (through ``key_entity``, spelling links,
  and the one-way keys), which merge when there are several (the smaller is renamed into the larger). When a
  story is linked again and one of its old entities had a key that none of its new entities has, the corpus
  entity it was part of may have been held together by it: that entity's remaining members are grouped
  again, from their keys alone.

So corpus entities are always the connected components that :func:`newstrace.link.entity_join.join_entities`
computes over all stories at once, whatever order stories were linked in; the work per story reads the rows
of its own keys and entities, not the corpus. ``relink`` recomputes everything the same way.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

from newstrace.link.common import DisjointSet, fold, words
from newstrace.link.entity_join import merged, person_blocks, person_key, spelling_variants
from newstrace.link.results import CrossEntity
from newstrace.link.story_link import LINK_VERSION, StoryLink, link_story
from newstrace.records import Analysis
from newstrace.store.rows import now
from newstrace.store.transactions import transaction

_CHUNK = 400
_log = logging.getLogger(__name__)
_ONE_WAY = {"as-person": "person", "acr": "exp", "exp": "acr"}  # key kind -> the kind it joins
LoadArticles = Callable[[Sequence[str]], list[Analysis]]
#: A story to link: its id, its article ids in ingest order, ``{copy: original}`` among them, and the outlets
#: of originals outside the story.
Job = tuple[str, list[str], dict[str, str], dict[str, str | None]]
#: Links stories (jobs) and returns their links in order: :func:`local_linker`, or on a cluster.
Linker = Callable[[list[Job]], Iterable[StoryLink]]


def mark_stale(conn: sqlite3.Connection, story_ids: Iterable[str]) -> None:
    """Mark stories to be linked again; a mark already there is renewed (a new rowid), so a link that read the
    story before this change does not clear it (see :func:`link_stale`)."""
    conn.executemany("INSERT OR REPLACE INTO stale_stories (story_id) VALUES (?)", [(s,) for s in story_ids])


def stale(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT story_id FROM stale_stories ORDER BY rowid")]


def local_linker(load: LoadArticles) -> Linker:
    """Link stories in this process, reading their articles with ``load``."""

    def linker(jobs: list[Job]) -> Iterator[StoryLink]:
        for sid, ids, duplicates, sources in jobs:
            try:
                yield link_story(sid, load(ids), duplicates, sources)
            except Exception:  # noqa: BLE001 - one story that cannot be linked must not stop the others
                _log.exception("story %s could not be linked; it stays marked to be linked again", sid)

    return linker


def link_stale(
    conn: sqlite3.Connection, linker: Linker, batch: int = 64, on_progress: Callable[[int, int], None] | None = None
) -> int:
    """Link every story stale when the call starts with ``linker`` and store its links and entities, in one
    transaction per ``batch`` stories (``on_progress(done, total)`` after each). A story marked stale again
    meanwhile (an article joined it while it was being linked) stays stale: its mark is removed only if it is
    the one that was read; so does a story the linker could not link (logged). Returns the number of stories
    looked at."""
    marks = conn.execute("SELECT rowid, story_id FROM stale_stories ORDER BY rowid").fetchall()
    done = 0
    for i in range(0, len(marks), batch):
        part = marks[i : i + batch]
        jobs = [_job(conn, sid) for _, sid in part]
        links = list(linker([j for j in jobs if j[1]]))
        done_ids = {link.story for link in links} | {sid for sid, members, _, _ in jobs if not members}
        with transaction(conn):
            for sid, members, _, _ in jobs:
                if not members:
                    drop_story(conn, sid)
            for link in links:
                store_link(conn, link)
            conn.executemany("DELETE FROM stale_stories WHERE rowid = ? AND story_id = ?",
                             [(rowid, sid) for rowid, sid in part if sid in done_ids])
        done += len(part)
        if on_progress is not None:
            on_progress(done, len(marks))
    return done


def _job(conn: sqlite3.Connection, sid: str) -> Job:
    rows = conn.execute(
        "SELECT a.id, a.duplicate_of FROM story_articles s JOIN articles a ON a.id = s.article_id "
        "WHERE s.story_id = ? ORDER BY a.pk", (sid,)).fetchall()
    ids = [r[0] for r in rows]
    duplicates = {r[0]: r[1] for r in rows if r[1]}
    members = set(ids)
    outside = sorted({o for o in duplicates.values() if o not in members})
    sources: dict[str, str | None] = {}
    for s in range(0, len(outside), _CHUNK):
        chunk = outside[s : s + _CHUNK]
        sources.update(conn.execute(
            f"SELECT id, source FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk).fetchall())
    return sid, ids, duplicates, sources


def clear(conn: sqlite3.Connection) -> None:
    """Forget every story's links and the corpus entities (inside the caller's transaction)."""
    for table in ("story_links", "story_entities", "entity_keys", "key_entity", "stale_stories", "person_keys",
                  "person_blocks", "key_links"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("INSERT INTO stale_stories (story_id) SELECT id FROM stories")


def drop_story(conn: sqlite3.Connection, sid: str) -> None:
    """Remove a story's links and its part of the corpus entities (inside the caller's transaction)."""
    old, _ = _remove_entities(conn, sid)
    conn.execute("DELETE FROM story_links WHERE story_id = ?", (sid,))
    _regroup(conn, old)


def store_link(conn: sqlite3.Connection, link: StoryLink) -> None:
    """Keep ``link`` as its story's links, and join its entities into the corpus entities (inside the caller's
    transaction)."""
    old, previous = _remove_entities(conn, link.story, keep=link)
    conn.execute(
        "INSERT INTO story_links (story_id, version, data, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (story_id) DO UPDATE SET version = excluded.version, data = excluded.data, "
        "updated_at = excluded.updated_at",
        (link.story, LINK_VERSION, json.dumps(link.to_dict(), ensure_ascii=False), now()),
    )
    for e in link.entities:
        keys = link.keys.get(e.id, [])
        _add_person_keys(conn, e, keys)
        found = _entities_of_keys(conn, keys, exclude=(link.story, e.id))
        target = _merge(conn, found) if found else _reused(conn, previous, [*keys, f"name|{e.name}"])
        old = {target if o in found else o for o in old}  # a suspect merged into the target is regrouped there
        conn.execute(
            "INSERT INTO story_entities (story_id, local_id, entity_id, name, type, iso, aliases, mentions, articles) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (link.story, e.id, target, e.name, e.type, e.iso, json.dumps(e.aliases, ensure_ascii=False),
             link.counts.get(e.id, 0), len(e.articles)),
        )
        conn.executemany("INSERT INTO entity_keys (key, story_id, local_id) VALUES (?, ?, ?)",
                         [(k, link.story, e.id) for k in keys])
        _hold(conn, keys, target)
    _regroup(conn, old)


def _remove_entities(
    conn: sqlite3.Connection, sid: str, keep: StoryLink | None = None
) -> tuple[set[str], dict[str, str]]:
    """Delete a story's entity rows; return the corpus entities that may have lost their glue (an old story
    entity with a key that no entity of ``keep``, the story's new links, has), and the corpus entity id each
    old key and name had (so an entity linked again keeps its id)."""
    old_keys: dict[str, set[str]] = defaultdict(set)
    for key, local in conn.execute("SELECT key, local_id FROM entity_keys WHERE story_id = ?", (sid,)):
        old_keys[local].add(key)
    old_entity: dict[str, str] = {}
    previous: dict[str, str] = {}
    for local, eid, name in conn.execute(
            "SELECT local_id, entity_id, name FROM story_entities WHERE story_id = ?", (sid,)):
        old_entity[local] = eid
        previous.setdefault(f"name|{name}", eid)
    new_keys = [set(keep.keys.get(e.id, [])) for e in keep.entities] if keep is not None else []
    suspects = {
        old_entity[local] for local, keys in old_keys.items()
        if local in old_entity and not any(keys <= nk for nk in new_keys)
    }
    conn.execute("DELETE FROM story_entities WHERE story_id = ?", (sid,))
    conn.execute("DELETE FROM entity_keys WHERE story_id = ?", (sid,))
    for local, keys in old_keys.items():
        for key in keys:
            if local in old_entity:
                previous.setdefault(key, old_entity[local])
    for key in {k for ks in old_keys.values() for k in ks}:
        if conn.execute("SELECT 1 FROM entity_keys WHERE key = ? LIMIT 1", (key,)).fetchone() is None:
            conn.execute("DELETE FROM key_entity WHERE key = ?", (key,))
    return suspects, previous


def _hold(conn: sqlite3.Connection, keys: Iterable[str], entity: str) -> None:
    conn.executemany(
        "INSERT INTO key_entity (key, entity_id) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET entity_id = "
        "excluded.entity_id", [(k, entity) for k in keys if k.partition("|")[0] not in _ONE_WAY])


def _add_person_keys(conn: sqlite3.Connection, e: CrossEntity, keys: Sequence[str]) -> None:
    """Record the full names of the entity that give one of its keys; a key is compared for spelling variants
    by the least of its names (as :func:`newstrace.link.entity_join.join_entities` does), and when that
    changes its spelling links are made again against the names of its blocks."""
    held = set(keys)
    for name in (e.name, *e.aliases):
        key = person_key(name)
        if key is None or key not in held:
            continue
        row = conn.execute("SELECT name FROM person_keys WHERE key = ?", (key,)).fetchone()
        if row is not None and row[0] <= name:
            continue
        conn.execute("INSERT OR REPLACE INTO person_keys (key, name) VALUES (?, ?)", (key, name))
        conn.execute("DELETE FROM key_links WHERE a = ? OR b = ?", (key, key))
        for block in person_blocks(name):
            conn.execute("INSERT OR IGNORE INTO person_blocks (block, key) VALUES (?, ?)", (block, key))
            for other, other_name in conn.execute(
                "SELECT p.key, p.name FROM person_blocks b JOIN person_keys p ON p.key = b.key WHERE b.block = ?",
                (block,),
            ).fetchall():
                if other != key and spelling_variants(key, other, name, other_name):
                    conn.executemany("INSERT OR IGNORE INTO key_links (a, b) VALUES (?, ?)",
                                     [(key, other), (other, key)])


def _neighbour_keys(conn: sqlite3.Connection, keys: Iterable[str]) -> tuple[set[str], set[str]]:
    """(keys held by corpus entities that ``keys`` join, one-way keys whose holders ``keys`` join)."""
    plain: set[str] = set()
    one_way: set[str] = set()
    for key in keys:
        kind, _, rest = key.partition("|")
        if kind in _ONE_WAY:
            target = f"{_ONE_WAY[kind]}|{rest}"
            (plain if _ONE_WAY[kind] == "person" else one_way).add(target)
            continue
        plain.add(key)
        if kind == "person":
            plain.update(r[0] for r in conn.execute("SELECT b FROM key_links WHERE a = ?", (key,)))
            one_way.add(f"as-person|{rest}")
    return plain, one_way


def _entities_of_keys(conn: sqlite3.Connection, keys: Sequence[str], exclude: tuple[str, str]) -> list[str]:
    plain, one_way = _neighbour_keys(conn, keys)
    found: dict[str, None] = {}
    for key in sorted(plain):
        row = conn.execute("SELECT entity_id FROM key_entity WHERE key = ?", (key,)).fetchone()
        if row is not None:
            found[row[0]] = None
    for key in sorted(one_way):
        for (eid,) in conn.execute(
            "SELECT DISTINCT s.entity_id FROM entity_keys k JOIN story_entities s "
            "ON s.story_id = k.story_id AND s.local_id = k.local_id WHERE k.key = ? "
            "AND NOT (k.story_id = ? AND k.local_id = ?)", (key, *exclude)):
            found[eid] = None
    return list(found)


#: Entity sizes are counted up to this many story entities: enough to rename the smaller of two entities, never a
#: count over all of a country's stories.
SIZE_CAP = 1000


def _size(conn: sqlite3.Connection, entity: str) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM (SELECT 1 FROM story_entities WHERE entity_id = ? LIMIT ?)",
                            (entity, SIZE_CAP)).fetchone()[0])


def _merge(conn: sqlite3.Connection, entities: Sequence[str]) -> str:
    """One corpus entity of ``entities``: the largest (sizes counted up to :data:`SIZE_CAP`; then the oldest)
    keeps its id, the others are renamed into it."""
    if len(entities) == 1:
        return entities[0]
    sized = sorted(entities, key=lambda e: (-_size(conn, e), _number(e)))
    target = sized[0]
    for other in sized[1:]:
        conn.execute("UPDATE story_entities SET entity_id = ? WHERE entity_id = ?", (target, other))
        conn.execute("UPDATE key_entity SET entity_id = ? WHERE entity_id = ?", (target, other))
    return target


def _regroup(conn: sqlite3.Connection, suspects: set[str]) -> None:
    """Group again the members of corpus entities that may have come apart, from their keys alone."""
    for entity in sorted(suspects, key=_number):
        members = conn.execute(
            "SELECT story_id, local_id FROM story_entities WHERE entity_id = ?", (entity,)).fetchall()
        if not members:
            continue
        uf: DisjointSet[str] = DisjointSet()
        keys_of: dict[str, list[str]] = {}
        for sid, local in members:
            ref = f"@{sid}|{local}"
            uf.add(ref)
            keys_of[ref] = [r[0] for r in conn.execute(
                "SELECT key FROM entity_keys WHERE story_id = ? AND local_id = ?", (sid, local))]
        # linear in the members: each joins its key nodes; spelling links join key nodes; a one-way pair of
        # kinds joins all holders of both sides when both are present (as join_entities does)
        one_way: dict[tuple[str, str], list[str]] = defaultdict(list)
        held = {k for keys in keys_of.values() for k in keys}
        for ref, keys in keys_of.items():
            for key in keys:
                kind, _, rest = key.partition("|")
                if kind == "as-person":
                    if f"person|{rest}" in held:
                        uf.add(f"k:person|{rest}")
                        uf.union(ref, f"k:person|{rest}")
                elif kind in ("acr", "exp"):
                    one_way[(kind, rest)].append(ref)
                else:
                    uf.add(f"k:{key}")
                    uf.union(ref, f"k:{key}")
                    if kind == "person":
                        for (other,) in conn.execute("SELECT b FROM key_links WHERE a = ?", (key,)):
                            if other in held:
                                uf.add(f"k:{other}")
                                uf.union(f"k:{key}", f"k:{other}")
        for (kind, rest), refs in one_way.items():
            if kind == "acr" and one_way.get(("exp", rest)):
                for ref in (*refs, *one_way[("exp", rest)]):
                    uf.union(refs[0], ref)
        groups: dict[str, list[str]] = defaultdict(list)
        for ref in keys_of:
            groups[uf.find(ref)].append(ref)
        if len(groups) == 1:
            continue
        parts = sorted(groups.values(), key=len, reverse=True)
        for part in parts[1:]:
            new = _new_entity(conn)
            for ref in part:
                sid, _, local = ref[1:].partition("|")
                conn.execute("UPDATE story_entities SET entity_id = ? WHERE story_id = ? AND local_id = ?",
                             (new, sid, local))
                _hold(conn, keys_of[ref], new)


def _number(entity: str) -> int:
    return int(entity[1:]) if entity[1:].isdigit() else 1 << 62


def _reused(conn: sqlite3.Connection, previous: dict[str, str], keys: Sequence[str]) -> str:
    """The id this entity had before its story was linked again (by a key, else its name), when no other
    entity holds it now; else a new id."""
    for key in keys:
        eid = previous.get(key)
        if eid is not None:
            previous.pop(key)
            if conn.execute("SELECT 1 FROM story_entities WHERE entity_id = ? LIMIT 1", (eid,)).fetchone() is None:
                return eid
    return _new_entity(conn)


def _new_entity(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM link_state WHERE name = 'next_entity'").fetchone()
    number = int(row[0]) if row else 1
    conn.execute("INSERT INTO link_state (name, value) VALUES ('next_entity', ?) "
                 "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (number + 1,))
    return f"E{number}"


# --- reading -----------------------------------------------------------------------------------------------


def load_links(conn: sqlite3.Connection, story_ids: Sequence[str] | None = None) -> list[StoryLink]:
    """The kept links of ``story_ids`` (all: in story order), skipping stories not linked yet."""
    if story_ids is None:
        rows = conn.execute("SELECT l.data FROM stories s JOIN story_links l ON l.story_id = s.id ORDER BY s.rowid")
        return [StoryLink.from_dict(json.loads(r[0])) for r in rows]
    out: list[StoryLink] = []
    for sid in story_ids:
        row = conn.execute("SELECT data FROM story_links WHERE story_id = ?", (sid,)).fetchone()
        if row is not None:
            out.append(StoryLink.from_dict(json.loads(row[0])))
    return out


def entity_ids(conn: sqlite3.Connection, story_ids: Sequence[str]) -> dict[tuple[str, str], str]:
    """``{(story, story entity id): corpus entity id}`` for the entities of ``story_ids``."""
    out: dict[tuple[str, str], str] = {}
    for sid in story_ids:
        for local, eid in conn.execute("SELECT local_id, entity_id FROM story_entities WHERE story_id = ?", (sid,)):
            out[(sid, local)] = eid
    return out


def corpus_entities(links: Sequence[StoryLink], ids: dict[tuple[str, str], str]) -> list[CrossEntity]:
    """The corpus entities of ``links`` (their mentions in these stories), in order of first appearance."""
    groups: dict[str, list[CrossEntity]] = {}
    for link in links:
        for e in link.entities:
            groups.setdefault(ids.get((link.story, e.id), f"{link.story}:{e.id}"), []).append(e)
    return [merged(eid, members) for eid, members in groups.items()]


def corpus_entity_rows(conn: sqlite3.Connection) -> Iterator[tuple[int, int, str, str, str | None, list[str]]]:
    """``(articles, mentions, name, type, iso, aliases)`` of every corpus entity, from ``story_entities``: the
    name most mentioned (a full name for a person), the type voted over the mentions."""
    rows = conn.execute(
        "SELECT entity_id, name, type, iso, mentions, articles, aliases FROM story_entities ORDER BY entity_id")
    current: str | None = None
    members: list[tuple[str, str, str | None, int, int, list[str]]] = []
    for eid, name, type_, iso, mentions, articles, aliases in rows:
        if eid != current and members:
            yield _row(members)
            members = []
        current = eid
        members.append((name, type_, iso, mentions, articles, json.loads(aliases)))
    if members:
        yield _row(members)


def _row(
    members: list[tuple[str, str, str | None, int, int, list[str]]],
) -> tuple[int, int, str, str, str | None, list[str]]:
    names: Counter[str] = Counter()
    types: Counter[str] = Counter()
    for name, type_, _, mentions, _, _ in members:
        names[name] += max(1, mentions)
        types[type_] += max(1, mentions)
    type_ = types.most_common(1)[0][0]
    full = [n for n in names if len(words(n)) > 1] if type_ == "PERSON" else []
    name = max(full or names, key=lambda n: (names[n], len(n)))
    forms: dict[str, str] = {}
    for m in members:
        for form in (m[0], *m[5]):
            forms.setdefault(fold(form), form)
    aliases = [n for f, n in forms.items() if f != fold(name)]
    iso = next((m[2] for m in members if m[2]), None)
    return (sum(m[4] for m in members), sum(m[3] for m in members), name, type_, iso, aliases)
