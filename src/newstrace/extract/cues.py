"""Speech cues in a parsed article: reporting verbs and "according to", with their subject and content.

All rules read the dependency parse, never the wording of particular articles:

* a cue is a verb whose lemma is in a lexicon (``say``, ``deny``, ``reiterate``…) or the phrase
  "according to";
* its speaker is the verb's ``nsubj``; a verb without a subject of its own borrows it: from the verb it is
  conjoined to ("denied X and has promised to Y"), from the clause a participle hangs on ("…, calling on Kyiv
  to …"), from the noun a relative clause hangs on ("the diplomat, who said …");
* its content is the clausal complement (``ccomp``: "said that …"), the infinitive of verbs of promising
  and urging ("promised to assess …"), the object of verbs like *deny* or *confirm* ("denied any
  involvement …"), or, for an inverted frame at the end of a sentence ("…, police said." / "…, said the
  minister."), everything before the frame;
* a speech act whose content is a complement is reported with its verb ("apologised for …", "blamed a supplier
  for the hold-up", "said sorry to commuters", a request "asked the council to reject …"); a bare apology ("said
  sorry.") has the quote that follows it as its content (see ``extract/quotes.py``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newstrace.extract.roles import wordset
from newstrace.lexicon import words

#: Verbs whose infinitive complement is the content ("promised to assess …", "urged Kyiv to …").
XCOMP_VERBS = words("cue_words", "xcomp_verbs")
#: Verbs whose object is a reported finding only with what it is of or in ("disclosed an increase of 6 per cent
#: in road deaths", "reported a sharp fall in arrests").
FIGURE_VERBS = wordset("disclose report")
#: Verbs of warning whose "against …" is the content ("cautioned against reading too much into …").
WARNING_VERBS = wordset("warn caution")
#: Verbs whose direct object can be the content ("denied any involvement …", "confirmed the deaths").
OBJECT_VERBS = words("cue_words", "object_verbs")
#: Speech acts whose content is a complement: the required preposition of each ("apologised for …", "accused X of
#: …", "described X as …"), verbs whose object alone is the content ("condemned the attack"), and orders given by a
#: body ("ordered the company to halve …"); see ``data/speech_acts.json``.
ACT_PREPOSITIONS: dict[str, frozenset[str]] = {}
for _prep in ("for", "on", "of", "as"):
    for _verb in words("speech_acts", f"{_prep}_verbs"):
        ACT_PREPOSITIONS[_verb] = ACT_PREPOSITIONS.get(_verb, frozenset()) | {_prep}
ACT_OBJECT_VERBS = words("speech_acts", "object_verbs")
REQUEST_VERBS = words("speech_acts", "request_verbs")
#: Words that make a verb of saying an apology ("said sorry to commuters"); see ``data/speech_acts.json``.
APOLOGY_WORDS = words("speech_acts", "apology_words")
#: Verbs that are an apology themselves ("apologised"): bare, their content is the quote that follows.
APOLOGY_VERBS = words("speech_acts", "apology_verbs")
#: The phrases an apology's content is in: to whom ("sorry to commuters") and what for ("sorry for the delays").
_APOLOGY_PREPOSITIONS = wordset("to for")
DIRECTIVE_VERBS = words("speech_acts", "directive_verbs")
DIRECTIVE_SUBJECTS = words("speech_acts", "directive_subjects")
ACT_VERBS = frozenset(ACT_PREPOSITIONS) | ACT_OBJECT_VERBS | DIRECTIVE_VERBS | REQUEST_VERBS
#: The cues of renderings that report an act by its verb ("apologised for …", "blamed X for Y", "asked X to …",
#: "said sorry to …"): their words are the reporter's account of the act, not what was said.
ACT_CUES = ACT_VERBS | {f"say {w}" for w in APOLOGY_WORDS}
#: Verbs that report what someone said, wrote or holds, by lemma. Their clause is the reported content.
SPEECH_VERBS = words("cue_words", "speech_verbs") | XCOMP_VERBS | OBJECT_VERBS
#: Verbs that only introduce quotations in marks (their indirect use is too often not a statement).
QUOTE_ONLY_VERBS = words("cue_words", "quote_only_verbs")
QUOTE_VERBS = SPEECH_VERBS | QUOTE_ONLY_VERBS | frozenset(ACT_PREPOSITIONS) | ACT_OBJECT_VERBS
#: Nouns for what someone issued or said: "Trump's tweet said …" speaks for Trump.
STATEMENT_NOUNS = words("cue_words", "statement_nouns")
#: Nouns for the occasion or medium of a statement: "said in an interview that …", "told a briefing that …".
SPEECH_EVENT_NOUNS = STATEMENT_NOUNS | words("cue_words", "speech_event_nouns")
#: Nouns that report a statement or a belief with a that-clause: "Mr. Lawson's contention that …".
ATTRIBUTION_NOUNS = words("cue_words", "attribution_nouns")
#: Verbs that negate their content: the quote text keeps the verb so that it is not read as a claim.
NEGATING_VERBS = words("cue_words", "negating_verbs")
#: Evidential verbs ("a document showed that …"): cues only with a "that" clause.
EVIDENTIAL_VERBS = words("cue_words", "evidential_verbs")
#: Subjects whose "found", "showed", "suggests" report findings without a "that": "…, a new study suggests."
EVIDENCE_SOURCES = words("cue_words", "evidence_sources")
#: Verbs that take a clause but are cues only with a person or organisation as subject ("I think" is not).
BELIEF_VERBS = words("cue_words", "belief_verbs")
#: Verbs that raise the speaker's belief, not an utterance, with "to" ("expected to announce"): not cues then.
_NOT_SPEECH_HEADS = words("cue_words", "not_speech_heads")
_QUESTION_WORDS = wordset("whether if what who whom whose which when where why how")
_FIRST_SECOND_PERSON = wordset("i me we us you one")
_RELATIVE = wordset("who which that whom")
SENTENCE_END = frozenset({".", "!", "?", "…"})


@dataclass(frozen=True, slots=True)
class Cue:
    """A speech cue with what it attributes: ``subject`` is the token the speaker rests on, ``start``/``end``
    the character span of the reported content."""

    cue: str
    token: int
    subject: int | None
    start: int
    end: int
    kind: str = "indirect"


def lemma(tok: Token) -> str:
    lem = tok.lemma_.lower()
    return "point out" if lem == "point" else lem


def is_cue_verb(tok: Token, lexicon: frozenset[str] = QUOTE_VERBS) -> bool:
    if tok.pos_ != "VERB":
        return False
    lem = lemma(tok)
    if lem == "point out":  # "pointed out that …"
        return lem in lexicon and any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)
    return lem in lexicon


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The token the speaker of ``verb`` rests on, or None (passive, no subject, "declined to say")."""
    if depth > 4:
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:
        child = _nearest_subject(verb, subjects)
        if _crosses_line(child, verb):  # a signature or headline line run into the sentence below it
            return _subject_on_line(verb)
        if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
            return verb.head
        return child
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return passive_agent(verb)  # "was criticised as '…' by the design panel"
    head = verb.head
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and head.lower_ == "as" and lemma(head.head) == "quote":
        return next((c for c in head.head.children if c.dep_ == "nsubjpass"), None)  # "X was quoted as saying"
    if head.i == verb.i:
        return _inverted_subject(verb) or detached_subject(verb)
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return subject_of(head, depth + 1)
    if verb.dep_ == "ccomp" and _after_conjunction(verb) and is_cue_verb(head):
        return subject_of(head, depth + 1)  # "said the cap would raise £2bn but warned that …" (ccomp for conj)
    if verb.dep_ == "xcomp" and verb.tag_ == "VB" and head.pos_ in ("VERB", "AUX") and not any(
        c.dep_ in ("dobj", "dative") for c in head.children
    ):
        return subject_of(head, depth + 1)  # "She used to say, '…'": the subject of the verb it completes
    if verb.dep_ in ("advcl", "xcomp", "conj") and verb.tag_ == "VBG":
        if lemma(head) == "quote":  # "X was quoted as saying"
            return next((c for c in head.children if c.dep_ == "nsubjpass"), None)
        return subject_of(head, depth + 1)
    if verb.dep_ in ("acl", "relcl") and verb.tag_ in ("VBD", "VBZ", "VBP") and head.pos_ in ("NOUN", "PROPN"):
        return head  # "the EU's chief diplomat, Kaja Kallas, called …" parsed as a clause on the noun
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and lemma(head) in STATEMENT_NOUNS:
        # "The ministry issued a statement calling …" / "In a statement calling …, the ministry said"
        governor = head.head.head if head.head.pos_ == "ADP" else head.head
        if governor.pos_ == "VERB" and governor.i != head.i:
            return subject_of(governor, depth + 1)
    return _inverted_subject(verb)


