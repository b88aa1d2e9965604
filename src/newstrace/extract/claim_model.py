"""The claim model of a figure: what it measures, of whom or where, for which event, and whether it is a count
or a projection — read off the spaCy parse around the number.

- ``measure``: a frame of :file:`data/measures.json` ("deaths", "seats", "rate_change", ...) evoked by the
  words the figure hangs on, nearest first: the counted noun and its compounds ("death toll", "the number of
  fatalities"), the governing verb and its particle or object ("killed", "lost their lives", "took part"),
  the verb's subject ("the toll has risen to 410", "turnout reached 53%"), the verb it depends on ("bringing
  the total to 40" after "recovered 24 bodies"), then any frame noun of the sentence ("the Greens took 23"
  after "seats"). A figure that is the amount of a change ("lost 30 seats", "rose by 2 points") measures the
  frame's change (``seats_change``). Without a frame, the counted noun's lemma ("aftershock", "rescue
  worker"), else the governing verb's ("convict"), else None.
- ``scope``: whom or where. A place the figure is said to be "in"/"across"/"at" (not a country: a national
  figure has no scope); for frames that belong to a holder (seats, votes, sentences, bans, fines) the holder:
  the proper-noun subject ("Civic Union took 19"), the person sentenced or banned ("three other directors were
  banned"). The denominator of "19 of the 30 seats" has the scope "all".
- ``event``: set when the figure is about another event than the article's: a past year in its clause ("a 1999
  tremor killed 400"), "last"/"previous"/"first" + noun ("last year's storm", "the first round"), a running
  total ("since January"), or an increment ("24 more bodies": ``additional``).
- ``estimate``: the clause is a projection: a modal or future ("could exceed", "may reach", "will"), or a verb
  of expectation ("is expected to", "economists forecast").
- ``as_of``: kept; filled with the article's date when the clause reports a current count in the present or
  present perfect ("the toll has risen to 410") and the figure is no estimate and about the article's event.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from newstrace.extract.entities import TITLE_WORDS
from newstrace.lexicon import table, words
from newstrace.nlp.places import lookup_place
from newstrace.records import Quantity, TimeExpr

#: How the values of a frame move over time (see data/measures.json).
UpdateKind = str


@dataclass(frozen=True, slots=True)
class Frame:
    name: str
    updates: UpdateKind
    nouns: frozenset[str]
    verbs: frozenset[str]
    label: str = ""  #: how a reader calls it ("people killed")
    units: frozenset[str] = frozenset()  #: the kinds of unit its figures take ("count", "money", ...); empty: any


@lru_cache(maxsize=1)
def frames() -> dict[str, Frame]:
    """The frame lexicon of ``data/measures.json``, by name."""
    raw = table("measures")
    return {
        name: Frame(name, f.get("updates", "change"), frozenset(w.lower() for w in f.get("nouns", [])),
                    frozenset(w.lower() for w in f.get("verbs", [])), f.get("label", name),
                    frozenset(f.get("units", [])))
        for name, f in raw["frames"].items()
    }


@lru_cache(maxsize=1)
def _noun_index() -> dict[str, str]:
    out: dict[str, str] = {}
    for f in frames().values():
        for w in sorted(f.nouns):
            out.setdefault(w, f.name)
    return out


@lru_cache(maxsize=1)
def _verb_index() -> dict[str, str]:
    out: dict[str, str] = {}
    for f in frames().values():
        for w in sorted(f.verbs):
            out.setdefault(w, f.name)
    return out


def updates_of(measure: str | None) -> UpdateKind:
    """"grow", "change" or "fixed" for a measure (a ``_change`` measure and an unknown one: "change")."""
    f = frames().get(measure or "")
    return f.updates if f is not None else "change"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"})
_AREA_UNITS = frozenset({"hectare", "acre", "square kilometre", "square mile", "square metre", "km2", "km²"})
#: Units of a change of a rate. A bare "point" is one only with a rate frame nearby ("cut rates by half a
#: point"); "7.5 points out of 9" in chess and "the Dow fell 190 points" are scores and index levels.
_POINT_UNITS = frozenset({"basis point", "percentage point", "bp"})


def unit_kind(unit: str | None) -> str:
    """The kind of a figure's unit: "count" (none), "money", "duration", "percent", "point", "area", "measure"."""
    u = (unit or "").strip()
    if not u:
        return "count"
    if len(u) == 3 and u.isupper():
        return "money"
    low = u.lower()
    if low in _TIME_UNITS or low.rstrip("s") in _TIME_UNITS:
        return "duration"
    if low in ("percent", "%", "per cent"):
        return "percent"
    if low in _POINT_UNITS or low == "point":
        return "point"
    if low in _AREA_UNITS:
        return "area"
    return "measure"


def fits_unit(measure: str | None, unit: str | None) -> bool:
    """Whether a figure in ``unit`` can measure the frame ``measure`` (a death toll is a count, a fine money)."""
    f = frames().get((measure or "").removesuffix("_change"))
    return f is None or not f.units or unit_kind(unit) in f.units


#: Nouns that say little by themselves: what they are of, or their compound, says what is counted.
HOLLOW = _words("toll number total count figure tally amount sum level share")
#: Nouns that count people without saying which: the verb says what happened to them.
GENERIC = _words("""people person other them those these one individual resident inhabitant man woman child civilian
    citizen member""")
CHANGE_VERBS = _words("""rise fall lose gain drop add shed increase decrease cut raise lift hike climb jump grow shrink
    decline reduce lower slash boost""")
