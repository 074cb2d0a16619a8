"""ew_dates: date expressions resolved against the publication date and tied to their trigger."""

from __future__ import annotations

import logging
from datetime import date

import pytest
import spacy

from eventwire.model import Document
from eventwire.stages import dates as dates_stage  # noqa: F401  (registers ew_dates)
from eventwire.stages.base import Trigger
from eventwire.stages.dates import find_dates, middle

PUB = date(2019, 2, 21)  # a Thursday: the seed article's publication day


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ew_dates")
    return nlp


def trigger_at(doc, word: str, nth: int = 0) -> Trigger:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(word, start + 1)
    tok = doc.char_span(start, start + len(word), alignment_mode="expand")[0]
    return Trigger(start, start + len(word), word, tok.i, tok.sent.start, tok.sent.end,
                   "Battles", "Armed clash")


def run(nlp, text: str, published: date | None, *words: str):
    doc = nlp.get_pipe("sentencizer")(nlp.make_doc(text))
    doc._.ew_document = Document(id="t", text=text, published=published)
    doc._.ew_triggers = [trigger_at(doc, w) for w in words]
    doc = nlp.get_pipe("ew_dates")(doc)
    return [a.values for a in doc._.ew_dates], doc


def one(nlp, text: str, published: date | None, word: str) -> dict:
    values, _ = run(nlp, text, published, word)
    return values[0]


@pytest.mark.parametrize("text, expected", [
    ("On 9 May 2020, protesters marched in the capital.", "2020-05-09"),
    ("On May 9, 2020, protesters marched in the capital.", "2020-05-09"),
    ("On 1st May 2020, protesters marched in the capital.", "2020-05-01"),
    ("On 29 April, 2020, protesters marched in the capital.", "2020-04-29"),
    ("On 2020-05-09 protesters marched in the capital.", "2020-05-09"),
])
def test_explicit_day_is_precision_1(nlp, text, expected):
    v = one(nlp, text, date(2020, 5, 10), "marched")
    assert (v["event_date"], v["date_start"], v["date_end"], v["time_precision"]) == (expected, expected, expected, 1)


@pytest.mark.parametrize("text, published, expected", [
    ("On 9 May, gunmen attacked the village.", date(2020, 5, 10), "2020-05-09"),
    ("On May 9 gunmen attacked the village.", date(2020, 5, 10), "2020-05-09"),
    # written in early January about late December: the year before publication
    ("On 30 December, gunmen attacked the village.", date(2021, 1, 2), "2020-12-30"),
])
def test_day_without_year_takes_year_from_publication(nlp, text, published, expected):
    assert one(nlp, text, published, "attacked")["event_date"] == expected


def test_day_without_year_or_publication_takes_year_written_elsewhere(nlp):
    text = "The 2020 election was tense. On 9 May, gunmen attacked the village."
    assert one(nlp, text, None, "attacked")["event_date"] == "2020-05-09"


@pytest.mark.parametrize("text, start, end, event_date, precision", [
    ("On the night of 3-4 May 2020, gunmen attacked the village.", "2020-05-03", "2020-05-04", "2020-05-03", 2),
    ("Between 1 and 3 May 2020, gunmen attacked the village.", "2020-05-01", "2020-05-03", "2020-05-02", 2),
    ("From 24 April to 8 May 2020, gunmen attacked the village.", "2020-04-24", "2020-05-08", "2020-05-01", 3),
    ("From April 28 to May 2, 2020, gunmen attacked the village.", "2020-04-28", "2020-05-02", "2020-04-30", 2),
])
def test_span_takes_its_middle(nlp, text, start, end, event_date, precision):
    v = one(nlp, text, date(2020, 5, 10), "attacked")
    assert (v["date_start"], v["date_end"], v["event_date"], v["time_precision"]) == (start, end, event_date, precision)


