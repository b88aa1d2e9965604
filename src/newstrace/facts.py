"""The registry of fact kinds: one declaration per kind, from which everything else is derived.

A fact kind (entities, quotes, quantities, times, ...) is declared once, with :func:`register`::

    register(FactKind("quotes", Quote, "quotes.v1", "newstrace.extract.quotes:component", requires=("entities",)))

and from that declaration come, without further edits:

- the analysis record's key and its (de)serialisation (:meth:`FactKind.dump`, :meth:`FactKind.load`, which
  ignores fields it does not know, so records written by a newer version still load);
- the extractor's place in the pipeline (after the kinds it ``requires``; :func:`in_order`) and the version
  stored with every fact, so that ``reanalyze`` knows what is stale (:func:`versions`);
- the store's table and its columns (:meth:`FactKind.columns`, derived from the record's fields the way
  sqlite-utils derives columns from rows: ``str`` → TEXT, ``int`` → INTEGER, numbers → NUMERIC, a
  ``(start, end)`` span ``x_span`` → ``x_start`` and ``x_end``, lists → JSON text), created or widened when a
  store is opened (:mod:`newstrace.store.schema`);
- the export columns, the corpus stats, the ``export`` choices of the CLI and the summary counts.

The extractor is named as ``"module:function"`` and imported only when the pipeline runs, so reading records
never loads spaCy. It is called as ``function(doc, context)`` with a :class:`Context` that holds the facts
of the kinds it requires, and returns a list of records.

This module imports nothing from the rest of the package: :mod:`newstrace.records` declares the built-in
kinds at its end.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

#: Every registered kind, in registration order (the order of the analysis record's keys).
KINDS: dict[str, FactKind] = {}


@dataclass(frozen=True, slots=True)
class Column:
    """One store column of a fact kind: its name, SQL type, and the record field it comes from."""

    name: str
    sql: str  #: TEXT, INTEGER or NUMERIC
    field: str
    part: int | None = None  #: for a span field, 0 (start) or 1 (end)
    json: bool = False  #: a list stored as JSON text


@dataclass(slots=True)
class Context:
    """What an extractor gets besides the parsed ``Doc``: the article's date and the facts it requires."""

    published: str | None = None
    facts: dict[str, list[Any]] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> list[Any]:
        return self.facts.get(kind, [])


@dataclass(frozen=True, eq=False)
class FactKind:
    """The declaration of one fact kind. ``rename`` maps record fields to column names where they differ
    (an entity's ``id`` is the column ``entity_id``); ``skip`` names fields the fact table does not hold
    (an entity's ``mentions`` have a table of their own)."""

    name: str  #: the analysis record's key and the store table
    record: type  #: the dataclass of one fact
    version: str  #: the extractor's versioned name: bump it when its output changes
    extractor: str  #: ``"module:function"``, called as ``function(doc, context)``
    requires: tuple[str, ...] = ()  #: kinds whose facts the extractor reads (they run first)
    rename: Mapping[str, str] = field(default_factory=dict)
    skip: tuple[str, ...] = ()
    label: str = ""  #: what listings call the facts ("figures"); the name when empty

    @property
    def title(self) -> str:
        return self.label or self.name

    def dump(self, fact: Any) -> dict[str, Any]:
        """A fact as the analysis record writes it (tuples as lists)."""
        return {k: _plain(v) for k, v in dataclasses.asdict(fact).items()}

    def load(self, d: Mapping[str, Any]) -> Any:
        """A fact from its :meth:`dump` form; unknown keys are ignored, tuple fields rebuilt."""
        kinds = _field_kinds(self.record)
        values = {k: _rebuild(v, kinds[k]) for k, v in d.items() if k in kinds}
        return self.record(**values)

    def columns(self) -> tuple[Column, ...]:
        """The fact table's columns after ``article_id`` and before ``extractor``, in field order."""
        return _columns(self)

    def row(self, fact: Any) -> tuple[Any, ...]:
        """The column values of one fact, in :meth:`columns` order."""
        out: list[Any] = []
        for c in self.columns():
            v = getattr(fact, c.field)
            if c.part is not None:
                v = v[c.part] if v else None
            elif c.json:
                v = json.dumps(v, ensure_ascii=False)
            out.append(sqlite_number(v))
        return tuple(out)

    def run(self) -> Callable[..., list[Any]]:
        """The extractor function (imported on first use)."""
        return _resolve(self.extractor)


