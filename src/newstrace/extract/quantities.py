"""Numeric claims: value, qualifier, unit, what is counted, as-of date, change and source.

One pass over the tokens finds where figures start (a token with a digit, a number word, a currency symbol)
and reads each with one compiled pattern: an optional currency ("$", "€", "R", "USD"), a number in digits or
words ("300,000", "2 912", "1.5 million", "2bn", "twenty-five", "a dozen", "two-thirds"), and the unit after
it ("rubles", "%", "km/h"). Two figures joined by "to", "-" or "and" (after "between") make a range; words
before a figure give its qualifier ("at least", "more than", "around", ...), words after it too ("or more",
"or so"). What the figure counts, its date, source and direction come from :mod:`newstrace.extract.figures`.

Also figures: signed numbers ("-3%", "minus 5 degrees"), multipliers ("doubled", "more than tripled", "halved",
"sixfold", "10-fold"), fractions of a change ("grew by a third"), round plurals ("dozens", "tens of thousands":
the least amount they stand for), ratios ("one in four", "nine out of 10": 0.25, 0.9), and coins in their
currency ("45 cents": 0.45 USD). "Up to" after a verb of motion is a rise ("ticked up to 3.9%"), not a bound.

Not quantities: years, dates and clock times (the spans of DATE/TIME/SET time expressions; durations such as
"three months" are kept, with the time unit), ordinals, numbers in names ("G7", "COVID-19", "Section 427",
"Boeing 737", "iPhone 15"), house numbers ("10 Downing Street"), phone numbers, and sports scores ("2-0").
"One" is a quantity only where it modifies a noun ("one soldier was killed"): "one of the soldiers", "no one"
and "one another" are pronouns, not figures.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newstrace.extract import claim_model, figures
from newstrace.extract.numbers import DIGIT_NUMBER, WORD_NUMBER, Number, as_number, parse_number
from newstrace.extract.scan import Scan, hashes, scan, trigger_tokens
from newstrace.extract.units import CURRENCY_CODES, CURRENCY_PREFIX, CURRENCY_PREFIXES, currency_of_prefix, unit_after
from newstrace.facts import Context
from newstrace.lexicon import words, wordset
from newstrace.records import Qualifier, Quantity, Quote, TimeExpr

_SCALE = r"(?:hundred|thousand|million|billion|trillion|mln|bln|mn|bn|tn|trn|lakh|crore)"
_FRACTION = (r"(?:(?:one|two|three|four)[\s-](?:half|third|thirds|quarter|quarters|fifths?|tenths?)"
             r"|an?[\s-](?:third|quarter|fifth|tenth)(?=\s+(?:of|point|percentage)\b))")
_MULTIPLIER_VERBS: dict[str, Number] = {"doubl": 2, "tripl": 3, "quadrupl": 4, "halv": 0.5}
#: Coins written as their own unit, read as a hundredth of their currency ("45 cents": 0.45 USD).
_SUBUNITS = {"cent": "USD", "penny": "GBP"}
_FOLD_WORDS = sorted((w + "fold" for w in wordset("""two three four five six seven eight nine ten twelve fifteen twenty
    thirty forty fifty hundred thousand""")), key=len, reverse=True)
ATOM = re.compile(
    r"(?<![\w.,/#@&])(?<![A-Za-z]-)(?P<neg>(?i:minus|negative)\s+|[-\u2212](?=\d))?(?P<pre>" + CURRENCY_PREFIX + r")?"
    r"(?:(?P<sfrac>(?:\d{1,4}[\s-]+)?\d{1,2}/\d{1,2})(?![\w/]|[.,:]\d)"
    r"|(?P<fold>(?:" + DIGIT_NUMBER + r"|(?i:" + "|".join(w[:-4] for w in _FOLD_WORDS) + r"))[\s-]?(?i:fold))(?![\w-])"
    r"|(?P<dig>" + DIGIT_NUMBER + r")(?:(?P<scale>\s*-?\s*(?i:" + _SCALE + r"))(?![\w])|(?P<suf>[A-Za-z°²]{1,3})"
    r"(?![\w]))?(?![\w/]|[.,:]\d)"
    r"|(?P<halfsc>(?i:half\s+an?\s+(?:dozen|hundred|thousand|million|billion|trillion)))(?!\w)"
    r"|(?P<couple>(?i:(?:several|a\s+few|a\s+couple(?:\s+of)?)\s+(?:dozen|hundred|thousand|million|billion)))(?!\w)"
    r"|(?P<vague>(?i:(?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)|dozens|hundreds|thousands|millions|"
    r"billions|scores(?=\s+of\s+[a-z])))(?![\w-])"
    r"|(?P<mult>(?i:doubl|tripl|quadrupl|halv)(?i:e|es|ed|ing))(?!\w)"
    r"|(?P<frac>(?i:" + _FRACTION + r"))(?![\w-])"
    r"|(?P<afrac>(?i:an?[\s-](?:third|quarter|fifth|tenth)))(?![\w-])"
    r"|(?<!\d-)(?P<words>(?i:" + WORD_NUMBER + r"))(?P<andhalf>(?i:\s+and\s+a\s+half))?"
    r"(?:\s+(?P<wscale>(?i:hundred|thousand|million|billion|trillion)))?"
    r"|(?P<half>(?i:half))(?=\s+(?:of|the|a|an|their|its|his|her)\b)|(?<=by\s|in\s)(?P<half2>half)(?!\w)"
    r"|(?P<half3>(?i:half))(?![\w-]))"
)
#: Words before a fraction written "a third", "a quarter" that make it an amount of change ("grew by a third").
_FRACTION_CHANGE_BEFORE = re.compile(
    r"\b(?:by|ris|rose|fell|fall|grew|grow|lost|los|shed|cut|drop|declin|slump|jump|climb|gain|shrank|shrunk|"
    r"plung|sank|sunk|increas|decreas|reduc|slash)\w*\s+(?:(?:almost|nearly|about|around|roughly|more\s+than|"
    r"less\s+than|over|under|just\s+over|just\s+under)\s+)?$", re.IGNORECASE)
_JOIN = re.compile(r"\s*(?:(?P<dash>-|–|—)|[-–]?\s(?P<word>to|and|or)\s)\s*")
_QUALIFIER_WORDS: list[tuple[str, Qualifier]] = [
    (r"\b(?:at\s+least|no\s+(?:fewer|less)\s+than|not\s+(?:fewer|less)\s+than|a\s+minimum\s+of|"
     r"minimum\s+of)", "at_least"),
    (r"\b(?:at\s+most|no\s+more\s+than|not\s+more\s+than|up\s+to|as\s+many\s+as|as\s+much\s+as|"
     r"a\s+maximum\s+of|maximum\s+of|as\s+high\s+as|(?:could|may|might)\s+(?:reach|hit|rise\s+to))", "at_most"),
    (r"\b(?:(?:just\s+|well\s+|slightly\s+)?(?:more|greater|higher|larger|bigger)\s+than|(?:just\s+|well\s+)?over|"
     r"above|upwards\s+of|upward\s+of|in\s+excess\s+of|north\s+of|beyond|(?:exceed|surpass)(?:s|ed|ing)?|"
     r"(?:could|may|might|will|would|to)\s+top)", "more_than"),
    (r"\b(?:(?:just\s+|slightly\s+)?(?:fewer|less|lower|smaller)\s+than|(?:just\s+|well\s+)?under|below|"
     r"shy\s+of|short\s+of|nearly|almost|just\s+shy\s+of)", "less_than"),
    (r"\b(?:around|about|roughly|approximately|approx\.?|some|close\s+to|an\s+estimated|"
     r"estimated|circa|ca\.|c\.|just\s+about|more\s+or\s+less|an\s+approximate)", "approx"),
]
_VERB_QUALIFIER = re.compile(r"(?:could|may|might|will|would|to|exceed|surpass)\b", re.IGNORECASE)
_QUALIFIERS = [(re.compile(p + r"['\"‘’“”]?\s*$", re.IGNORECASE), q) for p, q in _QUALIFIER_WORDS]
_QUALIFIER_ALT = "(?:" + "|".join(p[2:] for p, _ in _QUALIFIER_WORDS) + ")"
#: A negation just before a bound: "have not dropped below 25 degrees" holds above 25, and is no change.
_NEGATED_BOUND = re.compile(r"\b(?:not|n['’]t|never)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_FLIPPED: dict[Qualifier, Qualifier] = {"less_than": "more_than", "more_than": "less_than",
                                         "at_most": "at_least", "at_least": "at_most"}
_POST_QUALIFIERS: list[tuple[re.Pattern[str], Qualifier]] = [
    (re.compile(r"\s+or\s+(?:more|higher|greater|above)\b|\s*\+(?!\d)|-plus\b", re.IGNORECASE), "at_least"),
    (re.compile(r"\s+or\s+(?:fewer|less|lower|below)\b", re.IGNORECASE), "at_most"),
    (re.compile(r"\s+or\s+so\b|\s+odd\b", re.IGNORECASE), "approx"),
]
#: A verb or adverb of change just before a figure (its qualifier aside): "rose 11% to ...".
_CHANGE_BEFORE = re.compile(
    r"\b(?:ris|rose|fell|fall|climb|gain|lost|los|drop|increas|decreas|jump|slip|declin|add|shed|grew|grow|surg|"
    r"soar|plung|plummet|tumbl|sank|sink|slid|advanc|rall|cut|rais|boost|reduc|slash|edg|dip|eas|shrank|shrink|"
    r"expand|doubl|trimm?|hik|dock)\w*\s+(?:by\s+)?(?:" + _QUALIFIER_ALT + r"\s+)?$"
    r"|\b(?:up|down)\s+(?:by\s+)?$",
    re.IGNORECASE,
)
_DAY_VALUE = re.compile(r"[\dX]{4}-\d\d-\d\d")
_DAY_JOIN_BEFORE = re.compile(r"\s*(?:-|–|—|to|and|through|or)\s*$")
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_BETWEEN = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d{2,4}\)?[\s.-]\d{3}[\s.-]\d{3,4}")
#: A local number ("555-0142") after a word that asks to call it.
_LOCAL_PHONE = re.compile(r"(?:(?<=call\s)|(?<=dial\s)|(?<=phone\s)|(?<=line\s)|(?<=number\s))\d{3}-\d{4}(?!\d)",
                          re.IGNORECASE)
_SPORT = re.compile(r"\b(?:win|won|wins|beat|beats|defeat|defeated|victory|lost|loss|draw|drew|lead|led|"
                    r"score|scored|trail|trailed|goals?)\b", re.IGNORECASE)
#: Words after which a number is a label, not a quantity ("Section 427", "round 2", "No. 1").
_LABEL_WORDS = words("figure_words", "label_words")
_NAME_LABELS = frozenset({"PERSON", "ORG", "LAW", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "NORP"})
_NUMBER_WORDS = words("figure_words", "number_words")
_MULTIPLIER_FORMS = [v + e for v in _MULTIPLIER_VERBS for e in ("e", "es", "ed", "ing")]
_TRIGGER_HASHES = hashes([*_NUMBER_WORDS, *(p.lower() for p in CURRENCY_PREFIXES),
                          *(c.lower() for c in CURRENCY_CODES), *_FOLD_WORDS, *_MULTIPLIER_FORMS,
                          "dozens", "scores", "hundreds", "thousands", "millions", "billions", "tens", "minus",
                          "negative", "several", "few", "couple"])
#: Words that may open a figure before its trigger token: "a dozen", "minus 5", "a couple of hundred".
_OPENERS = hashes(["a", "an", "minus", "negative", "several", "couple", "few"])
_OF = next(iter(hashes(["of"])))
#: Verbs whose "up to" is a rise ("moved up to 5.25%"); "hire up to 500" is a bound.
_UP_VERBS = words("figure_words", "up_verbs")
_ARTICLE_AFTER = re.compile(r"\s+an?\s")
#: Units of time: "a 10-year note", "a two-decade low" name a kind of thing, not an amount.
_TIME_UNITS = words("figure_words", "time_units")
_STREET_WORDS = words("figure_words", "street_words")
_RATIO_JOIN = re.compile(r"\s+(?:in|out\s+of)\s+(?:every\s+)?", re.IGNORECASE)
_ENUMERATOR = re.compile(r"[.)](?:\s|$)")
_PLURAL_NOUN_AFTER = re.compile(r"\s+[a-z]+s\b")
#: A label written before a number, with its abbreviation point as a token of its own ("No. 9 shirt").
_LABEL_BEFORE = re.compile(r"(?:\b(?:No|Nos|Nr|no|nos)\.|#)\s*$")
#: A hyphenated word after a number that makes it a kind, not an amount: "a three-way tie", "a two-time
#: champion", "a five-star hotel".
_KIND_AFTER = re.compile(r"-(?:way|time|times|star|seater|door|lane|speed|stage|tier|storey|story|party)\b",
                         re.IGNORECASE)
#: Nouns after "<number>-<time unit>" that make it the name of a kind (a maturity, a record), not a period:
#: "the 10-year gilt", "a two-decade low"; but "a 12-year sentence", "an 18-month term" are periods.
_NAMED_PERIOD_NOUNS = words("figure_words", "named_period_nouns")
_HYPHEN_NOUN = re.compile(r"(?:-[A-Za-z]+)*\s+([A-Za-z]+)")
#: Words linking a new level to its earlier one: "rose to 4.6% from 3.9%", "52.4%, up from 44.1%".
_FROM_PREVIOUS = re.compile(r"\b(?:(?:up|down)\s+)?from\s+$", re.IGNORECASE)
#: A level cut or raised to a new one: "a majority of 80 was cut to 62".
_CHANGED_TO = re.compile(r"^[^,;.\d]{0,40}?\b(?:cut|reduc|rais|increas|lower|slash|trimm?|boost|lift|push|halv|"
                         r"doubl|revis|downgrad|upgrad)\w*\s+(?:back\s+)?to\s+$", re.IGNORECASE)


@dataclass(slots=True)
class _Atom:
    start: int
    end: int  # end of the number (and its unit, once read)
    value: Number
    currency: str | None
    unit: str | None = None
    is_money: bool = False
    num_end: int = 0  # end of the number itself, before the unit
    scale: int = 1  # the multiplier written with the number ("million")
    kind: str = "number"  # "multiplier" for "doubled", "ratio" for "one in four"


def extract_quantities(doc: Doc, quotes: list[Quote], times: list[TimeExpr]) -> list[Quantity]:
    """Every number in ``doc`` that counts or measures something."""
    sc = scan(doc)
    text = sc.text
    masks = sorted((t.start, t.end) for t in times if t.type != "DURATION")
    mask_starts = [s for s, _ in masks]
    day_ends = {t.end for t in times if t.value and _DAY_VALUE.fullmatch(t.value)}
    atoms = [a for a in _pairs(text, _atoms(sc)) if not _masked(a, masks, mask_starts)
             and not _day_of_range(text, a, day_ends) and _is_figure(doc, text, a)]
    bounds = [*sc.sent_starts, len(doc)]
    out: list[Quantity] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        joined = _join(text, a, b)
        if joined == "score":
            i += 2
            continue
        high: Number | None = None
        end = a.end
        if joined == "range" and b is not None:
            high, end = b.value, b.end
            if a.scale == 1 and b.scale > 1 and a.value * b.scale <= b.value:
                a.value = as_number(a.value * b.scale)  # "$3-5 million"
            if a.unit is None and b.unit is not None:
                a.unit, a.is_money = b.unit, b.is_money
            if a.currency is None and b.currency is not None:
                a.currency = b.currency
            i += 1
        i += 1
        k = sc.sentence_of(sc.token_at(a.start))
        out.append(_quantity(doc, text, doc[bounds[k]:bounds[k + 1]], a, end, high, quotes, times))
    spans = [(sc.idx[b], sc.idx[e] if e < len(sc.idx) else len(text))
             for b, e in itertools.pairwise(bounds) if b < e]
    _link_previous(text, out, spans)
    return out


def _atoms(sc: Scan) -> list[_Atom]:
    """Figures in text order, each found once, starting at a trigger token."""
    text, idx, lower = sc.text, sc.idx, sc.lower
    found: list[_Atom] = []
    covered = 0
    for i in trigger_tokens(sc, _TRIGGER_HASHES):
        if idx[i] < covered:
            continue
        starts = [idx[i]]
        j = i - 1
        while j >= 0 and i - j <= 3 and idx[j] >= covered and (lower[j] in _OPENERS or (lower[j] == _OF and j < i - 1)):
            starts.insert(0, idx[j])
            j -= 1
        phone = _PHONE.match(text, idx[i]) or _LOCAL_PHONE.match(text, idx[i])
        if phone is not None:
            covered = phone.end()
            continue
        for s in starts:
            m = ATOM.match(text, s)
            if m is None or m.end() <= idx[i]:
                continue
            atom = _read(m, text)
            if atom is not None:
                found.append(atom)
                covered = atom.end
                break
    return found


def _read(m: re.Match[str], text: str) -> _Atom | None:
    """The value, currency and unit of one matched figure; None for one too large for a float (400 digits)."""
    try:
        atom = _read_unsigned(m, text)
    except OverflowError:
        return None
    if atom is not None and m["neg"]:
        atom.value = -atom.value
    return atom


def _read_unsigned(m: re.Match[str], text: str) -> _Atom | None:
    pre = m["pre"]
    currency = currency_of_prefix(pre, text) if pre else None
    scale: Number = 1
    kind = "number"
    if m["dig"] is not None:
        value = parse_number(m["dig"])
        if value is None:
            return None
        if m["scale"]:
            scale = parse_number("1 " + m["scale"].strip(" -")) or 1
        elif m["suf"]:
            suf = m["suf"]
            money_or_count = pre is not None or _PLURAL_NOUN_AFTER.match(text, m.end()) is not None
            if suf.lower() in ("bn", "mn", "mln", "bln", "tn", "trn") or (suf in ("m", "k", "b") and money_or_count):
                scale = parse_number("1" + suf.lower()) or 1
            elif suf == "x":  # "3x sales": a multiple
                return _Atom(m.start(), m.end(), value, currency, None, False, m.start("suf"))
            elif suf in ("C", "F"):  # "40C"
                unit = "degree Celsius" if suf == "C" else "degree Fahrenheit"
                return _Atom(m.start(), m.end(), value, currency, unit, False, m.start("suf"))
            else:  # an attached unit ("10km") or not a quantity at all ("10th", "5G")
                u = unit_after(text, m.start("suf"), float(value))
                if u is None or u.end != m.end():
                    return None
                if u.unit in _SUBUNITS:  # "8p": 0.08 GBP
                    code = _SUBUNITS[u.unit]
                    return _Atom(m.start(), m.end(), as_number(round(float(value) / 100, 6)), code, code, True,
                                 m.start("suf"))
                return _Atom(m.start(), m.end(), value, currency, u.unit, u.is_money, m.start("suf"))
    elif m["sfrac"] is not None:
        value = parse_number(m["sfrac"])
    elif m["fold"] is not None:
        value = parse_number(re.sub(r"(?i)[\s-]?fold$", "", m["fold"]))
        kind = "multiplier"
    elif m["mult"] is not None:
        value = _MULTIPLIER_VERBS[_multiplier_stem(m["mult"])]
        kind = "multiplier"
    elif m["vague"] is not None:
        value = parse_number(m["vague"])
        kind = "vague"
    elif m["couple"] is not None:
        words = m["couple"].lower().split()
        least = 2 if "couple" in words else 3 if "several" in words else 1
        value = as_number(least * (parse_number("a " + words[-1]) or 0))
        kind = "vague"
    elif m["halfsc"] is not None:
        value = as_number(0.5 * (parse_number("a " + m["halfsc"].split()[-1]) or 0))
    elif m["afrac"] is not None:
        if not _FRACTION_CHANGE_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            return None  # "a third term"; but "grew by a third"
        value = parse_number(m["afrac"])
    elif m["half3"] is not None:
        if not _FRACTION_CHANGE_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            return None  # "half" alone; but "shrank by more than half"
        value = 0.5
    elif m["frac"] is not None or m["half"] is not None or m["half2"] is not None:
        value = parse_number(m["frac"] or m["half"] or m["half2"])
    else:
        value = parse_number(m["words"])
        if value is not None and m["andhalf"]:
            value = as_number(value + 0.5)
        if m["wscale"]:
            scale = parse_number("a " + m["wscale"]) or 1
    if value is None:
        return None
    if scale != 1:
        value = as_number(value * scale)
    atom = _Atom(m.start(), m.end(), value, currency, currency, currency is not None, m.end(), int(scale), kind)
    if m["half"] is not None:  # "half a percentage point"
        art = _ARTICLE_AFTER.match(text, m.end())
        u = unit_after(text, art.end() - 1, float(value)) if art is not None else None
        if u is not None and not u.is_money:
            atom.unit, atom.end = u.unit, u.end
            return atom
    if currency is None and kind in ("number", "vague"):
        u = unit_after(text, m.end(), float(value))
        if u is not None:
            atom.unit, atom.is_money, atom.end = u.unit, u.is_money, u.end
            if u.is_money:
                atom.currency = u.unit
            if u.unit in _SUBUNITS:  # "45 cents": 0.45 USD
                atom.currency = atom.unit = _SUBUNITS[u.unit]
                atom.is_money = True
                atom.value = as_number(round(float(atom.value) / 100, 6))
    return atom


def _multiplier_stem(word: str) -> str:
    w = word.lower()
    return next(stem for stem in _MULTIPLIER_VERBS if w.startswith(stem))


def _masked(a: _Atom, masks: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect.bisect_right(starts, a.num_end) - 1
    while i >= 0:
        s, e = masks[i]
        if e > a.start and s < a.num_end:
            return True
        if e <= a.start and i < len(masks) - 1:
            break
        i -= 1
    return False


def _day_of_range(text: str, a: _Atom, day_ends: set[int]) -> bool:
    """True for the second day of a date range: the "12" of "April 10-12"."""
    if a.unit is not None or a.currency is not None or not isinstance(a.value, int) or not 1 <= a.value <= 31:
        return False
    m = _DAY_JOIN_BEFORE.search(text, max(0, a.start - 12), a.start)
    return m is not None and m.start() in day_ends


def _tokens(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _is_figure(doc: Doc, text: str, a: _Atom) -> bool:
    """False for labels, names, phone numbers and pronoun "one"."""
    span = _tokens(doc, a.start, a.num_end)
    if span is None:
        return False
    if _ENUMERATOR.match(text, a.num_end) and text[text.rfind("\n", 0, a.start) + 1:a.start].strip() in ("", "("):
        return False  # "1." or "(2)" opening a line of a list
    if a.start > 0 and text[a.start - 1] == "[":
        return False  # a footnote mark
    first, last = span[0], span[-1]
    if re.match(r"-[A-Z]", text[a.num_end:a.num_end + 2]):
        return False  # a name: "7-Eleven"
    if a.unit in _TIME_UNITS and text[a.num_end:a.num_end + 1] == "-" and text[a.end:a.end + 1] != "-":
        noun = _HYPHEN_NOUN.match(text, a.end)
        if noun is None or noun[1].lower() in _NAMED_PERIOD_NOUNS:
            return False  # "the 10-year note", "a two-decade low"; but "a 12-year sentence", "a 45-year-old"
    if a.unit is None and a.currency is None and _KIND_AFTER.match(text, a.num_end):
        return False  # "a three-way tie"
    if a.currency is None and _LABEL_BEFORE.search(text, max(0, a.start - 6), a.start):
        return False  # "No. 9"
    if a.kind == "multiplier" and not text[a.start:a.num_end].lower().endswith("fold"):
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        return first.pos_ == "VERB" and not (nxt is not None and nxt.lower_ == "down")  # not "doubled down"
    if _is_address(doc, last):
        return False
    if last.ent_type_ in _NAME_LABELS and not (last.ent_iob_ == "B" and last.ent_type_ in ("NORP", "EVENT")):
        ent_start = last.i
        while ent_start > 0 and doc[ent_start].ent_iob_ == "I":
            ent_start -= 1
        if ent_start < first.i:
            return False
        if last.ent_type_ in ("LAW", "PRODUCT", "WORK_OF_ART", "FAC") and a.currency is None:
            return False
    if first.i > 0 and a.currency is None:
        prev = doc[first.i - 1]
        if prev.lower_ in _LABEL_WORDS:
            return False
        if prev.pos_ == "PROPN" and not prev.text.islower() and prev.ent_type_ not in ("DATE", "TIME", "GPE", "NORP") \
                and not prev.is_sent_start and prev.tag_ != "NNPS":
            return False  # "Boeing 737", "iPhone 15"
    if first.lower_ == "one" and a.kind != "ratio" and len(span) == 1:
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        if nxt is None or nxt.lower_ in ("of", "another", "'s", "’s") or first.dep_ != "nummod":
            return False
        if first.i > 0 and doc[first.i - 1].lower_ in ("no", "the", "this", "that", "each", "any", "every", "which"):
            return False
    return True


def _is_address(doc: Doc, last: Token) -> bool:
    """True for a house number: "10 Downing Street", "1600 Pennsylvania Avenue"."""
    for j in range(last.i + 1, min(len(doc), last.i + 5)):
        t = doc[j]
        if not t.text[:1].isupper():
            return False
        if t.lower_ in _STREET_WORDS:
            return j > last.i + 1
    return False


def _pairs(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """"one in four", "nine out of 10": one figure, the ratio of the two; "won 2-0", "passed 220-207": no
    figure (read before names are dropped, so that "the House 220-207" loses both ends)."""
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if b is not None and a.kind == b.kind == "number" and a.unit is None and b.unit is None and \
                a.currency is None and b.currency is None and 0 < a.value < b.value and \
                _RATIO_JOIN.fullmatch(text, a.end, b.start):
            out.append(_Atom(a.start, b.end, as_number(round(a.value / b.value, 6)), None, None, False, b.end, 1,
                             "ratio"))
            i += 2
            continue
        if _join(text, a, b) == "score":
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _join(text: str, a: _Atom, b: _Atom | None) -> str | None:
    """"range" when ``a`` and ``b`` are the two ends of a range, "score" for a sports score, else None."""
    if b is None or a.kind != "number" or b.kind != "number":
        return None
    m = _JOIN.fullmatch(text, a.end, b.start) or _JOIN.fullmatch(text, a.num_end, b.start)
    if m is None:
        return None
    between = _BETWEEN.search(text, max(0, a.start - 12), a.start) is not None
    word = m["word"]
    if word == "and" and not between:
        return None
    if m["dash"] and (b.value < a.value or _SPORT.search(text, max(0, a.start - 40), min(len(text), b.end + 20))):
        return "score" if a.unit is None and b.unit is None and a.currency is None else None
    if word == "to":
        frm = _FROM_BEFORE.search(text, max(0, a.start - 12), a.start)
        if frm is not None and _CHANGE_BEFORE.search(text, max(0, frm.start() - 40), frm.start()):
            return None  # "rose from 3% to 5%": two levels, not a range
        bare = a.unit is None and a.currency is None and a.scale == 1 and b.unit is not None
        if _CHANGE_BEFORE.search(text, max(0, a.start - 40), a.start) and not bare:
            return None  # "rose 11% to $97.3 billion", "climbed $2 to $95": a change and a level
            # (but "cut by 10 to 15 percent", whose low end has no unit of its own, is a range)
        if a.unit is not None and b.unit is not None and a.unit != b.unit:
            return None
    return "range" if b.value >= a.value else None


def _qualifier(text: str, start: int, end: int) -> tuple[Qualifier, int, int]:
    """The qualifier of a figure at ``start:end`` and the figure's span widened to include it."""
    before = text[max(0, start - 40):start]
    for pattern, qualifier in _QUALIFIERS:
        m = pattern.search(before)
        if m is not None:
            if _VERB_QUALIFIER.match(m.group()):
                return qualifier, start, end  # "could exceed $16 billion": the verb stays outside the figure
            return qualifier, start - (len(before) - m.start()), end
    for pattern, qualifier in _POST_QUALIFIERS:
        m = pattern.match(text, end)
        if m is not None:
            return qualifier, start, m.end()
    return "exact", start, end


