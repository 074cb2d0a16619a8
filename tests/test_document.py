"""The document stage: one event per happening, the main event, stories that report no event.

Every text here was written by the team for these tests.
"""

from __future__ import annotations

import pytest
import spacy

import eventwire
from eventwire.stages.base import CharSpan, Trigger
from eventwire.stages.document import NEWS_DAYS, news_window
from eventwire.stages.document.fold import (
    Fold,
    _dates_agree,
    _places_agree,
    _type_giver,
    fold_mentions,
    happening_values,
)
from eventwire.stages.document.lexicon import (
    DATA_FILE,
    DocumentDataError,
    load_document_lexicon,
    parse_document_lexicon,
)
from eventwire.stages.document.mentions import Mention, in_quotation, is_anaphoric

LEX = load_document_lexicon(DATA_FILE)


def events(text: str, published: str = "2024-03-20", **kw) -> list:
    return eventwire.extract(text, published=published, doc_id="t", **kw)


# ---- the data file ------------------------------------------------------------------------------


def test_shipped_document_data_loads():
    assert LEX.same_family("Attack", "Remote explosive/landmine/IED")
    assert not LEX.same_family("Peaceful protest", "Violent demonstration")
    assert "Suicide bomb" in LEX.refinements["Attack"]
    assert LEX.is_toll("were killed") and not LEX.is_toll("stormed")


@pytest.mark.parametrize("line, message", [
    ('{"kind": "family", "name": "x", "sub_event_types": ["Bombing"]}', "unknown sub_event_type 'Bombing'"),
    ('{"kind": "refine", "general": "Attack"}', "expected a list"),
    ('{"kind": "nonsense"}', "unknown kind"),
    ('{"kind": "toll", "families": ["nowhere"]}', "unknown families"),
    ("{not json", "invalid JSON"),
])
def test_bad_document_data_is_named(line, message):
    with pytest.raises(DocumentDataError, match=message):
        parse_document_lexicon([line], source="mine.jsonl")


# ---- pure pieces: mentions built by hand ----------------------------------------------------------


def mention(order: int, sub: str, *, date: str | None = None, place: dict | None = None, quoted: bool = False,
            anaphoric: bool = False, headline: bool = False, toll: bool = False) -> Mention:
    trigger = Trigger(order * 10, order * 10 + 4, "word", 0, 0, 1, "x", sub)
    values = {"sub_event_type": sub, **(place or {})}
    evidence = {}
    if date:
        values.update(event_date=date, date_start=date, date_end=date, time_precision=1)
        evidence["event_date"] = CharSpan(0, 1, "d")
    if place and place.get("location"):
        evidence["location"] = CharSpan(order, order + 1, place["location"])
        evidence["country"] = CharSpan(order + 500, order + 501, place["country"])
    return Mention(trigger=trigger, values=values, evidence=evidence, order=order, sentence=order,
                   headline=headline, anaphoric=anaphoric, quoted=quoted, toll=toll)


TOWN_A = {"country": "Mali", "admin1": "Mopti", "location": "A", "latitude": 14.0, "longitude": -4.0, "geo_precision": 1}
TOWN_NEAR_A = {"country": "Mali", "admin1": "Mopti", "location": "B", "latitude": 14.1, "longitude": -4.0,
               "geo_precision": 1}
TOWN_FAR = {"country": "Mali", "admin1": "Gao", "location": "C", "latitude": 16.3, "longitude": -0.1, "geo_precision": 1}


@pytest.mark.parametrize("a, b, agree", [
    (mention(0, "Attack", date="2024-03-18"), mention(1, "Attack", date="2024-03-18"), True),
    (mention(0, "Attack", date="2024-03-18"), mention(1, "Attack", date="2024-03-19"), False),
    (mention(0, "Attack", date="2024-03-18"), mention(1, "Attack", date="2024-03-19", quoted=True), True),
    (mention(0, "Attack", date="2024-03-18"), mention(1, "Attack"), True),  # undated agrees with any day
])
def test_dates_agree(a, b, agree):
    assert _dates_agree(a, b) is agree


@pytest.mark.parametrize("a, b, agree", [
    (TOWN_A, TOWN_NEAR_A, False),  # 11 km apart: two towns
    (TOWN_A, {**TOWN_NEAR_A, "latitude": 14.02}, True),  # 2 km: one place under two names
    (TOWN_A, TOWN_FAR, False),
    (TOWN_A, {"country": "Niger", "location": "A", "geo_precision": 1}, False),
    (TOWN_A, {}, True),  # no place: agrees with any
])
def test_places_agree(a, b, agree):
    assert _places_agree(mention(0, "Attack", place=a), mention(1, "Attack", place=b)) is agree


