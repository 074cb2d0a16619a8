"""Turn files into Documents: plain text, HTML, JSONL, ACLED CSV, or standard input.

A problem with one document (empty, binary, not UTF-8, a broken JSONL line...) comes back as a
`DocumentError` in the stream, in place of that document, so a batch never stops for one bad input.
"""

from __future__ import annotations

import csv
import html as html_lib
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from ..model import Document

INPUT_FORMATS: tuple[str, ...] = ("txt", "html", "jsonl", "acled")

SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "txt", ".text": "txt", ".md": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "acled",
}

# One news report is a few kB; 5 MB of text is a book, not a report, and would take the parser minutes.
MAX_TEXT_CHARS = 5_000_000
MAX_TEXT_BYTES = 5 * 1024 * 1024
# HTML carries markup and scripts around the article, so the raw file may be larger than its text.
MAX_HTML_BYTES = 4 * MAX_TEXT_BYTES

# Below this many words a stopword ratio says nothing (headlines, one-line ACLED notes).
_MIN_WORDS_FOR_LANGUAGE = 12
# English running text is 30-50% stopwords; terse conflict-event notes go down to ~15%; French, Spanish,
# German, Portuguese prose scores under 10% against the English list.
_MIN_STOPWORD_RATIO = 0.10
# Up to this many words, a low ratio alone does not refuse a text (see _language_problem).
_MIN_WORDS_TO_REFUSE_UNSEEN_LANGUAGE = 40
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class DocumentError(Exception):
    """A document that cannot be read or coded; `doc_id` names it (an id, a file, or file:line)."""

    def __init__(self, doc_id: str, message: str) -> None:
        super().__init__(f"{doc_id}: {message}")
        self.doc_id = doc_id
        self.message = message


# ---------------------------------------------------------------- dates

def parse_published(value: str | date | None) -> date | None:
    """An ISO publication date ("2019-02-21", or an ISO timestamp whose date part is taken)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"publication date must be an ISO date string like 2019-02-21, got {value!r}")
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]) if _ISO_PREFIX.match(text) else date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not an ISO date (expected YYYY-MM-DD, like 2019-02-21): {value!r}") from None


# "2020-05-09" alone or followed by a time ("2020-05-09T10:00:00Z", "2020-05-09 10:00")
_ISO_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}(?:$|[T ]\d)")

_ACLED_DATE_FORMATS = ("%d-%b-%y", "%d-%B-%y", "%d-%b-%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y")


def parse_acled_date(value: str) -> date:
    """ACLED's event_date in any of its export spellings: "9-May-20", "2020-05-09", "09 May 2020"."""
    text = value.strip()
    if _ISO_PREFIX.match(text):
        return date.fromisoformat(text[:10])
    for fmt in _ACLED_DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not an ACLED event_date (like 9-May-20, 2020-05-09 or 09 May 2020): {value!r}")


# ---------------------------------------------------------------- checks

def check_document(doc: Document) -> str | None:
    """Why this document cannot be coded, or None when it can."""
    text = doc.text
    if not text or not text.strip():
        return "empty text: nothing to code"
    if len(text) > MAX_TEXT_CHARS:
        return (f"text too large: {len(text) / 1e6:.1f} million characters, the limit is "
                f"{MAX_TEXT_CHARS / 1e6:.0f} million (split it into single reports)")
    if "\x00" in text:
        return "looks like binary data (contains NUL bytes), not text"
    controls = len(_CONTROL_RE.findall(text))
    if controls > max(3, len(text) // 200):
        return f"looks like binary data ({controls} control characters), not text"
    return _language_problem(text)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    # spacy.lang.en.stop_words is a plain module: no model, no pipeline
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=1)
def _foreign_stop_words() -> frozenset[str]:
    """Function words of the languages most often mistaken for English copy (spaCy's lists, no model)."""
    from spacy.lang.de.stop_words import STOP_WORDS as de
    from spacy.lang.es.stop_words import STOP_WORDS as es
    from spacy.lang.fr.stop_words import STOP_WORDS as fr
    from spacy.lang.it.stop_words import STOP_WORDS as it
    from spacy.lang.nl.stop_words import STOP_WORDS as nl
    from spacy.lang.pt.stop_words import STOP_WORDS as pt

    return frozenset().union(de, es, fr, it, nl, pt)


