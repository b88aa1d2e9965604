"""Corpus entities: each story's entities (:func:`newstrace.link.entities.resolve_entities` over the story)
joined across stories.

Within a story, names are joined with all the context the story gives (bare names, acronyms, roles, the
story's country for generic names). Across stories only what a name says by itself counts, so the join is a
plain relation between story entities, the same whatever order stories arrive in:

- **keys**: each story entity's join keys, kept with the story's links
  (:func:`newstrace.link.entities.join_keys`): a full person's name, a place's ISO code (a city's also its
  name), an organisation's core name and country, a generic organisation's words with its country (named,
  or the one its articles are about), a nationality, a person's name typed as an organisation, and acronym
  keys that meet an expansion's initials in the same country. Bare family names and story-bound acronyms
  give none of their own: they join across stories through the entity their story joined them to.
- **spellings**: two full person names with one given name and a family name spelled differently
  ("Zelensky" / "Zelenskyy") are one key when :func:`~newstrace.link.names.name_similarity` reaches
  :data:`~newstrace.link.entities.CROSS_STORY_SIMILARITY` (compared within blocks, never all pairs; each key
  by the least of the names that give it, so the result does not depend on the order of stories).

Corpus entities are the connected components of story entities and keys. Because components do not depend
on order, a corpus that joins each story's entities as the story changes (``newstrace.corpus.entity_index``)
ends with the components this module computes over all stories at once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from newstrace.link.common import DisjointSet, words
from newstrace.link.entities import BLOCK_PREFIX, CROSS_STORY_SIMILARITY, _aliases, _unique
from newstrace.link.names import name_similarity, parse_name, skeleton
from newstrace.link.results import CrossEntity, Mention
from newstrace.link.story_link import StoryLink

StoryRef = tuple[str, str]  #: (story id, the entity's id in that story)
#: Keys that join only with another kind of key, never among themselves (see ``entities.join_keys``).
_ONE_WAY = ("as-person", "acr", "exp")


def person_key(name: str) -> str | None:
    """The join key of a full person's name (as :func:`newstrace.link.entities.join_keys` writes it)."""
    p = parse_name(name)
    return None if p is None or p.bare else f"person|{p.compact}|{p.suffix or ''}"


def spelling_variants(a: str, b: str, name_a: str, name_b: str) -> bool:
    """Whether two person keys (with a name that gives each) are one person spelled two ways."""
    pa, pb = parse_name(name_a), parse_name(name_b)
    if pa is None or pb is None or pa.bare or pb.bare or pa.given != pb.given:
        return False
    return a != b and name_similarity(pa, pb) >= CROSS_STORY_SIMILARITY


def join_entities(links: Sequence[StoryLink]) -> tuple[list[CrossEntity], dict[StoryRef, str]]:
    """Corpus entities over ``links`` (in order of first appearance: story order, then the story's order),
    with ids ``E1``, ``E2``, ..., and ``{(story, story entity id): corpus entity id}``."""
    uf: DisjointSet[str] = DisjointSet()
    refs: list[tuple[StoryRef, CrossEntity]] = []
    person_names: dict[str, str] = {}
    one_way: dict[str, dict[str, list[str]]] = {k: {} for k in _ONE_WAY}
    for link in links:
        for e in link.entities:
            ref = f"@{link.story}|{e.id}"
            uf.add(ref)
            refs.append(((link.story, e.id), e))
            for key in link.keys.get(e.id, ()):
                kind, _, rest = key.partition("|")
                if kind in _ONE_WAY:
                    one_way[kind].setdefault(rest, []).append(ref)
                else:
                    uf.add(key)
                    uf.union(ref, key)
            held = set(link.keys.get(e.id, ()))
            for name in (e.name, *e.aliases):
                pk = person_key(name)
                if pk is not None and pk in held and (pk not in person_names or name < person_names[pk]):
                    person_names[pk] = name  # the least of its names: the same whatever the order of stories
    for a, b in variant_pairs(person_names):
        uf.union(a, b)
    for rest, refs_ in one_way["as-person"].items():  # a name typed ORG joins the person of that name
        if f"person|{rest}" in uf.parent:
            for node in refs_:
                uf.union(node, f"person|{rest}")
    for rest, refs_ in one_way["acr"].items():  # an acronym joins the names it abbreviates, not they each other
        for other in one_way["exp"].get(rest, ()):
            for node in refs_:
                uf.union(node, other)
    groups: dict[str, list[tuple[StoryRef, CrossEntity]]] = defaultdict(list)
    for sref, e in refs:
        groups[uf.find(f"@{sref[0]}|{sref[1]}")].append((sref, e))
    out: list[CrossEntity] = []
    ids: dict[StoryRef, str] = {}
    for i, members in enumerate(groups.values(), 1):
        cid = f"E{i}"
        out.append(merged(cid, [e for _, e in members]))
        for sref, _ in members:
            ids[sref] = cid
    return out, ids


def variant_pairs(person_names: dict[str, str]) -> list[tuple[str, str]]:
    """Pairs of person keys (``{key: a name giving it}``) that are spelling variants, compared in blocks."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for key, name in person_names.items():
        for block in person_blocks(name):
            blocks[block].append(key)
    pairs: set[tuple[str, str]] = set()
    for keys in blocks.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                pair = (a, b) if a < b else (b, a)
                if pair not in pairs and spelling_variants(a, b, person_names[a], person_names[b]):
                    pairs.add(pair)
    return sorted(pairs)


def person_blocks(name: str) -> list[str]:
    """The blocks a full person name is compared in for spelling variants (none for a bare name)."""
    p = parse_name(name)
    if p is None or p.given is None:
        return []
    core = p.family.split()[-1]
    out = [f"{core[:BLOCK_PREFIX]}|{p.given[:1]}", f"skel|{skeleton(p.compact)}"]
    if len(p.given) > 1:
        out.append(f"{p.given[:BLOCK_PREFIX]}|{core[:1]}")
    return out


def merged(cid: str, members: Iterable[CrossEntity]) -> CrossEntity:
    """One corpus entity from its story entities: the name most mentioned (a full name for a person), the
    type voted over the mentions, every alias, code, role and mention."""
    members = list(members)
    names: Counter[str] = Counter()
    types: Counter[str] = Counter()
    for e in members:
        weight = max(1, len(e.mentions))
        names[e.name] += weight
        types[e.type] += weight
    type_ = types.most_common(1)[0][0]
    full = [n for n in names if len(words(n)) > 1] if type_ == "PERSON" else []
    name = max(full or names, key=lambda n: (names[n], len(n)))
    forms = [f for e in members for f in (e.name, *e.aliases)]
    mentions: list[Mention] = [m for e in members for m in e.mentions]
    return CrossEntity(
        id=cid,
        name=name,
        type=type_,
        aliases=_aliases(name, forms),
        iso=next((e.iso for e in members if e.iso), None),
        roles=_unique(r for e in members for r in e.roles),
        mentions=mentions,
    )
