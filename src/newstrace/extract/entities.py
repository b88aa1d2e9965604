"""Entities of one article: one record per distinct entity, with its aliases, mentions, role and ISO code.

Mentions of a person are joined when one name's words are a subset of the other's ("Lin" and "Lin Jian");
places when they share an ISO code; everything else when the folded names are equal. Role descriptions
("Ukraine's president", "the Chinese spokesperson") are joined to the nearest person named before them
whose title has the same head noun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newstrace.extract.roles import role_nouns, wordset
from newstrace.facts import Context
from newstrace.lexicon import words
from newstrace.nlp.places import lookup_place, notable_place, place_codes
from newstrace.records import Entity

#: Entity labels that are values, not things; the quantity and time extractors handle them.
VALUE_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NAME_WORD = re.compile(r"[\w'’.-]+")


@dataclass
class _Cluster:
    type: str
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    iso: str | None = None
    iso_is_city: bool = False
    role: str | None = None
    words: frozenset[str] = frozenset()

    @property
    def last(self) -> int:
        return self.mentions[-1][0]


#: Words of a title that the statistical NER sometimes includes in a PERSON span ("Spokesperson Lin Jian").
TITLE_WORDS = words("entity_words", "titles")


#: Words that make a title another office than its head noun alone: "shadow chancellor", "vice president".
OTHER_OFFICE = words("entity_words", "other_office")
#: Forms of address, not roles ("Ms. Chen" has no role).
HONORIFICS = words("entity_words", "honorifics")


def clean_mention(span: Span) -> Span:
    """The mention without a leading determiner, a trailing possessive ("the Kremlin's" → "Kremlin"), or,
    for people, leading title words ("Spokesperson Lin Jian" → "Lin Jian")."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    if span.label_ == "PERSON":
        while end - start > 1 and (doc[start].lower_ in TITLE_WORDS or doc[start].lower_.rstrip(".") in HONORIFICS):
            start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in ("'", "’")):
        end -= 1
    return doc[start:end]


#: Words that make a capitalized phrase after a title an organisation, not a name ("Chief Medical Office").
_ORG_WORDS = words("entity_words", "org_words")


_NAME_PARTICLES = words("entity_words", "name_particles")


def titled_person(ent: Span) -> Span | None:
    """A person's name inside a span the model labelled otherwise: "Fire Chief Pieter de Vries" (ORG) →
    "Pieter de Vries", labelled PERSON; None when the span is not a title followed by a name."""
    titles = [k for k, tok in enumerate(ent) if tok.lower_ in TITLE_WORDS and tok.text[:1].isupper()]
    if not titles or titles[-1] == len(ent) - 1:
        return None
    rest = ent[titles[-1] + 1 :]
    if (
        (len(rest) >= 2 or ent.label_ == "PERSON")
        and all(t.pos_ == "PROPN" or t.lower_ in _NAME_PARTICLES for t in rest)
        and not any(t.lower_ in _ORG_WORDS for t in rest)
        and rest[0].text[:1].isupper()
    ):
        return Span(ent.doc, rest.start, rest.end, label="PERSON")
    return None


def addressed_person(ent: Span) -> Span | None:
    """A name after a form of address that the model labelled otherwise: "Ms Hughes" (ORG) → PERSON."""
    if ent.label_ == "PERSON" or len(ent) < 2 or ent[0].lower_.rstrip(".") not in HONORIFICS:
        return None
    rest = ent[1:]
    if all(t.pos_ == "PROPN" or t.lower_ in _NAME_PARTICLES for t in rest) and rest[0].text[:1].isupper():
        return Span(ent.doc, ent.start, ent.end, label="PERSON")
    return None


def name_words(text: str) -> frozenset[str]:
    """The words of a name, without forms of address: "Ms Hughes" and "Rachel Hughes" share {"hughes"}."""
    words = (w.lower().strip(".") for w in _NAME_WORD.findall(text))
    return frozenset(w for w in words if len(w) > 1 and w not in HONORIFICS)


