"""Places: toponyms -> gazetteer candidates -> the event's place, admin names and geo_precision.

Three pure steps and one write, per document:
1. `mentions`: place-like spans (spaCy GPE/LOC/FAC entities, and other entities or capitalised runs
   that the gazetteer knows and the text puts in a locative slot: "in X", "near X", "X's outskirts"),
   each with its modifiers ("near", "northern", "countryside", "X province") and its qualifiers
   ("Tafas, Dar'a", "X (Y district, Z)", "Syria's X").
2. `resolve`: each mention's gazetteer candidates scored by the document's country context
   (country names, demonyms, admin names), its qualifiers, its closeness to the other places,
   population and feature class.
3. `attach`: for each trigger, the mention tied to it (same clause, locative preposition, short
   dependency path; not a convoy's origin "from X" nor where a statement was made), else the
   document's main place.
Then `set_annotations` writes `doc._.ew_places` once.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..gazetteer.lookup import Gazetteer, Place, open_gazetteer
from ..gazetteer.names import fold, name_key
from .base import Annotation, CharSpan
from .dates import dateline_at

PLACE_LABELS = {"GPE", "LOC", "FAC"}
MAYBE_LABELS = {"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"}
LOCATIVE_PREPS = {"in", "near", "at", "on", "outside", "into", "around", "across", "inside", "towards", "toward",
                  "to", "between", "within", "from", "throughout", "along", "by", "off", "west", "east",
                  "north", "south", "through", "over", "targeting", "targeted", "hit", "struck", "shelled",
                  "attacked", "bombed", "stormed", "entered", "captured", "seized"}
NEAR_WORDS = {"near", "nearby", "around", "close", "vicinity", "between", "surrounding", "surroundings",
              "neighbouring", "neighboring", "adjacent", "environs", "km", "kilometres", "kilometers", "miles",
              "countryside", "rural"}
OUTSKIRT_WORDS = {"outskirts", "suburb", "suburbs", "edge", "entrance", "outside"}
DIRECTION_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                   "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
                   "southeastern", "southwestern", "north-east", "north-west", "south-east", "south-west",
                   "upper", "lower"}
# a word after the name that makes it an administrative unit, with the level it usually names
ADMIN_WORDS = {"governorate": 1, "province": 1, "state": 1, "region": 1, "department": 1, "oblast": 1,
               "prefecture": 1, "county": 2, "district": 2, "municipality": 2, "division": 2, "commune": 3,
               "sub-district": 3, "subdistrict": 3, "territory": 2, "zone": 2, "lga": 2, "woreda": 3, "chiefdom": 3,
               "provinces": 1, "governorates": 1, "states": 1, "regions": 1, "districts": 2, "counties": 2,
               "nahiya": 3, "qada": 2, "area": 0, "subdivision": 3, "sub-division": 3, "arrondissement": 3,
               "township": 3, "tehsil": 3, "taluka": 3, "upazila": 3, "canton": 3, "ward": 3, "mandal": 3,
               "raion": 2, "rayon": 2, "kebele": 3, "cercle": 2, "departement": 1, "municipio": 2,
               "barangay": 3, "parish": 3, "parishes": 3, "payam": 3, "payams": 3, "sub-county": 3,
               "subcounty": 3, "sub-prefecture": 3, "subprefecture": 3, "uzlah": 3, "uzla": 3, "sector": 0, "city": -1, "town": -1, "village": -1, "camp": -1,
               "neighbourhood": -1, "neighborhood": -1, "suburb": -1, "locality": -1, "countryside": 0,
               "municipalities": 2, "communes": 3, "departments": 1, "prefectures": 1, "oblasts": 1, "lgas": 2,
               "sub-districts": 3, "subdistricts": 3, "townships": 3, "barangays": 3, "villages": -1, "towns": -1,
               "cities": -1, "neighbourhoods": -1, "neighborhoods": -1, "localities": -1}
# the plural ones close a list of places: "in A and B districts", "the villages of A, B and C"
PLURAL_ADMIN = {w for w in ADMIN_WORDS if w.endswith("s") and w not in ("countryside",)}
LIST_WORDS = {",", "and", "or", "&"}
# words that mark where something was said or came from, not where it happened
ORIGIN_PREPS = {"from"}
SPEECH_LEMMAS = {"say", "tell", "announce", "state", "report", "claim", "add", "declare", "confirm", "deny", "speak"}
STOP_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
              "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
              "i", "he", "she", "we", "they", "it", "the", "a", "an", "this", "that", "mr", "mrs", "ms", "dr",
              "god", "allah", "president", "minister", "police", "army", "government", "state", "province",
              "district", "city", "town", "village", "region", "north", "south", "east", "west", "central",
              "islamic", "muslim", "christian", "party", "people", "forces", "force", "military", "movement",
              "front", "council", "union", "republic", "national", "democratic", "united", "new", "old",
              "coronavirus", "covid", "covid-19", "corona", "isis", "isil", "daesh", "sdf", "ypg", "pkk",
              "un", "us", "eu", "nato", "govt", "gov", "afp", "reuters", "ap", "bbc", "cnn", "twitter", "facebook"}


FACILITY_WORDS = {"hospital", "provincial", "general", "university", "airport", "international", "prison", "central",
                  "market", "camp", "base", "stadium", "mosque", "church", "school", "college", "station", "port",
                  "harbour", "harbor", "hotel", "court", "office", "headquarters", "barracks", "mall", "clinic",
                  "checkpoint", "refinery", "plant", "factory", "jail", "military", "air", "police", "square"}
# nouns a nationality adjective can modify without saying where the event is
FOREIGN_HEADS = {"drone", "jet", "aircraft", "warplane", "missile", "rocket", "mercenary", "fighter", "national",
                 "citizen", "migrant", "refugee", "embassy", "ambassador", "envoy", "tourist", "worker", "journalist",
                 "dollar", "company", "firm", "ship", "vessel", "tanker", "weapon", "arm", "made", "exchange",
                 "rate", "currency", "euro", "pound", "lira", "price", "sanction", "aid", "troop", "border", "frontier", "side",
                 "insignia", "flag", "consulate", "airstrike", "helicopter"}


def qualifies_foreign_thing(ent: Span, keep: frozenset[str] = frozenset()) -> bool:
    """The country word only qualifies hardware, money or foreigners ("a Turkish drone", "the US dollar"):
    it says nothing about where the event was. Heads in `keep` still count as the place's."""
    head = ent.root.head.lemma_.lower()
    return ent.root.dep_ in ("amod", "compound", "nmod") and head in FOREIGN_HEADS and head not in keep


STREET_WORDS = {"road", "street", "highway", "avenue", "boulevard", "bridge", "square", "roundabout", "st", "rd"}
# words that may stand between a name and the region qualifying it: "Al Watiyah airbase (Nuqat al Khams)"
GAP_WORDS = set(ADMIN_WORDS) | FACILITY_WORDS | {
    "the", "of", "coded", "to", "airbase", "airfield", "crossing", "border", "junction", "valley", "mountain",
    "hill", "hills", "river", "lake", "forest", "farm", "settlement", "compound", "complex", "mine",
    "bridge", "road", "highway", "area", "areas"}
PARTICLES = {"al", "el", "ad", "as", "ar", "an", "az", "ash", "ez", "es", "de", "du", "la", "bin", "ibn", "abu", "umm",
             "da", "do", "dos", "das", "del", "della", "di", "des", "los", "las", "le", "les"}


@dataclass
class Mention:
    start: int  # token indices [start, end)
    end: int
    text: str
    label: str
    candidates: tuple[Place, ...] = ()
    level_hint: int | None = None  # 1/2/3 from "X province/district", -1 town
    near: bool = False  # "near X", "between X and Y", "X countryside", "northern X"
    outskirts: bool = False
    qualifiers: list[int] = field(default_factory=list)  # indices of mentions that qualify this one
    qualifies: int | None = None  # index of the mention this one qualifies ("Dar'a" in "Tafas, Dar'a")
    origin: bool = False  # "from X", "X-based"
    locative: bool = False
    choice: Place | None = None
    score: float = 0.0
    vote: tuple[str, float] | None = None  # this mention's own vote in the country context
    voted: bool = False  # the vote was counted (a repeated name counts once)
    part: bool = False  # "X neighbourhood in Y": unplaced, it is coded as Y
    street: bool = False  # "Murree road": a street named after a town, not the town
    # a village the gazetteer lacks (or knows only as namesakes outside the text's cue regions): the main
    # region of the group or mission the text names is its point ("the OSCE SMM ... near X" -> Donetsk)
    region: Place | None = None
    unit_point: bool = False  # "X in Kajuru LGA": a village of that unit (keeps its own name)


@dataclass
class Resolved:
    """The chosen place for one trigger."""

    place: Place
    mention: Mention
    precision: int
    country_span: tuple[int, int] | None = None
    also: list[Resolved] = field(default_factory=list)  # coordinated places of the same deed


# ---------------------------------------------------------------- data

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


# ---------------------------------------------------------------- step 1: mentions

_NAME_WORD = re.compile(r"^[A-Z][^\W\d_]*(?:['’\-][^\W\d_]+)*$")


