"""Filters shared by query_events, count_events, stats and iter_events: one place builds the WHERE."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ..dedup import CERTAINTY_RANK
from ..model import EVENT_TYPES


class FilterError(ValueError):
    """A filter value the store cannot use (bad date, unknown certainty, malformed bbox)."""


def _iso(name: str, value: str | date) -> str:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise FilterError(f"{name}: {value!r} is not a date (expected YYYY-MM-DD)") from None


def parse_bbox(bbox: str | Sequence[float]) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) from a tuple or "min_lon,min_lat,max_lon,max_lat"."""
    parts = bbox.split(",") if isinstance(bbox, str) else list(bbox)
    try:
        west, south, east, north = (float(p) for p in parts)
    except (TypeError, ValueError):
        raise FilterError(f"bbox: {bbox!r} is not min_lon,min_lat,max_lon,max_lat") from None
    if south > north:
        raise FilterError(f"bbox: {bbox!r} has min_lat above max_lat")
    return west, south, east, north


def where_clause(
    country: str | None = None,
    admin1: str | None = None,
    event_type: str | None = None,
    sub_event_type: str | None = None,
    actor: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    bbox: str | Sequence[float] | None = None,
    min_certainty: str | None = None,
    text: str | None = None,
    main: bool | None = None,
) -> tuple[str, list[Any]]:
    """SQL WHERE (with leading ' WHERE ' or empty) and its parameters over the `events` table.

    Names compare case-insensitively; `country` takes a name or an ISO3 code. `text` is a word
    search (full-text index) over notes, place and actor names and reported_by. `event_type` accepts a type or a sub-type label (the two sets
    of labels do not overlap), so one `--type` option serves both. `main=True` keeps the headline events
    (main in at least one report), `main=False` the others.
    """
    terms: list[str] = []
    params: list[Any] = []
    if country:
        # a three-letter code is an ISO3 code (no country name is that short), else a name
        terms.append("iso3 = ?" if len(country) == 3 and country.isalpha() else "country = ?")
        params.append(country)
    if admin1:
        terms.append("admin1 = ?")
        params.append(admin1)
    if event_type:
        if event_type.casefold() in {t.casefold() for t in EVENT_TYPES}:
            terms.append("event_type = ?")
        else:
            terms.append("sub_event_type = ?")
        params.append(event_type)
    if sub_event_type:
        terms.append("sub_event_type = ?")
        params.append(sub_event_type)
    if actor:
        like = f"%{actor}%"
        terms.append("(actor1 LIKE ? OR actor2 LIKE ? OR assoc_actor_1 LIKE ? OR assoc_actor_2 LIKE ?)")
        params += [like] * 4
    if since:
        terms.append("event_date >= ?")
        params.append(_iso("since", since))
    if until:
        terms.append("event_date <= ?")
        params.append(_iso("until", until))
    if bbox is not None and bbox != "":
        west, south, east, north = parse_bbox(bbox)
        terms.append("latitude BETWEEN ? AND ?")
        params += [south, north]
        if west <= east:
            terms.append("longitude BETWEEN ? AND ?")
            params += [west, east]
        else:  # crosses the antimeridian
            terms.append("(longitude >= ? OR longitude <= ?)")
            params += [west, east]
    if min_certainty:
        if min_certainty not in CERTAINTY_RANK:
            raise FilterError(f"min_certainty: {min_certainty!r} is not one of {', '.join(CERTAINTY_RANK)}")
        terms.append("certainty_rank >= ?")
        params.append(CERTAINTY_RANK[min_certainty])
    if text:
        words = text.split()
        if words:  # the words in this order, the last one as a prefix ("air str" finds "air strikes")
            phrase = '"' + " ".join(words).replace('"', '""') + '"*'
            # +rowid: walk the date index and test membership, rather than fetch every hit and sort
            terms.append("+rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
            params.append(phrase)
    if main is not None:
        if not isinstance(main, bool):
            raise FilterError(f"main: {main!r} is not true or false")
        # a literal, not a parameter: SQLite uses the partial index (WHERE main = 1) only on the same term
        terms.append("main = 1" if main else "main = 0")
    return (" WHERE " + " AND ".join(terms)) if terms else "", params
