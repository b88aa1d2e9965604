"""Statements: what one speaker said, as each outlet rendered it.

Quotes are keyed by speaker (their cross-article entity, else their folded name within the story) and, for
each speaker, joined when they render one statement: ``verbatim`` (the same words, or one an excerpt of the
other) or ``paraphrase`` (rapidfuzz ``token_set_ratio`` of the texts, or the share of content-word stems they
have in common). Different statements of one speaker stay separate groups.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from newstrace.link.claims import OriginFn, status_of
from newstrace.link.common import DisjointSet, SentenceCache, content_words, fold, words
from newstrace.link.measures import lemma
from newstrace.link.results import Claim, ClaimMember, CrossEntity
from newstrace.records import Analysis, Quote

VERBATIM_RATIO = 95.0
EXCERPT_MIN_WORDS = 4
PARAPHRASE_RATIO = 80.0  #: rapidfuzz token_set_ratio of the folded texts
PARAPHRASE_STEMS = 0.3  #: ... or this Jaccard of content-word stems, with at least PARAPHRASE_SHARED shared
PARAPHRASE_SHARED = 3


@dataclass(slots=True)
class _Said:
    article: str
    order: tuple[int, int]
    quote: Quote
    sentence: tuple[int, int]
    name: str


@lru_cache(maxsize=16384)
def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


@lru_cache(maxsize=16384)
def _stems(text: str) -> frozenset[str]:
    return frozenset(lemma(w)[:6] for w in content_words(text))


def relation(a: str, b: str) -> str | None:
    """``"verbatim"``, ``"paraphrase"`` or None (different statements) for two quote texts."""
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return None
    if fuzz.ratio(na, nb) >= VERBATIM_RATIO:
        return "verbatim"
    short, long_ = (na, nb) if len(na) <= len(nb) else (nb, na)
    if len(short.split()) >= EXCERPT_MIN_WORDS and f" {short} " in f" {long_} ":
        return "verbatim"
    if fuzz.token_set_ratio(na, nb) >= PARAPHRASE_RATIO and len(short.split()) >= EXCERPT_MIN_WORDS:
        return "paraphrase"
    sa, sb = _stems(a), _stems(b)
    shared = len(sa & sb)
    if shared >= PARAPHRASE_SHARED and shared / len(sa | sb) >= PARAPHRASE_STEMS:
        return "paraphrase"
    return None


def speaker_key(a: Analysis, q: Quote, entity_of: dict[tuple[str, str], str], story: str) -> tuple[str, ...] | None:
    """The cross-article entity of a quote's speaker, else its folded name within the story."""
    if q.speaker_id and (a.id, q.speaker_id) in entity_of:
        return ("entity", entity_of[(a.id, q.speaker_id)])
    if not q.speaker or not q.speaker.strip():
        return None
    name = fold(q.speaker)
    spoken = {fold(w) for w in words(q.speaker)}
    for e in a.entities:
        forms = [e.name, *e.aliases]
        if any(fold(f) == name for f in forms) or (
            e.type == "PERSON" and spoken and spoken <= {fold(w) for w in words(e.name)}
        ):
            cross = entity_of.get((a.id, e.id))
            if cross:
                return ("entity", cross)
    return ("name", story, name)


def statement_claims(
    analyses: Sequence[Analysis],
    story_of: dict[str, str],
    entity_of: dict[tuple[str, str], str],
    entities: dict[str, CrossEntity],
    origin: OriginFn,
    outlets: dict[str, str | None],
    sentences: SentenceCache | None = None,
) -> list[Claim]:
    """One claim per statement per speaker; ids are assigned by the caller."""
    cache = sentences or SentenceCache()
    by_speaker: dict[tuple[str, tuple[str, ...]], list[_Said]] = defaultdict(list)
    for i, a in enumerate(analyses):
        story = story_of.get(a.id, a.id)
        for j, q in enumerate(a.quotes):
            key = speaker_key(a, q, entity_of, story)
            if key is None or not q.text.strip():
                continue
            name = entities[key[1]].name if key[0] == "entity" else (q.speaker or "")
            by_speaker[(story, key)].append(_Said(a.id, (i, j), q, cache(a.text).around(q.start, q.end), name))
    claims: list[tuple[tuple[int, int], Claim]] = []
    for (story, key), said in by_speaker.items():
        uf: DisjointSet[int] = DisjointSet(range(len(said)))
        for x in range(len(said)):
            for y in range(x + 1, len(said)):
                if uf.find(x) != uf.find(y) and relation(said[x].quote.text, said[y].quote.text):
                    uf.union(x, y)
        for idx in uf.groups().values():
            group = sorted((said[k] for k in idx), key=lambda s: s.order)
            first = group[0].quote.text
            members = [
                ClaimMember(
                    article=s.article, text=s.quote.text, start=s.quote.start, end=s.quote.end,
                    source=s.quote.speaker or s.name, outlet=outlets.get(s.article),
                    origin=origin(s.article, s.quote.start), sentence=s.sentence,
                    match=None if k == 0 else relation(first, s.quote.text) or "paraphrase",
                )
                for k, s in enumerate(group)
            ]
            origins = {m.origin for m in members}
            claims.append((group[0].order, Claim(
                id="", kind="statement", subject=group[0].name, status=status_of(True, origins), members=members,
                story=story, speaker=key[1] if key[0] == "entity" else None, sources=len(origins),
            )))
    claims.sort(key=lambda oc: oc[0])
    return [c for _, c in claims]
