"""Counts: fatalities (best, low, high) per trigger, by ACLED's conservative rules.

The text is scanned once for death mentions ("Seven Iraqis ... were killed", "killing 3 soldiers",
"2 fatalities", "death toll rose to 40", "the bodies of two men were found", "no casualties"), each
with its count and kind. A trigger then takes the mentions of its own event: its sentence and the
following sentences up to the next trigger that starts another event. Deaths only: injuries are not
deaths, "killed or injured N" does not say N died, a number is a count of dead only when a death word
governs it (not "15 trucks", not "200 civilians trapped"). "including ..." subsets are not added twice;
separate groups (attackers and civilians) are summed. Nothing said about deaths -> 0, no evidence.

A toll's own clause says what it counts: a period's tally ("so far this year, 31 have died") and an
accident's dead ("a bridge collapsed, killing 9") are no event's count; a toll over several events ("killed in
two attacks") gives way to the event's own count; the latest update of a toll replaces the ones before it,
and competing tolls give the lowest (ACLED's conservative estimate).

Quantifier values (numbers in words, "dozens" = 12, "several" = 3 ...) are data:
eventwire/data/quantities.csv; which nouns name people ("a <noun> was killed"):
eventwire/data/person_nouns.csv; the words of tallies, accidents, several events and updates:
eventwire/data/count_contexts.jsonl.
"""

from __future__ import annotations

import csv
import json
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .base import Annotation, CharSpan, Trigger, headline_end, sentence_bounds

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Quantity:
    best: int
    low: int
    high: int | None


@dataclass(frozen=True)
class DeathMention:
    """A statement of how many died. kind: count | total | zero | override | split | ambiguous."""

    start: int
    end: int
    text: str
    kind: str
    qty: Quantity
    definite: bool = False  # "the two men", "both", "he": likely refers back, so it does not add
    divisor: int = 1  # "fatalities split between N events" with no per-event figure
    per_event: bool = False  # the text itself shared the deaths out across events ("split across 2 events (3)")
    # what the words around it say: "tally" (a period's toll), "not_conflict" (an accident's or a disaster's
    # dead), "multi" (a toll over several events), "" (the deaths of one event)
    context: str = ""
    update: bool = False  # a toll that replaces the ones before it ("rose to 41", "a revised toll of 22")


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@lru_cache(maxsize=1)
def quantity_words() -> dict[str, Quantity]:
    table = {}
    for row in _rows("quantities.csv"):
        high = row["high"].strip()
        table[row["phrase"].strip().lower()] = Quantity(int(row["best"]), int(row["low"]),
                                                       int(high) if high else None)
    return table


@lru_cache(maxsize=1)
def _noun_kinds() -> dict[str, str]:
    return {row["word"].strip().lower(): row["kind"].strip() for row in _rows("person_nouns.csv")}


class CountDataError(ValueError):
    """A count data file that cannot be used; the message names the file and the line."""


CONTEXT_KINDS = ("tally", "tally_exempt", "not_conflict", "violence", "deed", "multi", "update")


def parse_count_contexts(lines: list[str], source: str = "count_contexts.jsonl") -> dict[str, re.Pattern[str]]:
    """One case-insensitive pattern per kind from JSONL lines `{"kind": K, "pattern": REGEX}`."""
    parts: dict[str, list[str]] = {kind: [] for kind in CONTEXT_KINDS}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CountDataError(f"{source} line {n}: invalid JSON ({exc.msg})") from None
        kind = obj.get("kind") if isinstance(obj, dict) else None
        if kind == "comment":
            continue
        if kind not in parts:
            raise CountDataError(f"{source} line {n}: unknown kind {kind!r}")
        pattern = obj.get("pattern")
        try:
            re.compile(pattern)
        except (TypeError, re.error) as exc:
            raise CountDataError(f"{source} line {n}: bad pattern ({exc})") from None
        parts[kind].append(pattern)
    return {kind: re.compile("|".join(f"(?:{p})" for p in pats) or r"(?!)", re.I) for kind, pats in parts.items()}


@lru_cache(maxsize=1)
def count_contexts() -> dict[str, re.Pattern[str]]:
    with open(DATA / "count_contexts.jsonl", encoding="utf-8") as fh:
        return parse_count_contexts(fh.readlines())


_AGENT_SUFFIX = re.compile(r"(?:er|ers|or|ors|ist|ists|ian|ians|ant|ants|ent|ents|man|men|ee|ees)$")


def is_person_noun(word: str) -> bool:
    """'officer', 'trafficker', 'militant', 'woman' are people; 'number', 'incident', 'clash' are not."""
    w = word.lower()
    kind = _noun_kinds().get(w) or _noun_kinds().get(w[:-1] if w.endswith("s") else w)
    if kind:
        return kind == "person"
    return bool(_AGENT_SUFFIX.search(w)) and len(w) > 3 and not w.endswith(("ment", "ments"))


_SINGULAR = {"a", "an", "one", "another", "single", "lone", "the", "his", "her", "their", "its"}
# "the driver", "his son", "their driver": one person, when the noun is singular
_DETERMINERS = {"the", "his", "her", "their", "its"}
_PLURALS = {"people", "children", "police", "troops", "personnel", "staff", "youth", "family", "couple"}
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_QUAL = (r"(?:at\s+least|more\s+than|over|nearly|almost|about|around|approximately|roughly|some|up\s+to|"
         r"as\s+many\s+as|an\s+estimated|a\s+total\s+of|at\s+most|fewer\s+than|less\s+than|close\s+to|"
         r"no\s+fewer\s+than|no\s+less\s+than|a\s+family\s+of|family\s+of)")
