"""The event store on real SQLite files, fed hand-built events (no NLP): schema, merge, queries, transactions."""

from __future__ import annotations

import re
import sqlite3
import threading
from datetime import date

import pytest

from eventwire.model import Document, Event, Evidence
from eventwire.store import MIGRATIONS, FilterError, Store, StoreError

WIRE = ("Gunmen attacked a village market on Sunday, killing nine traders, local officials said. "
        "The attackers arrived on motorbikes and set fire to several stalls before fleeing into the bush.")
REWRITE = ("Nine traders were killed when armed men on motorbikes raided a market in the village on Sunday "
           "and burned stalls, according to a local official, who said the gunmen escaped into the forest.")


def event(doc_id: str, n: int = 0, **kw) -> Event:
    base = dict(
        event_id=f"ew-{doc_id}-{n}", doc_id=doc_id, event_date="2020-05-03", date_start="2020-05-03",
        date_end="2020-05-03", time_precision=1, event_type="Violence against civilians", sub_event_type="Attack",
        actor1="Unidentified Armed Group (Burkina Faso)", actor2="Civilians (Burkina Faso)", inter1=3, inter2=7,
        interaction=37, civilian_targeting="Civilian targeting", country="Burkina Faso", iso=854, iso3="BFA",
        admin1="Sahel", location="Djibo", latitude=14.10, longitude=-1.63, geo_precision=1, fatalities=9,
        certainty="reported", notes="On 3 May 2020, gunmen attacked traders in Djibo.",
        evidence=(Evidence("fatalities", doc_id, 58, 62, "nine"),),
    )
    base.update(kw)
    return Event(**base)


def doc(doc_id: str, text: str, outlet: str | None = "AFP") -> Document:
    return Document(id=doc_id, text=text, published=date(2020, 5, 4), outlet=outlet)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "events.db") as s:
        yield s


def rows(path, sql):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_new_store_records_its_migrations_once(tmp_path):
    path = tmp_path / "e.db"
    Store(path).close()
    Store(path).close()
    assert rows(path, "SELECT name FROM migrations") == [(name,) for name, _ in MIGRATIONS]


def test_store_uses_wal(tmp_path):
    Store(tmp_path / "e.db").close()
    assert rows(tmp_path / "e.db", "PRAGMA journal_mode") == [("wal",)]


def test_reader_refuses_a_missing_file(tmp_path):
    with pytest.raises(StoreError, match="no event store"):
        Store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        Store(path)


def test_same_text_twice_is_stored_once(store):
    first = store.add_document(doc("a", WIRE), [event("a")])
    again = store.add_document(doc("a-copy", WIRE, outlet="Reuters"), [event("a-copy")])
    assert (first.documents_added, again.documents_added, again.documents_skipped) == (1, 0, 1)
    assert store.counts() == {"documents": 1, "reports": 1, "events": 1}


def test_two_outlets_telling_one_event_merge(store, tmp_path):
    store.add_document(doc("a", WIRE, "AFP"), [event("a")])
    report = store.add_document(doc("b", REWRITE, "Le Faso"), [event("b", fatalities=11, latitude=14.12)])
    assert (report.events_added, report.events_merged) == (0, 1)
    (merged,) = store.query_events()
    assert (merged["doc_ids"], merged["n_sources"]) == (["a", "b"], 2)
    assert (merged["fatalities"], merged["fatalities_low"], merged["fatalities_high"]) == (9, 9, 11)
    assert rows(tmp_path / "events.db", "SELECT count(*) FROM event_reports") == [(2,)]


def test_republished_wire_story_counts_once(store):
    store.add_document(doc("a", WIRE, "AFP"), [event("a")])
    report = store.add_document(doc("b", WIRE + " Copyright Gulf Daily.", "Gulf Daily"), [event("b")])
    assert report.near_duplicates == 1
    (merged,) = store.query_events()
    assert (merged["doc_ids"], merged["n_sources"]) == (["a", "b"], 1)


