"""The HTTP API and the map page: a thin FastAPI skin over the Store (no SQL, no extraction logic here).

    app = create_app("events.db", token="s3cret")   # or `eventwire serve --db events.db`

Read endpoints are open (the server binds to localhost by default); `POST /documents` needs
`Authorization: Bearer <token>` and is refused outright when the app has no token.
Every error is JSON `{"error": message}` with the status code that says what went wrong.
"""

from __future__ import annotations

import hashlib
import math
import os
import secrets
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .model import CERTAINTY_LEVELS, EVENT_FIELDS, EVENT_TYPES, SUB_EVENT_TYPE_PARENT, Document, Event
from .store import FilterError, Store

WEB_DIR = Path(__file__).resolve().parent / "web"
MAX_BODY_BYTES = 5 * 1024 * 1024
# one document coded at a time: the spaCy pipeline is shared and not meant for concurrent calls
_NLP_LOCK = threading.Lock()
MAX_PAGE = 5000  # the map asks for up to this many events at once; more is an export's job

# The page runs only its own scripts; report text can never become code. Tiles are the one outside
# source, loaded only when the user switches the online layer on. Leaflet positions with inline styles.
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'; object-src 'none'; "
            "base-uri 'none'; frame-ancestors 'none'")

EXPORT_MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "parquet": "application/vnd.apache.parquet",
}


class ApiError(Exception):
    """An error the client can fix; rendered as {"error": message} with `status`."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


class DocumentIn(BaseModel):
    """A report to ingest. `published` anchors relative dates such as "on Wednesday"."""

    text: str = Field(min_length=1, description="The report's text (plain text).")
    published: date | None = Field(None, description="Publication date, YYYY-MM-DD; without it the text's own "
                                         "dateline is used and the response's `warnings` say so.")
    outlet: str | None = Field(None, max_length=200, description="Who published it (fills `source`).")
    id: str | None = Field(None, max_length=200, description="Document id; default: a hash of the text.")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)


# ---- filters: one definition shared by /events, /stats and the exports ----

def _parse_date(name: str, value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, f"invalid {name} {value!r}: expected a date as YYYY-MM-DD") from None


def _parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None or value == "":
        return None
    parts = value.split(",")
    try:
        if len(parts) != 4:
            raise ValueError
        minlon, minlat, maxlon, maxlat = (float(p) for p in parts)
    except ValueError:
        raise ApiError(400, f"invalid bbox {value!r}: expected four numbers minlon,minlat,maxlon,maxlat") from None
    if not all(math.isfinite(v) for v in (minlon, minlat, maxlon, maxlat)):
        raise ApiError(400, f"invalid bbox {value!r}: coordinates must be finite numbers")
    if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180):
        raise ApiError(400, f"invalid bbox {value!r}: longitudes must be within -180..180")
    if not (-90 <= minlat <= 90 and -90 <= maxlat <= 90):
        raise ApiError(400, f"invalid bbox {value!r}: latitudes must be within -90..90")
    if minlon > maxlon or minlat > maxlat:
        raise ApiError(400, f"invalid bbox {value!r}: min must not exceed max (minlon,minlat,maxlon,maxlat)")
    return (minlon, minlat, maxlon, maxlat)


_TRUE, _FALSE = frozenset({"true", "1", "yes"}), frozenset({"false", "0", "no"})


def _parse_bool(name: str, value: str | None) -> bool | None:
    if value is None or value == "":
        return None
    word = value.strip().lower()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise ApiError(400, f"invalid {name} {value!r}: expected true or false")


def event_filters(
    country: Annotated[str | None, Query(description="Country name, e.g. Syria.", max_length=200)] = None,
    admin1: Annotated[str | None, Query(description="First-level administrative unit.", max_length=200)] = None,
    type: Annotated[str | None, Query(description="ACLED event type, e.g. Battles.", max_length=100)] = None,
    sub_type: Annotated[str | None, Query(description="ACLED sub-event type, e.g. Armed clash.", max_length=100)] = None,
    actor: Annotated[str | None, Query(description="Actor name (actor1, actor2 or associated).", max_length=200)] = None,
    since: Annotated[str | None, Query(description="Events on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, Query(description="Events on or before this date (YYYY-MM-DD).")] = None,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat (WGS84 degrees).")] = None,
    min_certainty: Annotated[str | None, Query(description="Weakest certainty kept: " + " < ".join(CERTAINTY_LEVELS))] = None,
    q: Annotated[str | None, Query(description="Text search over notes.", max_length=500)] = None,
    main: Annotated[str | None, Query(
        description="true: only headline events (the main event of at least one report); false: only the others.",
        max_length=10)] = None,
) -> dict[str, Any]:
    """Validated store filters; empty strings (as an HTML form sends them) mean no filter."""
    if type and type not in EVENT_TYPES:
        raise ApiError(400, f"unknown event type {type!r}: expected one of {', '.join(EVENT_TYPES)}")
    if sub_type and sub_type not in SUB_EVENT_TYPE_PARENT:
        raise ApiError(400, f"unknown sub-event type {sub_type!r}: see the ACLED taxonomy in SPEC.md")
    if min_certainty and min_certainty not in CERTAINTY_LEVELS:
        raise ApiError(400, f"unknown certainty {min_certainty!r}: expected one of {', '.join(CERTAINTY_LEVELS)}")
    since_d, until_d = _parse_date("since", since), _parse_date("until", until)
    if since_d and until_d and since_d > until_d:
        raise ApiError(400, f"since {since_d} is after until {until_d}")
    filters = {
        "country": country or None, "admin1": admin1 or None, "event_type": type or None,
        "sub_event_type": sub_type or None, "actor": actor or None,
        "since": since_d.isoformat() if since_d else None, "until": until_d.isoformat() if until_d else None,
        "bbox": _parse_bbox(bbox), "min_certainty": min_certainty or None, "text": q or None,
        "main": _parse_bool("main", main),
    }
    return {k: v for k, v in filters.items() if v is not None}


Filters = Annotated[dict[str, Any], Depends(event_filters)]
EVENT_KEYS: tuple[str, ...] = (*EVENT_FIELDS, "doc_ids", "n_sources")


def _parse_fields(value: str | None) -> list[str] | None:
    if not value:
        return None
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in EVENT_KEYS]
    if unknown:
        raise ApiError(400, f"unknown field {unknown[0]!r} in fields: expected names from {', '.join(EVENT_KEYS)}")
    return names


def get_store(request: Request) -> Iterator[Store]:
    """One connection per request: SQLite connections must not cross the threadpool's threads."""
    with Store(request.app.state.eventwire.db_path, create=False) as store:
        yield store