_DEATH_PASSIVE = (r"(?:kill+ed|kiled|murdered|assassinated|executed|beheaded|decapitated|lynched|slain|slaughtered|"
                  r"massacred|shot\s+dead|gunned\s+down|shot\s+and\s+killed|shot\s+to\s+death|stabbed\s+to\s+death|"
                  r"beaten\s+to\s+death|hacked\s+to\s+death|burn(?:ed|t)\s+to\s+death|burn(?:ed|t)\s+alive|"
                  r"found\s+dead|found\s+killed|dead|died|perished|drowned|lost\s+(?:their|his|her)\s+lives?|"
                  r"succumbed|confirmed\s+dead|fatally\s+\w+ed|fatally\s+shot)")
_DEATH_ACTIVE = (r"(?:kill+ed|kiled|killing|fatally\s+(?:shot|stabbed|wounded|injured|beat|beaten)|killing\s+of|the\s+killing\s+of|murdered|murdering|the\s+murder\s+of|"
                 r"executed|executing|assassinated|lynched|lynching|beheaded|massacred|slaughtered|"
                 r"shot\s+dead|shooting\s+dead|gunned\s+down|gunning\s+down|shot\s+and\s+killed|left|leaving|claimed\s+the\s+lives\s+of|"
                 r"(?:the\s+)?deaths?\s+of)")
# "kidnapped and later killed": the earlier verb does not cut the subject from its death
_THEN = (r"(?:(?:(?!injured|wounded)\w+ed|taken|held|beaten|shot)\s+(?:\w+\s+){0,3}?and\s+(?:later\s+|subsequently\s+|then\s+|were\s+|was\s+)*"
         r"(?:found\s+)?)?")
_INJURY = r"(?:injur\w*|wound\w*|hurt)"
# gap words between a counted noun phrase and its death verb may not open another clause
_GAP_STOP = (r"(?:who|which|that|when|while|after|before|because|as|and(?=\s+(?:\d|a\b|an\b|one|two|three|four|five|"
             r"six|seven|eight|nine|ten|another|several|dozens))|but|or|where|whom|whose|"
             r"injured|wounded|hurt|arrested|abducted|kidnapped|detained|missing|displaced|rescued|"
             r"trapped|evacuated|held|released|seized|captured|surrendered|fled|escaped)")
# words that end a counted noun phrase ("3 militants | and 2 soldiers", "7 civilians | were killed")
_NP_STOP = (r"(?:and|or|but|were|was|are|is|have|has|had|been|being|be|who|which|that|when|while|after|"
            r"before|in|on|at|by|for|from|with|during|as|of(?!\s+(?-i:[A-Z]))|to|killed|dead|died|reportedly|allegedly|also|later|"
            r"injured|wounded|including)")
_SUBSET_BEFORE = re.compile(r"(?:including|includ\w+\s+|among\s+(?:them|whom|the\s+\w+)|of\s+(?:whom|them|those)|"
                            r"such\s+as)\W*(?:\w+\W+){0,2}$", re.I)
_ASIDE = re.compile(r",\s*(?:including|among\s+them)\s+[^,;.()]*", re.I)
_DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those|his|her|their|its|all)\s+$", re.I)
_NONPERSON = re.compile(
    r"(?:days?|hours?|minutes?|weeks?|months?|years?|km|kms|kilomet\w+|miles?|met(?:er|re)s?|kg|kilograms?|"
    r"tons?|tonnes?|vehicles?|trucks?|cars?|buses|houses?|homes?|buildings?|shops?|rounds?|shells?|"
    r"rockets?|missiles?|mortars?|projectiles?|explosions?|times?|percent|per\s+cent|am|pm|mm|cattle|cows?|"
    r"goats?|sheep|camels?|donkeys?|livestock|animals?|villages?|districts?|provinces?|towns?|cities|"
    r"o'clock|bags?|heads\s+of)\b", re.I)


