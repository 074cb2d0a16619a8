"""Same-event rules and merged values (eventwire/dedup.py), on hand-built report dicts."""

from __future__ import annotations

import pytest

from eventwire import dedup


def report(**kw) -> dict:
    base = dict(
        event_id="ew-1", doc_id="d1", event_date="2020-05-03", date_start="2020-05-03", date_end="2020-05-03",
        time_precision=1, event_type="Battles", sub_event_type="Armed clash",
        actor1="Military Forces of Nigeria", actor2="Boko Haram", inter1=1, inter2=2, interaction=12,
        country="Nigeria", admin1="Borno", location="Maiduguri", latitude=11.85, longitude=13.16,
        geo_precision=1, fatalities=None, fatalities_low=None, fatalities_high=None,
        source="AFP", reported_by=None, certainty="reported", notes=None, evidence=[],
    )
    base.update(kw)
    return base


def test_identical_reports_match():
    assert dedup.match_score(report(), report()) is not None


@pytest.mark.parametrize("change", [
    dict(country="Cameroon"),
    dict(sub_event_type="Peaceful protest", event_type="Protests"),
    dict(event_date="2020-05-07", date_start="2020-05-07", date_end="2020-05-07"),
    dict(latitude=12.30, longitude=13.16, location="Elsewhere", admin1="Yobe"),  # ~50 km north
    dict(actor1="Police Forces of Nigeria", actor2="Protesters (Nigeria)"),
    dict(event_date=None, date_start=None, date_end=None),
    dict(event_date="2020-05-04", date_start="2020-05-04", date_end="2020-05-04"),  # both name the day
    dict(location="Konduga", latitude=11.65, longitude=13.42),  # another town ~35 km away
    dict(location="Jere", latitude=11.88, longitude=13.23),  # another named place 8 km away
    dict(location="Jere", latitude=11.88, longitude=13.23, geo_precision=2),  # near another place
], ids=["country", "sub_type", "five_days", "fifty_km", "actors", "no_date", "next_day", "other_town",
        "other_district", "near_other_place"])
def test_different_events_do_not_match(change):
    assert dedup.match_score(report(), report(**change)) is None


@pytest.mark.parametrize("change", [
    dict(event_date="2020-05-04", date_start="2020-05-04", date_end="2020-05-05", time_precision=2),  # vague, 1-2 days off
    dict(latitude=11.95, longitude=13.25),  # ~15 km away
    dict(sub_event_type="Government regains territory"),  # compatible sub-type
    dict(actor1=None, actor2=None, inter1=None, inter2=None),  # actors unknown
    dict(actor1="Unidentified Armed Group (Nigeria)", actor2=None),
    dict(latitude=None, longitude=None, location=None, geo_precision=3),  # region only, same admin1
    dict(date_start="2020-05-02", date_end="2020-05-03", event_date="2020-05-02", time_precision=2),
], ids=["vague_days_later", "fifteen_km", "compatible_sub_type", "no_actors", "unidentified", "region", "weekend"])
def test_plausible_retellings_match(change):
    assert dedup.match_score(report(), report(**change)) is not None


def test_protests_of_two_named_groups_stay_apart():
    protest = dict(event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Nigeria)",
                   actor2=None, inter1=6, inter2=0)
    students = report(**protest, assoc_actor_1="Students (Nigeria)")
    assert dedup.match_score(students, report(**protest, assoc_actor_1="Farmers (Nigeria)")) is None
    assert dedup.match_score(students, report(**protest, assoc_actor_1="Farmers (Nigeria); Students (Nigeria)"))
    assert dedup.match_score(students, report(**protest))  # the other outlet did not name the group


def test_closer_candidate_scores_higher():
    near = dedup.match_score(report(), report(latitude=11.86))
    far = dedup.match_score(report(), report(latitude=12.0, event_date="2020-05-04",
                                             date_start="2020-05-03", date_end="2020-05-04", time_precision=2))
    assert near > far


