"""Annotations -> frozen Event dataclasses. The last step that touches spaCy objects."""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc

from ..model import Event, Evidence, interaction_code, make_event_id
from .base import Annotation, CharSpan, Trigger, document_of

STAGE_ATTRS = ("ew_actors", "ew_dates", "ew_counts", "ew_places", "ew_sources")

# fields that make two mentions in one document the same event
IDENTITY_FIELDS = ("sub_event_type", "event_date", "location", "actor1", "actor2")


def _merge(trigger: Trigger, annotations: list[Annotation]) -> tuple[dict, dict[str, CharSpan]]:
    values: dict = {"event_type": trigger.event_type, "sub_event_type": trigger.sub_event_type}
    trig_span = CharSpan(trigger.start, trigger.end, trigger.text)
    evidence: dict[str, CharSpan] = {"event_type": trig_span, "sub_event_type": trig_span}
    for ann in annotations:
        values.update({k: v for k, v in ann.values.items() if v is not None})
        evidence.update(ann.evidence)
    values["interaction"] = interaction_code(values.get("inter1"), values.get("inter2"))
    if values.get("actor1") and not values.get("inter2"):
        values["inter2"] = 0
    if values.get("inter2") == 7 or (values.get("actor2") or "").startswith("Civilians"):
        if values.get("event_type") in ("Violence against civilians", "Explosions/Remote violence"):
            values["civilian_targeting"] = "Civilian targeting"
    return values, evidence


def _date_words(iso: str | None) -> str | None:
    if not iso:
        return None
    d = date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B %Y')}"


def summarize(values: dict) -> str:
    """One sentence in ACLED style: 'On 20 February 2019, <actor1> <sub-type> <actor2> in <place>.'"""
    parts = []
    when = _date_words(values.get("event_date"))
    if when:
        prefix = "On" if values.get("time_precision") == 1 else "Around"
        parts.append(f"{prefix} {when},")
    actor1 = values.get("actor1") or "an unidentified actor"
    parts.append(actor1)
    parts.append(f"({values.get('sub_event_type', 'event').lower()})")
    if values.get("actor2"):
        parts.append(f"against {values['actor2']}")
    where = ", ".join(v for v in (values.get("location"), values.get("admin1"), values.get("country")) if v)
    if where:
        parts.append(f"in {where}")
    sentence = " ".join(parts) + "."
    if values.get("fatalities"):
        sentence += f" {values['fatalities']} fatalities."
    return sentence


def assemble(doc: Doc) -> list[Event]:
    """One Event per factual trigger; mentions of the same event in one document are folded."""
    meta = document_of(doc)
    triggers: list[Trigger] = doc._.ew_triggers or []
    stage_lists = [getattr(doc._, attr) or [] for attr in STAGE_ATTRS]
    events: list[Event] = []
    seen: set[tuple] = set()
    for i, trigger in enumerate(triggers):
        if not trigger.is_factual:
            continue
        annotations = [lst[i] for lst in stage_lists if i < len(lst) and lst[i] is not None]
        base_values, base_evidence = _merge(trigger, annotations)
        if events and is_casualty_detail(doc, trigger) and any(
                e.event_date == base_values.get("event_date") for e in events):
            continue  # "Two soldiers were martyred in the attack": the toll of an event told above
        if meta.outlet and not base_values.get("source"):
            base_values["source"] = meta.outlet
        for values, evidence in _split(base_values, base_evidence, annotations):
            identity = tuple(values.get(k) for k in IDENTITY_FIELDS)
            if identity in seen:
                continue
            seen.add(identity)
            values["notes"] = summarize(values)
            event_id = make_event_id(meta.id, trigger.start, *identity)
            events.append(
                Event(
                    event_id=event_id,
                    doc_id=meta.id,
                    evidence=tuple(
                        Evidence(field=name, doc_id=meta.id, start=s.start, end=s.end, text=s.text)
                        for name, s in sorted(evidence.items())
                    ),
                    **values,
                )
            )
    return events


# a toll told apart from its event: the trigger is a harm word and its sentence points back to a deed
# with a definite noun ("in the attack", "during the fighting", "in the blast")
_HARM_WORD = re.compile(r"(?:kill|injur|wound|martyr|die|dead|death|casualt)", re.I)
_BACK_REFERENCE = re.compile(
    r"\b(?:in|during|from)\s+(?:the|this|that)\s+(?:(?:same|latest|initial)\s+)?(?:attack|assault|fighting|clash(?:es)?"
    r"|battle|shelling|strike|air\s*strike|raid|ambush|explosion|blast|bombing|incident|operation|exchange)\b",
    re.I)


def is_casualty_detail(doc: Doc, trigger: Trigger) -> bool:
    """The mention only tells the toll of a deed the text told before it ("Two soldiers were martyred
    and three were injured in the attack"): it folds into the earlier event of the same date."""
    if not _HARM_WORD.match(trigger.text):
        return False
    sent = doc[trigger.sent_start:trigger.sent_end]
    return bool(_BACK_REFERENCE.search(sent.text))


def _split(values: dict, evidence: dict[str, CharSpan],
           annotations: list[Annotation]) -> list[tuple[dict, dict[str, CharSpan]]]:
    """One (values, evidence) per place when a stage says the deed happened at several places; the
    fatalities are shared out across them (ACLED: split evenly, the remainder to the first) unless the
    text already gave the count per event ("fatalities split across 3 events (2)")."""
    splits = [s for ann in annotations for s in ann.splits]
    if not splits:
        return [(values, evidence)]
    out = [(dict(values), dict(evidence))]
    for ann in splits:
        v, e = dict(values), dict(evidence)
        for name in _PLACE_FIELDS:  # fields the split annotation leaves empty must not keep the first place's
            v.pop(name, None)
            e.pop(name, None)
        v.update({k: x for k, x in ann.values.items() if x is not None})
        e.update(ann.evidence)
        out.append((v, e))
    total = values.get("fatalities")
    if isinstance(total, int) and total > 0 and not any(ann.per_event for ann in annotations):
        share, rest = divmod(total, len(out))
        for k, (v, _) in enumerate(out):
            v["fatalities"] = share + (1 if k < rest else 0)
    return out


_PLACE_FIELDS = ("country", "iso", "iso3", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
                 "geo_precision")