def _num_alternatives() -> str:
    words = sorted(quantity_words(), key=len, reverse=True)
    alts = [re.escape(w).replace(r"\ ", r"\s+") for w in words]
    return "|".join(alts)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    word = rf"(?:{_TENS}(?:[\s-]{_UNITS})?|{_num_alternatives()})"
    digits = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
    base = rf"(?:{digits}|{word})"
    num = rf"(?:{_QUAL}\s+)?[\"'‘“]?{base}(?:\s*(?:-|–|to|or)\s*{base})?[\"'’”]?"
    nounword = rf"(?:(?!{_NP_STOP}\b)[A-Za-z][\w'’/-]*|\([^()]{{1,60}}\))"
    numnp = rf"(?<![\w-]){num}(?![\w-])(?:\s+{nounword}){{0,6}}"
    # "Nine guards, including their commander, and a driver": the subset aside does not end the list
    aside = r"(?:\s*,\s*(?:including|among\s+them)\s+[^,;.()]{1,60}?(?=,))?"
    numlist = rf"{numnp}{aside}(?:\s*,\s*{numnp}{aside}){{0,6}}(?:,?\s+(?:and|as\s+well\s+as)\s+{numnp})?"
    gap = rf"(?:\s*,?\s+[\"“]?(?:(?!{_GAP_STOP}\b)[A-Za-z][\w'’/-]*|\([^()\d]{{1,40}}\))){{0,7}}?"
    return {
        "num": re.compile(rf"(?<![\w-]){num}(?![\w-])", re.I),
        "subject": re.compile(rf"(?P<np>{numlist}){gap},?\s+[\"“]?{_THEN}(?P<verb>{_DEATH_PASSIVE})\b"
                              rf"(?P<amb>\s*(?:,|\bor\b|\band\b|/)\s*{_INJURY})?", re.I),
        # "killed and mutilated (the body of) a member": a second verb on the same victims
        "object": re.compile(rf"\b(?P<verb>{_DEATH_ACTIVE})(?P<amb>\s*(?:or|and|/)\s*(?:injur\w*|wound\w*))?"
                             rf"(?:\s+and\s+(?!injur|wound|displac|arrest|abduct|kidnapp|detain|captur|evacuat|rescu)[a-z]+ed"
                             rf"(?:\s+the\s+bod(?:y|ies)\s+of)?)?"
                             rf"\s+(?P<np>{numlist})(?P<dead>\s+dead)?", re.I),
        "to_death": re.compile(rf"\b(?:stabb?(?:ed|ing)|beat(?:en|ing)?|shot|shooting|hack(?:ed|ing)|tortur(?:ed|ing)|"
                               rf"burn(?:ed|t|ing)|ston(?:ed|ing)|club(?:bed|bing)|lynch(?:ed|ing)|strangl(?:ed|ing)|"
                               rf"hang(?:ed|ing)|chop(?:ped|ping))\s+(?P<np>{numlist})\s+to\s+death\b", re.I),
        "self": re.compile(r"\b(?:blew|blowing|blows)\s+(?:himself|herself)\s+up\b|\b(?:killing|killed)\s+(?:himself|herself)\b",
                           re.I),
        "death_of": re.compile(r"\b(?:resulting\s+in|resulted\s+in|result\s+in|led\s+to|leading\s+to|causing|caused)\s+"
                               r"(?:the\s+|his\s+|her\s+|one\s+|another\s+|a\s+|1\s+)death\b(?!\s+of\s+(?:\d|two|three))",
                               re.I),
        "bodies": re.compile(rf"\b(?:bod(?:y|ies)|corpses?|remains)\s+of\s+(?P<np>{numlist})", re.I),
        "nbodies": re.compile(rf"(?P<np>(?<![\w-]){num})\s+(?:\w+\s+){{0,2}}?(?:dead\s+)?(?:bodies|corpses)\b", re.I),
        "abody": re.compile(r"\b(?:a|another)\s+(?:\w+\s+)?(?:dead\s+)?(?:body|corpse)\b(?!\s+of)", re.I),
        # "X was shot dead" with a subject too long to read: one person, a fallback that never adds
        "was": re.compile(rf"\bwas\s+(?:\w+ly\s+|later\s+|then\s+)*(?:shot\s+and\s+)?(?P<verb>{_DEATH_PASSIVE})\b"
                          rf"(?!\s*(?:,|or|and|/)\s*{_INJURY})|\b(?:killed|killing|murdered|executed|shot)\s+(?:him|her)\b",
                          re.I),
        "pronoun": re.compile(rf"\b(?:he|she)\s+(?:was\s+|had\s+|has\s+|later\s+|subsequently\s+|reportedly\s+|"
                              rf"allegedly\s+|been\s+){{0,3}}(?P<verb>{_DEATH_PASSIVE})\b(?!\s*(?:or|and)\s*{_INJURY})",
                              re.I),
        # "Two of the wounded later died", "three of the hostages were killed": part of a group, now dead
        "part": re.compile(rf"(?P<np>(?<![\w-]){num})\s+of\s+(?:the|those|them|these|their)\b(?P<rest>[^.;:!?]{{0,50}}?)\s+"
                           rf"(?:later\s+|subsequently\s+|then\s+|also\s+|have\s+|had\s+|reportedly\s+)*"
                           rf"(?P<verb>died|succumbed|perished|(?:were|was|have\s+been|had\s+been)\s+killed)\b", re.I),
        "range": re.compile(rf"\bfatalities\s+(?:range|ranging|ranged|vary|varying)\s+(?:from\s+|between\s+)?"
                            rf"(?P<np>{num})", re.I),
        "singular": re.compile(rf"\b(?:the|his|her|their|its)\s+(?:(?!(?:who|which|that|and|or|were)\b)[A-Za-z][\w'’-]*\s+){{1,5}}?(?:(?:was|has\s+been|had\s+been)\s+|(?=died|succumbed|perished))"
                               rf"(?:\w+ly\s+|later\s+|also\s+|then\s+)*(?:shot\s+and\s+)?(?P<verb>{_DEATH_PASSIVE})\b"
                               rf"(?!\s*(?:,|or|and|/)\s*{_INJURY})", re.I),
        "total": re.compile(rf"(?P<np>(?<![\w-]){num}(?:\s+[A-Za-z][\w-]*){{0,2}}?(?:,?\s+and\s+{num}(?:\s+[A-Za-z][\w-]*){{0,2}}?)?)"
                            rf"\s+(?:fatalities|fatality|deaths)\b"
                            rf"|(?:^|(?<=[.\]]\s))(?P<np4>{num})\s+(?:people\s+|persons\s+)?(?:killed|dead)\b(?=[\s,.\[]|$)"
                            rf"|(?:(?:death|casualty|fatality)\s+toll|number\s+of\s+(?:dead|deaths|fatalities))\s+"
                            rf"(?:[^\s.;]+\s+){{0,8}}?(?:to|at|of|reached|is|was|hit)\s+(?P<np2>{num})"
                            rf"|\[\s*fatalities\s*=\s*(?P<np3>\d+)\s*\]", re.I),
        "override": re.compile(r"\bfatalities\s+(?:are\s+|were\s+|have\s+been\s+)?coded\s+as\s+(?P<n>\d+)", re.I),
        "split": re.compile(rf"(?:(?P<t>(?<![\w-]){num})\s+)?\bfatalit(?:y|ies)\s+(?:are\s+|were\s+)?"
                            rf"(?:split|divided|shared|distributed|coded)\s+(?:equally\s+)?(?:across|between|among|over)\s+"
                            rf"(?P<k>\d+|two|three|four|five|six)\s+(?:events?|days|incidents)(?:\s*\((?P<n>\d+)\))?", re.I),
        "zero": re.compile(
            r"\b(?:no\s+(?:one|body|person|people|civilians?|deaths?|fatalit(?:y|ies)|casualt(?:y|ies)|"
            r"injur(?:y|ies)|loss(?:es)?\s+of\s+(?:life|lives)|victims?|lives\s+were\s+lost|"
            r"reports?\s+of\s+(?:casualties|deaths|fatalities|injuries))"
            r"|nobody\s+(?:was|were)\s+(?:killed|hurt|injured|harmed)"
            r"|without\s+(?:any\s+|causing\s+)?(?:casualties|injuries|fatalities|deaths)"
            r"|neither\s+(?:fatalities|deaths|casualties)\s+nor)\b", re.I),
    }


