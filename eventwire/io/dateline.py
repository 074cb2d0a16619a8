"""The article's own dateline or date line: the anchor for a document that comes without `published`.

A wire report opens with a dateline ("KABUL, March 12 (Reuters) -", "BAMAKO, Mali, Jan 3 (AP) —"); a
scraped page carries a date line above or below the article ("Published 12 March 2023",
"Updated March 12, 2023", "Monday 12 March 2023 | 14:05"). When a Document has no publication date,
that date is the next best anchor for "on Wednesday". Only those positions are read: a dateline at the
start of one of the first lines (headline, standfirst, byline, the dateline paragraph) and a date line
among the first or the last lines. A date inside the narrative ("on 21 July 2015 gunmen attacked") is
never an anchor.

A dateline without a year ("KABUL, March 12") takes the year of another full date in the text that
falls within two months of it; without one there is no anchor, and the warning says why.

The wire agencies and cue words are data (eventwire/data/datelines.csv). No spaCy here: this runs on
plain text before the pipeline.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources

from ..model import Document

# The same month names as the date stage (eventwire/stages/dates.py; a test keeps them equal), kept
# here so a reader does not import spaCy.
MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun")

# Where an article states its own date: the first lines (headline, standfirst, byline, the dateline
# paragraph) and, for a date line, the last lines (scraped pages end with "Published ..." often).
TOP_LINES = 5
BOTTOM_LINES = 3
# A date line is short; a longer line is a paragraph, where only a dateline at its start counts.
MAX_DATE_LINE_CHARS = 200
# A year-less dateline takes the year of a full date in the text at most this far from it: a wire
# story's own dates are days or weeks old, a date further off is history and says nothing of the year.
YEAR_WINDOW_DAYS = 62


def _names(words) -> str:
    """Capitalised and upper-case forms only: the modal "may" must never read as a month."""
    forms = {f for w in words for f in (w.capitalize(), w.upper())}
    return "|".join(sorted(forms, key=len, reverse=True))


_MON = rf"(?:{_names(MONTHS)})\.?"
_WD = rf"(?:{_names(_WEEKDAYS)})\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"

# One date, with or without its year. Group names say which of the four spellings matched.
_DATE = (
    rf"(?:(?P<iy>{_YEAR})[-/.](?P<im>0?[1-9]|1[0-2])[-/.](?P<id>[12]\d|3[01]|0?[1-9])(?!\d)"  # 2023-03-12
    rf"|(?P<dd>{_DAY})(?:\s+of)?[\s-]+(?P<dm>{_MON})(?:,?[\s-]+(?P<dy>{_YEAR}))?"  # 12 March 2023
    rf"|(?P<mm>{_MON})\s+(?P<md>{_DAY})(?:,?\s+(?P<my>{_YEAR}))?"  # March 12, 2023
    rf"|(?P<na>\d{{1,2}})[/.](?P<nb>\d{{1,2}})[/.](?P<ny>{_YEAR}))"  # 12/03/2023, read only when unambiguous
    r"(?!/)(?!(?!T\d)\w)"  # nothing may follow but an ISO time ("2023-03-12T14:05")
)
_DATE_RE = re.compile(rf"\b{_DATE}")

_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?"
_ZONE = r"(?:Z|\(?[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?\)?|[+-]\d{2}:?\d{2})"
# a date line holds a date and nothing else but a weekday, a time and a time zone
_PLAIN_LINE_RE = re.compile(
    rf"^(?:{_TIME}(?:\s*{_ZONE})?[,\s]+)?(?:{_WD},?\s+)?(?P<date>{_DATE})"
    rf"(?:(?:[T\s,]+|\s+at\s+|\s*-\s*){_TIME})?(?:\s*{_ZONE})?$")
# pieces of a byline / date line: "By Jane Doe | Published 12 March 2023 | 14:05"
_SEGMENT_SPLIT = re.compile(r"\s*[|•·]\s*|\s+[-–—]\s+")

# A place in a dateline: capitalised words ("NEW DELHI", "Port-au-Prince", "Dar es Salaam").
_PLACE_WORD = r"[A-Z][\w'’.-]*"
_PLACE = rf"{_PLACE_WORD}(?:\s+(?:{_PLACE_WORD}|de|del|da|do|du|des|es|el|al|la|le|of|upon|sur|am|im|au))*"
_SOURCE = r"(?P<src>\([^()\n]{1,40}\)|/[^/\n]{1,40}/)"
_SEP = r"(?P<sep>--|[-–—:])"
# KABUL, March 12 (Reuters) -  /  BAMAKO, Mali, Jan 3 (AP) —  /  Srinagar, Oct 26:  /  NAIROBI, Kenya Sep 14 –
# /  Hill Voice, 5 May 2020, Rangamati: (outlet, date, place)
_WIRE_RE = re.compile(rf"^[\s\"“'‘]*(?P<place>{_PLACE}(?:,\s*{_PLACE}){{0,2}}),?\s+(?P<date>{_DATE})"
                      rf"(?:,\s*(?P<after>{_PLACE})(?=\s*(?:--|[-–—:])))?(?:\s*{_SOURCE})?(?:\s*{_SEP})?")
# December 21, 2012 (BOR) –  /  March 12 (Reuters) -
_DATE_FIRST_RE = re.compile(rf"^[\s\"“'‘]*(?P<date>{_DATE})\s*{_SOURCE}\s*{_SEP}")
# A capitalised word that opens a sentence, not a place: "On Monday, March 12: ..."
_NOT_A_PLACE = frozenset({"on", "in", "by", "at", "as", "around", "about", "after", "before", "between", "during",
                          "since", "from", "until", "early", "late", "mid", "overnight", "last", "this", "next",
                          "yesterday", "today", "tonight", "the", "a", "an", "and", "but", "then", "also",
                          "updated", "published", "posted", *_WEEKDAYS, *MONTHS})

# Which kind of date is preferred when a text states several: the publication date beats a wire
# dateline (both are the publication date; the cue says so outright), a bare date line beats a revision.
_RANK = {"published": 0, "dateline": 1, "plain": 2, "updated": 3}


@dataclass(frozen=True)
class DateLine:
    """A publication date the article itself states, and where it states it.

    `kind` is "dateline" (a wire dateline: "KABUL, March 12 (Reuters)") or "date line" ("Published
    12 March 2023", a line that holds only a date). `date` is None when the dateline has no year and
    no other date in the text gives one; `year_from` is the full date the year was taken from.
    """

    kind: str
    text: str
    start: int
    end: int
    date: date | None
    year_from: str | None = None


@dataclass(frozen=True)
class _Candidate:
    role: str  # a key of _RANK
    text: str
    start: int
    end: int
    year: int | None
    month: int
    day: int


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    """The cue words of eventwire/data/datelines.csv, lower case, by kind (agency, published, updated)."""
    text = (resources.files("eventwire") / "data" / "datelines.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    kinds: dict[str, set[str]] = {"agency": set(), "published": set(), "updated": set()}
    for row in rows:
        kind, term = (row.get("kind") or "").strip(), " ".join((row.get("term") or "").split())
        if kind not in kinds or not term:
            raise ValueError(f"datelines.csv: bad row {row!r} (kind must be one of {', '.join(kinds)})")
        kinds[kind].add(term.lower())
    return {k: frozenset(v) for k, v in kinds.items()}


@lru_cache(maxsize=1)
def _cue_re() -> re.Pattern[str]:
    words = lexicon()
    cues = sorted(words["published"] | words["updated"], key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, cue.split())) for cue in cues)
    # Published: 2023-03-12 14:05 / Updated on Monday, March 12, 2023 / Last updated - 12 Mar 2023
    return re.compile(rf"(?P<cue>(?i:{alternation}))\b\s*(?:[:\-–—]\s*)?(?:(?i:on|at)\s+)?(?:{_WD},?\s+)?"
                      rf"(?P<date>{_DATE})")


def find_dateline(text: str) -> DateLine | None:
    """The publication date the text itself states in a dateline or date line, or None when it has none.

    A DateLine with `date=None` means a dateline was found but has no year and none could be taken
    from another date in the text.
    """
    candidates = sorted(_candidates(text), key=lambda c: (_RANK[c.role], c.start))
    yearless: _Candidate | None = None
    for cand in candidates:
        if cand.year is not None:
            return DateLine(_kind(cand), cand.text, cand.start, cand.end, date(cand.year, cand.month, cand.day))
        found = _year_from_text(text, cand)
        if found is not None:
            anchor, source = found
            return DateLine(_kind(cand), cand.text, cand.start, cand.end, anchor, source)
        yearless = yearless or cand
    if yearless is not None:
        return DateLine(_kind(yearless), yearless.text, yearless.start, yearless.end, None)
    return None


def dateline_warning(doc_id: str, found: DateLine | None) -> str:
    """What a document without `published` was anchored on, or why relative dates cannot be resolved."""
    head = f"document {doc_id}: no publication date given"
    if found is not None and found.date is not None:
        year = f", year from '{found.year_from}'" if found.year_from else ""
        return f"{head}; using the {found.kind} date {found.date.isoformat()} ('{found.text}'{year})"
    unresolved = "so relative dates ('on Wednesday') cannot be resolved"
    if found is not None:
        return f"{head}; the {found.kind} '{found.text}' has no year and no other date in the text gives one, {unresolved}"
    return f"{head} and the text has no dateline or date line, {unresolved}"


def with_dateline(document: Document) -> tuple[Document, str | None]:
    """The document to code and a warning: a document without `published` gets its dateline's date.

    A document that has `published` comes back unchanged, without a warning.
    """
    if document.published is not None:
        return document, None
    found = find_dateline(document.text)
    warning = dateline_warning(document.id, found)
    if found is None or found.date is None:
        return document, warning
    return replace(document, published=found.date), warning


# ---------------------------------------------------------------- finding

def _kind(cand: _Candidate) -> str:
    return "dateline" if cand.role == "dateline" else "date line"


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of the lines that can hold the article's own date: the first and the last ones."""
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    top = lines[:TOP_LINES]
    return top + lines[max(len(top), len(lines) - BOTTOM_LINES):]


def _candidates(text: str):
    for number, (offset, line) in enumerate(_lines(text)):
        if number < TOP_LINES:  # a wire dateline opens the report, never closes it
            if cand := _wire_dateline(line, offset):
                yield cand
                continue
        if len(line) <= MAX_DATE_LINE_CHARS:
            yield from _date_line(line, offset)


def _wire_dateline(line: str, offset: int) -> _Candidate | None:
    m = _WIRE_RE.match(line)
    if m is not None:
        first_word = re.split(r"[\s,]", m.group("place"), maxsplit=1)[0].strip(".").lower()
        if first_word in _NOT_A_PLACE:
            m = None
    m = m or _DATE_FIRST_RE.match(line)
    # a place and a date alone may open a sentence ("Kabul, March 12 was quiet"); a dateline goes on
    # with the wire's name in brackets or a dash, or writes its town in capitals ("SOMA, Turkey May 16")
    if m is None or not (_is_agency(m.group("src")) or m.group("sep") or _capitals(m.groupdict().get("place"))):
        return None
    parsed = _parse(m)
    if parsed is None:
        return None
    end = max(m.end(g) for g in ("date", "after", "src") if m.groupdict().get(g))
    start = len(line) - len(line.lstrip(" \t\"“'‘"))
    return _Candidate("dateline", line[start:end], offset + start, offset + end, *parsed)


def _capitals(place: str | None) -> bool:
    word = re.split(r"[\s,]", place or "", maxsplit=1)[0]
    return len(word) >= 2 and word.isalpha() and word.isupper()


def _is_agency(src: str | None) -> bool:
    if not src:
        return False
    if src.startswith("/"):  # "/PRNewswire/": a release wire's own mark
        return True
    parts = re.split(r"\s*(?:[/,&+]|\band\b|-(?=[A-Z]{2}))\s*", src.strip("()/ "))
    agencies = lexicon()["agency"]
    return any(" ".join(p.split()).lower() in agencies for p in parts if p)


def _date_line(line: str, offset: int):
    cue_re = _cue_re()
    updated = lexicon()["updated"]
    seps = list(_SEGMENT_SPLIT.finditer(line))
    taken = 0  # the end of the last cue's date: the pieces of "Updated - 12 March 2023" are one date line
    for lo, hi in zip([0] + [s.end() for s in seps], [s.start() for s in seps] + [len(line)], strict=True):
        segment = line[lo:hi].strip()
        if not segment or lo < taken:
            continue
        at = line.index(segment, lo)
        # a cue's date may sit past a dash the split cut at: "Last updated - 12 March 2023"
        if m := cue_re.match(line, at):
            parsed = _parse(m)
            if parsed is not None:
                taken = m.end("date")
                role = "updated" if " ".join(m.group("cue").split()).lower() in updated else "published"
                yield _Candidate(role, line[at:m.end("date")], offset + at, offset + m.end("date"), *parsed)
        elif (m := _PLAIN_LINE_RE.match(segment)) and (parsed := _parse(m)) and parsed[0] is not None:
            # a bare line "March 12" could be a heading of a timeline; only a full date is a date line
            yield _Candidate("plain", segment, offset + at, offset + at + len(segment), *parsed)


def _parse(m: re.Match[str]) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a _DATE match, or None for a date that does not exist."""
    g = m.groupdict()
    if g.get("iy"):
        year, month, day = int(g["iy"]), int(g["im"]), int(g["id"])
    elif g.get("dd"):
        year, month, day = _int(g["dy"]), _month(g["dm"]), _day(g["dd"])
    elif g.get("mm"):
        year, month, day = _int(g["my"]), _month(g["mm"]), _day(g["md"])
    elif g.get("na"):
        a, b, year = int(g["na"]), int(g["nb"]), int(g["ny"])
        if (a <= 12) == (b <= 12):  # 03/04/2023 is 3 April or March 4: no anchor is better than a wrong one
            return None
        day, month = (a, b) if a > 12 else (b, a)
    else:
        return None
    if not _exists(year if year is not None else 2000, month, day):  # 2000: a leap year admits 29 February
        return None
    return year, month, day


def _int(s: str | None) -> int | None:
    return int(s) if s else None


def _month(s: str) -> int:
    return MONTHS[s.rstrip(".").lower()]


def _day(s: str) -> int:
    return int(re.match(r"\d+", s).group())


def _exists(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _year_from_text(text: str, cand: _Candidate) -> tuple[date, str] | None:
    """The year-less date completed by the full date in the text nearest to it in time (within
    YEAR_WINDOW_DAYS), and that full date as written."""
    best: tuple[int, int, date, str] | None = None
    for m in _DATE_RE.finditer(text):
        if cand.start <= m.start() < cand.end:
            continue
        parsed = _parse(m)
        if parsed is None or parsed[0] is None:
            continue
        other = date(*parsed)
        for year in (other.year - 1, other.year, other.year + 1):
            if not _exists(year, cand.month, cand.day):
                continue
            anchor = date(year, cand.month, cand.day)
            gap = abs((anchor - other).days)
            if gap <= YEAR_WINDOW_DAYS and (best is None or (gap, m.start()) < best[:2]):
                best = (gap, m.start(), anchor, m.group())
    return (best[2], best[3]) if best else None
