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
PublishedOpt = Annotated[str | None, typer.Option("--published", help="Publication date (YYYY-MM-DD): the anchor for 'on Wednesday'. Without it, each text's own dateline ('KABUL, March 12 (Reuters) -', 'Published 12 March 2023') is used, with a warning.")]
OutletOpt = Annotated[str | None, typer.Option("--outlet", help="Who published the report (fills `source`).")]
InputFormatOpt = Annotated[str | None, typer.Option("--input-format", help="txt | html | jsonl | acled (guessed from the file name when omitted).")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="jsonl | csv | geojson | parquet | table")]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of standard output.")]
DbOpt = Annotated[Path, typer.Option("--db", help="SQLite event store.")]
GazetteerOpt = Annotated[Path | None, typer.Option("--gazetteer", help="Gazetteer SQLite file (default: the cached one).")]
ActorsOpt = Annotated[Path | None, typer.Option("--actors", help="Extra actor list (JSONL, see eventwire/data/README.md).")]
ModelOpt = Annotated[Path | None, typer.Option("--model", help="Event classifier trained with `eventwire train`.")]
BackgroundOpt = Annotated[int | None, typer.Option(
    "--background-days", min=0,
    help="A deed told after a document's news and dated more than N days before publication, or in an earlier "
         "named period ('last week', 'in 2018'), is background and gives no event (default 10; 0 keeps every "
         "dated deed).")]


def _background_days(value: int | None) -> int | None:
    """The CLI's --background-days as the pipeline setting: omitted -> the default, 0 -> off (None)."""
    from .stages.dates import BACKGROUND_DAYS

    return BACKGROUND_DAYS if value is None else (value or None)


def fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def open_inputs(files: list[str], input_format: str | None, published: str | None, outlet: str | None,
                *data_paths: Path | None):
    """The documents of the input files (lazily), after checking the option values and data paths."""
    from .io.readers import read_documents

    for path in data_paths:
        if path is not None and not path.exists():
            fail(f"{path}: no such file")
    try:
        return read_documents(files, input_format=input_format, published=published, outlet=outlet)
    except ValueError as exc:
        fail(str(exc))


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
    background_days: BackgroundOpt = None,
) -> None:
    """Code news reports into ACLED-style events and print them (every SPEC field, null where unknown).

    A document that cannot be read or coded (empty, binary, not UTF-8, not English, too large, a broken
    JSONL line) is reported on standard error and skipped; the exit status is non-zero only when no
    document at all could be read. A document without a publication date is dated by its own dateline
    or date line, with a warning on standard error.
    """
    from .io.writers import OUTPUT_FORMATS

    if fmt not in OUTPUT_FORMATS:
        fail(f"unknown --format {fmt!r}: use one of {', '.join(OUTPUT_FORMATS)}")
    documents = open_inputs(files, input_format, published, outlet, gazetteer, actors, model)
    from .pipeline import Settings, extract_many  # imports spaCy: only once the options are known to be good

    tally = {"coded": 0, "skipped": 0}
    results = extract_many(documents, settings=Settings.of(gazetteer, actors, model, _background_days(background_days)))
    _write_events(_event_records(results, tally), fmt, out)
    if tally["coded"] == 0:
        fail("no document could be read" + (f" ({tally['skipped']} skipped, see above)" if tally["skipped"] else ""))


def _event_records(results, tally: dict[str, int]):
    """Event dicts from pipeline Results; each skipped document and each warning (a document dated by
    its dateline, or not at all) is reported on stderr as it comes."""
    for result in results:
        for warning in result.warnings:
            _warn(warning)
        if not result.ok:
            tally["skipped"] += 1
            err.print(f"[yellow]skipped[/] {result.document.id}: {result.error}", highlight=False, soft_wrap=True)
            continue
        tally["coded"] += 1
        for event in result.events:
            yield event.to_dict()


def _warn(message: str) -> None:
    err.print(f"[yellow]warning:[/] {message}", highlight=False, soft_wrap=True)


class _CodingFailed(Exception):
    """The pipeline (not the writer) failed while records were being written."""


def _guarded(records):
    try:
        yield from records
    except Exception as exc:  # keep the writer's error handling for the writer's own errors
        raise _CodingFailed(str(exc)) from exc


def _write_events(records, fmt: str, out: Path | None) -> None:
    from .io.writers import write_records

    try:
        write_records(_guarded(records), fmt, out)
    except _CodingFailed as exc:
        fail(f"the pipeline failed: {exc}")
    except BrokenPipeError:  # `eventwire extract ... | head`: the reader has what it wanted
        _silence_stdout()
    except (OSError, ValueError) as exc:
        fail(f"{out or 'stdout'}: cannot write {fmt}: {exc}")