StoreDep = Annotated[Store, Depends(get_store)]


@dataclass(frozen=True)
class _Config:
    db_path: Path
    token: str | None
    max_body: int
    settings: Any


def _check_token(config: _Config, request: Request) -> None:
    if not config.token:
        raise ApiError(403, "write endpoints are disabled: start the server with --token or EVENTWIRE_TOKEN")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ApiError(401, "missing token: send 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"})
    if not secrets.compare_digest(given.strip().encode(), config.token.encode()):
        raise ApiError(401, "invalid token", {"WWW-Authenticate": "Bearer"})


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) past `limit` bytes without reading it all into memory."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"request body of {int(declared)} bytes exceeds the {limit} byte limit")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"request body exceeds the {limit} byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _document_from_request(body: bytes, content_type: str, params: dict[str, str]) -> Document:
    media = content_type.split(";")[0].strip().lower()
    if media == "application/json":
        try:
            doc_in = DocumentIn.model_validate_json(body)
        except ValueError as exc:
            raise ApiError(422, f"invalid document JSON: {_first_error(exc)}") from None
    elif media in ("text/plain", ""):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(400, "the text body is not valid UTF-8") from None
        try:
            doc_in = DocumentIn.model_validate({**params, "text": text})
        except ValueError as exc:
            raise ApiError(422, f"invalid document: {_first_error(exc)}") from None
    else:
        raise ApiError(415, f"unsupported content type {media!r}: send application/json or text/plain")
    if not doc_in.text.strip():
        raise ApiError(422, "invalid document: text is empty")
    doc_id = doc_in.id or "doc-" + hashlib.sha256(doc_in.text.encode("utf-8")).hexdigest()[:12]
    return Document(id=doc_id, text=doc_in.text, published=doc_in.published, outlet=doc_in.outlet,
                    title=doc_in.title, url=doc_in.url)


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            first = errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
            return f"{where}: {first.get('msg')}" if where else str(first.get("msg"))
        except (IndexError, TypeError, ValueError):
            pass
    return str(exc)