@pytest.mark.parametrize("change", [
    dict(country="Mali", iso=466, iso3="MLI", admin1="Mopti", location="Mopti", latitude=14.49, longitude=-4.2),
    dict(event_date="2020-05-09", date_start="2020-05-09", date_end="2020-05-09"),
    dict(event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Burkina Faso)", actor2=None),
])
def test_different_events_stay_apart(store, change):
    store.add_document(doc("a", WIRE), [event("a")])
    store.add_document(doc("b", REWRITE, "Le Faso"), [event("b", **change)])
    assert store.count_events() == 2


def test_two_events_of_one_document_never_merge(store):
    store.add_document(doc("a", WIRE), [event("a", 0), event("a", 1, fatalities=2)])
    assert store.count_events() == 2


def test_third_report_merges_into_the_closest_event(store):
    store.add_document(doc("a", WIRE), [event("a")])
    store.add_document(doc("b", REWRITE, "Le Faso"), [event("b", latitude=14.30)])  # 22 km: merges
    store.add_document(doc("c", "A third outlet's account of the market raid in the north.", "RFI"),
                       [event("c", latitude=14.11)])
    (merged,) = store.query_events()
    assert merged["n_sources"] == 3 and merged["latitude"] == 14.10


def test_add_document_fills_source_from_the_outlet(store):
    store.add_document(doc("a", WIRE, "AFP"), [event("a")])
    assert store.query_events()[0]["source"] == "AFP"


@pytest.fixture
def filled(store):
    store.add_document(doc("bf", WIRE), [event("bf")])
    store.add_document(doc("ng", "Soldiers fought insurgents near the lake on Friday.", "Reuters"), [event(
        "ng", event_date="2020-05-01", date_start="2020-05-01", date_end="2020-05-01", event_type="Battles",
        sub_event_type="Armed clash", actor1="Military Forces of Nigeria", actor2="Boko Haram", inter1=1,
        inter2=2, interaction=12, civilian_targeting=None, country="Nigeria", iso=566, iso3="NGA", notes=None,
        admin1="Borno", location="Baga", latitude=13.11, longitude=13.84, certainty="claimed", fatalities=3)])
    store.add_document(doc("cl", "Protesters marched in the capital on Thursday.", "El Tiempo"), [event(
        "cl", event_date="2020-04-30", date_start="2020-04-30", date_end="2020-04-30", event_type="Protests",
        sub_event_type="Peaceful protest", actor1="Protesters (Colombia)", actor2=None, inter1=6, inter2=0,
        interaction=60, civilian_targeting=None, country="Colombia", iso=170, iso3="COL", notes=None, admin1="Bogota, D.C.",
        location="Bogota", latitude=4.61, longitude=-74.08, certainty="confirmed", fatalities=0)])
    return store


@pytest.mark.parametrize("filters,expected", [
    ({}, {"bf", "ng", "cl"}),
    ({"country": "nigeria"}, {"ng"}),
    ({"country": "BFA"}, {"bf"}),
    ({"admin1": "borno"}, {"ng"}),
    ({"event_type": "Protests"}, {"cl"}),
    ({"event_type": "Armed clash"}, {"ng"}),
    ({"sub_event_type": "Attack"}, {"bf"}),
    ({"actor": "boko"}, {"ng"}),
    ({"since": "2020-05-01"}, {"bf", "ng"}),
    ({"until": "2020-04-30"}, {"cl"}),
    ({"since": date(2020, 5, 1), "until": "2020-05-02"}, {"ng"}),
    ({"bbox": (-10, 0, 5, 20)}, {"bf"}),
    ({"bbox": "-80,0,0,20"}, {"bf", "cl"}),
    ({"min_certainty": "reported"}, {"bf", "cl"}),
    ({"text": "traders"}, {"bf"}),
    ({"text": "TRAD"}, {"bf"}),  # a word prefix, any case
    ({"text": "boko haram"}, {"ng"}),  # actor names are searched too
    ({"text": 'say "attacked'}, set()),  # quotes are words, not syntax
    ({"country": "Nigeria", "event_type": "Protests"}, set()),
])
def test_query_filters(filled, filters, expected):
    found = {e["doc_id"] for e in filled.query_events(**filters)}
    assert found == expected
    assert filled.count_events(**filters) == len(expected)
    assert {e["doc_id"] for e in filled.iter_events(**filters)} == expected