# masked before counting: dates, ages, calibres, times, ordinals and sizes are never death counts
_MASK = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?(?:,?\s+\d{4})?"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}\b"
    r"(?:,?\s+\d{4})?|\b(?:19|20)\d\d\b|\b\d+(?:-|\s)years?(?:-|\s)old\b|\baged?\s+\d+|\b\d+\s*mm\b|"
    r"\b\d{1,2}[:.]\d\d\b|\b\d+(?:st|nd|rd|th)\b|\[size=[^\]]*\]|\b\d+(?:-|\s)?(?:km|kg|%)")


def _mask(text: str) -> str:
    # letters, not digits: a masked "17-year-old" still reads as a word of the noun phrase
    return _MASK.sub(lambda m: "x" * (m.end() - m.start()), text)


def parse_quantity(phrase: str) -> Quantity | None:
    """'at least 15' -> 15..None; '1,000-1,500' -> 1000 (1000..1500); 'Seven' -> 7; 'dozens' -> 12."""
    s = re.sub(r"\s+", " ", phrase.strip().strip("\"'‘’“”").lower())
    qual = re.match(_QUAL.replace(r"\s+", " ") + " ", s)
    q = ""
    if qual:
        q, s = qual.group().strip(), s[qual.end():]
    whole = _base_value(s)
    if whole is not None:
        return whole if not q else parse_quantity_qualified(q, whole)
    parts = re.split(r"\s*(?:-|–|\bto\b|\bor\b)\s*", s) if not s.startswith(("a ", "an ")) else [s]
    values = [_base_value(p) for p in parts if p]
    if not values or any(v is None for v in values):
        whole = _base_value(s)
        if whole is None:
            return None
        values = [whole]
    if len(values) == 2:
        lo, hi = values[0], values[1]
        assert lo is not None and hi is not None
        if hi.best < lo.best:
            lo, hi = hi, lo
        return Quantity(lo.best, lo.low, hi.high if hi.high is not None else hi.best)
    v = values[0]
    assert v is not None
    return parse_quantity_qualified(q, v)


def parse_quantity_qualified(q: str, v: Quantity) -> Quantity:
    if q in ("at least", "more than", "over", "no fewer than", "no less than"):
        return Quantity(v.best, v.best, None)
    if q in ("up to", "as many as", "at most", "fewer than", "less than"):
        return Quantity(v.best, 0 if q != "as many as" else v.low, v.best)
    return v


def _base_value(s: str) -> Quantity | None:
    s = s.strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", s):
        n = int(s.replace(",", ""))
        return Quantity(n, n, n)
    table = quantity_words()
    if s in table:
        return table[s]
    m = re.fullmatch(rf"({_TENS})[\s-]({_UNITS})", s)
    if m:
        n = table[m.group(1)].best + table[m.group(2)].best
        return Quantity(n, n, n)
    return None


def _np_quantities(np_text: str, offset: int, masked: str) -> list[tuple[Quantity, bool, int]]:
    """The counts in a (coordinated) noun phrase: [(quantity, definite, position)]."""
    out = []
    for m in _patterns()["num"].finditer(np_text):
        q = parse_quantity(m.group())
        if q is None:
            continue
        word = re.sub(r"\W", "", m.group().lower())
        if np_text.count("(", 0, m.start()) > np_text.count(")", 0, m.start()):
            continue  # "5 civilians (2 men, 2 women and 1 child)": the breakdown is not more dead
        if any(a.start() < m.start() < a.end() for a in _ASIDE.finditer(np_text)):
            continue  # "4 guards, including a sergeant and a cook,": a part of the count
        after = np_text[m.end():].lstrip()
        if _NONPERSON.match(after):
            continue
        # the words of this item only: up to a comma or the next coordinated count
        own_words = re.split(r",|\band\b|\bas\s+well\s+as\b", after, maxsplit=1)[0]
        nxt = re.findall(r"[A-Za-z][\w-]*", own_words)[:5]
        if _runs_into_a_count(q, word, own_words):
            continue  # "some stations saying seven people": the number that follows is the count
        definite = False
        if word == "one" and (not nxt or not after[0].isalpha() or after.startswith(("was ", "of "))):
            definite = True  # "killing one." / "One was burnt alive": one of a group already counted
        elif word in _SINGULAR:
            if not nxt:
                continue
            if word == "one":  # "killing one DPR rebel": a numeral, anything but a thing
                if _noun_kinds().get(nxt[0].lower()) == "thing":
                    continue
            elif not any(is_person_noun(w) for w in nxt):
                continue
            if word in _DETERMINERS:
                head = next((w.lower() for w in nxt if is_person_noun(w)), "")
                if _base_value(nxt[0].lower()) is not None or head.endswith(("s", "men")) or head in _PLURALS:
                    continue  # "the two men" counts the two; "the soldiers": how many is not said
                definite = word == "the"
        pos = offset + m.start()
        before = masked[max(0, pos - 40):pos]
        if _SUBSET_BEFORE.search(before):
            continue
        definite = definite or bool(_DEFINITE_BEFORE.search(before)) or word == "both"
        out.append((q, definite, pos))
    return out


