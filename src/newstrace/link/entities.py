"""Cross-article entities: one person, organisation or place under all the names the articles use.

1. Exact keys first (linear): people by their name's letters and generational suffix ("Park Seo-yeon" and
   "Park Seo Yeon" are one key, "Franklin Ostrander" and "Franklin Ostrander Jr." two), places by ISO code
   (countries and subdivisions; a city carries its country's code, so cities also need the same name),
   organisations by their core name (:mod:`newstrace.link.orgs`: "US Federal Reserve" is "federal reserve"
   of the US), generic organisations ("Interior Ministry", "police") by their words *and their country*: the
   one the name gives ("Iraqi police", "Ministry of Interior of Jordan"), else the one its sentence names
   ("Jordan's Ministry of Interior"), else the one the article is about; a name whose country is unclear is
   joined only within its article. Acronyms and clippings ("UAW", "Fed") and bare family names are keyed
   within their story.
2. Spelling and transliteration variants of people's names (see :mod:`newstrace.link.names`), compared only
   within blocks (the first letters of the family name and the given initial, or the name's consonant
   skeleton), so the cost is not quadratic. Variants in different stories need the same given name.
3. Bare names join the one full name of their story that they match ("Bakhtiari", "Mr. de Vries",
   "Ostrander Jr."); when two people of the story match ("Jian": "Lin Jian", "Wu Jian"), it is left alone.
4. Organisations: an acronym or clipping joins the shortest name of its article or story whose initials it
   is ("UAW" / "United Auto Workers", "Fed" / "Federal Reserve", not "Federal Reserve Bank"); within a story
   one core name, a spelling variant, or one name extending the other joins; a name without a country joins
   the one organisation of that core name that has a country ("Federal Reserve" / "US Federal Reserve").
5. Names that a tagger typed differently in different articles ("Maarten De Vries" as ORG, "Sofia Kaneva" as
   GPE, "Karameh" as PERSON): a multi-word name equal to a person's name joins that person, and names with
   one transliteration skeleton join within their story; the type of the joined entity is voted over all
   its mentions.

Context keeps entities apart: two entities that one article keeps apart (in-article resolution already
joined "Lin" to "Lin Jian") are never joined across articles, so "Pieter de Vries" and "Anna de Vries",
named side by side in one article, stay two people everywhere. The one exception is an acronym and its
expansion in one article ("United Auto Workers (UAW)"), which the article itself defines.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from newstrace.extract.entities import TITLE_WORDS
from newstrace.link.common import STOPWORDS, DisjointSet, content_words, fold, words
from newstrace.link.names import (
    MIN_SKELETON_RATIO,
    PARTICLES,
    PersonName,
    bare_matches,
    compact,
    name_similarity,
    parse_name,
    skeleton,
)
from newstrace.link.orgs import (
    OrgName,
    acronym_form,
    clipping_form,
    country_of,
    extra_acronyms,
    parse_org,
)
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
#: Jaro-Winkler of two words of organisation names that are one word's variants ("election", "electoral").
ORG_WORD_JW = 0.88
#: Share of an article's country mentions that makes its country the context of a generic name.
CONTEXT_SHARE = 0.6
#: Shortest consonant skeleton on which names of any type are joined within a story.
MIN_SKELETON = 3
#: Across stories (of one country), names of any type join on a skeleton this long and a closer spelling.
CROSS_STORY_SKELETON = 5
CROSS_STORY_RATIO = 90.0

Key = tuple[str, ...]
Ref = tuple[str, str]  # (article id, entity id in that article)


@dataclass(slots=True)
class _Node:
    """Entities with the same exact key."""

    key: Key
    kind: str
    refs: list[Ref] = field(default_factory=list)
    names: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    stories: set[str] = field(default_factory=set)
    person: PersonName | None = None
    org: OrgName | None = None
    acronyms: set[str] = field(default_factory=set)
    context: set[str] = field(default_factory=set)  # countries of the articles' context
    roles: set[str] = field(default_factory=set)  # content words of the roles given ("governor")

    @property
    def articles(self) -> set[str]:
        return {art for art, _ in self.refs}


@lru_cache(maxsize=65536)
def _is_country_or_region(name: str, iso: str) -> bool:
    found = lookup_place(name)
    return found is not None and not found[1] and found[0] == iso


def _type_class(e: Entity) -> str:
    return "place" if e.type in PLACE_TYPES else e.type


def _coded_place(n: _Node) -> bool:
    """A place keyed by its ISO code (its spelling does not matter)."""
    return n.kind == "place" and len(n.key) >= 2 and n.key[1][:2].isupper()


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


class _Context:
    """Countries an article names, for qualifying generic names: the one its sentence names before the
    mention ("Jordan's Ministry of Interior"), else the article's main country."""

    def __init__(self, a: Analysis) -> None:
        self.text = a.text or ""
        self.spots: list[tuple[int, str]] = []
        counts: Counter[str] = Counter()
        for e in a.entities:
            if e.type in PLACE_TYPES or e.type == "NORP":
                country = (e.iso.split("-")[0] if e.iso else None) or country_of(e.name)
                if country:
                    counts[country] += max(1, len(e.mentions))
                    self.spots.extend((start, country) for start, _ in e.mentions)
        total = sum(counts.values())
        top = counts.most_common(1)
        self.main = top[0][0] if top and top[0][1] >= CONTEXT_SHARE * total else None
        self.all = set(counts)

    def country(self, e: Entity) -> str | None:
        if e.mentions:
            start = e.mentions[0][0]
            s0 = max(self.text.rfind(". ", 0, start), self.text.rfind("\n", 0, start)) + 1
            near = [(pos, c) for pos, c in self.spots if s0 <= pos < start]
            if near:
                return max(near)[1]
        return self.main


