"""Places, the write: a resolved place as SPEC fields (country, admin units, location, point, precision) with
their evidence; the country fallback of a text that names no place."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from ...gazetteer.lookup import Gazetteer
from ..base import Annotation, CharSpan
from .attach import Resolved
from .cues import territories
from .mentions import Mention
from .resolve import fallback_region


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
    territory = territories().get(p.cc)
    if territory is not None and (country := gaz.country(territory.country)) is not None:
        # "Causeway Bay, Hong Kong" is coded in China: the territory is the admin1, its district the admin2
        ann.set("country", country.name, country_ev)
        ann.set("iso", int(country.isonum), country_ev)
        ann.set("iso3", country.iso3, country_ev)
        district = ann.values.get("admin1") if p.level != 0 else None
        ann.set("admin1", territory.admin1, ev)
        ann.set("admin2", district, ev)
        if district is None:
            ann.evidence.pop("admin2", None)
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