def person_role(span: Span) -> str | None:
    """Title or function attached to a person's name in the text.

    "Chinese Foreign Ministry spokesperson Lin Jian" → "Chinese Foreign Ministry spokesperson";
    "the EU's chief diplomat, Kaja Kallas" or "Kaja Kallas, the EU's chief diplomat" → "EU's chief diplomat".
    """
    doc = span.doc
    # Title words written before the name and governed by it.
    i = span.start
    while i > 0:
        tok = doc[i - 1]
        if tok.is_punct or tok.dep_ not in ("compound", "amod", "nmod", "poss", "case"):
            break
        if not tok.i < tok.head.i < span.end:
            break
        i -= 1
    while i < span.start and (doc[i].tag_ == "POS" or doc[i].pos_ in ("DET", "ADP")):
        i += 1
    while i < span.start and doc[i].lower_.rstrip(".") in HONORIFICS:
        i += 1
    if i < span.start and any(t.pos_ in ("NOUN", "PROPN") for t in doc[i : span.start]):
        return doc[i : span.start].text
    # An appositive on either side.
    root = span.root
    if root.dep_ == "appos" and (root.head.pos_ == "NOUN" or _bare_title(root.head)):
        return _np_text(root.head, exclude=span)  # "Kaja Kallas, the EU's chief diplomat" / "The Chancellor, …"
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            return _np_text(child, exclude=span)
    return None


def _bare_title(tok: Token) -> bool:
    """A capitalised title that is no name: "The Chancellor, Rachel Hughes, …"."""
    return tok.pos_ == "PROPN" and not tok.ent_type_ and tok.lower_ in TITLE_WORDS


def _np_text(head: Token, exclude: Span) -> str | None:
    """The noun phrase ending at ``head`` (its left modifiers), without determiners and without ``exclude``."""
    doc = head.doc
    i = head.i
    while (
        i - 1 >= head.left_edge.i
        and not (exclude.start <= i - 1 < exclude.end)
        and doc[i - 1].pos_ in ("DET", "PROPN", "NOUN", "ADJ", "PART", "NUM")
        and head.i - i < 8
    ):
        i -= 1
    while i < head.i and doc[i].pos_ in ("DET", "PART"):
        i += 1
    return doc[i : head.i + 1].text


def role_head(role: str | None) -> str | None:
    if not role:
        return None
    words = role.split()
    return words[-1].lower() if words else None


#: Heads of lower-case institution names ("the interior ministry", "Bulgaria's port authority").
_INSTITUTION_HEADS = words("entity_words", "institution_heads")
#: Lower-case words that make such a name generic: the data table of :mod:`newstrace.link.orgs`.
_GENERIC_WORDS = words("org_words", "generic")


_INDEFINITE = wordset("a an another any each every some no")


def generic_institutions(doc: Doc) -> list[Span]:
    """Lower-case names of institutions that the tagger leaves out: a generic word and a head ("the port
    authority", "Bulgaria's interior ministry", "two port authority managers"), labelled ORG; not after an
    indefinite article ("a federal court" names no one court)."""
    out: list[Span] = []
    in_ent = {t.i for ent in doc.ents for t in ent}
    for tok in doc:
        if tok.lower_ not in _INSTITUTION_HEADS or not tok.is_lower or tok.i in in_ent:
            continue
        start = tok.i
        while start > 0 and tok.i - start < 2 and doc[start - 1].is_lower and doc[start - 1].lower_ in _GENERIC_WORDS:
            start -= 1
        if start == tok.i or (start > 0 and doc[start - 1].lower_ in _INDEFINITE):
            continue
        out.append(Span(doc, start, tok.i + 1, label="ORG"))
    return out


def _glue_word(text: str) -> bool:
    """A short lower-case word that glues two parts of a name: the ezafe ("-e", "-ye"), "al", "el", "ul"."""
    return text.isalpha() and text.islower() and len(text) <= 3


def extend_glued(span: Span) -> Span:
    """The name with a hyphen-glued part that the tagger cut off: "Deh-e Sorkh" (tagged "Sorkh"),
    "Chaleh-ye Zard" (tagged "Chaleh"), "Al-Karama"."""
    doc, start, end = span.doc, span.start, span.end
    if (
        start >= 3
        and _glue_word(doc[start - 1].text) and doc[start - 2].text == "-"
        and doc[start - 3].text[:1].isupper() and not doc[start - 3].whitespace_ and not doc[start - 2].whitespace_
    ):
        start -= 3
    if (
        end + 2 < len(doc)
        and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_
        and _glue_word(doc[end + 1].text) and doc[end + 1].whitespace_
        and doc[end + 2].text[:1].isupper() and doc[end + 2].text.isalpha()
    ):
        end += 3
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_)


