"""Dates: find every date expression in the text once, resolve it against the publication date,
then give each trigger the expression tied to it (its own clause, its sentence, else the nearest
preceding one: articles set a date, then narrate).

Resolution rules (each tested in tests/test_dates.py):
- explicit days ("On 9 May 2020", "9 May", "May 9", "1st May", "2020-05-09") -> precision 1;
  a missing year comes from `published` (the latest such date not after it), else from another
  year written in the document, else the expression stays unresolved.
- spans ("on the night of 3-4 May", "between 1 and 3 May", "24 April-8 May") -> date_start..date_end,
  event_date the middle (ACLED), precision 2 up to a week, 3 beyond.
- hedged days ("Around 9 May (as reported)", "As reported on 9 May", "9 May (or around)") -> precision 2;
  "Around 8 May (from 7 - 8 May)" keeps 8 May as event_date and the bracketed span.
- relative to `published`: today/this morning/tonight, yesterday, last night/overnight, weekdays (the
  latest such day on or before publication; the same weekday is the publication day), "N days ago",
  this/last week and weekend (precision 2), this/last/earlier this month and month names (precision 3),
  "the previous/next/same day" (relative to the date set before it).
- years and decades ("in 2018", "since 2015", "in early 2019", "the 1990s"), "last year", "earlier this
  year", "N months/years ago" -> the whole period, precision 3 (they mostly date background).
- without `published`, relative expressions stay null with a logged warning: never today's date.

Background (see `background_deeds`): in a document with a publication date, a deed dated well before
its news (more than `background_days`, default 10, before publication, or in a calendar period before
the publication's own: "Last week", "In January", "In 2018") and told after the news is a deed recalled,
not news: the stage sets its trigger's modality to "background" and it gives no event. The lead of a
document and a document whose only dated deeds are old are never touched (ACLED notes, year typos).
The window is the pipe's setting: `nlp.get_pipe("ew_dates").background_days` (None turns it off).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from .base import Annotation, CharSpan, Trigger, document_of, sentence_bounds

log = logging.getLogger("eventwire.dates")

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "a": 1, "an": 1}

# Month names are matched capitalised (or upper case) so the modal "may" never reads as a month.
_MON = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
        r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_DASH = r"\s*(?:-|–|—|to|until|till|and|through)\s*"
# a weekday, capitalised or not ("police tuesday used teargas": wire copy drops the capital)
_WD = r"(?:[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night|overnight))?"

# (kind, regex); tried in order, a later match overlapping an earlier one is dropped
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    # 24 April - 8 May (2020) / between 30 April and 1 May
    ("dm_dm", re.compile(rf"\b(?P<d1>{_DAY})\s+(?:of\s+)?(?P<m1>{_MON}),?(?:\s+(?P<y1>{_YEAR}))?{_DASH}"
                         rf"(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MON})(?:,?\s+(?P<y>{_YEAR}))?\b")),
    # April 24 - May 8(, 2020)
    ("md_md", re.compile(rf"\b(?P<m1>{_MON})\s+(?P<d1>{_DAY}){_DASH}(?P<m2>{_MON})\s+(?P<d2>{_DAY})"
                         rf"(?:,?\s+(?P<y>{_YEAR}))?\b")),
    # 3-4 May (2020) / between 1 and 3 May / 1 to 3 May
    ("dd_m", re.compile(rf"\b(?P<d1>{_DAY}){_DASH}(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m>{_MON})(?:,?\s+(?P<y>{_YEAR}))?\b")),
    # May 3-4(, 2020)
    ("m_dd", re.compile(rf"\b(?P<m>{_MON})\s+(?P<d1>{_DAY}){_DASH}(?P<d2>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?\b")),
    # 9 May 2020 / 9th of May / 29 April, 2020
    ("dm", re.compile(rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MON})(?:,?\s+(?P<y>{_YEAR}))?\b")),
    # May 9, 2020 / May 9th
    ("md", re.compile(rf"\b(?P<m>{_MON})\s+(?P<d>{_DAY})\b(?:,?\s+(?P<y>{_YEAR}))?(?!\s*(?:%|percent))")),
    # early/mid/late May (2020), May 2020, in May
    ("month", re.compile(rf"\b(?:(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|end\s+of|beginning\s+of)"
                         rf"[\s-]+(?P<m>{_MON})(?:\s+(?P<y>{_YEAR}))?"
                         rf"|(?P<m2>{_MON})\s+(?P<y2>{_YEAR})"
                         rf"|(?<=\b[Ii]n\s)(?P<m3>{_MON})(?!\s+\d))\b")),
    # in 2018 / since 2015 / in early 2019 / during 2020: a whole year (precision 3); a bare year
    # elsewhere ("a 2018 report", "2,018") is no date
    ("year", re.compile(rf"(?:(?<=\b[Ii]n\s)|(?<=\b[Ss]ince\s)|(?<=\b[Dd]uring\s)|(?<=\bby\s)|(?<=\buntil\s))"
                        rf"(?:(?P<part>early|mid|late)[\s-]+)?(?P<y>{_YEAR})\b(?![-–/]\d|\s*%|,\d)")),
    # the 1990s / the early 2000s: a whole decade
    ("decade", re.compile(r"\b(?:the\s+)?(?:(?P<part>early|mid|late)[\s-]+)?(?P<dec>(?:19|20)\d0)'?s\b")),
    ("ago", re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)\s+"
                       r"(?P<unit>days?|weeks?|months?|years?)\s+ago\b", re.I)),
    ("rel", re.compile(
        r"\b(?P<rel>the\s+day\s+before\s+yesterday|yesterday(?:\s+(?:morning|afternoon|evening))?"
        r"|last\s+night|overnight|today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today"
        r"|last\s+weekend|this\s+past\s+weekend|past\s+weekend|this\s+weekend|over\s+the\s+weekend|at\s+the\s+weekend|on\s+the\s+weekend"
        r"|last\s+week|earlier\s+this\s+week|this\s+week|earlier\s+this\s+month|this\s+month|last\s+month"
        r"|last\s+year|earlier\s+this\s+year"
        r"|(?:on\s+)?the\s+(?:previous|following|next|same)\s+(?:day|night)|(?:on\s+)?the\s+(?:day|night)\s+before"
        r"|a\s+day\s+(?:earlier|later|before))\b", re.I)),
    # the night of Sunday to Monday / between Friday and Saturday
    ("wd_wd", re.compile(rf"\b(?P<wd1>{_WD})(?:\s+night)?\s+(?:to|into|and|-|–)\s+(?P<wd2>{_WD})\b")),
    # "Monday Avenue", "Friday Mosque" are names, not days
    # ... and "Sunday, 9 May" / "Monday, May 4" are dated by the explicit day that follows
    ("weekday", re.compile(rf"\b(?:(?P<last>last|this\s+past|past)\s+)?(?P<wd>{_WD}){_PART}\b"
                           rf"(?!\s+[A-Z])(?!,?\s+(?:the\s+)?\d{{1,2}}\b)(?!,?\s+{_MON}\s+\d)")),
]

# hedges that make a day "around": before the expression / right after it
_HEDGE_BEFORE = re.compile(r"(?:\baround|\babout|\bcirca|\bapproximately|\bon\s+or\s+(?:about|around)|"
                           r"\breported\s+on|\bas\s+of)\s*$", re.I)
_HEDGE_AFTER = re.compile(r"^\s*\((?:as\s+reported|or\s+around|approximate(?:ly)?|reported)\)", re.I)
_MONTH_AFTER = re.compile(r"^\s*\((?P<part>beginning|end|middle|start)\s+of\s+(?:the\s+)?month\)", re.I)
_SPAN_AFTER = re.compile(r"^\s*\((?:from|between)?\s*", re.I)
# words a sentence-initial ("lead") date may be preceded by: "On", "Around", "Arrests: As reported on"
_LEAD_BEFORE = re.compile(r"^[\s\"'(]*(?:[A-Z][\w /&-]{0,40}:\s*)?(?:(?:on|around|about|in|by|as\s+reported\s+on|"
                          r"reported\s+on|on\s+or\s+(?:about|around)|on\s+the\s+night\s+of|during\s+the\s+night\s+of|"
                          r"between|from|since|early|late|overnight|last|this|earlier)\s+)*$", re.I)


@dataclass(frozen=True)
class DateExpr:
    """One date expression found in the text, resolved or not."""

    start: int
    end: int
    text: str
    kind: str
    date_start: date | None
    date_end: date | None
    precision: int | None
    event_date: date | None = None

    @property
    def resolved(self) -> bool:
        return self.date_start is not None


def middle(start: date, end: date) -> date:
    """ACLED: a span longer than a day is dated by its middle (the earlier of two middles)."""
    return start + timedelta(days=(end - start).days // 2)


def span_precision(start: date, end: date) -> int:
    days = (end - start).days + 1
    return 1 if days <= 1 else 2 if days <= 8 else 3  # 8: "27 April - 4 May" is a week, ends included


def _day(s: str) -> int:
    return int(re.sub(r"\D", "", s))


def _month(s: str) -> int:
    return MONTHS[s.rstrip(".").lower()]


def _last_day(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


class _YearGuess:
    """Year for a day written without one: the published year (stepping back a year when the date
    would fall well after publication), else the nearest year written in the document."""

    def __init__(self, text: str, published: date | None):
        self.published = published
        self.years = [(m.start(), int(m.group())) for m in re.finditer(rf"\b{_YEAR}\b", text)]

    def __call__(self, month: int, day: int, pos: int) -> int | None:
        if self.published is not None:
            year = self.published.year
            probe = _safe_date(year, month, min(day, 28))
            if probe is not None and probe > self.published + timedelta(days=31):
                year -= 1
            return year
        before = [y for p, y in self.years if p <= pos]
        if before:
            return before[-1]
        return self.years[0][1] if self.years else None


def _latest_weekday(published: date, weekday: int) -> date:
    """The latest `weekday` on or before `published` (the same weekday is the publication day)."""
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _resolve_relative(rel: str, published: date) -> tuple[date, date, int] | None:
    rel = re.sub(r"\s+", " ", rel.lower())
    p = published
    if rel.startswith("the day before yesterday"):
        return p - timedelta(2), p - timedelta(2), 1
    if rel.startswith("yesterday") or rel in ("last night", "overnight"):
        return p - timedelta(1), p - timedelta(1), 1
    if rel in ("today", "tonight", "earlier today") or (rel.startswith("this ") and "past" not in rel):
        if rel in ("this week",):
            return p - timedelta(p.weekday()), p, 2
        if rel in ("this weekend", "over the weekend", "at the weekend", "on the weekend"):
            pass
        elif rel == "this month":
            return p.replace(day=1), p, 3
        else:
            return p, p, 1
    if rel == "earlier this week":
        monday = p - timedelta(p.weekday())
        return monday, max(monday, p - timedelta(1)), 2
    if rel in ("last weekend", "this past weekend", "past weekend"):
        sunday = p - timedelta(days=(p.weekday() - 6) % 7 or 7)  # the latest Sunday before publication
        return sunday - timedelta(1), sunday, 2
    if rel in ("this weekend", "over the weekend", "at the weekend", "on the weekend"):
        saturday = _latest_weekday(p, 5)
        return saturday, min(saturday + timedelta(1), p), 2
    if rel == "last week":
        monday = p - timedelta(p.weekday() + 7)
        return monday, monday + timedelta(6), 2
    if rel == "earlier this month":
        return p.replace(day=1), max(p.replace(day=1), p - timedelta(1)), 3
    if rel == "last month":
        end = p.replace(day=1) - timedelta(1)
        return end.replace(day=1), end, 3
    if rel == "last year":
        return date(p.year - 1, 1, 1), date(p.year - 1, 12, 31), 3
    if rel == "earlier this year":
        return date(p.year, 1, 1), max(date(p.year, 1, 1), p - timedelta(1)), 3
    return None


# "the previous day" etc.: offset from the date set before it in the text
_ANAPHORIC = {"previous": -1, "day before": -1, "earlier": -1, "before": -1, "following": 1, "next": 1,
              "later": 1, "same": 0}


def _anaphoric_offset(rel: str) -> int | None:
    rel = rel.lower()
    if "yesterday" in rel or not re.search(r"\b(?:previous|following|next|same)\s+(?:day|night)|(?:day|night)\s+before\b|"
                                           r"a\s+day\s+(?:earlier|later|before)", rel):
        return None
    for key, off in _ANAPHORIC.items():
        if key in rel:
            return off
    return None


def find_dates(text: str, published: date | None) -> list[DateExpr]:
    """Every date expression in `text`, in text order, resolved against `published` where possible."""
    years = _YearGuess(text, published)
    taken: list[tuple[int, int]] = []
    found: list[DateExpr] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if kind in ("rel", "weekday") and m.group().lower().startswith("on "):
                s += 3
            if not free(s, e):
                continue
            expr = _resolve(kind, m, s, e, text, published, years)
            if expr is None:
                continue
            taken.append((expr.start, expr.end))
            found.append(expr)
    found.sort(key=lambda x: x.start)
    found = _chain_anaphora(found)
    return _apply_qualifiers(text, found)


def _resolve(kind: str, m: re.Match[str], s: int, e: int, text: str, published: date | None,
             years: _YearGuess) -> DateExpr | None:
    g = m.groupdict()
    span_text = text[s:e]

    def out(start: date | None, end: date | None, precision: int | None) -> DateExpr:
        return DateExpr(s, e, span_text, kind, start, end, precision)

    if kind == "iso":
        d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return out(d, d, 1) if d else None
    if kind in ("dm", "md"):
        month, day = _month(g["m"]), _day(g["d"])
        if kind == "md" and not g.get("y") and re.match(r"\s*(?:-year|years?\b|%|percent)", text[e:e + 8]):
            return None
        year = int(g["y"]) if g.get("y") else years(month, day, s)
        d = _safe_date(year, month, day) if year else None
        if not d and year:
            return None  # "31 February" is no date
        return out(d, d, 1 if d else None)
    if kind in ("dd_m", "m_dd", "dm_dm", "md_md"):
        if kind in ("dd_m", "m_dd"):
            m1 = m2 = _month(g["m"])
        else:
            m1, m2 = _month(g["m1"]), _month(g["m2"])
        d1, d2 = _day(g["d1"]), _day(g["d2"])
        y2 = int(g["y"]) if g.get("y") else years(m2, d2, s)
        if y2 is None:
            return out(None, None, None)
        y1 = int(g["y1"]) if g.get("y1") else (y2 - 1 if m1 > m2 else y2)
        start, end = _safe_date(y1, m1, d1), _safe_date(y2, m2, d2)
        if not start or not end or end < start or (end - start).days > 366:
            return None
        return out(start, end, span_precision(start, end))
    if kind == "month":
        mname = g.get("m") or g.get("m2") or g.get("m3")
        if mname is None:
            return None
        month = _month(mname)
        ytxt = g.get("y") or g.get("y2")
        year = int(ytxt) if ytxt else years(month, 1, s)
        if year is None:
            return out(None, None, None)
        start, end = date(year, month, 1), _last_day(year, month)
        part = (g.get("part") or "").lower()
        if part == "early" or "beginning" in part:
            end = start + timedelta(9)
        elif part == "mid":
            start, end = start + timedelta(10), start + timedelta(19)
        elif part == "late" or "end" in part:
            start = start + timedelta(20)
        if published is not None and start <= published < end:
            end = published
        return out(start, end, 3)
    if kind in ("year", "decade"):
        first = int(g["y"]) if kind == "year" else int(g["dec"])
        length = 1 if kind == "year" else 10
        start, end = date(first, 1, 1), date(first + length - 1, 12, 31)
        third = (end - start).days // 3
        part = (g.get("part") or "").lower()
        if part == "early":
            end = start + timedelta(third)
        elif part == "mid":
            start, end = start + timedelta(third), start + timedelta(2 * third)
        elif part == "late":
            start = start + timedelta(2 * third)
        if published is not None and start <= published < end:
            end = published
        if published is not None and start > published:
            return None  # "by 2030" is a target, not a date of anything that happened
        return out(start, end, 3)
    if kind == "ago":
        n = g["n"].lower()
        count = NUMBER_WORDS.get(n) or int(n)
        if published is None:
            return out(None, None, None)
        if g["unit"].lower().startswith("day"):
            d = published - timedelta(count)
            return out(d, d, 1)
        unit = g["unit"].lower()
        if unit.startswith("month"):  # "two months ago": the month that far back (precision 3)
            first = date(published.year + (published.month - count - 1) // 12, (published.month - count - 1) % 12 + 1, 1)
            return out(first, _last_day(first.year, first.month), 3)
        if unit.startswith("year"):
            year = published.year - count
            return out(date(year, 1, 1), date(year, 12, 31), 3)
        d = published - timedelta(7 * count)
        return DateExpr(s, e, span_text, kind, d - timedelta(3), min(d + timedelta(3), published), 2, d)
    if kind == "rel":
        rel = g["rel"]
        if _anaphoric_offset(rel) is not None:
            return DateExpr(s, e, span_text, "anaphoric", None, None, None)
        if published is None:
            return out(None, None, None)
        res = _resolve_relative(rel, published)
        return out(*res) if res else None
    if kind == "wd_wd":
        if published is None:
            return out(None, None, None)
        end = _latest_weekday(published, WEEKDAYS[g["wd2"].lower()])
        start = end - timedelta(days=(WEEKDAYS[g["wd2"].lower()] - WEEKDAYS[g["wd1"].lower()]) % 7)
        return out(start, end, span_precision(start, end))
    if kind == "weekday":
        if published is None:
            return out(None, None, None)
        d = _latest_weekday(published, WEEKDAYS[g["wd"].lower()])
        if g.get("last") and d == published:
            d -= timedelta(7)
        return out(d, d, 1)
    return None


def _chain_anaphora(found: list[DateExpr]) -> list[DateExpr]:
    """'the previous day' and kin resolve against the nearest resolved date before them."""
    out: list[DateExpr] = []
    anchor: DateExpr | None = None
    for expr in found:
        if expr.kind == "anaphoric":
            off = _anaphoric_offset(expr.text)
            if anchor is not None and anchor.date_start is not None and off is not None:
                base = anchor.event_date or middle(anchor.date_start, anchor.date_end or anchor.date_start)
                d = base + timedelta(off)
                expr = DateExpr(expr.start, expr.end, expr.text, expr.kind, d, d, anchor.precision)
        if expr.resolved:
            anchor = expr
        out.append(expr)
    return out


def _apply_qualifiers(text: str, found: list[DateExpr]) -> list[DateExpr]:
    """Hedges ("Around", "(as reported)") lower a day to precision 2; "(from 7 - 8 May)" after a
    day gives its span; "(beginning of month)" lowers it to precision 3."""
    out: list[DateExpr] = []
    skip: set[int] = set()
    for i, expr in enumerate(found):
        if i in skip:
            continue
        if not expr.resolved:
            out.append(expr)
            continue
        start, end, precision = expr.date_start, expr.date_end, expr.precision
        event_date = expr.event_date or middle(start, end)  # type: ignore[arg-type]
        stop = expr.end
        after = text[expr.end:expr.end + 60]
        hedged = bool(_HEDGE_BEFORE.search(text[max(0, expr.start - 25):expr.start]))
        tail = _HEDGE_AFTER.match(after)
        if tail:
            hedged, stop = True, expr.end + tail.end()
        month_tail = _MONTH_AFTER.match(after)
        if month_tail:
            # ACLED: "(end of month)" is the last week (2); "(beginning of month)" stays vaguer (3)
            precision = 2 if month_tail.group("part").lower() == "end" else 3
            stop = expr.end + month_tail.end()
        elif precision == 1 and hedged:
            precision = 2
        # "Around 8 May 2020 (from 24 April - 8 May)": the bracketed span, the stated day
        nxt = found[i + 1] if i + 1 < len(found) else None
        lead = _SPAN_AFTER.match(after)
        if (nxt is not None and nxt.resolved and lead and expr.precision == 1
                and nxt.start == expr.end + lead.end() and nxt.date_start != nxt.date_end
                and text[nxt.end:nxt.end + 2].lstrip().startswith(")")):
            start, end = nxt.date_start, nxt.date_end
            precision = max(2, span_precision(start, end))  # type: ignore[arg-type]
            stop = text.index(")", nxt.end) + 1
            skip.add(i + 1)
        out.append(DateExpr(expr.start, stop, text[expr.start:stop], expr.kind, start, end, precision,
                            event_date))
    return out


# ---- tying expressions to triggers -------------------------------------------------------------


def _attached(doc: Doc, expr: DateExpr, trigger: Trigger) -> bool:
    """With a parse: the expression hangs off the trigger's own verb (not another clause's)."""
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    targets = {trigger.head, *trigger.support}
    tok = span.root
    for _ in range(6):
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i in targets:
            return True
        if tok.pos_ in ("VERB", "AUX"):
            return False
    return False


# nouns a date may modify and still date the deed: "Sunday night", "the morning of 3 May"
_TIME_NOUNS = frozenset({"night", "morning", "evening", "afternoon", "day", "dawn", "dusk", "midnight", "noon",
                         "week", "weekend", "month", "year", "hour", "hours", "time", "date", "period"})


def _dates_another_thing(doc: Doc, expr: DateExpr, trigger: Trigger) -> bool:
    """With a parse: the expression modifies a noun that is not the trigger ("the 21 July election",
    "Sunday's vote"): it dates that thing, not the deed."""
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    head = root.head
    return (root.dep_ in ("compound", "nmod", "poss", "amod", "nummod") and head.i != root.i
            and head.pos_ == "NOUN" and head.i not in {trigger.head, *trigger.support}
            and head.lemma_.lower() not in _TIME_NOUNS and not (span.start <= head.i < span.end))


REPORT_VERBS = frozenset({"say", "tell", "report", "announce", "claim", "confirm", "state", "add", "reveal",
                          "disclose", "deny", "accuse", "tweet", "write", "note", "explain", "warn"})


def _reporting(doc: Doc, expr: DateExpr) -> bool:
    """With a parse: the expression dates a statement ("On Monday, police said ..."), not a deed."""
    return dates_a_statement(doc, expr.start, expr.end)


def dates_a_statement(doc: Doc, start: int, end: int) -> bool:
    """With a parse: the date at characters [start, end) hangs off a verb of saying ("officials said
    Monday"): it dates when the deed was told, which may be after it was done."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    for _ in range(6):
        if tok.head.i == tok.i:
            return tok.lemma_.lower() in REPORT_VERBS
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok.lemma_.lower() in REPORT_VERBS
    return False


def choose(doc: Doc, trigger: Trigger, exprs: list[DateExpr], has_parse: bool,
           published: date | None = None, window_days: int | None = None) -> DateExpr | None:
    """The expression tied to the trigger: the sentence's lead date ("On 9 May 2020, ..."), unless it
    dates a statement and another expression hangs off the trigger's own verb; else the one attached to
    the trigger, else the nearest in its sentence, else the nearest resolved one before the sentence
    (articles set a date, then narrate; "the day before" inside a clause is backstory, not an anchor).
    A sentence that returns to the news ("Meanwhile, ...", "Separately, ...") takes the nearest date
    that is not old (see `is_old`; needs `published` and `window_days`)."""
    s_start, s_end = sentence_bounds(doc, trigger)
    in_sent = [x for x in exprs if x.start >= s_start and x.end <= s_end]
    # "BEIRUT, June 12 - ...": the dateline dates the report; the sentence's own date, if any, dates the deed
    own = [x for x in in_sent if not is_dateline(doc.text, x)]
    in_sent = own or in_sent
    if has_parse and in_sent:
        # "killed before the 21 July election", "ahead of Sunday's vote": the date is the election's; the
        # sentence says the deed came at some other time, so no date of the text is the deed's
        theirs = [x for x in in_sent if _dates_another_thing(doc, x, trigger)]
        if theirs and len(theirs) == len(in_sent):
            return None
        in_sent = [x for x in in_sent if x not in theirs]
    if in_sent:
        lead = [x for x in in_sent if x.start < trigger.start
                and _LEAD_BEFORE.match(doc.text[s_start:x.start])]
        attached = []
        if has_parse:
            attached = [x for x in in_sent if x not in lead[:1] and x.kind != "anaphoric"
                        and _attached(doc, x, trigger)]
        if lead and not (attached and has_parse and _reporting(doc, lead[0])):
            # "Last month, X ambushed A, and in August 2022 a bomb hit B": the coordinated clause's own date
            own_clause = [x for x in in_sent if lead[0].end <= x.start and x.end <= trigger.start
                          and _COORDINATED_BEFORE.search(doc.text[s_start:x.start])]
            return own_clause[-1] if own_clause else lead[0]
        if attached:
            return min(attached, key=lambda x: abs(x.start - trigger.start))
        return min(in_sent, key=lambda x: (abs(x.start - trigger.start), not x.resolved))
    before = [x for x in exprs if x.end <= s_start and x.resolved]
    anchors = [x for x in before if x.kind != "anaphoric"] or before
    # a date opening its sentence sets the narrative; "on Saturday" deep in a clause does not
    leads = [x for x in anchors if _is_lead(doc, x)]
    chosen = leads or anchors
    if has_parse:
        # "..., a spokesman told reporters on Monday. He said four fighters were killed": the date of
        # the statement is not the date of the deed it reports; an earlier deed's date is
        chosen = [x for x in chosen if not _reporting(doc, x)] or chosen
    if published is not None and window_days is not None and _RETURN_TO_NEWS.match(doc.text[s_start:s_end]):
        # "In January, an ambush killed four. ... Meanwhile in Baghdad, graduates demonstrated": the
        # narrative is back at the news, not at the recalled deed
        chosen = [x for x in chosen if not is_old(x, published, window_days)] or \
            [x for x in anchors if not is_old(x, published, window_days)] or chosen
    return chosen[-1] if chosen else None


# words opening a sentence that take the story back to its news after a digression
_RETURN_TO_NEWS = re.compile(r"[\W]*(?:meanwhile|separately|elsewhere|at\s+the\s+same\s+time|in\s+(?:a|another)\s+"
                             r"(?:separate\s+)?(?:incident|attack|development))\b", re.I)


# a date opening a coordinated clause of its own: ", and in August 2022", "; on Sunday"
_COORDINATED_BEFORE = re.compile(r"(?:[,;]\s*(?:and|but|while|whereas|then)|;)\s+(?:(?:in|on|during|since|by)\s+)?$",
                                 re.I)


# a wire dateline opening a line: "BEIRUT, June 12 - ", "ADEN, Yemen, March 18 (Reuters) - ", "ADEN (AP) - "
DATELINE = re.compile(
    r"[ \t]*(?:(?P<place>[A-Z][A-Z'.\-]{2,}(?:[ \t]+[A-Z][A-Z'.\-]+)*)"  # the upper-case city
    r"(?:,[ \t]*[A-Z][\w'. \-]{0,40}?)*?"  # ", Yemen"
    r"(?:,?[ \t]*(?P<date>[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,?[ \t]*\d{4})?))?"
    r"(?:[ \t]*\([^)\n]{1,40}\))?[ \t]*[-\u2013\u2014:]"
    # or a capitalised city before a long dash: "Maiduguri \u2014 Suspected ..."
    r"|(?P<town>[A-Z][a-z'.\-]+(?:[ \t]+[A-Z][a-z'.\-]+)?)[ \t]+(?:\u2014|\u2013|--)[ \t])")


def dateline_at(text: str, pos: int) -> re.Match[str] | None:
    """The dateline opening the line that holds character `pos`, if that line opens with one."""
    return DATELINE.match(text, text.rfind("\n", 0, pos) + 1)


def is_dateline(text: str, expr: DateExpr) -> bool:
    """The expression is the date of a wire dateline ("BEIRUT, June 12 - ")."""
    found = dateline_at(text, expr.start)
    return bool(found and found.group("date") and found.start("date") < expr.end and expr.start < found.end("date"))


def dateline_end(text: str, start: int) -> int | None:
    """Where the dateline opening the paragraph at `start` ends ("DAKAR, Senegal (AP) — "), if it has one."""
    found = DATELINE.match(text, start)
    return found.end() if found else None


def _is_lead(doc: Doc, expr: DateExpr) -> bool:
    """The expression opens its sentence ("On 9 May 2020, ...", "Arrests: Around 5 May ...")."""
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    try:
        start = span.sent.start_char
    except ValueError:  # no sentence boundaries on this Doc
        start = doc.text.rfind("\n", 0, expr.start) + 1
    return bool(_LEAD_BEFORE.match(doc.text[start:expr.start]))


# ACLED: a body found tells the day it was found, not the day of the killing (precision 2); a body
# found decomposed may be weeks old (precision 3)
_BODY_FOUND = re.compile(
    r"\bfound\s+(?:dead|murdered|killed|lifeless|decapitated|beheaded|buried|hanged)\b"
    r"|\b(?:bod(?:y|ies)|corpses?|remains|head)\b[^.]{0,80}?\b(?:found|discovered|recovered|dumped|located|exhumed)\b"
    r"|\b(?:found|discovered|recovered|exhumed)\b[^.]{0,40}?\b(?:bod(?:y|ies)|corpses?|remains)\b", re.I)
_DECOMPOSED = re.compile(r"\bdecompos\w*|\bskeleton\w*|\bmummified\b", re.I)


def found_body_precision(sentence: str, context: str) -> int | None:
    """The precision a body found in the event's sentence allows (3 when the context says it had
    decomposed), None when the sentence tells no such thing."""
    if not _BODY_FOUND.search(sentence):
        return None
    return 3 if _DECOMPOSED.search(context) else 2


def annotate(expr: DateExpr | None, published: date | None, floor: int | None = None) -> Annotation:
    """The date fields for one trigger; `floor` lowers the precision (a body found)."""
    ann = Annotation()
    if expr is not None and expr.resolved:
        start, end = expr.date_start, expr.date_end or expr.date_start
        assert start is not None and end is not None
        span = CharSpan(expr.start, expr.end, expr.text)
        ann.set("event_date", (expr.event_date or middle(start, end)).isoformat(), span)
        ann.set("date_start", start.isoformat(), span)
        ann.set("date_end", end.isoformat(), span)
        precision = max(expr.precision or 1, floor or 1)
        ann.set("time_precision", precision, span)
    elif published is not None:
        # nothing in the text dates it: the report's own date, "as reported" (precision 2)
        ann.set("event_date", published.isoformat())
        ann.set("date_start", published.isoformat())
        ann.set("date_end", published.isoformat())
        ann.set("time_precision", 2)
    return ann


# ---- background: deeds a news story recalls from before its news --------------------------------

# Days before publication that still count as the news of a document; a deed dated earlier is
# background when the document has told newer news before it. None turns the rule off.
BACKGROUND_DAYS: int | None = 10

_PREVIOUS_PERIOD_REL = re.compile(r"(?:last\s+(?:week|month|year)|earlier\s+this\s+year)$", re.I)


def previous_period(expr: DateExpr, published: date) -> bool:
    """The expression names a calendar period before the publication's own: last week / month / year,
    an earlier month, a year, a decade, "N weeks (months, years) ago". A story dates its news by the day
    ("on Sunday"); such a period told after the news is a deed recalled, however near ("Last week ...")."""
    if not expr.resolved:
        return False
    start = expr.date_start
    assert start is not None
    if expr.kind in ("year", "decade"):
        return start.year < published.year
    if expr.kind == "month":
        return (start.year, start.month) < (published.year, published.month)
    if expr.kind == "ago":
        return not re.search(r"\bdays?\b", expr.text, re.I)
    if expr.kind == "rel":
        return bool(_PREVIOUS_PERIOD_REL.match(re.sub(r"\s+", " ", expr.text.strip())))
    return False


def is_old(expr: DateExpr, published: date, window_days: int) -> bool:
    """The expression dates a deed from before the news: it ends more than `window_days` before
    publication (a month-wide span: its middle does, so "earlier this month" in a story of the 25th is
    old), or it names a calendar period before the publication's own (`previous_period`)."""
    if not expr.resolved:
        return False
    end = expr.date_end or expr.date_start
    assert end is not None and expr.date_start is not None
    if expr.precision == 3:
        end = expr.event_date or middle(expr.date_start, end)
    return end < published - timedelta(days=window_days) or previous_period(expr, published)


# a deed named as one of the past: "displaced by earlier offensives", "a previous attack", "last year's raid"
# (after a determiner or preposition, so the adverb of "gunmen had earlier attacked" stays news)
_EARLIER_BEFORE = re.compile(r"\b(?:(?:the|a|an|its|their|his|her|by|of|in|after|since|and|to|from|with)\s+"
                             r"(?:earlier|previous|past|prior)|last\s+(?:week|month|year)'s)\s+$", re.I)


def background_deeds(triggers: list[Trigger], chosen: list[DateExpr | None], published: date | None,
                     window_days: int | None = BACKGROUND_DAYS, text: str = "") -> list[bool]:
    """For each trigger, whether it is a deed recalled from before the document's news (no event).

    In a document with a publication date, a factual deed is background when its own date is old
    (`is_old`: "Fighting erupted on April 15" in a story of 8 May, "In 2018", "the 1990s", "since 2015",
    "Last week", "In January", "two weeks ago"), the document has told its news before it (a deed not
    old, above it in the text) and it is past the document's first dated deed. So the lead of a story is
    never background, even under an undated headline ("Gunmen kill 12 in X" over "On 2 May, gunmen
    killed ..." published 14 May), and a document whose only dated deed is old (an ACLED note with a year
    typo, "On 3 May 2018" in a 2020 note) or whose every deed is old is never emptied by this rule.
    With the document's `text`, a deed named as one of the past ("displaced by earlier offensives", "a
    previous attack") after the news is background too, whatever date it inherits.
    """
    flags = [False] * len(triggers)
    if published is None or window_days is None:
        return flags
    news_seen = dated_seen = False
    for i in sorted(range(len(triggers)), key=lambda k: triggers[k].start):
        if not triggers[i].is_factual:
            continue
        x = chosen[i]
        if news_seen and _EARLIER_BEFORE.search(text[max(0, triggers[i].start - 30):triggers[i].start]):
            flags[i] = True
            continue
        if x is None or not x.resolved:
            news_seen = True  # no date: the report's own day
            continue
        if not is_old(x, published, window_days):
            news_seen = True
        elif news_seen and dated_seen:
            flags[i] = True
        dated_seen = True
    return flags


class DatesComponent:
    """The ew_dates pipe. `background_days` is a setting: change it on the pipe
    (`nlp.get_pipe("ew_dates").background_days = 30`) or in the config; None keeps background deeds."""

    def __init__(self, background_days: int | None = BACKGROUND_DAYS):
        if background_days is not None and background_days < 0:
            raise ValueError(f"ew_dates: background_days must be >= 0 or None, not {background_days!r}")
        self.background_days = background_days

    def __call__(self, doc: Doc) -> Doc:
        triggers: list[Trigger] = doc._.ew_triggers or []
        published = document_of(doc).published
        exprs = find_dates(doc.text, published) if triggers else []
        has_parse = doc.has_annotation("DEP")
        chosen = [choose(doc, t, exprs, has_parse, published, self.background_days) for t in triggers]
        for t, x in zip(triggers, chosen, strict=True):
            if t.is_factual and (x is None or not x.resolved) and published is None:
                what = f"{x.text!r}" if x is not None else "no resolvable date in its sentence or before it"
                log.warning("document %s: cannot date %r (%s and no publication date)",
                            document_of(doc).id, t.text, what)
        # a recalled deed is no event: it leaves the factual triggers like a negated one ("background")
        for t, x, old in zip(triggers, chosen, background_deeds(triggers, chosen, published, self.background_days, doc.text),
                             strict=True):
            if old:
                named = _EARLIER_BEFORE.search(doc.text, max(0, t.start - 30), t.start)
                cue = (CharSpan(named.start(), named.end(), named.group()) if named
                       else CharSpan(x.start, x.end, x.text) if x is not None else CharSpan(t.start, t.end, t.text))
                t.modality, t.modality_cue = BACKGROUND, cue
        floors = []
        for t in triggers:
            s_start, s_end = sentence_bounds(doc, t)
            # the event's sentence and what follows it closely ("The body was in ... decomposition")
            nxt_para = doc.text.find("\n\n", s_end)
            stop = min(s_end + 300, nxt_para if nxt_para != -1 else len(doc.text))
            floors.append(found_body_precision(doc.text[s_start:s_end], doc.text[s_start:stop]))
        doc._.ew_dates = [annotate(x, published, f) for x, f in zip(chosen, floors, strict=True)]
        return doc


# the modality the date stage gives a recalled deed (one of base.MODALITIES)
BACKGROUND = "background"


@Language.factory("ew_dates", assigns=["doc._.ew_dates"], requires=["doc._.ew_triggers"],
                  default_config={"background_days": BACKGROUND_DAYS})
def make_dates(nlp: Language, name: str, background_days: int | None) -> DatesComponent:
    return DatesComponent(background_days)
