"""ew_counts: fatalities (best, low, high) tied to the trigger's event, by ACLED's conservative rules."""

from __future__ import annotations

import pytest
import spacy

from eventwire.model import Document
from eventwire.stages import counts as counts_stage  # noqa: F401  (registers ew_counts)
from eventwire.stages.base import Trigger
from eventwire.stages.counts import Quantity, find_deaths, is_person_noun, parse_quantity


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ew_counts")
    return nlp


def trigger_at(doc, word: str) -> Trigger:
    start = doc.text.index(word)
    tok = doc.char_span(start, start + len(word), alignment_mode="expand")[0]
    return Trigger(start, start + len(word), word, tok.i, tok.sent.start, tok.sent.end, "Battles", "Armed clash")


def run(nlp, text: str, *words: str):
    doc = nlp.get_pipe("sentencizer")(nlp.make_doc(text))
    doc._.ew_document = Document(id="t", text=text)
    doc._.ew_triggers = [trigger_at(doc, w) for w in words]
    return nlp.get_pipe("ew_counts")(doc)


def fatalities(nlp, text: str, word: str) -> tuple:
    v = run(nlp, text, word)._.ew_counts[0].values
    return v["fatalities"], v.get("fatalities_low"), v.get("fatalities_high")


@pytest.mark.parametrize("phrase, expected", [
    ("15", Quantity(15, 15, 15)),
    ("Seven", Quantity(7, 7, 7)),
    ("twenty-one", Quantity(21, 21, 21)),
    ("seventy five", Quantity(75, 75, 75)),
    ("at least 15", Quantity(15, 15, None)),
    ("more than 20", Quantity(20, 20, None)),
    ("1,000-1,500", Quantity(1000, 1000, 1500)),
    ("8-10", Quantity(8, 8, 10)),
    ("dozens", Quantity(12, 12, None)),
    ("a dozen", Quantity(12, 12, 12)),
    ("tens of", Quantity(10, 10, None)),
    ("scores of", Quantity(20, 20, None)),
    ("hundreds of", Quantity(100, 100, None)),
    ("several", Quantity(3, 2, None)),
    ("up to 40", Quantity(40, 0, 40)),
])
def test_parse_quantity(phrase, expected):
    assert parse_quantity(phrase) == expected


@pytest.mark.parametrize("text, word, expected", [
    ("Seven Iraqis are thought to have been killed by ISIS in the desert last weekend.", "killed", 7),
    ("Gunmen killed 3 civilians and injured 15 in the market.", "killed", 3),
    ("Militants attacked the base, killing at least 12 soldiers.", "attacked", 12),
    ("Clashes erupted in the town, leaving dozens dead.", "Clashes", 12),
    ("On 1 May 2020, 9 soldiers and 5 militia members were killed, and 20 were wounded.", "killed", 14),
    ("A man was shot dead by unidentified gunmen.", "shot", 1),
    ("A 17-year-old teenager was killed by police.", "killed", 1),
    ("Gunmen stormed a house and killed the driver.", "stormed", 1),
    ("Soldiers killed a suspected commander and his son in the village.", "killed", 2),
    ("Shells hit a house, killing a family of three, including a child.", "hit", 3),
    ("Police found the bodies of two men by a road.", "found", 2),
    ("The death toll rose to 40 after the bombing.", "bombing", 40),
    ("Fighters clashed with troops in the hills. 4 fatalities.", "clashed", 4),
    ("The group attacked a village. Four people dead and twenty hurt in the assault.", "attacked", 4),
    ("Troops killed 8-10 residents across the villages.", "killed", 8),
    ("Two suspects fled and one was killed in the shoot-out.", "killed", 1),
    ("Militants attacked the post. Fatalities coded as 3.", "attacked", 3),
    ("Airstrikes hit the camp. 78 fighters died. Fatalities split between 2 events.", "hit", 39),
    ("A guard stabbed a man to death over the curfew.", "stabbed", 1),
    ("Troops shot two men to death at the border.", "shot", 2),
    ("Militiamen clashed with the army, leaving 2 rebel and 1 military fatality.", "clashed", 3),
    ("A mob attacked a youth and 3 others over a land dispute. 1 killed 3 injured.", "attacked", 1),
    ("Rebels fought among themselves, resulting in one death.", "fought", 1),
    ("5 civilians (3 men, 1 woman and 1 girl) died when a bomb hit their car.", "hit", 5),
    ("After a lengthy fight, one trooper and five insurgents were killled.", "fight", 6),
])
def test_fatalities(nlp, text, word, expected):
    assert fatalities(nlp, text, word)[0] == expected


