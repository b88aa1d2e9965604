"""The pictures of a story, drawn as inline SVG on the server: the same markup in the web UI and in the
self-contained HTML report. No script, no external file, no ``style`` attribute (the web UI's
Content-Security-Policy forbids inline styles): colours are presentation attributes, every text is escaped,
and each mark carries a ``<title>`` that a browser shows on hover.

- :func:`figure_series`: a claim group's values by date and outlet, disputed values marked.
- :func:`sparkline`: articles per day; :func:`outlet_bar`: a story's articles by outlet.
- :func:`coverage_timeline`: when each outlet published, and whom it cites.
- :func:`place_map`: the story's places on an equirectangular graticule, sized by how often they are named.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from markupsafe import Markup, escape

INK, MUTED, LINE, SOFT = "#1d232a", "#5b6570", "#d9dee3", "#f5f7f9"
BAD, OK, LATEST, POINT = "#a32020", "#1f7a3f", "#1f7a3f", "#0b57a4"
PALETTE = ("#0b57a4", "#c76b00", "#6a3d9a", "#1f7a3f", "#b15928", "#1b9e9e", "#7f7f00", "#d6337a")
FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif"


def day(text: str | None) -> date | None:
    """The day of an ISO date or timestamp ("2026-03-04", "2026-03-04T10:00Z", "2026-03" → the 1st)."""
    if not text:
        return None
    t = text[:10]
    for candidate in (t, t[:7] + "-01" if len(t) >= 7 else "", t[:4] + "-01-01" if len(t) >= 4 else ""):
        try:
            return date.fromisoformat(candidate)
        except ValueError:
            continue
    return None


def _svg(width: float, height: float, body: list[str], cls: str, label: str) -> Markup:
    return Markup(
        f'<svg class="chart {cls}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, s: str, size: float = 11, fill: str = MUTED, anchor: str = "start",
          weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size:g}" fill="{fill}" '
            f'text-anchor="{anchor}" font-weight="{weight}">{escape(s)}</text>')


def _short(d: date) -> str:
    return f"{d.day} {d.strftime('%b')}"


def _span(days: Sequence[date]) -> tuple[date, date]:
    lo, hi = min(days), max(days)
    if lo == hi:
        lo, hi = lo - timedelta(days=1), hi + timedelta(days=1)
    return lo, hi


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(v))
    for step in (1, 2, 2.5, 5, 10):
        if v <= step * mag:
            return step * mag
    return 10 * mag


def _num(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.3g}"


# --- a claim group's figures over time ----------------------------------------------------------------------


@dataclass(slots=True)
class Point:
    """One source's value of a claim group."""

    date: str | None
    outlet: str
    low: float
    high: float  #: == low unless the figure is a range ("40–60") or a bound
    label: str  #: the figure in words ("at least 14")
    disputed: bool = False
    latest: bool = False  #: of an ``updated`` claim: a value of its latest day