def node_key(kind: str, name: str, e: Entity, story: str, article: str = "", context: str | None = None) -> Key:
    folded = fold(name)
    if kind == "person":
        parsed = parse_name(name)
        if parsed is None:
            return ("person", folded)
        if parsed.bare:
            return ("person1", story, parsed.compact, parsed.suffix or "")
        return ("person", parsed.compact, parsed.suffix or "")
    if kind == "place" and e.iso:
        if "-" in e.iso or _is_country_or_region(name, e.iso):
            return ("place", e.iso)
        return ("place", e.iso, folded)
    if kind == "org":
        form = acronym_form(name) or clipping_form(name)
        if form:
            return ("acr", story, form)
        org = parse_org(name)
        if org.generic:
            words_ = " ".join(sorted(t for t in org.core if t not in STOPWORDS))
            if org.qualifier:
                return ("orgg", org.qualifier, words_)
            if context is None:
                return ("orgg", "@" + article, folded)
            if len(org.core) == 1:  # "police", "government": its story's
                return ("orgg", context, words_, story)
            return ("orgg", context, words_)
        return ("org", " ".join(org.core), org.country or "")
    if kind == "norp" and folded.endswith("s") and len(folded) > 4:
        folded = folded[:-1]  # "Russians" / "Russian"
    return (kind, folded)


class _Clusters:
    """Union-find over nodes that refuses to join clusters holding different entities of one type in one
    article (an article that names "Pieter de Vries" and "Anna de Vries" keeps them apart; one that has
    "Himal Sky" as PERSON and "Himal Sky Airways" as ORG only shows the tagger's doubt)."""

    def __init__(self, nodes: Iterable[_Node], types: dict[Ref, str]) -> None:
        self.uf: DisjointSet[Key] = DisjointSet()
        self.by_article: dict[Key, dict[str, set[str]]] = {}
        self.types = types
        for n in nodes:
            self.uf.add(n.key)
            per: dict[str, set[str]] = defaultdict(set)
            for art, ent in n.refs:
                per[art].add(ent)
            self.by_article[n.key] = per

    def find(self, a: Key) -> Key:
        return self.uf.find(a)

    def _apart(self, art: str, a: set[str], b: set[str]) -> bool:
        ta = {self.types[(art, e)] for e in a - b}
        tb = {self.types[(art, e)] for e in b - a}
        return bool(ta & tb)

    def join(self, a: Key, b: Key, defined: bool = False) -> bool:
        """Join the clusters of ``a`` and ``b``; False (nothing joined) when an article keeps them apart,
        unless ``defined`` (an acronym and its expansion in one article)."""
        ra, rb = self.uf.find(a), self.uf.find(b)
        if ra == rb:
            return True
        pa, pb = self.by_article[ra], self.by_article[rb]
        small, large = (pa, pb) if len(pa) < len(pb) else (pb, pa)
        if not defined and any(art in large and self._apart(art, ents, large[art]) for art, ents in small.items()):
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
    nodes, clusters, entity_by_ref = _resolve(analyses, story_of)
    return _build(nodes, clusters, entity_by_ref, analyses)