def _is_name_token(tok: Token) -> bool:
    if not _NAME_WORD.match(tok.text) or tok.lower_ in STOP_NAMES:
        return False
    # short all-capital words are acronyms (armed groups, bases, parties), not place names
    if tok.text.isupper() and len(tok.text) <= 5:
        return False
    return tok.pos_ in ("PROPN", "NOUN", "ADJ", "VERB")


def _capitalised_runs(doc: Doc, taken: set[int]) -> list[tuple[int, int]]:
    """Token runs of capitalised words (with "al-", "ez-" particles and hyphens) not inside an entity."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if i in taken or not _is_name_token(tok) or (tok.is_sent_start and not _is_locative(doc, i, i + 1)):
            i += 1
            continue
        j = i + 1
        while j < n and j not in taken:
            t = doc[j]
            nxt = doc[j + 1].text if j + 1 < n else ""
            if _is_name_token(t) or (t.text == "-" and nxt[:1].isalpha()) or \
                    (t.lower_ in PARTICLES and (nxt == "-" or nxt[:1].isupper())):
                j += 1
            else:
                break
        while j > i and (doc[j - 1].text == "-" or doc[j - 1].lower_ in PARTICLES):
            j -= 1
        runs.append((i, j))
        i = max(j, i + 1)
    return runs


def _prev_word(doc: Doc, start: int) -> Token | None:
    k = start - 1
    while k >= 0 and (doc[k].is_punct and doc[k].text not in (",", "(") or (
            doc[k].text in PARTICLES and k + 1 < len(doc) and (doc[k + 1].text == "-" or (
                k + 1 == start and doc[start].text[:1].isupper())))):
        k -= 1  # "in al-Ghaydah", "in el Mina": the lower-case article is part of the name
    return doc[k] if k >= 0 else None


def _is_locative(doc: Doc, start: int, end: int) -> bool:
    prev = _prev_word(doc, start)
    if prev is not None and prev.lower_ in LOCATIVE_PREPS | DIRECTION_WORDS | NEAR_WORDS | OUTSKIRT_WORDS:
        return True
    if prev is not None and prev.lower_ in ("the", "of") and start >= 2 and \
            doc[start - 2].lower_ in LOCATIVE_PREPS | NEAR_WORDS | OUTSKIRT_WORDS | DIRECTION_WORDS | set(ADMIN_WORDS):
        return True
    if end < len(doc) and doc[end].lower_ in ADMIN_WORDS:
        return True
    if end + 1 < len(doc) and doc[end].text in ("'s", "’s") and doc[end + 1].lower_ in OUTSKIRT_WORDS | NEAR_WORDS:
        return True
    # "in Kabul, Herat and Balkh": a conjunct shares the first name's locative slot
    root = doc[start:end].root
    if root.dep_ == "conj":
        first = _conj_head(root)
        if first.i < start and first.head.i != first.i and first.head.lower_ in LOCATIVE_PREPS | NEAR_WORDS:
            return True
        if first.i < start and first.head.lower_ == "of" and first.head.head.lower_ in PLURAL_ADMIN:
            return True  # "the villages of A, B and C"
    return False


def _possessive_place(doc: Doc, gaz: Gazetteer, start: int, k: int) -> bool:
    """ "Bihar's Muzaffarpur" read as one entity: a possessive after a known place name ends it (the place
    qualifies the name after it); "People's Republic" is no place's."""
    return doc[k].text in ("'s", "’s") and k > start and bool(gaz.candidates(doc[start:k].text, fuzzy=False))


def find_mentions(doc: Doc, gaz: Gazetteer, hits: list[CueHit] | None = None) -> list[Mention]:
    """Place-like spans of the document with their candidates and modifiers (pure)."""
    raw: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS or ent.label_ in MAYBE_LABELS:
            taken.update(range(ent.start, ent.end))
            # NER joins "Nis, Serbia" or "Cienaga, Magdalena department" into one entity: split at punctuation
            start = ent.start
            for k in range(ent.start, ent.end + 1):
                if k == ent.end or doc[k].text in (",", "(", ")", ";") or doc[k].lower_ in ("in", "near", "at") \
                        or _possessive_place(doc, gaz, start, k):
                    s0 = start
                    # "the Gaza Strip": leading determiners are not part of the name
                    while s0 < k and (doc[s0].lower_ in ("the", "a") or
                                      doc[s0].text.islower() and doc[s0].lower_ in DIRECTION_WORDS):
                        s0 += 1  # "west Baghdad": the direction is a modifier, not part of the name
                    k0 = k
                    while k0 > s0 and doc[k0 - 1].lower_ in ("and", "or", "&", "of", "the", "-"):
                        k0 -= 1  # NER sometimes swallows the conjunction before the next name ("X and")
                    if s0 < k0:
                        raw.append((s0, k0, ent.label_))
                    start = k + 1
    # NER often cuts a name short ("Khirbet" of "Khirbet Zulaykha", "Dayr" of "Dayr az Zawr"): an entity
    # inside a longer run of capitalised words takes the whole run
    runs = _capitalised_runs(doc, set())
    widened: list[tuple[int, int, str]] = []
    for s, e, label in raw:
        for rs, re_ in runs:
            if rs <= s < re_ and (rs < s or re_ > e) and label in PLACE_LABELS | {"ORG", "PERSON"}:
                s, e = min(s, rs), max(e, re_)
                taken.update(range(s, e))
                break
        if not widened or s >= widened[-1][1]:
            widened.append((s, e, label))
        elif label in PLACE_LABELS:
            widened[-1] = (widened[-1][0], max(e, widened[-1][1]), label)
    raw = widened
    for s, e in _capitalised_runs(doc, taken):
        raw.append((s, e, ""))
    raw.sort()
    # NER splits some names ("Baja" + "California"): adjacent spans the gazetteer knows as one are one
    merged: list[tuple[int, int, str]] = []
    for s, e, label in raw:
        if merged and merged[-1][1] == s and gaz.candidates(doc[merged[-1][0]:e].text, fuzzy=False):
            merged[-1] = (merged[-1][0], e, merged[-1][2] or label)
        else:
            merged.append((s, e, label))
    raw = merged

    if hits is None:
        hits = find_cues(doc)
    every: list[Mention] = []
    for s, e, label in raw:
        for h in hits:
            if h.cue.kind == "region" and h.start <= s < h.end and not any(
                    p.cc == _cc_of_iso3(gaz, h.cue.iso3) for p in gaz.candidates(doc[s:e].text)):
                s = e  # "the Kurdistan Region" (Iraq) is not Iran's Kurdistan province
            if h.start <= s < h.end and (h.cue.kind in NOT_PLACE_KINDS or h.cue.kind == "admin"):
                # "Al Shabaab militants", "UNIFIL": a group or mission, not a place; what follows it may be
                s = h.end
                while s < e and not doc[s].text[:1].isupper():
                    s += 1
        if s >= e:
            continue
        text = doc[s:e].text
        if label == "NORP" and (fold(text) in demonyms() or text.lower().endswith(("ian", "ians", "ese", "ish", "ans"))
                                and not (doc[s:e].root.dep_ == "conj" and _is_locative(doc, s, e))):
            continue  # demonyms feed the country context, they are not places (but "Ariha, Saraqib and Binnish")
        if e - s >= 2 and doc[s].lower_ in PARTICLES and (
                doc[s + 1].text[:1].isupper() or e - s > 2 and doc[s + 1].text == "-" and doc[s + 2].text[:1].isupper()):
            pass  # "al-Ghaydah", "as-Suwayda", "el Mina": a lower-case article before a capitalised name
        elif not (text[:1].isupper() or text[1:2].isupper()):
            continue  # "geo office": place names are capitalised in English ("eThekwini" too)
        if label != "GPE" and text.isupper() and len(text) <= 6 and "&" not in text:
            continue  # an acronym (GNA, PSF, INJI): a group or a base, not a place name
        # "Idlib province", "Kidal region": the admin word may sit inside the entity
        level_hint = None
        last = doc[e - 1].lower_
        if e - s > 1 and last in ADMIN_WORDS:
            level_hint = ADMIN_WORDS[last] or None
            text = doc[s:e - 1].text
        elif e < len(doc) and doc[e].lower_ in ADMIN_WORDS:
            level_hint = ADMIN_WORDS[doc[e].lower_] or None
        if text.lower().endswith(("'s", "’s")):
            text = text[:-2]
        key = name_key(text)
        if key in STOP_NAMES or (len(key) < 3 and "&" not in text):  # "J&K" is a unit's initials
            continue
        cands = gaz.candidates(text)
        if not cands and "-" in text:
            cands = gaz.candidates(text.replace("-", " "))
        if not cands and e - s >= 2:
            # "Uitenhage Provincial Hospital", "Mitiga Airport": a facility named after its town is in it
            k = e
            while k > s + 1 and doc[k - 1].lower_ in FACILITY_WORDS:
                k -= 1
            if k < e and (head_cands := gaz.candidates(doc[s:k].text, fuzzy=False)):
                text, cands = doc[s:k].text, head_cands
        cands = tuple(p for p in cands if p.lat is not None)  # an admin unit with no town cannot be placed
        m = Mention(s, e, text, label or "CAP", cands, level_hint=level_hint, locative=_is_locative(doc, s, e),
                    street=e < len(doc) and doc[e].lower_ in STREET_WORDS)
        _modifiers(doc, m)
        every.append(m)
    every.extend(_admin_cue_mentions(doc, gaz, hits))
    every.sort(key=lambda m: m.start)
    _list_levels(doc, every)
    _qualifiers(doc, every)
    _share_qualifiers(doc, every)
    _article_vote(every, doc)

    keep_head: set[int] = set()
    for i, m in enumerate(every):
        if m.qualifies is not None:
            continue
        known_quals = any(every[j].candidates for j in m.qualifiers)
        if _names_a_kind(doc, m) and not known_quals:
            continue  # "a Roma camp", "Roma families": a people or a kind of thing, not a place of that name
        if m.label not in PLACE_LABELS and not known_quals and m.level_hint is None and m.start > 0 and \
                doc[m.start - 1].lower_ == "the" and not _attributive(doc, m):
            continue  # "outside the Seray", "at the Kasr": a building or landmark; towns take no article
        if m.label in MAYBE_LABELS and not known_quals and not m.locative:
            # a name NER calls a person, group or product is a place only under its main name, unless
            # the text qualifies it like a place ("Misrata" in "Al Hishah (Misrata)" is a qualifier)
            m.candidates = tuple(p for p in m.candidates if p.main and p.match == 100)
        if m.candidates:
            if m.label == "PERSON" and not (known_quals or m.locative) and \
                    not any(p.main and p.match == 100 for p in m.candidates):
                continue  # a person's name that is only some village's alternate spelling
            if m.label in PLACE_LABELS or m.locative or known_quals:
                # a person name that is also a village somewhere counts only in a place slot
                if m.label in ("PERSON", "ORG", "CAP") and not (m.locative or known_quals):
                    continue
                keep_head.add(i)
        elif known_quals and (m.locative or m.label in PLACE_LABELS or m.label in ("CAP", "ORG", "PERSON", "NORP")):
            keep_head.add(i)  # unknown village placed by its qualifier ("Takalout (Kidal)")
        elif not m.qualifiers and _unknown_place_slot(doc, m):
            keep_head.add(i)  # an unknown village in a place slot: the text's cue regions may place it (resolve)
    # a dropped name frees its qualifiers: "Harbour traders (Old Town, Mombasa)" still says Mombasa
    for i, m in enumerate(every):
        if m.qualifies is not None and m.qualifies not in keep_head and every[m.qualifies].qualifies is None:
            head = every[m.qualifies]
            if m.candidates and (m.label in PLACE_LABELS or any(p.level is not None for p in m.candidates)):
                head.qualifiers = [j for j in head.qualifiers if j != i]
                m.qualifies = None
                keep_head.add(i)
    keep = [i for i, m in enumerate(every) if i in keep_head or (m.qualifies is not None and m.qualifies in keep_head)]
    index = {old: new for new, old in enumerate(keep)}
    mentions = [every[i] for i in keep]
    for m in mentions:
        m.qualifiers = [index[j] for j in m.qualifiers if j in index]
        m.qualifies = index.get(m.qualifies) if m.qualifies is not None else None
    return mentions


