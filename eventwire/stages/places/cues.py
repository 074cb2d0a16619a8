"""Places: the document's country cues (data/country_cues.csv) and demonyms (data/countries.csv)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from ...gazetteer.lookup import Gazetteer
from ...gazetteer.names import fold


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Lower-case demonym or alias -> ISO alpha-3, from data/countries.csv (shared with the actors stage)."""
    out: dict[str, str] = {}
    path = resources.files("eventwire") / "data" / "countries.csv"
    if not path.is_file():
        return out
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            iso3 = (row.get("iso3") or "").strip()
            if not iso3:
                continue
            for col in ("country", "demonyms", "aliases"):
                for name in (row.get(col) or "").split(";"):
                    if name.strip():
                        out[fold(name)] = iso3
    return out


CUE_WEIGHT = {"mission": 2.0, "admin": 2.0, "group": 1.0, "institution": 1.0, "region": 1.0}
NOT_PLACE_KINDS = {"mission", "group", "institution"}


@dataclass(frozen=True)
class Cue:
    """A word tying a text to one country (data/country_cues.csv): a group, mission, body or unit abbreviation."""

    term: str
    iso3: str
    kind: str
    # admin1 units where the cue's events usually are; each a tuple of alternative spellings
    regions: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class CueHit:
    cue: Cue
    start: int  # token indices [start, end)
    end: int


def _cue_key(text: str) -> str:
    return re.sub(r"[\s\-‐'’]+", "", fold(text))


def _cue_pattern(terms: list[str], plural: bool) -> re.Pattern[str] | None:
    if not terms:
        return None
    alts = []
    for term in sorted(terms, key=len, reverse=True):  # the longest term wins at a position
        parts = [re.escape(p).replace("'", "['’]?") for p in re.split(r"[\s\-]+", term)]
        alts.append(r"[\s\-‐]*".join(parts))
    body = "|".join(alts)
    suffix = r"(?:s|es)?" if plural else ""
    flags = re.IGNORECASE if plural else 0
    return re.compile(rf"(?<![\w'’])(?:{body}){suffix}(?![\w])", flags)


@lru_cache(maxsize=1)
def country_cues() -> tuple[dict[str, Cue], tuple[re.Pattern[str] | None, re.Pattern[str] | None]]:
    """Cue key -> Cue, and the (case-sensitive acronym, case-insensitive name) patterns that find them."""
    table: dict[str, Cue] = {}
    path = resources.files("eventwire") / "data" / "country_cues.csv"
    if not path.is_file():
        return table, (None, None)
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if line.strip() and not line.startswith("#")):
            term, iso3, kind = (row.get("term") or "").strip(), (row.get("country") or "").strip(), \
                (row.get("kind") or "").strip()
            if not term or not iso3 or kind not in CUE_WEIGHT:
                raise ValueError(f"country_cues.csv: bad row {row!r} (needs term, country ISO3, kind in "
                                 f"{sorted(CUE_WEIGHT)})")
            regions = tuple(tuple(a.strip() for a in r.split("|") if a.strip())
                            for r in (row.get("regions") or "").split(";") if r.strip())
            table[_cue_key(term)] = Cue(term, iso3, kind, regions)
    # acronyms ("SDF", "FAMa", "ZANU-PF") match only as written; names in any case, plural allowed
    acronym = [c.term for c in table.values() if re.search(r"[A-Z]{2}", c.term)]
    names = [c.term for c in table.values() if not re.search(r"[A-Z]{2}", c.term)]
    return table, (_cue_pattern(acronym, plural=False), _cue_pattern(names, plural=True))


def find_cues(doc: Doc) -> list[CueHit]:
    """Country cues in the text, longest first, not overlapping (pure)."""
    table, patterns = country_cues()
    found: list[tuple[int, int, Cue]] = []
    for pat in patterns:
        if pat is None:
            continue
        for mt in pat.finditer(doc.text):
            text = mt.group(0)
            cue = table.get(_cue_key(text))  # the key drops apostrophes, spaces and hyphens
            if cue is None:
                for cut in ("es", "s"):  # the plural the pattern allows
                    if cue is None and text.lower().endswith(cut):
                        cue = table.get(_cue_key(text[:-len(cut)]))
            if cue is not None:
                found.append((mt.start(), mt.end(), cue))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    hits: list[CueHit] = []
    last = -1
    for s, e, cue in found:
        if s < last:
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        if cue.kind == "admin" and not _qualifier_slot(doc, span.start, span.end):
            continue  # "MP", "UP", "GB" name a state only where a coder qualifies a town: "(Rewa, MP)"
        hits.append(CueHit(cue, span.start, span.end))
        last = e
    return hits


def _qualifier_slot(doc: Doc, start: int, end: int) -> bool:
    """"(X, KPK)", "X, TS.": a word after a comma or bracket that closes the phrase."""
    if start == 0 or doc[start - 1].text not in (",", "("):
        return False
    return end == len(doc) or doc[end].text in (")", ",", ".", ";", "]")



@lru_cache(maxsize=16)
def _iso3_map(path: str) -> dict[str, str]:
    import sqlite3

    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {iso3: cc for cc, iso3 in con.execute("SELECT cc, iso3 FROM countries")}
    finally:
        con.close()


def _cc_of_iso3(gaz: Gazetteer, iso3: str) -> str | None:
    return _iso3_map(str(gaz.path)).get(iso3)


@dataclass(frozen=True)
class Territory:
    """A territory coded under another country (data/territories.csv): Hong Kong is China's."""

    country: str  # the parent's ISO alpha-2 code
    admin1: str  # the territory's name, written as the event's admin1


@lru_cache(maxsize=1)
def territories() -> dict[str, Territory]:
    """Territory ISO alpha-2 -> how conflict data codes it, from data/territories.csv."""
    path = resources.files("eventwire") / "data" / "territories.csv"
    out: dict[str, Territory] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if line.strip() and not line.startswith("#")):
            code, parent, admin1 = (row.get(k, "").strip() for k in ("territory", "country", "admin1"))
            if not (code and parent and admin1):
                raise ValueError(f"territories.csv: bad row {row!r} (needs territory, country, admin1)")
            out[code] = Territory(parent, admin1)
    return out


def home_country(cc: str) -> str:
    """The country an event in `cc` is coded under (a territory's parent, else `cc` itself)."""
    t = territories().get(cc)
    return t.country if t else cc
