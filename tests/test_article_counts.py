"""The fatalities of an article's events: which telling's count a happening takes, and the tolls that are
no event's count (a period's tally, an accident's dead, a toll over several events, a superseded toll).

Every text here was written by the team for these tests.
"""

from __future__ import annotations

import pytest

import eventwire
from eventwire.stages.base import CharSpan, Trigger
from eventwire.stages.counts import CountDataError, find_deaths, parse_count_contexts
from eventwire.stages.document.fold import Fold, _count_giver
from eventwire.stages.document.mentions import Mention


def told(order: int, fatalities: int | None = None, low: int | None = None, *, headline: bool = False) -> Mention:
    trigger = Trigger(order * 10, order * 10 + 4, "word", 0, 0, 1, "x", "Attack")
    values: dict = {"sub_event_type": "Attack"}
    evidence = {}
    if fatalities is not None:
        values.update(fatalities=fatalities, fatalities_low=fatalities if low is None else low,
                      fatalities_high=fatalities)
        evidence["fatalities"] = CharSpan(order, order + 1, "n")
    return Mention(trigger=trigger, values=values, evidence=evidence, order=order, sentence=order,
                   headline=headline)


# ---- which telling gives the happening's count ----------------------------------------------------


def test_the_anchor_speaks_when_it_pins_the_count_down():
    fold = Fold([told(0, 30, headline=True), told(1, 28), told(2, 1), told(3, 300)])
    assert _count_giver(fold, fold.anchor).values["fatalities"] == 28


def test_a_toll_over_several_events_gives_way_to_the_events_own_count():
    # "Nine people were killed in two raids ..." then "Six died in the first village ..."
    fold = Fold([told(0, 9, low=0), told(1, 6)])
    assert _count_giver(fold, fold.anchor).values["fatalities"] == 6


def test_without_an_anchor_count_the_first_toll_told_is_taken_not_the_largest():
    # the lead names the raid, the next sentence its toll, a background paragraph the war's toll
    fold = Fold([told(0), told(1, 7), told(2, 1), told(3, 4000)])
    assert _count_giver(fold, fold.anchor).values["fatalities"] == 7


def test_a_count_nobody_pins_down_is_still_better_than_none():
    fold = Fold([told(0, 3, low=1), told(1)])
    assert _count_giver(fold, fold.anchor).values["fatalities"] == 3


# ---- tolls that are no event's count -------------------------------------------------------------


def contexts(text: str) -> list[tuple[int, str]]:
    return [(m.qty.best, m.context) for m in find_deaths(text)]


@pytest.mark.parametrize("text, expected", [
    ("Since the start of the year, at least 40 people have been killed in the district.", [(40, "tally")]),
    ("The ministry said 120 rebels and 30 soldiers were killed in the province last year, a record.",
     [(150, "tally")]),
    ("Twelve more civilians were killed during the same period, the report said.", [(12, "tally")]),
    ("Over the past six months, 75 people have died in the fighting.", [(75, "tally")]),
    # a period the event is compared with is no tally
    ("Gunmen killed 14 villagers, the deadliest attack since last year.", [(14, "")]),
    ("Gunmen killed 14 villagers in the deadliest attack in the past year.", [(14, "")]),
    ("Militants killed 6 soldiers on Tuesday.", [(6, "")]),
])
def test_a_period_tally_is_marked(text, expected):
    assert contexts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Marchers recalled the day a footbridge collapsed, killing 23 commuters.", [(23, "not_conflict")]),
    ("The strike came a week after 60 miners died in the country's worst pit disaster.", [(60, "not_conflict")]),
    ("Four farmers drowned when their boat capsized in the flood.", [(4, "not_conflict")]),
    # a disaster word beside a deed of violence keeps the deaths
    ("A house collapsed after an airstrike, killing 5 children.", [(5, "")]),
    ("Two fighters were killed in an accident while planting a landmine.", [(2, "")]),
])
def test_an_accident_or_a_disaster_is_marked(text, expected):
    assert contexts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("A fire swept through the pit, the cause of the disaster still unknown. Rescuers said 61 miners were "
     "confirmed dead.", [(61, "not_conflict")]),
    # a deed someone did, or violence in either sentence, keeps the deaths
    ("The flood cut the road to the village. Gunmen later killed 4 farmers there.", [(4, "")]),
    ("The floods cut the road. 4 farmers died when troops opened fire on the market.", [(4, "")]),
])
def test_deaths_no_one_caused_take_their_cause_from_the_sentence_before(text, expected):
    assert contexts(text) == expected


