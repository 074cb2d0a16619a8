"""Fold the mentions of one happening into one event, and choose its fields from all of them.

Two mentions tell one happening when their sub-types share a family (data/document.jsonl: the
violence of one attack, the stages of one demonstration), their dates agree (both dated by the text:
the spans overlap, or one is the date a statement told it a day or two later; an undated mention
agrees with any date), and their places agree (the same town,
or two names a few km apart, or one is only known as a region or country containing the other). A
deed told at several places ("attacked A, B and C") is one event per place. A mention that
refers back ("the attack", "killed in the blast") folds into the latest happening it agrees with on
type and date wherever its sentence says it was; a sentence that opens "In a separate incident" starts
a new one. Distinct happenings stay distinct: two towns struck, a clash and a separate protest, two
protests in two cities on one day.

The happening's fields: the sub-type of its first telling, made more precise by a later one ("an
attack" that another sentence calls a suicide bombing); the most precise date the text gives for the
deed itself (over the date it was told), the most precise place; the count the text pins down for
it (the anchor's, else the first another telling gives; never their sum: retellings repeat the toll);
the actors of the telling that gave the type, a named group from another telling in place of an
unidentified one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...dedup import SAME_PLACE_KM, day_span, haversine_km
from ..base import CharSpan
from .lexicon import DocumentLexicon
from .mentions import PLACE_FIELDS, Mention, finish_actors

# how long after a deed a statement dating it may come ("said Tuesday" of Monday's attack)
TOLD_DAYS = 2
DATE_FIELDS = ("event_date", "date_start", "date_end", "time_precision")
COUNT_FIELDS = ("fatalities", "fatalities_low", "fatalities_high")
SOURCE_FIELDS = ("reported_by", "certainty")
_ACTOR_SIDES = (("actor1", "assoc_actor_1", "inter1"), ("actor2", "assoc_actor_2", "inter2"))
# inter codes that name the same kind of side: organised armed groups may be told as any of them
_ARMED = {2, 3, 4, 8}


@dataclass
class Fold:
    """The mentions of one happening, in text order; the first speaks for it."""

    mentions: list[Mention] = field(default_factory=list)

    @property
    def anchor(self) -> Mention:
        """The first telling in the story's body that is not a reference back (else the headline's)."""
        told = [m for m in self.mentions if not m.anaphoric] or self.mentions
        return next((m for m in told if not m.headline), told[0])


def fold_mentions(mentions: list[Mention], lexicon: DocumentLexicon) -> list[Fold]:
    folds: list[Fold] = []
    for m in mentions:
        best, best_score = None, 0.0
        if not m.separate:
            for fold in folds:
                score = _agreement(fold, m, lexicon)
                if score is not None and score >= best_score:
                    best, best_score = fold, score
        if best is None:
            folds.append(Fold([m]))
        else:
            best.mentions.append(m)
    return folds


def _agreement(fold: Fold, m: Mention, lexicon: DocumentLexicon) -> float | None:
    """How well a mention agrees with a happening (higher is closer), or None when it tells another."""
    score = 0.0
    for other in fold.mentions:
        if other.trigger is m.trigger:
            return None  # one deed the text told at several places: one event per place
        a, b = other.values.get("sub_event_type"), m.values.get("sub_event_type")
        if not (lexicon.same_family(a, b) or (m.toll and lexicon.takes_toll(a))
                or (other.toll and lexicon.takes_toll(b))
                or (_force(m, lexicon) and lexicon.at_demonstration(a))
                or (_force(other, lexicon) and lexicon.at_demonstration(b))):
            return None
        if not _dates_agree(other, m):
            return None
        if not m.anaphoric and not _places_agree(other, m):
            return None
        if other.values.get("sub_event_type") == m.values.get("sub_event_type"):
            score += 1.0
        if m.values.get("location") and other.values.get("location") == m.values.get("location"):
            score += 1.0
    # a later happening is a closer referent for "the attack" than an earlier one
    return score / len(fold.mentions) + fold.mentions[-1].order / 1e6


def _force(m: Mention, lexicon: DocumentLexicon) -> bool:
    return lexicon.is_force(m.values) and not m.person_arrest


def _dates_agree(a: Mention, b: Mention) -> bool:
    """Both dated by the text: the spans overlap (a day apart when one is a quotation's "today", said
    the day before the report). An undated mention agrees with any date."""
    if not (a.dated and b.dated):
        return True
    sa, sb = day_span(a.values), day_span(b.values)
    if sa is None or sb is None:
        return True
    gap = max(sa[0], sb[0]) - min(sa[1], sb[1])
    if gap <= (1 if a.quoted or b.quoted else 0):
        return True
    # "officials said Tuesday" may tell on Tuesday what was done on Monday
    later, earlier = (a, sb) if sa[0] > sb[1] else (b, sa)
    return later.told_date and gap <= TOLD_DAYS


def _level(m: Mention) -> int:
    """How precisely the mention places its deed: 0 town, 1 near a town, 2 region, 3 country, 9 nowhere."""
    v = m.values
    if not v.get("country") or m.filed_place:
        return 9  # nowhere, or only where the story was filed
    precision = v.get("geo_precision") or 3
    if precision < 3:
        return precision - 1
    loc = m.evidence.get("location")
    if loc is None or _norm(v["country"]) in _norm(loc.text) or _norm(loc.text) in _norm(v["country"]):
        return 3  # "in Mali": the country alone, coded at its capital
    return 2  # "in Helmand province": a region


def _places_agree(a: Mention, b: Mention) -> bool:
    va, vb = a.values, b.values
    la, lb = _level(a), _level(b)
    if la == 9 or lb == 9:
        return True
    if _norm(va.get("country")) != _norm(vb.get("country")):
        return False
    if la == 3 or lb == 3:
        return True
    if va.get("location") and _norm(va.get("location")) == _norm(vb.get("location")):
        return True
    if la == 2 or lb == 2:
        return _norm(va.get("admin1")) == _norm(vb.get("admin1"))
    if None in (va.get("latitude"), va.get("longitude"), vb.get("latitude"), vb.get("longitude")):
        return False
    # two towns the text names apart are two places, unless they are one under two names (a town and
    # its district a few km off)
    return haversine_km(va["latitude"], va["longitude"], vb["latitude"], vb["longitude"]) <= SAME_PLACE_KM


def _norm(value: Any) -> str:
    return " ".join(str(value or "").split()).casefold()


# ---- the happening's fields ------------------------------------------------------------------


def happening_values(fold: Fold, lexicon: DocumentLexicon) -> tuple[dict[str, Any], dict[str, CharSpan]]:
    """The fields of the happening and their evidence, chosen from its mentions."""
    anchor = fold.anchor
    force = [m for m in fold.mentions if _force(m, lexicon)]
    crowd = [m for m in fold.mentions if m not in force and lexicon.at_demonstration(m.values.get("sub_event_type"))]
    # force at a demonstration is told by the demonstration: its tellings give the type
    typed = _type_giver(Fold(crowd) if force and crowd else fold, lexicon)
    values, evidence = dict(typed.values), dict(typed.evidence)
    if force and crowd:
        _force_at_demonstration(values, force)
    _take(values, evidence, _most_precise_date(fold, anchor), DATE_FIELDS)
    _take(values, evidence, min(fold.mentions, key=lambda m: (_level(m), m is not anchor, m.order)), PLACE_FIELDS)
    _take(values, evidence, _count_giver(fold, anchor), COUNT_FIELDS)
    _take(values, evidence, anchor, SOURCE_FIELDS)
    for side in _ACTOR_SIDES:
        giver = _actor_giver(fold, typed, side)
        if giver is not typed:
            _take(values, evidence, giver, side)
    finish_actors(values)
    return values, evidence


def _force_at_demonstration(values: dict, force: list[Mention]) -> None:
    """ACLED's demonstration sub-types from the force used at it: a crowd that clashed with the police is
    a violent demonstration; a peaceful protest the police broke up is a protest with intervention, one
    at which they killed excessive force against protesters."""
    sub = values.get("sub_event_type")
    if sub not in ("Peaceful protest", "Protest with intervention"):
        return
    if any(m.values.get("sub_event_type") == "Armed clash" for m in force):
        values.update(event_type="Riots", sub_event_type="Violent demonstration")
        values["actor1"] = values.get("actor1", "").replace("Protesters", "Rioters") or None
        values["inter1"] = 5 if values.get("inter1") == 6 else values.get("inter1")
    else:
        lethal = any(m.values.get("fatalities") for m in force)
        values["sub_event_type"] = "Excessive force against protesters" if lethal else "Protest with intervention"


def _take(values: dict, evidence: dict, source: Mention, names: tuple[str, ...]) -> None:
    """Overwrite `names` (values and evidence) with the source mention's, absent ones included."""
    for name in names:
        if source.values.get(name) is None:
            values.pop(name, None)
        else:
            values[name] = source.values[name]
        if name in source.evidence:
            evidence[name] = source.evidence[name]
        else:
            evidence.pop(name, None)