REPORTING = _words("say tell report announce add show state confirm claim write note")
LIGHT = _words("be have reach stand exceed pass top hit put bring rise climb jump remain")
MODALS = _words("could may might")
EXPECT = _words("expect forecast project predict anticipate fear estimate")
#: Verbs of permission or design: "licensed to carry 40 passengers" is a capacity, not a count.
PERMIT = _words("license licence allow permit design certify authorise authorize rate")
#: Words after a figure that make it a gap, not a level: "three seats short of a majority", "18 more than".
GAP = _words("short shy more fewer less above below over under")
#: Words that say a time to come: "6.5% next year".
FUTURE = _words("next coming")
HOLDER_FRAMES = frozenset({"seats", "votes", "vote_share", "sentence", "ban", "fine"})
GENERIC_PLACE = _words("""province city town village region district municipality county state area country
    capital nation""")
EARLIER = _words("last previous prior first earlier past")
#: Nouns that name an occasion or a period: "last year's storm", "the first round", "the previous election".
#: Not "week" or "month": "last week's collision" in a follow-up is the story's own event, seen a week later.
OCCASIONS = _words("""year season round ballot election vote poll quarter decade century disaster storm flood
    quake earthquake tremor fire war attack crisis""")
INCREMENT = _words("more another additional further extra new")
#: Frames measured in (percentage) points; any other figure in points is a change of a rate.
_POINT_FRAMES = frozenset({"rate_change", "vote_share", "turnout", "inflation", "unemployment", "growth"})
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_HOLDER_ENTS = frozenset({"ORG", "NORP", "PERSON", "GPE"})


@dataclass(slots=True)
class ClaimModel:
    measure: str | None = None
    scope: str | None = None
    event: str | None = None
    estimate: bool = False
    as_of: str | None = None
    owner: str | None = None  #: whose count it is ("the health ministry's count of 3,200")
    hollow: bool = False  #: named only by a hollow noun ("count", "figure", "number")


def annotate(doc: Doc, quantities: list[Quantity], published: str | None = None) -> list[Quantity]:
    """Set the claim model fields of each quantity of ``doc`` in place; returns them."""
    hollow: dict[int, tuple[int, int]] = {}  # figures named only by "count"/"figure"/"number": index → sentence
    _own_dates(doc, quantities, published)
    for k, q in enumerate(quantities):
        span = _span(doc, q)
        if span is None or len(span) == 0:
            continue
        if q.unit is None and (unit := _POINTS_AFTER.match(_text(doc), q.end)) is not None:
            q.unit = "basis point" if unit.group(1) else "point"  # "a 75-basis-point rise", "three-quarters of a point"
        m = model(span, q, published)
        if span.doc is not doc and m.scope in GENERIC_PLACE:
            m.scope = _named_before(doc, q.start) or m.scope  # a list line parsed alone: "9,800 dead in the city"
        q.measure, q.scope, q.event, q.estimate = m.measure, m.scope, m.event, m.estimate
        if q.as_of is None:
            q.as_of = m.as_of
        if m.owner is not None:
            q.source = m.owner
        if m.hollow:
            hollow[k] = (span.sent.start, span.sent.end) if span.doc is doc else (-1, -1)
    # "9,800 killed in Wadi Sarra, far higher than the ministry's count of 3,200": a figure named only by a
    # hollow noun takes the measure and scope of the figure of its sentence it is compared with; "the number",
    # "the count" also refer back to the figure just before ("112 homes have been destroyed. The mayor says the
    # number may reach 300"; "30 people were treated; the ministry's count was 12")
    sents = list(doc.sents)
    for k, sent in hollow.items():
        q = quantities[k]
        if sent[0] < 0:
            continue
        prev = next((x.start for x in sents if x.end == sent[0]), sent[0])
        near = [(j, o, s) for j, o in enumerate(quantities) if j != k and j not in hollow and o.measure
                and (s := _span(doc, o)) is not None and s.doc is doc and prev <= s.sent.start <= sent[0]
                and (o.unit or None) == (q.unit or None)]
        before = sorted((o for _, o, _ in near if o.start < q.start), key=lambda o: o.start)
        same = [o for _, o, s in near if s.sent.start == sent[0]]
        others = [before[-1]] if before else same
        if others and (q.measure is None or q.measure == others[0].measure):
            q.measure = others[0].measure
            q.scope = q.scope or others[0].scope
            q.event = q.event or others[0].event
    return quantities


_POINTS_AFTER = re.compile(r"[\s-]*(?:(basis)[\s-]+points?|(?:of\s+a\s+)?(?:percentage[\s-]+)?points?)\b",
                           re.IGNORECASE)


def _own_dates(doc: Doc, quantities: list[Quantity], published: str | None) -> None:
    """A date of another figure's phrase does not date a figure: "110 seats, down from 112 in Monday's
    provisional results" — Monday is when there were 112. A figure whose as-of date is written only in another
    figure's phrase of its sentence takes the date of its own phrase, else none."""
    if not published:
        return
    by_sent: dict[int, list[tuple[Quantity, Token]]] = defaultdict(list)
    for q in quantities:
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None and len(span):
            by_sent[span.sent.start].append((q, _number(span)))
    times = None
    for figs in by_sent.values():
        if len(figs) < 2 or not any(q.as_of for q, _ in figs):
            continue
        if times is None:
            from newstrace.extract.times import extract_times
            times = [t for t in extract_times(doc, published) if t.value and t.type in ("DATE", "TIME")]
        nums = [n for _, n in figs]
        for q, num in figs:
            if not q.as_of:
                continue
            sent = num.sent
            mine: list[TimeExpr] = []
            others: list[TimeExpr] = []
            for t in times:
                if not (sent.start_char <= t.start < sent.end_char):
                    continue
                owner = _owner_figure(doc, t.start, nums)
                (mine if owner is num else others if owner is not None else []).append(t)
            if any(t.value == q.as_of for t in others) and not any(t.value == q.as_of for t in mine):
                q.as_of = mine[0].value if mine else None