def passive_agent(verb: Token) -> Token | None:
    """Who does what a passive verb reports: the noun of its "by" phrase ("was criticised as '…' by the design
    panel"), also where the parser hung that phrase on the last noun of the verb's complement ("was blamed on a
    snapped line by Vestnett"); there only a name or a determined noun, since "blamed on weak oversight by
    regulators" names whose oversight it was."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:
        return next((c for c in agent.children if c.dep_ == "pobj"), None)
    preps = [c for c in verb.rights if c.dep_ == "prep"]
    if not preps:
        return None
    last = preps[-1]
    by = next((t for t in last.subtree if t.lower_ == "by" and t.dep_ == "prep" and t.i > last.i), None)
    doc = verb.doc
    if by is None or not (by.right_edge.i == last.right_edge.i or doc[by.right_edge.i + 1].text == ","):
        return None  # the "by" phrase closes the complement (", speaking to reporters …" may follow)
    noun = next((c for c in by.children if c.dep_ == "pobj"), None)
    if noun is None or not (
        noun.pos_ == "PROPN" or any(c.dep_ in ("det", "poss") for c in noun.children)
    ):
        return None
    return noun


def _nearest_subject(verb: Token, subjects: list[Token]) -> Token:
    """Of several subjects the parser gave one verb, the one on the verb's own line and nearest to it: a
    headline with no full stop runs into the first sentence ("Chancellor under fire\nThe Chancellor, …")."""
    if len(subjects) == 1:
        return subjects[0]
    doc = verb.doc

    def distance(s: Token) -> tuple[int, int]:
        return (1 if _crosses_line(s, verb) else 0, abs(verb.i - s.i) + (0 if s.i < verb.i else len(doc)))

    return min(subjects, key=distance)


def detached_subject(verb: Token) -> Token | None:
    """The name before a subjectless verb that the parser attached elsewhere: "In a letter to Ron Castillo,
    Sen. Tammy Reed, a Democrat from Washington, said …" (Reed read as an appositive of Castillo)."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children):
        return None
    found = _noun_before(verb)
    if found is None or found.pos_ != "PROPN":
        return None
    if found.dep_ not in ("appos", "conj", "pobj", "dobj", "npadvmod", "ROOT", "nsubj"):
        return None
    return found if found.ent_type_ in ("PERSON", "ORG", "") else None


