"""Writers: each format is read back with the library its users would load it with."""

from __future__ import annotations

import csv
import io
import json

import pytest

from eventwire.io.writers import OUTPUT_FORMATS, write_records
from eventwire.model import ACLED_COLUMNS, EVENT_FIELDS, Event, Evidence


def placed_event() -> dict:
    return Event(
        event_id="ew-0000000000000001", doc_id="report-1", event_date="2019-02-20", date_start="2019-02-20",
        date_end="2019-02-20", time_precision=1, event_type="Battles", sub_event_type="Armed clash",
        actor1="Rebels", inter1=2, actor2="Military Forces of Freedonia", inter2=1, interaction=12,
        country="Freedonia", iso=999, iso3="FRE", admin1="North", location="Sometown", latitude=12.5,
        longitude=-3.25, geo_precision=1, fatalities=4, fatalities_low=4, fatalities_high=6,
        source="Wire", reported_by="local officials", certainty="reported", notes="On 20 February 2019, ...",
        main=True, evidence=(Evidence("event_type", "report-1", 10, 17, "clashed"),
                  Evidence("fatalities", "report-1", 30, 45, "four, \"maybe\" 6")),
    ).to_dict()


def unplaced_event() -> dict:
    return Event(event_id="ew-0000000000000002", doc_id="report-2", event_type="Protests",
                 sub_event_type="Peaceful protest", fatalities=0).to_dict()


def merged(record: dict, doc_ids: list[str], n_sources: int) -> dict:
    return {**record, "doc_ids": doc_ids, "n_sources": n_sources}


RECORDS = [merged(placed_event(), ["report-1", "report-9"], 2), merged(unplaced_event(), ["report-2"], 1)]


def write_text(fmt: str, records=RECORDS) -> str:
    buf = io.StringIO()
    assert write_records(records, fmt, buf) == len(records)
    return buf.getvalue()


# ---------------------------------------------------------------- JSONL

def test_jsonl_round_trips_every_field():
    lines = write_text("jsonl").splitlines()
    assert [json.loads(line) for line in lines] == RECORDS


def test_jsonl_streams_from_a_generator(tmp_path):
    path = tmp_path / "out.jsonl"
    n = write_records((placed_event() for _ in range(3)), "jsonl", path)
    assert n == 3 and len(path.read_text().splitlines()) == 3


def test_jsonl_to_binary_stream():
    buf = io.BytesIO()
    write_records([unplaced_event()], "jsonl", buf)
    assert json.loads(buf.getvalue())["event_id"] == "ew-0000000000000002"


# ---------------------------------------------------------------- ACLED CSV