@pytest.mark.parametrize("text, word", [
    ("At least 15 trucks were seen leaving the area.", "leaving"),
    ("The SDF protects the estimated 200 civilians who were trapped alongside the fighters.", "trapped"),
    ("Gunmen attacked the village, injuring 12 people.", "attacked"),
    ("Troops shelled the area; 5 people were killed or injured.", "shelled"),
    ("2 insurgents were killed, injured or captured in the raid operation.", "operation"),
    ("A convoy of trucks evacuated dozens of people from Baghouz.", "evacuated"),
    ("Residents protested after a gas leak killed 11 workers.", "protested"),
    ("A man was injured as he walked out of the detention centre.", "injured"),
    ("The SDF on Monday called for 1,000-1,500 international forces to remain.", "called"),
    ("Villagers rallied to demand a trial for a teenager who was killed by landowners.", "rallied"),
    ("Police said the man they arrested was responsible for the killing of three union leaders.", "said"),
])
def test_not_deaths(nlp, text, word):
    assert fatalities(nlp, text, word)[0] == 0


@pytest.mark.parametrize("text", [
    "Gunmen opened fire on a bus. No casualties were reported.",
    "Gunmen opened fire on a bus; no one was hurt.",
    "Gunmen opened fire on a bus. Neither deaths nor injuries followed.",
])
def test_explicit_zero_has_evidence(nlp, text):
    doc = run(nlp, text, "opened")
    ann = doc._.ew_counts[0]
    assert ann.values["fatalities"] == 0 and "fatalities" in ann.evidence


def test_nothing_said_is_zero_without_evidence(nlp):
    ann = run(nlp, "Students marched to the ministry.", "marched")._.ew_counts[0]
    assert ann.values["fatalities"] == 0 and "fatalities" not in ann.evidence


def test_at_least_keeps_open_high(nlp):
    assert fatalities(nlp, "Militants killed at least 15 villagers.", "killed") == (15, 15, None)


def test_range_best_is_low(nlp):
    assert fatalities(nlp, "Between 1,000-1,500 people were killed in the massacre.", "massacre") == (1000, 1000, 1500)


def test_including_clause_not_double_counted(nlp):
    text = "11-12 insurgents including one of their commanders were killed in the clashes."
    assert fatalities(nlp, text, "clashes")[:2] == (11, 11)


def test_definite_remention_does_not_add(nlp):
    text = "A man was shot by gunmen on a motorcycle. He died in hospital."
    assert fatalities(nlp, text, "shot")[0] == 1


def test_count_is_tied_to_its_own_event(nlp):
    text = "Gunmen killed 3 villagers in the north. Police arrested 5 protesters in the capital."
    doc = run(nlp, text, "killed", "arrested")
    assert [a.values["fatalities"] for a in doc._.ew_counts] == [3, 0]


def test_death_sentence_after_trigger_belongs_to_it(nlp):
    text = "Militants ambushed an army convoy. Six soldiers were killed. Police arrested 5 men elsewhere."
    doc = run(nlp, text, "ambushed", "arrested")
    assert [a.values["fatalities"] for a in doc._.ew_counts] == [6, 0]


@pytest.mark.parametrize("text", [
    "Gunmen on a motorcycle assassinated a tribal sheikh outside his house in the old city.",
    "Masked men killed a local mukhtar near the mosque.",
])
def test_a_titled_person_killed_counts_one(nlp, text):
    trigger = "assassinated" if "assassinated" in text else "killed"
    assert run(nlp, text, trigger)._.ew_counts[0].values["fatalities"] == 1


def test_evidence_span_points_at_the_count(nlp):
    text = "Seven Iraqis are thought to have been killed by ISIS last weekend."
    ev = run(nlp, text, "killed")._.ew_counts[0].evidence["fatalities"]
    assert text[ev.start:ev.end] == ev.text == "Seven Iraqis are thought to have been killed"


@pytest.mark.parametrize("word, expected", [
    ("officer", True), ("trafficker", True), ("militant", True), ("woman", True), ("children", True),
    ("number", False), ("incident", False), ("clash", False), ("facility", False), ("detainment", False),
    ("sheikh", True), ("mukhtar", True), ("imam", True), ("nurse", True),
])
def test_is_person_noun(word, expected):
    assert is_person_noun(word) is expected


def test_mentions_are_in_text_order_and_do_not_overlap():
    text = "On 5 May 2020, 2 soldiers were killed. Later 3 militants were killed. 5 fatalities."
    found = find_deaths(text)
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_death_told_before_the_event_sentence_goes_to_the_next_event(nlp):
    text = "Seven militia fighters were reportedly killed on Saturday. The fighting broke out near the airport."
    assert fatalities(nlp, text, "fighting")[0] == 7