# prepositions of a place slot where an unknown name is still not the event's place (a route, a source)
WEAK_SLOT_PREPS = {"to", "towards", "toward", "from", "by", "over", "through", "across", "along", "off", "west",
                   "east", "north", "south"}


def _unknown_place_slot(doc: Doc, m: Mention) -> bool:
    """"near X", "in the village of X", "X village": a name the gazetteer lacks, written where a place goes."""
    if m.origin or m.street or m.label not in PLACE_LABELS | {"CAP", "ORG", "PERSON"}:
        return False
    if m.level_hint == -1:
        return True
    prev = _prev_word(doc, m.start)
    return m.locative and prev is not None and prev.lower_ not in WEAK_SLOT_PREPS


# nouns a people's name classifies: "Roma families", "a Fulani settlement" (not "residents" or "farmers":
# "Tafas residents" are the town's people)
PEOPLE_NOUNS = {"families", "family", "community", "communities", "herders", "pastoralists", "minority",
                "tribesmen", "settlers", "clansmen", "camp", "camps", "settlement", "settlements", "neighbourhood",
                "neighborhood", "village", "villages", "quarter"}
# ("the Taquaral community" is a neighbourhood's name: only after "a"/"an")
SETTLEMENT_NOUNS = {"camp", "camps", "settlement", "settlements", "neighbourhood", "neighborhood", "village",
                    "villages", "quarter", "community", "communities"}


def _names_a_kind(doc: Doc, m: Mention) -> bool:
    """"a Roma camp", "an Ichen village", "Roma families": a name NER does not call a place that classifies the
    noun after it (after an indefinite article, or before a noun of a people) is a people or a kind, not a place
    of that name. Town names take no indefinite article ("a Baghdad market" is a GPE and stays)."""
    if m.label in PLACE_LABELS or m.end >= len(doc) or m.qualifiers:
        return False
    nxt = doc[m.end]
    if nxt.pos_ not in ("NOUN", "PROPN") or nxt.text[:1].isupper():
        return False
    article = m.start > 0 and doc[m.start - 1].lower_ in ("a", "an")
    return article and nxt.lower_ in PEOPLE_NOUNS | FACILITY_WORDS or nxt.lower_ in PEOPLE_NOUNS - SETTLEMENT_NOUNS


def _admin_cue_mentions(doc: Doc, gaz: Gazetteer, hits: list[CueHit]) -> list[Mention]:
    """"(Wana, KPK)", "(Rewa, MP)": a unit's abbreviation in a qualifier slot is that admin1 unit."""
    out: list[Mention] = []
    for h in hits:
        if h.cue.kind != "admin":
            continue
        cc = _cc_of_iso3(gaz, h.cue.iso3)
        units = tuple(p for spellings in h.cue.regions for name in spellings for p in gaz.candidates(name)
                      if p.level == 1 and p.cc == cc and p.lat is not None)
        if cc and units:
            out.append(Mention(h.start, h.end, doc[h.start:h.end].text, "GPE", units[:1], level_hint=1))
    return out


LANDMARK_WORDS = FACILITY_WORDS | STREET_WORDS | {
    "hall", "building", "tower", "gate", "park", "garden", "palace", "ministry", "embassy", "monument",
    "roundabout", "bazaar", "centre", "center", "board", "house", "parliament", "assembly", "bank", "church"}
PART_WORDS = {"part", "parts", "zone", "neighbourhood", "neighborhood", "quarter", "sector", "centre", "center",
              "downtown", "district", "suburb", "suburbs"}


def _modifiers(doc: Doc, m: Mention) -> None:
    """near / outskirts / origin / admin-level cues in the few words around a mention."""
    # up to the previous clause boundary, at most 5 words: "near the town of X", "between the cities of X"
    k = m.start
    while k > max(0, m.start - 5) and doc[k - 1].text not in (",", ";", ".", "(", ")") and \
            doc[k - 1].lower_ not in ("and", "or"):
        k -= 1
    window = [t.lower_ for t in doc[k:m.start]]
    # "near INJI base in Dhuusamarreeb": a preposition closer to the name starts its own phrase
    for j in range(len(window) - 1, -1, -1):
        if window[j] in ("in", "at", "on", "inside", "into", "within"):
            window = window[j:]
            break
    # "the provinces of Najaf and Anbar", "the district of X": the admin word comes first
    wide = [t.lower_ for t in doc[max(0, m.start - 6):m.start]]
    for j in range(len(wide) - 1):
        if wide[j] in ADMIN_WORDS and ADMIN_WORDS[wide[j]] > 0 and wide[j + 1] == "of" and m.level_hint is None:
            m.level_hint = ADMIN_WORDS[wide[j]]
    after = [t.lower_ for t in doc[m.end:m.end + 3]]
    of_before = window[-2:-1] if window[-1:] == ["of"] else []
    if any(w in NEAR_WORDS for w in window) or any(w in ("countryside", "outskirts", "area", "vicinity") for w in after[:2]):
        m.near = True
    named_area = m.start >= 3 and doc[m.start - 3].text[:1].isupper() and doc[m.start - 3].lower_ not in STOP_NAMES
    if of_before and of_before[0] in ("area", "areas", "vicinity", "surroundings", "environs", "countryside") \
            and not named_area:
        m.near = True  # "in the area of X" (but "Gota area of Ahmedabad" is a part of the city)
    if any(w in DIRECTION_WORDS - {"central", "upper", "lower"} for w in window[-2:]) and not m.near:
        m.near = True  # "northern Idlib", "north of X"; "central Baghdad" is Baghdad
    if of_before and of_before[0] in PART_WORDS:
        m.near = False  # "the North Zone of Rio", "the centre of X": a part of the town is the town
    if any(w in OUTSKIRT_WORDS for w in window + after[:2]):
        m.outskirts = True
        m.near = any(w in NEAR_WORDS for w in window)
    if "countryside" in after[:2] or "rural" in window:
        m.near = True
    if "between" in window or "entrance" in window or "entry" in window:
        m.near = True
    if after[:1] and (after[0] in FACILITY_WORDS or after[0] in STREET_WORDS) and "between" not in window:
        m.near = False  # "near the Korogocho market": near a place inside the town is the town
    prev = _prev_word(doc, m.start)
    if prev is not None and prev.lower_ in ORIGIN_PREPS:
        m.origin = True
    if m.end < len(doc) and doc[m.end].text == "-" and m.end + 1 < len(doc) and doc[m.end + 1].lower_ == "based":
        m.origin = True


