"""What a number is about, read from the dependency parse: the counted thing, a rise or fall, the date it
holds for, and who says so.

* ``counted``: the noun the number modifies (``nummod``: "155 Chinese citizens"), else the object of a
  following "of" ("12,000 of the troops"), else the subject of the verb the number completes ("the death toll
  rose to 155", "casualties reached 4,000").
* ``change``: "up"/"down" when the number is the amount or target of a verb or noun of change ("rose 3%",
  "cut by half", "a 5% drop", "up 3%").
* ``as_of``: a date of the same sentence introduced by "as of"/"as at" ("as of early April"), or by
  "by"/"on"/"in"/"at the end of" when it belongs to the same clause as the number.
* ``source``: the speaker of the quote the number is in; else the subject of the reporting verb whose
  clause holds the number ("A Ukrainian intelligence document ... showed that ..."), else the object of
  "according to".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from spacy.tokens import Span, Token

from newstrace.extract.syntax import governing_verb
from newstrace.extract.units import is_unit_word
from newstrace.lexicon import words
from newstrace.records import Quote, TimeExpr

Change = Literal["up", "down"]


UP = words("figure_words", "up")
DOWN = words("figure_words", "down")
#: Words of change only as verbs: "the firm", "the top 10", "155 tanks", "a mountain pass" are not changes.
VERB_ONLY = words("figure_words", "verb_only")
#: Verbs of change whose object is the counted thing: "slashed 4,000 jobs", "added 200,000 jobs".
TRANSITIVE = words("figure_words", "transitive")
_CHANGE_PATH = frozenset({"nummod", "quantmod", "compound", "pobj", "prep", "dobj", "npadvmod", "amod", "attr",
                          "advmod", "nmod", "agent", "acomp"})
REPORTING = words("figure_words", "reporting")
_SCALE_WORDS = words("figure_words", "scale_words")
_PREP_HOPS = words("figure_words", "prep_hops")
#: Verbs that state the level a change ended at: "fell 2.3% to close at 4,100.5".
_LEVEL_VERBS = words("figure_words", "level_verbs")
_DIRECTIONS = {"up": "up", "down": "down", "higher": "up", "lower": "down"}
_TIME_UNITS = words("figure_words", "time_units")
_MORE = words("figure_words", "more")
_LESS = words("figure_words", "less")
_SUBJECT_VERBS_SKIP = frozenset({"say", "tell", "claim", "report"})
_AS_OF_STRONG = re.compile(r"\bas\s+(?:of|at|on)\s+$", re.IGNORECASE)
_AS_OF_WEAK = re.compile(r"\b(?:by|on|in|at\s+the\s+end\s+of|at\s+the\s+start\s+of|through|until)\s+$",
                         re.IGNORECASE)
_DROP_CHILDREN = frozenset({"relcl", "acl", "appos", "punct", "advcl", "cc", "conj", "prep", "parataxis"})
_TRAILING = frozenset({"'s", "’s", ",", "-", "—", "(", ")"})


def _phrase(head: Token, keep_of: bool = True, det: bool = True) -> str:
    """The noun phrase headed by ``head`` without relative clauses, participles or appositions."""
    keep: list[Token] = []

    def walk(t: Token) -> None:
        keep.append(t)
        for c in t.children:
            if c.dep_ in _DROP_CHILDREN and not (keep_of and c.dep_ == "prep" and c.lower_ == "of"):
                continue
            walk(c)

    walk(head)
    idx = sorted(t.i for t in keep)
    # keep the contiguous run around the head
    lo = hi = idx.index(head.i)
    while lo > 0 and idx[lo - 1] == idx[lo] - 1:
        lo -= 1
    while hi + 1 < len(idx) and idx[hi + 1] == idx[hi] + 1:
        hi += 1
    doc = head.doc
    start, end = idx[lo], idx[hi] + 1
    while end > start + 1 and doc[end - 1].text in _TRAILING:
        end -= 1
    while not det and end > start + 1 and doc[start].pos_ == "DET":
        start += 1
    return doc[start:end].text


#: Verbs whose object amount is named by the verb: "was fined $2.4 million" → "fine".
_AMOUNT_VERBS = {"fine": "fine", "fined": "fine", "fines": "fine", "fining": "fine"}
#: Units that are themselves what is counted when they are the object of a verb: "scored 31 points".
_COUNTED_UNITS = frozenset({"point", "stroke", "run", "goal"})
#: Relative pronouns that stand for the noun their clause belongs to: "1,240 patients, half of whom ...".
_RELATIVES = frozenset({"whom", "which"})
#: Prepositions between a level and the verb whose subject it is the level of ("rose to 4.6%", "peaked at 5.2
#: metres", "remain above 7.4 million").
_LEVEL_PREPS = words("figure_words", "level_preps")
#: Verbs whose subject is what a level after them measures ("the jobless rate rose to 4.6%", "losses are
#: estimated at $3 billion"); not "the soldier paid 300,000 rubles".
_LEVEL_LEMMAS = UP | DOWN | _LEVEL_VERBS | words("figure_words", "level_lemmas")


def hyphen_head(last: Token) -> str | None:
    """The noun a hyphenated measure modifies: "a 12-year sentence" → "sentence", "the 2,000-strong force" →
    "force", "a 10-year-old boy" → "boy", "a two-year contract extension" → "contract extension"; None when no
    noun follows ("the 32-year-old signed")."""
    doc = last.doc
    j = last.i
    while j + 1 < len(doc) and not doc[j].whitespace_ and (doc[j + 1].text == "-" or doc[j].text == "-"):
        j += 1  # over "-year-old", "-strong"
    j += 1
    if j >= len(doc) or doc[j].pos_ not in ("NOUN", "PROPN") or not doc[j].text.isalpha():
        return None
    h = doc[j]
    while h.dep_ in ("compound", "amod") and h.head.i > h.i and h.head.i - j < 4 and h.head.pos_ == "NOUN":
        h = h.head
    return doc[j:h.i + 1].text


def counted(num: Span, after: Token | None, unit: str | None) -> str | None:
    """What the figure ``num`` counts or measures; ``after`` is its last token when a unit follows the number
    ("%", "rubles"). For money, percentages and measures, the thing whose level or amount it is: an "of"
    phrase ("52.4% of the vote"), "in" after money ("£45,000 in costs"), the noun a "worth" belongs to ("a deal
    worth €85 million"), the subject of the verb it completes ("the jobless rate rose to 4.6%", "Brent crude
    fell ... to $78.30"), the object of a change by a share ("cut its dividend by a third")."""
    doc = num.doc
    end = after if after is not None and after.i >= num[-1].i else num[-1]
    t = doc[num.start:end.i + 1].root  # "1.5 million", "10 %", "40 and 60": the figure's own head
    if t.pos_ == "VERB":  # "have nearly halved": what halved
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return _phrase(subj, det=False) if subj is not None and subj.pos_ in ("NOUN", "PROPN") else None
    last = num[-1]
    if last.dep_ == "nummod" and last.head.i > end.i and last.head.pos_ == "NOUN" and t.i != last.i and \
            last.head.i - end.i <= 3:
        return doc[end.i + 1:last.head.i + 1].text  # "one in five adults"
    head = t.head
    if unit in (None, "percent") and t.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and \
            head.i > end.i and head.pos_ in ("NOUN", "PROPN"):
        start = end.i + 1
        while start < head.i and (doc[start].is_punct or doc[start].pos_ == "DET"):
            start += 1
        return doc[start:head.i + 1].text
    of = _of_object(end)
    if of is not None:
        return of
    if t.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.i < t.i:
        return _phrase(head.head, keep_of=False, det=False)  # "a population of 8.4 million"
    if unit in _COUNTED_UNITS and end.dep_ in ("dobj", "npadvmod") and end.head.pos_ == "VERB" and \
            end.tag_ == "NNS":
        return end.text  # "scored 31 points", "docked 10 points"
    if unit is None and not (t.dep_ == "pobj" and head.lower_ == "by"):
        return _subject_of_verb(t) or _level_of(t, end)
    return _level_of(t, end)


def _level_of(t: Token, end: Token) -> str | None:
    """What a money, percentage or measured figure is the level or amount of (see :func:`counted`)."""
    doc = t.doc
    if end.i + 2 < len(doc) and doc[end.i + 1].lower_ == "in" and doc[end.i + 2].pos_ == "NOUN" and \
            doc[end.i + 2].text.islower() and t.ent_type_ == "MONEY":
        return doc[end.i + 2].text  # "£45,000 in costs"
    h = t.head
    if h.lower_ == "worth" and h.head.pos_ == "NOUN":
        return _phrase(h.head, keep_of=False, det=False)  # "a deal worth up to €85 million"
    prep = None
    if t.dep_ == "pobj" and h.lower_ in _LEVEL_PREPS:
        prep, h = h.lower_, h.head
    elif t.dep_ not in ("dobj", "attr", "npadvmod", "oprd", "advmod", "nsubj"):
        return None
    if h.lower_ in _DIRECTIONS and h.dep_ in ("advmod", "prt"):
        h = h.head  # "was down 12 cents to $3.41"
    if h.pos_ not in ("VERB", "AUX"):
        return None
    lemma = h.lemma_.lower()
    if h.lower_ in _AMOUNT_VERBS and prep is None:
        return _AMOUNT_VERBS[h.lower_]
    obj = next((c for c in h.children if c.dep_ == "dobj" and c.i != t.i and c.pos_ in ("NOUN", "PROPN")), None)
    if obj is not None and lemma in TRANSITIVE and prep in ("by", "to"):
        return _phrase(obj, keep_of=False, det=False)  # "cut the damages award by half, to $7.5 million"
    verb = h
    while not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and verb.dep_ in ("conj", "xcomp") \
            and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head  # "fell by 160,000 ... but remain above 7.4 million"
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.i == t.i or (subj.i < t.i and t.i in {x.i for x in subj.subtree}):
        return None
    if subj.pos_ in ("NOUN", "PROPN") and lemma in _LEVEL_LEMMAS:
        return _phrase(subj, keep_of=False, det=False)
    return None


def _of_object(t: Token) -> str | None:
    doc = t.doc
    nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
    if nxt is None or nxt.lower_ != "of":
        return None
    pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
    if pobj is not None and pobj.lower_ in _RELATIVES:
        clause = next((a for a in pobj.ancestors if a.dep_ == "relcl"), None)
        if clause is not None and clause.head.pos_ == "NOUN":
            return _phrase(clause.head, keep_of=False, det=False)  # "1,240 patients, half of whom ..."
    if pobj is None or (pobj.pos_ == "PRON" and pobj.lower_ not in ("them", "those")):
        return None
    start = nxt.i + 1
    while start < pobj.i and doc[start].pos_ == "DET":
        start += 1
    return doc[start:pobj.i + 1].text


def _subject_of_verb(t: Token) -> str | None:
    """"the death toll rose to 155": the subject of the verb the number completes, when it is a noun."""
    h = t.head
    if h.dep_ == "prep" and h.lower_ in _PREP_HOPS:
        h = h.head
    if t.dep_ not in ("dobj", "attr", "pobj", "npadvmod", "nsubj") or h.pos_ not in ("VERB", "AUX"):
        return None
    if h.lemma_ in _SUBJECT_VERBS_SKIP:
        return None
    subj = next((c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ != "NOUN" or subj.i == t.i:
        return None
    return _phrase(subj, det=False)


def change(num: Span, after: Token | None, value: float | None = None, unit: str | None = None) -> Change | None:
    """"up"/"down" when the figure is the amount or the target of a change: "rose 3%", "fell by 5 percent",
    "a 5% drop", "up 3%", "cut by half", "slashed 4,000 jobs", "ticked up to 3.9%", "67.3 percent, down from
    72 percent", "gained 300 points, or 1%". Through a counted noun only transitive verbs of change count
    ("slashed 4,000 jobs" but not "lost 155 tanks"), unless the noun is the level reached ("slipped 2% to 10.3
    million vehicles"). A negative percentage is a fall ("growth of -3%")."""
    if _is_period(num, after, unit):
        return None
    found = _change(num, after)
    if unit == "percent" and value is not None and value < 0:
        return "down"  # "grew -1.2 percent" is a fall
    if found is None:
        doc = num.doc
        end = max(num[-1].i, after.i if after is not None else -1) + 1
        nxt = doc[end].lower_ if end < len(doc) else ""
        if nxt in _MORE:
            return "up"  # "9% more than a year ago", "4% higher"
        if nxt in _LESS:
            return "down"
    return found


def _is_period(num: Span, after: Token | None, unit: str | None) -> bool:
    """"over three years", "in two months": a span of time the change took, not its amount."""
    if unit not in _TIME_UNITS:
        return False
    t = after if after is not None else num[-1]
    while t.dep_ in ("nummod", "compound", "quantmod") and t.head.i != t.i:
        t = t.head
    return t.dep_ == "pobj" and t.head.lower_ in ("over", "in", "for", "within", "during", "after", "since")


def _from_follows(t: Token) -> bool:
    """"3 million units, up from 2.1 million": the level is up from another one."""
    return t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "from"


def _change(num: Span, after: Token | None) -> Change | None:
    doc = num.doc
    if num.start > 0 and doc[num.start - 1].lower_ in ("up", "down") and doc[num.start - 1].pos_ in ("ADV", "ADP"):
        return "up" if doc[num.start - 1].lower_ == "up" else "down"
    t = after if after is not None and after.i > num[-1].i else num[-1]
    through_noun = False
    for _ in range(8):
        lemma = t.lemma_.lower()
        if (t.pos_ == "VERB" or (t.pos_ == "NOUN" and lemma not in VERB_ONLY)) and (lemma in UP or lemma in DOWN):
            if through_noun and lemma not in TRANSITIVE:
                return None
            if t.pos_ == "NOUN" and t.tag_ == "NNS" and t.i > num[-1].i:
                return None  # "12 rebounds", "three rate cuts": changes counted, not a change
            return "up" if lemma in UP else "down"
        if t.lower_ in ("up", "down") and t.pos_ in ("ADV", "ADP") and t.i < num.start:
            return "up" if t.lower_ == "up" else "down"  # "down from 72 percent"
        if t.pos_ in ("VERB", "AUX"):
            direction = next((_DIRECTIONS[c.lower_] for c in t.children if c.dep_ in ("prt", "advmod")
                              and c.lower_ in _DIRECTIONS and (c.i < num.start or _from_follows(c)
                                                               or doc[c.i - 1].text == ",")), None)
            if direction is not None:  # "ticked up to 3.9%", "were up 15 basis points at 4.35%"
                return direction  # type: ignore[return-value]
            if lemma in _LEVEL_VERBS and t.dep_ in ("advcl", "xcomp", "conj") and t.head.pos_ == "VERB":
                t = t.head  # "fell 2.3% to close at 4,100.5"
                continue
        if t.head.i == t.i:
            return None
        parent = t.head
        if t.dep_ == "pobj" and parent.lower_ not in _PREP_HOPS:
            return None
        if t.dep_ in ("conj", "appos"):
            if t.pos_ not in ("NOUN", "NUM", "PROPN", "SYM"):
                return None  # two clauses, not two figures of one change
        elif t.dep_ not in _CHANGE_PATH and t.pos_ != "NUM":
            return None
        if t.pos_ in ("NOUN", "PROPN") and t.i > num[-1].i and (after is None or t.i > after.i) and \
                not is_unit_word(t.lower_) and not (t.dep_ == "pobj" and parent.lower_ in ("to", "from")):
            through_noun = True  # the counted thing ("4,000 jobs")
        t = parent
    return None


def source(num: Span, sent: Span, quotes: Sequence[Quote]) -> str | None:
    """Who makes the claim: a quote's speaker, the subject of a reporting verb, or "according to" X."""
    start = num.start_char
    for q in quotes:
        if q.start <= start < q.end:
            return q.speaker
    t: Token = num[-1]
    came: Token = t
    for _ in range(10):
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in REPORTING:
            agent = next((c for c in t.children if c.dep_ == "agent"), None)
            by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if by is not None:  # "... were reported by the ministry"
                return _phrase(by)
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subj is not None and _inside(came, subj):
                return None  # the figure is who speaks ("Two officials said ..."), not what is claimed
            if subj is not None:
                return _speaker_of_pronoun(subj, quotes) if subj.pos_ == "PRON" else _phrase(subj)
        if t.head.i == t.i:
            break
        came, t = t, t.head
    return _according_to(sent)


def _inside(t: Token, ancestor: Token) -> bool:
    return t.i == ancestor.i or any(a.i == ancestor.i for a in t.ancestors)


def _speaker_of_pronoun(pron: Token, quotes: Sequence[Quote]) -> str | None:
    for q in quotes:
        if q.speaker_span is not None and q.speaker_span[0] == pron.idx:
            return q.speaker
    return None


def _according_to(sent: Span) -> str | None:
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            pobj = next((c for c in t.doc[t.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ != "PRON":
                return _phrase(pobj)
    return None


def _same(a: Token | None, b: Token | None) -> bool:
    return a is not None and b is not None and a.i == b.i


def as_of(num: Span, sent: Span, times: Sequence[TimeExpr], text: str) -> str | None:
    """The date the figure is said to hold for: "as of"/"as at" anywhere in its sentence, or "by"/"on"/"in"
    a date attached to the same verb as the number."""
    lo, hi = sent.start_char, sent.end_char
    verb = governing_verb(num[-1])
    strong: list[TimeExpr] = []
    weak: list[TimeExpr] = []
    for t in times:
        if not (lo <= t.start < hi) or t.type not in ("DATE", "TIME") or not t.value or t.value.endswith("_REF"):
            continue
        before = text[max(lo, t.start - 24):t.start]
        if _AS_OF_STRONG.search(before) or (0 <= t.start - num.end_char <= 1 and t.anchor is not None):
            # "as of April 2", or a relative date right after the figure: "$6.05 a week earlier"
            strong.append(t)
        elif _AS_OF_WEAK.search(before) and verb is not None:
            span = num.doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None and _same(governing_verb(span.root), verb):
                weak.append(t)
    for group in (strong, weak):
        if group:
            best = min(group, key=lambda t: abs(t.start - num.start_char))
            return best.value
    return None