def register(kind: FactKind) -> FactKind:
    """Add ``kind`` to the registry (replacing a kind of the same name). Its requirements may be registered
    later; :func:`in_order` checks them."""
    KINDS[kind.name] = kind
    _refresh_versions()
    return kind


def unregister(name: str) -> None:
    """Remove a kind (tests that register a toy kind take it out again)."""
    KINDS.pop(name, None)
    _refresh_versions()


#: The version of publication-date inference, stored with the others.
PUBLISHED_VERSION = "published.v1"
#: ``{kind: version}`` of every registered kind, then ``published`` (not a list of facts); kept up to date
#: by :func:`register`. This is the dict stored with each analysis; ``reanalyze`` compares against it.
VERSIONS: dict[str, str] = {"published": PUBLISHED_VERSION}


def _refresh_versions() -> None:
    VERSIONS.clear()
    VERSIONS.update({k.name: k.version for k in KINDS.values()})
    VERSIONS["published"] = PUBLISHED_VERSION


def in_order(kinds: Iterable[FactKind] | None = None, satisfied: Iterable[str] = ()) -> list[FactKind]:
    """Kinds in an order where each comes after the kinds it requires (registration order otherwise).
    ``satisfied`` names kinds whose facts are already known (they need not be in ``kinds``)."""
    pending = list(KINDS.values() if kinds is None else kinds)
    names = set(satisfied)
    unknown = {r for k in pending for r in k.requires} - {k.name for k in pending} - names
    if unknown:
        raise ValueError(f"fact kinds require kinds that are not registered: {', '.join(sorted(unknown))}")
    done: list[FactKind] = []
    while pending:
        ready = [k for k in pending if all(r in names for r in k.requires)]
        if not ready:
            raise ValueError("fact kinds require each other in a cycle: " + ", ".join(k.name for k in pending))
        for k in ready:
            done.append(k)
            names.add(k.name)
            pending.remove(k)
    return done


def sqlite_number(value: Any) -> Any:
    """``value`` as SQLite can bind it: an int beyond 64 bits becomes a float (the analysis JSON keeps it
    exact), where binding it would raise OverflowError and cost the whole batch."""
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
        return float(value)
    return value


def _plain(v: Any) -> Any:
    if isinstance(v, tuple | list):
        return [_plain(x) for x in v]
    return v


@cache
def _field_kinds(record: type) -> dict[str, str]:
    """``{field: "span" | "spans" | "list" | "str" | "int" | "num"}`` from the record's type hints."""
    hints = typing.get_type_hints(record)
    return {f.name: _kind_of(hints[f.name]) for f in dataclasses.fields(record)}


def _kind_of(hint: Any) -> str:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return _kind_of(args[0])
    if origin is tuple:
        return "span"
    if origin is list:
        return "spans" if args and typing.get_origin(args[0]) is tuple else "list"
    if origin in (typing.Union, types.UnionType):  # float | int
        return "num" if all(a in (int, float) for a in args) else "str"
    if hint is int:
        return "int"
    if hint is float:
        return "num"
    return "str"


def _rebuild(v: Any, kind: str) -> Any:
    if kind == "span" and isinstance(v, list):
        return tuple(v)
    if kind == "spans" and isinstance(v, list):
        return [tuple(x) for x in v]
    return v


_SQL = {"int": "INTEGER", "num": "NUMERIC", "str": "TEXT", "list": "TEXT", "spans": "TEXT"}


@cache
def _columns(kind: FactKind) -> tuple[Column, ...]:
    out: list[Column] = []
    for name, k in _field_kinds(kind.record).items():
        if name in kind.skip:
            continue
        col = kind.rename.get(name, name)
        if k == "span":
            stem = col.removesuffix("_span")
            out += [Column(f"{stem}_start", "INTEGER", name, 0), Column(f"{stem}_end", "INTEGER", name, 1)]
        else:
            out.append(Column(col, _SQL[k], name, json=k in ("list", "spans")))
    return tuple(out)


def _resolve(path: str) -> Callable[..., list[Any]]:
    module, _, name = path.partition(":")
    fn = getattr(importlib.import_module(module), name)
    if not callable(fn):
        raise TypeError(f"extractor {path!r} is not callable")
    return typing.cast(Callable[..., list[Any]], fn)
