"""Statements: one utterance of one speaker on one occasion, as each outlet rendered it.

Every quote (direct, indirect, mixed) of a story is a *rendering*. Renderings are grouped by average-linkage
clustering within a story, never by chaining single pairs:

* **Content.** Two renderings are similar by the weighted content-word stems they share (an inverse frequency
  in general English and the story, :mod:`newstrace.link.stem_weights`: "said" weighs little, "reparations"
  much); numbers (digits or spelled out) and names written with a capital inside the text are strong evidence.
  The score mixes the weighted Jaccard with the weighted containment, so a fragment ("we regret the delay")
  joins the longer quote holding it.
* **Speaker.** The speaker's cross-article entity (else its folded name) is compared: the same speaker keeps the
  score; a speaker that is not a person (a capital, a ministry, "the company", a pronoun left unresolved) may be
  the institution a spokesperson speaks for and is discounted, not excluded; two different people never join.
* **Occasion.** A day named in the rendering's sentence outside the quote ("on Tuesday", resolved by the time
  extractor) is its occasion; renderings of two different days never join, whoever spoke.
* **Voices.** Unresolved speakers take the key of the one speaker they refer to (a bare role, a generic body);
  a country or capital and its officials are one voice (ISO codes of names, roles, nationality words); two
  countries, a body and a private person, or a body and someone speaking for another named body never join.
* **Own part.** A quote that runs on into a nested reporting clause ends before it.
* **Linkage.** Groups join on their average link, their fullest renderings' similarity, or a closest pair of at
  least SINGLE_LINK (a paraphrase of one part of a long statement).
* **Segments.** Direct quotes of one speaker in one paragraph, only a reporting clause apart ("…," he said.
  "…"), are one utterance.
* **Acts.** A rendering that reports an act by its verb ("apologised for …", "said sorry to commuters", "blamed a
  supplier for the hold-up", "asked the council to …") is in the reporter's words and shares few with the
  statement the act was done in. It joins the rendering that follows it in its article (the lead, then the quote)
  when their voices are one; an act still alone joins the one statement its voice makes in its article; and it
  joins a written text (a post, a statement) only when that text is named around the act itself.

A group's members say how they relate to its fullest rendering (``match``: verbatim, contained or paraphrase)
and what changed (``change``: words dropped or added, a hedge or a number that differs). Quotes whose speaker is a
news outlet are citations, not statements.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz

from newstrace.extract.cues import ACT_CUES
from newstrace.lexicon import words as table_words
from newstrace.link.citations import looks_like_outlet
from newstrace.link.claims import OriginFn, status_of
from newstrace.link.common import STOPWORDS, SentenceCache, content_words, fold, words
from newstrace.link.lexicon import lexicon
from newstrace.link.measures import lemma
from newstrace.link.orgs import _demonyms
from newstrace.link.results import Claim, ClaimMember, CrossEntity
from newstrace.link.stem_weights import stem_weight
from newstrace.records import Analysis, Quote

VERBATIM_RATIO = 95.0
EXCERPT_MIN_WORDS = 4
PARAPHRASE_RATIO = 80.0  #: rapidfuzz token_set_ratio of the folded texts
PARAPHRASE_STEMS = 0.3  #: ... or this Jaccard of content-word stems, with at least PARAPHRASE_SHARED shared
PARAPHRASE_SHARED = 3

JOIN_AT = 0.2  #: average-linkage similarity at which two groups of renderings join
SINGLE_LINK = 0.55  #: ... or the similarity of their closest pair, when at least this (a part of a long statement)
OTHER_SPEAKER = 0.8  #: discount when one speaker may be the institution the other speaks for
SAME_SPEAKER = 0.1  #: added when both renderings name the same speaker
MIN_SHARED_WEIGHT = 4.0  #: containment counts only with this much shared IDF weight
STRONG = 1.5  #: weight factor of numbers and capitalized names
SEGMENT_GAP = 80  #: direct quotes of one speaker at most this many characters apart, same paragraph: one utterance
CLAUSE_WORDS = 8  #: a reporting clause before a nested quote is looked for this many words back
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
#: words that end a rendering before a second reporting clause ("… in Ukraine and warned the EU that …")
_CLAUSE_START = re.compile(r"(?:,|;|\s(?:and|but|after|while|as|because|since|when|before|until|then)\s)", re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(slots=True)
class _Said:
    article: str
    order: tuple[int, int]
    quote: Quote
    sentence: tuple[int, int]
    name: str
    key: tuple[str, ...]
    person: bool
    day: str | None
    tokens: dict[str, float] = field(default_factory=dict)
    weight: float = 0.0
    voices: frozenset[tuple[str, ...]] = frozenset()  #: the institutions its speaker speaks for (by role)
    countries: frozenset[str] = frozenset()  #: ISO codes of its speaker: a country or capital, a role's nationality
    official: bool = False  #: a person with a role ("spokesperson", "energy minister"): may speak for a body
    place: bool = False  #: the speaker is a country or a city ("Beijing insisted …")
    act: bool = False  #: it reports an act by its verb ("apologised for …", "asked X to …"), see :func:`_is_act`


@lru_cache(maxsize=16384)
def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


@lru_cache(maxsize=16384)
def _stems(text: str) -> frozenset[str]:
    return frozenset(lemma(w)[:6] for w in content_words(text))


def relation(a: str, b: str) -> str | None:
    """``"verbatim"``, ``"paraphrase"`` or None (different statements) for two quote texts, on their words alone."""
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


def rendering_match(member: str, fullest: str) -> str:
    """How a rendering relates to the fullest one: ``verbatim``, ``contained`` (a strict part) or ``paraphrase``."""
    nm, nf = _norm(member), _norm(fullest)
    if nm and nf and fuzz.ratio(nm, nf) >= VERBATIM_RATIO:
        return "verbatim"
    if nm and f" {nm} " in f" {nf} ":
        return "contained"
    return "paraphrase"


@lru_cache(maxsize=16384)
def numbers(text: str) -> frozenset[str]:
    """The numbers of ``text`` as digit strings, spelled-out ones ("five") included."""
    table = lexicon().number_words
    out = {n.replace(",", "") for n in _NUMBER.findall(text)}
    out |= {str(table[w]) for w in re.findall(r"[a-z]+", text.lower()) if w in table}
    return frozenset(out)


@lru_cache(maxsize=16384)
def _features(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(tokens, strong tokens): content stems and numbers; the strong ones are numbers and inner capitalized
    names."""
    toks = set(_stems(text))
    strong = {f"#{n}" for n in numbers(text)}
    number_words = lexicon().number_words
    toks -= {lemma(w)[:6] for w in number_words}
    for i, w in enumerate(words(text)):
        if i and w[0].isupper() and fold(w) not in STOPWORDS and len(w) > 2:
            strong.add(lemma(fold(w))[:6])
    return frozenset(toks | strong), frozenset(strong)


