"""A document without `published` is coded against its own dateline, end to end: the library, the
CLI (warnings on stderr, exit status unchanged, the store keeps the date) and the API (`warnings`).

The article is invented for these tests. 17 March 2023 was a Friday, so "on Wednesday" is 15 March.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import date

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import eventwire
from eventwire.api import create_app
from eventwire.cli import app

pytestmark = pytest.mark.slow

HEADLINE = "Gunmen kill three traders in raid on cattle market"
STORY = ("Gunmen on motorcycles killed three traders at a cattle market near Maiduguri on Wednesday, "
         "police said.\nThe attackers fled into the bush before soldiers arrived, a police spokesman said.")
DATED = f"{HEADLINE}\nMAIDUGURI, Nigeria, March 17, 2023 (Reuters) - {STORY}"
YEARLESS = f"{HEADLINE}\nMAIDUGURI, Nigeria, March 17 (Reuters) - {STORY}"
UNDATED = f"{HEADLINE}\n{STORY}"
DATELINE_WARNING = ("document market: no publication date given; using the dateline date 2023-03-17 "
                    "('MAIDUGURI, Nigeria, March 17, 2023 (Reuters)')")
TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def code(text: str, published: date | None = None) -> eventwire.Result:
    (result,) = list(eventwire.extract_many([eventwire.Document(id="market", text=text, published=published)]))
    assert result.ok, result.error
    return result


# ---- the library

def test_on_wednesday_resolves_against_the_dateline():
    result = code(DATED)
    assert result.document.published == date(2023, 3, 17)
    assert result.warnings == [DATELINE_WARNING]
    assert [e.event_date for e in result.events] == ["2023-03-15"]


def test_a_given_publication_date_wins_over_the_dateline():
    result = code(DATED, published=date(2023, 3, 24))
    assert result.warnings == []
    assert result.document.published == date(2023, 3, 24)
    assert [e.event_date for e in result.events] == ["2023-03-22"]


@pytest.mark.parametrize(("text", "words"), [
    (YEARLESS, "'MAIDUGURI, Nigeria, March 17 (Reuters)' has no year"),
    (UNDATED, "no dateline or date line"),
])
def test_without_an_anchor_relative_dates_stay_unresolved_and_a_warning_says_so(text, words):
    result = code(text)
    assert result.document.published is None
    assert len(result.warnings) == 1
    assert words in result.warnings[0] and "cannot be resolved" in result.warnings[0]
    assert result.events and all(e.event_date is None for e in result.events)


def test_extract_logs_the_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="eventwire"):
        events = eventwire.extract(DATED, doc_id="market")
    assert [e.event_date for e in events] == ["2023-03-15"]
    assert DATELINE_WARNING in caplog.messages


# ---- the CLI

def test_cli_extract_warns_on_stderr_and_keeps_exit_status_zero(tmp_path):
    path = tmp_path / "market.txt"
    path.write_text(DATED, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.stderr
    assert f"warning: {DATELINE_WARNING}" in result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [e["event_date"] for e in events] == ["2023-03-15"]


def test_cli_extract_with_published_gives_no_warning(tmp_path):
    path = tmp_path / "market.txt"
    path.write_text(DATED, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--published", "2023-03-24"])
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr


def test_cli_ingest_warns_and_stores_the_dateline_date(tmp_path):
    path, db = tmp_path / "market.txt", tmp_path / "events.db"
    path.write_text(DATED, encoding="utf-8")
    first = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db)])
    assert first.exit_code == 0, first.stderr
    assert "warning" in first.stderr and "document market:" in first.stderr and "2023-03-17" in first.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT published FROM documents").fetchall() == [("2023-03-17",)]
        assert conn.execute("SELECT event_date FROM events").fetchall() == [("2023-03-15",)]
    again = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db)])  # already stored: nothing to warn of
    assert again.exit_code == 0 and "warning" not in again.stderr


# ---- the API

def test_post_without_published_answers_with_the_warning(tmp_path):
    api = TestClient(create_app(tmp_path / "new.db", token=TOKEN))
    response = api.post("/documents", json={"text": DATED, "id": "market"}, headers=AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["warnings"] == [DATELINE_WARNING]
    assert body["document"]["published"] == "2023-03-17"
    assert [e["event_date"] for e in body["events"]] == ["2023-03-15"]


def test_post_with_published_has_no_warnings(tmp_path):
    api = TestClient(create_app(tmp_path / "new.db", token=TOKEN))
    response = api.post("/documents", json={"text": DATED, "id": "market", "published": "2023-03-24"}, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["warnings"] == []
