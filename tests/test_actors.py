"""ew_actors: data files, government start years, and actor1/actor2 on real sentences."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from eventwire.stages.actors import (
    ACTORS_PATH,
    GOVERNMENTS_PATH,
    ActorDataError,
    ActorsComponent,
    Countries,
    Governments,
    load_actors,
    load_nouns,
)
from eventwire.stages.base import Annotation, Trigger

# ------------------------------------------------------------------ data files


def test_packaged_actor_list_loads():
    entries = load_actors(ACTORS_PATH)
    assert len(entries) > 200
    assert all(1 <= e.inter <= 8 for e in entries)


def test_class_nouns_load():
    nouns = load_nouns()
    assert nouns["soldier"][0] == "military"
    assert nouns["student"] == ("civilians", "Students ({country})")


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "invalid JSON"),
        ('["a list"]', "JSON object"),
        ('{"name": "X", "aliases": []}', "aliases"),
        ('{"aliases": ["X"]}', "needs a 'name'"),
        ('{"name": "X", "aliases": ["X"], "inter": 9}', "inter"),
        ('{"name": "X", "aliases": ["X"], "role": "boss"}', "role"),
        ('{"state": "Mali", "kind": "navy", "aliases": ["X"]}', "kind"),
        ('{"name": "X", "aliases": ["X"], "state_from": {"country": "Mali"}}', "state_from"),
    ],
)
def test_bad_actor_line_names_file_and_line(tmp_path: Path, line: str, problem: str):
    path = tmp_path / "mine.jsonl"
    path.write_text('{"name": "Good", "aliases": ["Good"]}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ActorDataError) as info:
        load_actors(path)
    assert "mine.jsonl" in str(info.value) and "line 2" in str(info.value) and problem in str(info.value)


def test_missing_actor_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(ActorDataError, match="cannot read"):
        load_actors(tmp_path / "nope.jsonl")


def test_comments_and_blank_lines_are_skipped(tmp_path: Path):
    path = tmp_path / "a.jsonl"
    path.write_text('# my groups\n\n{"name": "Red Hand", "aliases": ["Red Hand"], "inter": 3}\n', encoding="utf-8")
    (entry,) = load_actors(path)
    assert (entry.name, entry.inter, entry.aliases) == ("Red Hand", 3, ("Red Hand",))


def _government_rows() -> list[dict]:
    with open(GOVERNMENTS_PATH, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_government_periods_are_ordered_and_contiguous():
    by_country: dict[str, list[dict]] = {}
    for row in _government_rows():
        by_country.setdefault(row["country"], []).append(row)
    for country, rows in by_country.items():
        rows.sort(key=lambda r: r["start"])
        for before, after in zip(rows, rows[1:], strict=False):
            assert before["end"], f"{country}: only the last government may be open-ended"
            assert before["end"] == after["start"], f"{country}: gap or overlap at {before['end']}"
            assert before["start"] < before["end"]


def test_government_table_covers_2015_to_now_for_each_country():
    gov = Governments()
    for country in {row["country"] for row in _government_rows()}:
        if country == "Artsakh":  # dissolved on 1 January 2024
            continue
        for year in range(2015, 2027):
            assert gov.start_year(country, date(year, 6, 1)) is not None, f"{country} {year}"


def test_every_government_country_is_a_known_country():
    countries = Countries()
    for row in _government_rows():
        assert countries.lookup(row["country"]) is not None, row["country"]


@pytest.mark.parametrize(
    ("country", "when", "year"),
    [
        ("Nigeria", date(2020, 5, 1), 2015),
        ("Nigeria", date(2023, 6, 1), 2023),
        ("United States", date(2021, 1, 19), 2017),
        ("United States", date(2021, 1, 20), 2021),
        ("Democratic Republic of Congo", date(2020, 1, 1), 2019),
        ("DRC", date(2018, 1, 1), 2001),
        ("Afghanistan", date(2021, 9, 1), 2021),
        ("Mali", date(2021, 1, 1), 2020),
        ("Cameroon", date(2024, 1, 1), 1982),
        ("India", None, 2014),
    ],
)
def test_government_start_year(country: str, when: date | None, year: int):
    assert Governments().start_year(Countries().lookup(country).name, when) == year


def test_unknown_country_has_no_start_year():
    assert Governments().start_year("Atlantis", date(2020, 1, 1)) is None


@pytest.mark.parametrize(
    ("name", "acled"),
    [("DRC", "Democratic Republic of Congo"), ("Côte d'Ivoire", "Ivory Coast"), ("UK", "United Kingdom"),
     ("Burma", "Myanmar"), ("Syrian Arab Republic", "Syria"), ("Kenya", "Kenya")],
)
def test_country_aliases(name: str, acled: str):
    assert Countries().lookup(name).name == acled


def test_demonyms_and_articles():
    countries = Countries()
    assert countries.demonym("Israeli").name == "Israel"
    assert countries.demonym("israeli") is None  # proper adjectives only
    assert countries.lookup("Philippines").with_article == "the Philippines"


# ------------------------------------------------------------------ the component on real sentences

PUBLISHED = date(2020, 5, 10)


@pytest.fixture(scope="module")
def nlp():
    import spacy

    from eventwire.nlp import MODEL_NAME

    try:
        return spacy.load(MODEL_NAME)
    except OSError:
        pytest.skip("spaCy model not installed")


def code(nlp, text: str, trigger: str, event_type: str, sub: str, country: str | None,
         extra: str = "", when: date = PUBLISHED) -> dict:
    """Run only ew_actors on a parsed sentence with a hand-made trigger and place (the other stages are not the point)."""
    from eventwire.model import Document

    doc = nlp(text)
    doc._.ew_document = Document(id="t", text=text, published=when)
    start = text.index(trigger)
    tok = doc.char_span(start, start + len(trigger), alignment_mode="expand").root
    sent = tok.sent
    doc._.ew_triggers = [Trigger(start, start + len(trigger), trigger, tok.i, sent.start, sent.end, event_type, sub)]
    doc._.ew_places = [Annotation(values={"country": country})]
    doc._.ew_dates = [Annotation(values={"event_date": when.isoformat()})]
    component = ActorsComponent(nlp, extra_actors=extra)
    (ann,) = component.match(doc)
    return ann.values


VAC = ("Violence against civilians", "Attack")
CLASH = ("Battles", "Armed clash")


@pytest.mark.parametrize(
    ("text", "trigger", "kind", "country", "want"),
    [
        ("Suspected Boko Haram militants killed five farmers in Borno State on Monday.", "killed", VAC, "Nigeria",
         {"actor1": "Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad", "inter1": 2,
          "actor2": "Civilians (Nigeria)", "assoc_actor_2": "Farmers (Nigeria)", "inter2": 7}),
        ("Unidentified gunmen shot dead a teacher in Kandahar on Tuesday.", "shot", VAC, "Afghanistan",
         {"actor1": "Unidentified Armed Group (Afghanistan)", "inter1": 3, "actor2": "Civilians (Afghanistan)",
          "assoc_actor_2": "Teachers (Afghanistan)"}),
        ("Two men were shot dead by armed men in Culiacan on Saturday.", "shot", VAC, "Mexico",
         {"actor1": "Unidentified Armed Group (Mexico)", "actor2": "Civilians (Mexico)"}),
        ("Taliban fighters attacked a checkpoint of the Afghan army in Kunduz, killing four soldiers.", "attacked",
         CLASH, "Afghanistan", {"actor1": "Taliban", "inter1": 2, "actor2": "Military Forces of Afghanistan (2014-)",
                                "inter2": 1}),
        ("Security forces clashed with ELN rebels in Arauca.", "clashed", CLASH, "Colombia",
         {"actor1": "Military Forces of Colombia (2018-)", "actor2": "ELN: National Liberation Army", "inter2": 2}),
        ("Al-Shabaab militants clashed with Somali forces near Mogadishu on Thursday.", "clashed", CLASH, "Somalia",
         {"actor1": "Al Shabaab", "actor2": "Military Forces of Somalia (2017-)"}),
        ("Troops of India and Pakistan exchanged fire overnight along the LoC near Poonch.", "exchanged",
         CLASH, "India", {"actor1": "Military Forces of India (2014-)", "inter1": 1,
                          "actor2": "Military Forces of Pakistan (2018-)", "inter2": 8}),
        ("Members of the Koli caste attacked a family with sharp weapons, killing five of them.", "attacked",
         VAC, "India", {"actor1": "Koli Caste Militia (India)", "inter1": 4, "actor2": "Civilians (India)"}),
        ("Russian warplanes bombed a market in Idlib, killing 12 civilians.", "bombed",
         ("Explosions/Remote violence", "Air/drone strike"), "Syria",
         {"actor1": "Military Forces of Russia (2000-)", "inter1": 8, "actor2": "Civilians (Syria)", "inter2": 7}),
        ("An IED planted by the Islamic State exploded near an Iraqi army patrol in Diyala, wounding two soldiers.",
         "IED", ("Explosions/Remote violence", "Remote explosive/landmine/IED"), "Iraq",
         {"actor1": "Islamic State (Iraq)", "actor2": "Military Forces of Iraq (2020-)"}),
        ("Hundreds of students protested in Nairobi on Monday against fee increases.", "protested",
         ("Protests", "Peaceful protest"), "Kenya",
         {"actor1": "Protesters (Kenya)", "inter1": 6, "assoc_actor_1": "Students (Kenya)", "inter2": 0}),
        ("Police fired tear gas to disperse protesters in Lagos on Sunday.", "protesters",
         ("Protests", "Protest with intervention"), "Nigeria",
         {"actor1": "Protesters (Nigeria)", "actor2": "Police Forces of Nigeria (2015-)", "inter2": 1}),
        ("A mob lynched a man suspected of theft in Kano on Friday.", "lynched", ("Riots", "Mob violence"), "Nigeria",
         {"actor1": "Rioters (Nigeria)", "inter1": 5, "actor2": "Civilians (Nigeria)", "inter2": 7}),
        ("Israeli forces arrested three Palestinians in Hebron on Wednesday.", "arrested",
         ("Strategic developments", "Arrests"), "Palestine",
         {"actor1": "Military Forces of Israel (2009-)", "inter1": 8, "actor2": "Civilians (Palestine)"}),
        ("Police arrested two men in Mombasa.", "arrested", ("Strategic developments", "Arrests"), "Kenya",
         {"actor1": "Police Forces of Kenya (2013-)", "actor2": "Civilians (Kenya)"}),
    ],
)
def test_roles_and_names(nlp, text, trigger, kind, country, want):
    got = code(nlp, text, trigger, *kind, country)
    assert {k: got.get(k) for k in want} == want


def test_lone_actor_has_inter2_zero(nlp):
    got = code(nlp, "Thousands of workers marched in Dhaka.", "marched", "Protests", "Peaceful protest", "Bangladesh")
    assert got["inter2"] == 0 and "actor2" not in got


def test_coreference_resolves_the_group(nlp):
    text = "Al-Shabaab claimed an ambush on Tuesday. On Wednesday the militants attacked a village near Afgoye."
    got = code(nlp, text, "attacked", *VAC, "Somalia")
    assert got["actor1"] == "Al Shabaab"


def test_government_year_follows_the_event_date(nlp):
    text = "Nigerian troops killed ten bandits in Zamfara."
    before = code(nlp, text, "killed", *CLASH, "Nigeria", when=date(2022, 1, 1))
    after = code(nlp, text, "killed", *CLASH, "Nigeria", when=date(2024, 1, 1))
    assert before["actor1"] == "Military Forces of Nigeria (2015-)"
    assert after["actor1"] == "Military Forces of Nigeria (2023-)"


def test_group_that_became_the_state(nlp):
    text = "Taliban fighters killed two former soldiers in Kabul."
    got = code(nlp, text, "killed", *VAC, "Afghanistan", when=date(2022, 3, 1))
    assert got["actor1"] == "Military Forces of Afghanistan (2021-)" and got["inter1"] == 1


def test_country_specific_alias_needs_its_country(nlp):
    text = "Separatists attacked a checkpoint near Bamenda."
    in_cameroon = code(nlp, text, "attacked", *CLASH, "Cameroon")
    in_ukraine = code(nlp, text, "attacked", *CLASH, "Ukraine")
    assert in_cameroon["actor1"] == "Ambazonian Separatists"
    assert in_ukraine["actor1"] == "NAF: United Armed Forces of Novorossiya"


def test_extra_actor_file_extends_and_overrides(nlp, tmp_path: Path):
    extra = tmp_path / "mine.jsonl"
    extra.write_text(
        json.dumps({"name": "Red Hand Brigade", "inter": 3, "aliases": ["Red Hand Brigade", "RHB"]}) + "\n"
        + json.dumps({"name": "Islamic State (Test Province)", "inter": 2, "aliases": ["ISIS"]}) + "\n",
        encoding="utf-8",
    )
    got = code(nlp, "The RHB killed a trader in Goma.", "killed", *VAC, "Democratic Republic of Congo", str(extra))
    assert got["actor1"] == "Red Hand Brigade" and got["inter1"] == 3
    got = code(nlp, "ISIS killed a shepherd near Mafraq.", "killed", *VAC, "Jordan", str(extra))
    assert got["actor1"] == "Islamic State (Test Province)"


def test_evidence_points_at_the_words(nlp):
    from eventwire.model import Document

    text = "Unidentified gunmen shot dead a teacher in Kandahar on Tuesday."
    doc = nlp(text)
    doc._.ew_document = Document(id="t", text=text, published=PUBLISHED)
    tok = doc[3]
    doc._.ew_triggers = [Trigger(tok.idx, tok.idx + 4, "shot", tok.i, 0, len(doc), *VAC)]
    doc._.ew_places = [Annotation(values={"country": "Afghanistan"})]
    doc._.ew_dates = [Annotation()]
    (ann,) = ActorsComponent(nlp).match(doc)
    span = ann.evidence["actor1"]
    assert text[span.start:span.end] == span.text == "Unidentified gunmen"
    assert ann.evidence["actor2"].text == "teacher"


def test_no_triggers_gives_an_empty_list(nlp):
    doc = nlp("Nothing happened.")
    doc._.ew_triggers = []
    assert ActorsComponent(nlp).match(doc) == []


@pytest.mark.parametrize(
    ("text", "trigger", "kind", "country", "want"),
    [
        ("Israeli airstrikes killed 15 Palestinians in Gaza on Tuesday.", "airstrikes",
         ("Explosions/Remote violence", "Air/drone strike"), "Palestine",
         {"actor1": "Military Forces of Israel (2009-)", "inter1": 8}),
        ("Fighters from the Rapid Support Forces attacked the town, killing 40 civilians.", "attacked", VAC, "Sudan",
         {"actor1": "RSF: Rapid Support Forces", "inter1": 2}),
        ("Suspected JNIM or ISGS fighters assassinated a village elder near Djibo.", "assassinated", VAC, "Burkina Faso",
         {"actor1": "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)"}),
        ("Afghan security forces repelled a Taliban assault on a checkpoint in Helmand.", "repelled", CLASH,
         "Afghanistan", {"actor1": "Taliban", "actor2": "Military Forces of Afghanistan (2014-)"}),
        ("A security guard shot a man at a filling station in Kimberley.", "shot", VAC, "South Africa",
         {"actor1": "Private Security Forces (South Africa)", "inter1": 8}),
        ("The Afghan government released 100 Taliban detainees from Pul-e-Charkhi jail.", "released",
         ("Strategic developments", "Other"), "Afghanistan", {"actor1": "Government of Afghanistan (2014-)", "inter1": 1}),
        ("Two mobs clashed with each other in Pratapgarh over a property dispute.", "clashed",
         ("Riots", "Mob violence"), "India", {"actor1": "Rioters (India)", "actor2": "Rioters (India)", "inter2": 5}),
        ("Islamic State fighters shot dead a farmer near Rafah.", "shot", VAC, "Egypt",
         {"actor1": "Islamic State (Egypt)"}),
        ("A Border Security Force officer opened fire at a group of people, killing one.", "opened fire", VAC, "India",
         {"actor1": "Police Forces of India (2014-)"}),
    ],
)
def test_acled_conventions(nlp, text, trigger, kind, country, want):
    got = code(nlp, text, trigger, *kind, country)
    assert {k: got.get(k) for k in want} == want


def test_claim_of_responsibility_names_the_attacker(nlp):
    text = ("At least 20 people were killed when a suicide bomber blew himself up at a mosque in Kabul. "
            "The Islamic State group claimed responsibility for the attack.")
    got = code(nlp, text, "blew himself up", "Explosions/Remote violence", "Suicide bomb", "Afghanistan")
    assert got["actor1"] == "Islamic State (Khorasan)"


def test_ambiguous_acronym_only_in_its_conflict(nlp):
    # RSF is also Reporters Without Borders: only in Sudan does it name the Rapid Support Forces
    in_sudan = code(nlp, "RSF fighters attacked a market in Nyala.", "attacked", *VAC, "Sudan")
    elsewhere = code(nlp, "RSF fighters attacked a market in Nyala.", "attacked", *VAC, "France")
    assert in_sudan["actor1"] == "RSF: Rapid Support Forces"
    assert elsewhere["actor1"] != "RSF: Rapid Support Forces"


def test_pronoun_subject_resolves_to_the_last_actor(nlp):
    text = "Gunmen stormed a village near Zurmi on Sunday. They killed nine farmers."
    got = code(nlp, text, "killed", *VAC, "Nigeria")
    assert got["actor1"] == "Unidentified Armed Group (Nigeria)"
    assert got["assoc_actor_2"] == "Farmers (Nigeria)"


def test_seed_article_actors():
    import eventwire

    from .conftest import SEED_TEXT

    events = eventwire.extract(SEED_TEXT.read_text(encoding="utf-8"), published="2019-02-21", doc_id="seed")
    by_trigger = {next(e.text for e in ev.evidence if e.field == "event_type"): ev for ev in events}
    assert "Syrian Democratic Forces" in by_trigger["evacuated"].actor1
    killing = by_trigger["killed"]
    assert (killing.actor1, killing.actor2, killing.inter2) == ("Islamic State (Iraq)", "Civilians (Iraq)", 7)


@pytest.mark.parametrize(
    ("text", "country", "actor1"),
    [
        ("A man was found dead with his hands tied in Colonia Centro.", "Mexico", "Unidentified Gang (Mexico)"),
        ("Two armed men shot a shopkeeper in Colonia Centro.", "Mexico", "Unidentified Armed Group (Mexico)"),
        ("A man was found dead with gunshot wounds near Kismayo.", "Somalia", "Unidentified Armed Group (Somalia)"),
    ],
)
def test_unattributed_killings_follow_regional_practice(nlp, text, country, actor1):
    trigger = "found dead" if "found dead" in text else "shot"
    assert code(nlp, text, trigger, *VAC, country)["actor1"] == actor1


@pytest.mark.parametrize(
    ("text", "trigger", "kind", "country", "actor1"),
    [
        ("Military police officers were exchanging fire with a suspected trafficker, who was killed.",
         "exchanging fire", CLASH, "Brazil", "Military Forces of Brazil (2019-) Military Police"),
        ("Turkish gendarmerie detained 12 people in Van.", "detained", ("Strategic developments", "Arrests"), "Turkey",
         "Military Forces of Turkey (2016-) Gendarmerie"),
        ("Prison guards beat an inmate in Abidjan.", "beat", VAC, "Ivory Coast",
         "Police Forces of the Ivory Coast (2011-) Prison Guards"),
    ],
)
def test_units_every_state_has(nlp, text, trigger, kind, country, actor1):
    assert code(nlp, text, trigger, *kind, country)["actor1"] == actor1


def test_missing_or_odd_upstream_annotations_do_not_break_the_stage(nlp):
    from eventwire.model import Document

    text = "Security forces dispersed protesters in the capital."
    doc = nlp(text)
    doc._.ew_document = Document(id="t", text=text, published=None)
    tok = doc[4]
    doc._.ew_triggers = [Trigger(tok.idx, tok.idx + len(tok.text), tok.text, tok.i, 0, len(doc), "Protests",
                                 "Protest with intervention")]
    doc._.ew_places = [Annotation(values={"country": 42})]
    doc._.ew_dates = None
    (ann,) = ActorsComponent(nlp).match(doc)
    assert ann.values["actor1"] == "Protesters" and ann.values["inter1"] == 6


def test_the_other_side_of_a_clash_can_come_from_the_previous_sentence(nlp):
    text = "ISWAP militants tried to overrun an army position near Diffa. The soldiers repulsed the assault."
    got = code(nlp, text, "repulsed", *CLASH, "Niger")
    assert (got["actor1"], got["actor2"]) == ("Islamic State (West Africa)", "Military Forces of Niger (2011-)")


def test_coordinated_groups_stay_two_actors(nlp):
    got = code(nlp, "A clash between GNA and LNA forces was reported in Tripoli.", "clash", *CLASH, "Libya")
    assert {got["actor1"], got["actor2"]} == {"Military Forces of Libya (2016-) Government of National Accord",
                                              "Military Forces of Libya (2014-) Khalifa Haftar Faction"}


def test_state_seizures_have_criminal_owners(nlp):
    got = code(nlp, "Federal police seized three tons of marijuana hidden in a farm.", "seized",
               "Strategic developments", "Looting/property destruction", "Brazil")
    assert got["actor1"] == "Police Forces of Brazil (2019-) Federal Police"
    assert got["actor2"] == "Unidentified Armed Group (Brazil)" and got["inter2"] == 3


def test_displaced_civilians_are_the_actor_of_a_lone_development(nlp):
    got = code(nlp, "Around 260 villagers were displaced from Camudlas after the fighting.", "displaced",
               "Strategic developments", "Other", "Philippines")
    assert (got["actor1"], got["inter1"], got["inter2"]) == ("Civilians (Philippines)", 7, 0)


def test_subject_above_a_clause_on_a_noun(nlp):
    got = code(nlp, "Israeli troops worked to establish an observation post close to Houla.", "establish",
               "Strategic developments", "Headquarters or base established", "Lebanon")
    assert got["actor1"] == "Military Forces of Israel (2009-)" and got["inter1"] == 8


@pytest.mark.parametrize(
    ("text", "trigger", "kind", "actor1"),
    [
        ("Gunmen and militiamen from the Ayr sub-clan of the Habar Gedir shot a farmer near Galkayo.", "shot", VAC,
         "Ayr Sub-Clan Militia (Somalia)"),
        ("Armed militias of the Aweyle and Jibriil clans battled outside the town on Sunday.", "battled", CLASH,
         "Aweyle Clan Militia (Somalia)"),
        ("Local militiamen attacked a settlement near Beledweyne.", "attacked", VAC,
         "Unidentified Communal Militia (Somalia)"),
    ],
)
def test_militias_named_after_their_community(nlp, text, trigger, kind, actor1):
    got = code(nlp, text, trigger, *kind, "Somalia")
    assert (got["actor1"], got["inter1"]) == (actor1, 4)


def test_attacked_state_forces_stay_the_target(nlp):
    got = code(nlp, "Unidentified gunmen shot dead two policemen at a checkpoint in Maiduguri.", "shot", *VAC, "Nigeria")
    assert (got["actor2"], got["inter2"]) == ("Police Forces of Nigeria (2015-)", 1)


@pytest.mark.parametrize(
    ("text", "trigger", "country", "actor1", "actor2"),
    [
        ("A Malian army truck struck an IED outside Boni. JNIM claimed responsibility.", "struck an IED",
         "Mali", "JNIM: Group for Support of Islam and Muslims", "Military Forces of Mali (2013-)"),
        ("Five soldiers were killed as an IED planted by the BLA hit their vehicle in Kech.", "IED", "Pakistan",
         "BLA: Balochistan Liberation Army", "Military Forces of Pakistan (2018-)"),
        ("Two Taliban fighters were wounded by an IS-planted landmine in Achin district.", "landmine",
         "Afghanistan", "Islamic State (Khorasan)", "Taliban"),
    ],
)
def test_who_planted_the_device_and_who_it_hit(nlp, text, trigger, country, actor1, actor2):
    got = code(nlp, text, trigger, "Explosions/Remote violence", "Remote explosive/landmine/IED", country)
    assert (got["actor1"], got["actor2"]) == (actor1, actor2)


def test_pro_government_militia(nlp):
    got = code(nlp, "A shepherd was killed by pro-government militiamen in Ghor province.", "killed", *VAC, "Afghanistan")
    assert (got["actor1"], got["inter1"]) == ("Militia (Pro-Government)", 3)


def test_a_clash_naming_no_party_has_unidentified_groups_on_both_sides(nlp):
    got = code(nlp, "A shoot-out broke out in the market district late on Sunday.", "shoot-out", *CLASH, "Peru")
    assert (got["actor1"], got["inter1"]) == ("Unidentified Armed Group (Peru)", 3)
    assert (got["actor2"], got["inter2"]) == ("Unidentified Armed Group (Peru)", 3)


def test_a_clash_on_a_standing_front_line_names_its_two_sides(nlp):
    text = "Monitors recorded 40 explosions and bursts of gunfire near the village overnight."
    got = code(nlp, text, "explosions", *CLASH, "Ukraine")
    assert got["actor1"].startswith("Military Forces of Ukraine") and got["inter1"] == 1
    assert (got["actor2"], got["inter2"]) == ("NAF: United Armed Forces of Novorossiya", 2)


def test_a_state_unit_acronym_keeps_its_state_when_the_country_is_misread(nlp):
    got = code(nlp, "GNA forces shelled the outskirts of the town.", "shelled",
               "Explosions/Remote violence", "Shelling/artillery/missile attack", "Tunisia")
    assert got["actor1"].startswith("Military Forces of Libya") and got["actor1"].endswith("Government of National Accord")
    assert got["inter1"] == 1


@pytest.mark.parametrize("people", ["armed pastoralists", "armed herders", "armed villagers"])
def test_armed_people_of_a_livelihood_are_a_communal_militia(nlp, people):
    got = code(nlp, f"On Monday {people} attacked two farmers near the river, killing one.", "attacked", *VAC, "Chad")
    assert (got["actor1"], got["inter1"]) == ("Unidentified Communal Militia (Chad)", 4)


@pytest.mark.parametrize(
    "text",
    ["Police clashed with gunmen near the market. The gunmen had attacked a patrol an hour earlier.",
     "Gunmen opened fire on officers near the market and the police shot back, sparking a clash."],
)
def test_the_side_that_started_a_clash_comes_first(nlp, text):
    trigger = "clashed" if "clashed" in text else "clash"
    got = code(nlp, text, trigger, *CLASH, "Kenya")
    assert got["inter1"] == 3 and got["actor2"].startswith("Police Forces of Kenya")


def test_a_state_does_not_fight_its_own_forces(nlp):
    text = "Military police raided a slum in the north of the city. A gunfight followed and two officers were wounded."
    got = code(nlp, text, "gunfight", *CLASH, "Brazil")
    assert got["inter1"] == 1 and (got["actor2"], got["inter2"]) == ("Unidentified Armed Group (Brazil)", 3)


def test_police_and_soldiers_can_clash(nlp):
    got = code(nlp, "Police clashed with soldiers at a checkpoint in the capital.", "clashed", *CLASH, "Kenya")
    assert got["actor1"].startswith("Police Forces of Kenya") and got["actor2"].startswith("Military Forces of Kenya")


@pytest.mark.parametrize(
    ("text", "trigger", "kind", "country", "actor1"),
    [
        ("Two soldiers died when gunmen (suspected ISIS) stormed a checkpoint near Tarmiyah.", "stormed", CLASH,
         "Iraq", "Islamic State"),
        ("Men suspected to be Islamic State militants threw a grenade at an army post in Kirkuk.", "threw",
         ("Explosions/Remote violence", "Grenade"), "Iraq", "Islamic State"),
        ("A roadside bomb hit a bus in Daraa, killing four passengers. Local officials blamed the bombing on the "
         "Islamic State.", "roadside bomb", ("Explosions/Remote violence", "Remote explosive/landmine/IED"), "Syria",
         "Islamic State"),
        ("A mine wounded three soldiers near Palmyra. The device was probably planted by ISIS cells.", "mine",
         ("Explosions/Remote violence", "Remote explosive/landmine/IED"), "Syria", "Islamic State"),
        ("A bomb struck a Houthi patrol in Taiz. AQAP claimed to have killed three fighters.", "bomb",
         ("Explosions/Remote violence", "Remote explosive/landmine/IED"), "Yemen",
         "AQAP: Al Qaeda in the Arabian Peninsula"),
    ],
)
def test_the_group_a_report_suspects_or_blames_is_the_attacker(nlp, text, trigger, kind, country, actor1):
    got = code(nlp, text, trigger, *kind, country)
    assert (got["actor1"], got["inter1"]) == (f"{actor1} ({country})" if actor1 == "Islamic State" else actor1, 2)


@pytest.mark.parametrize(
    ("text", "trigger", "inter2"),
    [
        ("Rioters hurled petrol bombs at a bank branch in Sidon.", "hurled", 7),
        ("Angry youths set fire to a shop in Tyre after the funeral.", "set fire", 7),
        ("Rioters blocked the coastal highway with burning tyres.", "blocked", 0),
    ],
)
def test_property_rioters_attack_belongs_to_civilians(nlp, text, trigger, inter2):
    got = code(nlp, text, trigger, "Riots", "Violent demonstration", "Lebanon")
    assert got["inter1"] == 5 and got["inter2"] == inter2


@pytest.mark.parametrize(
    ("text", "trigger", "kind", "country", "want"),
    [
        ("SAA troops shelled the outskirts of Kansafra.", "shelled", ("Explosions/Remote violence",
         "Shelling/artillery/missile attack"), "Syria", ("Military Forces of Syria (2000-)", 1)),
        ("NDF militiamen clashed with ISIS cells near Sukhnah.", "clashed", CLASH, "Syria",
         ("NDF: National Defence Forces", 3)),
        ("Fighters of Ahrar al-Sham attacked a regime position in Jabal al-Zawiya.", "attacked", CLASH, "Syria",
         ("Ahrar al Sham", 2)),
        ("Federal Police clashed with gunmen in Baquba.", "clashed", CLASH, "Iraq", ("Police Forces of Iraq (2022-)", 1)),
        ("Saraya al-Salam gunmen clashed with Asaib Ahl al-Haq members in Basra.", "clashed", CLASH, "Iraq",
         ("Saraya al Salam", 3)),
        ("Security Belt Forces clashed with AQAP militants in Abyan.", "clashed", CLASH, "Yemen",
         ("Security Belt Forces", 3)),
        ("Forces of the Southern Transitional Council attacked a government camp in Shabwa.", "attacked", CLASH,
         "Yemen", ("STC: Southern Transitional Council", 3)),
        ("Coalition warplanes struck a Houthi camp near Saada.", "struck", ("Explosions/Remote violence",
         "Air/drone strike"), "Yemen", ("Military Forces of Saudi Arabia (2015-)", 8)),
        ("Coalition aircraft struck an ISIS hideout near Hajin.", "struck", ("Explosions/Remote violence",
         "Air/drone strike"), "Syria", ("Military Forces of the United States (2021-)", 8)),
        ("The Lebanese Armed Forces arrested a smuggler near Hermel.", "arrested", ("Strategic developments",
         "Arrests"), "Lebanon", ("Military Forces of Lebanon (2022-)", 1)),
    ],
)
def test_syria_iraq_yemen_lebanon_actors(nlp, text, trigger, kind, country, want):
    got = code(nlp, text, trigger, *kind, country, when=date(2023, 6, 1))
    assert (got["actor1"], got["inter1"]) == want


@pytest.mark.parametrize(
    ("text", "trigger", "sub", "want"),
    [
        ("Turkish gendarmes destroyed nine PKK shelters in the mountains of Lice.", "destroyed",
         "Looting/property destruction", ("Military Forces of Turkey (2016-) Gendarmerie", "PKK: Kurdistan Workers Party")),
        ("Soldiers, watched over by Hezbollah members, razed farmland near the border.", "razed",
         "Looting/property destruction", ("Military Forces of Turkey (2016-)", "Unidentified Armed Group (Turkey)")),
        ("Turkish troops seized a weapons cache hidden by PKK militants near Cukurca.", "seized",
         "Disrupted weapons use", ("Military Forces of Turkey (2016-)", "PKK: Kurdistan Workers Party")),
    ],
)
def test_the_state_acts_on_property_of_the_group_that_owns_it(nlp, text, trigger, sub, want):
    got = code(nlp, text, trigger, "Strategic developments", sub, "Turkey", when=date(2023, 6, 1))
    assert (got["actor1"], got["actor2"]) == want


@pytest.mark.parametrize(
    ("text", "trigger", "name"),
    [
        ("Inter-clan clashes killed two people near Marib.", "clashes", "Unidentified Clan Militia (Yemen)"),
        ("Clashes erupted between two tribes in the Jawf desert, killing three.", "Clashes",
         "Unidentified Tribal Militia (Yemen)"),
    ],
)
def test_a_fight_within_one_kind_of_community_has_it_on_both_sides(nlp, text, trigger, name):
    got = code(nlp, text, trigger, *CLASH, "Yemen")
    assert (got["actor1"], got["inter1"], got["actor2"], got["inter2"]) == (name, 4, name, 4)


def test_tribal_fighters_are_an_identity_militia(nlp):
    got = code(nlp, "Tribal fighters attacked an SDF checkpoint near Diban.", "attacked", *CLASH, "Syria")
    assert (got["actor1"], got["inter1"]) == ("Unidentified Tribal Militia (Syria)", 4)
    assert got["actor2"] == "QSD: Syrian Democratic Forces"


def test_a_storm_destroying_crops_gives_rioters_no_target(nlp):
    got = code(nlp, "Farmers rioted outside the governor's office after a storm destroyed their crops.", "rioted",
               "Riots", "Violent demonstration", "Syria")
    assert got["inter2"] == 0


def test_a_claimed_bombing_keeps_the_state_force_it_hit(nlp):
    text = ("A remote-controlled bomb targeted Govt forces on the airport road. "
            "Al Shabaab claimed to have killed three troops.")
    got = code(nlp, text, "bomb", "Explosions/Remote violence", "Remote explosive/landmine/IED", "Somalia")
    assert (got["actor1"], got["actor2"]) == ("Al Shabaab", "Military Forces of Somalia (2017-)")


@pytest.mark.parametrize(
    ("text", "trigger", "kind", "when", "want"),
    [
        ("Houthi forces clashed with government forces south of Marib.", "clashed", CLASH, date(2023, 3, 20),
         ("Military Forces of Yemen (2017-) Supreme Political Council", 1,
          "Military Forces of Yemen (2022-) Presidential Leadership Council", 1)),
        ("Houthi fighters attacked government positions near Taiz.", "attacked", CLASH, date(2016, 4, 7),
         ("Houthi Movement", 2, "Military Forces of Yemen (2012-)", 1)),
    ],
)
def test_rival_governments_of_yemen(nlp, text, trigger, kind, when, want):
    got = code(nlp, text, trigger, *kind, "Yemen", when=when)
    assert (got["actor1"], got["inter1"], got["actor2"], got["inter2"]) == want


def test_state_units_with_their_own_name(nlp):
    got = code(nlp, "A roadside bomb hit a PMF vehicle near Abu Ghraib.", "roadside bomb",
               "Explosions/Remote violence", "Remote explosive/landmine/IED", "Iraq", when=date(2023, 4, 2))
    assert (got["actor2"], got["inter2"]) == ("Military Forces of Iraq (2022-) Popular Mobilization Forces", 1)


def test_shelling_of_ground_a_group_holds_targets_that_group(nlp):
    text = "Turkish artillery shelled the outskirts of Tal Rifaat, an area held by the SDF."
    got = code(nlp, text, "shelled", "Explosions/Remote violence", "Shelling/artillery/missile attack", "Syria",
               when=date(2023, 7, 22))
    assert (got["actor1"], got["actor2"]) == ("Military Forces of Turkey (2016-)", "QSD: Syrian Democratic Forces")


def test_unclaimed_rockets_from_across_a_border_are_an_unknown_group_there(nlp):
    text = "Two rockets fired from the Gaza Strip landed in open fields near Sderot."
    got = code(nlp, text, "rockets", "Explosions/Remote violence", "Shelling/artillery/missile attack", "Israel")
    assert (got["actor1"], got["inter1"]) == ("Unidentified Armed Group (Palestine)", 3)


@pytest.mark.parametrize("name", ["al-Asad", "Ain", "Al"])
def test_short_words_are_not_country_codes(name):
    assert Countries().lookup(name) is None


@pytest.mark.parametrize(
    ("when", "want"),
    [(date(2023, 8, 16), ("HTS: Hayat Tahrir al Sham", 2)), (date(2025, 3, 1), ("Military Forces of Syria (2024-)", 1))],
)
def test_the_general_security_of_idlib_became_the_state(nlp, when, want):
    got = code(nlp, "General Security forces arrested a media activist in Sarmada.", "arrested",
               "Strategic developments", "Arrests", "Syria", when=when)
    assert (got["actor1"], got["inter1"]) == want


def test_a_group_named_near_an_unplanted_device_is_its_target(nlp):
    text = "A bomb hidden in a car belonging to a member of the Syrian National Army exploded in Jarablus."
    got = code(nlp, text, "exploded", "Explosions/Remote violence", "Remote explosive/landmine/IED", "Syria")
    assert (got["actor1"], got["actor2"]) == ("Unidentified Armed Group (Syria)", "Syrian National Army")


def test_victims_named_by_kinship_are_civilians(nlp):
    text = "A landmine planted by the Houthis exploded under a motorcycle near Hays, killing two brothers."
    got = code(nlp, text, "landmine", "Explosions/Remote violence", "Remote explosive/landmine/IED", "Yemen",
               when=date(2023, 8, 12))
    assert (got["inter1"], got["actor2"], got["inter2"]) == (1, "Civilians (Yemen)", 7)


def test_unclaimed_rockets_in_palestine_are_not_a_state_army(nlp):
    got = code(nlp, "Three rockets were fired toward the border fence east of Khan Younis.", "rockets",
               "Explosions/Remote violence", "Shelling/artillery/missile attack", "Palestine")
    assert (got["actor1"], got["inter1"]) == ("Unidentified Armed Group (Palestine)", 3)


def test_public_buildings_rioters_burn_are_not_civilian_property(nlp):
    got = code(nlp, "Rioters set fire to the municipality building in Nasiriyah.", "set fire",
               "Riots", "Violent demonstration", "Iraq")
    assert got["inter2"] == 0


@pytest.mark.parametrize(
    ("text", "actor2"),
    [
        ("The SDF arrested twelve men accused of belonging to ISIS cells in al-Shaddadi.", "Islamic State (Syria)"),
        ("Police arrested a schoolteacher in Raqqa.", "Civilians (Syria)"),
    ],
)
def test_arrested_members_of_an_armed_group_are_that_group(nlp, text, actor2):
    got = code(nlp, text, "arrested", "Strategic developments", "Arrests", "Syria")
    assert got["actor2"] == actor2


@pytest.mark.parametrize("text", [
    "On 3 June 2023, protesters angry at the soaring US dollar exchange rate blocked the main road in Kfar Zorbelya.",
    "On 3 June 2023, dozens of people protested outside the French embassy in Kfar Zorbelya.",
])
def test_a_country_that_only_qualifies_money_or_an_embassy_does_not_name_the_crowd(text):
    import eventwire

    events = eventwire.extract(text, published="2023-06-03")
    assert events and all("(" not in (e.actor1 or "") for e in events), [e.actor1 for e in events]


def test_a_country_own_currency_still_names_the_crowd():
    import eventwire

    text = ("On 3 June 2023, protesters angry at the fall of the Lebanese pound gathered in the main square "
            "of Kfar Zorbelya.")
    assert [e.actor1 for e in eventwire.extract(text, published="2023-06-03")] == ["Protesters (Lebanon)"]