def _noun_before(verb: Token) -> Token | None:
    """The noun right before ``verb`` on its line, past auxiliaries and adverbs and past an appositive between
    commas; the appositive itself when it is a name ("The Education Minister, Karen Doyle, has defended")."""
    doc = verb.doc
    k = verb.i - 1
    while k >= 0 and doc[k].dep_ in ("aux", "advmod", "neg") and doc[k].head.i == verb.i:
        k -= 1
    if k >= 1 and doc[k].text == ",":  # past an appositive: ", a Democrat from Washington,"
        j = k - 1
        while j > 0 and k - j <= 10 and doc[j].text != "," and not doc[j].is_sent_start:
            j -= 1
        if doc[j].text != "," or j == k - 1:
            return None
        names = [t for t in doc[j + 1 : k] if t.ent_type_ == "PERSON"]
        if names and all(t.pos_ == "PROPN" for t in doc[j + 1 : k]):
            return names[-1]
        k = j - 1
    if k < 0 or doc[k].pos_ not in ("PROPN", "NOUN", "PRON") or _crosses_line(doc[k], verb):
        return None
    return doc[k]


def _crosses_line(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any("\n" in t.text for t in a.doc[lo:hi])


def _subject_on_line(verb: Token) -> Token | None:
    """The subject on ``verb``'s own line ("Sheriff Dale Price urged"), when the parser took a word on the line
    above for it (a signature line, or a headline with no full stop)."""
    return _noun_before(verb)


def _after_conjunction(verb: Token) -> bool:
    """Whether a coordinating conjunction stands right before the clause of ``verb`` ("…, but warned")."""
    k = verb.left_edge.i - 1
    while k >= 0 and verb.doc[k].is_punct:
        k -= 1
    return k >= 0 and verb.doc[k].pos_ == "CCONJ"


def _inverted_subject(verb: Token) -> Token | None:
    """The subject after the verb in "…, said the minister", parsed as an object by small models."""
    prev = verb.nbor(-1) if verb.i > 0 else None
    if prev is None or not (prev.is_punct or prev.is_space):
        return None
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr", "npadvmod", "oprd", "appos", "dative") and child.pos_ in ("PROPN", "NOUN"):
            return child
    return None


def is_negated(verb: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and (lemma(head) in _NOT_SPEECH_HEADS or any(c.dep_ == "neg" for c in head.children))


class Sentences:
    """Sentence boundaries of one doc by token index, computed once (``Token.sent`` walks the whole doc)."""

    def __init__(self, doc: Doc) -> None:
        self.starts = [s.start for s in doc.sents] or [0]
        self.ends = [*self.starts[1:], len(doc)]

    def index(self, i: int) -> int:
        return max(0, bisect.bisect_right(self.starts, i) - 1)

    def bounds(self, i: int) -> tuple[int, int]:
        """(first token, end token) of the sentence of token ``i``."""
        k = self.index(i)
        return self.starts[k], self.ends[k]


def clause_bounds(tok: Token, sents: Sentences) -> tuple[int, int]:
    """Token range of the sentence around ``tok`` without leading marks and spaces or the final punctuation."""
    sent_start, sent_end = sents.bounds(tok.i)
    start, end = sent_start, sent_end
    doc = tok.doc
    para_start = start
    for i in range(tok.i, sent_start - 1, -1):  # a sentence never crosses a paragraph break here
        if "\n" in doc[i].text and i < tok.i:
            para_start = i + 1
            break
    start = max(start, para_start)
    for i in range(tok.i, sent_end):
        if "\n" in doc[i].text:
            end = i
            break
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def char_span(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Character span of tokens ``start..end`` trimmed of a leading "that", punctuation and spaces."""
    while start < end and (
        doc[start].is_punct or doc[start].is_space or (doc[start].dep_ == "mark" and doc[start].lower_ == "that")
    ):
        start += 1
    while end > start and (
        ((doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in ")]")
        or doc[end - 1].pos_ == "CCONJ"
    ):
        end -= 1
    if sum(1 for t in doc[start:end] if t.is_alpha or t.like_num) < 2:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _subtree_span(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def _clause_span(clause: Token) -> tuple[int, int]:
    """The reported clause, cut before a conjoined clause with a subject of its own that is set off by a comma
    or reports a statement of its own ("said the detour had cut sales, and some called it …" ends at "sales");
    a clause joined without a comma goes on ("said 412 people had died and 900 were injured")."""
    start, end = _subtree_span(clause)
    doc = clause.doc
    for child in clause.rights:
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
        if child.dep_ == "conj" and own_subject and not any(c.dep_ == "mark" for c in child.children):
            cc = next((c for c in child.lefts if c.dep_ == "cc"), None) or next(
                (c for c in clause.rights if c.dep_ == "cc" and c.i < child.i), None
            )
            tight = cc is not None and cc.i > 0 and doc[cc.i - 1].text != "," and cc.lower_ == "and"
            if tight and not is_cue_verb(child) and child.lemma_.lower() not in BELIEF_VERBS:
                continue
            cut = child.left_edge.i
            while cut > start and clause.doc[cut - 1].dep_ in ("cc", "punct"):
                cut -= 1
            return start, cut
    return start, end


def _evidence(subject: Token | None) -> bool:
    """Whether the subject of an evidential verb is research or a record that states findings (and does
    so: "the report due Friday could show …" is a forecast)."""
    if subject is None or subject.lemma_.lower() not in EVIDENCE_SOURCES:
        return False
    return not any(c.tag_ == "MD" for c in subject.head.children)


def _complement(verb: Token) -> tuple[Token, int] | None:
    """The clause ``verb`` reports and its first token.

    Usually the verb's ``ccomp``. After a noun of the frame ("said in a statement that …", "told a briefing
    that …") the parser often hangs the clause on the noun instead, as a relative clause, or hangs only its
    subject there ("said on a call that deals worth $1 million were being reviewed": "deals …" on "call", the
    rest a ccomp); then the clause starts after the "that" that follows the noun."""
    doc = verb.doc
    ccomp = next((c for c in verb.rights if c.dep_ == "ccomp"), None)
    that = _that_after_frame_noun(verb)
    if (
        that is not None
        and that.dep_ in ("nsubj", "nsubjpass")
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.i != that.i for c in that.head.children)
        and that.head.dep_ in ("relcl", "acl", "ccomp")
    ):
        return that.head, that.i + 1  # "a call that prices … had fallen": a clause has one subject, so no relative
    if that is not None and that.dep_ in ("nsubj", "nsubjpass") and (ccomp is None or that.head.i == ccomp.i):
        # "said in a statement that was posted online that it would …": the first "that" opens a relative
        # clause (read as the ccomp, or hung on the noun), and the reported clause hangs inside it
        inner = next((c for c in that.head.rights if c.dep_ == "ccomp"), None)
        return (inner, inner.left_edge.i) if inner is not None else None
    if ccomp is not None:
        if (
            that is not None
            and that.i < ccomp.left_edge.i
            and not any(c.dep_ == "mark" for c in ccomp.children)
            and all(_descends(t, that.head) or t.i == that.head.i for t in doc[that.i + 1 : ccomp.left_edge.i])
        ):
            return ccomp, that.i + 1
        return ccomp, ccomp.left_edge.i
    if that is None:
        return None
    clause = that.head
    if clause.dep_ not in ("acl", "relcl", "ccomp") or clause.i <= that.i:
        return None
    if that.dep_ == "mark":
        return clause, that.i + 1
    # "that" read as a relative pronoun: a complementizer all the same after a noun for an act of speech
    # ("said on a conference call that supply constraints would ease") or when the clause has an object of its
    # own ("told a briefing that Helsinki had chosen confrontation"); never as the clause's subject ("in a
    # statement that was released on Friday").
    if that.dep_ in ("dobj", "pobj") and (
        that.head.head.lemma_.lower() in SPEECH_EVENT_NOUNS
        or any(c.dep_ in ("dobj", "attr", "oprd", "ccomp", "xcomp") and c.i != that.i for c in clause.children)
    ):
        return clause, that.i + 1
    return None


def _that_after_frame_noun(verb: Token) -> Token | None:
    """A "that" right after a noun of ``verb``'s frame: "said in a statement that", "told reporters that"."""
    doc = verb.doc
    for child in verb.rights:
        if child.dep_ == "prep":
            # the occasion or medium ("in a statement", "on its website", "on X") or the addressee ("to
            # reporters"); not any noun ("adding to evidence that …" is no frame)
            nouns = [
                c
                for c in child.children
                if c.dep_ == "pobj"
                and (c.lemma_.lower() in SPEECH_EVENT_NOUNS or c.pos_ == "PROPN" or child.lower_ == "to")
            ]
        elif child.dep_ in ("dobj", "dative", "npadvmod"):
            nouns = [child]
        else:
            continue
        for noun in nouns:
            k = noun.i + 1
            if k < len(doc) and doc[k].lower_ == "that" and doc[k].head.i != verb.i:
                return doc[k]
    return None


def _that_conjuncts(verb: Token, end: int) -> int:
    """The end of the content extended over further "that" clauses conjoined to the verb ("said that 47
    hospitals had closed, and that dozens more were at risk"), and over a second ccomp that goes straight on
    from the first ("told the jury that his client accepted the messages | were 'intemperate'")."""
    doc = verb.doc
    for child in verb.rights:
        if child.dep_ == "ccomp" and child.left_edge.i == end and not is_cue_verb(child):
            end = _clause_span(child)[1]
            continue
        if child.dep_ != "conj" or child.left_edge.i < end or is_cue_verb(child):
            continue
        if not any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
            continue
        if all(t.is_punct or t.pos_ == "CCONJ" or t.is_space for t in doc[end : child.left_edge.i]):
            end = _clause_span(child)[1]
    return end


def frame_start(verb: Token, subject: Token | None) -> int:
    """First token of the reporting frame "the ministry reported on Monday" / "said X" around ``verb``."""
    start = verb.i
    if subject is not None and subject.i < verb.i and subject.head.i == verb.i:
        start = min(start, subject.left_edge.i)
    for child in verb.lefts:
        if child.dep_ in ("aux", "auxpass", "advmod", "neg", "nsubj"):
            start = min(start, child.left_edge.i)
    return start


def _content(
    verb: Token, subject: Token | None, in_quote: Callable[[int], bool], sents: Sentences
) -> tuple[int, int, str] | None:
    """(first token, end token, kind) of what ``verb`` reports, or None."""
    doc = verb.doc
    lem = lemma(verb)
    if lem in REQUEST_VERBS and lem not in SPEECH_VERBS:
        return _speech_act(verb, subject, in_quote)  # "asked the council to reject …"; no question is a statement
    if (sorry := apology_word(verb, in_quote)) is not None:
        return _apology(verb, sorry, in_quote)
    complement = _complement(verb)
    if complement is not None:
        clause, start = complement
        first = next((t for t in doc[start : clause.right_edge.i + 1] if not (t.is_punct or t.is_space)), clause)
        if first.lower_ in _QUESTION_WORDS and first.lower_ != "that":
            return None
        introduced = first.lower_ == "that" or any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
        if lem in EVIDENTIAL_VERBS and not introduced and not _evidence(subject):
            return None
        end = _clause_span(clause)[1]
        if doc[start].lower_ == "that" and doc[start].dep_ != "det":
            start += 1  # the complementizer, however the parser labelled it
        if lem in NEGATING_VERBS:
            start = verb.i
        return start, _that_conjuncts(verb, end), "indirect"
    if lem in EVIDENTIAL_VERBS and not _evidence(subject):
        return None  # "…, a new study suggests." reports; "…, the photos show" does not
    if lem in XCOMP_VERBS:
        xcomp = next((c for c in verb.rights if c.dep_ == "xcomp"), None)
        if xcomp is not None and any(c.dep_ == "aux" and c.lower_ == "to" for c in xcomp.children):
            start, end = _subtree_span(xcomp)
            return start, end, "indirect"
    if lem in ACT_VERBS and (act := _speech_act(verb, subject, in_quote)) is not None:
        return act
    if lem in WARNING_VERBS:  # "cautioned against reading too much into a single year"
        prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "against"), None)
        if prep is not None and any(c.dep_ in ("pobj", "pcomp") for c in prep.children):
            return prep.i, prep.right_edge.i + 1, "indirect"
    if lem == "call":  # "called for an independent inquiry"
        prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "for"), None)
        if prep is not None and any(c.dep_ == "pobj" for c in prep.children):
            return prep.i, prep.right_edge.i + 1, "indirect"
    if lem in OBJECT_VERBS:
        gerund = next((c for c in verb.rights if c.dep_ in ("xcomp", "dobj", "ccomp") and c.tag_ == "VBG"), None)
        if gerund is not None:  # "denied orchestrating the crossings", "admitted taking the money"
            start, end = _subtree_span(gerund)
            return (verb.i if lem in NEGATING_VERBS else start), end, "indirect"
        obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
        if obj is not None and obj.pos_ in ("NOUN", "PROPN") and obj.ent_type_ != "PERSON":
            start, end = _subtree_span(obj)
            if lem not in NEGATING_VERBS and sum(1 for t in doc[start:end] if t.is_alpha) < 3:
                return None  # "will announce the dates" reports no statement
            if lem in FIGURE_VERBS and not any(c.dep_ == "prep" and c.lower_ in ("of", "in") for c in obj.children):
                return None  # "reported quarterly revenue that …" names a figure; "reported a fall in arrests" says one
            if lem in NEGATING_VERBS:  # "denied any wrongdoing by its pilots": the verb and all it governs
                start = verb.i
                for child in verb.rights:
                    if child.dep_ in ("dobj", "prep", "npadvmod", "advmod", "dative"):
                        end = max(end, child.right_edge.i + 1)
            return start, end, "indirect"
    return _inverted_frame(verb, subject, in_quote, sents)


