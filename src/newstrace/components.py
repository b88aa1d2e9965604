"""The extractors as spaCy pipeline components, and the one loop that runs them.

Every registered fact kind (:mod:`newstrace.facts`) is a spaCy factory named ``newstrace_<kind>``
(``newstrace_entities``, ``newstrace_quotes``, ...), and ``newstrace_facts`` runs them all in order. Their
results go on ``doc._.newstrace`` (``{kind: [records]}``); a kind's failure goes on
``doc._.newstrace_failed`` with its reason, and the other kinds still run. The publication date that
relative times resolve against is read from ``doc._.published`` (set it before, or pass ``published=`` to
:func:`extract_facts`)::

    import spacy, newstrace.components
    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("newstrace_facts")
    doc = nlp("At least 12 people were killed, the governor said on Monday.")
    doc._.newstrace["quantities"]

The same loop serves :func:`newstrace.pipeline.build_analysis`, so the library and the components give the
same facts. The extractors stay plain functions too (``extract_quotes(doc, entities)``, ...).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newstrace.facts import Context, FactKind, in_order
from newstrace.records import KINDS

for _name in ("newstrace", "newstrace_failed", "published"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

#: What the components read of a parse (spaCy's ``requires``): tokens with their tags and dependencies,
#: sentences and named entities.
_REQUIRES = ["token.pos", "token.tag", "token.dep", "token.lemma", "doc.ents"]


def extract_facts(
    doc: Doc,
    published: str | None = None,
    kinds: list[FactKind] | None = None,
    given: dict[str, list[Any]] | None = None,
) -> tuple[dict[str, list[Any]], dict[str, str]]:
    """Run the extractors of ``kinds`` (default: every registered kind) over ``doc``, each after the kinds
    it requires; ``given`` are facts already known (an earlier component's), kept and not extracted again.
    Returns ``({kind: facts}, {kind: reason})``: an extractor that raises leaves its kind empty and its
    reason in the second dict; the others still run (a kind that needs it gets an empty list)."""
    context = Context(published=published, facts=dict(given or {}))
    failed: dict[str, str] = {}
    for kind in in_order(kinds, satisfied=context.facts):
        try:
            facts = kind.run()(doc, context)
        except Exception as err:  # noqa: BLE001 - one extractor's bug costs its own facts, with the reason
            facts = []
            failed[kind.name] = f"{type(err).__name__}: {err}"
        context.facts[kind.name] = facts
    return context.facts, failed


class FactsComponent:
    """A pipeline component that runs some fact kinds' extractors (and those they need that the doc does not
    have yet) and puts the results on ``doc._.newstrace``."""

    def __init__(self, kinds: list[str] | None = None) -> None:
        self.kinds = kinds

    def __call__(self, doc: Doc) -> Doc:
        have: dict[str, list[Any]] = dict(doc._.newstrace or {})
        wanted = [KINDS[k] for k in self.kinds] if self.kinds is not None else list(KINDS.values())
        facts, failed = extract_facts(doc, doc._.published, _with_requirements(wanted, have), have)
        doc._.newstrace = facts
        if failed:
            doc._.newstrace_failed = {**(doc._.newstrace_failed or {}), **failed}
        return doc


def _with_requirements(kinds: list[FactKind], have: dict[str, list[Any]]) -> list[FactKind]:
    """``kinds`` not on the doc yet and, before them, every kind they need that the doc does not have."""
    out: dict[str, FactKind] = {}

    def add(kind: FactKind) -> None:
        for r in kind.requires:
            if r not in have and r not in out:
                add(KINDS[r])
        out[kind.name] = kind

    for k in kinds:
        if k.name not in out and k.name not in have:
            add(k)
    return list(out.values())


@Language.factory("newstrace_facts", requires=_REQUIRES, assigns=["doc._.newstrace"], default_config={})
def make_facts(nlp: Language, name: str) -> FactsComponent:
    """Every registered fact kind."""
    return FactsComponent()


def _register_kind_factory(kind: FactKind) -> None:
    name = f"newstrace_{kind.name}"
    if name in Language.factories:
        return

    def make(nlp: Language, name: str) -> FactsComponent:
        return FactsComponent([kind.name])

    Language.factory(name, requires=_REQUIRES, assigns=["doc._.newstrace"], default_config={}, func=make)


for _kind in KINDS.values():
    _register_kind_factory(_kind)