def resolve_story_entities(
    analyses: Sequence[Analysis], story: str
) -> tuple[list[CrossEntity], dict[Ref, str], dict[str, list[str]]]:
    """:func:`resolve_entities` over one story's articles, with each entity's *join keys*: the keys of its
    names that hold outside the story, by which :mod:`newstrace.link.entity_join` joins entities of
    different stories (see :func:`join_keys`)."""
    nodes, clusters, entity_by_ref = _resolve(analyses, dict.fromkeys((a.id for a in analyses), story))
    entities, ref_to_id = _build(nodes, clusters, entity_by_ref, analyses)
    keys: dict[str, dict[str, None]] = defaultdict(dict)
    for n in nodes.values():
        cid = ref_to_id[n.refs[0]]
        for key in join_keys(n):
            keys[cid][key] = None
    return entities, ref_to_id, {cid: list(ks) for cid, ks in keys.items()}


def join_keys(n: _Node) -> list[str]:
    """The keys of a node that hold outside its story, as text: its exact key unless it is bound to a story
    or an article (a bare family name, an acronym, a generic name without a country, a one-word generic of
    the story's country). Two kinds of key join only with another kind: ``as-person|...``, an organisation or
    uncoded place whose name is a person's full name ("Maarten De Vries" typed ORG), joins a person with that
    key; ``acr|FORM|COUNTRY``, an acronym or clipping in its articles' countries, joins the names whose
    initials give ``exp|FORM|COUNTRY`` (in their country, else their articles'): "CEC" / "Central Election
    Commission" in another story of the same country."""
    key = n.key
    out: list[str] = []
    if key[0] in ("person1", "acr"):
        pass
    elif key[0] == "orgg":
        if not key[1].startswith("@") and len(key) == 3:
            out.append("|".join(key))
    else:
        out.append("|".join(key))
    if key[0] == "acr":
        out.extend(f"acr|{key[2]}|{c}" for c in sorted(n.context))
    elif n.acronyms:
        countries = {n.org.country} if n.org is not None and n.org.country else n.context
        out.extend(f"exp|{a}|{c}" for a in sorted(n.acronyms) for c in sorted(countries))
    if n.kind in ("org", "place") and not _coded_place(n):
        name = n.names.most_common(1)[0][0]
        ws = words(name)
        if 2 <= len(ws) <= 4 and all(w[:1].isupper() or w.lower() in PARTICLES for w in ws):
            p = parse_name(name)
            if p is not None and not p.bare:
                out.append(f"as-person|{p.compact}|{p.suffix or ''}")
    return out


def _resolve(
    analyses: Sequence[Analysis], story_of: dict[str, str]
) -> tuple[dict[Key, _Node], _Clusters, dict[Ref, Entity]]:
    nodes: dict[Key, _Node] = {}
    entity_by_ref: dict[Ref, Entity] = {}
    for a in analyses:
        story = story_of.get(a.id, a.id)
        ctx = _Context(a)
        for e in a.entities:
            if e.type in VALUE_TYPES or not e.name.strip():
                continue
            kind, name = entity_kind(e)
            org = parse_org(name) if kind == "org" else None
            country = ctx.country(e) if org is not None and org.generic and not org.qualifier else None
            key = node_key(kind, name, e, story, a.id, country)
            node = nodes.get(key)
            if node is None:
                node = nodes[key] = _Node(key, kind)
                if kind == "person":
                    node.person = parse_name(name)
                elif kind == "org":
                    node.org = parse_org(name)
            if kind == "org" or (kind == "place" and not e.iso):
                node.acronyms |= parse_org(name).acronyms
                if a.text and e.mentions:
                    end = e.mentions[0][1]
                    node.acronyms |= extra_acronyms(name, a.text[end : end + 80])
            if ctx.main:
                node.context.add(ctx.main)
            if e.role:
                node.roles |= content_words(e.role)
            node.refs.append((a.id, e.id))
            weight = max(1, len(e.mentions))
            node.names[name] += weight
            node.types["PERSON" if kind == "person" else e.type] += weight
            node.stories.add(story)
            entity_by_ref[(a.id, e.id)] = e
    kinds = {ref: _type_class(e) for ref, e in entity_by_ref.items()}
    clusters = _Clusters(nodes.values(), kinds)
    _join_people(nodes, clusters)
    _join_bare_names(nodes, clusters)
    _join_retyped(nodes, clusters)
    _join_organisations(nodes, clusters)
    _join_acronyms(nodes, clusters)
    _join_unqualified(nodes, clusters)
    _join_skeletons(nodes, clusters)
    return nodes, clusters, entity_by_ref