def change_of(member: str, fullest: str) -> str | None:
    """What a rendering changed against the fullest one: words dropped and added (three each), a hedge removed or
    added, a number changed. None when nothing of that kind."""
    if rendering_match(member, fullest) == "verbatim":
        return None
    parts: list[str] = []
    wm, wf = content_words(member), content_words(fullest)
    sm, sf = {lemma(w)[:6] for w in wm}, {lemma(w)[:6] for w in wf}
    dropped = sorted(w for w in wf if lemma(w)[:6] not in sm)[:3]
    added = sorted(w for w in wm if lemma(w)[:6] not in sf)[:3]
    if dropped:
        parts.append("dropped: " + ", ".join(dropped))
    if added:
        parts.append("added: " + ", ".join(added))
    hedges = lexicon().hedges
    hm = {w.lower() for w in words(member)} & hedges
    hf = {w.lower() for w in words(fullest)} & hedges
    if hf - hm:
        parts.append("hedge removed: " + ", ".join(sorted(hf - hm)))
    if hm - hf:
        parts.append("hedge added: " + ", ".join(sorted(hm - hf)))
    nm, nf = numbers(member), numbers(fullest)
    if nm - nf and nf - nm:
        parts.append(f"number changed: {', '.join(sorted(nf - nm))} → {', '.join(sorted(nm - nf))}")
    return "; ".join(parts) or None


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


def _day(a: Analysis, q: Quote, sentence: tuple[int, int]) -> str | None:
    """The day a time expression of the quote's sentence, outside the quote, names; None when none does."""
    days = {
        t.value[:10] for t in a.times
        if sentence[0] <= t.start and t.end <= sentence[1] and not (q.start <= t.start < q.end)
        and t.value and _DAY.match(t.value) and (not a.published or t.value[:10] <= a.published[:10])
    }
    return days.pop() if len(days) == 1 else None


