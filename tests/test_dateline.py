"""The article's own dateline or date line as the anchor of a document without `published`.

Every text here is invented for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.io.dateline import MONTHS, dateline_warning, find_dateline, lexicon, with_dateline
from eventwire.model import Document

HEADLINE = "Clashes reported near provincial capital"
BODY = ("Fighting broke out on the edge of the town on Wednesday, residents said, and several shops were "
        "burned before police restored order.")


def article(*lines: str) -> str:
    return "\n".join(lines)


# ---- the formats: (text, kind, text as written, date)

@pytest.mark.parametrize(("text", "kind", "written", "expected"), [
    (article(HEADLINE, "KABUL, March 12, 2023 (Reuters) - " + BODY),
     "dateline", "KABUL, March 12, 2023 (Reuters)", date(2023, 3, 12)),
    (article(HEADLINE, "BAMAKO, Mali, Jan 3, 2024 (AP) — " + BODY),
     "dateline", "BAMAKO, Mali, Jan 3, 2024 (AP)", date(2024, 1, 3)),
    (article(HEADLINE, "Published 12 March 2023", BODY),
     "date line", "Published 12 March 2023", date(2023, 3, 12)),
    (article(HEADLINE, "Published: 2023-03-12 14:05", BODY),
     "date line", "Published: 2023-03-12", date(2023, 3, 12)),
    (article(HEADLINE, BODY, "Updated March 12, 2023"),
     "date line", "Updated March 12, 2023", date(2023, 3, 12)),
    (article(HEADLINE, "12 March 2023 | 14:05", BODY),
     "date line", "12 March 2023", date(2023, 3, 12)),
    (article(HEADLINE, "Monday 12 March 2023", BODY),
     "date line", "Monday 12 March 2023", date(2023, 3, 12)),
    (article(HEADLINE, "Mar 12, 2023", BODY),
     "date line", "Mar 12, 2023", date(2023, 3, 12)),
    # more of what scraped pages and wires write
    (article(HEADLINE, "By Amina Bello | Last updated - 12 March 2023 | 14:05 GMT", BODY),
     "date line", "Last updated - 12 March 2023", date(2023, 3, 12)),
    (article(HEADLINE, "Sun 12 Mar 2023 10.05 GMT", BODY),
     "date line", "Sun 12 Mar 2023 10.05 GMT", date(2023, 3, 12)),
    (article(HEADLINE, "2023-03-12T14:05:00Z", BODY),
     "date line", "2023-03-12T14:05:00Z", date(2023, 3, 12)),
    (article(HEADLINE, "First published on Monday, March 12, 2023", BODY),
     "date line", "First published on Monday, March 12, 2023", date(2023, 3, 12)),
    (article(HEADLINE, "March 12, 2023 (GOMA) – " + BODY),
     "dateline", "March 12, 2023 (GOMA)", date(2023, 3, 12)),
    (article(HEADLINE, "Valley Voice, 12 March 2023, Hilltown: " + BODY),
     "dateline", "Valley Voice, 12 March 2023, Hilltown", date(2023, 3, 12)),
    (article(HEADLINE, "13/03/2023", BODY),
     "date line", "13/03/2023", date(2023, 3, 13)),
    # the body follows the date line: an article's last lines are read too
    (article(HEADLINE, BODY, "More stories from the region", "Posted 12 March 2023"),
     "date line", "Posted 12 March 2023", date(2023, 3, 12)),
])
def test_formats(text, kind, written, expected):
    found = find_dateline(text)
    assert found is not None
    assert (found.kind, found.text, found.date) == (kind, written, expected)
    assert text[found.start:found.end] == written


@pytest.mark.parametrize(("line", "written"), [
    ("KABUL, March 12 (Reuters) -", "KABUL, March 12 (Reuters)"),
    ("BAMAKO, Mali, March 12 (AP) —", "BAMAKO, Mali, March 12 (AP)"),
    ("NEW DELHI, Mar 12 (PTI):", "NEW DELHI, Mar 12 (PTI)"),
    ("Port Harcourt, March 12:", "Port Harcourt, March 12"),
    ("Dar es Salaam, 12 March (AFP-JIJI)", "Dar es Salaam, 12 March (AFP-JIJI)"),
    ("NAIROBI, Kenya March 12 –", "NAIROBI, Kenya March 12"),
    ("LAGOS, March 12 Police said", "LAGOS, March 12"),  # a town in capitals opens a dateline
])
def test_wire_datelines_without_a_year_take_it_from_a_full_date_in_the_text(line, written):
    text = article(HEADLINE, f"{line} {BODY}", "The talks that began on 10 March 2023 were suspended.")
    found = find_dateline(text)
    assert found is not None and found.kind == "dateline" and found.text == written
    assert found.date == date(2023, 3, 12)
    assert found.year_from == "10 March 2023"


def test_a_year_across_new_year_is_the_nearer_one():
    text = article(HEADLINE, "BAMAKO, Jan 3 (AP) — " + BODY, "A curfew has held since December 30, 2023.")
    assert find_dateline(text).date == date(2024, 1, 3)


def test_a_full_date_far_from_the_dateline_gives_no_year():
    # history in the story ("the 2015 attack") says nothing of the year the report was filed
    text = article(HEADLINE, "KABUL, March 12 (Reuters) - " + BODY, "The village was attacked on 21 July 2015.")
    found = find_dateline(text)
    assert found is not None and found.date is None and found.year_from is None


def test_a_year_less_dateline_with_no_other_year_is_no_anchor_and_the_warning_says_so():
    text = article(HEADLINE, "KABUL, March 12 (Reuters) - " + BODY)
    found = find_dateline(text)
    assert found is not None and found.date is None
    warning = dateline_warning("k1", found)
    assert warning.startswith("document k1: no publication date given")
    assert "'KABUL, March 12 (Reuters)' has no year" in warning and "cannot be resolved" in warning
    coded, note = with_dateline(Document(id="k1", text=text))
    assert coded.published is None and note == warning


# ---- negative cases: the narrative is never the anchor

@pytest.mark.parametrize("text", [
    article(HEADLINE, "On 21 July 2015 gunmen attacked the village, killing four people."),
    article(HEADLINE, "The 2005 war left the district in ruins.", BODY),
    article(HEADLINE, BODY, "The ceasefire signed on March 12, 2023 collapsed within a week."),
    article(HEADLINE, "On Monday, March 12, troops moved into the town.", BODY),
    article(HEADLINE, "Around 12 March 2023, Civilians: gunmen attacked a bus.", BODY),
    article(HEADLINE, "Kabul, March 12 was quiet after the fighting.", BODY),  # a sentence, not a dateline
    article(HEADLINE, "The report, published 12 March 2023, counted the dead.", BODY),
    article(HEADLINE, "03/04/2023", BODY),  # 3 April or March 4: no anchor rather than a wrong one
    article(HEADLINE, "March 12", BODY),  # a bare day without a year could head a timeline
    article(HEADLINE, "They may 12 times have tried", BODY),
    # a dateline deep in the text is a quoted or pasted story, not this one's
    article(HEADLINE, BODY, BODY, BODY, BODY, BODY, "KABUL, March 12, 2023 (Reuters) - " + BODY, BODY, BODY, BODY),
])
def test_a_date_in_the_story_is_no_anchor(text):
    assert find_dateline(text) is None


def test_a_date_line_outside_the_first_and_last_lines_is_ignored():
    middle = [BODY] * 4 + ["Published 12 March 2023"] + [BODY] * 4
    assert find_dateline(article(HEADLINE, *middle)) is None


# ---- which date wins

def test_the_publication_date_beats_a_revision():
    text = article(HEADLINE, "Updated 14 March 2023", BODY, "Published 12 March 2023")
    assert find_dateline(text).date == date(2023, 3, 12)


def test_a_full_date_line_completes_a_year_less_dateline():
    text = article(HEADLINE, "KABUL, March 12 (Reuters) - " + BODY, "Published 12 March 2023 | 14:05 GMT")
    assert find_dateline(text).date == date(2023, 3, 12)


def test_a_revision_is_used_when_nothing_else_dates_the_text():
    text = article(HEADLINE, BODY, "Last updated: 14 March 2023 09:30")
    found = find_dateline(text)
    assert (found.kind, found.date) == ("date line", date(2023, 3, 14))


# ---- the document and its warning

def test_a_document_with_published_never_uses_the_dateline():
    doc = Document(id="d1", text=article(HEADLINE, "KABUL, March 12, 2023 (Reuters) - " + BODY),
                   published=date(2023, 3, 14))
    coded, warning = with_dateline(doc)
    assert coded is doc and warning is None


def test_a_document_without_published_takes_the_dateline_date_and_says_so():
    doc = Document(id="d2", text=article(HEADLINE, "KABUL, March 12, 2023 (Reuters) - " + BODY), outlet="Wire")
    coded, warning = with_dateline(doc)
    assert coded.published == date(2023, 3, 12)
    assert (coded.id, coded.text, coded.outlet) == (doc.id, doc.text, doc.outlet)
    assert warning == ("document d2: no publication date given; using the dateline date 2023-03-12 "
                       "('KABUL, March 12, 2023 (Reuters)')")


def test_the_warning_names_where_the_year_came_from():
    text = article(HEADLINE, "KABUL, March 12 (Reuters) - " + BODY, "Talks began on 10 March 2023.")
    warning = dateline_warning("d3", find_dateline(text))
    assert warning == ("document d3: no publication date given; using the dateline date 2023-03-12 "
                       "('KABUL, March 12 (Reuters)', year from '10 March 2023')")


def test_no_dateline_at_all_warns_that_relative_dates_cannot_be_resolved():
    coded, warning = with_dateline(Document(id="d4", text=article(HEADLINE, BODY)))
    assert coded.published is None
    assert warning == ("document d4: no publication date given and the text has no dateline or date line, "
                       "so relative dates ('on Wednesday') cannot be resolved")


# ---- the data

def test_the_lexicon_holds_agencies_and_cues():
    words = lexicon()
    assert {"reuters", "ap", "afp"} <= words["agency"]
    assert {"published", "posted"} <= words["published"]
    assert {"updated", "last updated"} <= words["updated"]


def test_month_names_are_the_date_stage_ones():
    from eventwire.stages.dates import MONTHS as STAGE_MONTHS

    assert MONTHS == STAGE_MONTHS
