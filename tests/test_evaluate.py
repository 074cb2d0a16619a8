"""The matcher and every metric of `eventwire eval` on small hand-made cases scored by hand."""

from __future__ import annotations

import json

import pytest

from eventwire.evaluate import (
    NOT_AN_EVENT,
    SCORED_FIELDS,
    NoteCase,
    f1_scores,
    field_hits,
    gold_from_row,
    gold_sub_type,
    group_notes,
    haversine_km,
    load_label_map,
    match_note,
    miss_causes,
    names_match,
    normalize_name,
    parse_date,
    read_snippets,
    score_classification,
    score_notes,
    top_causes,
)


def gold(**values):
    """A typed gold event: an Armed clash in Kano on 2020-05-01 unless overridden."""
    base = {
        "event_date": "2020-05-01", "time_precision": 1, "event_type": "Battles",
        "sub_event_type": "Armed clash", "actor1": "Military Forces of Nigeria (2015-)", "actor2": "Boko Haram",
        "inter1": 1, "inter2": 2, "country": "Nigeria", "admin1": "Kano", "location": "Kano",
        "latitude": 12.0, "longitude": 8.5, "geo_precision": 1, "fatalities": 3,
    }
    base.update(values)
    return base


def pred(**values):
    """A prediction agreeing with gold() on every field unless overridden."""
    base = gold()
    base["actor1"] = "Military Forces of Nigeria"
    base.update(values)
    return base


# ---------------------------------------------------------------- names, dates, distance


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Military Forces of Nigeria (2015-)", "military forces of nigeria"),
        ("Police Forces of Kenya (2013-2022)", "police forces of kenya"),
        ("Al-Hasakah Governorate", "hasakah"),
        ("el-Obeid", "obeid"),
        ("Nord-Kivu Province", "nord kivu"),
        ("Bogotá", "bogota"),
        ("Civilians (Mexico)", "civilians mexico"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_name(value, expected):
    assert normalize_name(value) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Al-Hasakah", "Hasakah Governorate", True),
        ("Bogotá", "BOGOTA", True),
        ("Military Forces of Nigeria (2015-)", "Military Forces of Nigeria", True),
        ("Kano", "Kaduna", False),
        ("Maiduguri", "Maidugur", True),  # ratio 94
        ("Boko Haram", "", False),
        ("", None, True),  # nothing coded, nothing predicted: agreement
    ],
)
def test_names_match(a, b, expected):
    assert names_match(a, b) is expected


def test_haversine_one_degree_of_latitude_is_111_km():
    assert haversine_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.19, abs=0.01)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("9-May-20", "2020-05-09"), ("09 May 2020", "2020-05-09"), ("2020-05-09", "2020-05-09"), ("", None), ("soon", None)],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_gold_from_row_types_the_acled_columns():
    row = {"event_date": "1-May-20", "time_precision": "2", "inter1": "1", "inter2": "0", "latitude": "12.5",
           "longitude": "8.0", "fatalities": "0", "geo_precision": "3", "actor2": "", "country": "Nigeria"}
    g = gold_from_row(row)
    assert (g["event_date"], g["time_precision"], g["inter2"], g["fatalities"], g["latitude"], g["actor2"]) == (
        "2020-05-01", 2, 0, 0, 12.5, None)


# ---------------------------------------------------------------- one pair


def test_field_hits_perfect_prediction():
    assert all(field_hits(gold(), pred()).values())


def test_field_hits_missing_prediction_misses_every_field():
    hits = field_hits(gold(), None)
    assert set(hits) == set(SCORED_FIELDS) and not any(hits.values())


