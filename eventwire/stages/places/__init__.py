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

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from ...gazetteer.lookup import Gazetteer, open_gazetteer
from ..base import Annotation, CharSpan
from .attach import Resolved, _point, attach
from .cues import find_cues
from .lexicon import qualifies_foreign_thing
from .mentions import Mention, find_mentions
from .resolve import fallback_region, resolve

__all__ = ["PlaceResolver", "qualifies_foreign_thing"]


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
