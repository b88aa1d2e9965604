"""Cross-article entities: one person, organisation or place under all the names the articles use.

1. Exact keys first (linear): people by their folded full name, places by ISO code (countries and
   subdivisions; a city carries its country's code, so cities also need the same name), everything else by
   type and folded name. A bare family name ("Zelenskyy") is keyed within its story only.
2. Spelling variants of people's names (rapidfuzz, see :mod:`newstrace.link.names`), compared only within
   blocks that share the first four letters of the family name and the given name's initial, so the cost
   is not quadratic. Variants with different given names are not joined; variants in different stories only
   with the same given name.
3. Bare names join the one full name of their story that they match; when two people of the story match
   ("Jian": "Lin Jian", "Wu Jian"), the bare name is left alone.
4. Organisations within a story: spelling variants, one name extending the other ("Baltica Tankers",
   "Baltica Tankers of Gdańsk") and acronyms ("EU", "European Union").

Context keeps people apart: two entities that one article keeps apart (in-article resolution already
joined "Lin" to "Lin Jian") are never joined across articles, so "Pieter de Vries" and "Anna de Vries",
named side by side in one article, stay two people everywhere.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from newstrace.extract.entities import TITLE_WORDS
from newstrace.link.common import STOPWORDS, DisjointSet, fold, words
from newstrace.link.names import PARTICLES, PersonName, bare_matches, name_similarity, parse_name
from newstrace.link.results import CrossEntity, Mention
from newstrace.nlp.places import lookup_place
from newstrace.records import Analysis, Entity

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
VALUE_TYPES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
#: Similarity at or above which people's names in different stories are joined (same given name needed).
CROSS_STORY_SIMILARITY = 0.93
#: Names are compared within blocks that share this many first letters of the family (or given) name and
#: the other's initial: "Zelensky" / "Zelenskyy" share "zele", "Kowalczyk" / "Kowalczik" "kowa".
BLOCK_PREFIX = 4
ORG_RATIO = 92.0

Key = tuple[str, ...]
Ref = tuple[str, str]  # (article id, entity id in that article)


@dataclass(slots=True)
class _Node:
    """Entities with the same exact key."""

    key: Key
    kind: str
    refs: list[Ref] = field(default_factory=list)
    names: Counter[str] = field(default_factory=Counter)
    stories: set[str] = field(default_factory=set)
    person: PersonName | None = None


@lru_cache(maxsize=65536)
def _is_country_or_region(name: str, iso: str) -> bool:
    found = lookup_place(name)
    return found is not None and not found[1] and found[0] == iso


def entity_kind(e: Entity) -> tuple[str, str]:
    """``(kind, name)``: the kind used for joining and the name to join on. An ORG that is a title and a
    person's name ("Fire Chief Pieter de Vries", a common tagging error) is taken as that person."""
    if e.type == "ORG":
        ws = words(e.name)
        cut = max((i + 1 for i, w in enumerate(ws[:3]) if w.lower() in TITLE_WORDS), default=0)
        rest = ws[cut:]
        if cut and len(rest) >= 2 and all(w[:1].isupper() or w.lower() in PARTICLES for w in rest):
            return "person", " ".join(rest)
        return "org", e.name
    if e.type == "PERSON":
        return "person", e.name
    if e.type in PLACE_TYPES:
        return "place", e.name
    if e.type == "NORP":
        return "norp", e.name
    return e.type.lower(), e.name


def node_key(kind: str, name: str, e: Entity, story: str) -> Key:
    folded = fold(name)
    if kind == "person":
        parsed = parse_name(name)
        if parsed is None:
            return ("person", folded)
        if parsed.bare:
            return ("person1", story, parsed.family)
        return ("person", " ".join(parsed.tokens))
    if kind == "place" and e.iso:
        if "-" in e.iso or _is_country_or_region(name, e.iso):
            return ("place", e.iso)
        return ("place", e.iso, folded)
    if kind == "norp" and folded.endswith("s") and len(folded) > 4:
        folded = folded[:-1]  # "Russians" / "Russian"
    return (kind, folded)


