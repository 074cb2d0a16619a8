"""ew_places on real sentences: the real spaCy parse, a real SQLite gazetteer, a hand-placed trigger.

The trigger is set by hand (the word that says what happened) so these tests exercise only the
place stage: which place the event is tied to, how it is resolved, and its geo_precision.
"""

from __future__ import annotations

import math

import pytest

from eventwire.gazetteer.build import add_geonames, build
from eventwire.gazetteer.names import name_key
from eventwire.nlp import load_base_model
from eventwire.stages.base import Trigger, register_extensions
from eventwire.stages.places import PlaceResolver

pytestmark = pytest.mark.slow

# Real GeoNames rows (19 tab-separated columns).
ROWS = [
    ("170794", "Deir ez-Zor", "Deir ez-Zor", "Dayr az Zawr,Deir el-Zor", "35.33588", "40.14084", "P", "PPLA", "SY", "",
     "07", "", "", "", "242565", "", "205", "Asia/Damascus", "2020-01-01"),
    ("163345", "Tafas", "Tafas", "Tafs", "32.73707", "36.06696", "P", "PPL", "SY", "", "06", "", "", "", "31249", "",
     "420", "Asia/Damascus", "2012-01-18"),
    ("170903", "Dar'a", "Dar'a", "Daraa,Deraa,Der'a", "32.61889", "36.10213", "P", "PPLA", "SY", "", "06", "", "", "",
     "97969", "", "435", "Asia/Damascus", "2020-01-01"),
    ("170654", "Damascus", "Damascus", "Dimashq,Damas,Sham", "33.5102", "36.29128", "P", "PPLC", "SY", "", "13", "",
     "", "", "1569394", "", "692", "Asia/Damascus", "2020-01-01"),
    ("2210247", "Tripoli", "Tripoli", "Tarabulus", "32.88743", "13.18733", "P", "PPLC", "LY", "", "77", "", "", "",
     "1150989", "", "43", "Africa/Tripoli", "2020-01-01"),
    ("266826", "Tripoli", "Tripoli", "Trablous", "34.43667", "35.84972", "P", "PPLA", "LB", "", "09", "", "", "",
     "229398", "", "10", "Asia/Beirut", "2020-01-01"),
    ("98463", "Najaf", "Najaf", "An Najaf,Nedjef", "31.99289", "44.33493", "P", "PPLA", "IQ", "", "17", "", "", "",
     "482576", "", "32", "Asia/Baghdad", "2020-01-01"),
    ("89572", "Ramadi", "Ramadi", "Ar Ramadi", "33.42056", "43.30778", "P", "PPLA", "IQ", "", "01", "", "", "",
     "274539", "", "49", "Asia/Baghdad", "2020-01-01"),
    # a made-up village whose name is also a common word for a palace or government building
    ("9900001", "Qasr", "Qasr", "", "29.61", "52.53", "P", "PPL", "IR", "", "07", "", "", "", "1200", "", "1500",
     "Asia/Tehran", "2020-01-01"),
    # made-up namesake towns on both sides of the Kashmir line of control; the Pakistani one larger
    ("9900002", "Kotlani", "Kotlani", "", "33.77", "74.09", "P", "PPL", "IN", "", "12", "", "", "", "9000", "",
     "1000", "Asia/Kolkata", "2020-01-01"),
    ("9900003", "Kotlani", "Kotlani", "", "33.85", "73.77", "P", "PPL", "PK", "", "06", "", "", "", "40000", "",
     "1000", "Asia/Karachi", "2020-01-01"),
    # a made-up village name found in four countries; the Saudi one the largest
    ("9900004", "Hazimah", "Hazimah", "", "36.62", "40.81", "P", "PPL", "SY", "", "01", "", "", "", "800", "",
     "300", "Asia/Damascus", "2020-01-01"),
    ("9900005", "Hazimah", "Hazimah", "", "15.52", "45.21", "P", "PPL", "YE", "", "14", "", "", "", "1500", "",
     "1100", "Asia/Aden", "2020-01-01"),
    ("9900006", "Hazimah", "Hazimah", "", "34.71", "43.62", "P", "PPL", "IQ", "", "18", "", "", "", "1000", "",
     "150", "Asia/Baghdad", "2020-01-01"),
    ("9900007", "Hazimah", "Hazimah", "", "26.31", "43.97", "P", "PPL", "SA", "", "08", "", "", "", "9000", "",
     "600", "Asia/Riyadh", "2020-01-01"),
    # a made-up village name in two Syrian governorates; the Idlib one larger
    ("9900008", "Jadidat Sharqi", "Jadidat Sharqi", "", "35.81", "36.72", "P", "PPL", "SY", "", "12", "", "", "",
     "3000", "", "300", "Asia/Damascus", "2020-01-01"),
    ("9900009", "Jadidat Sharqi", "Jadidat Sharqi", "", "35.02", "40.55", "P", "PPL", "SY", "", "07", "", "", "",
     "1000", "", "200", "Asia/Damascus", "2020-01-01"),
    # a made-up village that shares an armed group's name
    ("9900010", "Shabaab", "Shabaab", "", "13.1", "30.2", "P", "PPL", "SD", "", "", "", "", "", "5000", "",
     "600", "Africa/Khartoum", "2020-01-01"),
    # a made-up town in Khyber Pakhtunkhwa with a larger namesake in Iran
    ("9900011", "Darbanai", "Darbanai", "", "32.2", "70.4", "P", "PPL", "PK", "", "03", "", "", "", "2000", "",
     "400", "Asia/Karachi", "2020-01-01"),
    ("9900012", "Darbanai", "Darbanai", "", "29.9", "56.9", "P", "PPL", "IR", "", "29", "", "", "", "30000", "",
     "1700", "Asia/Tehran", "2020-01-01"),
    # a made-up village known only in Saudi Arabia
    ("9900013", "Wadi Harib", "Wadi Harib", "", "17.2", "43.1", "P", "PPL", "SA", "", "08", "", "", "", "3000", "",
     "900", "Asia/Riyadh", "2020-01-01"),
    # regional capitals (real rows), the points of their admin1 units
    ("709717", "Donetsk", "Donetsk", "Donezk", "48.023", "37.80224", "P", "PPLA", "UA", "", "05", "", "", "", "901645",
     "", "169", "Europe/Kiev", "2020-01-01"),
    ("702658", "Luhansk", "Luhansk", "Lugansk", "48.56818", "39.30553", "P", "PPLA", "UA", "", "14", "", "", "",
     "397677", "", "59", "Europe/Kiev", "2020-01-01"),
    ("702550", "Lviv", "Lviv", "Lvov,Lwow", "49.83826", "24.02324", "P", "PPLA", "UA", "", "15", "", "", "", "717273",
     "", "296", "Europe/Kiev", "2020-01-01"),
    ("173811", "Al Hasakah", "Al Hasakah", "Hasakah,Al-Hasakah", "36.50237", "40.74772", "P", "PPLA", "SY", "", "01",
     "", "", "", "188160", "", "300", "Asia/Damascus", "2020-01-01"),
    ("2455290", "Kidal", "Kidal", "", "18.44345", "1.40921", "P", "PPLA", "ML", "", "10", "", "", "", "25617", "",
     "459", "Africa/Bamako", "2020-01-01"),
    # two Daraa towns (real places, coordinates rounded)
    ("9900017", "Nawa", "Nawa", "Naw,Nawa", "32.889", "36.043", "P", "PPL", "SY", "", "06", "", "", "", "46000", "",
     "560", "Asia/Damascus", "2020-01-01"),
    ("9900018", "Jasim", "Jasim", "Jassem,Jasem", "32.992", "36.060", "P", "PPL", "SY", "", "06", "", "", "", "30000",
     "", "600", "Asia/Damascus", "2020-01-01"),
    # a capital whose other-language name is a people's name; a city with a smaller namesake under its exonym
    ("3169070", "Rome", "Rome", "Roma,Rom", "41.89193", "12.51133", "P", "PPLC", "IT", "", "07", "", "", "",
     "2318895", "", "20", "Europe/Rome", "2020-01-01"),
    ("698740", "Odesa", "Odesa", "Odessa,Odes'ka", "46.48572", "30.74383", "P", "PPLA", "UA", "", "17", "", "", "",
     "1015826", "", "40", "Europe/Kiev", "2020-01-01"),
    ("5527554", "Odessa", "Odessa", "", "31.84568", "-102.36764", "P", "PPLA2", "US", "", "TX", "", "", "",
     "118918", "", "890", "America/Chicago", "2020-01-01"),
    # made-up small villages far from where the groups and missions that name them operate
    ("9900014", "Zarichne Pole", "Zarichne Pole", "", "49.61", "24.55", "P", "PPL", "UA", "", "15", "", "", "", "600",
     "", "300", "Europe/Kiev", "2020-01-01"),
    ("9900015", "Tall Shaqra", "Tall Shaqra", "", "35.31", "36.52", "P", "PPL", "SY", "", "10", "", "", "", "900",
     "", "250", "Asia/Damascus", "2020-01-01"),
    ("9900016", "Intahaka Sud", "Intahaka Sud", "", "14.12", "-10.87", "P", "PPL", "ML", "", "03", "", "", "", "700",
     "", "120", "Africa/Bamako", "2020-01-01"),
    # a made-up Omani village whose name is a loose spelling of a Yemeni one; a real Yemeni district town
    ("9900030", "Hushaybah", "Hushaybah", "", "23.61", "57.12", "P", "PPL", "OM", "", "02", "", "", "", "8000", "",
     "400", "Asia/Muscat", "2020-01-01"),
    ("9900031", "Mudiyah", "Mudiyah", "", "13.93", "46.08", "P", "PPL", "YE", "", "01", "", "", "", "6000", "",
     "900", "Asia/Aden", "2020-01-01"),
    ("9900035", "Bayt Nuqum", "Bayt Nuqum", "", "15.38", "44.12", "P", "PPL", "YE", "", "26", "", "", "", "3000", "",
     "2300", "Asia/Aden", "2020-01-01"),
    # a made-up Pakistani village named like a Daraa village the gazetteer lacks
    ("9900037", "Yadudah", "Yadudah", "", "30.11", "71.52", "P", "PPL", "PK", "", "04", "", "", "", "2000", "",
     "120", "Asia/Karachi", "2020-01-01"),
    # a made-up Egyptian town of 20,000 that a Syrian village's spelling loosely matches
    ("9900032", "Karmaniyah", "Karmaniyah", "", "30.52", "31.21", "P", "PPL", "EG", "", "04", "", "", "", "20000", "",
     "20", "Africa/Cairo", "2020-01-01"),
    # a made-up Yemeni city of 150,000 in a province not called "Western"
    ("9900033", "Marazeen", "Marazeen", "", "14.61", "44.21", "P", "PPL", "YE", "", "20", "", "", "", "150000", "",
     "2100", "Asia/Aden", "2020-01-01"),
    # real towns (coordinates rounded) that give two more countries' "Western" provinces a point
    ("909137", "Mongu", "Mongu", "", "-15.25", "23.13", "P", "PPLA", "ZM", "", "01", "", "", "", "52534", "",
     "1050", "Africa/Lusaka", "2020-01-01"),
    ("1241622", "Kalutara", "Kalutara", "", "6.58", "79.96", "P", "PPLA2", "LK", "", "36", "", "", "", "38000", "",
     "5", "Asia/Colombo", "2020-01-01"),
    # a made-up Ghanaian village of the Yemeni city's name, in the Western region
    ("9900036", "Marazeen", "Marazeen", "", "5.11", "-2.12", "P", "PPL", "GH", "", "09", "", "", "", "2000", "",
     "200", "Africa/Accra", "2020-01-01"),
    # a made-up Iranian town that has Najaf as an alternate name
    ("9900034", "Najafshahr", "Najafshahr", "Najaf", "32.61", "51.42", "P", "PPL", "IR", "", "04", "", "", "",
     "30000", "", "1600", "Asia/Tehran", "2020-01-01"),
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


def km(a: dict, lat: float, lon: float) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a["latitude"], a["longitude"], lat, lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def test_town_with_its_province_named_next_to_it(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Rebels clashed with the army in Tafas, Dar'a on Monday.", "clashed")
    assert (p["location"], p["country"], p["iso"], p["iso3"], p["geo_precision"]) == ("Tafas", "Syria", 760, "SYR", 1)
    assert name_key(p["admin1"]) in {"daraa", "dara"}
    assert p["_evidence"]["location"] == "Tafas"


@pytest.mark.parametrize(("text", "country"), [
    ("Protesters clashed with police in Tripoli, Lebanon, on Friday.", "Lebanon"),
    ("Lebanese protesters clashed with police in Tripoli on Friday.", "Lebanon"),
    ("Militias clashed in Tripoli on Friday.", "Libya"),  # no context: the larger city
])
def test_same_name_resolved_by_country_context(nlp, resolver, text: str, country: str) -> None:
    assert place_of(nlp, resolver, text, "clashed")["country"] == country


@pytest.mark.parametrize(("text", "precision"), [
    ("Rebels clashed with the army near Tafas on Monday.", 2),
    ("Rebels clashed with the army near the town of Tafas on Monday.", 2),
    ("Rebels clashed with the army in the area of Tafas on Monday.", 2),
    ("Rebels clashed with the army near a checkpoint in Tafas on Monday.", 1),
    ("Rebels clashed with the army near the Tafas market on Monday.", 1),
    ("Rebels clashed with the army in the Hara area of Tafas on Monday.", 1),
    ("Rebels clashed with the army on the outskirts of Tafas on Monday.", 1),
    ("Rebels clashed with the army in Tafas on Monday.", 1),
])
def test_geo_precision_of_a_town(nlp, resolver, text: str, precision: int) -> None:
    p = place_of(nlp, resolver, text, "clashed")
    assert (p["location"], p["geo_precision"]) == ("Tafas", precision)


def test_province_only_is_precision_3_at_its_main_town(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Rebels clashed with the army in Deir ez-Zor province on Monday.", "clashed")
    assert p["geo_precision"] == 3 and p["country"] == "Syria"
    assert km(p, 35.33588, 40.14084) < 1


@pytest.mark.parametrize("spelling", ["Dayr az Zawr", "Deir Ezzor", "Deir-ez-Zor"])
def test_transliterated_town_name(nlp, resolver, spelling: str) -> None:
    p = place_of(nlp, resolver, f"Rebels clashed with the army in {spelling} city on Monday.", "clashed")
    assert p["location"] == "Deir ez-Zor" and p["geo_precision"] == 1


def test_convoy_origin_is_not_the_event_place(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "A convoy from Damascus was attacked in Tafas on Monday.", "attacked")
    assert p["location"] == "Tafas"


def test_where_a_statement_was_made_is_not_the_event_place(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Rebels shelled Tafas on Monday, the minister said in Damascus.", "shelled")
    assert p["location"] == "Tafas"


def test_unknown_neighbourhood_is_placed_at_its_town(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Gunmen killed two farmers in Khirbet Zulaykha (Tafas, Dar'a) on Monday.", "killed")
    assert (p["location"], p["country"], p["geo_precision"]) == ("Khirbet Zulaykha", "Syria", 1)
    assert km(p, 32.73707, 36.06696) < 1 and p["_evidence"]["latitude"] == "Tafas"


def test_unknown_village_in_a_province_keeps_its_name_at_the_province_point(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Gunmen killed two farmers in Khirbet Zulaykha village (Deir ez-Zor province).",
                 "killed")
    assert (p["location"], p["country"], p["geo_precision"]) == ("Khirbet Zulaykha", "Syria", 2)
    assert km(p, 35.33588, 40.14084) < 1


def test_facility_named_after_its_town_is_in_the_town(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Nurses protested outside the Tafas General Hospital on Monday.", "protested")
    assert (p["location"], p["geo_precision"]) == ("Tafas", 1)


def test_area_between_two_provinces(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Seven Iraqis were killed in the deserted area between the provinces of Najaf "
                                "and Anbar last weekend.", "killed")
    assert p["country"] == "Iraq" and p["geo_precision"] in (2, 3)
    assert name_key(p["admin1"]) in {"najaf", "anbar"}


def test_no_place_gives_an_empty_annotation(nlp, resolver) -> None:
    assert place_of(nlp, resolver, "Two men were killed on Monday.", "killed") == {"_evidence": {}}


def test_later_sentence_inherits_the_article_place(nlp, resolver) -> None:
    text = "Fighting broke out in Tafas on Monday. Two soldiers were killed."
    p = place_of(nlp, resolver, text, "killed")
    assert p["location"] == "Tafas"


def test_text_naming_only_a_nation_is_coded_to_that_country(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "The Lebanese government imposed a curfew on Saturday.", "imposed")
    assert (p["country"], p["geo_precision"]) == ("Lebanon", 3)
    assert p["_evidence"]["country"] == "Lebanese"


def test_qualifier_that_ner_calls_a_person_still_places_the_village(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Jets struck Khirbet Zulaykha (Tafas) on Monday.", "struck")
    assert (p["country"], p["location"]) == ("Syria", "Khirbet Zulaykha")


@pytest.mark.parametrize(("text", "trigger", "location"), [
    # "the X": a building or landmark, not a village of that name; the town after "in" is the place
    ("Dozens of protesters gathered outside the Qasr in Ramadi on Friday.", "gathered", "Ramadi"),
    # the article belongs to the noun the name modifies: the name is still the place
    ("Soldiers stormed the Najaf refugee camp and fired tear gas.", "stormed", "Najaf"),
])
def test_a_name_with_the_article_is_a_building_unless_it_modifies_a_noun(nlp, resolver, text: str, trigger: str,
                                                                          location: str) -> None:
    assert place_of(nlp, resolver, text, trigger)["location"] == location


@pytest.mark.parametrize("text", [
    "Militants attacked a police post in Kotlani, J&K, on Monday.",
    "Militants attacked a police post in Kotlani (J&K) on Monday.",
])
def test_unit_initials_next_to_a_town_choose_its_namesake(nlp, resolver, text: str) -> None:
    p = place_of(nlp, resolver, text, "attacked")
    assert (p["location"], p["country"]) == ("Kotlani", "India")


@pytest.mark.parametrize(("text", "country"), [
    ("SDF fighters clashed with ISIS cells in Hazimah on Monday.", "Syria"),
    ("Houthi fighters clashed with government forces in Hazimah on Monday.", "Yemen"),
    ("PMF fighters clashed with ISIS remnants in Hazimah on Monday.", "Iraq"),
    ("Fighters clashed with ISIS remnants in Hazimah on Monday.", "Saudi Arabia"),  # no cue: the largest
])
def test_armed_group_with_a_home_country_chooses_the_namesake_village(nlp, resolver, text: str, country: str) -> None:
    assert place_of(nlp, resolver, text, "clashed")["country"] == country


def test_group_operating_area_chooses_the_namesake_in_its_governorate(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Clashes between the SDF and ISIS cells were reported in Jadidat Sharqi on "
                                "Monday.", "Clashes")
    assert p["country"] == "Syria" and name_key(p["admin1"]) in {name_key("Deir ez-Zor"), name_key("Dayr az Zawr")}


def test_group_name_is_not_a_place_but_names_the_country(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Al-Shabaab militants ambushed a convoy on the main road on Monday.", "ambushed")
    assert p["country"] == "Somalia" and p.get("location") != "Shabaab"


def test_monitoring_mission_names_the_country_of_an_unknown_village(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "The OSCE SMM recorded 40 explosions near Zolotivka on Monday.", "explosions")
    assert p["country"] == "Ukraine"


def test_state_abbreviation_after_a_town_chooses_its_namesake(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Students protested in Darbanai (Tank, KPK) on Monday.", "protested")
    assert (p["location"], p["country"]) == ("Darbanai", "Pakistan")
    assert name_key(p["admin1"]) == name_key("Khyber Pakhtunkhwa")


def test_big_town_abroad_yields_to_qualifiers_all_in_another_country(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Gunmen killed a shepherd in Ramadi village (Tafas, Daraa governorate) on Monday.", "killed")
    assert (p["country"], p["location"]) == ("Syria", "Ramadi")


@pytest.mark.parametrize("text", [
    "Houthi fighters shelled houses in Wadi Harib on Monday.",
    "Houthi fighters shelled houses in Wadi Harib (Harib) on Monday.",  # its qualifier unknown too
])
def test_one_home_country_cue_outweighs_a_small_namesake_abroad(nlp, resolver, text: str) -> None:
    p = place_of(nlp, resolver, text, "shelled")
    assert p["country"] == "Yemen" and p["geo_precision"] == 3


@pytest.mark.parametrize(("text", "location"), [
    ("Tribesmen protested outside the council building in al-Ramadi on Sunday.", "Ramadi"),
    ("Tribesmen protested outside the council building in an Najaf on Sunday.", "Najaf"),
])
def test_lower_case_article_before_a_name_keeps_the_place(nlp, resolver, text: str, location: str) -> None:
    p = place_of(nlp, resolver, text, "protested")
    assert (p["country"], p["location"]) == ("Iraq", location)


def test_square_named_after_a_namesake_abroad_yields_to_the_town_it_is_in(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Hundreds demonstrated in Hazimah square in Tafas against the government.",
                 "demonstrated")
    assert (p["country"], p["location"]) == ("Syria", "Tafas")


def test_namesake_neighbourhood_in_a_town_is_coded_as_the_town(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Gunmen shot dead 3 residents of the Hazimah neighbourhood in Najaf.", "shot")
    assert (p["country"], p["location"]) == ("Iraq", "Najaf")


def test_lower_case_direction_inside_an_entity_is_not_part_of_the_name(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "A sticky bomb exploded under a car in the Jamiaa area of west Ramadi.", "exploded")
    assert (p["country"], p["location"]) == ("Iraq", "Ramadi")


def test_one_country_name_in_the_background_does_not_drop_the_town(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Dozens rallied in Wadi Harib against moving refugees from the war in Yemen to their "
                                "town.", "rallied")
    assert (p["country"], p["location"]) == ("Saudi Arabia", "Wadi Harib")


@pytest.mark.parametrize("text, place", [
    ("Shelling in Taiz\n\nADEN, Yemen, March 18 - Rebel forces shelled a district in the city of Taiz on Sunday, "
     "killing three civilians.", "Taiz"),
    # with no other place in the story, the dateline's city is all there is
    ("ADEN, March 18 - Gunmen killed a tribal sheikh on Sunday, police said.", "Aden"),
])
def test_dateline_city_is_where_the_story_was_filed(text, place):
    import eventwire

    assert eventwire.extract(text, published="2024-03-18")[0].location == place


@pytest.mark.parametrize(("text", "trigger", "admin1", "location"), [
    # a small namesake in another oblast is not the village the monitors saw
    ("The OSCE SMM recorded 40 explosions near Zarichne Pole on Monday.", "explosions", "Donetsk", "Zarichne Pole"),
    # a village the gazetteer lacks: the mission's main region, not the capital
    ("The SMM recorded 12 explosions near Verkhnya Krynytsia on Monday.", "explosions", "Donetsk",
     "Verkhnya Krynytsia"),
    ("SDF fighters clashed with ISIS cells near Tall Shaqra on Monday.", "clashed", "Al-Hasakah", "Tall Shaqra"),
    ("SDF fighters clashed with ISIS cells in the village of Khirbet Umm Hajar.", "clashed", "Al-Hasakah",
     "Khirbet Umm Hajar"),
    ("Gunmen attacked a MINUSMA convoy near Intahaka Sud on Monday.", "attacked", "Kidal", "Intahaka Sud"),
])
def test_village_outside_the_cue_regions_falls_back_to_the_main_region(nlp, resolver, text: str, trigger: str,
                                                                        admin1: str, location: str) -> None:
    p = place_of(nlp, resolver, text, trigger)
    assert (name_key(p["admin1"]), p["location"], p["geo_precision"]) == (name_key(admin1), location, 2)


def test_region_the_text_names_wins_over_the_cue_main_region(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Shelling was reported near Zarichne Pole, Luhansk region. The SMM recorded 40 "
                                "explosions near Zarichne Pole.", "explosions")
    assert (p["admin1"], p["location"]) == ("Luhansk", "Zarichne Pole")


def test_a_place_named_outside_the_cue_regions_keeps_the_namesake(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "The SMM recorded 40 explosions near Zarichne Pole, west of Lviv.", "explosions")
    assert (p["admin1"], p["location"]) == ("Lviv", "Zarichne Pole")


@pytest.mark.parametrize(("text", "trigger", "admin1"), [
    ("The OSCE SMM recorded 40 explosions on Monday.", "explosions", "Donetsk"),
    ("SDF fighters repelled an ISIS attack on Monday.", "attack", "Al-Hasakah"),
])
def test_no_place_but_a_cue_with_regions_is_its_main_region_not_the_capital(nlp, resolver, text: str, trigger: str,
                                                                             admin1: str) -> None:
    p = place_of(nlp, resolver, text, trigger)
    assert (name_key(p["admin1"]), p["geo_precision"]) == (name_key(admin1), 3)


def test_village_known_only_by_the_cue_region_yields_to_a_place_the_text_placed(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "SDF patrols were ambushed near Al Hasakah on Monday. Two fighters were killed in "
                                "Khirbet Umm Hajar.", "killed")
    assert p["location"] == "Al Hasakah"


def places_of(nlp, resolver: PlaceResolver, text: str, trigger: str) -> list[str]:
    """The locations of the trigger's event and of the events it splits into (one per coordinated place)."""
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    sent = tok.sent
    doc._.ew_triggers = [Trigger(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text, head=tok.i,
                                 sent_start=sent.start, sent_end=sent.end, event_type="Battles",
                                 sub_event_type="Armed clash")]
    resolver(doc)
    ann = doc._.ew_places[0]
    return [a.values.get("location") for a in [ann, *ann.splits]]


@pytest.mark.parametrize(("text", "trigger", "locations"), [
    # a plural admin word after the list
    ("Protesters rallied in Nawa, Jasim, and Tafas towns on Friday.", "rallied", ["Nawa", "Jasim", "Tafas"]),
    ("Rebels attacked checkpoints in Nawa and Jasim districts, Daraa.", "attacked", ["Nawa", "Jasim"]),
    # the objects of the deed, placed by the region after them
    ("Gunmen attacked Nawa and Jasim in Daraa governorate on Monday.", "attacked", ["Nawa", "Jasim"]),
    ("Gunmen attacked Khirbet Ghazaleh and Umm Walad in Daraa governorate.", "attacked",
     ["Khirbet Ghazaleh", "Umm Walad"]),
    # a list after "the villages of", unknown villages placed by the governorate named after them
    ("Regime forces shelled the villages of Nawa, Khirbet Ghazaleh and Umm Walad in Daraa governorate.", "shelled",
     ["Nawa", "Khirbet Ghazaleh", "Umm Walad"]),
    # one place: a qualified name followed by another clause, or by its countryside
    ("Troops raided a farm near Nawa, Daraa governorate, and burned two houses.", "raided", ["Nawa"]),
    ("A car bomb went off in the town of Nawa, western Daraa countryside, killing 2.", "went", ["Nawa"]),
    # one place: "between A and B"
    ("Rebels clashed with the army between Nawa and Jasim on Monday.", "clashed", ["Nawa"]),
])
def test_one_deed_at_listed_places_splits_per_place(nlp, resolver, text: str, trigger: str,
                                                    locations: list[str]) -> None:
    assert places_of(nlp, resolver, text, trigger) == locations


def test_landmark_in_a_town_is_the_town(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Hundreds of teachers protested at Saadallah Square in Tafas on Monday.", "protested")
    assert p["location"] == "Tafas"


@pytest.mark.parametrize("text", [
    "Police clashed with residents of a Roma camp on Monday.",
    "Police clashed with Roma families on Monday.",
])
def test_a_people_named_like_a_city_is_not_the_city(nlp, resolver, text: str) -> None:
    assert place_of(nlp, resolver, text, "clashed").get("country") != "Italy"


def test_big_city_under_its_exonym_beats_a_smaller_namesake_under_its_main_name(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Activists clashed with police near Odessa on Monday.", "clashed")
    assert (p["country"], p["location"]) == ("Ukraine", "Odesa")


@pytest.mark.parametrize(("text", "location"), [
    ("Gunmen attacked the village of Hushaibah (Mudiyah, Abyan) on Monday.", "Hushaibah"),
    ("Gunmen attacked the village of Hushaibah (Bayt Nuqum) on Monday.", "Hushaibah"),
])
def test_loose_reading_abroad_yields_to_a_qualifier_in_one_country(nlp, resolver, text: str, location: str) -> None:
    p = place_of(nlp, resolver, text, "attacked")
    assert (p["country"], p["location"]) == ("Yemen", location)


def test_town_under_its_own_name_keeps_its_reading_against_a_smaller_village_abroad(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "A roadside bomb killed two soldiers near Tafas, Yadudah on Monday.", "killed")
    assert (p["country"], p["location"]) == ("Syria", "Tafas")


@pytest.mark.parametrize("text", [
    "Gunmen killed a farmer in Khirbet Zulaykha parish (Deir ez-Zor province) on Monday.",
    "Gunmen killed a farmer in Khirbet Zulaykha of the Deir ez-Zor governorate on Monday.",
])
def test_unit_after_parish_or_of_the_qualifies_the_village(nlp, resolver, text: str) -> None:
    p = place_of(nlp, resolver, text, "killed")
    assert (p["country"], p["location"]) == ("Syria", "Khirbet Zulaykha")


def test_loose_match_to_a_small_town_abroad_without_support_is_no_place(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Gunmen killed a shepherd in Kirmaniyah on Monday.", "killed")
    assert p.get("country") != "Egypt"


def test_loose_match_abroad_stands_when_the_text_names_its_country(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Egyptian police clashed with gunmen in Kirmaniyah on Monday.", "clashed")
    assert (p["country"], p["location"]) == ("Egypt", "Karmaniyah")


@pytest.mark.parametrize("generic", ["Western", "North East", "Central"])
def test_generic_province_name_does_not_move_a_big_city(nlp, resolver, generic: str) -> None:
    p = place_of(nlp, resolver, f"Police clashed with traders in Marazeen city ({generic}) on Monday.", "clashed")
    assert (p["country"], p["location"]) == ("Yemen", "Marazeen")


def test_big_town_under_its_own_name_beats_a_smaller_town_with_it_as_alternate_name(nlp, resolver) -> None:
    p = place_of(nlp, resolver, "Iranian pilgrims clashed with guards in Najaf on Monday, an Iranian official said.",
                 "clashed")
    assert (p["country"], p["location"]) == ("Iraq", "Najaf")