def _quantity(doc: Doc, text: str, sent: Span, a: _Atom, end: int, high: Number | None, quotes: list[Quote],
              times: list[TimeExpr]) -> Quantity:
    qualifier, start, stop = _qualifier(text, a.start, end)
    rise = False
    if a.unit in _TIME_UNITS and text[start:a.start].strip().lower() in ("over", "under"):
        qualifier, start = "exact", a.start  # "over three years": a period, not "more than"
    if qualifier == "at_most" and text[start:start + 2].lower() == "up":
        up = _tokens(doc, start, start + 2)
        verb = doc[up.start - 1] if up is not None and up.start > 0 else None
        if up is not None and (up[0].dep_ == "prt" or (verb is not None and verb.lemma_.lower() in _UP_VERBS)):
            # "ticked up to 3.9%", "moved up to 5.25%": a rise, not a bound
            qualifier, start, rise = "exact", a.start, True
    if a.kind == "vague" and qualifier == "exact":
        qualifier = "at_least"  # "thousands of commuters": a thousand or more
    negated = qualifier in _FLIPPED and _NEGATED_BOUND.search(text, max(0, start - 30), start) is not None
    if negated:
        qualifier = _FLIPPED[qualifier]  # "have not dropped below 25 degrees"
    if high is not None:
        qualifier = "range"
    num = _tokens(doc, a.start, a.num_end if high is None else end) or doc[0:1]
    unit_tok = _tokens(doc, a.num_end, a.end)
    after = unit_tok[-1] if unit_tok is not None and a.end > a.num_end else None
    unit_root = unit_tok.root if unit_tok is not None and a.end > a.num_end else None
    if high is not None:
        after = (_tokens(doc, a.start, end) or num)[-1]
    hyphened = "-" in (text[a.end:a.end + 1], text[a.num_end:a.num_end + 1])
    what = figures.hyphen_head((unit_tok or num)[-1] if a.end > a.num_end else num[-1]) \
        if high is None and hyphened else None
    return Quantity(
        text=text[start:stop],
        start=start,
        end=stop,
        value=a.value,
        qualifier=qualifier,
        unit=a.currency if a.is_money or a.currency else a.unit,
        counted=what or figures.counted(num, after, a.unit),
        as_of=figures.as_of(num, sent, times, text),
        source=figures.source(num, sent, quotes),
        high=high,
        change=None if negated else "up" if rise else figures.change(num, unit_root, a.value, a.unit),
    )


