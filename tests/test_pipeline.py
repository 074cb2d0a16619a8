"""The library entry points on the real model: order, per-document errors, batching."""

from __future__ import annotations

import pytest

import eventwire
from eventwire.io.readers import DocumentError

CLASH = "On 9 May 2020, soldiers clashed with rebels near the town of Bunia, killing three rebels."
PROTEST = "On 8 May 2020, hundreds of teachers protested in Nairobi, Kenya, demanding unpaid salaries."


def test_extract_returns_events_with_every_field():
    events = eventwire.extract(CLASH, published="2020-05-10", outlet="Radio Okapi")
    assert events and events[0].event_type == "Battles"
    assert events[0].source == "Radio Okapi"
    assert events[0].fatalities == 3


def test_extract_refuses_empty_text_with_a_named_error():
    with pytest.raises(DocumentError) as info:
        eventwire.extract("   ", doc_id="blank")
    assert info.value.doc_id == "blank"


@pytest.mark.parametrize("batch_chars", [1, 100_000])
def test_extract_many_keeps_order_and_isolates_bad_documents(batch_chars):
    docs = [
        eventwire.Document(id="a", text=CLASH),
        DocumentError("broken.jsonl:2", "invalid JSON"),
        eventwire.Document(id="empty", text=""),
        eventwire.Document(id="b", text=PROTEST),
    ]
    results = list(eventwire.extract_many(docs, batch_chars=batch_chars))
    assert [r.document.id for r in results] == ["a", "broken.jsonl:2", "empty", "b"]
    assert [r.ok for r in results] == [True, False, False, True]
    assert results[3].events[0].event_type == "Protests"


def test_same_input_gives_the_same_event_ids():
    first = [e.event_id for e in eventwire.extract(CLASH, doc_id="d")]
    again = [e.event_id for e in eventwire.extract(CLASH, doc_id="d")]
    assert first == again


# ---- one deed at several places: one event per place (ACLED practice)

def test_coordinated_places_give_one_event_each():
    text = "On 5 May 2023, protests were held in Kabul, Herat and Kandahar against fuel prices."
    events = eventwire.extract(text, published="2023-05-06")
    assert [e.location for e in events] == ["Kabul", "Herat", "Kandahar"]
    assert len({e.event_id for e in events}) == 3
    assert all(e.sub_event_type == "Peaceful protest" for e in events)


def test_fatalities_are_shared_out_across_the_places():
    text = "On 6 May 2023, Houthi forces shelled Hays and Al Khawkhah, killing 3 civilians."
    events = eventwire.extract(text, published="2023-05-06")
    assert [e.fatalities for e in events] == [2, 1]
    assert len({e.location for e in events}) == 2


@pytest.mark.parametrize("text", [
    "On 4 May 2023, fighting broke out between Hajin and Al Susah, killing 3 fighters.",
    "On 4 May 2023, a body was found between the towns of Hajin and Al Susah.",
])
def test_between_two_places_stays_one_event(text):
    assert len(eventwire.extract(text, published="2023-05-06")) == 1


def test_settings_refuse_a_negative_background_window():
    from eventwire.pipeline import Settings

    with pytest.raises(ValueError, match="background_days"):
        Settings.of(background_days=-1)
