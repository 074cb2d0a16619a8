"""The library entry points: documents in, events out, one bad document never stops a batch."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .io.readers import DocumentError, check_document, parse_published
from .model import Document, Event
from .nlp import get_nlp
from .stages.assemble import assemble
from .stages.dates import BACKGROUND_DAYS

log = logging.getLogger("eventwire")


@dataclass
class Result:
    """What one document gave: its events, or the error that kept it from being coded."""

    document: Document
    events: list[Event] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Settings:
    """Optional overrides of packaged data (None means the default) and the background window."""

    gazetteer: str | None = None
    actors_file: str | None = None
    classifier_dir: str | None = None
    # a deed told after the news and dated more than this many days before publication is background;
    # None keeps every dated deed
    background_days: int | None = BACKGROUND_DAYS

    @classmethod
    def of(cls, gazetteer: str | Path | None = None, actors_file: str | Path | None = None,
           classifier_dir: str | Path | None = None, background_days: int | None = BACKGROUND_DAYS) -> Settings:
        def s(p: str | Path | None) -> str | None:
            return str(p) if p else None
        if background_days is not None and background_days < 0:
            raise ValueError(f"background_days must be 0 or more (or None to keep every dated deed), not {background_days}")
        return cls(s(gazetteer), s(actors_file), s(classifier_dir), background_days)


def extract(
    text: str,
    published: str | date | None = None,
    outlet: str | None = None,
    doc_id: str | None = None,
    settings: Settings | None = None,
) -> list[Event]:
    """Events in one text. Raises DocumentError when the text cannot be coded (empty, not English...)."""
    document = Document(
        id=doc_id or "doc-" + Document(id="", text=text).text_hash[:12],
        text=text,
        published=parse_published(published),
        outlet=outlet,
    )
    (result,) = list(extract_many([document], settings=settings))
    if result.error:
        raise DocumentError(document.id, result.error)
    return result.events


def extract_many(
    documents: Iterable[Document | DocumentError],
    *,
    settings: Settings | None = None,
    batch_size: int = 64,
    batch_chars: int = 100_000,
) -> Iterator[Result]:
    """Code many documents with nlp.pipe; errors (from the reader or the check) come back as Results.

    Documents are batched (at most `batch_size` documents or about `batch_chars` characters) so
    memory stays flat however long the stream is.
    """
    settings = settings or Settings()
    nlp = get_nlp(settings.gazetteer, settings.actors_file, settings.classifier_dir, settings.background_days)
    # failed documents wait in the batch as finished Results so output order is input order
    pending: list[Document | Result] = []
    pending_chars = 0
    for item in documents:
        if isinstance(item, DocumentError):
            pending.append(Result(Document(id=item.doc_id, text=""), error=item.message))
        elif problem := check_document(item):
            pending.append(Result(item, error=problem))
        else:
            pending.append(item)
            pending_chars += len(item.text)
        # a batch is bounded in documents and in text: 64 long articles would hold ~1 GB of parsed Docs
        if len(pending) >= batch_size or pending_chars >= batch_chars:
            yield from _run_in_order(nlp, pending)
            pending, pending_chars = [], 0
    if pending:
        yield from _run_in_order(nlp, pending)


def _run_in_order(nlp, items: list[Document | Result]) -> Iterator[Result]:
    coded = iter(_run(nlp, [item for item in items if isinstance(item, Document)]))
    for item in items:
        yield item if isinstance(item, Result) else next(coded)


def _run(nlp, documents: list[Document]) -> Iterator[Result]:
    docs = []
    for document in documents:
        doc = nlp.make_doc(document.text)
        doc._.ew_document = document
        docs.append(doc)
    try:
        # collected before yielding so a failure part-way through never yields a document twice
        results = [Result(document, assemble(doc))
                   for document, doc in zip(documents, nlp.pipe(docs), strict=True)]
    except Exception:  # one document broke a stage: redo the batch one by one so only it fails
        if len(documents) == 1:
            log.exception("document %s failed", documents[0].id)
            yield Result(documents[0], error="internal error while coding this document (see log)")
            return
        for document in documents:
            yield from _run(nlp, [document])
        return
    yield from results
