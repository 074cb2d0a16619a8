"""Write event records as JSONL, ACLED CSV, GeoJSON, Parquet, or a table for people.

A record is a dict: `Event.to_dict()`, or a merged-store record with extra keys (`doc_ids`,
`n_sources`...), which are written after the SPEC fields. Every format but Parquet streams: records
are written as they come, so memory does not grow with their number (Parquet writes in row groups).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

from ..model import ACLED_COLUMNS, EVENT_FIELDS

OUTPUT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "geojson", "parquet", "table")
BINARY_FORMATS = frozenset({"parquet"})

# ACLED column -> our field, where the names differ or the value is derived
_ACLED_FROM_FIELD: dict[str, str] = {"event_id_cnty": "event_id"}
# our SPEC fields that ACLED has under the same name are written once, in the ACLED block
_EXTRA_SPEC_FIELDS: tuple[str, ...] = tuple(f for f in EVENT_FIELDS if f not in ACLED_COLUMNS)

_INT_FIELDS = frozenset({"time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
                         "fatalities", "fatalities_low", "fatalities_high"})
_FLOAT_FIELDS = frozenset({"latitude", "longitude"})
_BOOL_FIELDS = frozenset({"main"})

ROW_GROUP = 10_000


def write_records(records: Iterable[dict[str, Any]], fmt: str,
                  out: TextIO | BinaryIO | str | Path | None = None) -> int:
    """Write `records` to `out` (an open stream, a path, or None for standard output) in `fmt`;
    returns how many were written."""
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown output format {fmt!r}: use one of {', '.join(OUTPUT_FORMATS)}")
    if out is None:
        out = sys.stdout
    writer = _WRITERS[fmt]
    with _open_out(out, binary=fmt in BINARY_FORMATS) as stream:
        return writer(iter(records), stream)


@contextmanager
def _open_out(out: TextIO | BinaryIO | str | Path, *, binary: bool) -> Iterator[IO[Any]]:
    if isinstance(out, (str, Path)):
        path = Path(out)
        if path.parent and not path.parent.exists():
            raise ValueError(f"cannot write {path}: directory {path.parent} does not exist")
        if binary:
            with open(path, "wb") as fh:
                yield fh
        else:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                yield fh
        return
    if binary and isinstance(out, io.TextIOBase):
        buffer = getattr(out, "buffer", None)
        if buffer is None:
            raise ValueError("parquet is binary: give a file path or a binary stream, not a text stream")
        out.flush()
        yield buffer
        buffer.flush()
        return
    if not binary and _is_binary(out):
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")  # type: ignore[arg-type]
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()  # leave the caller's stream open
        return
    yield out


def _is_binary(stream: Any) -> bool:
    return isinstance(stream, (io.RawIOBase, io.BufferedIOBase)) or "b" in getattr(stream, "mode", "")


def _extra_keys(first: dict[str, Any]) -> list[str]:
    """Keys past the SPEC fields (merged-store additions), in the record's own order."""
    known = set(EVENT_FIELDS)
    return [k for k in first if k not in known]


def _json_default(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def _flat(value: Any) -> Any:
    """A scalar for formats without nesting (CSV, GeoJSON properties): lists and dicts become JSON."""
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# ---------------------------------------------------------------- JSONL

def _write_jsonl(records: Iterator[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, default=_json_default))
        out.write("\n")
        n += 1
    return n


# ---------------------------------------------------------------- ACLED CSV

def acled_row(record: dict[str, Any]) -> dict[str, Any]:
    """ACLED's 31 columns for one record; columns we do not produce stay empty."""
    row: dict[str, Any] = {}
    for column in ACLED_COLUMNS:
        row[column] = record.get(_ACLED_FROM_FIELD.get(column, column))
    event_date = record.get("event_date")
    row["year"] = int(str(event_date)[:4]) if event_date else None
    return row


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):  # JSON's spelling: pandas, DuckDB and R read it back as a boolean
        return "true" if value else "false"
    return _flat(value)