class _Clusters:
    """Union-find over nodes that refuses to join clusters holding different entities of one article."""

    def __init__(self, nodes: Iterable[_Node]) -> None:
        self.uf: DisjointSet[Key] = DisjointSet()
        self.by_article: dict[Key, dict[str, set[str]]] = {}
        for n in nodes:
            self.uf.add(n.key)
            per: dict[str, set[str]] = defaultdict(set)
            for art, ent in n.refs:
                per[art].add(ent)
            self.by_article[n.key] = per

    def join(self, a: Key, b: Key) -> bool:
        """Join the clusters of ``a`` and ``b``; False (nothing joined) when an article keeps them apart."""
        ra, rb = self.uf.find(a), self.uf.find(b)
        if ra == rb:
            return True
        pa, pb = self.by_article[ra], self.by_article[rb]
        small, large = (pa, pb) if len(pa) < len(pb) else (pb, pa)
        if any(art in large and large[art] != ents for art, ents in small.items()):
            return False
        for art, ents in small.items():
            large.setdefault(art, set()).update(ents)
        root = self.uf.union(ra, rb)
        self.by_article.pop(rb if root == ra else ra)
        self.by_article[root] = large
        return True


def resolve_entities(
    analyses: Sequence[Analysis], story_of: dict[str, str]
) -> tuple[list[CrossEntity], dict[Ref, str]]:
    """Cross-article entities, in order of first appearance, and ``{(article, entity id): cross id}``."""
    nodes: dict[Key, _Node] = {}
    entity_by_ref: dict[Ref, Entity] = {}
    for a in analyses:
        story = story_of.get(a.id, a.id)
        for e in a.entities:
            if e.type in VALUE_TYPES or not e.name.strip():
                continue
            kind, name = entity_kind(e)
            key = node_key(kind, name, e, story)
            node = nodes.get(key)
            if node is None:
                node = nodes[key] = _Node(key, kind)
                if kind == "person":
                    node.person = parse_name(name)
            node.refs.append((a.id, e.id))
            node.names[name] += max(1, len(e.mentions))
            node.stories.add(story)
            entity_by_ref[(a.id, e.id)] = e
    clusters = _Clusters(nodes.values())
    _join_people(nodes, clusters)
    _join_bare_names(nodes, clusters)
    _join_organisations(nodes, clusters)
    return _build(nodes, clusters, entity_by_ref, analyses)


def _join_people(nodes: dict[Key, _Node], clusters: _Clusters) -> None:
    blocks: dict[str, list[_Node]] = defaultdict(list)
    for n in nodes.values():
        p = n.person
        if p is None or p.bare or n.key[0] != "person" or p.given is None:
            continue
        core = p.family.split()[-1]
        blocks[f"{core[:BLOCK_PREFIX]}|{p.given[:1]}"].append(n)
        if len(p.given) > 1:  # East Asian order: "Wang Guanjun" / "Wang Guangjun" share "wang"
            blocks[f"{p.given[:BLOCK_PREFIX]}|{core[:1]}"].append(n)
    pairs: dict[tuple[Key, Key], float] = {}
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                pair = (a.key, b.key) if a.key < b.key else (b.key, a.key)
                if pair in pairs:
                    continue
                pa, pb = a.person, b.person
                assert pa is not None and pb is not None
                score = name_similarity(pa, pb)
                if score and not a.stories & b.stories and (pa.given != pb.given or score < CROSS_STORY_SIMILARITY):
                    score = 0.0
                pairs[pair] = score
    for (ka, kb), score in sorted(pairs.items(), key=lambda kv: -kv[1]):
        if score > 0:
            clusters.join(ka, kb)