def _listed(doc: Doc, a: Mention, b: Mention) -> bool:
    """a and b are neighbours in a list of places: only commas, "and"/"or" and admin words between them."""
    between = doc[a.end:b.start]
    return len(between) > 0 and any(t.lower_ in ("and", "or", "&", ",") for t in between) and all(
        t.lower_ in LIST_WORDS or t.lower_ in ADMIN_WORDS for t in between)


def _list_levels(doc: Doc, mentions: list[Mention]) -> None:
    """A plural admin word names the level of every name of its list: "in A and B districts", "the
    provinces of A, B and C", "A, B and C villages"."""
    for i, m in enumerate(mentions):
        plural_after = m.end < len(doc) and doc[m.end].lower_ in PLURAL_ADMIN
        if plural_after and (ADMIN_WORDS[doc[m.end].lower_] or None) is not None:
            hint = ADMIN_WORDS[doc[m.end].lower_]
            k = i
            while k > 0 and _listed(doc, mentions[k - 1], mentions[k]):
                k -= 1
                if mentions[k].level_hint is None:
                    mentions[k].level_hint = hint
        of_plural = m.start >= 2 and doc[m.start - 1].lower_ == "of" and doc[m.start - 2].lower_ in PLURAL_ADMIN
        if of_plural and (ADMIN_WORDS[doc[m.start - 2].lower_] or None) is not None:
            hint = ADMIN_WORDS[doc[m.start - 2].lower_]
            if m.level_hint is None:
                m.level_hint = hint
            k = i
            while k + 1 < len(mentions) and _listed(doc, mentions[k], mentions[k + 1]):
                k += 1
                if mentions[k].level_hint is None:
                    mentions[k].level_hint = hint


def _continues_list(doc: Doc, mentions: list[Mention], j: int) -> bool:
    """"Herat, Kandahar, Kunduz and Balkh": a name followed by more names that end in "and"/"or" is in a list."""
    k = j
    while True:
        after = mentions[k].end
        while after < len(doc) and doc[after].lower_ in ADMIN_WORDS:
            after += 1
        if after >= len(doc):
            return False
        tok = doc[after].lower_
        conj = after if tok in ("and", "or", "&") else after + 1 if tok == "," and after + 1 < len(doc) and \
            doc[after + 1].lower_ in ("and", "or") else None
        if conj is not None:
            # "Herat, Kandahar and Balkh", not "Kani township, Sagaing region, and torched ..."
            return k + 1 < len(mentions) and mentions[k + 1].start - conj <= 2
        if tok == "," and k + 1 < len(mentions) and mentions[k + 1].start == after + 1:
            k += 1
            continue
        return False


def _share_qualifiers(doc: Doc, mentions: list[Mention]) -> None:
    """"Maro and Kufana in Kajuru LGA", "A and B (Tafas, Dar'a)": the names listed before a name with
    qualifiers share them."""
    for i, m in enumerate(mentions):
        if not m.qualifiers or m.qualifies is not None:
            continue
        first = i
        while first > 0 and _listed(doc, mentions[first - 1], mentions[first]):
            first -= 1
        if (prev := _prev_word(doc, mentions[first].start)) is not None and prev.lower_ == "between":
            continue  # "between A and B (district)": the coder's one place is the qualified one
        k = i
        while k > 0 and _listed(doc, mentions[k - 1], mentions[k]):
            k -= 1
            other = mentions[k]
            if other.qualifiers or other.qualifies is not None or not _placeish(doc, other, mentions):
                break
            # "between Banh and Koumbri (Banh, Loroum)": a name does not qualify itself
            other.qualifiers = [j for j in m.qualifiers if name_key(mentions[j].text) != name_key(other.text)]
            other.unit_point, other.part = m.unit_point, m.part


def _placeish(doc: Doc, m: Mention, mentions: list[Mention]) -> bool:
    """An unknown name written as a place: a place entity, after a strong locative preposition, or listed with
    places ("shelled Kafr Nabl and Hass", "the villages of A and B"); a lone person's name is not."""
    if m.label in PLACE_LABELS or m.level_hint == -1:
        return True
    prev = _prev_word(doc, m.start)
    if prev is not None and prev.lower_ in STRONG_PREPS:
        return True
    i = mentions.index(m)
    near = [mentions[k] for k in (i - 1, i + 1) if 0 <= k < len(mentions) and (
        _listed(doc, mentions[k], m) if k < i else _listed(doc, m, mentions[k]))]
    return m.locative and (len(near) > 0)


def _qualifiers(doc: Doc, mentions: list[Mention]) -> None:
    """"Tafas, Dar'a", "X (Y district, Z)", "Syria's X", "X village of Y district, Z": later names qualify the first."""
    for i, m in enumerate(mentions):
        if m.qualifies is not None:
            continue
        j = i + 1
        last_end = m.end
        while j < len(mentions):
            nxt = mentions[j]
            between = doc[last_end:nxt.start]
            words = [t.lower_ for t in between if not t.is_punct]
            marks = {t.text for t in between if t.is_punct}
            # "Qala Now village of Shirin district": "of" + an admin unit qualifies; "the Dogon village
            # of Tieba" names the village itself
            # "X of the Y county": an "of" straight after the name qualifies it when the next name is a unit
            of_unit = words in (["of"], ["of", "the"]) and nxt.end < len(doc) and \
                ADMIN_WORDS.get(doc[nxt.end].lower_, 0) > 0 and not m.qualifiers and _placeish(doc, m, mentions)
            of_admin = of_unit or len(words) >= 2 and words[-1] == "of" and words[-2] in ADMIN_WORDS and (
                (nxt.end < len(doc) and doc[nxt.end].lower_ in ADMIN_WORDS and ADMIN_WORDS[doc[nxt.end].lower_] > 0)
                or any(p.level for p in nxt.candidates))
            # "the Solino neighbourhood in Port-au-Prince", "X village in Y district": a part of the next place
            in_admin = len(words) >= 2 and words[-1] == "in" and words[-2] in ADMIN_WORDS and not marks \
                and bool(m.candidates)  # only to choose among a known name's readings
            # "attacked Maro and Kufana in Kajuru LGA": a village the gazetteer lacks is in the place after "in"
            region_part = any(w in DIRECTION_WORDS - {"central", "upper", "lower"} for w in words)
            in_place = not m.qualifiers and not marks and bool(nxt.candidates) and \
                (not m.candidates or (nxt.level_hint or 0) >= 1 or region_part) and \
                words[:1] == ["in"] and all(w in DIRECTION_WORDS or w == "the" for w in words[1:]) and \
                _placeish(doc, m, mentions)
            if in_place:
                nxt.qualifies = i
                m.qualifiers.append(j)
                # "Skanderbeg Square in Tirana", "Paharipara in Jalpaiguri town": a landmark or quarter of a
                # town is coded as the town; a village in a district or region keeps its own name
                m.unit_point = (nxt.level_hint or 0) >= 1 or region_part
                m.part = m.part or doc[m.end - 1].lower_ in LANDMARK_WORDS or not m.unit_point
                last_end = nxt.end
                j += 1
                continue
            of_admin = of_admin or in_admin
            if len(between) > 4 or not (marks & {",", "(", "["} or of_admin) or (marks & {".", ";", ")"}) \
                    or any(w not in GAP_WORDS and not (in_admin and w == "in") for w in words):
                break
            after = nxt.end
            while after < len(doc) and doc[after].lower_ in ADMIN_WORDS:
                after += 1
            if "(" not in marks and not of_admin and _continues_list(doc, mentions, j):
                break  # "in Aleppo, Idlib and Hama": a list of places, not a qualified name
            nxt.qualifies = i
            m.qualifiers.append(j)
            m.part = m.part or in_admin
            last_end = after
            j += 1
        # "Syria's Baghouz": a country or region in the possessive qualifies the name after it
        if m.end + 1 < len(doc) and doc[m.end].text in ("'s", "’s") and i + 1 < len(mentions) and \
                mentions[i + 1].start == m.end + 1 and any(p.level is not None for p in m.candidates):
            m.qualifies = i + 1
            mentions[i + 1].qualifiers.append(i)


STRONG_PREPS = {"in", "near", "at", "outside", "around", "inside", "into", "between", "within", "throughout"}


SETTLEMENT_HEADS = {w for w, lvl in ADMIN_WORDS.items() if lvl != 0 or w == "countryside"} | {
    "border", "borders", "frontier", "outskirts", "villages", "towns", "camps", "area", "areas", "countryside"}


def _attributive(doc: Doc, m: Mention) -> bool:
    """"the X refugee camp", "the X and Y border": the name modifies a noun (the article is that noun's).

    A name modifying a landmark word ("the X market") keeps only exact main-name readings (narrowed in place).
    """
    if m.end - m.start > 1 and doc[m.end - 1].lower_ in FACILITY_WORDS and doc[m.start].lower_ not in FACILITY_WORDS:
        return True  # "the Tafas General Hospital": a facility named after its town
    root = doc[m.start:m.end].root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    if root.dep_ not in ("compound", "amod", "nmod", "poss") or root.head.i < m.end:
        return False
    if root.head.lower_ not in SETTLEMENT_HEADS:
        # "the X market", "the X intersection": a town's landmark only under the town's exact name
        m.candidates = tuple(p for p in m.candidates if p.match == 100 and p.main)
    return True


