"""Quotes and reported statements with their resolved speakers.

Three sources, merged in text order:

* text in quotation marks (:mod:`~newstrace.extract.quote_marks`), attributed by the cue after it
  (`"…," Zelensky said`, `"…," said the minister`, `"…" — Jane Doe`), before it (`She said: "…"`), or the
  cue it is part of (`called China the "main sponsor"` — a *mixed* quote); a full quoted sentence with no
  cue of its own continues the quote just before it; quoted terms, titles and nicknames are left out;
* reported speech from the parse (:mod:`~newstrace.extract.cues`): "said that …", "denied …",
  "according to …", "…, police said.";
* a statement whose inverted cue closes a two-sentence paragraph covers both sentences.

Speakers are resolved by :class:`~newstrace.extract.speakers.SpeakerResolver`; a quote whose speaker can't
be told is dropped, since a quote on the wrong speaker is worse than none.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newstrace.extract.cues import (
    BELIEF_VERBS,
    SENTENCE_END,
    STATEMENT_NOUNS,
    Cue,
    Sentences,
    bare_apology,
    clause_bounds,
    cue_name,
    detached_subject,
    find_cues,
    is_cue_verb,
    lemma,
    subject_of,
)
from newstrace.extract.entities import TITLE_WORDS
from newstrace.extract.quote_marks import MarkedSpan, find_marked_spans, inner_spans
from newstrace.extract.roles import wordset
from newstrace.extract.speakers import Speaker, SpeakerResolver
from newstrace.facts import Context
from newstrace.lexicon import words as table_words
from newstrace.records import Entity, Quote, QuoteKind

#: Verbs that name rather than quote: what follows in marks is a term ("dubbed it "Obamacare"").
NAMING_VERBS = table_words("cue_words", "naming_verbs")
#: Verbs that quote when used of someone's words but name in "what X calls "…"".
_CALLING_VERBS = wordset("call describe refer term")
_SMALL_WORDS = wordset("a an the of and or in on at to for with by from de la du von van")
_DASHES = "—–-"
_SO_CALLED = re.compile(r"\bso[- ]called\s*$|\bknown as\s*$|\bdubbed\s*$", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*")  # a blank line between paragraphs is one break
#: A wire dateline before the first sentence: "ROTTERDAM —", "HARTFORD, Conn. (AP) —".
_DATELINE = re.compile(r"[A-Z][A-Z .'-]+(?:, [A-Z][A-Za-z.]+)?(?: \([^)\n]{1,40}\))? ?[—–-]{1,2} ?")
#: Dependency labels of a verb that sits inside a noun phrase or clause rather than heading a frame.
_NOT_FRAME_DEPS = frozenset({"relcl", "acl", "amod", "pcomp", "pobj"})
#: How many tokens after a closing mark a cue may stand ("," he told reporters at a briefing …).
POST_FRAME = 12


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    kind: QuoteKind
    cue: str | None = None
    subject: int | None = None
    cue_token: int | None = None
    speaker: Speaker | None = None
    group: int | None = None
    continuation: bool = False
    marked: bool = False
    close: int | None = None  # the closing mark of a marked quote
    inner_subject: int | None = None  # a quote inside a quote: the subject of its cue in the outer quote


class _Text:
    """Offsets helpers over one doc: the token at a character, paragraphs, inside-quote tests."""

    def __init__(self, doc: Doc, text: str, spans: list[MarkedSpan]) -> None:
        self.doc = doc
        self.text = text  # Doc.text joins every token on each access
        self.sents = Sentences(doc)
        self.starts = [t.idx for t in doc]
        runs = list(_PARAGRAPH_BREAK.finditer(text))
        self.breaks = [m.start() for m in runs]
        self.paragraph_starts = [m.end() for m in runs]
        self._ranges = sorted((s.open, s.close if s.close is not None else s.end) for s in spans)
        self._range_starts = [r[0] for r in self._ranges]

    def token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def paragraph(self, char: int) -> int:
        return bisect.bisect_left(self.breaks, char)

    def in_quote(self, char: int) -> bool:
        i = bisect.bisect_right(self._range_starts, char) - 1
        return i >= 0 and self._ranges[i][0] < char <= self._ranges[i][1]


def extract_quotes(doc: Doc, entities: list[Entity]) -> list[Quote]:
    """Every direct, mixed and indirect quotation in ``doc``, attributed to a speaker, in text order."""
    text = doc.text
    spans = find_marked_spans(text)
    tx = _Text(doc, text, spans)
    resolver = SpeakerResolver(doc, entities, tx.in_quote, tx.sents)
    marked = [c for m in spans if (c := _attribute_marked(tx, m, resolver)) is not None]
    marked += [c for m in spans for inner in inner_spans(text, m) if (c := _inner_quote(tx, m, inner)) is not None]
    cues = list(find_cues(doc, tx.in_quote, tx.sents))
    marked = _widen_mixed(marked, cues)
    answers = _transcript_answers(tx, entities)
    if answers:  # an answer's words are its speaker's, whatever else they contain
        marked = [c for c in marked if not any(a.start < c.end and c.start < a.end for a in answers)]
        cues = [c for c in cues if not any(a.start < c.end and c.start < a.end for a in answers)]
        marked += answers
    taken = [(c.start, c.end) for c in marked]
    quote_cue_tokens = {c.cue_token for c in marked if c.cue_token is not None}
    indirect = [
        _from_cue(tx, cue, cues)
        for cue in cues
        if (cue.token not in quote_cue_tokens or cue.end <= tx.doc[cue.token].idx)
        and not any(s < cue.end and cue.start < e for s, e in taken)
    ]  # a cue that frames a quote after it may also close content fronted before it ("…, Adeyemi joked: "…"")
    return _resolve(tx, resolver, sorted(marked + indirect, key=lambda c: c.start))


#: The label that opens a line of an interview transcript: "Q:", "A.", "Question:", "LUCAS FERREIRA:".
_QA_LABEL = re.compile(
    r"^[ \t]*(?:(?P<q>Q|Question)|(?P<a>A|Answer)|(?P<name>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3}))[.:][ \t]+(?=\S)",
    re.MULTILINE,
)


def _transcript_answers(tx: _Text, entities: list[Entity]) -> list[_Candidate]:
    """Answers of a question-and-answer transcript, each line one direct quote: "A: …" lines are the words of
    the person the introduction names first, "NAME:" lines those of the person with that name. Only in a text
    with at least two question lines, so that a stray "A." or a capitalised label is no transcript."""
    labels = list(_QA_LABEL.finditer(tx.text))
    questions = [m for m in labels if m.group("q")]
    if len(questions) < 2:
        return []
    intro = _interviewee(tx, entities, questions[0].start())
    people = [e for e in entities if e.type == "PERSON" and e.mentions]
    out: list[_Candidate] = []
    for m in labels:
        if m.start() < questions[0].start() or m.group("q"):
            continue
        if m.group("a"):
            speaker = intro
        else:  # "LUCAS FERREIRA:": the person of that name, or the name as written
            words = set(m.group("name").lower().split())
            found = [e for e in people if words <= {w.lower() for w in e.name.split()}]
            span = (m.start("name"), m.end("name"))
            if len(found) == 1:
                speaker = Speaker(found[0].name, found[0].id, span, found[0].role, "PERSON")
            elif len(words) >= 2 and intro is not None and words <= set(intro.name.lower().split()):
                speaker = Speaker(intro.name, intro.id, span, intro.role, "PERSON")
            elif len(words) >= 2:
                speaker = Speaker(m.group("name").title(), None, span, None, "PERSON")
            else:
                speaker = None
        if speaker is None:
            continue
        end = tx.text.find("\n", m.end())
        end = len(tx.text) if end < 0 else end
        while end > m.end() and tx.text[end - 1].isspace():
            end -= 1
        out.append(_Candidate(m.end(), end, "direct", speaker=speaker))
    return out


def _interviewee(tx: _Text, entities: list[Entity], before: int) -> Speaker | None:
    """Whom a transcript's introduction presents: the first person it names, or, where the model missed the
    name, the first run of two or more proper nouns that starts a sentence ("Ines Bauer, 44, has run …")."""
    named = [(min(e.mentions), e) for e in entities if e.type == "PERSON" and e.mentions]
    named = [(span, e) for span, e in named if span[0] < before]
    if named:
        first, e = min(named, key=lambda x: x[0])
        return Speaker(e.name, e.id, first, e.role, "PERSON")
    doc = tx.doc
    for start in tx.sents.starts:
        if doc[start].idx >= before:
            break
        k = start
        while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper() and k - start < 4:
            k += 1
        if k - start >= 2:
            span = doc[start:k]
            return Speaker(span.text, None, (span.start_char, span.end_char), None, "PERSON")
    return None


def _widen_mixed(marked: list[_Candidate], cues: list[Cue]) -> list[_Candidate]:
    """A mixed quote spans the whole clause its cue reports, quoted words and all: "told the jury that his
    client accepted the messages were 'intemperate'" (the clause), not just "intemperate"."""
    by_token = {c.token: c for c in cues}
    out: list[_Candidate] = []
    for c in marked:
        cue = by_token.get(c.cue_token) if c.kind == "mixed" and c.cue_token is not None else None
        if cue is not None and cue.start <= c.start < cue.end:
            end = max(c.end, cue.end)
            if cue.start < c.start and c.close is not None and end <= c.close:
                end = c.close + 1  # the span holds the opening mark: the closing one too
            c.start, c.end = cue.start, end
            if out and (out[-1].start, out[-1].end) == (c.start, c.end):
                continue  # two quoted phrases in one reported clause: one quote
        out.append(c)
    return out


