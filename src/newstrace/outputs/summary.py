"""A readable summary of analyses for the terminal (Rich)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from newstrace.records import KINDS, Analysis


def _clip(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def article_table(analyses: Sequence[Analysis]) -> Table:
    table = Table(title="Articles", show_lines=False)
    kinds = [k for k in KINDS.values() if k.name != "entities"]
    for col in ("id", "source", "published", "entities", "places", *(k.title for k in kinds)):
        table.add_column(col, overflow="fold")
    for a in analyses:
        places = sum(1 for e in a.entities if e.iso)
        pub = (a.published or "—") + (" (inferred)" if a.published_inferred else "")
        counts = [str(len(a.facts(k.name))) for k in kinds]
        table.add_row(a.id, a.source or "—", pub, str(len(a.entities)), str(places), *counts)
    return table


def print_article(console: Console, a: Analysis) -> None:
    """One article in detail: who said what, which figures, which places."""
    head = f"[bold]{a.id}[/bold]" + (f" · {a.source}" if a.source else "") + f" · {a.published or 'date unknown'}"
    console.rule(head)
    people = [e for e in a.entities if e.type == "PERSON"]
    if people:
        console.print("People: " + "; ".join(e.name + (f" ({e.role})" if e.role else "") for e in people))
    places = [e for e in a.entities if e.iso]
    if places:
        console.print("Places: " + ", ".join(f"{e.name} [{e.iso}]" for e in places))
    for q in a.quotes:
        how = ", ".join(x for x in (q.kind, q.cue) if x)
        console.print(f"  [cyan]{q.speaker or '?'}[/cyan] ({how}): “{_clip(q.text)}”")
    for n in a.quantities:
        extra = ", ".join(x for x in (n.unit, n.counted, n.as_of and f"as of {n.as_of}", n.source) if x)
        console.print(f"  [magenta]{n.qualifier} {n.value:,}[/magenta] {extra}")
    if a.times:
        console.print("Times: " + ", ".join(f"{t.text} = {t.value}" for t in a.times))


def print_summary(console: Console, analyses: Sequence[Analysis], detail: bool = True) -> None:
    console.print(article_table(analyses))
    if detail:
        for a in analyses:
            print_article(console, a)