def _silence_stdout() -> None:
    import os

    try:  # stop Python's flush at exit from raising on the closed pipe again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


@app.command()
def demo(fmt: FormatOpt = "table", out: OutOpt = None) -> None:
    """Code the bundled example (an AFP-sourced report on the evacuation of Baghouz, Syria, published
    2019-02-21) and show its events, each with the words of the text that every field came from."""
    from .examples import example_document
    from .pipeline import extract_many

    document = example_document()
    if fmt == "table":
        Console().print(f"[bold]{document.title}[/] ({document.outlet}, published {document.published})",
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
    background_days: BackgroundOpt = None,
) -> None:
    """Code documents and store them with their events in a SQLite store, merging reports of one event.

    A document is keyed by the hash of its text, so ingesting the same file twice adds nothing; each document is one transaction, so an interrupted ingest keeps every document it finished.
    """
    from .store import Store, StoreError

    documents = open_inputs(files, input_format, published, outlet, gazetteer, actors, model)
    from .pipeline import Settings  # imports spaCy: only once the options are known to be good

    try:
        with Store(db) as store:
            report = store.ingest(_dated(documents, store),
                                  settings=Settings.of(gazetteer, actors, model, _background_days(background_days)))
    except StoreError as exc:
        fail(str(exc))
    for doc_id, message in report.errors:
        err.print(f"[yellow]skipped[/] {doc_id}: {message}", highlight=False, soft_wrap=True)
    typer.echo(f"{db}: {report.summary()}")
    if report.errors and not (report.documents_added or report.documents_skipped):
        raise typer.Exit(1)


def _dated(documents, store):
    """The documents as the pipeline codes them (dated by their dateline when they have no `published`),
    each dateline warning on stderr: the store's report keeps errors, not warnings."""
    from .io.dateline import with_dateline
    from .model import Document

    for item in documents:
        if isinstance(item, Document) and not store.has_document(item.text_hash):  # stored ones are skipped
            item, warning = with_dateline(item)
            if warning:
                _warn(warning)
        yield item


@app.command()
def events(
    db: DbOpt = Path("eventwire.db"),
    country: Annotated[str | None, typer.Option("--country", help="Country name or ISO3 code.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Events on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Events on or before this date (YYYY-MM-DD).")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="Event type or sub-type label (SPEC section 3).")] = None,
    main: Annotated[bool, typer.Option("--main", help="Only headline events: the main event of at least one report.")] = False,
    fmt: FormatOpt = "table",
    out: OutOpt = None,
    show_reports: Annotated[str | None, typer.Option("--show-reports", help="Show one event (by event_id) and each report's version side by side.")] = None,
) -> None:
    """Read merged events back from a store, each with `doc_ids` and `n_sources` (independent sources).

    Filters combine; names match case-insensitively. `--show-reports ID` shows how each document told that event next to the merged values.
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

            records = store.iter_events(country=country, since=since, until=until, event_type=event_type,
                                        main=True if main else None)
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
gazetteer_app = typer.Typer(no_args_is_help=True, help="Build, inspect and extend the place gazetteer (a SQLite file).")
app.add_typer(gazetteer_app, name="gazetteer")


class _RichProgress:
    """Adapter from the library's progress callback (task, advance, total) to a rich progress bar."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=err, transient=False)
        self.tasks: dict[str, int] = {}

    def __call__(self, task: str, advance: int, total: int | None) -> None:
        if task not in self.tasks:
            self.tasks[task] = self.bar.add_task(task, total=total)
        self.bar.update(self.tasks[task], advance=advance, total=total)

    def __enter__(self) -> _RichProgress:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()


def _gazetteer_report(path: Path | None) -> None:
    from .gazetteer.build import status

    info = status(path)
    out = Console()
    if not info["exists"]:
        out.print(f"no gazetteer at {info['path']} (it is built on first use, or now with `eventwire gazetteer build`)")
        return
    out.print(f"gazetteer: {info['path']} ({info['size_mb']} MB, built {info['built']})")
    out.print(f"places {info['places']:,}  names {info['names']:,}  admin1 {info['admin1']:,}  "
              f"admin2 {info['admin2']:,}  countries {info['countries']:,}")
    for s in info["sources"]:
        out.print(f"  {s['name']}: {s['rows']:,} rows (loaded {s['loaded']})")


@gazetteer_app.command("status")
def gazetteer_status(gazetteer: GazetteerOpt = None) -> None:
    """Show where the gazetteer is, what it holds and which sources were loaded into it."""
    _gazetteer_report(gazetteer)


@gazetteer_app.command("build")
def gazetteer_build(gazetteer: GazetteerOpt = None) -> None:
    """(Re)build the default gazetteer from the installed packages: cities500, admin units, countries."""
    from .gazetteer.build import GazetteerError, build

    try:
        with _RichProgress() as progress:
            path = build(gazetteer, progress=progress)
    except (GazetteerError, OSError) as exc:
        fail(f"gazetteer build: {exc}")
    _gazetteer_report(path)


