"""End to end on the real model: the seed article against its hand-coded gold file."""

from __future__ import annotations

import json
import math
import re

import pytest
from rapidfuzz import fuzz
from unidecode import unidecode

from .conftest import SEED_GOLD

PUBLISHED = "2019-02-21"


def norm(name: str | None) -> str:
    text = unidecode(name or "").lower()
    text = re.sub(r"\b(al|el|ad|as|an)[- ]", "", text)
    return re.sub(r"[^a-z0-9 ]+", " ", text).strip()


def name_matches(value: str | None, options: list[str]) -> bool:
    v = norm(value)
    return bool(v) and any(
        norm(o) in v or v in norm(o) or fuzz.ratio(v, norm(o)) >= 85 for o in options
    )


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(SEED_GOLD.read_text())


@pytest.fixture(scope="module")
def events(seed_text):
    import eventwire

    return [e.to_dict() for e in eventwire.extract(seed_text, published=PUBLISHED, outlet="AFP", doc_id="seed")]


def events_within(events: list[dict], text: str, evidence: str) -> list[dict]:
    """Events whose trigger (the event_type evidence) lies inside the gold evidence sentence."""
    # the article has non-breaking spaces where the gold file has plain ones; same length, same offsets
    start = text.replace("\xa0", " ").index(evidence)
    end = start + len(evidence)
    found = []
    for ev in events:
        spans = [e for e in ev["evidence"] if e["field"] == "event_type"]
        if spans and start <= spans[0]["start"] < end:
            found.append(ev)
    return found


def check(ev: dict, spec: dict) -> list[str]:
    """The gold file's checks for one event; returns what failed."""
    misses = []
    for key, want in spec.items():
        if key in ("id", "evidence", "max_km", "why"):
            continue
        if key == "sub_event_type":
            ok = ev["sub_event_type"] in want
        elif key in ("actor1_any", "actor2_any", "location_any", "admin1_any", "reported_by_any"):
            ok = name_matches(ev[key[:-4]], want)
        elif key == "actor_any":
            ok = name_matches(ev["actor1"], want) or name_matches(ev["actor2"], want)
        elif key == "certainty_any":
            ok = ev["certainty"] in want
        elif key == "geo_precision_any":
            ok = ev["geo_precision"] in want
        elif key == "date_window":
            ok = ev["event_date"] is not None and want[0] <= ev["event_date"] <= want[1]
        elif key == "latitude":
            ok = ev["latitude"] is not None and km(ev["latitude"], ev["longitude"], spec["latitude"],
                                                   spec["longitude"]) <= spec.get("max_km", 25)
        elif key == "longitude":
            continue
        elif key in ("country", "admin1"):
            ok = name_matches(ev[key], [want])
        else:
            ok = ev[key] == want
        if not ok:
            misses.append(f"{key}: want {want!r}, got {ev.get(key[:-4] if key.endswith('_any') else key)!r}")
    return misses


@pytest.mark.parametrize("event_id", ["evacuation", "surrender-deal", "najaf-anbar-killing"])
def test_required_event_found_with_gold_fields(event_id, gold, events, seed_text):
    spec = next(e for e in gold["required"] if e["id"] == event_id)
    candidates = events_within(events, seed_text, spec["evidence"])
    assert candidates, f"no event extracted from: {spec['evidence']!r}"
    results = [check(ev, spec) for ev in candidates]
    assert min(results, key=len) == [], f"{event_id}: {min(results, key=len)}"


@pytest.mark.parametrize("event_id", ["begum-citizenship", "us-withdrawal", "generic-guerrilla"])
def test_forbidden_statement_is_not_an_event(event_id, gold, events, seed_text):
    spec = next(e for e in gold["forbidden"] if e["id"] == event_id)
    assert events_within(events, seed_text, spec["evidence"]) == []


def test_at_most_max_events(gold, events):
    assert 3 <= len(events) <= gold["max_events"]


def test_every_filled_field_has_evidence_inside_the_text(events, seed_text):
    for ev in events:
        for span in ev["evidence"]:
            assert seed_text[span["start"]:span["end"]] == span["text"]
        evidenced = {s["field"] for s in ev["evidence"]}
        for field in ("event_type", "actor1", "event_date", "location"):
            if ev[field] is not None:
                assert field in evidenced, f"{field} has no evidence in {ev['event_id']}"