def extract_entities(doc: Doc) -> list[Entity]:
    """One :class:`Entity` per distinct entity of the article, ids ``e1``, ``e2``… in order of appearance."""
    clusters: list[_Cluster] = []
    places: list[tuple[_Cluster, Span]] = []  # each place mention and its cluster, coded in context below
    covered = -1
    for ent in sorted([*doc.ents, *generic_institutions(doc)], key=lambda sp: sp.start):
        if ent.label_ in VALUE_LABELS or ent.end <= covered:
            continue
        ent = extend_glued(ent)
        covered = ent.end
        label = ent.label_
        if (titled := titled_person(ent)) is not None:
            ent, label = titled, "PERSON"
        elif (addressed := addressed_person(ent)) is not None:
            ent, label = addressed, "PERSON"
        span = clean_mention(ent)
        if not span.text.strip() or not any(t.is_alpha or (label in PLACE_LABELS and _lettered(t)) for t in span):
            continue  # no words ("—", "19"); a place may be an abbreviation ("U.S.", "N.C.")
        cluster = _find_cluster(clusters, span, label)
        if cluster is None:
            cluster = _Cluster(type=label)
            if label in PLACE_LABELS and (place := lookup_place(span.text)):
                cluster.iso, cluster.iso_is_city = place
            clusters.append(cluster)
        cluster.mentions.append((span.start_char, span.end_char, span.text))
        if label in PLACE_LABELS and cluster.type in PLACE_LABELS:
            places.append((cluster, span))
        cluster.words |= name_words(span.text)
        if cluster.type == "PERSON" and cluster.role is None:
            cluster.role = person_role(span)
    _set_place_codes(clusters, places)
    _add_descriptors(doc, clusters)
    return [_to_entity(i, c) for i, c in enumerate(clusters, 1)]


def _lettered(tok: Token) -> bool:
    return any(c.isalpha() for c in tok.text)


def _set_place_codes(clusters: list[_Cluster], places: list[tuple[_Cluster, Span]]) -> None:
    """Each place cluster's code from its mentions read in the article's context (the first mention that
    gets one); a cluster none of whose mentions is decided keeps no code rather than a guess.  Mentions of one
    name that read as places in different subdivisions or countries ("Alexandria, Virginia" and "Alexandria,
    Egypt") are two places: the later ones move to a cluster of their own."""
    codes = place_codes([span for _, span in places])
    decided: dict[int, tuple[str, bool] | None] = {}
    for (cluster, _), found in zip(places, codes, strict=True):
        if decided.get(id(cluster)) is None:
            decided[id(cluster)] = found
    split: dict[tuple[int, str], _Cluster] = {}
    for (cluster, span), found in zip(places, codes, strict=True):
        first = decided.get(id(cluster))
        if found is None or first is None or _same_place(found[0], first[0]):
            continue
        key = (id(cluster), found[0])
        other = split.get(key)
        if other is None:
            other = split[key] = _Cluster(type=cluster.type)
            clusters.append(other)
            decided[id(other)] = found
        mention = (span.start_char, span.end_char, span.text)
        if mention in cluster.mentions:
            cluster.mentions.remove(mention)
            other.mentions.append(mention)
            other.words |= name_words(span.text)
    for cluster, _ in places:
        found = decided.get(id(cluster))
        cluster.iso, cluster.iso_is_city = found if found else (None, False)
    for other in split.values():
        found = decided.get(id(other))
        other.iso, other.iso_is_city = found if found else (None, False)
    if split:
        clusters[:] = [c for c in clusters if c.mentions]
        clusters.sort(key=lambda c: c.mentions[0][0])


def _same_place(a: str, b: str) -> bool:
    """Whether two codes may name one place: equal, or one inside the other (a city coded "US" or "US-VA")."""
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


def _find_cluster(clusters: list[_Cluster], span: Span, label: str) -> _Cluster | None:
    text = span.text
    folded = text.lower()
    words = name_words(text)
    if label in PLACE_LABELS:
        place = lookup_place(text)
        for c in clusters:
            if c.type not in PLACE_LABELS:
                continue
            same_region = place is not None and not place[1] and not c.iso_is_city and c.iso == place[0]
            if same_region or any(m[2].lower() == folded for m in c.mentions):
                return c
    best: _Cluster | None = None
    for c in clusters:
        if any(m[2].lower() == folded for m in c.mentions) and (c.type == label or label != "PERSON"):
            if c.type in PLACE_LABELS and label not in PLACE_LABELS:
                continue
            best = c if best is None or c.last > best.last else best
    if best is not None:
        return best
    if words and (label == "PERSON" or notable_place(text) is None):
        for c in clusters:
            if _other_generation(words, c.words):
                continue
            if c.type == "PERSON" and (words <= c.words or (label == "PERSON" and c.words <= words)):
                best = c if best is None or c.last > best.last else best
    return best