def _join_bare_names(nodes: dict[Key, _Node], clusters: _Clusters) -> None:
    full_by_story: dict[str, list[_Node]] = defaultdict(list)
    for n in nodes.values():
        if n.key[0] == "person" and n.person is not None and not n.person.bare:
            for s in n.stories:
                full_by_story[s].append(n)
    for n in nodes.values():
        if n.key[0] != "person1" or n.person is None:
            continue
        story = n.key[1]
        roots = {
            clusters.uf.find(f.key)
            for f in full_by_story.get(story, [])
            if f.person is not None and bare_matches(n.person, f.person)
        }
        if len(roots) == 1:
            clusters.join(n.key, roots.pop())


def _acronym(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"\w+", name) if w not in STOPWORDS)


def org_match(a: str, b: str) -> bool:
    """Organisation names (folded) that name one organisation within a story."""
    if fuzz.ratio(a, b) >= ORG_RATIO:
        return True
    ta, tb = a.split(), b.split()
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) >= 2 and short == long_[: len(short)]:
        return True  # "baltica tankers" / "baltica tankers of gdansk"
    if len(short) == 1 and len(short[0]) >= 2 and len(long_) >= 2:
        return short[0] == _acronym(" ".join(long_))
    return False


def _join_organisations(nodes: dict[Key, _Node], clusters: _Clusters) -> None:
    by_story: dict[str, list[_Node]] = defaultdict(list)
    people: dict[tuple[str, str], _Node] = {}
    for n in nodes.values():
        if n.kind == "org":
            for s in n.stories:
                by_story[s].append(n)
        elif n.key[0] == "person":
            for s in n.stories:
                people[(s, n.key[1])] = n
    for story, orgs in by_story.items():
        for i, a in enumerate(orgs):
            # the same multi-word name tagged PERSON in one article and ORG in another
            person = people.get((story, " ".join(words(a.key[1]))))
            if person is not None and len(a.key[1].split()) > 1:
                clusters.join(a.key, person.key)
            for b in orgs[i + 1 :]:
                if org_match(a.key[1], b.key[1]):
                    clusters.join(a.key, b.key)


def _build(
    nodes: dict[Key, _Node], clusters: _Clusters, entity_by_ref: dict[Ref, Entity], analyses: Sequence[Analysis]
) -> tuple[list[CrossEntity], dict[Ref, str]]:
    order = {(a.id, e.id): (i, j) for i, a in enumerate(analyses) for j, e in enumerate(a.entities)}
    groups: dict[Key, list[_Node]] = defaultdict(list)
    for n in nodes.values():
        groups[clusters.uf.find(n.key)].append(n)
    members = sorted(groups.values(), key=lambda g: min(order[r] for n in g for r in n.refs))
    out: list[CrossEntity] = []
    ref_to_id: dict[Ref, str] = {}
    for i, group in enumerate(members, 1):
        refs = sorted((r for n in group for r in n.refs), key=order.__getitem__)
        ents = [entity_by_ref[r] for r in refs]
        names: Counter[str] = Counter()
        for n in group:
            names.update(n.names)
        kinds = Counter(n.kind for n in group)
        full = [nm for nm in names if len(words(nm)) > 1] if kinds.get("person") else []
        name = max(full or names, key=lambda nm: (names[nm], len(nm)))
        types = Counter("PERSON" if n.kind == "person" else entity_by_ref[n.refs[0]].type for n in group)
        cid = f"E{i}"
        out.append(
            CrossEntity(
                id=cid,
                name=name,
                type=types.most_common(1)[0][0],
                aliases=_aliases(name, [nm for e in ents for nm in (e.name, *e.aliases)] + list(names)),
                iso=next((e.iso for e in ents if e.iso), None),
                roles=_unique(e.role for e in ents if e.role),
                mentions=[Mention(art, eid, entity_by_ref[(art, eid)].name) for art, eid in refs],
            )
        )
        for r in refs:
            ref_to_id[r] = cid
    return out, ref_to_id


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(fold(item), item)
    return list(seen.values())


def _aliases(name: str, forms: Iterable[str]) -> list[str]:
    return [f for f in _unique(forms) if fold(f) != fold(name)]
