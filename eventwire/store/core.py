"""The event store: documents, their reports, and the merged events, in one SQLite file.

Each document is one transaction (BEGIN IMMEDIATE): a crash or Ctrl-C keeps everything committed
before it and nothing of the document in flight. The text hash is UNIQUE, so ingesting a document
twice, even from two processes at once, stores it once. WAL mode lets readers run during an ingest.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .. import dedup
from ..model import EVENT_FIELDS, SUB_EVENT_TYPE_PARENT, Document, Event
from .queries import where_clause
from .schema import migrate, now

# Blocking bounds on date spans. Events are stored with a span class: 0 = one day, 1 = up to a week,
# 2 = longer (month precision). A class is searched by start day in [start - gap - reach, end + gap],
# so most lookups scan a few days; spans beyond the last reach match only when they start within it.
SPAN_CLASSES: tuple[tuple[int, int], ...] = ((0, 0), (1, 7), (2, 45))  # (class, longest span in days)
# Near-duplicate candidates checked per document: bounds the cost when one story is republished a lot.
MAX_NEAR_DUP_CANDIDATES = 50

_EVENT_EXTRA = ["doc_ids", "n_sources", "n_reports", "certainty_rank", "day_start", "day_end", "cell"]


class StoreError(Exception):
    """The store cannot be opened or used (missing file, not an eventwire store...)."""


@dataclass
class IngestReport:
    """What an ingest did. `errors` holds (doc_id, message) for documents that could not be coded."""

    documents_added: int = 0
    documents_skipped: int = 0
    events_added: int = 0
    events_merged: int = 0
    near_duplicates: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.documents_added} documents added, {self.documents_skipped} already stored, "
                f"{len(self.errors)} failed; {self.events_added} new events, "
                f"{self.events_merged} reports merged into existing events, "
                f"{self.near_duplicates} near-duplicate documents")

    def add(self, other: IngestReport) -> None:
        self.documents_added += other.documents_added
        self.documents_skipped += other.documents_skipped
        self.events_added += other.events_added
        self.events_merged += other.events_merged
        self.near_duplicates += other.near_duplicates
        self.errors.extend(other.errors)


def _as_record(event: Event | dict[str, Any]) -> dict[str, Any]:
    record = event.to_dict() if isinstance(event, Event) else dict(event)
    record["evidence"] = [e if isinstance(e, dict) else e.to_dict() for e in (record.get("evidence") or [])]
    record["main"] = bool(record.get("main"))  # a plain dict without it is not main (the column is NOT NULL)
    return record


_EVENT_COLUMNS = [name for name in EVENT_FIELDS if name != "evidence"]
_SELECT_FIELDS = ", ".join(f'"{name}"' for name in _EVENT_COLUMNS)


def _row_to_event(row: sqlite3.Row, evidence: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    record = {name: row[name] for name in _EVENT_COLUMNS}
    record["main"] = bool(record["main"])  # SQLite stores 0/1
    record["evidence"] = evidence or []
    record = {name: record[name] for name in EVENT_FIELDS}  # SPEC order
    record["doc_ids"] = json.loads(row["doc_ids"] or "[]")
    record["n_sources"] = row["n_sources"]
    return record


class Store:
    """An eventwire SQLite store. Use as a context manager: `with Store("eventwire.db") as store:`.

    `create=False` refuses to make a new file (readers should not leave empty databases behind).
    One Store is one connection: share it across threads only one call at a time.
    """

    def __init__(self, path: str | Path, *, create: bool = True, timeout: float = 60.0) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no event store here (run `eventwire ingest` first)")
        try:
            self.conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=timeout,
                                        check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable at checkpoints, never corrupt
            self.conn.execute("PRAGMA foreign_keys = ON")
            migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open as an eventwire store ({exc})") from None

    # ---- lifecycle ----
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def migrations(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM migrations ORDER BY name")]

    # ---- ingest ----
    def has_document(self, text_hash: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE text_hash = ?", (text_hash,)).fetchone() is not None

    def ingest(self, documents: Iterable[Any], settings: Any = None) -> IngestReport:
        """Code and store documents (Document or reader DocumentError items), streaming.

        Documents already stored (same text) are skipped before any NLP runs.
        """
        from ..pipeline import extract_many  # spaCy loads only when something is to be coded

        report = IngestReport()

        def fresh() -> Iterator[Any]:
            for item in documents:
                if isinstance(item, Document) and self.has_document(item.text_hash):
                    report.documents_skipped += 1
                    continue
                yield item

        for result in extract_many(fresh(), settings=settings):
            if result.error:
                report.errors.append((result.document.id, result.error))
                continue
            report.add(self.add_document(result.document, result.events))
        return report

    def add_document(self, document: Document, events: Iterable[Event | dict[str, Any]]) -> IngestReport:
        """Store one coded document and merge its events, in one transaction (all or nothing)."""
        report = IngestReport()
        records = [_as_record(e) for e in events]
        sig = dedup.signature(document.text)  # computed outside the write lock
        keys = dedup.band_keys(sig)
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            if self.has_document(document.text_hash):  # another ingest stored it meanwhile
                conn.execute("ROLLBACK")
                report.documents_skipped = 1
                return report
            cluster = self._near_duplicate_cluster(sig, keys)
            cur = conn.execute(
                "INSERT INTO documents (text_hash, doc_id, text, published, outlet, title, url, ingested_at,"
                " minhash, cluster_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (document.text_hash, document.id, document.text,
                 document.published.isoformat() if document.published else None,
                 document.outlet, document.title, document.url, now(),
                 sig.astype("<u4").tobytes(), cluster))
            document_row = cur.lastrowid
            if cluster is None:
                conn.execute("UPDATE documents SET cluster_id = id WHERE id = ?", (document_row,))
            else:
                report.near_duplicates = 1
            conn.executemany("INSERT OR IGNORE INTO document_bands (key, document_id) VALUES (?, ?)",
                             [(k, document_row) for k in keys])
            for record in records:
                record["doc_id"] = record.get("doc_id") or document.id
                if record.get("source") is None and document.outlet:
                    record["source"] = document.outlet
                if self._add_report(document_row, record):
                    report.events_merged += 1
                else:
                    report.events_added += 1
            conn.execute("COMMIT")
        except BaseException:  # Ctrl-C included: nothing of this document stays
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        report.documents_added = 1
        return report

    def _near_duplicate_cluster(self, sig: np.ndarray, keys: list[int]) -> int | None:
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            f"SELECT DISTINCT d.id, d.cluster_id, d.minhash FROM document_bands b JOIN documents d"
            f" ON d.id = b.document_id WHERE b.key IN ({marks}) LIMIT {MAX_NEAR_DUP_CANDIDATES}", keys).fetchall()
        best, best_j = None, dedup.NEAR_DUP_JACCARD
        for row in rows:
            j = dedup.estimated_jaccard(sig, np.frombuffer(row["minhash"], dtype="<u4"))
            if j >= best_j:
                best, best_j = row["cluster_id"], j
        return best

    def _candidates(self, record: dict[str, Any], document_row: int) -> list[dict[str, Any]]:
        """Stored events that could be this report's event: its date window and geographic block.

        Blocks: the 3x3 geographic cells around the report's point; the report's admin1 (every event
        there when the report only knows the region, else only the region-only events); the same place
        name when the report has no coordinates. Within a block, short-span events are looked up by
        span class (SPAN_CLASSES), by start day. Only compatible sub-types are read back.
        """
        span = dedup.day_span(record)
        if span is None:
            return []
        blocks: list[tuple[str, list[Any]]] = []
        cell = dedup.geo_cell(record.get("latitude"), record.get("longitude"))
        country, admin1, location = record.get("country"), record.get("admin1"), record.get("location")
        if cell is not None:
            cells = dedup.neighbour_cells(cell)
            blocks.append((f"cell IN ({','.join('?' * len(cells))})", list(cells)))
        if country and admin1:
            if _region_only(record):
                blocks.append(("country = ? AND admin1 = ? AND region_only IN (0, 1)", [country, admin1]))
            else:
                blocks.append(("country = ? AND admin1 = ? AND region_only = 1", [country, admin1]))
        if country and location and cell is None:
            blocks.append(("country = ? AND location = ?", [country, location]))
        if not blocks:
            return []
        gap = dedup.MAX_DAY_GAP
        type_cond, type_params = _type_condition(record)
        parts, params = [], []
        for cond, ps in blocks:
            for span_class, reach in SPAN_CLASSES:
                parts.append(f"SELECT * FROM events WHERE {cond} AND span_class = {span_class}"
                             f" AND day_start BETWEEN ? AND ? AND day_end >= ?{type_cond}")
                params += [*ps, span[0] - gap - reach, span[1] + gap, span[0] - gap, *type_params]
        found = {row["event_id"]: row for row in self.conn.execute(" UNION ALL ".join(parts), params)}
        if not found:
            return []
        # never merge two events of one document: the extractor already told them apart
        taken = {r[0] for r in self.conn.execute(
            "SELECT DISTINCT merged_id FROM reports WHERE document_id = ?", (document_row,))}
        return [dict(zip(row.keys(), row, strict=True)) for eid, row in found.items() if eid not in taken]

    def _add_report(self, document_row: int, record: dict[str, Any]) -> bool:
        """Insert one report and attach it to its event (new or existing); True when merged."""
        best, best_score = None, None
        for row in self._candidates(record, document_row):
            score = dedup.match_score(record, row)
            if score is not None and (best_score is None or score > best_score):
                best, best_score = row, score
        if best is not None:
            merged_id = best["event_id"]
        else:
            merged_id = record.get("event_id") or f"ew-doc{document_row}"
            if self.conn.execute("SELECT 1 FROM events WHERE event_id = ?", (merged_id,)).fetchone():
                merged_id = f"{merged_id}-{document_row}"  # same fields from another text with the same doc id
            self._write_event(merged_id, [record])
        cols = ["document_id", "merged_id", *EVENT_FIELDS]
        values = [document_row, merged_id, *(record.get(c) for c in EVENT_FIELDS)]
        values[cols.index("evidence")] = json.dumps(record.get("evidence") or [], ensure_ascii=False)
        values[cols.index("event_id")] = record.get("event_id") or merged_id
        cur = self.conn.execute(
            f"INSERT INTO reports ({','.join(_quote(c) for c in cols)}) VALUES ({','.join('?' * len(cols))})", values)
        self.conn.executemany(
            'INSERT INTO evidence (report_id, field, doc_id, start, "end", text) VALUES (?,?,?,?,?,?)',
            [(cur.lastrowid, e.get("field"), e.get("doc_id"), e.get("start"), e.get("end"), e.get("text"))
             for e in record.get("evidence") or []])
        if best is not None:
            self._refresh_event(merged_id, best)
        return best is not None

    def _refresh_event(self, event_id: str, current: dict[str, Any]) -> None:
        """Recompute a merged event from all its reports (its own reports only: the cost of one merge).

        Evidence is not read: merged events take theirs from reports when queried.
        """
        rows = self.conn.execute(f"SELECT {_SELECT_FIELDS} FROM reports WHERE merged_id = ? ORDER BY id",
                                 (event_id,)).fetchall()
        self._write_event(event_id, [dict(zip(r.keys(), r, strict=True)) for r in rows], current=current)

    def _write_event(self, event_id: str, reports: list[dict[str, Any]], *,
                     current: dict[str, Any] | None = None) -> None:
        """Insert (current is None) or update the merged event; an update writes only changed columns,
        so indexes on unchanged columns are not rewritten."""
        merged = dedup.merge_reports(reports)
        merged["event_id"] = event_id
        docs = self.conn.execute(
            "SELECT DISTINCT d.doc_id, d.outlet, d.cluster_id FROM reports r JOIN documents d ON d.id = r.document_id"
            " WHERE r.merged_id = ? ORDER BY d.id", (event_id,)).fetchall()
        if docs:
            doc_ids = list(dict.fromkeys(d["doc_id"] for d in docs))
            n_sources = dedup.count_sources((d["outlet"], d["cluster_id"]) for d in docs)
        else:  # the first report of a new event: its document row is the one being written
            doc_ids, n_sources = [merged["doc_id"]] if merged.get("doc_id") else [], 1
        span = dedup.day_span(merged)
        cell = dedup.geo_cell(merged.get("latitude"), merged.get("longitude"))
        values: dict[str, Any] = {name: merged.get(name) for name in _EVENT_COLUMNS}
        values.update(
            doc_ids=json.dumps(doc_ids, ensure_ascii=False), n_sources=n_sources, n_reports=max(1, len(reports)),
            certainty_rank=dedup.CERTAINTY_RANK.get(merged.get("certainty") or ""),
            day_start=span[0] if span else None, day_end=span[1] if span else None,
            cell=dedup.cell_key(cell) if cell else None, region_only=int(_region_only(merged)),
            span_class=_span_class(span), main=int(bool(merged.get("main"))), updated_at=now())
        if current is None:
            values["created_at"] = values["updated_at"]
            cols = list(values)
            self.conn.execute(f"INSERT INTO events ({','.join(_quote(c) for c in cols)})"
                              f" VALUES ({','.join('?' * len(cols))})", [values[c] for c in cols])
        else:
            cols = [c for c in values if c not in ("event_id", "updated_at") and values[c] != current.get(c)]
            if not cols:
                return
            cols.append("updated_at")
            self.conn.execute(f"UPDATE events SET {', '.join(f'{_quote(c)} = ?' for c in cols)} WHERE event_id = ?",
                              [*(values[c] for c in cols), event_id])

    # ---- queries ----
    def query_events(self, limit: int | None = 100, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
        """Merged events matching the filters (see queries.where_clause), newest first."""
        where, params = where_clause(**filters)
        sql = f"SELECT * FROM events{where} ORDER BY event_date DESC, event_id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return self._with_evidence(self.conn.execute(sql, params).fetchall())

    def iter_events(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Every matching merged event, streamed (for exports), oldest first.

        Bad filters raise here, before anything is read or written.
        """
        where, params = where_clause(**filters)
        cursor = self.conn.execute(f"SELECT * FROM events{where} ORDER BY event_date, event_id", params)

        def rows() -> Iterator[dict[str, Any]]:
            while batch := cursor.fetchmany(500):
                yield from self._with_evidence(batch)

        return rows()

    def _with_evidence(self, rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
        """Event dicts for rows, each with its reports' evidence (one query for the lot)."""
        if not rows:
            return []
        ids = [row["event_id"] for row in rows]
        evidence: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        for merged_id, spans in self.conn.execute(
                f"SELECT merged_id, evidence FROM reports WHERE merged_id IN ({','.join('?' * len(ids))})"
                " ORDER BY id", ids):
            evidence[merged_id].extend(json.loads(spans or "[]"))
        return [_row_to_event(row, evidence[row["event_id"]]) for row in rows]

    def count_events(self, **filters: Any) -> int:
        where, params = where_clause(**filters)
        return self.conn.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0]

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """One merged event with `reports`: each contributing report's version, its document and evidence."""
        row = self.conn.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
        if row is None:
            return None
        event = self._with_evidence([row])[0]
        event["reports"] = []
        for r in self.conn.execute(
                "SELECT r.*, d.doc_id AS d_doc_id, d.text AS d_text, d.outlet AS d_outlet,"
                " d.published AS d_published, d.title AS d_title, d.url AS d_url, d.cluster_id AS d_cluster"
                " FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.merged_id = ? ORDER BY r.id",
                (event_id,)):
            version = _report_record(r)
            event["reports"].append({
                "report": version,
                "document": {"doc_id": r["d_doc_id"], "outlet": r["d_outlet"], "published": r["d_published"],
                             "title": r["d_title"], "url": r["d_url"], "near_duplicate_cluster": r["d_cluster"],
                             "text": r["d_text"]},
                "evidence": version["evidence"],
            })
        return event

    def stats(self, **filters: Any) -> dict[str, Any]:
        """Counts of the matching events: total, by type, sub-type, day, day and type, and country; fatalities."""
        where, params = where_clause(**filters)

        def grouped(column: str, order: str) -> dict[str, int]:
            sql = f"SELECT {column} AS k, count(*) AS n FROM events{where} GROUP BY {column} ORDER BY {order}"
            return {row["k"]: row["n"] for row in self.conn.execute(sql, params) if row["k"] is not None}

        total, fatalities = self.conn.execute(
            f"SELECT count(*), coalesce(sum(fatalities), 0) FROM events{where}", params).fetchone()
        # the timeline stacks each day by type: one grouped query, not one per type
        by_day_type: dict[str, dict[str, int]] = {}
        for day, event_type, n in self.conn.execute(
                f"SELECT event_date, event_type, count(*) FROM events{where} GROUP BY event_date, event_type "
                "ORDER BY event_date", params):
            if day is not None and event_type is not None:
                by_day_type.setdefault(day, {})[event_type] = n
        return {
            "events": total,
            "fatalities": fatalities,
            "by_type": grouped("event_type", "n DESC"),
            "by_sub_event_type": grouped("sub_event_type", "n DESC"),
            "by_day": grouped("event_date", "k"),
            "by_country": grouped("country", "n DESC"),
            "by_day_type": by_day_type,
        }

    def counts(self) -> dict[str, int]:
        """Rows per table (documents, reports, events): for summaries and tests."""
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "reports", "events")}


