"""Places, step 2: each mention's gazetteer candidates scored by the document's country context, its
qualifiers, its closeness to the other places, population and feature class."""

from __future__ import annotations

import math
from collections import Counter

from spacy.tokens import Doc

from ...gazetteer.lookup import Gazetteer, Place
from ...gazetteer.names import fold, name_key
from .cues import CUE_WEIGHT, CueHit, _cc_of_iso3, demonyms, find_cues
from .lexicon import (
    FUZZY_MIN_POP,
    GENERIC_NAME_WORDS,
    NAMESAKE_MAX_POP,
    qualifies_foreign_thing,
)
from .mentions import Mention


class CountryContext(Counter[str]):
    """Weight per country code, and the admin1 units (cc, admin1 code) the text's cues point to."""

    def __init__(self) -> None:
        super().__init__()
        self.regions: set[tuple[str, str]] = set()
        self.cued: Counter[str] = Counter()  # the part of the weight from country_cues.csv
        self.voters: Counter[str] = Counter()  # how many separate words voted for each country
        # per cue hit with regions, in text order: its admin1 units as Places, the first its main area
        self.areas: list[tuple[Place, ...]] = []
        # first-level units the text names unambiguously ("Chhattisgarh"): its other places are likelier in them
        self.named_units: set[tuple[str, str]] = set()


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
        units = {(p.cc, p.admin1_code) for p in m.candidates if p.level == 1 and p.match == 100}
        if len(units) == 1 and all(p.level == 1 for p in m.candidates if p.match == 100):
            votes.named_units |= units
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
    elif p.level != 1 and (p.cc, p.admin1_code) in getattr(ctx, "named_units", ()):
        s += 0.8  # "Bijapur district" in a text about Chhattisgarh is Chhattisgarh's, not Karnataka's Bijapur
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
        # a text about several countries ("rebels from Congo attacked a school in Uganda") names them all: a
        # village in yet another country is no likelier than in one country's story
        all_voters = sum(getattr(ctx, "voters", Counter()).values()) - (1 if m.voted else 0)
        if (m.qualifies is None and other_total >= 2.0 and voters >= 2 or cued.get(top, 0) >= 1.0) \
                and top_w >= 0.66 * other_total or m.qualifies is None and other_total >= 4.0 and all_voters >= 4:
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


