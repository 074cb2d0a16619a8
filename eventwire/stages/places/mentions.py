"""Places, step 1: place-like spans with their candidates, modifiers and qualifiers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ...gazetteer.lookup import Gazetteer, Place
from ...gazetteer.names import fold, name_key
from .cues import NOT_PLACE_KINDS, CueHit, _cc_of_iso3, demonyms, find_cues
from .dateline import find_dateline
from .lexicon import (
    ADMIN_WORDS,
    DIRECTION_WORDS,
    DISTANCE_WORDS,
    FACILITY_WORDS,
    GAP_WORDS,
    INSTITUTION_HEADS,
    LANDMARK_WORDS,
    LIST_WORDS,
    LOCATIVE_PREPS,
    MAYBE_LABELS,
    NEAR_WORDS,
    ORIGIN_PREPS,
    OUTSKIRT_WORDS,
    PART_WORDS,
    PARTICLES,
    PEOPLE_NOUNS,
    PLACE_LABELS,
    PLURAL_ADMIN,
    SETTLEMENT_HEADS,
    SETTLEMENT_NOUNS,
    STOP_NAMES,
    STREET_WORDS,
    STRONG_PREPS,
    WEAK_SLOT_PREPS,
)


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
    dateline: bool = False  # in the story's dateline ("MANILA, Philippines -"): where it was filed
    # the name modifies an institution or a medium ("the Bangkok newspaper", "Beijing's liaison office"): it
    # still says which country the text is about, but no deed happened there
    institution: bool = False
    # a reference point for the place named just before it ("in Nangarhar province east of Kabul")
    reference: bool = False
    km_off: float | None = None  # "some 90 km northeast of X": how far from X the text says the place is



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

def _conj_head(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _possessive_place(doc: Doc, gaz: Gazetteer, start: int, k: int) -> bool:
    """ "Bihar's Muzaffarpur" read as one entity: a possessive after a known place name ends it (the place
    qualifies the name after it, "Rakhine State's Buthidaung" too); "People's Republic" is no place's."""
    if doc[k].text not in ("'s", "’s") or k <= start:
        return False
    end = k - 1 if k - 1 > start and ADMIN_WORDS.get(doc[k - 1].lower_, 0) > 0 else k
    return bool(gaz.candidates(doc[start:end].text, fuzzy=False))


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
    # NER splits some names ("Baja" + "California", "Jammu" and "Kashmir"): adjacent spans the gazetteer knows as
    # one are one ("X and Y" only as a unit's or country's own name: "Kabul and Kandahar" stay two)
    merged: list[tuple[int, int, str]] = []
    for s, e, label in raw:
        joined = doc[merged[-1][0]:e].text if merged else ""
        if merged and merged[-1][1] == s and gaz.candidates(joined, fuzzy=False) or \
                merged and merged[-1][1] + 1 == s and doc[s - 1].lower_ == "and" and any(
                    p.level is not None and p.main for p in gaz.candidates(joined, fuzzy=False)):
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
    _dateline_mentions(doc, gaz, every)
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
            if m.label in PLACE_LABELS or m.locative or known_quals or m.dateline:
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


def _dateline_mentions(doc: Doc, gaz: Gazetteer, mentions: list[Mention]) -> None:
    """Mark the mentions of the story's dateline; add its town when NER or the name filters missed it ("BANGUI -"
    reads as an acronym, "COLOMBO:" opens the sentence). A name-case town counts only under its own name."""
    found = find_dateline(doc.text)
    if found is None:
        return
    town = doc.char_span(found.start, found.end, alignment_mode="expand")
    head = doc.char_span(found.start, found.head_end, alignment_mode="expand")
    if town is None or head is None:
        return
    has_town = False
    for m in mentions:
        if head.start <= m.start < head.end:
            m.dateline = True
            if m.start == town.start:
                has_town, m.label = True, "GPE"
    if has_town:
        return
    cands = tuple(p for p in gaz.candidates(town.text, fuzzy=False) if p.lat is not None)
    if cands and (found.capitals or any(p.main and p.match == 100 for p in cands)):
        mentions.append(Mention(town.start, town.end, town.text, "GPE", cands, dateline=True))


def _unknown_place_slot(doc: Doc, m: Mention) -> bool:
    """"near X", "in the village of X", "X village": a name the gazetteer lacks, written where a place goes."""
    if m.origin or m.street or m.label not in PLACE_LABELS | {"CAP", "ORG", "PERSON"}:
        return False
    if m.level_hint == -1:
        return True
    prev = _prev_word(doc, m.start)
    return m.locative and prev is not None and prev.lower_ not in WEAK_SLOT_PREPS


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
    root = doc[m.start:m.end].root
    if root.dep_ in ("compound", "amod", "nmod", "poss") and root.head.i >= m.end and (
            root.head.lemma_.lower() in INSTITUTION_HEADS or any(
                c.dep_ == "compound" and c.lower_ in INSTITUTION_HEADS for c in root.head.children)):
        m.institution = True  # "the Bangkok newspaper", "Beijing's liaison office", "the Kabul government"
    m.reference = _reference_point(doc, m.start)
    m.km_off = _stated_km(doc, m.start)


_UNIT_KM = {"km": 1.0, "kms": 1.0, "kilometres": 1.0, "kilometers": 1.0, "kilometre": 1.0, "kilometer": 1.0,
            "miles": 1.609, "mile": 1.609}


def _stated_km(doc: Doc, start: int) -> float | None:
    """"90 kilometers northeast of X", "40 km (25 miles) from X", "30km away from X": the distance the text
    puts between the place and X, in km."""
    k = start - 1
    if k < 0 or doc[k].lower_ not in ("of", "from"):
        return None
    k -= 1
    while k >= 0 and (doc[k].lower_ in DIRECTION_WORDS or doc[k].lower_ in ("away", ")", "(") or
                      doc[k].like_num and k + 1 < start and doc[k + 1].lower_ in _UNIT_KM and doc[k - 1].text == "("
                      or doc[k].lower_ in ("miles", "mile") and k > 0 and doc[k - 1].like_num and
                      k > 1 and doc[k - 2].text == "("):
        k -= 1  # "... (25 miles) north of": the bracketed conversion
    if k >= 1 and doc[k].lower_ in _UNIT_KM and doc[k - 1].like_num:
        value = doc[k - 1].text.replace(",", "")
    elif k >= 0 and re.fullmatch(r"\d+(?:\.\d+)?(?:km|kms)", doc[k].lower_):
        value, unit = re.match(r"(\d+(?:\.\d+)?)(\w+)", doc[k].lower_).groups()
        return float(value) * _UNIT_KM[unit]
    else:
        return None
    try:
        return float(value) * _UNIT_KM[doc[k].lower_]
    except ValueError:
        return None


def _reference_point(doc: Doc, start: int) -> bool:
    """"Nangarhar province east of Kabul", "Tafas, 20 km north of Dar'a": the name after "<direction> of" right
    behind another place name only says where that place lies."""
    if start < 2 or doc[start - 1].lower_ != "of" or doc[start - 2].lower_ not in DIRECTION_WORDS:
        return False
    k = start - 3
    while k >= 0 and (doc[k].lower_ in DISTANCE_WORDS or doc[k].like_num or doc[k].text in (",", "-", "–", "—")):
        k -= 1
    while k >= 0 and doc[k].lower_ in ADMIN_WORDS and ADMIN_WORDS[doc[k].lower_] != 0:
        k -= 1  # "Nangarhar province east of ..."
    return k >= 0 and doc[k].text[:1].isupper() and not doc[k].is_sent_start


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