def test_future_mention_does_not_cut_the_event(nlp):
    text = "Police clashed with an armed man. The clash will be investigated. 1 fatality."
    doc = nlp.get_pipe("sentencizer")(nlp.make_doc(text))
    doc._.ew_document = Document(id="t", text=text)
    later = trigger_at(doc, "clash ")
    later.modality = "future"
    doc._.ew_triggers = [trigger_at(doc, "clashed"), later]
    doc = nlp.get_pipe("ew_counts")(doc)
    assert doc._.ew_counts[0].values["fatalities"] == 1


@pytest.mark.parametrize("text, word, expected", [
    ("A mob set a clinic ablaze over the death of a patient.", "ablaze", 0),
    ("A district chief's cousin shot at a group of fishermen, one young fisherman was killed.",
     "shot", 1),
    ("Troops shelled positions in the forest. 56 BH/IS fighters were killed.", "shelled", 56),
])
def test_cause_cues_need_a_death_word(nlp, text, word, expected):
    assert fatalities(nlp, text, word)[0] == expected


def test_suicide_bomber_counts_himself(nlp):
    text = "A suicide bomber blew himself up at a checkpoint, killing 3 soldiers."
    assert fatalities(nlp, text, "blew")[0] == 4


def test_death_toll_after_a_long_subject(nlp):
    text = "The death toll from Saturday's bombing in Mogadishu has risen to 25, police said on Monday."
    assert fatalities(nlp, text, "bombing") == (25, 25, 25)


@pytest.mark.parametrize("text, expected", [
    ("Clans clashed twice that weekend; two fatalities were divided between two days.", 1),
    ("Militants attacked a checkpoint, and how many people died is still unclear.", 0),
])
def test_coding_notes(nlp, text, expected):
    assert fatalities(nlp, text, text.split()[1])[0] == expected


@pytest.mark.parametrize("text, expected", [
    ("The attack killed 10 people. Three of the dead were children.", 10),
    ("Five people, including two children, were killed in the blast.", 5),
    ("Three policemen were killed on Sunday, and two more died in hospital on Monday.", 5),
    ("A policeman and two civilians were killed.", 3),
])
def test_parts_and_groups(nlp, text, expected):
    assert fatalities(nlp, text, "killed")[0] == expected


@pytest.mark.parametrize("text, expected", [
    ("Militiamen killed a villager and mutilated his body.", 1),
    ("Gunmen killed and injured 5 people in the market.", 3),  # deaths said, not how many: capped, conservative
    ("Soldiers killed and robbed two traders.", 2),
])
def test_second_verb_on_the_same_victims(nlp, text, expected):
    assert fatalities(nlp, text, "killed")[0] == expected


def test_killed_and_displaced_is_not_all_dead(nlp):
    assert fatalities(nlp, "The army killed and displaced thousands in the campaign.", "killed")[0] == 0


@pytest.mark.parametrize("text, word, per_event", [
    ("Jets struck two villages, killing 6 fighters. Fatalities split between 2 events (3).", "struck", True),
    ("Jets struck the camp. 78 fighters died. Fatalities split between 2 events.", "struck", True),
    ("Jets struck two villages, killing 6 fighters.", "struck", False),
])
def test_a_count_the_text_split_across_events_is_marked_per_event(nlp, text, word, per_event):
    doc = run(nlp, text, word)
    assert doc._.ew_counts[0].per_event is per_event


@pytest.mark.parametrize("text, word, expected", [
    ("Gunmen killed 12 villagers on Monday. The insurgency has killed thousands of people since 2015.", "killed", 12),
    ("Jets killed 9 people in Kafr Halab. Airstrikes have killed more than 300 people in the province since "
     "January.", "killed", 9),
])
def test_a_running_total_is_no_count_of_the_event(nlp, text, word, expected):
    assert fatalities(nlp, text, word)[0] == expected


@pytest.mark.parametrize("text, expected", [
    # a subset aside inside a list of the dead does not end the list, nor add to it
    ("Nine guards, including their commander, and a driver were killed in the raid.", 10),
    ("Rebels shelled the camp and killed 4 guards, including a sergeant and a cook, near the gate.", 4),
    # a possessive before one person counts that person
    ("A mine blew up the truck, killing six policemen and their driver.", 7),
    ("The blast killed their three sons.", 3),
    # "gunned down" is a death
    ("Twelve farmers were gunned down by bandits in the valley.", 12),
    ("Bandits gunned down two traders on the road.", 2),
    # a quotation mark between the dead and the verb
    ('The mayor said four herders and two boys "were killed by the attackers".', 6),
    # a vague word that runs into the number is not a count of its own
    ("Radio stations reported the raid, with some stations saying seven people had been killed.", 7),
    ("The witness said: I have counted 40 bodies in the square.", 40),
])
def test_lists_possessives_and_wordings(nlp, text, expected):
    trigger = next(w for w in ("raid", "shelled", "blew", "blast", "gunned", "reported", "said") if w in text)
    assert fatalities(nlp, text, trigger)[0] == expected