@pytest.mark.parametrize("filters,message", [
    ({"since": "last tuesday"}, "since"),
    ({"min_certainty": "sure"}, "min_certainty"),
    ({"bbox": "1,2,3"}, "bbox"),
])
def test_bad_filter_is_a_clear_error(filled, filters, message):
    with pytest.raises(FilterError, match=message):
        filled.query_events(**filters)


def test_query_pages_newest_first(filled):
    first, second = filled.query_events(limit=1), filled.query_events(limit=1, offset=1)
    assert [first[0]["doc_id"], second[0]["doc_id"]] == ["bf", "ng"]


def test_query_returns_every_spec_field_then_doc_ids_and_n_sources(filled):
    from eventwire.model import EVENT_FIELDS

    record = filled.query_events(country="Nigeria")[0]
    assert list(record) == [*EVENT_FIELDS, "doc_ids", "n_sources"]
    assert record["evidence"] == [{"field": "fatalities", "doc_id": "ng", "start": 58, "end": 62, "text": "nine"}]


def test_stats_count_by_type_day_and_country(filled):
    stats = filled.stats()
    assert stats["events"] == 3 and stats["fatalities"] == 12
    assert stats["by_type"] == {"Violence against civilians": 1, "Battles": 1, "Protests": 1}
    assert stats["by_day"] == {"2020-04-30": 1, "2020-05-01": 1, "2020-05-03": 1}
    assert filled.stats(country="Colombia")["by_country"] == {"Colombia": 1}


def test_stats_break_each_day_down_by_type(filled):
    assert filled.stats()["by_day_type"] == {
        "2020-04-30": {"Protests": 1}, "2020-05-01": {"Battles": 1}, "2020-05-03": {"Violence against civilians": 1},
    }
    assert filled.stats(event_type="Battles")["by_day_type"] == {"2020-05-01": {"Battles": 1}}


def test_get_event_lists_each_report_with_its_document(store):
    store.add_document(doc("a", WIRE, "AFP"), [event("a")])
    store.add_document(doc("b", REWRITE, "Le Faso"), [event("b", fatalities=11)])
    got = store.get_event("ew-a-0")
    assert [r["document"]["outlet"] for r in got["reports"]] == ["AFP", "Le Faso"]
    assert [r["report"]["fatalities"] for r in got["reports"]] == [9, 11]
    assert got["reports"][1]["document"]["text"] == REWRITE
    assert got["reports"][1]["evidence"][0]["doc_id"] == "b"
    assert store.get_event("ew-nope") is None


def test_iter_events_streams_past_one_batch(store):
    for i in range(620):
        store.add_document(doc(f"d{i}", f"report number {i} about an attack"), [event(
            f"d{i}", location=f"Town {i}", latitude=10 + i * 0.5, longitude=10.0)])  # 55 km apart: all distinct
    assert sum(1 for _ in store.iter_events()) == 620


class Boom(Exception):
    pass


@pytest.mark.parametrize("exc", [Boom, KeyboardInterrupt])
def test_failure_mid_document_leaves_no_partial_rows(store, monkeypatch, tmp_path, exc):
    store.add_document(doc("ok", WIRE), [event("ok")])
    real = Store._add_report
    calls = []

    def second_report_fails(self, document_row, record):
        calls.append(record)
        if len(calls) == 2:
            raise exc("interrupted")
        return real(self, document_row, record)

    monkeypatch.setattr(Store, "_add_report", second_report_fails)
    with pytest.raises(exc):
        store.add_document(doc("half", REWRITE, "RFI"), [event("half", 0), event("half", 1, country="Mali")])
    monkeypatch.undo()
    path = tmp_path / "events.db"
    assert rows(path, "SELECT doc_id FROM documents") == [("ok",)]
    assert rows(path, "SELECT count(*) FROM reports") == [(1,)]
    assert rows(path, "SELECT count(*), sum(n_sources) FROM events") == [(1, 1)]
    assert rows(path, "SELECT count(*) FROM document_bands WHERE document_id NOT IN (SELECT id FROM documents)") == [(0,)]
    assert store.add_document(doc("half", REWRITE, "RFI"), [event("half")]).documents_added == 1  # still usable