@pytest.mark.parametrize("text", [
    "Around 9 May 2020 (as reported), gunmen attacked the village.",
    "As reported on 9 May 2020, gunmen attacked the village.",
    "On 9 May 2020 (or around), gunmen attacked the village.",
])
def test_hedged_day_is_precision_2(nlp, text):
    v = one(nlp, text, date(2020, 5, 9), "attacked")
    assert (v["event_date"], v["time_precision"]) == ("2020-05-09", 2)


def test_around_day_with_bracketed_span_keeps_the_day(nlp):
    v = one(nlp, "Around 8 May 2020 (from 7 - 8 May), rebels freed twelve hostages.", date(2020, 5, 9), "freed")
    assert (v["event_date"], v["date_start"], v["date_end"], v["time_precision"]) == (
        "2020-05-08", "2020-05-07", "2020-05-08", 2)


def test_beginning_of_month_is_precision_3(nlp):
    v = one(nlp, "Guards beat a detainee inside the jail around 1 May 2020 (beginning of month).", date(2020, 5, 9), "beat")
    assert (v["event_date"], v["time_precision"]) == ("2020-05-01", 3)


@pytest.mark.parametrize("phrase, expected", [
    ("on Wednesday", "2019-02-20"),
    ("on Monday", "2019-02-18"),
    ("on Thursday", "2019-02-21"),  # the publication weekday is the publication day
    ("on Friday", "2019-02-15"),
    ("last Thursday", "2019-02-14"),
    ("on Wednesday night", "2019-02-20"),
    ("yesterday", "2019-02-20"),
    ("last night", "2019-02-20"),
    ("overnight", "2019-02-20"),
    ("today", "2019-02-21"),
    ("this morning", "2019-02-21"),
    ("the day before yesterday", "2019-02-19"),
    ("three days ago", "2019-02-18"),
])
def test_relative_day(nlp, phrase, expected):
    v = one(nlp, f"Gunmen attacked the village {phrase}.", PUB, "attacked")
    assert (v["event_date"], v["time_precision"]) == (expected, 1)


@pytest.mark.parametrize("phrase, start, end, precision", [
    ("last weekend", "2019-02-16", "2019-02-17", 2),
    ("last week", "2019-02-11", "2019-02-17", 2),
    ("earlier this week", "2019-02-18", "2019-02-20", 2),
    ("earlier this month", "2019-02-01", "2019-02-20", 3),
    ("last month", "2019-01-01", "2019-01-31", 3),
    ("in January", "2019-01-01", "2019-01-31", 3),
    ("in February", "2019-02-01", "2019-02-21", 3),  # the current month stops at publication
    ("in early January", "2019-01-01", "2019-01-10", 3),
])
def test_relative_span(nlp, phrase, start, end, precision):
    v = one(nlp, f"Gunmen attacked the village {phrase}.", PUB, "attacked")
    assert (v["date_start"], v["date_end"], v["time_precision"]) == (start, end, precision)
    assert v["event_date"] == middle(date.fromisoformat(start), date.fromisoformat(end)).isoformat()


@pytest.mark.parametrize("published, expected", [
    (date(2019, 2, 18), ("2019-02-16", "2019-02-17")),  # Monday: the weekend just past
    (date(2019, 2, 17), ("2019-02-09", "2019-02-10")),  # Sunday: the weekend before this one
])
def test_last_weekend_is_the_saturday_sunday_before(nlp, published, expected):
    v = one(nlp, "Gunmen attacked the village last weekend.", published, "attacked")
    assert (v["date_start"], v["date_end"]) == expected


def test_previous_day_is_relative_to_the_date_before_it(nlp):
    text = "On 5 May 2020, police arrested a man. The previous day, gunmen attacked the village."
    assert one(nlp, text, date(2020, 5, 9), "attacked")["event_date"] == "2020-05-04"


def test_relative_without_publication_stays_null_and_warns(nlp, caplog):
    with caplog.at_level(logging.WARNING, logger="eventwire.dates"):
        v = one(nlp, "Gunmen attacked the village on Wednesday.", None, "attacked")
    assert v.get("event_date") is None and v.get("time_precision") is None
    assert "cannot date" in caplog.text


