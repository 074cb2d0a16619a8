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
    row("9800011", "Sopalgam", 34.08, 74.80, "IN", "12", 900000),  # the point of Jammu and Kashmir
    # two made-up namesakes in two Indian states: the larger in Karnataka, the smaller in Chhattisgarh
    row("9800012", "Kothapur", 16.80, 75.70, "IN", "19", 300000),
    row("9800013", "Kothapur", 18.80, 80.80, "IN", "37", 30000),
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


# ---------------------------------------------------------------- datelines


@pytest.mark.parametrize("text, town", [
    ("PELOTAN, March 28 (UPI) -- Three rangers were killed in a blast.", "PELOTAN"),
    ("SANMARA, Philippines - Eleven soldiers were killed.", "SANMARA"),
    ("DOROBA — The government signed a ceasefire.", "DOROBA"),
    ("TAMARU: Police opened fire on protesters.", "TAMARU"),
    ("Headline of the story\nKEMBI (Reuters) - Rebels attacked a base.", "KEMBI"),
    ("Maputo — Gunmen killed five fishermen.", "Maputo"),
    ("Bijapur, Jan 6 (PTI) Eight policemen were killed.", "Bijapur"),
])
def test_a_dateline_is_found(text: str, town: str) -> None:
    from eventwire.stages.places.dateline import find_dateline

    found = find_dateline(text)
    assert found is not None and text[found.start:found.end] == town


@pytest.mark.parametrize("text", [
    "Jenin: Four killed in a raid\nTroops raided the camp on Monday, officials said.",  # a headline's subject
    "US Forces - Afghanistan said the strike hit militants.",  # no town before the dash
    "The army said on Monday that rebels attacked a base.",
])
def test_no_dateline(text: str) -> None:
    from eventwire.stages.places.dateline import find_dateline

    assert find_dateline(text) is None


def test_the_dateline_yields_to_the_place_its_sentence_names(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "SANMARA, Philippines - Eleven soldiers were killed when rebels ambushed their "
                                "convoy in Kumbel on Monday.", "ambushed")
    assert (p["location"], p["admin1"]) == ("Kumbel", "Cordillera Administrative Region")


def test_the_dateline_is_the_place_when_the_story_names_no_other(nlp, resolver) -> None:
    text = ("DOROBA — The government on Sunday signed a ceasefire agreement with the last rebel group.\n"
            "The group had fought the army for a decade.")
    assert place_of(nlp, resolver, text, "signed")["location"] == "Doroba"


def test_a_lead_naming_only_the_country_takes_the_body_place_not_the_dateline(nlp, resolver) -> None:
    text = ("PELOTAN, March 28 (UPI) -- Several rangers were killed in a blast in Thailand on Thursday, officials "
            "said.\nThree rangers were killed in Ranong Baru when a roadside bomb exploded during a patrol.")
    assert place_of(nlp, resolver, text, "blast")["location"] == "Ranong Baru"


# ---------------------------------------------------------------- places that are not the deed's


def test_a_town_naming_a_newspaper_is_not_the_place(nlp, resolver) -> None:
    text = ("A roadside bomb exploded in Ranong Baru on Thursday.\n"
            "The insurgents were blamed for the explosion, the Pelotan newspaper reported.")
    assert place_of(nlp, resolver, text, "explosion")["location"] == "Ranong Baru"


def test_a_reference_point_after_a_direction_is_not_the_place(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "A drone strike hit a wedding in Kembi, 400 kilometres northeast of Doroba, "
                                "on Monday.", "strike")
    assert p["location"] == "Kembi"


def test_a_town_the_text_puts_far_from_the_deed_is_not_its_point(nlp, resolver) -> None:
    text = ("Police opened fire on protesters in Beluwa on Tuesday.\n"
            "The residents of Rambodagama, some 90 kilometers northeast of Tamaru, were protesting at a fuel price "
            "hike.")
    p = place_of(nlp, resolver, text, "protesting")
    assert p["location"] == "Beluwa"


def test_a_unit_named_with_and_qualifies_the_village_before_it(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Militants hurled a grenade at troops in Karan Nagar, Jammu and Kashmir, on "
                                "Saturday.", "hurled")
    assert p["admin1"] == "Jammu and Kashmir" and p["location"] == "Karan Nagar"


def test_a_first_level_unit_the_text_names_decides_between_namesakes(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Maoists killed eight policemen in Kothapur on Monday, the deadliest attack in "
                                "Chhattisgarh this year.", "killed")
    assert (p["location"], p["admin1"]) == ("Kothapur", "Chhattisgarh")