def _owner_figure(doc: Doc, char: int, nums: list[Token]) -> Token | None:
    """The figure whose phrase holds the time at ``char``: the first phrase up the parse from the time that
    holds exactly one of ``nums`` (not through a clause); a time on the clause itself goes with the figure
    just before it ("rose to 9.1% in September from 8.6% in August")."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return None
    t = span.root
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            break
        inside = [n for n in nums if _reaches(n, t)]
        if len(inside) == 1:
            return inside[0]
        if len(inside) > 1:
            return None
        t = t.head
    before = [n for n in nums if n.i < span.start and n.sent.start == span.sent.start]
    return max(before, key=lambda n: n.i) if before else None


def _reaches(n: Token, t: Token) -> bool:
    """``t`` is up the parse from ``n`` without crossing a clause."""
    for _ in range(8):
        if n == t:
            return True
        if n.head.i == n.i or n.pos_ in ("VERB", "AUX"):
            return False
        n = n.head
    return False


def _text(doc: Doc) -> str:
    """``doc.text``, kept on the doc: spaCy joins every token's text again at each read, which per figure is
    quadratic in the article's length (issue 20)."""
    text = doc.user_data.get("newstrace.text")
    if not isinstance(text, str):
        text = doc.user_data["newstrace.text"] = doc.text
    return text