def _report_record(row: sqlite3.Row) -> dict[str, Any]:
    record = {name: row[name] for name in EVENT_FIELDS}
    record["main"] = bool(record["main"])
    record["evidence"] = json.loads(row["evidence"] or "[]")
    return record


def _span_class(span: tuple[int, int] | None) -> int:
    length = span[1] - span[0] if span else 0
    return next((c for c, longest in SPAN_CLASSES if length <= longest), SPAN_CLASSES[-1][0])


def _type_condition(record: dict[str, Any]) -> tuple[str, list[Any]]:
    """SQL pre-filter on sub-type, so only events dedup.sub_types_compatible could accept are read."""
    # unary + keeps SQLite from answering these terms with the type indexes (a scan of every event of
    # that type, growing with the store) instead of the blocking indexes
    sub = record.get("sub_event_type")
    if sub:
        subs = sorted(dedup.compatible_sub_types(sub))
        parent = record.get("event_type") or SUB_EVENT_TYPE_PARENT.get(sub)
        return (f" AND (+sub_event_type IN ({','.join('?' * len(subs))})"
                " OR (+sub_event_type IS NULL AND +event_type = ?))", [*subs, parent])
    if record.get("event_type"):
        return " AND +event_type = ?", [record["event_type"]]
    return " AND 0", []  # no type at all: dedup.sub_types_compatible accepts nothing


def _region_only(record: dict[str, Any]) -> bool:
    return record.get("latitude") is None or record.get("longitude") is None or (record.get("geo_precision") or 0) >= 3


def _quote(column: str) -> str:
    return f'"{column}"'
