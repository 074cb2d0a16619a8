"""One event, many reports: when two reports tell the same event, and what the merged event says.

Pure functions over report dicts (SPEC field names, as `Event.to_dict()` gives them); the store
(eventwire/store/) does the blocking and the SQL and calls these on the few candidates it finds.

Same event (`match_score` is not None) when all of these hold:
- sub-types equal or compatible (`COMPATIBLE_SUB_TYPES`: the confusions two tellings of one event
  plausibly make, e.g. an air strike one outlet calls shelling), or one side has no sub-type and the
  types agree;
- date spans overlap, or are at most `MAX_DAY_GAP` days apart;
- places within `MAX_KM` km, or one is only known as a region (no coordinates, or geo_precision 3)
  that contains the other (same country and admin1), or the same named location in the same country;
- actors compatible: one side names none, the named actors overlap, or one side's actor is
  unidentified ("Unidentified Armed Group").
Different countries never match; neither do two events without any date or any place.
Those are the candidates; `distinct_tellings` then keeps apart candidates that name two different
days, two different named towns more than SAME_PLACE_KM apart, or disjoint associated actors
(without it, 32% of the dev notes' reports merged into other notes' events: daily protests,
districts of one city, villages on one front line; with it, see bench/results/store.json).

Merged values (`merge_reports`):
- date: the report with the most precise date (lowest time_precision, then shortest span);
- place: the report with the most precise place (lowest geo_precision, coordinates, deepest admin);
- type: the most reported sub-type (ties: the earliest report);
- actors: the report naming the most actors (ties: the earliest);
- fatalities: low = min of the lows, high = max of the highs (unbounded when a report is open-ended,
  "at least 15"), best = the lower median of the reports' best figures, kept within [low, high]:
  with two reports that is the smaller one (ACLED's conservative rule), with three or more one outlier
  cannot move it;
- certainty: the strongest any report supports (confirmed > reported > claimed > unverified > denied);
- source, reported_by: every distinct value, in report order, joined with "; ";
- evidence: every report's evidence (each span names its own doc_id).

Corroboration (`count_sources`): documents from the same outlet count once, and near-duplicate
documents (one wire story republished, found with MinHash) count once whatever the outlet.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import numpy as np
from datasketch import MinHash

from .model import CERTAINTY_LEVELS, EVENT_FIELDS, SUB_EVENT_TYPE_PARENT, interaction_code

MAX_KM = 25.0
MAX_DAY_GAP = 2
SAME_PLACE_KM = 5.0  # two precise places with different names closer than this may be one place
# Geographic blocking cell, in degrees. 0.5 degree is >= 27 km of longitude up to 60 degrees of
# latitude, so two places within MAX_KM are always in the same or a neighbouring cell there.
CELL_DEG = 0.5

CERTAINTY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(CERTAINTY_LEVELS)}

# Sub-types that two tellings of one event may disagree on. Anything else must be equal.
COMPATIBLE_SUB_TYPES: tuple[frozenset[str], ...] = (
    frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}),
    frozenset({"Air/drone strike", "Shelling/artillery/missile attack"}),
    frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}),
    frozenset({"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}),
    frozenset({"Violent demonstration", "Mob violence", "Protest with intervention"}),
    frozenset({"Attack", "Mob violence"}),
)

PLACE_FIELDS = ("country", "iso", "iso3", "admin1", "admin2", "admin3", "location",
                "latitude", "longitude", "geo_precision")
DATE_FIELDS = ("event_date", "date_start", "date_end", "time_precision")
ACTOR_FIELDS = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "inter1", "inter2",
                "civilian_targeting")


# ---- dates and places ----

def day_number(value: str | date | None) -> int | None:
    """Days since 0001-01-01 (date.toordinal) of an ISO date; None when absent or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.toordinal()
    try:
        return date.fromisoformat(str(value)[:10]).toordinal()
    except ValueError:
        return None


def day_span(record: dict[str, Any]) -> tuple[int, int] | None:
    """(first day, last day) of a report's date span, from date_start/date_end or event_date."""
    start = day_number(record.get("date_start")) or day_number(record.get("event_date"))
    end = day_number(record.get("date_end")) or day_number(record.get("event_date")) or start
    if start is None:
        return None
    return (start, end) if end >= start else (end, start)


