"""The HTTP API over a real SQLite store: filters, errors as JSON, reports with evidence, exports, writes.

Most tests fill the store with hand-coded events of the seed article (the extractor is not the point
here, and its output may change); the `slow` tests post the seed article through the real pipeline.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwire.api import create_app
from eventwire.cli import app as cli
from eventwire.model import Document, Event, Evidence
from eventwire.store import Store

TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _evidence(doc: Document, field: str, phrase: str, after: str | None = None) -> Evidence:
    start = doc.text.index(phrase, doc.text.index(after) if after else 0)
    return Evidence(field, doc.id, start, start + len(phrase), phrase)


def seed_events(doc: Document) -> list[Event]:
    """The seed article coded by hand (the gold's three required events), evidence pointing into the text."""
    def ev(field: str, phrase: str, after: str | None = None) -> Evidence:
        return _evidence(doc, field, phrase, after)

    syria = {"country": "Syria", "iso": 760, "iso3": "SYR", "admin1": "Deir ez-Zor", "location": "Baghouz",
             "latitude": 34.46, "longitude": 40.94, "geo_precision": 1}
    return [
        Event(event_id="ew-evac", doc_id=doc.id, event_date="2019-02-20", date_start="2019-02-20",
              date_end="2019-02-20", time_precision=1, event_type="Strategic developments", sub_event_type="Other",
              actor1="Syrian Democratic Forces", inter1=2, interaction=20, **syria, fatalities=0,
              certainty="confirmed", notes="On 20 February 2019, SDF evacuated dozens of people from Baghouz.",
              main=True, evidence=(ev("sub_event_type", "evacuated", "A convoy"), ev("location", "Baghouz", "A convoy"),
                        ev("event_date", "on Wednesday", "A convoy"), ev("actor1", "Syrian Democratic Forces"))),
        Event(event_id="ew-deal", doc_id=doc.id, event_date="2019-02-21", date_start="2019-02-21",
              date_end="2019-02-21", time_precision=2, event_type="Strategic developments",
              sub_event_type="Agreement", actor1="Islamic State", actor2="Syrian Democratic Forces", inter1=2,
              inter2=2, interaction=22, **syria, fatalities=0, reported_by="Syrian Observatory for Human Rights",
              certainty="claimed", notes="Around 21 February 2019, a surrender deal was reportedly negotiated.",
              evidence=(ev("sub_event_type", "negotiations for the surrender"),
                        ev("reported_by", "Syrian Observatory for Human Rights"))),
        Event(event_id="ew-najaf", doc_id=doc.id, event_date="2019-02-16", date_start="2019-02-16",
              date_end="2019-02-17", time_precision=2, event_type="Violence against civilians",
              sub_event_type="Attack", actor1="Islamic State", actor2="Civilians (Iraq)", inter1=2, inter2=7,
              interaction=27, civilian_targeting="Civilian targeting", country="Iraq", iso=368, iso3="IRQ",
              admin1="Najaf", location="Najaf", latitude=32.0, longitude=44.33, geo_precision=3, fatalities=7,
              fatalities_low=7, fatalities_high=7, certainty="reported",
              notes="Around 16 February 2019, Islamic State killed seven Iraqis between Najaf and Anbar.",
              evidence=(ev("fatalities", "Seven"), ev("sub_event_type", "killed", "Seven"),
                        ev("actor1", "ISIS", "Seven"), ev("event_date", "last weekend"))),
    ]


SECOND_REPORT = ("Kurdish-led forces on Wednesday evacuated civilians from Baghouz, the last pocket held by "
                 "the Islamic State group in eastern Syria, AFP reporters saw.")


@pytest.fixture()
def db(tmp_path: Path, seed_text: str) -> Path:
    """A store holding the hand-coded seed events, plus a second outlet's report of the evacuation."""
    path = tmp_path / "events.db"
    seed = Document(id="baghouz", text=seed_text, published=date(2019, 2, 21), outlet="The National")
    wire = Document(id="afp-1", text=SECOND_REPORT, published=date(2019, 2, 20), outlet="AFP")
    wire_event = Event.from_dict({
        **seed_events(seed)[0].to_dict(), "event_id": "ew-evac-afp", "doc_id": wire.id, "certainty": "reported",
        "main": False,  # the merged evacuation is main through the seed article's report
        "evidence": [_evidence(wire, "sub_event_type", "evacuated").to_dict(),
                     _evidence(wire, "actor1", "Kurdish-led forces").to_dict()],
    })
    with Store(path) as store:
        store.add_document(seed, seed_events(seed))
        store.add_document(wire, [wire_event])
    return path


@pytest.fixture()
def client(db: Path) -> TestClient:
    return TestClient(create_app(db))


@pytest.fixture()
def writer(db: Path) -> TestClient:
    return TestClient(create_app(db, token=TOKEN))


# ---- GET /events ----

def test_events_returns_total_and_items(client: TestClient) -> None:
    body = client.get("/events").json()
    assert body["total"] == 3
    assert {e["event_id"] for e in body["items"]} == {"ew-evac", "ew-deal", "ew-najaf"}


def test_events_paginates(client: TestClient) -> None:
    pages = [client.get("/events", params={"limit": 1, "offset": i}).json() for i in range(3)]
    assert [p["total"] for p in pages] == [3, 3, 3]
    assert len({p["items"][0]["event_id"] for p in pages}) == 3


def test_events_returns_only_the_fields_asked_for(client: TestClient) -> None:
    items = client.get("/events", params={"fields": "event_id,latitude,n_sources"}).json()["items"]
    assert {tuple(item) for item in items} == {("event_id", "latitude", "n_sources")}


@pytest.mark.parametrize(("params", "expected"), [
    ({"country": "Iraq"}, {"ew-najaf"}),
    ({"admin1": "Deir ez-Zor"}, {"ew-evac", "ew-deal"}),
    ({"type": "Strategic developments"}, {"ew-evac", "ew-deal"}),
    ({"sub_type": "Agreement"}, {"ew-deal"}),
    ({"actor": "Syrian Democratic"}, {"ew-evac", "ew-deal"}),
    ({"since": "2019-02-20"}, {"ew-evac", "ew-deal"}),
    ({"until": "2019-02-19"}, {"ew-najaf"}),
    ({"since": "2019-02-17", "until": "2019-02-20"}, {"ew-evac"}),
    ({"bbox": "40,34,42,35"}, {"ew-evac", "ew-deal"}),
    ({"min_certainty": "reported"}, {"ew-evac", "ew-najaf"}),
    ({"q": "seven Iraqis"}, {"ew-najaf"}),
    ({"country": "", "type": ""}, {"ew-evac", "ew-deal", "ew-najaf"}),  # an empty form field is no filter
    ({"main": "true"}, {"ew-evac"}),
    ({"main": "false"}, {"ew-deal", "ew-najaf"}),
    ({"main": "1", "country": "Syria"}, {"ew-evac"}),
    ({"main": ""}, {"ew-evac", "ew-deal", "ew-najaf"}),
])
def test_events_filters(client: TestClient, params: dict[str, str], expected: set[str]) -> None:
    body = client.get("/events", params=params).json()
    assert {e["event_id"] for e in body["items"]} == expected
    assert body["total"] == len(expected)


@pytest.mark.parametrize(("params", "status", "needle"), [
    ({"since": "2019-02-30"}, 400, "since"),
    ({"until": "yesterday"}, 400, "until"),
    ({"since": "2019-03-01", "until": "2019-02-01"}, 400, "after"),
    ({"bbox": "40,34,42"}, 400, "bbox"),
    ({"bbox": "40,34,42,95"}, 400, "latitudes"),
    ({"bbox": "200,34,210,35"}, 400, "longitudes"),
    ({"bbox": "42,34,40,35"}, 400, "min"),
    ({"bbox": "nan,34,42,35"}, 400, "finite"),
    ({"type": "Skirmish"}, 400, "event type"),
    ({"sub_type": "Skirmish"}, 400, "sub-event type"),
    ({"min_certainty": "probable"}, 400, "certainty"),
    ({"main": "maybe"}, 400, "main"),
    ({"fields": "event_id,password"}, 400, "password"),
    ({"limit": "0"}, 422, "limit"),
    ({"limit": "100000"}, 422, "limit"),
    ({"offset": "-1"}, 422, "offset"),
    ({"limit": "ten"}, 422, "limit"),
])
def test_events_rejects_bad_filters_with_json_error(
    client: TestClient, params: dict[str, str], status: int, needle: str
) -> None:
    response = client.get("/events", params=params)
    assert response.status_code == status
    assert needle in response.json()["error"]


def test_events_say_which_is_main(client: TestClient) -> None:
    items = client.get("/events").json()["items"]
    assert {e["event_id"]: e["main"] for e in items} == {"ew-evac": True, "ew-deal": False, "ew-najaf": False}


def test_events_fields_can_ask_for_main(client: TestClient) -> None:
    items = client.get("/events", params={"fields": "event_id,main", "main": "true"}).json()["items"]
    assert items == [{"event_id": "ew-evac", "main": True}]


# ---- GET /events/{id} ----

def test_event_has_every_report_with_its_document_and_evidence(client: TestClient) -> None:
    event = client.get("/events/ew-evac").json()
    assert event["n_sources"] == 2
    assert sorted(r["document"]["outlet"] for r in event["reports"]) == ["AFP", "The National"]
    for report in event["reports"]:
        text = report["document"]["text"]
        assert report["evidence"], "each report carries its evidence spans"
        for span in report["evidence"]:
            assert text[span["start"]:span["end"]] == span["text"]


def test_event_reports_say_which_told_it_as_main(client: TestClient) -> None:
    event = client.get("/events/ew-evac").json()
    assert event["main"] is True
    assert {r["document"]["outlet"]: r["report"]["main"] for r in event["reports"]} == {
        "The National": True, "AFP": False}


def test_unknown_event_is_404_json(client: TestClient) -> None:
    response = client.get("/events/ew-nope")
    assert response.status_code == 404
    assert "ew-nope" in response.json()["error"]


def test_unknown_path_is_404_json(client: TestClient) -> None:
    response = client.get("/no/such/thing")
    assert response.status_code == 404
    assert response.json() == {"error": "no such path: /no/such/thing"}


# ---- GET /stats ----

def test_stats_counts_by_type_country_and_day(client: TestClient) -> None:
    stats = client.get("/stats").json()
    assert stats["by_type"] == {"Strategic developments": 2, "Violence against civilians": 1}
    assert stats["by_country"] == {"Syria": 2, "Iraq": 1}
    assert stats["by_day_type"] == {
        "2019-02-16": {"Violence against civilians": 1},
        "2019-02-20": {"Strategic developments": 1},
        "2019-02-21": {"Strategic developments": 1},
    }


def test_stats_count_only_headline_events_when_asked(client: TestClient) -> None:
    stats = client.get("/stats", params={"main": "true"}).json()
    assert (stats["events"], stats["by_type"]) == (1, {"Strategic developments": 1})


def test_stats_apply_filters(client: TestClient) -> None:
    stats = client.get("/stats", params={"country": "Syria"}).json()
    assert stats["by_country"] == {"Syria": 2}
    assert set(stats["by_day_type"]) == {"2019-02-20", "2019-02-21"}


# ---- exports ----

def test_export_csv_has_acled_columns_and_filters(client: TestClient) -> None:
    response = client.get("/export.csv", params={"country": "Iraq"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["event_date"] for r in rows] == ["2019-02-16"]
    assert rows[0]["sub_event_type"] == "Attack"


def test_export_geojson_is_a_feature_collection(client: TestClient) -> None:
    collection = client.get("/export.geojson").json()
    assert collection["type"] == "FeatureCollection"
    coords = sorted(tuple(f["geometry"]["coordinates"]) for f in collection["features"])
    assert coords == [(40.94, 34.46), (40.94, 34.46), (44.33, 32.0)]


def test_export_parquet_reads_back(client: TestClient) -> None:
    import pyarrow.parquet as pq

    response = client.get("/export.parquet", params={"type": "Strategic developments"})
    table = pq.read_table(io.BytesIO(response.content))
    assert sorted(table.column("sub_event_type").to_pylist()) == ["Agreement", "Other"]


def test_export_parquet_main_is_boolean(client: TestClient) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(client.get("/export.parquet", params={"main": "true"}).content))
    assert table.schema.field("main").type == pa.bool_() and table.column("main").to_pylist() == [True]


def test_export_unknown_format_is_404(client: TestClient) -> None:
    response = client.get("/export.xlsx")
    assert response.status_code == 404
    assert "xlsx" in response.json()["error"]


# ---- POST /documents: refused before any NLP runs ----

def test_post_is_refused_without_a_configured_token(client: TestClient) -> None:
    response = client.post("/documents", json={"text": "Protesters gathered."}, headers=AUTH)
    assert response.status_code == 403
    assert "token" in response.json()["error"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}])