def test_reader_sees_committed_rows_while_a_write_is_open(tmp_path):
    path = tmp_path / "e.db"
    with Store(path) as writer, Store(path, create=False) as reader:
        writer.add_document(doc("a", WIRE), [event("a")])
        writer.conn.execute("BEGIN IMMEDIATE")
        writer.conn.execute("UPDATE events SET fatalities = 99")
        assert reader.count_events() == 1
        assert reader.query_events()[0]["fatalities"] == 9  # not the uncommitted write
        writer.conn.execute("ROLLBACK")


def test_two_writers_at_once_store_each_document_once(tmp_path):
    path = tmp_path / "e.db"
    Store(path).close()
    documents = [(doc(f"d{i}", f"{WIRE} Update {i}.", f"Outlet {i % 3}"), [event(f"d{i}")]) for i in range(30)]
    errors = []

    def ingest():
        try:
            with Store(path) as s:
                for document, events in documents:
                    s.add_document(document, events)
        except Exception as e:  # surfaced below
            errors.append(e)

    threads = [threading.Thread(target=ingest) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert rows(path, "SELECT count(*) FROM documents") == [(30,)]
    assert rows(path, "SELECT count(*) FROM reports") == [(30,)]
    assert rows(path, "SELECT count(*), sum(n_reports) FROM events") == [(1, 30)]


def test_compatible_sub_type_from_another_outlet_merges(store):
    clash = dict(event_type="Battles", sub_event_type="Armed clash", actor1="Military Forces of Burkina Faso",
                 actor2="JNIM", civilian_targeting=None)
    store.add_document(doc("a", WIRE), [event("a", **clash)])
    store.add_document(doc("b", REWRITE, "Le Faso"), [event("b", **dict(clash, sub_event_type="Government regains territory"))])
    (merged,) = store.query_events()
    assert merged["n_sources"] == 2 and merged["sub_event_type"] == "Armed clash"


@pytest.mark.parametrize("change", [
    {},  # a point: neighbouring cells
    dict(latitude=None, longitude=None, location=None, geo_precision=3),  # a region: its admin1
    dict(latitude=None, longitude=None, geo_precision=2),  # a named place without coordinates
], ids=["point", "region", "named_place"])
def test_candidate_search_uses_indexes_not_a_scan(store, change):
    """Dedup cost grows with the candidates in a block, not with the store: no full scan of events."""
    store.add_document(doc("a", WIRE), [event("a")])
    statements = []
    store.conn.set_trace_callback(statements.append)
    store.add_document(doc("b", REWRITE, "Le Faso"), [event("b", **change)])
    store.conn.set_trace_callback(None)
    lookups = [s for s in statements if s.lstrip().startswith("SELECT") and "FROM events WHERE" in s]
    assert lookups
    for sql in lookups:
        plan = [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql)]
        reads = [step for step in plan if "events" in step]
        assert all(re.match(r"SEARCH events USING (INDEX events_(block|admin1|location) |PRIMARY KEY|INDEX sqlite_autoindex_events)", step)
                   for step in reads), plan


def test_text_search_follows_merges(store):
    store.add_document(doc("a", WIRE), [event("a", notes=None, actor1=None, actor2=None)])
    assert store.query_events(text="djibo")  # the place
    assert not store.query_events(text="jihadists")
    store.add_document(doc("b", REWRITE, "Le Faso"), [event("b", notes="On 3 May 2020, jihadists raided Djibo.")])
    assert [e["n_sources"] for e in store.query_events(text="jihadists")] == [2]


# ---- main: the event a document's headline and lead are about ----

def test_a_report_keeps_main_as_its_document_told_it(store, tmp_path):
    store.add_document(doc("a", WIRE), [event("a", 0, main=True), event("a", 1, fatalities=2, location="Arbinda",
                                                                        latitude=13.9, longitude=-0.6)])
    assert rows(tmp_path / "events.db", "SELECT event_id, main FROM reports ORDER BY id") == [
        ("ew-a-0", 1), ("ew-a-1", 0)]
    assert rows(tmp_path / "events.db", "SELECT event_id, main FROM events ORDER BY event_id") == [
        ("ew-a-0", 1), ("ew-a-1", 0)]


