from __future__ import annotations

import pytest

from eventwire.model import (
    ACLED_COLUMNS,
    EVENT_FIELDS,
    EVENT_TYPES,
    STAGE_FIELDS,
    SUB_EVENT_TYPE_PARENT,
    Event,
    Evidence,
    interaction_code,
    make_event_id,
)


@pytest.mark.parametrize(
    "inter1,inter2,expected",
    [(1, 7, 17), (7, 1, 17), (6, None, 60), (6, 0, 60), (2, 2, 22), (None, 3, None)],
)
def test_interaction_code(inter1, inter2, expected):
    assert interaction_code(inter1, inter2) == expected


def test_taxonomy_has_six_types_and_25_sub_types():
    assert len(EVENT_TYPES) == 6
    assert len(SUB_EVENT_TYPE_PARENT) == 25


def test_event_to_dict_has_every_field_in_order():
    ev = Event(event_id="e1", doc_id="d1", evidence=(Evidence("actor1", "d1", 0, 3, "SDF"),))
    record = ev.to_dict()
    assert tuple(record) == EVENT_FIELDS
    assert record["evidence"] == [{"field": "actor1", "doc_id": "d1", "start": 0, "end": 3, "text": "SDF"}]
    assert Event.from_dict(record) == ev


def test_event_id_is_stable_and_distinguishes_inputs():
    assert make_event_id("d", 1, "x") == make_event_id("d", 1, "x")
    assert make_event_id("d", 1, "x") != make_event_id("d", 2, "x")


def test_acled_columns_are_the_31_column_export():
    assert len(ACLED_COLUMNS) == 31 and ACLED_COLUMNS[0] == "data_id" and ACLED_COLUMNS[-1] == "iso3"


def test_main_defaults_to_false_and_round_trips():
    assert Event(event_id="e1", doc_id="d1").main is False
    ev = Event(event_id="e1", doc_id="d1", main=True)
    assert ev.to_dict()["main"] is True
    assert Event.from_dict(ev.to_dict()) == ev


def test_record_written_before_main_existed_reads_as_not_main():
    record = Event(event_id="e1", doc_id="d1").to_dict()
    del record["main"]
    assert Event.from_dict(record).main is False


def test_main_is_no_field_a_stage_may_fill():
    # the document-level stage decides it once every event of the document is known
    assert "main" in EVENT_FIELDS and "main" not in STAGE_FIELDS