def _passive_act(verb: Token, in_quote: Callable[[int], bool]) -> tuple[Token, int, int] | None:
    """A speech act in the passive with its agent: "The rise was blamed on falling vaccination rates by Dr Helen
    Marsh" (the agent; the content from the subject to the end of the act's phrase, before "by")."""
    agent = passive_agent(verb)
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    prep = next(
        (c for c in verb.rights if c.dep_ == "prep" and c.lower_ in ACT_PREPOSITIONS.get(lemma(verb), ())), None
    )
    if agent is None or subject is None or prep is None or any(in_quote(t.idx) for t in prep.subtree):
        return None
    by = agent.head
    end = by.i if prep.i < by.i <= prep.right_edge.i else prep.right_edge.i + 1
    return agent, subject.left_edge.i, end


def _inverted_frame(
    verb: Token, subject: Token | None, in_quote: Callable[[int], bool], sents: Sentences
) -> tuple[int, int, str] | None:
    """An inverted frame: "…, police said." / "…, said the minister." — the content is what comes before."""
    doc = verb.doc
    fstart = frame_start(verb, subject)
    if not _is_frame(verb, subject):
        return None
    if fstart > 0 and doc[fstart - 1].text == "," and not in_quote(doc[fstart - 1].idx):
        c_start, c_end = clause_bounds(verb, sents)
        after = verb.i + 1
        while (
            after < c_end
            and doc[after].head.i != after
            and _descends(doc[after], verb)
            and not any(_predicate_tail(verb, a) and (a.i == after or _descends(doc[after], a)) for a in verb.rights)
        ):
            after += 1
        if after >= c_end:  # the frame closes the sentence
            return c_start, fstart - 1, "indirect"
        if verb.dep_ == "parataxis":  # "The economy, he said, is recovering."
            return c_start, c_end, "indirect"
    return None