def test_two_towns_struck_on_one_day_stay_two_happenings():
    folds = fold_mentions([mention(0, "Air/drone strike", date="2024-03-18", place=TOWN_A),
                           mention(1, "Air/drone strike", date="2024-03-18", place=TOWN_FAR)], LEX)
    assert len(folds) == 2


def test_a_toll_folds_into_the_deed_it_counts():
    folds = fold_mentions([mention(0, "Remote explosive/landmine/IED", date="2024-03-18", place=TOWN_A),
                           mention(1, "Attack", toll=True)], LEX)
    assert len(folds) == 1


def test_a_protest_and_a_riot_stay_apart():
    folds = fold_mentions([mention(0, "Peaceful protest", date="2024-03-18", place=TOWN_A),
                           mention(1, "Violent demonstration", date="2024-03-18", place=TOWN_A)], LEX)
    assert len(folds) == 2


def test_a_later_telling_makes_the_sub_type_more_precise():
    fold = Fold([mention(0, "Attack"), mention(1, "Remote explosive/landmine/IED"), mention(2, "Suicide bomb")])
    assert _type_giver(fold, LEX).values["sub_event_type"] == "Suicide bomb"


def test_the_headline_does_not_speak_for_a_happening_the_story_tells():
    fold = Fold([mention(0, "Attack", headline=True), mention(1, "Armed clash")])
    assert fold.anchor.order == 1


def test_news_window_follows_the_background_setting():
    assert news_window(10) == NEWS_DAYS
    assert news_window(60) == 60
    assert news_window(None) is None


@pytest.mark.parametrize("text, word, quoted", [
    ('He said: "We evacuated them today." Then he left.', "evacuated", True),
    ("\u201cWe evacuated them today,\u201d he said, and the army evacuated more.", "army", False),
    ("Troops evacuated the town.", "evacuated", False),
])
def test_in_quotation(text, word, quoted):
    assert in_quotation(text, text.index(word)) is quoted


def _trigger_in(text: str, word: str):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    start = text.index(word)
    tok = doc.char_span(start, start + len(word), alignment_mode="expand")[0]
    return doc, Trigger(start, start + len(word), word, tok.i, tok.sent.start, tok.sent.end,
                        "Violence against civilians", "Attack")


@pytest.mark.parametrize("text, word, back", [
    ("Rebels stormed the post. Two guards were martyred and one was injured in the attack.", "injured", True),
    ("Jets hit the market. Nine people died in the same strike, medics said.", "died", True),
    ("Gunmen ambushed a bus. Four passengers were wounded during the fighting.", "wounded", True),
    # no pointer back to a deed: a toll of its own
    ("Rebels stormed the post. Two guards were killed near the gate on Monday.", "killed", False),
    # the pointer, but the mention is a deed, not a toll
    ("Rebels stormed the post. Troops shelled the village in the operation.", "shelled", False),
])
def test_a_toll_that_points_back_is_anaphoric(text, word, back):
    doc, trigger = _trigger_in(text, word)
    assert is_anaphoric(doc, trigger, LEX) is back


# ---- end to end, on the real model --------------------------------------------------------------

pytestmark_slow = pytest.mark.slow


@pytestmark_slow
def test_headline_lead_and_body_tell_one_event():
    text = ("Gunmen kill 12 in attack on village\n\n"
            "Gunmen on motorcycles stormed the village of Tillia in western Niger on Sunday, killing at least 12 "
            "people and burning homes, police and residents said.\n\n"
            "The attack began at dawn. Twelve bodies were found after the gunmen left, a local official said.")
    found = events(text, published="2024-03-19")
    assert len(found) == 1
    (event,) = found
    assert event.sub_event_type == "Attack" and event.main
    assert event.event_date == "2024-03-17" and event.time_precision == 1
    assert event.fatalities == 12  # retellings repeat the toll; it is never summed
    mentions = [e.text for e in event.evidence if e.field == "mention"]
    assert len(mentions) >= 3 and "kill" in mentions  # the headline's mention is kept as evidence
    assert next(e for e in event.evidence if e.field == "event_type").start > text.index("\n")