def _from_cue(tx: _Text, cue: Cue, cues: list[Cue]) -> _Candidate:
    start = _extend_back(tx, cue, cues)
    if (dateline := _DATELINE.match(tx.text, start, cue.end)) is not None:
        start = dateline.end()
    subject = _past_dateline(tx, cue.subject, cue.token) if cue.subject is not None else None
    return _Candidate(start, cue.end, "indirect", cue.cue, subject, cue_token=cue.token)


def _past_dateline(tx: _Text, subject: int, verb: int) -> int | None:
    """The subject, unless the parser took the dateline for it ("WASHINGTON (AP) — Speaker Nora Quinn said"):
    then the name just before the verb."""
    doc = tx.doc
    tok = doc[subject]
    p_start = tx.paragraph_starts[tx.paragraph(tok.idx) - 1] if tx.paragraph(tok.idx) > 0 else 0
    dateline = _DATELINE.match(tx.text, p_start)
    if dateline is None or tok.idx >= dateline.end():
        return subject
    k = verb - 1
    while k > 0 and doc[k].dep_ in ("aux", "advmod", "neg", "npadvmod"):
        k -= 1
    if doc[k].idx >= dateline.end() and doc[k].pos_ in ("PROPN", "NOUN"):
        return k
    return None


def _extend_back(tx: _Text, cue: Cue, cues: list[Cue]) -> int:
    """Start of a statement whose inverted cue closes a paragraph of two sentences: the paragraph's start.

    "At least 155 are fighting … . As of April, recruitment continues, said Zelenskyy." attributes both.
    """
    doc = tx.doc
    tok = doc[cue.token]
    if cue.cue == "according to" or doc[tx.token_at(cue.end)].i >= tok.i:
        return cue.start
    c_start, c_end = clause_bounds(tok, tx.sents)
    sent_start, _ = tx.sents.bounds(tok.i)
    if doc[c_start].idx != cue.start or any(t.text in SENTENCE_END for t in doc[tok.i : c_end]):
        return cue.start
    if c_end < len(doc) - 1 and not any("\n" in t.text for t in doc[c_end : min(len(doc), c_end + 3)]):
        return cue.start  # not the last sentence of its paragraph
    if sent_start == 0:
        return cue.start
    prev = doc[slice(*tx.sents.bounds(sent_start - 1))]
    if any("\n" in t.text for t in prev[:-1]) or tx.paragraph(prev.start_char) != tx.paragraph(cue.start):
        return cue.start
    p_start, _ = clause_bounds(prev[0] if not prev[0].is_space else prev[-1], tx.sents)
    if prev.start > 0 and "\n" not in doc[prev.start - 1].text and "\n" not in prev[0].text:
        return cue.start  # the paragraph has more than two sentences
    if any(c is not cue and prev.start <= c.token < prev.end for c in cues):
        return cue.start
    if any(tx.in_quote(t.idx) for t in prev) or any(t.text in '"“”' for t in prev):
        return cue.start
    return doc[p_start].idx