def _is_person(a: Analysis, q: Quote, key: tuple[str, ...], entities: dict[str, CrossEntity]) -> bool:
    if key[0] == "entity":
        return entities[key[1]].type == "PERSON"
    return any(e.id == q.speaker_id and e.type == "PERSON" for e in a.entities)


def _same_voice(x: _Said, y: _Said) -> bool:
    return x.key == y.key or x.key in y.voices or y.key in x.voices


def _voice(x: _Said, y: _Said) -> bool | None:
    """Whether two renderings' speakers are one voice (True), may be (False: an institution and someone who may
    speak for it) or are not (None). One voice: the same speaker, a body and the person whose role names it, a
    country or its capital and an official or body of that country. Never one: two people; two countries; a body
    and a private person (no role); a body and a person who speaks for another named body."""
    if _same_voice(x, y):
        return True
    if x.countries and y.countries and not x.countries & y.countries:
        return None
    if x.person and y.person:
        return None
    for a, b in ((x, y), (y, x)):
        if a.place and not b.place and b.countries and (b.official or not b.person):
            return True
        if b.person and (not b.official or (a.key[0] == "entity" and b.voices)):
            return None
    return False


def _similarity(x: _Said, y: _Said) -> float:
    voice = _voice(x, y)
    if voice is None:
        return 0.0
    same = voice
    if x.day and y.day and x.day != y.day:
        return 0.0
    shared = sum(w for t, w in x.tokens.items() if t in y.tokens)
    if not shared:
        return 0.0
    nx, ny = _norm(x.quote.text), _norm(y.quote.text)
    short, long_ = (nx, ny) if len(nx) <= len(ny) else (ny, nx)
    if len(short.split()) >= EXCERPT_MIN_WORDS - 1 and f" {short} " in f" {long_} ":
        sim = 1.0  # a fragment of the other
    else:
        jaccard = shared / (x.weight + y.weight - shared)
        contain = shared / min(x.weight, y.weight) if shared >= MIN_SHARED_WEIGHT else jaccard
        sim = (jaccard + contain) / 2
    return sim + SAME_SPEAKER if same else sim * OTHER_SPEAKER


def _is_act(q: Quote) -> bool:
    """Whether a rendering reports an act by its verb ("apologised on Monday for the delays", "blamed a supplier
    for the hold-up", "asked the council to reject …", "said sorry to commuters"): its words are the reporter's
    account of what the speaker did, not what the speaker said, so they share few words with the statement in
    which the act was done."""
    return q.kind == "indirect" and q.cue in ACT_CUES


def _one_voice(x: _Said, y: _Said) -> bool:
    """Whether two renderings' speakers are one voice (:func:`_voice`), or an unnamed body and an official who
    speaks for a named body ("the company" and "Halvorsen Rail chief executive Ingrid Solberg"): never two bodies
    neither of which is named for the other ("Mr Hartley's family" and "police")."""
    if _voice(x, y):
        return True
    return any(
        a.key[0] == "name" and not a.person and b.person and b.official and bool(b.voices) and _voice(a, b) is not None
        for a, b in ((x, y), (y, x))
    )


def _same_day(x: _Said, y: _Said) -> bool:
    return not (x.day and y.day and x.day != y.day)


def _acts(said: list[_Said], texts: dict[str, str]) -> list[tuple[int, int]]:
    """Pairs of an act and the rendering that follows it in its article, in the same or the next paragraph, when
    their voices are one (:func:`_one_voice`) and their days agree: the lead that reports the act ("The company
    has said sorry to commuters …") and the words in which it was done ("\"We regret the delay,\" its chief
    executive said")."""
    out = []
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(said):
        by_article[s.article].append(i)
    for art, idx in by_article.items():
        idx.sort(key=lambda i: (said[i].quote.start, said[i].quote.end))
        for i, j in pairwise(idx):
            x, y = said[i], said[j]
            if not x.act or y.quote.start < x.quote.end:
                continue
            gap = texts[art][x.quote.end : y.quote.start]
            if len(_PARAGRAPHS.findall(gap)) <= 1 and _one_voice(x, y) and _same_day(x, y):
                out.append((i, j))
    return out


_PARAGRAPHS = re.compile(r"\n\s*")


