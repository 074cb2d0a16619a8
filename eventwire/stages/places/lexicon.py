"""Places: the words the stage reads around a name, loaded from data/place_words.jsonl.

The lists are data (a user may extend them); the names below are the ones the other modules use.
Derived sets (plural admin words, the words that may stand between a name and its qualifier) are
built here from the lists, so each word is written once.
"""

from __future__ import annotations

import json
from importlib import resources

from spacy.tokens import Span

DATA_FILE = "place_words.jsonl"


class PlaceWordsError(ValueError):
    """data/place_words.jsonl holds a line the stage cannot use (the message names the line)."""


def load_place_words(text: str, label: str = DATA_FILE) -> tuple[dict[str, int], dict[str, frozenset[str]]]:
    """The admin words with their levels, and every named word list, from the JSONL text of the data file."""
    admin: dict[str, int] = {}
    lists: dict[str, frozenset[str]] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PlaceWordsError(f"{label}:{lineno}: not JSON ({exc.msg})") from exc
        kind = entry.get("kind")
        if kind == "admin_words" and isinstance(entry.get("words"), dict):
            admin.update({str(w).lower(): int(v) for w, v in entry["words"].items()})
        elif kind == "words" and entry.get("name") and isinstance(entry.get("words"), list):
            lists[entry["name"]] = lists.get(entry["name"], frozenset()) | {str(w).lower() for w in entry["words"]}
        elif kind != "comment":
            raise PlaceWordsError(f"{label}:{lineno}: needs kind admin_words (words: {{word: level}}), "
                                  f"words (name, words: [...]) or comment")
    return admin, lists


_ADMIN, _LISTS = load_place_words((resources.files("eventwire") / "data" / DATA_FILE).read_text(encoding="utf-8"))


def words(name: str) -> frozenset[str]:
    """A named word list of data/place_words.jsonl (a missing list is a packaging error)."""
    try:
        return _LISTS[name]
    except KeyError:
        raise PlaceWordsError(f"{DATA_FILE}: no word list named {name!r}") from None


# spaCy entity labels: a place, or a name NER may give a place by mistake
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MAYBE_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})
LIST_WORDS = frozenset({",", "and", "or", "&"})

ADMIN_WORDS: dict[str, int] = _ADMIN
# the plural ones close a list of places: "in A and B districts", "the villages of A, B and C"
PLURAL_ADMIN = frozenset(w for w in ADMIN_WORDS if w.endswith("s") and w != "countryside")
LOCATIVE_PREPS = words("locative_preps")
STRONG_PREPS = words("strong_preps")
WEAK_SLOT_PREPS = words("weak_slot_preps")
ORIGIN_PREPS = words("origin_preps")
NEAR_WORDS = words("near_words")
OUTSKIRT_WORDS = words("outskirt_words")
DIRECTION_WORDS = words("direction_words")
SPEECH_LEMMAS = words("speech_lemmas")
STOP_NAMES = words("stop_names")
FACILITY_WORDS = words("facility_words")
FOREIGN_HEADS = words("foreign_heads")
STREET_WORDS = words("street_words")
# words that may stand between a name and the region qualifying it: "Al Watiyah airbase (Nuqat al Khams)"
GAP_WORDS = frozenset(ADMIN_WORDS) | FACILITY_WORDS | words("gap_words")
PARTICLES = words("particles")
PEOPLE_NOUNS = words("people_nouns")
SETTLEMENT_NOUNS = words("settlement_nouns")
LANDMARK_WORDS = FACILITY_WORDS | STREET_WORDS | words("landmark_words")
PART_WORDS = words("part_words")
SETTLEMENT_HEADS = frozenset(w for w, lvl in ADMIN_WORDS.items() if lvl != 0 or w == "countryside") | \
    words("settlement_heads")
GENERIC_NAME_WORDS = DIRECTION_WORDS | words("generic_name_words")
INSTITUTION_HEADS = words("institution_heads")
DISTANCE_WORDS = words("distance_words")

# a loose spelling match to a town this big may stand without support from the text; a smaller one needs its
# country named (or cued) elsewhere: a wrong point abroad is worse than none
FUZZY_MIN_POP = 50_000
# a town this big named in a text is that town, not a namesake of a village in the cue regions
NAMESAKE_MAX_POP = 50_000


def qualifies_foreign_thing(ent: Span, keep: frozenset[str] = frozenset()) -> bool:
    """The country word only qualifies hardware, money or foreigners ("a Turkish drone", "the US dollar"):
    it says nothing about where the event was. Heads in `keep` still count as the place's."""
    head = ent.root.head.lemma_.lower()
    return ent.root.dep_ in ("amod", "compound", "nmod") and head in FOREIGN_HEADS and head not in keep
