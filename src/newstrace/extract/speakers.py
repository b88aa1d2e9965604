"""Who a speech cue's subject is: a named entity, a pronoun resolved to one, or a description.

* A subject inside an entity mention (names, and role descriptions such as "the Chinese spokesperson" that
  :mod:`newstrace.extract.entities` joined to a person) resolves to that entity; so does a noun with a
  named appositive ("the EU's chief diplomat, Kaja Kallas").
* he/she resolve, in text order, to the most recent speaker, unless a person named later as the subject of
  a clause comes between ("Smith said … . The fire chief disagreed. "…," he said" → the fire chief); known
  gender (from honorifics, gendered titles and possessives) rules candidates out. they/it resolve to the
  most recent group or organisation speaker. Mentions inside quotation marks are never antecedents.
* Anything else stays descriptive: "One of the captured soldiers", "Ukrainian intelligence document".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newstrace.extract.cues import (
    EVIDENCE_SOURCES,
    STATEMENT_NOUNS,
    Sentences,
    detached_subject,
    is_cue_verb,
    subject_of,
)
from newstrace.extract.entities import TITLE_WORDS, name_words
from newstrace.extract.roles import role_nouns, wordset
from newstrace.lexicon import mapping, words
from newstrace.records import Entity

MALE = wordset("he him his himself")
FEMALE = wordset("she her hers herself")
_PLURAL_PRONOUNS = wordset("they them")
#: The gender a form of address gives the person it names ("Mrs. Chen": "f").
_HONORIFIC: dict[str, str] = mapping("speaker_words", "honorific_genders")
_GENDERED_NOUN = re.compile(
    r"(?:spokes|chair|congress|business|sales|police|council|countr|anchor)(man|woman)\b|\b(king|queen|prince|"
    r"princess|actress|actor|duke|duchess|father|mother|son|daughter|husband|wife|brother|sister|widow)\b",
    re.IGNORECASE,
)
_FEMALE_WORDS = words("speaker_words", "female_words")
_ORG_TYPES = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC"})
#: Heads that a descriptive speaker keeps a prepositional phrase for ("One of the captured soldiers").
_KEEP_OF = wordset("of for from at with by in")
_QUANTIFIERS = wordset("some many others most several few both all")
#: Heads of descriptions that name an organisation or a document, not a person: "it", never "he" or "she".
GROUP_NOUNS = words("speaker_words", "group_nouns")
#: Definite descriptions that stand for a business named earlier ("the company said").
COMPANY_DESCRIPTIONS = words("speaker_words", "company_descriptions")
#: ... and for a public body or a union ("the agency said", "the union said").
INSTITUTION_DESCRIPTIONS = words("speaker_words", "institution_descriptions")
ORG_DESCRIPTIONS = COMPANY_DESCRIPTIONS | INSTITUTION_DESCRIPTIONS
#: Words in the name of a public body, a court or an association: never "the company".
INSTITUTION_WORDS = words("speaker_words", "institution_words")
#: Nouns for people ("coach", "colleague", "neighbour"): what "he" or "she" in a quote inside a quote can stand for.
PERSON_NOUNS = words("people", "nouns")
#: How far back (in characters) a pronoun looks for its antecedent.
WINDOW = 1500


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    id: str | None
    span: tuple[int, int]
    role: str | None = None
    type: str | None = None  # the entity type, or "DESC" for a description
    plural: bool = False


class SpeakerResolver:
    """Resolves cue subjects of one article, in text order (call :meth:`resolve` with rising positions)."""

    def __init__(
        self, doc: Doc, entities: list[Entity], in_quote: Callable[[int], bool], sents: Sentences | None = None
    ) -> None:
        self.doc = doc
        self.sents = sents if sents is not None else Sentences(doc)
        self.in_quote = in_quote
        self.by_id = {e.id: e for e in entities}
        self._token_entity: dict[int, Entity] = {}
        starts = self._starts = [t.idx for t in doc]
        for e in entities:
            for s, end in e.mentions:
                i = bisect.bisect_left(starts, s)
                while i < len(doc) and doc[i].idx < end:
                    self._token_entity.setdefault(i, e)
                    i += 1
        self.gender = self._genders(entities)
        # Person mentions in subject position outside quotes: (token index, entity), in text order.
        self._subjects: list[tuple[int, Entity]] = []
        detached = {t.i for s in doc.sents if (t := detached_subject(s.root)) is not None}
        for i, e in sorted(self._token_entity.items()):
            if e.type != "PERSON" or in_quote(doc[i].idx) or not (_is_subject(doc[i]) or i in detached):
                continue
            if not self._subjects or self._subjects[-1][1] is not e or self._subjects[-1][0] < i - 6:
                self._subjects.append((i, e))
        # A surname alone as a subject that the model did not take for a mention of the person named before it
        # ("Mensah, who limped off after 20 minutes, was more upbeat" after "captain Joel Mensah").
        more = [
            (tok.i, person)
            for tok in doc
            if tok.pos_ == "PROPN"
            and tok.dep_ in ("nsubj", "nsubjpass")
            and _main_clause(tok.head)
            and not in_quote(tok.idx)
            and (tok.i not in self._token_entity or self._token_entity[tok.i].type != "PERSON")
            and (person := self.person_named(tok)) is not None
        ]
        if more:
            self._subjects = sorted(self._subjects + more, key=lambda x: x[0])
        self.history: list[tuple[int, Speaker]] = []
        # Names that report themselves as "it" ("Halvorsen Rail said it regretted the delay"): organisations,
        # whatever type the model gave them.
        self._speaks_as_it = {
            e.id
            for i, e in self._token_entity.items()
            if doc[i].dep_ == "nsubj"
            and is_cue_verb(doc[i].head)
            and any(
                c.dep_ == "ccomp" and any(_it_subject(g) and not in_quote(g.idx) for g in c.children)
                for c in doc[i].head.children
            )
        }
        # Organisations in subject position outside quotes, in text order: what "the company" refers back to.
        self._org_subjects = [
            (i, e)
            for i, e in sorted(self._token_entity.items())
            if e.type == "ORG" and not in_quote(doc[i].idx) and doc[i].dep_ in ("nsubj", "nsubjpass")
        ]

    # -- resolution -------------------------------------------------------------------------------------

    def resolve(self, head: Token) -> Speaker | None:
        """The speaker ``head`` (a cue's subject token) stands for, or None when it can't be told."""
        if head.pos_ == "PRON" or head.lower_ in MALE | FEMALE | _PLURAL_PRONOUNS | {"it"}:
            return self._pronoun(head)
        if head.lower_ in _QUANTIFIERS and not any(c.dep_ == "prep" for c in head.children):
            return None  # "some called it …": whom "some" stands for is not in the clause
        if head.lemma_.lower() in STATEMENT_NOUNS | EVIDENCE_SOURCES:
            # "Trump's tweet said …", "a post by the brigade …", "the post reads": whoever issued it
            issuer = self._issuer(head)
            if issuer is not None and (found := self.resolve(issuer)) is not None:
                return found
            if issuer is None and (body := self._body_reporting(head)) is not None:
                return body
        entity = self.entity_at(head)
        if entity is None:
            # the name in apposition, also one step down a chain of appositives ("Outside court, the charity's
            # chair, Priya Nand, read …" parsed with "court" the subject, "chair" its appositive, the name that's)
            appositives = [c for c in head.children if c.dep_ == "appos"]
            appositives += [g for c in appositives for g in c.children if g.dep_ == "appos"]
            named_org = head.lemma_.lower() in GROUP_NOUNS | ORG_DESCRIPTIONS  # "its operator, Kystlink, said"
            for child in appositives:
                if (e := self.entity_at(child)) is not None and (e.type == "PERSON" or (named_org and e.type == "ORG")):
                    entity = e
                    head = child
                    break
        if entity is None and (named := self._named_in_apposition(head)) is not None:
            return named
        if entity is None and (org := self._organisation_described(head)) is not None:
            return org
        if entity is None and (person := self._role_antecedent(head)) is not None:
            return person
        if entity is None and head.dep_ == "appos" and (e := self.entity_at(head.head)) is not None:
            entity, head = e, head.head
        if (entity is None or entity.type != "PERSON") and head.text[:1].isupper():
            # "Warren said" after "Sen. Elizabeth Warren": the person, though the model saw a place
            entity = self.person_named(head) or entity
        conj = [c for c in head.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
        if entity is not None and not conj:
            span = self._mention_span(head, entity)
            role = entity.role if entity.type == "PERSON" else None
            return Speaker(entity.name, entity.id, span, role, entity.type, head.tag_ in ("NNS", "NNPS"))
        return self._description(head, entity, conj)

    def _organisation_described(self, head: Token) -> Speaker | None:
        """ "the company", "the software company", "the union": the organisation named before that the
        description stands for. Preferred: one whose name has the noun ("Bakery Workers Union"), then the
        last organisation that spoke or was a subject, then the only organisation named so far."""
        lem = head.lemma_.lower()
        if lem not in ORG_DESCRIPTIONS or head.tag_ != "NN" or head.ent_type_:
            return None
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.children):
            return None
        if any(c.dep_ in ("poss", "prep", "appos", "relcl", "acl") for c in head.children):
            return None
        floor = head.idx - 2 * WINDOW
        named = [
            e
            for e in self.by_id.values()
            if (e.type == "ORG" or e.id in self._speaks_as_it or bool(role_nouns(e.role) & ORG_DESCRIPTIONS))
            and any(floor <= m[0] < head.idx for m in e.mentions)
            and _can_be(lem, e.name)
            and not self._only_a_location(e)
            and not self._only_credited(e)
        ]
        if not named:
            return None
        last_mention = {e.id: max(m[0] for m in e.mentions if m[0] < head.idx) for e in named}
        with_noun = [e for e in named if lem in {w.lower() for w in e.name.split()}]
        chosen: Entity | None = None
        if with_noun:
            chosen = max(with_noun, key=lambda e: last_mention[e.id])
        else:
            ids = {e.id for e in named}
            spoke = [(pos, s.id) for pos, s in self.history if s.id in ids and pos < head.i]
            subjects = [(pos, e.id) for pos, e in self._org_subjects if e.id in ids and pos < head.i]
            if spoke or subjects:
                chosen = self.by_id[max(spoke + subjects)[1]]
            elif len(named) == 1:
                chosen = named[0]
        if chosen is None:
            return None
        start = min([c.left_edge.i for c in head.lefts if c.dep_ != "det"] + [head.i])
        span = (self.doc[start].idx, head.idx + len(head))
        return Speaker(chosen.name, chosen.id, span, None, chosen.type)

    def _only_a_location(self, e: Entity) -> bool:
        """Whether every mention of ``e`` is where something happened ("at its depot in Doncaster", "near
        Bergen"): a place the model typed as an organisation, which "the company" never stands for."""
        heads = [t for t in (self._token_at(s) for s, _ in e.mentions) if t is not None]
        return bool(heads) and all(
            (h := _name_head(t)).dep_ == "pobj" and h.head.lower_ in _LOCATIVE for t in heads
        )

    def _only_credited(self, e: Entity) -> bool:
        """Whether every mention of ``e`` is in parentheses alone, as the agency credited in a dateline
        ("LONDON, Sept 15 (APA) -"): a source of the article, not what "the company" stands for."""
        text = self.doc.text
        return all(s > 0 and text[s - 1] == "(" and text[end : end + 1] == ")" for s, end in e.mentions)

    def _token_at(self, char: int) -> Token | None:
        i = bisect.bisect_left(self._starts, char)
        return self.doc[i] if i < len(self.doc) and self.doc[i].idx == char else None

    def _issuer(self, head: Token, depth: int = 0) -> Token | None:
        """Who issued the document, post or report ``head``: its possessor ("the brigade's post"), the one it is
        "by" or "from" ("a post by the Guardia Civil", "a letter from residents"), the agent of the participle on
        it ("a video released by the ministry"); for "the post" with none of these, the issuer of the last
        mention of the same noun before it."""
        medium = _medium_of(head)  # "said sorry to customers in a post on X": the post is the airline's
        for child in head.children:
            if child.dep_ == "poss" and child.pos_ != "PRON":
                return child
            if child.dep_ == "poss" and medium is not None:  # "the agency said in its annual report"
                return medium
            if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                return next((c for c in child.children if c.dep_ == "pobj"), None)
            if child.dep_ == "acl" and child.tag_ == "VBN":
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                if agent is not None:
                    return next((c for c in agent.children if c.dep_ == "pobj"), None)
        if medium is not None:
            return medium
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children) or (
            head.i > 0 and self.doc[head.i - 1].lower_ in ("the", "this", "that")  # "the post read" as a compound
        )
        if depth or not definite:
            return None
        lem = head.lemma_.lower()
        floor = head.idx - WINDOW
        for tok in reversed(self.doc[: head.i]):
            if tok.idx < floor:
                break
            if tok.lemma_.lower() == lem and tok.pos_ == "NOUN" and not self.in_quote(tok.idx):
                return self._issuer(tok, depth + 1)
        return None

    def _body_reporting(self, head: Token) -> Speaker | None:
        """ "according to the release", "the report said" with no issuer and no earlier mention of the document:
        the organisation or group whose statements the article last reported, within the window."""
        if not _definite(head) or any(c.dep_ in ("poss", "prep", "acl", "relcl") for c in head.children):
            return None
        lem, floor = head.lemma_.lower(), head.idx - WINDOW
        if any(t.lemma_.lower() == lem and t.pos_ == "NOUN" for t in self.doc[: head.i] if t.idx >= floor):
            return None  # an earlier document of that name whose issuer is not known: not the last body's
        last = self._last_speaker(head.i, floor, lambda s: s.type in ("ORG", "GROUP") and s.id is not None, None)
        if last is None:
            return None
        s = last[1]
        return Speaker(s.name, s.id, (head.left_edge.idx, head.idx + len(head)), s.role, s.type, s.plural)

    def _role_antecedent(self, head: Token) -> Speaker | None:
        """ "the official", "the mayor": the person named shortly before whose title that noun can stand for
        ("Dana Whitlock, a deputy director …. The official said …"), the most recently mentioned one."""
        if head.pos_ != "NOUN" or head.tag_ != "NN":
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return None
        if any(c.dep_ in ("poss", "prep", "appos", "relcl", "acl", "compound", "amod") for c in head.children):
            return None
        noun = head.lemma_.lower()
        floor = head.idx - WINDOW
        best: tuple[int, Entity] | None = None
        for e in self.by_id.values():
            if e.type != "PERSON" or noun not in role_nouns(e.role):
                continue
            before = [s for s, _ in e.mentions if floor <= s < head.idx and not self.in_quote(s)]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), e)
        if best is None:
            return None
        e = best[1]
        start = head.left_edge.idx
        return Speaker(e.name, e.id, (start, head.idx + len(head)), e.role, "PERSON")

    def _named_in_apposition(self, head: Token) -> Speaker | None:
        """ "One passenger, Marcus Bell, told CNN …": a person noun whose appositive is a name, even one the
        model labelled as something else; the noun is the role."""
        if head.pos_ != "NOUN" or head.lemma_.lower() in GROUP_NOUNS or head.tag_ == "NNS":
            return None
        # the appositive of the noun, or one the parser hung on the noun's own complement ("A resident of
        # Mingora, Ayesha Bibi, said": the name is taken for an appositive of "Mingora")
        owners = [head] + [o for p in head.rights if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
        for owner in owners:
            for child in owner.children:
                if child.dep_ != "appos" or child.pos_ != "PROPN":
                    continue
                e = self.entity_at(child)
                if e is None or e.type not in ("ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "FAC"):
                    continue
                role = self.doc[head.left_edge.i : owner.i + 1].text
                s, end = self._mention_span(child, e)
                name = self.doc[child.left_edge.i : child.i + 1]
                if s < name.start_char:  # the model ran the name into the word before it
                    return Speaker(name.text, None, (name.start_char, name.end_char), role, "PERSON")
                return Speaker(e.name, e.id, (s, end), role, "PERSON")
        return None

    def person_subject(self, after: int, before: int) -> tuple[int, Speaker] | None:
        """The last person named as the subject of a main clause between characters ``after`` and ``before``
        (outside quotes): whom the narrative turned to. (token index, the person)"""
        for pos, e in reversed(self._subjects):
            idx = self.doc[pos].idx
            if idx >= before:
                continue
            if idx < after:
                return None
            tok = self.doc[pos]
            return pos, Speaker(e.name, e.id, self._mention_span(tok, e), e.role, "PERSON")
        return None

    def inner_speaker(self, subject: Token, outer: Speaker | None, floor: int) -> Speaker | None:
        """Who speaks a quote inside a quote, from the subject of its cue in the outer quote: a noun is the
        speaker as described ("My coach said to me, '…'"); "he"/"she"/"they" the nearest person before it, in the
        outer quote or the narrative after ``floor``, that is not the outer speaker and not of the other gender
        ("When I told my father, he said, '…'"); "I" or "we" is the outer speaker, whose quote already holds it."""
        word = subject.lower_
        if subject.pos_ != "PRON":
            if (e := self.entity_at(subject)) is not None and e.type == "PERSON":
                return Speaker(e.name, e.id, self._mention_span(subject, e), e.role, "PERSON")
            noun = subject.lemma_.lower()
            if noun in PERSON_NOUNS | TITLE_WORDS | GROUP_NOUNS or _GENDERED_NOUN.search(subject.text):
                return self._description(subject, None, [])
            return None  # "The sign said 'Closed'": a thing is no speaker
        if word not in MALE | FEMALE | _PLURAL_PRONOUNS:
            return None
        want = "m" if word in MALE else "f" if word in FEMALE else None
        for tok in reversed(self.doc[: subject.i]):
            if tok.idx < floor:
                break
            e = self.entity_at(tok)
            if e is not None and e.type == "PERSON":
                if outer is not None and (e.id == outer.id or e.name == outer.name):
                    continue
                if want is None or self.gender.get(e.id, want) == want:
                    return Speaker(e.name, e.id, self._mention_span(tok, e), e.role, "PERSON")
                continue
            if tok.pos_ != "NOUN" or (want is None) != (tok.tag_ == "NNS"):
                continue
            noun = tok.lemma_.lower()
            if (m := _GENDERED_NOUN.search(tok.text)) is not None:
                gender = "f" if (m.group(1) or m.group(2) or "").lower() in _FEMALE_WORDS else "m"
                if want is not None and gender != want:
                    continue
            elif noun not in PERSON_NOUNS and noun not in TITLE_WORDS:
                continue
            return self._description(tok, None, [])
        return None

    def record(self, position: int, speaker: Speaker) -> None:
        """Remember that ``speaker`` spoke at token ``position`` (the antecedent of later pronouns)."""
        self.history.append((position, speaker))

    def entity_at(self, tok: Token) -> Entity | None:
        e = self._token_entity.get(tok.i)
        if e is None or e.type in ("DATE", "TIME", "CARDINAL"):
            return None
        return e

    def person_named(self, head: Token) -> Entity | None:
        """A person named earlier whose name contains this unrecognised one ("Ortiz" after "Sam Ortiz")."""
        words = {
            t.lower_
            for t in head.subtree
            if t.text[:1].isupper() and t.i <= head.i and t.lower_ not in TITLE_WORDS and not t.is_punct
        }
        if not words:
            return None
        found = [
            e for e in self.by_id.values()
            if e.type == "PERSON" and e.mentions and e.mentions[0][0] < head.idx and words <= name_words(e.name)
        ]  # fmt: skip
        return found[0] if len(found) == 1 else None

    def _mention_span(self, head: Token, entity: Entity) -> tuple[int, int]:
        for s, e in entity.mentions:
            if s <= head.idx < e:
                return s, e
        start = min([t.idx for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [head.idx])
        return start, head.idx + len(head)

    def _description(self, head: Token, entity: Entity | None, conj: list[Token]) -> Speaker | None:
        doc = self.doc
        if head.pos_ not in ("NOUN", "PROPN", "NUM"):
            return None
        start = head.i
        for child in head.lefts:
            if child.dep_ in ("det", "amod", "compound", "nmod", "poss", "nummod", "quantmod", "advmod", "case"):
                start = min(start, child.left_edge.i)
        end = head.i + 1
        for child in head.rights:
            # "One of the captured soldiers", "a person familiar with the matter" (and not the relative
            # clause after it: ", who was not authorized to speak publicly")
            extent = _phrase_end(child)
            kept_prep = child.dep_ == "prep" and child.lower_ in _KEEP_OF and extent - head.i <= 9
            if kept_prep or (child.dep_ == "amod" and extent - head.i <= 7):
                end = extent
            elif child.dep_ in ("cc", "conj") and conj:
                last = conj[-1]
                end = max(end, last.i + 1)
            else:
                break
        for k in range(head.i - 1, start - 1, -1):  # a speaker never spans a line or paragraph break
            if "\n" in doc[k].text:
                start = k + 1
                break
        while start < head.i and doc[start].lower_ in ("a", "an", "the", "this", "that", "these", "those"):
            start += 1
        span = doc[start:end]
        if not span.text.strip():
            return None
        name, role = span.text, None
        if head.pos_ == "PROPN" and not conj and end == head.i + 1:
            # An unrecognised name with its title: "Fire Chief Pieter de Vries" → "Pieter de Vries".
            titles = [t.i for t in span if t.lower_ in TITLE_WORDS and t.text[:1].isupper()]
            if titles and titles[-1] < head.i and all(t.pos_ == "PROPN" for t in doc[titles[-1] + 1 : end]):
                role = doc[start : titles[-1] + 1].text
                span = doc[titles[-1] + 1 : end]
                name = span.text
        kind = entity.type if entity is not None else "GROUP" if head.lemma_.lower() in GROUP_NOUNS else "DESC"
        plural = bool(conj) or head.tag_ in ("NNS", "NNPS")
        entity_id = None if conj or entity is None else entity.id
        return Speaker(name, entity_id, (span.start_char, span.end_char), role, kind, plural)

    def _pronoun(self, tok: Token) -> Speaker | None:
        word = tok.lower_
        span = (tok.idx, tok.idx + len(tok))
        floor = tok.idx - WINDOW
        reporter = self._reporting_subject(tok)
        if reporter is not None:  # "Garn said he expected …": he is Garn
            return Speaker(reporter.name, reporter.id, span, reporter.role, reporter.type, reporter.plural)
        if word in MALE | FEMALE:
            want = "m" if word in MALE else "f"
            last = self._last_speaker(tok.i, floor, lambda s: s.type in ("PERSON", "DESC") and not s.plural, want)
            subject = self._last_subject(tok.i, floor, want)
            chosen: Speaker | None = last[1] if last else None
            if subject is not None and (last is None or (subject[0] > last[0] and subject[1].id != last[1].id)):
                e = subject[1]
                chosen = Speaker(e.name, e.id, span, e.role, e.type)
            if chosen is None:
                return None
            return Speaker(chosen.name, chosen.id, span, chosen.role, chosen.type)
        if word == "it" and (issuer := self._document_before(tok)) is not None:
            return Speaker(issuer.name, issuer.id, span, issuer.role, issuer.type, issuer.plural)
        if word in _PLURAL_PRONOUNS | {"it"}:
            plural = word != "it"
            last = self._last_speaker(tok.i, floor, lambda s: _group_like(s, plural), None)
            found = last[1] if last is not None else self._previous_group_subject(tok, plural)
            if found is None:
                return None
            return Speaker(found.name, found.id, span, found.role, found.type, found.plural)
        return None

    def _reporting_subject(self, tok: Token) -> Speaker | None:
        """The speaker of the reporting verb whose clause ``tok`` is the subject of: in "X said he would …",
        "X told reporters she …", "the officials said they …" the pronoun stands for X."""
        word = tok.lower_
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "ccomp":
            return None
        verb = tok.head.head
        if not is_cue_verb(verb):
            return None
        outer = subject_of(verb)
        if outer is None or outer.pos_ == "PRON" or self.in_quote(outer.idx):
            return None
        found = self.resolve(outer)
        if found is None:
            return None
        if word in _PLURAL_PRONOUNS:
            return found if found.plural or found.type == "GROUP" else None
        if word == "it":
            return found if found.type in _ORG_TYPES or found.type == "GROUP" else None
        if found.type not in ("PERSON", "DESC") or found.plural:
            return None
        want = "m" if word in MALE else "f"
        return found if found.id is None or self.gender.get(found.id, want) == want else None

    def _document_before(self, tok: Token) -> Speaker | None:
        """Whoever issued the document "it" stands for, when the sentence before ends by bringing one in as the
        object of its main verb ("Outside court, the charity's chair read a statement. "…," it said."): the
        document's own issuer ("released the brigade's post"), else the main verb's subject."""
        sent_start, _ = self.sents.bounds(tok.i)
        if sent_start == 0:
            return None
        prev = self.doc[slice(*self.sents.bounds(sent_start - 1))]
        root = prev.root
        obj = next((c for c in root.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lemma_.lower() not in STATEMENT_NOUNS or self.in_quote(obj.idx):
            return None
        issuer = self._issuer(obj, 1) or subject_of(root)
        if issuer is None or issuer.pos_ == "PRON" or self.in_quote(issuer.idx):
            return None
        return self.resolve(issuer)

    def _previous_group_subject(self, tok: Token, plural: bool) -> Speaker | None:
        """The subject of the sentence before, when it is a group or an organisation: "The company reported a
        loss. It said …"."""
        sent_start, _ = self.sents.bounds(tok.i)
        if sent_start == 0:
            return None
        prev = self.doc[slice(*self.sents.bounds(sent_start - 1))]
        root = prev.root
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.pos_ == "PRON" or self.in_quote(subject.idx):
            return None
        found = self.resolve(subject)
        return found if found is not None and _group_like(found, plural) else None

    def _last_speaker(
        self, before: int, floor: int, ok: Callable[[Speaker], bool], gender: str | None
    ) -> tuple[int, Speaker] | None:
        for pos, s in reversed(self.history):
            if pos >= before:
                continue
            if self.doc[pos].idx < floor:
                return None
            if ok(s) and (gender is None or s.id is None or self.gender.get(s.id, gender) == gender):
                return pos, s
        return None

    def _last_subject(self, before: int, floor: int, gender: str) -> tuple[int, Entity] | None:
        sent_start, _ = self.sents.bounds(before)
        for pos, e in reversed(self._subjects):
            if pos >= sent_start:
                continue  # the pronoun's own sentence: "After meeting Biden, he said" is not about Biden
            if self.doc[pos].idx < floor:
                return None
            if self.gender.get(e.id, gender) == gender:
                return pos, e
        return None

    # -- gender -------------------------------------------------------------------------------------------

    def _genders(self, entities: list[Entity]) -> dict[str, str]:
        """Gender evidence per person: honorifics, gendered titles, and a his/her right after the name."""
        doc = self.doc
        out: dict[str, str] = {}
        for e in entities:
            if e.type != "PERSON":
                continue
            if e.role and (m := _GENDERED_NOUN.search(e.role)):
                word = (m.group(1) or m.group(2) or "").lower()
                out[e.id] = "f" if word in _FEMALE_WORDS else "m"
                continue
            for i, ent in self._token_entity.items():
                if ent is not e or (i > 0 and self._token_entity.get(i - 1) is e):
                    continue
                tok = doc[i]
                if i > 0 and (g := _HONORIFIC.get(doc[i - 1].lower_)):
                    out[e.id] = g
                    break
                g2 = _possessive_gender(tok, self._token_entity)
                if g2 is not None:
                    out[e.id] = g2
                    break
        return out


def _it_subject(tok: Token) -> bool:
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ == "it"


#: Prepositions that make their object the place where something is or happens.
_LOCATIVE = wordset("in at near outside inside across around")


def _name_head(tok: Token) -> Token:
    while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _definite(head: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)


def _medium_of(noun: Token) -> Token | None:
    """The subject of the speech verb whose occasion or medium ``noun`` is: "said in its annual report",
    "apologised in a post on X"."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("in", "on", "via", "through"):
        return None
    verb = prep.head
    if not is_cue_verb(verb):
        return None
    return subject_of(verb)


def _can_be(description: str, name: str) -> bool:
    """Whether an organisation called ``name`` can be "the <description>": "the company" is no commission,
    "the agency" no company, "the union" has "union" in its name."""
    words = {w.lower().strip(".,") for w in name.split()}
    if description in COMPANY_DESCRIPTIONS:
        return not words & INSTITUTION_WORDS
    if description in ("agency", "regulator"):
        return bool(words & INSTITUTION_WORDS)
    return description in words


def _phrase_end(tok: Token) -> int:
    """End (exclusive) of the phrase ``tok`` heads, cut before a comma or a relative clause in it."""
    doc = tok.doc
    end = tok.right_edge.i + 1
    for t in doc[tok.i + 1 : end]:
        if t.text in (",", ";", "(", "—", "–") or t.dep_ in ("relcl", "acl") or t.tag_ in ("WP", "WDT"):
            return t.i if t.dep_ not in ("relcl", "acl") else t.left_edge.i
    return end


def _group_like(s: Speaker, plural: bool) -> bool:
    """Whether "they" (``plural``) or "it" can stand for speaker ``s``: an organisation, a place, a group."""
    return s.type in _ORG_TYPES or s.type == "GROUP" or (s.type == "DESC" and s.plural and plural)


def _is_subject(tok: Token) -> bool:
    """Whether ``tok`` is (inside) the subject of a main clause: a name, its compound parts, or its appositive.
    A subject inside a reported or relative clause ("told jurors that no email showed Dalton moving …", "an
    email in which Dalton discussed …") is what someone said, not the person the story turns to."""
    for _ in range(3):
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return _main_clause(tok.head)
        if tok.dep_ not in ("compound", "appos", "flat"):
            return False
        tok = tok.head
    return False


def _main_clause(verb: Token) -> bool:
    for _ in range(6):
        if verb.dep_ != "conj":
            break
        verb = verb.head
    return verb.dep_ in ("ROOT", "parataxis") or verb.head.i == verb.i


def _possessive_gender(name: Token, token_entity: dict[int, Entity]) -> str | None:
    """ "Jansen repeated her criticism": the first he/she/his/her in the clause the name is subject of."""
    head = name
    while head.dep_ in ("compound", "flat"):
        head = head.head
    if head.dep_ not in ("nsubj",):
        return None
    verb = head.head
    for tok in verb.subtree:
        if tok.i <= name.i:
            continue
        if tok.i in token_entity and token_entity[tok.i].type == "PERSON":
            return None
        if tok.lower_ in ("he", "his", "him", "himself"):
            return "m"
        if tok.lower_ in ("she", "her", "hers", "herself"):
            return "f"
        if tok.i - name.i > 25:
            break
    return None