def _segments(said: list[_Said], texts: dict[str, str]) -> list[tuple[int, int]]:
    """Pairs of direct quotes of one speaker, one paragraph, only a reporting clause apart."""
    out = []
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(said):
        if s.quote.kind == "direct":
            by_article[s.article].append(i)
    for art, idx in by_article.items():
        idx.sort(key=lambda i: said[i].quote.start)
        for i, j in pairwise(idx):
            gap = texts[art][said[i].quote.end : said[j].quote.start]
            if said[i].key == said[j].key and len(gap) <= SEGMENT_GAP and "\n" not in gap:
                out.append((i, j))
    return out


_ON_X = re.compile(r"\bon X\b")


def _cues(s: _Said, text: str) -> tuple[bool, bool]:
    """(written, spoken): whether the words of the rendering's sentence outside the quote name a written occasion
    (a statement, a post, a letter) or a spoken one (a briefing, a news conference, an interview)."""
    outside = text[s.sentence[0] : s.quote.start] + " " + text[s.quote.end : s.sentence[1]]
    ws = {w.lower() for w in re.findall(r"\w+", outside)}
    lex = lexicon()
    return bool(ws & lex.written_cues) or bool(_ON_X.search(outside)), bool(ws & lex.spoken_cues)


def _occasions(said: list[_Said], texts: dict[str, str]) -> list[tuple[int, int]]:
    """Pairs of renderings that are parts of one written text: one voice, a written occasion named around one of
    them and a spoken one around none, and either one article and the same day named or none, or any articles of
    the story and the same day named in both. A statement or a post is one utterance however many points it makes;
    at a briefing each subject is its own, so spoken occasions are left to the content."""
    by_voice: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    by_day: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for i, s in enumerate(said):
        voice = min((s.key, *s.voices))
        by_voice[(s.article, voice)].append(i)
        if s.day:
            by_day[(s.day, voice)].append(i)
    out = []
    for (_, _), idx in [*by_voice.items(), *by_day.items()]:
        if len(idx) < 2:
            continue
        cues = [_cues(said[i], texts[said[i].article]) for i in idx]
        if not any(w for w, _ in cues) or any(sp for _, sp in cues):
            continue
        for p, i in enumerate(idx):
            for r, j in enumerate(idx[p + 1 :], p + 1):
                if said[i].day != said[j].day:  # both unnamed, or the same day
                    continue
                if (said[i].act and not cues[p][0]) or (said[j].act and not cues[r][0]):
                    continue  # an act ("asked X to …") may be done on any occasion: only the text named around it
                out.append((i, j))
    return out


def _compatible(x: list[_Said], y: list[_Said]) -> bool:
    persons = {s.key for s in x + y if s.person}
    days = {s.day for s in x + y if s.day}
    if len(persons) > 1 or len(days) > 1:
        return False
    xs = {s.key: s for s in x}
    ys = {s.key: s for s in y}
    return all(_voice(a, b) is not None for a in xs.values() for b in ys.values())


def _fullness(s: _Said) -> tuple[bool, int]:
    return s.quote.kind == "direct", len(_norm(s.quote.text))


def cluster(said: list[_Said], texts: dict[str, str]) -> list[list[int]]:
    """Average-linkage groups of one story's renderings (sparse: pairs that share a token)."""
    n = len(said)
    posting: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(said):
        for t in s.tokens:
            posting[t].append(i)
    sims: dict[tuple[int, int], float] = {}
    for ids in posting.values():
        for p, i in enumerate(ids):
            for j in ids[p + 1 :]:
                if (i, j) not in sims:
                    sims[(i, j)] = _similarity(said[i], said[j])
    for i, j in _segments(said, texts) + _occasions(said, texts) + _acts(said, texts):
        sims[(min(i, j), max(i, j))] = 1.0
    # links between groups: summed similarity; a group is its smallest member's index
    links: dict[int, dict[int, float]] = defaultdict(dict)
    peaks: dict[int, dict[int, float]] = defaultdict(dict)  # the closest pair of renderings between two groups
    for (i, j), v in sims.items():
        if v > 0:
            links[i][j] = links[j][i] = peaks[i][j] = peaks[j][i] = v
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    rep: dict[int, int] = {i: i for i in range(n)}  # each group's fullest rendering
    while True:
        best: tuple[float, int, int] | None = None
        for a, nb in links.items():
            for b, total in nb.items():
                if a < b:
                    avg = total / (len(members[a]) * len(members[b]))
                    ra, rb = rep[a], rep[b]
                    avg = max(avg, sims.get((min(ra, rb), max(ra, rb)), 0.0))
                    if peaks[a][b] >= SINGLE_LINK:
                        avg = max(avg, peaks[a][b])
                    if avg >= JOIN_AT and (best is None or avg > best[0]) and _compatible(
                        [said[k] for k in members[a]], [said[k] for k in members[b]]
                    ):
                        best = (avg, a, b)
        if best is None:
            break
        _, a, b = best
        members[a] += members.pop(b)
        rep[a] = max((rep[a], rep.pop(b)), key=lambda k: _fullness(said[k]))
        for c, total in links.pop(b).items():
            del links[c][b]
            peak = peaks[c].pop(b)
            if c != a:
                links[a][c] = links[c][a] = links[a].get(c, 0.0) + total
                peaks[a][c] = peaks[c][a] = max(peaks[a].get(c, 0.0), peak)
        del peaks[b]
    return list(members.values())