# -- quotation marks -------------------------------------------------------------------------------------


def _attribute_marked(tx: _Text, m: MarkedSpan, resolver: SpeakerResolver) -> _Candidate | None:
    """The attribution of the text in one pair of marks, or None for a term, title or nickname."""
    text = tx.text
    cand = _Candidate(m.start, m.end, "direct", group=m.group, marked=True, close=m.close)
    window = max(0, m.open - 400)
    before = text[window : m.open].rstrip()  # a window: slicing from 0 for every quote is quadratic
    last = before[-1:]
    starts_sentence = not last or last in "\n.!?…" or (last in "\"”’'" and _after_sentence(before))
    # A cue after the closing mark frames a quote that opens its sentence or follows a comma, colon or dash;
    # after a word the quote is part of a clause (`called the book "relentless," while a critic wrote`).
    if m.close is not None and (starts_sentence or last in ",:;(" + _DASHES) and _ends_statement(text, m):
        dash = _dash_speaker(tx, m.close, resolver)
        if dash is not None:
            cand.speaker = dash
            return cand
        cue = _post_cue(tx, m)
        if cue is not None and cue.lower_ == "according":  # `"…," according to the police report`
            to = next((c for c in cue.children if c.lower_ == "to"), None)
            source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            cand.cue, cand.subject, cand.cue_token = "according to", source.i if source else None, cue.i
            if cand.subject is not None:
                return cand
        elif cue is not None and cue.pos_ == "NOUN":  # `"…," the post read` parsed with "read" a noun
            verb = "read" if cue.lower_.startswith("read") else "say"
            cand.cue, cand.subject, cand.cue_token = verb, cue.i - 1, cue.i
            return cand
        elif cue is not None:
            cand.cue, cand.subject, cand.cue_token = lemma(cue), _subject(tx, cue), cue.i
            if cand.subject is not None:
                return cand
    if before[-1:] in (":", ","):
        cue = _pre_cue(tx, m.open)
        if cue is not None and (subject := _subject(tx, cue)) is not None:
            cand.cue, cand.subject, cand.cue_token = cue_name(cue, tx.in_quote), subject, cue.i
            return cand
        if cue is None and before[-1:] == ":" and (frame := _colon_frame(tx, m.open, resolver)) is not None:
            cand.speaker, cand.cue = frame
            return cand
    cue = _governing_cue(tx, m)
    if cue is not None:
        if _is_term(tx, m, cue, starts_sentence, resolver):
            return None
        subject = _subject(tx, cue)
        if subject is None:
            return None
        cand.cue, cand.subject, cand.cue_token = lemma(cue), subject, cue.i
        full = starts_sentence or before[-1:] in (":", ",")
        cand.kind = "direct" if full and text[m.start].isupper() and _sentence_final(text, m) else "mixed"
        return cand
    if starts_sentence and (act := _apology_before(tx, m)) is not None:
        subject = _subject(tx, act)  # "Dahl said sorry. "People slept on the floor."": the apology's words
        if subject is not None:
            cand.cue, cand.subject, cand.cue_token = cue_name(act, tx.in_quote), subject, act.i
            return cand
    if starts_sentence and _sentence_final(text, m) and len(text[m.start : m.end].split()) >= 3:
        cand.continuation = True
        return cand
    if m.close is None and starts_sentence:
        cand.continuation = True
        return cand
    return None