def test_explicit_date_without_publication_still_resolves(nlp):
    assert one(nlp, "On 9 May 2020, gunmen attacked the village.", None, "attacked")["event_date"] == "2020-05-09"


def test_no_date_in_text_falls_back_to_publication_as_reported(nlp):
    v = one(nlp, "Gunmen attacked the village.", PUB, "attacked")
    assert (v["event_date"], v["time_precision"]) == ("2019-02-21", 2)


def test_lead_date_wins_over_a_date_inside_the_sentence(nlp):
    text = ("On 7 May 2020, veterans of the movement that started on October 17 gathered in the square.")
    assert one(nlp, text, date(2020, 5, 9), "gathered")["event_date"] == "2020-05-07"


def test_nearest_preceding_date_when_the_sentence_has_none(nlp):
    text = "Gunmen raided a checkpoint on Monday. They later attacked the village. Police said on Wednesday."
    values, _ = run(nlp, text, PUB, "attacked")
    assert values[0]["event_date"] == "2019-02-18"


def test_each_trigger_gets_its_own_sentence_date(nlp):
    text = "Gunmen attacked the village on Monday. Police arrested two men on Wednesday."
    values, _ = run(nlp, text, PUB, "attacked", "arrested")
    assert [v["event_date"] for v in values] == ["2019-02-18", "2019-02-20"]


def test_evidence_is_the_date_expression(nlp):
    text = "Gunmen attacked the village on Wednesday."
    _, doc = run(nlp, text, PUB, "attacked")
    ev = doc._.ew_dates[0].evidence["event_date"]
    assert text[ev.start:ev.end] == ev.text == "Wednesday"


@pytest.mark.parametrize("text", [
    "Residents gathered in Monday Avenue.",
    "Ministers may 9 times refuse.",
    "Worshippers left the Friday Mosque.",
])
def test_not_dates(text):
    found = [x.text for x in find_dates(text, PUB) if x.kind in ("weekday", "md")]
    assert found == []


def test_body_found_lowers_precision(nlp):
    text = "On 2 May 2020, in the city, a man was found dead in a ditch. 1 fatality."
    assert one(nlp, text, date(2020, 5, 2), "found")["time_precision"] == 2


def test_decomposed_body_is_precision_3(nlp):
    text = "On 2 May 2020, a woman was found dead. Her remains were badly decomposed."
    assert one(nlp, text, date(2020, 5, 2), "found")["time_precision"] == 3


@pytest.mark.parametrize("phrase, expected", [
    ("on Wednesday", "2019-02-20"),
    ("the SDF on Monday", "2019-02-18"),
])
def test_seed_weekdays(nlp, phrase, expected):
    assert one(nlp, f"Bracing for the worst, {phrase} called for forces to remain.", PUB, "called")["event_date"] == expected


# ---- with the trained parser: which expression hangs off which verb ---------------------------


@pytest.fixture(scope="module")
def parsed_nlp():
    from eventwire.nlp import load_base_model

    nlp = load_base_model()
    nlp.add_pipe("ew_dates")
    return nlp


def parsed_one(nlp, text: str, published: date, word: str) -> dict:
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name != "ew_dates":
            doc = proc(doc)
    doc._.ew_document = Document(id="t", text=text, published=published)
    doc._.ew_triggers = [trigger_at(doc, word)]
    return nlp.get_pipe("ew_dates")(doc)._.ew_dates[0].values


def test_statement_date_gives_way_to_the_deed_date(parsed_nlp):
    text = "On Monday, police said gunmen had attacked the village on Saturday."
    assert parsed_one(parsed_nlp, text, PUB, "attacked")["event_date"] == "2019-02-16"


@pytest.mark.parametrize("text, word", [
    ("On 7 May 2020, residents of the 25 of March sector protested to demand gas.", "protested"),
    ("On 7 May 2020, protesters gathered to denounce the killing of a demonstrator last week.", "gathered"),
    ("On 7 May 2020, activists rallied for two men who had been detained 10 days ago.", "rallied"),
])
def test_lead_date_beats_backstory_dates(parsed_nlp, text, word):
    assert parsed_one(parsed_nlp, text, date(2020, 5, 9), word)["event_date"] == "2020-05-07"


