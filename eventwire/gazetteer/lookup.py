"""Read-only queries on the gazetteer: candidates for a name, admin names, countries.

Opening is cheap (a read-only SQLite connection, nothing loaded); every lookup is one indexed query
on the name keys, cached per process.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .names import ARTICLES, fold, name_key, similarity, skeleton, spelled

# feature codes that name an administrative level, and the level they are
ADMIN_LEVEL = {"PCLI": 0, "PCLD": 0, "PCLIX": 0, "PCLS": 0, "PCLF": 0, "PCL": 0, "TERR": 0,
               "ADM1": 1, "ADM1H": 1, "ADM2": 2, "ADM2H": 2, "ADM3": 3, "ADM3H": 3, "ADMD": 3}
FUZZY_MIN = 85
FUZZY_MIN_LONG = 78  # rapidfuzz ratio a skeleton-only hit needs to count as the same name
SHORT_FORM_POP = 15_000  # a town below this size is not read from the short form of its name alone
ALT_MAIN_MIN = 65  # how much a loose hit on an alternate name must still resemble the place's main name

# words of running text, hyphens and apostrophes kept inside ("ez-Zor", "Dar'a")
_TEXT_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
_MAX_WORDS = 4
_ADMIN_WORDS = {"governorate", "province", "region", "state", "district", "county", "department", "prefecture",
                "division", "oblast", "countryside", "city", "town", "village", "area"}
_NOT_NAMES = {"the", "north", "south", "east", "west", "central"}  # direction words alone name nothing here
_ARTICLE_HYPHEN = re.compile(r"^(?:al|el|ad|ar|as|an|az|ash|at)-\w", re.IGNORECASE)


def _same_name(key: str, main: bool, main_name: str) -> bool:
    """Is a loose (skeleton) hit on a name of a place another spelling of the queried `key`?

    A hit on the place's MAIN name is. A hit on an ALTERNATE name must also look like the main name
    (`spelled` keys, rapidfuzz >= ALT_MAIN_MIN): alternate names hold old and foreign names ("Jadera"
    for Zadar, "Tsarskoye Selo" for Pushkin), and a near-miss on one of those is no evidence for the
    place, while a transliteration ("Ad Dali'" for "al-Dhalea", "Sulaymaniyah" for "Sulaimani") still
    resembles the main name.
    """
    return main or similarity(spelled(key), spelled(name_key(main_name))) >= ALT_MAIN_MIN


def _short_form(words: list[str], main_name: str) -> bool:
    """True when `words` are only the first words of a longer main name ("San Juan" of "San Juan Tuxtepec")."""
    main = fold(main_name).split()
    return len(main) > len(words) and main[:len(words)] == words


def _starts_name(word: str) -> bool:
    """A name starts with a capital letter, or an Arabic article joined by a hyphen ("al-Hasakah")."""
    return word[:1].isupper() or bool(_ARTICLE_HYPHEN.match(word))


@dataclass(frozen=True)
class Place:
    """One gazetteer entry, with its admin names resolved."""

    id: int
    name: str
    lat: float | None
    lon: float | None
    fclass: str
    fcode: str
    cc: str
    admin1_code: str
    admin2_code: str
    population: int
    source: str
    match: float = 100.0  # 100 = exact key, else the fuzzy score
    user: bool = False
    main: bool = True  # matched on its main name, not an alternate one

    @property
    def level(self) -> int | None:
        """0 country, 1 admin1, 2 admin2, 3 admin3; None for a town or other point feature."""
        if self.fclass != "A":
            return None
        return ADMIN_LEVEL.get(self.fcode, 3)


@dataclass(frozen=True)
class Country:
    cc: str
    name: str
    iso3: str
    isonum: int
    lat: float | None
    lon: float | None


class Gazetteer:
    """A read-only view of a gazetteer file. Safe to share across threads (one connection each)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"gazetteer {self.path} does not exist (run `eventwire gazetteer build`)")
        self._local = threading.local()
        self._check()
        self.candidates = lru_cache(maxsize=50_000)(self._candidates)  # type: ignore[method-assign]
        self.admin1_name = lru_cache(maxsize=10_000)(self._admin1_name)  # type: ignore[method-assign]
        self.admin2_name = lru_cache(maxsize=50_000)(self._admin2_name)  # type: ignore[method-assign]
        self.country = lru_cache(maxsize=1_000)(self._country)  # type: ignore[method-assign]
        self.admin_place = lru_cache(maxsize=50_000)(self._admin_place)  # type: ignore[method-assign]
        self._names_admin1 = lru_cache(maxsize=50_000)(self._names_admin1_q)

    @property
    def con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            con.execute("PRAGMA query_only=1")
            self._local.con = con
        return con

    def _check(self) -> None:
        try:
            self.con.execute("SELECT 1 FROM names LIMIT 1").fetchone()
        except sqlite3.DatabaseError as exc:
            raise ValueError(f"{self.path} is not an eventwire gazetteer: {exc}") from exc

    _COLS = "p.id, p.name, p.asciiname, p.lat, p.lon, p.fclass, p.fcode, p.cc, p.admin1, p.admin2, p.population, p.source"

    def _row(self, r: tuple, match: float, prio: int) -> Place:
        return Place(id=r[0], name=r[2] or r[1], lat=r[3], lon=r[4], fclass=r[5] or "", fcode=r[6] or "",
                     cc=r[7] or "", admin1_code=r[8] or "", admin2_code=r[9] or "", population=r[10] or 0,
                     source=r[11] or "", match=match, user=prio >= 3, main=prio >= 2)

    def _candidates(self, name: str, fuzzy: bool = True) -> tuple[Place, ...]:
        """Every place whose name matches `name` exactly (by key), else by transliteration skeleton."""
        key = name_key(name)
        if len(key) < 2:
            return ()
        rows = self.con.execute(
            f"SELECT {self._COLS}, n.prio FROM names n JOIN places p ON p.id = n.place WHERE n.key = ?", (key,)
        ).fetchall()
        out = [self._row(r, 100.0, r[12]) for r in rows]
        if not out and fuzzy and len(key) >= 4:
            rows = self.con.execute(
                f"SELECT {self._COLS}, n.prio, n.key FROM names n JOIN places p ON p.id = n.place WHERE n.skel = ?",
                (skeleton(key),),
            ).fetchall()
            best: dict[int, Place] = {}
            for r in rows:
                score = similarity(key, r[13])
                # same consonant skeleton: long names may differ more in their vowels ("Urozgan"/"Oruzgan")
                floor = FUZZY_MIN if len(key) < 7 else FUZZY_MIN_LONG
                if score >= floor and _same_name(key, r[12] >= 2, r[2] or r[1]) and \
                        (r[0] not in best or best[r[0]].match < score):
                    best[r[0]] = self._row(r, score, r[12])
            out = list(best.values())
        if out and out[0].match == 100.0 and any(p.main for p in out):
            # "San Juan": a small town that English calls "San Juan Totolcintla" and only its own people
            # "San Juan" does not compete with the places whose name it is
            words = fold(name).split()
            out = [p for p in out if p.main or p.level is not None or p.population >= SHORT_FORM_POP
                   or not _short_form(words, p.name)]
        # user places win over GeoNames on an exact name match
        if any(p.user and p.match == 100.0 for p in out):
            out = [p for p in out if p.user or p.level is not None]
        return tuple(out)

    def _admin1_name(self, cc: str, code: str) -> str | None:
        if not code:
            return None
        r = self.con.execute("SELECT name FROM admin1 WHERE cc=? AND code=?", (cc, code)).fetchone()
        return r[0] if r else None

    def admin1_name_in(self, cc: str, code: str, text: str) -> str | None:
        """The admin1 name as `text` spells it when the text names that unit, else `admin1_name`.

        A coder who writes "(Idleb)" or "in Ar-Raqqa governorate" uses the spelling the analysts expect;
        the gazetteer's name ("Idlib", "Ar Raqqah") is only the fallback. The longest run of words that
        is that name or a transliteration of it (same skeleton, same first letter) wins; admin words after
        it ("governorate", "province") are not part of the name. An alias or the local official name in
        the text ("North Kivu" for "Nord-Kivu", "Dayr az Zawr") is another name, and does not replace it.
        """
        fallback = self.admin1_name(cc, code)
        if not code or not text:
            return fallback
        words = list(_TEXT_WORD.finditer(text))
        best: tuple[int, int, str] | None = None  # (-words, start, spelling)
        for i, first in enumerate(words):
            if not _starts_name(first.group()) or first.group().lower() == "the":
                continue
            for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
                last = words[i + n - 1]
                if n > 1 and text[words[i + n - 2].end():last.start()].strip():
                    break  # punctuation between the words: not one name
                span = text[first.start():last.end()]
                if self._names_admin1(fold(span), cc, code):
                    if best is None or (-n, first.start()) < best[:2]:
                        best = (-n, first.start(), span)
                    break
        if best is None:
            return fallback
        spelling = best[2].rstrip("'’").removesuffix("'s").removesuffix("’s")
        return spelling[:1].upper() + spelling[1:]

    def _names_admin1_q(self, folded: str, cc: str, code: str) -> bool:
        """True when `folded` (a run of text words) is a name of admin1 unit (cc, code)."""
        last = folded.split()[-1]
        if last in _ADMIN_WORDS or last in ARTICLES or folded in _NOT_NAMES:
            return False  # "Idlib governorate" is found by its name alone; "Istanbul the" is no name
        key = name_key(folded)
        if len(key) < 3:
            return False
        if self.con.execute("SELECT 1 FROM names n JOIN places p ON p.id = n.place WHERE n.key = ? "
                            "AND p.fcode LIKE 'PCL%' LIMIT 1", (key,)).fetchone():
            return False  # a country's name ("Tunisia") is not a spelling of a unit in it ("Tunis")
        name = self.admin1_name(cc, code)
        if not name:
            return False
        own = name_key(name)
        if key == own:
            return True
        # another transliteration of the unit's name ("Idleb" for "Idlib"); a final "h" after a vowel
        # comes and goes ("Basra", "Basrah"). An alias or the official local name in the text is
        # another name, not a spelling of ours: a writer's "North Kivu" is not the coder's "Nord-Kivu"
        variants = {key, key + "h" if key[-1] in "aeiou" else key[:-1] if key[-2:-1] in tuple("aeiou") and
                    key.endswith("h") else key}
        return len(key) >= 4 and key[0] == own[0] and any(
            skeleton(v) == skeleton(own) and similarity(v, own) >= FUZZY_MIN_LONG - 3 for v in variants)

    def _admin2_name(self, cc: str, a1: str, code: str) -> str | None:
        if not code:
            return None
        r = self.con.execute("SELECT name FROM admin2 WHERE cc=? AND a1=? AND code=?", (cc, a1, code)).fetchone()
        return r[0] if r else None

    def _admin_place(self, cc: str, a1: str, a2: str = "") -> Place | None:
        """The admin unit itself as a Place (its point is its seat's), or None."""
        if a2:
            sql, args = "SELECT seat FROM admin2 WHERE cc=? AND a1=? AND code=?", (cc, a1, a2)
        else:
            sql, args = "SELECT seat FROM admin1 WHERE cc=? AND code=?", (cc, a1)
        r = self.con.execute(sql, args).fetchone()
        return self.by_id(r[0]) if r and r[0] is not None else None

    def seat(self, place: Place) -> Place | None:
        """The most populous town of an admin unit (where a region-level event is pinned)."""
        if place.level == 1:
            return self.admin_place(place.cc, place.admin1_code)
        if place.level == 2:
            return self.admin_place(place.cc, place.admin1_code, place.admin2_code)
        if place.level == 0:
            c = self.country(place.cc)
            if c and c.lat is not None:
                r = self.con.execute(
                    f"SELECT {self._COLS} FROM places p WHERE p.cc=? AND p.lat=? AND p.lon=? AND p.fclass='P' LIMIT 1",
                    (place.cc, c.lat, c.lon)).fetchone()
                return self._row(r, 100.0, 0) if r else None
        return None

    def country_place(self, cc: str) -> Place | None:
        """The country itself as a Place (level 0)."""
        r = self.con.execute("SELECT place FROM countries WHERE cc=?", (cc,)).fetchone()
        return self.by_id(r[0]) if r else None

    def by_id(self, pid: int) -> Place | None:
        r = self.con.execute(f"SELECT {self._COLS} FROM places p WHERE p.id=?", (pid,)).fetchone()
        return self._row(r, 100.0, 0) if r else None

    def _country(self, cc: str) -> Country | None:
        r = self.con.execute("SELECT cc, name, iso3, isonum, lat, lon FROM countries WHERE cc=?", (cc,)).fetchone()
        return Country(*r) if r else None

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None


@lru_cache(maxsize=4)
def open_gazetteer(path: str = "") -> Gazetteer:
    """The process-wide Gazetteer for `path` ("" = the default, built on first use)."""
    from .build import ensure

    return Gazetteer(ensure(path or None))