def _apology_before(tx: _Text, m: MarkedSpan) -> Token | None:
    """A bare apology ("Dahl said sorry on Tuesday.", "The airline apologised.") closing the sentence right before
    a quote that opens its own sentence, in the same paragraph or the one before: its verb, whose content the
    quote is. Only the sentence's main verb, outside quotation marks."""
    doc = tx.doc
    k = tx.token_at(m.open) - 1
    while k >= 0 and (doc[k].is_space or doc[k].text in SENTENCE_END or doc[k].text in '"“”'):
        k -= 1
    if k < 0 or tx.in_quote(doc[k].idx) or tx.paragraph(m.open) - tx.paragraph(doc[k].idx) > 1:
        return None
    start, _ = tx.sents.bounds(k)
    for tok in doc[start : k + 1]:
        main = tok.dep_ == "ROOT" or (tok.dep_ == "conj" and tok.head.dep_ == "ROOT")
        if tok.pos_ == "VERB" and main and not tx.in_quote(tok.idx) and bare_apology(tok, tx.in_quote):
            return tok
    return None


def _inner_quote(tx: _Text, outer: MarkedSpan, m: MarkedSpan) -> _Candidate | None:
    """A quote inside a quote with its cue in the outer quote: the verb the inner words depend on ("he said, 'You
    have nothing left to prove.'"), or the frame before (", '…'") or after ("'…,' he said") in the outer quote.
    Its speaker is told from that cue's subject once the outer quote's speaker is known."""
    doc = tx.doc
    first, last = tx.token_at(m.start), tx.token_at(m.end - 1)
    cue: Token | None = None
    for tok in doc[first : last + 1]:
        head = tok.head
        if not (first <= head.i <= last) and is_cue_verb(head) and outer.start <= head.idx < outer.end:
            cue = head
            break
    if cue is None:  # the frame: a cue verb in the outer quote's clause right before or after the inner one
        near = [*range(first - 1, max(tx.token_at(outer.start), first - 10) - 1, -1)]
        near += [*range(last + 1, min(tx.token_at(outer.end - 1) + 1, last + 6))]
        for k in near:
            tok = doc[k]
            if tok.text in SENTENCE_END and not (m.open < tok.idx < (m.close or m.end)):
                continue
            if is_cue_verb(tok):
                cue = tok
                break
    if cue is None or (subject := subject_of(cue)) is None or not (outer.start <= subject.idx < outer.end):
        return None
    if subject.lower_ in ("i", "we", "me", "us"):
        return None  # the outer speaker's own words, reported in the outer quote
    return _Candidate(m.start, m.end, "direct", lemma(cue), marked=True, close=m.close, inner_subject=subject.i)


