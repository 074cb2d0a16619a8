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
# ---- serve ----


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