@pytest.mark.parametrize(
    ("override", "missed"),
    [
        ({"sub_event_type": "Government regains territory"}, {"sub_event_type"}),
        ({"event_type": "Riots", "sub_event_type": "Mob violence"}, {"event_type", "sub_event_type"}),
        ({"event_date": "2020-04-30"}, {"event_date"}),
        ({"time_precision": 2}, {"time_precision"}),
        ({"country": "Niger"}, {"country"}),
        ({"admin1": "Kaduna"}, {"admin1"}),
        ({"location": "Kura", "latitude": 11.9}, {"location"}),  # another name 11 km away
        ({"latitude": 12.1}, set()),  # 11 km away: within 25 km
        ({"latitude": 12.3}, {"within_25km"}),  # 33 km away
        ({"latitude": None, "longitude": None}, {"within_25km"}),
        ({"geo_precision": 2}, {"geo_precision"}),
        ({"fatalities": 4}, {"fatalities"}),
        ({"fatalities": 5}, {"fatalities", "fatalities_within_1"}),
        ({"inter1": 3}, {"inter1"}),
        ({"inter2": 7}, {"inter2"}),
        ({"actor1": "Boko Haram"}, {"actor1"}),
        ({"actor2": None}, {"actor2"}),
    ],
)
def test_field_hits_one_wrong_field(override, missed):
    hits = field_hits(gold(), pred(**override))
    assert {f for f, ok in hits.items() if not ok} == missed


def test_no_fatality_figure_counts_as_zero():
    hits = field_hits(gold(fatalities=0), pred(fatalities=None))
    assert hits["fatalities"] and hits["fatalities_within_1"]


def test_no_actor2_counts_as_inter2_zero():
    hits = field_hits(gold(actor2=None, inter2=0), pred(actor2=None, inter2=None))
    assert hits["inter2"] and hits["actor2"]


def test_missing_gold_date_is_never_matched():
    assert not field_hits(gold(event_date=None), pred(event_date=None))["event_date"]


# ---------------------------------------------------------------- the matcher


def test_match_one_gold_takes_first_prediction_even_when_a_later_one_is_better():
    preds = [pred(sub_event_type="Attack", event_type="Violence against civilians"), pred()]
    assert match_note([gold()], preds) == [0]


def test_match_no_prediction():
    assert match_note([gold(), gold()], []) == [None, None]


def test_match_two_gold_crossed_order():
    g = [gold(location="Kano"), gold(location="Jos", latitude=9.9, longitude=8.9, admin1="Plateau")]
    p = [pred(location="Jos", latitude=9.9, longitude=8.9, admin1="Plateau"), pred(location="Kano")]
    assert match_note(g, p) == [1, 0]


def test_match_more_gold_than_predictions_leaves_a_miss():
    g = [gold(fatalities=1), gold(fatalities=2, location="Jos", latitude=9.9, longitude=8.9)]
    p = [pred(fatalities=2, location="Jos", latitude=9.9, longitude=8.9)]
    assert match_note(g, p) == [None, 0]


def test_match_ties_follow_extraction_order():
    # identical gold rows (ACLED's repeated coding) and identical predictions: gold i gets prediction i
    assert match_note([gold(), gold(), gold()], [pred(), pred(), pred()]) == [0, 1, 2]


def test_match_best_total_not_greedy():
    # fields disagreeing: g0-p0 1, g0-p1 2, g1-p0 2, g1-p1 5. Greedy in gold order gives g0->p0, g1->p1
    # (6 misses); the best assignment is g0->p1, g1->p0 (4 misses)
    g0 = gold()
    g1 = gold(fatalities=9, admin1="Kaduna", geo_precision=2)
    p0 = pred(fatalities=9)
    p1 = pred(event_date="2020-01-01", time_precision=3)
    assert match_note([g0, g1], [p0, p1]) == [1, 0]


# ---------------------------------------------------------------- whole-set scores


def _cases():
    return [
        # note a: one gold, perfect first prediction plus one extra event
        NoteCase("a", "text a", [gold()], [pred(), pred(location="Jos")]),
        # note b: one gold, nothing extracted
        NoteCase("b", "text b", [gold(sub_event_type="Attack", event_type="Violence against civilians")], []),
        # note c: two gold, one prediction matching the second (wrong date)
        NoteCase("c", "text c", [gold(fatalities=0), gold(fatalities=7)], [pred(fatalities=7, event_date="2020-05-02")]),
    ]