def _after_sentence(before: str) -> bool:
    stripped = before.rstrip("\"”’' ")
    return not stripped or stripped[-1] in "\n.!?…"


def _ends_statement(text: str, m: MarkedSpan) -> bool:
    """Whether a cue may follow the closing mark: the quote ends in punctuation or a comma/dash follows."""
    assert m.close is not None
    last = text[m.start : m.close].rstrip("'‘’ ")[-1:]  # past the closing mark of a quote inside the quote
    after = text[m.close + 1 : m.close + 3].lstrip()
    if last in ".…" and after[:1].isupper():
        return False  # a new sentence starts after `."`: `"…." A spokesperson said …` is not this quote's cue
    return last in ",.?!…—–-:;" or after[:1] in (",", "—", "–") or after[:1] == "-"


def _sentence_final(text: str, m: MarkedSpan) -> bool:
    """Whether the quote ends its line, or another quote follows it on the line."""
    if m.close is None:
        return True
    nl = text.find("\n", m.close + 1)
    rest = text[m.close + 1 : nl if nl >= 0 else len(text)].lstrip()
    return not rest or rest[:1] in '"“”'


def _dash_speaker(tx: _Text, close: int, resolver: SpeakerResolver) -> Speaker | None:
    """The speaker of "…" — Jane Doe, a nurse: the name right after a dash, on the same line or the next."""
    text = tx.text
    j = close + 1
    while j < len(text) and text[j] in " \t":
        j += 1
    if j < len(text) and text[j] == "\n" and text[close - 1] not in ",":
        j += 1  # a signature line under a quoted paragraph
    if j >= len(text) or text[j] not in _DASHES:
        return None
    while j < len(text) and text[j] in _DASHES + " \t":
        j += 1
    if j >= len(text):
        return None
    doc = tx.doc
    first = tx.token_at(j)
    words: list[Token] = []
    for tok in doc[first : first + 6]:  # "— Dr. Amara Okafor": past a title to the name
        if "\n" in tok.text or tok.is_punct:
            break
        entity = resolver.entity_at(tok)
        if entity is not None and entity.type in ("PERSON", "ORG"):
            for s, e in entity.mentions:
                if s <= tok.idx < e:
                    return Speaker(entity.name, entity.id, (s, e), entity.role, entity.type)
        if tok.text[:1].isupper() and tok.lower_ not in TITLE_WORDS:
            words.append(tok)
        elif words:
            break
    if len(words) >= 2:  # a name the model did not recognise: "– Manager Gary Holt after the game"
        span = doc[words[0].i : words[-1].i + 1]
        role = doc[first : words[0].i].text or None
        return Speaker(span.text, None, (span.start_char, span.end_char), role, "PERSON")
    return None


def _post_cue(tx: _Text, m: MarkedSpan) -> Token | None:
    """A cue verb standing right after the closing mark: `"…," she said` / `"…," said the minister`."""
    assert m.close is not None
    doc = tx.doc
    i = tx.token_at(m.close) + 1
    for k in range(i, min(len(doc), i + POST_FRAME)):
        tok = doc[k]
        if "\n" in tok.text or tok.text in SENTENCE_END or tx.in_quote(tok.idx) or tok.text in '“"':
            return None
        if tok.lower_ == "according" and k <= i + 1:
            return tok
        if is_cue_verb(tok):
            return tok if tok.dep_ not in _NOT_FRAME_DEPS else None  # `"…," a remark she said had not aged well`
        if _verb_read_as_noun(doc, k):
            return tok
        if tok.pos_ in ("CCONJ", "SCONJ") or tok.tag_ in ("WDT", "WP", "WRB"):
            return None  # `"Feeling Good," every morning before she starts writing, a habit she described …`
    return None