def join_acts(groups: list[list[int]], said: list[_Said]) -> list[list[int]]:
    """Groups of acts alone ("The company blamed a supplier for the hold-up") joined to the one statement their
    voice makes in their article on the same day (or none named): an act is done in a statement, and where its
    speaker says one thing in the article that is the one. Left alone where the voice says several things there
    or none."""
    out = [list(g) for g in groups]
    group_of = {k: n for n, g in enumerate(out) for k in g}
    by_article: dict[str, list[int]] = defaultdict(list)
    for k, s in enumerate(said):
        by_article[s.article].append(k)
    for n, g in enumerate(out):
        if not g or not all(said[k].act for k in g):
            continue
        homes = {
            group_of[y]
            for x in g
            for y in by_article[said[x].article]
            if group_of[y] != n and _voice(said[x], said[y]) and _same_day(said[x], said[y])
        }
        if len(homes) != 1:
            continue
        home = homes.pop()
        if _compatible([said[k] for k in g], [said[k] for k in out[home]]):
            out[home].extend(g)
            for k in g:
                group_of[k] = home
            out[n] = []
    return [g for g in out if g]


def own_part(q: Quote, quotes: Sequence[Quote], text: str) -> Quote | None:
    """``q`` without the renderings nested in it: a quote whose span runs on into another reporting clause ("it was
    not a party to the war and warned the EU that it would retaliate", "to give holders free travel after the maker
    admitted its trains were late") ends before that clause; the nested quote is its own rendering. Direct
    fragments inside a mixed quote are kept. None when nothing of its own is left."""
    cut = q.end
    for o in quotes:
        if o is q or o.kind == "direct" or not (q.start < o.start and o.end <= q.end):
            continue
        at = o.start
        if o.speaker_span and q.start < o.speaker_span[0] < at:
            at = o.speaker_span[0]
        before = text[q.start : at]
        back = before.split()[-CLAUSE_WORDS:]
        window = len(before) - len(" ".join(back)) - 1
        marks = [m.start() for m in _CLAUSE_START.finditer(before) if m.start() >= window]
        cut = min(cut, q.start + (marks[-1] if marks else len(before.rstrip())))
    if cut == q.end:
        return q
    own = text[q.start : cut].rstrip(" ,;:-\u2013\u2014")
    if len(own.split()) < EXCERPT_MIN_WORDS - 1:
        return None
    return replace(q, text=own, end=q.start + len(own))


