"""Place-name keys: one spelling-insensitive form per name, so one indexed query finds its variants.

Two keys per name. `key` is the name in lower-case ASCII without articles, punctuation or spaces
("Deir ez-Zor" -> "deirzor"); `skeleton` is coarser, for transliteration variants: vowel clusters
and doubled letters collapse ("Dayr az Zawr", "Deir Ezzor" and "Deir-ez-Zor" all give "drzr").
A skeleton hit is confirmed with rapidfuzz on the keys, so short skeletons do not merge "Homs" and
"Hamas".
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz
from unidecode import unidecode

# Arabic definite article and its sun-letter assimilations as written in English transliteration;
# also the French/Spanish/Italian articles of names like "El Fasher", "La Paz" stay meaningful, so
# only the Arabic forms joined with a hyphen or standing alone are dropped.
ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "an", "at", "az", "ash", "ath", "adh", "ed", "er", "es",
                      "et", "ez", "en", "ul", "il", "the"})
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bb\u02bc\u02be\u02bf\u0060\u00b4'`]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# digraph substitutions applied before vowels are dropped: common English spellings of one sound
_DIGRAPHS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ph", "f"), ("kh", "k"), ("q", "k"), ("ck", "k"),
             ("gh", "g"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "c"), ("c", "k"))
_VOWELS = re.compile(r"[aeiouyw]+")
_DOUBLES = re.compile(r"(.)\1+")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: "Dayr az-Zawr" -> "dayr az zawr"."""
    ascii_text = unidecode(_APOSTROPHES.sub("", text)).lower()
    ascii_text = ascii_text.replace("'", "")
    return " ".join(_NON_ALNUM.sub(" ", ascii_text).split())


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The exact-match key: folded, Arabic articles dropped (unless the name is only an article), no spaces."""
    words = fold(name).split()
    kept = [w for w in words if w not in ARTICLES]
    # "al-Bab": the article fused by a hyphen is dropped too, but never the whole name
    return "".join(kept or words)


@lru_cache(maxsize=200_000)
def skeleton(key: str) -> str:
    """Coarse transliteration-insensitive form of a key: first letter, then consonants, doubles collapsed."""
    if not key:
        return ""
    s = key
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = _DOUBLES.sub(r"\1", s)
    head, tail = s[0], _VOWELS.sub("", s[1:])
    # a leading vowel is kept as one class so "Idlib" and "Adlib" stay apart from "Dlib"
    if head in "aeiouyw":
        head = "a"
    return _DOUBLES.sub(r"\1", head + tail)


def similarity(a: str, b: str) -> float:
    """0..100 similarity of two keys (rapidfuzz ratio)."""
    return fuzz.ratio(a, b)


def spelled(key: str) -> str:
    """A key with common English spellings of one sound merged but vowels kept ("Dhalea" -> "dalea")."""
    for a, b in _DIGRAPHS:
        key = key.replace(a, b)
    return _DOUBLES.sub(r"\1", key)


def is_latin(name: str) -> bool:
    """True when a name is written in Latin script (alternate names in other scripts are not indexed)."""
    return all(ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF or not ch.isalpha() for ch in name)
