"""The gazetteer entity ruler: corrects the statistical NER on known places.

Small models tag "Kyiv" as PERSON or "Donetsk Oblast" as ORG. This component matches known place names
(:func:`newstrace.nlp.places.ruler_names`) and, for each match:

* relabels a model entity with exactly the same span as GPE (keeping LOC when the model said LOC);
* replaces a shorter model entity inside the match ("Donetsk" → "Donetsk Oblast");
* leaves a longer model entity that contains the match alone ("the Kyiv Independent" stays ORG);
* adds the match as GPE where the model found nothing, if the tagger took it for a proper noun ("in Nice"
  is a place, "a nice day" is not).

Matching ignores case ("ROTTERDAM —" in a dateline) but needs capitalized words.

Then every other capitalised run of up to four tokens is looked up in the full gazetteer
(:func:`newstrace.nlp.places.candidates`: every GeoNames place of 500+ people, every subdivision):

* a model PERSON, ORG, NORP, PRODUCT or FAC entity whose whole text is a known place becomes GPE when the
  evidence is strong enough (:func:`_place_evidence`): a country or subdivision name, a place of
  :data:`RELABEL_POPULATION` people or more, or a smaller place in a place position — after "in", "near",
  "from"…, beside another place ("Orikhiv and Huliaipole", "Asheville, N.C."), or opening a dateline.
  A name that is the first word of a longer PERSON in the same article ("Chelsea Clinton") is never
  relabelled; "Paris Hilton" stays a person because her whole name is no place;
* a longer ORG is left alone ("Kyiv School of Economics"), except "<place> <suffix>? administration /
  government / authorities", whose place part becomes GPE ("the Donetsk Oblast administration");
* a run where the model found nothing becomes GPE on the same evidence, if its words are proper nouns.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from newstrace.lexicon import words as table_words
from newstrace.nlp.places import (
    PLACE,
    SUFFIXES,
    candidates,
    lookup_place,
    notable_place,
    ruler_names,
    spelled_candidates,
)

#: A known place this big is relabelled from PERSON/ORG without a place position.
RELABEL_POPULATION = 100_000
#: Words before a name that put it in a place position.
PLACE_PREPOSITIONS = frozenset(
    [
        "in",
        "at",
        "from",
        "to",
        "near",
        "outside",
        "towards",
        "toward",
        "around",
        "across",
        "via",
        "into",
        "inside",
        "through",
        "past",
        "of",
        "between",
        "reached",
        "entered",
        "left",
        "hit",
        "struck",
        "shelled",
    ]
)
#: Lower-case words allowed inside a place name ("Rio Grande do Sul", "Deir ez-Zor", "Stratford-upon-Avon").
_CONNECTORS = frozenset(
    [
        "do",
        "da",
        "de",
        "del",
        "della",
        "di",
        "al",
        "el",
        "ez",
        "es",
        "an",
        "ad",
        "as",
        "ash",
        "ar",
        "az",
        "la",
        "le",
        "of",
        "upon",
        "on",
        "am",
        "im",
        "sur",
        "en",
        "y",
    ]
)
#: Heads of an ORG that is a place's administration: its place part is the place.
_OFFICES = frozenset(["administration", "government", "authorities", "authority", "council", "police", "governor"])
_MODEL_MISTAKES = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT", "DATE"})
_PLACE_LABELS = frozenset({"GPE", "LOC"})
_MAX_WORDS = 4

COMPONENT = "newstrace_places"


class PlaceRuler:
    def __init__(self, nlp: Language, name: str = COMPONENT) -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("PLACE", [nlp.make_doc(name) for name in ruler_names()])

    def match(self, doc: Doc) -> list[Span]:
        spans = [
            Span(doc, start, end, label="GPE")
            for _, start, end in self.matcher(doc)
            if not any(t.is_lower for t in doc[start:end] if t.is_alpha and len(t) > 3)
            and doc[start].text[:1].isupper()
        ]
        return filter_spans(spans)

    def set_annotations(self, doc: Doc, matches: list[Span]) -> None:
        ents = list(doc.ents)
        for m in matches:
            overlapping = [e for e in ents if e.start < m.end and m.start < e.end]
            if any(e.start <= m.start and m.end <= e.end and len(e) > len(m) for e in overlapping):
                continue  # a longer entity contains the place name: trust the model
            if any(not (m.start <= e.start and e.end <= m.end) for e in overlapping):
                continue  # crossing spans: trust the model rather than guess
            if not overlapping and not all(t.pos_ == "PROPN" or not t.is_alpha for t in m):
                continue  # nothing found here by the model, and not a proper noun: "a nice day"
            label = "LOC" if any(e.label_ == "LOC" for e in overlapping) else "GPE"
            ents = [e for e in ents if e not in overlapping]
            ents.append(Span(doc, m.start, m.end, label=label))
        doc.ents = sorted(ents, key=lambda e: e.start)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        relabel_places(doc)
        return doc


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() or not tok.is_alpha


class _Article:
    """What the rest of the article says about places: the names it tags as places, the subdivisions those
    name (their codes alone), and the words of its people's longer names ("Chelsea" of "Chelsea Clinton")."""

    def __init__(self, ents: list[Span]) -> None:
        self.person_words = {
            t.lower_ for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e if t.is_alpha and t.is_title
        }
        self.first_names = {
            e[0].lower_ for e in ents if e.label_ == "PERSON" and len(e) > 1 and e[0].is_alpha and e[0].is_title
        }
        self.place_names: dict[str, set[int]] = {}
        self.subdivisions: dict[str, set[int]] = {}
        self.countries: set[str] = set()
        for e in ents:
            if e.label_ in _PLACE_LABELS:
                core = _trim(e)
                self.place_names.setdefault(core.text.lower(), set()).add(e.start)
                found = lookup_place(core.text)
                if found and "-" in found[0]:
                    self.subdivisions.setdefault(found[0], set()).add(e.start)
                if found:
                    self.countries.add(found[0][:2])

    def named_elsewhere(self, text: str, start: int) -> bool:
        return bool(self.place_names.get(text.lower(), set()) - {start})

    def in_subdivision(self, text: str, start: int) -> bool:
        """Whether a place of this name (or of another spelling of it) lies in a subdivision another place of
        the article names: "Orikhiv" beside "the Zaporizhzhia region"."""
        return any(self.subdivisions.get(c[0], set()) - {start} for c in candidates(text) if c[3] == PLACE)