def _verb_read_as_noun(doc: Doc, k: int) -> bool:
    """`"…," the post read.`: a quoting verb in the past or present the parser took for a noun, right after a
    statement noun and closing the frame."""
    tok = doc[k]
    if tok.pos_ != "NOUN" or tok.tag_ not in ("NN", "NNS") or k == 0:
        return False
    if tok.lower_ not in _VERB_FORMS_READ_AS_NOUNS:
        return False
    after = doc[k + 1] if k + 1 < len(doc) else None
    return doc[k - 1].lemma_.lower() in STATEMENT_NOUNS and (after is None or after.text in ".,;\n" or after.is_space)


#: Forms of quoting verbs that are also nouns, which a parse can take for the noun after "the post".
_VERB_FORMS_READ_AS_NOUNS = wordset("read reads says")


def _pre_cue(tx: _Text, open_: int) -> Token | None:
    """The cue verb of a frame ending in a colon or comma before the opening mark: `She said: "…"`."""
    doc = tx.doc
    k = tx.token_at(open_) - 1
    while k >= 0:
        tok = doc[k]
        if "\n" in tok.text or tok.text in SENTENCE_END or tx.in_quote(tok.idx):
            return None
        if is_cue_verb(tok):
            return tok
        k -= 1
    return None


def _colon_frame(tx: _Text, open_: int, resolver: SpeakerResolver) -> tuple[Speaker, str | None] | None:
    """The speaker of a verbless frame ending in a colon before the quote: a name with the medium
    (`Pike, on X: "…"`) or someone's statement noun (`The mayor's reply: "…"`). The frame starts its line or
    sentence, is short and has no finite verb (else it is a sentence that introduces something else)."""
    doc = tx.doc
    colon = tx.token_at(open_) - 1
    while colon >= 0 and doc[colon].text != ":":
        colon -= 1
    k = colon - 1
    while k >= 0 and colon - k <= 8:
        tok = doc[k]
        if "\n" in tok.text or tok.text in SENTENCE_END or tx.in_quote(tok.idx):
            break
        if tok.tag_ in ("VBD", "VBZ", "VBP", "MD"):
            return None
        k -= 1
    else:
        if k >= 0:
            return None  # too long for a frame
    frame = [t for t in doc[k + 1 : colon] if not (t.is_space or t.is_punct)]
    if not frame:
        return None
    first = frame[0]
    if (e := resolver.entity_at(first)) is not None and e.type in ("PERSON", "ORG", "NORP"):
        span = next(((s, end) for s, end in e.mentions if s <= first.idx < end), (first.idx, first.idx + len(first)))
        return Speaker(e.name, e.id, span, e.role, e.type), None
    if first.text[:1].isupper() and (person := resolver.person_named(first)) is not None:
        return Speaker(person.name, person.id, (first.idx, first.idx + len(first)), person.role, "PERSON"), None
    for tok in frame:  # "The mayor's reply:": the owner of the statement
        if tok.lemma_.lower() in STATEMENT_NOUNS:
            owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
            if owner is not None and (found := resolver.resolve(owner)) is not None:
                return found, tok.lemma_.lower()
    return None


def _governing_cue(tx: _Text, m: MarkedSpan) -> Token | None:
    """The cue verb the quoted words depend on (`called China the "main sponsor"`), if any."""
    doc = tx.doc
    first, last = tx.token_at(m.start), tx.token_at(m.end - 1)
    for tok in doc[first : last + 1]:
        if first <= tok.head.i <= last or tok.head.i == tok.i:
            continue
        node, came = tok.head, tok
        for _ in range(8):
            if tx.in_quote(node.idx) and not (m.start <= node.idx < m.end):
                break
            if is_cue_verb(node) and not (came.dep_ == "prep" and came.lower_ == "with"):
                if tx.paragraph(node.idx) != tx.paragraph(m.start):
                    break  # a parse run across a paragraph break: no cue governs from another paragraph
                return node  # (one responds "with measures", but says nothing with them)
            if node.dep_ in ("relcl", "acl") or node.head.i == node.i:
                break
            node, came = node.head, node
    return _cue_before(tx, first)