def _join_people(nodes: dict[Key, _Node], clusters: _Clusters) -> None:
    blocks: dict[str, list[_Node]] = defaultdict(list)
    for n in nodes.values():
        p = n.person
        if p is None or p.bare or n.key[0] != "person" or p.given is None:
            continue
        core = p.family.split()[-1]
        blocks[f"{core[:BLOCK_PREFIX]}|{p.given[:1]}"].append(n)
        blocks[f"skel|{skeleton(p.compact)}"].append(n)
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
                same_story = bool(a.stories & b.stories)
                score = name_similarity(pa, pb, nicknames=same_story)
                if score and not same_story and (pa.given != pb.given or score < CROSS_STORY_SIMILARITY):
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
    by_family: dict[str, list[_Node]] = defaultdict(list)
    for f in nodes.values():
        if f.key[0] == "person" and f.person is not None and not f.person.bare:
            by_family[f.person.family].append(f)
    for n in nodes.values():
        if n.key[0] != "person1" or n.person is None:
            continue
        story = n.key[1]
        roots = {
            clusters.find(f.key)
            for f in full_by_story.get(story, [])
            if f.person is not None and bare_matches(n.person, f.person)
        }
        if len(roots) == 1:
            clusters.join(n.key, roots.pop())
        elif not roots and n.roles:  # alone in its story: the one person of that name, role and country
            roots = {
                clusters.find(f.key)
                for f in by_family.get(n.person.family, [])
                if f.person is not None and bare_matches(n.person, f.person)
                and f.roles & n.roles and f.context & n.context
            }
            if len(roots) == 1:
                clusters.join(n.key, roots.pop())


def _join_retyped(nodes: dict[Key, _Node], clusters: _Clusters) -> None:
    """A multi-word organisation or place without a code whose name is a person's full name is that person
    ("Maarten De Vries" typed ORG, "Sofia Kaneva" typed GPE)."""
    for n in list(nodes.values()):
        if n.kind not in ("org", "place") or _coded_place(n):
            continue
        name = n.names.most_common(1)[0][0]
        ws = words(name)
        if not 2 <= len(ws) <= 4 or not all(w[:1].isupper() or w.lower() in PARTICLES for w in ws):
            continue
        p = parse_name(name)
        if p is None or p.bare:
            continue
        person = nodes.get(("person", p.compact, p.suffix or ""))
        if person is not None:
            clusters.join(n.key, person.key)


def org_match(a: str, b: str) -> bool:
    """Organisation names (folded) that name one organisation within a story."""
    if fuzz.ratio(a, b) >= ORG_RATIO:
        return True
    ta, tb = a.split(), b.split()
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) >= 2 and short == long_[: len(short)]:
        return True  # "baltica tankers" / "baltica tankers of gdansk"
    if len(ta) == len(tb) >= 2:  # word by word: "central election commission" / "... electoral ..."
        return all(x == y or (x[:4] == y[:4] and JaroWinkler.normalized_similarity(x, y) >= ORG_WORD_JW)
                   for x, y in zip(ta, tb, strict=True))
    return False


def _join_organisations(nodes: dict[Key, _Node], clusters: _Clusters) -> None:
    by_story: dict[str, list[_Node]] = defaultdict(list)
    people: dict[tuple[str, str], _Node] = {}
    for n in nodes.values():
        if n.kind == "org" and n.key[0] != "acr":
            for s in n.stories:
                by_story[s].append(n)
        elif n.key[0] == "person" and n.person is not None:
            for s in n.stories:
                people[(s, " ".join(n.person.tokens))] = n
    for story, orgs in by_story.items():
        by_core: dict[tuple[str, ...], list[_Node]] = defaultdict(list)
        for i, a in enumerate(orgs):
            # the same multi-word name tagged PERSON in one article and ORG in another
            assert a.org is not None
            for form in {" ".join(fold(w) for w in words(a.names.most_common(1)[0][0])), " ".join(a.org.core)}:
                person = people.get((story, form))
                if person is not None and len(form.split()) > 1:
                    clusters.join(a.key, person.key)
            by_core[a.org.core].append(a)
            for b in orgs[i + 1 :]:
                assert b.org is not None
                if a.org.generic != b.org.generic:
                    continue
                if _two_countries(a, b):
                    continue
                if org_match(" ".join(a.org.core), " ".join(b.org.core)):
                    clusters.join(a.key, b.key)
        for same in by_core.values():
            for b in same[1:]:
                if not _two_countries(same[0], b):
                    clusters.join(same[0].key, b.key)