def _article_vote(mentions: list[Mention], doc: Doc) -> None:
    """A name the text once puts in a place slot is a place everywhere in the article (NER repair)."""
    placed = {name_key(m.text) for m in mentions if m.label in PLACE_LABELS or (
        (prev := _prev_word(doc, m.start)) is not None and prev.lower_ in STRONG_PREPS)}
    for m in mentions:
        if name_key(m.text) in placed:
            m.locative = m.locative or m.label not in PLACE_LABELS


# ---------------------------------------------------------------- step 2: resolve

class CountryContext(Counter[str]):
    """Weight per country code, and the admin1 units (cc, admin1 code) the text's cues point to."""

    def __init__(self) -> None:
        super().__init__()
        self.regions: set[tuple[str, str]] = set()
        self.cued: Counter[str] = Counter()  # the part of the weight from country_cues.csv
        self.voters: Counter[str] = Counter()  # how many separate words voted for each country
        # per cue hit with regions, in text order: its admin1 units as Places, the first its main area
        self.areas: list[tuple[Place, ...]] = []


_UNIT_CACHE: dict[tuple[str, str, tuple[tuple[str, ...], ...]], tuple[Place, ...]] = {}


def _cue_units(gaz: Gazetteer, cc: str, regions: tuple[tuple[str, ...], ...]) -> tuple[Place, ...]:
    """The admin1 units a cue names, each by its first spelling the gazetteer knows, in the cue's order."""
    key = (str(gaz.path), cc, regions)
    if key not in _UNIT_CACHE:
        out: list[Place] = []
        for spellings in regions:
            for name in spellings:
                unit = next((p for p in gaz.candidates(name) if p.level == 1 and p.cc == cc), None)
                if unit is not None:
                    out.append(unit)
                    break
        _UNIT_CACHE[key] = tuple(out)
    return _UNIT_CACHE[key]


def _region_codes(gaz: Gazetteer, cc: str, regions: tuple[tuple[str, ...], ...]) -> frozenset[tuple[str, str]]:
    """(cc, admin1 code) of the units a cue names."""
    return frozenset((cc, u.admin1_code) for u in _cue_units(gaz, cc, regions))


def _region_units(gaz: Gazetteer, cc: str, regions: tuple[tuple[str, ...], ...]) -> tuple[Place, ...]:
    """The admin1 units a cue names, as placeable Places in the cue's order (the first is its main area)."""
    return tuple(u for u in _cue_units(gaz, cc, regions) if u.lat is not None)


def country_context(doc: Doc, mentions: list[Mention], gaz: Gazetteer,
                    cues: list[tuple[str, int, int]] | None = None,
                    hits: list[CueHit] | None = None) -> Counter[str]:
    """Weight per country code from country names, demonyms and unambiguous place names in the text.

    Each mention's own vote is remembered (`Mention.vote`) so that scoring its candidates can leave
    it out: a name must not confirm its own reading.
    """
    votes = CountryContext()
    dem = demonyms()
    if hits is None:
        hits = find_cues(doc)
    for h in hits:
        cc = _cc_of_iso3(gaz, h.cue.iso3)
        if not cc:
            continue
        # an armed group, a mission or a state body with one home country: "the Houthis", "UNAMA", "(X, KPK)"
        votes[cc] += CUE_WEIGHT[h.cue.kind]
        votes.cued[cc] += CUE_WEIGHT[h.cue.kind]
        votes.voters[cc] += 1
        votes.regions.update(_region_codes(gaz, cc, h.cue.regions))
        if h.cue.regions and (units := _region_units(gaz, cc, h.cue.regions)):
            votes.areas.append(units)
        if cues is not None:
            cues.append((cc, h.start, h.end))
    for ent in doc.ents:
        if ent.label_ in ("NORP", "GPE", "ORG"):
            if any(h.start < ent.end and ent.start < h.end for h in hits):
                continue  # "the Saudi-led coalition" is a cue of its own (Yemen), not a Saudi place
            if qualifies_foreign_thing(ent):
                continue  # "a Turkish drone", "Syrian mercenaries": foreign hardware or people, not the place
            text = fold(ent.text).removeprefix("the ")
            iso3 = dem.get(text) or dem.get(text.split(" ")[0])
            if iso3:
                cc = _cc_of_iso3(gaz, iso3)
                if cc:
                    votes[cc] += 1.0
                    votes.voters[cc] += 1
                    if cues is not None:
                        cues.append((cc, ent.start, ent.end))  # "Turkish Government": the country fallback
    seen: set[str] = set()
    for m in mentions:
        countries = [p for p in m.candidates if p.level == 0 and p.match == 100]
        if countries:
            root = doc[m.start:m.end].root
            # "the US dollar", "US forces": a country name modifying a noun says less than "in Syria"
            m.vote = (countries[0].cc, 0.5 if root.dep_ in ("compound", "amod", "nmod") else 2.0)
        else:
            ccs = {p.cc for p in m.candidates}
            # a loose spelling match alone ("Krimiyah" ~ "Karimah") is no evidence for its country
            if len(ccs) == 1 and any(p.match == 100 for p in m.candidates):
                m.vote = (next(iter(ccs)), 1.0)
        key = name_key(m.text)
        if m.vote and key not in seen:
            votes[m.vote[0]] += m.vote[1]  # a name repeated is one piece of evidence
            m.voted = True
            if not any(h.start <= m.start < h.end for h in hits) and not any(
                    e.start <= m.start < e.end and e.label_ in ("NORP", "GPE", "ORG") for e in doc.ents
                    if fold(e.text).removeprefix("the ") in dem):
                votes.voters[m.vote[0]] += 1  # (a country name is already counted as a word above)
        seen.add(key)
    return votes


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


def _km(a: Place, b: Place) -> float:
    if a.lat is None or b.lat is None:
        return 1e9
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _contains(q: Place, p: Place) -> float:
    """How well qualifier candidate q fits as the region/town named next to place p (0..3)."""
    if q.cc != p.cc:
        return 0.0
    if q.level == 0:
        return 3.0
    if q.level == 1:
        return 3.0 if q.admin1_code == p.admin1_code else 0.5
    if q.level == 2:
        if q.admin1_code == p.admin1_code:
            return 3.0 if q.admin2_code == p.admin2_code else 2.0
        return 0.5
    # a town (or lower admin unit) named as the qualifier: its area
    if q.id == p.id:
        return 2.5
    if _km(q, p) < 60:
        return 2.5
    if q.admin1_code and q.admin1_code == p.admin1_code:
        return 2.0
    return 0.5


def _base_score(p: Place, m: Mention, ctx: Counter[str], total: float) -> float:
    if p.match == 100:
        # an alternate name of a big city is usually its English exonym ("Odessa", "Kiev"), not a lesser name
        s = 1.0 if p.main else 0.9 if p.population >= 500_000 else 0.5
    else:
        s = (p.match - 80) / 40.0
    own = m.vote[1] if m.vote else 0.0
    if total - own > 0:
        share = (ctx.get(p.cc, 0) - (own if m.vote and m.vote[0] == p.cc else 0.0)) / (total - own)
        strength = min(1.0, (total - own) / 2.0)  # one weak hint is not enough to overrule a name
        s += strength * (4.0 * share - (2.0 if share <= 0 else 0.0))
    s += math.log10(p.population + 10) / 4.0
    if (p.cc, p.admin1_code) in getattr(ctx, "regions", ()):
        s += 0.8  # the unit where the text's group or mission operates ("the OSCE SMM" -> Donetsk, Luhansk)
    if p.user:
        s += 2.0
    lvl = p.level
    if m.level_hint is not None:
        if m.level_hint == -1:
            s += 1.0 if lvl is None else -1.0
        elif lvl == m.level_hint:
            s += 2.5
        elif lvl is not None and lvl > 0:
            s += 1.5
        elif lvl is None:
            s -= 0.5
    elif lvl == 0:
        s += 2.0
    elif lvl == 1:
        s += 0.6  # a bare name that is a province often means the province (or its capital, same name)
    elif lvl == 2:
        s += 0.4
    if p.fclass == "P":
        s += 0.3
    return s


def _qual_candidates(q: Mention) -> tuple[Place, ...]:
    """A qualifier's candidates, narrowed to the admin level its wording names ("Merida state")."""
    if (q.level_hint and q.level_hint > 0) or _generic(q):  # "(X, Western)" names a province, not a hamlet
        narrowed = tuple(c for c in q.candidates if c.level is not None and c.level > 0)
        return narrowed or q.candidates
    return q.candidates


def _town_twin(p: Place, cands: tuple[Place, ...]) -> bool:
    """An admin unit that has a same-named town inside it ("Tijuana" municipality and city), or a city
    of that name in the same country (Zagreb city is not inside Zagreb county)."""
    return p.level in (1, 2) and any(
        c.level is None and c.cc == p.cc and c.match >= 90 and (
            c.population >= 50_000 or c.admin1_code == p.admin1_code)
        for c in cands)