def _span(doc: Doc, q: Quantity) -> Span | None:
    """The tokens of ``q``; a figure on a line of a list ("• 3,200 dead in Wadi Sarra", "- Firm fined €1.2m")
    is read in its line parsed alone, since the parser runs list lines together."""
    text = _text(doc)
    line_start = text.rfind("\n", 0, q.start) + 1
    line_end = text.find("\n", q.end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    mark = _BULLET_MARK.match(line)
    if mark is not None:
        sub = _reparse(doc, line[mark.end():])
        offset = line_start + mark.end()
        if sub is not None and q.start >= offset:
            return sub.char_span(q.start - offset, q.end - offset, alignment_mode="expand")
    return doc.char_span(q.start, q.end, alignment_mode="expand")


_PARSERS: dict[int, object] = {}


def _reparse(doc: Doc, line: str) -> Doc | None:
    """``line`` parsed by the configured pipeline sharing the document's vocabulary (loaded once per
    vocabulary, without newstrace's own component), or None when there is none."""
    key = id(doc.vocab)
    nlp = _PARSERS.get(key)
    if key not in _PARSERS:
        try:
            import spacy

            from newstrace import config
            nlp = spacy.load(config.model_name(), vocab=doc.vocab)
        except Exception:  # noqa: BLE001 - no pipeline at hand: keep the document's parse
            nlp = None
        _PARSERS.clear()
        _PARSERS[key] = nlp
    if nlp is None or getattr(nlp, "vocab", None) is not doc.vocab:
        return None
    return nlp(line)  # type: ignore[operator]


_BULLET_MARK = re.compile(r"^\s*(?:[•·▪◦*–-]|\d{1,2}[.)])\s+")


def _number(span: Span) -> Token:
    nums = [t for t in span if t.like_num or t.pos_ == "NUM"]
    return nums[-1] if nums else span.root


def _frame_noun(t: Token) -> str | None:
    """The frame a noun evokes, with its compounds ("death toll") and, for a hollow noun, what it is of."""
    idx = _noun_index()
    comp = " ".join(c.lemma_.lower() for c in t.children if c.dep_ == "compound" and c.i < t.i)
    lem = t.lemma_.lower()
    for key in (f"{comp} {lem}".strip(), lem, t.lower_):
        if key in idx:
            return idx[key]
    for c in t.children:
        if c.dep_ == "compound" and c.lemma_.lower() in idx and (lem in HOLLOW or lem in GENERIC_PLACE
                                                                   or t.pos_ != "NOUN"):
            return idx[c.lemma_.lower()]  # "death toll"; but "rescue workers" are workers
        if c.dep_ == "prep" and c.lower_ == "of" and lem in HOLLOW:
            for p in c.children:
                if p.dep_ == "pobj" and (f := _frame_noun(p)) is not None:
                    return f
        if c.dep_ in ("amod", "acl", "advmod") and c.lower_ in idx and lem in GENERIC | HOLLOW:
            return idx[c.lower_]  # "people missing", "the dead"
        if c.dep_ == "prep" and lem in GENERIC:
            for p in c.children:
                if p.dep_ == "pobj" and f"{c.lower_} {p.lower_}" in idx:
                    return idx[f"{c.lower_} {p.lower_}"]  # "people on board"
    return None


def _verb_lemmas(v: Token) -> list[str]:
    """The verb's lemma, and the forms a wrong lemma hides ("fined" lemmatized "fin")."""
    low = v.lower_
    out = [v.lemma_.lower()]
    for cut in ("d", "ed", "s", "es"):
        if low.endswith(cut) and len(low) > len(cut) + 2:
            out.append(low[: -len(cut)])
    return out


def _frame_verb(v: Token) -> str | None:
    idx = _verb_index()
    for lem in _verb_lemmas(v):
        for c in v.children:
            if c.dep_ in ("prt", "dobj", "prep", "acomp", "advmod", "xcomp", "oprd"):
                key = f"{lem} {c.lemma_.lower()}"
                if key in idx:
                    return idx[key]
            if c.dep_ in ("oprd", "acomp") and c.lower_ in _noun_index():
                return _noun_index()[c.lower_]  # "left 63 people dead", "were reported missing"
        if lem in idx:
            return idx[lem]
    lem = v.lemma_.lower()
    if v.lower_ in _noun_index() and v.tag_ in ("VBN", "JJ"):
        return _noun_index()[v.lower_]  # "the injured", "missing"
    return None


def _counted(num: Token, span: Span) -> tuple[Token | None, Token]:
    """The noun the figure counts (None for a bare number) and the token that attaches the figure."""
    t = num
    while t.i + 1 < len(t.doc) and t.head.i in range(span.start, span.end) and t.head.i != t.i:
        t = t.head  # up to the figure's own root ("75 basis points": points)
    top = span.root if span.root.i >= t.i else t
    if top.pos_ in ("NOUN", "PROPN") and top.i != num.i and not top.like_num:
        unitish = top.i < span.end
        if not unitish:
            return top, top
    h = top.head
    if top.dep_ in ("nummod", "quantmod", "compound", "nmod", "amod", "npadvmod") and h.pos_ in ("NOUN", "PROPN"):
        return h, h
    if top.dep_ in ("appos", "conj") and h.pos_ in ("NOUN", "PROPN"):
        return h, h
    # "19 of the 30 seats", "two of them"
    for c in top.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj" and p.pos_ == "PRON" and p.lower_ in ("them", "those", "these"):
                    # "recovered 1,020 bodies, 640 of them in Dervan": the noun counted just before
                    ante = next((w for w in reversed(list(top.sent)) if w.i < top.i and w.pos_ == "NOUN"
                                 and any(n.dep_ == "nummod" for n in w.children)), None)
                    return (ante or p), top
                if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN", "PRON"):
                    return p, top
    # "a toll of 400", "a ban of five years"
    if top.dep_ == "pobj" and top.head.dep_ == "prep" and top.head.head.pos_ in ("NOUN", "PROPN") \
            and top.head.lower_ in ("of", "at"):
        return top.head.head, top
    return None, top


def _verb(t: Token) -> Token | None:
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX"):
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _subject(v: Token) -> Token | None:
    return next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _object(v: Token) -> Token | None:
    return next((c for c in v.children if c.dep_ in ("dobj",)), None)


def _clause(v: Token | None, extra: Token, num: Token) -> list[Token]:
    """Tokens whose nearest verb is ``v`` (the clause without nested clauses and without the phrases of other
    figures: "up from 47.5% in the first round" is not about 53.1%), and those around ``extra``."""
    out = [t for t in extra.subtree if not _other_figure(t, num)] if extra is not None else []
    if v is None:
        return out
    stack = [v]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if c.pos_ in ("VERB", "AUX") and c.dep_ in ("ccomp", "advcl", "relcl", "conj", "parataxis", "xcomp"):
                continue
            if _other_figure(c, num):
                continue
            stack.append(c)
    return out


def _other_figure(t: Token, num: Token) -> bool:
    """``t`` heads a phrase with another number than ``num`` and not ``num`` itself."""
    if num.i in range(t.left_edge.i, t.right_edge.i + 1):
        return False
    return any(w.like_num and not _YEAR.match(w.text) and not (w.head.pos_ == "PROPN" and w.head.ent_type_ == "DATE")
               for w in t.subtree)  # "on June 7" is no figure


def model(span: Span, q: Quantity, published: str | None = None) -> ClaimModel:
    """The claim model of the figure ``q`` spanning ``span``."""
    num = _number(span)
    noun, attach = _counted(num, span)
    verb = _verb(attach)
    measure = _measure(q, span, num, noun, attach, verb)
    change = _is_gap(noun) or (_is_change(attach, verb, span, noun) and (verb is None or _frame_verb(verb) != measure))
    if change and measure is not None and not measure.endswith("_change"):
        measure = f"{measure}_change" if measure != "rate" else "rate_change"
    if measure in ("rate_change",):
        change = True
    clause = _clause(verb, noun if noun is not None else attach, num)
    scope = _scope(span, num, noun, attach, verb, measure, unit_kind(q.unit) == "duration")
    event = _event(clause, noun, num, verb, span, published)
    estimate = _estimate(verb, noun, clause, span)
    as_of = None
    if published and event is None and not estimate and verb is not None and _present(verb):
        as_of = published[:10]
    hollow_noun = _hollow_noun(noun, attach, verb)
    owner = _owner(hollow_noun) if hollow_noun is not None else None
    hollow = hollow_noun is not None and (noun is None or noun.lemma_.lower() in HOLLOW | {"estimate"})
    return ClaimModel(measure, scope, event, estimate, as_of, owner, hollow)


def _hollow_noun(noun: Token | None, attach: Token, verb: Token | None) -> Token | None:
    """The hollow noun that names the figure: "the count of 3,200", "the ministry's count was 12"."""
    if noun is not None and noun.lemma_.lower() in HOLLOW | {"estimate"}:
        return noun
    if verb is not None and verb.lemma_.lower() in ("be", "put") and attach.dep_ in ("attr", "pobj", "dobj"):
        subj = _subject(verb) if verb.lemma_.lower() == "be" else _object(verb)
        if subj is not None and subj.lemma_.lower() in HOLLOW | {"estimate"}:
            return subj
    return None


def _owner(noun: Token) -> str | None:
    """Whose count a hollow noun is: "the health ministry's count" → "health ministry"."""
    for c in noun.children:
        if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN"):
            words = [w.text for w in c.subtree if w.dep_ not in ("case", "det") and w.pos_ != "PUNCT"]
            return " ".join(words) or None
    return None


def _measure(q: Quantity, span: Span, num: Token, noun: Token | None, attach: Token,
             verb: Token | None) -> str | None:
    unit = (q.unit or "").lower()
    ok = lambda f: f is not None and fits_unit(f, q.unit)  # noqa: E731
    if unit in _POINT_UNITS or unit == "point":
        f = _measure_words(noun, verb)
        if unit != "point" or f in _POINT_FRAMES | {"rate"}:
            return f if f in _POINT_FRAMES else "rate_change"
    if unit in _AREA_UNITS:
        return "area"
    if verb is not None and _permitted(verb):
        return "capacity"  # "licensed to carry 40 passengers"
    # a frame noun just before the number or just after the figure: "magnitude 7.1", "a €1.2m fine"
    for t in (span.doc[span.start - 1] if span.start > 0 else None, _next_word(span)):
        if t is not None and t.dep_ == "compound" and t.i >= span.end and t.head.i > t.i \
                and t.head.pos_ == "NOUN" and t.head.lemma_.lower() not in HOLLOW:
            continue  # "3,000 rescue workers" are workers, not a rescue
        if t is not None and t.pos_ in ("NOUN", "ADJ", "PROPN") and (f := _noun_index().get(t.lemma_.lower(),
                _noun_index().get(t.lower_))) is not None and ok(f) \
                and (t.i > span.start or t.dep_ in ("nmod", "compound", "amod") or t.head == num):
            return _happened(f, t, verb)
    after = _next_word(span)
    if after is not None and after.lower_ in ("in", "of") and after.i + 1 < len(span.doc):
        # "30 days in detention", "four years in prison"
        obj = next((p for p in after.children if p.dep_ == "pobj"), None)
        if obj is not None and obj.pos_ == "NOUN" and ok(f := _frame_noun(obj)) and unit_kind(q.unit) != "count":
            return f
    # "a five-year director ban": the frame noun at the top of the compounds the figure modifies
    head, steps = (noun if noun is not None else num), 0
    while head.dep_ in ("compound", "nummod", "amod") and head.head.pos_ == "NOUN" and head.head != head and steps < 3:
        head, steps = head.head, steps + 1
        if (f := _frame_noun(head)) is not None and ok(f):
            return f
    # "a capacity of 40 passengers", "a toll of 400": the noun the counted one is "of" says what is counted
    if noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        f = _frame_noun(noun.head.head)
        if ok(f):
            return f
    if noun is not None and attach.like_num and noun.dep_ == "pobj" and noun.head.head == attach \
            and (_frame_noun(noun) is None or (_people_frame(_frame_noun(noun) or "") and _people_frame(
                _frame_verb(verb) or "") if verb is not None else False)) and verb is not None \
            and verb.lemma_.lower() not in LIGHT | REPORTING and verb.pos_ == "VERB":
        # "five of the seven defendants were convicted": what happened to them is what is counted
        f = _frame_verb(verb)
        return f if ok(f) else verb.lemma_.lower()
    found = _measure_words(noun, verb, _is_target(attach))
    if found is not None and not ok(found):
        found = None
    content = noun is not None and noun.pos_ == "NOUN" and noun.lemma_.lower() not in GENERIC | HOLLOW \
        and noun.i >= span.end and _frame_noun(noun) is None
    if content and found is not None and not (_people_frame(found) and _names_people(noun)):
        # a counted noun of its own ("1,200 buildings") is what is counted, whatever the verb ("two dams
        # needed repairs"); but what happened to people is what counts them ("five activists were arrested")
        found = None
    if found is None and not content:
        for t in span.sent:  # an elided noun: "the Greens took 23" after "seats"
            if t.pos_ == "NOUN" and (f := _frame_noun(t)) is not None and noun is None and not unit and ok(f):
                return f
    if found is not None:
        return found
    if noun is not None and noun.pos_ in ("NOUN", "PROPN") and noun.lemma_.lower() not in GENERIC | HOLLOW:
        comp = [c.lemma_.lower() for c in noun.children if c.dep_ == "compound" and c.i < noun.i]
        return " ".join([*comp, noun.lemma_.lower()])
    if verb is not None and verb.lemma_.lower() not in LIGHT | REPORTING:
        return verb.lemma_.lower()
    return None


def _people_frame(name: str) -> bool:
    """Whether a frame counts people ("people killed", "people arrested"): its label says so."""
    frame = frames().get(name.removesuffix("_change"))
    return frame is not None and frame.label.startswith("people ")


#: Endings of English nouns for people that the table may lack (an activist, a civilian, a detainee, a
#: fireman): with a verb that happens to people, such a noun names the people it happened to.
_PERSON_ENDINGS = ("ist", "ian", "ee", "man", "men")


def _names_people(noun: Token | None) -> bool:
    """Whether the counted noun names people: a noun of the people table (``data/people.json``), a title
    ("officer", "minister"), or a noun for people by its ending."""
    if noun is None:
        return False
    lemma = noun.lemma_.lower()
    return lemma in GENERIC or lemma in words("people", "nouns") or lemma in TITLE_WORDS \
        or lemma.endswith(_PERSON_ENDINGS)


def _next_word(span: Span) -> Token | None:
    """The word right after a figure ("a €1.2m fine", "a 75-basis-point rise"), skipping a hyphen."""
    i = span.end
    doc = span.doc
    if i < len(doc) and doc[i].text == "-":
        i += 1
    return doc[i] if i < len(doc) and not doc[i].is_punct else None


def _permitted(verb: Token) -> bool:
    """The figure is what something may hold: "licensed to carry 40", "designed for 300"."""
    v: Token | None = verb
    for _ in range(3):
        if v is None:
            return False
        if (v.lemma_.lower() in PERMIT and any(c.dep_ in ("advcl", "xcomp") for c in v.children)) or \
                (v is not verb and v.lemma_.lower() in PERMIT):
            return True
        v = v.head if v.dep_ in ("xcomp", "advcl") and v.head != v else None
    return False


def _measure_words(noun: Token | None, verb: Token | None, target: bool = False) -> str | None:
    """The frame evoked by the counted noun, else the verb and its arguments; ``target``: the figure is the
    level a change reaches ("raised its rate to 4.25%"), so the verb's nouns come before the verb."""
    if noun is not None and (f := _frame_noun(noun)) is not None:
        return _happened(f, noun, verb)
    v = verb
    for _ in range(3):
        if v is None:
            return None
        if v.lemma_.lower() in REPORTING and not any(c.dep_ == "prt" for c in v.children):
            return None  # "said", "added"; but "losses add up to €48m"
        verb_frame = _frame_verb(v)
        if verb_frame is not None and not (target and v.lemma_.lower() in CHANGE_VERBS):
            return verb_frame
        for c in v.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and c.pos_ in ("NOUN", "PROPN") and c != noun \
                    and (f := _frame_noun(c)) is not None:
                return f
        for c in v.children:  # "sent to prison for four years"
            if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "into", "in"):
                for p in c.children:
                    if p.dep_ == "pobj" and p.pos_ == "NOUN" and p != noun and (f := _frame_noun(p)) is not None:
                        return f
        if verb_frame is not None and verb_frame != "rate_change":
            return verb_frame
        if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in ("VERB", "AUX"):
            v = v.head.head  # "banned him from serving as a director for five years"
        elif v.dep_ in ("advcl", "conj", "xcomp", "acl", "relcl") and v.head.pos_ in ("VERB", "AUX") \
                and not (v.dep_ != "xcomp" and _subject(v) is not None):
            v = v.head  # a clause with a subject of its own tells its own event ("five activists broke in")
        else:
            return None
    return None