def test_csv_header_is_acled_columns_then_ours_then_extras():
    header = next(csv.reader(io.StringIO(write_text("csv"))))
    assert tuple(header[:len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    rest = header[len(ACLED_COLUMNS):]
    assert set(rest[:-2]) | set(ACLED_COLUMNS) >= set(EVENT_FIELDS)
    assert rest[-2:] == ["doc_ids", "n_sources"]


def test_csv_loads_in_pandas_with_acled_values():
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(io.StringIO(write_text("csv")))
    row = frame.iloc[0]
    assert row["event_id_cnty"] == "ew-0000000000000001"
    assert row["year"] == 2019 and row["fatalities"] == 4 and row["interaction"] == 12
    assert row["latitude"] == 12.5 and row["longitude"] == -3.25
    assert pd.isna(row["data_id"]) and pd.isna(row["region"])  # ACLED columns we do not produce stay empty
    evidence = json.loads(row["evidence"])
    assert evidence[1]["text"] == 'four, "maybe" 6'
    assert json.loads(row["doc_ids"]) == ["report-1", "report-9"]
    assert pd.isna(frame.iloc[1]["latitude"]) and pd.isna(frame.iloc[1]["year"])


def test_csv_writes_main_as_true_or_false():
    rows = list(csv.DictReader(io.StringIO(write_text("csv"))))
    assert [row["main"] for row in rows] == ["true", "false"]


def test_csv_main_loads_as_a_boolean_in_pandas_and_duckdb(tmp_path):
    pd = pytest.importorskip("pandas")
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "events.csv"
    write_records(RECORDS, "csv", path)
    frame = pd.read_csv(path)
    assert frame["main"].dtype == bool and frame["main"].tolist() == [True, False]
    found = duckdb.sql(f"SELECT event_id_cnty FROM read_csv_auto('{path}') WHERE main").fetchall()
    assert found == [("ew-0000000000000001",)]


def test_csv_without_records_is_just_the_header():
    text = write_text("csv", [])
    assert text.strip().split(",")[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    assert len(text.strip().splitlines()) == 1


# ---------------------------------------------------------------- GeoJSON

def test_geojson_points_and_null_geometry():
    data = json.loads(write_text("geojson"))
    assert data["type"] == "FeatureCollection"
    placed, unplaced = data["features"]
    assert placed["geometry"] == {"type": "Point", "coordinates": [-3.25, 12.5]}  # lon, lat
    assert unplaced["geometry"] is None
    assert set(EVENT_FIELDS) | {"doc_ids", "n_sources"} == set(placed["properties"])
    assert placed["properties"]["n_sources"] == 2


def test_geojson_main_is_a_json_boolean():
    placed, unplaced = json.loads(write_text("geojson"))["features"]
    assert placed["properties"]["main"] is True and unplaced["properties"]["main"] is False


def test_geojson_empty_is_valid():
    assert json.loads(write_text("geojson", [])) == {"type": "FeatureCollection", "features": []}


def test_geojson_loads_in_geopandas(tmp_path):
    gpd = pytest.importorskip("geopandas")
    path = tmp_path / "events.geojson"
    write_records(RECORDS, "geojson", path)
    frame = gpd.read_file(path)
    assert len(frame) == 2
    point = frame.geometry.iloc[0]
    assert (point.x, point.y) == (-3.25, 12.5)
    assert frame["sub_event_type"].tolist() == ["Armed clash", "Peaceful protest"]
    assert frame["main"].dtype == bool and frame["main"].tolist() == [True, False]


# ---------------------------------------------------------------- Parquet

def test_parquet_typed_columns(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    assert write_records(RECORDS, "parquet", path) == 2
    table = pq.read_table(path)
    schema = table.schema
    assert schema.field("fatalities").type == pa.int64()
    assert schema.field("latitude").type == pa.float64()
    assert schema.field("event_date").type == pa.string()
    assert schema.field("n_sources").type == pa.int64()
    assert schema.field("doc_ids").type == pa.list_(pa.string())
    assert schema.field("main").type == pa.bool_()
    rows = table.to_pylist()
    assert rows[0]["evidence"][0] == {"field": "event_type", "doc_id": "report-1", "start": 10, "end": 17,
                                      "text": "clashed"}
    assert rows[1]["latitude"] is None and rows[1]["fatalities"] == 0
    assert table.column_names[: len(EVENT_FIELDS)] == list(EVENT_FIELDS)


def test_parquet_loads_in_duckdb(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "events.parquet"
    write_records(RECORDS, "parquet", path)
    (total,) = duckdb.connect().execute(f"select sum(fatalities), count(*) from read_parquet('{path}')").fetchall()
    assert total == (4, 2)


def test_parquet_main_is_a_boolean_column_in_duckdb(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "events.parquet"
    write_records(RECORDS, "parquet", path)
    relation = duckdb.sql(f"SELECT main FROM read_parquet('{path}')")
    assert relation.types == ["BOOLEAN"] and relation.fetchall() == [(True,), (False,)]


def test_parquet_main_from_the_store_is_a_boolean_too(tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    write_records([{**RECORDS[0], "main": 1}, {**RECORDS[1], "main": 0}], "parquet", path)  # SQLite's 0/1
    assert pq.read_table(path).column("main").to_pylist() == [True, False]


def test_parquet_many_records_in_row_groups(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from eventwire.io import writers

    monkeypatch.setattr(writers, "ROW_GROUP", 3)
    path = tmp_path / "many.parquet"
    assert write_records((unplaced_event() for _ in range(10)), "parquet", path) == 10
    assert pq.ParquetFile(path).metadata.num_row_groups == 4


def test_parquet_refuses_a_text_stream_without_buffer():
    with pytest.raises(ValueError, match="binary"):
        write_records(RECORDS, "parquet", io.StringIO())


# ---------------------------------------------------------------- table and errors

def test_table_shows_fields_and_evidence():
    text = write_text("table")
    for expected in ("Armed clash", "Rebels", "Sometown", "type ← \"clashed\"", "local officials", "2 source"):
        assert expected in text


def test_table_marks_only_the_headline_event():
    assert write_text("table").count("headline event") == 1
    assert "headline event" not in write_text("table", [RECORDS[1]])


def test_table_says_when_there_is_nothing():
    assert "no events" in write_text("table", [])


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        write_records(RECORDS, "xml", io.StringIO())


def test_missing_output_directory_is_refused(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        write_records(RECORDS, "jsonl", tmp_path / "nope" / "out.jsonl")


@pytest.mark.parametrize("fmt", [f for f in OUTPUT_FORMATS if f != "parquet"])
def test_every_text_format_writes_to_a_path(tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    assert write_records(RECORDS, fmt, path) == 2
    assert path.stat().st_size > 0
