"""The store's schema as named migrations, applied once each and recorded in `migrations`.

A migration is never edited after it is released: a schema change is a new entry at the end of
MIGRATIONS. Each entry is a list of statements run in one transaction.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

# The SPEC fields but evidence as columns. A merged event's evidence is every report's, read from
# reports.evidence (JSON), so event rows stay small for scans. Frozen copy: migrations must not follow later edits
# of EVENT_FIELDS. NOCASE on names so filters and blocking ignore case and indexes still apply.
_EVENT_COLUMNS = """
    event_id TEXT NOT NULL,
    doc_id TEXT,
    event_date TEXT,
    date_start TEXT,
    date_end TEXT,
    time_precision INTEGER,
    event_type TEXT COLLATE NOCASE,
    sub_event_type TEXT COLLATE NOCASE,
    actor1 TEXT COLLATE NOCASE,
    assoc_actor_1 TEXT COLLATE NOCASE,
    actor2 TEXT COLLATE NOCASE,
    assoc_actor_2 TEXT COLLATE NOCASE,
    inter1 INTEGER,
    inter2 INTEGER,
    interaction INTEGER,
    civilian_targeting TEXT,
    country TEXT COLLATE NOCASE,
    iso INTEGER,
    iso3 TEXT COLLATE NOCASE,
    admin1 TEXT COLLATE NOCASE,
    admin2 TEXT COLLATE NOCASE,
    admin3 TEXT COLLATE NOCASE,
    location TEXT COLLATE NOCASE,
    latitude REAL,
    longitude REAL,
    geo_precision INTEGER,
    fatalities INTEGER,
    fatalities_low INTEGER,
    fatalities_high INTEGER,
    source TEXT,
    reported_by TEXT,
    certainty TEXT,
    notes TEXT