def _happened(frame: str, noun: Token, verb: Token | None) -> str:
    """People counted by a role ("protesters", "defendants") and what happened to them ("were arrested",
    "were acquitted"): the verb's frame, when the noun is its subject or object."""
    if _people_frame(frame) and verb is not None and noun.head == verb and verb.pos_ == "VERB" \
            and (g := _frame_verb(verb)) is not None and g != frame and _people_frame(g):
        return g
    return frame


def _is_target(attach: Token) -> bool:
    return attach.dep_ == "pobj" and attach.head.lower_ in ("to", "at")


def _is_gap(noun: Token | None) -> bool:
    """The figure is a gap: "three seats short of a majority", "18 people more than its capacity"."""
    if noun is not None and any((c.lower_ in GAP and c.dep_ in ("amod", "advmod") and c.i > noun.i
                                and (c.lower_ not in ("more", "fewer", "less") or any(
                                    g.lower_ == "than" for g in c.children))) or
                                (c.lower_ in GAP and c.dep_ == "amod" and any(g.dep_ == "prep" for g in c.children))
                                for c in noun.children):
        return True
    return noun is not None and noun.i + 2 < len(noun.doc) and noun.nbor(1).lower_ in ("more", "fewer", "less") \
        and noun.nbor(2).lower_ == "than"