def test_score_notes_denominators_are_gold_events():
    report = score_notes(_cases())
    s = report.scores
    assert (report.n_notes, report.n_gold_events) == (3, 4)
    assert s["event_type"] == pytest.approx(2 / 4)  # a and c's second; b and c's first are misses
    assert s["event_date"] == pytest.approx(1 / 4)
    assert s["fatalities"] == pytest.approx(2 / 4)


def test_score_notes_no_event_and_extra_events():
    s = score_notes(_cases()).scores
    assert s["no_event_share"] == pytest.approx(1 / 3)
    assert s["extra_events_per_note"] == pytest.approx(1 / 3)  # note a has 2 events for 1 gold


def test_score_notes_macro_f1_and_confusion():
    report = score_notes(_cases())
    # gold classes: Armed clash (3 gold: 2 tp, 1 fn), Attack (1 gold: fn). Armed clash F1 = 4/5, Attack 0
    assert report.scores["sub_event_type_macro_f1"] == pytest.approx(0.4)
    assert report.confusion[("Armed clash", "Armed clash")] == 2
    assert report.confusion[("Armed clash", "(none)")] == 1
    assert report.confusion[("Attack", "(none)")] == 1


def test_score_notes_misses_name_the_fields():
    misses = score_notes(_cases()).misses
    assert [(m["note_id"], m["gold_index"]) for m in misses] == [("b", 0), ("c", 0), ("c", 1)]
    assert misses[2]["missed"] == ["event_date"]
    assert misses[0]["predicted"] is None and misses[0]["causes"] == ["no event"]


def test_score_notes_json_keys():
    out = score_notes(_cases()).to_json()
    for key in (*SCORED_FIELDS, "sub_event_type_macro_f1", "no_event_share", "extra_events_per_note",
                "n_gold_events", "n_notes", "seconds"):
        assert key in out


def test_score_notes_empty():
    report = score_notes([])
    assert report.n_gold_events == 0 and report.scores["event_type"] == 0.0


# ---------------------------------------------------------------- F1, classification


def test_f1_scores_by_hand():
    g = ["A", "A", "B", "C"]
    p = ["A", "B", "B", "X"]
    # A: tp1 fn1 -> 2/3; B: tp1 fp1 -> 2/3; C: fn1 -> 0. macro 4/9; weighted (2*2/3 + 2/3 + 0)/4 = 1/2
    macro, weighted = f1_scores(g, p)
    assert macro == pytest.approx(4 / 9)
    assert weighted == pytest.approx(0.5)


def test_score_classification():
    s = score_classification(["Armed clash", NOT_AN_EVENT], ["Armed clash", "Attack"])
    assert (s["accuracy"], s["macro_f1"], s["n"]) == (0.5, 0.5, 2)


def test_score_classification_length_mismatch():
    with pytest.raises(ValueError, match="1 gold labels but 2 predictions"):
        score_classification(["Attack"], ["Attack", "Attack"])


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("ARMED_CLASH", "Armed clash"),
        ("AIR_STRIKE", "Air/drone strike"),
        ("PEACE_PROTEST", "Peaceful protest"),
        ("SHELLING_ARTILLERY_MISSILE_ATTACK", "Shelling/artillery/missile attack"),
        ("armed_clash", "Armed clash"),
        ("OTHER", NOT_AN_EVENT),
        ("WEATHER", NOT_AN_EVENT),
    ],
)
def test_snippet_labels(label, expected):
    assert gold_sub_type(label, load_label_map()) == expected


def test_label_map_rejects_unknown_sub_type(tmp_path):
    bad = tmp_path / "labels.csv"
    bad.write_text("label,sub_event_type\nFOO,Armed battle\n")
    with pytest.raises(ValueError, match="'Armed battle'"):
        load_label_map(bad)