def _trim(span: Span) -> Span:
    """The span without leading "the" and without punctuation at either end ("Islahiye ," → "Islahiye")."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in (".",):
        end -= 1
    return doc[start:end]


def _place_evidence(doc: Doc, start: int, end: int, article: _Article, label: str = "") -> bool:
    """Whether doc[start:end], a known place name, reads as a place here (see the module docstring)."""
    text = doc[start:end].text
    if end - start == 1 and doc[start].lower_ in article.first_names:
        return False
    calendar = table_words("place_words", "calendar")
    if label == "DATE" and any(t.lower_ in calendar or t.like_num for t in doc[start:end]):
        return False
    # the same name is a place elsewhere in the article, or a place of that name lies in a subdivision the
    # article names: "Kupiansk" (ORG) in a story about Kharkiv oblast; not a word of a person's longer name
    if (
        all(t.is_title or t.lower_ in _CONNECTORS or not t.is_alpha for t in doc[start:end])  # not "SEC"
        and (label != "PERSON" or not any(t.lower_ in article.person_words for t in doc[start:end]))
        and (article.named_elsewhere(text, start) or article.in_subdivision(text, start))
    ):
        return True
    # a name as written, or another spelling of a subdivision of the article's countries or of a place in one of
    # its subdivisions ("DEIR AL-BALAH"); a person's name is never respelled into a place
    cands = candidates(text)
    if not cands and (label != "PERSON" or text.isupper()):
        cands = tuple(
            c
            for c in spelled_candidates(text)
            if (c[3] != PLACE and c[1] in article.countries) or (c[3] == PLACE and c[0] in article.subdivisions)
        )
    if not cands:
        return False
    if any(c[3] != PLACE for c in cands) and (end - start > 1 or len(text) > 3 or text.isupper()):
        return True  # a country or subdivision name ("Tigray", "PRC"); not a short word like "Ga"
    if label == "DATE":
        return False
    top = max(c[2] for c in cands)
    if top >= RELABEL_POPULATION:
        return True
    i = start - 1
    while i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 0 or (start <= 1 and end < len(doc) and doc[end].text in (",", "—", "–", "-", "(", ":")):
        return i < 0 and end < len(doc) and doc[end].text in (",", "—", "–", "-", "(", ":")
    prev = doc[i]
    if prev.lower_ in PLACE_PREPOSITIONS:
        return True
    if prev.text in (",", "and", "or") and i > 0 and doc[i - 1].ent_type_ in ("GPE", "LOC"):
        return True
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.text in (",", "and") and end + 1 < len(doc) and doc[end + 1].ent_type_ in ("GPE", "LOC"):
        return True
    return nxt is not None and nxt.lower_ in SUFFIXES


def _relabel(doc: Doc, ents: list[Span], article: _Article) -> tuple[list[Span], bool]:
    """The model's entities with its misreadings of known places labelled GPE, and whether any was."""
    changed = False
    out: list[Span] = []
    for ent in ents:
        span = ent
        if ent.label_ == "ORG" and len(ent) > 1 and ent[-1].lower_ in _OFFICES:
            core = ent[:-1]
            while len(core) and core[0].lower_ == "the":
                core = core[1:]
            if len(core) > 1 and core[-1].lower_ in SUFFIXES | {"regional", "city", "municipal", "provincial"}:
                core = core[:-1] if core[-1].lower_ in {"regional", "city", "municipal", "provincial"} else core
            name = core.text if len(core) and core[-1].lower_ not in SUFFIXES else core[:-1].text
            # "Kharkiv regional administration", "Gaza authorities": a place a reader knows, or one the article
            # names elsewhere; not any village that shares a word ("the Port Authority")
            if len(core) and (notable_place(name) or article.named_elsewhere(name, core.start)):
                out.append(Span(doc, core.start, core.end, label="GPE"))
                changed = True
                continue
        if ent.label_ in _MODEL_MISTAKES and len(ent) <= _MAX_WORDS:
            core = _trim(ent)
            if (
                len(core)
                and all(_capitalised(t) or t.lower_ in _CONNECTORS for t in core)
                and _place_evidence(doc, core.start, core.end, article, ent.label_)
            ):
                out.append(Span(doc, core.start, core.end, label="GPE"))
                changed = True
                continue
        out.append(span)
    return out, changed