def test_fallback_prefers_the_date_opening_a_sentence(nlp):
    text = ("On 7 May 2020, merchants gathered in the square. They asked to work four hours on Saturday. "
            "The mayor agreed to analyze their petition.")
    values, _ = run(nlp, text, date(2020, 5, 7), "petition")
    assert values[0]["event_date"] == "2020-05-07"


@pytest.mark.parametrize("tail, precision", [("(end of month)", 2), ("(beginning of month)", 3)])
def test_part_of_month(nlp, tail, precision):
    v = one(nlp, f"Around 30 April 2020 {tail}, villagers left their homes.", date(2020, 4, 30), "left")
    assert v["time_precision"] == precision


@pytest.mark.parametrize("text, expected", [
    ("On Sunday, 9 May 2021, gunmen attacked the village.", "2021-05-09"),
    ("On Monday, May 4, 2020, gunmen attacked the village.", "2020-05-04"),
    ("Gunmen attacked the village this past weekend.", "2019-02-16"),
])
def test_weekday_with_explicit_day_or_past_weekend(nlp, text, expected):
    assert one(nlp, text, PUB, "attacked")["event_date"] == expected


def test_night_of_one_weekday_to_the_next_is_a_span(nlp):
    v = one(nlp, "Gunmen attacked the town on the night of Sunday to Monday.", PUB, "attacked")
    assert (v["date_start"], v["date_end"], v["event_date"], v["time_precision"]) == (
        "2019-02-17", "2019-02-18", "2019-02-17", 2)


def test_the_night_before_is_relative_to_the_date_before_it(nlp):
    text = "On 5 May 2020, police arrested a man. The night before, gunmen attacked the village."
    assert one(nlp, text, date(2020, 5, 9), "attacked")["event_date"] == "2020-05-04"


@pytest.mark.parametrize("text, word, expected", [
    # published Thursday 14 March 2024: the weekday in the deed's sentence wins over the dateline
    ("MOSUL, March 14 - Gunmen ambushed an army patrol on Tuesday, killing two soldiers.", "ambushed", "2024-03-12"),
    ("ADEN, Yemen, March 14 (Wire) - A drone strike on Monday hit a fuel depot.", "strike", "2024-03-11"),
    # with no other date in the sentence, the dateline is the report's date
    ("MOSUL, March 14 - Gunmen ambushed an army patrol, killing two soldiers.", "ambushed", "2024-03-14"),
])
def test_dateline_yields_to_the_sentence_own_date(nlp, text, word, expected):
    assert one(nlp, text, date(2024, 3, 14), word)["event_date"] == expected


@pytest.mark.parametrize("text, dateline", [
    ("BEIRUT, June 12 - Jets struck a town.", True),
    ("ADEN, Yemen, March 18 (Reuters) - Shelling hit a market.", True),
    ("On June 12 - the day of the vote - troops fired.", False),
    ("Rebels attacked on June 12, killing three.", False),
])
def test_dateline_is_told_from_a_date_in_the_text(text, dateline):
    from eventwire.stages.dates import find_dates, is_dateline

    expr = next(x for x in find_dates(text, date(2024, 6, 20)) if x.text.startswith(("June", "March")))
    assert is_dateline(text, expr) is dateline


# ---- years, decades and earlier periods ---------------------------------------------------------