def test_read_snippets_skips_header(tmp_path):
    f = tmp_path / "s.tsv"
    f.write_text("id\ttext\tlabel\n1\tTroops clashed with rebels.\tARMED_CLASH\n\n2\tIt rained.\tNONE\n")
    assert read_snippets(f) == [("1", "Troops clashed with rebels.", "ARMED_CLASH"), ("2", "It rained.", "NONE")]


def test_read_snippets_names_the_bad_line(tmp_path):
    f = tmp_path / "s.tsv"
    f.write_text("1\tonly two columns\n")
    with pytest.raises(ValueError, match=r"s.tsv:1: expected 3"):
        read_snippets(f)


# ---------------------------------------------------------------- grouping, error causes


def test_group_notes_extracts_a_repeated_note_once():
    rows = [("d1", {"notes": "same"}), ("d2", {"notes": "other"}), ("d3", {"notes": "same "})]
    grouped = group_notes(rows)
    assert [(d, len(r)) for d, r in grouped] == [("d1", 2), ("d2", 1)]


@pytest.mark.parametrize(
    ("override", "cause"),
    [
        ({"event_type": "Riots", "sub_event_type": "Mob violence"}, "event type: Battles -> Riots"),
        ({"sub_event_type": "Government regains territory"}, "sub-type: Armed clash -> Government regains territory"),
        ({"event_date": "2020-04-30"}, "date: wrong by 1 day"),
        ({"event_date": None}, "date: none"),
        ({"location": None, "latitude": None, "longitude": None}, "place: none found, gold named in note"),
        ({"location": "Jos", "latitude": 9.9, "longitude": 8.9}, "place: other place chosen"),
        ({"fatalities": 0}, "fatalities: missed deaths"),
        ({"actor2": None}, "actor2: none"),
        ({"actor1": "Boko Haram"}, "actor1: other name"),
        ({"geo_precision": 2}, "geo_precision: 1 -> 2"),
        ({"inter2": 0}, "inter2: 2 -> 0"),
        ({"admin1": "Kaduna"}, "admin1: other spelling, right point"),
        ({"admin1": "Katsina", "latitude": 13.0}, "admin1: wrong, namesake place elsewhere"),
    ],
)
def test_miss_causes(override, cause):
    p = pred(**override)
    missed = [f for f, ok in field_hits(gold(), p).items() if not ok]
    assert cause in miss_causes("Soldiers clashed with insurgents in Kano.", gold(), p, missed)


def test_top_causes_counts_each_event_once_per_cause():
    misses = [{"causes": ["no event"]}, {"causes": ["no event"]}, {"causes": ["date: none", "date: none"]}]
    assert top_causes(misses) == [("no event", 2), ("date: none", 1)]


# ---------------------------------------------------------------- the real command on hand-written files

ACLED_HEADER = ("event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,actor2,inter1,inter2,"
                "country,admin1,location,latitude,longitude,geo_precision,notes,fatalities\n")
# invented reports; the third note is coded as two events by repeating its text (ACLED's way)
ACLED_ROWS = (
    'KEN1,4-May-20,1,Protests,Peaceful protest,Protesters (Kenya),,6,0,Kenya,Nairobi,Nairobi,-1.2833,36.8167,1,'
    '"On 4 May 2020, traders protested in Nairobi against the closure of a market.",0\n'
    'NGA1,3-May-20,1,Battles,Armed clash,Military Forces of Nigeria (2015-),Boko Haram,1,2,Nigeria,Borno,'
    'Maiduguri,11.8464,13.1603,1,"On 3 May 2020, soldiers clashed with Boko Haram fighters near Maiduguri, '
    'killing 4 insurgents.",4\n'
    'KEN2,2-May-20,1,Protests,Peaceful protest,Protesters (Kenya),,6,0,Kenya,Mombasa,Mombasa,-4.05,39.6667,1,'
    '"On 2 May 2020, residents marched in Mombasa and in Nairobi.",0\n'
    'KEN3,2-May-20,1,Protests,Peaceful protest,Protesters (Kenya),,6,0,Kenya,Nairobi,Nairobi,-1.2833,36.8167,1,'
    '"On 2 May 2020, residents marched in Mombasa and in Nairobi.",0\n'
)