# words of an admin name that many countries share ("Western", "North East", "Central"): weak evidence
GENERIC_NAME_WORDS = DIRECTION_WORDS | {"area", "areas", "region", "province", "coast", "coastal", "highlands",
                                        "lowlands", "middle", "centre", "center", "urban", "rural", "capital",
                                        "mid", "far", "interior", "plateau", "islands", "island", "lakes"}


def _generic(q: Mention) -> bool:
    """A directional or generic admin name ("Western", "North East", "Central"), read in many countries."""
    words = fold(q.text).replace("-", " ").split()
    return bool(words) and all(w in GENERIC_NAME_WORDS for w in words)


def _firm(p: Place) -> bool:
    """A reading that a qualifier elsewhere does not overrule: a big town or country under its own name."""
    return p.match == 100 and p.main and (p.level == 0 or p.level is None and p.population >= 100_000)


def _qual_country(q: Mention) -> str | None:
    """The one country a specific qualifier's readings are all in ("(Dessa, Tillabery)": Niger), if any."""
    if _generic(q):
        return None
    cands = _qual_candidates(q)
    ccs = {c.cc for c in cands}
    if len(ccs) == 1 and any(c.match == 100 or c.level is not None and c.match >= 90 for c in cands):
        return next(iter(ccs))
    return None


def _big_own_name(cands: tuple[Place, ...]) -> int:
    """The population of the biggest town read under its own name, if it is a big town (else 0)."""
    big = max((p.population for p in cands if p.main and p.match == 100 and p.level is None), default=0)
    return big if big >= 100_000 else 0


def _outranked_alternate(p: Place, big: int) -> bool:
    """A big town under its own name is that town, not a smaller town elsewhere that once bore the name or has it
    as an alternate ("Islamabad" is not Anantnag, whatever else the text says of India); an exonym of a bigger
    city still competes ("Odessa"). Such readings stay candidates (they tell a unit from its town)."""
    return bool(big) and not p.main and p.level is None and p.population <= big


def _choose_chain(head: Mention, quals: list[Mention], ctx: Counter[str], total: float) -> None:
    """Resolve a name and its qualifiers together: the candidate the qualifiers contain wins."""
    known = [q for q in quals if q.candidates]
    if not head.candidates:
        # unknown head ("Takalout (Kidal)"): resolve its first known qualifier as the head instead
        if known:
            _choose_chain(known[0], known[1:], ctx, total)
        return
    # a qualifier in one country: the name's readings elsewhere are namesakes ("Binya parish (Omoro district)"
    # is no town abroad); none left -> the qualifier places it. A reading under its own name stays against a
    # qualifier that is only a smaller village (that may be the namesake: "Ataq, Shabwa" is not Myanmar's Sha Bwa)
    qccs = {cc for q in known if (cc := _qual_country(q))}
    # (the other qualifiers must allow it: "(Momo, Nord-Ouest)" where Momo is only known in Italy)
    if len(qccs) == 1 and all(any(c.cc in qccs for c in _qual_candidates(q)) for q in known if not _generic(q)):
        qcc = next(iter(qccs))
        weight = max((c.population if c.level is None else 10**9 for q in known for c in _qual_candidates(q)
                      if c.cc == qcc), default=0)
        agree = tuple(p for p in head.candidates if p.cc == qcc or p.user or _firm(p)
                      or p.match == 100 and p.main and p.population > weight)
        if not agree:
            head.choice = None
            _choose_chain(known[0], known[1:], ctx, total)
            return
        head.candidates = agree
    # a generic province name ("Western") fits a namesake village in any of the many countries that have one:
    # next to a big town under its own name it only chooses among such towns ("Tripoli (North)": Lebanon's)
    has_firm = any(_firm(p) and p.level is None for p in head.candidates)
    big = _big_own_name(head.candidates)
    best, best_s, best_fit = None, -1e9, 0.0
    for p in head.candidates:
        if _outranked_alternate(p, big):
            continue
        fit = sum(max(_contains(c, p) for c in _qual_candidates(q)) for q in known
                  if not (has_firm and _generic(q) and not _firm(p)))
        s = _base_score(p, head, ctx, total) + 1.5 * fit
        if head.level_hint is None and _town_twin(p, head.candidates):
            s -= 2.0  # a bare name shared by a unit and its town means the town
        if s > best_s:
            best, best_s, best_fit = p, s, fit
    strong = [q for q in known if any(c.level is not None for c in _qual_candidates(q))]
    if not strong and best_fit == 0 and len(known) >= 2 and \
            set.intersection(*({c.cc for c in _qual_candidates(q)} for q in known)):
        strong = known  # "X (Tafas, Dar'a)": two qualifiers agreeing on a country the name has no reading in
    big_town = best is not None and best.level is None and best.match == 100 and best.population >= 100_000
    # a big town keeps its reading against a loosely fitting qualifier, but not against qualifiers that are all
    # in another country ("Mandoli (Bandiagara, Mopti)" is a Malian village, not the Indian town)
    if big_town and best_fit == 0 and best.main and all(_generic(q) for q in strong):
        strong = []  # "Freetown city (Western)": a name many countries give a province does not move a city
    if strong and best is not None and (not big_town or best_fit == 0) and (
            best_fit == 0 or (best_fit < 1.5 * len(known) and best.level is None)):
        # the qualifiers place it elsewhere ("Tieba (Bankass, Mopti)" is not the Tieba in China): the
        # gazetteer lacks this village, so the qualifiers say where it is
        head.choice = None
        _choose_chain(known[0], known[1:], ctx, total)
        return
    head.choice, head.score = best, best_s
    for q in known:
        if best is not None and _generic(q) and not any(_contains(c, best) for c in _qual_candidates(q)):
            q.choice = None  # a generic name with no reading around the place: none of them is meant
            continue
        q.choice = max(_qual_candidates(q), key=lambda c: (_contains(c, best) + (0.3 if c.level else 0.0)
                                                           + 0.1 * _base_score(c, q, ctx, total)))


# a loose spelling match to a town this big may stand without support from the text; a smaller one needs its
# country named (or cued) elsewhere: a wrong point abroad is worse than none
FUZZY_MIN_POP = 50_000


def resolve(doc: Doc, mentions: list[Mention], gaz: Gazetteer,
            cues: list[tuple[str, int, int]] | None = None, hits: list[CueHit] | None = None) -> Counter[str]:
    """Choose a candidate for each mention (in place); returns the country context used."""
    ctx = country_context(doc, mentions, gaz, cues, hits)
    total = float(sum(ctx.values()))
    # a loose spelling match to a small village abroad is more often a different place the gazetteer
    # lacks ("Garabulli" is not "Cerbu"): keep such readings only where the text points to that country
    cued = getattr(ctx, "cued", Counter())
    # qualifiers first: a head whose qualifiers all lose their readings stands alone
    for m in sorted(mentions, key=lambda m: m.qualifies is None):
        # a name whose qualifiers the gazetteer does not know ("X (Aljfara)") stands alone
        if any(mentions[j].candidates for j in m.qualifiers):
            continue
        own = m.vote[0] if m.vote else None
        m.candidates = tuple(p for p in m.candidates if p.match == 100 or p.population >= FUZZY_MIN_POP or p.user
                             or ctx.get(p.cc, 0) - (m.vote[1] if own == p.cc else 0) > 0)
        # the rest of the text is clearly about one country ("the OSCE SMM", "Houthis ... Marib"): a small
        # namesake in a country nothing else names is a village the gazetteer lacks, not that namesake.
        # One home-country cue is enough (a group fights at home); one demonym is not ("Turkish forces"
        # fight abroad)
        other = Counter({cc: w - (m.vote[1] if own == cc else 0.0) for cc, w in ctx.items()})
        other_total = sum(v for v in other.values() if v > 0)
        top, top_w = other.most_common(1)[0] if other else ("", 0.0)
        # two separate words for the country ("in Libya" alone may be background: "refugees from the war in Libya")
        voters = getattr(ctx, "voters", Counter()).get(top, 0) - (1 if own == top and m.voted else 0)
        if (m.qualifies is None and other_total >= 2.0 and voters >= 2 or cued.get(top, 0) >= 1.0) \
                and top_w >= 0.66 * other_total:
            m.candidates = tuple(p for p in m.candidates if other.get(p.cc, 0) > 0 or p.user
                                 or p.population >= 50_000 and p.match == 100 or p.level is not None and p.level <= 1)
    _keep_to_regions(mentions, ctx)
    # a name that lost the readings it voted for no longer speaks for that country
    for m in mentions:
        if m.voted and m.vote and not any(p.cc == m.vote[0] for p in m.candidates):
            ctx[m.vote[0]] -= m.vote[1]
            if ctx[m.vote[0]] <= 0:
                del ctx[m.vote[0]]
            m.vote, m.voted = None, False
    total = float(sum(ctx.values()))
    for m in mentions:
        if m.qualifies is None:
            _choose_chain(m, [mentions[j] for j in m.qualifiers], ctx, total)
    _named_region(mentions, ctx)
    # second pass: co-mentioned places pull each other together (prefer candidates near the others)
    anchors = [m.choice for m in mentions if m.choice is not None and m.choice.level is None]
    if len(anchors) >= 2:
        for m in mentions:
            # (a name in a qualified chain was chosen with its qualifiers: "X (Islamabad, FCT)")
            if m.choice is None or m.choice.level is not None or len(m.candidates) < 2 or m.qualifiers \
                    or m.qualifies is not None:
                continue
            others = [a for a in anchors if a.id != m.choice.id]

            def score(p: Place, m: Mention = m, others: list[Place] = others) -> float:
                d = min((_km(p, a) for a in others), default=1e9)
                return _base_score(p, m, ctx, total) + (1.0 if d < 50 else 0.5 if d < 200 else 0.0)

            # only among towns: the first pass already chose a town over same-named admin units
            big = _big_own_name(m.candidates)
            m.choice = max((c for c in m.candidates if c.level is None and not _outranked_alternate(c, big)),
                           key=score, default=m.choice)
    return ctx