def _runs_into_a_count(q: Quantity, word: str, own_words: str) -> bool:
    """A vague or singular word whose phrase runs into a number ("some stations saying seven people", "the
    mayor said four herders"): the number is the count, the word before it is not."""
    if re.search(r"\d", word) or (word not in _SINGULAR and q.high is not None and q.low == q.best):
        return False
    own_words = re.split(r"\(|\bincluding\b", own_words, maxsplit=1)[0]
    later = next((n for n in _patterns()["num"].finditer(own_words)
                  if re.sub(r"\W", "", n.group().lower()) not in _SINGULAR), None)
    if later is None or parse_quantity(later.group()) is None:
        return False
    between = re.findall(r"[A-Za-z][\w-]*", own_words[:later.start()])
    return bool(between) and "of" not in (w.lower() for w in between)


def _attributive(masked: str, verb_end: int) -> bool:
    """The death word stands before the noun it describes ("a slain teacher", "the slain Tamil student")."""
    words = re.match(r" ([A-Za-z][\w'’-]*)(?: ([A-Za-z][\w'’-]*))?", masked[verb_end:verb_end + 60])
    if not words:
        return False
    first, second = words.group(1), words.group(2) or ""

    def person(word: str) -> bool:
        return is_person_noun(word) or word.lower() in _PLURALS

    return person(first) or (first[0].isupper() and bool(second) and person(second))


def _sum(quantities: list[Quantity]) -> Quantity:
    high = None if any(q.high is None for q in quantities) else sum(q.high or 0 for q in quantities)
    return Quantity(sum(q.best for q in quantities), sum(q.low for q in quantities), high)


def find_deaths(text: str) -> list[DeathMention]:
    """Every death statement in the text, in text order (non-overlapping)."""
    masked = _mask(text)
    pats = _patterns()
    found: list[DeathMention] = []
    taken: list[tuple[int, int]] = []
    title_end = headline_end(text)

    def add(s: int, e: int, kind: str, qty: Quantity, definite: bool = False, divisor: int = 1,
            per_event: bool = False) -> None:
        if any(not (e <= a or s >= b) for a, b in taken):
            return
        if s < title_end < e and text[s:title_end].strip():
            return  # the headline's last word and the story's first words are no one statement
        taken.append((s, e))
        found.append(DeathMention(s, e, text[s:e], kind, qty, definite, divisor, per_event))

    for m in pats["override"].finditer(masked):
        n = int(m.group("n"))
        add(m.start(), m.end(), "override", Quantity(n, n, n))
    for m in pats["split"].finditer(masked):
        if m.group("n"):
            n = int(m.group("n"))
            add(m.start(), m.end(), "override", Quantity(n, n, n), per_event=True)
        else:
            k = _base_value(m.group("k").lower())
            t = parse_quantity(m.group("t")) if m.group("t") else None
            if t is not None and k:  # e.g. "4 fatalities split over 2 events": each event gets t // k
                n = t.best // max(1, k.best)
                add(m.start(), m.end(), "override", Quantity(n, n, n), per_event=True)
            else:
                add(m.start(), m.end(), "split", Quantity(0, 0, 0), divisor=k.best if k else 1, per_event=True)
    for m in pats["range"].finditer(masked):
        q = parse_quantity(m.group("np"))
        if q is not None:
            add(m.start(), m.end(), "total", q)
    for m in pats["total"].finditer(masked):
        g = m.group("np") or m.group("np2") or m.group("np3") or m.group("np4")
        nums = [parse_quantity(x.group()) for x in pats["num"].finditer(g)] if g else []
        known = [x for x in nums if x is not None]
        q = _sum(known) if known else None
        lead_word = re.sub(r"\W", "", g.split()[0].lower()) if g.split() else ""
        if q is not None and lead_word not in _SINGULAR - {"one"}:  # "the number of fatalities" is no count
            add(m.start(), m.end(), "total", q)
    for m in pats["zero"].finditer(masked):
        add(m.start(), m.end(), "zero", Quantity(0, 0, 0))
    for m in pats["self"].finditer(masked):
        add(m.start(), m.end(), "count", Quantity(1, 1, 1))  # ACLED counts the suicide bomber
    for m in pats["death_of"].finditer(masked):
        add(m.start(), m.end(), "count", Quantity(1, 1, 1))
    for m in pats["part"].finditer(masked):
        q = parse_quantity(m.group("np"))
        if q is not None and not _SUBSET_BEFORE.search(masked[max(0, m.start() - 40):m.start()]) and not re.search(
                r"\b(?:dead|killed|victims|fatalities|deceased|casualties)\b", m.group("rest"), re.I):
            add(m.start(), m.end(), "count", q)
    for name in ("to_death", "object", "subject", "bodies", "nbodies"):
        for m in pats[name].finditer(masked):
            np_start = m.start("np")
            if name == "object" and re.match(r"le", m.group("verb"), re.I) and not m.group("dead"):
                continue  # "leaving 3 dead" counts, "leaving a facility" does not
            if name == "object" and re.match(rf"\s+(?:were\s+|was\s+)?{_INJURY}", masked[m.end():]):
                continue  # "1 killed 3 injured": the 3 are the injured
            if name == "subject" and _attributive(masked, m.end("verb")):
                continue  # "the grave of a slain teacher": a dead person named, no death told here
            qs = _np_quantities(m.group("np"), np_start, masked)
            if not qs:
                continue
            if name == "subject" and len(qs) > 1 and _patterns()["num"].fullmatch(m.group("np")[qs[-1][2] - np_start:]):
                qs = qs[-1:]  # "two suspects fled and one was killed": a clause, not a list of the dead
            if m.groupdict().get("amb"):  # "killed or injured 5": not all dead
                total = _sum([q for q, _, _ in qs])
                amb = bool(re.search(r"\bor\b|/", masked[m.start("amb"):m.start("amb") + 40], re.I))
                qty = Quantity(0, 0, total.high) if amb else Quantity(min(3, total.best), 1, total.high)
                add(m.start(), m.end(), "ambiguous", qty)
                continue
            if name in ("bodies", "nbodies") and not re.search(r"\b(?:found|discovered|recovered|dumped|retrieved|"
                                                             r"exhumed|unearthed|washed|counted|collected|buried)\b", masked[m.end():m.end() + 200]
                                                             + " " + masked[max(0, m.start() - 80):m.start()], re.I):
                continue
            if name == "subject" and re.search(r"\b(?:of|among)\s+(?:the|those)\s+(?:dead|killed|victims|fatalities)\b",
                                               m.group(), re.I):
                continue  # "Three of the dead were children": a part of a count told elsewhere
            definite = all(d for _, d, _ in qs)
            first = m.start() if name in ("object", "to_death", "bodies") else min(pos for _, _, pos in qs)
            add(first, m.end(), "count", _sum([q for q, _, _ in qs]), definite)
    for m in pats["abody"].finditer(masked):
        if re.search(r"\b(?:found|discovered|recovered|dumped|retrieved)\b", masked[m.end():m.end() + 120], re.I):
            add(m.start(), m.end(), "count", Quantity(1, 1, 1))
    for m in pats["singular"].finditer(masked):
        add(m.start(), m.end(), "count", Quantity(1, 1, 1), definite=True)
    for m in pats["was"].finditer(masked):
        add(m.start(), m.end(), "count", Quantity(1, 1, 1), definite=True)
    for m in pats["pronoun"].finditer(masked):
        add(m.start(), m.end(), "count", Quantity(1, 1, 1), definite=True)
    found.sort(key=lambda d: d.start)
    return _with_contexts(text, found)


