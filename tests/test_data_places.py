"""eventwire/data/places.csv: every shipped row loads with its admin1 and sits where its country has towns.

The rows are written by hand from general knowledge, so a swapped latitude/longitude, a wrong sign or an
admin1 spelling the gazetteer does not know would pass silently; these checks catch them.
"""

from __future__ import annotations

import csv
import math
from importlib import resources

import pytest

from eventwire.gazetteer.build import ensure

NEAREST_TOWN_KM = 60  # bases and camps lie near towns; a typo in a coordinate lands hundreds of km away


def _rows() -> list[dict[str, str]]:
    text = (resources.files("eventwire") / "data" / "places.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


@pytest.fixture(scope="module")
def gazetteer():
    import sqlite3

    con = sqlite3.connect(f"file:{ensure()}?mode=ro", uri=True)  # the default gazetteer, which loads places.csv
    yield con
    con.close()


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(a))


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["name"])
def test_shipped_place_has_its_admin1(gazetteer, row):
    if not row.get("admin1"):
        pytest.skip("no admin1 given")
    got = gazetteer.execute("SELECT admin1 FROM places WHERE id < 0 AND name = ?", (row["name"],)).fetchone()
    assert got and got[0], f"{row['name']}: admin1 {row['admin1']!r} is not a name the gazetteer knows"


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["name"])
def test_shipped_place_lies_near_a_town_of_its_country(gazetteer, row):
    lat, lon = float(row["latitude"]), float(row["longitude"])
    towns = gazetteer.execute(
        "SELECT lat, lon FROM places WHERE id > 0 AND fclass = 'P' AND cc = ? "
        "AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
        (row["country"], lat - 1, lat + 1, lon - 1.2, lon + 1.2)).fetchall()
    nearest = min((_km(lat, lon, a, b) for a, b in towns), default=math.inf)
    assert nearest <= NEAREST_TOWN_KM, f"{row['name']}: nearest {row['country']} town is {nearest:.0f} km away"
