"""The library entry points: documents in, events out, one bad document never stops a batch."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .io.dateline import with_dateline
from .io.readers import DocumentError, check_document, parse_published
from .model import Document, Event
from .nlp import get_nlp
from .stages.assemble import assemble
from .stages.dates import BACKGROUND_DAYS

log = logging.getLogger("eventwire")


@dataclass
class Result:
    """What one document gave: its events, or the error that kept it from being coded.

    `document` is the document as coded: one that came without `published` carries the date of its
    own dateline there, and `warnings` says so (or that relative dates could not be resolved).
    """

    document: Document
    events: list[Event] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

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
    """Events in one text. Raises DocumentError when the text cannot be coded (empty, not English...).

    Without `published`, the text's own dateline is the anchor of relative dates; a warning is logged.
    """
    document = Document(
        id=doc_id or "doc-" + Document(id="", text=text).text_hash[:12],
        text=text,
        published=parse_published(published),
        outlet=outlet,
    )
    (result,) = list(extract_many([document], settings=settings))
    if result.error:
        raise DocumentError(document.id, result.error)
    for warning in result.warnings:  # one call, no Result to carry them: the log is the channel
        log.warning("%s", warning)
    return result.events


def extract_many(
    documents: Iterable[Document | DocumentError],
    *,
    settings: Settings | None = None,
    batch_size: int = 64,
    batch_chars: int = 100_000,
) -> Iterator[Result]:
    """Code many documents with nlp.pipe; errors (from the reader or the check) come back as Results.

    A document without `published` is anchored on its own dateline or date line ("KABUL, March 12
    (Reuters) -", "Published 12 March 2023"), and its Result's `warnings` say what was used.
    Documents are batched (at most `batch_size` documents or about `batch_chars` characters) so
    memory stays flat however long the stream is.
    """
    settings = settings or Settings()
    nlp = get_nlp(settings.gazetteer, settings.actors_file, settings.classifier_dir, settings.background_days)
    # failed documents wait in the batch as finished Results so output order is input order
    pending: list[_Job | Result] = []
    pending_chars = 0
    for item in documents:
        if isinstance(item, DocumentError):
            pending.append(Result(Document(id=item.doc_id, text=""), error=item.message))
        elif problem := check_document(item):
            pending.append(Result(item, error=problem))
        else:
            document, warning = with_dateline(item)
            pending.append(_Job(document, [warning] if warning else []))
            pending_chars += len(item.text)
        # a batch is bounded in documents and in text: 64 long articles would hold ~1 GB of parsed Docs
        if len(pending) >= batch_size or pending_chars >= batch_chars:
            yield from _run_in_order(nlp, pending)
            pending, pending_chars = [], 0
    if pending:
        yield from _run_in_order(nlp, pending)


@dataclass(frozen=True)
class _Job:
    """A document ready for the pipeline and the warnings its Result will carry."""

    document: Document
    warnings: list[str]


def _run_in_order(nlp, items: list[_Job | Result]) -> Iterator[Result]:
    coded = iter(_run(nlp, [item for item in items if isinstance(item, _Job)]))
    for item in items:
        yield item if isinstance(item, Result) else next(coded)


def _run(nlp, jobs: list[_Job]) -> Iterator[Result]:
    docs = []
    for job in jobs:
        doc = nlp.make_doc(job.document.text)
        doc._.ew_document = job.document
        docs.append(doc)
    try:
        # collected before yielding so a failure part-way through never yields a document twice
        results = [Result(job.document, assemble(doc), warnings=list(job.warnings))
                   for job, doc in zip(jobs, nlp.pipe(docs), strict=True)]
    except Exception:  # one document broke a stage: redo the batch one by one so only it fails
        if len(jobs) == 1:
            log.exception("document %s failed", jobs[0].document.id)
            yield Result(jobs[0].document, error="internal error while coding this document (see log)",
                         warnings=list(jobs[0].warnings))
            return
        for job in jobs:
            yield from _run(nlp, [job])
        return
    yield from results