# ---- what the words around a death statement say about it ----------------------------------------

_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n")
_CLAUSE_BREAK = re.compile(r"[,;:—–(]")
_OPENER_WORDS = 8  # "So far this year, ...": an opening phrase before the sentence's first comma


def _with_contexts(text: str, found: list[DeathMention]) -> list[DeathMention]:
    """Each toll with what its clause says: a period's tally, an accident's dead, a toll of several events."""
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text)]
    cues = count_contexts()
    out: list[DeathMention] = []
    for k, m in enumerate(found):
        if m.kind not in ("count", "total", "ambiguous"):
            out.append(m)
            continue
        i = bisect_right(breaks, m.start)
        s0, s1 = (breaks[i - 1] if i else 0), (breaks[i] if i < len(breaks) else len(text))
        prev_end = max([s0] + [d.end for d in found[:k] if d.end <= m.start])
        next_start = min([s1] + [d.start for d in found[k + 1:] if d.start >= m.end])
        after = text[m.end:next_start]
        cut = _CLAUSE_BREAK.search(after)
        after = after[:cut.start()] if cut else after
        before = _clause_before(text, max(prev_end, m.start - 200), m.start)
        head = text[s0:m.start]
        comma = head.find(",")
        opener = head[:comma] if comma != -1 and len(head[:comma].split()) <= _OPENER_WORDS else ""
        previous = text[breaks[i - 2] if i > 1 else 0:s0] if i else ""
        context = _context(m, cues, before=before, after=after, opener=opener, sentence=text[s0:s1],
                           previous=previous)
        update = m.kind == "total" and bool(cues["update"].search(text, max(s0, m.start - 40), m.end))
        out.append(replace(m, context=context, update=update))
    return out


def _agentless(statement: str, cues: dict[str, re.Pattern[str]]) -> bool:
    """'61 confirmed dead', '50 people died': deaths told without a deed anyone did."""
    return cues["deed"].search(statement) is None


def _context(m: DeathMention, cues: dict[str, re.Pattern[str]], *, before: str, after: str, opener: str,
             sentence: str, previous: str) -> str:
    # an accident's clause holds no deed of violence ("collapsed after an airstrike, killing 5" keeps them)
    if any(cues["not_conflict"].search(clause) and not cues["violence"].search(clause)
           for clause in (f"{before} {m.text}", f"{m.text} {after}")):
        return "not_conflict"
    # "..., with 61 confirmed dead": deaths no one caused take their cause from the sentence before
    if (_agentless(m.text, cues) and not cues["violence"].search(sentence) and cues["not_conflict"].search(previous)
            and not cues["violence"].search(previous)):
        return "not_conflict"
    if any(_tally(piece, cues) for piece in (opener, m.text, after)):
        return "tally"
    if cues["multi"].search(f"{opener} {m.text} {after}"):
        return "multi"
    return ""


