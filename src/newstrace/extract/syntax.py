"""Small dependency-parse helpers shared by the time and quantity extractors."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newstrace.extract.timex import Tense

_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "’ll"})
#: Modals that point ahead in news ("could rise next week", "may close Friday"); "would" and "should" also
#: report past plans or conditions, and stay without a tense.
_FUTURE_MODALS = frozenset({"could", "may", "might", "can", "must", "ca"})
_VERBAL = frozenset({"VERB", "AUX"})


def span_at(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens covering characters ``start:end`` (expanded to whole tokens)."""
    return doc.char_span(start, end, alignment_mode="expand")


def governing_verb(token: Token, max_hops: int = 6) -> Token | None:
    """The nearest verb (or auxiliary) among ``token`` and its heads."""
    t = token
    for _ in range(max_hops):
        if t.pos_ in _VERBAL:
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return t if t.pos_ in _VERBAL else None


def tense(token: Token) -> Tense:
    """The tense of the clause ``token`` belongs to: "future" for will/shall/going to or a to-infinitive
    ("plans to meet on Friday", "is expected to be completed"), or a modal that points ahead ("could", "may",
    "might", "can", "must"), "past" for a past-tense verb or auxiliary or a modal perfect ("may have left"),
    "present" for a present one, and None for verbless phrases and the other modals ("would", "should")."""
    verb = governing_verb(token)
    if verb is None:
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if not auxes and verb.tag_ == "VB" and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return tense(verb.head)  # "are closed today and reopen on Monday", "will close and reopen"
    perfect = any(a.lemma_ == "have" for a in auxes) and verb.tag_ == "VBN"
    for a in auxes:
        low = a.lower_
        if low in _FUTURE_AUX or (low == "going" and verb.tag_ == "VB"):
            return "future"
        if a.tag_ == "TO" and (verb.tag_ == "VB" or (not perfect and any(x.lower_ == "be" for x in auxes))):
            return "future"  # "plans to meet", "is expected to be completed"
    if any(a.tag_ == "MD" for a in auxes):
        if perfect:
            return "past"  # "may have left"
        return "future" if any(a.lower_ in _FUTURE_MODALS for a in auxes) else None
    if any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        # "has fallen" reports the past; "is scheduled", "is meeting" the present
        return "past" if perfect else "present"
    if verb.tag_ in ("VBD", "VBN"):
        return "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    return None