@pytest.mark.parametrize("figures,expected", [
    ([(5, None, None)], (5, 5, 5)),
    ([(5, None, None), (9, None, None)], (5, 5, 9)),  # two reports: the conservative one
    ([(5, None, None), (7, None, None), (300, None, None)], (7, 5, 300)),  # median resists the outlier
    ([(15, 15, None), (20, None, None)], (15, 15, None)),  # "at least 15" leaves the top open
    ([(1200, 1000, 1500), (1100, None, None)], (1100, 1000, 1500)),
    ([(None, None, None)], (None, None, None)),
    ([(0, None, None), (None, None, None)], (0, 0, 0)),
])
def test_fatality_range(figures, expected):
    reports = [report(fatalities=b, fatalities_low=lo, fatalities_high=hi) for b, lo, hi in figures]
    assert dedup.fatality_range(reports) == expected


def test_merge_takes_most_precise_date_and_place_and_strongest_certainty():
    vague = report(event_date="2020-05-03", date_start="2020-05-02", date_end="2020-05-03", time_precision=2,
                   latitude=11.5, longitude=13.0, location=None, geo_precision=3, certainty="claimed",
                   evidence=[{"field": "event_type", "doc_id": "d1", "start": 0, "end": 4, "text": "clash"}])
    precise = report(doc_id="d2", event_id="ew-2", source="Reuters", certainty="confirmed",
                     event_date="2020-05-02", date_start="2020-05-02", date_end="2020-05-02",
                     evidence=[{"field": "location", "doc_id": "d2", "start": 9, "end": 18, "text": "Maiduguri"}])
    merged = dedup.merge_reports([vague, precise])
    assert (merged["event_id"], merged["doc_id"]) == ("ew-1", "d1")
    assert (merged["event_date"], merged["time_precision"]) == ("2020-05-02", 1)
    assert (merged["location"], merged["geo_precision"], merged["latitude"]) == ("Maiduguri", 1, 11.85)
    assert merged["certainty"] == "confirmed"
    assert merged["source"] == "AFP; Reuters"
    assert [e["doc_id"] for e in merged["evidence"]] == ["d1", "d2"]


def test_merge_takes_majority_sub_type():
    merged = dedup.merge_reports([report(sub_event_type="Government regains territory"),
                                  report(), report()])
    assert (merged["event_type"], merged["sub_event_type"]) == ("Battles", "Armed clash")


@pytest.mark.parametrize("mains,expected", [
    ([False, False], False),
    ([True, False], True),
    ([False, True], True),
    ([None, 1], True),  # store rows give 0/1, older records none at all
    ([None, None], False),
])
def test_merged_event_is_main_when_any_report_is(mains, expected):
    merged = dedup.merge_reports([report(main=m) for m in mains])
    assert merged["main"] is expected


@pytest.mark.parametrize("docs,expected", [
    ([("AFP", 1), ("Reuters", 2)], 2),
    ([("AFP", 1), ("AFP", 2)], 1),  # one outlet, two stories
    ([("AFP", 1), ("Daily Star", 1), ("Gulf News", 1)], 1),  # one wire story republished
    ([(None, 1), (None, 2)], 2),
    ([("AFP", 1), ("Daily Star", 1), ("Daily Star", 3), ("Reuters", 4)], 2),
])
def test_count_sources(docs, expected):
    assert dedup.count_sources(docs) == expected


SEED_LIKE = ("Fighters from the armed group attacked an army base near the river town at dawn on Tuesday, "
             "killing at least twelve soldiers, a military spokesman said. Residents said the assault "
             "lasted several hours before reinforcements arrived from the provincial capital.")


def test_republished_story_is_a_near_duplicate():
    republished = SEED_LIKE + " (Reporting by our correspondent.)"
    j = dedup.estimated_jaccard(dedup.signature(SEED_LIKE), dedup.signature(republished))
    assert j >= dedup.NEAR_DUP_JACCARD
    assert set(dedup.band_keys(dedup.signature(SEED_LIKE))) & set(dedup.band_keys(dedup.signature(republished)))


def test_rewritten_story_is_not_a_near_duplicate():
    rewritten = ("A military spokesman said at least twelve soldiers died on Tuesday when militants stormed "
                 "an army base close to the river town. The attack went on for hours, residents told "
                 "reporters, until troops came from the provincial capital.")
    j = dedup.estimated_jaccard(dedup.signature(SEED_LIKE), dedup.signature(rewritten))
    assert j < dedup.NEAR_DUP_JACCARD
