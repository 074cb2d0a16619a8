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
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..gazetteer.lookup import Gazetteer, Place, open_gazetteer
from ..gazetteer.names import fold, name_key
from .base import Annotation, CharSpan

PLACE_LABELS = {"GPE", "LOC", "FAC"}
MAYBE_LABELS = {"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"}
LOCATIVE_PREPS = {"in", "near", "at", "on", "outside", "into", "around", "across", "inside", "towards", "toward",
                  "to", "between", "within", "from", "of", "throughout", "along", "by", "off", "west", "east",
                  "north", "south", "through", "over", "against", "targeting", "targeted", "hit", "struck", "shelled",
                  "attacked", "bombed", "stormed", "entered", "captured", "seized"}
NEAR_WORDS = {"near", "nearby", "outside", "around", "close", "vicinity", "between", "surrounding", "surroundings",
              "neighbouring", "neighboring", "adjacent", "environs", "km", "kilometres", "kilometers", "miles",
              "countryside", "rural"}
OUTSKIRT_WORDS = {"outskirts", "suburb", "suburbs", "edge", "entrance"}
DIRECTION_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                   "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
                   "southeastern", "southwestern", "north-east", "north-west", "south-east", "south-west",
                   "upper", "lower"}
# a word after the name that makes it an administrative unit, with the level it usually names
ADMIN_WORDS = {"governorate": 1, "province": 1, "state": 1, "region": 1, "department": 1, "oblast": 1,
               "prefecture": 1, "county": 2, "district": 2, "municipality": 2, "division": 2, "commune": 3,
               "sub-district": 3, "subdistrict": 3, "territory": 2, "zone": 2, "lga": 2, "woreda": 3, "chiefdom": 3,
               "provinces": 1, "governorates": 1, "states": 1, "regions": 1, "districts": 2, "counties": 2,
               "nahiya": 3, "qada": 2, "area": 0, "city": -1, "town": -1, "village": -1, "camp": -1,
               "neighbourhood": -1, "neighborhood": -1, "suburb": -1, "locality": -1, "countryside": 0}
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
              "un", "us", "eu", "nato", "afp", "reuters", "ap", "bbc", "cnn", "twitter", "facebook"}


PARTICLES = {"al", "el", "ad", "as", "ar", "an", "az", "ash", "ez", "es", "de", "du", "la", "bin", "ibn", "abu", "umm"}


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


@dataclass
class Resolved:
    """The chosen place for one trigger."""

    place: Place
    mention: Mention
    precision: int
    country_span: tuple[int, int] | None = None


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


# ---------------------------------------------------------------- step 1: mentions