def _language_problem(text: str) -> str | None:
    """A cheap English test: Latin script, and enough English function words once the text is long."""
    sample = text[:20_000]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) >= 20:
        latin = sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f")
        if latin / len(letters) < 0.6:
            return "not English: the text is mostly in a non-Latin script"
    words = [w.lower().replace("’", "'") for w in _WORD_RE.findall(sample)]
    if len(words) < _MIN_WORDS_FOR_LANGUAGE:
        return None  # headlines and one-line notes: too short to judge, let them through
    stop_words = _stop_words()
    english = sum(1 for w in words if w in stop_words)
    ratio = english / len(words)
    if ratio >= _MIN_STOPWORD_RATIO:
        return None
    # a terse, name-heavy English note ("IS insurgents beheaded 2 fishermen near Mucojo, Macomia district,
    # Cabo Delgado") has few function words too: a short text is refused only when another language's
    # function words outnumber the English ones
    foreign = sum(1 for w in words if w in _foreign_stop_words() and w not in stop_words)
    if len(words) < _MIN_WORDS_TO_REFUSE_UNSEEN_LANGUAGE and foreign <= english:
        return None
    return f"not English: only {ratio:.0%} of its words are English function words"


# ---------------------------------------------------------------- reading

def guess_format(path: str) -> str | None:
    """The input format a file name implies, or None when it says nothing."""
    return SUFFIX_FORMATS.get(Path(path).suffix.lower())


def read_documents(
    paths: Iterable[str],
    input_format: str | None = None,
    published: str | date | None = None,
    outlet: str | None = None,
) -> Iterator[Document | DocumentError]:
    """Documents from files ('-' = standard input); an unreadable one is a DocumentError in its place.

    `published` and `outlet` apply to every document that does not carry its own (JSONL fields).
    Raises ValueError at once for an unknown `input_format` or a malformed `published`.
    """
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r}: use one of {', '.join(INPUT_FORMATS)}")
    anchor = parse_published(published)
    return _read_all(list(paths), input_format, anchor, outlet)


def _read_all(paths: list[str], input_format: str | None, published: date | None,
              outlet: str | None) -> Iterator[Document | DocumentError]:
    for path in paths:
        try:
            for item in _read_one(path, input_format, published, outlet):
                yield item if isinstance(item, DocumentError) else _checked(path, item)
        except DocumentError as exc:
            yield exc


def _checked(path: str, document: Document) -> Document | DocumentError:
    """Check here, where the file name is known, so the error names the file and not only an id."""
    problem = check_document(document)
    if problem is None:
        return document
    name = "stdin" if path == "-" else path
    where = name if document.id in (Path(path).stem, "stdin") else f"{name} (document {document.id})"
    return DocumentError(where, problem)


def _read_one(path: str, input_format: str | None, published: date | None,
              outlet: str | None) -> Iterator[Document | DocumentError]:
    if path == "-":
        stream = _stdin_binary()
        head = stream.peek(4096)[:4096]
        fmt = input_format or _sniff(head)
        if fmt in ("jsonl", "acled"):  # a batch: stream it, however long
            yield from _parse_stream("stdin", stream, fmt, published, outlet)
        else:
            yield from _parse_bytes("stdin", "stdin", _read_capped(stream), fmt, published, outlet)
        return
    fmt = input_format or guess_format(path)
    if fmt is None:
        raise DocumentError(path, f"cannot tell the input format from the file name; pass --input-format "
                                  f"({', '.join(INPUT_FORMATS)})")
    file = Path(path)
    if not file.exists():
        raise DocumentError(path, "no such file")
    if file.is_dir():
        raise DocumentError(path, "is a directory, not a file")
    if fmt == "jsonl":
        yield from _read_jsonl(path, _open_binary(path), published, outlet)
        return
    if fmt == "acled":
        for item in _read_acled(path):
            yield item if isinstance(item, DocumentError) else _with_outlet(item[0], outlet)
        return
    limit = MAX_HTML_BYTES if fmt == "html" else MAX_TEXT_BYTES
    size = file.stat().st_size
    if size > limit:  # refuse before reading: a huge file would be rejected anyway
        raise DocumentError(path, _too_large(size, limit))
    data = _read_bytes(path)
    yield from _parse_bytes(path, file.stem, data, fmt, published, outlet)


