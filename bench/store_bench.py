"""Event store at scale: query latency and merge cost per document at 1k / 10k / 100k events.

    .venv/bin/python bench/store_bench.py                 # up to 100,000 events (several minutes)
    .venv/bin/python bench/store_bench.py --sizes 1000,10000 --notes 100

Synthetic load: a year of a busy country. The first --notes dev notes (../shared/data/acled-dev.csv)
are coded once by the real pipeline; their events are templates. Each synthetic document takes a
template event, gives it a day (events arrive in time order, ~274 a day, i.e. 100,000 in a year, each
reported up to 3 days late) and a town of a made-up 6x8 degree country (5,000 towns in 15
provinces, a few busy ones), and goes straight into the store's merge path
(`Store.add_document`), so NLP runs once per note, not once per copy. 30% of events are told again
by a second outlet (a day and a few km off), so merges happen at a realistic rate. Document texts are
the template note plus random words, so they are distinct stories for the near-duplicate check.

Figures (printed, and written to bench/results/store.json): at each store size, the time to add a
document (merge cost, mean and p95 over --probe documents) and the median latency of typical
queries. Nothing here is asserted: timings depend on the machine.

`--queries-only --db FILE` times the queries again on a store this bench built (after a migration).
`--dedup-check N` instead ingests N dev notes through the real pipeline and counts merges between
them: each ACLED row is a distinct event, so every such merge is a false merge (over-merging).

`--templates gold` builds the templates from the dev file's coded columns instead of running the
pipeline (for a quick run while the pipeline is unavailable; the result file says which was used).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from eventwire.model import Document, Event
from eventwire.store import Store

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "acled-dev.csv"
RESULTS = ROOT / "bench" / "results" / "store.json"

BOX = (32.0, 35.0, 38.0, 43.0)  # south, west, north, east of the made-up country
YEAR_START = date(2021, 1, 1)
EVENTS_PER_DAY = 100_000 / 365  # a year of a busy country
OUTLETS = [f"Outlet {i}" for i in range(40)]


def templates_from_pipeline(n: int) -> list[tuple[str, dict]]:
    from eventwire import extract_many
    from eventwire.io.readers import iter_acled

    documents = []
    for document, _row in iter_acled(str(DEV)):
        documents.append(document)
        if len(documents) >= n:
            break
    out = []
    for result in extract_many(documents):
        for event in result.events:
            out.append((result.document.text, event.to_dict()))
    return out


def templates_from_gold(n: int) -> list[tuple[str, dict]]:
    out = []
    with open(DEV, newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if i >= n:
                break
            out.append((row["notes"], {
                "event_type": row["event_type"], "sub_event_type": row["sub_event_type"],
                "actor1": row["actor1"] or None, "actor2": row["actor2"] or None,
                "inter1": int(row["inter1"] or 0) or None, "inter2": int(row["inter2"] or 0),
                "time_precision": int(row["time_precision"] or 1), "geo_precision": int(row["geo_precision"] or 1),
                "fatalities": int(row["fatalities"] or 0), "certainty": "reported", "notes": row["notes"],
                "evidence": [],
            }))
    return out


class Country:
    """5,000 towns in a 3x5 grid of provinces; town popularity is Zipf-like (busiest: ~2 events a day)."""

    def __init__(self, rng: random.Random) -> None:
        south, west, north, east = BOX
        self.towns = []
        for i in range(5000):
            lat, lon = rng.uniform(south, north), rng.uniform(west, east)
            row, col = int((lat - south) / (north - south) * 3), int((lon - west) / (east - west) * 5)
            self.towns.append((f"Town {i}", f"Province {row * 5 + col}", round(lat, 4), round(lon, 4)))
        self.weights = [1 / (i + 1) ** 0.5 for i in range(len(self.towns))]
        self.centroids = {}
        for _name, province, lat, lon in self.towns:
            self.centroids.setdefault(province, (lat, lon))

    def place(self, rng: random.Random) -> tuple[str, str, float, float]:
        return rng.choices(self.towns, self.weights)[0]


def synthetic(templates, rng: random.Random, country: Country, k: int):
    """One true event's reports: (Document, [event dict]) pairs, one or two of them."""
    text, template = templates[k % len(templates)]
    town, province, lat, lon = country.place(rng)
    # reports arrive in time order, up to 3 days after the event: the store grows by days, as in use
    day = YEAR_START + timedelta(days=int(k / EVENTS_PER_DAY) - rng.randrange(4))
    precision = template.get("time_precision") or 1
    start, end = day, day
    if precision == 2:
        start, end = day - timedelta(days=day.weekday() % 7 % 2), day + timedelta(days=1)
    elif precision == 3:
        start, end = day.replace(day=1), (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    region_only = (template.get("geo_precision") or 1) >= 3
    if region_only:
        lat, lon = country.centroids[province]
    record = dict(template)
    record.update(
        event_date=(start + (end - start) / 2).isoformat(), date_start=start.isoformat(), date_end=end.isoformat(),
        time_precision=precision, country="Busyland", iso3="BSY", admin1=province,
        location=None if region_only else town, latitude=lat, longitude=lon,
    )
    filler = " ".join(rng.choice(WORDS) for _ in range(40))
    reports = [(f"syn-{k}", record, rng.choice(OUTLETS))]
    if rng.random() < 0.3:  # a second telling: another outlet, a day and a few km off
        again = dict(record)
        shift = timedelta(days=rng.choice((-1, 0, 1)))
        for name in ("event_date", "date_start", "date_end"):
            again[name] = (date.fromisoformat(record[name]) + shift).isoformat()
        again["latitude"] = round(lat + rng.uniform(-0.05, 0.05), 4)
        reports.append((f"syn-{k}-b", again, rng.choice(OUTLETS)))
    out = []
    for doc_id, rec, outlet in reports:
        rec = dict(rec, event_id=f"ew-{doc_id}", doc_id=doc_id)
        rec["evidence"] = [dict(e, doc_id=doc_id) for e in rec.get("evidence") or []]
        document = Document(id=doc_id, text=f"{text} {filler} {doc_id}", published=end + timedelta(days=1),
                            outlet=outlet)
        out.append((document, [Event.from_dict(rec)]))
    return out


WORDS: list[str] = []


def queries(store: Store, rng: random.Random) -> dict[str, callable]:
    some_event = store.query_events(limit=1, offset=rng.randrange(max(1, store.count_events())))[0]["event_id"]
    last = store.query_events(limit=1)[0]["event_date"]
    span = max(1, (date.fromisoformat(last) - YEAR_START).days - 30)
    month = YEAR_START + timedelta(days=rng.randrange(span))
    return {
        "latest 100": lambda: store.query_events(limit=100),
        "country, page 100": lambda: store.query_events(country="Busyland", limit=100, offset=500),
        "one month": lambda: store.query_events(since=month, until=month + timedelta(days=30), limit=100),
        "type + month": lambda: store.query_events(event_type="Battles", since=month,
                                                   until=month + timedelta(days=30), limit=100),
        "province + actor": lambda: store.query_events(admin1="Province 7", actor="forces", limit=100),
        "bbox": lambda: store.query_events(bbox=(36.0, 33.0, 37.0, 34.0), limit=100),
        "text search": lambda: store.query_events(text="civilians", limit=100),
        "count one month": lambda: store.count_events(since=month, until=month + timedelta(days=30)),
        "stats (all)": lambda: store.stats(),
        "stats one month": lambda: store.stats(since=month, until=month + timedelta(days=30)),
        "get event + reports": lambda: store.get_event(some_event),
    }


def timed(fn, repeat: int = 5) -> tuple[float, float]:
    """Median (wall ms, CPU ms) over `repeat` runs. CPU time is the steadier figure on a busy machine."""
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def dedup_check(n: int, out: Path) -> dict:
    """Ingest the first n dev notes through the real pipeline: every ACLED row is a distinct event, so a
    report merged into another note's event is a false merge. Adds `dedup_check` to the results file."""
    from eventwire.io.readers import iter_acled

    db = Path(tempfile.mkdtemp()) / "dedup.db"
    documents = []
    for document, _row in iter_acled(str(DEV)):
        documents.append(document)
        if len(documents) >= n:
            break
    t0 = time.perf_counter()
    with Store(db) as store:
        report = store.ingest(documents)
        (cross,) = store.conn.execute(
            "SELECT count(*) FROM events e WHERE (SELECT count(DISTINCT document_id) FROM reports r"
            " WHERE r.merged_id = e.event_id) > 1").fetchone()
        counts = store.counts()
    result = {
        "notes": n, "documents_added": report.documents_added, "documents_skipped": report.documents_skipped,
        "reports": counts["reports"], "events": counts["events"], "reports_merged": report.events_merged,
        "events_spanning_several_notes": cross,
        "false_merge_rate": round(report.events_merged / max(1, counts["reports"]), 4),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    previous = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    previous["dedup_check"] = result
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(previous, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return result


def requery(db: Path | None, out: Path) -> int:
    """Time the queries again on an existing bench store; adds `requeried` to the results file."""
    if db is None or not db.exists():
        print("--queries-only needs --db pointing at a store built by this bench", file=sys.stderr)
        return 1
    with Store(db) as store:  # opening applies any new migration
        measured = {name: timed(fn) for name, fn in queries(store, random.Random(1)).items()}
        result = {"events": store.count_events(), "migrations": store.migrations(),
                  "query_ms_median": {n: round(w, 2) for n, (w, _) in measured.items()},
                  "query_cpu_ms_median": {n: round(c, 2) for n, (_, c) in measured.items()},
                  "load_average": list(os.getloadavg())}
    previous = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    previous["requeried"] = result
    out.write_text(json.dumps(previous, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="store sizes (merged events) to measure at")
    parser.add_argument("--notes", type=int, default=300, help="dev notes coded as templates")
    parser.add_argument("--templates", choices=("pipeline", "gold"), default="pipeline")
    parser.add_argument("--probe", type=int, default=300, help="true events timed at each size")
    parser.add_argument("--db", type=Path, default=None, help="store file (default: a temp file)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--queries-only", action="store_true",
                        help="instead: time the queries on the existing --db (after a schema migration, say)")
    parser.add_argument("--dedup-check", type=int, default=0, metavar="N",
                        help="instead: ingest N dev notes (distinct events) and count false merges")
    args = parser.parse_args(argv)
    if not DEV.exists():
        print(f"dev notes not found at {DEV}", file=sys.stderr)
        return 1
    if args.dedup_check:
        dedup_check(args.dedup_check, args.out)
        return 0
    if args.queries_only:
        return requery(args.db, args.out)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rng = random.Random(7)
    t0 = time.perf_counter()
    templates = templates_from_pipeline(args.notes) if args.templates == "pipeline" else templates_from_gold(args.notes)
    template_seconds = time.perf_counter() - t0
    if not templates:
        print("no template events", file=sys.stderr)
        return 1
    WORDS.extend(w for text, _ in templates for w in text.split())
    country = Country(rng)
    db = args.db or Path(tempfile.mkdtemp()) / "bench.db"
    figures = []
    k = 0
    fill_started = time.perf_counter()
    with Store(db) as store:
        for size in sizes:
            while store.count_events() < size:
                for document, events in synthetic(templates, rng, country, k):
                    store.add_document(document, events)
                k += 1
            per_doc, per_doc_cpu, merged, added = [], [], 0, 0
            for _ in range(args.probe):
                for document, events in synthetic(templates, rng, country, k):
                    t, c = time.perf_counter(), time.process_time()
                    r = store.add_document(document, events)
                    per_doc.append((time.perf_counter() - t) * 1000)
                    per_doc_cpu.append((time.process_time() - c) * 1000)
                    merged += r.events_merged
                    added += r.events_added
                k += 1
            measured = {name: timed(fn) for name, fn in queries(store, rng).items()}
            latencies = {name: round(w, 2) for name, (w, _) in measured.items()}
            latencies_cpu = {name: round(c, 2) for name, (_, c) in measured.items()}
            counts = store.counts()
            per_doc.sort()
            row = {
                "events": counts["events"], "documents": counts["documents"], "reports": counts["reports"],
                "merge_ms_per_document_mean": round(statistics.mean(per_doc), 3),
                "merge_ms_per_document_p95": round(per_doc[int(len(per_doc) * 0.95)], 3),
                "merge_cpu_ms_per_document_mean": round(statistics.mean(per_doc_cpu), 3),
                "probe_documents": len(per_doc), "probe_merged": merged, "probe_added": added,
                "query_ms_median": latencies, "query_ms_max": max(latencies.values()),
                "query_cpu_ms_median": latencies_cpu,
                "db_mb": round(db.stat().st_size / 1e6, 1),
            }
            figures.append(row)
            print(f"\n{counts['events']:>7,} events  {counts['documents']:>7,} documents  {row['db_mb']} MB")
            print(f"  merge: {row['merge_ms_per_document_mean']:.2f} ms/document mean, "
                  f"{row['merge_ms_per_document_p95']:.2f} p95, {row['merge_cpu_ms_per_document_mean']:.2f} CPU"
                  f"  ({merged} of {merged + added} probe reports merged)")
            print(f"  {'query':<22} {'wall ms':>8} {'CPU ms':>8}")
            for name, ms in latencies.items():
                print(f"  {name:<22} {ms:8.2f} {latencies_cpu[name]:8.2f}")
    result = {
        "command": "python bench/store_bench.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "templates": args.templates, "template_notes": args.notes, "template_events": len(templates),
        "template_seconds": round(template_seconds, 1), "fill_seconds": round(time.perf_counter() - fill_started, 1),
        "machine": f"{platform.processor() or platform.machine()}, Python {platform.python_version()}",
        "load_average_at_end": list(os.getloadavg()),
        "sizes": figures,
    }
    if args.out.exists():  # keep a --dedup-check result written earlier
        previous = json.loads(args.out.read_text(encoding="utf-8"))
        if "dedup_check" in previous:
            result["dedup_check"] = previous["dedup_check"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