def _cue_before(tx: _Text, first: int) -> Token | None:
    """A finite cue verb shortly before the quote in its sentence, for a parse that left the quote hanging
    from no verb at all ("The shadow education secretary, Laura Trott, accused ministers of '…'" parsed around
    the noun "secretary"): only when the sentence has no verbal root and no other finite verb comes between."""
    doc = tx.doc
    sent_start, _ = tx.sents.bounds(first)
    root = next((t for t in doc[sent_start:first] if t.head.i == t.i), None)
    if root is None or root.pos_ in ("VERB", "AUX"):
        return None
    for k in range(first - 1, max(sent_start, first - 9) - 1, -1):
        tok = doc[k]
        if tok.tag_ in ("VBD", "VBZ", "VBP"):
            return tok if is_cue_verb(tok) else None
    return None


def _subject(tx: _Text, cue: Token) -> int | None:
    subject = subject_of(cue) or detached_subject(cue)
    if subject is not None and tx.in_quote(subject.idx):
        # the parser took a noun of the quote for the subject (`"Two grown-ups arguing …," wrote one commuter`):
        # the verb's other subject, outside the marks
        subject = next((c for c in cue.children if c.dep_ == "nsubj" and not tx.in_quote(c.idx)), None)
    if subject is None:
        return None
    return _past_dateline(tx, subject.i, cue.i)


def _is_term(tx: _Text, m: MarkedSpan, cue: Token, starts_sentence: bool, resolver: SpeakerResolver) -> bool:
    """Scare quotes, names of things and titles: `which the country calls "the Ukrainian crisis"`."""
    doc, text = tx.doc, tx.text
    if _SO_CALLED.search(text[max(0, m.open - 20) : m.open]):
        return True
    lem = lemma(cue)
    if lem in NAMING_VERBS:
        return True
    if lem in _CALLING_VERBS and any(c.tag_ in ("WDT", "WP") for c in cue.children):
        return True
    if lem == "call" and cue.tag_ in ("VBP", "VBZ") and not _named_speaker(cue, resolver):
        return True  # "fans call the stadium "the cauldron"": what something is habitually called
    words = text[m.start : m.end].split()
    if not starts_sentence and len(words) <= 8 and text[m.end - 1] not in ".?!":
        content = [w for w in words if any(ch.isalpha() for ch in w) and w.lower() not in _SMALL_WORDS]
        if content and all(w[0].isupper() for w in content):
            return True  # a title, a name or a slogan
    if m.close is not None:
        before = doc[tx.token_at(m.open) - 1] if tx.token_at(m.open) > 0 else None
        after_i = tx.token_at(m.close) + 1
        after = doc[after_i] if after_i < len(doc) else None
        if before is not None and after is not None and before.pos_ == "PROPN" and after.pos_ == "PROPN":
            return True  # a nickname between first and last name
    return False


def _named_speaker(cue: Token, resolver: SpeakerResolver) -> bool:
    """Whether the cue's subject is a named someone or he/she ("Trump calls it "a hoax"" is a quote)."""
    subject = subject_of(cue)
    if subject is None:
        return False
    return (
        subject.lower_ in ("he", "she")
        or resolver.entity_at(subject) is not None
        or resolver.person_named(subject) is not None
    )


# -- speakers ---------------------------------------------------------------------------------------------