def relabel_places(doc: Doc) -> None:
    """Relabel the model's misreadings of known places and add places it missed (module docstring)."""
    ents = list(doc.ents)
    out, changed = _relabel(doc, ents, _Article(ents))
    article = _Article(out)
    taken = {i for e in out for i in range(e.start, e.end)}
    i = 0
    added: list[Span] = []
    while i < len(doc):
        tok = doc[i]
        if i in taken or not tok.text[:1].isupper() or not tok.is_alpha:
            i += 1
            continue
        for n in range(min(_MAX_WORDS, len(doc) - i), 0, -1):
            words = doc[i : i + n]
            if any(j in taken for j in range(i, i + n)) or not _capitalised(words[-1]):
                continue
            if not all((t.pos_ == "PROPN" or not t.is_alpha) or t.lower_ in _CONNECTORS for t in words) and not (
                _suffix_follows(doc, i + n) and all(t.is_alpha and t.text[:1].isupper() for t in words)
            ):  # a proper noun, or capitalised words before "district", "province"… ("Dadu district")
                continue
            if _longer_name(doc, i, i + n):
                continue  # the head of a longer proper name: "Maarten" of "Maarten De Vries"
            if n == 1 and words[0].is_stop:
                continue  # a capitalised function word: "As the fire spread", not the town of As
            if (candidates(words.text) or spelled_candidates(words.text)) and _place_evidence(
                doc, i, i + n, article
            ):
                added.append(Span(doc, i, i + n, label="GPE"))
                i += n - 1
                break
        i += 1
    if changed or added:  # the places found so far are context for the rest ("Orikhiv" beside "Zaporizhzhia region")
        out, _ = _relabel(doc, out, _Article(out + added))
    spans = sorted(filter_spans(out + added), key=lambda e: e.start)
    joined = _join_names(doc, _extend_places(doc, spans))
    if joined != ents:
        doc.ents = joined


