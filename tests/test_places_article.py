"""ew_places on team-written article texts: conventions of conflict data (admin1 names, territories coded under
another country), datelines, and places named only as a reference point or an institution.

Real spaCy parse, a small real gazetteer (the packaged admin units plus a few GeoNames-format rows, some made
up), a hand-placed trigger: only the place stage is exercised.
"""

from __future__ import annotations

import pytest

from eventwire.gazetteer.build import add_geonames, build
from eventwire.nlp import load_base_model
from eventwire.stages.base import Trigger, register_extensions
from eventwire.stages.places import PlaceResolver

pytestmark = pytest.mark.slow


def row(gid: str, name: str, lat: float, lon: float, cc: str, a1: str, pop: int, alt: str = "") -> tuple[str, ...]:
    return (gid, name, name, alt, str(lat), str(lon), "P", "PPL", cc, "", a1, "", "", "", str(pop), "", "10",
            "UTC", "2020-01-01")


ROWS = [
    # made-up towns (names and points invented; admin codes real)
    row("9800001", "Kfar Talun", 33.37, 35.48, "LB", "07", 9000),  # Nabatieh governorate
    row("9800002", "Shek Lam", 22.28, 114.18, "HK", "HWC", 40000),  # a Hong Kong district
    row("9800003", "Pelotan", 13.20, 101.10, "TH", "40", 3_000_000),  # a capital-sized city
    row("9800004", "Ranong Baru", 6.45, 101.80, "TH", "31", 40000),  # Narathiwat province
    row("9800005", "Kumbel", 16.60, 121.00, "PH", "15", 30000),  # Cordillera
    row("9800006", "Sanmara", 14.60, 121.00, "PH", "NCR", 1_600_000),  # a capital
    row("9800007", "Doroba", 4.36, 18.55, "CF", "18", 800000),  # a capital
    row("9800008", "Kembi", 8.40, 20.65, "CF", "01", 27000),  # a provincial town
    row("9800009", "Tamaru", 6.93, 79.86, "LK", "36", 650000),  # a capital-sized city
    row("9800010", "Beluwa", 7.25, 80.35, "LK", "33", 18000),  # a district town
]


@pytest.fixture(scope="module")
def resolver(tmp_path_factory) -> PlaceResolver:
    path = build(tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite", cities=False)
    dump = path.parent / "rows.txt"
    dump.write_text("".join("\t".join(r) + "\n" for r in ROWS), encoding="utf-8")
    add_geonames(dump, path)
    return PlaceResolver(str(path))


@pytest.fixture(scope="module")
def nlp():
    register_extensions()
    return load_base_model()


def place_of(nlp, resolver: PlaceResolver, text: str, trigger: str) -> dict:
    """Run the stage with `trigger` (first occurrence) as the only event mention; its place values."""
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    sent = tok.sent
    doc._.ew_triggers = [Trigger(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text, head=tok.i,
                                 sent_start=sent.start, sent_end=sent.end, event_type="Battles",
                                 sub_event_type="Armed clash")]
    resolver(doc)
    ann = doc._.ew_places[0]
    return {**ann.values, "_evidence": {k: v.text for k, v in ann.evidence.items()}}


# ---------------------------------------------------------------- conventions


@pytest.mark.parametrize("text, admin1", [
    ("A drone struck a car in Kfar Talun on Tuesday.", "Nabatiye"),  # not the ISO 3166-2 "An Nabatiyah"
    ("Troops clashed with rebels in Kumbel on Monday.", "Cordillera Administrative Region"),
])
def test_admin1_is_written_as_conflict_data_writes_it(nlp, resolver, text: str, admin1: str) -> None:
    trigger = "struck" if "struck" in text else "clashed"
    assert place_of(nlp, resolver, text, trigger)["admin1"] == admin1


def test_a_hong_kong_district_is_coded_under_china(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Protesters marched through Shek Lam on Sunday.", "marched")
    assert (p["country"], p["iso3"], p["iso"], p["admin1"], p["location"]) == \
        ("China", "CHN", 156, "Hong Kong", "Shek Lam")
    assert p["admin2"] == "Wan Chai"