def _clause_before(text: str, start: int, end: int) -> str:
    """The clause the death statement ends ("... collapsed, | killing 9": the one before the comma)."""
    piece = text[start:end]
    cuts = [0] + [c.end() for c in _CLAUSE_BREAK.finditer(piece)]
    last = cuts[-1]
    if not piece[last:].strip() and len(cuts) > 1:
        last = cuts[-2]  # "..., killing 9": the statement opens its clause, its subject is the clause before
    return piece[last:]


def _tally(piece: str, cues: dict[str, re.Pattern[str]]) -> bool:
    found = cues["tally"].search(piece)
    return bool(found) and not cues["tally_exempt"].search(piece, 0, found.start())


def combine(mentions: list[DeathMention], text: str | None = None) -> tuple[Quantity, list[DeathMention]]:
    """One event's fatalities from its mentions: an explicit coding note wins, then a stated total,
    then the sum of separate counts (a definite re-mention does not add); none -> 0."""
    overrides = [m for m in mentions if m.kind == "override"]
    if overrides:
        return overrides[-1].qty, [overrides[-1]]
    # a toll over several events ("eleven killed in two raids") gives way to this event's own count; alone,
    # it is a count the text does not pin down for this event (0 .. the toll)
    own = [m for m in mentions if m.context != "multi"]
    if any(m.kind in ("count", "total", "ambiguous") for m in own):
        mentions = own
    elif len(own) < len(mentions):
        qty, used = combine(own + [replace(m, context="") for m in mentions if m.context == "multi"], text)
        return Quantity(qty.best, 0, qty.high if qty.high is not None else qty.best), used
    totals = [m for m in mentions if m.kind == "total"]
    counts = [m for m in mentions if m.kind in ("count", "ambiguous")]
    splits = [m for m in mentions if m.kind == "split"]
    if totals:
        # the latest update replaces the tolls before it; competing tolls give the lowest (conservative)
        updates = [m for m in totals if m.update]
        best = updates[-1] if updates else min(totals, key=lambda m: m.qty.best)
        qty, used = best.qty, [best]
    elif counts:
        indefinite = _without_retellings([m for m in counts if not m.definite], text)
        qty = _sum([m.qty for m in indefinite]) if indefinite else Quantity(0, 0, 0)
        for m in counts:
            if m.definite and m.qty.best > qty.best:
                qty = m.qty
        used = counts
    else:
        zeros = [m for m in mentions if m.kind == "zero"]
        return Quantity(0, 0, 0), zeros[:1]
    if splits:
        k = max(1, splits[-1].divisor)
        qty = Quantity(qty.best // k, qty.low // k, None if qty.high is None else qty.high // k)
        used = [*used, splits[-1]]
    return qty, used


_ADDED = re.compile(r"\b(?:also|another|more|other|others|further|additional|second|third|fourth|too)\b", re.I)
_GENERIC = {"people", "person", "individual"}  # as _victims spells them


def _victims(m: DeathMention) -> set[str]:
    return {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z][\w-]*", m.text) if is_person_noun(w)}


def _without_retellings(counts: list[DeathMention], text: str | None) -> list[DeathMention]:
    """A later sentence that tells the same number of the same victims again ("shot dead a man ... 'A young man
    was killed'", "killed six traders ... Six people were killed") retells them; one that says they are more
    ("also", "another", "two more") adds."""
    if text is None:
        return counts
    kept: list[DeathMention] = []
    for m in counts:
        if _ADDED.search(text, max(0, m.start - 30), m.end) is None and any(
                k.qty == m.qty and re.search(r"[.!?]\s", text[k.end:m.start]) and _same_victims(k, m) for k in kept):
            continue
        kept.append(m)
    return kept


def _same_victims(a: DeathMention, b: DeathMention) -> bool:
    va, vb = _victims(a), _victims(b)
    return not va or not vb or bool(va & vb) or bool(va & _GENERIC) or bool(vb & _GENERIC)


# ---- tying mentions to triggers ----------------------------------------------------------------

_DEATH_TRIGGER = re.compile(r"^(?:kill\w*|dead|died|die|death\w*|murder\w*|shot|fatal\w*|bod(?:y|ies)|lynch\w*|"
                            r"behead\w*|execut\w*)$", re.I)


def _date_key(doc: Doc, i: int) -> object:
    dates = doc._.ew_dates
    if not dates or i >= len(dates) or dates[i] is None:
        return None
    ev = dates[i].evidence.get("event_date")
    return (ev.start, ev.end) if ev else None


def scopes(doc: Doc, triggers: list[Trigger]) -> list[tuple[int, int]]:
    """Character range of each trigger's event: its sentence and the following sentences up to the
    next factual trigger of another event (a death word dated like this event continues it; a future or
    negated mention is no new event) or the next deed recalled from before the news (its deaths are its own)."""
    bounds = [sentence_bounds(doc, t) for t in triggers]
    out = []
    n = len(triggers)
    order = sorted(range(n), key=lambda j: bounds[j][0])
    for i in range(n):
        s_start, s_end = bounds[i]
        end = s_end
        for j in order:
            recalled = triggers[j].modality == "background"
            if bounds[j][0] < s_end or not (triggers[j].is_factual or recalled):
                continue
            continues = not recalled and (_DEATH_TRIGGER.match(triggers[j].text.split()[0] if triggers[j].text else "")
                         and _date_key(doc, j) == _date_key(doc, i))
            if not continues:
                end = bounds[j][0]
                break
        else:
            end = len(doc.text)
        # a sentence without a trigger carries on only while it is the same paragraph
        para = doc.text.find("\n\n", s_end)
        if para != -1 and para < end:
            end = para
        out.append((s_start, max(end, s_end)))
    return out


# a death told as the cause of this event belongs to another one: "protested after a gas leak killed 11"
_CAUSE = re.compile(r"\b(?:after|following|(?:over|against)(?=\s+(?:the\s+)?(?:\w+\s+)?(?:killing|murder|death|"
                    r"assassination|lynching|shooting)s?\b)|condemning|protesting|denouncing|decrying|mourning|"
                    r"demanding\s+justice\s+for|in\s+protest\s+(?:of|at|against|over)|in\s+the\s+wake\s+of|"
                    r"in\s+retaliation\s+for|to\s+(?:protest|denounce|condemn|mourn)|because\s+of|due\s+to|"
                    r"in\s+connection\s+with|demanding|responsible\s+for|accused\s+of|suspected\s+of|charged\s+with|"
                    r"convicted\s+of|wanted\s+for|for\s+(?:the\s+)?(?:killing|murder|death)s?\s+of)\b(?!\s+which)", re.I)


def _is_cause(text: str, trigger: Trigger, sent_start: int, mention: DeathMention) -> bool:
    if mention.start <= trigger.start < mention.end:
        return False
    cues = [c for c in _CAUSE.finditer(text, sent_start, min(len(text), mention.start + 80))
            if c.start() <= mention.start and not re.search(r"[,;.]", text[c.end():mention.start])]
    if not cues:
        return False
    cue = cues[-1]
    return not (cue.end() <= trigger.start < mention.start)


def _backstory(text: str, trigger: Trigger, mention: DeathMention) -> bool:
    """'justice for a youth who was killed by ...': a relative clause on a person tells an earlier death."""
    if mention.start <= trigger.start < mention.end or _DEATH_TRIGGER.match(trigger.text.split()[0] if trigger.text else ""):
        return False
    before = text[max(0, mention.start - 30):mention.start]
    return bool(re.search(r"\bwho\s+(?:\w+ly\s+)?$", before, re.I) or re.match(r"who\b", mention.text, re.I))


# a running total: "has killed thousands", "have killed more than 300 people since January"
_PERFECT_BEFORE = re.compile(r"\b(?:has|have)\s+(?:now\s+|so\s+far\s+|already\s+)?(?:been\s+)?$", re.I)
_VAGUE_MAGNITUDE = re.compile(r"\b(?:hundreds|thousands|millions|tens\s+of\s+thousands)\b", re.I)


def _running_total(text: str, mention: DeathMention) -> bool:
    """A present-perfect toll over a period ("the insurgency has killed thousands since 2009") sums up a
    conflict; it is no count of the event told beside it."""
    if not _PERFECT_BEFORE.search(text[max(0, mention.start - 25):mention.start]):
        return False
    clause = mention.text + re.split(r"[,.;]", text[mention.end:mention.end + 50], maxsplit=1)[0]
    return bool(_VAGUE_MAGNITUDE.search(mention.text) or re.search(r"\bsince\b", clause, re.I))


def counts_for(doc: Doc, triggers: list[Trigger], mentions: list[DeathMention]) -> list[Annotation]:
    result = []
    # a period's tally and an accident's dead are no event's count
    mentions = [m for m in mentions if not _running_total(doc.text, m) and m.context not in ("tally", "not_conflict")]
    ranges = scopes(doc, triggers)
    overrides = [m for m in mentions if m.kind in ("override", "split")]
    # a death told before any event's sentence ("Seven soldiers were killed on Monday when ...") goes to
    # the next event in the same paragraph
    orphans: dict[int, list[DeathMention]] = {}
    factual = [i for i, t in enumerate(triggers) if t.is_factual]
    for m in mentions:
        if any(ranges[i][0] <= m.start and m.end <= ranges[i][1] for i in factual):
            continue
        following = [(ranges[i][0], i) for i in factual
                     if ranges[i][0] >= m.end and "\n\n" not in doc.text[m.end:ranges[i][0]]]
        if following:
            orphans.setdefault(min(following)[1], []).append(m)
    for i, (trigger, (start, end)) in enumerate(zip(triggers, ranges, strict=True)):
        own = [m for m in mentions if m.start >= start and m.end <= end] + orphans.get(i, [])
        own = [m for m in own if not (m.kind in ("count", "total", "ambiguous")
                                      and (_is_cause(doc.text, trigger, start, m) or _backstory(doc.text, trigger, m)))]
        # a coder's note ("Fatalities coded as 3") holds for the events told before it
        later = [m for m in overrides if m.start >= end and m not in own]
        if later and not any(m.kind in ("override",) for m in own):
            own = [*own, later[0]]
        qty, used = combine(own, doc.text)
        ann = Annotation()
        if used:
            first, last = min(m.start for m in used), max(m.end for m in used)
            if last - first > 300:
                last = min(used, key=lambda m: m.start).end
            span = CharSpan(first, last, doc.text[first:last])
            ann.set("fatalities", qty.best, span)
            ann.set("fatalities_low", qty.low, span)
            ann.set("fatalities_high", qty.high, span)
            ann.per_event = any(m.per_event for m in used)
        else:
            ann.set("fatalities", 0)
        result.append(ann)
    return result


@Language.factory("ew_counts", assigns=["doc._.ew_counts"], requires=["doc._.ew_triggers", "doc._.ew_dates"])
def make_counts(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    def counts_component(doc: Doc) -> Doc:
        triggers: list[Trigger] = doc._.ew_triggers or []
        mentions = find_deaths(doc.text) if triggers else []
        doc._.ew_counts = counts_for(doc, triggers, mentions)
        return doc

    return counts_component