def _two_countries(a: _Node, b: _Node) -> bool:
    """Organisations of two countries: generic names keyed by two countries, or names that give two."""
    if a.key[0] == b.key[0] == "orgg" and a.key[1] != b.key[1]:
        return not (a.key[1].startswith("@") or b.key[1].startswith("@"))
    ca = a.org.country if a.org is not None else None
    cb = b.org.country if b.org is not None else None
    return bool(ca and cb and ca != cb)


def _join_acronyms(nodes: dict[Key, _Node], clusters: _Clusters) -> None:
    """An acronym ("UAW") or clipping ("Fed") joins the shortest name of its article or story it stands for."""
    by_initials: dict[str, list[_Node]] = defaultdict(list)
    by_clip: dict[str, list[_Node]] = defaultdict(list)
    for n in nodes.values():
        if n.key[0] == "acr":
            continue
        for acr in n.acronyms:
            by_initials[acr].append(n)
        if n.org is not None and len(n.org.core) >= 2 and n.org.core[0].isalpha():
            by_clip[n.org.core[0][:3]].append(n)
    for n in nodes.values():
        if n.key[0] != "acr":
            continue
        story, form = n.key[1], n.key[2]
        cands = list(by_initials.get(form, []))
        cands += [c for c in by_clip.get(form[:3], []) if c.org is not None and c.org.core[0].startswith(form)
                  and c.org.core[0] != form]
        near = [c for c in cands if story in c.stories or c.articles & n.articles]
        if not near:  # another story's expansion of the article's country: "IRCS" / "Iranian Red Crescent"
            near = [c for c in cands if n.context & ({c.org.country} if c.org and c.org.country else c.context)]
        if not near:
            continue
        shortest = min(_core_len(c) for c in near)
        best = [c for c in near if _core_len(c) == shortest]
        roots = {clusters.find(c.key) for c in best}
        if len(roots) != 1:
            continue
        defined = any(c.articles & n.articles for c in best)
        clusters.join(n.key, best[0].key, defined=defined)


def _core_len(n: _Node) -> int:
    return len(n.org.core) if n.org is not None else len(words(n.names.most_common(1)[0][0]))


def _join_unqualified(nodes: dict[Key, _Node], clusters: _Clusters) -> None:
    """A name without a country joins the one organisation of its core name that has one ("Federal Reserve" /
    "US Federal Reserve"), or the one of its articles' country when there are several."""
    by_core: dict[str, list[_Node]] = defaultdict(list)
    for n in nodes.values():
        if n.key[0] == "org" and n.key[2]:
            by_core[n.key[1]].append(n)
    for n in nodes.values():
        if n.key[0] != "org" or n.key[2]:
            continue
        cands = by_core.get(n.key[1], [])
        fit = [c for c in cands if c.key[2] in n.context] or (cands if len(cands) == 1 else [])
        if len(fit) == 1:
            clusters.join(n.key, fit[0].key)


def _loose(name: str) -> str:
    parts = compact(name)
    return parts[2:] if len(parts) > 5 and fold(name)[:3] in ("al-", "el-", "al ", "el ") else parts


def _join_skeletons(nodes: dict[Key, _Node], clusters: _Clusters) -> None:
    """Names with one transliteration skeleton, whatever the tagger typed them ("Karameh" as PERSON,
    "Al-Karama" as GPE; "Deh-e Sorkh", "Dehsorkh"): within a story when their spellings are close, across
    stories of one country when they are closer still."""
    blocks: dict[str, list[_Node]] = defaultdict(list)
    for n in nodes.values():
        if n.key[0] in ("acr", "orgg") or _coded_place(n) or n.kind not in ("org", "place", "person"):
            continue
        skel = skeleton(n.names.most_common(1)[0][0])
        if len(skel) >= MIN_SKELETON:
            blocks[skel].append(n)
    for skel, block in blocks.items():
        for i, a in enumerate(block):
            la = _loose(a.names.most_common(1)[0][0])
            for b in block[i + 1 :]:
                if a.key[0] == b.key[0] == "person":
                    continue  # two full names: :func:`_join_people` decides, with their given names
                ratio = fuzz.ratio(la, _loose(b.names.most_common(1)[0][0]))
                same_story = bool(a.stories & b.stories) and ratio >= MIN_SKELETON_RATIO
                one_country = bool(a.context & b.context) and ratio >= CROSS_STORY_RATIO
                if same_story or (one_country and len(skel) >= CROSS_STORY_SKELETON):
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
        types: Counter[str] = Counter()
        for n in group:
            types.update(n.types)
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