def test_an_event_dict_without_main_is_stored_as_not_main(store, tmp_path):
    record = event("a").to_dict()
    del record["main"]
    store.add_document(doc("a", WIRE), [record])
    assert rows(tmp_path / "events.db", "SELECT main FROM reports") == [(0,)]


@pytest.mark.parametrize("first,second", [(True, False), (False, True), (True, True)])
def test_merged_event_is_main_when_one_of_its_reports_is(store, first, second):
    store.add_document(doc("a", WIRE, "AFP"), [event("a", main=first)])
    store.add_document(doc("b", REWRITE, "Le Faso"), [event("b", main=second)])
    (merged,) = store.query_events()
    assert merged["n_sources"] == 2 and merged["main"] is True


def test_merged_event_of_background_reports_is_not_main(store):
    store.add_document(doc("a", WIRE, "AFP"), [event("a")])
    store.add_document(doc("b", REWRITE, "Le Faso"), [event("b")])
    (merged,) = store.query_events()
    assert merged["n_sources"] == 2 and merged["main"] is False


def test_main_is_read_back_as_a_bool_everywhere(store):
    store.add_document(doc("a", WIRE), [event("a", main=True)])
    assert store.query_events()[0]["main"] is True
    assert next(store.iter_events())["main"] is True
    got = store.get_event("ew-a-0")
    assert got["main"] is True and got["reports"][0]["report"]["main"] is True


def test_show_reports_lists_main_only_where_a_version_is_main(store):
    from eventwire.store.show import side_by_side

    store.add_document(doc("a", WIRE, "AFP"), [event("a")])
    store.add_document(doc("b", REWRITE, "Le Faso"), [event("b", main=True)])
    _, table = side_by_side(store.get_event("ew-a-0"))
    assert ["main", "yes", "", "yes"] in table
    store.add_document(doc("c", "Soldiers fought insurgents near the lake on Friday.", "Reuters"),
                       [event("c", country="Mali", iso=466, iso3="MLI", admin1="Mopti", location="Mopti",
                              latitude=14.49, longitude=-4.2)])
    _, table = side_by_side(store.get_event("ew-c-0"))
    assert not [row for row in table if row[0] == "main"]


@pytest.mark.parametrize("main,expected", [(None, {"a", "b"}), (True, {"a"}), (False, {"b"})])
def test_main_filter(store, main, expected):
    store.add_document(doc("a", WIRE), [event("a", main=True)])
    store.add_document(doc("b", "Soldiers fought insurgents near the lake on Friday.", "Reuters"),
                       [event("b", country="Mali", iso=466, iso3="MLI", admin1="Mopti", location="Mopti",
                              latitude=14.49, longitude=-4.2)])
    assert {e["doc_id"] for e in store.query_events(main=main)} == expected
    assert store.count_events(main=main) == len(expected)
    assert {e["doc_id"] for e in store.iter_events(main=main)} == expected
    assert store.stats(main=main)["events"] == len(expected)