def _resolve(tx: _Text, resolver: SpeakerResolver, cands: list[_Candidate]) -> list[Quote]:
    doc = tx.doc
    by_group: dict[int, _Candidate] = {}
    for c in cands:
        if c.group is not None and (c.subject is not None or c.speaker is not None) and c.group not in by_group:
            by_group[c.group] = c
    out: list[Quote] = []
    prev: tuple[_Candidate, Speaker] | None = None
    for c in cands:
        if c.inner_subject is not None:  # a quote inside a quote: never the outer speaker's words
            outer = next((q for q in reversed(out) if q.start <= c.start and c.end <= q.end), None)
            outer_speaker = (
                Speaker(outer.speaker, outer.speaker_id, (0, 0)) if outer is not None and outer.speaker else None
            )
            floor = tx.paragraph_starts[max(0, tx.paragraph(c.start) - 2)] if tx.paragraph(c.start) > 1 else 0
            inner = resolver.inner_speaker(doc[c.inner_subject], outer_speaker, floor)
            if inner is not None:
                out.append(_quote(tx, c, inner))
            continue
        own = c.subject is not None or c.speaker is not None
        if not own and c.group is not None and (lead := by_group.get(c.group)) is not None and lead is not c:
            c.subject, c.speaker, c.cue = lead.subject, lead.speaker, lead.cue
        speaker = c.speaker
        if speaker is None and c.subject is not None:
            speaker = resolver.resolve(doc[c.subject])
        if speaker is None and c.continuation:
            speaker = _introduced(tx, resolver, prev, c)
        if (
            speaker is None
            and (c.continuation or (c.group is not None and not own))
            and prev is not None
            and _continues(tx, resolver, prev[0], prev[1], c)
        ):
            speaker = prev[1]
        if speaker is None:
            continue
        if (
            not c.marked
            and c.cue in BELIEF_VERBS
            and any(q.kind == "indirect" and q.start <= c.start and c.end <= q.end and _same(q, speaker) for q in out)
        ):
            continue  # "workers said they felt their jobs were …": the belief is part of what they said
        if any(q.start <= c.start and c.end <= q.end for q in out):
            # A statement reported inside another one ("told CNN he saw flames before the captain announced
            # they were turning back"): the story's speaker is still the outer one, for pronouns and for quotes
            # that continue.
            out.append(_quote(tx, c, speaker))
            continue
        if c.subject is not None:
            resolver.record(c.subject, speaker)
        prev = (c, speaker)
        out.append(_quote(tx, c, speaker))
    return out


def _same(q: Quote, speaker: Speaker) -> bool:
    return q.speaker_id == speaker.id if speaker.id is not None else q.speaker == speaker.name


def _quote(tx: _Text, c: _Candidate, speaker: Speaker) -> Quote:
    return Quote(
        text=tx.text[c.start : c.end],
        start=c.start,
        end=c.end,
        kind=c.kind,
        speaker=speaker.name,
        speaker_id=speaker.id,
        speaker_span=speaker.span,
        role=speaker.role,
        cue=c.cue,
    )


def _introduced(
    tx: _Text, resolver: SpeakerResolver, prev: tuple[_Candidate, Speaker] | None, c: _Candidate
) -> Speaker | None:
    """The speaker of a quote with no cue that follows the narrative's turn to a new person: the last person
    named as a main-clause subject after the previous quote, in the quote's own paragraph or the one before it
    ("Halyna Moroz, 67, lives on the fifth floor …" then a paragraph of quote). None when there is no such person
    or it is the previous speaker (then the quote continues that speaker's, see :func:`_continues`)."""
    para = tx.paragraph(c.start)
    floor = tx.paragraph_starts[para - 2] if para >= 2 else 0
    if prev is not None:
        floor = max(floor, _frame_end(tx, prev[0], prev[1]))
    found = resolver.person_subject(floor, c.start)
    if found is None or tx.in_quote(tx.doc[found[0]].idx):
        return None
    if prev is not None and (found[1].id == prev[1].id if prev[1].id is not None else found[1].name == prev[1].name):
        return None
    return found[1]


def _frame_end(tx: _Text, last: _Candidate, speaker: Speaker) -> int:
    """Where the frame of quote ``last`` ends: the end of the sentence that holds the quote's end and its speaker
    ("…," Varga told reporters after her win over Mia Lindqvist.), as a character offset."""
    doc = tx.doc
    i = tx.token_at(max(last.end, speaker.span[1]))
    while i < len(doc) and "\n" not in doc[i].text:
        if doc[i].text in SENTENCE_END and not tx.in_quote(doc[i].idx):
            break
        i += 1
    return doc[i].idx if i < len(doc) else len(tx.text)


def _continues(tx: _Text, resolver: SpeakerResolver, last: _Candidate, speaker: Speaker, c: _Candidate) -> bool:
    """Whether a quote with no cue of its own goes on from ``last``: the same or the next paragraph, and no
    other person named in the narrative between them (after the frame of ``last``)."""
    if tx.paragraph(c.start) - tx.paragraph(last.end) > 1:
        return False
    doc = tx.doc
    for i in range(tx.token_at(_frame_end(tx, last, speaker)), tx.token_at(c.start)):
        tok = doc[i]
        e = resolver.entity_at(tok)
        if e is not None and e.type == "PERSON" and e.id != speaker.id and not tx.in_quote(tok.idx):
            return False
    return True


def component(doc: Doc, context: Context) -> list[Quote]:
    """The registered extractor (see :mod:`newstrace.facts`): needs the article's entities."""
    return extract_quotes(doc, context["entities"])