@pytestmark_slow
def test_a_retelling_in_a_later_undated_paragraph_is_folded():
    text = ("Soldiers clashed with rebels near Kidal in northern Mali on Monday.\n\n"
            "The fighting lasted several hours, a witness said.")
    assert len(events(text)) == 1


@pytestmark_slow
def test_distinct_happenings_stay_distinct():
    text = ("Thousands of teachers marched in Nairobi on Monday to demand higher pay.\n\n"
            "In the city of Mombasa, hundreds of teachers marched on Monday too.\n\n"
            "In a separate incident, gunmen ambushed a police patrol near Garissa on Monday, killing two officers.")
    found = events(text)
    kinds = sorted((e.sub_event_type, e.location) for e in found)
    assert len(found) == 3, kinds
    assert sum(e.main for e in found) == 1
    assert next(e for e in found if e.main).location == "Nairobi"


@pytestmark_slow
def test_an_attack_later_told_as_a_suicide_bombing_is_one_suicide_bomb():
    text = ("Blast kills nine at checkpoint\n\n"
            "An attack on an army checkpoint in Gao, Mali, killed nine soldiers on Tuesday, officials said.\n\n"
            "A suicide bomber drove a car laden with explosives into the checkpoint, a security source said.")
    found = events(text)
    assert [e.sub_event_type for e in found] == ["Suicide bomb"]


@pytestmark_slow
@pytest.mark.parametrize("text", [
    # ordinary crime
    "Robbers kill shop manager in Polokwane\n\nThree robbers shot dead a shop manager in Polokwane on Tuesday "
    "and fled with cash, police said. The dead man was identified as a father of two.",
    # an accident
    "Plane crash kills 12\n\nA small passenger plane crashed into a hillside near Pokhara on Tuesday, killing all "
    "12 people on board. The aircraft had taken off in heavy fog, airport officials said.",
    # a drill
    "Navy holds drill\n\nWarships and jets took part in a live-fire exercise off the coast on Tuesday, simulating "
    "an attack on an enemy fleet. Troops were deployed to retake a simulated beachhead.",
    # a court story about a past killing
    "Court jails killers of activist\n\nA court in Bamako on Tuesday sentenced three men to life for the murder "
    "of an activist. The men shot the activist dead outside his home, the court heard.",
    # sport
    "Rivals share points\n\nIndia's bowlers took five wickets as rain washed out the clash in Kandy on Tuesday. "
    "Pakistan's pace attack dismissed the openers before the innings was abandoned.",
])
def test_a_story_about_no_event_gives_none(text):
    assert events(text) == []


@pytestmark_slow
def test_a_story_about_a_verdict_still_reports_the_clashes_it_caused():
    text = ("Court jails separatist leader\n\n"
            "A court in Delhi on Tuesday sentenced a separatist leader to life in prison.\n\n"
            "Meanwhile, hundreds of protesters clashed with police in Srinagar on Tuesday and threw stones at "
            "security forces, who fired tear gas.")
    found = events(text)
    assert [e.event_type for e in found] == ["Riots"]
    assert not found[0].main  # the lead is about the verdict, not the riot


@pytestmark_slow
def test_a_deed_older_than_a_month_is_no_news_unless_the_window_is_widened():
    text = ("Villagers remember Tillia attack\n\n"
            "Gunmen attacked the village of Tillia in Niger on 3 January 2024, killing 12 people, officials said.")
    assert events(text, published="2024-03-20") == []
    kept = events(text, published="2024-03-20", settings=eventwire.Settings.of(background_days=None))
    assert [e.event_date for e in kept] == ["2024-01-03"]


@pytestmark_slow
def test_a_one_paragraph_report_whose_only_deed_is_old_is_kept_as_misdated():
    text = "On 3 May 2019, gunmen attacked the village of Tillia in Niger, killing 12 people."
    assert [e.event_date for e in events(text, published="2020-05-03")] == ["2019-05-03"]


@pytestmark_slow
def test_a_dateline_is_no_subject():
    text = ("Opposition leader arrested\n\n"
            "DAKAR, Senegal (AP) \u2014 Senegal's main opposition leader was arrested on Wednesday after hundreds "
            "of his supporters clashed with police in Dakar.")
    found = events(text, published="2024-03-21")
    arrests = [e for e in found if e.sub_event_type == "Arrests"]
    assert len(arrests) == 1 and arrests[0].event_date == "2024-03-20"