def test_the_headline_and_the_first_sentence_are_no_one_statement():
    text = ("Unrest goes on after a farmer was killed\n"
            "Five people were killed in new clashes this morning, police said.")
    assert [(m.qty.best, m.text) for m in find_deaths(text)] == [(1, "a farmer was killed"),
                                                                  (5, "Five people were killed")]


@pytest.mark.parametrize("text, expected", [
    ("Eleven people were killed in three separate attacks on the highway.", [(11, "multi")]),
    ("At least 9 protesters were killed across the country on Friday.", [(9, "multi")]),
    ("Nationwide, 15 people died in the unrest.", [(15, "multi")]),
    ("Gunmen killed 4 people in an attack on two buses.", [(4, "")]),
])
def test_a_toll_over_several_events_is_marked(text, expected):
    assert contexts(text) == expected


def test_an_update_is_marked_on_a_toll():
    found = find_deaths("The army put the death toll at 50. Officials later gave a revised death toll of 31.")
    assert [(m.qty.best, m.update) for m in found] == [(50, False), (31, True)]


# ---- whole articles -----------------------------------------------------------------------------


def article_events(text: str, published: str = "2024-05-20") -> list[dict]:
    return [e.to_dict() for e in eventwire.extract(text, published=published, doc_id="t")]


def main_fatalities(text: str, published: str = "2024-05-20") -> int:
    (main,) = [e for e in article_events(text, published) if e["main"]]
    return main["fatalities"]


def test_a_report_tally_is_not_the_toll_of_the_attack_it_follows():
    text = ("Grenade attack wounds four policemen in Peshawar\n"
            "Four policemen were wounded on Sunday when attackers hurled a grenade at a police post in "
            "Peshawar, officials said.\n"
            "The provincial home department said in its annual report that 210 militants and 64 policemen were "
            "killed in the province last year.")
    assert main_fatalities(text) == 0


def test_the_disaster_that_sparked_a_protest_is_not_its_toll():
    text = ("Thousands march in Lagos over factory fire\n"
            "Thousands of workers marched through Lagos on Saturday to demand safety inspections, a month "
            "after a warehouse roof collapsed, killing 27 people.\n"
            "The march ended peacefully outside the labour ministry.")
    assert main_fatalities(text) == 0


def test_a_toll_over_two_attacks_gives_way_to_the_attacks_own_toll():
    text = ("Gunmen kill villagers in northern Burkina Faso\n"
            "Eleven people were killed in two attacks on villages in northern Burkina Faso at the weekend, "
            "officials said.\n"
            "\"Seven people were killed by gunmen on Saturday night near Djibo,\" a security source said.\n"
            "In the second attack, four people were shot dead near Arbinda on Sunday.")
    assert main_fatalities(text) == 7


# ---- the data file ------------------------------------------------------------------------------


def test_shipped_count_contexts_load():
    cues = parse_count_contexts(open_data())
    assert cues["tally"].search("since the new year began") and cues["multi"].search("in two attacks")


def open_data() -> list[str]:
    from eventwire.stages.counts import DATA
    return (DATA / "count_contexts.jsonl").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("line, message", [
    ('{"kind": "period", "pattern": "x"}', "unknown kind 'period'"),
    ('{"kind": "tally", "pattern": "(unclosed"}', "bad pattern"),
    ('{"kind": "tally"}', "bad pattern"),
    ("{not json", "invalid JSON"),
])
def test_bad_count_context_data_is_named(line, message):
    with pytest.raises(CountDataError, match=f"mine.jsonl line 1: {message}"):
        parse_count_contexts([line], source="mine.jsonl")