def statement_claims(
    analyses: Sequence[Analysis],
    story_of: dict[str, str],
    entity_of: dict[tuple[str, str], str],
    entities: dict[str, CrossEntity],
    origin: OriginFn,
    outlets: dict[str, str | None],
    sentences: SentenceCache | None = None,
) -> list[Claim]:
    """One claim per statement; ids are assigned by the caller."""
    cache = sentences or SentenceCache()
    by_story: dict[str, list[_Said]] = defaultdict(list)
    texts: dict[str, str] = {}
    for i, a in enumerate(analyses):
        story = story_of.get(a.id, a.id)
        texts[a.id] = a.text
        for j, whole in enumerate(a.quotes):
            q = own_part(whole, a.quotes, a.text)
            if q is None:
                continue
            key = speaker_key(a, q, entity_of, story)
            if key is None or not q.text.strip():
                continue
            name = entities[key[1]].name if key[0] == "entity" else (q.speaker or "")
            if looks_like_outlet(name) or (q.speaker and looks_like_outlet(q.speaker)):
                continue  # "UkrInform reports that …": a citation, not a statement
            sentence = cache(a.text).around(q.start, q.end)
            by_story[story].append(_Said(
                a.id, (i, j), q, sentence, name, key, _is_person(a, q, key, entities), _day(a, q, sentence),
                act=_is_act(q),
            ))
    by_id = {a.id: a for a in analyses}
    for said in by_story.values():
        _resolve(said, entities)
        _speak_for(said, entities)
        _places(said, by_id, entities)
    for said in by_story.values():
        df: Counter[str] = Counter()
        for s in said:
            df.update(_features(s.quote.text)[0])
        for s in said:
            toks, strong = _features(s.quote.text)
            own = {lemma(fold(w))[:6] for w in words(s.name)}  # the speaker naming itself says nothing of the subject
            s.tokens = {t: stem_weight(t, df[t], len(said)) * (STRONG if t in strong else 1.0)
                        for t in toks if t not in own}
            s.weight = sum(s.tokens.values())
    claims: list[tuple[tuple[int, int], Claim]] = []
    for story, said in by_story.items():
        for idx in join_acts(cluster(said, texts), said):
            group = sorted((said[k] for k in idx), key=lambda s: s.order)
            claims.append((group[0].order, _claim(group, story, origin, outlets)))
    claims.sort(key=lambda oc: oc[0])
    return [c for _, c in claims]


_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "this", "that"})


def _core(name: str) -> frozenset[str]:
    """The words of a name or role without determiners and possessive modifiers ("the country's energy
    minister": energy, minister)."""
    return frozenset(
        w for w in re.findall(r"[\w'\u2019-]+", fold(name)) if w not in _DETERMINERS and not _POSSESSIVE_S.search(w)
    )


def _resolve(said: list[_Said], entities: dict[str, CrossEntity]) -> None:
    """Give speakers left unresolved (a name, not an entity) the key of the one speaker of the story they refer
    to: a role without a name ("the country's energy minister") is the one person with that role; a generic body
    ("police", "the force", "the court") is the one body whose name holds its words ("Westmorland Police",
    "Rotterdam District Court"; data/statements.json ``referents`` maps "force" to "police")."""
    referents = lexicon().referents
    persons: dict[tuple[str, ...], set[frozenset[str]]] = defaultdict(set)
    bodies: dict[tuple[str, ...], set[frozenset[str]]] = defaultdict(set)
    for s in said:
        if s.key[0] == "entity":
            e = entities[s.key[1]]
            if s.person:
                persons[s.key] |= {_core(r) for r in e.roles}
            else:
                bodies[s.key] |= {_core(n) for n in (e.name, *e.aliases)}
        elif not s.person:
            bodies[s.key].add(_core(s.key[-1]))
        if s.person and s.quote.role:
            persons[s.key].add(_core(s.quote.role))
    mapped: dict[tuple[str, ...], tuple[tuple[str, ...], bool]] = {}
    for key in {s.key for s in said if s.key[0] == "name" and not s.person}:
        core = _core(key[-1])
        if not core:
            continue
        by_role = {k for k, rs in persons.items() if core in rs}
        if len(by_role) == 1:
            mapped[key] = (by_role.pop(), True)
            continue
        wanted = frozenset(referents.get(w, w) for w in core)
        by_name = {k for k, ns in bodies.items() if k != key and any(wanted < n for n in ns)}
        if len(by_name) == 1:
            mapped[key] = (by_name.pop(), False)
    for s in said:
        if s.key in mapped:
            s.key, s.person = mapped[s.key]


def _speak_for(said: list[_Said], entities: dict[str, CrossEntity]) -> None:
    """Link each speaker to the institutions it speaks for: another speaker of the story named in its role
    ("Halvorsen Rail chief executive", "Veldmaas spokesman"). Such an institution is not a person, whatever
    its entity type says, and the two are one voice."""
    names: dict[tuple[str, ...], set[str]] = defaultdict(set)
    roles: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for s in said:
        if s.key[0] == "entity":
            e = entities[s.key[1]]
            names[s.key] |= {_norm(n) for n in (e.name, *e.aliases) if len(n) > 2}
            roles[s.key] |= {_norm(r) for r in e.roles}
        else:
            names[s.key].add(_norm(s.key[-1]))
        if s.quote.role:
            roles[s.key].add(_norm(s.quote.role))
    voices: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
    for key, rs in roles.items():
        text = " " + " | ".join(rs) + " "
        for other, ns in names.items():
            if other != key and any(n and f" {n} " in text for n in ns):
                voices[key].add(other)
    spoken_for = {k for vs in voices.values() for k in vs}
    for s in said:
        s.voices = frozenset(voices.get(s.key, ()))
        if s.key in spoken_for:
            s.person = False