def _speech_act(verb: Token, subject: Token | None, in_quote: Callable[[int], bool]) -> tuple[int, int, str] | None:
    """A speech act whose content is a complement, reported with its verb: "apologised on Monday for the
    delays", "accused the council of ignoring warnings", "described the fire as the worst in a decade", "blamed a
    supplier for the hold-up", and a body's order "ordered the company to halve its emissions"."""
    lem = lemma(verb)
    rights = [c for c in verb.rights if c.dep_ not in ("punct", "cc", "conj", "advcl", "parataxis")]
    prep = next(
        (c for c in rights if c.dep_ == "prep" and c.lower_ in ACT_PREPOSITIONS.get(lem, ()) and list(c.children)),
        None,
    )
    if prep is None:  # "accused the minister | of hiding …" parsed with the phrase on the object
        obj = next((c for c in rights if c.dep_ == "dobj"), None)
        prep = next(
            (
                c
                for c in (obj.rights if obj is not None else ())
                if c.dep_ == "prep"
                and c.lower_ in ACT_PREPOSITIONS.get(lem, ())
                and (c.lower_ == "for" or any(g.dep_ == "pcomp" for g in c.children))
            ),
            None,
        )
    last: Token | None = prep
    if last is None and lem in ACT_OBJECT_VERBS:
        obj = next((c for c in rights if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")), None)
        if obj is not None and sum(1 for t in obj.subtree if t.is_alpha) >= 2:
            last = next((c for c in rights if c.i > obj.i and c.dep_ == "prep"), obj)
    if last is None and (
        lem in REQUEST_VERBS or (lem in DIRECTIVE_VERBS and subject is not None and _directive_subject(subject))
    ):
        xcomp = next((c for c in rights if c.dep_ in ("xcomp", "ccomp")), None)
        addressed = any(c.dep_ in ("dobj", "dative") for c in rights) or (
            xcomp is not None and any(c.dep_ == "nsubj" for c in xcomp.children)
        )  # "asked the council to reject …"; "asked to leave" asks nothing of anyone
        if (
            xcomp is not None
            and _infinitive(xcomp)
            and (addressed or lem not in REQUEST_VERBS)
        ):
            last = xcomp
        elif xcomp is None and lem in REQUEST_VERBS:
            last = _addressee_with_request(rights)
    if last is None or any(in_quote(t.idx) for t in last.subtree):
        return None  # `described it as "a comedy"`: the quoted words are the quote
    for c in rights:  # "described the fire as the worst | in a decade", "appealed for witnesses | to the crash"
        if c.i > last.i and c.dep_ == "prep" and c.i == last.right_edge.i + 1:
            last = c
    return verb.i, last.right_edge.i + 1, "indirect"


def _infinitive(verb: Token) -> bool:
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _addressee_with_request(rights: list[Token]) -> Token | None:
    """The object of a request whose infinitive the parser hung inside a relative clause of the object ("asked
    anyone who witnessed the collision | to contact them"): the object, whose subtree then holds the request,
    when an infinitive without a subject of its own closes it."""
    obj = next((c for c in rights if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    for relcl in (c for c in obj.rights if c.dep_ == "relcl"):
        for t in relcl.subtree:
            if (
                t.dep_ in ("advcl", "relcl", "acl")
                and _infinitive(t)
                and t.left_edge.i > relcl.i + 1  # "who had come | to help": the relative clause's own infinitive
                and t.right_edge.i == obj.right_edge.i
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
            ):
                return obj
    return None


def cue_name(verb: Token, in_quote: Callable[[int], bool]) -> str:
    """The cue a verb gives its quotes: its lemma, or the phrase of an apology said with a word ("say sorry")."""
    sorry = apology_word(verb, in_quote)
    return f"{lemma(verb)} {sorry.lower_}" if sorry is not None else lemma(verb)


def apology_word(verb: Token, in_quote: Callable[[int], bool]) -> Token | None:
    """The word that makes a verb of saying an apology, outside quotation marks: "said sorry …" (the word
    right after the verb and its adverbs, a complement of the verb), or None. Only an apology that was made: not
    one wanted, urged or promised ("want the company to say sorry", "will say sorry": the verb's base form)."""
    if lemma(verb) not in SPEECH_VERBS or verb.tag_ == "VB":
        return None
    for child in verb.rights:
        if child.dep_ in ("advmod", "npadvmod") and child.lower_ not in APOLOGY_WORDS:
            continue
        if (
            child.lower_ in APOLOGY_WORDS
            and child.dep_ in ("acomp", "oprd", "dobj", "attr", "ccomp", "xcomp", "advmod", "intj")
            and not in_quote(child.idx)
        ):
            return child
        return None
    return None


def _apology(verb: Token, sorry: Token, in_quote: Callable[[int], bool]) -> tuple[int, int, str] | None:
    """The content of an apology said with a word ("said sorry to commuters who …", "said sorry on Monday for the
    delays"): the verb with the apology's "to" and "for" phrases, whether the parser hung them on the word or on
    the verb. None for a bare "said sorry": its content is the quote that follows (see ``bare_apology``)."""
    phrases = [
        c
        for c in (*sorry.rights, *verb.rights)
        if c.dep_ == "prep" and c.lower_ in _APOLOGY_PREPOSITIONS and c.i > sorry.i and list(c.children)
    ]
    if not phrases or any(in_quote(t.idx) for p in phrases for t in p.subtree):
        return None
    return verb.i, max(p.right_edge.i for p in phrases) + 1, "indirect"


def bare_apology(verb: Token, in_quote: Callable[[int], bool]) -> bool:
    """Whether ``verb`` reports an apology that gives no content of its own: "said sorry", "apologised on
    Tuesday", "apologised to passengers" (what it was for is the quote that follows, if any)."""
    sorry = apology_word(verb, in_quote)
    if sorry is not None:
        return _apology(verb, sorry, in_quote) is None
    if lemma(verb) not in APOLOGY_VERBS or any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return False
    return not any(c.dep_ == "prep" and c.lower_ in ACT_PREPOSITIONS.get(lemma(verb), ()) for c in verb.rights)


def _directive_subject(subject: Token) -> bool:
    """Whether an order by ``subject`` is a statement: a court's or a judge's, which is its ruling."""
    return subject.lemma_.lower() in DIRECTIVE_SUBJECTS


#: Dependents a reporting frame may have after its verb: the speaker, the addressee, time and place.
_FRAME_RIGHTS = frozenset({"nsubj", "prep", "advmod", "npadvmod", "punct", "agent", "dative", "dobj", "advcl"})


def _is_frame(verb: Token, subject: Token | None) -> bool:
    """Whether ``verb`` heads an inverted reporting frame ("…, police said" / "…, said the minister")."""
    if subject is None or subject.head.i != verb.i:
        return False  # a frame names its speaker: "…, estimating 4,000 casualties" is no frame
    if verb.dep_ in ("relcl", "acl", "advcl", "xcomp", "pcomp", "pobj", "amod"):
        return False
    if any(c.tag_ == "WRB" or c.lower_ in _RELATIVE for c in verb.lefts):
        return False  # "…, where farmers expect …"
    for child in verb.rights:
        if verb.dep_ == "parataxis" and _predicate_tail(verb, child):
            continue  # "…, Ms. Whitlock noted, and had not spread to …": the statement goes on
        if child.dep_ not in _FRAME_RIGHTS:
            return False
        if child.dep_ == "dobj" and lemma(verb) != "tell" and child.i != subject.i:
            return False
        if child.dep_ == "advcl" and child.tag_ != "VBG":
            return False
    return True


def _predicate_tail(verb: Token, child: Token) -> bool:
    """Whether ``child`` of a parenthetical frame is really the rest of the statement the frame interrupts: a
    conjoined predicate or clause (or its conjunction), which the parser hung on the frame ("…, Ms. Whitlock
    noted, and had not spread …", "…, officials said, and tolls will rise")."""
    if child.dep_ == "cc":
        return any(c.dep_ == "conj" and _predicate_tail(verb, c) for c in verb.rights)
    return child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and not is_cue_verb(child)


def _descends(tok: Token, ancestor: Token) -> bool:
    return any(a.i == ancestor.i for a in tok.ancestors)


def _according_to(tok: Token, sents: Sentences) -> Cue | None:
    """ "According to X, …" / "…, according to X." """
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if source is None:
        return None
    doc = tok.doc
    c_start, c_end = clause_bounds(tok, sents)
    p_start, p_end = tok.i, source.right_edge.i + 1
    if p_start <= c_start + 0:
        span = char_span(doc, p_end, c_end)
    elif p_end >= c_end:
        span = char_span(doc, c_start, p_start)
    else:
        span = char_span(doc, c_start, c_end)
    if span is None:
        return None
    return Cue("according to", tok.i, source.i, span[0], span[1])


def _noun_cue(noun: Token, sents: Sentences) -> Cue | None:
    """ "Mr. Lawson's contention that the pound would recover", "a claim by the company that …": a noun of
    saying with a that-clause and a named source (its possessor, or "by"/"from" someone)."""
    clause = next(
        (
            c
            for c in noun.rights
            if c.dep_ in ("acl", "ccomp", "relcl") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ),
        None,
    )
    if clause is None:
        return None
    source = next((c for c in noun.children if c.dep_ == "poss" and c.lower_ not in ("its", "their")), None)
    if source is None:
        by = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
        source = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if source is None:
        return None
    start, end = _clause_span(clause)
    c_start, c_end = clause_bounds(noun, sents)
    span = char_span(noun.doc, max(start, c_start), min(end, c_end))
    if span is None:
        return None
    return Cue(noun.lemma_.lower(), noun.i, source.i, span[0], span[1])


_INDIRECT_CUES = SPEECH_VERBS | ACT_VERBS | {"point out"}


def find_cues(doc: Doc, in_quote: Callable[[int], bool], sents: Sentences | None = None) -> Iterator[Cue]:
    """Every indirect attribution in ``doc``, in text order. ``in_quote(char)`` tells whether a character
    lies inside quotation marks: cues there are the quoted speaker's own words and are skipped."""
    sents = sents if sents is not None else Sentences(doc)
    for tok in doc:
        if tok.lower_ == "according" and tok.dep_ == "prep":
            if not in_quote(tok.idx) and (cue := _according_to(tok, sents)) is not None:
                yield cue
            continue
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in ATTRIBUTION_NOUNS:
            if not in_quote(tok.idx) and (cue := _noun_cue(tok, sents)) is not None:
                yield cue
            continue
        if not is_cue_verb(tok, _INDIRECT_CUES) or in_quote(tok.idx) or is_negated(tok):
            continue
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
            if lemma(tok) in ACT_PREPOSITIONS and (passive := _passive_act(tok, in_quote)) is not None:
                agent, start, end = passive
                c_start, c_end = clause_bounds(tok, sents)
                if (span := char_span(doc, max(start, c_start), min(end, c_end))) is not None:
                    yield Cue(lemma(tok), tok.i, agent.i, span[0], span[1])
            continue
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in tok.children):
            continue
        if tok.dep_ == "xcomp" and tok.tag_ == "VB":
            continue
        if lemma(tok) == "add" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            continue  # "adding to evidence that …": contributing, not saying
        subject = subject_of(tok)
        if subject is None or (subject.pos_ == "PRON" and subject.lower_ in _FIRST_SECOND_PERSON):
            continue
        if lemma(tok) in BELIEF_VERBS and subject.pos_ == "PRON" and subject.lower_ not in ("he", "she", "they"):
            continue
        found = _content(tok, subject, in_quote, sents)
        if found is None:
            continue
        start, end, kind = found
        c_start, c_end = clause_bounds(tok, sents)
        span = char_span(tok.doc, max(start, c_start), min(end, c_end))
        if span is None:
            continue
        yield Cue(cue_name(tok, in_quote), tok.i, subject.i, span[0], span[1], kind)