@pytest.fixture()
def acled_csv(tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text(ACLED_HEADER + ACLED_ROWS, encoding="utf-8")
    return path


def _eval(*args: str):
    from typer.testing import CliRunner

    from eventwire.cli import app

    return CliRunner().invoke(app, ["eval", *args], catch_exceptions=False)


@pytest.mark.slow
def test_cli_eval_json_scores_every_field(acled_csv):
    result = _eval(str(acled_csv), "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert (scores["n_notes"], scores["n_gold_events"]) == (3, 4)
    for key in (*SCORED_FIELDS, "sub_event_type_macro_f1", "no_event_share", "extra_events_per_note"):
        assert 0.0 <= scores[key] <= (10.0 if key == "extra_events_per_note" else 1.0)


@pytest.mark.slow
def test_cli_eval_errors_file_lists_the_misses(acled_csv, tmp_path):
    errors = tmp_path / "misses.jsonl"
    result = _eval(str(acled_csv), "--limit", "2", "--errors", str(errors))
    assert result.exit_code == 0, result.output
    misses = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert all(m["missed"] and m["note_id"] in {"KEN1", "NGA1"} for m in misses)
    assert "sub_event_type confusion" in result.stdout


@pytest.mark.slow
def test_cli_eval_country_filter(acled_csv):
    scores = json.loads(_eval(str(acled_csv), "--country", "nigeria", "--json").stdout)
    assert (scores["n_notes"], scores["n_gold_events"]) == (1, 1)


@pytest.mark.slow
def test_cli_eval_classification(tmp_path):
    snippets = tmp_path / "s.tsv"
    snippets.write_text("id\ttext\tlabel\n1\tSoldiers clashed with rebels near the border on Monday.\tARMED_CLASH\n"
                        "2\tThe weather was mild and sunny across the region.\tWEATHER\n", encoding="utf-8")
    result = _eval("--classification", str(snippets), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["n"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/gold.csv"], "/no/such/gold.csv: no such file"),
        ([], "give an ACLED export"),
    ],
)
def test_cli_eval_bad_input(args, message):
    result = _eval(*args)
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())


def test_cli_eval_not_an_acled_export(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = _eval(str(path))
    assert result.exit_code == 1 and "no 'notes' column" in " ".join(result.output.split())


def test_write_misses_one_json_object_a_line(tmp_path):
    from eventwire.evaluate import write_misses

    path = tmp_path / "misses.jsonl"
    assert write_misses(score_notes(_cases()), path) == 3
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["note"] for r in records] == ["text b", "text c", "text c"]


def test_report_tables_confusion_rows_are_gold_labels():
    from rich.console import Console

    from eventwire.evaluate import report_tables

    console = Console(width=200, record=True)
    for table in report_tables(score_notes(_cases())):
        console.print(table)
    text = console.export_text()
    assert "1 Armed clash" in text and "  Attack" in text and "no event" in text


@pytest.mark.slow
def test_extract_all_in_two_processes_keeps_order_and_results():
    from eventwire.evaluate import extract_all
    from eventwire.model import Document

    texts = ["Police arrested ten protesters in Lagos on Monday.", "It was sunny.",
             "Gunmen killed three farmers near Jos on Sunday."]
    documents = [Document(id=f"d{i}", text=t) for i, t in enumerate(texts)]
    serial = [(r.document.id, [e.to_dict() for e in r.events]) for r in extract_all(documents)]
    parallel = [(r.document.id, [e.to_dict() for e in r.events]) for r in extract_all(documents, workers=2, chunk=1)]
    assert parallel == serial
