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
# ---- ingest / events ----
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


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