def _is_name_token(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.is_alpha and tok.lower_ not in STOP_NAMES and tok.pos_ in ("PROPN", "NOUN", "ADJ", "VERB")


def _capitalised_runs(doc: Doc, taken: set[int]) -> list[tuple[int, int]]:
    """Token runs of capitalised words (with "al-", "ez-" particles and hyphens) not inside an entity."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if i in taken or not _is_name_token(tok) or tok.is_sent_start:
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
        while j > i and doc[j - 1].text == "-":
            j -= 1
        runs.append((i, j))
        i = j
    return runs


def _prev_word(doc: Doc, start: int) -> Token | None:
    k = start - 1
    while k >= 0 and (doc[k].is_punct and doc[k].text not in (",", "(")):
        k -= 1
    return doc[k] if k >= 0 else None


def _is_locative(doc: Doc, start: int, end: int) -> bool:
    prev = _prev_word(doc, start)
    if prev is not None and prev.lower_ in LOCATIVE_PREPS | DIRECTION_WORDS | NEAR_WORDS | OUTSKIRT_WORDS:
        return True
    if prev is not None and prev.lower_ in ("the", "of") and start >= 2 and doc[start - 2].lower_ in LOCATIVE_PREPS:
        return True
    if end < len(doc) and doc[end].lower_ in ADMIN_WORDS:
        return True
    if end + 1 < len(doc) and doc[end].text in ("'s", "’s") and doc[end + 1].lower_ in OUTSKIRT_WORDS | NEAR_WORDS:
        return True
    return False


def find_mentions(doc: Doc, gaz: Gazetteer) -> list[Mention]:
    """Place-like spans of the document with their candidates and modifiers (pure)."""
    raw: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS or ent.label_ in MAYBE_LABELS:
            start = ent.start
            # "the Gaza Strip": leading determiners are not part of the name
            while start < ent.end and doc[start].lower_ in ("the", "a"):
                start += 1
            if start < ent.end:
                raw.append((start, ent.end, ent.label_))
                taken.update(range(ent.start, ent.end))
    for s, e in _capitalised_runs(doc, taken):
        raw.append((s, e, ""))
    raw.sort()

    mentions: list[Mention] = []
    for s, e, label in raw:
        span = doc[s:e]
        text = span.text
        # "Idlib province", "Kidal region": the admin word may sit inside the entity
        level_hint = None
        last = doc[e - 1].lower_
        if e - s > 1 and last in ADMIN_WORDS and ADMIN_WORDS[last] != 0:
            level_hint = ADMIN_WORDS[last]
            text = doc[s:e - 1].text
        elif e < len(doc) and doc[e].lower_ in ADMIN_WORDS:
            level_hint = ADMIN_WORDS[doc[e].lower_] or None
        if text.lower().endswith(("'s", "’s")):
            text = text[:-2]
        if name_key(text) in STOP_NAMES or len(name_key(text)) < 3:
            continue
        if label == "NORP":
            continue  # demonyms feed the country context, they are not places
        cands = gaz.candidates(text)
        if not cands and "-" in text:
            cands = gaz.candidates(text.replace("-", " "))
        if not cands:
            continue
        locative = _is_locative(doc, s, e)
        if label not in PLACE_LABELS and not locative:
            # a person or organisation name that is also a village somewhere: keep it only in a place slot
            if not any(p.level is not None and p.match == 100 for p in cands):
                continue
            if label in ("PERSON", ""):
                continue
        m = Mention(s, e, text, label or "CAP", cands, level_hint=level_hint, locative=locative)
        _modifiers(doc, m)
        mentions.append(m)
    _qualifiers(doc, mentions)
    _article_vote(mentions)
    return mentions


def _modifiers(doc: Doc, m: Mention) -> None:
    window = [t.lower_ for t in doc[max(0, m.start - 3):m.start]]
    after = [t.lower_ for t in doc[m.end:m.end + 3]]
    if any(w in NEAR_WORDS for w in window) or any(w in ("countryside", "outskirts", "area", "vicinity") for w in after[:2]):
        m.near = True
    if any(w in DIRECTION_WORDS for w in window[-2:]) and not m.near:
        m.near = True
    if any(w in OUTSKIRT_WORDS for w in window + after[:2]):
        m.outskirts = True
        m.near = any(w in NEAR_WORDS - {"outside"} for w in window)
    if "countryside" in after[:2] or "rural" in window:
        m.near = True
    prev = _prev_word(doc, m.start)
    if prev is not None and prev.lower_ in ORIGIN_PREPS:
        m.origin = True
    if m.end < len(doc) and doc[m.end].text == "-" and m.end + 1 < len(doc) and doc[m.end + 1].lower_ == "based":
        m.origin = True


def _qualifiers(doc: Doc, mentions: list[Mention]) -> None:
    """"Tafas, Dar'a", "X (Y district, Z)", "Syria's X", "X village, Y": later names qualify the first."""
    for i, m in enumerate(mentions):
        if m.qualifies is not None:
            continue
        j = i + 1
        last_end = m.end
        while j < len(mentions):
            nxt = mentions[j]
            between = doc[last_end:nxt.start]
            words = [t for t in between if not t.is_punct]
            # allow "village," "district," "(" between
            if len(between) > 4 or not any(t.text in (",", "(") for t in between) or \
                    any(t.lower_ not in ADMIN_WORDS and t.lower_ not in ("the", "of") for t in words):
                break
            if not any(p.level is not None for p in nxt.candidates):
                break
            nxt.qualifies = i
            m.qualifiers.append(j)
            last_end = nxt.end
            # skip a trailing admin word: "(Y district, Z)"
            while last_end < len(doc) and doc[last_end].lower_ in ADMIN_WORDS:
                last_end += 1
            j += 1
        # "Syria's Baghouz": a country or region in the possessive qualifies the name after it
        if m.end + 1 < len(doc) and doc[m.end].text in ("'s", "’s") and i + 1 < len(mentions) and \
                mentions[i + 1].start == m.end + 1 and any(p.level is not None for p in m.candidates):
            m.qualifies = i + 1
            mentions[i + 1].qualifiers.append(i)


def _article_vote(mentions: list[Mention]) -> None:
    """A name the text once puts in a place slot is a place everywhere in the article (NER repair)."""
    placed = {name_key(m.text) for m in mentions if m.label in PLACE_LABELS or m.locative}
    for m in mentions:
        if name_key(m.text) in placed:
            m.locative = m.locative or m.label not in PLACE_LABELS


# ---------------------------------------------------------------- step 2: resolve

def country_context(doc: Doc, mentions: list[Mention], gaz: Gazetteer) -> Counter[str]:
    """Weight per country code from country names, demonyms and unambiguous admin names in the text."""
    votes: Counter[str] = Counter()
    dem = demonyms()
    iso3_to_cc: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ in ("NORP", "GPE"):
            iso3 = dem.get(fold(ent.text))
            if iso3:
                iso3_to_cc.setdefault(iso3, "")
                votes["@" + iso3] += 1.0
    for m in mentions:
        countries = [p for p in m.candidates if p.level == 0 and p.match == 100]
        if countries:
            votes[countries[0].cc] += 2.0
            continue
        ccs = {p.cc for p in m.candidates}
        if len(ccs) == 1:
            votes[next(iter(ccs))] += 1.0
        else:
            admins = {p.cc for p in m.candidates if p.level in (1, 2) and p.match == 100}
            if len(admins) == 1:
                votes[next(iter(admins))] += 0.5
    # demonyms are keyed by alpha-3: map them onto alpha-2 codes through the gazetteer's countries
    for key in [k for k in votes if k.startswith("@")]:
        cc = _cc_of_iso3(gaz, key[1:])
        weight = votes.pop(key)
        if cc:
            votes[cc] += weight
    return votes


@lru_cache(maxsize=512)
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


def _score(p: Place, m: Mention, ctx: Counter[str], total: float, quals: list[Place]) -> float:
    s = (p.match - 80) / 20.0  # 0..1
    if total:
        s += 3.0 * ctx.get(p.cc, 0) / total
    s += math.log10(p.population + 10) / 4.0
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
        s += 1.2  # a bare name that is a province usually means the province (or its capital, same name)
    elif lvl == 2:
        s += 0.4
    if p.fclass == "P":
        s += 0.3
    for q in quals:
        if q.cc == p.cc:
            s += 1.0
            if q.level == 1 and q.admin1_code == p.admin1_code:
                s += 2.0
            elif q.level == 2 and q.admin1_code == p.admin1_code and q.admin2_code == p.admin2_code:
                s += 2.5
            elif q.level is None and _km(p, q) < 100:
                s += 1.0
    return s


def resolve(doc: Doc, mentions: list[Mention], gaz: Gazetteer) -> Counter[str]:
    """Choose a candidate for each mention (in place); returns the country context used."""
    ctx = country_context(doc, mentions, gaz)
    total = float(sum(ctx.values()))
    # qualifiers first (they are admin units or countries), then the names they qualify
    order = sorted(range(len(mentions)), key=lambda i: (mentions[i].qualifies is None, i))
    for i in order:
        m = mentions[i]
        quals = [mentions[j].choice for j in m.qualifiers if mentions[j].choice is not None]
        if m.qualifies is not None:
            # a qualifier is an admin unit or country: restrict it to those
            cands = [p for p in m.candidates if p.level is not None] or list(m.candidates)
        else:
            cands = list(m.candidates)
        best = max(cands, key=lambda p: _score(p, m, ctx, total, quals))
        m.choice, m.score = best, _score(best, m, ctx, total, quals)
    # second pass: co-mentioned places pull each other together (prefer candidates near the others)
    anchors = [m.choice for m in mentions if m.choice is not None and m.choice.level is None]
    if len(anchors) >= 2:
        for m in mentions:
            if m.choice is None or m.choice.level is not None or len(m.candidates) < 2:
                continue
            others = [a for a in anchors if a.id != m.choice.id]
            quals = [mentions[j].choice for j in m.qualifiers if mentions[j].choice is not None]

            def near_bonus(p: Place, others: list[Place] = others) -> float:
                d = min((_km(p, a) for a in others), default=1e9)
                return 1.0 if d < 50 else 0.5 if d < 200 else 0.0

            best = max(m.candidates, key=lambda p: _score(p, m, ctx, total, quals) + near_bonus(p))
            m.choice = best
    return ctx


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


def _mention_rank(doc: Doc, trig_head: Token, m: Mention) -> float:
    span_root = doc[m.start:m.end].root
    d = _dep_distance(trig_head, span_root)
    s = -d - abs(trig_head.i - m.start) / 15.0
    if m.locative:
        s += 1.5
    if m.origin:
        s -= 4.0
    if _said_location(doc, m):
        s -= 4.0
    if m.choice is not None and m.choice.level == 0:
        s -= 2.5  # a country is a fallback: a town or province in the same sentence says more
    if m.choice is not None and m.choice.level in (1, 2):
        s -= 0.5
    return s


def _precision(m: Mention, place: Place) -> int:
    if place.level is None:
        return 2 if m.near and not m.outskirts else 1
    if place.level >= 3:
        return 2
    return 3 if place.level <= 1 else 2


def attach(doc: Doc, mentions: list[Mention]) -> list[Resolved | None]:
    """The place of each trigger (pure)."""
    triggers = doc._.ew_triggers or []
    usable = [m for m in mentions if m.choice is not None and m.qualifies is None]
    # the document's main place: the most mentioned specific place, earliest first
    counts: Counter[int] = Counter(m.choice.id for m in usable if m.choice.level != 0)
    main: Mention | None = None
    if counts:
        top = counts.most_common(1)[0][0]
        main = next(m for m in usable if m.choice.id == top)
    elif usable:
        main = usable[0]
    out: list[Resolved | None] = []
    for trig in triggers:
        head = doc[trig.head] if 0 <= trig.head < len(doc) else None
        in_sent = [m for m in usable if head is not None and trig.sent_start <= m.start < trig.sent_end]
        chosen: Mention | None = None
        if in_sent and head is not None:
            chosen = max(in_sent, key=lambda m: _mention_rank(doc, head, m))
            if chosen.origin or (chosen.choice.level == 0 and main is not None and main.choice.cc == chosen.choice.cc):
                chosen = main if main is not None and not chosen.origin else chosen
        else:
            # no place in the sentence: the last specific place mentioned before it, else the main one
            before = [m for m in usable if m.start < trig.sent_start and m.choice.level != 0 and not m.origin]
            chosen = before[-1] if before else main
        if chosen is None:
            out.append(None)
            continue
        out.append(Resolved(chosen.choice, chosen, _precision(chosen, chosen.choice)))
    return out


# ---------------------------------------------------------------- write

def _annotation(doc: Doc, gaz: Gazetteer, r: Resolved | None, mentions: list[Mention]) -> Annotation:
    ann = Annotation()
    if r is None:
        return ann
    p, m = r.place, r.mention
    span = doc[m.start:m.end]
    ev = CharSpan(span.start_char, span.end_char, span.text)
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
    ann.set("location", point.name, ev)
    if point.lat is not None:
        ann.set("latitude", round(point.lat, 5), ev)
        ann.set("longitude", round(point.lon, 5), ev)
    ann.set("geo_precision", r.precision, ev)
    return ann


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
        mentions = find_mentions(doc, self.gaz)
        resolve(doc, mentions, self.gaz)
        return mentions, attach(doc, mentions)

    def __call__(self, doc: Doc) -> Doc:
        mentions, resolved = self.find(doc)
        self.set_annotations(doc, mentions, resolved)
        return doc

    def set_annotations(self, doc: Doc, mentions: list[Mention], resolved: list[Resolved | None]) -> None:
        doc._.ew_places = [_annotation(doc, self.gaz, r, mentions) for r in resolved]


@Language.factory(
    "ew_places",
    assigns=["doc._.ew_places"],
    requires=["doc._.ew_triggers"],
    default_config={"gazetteer_path": ""},
)
def make_places(nlp: Language, name: str, gazetteer_path: str) -> PlaceResolver:
    return PlaceResolver(gazetteer_path)