@pytest.mark.parametrize("text, start, end", [
    ("In 2018 a bus was hit.", "2018-01-01", "2018-12-31"),
    ("The siege has lasted since 2015.", "2015-01-01", "2015-12-31"),
    ("Talks stalled in early 2017.", "2017-01-01", "2017-05-02"),  # the first third
    ("In the 1990s, soldiers burned villages.", "1990-01-01", "1999-12-31"),
    ("the killings of the late 2000s", "2006-08-31", "2009-12-31"),  # the last third
    ("Gunmen attacked the village last year.", "2018-01-01", "2018-12-31"),
    ("Gunmen attacked the village two months ago.", "2018-12-01", "2018-12-31"),
    ("Gunmen attacked the village three years ago.", "2016-01-01", "2016-12-31"),
    ("In January, an ambush killed four soldiers.", "2019-01-01", "2019-01-31"),
])
def test_years_decades_and_earlier_periods(text, start, end):
    (x,) = find_dates(text, PUB)
    assert (x.date_start.isoformat(), x.date_end.isoformat(), x.precision) == (start, end, 3)


@pytest.mark.parametrize("text", [
    "The plan is to rebuild the road by 2030.",  # a target, not a date of a deed
    "Officials counted 2,018 cases in 2,019 homes.",
    "Prices rose in 2017-2018.",
])
def test_not_years(text):
    assert [x.text for x in find_dates(text, PUB) if x.kind == "year"] == []


def test_a_coordinated_clause_keeps_its_own_date(nlp):
    text = "Last month, militants ambushed a patrol near Tessit, and in August 2017 a mine hit a bus."
    values, _ = run(nlp, text, PUB, "ambushed", "mine")
    assert [v["event_date"][:7] for v in values] == ["2019-01", "2017-08"]


def test_a_statement_date_is_no_anchor_for_the_next_sentence(parsed_nlp):
    text = ("Rebels seized an army post in Tanout on Saturday, a commander told reporters on Tuesday. "
            "He said six soldiers were killed.")
    assert parsed_one(parsed_nlp, text, PUB, "killed")["event_date"] == "2019-02-16"


# ---- background: deeds recalled from before the news -------------------------------------------


def modalities(nlp, text: str, published: date | None, *words: str) -> list[str]:
    _, doc = run(nlp, text, published, *words)
    return [t.modality for t in doc._.ew_triggers]


BG = dates_stage.BACKGROUND


@pytest.mark.parametrize("text, words, expected", [
    # an earlier year, a decade, a month well before publication, "since": told after the news
    ("Gunmen attacked Ouallam on Tuesday. In 2016 a raid on the same town killed five.",
     ("attacked", "raid"), ["factual", BG]),
    ("Troops shelled Kuran on Monday. In the 1990s, soldiers burned villages there.",
     ("shelled", "burned"), ["factual", BG]),
    ("Troops shelled Kuran on Monday. In November, an ambush killed four soldiers.",
     ("shelled", "ambush"), ["factual", BG]),
    ("Troops shelled Kuran on Monday. Fighting erupted on 2 February and has spread.",
     ("shelled", "Fighting"), ["factual", BG]),
    # a month-wide span whose middle is well before publication (published 21 February)
    ("Troops shelled Kuran on Monday. Earlier this month, a raid on the town killed five.",
     ("shelled", "raid"), ["factual", BG]),
    # the week before the news, though only days before publication
    ("Troops shelled Kuran on Wednesday. Last week, jets bombed a school in the town.",
     ("shelled", "bombed"), ["factual", BG]),
    # a weekly round-up: every day of the week is news
    ("On Friday, rebels attacked Kuran. On Tuesday, jets bombed Tilia. Police arrested two men today.",
     ("attacked", "bombed", "arrested"), ["factual", "factual", "factual"]),
    # the lead is never background, whatever follows it
    ("Last week, jets bombed a school in Kuran. Police arrested the pilot's brother on Wednesday.",
     ("bombed", "arrested"), ["factual", "factual"]),
    # an undated deed (a headline) over an old lead: the lead is still news; what follows it may not be
    ("Gunmen kill 12 in Dargol. On 2 February, gunmen killed 12 villagers. In 2016 they burned the market.",
     ("kill", "killed", "burned"), ["factual", "factual", BG]),
])
def test_background_deeds(nlp, text, words, expected):
    assert modalities(nlp, text, PUB, *words) == expected