def _is_change(attach: Token, verb: Token | None, span: Span, noun: Token | None = None) -> bool:
    """The figure is the amount of a change: "lost 30 seats", "rose by 2 points" (not "rose to 410")."""
    if verb is None or verb.lemma_.lower() not in CHANGE_VERBS:
        return False
    t = attach
    while t.head.i != t.i and t.head != verb:
        if t.dep_ == "pobj" and t.head.lower_ in ("to", "at", "from", "with"):
            return False
        if t.dep_ == "pobj" and t.head.lower_ == "by":
            return True
        t = t.head
    return t.dep_ in ("dobj", "npadvmod")


def _place_key(t: Token) -> str | None:
    """The name of a place phrase headed by ``t`` without generic words, or None (a country, a common noun)."""
    if t.ent_type_ in ("ORG", "NORP"):
        return None  # "in Eslavia's National Assembly": an institution, not a place
    if t.pos_ == "NOUN" and t.lemma_.lower() not in GENERIC_PLACE:
        return None  # "in the collision between the tanker X and the feeder Y": an event, not a place
    words = [w for w in t.subtree if w.pos_ == "PROPN" and w.ent_type_ not in ("DATE", "TIME", "PERSON")
             and not any(a.dep_ == "prep" and a.i != t.i for a in _path_up(w, t))]
    if not words:
        # "in the city", "in the capital": the place of that kind named last before, else the common noun
        lem = t.lemma_.lower()
        if lem not in GENERIC_PLACE - {"country", "nation", "state", "area"}:
            return None
        return _named_before(t.doc, t.idx) or lem
    name = " ".join(w.text for w in words if w.lower_ not in GENERIC_PLACE)
    if not name:
        return None
    found = lookup_place(name)
    if found is not None and not found[1] and "-" not in found[0]:
        return None  # a country: a national figure
    return name


def _path_up(w: Token, top: Token) -> list[Token]:
    """The tokens from ``w`` up to (not including) ``top``: "Y" → "feeder" → "between" under "collision"."""
    path: list[Token] = []
    while w != top and w.head != w and len(path) < 8:
        path.append(w)
        w = w.head
    return path