# a town this big named in a text is that town, not a namesake of a village in the cue regions
NAMESAKE_MAX_POP = 50_000


def fallback_region(ctx: Counter[str]) -> Place | None:
    """The main area of the text's groups and missions (first region of the most specific cue that all the
    cues share, else of the first cue), if it is in the text's leading country."""
    areas: list[tuple[Place, ...]] = getattr(ctx, "areas", [])
    if not areas or not ctx:
        return None
    common = set.intersection(*({u.id for u in units} for units in areas))
    unit = next((u for units in sorted(areas, key=len) for u in units if u.id in common), areas[0][0])
    top = ctx.most_common(1)[0][0]
    return unit if unit.cc == top else None


def _outside_named(mentions: list[Mention], regions: set[tuple[str, str]]) -> bool:
    """The text names a place of the regions' country outside them: a province, a named district, or a town
    too big to be a village's namesake (none of its readings inside the regions)."""
    ccs = {cc for cc, _ in regions}
    for m in mentions:
        home = [p for p in m.candidates if p.cc in ccs]
        if not home or any((p.cc, p.admin1_code) in regions for p in home):
            continue
        if any(p.match == 100 and (p.level == 1 or p.level == 2 and (m.level_hint or 0) >= 1 or
                                   p.level is None and p.population >= NAMESAKE_MAX_POP) for p in home):
            return True
    return False


def _keep_to_regions(mentions: list[Mention], ctx: Counter[str]) -> None:
    """The text's groups or missions operate in known regions (the OSCE SMM: Donetsk, Luhansk) and it names no
    place outside them: a small place read outside them is a namesake of a village the gazetteer lacks. Such
    readings are dropped; a name left with none (or never known) is placed at the cue's main region."""
    regions: set[tuple[str, str]] = getattr(ctx, "regions", set())
    unit = fallback_region(ctx)
    if not regions or unit is None or _outside_named(mentions, regions):
        return
    for m in mentions:
        if m.qualifies is not None or any(mentions[j].candidates for j in m.qualifiers):
            continue  # a qualified name is placed by its qualifiers
        m.candidates = tuple(p for p in m.candidates if p.level is not None or (p.cc, p.admin1_code) in regions
                             or p.population >= NAMESAKE_MAX_POP and p.match == 100)
        if not m.candidates and not m.qualifiers:
            m.region = unit


def _named_region(mentions: list[Mention], ctx: Counter[str]) -> None:
    """A village placed by the cue's main region moves to the cue region the text itself names ("near X,
    Luhansk. The SMM ... near X"): the region named most (first on a tie) among the cue's regions."""
    waiting = [m for m in mentions if m.region is not None and m.choice is None]
    if not waiting:
        return
    units = {(u.cc, u.admin1_code): u for units in getattr(ctx, "areas", []) for u in units}
    named: Counter[tuple[str, str]] = Counter()
    for m in mentions:
        p = m.choice if m.choice is not None else next(
            (mentions[j].choice for j in m.qualifiers if mentions[j].choice is not None), None)
        if p is not None and (p.cc, p.admin1_code) in units and p.level != 0:
            named[(p.cc, p.admin1_code)] += 1
    if named:
        top = units[named.most_common(1)[0][0]]
        for m in waiting:
            m.region = top


# ---------------------------------------------------------------- step 3: attach to triggers

def _dep_distance(a: Token, b: Token, limit: int = 8) -> int:
    """Number of arcs between two tokens in the parse tree (limit when far or in other sentences)."""
    if a.sent.start != b.sent.start:
        return limit
    anc_a = [a, *a.ancestors]
    anc_b = [b, *b.ancestors]
    pos = {t.i: k for k, t in enumerate(anc_a)}
    for k, t in enumerate(anc_b):
        if t.i in pos:
            return min(limit, pos[t.i] + k)
    return limit


def _said_location(doc: Doc, m: Mention) -> bool:
    """"..., the minister said in Baghdad": a place that modifies a speech verb is where a statement was made."""
    head = doc[m.start:m.end].root.head
    for _ in range(2):
        if head.lemma_ in SPEECH_LEMMAS:
            return True
        if head.dep_ != "prep":
            break
        head = head.head
    return False


def _in_dateline(doc: Doc, m: Mention) -> bool:
    """"ADEN, Yemen, March 18 - ...": the upper-case place opening a wire story is where it was filed,
    not where the deed happened."""
    span = doc[m.start:m.end]
    found = dateline_at(doc.text, span.start_char)
    return bool(found and found.start("place") <= span.start_char and span.end_char <= found.end("place"))


def _point(m: Mention, mentions: list[Mention]) -> Place | None:
    """The place a mention stands for: its own choice, else (unknown name) its first known qualifier's."""
    if m.choice is not None:
        return m.choice
    for j in m.qualifiers:
        if mentions[j].choice is not None:
            return mentions[j].choice
    return m.region


def _mention_rank(doc: Doc, trig_head: Token, m: Mention, place: Place, dominant: str | None) -> float:
    span_root = doc[m.start:m.end].root
    d = _dep_distance(trig_head, span_root)
    s = -d - abs(trig_head.i - m.start) / 15.0
    if dominant and place.cc != dominant:
        s -= 3.0  # a name resolved outside the document's country is more likely a wrong reading
    if m.locative:
        s += 1.5
    if m.qualifiers:
        s += 2.0  # "in X (Y, Z)": the coder's way of naming the event's place
    if m.origin:
        s -= 4.0
    if m.street:
        s -= 4.0
    if _region_only(m, place):
        s -= 6.0  # a village placed only by the cue's region: any known place in the sentence says more
    if _said_location(doc, m):
        s -= 4.0
    if _in_dateline(doc, m):
        s -= 8.0  # where the story was filed: the event's place only when the sentence names no other
    if place.level == 0:
        s -= 2.5  # a country is a fallback: a town or province in the same sentence says more
    elif place.level in (1, 2):
        s -= 0.5
    return s


def _precision(m: Mention, place: Place, known: bool) -> int:
    if not known:
        # a village or neighbourhood the gazetteer lacks, placed by its qualifier: the text names a town,
        # the point is the qualifier's (its district seat or the town itself)
        return 2 if m.near or place.level in (0, 1) or (m.level_hint or 0) >= 1 else 1
    if place.level is None:
        if m.level_hint is not None and m.level_hint >= 1:
            # "Zabol county", "Kinyinya commune": the unit named after its town, coded at the town
            return 3 if m.level_hint == 1 else 2
        return 2 if m.near and not m.outskirts else 1
    if place.level >= 3:
        return 2
    if place.level == 1 and m.near:
        return 2  # "northern Idlib", "Deir ez-Zor countryside": a part of the region
    return 3 if place.level <= 1 else 2


def attach(doc: Doc, mentions: list[Mention]) -> list[Resolved | None]:
    """The place of each trigger (pure)."""
    triggers = doc._.ew_triggers or []
    usable = [(m, p) for m in mentions if m.qualifies is None and (p := _point(m, mentions)) is not None]
    # the document's main place: the most mentioned specific place, earliest first
    counts: Counter[int] = Counter(p.id for m, p in usable if p.level != 0)
    main: tuple[Mention, Place] | None = None
    if counts:
        top = counts.most_common(1)[0][0]
        main = next((m, p) for m, p in usable if p.id == top)
    elif usable:
        main = usable[0]
    # the document's country: the one most of its resolved places are in (qualified places count double)
    weight: Counter[str] = Counter()
    for m, p in usable:
        # a street or square named after a place says less about the country than a place slot
        weight[p.cc] += 2.0 if m.qualifiers else 0.5 if m.street else 1.0
    dominant = weight.most_common(1)[0][0] if weight else None
    out: list[Resolved | None] = []
    for trig in triggers:
        head = doc[trig.head] if 0 <= trig.head < len(doc) else None
        in_sent = [(m, p) for m, p in usable if head is not None and trig.sent_start <= m.start < trig.sent_end]
        chosen: tuple[Mention, Place] | None = None
        if in_sent and head is not None:
            # a name placed by its qualifiers ("Rapar town (Kachchh, Gujarat)") is where the sentence is;
            # another name in it resolved hundreds of km away is a misreading ("Hamirpur village near Rapar")
            anchors = [p for m, p in in_sent if m.qualifiers and p.level is None]

            def rank(mp: tuple[Mention, Place], head: Token = head, anchors: list[Place] = anchors) -> float:
                r = _mention_rank(doc, head, mp[0], mp[1], dominant)
                if anchors and not mp[0].qualifiers and mp[1].level is None and \
                        min(_km(mp[1], a) for a in anchors) > 200:
                    r -= 3.0
                return r

            chosen = max(in_sent, key=rank)
            cm, cp = chosen
            if main is not None and (cm.origin or _said_location(doc, cm)) and main[0] is not cm:
                chosen = main
            elif cp.level == 0 and main is not None and main[1].cc == cp.cc:
                chosen = main
        else:
            # no place in the sentence: the last specific place mentioned before it, else the main one
            before = [(m, p) for m, p in usable if m.start < trig.sent_start and p.level != 0 and not m.origin]
            chosen = before[-1] if before else main
        if chosen is not None and _region_only(*chosen):
            # a village known only by the cue's region: a coder uses the nearest place the text does place
            placed = [(m, p) for m, p in usable if not _region_only(m, p) and p.level != 0 and not m.origin]
            before = [mp for mp in placed if mp[0].start < trig.sent_start]
            chosen = before[-1] if before else placed[0] if placed else chosen
        if chosen is None:
            out.append(None)
            continue
        m, p = chosen
        resolved = Resolved(p, m, _precision(m, p, m.choice is not None))
        if trig.event_type != "Strategic developments":  # one agreement or arrest sweep covering many places is one deed
            resolved.also = [Resolved(p2, m2, _precision(m2, p2, m2.choice is not None))
                             for m2, p2 in _coordinated(doc, m, p, in_sent)]
        out.append(resolved)
    return out