def test_post_needs_the_right_token(writer: TestClient, headers: dict[str, str]) -> None:
    response = writer.post("/documents", json={"text": "Protesters gathered."}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_post_refuses_a_body_over_the_limit(db: Path) -> None:
    small = TestClient(create_app(db, token=TOKEN, max_body=1000))
    response = small.post("/documents", content="x" * 1001, headers={**AUTH, "Content-Type": "text/plain"})
    assert response.status_code == 413
    assert "1000" in response.json()["error"]


def test_default_body_limit_is_5_mb(writer: TestClient) -> None:
    body = "a" * (5 * 1024 * 1024 + 1)
    response = writer.post("/documents", content=body, headers={**AUTH, "Content-Type": "text/plain"})
    assert response.status_code == 413


@pytest.mark.parametrize(("content", "content_type", "params", "status", "needle"), [
    ('{"text": "x", "published": ', "application/json", {}, 422, "JSON"),
    ('{"published": "2019-02-21"}', "application/json", {}, 422, "text"),
    ('{"text": "Clashes.", "published": "21/02/2019"}', "application/json", {}, 422, "published"),
    ('{"text": "   "}', "application/json", {}, 422, "empty"),
    ("Clashes in the north.", "text/plain", {"published": "soon"}, 422, "published"),
    ("<doc/>", "application/xml", {}, 415, "content type"),
])
def test_post_rejects_bad_documents(
    writer: TestClient, content: str, content_type: str, params: dict[str, str], status: int, needle: str
) -> None:
    response = writer.post("/documents", content=content, params=params,
                           headers={**AUTH, "Content-Type": content_type})
    assert response.status_code == status
    assert needle in response.json()["error"]


def test_post_rejects_text_that_is_not_utf8(writer: TestClient) -> None:
    response = writer.post("/documents", content=b"\xff\xfe\x00bad", headers={**AUTH, "Content-Type": "text/plain"})
    assert response.status_code == 400
    assert "UTF-8" in response.json()["error"]


# ---- POST /documents through the real pipeline ----

@pytest.mark.slow
def test_post_json_ingests_and_returns_events(tmp_path: Path, seed_text: str) -> None:
    api = TestClient(create_app(tmp_path / "new.db", token=TOKEN))
    doc = {"text": seed_text, "published": "2019-02-21", "outlet": "The National", "id": "baghouz"}
    response = api.post("/documents", json=doc, headers=AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["stored"] is True and body["document"]["id"] == "baghouz"
    assert body["events"], "the seed article holds events"
    assert api.get("/events").json()["total"] == body["events_added"] > 0


@pytest.mark.slow
def test_post_same_text_twice_stores_it_once(tmp_path: Path, seed_text: str) -> None:
    api = TestClient(create_app(tmp_path / "new.db", token=TOKEN))
    params = {"published": "2019-02-21", "outlet": "The National"}
    first = api.post("/documents", content=seed_text.encode(), params=params,
                     headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"})
    total = api.get("/events").json()["total"]
    again = api.post("/documents", content=seed_text.encode(), params=params,
                     headers={**AUTH, "Content-Type": "text/plain"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["stored"] is False
    assert api.get("/events").json()["total"] == total


@pytest.mark.slow
def test_post_a_document_that_cannot_be_coded_is_422(writer: TestClient) -> None:
    text = "Столкновения в городе продолжались всю ночь, погибли десятки мирных жителей."
    response = writer.post("/documents", json={"text": text, "id": "ru-1"}, headers=AUTH)
    assert response.status_code == 422
    assert "ru-1" in response.json()["error"] and "English" in response.json()["error"]


# ---- schema and page ----

def test_openapi_documents_the_endpoints(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/events", "/events/{event_id}", "/documents", "/stats", "/export.{fmt}"} <= set(schema["paths"])
    post = schema["paths"]["/documents"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/json", "text/plain"}
    assert schema["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    params = {p["name"] for p in schema["paths"]["/events"]["get"]["parameters"]}
    assert {"country", "type", "sub_type", "actor", "since", "until", "bbox", "min_certainty", "q",
            "limit", "offset"} <= params


def test_openapi_describes_the_event_records_with_main(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    event = schema["components"]["schemas"]["Event"]
    assert event["properties"]["main"]["type"] == "boolean" and "headline" in event["properties"]["main"]["description"]
    assert {"doc_ids", "n_sources", "evidence"} <= set(event["properties"])
    listed = schema["paths"]["/events"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listed["properties"]["items"]["items"] == {"$ref": "#/components/schemas/Event"}
    params = {p["name"]: p for p in schema["paths"]["/events"]["get"]["parameters"]}
    assert "headline" in params["main"]["description"]


def test_page_and_its_assets_are_served_locally(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assets = ["static/app.js", "static/app.css", "static/vendor/leaflet/leaflet.js",
              "static/vendor/leaflet/leaflet.css", "static/vendor/topojson-client/topojson-client.min.js",
              "static/vendor/world-atlas/countries-50m.json"]
    for asset in assets:
        assert client.get("/" + asset).status_code == 200, asset
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    assert "script-src 'self'" in page.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_no_docs_page_that_would_load_a_cdn(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_world_borders_are_a_topology_of_countries(client: TestClient) -> None:
    topo = json.loads(client.get("/static/vendor/world-atlas/countries-50m.json").content)
    names = {g["properties"]["name"] for g in topo["objects"]["countries"]["geometries"]}
    assert {"Syria", "Iraq", "Brazil"} <= names


def test_create_app_refuses_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("not sqlite at all, just some text that is long enough to be a header" * 10)
    with pytest.raises(Exception, match="notes.db"):
        create_app(bogus)



# ---- the serve command ----

def test_serve_refuses_a_missing_store_when_read_only(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.db"
    result = CliRunner().invoke(cli, ["serve", "--db", str(missing)], env={"EVENTWIRE_TOKEN": ""})
    assert result.exit_code != 0
    assert "nothing.db" in result.output and not missing.exists()


def test_serve_command_answers_on_localhost(db: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "EVENTWIRE_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        body, deadline = None, time.monotonic() + 60
        while body is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/events?limit=1", timeout=5) as response:
                    body = json.load(response)
            except OSError:
                time.sleep(0.2)
        assert body is not None, proc.stdout.read().decode() if proc.poll() is not None else "no answer"
        assert body["total"] == 3
    finally:
        proc.terminate()
        proc.wait(timeout=10)

