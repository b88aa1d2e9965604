"""The gazetteer entity ruler: corrects the statistical NER on known places.

Small models tag "Kyiv" as PERSON or "Donetsk Oblast" as ORG. This component matches known place names
(:func:`newstrace.nlp.places.ruler_names`) and, for each match:

* relabels a model entity with exactly the same span as GPE (keeping LOC when the model said LOC);
* replaces a shorter model entity inside the match ("Donetsk" → "Donetsk Oblast");
* leaves a longer model entity that contains the match alone ("the Kyiv Independent" stays ORG);
* adds the match as GPE where the model found nothing, if the tagger took it for a proper noun ("in Nice"
  is a place, "a nice day" is not).

Matching ignores case ("ROTTERDAM —" in a dateline) but needs capitalized words.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from newstrace.nlp.places import ruler_names

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
        return doc


@Language.factory(COMPONENT, assigns=["doc.ents"])
def make_place_ruler(nlp: Language, name: str) -> PlaceRuler:
    return PlaceRuler(nlp, name)