@gazetteer_app.command("add")
def gazetteer_add(
    file: Annotated[Path, typer.Argument(help="GeoNames dump: 19 tab-separated columns, .txt or .zip (allCountries.zip, XX.zip, cities500.txt).")],
    admin1: Annotated[Path | None, typer.Option("--admin1", help="admin1CodesASCII.txt (admin1 names).")] = None,
    admin2: Annotated[Path | None, typer.Option("--admin2", help="admin2Codes.txt (admin2 names).")] = None,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Stream a GeoNames-format file (and admin code tables) into the gazetteer, in constant memory."""
    from .gazetteer.build import GazetteerError, add_geonames

    for p in (file, admin1, admin2):
        if p is not None and not p.exists():
            fail(f"{p}: no such file")
    try:
        with _RichProgress() as progress:
            rows = add_geonames(file, gazetteer, admin1=admin1, admin2=admin2, progress=progress)
    except (GazetteerError, UnicodeDecodeError, OSError) as exc:
        fail(f"{file}: {exc}" if str(file) not in str(exc) else str(exc))
    Console().print(f"loaded {rows:,} places from {file}")


@gazetteer_app.command("add-places")
def gazetteer_add_places(
    file: Annotated[Path, typer.Argument(help="CSV: name, alternate_names, latitude, longitude, country, admin1, admin2.")],
    gazetteer: GazetteerOpt = None,
) -> None:
    """Add your own places (villages, camps, checkpoints); they win over GeoNames on an exact name match."""
    from .gazetteer.build import GazetteerError, add_places

    if not file.exists():
        fail(f"{file}: no such file")
    try:
        rows = add_places(file, gazetteer)
    except (GazetteerError, UnicodeDecodeError, OSError) as exc:
        fail(str(exc) if str(file.name) in str(exc) else f"{file}: {exc}")
    Console().print(f"loaded {rows:,} user places from {file}")


@gazetteer_app.command("download")
def gazetteer_download(
    codes: Annotated[list[str], typer.Argument(help="Country codes (SY IQ YE) or dump names (cities500, allCountries).")],
    base_url: Annotated[str, typer.Option("--base-url", help="Where the dumps are: a URL, file:// URL or local directory.")] = "https://download.geonames.org/export/dump/",
    gazetteer: GazetteerOpt = None,
) -> None:
    """Fetch GeoNames dumps (XX.zip) and load them into the gazetteer (needs a network, or a local mirror)."""
    from .gazetteer.build import GazetteerError
    from .gazetteer.download import download

    try:
        with _RichProgress() as progress:
            loaded = download(codes, gazetteer, base=base_url, progress=progress)
    except (GazetteerError, OSError) as exc:
        fail(str(exc))
    for code, rows in loaded.items():
        Console().print(f"{code}: loaded {rows:,} places")


# ---- eval / train ----
@app.command("eval")
def eval_command(
    source: Annotated[Path | None, typer.Argument(
        metavar="[GOLD.csv | ARTICLES.jsonl]",
        help="An ACLED export (CSV): notes are the input, coded columns the answer. With --articles: the news "
             "articles to extract from (JSONL: id, url, published, outlet, text).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N distinct notes (with --articles: gold articles).")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Keep only notes whose gold country is this.")] = None,
    errors: Annotated[Path | None, typer.Option("--errors", help="Write every miss here as JSONL (with --articles: one line per article with missed, spurious or wrong fields).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
    classification: Annotated[Path | None, typer.Option("--classification", help="Score a snippet file instead (TSV: id, text, label).")] = None,
    articles: Annotated[Path | None, typer.Option(
        "--articles", metavar="GOLD.json",
        help="Score whole news articles against this article-level gold instead (JSON: {id: {no_event, events}}): "
             "main-event recall, precision, fields of the main event.")] = None,
    predictions: Annotated[Path | None, typer.Option("--predictions", help="With --articles: score these extracted events (JSONL) instead of extracting.")] = None,
    by_article: Annotated[bool, typer.Option("--by-article", help="With --articles: also show one row per article.")] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Extraction processes (each loads the model once).")] = 1,
    gazetteer: GazetteerOpt = None,
    actors: ActorsOpt = None,
    model: ModelOpt = None,
) -> None:
    """Score extraction against expert-coded events: every field, over gold events (a miss counts).

    A note coded as one event is scored on the first event extracted from it; a note coded as k
    events (the same notes text on k rows) is matched event to event by best assignment.

    With --articles GOLD.json, whole news articles are scored instead, with the figures of the
    team's score_articles.py: a predicted event matches a gold one on event type, country and date
    (within the gold window, one day either side).
    """
    import json

    from . import evaluate
    from .io.readers import DocumentError

    for path in (source, classification, articles, predictions, gazetteer, actors, model):
        if path is not None and not path.exists():
            fail(f"{path}: no such file")
    if articles is None and (predictions is not None or by_article):
        fail("--predictions and --by-article go with --articles GOLD.json")
    if articles is not None:
        if classification is not None or country is not None:
            fail("--classification and --country do not go with --articles")
        if (source is None) == (predictions is None):
            fail("with --articles GOLD.json, give one of ARTICLES.jsonl (to extract from) or --predictions PRED.jsonl")
        _eval_articles(articles, source, predictions, limit=limit, workers=workers, errors=errors,
                       as_json=as_json, by_article=by_article, data_paths=(gazetteer, actors, model))
        return
    if source is None and classification is None:
        fail("give an ACLED export to score against (eventwire eval GOLD.csv), or --classification FILE.tsv, "
             "or --articles GOLD.json ARTICLES.jsonl")
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
        report = evaluate.evaluate_acled(source, limit=limit, country=country, settings=settings, workers=workers)
    except DocumentError as exc:  # its message already names the file
        fail(str(exc))
    if report.n_notes == 0:
        fail(f"{source}: no notes to score" + (f" for country {country!r}" if country else ""))
    if errors is not None:
        evaluate.write_misses(report, errors)
    if as_json:
        print(json.dumps(report.to_json()))
        return
    wide = Console(width=max(out.width, 200))  # the confusion table is wide: never squeeze it to nothing
    for table in evaluate.report_tables(report):
        wide.print(table)
    if errors is not None:
        out.print(f"{len(report.misses)} misses written to {errors}")


def _eval_articles(gold: Path, source: Path | None, predictions: Path | None, *, limit: int | None,
                   workers: int, errors: Path | None, as_json: bool, by_article: bool,
                   data_paths: tuple[Path | None, ...]) -> None:
    """`eval --articles`: standard output holds only what the reference scorer prints, notes go to stderr."""
    import json

    from .evaluate_articles import ArticleEvalError, evaluate_articles, write_errors

    settings = None
    if predictions is None:
        from .pipeline import Settings  # imports spaCy: scoring a predictions file does without it

        settings = Settings.of(*data_paths)
    try:
        report = evaluate_articles(gold, source, predictions_path=predictions, limit=limit,
                                   settings=settings, workers=workers)
    except ArticleEvalError as exc:  # its message names the file
        fail(str(exc))
    for problem in report.skipped:
        err.print(f"[yellow]skipped[/] {problem}", highlight=False, soft_wrap=True)
    if report.unread:
        err.print(f"[yellow]warning:[/] {len(report.unread)} gold articles not read from {source}, scored as "
                  f"having no event: {', '.join(report.unread)}", highlight=False, soft_wrap=True)
    if not report.figures["articles"]:
        fail(f"{gold}: no articles to score")
    if errors is not None:
        written = write_errors(report, errors)
        err.print(f"{written} articles with errors written to {errors}", highlight=False)
    if as_json:
        print(json.dumps(report.to_json(by_article=by_article)))
        return
    lines = (report.row_lines() if by_article else []) + report.figure_lines()
    typer.echo("\n".join(lines))


@app.command("train")
def train_command(
    coded: Annotated[Path, typer.Argument(help="Coded events: an ACLED export or any CSV with notes and sub_event_type.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Directory to write the model to.")] = None,
    cv: Annotated[int | None, typer.Option("--cv", help="Also report K-fold cross-validated scores beside the rules.")] = None,
) -> None:
    """Fit an event sub-type classifier on your own coded events; use it with --model MODEL_DIR.

    The model re-labels the sub-type of each event the rules find (rules still decide which
    events exist). It is yours: eventwire ships no model trained on ACLED data.
    """
    from .stages import classifier

    if not coded.exists():
        fail(f"{coded}: no such file")
    if out is None and cv is None:
        fail("give --out MODEL_DIR to save a model, or --cv K to cross-validate")
    try:
        if cv is not None:
            r = classifier.cross_validate(coded, cv)
            print(f"{r.k}-fold cross-validation on {r.n} coded events of {coded}")
            print(f"  learned model:  sub_event_type accuracy {r.model_accuracy:.3f}  macro-F1 {r.model_macro_f1:.3f}")
            print(f"  default rules:  sub_event_type accuracy {r.rules_accuracy:.3f}  macro-F1 {r.rules_macro_f1:.3f}")
        if out is not None:
            report = classifier.train(coded, out)
            print(f"trained on {report.n_train} events ({len(report.labels)} sub-event types); model in {report.out}")
    except classifier.ClassifierError as exc:
        fail(str(exc))


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