@pytestmark_slow
def test_a_toll_told_after_a_warning_shot_is_one_happening():
    text = ("Grenade attack wounds six\n\n"
            "Militants hurled a grenade at a police checkpoint in Srinagar on Saturday, wounding six officers. "
            "The police fired shots in the air in retaliation, officials said.")
    found = events(text, published="2024-03-17")
    assert [e.sub_event_type for e in found] == ["Grenade"]


def test_police_force_at_a_protest_folds_into_it_and_makes_it_an_intervention():
    protest = mention(0, "Peaceful protest", date="2024-03-18", place=TOWN_A)
    protest.values.update(actor1="Protesters (Mali)", inter1=6)
    force = mention(1, "Attack", date="2024-03-18", place=TOWN_A)
    force.values.update(actor1="Police Forces of Mali (2021-)", inter1=1, actor2="Civilians (Mali)", inter2=7)
    (fold,) = fold_mentions([protest, force], LEX)
    values, _ = happening_values(fold, LEX)
    assert values["sub_event_type"] == "Protest with intervention"
    force.values["fatalities"] = 2
    values, _ = happening_values(Fold([protest, force]), LEX)
    assert values["sub_event_type"] == "Excessive force against protesters"


def test_an_armed_groups_attack_on_a_protest_day_stays_apart():
    protest = mention(0, "Peaceful protest", date="2024-03-18", place=TOWN_A)
    attack = mention(1, "Attack", date="2024-03-18", place=TOWN_A)
    attack.values.update(actor1="JNIM: Group for Support of Islam and Muslims", inter1=2)
    assert len(fold_mentions([protest, attack], LEX)) == 2


def test_the_date_a_statement_told_folds_with_the_deed_a_day_before():
    deed = mention(0, "Attack", date="2024-03-18", place=TOWN_A)
    told = mention(1, "Attack", date="2024-03-19", place=TOWN_A)
    told.told_date = True
    (fold,) = fold_mentions([deed, told], LEX)
    values, _ = happening_values(fold, LEX)
    assert values["event_date"] == "2024-03-18"


def test_a_place_known_only_from_the_dateline_agrees_with_any():
    filed = mention(0, "Attack", date="2024-03-18", place=TOWN_FAR)
    filed.filed_place = True
    told = mention(1, "Attack", date="2024-03-18", place=TOWN_A)
    (fold,) = fold_mentions([filed, told], LEX)
    values, _ = happening_values(fold, LEX)
    assert values["location"] == "A"


def test_a_crowd_that_clashed_with_the_police_is_a_violent_demonstration():
    protest = mention(0, "Peaceful protest", date="2024-03-18", place=TOWN_A)
    protest.values.update(actor1="Protesters (Mali)", inter1=6, event_type="Protests")
    clash = mention(1, "Armed clash", date="2024-03-18", place=TOWN_A)
    clash.values.update(actor1="Police Forces of Mali (2021-)", inter1=1, actor2="Unidentified Armed Group (Mali)",
                        inter2=3)
    values, _ = happening_values(Fold([clash, protest]), LEX)
    assert (values["event_type"], values["sub_event_type"]) == ("Riots", "Violent demonstration")
    assert values["actor1"] == "Rioters (Mali)"


def test_a_raid_beside_stone_throwing_is_no_demonstration():
    raid = mention(0, "Attack", date="2024-03-18", place=TOWN_A)
    raid.values.update(actor1="Military Forces of Mali (2021-)", inter1=1, actor2="Civilians (Mali)", inter2=7)
    stones = mention(1, "Mob violence", date="2024-03-18", place=TOWN_A)
    stones.values.update(actor1="Rioters (Mali)", inter1=5)
    (fold,) = fold_mentions([raid, stones], LEX)
    values, _ = happening_values(fold, LEX)
    assert values["sub_event_type"] == "Attack"


def test_arrests_of_many_at_a_protest_are_its_intervention():
    protest = mention(0, "Peaceful protest", date="2024-03-18", place=TOWN_A)
    protest.values.update(actor1="Protesters (Mali)", inter1=6)
    arrests = mention(1, "Arrests", date="2024-03-18", place=TOWN_A)
    arrests.values.update(actor1="Police Forces of Mali (2021-)", inter1=1, actor2="Civilians (Mali)", inter2=7)
    (fold,) = fold_mentions([protest, arrests], LEX)
    assert happening_values(fold, LEX)[0]["sub_event_type"] == "Protest with intervention"
    arrests.person_arrest = True  # the arrest of the protest's leader is an event of its own
    assert len(fold_mentions([protest, arrests], LEX)) == 2