@pytest.mark.parametrize("text, words", [
    # a note whose only deed carries a year typo ("2017" in a 2019 note)
    ("On 3 February 2017, gunmen attacked a checkpoint in Kuran.", ("attacked",)),
    ("On 3 February 2017, gunmen attacked a checkpoint in Kuran. Two soldiers were killed.", ("attacked", "killed")),
    # every deed old: nothing to call the news, nothing dropped
    ("In 2016 a raid killed five. In 2017 troops burned the market.", ("raid", "burned")),
])
def test_a_document_is_never_emptied(nlp, text, words):
    assert BG not in modalities(nlp, text, PUB, *words)


@pytest.mark.parametrize("opener", ["Meanwhile in Kuran,", "Separately,", "Elsewhere,", "In another incident,"])
def test_a_sentence_back_at_the_news_takes_the_news_date(nlp, opener):
    text = (f"Gunmen killed two soldiers near Tilia on Wednesday. In January, an ambush in the valley killed four. "
            f"{opener} hundreds of graduates demonstrated outside the ministry.")
    values, doc = run(nlp, text, PUB, "killed", "ambush", "demonstrated")
    assert values[2]["event_date"] == "2019-02-20"
    assert [t.modality for t in doc._.ew_triggers] == ["factual", BG, "factual"]


@pytest.mark.parametrize("text, words, expected", [
    ("Jets struck Ariha on Tuesday. Many residents were displaced by earlier offensives.",
     ("struck", "offensives"), ["factual", BG]),
    ("Jets struck Ariha on Tuesday. Its fighters have in the past shelled villages nearby.",
     ("struck", "shelled"), ["factual", BG]),
    ("Jets struck Ariha on Tuesday. Last year's raid on the town killed nine.", ("struck", "raid"), ["factual", BG]),
    # an adverb, not a deed of the past: gunmen had attacked it earlier the same day
    ("Jets struck Ariha on Tuesday. Police said gunmen had earlier attacked a checkpoint.",
     ("struck", "attacked"), ["factual", "factual"]),
    # named as past but the first deed told: nothing newer to call the news
    ("A previous attack on the town killed nine.", ("attack",), ["factual"]),
])
def test_a_deed_named_as_past_is_background(nlp, text, words, expected):
    assert modalities(nlp, text, PUB, *words) == expected


def test_early_in_the_month_earlier_this_month_is_news(nlp):
    text = "Troops shelled Kuran on Monday. Earlier this month, a raid on the town killed five."
    assert modalities(nlp, text, date(2019, 2, 9), "shelled", "raid") == ["factual", "factual"]


def test_without_publication_nothing_is_background(nlp):
    text = "On 2 February 2019, troops shelled Kuran. In 2016 a raid killed five."
    assert modalities(nlp, text, None, "shelled", "raid") == ["factual", "factual"]


@pytest.mark.parametrize("days, expected", [(10, BG), (30, "factual"), (None, "factual")])
def test_background_window_is_a_setting(days, expected):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ew_dates", config={"background_days": days})
    text = "Troops shelled Kuran on Monday. On 1 February, a raid on the town killed five."
    assert modalities(nlp, text, PUB, "shelled", "raid")[1] == expected


def test_background_window_can_be_changed_on_the_pipe(nlp):
    text = "Troops shelled Kuran on Monday. On 1 February, a raid on the town killed five."
    pipe = nlp.get_pipe("ew_dates")
    before = pipe.background_days
    try:
        pipe.background_days = 30
        assert modalities(nlp, text, PUB, "shelled", "raid")[1] == "factual"
    finally:
        pipe.background_days = before


def test_background_window_must_not_be_negative():
    with pytest.raises(ValueError, match="background_days"):
        dates_stage.DatesComponent(-1)


def test_background_cue_is_the_date_expression(nlp):
    _, doc = run(nlp, "Troops shelled Kuran on Monday. In 2016 a raid killed five.", PUB, "shelled", "raid")
    assert doc._.ew_triggers[1].modality_cue.text == "2016"
