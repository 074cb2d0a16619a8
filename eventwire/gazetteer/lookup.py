"""Read-only queries on the gazetteer: candidates for a name, admin names, countries.

Opening is cheap (a read-only SQLite connection, nothing loaded); every lookup is one indexed query
on the name keys, cached per process.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .names import name_key, similarity, skeleton

# feature codes that name an administrative level, and the level they are
ADMIN_LEVEL = {"PCLI": 0, "PCLD": 0, "PCLIX": 0, "PCLS": 0, "PCLF": 0, "PCL": 0, "TERR": 0,
               "ADM1": 1, "ADM1H": 1, "ADM2": 2, "ADM2H": 2, "ADM3": 3, "ADM3H": 3, "ADMD": 3}
FUZZY_MIN = 85
FUZZY_MIN_LONG = 78  # rapidfuzz ratio a skeleton-only hit needs to count as the same name


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
                if score >= floor and (r[0] not in best or best[r[0]].match < score):
                    best[r[0]] = self._row(r, score, r[12])
            out = list(best.values())
        # user places win over GeoNames on an exact name match
        if any(p.user and p.match == 100.0 for p in out):
            out = [p for p in out if p.user or p.level is not None]
        return tuple(out)

    def _admin1_name(self, cc: str, code: str) -> str | None:
        if not code:
            return None
        r = self.con.execute("SELECT name FROM admin1 WHERE cc=? AND code=?", (cc, code)).fetchone()
        return r[0] if r else None

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