def _too_large(size: int, limit: int) -> str:
    return (f"file too large: {size / 1e6:.1f} MB, the limit is {limit / 1e6:.1f} MB "
            f"(a news report is a few kB; split it into single reports)")


def _stdin_binary() -> io.BufferedReader:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text-only stdin (embedding, some test runners)
        buffer = io.BytesIO(sys.stdin.read().encode("utf-8"))
    # our own buffered reader over it (peek without consuming); closing it must not close the real stdin
    return io.BufferedReader(_Unclosable(buffer))


class _Unclosable(io.RawIOBase):
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        data = self.inner.read(len(b))
        b[:len(data)] = data
        return len(data)


def _read_capped(stream: BinaryIO) -> bytes:
    # one byte past the largest single report we accept: an oversized stream is caught without reading it all
    limit = MAX_HTML_BYTES
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise DocumentError("stdin", _too_large(len(data), limit))
    return data


def _parse_stream(name: str, stream: BinaryIO, fmt: str, published: date | None,
                  outlet: str | None) -> Iterator[Document | DocumentError]:
    if fmt == "jsonl":
        yield from _read_jsonl(name, stream, published, outlet)
        return
    for item in _read_acled(name, stream):
        yield item if isinstance(item, DocumentError) else _with_outlet(item[0], outlet)


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article")):
        return "html"
    header = head.split(b"\n", 1)[0]
    if b"," in header and b"notes" in header and b"event_date" in header:  # an ACLED export's header row
        return "acled"
    return "txt"


def _open_binary(path: str) -> BinaryIO:
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by the reader that consumes it
    except OSError as exc:
        raise DocumentError(path, f"cannot open: {exc.strerror or exc}") from None


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise DocumentError(path, f"cannot read: {exc.strerror or exc}") from None