#: Generational suffixes: "Franklin Ostrander Jr." is not "Franklin Ostrander" (his father).
_GENERATIONS = words("entity_words", "generations")


def _other_generation(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two full names of one family that differ by a generational suffix (a bare "Ostrander" may be either)."""
    ga, gb = a & _GENERATIONS, b & _GENERATIONS
    return ga != gb and len(a - ga) >= 2 and len(b - gb) >= 2


def _add_descriptors(doc: Doc, clusters: list[_Cluster]) -> None:
    """Join role descriptions ("Ukraine's president", "the Chinese spokesperson") to the person they name."""
    people = [c for c in clusters if c.type == "PERSON" and c.role]
    if not people:
        return
    heads = set().union(*(role_nouns(c.role) for c in people))
    taken = {(s, e) for c in clusters for s, e, _ in c.mentions}
    for chunk in doc.noun_chunks:
        if chunk.root.lemma_.lower() not in heads or chunk.root.ent_type_:
            continue
        if len(chunk) < 2 or (chunk[0].lower_ not in ("the", "this") and not any(t.tag_ == "POS" for t in chunk)):
            continue
        span = clean_mention(chunk)
        if (span.start_char, span.end_char) in taken:
            continue
        if any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in chunk.root.children):
            continue  # "The shadow chancellor, James Whitaker": it describes the name beside it
        person = _nearest_person_with_role(people, chunk)
        if person is not None:
            person.mentions.append((span.start_char, span.end_char, span.text))


def _nearest_person_with_role(people: list[_Cluster], chunk: Span) -> _Cluster | None:
    head = chunk.root.lemma_.lower()
    modifiers = {t.lower_ for t in chunk if t.i != chunk.root.i and t.pos_ in ("PROPN", "ADJ")}
    best: _Cluster | None = None
    for c in people:
        first = c.mentions[0][0]
        if first >= chunk.start_char or head not in role_nouns(c.role):
            continue
        role_words = {w.lower() for w in (c.role or "").split()}
        proper_modifiers = {m for m in modifiers if m[:1].isalpha()} - role_words
        # "the Russian spokesperson" is not "Chinese Foreign Ministry spokesperson Lin Jian"
        if (
            proper_modifiers
            and role_words - {head}
            and not proper_modifiers & role_words
            and any(w[:1].isupper() for w in (c.role or "").split()[:-1])
        ):
            continue
        # "the Chancellor" is not the shadow chancellor, "the president" not the vice or former president
        if (role_words ^ {t.lower_ for t in chunk}) & OTHER_OFFICE:
            continue
        # "Labour's shadow health secretary" is not the nurses' "general secretary": both say which kind
        described = {t.lower_ for t in chunk if t.dep_ in ("amod", "compound") and t.pos_ in ("ADJ", "NOUN")}
        if described - role_words and role_words - {role_head(c.role) or ""}:
            continue
        prior = [m[0] for m in c.mentions if m[0] < chunk.start_char]
        if best is None or max(prior) > max(m[0] for m in best.mentions if m[0] < chunk.start_char):
            best = c
    return best


def _to_entity(index: int, c: _Cluster) -> Entity:
    forms: list[str] = []
    for _, _, text in c.mentions:
        if text not in forms:
            forms.append(text)
    if c.type == "PERSON":
        names = [f for f in forms if f[:1].isupper() and name_words(f) <= c.words and "'" not in f]
        name = max(names or forms, key=lambda f: (len(name_words(f)), len(f)))
    else:
        name = max(forms, key=lambda f: (f[:1].isupper(), len(f))) if c.type not in PLACE_LABELS else forms[0]
    mentions = sorted({(s, e) for s, e, _ in c.mentions})
    return Entity(
        id=f"e{index}",
        name=name,
        type=c.type,
        aliases=[f for f in forms if f != name and any(w[:1].isupper() for w in f.split())],
        iso=c.iso,
        mentions=mentions,
        role=c.role,
    )


def component(doc: Doc, context: Context) -> list[Entity]:
    """The registered extractor (see :mod:`newstrace.facts`)."""
    return extract_entities(doc)
