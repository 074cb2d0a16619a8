"""Readers: every input kind becomes Documents, every bad input a DocumentError naming it, and the batch goes on."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from eventwire.io.readers import (
    MAX_TEXT_CHARS,
    DocumentError,
    check_document,
    iter_acled,
    parse_acled_date,
    parse_published,
    read_documents,
)
from eventwire.model import ACLED_COLUMNS, Document

ENGLISH = ("Gunmen attacked a police checkpoint on the outskirts of the town on Tuesday night, killing two "
           "officers and wounding three others, a local official said.")
FRENCH = ("Au moins quinze personnes ont été tuées samedi dans une attaque contre un village du nord du pays, "
          "selon des sources locales. Les assaillants, arrivés à moto, ont ouvert le feu sur les habitants.")
SPANISH = ("Al menos quince personas murieron el sábado en un ataque contra una aldea en el norte del país, "
           "según fuentes locales. Los atacantes llegaron en motocicletas y abrieron fuego contra los habitantes.")
GERMAN = ("Mindestens fünfzehn Menschen wurden am Samstag bei einem Angriff auf ein Dorf im Norden des Landes "
          "getötet, wie lokale Quellen berichteten. Die Angreifer kamen auf Motorrädern.")
ARABIC = "قتل خمسة أشخاص على الأقل في هجوم على قرية في شمال البلاد يوم السبت بحسب مصادر محلية"


def doc(text: str) -> Document:
    return Document(id="t", text=text)


def items(paths, **kw) -> list:
    return list(read_documents([str(p) for p in paths], **kw))


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("value, expected", [
    ("2019-02-21", date(2019, 2, 21)),
    ("2019-02-21T10:30:00Z", date(2019, 2, 21)),
    ("2019-02-21 10:30", date(2019, 2, 21)),
    (date(2020, 5, 9), date(2020, 5, 9)),
    (None, None),
    ("", None),
])
def test_parse_published_accepts_iso(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["21/02/2019", "yesterday", "2019-02-30", "Feb 21"])
def test_parse_published_rejects_non_iso_naming_the_value(value):
    with pytest.raises(ValueError, match="ISO date") as info:
        parse_published(value)
    assert value in str(info.value)


@pytest.mark.parametrize("value", ["9-May-20", "09-May-20", "2020-05-09", "09 May 2020", "9 May 2020", "May 9, 2020"])
def test_parse_acled_date_formats(value):
    assert parse_acled_date(value) == date(2020, 5, 9)


def test_parse_acled_date_rejects_garbage():
    with pytest.raises(ValueError, match="event_date"):
        parse_acled_date("sometime in May")


# ---------------------------------------------------------------- checks

@pytest.mark.parametrize("text", [
    ENGLISH,
    "Protesters gathered in the capital.",  # short: too few words to judge
    "Troops kill 12 militants in northern raid",  # a headline
    "On 3 June 2021, junior doctors rallied outside the hospital over unpaid overtime and long "
    "rosters. [size=no report]",  # terse ACLED-style note
])
def test_check_document_accepts_english(text):
    assert check_document(doc(text)) is None


def test_check_document_accepts_seed(seed_text):
    assert check_document(doc(seed_text)) is None


@pytest.mark.parametrize("text, problem", [
    ("", "empty"),
    ("   \n\t  ", "empty"),
    ("abc\x00\x00def" * 10, "binary"),
    ("\x01\x02\x03\x04\x05\x06 text \x07\x08\x0e\x0f\x10", "binary"),
    (FRENCH, "not English"),
    (SPANISH, "not English"),
    (GERMAN, "not English"),
    (ARABIC, "not English"),
])
def test_check_document_rejects(text, problem):
    assert problem in (check_document(doc(text)) or "")


@pytest.mark.parametrize("text", [
    # terse notes that are mostly names: few English function words, but no other language's either
    "On 3 June 2023, suspected JNIM militants ambushed FAMa soldiers, Boulkessi, Douentza cercle, Mopti region, central Mali.",
    "On 10 June 2023, Islamic State insurgents beheaded 2 fishermen near Mucojo, Macomia district, Cabo Delgado.",
])
def test_terse_name_heavy_english_notes_are_accepted(text):
    assert check_document(doc(text)) is None


def test_short_foreign_text_is_still_refused():
    text = "Deux soldats tués et trois blessés dans une embuscade près de la frontière, selon des sources locales."
    assert "not English" in (check_document(doc(text)) or "")


def test_check_document_rejects_oversized_text():
    assert "too large" in (check_document(doc("word " * (MAX_TEXT_CHARS // 5 + 1))) or "")


def test_acled_notes_all_pass_the_check(acled_dev):
    failures = [(d.id, problem) for d, _ in iter_acled(str(acled_dev))
                if (problem := check_document(d)) and not problem.startswith("empty")]
    assert failures == []


# ---------------------------------------------------------------- txt / html

def test_txt_document_id_is_the_stem_and_takes_metadata(tmp_path):
    path = tmp_path / "report-17.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    (d,) = items([path], published="2020-05-09", outlet="AFP")
    assert (d.id, d.text, d.published, d.outlet) == ("report-17", ENGLISH, date(2020, 5, 9), "AFP")


def test_txt_strips_byte_order_mark(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ENGLISH.encode())
    (d,) = items([path])
    assert d.text == ENGLISH


HTML = """<!doctype html><html><head><title>Attack on checkpoint &amp; aftermath</title>
<meta property="article:published_time" content="2020-03-04T10:00:00Z">
<meta property="og:site_name" content="Example Times"></head>
<body><nav>Home | World | Sport</nav><article><h1>Attack on checkpoint</h1><p>{p}</p>
<p>Residents said the attackers fled towards the hills before reinforcements arrived in the area.</p></article>
<footer>Copyright Example Times</footer></body></html>"""


def test_html_extracts_article_text_title_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML.format(p=ENGLISH), encoding="utf-8")
    (d,) = items([path])
    assert ENGLISH in d.text
    assert "Copyright" not in d.text and "<p>" not in d.text
    assert d.title == "Attack on checkpoint & aftermath"
    assert d.published == date(2020, 3, 4)
    assert d.outlet == "Example Times"


def test_html_given_metadata_wins_over_page_metadata(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text(HTML.format(p=ENGLISH), encoding="utf-8")
    (d,) = items([path], published="2021-01-01", outlet="Wire")
    assert (d.published, d.outlet) == (date(2021, 1, 1), "Wire")


def test_html_without_text_is_an_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body><script>var a=1;</script></body></html>")
    (e,) = items([path])
    assert isinstance(e, DocumentError) and e.doc_id == str(path)


# ---------------------------------------------------------------- bad files

@pytest.mark.parametrize("name, content, problem", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n ", "empty"),
    ("binary.txt", bytes(range(256)) * 8, "binary"),
    ("latin1.txt", "Le café de la gare a été attaqué.".encode("latin-1"), "not UTF-8"),
    ("french.txt", FRENCH.encode(), "not English"),
])
def test_bad_file_gives_error_naming_it(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    (e,) = items([path])
    assert isinstance(e, DocumentError)
    assert e.doc_id == str(path) and problem in e.message


def test_20mb_text_is_rejected_without_stopping_the_batch(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "w", encoding="utf-8") as fh:
        line = ENGLISH + "\n"
        fh.write(line * (20_000_000 // len(line) + 1))
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH)
    first, second = items([big, good])
    assert isinstance(first, DocumentError) and "too large" in first.message and first.doc_id == str(big)
    assert isinstance(second, Document) and second.id == "good"


def test_missing_file_and_unknown_suffix_are_errors_and_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH)
    odd = tmp_path / "report.pdf"
    odd.write_bytes(b"%PDF")
    out = items([tmp_path / "missing.txt", odd, good])
    assert [type(x).__name__ for x in out] == ["DocumentError", "DocumentError", "Document"]
    assert "no such file" in out[0].message and "input-format" in out[1].message


def test_directory_is_an_error(tmp_path):
    (e,) = items([tmp_path], input_format="txt")
    assert isinstance(e, DocumentError) and "directory" in e.message


def test_unknown_input_format_raises_at_once():
    with pytest.raises(ValueError, match="unknown input format 'pdf'"):
        read_documents(["x"], input_format="pdf")


def test_bad_published_raises_at_once():
    with pytest.raises(ValueError, match="ISO date"):
        read_documents(["x"], published="21/02/2019")


# ---------------------------------------------------------------- JSONL

def test_jsonl_bad_lines_are_errors_naming_file_and_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a", "text": ENGLISH, "published": "2020-05-09", "outlet": "AFP", "title": "T",
                    "url": "http://example.org/a"}),
        '{"id": "b", "text": "truncated',
        json.dumps({"id": "c"}),
        json.dumps({"id": "d", "text": ENGLISH, "published": "9th of May"}),
        "",
        json.dumps({"text": ENGLISH}),
        json.dumps(["not", "an", "object"]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = items([path], outlet="Default outlet")
    assert [type(x).__name__ for x in out] == ["Document", "DocumentError", "DocumentError", "DocumentError",
                                               "Document", "DocumentError"]
    a, bad_json, no_text, bad_date, default_id, not_object = out
    assert (a.id, a.published, a.outlet, a.title, a.url) == ("a", date(2020, 5, 9), "AFP", "T", "http://example.org/a")
    assert bad_json.doc_id == f"{path}:2" and "invalid JSON" in bad_json.message
    assert no_text.doc_id == f"{path}:3" and "text" in no_text.message
    assert bad_date.doc_id == f"{path}:4" and "published" in bad_date.message
    assert default_id.id == "batch:6" and default_id.outlet == "Default outlet"
    assert not_object.doc_id == f"{path}:7"


def test_jsonl_non_utf8_line_is_an_error_for_that_line_only(tmp_path):
    path = tmp_path / "mixed.ndjson"
    path.write_bytes(b'{"id": "x", "text": "caf\xe9"}\n' + json.dumps({"id": "y", "text": ENGLISH}).encode() + b"\n")
    bad, good = items([path])
    assert isinstance(bad, DocumentError) and bad.doc_id == f"{path}:1" and "UTF-8" in bad.message
    assert good.id == "y"


def test_jsonl_document_failing_check_names_file_and_id(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"id": "fr-1", "text": FRENCH}) + "\n")
    (e,) = items([path])
    assert isinstance(e, DocumentError) and "fr-1" in e.doc_id and str(path) in e.doc_id


# ---------------------------------------------------------------- ACLED

def write_acled(path: Path, rows: list[dict], encoding: str = "utf-8") -> None:
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(ACLED_COLUMNS))
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in ACLED_COLUMNS})


ROWS = [
    {"event_id_cnty": "XYZ1", "event_date": "9-May-20", "notes": ENGLISH, "country": "Freedonia",
     "actor1": "Military Forces of Freedonia", "fatalities": "2", "source": "Daily Example"},
    {"event_id_cnty": "XYZ2", "event_date": "2020-05-10", "notes": "Protesters marched in the capital."},
    {"event_id_cnty": "XYZ3", "event_date": "the ninth", "notes": ENGLISH},
    {"event_id_cnty": "XYZ4", "event_date": "11 May 2020", "notes": ""},
]


def test_acled_rows_become_documents_without_coded_columns(tmp_path):
    path = tmp_path / "export.csv"
    write_acled(path, ROWS)
    out = items([path])
    first = out[0]
    assert (first.id, first.text, first.published) == ("XYZ1", ENGLISH, date(2020, 5, 9))
    assert first.outlet is None and first.title is None  # `source` is a coded column: not an input
    assert "Freedonia" not in repr(first)
    assert (out[1].id, out[1].published) == ("XYZ2", date(2020, 5, 10))
    assert isinstance(out[2], DocumentError) and "event_date" in out[2].message and "XYZ3" in out[2].message
    assert isinstance(out[3], DocumentError) and "empty" in out[3].message and "XYZ4" in out[3].doc_id


def test_iter_acled_yields_documents_with_their_gold_rows(tmp_path):
    path = tmp_path / "export.csv"
    write_acled(path, ROWS)
    pairs = list(iter_acled(str(path)))
    assert len(pairs) == 4
    document, row = pairs[0]
    assert document.id == "XYZ1" and row["actor1"] == "Military Forces of Freedonia" and row["fatalities"] == "2"
    assert pairs[2][0].published is None  # unreadable date: kept for evaluation, no anchor


def test_acled_without_notes_column_is_an_error(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    (e,) = items([path])
    assert isinstance(e, DocumentError) and "notes" in e.message
    with pytest.raises(DocumentError, match="notes"):
        list(iter_acled(str(path)))


def test_acled_non_utf8_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "latin.csv"
    write_acled(path, [{"event_id_cnty": "A1", "event_date": "9-May-20", "notes": "Attaque à la grenade " * 400}],
                encoding="latin-1")
    out = items([path])
    assert isinstance(out[-1], DocumentError) and out[-1].doc_id == str(path) and "UTF-8" in out[-1].message


# ---------------------------------------------------------------- stdin

def fake_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_text(monkeypatch):
    fake_stdin(monkeypatch, ENGLISH.encode())
    (d,) = items(["-"], published="2020-05-09")
    assert (d.id, d.text, d.published) == ("stdin", ENGLISH, date(2020, 5, 9))


def test_stdin_jsonl_is_sniffed(monkeypatch):
    fake_stdin(monkeypatch, (json.dumps({"id": "s1", "text": ENGLISH}) + "\n").encode())
    (d,) = items(["-"])
    assert d.id == "s1"


def test_stdin_empty_is_an_error(monkeypatch):
    fake_stdin(monkeypatch, b"")
    (e,) = items(["-"])
    assert isinstance(e, DocumentError) and e.doc_id == "stdin" and "empty" in e.message


def test_stdin_acled_streams(monkeypatch):
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(ACLED_COLUMNS))
    writer.writeheader()
    for row in ROWS[:2]:
        writer.writerow({c: row.get(c, "") for c in ACLED_COLUMNS})
    fake_stdin(monkeypatch, buf.getvalue().encode())
    assert [d.id for d in items(["-"], input_format="acled")] == ["XYZ1", "XYZ2"]


def test_stdin_acled_is_sniffed_from_its_header(monkeypatch):
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(ACLED_COLUMNS))
    writer.writeheader()
    writer.writerow({c: ROWS[1].get(c, "") for c in ACLED_COLUMNS})
    fake_stdin(monkeypatch, buf.getvalue().encode())
    assert [d.id for d in items(["-"])] == ["XYZ2"]


def test_stdin_jsonl_batch_larger_than_one_report_limit(monkeypatch):
    from eventwire.io import readers

    monkeypatch.setattr(readers, "MAX_HTML_BYTES", 1000)  # the single-report cap must not apply to a batch
    lines = "".join(json.dumps({"id": f"n{i}", "text": ENGLISH}) + "\n" for i in range(20))
    fake_stdin(monkeypatch, lines.encode())
    assert len(items(["-"])) == 20


def test_stdin_text_over_the_limit_is_an_error(monkeypatch):
    from eventwire.io import readers

    monkeypatch.setattr(readers, "MAX_HTML_BYTES", 1000)
    fake_stdin(monkeypatch, (ENGLISH * 20).encode())
    (e,) = items(["-"])
    assert isinstance(e, DocumentError) and e.doc_id == "stdin" and "too large" in e.message
