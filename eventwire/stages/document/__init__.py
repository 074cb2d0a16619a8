"""The document stage: the whole document in view.

The stages before it judge one trigger at a time. A news article tells one happening several times
(headline, lead, body, quotes, casualty sentences) and may recall old ones. This stage:
1. takes every factual mention with the fields the stages gave it (`mentions`);
2. drops what is no news: a deed the text dates more than 30 days before publication (or more than
   the background window, when that is wider), however it is told (a one-paragraph report whose
   every deed is old is taken as misdated and kept);
3. folds the mentions of one happening into one event (`fold`), its fields the best-supported
   values of all of them and its evidence every mention;
4. marks as `main` the happening its headline or lead tells (at most one per document); another
   happening an article tells in passing is kept only when the text gives its date (a one-paragraph
   report, such as an ACLED note, tells nothing in passing: every event it holds is its news), and a
   happening told only by references back ("the explosion") to a telling that was no event is none.
It writes `doc._.ew_happenings`, which `assemble` turns into Events.
"""

from __future__ import annotations

from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from ..base import Happening, document_of, paragraph_starts
from ..dates import BACKGROUND_DAYS
from .fold import Fold, fold_mentions, happening_values
from .lexicon import DATA_FILE, DocumentDataError, DocumentLexicon, load_document_lexicon
from .mentions import Mention, build_mentions

# An article's events are at most a month old (ACLED practice: the news of the last 30 days); a wider
# background window (`background_days`, for a monthly round-up) widens it, None keeps every dated deed
NEWS_DAYS = 30


def news_window(background_days: int | None) -> int | None:
    return None if background_days is None else max(NEWS_DAYS, background_days)


class DocumentStage:
    """The ew_document pipe. `background_days` is the date stage's setting: a deed dated more than
    `news_window(background_days)` days before publication is no news (None: any age is)."""

    def __init__(self, lexicon: DocumentLexicon, background_days: int | None = BACKGROUND_DAYS) -> None:
        if background_days is not None and background_days < 0:
            raise ValueError(f"ew_document: background_days must be >= 0 or None, not {background_days!r}")
        self.lexicon = lexicon
        self.news_days = news_window(background_days)

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.predict(doc))

    def predict(self, doc: Doc) -> list[Happening]:
        published = document_of(doc).published
        mentions = build_mentions(doc, self.lexicon)
        news = [m for m in mentions if not self._too_old(m, published)]
        article = len(paragraph_starts(doc.text.strip())) > 1
        # a one-paragraph report whose every deed is old is misdated rather than all background ("On 3
        # May 2019" in a 2020 note): the rule never empties it; an article may be all background
        mentions = news or ([] if article else mentions)
        folds = fold_mentions(mentions, self.lexicon)
        main = _main_fold(folds)
        happenings = []
        for fold in folds:
            values, evidence = happening_values(fold, self.lexicon)
            if article and fold is not main and not _dated(values, evidence, self.news_days is None):
                continue  # a happening an article tells in passing is news only with the date it gives
            if article and all(m.anaphoric for m in fold.mentions):
                continue  # "the explosion" whose telling was no event (an accident's): nothing to refer to
            happenings.append(Happening(values=values, evidence=evidence,
                                        mentions=[m.span for m in fold.mentions],
                                        start=fold.anchor.trigger.start, main=fold is main))
        return happenings

    def _too_old(self, m: Mention, published: date | None) -> bool:
        if published is None or self.news_days is None or not m.dated:
            return False
        end = m.values.get("date_end") or m.values.get("event_date")
        return bool(end) and date.fromisoformat(end) < published - timedelta(days=self.news_days)

    def set_annotations(self, doc: Doc, happenings: list[Happening]) -> Doc:
        doc._.ew_happenings = happenings
        return doc


def _dated(values: dict, evidence: dict, any_precision: bool = False) -> bool:
    """The text gives the day or the week ("last weekend"), not only a month or nothing (any date it
    gives, when the user keeps every dated deed)."""
    return "event_date" in evidence and (any_precision or (values.get("time_precision") or 9) <= 2)


def _main_fold(folds: list[Fold]) -> Fold | None:
    """The happening of the earliest headline or lead mention; none when the lead tells no event."""
    first = min(((m.order, f) for f in folds for m in f.mentions if m.headline or m.lead),
                key=lambda pair: pair[0], default=None)
    return first[1] if first else None


@Language.factory("ew_document", assigns=["doc._.ew_happenings"],
                  requires=["doc._.ew_triggers", "doc._.ew_dates", "doc._.ew_places", "doc._.ew_actors",
                            "doc._.ew_counts", "doc._.ew_sources"],
                  default_config={"background_days": BACKGROUND_DAYS})
def make_document(nlp: Language, name: str, background_days: int | None) -> DocumentStage:
    return DocumentStage(load_document_lexicon(DATA_FILE), background_days)


__all__ = ["DocumentDataError", "DocumentLexicon", "DocumentStage", "NEWS_DAYS", "load_document_lexicon", "news_window"]
