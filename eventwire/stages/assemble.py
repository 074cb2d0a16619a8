"""Happenings -> frozen Event dataclasses. The last step that touches spaCy objects."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from spacy.tokens import Doc

from ..model import Event, Evidence, make_event_id
from .base import Happening, document_of

# the fields that, with the document and the telling that speaks for it, make an event's id
IDENTITY_FIELDS = ("sub_event_type", "event_date", "location", "actor1", "actor2")


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
    """One Event per happening the document stage found (it runs here when the pipeline lacks it)."""
    meta = document_of(doc)
    happenings: list[Happening] | None = doc._.ew_happenings
    if happenings is None:
        happenings = _default_document_stage().predict(doc)
    events: list[Event] = []
    for h in happenings:
        values = dict(h.values)
        if meta.outlet and not values.get("source"):
            values["source"] = meta.outlet
        values["notes"] = summarize(values)
        identity = tuple(values.get(k) for k in IDENTITY_FIELDS)
        spans = sorted(h.evidence.items()) + [("mention", s) for s in h.mentions]
        events.append(Event(
            event_id=make_event_id(meta.id, h.start, *identity),
            doc_id=meta.id,
            main=h.main,
            evidence=tuple(Evidence(field=name, doc_id=meta.id, start=s.start, end=s.end, text=s.text)
                           for name, s in spans),
            **values,
        ))
    return events


@lru_cache(maxsize=1)
def _default_document_stage():
    from .document import DATA_FILE, DocumentStage, load_document_lexicon

    return DocumentStage(load_document_lexicon(DATA_FILE))