def figure_series(points: Sequence[Point], subject: str, updated: bool = False,
                  width: int = 560, height: int = 190) -> Markup:
    """Values (y) by date (x), one dot per source labelled with its outlet; disputed values red, an updated
    claim's latest values green and the series joined by a line. Empty when there is nothing to compare:
    fewer than two dated points or a single value."""
    dated = [(day(p.date), p) for p in points]
    pts = [(d, p) for d, p in dated if d is not None and math.isfinite(p.low)]
    if len(pts) < 2 or len({(p.low, p.high) for _, p in pts}) < 2:
        return Markup("")
    left, right, top, bottom = 46, 16, 14, 34
    lo, hi = _span([d for d, _ in pts])
    ymax = _nice_max(max(max(p.high if math.isfinite(p.high) else p.low, p.low) for _, p in pts) * 1.08)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(d: date) -> float:
        return left + plot_w * (d - lo).days / max((hi - lo).days, 1)

    def y(v: float) -> float:
        return top + plot_h * (1 - min(v, ymax) / ymax)

    body = [f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="{SOFT}"/>']
    for frac in (0, 0.5, 1):
        v = ymax * frac
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="{LINE}"/>')
        body.append(_text(left - 6, y(v) + 4, _num(v), 10, anchor="end"))
    ticks = [lo, hi] if (hi - lo).days < 2 else [lo, lo + (hi - lo) / 2, hi]
    for d in ticks:
        body.append(_text(x(d), height - bottom + 16, _short(d), 10, anchor="middle"))
    body.append(_text(left, height - 4, "date the figure holds for · dots: one source each", 10))
    if updated:
        line = sorted(pts, key=lambda t: t[0])
        path = " ".join(f"{x(d):.1f},{y(p.low):.1f}" for d, p in line)
        body.append(f'<polyline points="{path}" fill="none" stroke="{MUTED}" stroke-dasharray="4 3"/>')
    stack: dict[tuple[date, float], int] = {}
    labels: list[tuple[float, float, float]] = []  # (x0, x1, y) of the labels drawn, to skip overlaps
    for d, p in sorted(pts, key=lambda t: (t[0], t[1].low)):
        k = stack.get((d, p.low), 0)
        stack[(d, p.low)] = k + 1
        cx, cy = x(d) + 9 * k, y(p.low)
        colour = BAD if p.disputed else LATEST if p.latest else POINT
        tip = f"{p.outlet}: {p.label}, {p.date}" + (" (disputed)" if p.disputed else "") + (
            " (latest)" if p.latest else "")
        mark = ["point", "disputed" if p.disputed else "", "latest" if p.latest else ""]
        body.append(f'<g class="{" ".join(m for m in mark if m)}"><title>{escape(tip)}</title>')
        if p.high != p.low and math.isfinite(p.high):
            body.append(f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{y(p.low):.1f}" y2="{y(p.high):.1f}" '
                        f'stroke="{colour}" stroke-width="3" stroke-linecap="round"/>')
        if p.disputed:
            body.append(f'<rect x="{cx - 5:.1f}" y="{cy - 5:.1f}" width="10" height="10" fill="{BAD}" '
                        f'transform="rotate(45 {cx:.1f} {cy:.1f})"/>')
        else:
            body.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{colour}"/>')
        body.append("</g>")
        text = f"{p.label} · {p.outlet}"
        tw = 5.6 * len(text)
        tx = cx + 8 if cx + 8 + tw < width else cx - 8 - tw
        ty = cy - 7
        if not any(a < tx + tw and tx < b and abs(ty - ly) < 12 for a, b, ly in labels):
            labels.append((tx, tx + tw, ty))
            body.append(_text(tx, ty, text, 10, fill=BAD if p.disputed else INK))
    return _svg(width, height, body, "figure-series", f"{subject}: values by date and outlet")


# --- coverage -----------------------------------------------------------------------------------------------


def sparkline(published: Sequence[str | None], width: int = 120, height: int = 26) -> Markup:
    """Articles per day from the first to the last day, as columns (one per day)."""
    days = sorted(d for d in (day(p) for p in published) if d is not None)
    if not days:
        return Markup("")
    first, last = days[0], days[-1]
    n = (last - first).days + 1
    counts = [0] * n
    for d in days:
        counts[(d - first).days] += 1
    top = max(counts)
    w = min(width / n, 12.0)
    body = [f'<line x1="0" x2="{width}" y1="{height - 0.5}" y2="{height - 0.5}" stroke="{LINE}"/>']
    for i, c in enumerate(counts):
        if not c:
            continue
        h = max(3.0, (height - 2) * c / top)
        d = first + timedelta(days=i)
        body.append(f'<rect class="day" x="{i * w + 0.5:.1f}" y="{height - h:.1f}" width="{max(w - 1, 1.5):.1f}" '
                    f'height="{h:.1f}" fill="{POINT}"><title>{d.isoformat()}: {c} article{"s" if c != 1 else ""}'
                    f"</title></rect>")
    label = f"{len(days)} articles, {_short(first)} – {_short(last)}" if n > 1 else f"{len(days)} on {_short(first)}"
    return _svg(width, height, body, "sparkline", label)


def outlet_bar(outlets: Sequence[tuple[str, int]], width: int = 120, height: int = 10) -> Markup:
    """A story's articles by outlet: one segment per outlet, as wide as its share."""
    total = sum(n for _, n in outlets)
    if not total:
        return Markup("")
    body, pos = [], 0.0
    for i, (name, n) in enumerate(outlets):
        w = width * n / total
        body.append(f'<rect class="outlet" x="{pos:.1f}" y="0" width="{max(w - 1, 1):.1f}" height="{height}" '
                    f'fill="{PALETTE[i % len(PALETTE)]}"><title>{escape(name)}: {n} article{"s" if n != 1 else ""}'
                    f"</title></rect>")
        pos += w
    return _svg(width, height, body, "outlet-bar", f"{len(outlets)} outlets")


@dataclass(slots=True)
class Coverage:
    """One outlet's articles in a story: when each was published, and the outlets it cites."""

    outlet: str
    published: list[str | None]
    cites: list[str] = field(default_factory=list)
    copies: bool = False  #: only copies of another outlet's article


def coverage_timeline(rows: Sequence[Coverage], width: int = 720) -> Markup:
    """One line per outlet (first to publish on top): a dot for each article on its day, and whom it cites."""
    dated = [(r, [d for d in (day(p) for p in r.published) if d is not None]) for r in rows]
    all_days = [d for _, ds in dated for d in ds]
    if not all_days:
        return Markup("")
    dated.sort(key=lambda t: (min(t[1]) if t[1] else date.max, t[0].outlet.casefold()))
    lo, hi = _span(all_days)
    name_w, cite_w, row_h, top = 150, 190, 24, 8
    plot_w = width - name_w - cite_w - 20
    height = top + row_h * len(dated) + 26

    def x(d: date) -> float:
        return name_w + 10 + plot_w * (d - lo).days / max((hi - lo).days, 1)

    body = []
    n_days = (hi - lo).days
    step = max(1, math.ceil(n_days / 6))
    for i in range(0, n_days + 1, step):
        d = lo + timedelta(days=i)
        body.append(f'<line x1="{x(d):.1f}" x2="{x(d):.1f}" y1="{top}" y2="{height - 22}" stroke="{LINE}"/>')
        body.append(_text(x(d), height - 8, _short(d), 10, anchor="middle"))
    for i, (r, ds) in enumerate(dated):
        cy = top + row_h * i + row_h / 2
        body.append(f'<g class="outlet-row"><title>{escape(r.outlet)}: {len(r.published)} article'
                    f'{"s" if len(r.published) != 1 else ""}</title>')
        body.append(_text(name_w, cy + 4, _clip(r.outlet, 24), 11, fill=INK, anchor="end"))
        body.append(f'<line x1="{name_w + 10}" x2="{name_w + 10 + plot_w}" y1="{cy:.1f}" y2="{cy:.1f}" '
                    f'stroke="{LINE}" stroke-dasharray="2 3"/>')
        for k, d in enumerate(sorted(ds)):
            fill = SOFT if r.copies else POINT
            body.append(f'<circle class="published" cx="{x(d) + 3 * (sorted(ds)[:k].count(d)):.1f}" cy="{cy:.1f}" '
                        f'r="5" fill="{fill}" stroke="{POINT}"><title>{escape(r.outlet)}, {d.isoformat()}'
                        f'{" (a copy)" if r.copies else ""}</title></circle>')
        if r.cites:
            body.append(_text(name_w + plot_w + 24, cy + 4, _clip("cites " + ", ".join(r.cites), 32), 10))
        body.append("</g>")
    return _svg(width, height, body, "coverage", "when each outlet published, and whom it cites")


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


# --- places -------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Place:
    name: str
    lat: float
    lon: float
    count: int  #: how often the story's articles name it


def place_map(places: Sequence[Place], width: int = 560, height: int = 300) -> Markup:
    """The places on a plain equirectangular graticule (longitude and latitude lines, no coastlines), framed
    around them; each a circle whose area grows with how often it is named, the most named labelled. A place
    named less than half as often as the most named one and far (over 40°) from the story's middle is listed
    under the map instead of stretching it to another continent."""
    if not places:
        return Markup("")
    mid_lat, mid_lon = _weighted_median([p.lat for p in places], places), _weighted_median(
        [p.lon for p in places], places)
    top = max(p.count for p in places)
    far = [p for p in places if 2 * p.count < top and max(abs(p.lat - mid_lat), abs(p.lon - mid_lon)) > 40]
    places = [p for p in places if p not in far]
    lats, lons = [p.lat for p in places], [p.lon for p in places]
    span = max(max(lons) - min(lons), 2 * (max(lats) - min(lats)), 12.0) * 1.3
    span = min(span, 360.0)
    clon, clat = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
    half_w, half_h = span / 2, span * height / width / 2
    west, east = clon - half_w, clon + half_w
    south, north = clat - half_h, clat + half_h

    def x(lon: float) -> float:
        return width * (lon - west) / (east - west)

    def y(lat: float) -> float:
        return height * (north - lat) / (north - south)

    step = next(s for s in (1, 2, 5, 10, 15, 30, 60) if span / s <= 8)
    body = [f'<rect width="{width}" height="{height}" fill="#eef3f7"/>']
    for lon in range(math.ceil(west / step) * step, math.floor(east) + 1, step):
        body.append(f'<line class="graticule" x1="{x(lon):.1f}" x2="{x(lon):.1f}" y1="0" y2="{height}" '
                    f'stroke="{LINE}"/>')
        body.append(_text(x(lon) + 2, height - 4, f"{abs(lon)}°{'E' if lon > 0 else 'W' if lon < 0 else ''}", 9))
    for lat in range(math.ceil(south / step) * step, math.floor(north) + 1, step):
        body.append(f'<line class="graticule" x1="0" x2="{width}" y1="{y(lat):.1f}" y2="{y(lat):.1f}" '
                    f'stroke="{LINE}"/>')
        body.append(_text(2, y(lat) - 2, f"{abs(lat)}°{'N' if lat > 0 else 'S' if lat < 0 else ''}", 9))
    labels: list[tuple[float, float, float]] = []
    total_h = height
    if far:
        total_h += 18
        body.append(_text(4, total_h - 5, "also named, far away: " + ", ".join(f"{p.name} ({p.count})" for p in far),
                          11))
    for p in sorted(places, key=lambda p: -p.count):
        r = 4 + 10 * math.sqrt(p.count / top)
        cx, cy = x(p.lon), y(p.lat)
        body.append(f'<g class="place"><title>{escape(p.name)}: named {p.count} time{"s" if p.count != 1 else ""}'
                    f'</title><circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{POINT}" fill-opacity="0.55" '
                    f'stroke="{POINT}"/></g>')
        text = f"{p.name} ({p.count})"
        tw = 6 * len(text)
        tx = cx + r + 3 if cx + r + 3 + tw < width else cx - r - 3 - tw
        if not any(a < tx + tw and tx < b and abs(cy - ly) < 13 for a, b, ly in labels):
            labels.append((tx, tx + tw, cy))
            body.append(_text(tx, cy + 4, text, 11, fill=INK))
    return _svg(width, total_h, body, "place-map", f"{len(places) + len(far)} places named in the story")


def _weighted_median(values: list[float], places: Sequence[Place]) -> float:
    pairs = sorted(zip(values, (p.count for p in places), strict=True))
    half, acc = sum(w for _, w in pairs) / 2, 0
    for v, w in pairs:
        acc += w
        if acc >= half:
            return v
    return pairs[-1][0]
