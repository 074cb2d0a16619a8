"""Places, step 3: for each trigger, the mention tied to it, else the document's main place."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ...gazetteer.lookup import Place
from ...gazetteer.names import name_key
from .lexicon import (
    PLURAL_ADMIN,
    SPEECH_LEMMAS,
)
from .mentions import Mention, _conj_head, _prev_word
from .resolve import _km

# a place the text says is further away than this from the deed is not its point (ACLED's "near a town" is
# within about this distance; the scorer's "within 25 km" measures the same)
FAR_KM = 25.0


@dataclass
class Resolved:
    """The chosen place for one trigger."""

    place: Place
    mention: Mention
    precision: int
    country_span: tuple[int, int] | None = None
    also: list[Resolved] = field(default_factory=list)  # coordinated places of the same deed



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


def _main_place(usable: list[tuple[Mention, Place]], dominant: str | None) -> tuple[Mention, Place] | None:
    """The document's main place: the specific place the body names most, in the document's country, earliest on a
    tie. The dateline's town counts half (where the story was filed is often, not always, where it happened)."""
    score: Counter[int] = Counter()
    for m, p in usable:
        if p.level != 0:
            score[p.id] += 0.5 if m.dateline else 1.0
    if not score:
        return usable[0] if usable else None
    order = {p.id: k for k, (_m, p) in reversed(list(enumerate(usable)))}
    by_id = {p.id: (m, p) for m, p in reversed(usable)}
    best = max(score, key=lambda pid: (score[pid], by_id[pid][1].cc == dominant, not by_id[pid][0].dateline,
                                       -order[pid]))
    return by_id[best]


def attach(doc: Doc, mentions: list[Mention]) -> list[Resolved | None]:
    """The place of each trigger (pure)."""
    triggers = doc._.ew_triggers or []
    # a name modifying a government or a newspaper ("the Bangkok newspaper") is no place of a deed
    usable = [(m, p) for m in mentions if m.qualifies is None and not m.institution
              and (p := _point(m, mentions)) is not None]
    # the document's country: the one most of its resolved places are in (qualified places count double)
    weight: Counter[str] = Counter()
    for m, p in usable:
        # a street or square named after a place says less about the country than a place slot; the
        # dateline says where the story was filed
        weight[p.cc] += 0.25 if m.dateline else 2.0 if m.qualifiers else 0.5 if m.street else 1.0
    dominant = weight.most_common(1)[0][0] if weight else None
    # ("Bria, 400 km northeast of Bangui": a reference point is not where anything happened)
    # ("X, some 90 km northeast of Colombo": the text itself says the deed was not in Colombo)
    # (and the dateline's town is not the deed's place when the text says the deed was far from it)
    far = {p.id for m, p in usable if _far(m)}
    placed = [(m, p) for m, p in usable if not m.reference and p.id not in far] or usable
    main = _main_place(placed, dominant)
    out: list[Resolved | None] = []
    for trig in triggers:
        head = doc[trig.head] if 0 <= trig.head < len(doc) else None
        # the dateline is the deed's place only when its sentence and the story before name no other
        in_sent = [(m, p) for m, p in usable if head is not None and trig.sent_start <= m.start < trig.sent_end
                   and not m.dateline]
        if any(not m.reference for m, p in in_sent if p.level != 0):
            # "in Nangarhar province east of Kabul": Kabul only says where Nangarhar lies
            in_sent = [(m, p) for m, p in in_sent if not m.reference]
        if any(_far(m) for m, _p in in_sent) and any(p.level != 0 for _m, p in placed):
            in_sent = [(m, p) for m, p in in_sent if not _far(m)]  # the text places the deed elsewhere
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
            before = [(m, p) for m, p in placed if m.start < trig.sent_start and p.level != 0 and not m.origin
                      and not m.dateline]
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


def _far(m: Mention) -> bool:
    """The text puts the deed further from this place than a coder's "near" ("90 km northeast of X")."""
    return (m.km_off or 0.0) > FAR_KM


def _region_only(m: Mention, p: Place) -> bool:
    return m.choice is None and m.region is not None and p is m.region




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