def geo_cell(latitude: float | None, longitude: float | None) -> tuple[int, int] | None:
    if latitude is None or longitude is None:
        return None
    return math.floor(latitude / CELL_DEG), math.floor(longitude / CELL_DEG)


def cell_key(cell: tuple[int, int]) -> int:
    """One integer per cell, so the store can index and query it with IN (...)."""
    return (cell[0] + 1000) * 10000 + (cell[1] + 1000)


def neighbour_cells(cell: tuple[int, int]) -> list[int]:
    lat, lon = cell
    return [cell_key((lat + i, lon + j)) for i in (-1, 0, 1) for j in (-1, 0, 1)]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _norm(value: Any) -> str:
    return " ".join(str(value or "").split()).casefold()


def _has_coords(r: dict[str, Any]) -> bool:
    return r.get("latitude") is not None and r.get("longitude") is not None


def _region_only(r: dict[str, Any]) -> bool:
    return not _has_coords(r) or (r.get("geo_precision") or 0) >= 3


def place_distance(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    """km between two places when they can be the same place, else None."""
    if a.get("country") and b.get("country") and _norm(a["country"]) != _norm(b["country"]):
        return None
    if _has_coords(a) and _has_coords(b):
        km = haversine_km(a["latitude"], a["longitude"], b["latitude"], b["longitude"])
        if km <= MAX_KM:
            return km
    if not (a.get("country") and b.get("country")):
        return None
    # one known only as a region that contains the other
    if (_region_only(a) or _region_only(b)) and a.get("admin1") and _norm(a["admin1"]) == _norm(b.get("admin1")):
        return MAX_KM
    if a.get("location") and _norm(a["location"]) == _norm(b.get("location")):
        return MAX_KM
    return None


def date_gap(a: dict[str, Any], b: dict[str, Any]) -> int | None:
    """Days between two spans (0 when they overlap); None when either has no date."""
    sa, sb = day_span(a), day_span(b)
    if sa is None or sb is None:
        return None
    return max(0, sa[0] - sb[1], sb[0] - sa[1])


# ---- types and actors ----

def compatible_sub_types(sub: str) -> set[str]:
    """The sub-types a report of `sub` may be merged with (itself included)."""
    return {sub}.union(*(group for group in COMPATIBLE_SUB_TYPES if sub in group))


def sub_types_compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    sa, sb = a.get("sub_event_type"), b.get("sub_event_type")
    if sa and sb:
        return sa == sb or any(sa in group and sb in group for group in COMPATIBLE_SUB_TYPES)
    ta = a.get("event_type") or SUB_EVENT_TYPE_PARENT.get(sa or "")
    tb = b.get("event_type") or SUB_EVENT_TYPE_PARENT.get(sb or "")
    return bool(ta and tb and ta == tb)


def _actor_key(name: Any) -> str:
    # "Civilians (Iraq)" and "Civilians" are one actor for matching purposes
    text = _norm(name)
    return _PAREN.sub(" ", text).strip() if "(" in text else text


_PAREN = re.compile(r"\s*\([^)]*\)\s*")


def _actors(r: dict[str, Any]) -> set[str]:
    return {_actor_key(r.get(k)) for k in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
            if r.get(k)}


def actors_compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    xa, xb = _actors(a), _actors(b)
    if not xa or not xb or xa & xb:
        return True
    return any(name.startswith("unidentified") for name in xa | xb)


def _day_precise(r: dict[str, Any]) -> bool:
    span = day_span(r)
    return r.get("time_precision") == 1 and span is not None and span[0] == span[1]


def _assoc(r: dict[str, Any]) -> set[str]:
    return {_actor_key(part) for k in ("assoc_actor_1", "assoc_actor_2")
            for part in str(r.get(k) or "").split(";") if part.strip()}


def distinct_tellings(report: dict[str, Any], event: dict[str, Any], km: float) -> bool:
    """Signs that two candidates are two events, not two tellings of one (measured on the dev notes,
    where every row is a distinct event): both name the day and the days differ (a daily protest);
    both name a town (geo_precision 1 or 2), the names differ and they are more than SAME_PLACE_KM
    apart (two districts of one city, two villages on one front line); both name associated actors and none is shared (two groups' protests)."""
    if _day_precise(report) and _day_precise(event) and day_span(report) != day_span(event):
        return True
    if ((report.get("geo_precision") or 9) <= 2 and (event.get("geo_precision") or 9) <= 2
            and report.get("location") and event.get("location")
            and _norm(report["location"]) != _norm(event["location"]) and km > SAME_PLACE_KM):
        return True
    ra, ea = _assoc(report), _assoc(event)
    return bool(ra and ea and not ra & ea)


def match_score(report: dict[str, Any], event: dict[str, Any]) -> float | None:
    """How alike a report and a stored event are (higher is closer), or None when not the same event."""
    if not sub_types_compatible(report, event) or not actors_compatible(report, event):
        return None
    gap = date_gap(report, event)
    if gap is None or gap > MAX_DAY_GAP:
        return None
    km = place_distance(report, event)
    if km is None or distinct_tellings(report, event, km):
        return None
    score = 3.0 - gap - km / MAX_KM
    if report.get("sub_event_type") and report.get("sub_event_type") == event.get("sub_event_type"):
        score += 1.0
    if _actors(report) & _actors(event):
        score += 1.0
    return score


# ---- merging ----

def _date_key(indexed: tuple[int, dict[str, Any]]) -> tuple:
    i, r = indexed
    s = day_span(r)
    return (r.get("time_precision") or 9, (s[1] - s[0]) if s else 10**6, i)


def _place_key(indexed: tuple[int, dict[str, Any]]) -> tuple:
    i, r = indexed
    depth = sum(1 for k in ("admin1", "admin2", "admin3", "location") if r.get(k))
    return (r.get("geo_precision") or 9, 0 if _has_coords(r) else 1, -depth, 0 if r.get("country") else 1, i)


def _joined(values: Iterable[Any]) -> str | None:
    seen: list[str] = []
    for value in values:
        for part in str(value or "").split(";"):
            part = part.strip()
            if part and part.casefold() not in {s.casefold() for s in seen}:
                seen.append(part)
    return "; ".join(seen) or None


def fatality_range(reports: Sequence[dict[str, Any]]) -> tuple[int | None, int | None, int | None]:
    """(best, low, high) across reports; see the module docstring for the rule."""
    bests, lows, highs, open_ended = [], [], [], False
    for r in reports:
        best, low, high = r.get("fatalities"), r.get("fatalities_low"), r.get("fatalities_high")
        if best is None and low is None and high is None:
            continue
        if best is not None:
            bests.append(best)
        lows.append(low if low is not None else (best if best is not None else 0))
        if high is None and low is None:
            high = best  # a bare figure is exact
        if high is None:
            open_ended = True  # "at least 15": the text allows any higher figure
        else:
            highs.append(high)
    if not bests and not lows:
        return None, None, None
    low = min(lows) if lows else None
    high = None if open_ended or not highs else max(highs)
    if bests:
        ordered = sorted(bests)
        best = ordered[(len(ordered) - 1) // 2]  # lower median: conservative, outlier-proof
    else:
        best = low
    if low is not None:
        best = max(best, low)
    if high is not None:
        best = min(best, high)
    return best, low, high


def strongest_certainty(reports: Iterable[dict[str, Any]]) -> str | None:
    known = [r["certainty"] for r in reports if r.get("certainty") in CERTAINTY_RANK]
    return max(known, key=CERTAINTY_RANK.__getitem__) if known else None


def merge_reports(reports: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The merged event of reports already judged to be one event (in ingestion order).

    Returns every SPEC field; `event_id` and `doc_id` are the first report's.
    """
    if not reports:
        raise ValueError("merge_reports needs at least one report")
    first = reports[0]
    indexed = list(enumerate(reports))
    merged: dict[str, Any] = {name: first.get(name) for name in EVENT_FIELDS}

    dated = min(indexed, key=_date_key)[1]
    for name in DATE_FIELDS:
        merged[name] = dated.get(name)
    placed = min(indexed, key=_place_key)[1]
    for name in PLACE_FIELDS:
        merged[name] = placed.get(name)

    subs = Counter(r["sub_event_type"] for r in reports if r.get("sub_event_type"))
    if subs:
        top = max(subs.values())
        sub = next(r["sub_event_type"] for r in reports if subs.get(r.get("sub_event_type")) == top)
        merged["sub_event_type"] = sub
        merged["event_type"] = SUB_EVENT_TYPE_PARENT.get(sub, first.get("event_type"))
    else:
        merged["event_type"] = next((r["event_type"] for r in reports if r.get("event_type")), None)

    acted = max(indexed, key=lambda ir: (sum(1 for k in ("actor1", "actor2") if ir[1].get(k)), -ir[0]))[1]
    for name in ACTOR_FIELDS:
        merged[name] = acted.get(name)
    merged["interaction"] = interaction_code(merged["inter1"], merged["inter2"])

    merged["fatalities"], merged["fatalities_low"], merged["fatalities_high"] = fatality_range(reports)
    merged["certainty"] = strongest_certainty(reports)
    merged["source"] = _joined(r.get("source") for r in reports)
    merged["reported_by"] = _joined(r.get("reported_by") for r in reports)
    merged["notes"] = next((r["notes"] for r in reports if r.get("notes")), None)
    # the headline event of any one article is a headline event: one outlet's lead is enough
    merged["main"] = any(bool(r.get("main")) for r in reports)
    merged["evidence"] = [e for r in reports for e in (r.get("evidence") or [])]
    return merged


def count_sources(documents: Iterable[tuple[str | None, int]]) -> int:
    """Independent sources among (outlet, near-duplicate cluster) pairs.

    Two documents are one source when they share an outlet or a near-duplicate cluster (union-find),
    so a wire story republished by three outlets counts once, and so do two stories by one outlet.
    """
    parent: dict[Any, Any] = {}

    def find(x: Any) -> Any:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    clusters: set[Any] = set()
    for outlet, cluster in documents:
        c = ("cluster", cluster)
        clusters.add(c)
        find(c)
        if outlet and outlet.strip():
            ra, rb = find(c), find(("outlet", _norm(outlet)))
            parent[ra] = rb
    return len({find(c) for c in clusters})


# ---- near-duplicate documents (MinHash) ----

NUM_PERM = 128
# LSH bands: a pair at Jaccard 0.8 shares a band with p = 0.95, at 0.9 with p > 0.999; candidates are
# verified against NEAR_DUP_JACCARD. Few bands: each is a random index page written per document.
BANDS, ROWS = 16, 8
NEAR_DUP_JACCARD = 0.8
MINHASH_SCHEME = "affine32"  # pinned: stored signatures must stay comparable across datasketch versions
SHINGLE_WORDS = 3
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> list[bytes]:
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return [" ".join(words).encode("utf-8")] if words else []
    return sorted({" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8")
                   for i in range(len(words) - SHINGLE_WORDS + 1)})


def signature(text: str) -> np.ndarray:
    """The MinHash signature of a text's word 3-shingles: NUM_PERM uint32 values (affine32 scheme)."""
    mh = MinHash(num_perm=NUM_PERM, seed=1, permutations=_permutations(), scheme=MINHASH_SCHEME)
    grams = shingles(text)
    if grams:
        mh.update_batch(grams)
    return mh.hashvalues.astype(np.uint32)


@functools.cache
def _permutations() -> object:
    # drawing the permutations is most of a MinHash's set-up cost: draw them once per process
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=MINHASH_SCHEME).permutations


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band (band number included): documents sharing a key are
    near-duplicate candidates."""
    raw = sig.astype("<u4")
    return [int.from_bytes(hashlib.blake2b(bytes([b]) + raw[b * ROWS:(b + 1) * ROWS].tobytes(),
                                           digest_size=8).digest(), "little", signed=True)
            for b in range(BANDS)]


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)
