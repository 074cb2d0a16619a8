"""The contract between stages: what a trigger is, what a stage writes, and the Doc extensions.

Every stage after `triggers` writes a list aligned with `doc._.ew_triggers`: element i is an
`Annotation` for trigger i, holding the SPEC fields the stage filled and, for each, the character
span of the document it came from. `assemble` is the only reader of these lists.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from ..model import STAGE_FIELDS, Document

# modality values: only "factual" triggers become events
FACTUAL = "factual"
# "background" is set by the date stage: a deed recalled from before the document's news
MODALITIES = ("factual", "future", "hypothetical", "negated", "generic", "policy", "background")

EXTENSIONS = (
    "ew_document",  # model.Document: metadata (published, outlet, id), set before the pipeline runs
    "ew_triggers",  # list[Trigger]
    "ew_actors",    # list[Annotation]
    "ew_dates",     # list[Annotation]
    "ew_counts",    # list[Annotation]
    "ew_places",    # list[Annotation]
    "ew_sources",   # list[Annotation]
    "ew_happenings",  # list[Happening]: the document stage's events, what assemble turns into Events
)


@dataclass
class CharSpan:
    start: int
    end: int
    text: str


@dataclass
class Trigger:
    """One event mention: the words that say something happened, and how the text says it."""

    start: int  # character offsets of the trigger word(s) in doc.text
    end: int
    text: str
    head: int  # index of the trigger's head token in the Doc
    sent_start: int  # token index of the sentence start (a sentence may hold several triggers)
    sent_end: int
    event_type: str
    sub_event_type: str
    modality: str = FACTUAL
    modality_cue: CharSpan | None = None  # the word that made it non-factual ("will", "not")
    support: list[int] = field(default_factory=list)  # other token indices folded into this mention
    score: float = 1.0

    @property
    def is_factual(self) -> bool:
        return self.modality == FACTUAL


@dataclass
class Annotation:
    """The SPEC fields one stage filled for one trigger, each with its evidence span."""

    values: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, CharSpan] = field(default_factory=dict)
    # the same deed at several places ("airstrikes in A and B districts"): one more event per element,
    # each overriding this annotation's fields (ACLED codes one event per place)
    splits: list[Annotation] = field(default_factory=list)
    # the counts are already per event (the text said how its deaths are split): a place split keeps them whole
    per_event: bool = False

    def set(self, name: str, value: Any, span: CharSpan | None = None) -> None:
        if name not in STAGE_FIELDS:
            raise KeyError(f"{name!r} is not an event field a stage may fill")
        self.values[name] = value
        if span is not None and value is not None:
            self.evidence[name] = span


@dataclass
class Happening:
    """One thing that happened, as the whole document tells it: the fields chosen from every mention of
    it (headline, lead, body, casualty sentences), their evidence, and every mention's trigger span."""

    values: dict[str, Any]
    evidence: dict[str, CharSpan]
    mentions: list[CharSpan]
    start: int  # the character offset of the mention that speaks for it: part of a stable event id
    main: bool = False  # the event the headline and lead are about (at most one per document)


def register_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def document_of(doc: Doc) -> Document:
    """The metadata the pipeline was given for this Doc (a bare Document when none was set)."""
    meta = doc._.ew_document
    return meta if meta is not None else Document(id="doc", text=doc.text)


_LINE_BREAK = re.compile(r"\n(?=[^\r\n])")


def paragraph_starts(text: str) -> list[int]:
    """Character offsets where paragraphs begin: a line break ends a paragraph (titles included)."""
    return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]


def is_headline(text: str) -> bool:
    """A short first paragraph with no full stop at its end is a title, not a sentence of the story."""
    text = text.strip()
    return bool(text) and len(text.split()) <= 20 and text[-1] not in '.!?"\u201d'


# a title may come with a standfirst or a kicker: at most this many short lines open a story
MAX_HEADLINE_LINES = 3


def headline_end(text: str) -> int:
    """Where the headline (the title and any standfirst under it: short lines with no full stop) ends,
    at the start of the story's first paragraph; 0 when the text opens with no headline."""
    starts = paragraph_starts(text) + [len(text)]
    end = 0
    for k in range(min(MAX_HEADLINE_LINES, len(starts) - 2)):
        if not is_headline(text[starts[k]:starts[k + 1]]):
            break
        end = starts[k + 1]
    return end


def first_body_sentence(doc: Doc, sent_starts: list[int]) -> int:
    """The index (into `sent_starts`, the token starts of the Doc's sentences) of the first sentence
    after the headline; 0 when the text has no headline."""
    end = headline_end(doc.text)
    if not end:
        return 0
    span = doc.char_span(end, end, alignment_mode="expand") if end < len(doc.text) else None
    token = span.start if span is not None else len(doc)
    return max(0, bisect_right(sent_starts, token) - 1)


def sentence_bounds(doc: Doc, trigger: Trigger) -> tuple[int, int]:
    """Character range of the trigger's sentence, without the paragraph break that may trail it."""
    start = doc[trigger.sent_start].idx if trigger.sent_start < len(doc) else 0
    k = max(trigger.sent_end - 1, trigger.sent_start)
    while k > trigger.sent_start and doc[k].is_space:
        k -= 1
    last = doc[k]
    return start, last.idx + len(last.text)


def span_of(doc: Doc, start_token: int, end_token: int) -> CharSpan:
    """Character span for tokens [start_token, end_token)."""
    span = doc[start_token:end_token]
    return CharSpan(span.start_char, span.end_char, span.text)


register_extensions()
