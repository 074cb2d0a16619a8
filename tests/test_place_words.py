"""eventwire/data/place_words.jsonl: the word lists of the places stage load, and a bad line names itself."""

from __future__ import annotations

import pytest

from eventwire.stages.places.lexicon import (
    ADMIN_WORDS,
    PLURAL_ADMIN,
    PlaceWordsError,
    load_place_words,
    words,
)


def test_the_shipped_lists_load_with_their_levels() -> None:
    assert ADMIN_WORDS["province"] == 1 and ADMIN_WORDS["district"] == 2 and ADMIN_WORDS["village"] == -1
    assert "districts" in PLURAL_ADMIN and "countryside" not in PLURAL_ADMIN
    assert "near" in words("near_words") and "from" in words("origin_preps")


def test_lists_of_one_name_add_up() -> None:
    admin, lists = load_place_words(
        '{"kind": "words", "name": "near_words", "words": ["Near"]}\n'
        '# a comment line\n'
        '{"kind": "words", "name": "near_words", "words": ["close"]}\n'
        '{"kind": "admin_words", "words": {"Emirate": 1}}\n')
    assert lists["near_words"] == {"near", "close"} and admin == {"emirate": 1}


@pytest.mark.parametrize("line", ['{"kind": "words", "words": ["x"]}', '{"kind": "list"}', "not json"])
def test_a_bad_line_is_named(line: str) -> None:
    with pytest.raises(PlaceWordsError, match=r"mine.jsonl:2:"):
        load_place_words('{"kind": "comment", "text": "ok"}\n' + line, "mine.jsonl")


def test_an_unknown_list_name_fails_loudly() -> None:
    with pytest.raises(PlaceWordsError, match="no word list"):
        words("no_such_list")