def _write_csv(records: Iterator[dict[str, Any]], out: TextIO) -> int:
    first = next(records, None)
    extras = _extra_keys(first) if first else []
    columns = [*ACLED_COLUMNS, *_EXTRA_SPEC_FIELDS, *extras]
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    if first is None:
        return 0
    n = 0
    for record in chain([first], records):
        row = acled_row(record)
        for name in (*_EXTRA_SPEC_FIELDS, *extras):
            row[name] = record.get(name)
        writer.writerow({k: _csv_value(v) for k, v in row.items()})
        n += 1
    return n


# ---------------------------------------------------------------- GeoJSON

def feature(record: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON Feature: a Point where the event is placed, null geometry where it is not."""
    lat, lon = record.get("latitude"), record.get("longitude")
    geometry = ({"type": "Point", "coordinates": [float(lon), float(lat)]}
                if lat is not None and lon is not None else None)
    properties = {k: _flat(v) for k, v in record.items()}
    return {"type": "Feature", "id": record.get("event_id"), "geometry": geometry, "properties": properties}


def _write_geojson(records: Iterator[dict[str, Any]], out: TextIO) -> int:
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for record in records:
        if n:
            out.write(",\n")
        out.write(json.dumps(feature(record), ensure_ascii=False, default=_json_default))
        n += 1
    out.write("\n]}\n")
    return n


# ---------------------------------------------------------------- Parquet

def _arrow_schema(extras: dict[str, Any]) -> Any:
    import pyarrow as pa

    evidence = pa.list_(pa.struct([("field", pa.string()), ("doc_id", pa.string()), ("start", pa.int64()),
                                   ("end", pa.int64()), ("text", pa.string())]))
    fields = []
    for name in EVENT_FIELDS:
        if name == "evidence":
            fields.append(pa.field(name, evidence))
        elif name in _INT_FIELDS:
            fields.append(pa.field(name, pa.int64()))
        elif name in _FLOAT_FIELDS:
            fields.append(pa.field(name, pa.float64()))
        elif name in _BOOL_FIELDS:
            fields.append(pa.field(name, pa.bool_()))
        else:
            fields.append(pa.field(name, pa.string()))
    fields.extend(pa.field(name, _arrow_type(sample)) for name, sample in extras.items())
    return pa.schema(fields)


def _arrow_type(sample: Any) -> Any:
    """Column type for an extra key from its first non-null value; anything nested becomes JSON text."""
    import pyarrow as pa

    if isinstance(sample, bool):
        return pa.bool_()
    if isinstance(sample, int):
        return pa.int64()
    if isinstance(sample, float):
        return pa.float64()
    if isinstance(sample, (list, tuple)) and all(isinstance(x, str) for x in sample):
        return pa.list_(pa.string())
    return pa.string()


def _arrow_value(value: Any, kind: Any) -> Any:
    import pyarrow as pa

    if value is None:
        return None
    if kind == pa.string() and not isinstance(value, str):
        return _flat(value) if isinstance(value, (list, tuple, dict, set)) else str(value)
    if kind == pa.int64():
        return int(value)
    if kind == pa.float64():
        return float(value)
    if kind == pa.bool_():
        return bool(value)
    if kind == pa.list_(pa.string()):
        return [str(x) for x in value]
    return value


def _write_parquet(records: Iterator[dict[str, Any]], out: BinaryIO) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    batch = list(islice(records, ROW_GROUP))
    extras: dict[str, Any] = {}
    for name in _extra_keys(batch[0]) if batch else []:
        extras[name] = next((r[name] for r in batch if r.get(name) is not None), None)
    schema = _arrow_schema(extras)
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        while batch:
            columns = {}
            for f in schema:
                if f.name == "evidence":
                    columns[f.name] = [list(r.get("evidence") or []) for r in batch]
                else:
                    columns[f.name] = [_arrow_value(r.get(f.name), f.type) for r in batch]
            writer.write_table(pa.Table.from_pydict(columns, schema=schema))
            n += len(batch)
            batch = list(islice(records, ROW_GROUP))
    return n


# ---------------------------------------------------------------- table (people)

# the table groups evidence by what a reader looks for, not by every SPEC field
_EVIDENCE_LABEL = {
    "event_type": "type", "sub_event_type": "type",
    "event_date": "date", "date_start": "date", "date_end": "date", "time_precision": "date",
    "actor1": "actor1", "inter1": "actor1", "assoc_actor_1": "actor1",
    "actor2": "actor2", "inter2": "actor2", "assoc_actor_2": "actor2", "civilian_targeting": "actor2",
    **dict.fromkeys(("country", "iso", "iso3", "admin1", "admin2", "admin3", "location", "latitude",
                     "longitude", "geo_precision"), "place"),
    "fatalities": "deaths", "fatalities_low": "deaths", "fatalities_high": "deaths",
    "reported_by": "reported by",
}


def _evidence_lines(record: dict[str, Any]) -> str:
    """'type, certainty ← "evacuated"': one line per quoted span, with what it gave, in text order."""
    by_text: dict[tuple[int, str], list[str]] = {}
    for ev in record.get("evidence") or []:
        item = ev if isinstance(ev, dict) else ev.to_dict()
        text = " ".join(str(item.get("text", "")).split())
        label = _EVIDENCE_LABEL.get(item.get("field", "?"), item.get("field", "?"))
        labels = by_text.setdefault((item.get("start") or 0, text), [])
        if label not in labels:
            labels.append(label)
    return "\n".join(f'{", ".join(labels)} ← "{text}"' for (_, text), labels in sorted(by_text.items()))


def _write_table(records: Iterator[dict[str, Any]], out: TextIO) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=True, title="eventwire events")
    for name, opts in (("date", {"max_width": 12}), ("type", {"max_width": 22}), ("actors", {"max_width": 20}),
                       ("place", {"max_width": 22}), ("deaths", {"justify": "right"}),
                       ("source", {"max_width": 20}), ("evidence", {"min_width": 30})):
        table.add_column(name, **opts)
    n = 0
    for r in records:
        date = r.get("event_date") or "?"
        if r.get("date_start") and r.get("date_end") and r.get("date_start") != r.get("date_end"):
            date = f"{r['date_start']}\nto {r['date_end']}"
        kind = f"{r.get('event_type') or '?'}\n[dim]{r.get('sub_event_type') or ''}[/]"
        if r.get("main"):
            kind += "\n[bold]headline event[/]"
        actors = r.get("actor1") or "?"
        if r.get("actor2"):
            actors += f"\n→ {r['actor2']}"
        place = ", ".join(str(v) for v in (r.get("location"), r.get("admin1"), r.get("country")) if v) or "?"
        if r.get("latitude") is not None and r.get("longitude") is not None:
            place += f"\n[dim]({r['latitude']:.3f}, {r['longitude']:.3f})[/]"
        deaths = "" if r.get("fatalities") is None else str(r["fatalities"])
        source = r.get("certainty") or ""
        if r.get("reported_by"):
            source += f"\n[dim]by[/] {r['reported_by']}"
        if r.get("n_sources"):
            source += f"\n{r['n_sources']} source(s)"
        table.add_row(date, kind, actors, place, deaths, source, _evidence_lines(r))
        n += 1
    width = None if getattr(out, "isatty", lambda: False)() else 160
    console = Console(file=out, width=width, highlight=False, soft_wrap=False)
    if n:
        console.print(table)
    else:
        console.print("no events found")
    return n


_WRITERS = {
    "jsonl": _write_jsonl,
    "csv": _write_csv,
    "geojson": _write_geojson,
    "parquet": _write_parquet,
    "table": _write_table,
}
