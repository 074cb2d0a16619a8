"""eventwire speed bench: the spaCy floor, end-to-end extraction with 1 and N workers, start-up, ingest.

    .venv/bin/python bench/run.py            # dev notes (when present) + the seed article x 1,000
    .venv/bin/python bench/run.py --quick    # 500 dev notes + the seed article x 100

Ingest into SQLite (Store.ingest: extraction + storage + merging) runs on the first 250 documents
of each input in a full run (all with --quick), to keep the full run under ~20 minutes.

Every measurement runs in a fresh worker process (multiprocessing "spawn"; each worker loads its
pipeline once, before the clock starts), so the numbers do not depend on what the parent loaded and
each worker's peak RSS is its own. Prints a table and writes bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "acled-dev.csv"
SEED_CANDIDATES = (ROOT / "eventwire" / "data" / "examples" / "baghouz.txt", ROOT.parent / "shared" / "seed" / "baghouz.txt")
RESULTS = ROOT / "bench" / "results"
BATCH = 64

# ---------------------------------------------------------------- worker side (one pipeline per process)

_NLP = None
_MODE = ""


def _init_worker(mode: str) -> None:
    """Load the pipeline once per worker: the bare spaCy model ("raw") or every eventwire stage."""
    global _NLP, _MODE
    _MODE = mode
    if mode == "raw":
        from eventwire.nlp import load_base_model

        _NLP = load_base_model()
        list(_NLP.pipe(["Warm-up sentence."]))
    else:
        import eventwire

        # a first document loads whatever the stages load lazily (gazetteer connection, lexicons)
        list(eventwire.extract_many([_warm_up_document()]))


_WARM_UP = "Police fired tear gas at protesters in Nairobi on Monday, killing two people."


def _warm_up_document():
    from datetime import date

    from eventwire.model import Document

    return Document(id="warm-up", text=_WARM_UP, published=date(2020, 5, 6))


def _ready(_: int) -> int:
    time.sleep(0.3)  # long enough that every worker of the pool takes one
    return os.getpid()


def _work(batch: list[tuple[str, str, str | None]]) -> tuple[int, int, int]:
    """(documents, events, errors) for one batch of (id, text, published)."""
    if _MODE == "raw":
        docs = list(_NLP.pipe([text for _, text, _ in batch], batch_size=BATCH))
        return len(docs), 0, 0
    import eventwire
    from eventwire.io.readers import parse_published

    documents = [eventwire.Document(id=i, text=t, published=parse_published(p)) for i, t, p in batch]
    events = errors = 0
    for result in eventwire.extract_many(documents, batch_size=BATCH):
        events += len(result.events)
        errors += result.error is not None
    return len(documents), events, errors


def _peak_rss_mb(_: int = 0) -> float:
    time.sleep(0.3)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _stage_profile(batch: list[tuple[str, str, str | None]]) -> dict[str, float]:
    """Seconds spent in each pipeline component (and assembly) over one pass of the documents."""
    from eventwire.io.readers import parse_published
    from eventwire.model import Document
    from eventwire.nlp import get_nlp
    from eventwire.stages.assemble import assemble

    nlp = get_nlp()
    start = time.perf_counter()
    docs = []
    for i, text, published in batch:
        doc = nlp.make_doc(text)
        doc._.ew_document = Document(id=i, text=text, published=parse_published(published))
        docs.append(doc)
    seconds = {"tokenizer": time.perf_counter() - start}
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=BATCH))
        else:
            docs = [proc(doc) for doc in docs]
        seconds[name] = time.perf_counter() - start
    start = time.perf_counter()
    for doc in docs:
        assemble(doc)
    seconds["assemble"] = time.perf_counter() - start
    return seconds


def _ingest(batch: list[tuple[str, str, str | None]]) -> dict[str, float]:
    """Documents/s of Store.ingest (extraction + storage + merging) into a fresh SQLite file."""
    import eventwire
    from eventwire.io.readers import parse_published
    from eventwire.model import Document
    from eventwire.store import Store

    list(eventwire.extract_many([_warm_up_document()]))  # the model loads before the clock starts
    documents = [Document(id=i, text=t, published=parse_published(p)) for i, t, p in batch]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        start = time.perf_counter()
        report = store.ingest(documents)
        seconds = time.perf_counter() - start
        summary = report.summary() if hasattr(report, "summary") else ""
    return {"seconds": seconds, "docs_per_s": len(documents) / seconds if seconds else 0.0, "report": summary}


# ---------------------------------------------------------------- parent side


def _startup_probe() -> None:
    """Run in a fresh interpreter: import, model + stages, first document (lazy gazetteer load)."""
    t0 = time.perf_counter()
    import eventwire
    from eventwire.nlp import get_nlp

    t1 = time.perf_counter()
    get_nlp()
    t2 = time.perf_counter()
    eventwire.extract(_WARM_UP, published="2020-05-04")
    t3 = time.perf_counter()
    print(json.dumps({"import_s": t1 - t0, "model_and_stages_s": t2 - t1, "first_document_s": t3 - t2,
                      "total_s": t3 - t0}))


def measure_startup() -> dict[str, float] | str:
    proc = subprocess.run([sys.executable, __file__, "--startup-probe"], capture_output=True, text=True)
    if proc.returncode != 0:
        return "failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _batches(items: list, size: int = BATCH) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def run_pool(mode: str, items: list[tuple[str, str, str | None]], workers: int) -> dict[str, float]:
    """Throughput of `workers` processes over the items, pipelines loaded before the clock starts."""
    ctx = mp.get_context("spawn")
    words = sum(len(text.split()) for _, text, _ in items)
    with ctx.Pool(workers, initializer=_init_worker, initargs=(mode,)) as pool:
        seen: set[int] = set()
        while len(seen) < workers:  # every worker has run its initializer once it answers
            seen.update(pool.map(_ready, range(workers * 2), chunksize=1))
        start = time.perf_counter()
        docs = events = errors = 0
        # at least 4 batches per worker, so no worker idles while another finishes a long last batch
        size = max(1, min(BATCH, len(items) // (workers * 4)))
        for d, e, x in pool.imap_unordered(_work, _batches(items, size), chunksize=1):
            docs, events, errors = docs + d, events + e, errors + x
        seconds = time.perf_counter() - start
        rss = max(pool.map(_peak_rss_mb, range(workers * 2), chunksize=1))
    return {"workers": workers, "docs": docs, "words": words, "seconds": seconds,
            "docs_per_s": docs / seconds, "words_per_s": words / seconds,
            "events": events, "errors": errors, "peak_rss_mb_per_worker": rss}


def run_in_worker(func, items) -> object:
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(func, (items,))


def dev_notes(limit: int | None) -> list[tuple[str, str, str | None]] | None:
    if not DEV.exists():
        return None
    from eventwire.io.readers import iter_acled

    seen: set[str] = set()
    items = []
    for document, _row in iter_acled(str(DEV)):  # only the note, its date and its id
        if document.text in seen:
            continue
        seen.add(document.text)
        items.append((document.id, document.text, document.published.isoformat() if document.published else None))
    return items[:limit] if limit else items


def long_articles(n: int) -> list[tuple[str, str, str | None]]:
    """The seed article n times; a numbered last line keeps the copies distinct (the store skips
    a text it already holds, which would turn the ingest figure into a cache hit)."""
    seed = next(p for p in SEED_CANDIDATES if p.exists()).read_text(encoding="utf-8").rstrip()
    return [(f"seed-{i}", f"{seed}\n\nCopy {i + 1}.", "2019-02-21") for i in range(n)]


def bench_input(name: str, items, workers: int, profile_n: int, ingest_n: int) -> dict:
    print(f"[{name}] {len(items)} documents", file=sys.stderr, flush=True)
    out: dict = {"documents": len(items), "words": sum(len(t.split()) for _, t, _ in items)}
    out["raw_spacy"] = run_pool("raw", items, 1)
    print(f"[{name}] raw spaCy {out['raw_spacy']['docs_per_s']:.1f} docs/s", file=sys.stderr, flush=True)
    for w in sorted({1, workers}):
        try:
            out[f"eventwire_{w}w"] = run_pool("eventwire", items, w)
            print(f"[{name}] eventwire x{w} {out[f'eventwire_{w}w']['docs_per_s']:.1f} docs/s", file=sys.stderr, flush=True)
        except Exception as exc:  # a broken stage must not hide the floor
            out[f"eventwire_{w}w"] = f"failed: {exc!r}"
    e2e = out.get("eventwire_1w")
    if isinstance(e2e, dict):
        out["ratio_eventwire_to_spacy"] = e2e["docs_per_s"] / out["raw_spacy"]["docs_per_s"]
        try:
            stages = run_in_worker(_stage_profile, items[:profile_n])
            total = sum(stages.values())
            out["stage_seconds"] = stages
            out["stage_share"] = {k: v / total for k, v in stages.items()}
            out["geocoding_share"] = stages.get("ew_places", 0.0) / total
        except Exception as exc:
            out["stage_seconds"] = f"failed: {exc!r}"
    if ingest_n:
        try:
            out["ingest"] = run_in_worker(_ingest, items[:ingest_n])
            out["ingest"]["documents"] = min(ingest_n, len(items))
        except Exception as exc:  # the store may not exist yet
            out["ingest"] = f"failed: {exc!r}"
    return out


def print_table(results: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"eventwire bench {results['date']} ({results['machine']['cpus']} cpus, {results['mode']})")
    table.add_column("input")
    table.add_column("measure")
    table.add_column("docs/s", justify="right")
    table.add_column("words/s", justify="right")
    table.add_column("peak RSS MB", justify="right")
    for name, res in results["inputs"].items():
        if not isinstance(res, dict):
            table.add_row(name, str(res), "", "", "")
            continue
        for key in ("raw_spacy", "eventwire_1w", f"eventwire_{results['workers']}w"):
            r = res.get(key)
            if isinstance(r, dict):
                table.add_row(name, key, f"{r['docs_per_s']:.1f}", f"{r['words_per_s']:.0f}",
                              f"{r['peak_rss_mb_per_worker']:.0f}")
            elif r:
                table.add_row(name, key, str(r)[:60], "", "")
        if "ratio_eventwire_to_spacy" in res:
            table.add_row(name, "eventwire/spaCy ratio (1 worker)", f"{res['ratio_eventwire_to_spacy']:.2f}", "", "")
        if "geocoding_share" in res:
            table.add_row(name, "ew_places share of time", f"{res['geocoding_share']:.1%}", "", "")
        if isinstance(res.get("stage_share"), dict):
            top = sorted(res["stage_share"].items(), key=lambda kv: -kv[1])[:4]
            table.add_row(name, "largest stages", ", ".join(f"{k} {v:.0%}" for k, v in top), "", "")
        ing = res.get("ingest")
        if isinstance(ing, dict):
            table.add_row(name, f"ingest into SQLite ({ing['documents']} docs)", f"{ing['docs_per_s']:.1f}", "", "")
        elif ing:
            table.add_row(name, "ingest into SQLite", str(ing)[:60], "", "")
    s = results["startup"]
    table.add_row("-", "start-up (import + model + first doc)",
                  f"{s['total_s']:.1f} s" if isinstance(s, dict) else str(s)[:60], "", "")
    Console(width=120).print(table)


def markdown(results: dict) -> str:
    """The figures of a results JSON as a markdown table (pasted into bench/README.md)."""
    m = results["machine"]
    lines = [f"{results['date']}, {results['mode']} run, {m['cpus']} cores ({m['platform']}, Python {m['python']}, "
             f"spaCy {m['spacy']}), load average at start {m['load_avg_at_start'][0]:.1f}",
             "", "| input | measure | docs/s | words/s | peak RSS MB / worker |", "|---|---|---:|---:|---:|"]
    for name, res in results["inputs"].items():
        if not isinstance(res, dict):
            lines.append(f"| {name} | {res} | | | |")
            continue
        name = f"{name} ({res['documents']} docs)"
        for key in ("raw_spacy", "eventwire_1w", f"eventwire_{results['workers']}w"):
            r = res.get(key)
            if isinstance(r, dict):
                lines.append(f"| {name} | {key} | {r['docs_per_s']:.1f} | {r['words_per_s']:.0f} | "
                             f"{r['peak_rss_mb_per_worker']:.0f} |")
        if "ratio_eventwire_to_spacy" in res:
            lines.append(f"| {name} | eventwire / spaCy floor (1 worker) | {res['ratio_eventwire_to_spacy']:.2f} | | |")
        if "geocoding_share" in res:
            lines.append(f"| {name} | share of time in ew_places | {res['geocoding_share']:.1%} | | |")
        ing = res.get("ingest")
        if isinstance(ing, dict):
            lines.append(f"| {name} | Store.ingest into SQLite ({ing.get('documents', res['documents'])} docs) | {ing['docs_per_s']:.1f} | | |")
    s = results["startup"]
    if isinstance(s, dict):
        lines.append(f"| - | start-up: import {s['import_s']:.1f} s + model and stages {s['model_and_stages_s']:.1f} s "
                     f"+ first document {s['first_document_s']:.1f} s | {s['total_s']:.1f} s | | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="500 dev notes, seed x 100")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--notes", type=int, help="dev notes used (default all; 500 with --quick)")
    parser.add_argument("--articles", type=int, help="copies of the seed article (default 1,000; 100 with --quick)")
    parser.add_argument("--ingest-docs", type=int,
                        help="documents of each input ingested into SQLite (default all with --quick, 250 otherwise)")
    parser.add_argument("--no-ingest", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    parser.add_argument("--markdown", action="store_true", help="print the --out results file as markdown and exit")
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.markdown:
        print(markdown(json.loads(args.out.read_text(encoding="utf-8"))))
        return 0
    if args.startup_probe:
        _startup_probe()
        return 0
    import spacy

    results: dict = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": "quick" if args.quick else "full",
        "workers": args.workers,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "spacy": spacy.__version__, "load_avg_at_start": os.getloadavg()},
        "inputs": {},
    }
    results["startup"] = measure_startup()
    ingest_n = 0 if args.no_ingest else (args.ingest_docs or (10**9 if args.quick else 250))
    notes = dev_notes(args.notes or (500 if args.quick else None))
    if notes is None:
        print(f"dev notes skipped: {DEV} not found", file=sys.stderr)
        results["inputs"]["dev_notes"] = f"skipped: {DEV} not found"
    else:
        results["inputs"]["dev_notes"] = bench_input("dev_notes", notes, args.workers, 500, ingest_n)
    articles = long_articles(args.articles or (100 if args.quick else 1000))
    results["inputs"]["long_articles"] = bench_input("long_articles", articles, args.workers, 50, ingest_n)
    results["machine"]["load_avg_at_end"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(results)
    print(f"written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
