"""Places: the dateline of a story ("KABUL, March 12 (Reuters) -", "COLOMBO:", "Maputo -", "MANILA, Philippines -").

The town a dateline names is where the story was filed. It is the event's place only when the text names no
other: a lead that says "in a remote village in Ifugao province" under "MANILA" happened in Ifugao. The
dateline opens the story's first paragraph (after the headline); a headline's "Jenin: ..." is the story's
subject, not a dateline, and is read as any other place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..base import headline_end

# the upper-case town: "KABUL", "NEW DELHI", "PORT-AU-PRINCE"
_CAPS = r"[A-Z][A-Z'’.\-]+(?:[ \t]+[A-Z][A-Z'’.\-]+)*"
# a town written as a name: "Maputo", "La Libertad", "Crans Montana"
_TITLE = r"[A-Z][a-z'’\-]+(?:[ \t]+[A-Z][a-z'’\-]+){0,2}"
# ", Philippines", ", Democratic Republic of Congo", ", KENYA" (country or state after the town)
_QUALIFIER = r"(?P<qual>,[ \t]*[A-Z][\w'’.\-]*(?:[ \t]+(?:of|and|the|[A-Z][\w'’.\-]*)){0,4})?"
# ", March 28", " Sep 14", ", Jan. 6, 2025"
_DATE = r"(?P<date>,?[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,?[ \t]*\d{4})?)?"
_SOURCE = r"(?P<src>[ \t]*\([^()\n]{1,40}\))?"
# (a town, a date and no dash: "SOMA, Turkey May 16 Turkish police ...")
_CAPS_RE = re.compile(rf"[ \t\"“]*(?P<place>{_CAPS}){_QUALIFIER}{_DATE}{_SOURCE}[ \t]*(?:--|[-–—:]|$|(?<=\d)[ \t])", re.M)
# a name-case town needs a spaced dash or a colon ("Maputo — ", "Santiago: "), or a date and a wire in brackets
# ("Bijapur, Jan 6 (PTI) ")
_TITLE_RE = re.compile(rf"[ \t\"“]*(?P<place>{_TITLE}){_QUALIFIER}{_DATE}{_SOURCE}"
                       rf"(?:[ \t]+(?:--|[-–—])[ \t]|:[ \t]|(?P<bare>(?<=\))[ \t]))")


@dataclass(frozen=True)
class Dateline:
    """Character spans of a dateline's town and of the whole dateline head (town, qualifier, date, wire)."""

    start: int
    end: int
    head_end: int
    # the town is written in capitals ("KABUL"): a wire dateline whatever the gazetteer says; a name-case
    # town ("Maputo -") counts only when the gazetteer knows it
    capitals: bool


def find_dateline(text: str) -> Dateline | None:
    """The dateline opening the story's first paragraph (or standing alone on the line before it), if any."""
    body = headline_end(text)
    starts = [m.start() for m in re.finditer(r"^[ \t]*\S", text, re.M)]  # non-blank lines
    k = next((i for i, s in enumerate(starts) if s >= body), None)
    if k is None:
        return None
    if k > 0 and body > 0:
        # "KAMPALA" alone on the line above the story (read as the headline's last line)
        line = text[starts[k - 1]:].split("\n", 1)[0]
        m = _CAPS_RE.match(line)
        if m is not None and m.end() >= len(line.rstrip()) and not m.group("src"):
            return Dateline(starts[k - 1] + m.start("place"), starts[k - 1] + m.end("place"),
                            starts[k - 1] + m.end(), True)
    line = text[starts[k]:].split("\n", 1)[0]
    m = _CAPS_RE.match(line)
    if m is not None:
        return Dateline(starts[k] + m.start("place"), starts[k] + m.end("place"), starts[k] + m.end(), True)
    m = _TITLE_RE.match(line)
    if m is not None and (not m.group("bare") or m.group("date") and m.group("src")):
        return Dateline(starts[k] + m.start("place"), starts[k] + m.end("place"), starts[k] + m.end(), False)
    return None
