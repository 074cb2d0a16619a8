"""The `eventwire` command: a thin typer skin over the library. No SQL and no extraction logic here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
err = Console(stderr=True)

# ---- shared options: defined once so every command spells them the same way ----
FilesArg = Annotated[list[str], typer.Argument(help="Input files; '-' reads standard input.")]
PublishedOpt = Annotated[str | None, typer.Option("--published", help="Publication date (YYYY-MM-DD): the anchor for 'on Wednesday'.")]
OutletOpt = Annotated[str | None, typer.Option("--outlet", help="Who published the report (fills `source`).")]
InputFormatOpt = Annotated[str | None, typer.Option("--input-format", help="txt | html | jsonl | acled (guessed from the file name when omitted).")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="jsonl | csv | geojson | parquet | table")]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of standard output.")]
DbOpt = Annotated[Path, typer.Option("--db", help="SQLite event store.")]
GazetteerOpt = Annotated[Path | None, typer.Option("--gazetteer", help="Gazetteer SQLite file (default: the cached one).")]
ActorsOpt = Annotated[Path | None, typer.Option("--actors", help="Extra actor list (JSONL, see eventwire/data/README.md).")]
ModelOpt = Annotated[Path | None, typer.Option("--model", help="Event classifier trained with `eventwire train`.")]


def fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


# ---- extract / demo ----
@app.command()
def extract(
    files: FilesArg,
    published: PublishedOpt = None,
    outlet: OutletOpt = None,
    input_format: InputFormatOpt = None,
    fmt: FormatOpt = "jsonl",
    out: OutOpt = None,
    gazetteer: GazetteerOpt = None,
    actors: ActorsOpt = None,
    model: ModelOpt = None,
) -> None:
    """Code news reports into ACLED-style events and print them (every SPEC field, null where unknown).

    A document that cannot be read or coded (empty, binary, not UTF-8, not English, too large, a broken
    JSONL line) is reported on standard error and skipped; the exit status is non-zero only when no
    document at all could be read.
    """
    from .io.readers import read_documents
    from .io.writers import OUTPUT_FORMATS

    if fmt not in OUTPUT_FORMATS:
        fail(f"unknown --format {fmt!r}: use one of {', '.join(OUTPUT_FORMATS)}")
    for path in (gazetteer, actors, model):
        if path is not None and not path.exists():
            fail(f"{path}: no such file")
    try:
        documents = read_documents(files, input_format=input_format, published=published, outlet=outlet)
    except ValueError as exc:
        fail(str(exc))
    from .pipeline import Settings, extract_many  # imports spaCy: only once the options are known to be good

    tally = {"coded": 0, "skipped": 0}
    results = extract_many(documents, settings=Settings.of(gazetteer, actors, model))
    _write_events(_event_records(results, tally), fmt, out)
    if tally["coded"] == 0:
        fail("no document could be read" + (f" ({tally['skipped']} skipped, see above)" if tally["skipped"] else ""))


def _event_records(results, tally: dict[str, int]):
    """Event dicts from pipeline Results; each skipped document is reported on stderr as it comes."""
    for result in results:
        if not result.ok:
            tally["skipped"] += 1
            err.print(f"[yellow]skipped[/] {result.document.id}: {result.error}", highlight=False, soft_wrap=True)
            continue
        tally["coded"] += 1
        for event in result.events:
            yield event.to_dict()


def _write_events(records, fmt: str, out: Path | None) -> None:
    from .io.writers import write_records

    try:
        write_records(records, fmt, out)
    except (OSError, ValueError) as exc:
        fail(f"{out or 'stdout'}: cannot write {fmt}: {exc}")


@app.command()
def demo(fmt: FormatOpt = "table", out: OutOpt = None) -> None:
    """Code the bundled example (an AFP-sourced report on the evacuation of Baghouz, Syria, published
    2019-02-21) and show its events, each with the words of the text that every field came from."""
    from .examples import example_document
    from .pipeline import extract_many

    document = example_document()
    if fmt == "table":
        err.print(f"[bold]{document.title}[/] ({document.outlet}, published {document.published})",
                  highlight=False, soft_wrap=True)
    tally = {"coded": 0, "skipped": 0}
    _write_events(_event_records(extract_many([document]), tally), fmt, out)
    if tally["coded"] == 0:
        fail("the bundled example could not be coded (see above)")


# ---- ingest / events ----
@app.command()
def ingest(
    files: FilesArg,
    db: DbOpt = Path("eventwire.db"),
    published: PublishedOpt = None,
    outlet: OutletOpt = None,
    input_format: InputFormatOpt = None,
    gazetteer: GazetteerOpt = None,
    actors: ActorsOpt = None,
    model: ModelOpt = None,
) -> None:
    """Code documents and store them with their events in a SQLite store, merging reports of one event.

    A document is keyed by the hash of its text, so ingesting the same file twice adds nothing; each
    document is one transaction, so an interrupted ingest keeps every document it finished.
    """
    from .io.readers import read_documents
    from .store import Store, StoreError

    for path in (gazetteer, actors, model):
        if path is not None and not path.exists():
            fail(f"{path}: no such file")
    try:
        documents = read_documents(files, input_format=input_format, published=published, outlet=outlet)
    except ValueError as exc:
        fail(str(exc))
    from .pipeline import Settings  # imports spaCy: only once the options are known to be good

    try:
        with Store(db) as store:
            report = store.ingest(documents, settings=Settings.of(gazetteer, actors, model))
    except StoreError as exc:
        fail(str(exc))
    for doc_id, message in report.errors:
        err.print(f"[yellow]skipped[/] {doc_id}: {message}", highlight=False)
    Console().print(f"{db}: {report.summary()}", highlight=False)
    if report.errors and not (report.documents_added or report.documents_skipped):
        raise typer.Exit(1)


@app.command()
def events(
    db: DbOpt = Path("eventwire.db"),
    country: Annotated[str | None, typer.Option("--country", help="Country name or ISO3 code.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Events on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Events on or before this date (YYYY-MM-DD).")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="Event type or sub-type label (SPEC section 3).")] = None,
    fmt: FormatOpt = "table",
    out: OutOpt = None,
    show_reports: Annotated[str | None, typer.Option("--show-reports", help="Show one event (by event_id) and each report's version side by side.")] = None,
) -> None:
    """Read merged events back from a store, each with `doc_ids` and `n_sources` (independent sources).

    Filters combine; names match case-insensitively. `--show-reports ID` shows how each document told
    that event next to the merged values.
    """
    from .store import FilterError, Store, StoreError

    try:
        with Store(db, create=False) as store:
            if show_reports:
                event = store.get_event(show_reports)
                if event is None:
                    fail(f"{db}: no event {show_reports!r}")
                _print_side_by_side(event)
                return
            from .io.writers import write_records

            records = store.iter_events(country=country, since=since, until=until, event_type=event_type)
            write_records(records, fmt, out)
    except (StoreError, FilterError) as exc:
        fail(str(exc))
    except ValueError as exc:  # e.g. an unknown --format
        fail(str(exc))


def _print_side_by_side(event: dict) -> None:
    from rich.table import Table

    from .store.show import side_by_side

    headers, rows = side_by_side(event)
    table = Table(*headers, title=f"{event['event_id']}: {len(event['reports'])} reports", show_lines=True)
    for row in rows:
        table.add_row(*row)
    Console(width=max(120, 40 * len(headers))).print(table)


# ---- gazetteer ----
# ---- eval / train ----
@app.command("eval")
def eval_command(
    gold: Annotated[Path | None, typer.Argument(help="ACLED export (CSV): notes are the input, coded columns the answer.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N distinct notes.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Keep only notes whose gold country is this.")] = None,
    errors: Annotated[Path | None, typer.Option("--errors", help="Write every miss here as JSONL.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
    classification: Annotated[Path | None, typer.Option("--classification", help="Score a snippet file instead (TSV: id, text, label).")] = None,
    gazetteer: GazetteerOpt = None,
    actors: ActorsOpt = None,
    model: ModelOpt = None,
) -> None:
    """Score extraction against expert-coded events: every field, over gold events (a miss counts).

    A note coded as one event is scored on the first event extracted from it; a note coded as k
    events (the same notes text on k rows) is matched event to event by best assignment.
    """
    import json

    from . import evaluate
    from .io.readers import DocumentError

    for path in (gold, classification, gazetteer, actors, model):
        if path is not None and not path.exists():
            fail(f"{path}: no such file")
    if gold is None and classification is None:
        fail("give an ACLED export to score against (eventwire eval GOLD.csv), or --classification FILE.tsv")
    from .pipeline import Settings  # imports spaCy: only once the inputs are known to exist

    settings = Settings.of(gazetteer, actors, model)
    out = Console()
    if classification is not None:
        try:
            scores = evaluate.evaluate_classification(classification, limit=limit, settings=settings)
        except (ValueError, UnicodeDecodeError) as exc:
            fail(f"{classification}: {exc}")
        if as_json:
            print(json.dumps(scores))
        else:
            out.print(evaluate.classification_table(scores, classification))
        return
    try:
        report = evaluate.evaluate_acled(gold, limit=limit, country=country, settings=settings)
    except DocumentError as exc:  # its message already names the file
        fail(str(exc))
    if report.n_notes == 0:
        fail(f"{gold}: no notes to score" + (f" for country {country!r}" if country else ""))
    if errors is not None:
        evaluate.write_misses(report, errors)
    if as_json:
        print(json.dumps(report.to_json()))
        return
    for table in evaluate.report_tables(report):
        out.print(table)
    if errors is not None:
        out.print(f"{len(report.misses)} misses written to {errors}")


# ---- serve ----
@app.command()
def serve(
    db: DbOpt = Path("eventwire.db"),
    host: Annotated[str, typer.Option("--host", help="Address to bind; the default keeps the server on this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    token: Annotated[str | None, typer.Option(
        "--token", envvar="EVENTWIRE_TOKEN", show_default=False,
        help="Token that POST /documents must send as 'Authorization: Bearer <token>'; without it the API is read-only.",
    )] = None,
) -> None:
    """Serve the map page and the HTTP API over an event store; open http://HOST:PORT/ in a browser.

    The API is described by its OpenAPI schema at /openapi.json.
    """
    import uvicorn

    from .api import create_app

    if not db.exists() and not token:
        fail(f"no event store at {db}: run `eventwire ingest --db {db} ...` first, or pass --token to accept documents")
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning:[/] binding {host}: the read endpoints are open to anyone who can reach it")
    try:
        application = create_app(db, token=token)
    except Exception as exc:  # a store that cannot be opened: name it
        fail(f"cannot open the event store {db}: {exc}")
    err.print(f"eventwire: serving {db} on http://{host}:{port}/ ({'writes enabled' if token else 'read-only'})")
    uvicorn.run(application, host=host, port=port, log_level="warning")



def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