def _decode(name: str, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise DocumentError(name, "looks like a binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            name, f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                  "convert it to UTF-8 first, e.g. iconv -f latin1 -t utf-8"
        ) from None


def _parse_bytes(name: str, doc_id: str, data: bytes, fmt: str, published: date | None,
                 outlet: str | None) -> Iterator[Document | DocumentError]:
    text = _decode(name, data)
    if fmt == "html":
        yield _html_document(name, doc_id, text, published, outlet)
        return
    yield Document(id=doc_id, text=text, published=published, outlet=outlet)


def _with_outlet(document: Document, outlet: str | None) -> Document:
    if outlet is None or document.outlet:
        return document
    return Document(document.id, document.text, document.published, outlet, document.title, document.url)


# ---------------------------------------------------------------- HTML

_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_META_RE = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR_RE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
# Publication-date meta tags a news site sets (Open Graph, schema.org, Dublin Core, common CMS names).
_DATE_META = {"article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
              "date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date"}


def _html_document(name: str, doc_id: str, raw: str, published: date | None,
                   outlet: str | None) -> Document:
    import trafilatura  # imported here: it takes a second and only HTML input needs it

    text = trafilatura.extract(raw, include_comments=False, include_tables=False) or ""
    if not text.strip():
        # trafilatura drops pages too small to look like an article; fall back to all visible text
        text = trafilatura.html2txt(raw) or ""
    if not text.strip():
        raise DocumentError(name, "no article text found in the HTML")
    match = _TITLE_RE.search(raw)
    title = " ".join(html_lib.unescape(match.group(1)).split()) if match else None
    meta = _html_meta(raw)
    return Document(
        id=doc_id,
        text=text,
        published=published or _meta_date(meta),
        outlet=outlet or meta.get("og:site_name") or None,
        title=title or meta.get("og:title") or None,
        url=meta.get("og:url") or None,
    )


def _html_meta(raw: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for tag in _META_RE.findall(raw[:200_000]):
        attrs = {m[0].lower(): html_lib.unescape(m[1] or m[2] or m[3]) for m in _ATTR_RE.findall(tag)}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key and "content" in attrs:
            meta.setdefault(key, attrs["content"].strip())
    return meta


def _meta_date(meta: dict[str, str]) -> date | None:
    # only an explicit publication-date tag: guessing from the page text could anchor on an event date
    for key in _DATE_META:
        if key in meta:
            try:
                return parse_published(meta[key])
            except ValueError:
                continue
    return None


# ---------------------------------------------------------------- JSONL

def _read_jsonl(name: str, stream: BinaryIO, published: date | None,
                outlet: str | None) -> Iterator[Document | DocumentError]:
    stem = "stdin" if name == "stdin" else Path(name).stem
    with stream:
        for lineno, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            where = f"{name}:{lineno}"
            try:
                yield _jsonl_document(where, f"{stem}:{lineno}", raw, published, outlet)
            except DocumentError as exc:
                yield exc


def _jsonl_document(where: str, default_id: str, raw: bytes, published: date | None,
                    outlet: str | None) -> Document:
    if len(raw) > MAX_HTML_BYTES:
        raise DocumentError(where, _too_large(len(raw), MAX_HTML_BYTES))
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(where, f"not UTF-8 text (invalid byte 0x{raw[exc.start]:02x})") from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DocumentError(where, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise DocumentError(where, f"expected a JSON object, got {type(record).__name__}")
    doc_id = str(record["id"]) if record.get("id") not in (None, "") else default_id
    text = record.get("text")
    if not isinstance(text, str):
        problem = "no 'text' field" if text is None else f"'text' must be a string, got {type(text).__name__}"
        raise DocumentError(where, f"{problem} (document {doc_id})")
    try:
        own_date = parse_published(record.get("published"))
    except ValueError as exc:
        raise DocumentError(where, f"bad 'published' (document {doc_id}): {exc}") from None
    return Document(
        id=doc_id,
        text=text,
        published=own_date or published,
        outlet=_str_or_none(record.get("outlet")) or outlet,
        title=_str_or_none(record.get("title")),
        url=_str_or_none(record.get("url")),
    )


def _str_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


# ---------------------------------------------------------------- ACLED

def iter_acled(path: str) -> Iterator[tuple[Document, dict[str, str]]]:
    """Each ACLED row as (Document built from notes/event_date/event_id_cnty only, the raw row).

    For evaluation: the raw row holds the gold columns. A row whose event_date cannot be read keeps
    `published=None`. Raises DocumentError for a file that cannot be read as an ACLED export.
    """
    for item in _read_acled(path, strict_dates=False):
        if isinstance(item, DocumentError):
            raise item
        yield item


def _read_acled(name: str, stream: BinaryIO | None = None, *,
                strict_dates: bool = True) -> Iterator[tuple[Document, dict[str, str]] | DocumentError]:
    if stream is None:
        if not Path(name).exists():
            raise DocumentError(name, "no such file")
        stream = _open_binary(name)
    stem = "stdin" if name == "stdin" else Path(name).stem
    with stream, io.TextIOWrapper(stream, encoding="utf-8-sig", newline="") as text:
        reader = csv.DictReader(text)
        try:
            columns = reader.fieldnames or []
            if "notes" not in columns:
                raise DocumentError(name, f"not an ACLED export: no 'notes' column (columns: "
                                          f"{', '.join(columns[:8]) or 'none'})")
            for row in reader:
                line = reader.line_num
                doc_id = (row.get("event_id_cnty") or "").strip() or f"{stem}:{line}"
                raw_date = (row.get("event_date") or "").strip()
                anchor: date | None = None
                if raw_date:
                    try:
                        anchor = parse_acled_date(raw_date)
                    except ValueError as exc:
                        if strict_dates:
                            yield DocumentError(f"{name}:{line}", f"bad event_date (document {doc_id}): {exc}")
                            continue
                # only the report text and its date: the coded columns are the answer, never the input
                yield Document(id=doc_id, text=row.get("notes") or "", published=anchor), row
        except UnicodeDecodeError as exc:
            raise DocumentError(name, f"not UTF-8 text (invalid byte 0x{exc.object[exc.start]:02x}); "
                                      "convert it to UTF-8 first") from None
        except csv.Error as exc:
            raise DocumentError(name, f"malformed CSV at line {reader.line_num}: {exc}") from None