@pytest.mark.parametrize("text", [
    "A bomb went off at the funeral of a slain policeman in the old town.",
    "Mourners marched behind the coffin of the slain Kurdish student.",
    "Relatives of the murdered journalists gathered outside the court.",
])
def test_a_death_word_before_its_noun_tells_no_death_here(text):
    assert find_deaths(text) == []


def test_a_word_ending_like_an_agent_noun_after_the_verb_is_no_victim():
    assert [m.qty.best for m in find_deaths("Two fighters were killed after a drone fired on them.")] == [2]


@pytest.mark.parametrize("text, expected", [
    # competing tolls: ACLED's conservative estimate is the lowest
    ("Gunmen raided the market. Police put the death toll at 50, while a hospital gave a death toll of 44.", 44),
    # an update replaces the tolls before it, up or down
    ("Gunmen raided the market. The death toll was 30 on Monday. By Tuesday the death toll had risen to 41.", 41),
    ("Gunmen raided the market. The army put the death toll at 95. The ministry later gave a revised death "
     "toll of 35.", 35),
])
def test_competing_and_updated_tolls(nlp, text, expected):
    assert fatalities(nlp, text, "raided")[0] == expected


@pytest.mark.parametrize("text, expected", [
    ("Gunmen raided two villages. Seventeen people were killed in the two attacks, officials said.", (17, 0)),
    ("Gunmen raided the village. Seventeen people were killed in two attacks this week; 9 died in this one.",
     (9, 9)),
])
def test_a_toll_over_several_events_is_not_pinned_down(nlp, text, expected):
    assert fatalities(nlp, text, "raided")[:2] == expected


@pytest.mark.parametrize("text", [
    "Rebels attacked a checkpoint on Monday. Since January, 212 people have been killed in the region.",
    "Rebels attacked a checkpoint on Monday. In 2023, 212 people were killed in the region, the report said.",
    "Rebels attacked a checkpoint on Monday, two weeks after a bridge collapsed, killing 12 people.",
])
def test_tallies_and_accidents_are_no_count_of_the_event(nlp, text):
    assert fatalities(nlp, text, "attacked")[0] == 0


@pytest.mark.parametrize("text, expected", [
    # the same victims told again in a later sentence are not more dead
    ("Police shot dead a young farmer at the march. 'A young farmer was killed by police,' the group said.", 1),
    ("Jets struck the market, killing 8 civilians. Eight people were killed, a doctor said.", 8),
    # other victims, or victims said to be more, add
    ("Jets struck the market, killing 8 civilians. Eight soldiers were killed nearby.", 16),
    ("Jets struck the market, killing 8 civilians. Eight more people were killed in the afternoon.", 16),
])
def test_a_retelling_does_not_add(nlp, text, expected):
    assert fatalities(nlp, text, text.split()[1])[0] == expected


@pytest.mark.parametrize("text, expected", [
    ("Gunmen ambushed the bus, wounding nine passengers. Two of the wounded later died in hospital.", 2),
    ("Gunmen ambushed the bus and seized six hostages. Four of the hostages were killed on Friday.", 4),
    # a part of the dead told again is not more dead
    ("Gunmen ambushed the bus, killing 10 people. Three of the dead were children.", 10),
    # the verb of the bodies closes the text
    ("Gunmen ambushed the bus. The bodies of 7 passengers were recovered", 7),
])
def test_part_of_a_group_dies(nlp, text, expected):
    assert fatalities(nlp, text, "ambushed")[0] == expected


def test_a_recalled_deed_keeps_its_own_deaths(nlp):
    text = "Jets struck the village on Monday. In March, troops shelled the same village and killed 40 people."
    doc = nlp.get_pipe("sentencizer")(nlp.make_doc(text))
    doc._.ew_document = Document(id="t", text=text)
    recalled = trigger_at(doc, "shelled")
    recalled.modality = "background"
    doc._.ew_triggers = [trigger_at(doc, "struck"), recalled]
    doc = nlp.get_pipe("ew_counts")(doc)
    assert doc._.ew_counts[0].values["fatalities"] == 0
