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

from newstrace.nlp.places import PLACE, SUFFIXES, candidates, ruler_names

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
_MODEL_MISTAKES = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT"})
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


def _place_evidence(doc: Doc, start: int, end: int, first_names: set[str]) -> bool:
    """Whether doc[start:end], a known place name, reads as a place here (see the module docstring)."""
    text = doc[start:end].text
    if end - start == 1 and doc[start].lower_ in first_names:
        return False
    cands = candidates(text)
    if not cands:
        return False
    if any(c[3] != PLACE for c in cands) and (end - start > 1 or len(text) > 3 or text.isupper()):
        return True  # a country or subdivision name ("Tigray", "PRC"); not a short word like "Ga"
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


def relabel_places(doc: Doc) -> None:
    """Relabel the model's misreadings of known places and add places it missed (module docstring)."""
    first_names = {
        e[0].lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 and e[0].is_alpha and e[0].is_title
    }
    ents = list(doc.ents)
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
            if len(core) and candidates(core.text if core[-1].lower_ not in SUFFIXES else core[:-1].text):
                out.append(Span(doc, core.start, core.end, label="GPE"))
                changed = True
                continue
        if ent.label_ in _MODEL_MISTAKES and len(ent) <= _MAX_WORDS:
            core = ent[1:] if ent[0].lower_ == "the" and len(ent) > 1 else ent
            if all(_capitalised(t) or t.lower_ in _CONNECTORS for t in core) and _place_evidence(
                doc, core.start, core.end, first_names
            ):
                out.append(Span(doc, core.start, core.end, label="GPE"))
                changed = True
                continue
        out.append(span)
    taken = {i for e in out for i in range(e.start, e.end)}
    i = 0
    added: list[Span] = []
    while i < len(doc):
        tok = doc[i]
        if i in taken or not tok.text[:1].isupper() or tok.pos_ != "PROPN":
            i += 1
            continue
        for n in range(min(_MAX_WORDS, len(doc) - i), 0, -1):
            words = doc[i : i + n]
            if any(j in taken for j in range(i, i + n)) or not _capitalised(words[-1]):
                continue
            if not all((t.pos_ == "PROPN" or not t.is_alpha) or t.lower_ in _CONNECTORS for t in words):
                continue
            if candidates(words.text) and _place_evidence(doc, i, i + n, first_names):
                added.append(Span(doc, i, i + n, label="GPE"))
                i += n - 1
                break
        i += 1
    if changed or added:
        doc.ents = sorted(filter_spans(out + added), key=lambda e: e.start)


@Language.factory(COMPONENT, assigns=["doc.ents"])
def make_place_ruler(nlp: Language, name: str) -> PlaceRuler:
    return PlaceRuler(nlp, name)
