"""Plain data types shared by every stage past the NLP line: nothing here imports spaCy."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

# ACLED's own column order (the 31-column export), so ACLED analysis code reads our CSV unchanged.
ACLED_COLUMNS: tuple[str, ...] = (
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year", "time_precision",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "timestamp", "iso3",
)

# Every SPEC field, in the order records are written. `main` comes before `evidence` (SPEC lists it
# after): a JSONL line or a table row then shows it among the scalars, not past a long evidence list.
EVENT_FIELDS: tuple[str, ...] = (
    "event_id", "doc_id", "event_date", "date_start", "date_end", "time_precision",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2",
    "inter1", "inter2", "interaction", "civilian_targeting", "country", "iso", "iso3",
    "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "fatalities", "fatalities_low", "fatalities_high", "source", "reported_by", "certainty",
    "notes", "main", "evidence",
)

# Fields past the stage line that a stage may fill (everything but ids, notes, evidence and `main`:
# which event is main is a document-level decision, made once the document's events are assembled).
STAGE_FIELDS: frozenset[str] = frozenset(EVENT_FIELDS) - {"event_id", "doc_id", "notes", "main", "evidence"}

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}
SUB_EVENT_TYPE_PARENT: dict[str, str] = {sub: t for t, subs in EVENT_TYPES.items() for sub in subs}

CERTAINTY_LEVELS: tuple[str, ...] = ("denied", "unverified", "claimed", "reported", "confirmed")


@dataclass(frozen=True)
class Document:
    """One report to code. `published` anchors relative dates ("on Wednesday")."""

    id: str
    text: str
    published: date | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Evidence:
    """The document span a field's value came from (character offsets into Document.text)."""

    field: str
    doc_id: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Event:
    """One ACLED-style event. Field names follow ACLED where ACLED has the field."""

    event_id: str
    doc_id: str
    event_date: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    time_precision: int | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    assoc_actor_1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str | None = None
    country: str | None = None
    iso: int | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    source: str | None = None
    reported_by: str | None = None
    certainty: str | None = None
    notes: str | None = None
    main: bool = False  # the event the headline and lead are about (at most one per document)
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """All SPEC fields in EVENT_FIELDS order, evidence as a list of dicts."""
        record = {name: getattr(self, name) for name in EVENT_FIELDS}
        record["evidence"] = [e.to_dict() for e in self.evidence]
        return record

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Event:
        values = {k: record.get(k) for k in EVENT_FIELDS if k != "evidence"}
        values["main"] = bool(record.get("main"))  # records written before `main` existed are not main
        values["evidence"] = tuple(Evidence(**e) for e in (record.get("evidence") or []))
        return cls(**values)


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED interaction: both codes joined, smaller first; a lone actor is followed by 0 (60)."""
    if not inter1:
        return None
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def make_event_id(doc_id: str, *parts: object) -> str:
    """Stable id: the same document and the same event fields give the same id."""
    key = "\x1f".join([doc_id, *(str(p) for p in parts)])
    return "ew-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
