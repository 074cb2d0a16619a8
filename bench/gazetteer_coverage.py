"""How far a perfect toponym resolver could get with a gazetteer: an upper bound on `within_25km`.

For each coded event of an ACLED-format CSV (notes + gold coordinates) it asks two questions:
  1. does the gazetteer hold the gold `location` name within 25 km of the gold point?
  2. if not, does the note name some other gazetteer place within 25 km of it?
An event that fails both cannot be placed within 25 km by choosing among the gazetteer's candidates,
whatever the resolver does. Usage:

    python bench/gazetteer_coverage.py ../shared/data/acled-dev.csv [--gazetteer FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from eventwire.evaluate import haversine_km
from eventwire.gazetteer.lookup import Gazetteer, open_gazetteer

RADIUS_KM = 25.0
BOX_DEG = 0.3  # a search box around the gold point, wider than 25 km at conflict latitudes


def coverage(rows: list[dict[str, str]], gaz: Gazetteer) -> dict[str, float | int]:
    by_name = by_note = events = 0
    for row in rows:
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except (KeyError, ValueError):
            continue
        events += 1
        if any(p.lat is not None and haversine_km(lat, lon, p.lat, p.lon) <= RADIUS_KM
               for p in gaz.candidates(row.get("location") or "")):
            by_name += 1
            continue
        note = (row.get("notes") or "").lower()
        nearby = gaz.con.execute("SELECT name, lat, lon FROM places WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
                                 (lat - BOX_DEG, lat + BOX_DEG, lon - BOX_DEG, lon + BOX_DEG)).fetchall()
        if any(name and len(name) > 3 and name.lower() in note and haversine_km(lat, lon, a, b) <= RADIUS_KM
               for name, a, b in nearby if a is not None):
            by_note += 1
    return {"events": events, "gold_name_within_25km": round(by_name / max(events, 1), 3),
            "some_named_place_within_25km": round((by_name + by_note) / max(events, 1), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("csv", type=Path, help="ACLED-format CSV with notes, location, latitude, longitude")
    parser.add_argument("--gazetteer", default="", help="gazetteer file (default: the cached one)")
    args = parser.parse_args()
    with open(args.csv, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    print(json.dumps(coverage(rows, open_gazetteer(args.gazetteer))))


if __name__ == "__main__":
    main()