def _type_giver(fold: Fold, lexicon: DocumentLexicon) -> Mention:
    """The anchor, or a later telling that names the happening more precisely (refinements may chain:
    an explosion, then a bomb, then a suicide bomber)."""
    giver = fold.anchor
    changed = True
    while changed:
        changed = False
        finer = lexicon.refinements.get(giver.values.get("sub_event_type") or "", frozenset())
        for m in fold.mentions:
            if m.values.get("sub_event_type") in finer:
                giver, changed = m, True
                break
    return giver


def _most_precise_date(fold: Fold, anchor: Mention) -> Mention:
    dated = [m for m in fold.mentions if m.dated]
    if not dated:
        return anchor

    def width(m: Mention) -> int:
        span = day_span(m.values)
        return span[1] - span[0] if span else 10**6

    return min(dated, key=lambda m: (m.told_date, m.values.get("time_precision") or 9, width(m), m is not anchor,
                                     m.order))


def _count_giver(fold: Fold, anchor: Mention) -> Mention:
    """The anchor's count when the text pins it down; else the first count another telling pins down (the
    story's first toll of the happening: the parts told after it, "a civilian was also killed", and the
    running tolls of a background paragraph are not it; retellings repeat the toll, so never their sum);
    else the anchor's, else the largest any gives. A count is not pinned down when its low end is below
    it: a toll over several events ("eleven killed in two raids": 0..9 for one of them), "up to 40",
    "several were killed or wounded"."""
    counted = [m for m in fold.mentions if m.values.get("fatalities")]
    pinned = [m for m in counted if _pinned(m)]
    if anchor in pinned:
        return anchor
    if pinned:
        return min(pinned, key=lambda m: m.order)
    if anchor in counted:
        return anchor
    return max(counted, key=lambda m: (m.values["fatalities"], -m.order)) if counted else anchor


def _pinned(m: Mention) -> bool:
    low = m.values.get("fatalities_low")
    return low is None or low >= m.values["fatalities"]


def _unnamed(name: str | None) -> bool:
    return not name or name.startswith(("Unidentified", "Civilians", "Rioters", "Protesters"))


def _actor_giver(fold: Fold, typed: Mention, side: tuple[str, str, str]) -> Mention:
    """The type-giving telling's actor on this side, or a named one another telling gives instead of
    its unidentified one (an organised armed group for an organised armed group)."""
    actor, _, inter = side
    own = typed.values.get(actor)
    if not _unnamed(own):
        return typed
    own_inter = typed.values.get(inter)
    for m in fold.mentions:
        name, code = m.values.get(actor), m.values.get(inter)
        if m is typed or _unnamed(name):
            continue
        if own is None:
            if m.values.get("sub_event_type") == typed.values.get("sub_event_type"):
                return m
        elif code == own_inter or (code in _ARMED and own_inter in _ARMED):
            return m
    return typed