def _longer_name(doc: Doc, start: int, end: int) -> bool:
    """Whether doc[start:end] runs on into more capitalised proper nouns (not a place, not a suffix word)."""
    nxt = doc[end] if end < len(doc) else None
    return (
        nxt is not None
        and nxt.is_alpha
        and nxt.text[:1].isupper()
        and nxt.pos_ == "PROPN"
        and nxt.ent_type_ not in _PLACE_LABELS
        and nxt.lower_ not in SUFFIXES
    )


def _suffix_follows(doc: Doc, i: int) -> bool:
    return i < len(doc) and doc[i].lower_ in SUFFIXES and doc[i].is_lower


def _name_token(tok: Token) -> bool:
    """A word that may be part of a multi-word place name: capitalised, a connector, or a hyphen or apostrophe
    inside a word ("Deir ez-Zor")."""
    if tok.is_alpha:
        if tok.lower_ in _CONNECTORS:
            return True
        return tok.text[:1].isupper() and not tok.is_stop  # not "The", "In" opening a sentence
    return tok.text in ("-", "'", "’") and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_


def _extend_places(doc: Doc, ents: list[Span]) -> list[Span]:
    """A place entity grown to the longest known place name around it, over unlabelled words and other place
    entities of the name: "Rio Grande" + "Sul" → "Rio Grande do Sul", "Eldorado" → "Eldorado do Sul"."""
    out = list(ents)
    for ent in ents:
        if ent.label_ not in _PLACE_LABELS or ent not in out:
            continue
        best: tuple[int, int] | None = None
        for start in range(max(0, ent.start - 3), ent.start + 1):
            for end in range(min(len(doc), ent.end + 3), ent.end - 1, -1):
                if (start, end) == (ent.start, ent.end) or end - start > _MAX_WORDS + 1:
                    continue
                if best is not None and end - start <= best[1] - best[0]:
                    continue
                window = doc[start:end]
                if not all(_name_token(t) for t in window) or not (
                    window[0].text[:1].isupper() and window[-1].text[:1].isupper()
                ):
                    continue
                inside = [o for o in out if o.start < end and start < o.end and o is not ent]
                if any(o.label_ not in _PLACE_LABELS or o.start < start or o.end > end for o in inside):
                    continue
                if candidates(window.text):
                    best = (start, end)
        if best is not None:
            out = [o for o in out if not (o.start < best[1] and best[0] < o.end)]
            out.append(Span(doc, best[0], best[1], label=ent.label_))
            out.sort(key=lambda e: e.start)
    return out


def _join_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """A one-word place name directly before a one-word name that is no place is a person's given name
    ("Israel Adesanya", "Jordan Pickford" tagged as two places): the two become one PERSON."""
    out: list[Span] = []
    i = 0
    while i < len(ents):
        x = ents[i]
        y = ents[i + 1] if i + 1 < len(ents) else None
        if (
            y is not None
            and x.label_ in _PLACE_LABELS
            and len(x) == 1
            and len(y) == 1
            and y.start == x.end
            and x[0].whitespace_
            and x[0].is_alpha
            and y[0].is_alpha
            and y[0].is_title
            and (y.label_ == "PERSON" or (y.label_ in _PLACE_LABELS | {"NORP"} and not candidates(y.text)))
            and not (y.end < len(doc) and doc[y.end].is_title and doc[y.end].is_alpha)
            and not candidates(doc[x.start : y.end].text)
        ):
            out.append(Span(doc, x.start, y.end, label="PERSON"))
            i += 2
            continue
        out.append(x)
        i += 1
    return out


@Language.factory(COMPONENT, assigns=["doc.ents"])
def make_place_ruler(nlp: Language, name: str) -> PlaceRuler:
    return PlaceRuler(nlp, name)