def _named_before(doc: Doc, char: int) -> str | None:
    """The place (not a country) named last before ``char`` of ``doc``."""
    for ent in reversed([e for e in doc.ents if e.end_char <= char and e.label_ in _PLACE_ENTS]):
        found = lookup_place(ent.text)
        if found is not None and not found[1] and "-" not in found[0]:
            continue  # a country
        return " ".join(w.text for w in ent if w.lower_ not in GENERIC_PLACE) or None
    return None


def _scope(span: Span, num: Token, noun: Token | None, attach: Token, verb: Token | None,
           measure: str | None, duration: bool = False) -> str | None:
    place = _place(num, noun, attach, verb)
    if attach.dep_ == "pobj" and attach.head.lower_ == "of" and attach.head.head.like_num \
            and (measure is None or measure.split("_change")[0] in HOLDER_FRAMES):
        return "all" if place is None else f"all in {place}"  # the denominator of "19 of the 30 seats"
    base = (measure or "").split("_change")[0]
    if base in HOLDER_FRAMES or (duration and base in frames() and _people_frame(base)):
        # whose seats, sentence, ban, fine; whose detention ("two other organisers got 10 days each")
        if base in ("sentence", "ban", "fine") and (group := _noun_holder(num)) is not None:
            return group if place is None else f"{group} in {place}"  # "one-year bans on the other directors"
        if base in ("seats", "votes") and noun is not None and noun.dep_ in ("compound", "amod", "nmod") \
                and noun.head.pos_ in ("NOUN", "PROPN"):
            return "all"  # "the 300-seat assembly": the size of the whole
        holder = _holder(attach, verb, span, base)
        if holder is None and noun is not None and base in ("seats", "votes", "vote_share"):
            holder = next((" ".join(w.text for w in c.subtree if w.pos_ == "PROPN") or None
                           for c in noun.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)  # "Civic Union's"
        if holder is not None:
            return holder if place is None else f"{holder} in {place}"
    return place


def _place(num: Token, noun: Token | None, attach: Token, verb: Token | None) -> str | None:
    adjectives = [c for c in num.children if c.dep_ in ("amod", "acomp") and c.pos_ == "ADJ"]  # "3,200 dead in"
    for t in (num, noun, attach, verb, *adjectives):
        if t is None:
            continue
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "across", "at", "inside"):
                for p in c.children:
                    if p.dep_ == "pobj" and (key := _place_key(p)) is not None:
                        return key
    if verb is not None:  # "In Dervan province alone, ..." fronted before the subject
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == "in" and c.i < verb.i:
                for p in c.children:
                    if p.dep_ == "pobj" and (key := _place_key(p)) is not None:
                        return key
    return None


def _noun_holder(num: Token) -> str | None:
    """Whose sentence, ban or fine, by the noun the figure modifies: a group named by a plural common noun
    after "on", "against" or "for" ("one-year bans on the three other directors"); None for one person."""
    head = num
    for _ in range(4):  # up the compounds: "one" → "year" → "bans"
        if head.dep_ in ("nummod", "compound", "amod", "npadvmod") and head.head.pos_ == "NOUN" and head.head != head:
            head = head.head
        else:
            break
    if head is num:
        return None
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "against", "for"):
            for c in prep.children:
                if c.dep_ == "pobj" and c.pos_ == "NOUN" and c.tag_ == "NNS" and c.lemma_.lower() not in HOLLOW:
                    mods = [w.lemma_.lower() for w in c.children
                            if w.dep_ == "amod" and w.lower_ in ("other", "remaining")]
                    return " ".join([*mods, c.lemma_.lower()])
    return None