_POSSESSIVE_S = re.compile(r"['\u2019]s$")


def _countries(text: str, places: dict[str, str]) -> set[str]:
    """ISO codes named by the words of a name, a role or a speaker's modifiers: nationality adjectives ("Chinese")
    and the article's countries and cities ("Ukraine's", "Beijing's")."""
    out = set()
    demonyms = _demonyms()
    for w in words(text):
        f = _POSSESSIVE_S.sub("", fold(w))
        code = demonyms.get(f) or (places.get(f) if w[:1].isupper() else None)
        if code:
            out.add(code)
    return out


def _group_of_people(name: str) -> bool:
    """An unnamed group of people ("EU diplomats", "residents"): people, not a body someone speaks for."""
    head = re.split(r" (?:of|in|for|from) ", fold(name))[0].split()
    return bool(head) and head[-1].endswith("s") and lemma(head[-1]) != head[-1] and (
        lemma(head[-1]) in table_words("people", "nouns")
    )


def _places(said: list[_Said], analyses: dict[str, Analysis], entities: dict[str, CrossEntity]) -> None:
    """The countries each speaker of a story is of, over all its renderings: a country or city speaking has its own
    code; others take the nationality of their name, role and the words just before the name ("Beijing's foreign
    ministry", "Russian defence ministry"), and a person also that of the bodies it speaks for. Sets
    ``countries``, ``official`` and ``place``; unnamed groups of people are people."""
    by_key: dict[tuple[str, ...], set[str]] = defaultdict(set)
    official: dict[tuple[str, ...], bool] = defaultdict(bool)
    place: set[tuple[str, ...]] = set()
    gpe: dict[str, dict[str, str]] = {}
    for s in said:
        a = analyses[s.article]
        if s.article not in gpe:
            gpe[s.article] = {
                fold(n): e.iso[:2] for e in a.entities if e.type == "GPE" and e.iso and e.iso[:2].isalpha()
                for n in (e.name, *e.aliases)
            }
        places = gpe[s.article]
        e = entities[s.key[1]] if s.key[0] == "entity" else None
        if e is not None and e.type == "GPE" and e.iso:
            by_key[s.key].add(e.iso[:2])
            place.add(s.key)
            continue
        if e is None and fold(s.name) in places:
            by_key[s.key].add(places[fold(s.name)])
            place.add(s.key)
            continue
        texts = [s.name if not s.person else "", s.quote.role or "", *(e.roles if e else ())]
        if s.quote.speaker_span:
            start = s.quote.speaker_span[0]
            texts.append(" ".join(a.text[max(s.sentence[0], start - 40) : start].split()[-2:]))
        by_key[s.key] |= _countries(" ".join(texts), places)
        official[s.key] |= bool(s.quote.role or (e and e.roles))
    for s in said:
        if s.key[0] == "name" and _group_of_people(s.key[-1]):
            s.person = True
    for s in said:
        codes = set(by_key[s.key])
        if s.person:
            for v in s.voices:
                codes |= by_key[v]
        s.countries = frozenset(codes) if len(codes) <= 2 else frozenset()
        s.official = official[s.key]
        s.place = s.key in place


def _claim(group: list[_Said], story: str, origin: OriginFn, outlets: dict[str, str | None]) -> Claim:
    fullest = max(group, key=lambda s: (s.quote.kind == "direct", len(_norm(s.quote.text)))).quote.text
    members = [
        ClaimMember(
            article=s.article, text=s.quote.text, start=s.quote.start, end=s.quote.end,
            source=s.quote.speaker or s.name, outlet=outlets.get(s.article),
            origin=origin(s.article, s.quote.start), sentence=s.sentence,
            match=rendering_match(s.quote.text, fullest), change=change_of(s.quote.text, fullest),
        )
        for s in group
    ]
    speakers = Counter(s.key for s in group)
    key = max(speakers, key=lambda k: (any(s.person for s in group if s.key == k), speakers[k]))
    lead = next(s for s in group if s.key == key)
    origins = {m.origin for m in members}
    return Claim(
        id="", kind="statement", subject=lead.name, status=status_of(True, origins), members=members,
        story=story, speaker=key[1] if key[0] == "entity" else None, sources=len(origins),
    )