def _region_only(m: Mention, p: Place) -> bool:
    return m.choice is None and m.region is not None and p is m.region


def _conj_head(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _coordinated(doc: Doc, m: Mention, p: Place, in_sent: list[tuple[Mention, Place]]) -> list[tuple[Mention, Place]]:
    """Other places coordinated with the chosen one in the same slot ("in Kabul, Ghor and Balkh provinces",
    "attacked Manini and Komo"): the same deed at each of them. "Between X and Y" is one event (precision 2)."""
    if m.qualifies is not None or p.level == 0:
        return []
    root = doc[m.start:m.end].root
    prev = _prev_word(doc, m.start)
    if prev is not None and prev.lower_ in ("between", "from", "to"):
        return []
    root = _slot(root)
    head = _conj_head(root)
    if any(t.lower_ == "between" for t in list(head.ancestors)[:3]):
        return []  # "between the towns of X and Y"
    out: list[tuple[Mention, Place]] = []
    seen = {_place_key(m, p)}
    for m2, p2 in in_sent:
        if m2 is m or m2.qualifies is not None or m2.origin or _place_key(m2, p2) in seen or p2.level == 0:
            continue
        if (_own_level(m2, p2) is None) != (_own_level(m, p) is None):
            continue  # a town beside a province is a qualifier, not a second place
        r2 = _slot(doc[m2.start:m2.end].root)
        if r2.i == root.i or _conj_head(r2).i != head.i:
            continue
        seen.add(_place_key(m2, p2))
        out.append((m2, p2))
    return out


def _slot(tok: Token) -> Token:
    """The word holding a name's place in the sentence: "districts" in "in A and B districts"."""
    if tok.dep_ == "compound" and tok.head.lower_ in PLURAL_ADMIN:
        return tok.head
    return tok


def _own_level(m: Mention, p: Place) -> int | None:
    """A village known only through its qualifier or cue region is a town, whatever unit gives its point."""
    if m.choice is not None:
        return p.level
    return m.level_hint if (m.level_hint or 0) >= 1 else None  # "A and B districts"


def _place_key(m: Mention, p: Place) -> tuple[int, str]:
    """Two unknown villages placed at the same district point are still two places."""
    return (p.id, "" if m.choice is not None else name_key(m.text))


# ---------------------------------------------------------------- write

def _annotation(doc: Doc, gaz: Gazetteer, r: Resolved | None, mentions: list[Mention]) -> Annotation:
    ann = Annotation()
    if r is None:
        return ann
    p, m = r.place, r.mention
    span = doc[m.start:m.end]
    name_ev = ev = CharSpan(span.start_char, span.end_char, span.text)
    if m.choice is None:
        # an unknown name placed by its qualifier: the qualifier's words are the evidence for the point
        for j in m.qualifiers:
            if mentions[j].choice is not None and mentions[j].choice.id == p.id:
                qs = doc[mentions[j].start:mentions[j].end]
                ev = CharSpan(qs.start_char, qs.end_char, qs.text)
                break
    country = gaz.country(p.cc)
    country_ev = ev
    for j in m.qualifiers:
        q = mentions[j]
        if q.choice is not None and q.choice.level == 0:
            qs = doc[q.start:q.end]
            country_ev = CharSpan(qs.start_char, qs.end_char, qs.text)
    if country is not None:
        ann.set("country", country.name, country_ev)
        ann.set("iso", int(country.isonum), country_ev)
        ann.set("iso3", country.iso3, country_ev)
    point = p
    if p.level == 0:
        seat = gaz.seat(p)
        point = seat or p
        if seat is not None:
            ann.set("admin1", gaz.admin1_name(seat.cc, seat.admin1_code), ev)
    elif p.level in (1, 2):
        ann.set("admin1", gaz.admin1_name(p.cc, p.admin1_code), ev)
        if p.level == 2:
            ann.set("admin2", gaz.admin2_name(p.cc, p.admin1_code, p.admin2_code), ev)
        seat = gaz.seat(p)
        if seat is not None:
            point = seat
            if p.level == 1 and seat.admin2_code:
                ann.set("admin2", gaz.admin2_name(seat.cc, seat.admin1_code, seat.admin2_code), ev)
    else:
        ann.set("admin1", gaz.admin1_name(p.cc, p.admin1_code), ev)
        ann.set("admin2", gaz.admin2_name(p.cc, p.admin1_code, p.admin2_code), ev)
    if m.choice is None and not m.part:
        # a village or neighbourhood the gazetteer lacks, placed by its qualifier: its own name as the
        # text spells it, the qualifier's point (geo_precision says how close that is)
        ann.set("location", m.text, name_ev)
    else:
        ann.set("location", point.name, ev)
    if point.lat is not None:
        ann.set("latitude", round(point.lat, 5), ev)
        ann.set("longitude", round(point.lon, 5), ev)
    ann.set("geo_precision", r.precision, ev)
    return ann


def _country_fallback(doc: Doc, gaz: Gazetteer, ctx: Counter[str], cues: list[tuple[str, int, int]]) -> Mention | None:
    """No place at all, but the text is about one country ("the Turkish Government enforced a curfew"):
    the event is coded to that country (its capital, geo_precision 3)."""
    if not ctx or not cues:
        return None
    unit = fallback_region(ctx)
    if unit is not None:
        # never the capital when the text's group or mission says which region: its main region (precision 3)
        hit = next(((s, e) for c, s, e in cues if c == unit.cc), None)
        if hit is not None:
            m = Mention(hit[0], hit[1], doc[hit[0]:hit[1]].text, "NORP", (unit,))
            m.choice = unit
            return m
    (cc, weight), *rest = ctx.most_common()
    if rest and rest[0][1] == weight:
        return None  # two countries equally named: no basis to choose
    place = gaz.country_place(cc)
    span = next(((s, e) for c, s, e in cues if c == cc), None)
    if place is None or span is None:
        return None
    m = Mention(span[0], span[1], doc[span[0]:span[1]].text, "NORP", (place,))
    m.choice = place
    return m


class PlaceResolver:
    """The ew_places component: find mentions, resolve them, attach one to each trigger, write once."""

    def __init__(self, gazetteer_path: str = ""):
        self.gazetteer_path = gazetteer_path
        self._gaz: Gazetteer | None = None

    @property
    def gaz(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = open_gazetteer(self.gazetteer_path)
        return self._gaz

    def find(self, doc: Doc) -> tuple[list[Mention], list[Resolved | None]]:
        hits = find_cues(doc)  # one scan of the text for both the mentions and the country vote
        mentions = find_mentions(doc, self.gaz, hits)
        cues: list[tuple[str, int, int]] = []
        ctx = resolve(doc, mentions, self.gaz, cues, hits)
        fallback = _country_fallback(doc, self.gaz, ctx, cues)
        if fallback is not None and not any(_point(m, mentions) is not None for m in mentions):
            mentions = [fallback]
        return mentions, attach(doc, mentions)

    def __call__(self, doc: Doc) -> Doc:
        mentions, resolved = self.find(doc)
        self.set_annotations(doc, mentions, resolved)
        return doc

    def set_annotations(self, doc: Doc, mentions: list[Mention], resolved: list[Resolved | None]) -> None:
        annotations = []
        for r in resolved:
            ann = _annotation(doc, self.gaz, r, mentions)
            if r is not None:
                ann.splits = [_annotation(doc, self.gaz, r2, mentions) for r2 in r.also]
            annotations.append(ann)
        doc._.ew_places = annotations


@Language.factory(
    "ew_places",
    assigns=["doc._.ew_places"],
    requires=["doc._.ew_triggers"],
    default_config={"gazetteer_path": ""},
)
def make_places(nlp: Language, name: str, gazetteer_path: str) -> PlaceResolver:
    return PlaceResolver(gazetteer_path)