def test_main_filter_reads_the_partial_index(store):
    plan = [row[3] for row in store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT count(*) FROM events WHERE main = 1")]
    assert any("events_main_date_fatalities" in step for step in plan), plan
    from eventwire.store.queries import where_clause

    assert where_clause(main=True) == (" WHERE main = 1", [])  # the partial index's own term, as a literal


def test_main_filter_refuses_a_non_bool(store):
    with pytest.raises(FilterError, match="main"):
        store.query_events(main="yes")


# ---- upgrading a store made before a migration ----

def _store_before(path, migration: str) -> None:
    """A database as the code before `migration` left it: the earlier migrations only."""
    names = [name for name, _ in MIGRATIONS]
    with sqlite3.connect(path, isolation_level=None) as conn:
        conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        for name, statements in MIGRATIONS[:names.index(migration)]:
            for statement in statements:
                conn.execute(statement)
            conn.execute("INSERT INTO migrations VALUES (?, '2026-01-01T00:00:00+00:00')", (name,))
    conn.close()


def _old_event_rows(path) -> None:
    """One document, its report and its event, written with the columns the old schema has."""
    from eventwire import dedup

    ev = event("old")
    day = dedup.day_number(ev.event_date)
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO documents (id, text_hash, doc_id, text, published, outlet, ingested_at, cluster_id)"
                     " VALUES (1, 'h', 'old', ?, '2020-05-04', 'AFP', 'then', 1)", (WIRE,))
        cells = dedup.cell_key(dedup.geo_cell(ev.latitude, ev.longitude))
        fields = ("event_id", "doc_id", "event_date", "date_start", "date_end", "time_precision", "event_type",
                  "sub_event_type", "actor1", "actor2", "inter1", "inter2", "country", "iso3", "admin1",
                  "location", "latitude", "longitude", "geo_precision", "fatalities", "certainty")
        values = [getattr(ev, f) for f in fields]
        conn.execute(f"INSERT INTO events ({','.join(fields)}, doc_ids, day_start, day_end, cell, created_at,"
                     f" updated_at) VALUES ({','.join('?' * len(fields))}, '[\"old\"]', ?, ?, ?, 'then', 'then')",
                     [*values, day, day, cells])
        conn.execute(f"INSERT INTO reports (document_id, merged_id, {','.join(fields)})"
                     f" VALUES (1, ?, {','.join('?' * len(fields))})", [ev.event_id, *values])
    conn.close()


def test_store_from_before_main_upgrades_cleanly(tmp_path):
    path = tmp_path / "old.db"
    _store_before(path, "004_main_event")
    _old_event_rows(path)
    with Store(path) as store:
        assert store.migrations()[-1] == "004_main_event"
        (old,) = store.query_events()
        assert old["event_id"] == "ew-old-0" and old["main"] is False
        assert store.get_event("ew-old-0")["reports"][0]["report"]["main"] is False
        assert store.count_events(main=True) == 0


def test_upgraded_event_becomes_main_when_a_new_report_of_it_is(tmp_path):
    path = tmp_path / "old.db"
    _store_before(path, "004_main_event")
    _old_event_rows(path)
    with Store(path) as store:
        report = store.add_document(doc("new", REWRITE, "Le Faso"), [event("new", main=True)])
        assert report.events_merged == 1
        (merged,) = store.query_events(main=True)
        assert merged["doc_ids"] == ["old", "new"] and merged["main"] is True
    assert rows(path, "SELECT main FROM reports ORDER BY id") == [(0,), (1,)]


# ---- one happening told by two outlets ------------------------------------------------------------
# tests/fixtures/seed_retold/ holds the team's retelling of the bundled seed article, as a second outlet
# would write it: another headline, a reworded lead, the paragraphs in another order.


@pytest.mark.slow
def test_two_outlets_versions_of_the_seed_article_store_one_event_per_happening(store):
    from pathlib import Path

    from eventwire.examples import EXAMPLE_PUBLISHED, example_document

    second = (Path(__file__).parent / "fixtures" / "seed_retold" / "baghouz_second_outlet.txt").read_text(
        encoding="utf-8")
    first = Document(id="seed-afp", text=example_document().text, published=EXAMPLE_PUBLISHED, outlet="AFP")
    retold = Document(id="seed-second", text=second, published=EXAMPLE_PUBLISHED, outlet="The Second Outlet")
    report = store.ingest([first, retold])
    assert report.documents_added == 2 and not report.errors
    merged = store.query_events()
    kinds = sorted(e["sub_event_type"] for e in merged)
    assert kinds == ["Agreement", "Attack", "Other"]  # the evacuation, the surrender talks, the Najaf killing
    assert all(e["n_sources"] == 2 and sorted(e["doc_ids"]) == ["seed-afp", "seed-second"] for e in merged)
    (evacuation,) = [e for e in merged if e["sub_event_type"] == "Other"]
    assert evacuation["main"] and evacuation["event_date"] == "2019-02-20"