"""

# Frozen with migration 003: the columns the `text` filter searches.
_FTS_COLUMNS = "notes, location, admin1, actor1, assoc_actor_1, actor2, assoc_actor_2, reported_by"


def _fts_values(row: str) -> str:
    return ", ".join(f"{row}.{c.strip()}" for c in _FTS_COLUMNS.split(","))


MIGRATIONS: list[tuple[str, list[str]]] = [
    ("001_initial", [
        """CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            text_hash TEXT NOT NULL UNIQUE,
            doc_id TEXT NOT NULL,
            text TEXT NOT NULL,
            published TEXT,
            outlet TEXT,
            title TEXT,
            url TEXT,
            ingested_at TEXT NOT NULL,
            minhash BLOB,
            cluster_id INTEGER
        )""",
        "CREATE INDEX documents_doc_id ON documents(doc_id)",
        "CREATE INDEX documents_cluster ON documents(cluster_id)",
        # LSH band keys of each document's MinHash (uint32 values, little-endian, in `minhash`):
        # near-duplicate candidates by lookup
        """CREATE TABLE document_bands (
            key INTEGER NOT NULL,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (key, document_id)
        ) WITHOUT ROWID""",
        # merged events: what queries and exports read (evidence: from their reports)
        f"""CREATE TABLE events (
            {_EVENT_COLUMNS},
            doc_ids TEXT NOT NULL DEFAULT '[]',
            n_sources INTEGER NOT NULL DEFAULT 1,
            n_reports INTEGER NOT NULL DEFAULT 1,
            certainty_rank INTEGER,
            day_start INTEGER,
            day_end INTEGER,
            cell INTEGER,
            region_only INTEGER NOT NULL DEFAULT 0,
            span_class INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (event_id)
        )""",
        "CREATE INDEX events_date ON events(event_date)",
        "CREATE INDEX events_country_date ON events(country, event_date)",
        "CREATE INDEX events_type_date ON events(event_type, event_date)",
        "CREATE INDEX events_sub_type_date ON events(sub_event_type, event_date)",
        # blocking for dedup: geographic cell / admin area / place name, then span class (day, week, longer), then day
        "CREATE INDEX events_block ON events(cell, span_class, day_start)",
        "CREATE INDEX events_admin1 ON events(country, admin1, region_only, span_class, day_start)",
        "CREATE INDEX events_location ON events(country, location, span_class, day_start)",
        "CREATE INDEX events_actor1 ON events(actor1)",
        "CREATE INDEX events_actor2 ON events(actor2)",
        # one extracted event per document, as that document told it; merged_id links it to its event
        f"""CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            merged_id TEXT NOT NULL REFERENCES events(event_id),
            {_EVENT_COLUMNS},
            evidence TEXT NOT NULL DEFAULT '[]'
        )""",
        "CREATE INDEX reports_merged ON reports(merged_id)",
        "CREATE INDEX reports_document ON reports(document_id)",
        "CREATE VIEW event_reports AS SELECT merged_id AS event_id, id AS report_id, document_id FROM reports",
        # each evidence span as a row, for SQL users (the store reads reports.evidence)
        """CREATE TABLE evidence (
            id INTEGER PRIMARY KEY,
            report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            doc_id TEXT,
            start INTEGER,
            "end" INTEGER,
            text TEXT
        )""",
        "CREATE INDEX evidence_report ON evidence(report_id)",
    ]),
    ("002_query_indexes", [
        # filters the API and `eventwire events` use without a country: ISO3 code, province, map box
        "CREATE INDEX events_iso3_date ON events(iso3, event_date)",
        "CREATE INDEX events_admin1_date ON events(admin1, event_date)",
        "CREATE INDEX events_lat_lon ON events(latitude, longitude)",
    ]),
    ("003_text_search_and_totals", [
        # word search over the names and notes of merged events (the `text` filter), kept in step by triggers
        f"""CREATE VIRTUAL TABLE events_fts USING fts5({_FTS_COLUMNS}, content='events', content_rowid='rowid')""",
        f"""CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
            INSERT INTO events_fts(rowid, {_FTS_COLUMNS}) VALUES (new.rowid, {_fts_values("new")});
        END""",
        f"""CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
            INSERT INTO events_fts(events_fts, rowid, {_FTS_COLUMNS}) VALUES ('delete', old.rowid, {_fts_values("old")});
        END""",
        f"""CREATE TRIGGER events_fts_update AFTER UPDATE OF {_FTS_COLUMNS} ON events BEGIN
            INSERT INTO events_fts(events_fts, rowid, {_FTS_COLUMNS}) VALUES ('delete', old.rowid, {_fts_values("old")});
            INSERT INTO events_fts(rowid, {_FTS_COLUMNS}) VALUES (new.rowid, {_fts_values("new")});
        END""",
        "INSERT INTO events_fts(events_fts) VALUES ('rebuild')",
        # totals (stats) from an index instead of the table; it also serves every date-ordered query
        "CREATE INDEX events_date_fatalities ON events(event_date, fatalities)",
        "DROP INDEX events_date",
    ]),
    ("004_main_event", [
        # SPEC `main`: a report is main as its document told it; a merged event is main when at least one
        # of its reports is (the headline event of some article). Rows stored before are not main.
        "ALTER TABLE reports ADD COLUMN main INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE events ADD COLUMN main INTEGER NOT NULL DEFAULT 0",
        # the `main` filter: headline events are a few per document, so a partial index stays small and
        # serves the date order and the totals like events_date_fatalities does for every event
        "CREATE INDEX events_main_date_fatalities ON events(event_date, fatalities) WHERE main = 1",
    ]),
]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet recorded; returns their names. Safe when two processes race."""
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    if all(name in done for name, _ in MIGRATIONS):
        return []
    applied = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        done = {row[0] for row in conn.execute("SELECT name FROM migrations")}  # re-read under the lock
        for name, statements in MIGRATIONS:
            if name in done:
                continue
            for statement in statements:
                conn.execute(statement)
            conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, now()))
            applied.append(name)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return applied