def _holder(attach: Token, verb: Token | None, span: Span, measure: str) -> str | None:
    """Whose seats or votes: the proper-noun subject (or recipient) of the verb; whose sentence, ban or fine:
    a group named by a common noun ("three other directors were banned"), as against the one person — the
    one it is imposed on (a passive subject, the object or recipient: "fined the two companies") before the
    subject of an active verb ("four managers received")."""
    if verb is None:
        return None
    seats = measure in ("seats", "votes", "vote_share")
    order = ("nsubj", "nsubjpass", "dative") if seats else ("nsubjpass", "dative", "dobj", "pobj", "nsubj")
    found = [c for c in verb.children if c.dep_ in order]
    if not seats and sum(1 for t in verb.subtree if _frame_noun(t) == measure) == 1:
        # one penalty in the clause: the "on"/"to" phrase the model hangs on the verb is its holder's ("imposed
        # bans on four trustees"); with two ("a ban on X and bans on Y") it may be either's, so it is not read
        found += [g for p in verb.children if p.dep_ == "prep" and p.lower_ in ("to", "on", "against")
                  for g in p.children if g.dep_ == "pobj"]
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        found.append(verb.head)  # "three other directors banned for one year"
    if verb.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in verb.children):
        found += [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    rank = {d: i for i, d in enumerate(order)}
    cands = sorted((c for c in found if c.i not in range(span.start, span.end) and c != attach),
                   key=lambda c: rank.get(c.dep_, len(order) - 1.5))
    for c in cands:
        if c.pos_ == "PRON":
            continue
        if seats:
            words = [w.text for w in c.subtree if w.pos_ == "PROPN" and w.ent_type_ not in ("DATE", "TIME")
                     and not w.text.isupper() and not _in_parentheses(w)]
            if words:
                return " ".join(words)
            continue
        if _frame_noun(c) is not None:
            continue  # the ban or fine itself ("received one-year bans"), not whose it is
        if c.pos_ == "NOUN" and c.tag_ == "NNS" and c.lemma_.lower() not in HOLLOW:
            mods = [w.lemma_.lower() for w in c.children if w.dep_ == "amod" and w.lower_ in ("other", "remaining")]
            return " ".join([*mods, c.lemma_.lower()])
        if c.dep_ in ("nsubjpass", "dative", "dobj", "pobj"):
            return None  # imposed on one person or body: no group scope
    return None


def _in_parentheses(t: Token) -> bool:
    """Inside a parenthesis on its line: a dateline's credit "(Atlas)", an aside."""
    text = _text(t.doc)
    line_start = text.rfind("\n", 0, t.idx) + 1
    before = text[line_start:t.idx]
    return before.count("(") > before.count(")")


def _event(clause: list[Token], noun: Token | None, num: Token, verb: Token | None, span: Span,
           published: str | None) -> str | None:
    year = published[:4] if published else None
    # a figure of a relative clause is about what the clause qualifies: "the 1999 earthquake, which killed
    # about 400", "since 2018, when a fire burned 9,000 hectares"
    context = list(clause)
    if verb is not None and verb.dep_ in ("relcl", "acl"):
        head = verb.head
        for _ in range(3):  # "the 2018 fire in the same hills, which burned": up the noun phrase
            context += [head, *head.children]
            if head.dep_ == "pobj" and head.head.head.pos_ == "NOUN":
                head = head.head.head
            else:
                break
    for t in context:
        if t.i == num.i:
            continue
        if _YEAR.match(t.text) and year and t.text < year and t.ent_type_ in ("DATE", "") and _event_year(t, verb):
            return t.text
        if t.lower_ in EARLIER and t.dep_ in ("amod", "advmod") and t.head.pos_ == "NOUN" \
                and t.head.lemma_.lower() in OCCASIONS:
            return f"{t.lower_} {t.head.lemma_.lower()}"
        if t.lower_ == "since" and t.dep_ == "prep" and (t.head == verb or t.head == noun):
            objs = [p for p in t.children if p.dep_ == "pobj"]
            if objs and not _YEAR.match(objs[0].text):
                return "since " + " ".join(w.text for w in objs[0].subtree)
    if (picked := _superlative(num, verb)) is not None:
        return picked
    mods = list(noun.children) if noun is not None else []
    mods += list(num.children)
    if any(c.lower_ in INCREMENT and c.dep_ in ("amod", "advmod", "quantmod") and c.i not in range(span.start, span.end)
           and c.i > num.i and not any(g.lower_ == "than" for g in c.children) for c in mods):
        return "additional"
    return None


def _superlative(num: Token, verb: Token | None) -> str | None:
    """"the strongest of more than 40 aftershocks measured 5.8", "40 aftershocks, the strongest of magnitude
    5.8": the figure is about the one picked out of other events ("strongest aftershock")."""
    chain: list[Token] = []
    t = num
    for _ in range(5):
        chain.append(t)
        if t.head.i == t.i or t.pos_ in ("VERB", "AUX"):
            break
        t = t.head
    if verb is not None:
        chain += [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    for t in chain:
        if t.tag_ != "JJS":
            continue
        of = [p for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
              if p.dep_ == "pobj" and p.tag_ in ("NNS", "NNPS") and num.i not in range(p.left_edge.i, p.i + 1)]
        if of:
            return f"{t.lower_} {of[0].lemma_.lower()}"
        if t.dep_ == "appos" and t.head.tag_ in ("NNS", "NNPS"):
            return f"{t.lower_} {t.head.lemma_.lower()}"
    return None


def _event_year(t: Token, verb: Token | None) -> bool:
    """A past year that dates the figure's event: it qualifies an occasion ("the 1999 earthquake", "a 2010
    flood"), is the time of the clause ("In 2019 a sinking killed 31"), or is what a relative clause is about
    ("since 2018, when a fire burned ..."); not the start of a comparison ("the lowest level since 2022")."""
    if t.dep_ == "pobj" and t.head.lower_ == "since":
        return verb is not None and verb.dep_ in ("relcl", "acl") and verb.head == t
    if t.dep_ in ("nummod", "compound", "amod", "nmod", "poss", "npadvmod") and t.head.pos_ == "NOUN":
        return True
    if t.dep_ == "pobj" and t.head.lower_ in ("in", "during", "of"):
        return True
    return t.dep_ in ("npadvmod",) or (verb is not None and verb.head == t)


def _estimate(verb: Token | None, noun: Token | None, clause: list[Token] | None = None,
              span_tokens: Span | None = None) -> bool:
    """A projection or expectation: a modal ("could exceed"), a verb of expectation ("is expected to", "the 25
    basis points that economists had expected"), an estimate noun, or a time to come ("6.5% next year")."""
    if noun is not None and noun.lemma_.lower() in ("projection", "forecast", "estimate"):
        return True
    heads = [noun] if noun is not None else []
    heads += list(span_tokens or [])
    if any(c.dep_ == "relcl" and c.lemma_.lower() in EXPECT for h in heads for c in h.children):
        return True  # "the 25 basis points that economists had expected"
    if clause and any(t.lower_ in FUTURE and t.head.pos_ == "NOUN" and t.head.lemma_.lower() in OCCASIONS
                      for t in clause):
        return True
    v = verb
    for _ in range(3):
        if v is None:
            return False
        if v.lemma_.lower() in EXPECT - {"estimate"}:
            return True
        if any(c.dep_ == "aux" and c.lemma_.lower() in MODALS for c in v.children):
            return True
        if v.dep_ in ("xcomp", "ccomp", "advcl") and v.head.pos_ in ("VERB", "AUX"):
            v = v.head
        else:
            return False
    return False


def _present(verb: Token) -> bool:
    """The clause is in the present or present perfect ("has risen", "stands at")."""
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    return any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") and c.lemma_ == "have" for c in verb.children)
