"""assemble: splitting one deed told at several places into one event per place."""

from __future__ import annotations

import pytest

from eventwire.stages.assemble import _split
from eventwire.stages.base import Annotation, CharSpan


def place(name: str, admin2: str | None = None) -> Annotation:
    ann = Annotation()
    span = CharSpan(0, len(name), name)
    ann.set("location", name, span)
    if admin2:
        ann.set("admin2", admin2, span)
    return ann


def test_no_split_keeps_the_one_event():
    values = {"location": "A", "fatalities": 5}
    assert _split(values, {}, [place("A")]) == [(values, {})]


@pytest.mark.parametrize("total, n_more, expected", [
    (3, 1, [2, 1]), (7, 2, [3, 2, 2]), (1, 2, [1, 0, 0]), (0, 1, [0, 0]),
])
def test_fatalities_split_evenly_remainder_first(total, n_more, expected):
    first = place("A")
    first.splits = [place(f"B{k}") for k in range(n_more)]
    out = _split({"location": "A", "fatalities": total}, {}, [first])
    assert [v["fatalities"] for v, _ in out] == expected


def test_a_split_place_does_not_inherit_the_first_place_fields():
    first = place("A", admin2="District of A")
    first.splits = [place("B")]
    values = {"location": "A", "admin2": "District of A", "actor1": "Rebels"}
    evidence = {"location": CharSpan(0, 1, "A"), "admin2": CharSpan(0, 1, "A")}
    (_, _), (v, e) = _split(values, evidence, [first])
    assert v["location"] == "B" and "admin2" not in v and "admin2" not in e
    assert v["actor1"] == "Rebels"