def create_app(
    db_path: str | Path,
    token: str | None = None,
    *,
    max_body: int = MAX_BODY_BYTES,
    settings: Any = None,
) -> FastAPI:
    """The API and page over the store at `db_path`. `token` enables POST /documents (None: read-only);
    `settings` (eventwire.Settings) overrides the gazetteer, actor list or classifier used to code posts."""
    config = _Config(Path(db_path), token or None, max_body, settings)
    with Store(config.db_path):  # fail now, not on the first request, when the store cannot be opened
        pass
    app = FastAPI(
        title="eventwire",
        version=__version__,
        # Swagger UI and ReDoc load their scripts from a CDN: off, the schema at /openapi.json stays
        docs_url=None,
        redoc_url=None,
        description="ACLED-style events extracted from news reports: query, ingest, export. "
                    "Errors are JSON objects {\"error\": message}.",
    )

    # ---- errors: always {"error": message} ----
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"error": exc.message}, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(FilterError)
    async def _filter_error(_: Request, exc: FilterError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": _first_error(exc)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = f"no such path: {request.url.path}" if exc.status_code == 404 else str(exc.detail)
        return JSONResponse({"error": message}, status_code=exc.status_code, headers=exc.headers)

    # ---- read endpoints ----
    @app.get("/events", summary="Events matching the filters, newest first, paginated")
    def list_events(
        store: StoreDep,
        filters: Filters,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
        fields: Annotated[str | None, Query(
            description="Comma-separated fields to return per event (default: all), e.g. event_id,latitude,longitude.",
            max_length=2000)] = None,
    ) -> dict[str, Any]:
        keep = _parse_fields(fields)
        items = store.query_events(**filters, limit=limit, offset=offset)
        if keep:
            items = [{k: item.get(k) for k in keep} for item in items]
        return {"total": store.count_events(**filters), "limit": limit, "offset": offset, "items": items}

    @app.get("/events/{event_id}", summary="One event with every report's version and evidence")
    def show_event(event_id: str, store: StoreDep) -> dict[str, Any]:
        event = store.get_event(event_id)
        if event is None:
            raise ApiError(404, f"no event with id {event_id!r}")
        return event

    @app.get("/stats", summary="Counts by type, by day and by country for the filters")
    def stats(store: StoreDep, filters: Filters) -> dict[str, Any]:
        return store.stats(**filters)

    @app.get("/export.{fmt}", summary="Every event matching the filters as csv, geojson or parquet")
    def export(fmt: str, store: StoreDep, filters: Filters) -> Response:
        if fmt not in EXPORT_MEDIA_TYPES:
            raise ApiError(404, f"unknown export format {fmt!r}: expected one of {', '.join(EXPORT_MEDIA_TYPES)}")
        from .io.writers import write_records

        # the writers take a path; the file is streamed back and removed once sent
        fd, name = tempfile.mkstemp(prefix="eventwire-export-", suffix=f".{fmt}")
        os.close(fd)
        path = Path(name)
        try:
            write_records(store.iter_events(**filters), fmt, path)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return FileResponse(
            path, media_type=EXPORT_MEDIA_TYPES[fmt], filename=f"events.{fmt}",
            background=BackgroundTask(path.unlink, missing_ok=True),
        )

    # ---- write endpoint ----
    @app.post(
        "/documents",
        summary="Ingest one report and return the events extracted from it",
        status_code=201,
        openapi_extra={
            "parameters": [
                {"name": n, "in": "query", "required": False, "schema": {"type": "string"},
                 "description": f"With a text/plain body: the document's {n}."}
                for n in ("published", "outlet", "id", "title", "url")
            ],
            "requestBody": {
                "required": True,
                "description": f"JSON document or plain text; at most {max_body} bytes.",
                "content": {
                    "application/json": {"schema": DocumentIn.model_json_schema()},
                    "text/plain": {"schema": {"type": "string"}},
                },
            },
            "security": [{"bearer": []}],
        },
    )
    async def post_document(request: Request) -> JSONResponse:
        _check_token(config, request)
        body = await _read_body(request, config.max_body)
        params = {k: v for k, v in request.query_params.items()
                  if k in ("published", "outlet", "id", "title", "url")}
        document = _document_from_request(body, request.headers.get("content-type", ""), params)
        from starlette.concurrency import run_in_threadpool

        status, payload = await run_in_threadpool(_ingest_one, config, document)
        return JSONResponse(payload, status_code=status)

    # ---- the page ----
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html", headers={"Content-Security-Policy": PAGE_CSP})

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    app.state.eventwire = config
    _add_openapi_extras(app)
    return app


def _ingest_one(config: _Config, document: Document) -> tuple[int, dict[str, Any]]:
    """Code one document (NLP runs here, off the event loop), store it, return its events, what the
    store did with them and the warnings (a document without `published` dated by its dateline).
    201 when stored, 200 when the same text was already in the store."""
    from .pipeline import extract_many  # spaCy loads on the first post, not at start-up

    with _NLP_LOCK:
        (result,) = list(extract_many([document], settings=config.settings))
    if result.error:
        raise ApiError(422, f"document {document.id!r} could not be coded: {result.error}")
    coded = result.document  # dated by its dateline when it came without `published`
    with Store(config.db_path) as store:
        report = store.add_document(coded, result.events)
    payload = {
        "document": {"id": coded.id, "outlet": coded.outlet,
                     "published": coded.published.isoformat() if coded.published else None},
        "stored": bool(report.documents_added),
        "events_added": report.events_added,
        "events_merged": report.events_merged,
        "near_duplicate": bool(report.near_duplicates),
        "events": [event.to_dict() for event in result.events],
        "warnings": result.warnings,
    }
    return (201 if report.documents_added else 200), payload


def event_schemas() -> dict[str, Any]:
    """OpenAPI component schemas of a merged event (`Event`, and `Evidence` it refers to), derived from
    model.Event so they follow the SPEC fields, plus the store's `doc_ids` and `n_sources`."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(Event).json_schema(ref_template="#/components/schemas/{model}")
    defs = schema.pop("$defs", {})
    schema.pop("required", None)  # `fields` may leave any field out of a listed event
    props = schema["properties"]
    props["main"]["description"] = ("True for the event a document's headline and lead are about (at most one per "
                                    "document); a merged event is main when it is the main event of any of its reports.")
    props["doc_ids"] = {"type": "array", "items": {"type": "string"}, "description": "Every document that reported it."}
    props["n_sources"] = {"type": "integer", "description": "Independent sources (republished copy counts once)."}
    return {"Event": schema, **defs}


def _add_openapi_extras(app: FastAPI) -> None:
    """Complete the generated OpenAPI schema: the bearer token that authorises POST, and the event
    records the read endpoints return (their handlers return plain dicts, so FastAPI cannot see them)."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        components = schema.setdefault("components", {})
        components.setdefault("securitySchemes", {})["bearer"] = {
            "type": "http", "scheme": "bearer",
            "description": "The token given to `eventwire serve --token` (or EVENTWIRE_TOKEN).",
        }
        components.setdefault("schemas", {}).update(event_schemas())
        event = {"$ref": "#/components/schemas/Event"}
        page = {"type": "object", "properties": {
            "total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"},
            "items": {"type": "array", "items": event,
                      "description": "Events with every field, or only those named by `fields`."}}}
        one = {"allOf": [event, {"type": "object", "properties": {"reports": {
            "type": "array", "description": "Each report's version of the event, its document and evidence.",
            "items": {"type": "object"}}}}]}
        for path, body in (("/events", page), ("/events/{event_id}", one)):
            ok = schema["paths"][path]["get"]["responses"]["200"]
            ok["content"] = {"application/json": {"schema": body}}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