def _link_previous(text: str, out: list[Quantity], bounds: list[tuple[int, int]]) -> None:
    """The earlier value of a change on its new value: "rose to 4.6% from 3.9%" (4.6 with previous 3.9),
    "52.4%, up from 44.1%", "a majority of 80 was cut to 62" (62 with previous 80). The two share what they
    count and the direction of the change."""
    for k in range(1, len(out)):
        old, new = out[k], out[k - 1]
        if _FROM_PREVIOUS.search(text, max(0, old.start - 16), old.start) is None:
            new, old = old, out[k - 1]
            between = text[old.end:new.start]
            if not _CHANGED_TO.match(between) or _CHANGE_BEFORE.search(text, max(0, old.start - 40), old.start):
                continue  # "fell $1.12 to $78.30": an amount of change and a level
        lo, hi = min(old.start, new.start), max(old.end, new.end)
        if old.unit != new.unit or not any(s <= lo and hi <= e for s, e in bounds) or \
                new.qualifier == "range" or old.qualifier == "range" or new.previous is not None:
            continue
        if old.counted and new.counted and _head(old.counted) not in new.counted.lower() \
                and _head(new.counted) not in old.counted.lower():
            continue  # "184 players from 31 countries": two things counted, not a change
        new.previous = old.value
        old.change = old.change or new.change
        new.change = new.change or old.change
        new.counted = new.counted or old.counted
        old.counted = new.counted


def _head(counted: str) -> str:
    """The last word of what is counted, singular by a plain rule ("crew members" → "member")."""
    word = counted.lower().split()[-1] if counted.split() else ""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def component(doc: Doc, context: Context) -> list[Quantity]:
    """The registered extractor (see :mod:`newstrace.facts`): needs the quotes and times."""
    quantities = extract_quantities(doc, context["quotes"], context["times"])
    return claim_model.annotate(doc, quantities, context.published)
